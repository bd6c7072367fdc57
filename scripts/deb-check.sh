#!/bin/sh
# deb-check.sh — what CI checks of the Debian packages (debian/): builds
# them with dpkg-buildpackage from a clean export of HEAD (nocheck: CI has
# run the tests already), runs lintian (errors fail), installs them,
# runs debian/tests/smoke from another directory, and removes them again.
#   KEEP=1 scripts/deb-check.sh   leaves the packages installed
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/cr-deb.XXXXXX)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
pkgs="libcasereview0 libcasereview-dev casereview python3-casereview libcasereview-java"
installed=0
cleanup() {
    if [ "$installed" = 1 ] && [ "${KEEP:-0}" != 1 ]; then
        # shellcheck disable=SC2086
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq $pkgs >/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "deb-check: building from $(git -C "$root" rev-parse --short HEAD) in $work"
git -C "$root" archive --format=tar --prefix=src/ HEAD | tar -x -C "$work"
if ! (cd "$work/src" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
        dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
    tail -60 "$work/build.log"
    echo "deb-check: dpkg-buildpackage failed" >&2
    exit 1
fi
ls "$work"/*.deb
lintian --fail-on error "$work"/*.changes

# shellcheck disable=SC2086
# --reinstall: a package of the same version left by an earlier run
# would otherwise stay as it was
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall \
    --no-install-recommends "$work"/*.deb >"$work/install.log" 2>&1 ||
    { tail -30 "$work/install.log"; exit 1; }
installed=1
(cd "$root" && sh debian/tests/smoke)
