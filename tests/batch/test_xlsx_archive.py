"""batch --xlsx and a checklist's archive rules: the workbook's
跨案卷问题 sheet holds every finding, one row per case it names, as
--archive-json has them; a checklist without archive rules has no such
sheet.

Run:  /usr/bin/python3 -m pytest tests/batch/test_xlsx_archive.py
"""
import json
import shutil

import pytest

from conftest import REPO, Batch

openpyxl = pytest.importorskip("openpyxl")

FOLDER = REPO / "tests" / "cases" / "archive" / "outlier-ratio"
HEADER = ["序号", "规则", "规则名称", "依据", "分组", "问题", "案卷编号",
          "来源文件", "数值"]


def _run(binary, tmp_path, checklist, *cases):
    p = Batch(binary, checklist, tmp_path).run(
        "-q", "-o", "r.jsonl", "--xlsx", "r.xlsx", "--archive-json",
        "a.json", *cases)
    if p.returncode == 2 and b"libxlsxwriter" in p.stderr:
        pytest.skip("built without libxlsxwriter")
    assert p.returncode == 0, p.stderr.decode()
    return openpyxl.load_workbook(tmp_path / "r.xlsx")


def test_archive_findings_sheet(binary, tmp_path):
    for p in FOLDER.iterdir():
        shutil.copy(str(p), str(tmp_path / p.name))
    cases = sorted(p.name for p in tmp_path.glob("case-*.xml"))
    wb = _run(binary, tmp_path, str(tmp_path / "checklist.xml"), *cases)
    assert wb.sheetnames[-2:] == ["跨案卷问题", "无法评查"]
    ws = wb["跨案卷问题"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:I%d" % len(rows)
    doc = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    want = []
    for n, f in enumerate(doc["findings"], 1):
        for c in f["cases"]:
            want.append((n, f["rule"], f["title"], f["basis"], f["message"],
                         c["id"], c["source"], str(c["value"])))
    got = [r[:4] + r[5:] for r in rows[1:]]
    assert want and got == want
    # the group in words: the rule's labels with the case values
    for r, f in zip(rows[1:], [f for f in doc["findings"]
                               for _ in f["cases"]]):
        assert r[4] == "案由：%s；裁量阶次：%s" % (f["group"]["cause"],
                                             f["group"]["level"])


def test_no_sheet_without_archive_rules(binary, tmp_path):
    wb = _run(binary, tmp_path, str(REPO / "rules" / "coercive-seizure.xml"),
              str(REPO / "examples" / "cases" / "clean-coercive.xml"))
    assert "跨案卷问题" not in wb.sheetnames
