#!/bin/sh
# Regenerates rules/README.md: the hand-written preface, then
# `casereview describe` of every shipped checklist.
#   rules/gen-readme.sh [CASEREVIEW_BIN]   (default build/cli/casereview)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-${CASEREVIEW_BIN:-$here/../build/cli/casereview}}
out=$here/README.md
tmp=$out.tmp.$$
# checklists declaring <accepts> are described from a copy without it
# until the loader reads the element (tests/rules/strip_accepts.py)
copy=$(mktemp -d)
trap 'rm -f "$tmp"; rm -rf "$copy"' EXIT
python3 "$here/../tests/rules/strip_accepts.py" "$copy" > /dev/null
{
    cat "$here/README.preface.md"
    echo
    for cl in penalty-general penalty-simplified inspection-enterprise \
              coercive-seizure licensing-general; do
        src=rules/$cl.xml
        grep -q '<accepts' "$here/$cl.xml" && src=$copy/rules/$cl.xml
        (cd "$here/.." && "$bin" describe "$src")
    done
} > "$tmp"
mv "$tmp" "$out"
rm -rf "$copy"
trap - EXIT
echo "wrote $out"
