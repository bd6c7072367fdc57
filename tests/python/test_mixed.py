"""Several checklists from Python, as `casereview batch -c A -c B ...`:
casereview.score_many and the Dask runner send each case to the first
checklist that accepts it, and give the same lines as batch, a case no
checklist accepts included."""
import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

import casereview
from casereview import Checklist
from conftest import BINDINGS, CLI, REPO

KINDS = ["penalty-general", "inspection-enterprise", "coercive-seizure",
         "licensing-general"]
RULES = [os.path.join(REPO, "rules", k + ".xml") for k in KINDS]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    d = tmp_path_factory.mktemp("mixed")
    subprocess.run([sys.executable,
                    os.path.join(REPO, "examples", "generate.py"),
                    "--kinds", "penalty,inspection,coercive,licensing",
                    "-n", "20", "--seed", "11", "--out", str(d / "m.zip")],
                   check=True, capture_output=True, timeout=300)
    with zipfile.ZipFile(d / "m.zip") as z:
        manifest = json.loads(z.read("manifest.json"))
    clean = os.path.join(REPO, "examples", "cases", "clean-inspection.xml")
    with open(clean, encoding="utf-8") as f:
        text = f.read()
    with open(d / "audit.xml", "w", encoding="utf-8") as f:
        f.write(text.replace('kind="inspection"', 'kind="audit"'))
    os.mkdir(d / "cases")
    for c in manifest["cases"][:8]:
        with zipfile.ZipFile(d / "m.zip") as z:
            (d / "cases" / os.path.basename(c["file"])).write_bytes(
                z.read(c["file"]))
    return d, manifest


def test_score_many_picks_each_kinds_checklist(mixed):
    d, manifest = mixed
    cls = [Checklist.load(p) for p in RULES]
    try:
        want = {os.path.basename(c["file"]): c["checklist"]
                for c in manifest["cases"][:8]}
        paths = [str(d / "cases" / n) for n in sorted(want)]
        paths.append(str(d / "audit.xml"))
        got = list(casereview.score_many(cls, paths, workers=2))
        assert [r.source for r in got] == paths
        assert {os.path.basename(r.source): r.checklist_id
                for r in got[:-1]} == want
        last = got[-1]
        assert last.is_error and last.error_kind == "not-accepted"
        for cl in cls:
            assert "“%s”（%s）" % (cl.title, cl.id) in last.error
        # the one checklist alone scores as Checklist.score_many does
        one = list(casereview.score_many(cls[:1], paths[:2]))
        assert [r.json for r in one] == [
            r.json for r in cls[0].score_many(paths[:2])]
    finally:
        for cl in cls:
            cl.close()


def test_dask_mixed_is_batch(mixed):
    pytest.importorskip("distributed", reason="python3-distributed missing")
    if not os.access(CLI, os.X_OK):
        pytest.skip("casereview batch not built")
    d, _ = mixed
    shutil.rmtree(d / "cases", ignore_errors=True)
    checklists = []
    for p in RULES:
        checklists += ["-c", p]
    args = ["m.zip", "audit.xml"]
    batch = subprocess.run([CLI, "batch", "-q", "-o", "batch.jsonl"]
                           + checklists + args, cwd=d, capture_output=True,
                           timeout=300)
    assert batch.returncode == 1, batch.stderr.decode()
    env = dict(os.environ, PYTHONPATH=BINDINGS + os.pathsep +
               os.environ.get("PYTHONPATH", ""))
    dask = subprocess.run([sys.executable, "-m", "casereview.distributed",
                           "--workers", "2", "--partition-size", "5", "-o",
                           "dask.jsonl"] + checklists + args, cwd=d,
                          env=env, capture_output=True, timeout=300)
    assert dask.returncode == 1, dask.stderr.decode()
    got = (d / "dask.jsonl").read_bytes()
    assert got == (d / "batch.jsonl").read_bytes()
    ids = {json.loads(x).get("checklist", {}).get("id")
           for x in got.splitlines()}
    assert ids == set(KINDS) | {None}


def test_distributed_archive_outputs_want_one_checklist(tmp_path):
    """As batch: casereview-archive/1 holds one checklist's findings."""
    env = dict(os.environ, PYTHONPATH=BINDINGS)
    args = []
    for r in RULES[:2]:
        args += ["-c", r]
    p = subprocess.run([sys.executable, "-m", "casereview.distributed"]
                       + args + ["--archive-json", str(tmp_path / "a.json"),
                                 str(tmp_path)],
                       env=env, capture_output=True, timeout=120)
    assert p.returncode == 2, p.stderr
    assert b"--archive-json" in p.stderr
    assert not (tmp_path / "a.json").exists()
