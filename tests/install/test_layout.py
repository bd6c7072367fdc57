"""`meson install` installs what the Debian packages ship (debian/*.install):
the library, header and pkg-config file, the command with the standard
checklists, their data and tests, man pages, completion and bindings."""

import os
import re
import subprocess
import zipfile

from conftest import BUILD, CLI

WANT = [
    "bin/casereview",
    "include/casereview.h",
    "include/casereview-version.h",
    "share/casereview/checklists/penalty-general.xml",
    "share/casereview/checklists/penalty-simplified.xml",
    "share/casereview/checklists/data/cn-workdays.xml",
    "share/casereview/checklists/data/discretion-benchmarks.xml",
    "share/casereview/checklists/data/evidence-requirements.xml",
    "share/casereview/checklists/data/law-versions.xml",
    "share/casereview/checklists/tests/penalty-general-tests.xml",
    "share/casereview/checklists/tests/penalty-simplified-tests.xml",
    "share/bash-completion/completions/casereview",
]
MAN = ["share/man/man1/casereview.1", "share/man/man5/casereview-checklist.5",
       "share/man/man5/casereview-casefile.5",
       "share/man/man3/libcasereview.3"]


def test_the_installed_files(installed):
    root, files = installed
    for f in WANT:
        assert f in files, f
    assert any(re.fullmatch(r"lib(/[^/]+)?/libcasereview\.so\.0", f)
               for f in files)
    assert any(f.endswith("pkgconfig/libcasereview.pc") for f in files)
    assert any(f.endswith("/casereview/_ffi.py") for f in files)
    if os.path.exists(os.path.join(BUILD, "docs", "man", "casereview.1")):
        for f in MAN:
            assert f in files, f
    if any(n.endswith(".jar") for n in os.listdir(
            os.path.join(BUILD, "bindings", "java"))):
        assert "share/java/casereview.jar" in files
        assert os.readlink(os.path.join(root, "share/java/casereview.jar")) \
            == "casereview-0.1.0.jar"
        # JNA is found through the manifest (meson's own jar install
        # would have dropped it)
        with zipfile.ZipFile(os.path.join(root, "share/java/casereview.jar")) as z:
            manifest = z.read("META-INF/MANIFEST.MF").decode()
        assert "Class-Path: jna.jar" in manifest
    assert not os.path.exists(os.path.join(BUILD, "META-INF"))


def test_the_installed_checklists_load_and_pass_their_tests(installed):
    root, _ = installed
    d = os.path.join(root, "share", "casereview", "checklists")
    env = dict(os.environ, CASEREVIEW_CHECKLIST_PATH=d)
    p = subprocess.run([CLI, "test", "-q", "penalty-general",
                        "penalty-simplified"], capture_output=True,
                       text=True, env=env)
    assert p.returncode == 0, p.stdout + p.stderr
    assert ", 0 failed" in p.stdout.splitlines()[-1]

