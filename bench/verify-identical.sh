#!/bin/sh
# bench/verify-identical.sh — the results of every corpus file must not
# change with a performance change.
#
#   bench/verify-identical.sh save    before the change: record the JSON
#   bench/verify-identical.sh check   after it: compare, byte for byte
#
# Checklists: every shipped one (rules/*.xml) and bench/ten.xml; each
# with 1 and 2 threads (the output must not depend on the thread count
# either). The corpus: the generated penalty cases (all three size
# classes), a broken and an empty file for error results, and the case
# files of the other kinds and of real decisions (examples/cases,
# tests/rules, tests/real-decisions), so that every checklist scores
# cases of its own kind. The corpus and the baseline live in $BUILD_DIR
# (default build-bench)/verify. For each checklist:
# - the engine's JSON of every file (cr-bench json);
# - `casereview batch` (JSON Lines, summary, CSV) over the corpus as a
#   folder, as zips with the members in sorted, reverse and `zip -r`
#   order, stored and deflated, with data descriptors, and as a .tar and a
#   .tar.gz in sorted and reverse order. Besides matching the baseline,
#   every archive must give the folder's lines (sources aside).
# Exit status 1 on a difference.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build-bench}
dir=$build/verify
action=${1:-check}
case $action in save|check) ;; *)
    echo "usage: bench/verify-identical.sh save|check" >&2; exit 2 ;;
esac

ninja -C "$build" bench/cr-bench cli/casereview >/dev/null
if [ ! -f "$dir/corpus/.done" ]; then
    rm -rf "$dir/corpus"
    python3 "$here/gen-corpus.py" --out "$dir/corpus" --seed 7 \
        --typical 400 --long 40 --extreme 4
    mkdir -p "$dir/corpus/broken"
    printf '<case id="x"><documents>\n' >"$dir/corpus/broken/unclosed.xml"
    : >"$dir/corpus/broken/empty.xml"
    for src in examples/cases tests/rules tests/real-decisions; do
        (cd "$root" && find "$src" -name '*.xml' ! -name '*-tests.xml') |
        while read -r f; do
            mkdir -p "$dir/corpus/kinds/$(dirname "$f")"
            cp "$root/$f" "$dir/corpus/kinds/$f"
        done
    done
    touch "$dir/corpus/.done"
fi
# relative names: case.source must not depend on where the build is
cd "$dir"
files=$(find corpus -name '*.xml' | LC_ALL=C sort)
if [ ! -f archives/.done ]; then
    rm -rf archives
    mkdir archives
    python3 "$here/verify-archives.py" corpus archives
    touch archives/.done
fi
inputs="corpus $(cd archives && ls | sed 's|^|archives/|')"

status=0
compare() {     # compare NAME FILE: against the baseline, or save it
    if [ "$action" = save ]; then
        mv "$2" "$dir/base-$1"
    elif cmp -s "$dir/base-$1" "$2"; then
        echo "same: $1"
        rm -f "$2"
    else
        echo "DIFFERENT: $1 (diff $dir/base-$1 $2)"
        status=1
    fi
}

for cl in $(cd "$root" && ls rules/*.xml) bench/ten.xml; do
    name=$(basename "$cl" .xml)
    for j in 1 2; do
        out=$dir/$name-j$j.jsonl
        # shellcheck disable=SC2086
        "$build/bench/cr-bench" json -c "$root/$cl" -j $j -o "$out.new" \
            $files >/dev/null
        if [ "$action" = save ]; then
            mv "$out.new" "$out"
        elif cmp -s "$out" "$out.new"; then
            echo "same: $name -j$j ($(wc -l <"$out") results)"
        else
            echo "DIFFERENT: $name -j$j (diff $out $out.new)"
            status=1
        fi
        for input in $inputs; do
            tag=$name-j$j-$(basename "$input")
            rc=0
            "$build/cli/casereview" batch -q -j $j -c "$root/$cl" \
                -o "$tag.jsonl" --summary "$tag.json" --csv "$tag.csv" \
                "$input" || rc=$?
            [ $rc -le 1 ] || { echo "FAILED: batch $tag ($rc)"; status=1; }
            # an archive gives the folder's lines, sources aside
            sed 's|"source": "[^"]*!|"source": "corpus/|' "$tag.jsonl" \
                >"$tag.cmp"
            if [ "$input" = corpus ]; then
                mv "$tag.cmp" "$name-j$j-folder.cmp"
            elif ! cmp -s "$tag.cmp" "$name-j$j-folder.cmp"; then
                echo "DIFFERENT from the folder: $tag"
                status=1
                rm -f "$tag.cmp"
            else
                rm -f "$tag.cmp"
            fi
            for ext in jsonl json csv; do
                compare "$tag.$ext" "$tag.$ext"
            done
        done
    done
done
[ "$action" = save ] && echo "saved the baseline in $dir"
exit $status
