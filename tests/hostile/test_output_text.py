"""Whatever goes in, what comes out is valid UTF-8 and JSON, one line per
JSON result: long names in bad case files, libxml2 messages that hold a
line break, expressions with quotes shown by --explain, parameters that
are not UTF-8."""
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("CASEREVIEW_BIN", os.path.join(ROOT, "build", "cli",
                                                    "casereview"))
GENERAL = os.path.join(ROOT, "rules", "penalty-general.xml")
HEAD = '<checklist xmlns="urn:casereview:checklist:1" id="h" total="100">\n'


def run(*args):
    return subprocess.run([BIN] + list(args), capture_output=True,
                          timeout=60)


def json_lines(out):
    text = out.decode("utf-8")            # strict: raises on bad bytes
    return [json.loads(line) for line in text.splitlines()]


def test_long_chinese_name_in_error_message(tmp_path):
    # libxml2 quotes the name; the message is cut to fit a buffer, and
    # the cut must not split a character
    name = "元" * 300
    case = tmp_path / "long.xml"
    case.write_text("<case id='x'><%s></case>" % name, encoding="utf-8")
    proc = run("score", "-c", GENERAL, "--format", "json", str(case))
    assert proc.returncode == 1
    (res,) = json_lines(proc.stdout)
    assert res["error"]["message"] == \
        "不是格式正确的 XML：开始标签与结束标签不一致"
    assert "元元" in res["error"]["detail"]


def test_message_with_a_line_break_stays_on_one_line(tmp_path):
    # "Input is not proper UTF-8, indicate encoding !\nBytes: ..."
    case = tmp_path / "bad.xml"
    case.write_bytes(b'<case id="\xff"/>')
    proc = run("score", "-c", GENERAL, "--format", "json", str(case))
    (res,) = json_lines(proc.stdout)
    assert "\n" not in res["error"]["message"]
    assert "\n" not in res["error"]["detail"]
    assert "Bytes: 0xFF" in res["error"]["detail"]
    text = run("score", "-c", GENERAL, "--format", "text",
               str(case)).stdout.decode("utf-8")
    assert len(text.strip().splitlines()) == 1, text  # one line per case


def test_explain_keys_are_escaped(tmp_path):
    checklist = tmp_path / "q.xml"
    checklist.write_text(
        HEAD + '<param name="p" default="y"/>\n'
        '<category id="c" points="100">'
        '<item id="A" deduct="1"><check context="/case">'
        '<assert test="false()">{concat("q", \'"\')}{string-length("%s")}'
        '</assert></check></item>'
        '<item id="B" deduct="1"><applies-if test=\'"x" = $p\'/>'
        '<check context="/case"><assert test="false()"/></check></item>'
        '</category></checklist>\n' % ("元" * 400), encoding="utf-8")
    case = tmp_path / "c.xml"
    case.write_text("<case id='c'/>", encoding="utf-8")
    proc = run("score", "-c", str(checklist), "--explain", "--format",
               "json", str(case))
    (res,) = json_lines(proc.stdout)
    a, b = res["items"]
    explain = a["findings"][0]["explain"]
    assert explain['{concat("q", \'"\')}'] == 'q"'
    assert '{string-length("%s")}' % ("元" * 400) in explain
    assert b["state"] == "not-applicable"
    assert b["explain"]['"x" = $p'] == "false"
    assert b["explain"]["$p"] == '"y"'


def test_param_value_must_be_utf8():
    proc = run("score", "-c", GENERAL, "--param", b"filing-workdays=\xff",
               os.path.join(ROOT, "examples", "cases", "clean-general.xml"))
    assert proc.returncode == 2
    assert b"UTF-8" in proc.stderr
