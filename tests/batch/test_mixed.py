"""A mixed export (penalty, inspection, coercive and licensing cases)
scored in one run with the four shipped checklists: `batch -c A -c B ...`
sends each case to the first checklist whose <accepts> accepts it, a case
none accepts is an error line naming them all, the summary, the stderr
text and the report show each checklist apart, and --resume refuses
another set of checklists."""
import collections
import json
import signal
import subprocess
import sys
import zipfile

import pytest

from conftest import CHECKLIST, REPO, case_xml
from test_survival import start, wait_for_lines

KINDS = ["penalty-general", "inspection-enterprise", "coercive-seizure",
         "licensing-general"]
TITLES = ["行政处罚案卷评查标准（一般程序）", "涉企行政检查案卷评查标准",
          "行政强制措施（查封、扣押）案卷评查标准", "行政许可案卷评查标准"]


def four():
    args = []
    for k in KINDS:
        args += ["-c", str(REPO / "rules" / (k + ".xml"))]
    return args


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A generated mixed archive and its manifest (which checklist each
    case is for)."""
    d = tmp_path_factory.mktemp("mixed")
    subprocess.run([sys.executable, str(REPO / "examples" / "generate.py"),
                    "--kinds", "penalty,inspection,coercive,licensing",
                    "-n", "24", "--seed", "7", "--out", str(d / "m.zip")],
                   check=True, capture_output=True, timeout=300)
    with zipfile.ZipFile(d / "m.zip") as z:
        manifest = json.loads(z.read("manifest.json"))
    return d, manifest


def run(binary, cwd, *args):
    return subprocess.run([binary, "batch", "-q"] + four() + list(args),
                          cwd=cwd, capture_output=True, timeout=300)


def test_every_case_goes_to_its_kinds_checklist(binary, mixed):
    d, manifest = mixed
    p = run(binary, d, "m.zip")
    assert p.returncode in (0, 1), p.stderr.decode()
    got = {}
    for line in p.stdout.decode().splitlines():
        r = json.loads(line)
        assert "error" not in r, r
        got[r["case"]["source"].split("!", 1)[1]] = r["checklist"]["id"]
    want = {c["file"]: c["checklist"] for c in manifest["cases"]}
    assert got == want
    assert set(want.values()) == set(KINDS)


def test_a_case_no_checklist_accepts_is_an_error_line(binary, mixed,
                                                      tmp_path):
    d, _ = mixed
    clean = (REPO / "examples" / "cases" / "clean-inspection.xml").read_text(
        encoding="utf-8")
    (tmp_path / "audit.xml").write_text(
        clean.replace('kind="inspection"', 'kind="audit"'), encoding="utf-8")
    (tmp_path / "lic.xml").write_bytes(
        (REPO / "examples" / "cases" / "clean-licensing.xml").read_bytes())
    p = run(binary, tmp_path, "audit.xml", "lic.xml")
    assert p.returncode == 1
    lines = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert lines[0]["case"]["source"] == "audit.xml"
    err = lines[0]["error"]
    assert err["kind"] == "not-accepted"
    assert err["message"].startswith(
        "本次评查的评查标准都不适用于这个案卷：根元素为 <case>，format 为"
        "“casefile/1.1”，案件种类（kind）为“audit”。本次评查的标准：")
    for cid, title in zip(KINDS, TITLES):
        assert "“%s”（%s）" % (title, cid) in err["message"]
        assert cid in err["detail"]
    assert lines[1]["checklist"]["id"] == "licensing-general"
    assert lines[1]["score"] == 100


def test_summary_text_and_report_show_each_kind(binary, mixed):
    d, manifest = mixed
    p = subprocess.run([binary, "batch"] + four() +
                       ["-o", "r.jsonl", "--summary", "s.json",
                        "--report", "r.html", "m.zip"],
                       cwd=d, capture_output=True, timeout=300)
    assert p.returncode in (0, 1), p.stderr.decode()
    s = json.loads((d / "s.json").read_text(encoding="utf-8"))
    per = collections.Counter(c["checklist"] for c in manifest["cases"])
    assert s["cases"] == len(manifest["cases"])
    assert [c["checklist"]["id"] for c in s["checklists"]] == KINDS
    for part in s["checklists"]:
        assert part["format"] == "casereview-summary/1"
        assert part["cases"] == per[part["checklist"]["id"]]
        for prob in part["common_problems"]:
            # each part's problems are its own checklist's items
            assert prob["id"] in {i for c in manifest["cases"]
                                  if c["checklist"] == part["checklist"]["id"]
                                  for i in c["expected_failed"]}
    assert sum(g["count"] for g in s["grades"]) == s["scored"]
    err = p.stderr.decode()
    html = (d / "r.html").read_text(encoding="utf-8")
    assert "各类案卷情况（按评查标准）" in html
    for cid, title in zip(KINDS, TITLES):
        assert "== 评查标准：%s（%s " % (title, cid) in err
        assert "%s（%s " % (title, cid) in html


TINY_A = CHECKLIST.replace(
    'total="100">',
    'total="100">\n  <accepts test="/case[not(@kind)]">只评查没有 kind 的案卷'
    '</accepts>', 1)
TINY_B = TINY_A.replace('id="tiny"', 'id="tiny-b"').replace(
    "not(@kind)", "@kind = 'b'")


def test_resume_wants_the_same_checklists(binary, tmp_path):
    (tmp_path / "a.xml").write_text(TINY_A, encoding="utf-8")
    (tmp_path / "b.xml").write_text(TINY_B, encoding="utf-8")
    d = tmp_path / "d"
    for i in range(3000):
        sub = d / ("%02d" % (i % 50))
        sub.mkdir(parents=True, exist_ok=True)
        xml = case_xml("F%04d" % i)
        if i % 2:
            xml = xml.replace('<case id=', '<case kind="b" id=')
        (sub / ("%04d.xml" % i)).write_text(xml, encoding="utf-8")
    both = ["-c", "a.xml", "-c", "b.xml"]
    full = subprocess.run([binary, "batch", "-q", "-j", "1", "--summary",
                           "full.json"] + both + ["d"],
                          cwd=tmp_path, capture_output=True, timeout=300)
    assert full.returncode == 0, full.stderr.decode()
    assert {json.loads(x)["checklist"]["id"]
            for x in full.stdout.splitlines()} == {"tiny", "tiny-b"}
    proc = start(binary, "a.xml", tmp_path,
                 ["-c", "b.xml", "-j", "1", "-o", "r.jsonl", "--summary",
                  "s.json", "d"])
    wait_for_lines(tmp_path / "r.jsonl", at_least=300)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal")
    for one in (["-c", "b.xml"], ["-c", "a.xml"], ["-c", "b.xml", "-c",
                                                   "a.xml"]):
        p = subprocess.run([binary, "batch", "-q", "--resume", "-o",
                            "r.jsonl"] + one + ["d"], cwd=tmp_path,
                           capture_output=True, timeout=300)
        assert p.returncode == 2, one
        assert "评查标准（-c） 与中断".encode() in p.stderr, (one, p.stderr)
    p = subprocess.run([binary, "batch", "-q", "--resume", "-o", "r.jsonl",
                        "--summary", "s.json"] + both + ["d"], cwd=tmp_path,
                       capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr.decode()
    assert (tmp_path / "r.jsonl").read_bytes() == full.stdout
    # the summary per checklist counts the cases done before the stop too
    summary = (tmp_path / "s.json").read_bytes()
    assert summary == (tmp_path / "full.json").read_bytes()
    assert [c["cases"] for c in json.loads(summary)["checklists"]] == [
        1500, 1500]


def test_workbook_of_several_checklists(binary, mixed):
    """--xlsx in a mixed run: every checklist's categories are columns
    (an inspection case's category scores are not lost), 共性问题 holds
    each checklist's items, named by its checklist."""
    openpyxl = pytest.importorskip("openpyxl")
    d, _ = mixed
    p = run(binary, d, "-o", "w.jsonl", "--xlsx", "w.xlsx",
            "--summary", "w.json", "m.zip")
    if p.returncode == 2 and b"libxlsxwriter" in p.stderr:
        pytest.skip("built without libxlsxwriter")
    assert p.returncode in (0, 1), p.stderr.decode()
    results = [json.loads(x) for x in
               (d / "w.jsonl").read_text(encoding="utf-8").splitlines()]
    wb = openpyxl.load_workbook(d / "w.xlsx", read_only=True)
    sheet = list(wb["案卷"].iter_rows(values_only=True))
    head, body = sheet[0], sheet[1:]
    assert len(body) == len(results)
    # a category id is one column, titled as the first checklist (in -c
    # order) having it titles it
    title = {}
    for k in KINDS:
        for r in results:
            if r["checklist"]["id"] == k:
                for c in r["categories"]:
                    title.setdefault(c["id"], c["title"])
    assert len(head) == len(set(head)) == 8 + len(title) + 3
    for r, row in zip(results, body):
        assert row[1] == r["case"]["id"]
        for c in r["categories"]:
            assert row[head.index(title[c["id"]])] == \
                c["points"] - c["deducted"], (r["case"]["id"], c)
    problems = list(wb["共性问题"].iter_rows(values_only=True))
    assert problems[0][-1] == "评查标准"
    # by title, as a supervisor knows a checklist
    titles = {c["checklist"]["id"]: c["checklist"]["title"] for c in
              json.loads((d / "w.json").read_text(encoding="utf-8"))
              ["checklists"]}
    named = {row[-1] for row in problems[1:]}
    failed = {titles[r["checklist"]["id"]] for r in results
              if any(i["deducted"] for i in r["items"])}
    assert failed and named == failed


def test_skipped_files_said_once(binary, tmp_path):
    """The files batch did not score belong to the run, not to one of its
    checklists: listed once in the summary and on stderr."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "lic.xml").write_bytes(
        (REPO / "examples" / "cases" / "clean-licensing.xml").read_bytes())
    (tmp_path / "in" / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    p = subprocess.run([binary, "batch"] + four() + [
        "--summary", "s.json", "-o", "r.jsonl", "in"], cwd=tmp_path,
        capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr.decode()
    s = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert s["skipped_count"] == 1
    assert all("skipped" not in c for c in s["checklists"])
    assert p.stderr.decode().count("scan.pdf") == 1


def test_archive_rules_per_checklist(binary, mixed):
    """Each checklist's archive rules run over the cases it scored: its
    entry of "checklists" carries its "archive", the report shows each
    apart; --archive-json (one checklist's findings) wants one -c."""
    d, manifest = mixed
    p = run(binary, d, "-o", "ar.jsonl", "--summary", "ar.json",
            "--report", "ar.html", "m.zip")
    assert p.returncode in (0, 1), p.stderr.decode()
    s = json.loads((d / "ar.json").read_text(encoding="utf-8"))
    assert "archive" not in s
    want = collections.Counter(c["checklist"] for c in manifest["cases"])
    got = {c["checklist"]["id"]: c.get("archive") for c in s["checklists"]}
    for k in ("penalty-general", "inspection-enterprise"):
        assert got[k]["cases"] == want[k], k
    assert got["coercive-seizure"] is None
    html = (d / "ar.html").read_text(encoding="utf-8")
    assert "跨案卷问题：" + TITLES[0] in html
    assert "跨案卷问题：" + TITLES[1] in html
    p = run(binary, d, "-o", "ar.jsonl", "--archive-json", "a.json", "m.zip")
    assert p.returncode == 2 and b"--archive-json" in p.stderr
    assert not (d / "a.json").exists()
