#!/usr/bin/env python3
"""verify-archives.py CORPUS OUT — the corpus as archives of every kind
`casereview batch` reads, members named relative to CORPUS, for
bench/verify-identical.sh: zips in sorted, reverse and `zip -r` order
(deflated), one stored with data descriptors in a shuffled order (as
streaming writers make them), a .tar in sorted order and a .tar.gz in
reverse order."""
import io
import os
import random
import shutil
import subprocess
import sys
import tarfile
import zipfile


class Unseekable(io.RawIOBase):
    """zipfile writes data descriptors when it cannot seek back."""

    def __init__(self, f):
        self.f = f

    def writable(self):
        return True

    def write(self, b):
        return self.f.write(b)


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    names = []
    for top, _, files in os.walk(corpus):
        for f in files:
            if f.endswith(".xml"):
                names.append(os.path.relpath(os.path.join(top, f), corpus))
    names.sort(key=lambda s: s.encode())
    data = {}
    for n in names:
        with open(os.path.join(corpus, n), "rb") as f:
            data[n] = f.read()
    shuffled = names[:]
    random.Random(7).shuffle(shuffled)
    for zname, order in (("sorted.zip", names),
                         ("reverse.zip", names[::-1])):
        with zipfile.ZipFile(os.path.join(out, zname), "w",
                             zipfile.ZIP_DEFLATED) as z:
            for n in order:
                z.writestr(n, data[n])
    with open(os.path.join(out, "stored-dd.zip"), "wb") as raw:
        with zipfile.ZipFile(Unseekable(raw), "w", zipfile.ZIP_STORED) as z:
            for n in shuffled:
                with z.open(n, "w") as w:
                    w.write(data[n])
    if shutil.which("zip"):
        subprocess.run(["zip", "-q", "-X", "-r",
                        os.path.abspath(os.path.join(out, "zip-r.zip")), "."],
                       cwd=corpus, check=True)
    for tname, mode, order in (("sorted.tar", "w", names),
                               ("reverse.tar.gz", "w:gz", names[::-1])):
        with tarfile.open(os.path.join(out, tname), mode) as t:
            for n in order:
                ti = tarfile.TarInfo(n)
                ti.size = len(data[n])
                t.addfile(ti, io.BytesIO(data[n]))


if __name__ == "__main__":
    main()
