#!/bin/sh
# run-tests.sh CASEREVIEW.jar JNA.jar JUNIT-STANDALONE.jar WORKDIR TEST.java...
# — compiles the JUnit 5 tests against the built jar and runs them with
# the console launcher. The library, the command line and the source tree
# come from $CASEREVIEW_LIBRARY, $CASEREVIEW_BIN and $CR_SOURCE_DIR.
set -eu
jar=$1 jna=$2 junit=$3 work=$4
shift 4
rm -rf "$work"
mkdir -p "$work"
cp="$jar:$jna"
# -path: the jar's Class-Path names jna.jar beside it, absent in the build tree
javac -encoding UTF-8 --release 17 -Xlint:all,-path -Werror -cp "$cp:$junit" \
    -d "$work" "$@"
exec java -Xss2m -cp "$cp:$junit:$work" \
    org.junit.platform.console.ConsoleLauncher \
    --disable-banner --disable-ansi-colors --fail-if-no-tests \
    --details=tree --class-path "$work" --scan-class-path
