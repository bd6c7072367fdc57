"""Outputs of `casereview batch` that survive a signal, a crash or a full
disk: whole result lines only, the summary, report and CSV of an earlier
run kept until the new ones are complete, the first failed write ending
the run (exit 2, naming the file), and --resume continuing a run from
its results. Run: /usr/bin/python3 -m pytest tests/batch"""
import json
import os
import resource
import signal
import subprocess
import time
import zipfile

import pytest

from conftest import case_xml

N = 20000


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """20 000 small cases in a zip, and the outputs of a whole run."""
    d = tmp_path_factory.mktemp("many")
    with zipfile.ZipFile(d / "many.zip", "w") as z:
        for i in range(N):
            z.writestr("c/%06d.xml" % i,
                       case_xml("C%06d" % i, agency="AG%d" % (i % 7),
                                officers=1 + (i % 3 > 0)))
    return d


def outputs(prefix):
    return ["-o", prefix + ".jsonl", "--summary", prefix + ".json", "--csv",
            prefix + ".csv", "--report", prefix + ".html"]


@pytest.fixture(scope="module")
def whole(many, binary, tmp_path_factory):
    """The outputs of an uninterrupted run, to compare with."""
    cl = tmp_path_factory.getbasetemp() / "whole-cl.xml"
    from conftest import CHECKLIST
    cl.write_text(CHECKLIST, encoding="utf-8")
    p = subprocess.run([binary, "batch", "-q", "-c", str(cl)]
                       + outputs("w") + ["many.zip"], cwd=many,
                       capture_output=True, timeout=300)
    if b"archive support not built in" in open(many / "w.jsonl", "rb").read():
        pytest.skip("built without libarchive")
    assert p.returncode == 0, p.stderr
    return {ext: (many / ("w." + ext)).read_bytes()
            for ext in ("jsonl", "json", "csv", "html")}


def start(binary, checklist, cwd, args, **kw):
    return subprocess.Popen([binary, "batch", "-q", "-j", "2", "-c",
                             checklist] + args, cwd=cwd,
                            stderr=subprocess.PIPE, **kw)


def wait_for_lines(path, at_least=2000, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if path.exists() and path.stat().st_size > at_least * 300:
            return
        time.sleep(0.005)


def earlier_outputs(d):
    """Outputs of an earlier run at the same paths."""
    old = {"r.json": b'{"earlier": "summary"}\n',
           "r.html": b"<html>earlier report</html>\n",
           "r.csv": b"earlier,csv\r\n"}
    for name, data in old.items():
        (d / name).write_bytes(data)
    return old


def assert_whole_prefix(text):
    assert text.endswith("\n")
    ids = [json.loads(line)["case"]["id"] for line in text.splitlines()]
    assert 0 < len(ids) < N
    assert ids == ["C%06d" % i for i in range(len(ids))]


def no_temporary_files(d):
    return [n for n in os.listdir(d) if n.startswith(".")] == []


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM,
                                 signal.SIGINT])
def test_a_signal_leaves_whole_lines_and_the_earlier_outputs(
        binary, checklist, many, tmp_path, sig, whole):
    """SIGHUP (a closed terminal) ended the run where it stood: a line
    cut in the middle, the summary and report emptied. Every stop signal
    now ends it as SIGINT does, and the earlier outputs stay."""
    os.symlink(many / "many.zip", tmp_path / "many.zip")
    old = earlier_outputs(tmp_path)
    proc = start(binary, checklist, tmp_path, outputs("r")[:1] + ["r.jsonl"]
                 + outputs("r")[2:] + ["many.zip"])
    wait_for_lines(tmp_path / "r.jsonl")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal")
    assert proc.returncode == 130, err
    assert_whole_prefix((tmp_path / "r.jsonl").read_text(encoding="utf-8"))
    for name, data in old.items():
        assert (tmp_path / name).read_bytes() == data, name
    assert no_temporary_files(tmp_path)


def test_kill_then_resume_gives_the_whole_run(binary, checklist, many,
                                              tmp_path, whole):
    """kill -9 in the middle, then --resume: the cases done are skipped,
    the rest scored, and every output is the uninterrupted run's."""
    os.symlink(many / "many.zip", tmp_path / "many.zip")
    earlier_outputs(tmp_path)
    proc = start(binary, checklist, tmp_path, outputs("r") + ["many.zip"])
    wait_for_lines(tmp_path / "r.jsonl")
    proc.kill()
    proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal")
    done = (tmp_path / "r.jsonl").read_bytes().count(b"\n")
    assert (tmp_path / "r.jsonl.resume").exists()
    p = subprocess.run([binary, "batch", "-c", checklist, "--resume"]
                       + outputs("r") + ["many.zip"], cwd=tmp_path,
                       capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr
    for ext, data in whole.items():
        assert (tmp_path / ("r." + ext)).read_bytes() == data, ext
    assert not (tmp_path / "r.jsonl.resume").exists()
    assert no_temporary_files(tmp_path)
    # the summary on stderr covers the whole run too
    assert ("案卷 %d 件" % N).encode() in p.stderr
    assert 0 < done < N


def test_resume_refuses_a_case_that_changed(binary, checklist, tmp_path):
    d = tmp_path / "d"
    for i in range(3000):
        (d / ("%02d" % (i % 50))).mkdir(parents=True, exist_ok=True)
        (d / ("%02d" % (i % 50)) / ("%04d.xml" % i)).write_text(
            case_xml("F%04d" % i), encoding="utf-8")
    proc = start(binary, checklist, tmp_path, ["-j", "1", "-o", "r.jsonl",
                                               "d"])
    wait_for_lines(tmp_path / "r.jsonl", at_least=300)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal")
    first = json.loads((tmp_path / "r.jsonl").read_text().splitlines()[0])
    src = first["case"]["source"]
    (tmp_path / src).write_text(case_xml("CHANGED", officers=1),
                                encoding="utf-8")
    before = (tmp_path / "r.jsonl").read_bytes()
    p = subprocess.run([binary, "batch", "-q", "-c", checklist, "--resume",
                        "-o", "r.jsonl", "d"], cwd=tmp_path,
                       capture_output=True, timeout=120)
    assert p.returncode == 2
    assert src.encode() in p.stderr and b"--resume" in p.stderr
    assert (tmp_path / "r.jsonl").read_bytes() == before
    # another checklist is refused too, before anything is scored
    other = tmp_path / "other.xml"
    other.write_text(open(checklist, encoding="utf-8").read().replace(
        'version="1.0"', 'version="2.0"'), encoding="utf-8")
    p = subprocess.run([binary, "batch", "-q", "-c", str(other), "--resume",
                        "-o", "r.jsonl", "d"], cwd=tmp_path,
                       capture_output=True, timeout=120)
    assert p.returncode == 2 and "评查标准（-c） 与中断".encode() in p.stderr


def test_resume_of_what_cannot_be_resumed(binary, checklist, tmp_path):
    (tmp_path / "a.xml").write_text(case_xml("A"), encoding="utf-8")
    run = lambda *a: subprocess.run(  # noqa: E731
        [binary, "batch", "-q", "-c", checklist] + list(a) + ["a.xml"],
        cwd=tmp_path, capture_output=True, timeout=60)
    # nothing there yet: a run from the start
    assert run("--resume", "-o", "r.jsonl").returncode == 0
    assert len((tmp_path / "r.jsonl").read_bytes().splitlines()) == 1
    # a finished run leaves no journal: nothing to resume
    p = run("--resume", "-o", "r.jsonl")
    assert p.returncode == 2 and b"r.jsonl.resume" in p.stderr
    assert run("--resume").returncode == 2


def limited_file_size(nbytes):
    def setup():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))
    return setup


def test_the_first_failed_write_stops_the_run(binary, checklist, many,
                                             tmp_path, whole):
    """A full disk (here a file size limit): batch went on scoring every
    case and left a summary that was no JSON. The first failed write now
    ends the run, exit 2 naming the file, with whole lines and the
    earlier summary."""
    os.symlink(many / "many.zip", tmp_path / "many.zip")
    old = earlier_outputs(tmp_path)
    t0 = time.monotonic()
    p = subprocess.run([binary, "batch", "-q", "-j", "1", "-c", checklist,
                        "-o", "r.jsonl", "--summary", "r.json", "many.zip"],
                       cwd=tmp_path, capture_output=True, timeout=300,
                       preexec_fn=limited_file_size(1 << 20))
    assert p.returncode == 2, p.stderr
    assert "写入 r.jsonl：文件太大".encode() in p.stderr
    assert_whole_prefix((tmp_path / "r.jsonl").read_text(encoding="utf-8"))
    assert (tmp_path / "r.json").read_bytes() == old["r.json"]
    # stopped at once: far from the time of the whole run
    assert time.monotonic() - t0 < 30


def test_scratch_files_go_to_tmpdir(binary, checklist, tmp_path):
    """Results of an archive stored out of order wait in a scratch file:
    in TMPDIR (tmpfile() took /tmp whatever TMPDIR said)."""
    import io
    import tarfile
    with tarfile.open(tmp_path / "rev.tar", "w") as t:
        for i in reversed(range(3000)):
            data = case_xml("R%04d" % i).encode()
            ti = tarfile.TarInfo("r/%04d.xml" % i)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    env = dict(os.environ, TMPDIR=str(tmp_path / "no-such-dir"))
    p = subprocess.run([binary, "batch", "-q", "-c", checklist, "-o",
                        "r.jsonl", "rev.tar"], cwd=tmp_path, env=env,
                       capture_output=True, timeout=120)
    assert p.returncode == 2, p.stderr
    assert "临时文件".encode() in p.stderr
    env["TMPDIR"] = str(tmp_path)
    p = subprocess.run([binary, "batch", "-q", "-c", checklist, "-o",
                        "r.jsonl", "rev.tar"], cwd=tmp_path, env=env,
                       capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert len((tmp_path / "r.jsonl").read_bytes().splitlines()) == 3000
    assert no_temporary_files(tmp_path)


PENDING = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "cases", "verdicts", "pending-with-verdicts")
IDENTITY = ('<xsl:stylesheet version="1.0" '
            'xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
            '<xsl:template match="@*|node()"><xsl:copy>'
            '<xsl:apply-templates select="@*|node()"/></xsl:copy>'
            '</xsl:template>%s</xsl:stylesheet>')


@pytest.fixture
def unfinished(binary, tmp_path):
    """A run with --verdicts, --transform and a per-case limit whose last
    write failed: its results and journal are there to resume."""
    for n in ("case-1.xml", "case-2.xml", "case-3.xml"):
        (tmp_path / n).write_bytes(open(os.path.join(PENDING, n),
                                        "rb").read())
    (tmp_path / "v.xml").write_bytes(
        open(os.path.join(PENDING, "verdicts.xml"), "rb").read())
    (tmp_path / "map.xsl").write_text(IDENTITY % "", encoding="utf-8")

    def run(*extra, opts=("--verdicts", "v.xml", "--transform", "map.xsl",
                          "--max-case-work", "100000000")):
        return subprocess.run(
            [binary, "batch", "-q", "-c",
             os.path.join(PENDING, "checklist.xml"), "-o", "r.jsonl",
             *opts, *extra, "case-1.xml", "case-2.xml", "case-3.xml"],
            cwd=tmp_path, capture_output=True, timeout=120)

    whole = run()
    assert whole.returncode == 0, whole.stderr
    whole = (tmp_path / "r.jsonl").read_bytes()
    assert run("--summary", "/dev/full").returncode == 2
    assert (tmp_path / "r.jsonl.resume").exists()
    return tmp_path, run, whole


@pytest.mark.parametrize("change, named", [
    ("verdicts edited", "--verdicts 与中断".encode()),
    ("no verdicts", "--verdicts 与中断".encode()),
    ("mapping edited", "--transform 与中断".encode()),
    ("another limit", "--max-case-work 与中断".encode()),
    ("a limit more", "--max-findings 与中断".encode()),
    ("two", "--max-case-work、--max-findings 均与中断".encode()),
])
def test_resume_refuses_other_verdicts_mapping_or_limits(unfinished, change,
                                                         named):
    """What changes results besides the checklist and --param/--data: the
    bytes of the verdicts and of the mapping, the per-case limits."""
    d, run, whole = unfinished
    opts = ["--verdicts", "v.xml", "--transform", "map.xsl",
            "--max-case-work", "100000000"]
    if change == "verdicts edited":
        v = (d / "v.xml").read_text(encoding="utf-8")
        (d / "v.xml").write_text(v.replace('deduct="2"', 'deduct="3"'),
                                 encoding="utf-8")
    elif change == "no verdicts":
        opts = opts[2:]
    elif change == "mapping edited":
        (d / "map.xsl").write_text(IDENTITY % "<!-- another -->",
                                   encoding="utf-8")
    elif change == "another limit":
        opts[-1] = "200000000"
    elif change == "a limit more":
        opts += ["--max-findings", "5"]
    else:
        opts = opts[:-1] + ["5", "--max-findings", "5"]
    before = (d / "r.jsonl").read_bytes()
    p = run("--resume", opts=opts)
    assert p.returncode == 2
    assert named in p.stderr and b"--resume" in p.stderr, p.stderr
    assert (d / "r.jsonl").read_bytes() == before
    # the same as the interrupted run: resumed to the whole run's results
    if change == "verdicts edited":
        (d / "v.xml").write_bytes(
            open(os.path.join(PENDING, "verdicts.xml"), "rb").read())
    if change == "mapping edited":
        (d / "map.xsl").write_text(IDENTITY % "", encoding="utf-8")
    p = run("--resume")
    assert p.returncode == 0, p.stderr
    assert (d / "r.jsonl").read_bytes() == whole


def test_resume_with_a_workbook(binary, checklist, many, tmp_path):
    """kill -9, then --resume with --xlsx: the workbook holds every case
    (its rows came from the journal for the cases done); resuming without
    the --xlsx the run was started with is refused."""
    openpyxl = pytest.importorskip("openpyxl")
    os.symlink(many / "many.zip", tmp_path / "many.zip")
    args = ["-o", "r.jsonl", "--xlsx", "r.xlsx", "many.zip"]
    proc = start(binary, checklist, tmp_path, args)
    wait_for_lines(tmp_path / "r.jsonl")
    proc.kill()
    proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal")
    p = subprocess.run([binary, "batch", "-q", "-c", checklist, "--resume",
                        "-o", "r.jsonl", "many.zip"], cwd=tmp_path,
                       capture_output=True, timeout=300)
    assert p.returncode == 2 and b"--xlsx" in p.stderr
    p = subprocess.run([binary, "batch", "-q", "-c", checklist, "--resume"]
                       + args, cwd=tmp_path, capture_output=True,
                       timeout=300)
    if p.returncode == 2 and b"libxlsxwriter" in p.stderr:
        pytest.skip("built without libxlsxwriter")
    assert p.returncode == 0, p.stderr
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    ids = [r[1] for r in wb["案卷"].iter_rows(min_row=2, values_only=True)]
    lines = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(ids) == len(lines) == N
    assert ids == [json.loads(line)["case"]["id"] for line in lines]


def test_resume_keeps_the_archive_rules_findings(binary, tmp_path):
    """The archive rules need every case's facts, which the journal does
    not keep: a resumed run's --archive-json and summary are those of a
    run never interrupted, not of the cases scored after the resume."""
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "cases", "archive", "count-window-edges")
    names = sorted(n for n in os.listdir(src) if n.startswith("case-"))
    for d in ("whole", "resumed"):
        (tmp_path / d).mkdir()
        for n in names + ["checklist.xml"]:
            (tmp_path / d / n).write_bytes(
                open(os.path.join(src, n), "rb").read())

    def run(d, *extra):
        return subprocess.run(
            [binary, "batch", "-q", "-c", "checklist.xml", "-o", "r.jsonl",
             "--archive-json", "a.json", *extra] + names,
            cwd=tmp_path / d, capture_output=True, timeout=120)

    whole = run("whole", "--summary", "s.json")
    assert whole.returncode in (0, 1), whole.stderr
    # every case done, then the last write failed: all to resume
    assert run("resumed", "--summary", "/dev/full").returncode == 2
    assert (tmp_path / "resumed" / "r.jsonl.resume").exists()
    p = run("resumed", "--resume", "--summary", "s.json")
    assert p.returncode == whole.returncode, p.stderr
    for f in ("r.jsonl", "a.json", "s.json"):
        assert (tmp_path / "resumed" / f).read_bytes() == \
            (tmp_path / "whole" / f).read_bytes(), f
    assert json.loads((tmp_path / "whole" / "a.json").read_text(
        encoding="utf-8"))["findings"]
