#!/usr/bin/env python3
"""Data-driven tests: every folder under tests/cases/ holding a checklist.xml
is one case.

  checklist.xml + case*.xml + expected.json   `casereview score --format json`
                                              over the case files (sorted),
                                              run inside the folder, compared
                                              byte for byte with expected.json
  checklist.xml + expected-diags.txt          `casereview lint checklist.xml`,
                                              stdout compared byte for byte
  case*.xml + expected-validate.txt           `casereview validate` over the
                                              case files (sorted), stdout
                                              compared byte for byte
  expected-status (optional)                  the exit status (default: 0 for
                                              score and validate, 2 for lint)
  verdicts.xml (optional)                     reviewers' verdicts: given to
                                              score and lint as --verdicts
  checklist.xml + case*.xml                   `casereview batch --archive-json`
    + expected-archive.json                   over the case files: the archive
                                              rules' findings, compared
                                              indented (one key per line)

Usage: run-cases.py CASEREVIEW [ROOT] [--expect-failures N] [--bless]
--expect-failures N checks the driver itself: it must find exactly N failing
folders (the self-test folder holds wrong expectations on purpose).
"""
import json
import os
import subprocess
import sys


def indented(out):
    """casereview-archive/1 (one line) as people review it: indented, in
    the same key order, with the same numbers."""
    try:
        doc = json.loads(out)
    except ValueError:
        return out
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()


def run_folder(exe, folder, bless):
    names = sorted(os.listdir(folder))
    cases = [n for n in names if n.startswith("case") and n.endswith(".xml")]
    # verdicts.xml: what reviewers decided, checked by lint beside the
    # checklist and applied by score
    verdicts = ["--verdicts", "verdicts.xml"] if "verdicts.xml" in names else []
    if "expected-validate.txt" in names:
        cmd, expected_file, status = [exe, "validate"] + cases, \
            "expected-validate.txt", 0
    elif "expected-diags.txt" in names:
        cmd = [exe, "lint"] + verdicts + ["checklist.xml"]
        expected_file, status = "expected-diags.txt", 2
    elif "expected-archive.json" in names:
        cmd = [exe, "batch", "-q", "-j", "2", "-c", "checklist.xml",
               "-o", os.devnull, "--archive-json", "/dev/stdout"] + cases
        expected_file, status = "expected-archive.json", 0
    elif "expected.json" in names:
        cmd = [exe, "score", "-c", "checklist.xml", "--format", "json"] + \
            verdicts + cases
        expected_file, status = "expected.json", 0
    else:
        return "no expected.json or expected-diags.txt"
    if "expected-status" in names:
        with open(os.path.join(folder, "expected-status")) as f:
            status = int(f.read().strip())
    proc = subprocess.run(cmd, cwd=folder, capture_output=True, timeout=120)
    if expected_file == "expected-archive.json":
        proc.stdout = indented(proc.stdout)
    path = os.path.join(folder, expected_file)
    if bless:
        with open(path, "wb") as f:
            f.write(proc.stdout)
        return None
    with open(path, "rb") as f:
        expected = f.read()
    problems = []
    if proc.returncode != status:
        problems.append("exit status %d, expected %d\n%s" % (
            proc.returncode, status, proc.stderr.decode(errors="replace")))
    if proc.stdout != expected:
        got = proc.stdout.decode(errors="replace").splitlines()
        want = expected.decode(errors="replace").splitlines()
        for i in range(max(len(got), len(want))):
            g = got[i] if i < len(got) else "<missing>"
            w = want[i] if i < len(want) else "<missing>"
            if g != w:
                problems.append("line %d differs:\n  got:      %s\n  expected: %s"
                                % (i + 1, g, w))
                break
    return "\n".join(problems) or None


def main(argv):
    exe = os.path.abspath(argv[1])
    root = argv[2] if len(argv) > 2 and not argv[2].startswith("--") else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
    expect_failures = None
    if "--expect-failures" in argv:
        expect_failures = int(argv[argv.index("--expect-failures") + 1])
    bless = "--bless" in argv
    folders = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "checklist.xml" in filenames or \
                "expected-validate.txt" in filenames:
            folders.append(dirpath)
    failed = 0
    for folder in folders:
        problem = run_folder(exe, folder, bless)
        rel = os.path.relpath(folder, root)
        if problem:
            failed += 1
            print("FAIL %s: %s" % (rel, problem))
        else:
            print("ok   %s" % rel)
    passed = len(folders) - failed
    if expect_failures is not None:
        ok = failed == expect_failures and len(folders) > 0
        print("driver self-test: %d failing folder(s), expected %d: %s"
              % (failed, expect_failures, "ok" if ok else "WRONG"))
        return 0 if ok else 1
    print("%d passed, %d failed" % (passed, failed))
    if not folders:
        print("no case folders found under %s" % root)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
