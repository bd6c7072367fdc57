"""gen_licensing.py: 行政许可 files (casefile/1.1, kind="licensing") for
generate.py --kinds, scored by rules/licensing-general.xml.

A plan is one application: received, corrected once when incomplete,
accepted (or refused at acceptance), verified on site by two staff,
told to interested parties with their hearing rights where the matter
touches them (with a hearing when they ask or the law requires one),
decided within 20 working days (plus an approved extension and the
special procedures told in writing), the certificate served within 10
working days and the grant published.
"""

import datetime as dt
import random

import generate as g
import gen_kinds as k

CHECKLIST = 'licensing-general'
KIND = 'licensing'
AGENCIES = g.AGENCIES

MATTERS = {
    'SJJ': dict(code='FOOD-JY', title='食品经营许可',
                law='《中华人民共和国食品安全法》', article='第三十五条第一款',
                certificate='食品经营许可证', promised=10, interested=False,
                major=False, special=None,
                materials=['食品安全管理制度文本', '主要设备设施布局图', '食品安全管理人员证明']),
    'XFJY': dict(code='FIRE-YY', title='公众聚集场所投入使用、营业前消防安全检查',
                 law='《中华人民共和国消防法》', article='第十五条第一款',
                 certificate='公众聚集场所投入使用、营业前消防安全检查合格证',
                 promised=10, interested=False, major=False, special=None,
                 materials=['消防安全制度', '场所平面布置图']),
    'SHJ': dict(code='EIA-BGS', title='建设项目环境影响报告书审批',
                law='《中华人民共和国环境影响评价法》', article='第二十二条第一款',
                certificate=None, promised=None, interested=True, major=True,
                special='专家评审',
                materials=['环境影响报告书（报批稿）', '公众参与说明']),
}
SHOPS = ['餐饮管理有限公司', '食品有限公司', '酒店管理有限公司', '化工有限公司', '建材有限公司']
RANK = ['application', 'correction-notice', 'correction-notice-2',
        'correction-receipt', 'acceptance-notice', 'non-acceptance-decision',
        'receipt-refusal', 'verification-record', 'interested-party-notice',
        'receipt-interested', 'special-procedure-notice', 'receipt-special',
        'hearing-announcement', 'hearing-request', 'statement-record',
        'hearing-notice', 'hearing-record', 'extension-notice',
        'receipt-extension', 'legal-review', 'licence-decision',
        'licence-certificate', 'receipt-decision']


def matter(agency):
    return k.by_agency(MATTERS, agency)


def make_plan(rng, seq, agency=None):
    agency = agency or rng.choice(AGENCIES)
    m = matter(agency)
    start = k.random_start(rng, dt.date(2024, 1, 15), 800)
    officers, head = k.make_officers(rng, agency)
    others = []
    while len(others) < 2:
        name = g.person(rng)
        if name not in others and name not in [o['name'] for o in officers]:
            others.append(name)
    r = rng.random()
    path = 'non-acceptance' if r < 0.05 else ('refuse' if r < 0.15 else 'grant')
    return dict(kind=KIND, agency=agency, seq=seq, source=start,
                party=g.make_party(rng, agency, dict(shop=SHOPS),
                                   'organization'),
                officers=officers, head=head, reviewer=others[0],
                presider=others[1],
                rng_seed=rng.random(), path=path,
                correction=rng.random() < 0.5,
                promised=m['promised'], interested=m['interested'],
                hearing_request=m['interested'] and rng.random() < 0.5,
                hearing=None, major=m['major'],
                special=bool(m['special']),
                extension=m['promised'] is None and rng.random() < 0.3,
                type='new')


def clean_plan():
    p = make_plan(random.Random(20250407), 512, agency=AGENCIES[0])
    p.update(source=dt.date(2025, 4, 7), path='grant', correction=True,
             head='冯子涵', reviewer='陈晓东')
    k.set_clean_people(p, '枣庄市市中区悦来餐饮管理有限公司', '枣庄市市中区文化路88号')
    return p


def case_id(p):
    return '%s-XK-%d-%06d' % (p['agency']['code'], p['source'].year, p['seq'])


def interested_plan(p, request):
    """The matter directly touches others; with or without their request."""
    p['agency'] = AGENCIES[4]
    p.update(promised=None, interested=True, major=True, special=True,
             hearing_request=request, path='grant')


def fix_plan(p, d):
    """Adjusts a plan so that defect D applies to it."""
    if d.name in ('presider-is-verifier', 'hearing-late',
                  'hearing-notice-short', 'hearing-not-held'):
        interested_plan(p, True)
    elif d.name in ('interested-not-told', 'hearing-right-not-told',
                    'statement-after-decision', 'no-legal-review'):
        interested_plan(p, False)
    elif d.name in ('no-announcement', 'hearing-after-decision',
                    'hearing-unsigned'):
        p.update(hearing='statutory', promised=None, path='grant')
    elif d.name in ('refusal-no-remedy', 'refusal-not-served'):
        p['path'] = 'refuse'
    elif d.name == 'non-acceptance-no-reason':
        p['path'] = 'non-acceptance'
    elif d.name in ('extension-not-served',):
        p.update(extension=True, promised=None)
    elif d.name == 'special-not-served':
        interested_plan(p, False)
    elif d.name in ('correction-not-one-time', 'correction-late',
                    'documents-out-of-order'):
        p['correction'] = True
    if p['path'] == 'non-acceptance' and d.name != 'non-acceptance-no-reason':
        p['path'] = 'grant'
    if p['path'] == 'refuse' and d.name in ('late-disclosure',
                                            'certificate-served-late',
                                            'certificate-no-validity'):
        p['path'] = 'grant'
    if d.name == 'certificate-no-validity' and not matter(p['agency'])['certificate']:
        p['agency'] = AGENCIES[0]


def timeline(p):
    t = dict(app=p['source'])
    hold = p['path'] == 'non-acceptance'
    if p['correction']:
        t['correction'] = g.add_wd(t['app'], p.get('correction_gap', 1))
        t['correction2'] = g.add_wd(t['correction'], 1)
        t['received'] = g.add_wd(t['correction'], 2)
        base = t['received']
    else:
        base = t['app']
    t['accept'] = g.add_wd(base, p.get('accept_gap', 0 if hold else 1))
    acc = t['accept']
    t['verify'] = g.add_wd(acc, 3)
    t['notice'] = g.add_wd(acc, 1)
    t['request'] = g.add_wd(t['notice'], 2)
    t['statement'] = g.add_wd(t['notice'], 3)
    t['special'] = g.add_wd(acc, 4)
    t['announce'] = g.add_wd(acc, 1)
    t['hnotice'] = g.add_wd(t['request'] if p['hearing_request'] else
                            t['announce'], 1)
    t['hearing'] = g.add_wd(t['hnotice'], p.get('hearing_gap', 8))
    t['extension'] = g.add_wd(acc, 15)
    if p.get('decision_gap'):
        n = p['decision_gap']
    else:
        n = (p['promised'] or 20) - 2 + (10 if p['special'] else 0) + \
            (8 if p['extension'] else 0)
    decision = g.add_wd(acc, n)
    if (p['hearing_request'] or p['hearing']) and not p.get('hearing_after'):
        decision = max(decision, g.add_wd(t['hearing'], 2))
    t['decision'] = decision
    if p.get('hearing_after'):
        t['hearing'] = g.add_wd(decision, 1)
    t['review'] = g.add_wd(t['hearing'], 1) if (
        (p['hearing_request'] or p['hearing']) and not p.get('hearing_after')) \
        else t['verify']
    t['served'] = g.add_wd(decision, p.get('service_gap', 2))
    t['disclosure'] = g.add_wd(decision, p.get('disclosure_gap', 3))
    return t


def build(p):
    t = timeline(p)
    a, party, m = p['agency'], p['party'], matter(p['agency'])
    rng = random.Random(p['rng_seed'])
    nums = {s: rng.randint(3, 280) for s in ('补', '补2', '受', '不受', '延', '许')}
    off = [o['id'] for o in p['officers']]
    docs = k.Docs(RANK)
    D, receipt = docs.add, docs.receipt

    D('application', t['app'], '%s申请书及申请材料接收凭证' % m['title'],
      {'channel': 'window'},
      text='申请人%s申请%s，提交申请材料%d份。' % (party['name'], m['title'],
                                          len(m['materials']) + 3))
    if p['correction']:
        D('correction-notice', t['correction'], '补正材料通知书',
          {'number': g.number(p, '补', t['correction'], nums['补'])},
          children=[('material', {'name': m['materials'][0]}, None)],
          text='你单位提交的申请材料不齐全，请一次性补正：%s。' % m['materials'][0])
        if p.get('second_correction'):
            D('correction-notice', t['correction2'], '补正材料通知书',
              {'number': g.number(p, '补', t['correction2'], nums['补2'])},
              children=[('material', {'name': m['materials'][1]}, None)],
              text='请再补正：%s。' % m['materials'][1],
              rank='correction-notice-2')
        D('correction-receipt', t['received'], '补正材料接收凭证',
          text='申请人已按补正材料通知书的要求补正全部材料。')
    if p['path'] == 'non-acceptance':
        D('non-acceptance-decision', t['accept'], '不予受理决定书',
          {'number': g.number(p, '不受', t['accept'], nums['不受'])},
          text=p.get('refusal_text') or
          ('经审查，你单位申请的事项依法不属于本机关职权范围，理由：该事项由%s以外的'
           '机关负责实施。本机关决定不予受理。如不服本决定，可以在收到本决定书之日起'
           '六十日内向%s申请行政复议，也可以在六个月内依法向%s提起行政诉讼。' % (
               a['name'], a['gov'], a['court'])))
        receipt(t['accept'], 'non-acceptance-decision', 'receipt-refusal')
        return finish(p, t, docs)
    D('acceptance-notice', t['accept'], '受理通知书',
      {'number': g.number(p, '受', t['accept'], nums['受'])},
      text='你单位申请的%s，申请材料齐全、符合法定形式，本机关决定受理。' % m['title'])
    D('verification-record', t['verify'], '现场核查记录',
      {'start-time': '09:00', 'end-time': '10:30', 'place': party['address'],
       'party-signed': 'true', 'certificates-shown': 'true',
       'recording': 'rec1'}, off[:2],
      text='核查人员%s、%s出示证件，对申请材料的实质内容进行现场核查，现场情况与申请材料一致。'
           % (p['officers'][0]['name'], p['officers'][1]['name']))
    if p['interested']:
        D('interested-party-notice', t['notice'], '行政许可利害关系人告知书',
          {'informs-statement': 'true', 'informs-hearing': 'true'},
          text='该许可事项直接关系他人重大利益，利害关系人有权进行陈述和申辩，并可在被告知之日起'
               '五日内提出听证申请。')
        receipt(t['notice'], 'interested-party-notice', 'receipt-interested')
        if not p['hearing_request']:
            D('statement-record', t['statement'], '陈述申辩笔录',
              text='利害关系人陈述了意见，本机关已予复核。')
    if p['special']:
        D('special-procedure-notice', t['special'], '特别程序所需时间告知书',
          {'days': 10},
          text='本申请需经%s，所需时间十个工作日，不计算在审查期限内。'
               % (m['special'] or '检验检测'))
        receipt(t['special'], 'special-procedure-notice', 'receipt-special')
    if p['hearing']:
        D('hearing-announcement', t['announce'], '听证公告',
          text='本机关拟就%s举行听证，现予公告。' % m['title'])
    if p['hearing_request']:
        D('hearing-request', t['request'], '听证申请书', text='利害关系人书面要求举行听证。')
    if p['hearing_request'] or p['hearing']:
        D('hearing-notice', t['hnotice'], '听证通知书',
          text='定于%s举行听证。' % g.cn_date(t['hearing']))
        D('hearing-record', t['hearing'], '听证笔录',
          {'presider': p['presider'],
           'party-signed': 'true', 'recording': 'rec2'},
          text='审查人员提出审查意见，申请人、利害关系人进行了申辩和质证。')
    if p['extension']:
        D('extension-notice', t['extension'], '延长审查期限告知书',
          {'number': g.number(p, '延', t['extension'], nums['延']),
           'approved-by': p['head'], 'days': 10},
          text='因需进一步核实申请材料，经本机关负责人批准，审查期限延长十个工作日。')
        receipt(t['extension'], 'extension-notice', 'receipt-extension')
    if p['major']:
        D('legal-review', t['review'], '法制审核意见书',
          {'reviewer': p['reviewer'], 'reviewer-qualified': 'true',
           'opinion': 'agree'},
          text='经审核，许可程序合法，申请人符合法定条件，同意准予许可。')
    outcome = 'refuse' if p['path'] == 'refuse' else 'grant'
    children = []
    if outcome == 'refuse':
        children = [('reason', {}, '申请人的经营场所与有毒、有害场所的距离不符合规定条件。')]
        text = p.get('refusal_text') or (
            '经审查，你单位的申请不符合法定条件，本机关决定不予行政许可。如不服本决定，可以在'
            '收到本决定书之日起六十日内向%s申请行政复议，也可以在六个月内依法向%s提起行政诉讼。'
            % (a['gov'], a['court']))
    else:
        text = '经审查，你单位的申请符合法定条件、标准，依据%s%s，本机关决定准予行政许可。' % (
            m['law'], m['article'])
    D('licence-decision', t['decision'],
      '不予行政许可决定书' if outcome == 'refuse' else '准予行政许可决定书',
      {'number': g.number(p, '许', t['decision'], nums['许']),
       'outcome': outcome}, children=children, text=text)
    if outcome == 'grant' and m['certificate']:
        D('licence-certificate', t['decision'], m['certificate'],
          {'number': 'XK%s%s%04d' % (a['region'], t['decision'].strftime('%y'),
                                     p['seq'] % 10000),
           'valid-until': g.days(dt.date(t['decision'].year + 5,
                                         t['decision'].month, 1), -1)})
    receipt(t['served'], 'licence-certificate'
            if outcome == 'grant' and m['certificate'] else 'licence-decision',
            'receipt-decision')
    return finish(p, t, docs)


def finish(p, t, docs):
    a, m = p['agency'], matter(p['agency'])
    root = k.new_root(KIND, case_id(p))
    k.add_agency(root, p)
    lic = {'code': m['code'], 'title': m['title'], 'type': p['type'],
           'handling': 'single', 'hearing': p['hearing'] or 'none',
           'interested-parties': 'true' if p['interested'] else 'false',
           'major': 'true' if p['major'] else 'false'}
    if p['promised']:
        lic['promised-workdays'] = p['promised']
    if p.get('on_the_spot'):
        lic['on-the-spot'] = 'true'
    if p['type'] == 'renewal':
        lic['previous-expires'] = g.days(t['decision'], -1)
    el = g.sub(root, 'licence', lic)
    g.sub(el, 'basis', {'law': m['law'], 'article': m['article']})
    g.add_party(root, p['party'])
    g.add_officers(root, p)
    k.write_docs(root, docs)
    off = [o['id'] for o in p['officers']]
    entries = [('documentary', '营业执照复印件', '申请人提供', t['app'], off[:2])]
    if p['path'] != 'non-acceptance':
        entries.append(('record', '现场核查记录', '核查人员现场制作', t['verify'],
                        off[:2]))
    k.add_evidence(root, entries)
    if p['path'] == 'grant':
        g.sub(root, 'disclosure', {'date': t['disclosure'],
                                   'channel': a['channel']})
    recs = []
    if p['path'] != 'non-acceptance':
        recs.append(('rec1', 3000))
        if p['hearing_request'] or p['hearing']:
            recs.append(('rec2', 5400))
    k.add_tail(root, recs, g.add_wd(k.last_date(root), 5), 8 + 2 * len(docs))
    return root


# --------------------------------------------------------------------
# Defects

DEFECTS, defect = k.defect_list(CHECKLIST)


def _presider_is_verifier(p):
    p['presider'] = p['officers'][0]['name']


def _law_without_brackets(root, p):
    b = root.find('licence/basis')
    b.set('law', b.get('law').strip('《》'))


def _statement_after(root, p):
    g.doc(root, 'statement-record').set(
        'date', k.shift(g.doc(root, 'licence-decision').get('date'), 1))


def _duplicate_number(root, p):
    g.doc(root, 'acceptance-notice').set(
        'number', g.doc(root, 'correction-notice').get('number'))


def _receipt_before_notice(root, p):
    g.doc(root, 'correction-receipt').set(
        'date', k.shift(g.doc(root, 'correction-notice').get('date'), -1))


def granted(p):
    return p['path'] == 'grant'


def accepted(p):
    return p['path'] != 'non-acceptance'


def interested(p):
    return p['interested'] and accepted(p)


def with_request(p):
    return interested(p) and p['hearing_request']


def without_request(p):
    return interested(p) and not p['hearing_request']


def statutory(p):
    return p['hearing'] == 'statutory' and accepted(p)


def certified(p):
    return granted(p) and bool(matter(p['agency'])['certificate'])


# 实施主体与人员
defect('no-agency-name', ['S1'], '许可机关名称缺失',
       apply=lambda r, p: r.find('agency').set('name', ''))
defect('single-verifier', ['S2'], '核查仅一名工作人员',
       apply=lambda r, p: k.drop_second_officer(
           g.doc(r, 'verification-record')), ok=accepted, tags=['officers'])
defect('expired-certificate', ['S3'], '核查人员证件已过期',
       apply=lambda r, p: k.add_expired_officer(
           r, p, g.doc(r, 'verification-record')), ok=accepted,
       tags=['officers'])
defect('certificates-not-shown', ['S4'], '核查时未出示证件',
       apply=k.doc_set('verification-record', 'certificates-shown', 'false'),
       ok=accepted, tags=['verification'])
defect('unknown-officer-ref', ['S5'], '文书引用未登记的工作人员',
       apply=lambda r, p: g.sub(r.find('documents')[-1], 'officer',
                                {'ref': 'o9'}))
defect('presider-is-verifier', ['S6'], '听证主持人为审查人员',
       prepare=_presider_is_verifier, ok=with_request, tags=['hearing'])
# 申请与受理
defect('no-application', ['A1'], '缺少申请材料接收凭证',
       apply=k.remove_doc('application'), tags=['application', 'correction'])
defect('party-no-address', ['A2'], '申请人地址缺失',
       apply=lambda r, p: r.find('party').set('address', ''))
defect('correction-late', ['A3'], '逾期告知补正', prepare=k.plan_set(
    correction_gap=7, promised=None, decision_gap=8),
    ok=lambda p: p['correction'] and not p['special'] and not p['extension'],
    tags=['correction', 'timeline', 'application'])
defect('correction-not-one-time', ['A4'], '未一次性告知补正内容',
       prepare=k.plan_set(second_correction=True),
       ok=lambda p: p['correction'], tags=['correction'])
defect('no-acceptance-notice', ['A5'], '未出具受理通知书',
       apply=k.remove_doc('acceptance-notice'), ok=accepted,
       tags=['acceptance', 'timeline'])
defect('acceptance-late', ['A6'], '逾期受理', prepare=k.plan_set(accept_gap=8),
       ok=accepted, tags=['acceptance', 'timeline', 'application'])
defect('non-acceptance-no-reason', ['A7'], '不予受理未说明理由',
       prepare=k.plan_set(refusal_text='本机关决定不予受理。如不服本决定，可以依法申请'
                          '行政复议或者提起行政诉讼。'),
       ok=lambda p: p['path'] == 'non-acceptance', tags=['refusal'])
# 审查与决定
defect('no-licence-basis', ['R1'], '许可事项无法定依据',
       apply=lambda r, p: r.find('licence').remove(r.find('licence/basis')),
       tags=['basis'])
defect('law-without-brackets', ['R2'], '法律名称未加书名号',
       apply=_law_without_brackets, tags=['basis'])
defect('verification-unsigned', ['R3'], '核查笔录无申请人签名',
       apply=k.doc_set('verification-record', 'party-signed', 'false'),
       ok=accepted, tags=['verification'])
defect('interested-not-told', ['R4'], '未告知利害关系人陈述申辩权',
       apply=k.doc_set('interested-party-notice', 'informs-statement', 'false'),
       ok=without_request, tags=['interested'])
defect('hearing-right-not-told', ['R5'], '未告知听证权利',
       apply=k.doc_set('interested-party-notice', 'informs-hearing', 'false'),
       ok=without_request, tags=['interested'])
defect('hearing-not-held', ['R6'], '申请听证未组织听证',
       apply=lambda r, p: [g.remove_doc(r, kind) for kind in
                           ('hearing-notice', 'hearing-record')],
       ok=with_request, tags=['hearing'])
defect('no-announcement', ['R7'], '应当听证的事项未公告',
       apply=k.remove_doc('hearing-announcement'), ok=statutory,
       tags=['hearing'])
defect('hearing-late', ['R8'], '超过二十日组织听证',
       prepare=k.plan_set(hearing_gap=20), ok=with_request, tags=['hearing'])
defect('hearing-notice-short', ['R9'], '听证通知不足七日',
       prepare=k.plan_set(hearing_gap=4), ok=with_request, tags=['hearing'])
defect('hearing-unsigned', ['R10'], '听证笔录未经参加人签字',
       apply=k.doc_set('hearing-record', 'party-signed', 'false'),
       ok=lambda p: statutory(p) or with_request(p), tags=['hearing'])
defect('hearing-after-decision', ['R11'], '未根据听证笔录作出决定',
       prepare=k.plan_set(hearing_after=True), ok=statutory,
       tags=['hearing', 'decision'])
defect('statement-after-decision', ['R12'], '决定后才听取陈述申辩',
       apply=_statement_after, ok=without_request,
       tags=['interested', 'decision'])
defect('no-legal-review', ['R13'], '重大许可决定未经法制审核',
       apply=k.remove_doc('legal-review'),
       ok=lambda p: p['major'] and accepted(p), tags=['review'])
defect('no-decision', ['R14'], '受理后无书面许可决定',
       apply=k.remove_doc('licence-decision'),
       ok=lambda p: accepted(p) and not p['hearing'] and not p['interested'],
       tags=['decision'])
defect('refusal-no-remedy', ['R15'], '不予许可未告知救济途径',
       prepare=k.plan_set(refusal_text='经审查，你单位的申请不符合法定条件，本机关'
                          '决定不予行政许可。'),
       ok=lambda p: p['path'] == 'refuse', tags=['refusal', 'decision'])
# 期限与送达
defect('decision-late', ['T1'], '超过法定期限作出决定',
       prepare=k.plan_set(decision_gap=25, promised=None),
       ok=lambda p: accepted(p) and not p['extension'] and not p['special'],
       tags=['timeline', 'decision', 'application'])
defect('extension-not-served', ['T2'], '延长期限未告知申请人',
       apply=k.remove_doc('service-receipt', 'extension-notice'),
       ok=lambda p: p['extension'] and accepted(p), tags=['extension'])
defect('over-promised-time', ['T3'], '超过承诺时限办结',
       prepare=k.plan_set(decision_gap=12),
       ok=lambda p: bool(p['promised']) and accepted(p),
       tags=['timeline', 'decision', 'application'])
defect('special-not-served', ['T4'], '特别程序时间未书面告知',
       apply=k.remove_doc('service-receipt', 'special-procedure-notice'),
       ok=lambda p: p['special'] and accepted(p), tags=['special'])
defect('certificate-served-late', ['T5'], '逾期送达许可证件',
       prepare=k.plan_set(service_gap=12), ok=granted,
       tags=['service', 'decision'])
defect('refusal-not-served', ['T6'], '不予许可决定未送达',
       apply=k.remove_doc('service-receipt', 'licence-decision'),
       ok=lambda p: p['path'] == 'refuse', tags=['service', 'decision'])
defect('not-on-the-spot', ['T7'], '能当场决定的未当场决定',
       prepare=k.plan_set(on_the_spot=True), ok=accepted,
       tags=['decision', 'application'])
defect('renewal-late', ['T8'], '延续申请逾期决定',
       prepare=k.plan_set(type='renewal'), ok=accepted, tags=['decision'])
# 公示与归档
defect('late-disclosure', ['D1'], '准予许可决定逾期公开',
       prepare=k.plan_set(disclosure_gap=12), ok=granted, tags=['decision'])
defect('certificate-no-validity', ['D2'], '许可证件未载明有效期',
       apply=k.doc_set('licence-certificate', 'valid-until', None),
       ok=certified)
defect('correction-unnumbered', ['D3'], '补正通知书未编号',
       apply=k.doc_set('correction-notice', 'number', None),
       ok=lambda p: p['correction'], tags=['correction', 'number'])
defect('duplicate-number', ['D4'], '文书编号重复', apply=_duplicate_number,
       ok=lambda p: p['correction'] and accepted(p),
       tags=['correction', 'number', 'acceptance'])
defect('documents-out-of-order', ['D5'], '补正材料接收日期早于补正通知',
       apply=_receipt_before_notice, ok=lambda p: p['correction'],
       tags=['correction'])
defect('no-recording', ['D6'], '现场核查未录像',
       apply=k.doc_set('verification-record', 'recording', None),
       ok=accepted, tags=['recording'])
defect('recording-missing', ['D7'], '录像资料未归档',
       apply=k.doc_set('verification-record', 'recording', 'rec9'),
       ok=accepted, tags=['recording'])
defect('receipt-unsigned', ['D8'], '送达回证无签收',
       apply=lambda r, p: [d for d in g.docs_of(r, 'service-receipt')][-1].set(
           'recipient-signed', 'false'), tags=['service'])
defect('archive-no-index', ['D9'], '案卷无卷内目录',
       apply=lambda r, p: r.find('archive').set('index', 'false'))

VETO_ITEMS = {'S1', 'R1', 'R6'}

EXAMPLES = [
    ('defect-licensing-correction', 51, 0,
     ['correction-not-one-time', 'over-promised-time']),
    ('defect-licensing-hearing-not-held', 52, 4,
     ['hearing-not-held', 'no-legal-review']),
    ('defect-licensing-late-decision', 53, 1,
     ['decision-late', 'certificate-served-late', 'late-disclosure']),
    ('defect-licensing-refusal', 54, 2,
     ['refusal-no-remedy', 'refusal-not-served']),
]
