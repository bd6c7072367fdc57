#!/usr/bin/env python3
"""generate.py: synthetic casefile/1 case files with known, injected defects.

Each case is built from a random *plan* (agency, cause, party, officers,
timeline, procedure variants) and then zero or more *defects* are injected.
Every defect is tied to the checklist items it must make fail, and to
nothing else: the manifest written next to the cases lists, per case, the
injected defects and the exact set of item ids expected to fail, so a test
can score the archive and compare.

    generate.py --seed 7 -n 60 --out export.zip       # or a dir, .tar, .tar.gz
    generate.py --seed 7 -n 60 --simplified-share 0.3 --out mixed.tar.gz
    generate.py --items tests/rules                   # one case per checklist item
    generate.py --examples examples/cases             # clean-*.xml, defect-*.xml
    generate.py --kinds penalty,inspection,coercive,licensing --out mixed.zip
    generate.py --casefile 1.1 --seed 7 -n 60 --out export-1.1.zip

--casefile 1.1 writes casefile/1.1 (examples/casefile11.py adds what 1.1
carries); the default, casefile/1, is byte for byte what it always was.

Standard library only. The working-day calendar is read from
rules/data/cn-workdays.xml (the one the checklists use).
"""

import argparse
import datetime as dt
import io
import json
import os
import random
import re
import sys
import tarfile
import xml.etree.ElementTree as ET
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CALENDAR = os.path.join(HERE, '..', 'rules', 'data', 'cn-workdays.xml')
sys.path.insert(0, HERE)
import casefile11  # noqa: E402

# the casefile version written (--casefile)
CASEFILE = '1'

# --------------------------------------------------------------------
# Working days

HOLIDAYS = set()
WORKDAYS = set()


def load_calendar(path):
    ns = '{urn:casereview:calendar:1}'
    root = ET.parse(path).getroot()
    for el in root.iter(ns + 'holiday'):
        HOLIDAYS.add(dt.date.fromisoformat(el.get('date')))
    for el in root.iter(ns + 'workday'):
        WORKDAYS.add(dt.date.fromisoformat(el.get('date')))


def is_workday(d):
    if d in WORKDAYS:
        return True
    return d.weekday() < 5 and d not in HOLIDAYS


def add_wd(d, n):
    """The n-th working day after d (d itself when n == 0)."""
    while n > 0:
        d += dt.timedelta(days=1)
        if is_workday(d):
            n -= 1
    return d


def next_workday(d):
    while not is_workday(d):
        d += dt.timedelta(days=1)
    return d


def days(d, n):
    return d + dt.timedelta(days=n)


def cn_date(d):
    return '%d年%d月%d日' % (d.year, d.month, d.day)


# --------------------------------------------------------------------
# Identity numbers and amounts (shared/domain/formats.md)

CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30,
                  28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def org_value(c):
    return int(c) if c.isdigit() else ord(c) - ord('A') + 10


def credit_code(rng, region, prefix='91'):
    body = ''.join(rng.choice(CREDIT_CHARS[:10] if i < 2 else CREDIT_CHARS)
                   for i in range(8))
    body = 'MA' + body[2:] if rng.random() < 0.7 else body
    s = sum(org_value(c) * w for c, w in zip(body, ORG_WEIGHTS))
    c9 = 11 - s % 11
    body += 'X' if c9 == 10 else ('0' if c9 == 11 else str(c9))
    code = prefix + region + body
    s = sum(CREDIT_CHARS.index(c) * w for c, w in zip(code, CREDIT_WEIGHTS))
    return code + CREDIT_CHARS[(31 - s % 31) % 31]


def resident_id(rng, region, birth):
    body = region + birth.strftime('%Y%m%d') + '%03d' % rng.randint(1, 999)
    r = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11
    return body + '10X98765432'[r]


def corrupt_check(code):
    """The same number with a wrong (but well-formed) check character."""
    last = code[-1]
    alphabet = '0123456789' if code[:-1].isdigit() else CREDIT_CHARS
    repl = alphabet[(alphabet.index(last) + 1) % len(alphabet)] \
        if last in alphabet else '0'
    return code[:-1] + repl


CN_DIGITS = '零壹贰叁肆伍陆柒捌玖'


def _cn_section(n):
    out, zero = '', False
    for power, unit in ((1000, '仟'), (100, '佰'), (10, '拾'), (1, '')):
        d = n // power % 10
        if d == 0:
            zero = bool(out)
        else:
            if zero:
                out += '零'
                zero = False
            out += CN_DIGITS[d] + unit
    return out


def cn_amount(n):
    """Upper-case text of a whole number of yuan: 人民币柒万元整."""
    n = int(n)
    if n == 0:
        return '人民币零元整'
    out, pending = '', False
    for unit, sec in (('亿', n // 10 ** 8 % 10 ** 4),
                      ('万', n // 10 ** 4 % 10 ** 4), ('', n % 10 ** 4)):
        if sec == 0:
            pending = bool(out)
            continue
        if out and (pending or sec < 1000):
            out += '零'
        out += _cn_section(sec) + unit
        pending = False
    return '人民币' + out + '元整'


def figures(n):
    return '¥{:,.2f}'.format(n)


# --------------------------------------------------------------------
# Realistic content

AGENCIES = [
    dict(code='370402-SJJ', name='枣庄市市中区市场监督管理局', abbr='枣市中市监',
         region='370402', prov='LU', city='枣庄市市中区',
         gov='枣庄市市中区人民政府', court='枣庄市市中区人民法院',
         channel='国家企业信用信息公示系统',
         general=['FOOD-034', 'FOOD-125-2'], simplified=['PRICE-013']),
    dict(code='320106-SJJ', name='南京市鼓楼区市场监督管理局', abbr='宁鼓市监',
         region='320106', prov='SU', city='南京市鼓楼区',
         gov='南京市鼓楼区人民政府', court='南京市鼓楼区人民法院',
         channel='国家企业信用信息公示系统',
         general=['FOOD-034', 'FOOD-125-2'], simplified=['PRICE-013']),
    dict(code='330106-SJJ', name='杭州市西湖区市场监督管理局', abbr='杭西市监',
         region='330106', prov='ZHE', city='杭州市西湖区',
         gov='杭州市西湖区人民政府', court='杭州市西湖区人民法院',
         channel='国家企业信用信息公示系统',
         general=['FOOD-034', 'FOOD-125-2'], simplified=['PRICE-013']),
    dict(code='370402-XFJY', name='枣庄市市中区消防救援大队', abbr='枣市中消',
         region='370402', prov='LU', city='枣庄市市中区',
         gov='枣庄市市中区人民政府', court='枣庄市市中区人民法院',
         channel='枣庄市市中区人民政府门户网站',
         general=['FIRE-060-3'], simplified=['FIRE-060-2']),
    dict(code='320100-SHJ', name='南京市生态环境局', abbr='宁环',
         region='320100', prov='SU', city='南京市江宁区',
         gov='南京市人民政府', court='南京市玄武区人民法院',
         channel='南京市生态环境局门户网站',
         general=['AIR-099-2'], simplified=[]),
]

FSL = '《中华人民共和国食品安全法》'
CAUSES = {
    'FOOD-034': dict(
        title='经营超过保质期的食品', violated=(FSL, '第三十四条第十项'),
        basis=(FSL, '第一百二十四条第一款第五项'), benchmark='FOOD-034',
        goods=['纯牛奶', '全麦面包', '火腿肠', '酸奶', '苏打饼干', '速冻水饺'],
        act='经营超过保质期的{goods}{qty}件，货值金额{value}元',
        shop=['生鲜超市有限公司', '便利店有限公司', '食品商行', '百货超市有限公司'],
        levels=['lighter', 'general', 'general', 'heavier'],
        evidence=['licence', 'invoice', 'physical', 'photos', 'record',
                  'statement']),
    'FOOD-125-2': dict(
        title='经营标签不符合规定的预包装食品', violated=(FSL, '第六十七条第一款'),
        basis=(FSL, '第一百二十五条第一款第二项'), benchmark='FOOD-125-2',
        goods=['散装红枣', '蜂蜜', '挂面', '腊肠', '米粉'],
        act='经营未标注生产日期和生产者名称的预包装{goods}{qty}件，货值金额{value}元',
        shop=['食品有限公司', '超市有限公司', '副食品商行'],
        levels=['lighter', 'general', 'general', 'heavier'],
        evidence=['licence', 'invoice', 'physical', 'photos', 'record',
                  'statement']),
    'FIRE-060-3': dict(
        title='占用、堵塞、封闭疏散通道、安全出口',
        violated=('《中华人民共和国消防法》', '第二十八条'),
        basis=('《中华人民共和国消防法》', '第六十条第一款第三项'),
        benchmark='FIRE-060-3', goods=['杂物', '货架', '纸箱'],
        act='在经营场所安全出口堆放{goods}，封闭疏散通道{qty}处',
        shop=['酒店管理有限公司', 'KTV娱乐有限公司', '商贸有限公司', '餐饮管理有限公司'],
        levels=['lighter', 'general', 'general', 'heavier'],
        evidence=['licence', 'photos', 'record', 'statement']),
    'AIR-099-2': dict(
        title='超过大气污染物排放标准排放大气污染物',
        violated=('《中华人民共和国大气污染防治法》', '第十八条'),
        basis=('《中华人民共和国大气污染防治法》', '第九十九条第二项'),
        benchmark='AIR-099-2', goods=['颗粒物', '二氧化硫', '氮氧化物'],
        act='{goods}排放浓度超过排放标准{qty}倍', sampling=True,
        shop=['化工有限公司', '建材有限公司', '铸造有限公司'],
        levels=['lighter', 'lighter', 'general'],
        evidence=['licence', 'photos', 'record', 'statement', 'report']),
    # simplified procedure
    'PRICE-013': dict(
        title='经营者不按规定明码标价',
        violated=('《中华人民共和国价格法》', '第十三条第一款'),
        basis=('《价格违法行为行政处罚规定》', '第十三条第一项'),
        goods=['水果', '蔬菜', '日用品'], party='organization',
        act='销售的{goods}未按规定明码标价',
        shop=['果蔬店', '便利店有限公司', '日用品商店'],
        amounts=[0, 500, 1000, 2000, 3000]),
    'FIRE-060-2': dict(
        title='个人占用、堵塞疏散通道',
        violated=('《中华人民共和国消防法》', '第二十八条'),
        basis=('《中华人民共和国消防法》', '第六十条第二款'),
        goods=['电动自行车', '杂物'], party='individual',
        act='在住宅楼疏散通道停放{goods}，占用疏散通道',
        amounts=[0, 100, 200]),
}

LEVEL_LABEL = dict(exempt='不予处罚', mitigated='减轻', lighter='从轻',
                   general='一般', heavier='从重')
LEVEL_REASONS = dict(
    mitigated='当事人主动消除违法行为危害后果，符合《中华人民共和国行政处罚法》'
              '第三十二条第一项规定的减轻处罚情形',
    lighter='当事人系初次违法，违法行为持续时间短，且积极配合调查、主动改正',
    general='当事人的违法行为无从轻、减轻或者从重处罚情节',
    heavier='当事人一年内因同类违法行为再次被查处，且拒不改正')

SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘'
GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '强', '军', '洋', '勇', '艳', '杰', '涛',
         '明', '超', '秀英', '建华', '志强', '海燕', '晓东', '文博', '子涵', '思远',
         '国庆', '立新', '红梅', '宏伟', '雪梅', '俊杰']
ROADS = ['建设路', '光明路', '人民路', '解放路', '文化路', '中山路', '青年路', '胜利路']
SHOPNAMES = ['惠民', '万家', '鑫源', '百佳', '华联', '利群', '福瑞', '永辉', '金达', '恒信']


def person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def benchmarks_table():
    path = os.path.join(HERE, '..', 'rules', 'data', 'discretion-benchmarks.xml')
    table = {}
    for bm in ET.parse(path).getroot().iter('benchmark'):
        table[bm.get('code')] = {lv.get('id'): (int(lv.get('min')),
                                                int(lv.get('max')))
                                 for lv in bm.iter('level')}
    return table


BENCHMARKS = {}
# decisions from this day on must use a published benchmark (item L6's
# benchmark-from param; 国办发〔2022〕27号)
BENCHMARK_FROM = dt.date(2024, 1, 1)


def amount_in(rng, lo, hi):
    step = 1000 if hi - lo >= 5000 else 100
    choices = list(range((lo + step - 1) // step * step, hi + 1, step))
    return rng.choice(choices[1:-1] or choices)


# --------------------------------------------------------------------
# Plans

def make_plan(rng, procedure, seq, agency=None, cause=None):
    if agency is None:
        pool = [a for a in AGENCIES if a[procedure]]
        agency = rng.choice(pool)
    if cause is None:
        cause = rng.choice(agency[procedure])
    c = CAUSES[cause]
    start = dt.date(2023, 2, 1) + dt.timedelta(days=rng.randint(0, 760))
    p = dict(procedure=procedure, agency=agency, cause=cause, seq=seq,
             source=next_workday(start), rng_seed=rng.random())
    pkind = c.get('party') or ('individual' if rng.random() < 0.15
                               and procedure == 'general' else 'organization')
    p['party'] = make_party(rng, agency, c, pkind)
    names = []
    while len(names) < 4:
        n = person(rng)
        if n not in names:
            names.append(n)
    p['officers'] = [dict(id='o%d' % (i + 1), name=names[i],
                          certificate='%s%s%05d' % (agency['prov'],
                                                    agency['region'],
                                                    rng.randint(10000, 99999)),
                          expires=dt.date(rng.randint(2026, 2028),
                                          rng.choice([6, 12]),
                                          30 if rng.random() < .5 else 30))
                     for i in range(3)]
    p['reviewer'] = names[3]
    p['goods'] = rng.choice(c['goods'])
    p['qty'] = rng.randint(2, 60)
    p['value'] = rng.randint(3, 90) * 10
    if procedure == 'general':
        p['level'] = rng.choice(c['levels'])
        p['preservation'] = cause.startswith('FOOD') and rng.random() < 0.5
        p['sampling'] = bool(c.get('sampling'))
        p['hearing'] = rng.random() < 0.2
        p['statement'] = rng.random() < 0.5
        p['heavy'] = False
        p['extra_review'] = rng.random() < 0.3
    else:
        p['amount'] = rng.choice(c['amounts'])
    return p


def make_party(rng, agency, c, kind):
    addr = '%s%s%d号' % (agency['city'], rng.choice(ROADS), rng.randint(1, 399))
    if kind == 'organization':
        name = agency['city'][:3] + rng.choice(SHOPNAMES) + rng.choice(c['shop'])
        prefix = '92' if '商行' in name or '店' in name[-3:] else '91'
        return dict(kind='organization', name=name, address=addr,
                    id_type='credit-code',
                    id=credit_code(rng, agency['region'], prefix),
                    representative=person(rng))
    birth = dt.date(rng.randint(1960, 2000), rng.randint(1, 12),
                    rng.randint(1, 28))
    return dict(kind='individual', name=person(rng), address=addr,
                id_type='resident-id',
                id=resident_id(rng, agency['region'], birth))


def finalize_amount(p):
    if p['procedure'] != 'general' or 'amount' in p:
        return
    lo, hi = BENCHMARKS[CAUSES[p['cause']]['benchmark']][p['level']]
    p['amount'] = amount_in(random.Random(p['rng_seed']), lo, hi)


def needs_review(p):
    return (p['hearing'] or p['heavy'] or p['amount'] >= 50000)


def is_major(p):
    return p['heavy'] or p['amount'] >= 100000


def hearing_eligible(p):
    limit = 100000 if p['party']['kind'] == 'organization' else 10000
    return p['heavy'] or p['amount'] >= limit


# --------------------------------------------------------------------
# Building the XML

def sub(parent, tag, attrs=None, text=None):
    el = ET.SubElement(parent, tag, {k: str(v) for k, v in (attrs or {}).items()
                                     if v is not None})
    if text is not None:
        el.text = text
    return el


class Doc:
    """A document before file order is fixed: kind, date, attributes."""

    RANK = ['case-source', 'filing-approval', 'inspection-record',
            'preservation-notice', 'sampling-record', 'inquiry-record',
            'preservation-decision', 'investigation-report', 'legal-review-early',
            'penalty-notice', 'service-receipt-notice', 'statement-record',
            'hearing-request', 'hearing-notice', 'hearing-record',
            'legal-review', 'collective-discussion', 'decision',
            'service-receipt', 'record-filing', 'payment-receipt',
            'closing-approval']

    def __init__(self, kind, date, title, attrs=None, officers=(), text=None,
                 note=None, rank=None):
        self.kind, self.date, self.title = kind, date, title
        self.attrs = attrs or {}
        self.officers, self.text, self.note = list(officers), text, note
        self.rank = self.RANK.index(rank or kind)


def number(p, series, d, n):
    return '%s%s〔%d〕%d号' % (p['agency']['abbr'], series, d.year, n)


def general_timeline(p):
    t = {}
    s = p['source']
    t['source'] = s
    t['filing'] = add_wd(s, p.get('filing_delay', 1))
    t['inspection'] = add_wd(t['filing'], 1)
    t['inquiry'] = add_wd(t['inspection'], 2)
    t['pres_decision'] = add_wd(t['inspection'], p.get('pres_delay', 5))
    t['lab'] = add_wd(t['inspection'], 8)
    base = max(t['inquiry'], t['pres_decision'] if p['preservation'] else s,
               t['lab'] if p['sampling'] else s)
    t['report'] = add_wd(base, 3 + p.get('investigation_extra', 0))
    t['notice'] = add_wd(t['report'], 2)
    t['statement'] = add_wd(t['notice'], 2)
    last = t['notice']
    if p['hearing'] or p.get('hearing_request_only'):
        t['hrequest'] = add_wd(t['notice'], 3)
    if p['hearing']:
        t['hnotice'] = add_wd(t['hrequest'], 2)
        t['hearing'] = add_wd(t['hnotice'], p.get('hearing_notice_gap', 8))
        last = t['hearing']
    if 'decision_gap' in p:
        t['review'] = add_wd(t['notice'], p['decision_gap'] - 1)
        t['collective'] = t['review']
        t['decision'] = add_wd(t['notice'], p['decision_gap'])
    else:
        t['review'] = add_wd(max(last, t['statement']), 2)
        t['collective'] = add_wd(t['review'], 1)
        t['decision'] = max(add_wd(t['collective'], 1), add_wd(t['notice'], 7))
    if p.get('review_before_hearing'):
        t['review'] = add_wd(t['notice'], 1)
    t['service'] = add_wd(t['decision'], p.get('service_gap', 1))
    t['disclosure'] = add_wd(t['decision'], p.get('disclosure_gap', 4))
    t['payment'] = days(t['service'], p.get('payment_delay', 6))
    t['closing'] = add_wd(max(t['payment'], t['disclosure']), 3)
    t['archive'] = add_wd(t['closing'], 5)
    return t


def decision_text_parts(p, t, evidence_titles):
    c = CAUSES[p['cause']]
    a = p['agency']
    act = c['act'].format(goods=p['goods'], qty=p['qty'], value=p['value'])
    you = '当事人'
    parts = {}
    parts['facts'] = ('经查，%s于%s在其位于%s的经营场所%s。' %
                      (you, cn_date(t['inspection']), p['party']['address'], act))
    parts['evidence'] = '上述事实，有%s等证据证明。' % '、'.join(evidence_titles)
    parts['violation'] = '%s的上述行为违反了%s%s的规定。' % (
        you, c['violated'][0], c['violated'][1])
    if p.get('statement'):
        parts['statement'] = ('本机关于%s向当事人送达行政处罚告知书，当事人在法定期限内'
                              '提出陈述、申辩意见，经复核，当事人所提理由不能成立，'
                              '不予采纳。' % cn_date(t['notice']))
    parts['discretion'] = '鉴于%s，依据%s裁量基准，属于%s处罚情形。' % (
        p.get('reasons', LEVEL_REASONS[p['level']]), c['benchmark'],
        LEVEL_LABEL[p['level']])
    parts['basis'] = '依据%s%s的规定，本机关决定：' % c['basis']
    parts['correction'] = '一、责令当事人立即改正违法行为；'
    pen = '二、罚款%s（%s）' % (cn_amount(p['amount']), figures(p['amount']))
    if p['heavy']:
        pen += '；三、吊销当事人的许可证件'
    parts['penalty'] = pen + '。'
    parts['payment'] = ('当事人应当自收到本决定书之日起十五日内，将罚款缴至指定银行'
                        '或者通过电子支付系统缴纳。')
    parts['surcharge'] = ('到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处'
                          '罚款，并依法申请人民法院强制执行。')
    parts['remedy'] = ('当事人如不服本决定，可以在收到本决定书之日起六十日内向%s'
                       '申请行政复议，也可以在六个月内依法向%s提起行政诉讼。' %
                       (a['gov'], a['court']))
    return parts


EVIDENCE = {
    # key: (type, title, source, when, collectors)
    'licence': ('documentary', '营业执照复印件', '当事人提供', 'inspection'),
    'idcard': ('documentary', '当事人身份证复印件', '当事人提供', 'inspection'),
    'invoice': ('documentary', '进货凭证复印件', '当事人提供', 'inquiry'),
    'physical': ('physical', '涉案{goods}及其标签', '现场提取', 'inspection'),
    'photos': ('audiovisual', '现场检查照片', '执法人员现场拍摄', 'inspection'),
    'record': ('record', '现场检查笔录', '执法人员现场制作', 'inspection'),
    'statement': ('party-statement', '询问笔录', '执法人员询问制作', 'inquiry'),
    'report': ('expert-opinion', '检验（监测）报告', '有资质的检验检测机构出具', 'lab'),
}


def build_general(p):
    finalize_amount(p)
    if is_major(p) and not p.get('no_collective'):
        p.setdefault('collective', True)
    t = general_timeline(p)
    a, c, party = p['agency'], CAUSES[p['cause']], p['party']
    rng = random.Random(p['rng_seed'])
    nums = {k: rng.randint(3, 280) for k in ('立', '保', '保处', '告', '听', '罚')}
    off = [o['id'] for o in p['officers']]
    docs = []
    D = docs.append
    D(Doc('case-source', t['source'], '案件来源登记表',
          text='%s执法人员在日常监督检查中发现%s涉嫌%s。' %
          (cn_date(t['source']), party['name'], c['title'])))
    D(Doc('filing-approval', t['filing'], '立案审批表',
          {'number': number(p, '立', t['filing'], nums['立']),
           'approved-by': person(rng)},
          text='当事人涉嫌%s，符合立案条件，建议立案调查。' % c['title']))
    D(Doc('inspection-record', t['inspection'], '现场检查笔录',
          {'party-signed': 'true', 'certificates-shown': 'true',
           'recording': 'rec1'}, off[:2],
          text='%s9时30分至10时40分，执法人员%s、%s出示执法证件后，'
               '在%s进行现场检查，当事人%s在场。检查发现%s。' %
          (cn_date(t['inspection']), p['officers'][0]['name'],
           p['officers'][1]['name'], party['address'],
           party.get('representative', party['name']),
           c['act'].format(goods=p['goods'], qty=p['qty'], value=p['value']))))
    if p['preservation']:
        D(Doc('preservation-notice', t['inspection'], '证据先行登记保存通知书',
              {'number': number(p, '保', t['inspection'], nums['保'])}, off[:2],
              text='经本机关负责人批准，对涉案%s%d件先行登记保存。' %
              (p['goods'], p['qty'])))
        D(Doc('preservation-decision', t['pres_decision'], '先行登记保存处理决定书',
              {'number': number(p, '保处', t['pres_decision'], nums['保处'])},
              text='对先行登记保存的%s依法予以没收销毁。' % p['goods']))
    if p['sampling']:
        D(Doc('sampling-record', t['inspection'], '抽样取证凭证',
              {'party-signed': 'true'}, off[:2],
              text='执法人员现场抽取样品，委托有资质的检验检测机构检验。'))
    inquiry_off = [off[0], off[2]] if rng.random() < 0.5 else off[:2]
    D(Doc('inquiry-record', t['inquiry'], '询问笔录',
          {'party-signed': 'true', 'certificates-shown': 'true'}, inquiry_off,
          text='%s14时00分至15时10分，执法人员在本机关询问室对当事人进行询问，'
               '当事人如实陈述了违法事实。' % cn_date(t['inquiry'])))
    D(Doc('investigation-report', t['report'], '案件调查终结报告',
          text='本案事实清楚，证据确凿，建议按照%s裁量基准%s阶次给予行政处罚。' %
          (c['benchmark'], LEVEL_LABEL[p['level']])))
    review = Doc('legal-review', t['review'], '法制审核意见书',
                 {'reviewer': p['reviewer'], 'reviewer-qualified': 'true',
                  'opinion': 'agree'},
                 text='经审核，本案执法主体合法，事实清楚，证据确凿，适用法律正确，'
                      '程序合法，裁量适当，同意处罚意见。',
                 rank='legal-review-early' if p.get('review_before_hearing')
                 else None)
    if needs_review(p) or p['extra_review']:
        D(review)
    penalty_desc = '罚款%s' % cn_amount(p['amount']) + \
        ('并吊销许可证件' if p['heavy'] else '')
    informs_hearing = 'false' if p.get('no_hearing_right') else 'true'
    D(Doc('penalty-notice', t['notice'], '行政处罚告知书',
          {'number': number(p, '告', t['notice'], nums['告']),
           'informs-statement': 'true', 'informs-hearing': informs_hearing},
          text=p.get('notice_text') or
          ('经调查，你单位%s，违反了%s%s的规定。依据%s%s，本机关拟对你单位作出%s'
           '的行政处罚。根据《中华人民共和国行政处罚法》第四十四条、第四十五条、'
           '第六十三条、第六十四条的规定，你单位可在收到本告知书之日起五个工作日内'
           '提出陈述、申辩或者要求听证。' % (
               c['act'].format(goods=p['goods'], qty=p['qty'], value=p['value']),
               c['violated'][0], c['violated'][1], c['basis'][0], c['basis'][1],
               penalty_desc))))
    D(Doc('service-receipt', t['notice'], '送达回证',
          {'served': 'penalty-notice', 'method': 'direct',
           'recipient-signed': 'true'}, rank='service-receipt-notice'))
    if p['statement']:
        D(Doc('statement-record', t['statement'], '陈述申辩笔录',
              text='当事人提出其系初次违法，请求从轻处罚。'))
    if 'hrequest' in t:
        D(Doc('hearing-request', t['hrequest'], '听证申请书',
              text='当事人书面要求举行听证。'))
    if p['hearing']:
        D(Doc('hearing-notice', t['hnotice'], '听证通知书',
              {'number': number(p, '听', t['hnotice'], nums['听'])},
              text='定于%s在本机关听证室举行听证。' % cn_date(t['hearing'])))
        D(Doc('hearing-record', t['hearing'], '听证笔录',
              {'party-signed': 'true', 'recording': 'rec2'}, [off[1], off[2]],
              text='听证主持人宣布听证开始，调查人员提出当事人违法的事实、证据和'
                   '处罚建议，当事人进行了申辩和质证。'))
    if p.get('collective'):
        D(Doc('collective-discussion', t['collective'], '重大案件集体讨论记录',
              text='经机关负责人集体讨论，同意给予行政处罚。'))
    ev_titles = []
    ev_keys = list(c['evidence'])
    if party['kind'] == 'individual':
        ev_keys = ['idcard' if k == 'licence' else k for k in ev_keys]
    for k in ev_keys:
        ev_titles.append(EVIDENCE[k][1].format(goods=p['goods']))
    parts = decision_text_parts(p, t, ev_titles)
    for k in p.get('drop_parts', ()):
        parts.pop(k, None)
    D(Doc('decision', t['decision'], '行政处罚决定书',
          {'number': number(p, '罚', t['decision'], nums['罚'])},
          text=''.join(parts.values())))
    D(Doc('service-receipt', t['service'], '送达回证',
          {'served': 'decision', 'method': 'direct', 'recipient-signed': 'true'}))
    D(Doc('payment-receipt', t['payment'], '罚没款缴款凭证',
          text='当事人已缴纳罚款%s。' % cn_amount(p['amount'])))
    D(Doc('closing-approval', t['closing'], '结案审批表',
          {'approved-by': person(rng)}, text='处罚决定已执行完毕，建议结案。'))
    docs.sort(key=lambda d: (d.date, d.rank))

    root = ET.Element('case', {'format': 'casefile/1', 'id': case_id(p)})
    sub(root, 'agency', {'code': a['code'], 'name': a['name']})
    sub(root, 'procedure', text='general')
    sub(root, 'source', {'kind': 'inspection', 'date': t['source']})
    sub(root, 'cause', {'code': p['cause']}, c['title'])
    add_party(root, party)
    add_officers(root, p)
    write_docs(root, docs)
    ev = sub(root, 'evidence')
    for i, k in enumerate(ev_keys):
        typ, title, src, when = EVIDENCE[k]
        item = sub(ev, 'item', {'id': 'e%d' % (i + 1), 'type': typ,
                                'title': title.format(goods=p['goods']),
                                'source': src, 'collected': t[when],
                                'confirmed': 'true'})
        who = inquiry_off if when == 'inquiry' else off[:2]
        for o in who:
            sub(item, 'collector', {'ref': o})
    dec = sub(root, 'decision', {'date': t['decision']})
    sub(dec, 'penalty', {'kind': 'fine', 'amount': p['amount'],
                         'amount-text': cn_amount(p['amount'])})
    if p['heavy']:
        sub(dec, 'penalty', {'kind': 'revocation'})
    sub(dec, 'violated', {'law': c['violated'][0], 'article': c['violated'][1]})
    sub(dec, 'basis', {'law': c['basis'][0], 'article': c['basis'][1]})
    lo, hi = BENCHMARKS[c['benchmark']][p['level']]
    sub(dec, 'discretion', {'benchmark': c['benchmark'], 'level': p['level'],
                            'min': lo, 'max': hi},
        p.get('reasons', LEVEL_REASONS[p['level']]))
    sub(dec, 'remedy', {'review-days': 60, 'litigation-months': 6})
    sub(root, 'disclosure', {'date': t['disclosure'], 'channel': a['channel']})
    rec = sub(root, 'recordings')
    sub(rec, 'recording', {'id': 'rec1', 'kind': 'video',
                           'duration-seconds': 4200})
    if p['hearing']:
        sub(rec, 'recording', {'id': 'rec2', 'kind': 'video',
                               'duration-seconds': 5400})
    sub(root, 'archive', {'closed': t['archive'], 'pages': 40 + len(docs) * 3,
                          'index': 'true'})
    return root


def case_id(p):
    year = p['source'].year
    return '%s-%d-%06d' % (p['agency']['code'], year, p['seq'])


def add_party(root, party):
    attrs = {'kind': party['kind'], 'name': party['name'],
             'id-type': party['id_type'], 'id': party['id'],
             'address': party['address']}
    if party.get('representative'):
        attrs['representative'] = party['representative']
    sub(root, 'party', attrs)


def add_officers(root, p):
    offs = sub(root, 'officers')
    for o in p['officers']:
        sub(offs, 'officer', {'id': o['id'], 'name': o['name'],
                              'certificate': o['certificate'],
                              'certificate-expires': o['expires']})


def write_docs(root, docs):
    el = sub(root, 'documents')
    for d in docs:
        attrs = {'kind': d.kind, 'title': d.title, 'date': d.date}
        attrs.update(d.attrs)
        de = sub(el, 'document', attrs)
        for o in d.officers:
            sub(de, 'officer', {'ref': o})
        if d.text:
            sub(de, 'text', text=d.text)
        if d.note:
            sub(de, 'note', text=d.note)


def build_simplified(p):
    a, c, party = p['agency'], CAUSES[p['cause']], p['party']
    rng = random.Random(p['rng_seed'])
    s = p['source']
    off = [o['id'] for o in p['officers'][:2]]
    amount = p['amount']
    penalty = '罚款%s' % cn_amount(amount) if amount else '警告'
    act = c['act'].format(goods=p['goods'], qty=p['qty'], value=p['value'])
    text = p.get('decision_text') or (
        '%s10时20分，执法人员在%s检查时发现，当事人%s。上述事实有现场照片为证。'
        '执法人员当场告知当事人拟作出处罚的事实、理由和依据，并告知其享有陈述、'
        '申辩的权利，当事人未提出陈述、申辩。当事人的行为违反了%s%s的规定，依据'
        '%s%s，决定给予%s。%s如不服本决定，可以在六十日内向%s申请行政复议，或者在'
        '六个月内向%s提起行政诉讼。' % (
            cn_date(s), party['address'], act, c['violated'][0],
            c['violated'][1], c['basis'][0], c['basis'][1], penalty,
            '罚款应当自收到本决定书之日起十五日内缴至指定银行。' if amount else '',
            a['gov'], a['court']))
    docs = [Doc('decision', s, '当场行政处罚决定书',
                {'number': number(p, '当罚', s, rng.randint(3, 900)),
                 'party-signed': 'true', 'certificates-shown': 'true'}, off,
                text=text),
            Doc('service-receipt', days(s, p.get('service_delay', 0)),
                '送达回证', {'served': 'decision', 'method': 'direct',
                         'recipient-signed': 'true'}),
            Doc('record-filing', add_wd(s, p.get('record_delay', 2)),
                '当场处罚决定备案表', text='执法人员将当场处罚决定书报本机关备案。')]
    if amount:
        docs.append(Doc('payment-receipt', days(s, p.get('payment_delay', 3)),
                        '罚没款缴款凭证', text='当事人已缴纳罚款。'))
    docs.sort(key=lambda d: (d.date, d.rank))
    root = ET.Element('case', {'format': 'casefile/1', 'id': case_id(p)})
    sub(root, 'agency', {'code': a['code'], 'name': a['name']})
    sub(root, 'procedure', text='simplified')
    sub(root, 'source', {'kind': 'inspection', 'date': s})
    sub(root, 'cause', {'code': p['cause']}, c['title'])
    add_party(root, party)
    add_officers(root, p)
    write_docs(root, docs)
    ev = sub(root, 'evidence')
    item = sub(ev, 'item', {'id': 'e1', 'type': 'audiovisual',
                            'title': '现场照片', 'source': '执法人员现场拍摄',
                            'collected': s, 'confirmed': 'true'})
    for o in off:
        sub(item, 'collector', {'ref': o})
    dec = sub(root, 'decision', {'date': s})
    if amount:
        sub(dec, 'penalty', {'kind': 'fine', 'amount': amount,
                             'amount-text': cn_amount(amount)})
    else:
        sub(dec, 'penalty', {'kind': 'warning'})
    sub(dec, 'violated', {'law': c['violated'][0], 'article': c['violated'][1]})
    sub(dec, 'basis', {'law': c['basis'][0], 'article': c['basis'][1]})
    sub(dec, 'remedy', {'review-days': 60, 'litigation-months': 6})
    sub(root, 'archive', {'closed': add_wd(s, 10), 'pages': 6, 'index': 'true'})
    return root


# --------------------------------------------------------------------
# Defects: name -> checklist, expected failing items, how to inject.
#
# prepare(plan) runs before the case is built (timeline and variants),
# apply(root, plan) after (attribute edits); ok(plan) says whether the
# defect fits a plan. tags: defects sharing a tag are never combined.

def doc(root, kind, served=None):
    for d in root.find('documents'):
        if d.get('kind') == kind and (served is None or d.get('served') == served):
            return d
    raise LookupError(kind)


def docs_of(root, kind):
    return [d for d in root.find('documents') if d.get('kind') == kind]


def remove_doc(root, kind, served=None):
    root.find('documents').remove(doc(root, kind, served))


def item_of(root, typ):
    for it in root.find('evidence'):
        if it.get('type') == typ:
            return it
    raise LookupError(typ)


def add_officer(root, oid, cert, expires):
    sub(root.find('officers'), 'officer',
        {'id': oid, 'name': '赵临时', 'certificate': cert,
         'certificate-expires': expires})


def iso(s):
    return dt.date.fromisoformat(s)


class Defect:
    def __init__(self, name, checklist, items, desc, apply=None, prepare=None,
                 ok=None, tags=()):
        self.name, self.checklist, self.items = name, checklist, list(items)
        self.desc = desc
        self.apply_fn, self.prepare_fn, self.ok_fn = apply, prepare, ok
        self.tags = set(tags) | {name} | set(items)

    def ok(self, plan):
        return self.ok_fn(plan) if self.ok_fn else True


DEFECTS = []


def defect(name, checklist, items, desc, **kw):
    DEFECTS.append(Defect(name, checklist, items, desc, **kw))


def _set(path, attr, value):
    def f(root, p):
        root.find(path).set(attr, value)
    return f


def _doc_set(kind, attr, value, served=None):
    def f(root, p):
        d = doc(root, kind, served)
        if value is None:
            d.attrib.pop(attr, None)
        else:
            d.set(attr, value)
    return f


def _plan(**kv):
    def f(p):
        p.update(kv)
    return f


def _drop(part):
    def f(p):
        p.setdefault('drop_parts', []).append(part)
    return f


G = 'penalty-general'
S = 'penalty-simplified'

# ---- general: 执法主体与人员


def _uncertified(root, p):
    add_officer(root, 'o4', '', '')
    sub(doc(root, 'inquiry-record'), 'officer', {'ref': 'o4'})


def _single_officer(root, p):
    d = doc(root, 'inquiry-record')
    for o in d.findall('officer')[1:]:
        d.remove(o)


def _expired(root, p):
    d = doc(root, 'inspection-record')
    add_officer(root, 'o5', '%s%s00017' % (p['agency']['prov'],
                                          p['agency']['region']),
                (iso(d.get('date')) - dt.timedelta(days=30)).isoformat())
    sub(d, 'officer', {'ref': 'o5'})


def _no_qualified(root, p):
    for o in root.find('officers'):
        o.set('certificate-expires', (p['source'] - dt.timedelta(days=1))
              .isoformat())


def _reviewer_investigator(root, p):
    doc(root, 'legal-review').set('reviewer', p['officers'][0]['name'])


def _unknown_ref(root, p):
    sub(doc(root, 'inspection-record'), 'officer', {'ref': 'o9'})


defect('no-agency-name', G, ['S1'], '执法主体名称缺失', apply=_set('agency', 'name', ''))
defect('uncertified-officer', G, ['S2'], '无执法证件人员参与询问', apply=_uncertified,
       tags=['inquiry-officers'])
defect('single-officer', G, ['S3'], '询问笔录仅一名执法人员', apply=_single_officer,
       tags=['inquiry-officers'])
defect('expired-certificate', G, ['S4'], '执法证件过期人员参与现场检查', apply=_expired)
defect('certificates-not-shown', G, ['S5'], '询问时未出示执法证件',
       apply=_doc_set('inquiry-record', 'certificates-shown', 'false'))
defect('no-qualified-officers', G, ['S4', 'S6'], '全部执法证件在案发前已过期',
       apply=_no_qualified, tags=['officers'])
defect('reviewer-is-investigator', G, ['S7'], '法制审核人员参与了调查',
       apply=_reviewer_investigator, ok=lambda p: needs_review(p),
       tags=['review'])
defect('unknown-officer-ref', G, ['S8'], '笔录引用未登记的执法人员',
       apply=_unknown_ref)

# ---- general: 事实与证据


def _rename_licence(root, p):
    for it in root.find('evidence'):
        if it.get('type') == 'documentary' and ('执照' in it.get('title')
                                                or '身份证' in it.get('title')):
            it.set('title', '当事人经营场所平面图')


def _remove_type(typ):
    def f(root, p):
        ev = root.find('evidence')
        for it in [i for i in ev if i.get('type') == typ]:
            ev.remove(it)
    return f


def _first_item_attr(typ, attr, value):
    def f(root, p):
        it = item_of(root, typ)
        if value is None:
            it.attrib.pop(attr, None)
        else:
            it.set(attr, value)
    return f


def _single_collector(root, p):
    it = item_of(root, 'audiovisual')
    for c in it.findall('collector')[1:]:
        it.remove(c)


def _after_decision(root, p):
    d = iso(root.find('decision').get('date')) + dt.timedelta(days=5)
    item_of(root, 'audiovisual').set('collected', d.isoformat())


def _bad_type(root, p):
    it = sub(root.find('evidence'), 'item',
             {'id': 'e99', 'type': 'photo', 'title': '当事人提供的说明材料',
              'source': '当事人提供', 'collected': p['source'].isoformat(),
              'confirmed': 'true'})
    for o in ('o1', 'o2'):
        sub(it, 'collector', {'ref': o})


def _bad_id(root, p):
    party = root.find('party')
    party.set('id', corrupt_check(party.get('id')))


def _make_org(p):
    if p['party']['kind'] != 'organization':
        p['party'] = make_party(random.Random(p['rng_seed']), p['agency'],
                                CAUSES[p['cause']], 'organization')


def _sampling_no_report(root, p):
    _remove_type('expert-opinion')(root, p)


defect('party-no-address', G, ['E1'], '当事人地址缺失', apply=_set('party', 'address', ''),
       tags=['party'])
defect('bad-id-check-digit', G, ['E2'], '统一社会信用代码/身份证号码校验位错误',
       apply=_bad_id, tags=['party'])
def _company_resident_id(root, p):
    party = root.find('party')
    birth = dt.date(1980, 5, 17)
    party.set('id-type', 'resident-id')
    party.set('id', resident_id(random.Random(p['rng_seed']),
                                p['agency']['region'], birth))


defect('id-type-mismatch', G, ['E3'], '公司当事人以公民身份号码标识',
       prepare=_make_org, apply=_company_resident_id, tags=['party'],
       ok=lambda p: p['party']['kind'] == 'organization'
       and '公司' in p['party']['name'])
defect('no-identity-proof', G, ['E4'], '缺少主体资格证明', apply=_rename_licence)
defect('missing-evidence-type', G, ['E5'], '缺少现场笔录类证据',
       apply=_remove_type('record'))
defect('evidence-no-source', G, ['E6'], '证据未注明来源',
       apply=_first_item_attr('documentary', 'source', None))
defect('single-collector', G, ['E7'], '证据仅一名收集人', apply=_single_collector)
defect('evidence-unconfirmed', G, ['E8'], '证据未经当事人确认',
       apply=_first_item_attr('party-statement', 'confirmed', 'false'))
defect('evidence-after-decision', G, ['E9'], '处罚决定作出后补充收集证据',
       apply=_after_decision)
defect('bad-evidence-type', G, ['E10'], '证据种类不属于法定种类', apply=_bad_type)
defect('record-unsigned', G, ['E11'], '询问笔录无当事人签名',
       apply=_doc_set('inquiry-record', 'party-signed', 'false'))
defect('sampling-no-report', G, ['E12'], '抽样后无检验报告',
       prepare=_plan(sampling=True), apply=_sampling_no_report,
       ok=lambda p: 'report' not in CAUSES[p['cause']]['evidence'])

# ---- general: 法律适用与裁量


def _strip_brackets(root, p):
    b = root.find('decision/basis')
    b.set('law', b.get('law').strip('《》'))


def _remove(path):
    def f(root, p):
        el = root.find(path)
        parent = root.find(path.rsplit('/', 1)[0])
        parent.remove(el)
    return f


def _add_correction(root, p):
    dec = root.find('decision')
    pen = ET.Element('penalty', {'kind': 'order-correction'})
    dec.insert(1, pen)


def _band_mismatch(root, p):
    d = root.find('decision/discretion')
    d.set('min', str(int(d.get('min')) - 1000))


def _fine_out_of_band(p):
    lo, hi = BENCHMARKS[CAUSES[p['cause']]['benchmark']][p['level']]
    p['amount'] = lo - (1000 if lo >= 10000 else 500)


def _mitigate(p):
    p['level'] = 'mitigated'
    p['reasons'] = '综合考虑当事人的违法情节和社会危害程度'
    p.pop('amount', None)


def _minor(p):
    rng = random.Random(p['rng_seed'])
    birth = dt.date(p['source'].year - 16, rng.randint(1, 12), rng.randint(1, 28))
    p['party'] = dict(kind='individual', name=person(rng),
                      address=p['party']['address'], id_type='resident-id',
                      id=resident_id(rng, p['agency']['region'], birth))
    p['level'] = 'general'
    p.pop('amount', None)


defect('no-basis', G, ['L1'], '处罚决定无处罚依据', apply=_remove('decision/basis'),
       tags=['basis'])
defect('no-violated', G, ['L2'], '未载明违反的法律条款',
       apply=_remove('decision/violated'))
defect('law-without-brackets', G, ['L3'], '法律名称未加书名号', apply=_strip_brackets,
       tags=['basis'])
defect('article-imprecise', G, ['L4'], '处罚依据条款书写不规范',
       apply=_set('decision/basis', 'article', '第一百二十四条等'), tags=['basis'])
defect('correction-as-penalty', G, ['L5'], '将责令改正列为处罚种类',
       apply=_add_correction)
defect('unknown-benchmark', G, ['L6'], '引用不存在的裁量基准',
       apply=_set('decision/discretion', 'benchmark', 'X-000'),
       tags=['benchmark'], ok=lambda p: p['source'] >= BENCHMARK_FROM)
defect('band-mismatch', G, ['L7'], '裁量幅度与基准不一致', apply=_band_mismatch,
       tags=['benchmark'])
defect('fine-outside-band', G, ['L8'], '罚款低于裁量阶次下限', prepare=_fine_out_of_band,
       tags=['benchmark', 'amount'],
       ok=lambda p: not p['hearing'] and not p['heavy'])
defect('no-reasons', G, ['L9'], '未说明裁量理由', prepare=_plan(reasons=''),
       tags=['benchmark'])
defect('mitigation-without-ground', G, ['L10'], '减轻处罚无法定情形',
       prepare=_mitigate, tags=['benchmark', 'amount'],
       ok=lambda p: not p['hearing'] and not p['heavy'])
defect('minor-not-mitigated', G, ['L11'], '未成年人未依法从轻减轻',
       prepare=_minor, tags=['party', 'benchmark', 'amount'],
       ok=lambda p: not p['heavy'])
defect('no-correction-order', G, ['L12'], '未责令改正', prepare=_drop('correction'))

# ---- general: 程序


def _remove_notice(root, p):
    remove_doc(root, 'penalty-notice')
    remove_doc(root, 'service-receipt', 'penalty-notice')


def _hearing_request_only(p):
    p['hearing'] = False
    p['hearing_request_only'] = True


def _out_of_order(root, p):
    insp = iso(doc(root, 'inspection-record').get('date'))
    doc(root, 'inquiry-record').set('date', (insp - dt.timedelta(days=1))
                                    .isoformat())


defect('filing-not-approved', G, ['P1'], '立案审批表无负责人审批',
       apply=_doc_set('filing-approval', 'approved-by', None))
defect('late-filing', G, ['P2'], '发现线索后逾期立案', prepare=_plan(filing_delay=25),
       tags=['timeline'])
defect('preservation-late', G, ['P3'], '先行登记保存逾期处理',
       prepare=_plan(preservation=True, pres_delay=10),
       ok=lambda p: p['cause'].startswith('FOOD'))
defect('no-investigation-report', G, ['P4'], '缺少调查终结报告',
       apply=lambda r, p: remove_doc(r, 'investigation-report'))
defect('no-penalty-notice', G, ['P5'], '未告知即作出处罚决定', apply=_remove_notice,
       tags=['notice', 'hearing'])
defect('notice-no-statement-right', G, ['P6'], '告知书未告知陈述申辩权',
       apply=_doc_set('penalty-notice', 'informs-statement', 'false'),
       tags=['notice'])
defect('decision-before-statement-period', G, ['P7'], '陈述申辩期未满即作出决定',
       prepare=_plan(decision_gap=3), ok=lambda p: not p['hearing'],
       tags=['notice', 'hearing', 'timeline'])
defect('hearing-right-not-told', G, ['P8'], '拟吊销许可证件未告知听证权',
       prepare=_plan(heavy=True, no_hearing_right=True),
       tags=['notice', 'amount'])
defect('hearing-not-held', G, ['P9'], '当事人申请听证未组织听证',
       prepare=_hearing_request_only, ok=lambda p: not p['hearing'],
       tags=['hearing'])
defect('hearing-notice-late', G, ['P10'], '听证通知不足七个工作日',
       prepare=_plan(hearing=True, hearing_notice_gap=3), tags=['hearing'])
defect('no-legal-review', G, ['P11'], '应当法制审核而未审核',
       apply=lambda r, p: remove_doc(r, 'legal-review'),
       ok=lambda p: needs_review(p), tags=['review', 'amount'])
defect('reviewer-unqualified', G, ['P12'], '法制审核人员无法律职业资格',
       apply=_doc_set('legal-review', 'reviewer-qualified', 'false'),
       ok=lambda p: needs_review(p), tags=['review'])
defect('review-before-hearing', G, ['P13'], '听证前即完成法制审核',
       prepare=_plan(hearing=True, review_before_hearing=True),
       tags=['hearing', 'review'])
defect('no-collective-discussion', G, ['P14'], '重大案件未集体讨论',
       prepare=_plan(no_collective=True), ok=lambda p: is_major(p),
       tags=['amount'])
defect('decision-over-90-days', G, ['P15'], '超过九十日作出处罚决定',
       prepare=_plan(investigation_extra=70), tags=['timeline'])
defect('late-service', G, ['P16'], '处罚决定书逾期送达', prepare=_plan(service_gap=12),
       tags=['timeline'])
defect('receipt-unsigned', G, ['P17'], '送达回证无受送达人签收',
       apply=_doc_set('service-receipt', 'recipient-signed', 'false', 'decision'))
defect('late-payment', G, ['P18'], '逾期缴纳罚款未催告', prepare=_plan(payment_delay=40),
       tags=['timeline'])
defect('dates-out-of-order', G, ['P19'], '询问笔录日期早于现场检查（程序倒置）',
       apply=_out_of_order)
defect('no-recording', G, ['P20'], '现场检查未全程录像',
       apply=_doc_set('inspection-record', 'recording', None), tags=['recording'])
defect('recording-missing', G, ['P21'], '录像资料未归档',
       apply=_doc_set('inspection-record', 'recording', 'rec9'),
       tags=['recording'])
defect('late-disclosure', G, ['P22'], '处罚决定逾期公示', prepare=_plan(disclosure_gap=15),
       tags=['timeline'])


def _statement_unreviewed(p):
    p['statement'] = True
    _drop('statement')(p)


defect('statement-not-reviewed', G, ['P23'], '未对陈述申辩进行复核',
       prepare=_statement_unreviewed)

# ---- general: 文书与归档


def _decision_number(fn):
    def f(root, p):
        d = doc(root, 'decision')
        d.set('number', fn(d.get('number'), d))
    return f


def _same_year_pair(root):
    numbered = [d for d in root.find('documents') if d.get('number')]
    for i, a in enumerate(numbered):
        for b in numbered[i + 1:]:
            if a.get('date')[:4] == b.get('date')[:4]:
                return a, b
    return None


def _duplicate_number(root, p):
    a, b = _same_year_pair(root)
    b.set('number', a.get('number'))


def _shift_decision_doc(root, p):
    d = doc(root, 'decision')
    d.set('date', (iso(d.get('date')) + dt.timedelta(days=1)).isoformat())


defect('bad-number-format', G, ['D1'], '决定书文号缺少年份',
       apply=_decision_number(lambda n, d: re.sub(r'〔\d{4}〕', '', n)),
       tags=['number'])
defect('number-year-mismatch', G, ['D2'], '文号年份早于案件发生年份',
       apply=_decision_number(
           lambda n, d: n.replace('〔%s〕' % d.get('date')[:4],
                                  '〔%d〕' % (int(d.get('date')[:4]) - 1))),
       tags=['number'])
defect('duplicate-number', G, ['D3'], '文书编号重复', apply=_duplicate_number,
       tags=['number', 'notice'])
defect('decision-unnumbered', G, ['D4'], '处罚决定书未编号',
       apply=_doc_set('decision', 'number', None), tags=['number'])
defect('decision-no-evidence', G, ['D5'], '决定书未列明证据', prepare=_drop('evidence'))
defect('decision-no-payment-terms', G, ['D6'], '决定书未载明缴款方式和期限',
       prepare=_drop('payment'))
defect('decision-no-surcharge', G, ['D7'], '决定书未告知加处罚款', prepare=_drop('surcharge'))
def _remedy_text(old, new, attr, value):
    """The decision's own remedy text and the exported remedy agree."""
    def f(root, p):
        t = doc(root, 'decision').find('text')
        t.text = t.text.replace(old, new)
        root.find('decision/remedy').set(attr, value)
    return f


defect('wrong-remedy-period', G, ['D8'], '复议期限告知错误',
       apply=_remedy_text('六十日内', '十五日内', 'review-days', '15'))
defect('amount-text-mismatch', G, ['D9'], '罚款大小写金额不一致',
       apply=lambda r, p: r.find('decision/penalty').set(
           'amount-text', cn_amount(int(r.find('decision/penalty')
                                        .get('amount')) + 1000)),
       tags=['amount'])
defect('decision-doc-date-mismatch', G, ['D10'], '决定书落款日期与决定日期不一致',
       apply=_shift_decision_doc, tags=['number'])
defect('no-closing-approval', G, ['D11'], '缺少结案审批表',
       apply=lambda r, p: remove_doc(r, 'closing-approval'))
defect('archive-no-index', G, ['D12'], '案卷无卷内目录', apply=_set('archive', 'index', 'false'))
defect('notice-no-basis', G, ['D13'], '告知书未载明拟处罚内容和依据',
       prepare=_plan(notice_text='你单位的违法行为将被依法处理，特此告知。'),
       tags=['notice'])

# ---- simplified


def _s_expired(root, p):
    o = root.find('officers')[1]
    o.set('certificate-expires', (p['source'] - dt.timedelta(days=10)).isoformat())


def _s_single(root, p):
    d = doc(root, 'decision')
    d.remove(d.findall('officer')[1])


def _s_over_limit(p):
    p['amount'] = 5000 if p['party']['kind'] == 'organization' else 500


def _s_text(kind):
    def f(root, p):
        d = doc(root, 'decision')
        t = d.find('text')
        if kind == 'time':
            t.text = re.sub(r'\d{4}年\d{1,2}月\d{1,2}日\d+时\d+分，', '', t.text)
        else:
            t.text = t.text.replace('，并告知其享有陈述、申辩的权利，当事人未提出陈述、申辩',
                                    '')
    return f


defect('s-no-agency-name', S, ['S1'], '执法主体名称缺失', apply=_set('agency', 'name', ''))
defect('s-uncertified-officer', S, ['S2'], '执法人员未登记执法证件',
       apply=lambda r, p: r.find('officers')[1].set('certificate', ''),
       tags=['officers'])
defect('s-expired-certificate', S, ['S3'], '执法证件已过期', apply=_s_expired,
       tags=['officers'])
defect('s-single-officer', S, ['S4'], '仅一名执法人员当场处罚', apply=_s_single,
       tags=['officers'])
defect('s-certificates-not-shown', S, ['S5'], '未出示执法证件',
       apply=_doc_set('decision', 'certificates-shown', 'false'))
def _s_no_identity(root, p):
    party = root.find('party')
    party.set('address', '')
    party.set('id', '')


defect('s-party-no-address', S, ['E1'], '当事人地址和证件号码均缺失',
       apply=_s_no_identity)
defect('s-bad-id', S, ['E2'], '证件号码校验位错误', apply=_bad_id)
defect('s-no-time', S, ['E3'], '未写明违法行为时间', apply=_s_text('time'))
defect('s-no-evidence', S, ['E4'], '无现场证据',
       apply=lambda r, p: r.find('evidence').clear())
defect('s-over-limit', S, ['L1'], '罚款超过简易程序限额', prepare=_s_over_limit,
       tags=['amount'])
defect('s-no-basis', S, ['L2'], '无处罚依据', apply=_remove('decision/basis'),
       tags=['basis'])
defect('s-no-violated', S, ['L3'], '未载明违反条款', apply=_remove('decision/violated'))
defect('s-article-imprecise', S, ['L4'], '条款引用不规范',
       apply=_set('decision/basis', 'article', '第六十条等'), tags=['basis'])
defect('s-no-statement-right', S, ['P1'], '未告知陈述申辩权', apply=_s_text('statement'))
defect('s-not-on-spot', S, ['P2'], '决定书未当场交付', prepare=_plan(service_delay=2),
       ok=lambda p: not p['amount'])
def _s_unsigned(root, p):
    _doc_set('decision', 'party-signed', 'false')(root, p)
    _doc_set('service-receipt', 'recipient-signed', 'false', 'decision')(root,
                                                                       p)


defect('s-party-unsigned', S, ['P3'], '当事人未签收', apply=_s_unsigned)
defect('s-late-record-filing', S, ['P4'], '逾期备案', prepare=_plan(record_delay=10))
defect('s-late-payment', S, ['P5'], '逾期缴纳罚款', prepare=_plan(payment_delay=40),
       ok=lambda p: p['amount'] > 0)
defect('s-unnumbered', S, ['D1'], '决定书未编号',
       apply=_doc_set('decision', 'number', None))
defect('s-wrong-remedy', S, ['D2'], '救济期限告知错误',
       apply=_remedy_text('六个月', '三个月', 'litigation-months', '3'))
defect('s-amount-text-mismatch', S, ['D3'], '罚款大小写不一致',
       apply=lambda r, p: r.find('decision/penalty').set(
           'amount-text', cn_amount(p['amount'] + 100)),
       ok=lambda p: p['amount'] > 0, tags=['amount'])
defect('s-decision-doc-date', S, ['D4'], '决定书日期与决定日期不一致',
       apply=_shift_decision_doc)

DEFECT_BY_NAME = {d.name: d for d in DEFECTS}
# veto="true" items of the shipped checklists
VETO_ITEMS = {G: {'S1', 'S6', 'S7', 'L1', 'L10', 'P5', 'P7', 'P8', 'P9', 'P11',
                  'P14'},
              S: {'S1', 'S2', 'L1', 'L2'}}


def defect_for_item(checklist, item):
    for d in DEFECTS:
        if d.checklist == checklist and item in d.items and (
                len(d.items) == 1 or d.items[-1] == item):
            return d
    raise LookupError('%s %s' % (checklist, item))


# --------------------------------------------------------------------
# Cases


def checklist_of(procedure):
    return G if procedure == 'general' else S


def build_case(plan, defects):
    for d in defects:
        if d.prepare_fn:
            d.prepare_fn(plan)
    root = (build_general if plan['procedure'] == 'general'
            else build_simplified)(plan)
    for d in defects:
        if d.apply_fn:
            d.apply_fn(root, plan)
    if CASEFILE == '1.1':
        casefile11.upgrade(root, plan['agency'].get('gov'),
                           plan['agency'].get('court'))
    return root


def applicable(plan, d):
    """Whether defect D can be injected into PLAN (checked on a copy)."""
    if not d.ok(dict(plan, party=dict(plan['party']))):
        return False
    if d.name == 'duplicate-number':
        p = copy_plan(plan)
        return _same_year_pair(build_case(p, [])) is not None
    if d.name in ('decision-doc-date-mismatch', 'number-year-mismatch'):
        p = copy_plan(plan)
        dd = build_case(p, []).find('decision').get('date')
        # D2 accepts the year the case began: the year before must
        # predate the case
        return dd[5:] != '12-31' and (d.name != 'number-year-mismatch'
                                      or plan['source'].year == int(dd[:4]))
    return True


def copy_plan(plan):
    p = dict(plan)
    p['party'] = dict(plan['party'])
    p['officers'] = [dict(o) for o in plan['officers']]
    return p


def to_bytes(root, comment=None):
    ET.indent(root, '  ')
    body = ET.tostring(root, encoding='unicode')
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if comment:
        head += '<!--\n%s\n-->\n' % comment.replace('--', '- -')
    return (head + body + '\n').encode('utf-8')


def random_case(rng, seq, defect_rate, simplified_share):
    procedure = 'simplified' if rng.random() < simplified_share else 'general'
    plan = make_plan(rng, procedure, seq)
    finalize_amount(plan) if procedure == 'general' else None
    chosen = []
    if rng.random() < defect_rate:
        pool = [d for d in DEFECTS if d.checklist == checklist_of(procedure)]
        rng.shuffle(pool)
        want = rng.choice([1, 1, 2, 2, 3])
        tags = set()
        for d in pool:
            if len(chosen) == want:
                break
            if d.tags & tags:
                continue
            # Real archives: most files pass with a few deductions, few
            # fail (scoring-standards.md §1), so vetoes are injected rarely.
            if set(d.items) & VETO_ITEMS[d.checklist] and rng.random() < 0.75:
                continue
            trial = copy_plan(plan)
            for c in chosen:
                if c.prepare_fn:
                    c.prepare_fn(trial)
            finalize_amount(trial)
            if not applicable(trial, d):
                continue
            # d's preparation must not undo what a chosen defect needs
            # (e.g. a smaller fine that no longer calls for legal review)
            if d.prepare_fn:
                after = copy_plan(trial)
                d.prepare_fn(after)
                finalize_amount(after)
                if not all(applicable(after, c) for c in chosen):
                    continue
            chosen.append(d)
            tags |= d.tags
    root = build_case(copy_plan(plan), chosen)
    expected = sorted({i for d in chosen for i in d.items}, key=item_key)
    return plan, chosen, root, expected


def item_key(i):
    order = 'SELPD'
    return (order.index(i[0]) if i[0] in order else 9, int(i[1:]))


def write_archive(args):
    rng = random.Random(args.seed)
    entries, manifest = [], []
    for n in range(args.count):
        plan, chosen, root, expected = random_case(rng, n + 1, args.defect_rate,
                                                args.simplified_share)
        name = 'exports/%s/%s.xml' % (plan['agency']['code'], case_id(plan))
        comment = describe_defects(chosen)
        entries.append((name, to_bytes(root, comment)))
        manifest.append(dict(file=name, case=case_id(plan),
                             checklist=checklist_of(plan['procedure']),
                             defects=[d.name for d in chosen],
                             expected_failed=expected))
    doc_ = dict(format='casereview-generator-manifest/1', seed=args.seed,
                count=args.count, cases=manifest)
    mbytes = (json.dumps(doc_, ensure_ascii=False, indent=1) + '\n').encode()
    entries.append(('manifest.json', mbytes))
    write_entries(args.out, entries)
    if args.manifest:
        with open(args.manifest, 'wb') as f:
            f.write(mbytes)


def write_entries(out, entries):
    """(name, bytes) pairs to a .zip, .tar, .tar.gz or a folder."""
    if out.endswith('.zip'):
        with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=(2025, 1, 2, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
    elif out.endswith('.tar') or out.endswith('.tar.gz') or out.endswith('.tgz'):
        mode = 'w' if out.endswith('.tar') else 'w:gz'
        with tarfile.open(out, mode) as t:
            for name, data in entries:
                info = tarfile.TarInfo(name)
                info.size, info.mtime = len(data), 1735776000
                t.addfile(info, io.BytesIO(data))
    else:
        for name, data in entries:
            path = os.path.join(out, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'wb') as f:
                f.write(data)


def describe_defects(chosen):
    if not chosen:
        return 'Generated by examples/generate.py. Clean case: no expected deductions.'
    lines = ['Generated by examples/generate.py. Injected defects:']
    for d in chosen:
        lines.append('  %s (%s): expected failing %s' % (
            d.name, d.desc, ', '.join(d.items)))
    return '\n'.join(lines)


# Fixed plans for the clean examples and the per-item tests.

def clean_plan(procedure):
    rng = random.Random(20240318 if procedure == 'general' else 20240611)
    agency = AGENCIES[0]
    cause = 'FOOD-034' if procedure == 'general' else 'PRICE-013'
    p = make_plan(rng, procedure, 31 if procedure == 'general' else 57,
                  agency=agency, cause=cause)
    if procedure == 'general':
        p.update(source=dt.date(2024, 3, 18), level='general',
                 preservation=True, hearing=False, statement=True,
                 sampling=False, extra_review=False, goods='纯牛奶', qty=24,
                 value=288)
        p['party'] = dict(kind='organization', name='枣庄市市中区惠民生鲜超市有限公司',
                          address='枣庄市市中区光明路166号', id_type='credit-code',
                          id='91370402MA3C4K7N2P', representative='刘建华')
        p['officers'][0].update(name='张伟', certificate='LU37040212345')
        p['officers'][1].update(name='李娜', certificate='LU37040212388')
        p['officers'][2].update(name='王磊', certificate='LU37040212406')
        p['reviewer'] = '陈晓东'
        p['amount'] = 70000
    else:
        p.update(source=dt.date(2024, 6, 11), amount=1000)
        p['party'] = dict(kind='organization', name='枣庄市市中区万家果蔬店',
                          address='枣庄市市中区建设路58号', id_type='credit-code',
                          id='92370402MA3D2E8P90', representative='孙立新')
    return p


def write_items(outdir):
    """tests/rules/<checklist>/<ITEM>.xml: one failing case per item."""
    count = 0
    for d in DEFECTS:
        procedure = 'general' if d.checklist == G else 'simplified'
        for item in d.items:
            if defect_for_item(d.checklist, item) is not d:
                continue
            plan = clean_plan(procedure)
            if not d.ok(plan):
                fix_plan_for(plan, d)
            root = build_case(plan, [d])
            comment = ('Test case for %s item %s: derived from the clean %s case '
                       '(examples/cases/clean-%s.xml) by injecting defect "%s" '
                       '(%s). Expected: %s fails.' % (
                           d.checklist, item, procedure, procedure, d.name,
                           d.desc, item))
            path = os.path.join(outdir, d.checklist, item + '.xml')
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'wb') as f:
                f.write(to_bytes(root, comment))
            count += 1
    return count


def fix_plan_for(plan, d):
    """Adjusts the clean plan so that a conditional defect applies."""
    if d.name == 'no-collective-discussion':
        plan['heavy'] = True
    elif d.name == 's-not-on-spot':
        plan['amount'] = 0
    elif d.name == 'sampling-no-report':
        pass
    elif d.name == 'unknown-benchmark':
        plan['source'] = next_workday(max(plan['source'], BENCHMARK_FROM))
    if not d.ok(plan):
        raise SystemExit('defect %s does not fit the clean plan' % d.name)


EXAMPLES = [
    # (file stem, procedure, seed, agency index, cause, defects)
    ('defect-one-officer-expired-cert', 'general', 11, 0, 'FOOD-034',
     ['single-officer', 'expired-certificate']),
    ('defect-no-penalty-notice', 'general', 12, 1, 'FOOD-125-2',
     ['no-penalty-notice']),
    ('defect-hearing-not-held', 'general', 13, 4, 'AIR-099-2',
     ['hearing-not-held', 'late-disclosure']),
    ('defect-no-legal-review', 'general', 14, 4, 'AIR-099-2',
     ['no-legal-review', 'no-recording']),
    ('defect-fine-outside-band', 'general', 15, 2, 'FOOD-125-2',
     ['fine-outside-band', 'amount-text-mismatch']),
    ('defect-no-basis', 'general', 16, 3, 'FIRE-060-3',
     ['no-basis', 'decision-no-evidence']),
    ('defect-late-service-payment', 'general', 17, 0, 'FOOD-034',
     ['late-service', 'late-payment', 'receipt-unsigned']),
    ('defect-statement-period', 'general', 18, 1, 'FOOD-034',
     ['decision-before-statement-period', 'statement-not-reviewed']),
    ('defect-evidence-gaps', 'general', 19, 2, 'FOOD-034',
     ['missing-evidence-type', 'single-collector', 'evidence-unconfirmed']),
    ('defect-document-numbers', 'general', 20, 0, 'FOOD-125-2',
     ['bad-number-format', 'wrong-remedy-period', 'archive-no-index']),
    ('defect-benchmark-missing', 'general', 21, 3, 'FIRE-060-3',
     ['unknown-benchmark', 'decision-no-payment-terms']),
    ('defect-minor-party', 'general', 22, 1, 'FOOD-125-2',
     ['minor-not-mitigated', 'no-correction-order']),
    ('defect-reviewer-investigator', 'general', 23, 4, 'AIR-099-2',
     ['reviewer-is-investigator', 'dates-out-of-order']),
    ('defect-over-90-days', 'general', 24, 2, 'FOOD-034',
     ['decision-over-90-days', 'late-filing', 'no-investigation-report']),
    ('defect-no-qualified-officers', 'general', 25, 3, 'FIRE-060-3',
     ['no-qualified-officers', 'certificates-not-shown']),
    ('defect-simplified-over-limit', 'simplified', 26, 0, 'PRICE-013',
     ['s-over-limit', 's-party-unsigned']),
    ('defect-simplified-one-officer', 'simplified', 27, 3, 'FIRE-060-2',
     ['s-single-officer', 's-late-record-filing', 's-no-statement-right']),
]


def write_examples(outdir):
    os.makedirs(outdir, exist_ok=True)
    for procedure in ('general', 'simplified'):
        root = build_case(clean_plan(procedure), [])
        with open(os.path.join(outdir, 'clean-%s.xml' % procedure), 'wb') as f:
            f.write(to_bytes(root, 'Clean %s-procedure case: scores 100 against '
                             'rules/penalty-%s.xml (every item passed or not '
                             'applicable).' % (procedure, procedure)))
    for stem, procedure, seed, ai, cause, names in EXAMPLES:
        rng = random.Random(seed)
        plan = make_plan(rng, procedure, 100 + seed, agency=AGENCIES[ai],
                         cause=cause)
        plan['hearing'] = False if procedure == 'general' else None
        if procedure == 'general':
            plan['heavy'] = False
            finalize_amount(plan)
        chosen = [DEFECT_BY_NAME[n] for n in names]
        for d in chosen:
            if not d.ok(plan):
                fix_plan_for(plan, d)
        root = build_case(plan, chosen)
        expected = sorted({i for d in chosen for i in d.items}, key=item_key)
        comment = describe_defects(chosen) + '\nExpected failing items (%s): %s' % (
            checklist_of(procedure), ' '.join(expected))
        with open(os.path.join(outdir, stem + '.xml'), 'wb') as f:
            f.write(to_bytes(root, comment))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--seed', type=int, default=2024)
    ap.add_argument('-n', '--count', type=int, default=60)
    ap.add_argument('--defect-rate', type=float, default=0.6,
                    help='share of cases with injected defects')
    ap.add_argument('--simplified-share', type=float, default=0.0,
                    help='share of simplified-procedure cases (default 0: '
                    'an export scored with one checklist)')
    ap.add_argument('--out', help='directory, .zip, .tar or .tar.gz')
    ap.add_argument('--manifest', help='also write the manifest JSON here')
    ap.add_argument('--items', metavar='DIR',
                    help='write one failing case per checklist item to DIR')
    ap.add_argument('--examples', metavar='DIR',
                    help='write the clean and defect-* example cases to DIR')
    ap.add_argument('--calendar', default=DEFAULT_CALENDAR)
    ap.add_argument('--casefile', choices=('1', '1.1'), default='1',
                    help='the casefile version to write (default 1)')
    ap.add_argument('--kinds', default='penalty',
                    help='comma-separated case kinds: penalty (default), '
                    'inspection, coercive, licensing (casefile/1.1; '
                    'examples/gen_kinds.py)')
    args = ap.parse_args(argv)
    global CASEFILE
    CASEFILE = args.casefile
    load_calendar(args.calendar)
    BENCHMARKS.update(benchmarks_table())
    if not (args.out or args.items or args.examples):
        ap.error('give --out, --items or --examples')
    if args.kinds != 'penalty':
        # gen_kinds uses this module's helpers and calendar: one module
        sys.modules.setdefault('generate', sys.modules[__name__])
        import gen_kinds
        return gen_kinds.main(args)
    if args.items:
        write_items(args.items)
    if args.examples:
        write_examples(args.examples)
    if args.out:
        write_archive(args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
