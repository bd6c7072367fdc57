"""The Pythonic API against the library and the command line."""

import json
import os

import pytest

from conftest import cli_score_json, make_case


def test_checklist_metadata(tiny, checklist_path):
    assert tiny.id == "tiny"
    assert tiny.version == "1.2"
    assert tiny.title == "测试标准"
    assert tiny.total == 100
    assert [c.id for c in tiny.categories] == ["subject", "procedure"]
    assert [i.id for i in tiny.items] == ["S1", "S2", "P1", "P2"]
    s1 = tiny.items[0]
    assert s1.per_node and s1.deduct == 5 and s1.max == 20 and not s1.veto
    assert s1.basis == "《行政处罚法》第四十二条"
    assert tiny.items[1].veto
    assert s1.line > 0
    assert [(g.id, g.label, g.min) for g in tiny.grades] == [
        ("good", "良好", 85), ("pass", "合格", 60), ("fail", "不合格", 0)]
    assert "no-such" not in {i.id for i in tiny.items}


def test_results_equal_cli_json(tiny, checklist_path, case_files, cli):
    expected = cli_score_json(cli, checklist_path, case_files)
    for path in case_files:
        r = tiny.score_file(path)
        assert r.json == expected[path]
        assert r.to_dict() == json.loads(expected[path])


def test_result_fields(tiny, case_files):
    by_name = {os.path.basename(p)[:-4]: p for p in case_files}

    clean = tiny.score_file(by_name["clean"])
    assert clean.score == 100 and clean.total == 100
    assert clean.grade == "good" and clean.grade_label == "良好"
    assert not clean.vetoed and clean.vetoes == [] and clean.complete
    assert clean.case_id == "CASE-clean"
    assert clean.source == by_name["clean"]
    assert not clean.is_error and clean.error is None
    assert clean.deductions == []
    states = {i.id: i.state for i in clean.items}
    assert states == {"S1": "passed", "S2": "passed",
                      "P1": "not-applicable", "P2": "passed"}

    mixed = tiny.score_file(by_name["mixed"])
    assert mixed.score == 77.5
    assert mixed.grade == "pass" and mixed.grade_label == "合格"
    assert [i.id for i in mixed.deductions] == ["S1", "P1", "P2"]
    s1 = mixed.deductions[0]
    assert s1.deducted == 10 and s1.category == "subject"
    assert s1.title == "执法人员不少于两人"
    assert s1.basis == "《行政处罚法》第四十二条"
    assert [f.message for f in s1.findings] == [
        "现场检查笔录1（2024-03-01）仅有1名执法人员",
        "现场检查笔录2（2024-03-02）仅有1名执法人员"]
    assert s1.findings[0].location == "/case/documents/document[1]"
    assert s1.findings[0].line > 0
    assert {c.id: c.deducted for c in mixed.categories} == {
        "subject": 10, "procedure": 12.5}
    d = mixed.to_dict()
    assert d["score"] == 77.5 and d["items"][0]["findings"][1]["location"] \
        == s1.findings[1].location

    veto = tiny.score_file(by_name["no-agency"])
    assert veto.vetoed and veto.vetoes == ["S2"]
    assert veto.grade == "fail"      # a veto gives the lowest grade
    assert veto.score == 60


def test_score_bytes_matches_score_file(tiny, case_files):
    for path in case_files:
        with open(path, "rb") as f:
            data = f.read()
        a = tiny.score_file(path)
        b = tiny.score_bytes(data, name=path)
        assert a.json == b.json
    r = tiny.score_bytes(make_case("MEM-1").encode(), name="memory.xml")
    assert r.source == "memory.xml" and r.case_id == "MEM-1"


def test_params(checklist_path, case_files):
    from casereview import Checklist
    one = [p for p in case_files if p.endswith("one-officer.xml")][0]
    with Checklist.load(checklist_path) as cl:
        assert cl.score_file(one).score == 85
    with Checklist.load(checklist_path, params={"min-officers": "1"}) as cl:
        assert cl.score_file(one).score == 100


def test_params_equal_cli(checklist_path, case_files, cli):
    from casereview import Checklist
    expected = cli_score_json(cli, checklist_path, case_files,
                              extra=["--param", "min-officers=3"])
    with Checklist.load(checklist_path, params={"min-officers": 3}) as cl:
        for path in case_files:
            assert cl.score_file(path).json == expected[path]


def test_from_string(case_files):
    from conftest import TINY_CHECKLIST
    from casereview import Checklist
    with Checklist.from_string(TINY_CHECKLIST, name="mem.xml") as cl:
        assert cl.id == "tiny"
        assert cl.score_file(case_files[0]).score == 100


def test_evaluator_set_param(tiny, case_files):
    one = [p for p in case_files if p.endswith("one-officer.xml")][0]
    with tiny.evaluator() as ev:
        assert ev.score_file(one).score == 85
        ev.set_param("min-officers", "1")
        assert ev.score_file(one).score == 100
        ev.set_param("min-officers", None)
        assert ev.score_file(one).score == 85
        with pytest.raises(KeyError):
            ev.set_param("no-such-param", "1")


def test_library_version():
    import casereview
    v = casereview.library_version()
    assert v.count(".") == 2
    # the binding and the library it loads are released together
    assert v == casereview.__version__
    assert os.path.exists(casereview.library_path) or "/" not in \
        casereview.library_path


DATA_CHECKLIST = """\
<checklist xmlns="urn:casereview:checklist:1" id="gb" total="10">
  <data name="bench" href="bench.xml"/>
  <group-by value="string(/case/agency/@code)"/>
  <category id="c" title="C" points="10">
    <item id="B1" title="fine within benchmark" deduct="3">
      <check context="/case/decision/penalty[@kind='fine']">
        <let name="max" value="number($bench/benchmarks/max)"/>
        <assert test="@amount &lt;= $max">罚款{@amount}超过{$max}</assert>
      </check>
    </item>
  </category>
</checklist>
"""


def test_data_group_by_and_explain(tmp_path):
    from casereview import Checklist
    (tmp_path / "cl.xml").write_text(DATA_CHECKLIST, encoding="utf-8")
    (tmp_path / "bench.xml").write_text(
        "<benchmarks><max>5000</max></benchmarks>")
    (tmp_path / "hi.xml").write_text(
        "<benchmarks><max>100000</max></benchmarks>")
    case = make_case("G1", fine=8000)
    with Checklist.load(str(tmp_path / "cl.xml")) as cl:
        assert cl.group_by == "string(/case/agency/@code)"
        r = cl.score_bytes(case, name="g1.xml")
        assert r.score == 7 and r.group == "370402-SJJ"
        assert r.grade is None and r.grade_label is None
        assert r.deductions[0].findings[0].message == "罚款8000超过5000"
        with cl.evaluator(explain=True) as ev:
            d = ev.score_bytes(case, name="g1.xml").to_dict()
        assert d["items"][0]["findings"][0]["explain"]["$max"] == "5000"
        assert "explain" not in r.json
    with Checklist.load(str(tmp_path / "cl.xml"),
                        data={"bench": str(tmp_path / "hi.xml")}) as cl:
        assert cl.score_bytes(case, name="g1.xml").score == 10


def _parsed_flags(json_text):
    d = json.loads(json_text)
    return "error" in d, bool(d.get("complete", False))


def test_json_bytes_and_flags_from_the_library(tmp_path):
    """Results keep the library's UTF-8 bytes (json_bytes) and its
    is_error / complete flags; the str form and the flags read back from
    the JSON agree with them, for a scored, an incomplete and an
    unscorable case."""
    from casereview import Checklist, Result
    here = os.path.join(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), "cases", "scoring",
        "not-applicable-and-error")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<case format='casefile/1'><unclosed></case>")
    with Checklist.load(os.path.join(here, "checklist.xml")) as cl:
        got = list(cl.score_many([os.path.join(here, "case.xml"), str(bad)],
                                 workers=2))
    incomplete, unscorable = got
    assert (incomplete.is_error, incomplete.complete) == (False, False)
    assert (unscorable.is_error, unscorable.complete) == (True, False)
    for r in got:
        assert isinstance(r.json_bytes, bytes) and isinstance(r.json, str)
        assert r.json_bytes == r.json.encode("utf-8")
        assert r.json_bytes == r.json_bytes.strip() and b"\n" not in r.json_bytes
        # what a Result made from the text alone reads from the JSON
        for again in (Result(r.json), Result(r.json_bytes)):
            assert (again.is_error, again.complete) == (r.is_error,
                                                        r.complete)
            assert again == r and hash(again) == hash(r)
            assert again.json == r.json and again.json_bytes == r.json_bytes
        assert (r.is_error, r.complete) == _parsed_flags(r.json)


def test_scored_flags_match_the_json(tiny, case_files):
    for r in tiny.score_many(case_files, workers=2):
        assert (r.is_error, r.complete) == _parsed_flags(r.json) \
            == (False, True)


def test_source_names_not_utf8_are_valid_json(tiny, case_files, tmp_path):
    """A source name that is not UTF-8 (a Latin-1 file name) is scored
    under its bytes; the library's JSON, which must be UTF-8, writes the
    bad byte as U+FFFD, and json_bytes keeps the library's bytes."""
    raw = os.fsencode(str(tmp_path)) + b"/caf\xe9.xml"
    with open(case_files[0], "rb") as f, open(raw, "wb") as g:
        g.write(f.read())
    r = tiny.evaluator().score_file(raw)
    assert b"caf\xef\xbf\xbd.xml" in r.json_bytes
    assert r.json.encode("utf-8") == r.json_bytes
    assert r.source.endswith("caf\ufffd.xml")
    assert not r.is_error
