#!/usr/bin/env python3
"""bindings.py — the bindings' throughput next to the C engine's, on the
benchmark corpus: cr-bench engine, Python's Checklist.score_many
(bench-py.py) and Java's Checklist.scoreMany (BenchJava.java; again with -Xmn8m, a
young generation small enough that each result's fresh 17 KB copy stays
in cache), each on 1 and 2 threads, all taking turns run after run (harness.best_kvs), the
best wall time of each kept. Every result's JSON is produced in all
three (the bindings hand it to the caller as bytes).

    bench/bindings.py --build build-bench --corpus build-bench/bench-corpus/full-1
                      [--runs 5] [--passes 3] [--classes typical,long]
"""

import argparse
import glob
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402

JNA = "/usr/share/java/jna.jar"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--classes", default="typical,long,extreme")
    a = ap.parse_args()
    harness.WORK = os.path.join(a.build, "bench-work")
    os.makedirs(harness.WORK, exist_ok=True)
    crb = os.path.join(a.build, "bench", "cr-bench")
    general = os.path.join(harness.ROOT, "rules", "penalty-general.xml")
    lib = os.path.join(a.build, "libcasereview", "libcasereview.so.0")
    jars = glob.glob(os.path.join(a.build, "bindings", "java",
                                  "casereview-*.jar"))
    env = dict(os.environ, CASEREVIEW_LIBRARY=lib,
               PYTHONPATH=os.path.join(harness.ROOT, "bindings", "python"))
    if not jars or shutil.which("java") is None:
        raise SystemExit("bindings.py: no jar in %s/bindings/java or no java"
                         % a.build)
    p = ["-r", str(a.passes)]
    m = harness.machine()
    print("machine: %(cpu)s, %(cores)s cores, load %(load)s" % m)
    print("best of %d runs x %d passes, taking turns; 1 thread: "
          "process CPU time (JIT and GC threads included for Java), "
          "2 threads: wall time" % (a.runs, a.passes))
    for cls in a.classes.split(","):
        files = harness.files_of(a.corpus, cls)
        cmds = []
        for j in (1, 2):
            cmds.append(("c-j%d" % j, [crb, "engine", "-c", general, "-j",
                                       str(j)] + p + files, env))
            cmds.append(("python-j%d" % j, [sys.executable, os.path.join(
                HERE, "bench-py.py"), "-c", general, "-j", str(j)] + p
                + files, env))
            for key, opts in (("java", []), ("java-xmn8m", ["-Xmn8m"])):
                cmds.append(("%s-j%d" % (key, j), ["java"] + opts + [
                    "-cp", jars[0] + ":" + JNA,
                    os.path.join(HERE, "BenchJava.java"), "-c", general,
                    "-j", str(j)] + p + files, env))
        best = harness.best_kvs(cmds, a.runs)
        n = len(files)
        print("\n== %s: %d files" % (cls, n))
        print("  %-10s %12s %8s %12s %12s %8s %8s" % (
            "cases/s", "1 t, CPU", "vs C", "1 t, wall", "2 t, wall",
            "vs C", "peak MB"))
        c1 = float(best["c-j1"]["cpu_seconds"])
        c2 = float(best["c-j2"]["seconds"])
        for who in ("c", "python", "java", "java-xmn8m"):
            cpu1 = float(best[who + "-j1"]["cpu_seconds"])
            w1 = float(best[who + "-j1"]["seconds"])
            w2 = float(best[who + "-j2"]["seconds"])
            fails = int(best[who + "-j2"].get("failures", 0)) + \
                int(best[who + "-j1"].get("failures", 0))
            print("  %-10s %12.1f %7.2fx %12.1f %12.1f %7.2fx %8.1f%s"
                  % (who, n / cpu1, c1 / cpu1, n / w1, n / w2, c2 / w2,
                     int(best[who + "-j2"]["maxrss_kb"]) / 1024,
                     "  FAILURES %d" % fails if fails else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
