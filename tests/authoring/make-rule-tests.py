#!/usr/bin/env python3
"""Writes rules/tests/<checklist-id>-tests.xml: the tests of a shipped
checklist in the <tests> language of docs/checklist-tests.md.

Each test starts from the clean example case (inlined once as
<case-document id="clean">) and applies the edits that turn it into the
item's failing case tests/rules/<checklist-id>/<ITEM>.xml (found by a
tree diff, written as <add>/<replace>/<remove>). The expectations are the
outcome the failing case has today: the item fails (with its deduction),
items failing alongside it are named, every other item passes or is not
applicable. Review the output before committing it: it records what the
engine does, which is only right if the engine is. Hand-written tests at
the end of the file, from a comment starting "<!-- Hand-written", are kept.

usage: make-rule-tests.py CHECKLIST-ID [CASEREVIEW-BIN]
"""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
NS = '{urn:casereview:checklist:1}'
CLEAN = {'penalty-general': 'clean-general.xml',
         'penalty-simplified': 'clean-simplified.xml',
         'inspection-enterprise': 'clean-inspection.xml',
         'coercive-seizure': 'clean-coercive.xml',
         'licensing-general': 'clean-licensing.xml',
         'mee2024-general': 'mee2024-clean.xml'}


def step(parent, child):
    """XPath step of CHILD under PARENT: name[k] among same-name siblings."""
    same = [c for c in parent if c.tag == child.tag]
    return '%s[%d]' % (child.tag, same.index(child) + 1)


def serialize(el):
    copy = ET.fromstring(ET.tostring(el, encoding='unicode'))
    copy.tail = None
    return ET.tostring(copy, encoding='unicode')


def text_of(el):
    return (el.text or '').strip()


def diff(a, b, path, ops):
    """Appends to OPS the edits turning element A into B (same tag)."""
    attrs, children = [], []
    if not diff_children(a, b, path, children):
        # B replaces A whole: no edit of A's attributes may follow
        ops.append('<replace sel=%s>%s</replace>' % (quoteattr(path),
                                                     serialize(b)))
        return
    for k in sorted(set(a.attrib) | set(b.attrib)):
        if a.get(k) == b.get(k):
            continue
        if b.get(k) is None:
            attrs.append('<remove sel=%s/>' % quoteattr('%s/@%s' % (path, k)))
        elif a.get(k) is None:
            attrs.append('<add sel=%s type=%s>%s</add>'
                         % (quoteattr(path), quoteattr('@' + k),
                            escape(b.get(k))))
        else:
            attrs.append('<replace sel=%s>%s</replace>'
                         % (quoteattr('%s/@%s' % (path, k)), escape(b.get(k))))
    ops.extend(attrs + children)


def diff_children(a, b, path, ops):
    """Appends the edits of A's content; False when B must replace A."""
    ca, cb = list(a), list(b)
    if text_of(a) != text_of(b):
        if not ca and not cb:
            ops.append('<replace sel=%s>%s</replace>'
                       % (quoteattr(path), escape(b.text or '')))
            return True
        return False
    if [c.tag for c in ca] == [c.tag for c in cb]:
        for x, y in zip(ca, cb):
            diff(x, y, path + '/' + step(a, x), ops)
        return True
    sa, sb = [serialize(c) for c in ca], [serialize(c) for c in cb]
    if len(ca) == len(cb) + 1:
        for i in range(len(ca)):
            if sa[:i] + sa[i + 1:] == sb:
                ops.append('<remove sel=%s/>'
                           % quoteattr(path + '/' + step(a, ca[i])))
                return True
    if len(cb) == len(ca) + 1:
        for i in range(len(cb)):
            if sb[:i] + sb[i + 1:] == sa:
                if i < len(ca):
                    ops.append('<add sel=%s pos="before">%s</add>'
                               % (quoteattr(path + '/' + step(a, ca[i])), sb[i]))
                else:
                    ops.append('<add sel=%s>%s</add>' % (quoteattr(path), sb[i]))
                return True
    return False


def score(binary, checklist, path):
    out = subprocess.run([binary, 'score', '-c', checklist, '--format', 'json',
                          path], capture_output=True, text=True, check=False)
    return json.loads(out.stdout.splitlines()[0])


def clean_inline(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    text = re.sub(r'<\?xml[^>]*\?>\s*', '', text)
    text = re.sub(r'<!--.*?-->\s*', '', text, flags=re.S)
    return '\n'.join('    ' + line if line.strip() else ''
                     for line in text.strip().splitlines())


KEPT = '  <!-- Hand-written'


def kept_tests(path):
    """The hand-written tests at the end of an existing tests file (from
    a line starting with KEPT), kept when the file is regenerated."""
    if not os.path.isfile(path):
        return []
    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith(KEPT):
            tail = lines[i:]
            while tail and tail[-1].strip() in ('', '</tests>'):
                tail.pop()
            return [''] + tail
    return []


def main():
    cid = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        ROOT, 'build', 'cli', 'casereview')
    checklist = os.path.join(ROOT, 'rules', cid + '.xml')
    clean_path = os.path.join(ROOT, 'examples', 'cases', CLEAN[cid])
    # a reviewer item (checklist 1.1) has no failing case: a verdict
    # decides it, in the hand-written tests
    items = [(it.get('id'), it.get('title'))
             for it in ET.parse(checklist).getroot().iter(NS + 'item')
             if it.get('decide') != 'reviewer']
    clean = ET.parse(clean_path).getroot()
    clean_res = score(binary, checklist, clean_path)
    pending = clean_res.get('pending') or []
    others = 'passed not-applicable' + (' pending' if pending else '')
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<!--',
           '  Tests of rules/%s.xml, run with `casereview test %s`.' % (
               cid, 'rules/tests/%s-tests.xml' % cid),
           '  Written by tests/authoring/make-rule-tests.py from',
           '  examples/cases/%s and tests/rules/%s/*.xml, then reviewed;'
           % (CLEAN[cid], cid),
           '  edit by hand or regenerate. Format: docs/checklist-tests.md.',
           '-->',
           '<tests xmlns="urn:casereview:checklist:1" checklist="../%s.xml">'
           % cid,
           '  <case-document id="clean">',
           clean_inline(clean_path),
           '  </case-document>',
           '',
           '  <test name="clean case: every item passes or does not apply" '
           'case="clean">',
           '    <expect-score value="100"/>',
           '    <expect-veto value="false"/>'] + \
        (['    <expect-pending items="%s"/>' % ' '.join(pending)]
         if pending else []) + \
        ['    <expect-others state="%s"/>' % others,
         '  </test>']
    for iid, title in items:
        case = os.path.join(ROOT, 'tests', 'rules', cid, iid + '.xml')
        if not os.path.isfile(case):
            sys.exit('no failing case for %s: %s' % (iid, case))
        ops = []
        diff(clean, ET.parse(case).getroot(), '/' + clean.tag, ops)
        res = score(binary, checklist, case)
        states = {it['id']: it for it in res['items']}
        out.append('')
        out.append('  <test name=%s case="clean">'
                   % quoteattr('%s fails: %s' % (iid, title)))
        # later edits first, so that no edit moves the nodes of another
        for op in reversed(ops):
            out.append('    ' + op)
        target = states[iid]
        out.append('    <expect item="%s" state="%s" deducted="%s"/>'
                   % (iid, target['state'], target['deducted']))
        for other, it in states.items():
            if other != iid and it['state'] not in others.split():
                out.append('    <expect item="%s" state="%s"/>'
                           % (other, it['state']))
        out.append('    <expect-others state="%s"/>' % others)
        out.append('  </test>')
    target = os.path.join(ROOT, 'rules', 'tests', cid + '-tests.xml')
    out.extend(kept_tests(target))
    out.append('</tests>')
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')
    print(target)


if __name__ == '__main__':
    main()
