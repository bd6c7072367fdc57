"""gen_inspection.py: 涉企行政检查 files (casefile/1.1, kind="inspection")
for generate.py --kinds, scored by rules/inspection-enterprise.xml.

A plan is one inspection of one enterprise from the published item list
(rules/data/inspection-items.xml): approved and registered, notified,
recorded on the item's form, its result told, published when drawn at
random (双随机), rated by the enterprise; a deficient result brings a
correction order and a re-inspection, a violation a penalty case.
"""

import datetime as dt
import os
import random
import xml.etree.ElementTree as ET

import generate as g
import gen_kinds as k

CHECKLIST = 'inspection-enterprise'
KIND = 'inspection'
AGENCIES = g.AGENCIES
ITEMS_FILE = os.path.join(g.HERE, '..', 'rules', 'data', 'inspection-items.xml')


def load_items():
    """Items in force throughout 2025–2026, by inspecting body."""
    out = {}
    for body in ET.parse(ITEMS_FILE).getroot().iter('body'):
        out[body.get('code')] = [dict(it.attrib) for it in body.iter('item')
                                 if not it.get('until')]
    return out


ITEMS = load_items()
SOURCES = ['random', 'random', 'plan', 'complaint', 'special']
RESULTS = ['compliant', 'deficient', 'deficient', 'violation']
RESULT_LABEL = dict(compliant='未发现问题', deficient='发现问题，责令改正',
                    violation='发现涉嫌违法行为，依法立案查处')
SHOPS = ['商贸有限公司', '餐饮管理有限公司', '食品有限公司', '超市有限公司', '实业有限公司']
POINTS = ['主体资格和许可证件', '管理制度建立和落实情况', '场所和设施设备情况',
          '进货查验和台账记录情况']
RANK = ['inspection-approval', 'inspection-notice', 'receipt-notice',
        'inspection-record', 'inspection-result-notice', 'receipt-result',
        'correction-order', 'inspection-evaluation', 're-inspection']


def make_plan(rng, seq, agency=None):
    agency = agency or rng.choice(AGENCIES)
    start = k.random_start(rng, dt.date(2025, 2, 10), 540)
    officers, head = k.make_officers(rng, agency)
    return dict(kind=KIND, agency=agency, seq=seq, source=start,
                source_kind=rng.choice(SOURCES),
                item=rng.choice(ITEMS[agency['code']]),
                result=rng.choice(RESULTS),
                party=g.make_party(rng, agency, dict(shop=SHOPS),
                                   'organization'),
                officers=officers, head=head, rng_seed=rng.random())


def clean_plan():
    rng = random.Random(20250310)
    agency = AGENCIES[0]
    p = make_plan(rng, 118, agency=agency)
    p.update(source=dt.date(2025, 3, 10), source_kind='random',
             item=ITEMS[agency['code']][0], result='deficient', head='冯子涵')
    k.set_clean_people(p, '枣庄市市中区惠民生鲜超市有限公司', '枣庄市市中区光明路166号')
    return p


def case_id(p):
    return '%s-JC-%d-%06d' % (p['agency']['code'], p['source'].year, p['seq'])


def fix_plan(p, d):
    """Adjusts a plan so that defect D applies to it."""
    if d.name in ('single-officer', 'conclusion-inconsistent',
                  'no-correction-order', 'no-re-inspection',
                  'documents-out-of-order', 'no-evidence'):
        p['result'] = 'deficient'
    elif d.name == 'follow-up-untraceable':
        p['result'] = 'violation'
    elif d.name == 'item-not-planned':
        p['agency'] = AGENCIES[0]
        p['item'] = ITEMS[AGENCIES[0]['code']][0]


def timeline(p):
    t = dict(approval=p['source'])
    t['insp'] = g.add_wd(t['approval'], 2)
    t['registered'] = p.get('registered') or t['approval']
    t['result'] = g.add_wd(t['insp'], p.get('result_gap', 2))
    t['deadline'] = g.days(t['result'], 14)
    t['reinsp'] = g.add_wd(t['deadline'], 1)
    t['evaluation'] = g.add_wd(t['result'], 1)
    t['followup'] = g.add_wd(t['insp'], 3)
    t['disclosure'] = g.add_wd(t['insp'], p.get('disclosure_gap', 8))
    return t


def build(p):
    t = timeline(p)
    a, party, item = p['agency'], p['party'], p['item']
    rng = random.Random(p['rng_seed'])
    nums = {s: rng.randint(3, 280) for s in ('检审', '检通', '检结', '责改')}
    year = t['approval'].year
    registration = '%sJC-%s-%d-%06d' % (a['prov'], a['region'], year,
                                        rng.randint(1, 999999))
    form = item['forms'].split()[0]
    off = [o['id'] for o in p['officers']]
    result = p['result']
    docs = k.Docs(RANK)
    approval_attrs = {'number': g.number(p, '检审', t['approval'], nums['检审']),
                      'approved-by': p['head'], 'item': item['code'],
                      'planned': t['insp'], 'target': party['name'],
                      'registration': registration,
                      'registered': t['registered']}
    if p['source_kind'] == 'special':
        approval_attrs['plan'] = '%s专项〔%d〕%d号' % (a['abbr'], year,
                                                 rng.randint(1, 20))
    docs.add('inspection-approval', t['approval'], '行政检查审批（备案）表',
             approval_attrs, off[:2],
             [('basis', {'law': item['law'], 'article': item['article']},
               None)],
             text='检查对象：%s；检查事项：%s；检查方式：现场检查，按%s检查表单逐项检查。'
                  % (party['name'], item['title'], form))
    docs.add('inspection-notice', t['insp'], '行政检查通知书',
             {'number': g.number(p, '检通', t['insp'], nums['检通']),
              'informs-recusal': 'true'},
             text='根据%s%s，本机关决定对你单位进行%s。检查人员%s、%s。你单位认为检查人员'
                  '与本案有直接利害关系的，有权申请回避。' % (
                      item['law'], item['article'], item['title'],
                      p['officers'][0]['name'], p['officers'][1]['name']))
    docs.receipt(t['insp'], 'inspection-notice', 'receipt-notice')
    points = []
    for i, label in enumerate(POINTS):
        bad = result != 'compliant' and i == len(POINTS) - 1
        points.append(('point', {'code': '%s-%02d' % (form, i + 1),
                                 'result': 'non-compliant' if bad
                                 else 'compliant'}, label))
    docs.add('inspection-record', t['insp'], '行政检查记录（检查表单）',
             {'start-time': '09:30', 'end-time': '10:40', 'place': party['address'],
              'item': item['code'], 'plan': registration, 'form': form,
              'check-code': 'JC%s%s%03d' % (a['region'], t['insp'].strftime(
                  '%Y%m%d'), p['seq'] % 1000),
              'result': result, 'party-signed': 'true',
              'certificates-shown': 'true', 'recording': 'rec1'},
             off[:2], points,
             text='%s9时30分至10时40分，检查人员%s、%s出示执法证件后，在%s按%s检查表单'
                  '逐项检查，%s。' % (g.cn_date(t['insp']), p['officers'][0]['name'],
                                  p['officers'][1]['name'], party['address'],
                                  form, RESULT_LABEL[result]))
    docs.add('inspection-result-notice', t['result'], '行政检查结果告知书',
             {'number': g.number(p, '检结', t['result'], nums['检结']),
              'result': result},
             text='本机关于%s对你单位进行了%s，检查结果：%s。' % (
                 g.cn_date(t['insp']), item['title'], RESULT_LABEL[result]))
    docs.receipt(t['result'], 'inspection-result-notice', 'receipt-result')
    if result == 'deficient':
        docs.add('correction-order', t['result'], '责令改正通知书',
                 {'number': g.number(p, '责改', t['result'], nums['责改']),
                  'deadline': t['deadline']},
                 text='你单位%s不符合要求，责令于%s前改正。' % (
                     POINTS[-1], g.cn_date(t['deadline'])))
        docs.add('inspection-record', t['reinsp'], '行政检查记录（复查）',
                 {'type': 're-inspection', 'start-time': '14:00',
                  'end-time': '14:40',
                  'place': party['address'], 'item': item['code'],
                  'plan': registration, 'form': form,
                  'check-code': 'JC%s%s%03d' % (a['region'], t['reinsp'].strftime(
                      '%Y%m%d'), p['seq'] % 1000),
                  'result': 'compliant', 'party-signed': 'true',
                  'certificates-shown': 'true', 'recording': 'rec2'},
                 off[:2],
                 [('point', {'code': '%s-%02d' % (form, len(POINTS)),
                             'result': 'compliant'}, POINTS[-1])],
                 text='复查：当事人已按责令改正通知书的要求改正。',
                 rank='re-inspection')
    docs.add('inspection-evaluation', t['evaluation'], '涉企行政检查企业评价表',
             {'rating': 'satisfied', 'channel': '行政执法监督平台'},
             text='企业对本次检查的规范性、检查人员作风评价为满意。')

    root = k.new_root(KIND, case_id(p))
    k.add_agency(root, p, p['source_kind'])
    g.add_party(root, party)
    g.add_officers(root, p)
    k.write_docs(root, docs)
    entries = [('record', '行政检查记录', '执法人员现场制作', t['insp'], off[:2])]
    if result != 'compliant':
        entries.insert(0, ('audiovisual', '现场检查照片', '执法人员现场拍摄',
                           t['insp'], off[:2]))
    k.add_evidence(root, entries)
    if result == 'deficient':
        g.sub(root, 'follow-up', {'kind': 'correction', 'date': t['result']})
    elif result == 'violation':
        g.sub(root, 'follow-up', {'kind': 'penalty', 'date': t['followup'],
                                  'case': '%s-%d-%06d' % (a['code'], year,
                                                          500 + p['seq'])})
    else:
        g.sub(root, 'follow-up', {'kind': 'none', 'date': t['result']})
    if p['source_kind'] == 'random':
        g.sub(root, 'disclosure', {'date': t['disclosure'],
                                   'channel': a['channel']})
    recs = [('rec1', 4200)] + ([('rec2', 2400)] if result == 'deficient'
                               else [])
    k.add_tail(root, recs, g.add_wd(k.last_date(root), 5),
               12 + 2 * len(docs))
    return root


# --------------------------------------------------------------------
# Defects: each tied to the items it must make fail, and nothing else.

DEFECTS, defect = k.defect_list(CHECKLIST)


def initial(root):
    return [d for d in root.find('documents')
            if d.get('kind') == 'inspection-record'
            and d.get('type') != 're-inspection'][0]


def _initial_set(attr, value):
    def f(root, p):
        k.set_attr(initial(root), attr, value)
    return f


def _unlisted_body(root, p):
    root.find('agency').set('code', p['agency']['region'] + '-ZJJ')


def _single_officer(root, p):
    k.drop_second_officer(initial(root))


def _expired_officer(root, p):
    k.add_expired_officer(root, p, initial(root))
    g.sub(g.doc(root, 'inspection-approval'), 'officer', {'ref': 'o5'})


def _no_qualified(root, p):
    for o in root.find('officers'):
        o.set('certificate-expires', (p['source'] - dt.timedelta(days=1))
              .isoformat())


def _unassigned_officer(root, p):
    g.sub(initial(root), 'officer', {'ref': 'o3'})


def _unknown_ref(root, p):
    g.sub(g.doc(root, 'inspection-result-notice'), 'officer', {'ref': 'o9'})


def _unlisted_item(root, p):
    code = p['item']['code'][:-3] + '099'
    g.doc(root, 'inspection-approval').set('item', code)
    for d in g.docs_of(root, 'inspection-record'):
        d.set('item', code)


def _other_item(root, p):
    other = [i for i in ITEMS[p['agency']['code']]
             if i['code'] != p['item']['code']][0]
    d = initial(root)
    d.set('item', other['code'])
    d.set('form', other['forms'].split()[0])


def _registered_late(root, p):
    a = g.doc(root, 'inspection-approval')
    a.set('registered', k.shift(initial(root).get('date'), 3))


def _law_mismatch(root, p):
    g.doc(root, 'inspection-approval').find('basis').set(
        'law', '《中华人民共和国安全生产法》')


def _bad_point(root, p):
    initial(root).find('point').set('result', 'unknown')


def _conclusion_mismatch(root, p):
    for pt in initial(root).findall('point'):
        pt.set('result', 'compliant')


def _no_evidence(root, p):
    ev = root.find('evidence')
    for it in [i for i in ev if i.get('type') != 'party-statement']:
        ev.remove(it)


def _single_collector(root, p):
    it = root.find('evidence')[0]
    for c in it.findall('collector')[1:]:
        it.remove(c)


def _correction_before_result(root, p):
    d = g.doc(root, 'correction-order')
    d.set('date', k.shift(g.doc(root, 'inspection-result-notice').get('date'),
                          -1))


def _follow_up_no_case(root, p):
    root.find('follow-up').attrib.pop('case')


def _no_re_inspection(root, p):
    docs = root.find('documents')
    for d in g.docs_of(root, 'inspection-record'):
        if d.get('type') == 're-inspection':
            docs.remove(d)


def _dissatisfied(root, p):
    g.doc(root, 'inspection-evaluation').set('rating', 'dissatisfied')


def _duplicate_number(root, p):
    g.doc(root, 'inspection-result-notice').set(
        'number', g.doc(root, 'inspection-notice').get('number'))


def has_re_inspection(p):
    return p['result'] == 'deficient'


def several_items(p):
    return len(ITEMS[p['agency']['code']]) > 1


# 检查主体与人员
defect('no-agency-name', ['S1'], '检查主体名称缺失',
       apply=lambda r, p: r.find('agency').set('name', ''), tags=['agency'])
defect('unlisted-body', ['P1', 'S2'], '检查主体不在检查主体清单内',
       apply=_unlisted_body, tags=['agency', 'item'])
defect('single-officer', ['S3'], '检查记录仅一名检查人员', apply=_single_officer,
       ok=has_re_inspection, tags=['officers'])
defect('expired-certificate', ['S4'], '检查人员执法证件已过期',
       apply=_expired_officer, tags=['officers'])
defect('certificates-not-shown', ['S5'], '检查时未出示执法证件',
       apply=_initial_set('certificates-shown', 'false'))
defect('no-qualified-officers', ['S4', 'S6'], '全部检查人员执法证件已过期',
       apply=_no_qualified, tags=['officers'])
defect('unassigned-officer', ['S7'], '未备案人员参与检查',
       apply=_unassigned_officer, tags=['officers'])
defect('unknown-officer-ref', ['S8'], '文书引用未登记的执法人员',
       apply=_unknown_ref)
# 检查事项与事前备案
defect('unlisted-item', ['P1'], '检查事项不在公布的清单内', apply=_unlisted_item,
       tags=['item'])
defect('approval-unsigned', ['P2'], '审批表无负责人批准',
       apply=k.doc_set('inspection-approval', 'approved-by', None),
       tags=['approval'])
defect('registered-late', ['P3'], '检查后才备案', apply=_registered_late,
       tags=['approval'])
defect('record-no-plan', ['P4'], '检查记录未载明备案号',
       apply=_initial_set('plan', None))
defect('approval-no-date', ['P5'], '备案未载明计划检查时间',
       apply=k.doc_set('inspection-approval', 'planned', None),
       tags=['approval'])
defect('item-not-planned', ['P6'], '检查事项与备案事项不一致', apply=_other_item,
       ok=several_items, tags=['item'])
defect('basis-not-listed', ['P7'], '检查依据与清单不一致', apply=_law_mismatch,
       tags=['approval', 'item'])
defect('non-standard-form', ['P8'], '未使用清单公布的检查表单',
       apply=_initial_set('form', 'ZDY-01'), tags=['item'])
defect('no-check-code', ['P9'], '未扫码入企登记',
       apply=_initial_set('check-code', None))
defect('special-without-plan', ['P10'], '专项检查未列入批准的专项计划',
       prepare=k.plan_set(source_kind='special'),
       apply=k.doc_set('inspection-approval', 'plan', None),
       tags=['approval', 'source'])
# 检查实施与记录
defect('notice-not-served', ['C1'], '检查通知书未送达',
       apply=k.remove_doc('service-receipt', 'inspection-notice'),
       tags=['notice'])
defect('no-recusal-right', ['C2'], '通知书未告知申请回避权利',
       apply=k.doc_set('inspection-notice', 'informs-recusal', 'false'),
       tags=['notice'])
defect('bad-form-line', ['C3'], '检查表单逐项结果填写不规范', apply=_bad_point,
       tags=['points'])
defect('conclusion-inconsistent', ['C4'], '检查结论与逐项结果不一致',
       apply=_conclusion_mismatch, ok=lambda p: p['result'] != 'compliant',
       tags=['points'])
defect('record-unsigned', ['C5'], '检查记录无企业签名',
       apply=_initial_set('party-signed', 'false'))
defect('record-no-place', ['C6'], '检查记录未载明检查地点',
       apply=_initial_set('place', None))
defect('no-recording', ['C7'], '现场检查未录像',
       apply=_initial_set('recording', None), tags=['recording'])
defect('recording-missing', ['C8'], '录像资料未归档',
       apply=_initial_set('recording', 'rec9'), tags=['recording'])
defect('no-evidence', ['C9'], '发现问题无证据', apply=_no_evidence,
       ok=lambda p: p['result'] != 'compliant', tags=['evidence'])
defect('single-collector', ['C10'], '证据仅一名收集人', apply=_single_collector,
       tags=['evidence'])
defect('documents-out-of-order', ['C11'], '责令改正通知书日期早于结果告知书',
       apply=_correction_before_result, ok=has_re_inspection,
       tags=['result'])
# 结果处理与公示
defect('late-result-notice', ['R1'], '检查结果逾期告知',
       prepare=k.plan_set(result_gap=15), tags=['result', 'timeline'])
defect('result-notice-mismatch', ['R2'], '告知结果与检查结论不一致',
       apply=lambda r, p: g.doc(r, 'inspection-result-notice').set(
           'result', 'compliant' if p['result'] != 'compliant'
           else 'deficient'), tags=['result'])
defect('no-correction-order', ['R3'], '发现问题未责令改正',
       apply=k.remove_doc('correction-order'), ok=has_re_inspection,
       tags=['result'])
defect('follow-up-untraceable', ['R4'], '后续立案查处未载明案件编号',
       apply=_follow_up_no_case, ok=lambda p: p['result'] == 'violation',
       tags=['result'])
defect('no-re-inspection', ['R5'], '责令改正后未复查', apply=_no_re_inspection,
       ok=has_re_inspection, tags=['result', 'officers'])
defect('late-disclosure', ['R6'], '抽查结果逾期公示',
       prepare=k.plan_set(source_kind='random', disclosure_gap=30),
       tags=['source', 'timeline'])
defect('no-evaluation', ['R7'], '无企业事后评价',
       apply=k.remove_doc('inspection-evaluation'), tags=['evaluation'])
defect('dissatisfied-unanswered', ['R8'], '企业不满意评价未回应',
       apply=_dissatisfied, tags=['evaluation'])
# 文书与归档
defect('notice-unnumbered', ['D1'], '检查通知书未编号',
       apply=k.doc_set('inspection-notice', 'number', None),
       tags=['number'])
defect('duplicate-number', ['D2'], '文书编号重复', apply=_duplicate_number,
       tags=['number'])
defect('receipt-unsigned', ['D3'], '送达回证无签收',
       apply=k.doc_set('service-receipt', 'recipient-signed', 'false',
                       'inspection-result-notice'), tags=['receipt'])
defect('archive-no-index', ['D4'], '案卷无卷内目录',
       apply=lambda r, p: r.find('archive').set('index', 'false'))

VETO_ITEMS = {'S1', 'S2', 'S6'}

EXAMPLES = [
    # (file stem, seed, agency index, defects)
    ('defect-inspection-unlisted-item', 31, 0,
     ['unlisted-item', 'no-check-code']),
    ('defect-inspection-not-registered', 32, 1,
     ['registered-late', 'notice-not-served', 'no-evaluation']),
    ('defect-inspection-one-officer', 33, 2,
     ['single-officer', 'record-unsigned', 'late-result-notice']),
    ('defect-inspection-no-qualified-officers', 34, 3,
     ['no-qualified-officers', 'late-disclosure']),
]
