#!/bin/sh
# install-jar.sh JAR DIR LINK — installs the jar as built into DIR (relative
# to the prefix), with LINK (casereview.jar) pointing to it. Meson's own install of a .jar target drops the manifest's
# Class-Path (depfixer's fix_jar), and the installed jar needs it to find
# jna.jar beside it.
set -eu
dest=${MESON_INSTALL_DESTDIR_PREFIX:?}/$2
mkdir -p "$dest"
install -m 644 "$1" "$dest/"
ln -sfn "$(basename "$1")" "$dest/$3"
