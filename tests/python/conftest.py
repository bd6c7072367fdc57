"""Shared fixtures for the Python binding tests.

Run:  PYTHONPATH=bindings/python /usr/bin/python3 -m pytest tests/python

The library is $CASEREVIEW_LIBRARY (default <repo>/build/libcasereview/
libcasereview.so.0), the command line $CASEREVIEW_BIN (default
<repo>/build/cli/casereview).  Tests that need one that is missing are
skipped with the reason.
"""

import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
LIBRARY = os.environ.setdefault(
    "CASEREVIEW_LIBRARY",
    os.path.join(REPO, "build", "libcasereview", "libcasereview.so.0"))
CLI = os.environ.get("CASEREVIEW_BIN",
                     os.path.join(REPO, "build", "cli", "casereview"))
BINDINGS = os.path.join(REPO, "bindings", "python")
if BINDINGS not in sys.path:
    sys.path.insert(0, BINDINGS)

LIBRARY_MISSING = not os.path.exists(LIBRARY)
try:
    import casereview  # noqa: F401
    IMPORT_ERROR = None
except ImportError as e:
    IMPORT_ERROR = e


def pytest_collection_modifyitems(config, items):
    if IMPORT_ERROR is None:
        return
    skip = pytest.mark.skip(
        reason="libcasereview not loadable (set CASEREVIEW_LIBRARY; "
               "default %s): %s"
               % (LIBRARY, " ".join(str(IMPORT_ERROR).split())))
    for item in items:
        if "no_library" not in item.keywords:
            item.add_marker(skip)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "no_library: runs without a loadable libcasereview")


TINY_CHECKLIST = """\
<?xml version="1.0" encoding="UTF-8"?>
<checklist xmlns="urn:casereview:checklist:1" id="tiny" version="1.2"
           title="测试标准" total="100">
  <grades>
    <grade id="good" label="良好" min="85"/>
    <grade id="pass" label="合格" min="60"/>
    <grade id="fail" label="不合格" min="0"/>
  </grades>
  <param name="min-officers" default="2"/>
  <category id="subject" title="执法主体与人员" points="40">
    <item id="S1" title="执法人员不少于两人" deduct="5" per="node" max="20"
          basis="《行政处罚法》第四十二条">
      <check context="/case/documents/document[@kind='inspection-record']">
        <let name="n" value="count(officer)"/>
        <assert test="$n &gt;= number($min-officers)">{@title}（{@date}）仅有{$n}名执法人员</assert>
      </check>
    </item>
    <item id="S2" title="执法主体合法" deduct="40" veto="true"
          basis="《行政处罚法》第十七条">
      <check context="/case">
        <assert test="agency/@code != ''">缺少执法主体</assert>
      </check>
    </item>
  </category>
  <category id="procedure" title="程序" points="60">
    <item id="P1" title="法制审核" deduct="10" basis="《行政处罚法》第五十八条">
      <applies-if test="/case/decision/penalty[@kind='fine' and @amount &gt;= 50000]"/>
      <check context="/case">
        <assert test="documents/document[@kind='legal-review']">未进行法制审核</assert>
      </check>
    </item>
    <item id="P2" title="文书有日期" deduct="2.5" per="node" max="10">
      <check context="/case/documents/document">
        <report test="not(@date) or @date = ''">{@title}缺少日期</report>
      </check>
    </item>
  </category>
</checklist>
"""


def make_case(case_id, officers=2, agency="370402-SJJ", fine=1000,
              legal_review=False, undated=0, documents=1):
    """A casefile/1 document; DOCUMENTS inspection records each with
    OFFICERS officers, UNDATED extra documents without a date."""
    docs = []
    for i in range(documents):
        refs = "".join('<officer ref="o%d"/>' % (k + 1)
                       for k in range(officers))
        docs.append('    <document kind="inspection-record" '
                    'title="现场检查笔录%d" date="2024-03-%02d">%s'
                    '<text>检查情况%d</text></document>'
                    % (i + 1, i % 28 + 1, refs, i))
    if legal_review:
        docs.append('    <document kind="legal-review" title="法制审核意见书" '
                    'date="2024-04-20"/>')
    for i in range(undated):
        docs.append('    <document kind="other" title="附件%d"/>' % (i + 1))
    return """<?xml version="1.0" encoding="UTF-8"?>
<case format="casefile/1" id="%s">
  <agency code="%s" name="测试局"/>
  <procedure>general</procedure>
  <source kind="inspection" date="2024-03-18"/>
  <officers>
    <officer id="o1" name="张伟"/><officer id="o2" name="李娜"/>
  </officers>
  <documents>
%s
  </documents>
  <decision date="2024-05-06">
    <penalty kind="fine" amount="%s"/>
  </decision>
</case>
""" % (case_id, agency, "\n".join(docs), fine)


# A spread of cases: clean, per-node deductions, a veto, not-applicable
# and applicable P1, undated documents, a fractional score.
CASE_VARIANTS = {
    "clean": dict(),
    "one-officer": dict(officers=1, documents=3),
    "no-agency": dict(agency=""),
    "big-fine": dict(fine=60000),
    "big-fine-reviewed": dict(fine=60000, legal_review=True),
    "undated": dict(undated=3),
    "mixed": dict(officers=1, documents=2, fine=80000, undated=1),
}


@pytest.fixture(scope="session")
def checklist_path(tmp_path_factory):
    d = tmp_path_factory.mktemp("checklist")
    p = d / "tiny.xml"
    p.write_text(TINY_CHECKLIST, encoding="utf-8")
    return str(p)


@pytest.fixture(scope="session")
def case_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cases")
    out = []
    for name, kw in CASE_VARIANTS.items():
        p = d / ("%s.xml" % name)
        p.write_text(make_case("CASE-" + name, **kw), encoding="utf-8")
        out.append(str(p))
    return out


@pytest.fixture(scope="session")
def cli():
    if not os.access(CLI, os.X_OK):
        pytest.skip("casereview CLI not found (set CASEREVIEW_BIN; default %s)"
                    % CLI)
    return CLI


def cli_score_json(cli, checklist, files, extra=()):
    """{source: json line} from `casereview score --format json`."""
    proc = subprocess.run([cli, "score", "-c", checklist, *extra,
                           "--format", "json", *files],
                          capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == len(files), proc.stdout + proc.stderr
    return {json.loads(line)["case"]["source"]: line for line in lines}


@pytest.fixture
def tiny(checklist_path):
    from casereview import Checklist
    with Checklist.load(checklist_path) as cl:
        yield cl
