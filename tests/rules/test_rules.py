"""Tests of the shipped checklists (rules/*.xml) through the casereview CLI.

Done-when of the rules issue: every item of every shipped checklist has a
case that makes it fail (tests/rules/<checklist-id>/<ITEM-ID>.xml) and the
clean example where it passes; a missing case for any item fails the test.
Also checks the example cases and the generator's manifest.

Run:  /usr/bin/python3 -m pytest tests/rules
The binary is $CASEREVIEW_BIN, default build/cli/casereview.
"""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.environ.get('CASEREVIEW_BIN',
                     os.path.join(ROOT, 'build', 'cli', 'casereview'))
RULES = os.path.join(ROOT, 'rules')
CASES = os.path.join(ROOT, 'tests', 'rules')
EXAMPLES = os.path.join(ROOT, 'examples', 'cases')
NS = '{urn:casereview:checklist:1}'

CHECKLISTS = {
    'penalty-general': ('penalty-general.xml', 'clean-general.xml'),
    'penalty-simplified': ('penalty-simplified.xml', 'clean-simplified.xml'),
    'inspection-enterprise': ('inspection-enterprise.xml',
                              'clean-inspection.xml'),
    'coercive-seizure': ('coercive-seizure.xml', 'clean-coercive.xml'),
    'licensing-general': ('licensing-general.xml', 'clean-licensing.xml'),
}
PENALTY = ('penalty-general', 'penalty-simplified')
# casefile/1.1 kind each other checklist accepts
KIND_OF = {'inspection-enterprise': 'inspection',
           'coercive-seizure': 'coercive', 'licensing-general': 'licensing'}
MINIMUM_ITEMS = {'penalty-general': 40, 'penalty-simplified': 15}

if not os.access(BIN, os.X_OK):
    pytest.skip('casereview binary not found at %s (set CASEREVIEW_BIN)' % BIN,
                allow_module_level=True)


def checklist_path(cid):
    return os.path.join(RULES, CHECKLISTS[cid][0])


def item_ids(cid):
    """Item ids in checklist order, read from the XML itself."""
    tree = ET.parse(checklist_path(cid))
    return [it.get('id') for it in tree.getroot().iter(NS + 'item')]


def score(cid, paths, *extra):
    """Scores PATHS, returns the results (one dict per file, in order)."""
    proc = subprocess.run([BIN, 'score', '-c', checklist_path(cid),
                           '--format', 'json', *extra, *paths],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == len(paths), proc.stderr
    return results


def states(result):
    return {it['id']: it['state'] for it in result['items']}


def failed(result):
    return sorted(i for i, s in states(result).items() if s == 'failed')


# ---------------------------------------------------------------- (d) lint

@pytest.mark.parametrize('cid', sorted(CHECKLISTS))
def test_checklist_lints_clean(cid):
    proc = subprocess.run([BIN, 'lint', checklist_path(cid)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'warning' not in (proc.stdout + proc.stderr).lower()


@pytest.mark.parametrize('cid', sorted(CHECKLISTS))
def test_checklist_shape(cid):
    root = ET.parse(checklist_path(cid)).getroot()
    items = list(root.iter(NS + 'item'))
    assert root.get('id') == cid
    assert len(items) >= MINIMUM_ITEMS.get(cid, 25)
    for it in items:
        assert it.get('basis', '').strip(), it.get('id')
        assert it.get('title', '').strip(), it.get('id')
    vetoes = {it.get('id') for it in items if it.get('veto') == 'true'}
    assert len(vetoes) >= 3
    points = sum(float(c.get('points')) for c in root.iter(NS + 'category'))
    assert points == float(root.get('total', '100')) == 100


def test_general_covers_the_vetoes_standards_name():
    """No agency, uncertified officers, no basis, skipped notice, hearing
    or legal review: each must be a veto item."""
    root = ET.parse(checklist_path('penalty-general')).getroot()
    veto_titles = ' '.join(it.get('title') for it in root.iter(NS + 'item')
                           if it.get('veto') == 'true')
    for words in ('执法主体', '执法证件', '法律依据', '告知', '听证', '法制审核'):
        assert words in veto_titles, words


@pytest.mark.parametrize('cid', sorted(CHECKLISTS))
def test_describe_lists_every_item(cid):
    proc = subprocess.run([BIN, 'describe', '--format', 'tsv',
                           checklist_path(cid)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    header, *rows = [line.split('\t') for line in proc.stdout.splitlines()]
    assert header[:2] == ['评查标准', '编号'] and header[8] == '依据'
    assert [r[1] for r in rows] == item_ids(cid)
    assert all(r[8].strip() for r in rows)
    md = subprocess.run([BIN, 'describe', checklist_path(cid)],
                        capture_output=True, text=True, timeout=60).stdout
    for iid in item_ids(cid):
        assert '\n| %s | ' % iid in md


# ------------------------------------------------------- (a) clean cases

@pytest.mark.parametrize('cid', sorted(CHECKLISTS))
def test_clean_case_scores_100(cid):
    clean = os.path.join(EXAMPLES, CHECKLISTS[cid][1])
    (res,) = score(cid, [clean])
    assert res['score'] == 100
    assert res['complete'] is True
    assert res['vetoed'] is False
    bad = {i: s for i, s in states(res).items()
           if s not in ('passed', 'not-applicable')}
    assert bad == {}
    assert set(states(res)) == set(item_ids(cid))


# --------------------------------------------------- (b) one case per item

@pytest.mark.parametrize('cid', sorted(CHECKLISTS))
def test_every_item_has_a_failing_case(cid):
    ids = item_ids(cid)
    missing = [i for i in ids
               if not os.path.isfile(os.path.join(CASES, cid, i + '.xml'))]
    assert missing == [], 'items without a failing test case: %s' % missing
    extra = sorted(f[:-4] for f in os.listdir(os.path.join(CASES, cid))
                   if f.endswith('.xml') and f[:-4] not in ids)
    assert extra == [], 'test cases for unknown items: %s' % extra


@pytest.mark.parametrize('cid', sorted(CHECKLISTS))
def test_every_item_fails_on_its_case(cid):
    ids = [i for i in item_ids(cid)
           if os.path.isfile(os.path.join(CASES, cid, i + '.xml'))]
    paths = [os.path.join(CASES, cid, i + '.xml') for i in ids]
    problems = []
    for iid, res in zip(ids, score(cid, paths)):
        st = states(res)
        if st.get(iid) != 'failed':
            problems.append('%s: %s' % (iid, st.get(iid)))
        errors = [i for i, s in st.items() if s == 'error']
        if errors:
            problems.append('%s: items in error %s' % (iid, errors))
    assert problems == []


@pytest.mark.parametrize('cid', sorted(CHECKLISTS))
def test_item_cases_have_a_header_comment(cid):
    for iid in item_ids(cid):
        path = os.path.join(CASES, cid, iid + '.xml')
        if os.path.isfile(path):
            with open(path, encoding='utf-8') as f:
                head = f.read(600)
            assert re.search(r'<!--.*item %s\b' % re.escape(iid), head, re.S), \
                path


# ----------------------------------------------------- example defect cases

def example_expectations():
    out = []
    for name in sorted(os.listdir(EXAMPLES)):
        if name.startswith('defect-') and name.endswith('.xml'):
            with open(os.path.join(EXAMPLES, name), encoding='utf-8') as f:
                text = f.read()
            m = re.search(r'Expected failing items \(([^)]*)\): ([^\n]*)', text)
            out.append((name, m.group(1) if m else None,
                        m.group(2).split() if m else None))
    return out


def test_enough_defect_examples():
    assert len(example_expectations()) >= 15


@pytest.mark.parametrize('name,cid,expected', example_expectations())
def test_defect_example(name, cid, expected):
    assert cid in CHECKLISTS and expected, 'no expectation comment in ' + name
    (res,) = score(cid, [os.path.join(EXAMPLES, name)])
    assert failed(res) == sorted(expected)
    assert res['complete'] is True


# -------------------------------------------------- (c) generator manifest

def generated(tmp_path, *args):
    """Runs generate.py with ARGS into an archive; returns it and its cases."""
    out = tmp_path / 'export.zip'
    manifest = tmp_path / 'manifest.json'
    subprocess.run([sys.executable, os.path.join(ROOT, 'examples',
                                                 'generate.py'), *args,
                    '--out', str(out), '--manifest', str(manifest)],
                   check=True, timeout=300)
    return out, json.loads(manifest.read_text(encoding='utf-8'))['cases']


def manifest_mismatches(tmp_path, out, cases, cids):
    """Scores OUT with each checklist of CIDS; returns the cases meant for
    it whose failing items are not the manifest's, or that are clean and
    do not score 100."""
    mismatches = []
    for cid in cids:
        results = tmp_path / (cid + '.jsonl')
        proc = subprocess.run([BIN, 'batch', '-c', checklist_path(cid), '-q',
                               '-j', '2', '-o', str(results), str(out)],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode in (0, 1), proc.stderr
        by_member = {}
        for line in results.read_text(encoding='utf-8').splitlines():
            res = json.loads(line)
            by_member[res['case']['source'].split('!')[-1]
                      .split(':')[-1]] = res
        for c in cases:
            if c['checklist'] != cid:
                continue
            res = [r for src, r in by_member.items()
                   if src.endswith(c['file'])]
            assert res, 'no result for ' + c['file']
            got = failed(res[0])
            if got != sorted(c['expected_failed']) or not res[0]['complete']:
                mismatches.append((c['file'], c['defects'],
                                   c['expected_failed'], got))
            if not c['defects'] and res[0]['score'] != 100:
                mismatches.append((c['file'], 'clean', res[0]['score']))
    return mismatches


def test_generator_manifest_holds(tmp_path):
    out, cases = generated(tmp_path, '--seed', '4242', '-n', '40',
                           '--defect-rate', '0.8', '--simplified-share', '0.3')
    assert len(cases) == 40
    assert any(not c['defects'] for c in cases)
    assert any(c['defects'] for c in cases)
    assert manifest_mismatches(tmp_path, out, cases, PENALTY) == []


def test_generator_kinds_manifest_holds(tmp_path):
    """generate.py --kinds: a mixed archive, each case of the other kinds
    failing exactly its injected items under its own checklist."""
    out, cases = generated(tmp_path, '--kinds',
                           'penalty,inspection,coercive,licensing',
                           '--seed', '2025', '-n', '120',
                           '--defect-rate', '0.8')
    assert {c['kind'] for c in cases} == {'penalty', 'inspection',
                                          'coercive', 'licensing'}
    for cid, kind in KIND_OF.items():
        mine = [c for c in cases if c['checklist'] == cid]
        assert mine and all(c['kind'] == kind for c in mine)
        assert any(c['defects'] for c in mine)
        assert any(not c['defects'] for c in mine)
    assert manifest_mismatches(tmp_path, out, cases, sorted(KIND_OF)) == []


@pytest.mark.parametrize('kinds', [(), ('--kinds',
                                        'inspection,coercive,licensing')])
def test_generator_is_deterministic(tmp_path, kinds):
    outs = []
    for n in (1, 2):
        d = tmp_path / ('run%d' % n)
        subprocess.run([sys.executable, os.path.join(ROOT, 'examples',
                                                     'generate.py'), *kinds,
                        '--seed', '7', '-n', '5', '--out', str(d)],
                       check=True, timeout=60)
        outs.append(sorted((p.relative_to(d).as_posix(), p.read_bytes())
                           for p in d.rglob('*') if p.is_file()))
    assert outs[0] == outs[1]


def test_generator_knows_the_veto_items():
    """The generator injects veto defects rarely; its list must match."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        'generate', os.path.join(ROOT, 'examples', 'generate.py'))
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    for cid in PENALTY:
        root = ET.parse(checklist_path(cid)).getroot()
        vetoes = {it.get('id') for it in root.iter(NS + 'item')
                  if it.get('veto') == 'true'}
        assert gen.VETO_ITEMS[cid] == vetoes
        covered = {i for d in gen.DEFECTS if d.checklist == cid
                   for i in d.items}
        assert covered == set(item_ids(cid))
