"""Measures Checklist.score_many throughput for 1, 2 and 4 threads.

    PYTHONPATH=bindings/python python3 bindings/python/bench_threads.py

Uses the tiny checklist and the generated cases of tests/python (280 cases
of ~25 KB, ~150 documents each); prints cases/s per thread count, the best
of REPEAT runs, and how many cores other processes used meanwhile (a
figure is only meaningful when that stays near 0).
"""

import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "python"))

from conftest import CASE_VARIANTS, TINY_CHECKLIST, make_case  # noqa: E402
from casereview import Checklist  # noqa: E402

REPEAT = 5
HZ = os.sysconf("SC_CLK_TCK")


def machine_busy_seconds():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return (sum(v) - v[3] - v[4]) / HZ


def write_cases(d, n=280):
    variants = list(CASE_VARIANTS.items())
    paths = []
    for i in range(n):
        name, kw = variants[i % len(variants)]
        kw = dict(kw, documents=kw.get("documents", 1) + 150 + i % 7)
        p = os.path.join(d, "case-%03d-%s.xml" % (i, name))
        with open(p, "w", encoding="utf-8") as f:
            f.write(make_case("MANY-%03d" % i, **kw))
        paths.append(p)
    return paths


def measure(cl, paths, workers):
    busy0, cpu0 = machine_busy_seconds(), time.process_time()
    start = time.perf_counter()
    n = sum(1 for _ in cl.score_many(paths, workers=workers))
    wall = time.perf_counter() - start
    others = (machine_busy_seconds() - busy0
              - (time.process_time() - cpu0)) / wall
    return n / wall, others


def main():
    with tempfile.TemporaryDirectory() as d:
        cl_path = os.path.join(d, "tiny.xml")
        with open(cl_path, "w", encoding="utf-8") as f:
            f.write(TINY_CHECKLIST)
        paths = write_cases(d)
        with Checklist.load(cl_path) as cl:
            measure(cl, paths[:40], 4)
            for workers in (1, 2, 4):
                runs = [measure(cl, paths, workers) for _ in range(REPEAT)]
                rate, others = max(runs)
                print("%d thread(s): %6.0f cases/s  (others used %.1f "
                      "cores)" % (workers, rate, others))


if __name__ == "__main__":
    main()
