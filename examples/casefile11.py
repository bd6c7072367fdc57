"""casefile11.py: a casefile/1 case (an ElementTree root) made casefile/1.1.

Used by examples/generate.py and bench/gen-corpus.py when asked for 1.1
(``--casefile 1.1``). Only what 1.1 adds is written (docs/casefile.md),
derived from what the 1.0 case already says, so that the case scores
exactly as before with checklists that read only 1.0: document ids and
pages, the documents a service receipt serves, records' times, places,
recorder, interviewee and rights told, seals, the handler / unit-head /
agency-head signatures of approval forms, the proposed penalty of the
notice, the act, the decision's document and payment days, the review
body and court, and the archive's cover and numbering.

Standard library only.
"""

import re
import xml.etree.ElementTree as ET

RECORDS = ('inspection-record', 'inquiry-record', 'sampling-record',
           'hearing-record')
APPROVALS = ('filing-approval', 'investigation-report', 'closing-approval')
EXTERNAL = ('penalty-notice', 'decision', 'preservation-notice',
            'preservation-decision', 'hearing-notice', 'seizure-decision')
TIMES = re.compile(r'(\d{1,2})时(\d{2})分至(\d{1,2})时(\d{2})分')


def _sub(parent, tag, attrs, text=None, index=None):
    el = ET.Element(tag, attrs)
    if text is not None:
        el.text = text
    if index is None:
        parent.append(el)
    else:
        parent.insert(index, el)
    return el


def _first_text_index(doc):
    """Where 1.1 children go: before the document's text and note."""
    for i, child in enumerate(list(doc)):
        if child.tag in ('text', 'note'):
            return i
    return len(doc)


def _region(agency_name):
    m = re.match(r'(.+?(?:区|县|市))', agency_name or '')
    return m.group(1) if m else ''


def upgrade(root, gov=None, court=None):
    """Makes ROOT (a casefile/1 <case>) casefile/1.1, in place."""
    root.set('format', 'casefile/1.1')
    agency = root.find('agency')
    agency_name = agency.get('name', '') if agency is not None else ''
    region = _region(agency_name)
    gov = gov or region + '人民政府'
    court = court or region + '人民法院'
    party = root.find('party')
    officers = [o.get('id') for o in root.iter('officer') if o.get('id')]
    docs = root.find('documents')
    docs = list(docs) if docs is not None else []

    page = 1
    last_by_kind = {}
    for n, d in enumerate(docs, 1):
        kind = d.get('kind')
        d.set('id', 'd%d' % n)
        text = d.findtext('text') or ''
        pages = max(1, (len(text) + 399) // 400)
        d.set('first-page', str(page))
        d.set('pages', str(pages))
        page += pages
        at = _first_text_index(d)
        if kind == 'service-receipt' and d.get('served') in last_by_kind:
            d.set('serves', last_by_kind[d.get('served')])
            if party is not None:
                d.set('recipient', party.get('representative') or
                      party.get('name', ''))
        if kind in RECORDS:
            m = TIMES.search(text)
            if m:
                d.set('start-time', '%02d:%s' % (int(m.group(1)), m.group(2)))
                d.set('end-time', '%02d:%s' % (int(m.group(3)), m.group(4)))
            d.set('place', party.get('address', '') if party is not None and
                  kind == 'inspection-record' else agency_name + '询问室')
            refs = [o.get('ref') for o in d.findall('officer')]
            if len(refs) > 1:
                d.set('recorder', refs[1])
            d.set('rights-told', 'recusal statement defence')
            d.set('rights-confirmed', 'true')
            d.set('pages-signed', 'true')
            d.set('last-page-confirmed', 'true')
            d.set('blank-struck', 'true')
            if party is not None:
                _sub(d, 'person', {
                    'role': 'interviewee',
                    'name': party.get('representative') or
                    party.get('name', ''),
                    'relation': '法定代表人' if party.get('representative')
                    else '当事人本人'}, index=at)
                at += 1
        if kind in EXTERNAL:
            _sub(d, 'seal', {'name': agency_name, 'kind': 'agency'}, index=at)
            at += 1
        if kind in APPROVALS and d.get('date'):
            date = d.get('date')
            signers = [('handler', officers[0] if officers else None, None),
                       ('unit-head', None, '同意。'),
                       ('agency-head', None, '同意。')]
            for role, ref, opinion in signers:
                attrs = {'role': role, 'date': date}
                if ref:
                    attrs['ref'] = ref
                if role == 'agency-head' and d.get('approved-by'):
                    attrs['name'] = d.get('approved-by')
                sig = _sub(d, 'signature', attrs, index=at)
                at += 1
                if opinion:
                    _sub(sig, 'text', {}, opinion)
        if kind == 'penalty-notice':
            dec = root.find('decision')
            if dec is not None:
                for pen in dec.findall('penalty'):
                    _sub(d, 'penalty', dict(pen.attrib), index=at)
                    at += 1
                dis = dec.find('discretion')
                if dis is not None:
                    _sub(d, 'discretion', {k: v for k, v in dis.attrib.items()
                                           if k in ('benchmark', 'level')},
                         index=at)
        last_by_kind[kind] = d.get('id')

    decision = root.find('decision')
    if decision is not None:
        dec_doc = [d for d in docs if d.get('kind') == 'decision']
        if dec_doc:
            decision.set('document', dec_doc[0].get('id'))
        decision.set('payment-days', '15')
        remedy = decision.find('remedy')
        if remedy is not None:
            remedy.set('review-body', gov)
            remedy.set('court', court)

    inspection = [d for d in docs if d.get('kind') == 'inspection-record']
    source = root.find('source')
    act_date = (inspection[0].get('date') if inspection else
                source.get('date') if source is not None else None)
    if act_date:
        act = ET.Element('act', {'date': act_date, 'continuing': 'false'})
        if party is not None and party.get('address'):
            act.set('place', party.get('address'))
        m = re.search(r'货值金额(\d+)元', ''.join(
            d.findtext('text') or '' for d in inspection))
        if m:
            act.set('goods-value', m.group(1))
        # after the cause (or the party), where a reader looks for it
        anchor = root.find('cause')
        if anchor is None:
            anchor = party
        index = list(root).index(anchor) + 1 if anchor is not None else 0
        root.insert(index, act)

    archive = root.find('archive')
    if archive is not None:
        archive.set('cover', 'true')
        archive.set('numbered', 'true')
        archive.set('backup-sheet', 'true')
    return root
