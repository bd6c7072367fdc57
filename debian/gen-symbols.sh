#!/bin/sh
# gen-symbols.sh [--check] — writes debian/libcasereview0.symbols from the
# version script libcasereview/libcasereview.map: each node (CR_0.1, CR_0.2
# ...) and each of its functions, tagged @NODE, with the package version
# that first shipped it. A symbol already in the file keeps its version;
# a new one gets the version at the top of debian/changelog, so bump that
# first (dch -v 0.2.0) when a release adds functions, then run this.
# --check: exit 1 when the file differs from what this would write.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
map=$here/../libcasereview/libcasereview.map
symbols=$here/libcasereview0.symbols
version=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$here/changelog")
[ -n "$version" ] || { echo "gen-symbols: no version in debian/changelog" >&2; exit 2; }

generate() {
    {
        [ -f "$symbols" ] && grep '^ ' "$symbols" | sed 's/^ /old /'
        awk '
            /^[A-Z][A-Z0-9_.]* *\{/ { node = $1; print "new " node "@" node; next }
            node != "" && /^[ \t]*cr_[a-z0-9_]+;/ {
                s = $1; sub(/;$/, "", s); print "new " s "@" node
            }' "$map"
    } | awk -v v="$version" '
        $1 == "old" { seen[$2] = $3; next }
        { print " " $2 " " ($2 in seen ? seen[$2] : v) }' | LC_ALL=C sort
}

out=$(generate)
header="libcasereview.so.0 libcasereview0 #MINVER#
* Build-Depends-Package: libcasereview-dev"
if [ "${1:-}" = "--check" ]; then
    if [ "$(printf '%s\n%s\n' "$header" "$out")" != "$(cat "$symbols" 2>/dev/null)" ]; then
        printf '%s\n%s\n' "$header" "$out" | diff -u "$symbols" - || true
        echo "debian/libcasereview0.symbols is out of date with" \
             "libcasereview/libcasereview.map: run debian/gen-symbols.sh" >&2
        exit 1
    fi
    echo "ok: $(printf '%s\n' "$out" | wc -l) symbols"
    exit 0
fi
printf '%s\n%s\n' "$header" "$out" > "$symbols"
