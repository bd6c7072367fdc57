"""The per-case budget and the bounds of a result from Python: keyword
arguments of Checklist.load/from_string, Item.findings_omitted,
Result.error_limit, and the same from the command line and the Dask
front end's checklist spec."""
import json
import subprocess

import pytest

from conftest import TINY_CHECKLIST, make_case


def test_findings_past_max_findings_are_counted(tmp_path):
    from casereview import Checklist
    case = make_case("MANY", undated=7)
    with Checklist.from_string(TINY_CHECKLIST, max_findings=3) as cl:
        r = cl.score_bytes(case.encode(), "many.xml")
    p2 = next(i for i in r.items if i.id == "P2")
    assert len(p2.findings) == 3
    assert p2.findings_omitted == 4
    assert p2.deducted == 10            # every node counted, up to max
    assert r.to_dict()["items"][3]["findings_omitted"] == 4
    # unbounded enough: nothing omitted, no key in the JSON
    with Checklist.from_string(TINY_CHECKLIST) as cl:
        r = cl.score_bytes(case.encode(), "many.xml")
    p2 = next(i for i in r.items if i.id == "P2")
    assert len(p2.findings) == 7 and p2.findings_omitted == 0
    assert "findings_omitted" not in r.json


def test_messages_cut_at_max_message_length():
    from casereview import Checklist
    with Checklist.from_string(TINY_CHECKLIST, max_message_length=4) as cl:
        r = cl.score_bytes(make_case("CUT", undated=1).encode(), "c.xml")
    p2 = next(i for i in r.items if i.id == "P2")
    assert p2.findings[0].message == "附件1缺…"


def test_case_past_its_budget_is_an_error_naming_the_limit():
    from casereview import Checklist, CaseError
    case = make_case("BIG", documents=20).encode()
    for kw, limit in ((dict(max_case_work=10), "max-case-work"),
                      (dict(max_case_nodes=10), "max-case-nodes"),
                      (dict(max_case_tree=1024), "max-case-tree")):
        with Checklist.from_string(TINY_CHECKLIST, **kw) as cl:
            with pytest.raises(CaseError) as e:
                cl.score_bytes(case, "big.xml")
        r = e.value.result
        assert r.is_error
        assert r.error_limit == limit
        assert limit in r.error and "未评分" in r.error
    with Checklist.from_string(TINY_CHECKLIST) as cl:
        r = cl.score_bytes(case, "big.xml")
    assert not r.is_error and r.error_limit is None


def test_limits_are_checked_not_wrapped(checklist_path):
    from casereview import Checklist
    for kw in (dict(max_case_work=0), dict(max_case_nodes=-1),
               dict(max_findings=2 ** 32), dict(max_message_length=0),
               dict(max_case_tree=2 ** 64)):
        with pytest.raises(ValueError):
            Checklist.load(checklist_path, **kw)
    with pytest.raises(TypeError):
        Checklist.load(checklist_path, max_findings=2.5)
    with pytest.raises(TypeError):
        Checklist.load(checklist_path, max_findings=True)


def test_the_caller_wins_over_the_checklist_limits():
    from casereview import Checklist
    src = TINY_CHECKLIST.replace('<param name="min-officers" default="2"/>',
                                 '<param name="min-officers" default="2"/>'
                                 '<limits max-findings="2"/>')
    case = make_case("LIM", undated=5).encode()
    with Checklist.from_string(src) as cl:
        p2 = next(i for i in cl.score_bytes(case).items if i.id == "P2")
    assert (len(p2.findings), p2.findings_omitted) == (2, 3)
    with Checklist.from_string(src, max_findings=4) as cl:
        p2 = next(i for i in cl.score_bytes(case).items if i.id == "P2")
    assert (len(p2.findings), p2.findings_omitted) == (4, 1)


def test_same_results_as_the_command_line(tmp_path, checklist_path, cli):
    from casereview import Checklist
    case = tmp_path / "many.xml"
    case.write_text(make_case("MANY", undated=7), encoding="utf-8")
    out = subprocess.run([cli, "score", "-c", checklist_path, "--format",
                          "json", "--max-findings", "2",
                          "--max-message-length", "3", str(case)],
                         capture_output=True, check=True).stdout
    with Checklist.load(checklist_path, max_findings=2,
                        max_message_length=3) as cl:
        r = cl.score_file(str(case))
    assert r.json_bytes + b"\n" == out


def test_command_line_refuses_bad_limits(checklist_path, case_files, cli):
    for opt, value in (("--max-case-work", "0"), ("--max-findings", "x"),
                       ("--max-case-tree", "12T"),
                       ("--max-message-length", "-1")):
        for cmd in ("score", "batch"):
            p = subprocess.run([cli, cmd, "-c", checklist_path, opt, value,
                                case_files[0]], capture_output=True)
            assert p.returncode == 2, (cmd, opt, value)
            assert opt.encode() in p.stderr
    p = subprocess.run([cli, "batch", "-c", checklist_path, "-q",
                        "--max-case-tree", "1K", case_files[0]],
                       capture_output=True)
    rec = json.loads(p.stdout)
    assert p.returncode == 1 and rec["error"]["limit"] == "max-case-tree"
    p = subprocess.run([cli, "diff", "-c", checklist_path, "-c",
                        checklist_path, "--format", "json",
                        "--max-case-nodes", "5", case_files[0]],
                       capture_output=True)
    assert p.returncode == 1, p.stderr


def test_dask_spec_carries_the_limits(checklist_path):
    from casereview import _tasks
    spec = _tasks.checklist_spec(checklist_path, {}, {}, 64 << 20,
                                 limits=dict(max_findings=2,
                                             max_case_work=None))
    assert spec[-1] == (("max_findings", 2),)
    cl, verdicts = _tasks.cached_checklist(spec)
    assert verdicts is None
    r = cl.score_bytes(make_case("D", undated=5).encode())
    p2 = next(i for i in r.items if i.id == "P2")
    assert (len(p2.findings), p2.findings_omitted) == (2, 3)
