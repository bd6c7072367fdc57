"""libcasereview shares libxml2 and libxslt with other libraries of the
process. Python's lxml installs a process-wide XSLT document loader that
reads the transform context's _private as its own: a mapping that calls
document() must work with lxml imported, before or after casereview."""
import os
import subprocess
import sys

import pytest

from conftest import BINDINGS, REPO

pytest.importorskip("lxml.etree")

MAPPING = os.path.join(REPO, "examples", "mapping", "anjuan-to-casefile.xsl")
EXPORT = os.path.join(REPO, "examples", "mapping", "anjuan-mulu.xml")
RULES = os.path.join(REPO, "rules", "penalty-general.xml")

SCRIPT = """
import sys
sys.path.insert(0, %r)
if %r:
    import lxml.etree
import casereview
tf = casereview.Transform.load(%r)
if not %r:
    import lxml.etree
with casereview.Checklist.load(%r, transform=tf) as cl:
    r = cl.score_file(%r)
    print(r.error or r.score)
"""


@pytest.mark.parametrize("lxml_first", [True, False])
def test_mapping_with_lxml_loaded(lxml_first):
    env = dict(os.environ)
    p = subprocess.run([sys.executable, "-c", SCRIPT % (
        BINDINGS, lxml_first, MAPPING, lxml_first, RULES, EXPORT)],
        capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, (p.returncode, p.stderr[-2000:])
    alone = subprocess.run([sys.executable, "-c", SCRIPT.replace(
        "import lxml.etree", "pass") % (
        BINDINGS, lxml_first, MAPPING, lxml_first, RULES, EXPORT)],
        capture_output=True, text=True, env=env, timeout=120)
    assert p.stdout == alone.stdout and p.stdout.strip(), (p.stdout,
                                                           alone.stdout)
