"""The library's messages outside loading, in Chinese and in English
(docs/messages.md): casefile validation (casereview validate,
casereview.validate), mappings (--transform, Transform), the
working-day calendar's functions and the other cr: functions; and what a
Result says of the case file itself (agency_name, kind)."""
import os
import pickle
import re
import subprocess

import pytest

from conftest import CLI, REPO

import casereview

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "en_US.UTF-8"}
BROKEN = os.path.join(REPO, "tests", "cases", "validate", "broken")
FUNCTIONS = os.path.join(REPO, "tests", "cases", "functions")
EXPORT_ZIP = os.path.join(REPO, "examples", "export-2024.zip")
CJK = re.compile("[\u4e00-\u9fff]")

needs_cli = pytest.mark.skipif(not os.path.exists(CLI),
                               reason="no casereview command: " + CLI)


def run(args, env, cwd=None):
    full = {k: v for k, v in os.environ.items()
            if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    full.update(env)
    return subprocess.run([CLI] + [str(a) for a in args], env=full,
                          cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def broken(name):
    return os.path.join(BROKEN, name)


# A case file with one of each problem whose words are fragments or
# whose arguments are in a Chinese order (casefile/1.1).
CASE = b"""<?xml version="1.0" encoding="UTF-8"?>
<case format="casefile/1" kind="inspection" id="X-1">
  <agency code="A" name="A"/>
  <officers>
    <officer id="o1" name="a"/>
    <officer id="o1" name="b"/>
  </officers>
</case>
"""

STOP = """<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><xsl:message terminate="yes">stop</xsl:message>
  </xsl:template>
</xsl:stylesheet>
"""

EMPTY = """<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"/>
</xsl:stylesheet>
"""


# -- casereview validate ----------------------------------------------------

@needs_cli
def test_validate_problems_follow_the_locale():
    files = [broken("case-01-other-export.xml"), broken("case-02-format.xml"),
             broken("case-03-format-unknown.xml")]
    zh = run(["validate"] + files, ZH)
    en = run(["validate"] + files, EN)
    assert zh.returncode == en.returncode == 1
    assert "错误[CR-2611]: 根元素为 <anjuan>，不是 casefile 案卷的 <case>" \
        in zh.stdout
    assert "error[CR-2611]: the root element is <anjuan>, not the <case> " \
        "of a casefile case file" in en.stdout
    assert "<case> 缺少必需的属性 format" in zh.stdout
    assert "<case> lacks the required attribute format" in en.stdout
    assert "<case> 的 format 应为 casefile/1、casefile/1.1 之一，不是" \
        "“casefile/2”" in zh.stdout
    assert "<case>: format must be one of casefile/1, casefile/1.1, not " \
        "'casefile/2'" in en.stdout
    assert ": 不符合 casefile 格式（1 个错误，0 个警告）" in zh.stdout
    assert ": does not follow the casefile format (errors: 1, warnings: 0)" \
        in en.stdout
    # nothing Chinese reaches the English reader but the file's own names
    assert not CJK.search(en.stdout.replace("anjuan", ""))


@needs_cli
def test_validate_a_valid_file_in_both_languages():
    case = os.path.join(REPO, "examples", "cases", "clean-inspection.xml")
    assert run(["validate", case], ZH).stdout.endswith(
        ": 符合 casefile 格式（0 个警告）\n")
    assert run(["validate", case], EN).stdout.endswith(
        ": follows the casefile format (warnings: 0)\n")


@needs_cli
def test_validate_an_archive_in_english():
    en = run(["validate", EXPORT_ZIP], EN)
    assert en.returncode == 1
    assert "this is a ZIP archive" in en.stdout
    assert "does not follow the casefile format (errors: 1, warnings: 0)" \
        in en.stdout
    assert not CJK.search(en.stdout)
    zh = run(["validate", EXPORT_ZIP], ZH)
    assert "不符合 casefile 格式（1 个错误，0 个警告）" in zh.stdout


@needs_cli
def test_validate_mapping_that_does_not_load(tmp_path):
    (tmp_path / "bad.xsl").write_text("<x/>")
    for args in (["--transform", "bad.xsl"], ["--transform", "nosuch.xsl"]):
        zh = run(["validate"] + args + [broken("case-02-format.xml")], ZH,
                 cwd=tmp_path)
        en = run(["validate"] + args + [broken("case-02-format.xml")], EN,
                 cwd=tmp_path)
        assert zh.returncode == en.returncode == 2
        if "bad" in args[1]:
            assert "错误[CR-2620]: 映射文件不是可用的 XSLT 1.0 样式表：" \
                in zh.stderr
            assert "error[CR-2620]: the mapping is not a usable XSLT 1.0 " \
                "stylesheet: " in en.stderr
        else:
            assert "映射文件无法读取：文件不存在" in zh.stderr
            assert "the mapping cannot be read: the file does not exist" \
                in en.stderr


@needs_cli
def test_validate_mapping_that_fails_on_the_case(tmp_path):
    (tmp_path / "stop.xsl").write_text(STOP)
    (tmp_path / "empty.xsl").write_text(EMPTY)
    case = broken("case-02-format.xml")
    zh = run(["validate", "--transform", "stop.xsl", case], ZH, cwd=tmp_path)
    en = run(["validate", "--transform", "stop.xsl", case], EN, cwd=tmp_path)
    assert "错误[CR-2622]: 映射 stop.xsl 中止了转换：stop" in zh.stdout
    assert "error[CR-2622]: the mapping stop.xsl ended the run: stop" \
        in en.stdout
    zh = run(["validate", "--transform", "empty.xsl", case], ZH, cwd=tmp_path)
    en = run(["validate", "--transform", "empty.xsl", case], EN, cwd=tmp_path)
    assert "映射没有输出 XML 元素（映射的输出应为一个 casefile 案卷）" \
        in zh.stdout
    assert "the mapping output no XML element (its output must be a " \
        "casefile case file)" in en.stdout


# -- Python -----------------------------------------------------------------

def test_python_validate_language():
    zh = casereview.validate(CASE, name="c.xml", language="zh")
    en = casereview.validate(CASE, name="c.xml", language="en")
    assert [d.code for d in zh.diagnostics] == [d.code for d in en.diagnostics]
    zh_text, en_text = zh.formatted, en.formatted
    assert "执法人员的 id“o1”重复（第5行已有）" in zh_text
    assert "the officer id 'o1' is defined twice (first at line 5)" in en_text
    assert "kind=“inspection” 的案卷只有 casefile/1.1 格式" in zh_text
    assert "case files of kind=\"inspection\" exist in the casefile/1.1 " \
        "format only" in en_text
    assert not CJK.search(en_text)


def test_python_validate_unreadable_file(tmp_path):
    en = casereview.validate(str(tmp_path / "nosuch.xml"), language="en")
    zh = casereview.validate(str(tmp_path / "nosuch.xml"), language="zh")
    assert en.status == zh.status == casereview._ffi.CR_ERR_IO
    assert not CJK.search(en.diagnostics[0].message)
    assert CJK.search(zh.diagnostics[0].message)


def test_python_transform_language(tmp_path):
    (tmp_path / "bad.xsl").write_text("<x/>")
    with pytest.raises(casereview.TransformError) as zh:
        casereview.Transform.load(str(tmp_path / "bad.xsl"), language="zh")
    with pytest.raises(casereview.TransformError) as en:
        casereview.Transform.load(str(tmp_path / "bad.xsl"), language="en")
    assert "映射文件不是可用的 XSLT 1.0 样式表" in str(zh.value)
    assert "the mapping is not a usable XSLT 1.0 stylesheet" in str(en.value)
    with pytest.raises(ValueError):
        casereview.validate(CASE, language="fr")
    # a mapping given by path to Checklist.load speaks the checklist's
    rules = os.path.join(REPO, "rules", "penalty-general.xml")
    with pytest.raises(casereview.TransformError) as en:
        casereview.Checklist.load(rules, language="en",
                                  transform=str(tmp_path / "bad.xsl"))
    assert "the mapping is not a usable XSLT 1.0 stylesheet" in str(en.value)


def test_mapping_failure_while_scoring_follows_the_checklist(tmp_path):
    (tmp_path / "stop.xsl").write_text(STOP)
    rules = os.path.join(REPO, "rules", "penalty-general.xml")
    case = os.path.join(REPO, "examples", "cases", "clean-general.xml")
    msgs = {}
    for lang in ("zh", "en"):
        cl = casereview.Checklist.load(rules, language=lang,
                                       transform=str(tmp_path / "stop.xsl"))
        try:
            with pytest.raises(casereview.CaseError) as e:
                cl.score_file(case)
            msgs[lang] = e.value.result.error
        finally:
            cl.close()
    assert "中止了转换：stop" in msgs["zh"]
    assert "ended the run: stop" in msgs["en"]
    assert not CJK.search(msgs["en"].replace(str(tmp_path), ""))


def item_errors(folder, lang):
    cl = casereview.Checklist.load(os.path.join(FUNCTIONS, folder,
                                                "checklist.xml"),
                                   language=lang)
    try:
        res = cl.score_file(os.path.join(FUNCTIONS, folder, "case.xml"))
    finally:
        cl.close()
    return {it["id"]: it.get("error") for it in res.to_dict()["items"]
            if it["state"] == "error"}


def test_calendar_messages_follow_the_checklist():
    zh, en = item_errors("add-workdays", "zh"), item_errors("add-workdays",
                                                              "en")
    assert zh["K5"].startswith("日期2024-11-15不在工作日历范围内，日历只收录"
                               "2024年的放假安排（2024-09-01至2024-10-31），"
                               "无法计算工作日")
    assert en["K5"].startswith("date 2024-11-15 lies outside the working-day "
                               "calendar, which holds only the holiday "
                               "notices of 2024 (2024-09-01 to 2024-10-31): "
                               "working days cannot be counted")
    assert en["K6"].startswith("the result of cr:add-workdays(2024-10-28, 5) "
                               "lies past the working-day calendar")


def test_valid_id_kind_message_follows_the_checklist():
    zh, en = item_errors("valid-id", "zh"), item_errors("valid-id", "en")
    assert zh["I3"].startswith("cr:valid-id：未知的种类“other”（只能是 "
                               "resident-id 或 credit-code）")
    assert en["I3"].startswith("cr:valid-id: unknown kind 'other' "
                               "(resident-id or credit-code)")


# -- Result: what the case file says of itself ------------------------------

def test_result_agency_name_and_kind():
    rules = os.path.join(REPO, "rules", "inspection-enterprise.xml")
    cl = casereview.Checklist.load(rules)
    try:
        res = cl.score_file(os.path.join(REPO, "examples", "cases",
                                         "clean-inspection.xml"))
    finally:
        cl.close()
    assert res.agency_name == "枣庄市市中区市场监督管理局"
    assert res.kind == "inspection"
    again = pickle.loads(pickle.dumps(res))
    assert (again.agency_name, again.kind) == (res.agency_name, res.kind)


def test_result_agency_name_and_kind_of_a_casefile_1_and_an_error():
    rules = os.path.join(REPO, "rules", "penalty-general.xml")
    cl = casereview.Checklist.load(rules)
    try:
        res = cl.score_bytes(
            b'<case format="casefile/1" id="P"><agency code="A" '
            b'name="\xe6\x9f\x90\xe5\xb1\x80"/></case>', "p.xml")
        with pytest.raises(casereview.CaseError) as e:
            cl.score_bytes(b"not xml", "bad.xml")
        bad = e.value.result
    finally:
        cl.close()
    assert res.agency_name == "某局"
    assert res.kind == ""
    assert bad.is_error
    assert (bad.agency_name, bad.kind) == ("", "")
