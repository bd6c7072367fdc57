"""`casereview batch` loses no case of an archive silently: hard links in
tars are the cases they name, an archive that is none (zeros, a cut
file, another format) is an error line and exit 1, and zips read
through their central directory give what libarchive gives.
Run: /usr/bin/python3 -m pytest tests/batch"""
import io
import json
import os
import shutil
import subprocess
import tarfile
import zipfile

import pytest

from conftest import Unseekable, case_xml


def lines(p):
    return [json.loads(l) for l in p.stdout.decode("utf-8").splitlines()]


def skip_without_archives(p):
    if b"archive support not built in" in p.stdout:
        pytest.skip("built without libarchive")


def three_cases(d):
    d.mkdir()
    for name, officers in (("a.xml", 2), ("c.xml", 1)):
        (d / name).write_text(case_xml(name[0].upper(), officers=officers),
                              encoding="utf-8")
    os.link(d / "a.xml", d / "b.xml")


@pytest.mark.parametrize("fmt", ["gnu", "pax"])
def test_hard_linked_cases_in_a_tar_are_scored(batch, tmp_path, fmt):
    """GNU tar and bsdtar store a file's second name as a hard link
    without data: it is a case all the same, with the first's bytes."""
    if not shutil.which("tar"):
        pytest.skip("needs tar")
    three_cases(tmp_path / "d")
    subprocess.run(["tar", "--format", fmt, "-cf", "../h.tar", "a.xml",
                    "b.xml", "c.xml"], cwd=tmp_path / "d", check=True)
    with tarfile.open(tmp_path / "h.tar") as t:
        assert t.getmember("b.xml").islnk()
    p = batch.run("-q", "h.tar")
    skip_without_archives(p)
    assert p.returncode == 0, p.stderr
    res = lines(p)
    assert [(r["case"]["source"], r["case"]["id"], r["score"])
            for r in res] == [("h.tar!a.xml", "A", 100),
                              ("h.tar!b.xml", "A", 100),
                              ("h.tar!c.xml", "C", 70)]


def test_hard_link_in_a_tar_gz_and_links_out_of_order(batch, tmp_path):
    """Links to members far behind them, in another order: each gets its
    target's bytes (a second reader goes back for them)."""
    with tarfile.open(tmp_path / "l.tgz", "w:gz") as t:
        for i in range(6):
            data = case_xml("T%d" % i, officers=i % 3).encode()
            ti = tarfile.TarInfo("t/%d.xml" % i)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
        for i in (4, 1, 5, 0):
            ti = tarfile.TarInfo("u/%d.xml" % i)
            ti.type = tarfile.LNKTYPE
            ti.linkname = "t/%d.xml" % i
            t.addfile(ti)
    p = batch.run("-q", "-j", "2", "l.tgz")
    skip_without_archives(p)
    assert p.returncode == 0, p.stderr
    got = {r["case"]["source"]: r["case"]["id"] for r in lines(p)}
    assert got == dict([("l.tgz!t/%d.xml" % i, "T%d" % i) for i in range(6)]
                       + [("l.tgz!u/%d.xml" % i, "T%d" % i)
                          for i in (4, 1, 5, 0)])


def test_hard_link_to_nothing_is_an_error_line(batch, tmp_path):
    with tarfile.open(tmp_path / "x.tar", "w") as t:
        ti = tarfile.TarInfo("lost.xml")
        ti.type = tarfile.LNKTYPE
        ti.linkname = "elsewhere.xml"
        t.addfile(ti)
    p = batch.run("-q", "x.tar")
    skip_without_archives(p)
    assert p.returncode == 1
    (r,) = lines(p)
    assert r["case"]["source"] == "x.tar!lost.xml"
    assert r["error"] == {
        "message": "压缩包中的这个硬链接所指的文件不在它之前，无法读取",
        "line": 0, "kind": "unreadable",
        "detail": "hard link to no file before it in the archive"}


NOT_ARCHIVES = {
    "zeros.zip": b"\0" * 4096,
    "zeros.tar": b"\0" * 10240,
    "zeros.tar.gz": b"\0" * 4096,
    "zeros.tgz": b"\0" * 512,
    "cut.zip": None,
    "text.zip": b"not an archive at all\n" * 40,
    "text.tar": b"not an archive at all\n" * 40,
    "empty.zip": b"PK\x05\x06" + b"\0" * 18,
}


@pytest.mark.parametrize("name", sorted(NOT_ARCHIVES))
def test_an_archive_that_is_none_is_an_error(batch, tmp_path, name):
    """All zeros read as an empty tar by a reader that tries every
    format: it was 0 cases and exit 0. Each suffix now opens its own
    format, and no entry at all is an error line."""
    data = NOT_ARCHIVES[name]
    if data is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for i in range(20):
                z.writestr("m/%02d.xml" % i, case_xml("M%02d" % i) * 3)
        data = buf.getvalue()[:200]
    (tmp_path / name).write_bytes(data)
    (tmp_path / "ok.xml").write_text(case_xml("OK"), encoding="utf-8")
    p = batch.run("-q", name, "ok.xml")
    skip_without_archives(p)
    assert p.returncode == 1, p.stderr
    res = lines(p)
    errors = [r for r in res if "error" in r]
    assert errors and errors[0]["case"]["source"].startswith(name)
    assert errors[0]["error"]["message"]
    assert [r["case"]["id"] for r in res if "score" in r] == ["OK"]


def test_a_tar_named_zip_is_not_read_as_a_tar(batch, tmp_path):
    with tarfile.open(tmp_path / "t.zip", "w") as t:
        data = case_xml("T").encode()
        ti = tarfile.TarInfo("t.xml")
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
    p = batch.run("-q", "t.zip")
    skip_without_archives(p)
    assert p.returncode == 1
    (r,) = lines(p)
    assert r["case"]["source"] == "t.zip" and "error" in r


# ---- zips read through their central directory --------------------------

def damaged_zip(path, compression, flip):
    with zipfile.ZipFile(path, "w", compression) as z:
        for n in ("a.xml", "b.xml", "c.xml"):
            z.writestr(n, case_xml(n[0].upper()) + "<!--%s-->" % ("x" * 400))
    raw = bytearray(path.read_bytes())
    at = raw.find(b"b.xml") + 5 + 60       # inside b.xml's data
    raw[at] ^= flip
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("compression,message", [
    (zipfile.ZIP_STORED, "ZIP bad CRC"),
    (zipfile.ZIP_DEFLATED, "ZIP")])
def test_a_damaged_member_fails_alone(batch, tmp_path, compression, message):
    """Workers read members where the central directory says: the members
    after a damaged one are still scored (libarchive's stream stopped at
    the damage and gave the rest an error each)."""
    damaged_zip(tmp_path / "d.zip", compression, 0x55)
    p = batch.run("-q", "d.zip")
    skip_without_archives(p)
    assert p.returncode == 1
    res = lines(p)
    assert [r["case"]["source"] for r in res] == ["d.zip!a.xml",
                                                 "d.zip!b.xml", "d.zip!c.xml"]
    assert "score" in res[0] and "score" in res[2]
    assert res[1]["error"]["message"] == "压缩包中的这个文件已损坏，无法读取"
    assert res[1]["error"]["kind"] == "unreadable"
    assert res[1]["error"]["detail"].startswith(message)


def test_zip_orders_and_limits_agree(batch, tmp_path):
    """The same members in sorted, reverse and shuffled order, stored
    and deflated, with data descriptors or not, give the same lines;
    the archive limit cuts at the same member whatever the order."""
    names = ["n/%03d.xml" % i for i in range(120)]
    body = {n: case_xml("N" + n[2:5], officers=int(n[2:5]) % 3)
            for n in names}
    orders = {"s.zip": sorted(names), "r.zip": sorted(names, reverse=True),
              "x.zip": names[1::2] + names[0::2]}
    for zname, order in orders.items():
        with zipfile.ZipFile(tmp_path / zname, "w", zipfile.ZIP_DEFLATED) as z:
            for i, n in enumerate(order):
                z.writestr(zipfile.ZipInfo(n), body[n],
                           zipfile.ZIP_STORED if i % 5 == 0 else None)
    outs = {}
    for zname in orders:
        for j in ("1", "2"):
            p = batch.run("-q", "-j", j, zname)
            skip_without_archives(p)
            assert p.returncode == 0, p.stderr
            outs[zname, j] = p.stdout.replace(zname.encode(), b"A")
    assert len(set(outs.values())) == 1
    # past the limit: the member that crosses it in archive order and
    # every one after it
    limit = sum(len(b.encode()) for b in body.values()) // 2
    for zname, order in orders.items():
        total, over = 0, set()
        for n in order:
            total += len(body[n].encode())
            if total > limit:
                over.add(zname + "!" + n)
        p = batch.run("-q", "--max-archive-size", str(limit), zname)
        assert {r["case"]["source"] for r in lines(p) if "error" in r} \
            == over


@pytest.mark.parametrize("kind", ["self-extracting", "bzip2", "dd-stored"])
def test_zips_libarchive_reads_give_the_same_lines(batch, tmp_path, kind):
    """A zip batch does not read itself (offsets shifted by a prefix,
    bzip2 members) goes through libarchive, with the same lines."""
    names = ["m/%02d.xml" % i for i in range(30)]
    body = {n: case_xml("M" + n[2:4], officers=int(n[2:4]) % 3)
            for n in names}
    with zipfile.ZipFile(tmp_path / "plain.zip", "w",
                         zipfile.ZIP_DEFLATED) as z:
        for n in names[::-1]:
            z.writestr(n, body[n])
    if kind == "bzip2":
        with zipfile.ZipFile(tmp_path / "x.zip", "w",
                             zipfile.ZIP_BZIP2) as z:
            for n in names[::-1]:
                z.writestr(n, body[n])
    elif kind == "self-extracting":
        (tmp_path / "x.zip").write_bytes(b"#!/bin/sh\nexit 0\n" * 20 +
                                         (tmp_path / "plain.zip")
                                         .read_bytes())
    else:
        with open(tmp_path / "x.zip", "wb") as raw:
            with zipfile.ZipFile(Unseekable(raw), "w",
                                 zipfile.ZIP_STORED) as z:
                for n in names[::-1]:
                    with z.open(n, "w") as w:
                        w.write(body[n].encode())
    want = batch.run("-q", "plain.zip")
    skip_without_archives(want)
    got = batch.run("-q", "-j", "2", "x.zip")
    assert got.returncode == want.returncode == 0, got.stdout[:300]
    assert got.stdout.replace(b"x.zip!", b"plain.zip!") == want.stdout
