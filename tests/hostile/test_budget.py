"""What one case may cost (libcasereview/budget.h): the inputs of issue 22.

Each was a way one file cost a whole run: an element bomb in a zip
(4.46 GB at -j2), a 10 MB case whose S8 messages made a 996 MB result
line, the shipped S6 join over 20 000 officers (refs x officers, outside
the operation count), and a regex just under PCRE2's match limit over
20 000 nodes (28 s). Time is measured as the child's CPU time, which a
loaded machine does not inflate the way it does wall time.

CASEREVIEW_BIN: the CLI (default build/cli/casereview).
"""
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("CASEREVIEW_BIN", os.path.join(ROOT, "build", "cli",
                                                    "casereview"))
GENERAL = os.path.join(ROOT, "rules", "penalty-general.xml")
HOSTILE = os.path.join(HERE, "checklist.xml")
sys.path.insert(0, HERE)
import gen  # noqa: E402


def sanitized():
    """An ASan build: its allocator keeps freed memory in quarantine (256
    MB by default), so a peak RSS says nothing about the engine's."""
    with open(BIN, "rb") as f:
        return b"__asan_init" in f.read()


def run(args, tmp_path, name="stdout"):
    """Runs the CLI with standard output to a file; (exit status, that
    output, the child's peak RSS in KiB, its CPU seconds). fork and wait4:
    the figures are the child's own, whatever else this process ran."""
    out = tmp_path / name
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.dup2(fd, 1)
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
            os.execv(BIN, [BIN] + args)
        finally:
            os._exit(127)
    os.close(fd)
    _, status, ru = os.wait4(pid, 0)
    return (os.waitstatus_to_exitcode(status), out.read_bytes(),
            ru.ru_maxrss, ru.ru_utime + ru.ru_stime)


@pytest.fixture(scope="module")
def bomb_zip(tmp_path_factory):
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    gen.element_bomb_zip(str(path))
    assert path.stat().st_size < 2 << 20
    return path


def test_element_bomb_in_zip_stays_under_512_mb_at_j2(bomb_zip, tmp_path):
    out = tmp_path / "r.jsonl"
    status, _, peak_kib, _ = run(["batch", "-c", GENERAL, "-j", "2", "-q",
                                  "-o", str(out), str(bomb_zip)], tmp_path)
    assert status == 1
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert len(lines) == 4
    for rec in lines:
        assert rec["error"]["limit"] == "max-case-tree", rec
        assert "max-case-tree" in rec["error"]["message"]
        assert "score" not in rec
    if not sanitized():
        assert peak_kib < 512 * 1024, peak_kib


def test_element_bomb_with_more_room_is_scored(bomb_zip, tmp_path):
    # the limit, not the input, stopped it: one member with room to spare
    # is an ordinary case (scored, or stopped later by another limit)
    small = tmp_path / "small.xml"
    small.write_bytes(b'<case format="casefile/1">' + b"<a/>" * 1000 +
                      b"</case>")
    status, out, *_ = run(["score", "-c", GENERAL, "--format", "json",
                           "--max-case-tree", "64K", str(small)], tmp_path)
    rec = json.loads(out)
    assert rec["error"]["limit"] == "max-case-tree"
    assert rec["error"]["kind"] == "limit"
    status, out, *_ = run(["score", "-c", GENERAL, "--format", "json",
                           str(small)], tmp_path)
    assert "score" in json.loads(out)


def test_ten_megabyte_case_gives_a_bounded_line(tmp_path):
    case = tmp_path / "echo.xml"
    case.write_bytes(gen.echo_case())
    assert case.stat().st_size > 10 << 20
    status, out, peak_kib, cpu = run(
        ["score", "-c", GENERAL, "--format", "json", str(case)], tmp_path)
    assert len(out) < 100 << 20, len(out)
    rec = json.loads(out)
    s8 = next(i for i in rec["items"] if i["id"] == "S8")
    assert s8["state"] == "failed"
    assert len(s8["findings"]) == 100
    assert s8["findings_omitted"] == 1000 * 200 - 100
    assert rec["complete"] is True
    assert status == 0
    # each message cut at max-message-length characters
    for item in rec["items"]:
        for f in item["findings"]:
            assert len(f["message"]) <= 1001


def test_s6_join_over_20000_officers_under_3_s(tmp_path):
    case = tmp_path / "officers.xml"
    case.write_bytes(gen.officers_case(20000))
    status, out, _, cpu = run(
        ["score", "-c", GENERAL, "--format", "json", str(case)], tmp_path)
    rec = json.loads(out)
    assert status == 0, rec
    assert rec["score"] == 100 and rec["complete"] is True
    s6 = next(i for i in rec["items"] if i["id"] == "S6")
    assert s6["state"] == "passed"
    assert cpu < 3.0, cpu


def test_s6_join_finds_what_it_did_before(tmp_path):
    # an expired certificate among the 2000 is still found through the
    # index, and a reference to nobody still fails S8
    src = gen.officers_case(2000).decode("utf-8")
    src = src.replace('id="x1999" name="执法员1999" certificate="LU00000001999"'
                      ' certificate-expires="2028-06-30"',
                      'id="x1999" name="执法员1999" certificate="LU00000001999"'
                      ' certificate-expires="2020-01-01"')
    src = src.replace('<officer ref="x1998" />', '<officer ref="nobody" />')
    case = tmp_path / "officers.xml"
    case.write_text(src, encoding="utf-8")
    status, out, *_ = run(["score", "-c", GENERAL, "--format", "json",
                           str(case)], tmp_path)
    rec = json.loads(out)
    s4 = next(i for i in rec["items"] if i["id"] == "S4")
    s8 = next(i for i in rec["items"] if i["id"] == "S8")
    assert s4["state"] == "failed"
    assert "执法员1999" in s4["findings"][0]["message"]
    assert s8["state"] == "failed"
    assert "nobody" in s8["findings"][0]["message"]
    env = dict(os.environ, CASEREVIEW_XPATH="libxml2")
    slow = subprocess.run([BIN, "score", "-c", GENERAL, "--format", "json",
                           str(case)], capture_output=True, env=env,
                          timeout=600)
    assert json.loads(slow.stdout) == rec


def test_regex_near_the_match_limit_over_20000_nodes_is_bounded(tmp_path):
    case = tmp_path / "regex.xml"
    case.write_bytes(gen.regex_case())
    status, out, _, cpu = run(
        ["score", "-c", HOSTILE, "--format", "json", str(case)], tmp_path)
    rec = json.loads(out)
    h4 = next(i for i in rec["items"] if i["id"] == "H4")
    # each match is counted as the backtracking it did: the item's
    # operation limit stops it, the other items are scored
    assert h4["state"] == "error"
    assert ("超出运算量上限" in h4["error"]          # the locale's language
            or "operation limit" in h4["error"])
    assert status == 1
    assert cpu < 5.0, cpu


def test_regex_case_past_the_case_budget_names_it(tmp_path):
    case = tmp_path / "regex.xml"
    case.write_bytes(gen.regex_case(nodes=2000))
    status, out, *_ = run(["score", "-c", HOSTILE, "--format", "json",
                           "--max-case-work", "3000000", str(case)], tmp_path)
    rec = json.loads(out)
    assert status == 1
    assert rec["error"]["limit"] == "max-case-work"
    assert "max-case-work（3000000" in rec["error"]["message"]
    assert rec["case"]["id"] == "regex-near-limit"


def test_text_report_says_what_was_omitted(tmp_path):
    case = tmp_path / "echo.xml"
    case.write_bytes(gen.echo_case(docs=3, refs=50, title_chars=10))
    status, out, *_ = run(["score", "-c", GENERAL, "--format", "text",
                           "--max-findings", "5", str(case)], tmp_path)
    text = out.decode("utf-8")
    assert "…及其他 145 处" in text


def test_a_budget_at_the_edge_gives_the_same_bytes_for_any_jobs(tmp_path):
    # cases around the budget's edge: which pass must not depend on the
    # thread that scored them or on the cases it scored before
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, os.path.join(ROOT, "bench",
                                                 "gen-corpus.py"),
                    "--out", str(corpus), "--seed", "3", "--typical", "40",
                    "--long", "4", "--extreme", "0"], check=True,
                   capture_output=True)
    chosen = None
    for work in (2000, 3000, 4000, 4500, 5000, 6000, 8000, 12000):
        status, out, *_ = run(["batch", "-c", GENERAL, "-j", "1", "-q",
                               "--max-case-work", str(work), str(corpus)],
                              tmp_path)
        over = out.count(b'"limit": "max-case-work"')
        if 0 < over < out.count(b"\n"):
            chosen = work
            break
    assert chosen is not None, "no budget splits the corpus"
    outs = [run(["batch", "-c", GENERAL, "-j", jobs, "-q", "--max-case-work",
                 str(chosen), str(corpus)], tmp_path)[1]
            for jobs in ("1", "2", "8")]
    assert outs[0] == outs[1] == outs[2]


def test_text_report_says_what_was_omitted_from_a_pending_item(tmp_path):
    # checklist 1.1: a reviewer item's findings are hints listed under the
    # pending items, bounded like a failed item's list
    checklist = tmp_path / "pending.xml"
    checklist.write_text(
        '<checklist xmlns="urn:casereview:checklist:1" id="p" version="1"'
        ' total="100" veto="zero"><limits max-findings="2"/>'
        '<category id="a" title="类a" points="100">'
        '<item id="R1" title="签名" deduct="3" decide="reviewer">'
        '<check context="/case/doc"><assert test="@sig">第{@n}份未签名'
        '</assert></check></item></category></checklist>',
        encoding="utf-8")
    case = tmp_path / "case.xml"
    case.write_text('<case id="c">' + "".join(
        '<doc n="%d"/>' % i for i in range(7)) + "</case>", encoding="utf-8")
    status, out, *_ = run(["score", "-c", str(checklist), "--format", "text",
                           str(case)], tmp_path)
    text = out.decode("utf-8")
    assert status == 0, text
    pending = text.split("待人工评查项", 1)[1]
    assert "机器提示：第0份未签名" in pending
    assert "第1份未签名" in pending and "第2份" not in pending
    assert "…及其他 5 处" in pending
