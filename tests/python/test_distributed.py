"""Input enumeration and the Dask runner against `casereview batch`."""

import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile

import pytest

from conftest import BINDINGS, CLI, make_case

BIG = 64 * 1024 * 1024 + 1     # one byte over the default limit

EXPECTED_SOURCES = [
    "arc.tar.gz!t1.xml",
    "arc.tar.gz!t2.xml",
    "arc.zip!big.xml",
    "arc.zip!dir/m2.xml",
    "arc.zip!m1.xml",
    "d/a.xml",
    "d/link.xml",
    "d/loop",
    "d/sub/b.XML",
    "missing.xml",
    "notxml.dat",
    "plain.xml",
]
ARGS = ["d/", "arc.zip", "plain.xml", "arc.tar.gz", "notxml.dat",
        "missing.xml", "plain.xml", "d/a.xml"]


def _write(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("inputs"))
    j = lambda *p: os.path.join(root, *p)       # noqa: E731
    _write(j("d", "a.xml"), make_case("A", officers=1))
    _write(j("d", "sub", "b.XML"), make_case("B", fine=60000))
    _write(j("d", "notes.txt"), "not a case")
    _write(j("outside.xml"), make_case("LINKED", undated=2))
    os.symlink("../outside.xml", j("d", "link.xml"))
    os.symlink(".", j("d", "loop"))
    with zipfile.ZipFile(j("d", "inner.zip"), "w") as zf:
        zf.writestr("never.xml", make_case("NEVER"))
    _write(j("plain.xml"), make_case("PLAIN", agency=""))
    _write(j("notxml.dat"), make_case("DAT", documents=3, officers=1))
    with zipfile.ZipFile(j("arc.zip"), "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("m1.xml", make_case("M1"))
        zf.writestr("dir/", "")
        zf.writestr("dir/m2.xml", make_case("M2", undated=1))
        zf.writestr("readme.txt", "skip me")
        zf.writestr("big.xml", b" " * BIG)
    with tarfile.open(j("arc.tar.gz"), "w:gz") as tf:
        for name, text in (("t2.xml", make_case("T2", officers=0)),
                           ("t1.xml", "<case id='T1'><unclosed></case>"),
                           ("skip.txt", "x")):
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return root


def test_enumeration_order_and_rules(tree, monkeypatch):
    from casereview import inputs
    monkeypatch.chdir(tree)
    entries = inputs.enumerate_sources(ARGS)
    assert [e.source for e in entries] == EXPECTED_SOURCES
    kinds = {e.source: e.kind for e in entries}
    assert kinds["arc.zip!big.xml"] == inputs.ERROR
    assert kinds["d/loop"] == inputs.ERROR
    assert kinds["missing.xml"] == inputs.ERROR
    assert kinds["arc.tar.gz!t1.xml"] == inputs.TAR
    assert kinds["arc.zip!m1.xml"] == inputs.ZIP
    assert kinds["notxml.dat"] == inputs.FILE
    errs = {e.source: e.error for e in entries}
    assert errs["arc.zip!big.xml"] == inputs.ErrorLine(
        "too-large", "文件超过案卷大小上限（67108864 字节）",
        "case file larger than the limit of 67108864 bytes")
    assert errs["d/loop"] == inputs.SYMLINK_LOOP
    assert errs["missing.xml"] == inputs.ErrorLine(
        "unreadable", "文件不存在", "No such file or directory")
    assert errs["d/loop"].message == \
        "符号链接循环：链接指向它所在的文件夹或其上级，没有进入"


def test_enumeration_details(tree, monkeypatch):
    from casereview import inputs
    monkeypatch.chdir(tree)
    # no doubled slash, with or without a trailing one
    assert [e.source for e in inputs.enumerate_sources(["d"])] == \
        [e.source for e in inputs.enumerate_sources(["d/"])]
    # a limit applies to members
    small = inputs.enumerate_sources(["arc.zip"], max_size=100)
    assert {e.kind for e in small} == {inputs.ERROR}
    assert small[0].message == "文件超过案卷大小上限（100 字节）"
    assert small[0].error.detail == \
        "case file larger than the limit of 100 bytes"
    # byte order, not locale order: upper case before lower case
    assert [e.source for e in inputs.enumerate_sources(["d/sub/b.XML",
                                                        "d/a.xml"])] == \
        ["d/a.xml", "d/sub/b.XML"]
    assert inputs.archive_kind("X.TGZ") == inputs.TAR
    assert inputs.archive_kind("x.tar.gz") == inputs.TAR
    assert inputs.archive_kind("x.gz") is None


def _expected_lines(tree, checklist_path):
    """The batch output computed independently of the runner: the library's
    error results, score_bytes for members, score_file for files."""
    from casereview import Checklist, error_result
    lines = []
    os.chdir(tree)
    with Checklist.load(checklist_path) as cl:
        for src in EXPECTED_SOURCES:
            if src == "d/loop":
                r = error_result(src, "符号链接循环：链接指向它所在的文件夹或"
                                 "其上级，没有进入", kind="unreadable",
                                 detail="symlink loop")
            elif src == "missing.xml":
                r = error_result(src, "文件不存在", kind="unreadable",
                                 detail=os.strerror(2))
            elif src == "arc.zip!big.xml":
                r = error_result(src, "文件超过案卷大小上限（67108864 字节）",
                                 kind="too-large",
                                 detail="case file larger than the limit "
                                 "of 67108864 bytes")
            elif "!" in src:
                arc, member = src.split("!", 1)
                if arc.endswith(".zip"):
                    with zipfile.ZipFile(arc) as zf:
                        data = zf.read(member)
                else:
                    with tarfile.open(arc) as tf:
                        data = tf.extractfile(member).read()
                r = cl.evaluator().score_bytes(data, src, check=False)
            else:
                r = cl.evaluator().score_file(src, check=False)
            lines.append(r.json + "\n")
    return "".join(lines)


def _batch_works(cli, checklist_path, tree):
    out = os.path.join(tree, "probe.jsonl")
    proc = subprocess.run([cli, "batch", "-c", checklist_path, "-o", out,
                           "plain.xml"], cwd=tree, capture_output=True)
    ok = proc.returncode in (0, 1) and os.path.exists(out)
    if ok:
        os.unlink(out)
    return ok


def _run_dask(tree, args, out="dask.jsonl"):
    env = dict(os.environ, PYTHONPATH=BINDINGS + os.pathsep +
               os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(
        [sys.executable, "-m", "casereview.distributed", "--workers", "2",
         "-o", out] + args,
        cwd=tree, env=env, capture_output=True, timeout=120)
    return proc


@pytest.fixture(scope="module")
def dask_available():
    pytest.importorskip("distributed", reason="python3-distributed missing")


def test_dask_output_is_batch_output(tree, checklist_path, dask_available):
    cwd = os.getcwd()
    try:
        expected = _expected_lines(tree, checklist_path)
    finally:
        os.chdir(cwd)
    proc = _run_dask(tree, ["-c", checklist_path] + ARGS)
    assert proc.returncode == 1, proc.stderr.decode()
    with open(os.path.join(tree, "dask.jsonl"), "rb") as f:
        got = f.read()
    assert got.decode("utf-8") == expected
    assert [json.loads(line)["case"]["source"]
            for line in got.splitlines()] == EXPECTED_SOURCES

    if not os.access(CLI, os.X_OK) or not _batch_works(CLI, checklist_path,
                                                       tree):
        pytest.skip("`casereview batch` not available: compared with the "
                    "library only")
    batch = subprocess.run([CLI, "batch", "-c", checklist_path,
                            "-o", "batch.jsonl"] + ARGS,
                           cwd=tree, capture_output=True)
    assert batch.returncode == 1, batch.stderr.decode()
    with open(os.path.join(tree, "batch.jsonl"), "rb") as f:
        assert got == f.read()


def test_dask_output_matches_cli_score(tree, checklist_path, cli,
                                       dask_available):
    files = ["d/a.xml", "d/sub/b.XML", "plain.xml", "notxml.dat",
             "d/link.xml"]
    proc = _run_dask(tree, ["-c", checklist_path] + files, out="files.jsonl")
    assert proc.returncode == 0, proc.stderr.decode()
    score = subprocess.run([cli, "score", "-c", checklist_path, "--format",
                            "json"] + files, cwd=tree, capture_output=True)
    lines = score.stdout.decode().splitlines(keepends=True)
    lines.sort(key=lambda s: json.loads(s)["case"]["source"].encode())
    with open(os.path.join(tree, "files.jsonl"), encoding="utf-8") as f:
        assert f.read() == "".join(lines)


def test_dask_usage_and_checklist_errors(tree, checklist_path, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<checklist xmlns='urn:casereview:checklist:1'/>")
    proc = _run_dask(tree, ["-c", str(broken), "plain.xml"])
    assert proc.returncode == 2
    assert str(broken).encode() in proc.stderr
    proc = _run_dask(tree, ["-c", "x.xml", "--param", "novalue", "plain.xml"])
    assert proc.returncode == 2
    proc = _run_dask(tree, ["plain.xml"])         # no -c
    assert proc.returncode == 2
    proc = _run_dask(tree, ["-c", checklist_path, "plain.xml"],
                     out=str(tmp_path / "no" / "such" / "dir.jsonl"))
    assert proc.returncode == 2
    assert b"No such file or directory" in proc.stderr


def test_partition_scored_from_another_directory(tree, checklist_path,
                                                 tmp_path, monkeypatch):
    """A worker whose working directory differs from the command's reads
    relative files from the command's and reports the same JSON."""
    from casereview import Checklist, _tasks, inputs
    monkeypatch.chdir(tree)
    entries = inputs.enumerate_sources(["d", "plain.xml", "missing.xml",
                                        "arc.zip", "arc.tar.gz"])
    spec = _tasks.checklist_spec(checklist_path, {}, {}, 64 << 20)
    here = [line for line, _ in _tasks.score_partition(spec, entries, tree)]
    monkeypatch.chdir(str(tmp_path))
    there = [line for line, _ in _tasks.score_partition(spec, entries, tree)]
    assert here == there
    with Checklist.load(checklist_path) as cl:
        monkeypatch.chdir(tree)
        assert cl.evaluator().score_file("plain.xml").json_bytes in here


@pytest.fixture(scope="module")
def edge_tree(tmp_path_factory):
    """Corners where the stdlib and libarchive could disagree."""
    root = str(tmp_path_factory.mktemp("edges"))
    j = lambda *p: os.path.join(root, *p)       # noqa: E731
    _write(j("e", "ok.xml"), make_case("OK"))
    _write(j("e", "empty.xml"), "")
    _write(j("e", "dir.xml", "c.xml"), make_case("C", undated=1))
    os.symlink("nowhere.xml", j("e", "dangling.xml"))
    os.symlink("nowhere", j("e", "dangling-dir"))
    os.makedirs(j("e", "deep", "er"))
    os.symlink("../..", j("e", "deep", "er", "up"))
    with tarfile.open(j("h.tar"), "w") as tf:
        data = make_case("H1").encode()
        info = tarfile.TarInfo("./h1.xml")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("./hl.xml")
        link.type = tarfile.LNKTYPE
        link.linkname = "./h1.xml"
        tf.addfile(link)
        sym = tarfile.TarInfo("sym.xml")
        sym.type = tarfile.SYMTYPE
        sym.linkname = "./h1.xml"
        tf.addfile(sym)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(j("dup.ZIP"), "w") as zf:
            zf.writestr("x.xml", make_case("FIRST"))
            zf.writestr("x.xml", make_case("SECOND"))
            zf.writestr("Y.XML", "<case")
    with open(j("corrupt.zip"), "wb") as f:
        f.write(b"PK\x03\x04 this is not a zip")
    # given by name, a FIFO is an error line, never a read that waits
    os.mkfifo(j("fifo.xml"))
    # one member with a bad CRC among good ones (stored, not deflated)
    with zipfile.ZipFile(j("crc.zip"), "w") as zf:
        for n in ("a.xml", "b.xml", "c.xml"):
            zf.writestr(n, make_case(n[0].upper()))
    with open(j("crc.zip"), "r+b") as f:
        raw = bytearray(f.read())
        at = raw.find(b"b.xml") + 5 + 40
        raw[at] ^= 0x20
        f.seek(0)
        f.write(raw)
    _names_archives(j)
    return root


# Member names in every way archives store them: UTF-8 with the zip flag,
# GBK without it (Windows set to Chinese), bytes that are neither.
RAW_NAMES = [("\u4e2d\u6587/\u6848\u5377.xml".encode("utf-8"), "N1"),
             ("\u6848\u5377-2.xml".encode("gbk"), "N2"),
             (b"caf\xe9.xml", "N3")]
DECODED_NAMES = ["caf\ufffd.xml", "\u4e2d\u6587/\u6848\u5377.xml",
                 "\u6848\u5377-2.xml"]


def _names_archives(j):
    # zipfile writes non-ASCII names as UTF-8 with the flag: the other
    # names go in as ASCII stand-ins of the same length, then the stored
    # bytes are put in their place (the CRCs cover the data only)
    with zipfile.ZipFile(j("names.zip"), "w") as zf:
        for i, (raw, cid) in enumerate(RAW_NAMES):
            name = raw.decode("utf-8") if i == 0 else "%0*d" % (len(raw), i)
            zf.writestr(name, make_case(cid))
    with open(j("names.zip"), "rb") as f:
        data = f.read()
    for i, (raw, _) in enumerate(RAW_NAMES[1:], 1):
        data = data.replace(("%0*d" % (len(raw), i)).encode(), raw)
    with open(j("names.zip"), "wb") as f:
        f.write(data)
    with tarfile.open(j("names.tar"), "w", format=tarfile.GNU_FORMAT,
                      encoding="utf-8", errors="surrogateescape") as tf:
        for raw, cid in RAW_NAMES:
            data = make_case(cid).encode()
            info = tarfile.TarInfo(raw.decode("utf-8", "surrogateescape"))
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))


def test_member_names_decode_as_batch_does(edge_tree, monkeypatch):
    """UTF-8 names as they are, GBK through GB18030, other bytes kept
    (U+FFFD in the JSON), in zip and tar alike."""
    from casereview import inputs
    monkeypatch.chdir(edge_tree)
    for arc in ("names.zip", "names.tar"):
        got = [e.source for e in inputs.enumerate_sources([arc])]
        want = [arc + "!" + n for n in DECODED_NAMES]
        assert [g.encode("utf-8", "surrogateescape").decode("utf-8",
                                                            "replace")
                for g in got] == want


def test_dask_edges_match_batch(edge_tree, checklist_path, cli,
                                dask_available):
    if not _batch_works(cli, checklist_path, edge_tree):
        pytest.skip("`casereview batch` not available")
    args = ["e", "h.tar", "dup.ZIP", "e/ok.xml", "e/", "names.zip",
            "names.tar", "fifo.xml"]
    proc = _run_dask(edge_tree, ["-c", checklist_path, "--max-size", "4000"]
                     + args)
    batch = subprocess.run([cli, "batch", "-c", checklist_path, "--max-size",
                            "4000", "-o", "batch.jsonl"] + args,
                           cwd=edge_tree, capture_output=True)
    with open(os.path.join(edge_tree, "dask.jsonl"), "rb") as f:
        got = f.read()
    with open(os.path.join(edge_tree, "batch.jsonl"), "rb") as f:
        want = f.read()
    assert got.decode() == want.decode()
    assert proc.returncode == batch.returncode == 1, proc.stderr.decode()


def test_corrupt_archive_gives_an_error_line(edge_tree, monkeypatch):
    from casereview import inputs
    monkeypatch.chdir(edge_tree)
    (e,) = inputs.enumerate_sources(["corrupt.zip"])
    assert e.kind == inputs.ERROR and e.source == "corrupt.zip" and e.message


def test_a_bad_member_fails_alone(edge_tree, checklist_path, dask_available):
    # the other members of the archive in the same partition are scored
    proc = _run_dask(edge_tree, ["-c", checklist_path, "crc.zip"],
                     out="crc.jsonl")
    assert proc.returncode == 1, proc.stderr.decode()
    with open(os.path.join(edge_tree, "crc.jsonl"), "rb") as f:
        lines = [json.loads(line) for line in f]
    assert [(r["case"]["source"], "error" in r) for r in lines] == [
        ("crc.zip!a.xml", False), ("crc.zip!b.xml", True),
        ("crc.zip!c.xml", False)]
    assert lines[1]["error"]["message"] == "压缩包中的这个文件已损坏，无法读取"
    assert "CRC" in lines[1]["error"]["detail"]


def test_output_write_error(tree, checklist_path, dask_available):
    proc = _run_dask(tree, ["-c", checklist_path, "plain.xml"],
                     out="/dev/full")
    assert proc.returncode == 2
    assert b"writing /dev/full: No space left on device" in proc.stderr


def test_hard_links_and_empty_archives_as_batch_gives_them(tmp_path,
                                                           monkeypatch):
    """A tar's hard link is the case it names (the data of the first
    regular member of that name before it); one to nothing, and an
    archive with no entry at all, are error entries with batch's
    messages."""
    from casereview import inputs
    from casereview import _tasks
    monkeypatch.chdir(tmp_path)
    with tarfile.open("h.tar", "w") as tf:
        data = make_case("H1").encode()
        info = tarfile.TarInfo("h1.xml")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
        for name, target in (("hl.xml", "h1.xml"), ("lost.xml", "none.xml")):
            link = tarfile.TarInfo(name)
            link.type = tarfile.LNKTYPE
            link.linkname = target
            tf.addfile(link)
    with open("zeros.tar", "wb") as f:
        f.write(b"\0" * 10240)
    entries = inputs.enumerate_sources(["h.tar", "zeros.tar"])
    assert [(e.source, e.kind, e.error) for e in entries] == [
        ("h.tar!h1.xml", inputs.TAR, None),
        ("h.tar!hl.xml", inputs.TAR, None),
        ("h.tar!lost.xml", inputs.ERROR, inputs.LINK_MISSING),
        ("zeros.tar", inputs.ERROR, inputs.NO_ENTRIES)]
    members = _tasks._read_members(entries, inputs.DEFAULT_MAX_CASE_SIZE,
                                   str(tmp_path))
    assert members[(inputs.TAR, "h.tar", "hl.xml")] == data


def test_results_are_written_in_whole_lines(tmp_path):
    """The Dask runner writes its results as `casereview batch` does: a
    write that fails (here a file size limit) leaves whole lines only."""
    code = """if True:
        import resource, signal, sys
        from casereview import distributed
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300000, 300000))
        out = distributed._Output(sys.argv[1])
        try:
            for i in range(2000):
                out.write_line(b"%04d" % i + b"x" * 995)
            out.finish()
        except distributed._WriteError as e:
            print("stopped", e.oserror.errno)
    """
    env = dict(os.environ, PYTHONPATH=BINDINGS)
    p = subprocess.run([sys.executable, "-c", code, str(tmp_path / "o")],
                       env=env, capture_output=True, timeout=120)
    assert b"stopped" in p.stdout, p.stderr
    data = (tmp_path / "o").read_bytes()
    assert data and len(data) % 1000 == 0
    assert data.splitlines()[-1].startswith(b"%04d" % (len(data) // 1000 - 1))


def _set_encrypted(data, name):
    """Bit 0 (encrypted) of NAME's flags in a zip's local and central
    headers (zipfile writes no encrypted members)."""
    data = bytearray(data)
    for sig, flag, name_len, name_at in ((b"PK\x03\x04", 6, 26, 30),
                                         (b"PK\x01\x02", 8, 28, 46)):
        i = data.find(sig)
        while i >= 0:
            n = int.from_bytes(data[i + name_len:i + name_len + 2], "little")
            if bytes(data[i + name_at:i + name_at + n]) == name.encode():
                data[i + flag] |= 1
            i = data.find(sig, i + 4)
    return bytes(data)


@pytest.fixture(scope="module")
def unreadable_tree(tmp_path_factory):
    """Everything batch and the Dask runner read themselves and cannot:
    no file, a FIFO, a symlink loop, a dangling link, files and members
    over --max-size, an encrypted member, a hard link to nothing,
    archives with no entry; and damaged archives."""
    root = str(tmp_path_factory.mktemp("unreadable"))
    j = lambda *p: os.path.join(root, *p)       # noqa: E731
    _write(j("d", "ok.xml"), make_case("OK"))
    os.symlink(".", j("d", "up"))
    os.symlink("gone.xml", j("d", "gone.xml"))      # a link to itself
    os.symlink("nowhere.xml", j("d", "dangling.xml"))
    _write(j("big.xml"), make_case("BIG", documents=40))
    os.mkfifo(j("fifo.xml"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.xml", make_case("A"))
        zf.writestr("big.xml", make_case("ZBIG", documents=40))
        zf.writestr("secret.xml", make_case("S"))
    with open(j("m.zip"), "wb") as f:
        f.write(_set_encrypted(buf.getvalue(), "secret.xml"))
    with tarfile.open(j("t.tar"), "w") as tf:
        for name, text in (("a.xml", make_case("TA")),
                           ("big.xml", make_case("TBIG", documents=40))):
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("lost.xml")
        link.type = tarfile.LNKTYPE
        link.linkname = "none.xml"
        tf.addfile(link)
    with open(j("zeros.tar"), "wb") as f:
        f.write(b"\0" * 10240)
    with open(j("empty.zip"), "wb") as f:      # an end record alone
        f.write(b"PK\x05\x06" + b"\0" * 18)
    # damaged: not a zip, a member with a bad CRC, a tar.gz cut short
    with open(j("bad.zip"), "wb") as f:
        f.write(b"PK\x03\x04 this is not a zip")
    with zipfile.ZipFile(j("crc.zip"), "w") as zf:
        for n in ("a.xml", "b.xml"):
            zf.writestr(n, make_case(n[0].upper()))
    with open(j("crc.zip"), "r+b") as f:
        raw = bytearray(f.read())
        raw[raw.find(b"b.xml") + 5 + 40] ^= 0x20
        f.seek(0)
        f.write(raw)
    return root


UNREADABLE_ARGS = ["d", "big.xml", "fifo.xml", "missing.xml", "m.zip",
                   "t.tar", "zeros.tar", "empty.zip"]


def test_unreadable_lines_are_batch_lines(unreadable_tree, checklist_path,
                                          cli, dask_available):
    """What neither could read gives the same error lines from the Dask
    runner as from `casereview batch`, byte for byte: Chinese message,
    error kind, English detail."""
    if not _batch_works(cli, checklist_path, unreadable_tree):
        pytest.skip("`casereview batch` not available")
    limit = ["--max-size", "3000"]
    proc = _run_dask(unreadable_tree, ["-c", checklist_path] + limit
                     + UNREADABLE_ARGS)
    batch = subprocess.run([cli, "batch", "-q", "-c", checklist_path, "-o",
                            "batch.jsonl"] + limit + UNREADABLE_ARGS,
                           cwd=unreadable_tree, capture_output=True)
    assert proc.returncode == batch.returncode == 1, proc.stderr.decode()
    with open(os.path.join(unreadable_tree, "dask.jsonl"), "rb") as f:
        got = f.read()
    with open(os.path.join(unreadable_tree, "batch.jsonl"), "rb") as f:
        assert got.decode() == f.read().decode()
    errors = {r["case"]["source"]: r["error"]
              for r in map(json.loads, got.splitlines()) if "error" in r}
    assert {s: (e["kind"], e["detail"]) for s, e in errors.items()} == {
        "big.xml": ("too-large",
                    "case file larger than the limit of 3000 bytes"),
        "d/dangling.xml": ("unreadable", "No such file or directory"),
        "d/gone.xml": ("unreadable", "Too many levels of symbolic links"),
        "d/up": ("unreadable", "symlink loop"),
        "empty.zip": ("empty",
                      "no entries: an empty archive, or not an archive"),
        "fifo.xml": ("unreadable", "not a regular file (a pipe or socket)"),
        "m.zip!big.xml": ("too-large",
                          "case file larger than the limit of 3000 bytes"),
        "m.zip!secret.xml": ("unreadable", "encrypted archive member"),
        "missing.xml": ("unreadable", "No such file or directory"),
        "t.tar!big.xml": ("too-large",
                          "case file larger than the limit of 3000 bytes"),
        "t.tar!lost.xml": ("unreadable",
                           "hard link to no file before it in the archive"),
        "zeros.tar": ("empty",
                      "no entries: an empty archive, or not an archive")}
    assert all(any("\u4e00" <= c <= "\u9fff" for c in e["message"])
               for e in errors.values())
    assert errors["d/dangling.xml"]["message"] == "符号链接指向的文件不存在"


def test_damaged_archives_as_batch_says_them(unreadable_tree, checklist_path,
                                             cli, dask_available):
    """A damaged archive or member: the same lines, message and kind, but
    for the detail (zipfile's words against libarchive's)."""
    if not _batch_works(cli, checklist_path, unreadable_tree):
        pytest.skip("`casereview batch` not available")
    args = ["bad.zip", "crc.zip"]
    proc = _run_dask(unreadable_tree, ["-c", checklist_path] + args,
                     out="damaged.jsonl")
    batch = subprocess.run([cli, "batch", "-q", "-c", checklist_path, "-o",
                            "damaged-batch.jsonl"] + args,
                           cwd=unreadable_tree, capture_output=True)
    assert proc.returncode == batch.returncode == 1, proc.stderr.decode()

    def without_detail(name):
        with open(os.path.join(unreadable_tree, name), "rb") as f:
            out = [json.loads(line) for line in f]
        for r in out:
            if "error" in r:
                assert r["error"].pop("detail")
        return out
    got = without_detail("damaged.jsonl")
    assert got == without_detail("damaged-batch.jsonl")
    assert [(r["case"]["source"], r.get("error", {}).get("message"))
            for r in got] == [("bad.zip", "压缩包已损坏或无法读取"),
                              ("crc.zip!a.xml", None),
                              ("crc.zip!b.xml", "压缩包中的这个文件已损坏，无法读取")]


def test_no_case_found_says_so_as_batch_does(tmp_path, checklist_path,
                                             dask_available):
    """An export of PDFs: no case, exit 1, the same Chinese words as
    `casereview batch`."""
    d = tmp_path / "pdfs"
    d.mkdir()
    (d / "卷1.pdf").write_bytes(b"%PDF-1.4\n")
    proc = _run_dask(str(tmp_path), ["-c", checklist_path, "pdfs"])
    assert proc.returncode == 1, proc.stderr.decode()
    assert "没有找到案卷" in proc.stderr.decode()
    if os.access(CLI, os.X_OK):
        batch = subprocess.run([CLI, "batch", "-q", "-c", checklist_path,
                                "-o", "b.jsonl", "pdfs"], cwd=tmp_path,
                               capture_output=True)
        assert batch.returncode == 1
        said = [line.split(": ", 1)[1] for line in
                batch.stderr.decode().splitlines() if "没有找到案卷" in line]
        assert said and said[0] in proc.stderr.decode()
