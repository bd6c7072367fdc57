"""The language matrix (docs/messages.md): many wrong or odd invocations
of every subcommand, each run under LANG=zh_CN.UTF-8 and LANG=en_US.UTF-8.

In Chinese no English word of three letters or more may reach the
screen once the allowed parts are taken out: the arguments typed and
quoted inputs (“…”, '…', "…"), paths, option names, command names,
CR-NNNN codes, environment variables, names written in XML files
(<element>, attribute 属性, kebab-case ids; in documents also the ids,
$variables and XPath of the files given), libxml2's detail (in
parentheses, or a capitalised text ending the line after "："), and
the words of ALLOWED (each with its reason); strerror()'s English never.
In English no Chinese character may appear outside quoted inputs.

Rows are grouped by the area that prints them. Rows that still fail
because another branch converts them are listed in PENDING by branch and
marked xfail(strict=False), so that whoever merges a branch can make its
rows strict; every other row is a real test."""
import json
import os
import re
import shutil
import subprocess
import zipfile
import xml.etree.ElementTree as ET

import pytest

from conftest import CLI, REPO

pytestmark = pytest.mark.skipif(not os.path.exists(CLI),
                                reason="no casereview command: " + CLI)

RULES = os.path.join(REPO, "rules", "penalty-general.xml")
RULES2 = os.path.join(REPO, "rules", "penalty-simplified.xml")
CASE = os.path.join(REPO, "examples", "cases", "clean-general.xml")
EXPORT_ZIP = os.path.join(REPO, "examples", "export-2024.zip")
DEFECT = os.path.join(REPO, "examples", "cases", "defect-no-basis.xml")
RULES_TESTS = os.path.join(REPO, "rules", "tests", "penalty-general-tests.xml")

# Words allowed in a Chinese message, each with why a Chinese reader
# sees it. Usage lines keep no capitalised placeholders: the Chinese
# usage names them in Chinese (评查标准, 文件 ...), only N stays.
ALLOWED = {
    "casereview": "the program's name, typed as is",
    "casefile": "the name of the case-file format",
    "xml": "format name", "json": "format name (also a --format value)",
    "text": "a --format value the user types",
    "csv": "format name", "tsv": "format name", "html": "format name",
    "markdown": "format name", "xlsx": "format name", "zip": "format name",
    "xpath": "language name", "utf": "encoding name (UTF-8)",
    "gbk": "encoding name", "pdf": "format name",
    "excel": "product name", "wps": "product name",
    "libxlsxwriter": "library name (built without it)",
    "libxml": "library name, before its detail",
    "pcre": "library name",
    "version": "the checklist attribute version=, written as in the file",
    "verdicts": "a subcommand and file kind, typed as is",
    "nnnn": "the code placeholder CR-NNNN in validate's usage",
    "nul": "the name of the zero byte, as every manual writes it",
    "tar": "format name", "tgz": "format name (.tgz)",
    "xslt": "language name (XSLT 1.0 stylesheet)",
    "sigint": "a signal's name, as the system writes it",
    "sigterm": "a signal's name", "sighup": "a signal's name",
}

SUBCOMMANDS = ("score", "batch", "lint", "describe", "test", "diff",
               "verdicts", "validate", "list")

QUOTED = re.compile(r"“[^”\n]*”|‘[^’\n]*’|'[^'\n]*'|\"[^\"\n]*\"")
# the libxml2 detail: English in parentheses (either form) after a
# message, or ending the line after a Chinese colon ("详情：…", "不是格式
# 正确的 XML：…", "数据文档（在 … 引用）：…"). libxml2's texts start with
# a capital ("Start tag expected", "Opening and ending tag mismatch"),
# which tells them from our own lower-case English ("empty file").
LIBXML_DETAIL = re.compile(r"[（(][A-Z][^（）()\n]*[)）]|：[A-Z][^：]*$")
# strerror()'s English is never printed, not even as a detail
STRERROR = sorted({os.strerror(e) for e in range(1, 134)
                   if not os.strerror(e).startswith("Unknown error")},
                  key=len, reverse=True)
# names as written in a checklist or a case file: elements (<case>,
# <tests checklist="…">),
# attributes (format 属性, id=), and a code value alone in parentheses
# (一般程序（general）)
MARKUP = re.compile(r"</?[\w:-]+/?>|<[\w:-]+(?=\s)|\b[\w:-]+ 属性|\b[\w:-]+=|"
                    r"（[a-z][\w-]*）|\b[a-z0-9]+(?:-[a-z0-9]+)+\b")
CODE = re.compile(r"\bCR-\d{4}\b|\bCR-NNNN\b")
OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*(=\S*)?")
# a path: something with a slash, or a file name with an extension
PATH = re.compile(r"\S*/\S*|\b[\w.-]+\.(?:xml|zip|csv|jsonl|json|xsl|xlsx|html|"
                  r"pdf|txt|md|rng|tsv|tar|gz)\b")
ENV = re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")
# what a checklist's author wrote, shown in documents (--explain, describe):
# $variables, {@attribute} templates, and the XPath after its label
AUTHORED = re.compile(r"\$[\w-]+|\{@?[\w-]+\}|`[^`\n]*`|"
                      r"(?:适用条件|断言（不成立）：|报告条件（成立）：) ?(?:.*(?= = )|.*$)")
# format names of more than one word
FORMATS = re.compile(r"\bJSON Lines\b")
# batch's closing summary on standard error is its text summary, a
# document (Chinese in both languages, docs/messages.md): from this line
# on, stderr is checked in Chinese only
SUMMARY_HEAD = re.compile(r"^案卷 \d+ 件：", re.M)
WORD = re.compile(r"[A-Za-z]{3,}")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def english_left(text, quoted=()):
    """The English words of TEXT once the allowed parts are removed."""
    text = strip_inputs(text, quoted)
    text = QUOTED.sub(" ", text)
    left = [e for e in STRERROR if e in text]
    text = AUTHORED.sub(" ", text)
    text = MARKUP.sub(" ", text)
    text = LIBXML_DETAIL.sub(" ", text)
    text = CODE.sub(" ", text)
    text = PATH.sub(" ", text)
    text = OPTION.sub(" ", text)
    text = ENV.sub(" ", text)
    text = FORMATS.sub(" ", text)
    for w in WORD.findall(text):
        if w.lower() in ALLOWED or w in SUBCOMMANDS:
            continue
        left.append(w)
    return left


def strip_inputs(text, quoted):
    """TEXT without the arguments the user typed (not the options)."""
    for q in sorted(quoted, key=len, reverse=True):
        if len(q) >= 2 and not q.startswith("-"):
            text = re.sub(r"(?<![\w-])%s(?![\w-])" % re.escape(q), " ", text)
    return text


def chinese_left(text, quoted=()):
    text = strip_inputs(text, quoted)
    return CJK.findall(QUOTED.sub(" ", text))


def test_filters_themselves():
    assert english_left("casereview score: 未知选项 --fromat；您是不是要用 "
                        "--format？") == []
    assert english_left("案卷 nosuch.xml 无法评查：No such file or "
                        "directory") == ["No such file or directory"]
    assert english_left("数据文档“x”：cannot read the file") == \
        ["cannot", "read", "the", "file"]
    assert english_left("a.xml:3:1: 错误[CR-0001]: 标记不匹配（Opening and "
                        "ending tag mismatch）") == []
    assert english_left("--param x：the value") == ["the", "value"]
    assert english_left("文件不存在（No such file or directory）") == \
        ["No such file or directory"]
    assert english_left("casereview 0.2 (library 0.2)") == ["library"]
    assert english_left("根元素为 <case>，没有 format 属性，一般程序（general）"
                        ) == []
    assert chinese_left("unknown command '评查'") == []
    assert chinese_left("usage: 用法") == ["用", "法"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("matrix")
    f = {"T": str(d)}
    (d / "folder").mkdir()
    (d / "folder" / "note.txt").write_text("x")
    f["DIR"] = str(d / "folder")
    (d / "nocase").mkdir()
    f["EMPTYDIR"] = str(d / "nocase")
    with zipfile.ZipFile(d / "empty.zip", "w"):
        pass
    f["EMPTYZIP"] = str(d / "empty.zip")
    with zipfile.ZipFile(d / "pdfs.zip", "w") as z:
        z.writestr("决定书.pdf", b"%PDF-1.4 not really")
        z.writestr("scan.pdf", b"%PDF-1.4 not really")
    f["PDFZIP"] = str(d / "pdfs.zip")
    (d / "notzip.zip").write_bytes(b"this is not a zip archive at all")
    f["NOTZIP"] = str(d / "notzip.zip")
    (d / "garbage.xml").write_text("this is not XML <<<")
    f["GARBAGE"] = str(d / "garbage.xml")
    (d / "empty.xml").write_text("")
    f["EMPTY"] = str(d / "empty.xml")
    (d / "mismatch.xml").write_text(
        '<checklist xmlns="urn:casereview:checklist:1" id="x" total="100">\n'
        '<category id="a" title="A" points="100">\n</grade></checklist>\n')
    f["MISMATCH"] = str(d / "mismatch.xml")
    (d / "notcase.xml").write_text("<html><body>x</body></html>")
    f["NOTCASE"] = str(d / "notcase.xml")
    (d / "unreadable.xml").write_text("<x/>")
    os.chmod(d / "unreadable.xml", 0)
    f["UNREADABLE"] = str(d / "unreadable.xml")
    (d / "form.csv").write_text("not,a,review,form\n1,2,3,4\n")
    f["FORM"] = str(d / "form.csv")
    (d / "binary.csv").write_bytes(b"a\0b\n")
    f["BINCSV"] = str(d / "binary.csv")
    f["OUTDIR_MISSING"] = str(d / "no" / "such" / "dir" / "out.json")
    # a copy of RULES whose calendar or data document is missing or empty
    shutil.copytree(os.path.join(REPO, "rules", "data"), d / "data")
    (d / "data" / "empty.xml").write_text("")
    with open(RULES, encoding="utf-8") as src:
        rules = src.read()
    for key, old, new in (
            ("NOCAL", "data/cn-workdays.xml", "data/nosuch-calendar.xml"),
            ("EMPTYCAL", "data/cn-workdays.xml", "data/empty.xml"),
            ("NODATA", "data/law-versions.xml", "data/nosuch-laws.xml"),
            ("EMPTYDATA", "data/law-versions.xml", "data/empty.xml")):
        assert old in rules
        (d / (key.lower() + ".xml")).write_text(rules.replace(old, new),
                                                encoding="utf-8")
        f[key] = str(d / (key.lower() + ".xml"))
    f["RULES"], f["RULES2"], f["CASE"] = RULES, RULES2, CASE
    f["ZIP"] = EXPORT_ZIP
    f["DEFECT"] = DEFECT
    f["RULES_TESTS"] = RULES_TESTS
    return f


def run(args, lang, files, stdin=None, as_nobody=False, stdout_full=False):
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = lang
    args = [a.format(**files) for a in args]
    kw = {}
    if stdout_full:
        kw["stdout"] = open("/dev/full", "w")
        kw["stderr"] = subprocess.PIPE
    else:
        kw["capture_output"] = True
    if as_nobody:
        if os.getuid() != 0:
            pass               # the file is unreadable to us already
        else:
            kw["preexec_fn"] = lambda: (os.setgid(65534), os.setuid(65534))
    try:
        return subprocess.run([CLI] + args, env=env, input=stdin, text=True,
                              cwd=files["T"], timeout=60, **kw)
    finally:
        if stdout_full:
            kw["stdout"].close()


# One row: (name, args, options). Options: "out" also checks standard
# output (help, usage, text a person reads); "stdin" the input; "nobody"
# runs without read access to UNREADABLE; "zh_only" checks Chinese only
# (the English run prints a document that stays Chinese, e.g. a report);
# "doc" allows the ids and names written in the XML files given (a
# document shows item, grade and let names, case numbers); "head" checks
# only the first lines of standard output (TSV: the header row).
def row(name, args, **opts):
    return (name, args, opts)


MAIN = [
    row("no-args", [], out=True),
    row("help", ["--help"], out=True),
    row("help-word", ["help"], out=True),
    row("help-h", ["-h"], out=True),
    row("version", ["--version"], out=True),
    row("mistyped-command", ["scroe"]),
    row("mistyped-command-batch", ["bacth", "x"]),
    row("unknown-command", ["frobnicate"]),
    row("unknown-option-first", ["--frobnicate"]),
]

SCORE = [
    row("score-help", ["score", "--help"], out=True),
    row("score-h", ["score", "-h"], out=True),
    row("score-no-args", ["score"], out=True),
    row("score-no-checklist", ["score", "{CASE}"]),
    row("score-no-file", ["score", "-c", "{RULES}"]),
    row("score-c-needs-value", ["score", "-c"]),
    row("score-mistyped-option", ["score", "-c", "{RULES}", "--fromat",
                                  "json", "{CASE}"]),
    row("score-unknown-option", ["score", "-c", "{RULES}", "--frobnicate",
                                 "{CASE}"]),
    row("score-unknown-short", ["score", "-x", "-c", "{RULES}", "{CASE}"]),
    row("score-flag-with-value", ["score", "-c", "{RULES}", "--explain=yes",
                                  "{CASE}"]),
    row("score-long-needs-value", ["score", "{CASE}", "-c", "{RULES}",
                                   "--param"]),
    row("score-bad-format", ["score", "-c", "{RULES}", "--format", "yaml",
                             "{CASE}"]),
    row("score-param-no-equals", ["score", "-c", "{RULES}", "--param",
                                  "disclosure-workdays", "{CASE}"]),
    row("score-data-no-equals", ["score", "-c", "{RULES}", "--data", "=x",
                                 "{CASE}"]),
    row("score-limit-abc", ["score", "-c", "{RULES}", "--max-case-nodes",
                            "abc", "{CASE}"]),
    row("score-limit-size", ["score", "-c", "{RULES}", "--max-case-tree",
                             "12q", "{CASE}"]),
    row("score-limit-zero", ["score", "-c", "{RULES}", "--max-findings", "0",
                             "{CASE}"]),
    row("score-limit-negative", ["score", "-c", "{RULES}",
                                 "--max-message-length", "-5", "{CASE}"]),
    row("score-missing-file", ["score", "-c", "{RULES}", "--format", "text",
                               "nosuch.xml"], zh_only=True, out=True),
    row("score-folder", ["score", "-c", "{RULES}", "--format", "text",
                         "{DIR}"], zh_only=True, out=True),
    row("score-archive", ["score", "-c", "{RULES}", "--format", "text",
                          "{ZIP}"], zh_only=True, out=True),
    row("score-empty-zip", ["score", "-c", "{RULES}", "--format", "text",
                            "{EMPTYZIP}"], zh_only=True, out=True),
    row("score-pdf-zip", ["score", "-c", "{RULES}", "--format", "text",
                          "{PDFZIP}"], zh_only=True, out=True),
    row("score-garbage-case", ["score", "-c", "{RULES}", "--format", "text",
                               "{GARBAGE}"], zh_only=True, out=True),
    row("score-empty-case", ["score", "-c", "{RULES}", "--format", "text",
                             "{EMPTY}"], zh_only=True, out=True),
    row("score-not-a-case", ["score", "-c", "{RULES}", "--format", "text",
                             "{NOTCASE}"], zh_only=True, out=True),
    row("score-unreadable", ["score", "-c", "{RULES}", "--format", "text",
                             "{UNREADABLE}"], zh_only=True, out=True,
        nobody=True),
    row("score-stdin-garbage", ["score", "-c", "{RULES}", "--format", "text",
                                "-"], stdin="garbage, not XML\x00\x01",
        zh_only=True, out=True),
    row("score-stdin-empty", ["score", "-c", "{RULES}", "--format", "text",
                              "-"], stdin="", zh_only=True, out=True),
    row("score-checklist-missing", ["score", "-c", "nosuch", "{CASE}"]),
    row("score-checklist-folder", ["score", "-c", "{DIR}", "{CASE}"]),
    row("score-checklist-garbage", ["score", "-c", "{GARBAGE}", "{CASE}"]),
    row("score-checklist-empty", ["score", "-c", "{EMPTY}", "{CASE}"]),
    row("score-checklist-mismatch", ["score", "-c", "{MISMATCH}", "{CASE}"]),
    row("score-checklist-unreadable", ["score", "-c", "{UNREADABLE}",
                                       "{CASE}"], nobody=True),
    row("score-verdicts-missing", ["score", "-c", "{RULES}", "--verdicts",
                                   "nosuch.xml", "{CASE}"]),
    row("score-data-missing", ["score", "-c", "{RULES}", "--data",
                               "nosuch=x.xml", "{CASE}"]),
    row("score-ok-json", ["score", "-c", "{RULES}", "{CASE}"]),
    row("score-mistyped-option-value", ["score", "-c", "{RULES}",
                                        "--fromat=json", "{CASE}"]),
    row("score-limit-huge", ["score", "-c", "{RULES}", "--max-case-tree",
                             "99999999999999999999999G", "{CASE}"]),
    row("score-data-doc-missing", ["score", "-c", "{RULES}", "--data",
                                   "benchmarks=nosuch.xml", "{CASE}"]),
    row("score-data-doc-garbage", ["score", "-c", "{RULES}", "--data",
                                   "laws={GARBAGE}", "{CASE}"]),
    row("score-checklist-name-typo", ["score", "-c", "penalty-generl",
                                      "{CASE}"]),
    row("score-verdicts-garbage", ["score", "-c", "{RULES}", "--verdicts",
                                   "{GARBAGE}", "{CASE}"]),
    row("score-output-full", ["score", "-c", "{RULES}", "{CASE}"],
        stdout_full=True),
    row("validate-output-full", ["validate", "{CASE}"], stdout_full=True),
    row("score-report", ["score", "-c", "{RULES}", "--format", "text",
                         "{DEFECT}"], zh_only=True, out=True, doc=True),
    row("score-report-stdin", ["score", "-c", "{RULES}", "--format", "text",
                               "-"], stdin_file="{DEFECT}", zh_only=True,
        out=True, doc=True),
]

# JSON: error.message is in the user's language (error.detail keeps
# libxml2's English for programs; the keys and kinds are for programs)
SCORE_JSON = [
    row("json-" + name, ["score", "-c", "{RULES}", "--format", "json",
                         path], json=True, stdin=stdin)
    for name, path, stdin in (
        ("missing", "nosuch.xml", None), ("folder", "{DIR}", None),
        ("archive", "{ZIP}", None), ("empty-zip", "{EMPTYZIP}", None),
        ("pdf-zip", "{PDFZIP}", None), ("garbage", "{GARBAGE}", None),
        ("empty", "{EMPTY}", None), ("stdin-garbage", "-", "<<<\x01"),
        ("mismatch", "{MISMATCH}", None))
]

# --explain's text is a document, Chinese in both languages
EXPLAIN = [
    row("score-explain", ["score", "-c", "{RULES}", "--format", "text",
                          "--explain", "{DEFECT}"], zh_only=True, out=True,
        doc=True),
]

# params: typed params (checklist-load.c, options.c) and their messages
PARAMS = [
    row("score-param-abc", ["score", "-c", "{RULES}", "--param",
                            "disclosure-workdays=abc", "{CASE}"]),
    row("score-param-negative", ["score", "-c", "{RULES}", "--param",
                                 "disclosure-workdays=-5", "{CASE}"]),
    row("score-param-unknown", ["score", "-c", "{RULES}", "--param",
                                "nosuch=1", "{CASE}"]),
    row("score-param-empty", ["score", "-c", "{RULES}", "--param",
                              "disclosure-workdays=", "{CASE}"]),
    row("score-param-fraction", ["score", "-c", "{RULES}", "--param",
                                 "disclosure-workdays=1.5", "{CASE}"]),
    row("score-param-bad-date", ["score", "-c", "{RULES}", "--param",
                                 "three-systems-from=2024-13-45", "{CASE}"]),
]

VALIDATE = [
    row("validate-help", ["validate", "--help"], out=True),
    row("validate-no-args", ["validate"], out=True),
    row("validate-mistyped-option", ["validate", "--tranform", "x.xsl",
                                     "{CASE}"]),
    row("validate-ok", ["validate", "{CASE}"], out=True),
]

# validate's findings and the mapping: the library (casefile-validate.c,
# transform.c)
VALIDATE_LIB = [
    row("score-transform-missing", ["score", "-c", "{RULES}", "--transform",
                                    "nosuch.xsl", "{CASE}"]),
    row("validate-missing", ["validate", "nosuch.xml"], out=True),
    row("validate-folder", ["validate", "{DIR}"], out=True),
    row("validate-garbage", ["validate", "{GARBAGE}"], out=True),
    row("validate-not-a-case", ["validate", "{NOTCASE}"], out=True),
    row("validate-transform-missing", ["validate", "--transform",
                                       "nosuch.xsl", "{CASE}"], out=True),
    row("validate-transform-garbage", ["validate", "--transform",
                                       "{GARBAGE}", "{CASE}"], out=True),
]

LINT = [
    row("lint-help", ["lint", "--help"], out=True),
    row("lint-no-args", ["lint"], out=True),
    row("lint-ok", ["lint", "{RULES}"], out=True),
    row("lint-folder", ["lint", "{DIR}"], out=True),
    row("lint-missing", ["lint", "nosuch.xml"], out=True),
    row("lint-garbage", ["lint", "{GARBAGE}"], out=True),
    row("lint-mismatch", ["lint", "{MISMATCH}"], out=True),
    row("lint-unreadable", ["lint", "{UNREADABLE}"], out=True, nobody=True),
    row("lint-mistyped-option", ["lint", "--verdcts", "x", "{RULES}"]),
    row("lint-data-missing", ["lint", "{NODATA}"], out=True),
    row("lint-data-empty", ["lint", "{EMPTYDATA}"], out=True),
    row("lint-calendar-missing", ["lint", "{NOCAL}"], out=True),
    row("lint-calendar-empty", ["lint", "{EMPTYCAL}"], out=True),
    row("lint-verdicts-missing", ["lint", "--verdicts", "nosuch.xml",
                                  "{RULES}"], out=True),
]

DESCRIBE = [
    row("describe-help", ["describe", "--help"], out=True),
    row("describe-markdown", ["describe", "{RULES}"], zh_only=True,
        out=True, doc=True),
    # TSV: the header row is for people, the data rows for programs
    row("describe-tsv", ["describe", "--format", "tsv", "{RULES}"],
        zh_only=True, out=True, head=1, doc=True),
    row("describe-no-args", ["describe"], out=True),
    row("describe-missing", ["describe", "nosuch.xml"]),
    row("describe-folder", ["describe", "{DIR}"]),
    row("describe-bad-format", ["describe", "--format", "yaml", "{RULES}"]),
    row("describe-mistyped-option", ["describe", "--fromat", "tsv",
                                     "{RULES}"]),
]

TEST = [
    row("test-help", ["test", "--help"], out=True),
    row("test-ok", ["test", "-q", "{RULES_TESTS}"], out=True, doc=True),
    row("test-no-args", ["test"], out=True),
    row("test-missing", ["test", "nosuch.xml"], out=True),
    row("test-folder", ["test", "{DIR}"], out=True),
    row("test-garbage", ["test", "{GARBAGE}"], out=True),
    row("test-mistyped-option", ["test", "--verbse", "{RULES}"]),
]

DIFF = [
    row("diff-help", ["diff", "--help"], out=True),
    row("diff-same", ["diff", "-c", "{RULES}", "-c", "{RULES}", "{CASE}"],
        out=True, doc=True),
    row("diff-no-args", ["diff"], out=True),
    row("diff-one-checklist", ["diff", "-c", "{RULES}", "{CASE}"]),
    row("diff-missing-checklist", ["diff", "-c", "nosuch.xml", "-c",
                                   "{RULES}", "{CASE}"]),
    # the text report's head, as a terminal shows it (a pipe gets JSON,
    # data): the two checklists and the warnings that they are unrelated
    row("diff-unrelated", ["diff", "--format", "text", "-c", "{RULES}",
                           "-c", "{RULES2}", "{CASE}"], out=True, head=4),
    row("diff-mistyped-option", ["diff", "--chcklist", "{RULES}"]),
]

VERDICTS = [
    row("verdicts-help", ["verdicts", "--help"], out=True),
    row("verdicts-no-args", ["verdicts"], out=True),
    row("verdicts-missing-form", ["verdicts", "-c", "{RULES}",
                                  "nosuch.csv"]),
    row("verdicts-bad-form", ["verdicts", "-c", "{RULES}", "{FORM}"]),
    row("verdicts-binary-form", ["verdicts", "-c", "{RULES}", "{BINCSV}"]),
]

LIST = [
    row("list-help", ["list", "--help"], out=True),
    row("list", ["list"], out=True),
    row("list-extra", ["list", "extra"]),
    row("list-bad-format", ["list", "--format", "yaml"]),
    row("list-mistyped-option", ["list", "--nmes"]),
]

BATCH = [
    row("batch-help", ["batch", "--help"], out=True),
    row("batch-ok", ["batch", "-c", "{RULES}", "-o", "ok.jsonl", "{CASE}",
                     "{DEFECT}"]),
    row("batch-unscorable", ["batch", "-c", "{RULES}", "-o", "bad.jsonl",
                             "{GARBAGE}"]),
    row("batch-no-args", ["batch"], out=True),
    row("batch-no-checklist", ["batch", "{CASE}"]),
    row("batch-no-paths", ["batch", "-c", "{RULES}"]),
    row("batch-mistyped-option", ["batch", "-c", "{RULES}", "--sumary",
                                  "x.json", "{CASE}"]),
    row("batch-jobs-abc", ["batch", "-c", "{RULES}", "-j", "abc", "{CASE}"]),
    row("batch-max-size", ["batch", "-c", "{RULES}", "--max-size", "12q",
                           "{CASE}"]),
    row("batch-missing", ["batch", "-c", "{RULES}", "-o", "out.jsonl",
                          "nosuch.xml"]),
    row("batch-empty-folder", ["batch", "-c", "{RULES}", "-o", "o1.jsonl",
                               "{EMPTYDIR}"]),
    row("batch-folder-no-xml", ["batch", "-c", "{RULES}", "-o", "o2.jsonl",
                                "{DIR}"]),
    row("batch-empty-zip", ["batch", "-c", "{RULES}", "-o", "o3.jsonl",
                            "{EMPTYZIP}"]),
    row("batch-pdf-zip", ["batch", "-c", "{RULES}", "-o", "o4.jsonl",
                          "{PDFZIP}"]),
    row("batch-not-a-zip", ["batch", "-c", "{RULES}", "-o", "o5.jsonl",
                            "{NOTZIP}"]),
    row("batch-unreadable", ["batch", "-c", "{RULES}", "-o",
                             "/tmp/casereview-matrix-nobody.jsonl",
                             "{UNREADABLE}"], nobody=True),
    row("batch-output-folder-missing", ["batch", "-c", "{RULES}", "-o",
                                        "{OUTDIR_MISSING}", "{CASE}"]),
    row("batch-summary-folder-missing", ["batch", "-c", "{RULES}", "-o",
                                         "o6.jsonl", "--summary",
                                         "{OUTDIR_MISSING}", "{CASE}"]),
    row("batch-csv-headers", ["batch", "-c", "{RULES}", "--csv-headers",
                              "fr", "{CASE}"]),
    row("batch-resume-without-output", ["batch", "-c", "{RULES}",
                                        "--resume", "{CASE}"]),
    row("batch-param-abc", ["batch", "-c", "{RULES}", "-o", "o7.jsonl",
                            "--param", "disclosure-workdays=abc", "{CASE}"]),
    row("batch-limit-abc", ["batch", "-c", "{RULES}", "--max-case-work",
                            "abc", "{CASE}"]),
]


# Rows of areas converted on other branches that still fail here, by
# branch: whoever merges a branch makes its rows strict (drops them from
# PENDING). Every other row is a real test.
PENDING = {
    # (none: every branch whose rows were here is merged)
}


def params(rows):
    out = []
    for r in rows:
        marks = [pytest.mark.xfail(strict=False, reason=reason)
                 for reason, names in PENDING.values() if r[0] in names]
        out.append(pytest.param(*r, marks=marks, id=r[0]))
    return out


ROWS = params(MAIN + SCORE + SCORE_JSON + PARAMS + EXPLAIN + VALIDATE + VALIDATE_LIB
              + LINT + DESCRIBE + TEST + DIFF + VERDICTS + LIST + BATCH)


# type: a param's type (integer, date ...) as the checklist writes it,
# in describe's table of params
ID_ATTRS = ("id", "name", "code", "ref", "checklist", "kind", "procedure",
            "type")


def names_in(path):
    """The ids, names and codes written in the XML file PATH: they reach
    the screen as written (checklist, item and grade ids, case numbers)."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return []
    out = set()
    for el in root.iter():
        for k, v in el.attrib.items():
            for w in v.split():
                if (re.fullmatch(r"[\w.:-]+", w) and re.search("[A-Za-z]", w)
                        and (k in ID_ATTRS or re.search(r"[-\d]", w))):
                    out.add(w)
        if el.text and re.fullmatch(r"\s*[\w.-]*[A-Za-z][\w.-]*-[\w.-]+\s*",
                                    el.text):
            out.add(el.text.strip())
    return sorted(out)


def json_messages(out):
    """The error messages of the JSON results in OUT, one a line."""
    msgs = [json.loads(line).get("error", {}).get("message", "")
            for line in out.splitlines() if line.strip()]
    assert msgs and all(msgs), out
    return "\n".join(msgs)


def check(name, args, opts, files):
    quoted = [a.format(**files) for a in args]
    if "stdin_file" in opts:
        path = opts["stdin_file"].format(**files)
        quoted.append(path)
        with open(path, encoding="utf-8") as f:
            opts = dict(opts, stdin=f.read())
    for a in list(quoted) if opts.get("doc") else ():
        if a.endswith(".xml") and os.path.isfile(a):
            quoted += names_in(a)
    zh = run(args, "zh_CN.UTF-8", files, stdin=opts.get("stdin"),
             as_nobody=opts.get("nobody", False),
             stdout_full=opts.get("stdout_full", False))
    streams = [("stderr", zh.stderr)]
    if opts.get("out"):
        out = zh.stdout.splitlines(True)[:opts.get("head")]
        streams.append(("stdout", "".join(out)))
    if opts.get("json"):
        streams.append(("error.message", json_messages(zh.stdout)))
    problems = []
    for line in zh.stderr.splitlines():
        # one prefix style: "casereview COMMAND: …", never "score: …"
        if re.match(r"(?:casereview-)?(?:%s)[:：]" % "|".join(SUBCOMMANDS),
                    line):
            problems.append("prefix: %r" % line)
    for what, text in streams:
        for line in text.splitlines():
            left = english_left(line, quoted)
            if left:
                problems.append("zh %s: %r -> %s" % (what, line, left))
    if not opts.get("zh_only"):
        en = run(args, "en_US.UTF-8", files, stdin=opts.get("stdin"),
                 as_nobody=opts.get("nobody", False),
                 stdout_full=opts.get("stdout_full", False))
        summary = SUMMARY_HEAD.search(en.stderr)
        streams = [("stderr", en.stderr[:summary.start()] if summary
                    else en.stderr)]
        if opts.get("out"):
            out = en.stdout.splitlines(True)[:opts.get("head")]
            streams.append(("stdout", "".join(out)))
        if opts.get("json"):
            streams.append(("error.message", json_messages(en.stdout)))
        for what, text in streams:
            for line in text.splitlines():
                if chinese_left(line, quoted):
                    problems.append("en %s: %r" % (what, line))
        assert en.returncode == zh.returncode, (en, zh)
    # a mistake or an odd input must be told
    if zh.returncode != 0:
        assert zh.stderr or opts.get("out") or opts.get("json"), zh
        assert zh.stderr + (zh.stdout or ""), zh
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name,args,opts", ROWS)
def test_matrix(name, args, opts, files):
    check(name, args, opts, files)


# The Python binding: what a script shows its user. The diagnostics'
# messages and their file:line:col lines, and a case's error, follow
# language=; the exception's own first line is the binding's.
def _load_error(**kw):
    import casereview
    try:
        casereview.Checklist.load(**kw)
    except casereview.ChecklistError as e:
        return e
    raise AssertionError("loaded: %r" % (kw,))


def _string_error(xml, language):
    import casereview
    try:
        casereview.Checklist.from_string(xml, language=language)
    except casereview.ChecklistError as e:
        return e
    raise AssertionError("loaded")


def _diag_texts(e):
    return [d.message for d in e.diagnostics] + \
        [str(d) for d in e.diagnostics]


def _case_error(path, language):
    import casereview
    with casereview.Checklist.load(RULES, language=language) as cl, \
            cl.evaluator() as ev:
        res = ev.score_file(path, check=False)
    return [res.error]


def _set_param_error(language):
    import casereview
    with casereview.Checklist.load(RULES, language=language) as cl, \
            cl.evaluator() as ev:
        try:
            ev.set_param("disclosure-workdays", "-5")
        except casereview.ParamError as e:
            return e
    raise AssertionError("accepted")


def _transform_error(language):
    import casereview
    try:
        casereview.Transform.load("nosuch.xsl", language=language)
    except casereview.ChecklistError as e:
        return e
    except TypeError:          # no language= yet
        raise AssertionError("Transform.load has no language=")
    raise AssertionError("loaded")


PY_ROWS = [
    ("py-load-missing", lambda f, lang: _diag_texts(_load_error(
        path="nosuch.xml", language=lang))),
    ("py-load-folder", lambda f, lang: _diag_texts(_load_error(
        path=f["DIR"], language=lang))),
    ("py-load-empty", lambda f, lang: _diag_texts(_string_error("", lang))),
    ("py-load-garbage", lambda f, lang: _diag_texts(_string_error(
        "garbage <", lang))),
    ("py-param-abc", lambda f, lang: _diag_texts(_load_error(
        path=RULES, params={"disclosure-workdays": "abc"}, language=lang))),
    ("py-param-unknown", lambda f, lang: _diag_texts(_load_error(
        path=RULES, params={"nosuch": "1"}, language=lang))),
    ("py-case-missing", lambda f, lang: _case_error("nosuch.xml", lang)),
    ("py-case-folder", lambda f, lang: _case_error(f["DIR"], lang)),
    ("py-case-zip", lambda f, lang: _case_error(f["ZIP"], lang)),
    ("py-case-empty", lambda f, lang: _case_error(f["EMPTY"], lang)),
    ("py-case-garbage", lambda f, lang: _case_error(f["GARBAGE"], lang)),
    ("py-transform-missing", lambda f, lang: _diag_texts(
        _transform_error(lang))),
    ("py-set-param", lambda f, lang: _diag_texts(_set_param_error(lang))),
    ("py-exception-line", lambda f, lang: [str(_load_error(
        path="nosuch.xml", language=lang)).splitlines()[0]]),
]
PY_PENDING = {}


@pytest.mark.parametrize("name,call", [
    pytest.param(n, c, id=n) for n, c in PY_ROWS] + [
    pytest.param(n, c, id=n, marks=pytest.mark.xfail(strict=False,
                                                     reason=why))
    for n, (c, why) in PY_PENDING.items()])
def test_python_matrix(name, call, files):
    problems = []
    for line in call(files, "zh"):
        left = english_left(line, [files[k] for k in ("DIR", "ZIP", "EMPTY",
                                                      "GARBAGE")]
                            + [RULES, "nosuch.xml", "nosuch.xsl", "<string>"])
        if left:
            problems.append("zh: %r -> %s" % (line, left))
    for line in call(files, "en"):
        if chinese_left(line):
            problems.append("en: %r" % line)
    assert not problems, "\n".join(problems)
