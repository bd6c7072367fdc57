#!/usr/bin/env python3
"""Turns schema/casefile.rng (RELAX NG, XML syntax) into C for
casefile-validate.c:

- the grammar with every <include> inlined, as one string, for libxml2's
  RELAX NG validator (so the library needs no schema files at run time);
- for each element pattern, its attributes (name, value type, required),
  the child elements it may hold (how often) and whether it holds text,
  so that the validator reports every problem with its line instead of
  libxml2's first.

The tables over-approximate choices (a choice's branches are merged:
what one branch requires is optional, unless every branch requires it);
libxml2's validation of the whole grammar catches what they let through.
A define with combine="choice" (case.kind: one branch per kind of case)
is such a choice.

Usage: gen-casefile-schema.py schema/casefile.rng OUT.c
"""
import os
import sys
import xml.etree.ElementTree as ET

RNG = "http://relaxng.org/ns/structure/1.0"
Q = "{%s}" % RNG

# value types by the name of their define (casefile-types.rng)
TYPES = {
    "t.date": "CRP_CF_DATE", "t.time": "CRP_CF_TIME",
    "t.amount": "CRP_CF_AMOUNT", "t.count": "CRP_CF_COUNT",
    "t.bool": "CRP_CF_BOOL", "t.signed": "CRP_CF_SIGNED",
    "t.mark": "CRP_CF_MARK", "t.ref": "CRP_CF_REF",
    "t.tokens": "CRP_CF_TOKENS", "t.text": "CRP_CF_TEXT",
}
FOREIGN_ATTRS = "foreign.attributes"
FOREIGN_ELEMENTS = "foreign.elements"


def load(path, defines, starts, divs):
    """Reads a grammar and the ones it includes; returns its flattened
    copy (includes replaced by <div>s holding their grammar's children)."""
    root = ET.parse(path).getroot()
    out = ET.Element(root.tag, root.attrib)
    for child in root:
        if child.tag == Q + "include":
            sub = load(os.path.join(os.path.dirname(path), child.get("href")),
                       defines, starts, divs)
            div = ET.SubElement(out, Q + "div", sub.attrib)
            div.extend(list(sub))
            continue
        out.append(child)
        if child.tag == Q + "define":
            defines.setdefault(child.get("name"), []).append(child)
        elif child.tag == Q + "start":
            starts.append(child)
    return out


class Tables:
    def __init__(self, defines):
        self.defines = defines
        self.elements = []          # dicts, index = table index
        self.index = {}             # id(pattern) -> index

    @staticmethod
    def new_element(name):
        return {"name": name, "attrs": {}, "children": {},
                "text": False, "fattrs": False, "felems": False}

    def element(self, pat):
        key = id(pat)
        if key in self.index:
            return self.index[key]
        e = self.new_element(pat.get("name"))
        self.index[key] = len(self.elements)
        self.elements.append(e)
        body = [c for c in pat if c.tag != Q + "name"]
        self.collect(e, body, req=True, rep=False, seen=set())
        return self.index[key]

    def collect(self, e, pats, req, rep, seen):
        for p in pats:
            tag = p.tag[len(Q):]
            if tag in ("optional", "choice"):
                self.collect(e, list(p), False, rep, seen)
            elif tag == "zeroOrMore":
                self.collect(e, list(p), False, True, seen)
            elif tag == "oneOrMore":
                self.collect(e, list(p), req, True, seen)
            elif tag in ("group", "interleave", "div"):
                self.collect(e, list(p), req, rep, seen)
            elif tag == "mixed":
                e["text"] = True
                self.collect(e, list(p), req, rep, seen)
            elif tag == "text":
                e["text"] = True
            elif tag == "empty":
                pass
            elif tag == "ref":
                name = p.get("name")
                if name == FOREIGN_ATTRS:
                    e["fattrs"] = True
                elif name == FOREIGN_ELEMENTS:
                    e["felems"] = True
                elif name not in seen and any(
                        d.get("combine") == "choice"
                        for d in self.defines[name]):
                    self.branches(e, self.defines[name], req, rep,
                                  seen | {name})
                elif name not in seen:
                    for d in self.defines[name]:
                        self.collect(e, list(d), req, rep, seen | {name})
            elif tag == "attribute":
                self.attribute(e, p, req)
            elif tag == "element":
                self.child(e, p, req, rep)
            else:
                raise SystemExit("unsupported pattern <%s> in element %s"
                                 % (tag, e["name"]))

    def branches(self, e, defines, req, rep, seen):
        """The defines of a combine="choice" name, one branch each: an
        attribute or child is required when every branch requires it."""
        subs = []
        for d in defines:
            sub = self.new_element(e["name"])
            self.collect(sub, list(d), req, rep, seen)
            subs.append(sub)
        for sub in subs:
            for name, a in sub["attrs"].items():
                every = all(a2.get(name, {}).get("req")
                            for a2 in (s["attrs"] for s in subs))
                self.add_attribute(e, name, a["type"], a["values"], every)
            for name, c in sub["children"].items():
                every = all(name in s["children"] and
                            s["children"][name]["min"] for s in subs)
                self.add_child(e, name, c["index"], every, c["many"],
                               again=False)
            for flag in ("text", "fattrs", "felems"):
                e[flag] = e[flag] or sub[flag]

    def attribute(self, e, p, req):
        name = p.get("name")
        if name is None:
            e["fattrs"] = True
            return
        kind, values = self.value_type(list(p))
        self.add_attribute(e, name, kind, values, req)

    @staticmethod
    def add_attribute(e, name, kind, values, req):
        a = e["attrs"].get(name)
        if a is None:
            e["attrs"][name] = {"type": kind, "values": values, "req": req}
        else:     # the same attribute in two branches of a choice
            if a["type"] != kind:
                raise SystemExit("attribute %s of %s has two types"
                                 % (name, e["name"]))
            a["values"] = sorted(set(a["values"]) | set(values))
            a["req"] = a["req"] and req

    def value_type(self, pats):
        if not pats:
            return "CRP_CF_TEXT", []
        values = []
        for p in pats:
            tag = p.tag[len(Q):]
            if tag == "ref" and p.get("name") in TYPES:
                return TYPES[p.get("name")], []
            if tag == "value":
                values.append(p.text or "")
            elif tag == "choice":
                kind, vs = self.value_type(list(p))
                if kind != "CRP_CF_ENUM":
                    raise SystemExit("choice of types is not supported")
                values += vs
            elif tag in ("text", "data"):
                return "CRP_CF_TEXT", []
            else:
                raise SystemExit("unsupported attribute value <%s>" % tag)
        return "CRP_CF_ENUM", values

    def child(self, e, p, req, rep):
        if p.get("name") is None:
            e["felems"] = True
            return
        self.add_child(e, p.get("name"), self.element(p), req, rep)

    @staticmethod
    def add_child(e, name, idx, req, rep, again=True):
        """AGAIN: a second occurrence of NAME in one content model (it
        may then occur more than once), not the same child of another
        branch of a choice."""
        c = e["children"].get(name)
        if c is None:
            e["children"][name] = {"index": idx, "min": 1 if req else 0,
                                   "many": rep}
        elif c["index"] != idx:
            raise SystemExit("<%s> holds two different <%s> patterns"
                             % (e["name"], name))
        else:
            c["min"] = min(c["min"], 1 if req else 0)
            c["many"] = c["many"] or rep or again


def c_string(s):
    out = ['"']
    for ch in s.encode("utf-8"):
        if ch == 0x22 or ch == 0x5c:
            out.append("\\" + chr(ch))
        elif ch == 0x0a:
            out.append('\\n"\n    "')
        elif 0x20 <= ch < 0x7f:
            out.append(chr(ch))
        else:
            out.append("\\%03o" % ch)
    out.append('"')
    return "".join(out)


def main(src, dst):
    defines, starts = {}, []
    ET.register_namespace("", RNG)
    flat = load(src, defines, starts, [])
    t = Tables(defines)
    roots = []
    for s in starts:
        for p in s:
            if p.tag == Q + "ref":
                for d in defines[p.get("name")]:
                    for q in d:
                        if q.tag == Q + "element":
                            roots.append(t.element(q))
    if len(roots) != 1:
        raise SystemExit("expected one root element")
    lines = ["/* Generated from schema/casefile.rng by gen-casefile-schema.py:"
             " do not edit. */",
             "#include <stddef.h>", "", "#include \"casefile-schema.h\"", ""]
    for i, e in enumerate(t.elements):
        for name, a in sorted(e["attrs"].items()):
            if a["values"]:
                lines.append("static const char *const v%d_%s[] = {%s, NULL};"
                             % (i, name.replace("-", "_"),
                                ", ".join(c_string(v) for v in a["values"])))
        lines.append("static const struct crp_cf_attr a%d[] = {" % i)
        for name, a in sorted(e["attrs"].items()):
            vals = "v%d_%s" % (i, name.replace("-", "_")) if a["values"] \
                else "NULL"
            lines.append("    {%s, %s, %d, %s}," % (c_string(name), a["type"],
                                                    int(a["req"]), vals))
        lines.append("    {NULL, CRP_CF_TEXT, 0, NULL}\n};")
        lines.append("static const struct crp_cf_child c%d[] = {" % i)
        for name, c in sorted(e["children"].items()):
            lines.append("    {%s, %d, %d, %d}," % (c_string(name), c["index"],
                                                    c["min"], int(c["many"])))
        lines.append("    {NULL, 0, 0, 0}\n};")
    lines.append("const struct crp_cf_element crp_cf_elements[] = {")
    for i, e in enumerate(t.elements):
        lines.append("    {%s, a%d, c%d, %d, %d, %d}," % (
            c_string(e["name"]), i, i, int(e["text"]), int(e["fattrs"]),
            int(e["felems"])))
    lines.append("};")
    lines.append("const unsigned crp_cf_root = %d;" % roots[0])
    lines.append("const unsigned crp_cf_count = %d;" % len(t.elements))
    text = ET.tostring(flat, encoding="unicode")
    lines.append("const char crp_cf_rng[] =\n    %s;" % c_string(text))
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
