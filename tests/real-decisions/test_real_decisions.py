"""The shipped checklists held to a lawyer's verdicts on real published
decisions (tests/real-decisions/README.md).

Every item that fails or errors on a corpus case is looked up in the
case's verdicts.json: a true defect is caught, a false positive (or an
item firing with no verdict yet) is a false positive, an item in error is
an error; a verdict of true defect on an item that did not fail, and a
listed missed defect the checklists could check, are missed. The figures
are printed on every run (pytest -s, or the captured output of a failure).

Strictness: known-failures.txt lists what the current rules still get
wrong; those entries are reported but do not fail the test. Anything not
listed fails it, and so does an entry that no longer fails. Items in
error count for every case the shipped calendar covers (its from-to).

Run:  /usr/bin/python3 -m pytest -s tests/real-decisions
The binary is $CASEREVIEW_BIN, default build/cli/casereview.
"""

import collections
import json
import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
BIN = os.environ.get('CASEREVIEW_BIN',
                     os.path.join(ROOT, 'build', 'cli', 'casereview'))
CHECKLISTS = {'general': 'penalty-general.xml',
              'simplified': 'penalty-simplified.xml'}
VERDICTS = {'true-defect', 'false-positive', 'no-defect', 'unjudgeable'}

if not os.access(BIN, os.X_OK):
    pytest.skip('casereview binary not found at %s (set CASEREVIEW_BIN)' % BIN,
                allow_module_level=True)


def load(name):
    with open(os.path.join(HERE, name), encoding='utf-8') as fh:
        return json.load(fh)


MANIFEST = load('manifest.json')


def known_failures():
    """(case or *, item, kind) entries of known-failures.txt."""
    known = set()
    with open(os.path.join(HERE, 'known-failures.txt'), encoding='utf-8') as fh:
        for line in fh:
            line = line.split('#', 1)[0].split()
            if line:
                assert len(line) == 3 and line[2] in ('fp', 'error', 'missed'), line
                known.add(tuple(line))
    return known


def score_all():
    """{case id: result} for every manifest case, one CLI run per checklist."""
    out = {}
    for proc_kind, checklist in CHECKLISTS.items():
        ids = [e['id'] for e in MANIFEST if e['procedure'] == proc_kind]
        if not ids:
            continue
        paths = [os.path.join(HERE, i, 'case.xml') for i in ids]
        run = subprocess.run([BIN, 'score', '-c',
                              os.path.join(ROOT, 'rules', checklist),
                              '--format', 'json'] + paths,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode in (0, 1), run.stderr
        results = [json.loads(line) for line in run.stdout.splitlines()]
        assert len(results) == len(ids), run.stderr
        out.update(zip(ids, results))
    return out


def tally():
    """Every finding classified: list of (kind, case, item, reason)."""
    rows = []
    results = score_all()
    for entry in MANIFEST:
        cid = entry['id']
        verdicts = load(os.path.join(cid, 'verdicts.json'))
        judged = verdicts['items']
        fired = set()
        for item in results[cid]['items']:
            iid, state = item['id'], item['state']
            v = judged.get(iid, {}).get('verdict')
            if state == 'error':
                fired.add(iid)
                rows.append(('error', cid, iid, judged.get(iid, {}).get(
                    'reason', 'no verdict')))
            elif state == 'failed':
                fired.add(iid)
                kind = {'true-defect': 'caught',
                        'unjudgeable': 'unjudgeable'}.get(v, 'fp')
                rows.append((kind, cid, iid, judged.get(iid, {}).get(
                    'reason', 'fires with no verdict: judge it')))
            elif v == 'true-defect':
                rows.append(('missed', cid, iid, judged[iid]['reason']))
        for m in verdicts.get('missed', []):
            if m.get('checkable') and m.get('item') in fired:
                rows.append(('caught', cid, m['item'], m['what']))
            elif m.get('checkable'):
                rows.append(('missed', cid, m.get('item', '-'), m['what']))
            else:
                rows.append(('out-of-scope', cid, m.get('item', '-'), m['what']))
    return rows


def calendar_span():
    """(from, to) of the shipped working-day calendar, ISO dates."""
    with open(os.path.join(ROOT, 'rules', 'data', 'cn-workdays.xml'),
              encoding='utf-8') as fh:
        head = fh.read(4096)
    m = re.search(r'<calendar\b[^>]*\bfrom="([0-9-]+)"[^>]*\bto="([0-9-]+)"',
                  head)
    assert m, 'no calendar span in cn-workdays.xml'
    return m.group(1), m.group(2)


def in_calendar_years(cid):
    """An item in error is a failure for a case the calendar covers; a
    case dated outside it is expected to end in the calendar's error."""
    date = next(e['date'] for e in MANIFEST if e['id'] == cid)
    first, last = calendar_span()
    return first <= date <= last


def report(rows):
    count = collections.Counter(r[0] for r in rows)
    by_item = collections.Counter(r[2] for r in rows if r[0] == 'fp')
    err_item = collections.Counter(r[2] for r in rows if r[0] == 'error')
    print('\nreal decisions: %d cases' % len(MANIFEST))
    print('  true defects caught: %d' % count['caught'])
    print('  false positives: %d %s' % (count['fp'], dict(sorted(by_item.items()))))
    print('  items in error: %d %s' % (count['error'], dict(sorted(err_item.items()))))
    print('  missed (checkable): %d' % count['missed'])
    print('  unjudgeable from the published form: %d' % count['unjudgeable'])
    print('  missed, out of the checklists\' scope: %d' % count['out-of-scope'])
    judged = count['caught'] + count['fp']
    if judged:
        print('  precision on judged findings: %.0f %%'
              % (100.0 * count['caught'] / judged))


def test_corpus_is_complete_and_generated():
    ids = [e['id'] for e in MANIFEST]
    assert len(ids) == len(set(ids))
    for e in MANIFEST:
        for name in ('decision.txt', 'facts.json', 'case.xml', 'NOTE.md',
                     'verdicts.json'):
            assert os.path.isfile(os.path.join(HERE, e['id'], name)), (e['id'], name)
        assert e['procedure'] in CHECKLISTS and e['url'] and e['chosen']
        for iid, v in load(os.path.join(e['id'], 'verdicts.json'))['items'].items():
            assert v['verdict'] in VERDICTS, (e['id'], iid)
            assert v['reason'], (e['id'], iid)
    # case.xml and NOTE.md are what make-cases.py makes of the facts
    run = subprocess.run([sys.executable, os.path.join(HERE, 'make-cases.py'),
                          '--check'], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


def test_shipped_rules_hold_to_the_verdicts():
    rows = tally()
    report(rows)
    known = known_failures()
    bad = []
    for kind, cid, iid, why in rows:
        tag = {'fp': 'fp', 'error': 'error', 'missed': 'missed'}.get(kind)
        if tag is None or (tag == 'error' and not in_calendar_years(cid)):
            continue
        if (cid, iid, tag) in known or ('*', iid, tag) in known:
            continue
        bad.append('%s %s %s: %s' % (cid, iid, tag, why))
    fixed = sorted(k for k in known if not any(
        (k[0] in ('*', r[1])) and k[1] == r[2] and k[2] == {
            'fp': 'fp', 'error': 'error', 'missed': 'missed'}.get(r[0])
        for r in rows))
    if fixed:
        print('  known failures no longer seen (remove them): %s' % fixed)
    assert not bad, '\n'.join(bad)
    assert not fixed, 'known-failures.txt lists what no longer fails: %s' % fixed
