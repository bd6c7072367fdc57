"""Checklist data that is a FIFO (a <data href> or --data): refused at
once with its path by lint, score and batch, never a wait for a writer.
Run: /usr/bin/python3 -m pytest tests/batch"""
import os
import subprocess

import pytest

from conftest import case_xml

CHECKLIST = """\
<checklist xmlns="urn:casereview:checklist:1" id="fifo" version="1"
           title="t" total="100">
  <data name="officers" href="officers.xml"/>
  <category id="a" title="a" points="100">
    <item id="A1" title="t" deduct="10">
      <check context="/case">
        <assert test="count($officers//officer) &gt;= 0">x</assert>
      </check>
    </item>
  </category>
</checklist>
"""


@pytest.fixture
def fifo_setup(tmp_path):
    (tmp_path / "cl.xml").write_text(CHECKLIST, encoding="utf-8")
    os.mkfifo(tmp_path / "officers.xml")
    os.mkfifo(tmp_path / "other.xml")
    (tmp_path / "real.xml").write_text("<officers/>", encoding="utf-8")
    (tmp_path / "case.xml").write_text(case_xml("C"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("cmd", [
    ["lint", "cl.xml"],
    ["score", "-c", "cl.xml", "case.xml"],
    ["batch", "-q", "-c", "cl.xml", "case.xml"],
    ["score", "-c", "cl.xml", "--data", "officers=other.xml", "case.xml"],
    ["batch", "-q", "-c", "cl.xml", "--data", "officers=other.xml",
     "case.xml"],
])
def test_fifo_as_data_is_refused_at_once(binary, fifo_setup, cmd):
    data = "other.xml" if "--data" in cmd else "officers.xml"
    if "--data" in cmd:     # the href itself is a regular file then
        os.unlink(fifo_setup / "officers.xml")
        os.rename(fifo_setup / "real.xml", fifo_setup / "officers.xml")
    try:
        p = subprocess.run([binary] + cmd, cwd=fifo_setup,
                           capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("%s waited on the FIFO" % cmd[0])
    assert p.returncode == 2, p.stderr
    err = (p.stdout + p.stderr).decode()
    assert data in err and "不是普通文件" in err, err
    assert "CR-2900" in err, err
