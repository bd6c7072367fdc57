#!/bin/sh
# check-exports.sh LIB MAP HEADER — the library exports exactly the
# functions named in the version script, and those are the header's.
set -eu
lib=$1 map=$2 header=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 == "T" {print $3}' | sed 's/@.*//' | sort -u > "$tmp/exported"
grep -E '^\s+cr_[a-z0-9_]+;' "$map" | tr -d ' ;' | sort -u > "$tmp/map"
grep -oE '\bcr_[a-z0-9_]+\(' "$header" | tr -d '(' | sort -u > "$tmp/header"
status=0
if ! diff -u "$tmp/map" "$tmp/exported"; then
    echo "exported symbols differ from $map" >&2; status=1
fi
if ! diff -u "$tmp/header" "$tmp/map"; then
    echo "version script differs from the functions of $header" >&2; status=1
fi
if nm -D --defined-only "$lib" | awk '$2 != "A" {print $3}' | grep -v '^cr_'; then
    echo "symbols without the cr_ prefix are exported" >&2; status=1
fi
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
case "$soname" in
    libcasereview.so.[0-9]*) ;;
    *) echo "unexpected soname '$soname'" >&2; status=1 ;;
esac
[ $status -eq 0 ] && echo "ok: $(wc -l < "$tmp/exported") cr_ functions exported, soname $soname"
exit $status
