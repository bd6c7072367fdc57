#!/bin/sh
# Regenerates rules/README.md: the hand-written preface, then
# `casereview describe` of every shipped checklist.
#   rules/gen-readme.sh [CASEREVIEW_BIN]   (default build/cli/casereview)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-${CASEREVIEW_BIN:-$here/../build/cli/casereview}}
out=$here/README.md
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT
{
    cat "$here/README.preface.md"
    echo
    for cl in penalty-general penalty-simplified inspection-enterprise \
              coercive-seizure licensing-general mee2024-general; do
        (cd "$here/.." && "$bin" describe "rules/$cl.xml")
    done
} > "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "wrote $out"
