"""`casereview batch` with bounded memory: archives stored in sorted order
keep no member names, zips are read with the streaming reader when it
sees what the seekable one sees, medians come from counted scores.
These tests check that the results do not depend on those choices.
Run: /usr/bin/python3 -m pytest tests/batch"""
import json
import os
import statistics
import subprocess
import zipfile

import pytest

from conftest import Unseekable, case_xml


def lines(p):
    return [json.loads(l) for l in p.stdout.decode("utf-8").splitlines()]


def sources(p):
    return [r["case"]["source"] for r in lines(p)]


def scores(p):
    return {r["case"]["source"]: r.get("score") for r in lines(p)}


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


MEMBERS = {"cases/%02d.xml" % i: case_xml("C%02d" % i, officers=i % 3)
           for i in range(12)}


def build_zip(path, members=MEMBERS, order=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order or sorted(members):
            z.writestr(name, members[name])


def skip_without_archives(p):
    if b"archive support not built in" in p.stdout:
        pytest.skip("built without libarchive")


def test_sorted_archive_same_as_unsorted(batch, tmp_path):
    build_zip(tmp_path / "s.zip")
    build_zip(tmp_path / "r.zip", order=sorted(MEMBERS, reverse=True))
    ps = batch.run("-q", "s.zip", check_rc=0)
    skip_without_archives(ps)
    pr = batch.run("-q", "r.zip", check_rc=0)
    assert sources(ps) == ["s.zip!" + m for m in sorted(MEMBERS)]
    assert ps.stdout.replace(b"s.zip!", b"r.zip!") == pr.stdout
    assert [r["score"] for r in lines(ps)] == [100 if i % 3 == 2 else 70
                                               for i in range(12)]


def test_sorted_archive_interleaved_with_same_prefix(batch, tmp_path):
    """A directory named like the archive's member prefix: its cases sort
    among the members, and a duplicate source is scored once, the first
    found (here the member, the archive being given first)."""
    build_zip(tmp_path / "b.zip")
    write(tmp_path / "b.zip!cases" / "05.xml", case_xml("DUP", officers=0))
    write(tmp_path / "b.zip!cases" / "05b.xml", case_xml("MID"))
    p = batch.run("-q", "b.zip", "b.zip!cases", check_rc=0)
    skip_without_archives(p)
    srcs = sources(p)
    assert srcs == sorted(srcs)
    assert len(srcs) == 13
    assert srcs.index("b.zip!cases/05b.xml") == \
        srcs.index("b.zip!cases/05.xml") + 1
    res = {r["case"]["source"]: r for r in lines(p)}
    assert res["b.zip!cases/05.xml"]["case"]["id"] == "C05"
    # The other way round the file wins.
    p = batch.run("-q", "b.zip!cases", "b.zip", check_rc=0)
    res = {r["case"]["source"]: r for r in lines(p)}
    assert res["b.zip!cases/05.xml"]["case"]["id"] == "DUP"
    assert len(res) == 13


def test_same_sorted_archive_twice(batch, tmp_path):
    build_zip(tmp_path / "s.zip")
    p = batch.run("-q", "s.zip", "s.zip", "-j", "2", check_rc=0)
    skip_without_archives(p)
    assert sources(p) == ["s.zip!" + m for m in sorted(MEMBERS)]


def test_two_sorted_archives_and_files_merge(batch, tmp_path):
    build_zip(tmp_path / "a.zip")
    build_zip(tmp_path / "c.zip")
    write(tmp_path / "b.xml", case_xml("B"))
    write(tmp_path / "d" / "x.xml", case_xml("X"))
    p = batch.run("-q", "d", "c.zip", "b.xml", "a.zip", check_rc=0)
    skip_without_archives(p)
    assert sources(p) == (["a.zip!" + m for m in sorted(MEMBERS)] + ["b.xml"]
                          + ["c.zip!" + m for m in sorted(MEMBERS)]
                          + ["d/x.xml"])


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED,
                                         zipfile.ZIP_DEFLATED])
def test_zip_with_data_descriptors(batch, tmp_path, compression):
    with open(tmp_path / "dd.zip", "wb") as raw:
        with zipfile.ZipFile(Unseekable(raw), "w", compression) as z:
            for name in sorted(MEMBERS):
                with z.open(name, "w") as w:
                    w.write(MEMBERS[name].encode("utf-8"))
    build_zip(tmp_path / "plain.zip")
    p = batch.run("-q", "dd.zip", check_rc=0)
    skip_without_archives(p)
    plain = batch.run("-q", "plain.zip", check_rc=0)
    assert p.stdout.replace(b"dd.zip!", b"plain.zip!") == plain.stdout


def test_zip_symlink_and_dos_directory_members_skipped(batch, tmp_path):
    """The central directory's file types (which the streaming reader
    cannot see) are honoured: a symlink named *.xml and a member marked
    as a directory by its DOS attribute are not cases."""
    with zipfile.ZipFile(tmp_path / "t.zip", "w") as z:
        z.writestr("a.xml", case_xml("A"))
        link = zipfile.ZipInfo("b.xml")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        z.writestr(link, "a.xml")
        d = zipfile.ZipInfo("c.xml")
        d.create_system = 0
        d.external_attr = 0x10
        z.writestr(d, "")
        z.writestr("d.xml", case_xml("D"))
    p = batch.run("-q", "t.zip", check_rc=0)
    skip_without_archives(p)
    assert sources(p) == ["t.zip!a.xml", "t.zip!d.xml"]


def test_median_exact_over_many_cases(batch, tmp_path):
    """More scores than the summary buffers before merging them into
    counted values: medians (overall, per group, odd and even counts)
    are those of the full list."""
    members = {}
    for i in range(4601):
        # scores 100, 70 (one officer), 85 (no date), 55 (both)
        members["m/%05d.xml" % i] = case_xml(
            "M%05d" % i, agency="AG%d" % (i % 4), officers=2 - (i % 7 == 0),
            date="" if i % 5 < 2 else "2024-01-01")
    build_zip(tmp_path / "many.zip", members)
    p = batch.run("-q", "-j", "2", "--summary", "s.json", "many.zip",
                  check_rc=0)
    skip_without_archives(p)
    res = lines(p)
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    all_scores = [r["score"] for r in res]
    assert summary["median"] == statistics.median(all_scores)
    assert summary["mean"] == round(sum(all_scores) / len(all_scores), 2)
    assert len(all_scores) % 2 == 1
    assert [g["cases"] % 2 for g in summary["groups"]] == [1, 0, 0, 0]
    for g in summary["groups"]:
        k = int(g["group"][2:])
        got = [r["score"] for r in res if int(r["case"]["id"][1:]) % 4 == k]
        assert g["median"] == statistics.median(got), g["group"]


def heap_peak_shim(binary):
    """tests/batch/heap-peak.c built as heap-peak.so: from meson test
    (CR_HEAP_PEAK), or the build directory of the binary under test."""
    path = os.environ.get("CR_HEAP_PEAK")
    if not path:
        path = os.path.join(os.path.dirname(os.path.dirname(binary)),
                            "tests", "heap-peak.so")
    if not os.path.exists(path):
        pytest.skip("heap-peak.so not built (meson builds it in tests/)")
    with open(binary, "rb") as f:
        if b"__asan_init" in f.read():
            pytest.skip("sanitizer build: its allocator is not glibc's")
    return path


def heap_peak(shim, cmd, cwd):
    """The most bytes CMD held in malloc'd blocks at once. Not peak RSS:
    that counts what glibc keeps of freed memory (batch keeps 4 MB in
    reserve), which moves with the timing of the threads, hence with the
    machine's load (a rise of 2.9 MB at load 6 failed a 1.2 MB bound)."""
    out = os.path.join(cwd, "heap-peak.txt")
    env = dict(os.environ, LD_PRELOAD=shim, HEAP_PEAK_FILE=out)
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=600)
    with open(out) as f:
        return p.returncode, int(f.read())


def many_cases_zip(path, n, order=sorted):
    with zipfile.ZipFile(path, "w") as z:
        for i in order(range(n)):
            z.writestr("c/%06d.xml" % i, case_xml("C%06d" % i,
                                                 officers=i % 3))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_memory_flat_for_sorted_zip(batch, tmp_path, jobs):
    """Ten times the cases in a zip stored in sorted order costs no more
    memory: no names, no central directory index, no score list (from
    10 000 to 100 000 cases, with every output asked for)."""
    shim = heap_peak_shim(batch.binary)
    build_zip(tmp_path / "probe.zip")
    skip_without_archives(batch.run("-q", "probe.zip"))
    small, large = 10000, 100000
    peak = {}
    for n in (small, large):
        many_cases_zip(tmp_path / ("z%d.zip" % n), n)
        cmd = [batch.binary, "batch", "-q", "-j", jobs, "-c",
               batch.checklist, "-o", os.devnull, "--summary", "s.json",
               "--csv", os.devnull, "--report", "r.html",
               "z%d.zip" % n]
        rc, peak[n] = heap_peak(shim, cmd, tmp_path)
        assert rc == 0
        os.remove(tmp_path / ("z%d.zip" % n))
    # What stays per case shows here: names and scores (90 bytes a
    # case) would add 8 MB for 90 000 cases more, the central directory
    # index (200 bytes) 18 MB. What else the peak holds is bounded but
    # moves with the threads' timing: the reorder window (16 x jobs + 64
    # records of 2 KB here) full in one run and empty in the other.
    assert peak[large] - peak[small] < 1 << 20, peak


def test_memory_per_case_of_a_zip_in_another_order(batch, tmp_path):
    """A zip stored in another order keeps its names and where each
    member is (about 100 bytes a case), nothing more: no spilled
    results waiting, no index of the central directory."""
    shim = heap_peak_shim(batch.binary)
    build_zip(tmp_path / "probe.zip")
    skip_without_archives(batch.run("-q", "probe.zip"))
    peak = {}
    for n in (3000, 30000):
        many_cases_zip(tmp_path / ("r%d.zip" % n), n,
                       order=lambda r: sorted(r, reverse=True))
        rc, peak[n] = heap_peak(shim, [batch.binary, "batch", "-q", "-j",
                                       "2", "-c", batch.checklist, "-o",
                                       os.devnull, "r%d.zip" % n], tmp_path)
        assert rc == 0
    per_case = (peak[30000] - peak[3000]) / 27000
    assert per_case < 160, per_case
