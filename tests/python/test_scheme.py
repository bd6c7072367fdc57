"""Checklist language 1.1 and verdicts through the Python binding and the
Dask front end: Verdicts in, the new result fields out."""

import json
import os
import pickle
import shutil
import subprocess
import sys
import threading

import pytest

from conftest import BINDINGS, CLI, REPO

CASES = os.path.join(REPO, "tests", "cases")
PENDING = os.path.join(CASES, "verdicts", "pending-with-verdicts")
MEE = os.path.join(CASES, "scheme", "mee-2024-shape")
UNSCORED = os.path.join(CASES, "scheme", "veto-unscored-grades")


@pytest.fixture
def pending():
    from casereview import Checklist
    with Checklist.load(os.path.join(PENDING, "checklist.xml")) as cl:
        yield cl


def test_checklist_scheme_metadata():
    from casereview import Checklist
    with Checklist.load(os.path.join(MEE, "checklist.xml")) as cl:
        assert cl.language == "1.1" and cl.veto_effect == "zero"
        cats = {c.id: c for c in cl.categories}
        assert cats["norm"].scoring == "earn" and cats["norm"].parent is None
        assert cats["D04"].parent == "norm"
        assert cats["basic"].role == "penalty"
        assert cats["bonus"].role == "bonus"
        items = {i.id: i for i in cl.items}
        assert items["D04-1"].zero_category and items["D04-1"].points == 1
        assert items["V08"].reviewer and items["X1"].bonus == 15
    with Checklist.load(os.path.join(REPO, "rules",
                                     "penalty-general.xml")) as cl:
        assert cl.language == "1.0" and cl.veto_effect == "lowest-grade"


def test_pending_result_fields(pending):
    r = pending.score_file(os.path.join(PENDING, "case-2.xml"))
    assert r.score == 95 and r.score_range == (87, 95)
    assert r.pending == ["R1", "R3"] and not r.complete
    assert not r.has_errors
    assert r.bonus == 0 and r.grade_caps == []
    items = {i.id: i for i in r.items}
    assert items["R1"].state == "pending" and items["R1"].verdict is None
    assert items["E1"].points == 2 and items["E1"].earned == 2
    cats = {c.id: c for c in r.categories}
    assert cats["e"].scoring == "earn" and cats["e"].score == 40
    assert cats["plus"].role == "bonus" and cats["plus"].applicable
    # pickles as its JSON, fields and all
    again = pickle.loads(pickle.dumps(r))
    assert again == r and again.score_range == (87, 95)


def test_verdicts_in(pending):
    from casereview import Verdicts
    v = Verdicts.load(pending, os.path.join(PENDING, "verdicts.xml"))
    assert v.count == 9 and v.case_ids == ["P1", "P2", "P3"]
    r = pending.score_file(os.path.join(PENDING, "case-1.xml"), verdicts=v)
    assert r.score == 105 and r.score_range is None and r.complete
    assert r.bonus == 10
    r1 = {i.id: i for i in r.items}["R1"]
    assert r1.state == "failed" and r1.deducted == 2
    assert r1.verdict.by == "张三" and r1.verdict.machine_state == "pending"
    assert r1.findings == [] or all(f.hint for f in r1.findings)
    r3 = {i.id: i for i in r.items}["R3"]
    assert r3.findings[0].hint
    # the same call without verdicts: pending again (the thread's
    # evaluator forgets them)
    r = pending.score_file(os.path.join(PENDING, "case-1.xml"))
    assert r.pending
    # as the command line writes it, byte for byte
    out = subprocess.run([CLI, "score", "-c",
                          os.path.join(PENDING, "checklist.xml"),
                          "--verdicts", os.path.join(PENDING, "verdicts.xml"),
                          "--format", "json",
                          os.path.join(PENDING, "case-1.xml")],
                         capture_output=True)
    if out.returncode == 0:
        r = pending.score_file(os.path.join(PENDING, "case-1.xml"),
                               verdicts=v)
        assert out.stdout == r.json_bytes + b"\n"
    v.close()


def test_score_many_with_verdicts(pending):
    from casereview import Verdicts
    v = Verdicts.load(pending, os.path.join(PENDING, "verdicts.xml"))
    paths = [os.path.join(PENDING, "case-%d.xml" % (i % 3 + 1))
             for i in range(30)]
    got = list(pending.score_many(paths, workers=3, verdicts=v))
    assert [r.score for r in got[:3]] == [105, 95, 0]
    assert all(not r.pending for r in got)
    # shared by threads, each with its own evaluator
    errors = []

    def worker():
        try:
            with pending.evaluator(verdicts=v) as ev:
                for p in paths:
                    assert ev.score_file(p).pending == []
        except Exception as e:     # pragma: no cover
            errors.append(e)
    ts = [threading.Thread(target=worker) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors


def test_bad_verdicts_raise_with_every_problem(pending):
    from casereview import ChecklistError, Verdicts, VerdictsError
    path = os.path.join(CASES, "lint", "bad-verdicts", "verdicts.xml")
    from casereview import Checklist
    with Checklist.load(os.path.join(CASES, "lint", "bad-verdicts",
                                     "checklist.xml")) as cl:
        with pytest.raises(VerdictsError) as e:
            Verdicts.load(cl, path)
    assert isinstance(e.value, ChecklistError)
    assert len(e.value.errors) == 20
    assert (e.value.errors[0].code, e.value.errors[0].line) == (2504, 1)
    assert str(e.value).startswith(("决定文件 " + path, "verdicts " + path))
    assert pickle.loads(pickle.dumps(e.value)).diagnostics == \
        e.value.diagnostics


def test_verdicts_of_another_checklist_are_refused(pending):
    from casereview import Checklist, Verdicts
    v = Verdicts.load(pending, os.path.join(PENDING, "verdicts.xml"))
    with Checklist.load(os.path.join(PENDING, "checklist.xml")) as other:
        with pytest.raises(ValueError):
            other.evaluator(verdicts=v)


def test_unscored_score_is_none():
    from casereview import Checklist
    with Checklist.load(os.path.join(UNSCORED, "checklist.xml")) as cl:
        r = cl.score_file(os.path.join(UNSCORED, "case-1.xml"))
    assert r.score is None and r.vetoed and r.grade == "fail"
    assert "score null" in repr(r)


@pytest.fixture(scope="module")
def dask_available():
    pytest.importorskip("distributed", reason="python3-distributed missing")


def test_dask_with_verdicts_is_batch_with_verdicts(tmp_path, dask_available):
    for n in ("case-1.xml", "case-2.xml", "case-3.xml"):
        shutil.copy(os.path.join(PENDING, n), tmp_path / n)
    args = ["-c", os.path.join(PENDING, "checklist.xml"), "--verdicts",
            os.path.join(PENDING, "verdicts.xml"), "."]
    env = dict(os.environ, PYTHONPATH=BINDINGS)
    proc = subprocess.run([sys.executable, "-m", "casereview.distributed",
                           "--workers", "2", "-o", "dask.jsonl"] + args,
                          cwd=tmp_path, env=env, capture_output=True,
                          timeout=180)
    assert proc.returncode == 0, proc.stderr.decode()
    lines = (tmp_path / "dask.jsonl").read_bytes().splitlines()
    assert [json.loads(l)["score"] for l in lines] == [105, 95, 0]
    if os.access(CLI, os.X_OK):
        batch = subprocess.run([CLI, "batch", "-q", "-o", "batch.jsonl"] +
                               args, cwd=tmp_path, capture_output=True)
        assert batch.returncode == 0, batch.stderr
        assert (tmp_path / "batch.jsonl").read_bytes() == \
            (tmp_path / "dask.jsonl").read_bytes()
    # pending items are no failed run; a bad verdicts file is exit 2
    proc = subprocess.run([sys.executable, "-m", "casereview.distributed",
                           "--workers", "1", "-o", "p.jsonl", "-c",
                           os.path.join(PENDING, "checklist.xml"), "."],
                          cwd=tmp_path, env=env, capture_output=True,
                          timeout=180)
    assert proc.returncode == 0, proc.stderr.decode()
    proc = subprocess.run([sys.executable, "-m", "casereview.distributed",
                           "-c", os.path.join(PENDING, "checklist.xml"),
                           "--verdicts", os.path.join(CASES, "lint",
                                                      "bad-verdicts",
                                                      "verdicts.xml"), "."],
                          cwd=tmp_path, env=env, capture_output=True,
                          timeout=180)
    assert proc.returncode == 2
    assert b"[CR-2504]" in proc.stderr
