"""Checklist language 1.1 through the authoring commands: `casereview test`
expectations of the new states and values and tests carrying verdicts,
`--verdicts` on score/test/diff/lint, `score --explain` on earn ratios,
and `describe` of a 1.1 checklist.

Run:  /usr/bin/python3 -m pytest tests/authoring
"""

import json
import os
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.environ.get('CASEREVIEW_BIN',
                     os.path.join(ROOT, 'build', 'cli', 'casereview'))
DATA = os.path.join(ROOT, 'tests', 'authoring', 'data')
CASES = os.path.join(ROOT, 'tests', 'cases')
SCHEME = os.path.join(DATA, 'scheme.xml')
MEE = os.path.join(CASES, 'scheme', 'mee-2024-shape')
PENDING = os.path.join(CASES, 'verdicts', 'pending-with-verdicts')

if not os.access(BIN, os.X_OK):
    pytest.skip('casereview binary not found at %s (set CASEREVIEW_BIN)' % BIN,
                allow_module_level=True)


# the messages these tests read are the English ones (docs/messages.md)
ENGLISH = dict(os.environ, LC_ALL="en_US.UTF-8")


def run(*args, cwd=None):
    return subprocess.run([BIN, *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=ENGLISH)


def line_of(path, needle):
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if needle in line:
                return n
    raise AssertionError('%r not in %s' % (needle, path))


def test_scheme_expectations_pass():
    proc = run('test', SCHEME)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert '4 test(s), 4 passed, 0 failed' in proc.stdout


def test_wrong_scheme_expectations_fail_at_their_lines():
    path = os.path.join(DATA, 'scheme-wrong-tests.xml')
    proc = run('test', path)
    assert proc.returncode == 1
    out = proc.stdout
    expected = [
        ('<expect-score value="null"/>', 'expected score null, got 110'),
        ('<expect-score-range', 'expected score range [1, 110], got [0, 110]'),
        ('<expect-pending items="R1"/>',
         'expected pending items "R1", got "R1 R2 R3 E2 X1"'),
        ('<expect-bonus value="0"/>', 'expected bonus 0, got 10'),
        ('earned="0" machine-state', 'item E2: expected earned 0, got 2'),
        ('earned="0" machine-state',
         "expected the machine's state failed, got pending"),
        ('<expect-category id="e"', 'expected not-applicable, got applicable'),
        ('<expect-grade-caps items="M1"/>', 'expected grade caps "M1", got ""'),
        ('<expect-complete value="true"/>',
         'expected the result complete, it was not'),
        ('<verdict item="R1" result="failed"/>',
         "verdict: item 'R1' deducts 1 to 5"),
        ('<verdict item="NOPE"', "verdict: checklist 'pending' has no item"),
    ]
    for needle, message in expected:
        want = '%s:%d: ' % (path, line_of(path, needle))
        assert any(l.strip().startswith(want) and message in l
                   for l in out.splitlines()), (needle, message, out)


def test_test_command_takes_a_verdicts_file(tmp_path):
    checklist = os.path.join(PENDING, 'checklist.xml')
    tests = tmp_path / 'tests.xml'
    tests.write_text('''<tests xmlns="urn:casereview:checklist:1" checklist="%s">
  <test name="P2 with the file's verdicts" href="%s">
    <expect-score value="95"/>
    <expect-pending items=""/>
    <expect item="M1" state="passed" machine-state="failed"/>
  </test>
</tests>
''' % (checklist, os.path.join(PENDING, 'case-2.xml')), encoding='utf-8')
    proc = run('test', str(tests))
    assert proc.returncode == 1, proc.stdout
    proc = run('test', '--verdicts', os.path.join(PENDING, 'verdicts.xml'),
               str(tests))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_score_verdicts_file_that_does_not_load_exits_2(tmp_path):
    bad = tmp_path / 'v.xml'
    bad.write_text('<verdicts xmlns="urn:casereview:verdicts:1" '
                   'checklist="nope"/>', encoding='utf-8')
    proc = run('score', '-c', os.path.join(PENDING, 'checklist.xml'),
               '--verdicts', str(bad), os.path.join(PENDING, 'case-1.xml'))
    assert proc.returncode == 2
    assert '%s:1:0: error[CR-2504]' % bad in proc.stderr


def test_pending_is_not_a_failed_run():
    proc = run('score', '-c', os.path.join(PENDING, 'checklist.xml'),
               '--format', 'json', os.path.join(PENDING, 'case-1.xml'))
    assert proc.returncode == 0, proc.stderr
    r = json.loads(proc.stdout)
    assert r['complete'] is False and r['pending']


def test_explain_names_members_counted_and_left():
    proc = run('score', '-c', os.path.join(MEE, 'checklist.xml'), '--format',
               'text', '--explain', os.path.join(MEE, 'case-1.xml'))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert '<norm> 规范性：' in out
    assert 'D07 不计入比例：本类不适用（责令改正决定书）' in out
    assert 'D11 计入比例：得 9 / 标准分 15' in out
    assert '= 50 × 62 / 71 = 43.66，扣减后 42.66' in out
    assert 'D01-2 计入比例：得 0 / 标准分 1' in out
    proc = run('score', '-c', os.path.join(MEE, 'checklist.xml'), '--format',
               'json', '--explain', os.path.join(MEE, 'case-1.xml'))
    r = json.loads(proc.stdout)
    norm = [c for c in r['categories'] if c['id'] == 'norm'][0]
    assert norm['explain']['D09'] == '不计入比例：本类不适用（听证通知书）'
    assert norm['explain']['basic'] == '扣减项：扣 1 分'
    # without --explain no explain member
    proc = run('score', '-c', os.path.join(MEE, 'checklist.xml'), '--format',
               'json', os.path.join(MEE, 'case-1.xml'))
    assert 'explain' not in proc.stdout


def test_text_report_shows_pending_range_and_verdicts():
    proc = run('score', '-c', os.path.join(PENDING, 'checklist.xml'),
               '--format', 'text', os.path.join(PENDING, 'case-2.xml'))
    assert '待人工评查：2 项（R1、R3），得分范围 87 – 95' in proc.stdout
    assert '待人工评查项（2）：' in proc.stdout
    proc = run('score', '-c', os.path.join(PENDING, 'checklist.xml'),
               '--verdicts', os.path.join(PENDING, 'verdicts.xml'),
               '--format', 'text', os.path.join(PENDING, 'case-2.xml'))
    assert '待人工评查' not in proc.stdout.split('共 ')[0].split('分类得分')[0]
    assert '[M1] 项目M1：通过（王五，2026-12-02；机器判定：不通过）' in proc.stdout
    assert '理由：复核：主体资格证明见第3页' in proc.stdout


def test_describe_shows_the_scheme():
    proc = run('describe', os.path.join(MEE, 'checklist.xml'))
    assert proc.returncode == 0
    out = proc.stdout
    assert '- 否决项不合格：得 0 分，最低等次（veto="zero"）' in out
    assert '| D04 | 类D04 | 5 | earn |  | norm |' not in out
    assert '| D04 | 监测报告 | 5 | earn |  | norm | 2 |' in out
    assert '| basic | 卷面基本要素 | 20 | deduct | penalty | norm | 1 |' in out
    assert '| D04-1 | D04 | 项目D04-1 | 得 1 |  | 自动 | 本类得 0 分  |' \
        in out
    assert '| V08 | legality | 事实与条款是否相符 | 50 | **否决** | 人工 |' in out
    assert '| X1 | bonus | 移送公安机关并予以拘留 | +15 |' in out
    assert '| 编号 | 类别 | 评查项目 | 分值 | 否决 | 评查方式 | 不合格时 | 依据 |' \
        in out


def test_describe_of_a_1_0_checklist_has_no_1_1_columns():
    proc = run('describe', os.path.join(ROOT, 'rules', 'penalty-general.xml'))
    assert '评查方式' not in proc.stdout and '计分方式' not in proc.stdout
    assert '| 编号 | 类别 | 评查项目 | 分值 | 否决 | 依据 |' in proc.stdout


def test_describe_is_in_chinese_and_tsv_has_a_header_row():
    general = os.path.join(ROOT, 'rules', 'penalty-general.xml')
    md = run('describe', general).stdout
    for english in ('- id:', '- total:', 'veto items', '| grade |',
                    '| category |', '| id |', '**veto**', ' each, max ',
                    'Any failed veto'):
        assert english not in md, english
    assert '- 总分：100\n' in md
    assert '| 参数 | 类型 | 默认值 | 范围 |' in md
    assert '| disclosure-workdays | integer | 7 | ≥ 1 |' in md
    tsv = run('describe', '--format', 'tsv', general,
              os.path.join(MEE, 'checklist.xml'), general).stdout.splitlines()
    headers = [i for i, l in enumerate(tsv) if l.startswith('评查标准\t')]
    # one header per change of columns: 1.0, 1.1, 1.0 again
    assert len(headers) == 3 and headers[0] == 0
    assert tsv[0].split('\t')[:4] == ['评查标准', '编号', '类别', '评查项目']
    assert len(tsv[headers[1]].split('\t')) == 16


def test_diff_with_verdicts(tmp_path):
    checklist = os.path.join(PENDING, 'checklist.xml')
    cases = tmp_path / 'cases'
    cases.mkdir()
    for n in ('case-1.xml', 'case-2.xml'):
        (cases / n).write_bytes(open(os.path.join(PENDING, n), 'rb').read())
    newer = tmp_path / 'new.xml'
    newer.write_text(open(checklist, encoding='utf-8').read().replace(
        'deduct="5"', 'deduct="6"'), encoding='utf-8')
    proc = run('diff', '-c', checklist, '-c', str(newer), '--verdicts',
               os.path.join(PENDING, 'verdicts.xml'), '--format', 'json',
               str(cases))
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    # P2's M1 failure was overridden by a verdict: no case moves
    assert d['cases']['changed'] == 0
    proc = run('diff', '-c', checklist, '-c', str(newer), '--format', 'json',
               str(cases))
    d = json.loads(proc.stdout)
    assert d['cases']['changed'] == 1


def test_lint_reports_bad_verdicts_with_lines():
    folder = os.path.join(CASES, 'lint', 'bad-verdicts')
    proc = run('lint', '--verdicts', 'verdicts.xml', 'checklist.xml',
               cwd=folder)
    assert proc.returncode == 2
    assert 'verdicts.xml:1:0: error[CR-2504]' in proc.stdout
    assert 'verdicts.xml: 20 problem(s)' in proc.stdout
