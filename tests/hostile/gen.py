#!/usr/bin/env python3
"""Writes the hostile case-file corpus.

    gen.py small DIR   the small files, as committed in tests/hostile/cases/
    gen.py big DIR     the large ones (megabytes), generated at test time

Each file name says what it is; test_hostile.py holds what each must give.
"""
import os
import sys

GOOD_BODY = """  <agency code="370402-SJJ" name="枣庄市市中区市场监督管理局"/>
  <documents>
    <document kind="inspection-record" title="现场检查笔录" date="2024-03-20">
      <text>{text}</text>
    </document>
  </documents>
  <decision date="2024-05-06">
    <penalty kind="fine" amount="8000" amount-text="人民币捌仟元整"/>
  </decision>
"""


def case(body_text="检查发现超过保质期的食品", doctype="", decl=True,
         encoding="UTF-8", case_id="hostile-1"):
    head = '<?xml version="1.0" encoding="%s"?>\n' % encoding if decl else ""
    return (head + doctype + '<case format="casefile/1" id="%s">\n' % case_id
            + GOOD_BODY.format(text=body_text) + "</case>\n")


def small_files():
    """name -> bytes"""
    f = {}
    f["good-utf8.xml"] = case(case_id="good-utf8").encode("utf-8")
    f["good-gb18030.xml"] = case(encoding="GB18030", case_id="good-gb18030",
                                 body_text="𠀀检查发现食品") \
        .encode("gb18030")
    f["good-gbk.xml"] = case(encoding="GBK", case_id="good-gbk").encode("gbk")
    f["good-bom-utf8.xml"] = b"\xef\xbb\xbf" + \
        case(case_id="good-bom-utf8").encode("utf-8")
    f["good-bom-utf16le.xml"] = b"\xff\xfe" + \
        case(encoding="UTF-16", case_id="good-bom-utf16le") \
        .encode("utf-16-le")
    f["good-bom-utf16be.xml"] = b"\xfe\xff" + \
        case(encoding="UTF-16", case_id="good-bom-utf16be") \
        .encode("utf-16-be")
    # external entities: local files, URLs, parameter entities, DTDs
    f["xxe-file.xml"] = case(
        doctype='<!DOCTYPE case [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
        body_text="&x;", case_id="xxe-file").encode()
    f["xxe-relative.xml"] = case(
        doctype='<!DOCTYPE case [<!ENTITY x SYSTEM "../../../../../../etc/'
                'hostname">]>\n', body_text="&x;",
        case_id="xxe-relative").encode()
    f["xxe-url.xml"] = case(
        doctype='<!DOCTYPE case [<!ENTITY x SYSTEM '
                '"http://127.0.0.1:9/secret.txt">]>\n',
        body_text="&x;", case_id="xxe-url").encode()
    f["xxe-parameter.xml"] = case(
        doctype='<!DOCTYPE case [<!ENTITY % p SYSTEM "file:///etc/passwd">'
                ' %p;]>\n', case_id="xxe-parameter").encode()
    f["xxe-dtd.xml"] = case(
        doctype='<!DOCTYPE case SYSTEM "file:///etc/passwd">\n',
        case_id="xxe-dtd").encode()
    f["xxe-attribute.xml"] = (
        '<?xml version="1.0"?>\n<!DOCTYPE case [<!ENTITY x SYSTEM '
        '"file:///etc/passwd">]>\n<case id="&x;"/>\n').encode()
    f["xinclude.xml"] = case(
        body_text='<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                  'href="file:///etc/passwd" parse="text"/>',
        case_id="xinclude").encode()
    # entity expansion
    lol = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        lol.append('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1)) * 10))
    f["billion-laughs.xml"] = case(
        doctype="<!DOCTYPE case [" + "".join(lol) + "]>\n",
        body_text="&lol9;", case_id="billion-laughs").encode()
    f["entity-loop.xml"] = case(
        doctype='<!DOCTYPE case [<!ENTITY a "&b;"><!ENTITY b "&a;">]>\n',
        body_text="&a;", case_id="entity-loop").encode()
    f["entity-internal-small.xml"] = case(
        doctype='<!DOCTYPE case [<!ENTITY food "超过保质期的食品">]>\n',
        body_text="检查发现&food;和&food;", case_id="entity-small").encode()
    f["entity-undefined.xml"] = case(body_text="&nope;",
                                     case_id="x").encode()
    # encodings
    f["invalid-utf8.xml"] = case(case_id="invalid-utf8").encode() \
        .replace("检查".encode(), b"\xff\xfe\xc3\x28")
    f["overlong-utf8.xml"] = case(case_id="overlong").encode() \
        .replace("检查".encode(), b"\xc0\xaf")
    f["surrogate-utf8.xml"] = case(case_id="surrogate").encode() \
        .replace("检查".encode(), b"\xed\xa0\x80")
    f["gbk-declared-utf8.xml"] = case(case_id="gbk-declared-utf8") \
        .encode("gbk")
    f["unknown-encoding.xml"] = case(encoding="X-NO-SUCH-CHARSET",
                                     case_id="unknown-encoding").encode()
    f["latin1-declared.xml"] = case(encoding="ISO-8859-1",
                                    case_id="latin1-declared").encode()
    f["utf16-no-bom-declared-utf8.xml"] = case(case_id="u16") \
        .encode("utf-16-le")
    f["bom-utf8-declared-gbk.xml"] = b"\xef\xbb\xbf" + \
        case(encoding="GBK", case_id="bom-utf8-declared-gbk").encode("utf-8")
    # broken bytes and shapes
    f["nul-byte.xml"] = case(case_id="nul").encode() \
        .replace("检查".encode(), b"\x00")
    f["nul-only.xml"] = b"\x00" * 64
    f["truncated.xml"] = case(case_id="truncated").encode()[:200]
    f["truncated-in-char.xml"] = case(case_id="truncated2").encode() \
        .split("检".encode())[0] + "检".encode()[:2]
    f["empty.xml"] = b""
    f["whitespace-only.xml"] = b"  \n\t\n"
    f["not-xml-json.xml"] = b'{"case": {"id": 1}}\n'
    f["not-xml-png.xml"] = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    f["not-xml-text.xml"] = "这不是XML文件\n".encode()
    f["two-roots.xml"] = case(case_id="a").encode() + b"<case/>\n"
    f["unclosed-tag.xml"] = b"<case id='x'><agency>\n"
    f["control-chars.xml"] = case(case_id="ctl").encode() \
        .replace("检查".encode(), b"\x01\x02\x1b")
    f["xml-1.1-controls.xml"] = case(case_id="x11").encode() \
        .replace(b'version="1.0"', b'version="1.1"') \
        .replace("检查".encode(), b"&#x1;")
    f["pi-and-comments.xml"] = ('<?xml version="1.0"?><?x y?><!-- c -->'
                                '<case id="pi"><!-- --><?p?></case>'
                                ).encode()
    f["wrong-root.xml"] = b'<?xml version="1.0"?><html><body/></html>\n'
    f["namespaced-root.xml"] = b'<case xmlns="urn:x" id="ns"/>\n'
    f["deep-300.xml"] = ("<case id='deep-300'>" + "<a>" * 300 + "</a>" * 300
                         + "</case>").encode()
    f["char-refs-bad.xml"] = b"<case id='cr'>&#0;&#xFFFFFFFF;</case>"
    f["attr-many.xml"] = ("<case id='many' " + " ".join(
        'a%d="%d"' % (i, i) for i in range(5000)) + "/>").encode()
    f["attr-duplicate.xml"] = b"<case id='a' id='b'/>"
    return f


def big_files():
    f = {}
    f["deep-200k.xml"] = ("<case id='deep'>" + "<a>" * 200000 +
                          "</a>" * 200000 + "</case>").encode()
    f["deep-200k-unclosed.xml"] = ("<case>" + "<a>" * 200000).encode()
    # quadratic blow-up: one big entity referenced many times
    big = "x" * 100000
    f["quadratic-blowup.xml"] = case(
        doctype='<!DOCTYPE case [<!ENTITY b "%s">]>\n' % big,
        body_text="&b;" * 20000, case_id="quadratic").encode()
    f["quadratic-attr.xml"] = (
        '<!DOCTYPE case [<!ENTITY b "%s">]>\n<case id="q" x="%s"/>'
        % ("y" * 50000, "&b;" * 5000)).encode()
    f["huge-attribute.xml"] = ('<case id="huge" x="' + "z" * (12 << 20)
                               + '"/>').encode()
    f["huge-text.xml"] = ('<case id="huge-text"><t>' + "z" * (12 << 20)
                          + "</t></case>").encode()
    # non-ASCII: libxml2 joins it in chunks and stops at 10 MB
    f["huge-text-cjk.xml"] = ('<case id="huge-text-cjk"><t>'
                              + "\u4e2d" * (4 << 20) + "</t></case>").encode()
    f["huge-name.xml"] = ("<case id='n'><" + "n" * (1 << 20) + "/></case>") \
        .encode()
    f["many-elements.xml"] = ("<case id='many-elements'><documents>" +
                              "<document kind='x' title='t'/>" * 100000 +
                              "</documents></case>").encode()
    f["regex-bomb.xml"] = (
        '<case id="regex-bomb"><agency code="1" name="n"/><documents>'
        '<document kind="regex-bomb" title="r"><text>' + "a" * 40000 +
        "!</text></document></documents></case>").encode()
    return f


# ---- what one case may cost (test_budget.py) --------------------------

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CLEAN = os.path.join(ROOT, "examples", "cases", "clean-general.xml")
ELEMENT_BOMB_MEMBER = (63 << 20)


def element_bomb_zip(path, members=4):
    """A zip of MEMBERS members of 63 MiB of <a/> each (a few hundred KB
    compressed), each under batch's default --max-size of 64 MiB."""
    import zipfile
    body = b"<case>" + b"<a/>" * ((ELEMENT_BOMB_MEMBER - 13) // 4) + \
        b"</case>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as z:
        for i in range(members):
            z.writestr("m%d.xml" % i, body)


def _clean_case():
    with open(CLEAN, encoding="utf-8") as f:
        return f.read()


def officers_case(n):
    """The clean general-procedure case with N more registered officers,
    every one of them referenced by the inspection record: the shipped
    S2, S4, S6 (cr:lookup) and S8 join every reference to the register."""
    src = _clean_case()
    offs = "".join('    <officer id="x%d" name="执法员%d" certificate="LU%011d"'
                   ' certificate-expires="2028-06-30" />\n' % (i, i, i)
                   for i in range(n))
    refs = "".join('      <officer ref="x%d" />\n' % i for i in range(n))
    src = src.replace("  </officers>", offs + "  </officers>", 1)
    anchor = '      <officer ref="o2" />\n      <text>2024年3月20日9时30分'
    assert anchor in src
    return src.replace(anchor, '      <officer ref="o2" />\n' + refs +
                       anchor[len('      <officer ref="o2" />\n'):], 1) \
        .encode("utf-8")


def echo_case(docs=1000, refs=200, title_chars=1700):
    """About 10 MB: DOCS records, each with a title of TITLE_CHARS
    characters and REFS references to unregistered officers; the shipped
    S8 echoes the title once per reference (a 1 GB line before results
    were bounded)."""
    src = _clean_case()
    title = "长" * title_chars
    body = "".join(
        '    <document kind="inspection-record" title="%s%d" '
        'date="2024-03-20">\n%s    </document>\n'
        % (title, d, "".join('      <officer ref="u%d"/>\n' % r
                              for r in range(refs)))
        for d in range(docs))
    return src.replace("  <documents>\n", "  <documents>\n" + body, 1) \
        .encode("utf-8")


def regex_case(nodes=20000, length=18):
    """NODES documents whose text makes tests/hostile/checklist.xml's H4
    pattern (a+)+$ backtrack just under PCRE2's match limit each."""
    return ('<case id="regex-near-limit"><agency code="1" name="n"/>'
            '<documents>' + ''.join(
                '<document kind="regex-bomb" title="r"><text>' +
                "a" * length + "!</text></document>" for _ in range(nodes)) +
            "</documents></case>").encode()


def main():
    what, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    files = small_files() if what == "small" else big_files()
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as fh:
            fh.write(data)


if __name__ == "__main__":
    main()
