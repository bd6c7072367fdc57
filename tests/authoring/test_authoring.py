"""The checklist authoring tools through the casereview CLI (issue 10):
`casereview test` (tests inside checklists, docs/checklist-tests.md),
`casereview score --explain` and `casereview diff`.

Run:  /usr/bin/python3 -m pytest tests/authoring
The binary is $CASEREVIEW_BIN, default build/cli/casereview.
"""

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.environ.get('CASEREVIEW_BIN',
                     os.path.join(ROOT, 'build', 'cli', 'casereview'))
DATA = os.path.join(ROOT, 'tests', 'authoring', 'data')
DEMO = os.path.join(DATA, 'demo.xml')
DEMO_S1 = os.path.join(DATA, 'demo-s1-points.xml')
CASES = os.path.join(DATA, 'cases')
NS = '{urn:casereview:checklist:1}'

if not os.access(BIN, os.X_OK):
    pytest.skip('casereview binary not found at %s (set CASEREVIEW_BIN)' % BIN,
                allow_module_level=True)


def run(*args, cwd=None):
    # these tests read the English texts; test_messages_cmds.py reads both
    return subprocess.run([BIN, *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd,
                          env=dict(os.environ, LC_ALL="en_US.UTF-8"))


def line_of(path, needle, start=0):
    """1-based line of the first line at or after START holding NEEDLE."""
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if n > start and needle in line:
                return n
    raise AssertionError('%r not in %s' % (needle, path))


# ------------------------------------------------------------ test

def test_demo_tests_pass():
    proc = run('test', DEMO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert '8 test(s), 8 passed, 0 failed' in proc.stdout
    assert proc.stdout.count('  ok    ') == 8


def test_wrong_tests_fail_naming_test_and_line():
    path = os.path.join(DATA, 'demo-wrong-tests.xml')
    proc = run('test', path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout
    assert '11 test(s), 1 passed, 10 failed' in out
    rel = os.path.relpath(path)
    rel_out = run('test', rel).stdout
    expected = {
        'wrong state': ('state="passed"', 'item S1: expected passed, got failed'),
        'wrong deduction': ('deducted="10"', 'expected deducted 10, got 5'),
        'wrong message': ('仅有3名', 'no finding\'s message contains "仅有3名"'),
        'wrong score and grade': ('expect-score', 'expected score 100, got 95'),
        'unknown item': ('item="S9"', 'no item S9 in the checklist'),
        'misspelt attribute': ('stat="failed"', 'unknown attribute stat='),
        'stale edit': ('nothing-here', 'selects nothing in the case'),
        'missing case file': ('no-such-case', 'cannot read case file'),
    }
    for name, (needle, message) in expected.items():
        assert re.search(r'^  FAIL  %s \(line \d+\)$' % re.escape(name), out,
                         re.M), name
        line = line_of(path, needle)
        assert re.search(r'^        %s:%d: .*%s' % (
            re.escape(rel), line, re.escape(message)), rel_out, re.M), name
    assert re.search(r'^  ok    right \(line \d+\)$', out, re.M)
    # a passing grade expectation is not reported
    assert 'expected grade' not in out


def test_checklist_with_a_wrong_inline_test(tmp_path):
    text = open(DEMO, encoding='utf-8').read()
    text = text.replace('<expect-score value="95"/>',
                        '<expect-score value="90"/>')
    broken = tmp_path / 'demo.xml'
    broken.write_text(text, encoding='utf-8')
    shutil.copy(os.path.join(DATA, 'case-one-officer.xml'), tmp_path)
    proc = run('test', str(broken))
    assert proc.returncode == 1
    line = line_of(str(broken), '<expect-score value="90"/>')
    assert '  FAIL  S1 fails with one officer (line' in proc.stdout
    assert '%s:%d: expected score 90, got 95' % (broken, line) in proc.stdout
    assert '7 passed, 1 failed' in proc.stdout


def test_quiet_prints_only_failures():
    proc = run('test', '-q', os.path.join(DATA, 'demo-wrong-tests.xml'))
    assert proc.returncode == 1
    assert '  ok    ' not in proc.stdout
    assert proc.stdout.count('  FAIL  ') == 10


def test_unloadable_inputs_exit_2(tmp_path):
    bad = tmp_path / 'tests.xml'
    bad.write_text('<tests xmlns="urn:casereview:checklist:1" '
                   'checklist="missing.xml"/>', encoding='utf-8')
    assert run('test', str(bad)).returncode == 2
    junk = tmp_path / 'junk.xml'
    junk.write_text('<checklist', encoding='utf-8')
    assert run('test', str(junk)).returncode == 2
    assert run('test').returncode == 2
    # a failing file and an unloadable one: the worse status wins
    assert run('test', os.path.join(DATA, 'demo-wrong-tests.xml'),
               str(junk)).returncode == 2


def test_inline_case_findings_point_into_the_tests_file(tmp_path):
    """An inline case's finding lines are lines of the checklist file."""
    text = open(DEMO, encoding='utf-8').read()
    text = text.replace('<expect item="S1" state="failed" deducted="10" '
                        'findings="2"/>',
                        '<expect item="S1" state="passed"/>')
    path = tmp_path / 'demo.xml'
    path.write_text(text, encoding='utf-8')
    proc = run('test', str(path))
    assert proc.returncode == 1
    assert 'got failed (findings: "现场检查笔录（2024-03-20）仅有1名执法人员"' \
        in proc.stdout


def shipped_items(cid):
    root = ET.parse(os.path.join(ROOT, 'rules', cid + '.xml')).getroot()
    return [it.get('id') for it in root.iter(NS + 'item')]


@pytest.mark.parametrize('cid', ['penalty-general', 'penalty-simplified'])
def test_shipped_checklist_tests_pass(cid):
    proc = run('test', os.path.join('rules', cid + '.xml'), cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # the clean case, one failing test per item, hand-written boundaries
    m = re.search(r'(\d+) test\(s\), (\d+) passed, 0 failed', proc.stdout)
    assert m and m.group(1) == m.group(2), proc.stdout
    assert int(m.group(1)) >= len(shipped_items(cid)) + 1


@pytest.mark.parametrize('cid', ['penalty-general', 'penalty-simplified'])
def test_shipped_tests_cover_every_item(cid):
    root = ET.parse(os.path.join(ROOT, 'rules', 'tests',
                                 cid + '-tests.xml')).getroot()
    assert root.tag == NS + 'tests'
    failing = set()
    clean = []
    for test in root.iter(NS + 'test'):
        expects = test.findall(NS + 'expect')
        if not expects:
            clean.append(test)
        failing |= {e.get('item') for e in expects
                    if e.get('state') == 'failed'
                    and test.get('name').startswith(e.get('item') + ' ')}
    assert failing == set(shipped_items(cid))
    assert len(clean) == 1
    assert clean[0].find(NS + 'expect-others').get('state') == \
        'passed not-applicable'


# --------------------------------------------------------- explain

def test_explain_text_shows_lets_and_message_values():
    proc = run('score', '-c', DEMO, '--format', 'text', '--explain',
               os.path.join(CASES, 'd-two-single.xml'))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    block = out[out.index('取值说明'):]
    assert '[S1] 询问笔录（2024-03-22）仅有1名执法人员' in block
    assert '位置：/case/documents/document[2]，第6行' in block
    assert '      $n = 1\n' in block
    assert '      {@title} = 询问笔录\n' in block
    assert '[P1] 法制审核：不适用' in block
    assert re.search(r'适用条件 \$decision/penalty\[.* = 否\n', block)


def test_explain_json_members():
    proc = run('score', '-c', DEMO, '--format', 'json', '--explain',
               os.path.join(CASES, 'd-two-single.xml'))
    res = json.loads(proc.stdout)
    items = {it['id']: it for it in res['items']}
    f = items['S1']['findings'][0]
    assert f['explain'] == {'assert': '$n >= 2', '$n': '1',
                            '{@title}': '现场检查笔录',
                            '{@date}': '2024-03-20', '{$n}': '1'}
    # the applies-if test first, then the names it uses
    (test, value), = list(items['P1']['explain'].items())[:1]
    assert test.startswith('$decision/penalty') and value == 'false'
    assert items['P1']['explain']['$decision'].startswith('/case/decision')
    plain = json.loads(run('score', '-c', DEMO, '--format', 'json',
                           os.path.join(CASES, 'd-two-single.xml')).stdout)
    assert 'explain' not in json.dumps(plain)


def test_explain_shows_the_global_let_a_failing_item_uses():
    proc = run('score', '-c', DEMO, '--format', 'json', '--explain',
               os.path.join(CASES, 'c-no-review.xml'))
    items = {it['id']: it for it in json.loads(proc.stdout)['items']}
    assert items['P1']['state'] == 'failed'
    assert '$decision' in items['P1']['findings'][0]['explain']


# ------------------------------------------------------------ diff

def diff_json(*args):
    proc = run('diff', '--format', 'json', *args)
    return proc.returncode, json.loads(proc.stdout)


def good_cases(tmp_path):
    """The demo cases without the unscorable one."""
    d = tmp_path / 'cases'
    d.mkdir()
    for name in os.listdir(CASES):
        if name != 'e-broken.xml':
            shutil.copy(os.path.join(CASES, name), d)
    return d


def test_diff_points_change_reports_that_item_and_those_cases(tmp_path):
    cases = good_cases(tmp_path)
    rc, d = diff_json('-c', DEMO, '-c', DEMO_S1, str(cases))
    assert rc == 0
    assert d['format'] == 'casereview-diff/1'
    assert d['checklist_changes'] == []
    assert d['items'] == {'added': [], 'removed': [], 'changed': [
        {'id': 'S1', 'changes': [{'field': 'deduct', 'old': 5, 'new': 3}]}]}
    assert d['cases'] == {'count': 4, 'changed': 1,
                          'unscorable_or_incomplete': 0}
    (c,) = d['changed_cases']
    assert c['source'].endswith('a-one-officer.xml')
    assert c['old'] == {'score': 95, 'grade': 'excellent', 'vetoed': False}
    assert c['new'] == {'score': 97, 'grade': 'excellent', 'vetoed': False}
    assert c['items'] == [{'id': 'S1',
                           'old': {'state': 'failed', 'deducted': 5},
                           'new': {'state': 'failed', 'deducted': 3}}]
    assert d['item_counts'] == []


def test_diff_text(tmp_path):
    proc = run('diff', '--format', 'text', '-c', DEMO, '-c', DEMO_S1,
               str(good_cases(tmp_path)))
    assert proc.returncode == 0
    out = proc.stdout
    assert 'items: 0 added, 0 removed, 1 changed' in out
    assert '  ~ S1 调查取证执法人员不少于两人\n      deduct: 5 -> 3\n' in out
    assert 'cases: 4, 1 changed' in out
    assert re.search(r'a-one-officer\.xml \[F-1\]: 95 优秀 -> 97 优秀\n'
                     r'      S1: failed -5 -> failed -3\n', out)


def test_diff_of_identical_checklists_is_empty(tmp_path):
    rc, d = diff_json('-c', DEMO, '-c', DEMO, str(good_cases(tmp_path)))
    assert rc == 0
    assert d['items'] == {'added': [], 'removed': [], 'changed': []}
    assert d['changed_cases'] == [] and d['item_counts'] == []
    assert d['cases']['count'] == 4


def write_variant(tmp_path, name, edit):
    text = open(DEMO, encoding='utf-8').read()
    new = edit(text)
    assert new != text
    path = tmp_path / name
    path.write_text(new, encoding='utf-8')
    shutil.copy(os.path.join(DATA, 'case-one-officer.xml'), tmp_path)
    return str(path)


def test_diff_added_removed_and_logic(tmp_path):
    # P1 removed; P2 (fails without an inquiry record) added; S2's test
    # changed; category points kept so the checklist loads.
    def edit(text):
        start = text.index('    <item id="P1"')
        end = text.index('</item>', start) + len('</item>')
        text = text[:start] + (
            '    <item id="P2" title="询问笔录" deduct="4" basis="测试">\n'
            '      <check context="/case"><assert test="documents/document'
            '[@kind=\'inquiry-record\']">缺少询问笔录</assert></check>\n'
            '    </item>') + text[end:]
        return text.replace("agency/@code != ''", "string-length(agency/@code) > 2")
    new = write_variant(tmp_path, 'new.xml', edit)
    rc, d = diff_json('-c', DEMO, '-c', new, CASES)
    assert rc == 1  # e-broken.xml cannot be scored
    assert [i['id'] for i in d['items']['added']] == ['P2']
    assert [i['id'] for i in d['items']['removed']] == ['P1']
    (changed,) = d['items']['changed']
    assert changed['id'] == 'S2'
    assert [c['field'] for c in changed['changes']] == ['logic']
    assert 'string-length' in changed['changes'][0]['new']
    counts = {c['id']: c for c in d['item_counts']}
    # P2 fails in every scorable case but d-two-single (it has one)
    assert counts['P2']['newly_failing'] == 3
    assert counts['P1']['newly_passing'] == 1  # c-no-review
    by_case = {os.path.basename(c['source']): c for c in d['changed_cases']}
    assert by_case['c-no-review.xml']['items'] == [
        {'id': 'P1', 'old': {'state': 'failed', 'deducted': 10},
         'new': {'state': 'absent', 'deducted': 0}},
        {'id': 'P2', 'old': {'state': 'absent', 'deducted': 0},
         'new': {'state': 'failed', 'deducted': 4}}]
    assert d['cases']['unscorable_or_incomplete'] == 1
    assert [os.path.basename(u['source']) for u in d['unscorable']] == [
        'e-broken.xml']
    text = run('diff', '--format', 'text', '-c', DEMO, '-c', new).stdout
    assert '  + P2 询问笔录' in text and '  - P1 法制审核' in text
    assert "        -   assert agency/@code != ''" in text


def test_diff_jobs_do_not_change_the_output(tmp_path):
    outs = {run('diff', '--format', 'json', '-j', j, '-c', DEMO, '-c',
                DEMO_S1, CASES, os.path.join(DATA, 'case-one-officer.xml')
                ).stdout for j in ('1', '3')}
    assert len(outs) == 1


def test_diff_over_an_archive(tmp_path):
    archive = tmp_path / 'export.zip'
    with zipfile.ZipFile(archive, 'w') as z:
        for name in ('a-one-officer.xml', 'b-clean.xml'):
            z.write(os.path.join(CASES, name), 'x/' + name)
    rc, d = diff_json('-c', DEMO, '-c', DEMO_S1, str(archive))
    if d['cases']['count'] == 2 and d['cases']['unscorable_or_incomplete']:
        pytest.skip('built without libarchive')
    assert rc == 0
    assert [c['source'] for c in d['changed_cases']] == [
        '%s!x/a-one-officer.xml' % archive]


def test_diff_usage():
    assert run('diff', '-c', DEMO, CASES).returncode == 2
    assert run('diff', '-c', DEMO, '-c', DEMO, '-c', DEMO).returncode == 2
    assert run('diff', '-c', DEMO, '-c', '/nonexistent.xml').returncode == 2
    assert run('diff', '--help').returncode == 0


def test_edits(tmp_path):
    """add/replace/remove on a shared case, nested selections included."""
    tests = tmp_path / 'edits.xml'
    tests.write_text('''<tests xmlns="urn:casereview:checklist:1" checklist="%s">
  <case-document id="c" href="%s"/>
  <test name="remove nested nodes at once" case="c">
    <remove sel="/case/documents | /case/documents/document/officer | /case/agency/@code"/>
    <expect item="S1" state="passed"/>
    <expect item="S2" state="failed"/>
  </test>
  <test name="add before, after, prepend" case="c">
    <add sel="/case/documents/document" pos="before"><document kind="inquiry-record" title="A"><officer ref="o1"/></document></add>
    <add sel="/case/documents/document[2]" pos="after"><document kind="inquiry-record" title="C"/></add>
    <add sel="/case/documents" pos="prepend"><document kind="inspection-record" title="Z"/></add>
    <expect item="S1" findings="4" deducted="10"/>
    <expect item="S1" message-contains="Z（）仅有0名"/>
  </test>
  <test name="replace an element and a text" case="c">
    <replace sel="/case/documents/document"><document kind="other"/></replace>
    <replace sel="/case/agency/@code">X</replace>
    <expect item="S1" state="passed"/>
    <expect item="S2" state="passed"/>
    <expect-score value="100"/>
  </test>
  <test name="a param for one test" href="%s">
    <param name="review-fine" value="100000"/>
    <expect item="P1" state="not-applicable"/>
  </test>
  <test name="and back to its default" href="%s">
    <expect item="P1" state="failed"/>
  </test>
</tests>
''' % (DEMO, os.path.join(DATA, 'case-one-officer.xml'),
       os.path.join(CASES, 'c-no-review.xml'),
       os.path.join(CASES, 'c-no-review.xml')), encoding='utf-8')
    proc = run('test', str(tests))
    assert proc.returncode == 0, proc.stdout
    assert '5 test(s), 5 passed' in proc.stdout


def test_shorthand_attributes(tmp_path):
    case = os.path.join(DATA, 'case-one-officer.xml')
    tests = tmp_path / 'short.xml'
    tests.write_text(
        '<tests xmlns="urn:casereview:checklist:1" checklist="%s">\n'
        '  <test name="ok" href="%s" score="95" grade="excellent" '
        'vetoed="false"/>\n'
        '  <test name="wrong" href="%s" score="90" vetoed="true"/>\n'
        '</tests>\n' % (DEMO, case, case), encoding='utf-8')
    proc = run('test', str(tests))
    assert proc.returncode == 1
    assert '  ok    ok (line 2)' in proc.stdout
    assert '%s:3: expected score 90, got 95' % tests in proc.stdout
    assert '%s:3: expected the case vetoed, it was not' % tests in proc.stdout
