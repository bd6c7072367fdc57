#!/bin/sh
# bench/callgrind-cost.sh — instructions per case (valgrind callgrind: the
# count does not depend on the machine's load), for comparing two builds
# of the engine on the same typical cases.
#
#   bench/callgrind-cost.sh BUILD_DIR [BASE_BUILD_DIR]
#
# For each shipped checklist, and for rules/penalty-general.xml made a
# checklist 1.1 (veto="lowest-grade" on its root: the same scores, through
# the 1.1 scoring path and JSON), it runs `cr-bench engine -j 1` under
# callgrind on 1 and on 201 typical cases of the verify corpus
# (bench/verify-identical.sh makes it) and prints (Ir(201) - Ir(1)) / 200:
# the cost of a case without the fixed cost of loading.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
corpus=${CORPUS:-$root/build-bench/verify/corpus/typical}
[ -d "$corpus" ] || { echo "no corpus at $corpus: run bench/verify-identical.sh save" >&2; exit 2; }
one=$(ls "$corpus"/*.xml | head -1)
many=$(ls "$corpus"/*.xml | head -201)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the 1.1 variant next to the original, so that its hrefs resolve
sed 's/<checklist xmlns="urn:casereview:checklist:1"/& veto="lowest-grade"/' \
    "$root/rules/penalty-general.xml" > "$root/rules/.callgrind-1.1.xml"
trap 'rm -rf "$tmp" "$root/rules/.callgrind-1.1.xml"' EXIT

ir() {  # ir BUILD CHECKLIST FILES...
    b=$1; c=$2; shift 2
    # shellcheck disable=SC2086
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" \
        "$b/bench/cr-bench" engine -c "$c" -j 1 -r 1 "$@" >/dev/null \
        2>"$tmp/err"
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/err"
}

for build in "$@"; do
    for c in penalty-general penalty-simplified .callgrind-1.1; do
        [ "$c" = .callgrind-1.1 ] && [ "$build" != "$1" ] && continue
        a=$(ir "$build" "$root/rules/$c.xml" "$one")
        # shellcheck disable=SC2086
        z=$(ir "$build" "$root/rules/$c.xml" $many)
        name=$c
        [ "$c" = .callgrind-1.1 ] && name="penalty-general as 1.1"
        echo "$build	$name	$(( (z - a) / 200 )) Ir/case"
    done
done
