"""`casereview batch` and a checklist's archive rules: the summary's
"archive", the report's 跨案卷问题 section, --archive-json, --archive-csv,
the same bytes for any -j, and nothing new for a checklist without
archive rules."""
import json
import shutil

import pytest

from conftest import REPO, Batch

FOLDER = REPO / "tests" / "cases" / "archive" / "outlier-ratio"


@pytest.fixture
def rules_batch(binary, tmp_path):
    for p in FOLDER.iterdir():
        shutil.copy(str(p), str(tmp_path / p.name))
    return Batch(binary, str(tmp_path / "checklist.xml"), tmp_path)


def _cases(tmp_path):
    return sorted(p.name for p in tmp_path.glob("case-*.xml"))


def test_summary_report_and_files_agree(rules_batch, tmp_path):
    r = rules_batch.run("-j", "2", "-o", "r.jsonl", "--summary", "s.json",
                        "--report", "r.html", "--archive-json", "a.json",
                        "--archive-csv", "a.csv", *_cases(tmp_path),
                        check_rc=0)
    archive = (tmp_path / "a.json").read_bytes()
    assert archive.endswith(b"\n") and archive.count(b"\n") == 1
    doc = json.loads(archive)
    assert doc["format"] == "casereview-archive/1"
    assert doc["cases"] == len(_cases(tmp_path))
    assert doc["findings"]
    summary = json.loads((tmp_path / "s.json").read_bytes())
    assert summary["archive"] == doc
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "跨案卷问题" in html
    for f in doc["findings"]:
        # messages are HTML-escaped; these have nothing to escape
        assert f["message"] in html
    err = r.stderr.decode()
    assert "跨案卷问题：%d 组" % len(doc["findings"]) in err

    csv = (tmp_path / "a.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbffinding,rule,title,basis,group,"
                          b"message,case_id,source,value\r\n")
    rows = csv[3:].decode("utf-8").split("\r\n")[1:-1]
    assert len(rows) == sum(len(f["cases"]) for f in doc["findings"])
    first = doc["findings"][0]["cases"][0]
    assert rows[0].startswith("1,%s," % doc["findings"][0]["rule"])
    assert rows[0].endswith(",%s,%s,%s" % (first["id"], first["source"],
                                          first["value"]))


def test_same_bytes_for_any_jobs(rules_batch, tmp_path):
    outs = []
    for j in ("1", "2"):
        rules_batch.run("-j", j, "-q", "-o", "/dev/null", "--archive-json",
                        "a%s.json" % j, "--archive-csv", "a%s.csv" % j,
                        *_cases(tmp_path), check_rc=0)
        outs.append(((tmp_path / ("a%s.json" % j)).read_bytes(),
                     (tmp_path / ("a%s.csv" % j)).read_bytes()))
    assert outs[0] == outs[1]


def test_an_unscorable_case_does_not_count(rules_batch, tmp_path):
    names = _cases(tmp_path)
    rules_batch.run("-q", "-o", "/dev/null", "--archive-json", "a.json",
                    *names, check_rc=0)
    before = json.loads((tmp_path / "a.json").read_bytes())
    victim = before["findings"][0]["cases"][0]["source"]
    (tmp_path / victim).write_text("<case id='x'><broken></case>")
    rules_batch.run("-q", "-o", "/dev/null", "--archive-json", "a.json",
                    *names, check_rc=1)
    after = json.loads((tmp_path / "a.json").read_bytes())
    assert after["cases"] == before["cases"] - 1
    assert victim not in [c["source"] for f in after["findings"]
                          for c in f["cases"]]


def test_checklist_without_rules(batch, tmp_path):
    from conftest import case_xml
    (tmp_path / "a.xml").write_text(case_xml("A"), encoding="utf-8")
    batch.run("-o", "r.jsonl", "--summary", "s.json", "--report", "r.html",
              "a.xml", check_rc=0)
    assert "archive" not in json.loads((tmp_path / "s.json").read_bytes())
    assert "跨案卷问题" not in (tmp_path / "r.html").read_text("utf-8")
    # asked for anyway: an archive without rules or findings
    batch.run("-q", "-o", "/dev/null", "--archive-json", "a.json",
              "--archive-csv", "a.csv", "a.xml", check_rc=0)
    doc = json.loads((tmp_path / "a.json").read_bytes())
    assert doc["rules"] == [] and doc["findings"] == [] and doc["cases"] == 1
    assert (tmp_path / "a.csv").read_bytes().count(b"\r\n") == 1


def test_archive_output_path_error(rules_batch, tmp_path):
    r = rules_batch.run("-o", "/dev/null", "--archive-csv",
                        str(tmp_path / "no" / "dir.csv"), "case-01.xml")
    assert r.returncode == 2
    assert b"--archive-csv" in r.stderr or b"dir.csv" in r.stderr
