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
