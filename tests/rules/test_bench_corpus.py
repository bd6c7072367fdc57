"""The benchmark corpus (bench/gen-corpus.py) must stay in step with the
shipped general-procedure checklist: a case without an injected defect
scores 100, so that the benchmark measures the typical clean case it
claims to, and each injected defect fails items (not nothing).

Run:  /usr/bin/python3 -m pytest tests/rules
The binary is $CASEREVIEW_BIN, default build/cli/casereview.
"""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.environ.get('CASEREVIEW_BIN',
                     os.path.join(ROOT, 'build', 'cli', 'casereview'))
GENERAL = os.path.join(ROOT, 'rules', 'penalty-general.xml')
GEN = os.path.join(ROOT, 'bench', 'gen-corpus.py')

if not os.access(BIN, os.X_OK):
    pytest.skip('casereview binary not found at %s (set CASEREVIEW_BIN)' % BIN,
                allow_module_level=True)


def generate(out, *extra):
    subprocess.run([sys.executable, GEN, '--out', str(out), '--seed', '11',
                    '--typical', '60', '--long', '6', '--extreme', '1']
                   + list(extra), check=True, timeout=120)


def batch(folder):
    proc = subprocess.run([BIN, 'batch', '-c', GENERAL, '-j1', str(folder)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert lines
    return lines


def failed(res):
    return sorted(i['id'] for i in res['items'] if i['state'] != 'passed'
                  and i['state'] != 'not-applicable')


@pytest.mark.parametrize('size', ['typical', 'long', 'extreme'])
def test_cases_without_defects_score_100(tmp_path, size):
    generate(tmp_path, '--no-defects')
    for res in batch(tmp_path / size):
        assert res['complete'], res['case']['source']
        assert (res['score'], failed(res)) == (100, []), res['case']['source']


def test_defects_fail_items(tmp_path):
    generate(tmp_path / 'with')
    generate(tmp_path / 'without', '--no-defects')
    clean = {os.path.basename(r['case']['source']): r
             for r in batch(tmp_path / 'without' / 'typical')}
    differing = 0
    for res in batch(tmp_path / 'with' / 'typical'):
        name = os.path.basename(res['case']['source'])
        same = ((tmp_path / 'with' / 'typical' / name).read_bytes()
                == (tmp_path / 'without' / 'typical' / name).read_bytes())
        if same:
            assert failed(res) == [], name
        else:
            differing += 1
            assert failed(res), name   # a defect that fails nothing
            assert failed(clean[name]) == []
    assert 5 <= differing <= 40
