"""gen_kinds.py: casefile/1.1 cases of the other kinds for generate.py.

generate.py --kinds inspection,coercive,licensing (any subset, with or
without penalty) hands over to main() here. Each kind has a module —
gen_inspection.py, gen_coercive.py, gen_licensing.py — giving its plan,
its case builder and its defects, each defect tied to the items of the
kind's checklist it must make fail and to nothing else, as for penalty
files. This module holds what they share: documents, the random archive,
the per-item cases and the examples.

The helpers of generate.py (calendar, names, identity numbers, defects)
are used through `import generate`, which generate.py registers as
itself before importing this module.
"""

import datetime as dt
import json
import os
import random
import xml.etree.ElementTree as ET

import generate as g

KINDS = ('inspection', 'coercive', 'licensing')


def kind_module(kind):
    if kind == 'inspection':
        import gen_inspection as m
    elif kind == 'coercive':
        import gen_coercive as m
    else:
        import gen_licensing as m
    return m


# --------------------------------------------------------------------
# Building blocks


class KDoc:
    """A document before file order is fixed; RANK orders same-day ones."""

    def __init__(self, kind, date, title, attrs=None, officers=(),
                 children=(), text=None, note=None, rank=None):
        self.kind, self.date, self.title = kind, date, title
        self.attrs = dict(attrs or {})
        self.officers = list(officers)
        self.children = list(children)    # (tag, attrs, text)
        self.text, self.note = text, note
        self.rank = rank if rank is not None else 0


class Docs:
    """The documents of one case, ranked for same-day order by RANK."""

    def __init__(self, rank):
        self.rank, self.docs = rank, []

    def add(self, kind, date, title, attrs=None, officers=(), children=(),
            text=None, note=None, rank=None):
        self.docs.append(KDoc(kind, date, title, attrs, officers, children,
                              text, note, self.rank.index(rank or kind)))

    def receipt(self, date, served, rank):
        """送达回证 signed by the recipient, handed over directly."""
        self.add('service-receipt', date, '送达回证',
                 {'served': served, 'method': 'direct',
                  'recipient-signed': 'true'}, rank=rank)

    def __len__(self):
        return len(self.docs)


def write_docs(root, docs):
    el = g.sub(root, 'documents')
    docs = getattr(docs, 'docs', docs)
    for d in sorted(docs, key=lambda d: (d.date, d.rank)):
        attrs = {'kind': d.kind, 'title': d.title, 'date': d.date}
        attrs.update(d.attrs)
        de = g.sub(el, 'document', attrs)
        for o in d.officers:
            g.sub(de, 'officer', {'ref': o})
        for tag, a, text in d.children:
            g.sub(de, tag, a, text)
        if d.text:
            g.sub(de, 'text', text=d.text)
        if d.note:
            g.sub(de, 'note', text=d.note)
    return el


def new_root(kind, case_id):
    return ET.Element('case', {'format': 'casefile/1.1', 'kind': kind,
                               'id': case_id})


def by_agency(table, agency):
    """The entry of TABLE for the agency's kind (the code's second part:
    SJJ market supervision, XFJY fire and rescue, SHJ environment)."""
    return table[agency['code'].split('-')[1]]


def random_start(rng, first, span):
    """A working day within SPAN days from FIRST."""
    return g.next_workday(first + dt.timedelta(days=rng.randint(0, span)))


def make_officers(rng, agency, n=3):
    names = []
    while len(names) < n + 1:
        name = g.person(rng)
        if name not in names:
            names.append(name)
    offs = [dict(id='o%d' % (i + 1), name=names[i],
                 certificate='%s%s%05d' % (agency['prov'], agency['region'],
                                           rng.randint(10000, 99999)),
                 expires=dt.date(rng.randint(2027, 2028), rng.choice([6, 12]),
                                 30))
            for i in range(n)]
    return offs, names[n]


CLEAN_OFFICERS = [('张伟', 'LU37040212345'), ('李娜', 'LU37040212388'),
                  ('王磊', 'LU37040212406')]


def set_clean_people(p, name, address):
    """The fixed party and officers of the clean examples."""
    p['party'] = dict(kind='organization', name=name, address=address,
                      id_type='credit-code', id='91370402MA3C4K7N2P',
                      representative='刘建华')
    for o, (oname, cert) in zip(p['officers'], CLEAN_OFFICERS):
        o.update(name=oname, certificate=cert)


def add_agency(root, p, source_kind=None):
    """agency, and source when given, as casefile/1 starts a case."""
    a = p['agency']
    g.sub(root, 'agency', {'code': a['code'], 'name': a['name']})
    if source_kind:
        g.sub(root, 'source', {'kind': source_kind, 'date': p['source']})


def add_evidence(root, entries):
    """entries: (type, title, source, date, collectors)."""
    ev = g.sub(root, 'evidence')
    for i, (typ, title, src, when, who) in enumerate(entries):
        it = g.sub(ev, 'item', {'id': 'e%d' % (i + 1), 'type': typ,
                                'title': title, 'source': src,
                                'collected': when, 'confirmed': 'true'})
        for o in who:
            g.sub(it, 'collector', {'ref': o})
    return ev


def add_tail(root, recordings, closed, pages):
    rec = g.sub(root, 'recordings')
    for rid, secs in recordings:
        g.sub(rec, 'recording', {'id': rid, 'kind': 'video',
                                 'duration-seconds': secs})
    g.sub(root, 'archive', {'closed': closed, 'pages': pages, 'index': 'true'})


def last_date(root):
    return max(g.iso(d.get('date')) for d in root.find('documents'))


# Defect helpers shared by the kinds' modules.

def defect_list(checklist):
    """A kind's DEFECTS list and the function that adds to it."""
    defects = []

    def defect(name, items, desc, **kw):
        defects.append(g.Defect(name, checklist, items, desc, **kw))
    return defects, defect


def set_attr(el, attr, value):
    """Sets ATTR, or removes it when VALUE is None."""
    if value is None:
        el.attrib.pop(attr, None)
    else:
        el.set(attr, value)


def doc_set(kind, attr, value, served=None):
    def f(root, p):
        set_attr(g.doc(root, kind, served), attr, value)
    return f


def drop_second_officer(d):
    d.remove(d.findall('officer')[1])


def add_expired_officer(root, p, d):
    """An officer o5 whose certificate expired 30 days before D, on D."""
    g.sub(root.find('officers'), 'officer',
          {'id': 'o5', 'name': '赵临时', 'certificate': '%s%s00017' % (
              p['agency']['prov'], p['agency']['region']),
           'certificate-expires': shift(d.get('date'), -30)})
    g.sub(d, 'officer', {'ref': 'o5'})


def remove_doc(kind, served=None):
    def f(root, p):
        g.remove_doc(root, kind, served)
    return f


def plan_set(**kv):
    def f(p):
        p.update(kv)
    return f


def shift(date_text, n):
    return (g.iso(date_text) + dt.timedelta(days=n)).isoformat()


# --------------------------------------------------------------------
# Cases with defects


def copy_plan(plan):
    p = dict(plan)
    p['party'] = dict(plan['party'])
    p['officers'] = [dict(o) for o in plan['officers']]
    return p


def build_case(m, plan, defects):
    for d in defects:
        if d.prepare_fn:
            d.prepare_fn(plan)
    root = m.build(plan)
    for d in defects:
        if d.apply_fn:
            d.apply_fn(root, plan)
    return root


def fits(plan, d):
    trial = copy_plan(plan)
    if d.prepare_fn:
        d.prepare_fn(trial)
    return d.ok(trial) and d.ok(plan)


def random_case(m, rng, seq, defect_rate):
    plan = m.make_plan(rng, seq)
    chosen = []
    if rng.random() < defect_rate:
        pool = list(m.DEFECTS)
        rng.shuffle(pool)
        want = rng.choice([1, 1, 2, 2, 3])
        tags = set()
        for d in pool:
            if len(chosen) == want:
                break
            if d.tags & tags:
                continue
            if set(d.items) & m.VETO_ITEMS and rng.random() < 0.75:
                continue
            trial = copy_plan(plan)
            for c in chosen:
                if c.prepare_fn:
                    c.prepare_fn(trial)
            if not fits(trial, d):
                continue
            chosen.append(d)
            tags |= d.tags
    root = build_case(m, copy_plan(plan), chosen)
    expected = sorted({i for d in chosen for i in d.items}, key=item_key)
    return plan, chosen, root, expected


def item_key(i):
    head = i.rstrip('0123456789')
    return (head, int(i[len(head):] or 0))


def defect_for_item(m, item):
    for d in m.DEFECTS:
        if item in d.items and (len(d.items) == 1 or d.items[-1] == item):
            return d
    raise LookupError('%s %s' % (m.CHECKLIST, item))


def write_items(m, outdir):
    """tests/rules/<checklist>/<ITEM>.xml: one failing case per item."""
    for d in m.DEFECTS:
        for item in d.items:
            if defect_for_item(m, item) is not d:
                continue
            plan = m.clean_plan()
            if not fits(plan, d):
                m.fix_plan(plan, d)
                if not fits(plan, d):
                    raise SystemExit('defect %s does not fit the clean plan'
                                     % d.name)
            root = build_case(m, plan, [d])
            comment = ('Test case for %s item %s: derived from the clean %s '
                       'case (examples/cases/clean-%s.xml) by injecting '
                       'defect "%s" (%s). Expected: %s.' % (
                           m.CHECKLIST, item, m.KIND, m.KIND, d.name, d.desc,
                           ', '.join(d.items) + ' fail' if len(d.items) > 1
                           else item + ' fails'))
            path = os.path.join(outdir, m.CHECKLIST, item + '.xml')
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'wb') as f:
                f.write(g.to_bytes(root, comment))


def write_examples(m, outdir):
    os.makedirs(outdir, exist_ok=True)
    root = m.build(m.clean_plan())
    with open(os.path.join(outdir, 'clean-%s.xml' % m.KIND), 'wb') as f:
        f.write(g.to_bytes(root, 'Clean %s case (casefile/1.1): scores 100 '
                           'against rules/%s.xml (every item passed or not '
                           'applicable).' % (m.KIND, m.CHECKLIST)))
    by_name = {d.name: d for d in m.DEFECTS}
    for stem, seed, ai, names in m.EXAMPLES:
        plan = m.make_plan(random.Random(seed), 100 + seed,
                           agency=m.AGENCIES[ai])
        chosen = [by_name[n] for n in names]
        for d in chosen:
            if not fits(plan, d):
                m.fix_plan(plan, d)
        for d in chosen:
            if not fits(plan, d):
                raise SystemExit('defect %s does not fit example %s'
                                 % (d.name, stem))
        root = build_case(m, plan, chosen)
        expected = sorted({i for d in chosen for i in d.items}, key=item_key)
        comment = g.describe_defects(chosen) + \
            '\nExpected failing items (%s): %s' % (m.CHECKLIST,
                                                   ' '.join(expected))
        with open(os.path.join(outdir, stem + '.xml'), 'wb') as f:
            f.write(g.to_bytes(root, comment))


def write_archive(args, kinds):
    """Like generate.py's archive, each case of a kind drawn from KINDS."""
    rng = random.Random(args.seed)
    pick = random.Random(args.seed + 1)
    entries, manifest = [], []
    for n in range(args.count):
        kind = pick.choice(kinds)
        if kind == 'penalty':
            plan, chosen, root, expected = g.random_case(
                rng, n + 1, args.defect_rate, args.simplified_share)
            cid = g.case_id(plan)
            checklist = g.checklist_of(plan['procedure'])
            folder = plan['agency']['code']
        else:
            m = kind_module(kind)
            plan, chosen, root, expected = random_case(m, rng, n + 1,
                                                       args.defect_rate)
            cid = m.case_id(plan)
            checklist = m.CHECKLIST
            folder = '%s/%s' % (plan['agency']['code'], kind)
        name = 'exports/%s/%s.xml' % (folder, cid)
        entries.append((name, g.to_bytes(root, g.describe_defects(chosen))))
        manifest.append(dict(file=name, case=cid, kind=kind,
                             checklist=checklist,
                             defects=[d.name for d in chosen],
                             expected_failed=expected))
    doc_ = dict(format='casereview-generator-manifest/1', seed=args.seed,
                count=args.count, kinds=kinds, cases=manifest)
    mbytes = (json.dumps(doc_, ensure_ascii=False, indent=1) + '\n').encode()
    entries.append(('manifest.json', mbytes))
    g.write_entries(args.out, entries)
    if args.manifest:
        with open(args.manifest, 'wb') as f:
            f.write(mbytes)


def parse_kinds(text):
    kinds = [k.strip() for k in text.split(',') if k.strip()]
    bad = [k for k in kinds if k != 'penalty' and k not in KINDS]
    if bad or not kinds:
        raise SystemExit('--kinds: unknown kind %s (penalty, %s)'
                         % (', '.join(bad) or '(none)', ', '.join(KINDS)))
    return kinds


def main(args):
    kinds = parse_kinds(args.kinds)
    others = [kind_module(k) for k in kinds if k != 'penalty']
    if args.items:
        if 'penalty' in kinds:
            g.write_items(args.items)
        for m in others:
            write_items(m, args.items)
    if args.examples:
        if 'penalty' in kinds:
            g.write_examples(args.examples)
        for m in others:
            write_examples(m, args.examples)
    if args.out:
        write_archive(args, kinds)
    return 0
