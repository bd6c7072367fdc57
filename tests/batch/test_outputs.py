"""`casereview batch` outputs: CSV, summary JSON, HTML report (and its
rendering in headless Chromium when installed)."""
import csv
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile

import pytest

from conftest import REPO, case_xml


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def constructed_set(root):
    """Ten cases with known scores (see case_xml):
    AG1: 100, 100, 70 (A1), 85 (A2), 55 (A1+A2)
    AG2: 70 (A1), 70 (A1), 100
    "":  90 vetoed (B1)  -> grade fail by veto
    plus one broken file (unscorable, group "")."""
    specs = [("AG1-1", "AG1", 2, "d"), ("AG1-2", "AG1", 3, "d"),
             ("AG1-3", "AG1", 1, "d"), ("AG1-4", "AG1", 2, ""),
             ("AG1-5", "AG1", 0, ""), ("AG2-1", "AG2", 1, "d"),
             ("AG2-2", "AG2", 1, "d"), ("AG2-3", "AG2", 2, "d"),
             ("NOAG", "", 2, "d")]
    for cid, ag, offs, date in specs:
        write(root / ("%s.xml" % cid),
              case_xml(cid, agency=ag, officers=offs,
                       date="2024-01-01" if date else ""))
    write(root / "zz-broken.xml", "<case id='broken'")


@pytest.fixture
def run_set(batch, tmp_path):
    constructed_set(tmp_path / "set")
    p = batch.run("-q", "--csv", "out.csv", "--summary", "sum.json",
                  "--report", "report.html", "set", check_rc=1)
    return p


def test_summary_exact_counts(run_set, tmp_path):
    s = json.loads((tmp_path / "sum.json").read_text(encoding="utf-8"))
    assert s["format"] == "casereview-summary/1"
    assert s["checklist"]["id"] == "tiny"
    assert (s["cases"], s["scored"], s["unscorable"], s["incomplete"]) == \
        (10, 9, 1, 0)
    scores = [100, 100, 70, 85, 55, 70, 70, 100, 90]
    assert s["mean"] == round(sum(scores) / 9, 2)   # 82.22
    assert s["median"] == 85
    assert [(g["id"], g["count"]) for g in s["grades"]] == [
        ("good", 4), ("pass", 3), ("fail", 2)]
    assert s["vetoed"] == 1
    assert s["vetoes"] == [{"id": "B1", "title": "执法主体合法", "cases": 1}]
    probs = [(p["id"], p["cases"], p["percent"]) for p in
             s["common_problems"]]
    assert probs == [("A1", 4, 44.44), ("A2", 2, 22.22), ("B1", 1, 11.11)]
    assert s["common_problems"][0]["basis"] == "《行政处罚法》第四十二条"
    groups = {g["group"]: g for g in s["groups"]}
    assert [g["group"] for g in s["groups"]] == ["", "AG1", "AG2"]
    assert (groups["AG1"]["cases"], groups["AG1"]["mean"],
            groups["AG1"]["median"]) == (5, 82, 85)
    assert (groups["AG2"]["cases"], groups["AG2"]["mean"],
            groups["AG2"]["median"]) == (3, 80, 70)
    assert (groups[""]["cases"], groups[""]["unscorable"],
            groups[""]["vetoed"]) == (2, 1, 1)
    assert [p["id"] for p in groups["AG2"]["common_problems"]] == ["A1"]
    assert s["unscorable_cases"][0]["source"] == "set/zz-broken.xml"
    assert s["unscorable_cases_truncated"] is False


def test_csv_bom_columns_and_rows(run_set, tmp_path):
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
    # Chinese column names and 是/否 by default: the CSV is for Excel
    assert rows[0] == ["案卷编号", "来源文件", "单位代码", "总分", "等次",
                       "一票否决", "扣分项数", "主要扣分项", "评查完整",
                       "无法评查原因"]
    by_id = {r[0]: r for r in rows[1:]}
    assert len(rows) == 11
    assert by_id["AG1-5"][1:9] == [
        "set/AG1-5.xml", "AG1", "55", "不合格", "否", "2",
        "A1 调查取证执法人员不少于两人 -30; A2 决定书载明日期 -15", "是"]
    assert by_id["NOAG"][5] == "是"
    broken = [r for r in rows[1:] if r[1] == "set/zz-broken.xml"][0]
    assert broken[3] == "" and broken[9] != ""


def test_csv_headers_en_keeps_the_earlier_columns(batch, tmp_path):
    constructed_set(tmp_path / "set")
    batch.run("-q", "--csv", "en.csv", "--csv-headers", "en", "set",
              check_rc=1)
    raw = (tmp_path / "en.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
    assert rows[0] == ["id", "source", "agency", "score", "grade", "vetoed",
                       "deductions", "top_deductions", "complete", "error"]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["AG1-5"][5] == "false" and by_id["AG1-5"][8] == "true"
    assert by_id["NOAG"][5] == "true"
    p = batch.run("-q", "--csv", "x.csv", "--csv-headers", "fr", "set",
                  check_rc=2)
    assert "--csv-headers 只能是 zh 或 en" in p.stderr.decode()


def test_csv_quoting(batch, tmp_path):
    write(tmp_path / "q.xml", case_xml('a,"b"\nc', agency="=cmd()"))
    batch.run("-q", "--csv", "q.csv", "q.xml", check_rc=0)
    raw = (tmp_path / "q.csv").read_bytes()[3:].decode("utf-8")
    row = raw.split("\r\n")[1]
    # RFC 4180: quotes doubled inside a quoted field; a leading '=' is
    # neutralised so Excel does not run it as a formula.
    assert row.startswith('"a,""b""')
    assert ",\"'=cmd()\"," in raw
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert rows[1][0] == 'a,"b"\nc'
    assert rows[1][2] == "'=cmd()"


class TagChecker(html.parser.HTMLParser):
    VOID = {"meta", "br", "img", "hr", "input", "link", "line", "rect"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.text = [], [], []
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("unbalanced </%s> at %s" % (tag,
                                                            self.getpos()))
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse_report(path):
    text = path.read_text(encoding="utf-8")
    c = TagChecker()
    c.feed(text)
    c.close()
    return text, c


def test_report_well_formed_and_self_contained(run_set, tmp_path):
    text, c = parse_report(tmp_path / "report.html")
    assert c.errors == [] and c.stack == []
    assert text.startswith("<!DOCTYPE html>")
    for heading in ("案卷评查报告", "总体情况", "得分分布", "等次分布",
                    "共性问题", "各执法机关情况", "不合格及一票否决案卷",
                    "无法评查的案卷"):
        assert heading in text
    assert text.count("<svg") >= 3
    # No external resources of any kind.
    for tag, attrs in c.tags:
        assert "src" not in attrs, tag
        assert not attrs.get("href", "").startswith(("http", "//")), tag
    assert "@import" not in text and "url(" not in text
    # Legal basis appears escaped.
    assert "依据, &quot;引号&quot; &lt;b&gt;" in text
    # The listed cases: the 55-point case and the vetoed one.
    assert "set/AG1-5.xml" in text and "set/NOAG.xml" in text
    listed = text.split("不合格及一票否决案卷")[1].split("全部案卷")[0]
    assert "set/AG1-1.xml" not in listed
    # every case is in the list of all cases
    assert "全部案卷（10 件）" in text
    assert "set/AG1-1.xml" in text.split("全部案卷")[1]


def test_report_escapes_case_text(batch, tmp_path):
    write(tmp_path / "x.xml", case_xml("<script>alert(1)</script>",
                                       agency="<img src=x>", officers=0,
                                       date=""))
    batch.run("-q", "--report", "r.html", "x.xml", check_rc=0)
    text, c = parse_report(tmp_path / "r.html")
    assert "<script>alert" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert c.errors == []


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(args, html_path):
    exe = find_chromium()
    if not exe:
        pytest.skip("chromium not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-quic", "--no-first-run",
               "--disable-background-networking",
               "--disable-component-update", "--disable-sync",
               "--user-data-dir=" + profile] + args + [str(html_path)]
        return subprocess.run(cmd, capture_output=True, timeout=90)


def agency_order(dom):
    table = dom.split('id="agencies"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    # the agency's name (when its cases give one) above its code
    return re.findall(r'<tr><td class="ag">(?:[^<]*<br>)?'
                      r'<span class="code">([^<]*)</span>', body)


def test_report_renders_in_chromium(run_set, tmp_path):
    report = tmp_path / "report.html"
    p = chromium(["--enable-logging=stderr", "--v=0",
                  "--screenshot=" + str(tmp_path / "shot.png"),
                  "--window-size=1280,2000"], report)
    assert (tmp_path / "shot.png").stat().st_size > 10000
    err = p.stderr.decode("utf-8", "replace")
    assert "Uncaught" not in err
    assert not re.search(r"CONSOLE.*(error|Error)", err), err
    dom = chromium(["--dump-dom"], report).stdout.decode("utf-8")
    assert "<svg" in dom
    assert agency_order(dom) == ["（未知）", "AG1", "AG2"]  # mean desc


def test_report_table_sorts_in_chromium(run_set, tmp_path):
    # Click the 平均分 header once (descending -> ascending) and the
    # rows must come back in ascending mean order, unscored last.
    text = (tmp_path / "report.html").read_text(encoding="utf-8")
    clicked = tmp_path / "clicked.html"
    clicked.write_text(text.replace(
        "</body>", "<script>document.querySelectorAll('#agencies th')[3]"
        ".click();</script></body>"), encoding="utf-8")
    p = chromium(["--dump-dom", "--enable-logging=stderr", "--v=0"], clicked)
    dom = p.stdout.decode("utf-8")
    assert agency_order(dom) == ["AG2", "AG1", "（未知）"]
    assert 'aria-sort="ascending"' in dom
    assert "Uncaught" not in p.stderr.decode("utf-8", "replace")


# ------------------------------------------- write errors, option order

def test_score_takes_options_after_the_files(binary, checklist, tmp_path):
    """`score FILE --format json` as `batch` allows: the options used to
    be scored as case files (two error results, exit 1)."""
    write(tmp_path / "a.xml", case_xml("A"))
    for args in (["-c", checklist, "a.xml", "--format", "json"],
                 ["a.xml", "--format=json", "--checklist=" + checklist]):
        p = subprocess.run([binary, "score"] + args, cwd=tmp_path,
                           capture_output=True, timeout=60)
        assert p.returncode == 0, p.stderr
        (res,) = [json.loads(l) for l in p.stdout.splitlines()]
        assert res["case"]["source"] == "a.xml" and res["score"] == 100
    p = subprocess.run([binary, "score", "-c", checklist, "--", "a.xml"],
                       cwd=tmp_path, capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    for bad in (["a.xml"], ["-c", checklist], ["-c", checklist, "--nope",
                                               "a.xml"]):
        p = subprocess.run([binary, "score"] + bad, cwd=tmp_path,
                           capture_output=True, timeout=60)
        assert p.returncode == 2 and "用法：".encode() in p.stderr, bad


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("cmd", ["score", "batch", "batch-csv",
                                 "batch-summary", "lint", "diff", "test"])
def test_write_errors_exit_2_with_the_cause(binary, checklist, tmp_path, cmd):
    """Results that never reached their reader are a failed run (exit 2,
    as a bad output path is), not an unscorable case, and the message
    gives the real cause, not a stale errno (more than stdio's buffer is
    written, so the first failure comes before the last flush)."""
    write(tmp_path / "a.xml", case_xml("A"))
    for i in range(40):
        write(tmp_path / "more" / ("c%02d.xml" % i), case_xml("C%d" % i))
    bad_checklist = tmp_path / "bad.xml"
    bad_checklist.write_text(
        '<checklist xmlns="urn:casereview:checklist:1" id="x" total="1">'
        '<category id="c" points="1"><item id="A" title="t" deduct="1" '
        'basis="b"><check context="/"><assert test="((">m</assert>'
        '</check></item></category></checklist>', encoding="utf-8")
    argv, out = {
        "score": (["score", "-c", checklist, "--format", "json", "a.xml"],
                  "/dev/full"),
        "batch": (["batch", "-q", "-c", checklist, "more"], "/dev/full"),
        "batch-csv": (["batch", "-q", "-c", checklist, "--csv", "/dev/full",
                       "-o", os.devnull, "more"], os.devnull),
        "batch-summary": (["batch", "-q", "-c", checklist, "--summary",
                           "/dev/full", "-o", os.devnull, "a.xml"],
                          os.devnull),
        "lint": (["lint", str(bad_checklist)], "/dev/full"),
        "diff": (["diff", "-c", checklist, "-c", checklist, "--format",
                  "json", "more"], "/dev/full"),
        "test": (["test", os.path.join(str(REPO), "rules",
                                       "penalty-general.xml")], "/dev/full"),
    }[cmd]
    with open(out, "wb") as f:
        p = subprocess.run([binary] + argv, cwd=tmp_path, stdout=f,
                           stderr=subprocess.PIPE, timeout=60)
    assert p.returncode == 2, p.stderr
    assert "磁盘空间不足".encode() in p.stderr, p.stderr


def test_score_text_reports_are_set_apart(binary, checklist, tmp_path):
    """Several files in text: one blank line between the reports."""
    write(tmp_path / "a.xml", case_xml("A"))
    write(tmp_path / "b.xml", case_xml("B"))
    p = subprocess.run([binary, "score", "-c", checklist, "--format", "text",
                        "a.xml", "b.xml"], cwd=tmp_path, capture_output=True,
                       timeout=60)
    assert p.returncode == 0, p.stderr
    reports = p.stdout.decode("utf-8").split("\n\n")
    assert len(reports) == 2
    assert reports[0].startswith("案卷 A") and reports[1].startswith("案卷 B")


def test_outputs_on_one_file_are_refused_and_nothing_lost(batch, tmp_path):
    write(tmp_path / "a.xml", case_xml("A"))
    batch.run("-q", "-o", "res.jsonl", "a.xml", check_rc=0)
    before = (tmp_path / "res.jsonl").read_bytes()
    # two outputs on one file would write over each other
    p = batch.run("-q", "-o", "res.jsonl", "--summary", "./res.jsonl",
                  "a.xml", check_rc=2)
    assert "是同一个文件".encode() in p.stderr
    assert (tmp_path / "res.jsonl").read_bytes() == before
    # a path that does not open refuses the run before any file is
    # emptied, and the files it created go again
    (tmp_path / "dir").mkdir()
    batch.run("-q", "-o", "res.jsonl", "--csv", "new.csv", "--report",
              "dir", "a.xml", check_rc=2)
    assert (tmp_path / "res.jsonl").read_bytes() == before
    assert not (tmp_path / "new.csv").exists()
    # /dev/null twice is fine: a device, not a file to write over
    batch.run("-q", "-o", os.devnull, "--summary", os.devnull, "a.xml",
              check_rc=0)


ODD = """<checklist xmlns="urn:casereview:checklist:1" id="odd" total="100">
  <grades><grade id="ex" label="优秀" min="90"/>
    <grade id="ok" label="合格" min="79.999"/><grade id="no" label="差" min="0"/>
  </grades>
  <category id="a" title="a" points="100">
    <item id="A1" title="t" deduct="10.004"><check context="/case">
      <assert test="not(@a)">m</assert></check></item>
    <item id="A2" title="u" deduct="0.125"><check context="/case">
      <assert test="not(@b)">m</assert></check></item>
  </category>
</checklist>
"""


def test_odd_numbers_agree_everywhere(binary, tmp_path):
    """Scores of 89.996 and 99.875 print as 90 and 99.88: the grade, the
    summary's mean and median and the report's histogram use those."""
    (tmp_path / "odd.xml").write_text(ODD, encoding="utf-8")
    for name, attrs in (("x.xml", 'a="1"'), ("y.xml", 'b="1"'),
                        ("z.xml", "")):
        write(tmp_path / "c" / name, "<case id='%s' %s/>" % (name, attrs))
    p = subprocess.run([binary, "batch", "-q", "-c", "odd.xml", "--summary",
                        "s.json", "c"], cwd=tmp_path, capture_output=True)
    scores = [json.loads(l)["score"] for l in p.stdout.splitlines()]
    assert scores == [90, 99.88, 100]
    s = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert s["mean"] == round(sum(scores) / 3, 2) == 96.63
    assert s["median"] == 99.88
    # describe prints the numbers as the results do: 80, not "80."
    d = subprocess.run([binary, "describe", "odd.xml"], cwd=tmp_path,
                       capture_output=True, text=True)
    assert "| 80 |" in d.stdout and "80." not in d.stdout, d.stdout


def test_names_that_are_not_utf8_in_csv_and_report(batch, tmp_path):
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / b"\xb0\xb8.xml".decode("utf-8", "surrogateescape")
     ).write_text(case_xml("G", agency=""), encoding="utf-8")  # listed
    batch.run("-q", "-o", "g.jsonl", "--csv", "g.csv", "--report", "g.html",
              "g", check_rc=0)
    for out in ("g.jsonl", "g.csv", "g.html"):
        text = (tmp_path / out).read_bytes().decode("utf-8")   # strict
        assert "g/\ufffd\ufffd.xml" in text, out


def test_terminal_text_has_no_control_characters(batch, tmp_path):
    with zipfile.ZipFile(tmp_path / "e.zip", "w") as z:
        z.writestr("a\x1b[31mRED\nfake.xml", "<case")
    p = batch.run("-o", os.devnull, "e.zip", check_rc=1)
    assert b"\x1b" not in p.stderr
    assert "e.zip!a?[31mRED?fake.xml" in p.stderr.decode("utf-8")


def test_diff_text_shows_moved_logic(binary, tmp_path):
    for v, (t1, t2) in (("a", ("not(@f)", "@v")), ("b", ("@v", "not(@f)"))):
        (tmp_path / ("l%s.xml" % v)).write_text(
            '<checklist xmlns="urn:casereview:checklist:1" id="l" '
            'total="10"><category id="a" title="a" points="10">'
            '<item id="A1" title="t" deduct="1"><check context="/case">'
            '<assert test="%s">m</assert></check><check context="/case/x">'
            '<assert test="%s">m</assert></check></item></category>'
            '</checklist>' % (t1, t2), encoding="utf-8")
    p = subprocess.run([binary, "diff", "-c", "la.xml", "-c", "lb.xml",
                        "--format", "text"], cwd=tmp_path,
                       capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL="en_US.UTF-8"))
    logic = p.stdout.split("logic (applies-if, lets, tests, messages):\n")[1]
    marks = [l.split()[0] for l in logic.splitlines() if l.startswith("    ")]
    assert marks.count("-") >= 1 and marks.count("+") >= 1, p.stdout
