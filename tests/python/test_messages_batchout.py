"""batch's documents and what they print (docs/messages.md): the text
summary, the HTML report and the workbook are Chinese whatever the
language, with no English label a supervisor would read; the warnings
and errors they print on standard error come from the catalogue
(cli/messages-batchout.def), Chinese by default, English by locale."""
import json
import os
import re
import resource
import shutil
import signal
import subprocess
from html.parser import HTMLParser

import pytest

from conftest import CLI, REPO

pytestmark = pytest.mark.skipif(not os.path.exists(CLI),
                                reason="no casereview command: " + CLI)

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "en_US.UTF-8"}
RULES = [os.path.join(REPO, "rules", n + ".xml")
         for n in ("penalty-general", "inspection-enterprise",
                   "coercive-seizure", "licensing-general")]
EXPORT = os.path.join(REPO, "examples", "export-2024.zip")
PENDING = os.path.join(REPO, "tests", "cases", "verdicts",
                       "pending-with-verdicts")
# Words allowed in a Chinese document: format names a supervisor knows.
ALLOWED = {"XML", "JSON", "Lines", "Excel", "CSV"}


def run(args, env, **kw):
    full = {k: v for k, v in os.environ.items()
            if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    full.update(env)
    return subprocess.run([CLI] + args, env=full, capture_output=True,
                          text=True, timeout=300, **kw)


def xlsx_supported():
    probe = run(["batch", "-c", RULES[0], "--xlsx", "/dev/null"], ZH)
    return "libxlsxwriter" not in probe.stderr


def unused_verdicts(tmp_path, case_id="GONE"):
    v = tmp_path / "v.xml"
    v.write_text('<verdicts xmlns="urn:casereview:verdicts:1" '
                 'checklist="pending">\n'
                 '  <case id="%s"><verdict item="R1" result="passed" '
                 'by="a" at="b"/></case>\n</verdicts>\n' % case_id,
                 encoding="utf-8")
    return v


# ---- messages on standard error, in both languages

def test_unused_verdicts_warning_in_both_languages(tmp_path):
    v = unused_verdicts(tmp_path)
    args = ["batch", "-q", "-c", os.path.join(PENDING, "checklist.xml"),
            "--verdicts", str(v), "-o", "/dev/null",
            os.path.join(PENDING, "case-1.xml")]
    zh = run(args, ZH)
    assert zh.returncode == 0, zh.stderr
    assert ("%s:2: 警告[CR-2510]: 案卷“GONE”有评查人员的决定，但本次评查中"
            "没有这个案卷\n" % v) in zh.stderr
    en = run(args, EN)
    assert ("%s:2: warning[CR-2510]: verdicts for case 'GONE', which was "
            "never scored\n" % v) in en.stderr


def test_unused_verdicts_warning_cleans_the_id(tmp_path):
    # a C1 control (U+0085) in an id from a file reaches no terminal
    v = unused_verdicts(tmp_path, "GO&#x85;NE")
    zh = run(["batch", "-q", "-c", os.path.join(PENDING, "checklist.xml"),
              "--verdicts", str(v), "-o", "/dev/null",
              os.path.join(PENDING, "case-1.xml")], ZH)
    assert "案卷“GO?NE”有评查人员的决定" in zh.stderr
    assert "\u0085" not in zh.stderr


def _small_files():
    # writes past 3000 bytes fail with EFBIG instead of killing the process
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))


@pytest.mark.skipif(not os.path.exists(CLI) or not xlsx_supported(),
                    reason="casereview without libxlsxwriter")
def test_failed_workbook_in_both_languages(tmp_path):
    out = tmp_path / "r.xlsx"
    args = ["batch", "-q", "-c", RULES[0], "-o", "/dev/null",
            "--xlsx", str(out),
            os.path.join(REPO, "examples", "cases", "clean-general.xml")]
    zh = run(args, ZH, preexec_fn=_small_files)
    assert zh.returncode == 2
    # one line, ours: libxlsxwriter's own English lines do not show
    assert zh.stderr == ("casereview batch: 写入 %s：无法保存工作簿（文件太大）\n"
                         % out)
    en = run(args, EN, preexec_fn=_small_files)
    assert en.returncode == 2
    assert en.stderr == ("casereview batch: writing %s: cannot save the "
                         "workbook (the file is too large)\n" % out)


# ---- the documents: Chinese, whatever the language

def data_strings(*json_docs):
    """Every string the case files and checklists put into a document
    (sources, ids, titles, messages, bases, agency names...), longest
    first; not the codes the program itself chooses (state, kind,
    format, grade and category ids), which must not be shown."""
    found = set()

    def walk(v, key, parent):
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x, k, key)
        elif isinstance(v, list):
            for x in v:
                walk(x, key, parent)
        elif isinstance(v, str) and v:
            if key in ("format", "state", "kind", "role"):
                return
            if key == "id" and parent in ("grade", "grades", "categories"):
                return
            found.add(v)

    for d in json_docs:
        walk(d, None, None)
    return sorted(found, key=len, reverse=True)


def english_left(text, data):
    """The English words of TEXT once the inputs' own strings (DATA),
    option names and diagnostic codes are taken out."""
    text = re.sub(r"--[a-z][a-z-]*", " ", text)
    text = re.sub(r"\[CR-[0-9]{4}\]", " ", text)
    for s in data:
        if len(s) > 1:
            text = text.replace(s, " ")
    return sorted({w for w in re.findall(r"[A-Za-z]{2,}", text)} - ALLOWED)


def run_documents(tmp_path, env, *extra):
    out = tmp_path / "out"
    out.mkdir()
    args = ["batch"]
    for r in RULES:
        args += ["-c", r]
    args += ["-o", str(out / "r.jsonl"), "--summary", str(out / "s.json"),
             "--report", str(out / "r.html"), *extra, EXPORT]
    proc = run(args, env)
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in open(out / "r.jsonl",
                                                 encoding="utf-8")]
    summary = json.load(open(out / "s.json", encoding="utf-8"))
    return proc, out, data_strings(results, summary) + [EXPORT, str(out)]


def test_summary_text_has_no_english(tmp_path):
    # the text summary with what batch adds to it on standard error: a
    # warning on verdicts for a case never scored
    d = tmp_path / "cases"
    d.mkdir()
    for n in ("case-1.xml", "case-2.xml", "case-3.xml"):
        shutil.copy(os.path.join(PENDING, n), d / n)
    v = unused_verdicts(tmp_path)
    for env in (ZH, EN):
        out = tmp_path / env["LANG"]
        out.mkdir()
        proc = run(["batch", "-c", os.path.join(PENDING, "checklist.xml"),
                    "--verdicts", str(v), "-o", str(out / "r.jsonl"),
                    "--summary", str(out / "s.json"), str(d)], env)
        assert proc.returncode == 0, proc.stderr
        results = [json.loads(line)
                   for line in open(out / "r.jsonl", encoding="utf-8")]
        summary = json.load(open(out / "s.json", encoding="utf-8"))
        data = data_strings(results, summary) + [str(v), str(d)]
        assert "案卷 3 件：已评分 3" in proc.stderr
        lines = proc.stderr.splitlines()
        if env is EN:   # the warning in English, the summary in Chinese
            lines = [x for x in lines if "warning[CR-2510]" not in x]
            assert len(lines) == len(proc.stderr.splitlines()) - 1
        assert english_left("\n".join(lines), data) == []


def test_several_checklists_summary_text_has_no_english(tmp_path):
    proc, out, data = run_documents(tmp_path, ZH)
    assert "== 评查标准：" in proc.stderr
    assert english_left(proc.stderr, data) == []


class _Visible(HTMLParser):
    """The text a reader sees: no script, no style; attributes a browser
    shows (title, placeholder, aria-label) included."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for k, v in attrs:
            if k in ("title", "placeholder", "aria-label", "alt") and v:
                self.parts.append(v)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def test_report_has_no_english_labels(tmp_path):
    # in English too: the report is a Chinese document
    for env in (ZH, EN):
        sub = tmp_path / env["LANG"]
        sub.mkdir()
        proc, out, data = run_documents(sub, env, "--unit", "市司法局")
        p = _Visible()
        p.feed(open(out / "r.html", encoding="utf-8").read())
        text = "\n".join(p.parts)
        assert "全部案卷" in text and "各执法机关情况" in text
        assert english_left(text, data) == []
        # option names are on-screen hints, not printed
        html = open(out / "r.html", encoding="utf-8").read()
        assert html.count("--archive-json") == html.count(
            '<span class="hint">完整列表见 --archive-json')


def _workbook_cells(path):
    """(title, header, rows) of every sheet, read by openpyxl in another
    process: openpyxl loads lxml, whose libxml2/libxslt set-up breaks the
    binding's transforms later in this process (test_transform.py)."""
    code = ("import json, sys, openpyxl\n"
            "wb = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
            "print(json.dumps([[ws.title, [list(r) for r in "
            "ws.iter_rows(values_only=True)]] for ws in wb.worksheets], "
            "default=str))\n")
    p = subprocess.run(["/usr/bin/python3", "-c", code, str(path)],
                       capture_output=True, text=True, timeout=120)
    if "No module named 'openpyxl'" in p.stderr:
        pytest.skip("no openpyxl")
    assert p.returncode == 0, p.stderr
    for title, rows in json.loads(p.stdout):
        yield title, list(rows[0]), rows[1:]


# Columns holding what the case files and checklists say (their own
# words, codes, libxml2's details), not the program's labels.
DATA_COLUMNS = {"来源文件", "案卷编号", "单位代码", "单位名称", "问题", "依据",
                "位置", "类别代码", "说明", "详情", "机器提示", "评查项",
                "评查项名称"}


@pytest.mark.skipif(not os.path.exists(CLI) or not xlsx_supported(),
                    reason="casereview without libxlsxwriter")
def test_workbook_has_no_english_labels(tmp_path):
    proc, out, data = run_documents(tmp_path, ZH, "--xlsx",
                                    str(tmp_path / "r.xlsx"))
    sheets = {}
    for title, header, rows in _workbook_cells(tmp_path / "r.xlsx"):
        sheets[title] = (header, rows)
        assert english_left(title, []) == []
        for h in header:
            assert english_left(str(h), []) == [], (title, h)
        for row in rows:
            for h, v in zip(header, row):
                if h in DATA_COLUMNS or not isinstance(v, str):
                    continue
                assert english_left(v, []) == [], (title, h, v)
    # 共性问题 names each checklist by its title, as the report does
    header, rows = sheets["共性问题"]
    named = {r[header.index("评查标准")] for r in rows}
    assert "行政处罚案卷评查标准（一般程序）" in named
    assert "penalty-general" not in named


# Opening a document fails before anything is scored: the document's
# role and the cause, in both languages (batch-files.c says these
# through the catalogue; the archive CSV's role was English only).
@pytest.mark.parametrize("option,zh,en", [
    ("--report", "报告", "report"),
    ("--summary", "汇总", "summary"),
    ("--review-form", "评审表", "review form"),
    ("--archive-json", "跨案卷问题", "archive findings"),
    ("--archive-csv", "跨案卷问题 CSV 文件", "archive findings CSV"),
])
def test_document_that_cannot_be_opened(tmp_path, option, zh, en):
    path = str(tmp_path / "no-such-folder" / "x")
    args = ["batch", "-q", "-c", RULES[0], "-o", "/dev/null", option, path,
            os.path.join(REPO, "examples", "cases", "clean-general.xml")]
    z = run(args, ZH)
    assert z.returncode == 2
    assert z.stderr == "casereview batch: %s %s：文件或文件夹不存在\n" % (zh, path)
    e = run(args, EN)
    assert e.stderr == "casereview batch: %s %s: no such file or folder\n" % (
        en, path)
