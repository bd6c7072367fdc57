"""Archive rules from Python: a Result's facts, the Archive evaluator over
score_many results, and the Dask front end's --archive-json/--archive-csv
against `casereview batch`."""

import glob
import json
import os
import pickle
import random
import shutil
import subprocess
import sys

import pytest

from conftest import BINDINGS, REPO

CASES = os.path.join(REPO, "tests", "cases", "archive")
RATIO = os.path.join(CASES, "outlier-ratio")
WINDOW = os.path.join(CASES, "count-window-edges")
OFFICERS = os.path.join(CASES, "officer-load")
RULES = os.path.join(REPO, "rules")


def _case_files(folder):
    return sorted(glob.glob(os.path.join(folder, "case*.xml")))


def _batch_archive(cli, folder, *extra):
    """(archive JSON bytes, CSV bytes) of `casereview batch` run in FOLDER
    over its case files (sources relative, as the Archive sees them)."""
    proc = subprocess.run(
        [cli, "batch", "-q", "-c", "checklist.xml", "-o", os.devnull,
         "--archive-json", "/dev/stdout", *extra]
        + [os.path.basename(p) for p in _case_files(folder)],
        cwd=folder, capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


def test_result_facts():
    from casereview import Checklist
    with Checklist.load(os.path.join(OFFICERS, "checklist.xml")) as cl:
        assert [f[0] for f in cl.facts] == ["officer", "decided"]
        assert [(n, t, m) for n, t, m in cl.facts] == [
            ("officer", "string", True), ("decided", "date", False)]
        assert [r[0] for r in cl.archive_rules] == ["O1"]
        r = cl.evaluator().score_file(os.path.join(OFFICERS, "case-01.xml"))
    assert r.facts == {"officer": ("LU001", "LU002"),
                       "decided": ("2024-05-06",)}
    # the facts travel with a pickled result (the Dask path)
    assert pickle.loads(pickle.dumps(r)).facts == r.facts


def test_facts_of_a_checklist_without_rules(checklist_path, case_files):
    from casereview import Checklist
    with Checklist.load(checklist_path) as cl:
        assert cl.facts == [] and cl.archive_rules == []
        r = cl.evaluator().score_file(case_files[0])
    assert r.facts == {}


@pytest.mark.parametrize("folder", [RATIO, WINDOW, OFFICERS])
def test_archive_over_score_many_is_batch(cli, folder, monkeypatch):
    from casereview import Checklist
    monkeypatch.chdir(folder)
    names = [os.path.basename(p) for p in _case_files(folder)]
    with Checklist.load("checklist.xml") as cl, cl.archive() as ar:
        for r in cl.score_many(names, workers=2):
            ar.add(r)
        assert len(ar) == len(names)
        findings = ar.evaluate()
        got_json, got_csv = ar.to_json(), ar.to_csv()
    assert got_json + b"\n" == _batch_archive(cli, folder)
    proc = subprocess.run(
        [cli, "batch", "-q", "-c", "checklist.xml", "-o", os.devnull,
         "--archive-csv", "/dev/stdout"] + names,
        capture_output=True)
    assert got_csv == proc.stdout
    assert findings == json.loads(got_json)["findings"]
    assert findings, "each folder plants at least one finding"


def test_order_replacement_and_withdrawal():
    from casereview import Checklist, error_result
    with Checklist.load(os.path.join(RATIO, "checklist.xml")) as cl:
        results = [cl.evaluator().score_file(p) for p in _case_files(RATIO)]
        with cl.archive() as a, cl.archive() as b:
            for r in results:
                a.add(r)
            shuffled = results[:]
            random.Random(7).shuffle(shuffled)
            for r in shuffled + shuffled[:5]:   # again: replaced
                b.add(r)
            assert a.to_json() == b.to_json()
            assert json.loads(b.to_json())["cases"] == len(results)
            planted = a.evaluate()
            assert planted
            # an error result for a source withdraws its case: the
            # finding it was in changes
            victim = planted[0]["cases"][0]["source"]
            a.add(error_result(victim, "gone"))
            assert json.loads(a.to_json())["cases"] == len(results) - 1
            assert victim not in [c["source"] for f in a.evaluate()
                                  for c in f["cases"]]
            b.withdraw(victim)
            assert a.to_json() == b.to_json()


def test_add_facts_checks_them():
    from casereview import ArchiveError, Checklist
    with Checklist.load(os.path.join(RATIO, "checklist.xml")) as cl:
        names = [f[0] for f in cl.facts]
        types = {n: t for n, t, _ in cl.facts}
        assert "number" in types.values()
        num = [n for n in names if types[n] == "number"][0]
        with cl.archive() as ar:
            with pytest.raises(ArchiveError):
                ar.add_facts("x.xml", "x", {num: "not a number"})
            with pytest.raises(ArchiveError):
                ar.add_facts("x.xml", "x", {"no-such-fact": "1"})
            ar.add_facts("x.xml", "x", {num: 12.5})
            assert len(ar) == 1
        with pytest.raises(ValueError):
            ar.evaluate()       # closed


# -- the shipped rules over a generated archive -----------------------------

def _planted_inspections(ar, rng):
    """Four inspections a year of 300 enterprises, no two by one
    department within 30 days, plus planted repeats; returns the planted
    (enterprise, department) groups."""
    n = 0
    for e in range(300):
        for q in range(4):
            day = 1 + q * 90 + rng.randrange(0, 40)
            ar.add_facts("i%d.xml" % n, "I%d" % n, {
                "enterprise": "91%016d" % e, "department": "D%d" % (e % 7),
                "inspected": "2024-%02d-%02d" % _md(day), "counted": True})
            n += 1
    planted = set()
    for e in rng.sample(range(300), 9):
        dept = "D%d" % (e % 7)
        # two inspections 11 days apart, more than 30 days after the
        # group's regular fourth one
        ar.add_facts("i%d.xml" % n, "I%d" % n, {
            "enterprise": "91%016d" % e, "department": dept,
            "inspected": "2024-12-31", "counted": True})
        ar.add_facts("i%d.xml" % (n + 1), "I%d" % (n + 1), {
            "enterprise": "91%016d" % e, "department": dept,
            "inspected": "2024-12-20", "counted": True})
        planted.add(("91%016d" % e, dept))
        n += 2
    # a complaint-driven inspection does not count
    e = next(e for e in range(300) if ("91%016d" % e, "D%d" % (e % 7))
             not in planted)
    for day in ("2024-12-29", "2024-12-30"):
        ar.add_facts("i%d.xml" % n, "I%d" % n, {
            "enterprise": "91%016d" % e, "department": "D%d" % (e % 7),
            "inspected": day, "counted": False})
        n += 1
    return planted


def _md(day):
    months = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    m = 0
    while day > months[m]:
        day -= months[m]
        m += 1
    return m + 1, day


def test_planted_repeated_inspections_exactly():
    from casereview import Checklist
    rng = random.Random(26)
    with Checklist.load(os.path.join(RULES,
                                     "inspection-enterprise.xml")) as cl:
        with cl.archive() as ar:
            planted = _planted_inspections(ar, rng)
            found = ar.evaluate()
    assert {(f["group"]["enterprise"], f["group"]["department"])
            for f in found} == planted
    assert all(f["rule"] == "X1" and len(f["cases"]) >= 2 for f in found)


def test_planted_outlier_fines_exactly():
    from casereview import Checklist
    rng = random.Random(27)
    planted = set()
    with Checklist.load(os.path.join(RULES, "penalty-general.xml")) as cl:
        with cl.archive() as ar:
            n = 0
            for cause in range(40):
                for level in ("light", "general", "heavy"):
                    base = 1000 * (1 + cause % 9) * (1 + len(level))
                    size = rng.randrange(3, 30)   # some below min-group
                    for _ in range(size):
                        fine = round(base * rng.uniform(0.6, 1.6))
                        ar.add_facts("p%d.xml" % n, "P%d" % n, {
                            "cause": "C%02d" % cause, "level": level,
                            "fined": True, "fine": fine,
                            "officer": ["O%d" % (n % 500),
                                        "O%d" % ((n + 1) % 500)],
                            "decided": "2024-%02d-15" % (1 + n % 12)})
                        n += 1
                    if size >= 5 and rng.random() < 0.2:
                        ar.add_facts("p%d.xml" % n, "P%d" % n, {
                            "cause": "C%02d" % cause, "level": level,
                            "fined": True, "fine": base * 10,
                            "officer": ["O%d" % (n % 500)],
                            "decided": "2024-06-15"})
                        n += 1
                        planted.add(("C%02d" % cause, level))
            found = ar.evaluate()
    assert planted
    assert {(f["group"]["cause"], f["group"]["level"])
            for f in found if f["rule"] == "X1"} == planted
    assert not [f for f in found if f["rule"] == "X2"]


# -- the Dask front end -----------------------------------------------------

@pytest.fixture(scope="module")
def dask_available():
    pytest.importorskip("distributed", reason="python3-distributed missing")


def test_dask_archive_outputs_are_batch(cli, dask_available, tmp_path):
    root = tmp_path / "arc"
    shutil.copytree(RATIO, str(root))
    (root / "case-99.xml").write_text("<case id='broken'><x></case>")
    names = sorted(os.path.basename(p) for p in _case_files(str(root)))
    batch = subprocess.run(
        [cli, "batch", "-q", "-c", "checklist.xml", "-o", "b.jsonl",
         "--archive-json", "b.json", "--archive-csv", "b.csv"] + names,
        cwd=str(root), capture_output=True)
    assert batch.returncode == 1, batch.stderr.decode()
    env = dict(os.environ, PYTHONPATH=BINDINGS + os.pathsep +
               os.environ.get("PYTHONPATH", ""))
    dask = subprocess.run(
        [sys.executable, "-m", "casereview.distributed", "--workers", "2",
         "--partition-size", "5", "-c", "checklist.xml", "-o", "d.jsonl",
         "--archive-json", "d.json", "--archive-csv", "d.csv"] + names,
        cwd=str(root), env=env, capture_output=True, timeout=120)
    assert dask.returncode == 1, dask.stderr.decode()
    for ext in ("jsonl", "json", "csv"):
        assert (root / ("d." + ext)).read_bytes() == \
            (root / ("b." + ext)).read_bytes(), ext
    assert json.loads((root / "d.json").read_bytes())["findings"]


def test_dask_archive_output_error(dask_available, tmp_path):
    env = dict(os.environ, PYTHONPATH=BINDINGS + os.pathsep +
               os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(
        [sys.executable, "-m", "casereview.distributed", "--workers", "1",
         "-c", os.path.join(RATIO, "checklist.xml"), "-o", os.devnull,
         "--archive-csv", str(tmp_path / "no" / "dir.csv"),
         _case_files(RATIO)[0]],
        env=env, capture_output=True, timeout=120)
    assert proc.returncode == 2
    assert b"No such file or directory" in proc.stderr


def test_results_of_a_checklist_without_facts_count(checklist_path,
                                                    case_files):
    from casereview import Checklist
    with Checklist.load(checklist_path) as cl, cl.archive() as ar:
        for r in cl.score_many(case_files[:3]):
            ar.add(r)
        doc = json.loads(ar.to_json())
    assert (doc["cases"], doc["rules"], doc["findings"]) == (3, [], [])
