"""Typed params (<param type min max>): a value that does not suit the
param is refused where it is set — at load (load options, --param) and
on an evaluator — with a message in Chinese naming the param, the value
and what is expected; the shipped checklists declare their types."""

import glob
import os
import re
import subprocess

import pytest

import casereview
from conftest import CLI, REPO

RULE = os.path.join(REPO, "rules", "inspection-enterprise.xml")
CASE = os.path.join(REPO, "examples", "cases", "clean-inspection.xml")


@pytest.mark.parametrize("value", ["abc", "-5", "0", "2.5", "+3", ""])
def test_cli_refuses_a_bad_value(value):
    p = subprocess.run([CLI, "score", "-c", RULE, "--param",
                        "disclosure-workdays=" + value, CASE],
                       capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stdout == ""
    assert "[CR-3051]" in p.stderr
    assert "参数 'disclosure-workdays' 的值 '%s' 不合要求：应为不小于 1 的整数" \
        % value in p.stderr


def test_cli_takes_a_good_value():
    p = subprocess.run([CLI, "score", "-c", RULE, "--param",
                        "disclosure-workdays=15", "--format", "json", CASE],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


def test_load_refuses_with_param_error():
    with pytest.raises(casereview.ParamError) as e:
        casereview.Checklist.load(RULE, params={"min-officers": "two"})
    assert isinstance(e.value, ValueError)
    assert isinstance(e.value, casereview.ChecklistError)
    assert [d.code for d in e.value.errors] == [3051]
    assert "'min-officers' 的值 'two'" in e.value.errors[0].message


def test_load_keeps_unknown_names_a_checklist_error():
    with pytest.raises(casereview.ChecklistError) as e:
        casereview.Checklist.load(RULE, params={"no-such": "1"})
    assert not isinstance(e.value, casereview.ParamError)


def test_evaluator_set_param_checks_the_type():
    with casereview.Checklist.load(RULE) as cl, cl.evaluator() as ev:
        with pytest.raises(ValueError, match="应为 true 或 false"):
            ev.set_param("check-code-required", "yes")
        with pytest.raises(casereview.ParamError, match="不小于 1 的整数"):
            ev.set_param("disclosure-workdays", "-5")
        with pytest.raises(KeyError):
            ev.set_param("no-such", "1")
        ev.set_param("disclosure-workdays", "30")
        ev.set_param("check-code-required", "false")
        ev.set_param("disclosure-workdays", None)


def test_a_long_value_is_cut_in_the_message():
    with pytest.raises(casereview.ParamError) as e:
        casereview.Checklist.load(RULE, params={"min-officers": "x" * 500})
    msg = e.value.errors[0].message
    assert "x" * 80 in msg and "x" * 90 not in msg and "…" in msg


def test_every_shipped_param_is_typed():
    for path in glob.glob(os.path.join(REPO, "rules", "*.xml")):
        with open(path, encoding="utf-8") as f:
            for tag in re.findall(r"<param\b[^>]*>", f.read()):
                assert re.search(r'\btype="(integer|number|date|string|'
                                 r'boolean)"', tag), (path, tag)
