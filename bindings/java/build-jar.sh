#!/bin/sh
# build-jar.sh OUT.jar JNA.jar VERSION WORKDIR SOURCE.java... — compiles the
# binding for Java 17 with javac alone (no Maven, no downloads) and packs
# it with a manifest whose Class-Path names jna.jar beside it, as Debian
# installs both in /usr/share/java.
set -eu
out=$1 jna=$2 version=$3 work=$4
shift 4
rm -rf "$work"
mkdir -p "$work/classes"
javac -encoding UTF-8 --release 17 -Xlint:all -Werror -cp "$jna" \
    -d "$work/classes" "$@"
cat > "$work/MANIFEST.MF" <<EOF
Class-Path: jna.jar
Implementation-Title: casereview
Implementation-Version: $version
Automatic-Module-Name: org.casereview
EOF
jar --create --file "$out" --manifest "$work/MANIFEST.MF" -C "$work/classes" .
