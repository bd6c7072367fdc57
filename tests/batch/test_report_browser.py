"""The HTML report in headless Chromium: a screenshot and a print to PDF
made by the test and checked by it (not by eye): the sections, the
header (checklist, unit, date, inputs), agency names, grade colours, the
list of every case with links to its deductions, page numbers and no
on-screen hints in print, CJK glyphs from a CJK font. Skipped when no
Chromium is installed; the PDF's text is checked when poppler-utils
(pdftotext, pdffonts) is.

Run:  /usr/bin/python3 -m pytest tests/batch/test_report_browser.py
"""

import os
import re
import shutil
import subprocess
import zlib

import pytest

from conftest import REPO

RULES = REPO / "rules" / "penalty-general.xml"
CASES = REPO / "examples" / "cases"
EXPORT = REPO / "examples" / "export-2024.zip"
UNIT = "枣庄市司法局执法监督科"
# 2025-12-06 UTC: the header's date, reproducible
EPOCH = "1765000000"


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium installed")


def browse(*args, timeout=120):
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
           "--no-first-run", "--disable-extensions", *args]
    return subprocess.run(cmd, capture_output=True, timeout=timeout)


@pytest.fixture(scope="module")
def report(binary, tmp_path_factory):
    d = tmp_path_factory.mktemp("report")
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    p = subprocess.run([binary, "batch", "-c", str(RULES), "-q", "-o",
                        str(d / "r.jsonl"), "--report", str(d / "r.html"),
                        "--unit", UNIT, str(CASES), str(EXPORT)],
                       capture_output=True, timeout=300, env=env, cwd=d)
    assert p.returncode in (0, 1), p.stderr.decode()
    return d / "r.html"


def test_html_has_the_sections(report):
    html = report.read_text(encoding="utf-8")
    assert "<dt>评查单位</dt><dd>%s</dd>" % UNIT in html
    assert "<dt>评查日期</dt><dd>2025年12月6日</dd>" in html
    assert "penalty-general 版本 2026.1" in html
    assert "examples/export-2024.zip" in html
    assert "枣庄市市中区市场监督管理局" in html        # names beside codes
    rows = re.findall(r'<tr id="c-([0-9a-f]{16})"', html)
    results = (report.parent / "r.jsonl").read_text().splitlines()
    assert len(rows) == len(results) == len(set(rows))
    # every link to deductions has its target, and leads back
    for target in re.findall(r'href="#d-([0-9a-f]{16})"', html):
        assert 'id="d-%s"' % target in html
        assert target in rows
    # one colour per grade: the lowest red, the best green
    assert 'style="background:#2e7d32">优秀' in html
    assert 'style="background:#c62828">不合格' in html
    assert "Noto Sans CJK SC" in html and "Microsoft YaHei" in html
    assert "@page{size:A4" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"',
                                         "")


def png_pixels(path):
    """RGB(A) rows of a PNG (8-bit, no interlace), with only zlib."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width = int.from_bytes(body[:4], "big")
            height = int.from_bytes(body[4:8], "big")
            depth, ctype = body[8], body[9]
            assert depth == 8 and ctype in (2, 6)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def test_screenshot_is_drawn_with_grade_colours(report, tmp_path):
    shot = tmp_path / "shot.png"
    browse("--hide-scrollbars", "--window-size=1200,1400",
           "--screenshot=%s" % shot, report.as_uri())
    assert shot.exists() and shot.stat().st_size > 10000
    width, height, bpp, rows = png_pixels(shot)
    assert (width, height) == (1200, 1400)
    colours = set()
    for row in rows[::4]:
        for x in range(0, width * bpp, bpp * 4):
            colours.add(row[x:x + 3])
    assert len(colours) > 50              # not blank, not one colour
    # the grade chart's bars: 优秀 green, 不合格 red
    assert bytes.fromhex("2e7d32") in colours
    assert bytes.fromhex("c62828") in colours


def test_script_runs_and_shows_the_filter(report):
    p = browse("--dump-dom", "--virtual-time-budget=2000", report.as_uri())
    dom = p.stdout.decode("utf-8")
    assert 'id="case-filter"' in dom
    # the script unhid the filter (it stays hidden without script)
    assert re.search(r'<div class="filters" id="case-filter"\s*>', dom)
    assert 'id="case-n" class="note">' in dom


def test_print_to_pdf(report, tmp_path):
    pdf = tmp_path / "r.pdf"
    browse("--no-pdf-header-footer", "--print-to-pdf=%s" % pdf,
           report.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        assert pages > 1
        pytest.skip("poppler-utils not installed: the text is not checked")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                          text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages > 1
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"],
                          capture_output=True, text=True).stdout
    for want in ("案卷评查报告", "评查单位", UNIT, "2025年12月6日",
                 "总体情况", "等次分布", "共性问题", "各执法机关情况",
                 "全部案卷", "各案卷扣分明细", "无法评查的案卷",
                 "枣庄市市中区市场监督管理局"):
        assert want in text, want
    # page numbers from @page margin boxes, on every page
    assert "第 1 页，共 %d 页" % pages in text
    assert "第 %d 页，共 %d 页" % (pages, pages) in text
    # no on-screen hints in print
    assert "点击表头" not in text and "查找" not in text
    # "不合格" never broken one character a line
    assert not re.search(r"^\s*不\s*$", text, re.M)
    if subprocess.run(["fc-list", ":lang=zh"], capture_output=True,
                      text=True).stdout.strip() and shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True,
                               text=True).stdout
        assert re.search(r"WenQuanYi|NotoSansCJK|SourceHanSans|Noto Sans CJK",
                         fonts), fonts
