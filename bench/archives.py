#!/usr/bin/env python3
"""archives.py — `casereview batch` over the same cases as a folder, a
zip and a tar.gz, at -j1 and -j2, whole processes taking turns, with
`unzip -p` of the zip alone as the reference (see bench/README.md).

    archives.py --build DIR --work DIR [--cases N] [--rounds N] [--json F]

The cases are examples/generate.py's (--seed 5), generated once under
WORK. The zips are made with Info-ZIP's `zip`: one from the sorted list
of names, one as `zip -r` writes a directory (the file system's order,
not sorted: the plan then names every member and results would come
out of order without the central directory). Called by harness.py with
the rest of the benchmark, or alone.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

INPUTS = (("folder", "cases"), ("zip, sorted", "sorted.zip"),
          ("zip, as zip -r writes", "zip-r.zip"), ("tar.gz", "cases.tar.gz"))


def make_inputs(work, n):
    """The cases and their archives under WORK/archives-N (made once)."""
    d = os.path.join(work, "archives-%d" % n)
    if os.path.exists(os.path.join(d, ".done")):
        return d
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    subprocess.run([sys.executable, os.path.join(ROOT, "examples",
                                                 "generate.py"),
                    "--seed", "5", "-n", str(n), "--out",
                    os.path.join(d, "cases")], check=True,
                   stdout=subprocess.DEVNULL)
    os.remove(os.path.join(d, "cases", "manifest.json"))
    names = []
    for top, _, files in os.walk(os.path.join(d, "cases")):
        for f in files:
            names.append(os.path.relpath(os.path.join(top, f),
                                         os.path.join(d, "cases")))
    names.sort(key=lambda s: s.encode())
    listing = "\n".join(names) + "\n"
    cwd = os.path.join(d, "cases")
    subprocess.run(["zip", "-q", "-X", "-@", "../sorted.zip"], cwd=cwd,
                   input=listing.encode(), check=True)
    subprocess.run(["zip", "-q", "-X", "-r", "../zip-r.zip", "."], cwd=cwd,
                   check=True)
    subprocess.run(["tar", "czf", "../cases.tar.gz", "-T", "-"], cwd=cwd,
                   input=listing.encode(), check=True)
    open(os.path.join(d, ".done"), "w").close()
    return d


def timed(argv, cwd):
    t0 = time.monotonic()
    p = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    if p.returncode not in (0, 1):
        raise RuntimeError("%s failed (%d)" % (" ".join(argv[:4]),
                                               p.returncode))
    return wall


def measure(cli, checklist, d, rounds):
    """Wall times per (input, jobs), every command once per round."""
    cmds = []
    for label, path in INPUTS:
        for j in (1, 2):
            cmds.append(((label, j), [cli, "batch", "-q", "-j", str(j), "-c",
                                      checklist, "-o", os.devnull, path]))
    if shutil.which("unzip"):
        cmds.append((("unzip -p of the zip, alone", 1),
                     ["sh", "-c", "unzip -p sorted.zip >/dev/null"]))
    walls = {key: [] for key, _ in cmds}
    for _ in range(rounds):
        for key, argv in cmds:
            walls[key].append(timed(argv, d))
    return walls


def ratios(walls):
    """Speed ratios from the best wall times: zip / folder at -j1 and -j2
    (the folder's time over the zip's), and -j2 / -j1 of each input."""
    best = {k: min(v) for k, v in walls.items()}
    out = {}
    for label, _ in INPUTS:
        out["%s -j2/-j1" % label] = best[(label, 1)] / best[(label, 2)]
        if label != "folder":
            for j in (1, 2):
                out["%s / folder -j%d" % (label, j)] = \
                    best[("folder", j)] / best[(label, j)]
    return out


def targets(r):
    """Issue 24: a zip scores at >= 0.9x the folder's speed at -j1 and
    -j2, and scales at least as the folder does less 0.1."""
    out = []
    for label in ("zip, sorted", "zip, as zip -r writes"):
        for j in (1, 2):
            v = r["%s / folder -j%d" % (label, j)]
            out.append({"target": "archives: %s / folder speed, -j%d"
                        % (label, j), "value": round(v, 3),
                        "limit": ">= 0.9", "holds": v >= 0.9,
                        "note": "best wall times, taking turns"})
        v = r["%s -j2/-j1" % label]
        f = r["folder -j2/-j1"]
        out.append({"target": "archives: %s -j2/-j1" % label,
                    "value": round(v, 3), "limit": ">= %.2f" % (f - 0.1),
                    "holds": v >= f - 0.1,
                    "note": "the folder's -j2/-j1 less 0.1"})
    v = r["tar.gz -j2/-j1"]
    out.append({"target": "archives: tar.gz -j2/-j1", "value": round(v, 3),
                "limit": "(info)", "holds": True, "info": True,
                "note": "one stream: decompressing overlaps scoring only"})
    return out


def report(n, walls, r):
    print("\n== archives: %d cases, the same as a folder, zips and a tar.gz"
          " (wall s, taking turns)" % n)
    print("  %-30s %4s %8s %8s %8s" % ("input", "-j", "best", "median",
                                       "worst"))
    for (label, j), v in walls.items():
        print("  %-30s %4s %8.3f %8.3f %8.3f" % (
            label, j if not label.startswith("unzip") else "-", min(v),
            statistics.median(v), max(v)))
    for k, v in r.items():
        print("  %-44s %6.2f" % (k, v))


def run(cli, checklist, work, n, rounds):
    d = make_inputs(work, n)
    load0 = os.getloadavg()
    walls = measure(cli, checklist, d, rounds)
    r = ratios(walls)
    report(n, walls, r)
    # the ratios are only as good as the machine was quiet
    print("  load before %.2f %.2f %.2f, after %.2f %.2f %.2f"
          % (load0 + os.getloadavg()))
    return {"cases": n, "rounds": rounds, "load_before": load0,
            "load_after": os.getloadavg(),
            "walls": {"%s -j%d" % k: v for k, v in walls.items()},
            "ratios": r}, targets(r)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--json")
    a = ap.parse_args()
    cli = os.path.abspath(os.path.join(a.build, "cli", "casereview"))
    checklist = os.path.join(ROOT, "rules", "penalty-general.xml")
    res, tg = run(cli, checklist, a.work, a.cases, a.rounds)
    for t in tg:
        print("  %-52s %8.2f  %-7s %s %s" % (
            t["target"], t["value"], t["limit"],
            "info  " if t.get("info") else
            ("HOLDS" if t["holds"] else "MISSED"), t["note"]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"archives": res, "targets": tg}, f, indent=1)
    return 0 if all(t["holds"] for t in tg) else 1


if __name__ == "__main__":
    sys.exit(main())
