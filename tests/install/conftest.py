"""What an installed casereview needs: checklists by name, `list`, the man
pages and examples that must keep working, the installed layout.

Run:  /usr/bin/python3 -m pytest tests/install   (after `ninja -C build`)

$CASEREVIEW_BIN is the command (default build/cli/casereview) and
$CR_BUILD_DIR the build tree (default build/).
"""

import os
import re
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD = os.environ.get("CR_BUILD_DIR", os.path.join(REPO, "build"))
CLI = os.environ.get("CASEREVIEW_BIN",
                     os.path.join(BUILD, "cli", "casereview"))
RULES = os.path.join(REPO, "rules")
CASES = os.path.join(REPO, "examples", "cases")
CLEAN = os.path.join(CASES, "clean-general.xml")

# the smallest checklist that loads, for a name found in some directory
TINY = """<checklist xmlns="urn:casereview:checklist:1" id="{id}"
  version="{version}" title="{title}" total="10">
  <category id="c" title="C" points="10">
    <item id="I1" title="有编号" deduct="1">
      <check context="/case"><assert test="@id">无编号</assert></check>
    </item>
  </category>
</checklist>
"""


def tiny(path, id="tiny", version="1", title="小标准"):
    with open(path, "w", encoding="utf-8") as f:
        f.write(TINY.format(id=id, version=version, title=title))
    return path


@pytest.fixture
def env(tmp_path):
    """An environment whose per-user directory is empty and under tmp_path,
    with no CASEREVIEW_CHECKLIST_PATH."""
    e = dict(os.environ)
    e.pop("CASEREVIEW_CHECKLIST_PATH", None)
    e.pop("XDG_DATA_HOME", None)
    e["HOME"] = str(tmp_path / "home")
    e["LC_ALL"] = "C.UTF-8"
    return e


def run(args, env=None, cwd=None):
    return subprocess.run([CLI] + list(args), capture_output=True,
                          text=True, env=env, cwd=cwd)


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    """(prefix root, files relative to it) of `meson install --destdir`."""
    dest = tmp_path_factory.mktemp("destdir")
    subprocess.run(["meson", "install", "-C", BUILD, "--no-rebuild",
                    "--quiet", "--destdir", str(dest)], check=True,
                   capture_output=True)
    prefix = subprocess.run(
        ["meson", "introspect", "--buildoptions", BUILD],
        capture_output=True, text=True, check=True).stdout
    m = re.search(r'"name": "prefix", "value": "([^"]+)"', prefix)
    root = str(dest) + m.group(1)
    files = set()
    for d, _, names in os.walk(str(dest)):
        for n in names:
            files.add(os.path.relpath(os.path.join(d, n), root))
    return root, files
