"""Hostile case files through `casereview batch` and `casereview score`.

The committed corpus is tests/hostile/cases/ (small files, made by
`gen.py small`); the big ones (deep nesting, blow-ups, 12 MB attributes,
100k findings, a 40k-character regex bomb) are generated here, per run,
by `gen.py big`. Every bad file must give an error line, every good one a
score, nothing may read a local file or the network, and the whole run
stays quick.

CASEREVIEW_BIN: the CLI (default build/cli/casereview).
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("CASEREVIEW_BIN", os.path.join(ROOT, "build", "cli",
                                                    "casereview"))
CHECKLIST = os.path.join(HERE, "checklist.xml")
sys.path.insert(0, HERE)
import gen  # noqa: E402

# name -> ("error", words in the message) or ("score", score, H2 message
# prefix or None). H2 echoes each document's text, so anything an entity
# or include pulled in would show there.
GOOD_TEXT = "正文：检查发现超过保质期的食品|现场检查笔录"
EXPECT = {
    "good-utf8.xml": ("score", 80, GOOD_TEXT),
    "good-gb18030.xml": ("score", 80, "正文：𠀀检查发现食品|现场检查笔录"),
    "good-gbk.xml": ("score", 80, GOOD_TEXT),
    "good-bom-utf8.xml": ("score", 80, GOOD_TEXT),
    "good-bom-utf16le.xml": ("score", 80, GOOD_TEXT),
    "good-bom-utf16be.xml": ("score", 80, GOOD_TEXT),
    "utf16-no-bom-declared-utf8.xml": ("score", 80, GOOD_TEXT),
    "entity-internal-small.xml": (
        "score", 80, "正文：检查发现超过保质期的食品和超过保质期的食品|现场检查笔录"),
    # external entities are never loaded: the reference expands to nothing
    "xxe-file.xml": ("score", 80, "正文：|现场检查笔录"),
    "xxe-relative.xml": ("score", 80, "正文：|现场检查笔录"),
    "xxe-url.xml": ("score", 80, "正文：|现场检查笔录"),
    "xxe-parameter.xml": ("score", 80, GOOD_TEXT),
    "xxe-dtd.xml": ("score", 80, GOOD_TEXT),
    "xinclude.xml": ("score", 80, "正文：|现场检查笔录"),
    "xxe-attribute.xml": ("error", "external entity", "外部实体"),
    # the declaration is obeyed: Latin-1 bytes read as Latin-1
    "latin1-declared.xml": ("score", 70, None),
    "billion-laughs.xml": ("error", "entity", "实体"),
    "entity-loop.xml": ("error", "entity reference loop", "实体引用循环"),
    "entity-undefined.xml": ("error", "not defined", "未定义的实体"),
    "invalid-utf8.xml": ("error", "UTF-8", "不是 UTF-8"),
    "overlong-utf8.xml": ("error", "UTF-8", "不是 UTF-8"),
    "surrogate-utf8.xml": ("error", "0xD800"),
    "gbk-declared-utf8.xml": ("error", "UTF-8", "GBK/GB18030"),
    "unknown-encoding.xml": ("error", "Unsupported encoding", "编码名称"),
    "bom-utf8-declared-gbk.xml": ("error", "conversion failed", "声明的编码"),
    "nul-byte.xml": ("error", "0x0"),
    "nul-only.xml": ("error", "empty", "只有空白"),
    "truncated.xml": ("error", "expected"),
    "truncated-in-char.xml": ("error", "expected"),
    "empty.xml": ("error", "empty file", "文件为空"),
    "whitespace-only.xml": ("error", "Start tag expected", "只有空白"),
    "not-xml-json.xml": ("error", "Start tag expected", "JSON 文件"),
    "not-xml-png.xml": ("error", "Start tag expected", "图片文件"),
    "not-xml-text.xml": ("error", "Start tag expected", "纯文本文件"),
    "two-roots.xml": ("error", "Extra content", "只能有一个根元素"),
    "unclosed-tag.xml": ("error", "Premature end", "没有结束标签"),
    "control-chars.xml": ("error", "invalid character"),
    "xml-1.1-controls.xml": ("error", "invalid xmlChar"),
    "char-refs-bad.xml": ("error", "invalid xmlChar"),
    "attr-duplicate.xml": ("error", "redefined", "重复的属性"),
    "deep-300.xml": ("error", "depth", "嵌套超过 256 层"),
    # any XML is scored; these simply match nothing
    "pi-and-comments.xml": ("score", 100, None),
    "wrong-root.xml": ("score", 100, None),
    "namespaced-root.xml": ("score", 100, None),
    "attr-many.xml": ("score", 100, None),
    # generated per run
    "deep-200k.xml": ("error", "depth", "嵌套超过 256 层"),
    "deep-200k-unclosed.xml": ("error", "depth"),
    "quadratic-blowup.xml": ("error", "entity references expand", "实体引用展开"),
    "quadratic-attr.xml": ("error", "entity references expand"),
    "huge-attribute.xml": ("error", "too long"),
    "huge-name.xml": ("error", "too long"),
    "huge-text.xml": ("score", 100, None),
    "huge-text-cjk.xml": ("error", "text node is longer than 10000000", "1000 万字节"),
    "many-elements.xml": ("score", 90, "正文：|t"),
    "regex-bomb.xml": ("score", 80, None),
}
SECRETS = ("/etc/passwd", "/etc/hostname", "/etc/shadow")


def run(args, timeout=120, **kw):
    return subprocess.run([BIN] + args, capture_output=True, timeout=timeout,
                          **kw)


def by_name(jsonl):
    out = {}
    for line in jsonl.split("\n"):
        if not line:
            continue
        rec = json.loads(line)
        out[os.path.basename(rec["case"]["source"])] = rec
    return out


class Listener:
    """A TCP port that records whether anything connected to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.stop = False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.hits += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    for name, data in gen.small_files().items():
        (d / name).write_bytes(data)
    for name, data in gen.big_files().items():
        (d / name).write_bytes(data)
    return d


@pytest.fixture(scope="module")
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def batch(corpus, listener, tmp_path_factory):
    """One batch over the whole corpus (plus a URL entity aimed at a live
    port), timed, with file opens and connects traced when strace works."""
    (corpus / "xxe-live-url.xml").write_bytes(gen.case(
        doctype='<!DOCTYPE case [<!ENTITY x SYSTEM "http://127.0.0.1:%d/s">'
                ' <!ENTITY %% p SYSTEM "http://127.0.0.1:%d/p"> %%p;]>\n'
                % (listener.port, listener.port),
        body_text="&x;", case_id="xxe-live-url").encode())
    out = tmp_path_factory.mktemp("out") / "results.jsonl"
    trace = out.with_suffix(".strace")
    args = ["batch", "-c", CHECKLIST, "-j", "2", "-o", str(out), "--quiet",
            str(corpus)]
    cmd = [BIN] + args
    if shutil.which("strace") and subprocess.run(
            ["strace", "-o", os.devnull, "true"],
            capture_output=True).returncode == 0:
        cmd = ["strace", "-f", "-qq", "-e", "trace=open,openat,connect",
               "-o", str(trace)] + cmd
    else:
        trace = None
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, timeout=300)
    elapsed = time.monotonic() - t0
    return {"proc": p, "elapsed": elapsed, "text": out.read_text("utf-8"),
            "results": by_name(out.read_text("utf-8")), "trace": trace}


def test_batch_finishes_quickly_with_exit_1(batch):
    assert batch["proc"].returncode == 1, batch["proc"].stderr
    assert batch["elapsed"] < 60, batch["elapsed"]


def test_one_line_per_file(batch, corpus):
    assert sorted(batch["results"]) == sorted(os.listdir(corpus))


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_hostile_file(batch, name):
    rec = batch["results"][name]
    want = EXPECT[name]
    if want[0] == "error":
        assert "error" in rec, rec
        err = rec["error"]
        # the message is Chinese; libxml2's own words stay in the detail
        assert want[1].lower() in (err["message"] + " " +
                                   err.get("detail", "")).lower(), rec
        assert any("\u4e00" <= c <= "\u9fff" for c in err["message"]), rec
        if len(want) > 2:
            assert want[2] in err["message"], rec
        assert "score" not in rec
        return
    assert "error" not in rec, rec
    assert rec["score"] == want[1], rec
    if want[2] is not None:
        h2 = next(i for i in rec["items"] if i["id"] == "H2")
        assert h2["findings"][0]["message"] == want[2]


def test_nothing_secret_in_results(batch):
    assert "root:" not in batch["text"]
    with open("/etc/hostname", encoding="utf-8", errors="replace") as fh:
        host = fh.read().strip()
    for rec in batch["results"].values():
        for item in rec.get("items", []):
            for f in item["findings"]:
                assert not host or host not in f["message"] or \
                    host in "正文：检查发现超过保质期的食品"


def test_no_local_file_read_and_no_connection(batch, listener):
    assert listener.hits == 0
    if batch["trace"] is None:
        pytest.skip("strace cannot trace here")
    log = batch["trace"].read_text(errors="replace")
    for secret in SECRETS:
        assert '"%s"' % secret not in log, secret
    assert "sin_port=htons(%d)" % listener.port not in log
    assert "xxe-live-url" in batch["text"]


def test_regex_bomb_is_an_item_error(batch):
    rec = batch["results"]["regex-bomb.xml"]
    h4 = next(i for i in rec["items"] if i["id"] == "H4")
    assert h4["state"] == "error"
    # the item's error speaks the locale's language (Chinese by default)
    assert "超出匹配上限" in h4["error"] or "match limit" in h4["error"]
    assert rec["complete"] is False


def test_gb18030_decoded_right(batch):
    rec = batch["results"]["good-gb18030.xml"]
    h1 = next(i for i in rec["items"] if i["id"] == "H1")
    assert h1["findings"][0]["message"] == "主体：枣庄市市中区市场监督管理局"
    assert rec["case"]["id"] == "good-gb18030"


def test_hundred_thousand_findings(batch):
    # listed up to max-findings (100 by default), the rest counted
    rec = batch["results"]["many-elements.xml"]
    h2 = next(i for i in rec["items"] if i["id"] == "H2")
    assert len(h2["findings"]) == 100
    assert h2["findings_omitted"] == 99900
    assert h2["findings"][-1]["location"] == "/case/documents/document[100]"
    assert h2["deducted"] == 10


def test_same_bytes_for_any_jobs(corpus, tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    for name in os.listdir(corpus):
        if os.path.getsize(corpus / name) < 1 << 20:
            shutil.copy(corpus / name, small / name)
    outs = []
    for jobs in ("1", "2", "8"):
        out = tmp_path / ("r%s.jsonl" % jobs)
        p = run(["batch", "-c", CHECKLIST, "-j", jobs, "-o", str(out),
                 "--quiet", str(small)])
        assert p.returncode == 1
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]


@pytest.mark.parametrize("name", ["empty.xml", "xxe-file.xml",
                                  "billion-laughs.xml", "good-gbk.xml"])
def test_score_command_agrees(corpus, batch, name):
    p = run(["score", "-c", CHECKLIST, "--format", "json",
             str(corpus / name)])
    rec = json.loads(p.stdout)
    assert rec == batch["results"][name]
    assert p.returncode == (1 if "error" in rec else 0)


def test_oversized_case_is_an_error_line(corpus, tmp_path):
    out = tmp_path / "r.jsonl"
    p = run(["batch", "-c", CHECKLIST, "--max-size", "4096", "-o", str(out),
             "--quiet", str(corpus / "good-utf8.xml"),
             str(corpus / "attr-many.xml")])
    assert p.returncode == 1
    recs = by_name(out.read_text("utf-8"))
    assert "score" in recs["good-utf8.xml"]
    assert recs["attr-many.xml"]["error"]["kind"] == "too-large"
    assert "larger than the limit" in recs["attr-many.xml"]["error"]["detail"]


# ---- archives and directories ---------------------------------------

def good_case(i):
    return gen.case(case_id="arc-%d" % i).encode()


def zip_with(path, members, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members:
            z.writestr(name, data)


def batch_lines(paths, tmp_path, *extra):
    out = tmp_path / "arc.jsonl"
    p = run(["batch", "-c", CHECKLIST, "-o", str(out), "--quiet"]
            + list(extra) + [str(x) for x in paths], timeout=60)
    lines = [json.loads(x) for x in out.read_text("utf-8").split("\n") if x] \
        if out.exists() else []
    return p, lines


def test_zip_bomb_member_is_refused(tmp_path):
    z = tmp_path / "bomb.zip"
    zip_with(z, [("a-good.xml", good_case(1)),
                 ("b-bomb.xml", b"<case>" + b"0" * (200 << 20) + b"</case>"),
                 ("c-good.xml", good_case(2))])
    assert z.stat().st_size < 2 << 20
    t0 = time.monotonic()
    p, lines = batch_lines([z], tmp_path)
    assert time.monotonic() - t0 < 30
    assert p.returncode == 1
    assert [("error" in x) for x in lines] == [False, True, False]
    assert lines[1]["error"]["kind"] == "too-large"
    assert "limit" in lines[1]["error"]["detail"]


def test_zip_total_limit(tmp_path):
    z = tmp_path / "many.zip"
    zip_with(z, [("m%03d.xml" % i, good_case(i) + b"<!--" + b" " * 100000
                  + b"-->") for i in range(40)])
    p, lines = batch_lines([z], tmp_path, "--max-archive-size", "1000000")
    assert p.returncode == 1
    scored = [x for x in lines if "score" in x]
    errors = [x for x in lines if "error" in x]
    assert scored and errors
    assert len(scored) <= 10
    assert any("archive" in x["error"].get("detail", "") for x in errors)


def test_zip_path_traversal_names_stay_inside(tmp_path):
    z = tmp_path / "trav.zip"
    zip_with(z, [("../../../../tmp/evil-%d.xml" % os.getpid(), good_case(1)),
                 ("/abs/evil.xml", good_case(2))])
    p, lines = batch_lines([z], tmp_path)
    assert len(lines) == 2
    assert all("score" in x for x in lines), lines
    assert not os.path.exists("/tmp/evil-%d.xml" % os.getpid())
    assert not os.path.exists("/abs/evil.xml")


def set_encrypted_flag(data):
    """Marks every member encrypted (general purpose flag bit 0) in the
    local headers and the central directory."""
    b = bytearray(data)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = b.find(sig)
        while i >= 0:
            b[i + off] |= 1
            i = b.find(sig, i + 4)
    return bytes(b)


def test_encrypted_member_is_an_error(tmp_path):
    z = tmp_path / "enc.zip"
    zip_with(z, [("enc.xml", good_case(1))], zipfile.ZIP_STORED)
    z.write_bytes(set_encrypted_flag(z.read_bytes()))
    (tmp_path / "plain.xml").write_bytes(good_case(9))
    p, lines = batch_lines([z, tmp_path / "plain.xml"], tmp_path)
    assert p.returncode == 1
    errs = [x for x in lines if "error" in x]
    assert len(errs) == 1 and "encrypt" in errs[0]["error"]["detail"]
    assert "加密" in errs[0]["error"]["message"]
    assert sum("score" in x for x in lines) == 1


@pytest.mark.parametrize("damage", ["truncate", "garble-cd", "garble-all",
                                    "not-zip"])
def test_corrupt_archive_is_an_error(tmp_path, damage):
    z = tmp_path / "bad.zip"
    zip_with(z, [("a.xml", good_case(1)), ("b.xml", good_case(2))])
    data = bytearray(z.read_bytes())
    cd = data.find(b"PK\x01\x02")
    if damage == "truncate":
        data = data[:len(data) // 2]
    elif damage == "garble-cd":
        for i in range(cd, len(data)):
            data[i] = (data[i] * 7 + 13) & 0xFF
    elif damage == "garble-all":
        for i in range(0, len(data), 3):
            data[i] ^= 0x5A
    else:
        data = b"PK\x03\x04" + b"\xff" * 100
    z.write_bytes(bytes(data))
    good = tmp_path / "good.xml"
    good.write_bytes(good_case(3))
    p, lines = batch_lines([z, good], tmp_path)
    assert p.returncode == 1, p.stderr
    assert any("error" in x for x in lines)
    assert any("score" in x and x["case"]["id"] == "arc-3" for x in lines)


def test_tar_gz_with_links_and_traversal(tmp_path):
    import io
    import tarfile
    t = tmp_path / "a.tar.gz"
    with tarfile.open(t, "w:gz") as tf:
        for name in ("ok.xml", "../up.xml"):
            data = good_case(len(name))
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            tf.addfile(ti, io.BytesIO(data))
        for kind, name, target in ((tarfile.SYMTYPE, "passwd.xml",
                                    "/etc/passwd"),
                                   (tarfile.LNKTYPE, "hard.xml",
                                    "/etc/passwd")):
            ti = tarfile.TarInfo(name)
            ti.type = kind
            ti.linkname = target
            tf.addfile(ti)
    p, lines = batch_lines([t], tmp_path)
    text = json.dumps(lines, ensure_ascii=False)
    assert "root:" not in text
    assert sum("score" in x for x in lines) == 2


def test_gzip_bomb_tar(tmp_path):
    import io
    import tarfile
    t = tmp_path / "bomb.tar.gz"
    data = b"<case>" + b"0" * (150 << 20) + b"</case>"
    with tarfile.open(t, "w:gz", compresslevel=1) as tf:
        ti = tarfile.TarInfo("bomb.xml")
        ti.size = len(data)
        tf.addfile(ti, io.BytesIO(data))
    p, lines = batch_lines([t], tmp_path)
    assert p.returncode == 1
    assert len(lines) == 1 and "limit" in lines[0]["error"]["detail"]
    assert lines[0]["error"]["kind"] == "too-large"


def test_symlink_loops_in_directories(tmp_path):
    d = tmp_path / "tree"
    (d / "a" / "b").mkdir(parents=True)
    (d / "a" / "b" / "case.xml").write_bytes(good_case(1))
    os.symlink("..", d / "a" / "b" / "up")
    os.symlink(str(d), d / "a" / "root")
    os.symlink("self", d / "self")
    os.symlink("/etc/passwd", d / "passwd.xml")
    t0 = time.monotonic()
    p, lines = batch_lines([d], tmp_path)
    assert time.monotonic() - t0 < 30
    text = json.dumps(lines, ensure_ascii=False)
    assert "root:" not in text
    assert sum("score" in x and x["case"]["id"] == "arc-1"
               for x in lines) >= 1
    assert p.returncode in (0, 1)
