"""Hostile mappings (--transform): each attack of tests/hostile/xslt/ must
fail cleanly, as an error result (kind "transform", a Chinese message),
or as a mapping that does not load (exit 2), quickly, reading no file
outside the mapping's folder, writing none, opening no connection.

CASEREVIEW_BIN: the CLI (default build/cli/casereview)."""
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("CASEREVIEW_BIN", os.path.join(ROOT, "build", "cli",
                                                    "casereview"))
CHECKLIST = os.path.join(HERE, "checklist.xml")
ATTACKS = os.path.join(HERE, "xslt")
sys.path.insert(0, HERE)
from test_hostile import Listener  # noqa: E402

# name -> ("result", words of the message) | ("load", words of the diag)
EXPECT = {
    "read-passwd.xsl": ("result", "试图读取映射文件所在文件夹以外的文件或网络资源（/etc/passwd）"),
    "read-passwd-url.xsl": ("result", "以外的文件或网络资源（/etc/passwd）"),
    "read-dotdot.xsl": ("result", "以外的文件或网络资源（/etc/passwd）"),
    "read-from-case.xsl": ("result", "以外的文件或网络资源（/etc/passwd）"),
    "read-network.xsl": ("result", "以外的文件或网络资源（http://127.0.0.1:"),
    "write-file.xsl": ("result", "试图写入文件或目录"),
    "write-saxon.xsl": ("result", "试图写入文件或目录"),
    "recurse-forever.xsl": ("result", "模板递归超过上限（1000 层）"),
    "apply-forever.xsl": ("result", "模板递归超过上限（1000 层）"),
    "deep-output.xsl": ("result", "模板递归超过上限"),
    "exponential.xsl": ("result", "运算量超过上限"),
    "huge-output.xsl": ("result", "占用的内存超过上限"),
    "huge-string.xsl": ("result", "占用的内存超过上限"),
    "message-terminate.xsl": ("result", "中止了转换：不是本系统导出的案卷"),
    "text-output.xsl": ("result", "映射没有输出 XML 元素"),
    "broken-xpath.xsl": ("result", "转换案卷时出错"),
    "include-passwd.xsl": ("load", "[CR-2621]: 映射引用了它所在文件夹以外的文件"),
    "entity-bomb.xsl": ("load", "[CR-2620]: 映射文件不是可用的 XSLT 1.0 样式表"),
    "not-a-stylesheet.xsl": ("load", "[CR-2620]: 映射文件不是可用的 XSLT 1.0 样式表"),
    # an external entity in the mapping's DTD is never read: the
    # reference expands to nothing and the mapped case is scored
    "entity-passwd.xsl": ("scored", None),
}
SECRET = b"root:"          # the first words of /etc/passwd


def test_every_attack_file_has_an_expectation():
    assert sorted(EXPECT) == sorted(os.listdir(ATTACKS))


@pytest.fixture(scope="module")
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    d = tmp_path_factory.mktemp("xslt-case")
    p = d / "in.xml"
    p.write_text('<case format="casefile/1" id="in" href="/etc/passwd">'
                 '<procedure>general</procedure></case>', encoding="utf-8")
    return p


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_attack_fails_cleanly(name, case, listener, tmp_path):
    kind, words = EXPECT[name]
    outfile = tmp_path / "pwned.txt"
    with open(os.path.join(ATTACKS, name), encoding="utf-8") as f:
        text = f.read().replace("OUTFILE", str(outfile)).replace(
            "PORT", str(listener.port))
    mapping = tmp_path / name
    mapping.write_text(text, encoding="utf-8")
    hits = listener.hits
    start = time.monotonic()
    p = subprocess.run([BIN, "score", "-c", CHECKLIST, "--format", "json",
                        "--transform", str(mapping), str(case)],
                       capture_output=True, timeout=120)
    elapsed = time.monotonic() - start
    assert elapsed < 30, elapsed
    assert SECRET not in p.stdout + p.stderr
    assert not outfile.exists()
    assert listener.hits == hits
    if kind == "load":
        assert p.returncode == 2 and p.stdout == b""
        assert words in p.stderr.decode("utf-8"), p.stderr
        return
    (line,) = p.stdout.decode("utf-8").splitlines()
    res = json.loads(line)
    if kind == "scored":
        assert p.returncode == 0 and res["case"]["id"] == "x", res
        return
    assert p.returncode == 1, p.stderr
    assert "score" not in res
    assert res["error"]["kind"] == "transform", res
    assert words in res["error"]["message"], res


def test_a_link_out_of_the_folder_is_refused(case, tmp_path):
    d = tmp_path / "m"
    d.mkdir()
    os.symlink("/etc/passwd", d / "codes.xml")
    (d / "map.xsl").write_text(
        '<xsl:stylesheet version="1.0" '
        'xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:template match="/"><case format="casefile/1" '
        'id="{document(\'codes.xml\')}"/></xsl:template></xsl:stylesheet>',
        encoding="utf-8")
    p = subprocess.run([BIN, "score", "-c", CHECKLIST, "--format", "json",
                        "--transform", str(d / "map.xsl"), str(case)],
                       capture_output=True, timeout=60)
    assert p.returncode == 1 and SECRET not in p.stdout
    assert json.loads(p.stdout)["error"]["kind"] == "transform"


def test_imports_and_documents_inside_the_folder_are_read(case, tmp_path):
    d = tmp_path / "m"
    (d / "lib").mkdir(parents=True)
    (d / "lib" / "ids.xml").write_text('<ids><id>from-the-folder</id></ids>',
                                       encoding="utf-8")
    (d / "lib" / "common.xsl").write_text(
        '<xsl:stylesheet version="1.0" '
        'xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:template name="the-id">'
        '<xsl:value-of select="document(\'ids.xml\')/ids/id"/>'
        '</xsl:template></xsl:stylesheet>', encoding="utf-8")
    (d / "map.xsl").write_text(
        '<xsl:stylesheet version="1.0" '
        'xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:import href="lib/common.xsl"/>'
        '<xsl:template match="/"><case format="casefile/1">'
        '<xsl:attribute name="id"><xsl:call-template name="the-id"/>'
        '</xsl:attribute><procedure>general</procedure></case>'
        '</xsl:template></xsl:stylesheet>', encoding="utf-8")
    p = subprocess.run([BIN, "score", "-c", CHECKLIST, "--format", "json",
                        "--transform", str(d / "map.xsl"), str(case)],
                       capture_output=True, timeout=60)
    res = json.loads(p.stdout)
    assert res["case"]["id"] == "from-the-folder", res


def test_batch_survives_every_attack_in_parallel(case, listener, tmp_path):
    """The bounds are per run and per thread: two workers, a hostile
    mapping on every case, nothing leaks across cases."""
    mapping = tmp_path / "m.xsl"
    shutil.copy(os.path.join(ATTACKS, "huge-string.xsl"), mapping)
    cases = tmp_path / "cases"
    cases.mkdir()
    for i in range(4):
        shutil.copy(case, cases / ("c%d.xml" % i))
    p = subprocess.run([BIN, "batch", "-q", "-j", "2", "-c", CHECKLIST,
                        "--transform", str(mapping), str(cases)],
                       capture_output=True, timeout=300)
    assert p.returncode == 1
    lines = [json.loads(x) for x in p.stdout.decode("utf-8").splitlines()]
    assert len(lines) == 4
    assert all("占用的内存超过上限" in x["error"]["message"] for x in lines)
