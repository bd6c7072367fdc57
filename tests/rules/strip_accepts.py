#!/usr/bin/env python3
"""Copies rules/ to a scratch folder with every <accepts> element blanked.

The checklists for inspection, coercive and licensing files declare the
cases they accept with <accepts test="...">, which this branch's loader
does not know yet (it rejects unknown elements). Tests and tools that
must load them on this branch use the copy this script makes; the
element is replaced by as many newlines as it spanned, so lines in
diagnostics stay those of the original file. Remove this helper once
the loader reads <accepts>.

    strip_accepts.py OUTDIR        # writes OUTDIR/rules/...
"""

import os
import re
import shutil
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
ACCEPTS = re.compile(r'<accepts\b.*?(?:/>|</accepts>)', re.S)


def blank(text):
    return ACCEPTS.sub(lambda m: '\n' * m.group(0).count('\n'), text)


def copy_rules(outdir):
    """Copies ROOT/rules to OUTDIR/rules, <accepts> blanked; returns the copy."""
    src = os.path.join(ROOT, 'rules')
    dst = os.path.join(outdir, 'rules')
    if os.path.isdir(dst):
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    for folder, _, files in os.walk(dst):
        for name in files:
            if name.endswith('.xml'):
                path = os.path.join(folder, name)
                with open(path, encoding='utf-8') as f:
                    text = f.read()
                if '<accepts' in text:
                    with open(path, 'w', encoding='utf-8') as f:
                        f.write(blank(text))
    return dst


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(copy_rules(sys.argv[1]))
