#!/usr/bin/env python3
"""scale-checklist.py — writes CHECKLIST with every item repeated K times
(copies get ids ID~2, ID~3, ...) into OUTDIR, with a copy of the data
folder beside it, to measure that evaluation cost is linear in the number
of items. Categories keep their points, so the checklist still loads.

    scale-checklist.py CHECKLIST K OUTDIR   -> prints the new path
"""

import os
import re
import shutil
import sys

ITEM = re.compile(r'(<item\s[^>]*?id=")([^"]+)(".*?</item>)', re.S)


def main():
    src, k, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(src, encoding="utf-8") as f:
        text = f.read()

    def repeat(m):
        copies = [m.group(0)]
        for n in range(2, k + 1):
            copies.append(m.group(1) + "%s~%d" % (m.group(2), n) + m.group(3))
        return "\n    ".join(copies)

    out = ITEM.sub(repeat, text)
    os.makedirs(outdir, exist_ok=True)
    data = os.path.join(os.path.dirname(os.path.abspath(src)), "data")
    if os.path.isdir(data):
        dst = os.path.join(outdir, "data")
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(data, dst)
    base = os.path.splitext(os.path.basename(src))[0]
    path = os.path.join(outdir, "%s-x%d.xml" % (base, k))
    with open(path, "w", encoding="utf-8") as f:
        f.write(out)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
