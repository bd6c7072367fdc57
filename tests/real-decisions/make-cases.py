#!/usr/bin/env python3
"""Builds each corpus folder's case.xml and NOTE.md from its decision.txt
(the published text, verbatim) and facts.json (what that text states).

Everything the published decision does not show is filled the way a clean
case file would have it, by the fixed rules below, and NOTE.md lists every
filled element. facts.json never corrects the text: a published defect is
carried into the structured attributes as published.

  make-cases.py            rebuild every folder
  make-cases.py --check    exit 1 if a committed case.xml or NOTE.md differs
"""

import datetime as dt
import json
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))


def day(iso, delta=0):
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=delta)).isoformat()


def sub(parent, tag, text=None, **attrs):
    el = ET.SubElement(parent, tag, {k.replace('_', '-'): str(v)
                                     for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def fill_dates(f):
    """Dates of the filled steps, counted back from the decision date in
    calendar days wide enough for any statutory period; a date the text
    states (facts 'dates') always wins."""
    d = f['decision']['date']
    stated = f.get('dates', {})
    dates = {
        'source': day(d, -40), 'filing': day(d, -38),
        'inspection': day(d, -38), 'inquiry': day(d, -36),
        'report': day(d, -25), 'notice': day(d, -21),
        'review': day(d, -3), 'discussion': day(d, -2),
        'served': d, 'payment': day(d, 5), 'closing': day(d, 20),
        'archive': day(d, 25), 'disclosure': day(d, 2),
    }
    dates.update(f.get('fill-dates', {}))
    filled = {k for k in dates if k not in stated}
    dates.update(stated)
    # investigation follows the filing the text states
    if 'filing' in stated:
        for k, off in (('inspection', 0), ('inquiry', 2)):
            if k not in stated and k not in f.get('fill-dates', {}):
                dates[k] = day(stated['filing'], off)
    if 'source' not in stated and 'filing' in stated:
        dates['source'] = day(stated['filing'], -2)
    return dates, filled


def build(folder):
    with open(os.path.join(folder, 'facts.json'), encoding='utf-8') as fh:
        f = json.load(fh)
    with open(os.path.join(folder, 'decision.txt'), encoding='utf-8') as fh:
        text = fh.read().rstrip('\n')
    dec = f['decision']
    dates, filled_dates = fill_dates(f)
    year = int(dec['date'][:4])
    notes = []
    general = f['procedure'] == 'general'

    case = ET.Element('case', {'format': 'casefile/1', 'id': f['id']})
    sub(case, 'agency', code=f['agency'].get('code', f['id'].upper()),
        name=f['agency']['name'])
    if 'code' not in f['agency']:
        notes.append('agency/@code: the export identifier is not in a '
                     'published decision; the corpus id is used')
    sub(case, 'procedure', f['procedure'])
    sub(case, 'source', kind=f.get('source-kind', 'inspection'),
        date=dates['source'])
    sub(case, 'cause', f['cause']['text'], code=f['cause']['code'])
    p = f['party']
    sub(case, 'party', **{k: p.get(k) for k in
                          ('kind', 'name', 'id-type', 'id', 'address',
                           'representative')})
    missing = [k for k in ('id', 'address', 'representative')
               if k not in p and not (k == 'representative'
                                      and p['kind'] != 'organization')]
    if missing:
        notes.append('party/@%s: not shown in the published text, left '
                     'empty (never invented)' % ', @'.join(missing))

    officers = sub(case, 'officers')
    exp = '%d-12-31' % (year + 3)
    for oid, name, cert in (('o1', '执法人员甲', 'CORPUS-0001'),
                            ('o2', '执法人员乙', 'CORPUS-0002')):
        sub(officers, 'officer', id=oid, name=name, certificate=cert,
            certificate_expires=exp)
    notes.append('officers: two officers with certificates valid to %s '
                 '(names and numbers are placeholders; published decisions '
                 'do not show them)' % exp)

    docs = sub(case, 'documents')

    def doc(kind, title, date, body=None, officers=False, **attrs):
        el = sub(docs, 'document', kind=kind, title=title, date=date, **attrs)
        if officers:
            sub(el, 'officer', ref='o1')
            sub(el, 'officer', ref='o2')
        if body is not None:
            sub(el, 'text', body)
        return el

    fine = sum(x.get('amount', 0) for x in dec['penalties']
               if x['kind'] == 'fine')
    org = p['kind'] == 'organization'
    filled_docs = []
    if general:
        hearing = (any(x['kind'] in ('revocation', 'production-ban',
                                     'qualification-reduction', 'suspension')
                       for x in dec['penalties'])
                   or fine >= (100000 if org else 10000)
                   or f.get('hearing-told', False))
        major = (fine >= 100000 or any(x['kind'] in ('revocation',
                                                     'production-ban')
                                       for x in dec['penalties']))
        doc('case-source', '案件来源登记表', dates['source'], '案件线索登记。')
        doc('filing-approval', '立案审批表', dates['filing'], '符合立案条件，予以立案。',
            approved_by='负责人')
        doc('inspection-record', '现场检查（勘验）笔录', dates['inspection'],
            '现场检查记录。', officers=True, party_signed='true',
            certificates_shown='true', recording='rec1')
        doc('inquiry-record', '询问笔录', dates['inquiry'], '询问记录。',
            officers=True, party_signed='true', certificates_shown='true')
        if f.get('correction-order'):
            doc('correction-order', '责令改正违法行为决定书', dates['inspection'],
                f['correction-order'])
            filled_docs.append('correction-order (issued separately in this '
                               'sector)')
        doc('investigation-report', '案件调查终结报告', dates['report'],
            '调查终结，建议给予行政处罚。')
        doc('penalty-notice', '行政处罚告知书', dates['notice'],
            '拟作出行政处罚的事实、理由和依据见《告知书》；当事人享有陈述、申辩'
            + ('和要求听证' if hearing else '') + '的权利。',
            informs_statement='true',
            informs_hearing='true' if hearing else 'false')
        doc('service-receipt', '送达回证', dates['notice'],
            served='penalty-notice', method='direct', recipient_signed='true')
        if f.get('statements'):
            doc('statement-record', '陈述申辩笔录', day(dates['notice'], 3),
                f['statements'])
        hr = f.get('hearing')
        if hr:
            # the text states a hearing was requested and held
            doc('hearing-request', '听证申请书', hr['request'], '要求举行听证。')
            doc('hearing-notice', '听证通知书', hr['notice'], '通知举行听证。')
            doc('service-receipt', '送达回证', hr['notice'],
                served='hearing-notice', method='direct', recipient_signed='true')
            doc('hearing-record', '听证笔录', hr['held'], '听证记录。',
                officers=True, recording='rec1', party_signed='true')
            filled_docs.append('hearing-request, hearing-notice (served), '
                               'hearing-record on the dates the text states')
        doc('legal-review', '法制审核意见书', dates['review'],
            '同意处罚意见。', reviewer='法制审核人员', reviewer_qualified='true',
            opinion='agree')
        if major:
            doc('collective-discussion', '重大案件集体讨论记录',
                dates['discussion'], '集体讨论同意。')
        filled_docs += ['case-source', 'filing-approval', 'inspection-record',
                       'inquiry-record', 'investigation-report',
                       'penalty-notice (informs-hearing=%s)' %
                       ('true' if hearing else 'false'),
                       'its service-receipt', 'legal-review (agree)']
        if f.get('statements'):
            filled_docs.append('statement-record (the text says the party '
                               'made statements)')
        if major:
            filled_docs.append('collective-discussion (major case)')
    attrs = {'number': dec.get('number')}
    dd = doc('decision', f.get('title', '行政处罚决定书'), dec['date'], text,
             officers=not general, **attrs)
    if not general:
        dd.set('party-signed', 'true')
        dd.set('certificates-shown', 'true')
    sv = f.get('decision-service')
    if sv:
        # service as the text states it (e.g. 公告送达)
        el = doc('service-receipt', '送达回证', sv['date'], served='decision',
                 method=sv['method'], recipient_signed=sv.get('signed', 'false'))
        sub(el, 'note', sv['note'])
    else:
        doc('service-receipt', '送达回证', dates['served'], served='decision',
            method='direct', recipient_signed='true')
    if not general:
        doc('record-filing', '当场处罚决定备案表', day(dec['date'], 1),
            '报所属行政机关备案。')
        filled_docs = ['record-filing']
    if fine > 0:
        doc('payment-receipt', '罚没款缴款凭证', dates['payment'], '已缴纳罚款。')
    if general:
        doc('closing-approval', '结案审批表', dates['closing'], '执行完毕，结案。',
            approved_by='负责人')
    if not sv:
        filled_docs += ['decision service-receipt (direct, signed, on %s)'
                        % dates['served']]
    if fine > 0:
        filled_docs.append('payment-receipt')
    if general:
        filled_docs.append('closing-approval')
    notes.append('documents filled as in a clean file: ' +
                 '; '.join(filled_docs))

    ev = sub(case, 'evidence')
    kinds = ([('documentary', '当事人主体资格证明（营业执照或身份证复印件）'),
              ('record', '现场检查（勘验）笔录'),
              ('party-statement', '询问笔录'),
              ('audiovisual', '现场照片')] if general
             else [('audiovisual', '现场照片')])
    kinds += [tuple(x) for x in f.get('evidence-extra', [])]
    for i, (t, title) in enumerate(kinds, 1):
        it = sub(ev, 'item', id='e%d' % i, type=t, title=title, source='执法人员收集',
                 collected=dates['inspection'] if general else dec['date'],
                 confirmed='true')
        sub(it, 'collector', ref='o1')
        sub(it, 'collector', ref='o2')
    notes.append('evidence: %s, each with source, date, two collectors and '
                 'the party\'s confirmation' % ', '.join(t for t, _ in kinds))

    de = sub(case, 'decision', date=dec['date'])
    for pen in dec['penalties']:
        sub(de, 'penalty', kind=pen['kind'], amount=pen.get('amount'),
            amount_text=pen.get('amount-text'))
    for v in dec.get('violated', []):
        sub(de, 'violated', law=v['law'], article=v['article'])
    for b in dec.get('basis', []):
        sub(de, 'basis', law=b['law'], article=b['article'])
    if dec.get('discretion'):
        d = dec['discretion']
        sub(de, 'discretion', d.get('reason', ''), benchmark=d.get('benchmark'),
            level=d.get('level'), min=d.get('min'), max=d.get('max'))
    rem = dec.get('remedy')
    if rem is None:
        rem = {'review-days': 60, 'litigation-months': 6}
        notes.append('decision/remedy: the published form does not show the '
                     'remedy notice; filled 60 days / 6 months')
    sub(de, 'remedy', review_days=rem['review-days'],
        litigation_months=rem['litigation-months'])

    if general:
        disc = f.get('disclosure', {})
        sub(case, 'disclosure', date=disc.get('date', dates['disclosure']),
            channel=disc.get('channel', '本机关门户网站'))
        if 'date' not in disc:
            notes.append('disclosure: filled on %s (the page\'s own date is '
                         'not proof of the first publication)'
                         % dates['disclosure'])
        recs = sub(case, 'recordings')
        sub(recs, 'recording', id='rec1', kind='video',
            duration_seconds='1800')
    sub(case, 'archive', closed=dates['archive'], pages='40', index='true')
    notes.append('archive, recordings: filled as in a clean file')

    notes.append('dates filled (calendar days before/after the decision or '
                 'the dates the text states, wide enough for every period): '
                 '%s; stated by the text: %s' % (
                     ', '.join(sorted(filled_dates)),
                     ', '.join(sorted(f.get('dates', {}))) or 'none'))
    if dec.get('date-note'):
        notes.append('decision/@date: ' + dec['date-note'])
    notes.extend(f.get('notes', []))

    ET.indent(case, space='  ')
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<!-- Generated by tests/real-decisions/make-cases.py from '
           'decision.txt and facts.json: edit those, never this file. -->\n'
           + ET.tostring(case, encoding='unicode') + '\n')
    note = ('# %s: what was filled\n\nSource: %s\n\nThe decision document\'s '
            'text is decision.txt verbatim. Structured attributes state what '
            'that text states (facts.json). Filled, because a published '
            'decision does not show it:\n\n' % (f['id'], f['url'])
            + ''.join('- %s\n' % n for n in notes))
    return xml, note


def main():
    check = '--check' in sys.argv
    bad = 0
    for name in sorted(os.listdir(HERE)):
        folder = os.path.join(HERE, name)
        if not os.path.isfile(os.path.join(folder, 'facts.json')):
            continue
        for fname, content in zip(('case.xml', 'NOTE.md'), build(folder)):
            path = os.path.join(folder, fname)
            if check:
                old = open(path, encoding='utf-8').read() \
                    if os.path.exists(path) else None
                if old != content:
                    print('stale: %s' % path)
                    bad = 1
            else:
                with open(path, 'w', encoding='utf-8') as fh:
                    fh.write(content)
    return bad


if __name__ == '__main__':
    sys.exit(main())
