"""An item that ends in error says why in the checklist's language
(docs/messages.md): the frame naming the expression and its line, the
cr: functions' own failures, regular expressions and libxml2's XPath
codes. PCRE2's words stay as a quoted detail."""
import re

import pytest

import casereview

CASE = b"""<?xml version="1.0" encoding="UTF-8"?>
<case id="C-1"><note>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!</note>
<name>\xe8\xb6\x85\xe5\xb8\x82</name><flag>F</flag><kind>other</kind></case>
"""

# one item per kind of failure; every one of them errors on CASE
ITEMS = {
    "type": "sum('x') &gt; 0",
    "nodeset": "cr:distinct-count(string(name)) &gt; 0",
    "first": "count(cr:lookup('x', 'id', 'o1')) = 0",
    "limit": "cr:matches(note, '(a+)+$')",
    "flag": "cr:matches('a', 'a', string(flag))",
    "replace": "cr:replace(name, '(超)', '$2') != ''",
    "id": "cr:valid-id(name, string(kind))",
}

CHECKLIST = """<checklist xmlns="urn:casereview:checklist:1" id="err" version="1" title="t" total="100">
<category id="a" points="100">
%s
</category></checklist>
""" % "\n".join(
    '<item id="%s" title="%s" deduct="1"><check context="/case">'
    '<assert test="%s">m</assert></check></item>' % (k, k, v)
    for k, v in ITEMS.items())


def errors(language):
    cl = casereview.Checklist.from_string(CHECKLIST, language=language)
    try:
        res = cl.score_bytes(CASE, "case.xml")
        return {i["id"]: i.get("error") for i in res.to_dict()["items"]}
    finally:
        cl.close()


def test_every_item_errors():
    got = errors("zh")
    assert all(got[k] for k in ITEMS), got


def test_chinese_frame_and_texts():
    got = errors("zh")
    for k, msg in got.items():
        assert re.search(r"（表达式“.*”，评查标准第 \d+ 行）$", msg), msg
    assert got["type"].startswith("XPath 错误：类型无效"), got["type"]
    assert got["nodeset"].startswith("cr:distinct-count 的参数应为节点集")
    assert got["first"].startswith("cr:lookup 的第一个参数应为节点集")
    assert got["limit"].startswith("正则表达式“(a+)+$”超出匹配上限")
    assert got["flag"].startswith("正则表达式标志“F”无效")
    assert got["replace"].startswith("替换文本“$2”（正则表达式“(超)”）无效：")
    assert got["id"].startswith("cr:valid-id：未知的种类")


def test_chinese_has_no_english_of_ours():
    """Inside the frame only the expression (quoted) and PCRE2's detail
    after "无效：" may be English."""
    for k, msg in errors("zh").items():
        text = re.sub(r"“[^”]*”", "", msg)
        text = re.sub(r"无效：[a-z ]+", "", text)
        text = re.sub(r"\b(XPath|cr:[a-z-]+|resident-id|credit-code)\b", "", text)
        assert not re.search(r"[A-Za-z]{3,}", text), (k, msg)


def test_english_frame_and_texts():
    got = errors("en")
    for k, msg in got.items():
        assert re.search(r" \(in '.*', checklist line \d+\)$", msg), msg
        assert not re.search(r"[\u4e00-\u9fff]", msg.replace("超", "")), msg
    assert got["type"].startswith("XPath error: invalid type")
    assert got["nodeset"].startswith("cr:distinct-count expects a node-set")
    assert got["first"].startswith("cr:lookup expects a node-set first")
    assert got["limit"].startswith("regex '(a+)+$' exceeded the match limit")
    assert got["flag"].startswith("unknown regex flag 'F'")
    assert got["replace"].startswith("invalid replacement '$2' for regex '(超)'")
    assert got["id"].startswith("cr:valid-id: unknown kind 'other'")
