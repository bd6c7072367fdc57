"""Checklist 1.1 in batch: --verdicts, the summary's pending and unscored
counts, the CSV's score range and pending columns, the HTML report's
待人工评查 cases, and the reviewer round trip: --review-form writes every
pending item to a CSV a reviewer fills in, `casereview verdicts` turns it
into a verdicts file checked like one, and the next batch applies it.

Run:  /usr/bin/python3 -m pytest tests/batch
"""

import csv
import io
import json
import os
import shutil
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.environ.get('CASEREVIEW_BIN',
                     os.path.join(ROOT, 'build', 'cli', 'casereview'))
PENDING = os.path.join(ROOT, 'tests', 'cases', 'verdicts',
                       'pending-with-verdicts')
CHECKLIST = os.path.join(PENDING, 'checklist.xml')
UNSCORED = os.path.join(ROOT, 'tests', 'cases', 'scheme',
                        'veto-unscored-grades')

if not os.access(BIN, os.X_OK):
    pytest.skip('casereview binary not found at %s' % BIN,
                allow_module_level=True)


def run(*args, cwd=None):
    return subprocess.run([BIN, *args], capture_output=True, timeout=120,
                          cwd=cwd)


@pytest.fixture
def cases(tmp_path):
    d = tmp_path / 'cases'
    d.mkdir()
    for n in ('case-1.xml', 'case-2.xml', 'case-3.xml'):
        shutil.copy(os.path.join(PENDING, n), d / n)
    return d


def batch(tmp_path, cases, *extra):
    out = tmp_path / 'out'
    out.mkdir(exist_ok=True)
    proc = run('batch', '-c', CHECKLIST, '-q', '-o', str(out / 'r.jsonl'),
               '--csv', str(out / 'r.csv'), '--summary', str(out / 's.json'),
               '--report', str(out / 'r.html'), *extra, str(cases))
    return proc, out


def read_csv(path, encoding='utf-8'):
    data = open(path, 'rb').read()
    assert data.startswith(b'\xef\xbb\xbf') or encoding != 'utf-8'
    return list(csv.reader(io.StringIO(data.decode(encoding).lstrip('\ufeff'))))


def test_pending_cases_in_every_output(tmp_path, cases):
    proc, out = batch(tmp_path, cases)
    assert proc.returncode == 0, proc.stderr
    s = json.load(open(out / 's.json'))
    assert s['pending'] == 2 and s['unscored'] == 0
    assert s['incomplete'] == 0
    rows = read_csv(out / 'r.csv')
    assert rows[0][-4:] == ['最低可能得分', '最高可能得分', '待人工评查项数',
                            '待人工评查项']
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id['P1'][-4:] == ['0', '110', '5', 'R1 R2 R3 E2 X1']
    assert by_id['P2'][-4:] == ['87', '95', '2', 'R1 R3']
    assert by_id['P3'][-4:] == ['100', '100', '0', '']
    html = open(out / 'r.html', encoding='utf-8').read()
    assert '不合格、一票否决及待人工评查案卷（2 件）' in html
    assert '待人工评查</span>' in html
    assert '机器提示：R3 未通过（/case/doc[2]，第1行）' in html
    assert '得分范围 87–95' in html
    proc = run('batch', '-c', CHECKLIST, '-o', '/dev/null', str(cases))
    assert '待人工评查 2 件，不评分（一票否决）0 件' in proc.stderr.decode()


def test_review_round_trip(tmp_path, cases):
    form = tmp_path / 'form.csv'
    proc, out = batch(tmp_path, cases, '--review-form', str(form))
    assert proc.returncode == 0, proc.stderr
    rows = read_csv(form)
    header = rows[0]
    assert header[:3] == ['案卷编号', '来源', '评查项']
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ('P1', 'R1'), ('P1', 'R2'), ('P1', 'R3'), ('P1', 'E2'), ('P1', 'X1'),
        ('P2', 'R1'), ('P2', 'R3')]
    r3 = rows[3]
    assert r3[5] == '扣 3 分' and 'R3 未通过' in r3[6]
    # the reviewer decides some rows, leaves the others, saves as GB18030
    # ("CSV" in a Chinese Excel)
    col = header.index('结论（通过/不通过/不适用）')
    decided = {('P1', 'R1'): ['不通过', '2', '张三', '2026-12-01', '理由'],
               ('P2', 'R1'): ['不通过', '5', '张三', '2026-12-01', ''],
               ('P2', 'R3'): ['通过', '', '', '', '见第2页']}
    for r in rows[1:]:
        if (r[0], r[2]) in decided:
            r[col:col + 5] = decided[(r[0], r[2])]
    buf = io.StringIO()
    csv.writer(buf, lineterminator='\r\n').writerows(rows)
    filled = tmp_path / 'filled.csv'
    filled.write_bytes(buf.getvalue().encode('gb18030'))
    verdicts = tmp_path / 'verdicts.xml'
    # a row without a reviewer is refused at its row
    proc = run('verdicts', '-c', CHECKLIST, '-o', str(verdicts), str(filled))
    assert proc.returncode == 2
    assert ('%s:8: 错误[CR-2509]' % filled).encode() in proc.stderr
    assert not verdicts.exists()
    proc = run('verdicts', '-c', CHECKLIST, '--by', '李四', '--at',
               '2026-12-02', '-o', str(verdicts), str(filled))
    assert proc.returncode == 0, proc.stderr
    assert run('lint', '--verdicts', str(verdicts), CHECKLIST).returncode == 0
    form2 = tmp_path / 'form2.csv'
    proc, out = batch(tmp_path, cases, '--verdicts', str(verdicts),
                      '--review-form', str(form2))
    assert proc.returncode == 0, proc.stderr
    results = {json.loads(l)['case']['id']: json.loads(l)
               for l in open(out / 'r.jsonl', encoding='utf-8')}
    assert results['P2']['pending'] == [] and results['P2']['score'] == 90
    r1 = [i for i in results['P1']['items'] if i['id'] == 'R1'][0]
    assert r1['verdict'] == {'result': 'failed', 'deducted': 2, 'by': '张三',
                             'at': '2026-12-01', 'reason': '理由',
                             'machine_state': 'pending'}
    r3 = [i for i in results['P2']['items'] if i['id'] == 'R3'][0]
    assert r3['verdict']['by'] == '李四'
    # what is left to decide
    assert [(r[0], r[2]) for r in read_csv(form2)[1:]] == [
        ('P1', 'R2'), ('P1', 'R3'), ('P1', 'E2'), ('P1', 'X1')]


def test_bad_form_rows_are_reported_with_their_rows(tmp_path):
    form = tmp_path / 'f.csv'
    form.write_text('\ufeff案卷编号,评查项,结论,扣分,评查人,评查时间\r\n'
                    'P1,R1,不通过,9,a,b\r\n'
                    'P1,NOPE,通过,,a,b\r\n'
                    'P1,R2,maybe,,a,b\r\n'
                    ',,,,,\r\n'
                    'P1,R1,通过,,a,b\r\n', encoding='utf-8')
    proc = run('verdicts', '-c', CHECKLIST, str(form))
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert '%s:2: 错误[CR-2508]' % form in err
    assert '%s:3: 错误[CR-2505]' % form in err
    assert '%s:4: 错误[CR-2507]' % form in err
    assert ("%s:6: 错误[CR-2506]: 案卷“P1”的评查项“R1”有第二个决定"
            "（第一个在 %s:2）" % (form, form)) in err


def test_not_a_form(tmp_path):
    form = tmp_path / 'f.csv'
    form.write_text('a,b\r\n1,2\r\n', encoding='utf-8')
    proc = run('verdicts', '-c', CHECKLIST, str(form))
    assert proc.returncode == 2
    assert '不是评审表'.encode() in proc.stderr


def test_verdicts_for_a_case_never_scored(tmp_path, cases):
    v = tmp_path / 'v.xml'
    v.write_text('<verdicts xmlns="urn:casereview:verdicts:1" '
                 'checklist="pending">\n'
                 '  <case id="GONE"><verdict item="R1" result="passed" '
                 'by="a" at="b"/></case>\n</verdicts>\n', encoding='utf-8')
    proc, out = batch(tmp_path, cases, '--verdicts', str(v))
    assert proc.returncode == 0
    # the text in both languages: tests/python/test_messages_batchout.py
    assert ("%s:2: " % v).encode() in proc.stderr
    assert b"[CR-2510]" in proc.stderr and b"GONE" in proc.stderr
    s = json.load(open(out / 's.json'))
    assert s['verdicts_unused'] == [{'case': 'GONE', 'line': 2}]


def test_unscored_cases_leave_the_mean(tmp_path):
    d = tmp_path / 'cases'
    d.mkdir()
    for n in ('case-1.xml', 'case-2.xml'):
        shutil.copy(os.path.join(UNSCORED, n), d / n)
    out = tmp_path / 'out'
    out.mkdir()
    proc = run('batch', '-c', os.path.join(UNSCORED, 'checklist.xml'), '-q',
               '-o', str(out / 'r.jsonl'), '--csv', str(out / 'r.csv'),
               '--summary', str(out / 's.json'), str(d))
    assert proc.returncode == 0, proc.stderr
    s = json.load(open(out / 's.json'))
    assert s['unscored'] == 1 and s['scored'] == 2
    assert s['mean'] == 92 and s['median'] == 92
    rows = read_csv(out / 'r.csv')
    v1 = [r for r in rows[1:] if r[0] == 'V-1'][0]
    assert v1[3] == '' and v1[-4:] == ['', '', '0', '']


def test_1_0_outputs_keep_their_columns(tmp_path):
    rules = os.path.join(ROOT, 'rules', 'penalty-general.xml')
    case = os.path.join(ROOT, 'examples', 'cases', 'clean-general.xml')
    out = tmp_path
    proc = run('batch', '-c', rules, '-q', '-o', str(out / 'r.jsonl'),
               '--csv', str(out / 'r.csv'), '--summary', str(out / 's.json'),
               case)
    assert proc.returncode == 0
    assert read_csv(out / 'r.csv')[0][-1] == '无法评查原因'
    s = json.load(open(out / 's.json'))
    assert 'pending' not in s and 'unscored' not in s
