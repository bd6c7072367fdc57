"""Messages in Chinese by default and in English when the locale asks
(docs/messages.md): the command's usage, options, I/O and checklist
diagnostics, and the Python binding's language= keyword."""
import os
import re
import subprocess

import pytest

from conftest import CLI, REPO

import casereview

pytestmark = pytest.mark.skipif(not os.path.exists(CLI),
                                reason="no casereview command: " + CLI)

RULES = os.path.join(REPO, "rules", "penalty-general.xml")
CASE = os.path.join(REPO, "examples", "cases", "clean-general.xml")
ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "en_US.UTF-8"}
BAD = """<checklist xmlns="urn:casereview:checklist:1" id="x" total="100">
<category id="a" title="A" points="90">
<item id="i" deduct="1"><check context="/"><assert test="cr:matchs(1)">m</assert></check></item>
</category></checklist>
"""


def run(args, env, stdin=None):
    full = {k: v for k, v in os.environ.items()
            if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    full.update(env)
    return subprocess.run([CLI] + args, env=full, input=stdin,
                          capture_output=True, text=True)


def has_ascii_words(text):
    """True when TEXT holds an English word of 4+ letters (quoted input
    such as paths aside, which the callers strip)."""
    import re
    return re.search(r"[A-Za-z]{4,}", text) is not None


def test_mistyped_subcommand_suggests():
    zh = run(["scroe"], ZH)
    assert zh.returncode == 2
    assert zh.stderr.startswith("casereview: 未知命令“scroe”；您是不是要用“score”？")
    en = run(["scroe"], EN)
    assert en.returncode == 2
    assert "unknown command 'scroe'; did you mean 'score'?" in en.stderr


def test_unknown_subcommand_without_neighbour():
    zh = run(["frobnicate"], ZH)
    assert "未知命令“frobnicate”" in zh.stderr
    assert "您是不是" not in zh.stderr


def test_mistyped_option_suggests():
    zh = run(["score", "-c", RULES, "--fromat", "json", CASE], ZH)
    assert zh.returncode == 2
    assert "casereview score: 未知选项 --fromat；您是不是要用 --format？" \
        in zh.stderr
    en = run(["score", "-c", RULES, "--fromat", "json", CASE], EN)
    assert "casereview score: unknown option --fromat; did you mean " \
        "--format?" in en.stderr
    zh = run(["batch", "-c", RULES, "--sumary", "x.json", CASE], ZH)
    assert "您是不是要用 --summary？" in zh.stderr


def test_option_missing_value():
    assert "casereview score: 选项 -c 需要一个值" in run(["score", "-c"],
                                                       ZH).stderr
    assert "casereview score: option -c needs a value" in \
        run(["score", "-c"], EN).stderr


def test_score_help_describes_options_and_json_default():
    zh = run(["score", "--help"], ZH)
    assert zh.returncode == 0
    assert "输出到文件或管道时为 json" in zh.stdout
    for opt in ("--param", "--data", "--format", "--explain", "--verdicts",
                "--transform", "--max-case-nodes", "--max-findings"):
        assert opt in zh.stdout
    en = run(["score", "--help"], EN)
    assert "json when the output is a file or a pipe" in en.stdout


def test_score_reads_stdin():
    with open(CASE, encoding="utf-8") as f:
        out = run(["score", "-c", RULES, "-"], ZH, stdin=f.read())
    assert out.returncode == 0, out.stderr
    assert '"source": "-"' in out.stdout
    assert '"score": 100' in out.stdout


def test_score_folder_and_archive_point_to_batch():
    out = run(["score", "-c", RULES, "--format", "text",
               os.path.join(REPO, "examples")], ZH)
    assert out.returncode == 1
    assert "casereview batch" in out.stdout
    assert "Is a directory" not in out.stdout
    zip_path = os.path.join(REPO, "examples", "export-2024.zip")
    out = run(["score", "-c", RULES, "--format", "text", zip_path], ZH)
    assert "压缩包" in out.stdout and "casereview batch" in out.stdout


def test_missing_case_file_has_no_strerror_in_text():
    out = run(["score", "-c", RULES, "--format", "text", "nosuch.xml"], ZH)
    assert "文件不存在" in out.stdout
    assert "No such file" not in out.stdout


def test_lint_folder_says_it_is_a_folder():
    folder = os.path.join(REPO, "rules")
    zh = run(["lint", folder], ZH)
    assert zh.returncode == 2
    assert "casereview lint: “%s”是文件夹" % folder in zh.stderr
    assert "Is a directory" not in zh.stderr + zh.stdout
    en = run(["lint", folder], EN)
    assert "'%s' is a folder, not a checklist file" % folder in en.stderr


def test_lint_diagnostics_in_both_languages(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text(BAD, encoding="utf-8")
    zh = run(["lint", str(path)], ZH)
    assert zh.returncode == 2
    assert "%s:3:1: 错误[CR-2207]: 未知函数 cr:matchs" % path in zh.stdout
    assert "错误[CR-2008]: 各分类分值之和为 90，不等于总分 100" in zh.stdout
    assert "%s：2 个问题" % path in zh.stdout
    for line in zh.stdout.splitlines():
        message = line.replace(str(path), "").split("]: ", 1)[-1]
        assert not has_ascii_words(message.replace("cr:matchs", "")
                                   .replace("accepts test", "")), line
    en = run(["lint", str(path)], EN)
    assert "%s:3:1: error[CR-2207]: unknown function cr:matchs" % path \
        in en.stdout
    assert "category points add up to 90, not the total 100" in en.stdout
    assert "%s: 2 problem(s)" % path in en.stdout


def test_checklist_io_error_in_chinese(tmp_path):
    missing = str(tmp_path / "none.xml")
    zh = run(["score", "-c", missing, CASE], ZH)
    assert zh.returncode == 2
    assert "错误[CR-1001]: 无法读取：文件或文件夹不存在" in zh.stderr
    assert "no such file" not in zh.stderr.lower()
    en = run(["score", "-c", missing, CASE], EN)
    assert "error[CR-1001]: cannot read: no such file or folder" in en.stderr
    zh = run(["score", "-c", "no-such-name", CASE], ZH)
    assert "没有评查标准“no-such-name”" in zh.stderr


def test_lc_all_wins_over_lang():
    out = run(["scroe"], {"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"})
    assert "did you mean" in out.stderr
    out = run(["scroe"], {"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"})
    assert "您是不是" in out.stderr
    out = run(["scroe"], {})
    assert "您是不是" in out.stderr     # no locale: Chinese


def test_param_override_usage_error():
    zh = run(["score", "-c", RULES, "--param", "nonsense", CASE], ZH)
    assert "casereview score: 应为“名称=值”，而不是“nonsense”" in zh.stderr
    en = run(["score", "-c", RULES, "--param", "nonsense", CASE], EN)
    assert "expected NAME=VALUE, got 'nonsense'" in en.stderr


def test_python_language_keyword(monkeypatch):
    for var in ("LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(casereview.ChecklistError) as zh:
        casereview.Checklist.from_string(BAD)
    assert any(d.message == "各分类分值之和为 90，不等于总分 100"
               for d in zh.value.diagnostics)
    with pytest.raises(casereview.ChecklistError) as en:
        casereview.Checklist.from_string(BAD, language="en")
    assert any(d.message == "category points add up to 90, not the total 100"
               for d in en.value.diagnostics)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    with pytest.raises(casereview.ChecklistError) as loc:
        casereview.Checklist.from_string(BAD)
    assert any(d.code == 2207 and d.message == "unknown function cr:matchs"
               for d in loc.value.diagnostics)
    with pytest.raises(ValueError):
        casereview.Checklist.from_string(BAD, language="fr")


def test_case_errors_in_both_languages(tmp_path):
    pdf = tmp_path / "scan.pdf.xml"
    pdf.write_bytes(b"%PDF-1.7\n%binary\n")
    broken = tmp_path / "broken.xml"
    broken.write_text("<case><a></b></case>", encoding="utf-8")
    args = ["score", "-c", RULES, "--format", "json", str(pdf), str(broken),
            str(tmp_path / "none.xml")]
    zh = [__import__("json").loads(l) for l in run(args, ZH).stdout.splitlines()]
    en = [__import__("json").loads(l) for l in run(args, EN).stdout.splitlines()]
    assert zh[0]["error"]["message"] == "这是 PDF 文件，不是 casefile XML 案卷"
    assert en[0]["error"]["message"] == \
        "this is a PDF file, not a casefile XML case file"
    assert zh[1]["error"]["message"] == "不是格式正确的 XML：开始标签与结束标签不一致"
    assert en[1]["error"]["message"] == \
        "not well-formed XML: a start tag and its end tag do not match"
    # libxml2's own words stay the detail, in both
    assert "mismatch" in zh[1]["error"]["detail"]
    assert en[1]["error"]["detail"] == zh[1]["error"]["detail"]
    assert zh[2]["error"]["message"] == "文件不存在"
    assert en[2]["error"]["message"] == "the file does not exist"
    assert [r["error"]["kind"] for r in zh] == [r["error"]["kind"] for r in en]


def test_python_case_error_follows_checklist_language():
    cl = casereview.Checklist.load(RULES, language="en")
    with casereview.Evaluator(cl) as ev:
        res = ev.score_bytes(b"", check=False)
    assert res.error == "the file is empty (0 bytes)"
    cl = casereview.Checklist.load(RULES, language="zh")
    with casereview.Evaluator(cl) as ev:
        res = ev.score_bytes(b"", check=False)
    assert res.error == "文件为空（0 字节）"


def test_param_value_refused_in_both_languages():
    rule = os.path.join(REPO, "rules", "inspection-enterprise.xml")
    case = os.path.join(REPO, "examples", "cases", "clean-inspection.xml")
    args = ["score", "-c", rule, "--param", "disclosure-workdays=-5", case]
    zh = run(args, ZH)
    assert zh.returncode == 2
    assert "错误[CR-3051]: 参数 'disclosure-workdays' 的值 '-5' 不合要求：" \
        "应为不小于 1 的整数" in zh.stderr
    en = run(args, EN)
    assert en.returncode == 2
    assert "error[CR-3051]: param 'disclosure-workdays': the value '-5' " \
        "does not fit: it should be an integer not less than 1" in en.stderr


def test_python_param_messages_follow_checklist_language():
    rule = os.path.join(REPO, "rules", "inspection-enterprise.xml")
    with pytest.raises(casereview.ParamError) as zh:
        casereview.Checklist.load(rule, params={"min-officers": "two"},
                                  language="zh")
    assert "参数 'min-officers' 的值 'two' 不合要求" in \
        zh.value.errors[0].message
    with pytest.raises(casereview.ParamError) as en:
        casereview.Checklist.load(rule, params={"min-officers": "two"},
                                  language="en")
    assert en.value.errors[0].message == (
        "param 'min-officers': the value 'two' does not fit: it should be "
        "an integer not less than 1")
    with casereview.Checklist.load(rule, language="en") as cl, \
            cl.evaluator() as ev:
        with pytest.raises(casereview.ParamError, match="true or false"):
            ev.set_param("check-code-required", "yes")


def test_param_declaration_in_both_languages(tmp_path):
    path = tmp_path / "typed.xml"
    path.write_text(BAD.replace(
        'total="100">',
        'total="100"><param name="n" type="integer" min="1" default="0"/>'
        '<param name="t" type="colour" default="x"/>'), encoding="utf-8")
    zh = run(["lint", str(path)], ZH)
    assert "错误[CR-3051]: 参数 'n' 的默认值 '0' 不合要求：应为不小于 1 的整数" \
        in zh.stdout
    assert "错误[CR-3050]: 参数 't' 的类型 'colour' 未知" in zh.stdout
    en = run(["lint", str(path)], EN)
    assert "error[CR-3051]: param 'n': the default value '0' does not fit: " \
        "it should be an integer not less than 1" in en.stdout
    assert "error[CR-3050]: param 't' has the unknown type 'colour'" \
        in en.stdout


def test_diff_warnings_and_changes_in_both_languages():
    a = os.path.join(REPO, "rules", "penalty-general.xml")
    b = os.path.join(REPO, "rules", "inspection-enterprise.xml")
    zh = run(["diff", "--format", "text", "-c", a, "-c", b], ZH)
    assert zh.returncode == 0, zh.stderr
    assert "警告[CR-3060]：两个评查标准的 id 不同（旧：penalty-general，" \
        "新：inspection-enterprise）" in zh.stdout
    assert "参数 disclosure-workdays 的默认值：7 -> 20" in zh.stdout
    assert "参数 filing-workdays：删除（原默认值 15）" in zh.stdout
    en = run(["diff", "--format", "text", "-c", a, "-c", b], EN)
    assert "warning[CR-3060]: the two checklists have different ids " \
        "(old: penalty-general, new: inspection-enterprise)" in en.stdout
    assert "param disclosure-workdays default: 7 -> 20" in en.stdout
    assert "param filing-workdays: removed (default was 15)" in en.stdout
    assert "参数" not in en.stdout and "警告" not in en.stdout


ARCHIVE_BAD = os.path.join(REPO, "tests", "cases", "lint",
                           "archive-rules-invalid", "checklist.xml")


def test_archive_rule_diagnostics_in_both_languages():
    zh = run(["lint", ARCHIVE_BAD], ZH)
    assert zh.returncode != 0
    assert "错误[CR-2961]: 规则“R1”的 group-by 中“nosuch”不是任何事实的名字" \
        in zh.stderr + zh.stdout
    assert "错误[CR-2964]: 规则“R1”的 days（“0”）必须是 1 到 36600 之间的整数" \
        in zh.stderr + zh.stdout
    for line in (zh.stderr + zh.stdout).splitlines():
        if "[CR-29" in line:
            # the checklist's own words (attributes, types) stay; the
            # English of the texts must not
            text = line.split("]: ", 1)[1]
            assert not re.search(r"\b(rule|fact|must|names|takes|needs|"
                                 r"second|duplicate|neither|whole|holds)\b",
                                 text), line
    en = run(["lint", ARCHIVE_BAD], EN)
    assert "error[CR-2961]: group-by of rule 'R1' names no fact: 'nosuch'" \
        in en.stderr + en.stdout
    assert "error[CR-2964]: days of rule 'R1' ('0') must be a whole number " \
        "from 1 to 36600" in en.stderr + en.stdout


def test_batch_several_checklists_refusals_in_both_languages(tmp_path):
    other = os.path.join(REPO, "rules", "licensing-general.xml")
    args = ["batch", "-c", RULES, "-c", other, "--archive-json",
            str(tmp_path / "a.json"), CASE]
    zh = run(args, ZH)
    assert zh.returncode == 2
    assert zh.stderr == ("casereview batch: --archive-json 和 --archive-csv "
                         "只能用于一个评查标准，不能与多个 -c 同用\n")
    en = run(args, EN)
    assert en.returncode == 2
    assert en.stderr == ("casereview batch: --archive-json and --archive-csv "
                         "take one checklist, not several -c\n")
    assert not (tmp_path / "a.json").exists()


def test_batch_case_no_checklist_accepts_in_both_languages(tmp_path):
    clean = open(os.path.join(REPO, "examples", "cases",
                              "clean-inspection.xml"), encoding="utf-8").read()
    case = tmp_path / "audit.xml"
    case.write_text(clean.replace('kind="inspection"', 'kind="audit"'),
                    encoding="utf-8")
    other = os.path.join(REPO, "rules", "inspection-enterprise.xml")
    args = ["batch", "-q", "-c", RULES, "-c", other, str(case)]
    import json
    zh = json.loads(run(args, ZH).stdout.splitlines()[0])["error"]
    assert zh["kind"] == "not-accepted"
    assert zh["message"].startswith(
        "本次评查的评查标准都不适用于这个案卷：根元素为 <case>，format 为"
        "“casefile/1.1”，案件种类（kind）为“audit”。本次评查的标准：")
    en = json.loads(run(args, EN).stdout.splitlines()[0])["error"]
    assert en["kind"] == "not-accepted"
    assert en["message"].startswith(
        "no checklist of the run applies to the case: the root element is "
        "<case>, format \"casefile/1.1\", kind of case \"audit\". The "
        "checklists of the run: '")
    assert "(inspection-enterprise)." in en["message"]


def test_python_mixed_refusal_words_as_the_command(tmp_path):
    clean = open(os.path.join(REPO, "examples", "cases",
                              "clean-inspection.xml"), encoding="utf-8").read()
    case = tmp_path / "audit.xml"
    case.write_text(clean.replace('kind="inspection"', 'kind="audit"'),
                    encoding="utf-8")
    other = os.path.join(REPO, "rules", "inspection-enterprise.xml")
    import json
    for lang, env in (("zh", ZH), ("en", EN)):
        cli = json.loads(run(["batch", "-q", "-c", RULES, "-c", other,
                              str(case)], env).stdout.splitlines()[0])
        cls = [casereview.Checklist.load(p, language=lang)
               for p in (RULES, other)]
        [r] = list(casereview.score_many(cls, [str(case)]))
        assert r.error == cli["error"]["message"]
