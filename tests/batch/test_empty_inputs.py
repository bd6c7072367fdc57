"""Empty and odd inputs: a batch that found no case file says so in
Chinese and exits 1; the files it saw and did not score are listed with
why, in the summary ("skipped", additive to casereview-summary/1), on
stderr and in the report.

Run:  /usr/bin/python3 -m pytest tests/batch/test_empty_inputs.py
"""

import io
import json
import tarfile
import zipfile

from conftest import case_xml

NO_CASES = "没有找到案卷"


def make_pdfs(root):
    d = root / "export"
    d.mkdir()
    (d / "卷1.pdf").write_bytes(b"%PDF-1.4\n")
    (d / "scan.JPG").write_bytes(b"\xff\xd8")
    (d / "inner.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    with zipfile.ZipFile(root / "pdfs.zip", "w") as z:
        z.writestr("2024/决定书.pdf", b"%PDF")
        z.writestr("2024/说明.docx", b"PK")
        z.writestr("2024/", b"")
    buf = io.BytesIO(b"%PDF")
    with tarfile.open(root / "pdfs.tar.gz", "w:gz") as t:
        info = tarfile.TarInfo("a/卷.pdf")
        info.size = 4
        t.addfile(info, buf)


def test_only_pdfs_says_so_and_exits_1(batch, tmp_path):
    make_pdfs(tmp_path)
    p = batch.run("-o", "r.jsonl", "--summary", "s.json", "--report",
                  "r.html", "pdfs.zip", "pdfs.tar.gz", "export", check_rc=1)
    err = p.stderr.decode()
    assert NO_CASES in err
    assert "跳过 6 个不是案卷的文件" in err
    s = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert s["cases"] == 0 and s["skipped_count"] == 6
    assert [(k["source"], k["reason"].split("，")[0]) for k in s["skipped"]] \
        == [("export/inner.zip", "文件夹中的压缩包不打开：要评查其中的案卷"),
            ("export/scan.JPG", "图片"),
            ("export/卷1.pdf", "PDF 文件"),
            ("pdfs.tar.gz!a/卷.pdf", "PDF 文件"),
            ("pdfs.zip!2024/决定书.pdf", "PDF 文件"),
            ("pdfs.zip!2024/说明.docx", "Word 文档")]
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "没有找到案卷" in html
    assert "pdfs.zip!2024/决定书.pdf" in html and "跳过的文件" in html
    assert (tmp_path / "r.jsonl").read_bytes() == b""


def test_quiet_still_says_why(batch, tmp_path):
    make_pdfs(tmp_path)
    p = batch.run("-q", "-o", "r.jsonl", "export", check_rc=1)
    err = p.stderr.decode()
    assert NO_CASES in err and "export/卷1.pdf：PDF 文件" in err


def test_empty_folder(batch, tmp_path):
    (tmp_path / "none").mkdir()
    p = batch.run("-q", "-o", "r.jsonl", "none", check_rc=1)
    assert NO_CASES in p.stderr.decode()


def test_skipped_beside_cases_exit_0(batch, tmp_path):
    d = tmp_path / "mixed"
    d.mkdir()
    (d / "a.xml").write_text(case_xml("A"), encoding="utf-8")
    (d / "readme.txt").write_text("x")
    p = batch.run("-o", "r.jsonl", "--summary", "s.json", "mixed",
                  check_rc=0)
    assert NO_CASES not in p.stderr.decode()
    s = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert s["cases"] == 1
    assert s["skipped"] == [{"source": "mixed/readme.txt",
                             "reason": "文本文件，不是 XML 案卷，没有评查"}]
