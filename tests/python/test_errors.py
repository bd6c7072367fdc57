"""Load errors, unscorable cases, and a missing library."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import BINDINGS, cli_score_json, make_case

BROKEN = """\
<checklist xmlns="urn:casereview:checklist:1" id="broken" total="100">
  <category id="c" title="C" points="100">
    <item id="A1" title="a" deduct="1">
      <check context="/case"><assert test="true()">x</assert></check>
    </item>
    <item id="A1" title="duplicate id" deduct="1">
      <check context="/case"><assert test="true()">x</assert></check>
    </item>
    <item id="A3" title="unknown function" deduct="1">
      <check context="/case"><assert test="cr:no-such-function(.)">x</assert></check>
    </item>
  </category>
</checklist>
"""
DUPLICATE_LINE = 6
UNKNOWN_FUNCTION_LINE = 10


@pytest.fixture
def broken_path(tmp_path):
    p = tmp_path / "broken.xml"
    p.write_text(BROKEN, encoding="utf-8")
    return str(p)


def test_checklist_error_lists_every_problem(broken_path):
    from casereview import ChecklistError, Checklist, Diagnostic
    with pytest.raises(ChecklistError) as ei:
        Checklist.load(broken_path)
    e = ei.value
    assert e.path == broken_path
    errors = e.errors
    assert len(errors) >= 2
    assert all(isinstance(d, Diagnostic) for d in errors)
    assert all(d.file == broken_path for d in errors)
    lines = {d.line for d in errors}
    assert DUPLICATE_LINE in lines, errors
    assert UNKNOWN_FUNCTION_LINE in lines, errors
    assert all(d.code > 0 and d.message for d in errors)
    text = str(e)
    assert "%s:%d:" % (broken_path, DUPLICATE_LINE) in text
    assert "%s:%d:" % (broken_path, UNKNOWN_FUNCTION_LINE) in text


def test_checklist_error_for_a_missing_file(tmp_path):
    from casereview import ChecklistError, Checklist
    missing = str(tmp_path / "nope.xml")
    with pytest.raises(ChecklistError) as ei:
        Checklist.load(missing)
    assert missing in str(ei.value)


def test_unknown_param_is_a_load_error(checklist_path):
    from casereview import ChecklistError, Checklist
    with pytest.raises(ChecklistError) as ei:
        Checklist.load(checklist_path, params={"no-such-param": "1"})
    assert ei.value.errors


def test_case_error_for_a_broken_case(tiny, tmp_path, cli, checklist_path):
    from casereview import CaseError
    bad = tmp_path / "bad.xml"
    bad.write_text('<?xml version="1.0"?>\n'
                   '<case id="x">\n  <agency>\n</case>\n')
    with pytest.raises(CaseError) as ei:
        tiny.score_file(str(bad))
    e = ei.value
    assert e.source == str(bad)
    assert e.line == 4
    assert e.message
    assert e.result.is_error
    d = json.loads(e.json)
    assert d["format"] == "casereview-result/1"
    assert d["case"]["source"] == str(bad)
    assert d["error"]["message"] == e.message and d["error"]["line"] == 4
    assert cli_score_json(cli, checklist_path, [str(bad)])[str(bad)] == e.json


def test_case_error_from_bytes_and_missing_file(tiny, tmp_path):
    from casereview import CaseError
    with pytest.raises(CaseError) as ei:
        tiny.score_bytes(b"<case><oops></case>", name="mem.xml")
    assert ei.value.source == "mem.xml" and ei.value.line == 1
    missing = str(tmp_path / "missing.xml")
    with pytest.raises(CaseError) as ei:
        tiny.score_file(missing)
    assert ei.value.message == "文件不存在"
    assert ei.value.kind == "unreadable"
    assert ei.value.detail == os.strerror(2)


def test_score_many_yields_error_results(tiny, tmp_path, case_files):
    bad = tmp_path / "bad.xml"
    bad.write_text("not xml at all")
    paths = [case_files[0], str(bad), str(tmp_path / "missing.xml"),
             case_files[1]]
    results = list(tiny.score_many(paths, workers=2))
    assert [r.source for r in results] == paths
    assert [r.is_error for r in results] == [False, True, True, False]
    assert results[1].error == "这是纯文本文件，不是 casefile XML 案卷"
    assert results[1].error_kind == "not-xml"
    assert results[2].error == "文件不存在"
    assert results[2].error_detail == os.strerror(2)


def test_error_result_is_the_library_json():
    from casereview import error_result
    r = error_result("a.zip!b.xml", "case file larger than the limit of 5 "
                     "bytes")
    d = json.loads(r.json)
    assert d["case"]["source"] == "a.zip!b.xml"
    assert d["error"] == {"message": "case file larger than the limit of "
                          "5 bytes", "line": 0}
    assert r.is_error and r.error_line == 0


def test_error_result_with_kind_and_detail():
    """What `casereview batch` and the Dask runner could not read: the
    kind and the English detail beside the Chinese message."""
    from casereview import error_result
    r = error_result("a.zip!b.xml", "文件超过案卷大小上限（5 字节）",
                     kind="too-large",
                     detail="case file larger than the limit of 5 bytes")
    assert json.loads(r.json)["error"] == {
        "message": "文件超过案卷大小上限（5 字节）", "line": 0,
        "kind": "too-large",
        "detail": "case file larger than the limit of 5 bytes"}
    assert r.error_kind == "too-large"
    assert r.error_detail == "case file larger than the limit of 5 bytes"


def test_max_case_size(checklist_path, tmp_path):
    from casereview import CaseError, Checklist
    p = tmp_path / "big.xml"
    p.write_text(make_case("BIG", documents=50))
    with Checklist.load(checklist_path, max_case_size=1000) as cl:
        with pytest.raises(CaseError) as ei:
            cl.score_file(str(p))
    assert ei.value.message == "文件超过案卷大小上限（1000 字节）"
    assert ei.value.kind == "too-large"


@pytest.mark.no_library
def test_missing_library_lists_the_paths_tried(tmp_path):
    # A copy of the package outside the repository, so that the build tree
    # is not among the candidates.
    shutil.copytree(os.path.join(BINDINGS, "casereview"),
                    str(tmp_path / "casereview"),
                    ignore=shutil.ignore_patterns("*.so*", "__pycache__"))
    env = dict(os.environ, CASEREVIEW_LIBRARY="/nonexistent/libcr.so.0",
               PYTHONPATH=str(tmp_path), LD_LIBRARY_PATH="")
    proc = subprocess.run(
        [sys.executable, "-c", "import casereview"], env=env,
        cwd=str(tmp_path),
        capture_output=True, text=True)
    if proc.returncode == 0:
        pytest.skip("libcasereview is installed system-wide")
    assert "LibraryNotFoundError" in proc.stderr
    assert "/nonexistent/libcr.so.0" in proc.stderr
    assert str(tmp_path / "casereview") in proc.stderr
    assert "libcasereview.so.0" in proc.stderr
    proc = subprocess.run(
        [sys.executable, "-c",
         "try:\n"
         "    import casereview\n"
         "except ImportError as e:\n"
         "    print(type(e).__name__, isinstance(e, ImportError))\n"],
        env=env, cwd=str(tmp_path), capture_output=True, text=True)
    assert proc.stdout.strip() == "LibraryNotFoundError True"


def test_arguments_that_are_not_what_they_seem(checklist_path, tiny,
                                               case_files):
    from casereview import Checklist
    # ctypes would wrap these silently and change a safety limit
    for kw in (dict(max_case_size=-1), dict(max_case_size=2 ** 64 + 10),
               dict(xpath_op_limit=2 ** 64 + 1),
               dict(regex_match_limit=2 ** 32 + 1)):
        with pytest.raises(ValueError):
            Checklist.load(checklist_path, **kw)
    with pytest.raises(TypeError):
        Checklist.load(checklist_path, max_case_size=True)
    with pytest.raises(TypeError):      # a misspelt option
        Checklist.from_string("<x/>", max_case_sise=10)
    with open(checklist_path, encoding="utf-8") as f:
        Checklist.from_string(f.read(), max_case_size=10 ** 6).close()
    # c_char_p stops at a NUL: it would score another file
    with pytest.raises(ValueError):
        tiny.score_file(case_files[0] + "\0.bak")
    with pytest.raises(TypeError):      # bytes(123): 123 NUL bytes
        tiny.score_bytes(123)
    assert tiny.score_bytes(bytearray(make_case("BA").encode())).case_id \
        == "BA"


def test_score_many_raises_for_a_non_path_in_its_place(tiny, case_files):
    paths = case_files * 3
    paths[5] = None
    got = []
    with pytest.raises(TypeError):
        for r in tiny.score_many(paths, workers=2):
            got.append(r.source)
    assert got == paths[:5]


def test_group_is_the_default_group_by(tiny, case_files):
    from casereview import Result
    # no <group-by>: the library groups by agency code
    assert tiny.group_by in (None, "")
    assert tiny.score_file(case_files[0]).group == "370402-SJJ"
    assert Result('{"format": "casereview-result/1"}').group == ""


def test_close_while_another_thread_reads():
    # a close() racing metadata reads must give ValueError, never freed
    # memory (which the next load reuses): it crashed before
    code = """if True:
        import sys, threading, time
        from casereview import Checklist
        for _ in range(20):
            cl = Checklist.load(sys.argv[1] + "/penalty-general.xml")
            def read():
                try:
                    while True:
                        cl.items
                except ValueError:
                    pass
            t = threading.Thread(target=read)
            t.start()
            time.sleep(0.01)
            cl.close()
            other = Checklist.load(sys.argv[1] + "/penalty-simplified.xml")
            t.join()
            other.close()
        print("ok")
    """
    env = dict(os.environ, PYTHONPATH=BINDINGS)
    rules = os.path.join(os.path.dirname(BINDINGS), "..", "rules")
    proc = subprocess.run([sys.executable, "-c", code, rules],
                          env=env, capture_output=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout == b"ok\n", proc.stderr
