"""Hostile checklists through `casereview lint` and `casereview score`:
each must be refused with file:line messages (exit 2), quickly, without a
crash, and never read a file outside its folder or a URL by default."""
import os
import re
import subprocess
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("CASEREVIEW_BIN", os.path.join(ROOT, "build", "cli",
                                                    "casereview"))
HEAD = '<checklist xmlns="urn:casereview:checklist:1" id="h" total="100">\n'


def checklist(body, category=None):
    cat = category if category is not None else (
        '<category id="c" points="100"><item id="I" deduct="1">'
        '<check context="/case"><assert test="true()">m</assert></check>'
        '</item></category>\n')
    return HEAD + body + cat + "</checklist>\n"


def item(test="true()", lets="", context="/case", msg="m"):
    return ('<category id="c" points="100"><item id="I" deduct="1">'
            '<check context="%s">%s<assert test="%s">%s</assert></check>'
            '</item></category>\n' % (context, lets, test, msg))


DEEP = 3000
CASES = {
    # recursive and out-of-order lets
    "let-self": (checklist('<let name="a" value="$a + 1"/>\n'), "$a"),
    "let-cycle": (checklist('<let name="a" value="$b"/>\n'
                            '<let name="b" value="$a"/>\n'), "$b"),
    "let-check-self": (checklist("", item(lets='<let name="z" value="$z"/>')),
                       "$z"),
    "let-duplicate": (checklist('<let name="a" value="1"/>\n'
                                '<let name="a" value="2"/>\n'), "already"),
    # expressions thousands of levels deep
    "deep-parens": (checklist("", item("(" * DEEP + "1" + ")" * DEEP)), ""),
    "deep-not": (checklist("", item("not(" * DEEP + "1" + ")" * DEEP)), ""),
    "deep-predicates": (checklist("", item("a" + "[b" * DEEP + "]" * DEEP)),
                        ""),
    "deep-unclosed": (checklist("", item("(" * DEEP)), ""),
    "deep-cr-calls": (checklist("", item("cr:date(" * DEEP + "'x'" +
                                         ")" * DEEP)), ""),
    "deep-template": (checklist("", item(msg="{" + "(" * DEEP + "1" +
                                         ")" * DEEP + "}")), ""),
    "long-sum": (checklist("", item("1" + " + 1" * 100000 + " = 0 and $u")),
                 "$u"),
    "deep-elements": (HEAD + "<x>" * 5000 + "</x>" * 5000 + "</checklist>",
                      "depth"),
    # enormous numbers
    "num-deduct-huge": (checklist("", item().replace('deduct="1"',
                                                     'deduct="1e400"')),
                        "deduct"),
    "num-points-digits": (checklist("", item().replace(
        'points="100"', 'points="' + "9" * 400 + '"')), "points"),
    "num-total-nan": (checklist("").replace('total="100"', 'total="NaN"'),
                      "total"),
    "num-negative": (checklist("", item().replace('deduct="1"',
                                                  'deduct="-5"')), "deduct"),
    "num-hex": (checklist("", item().replace('deduct="1"', 'deduct="0x10"')),
                "deduct"),
    "num-xpath-literal": (checklist("", item("9" * 5000 + " > 1e999 and $u")),
                          "$u"),
    # duplicate everything
    "dup-item": (checklist("", item() + item().replace('id="c"', 'id="d"')
                           .replace('points="100"', 'points="0"')),
                 "duplicate item id"),
    "dup-category": (checklist("", item() + '<category id="c" points="0"/>'),
                     "duplicate category id"),
    "dup-param": (checklist('<param name="p"/><param name="p"/>'), "$p"),
    "dup-data-let": (checklist('<param name="p"/><let name="p" value="1"/>'),
                     "$p"),
    "dup-calendar": (checklist('<calendar href="a.xml"/>'
                               '<calendar href="a.xml"/>'),
                     "a second <calendar>"),
    "dup-case-id": (checklist('<case-id value="1"/><case-id value="2"/>'),
                    "case-id"),
    "dup-attribute": (checklist("").replace('id="h"', 'id="h" id="g"'),
                      "redefined"),
    # data and calendar hrefs
    "href-parent": (checklist('<data name="d" href="../outside.xml"/>'),
                    "leaves"),
    "href-absolute": (checklist('<data name="d" href="/etc/passwd"/>'),
                      "leaves"),
    "href-http": (checklist('<data name="d" href="http://127.0.0.1:9/x"/>'),
                  "URL"),
    "href-file-url": (checklist('<data name="d" href="file:///etc/passwd"/>'),
                      "URL"),
    "href-calendar-out": (checklist('<calendar href="/etc/passwd"/>'),
                          "leaves"),
    "href-missing": (checklist('<data name="d" href="nope.xml"/>'), "nope"),
    "href-symlink-out": (checklist('<data name="d" href="link.xml"/>'),
                         "leaves"),
    "href-not-xml": (checklist('<data name="d" href="junk.xml"/>'), "junk"),
    "href-self-xxe": (checklist('<data name="d" href="xxe.xml"/>',
                                item("$d//text() = 'x'")), None),
    # the checklist itself hostile
    "xxe-in-checklist": ('<!DOCTYPE checklist [<!ENTITY x SYSTEM '
                         '"file:///etc/passwd">]>\n' + checklist(
                             "", item(msg="&x;")), None),
    "laughs-in-checklist": ('<!DOCTYPE checklist [<!ENTITY a "aaaaaaaaaa">'
                            + "".join('<!ENTITY %s "%s">' % (
                                chr(98 + i), ("&%s;" % chr(97 + i)) * 10)
                                for i in range(9)) + ']>\n' +
                            checklist("", item(msg="&j;")), "entit"),
    "empty": ("", "empty"),
    "not-xml": ("\x89PNG garbage", "Start tag"),
    "wrong-root": ("<html/>", "root element"),
    "bad-regex": (checklist("", item("cr:matches('a', '(')")), "regular expression"),
    "unknown-function": (checklist("", item("cr:nope(1)")), "cr:nope"),
    "bad-prefix": (checklist("", item("q:x")), "q"),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("checklists")
    (d / "sub").mkdir()
    (d / "junk.xml").write_bytes(b"\x00\x01 not xml")
    (d / "sub" / "xxe.xml").write_text('<!DOCTYPE d [<!ENTITY x SYSTEM '
                               '"file:///etc/passwd">]><d>&x;</d>')
    os.symlink("/etc/passwd", d / "sub" / "link.xml")
    for name, (text, _) in CASES.items():
        sub = d / "sub" if name.startswith("href-") else d
        (sub / (name + ".xml")).write_text(text, encoding="utf-8")
    (d / "case.xml").write_text('<case id="k"><agency code="1"/></case>')
    return d


# the expected substrings below are the English messages
ENGLISH = dict(os.environ, LC_ALL="en_US.UTF-8")


def lint(path):
    t0 = time.monotonic()
    p = subprocess.run([BIN, "lint", str(path)], capture_output=True,
                       timeout=60, env=ENGLISH)
    return p, time.monotonic() - t0


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_checklist(folder, name):
    want = CASES[name][1]
    path = (folder / "sub" if name.startswith("href-") else folder) / \
        (name + ".xml")
    p, elapsed = lint(path)
    out = p.stdout.decode() + p.stderr.decode()
    assert elapsed < 10, elapsed
    assert p.returncode in (0, 2), out     # never a crash (negative)
    assert "root:" not in out
    if want is None:
        return  # loads or not, but leaks nothing
    assert p.returncode == 2, out
    lines = [x for x in out.splitlines() if re.search(r"(error|错误)\[CR-", x)]
    assert lines, out
    for line in lines:
        assert re.match(re.escape(str(path)) + r":\d+:\d+: (?:error|错误)\[CR-\d{4}\]: ",
                        line), line
    if want:
        assert want in out, out


@pytest.mark.parametrize("name", ["href-parent", "deep-parens", "let-cycle",
                                  "xxe-in-checklist"])
def test_score_refuses_too(folder, name):
    path = (folder / "sub" if name.startswith("href-") else folder) / \
        (name + ".xml")
    p = subprocess.run([BIN, "score", "-c", str(path), "--format", "json",
                        str(folder / "case.xml")], capture_output=True,
                       timeout=60)
    out = p.stdout.decode()
    assert "root:" not in out
    if name != "xxe-in-checklist":
        assert p.returncode == 2


def test_outside_data_is_refused_by_default(tmp_path):
    """Only the library flag lets data leave the folder; the default CLI
    never reads it."""
    (tmp_path / "in").mkdir()
    (tmp_path / "secret.xml").write_text("<s>SECRET-MARKER</s>")
    cl = tmp_path / "in" / "cl.xml"
    cl.write_text(checklist('<data name="d" href="../secret.xml"/>',
                            item("false()", msg="{string($d)}")))
    case = tmp_path / "case.xml"
    case.write_text("<case/>")
    p = subprocess.run([BIN, "score", "-c", str(cl), "--format", "json",
                        str(case)], capture_output=True, timeout=60)
    assert p.returncode == 2
    assert b"SECRET-MARKER" not in p.stdout + p.stderr
    assert "所在文件夹以外".encode() in p.stdout + p.stderr
