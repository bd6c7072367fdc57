"""`casereview batch`: inputs, order, errors, parallel determinism, exit
status and signals. Run: /usr/bin/python3 -m pytest tests/batch"""
import io
import json
import os
import signal
import subprocess
import tarfile
import time
import zipfile

import pytest

from conftest import case_xml


def lines(p):
    assert p.stdout.endswith(b"\n") or p.stdout == b""
    return [json.loads(l) for l in p.stdout.decode("utf-8").splitlines()]


def sources(p):
    return [r["case"]["source"] for r in lines(p)]


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_tree(root):
    write(root / "b.xml", case_xml("B"))
    write(root / "a.xml", case_xml("A", officers=1))
    write(root / "sub" / "z.xml", case_xml("Z"))
    write(root / "sub" / "deeper" / "c.XML", case_xml("C", date=""))
    write(root / ".hidden.xml", case_xml("H"))
    write(root / "notes.txt", "not a case")
    write(root / "sub" / "data.json", "{}")
    write(root / "a-b.xml", case_xml("AB"))


# ---- directories ---------------------------------------------------------

def test_directory_walk_order_and_sources(batch, tmp_path):
    make_tree(tmp_path / "d")
    p = batch.run("-q", "d", check_rc=0)
    assert sources(p) == ["d/.hidden.xml", "d/a-b.xml", "d/a.xml", "d/b.xml",
                          "d/sub/deeper/c.XML", "d/sub/z.xml"]
    assert p.stderr == b""


def test_trailing_slash_not_doubled(batch, tmp_path):
    make_tree(tmp_path / "d")
    assert sources(batch.run("-q", "d/", check_rc=0))[0] == "d/.hidden.xml"


def test_file_argument_is_a_case_whatever_its_name(batch, tmp_path):
    write(tmp_path / "case.txt", case_xml("T"))
    p = batch.run("-q", "case.txt", check_rc=0)
    assert [(r["case"]["source"], r["case"]["id"]) for r in lines(p)] == [
        ("case.txt", "T")]


def test_a_fifo_is_an_error_line_not_a_wait(batch, tmp_path):
    # opening a FIFO for reading waits for a writer: never done
    os.mkfifo(tmp_path / "pipe.xml")
    write(tmp_path / "a.xml", case_xml("A"))
    p = batch.run("-q", "pipe.xml", "a.xml", check_rc=1, timeout=30)
    got = lines(p)
    assert [r["case"]["source"] for r in got] == ["a.xml", "pipe.xml"]
    assert got[1]["error"] == {
        "message": "不是普通文件（是管道或套接字），没有读取", "line": 0,
        "kind": "unreadable",
        "detail": "not a regular file (a pipe or socket)"}
    # /dev/null is a device, read as an empty file
    p = batch.run("-q", "/dev/null", check_rc=1, timeout=30)
    assert lines(p)[0]["error"]["message"] == "文件为空（0 字节）"
    assert lines(p)[0]["error"]["kind"] == "empty"


def test_scores_are_the_engines(batch, tmp_path):
    make_tree(tmp_path / "d")
    by_id = {r["case"]["id"]: r for r in lines(batch.run("-q", "d"))}
    assert by_id["A"]["score"] == 70
    assert by_id["C"]["score"] == 85
    assert by_id["B"]["score"] == 100


def test_output_lines_equal_score_json(batch, binary, checklist, tmp_path):
    write(tmp_path / "one.xml", case_xml("ONE", officers=1))
    p = batch.run("-q", "one.xml", check_rc=0)
    s = subprocess.run([binary, "score", "-c", checklist, "--format", "json",
                        "one.xml"], cwd=tmp_path, capture_output=True)
    assert p.stdout == s.stdout


def test_output_file(batch, tmp_path):
    make_tree(tmp_path / "d")
    p = batch.run("-q", "-o", "out.jsonl", "d", check_rc=0)
    assert p.stdout == b""
    text = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 6 and text.endswith("\n")


def test_duplicates_scored_once(batch, tmp_path):
    make_tree(tmp_path / "d")
    p = batch.run("-q", "d/b.xml", "d", "d/b.xml", check_rc=0)
    assert sources(p).count("d/b.xml") == 1
    assert len(sources(p)) == 6


def test_archive_inside_directory_not_opened(batch, tmp_path):
    write(tmp_path / "d" / "a.xml", case_xml("A"))
    with zipfile.ZipFile(tmp_path / "d" / "inner.zip", "w") as z:
        z.writestr("x.xml", case_xml("X"))
    assert sources(batch.run("-q", "d", check_rc=0)) == ["d/a.xml"]


# ---- archives ------------------------------------------------------------

MEMBERS = {
    "cases/b.xml": case_xml("B"),
    "cases/a.xml": case_xml("A", officers=1),
    "cases/sub/c.xml": case_xml("C", date=""),
    "cases/UPPER.XML": case_xml("U"),
}


def build_zip(path, members=MEMBERS, order=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("cases/", "")
        z.writestr("cases/readme.txt", "skip me")
        for name in order or members:
            z.writestr(name, members[name])


def build_tar(path, mode, members=MEMBERS):
    with tarfile.open(path, mode) as t:
        d = tarfile.TarInfo("cases")
        d.type = tarfile.DIRTYPE
        t.addfile(d)
        for name, text in list(members.items()) + [("cases/x.txt", "skip")]:
            data = text.encode("utf-8")
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))


EXPECTED_MEMBERS = ["cases/UPPER.XML", "cases/a.xml", "cases/b.xml",
                    "cases/sub/c.xml"]


@pytest.mark.parametrize("name,mode", [("x.zip", None), ("x.tar", "w"),
                                       ("x.tar.gz", "w:gz"),
                                       ("x.tgz", "w:gz"), ("X.ZIP", None)])
def test_archive_types(batch, tmp_path, name, mode):
    if mode is None:
        build_zip(tmp_path / name)
    else:
        build_tar(tmp_path / name, mode)
    p = batch.run("-q", name)
    if b"archive support not built in" in p.stdout:
        pytest.skip("built without libarchive")
    assert p.returncode == 0, p.stderr
    res = lines(p)
    assert [r["case"]["source"] for r in res] == [
        name + "!" + m for m in EXPECTED_MEMBERS]
    assert [r["score"] for r in res] == [100, 70, 100, 85]


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_archive_members_with_chinese_names(batch, tmp_path, locale, kind):
    """Names stored as UTF-8 (zip's UTF-8 flag, pax headers) come out in
    UTF-8 whatever the locale: in "C", libarchive could not convert the
    zip's names and those members vanished without a line."""
    members = {"2024/a.xml": case_xml("A"), "中文/案卷-1.xml": case_xml("B"),
               "中文/说明.txt": "skip"}
    name = "export." + kind
    if kind == "zip":
        with zipfile.ZipFile(tmp_path / name, "w") as z:
            for m, text in members.items():
                z.writestr(m, text)
    else:
        build_tar(tmp_path / name, "w", members)
    env = dict(os.environ, LC_ALL=locale, LANG=locale)
    p = subprocess.run([batch.binary, "batch", "-q", "-c", batch.checklist,
                        name], cwd=tmp_path, capture_output=True, env=env,
                       timeout=120)
    if b"archive support not built in" in p.stdout:
        pytest.skip("built without libarchive")
    assert p.returncode == 0, p.stderr
    assert sources(p) == [name + "!2024/a.xml", name + "!中文/案卷-1.xml"]
    assert [r["case"]["id"] for r in lines(p)] == ["A", "B"]


def test_names_that_are_not_utf8_still_give_json(batch, tmp_path):
    """A file name in GBK or Latin-1 is any bytes; JSON is UTF-8: every
    byte that starts no UTF-8 character is U+FFFD in the results and the
    summary, which used to carry the raw bytes (no JSON parser read
    them)."""
    d = os.fsencode(tmp_path / "d")
    os.makedirs(d)
    with open(os.path.join(d, "caf\xe9.xml".encode("latin-1")), "wb") as f:
        f.write(case_xml("A").encode("utf-8"))
    with open(os.path.join(d, "\u6848".encode("gbk") + b".xml"), "wb") as f:
        f.write(b"not xml")
    p = batch.run("-q", "--summary", "s.json", "d", check_rc=1)
    assert sorted(sources(p)) == ["d/caf\ufffd.xml", "d/\ufffd\ufffd.xml"]
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [c["source"] for c in summary["unscorable_cases"]] == [
        "d/\ufffd\ufffd.xml"]


def test_archive_and_files_merge_in_sorted_order(batch, tmp_path):
    build_zip(tmp_path / "b.zip")
    write(tmp_path / "a" / "x.xml", case_xml("AX"))
    write(tmp_path / "c" / "x.xml", case_xml("CX"))
    p = batch.run("-q", "c", "b.zip", "a", check_rc=0)
    assert sources(p) == (["a/x.xml"]
                          + ["b.zip!" + m for m in EXPECTED_MEMBERS]
                          + ["c/x.xml"])


def test_oversize_member_is_an_error_line(batch, tmp_path):
    members = dict(MEMBERS)
    members["cases/big.xml"] = case_xml("BIG") + "<!--" + "x" * 5000 + "-->"
    build_zip(tmp_path / "x.zip", members)
    p = batch.run("-q", "--max-size", "2000", "x.zip", check_rc=1)
    res = {r["case"]["source"]: r for r in lines(p)}
    assert len(res) == 5
    err = res["x.zip!cases/big.xml"]["error"]
    # the engine's message for a file over its limit
    assert err == {"message": "文件超过案卷大小上限（2000 字节）", "line": 0,
                   "kind": "too-large",
                   "detail": "case file larger than the limit of 2000 bytes"}
    assert res["x.zip!cases/a.xml"]["score"] == 70


def test_oversize_plain_file(batch, tmp_path):
    write(tmp_path / "big.xml", case_xml("BIG") + "<!--" + "x" * 5000 + "-->")
    p = batch.run("-q", "--max-size", "1K", "big.xml", check_rc=1)
    err = lines(p)[0]["error"]
    assert err["message"] == "文件超过案卷大小上限（1024 字节）"
    assert err["kind"] == "too-large"
    assert err["detail"] == "case file larger than the limit of 1024 bytes"


def test_archive_total_limit(batch, tmp_path):
    build_zip(tmp_path / "x.zip")
    p = batch.run("-q", "--max-archive-size", "300", "x.zip", check_rc=1)
    res = lines(p)
    assert len(res) == 4
    errs = [r["error"] for r in res if "error" in r]
    assert errs and all(e["kind"] == "too-large" for e in errs)
    assert errs[0]["message"] == \
        "压缩包中的案卷解压后合计超过上限（300 字节），这个文件没有读取"
    assert errs[0]["detail"] == \
        "archive larger than the limit of 300 bytes uncompressed"


def test_corrupt_archive_is_one_error_line(batch, tmp_path):
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 this is not a zip")
    write(tmp_path / "ok.xml", case_xml("OK"))
    p = batch.run("-q", "bad.zip", "ok.xml", check_rc=1)
    res = lines(p)
    assert [r["case"]["source"] for r in res] == ["bad.zip", "ok.xml"]
    assert res[0]["error"]["message"] == "压缩包已损坏或无法读取"
    assert res[0]["error"]["kind"] == "unreadable"
    assert res[0]["error"]["detail"]      # libarchive's words


def test_truncated_tar_gz_keeps_members_read(batch, tmp_path):
    members = {"m/%03d.xml" % i: case_xml("M%03d" % i) + "<!--%s-->"
               % os.urandom(2000).hex() for i in range(40)}
    build_tar(tmp_path / "full.tgz", "w:gz", members)
    data = (tmp_path / "full.tgz").read_bytes()
    (tmp_path / "cut.tgz").write_bytes(data[: len(data) // 2])
    p = batch.run("-q", "cut.tgz", check_rc=1)
    res = lines(p)
    scored = [r for r in res if "score" in r]
    errors = [r for r in res if "error" in r]
    assert 5 < len(scored) < 40
    assert all(r["case"]["source"].startswith("cut.tgz!m/") for r in scored)
    # One line for the archive; the member whose data was cut, if its
    # header was read, gets its own error line.
    err_sources = [r["case"]["source"] for r in errors]
    assert err_sources[0] == "cut.tgz"
    assert all(s.startswith("cut.tgz!m/") for s in err_sources[1:])
    assert len(err_sources) <= 2
    assert sources(p) == sorted(sources(p))


def set_encrypted_flag(data, name):
    """Sets bit 0 (encrypted) of NAME's general purpose flags in the local
    and central headers; zipfile cannot write encrypted members."""
    data = bytearray(data)
    for sig, flag_off, name_len_off, name_off in ((b"PK\x03\x04", 6, 26, 30),
                                                  (b"PK\x01\x02", 8, 28, 46)):
        i = data.find(sig)
        while i >= 0:
            n = int.from_bytes(data[i + name_len_off:i + name_len_off + 2],
                               "little")
            if bytes(data[i + name_off:i + name_off + n]) == name.encode():
                data[i + flag_off] |= 1
            i = data.find(sig, i + 4)
    return bytes(data)


def test_encrypted_member(batch, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.xml", case_xml("A"))
        z.writestr("secret.xml", case_xml("S"))
    (tmp_path / "enc.zip").write_bytes(set_encrypted_flag(buf.getvalue(),
                                                          "secret.xml"))
    p = batch.run("-q", "enc.zip", check_rc=1)
    res = {r["case"]["source"]: r for r in lines(p)}
    assert res["enc.zip!a.xml"]["score"] == 100
    assert res["enc.zip!secret.xml"]["error"] == {
        "message": "压缩包中的这个文件已加密，无法读取", "line": 0,
        "kind": "unreadable", "detail": "encrypted archive member"}


# ---- errors and exit status ---------------------------------------------

def test_error_lines_never_dropped(batch, tmp_path):
    write(tmp_path / "d" / "ok.xml", case_xml("OK"))
    write(tmp_path / "d" / "broken.xml", "<case id='x'><agency")
    p = batch.run("-q", "d", "missing.xml", check_rc=1)
    res = lines(p)
    assert [r["case"]["source"] for r in res] == [
        "d/broken.xml", "d/ok.xml", "missing.xml"]
    assert res[0]["format"] == "casereview-result/1"
    assert "message" in res[0]["error"]
    assert res[2]["error"] == {"message": "文件不存在", "line": 0,
                               "kind": "unreadable",
                               "detail": "No such file or directory"}


def test_symlink_loop(batch, tmp_path):
    write(tmp_path / "d" / "sub" / "a.xml", case_xml("A"))
    os.symlink("..", tmp_path / "d" / "sub" / "up")
    os.symlink("sub", tmp_path / "d" / "side")  # not a loop: followed
    p = batch.run("-q", "d", check_rc=1)
    res = {r["case"]["source"]: r for r in lines(p)}
    loop = {"message": "符号链接循环：链接指向它所在的文件夹或其上级，没有进入",
            "line": 0, "kind": "unreadable", "detail": "symlink loop"}
    assert res["d/sub/up"]["error"] == loop
    assert res["d/side/up"]["error"] == loop
    assert res["d/sub/a.xml"]["score"] == 100
    assert res["d/side/a.xml"]["score"] == 100
    assert len(res) == 4


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any directory")
def test_unreadable_directory(batch, tmp_path):
    write(tmp_path / "d" / "locked" / "a.xml", case_xml("A"))
    os.chmod(tmp_path / "d" / "locked", 0)
    try:
        p = batch.run("-q", "d", check_rc=1)
    finally:
        os.chmod(tmp_path / "d" / "locked", 0o755)
    assert lines(p)[0]["case"]["source"] == "d/locked"


def test_item_error_gives_status_1(batch, tmp_path):
    # A checklist whose item fails at run time (cr:date of a node-set is
    # fine; calling a string function on nothing is not an error, so use
    # cr:matches with a pattern from the case, which PCRE2 rejects).
    cl = tmp_path / "err.xml"
    cl.write_text("""<checklist xmlns="urn:casereview:checklist:1" id="e"
        total="100"><category id="c" title="c" points="100">
        <item id="E1" title="t" deduct="1"><check context="/case">
        <assert test="cr:matches('a', string(@id))">m</assert>
        </check></item></category></checklist>""", encoding="utf-8")
    write(tmp_path / "x.xml", '<case id="(("/>')
    p = subprocess.run([batch.binary, "batch", "-q", "-c", str(cl), "x.xml"],
                       cwd=tmp_path, capture_output=True)
    assert lines(p)[0]["complete"] is False
    assert p.returncode == 1


def test_usage_errors(batch, binary, tmp_path):
    write(tmp_path / "a.xml", case_xml("A"))
    assert subprocess.run([binary, "batch", "a.xml"], cwd=tmp_path,
                          capture_output=True).returncode == 2
    assert batch.run("-q").returncode == 2
    assert batch.run("-q", "-j", "x", "a.xml").returncode == 2
    assert batch.run("-q", "--max-size", "0", "a.xml").returncode == 2
    assert batch.run("-q", "--param", "nope=1", "a.xml").returncode == 2
    write(tmp_path / "bad.xml", "<checklist")
    p = subprocess.run([binary, "batch", "-c", "bad.xml", "a.xml"],
                       cwd=tmp_path, capture_output=True)
    assert p.returncode == 2 and p.stdout == b""


def test_quiet_and_no_progress_without_terminal(batch, tmp_path):
    make_tree(tmp_path / "d")
    p = batch.run("d", check_rc=0)
    err = p.stderr.decode("utf-8")
    assert "\r" not in err            # no progress line on a pipe
    assert "案卷 6 件" in err          # the text summary
    assert batch.run("-q", "d").stderr == b""


def test_progress_on_a_terminal(batch, tmp_path):
    import shutil
    if not shutil.which("script"):
        pytest.skip("script(1) not installed")
    make_tree(tmp_path / "d")
    cmd = "%s batch -c %s -o out.jsonl d" % (batch.binary, batch.checklist)
    p = subprocess.run(["script", "-qec", cmd, "/dev/null"], cwd=tmp_path,
                       capture_output=True, timeout=60)
    out = p.stdout.decode("utf-8", "replace")
    assert "已评查 6/6 件" in out
    quiet = subprocess.run(["script", "-qec", cmd + " -q", "/dev/null"],
                           cwd=tmp_path, capture_output=True, timeout=60)
    assert "已评查" not in quiet.stdout.decode("utf-8", "replace")


# ---- determinism ---------------------------------------------------------

def test_jobs_give_identical_bytes(batch, tmp_path):
    make_tree(tmp_path / "d")
    # 400 members stored in reverse order: beyond the reorder window, so
    # results go through the spill file.
    members = {"r/%04d.xml" % i: case_xml("R%04d" % i, officers=i % 3,
                                          agency="AG%d" % (i % 5))
               for i in range(400)}
    build_zip(tmp_path / "rev.zip", members, order=sorted(members,
                                                          reverse=True))
    write(tmp_path / "broken.xml", "<case")
    outs = []
    for j in ("1", "2", "4"):
        p = batch.run("-q", "-j", j, "--csv", "o%s.csv" % j, "--summary",
                      "s%s.json" % j, "rev.zip", "d", "broken.xml",
                      check_rc=1)
        outs.append(p.stdout)
    assert outs[0] == outs[1] == outs[2]
    srcs = [json.loads(l)["case"]["source"] for l in outs[0].splitlines()]
    assert srcs == sorted(srcs, key=lambda s: s.encode("utf-8"))
    assert len(srcs) == 400 + 6 + 1
    for name in ("o%s.csv", "s%s.json"):
        assert (tmp_path / (name % 1)).read_bytes() == \
            (tmp_path / (name % 2)).read_bytes() == \
            (tmp_path / (name % 4)).read_bytes()


# ---- signals -------------------------------------------------------------

def test_sigint_leaves_valid_jsonl(batch, tmp_path):
    n = 60000
    with zipfile.ZipFile(tmp_path / "many.zip", "w") as z:
        for i in range(n):
            z.writestr("c/%06d.xml" % i, case_xml("C%06d" % i))
    out = tmp_path / "out.jsonl"
    # the report goes through a symlink to a device: neither is removed
    os.symlink("/dev/null", tmp_path / "r.html")
    proc = subprocess.Popen([batch.binary, "batch", "-q", "-j", "2", "-c",
                             batch.checklist, "-o", str(out), "--summary",
                             "s.json", "--report", "r.html", "many.zip"],
                            cwd=tmp_path, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while time.time() < deadline and (not out.exists()
                                      or out.stat().st_size < 100000):
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal")
    assert proc.returncode == 130, err
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n")
    got = [json.loads(l)["case"]["id"] for l in text.splitlines()]
    assert 0 < len(got) < n
    assert got == ["C%06d" % i for i in range(len(got))]  # a prefix
    assert not (tmp_path / "s.json").exists()
    assert os.path.islink(tmp_path / "r.html")
    assert os.path.exists("/dev/null")
    assert "评查被中断".encode() in err
