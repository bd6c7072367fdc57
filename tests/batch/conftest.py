"""Fixtures for the `casereview batch` tests: the binary, a tiny checklist
written in the checklist language, and helpers to build case files."""
import io
import os
import pathlib
import subprocess
from xml.sax.saxutils import escape

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]

CHECKLIST = """\
<checklist xmlns="urn:casereview:checklist:1" id="tiny" version="1.0"
           title="批量测试标准" total="100">
  <grades>
    <grade id="good" label="良好" min="80"/>
    <grade id="pass" label="合格" min="60"/>
    <grade id="fail" label="不合格" min="0"/>
  </grades>
  <category id="a" title="甲类" points="60">
    <item id="A1" title="调查取证执法人员不少于两人" deduct="30"
          basis="《行政处罚法》第四十二条">
      <check context="/case">
        <assert test="count(officers/officer) &gt;= 2">仅有{count(officers/officer)}名执法人员</assert>
      </check>
    </item>
    <item id="A2" title="决定书载明日期" deduct="15" basis="依据, &quot;引号&quot; &lt;b&gt;">
      <check context="/case">
        <assert test="decision/@date">缺少决定日期</assert>
      </check>
    </item>
  </category>
  <category id="b" title="乙类" points="40">
    <item id="B1" title="执法主体合法" deduct="10" veto="true"
          basis="《行政处罚法》第十七条">
      <check context="/case">
        <assert test="agency/@code != ''">缺少执法主体</assert>
      </check>
    </item>
    <item id="B2" title="罚款金额为数字" deduct="5" basis="">
      <check context="/case/decision/penalty">
        <assert test="number(@amount) = number(@amount)">金额不是数字</assert>
      </check>
    </item>
  </category>
</checklist>
"""


def case_xml(case_id, agency="AG1", officers=2, date="2024-01-01"):
    """A case scoring 100 with the defaults; each missing part deducts:
    officers < 2: A1 -30; no date: A2 -15; agency "": B1 -10 and veto."""
    def attr(v):
        return escape(v, {'"': "&quot;", "\n": "&#10;"})

    case_id, agency = attr(case_id), attr(agency)
    offs = "".join('<officer id="o%d"/>' % i for i in range(officers))
    dec = '<decision date="%s"/>' % date if date else "<decision/>"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<case id="%s">\n<agency code="%s"/>\n<officers>%s</officers>\n'
            '%s\n</case>\n' % (case_id, agency, offs, dec))


@pytest.fixture(scope="session")
def binary():
    path = os.environ.get("CASEREVIEW_BIN",
                          str(REPO / "build" / "cli" / "casereview"))
    path = os.path.abspath(path)
    if not os.access(path, os.X_OK):
        pytest.skip("casereview binary not found at %s (set CASEREVIEW_BIN)"
                    % path)
    return path


@pytest.fixture
def checklist(tmp_path):
    p = tmp_path / "checklist.xml"
    p.write_text(CHECKLIST, encoding="utf-8")
    return str(p)


class Batch:
    def __init__(self, binary, checklist, cwd):
        self.binary = binary
        self.checklist = checklist
        self.cwd = cwd

    def run(self, *args, check_rc=None, timeout=120):
        cmd = [self.binary, "batch", "-c", self.checklist] + [str(a)
                                                              for a in args]
        p = subprocess.run(cmd, cwd=self.cwd, capture_output=True,
                           timeout=timeout)
        if check_rc is not None:
            assert p.returncode == check_rc, (p.returncode, p.stderr.decode())
        return p


@pytest.fixture
def batch(binary, checklist, tmp_path):
    return Batch(binary, checklist, tmp_path)


class Unseekable(io.RawIOBase):
    """zipfile writes data descriptors (sizes after the data) when it
    cannot seek back, as streaming zip writers do."""

    def __init__(self, f):
        self.f = f

    def writable(self):
        return True

    def write(self, b):
        return self.f.write(b)
