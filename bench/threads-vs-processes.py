#!/usr/bin/env python3
"""bench/threads-vs-processes.py — where -j2 loses against 2 x -j1.

    bench/threads-vs-processes.py [--build DIR] [--rounds N] [--passes P]
                                  [-c CHECKLIST] DIR

Runs cr-bench on the *.xml files of DIR in three ways, interleaved round
after round so that the machine's slow spells hit all three alike:

  alone  one `-j1` process, the other core idle;
  j2     one `-j2` process (two threads of one evaluator pool);
  pair   two `-j1` processes side by side, each over every file.

and prints the CPU time one pass over all files costs in each (j2: both
threads together; pair: the mean of the two processes), as min, first
quartile and median over the rounds, and each against `alone`. With two
idle cores `j2` would be 2.0x `alone` in wall time and its CPU equal to
`alone`'s; the CPU ratio is what is lost to running two at once, `pair`
shows how much of it two separate processes lose too (the machine), the
rest is what threads of one process lose (the engine, libc, libxml2).
Not a test: figures for bench/README.md.
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from harness import parse_kv  # noqa: E402  cr-bench's key=value line


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("-c", "--checklist",
                    default=os.path.join(ROOT, "rules", "penalty-general.xml"))
    ap.add_argument("dir")
    a = ap.parse_args()
    crb = os.path.join(a.build, "bench", "cr-bench")
    files = sorted(glob.glob(os.path.join(a.dir, "*.xml")))
    if not files or not os.access(crb, os.X_OK):
        sys.exit("threads-vs-processes: need %s and *.xml in %s" % (crb, a.dir))

    def cmd(j):
        return [crb, "engine", "-c", a.checklist, "-j", str(j),
                "-r", str(a.passes)] + files

    def cpu(text):
        return float(parse_kv(text)["cpu_seconds"])

    got = {"alone": [], "j2": [], "pair": []}
    for _ in range(a.rounds):
        got["alone"].append(cpu(subprocess.run(
            cmd(1), capture_output=True, text=True, check=True).stdout))
        got["j2"].append(cpu(subprocess.run(
            cmd(2), capture_output=True, text=True, check=True).stdout))
        p1 = subprocess.Popen(cmd(1), stdout=subprocess.PIPE, text=True)
        p2 = subprocess.Popen(cmd(1), stdout=subprocess.PIPE, text=True)
        o1, o2 = p1.communicate()[0], p2.communicate()[0]
        got["pair"].append((cpu(o1) + cpu(o2)) / 2)

    def stats(v):
        v = sorted(v)
        return v[0], v[len(v) // 4], statistics.median(v)

    base = stats(got["alone"])
    print("%d files, %d rounds x %d passes; CPU seconds of one pass over "
          "all files" % (len(files), a.rounds, a.passes))
    print("%-6s %8s %8s %8s   %s" % ("", "min", "q1", "median",
                                    "vs alone (min / q1 / median)"))
    for name in ("alone", "j2", "pair"):
        s = stats(got[name])
        print("%-6s %8.4f %8.4f %8.4f   %.2f / %.2f / %.2f" % (
            (name,) + s + tuple(x / y for x, y in zip(s, base))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
