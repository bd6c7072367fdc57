"""Agencies' own exports mapped to casefile (--transform, Transform):
the shipped example (examples/mapping: a flat 案卷目录, one element per
page, Chinese element names) scores exactly as the equivalent casefile,
through every front end (score, batch, diff, test, validate, Python,
Dask), and its findings point into the export."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import BINDINGS, CLI, REPO

MAPPING = os.path.join(REPO, "examples", "mapping", "anjuan-to-casefile.xsl")
EXPORT = os.path.join(REPO, "examples", "mapping", "anjuan-mulu.xml")
CASEFILE = os.path.join(REPO, "examples", "cases",
                        "defect-one-officer-expired-cert.xml")
GENERAL = os.path.join(REPO, "rules", "penalty-general.xml")


def cli(*args, cwd=None):
    return subprocess.run([CLI] + [str(a) for a in args], capture_output=True,
                          timeout=120, cwd=cwd)


def score(path, *extra):
    proc = cli("score", "-c", GENERAL, "--format", "json", *extra, path)
    (line,) = proc.stdout.decode("utf-8").splitlines()
    return proc.returncode, json.loads(line)


def export_line(text_in_line):
    """The line of the export holding TEXT_IN_LINE (1-based)."""
    with open(EXPORT, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if text_in_line in line:
                return n
    raise AssertionError(text_in_line)


def without_places(result):
    """The result with every finding's location and line taken out."""
    r = json.loads(json.dumps(result))
    for it in r["items"]:
        for f in it["findings"]:
            del f["location"], f["line"]
    del r["case"]["source"]
    return r


def test_example_scores_as_the_equivalent_casefile():
    rc1, mapped = score(EXPORT, "--transform", MAPPING)
    rc2, plain = score(CASEFILE)
    assert rc1 == rc2 == 0
    assert mapped["score"] == plain["score"] == 94
    assert without_places(mapped) == without_places(plain)


def test_findings_point_into_the_export():
    _, r = score(EXPORT, "--transform", MAPPING)
    found = {i["id"]: i["findings"] for i in r["items"] if i["findings"]}
    assert sorted(found) == ["S3", "S4"]
    # S3: the inquiry record, written from its first page, 页[4]
    (s3,) = found["S3"]
    assert s3["location"] == "/案卷目录/页[4]"
    assert s3["line"] == export_line('文书类型="询问笔录"')
    (s4,) = found["S4"]
    assert s4["location"] == "/案卷目录/页[3]"
    assert s4["line"] == export_line('文书类型="现场检查笔录"')


def test_copied_elements_keep_their_lines(tmp_path):
    # an identity mapping copies every element: same lines, same paths
    ident = tmp_path / "identity.xsl"
    ident.write_text(
        '<xsl:stylesheet version="1.0" '
        'xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:template match="@*|node()"><xsl:copy>'
        '<xsl:apply-templates select="@*|node()"/></xsl:copy>'
        '</xsl:template></xsl:stylesheet>', encoding="utf-8")
    _, plain = score(CASEFILE)
    _, mapped = score(CASEFILE, "--transform", ident)
    assert mapped == plain


def test_batch_diff_and_test_take_the_mapping(tmp_path):
    out = tmp_path / "r.jsonl"
    p = cli("batch", "-q", "-j", "2", "-c", GENERAL, "--transform", MAPPING,
            "-o", out, EXPORT)
    assert p.returncode == 0, p.stderr
    (line,) = out.read_text(encoding="utf-8").splitlines()
    _, single = score(EXPORT, "--transform", MAPPING)
    assert json.loads(line) == single
    d = cli("diff", "-c", GENERAL, "-c", GENERAL, "--format", "json",
            "--transform", MAPPING, EXPORT)
    assert d.returncode == 0, d.stderr
    cases = json.loads(d.stdout)["cases"]
    assert (cases["count"], cases["unscorable_or_incomplete"]) == (1, 0)
    # the shipped checklist's own tests are casefiles: any mapping that
    # maps casefile to casefile keeps them passing
    ident = tmp_path / "identity.xsl"
    ident.write_text(
        '<xsl:stylesheet version="1.0" '
        'xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:template match="@*|node()"><xsl:copy>'
        '<xsl:apply-templates select="@*|node()"/></xsl:copy>'
        '</xsl:template></xsl:stylesheet>', encoding="utf-8")
    t = cli("test", "-q", "--transform", ident, GENERAL)
    assert t.returncode == 0, t.stdout + t.stderr


def test_validate_the_mapped_export():
    p = cli("validate", "--transform", MAPPING, EXPORT)
    assert p.returncode == 0, p.stdout
    assert p.stdout.decode("utf-8").endswith("符合 casefile 格式（0 个警告）\n")
    # without the mapping the export is not a casefile
    p = cli("validate", EXPORT)
    assert p.returncode == 1
    assert "根元素为 <案卷目录>，不是 casefile 案卷的 <case>" in \
        p.stdout.decode("utf-8")


def test_a_broken_mapping_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.xsl"
    bad.write_text("<xsl:stylesheet version='1.0' "
                   "xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
                   "<xsl:template match='/'><xsl:value-of select='('/>"
                   "</xsl:template></xsl:stylesheet>", encoding="utf-8")
    for cmd in (["score", "-c", GENERAL], ["batch", "-q", "-c", GENERAL],
                ["diff", "-c", GENERAL, "-c", GENERAL], ["validate"]):
        p = cli(*cmd, "--transform", bad, EXPORT)
        assert p.returncode == 2, (cmd, p.stderr)
        assert "错误[CR-2620]: 映射文件不是可用的 XSLT 1.0 样式表" in \
            p.stderr.decode("utf-8")
    p = cli("score", "-c", GENERAL, "--transform", tmp_path / "none.xsl",
            EXPORT)
    assert p.returncode == 2
    assert "映射文件无法读取：文件不存在" in p.stderr.decode("utf-8")


def test_a_mapping_in_another_folder_reads_its_own_codes(tmp_path):
    # the mapping reads codes.xml from its own folder, wherever run from
    d = tmp_path / "m"
    shutil.copytree(os.path.dirname(MAPPING), d)
    rc, r = score(EXPORT, "--transform", d / "anjuan-to-casefile.xsl")
    assert rc == 0 and r["score"] == 94
    # ...and nothing outside it, not even through a link
    (d / "codes.xml").unlink()
    os.symlink(os.path.join(os.path.dirname(MAPPING), "codes.xml"),
               d / "codes.xml")
    rc, r = score(EXPORT, "--transform", d / "anjuan-to-casefile.xsl")
    assert rc == 1 and r["error"]["kind"] == "transform"
    assert "codes.xml" in r["error"]["message"]


def test_python_binding():
    from casereview import Checklist, Transform, TransformError, validate
    with Transform.load(MAPPING) as tf:
        assert tf.path == MAPPING
        with Checklist.load(GENERAL, transform=tf) as cl:
            r = cl.score_file(EXPORT)
            assert r.score == 94
            s3 = [f for i in r.items if i.id == "S3" for f in i.findings]
            assert s3[0].location == "/案卷目录/页[4]"
            many = list(cl.score_many([EXPORT] * 6, workers=3))
            assert [m.json for m in many] == [r.json] * 6
            with open(EXPORT, "rb") as f:
                assert cl.score_bytes(f.read(), name="x.xml").score == 94
        v = validate(EXPORT, transform=tf)
        assert v.ok and not v.diagnostics
    # a path works too, loaded with the checklist and closed with it
    with Checklist.load(GENERAL, transform=MAPPING) as cl:
        assert cl.score_file(EXPORT).score == 94
        # an evaluator may take another mapping, or none
        from casereview import Evaluator
        with Evaluator(cl, transform=None) as ev:
            assert ev.score_file(EXPORT, check=False).score == 94
    with pytest.raises(TransformError) as ei:
        Transform.load(os.path.join(REPO, "tests", "hostile", "xslt",
                                    "include-passwd.xsl"))
    assert ei.value.errors[0].code == 2621
    v = validate(EXPORT)
    assert not v.ok and v.errors[0].code == 2611


def test_dask_takes_the_mapping(tmp_path):
    pytest.importorskip("distributed", reason="python3-distributed missing")
    env = dict(os.environ, PYTHONPATH=BINDINGS + os.pathsep +
               os.environ.get("PYTHONPATH", ""))
    out = tmp_path / "d.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "casereview.distributed", "--workers", "2",
         "-c", GENERAL, "--transform", MAPPING, "-o", str(out), EXPORT],
        env=env, capture_output=True, timeout=180)
    assert proc.returncode == 0, proc.stderr.decode()
    _, single = score(EXPORT, "--transform", MAPPING)
    assert json.loads(out.read_text(encoding="utf-8")) == single
    bad = subprocess.run(
        [sys.executable, "-m", "casereview.distributed", "-c", GENERAL,
         "--transform", str(tmp_path / "none.xsl"), EXPORT],
        env=env, capture_output=True, timeout=60)
    assert bad.returncode == 2
    assert "映射文件无法读取" in bad.stderr.decode("utf-8")
