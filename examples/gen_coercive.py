"""gen_coercive.py: 查封/扣押 files (casefile/1.1, kind="coercive") for
generate.py --kinds, scored by rules/coercive-seizure.xml.

A plan is one measure: approved, carried out by two officers with an
on-site record, decision and list handed over on the spot, a notified
testing period and an approved extension when the plan has them, then
released with the things returned, or confiscated by a penalty decision —
which the agency may then have to enforce: 催告, then an application to
the court after the litigation period (《行政强制法》第五十三条、第五十四条).
"""

import datetime as dt
import random

import generate as g
import gen_kinds as k

CHECKLIST = 'coercive-seizure'
KIND = 'coercive'
AGENCIES = g.AGENCIES

# per agency code: cause, measure, basis, things, testing
MATTERS = {
    'SJJ': dict(code='FOOD-SAFETY', cause='涉嫌经营不符合食品安全标准的食品',
                measure='seizure', title='扣押',
                law='《中华人民共和国食品安全法》', article='第一百一十条第四项',
                things=[('纯牛奶', '件'), ('酸奶', '箱'), ('速冻水饺', '袋'),
                        ('火腿肠', '箱')], testing='检验', confiscable=True),
    'XFJY': dict(code='FIRE-054', cause='涉嫌存在严重威胁公共安全的火灾隐患',
                 measure='sealing', title='临时查封',
                 law='《中华人民共和国消防法》', article='第五十四条',
                 things=[('三楼歌舞娱乐场所包厢区', '处'), ('地下一层仓库', '处')],
                 testing=None, confiscable=False),
    'SHJ': dict(code='AIR-025', cause='涉嫌通过不正常运行防治污染设施等逃避监管的方式排放大气污染物',
                measure='sealing', title='查封',
                law='《中华人民共和国环境保护法》', article='第二十五条',
                things=[('脱硫设施', '套'), ('生产线引风机', '台')], testing='监测',
                confiscable=False),
}
SHOPS = ['商贸有限公司', '食品有限公司', '化工有限公司', '酒店管理有限公司']
RANK = ['coercion-approval', 'coercion-record', 'seizure-decision',
        'seizure-list', 'receipt-decision', 'testing-period-notice',
        'receipt-testing', 'seizure-extension', 'receipt-extension',
        'seizure-release', 'receipt-release', 'return-receipt',
        'demand-notice', 'receipt-demand', 'enforcement-application']


def matter(agency):
    return k.by_agency(MATTERS, agency)


def make_plan(rng, seq, agency=None):
    agency = agency or rng.choice(AGENCIES)
    m = matter(agency)
    start = k.random_start(rng, dt.date(2024, 2, 1), 600)
    officers, head = k.make_officers(rng, agency)
    things = rng.sample(m['things'], rng.randint(1, len(m['things'])))
    return dict(kind=KIND, agency=agency, seq=seq, source=start,
                party=g.make_party(rng, agency, dict(shop=SHOPS),
                                   'organization'),
                officers=officers, head=head, rng_seed=rng.random(),
                things=[(n, u, rng.randint(1, 60) if u not in ('处', '套', '台')
                         else 1) for n, u in things],
                testing=bool(m['testing']) and rng.random() < 0.6,
                extension=rng.random() < 0.4,
                handling='confiscation' if m['confiscable']
                and rng.random() < 0.4 else 'release',
                execution=rng.random() < 0.2)


def clean_plan():
    p = make_plan(random.Random(20240508), 15, agency=AGENCIES[0])
    p.update(source=dt.date(2024, 5, 8), things=[('纯牛奶', '件', 24)],
             testing=True, extension=True, handling='release', head='冯子涵')
    k.set_clean_people(p, '枣庄市市中区惠民生鲜超市有限公司', '枣庄市市中区光明路166号')
    return p


def case_id(p):
    return '%s-QZ-%d-%06d' % (p['agency']['code'], p['source'].year, p['seq'])


def fix_plan(p, d):
    """Adjusts a plan so that defect D applies to it."""
    if d.name in ('demand-no-statement-right', 'application-too-early',
                  'application-too-late', 'application-unsigned'):
        p['execution'] = True
    elif d.name == 'confiscation-untraceable':
        if not matter(p['agency'])['confiscable']:
            p['agency'] = AGENCIES[0]
        p['handling'] = 'confiscation'
    elif d.name in ('testing-not-notified', 'documents-out-of-order'):
        if not matter(p['agency'])['testing']:
            p['agency'] = AGENCIES[0]
        p['testing'] = True
    elif d.name in ('extension-too-long', 'extension-not-served'):
        p['extension'] = True
    elif d.name in ('return-late', 'return-incomplete', 'release-not-served',
                    'duplicate-number', 'list-without-things'):
        p['handling'] = 'release'


def add_months(d, n):
    """The same day n months later, or that month's last day (民法典第二百零二条)."""
    y, m = divmod(d.month - 1 + n, 12)
    first = dt.date(d.year + y, m + 1, 1)
    nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first + dt.timedelta(days=min(d.day, (nxt - first).days) - 1)


def back_wd(d, n):
    """The day n working days before d."""
    while n > 0:
        d -= dt.timedelta(days=1)
        if g.is_workday(d):
            n -= 1
    return d


def term_limit(start, days):
    """Last day of a calendar-day term, moved to a working day."""
    return g.next_workday(g.days(start, days))


def timeline(p):
    t = dict(source=p['source'])
    t['decision'] = g.add_wd(p['source'], 1)
    t['approval'] = t['decision']
    t['testing'] = g.add_wd(t['decision'], 2)
    test_days = 15 if p['testing'] else 0
    t['extension'] = g.days(t['decision'], 25)
    ext = 30 if p['extension'] else 0
    limit = term_limit(t['decision'], 30 + test_days + ext)
    t['handled'] = (g.days(limit, 5) if p.get('handle_late') else
                    min(g.next_workday(g.days(t['decision'],
                                              20 + test_days + ext // 2)),
                        limit))
    t['return'] = g.days(t['handled'], p.get('return_delay', 0))
    t['served'] = g.add_wd(t['handled'], 1)
    t['pay-deadline'] = g.days(t['served'], 15)
    t['demand'] = g.add_wd(t['pay-deadline'], 5)
    lit_end = add_months(t['served'], 6)
    t['lit-end'] = lit_end
    t['application'] = (g.days(add_months(lit_end, 3), 10)
                        if p.get('application_late')
                        else g.next_workday(g.days(lit_end, 10)))
    if p.get('demand_close'):
        t['demand'] = back_wd(t['application'], 5)
    return t


def build(p):
    t = timeline(p)
    a, party, m = p['agency'], p['party'], matter(p['agency'])
    rng = random.Random(p['rng_seed'])
    nums = {s: rng.randint(3, 280) for s in ('强', '检期', '延', '解', '催', '申')}
    off = [o['id'] for o in p['officers']]
    title = m['title']
    things = [('thing', {'name': n, 'quantity': q, 'unit': u}, None)
              for n, u, q in p['things']]
    listing = '、'.join('%s%d%s' % (n, q, u) for n, u, q in p['things'])
    docs = k.Docs(RANK)
    approval = {'number': g.number(p, '强审', t['approval'], nums['强']),
                'approved-by': p['head']}
    docs.add('coercion-approval', t['approval'], '实施行政强制措施审批表',
             approval, text='当事人%s，为防止涉案财物被转移、损毁，避免危害后果发生，'
                            '有必要依据%s%s对%s实施%s。' % (
                                m['cause'], m['law'], m['article'], listing,
                                title))
    docs.add('coercion-record', t['decision'], '实施行政强制措施现场笔录',
             {'start-time': '09:30', 'end-time': '10:30', 'place': party['address'],
              'party-present': 'true', 'party-signed': 'true',
              'certificates-shown': 'true', 'informs-reasons': 'true',
              'informs-rights': 'true', 'statement-heard': 'true',
              'recording': 'rec1'}, off[:2],
             text='执法人员%s、%s出示执法证件，通知当事人%s到场，当场告知采取%s的理由、'
                  '依据以及当事人依法享有的陈述、申辩权利和申请行政复议、提起行政诉讼的'
                  '救济途径，听取了当事人的陈述和申辩。' % (
                      p['officers'][0]['name'], p['officers'][1]['name'],
                      party.get('representative', party['name']), title))
    docs.add('seizure-decision', t['decision'], '实施行政强制措施决定书（%s）' % title,
             {'number': g.number(p, '强', t['decision'], nums['强']),
              'term-days': 30, 'recording': 'rec1'}, off[:2],
             [('basis', {'law': m['law'], 'article': m['article']}, None)],
             text=p.get('decision_text') or
             ('你单位%s。依据%s%s，本机关决定对%s（详见清单）予以%s，期限为三十日。'
              '如不服本决定，可以在收到本决定书之日起六十日内向%s申请行政复议，也可以在'
              '六个月内依法向%s提起行政诉讼。' % (
                  m['cause'], m['law'], m['article'], listing, title,
                  a['gov'], a['court'])))
    docs.add('seizure-list', t['decision'], '场所/设施/财物清单',
             {'party-signed': 'true', 'copies': 2}, off[:2], things)
    docs.receipt(t['decision'], 'seizure-decision', 'receipt-decision')
    if p['testing']:
        docs.add('testing-period-notice', t['testing'], '%s期间告知书' % m['testing'],
                 {'number': g.number(p, '检期', t['testing'], nums['检期']),
                  'days': 15},
                 text='本机关委托有资质的检验检测机构对%s进行%s，%s期间十五日不计入%s期限。'
                      % (listing, m['testing'], m['testing'], title))
        docs.receipt(t['testing'], 'testing-period-notice', 'receipt-testing')
    if p['extension']:
        docs.add('seizure-extension', t['extension'], '延长行政强制措施期限决定书',
                 {'number': g.number(p, '延', t['extension'], nums['延']),
                  'approved-by': p['head'], 'days': 30},
                 text='因案情复杂，需进一步调查核实，经本机关负责人批准，%s期限延长三十日。'
                      % title)
        docs.receipt(t['extension'], 'seizure-extension', 'receipt-extension')
    penalty_case = '%s-%d-%06d' % (a['code'], t['handled'].year, 300 + p['seq'])
    penalty_no = g.number(p, '罚', t['handled'], rng.randint(3, 280))
    if p['handling'] == 'release':
        docs.add('seizure-release', t['handled'], '解除行政强制措施决定书',
                 {'number': g.number(p, '解', t['handled'], nums['解']),
                  'reason': 'no-violation'},
                 text='经%s，未发现违法行为，本机关决定解除%s。' % (
                     m['testing'] or '调查', title))
        docs.receipt(t['handled'], 'seizure-release', 'receipt-release')
        docs.add('return-receipt', t['return'], '退还物品清单',
                 {'party-signed': 'true'}, off[:2], things)
    if p['execution']:
        docs.add('demand-notice', t['demand'], '催告书',
                 {'number': g.number(p, '催', t['demand'], nums['催']),
                  'deadline': g.days(t['demand'], 10),
                  'informs-statement': 'true'},
                 text='你单位未履行本机关%s确定的缴纳罚款义务，请于收到本催告书之日起十日内'
                      '履行；你单位有权进行陈述和申辩。' % penalty_no)
        docs.receipt(t['demand'], 'demand-notice', 'receipt-demand')
        docs.add('enforcement-application', t['application'], '强制执行申请书',
                 {'number': g.number(p, '申', t['application'], nums['申']),
                  'approved-by': p['head'], 'court': a['court']},
                 text='被申请人在法定期限内未申请行政复议、提起行政诉讼，经催告仍不履行%s'
                      '确定的义务，特申请强制执行。附：行政处罚决定书、催告书及送达回证。'
                      % penalty_no)

    root = k.new_root(KIND, case_id(p))
    k.add_agency(root, p, 'inspection')
    g.sub(root, 'cause', {'code': m['code']}, m['cause'])
    g.sub(root, 'measure', {'kind': m['measure']})
    g.add_party(root, party)
    g.add_officers(root, p)
    k.write_docs(root, docs)
    entries = [('audiovisual', '现场照片', '执法人员现场拍摄', t['source'], off[:2]),
               ('record', '现场检查笔录', '执法人员现场制作', t['source'], off[:2])]
    if p['testing']:
        entries.append(('expert-opinion', '%s报告' % m['testing'],
                        '有资质的检验检测机构出具',
                        g.days(t['testing'], 12), off[:2]))
    k.add_evidence(root, entries)
    handling = {'kind': p['handling'], 'date': t['handled']}
    if p['handling'] == 'confiscation':
        handling.update(case=penalty_case, number=penalty_no)
    g.sub(root, 'handling', handling)
    if p['execution']:
        g.sub(root, 'enforced-decision', {'case': penalty_case,
                                          'number': penalty_no,
                                          'date': t['handled'],
                                          'served': t['served'],
                                          'deadline': t['pay-deadline']})
    k.add_tail(root, [('rec1', 3600)], g.add_wd(k.last_date(root), 5),
               10 + 2 * len(docs))
    return root


# --------------------------------------------------------------------
# Defects

DEFECTS, defect = k.defect_list(CHECKLIST)


def _no_qualified(root, p):
    for o in root.find('officers'):
        o.set('certificate-expires', k.shift(p['source'].isoformat(), -1))


def _law_without_brackets(root, p):
    b = g.doc(root, 'seizure-decision').find('basis')
    b.set('law', b.get('law').strip('《》'))


def _no_things(root, p):
    d = g.doc(root, 'seizure-list')
    for th in d.findall('thing'):
        d.remove(th)


def _evidence_after(root, p):
    when = k.shift(g.doc(root, 'seizure-decision').get('date'), 1)
    for it in root.find('evidence'):
        if it.get('collected') <= when:
            it.set('collected', when)


def _single_collector(root, p):
    it = root.find('evidence')[0]
    it.remove(it.findall('collector')[1])


def _absent_no_witness(root, p):
    d = g.doc(root, 'coercion-record')
    d.set('party-present', 'false')
    d.set('party-signed', 'false')


def _testing_before_decision(root, p):
    d = g.doc(root, 'testing-period-notice')
    d.set('date', k.shift(g.doc(root, 'seizure-decision').get('date'), -1))


def _return_short(root, p):
    th = g.doc(root, 'return-receipt').find('thing')
    th.set('quantity', str(max(int(th.get('quantity')) - 1, 0) or 2))


def _duplicate_number(root, p):
    g.doc(root, 'seizure-release').set(
        'number', g.doc(root, 'seizure-decision').get('number'))


def release_plan(p):
    return p['handling'] == 'release'


def execution_plan(p):
    return p['execution']


# 实施主体与人员
defect('no-agency-name', ['S1'], '实施主体名称缺失',
       apply=lambda r, p: r.find('agency').set('name', ''))
defect('single-officer', ['S2'], '现场笔录仅一名执法人员',
       apply=lambda r, p: k.drop_second_officer(g.doc(r, 'coercion-record')),
       tags=['officers'])
defect('expired-certificate', ['S3'], '执法人员证件已过期',
       apply=lambda r, p: k.add_expired_officer(
           r, p, g.doc(r, 'coercion-record')), tags=['officers'])
defect('certificates-not-shown', ['S4'], '未出示执法证件',
       apply=k.doc_set('coercion-record', 'certificates-shown', 'false'),
       tags=['record'])
defect('no-qualified-officers', ['S3', 'S5'], '全部执法证件已过期',
       apply=_no_qualified, tags=['officers'])
# 事实、依据与证据
defect('no-basis', ['L1'], '决定书无法律依据',
       apply=lambda r, p: g.doc(r, 'seizure-decision').remove(
           g.doc(r, 'seizure-decision').find('basis')), tags=['basis'])
defect('law-without-brackets', ['L2'], '法律名称未加书名号',
       apply=_law_without_brackets, tags=['basis'])
defect('party-no-address', ['L3'], '当事人地址缺失',
       apply=lambda r, p: r.find('party').set('address', ''))
defect('list-without-things', ['L4'], '清单未列明物品', apply=_no_things,
       ok=release_plan, tags=['list'])
defect('no-prior-evidence', ['L5'], '查封扣押前无证据', apply=_evidence_after,
       tags=['evidence'])
defect('single-collector', ['L6'], '证据仅一名收集人', apply=_single_collector,
       tags=['evidence'])
defect('no-necessity', ['L7'], '审批表未说明采取强制措施的必要性',
       apply=lambda r, p: g.doc(r, 'coercion-approval').remove(
           g.doc(r, 'coercion-approval').find('text')), tags=['approval'])
# 实施程序
defect('approval-unsigned', ['P1'], '审批表无负责人批准',
       apply=k.doc_set('coercion-approval', 'approved-by', None),
       tags=['approval'])
def _emergency_late(root, p):
    a = g.doc(root, 'coercion-approval')
    a.set('date', k.shift(g.doc(root, 'seizure-decision').get('date'), 3))
    a.set('emergency', 'true')
    g.sub(a, 'note', text='情况紧急，执法人员当场实施后向机关负责人报告并补办批准手续。')


defect('emergency-approval-late', ['P2'], '当场实施后逾期补办批准',
       apply=_emergency_late, tags=['approval'])
defect('rights-not-told', ['P3'], '未当场告知权利和救济途径',
       apply=k.doc_set('coercion-record', 'informs-rights', 'false'),
       tags=['record'])
defect('statement-not-heard', ['P4'], '未听取陈述申辩',
       apply=k.doc_set('coercion-record', 'statement-heard', 'false'),
       tags=['record'])
defect('record-unsigned', ['P5'], '现场笔录无当事人签名',
       apply=k.doc_set('coercion-record', 'party-signed', 'false'),
       tags=['record'])
defect('absent-without-witness', ['P6'], '当事人不到场未邀请见证人',
       apply=_absent_no_witness, tags=['record'])
defect('decision-served-late', ['P7'], '决定书未当场交付',
       apply=lambda r, p: g.doc(r, 'service-receipt', 'seizure-decision').set(
           'date', k.shift(g.doc(r, 'seizure-decision').get('date'), 1)),
       tags=['receipt'])
defect('list-unsigned', ['P8'], '清单无当事人签名',
       apply=k.doc_set('seizure-list', 'party-signed', 'false'), tags=['list'])
defect('no-recording', ['P9'], '查封扣押未录像',
       apply=k.doc_set('seizure-decision', 'recording', None),
       tags=['recording'])
defect('recording-missing', ['P10'], '录像资料未归档',
       apply=k.doc_set('seizure-decision', 'recording', 'rec9'),
       tags=['recording'])
defect('demand-no-statement-right', ['P11'], '催告书未告知陈述申辩权',
       apply=k.doc_set('demand-notice', 'informs-statement', 'false'),
       ok=execution_plan, tags=['execution'])
defect('application-too-early', ['P12'], '催告书送达未满十日即申请强制执行',
       prepare=k.plan_set(demand_close=True), ok=execution_plan,
       tags=['execution'])
defect('application-too-late', ['P13'], '超过法定期限申请强制执行',
       prepare=k.plan_set(application_late=True), ok=execution_plan,
       tags=['execution'])
defect('application-unsigned', ['P14'], '强制执行申请书无负责人签名',
       apply=k.doc_set('enforcement-application', 'approved-by', None),
       ok=execution_plan, tags=['execution'])
defect('documents-out-of-order', ['P15'], '检验期间告知书日期早于扣押决定',
       apply=_testing_before_decision, ok=lambda p: p['testing'],
       tags=['testing'])
# 期限与处理
defect('term-too-long', ['T1'], '决定书载明期限超过三十日',
       apply=k.doc_set('seizure-decision', 'term-days', '60'))
defect('handled-late', ['T2'], '超过期限未作出处理决定',
       prepare=k.plan_set(handle_late=True), tags=['timeline'])
defect('extension-too-long', ['T3'], '延长期限超过三十日',
       apply=k.doc_set('seizure-extension', 'days', '45'),
       ok=lambda p: p['extension'], tags=['extension'])
defect('extension-not-served', ['T4'], '延长期限未书面告知当事人',
       apply=k.remove_doc('service-receipt', 'seizure-extension'),
       ok=lambda p: p['extension'], tags=['extension', 'receipt'])
defect('testing-not-notified', ['T5'], '检验期间未书面告知',
       apply=k.remove_doc('service-receipt', 'testing-period-notice'),
       ok=lambda p: p['testing'], tags=['testing', 'receipt'])
defect('return-late', ['T6'], '解除后未立即退还', prepare=k.plan_set(return_delay=5),
       ok=release_plan, tags=['return'])
defect('return-incomplete', ['T7'], '退还物品与清单不符', apply=_return_short,
       ok=release_plan, tags=['return', 'list'])
defect('release-not-served', ['T8'], '解除决定未送达',
       apply=k.remove_doc('service-receipt', 'seizure-release'),
       ok=release_plan, tags=['receipt'])
defect('confiscation-untraceable', ['T9'], '没收未载明处罚决定',
       apply=lambda r, p: r.find('handling').attrib.pop('number'),
       ok=lambda p: p['handling'] == 'confiscation')
# 文书与归档
defect('decision-no-remedy', ['D1'], '决定书未载明救济途径',
       prepare=k.plan_set(decision_text='依法决定对涉案财物予以扣押，期限为三十日。'))
defect('decision-unnumbered', ['D2'], '决定书未编号',
       apply=k.doc_set('seizure-decision', 'number', None), tags=['number'])
defect('duplicate-number', ['D3'], '文书编号重复', apply=_duplicate_number,
       ok=release_plan, tags=['number'])
defect('receipt-unsigned', ['D4'], '送达回证无签收',
       apply=k.doc_set('service-receipt', 'recipient-signed', 'false',
                       'seizure-decision'), tags=['receipt'])
defect('archive-no-index', ['D5'], '案卷无卷内目录',
       apply=lambda r, p: r.find('archive').set('index', 'false'))

VETO_ITEMS = {'S1', 'S5', 'L1', 'P3', 'T2'}

EXAMPLES = [
    ('defect-coercive-over-term', 41, 0, ['handled-late', 'return-late']),
    ('defect-coercive-rights-not-told', 42, 4,
     ['rights-not-told', 'no-recording']),
    ('defect-coercive-extension', 43, 1,
     ['extension-too-long', 'testing-not-notified', 'list-unsigned']),
    ('defect-coercive-application', 44, 3,
     ['application-too-early', 'approval-unsigned']),
]
