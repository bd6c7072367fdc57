"""The checklists for inspection, coercive and licensing files
(casefile/1.1 kinds; docs/casefile-kinds.md): what test_rules.py does not
already check for every shipped checklist — their <accepts>, the kinds'
schemas, their own tests under each evaluator, the generator's --kinds,
and the statutory periods on both sides of each boundary
(../shared/domain/enforcement-kinds.md, calendar.md).

Run:  /usr/bin/python3 -m pytest tests/rules
"""

import datetime as dt
import json
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
EXAMPLES = os.path.join(ROOT, 'examples', 'cases')
RULES = os.path.join(ROOT, 'rules')
SCHEMA = os.path.join(ROOT, 'schema')
NS = '{urn:casereview:checklist:1}'

KINDS = {'inspection': 'inspection-enterprise',
         'coercive': 'coercive-seizure',
         'licensing': 'licensing-general'}

if not os.access(BIN, os.X_OK):
    pytest.skip('casereview binary not found at %s (set CASEREVIEW_BIN)' % BIN,
                allow_module_level=True)


def score(cid, path, *extra):
    proc = subprocess.run([BIN, 'score', '-c',
                           os.path.join(RULES, cid + '.xml'),
                           '--format', 'json', *extra, str(path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    res = json.loads(proc.stdout)
    assert res['complete'], [i for i in res['items'] if i['state'] == 'error']
    return res


def state(res, item):
    return {i['id']: i['state'] for i in res['items']}[item]


def xpath(expr, path):
    proc = subprocess.run(['xmllint', '--xpath', expr, str(path)],
                          capture_output=True, text=True, timeout=30)
    return proc.stdout.strip()


needs_xmllint = pytest.mark.skipif(shutil.which('xmllint') is None,
                                   reason='xmllint (libxml2-utils) not found')


# ------------------------------------------------------------- <accepts>

def accepts_of(cid):
    root = ET.parse(os.path.join(ROOT, 'rules', cid + '.xml')).getroot()
    found = root.findall(NS + 'accepts')
    assert len(found) == 1, cid
    return found[0]


@pytest.mark.parametrize('kind,cid', sorted(KINDS.items()))
def test_accepts_declared(kind, cid):
    acc = accepts_of(cid)
    assert "@kind = '%s'" % kind in acc.get('test')
    assert acc.text.strip().startswith('本评查标准只评查')


@needs_xmllint
@pytest.mark.parametrize('kind,cid', sorted(KINDS.items()))
def test_accepts_takes_its_kind_only(kind, cid):
    """The accepts test, evaluated by libxml2, is true on the kind's own
    examples and false on penalty files and on the other kinds."""
    test = accepts_of(cid).get('test')
    for name in sorted(os.listdir(EXAMPLES)):
        own = re.match(r'(clean|defect)-%s\b' % kind, name) is not None
        got = xpath('boolean(%s)' % test, os.path.join(EXAMPLES, name))
        assert got == ('true' if own else 'false'), name


@needs_xmllint
def test_coercive_accepts_seizures_only(tmp_path):
    """冻结 files are for another checklist; a file without <measure> is
    taken (measure is the 1.1 element an export may lack)."""
    test = accepts_of('coercive-seizure').get('test')
    root = example('clean-coercive.xml')
    for kind, taken in (('sealing', 'true'), ('seizure', 'true'),
                        ('freeze', 'false')):
        root.find('measure').set('kind', kind)
        assert xpath('boolean(%s)' % test, write(tmp_path, root)) == taken
    root.remove(root.find('measure'))
    assert xpath('boolean(%s)' % test, write(tmp_path, root)) == 'true'
    root.set('format', 'casefile/1')
    assert xpath('boolean(%s)' % test, write(tmp_path, root)) == 'false'


def test_accepts_refuses_every_other_example():
    """Scored by the engine, each kind's checklist takes its own examples
    and makes every other example an error result (not-accepted)."""
    names = sorted(os.listdir(EXAMPLES))
    for kind, cid in sorted(KINDS.items()):
        proc = subprocess.run([BIN, 'score', '-c',
                               os.path.join(RULES, cid + '.xml'),
                               '--format', 'json'] +
                              [os.path.join(EXAMPLES, n) for n in names],
                              capture_output=True, text=True, timeout=120)
        results = [json.loads(line) for line in proc.stdout.splitlines()]
        assert len(results) == len(names), proc.stderr
        for name, res in zip(names, results):
            own = re.match(r'(clean|defect)-%s\b' % kind, name) is not None
            if own:
                assert 'error' not in res, (cid, name, res.get('error'))
            else:
                assert res['error']['kind'] == 'not-accepted', (cid, name)


# ------------------------------------------------------- own tests, modes

MODES = [{}, {'CASEREVIEW_XPATH': 'verify'}, {'CASEREVIEW_XPATH': 'libxml2'},
         {'CASEREVIEW_TREE': 'sax'}, {'CASEREVIEW_TREE': 'libxml2'}]


@pytest.mark.parametrize('mode', MODES, ids=lambda m: ','.join(
    '%s=%s' % kv for kv in m.items()) or 'default')
def test_own_tests_pass(mode):
    env = dict(os.environ, LC_ALL='en_US.UTF-8', **mode)
    proc = subprocess.run([BIN, 'test', '-q'] +
                          [os.path.join(RULES, cid + '.xml')
                           for cid in sorted(KINDS.values())],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    counts = re.findall(r'^(?!total).*?(\d+) test\(s\), (\d+) passed',
                        proc.stdout, re.M)
    assert len(counts) == 3 and all(a == b for a, b in counts)
    assert sum(int(a) for a, _ in counts) >= 3 * 26


# ---------------------------------------------------------------- schema

def case_files(kind):
    files = [os.path.join(EXAMPLES, n) for n in sorted(os.listdir(EXAMPLES))
             if re.match(r'(clean|defect)-%s\b' % kind, n)]
    folder = os.path.join(HERE, KINDS[kind])
    files += [os.path.join(folder, n) for n in sorted(os.listdir(folder))]
    return files


def validate(*paths):
    return subprocess.run([BIN, 'validate'] + [str(p) for p in paths],
                          capture_output=True, text=True, timeout=120)


def rng_valid(path):
    proc = subprocess.run(['xmllint', '--noout', '--relaxng',
                           os.path.join(SCHEMA, 'casefile.rng'), str(path)],
                          capture_output=True, text=True, timeout=30)
    return proc.returncode == 0


@needs_xmllint
@pytest.mark.parametrize('kind', sorted(KINDS))
def test_schema_validates_the_cases(kind):
    """Every example and per-item case of the kind follows the casefile
    schema (casereview validate and xmllint), except the one whose defect
    is an invalid form result: validate reports it with its line."""
    invalid = os.path.join(HERE, 'inspection-enterprise', 'C3.xml')
    files = case_files(kind)
    proc = validate(*[f for f in files if f != invalid])
    assert proc.returncode == 0 and '错误[' not in proc.stdout, proc.stdout
    for path in files:
        assert rng_valid(path) == (path != invalid), path
    if invalid in files:
        proc = validate(invalid)
        assert proc.returncode == 1
        assert re.search(r'C3\.xml:\d+:0: 错误\[CR-2615\]: <point> 的 result '
                         r'应为 compliant、non-compliant、not-applicable 之一',
                         proc.stdout), proc.stdout


@needs_xmllint
def test_schema_keeps_each_kind_to_its_own_parts(tmp_path):
    """A kind's own elements belong to its branch of the schema: the clean
    case of each kind, declared as another kind (or as a penalty file),
    or written as casefile/1, does not validate."""
    for kind in KINDS:
        for other in [k for k in KINDS if k != kind] + [None, 'casefile/1']:
            root = example('clean-%s.xml' % kind)
            if other == 'casefile/1':
                root.set('format', other)
            elif other is None:
                del root.attrib['kind']
            else:
                root.set('kind', other)
            path = write(tmp_path, root)
            assert not rng_valid(path), (kind, other)
            proc = validate(path)
            assert proc.returncode == 1 and '错误[' in proc.stdout, \
                (kind, other, proc.stdout)


# ------------------------------------------------------------- generator

def load_generator():
    sys.path.insert(0, os.path.join(ROOT, 'examples'))
    import generate
    import gen_kinds
    return generate, gen_kinds


def test_generator_knows_the_kinds_items():
    """Each kind's defects cover every item of its checklist, and its veto
    list is the checklist's."""
    _, gk = load_generator()
    for kind, cid in KINDS.items():
        m = gk.kind_module(kind)
        assert m.CHECKLIST == cid
        root = ET.parse(os.path.join(ROOT, 'rules', cid + '.xml')).getroot()
        items = {it.get('id') for it in root.iter(NS + 'item')}
        vetoes = {it.get('id') for it in root.iter(NS + 'item')
                  if it.get('veto') == 'true'}
        assert m.VETO_ITEMS == vetoes
        assert {i for d in m.DEFECTS for i in d.items} == items
        assert all(d.checklist == cid for d in m.DEFECTS)


def test_generator_writes_the_shipped_examples(tmp_path):
    """examples/cases and tests/rules/<id>/ are what --kinds writes."""
    subprocess.run([sys.executable, os.path.join(ROOT, 'examples',
                                                 'generate.py'),
                    '--kinds', 'inspection,coercive,licensing',
                    '--examples', str(tmp_path / 'ex'),
                    '--items', str(tmp_path / 'items')],
                   check=True, timeout=120)
    for p in (tmp_path / 'ex').iterdir():
        with open(os.path.join(EXAMPLES, p.name), 'rb') as f:
            assert f.read() == p.read_bytes(), p.name
    for cid in KINDS.values():
        names = sorted(p.name for p in (tmp_path / 'items' / cid).iterdir())
        assert names == sorted(os.listdir(os.path.join(HERE, cid)))
        for n in names:
            with open(os.path.join(HERE, cid, n), 'rb') as f:
                assert f.read() == (tmp_path / 'items' / cid / n).read_bytes()


def test_unknown_kind_is_refused():
    proc = subprocess.run([sys.executable, os.path.join(ROOT, 'examples',
                                                        'generate.py'),
                           '--kinds', 'inspection,permit', '--out', '/dev/null'],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and 'permit' in proc.stderr


# ------------------------------------------------------------ boundaries

def calendar():
    generate, _ = load_generator()
    if not generate.HOLIDAYS:
        generate.load_calendar(generate.DEFAULT_CALENDAR)
    return generate


def add_wd(date_text, n):
    return calendar().add_wd(dt.date.fromisoformat(date_text), n).isoformat()


def docs(root, kind, served=None):
    return [d for d in root.find('documents') if d.get('kind') == kind
            and (served is None or d.get('served') == served)]


def write(tmp_path, root, name='case.xml'):
    path = tmp_path / name
    path.write_bytes(ET.tostring(root, encoding='utf-8'))
    return path


def example(name):
    return ET.parse(os.path.join(EXAMPLES, name)).getroot()


@pytest.mark.parametrize('wd,ok', [(10, True), (11, False)])
def test_inspection_result_within_10_workdays(tmp_path, wd, ok):
    root = example('clean-inspection.xml')
    rec = docs(root, 'inspection-record')[0].get('date')
    when = add_wd(rec, wd)
    docs(root, 'inspection-result-notice')[0].set('date', when)
    docs(root, 'service-receipt', 'inspection-result-notice')[0].set('date',
                                                                     when)
    res = score('inspection-enterprise', write(tmp_path, root))
    assert state(res, 'R1') == ('passed' if ok else 'failed')


def seizure(root, decision, extension, handled):
    for kind in ('seizure-decision', 'seizure-list', 'coercion-record',
                 'coercion-approval'):
        docs(root, kind)[0].set('date', decision)
    docs(root, 'service-receipt', 'seizure-decision')[0].set('date', decision)
    docs(root, 'seizure-extension')[0].set('date', extension)
    for kind in ('seizure-release', 'return-receipt'):
        docs(root, kind)[0].set('date', handled)
    root.find('handling').set('date', handled)


@pytest.mark.parametrize('handled,param,ok', [
    ('2024-07-23', 'true', True),     # day 75 = 30 + 15 testing + 30 extension
    ('2024-07-24', 'true', False),
    ('2024-07-24', 'false', False)])
def test_seizure_term_in_calendar_days(tmp_path, handled, param, ok):
    root = example('clean-coercive.xml')
    seizure(root, '2024-05-09', '2024-06-03', handled)
    res = score('coercive-seizure', write(tmp_path, root),
                '--param', 'term-ends-on-workday=' + param)
    assert state(res, 'T2') == ('passed' if ok else 'failed')
    assert res['vetoed'] is not ok


@pytest.mark.parametrize('handled,param,ok', [
    ('2024-10-01', 'false', True),    # day 75 itself, 国庆节
    ('2024-10-08', 'false', False),
    ('2024-10-08', 'true', True),     # moved to the next working day
    ('2024-10-09', 'true', False)])
def test_seizure_term_ending_on_a_holiday(tmp_path, handled, param,
                                          ok):
    root = example('clean-coercive.xml')
    seizure(root, '2024-07-18', '2024-08-12', handled)
    res = score('coercive-seizure', write(tmp_path, root),
                '--param', 'term-ends-on-workday=' + param)
    assert state(res, 'T2') == ('passed' if ok else 'failed')


def test_extension_after_the_term_does_not_count(tmp_path):
    """An extension decided after day 45 (30 + 15 testing) extends nothing."""
    root = example('clean-coercive.xml')
    seizure(root, '2024-05-09', '2024-06-24', '2024-07-10')
    res = score('coercive-seizure', write(tmp_path, root))
    assert state(res, 'T3') == 'failed'
    assert state(res, 'T2') == 'failed'
    seizure(root, '2024-05-09', '2024-06-23', '2024-07-10')
    res = score('coercive-seizure', write(tmp_path, root))
    assert state(res, 'T3') == 'passed' and state(res, 'T2') == 'passed'


def execution_case():
    return ET.parse(os.path.join(HERE, 'coercive-seizure',
                                 'P14.xml')).getroot()


@pytest.mark.parametrize('wd,param,ok', [(10, '10', False), (11, '10', True),
                                         (10, '9', True)])
def test_application_after_10_workdays_from_the_demand(tmp_path, wd,
                                                       param, ok):
    root = execution_case()
    served = docs(root, 'service-receipt', 'demand-notice')[0].get('date')
    docs(root, 'enforcement-application')[0].set('date', add_wd(served, wd))
    res = score('coercive-seizure', write(tmp_path, root),
                '--param', 'demand-wait-workdays=' + param)
    assert state(res, 'P12') == ('passed' if ok else 'failed')


@pytest.mark.parametrize('applied,ok', [
    ('2025-02-28', False),    # last day of the litigation period (8-31 + 6 months)
    ('2025-03-01', True),
    ('2025-05-28', True),     # three months after 2025-02-28
    ('2025-05-29', False)])
def test_court_application_window(tmp_path, applied, ok):
    root = execution_case()
    root.find('enforced-decision').set('served', '2024-08-31')
    docs(root, 'enforcement-application')[0].set('date', applied)
    res = score('coercive-seizure', write(tmp_path, root))
    assert state(res, 'P13') == ('passed' if ok else 'failed')


def licensing(root, decision):
    docs(root, 'licence-decision')[0].set('date', decision)


@pytest.mark.parametrize('wd,extra,ok', [
    (20, None, True), (21, None, False),
    (25, 'special', True), (26, 'special', False),
    (30, 'extension', True), (31, 'extension', False)])
def test_licence_decision_within_20_workdays(tmp_path, wd, extra, ok):
    root = example('clean-licensing.xml')
    root.find('licence').attrib.pop('promised-workdays')
    accepted = docs(root, 'acceptance-notice')[0].get('date')
    licensing(root, add_wd(accepted, wd))
    documents = root.find('documents')
    if extra == 'special':
        ET.SubElement(documents, 'document', {
            'kind': 'special-procedure-notice', 'title': '特别程序所需时间告知书',
            'date': add_wd(accepted, 2), 'days': '5'})
    elif extra == 'extension':
        ET.SubElement(documents, 'document', {
            'kind': 'extension-notice', 'title': '延长审查期限告知书',
            'date': add_wd(accepted, 20), 'number': 'X〔2025〕1号',
            'approved-by': '冯子涵', 'days': '10'})
    res = score('licensing-general', write(tmp_path, root))
    assert state(res, 'T1') == ('passed' if ok else 'failed')


def test_licence_joint_handling_gets_45_workdays(tmp_path):
    root = example('clean-licensing.xml')
    root.find('licence').attrib.pop('promised-workdays')
    root.find('licence').set('handling', 'joint')
    accepted = docs(root, 'acceptance-notice')[0].get('date')
    for wd, ok in ((45, True), (46, False)):
        licensing(root, add_wd(accepted, wd))
        res = score('licensing-general', write(tmp_path, root))
        assert state(res, 'T1') == ('passed' if ok else 'failed'), wd


@pytest.mark.parametrize('wd,ok', [(5, True), (6, False)])
def test_correction_notice_within_5_workdays(tmp_path, wd, ok):
    root = example('clean-licensing.xml')
    received = docs(root, 'application')[0].get('date')
    docs(root, 'correction-notice')[0].set('date', add_wd(received, wd))
    res = score('licensing-general', write(tmp_path, root))
    assert state(res, 'A3') == ('passed' if ok else 'failed')


def test_late_correction_notice_starts_the_clock_at_receipt(tmp_path):
    """第三十二条第一款第四项: no notice within 5 working days ⇒ accepted
    on receipt, so the 20 days run from the application."""
    root = example('clean-licensing.xml')
    root.find('licence').attrib.pop('promised-workdays')
    received = docs(root, 'application')[0].get('date')
    docs(root, 'correction-notice')[0].set('date', add_wd(received, 6))
    licensing(root, add_wd(received, 21))
    res = score('licensing-general', write(tmp_path, root))
    assert state(res, 'T1') == 'failed'
    docs(root, 'correction-notice')[0].set('date', add_wd(received, 5))
    res = score('licensing-general', write(tmp_path, root))
    assert state(res, 'T1') == 'passed'


@pytest.mark.parametrize('wd,ok', [(10, True), (11, False)])
def test_certificate_served_within_10_workdays(tmp_path, wd, ok):
    root = example('clean-licensing.xml')
    decided = docs(root, 'licence-decision')[0].get('date')
    docs(root, 'service-receipt', 'licence-certificate')[0].set(
        'date', add_wd(decided, wd))
    res = score('licensing-general', write(tmp_path, root))
    assert state(res, 'T5') == ('passed' if ok else 'failed')


@pytest.mark.parametrize('wd,ok', [(7, True), (8, False)])
def test_grant_published_within_7_workdays(tmp_path, wd, ok):
    root = example('clean-licensing.xml')
    decided = docs(root, 'licence-decision')[0].get('date')
    root.find('disclosure').set('date', add_wd(decided, wd))
    res = score('licensing-general', write(tmp_path, root))
    assert state(res, 'D1') == ('passed' if ok else 'failed')


# ------------------------------------------------- what the law does not ask

def test_inspection_target_may_be_named_in_the_text(tmp_path):
    root = example('clean-inspection.xml')
    docs(root, 'inspection-approval')[0].attrib.pop('target')
    res = score('inspection-enterprise', write(tmp_path, root))
    assert state(res, 'P5') == 'passed'
    docs(root, 'inspection-approval')[0].find('text').text = '检查内容见检查表单。'
    res = score('inspection-enterprise', write(tmp_path, root))
    assert state(res, 'P5') == 'failed'


def test_licensing_asks_name_and_address_not_a_number(tmp_path):
    """《行政许可法》第三十二条第二款: a sealed, dated receipt; a number is
    a matter of document form (D3), never of acceptance (A5); the
    applicant is identified by name and address (A2)."""
    root = example('clean-licensing.xml')
    docs(root, 'acceptance-notice')[0].attrib.pop('number')
    root.find('party').attrib.pop('id')
    res = score('licensing-general', write(tmp_path, root))
    assert state(res, 'A5') == 'passed' and state(res, 'A2') == 'passed'
    assert state(res, 'D3') == 'failed'
    assert [i['id'] for i in res['items'] if i['state'] == 'failed'] == ['D3']


def test_one_missing_form_costs_once(tmp_path):
    """A record without form lines fails C3, not C4 as well."""
    root = example('clean-inspection.xml')
    rec = docs(root, 'inspection-record')[0]
    for pt in rec.findall('point'):
        rec.remove(pt)
    res = score('inspection-enterprise', write(tmp_path, root))
    assert [i['id'] for i in res['items'] if i['state'] == 'failed'] == ['C3']


def test_signature_on_the_document_shows_service(tmp_path):
    """docs/casefile-kinds.md: a receipt, or the party's signature on the
    document itself, shows it served."""
    root = example('clean-licensing.xml')
    receipt = docs(root, 'service-receipt', 'licence-certificate')[0]
    cert = docs(root, 'licence-certificate')[0]
    root.find('documents').remove(receipt)
    res = score('licensing-general', write(tmp_path, root))
    assert state(res, 'T5') == 'failed'
    cert.set('party-signed', 'true')
    res = score('licensing-general', write(tmp_path, root))
    assert state(res, 'T5') == 'passed'
    root = execution_case()
    receipt = docs(root, 'service-receipt', 'demand-notice')[0]
    root.find('documents').remove(receipt)
    res = score('coercive-seizure', write(tmp_path, root))
    assert state(res, 'P11') == 'failed' and state(res, 'P12') == 'failed'
    docs(root, 'demand-notice')[0].set('party-signed', 'true')
    res = score('coercive-seizure', write(tmp_path, root))
    assert state(res, 'P11') == 'passed' and state(res, 'P12') == 'passed'
