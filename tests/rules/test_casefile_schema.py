"""casefile/1.1 and its schema against the files the project ships:

- every case file of the repository that declares a casefile format, the
  cases inside the shipped checklists' tests, and every member of the
  example export validate without error, with `casereview validate` and
  with xmllint's RELAX NG validation of schema/casefile.rng;
- the broken files of tests/cases/validate/broken fail xmllint too, and
  the valid ones pass it (the generated tables and the grammar agree);
- the generators write casefile/1.1 on request, which validates without
  a warning the generator did not put there, and scores exactly as the
  casefile/1 they write by default, byte for byte as before.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BIN = os.environ.get("CASEREVIEW_BIN",
                     os.path.join(ROOT, "build", "cli", "casereview"))
SCHEMA = os.path.join(ROOT, "schema", "casefile.rng")
# a shipped case whose defect is one the schema forbids: the inspection
# checklist's C3 (a form line whose result is not one of the three)
INVALID = {os.path.join(ROOT, "tests", "rules", "inspection-enterprise",
                        "C3.xml"):
           "<point> 的 result 应为 compliant、non-compliant、not-applicable "
           "之一，不是“unknown”"}
CHECKLIST_NS = "{urn:casereview:checklist:1}"
XMLLINT = shutil.which("xmllint")


def declares_casefile(path):
    with open(path, "rb") as f:
        head = f.read(4096)
    return b"<case " in head and b'format="casefile/' in head


def shipped_case_files():
    out = []
    for top in ("examples", "tests", "rules", "bench"):
        for path in glob.glob(os.path.join(ROOT, top, "**", "*.xml"),
                              recursive=True):
            if "/tests/hostile/" in path or "/tests/cases/validate/" in path:
                continue
            root_tag = None
            try:
                root_tag = ET.parse(path).getroot().tag
            except ET.ParseError:
                continue
            if root_tag == "case" and declares_casefile(path) and \
                    path not in INVALID:
                out.append(path)
    return sorted(out)


def validate(paths, *extra):
    return subprocess.run([BIN, "validate"] + list(extra) + list(paths),
                          capture_output=True, timeout=300)


def errors_of(proc):
    return [line for line in proc.stdout.decode("utf-8").splitlines()
            if ": 错误[" in line]


def test_every_shipped_case_file_validates():
    files = shipped_case_files()
    assert len(files) > 100
    # the real published decisions, the rules' own cases and the other
    # kinds' cases among them
    assert sum("/tests/real-decisions/" in f for f in files) >= 40
    assert sum("/tests/rules/" in f for f in files) >= 50
    for kind in ("inspection", "coercive", "licensing"):
        assert sum(os.path.basename(f).startswith("clean-" + kind)
                   for f in files) == 1, kind
    proc = validate(files)
    assert errors_of(proc) == [] and proc.returncode == 0


def test_the_invalid_shipped_case_is_reported():
    for path, message in INVALID.items():
        proc = validate([path])
        assert proc.returncode == 1
        assert [e.split("]: ", 1)[1] for e in errors_of(proc)] == [message]


@pytest.mark.skipif(XMLLINT is None, reason="xmllint (libxml2-utils) missing")
def test_every_shipped_case_file_follows_the_rng():
    files = shipped_case_files()
    proc = subprocess.run([XMLLINT, "--noout", "--relaxng", SCHEMA] + files,
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode("utf-8")[-2000:]
    for path in INVALID:
        proc = subprocess.run([XMLLINT, "--noout", "--relaxng", SCHEMA, path],
                              capture_output=True, timeout=60)
        assert proc.returncode != 0


def test_cases_inside_the_shipped_tests_validate(tmp_path):
    sources = glob.glob(os.path.join(ROOT, "rules", "tests", "*.xml")) + \
        glob.glob(os.path.join(ROOT, "tests", "authoring", "data", "*.xml"))
    written = []
    for src in sources:
        root = ET.parse(src).getroot()
        for i, doc in enumerate(root.iter(CHECKLIST_NS + "case-document")):
            for case in doc:
                # a case written inside <tests> takes the checklist
                # namespace as its default; `casereview test` scores it
                # without (docs/checklist-tests.md)
                for el in case.iter():
                    if el.tag.startswith(CHECKLIST_NS):
                        el.tag = el.tag[len(CHECKLIST_NS):]
                if case.tag == "case" and case.get("format"):
                    p = tmp_path / ("%s-%d.xml" % (os.path.basename(src), i))
                    p.write_bytes(ET.tostring(case, encoding="utf-8"))
                    written.append(str(p))
    assert len(written) >= 2
    proc = validate(written)
    assert errors_of(proc) == [] and proc.returncode == 0


@pytest.mark.parametrize("fmt", ["casefile/1", "casefile/1.1"])
def test_attributes_the_rules_read_validate(tmp_path, fmt):
    """cause/@act-date, discretion/@benchmark-title, remedy/@review-body
    and the correction-order document (what the shipped checklists read,
    rules/README.md) are casefile, in either format."""
    root = ET.parse(os.path.join(ROOT, "examples", "cases",
                                 "clean-general.xml")).getroot()
    root.set("format", fmt)
    root.find("cause").set("act-date", "2024-03-10")
    root.find("decision/discretion").set(
        "benchmark-title", "《山东省市场监督管理行政处罚裁量权基准》")
    root.find("decision/remedy").set("review-body", "枣庄市市中区人民政府")
    ET.SubElement(root.find("documents"), "document", {
        "kind": "correction-order", "title": "责令改正通知书",
        "date": "2024-03-20"})
    path = tmp_path / "case.xml"
    path.write_bytes(ET.tostring(root, encoding="utf-8"))
    proc = validate([str(path)])
    assert proc.returncode == 0 and b"warning[" not in proc.stdout, \
        proc.stdout.decode("utf-8")
    if XMLLINT:
        proc = subprocess.run([XMLLINT, "--noout", "--relaxng", SCHEMA,
                               str(path)], capture_output=True, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode("utf-8")


def test_the_example_export_validates(tmp_path):
    with zipfile.ZipFile(os.path.join(ROOT, "examples",
                                      "export-2024.zip")) as z:
        z.extractall(tmp_path)
    files = sorted(str(p) for p in tmp_path.rglob("*.xml"))
    assert len(files) == 60
    proc = validate(files)
    assert errors_of(proc) == [] and proc.returncode == 0


@pytest.mark.skipif(XMLLINT is None, reason="xmllint (libxml2-utils) missing")
def test_broken_files_fail_the_rng_too():
    d = os.path.join(ROOT, "tests", "cases", "validate")
    for path in sorted(glob.glob(os.path.join(d, "*", "case*.xml"))):
        name = os.path.basename(path)
        proc = subprocess.run([XMLLINT, "--noout", "--relaxng", SCHEMA, path],
                              capture_output=True, timeout=60)
        ours = validate([path])
        # the RELAX NG grammar and the generated tables agree on each file
        assert (proc.returncode == 0) == (ours.returncode == 0), \
            (name, proc.stderr, ours.stdout)


def run_generator(script, *args):
    subprocess.run([sys.executable, script] + list(args), check=True,
                   timeout=300, capture_output=True)


def scores(checklist, folder, out):
    subprocess.run([BIN, "batch", "-q", "-c", checklist, "-o", str(out),
                    str(folder)], capture_output=True, timeout=300)
    results = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        name = os.path.relpath(r["case"]["source"], str(folder))
        if "error" in r:
            # a refused case names its format: the same words otherwise
            r["error"]["message"] = r["error"]["message"].replace(
                "casefile/1.1", "casefile/1")
        for item in r.get("items", []):
            for f in item["findings"]:
                del f["line"]
        r["case"]["source"] = name
        results[name] = r
    return results


@pytest.mark.parametrize("procedure", ["general", "simplified"])
def test_generate_casefile_1_1_scores_as_1_0(tmp_path, procedure):
    gen = os.path.join(ROOT, "examples", "generate.py")
    v10, v11 = tmp_path / "v10", tmp_path / "v11"
    common = ["--seed", "11", "-n", "24", "--simplified-share", "0.4"]
    run_generator(gen, *common, "--out", str(v10))
    run_generator(gen, *common, "--casefile", "1.1", "--out", str(v11))
    files = sorted(str(p) for p in v11.rglob("*.xml"))
    proc = validate(files)
    assert errors_of(proc) == [] and proc.returncode == 0
    # the only warnings are the defects the generator injects on purpose
    for line in proc.stdout.decode("utf-8").splitlines():
        if ": warning[" in line:
            assert "CR-2613" in line, line
    checklist = os.path.join(ROOT, "rules", "penalty-%s.xml" % procedure)
    a = scores(checklist, v10, tmp_path / "a.jsonl")
    b = scores(checklist, v11, tmp_path / "b.jsonl")
    assert len(a) == 24 and a == b


def test_gen_corpus_casefile_1_1_scores_as_1_0(tmp_path):
    gen = os.path.join(ROOT, "bench", "gen-corpus.py")
    v10, v11 = tmp_path / "v10", tmp_path / "v11"
    common = ["--seed", "3", "--typical", "20", "--long", "2",
              "--extreme", "0"]
    run_generator(gen, *common, "--out", str(v10))
    run_generator(gen, *common, "--casefile", "1.1", "--out", str(v11))
    files = sorted(str(p) for p in v11.rglob("*.xml"))
    proc = validate(files)
    assert proc.returncode == 0
    assert "warning[" not in proc.stdout.decode("utf-8")
    checklist = os.path.join(ROOT, "rules", "penalty-general.xml")
    a = scores(checklist, v10, tmp_path / "a.jsonl")
    b = scores(checklist, v11, tmp_path / "b.jsonl")
    assert len(a) == 22 and a == b


def test_generators_default_output_is_unchanged(tmp_path):
    """The default (casefile/1) is what the shipped penalty examples were
    made with, byte for byte (the other kinds' examples, casefile/1.1,
    come from --kinds: test_kinds.py; the MEE examples from gen_mee.py:
    test_mee2024.py)."""
    run_generator(os.path.join(ROOT, "examples", "generate.py"),
                  "--examples", str(tmp_path / "ex"))
    shipped = os.path.join(ROOT, "examples", "cases")
    written = sorted(os.listdir(tmp_path / "ex"))
    assert len(written) >= 15
    for name in written:
        with open(os.path.join(shipped, name), "rb") as f:
            assert (tmp_path / "ex" / name).read_bytes() == f.read(), name
    for name in sorted(os.listdir(shipped)):
        if name not in written and not name.startswith("mee2024-"):
            kind = ET.parse(os.path.join(shipped, name)).getroot().get("kind")
            assert kind in ("inspection", "coercive", "licensing"), name
