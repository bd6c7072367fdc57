"""A supervisor reads the shipped checklists' findings: no raw case-file codes.

Scores the bundled examples (examples/export-2024.zip, examples/cases), the
per-item cases of tests/rules and the real-decisions corpus with every
shipped checklist, and checks each finding message: no "true"/"false"/"none",
no empty “”, and no casefile value code (the backticked names of
docs/casefile.md and docs/casefile-kinds.md, e.g. “deficient”, （general）)
standing alone inside “…” or （…）. A value outside the casefile lists (an
evidence type “photo” the checklist rejects) is the defect itself and may
be quoted as written.

Run:  /usr/bin/python3 -m pytest tests/rules/test_messages_readable.py
The binary is $CASEREVIEW_BIN, default build/cli/casereview.
"""

import json
import os
import re
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.environ.get('CASEREVIEW_BIN',
                     os.path.join(ROOT, 'build', 'cli', 'casereview'))
CHECKLISTS = ('penalty-general', 'penalty-simplified', 'inspection-enterprise',
              'licensing-general', 'coercive-seizure', 'mee2024-general')
INPUTS = ('examples/export-2024.zip', 'examples/cases', 'tests/rules',
          'tests/real-decisions')
RAW = re.compile(r'(?<![A-Za-z0-9_-])(true|false|none)(?![A-Za-z0-9_-])')
QUOTED = re.compile(r'“([^“”]*)”|（([^（）]*)）')

if not os.access(BIN, os.X_OK):
    pytest.skip('casereview binary not found at %s (set CASEREVIEW_BIN)' % BIN,
                allow_module_level=True)


def casefile_codes():
    """Every backticked lower-case name of the casefile documentation."""
    codes = set()
    for name in ('casefile.md', 'casefile-kinds.md'):
        with open(os.path.join(ROOT, 'docs', name), encoding='utf-8') as f:
            codes.update(re.findall(r'`([a-z][a-z-]*)`', f.read()))
    return codes


def unreadable(message, codes):
    """What in MESSAGE a reader would see as a raw value, or None."""
    m = RAW.search(message)
    if m:
        return m.group(0)
    for q in QUOTED.finditer(message):
        inner = q.group(1) if q.group(1) is not None else q.group(2)
        words = inner.split()
        if q.group(1) is not None and not words:
            return q.group(0)
        if words and all(w in codes for w in words):
            return q.group(0)
    return None


@pytest.mark.parametrize('cid', CHECKLISTS)
def test_findings_show_no_raw_values(tmp_path, cid):
    out = tmp_path / 'results.jsonl'
    proc = subprocess.run(
        [BIN, 'batch', '-j', '2', '--quiet', '-c',
         os.path.join(ROOT, 'rules', cid + '.xml'), '-o', str(out),
         *INPUTS], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    codes = casefile_codes()
    bad, scored = [], 0
    for line in out.read_text(encoding='utf-8').splitlines():
        res = json.loads(line)
        if 'items' not in res:
            continue
        scored += 1
        for item in res['items']:
            for finding in item.get('findings', []):
                what = unreadable(finding['message'], codes)
                if what:
                    bad.append('%s %s %s: %s' % (res['case']['source'],
                                                 item['id'], what,
                                                 finding['message']))
    assert scored > 0
    assert not bad, '\n'.join(bad[:40])


def test_the_check_sees_raw_values():
    codes = casefile_codes()
    assert unreadable('卷内目录“false”，页数“34”', codes) == 'false'
    assert unreadable('检查结论“deficient”与', codes) == '“deficient”'
    assert unreadable('格式不符（credit-code）', codes) == '（credit-code）'
    assert unreadable('告知“recusal statement defence”', codes)
    assert unreadable('批准人“”）', codes) == '“”'
    assert unreadable('卷内目录“无”，批准人“未填写”', codes) is None
    assert unreadable('的种类“photo”不属于法定证据种类', codes) is None
    assert unreadable('引用的执法人员“o9”未登记', codes) is None
