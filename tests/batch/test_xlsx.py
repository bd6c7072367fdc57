"""batch --xlsx: the workbook is read back with openpyxl and checked
against the JSON results and summary of the same run: its sheets, their
Chinese headers, one row per case and per deduction, category scores
as columns, frozen header rows, filters and number formats.

Run:  /usr/bin/python3 -m pytest tests/batch/test_xlsx.py
"""

import json
import os
import shutil
import subprocess

import pytest

from conftest import REPO

openpyxl = pytest.importorskip("openpyxl")

RULES = REPO / "rules" / "penalty-general.xml"
CASES = REPO / "examples" / "cases"
PENDING = REPO / "tests" / "cases" / "verdicts" / "pending-with-verdicts"


def run(binary, *args, cwd=None):
    return subprocess.run([binary, *[str(a) for a in args]],
                          capture_output=True, timeout=300, cwd=cwd)


@pytest.fixture
def book(binary, tmp_path):
    """The examples scored with the penalty checklist: scored, failed,
    vetoed and unscorable (other kinds) cases."""
    p = run(binary, "batch", "-c", RULES, "-q", "-o", tmp_path / "r.jsonl",
            "--summary", tmp_path / "s.json", "--xlsx", tmp_path / "r.xlsx",
            CASES)
    if p.returncode == 2 and "libxlsxwriter" in p.stderr.decode():
        pytest.skip("built without libxlsxwriter")
    assert p.returncode in (0, 1), p.stderr.decode()
    results = [json.loads(line) for line in
               (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    return wb, results, summary


def rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def by_header(ws):
    """The rows as dicts by header, empty rows and the 合计 row left out."""
    table = rows(ws)
    head = table[0]
    return [dict(zip(head, r)) for r in table[1:]
            if any(v is not None for v in r) and r[0] != "合计"]


def test_sheets_and_layout(book):
    wb, _, _ = book
    # the penalty checklist has archive rules: 跨案卷问题 (no finding here)
    assert wb.sheetnames == ["案卷", "扣分明细", "共性问题", "各单位",
                             "跨案卷问题", "无法评查"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert all(c.font.b for c in ws[1] if c.value), ws.title
        assert ws.column_dimensions["A"].width >= 10


def test_cases_sheet_matches_the_results(book):
    wb, results, _ = book
    ws = wb["案卷"]
    head = rows(ws)[0]
    assert head[:8] == ["来源文件", "案卷编号", "单位代码", "单位名称",
                        "案件类型", "总分", "等次", "一票否决"]
    assert head[-3:] == ["扣分项数", "待人工评查项数", "无法评查原因"]
    cats = [c["title"] for c in next(r for r in results if "error" not in r)
            ["categories"]]
    assert head[8:8 + len(cats)] == cats
    table = by_header(ws)
    assert len(table) == len(results)
    for res, row in zip(results, table):
        assert row["来源文件"] == res["case"]["source"]
        assert row["案卷编号"] == res["case"]["id"]
        if "error" in res:
            assert row["无法评查原因"] == res["error"]["message"]
            assert row["总分"] is None and row["等次"] is None
            continue
        assert row["总分"] == pytest.approx(res["score"])
        assert row["等次"] == res["grade"]["label"]
        assert row["一票否决"] == ("是" if res["vetoed"] else "否")
        failed = [i for i in res["items"] if i["state"] == "failed"]
        assert row["扣分项数"] == len(failed)
        for c in res["categories"]:
            # 1.0 results give points and deducted, 1.1 the score too
            want = c.get("score", max(0, c["points"] - c["deducted"]))
            assert row[c["title"]] == pytest.approx(want)
    clean = next(r for r in table if r["案卷编号"] == "370402-SJJ-2024-000031")
    assert clean["单位名称"] == "枣庄市市中区市场监督管理局"
    assert clean["案件类型"] == "行政处罚"
    # scores carry a number format with two decimals
    score_col = head.index("总分") + 1
    assert ws.cell(row=3, column=score_col).number_format == "0.00"


def test_every_deduction(book):
    wb, results, _ = book
    table = by_header(wb["扣分明细"])
    assert list(table[0].keys()) == [
        "来源文件", "案卷编号", "单位代码", "评查项", "评查项名称", "类别",
        "扣分", "一票否决", "问题", "依据", "位置", "行号", "问题处数"]
    want = [(r["case"]["source"], i["id"], i["deducted"])
            for r in results if "error" not in r
            for i in r["items"] if i["state"] == "failed"]
    got = [(r["来源文件"], r["评查项"], r["扣分"]) for r in table]
    assert got == want
    first = next(i for r in results if "error" not in r for i in r["items"]
                 if i["state"] == "failed")
    assert table[0]["问题"] == first["findings"][0]["message"]
    assert table[0]["依据"] == first["basis"]
    assert table[0]["行号"] == first["findings"][0]["line"]


def test_common_problems_and_agencies(book):
    wb, results, summary = book
    probs = by_header(wb["共性问题"])
    assert [(p["评查项"], p["扣分案卷数"]) for p in probs] == \
        [(p["id"], p["cases"]) for p in summary["common_problems"]]
    assert probs[0]["占已评查案卷"] == pytest.approx(
        summary["common_problems"][0]["percent"] / 100, abs=1e-4)
    ags = by_header(wb["各单位"])
    want = {g["group"] or "（无单位代码）": g for g in summary["groups"]}
    assert [a["单位代码"] for a in ags] == list(want)
    for a in ags:
        g = want[a["单位代码"]]
        assert (a["案卷数"], a["已评查"], a["无法评查"]) == \
            (g["cases"], g["scored"], g["unscorable"])
        if g.get("mean") is not None:
            assert a["平均分"] == pytest.approx(g["mean"])
    names = {a["单位代码"]: a["单位名称"] for a in ags}
    assert names["370402-SJJ"] == "枣庄市市中区市场监督管理局"
    total = [r for r in rows(wb["各单位"]) if r[0] == "合计"]
    assert total and total[0][2] == summary["cases"]


def test_unscorable_sheet(book):
    wb, results, _ = book
    table = by_header(wb["无法评查"])
    errors = [r for r in results if "error" in r]
    assert errors and len(table) == len(errors)
    for res, row in zip(errors, table):
        assert row["来源文件"] == res["case"]["source"]
        assert row["类别代码"] == res["error"]["kind"]
        assert row["说明"] == res["error"]["message"]
    assert table[0]["错误类别"] == "不适用本评查标准"


def test_pending_sheet_when_items_wait(binary, tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    for n in ("case-1.xml", "case-2.xml", "case-3.xml"):
        shutil.copy(PENDING / n, cases / n)
    p = run(binary, "batch", "-c", PENDING / "checklist.xml", "-q",
            "-o", tmp_path / "r.jsonl", "--xlsx", tmp_path / "p.xlsx", cases)
    if p.returncode == 2 and "libxlsxwriter" in p.stderr.decode():
        pytest.skip("built without libxlsxwriter")
    assert p.returncode == 0, p.stderr.decode()
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx")
    assert wb.sheetnames[-1] == "待人工评查"
    table = by_header(wb["待人工评查"])
    results = [json.loads(line) for line in
               (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    want = [(r["case"]["id"], i) for r in results for i in r.get("pending", [])]
    assert [(t["案卷编号"], t["评查项"]) for t in table] == want
    assert table[0]["机器提示"] is None or "第" in table[0]["机器提示"]


def test_written_whole_or_not_at_all(binary, tmp_path):
    """An interrupted or refused run leaves the earlier workbook."""
    old = tmp_path / "r.xlsx"
    old.write_bytes(b"earlier")
    p = run(binary, "batch", "-c", RULES, "-q", "-o", tmp_path / "r.jsonl",
            "--xlsx", old, "--summary", tmp_path / "r.jsonl", CASES)
    assert p.returncode == 2
    assert old.read_bytes() == b"earlier"
    assert "--xlsx" in run(binary, "batch", "--help").stdout.decode()


def test_built_with_or_without_libxlsxwriter(binary, tmp_path):
    p = run(binary, "batch", "-c", RULES, "-q", "-o", os.devnull,
            "--xlsx", tmp_path / "x.xlsx", CASES / "clean-general.xml")
    if p.returncode == 2:
        assert "编译时没有 libxlsxwriter" in p.stderr.decode()
        assert not (tmp_path / "x.xlsx").exists()
    else:
        assert p.returncode == 0, p.stderr.decode()
        assert (tmp_path / "x.xlsx").read_bytes()[:2] == b"PK"
