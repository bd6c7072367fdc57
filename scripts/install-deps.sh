#!/bin/sh
# install-deps.sh [--ci] — installs the Debian packages libcasereview needs
# to build and test (skips the ones already installed): scdoc for the man
# pages, a JDK, JNA and JUnit 5 for the Java binding. --ci adds the tools
# that only CI uses: clang for the fuzzers, valgrind, cppcheck, chromium,
# and what building the Debian packages needs.
set -eu
pkgs="meson ninja-build gcc pkg-config libxml2-dev libxml2-utils libxslt1-dev libpcre2-dev
      check libarchive-dev libdeflate-dev libxlsxwriter-dev python3-openpyxl python3-lxml python3 python3-pytest python3-distributed zip
      scdoc man-db openjdk-17-jdk-headless libjna-java junit5"
# a CJK font, so that the report (make demo) shows characters, not boxes,
# when printed or opened on this machine
pkgs="$pkgs fonts-wqy-zenhei"
# chromium renders the HTML report in the batch tests (skipped without it)
if [ "${1:-}" = "--ci" ]; then
    pkgs="$pkgs clang libclang-rt-14-dev valgrind cppcheck chromium poppler-utils time strace"
    # the Debian packages (scripts/deb-check.sh)
    pkgs="$pkgs dpkg-dev debhelper dh-python default-jdk-headless pkgconf lintian fakeroot"
fi
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
