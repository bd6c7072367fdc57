"""`meson install` installs what the Debian packages ship (debian/*.install):
the library, header and pkg-config file, the command with the standard
checklists, their data and tests, man pages, completion and bindings."""

import glob
import os
import re
import subprocess
import zipfile

from conftest import BUILD, CLI, RULES


def standard_checklists():
    """The names of the checklists in rules/ (every one is installed)."""
    return sorted(os.path.basename(p)[:-4]
                  for p in glob.glob(os.path.join(RULES, "*.xml")))


# every checklist of rules/, its data and its tests
RULE_FILES = sorted(
    os.path.relpath(p, RULES)
    for pattern in ("*.xml", "data/*.xml", "tests/*.xml")
    for p in glob.glob(os.path.join(RULES, pattern)))

WANT = [
    "bin/casereview",
    "include/casereview.h",
    "include/casereview-version.h",
    "share/bash-completion/completions/casereview",
] + ["share/casereview/checklists/" + f for f in RULE_FILES]
MAN = ["share/man/man1/casereview.1", "share/man/man5/casereview-checklist.5",
       "share/man/man5/casereview-casefile.5",
       "share/man/man3/libcasereview.3"]


def test_the_installed_files(installed):
    root, files = installed
    assert len(standard_checklists()) >= 5 and len(RULE_FILES) >= 14
    for f in WANT:
        assert f in files, f
    assert any(re.fullmatch(r"lib(/[^/]+)?/libcasereview\.so\.0", f)
               for f in files)
    assert any(f.endswith("pkgconfig/libcasereview.pc") for f in files)
    assert any(f.endswith("/casereview/_ffi.py") for f in files)
    # every module of the package, not only those meson was told of
    here = os.path.dirname(os.path.abspath(__file__))
    package = os.path.join(here, "..", "..", "bindings", "python", "casereview")
    for module in sorted(os.listdir(package)):
        if module.endswith(".py"):
            assert any(f.endswith("/casereview/" + module) for f in files), \
                module
    if os.path.exists(os.path.join(BUILD, "docs", "man", "casereview.1")):
        for f in MAN:
            assert f in files, f
    if any(n.endswith(".jar") for n in os.listdir(
            os.path.join(BUILD, "bindings", "java"))):
        assert "share/java/casereview.jar" in files
        assert os.readlink(os.path.join(root, "share/java/casereview.jar")) \
            == "casereview-0.2.0.jar"
        # JNA is found through the manifest (meson's own jar install
        # would have dropped it)
        with zipfile.ZipFile(os.path.join(root, "share/java/casereview.jar")) as z:
            manifest = z.read("META-INF/MANIFEST.MF").decode()
        assert "Class-Path: jna.jar" in manifest
    assert not os.path.exists(os.path.join(BUILD, "META-INF"))


def test_the_installed_checklists_load_and_pass_their_tests(installed):
    root, _ = installed
    d = os.path.join(root, "share", "casereview", "checklists")
    env = dict(os.environ, CASEREVIEW_CHECKLIST_PATH=d, LC_ALL="zh_CN.UTF-8")
    p = subprocess.run([CLI, "test", "-q"] + standard_checklists(),
                       capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "，失败 0 个" in p.stdout.splitlines()[-1]

