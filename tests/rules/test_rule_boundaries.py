"""Boundaries of the shipped general-procedure checklist against the law
files (../shared/domain): each test changes one fact of the clean example
and checks the items it concerns, on both sides of the boundary.

Run:  /usr/bin/python3 -m pytest tests/rules
The binary is $CASEREVIEW_BIN, default build/cli/casereview.
"""

import json
import os
import subprocess
import xml.etree.ElementTree as ET

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.environ.get('CASEREVIEW_BIN',
                     os.path.join(ROOT, 'build', 'cli', 'casereview'))
GENERAL = os.path.join(ROOT, 'rules', 'penalty-general.xml')
SIMPLIFIED = os.path.join(ROOT, 'rules', 'penalty-simplified.xml')
CLEAN = os.path.join(ROOT, 'examples', 'cases', 'clean-general.xml')
CLEAN_SIMPLIFIED = os.path.join(ROOT, 'examples', 'cases',
                                'clean-simplified.xml')
NS = '{urn:casereview:checklist:1}'

if not os.access(BIN, os.X_OK):
    pytest.skip('casereview binary not found at %s (set CASEREVIEW_BIN)' % BIN,
                allow_module_level=True)


def clean():
    return ET.parse(CLEAN).getroot()


def doc(root, kind, served=None):
    for d in root.find('documents'):
        if d.get('kind') == kind and (served is None
                                      or d.get('served') == served):
            return d
    raise LookupError(kind)


def score(tmp_path, root, name='case.xml', checklist=GENERAL):
    path = tmp_path / name
    path.write_bytes(ET.tostring(root, encoding='utf-8'))
    proc = subprocess.run([BIN, 'score', '-c', checklist, '--format', 'json',
                           str(path)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    res = json.loads(proc.stdout)
    assert res['complete'], [i for i in res['items'] if i['state'] == 'error']
    return res


def state(res, item):
    return {i['id']: i['state'] for i in res['items']}[item]


def set_dates(root, kind, date, served=None):
    doc(root, kind, served).set('date', date)


# ------------------------------------------------------- officers (S2, S6)

@pytest.mark.parametrize('expires,veto', [('2024-03-19', True),
                                          ('2024-03-20', False)])
def test_s6_certificates_valid_when_the_investigation_began(tmp_path, expires,
                                                            veto):
    """three-systems.md §5: a certificate counts if valid at the document's
    date. The first investigation document is dated 2024-03-20, the case
    source 2024-03-18: certificates that expired on 03-19 never covered
    any investigation (the checklist used to compare with the source)."""
    root = clean()
    for o in root.find('officers'):
        o.set('certificate-expires', expires)
    res = score(tmp_path, root)
    assert state(res, 'S6') == ('failed' if veto else 'passed')
    assert res['vetoed'] is veto
    assert ('S6' in res['vetoes']) is veto


@pytest.mark.parametrize('o2_expires,veto', [('2024-03-21', True),
                                             ('2024-03-22', False)])
def test_s6_each_certificate_against_its_own_document(tmp_path, o2_expires,
                                                      veto):
    """The 03-20 documents carry only o1; the inquiry of 03-22 carries o1
    and o2. With o2's certificate expired on 03-21 no document shows two
    qualified officers, although o2 was qualified when the investigation
    began (cr:lookup pairs each officer with its own document's date)."""
    root = clean()
    for kind in ('inspection-record', 'preservation-notice'):
        d = doc(root, kind)
        d.remove(d.findall('officer')[1])
    root.find("officers/officer[@id='o2']").set('certificate-expires',
                                                o2_expires)
    res = score(tmp_path, root)
    assert state(res, 'S6') == ('failed' if veto else 'passed')
    assert res['vetoed'] is veto


def test_s2_uncertified_third_officer_is_no_veto(tmp_path):
    """MEE 2024 (three-systems.md §5): a missing certificate is a veto
    only when the file shows no two qualified officers (S6)."""
    root = clean()
    ET.SubElement(root.find('officers'), 'officer',
                  {'id': 'o4', 'name': '赵强', 'certificate': '',
                   'certificate-expires': ''})
    ET.SubElement(doc(root, 'inquiry-record'), 'officer', {'ref': 'o4'})
    res = score(tmp_path, root)
    assert state(res, 'S2') == 'failed'
    assert state(res, 'S6') == 'passed'
    assert res['vetoed'] is False and res['score'] == 95


# ------------------------------------------------ notice and hearing (P5-P9)

@pytest.mark.parametrize('change', ['no-receipt', 'served-after-decision',
                                    'served-on-decision-day'])
def test_p5_notice_must_reach_the_party_before_the_decision(tmp_path, change):
    """penalty-law.md, APL 44: served(penalty-notice) < decision, veto."""
    root = clean()
    if change == 'no-receipt':
        root.find('documents').remove(doc(root, 'service-receipt',
                                          'penalty-notice'))
    else:
        set_dates(root, 'service-receipt',
                  '2024-04-16' if change == 'served-after-decision'
                  else '2024-04-15', 'penalty-notice')
    res = score(tmp_path, root)
    assert state(res, 'P5') == 'failed'
    assert 'P5' in res['vetoes']


@pytest.mark.parametrize('decided,ok', [('2024-04-12', True),
                                        ('2024-04-11', False)])
def test_p7_statement_period_is_a_veto(tmp_path, decided, ok):
    """Notice served Wed 2024-04-03; its five working days are Sun 04-07
    (make-up day after the Qingming holiday, 04-04 to 04-06) to Thu 04-11.
    The decision must come after the period, and deciding inside it is a
    veto (APL 62, MEE 14)."""
    root = clean()
    for d in root.find('documents'):
        if d.get('kind') in ('statement-record', 'legal-review'):
            d.set('date', '2024-04-08')
    root.find('decision').set('date', decided)
    set_dates(root, 'decision', decided)
    res = score(tmp_path, root)
    assert state(res, 'P7') == ('passed' if ok else 'failed')
    assert ('P7' in res['vetoes']) is (not ok)


def test_p8_hearing_right_not_told_is_a_veto(tmp_path):
    """A 100 000 yuan fine to an organisation is hearing-eligible (the
    default threshold; APL 63, MEE 14)."""
    root = clean()
    root.find('decision/penalty').set('amount', '100000')
    doc(root, 'penalty-notice').set('informs-hearing', 'false')
    res = score(tmp_path, root)
    assert state(res, 'P8') == 'failed' and 'P8' in res['vetoes']


@pytest.mark.parametrize('requested,applies', [('2024-04-11', True),
                                               ('2024-04-12', False)])
def test_p9_only_a_request_in_time_must_be_heard(tmp_path, requested, applies):
    """APL 64: the request comes within 5 working days of the notice
    (served 04-03: the make-up Sunday 04-07 is day 1, 04-11 day 5,
    04-12 day 6)."""
    root = clean()
    req = ET.Element('document', {'kind': 'hearing-request',
                                  'title': '听证申请书', 'date': requested})
    docs = root.find('documents')
    docs.insert(list(docs).index(doc(root, 'statement-record')), req)
    res = score(tmp_path, root)
    assert state(res, 'P9') == ('failed' if applies else 'not-applicable')


# ------------------------------------------- review and discussion (P11, P14)

def test_p11_disagreeing_review_then_decision_is_a_veto(tmp_path):
    """three-systems.md §3: `disagree` followed by a decision is a veto,
    also where the review was not compulsory (a 30 000 yuan fine is below
    the legal-review threshold: the item used not to apply)."""
    root = clean()
    root.find('decision/penalty').set('amount', '30000')
    doc(root, 'legal-review').set('opinion', 'disagree')
    res = score(tmp_path, root)
    assert state(res, 'P11') == 'failed' and 'P11' in res['vetoes']
    # a review that agrees, after the disagreeing one: passes
    agree = ET.Element('document', dict(doc(root, 'legal-review').attrib,
                                        date='2024-04-12', opinion='agree'))
    docs = root.find('documents')
    docs.insert(list(docs).index(doc(root, 'legal-review')) + 1, agree)
    res = score(tmp_path, root)
    assert state(res, 'P11') == 'passed'


@pytest.mark.parametrize('follow_up', [None, 'note', 'review'])
def test_p12_revise_needs_a_later_review_or_a_note(tmp_path, follow_up):
    """three-systems.md §3: `revise` => a later review or a note."""
    root = clean()
    review = doc(root, 'legal-review')
    review.set('opinion', 'revise')
    if follow_up == 'note':
        ET.SubElement(review, 'note').text = '已按审核意见修改处罚决定书'
    elif follow_up == 'review':
        again = ET.Element('document', dict(review.attrib, date='2024-04-12',
                                            opinion='agree'))
        docs = root.find('documents')
        docs.insert(list(docs).index(review) + 1, again)
    res = score(tmp_path, root)
    assert state(res, 'P12') == ('failed' if follow_up is None else 'passed')


def test_p14_collective_discussion_missing_is_a_veto(tmp_path):
    """A 100 000 yuan fine is a major case here (APL 57, MEE 17)."""
    root = clean()
    dec = root.find('decision')
    dec.find('penalty').set('amount', '100000')
    dec.find('penalty').set('amount-text', '人民币壹拾万元整')
    res = score(tmp_path, root)
    assert state(res, 'P14') == 'failed' and 'P14' in res['vetoes']


# ------------------------------------------------------- 90 days (P15)

@pytest.mark.parametrize('decided,ok', [('2024-10-08', True),
                                        ('2024-10-09', False)])
def test_p15_ninety_days_ending_on_a_holiday(tmp_path, decided, ok):
    """calendar.md §4: filed 2024-07-03, day 90 is 10-01 (National Day),
    so the period runs to the next working day, 10-08."""
    root = clean()
    set_dates(root, 'filing-approval', '2024-07-03')
    root.find('decision').set('date', decided)
    res = score(tmp_path, root)
    assert state(res, 'P15') == ('passed' if ok else 'failed')


# ------------------------------------------------------- minors (L11)

def individual(root, birth):
    party = root.find('party')
    party.attrib.clear()
    party.attrib.update({'kind': 'individual', 'name': '王小明',
                         'id-type': 'resident-id',
                         'id': '370402' + birth.replace('-', '') + '0012',
                         'address': '枣庄市市中区光明路1号'})


@pytest.mark.parametrize('source,minor', [('2026-02-28', True),
                                          ('2026-03-01', False)])
def test_l11_born_on_29_february(tmp_path, source, minor):
    """Born 2008-02-29: under 18 on 2026-02-28, of age on 03-01. The
    18th birthday used to be built as the invalid date 2026-02-29, and
    the item never applied."""
    root = clean()
    individual(root, '2008-02-29')
    root.find('source').set('date', source)
    res = score(tmp_path, root)
    assert state(res, 'L11') == ('failed' if minor else 'not-applicable')


def test_l11_under_fourteen_is_not_penalised(tmp_path):
    """APL 30: under 14 at the act, no penalty; `lighter` is not enough."""
    root = clean()
    individual(root, '2011-01-05')
    root.find('decision/discretion').set('level', 'lighter')
    res = score(tmp_path, root)
    item = [i for i in res['items'] if i['id'] == 'L11'][0]
    assert item['state'] == 'failed'
    assert '未满十四周岁' in item['findings'][0]['message']
    root.find('decision/discretion').set('level', 'exempt')
    assert state(score(tmp_path, root), 'L11') == 'passed'


@pytest.mark.parametrize('code,ok', [('92370402MA3D2E8P90', True),
                                     ('91370402MA3C4K7N2P', False)])
def test_e3_individual_business_with_credit_code(tmp_path, code, ok):
    """A 个体工商户 (credit code 92...) may be an individual party."""
    root = clean()
    root.find('party').attrib.update({'kind': 'individual', 'id': code})
    assert state(score(tmp_path, root), 'E3') == ('passed' if ok
                                                   else 'failed')


# ------------------------------------------------ discretion (L5, L6, L10)

def test_l6_benchmark_of_another_cause(tmp_path):
    """three-systems.md §4.1: the benchmark must be the one for the cause
    (a FOOD-034 case citing FOOD-125-2 at a level whose band holds the
    fine)."""
    root = clean()
    disc = root.find('decision/discretion')
    disc.attrib.update({'benchmark': 'FOOD-125-2'})
    res = score(tmp_path, root)
    item = [i for i in res['items'] if i['id'] == 'L6'][0]
    assert item['state'] == 'failed'
    assert any('与本案案由' in f['message'] for f in item['findings'])


def test_l5_other_is_a_penalty_kind(tmp_path):
    """casefile-v1 lists `other` (APL 9(6))."""
    root = clean()
    ET.SubElement(root.find('decision'), 'penalty', {'kind': 'other'})
    assert state(score(tmp_path, root), 'L5') == 'passed'


def test_l10_mitigation_without_ground_is_a_veto(tmp_path):
    """APL 30-32, MEE 12 (three-systems.md §4)."""
    root = clean()
    disc = root.find('decision/discretion')
    disc.set('level', 'mitigated')
    disc.text = '初次违法，认错态度较好'
    res = score(tmp_path, root)
    assert state(res, 'L10') == 'failed' and 'L10' in res['vetoes']


# ------------------------------------------------------- simplified

@pytest.mark.parametrize('receipt,signed', [('true', True), ('false', False)])
def test_simplified_p3_signature_on_decision_or_receipt(tmp_path, receipt,
                                                        signed):
    """casefile/1 defines party-signed for records; a file may show the
    party's signature on the decision's service receipt instead."""
    root = ET.parse(CLEAN_SIMPLIFIED).getroot()
    doc(root, 'decision').set('party-signed', 'false')
    doc(root, 'service-receipt', 'decision').set('recipient-signed', receipt)
    res = score(tmp_path, root, checklist=SIMPLIFIED)
    assert state(res, 'P3') == ('passed' if signed else 'failed')


# ------------------------------------------------------- citations

def test_simplified_contents_cite_article_52_paragraph_2():
    """APL 52: the first paragraph is showing certificates and handing the
    numbered decision over, the second what the decision must state."""
    root = ET.parse(SIMPLIFIED).getroot()
    basis = {it.get('id'): it.get('basis') for it in root.iter(NS + 'item')}
    for iid in ('E1', 'E3', 'L3', 'D2', 'D4'):
        assert '第五十二条第二款' in basis[iid], iid
    for iid in ('S5', 'P2', 'P3', 'D1'):
        assert '第五十二条第一款' in basis[iid], iid


# ------------------------------------------------------------------
# False positives on published decisions (the classes of the precision
# review) and law errors: each test pins the boundary the law draws.

def item(res, iid):
    return [i for i in res['items'] if i['id'] == iid][0]


def edit_text(root, kind, old, new):
    t = doc(root, kind).find('text')
    assert old in t.text, old
    t.text = t.text.replace(old, new)


def score_with(tmp_path, root, *extra, checklist=GENERAL):
    path = tmp_path / 'case.xml'
    path.write_bytes(ET.tostring(root, encoding='utf-8'))
    proc = subprocess.run([BIN, 'score', '-c', checklist, '--format', 'json',
                           *extra, str(path)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


# L6: a decision citing its own province's published benchmark uses one

def unknown_entry(root):
    root.find('decision/discretion').set('benchmark', 'ZJ-SCJG-0341')
    edit_text(root, 'decision', '依据FOOD-034裁量基准',
              '依据ZJ-SCJG-0341裁量基准')


def test_l6_decision_citing_its_provinces_benchmark(tmp_path):
    """APL 34: agencies publish benchmarks; a decision that names the
    published document it applied has used a benchmark, even one the
    sample table does not hold. Without such a citation, an entry the
    loaded table lacks is no benchmark."""
    root = clean()
    unknown_entry(root)
    res = score(tmp_path, root)
    assert state(res, 'L6') == 'failed'
    assert state(res, 'L7') == 'not-applicable'
    edit_text(root, 'decision', '依据ZJ-SCJG-0341裁量基准',
              '依据《浙江省市场监督管理行政处罚裁量基准》')
    assert state(score(tmp_path, root), 'L6') == 'passed'
    edit_text(root, 'decision', '《浙江省市场监督管理行政处罚裁量基准》',
              '《湖南省住房和城乡建设行政处罚基准》')
    assert state(score(tmp_path, root), 'L6') == 'passed'


def test_l6_no_fine_no_benchmark(tmp_path):
    """A decision with nothing to weigh (an order only, casefile kind
    other, no discretion recorded) has no benchmark to apply."""
    root = clean()
    dec = root.find('decision')
    for el in dec.findall('penalty') + dec.findall('discretion'):
        dec.remove(el)
    ET.SubElement(dec, 'penalty', {'kind': 'other'})
    assert state(score(tmp_path, root), 'L6') == 'not-applicable'


def test_l6_declared_benchmark_title(tmp_path):
    """casefile attribute discretion/@benchmark-title declares the
    published benchmark the decision cites."""
    root = clean()
    unknown_entry(root)
    root.find('decision/discretion').set(
        'benchmark-title', '《山东省市场监督管理行政处罚裁量权基准》')
    assert state(score(tmp_path, root), 'L6') == 'passed'


def test_l6_agency_loads_its_own_table(tmp_path):
    """--data benchmarks=FILE replaces the sample table: the agency's own
    entry is found, and L7/L8 check its bands. (The override existed
    before; this pins that it is enough for an agency's own tables.)"""
    root = clean()
    unknown_entry(root)
    table = tmp_path / 'own.xml'
    table.write_text(
        '<benchmarks version="1" issuer="浙江省市场监督管理局">'
        '<benchmark code="ZJ-SCJG-0341" cause="FOOD-034">'
        '<level id="general" min="65000" max="85000"/></benchmark>'
        '</benchmarks>', encoding='utf-8')
    res = score_with(tmp_path, root, '--data', 'benchmarks=%s' % table)
    assert [state(res, i) for i in ('L6', 'L7', 'L8')] == ['passed'] * 3
    table.write_text(table.read_text(encoding='utf-8')
                     .replace('max="85000"', 'max="69000"'), encoding='utf-8')
    res = score_with(tmp_path, root, '--data', 'benchmarks=%s' % table)
    assert state(res, 'L7') == 'failed' and state(res, 'L8') == 'failed'


@pytest.mark.parametrize('decided,applies', [('2023-12-29', False),
                                             ('2024-01-02', True)])
def test_l6_benchmarks_required_from_2024(tmp_path, decided, applies):
    """国办发〔2022〕27号: benchmarks everywhere by the end of 2023
    (param benchmark-from); APL 34 itself says 'may'."""
    root = clean()
    unknown_entry(root)
    root.find('decision').set('date', decided)
    res = score(tmp_path, root)
    assert state(res, 'L6') == ('failed' if applies else 'not-applicable')


# D9: no upper-case amount is required

@pytest.mark.parametrize('text,st', [(None, 'passed'), ('7万元', 'passed'),
                                     ('人民币柒万元整', 'passed'),
                                     ('人民币柒仟元整', 'failed')])
def test_d9_checks_only_a_written_upper_case_amount(tmp_path, text, st):
    """APL 59 does not ask for 中文大写; what is written must agree."""
    root = clean()
    pen = root.find('decision/penalty')
    if text is None:
        del pen.attrib['amount-text']
    else:
        pen.set('amount-text', text)
    assert state(score(tmp_path, root), 'D9') == st


# D1: sector templates, not GB/T 9704

@pytest.mark.parametrize('number,ok', [
    ('林罚书字〔2024〕第(12)号', True), ('枣市监(罚)〔2024〕219号', True),
    ('枣市中市监罚〔2024〕第1号', True), ('枣市中市监罚[2024]219号', True),
    ('枣市中市监罚（2024）0219号', True), ('枣市中市监罚219号', False),
    ('枣市中市监罚〔2024〕号', False)])
def test_d1_document_numbers(tmp_path, number, ok):
    root = clean()
    doc(root, 'decision').set('number', number)
    assert state(score(tmp_path, root), 'D1') == ('passed' if ok
                                                   else 'failed')


# L12: the order in the decision's own words

ORDER = '一、责令当事人立即改正违法行为；'


@pytest.mark.parametrize('order,ok', [
    ('一、责令当事人退还多收取的费用；', True),
    ('一、责令当事人限期在原地补种毁坏株数三倍的树木；', True),
    ('一、责令当事人限期拆除违法建筑物，恢复土地原状；', True),
    ('一、限期改正；', True),
    ('一、停止违法行为；', True),
    ('一、责成当事人立即整改；', True),
    ('', False)])
def test_l12_correction_orders(tmp_path, order, ok):
    """APL 28 ¶1: 责令改正或者限期改正 — in whatever words the order
    takes (退还, 限期恢复原状, 补种)."""
    root = clean()
    edit_text(root, 'decision', ORDER, order)
    assert state(score(tmp_path, root), 'L12') == ('passed' if ok
                                                    else 'failed')


def test_l12_quoted_statute_is_not_an_order(tmp_path):
    """The penalty article quoted in the decision says what the agency may
    order; it is not the order."""
    root = clean()
    edit_text(root, 'decision', '第一百二十四条第一款第五项的规定，本机关决定：'
              + ORDER,
              '第一百二十四条第一款“……由县级以上人民政府食品安全监督管理部门'
              '责令改正，没收违法所得……”的规定，本机关决定：')
    assert state(score(tmp_path, root), 'L12') == 'failed'


def test_l12_separate_correction_notice(tmp_path):
    root = clean()
    edit_text(root, 'decision', ORDER, '')
    docs = root.find('documents')
    order = ET.Element('document', {'kind': 'correction-order',
                                    'title': '责令改正通知书',
                                    'date': '2024-03-20'})
    docs.insert(list(docs).index(doc(root, 'preservation-notice')), order)
    assert state(score(tmp_path, root), 'L12') == 'passed'
    order.set('title', '责令改正违法行为决定书（环境）')
    order.set('kind', 'agency-other')
    assert state(score(tmp_path, root), 'L12') == 'passed'
    order.set('title', '通知书')
    assert state(score(tmp_path, root), 'L12') == 'failed'
    order.set('kind', 'correction-order')
    assert state(score(tmp_path, root), 'L12') == 'passed'


# D6, D7: 交纳 / 交至, full-width ％

@pytest.mark.parametrize('old,new,iid,st', [
    ('将罚款缴至指定银行或者通过电子支付系统缴纳', '将罚款交至指定银行', 'D6',
     'passed'),
    ('将罚款缴至指定银行或者通过电子支付系统缴纳', '交纳罚款', 'D6', 'passed'),
    ('将罚款缴至指定银行或者通过电子支付系统缴纳', '缴交罚款', 'D6', 'passed'),
    ('每日按罚款数额的百分之三加处罚款', '每日按罚款数额的3％加处罚款', 'D7',
     'passed'),
    # '2024年1月15日' holds '15日' but sets no payment deadline
    ('当事人应当自收到本决定书之日起十五日内，将罚款缴至指定银行或者通过电子支付系统'
     '缴纳。', '当事人于2024年1月15日开始经营，交纳罚款。', 'D6', 'failed')])
def test_d6_d7_wordings(tmp_path, old, new, iid, st):
    """APL 59(1)(4), 67 (payment manner and 15 days), 72 (3 % a day)."""
    root = clean()
    edit_text(root, 'decision', old, new)
    edit_text(root, 'decision', '到期不缴纳罚款', '到期不交罚款')
    assert state(score(tmp_path, root), iid) == st


# L4: items written （三） as statutes print them; numerals either way

@pytest.mark.parametrize('article,ok', [('第一百二十四条第一款第（五）项', True),
                                        ('第一百二十四条第(一)款第(五)项', True),
                                        ('第一百二十四条第一款第五项', True),
                                        ('第124条第1款', True),
                                        ('第124条第1款第(3)项', True),
                                        ('第１２４条第一款', True),
                                        ('第一百〇八条', True),
                                        ('第一百二十四条等', False),
                                        ('有关规定', False),
                                        ('124条', False)])
def test_l4_item_numbers(tmp_path, article, ok):
    """APL 59(1)(3) (old Art 39(1)(3)): the decision states its legal
    basis; no rule prescribes Chinese numerals, so 第124条第1款 is as
    specific as 第一百二十四条第一款. A citation short of an article
    (有关规定, 第一百二十四条等) is not."""
    root = clean()
    root.find('decision/basis').set('article', article)
    assert state(score(tmp_path, root), 'L4') == ('passed' if ok
                                                   else 'failed')


# L3: the version note an older law needs

@pytest.mark.parametrize('law,ok', [
    ('《中华人民共和国食品安全法》（2018年修正）', True),
    ('《中华人民共和国食品安全法》(2015年修订)', True),
    ('中华人民共和国食品安全法', False),
    ('《中华人民共和国食品安全法》第', False)])
def test_l3_version_note(tmp_path, law, ok):
    root = clean()
    root.find('decision/basis').set('law', law)
    assert state(score(tmp_path, root), 'L3') == ('passed' if ok
                                                   else 'failed')


# E1, E3: name and address (APL 59(1)(1)); no code before unified codes

@pytest.mark.parametrize('attrs,states', [
    # no code, no representative: Art 59(1)(1) asks for neither
    ({'id': None, 'id-type': None, 'representative': None},
     ('passed', 'not-applicable', 'not-applicable')),
    # a 2014 file names a 营业执照注册号 (before GB 32100 codes)
    ({'id-type': 'other', 'id': '370402200012345'},
     ('passed', 'not-applicable', 'passed')),
    ({'address': ''}, ('failed', 'passed', 'passed')),
    ({'id-type': 'resident-id', 'id': '37040219850312123X'},
     ('passed', 'passed', 'failed'))])
def test_e1_e3_name_and_address(tmp_path, attrs, states):
    """APL 59(1)(1): 当事人的姓名或者名称、地址. An ID number or credit
    code is not required; one that contradicts the party is (E3)."""
    root = clean()
    party = root.find('party')
    for k, v in attrs.items():
        if v is None:
            del party.attrib[k]
        else:
            party.set(k, v)
    res = score(tmp_path, root)
    assert tuple(state(res, i) for i in ('E1', 'E2', 'E3')) == states


# E2: published numbers with hidden digits

@pytest.mark.parametrize('code,st', [('915206****7FMTAX63', 'not-applicable'),
                                     ('91430281691828xxxx', 'not-applicable'),
                                     ('370402××××××××123X', 'not-applicable'),
                                     ('91370402MA3C4K7N2Q', 'failed')])
def test_e2_published_ids_with_hidden_digits(tmp_path, code, st):
    """Published decisions hide digits of ID numbers (****, xxxx, ×): not
    a wrong number, nothing to check. A full number is checked."""
    root = clean()
    party = root.find('party')
    party.set('id', code)
    if '123X' in code:
        party.set('id-type', 'resident-id')
        party.set('kind', 'individual')
    assert state(score(tmp_path, root), 'E2') == st


# P19: an inspection may come before the filing

@pytest.mark.parametrize('inspected', ['2024-03-18', '2024-03-17'])
def test_p19_inspection_before_filing(tmp_path, inspected):
    """APL 54 ¶2: a case is filed once the inspection finds the filing
    standard met; the record, filed after the filing approval (03-19),
    may bear an earlier date."""
    root = clean()
    doc(root, 'inspection-record').set('date', inspected)
    doc(root, 'preservation-notice').set('date', inspected)
    assert state(score(tmp_path, root), 'P19') == 'passed'


def test_p19_inquiry_before_inspection_is_out_of_order(tmp_path):
    root = clean()
    doc(root, 'inquiry-record').set('date', '2024-03-19')
    assert state(score(tmp_path, root), 'P19') == 'failed'


# D2: a number may carry the filing year

@pytest.mark.parametrize('year,ok', [('2023', True), ('2024', True),
                                     ('2022', False), ('2025', False)])
def test_d2_number_year_within_the_case(tmp_path, year, ok):
    """Numbering by the case's year is common: a decision of 2024-04-15
    in a case found in 2023 may be 〔2023〕; 〔2022〕 predates the case and
    〔2025〕 the document."""
    root = clean()
    root.find('source').set('date', '2023-12-28')
    doc(root, 'case-source').set('date', '2023-12-28')
    doc(root, 'decision').set('number', '枣市中市监罚〔%s〕219号' % year)
    assert state(score(tmp_path, root), 'D2') == ('passed' if ok
                                                   else 'failed')


# L11: age at the act; 周岁 reached the day after the birthday

@pytest.mark.parametrize('act,minor', [('2024-03-10', True),
                                       ('2024-03-11', False)])
def test_l11_eighteenth_birthday_is_still_a_minor(tmp_path, act, minor):
    """APL 30; 周岁 count from the day after the birthday (最高人民法院
    解释: '从周岁生日的第二天起算'). Born 2006-03-10: a minor on
    2024-03-10, of age on 03-11. The act date (cause/@act-date) decides,
    not the discovery on 03-18."""
    root = clean()
    individual(root, '2006-03-10')
    root.find('cause').set('act-date', act)
    res = score(tmp_path, root)
    assert state(res, 'L11') == ('failed' if minor else 'not-applicable')


def test_l11_age_at_the_act_not_at_discovery(tmp_path):
    """Of age when found (source 2024-03-18), a minor at the act."""
    root = clean()
    individual(root, '2006-02-01')
    assert state(score(tmp_path, root), 'L11') == 'not-applicable'
    root.find('cause').set('act-date', '2024-01-15')
    assert state(score(tmp_path, root), 'L11') == 'failed'


@pytest.mark.parametrize('act,under14', [('2024-03-10', True),
                                         ('2024-03-11', False)])
def test_l11_fourteenth_birthday(tmp_path, act, under14):
    root = clean()
    individual(root, '2010-03-10')
    root.find('cause').set('act-date', act)
    root.find('decision/discretion').set('level', 'lighter')
    res = score(tmp_path, root)
    assert state(res, 'L11') == ('failed' if under14 else 'passed')


# P8: APL 63(1) — confiscation of large gains, 责令关闭

def no_hearing_right(root):
    doc(root, 'penalty-notice').set('informs-hearing', 'false')


@pytest.mark.parametrize('amount,eligible', [('99999', False),
                                             ('100000', True)])
def test_p8_confiscating_large_gains(tmp_path, amount, eligible):
    root = clean()
    no_hearing_right(root)
    ET.SubElement(root.find('decision'), 'penalty',
                  {'kind': 'confiscation', 'amount': amount})
    res = score(tmp_path, root)
    assert state(res, 'P8') == ('failed' if eligible else 'not-applicable')


def test_p8_closure(tmp_path):
    root = clean()
    no_hearing_right(root)
    edit_text(root, 'decision', ORDER, '一、责令当事人关闭违法经营场所；')
    assert state(score(tmp_path, root), 'P8') == 'failed'


# P7: the statutory hearing window is not the statement-period param

def decide_on(root, day):
    root.find('decision').set('date', day)
    doc(root, 'decision').set('date', day)


@pytest.mark.parametrize('decided,ok', [('2024-04-11', False),
                                        ('2024-04-12', True)])
def test_p7_hearing_window_whatever_the_statement_param(tmp_path, decided,
                                                        ok):
    """APL 64(1): a hearing request within 5 working days of the notice
    (served 04-03, day 5 is 04-11). A shorter statement period, set by
    the param or stated in the notice, does not shorten it."""
    root = clean()
    for d in root.find('documents'):
        if d.get('kind') in ('statement-record', 'legal-review'):
            d.set('date', '2024-04-08')
    decide_on(root, decided)
    edit_text(root, 'penalty-notice', '可在收到本告知书之日起五个工作日内提出陈述、'
              '申辩或者要求听证', '可在收到本告知书之日起三个工作日内提出陈述、申辩，'
              '五个工作日内要求听证')
    res = score_with(tmp_path, root, '--param', 'statement-workdays=3')
    assert state(res, 'P7') == ('passed' if ok else 'failed')


@pytest.mark.parametrize('decided,ok', [('2024-04-08', False),
                                        ('2024-04-09', True)])
def test_p7_period_stated_in_the_notice(tmp_path, decided, ok):
    """No hearing right (a 30 000 yuan fine, not told): the statement
    period is the one the notice states, 三个工作日 = 04-07 (make-up
    Sunday), 04-08, 04-09... decided after 04-08 (day 2) is inside."""
    root = clean()
    doc(root, 'penalty-notice').set('informs-hearing', 'false')
    root.find('decision/penalty').set('amount', '30000')
    edit_text(root, 'penalty-notice', '五个工作日内提出陈述、申辩或者要求听证',
              '二个工作日内提出陈述、申辩')
    for d in root.find('documents'):
        if d.get('kind') in ('statement-record', 'legal-review'):
            d.set('date', '2024-04-07')
    decide_on(root, decided)
    assert state(score(tmp_path, root), 'P7') == ('passed' if ok
                                                   else 'failed')


def test_p7_waiver_stated_in_the_decision(tmp_path):
    """APL 62: no decision inside the period unless the party waived;
    the decision may record the waiver (当事人自愿放弃陈述、申辩)."""
    root = clean()
    for d in root.find('documents'):
        if d.get('kind') in ('statement-record', 'legal-review'):
            d.set('date', '2024-04-08')
    decide_on(root, '2024-04-09')
    assert state(score(tmp_path, root), 'P7') == 'failed'
    edit_text(root, 'decision', '当事人在法定期限内提出陈述、申辩意见，经复核，'
              '当事人所提理由不能成立，不予采纳。',
              '当事人自愿放弃陈述、申辩和要求听证的权利。')
    assert state(score(tmp_path, root), 'P7') == 'passed'
    edit_text(root, 'decision', '自愿放弃', '未放弃')
    assert state(score(tmp_path, root), 'P7') == 'failed'


# P15: periods the rules exclude

def filed(root, day):
    doc(root, 'filing-approval').set('date', day)
    root.find('source').set('date', day)
    doc(root, 'case-source').set('date', day)


def test_p15_hearing_time_is_excluded(tmp_path):
    """Filed 2024-01-02, decided 04-15: 104 days. A hearing requested on
    03-01 and held on 03-20 (19 days) brings it to 85."""
    root = clean()
    filed(root, '2024-01-02')
    res = score(tmp_path, root)
    assert state(res, 'P15') == 'failed'
    docs = root.find('documents')
    pos = list(docs).index(doc(root, 'penalty-notice'))
    for kind, day in (('hearing-request', '2024-03-01'),
                      ('hearing-notice', '2024-03-08'),
                      ('hearing-record', '2024-03-20')):
        docs.insert(pos, ET.Element('document', {'kind': kind, 'title': kind,
                                                 'date': day}))
        pos += 1
    assert state(score(tmp_path, root), 'P15') == 'passed'


@pytest.mark.parametrize('report,ok', [('2024-01-14', False),
                                       ('2024-01-15', True)])
def test_p15_testing_time_is_excluded(tmp_path, report, ok):
    """Filed 2024-01-02, decided 04-15: 104 days. Sampled 01-03: 检验 to
    01-14 excludes 11 days, so the period ends on Friday 04-12; to 01-15,
    12 days, it ends on Saturday 04-13, moved on to Monday 04-15."""
    root = clean()
    filed(root, '2024-01-02')
    docs = root.find('documents')
    docs.insert(2, ET.Element('document', {'kind': 'sampling-record',
                                           'title': '抽样取证凭证',
                                           'date': '2024-01-03'}))
    ev = ET.SubElement(root.find('evidence'), 'item',
                       {'id': 'e9', 'type': 'expert-opinion',
                        'title': '检验报告', 'source': '检验机构',
                        'collected': report, 'confirmed': 'true'})
    for o in ('o1', 'o2'):
        ET.SubElement(ev, 'collector', {'ref': o})
    assert state(score(tmp_path, root), 'P15') == ('passed' if ok
                                                    else 'failed')


# D8: the decision's own remedy text, the review body from 2024

REMEDY = ('当事人如不服本决定，可以在收到本决定书之日起六十日内向枣庄市市中区人民政府'
          '申请行政复议，也可以在六个月内依法向枣庄市市中区人民法院提起行政诉讼。')


@pytest.mark.parametrize('remedy,ok', [
    (REMEDY, True),
    (REMEDY.replace('六十日', '十五日'), False),
    (REMEDY.replace('六十日', '６０日').replace('六个月', '６个月'), True),
    (REMEDY.replace('六个月', '三个月'), False),
    ('当事人如不服本决定，可以依法申请行政复议或者提起行政诉讼。', False),
    (REMEDY.replace('六个月内依法向枣庄市市中区人民法院提起行政诉讼',
                    '自收到本决定书之日起6个月内直接向人民法院起诉'), True),
    ('当事人如不服本决定，可以在收到本决定书之日起六十日内申请行政复议。行政复议'
     '机关为枣庄市市中区人民政府。也可以在六个月内依法向人民法院提起行政诉讼。',
     True)])
def test_d8_reads_the_decision_text(tmp_path, remedy, ok):
    """APL 59(1)(5); 复议法 20 (60 days); 行政诉讼法 46 (6 months). The
    exported remedy attributes say 60/6 throughout: the text decides."""
    root = clean()
    edit_text(root, 'decision', REMEDY, remedy)
    assert state(score(tmp_path, root), 'D8') == ('passed' if ok
                                                   else 'failed')


@pytest.mark.parametrize('agency,body,decided,ok', [
    ('枣庄市市中区市场监督管理局', '枣庄市市场监督管理局', '2023-12-29', True),
    ('枣庄市市中区市场监督管理局', '枣庄市市场监督管理局', '2024-01-02', False),
    ('枣庄市市中区市场监督管理局', '枣庄市市中区政府', '2024-01-02', True),
    ('国家税务总局枣庄市市中区税务局', '国家税务总局枣庄市税务局', '2024-01-02',
     True)])
def test_d8_review_body_from_2024(tmp_path, agency, body, decided, ok):
    """复议法 2023 Art 24 (in force 2024-01-01): a county department's
    decision is reviewed by the same-level government; before, 2017 Art
    12 let the applicant choose the department one level up. Art 27:
    税务 (and customs, finance, ...) go to the department one level up."""
    root = clean()
    root.find('agency').set('name', agency)
    edit_text(root, 'decision', REMEDY,
              REMEDY.replace('枣庄市市中区人民政府', body))
    decide_on(root, decided)
    res = score(tmp_path, root)
    assert state(res, 'D8') == ('passed' if ok else 'failed')
    if not ok:
        assert '本级人民政府' in item(res, 'D8')['findings'][0]['message']


def test_d8_without_text_reads_the_remedy_attributes(tmp_path):
    root = clean()
    doc(root, 'decision').remove(doc(root, 'decision').find('text'))
    root.find('decision/remedy').set('review-body', '枣庄市市中区人民政府')
    assert state(score(tmp_path, root), 'D8') == 'passed'
    root.find('decision/remedy').set('review-body', '枣庄市市场监督管理局')
    assert state(score(tmp_path, root), 'D8') == 'failed'
