"""What users actually feed in: PDFs, Word and Excel files, images,
archives, plain text, another agency's XML export, a checklist, a GBK
export without an encoding declaration. Each is named in Chinese (never a
score, never libxml2's English alone), through the command line and the
Python binding alike; a GBK export is read as GB18030 and says so.

CASEREVIEW_BIN: the CLI (default build/cli/casereview)."""
import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("CASEREVIEW_BIN", os.path.join(ROOT, "build", "cli",
                                                    "casereview"))
GENERAL = os.path.join(ROOT, "rules", "penalty-general.xml")
SIMPLIFIED = os.path.join(ROOT, "rules", "penalty-simplified.xml")
CLEAN = os.path.join(ROOT, "examples", "cases", "clean-general.xml")
CLEAN_SIMPLIFIED = os.path.join(ROOT, "examples", "cases",
                                "clean-simplified.xml")


def run(*args, **kw):
    return subprocess.run([BIN] + [str(a) for a in args],
                          capture_output=True, timeout=120, **kw)


def score_json(path, checklist=GENERAL):
    proc = run("score", "-c", checklist, "--format", "json", path)
    (line,) = proc.stdout.decode("utf-8").splitlines()
    return proc.returncode, json.loads(line)


def zip_bytes(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def ole_bytes(stream_name):
    # an OLE2 header, then a directory entry naming the stream in UTF-16LE
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 +
            stream_name.encode("utf-16-le") + b"\0" * 200)


def tar_bytes():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        data = open(CLEAN, "rb").read()
        info = tarfile.TarInfo("case.xml")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


# name -> (bytes, words the Chinese message must hold)
KINDS = {
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n",
                   "这是 PDF 文件"),
    "export.ofd": (zip_bytes([("OFD.xml", "<ofd:OFD/>"),
                              ("Doc_0/Document.xml", "<d/>")]),
                   "这是 OFD 版式文件"),
    "decision.docx": (zip_bytes([("[Content_Types].xml", "<Types/>"),
                                 ("word/document.xml", "<w:document/>")]),
                      "这是 Word 文档（.docx）"),
    "decision.doc": (ole_bytes("WordDocument"), "这是 Word 文档（.doc）"),
    "table.xlsx": (zip_bytes([("[Content_Types].xml", "<Types/>"),
                              ("xl/workbook.xml", "<workbook/>")]),
                   "这是 Excel 表格（.xlsx）"),
    "table.xls": (ole_bytes("Workbook"), "这是 Excel 表格（.xls）"),
    "scan.jpg": (b"\xff\xd8\xff\xe0\0\x10JFIF\0" + b"\0" * 64, "这是图片文件"),
    "scan.png": (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"\0" * 32, "这是图片文件"),
    "scan.tif": (b"II*\0\x08\0\0\0" + b"\0" * 32, "这是图片文件"),
    "cases.zip": (zip_bytes([("a.xml", open(CLEAN, "rb").read())]),
                  "这是 ZIP 压缩包，不是 casefile XML 案卷；压缩包中的案卷请用 "
                  "casereview batch 评查"),
    "cases.tar": (tar_bytes(), "这是 tar 归档文件"),
    "cases.tar.gz": (gzip.compress(tar_bytes()), "这是 gzip 压缩文件"),
    "cases.7z": (b"7z\xbc\xaf\x27\x1c\0\x04" + b"\0" * 32, "这是压缩文件"),
    "cases.rar": (b"Rar!\x1a\x07\x01\0" + b"\0" * 32, "这是压缩文件"),
    "letter.rtf": (b"{\\rtf1\\ansi\\deff0 {\\fonttbl}}", "这是 RTF 文档"),
    "page.html": (b"<!DOCTYPE html>\n<html><head><meta charset=utf-8>"
                  b"<title>x</title></head><body><p>a<br>b</body></html>",
                  "这是 HTML 网页"),
    "case.json": ('{"案卷": {"编号": "1"}}'.encode("utf-8"), "这是 JSON 文件"),
    "list.csv": ("编号,当事人\n1,某公司\n".encode("utf-8"), "这是纯文本文件"),
    "notes.txt": ("行政处罚决定书\n当事人：某公司\n".encode("gbk"),
                  "这是纯文本文件"),
    "blob.bin": (bytes(range(256)) * 4, "这是无法识别的二进制文件"),
}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_file_kind_is_named(tmp_path, name):
    data, words = KINDS[name]
    p = tmp_path / name
    p.write_bytes(data)
    rc, res = score_json(p)
    assert rc == 1
    assert "score" not in res
    assert words in res["error"]["message"], res
    assert res["error"]["kind"] == "not-xml"
    assert res["error"]["line"] == 0
    # libxml2's own words are kept as the detail
    assert res["error"]["detail"]


def test_text_report_names_the_kind(tmp_path):
    p = tmp_path / "report.pdf"
    p.write_bytes(KINDS["report.pdf"][0])
    out = run("score", "-c", GENERAL, "--format", "text", p)
    assert out.returncode == 1
    text = out.stdout.decode("utf-8")
    assert text.startswith("案卷 %s 无法评查：这是 PDF 文件，不是 casefile "
                           "XML 案卷　详情：" % p)
    assert len(text.splitlines()) == 1


def gbk_without_declaration(tmp_path, declaration=""):
    text = open(CLEAN, encoding="utf-8").read()
    body = text.split("?>", 1)[1]
    p = tmp_path / "gbk.xml"
    p.write_bytes((declaration + body).encode("gb18030"))
    return p


def test_gbk_export_without_declaration_is_read_as_gb18030(tmp_path):
    p = gbk_without_declaration(tmp_path)
    rc, res = score_json(p)
    rc2, ref = score_json(CLEAN)
    assert rc == rc2 == 0
    assert res["case"]["encoding_guess"] == "GB18030"
    assert "encoding_guess" not in ref["case"]
    # the same case, the same result
    res["case"] = ref["case"]
    assert res == ref
    text = run("score", "-c", GENERAL, "--format", "text", p).stdout
    assert "编码：文件未声明编码且不是 UTF-8，已按 GB18030 读取" in \
        text.decode("utf-8")


def test_gbk_with_a_declaration_without_encoding(tmp_path):
    p = gbk_without_declaration(tmp_path, '<?xml version="1.0"?>')
    rc, res = score_json(p)
    assert rc == 0 and res["case"]["encoding_guess"] == "GB18030"


def test_gbk_declared_utf8_is_explained_not_guessed(tmp_path):
    p = gbk_without_declaration(
        tmp_path, '<?xml version="1.0" encoding="UTF-8"?>')
    rc, res = score_json(p)
    assert rc == 1
    assert res["error"]["kind"] == "encoding"
    assert res["error"]["message"].startswith(
        "文件声明为 UTF-8 编码，但内容不是 UTF-8，看起来是 GBK/GB18030 编码")
    assert "not proper UTF-8" in res["error"]["detail"]
    assert res["error"]["line"] > 1


def test_bytes_neither_utf8_nor_gb18030(tmp_path):
    p = tmp_path / "latin.xml"
    p.write_bytes(b'<case format="casefile/1" id="\xff\xfe"/>')
    rc, res = score_json(p)
    assert rc == 1 and res["error"]["kind"] == "encoding"
    assert "也不是 GB18030" in res["error"]["message"]


def test_other_agency_export_is_refused(tmp_path):
    p = tmp_path / "anjuan.xml"
    p.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<anjuan bh="370402-SJJ-2024-000031">\n'
                 '  <ye lx="立案审批表"/>\n</anjuan>\n', encoding="utf-8")
    rc, res = score_json(p)
    assert rc == 1 and "score" not in res
    assert res["error"]["kind"] == "not-accepted"
    assert res["error"]["line"] == 2
    assert res["error"]["message"] == (
        "不是评查标准“行政处罚案卷评查标准（一般程序）”适用的案卷：根元素为 "
        "<anjuan>，没有 format 属性。本标准评查 casefile/1 或 casefile/1.1 "
        "格式、一般程序（general）的行政处罚案卷。")


def test_checklist_scored_by_mistake_is_refused():
    rc, res = score_json(GENERAL)
    assert rc == 1
    assert "这是评查标准文件，不是案卷" in res["error"]["message"]
    assert res["case"]["id"] == "penalty-general"


def test_each_shipped_checklist_refuses_the_other_procedure():
    rc, res = score_json(CLEAN_SIMPLIFIED, GENERAL)
    assert rc == 1 and "程序为“simplified”" in res["error"]["message"]
    rc, res = score_json(CLEAN, SIMPLIFIED)
    assert rc == 1 and "程序为“general”" in res["error"]["message"]
    assert "简易程序（simplified）" in res["error"]["message"]
    assert score_json(CLEAN, GENERAL)[0] == 0
    assert score_json(CLEAN_SIMPLIFIED, SIMPLIFIED)[0] == 0


def test_batch_counts_refused_and_foreign_files_unscorable(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.xml").write_bytes(open(CLEAN, "rb").read())
    (d / "b.xml").write_text("<anjuan/>", encoding="utf-8")
    (d / "c.xml").write_bytes(KINDS["report.pdf"][0])
    summary = tmp_path / "s.json"
    proc = run("batch", "-q", "-c", GENERAL, "--summary", summary, d)
    assert proc.returncode == 1
    kinds = [json.loads(x).get("error", {}).get("kind")
             for x in proc.stdout.decode("utf-8").splitlines()]
    assert kinds == [None, "not-accepted", "not-xml"]
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert (s["cases"], s["scored"], s["unscorable"]) == (3, 1, 2)


def test_python_binding_sees_the_same(tmp_path):
    sys.path.insert(0, os.path.join(ROOT, "bindings", "python"))
    from casereview import CaseError, Checklist
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(KINDS["report.pdf"][0])
    gbk = gbk_without_declaration(tmp_path)
    with Checklist.load(GENERAL) as cl:
        with pytest.raises(CaseError) as ei:
            cl.score_file(str(pdf))
        assert ei.value.kind == "not-xml"
        assert ei.value.message.startswith("这是 PDF 文件")
        r = cl.score_bytes(gbk.read_bytes(), name="gbk.xml")
        assert r.encoding_guess == "GB18030" and r.score == 100
        with pytest.raises(CaseError) as ei:
            cl.score_bytes(b"<anjuan/>", name="a.xml")
        assert ei.value.kind == "not-accepted"
