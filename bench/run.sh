#!/bin/sh
# bench/run.sh — the whole benchmark in one command (see bench/README.md).
#
#   bench/run.sh [--quick] [--seed N] [--json FILE]
#
# Builds cr-bench and the library in build-bench (release) unless they are
# there, generates the seeded corpus once under build-bench/bench-corpus,
# then runs bench/harness.py: parse only, the engine with
# rules/penalty-general.xml (1, 2 and all threads), ten assertions against
# xmllint --schematron, the Python binding, items x2, the size classes,
# `casereview batch -j1` / `-j2` as whole processes, and the same cases
# as a folder, zips and a tar.gz at -j1 and -j2 (bench/archives.py).
# --quick: a small corpus and fewer repeats (< 60 s), for CI smoke runs.
# Exit status 1 when a target is missed, 2 when something failed to run.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build-bench}
quick=0
seed=1
json=
while [ $# -gt 0 ]; do
    case $1 in
    --quick) quick=1 ;;
    --seed) seed=$2; shift ;;
    --json) json=$2; shift ;;
    *) echo "usage: bench/run.sh [--quick] [--seed N] [--json FILE]" >&2
       exit 2 ;;
    esac
    shift
done

if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$root" --buildtype=release >/dev/null || exit 2
fi
# only what the benchmark needs: a half-built CLI must not stop it
ninja -C "$build" bench/cr-bench >/dev/null || exit 2
# the command line's -j2 / -j1 is information: measured when it builds
ninja -C "$build" cli/casereview >/dev/null 2>&1 || true
# so is the Java binding's row: its jar when a JDK and JNA are there
jar=$(ninja -C "$build" -t targets all 2>/dev/null |
      sed -n 's|^\(bindings/java/casereview-[0-9.]*\.jar\):.*|\1|p' | head -1)
[ -n "$jar" ] && { ninja -C "$build" "$jar" >/dev/null 2>&1 || true; }

if [ $quick = 1 ]; then
    counts="--typical 300 --long 30 --extreme 3"; passes=3; runs=2
    corpus=$build/bench-corpus/quick-$seed
    archives="--archive-cases 2000 --archive-rounds 3"
else
    counts="--typical 1000 --long 100 --extreme 10"; passes=5; runs=7
    corpus=$build/bench-corpus/full-$seed
    archives="--archive-cases 10000 --archive-rounds 7"
fi
if [ ! -f "$corpus/.done" ]; then
    rm -rf "$corpus"
    # shellcheck disable=SC2086
    python3 "$here/gen-corpus.py" --out "$corpus" --seed "$seed" $counts \
        || exit 2
    touch "$corpus/.done"
fi

# shellcheck disable=SC2086
set -- --build "$build" --corpus "$corpus" --work "$build/bench-work" \
    --passes $passes --runs $runs $archives
[ -n "$json" ] && set -- "$@" --json "$json"
exec python3 "$here/harness.py" "$@"
