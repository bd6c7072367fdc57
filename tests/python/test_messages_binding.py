"""The Python binding's own texts follow the language (docs/messages.md):
the first line of a load error (checklist, verdicts, mapping) and the
diagnostic line of a param value set_param refuses."""
import os
import pickle

import pytest

import casereview
from conftest import REPO

RULES = os.path.join(REPO, "rules", "penalty-general.xml")
BAD_VERDICTS = os.path.join(REPO, "tests", "cases", "lint", "bad-verdicts")


def first_line(exc):
    return str(exc).splitlines()[0]


@pytest.mark.parametrize("lang,want", [
    ("zh", "评查标准 nosuch.xml 无法加载："),
    ("en", "checklist nosuch.xml does not load:"),
])
def test_checklist_headline(lang, want):
    with pytest.raises(casereview.ChecklistError) as e:
        casereview.Checklist.load("nosuch.xml", language=lang)
    assert first_line(e.value) == want
    again = pickle.loads(pickle.dumps(e.value))
    assert str(again) == str(e.value) and again.language == lang


@pytest.mark.parametrize("lang,want", [
    ("zh", "映射 nosuch.xsl 无法加载："),
    ("en", "mapping nosuch.xsl does not load:"),
])
def test_mapping_headline(lang, want):
    with pytest.raises(casereview.TransformError) as e:
        casereview.Transform.load("nosuch.xsl", language=lang)
    assert first_line(e.value) == want


@pytest.mark.parametrize("lang,word", [("zh", "决定文件 "), ("en", "verdicts ")])
def test_verdicts_headline(lang, word):
    path = os.path.join(BAD_VERDICTS, "verdicts.xml")
    with casereview.Checklist.load(os.path.join(BAD_VERDICTS, "checklist.xml"),
                                   language=lang) as cl:
        with pytest.raises(casereview.VerdictsError) as e:
            casereview.Verdicts.load(cl, path)
    assert first_line(e.value).startswith(word + path)
    assert first_line(e.value).endswith("：" if lang == "zh" else ":")


@pytest.mark.parametrize("lang,severity,text", [
    ("zh", "错误[CR-3051]", "不合要求"),
    ("en", "error[CR-3051]", "does not fit"),
])
def test_set_param_line(lang, severity, text):
    with casereview.Checklist.load(RULES, language=lang) as cl, \
            cl.evaluator() as ev:
        with pytest.raises(casereview.ParamError) as e:
            ev.set_param("disclosure-workdays", "-5")
    line = str(e.value.diagnostics[0])
    assert severity in line and text in line, line
    assert first_line(e.value).startswith(
        "评查标准 " if lang == "zh" else "checklist ")
