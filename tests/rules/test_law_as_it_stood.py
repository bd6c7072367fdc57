"""The shipped checklists judge each case under the law as it stood
(shared/domain/law-history.md): the Penalty Law of 1996/2009/2017 before
2021-07-15 and the 2021 text after, on the date of the step each item
tests; the 行政复议法 2023 from 2024-01-01; six months' litigation from
2015-05-01. Old cases must be scored, not end in error, from 2010 on; a
date outside the working-day calendar is a Chinese error naming it.

Each test moves the clean example to a date and checks the items that
date decides, on both sides of the boundary.

Run:  /usr/bin/python3 -m pytest tests/rules
The binary is $CASEREVIEW_BIN, default build/cli/casereview.
"""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from test_rule_boundaries import (BIN, CLEAN_SIMPLIFIED, SIMPLIFIED, clean,
                                  doc, edit_text, score, score_with, state)

DATES = ('date', 'collected', 'closed', 'certificate-expires')


def moved(weeks):
    """The clean case, every date moved by WEEKS weeks (weekdays kept),
    document numbers renumbered to their documents' years."""
    root = clean()
    for el in root.iter():
        for a in DATES:
            v = el.get(a)
            if v and re.fullmatch(r'\d{4}-\d{2}-\d{2}', v):
                el.set(a, (dt.date.fromisoformat(v)
                           + dt.timedelta(weeks=weeks)).isoformat())
        if el.get('number') and el.get('date'):
            el.set('number', re.sub(r'〔\d{4}〕', '〔%s〕' % el.get('date')[:4],
                                    el.get('number')))
    return root


def at(root, kind, day, served=None):
    for d in root.find('documents'):
        if d.get('kind') == kind and (served is None
                                      or d.get('served') == served):
            d.set('date', day)
            return d
    raise LookupError(kind)


def decided(root, day):
    root.find('decision').set('date', day)
    at(root, 'decision', day)


def failing(res):
    return sorted(i['id'] for i in res['items']
                  if i['state'] in ('failed', 'error'))


# ------------------------------------------------------- old cases score

@pytest.mark.parametrize('years', range(1, 15))
def test_old_clean_cases_are_scored_without_errors(tmp_path, years):
    """The clean case moved back 1-14 years (2023 ... 2010): no item in
    error (the calendar used to start in 2022), and nothing fails but
    what the old law makes a defect: before 2015-05-01 the decision's
    '六个月' misstates the three months of 行政诉讼法 1989 Art 39."""
    root = moved(-52 * years)
    res = score(tmp_path, root)
    day = root.find('decision').get('date')
    expected = ['D8'] if day < '2015-05-01' else []
    assert failing(res) == expected, day


def test_a_date_before_the_calendar_is_a_chinese_error(tmp_path):
    """calendar.md §5: never a silent guess. A 2009 case: the working-day
    items end in error naming the date and the calendar's years."""
    root = moved(-52 * 15)
    path = tmp_path / 'case.xml'
    path.write_bytes(ET.tostring(root, encoding='utf-8'))
    res = score_with(tmp_path, root)
    errors = [i for i in res['items'] if i['state'] == 'error']
    assert errors and res['complete'] is False
    msg = errors[0]['error']
    assert re.search(r'日期2009-\d\d-\d\d不在工作日历范围内', msg), msg
    assert '2010年至2026年' in msg


# ------------------------------------------- hearing window (P7, P9)

OLD_NOTICE = '你单位可在收到本告知书之日起三日内提出陈述、申辩或者要求听证。'


def notice_case(served, decision):
    """A 2021 case: the notice served on SERVED granting 三日 (the old
    law's hearing window), the decision on DECISION."""
    root = moved(-52 * 3 + 13)          # decided 2021-07-19 (a Monday)
    notice = doc(root, 'penalty-notice')
    notice.find('text').text = re.sub('根据《中华人民共和国行政处罚法》.*$',
                                      OLD_NOTICE, notice.find('text').text)
    at(root, 'penalty-notice', served)
    at(root, 'service-receipt', served, 'penalty-notice')
    for kind in ('statement-record', 'legal-review'):
        at(root, kind, served)
    decided(root, decision)
    return root


@pytest.mark.parametrize('decision,ok', [('2021-07-12', False),
                                         ('2021-07-13', True)])
def test_p7_old_law_three_calendar_days(tmp_path, decision, ok):
    """Notice served Thu 2021-07-08, before the 2021 law: three days
    (Art 42) in calendar days end on Sunday 07-11, moved on to Monday
    07-12; deciding on 07-12 is inside the window."""
    res = score(tmp_path, notice_case('2021-07-08', decision))
    assert state(res, 'P7') == ('passed' if ok else 'failed')


@pytest.mark.parametrize('decision,ok', [('2021-07-22', False),
                                         ('2021-07-23', True)])
def test_p7_new_law_five_working_days(tmp_path, decision, ok):
    """The same notice served Thu 2021-07-15, the 2021 law's first day:
    the hearing window is 5 working days (Art 64, 85), to 07-22, though
    the notice grants 三日."""
    res = score(tmp_path, notice_case('2021-07-15', decision))
    assert state(res, 'P7') == ('passed' if ok else 'failed')


@pytest.mark.parametrize('requested,applies', [('2021-07-12', True),
                                               ('2021-07-13', False)])
def test_p9_old_law_request_window(tmp_path, requested, applies):
    root = notice_case('2021-07-08', '2021-07-19')
    docs = root.find('documents')
    docs.insert(list(docs).index(doc(root, 'statement-record')),
                ET.Element('document', {'kind': 'hearing-request',
                                        'title': '听证申请书',
                                        'date': requested}))
    res = score(tmp_path, root)
    assert state(res, 'P9') == ('failed' if applies else 'not-applicable')


# ------------------------------------------- hearing scope (P8), notice (D13)

def test_p8_old_law_hearing_scope(tmp_path):
    """Art 42 (before 2021-07-15): 责令停产停业, 吊销, large fines. 降低资质
    等级 and confiscation joined in Art 63 (2021)."""
    root = moved(-52 * 4)                     # decided 2020-04-20
    doc(root, 'penalty-notice').set('informs-hearing', 'false')
    ET.SubElement(root.find('decision'), 'penalty',
                  {'kind': 'qualification-reduction'})
    ET.SubElement(root.find('decision'), 'penalty',
                  {'kind': 'confiscation', 'amount': '200000'})
    assert state(score(tmp_path, root), 'P8') == 'not-applicable'
    new = clean()
    doc(new, 'penalty-notice').set('informs-hearing', 'false')
    ET.SubElement(new.find('decision'), 'penalty',
                  {'kind': 'qualification-reduction'})
    assert state(score(tmp_path, new), 'P8') == 'failed'


@pytest.mark.parametrize('weeks,ok', [(-52 * 4, True), (0, False)])
def test_d13_proposed_penalty_only_under_the_2021_law(tmp_path, weeks, ok):
    """Art 44 (2021) adds 拟作出的行政处罚内容 to old Art 31's facts,
    reasons and basis."""
    root = moved(weeks)
    doc(root, 'penalty-notice').find('text').text = (
        '经调查，你单位经营超过保质期的食品，违反了《中华人民共和国食品安全法》'
        '第三十四条第十项的规定，依法应予处罚。你单位享有陈述、申辩的权利。')
    assert state(score(tmp_path, root), 'D13') == ('passed' if ok
                                                    else 'failed')


# ----------------------------------------- service, preservation, hearing

@pytest.mark.parametrize('served,ok', [('2020-06-12', True),
                                       ('2020-06-13', False),
                                       ('2020-06-15', False)])
def test_p16_old_law_seven_calendar_days(tmp_path, served, ok):
    """Art 40 (old): decided Fri 2020-06-05, served within 7 days, i.e.
    by Fri 06-12 (06-15 would be within 7 working days)."""
    root = moved(-52 * 4)
    decided(root, '2020-06-05')
    at(root, 'service-receipt', served, 'decision')
    assert state(score(tmp_path, root), 'P16') == ('passed' if ok
                                                    else 'failed')


@pytest.mark.parametrize('handled,ok', [('2020-03-27', True),
                                        ('2020-03-28', False)])
def test_p3_old_law_seven_calendar_days(tmp_path, handled, ok):
    """Art 37 ¶2 (old): preservation on Fri 2020-03-20 handled within
    7 days, by Fri 03-27 (7 working days would run to 03-31)."""
    root = moved(-52 * 4)
    at(root, 'preservation-notice', '2020-03-20')
    at(root, 'preservation-decision', handled)
    assert state(score(tmp_path, root), 'P3') == ('passed' if ok
                                                   else 'failed')


@pytest.mark.parametrize('notified,ok', [('2020-04-01', True),
                                         ('2020-04-02', False)])
def test_p10_old_law_seven_calendar_days_before(tmp_path, notified, ok):
    """Art 42 (old): the hearing notice seven days before the hearing
    (Wed 04-08): 04-01 will do, 7 working days would not."""
    root = moved(-52 * 4)                     # decided 2020-04-20
    docs = root.find('documents')
    pos = list(docs).index(doc(root, 'statement-record'))
    for kind, day in (('hearing-request', '2020-03-31'),
                      ('hearing-notice', notified),
                      ('hearing-record', '2020-04-08')):
        docs.insert(pos, ET.Element('document', {'kind': kind, 'title': kind,
                                                 'date': day,
                                                 'recording': 'rec1'}))
        pos += 1
    assert state(score(tmp_path, root), 'P10') == ('passed' if ok
                                                    else 'failed')


# -------------------------------------------- legal review (P11, P12)

def without_review(root):
    root.find('documents').remove(doc(root, 'legal-review'))
    root.find('decision/penalty').set('amount', '30000')


@pytest.mark.parametrize('decision,required', [('2017-12-29', False),
                                               ('2018-01-02', True),
                                               ('2021-07-14', True),
                                               ('2021-07-15', False)])
def test_p11_legal_review_by_the_law_of_the_day(tmp_path, decision,
                                                required):
    """No 法制审核 in the APL before 2018; the 2017 amendment's Art 38 ¶3
    (2018-01-01): every ordinary-procedure decision; Art 58 (2021-07-15):
    the listed categories only (a 30 000 yuan fine, no hearing: none)."""
    root = moved(-52 * 6)
    without_review(root)
    decided(root, decision)
    for kind in ('service-receipt',):
        at(root, kind, decision, 'decision')
    res = score(tmp_path, root)
    assert state(res, 'P11') == ('failed' if required else 'not-applicable')


def test_p12_qualification_not_asked_before_2018(tmp_path):
    root = moved(-52 * 7)                     # decided 2017-04-24
    doc(root, 'legal-review').set('reviewer-qualified', 'false')
    assert state(score(tmp_path, root), 'P12') == 'passed'
    root = moved(-52 * 6)                     # decided 2018-04-23
    doc(root, 'legal-review').set('reviewer-qualified', 'false')
    assert state(score(tmp_path, root), 'P12') == 'failed'


# ------------------------------------------------------- 90 days (P15)

@pytest.mark.parametrize('filed,applies', [('2021-07-14', False),
                                           ('2021-07-15', True)])
def test_p15_only_for_filings_under_the_2021_law(tmp_path, filed, applies):
    """Art 60 is new in 2021; the old law set no time limit."""
    root = moved(-52 * 3 + 14)                # decided 2021-07-26
    at(root, 'filing-approval', filed)
    decided(root, '2021-12-20')
    at(root, 'service-receipt', '2021-12-21', 'decision')
    res = score(tmp_path, root)
    assert state(res, 'P15') == ('failed' if applies else 'not-applicable')


# --------------------------------------------------- 三项制度, 强制法

@pytest.mark.parametrize('weeks,applies', [(-52 * 5 - 16, False),
                                           (-52 * 5 - 15, True)])
def test_p20_p22_from_the_three_systems(tmp_path, weeks, applies):
    """国办发〔2018〕118号, published January 2019 (param
    three-systems-from, 2019-01-03): no recording or publication duty
    in the APL before; decided 2018-12-31 vs 2019-01-07."""
    root = moved(weeks)
    doc(root, 'inspection-record').attrib.pop('recording')
    root.remove(root.find('disclosure'))
    res = score(tmp_path, root)
    want = 'failed' if applies else 'not-applicable'
    assert (state(res, 'P20'), state(res, 'P22')) == (want, want), \
        root.find('decision').get('date')


@pytest.mark.parametrize('weeks,applies', [(-52 * 12 - 18, False),
                                           (-52 * 12 - 17, True)])
def test_d7_surcharge_notice_from_the_coercion_law(tmp_path, weeks, applies):
    """行政强制法 Art 45 (in force 2012-01-01): the surcharge rate is told;
    decided 2011-12-26 vs 2012-01-02."""
    root = moved(weeks)
    edit_text(root, 'decision', '到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三'
              '加处罚款，并依法申请人民法院强制执行。', '')
    res = score(tmp_path, root)
    assert state(res, 'D7') == ('failed' if applies else 'not-applicable'), \
        root.find('decision').get('date')


@pytest.mark.parametrize('decision,months,ok', [
    ('2015-04-30', '三个月', True), ('2015-04-30', '六个月', False),
    ('2015-05-04', '三个月', False), ('2015-05-04', '六个月', True)])
def test_d8_litigation_period_of_the_day(tmp_path, decision, months, ok):
    """行政诉讼法: three months (1989 Art 39) until 2015-04-30, six months
    (Art 46) from 2015-05-01."""
    root = moved(-52 * 9)
    decided(root, decision)
    at(root, 'service-receipt', decision, 'decision')
    edit_text(root, 'decision', '六个月', months)
    assert state(score(tmp_path, root), 'D8') == ('passed' if ok
                                                   else 'failed')


# ------------------------------------------ first-generation IDs (E2, L11)

@pytest.mark.parametrize('act,minor', [('2011-03-10', True),
                                       ('2011-03-11', False)])
def test_fifteen_digit_resident_id(tmp_path, act, minor):
    """Old files may carry a first-generation 15-digit number (used until
    2013): no check digit to test (E2), born 19yy (digits 7-12) for the
    age at the act (L11, old Art 25): born 1993-03-10."""
    root = moved(-52 * 13)                    # decided 2011-05-02
    party = root.find('party')
    party.attrib.clear()
    party.attrib.update({'kind': 'individual', 'name': '王小明',
                         'id-type': 'resident-id', 'id': '370402930310001',
                         'address': '枣庄市市中区光明路1号'})
    root.find('cause').set('act-date', act)
    res = score(tmp_path, root)
    assert state(res, 'E2') == 'not-applicable'
    assert state(res, 'L11') == ('failed' if minor else 'not-applicable')


# ------------------------------------------------------- simplified (L1)

def simplified(decision, amount):
    root = ET.parse(CLEAN_SIMPLIFIED).getroot()
    root.find('decision').set('date', decision)
    root.find('source').set('date', decision)
    for d in root.find('documents'):
        if d.get('kind') in ('decision', 'service-receipt'):
            d.set('date', decision)
    root.find('party').attrib.update({'kind': 'individual'})
    pen = root.find('decision/penalty')
    pen.set('amount', amount)
    pen.attrib.pop('amount-text', None)
    return root


@pytest.mark.parametrize('decision,param,ok', [
    ('2021-07-14', None, False), ('2021-07-15', None, True),
    ('2021-07-14', 'max-fine-individual=200', True)])
def test_simplified_l1_limit_of_the_day(tmp_path, decision, param, ok):
    """Art 33 (old): 50 yuan for a citizen; Art 51 (2021): 200. Another
    law may set its own limit (param max-fine-individual)."""
    root = simplified(decision, '100')
    extra = ('--param', param) if param else ()
    res = score_with(tmp_path, root, *extra, checklist=SIMPLIFIED)
    assert state(res, 'L1') == ('passed' if ok else 'failed')


def test_simplified_e1_name_and_an_identifier(tmp_path):
    """Art 52 ¶2 names no address: a name with an ID number identifies
    the party; a name alone does not."""
    root = ET.parse(CLEAN_SIMPLIFIED).getroot()
    root.find('party').set('address', '')
    assert state(score(tmp_path, root, checklist=SIMPLIFIED), 'E1') == \
        'passed'
    root.find('party').set('id', '')
    assert state(score(tmp_path, root, checklist=SIMPLIFIED), 'E1') == \
        'failed'


assert BIN


# ---------------------------------- simplified: officers and remedies (S4, D2)

def one_officer(root):
    dec = [d for d in root.find('documents') if d.get('kind') == 'decision'][0]
    dec.remove(dec.findall('officer')[1])


@pytest.mark.parametrize('decision,applies', [('2021-07-14', False),
                                              ('2021-07-15', True)])
def test_simplified_s4_two_officers_from_2021(tmp_path, decision, applies):
    """Art 42 (2021, general provisions): at least two officers. The old
    text asked for two only to investigate or inspect in the ordinary
    procedure (Art 37); its on-the-spot decision (Art 33, 34) names no
    number, so one officer's decision before 2021-07-15 is lawful."""
    root = simplified(decision, '50')
    one_officer(root)
    res = score_with(tmp_path, root, checklist=SIMPLIFIED)
    assert state(res, 'S4') == ('failed' if applies else 'not-applicable')


@pytest.mark.parametrize('decision,applies', [('2021-07-14', False),
                                              ('2021-07-15', True)])
def test_simplified_d2_remedies_from_2021(tmp_path, decision, applies):
    """Art 52 ¶2 (2021) adds the review and litigation routes and periods
    to what an on-the-spot decision states; the old Art 34 ¶2 lists the
    act, the basis, the fine, time, place and the agency only."""
    root = simplified(decision, '50')
    edit_text(root, 'decision',
              '如不服本决定，可以在六十日内向枣庄市市中区人民政府申请行政复议，'
              '或者在六个月内向枣庄市市中区人民法院提起行政诉讼。', '')
    res = score_with(tmp_path, root, checklist=SIMPLIFIED)
    assert state(res, 'D2') == ('failed' if applies else 'not-applicable')


@pytest.mark.parametrize('article,ok', [('第十三条第一项', True),
                                        ('第13条第1项', True),
                                        ('第十三条等', False)])
def test_simplified_l4_numerals(tmp_path, article, ok):
    """Art 52 ¶2 (old Art 34 ¶2): the basis is stated; 第13条第1项 is as
    specific as 第十三条第一项."""
    root = ET.parse(CLEAN_SIMPLIFIED).getroot()
    root.find('decision/basis').set('article', article)
    res = score_with(tmp_path, root, checklist=SIMPLIFIED)
    assert state(res, 'L4') == ('passed' if ok else 'failed')
