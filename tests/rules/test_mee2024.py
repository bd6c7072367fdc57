"""rules/mee2024-general.xml: the MEE 2024 一般行政处罚 table
(《生态环境行政执法案卷评查细则（2024年版）》, 环执法发〔2024〕4号) in
checklist 1.1.

The point of the checklist is that the engine's score is the published
formula's:

    案卷得分 = 50 + (50 × 对应评查项目得分之和 / 参与评查项目标准分之和
                     − 基本要素扣分值之和);  任一重大问题 ⇒ 0

so the tests below compute that formula by hand, with the arithmetic
written out, for the examples in examples/cases/mee2024-*.xml and for
cases at each boundary, and compare it with what `casereview score`
says. They also check the checklist's shape against the standard's
table (points, the 25 重大问题, the basic elements), its <accepts>, the
schema on every case, the generator, and the statutory periods on both
sides of each boundary.

Run:  /usr/bin/python3 -m pytest tests/rules/test_mee2024.py
"""

import datetime as dt
import json
import math
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
BIN = os.environ.get('CASEREVIEW_BIN',
                     os.path.join(ROOT, 'build', 'cli', 'casereview'))
CHECKLIST = os.path.join(ROOT, 'rules', 'mee2024-general.xml')
EXAMPLES = os.path.join(ROOT, 'examples', 'cases')
VERDICTS = os.path.join(ROOT, 'examples', 'verdicts',
                        'mee2024-clean-verdicts.xml')
ITEMS = os.path.join(HERE, 'mee2024-general')
SCHEMA = os.path.join(ROOT, 'schema', 'casefile.rng')
NS = '{urn:casereview:checklist:1}'
CID = 'mee2024-general'

if not os.access(BIN, os.X_OK):
    pytest.skip('casereview binary not found at %s (set CASEREVIEW_BIN)' % BIN,
                allow_module_level=True)

sys.path.insert(0, os.path.join(ROOT, 'examples'))
import gen_mee  # noqa: E402
import generate  # noqa: E402

if not generate.HOLIDAYS:
    generate.load_calendar(generate.DEFAULT_CALENDAR)


# ------------------------------------------------------------- helpers

def run_score(paths, *extra):
    proc = subprocess.run([BIN, 'score', '-c', CHECKLIST, '--format', 'json',
                           *extra, *[str(p) for p in paths]],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == len(paths), proc.stderr
    return results


def score(path, *extra):
    (res,) = run_score([path], *extra)
    assert 'error' not in res, res.get('error')
    errors = [i['id'] for i in res['items'] if i['state'] == 'error']
    assert errors == [], errors
    return res


def state(res, item):
    return {i['id']: i['state'] for i in res['items']}[item]


def category(res, cid):
    return {c['id']: c for c in res['categories']}[cid]


def failed(res):
    return sorted(i['id'] for i in res['items'] if i['state'] == 'failed')


def round2(x):
    """The spec's rounding: half away from zero, two decimals, once."""
    return math.copysign(math.floor(abs(x) * 100 + 0.5) / 100, x)


def example(name):
    return os.path.join(EXAMPLES, name + '.xml')


def clean():
    return gen_mee.build_clean()


def write(tmp_path, root, name='case.xml'):
    path = tmp_path / name
    path.write_bytes(generate.to_bytes(root))
    return path


def add_wd(date_text, n):
    return generate.add_wd(dt.date.fromisoformat(date_text), n).isoformat()


def next_workday(d):
    while not generate.is_workday(d):
        d += dt.timedelta(days=1)
    return d


def set_decision_date(root, date):
    root.find('decision').set('date', date)
    dec = gen_mee.doc(root, 'decision')
    dec.set('date', date)
    for r in gen_mee.docs(root, 'service-receipt'):
        if r.get('serves') == dec.get('id'):
            r.set('date', date)


# ------------------------------------------------- the formula by hand

# The standard points of the documents of the 一般行政处罚 table
# (《细则》二、（二）1.), written out from the text: they add up to 100.
STANDARD = {'D01': 2, 'D02': 10, 'D03': 10, 'D04': 5, 'D05': 8, 'D06': 8,
            'D07': 10, 'D08': 10, 'D09': 4, 'D10': 8, 'D11': 15, 'D12': 2,
            'D13': 5, 'D14': 3}


def test_clean_example_scores_100_with_reviewer_items_pending():
    res = score(example('mee2024-clean'))
    # every document applies and earns its points, no basic element is
    # missing: 50 + (50 × 100 / 100 − 0) = 100
    applicable = sum(STANDARD.values())
    assert applicable == 100
    expected = 50 + (50 * 100 / applicable - 0)
    assert res['score'] == round2(expected) == 100
    # the items only a person can decide are pending: the score is with
    # them passed, and failing any legality one would make the file 0
    assert res['pending'] == list(gen_mee.PENDING_IN_CLEAN)
    assert res['complete'] is False
    assert res['score_range'] == [0, 100]
    assert failed(res) == []


def test_clean_example_with_the_verdicts_example_is_complete():
    res = score(example('mee2024-clean'), '--verdicts', VERDICTS)
    assert res['score'] == round2(50 + (50 * 100 / 100 - 0)) == 100
    assert res['complete'] is True
    assert res['pending'] == [] and res['score_range'] is None
    v08 = [i for i in res['items'] if i['id'] == 'V08'][0]
    assert v08['state'] == 'passed'
    assert v08['verdict']['machine_state'] == 'pending'


def test_documents_that_do_not_apply_leave_the_denominator():
    res = score(example('mee2024-not-applicable'))
    # 本项无需评审: no monitoring (监测报告 5), the correction ordered in
    # the decision (责令改正决定书 10), no hearing asked for (听证通知书 4,
    # 听证笔录 8), the fine paid (催告书 2, 强制执行申请书 5)
    not_applicable = 5 + 10 + 4 + 8 + 2 + 5
    applicable = 100 - not_applicable                     # 66
    # 告知书 without the contact (D08-5, 2 of its 10) and 决定书 without
    # the benchmark (D11-5, 1 of its 15)
    earned = applicable - 2 - 1                           # 63
    expected = 50 + (50 * earned / applicable - 0)        # 97.7272…
    assert applicable == 66 and earned == 63
    assert res['score'] == round2(expected) == 97.73
    assert failed(res) == ['D08-5', 'D11-5']
    for cid in ('D04', 'D07', 'D09', 'D10', 'D12', 'D13'):
        assert category(res, cid)['state'] == 'not-applicable', cid
    assert category(res, 'D08')['score'] == 10 * 8 / 10
    assert category(res, 'D11')['score'] == 15 * 14 / 15
    assert category(res, 'norm')['score'] == round2(50 * 63 / 66)


def test_a_missing_document_counts_0_and_stays_in_the_denominator():
    res = score(example('mee2024-missing-report'))
    # 无案件调查报告的，本项得0分: 0 of its 8, the 8 still in the 100
    earned = 100 - 8
    expected = 50 + (50 * earned / 100 - 0)               # 96
    assert res['score'] == round2(expected) == 96
    assert failed(res) == ['D06-0']
    assert category(res, 'D06')['score'] == 0
    assert 'state' not in category(res, 'D06')            # applicable
    # its reviewer items have no report to judge: no longer pending
    assert 'D06-2' not in res['pending'] and 'D06-3' not in res['pending']


def test_a_report_without_the_cma_mark_scores_0():
    res = score(example('mee2024-no-cma'))
    # 报告出具机构的资质认定标志……（若无，本项得0分）: 0 of the report's 5
    expected = 50 + (50 * (100 - 5) / 100 - 0)            # 97.5
    assert res['score'] == round2(expected) == 97.5
    assert failed(res) == ['D04-2']
    assert category(res, 'D04')['score'] == 0
    for sub in ('D04-1', 'D04-3', 'D04-4', 'D04-5', 'D04-6', 'D04-7',
                'D04-8'):
        assert state(res, sub) == 'not-applicable', sub


def test_basic_element_deductions():
    res = score(example('mee2024-basic-elements'))
    # 决定书未盖印章 (B1, 3), 询问笔录未注明“以下空白” (R8, 1), 修改处
    # 无签名 (R9, 1): 5 deducted; and the filing on the 16th day
    # (D01-3, 0.5 of 立案审批表's 2): 99.5 of 100 earned
    deductions = 3 + 1 + 1
    earned = 100 - 0.5
    expected = 50 + (50 * earned / 100 - deductions)      # 94.75
    assert res['score'] == round2(expected) == 94.75
    assert failed(res) == ['B1', 'D01-3', 'R8', 'R9']
    assert category(res, 'basic')['deducted'] == 5
    assert category(res, 'D01')['score'] == 2 * 1.5 / 2


def test_a_veto_makes_the_file_0():
    res = score(example('mee2024-veto'))
    # 案件调查人员同时作为本案的审查人员 (重大问题第21项): 直接评为0分
    assert res['score'] == 0 and res['vetoed'] is True
    assert res['vetoes'] == ['V21'] and failed(res) == ['V21']
    assert res['score_range'] == [0, 0]


def test_a_transfer_bonus():
    res = score(example('mee2024-transfer-bonus'))
    # 公安机关作出拘留决定: +15; 现场检查笔录未注明“以下空白” (R8, 1)
    expected = 50 + (50 * 100 / 100 - 1) + 15             # 114
    assert res['score'] == round2(expected) == 114
    assert res['bonus'] == 15 and state(res, 'X1') == 'passed'
    assert res['score_range'] == [0, 114]


def test_the_examples_match_their_descriptions():
    """Each example says in its header what it shows; the generator
    writes exactly the shipped files."""
    names = sorted(n for n in os.listdir(EXAMPLES) if n.startswith('mee2024-'))
    assert names == sorted(stem + '.xml' for stem, _, _ in gen_mee.EXAMPLES)


def verdicts_file(tmp_path, decisions, name='v.xml'):
    rows = []
    for item, result in decisions.items():
        rows.append('    <verdict item="%s" result="%s" by="张评查" '
                    'at="2025-01-15">理由</verdict>' % (item, result))
    path = tmp_path / name
    path.write_text('<verdicts xmlns="urn:casereview:verdicts:1" '
                    'checklist="%s">\n  <case id="%s">\n%s\n  </case>\n'
                    '</verdicts>\n' % (CID, gen_mee.CASE_ID, '\n'.join(rows)),
                    encoding='utf-8')
    return path


LEGALITY_REVIEWER = [i for i in gen_mee.PENDING_IN_CLEAN if i.startswith('V')]


def test_pending_items_with_and_without_verdicts(tmp_path):
    case = example('mee2024-clean')
    # without verdicts: every pending item passed for the score; failing
    # them at their largest would fire a veto: [0, 100]
    res = score(case)
    assert (res['score'], res['score_range']) == (100, [0, 100])

    # the legality ones decided, the two document ones (调查报告 2 and 3,
    # 2 points each) still pending: failing both earns 8 − 4 of D06
    v = verdicts_file(tmp_path, {i: 'passed' for i in LEGALITY_REVIEWER})
    res = score(case, '--verdicts', str(v))
    low = 50 + (50 * (100 - 2 - 2) / 100 - 0)             # 98
    assert res['pending'] == ['D06-2', 'D06-3']
    assert res['score'] == 100 and res['score_range'] == [round2(low), 100]

    # D06-3 (证据链) failed by the reviewer: D06 earns 6 of 8
    decided = dict({i: 'passed' for i in LEGALITY_REVIEWER},
                   **{'D06-2': 'passed', 'D06-3': 'failed'})
    res = score(case, '--verdicts', str(verdicts_file(tmp_path, decided)))
    expected = 50 + (50 * (100 - 2) / 100 - 0)            # 99
    assert res['score'] == round2(expected) == 99
    assert res['complete'] is True and res['score_range'] is None
    assert category(res, 'D06')['score'] == 8 * 6 / 8

    # V08 (事实与条款是否相符) failed: 重大问题, the file scores 0
    decided['V08'] = 'failed'
    res = score(case, '--verdicts', str(verdicts_file(tmp_path, decided)))
    assert res['score'] == 0 and res['vetoes'] == ['V08']


def test_review_form_round_trip(tmp_path):
    """An archive of the examples: the pending items exported as a review
    form, filled in (all passed, V08 failed for the clean case), turned
    into verdicts and scored again (docs/verdicts.md §4)."""
    import csv
    cases = [example(stem) for stem, _, _ in gen_mee.EXAMPLES]
    form = tmp_path / 'pending.csv'
    proc = subprocess.run([BIN, 'batch', '-c', CHECKLIST, '-q', '-o',
                           str(tmp_path / 'r.jsonl'), '--review-form',
                           str(form)] + cases,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    with open(form, encoding='utf-8-sig', newline='') as f:
        rows = list(csv.reader(f))
    head, rows = rows[0], rows[1:]
    case, item = head.index('案卷编号'), head.index('评查项')
    verdict = head.index('结论（通过/不通过/不适用）')
    # every example's pending items, each case by its own id
    assert {r[case] for r in rows} == {
        gen_mee.CASE_ID} | {'%s-%02d' % (gen_mee.CASE_ID, n)
                             for n in range(1, len(cases))}
    for r in rows:
        r[verdict] = '不通过' if (r[case], r[item]) == (gen_mee.CASE_ID,
                                                     'V08') else '通过'
    with open(form, 'w', encoding='utf-8-sig', newline='') as f:
        csv.writer(f).writerows([head] + rows)
    v = tmp_path / 'v.xml'
    proc = subprocess.run([BIN, 'verdicts', '-c', CHECKLIST, '--by', '张评查',
                           '--at', '2025-01-20', '-o', str(v), str(form)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    got = {r['case']['id']: r for r in run_score(cases, '--verdicts', str(v))}
    assert all(r['complete'] for r in got.values())
    assert got[gen_mee.CASE_ID]['score'] == 0            # V08: 重大问题
    assert got[gen_mee.CASE_ID + '-01']['score'] == \
        round2(50 + (50 * 63 / 66 - 0))
    assert got[gen_mee.CASE_ID + '-06']['score'] == \
        round2(50 + (50 * 100 / 100 - 1) + 15)


def test_not_needed_by_verdict_takes_a_document_out_of_the_ratio(tmp_path):
    """一般情况下，无现场检查笔录的，本项得0分；根据案情无需制作的，本项
    无需评审: the machine applies the rule, a reviewer the exception."""
    root = clean()
    gen_mee.remove(root, 'inspection-record')
    path = write(tmp_path, root)
    res = score(path)
    assert res['score'] == round2(50 + (50 * (100 - 10) / 100 - 0)) == 95
    v = verdicts_file(tmp_path, {'D02-0': 'not-applicable'})
    res = score(path, '--verdicts', str(v))
    assert category(res, 'D02')['state'] == 'not-applicable'
    assert res['score'] == round2(50 + (50 * 90 / 90 - 0)) == 100


def test_a_withdrawn_hearing_request_takes_the_hearing_documents_out(
        tmp_path):
    """听证通知书 and 听证笔录 本项无需评审 when no hearing was asked for;
    a request withdrawn in writing before any notice is the same."""
    root = clean()
    gen_mee.remove(root, 'hearing-notice', 'hearing-record')
    gen_mee.insert_doc(root, 'legal-review', 'waiver', '撤回听证申请书',
                       '2024-03-28', {'rights': 'hearing',
                                      'party-signed': 'true'})
    res = score(write(tmp_path, root))
    assert category(res, 'D09')['state'] == 'not-applicable'
    assert category(res, 'D10')['state'] == 'not-applicable'
    assert state(res, 'V15') == 'passed'
    applicable = 100 - 4 - 8
    assert res['score'] == round2(50 + (50 * applicable / applicable - 0))
    # not withdrawn: the hearing asked for was not held (重大问题第15项)
    # and its documents count 0 of their 4 + 8
    root = clean()
    gen_mee.remove(root, 'hearing-notice', 'hearing-record')
    res = score(write(tmp_path, root))
    assert state(res, 'V15') == 'failed' and res['score'] == 0
    assert category(res, 'D09')['score'] == 0
    assert category(res, 'D10')['score'] == 0


def test_the_formula_is_not_floored_at_0_for_normativity(tmp_path):
    """A file that earns little of the table and misses every basic
    element: its 规范性 is negative, 50 × E / 100 − 20 < 0, and the
    formula gives less than 50; so must the engine (卷面基本要素 is a
    top-level penalty, not a child of 规范性 that would stop at 0 and
    give 50)."""
    root = clean()
    # every document's text gone: what is left earns only through
    # structured facts
    for d in root.find('documents'):
        for t in d.findall('text'):
            d.remove(t)
    for it in root.find('evidence'):
        for t in it.findall('text'):
            it.remove(t)
    # and every basic element missing once (3+2+2+2+1 + 1+1+1+1.5+1.5+1+1+1+1)
    gen_mee.doc(root, 'correction-order').remove(
        gen_mee.doc(root, 'correction-order').find('seal'))            # B1 3
    clo = gen_mee.doc(root, 'closing-approval')
    clo.remove(clo.find("signature[@role='unit-head']"))               # B2 2
    root.find('party').set('address', '')                              # B3 2
    gen_mee.remove_receipt(root, gen_mee.doc(root, 'hearing-notice').get('id'))  # B4 2
    root.find('archive').set('cover', 'false')                         # B5 1
    insp = gen_mee.doc(root, 'inspection-record')
    insp.attrib.pop('end-time')                                        # R1 1
    insp.attrib.pop('recorder')                                        # R2 1
    for p in insp.findall('person'):
        insp.remove(p)                                                 # R3 1
    insp.set('certificates-shown', 'false')                            # R4 1.5
    insp.set('rights-told', 'statement defence')                       # R5 1.5
    insp.set('pages-signed', 'false')                                  # R6 1
    for s in insp.findall("signature[@role='officer']"):
        insp.remove(s)                                                 # R7 1
    insp.set('blank-struck', 'false')                                  # R8 1
    gen_mee.sub(insp, 'correction', {'page': '1', 'mark': 'none',
                                     'confirmed': 'false'})            # R9 1
    res = score(write(tmp_path, root))
    assert res['vetoed'] is False
    deductions = 3 + 2 + 2 + 2 + 1 + 1 + 1 + 1 + 1.5 + 1.5 + 1 + 1 + 1 + 1
    assert deductions == 20 and category(res, 'basic')['deducted'] == 20
    # what each document still earns, from the table's sub-item points:
    # a document scores its standard points × earned / the points of its
    # sub-items that apply (本项 rescaled when a sub-item does not apply)
    doc_scores = {
        'D01': 0.5 + 0.5,          # 来源、案由 (case data); 立案期限; 立案理由 was text
        'D02': 1,                  # 采样和其他情况 (the sampling point)
        'D03': 1,                  # 送达地址确认 (the confirmation form)
        'D04': 5,                  # the report's facts are all structured
        # 书证 1–3 (3 + 1 + 2) earn; 视听资料 (1) needs its text; no
        # witness: 证人证言 (1) does not apply, 8 × 6 / 7
        'D05': 8 * (3 + 1 + 2) / (3 + 1 + 2 + 1),
        'D06': 2 + 2,              # the two reviewer items, pending = passed
        'D07': 2,                  # 责令改正的依据 (<basis>)
        'D08': 2,                  # 拟处罚种类、基准 (<penalty>, <discretion>)
        'D09': 0,
        'D10': 1 + 1 + 1 + 1,      # 申请人 (persons), 调查人 (officers), 签名 ×2
        'D11': 2 + 1 + 1 + 1 + 1,  # 依据, 裁量基准, 种类幅度, 救济 (<remedy>), 期限
        'D12': 0,
        'D13': 0,
        'D14': 1,                  # 附执行文书 (the application)
    }
    total = sum(doc_scores.values())                      # 33.857…
    normativity = 50 * total / 100 - deductions           # 16.93 − 20 < 0
    expected = 50 + normativity                           # 46.93
    assert normativity < 0
    assert res['score'] == round2(expected) == 46.93
    assert category(res, 'norm')['score'] == round2(50 * total / 100)
    for cid, e in doc_scores.items():
        assert category(res, cid)['score'] == round2(e), cid


# ------------------------------------------------------- the table

def items_of(cat):
    return [c for c in cat if c.tag == NS + 'item']


def test_the_checklist_has_the_tables_shape():
    root = ET.parse(CHECKLIST).getroot()
    assert root.get('id') == CID and root.get('veto') == 'zero'
    assert root.get('total') == '100'
    assert root.find(NS + 'grades') is None               # none defined
    top = [c for c in root if c.tag == NS + 'category']
    assert [(c.get('id'), c.get('points'), c.get('scoring'), c.get('role'))
            for c in top] == [('legality', '50', None, None),
                              ('norm', '50', 'earn', None),
                              ('basic', '20', None, 'penalty'),
                              ('bonus', '15', None, 'bonus')]
    docs = {c.get('id'): c for c in top[1] if c.tag == NS + 'category'}
    assert {k: float(c.get('points')) for k, c in docs.items()} == STANDARD
    for cid, cat in docs.items():
        assert cat.get('scoring') == 'earn', cid
        # its sub-items' points are its standard points
        assert sum(float(i.get('points')) for i in items_of(cat)) == \
            STANDARD[cid], cid
    # 本项得0分: a 0-point item failing zeroes its document
    zero = [i for c in docs.values() for i in items_of(c)
            if i.get('id').endswith('-0')]
    assert all(i.get('points') == '0' and i.get('on-fail') == 'zero-category'
               for i in zero)
    assert len(zero) == 13                                # all but 监测报告
    cma = root.find(".//%sitem[@id='D04-2']" % NS)
    assert cma.get('on-fail') == 'zero-category'


BASIC = {'B1': 3, 'B2': 2, 'B3': 2, 'B4': 2, 'B5': 1, 'R1': 1, 'R2': 1,
         'R3': 1, 'R4': 1.5, 'R5': 1.5, 'R6': 1, 'R7': 1, 'R8': 1, 'R9': 1}


def test_the_basic_elements_and_the_bonus():
    root = ET.parse(CHECKLIST).getroot()
    basic = root.find("%scategory[@id='basic']" % NS)
    assert {i.get('id'): float(i.get('deduct')) for i in items_of(basic)} \
        == BASIC
    assert sum(BASIC.values()) == 20
    bonus = root.find("%scategory[@id='bonus']" % NS)
    assert [(i.get('id'), i.get('bonus')) for i in items_of(bonus)] == \
        [('X1', '15'), ('X2', '15')]


def test_the_25_legality_items_are_vetoes():
    root = ET.parse(CHECKLIST).getroot()
    legality = root.find("%scategory[@id='legality']" % NS)
    numbers = {}
    for it in items_of(legality):
        assert it.get('veto') == 'true', it.get('id')
        m = re.search(r'一、合法性评查标准第(\d+)项', it.get('basis'))
        assert m, it.get('id')
        n = int(m.group(1))
        assert it.get('id').startswith('V%02d' % n), it.get('id')
        numbers.setdefault(n, []).append(it.get('id'))
    assert sorted(numbers) == list(range(1, 26))


def test_reviewer_items_are_the_generators():
    root = ET.parse(CHECKLIST).getroot()
    reviewer = tuple(i.get('id') for i in root.iter(NS + 'item')
                     if i.get('decide') == 'reviewer')
    assert reviewer == gen_mee.REVIEWER_ITEMS
    assert set(gen_mee.PENDING_IN_CLEAN) <= set(reviewer)


def test_every_item_cites_the_standard():
    for it in ET.parse(CHECKLIST).getroot().iter(NS + 'item'):
        assert '《生态环境行政执法案卷评查细则（2024年版）》' in it.get('basis'), \
            it.get('id')
        assert it.get('title', '').strip(), it.get('id')


def test_lint_is_clean_and_describe_lists_every_item():
    proc = subprocess.run([BIN, 'lint', CHECKLIST], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'warning' not in (proc.stdout + proc.stderr).lower()
    ids = [i.get('id') for i in ET.parse(CHECKLIST).getroot().iter(
        NS + 'item')]
    md = subprocess.run([BIN, 'describe', CHECKLIST], capture_output=True,
                        text=True, timeout=60).stdout
    for iid in ids:
        assert '\n| %s | ' % iid in md, iid


MODES = [{}, {'CASEREVIEW_XPATH': 'verify'}, {'CASEREVIEW_XPATH': 'libxml2'},
         {'CASEREVIEW_TREE': 'sax'}, {'CASEREVIEW_TREE': 'libxml2'}]


@pytest.mark.parametrize('mode', MODES, ids=lambda m: ','.join(
    '%s=%s' % kv for kv in m.items()) or 'default')
def test_own_tests_pass(mode):
    """Under each evaluator and tree builder (the fast XPath path checked
    against libxml2 expression by expression with verify)."""
    proc = subprocess.run([BIN, 'test', '-q', CHECKLIST], capture_output=True,
                          text=True, timeout=300,
                          env=dict(os.environ, LC_ALL='en_US.UTF-8',
                                   **mode))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    m = re.search(r'(\d+) test\(s\), (\d+) passed, 0 failed', proc.stdout)
    assert m and m.group(1) == m.group(2) and int(m.group(1)) >= 120


# ------------------------------------------- one failing case per item

def machine_items():
    return [i.get('id') for i in ET.parse(CHECKLIST).getroot().iter(
        NS + 'item') if i.get('decide') != 'reviewer']


def test_every_machine_item_has_a_failing_case():
    have = sorted(f[:-4] for f in os.listdir(ITEMS) if f.endswith('.xml'))
    assert have == sorted(machine_items())
    assert sorted(gen_mee.DEFECTS) == sorted(machine_items())


def test_every_item_fails_on_its_case():
    ids = machine_items()
    results = run_score([os.path.join(ITEMS, i + '.xml') for i in ids])
    for iid, res in zip(ids, results):
        assert state(res, iid) == 'failed', iid
        assert not [i for i in res['items'] if i['state'] == 'error'], iid
        with open(os.path.join(ITEMS, iid + '.xml'), encoding='utf-8') as f:
            assert re.search(r'<!--.*item %s\b' % re.escape(iid), f.read(600),
                             re.S), iid


def test_reviewer_items_give_hints(tmp_path):
    """The machine's hints for the reviewer: a unit seal on the decision
    (V01R), the decision not naming the party (V03), a party claiming no
    fault (V07), an inexact citation (V10)."""
    root = clean()
    dec = gen_mee.doc(root, 'decision')
    gen_mee.sub(dec, 'seal', {'name': '常州市生态环境局执法支队', 'kind': 'unit'})
    gen_mee.replace_text(dec, '当事人：常州恒达化工有限公司，', '')
    gen_mee.replace_text(gen_mee.doc(root, 'hearing-record'),
                         '请求从轻处罚', '称超标系运维单位操作失误，本公司没有过错')
    root.find('decision/basis').set('article', '第九十九条第（二）款项')
    res = score(write(tmp_path, root))
    hints = {i['id']: len(i.get('findings', [])) for i in res['items']}
    for iid in ('V01R', 'V03', 'V07', 'V10'):
        assert state(res, iid) == 'pending' and hints[iid] >= 1, iid
    for f in [i for i in res['items'] if i['id'] == 'V01R'][0]['findings']:
        assert f.get('hint') is True


def test_the_generator_writes_the_shipped_files(tmp_path):
    subprocess.run([sys.executable, os.path.join(ROOT, 'examples',
                                                 'gen_mee.py'),
                    '--examples', str(tmp_path / 'ex'),
                    '--items', str(tmp_path / 'items'),
                    '--verdicts', str(tmp_path / 'v')],
                   check=True, timeout=120)
    for p in (tmp_path / 'ex').iterdir():
        with open(os.path.join(EXAMPLES, p.name), 'rb') as f:
            assert f.read() == p.read_bytes(), p.name
    written = sorted(p.name for p in (tmp_path / 'items' / CID).iterdir())
    assert written == sorted(os.listdir(ITEMS))
    for n in written:
        with open(os.path.join(ITEMS, n), 'rb') as f:
            assert f.read() == (tmp_path / 'items' / CID / n).read_bytes(), n
    with open(VERDICTS, 'rb') as f:
        assert f.read() == (tmp_path / 'v' /
                            'mee2024-clean-verdicts.xml').read_bytes()


# ---------------------------------------------------- files and accepts

def mee_case_files():
    return [example(stem) for stem, _, _ in gen_mee.EXAMPLES] + \
        [os.path.join(ITEMS, n) for n in sorted(os.listdir(ITEMS))]


def test_validate_accepts_the_cases():
    proc = subprocess.run([BIN, 'validate'] + mee_case_files(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and 'error[' not in proc.stdout, proc.stdout
    # the examples are warning-free too
    proc = subprocess.run([BIN, 'validate'] +
                          [example(s) for s, _, _ in gen_mee.EXAMPLES],
                          capture_output=True, text=True, timeout=60)
    assert 'warning[' not in proc.stdout, proc.stdout


@pytest.mark.skipif(shutil.which('xmllint') is None,
                    reason='xmllint (libxml2-utils) not found')
def test_the_cases_follow_the_rng():
    proc = subprocess.run(['xmllint', '--noout', '--relaxng', SCHEMA] +
                          mee_case_files(), capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_verdicts_example_loads():
    proc = subprocess.run([BIN, 'lint', '--verdicts', VERDICTS, CHECKLIST],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_accepts_general_penalty_files_only(tmp_path):
    root = clean()
    root.find('decision/discretion').set('level', 'exempt')
    exempt = write(tmp_path, root, 'exempt.xml')
    refused = [os.path.join(EXAMPLES, 'clean-simplified.xml'),
               os.path.join(EXAMPLES, 'clean-inspection.xml'),
               str(exempt)]
    for path, res in zip(refused, run_score(refused)):
        assert res['error']['kind'] == 'not-accepted', path
    (res,) = run_score([os.path.join(EXAMPLES, 'clean-general.xml')])
    assert 'error' not in res


def test_a_casefile_1_file_is_scored_without_the_11_facts():
    """casefile/1 cannot carry seals, signatures, record times, rights
    told, test reports or coercive measures: those items do not apply."""
    res = score(os.path.join(EXAMPLES, 'clean-general.xml'))
    for iid in ('V01', 'V06', 'V16', 'V18', 'V25', 'B2', 'R3', 'R5', 'R7',
                'R8', 'R9', 'D10-8', 'D04-2'):
        assert state(res, iid) == 'not-applicable', iid
    assert category(res, 'D04')['state'] == 'not-applicable'


# ------------------------------------------------ statutory boundaries

def notice_served_on(root, date):
    n = gen_mee.doc(root, 'penalty-notice')
    n.set('date', date)
    for r in gen_mee.docs(root, 'service-receipt'):
        if r.get('serves') == n.get('id'):
            r.set('date', date)


@pytest.mark.parametrize('wd,waiver,ok', [(5, False, False), (6, False, True),
                                          (5, True, True)])
def test_v14_statement_period_in_working_days(tmp_path, wd, waiver, ok):
    """Deciding on the fifth working day after the notice was served is
    inside the period (五日 are working days, APL 85) unless the party
    waived its rights in writing."""
    root = clean()
    notice_served_on(root, '2024-03-22')
    set_decision_date(root, add_wd('2024-03-22', wd))
    if waiver:
        gen_mee.insert_doc(root, 'hearing-request', 'waiver', '放弃陈述申辩和听证声明',
                           '2024-03-25', {'rights': 'statement hearing',
                                          'party-signed': 'true'})
    res = score(write(tmp_path, root))
    assert state(res, 'V14') == ('passed' if ok else 'failed')


@pytest.mark.parametrize('party,fine,ok', [
    ('organization', 199999, True), ('organization', 200000, False),
    ('individual', 4999, True), ('individual', 5000, False)])
def test_v14_hearing_right_from_the_threshold(tmp_path, party, fine, ok):
    """The notice must tell the hearing right from 较大数额 on: 200,000
    yuan for an organisation, 5,000 for a citizen (params)."""
    root = clean()
    root.find('party').set('kind', party)
    for pen in (root.find('decision/penalty'),
                gen_mee.doc(root, 'penalty-notice').find('penalty')):
        pen.set('amount', str(fine))
    gen_mee.doc(root, 'penalty-notice').set('informs-hearing', 'false')
    res = score(write(tmp_path, root))
    assert state(res, 'V14') == ('passed' if ok else 'failed')


@pytest.mark.parametrize('act_end,ok', [('2022-03-04', True),
                                        ('2022-03-03', False)])
def test_v20_two_year_limitation(tmp_path, act_end, ok):
    """Found on 2024-03-04: an act that ended two years before to the day
    is still within the period (APL 36)."""
    root = clean()
    root.find('act').set('date', '2022-01-10')
    root.find('act').set('end-date', act_end)
    root.find('cause').set('act-date', act_end)
    res = score(write(tmp_path, root))
    assert state(res, 'V20') == ('passed' if ok else 'failed')


def filed_on(root, source, filing):
    root.find('source').set('date', source)
    f = gen_mee.doc(root, 'filing-approval')
    f.set('date', filing)
    for s in f.findall('signature'):
        s.set('date', filing)


@pytest.mark.parametrize('source,filing,ok', [
    ('2024-03-04', '2024-03-19', True),    # the 15th day
    ('2024-03-04', '2024-03-20', False),
    ('2024-09-16', '2024-10-08', True),    # day 15 is 10-01: next working day
    ('2024-09-16', '2024-10-09', False),
    ('2023-06-01', add_wd('2023-06-01', 7), True),   # before 2023-07-01:
    ('2023-06-01', add_wd('2023-06-01', 8), False)])  # 7 working days
def test_d01_3_filing_period(tmp_path, source, filing, ok):
    root = clean()
    filed_on(root, source, filing)
    res = score(write(tmp_path, root))
    assert state(res, 'D01-3') == ('passed' if ok else 'failed')


def d11_deadline(extra_days):
    """Filing 2024-03-06 + 90 days + EXTRA, then the next working day."""
    d = dt.date(2024, 3, 6) + dt.timedelta(days=90 + extra_days)
    return next_workday(d)


@pytest.mark.parametrize('listed,late', [(False, False), (False, True),
                                         (True, False), (True, True)])
def test_d11_10_decision_within_90_days_excluding_periods(tmp_path, listed,
                                                          late):
    """90 days from filing; the hearing (request 03-25 to the hearing
    04-08, 14 days) does not count, nor, when listed, a testing period."""
    root = clean()
    extra = 14
    if listed:
        ep = ET.Element('excluded-periods')
        gen_mee.sub(ep, 'period', {'kind': 'testing', 'from': '2024-03-04',
                                   'to': '2024-03-11', 'days': '7',
                                   'document': 'd5'})
        gen_mee.sub(ep, 'period', {'kind': 'hearing', 'from': '2024-03-25',
                                   'to': '2024-04-08', 'days': '14'})
        root.insert(list(root).index(root.find('decision')), ep)
        extra = 7 + 14
    deadline = d11_deadline(extra)
    when = deadline + dt.timedelta(days=1) if late else deadline
    set_decision_date(root, when.isoformat())
    res = score(write(tmp_path, root))
    assert state(res, 'D11-10') == ('failed' if late else 'passed')


@pytest.mark.parametrize('reinspected,ok', [('2024-04-11', True),
                                            ('2024-04-12', False)])
def test_v23_reinspection_within_30_days_of_service(tmp_path, reinspected, ok):
    """The correction order was served 2024-03-12: 复查 by 04-11."""
    root = clean()
    gen_mee.add_daily(root, reinspection=reinspected)
    res = score(write(tmp_path, root))
    assert state(res, 'V23') == ('passed' if ok else 'failed')


@pytest.mark.parametrize('released,testing,ok', [
    ('2024-04-03', False, True),   # 03-04 + 30 days = 04-03
    ('2024-04-07', False, False),
    ('2024-04-10', True, True),    # 7 days of notified testing do not count
    ('2024-04-11', True, False)])
def test_v25_seizure_term(tmp_path, released, testing, ok):
    root = clean()
    gen_mee.add_seizure(root, released=released)
    if testing:
        ep = ET.Element('excluded-periods')
        gen_mee.sub(ep, 'period', {'kind': 'testing', 'from': '2024-03-04',
                                   'to': '2024-03-11', 'days': '7',
                                   'document': 'd5'})
        root.insert(list(root).index(root.find('decision')), ep)
    res = score(write(tmp_path, root))
    assert state(res, 'V25') == ('passed' if ok else 'failed')


@pytest.mark.parametrize('fine,applies', [(199999, False), (200000, True)])
def test_v17_collective_discussion_scope(tmp_path, fine, applies):
    """Outside the scope of collective discussion (param collective-fine)
    a missing discussion is no 重大问题 (注意事项 of 第17项)."""
    root = clean()
    for pen in (root.find('decision/penalty'),
                gen_mee.doc(root, 'penalty-notice').find('penalty')):
        pen.set('amount', str(fine))
    gen_mee.remove(root, 'collective-discussion')
    res = score(write(tmp_path, root))
    assert state(res, 'V17') == ('failed' if applies else 'not-applicable')


def test_v12_no_heavier_penalty_than_notified(tmp_path):
    root = clean()
    gen_mee.doc(root, 'penalty-notice').find('penalty').set('amount', '249999')
    res = score(write(tmp_path, root))
    assert state(res, 'V12') == 'failed'
    gen_mee.doc(root, 'penalty-notice').find('penalty').set('amount', '250000')
    res = score(write(tmp_path, root))
    assert state(res, 'V12') == 'passed'
