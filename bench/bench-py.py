#!/usr/bin/env python3
"""bench-py.py — throughput of the Python binding (casereview.Checklist.
score_many with threads) on the same files as cr-bench; prints one line
in cr-bench's key=value form, or "mode=python n/a reason=..." when the
binding cannot be imported.

    PYTHONPATH=bindings/python CASEREVIEW_LIBRARY=.../libcasereview.so.0 \
        bench-py.py -c CHECKLIST [-j N] [-r PASSES] FILE...
"""

import argparse
import os
import resource
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-c", required=True)
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("-r", type=int, default=1)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    try:
        from casereview import Checklist
    except Exception as e:  # the binding is optional for the benchmark
        print("mode=python n/a reason=%s" % str(e).replace(" ", "_")[:200])
        return 0
    nbytes = sum(os.path.getsize(f) for f in a.files)
    best = best_cpu = None
    failures = 0
    with Checklist.load(a.c) as cl:
        for _ in range(a.r):
            t0, c0 = time.monotonic(), time.process_time()
            failures = 0
            for r in cl.score_many(a.files, workers=a.j):
                # the JSON line is what a caller stores or sends on, as the
                # bytes the library wrote (r.json would decode 17 KB of
                # mostly Chinese text per case, holding the GIL)
                if not r.json_bytes or r.is_error:
                    failures += 1
            t, c = time.monotonic() - t0, time.process_time() - c0
            best = t if best is None else min(best, t)
            best_cpu = c if best_cpu is None else min(best_cpu, c)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("mode=python threads=%d files=%d bytes=%d seconds=%.6f "
          "cpu_seconds=%.6f cases_per_s=%.1f mb_per_s=%.2f "
          "cpu_cases_per_s=%.1f load_s=0 maxrss_kb=%d failures=%d"
          % (a.j, len(a.files), nbytes, best, best_cpu, len(a.files) / best,
             nbytes / best / 1e6, len(a.files) / best_cpu, rss, failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
