"""diff, test, describe, verdicts, list and lint in Chinese by default
and in English when the locale asks (docs/messages.md): --help, usage
errors, progress and summaries, the text report of diff, the pass/fail
lines of test, the review form reader's complaints and list's table."""
import json
import os
import re
import subprocess

import pytest

from conftest import CLI, REPO, make_case

pytestmark = pytest.mark.skipif(not os.path.exists(CLI),
                                reason="no casereview command: " + CLI)

DATA = os.path.join(REPO, "tests", "authoring", "data")
DEMO = os.path.join(DATA, "demo.xml")
WRONG = os.path.join(DATA, "demo-wrong-tests.xml")
PENDING = os.path.join(REPO, "tests", "cases", "verdicts",
                       "pending-with-verdicts", "checklist.xml")
ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "en_US.UTF-8"}

# What a Chinese text may hold in Latin letters: option names, codes,
# element and attribute names, file names and the names of formats.
ALLOWED = re.compile(
    r"--?[A-Za-z][A-Za-z-]*|CR-\d+|CR-NNNN|casereview(?: [a-z]+)?|casefile|"
    r"<[^>]*>|[A-Za-z-]+=|[\w./~-]*\.(?:xml|xsl|csv|md)\b|"
    r"~?/[\w./-]+|text\|json|markdown\|tsv|true\|false|"
    r"\b(?:json|text|markdown|tsv|Markdown|TSV|JSON|XML|CSV|UTF-8|GB18030|"
    r"Excel|WPS|batch|list|lint|verdicts|version|NUL|null|"
    r"CASEREVIEW_CHECKLIST_PATH|append|prepend|before|after|passed|"
    r"failed|not-applicable|error|pending|applicable)\b")


def run(args, env, cwd=None):
    full = {k: v for k, v in os.environ.items()
            if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    full.update(env)
    return subprocess.run([CLI] + args, env=full, capture_output=True,
                          text=True, cwd=cwd)


def english_left(text, *quoted):
    """The English words of TEXT once the QUOTED inputs (paths, ids,
    names) and what ALLOWED names are taken out."""
    for q in sorted(quoted, key=len, reverse=True):
        text = text.replace(q, " ")
    text = ALLOWED.sub(" ", text)
    return re.findall(r"[A-Za-z]{3,}", text)


def both(args, zh_text, en_text, code=None, stream="stdout", quoted=(),
         cwd=None):
    """Runs ARGS in Chinese and in English; each output holds its text,
    the Chinese one no English word beyond QUOTED. Returns both."""
    zh = run(args, ZH, cwd)
    en = run(args, EN, cwd)
    zout, eout = getattr(zh, stream), getattr(en, stream)
    for t in ([zh_text] if isinstance(zh_text, str) else zh_text):
        assert t in zout, zout
    for t in ([en_text] if isinstance(en_text, str) else en_text):
        assert t in eout, eout
    if code is not None:
        assert zh.returncode == code and en.returncode == code
    assert english_left(zout, *quoted) == [], zout
    return zh, en


# ---- --help: usage, every option, the exit status ----

@pytest.mark.parametrize("cmd,zh,en,options", [
    ("diff", "比较两个评查标准", "Compares two checklists",
     ["-c, --checklist", "--param", "--data", "--verdicts", "--format",
      "-j, --jobs", "--transform", "--max-case-nodes", "-h, --help"]),
    ("test", "运行每个“文件”中的测试", "Runs the tests of each FILE",
     ["--param", "--data", "--verdicts", "--transform", "-q, --quiet",
      "-h, --help"]),
    ("describe", "为人阅读输出每个评查标准", "Prints each CHECKLIST",
     ["--format markdown|tsv", "--param", "--data", "-h, --help"]),
    ("verdicts", "把填好的评审表", "Turns filled review forms",
     ["-c, --checklist", "-o, --output", "--merge", "--by", "--at",
      "-h, --help"]),
    ("list", "按搜索路径逐个目录列出", "Lists the checklists found by name",
     ["--format text|json", "--names", "--path", "-h, --help"]),
    ("lint", "加载每个评查标准", "Loads each CHECKLIST",
     ["--verdicts", "-h, --help"]),
])
def test_help_in_both_languages(cmd, zh, en, options):
    z, e = both([cmd, "--help"], ["用法：casereview " + cmd, zh, "退出状态："],
                ["usage: casereview " + cmd, en, "Exit status:"], code=0)
    for o in options:
        assert o in z.stdout and o in e.stdout
    assert "显示本说明" in z.stdout and "this text" in e.stdout


# ---- usage errors ----

@pytest.mark.parametrize("args,zh,en", [
    (["diff", "-c", DEMO], "请给出两个评查标准：-c 旧标准 -c 新标准",
     "give two checklists, -c OLD -c NEW"),
    (["diff", "-c", DEMO, "-c", DEMO, "-c", DEMO], "只能给两个评查标准",
     "give exactly two checklists"),
    (["diff", "--format", "xml", "-c", DEMO, "-c", DEMO],
     "未知的输出格式“xml”（应为 text 或 json）",
     "unknown format 'xml' (text or json)"),
    (["diff", "-j", "0", "-c", DEMO, "-c", DEMO],
     "-j 应为 1 到 1024 的整数，而不是“0”",
     "-j wants a whole number from 1 to 1024, not '0'"),
    (["diff", "--bogus"], "未知或缺少值的选项“--bogus”",
     "unknown or incomplete option '--bogus'"),
    (["test"], "请给出评查标准或测试文件", "give a checklist or a tests file"),
    (["test", "--bogus", DEMO], "未知或缺少值的选项“--bogus”",
     "unknown or incomplete option '--bogus'"),
    (["describe"], "请给出评查标准", "give a checklist"),
    (["describe", "--format", "html", DEMO],
     "未知的输出格式“html”（应为 markdown 或 tsv）",
     "unknown format 'html' (markdown or tsv)"),
    (["verdicts", "-c", DEMO],
     "请用 -c 给出评查标准，并给出填好的评审表（.csv 文件）",
     "give -c CHECKLIST and a FORM.csv"),
    (["verdicts", "-c"], "未知或缺少值的选项“-c”",
     "unknown or incomplete option '-c'"),
    (["lint", "--bogus", DEMO], "未知或缺少值的选项“--bogus”",
     "unknown or incomplete option '--bogus'"),
    (["lint"], "请给出评查标准", "give a checklist"),
])
def test_usage_errors(args, zh, en):
    cmd = args[0]
    z, e = both(args, "casereview %s: %s" % (cmd, zh),
                "casereview %s: %s" % (cmd, en), code=2, stream="stderr",
                quoted=[a for a in args[1:] if not a.startswith("-")])
    # the usage line follows the error, in the same language
    assert "用法：casereview " + cmd in z.stderr
    assert "usage: casereview " + cmd in e.stderr


# ---- diff: the text report follows the language, JSON does not ----

def two_checklists(tmp_path):
    text = open(DEMO, encoding="utf-8").read()
    text = text[:text.index("  <tests>")] + "</checklist>\n"
    old = tmp_path / "old.xml"
    old.write_text(text, encoding="utf-8")
    new = text.replace('deduct="5" per="node" max="10"',
                       'deduct="3" per="item" max="10"')
    new = new.replace('<item id="S2" title="执法主体合法" deduct="20" '
                      'veto="true"', '<item id="S2" title="执法主体合法" '
                      'deduct="20" veto="false"')
    new = new.replace('version="1.0"', 'version="1.1"')
    new = new.replace('label="合格" min="60"', 'label="合格" min="65"')
    (tmp_path / "new.xml").write_text(new, encoding="utf-8")
    case = tmp_path / "one-officer.xml"
    case.write_text(make_case("C-1", officers=1), encoding="utf-8")
    return str(old), str(tmp_path / "new.xml"), str(case)


def test_diff_text_report(tmp_path):
    old, new, case = two_checklists(tmp_path)
    missing = str(tmp_path / "missing.xml")
    args = ["diff", "--format", "text", "-c", old, "-c", new, case, missing]
    zh, en = both(
        args,
        ["旧标准：demo 1.0（%s）\n新标准：demo 1.1（%s）\n" % (old, new),
         "评查标准的等次下限 pass：60 -> 65",
         "评查项：新增 0 项，删除 0 项，修改 2 项",
         "      扣分：5 -> 3\n", "      扣分方式：每个节点 -> 每项一次\n",
         "      否决项：是 -> 否\n",
         "案卷 2 件，结果有变化（得分、等次或否决）1 件，无法评查或未评完 1 件",
         "      S1：不通过 -5 -> 不通过 -3\n",
         "  无法评查：%s：文件不存在\n" % missing,
         "新不合格 / 新合格的评查项（案卷数）：\n"],
        ["old: demo 1.0 (%s)\nnew: demo 1.1 (%s)\n" % (old, new),
         "checklist grade.min pass: 60 -> 65",
         "items: 0 added, 0 removed, 2 changed",
         "      deduct: 5 -> 3\n", "      per: node -> item\n",
         "      veto: true -> false\n",
         "cases: 2, 1 changed (score, grade or veto), 1 unscorable or "
         "incomplete",
         "      S1: failed -5 -> failed -3\n",
         "  unscorable: %s: " % missing,
         "items newly failing / newly passing (cases):\n"],
        code=1, quoted=[old, new, case, missing, "demo", "pass"])
    # no separator bytes of batch's error records reach the reader
    assert "?" not in zh.stdout and "unreadable" not in zh.stdout
    assert "  （无）\n" in zh.stdout and "  (none)\n" in en.stdout


def test_diff_json_does_not_follow_the_language(tmp_path):
    old, new, case = two_checklists(tmp_path)
    missing = str(tmp_path / "missing.xml")
    args = ["diff", "--format", "json", "-c", old, "-c", new, case, missing]
    zh, en = run(args, ZH), run(args, EN)
    d, e = json.loads(zh.stdout), json.loads(en.stdout)
    assert d["items"]["changed"][0]["changes"][0]["field"] == "deduct"
    # the message of a file that cannot be read, not batch's record of
    # it: an error message, in the user's language as in every result
    assert [u["error"] for u in d["unscorable"]] == ["文件不存在"]
    assert [u["error"] for u in e["unscorable"]] == [
        "the file does not exist"]
    for u in d["unscorable"] + e["unscorable"]:
        u["error"] = ""
    assert d == e


# ---- test: pass/fail lines, totals, files that are not tests ----

def test_test_lines_and_totals():
    rel = os.path.relpath(WRONG, REPO)
    zh, en = both(
        ["test", rel, rel],
        ["  失败  wrong state（第 5 行）\n",
         "%s:6: 评查项 S1：期望 passed，实际为 failed（发现的问题：“" % rel,
         "%s:9: 评查项 S1：期望扣 10 分，实际扣 5 分" % rel,
         "%s:12: 评查项 S1：没有一条问题的说明包含“仅有3名”" % rel,
         "%s:15: 期望得分 100，实际为 95" % rel,
         "%s:17: 期望案卷被否决，实际没有被否决" % rel,
         "%s:20: 评查标准中没有评查项 S9" % rel,
         "%s:23: <expect>：未知属性 stat=" % rel,
         "%s:23: <expect item=\"S1\"> 没有写任何期望" % rel,
         "sel=\"/case/nothing-here\" 在案卷中没有选中任何节点",
         "%s:32: 测试没有写任何期望" % rel,
         "%s:33: 无法读取案卷文件 " % rel,
         "  通过  right（第 36 行）\n",
         "%s：测试 11 个，通过 1 个，失败 10 个\n" % rel,
         "合计：测试 22 个，通过 2 个，失败 20 个\n"],
        ["  FAIL  wrong state (line 5)\n",
         "%s:6: item S1: expected passed, got failed (findings: " % rel,
         "%s:9: item S1: expected deducted 10, got 5" % rel,
         "%s:15: expected score 100, got 95" % rel,
         "%s:17: expected the case vetoed, it was not" % rel,
         "%s:20: no item S9 in the checklist" % rel,
         "%s:32: test expects nothing" % rel,
         "  ok    right (line 36)\n",
         "%s: 11 test(s), 1 passed, 10 failed\n" % rel,
         "total: 22 test(s), 2 passed, 20 failed\n"],
        code=1, cwd=REPO,
        quoted=[rel, "wrong state", "wrong deduction", "wrong message",
                "wrong score and grade", "unknown item", "misspelt attribute",
                "stale edit", "others", "nothing expected",
                "missing case file", "right", "demo", "stat",
                "tests/authoring/data/no-such-case.xml",
                "/case/nothing-here"])


def test_test_on_a_folder_is_an_error_like_lint(tmp_path):
    d = str(tmp_path)
    zh, en = both(["test", d + "/"],
                  "casereview test: “%s/”是文件夹，不是评查标准或测试文件："
                  "请列出其中的文件，如 casereview test %s/*.xml" % (d, d),
                  "casereview test: '%s/' is a folder, not a checklist or "
                  "tests file: name the files in it, as in casereview test "
                  "%s/*.xml" % (d, d),
                  code=2, stream="stderr", quoted=[d])
    for p in (zh, en):
        assert "I/O error" not in p.stderr
        assert "parser error" not in p.stderr
        assert len(p.stderr.splitlines()) == 1


def test_test_on_a_file_that_is_not_xml(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<tests><test></tests>", encoding="utf-8")
    zh, en = run(["test", str(bad)], ZH), run(["test", str(bad)], EN)
    assert zh.returncode == en.returncode == 2
    m = re.fullmatch(r"casereview test: %s:1: 不是格式正确的 XML 文件"
                     r"（(.+)）\n" % re.escape(str(bad)), zh.stderr)
    assert m, zh.stderr
    # libxml2's own text is kept as the detail, on the same single line
    assert "tag" in m.group(1) and english_left(m.group(0), m.group(1)) == []
    assert en.stderr.startswith("casereview test: %s:1: not a well-formed "
                                "XML file (" % bad)
    assert "parser error" not in zh.stderr + en.stderr


def test_test_tests_file_without_checklist(tmp_path):
    f = tmp_path / "t.xml"
    f.write_text('<tests xmlns="urn:casereview:checklist:1"/>',
                 encoding="utf-8")
    both(["test", str(f)],
         "casereview test: %s:1: <tests> 需要 checklist=\"路径\"" % f,
         "casereview test: %s:1: <tests> needs checklist=\"PATH\"" % f,
         code=2, stream="stderr", quoted=[str(f)])


# ---- verdicts: the review form reader and its summary ----

def test_verdicts_form_problems(tmp_path):
    form = tmp_path / "f.csv"
    form.write_text("a,b\r\n1,2\r\n", encoding="utf-8")
    both(["verdicts", "-c", PENDING, str(form)],
         "casereview verdicts: %s:1: 不是评审表：表头需要“案卷编号”“评查项”"
         "和“结论”三列" % form,
         "casereview verdicts: %s:1: not a review form: the header needs "
         "'案卷编号' (case), '评查项' (item) and '结论' (result)" % form,
         code=2, stream="stderr", quoted=[str(form)])
    form.write_bytes(b"\x00\x01")
    both(["verdicts", "-c", PENDING, str(form)],
         "casereview verdicts: %s：不是文本文件（含有 NUL 字节）" % form,
         "casereview verdicts: %s: not a text file (a NUL byte)" % form,
         code=2, stream="stderr", quoted=[str(form)])
    form.write_bytes(b"\xff\xfe\xff")
    both(["verdicts", "-c", PENDING, str(form)],
         "既不是 UTF-8 也不是 GB18030 编码的文本",
         "neither UTF-8 nor GB18030 text",
         code=2, stream="stderr", quoted=[str(form)])
    both(["verdicts", "-c", PENDING, "--merge", str(form), str(form)],
         "casereview verdicts: %s：不是格式正确的 XML 文件" % form,
         "casereview verdicts: %s: not a well-formed XML file" % form,
         code=2, stream="stderr", quoted=[str(form)])


def test_verdicts_summary(tmp_path):
    form = tmp_path / "f.csv"
    form.write_text("案卷编号,评查项,结论\r\n", encoding="utf-8")
    out = tmp_path / "v.xml"
    both(["verdicts", "-c", PENDING, "-o", str(out), str(form)],
         "casereview verdicts: 已写出 0 个决定到 %s" % out,
         "casereview verdicts: 0 verdict(s) written to %s" % out,
         code=0, stream="stderr", quoted=[str(out)])
    both(["verdicts", "-c", PENDING, str(form)],
         "casereview verdicts: 共 0 个决定", "casereview verdicts: 0 verdict(s)",
         code=0, stream="stderr")
    both(["verdicts", "-c", PENDING, "-o", str(tmp_path / "no" / "v.xml"),
          str(form)],
         "casereview verdicts: 无法写出 %s：文件或文件夹不存在"
         % (tmp_path / "no" / "v.xml"),
         "casereview verdicts: cannot write %s: no such file or folder"
         % (tmp_path / "no" / "v.xml"),
         code=2, stream="stderr", quoted=[str(tmp_path / "no" / "v.xml")])


# ---- list: the table's header and its notes ----

def list_env(tmp_path, lang):
    env = dict(lang)
    env["HOME"] = str(tmp_path / "home")
    env["XDG_DATA_HOME"] = str(tmp_path / "home" / "share")
    return env


def test_list_table(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    text = open(DEMO, encoding="utf-8").read()
    (a / "demo.xml").write_text(text, encoding="utf-8")
    (b / "demo.xml").write_text(text, encoding="utf-8")
    (a / "broken.xml").write_text(
        '<checklist xmlns="urn:casereview:checklist:1" id="b" total="1">'
        '<category id="c" title="c" points="2"/></checklist>',
        encoding="utf-8")
    path = {"CASEREVIEW_CHECKLIST_PATH": "%s:%s" % (a, b)}
    zh = run(["list"], dict(list_env(tmp_path, ZH), **path))
    en = run(["list"], dict(list_env(tmp_path, EN), **path))
    assert zh.returncode == en.returncode == 1
    assert re.match(r"  名称 +编号 +版本 +评查项 +标准名称\n", zh.stdout)
    assert re.match(r"  NAME +ID +VERSION +ITEMS +TITLE\n", en.stdout)
    assert "%s（CASEREVIEW_CHECKLIST_PATH）：" % a in zh.stdout
    assert "%s (CASEREVIEW_CHECKLIST_PATH):" % a in en.stdout
    assert re.search(r"  broken +无法加载（\d+ 个错误）：casereview lint ",
                     zh.stdout)
    assert re.search(r"  broken +does not load \(\d+ error\(s\)\): "
                     "casereview lint ", en.stdout)
    assert "  [被上面目录中的同名评查标准遮盖]" in zh.stdout
    assert "  [hidden: the name is found above]" in en.stdout
    assert english_left(zh.stdout, str(a), str(b), "broken", "demo",
                        "1.0") == []


def test_list_nothing_found(tmp_path):
    path = {"CASEREVIEW_CHECKLIST_PATH": str(tmp_path / "none")}
    zh = run(["list"], dict(list_env(tmp_path, ZH), **path))
    en = run(["list"], dict(list_env(tmp_path, EN), **path))
    assert zh.stdout.startswith("没有可按名称使用的评查标准；搜索路径为：\n")
    assert "  %s（CASEREVIEW_CHECKLIST_PATH）" % (tmp_path / "none") \
        in zh.stdout
    assert en.stdout.startswith("no checklist found by name; the search "
                                "path is:\n")
    assert "  %s (CASEREVIEW_CHECKLIST_PATH)" % (tmp_path / "none") \
        in en.stdout


def test_missing_checklist_lists_the_search_path(tmp_path):
    path = {"CASEREVIEW_CHECKLIST_PATH": str(tmp_path / "none")}
    zh = run(["lint", "nosuch"], dict(list_env(tmp_path, ZH), **path))
    en = run(["lint", "nosuch"], dict(list_env(tmp_path, EN), **path))
    assert "  %s（CASEREVIEW_CHECKLIST_PATH）\n" % (tmp_path / "none") \
        in zh.stderr
    assert "  %s (CASEREVIEW_CHECKLIST_PATH)\n" % (tmp_path / "none") \
        in en.stderr
