#!/usr/bin/env python3
"""gen_mee.py: the casefile/1.1 examples of rules/mee2024-general.xml.

The MEE 2024 一般行政处罚 table (生态环境行政执法案卷评查细则（2024年版）)
inspects what casefile/1.1 carries: seals, signatures, records' times and
rights told, a monitoring report with its CMA mark, which document a
receipt serves. This writes:

    gen_mee.py --examples examples/cases     # mee2024-*.xml, the formula's examples
    gen_mee.py --items tests/rules           # mee2024-general/<ITEM>.xml, one per machine item
    gen_mee.py --verdicts examples/verdicts  # the reviewer's verdicts for the clean case

The clean case is an air-pollution case of a city 生态环境局 in which every
document of the table applies (a monitoring report, a separate correction
order, a hearing, a fine collected through the court): every machine item
passes and the score is 100 with the reviewer items pending. Each example
and each per-item case is the clean case changed in one way (EXAMPLES,
DEFECTS); tests/rules/test_mee2024.py computes the MEE formula by hand for
the examples.

Standard library only; the helpers of generate.py (identity numbers,
upper-case amounts, the XML writer) are imported from it.
"""

import argparse
import datetime as dt
import os
import random
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate as g  # noqa: E402

CHECKLIST = 'mee2024-general'
CASE_ID = '320400-SHJ-2024-000035'
AGENCY = '常州市生态环境局'
PARTY = '常州恒达化工有限公司'
ADDRESS = '常州市武进区工业大道18号'
AIR = '《中华人民共和国大气污染防治法》'
BENCHMARK = '《江苏省生态环境行政处罚裁量基准规定》'
FINE = 250000
DECISION_NO = '常环罚〔2024〕35号'

# the items a reviewer decides (decide="reviewer"), passed in the verdicts
# example; the clean case leaves them pending
REVIEWER_ITEMS = ('V01R', 'V03', 'V04', 'V05', 'V06R', 'V07', 'V08', 'V10',
                  'V11', 'V12R', 'V13', 'V15R', 'D06-2', 'D06-3')
PENDING_IN_CLEAN = ('V01R', 'V03', 'V04', 'V05', 'V06R', 'V07', 'V08', 'V10',
                    'V11', 'V15R', 'D06-2', 'D06-3')


# --------------------------------------------------------------------
# Building the clean case

def sub(parent, tag, attrs=None, text=None):
    el = ET.SubElement(parent, tag, {k: v for k, v in (attrs or {}).items()
                                     if v is not None})
    if text is not None:
        el.text = text
    return el


def signatures(doc, date, handler='建议立案调查。', unit='同意。',
               head='同意。'):
    sub(sub(doc, 'signature', {'role': 'handler', 'ref': 'o1',
                               'name': '刘强', 'date': date}),
        'text', None, handler)
    sub(sub(doc, 'signature', {'role': 'unit-head', 'name': '孙建国',
                               'date': date}), 'text', None, unit)
    sub(sub(doc, 'signature', {'role': 'agency-head', 'name': '赵刚',
                               'date': date}), 'text', None, head)


def seal(doc):
    sub(doc, 'seal', {'name': AGENCY, 'kind': 'agency'})


def record_parts(doc, date, person):
    """What the basic elements of a record (笔录基本要素) look for."""
    sub(doc, 'officer', {'ref': 'o1'})
    sub(doc, 'officer', {'ref': 'o2'})
    sub(doc, 'person', person)
    sub(doc, 'signature', {'role': 'interviewee', 'name': person['name'],
                           'date': date, 'mark': 'signature'})
    sub(doc, 'signature', {'role': 'officer', 'ref': 'o1', 'name': '刘强',
                           'date': date})
    sub(doc, 'signature', {'role': 'recorder', 'ref': 'o2', 'name': '陈静',
                           'date': date})


RECORD = {'recorder': 'o2', 'certificates-shown': 'true',
          'party-signed': 'true',
          'rights-told': 'recusal statement defence cooperation',
          'rights-confirmed': 'true', 'pages-signed': 'true',
          'last-page-confirmed': 'true', 'blank-struck': 'true'}


class Pages:
    """Document ids and page numbers in file order."""

    def __init__(self, parent):
        self.parent, self.n, self.page = parent, 0, 1

    def doc(self, kind, title, date, attrs=None, pages=1):
        self.n += 1
        a = {'kind': kind, 'id': 'd%d' % self.n, 'title': title, 'date': date}
        a.update(attrs or {})
        a['first-page'] = str(self.page)
        a['pages'] = str(pages)
        self.page += pages
        return sub(self.parent, 'document', a)

    def receipt(self, served, date, kind=None):
        return self.doc('service-receipt', '送达回证', date, {
            'served': kind, 'serves': served.get('id'), 'method': 'direct',
            'recipient': '林伟', 'recipient-signed': 'true',
            'address': ADDRESS})


def build_clean():
    rng = random.Random(320400)
    root = ET.Element('case', {'format': 'casefile/1.1', 'kind': 'penalty',
                               'id': CASE_ID})
    sub(root, 'agency', {'code': '320400-SHJ', 'name': AGENCY})
    sub(root, 'procedure', None, 'general')
    sub(root, 'source', {'kind': 'inspection', 'date': '2024-03-04'})
    sub(root, 'cause', {'code': 'AIR-99-2', 'act-date': '2024-03-04'},
        '超标排放大气污染物')
    act = sub(root, 'act', {'date': '2024-02-20', 'end-date': '2024-03-04',
                            'continuing': 'true', 'place': ADDRESS})
    sub(act, 'text', None, '当事人自2024年2月20日起未更换活性炭，1号排气筒挥发性有机物'
        '超标排放，至2024年3月4日被发现。')
    sub(root, 'party', {'kind': 'organization', 'name': PARTY,
                        'id-type': 'credit-code',
                        'id': g.credit_code(rng, '320412'),
                        'address': ADDRESS, 'representative': '林伟'})
    officers = sub(root, 'officers')
    for oid, name, cert, unit in (
            ('o1', '刘强', 'SU32040010021', '执法支队'),
            ('o2', '陈静', 'SU32040010022', '执法支队'),
            ('o3', '王明', 'SU32040010005', '法规科')):
        sub(officers, 'officer', {'id': oid, 'name': name, 'certificate': cert,
                                  'certificate-expires': '2028-06-30',
                                  'unit': unit})
    docs = sub(root, 'documents')
    p = Pages(docs)

    d = p.doc('filing-approval', '立案审批表', '2024-03-06',
              {'number': '常环立〔2024〕35号', 'approved-by': '赵刚'})
    signatures(d, '2024-03-06')
    sub(d, 'text', None, '2024年3月4日执法人员在日常检查中发现常州恒达化工有限公司1号排气筒'
        '挥发性有机物涉嫌超标排放，违反《中华人民共和国大气污染防治法》第十八条，'
        '符合立案条件，建议立案调查。')

    insp = p.doc('inspection-record', '现场检查（勘察）笔录', '2024-03-04', dict(
        RECORD, **{'start-time': '09:30', 'end-time': '11:10', 'place': ADDRESS,
                   'recording': 'rec1'}), pages=3)
    record_parts(insp, '2024-03-04', {'role': 'present', 'name': '林伟',
                                      'position': '总经理',
                                      'relation': '法定代表人'})
    sub(insp, 'sampling-point', {'id': 'p1', 'name': '1号排气筒出口',
                                 'date': '2024-03-04', 'time': '10:20'})
    sub(insp, 'text', None, '2024年3月4日9时30分至11时10分，执法人员刘强、陈静出示执法证件，'
        '在常州市武进区工业大道18号常州恒达化工有限公司进行现场检查，告知当事人有申请回避、'
        '陈述、申辩的权利和配合调查的义务，法定代表人林伟在场陪同检查。该公司从事工业涂料生产，'
        '主要生产设备为反应釜4台、分散机2台，主要原辅材料为树脂、溶剂，产品为工业涂料。'
        '年产2000吨涂料项目环评于2019年经审批，2020年通过竣工环保验收，持有排污许可证。'
        '生产过程中产生挥发性有机物废气，经集气罩收集后由活性炭吸附装置处理，通过1号排气筒排放。'
        '检查时活性炭吸附装置正在运行，活性炭已饱和未更换，废气疑似超标排放。'
        '执法人员对1号排气筒出口进行了采样，并现场拍照、录像。当事人确认以上情况属实。')

    samp = p.doc('sampling-record', '采样记录', '2024-03-04',
                 {'party-signed': 'true'})
    sub(samp, 'officer', {'ref': 'o1'})
    sub(samp, 'officer', {'ref': 'o2'})
    sub(samp, 'sampling-point', {'id': 'p2', 'name': '1号排气筒出口',
                                 'date': '2024-03-04', 'time': '10:20'})
    sub(samp, 'text', None, '在1号排气筒出口采集废气样品3个，样品编号CZ0304-1至CZ0304-3。')

    rep = p.doc('test-report', '监测报告', '2024-03-11', {
        'number': '常测（2024）第0311号', 'category': 'monitoring', 'cma': 'true',
        'cma-number': '211012340567', 'lab': '常州市环境监测中心',
        'client': AGENCY, 'test-method': 'HJ 38-2017 气相色谱法（气相色谱仪GC-2014）',
        'sampled': '2024-03-04', 'sampling-time': '10:20',
        'conclusion': 'exceeds', 'informed': 'true'}, pages=4)
    sub(rep, 'measurement', {'item': '非甲烷总烃', 'value': '118', 'unit': 'mg/m³',
                             'limit': '60', 'exceeds': 'true', 'point': 'p2'})
    for role, name in (('tester', '监测员甲'), ('reviewer', '审核员乙'),
                       ('approver', '签发人丙')):
        sub(rep, 'signature', {'role': role, 'name': name, 'date': '2024-03-11'})
    sub(rep, 'seal', {'name': '常州市环境监测中心', 'kind': 'other'})
    p.receipt(rep, '2024-03-12')

    p.doc('address-confirmation', '送达地址确认书', '2024-03-12', {
        'address': ADDRESS, 'consents-electronic': 'false',
        'party-signed': 'true'})

    inq = p.doc('inquiry-record', '调查询问笔录', '2024-03-12', dict(
        RECORD, **{'start-time': '14:00', 'end-time': '15:20',
                   'place': '常州市生态环境局询问室'}), pages=3)
    record_parts(inq, '2024-03-12', {
        'role': 'interviewee', 'name': '林伟', 'id-type': 'resident-id',
        'id': g.resident_id(rng, '320412', dt.date(1978, 5, 16)), 'position': '总经理', 'relation': '法定代表人'})
    sub(inq, 'text', None, '2024年3月12日14时00分至15时20分，执法人员出示执法证件，告知被询问人'
        '申请回避、陈述、申辩的权利和配合调查的义务。问：你公司生产情况？答：主要生产工业涂料，'
        '主要生产设备为反应釜4台、分散机2台，原辅材料为树脂、溶剂。问：环保手续情况？答：项目环评'
        '2019年审批，2020年通过竣工环保验收，持有排污许可证。问：废气如何处理？答：挥发性有机物废气'
        '经集气罩收集后由活性炭吸附装置处理后排放，活性炭自2024年2月20日起未更换。问：监测报告显示'
        '1号排气筒非甲烷总烃超标，你对监测结果有无异议？答：执法人员已告知监测结果，无异议。'
        '问：是否签收送达地址确认书？答：已签收。问：是否知道超标排放违法？答：知道，是管理疏忽。')

    corr = p.doc('correction-order', '责令改正违法行为决定书', '2024-03-12', {
        'number': '常环改〔2024〕35号', 'deadline': '2024-04-12'}, pages=2)
    seal(corr)
    sub(corr, 'basis', {'law': AIR, 'article': '第九十九条第二项'})
    sub(corr, 'text', None, '常州市生态环境局执法人员于2024年3月4日对你公司进行现场检查，发现你公司'
        '位于常州市武进区工业大道18号的1号排气筒挥发性有机物超标排放（非甲烷总烃118mg/m³，'
        '限值60mg/m³）。以上事实有现场检查（勘察）笔录、监测报告、调查询问笔录、现场照片等证据为证。'
        '你公司的上述行为违反了《中华人民共和国大气污染防治法》第十八条的规定。依据'
        '《中华人民共和国大气污染防治法》第九十九条第二项的规定，现责令你公司立即改正违法行为，'
        '于2024年4月12日前完成活性炭更换和治理设施整改。逾期不改正的，本局将依法按日连续处罚。')
    p.receipt(corr, '2024-03-12')

    rpt = p.doc('investigation-report', '案件调查报告', '2024-03-20', pages=3)
    sub(rpt, 'text', None, '一、案件由来：2024年3月4日本局执法人员在日常检查中发现当事人涉嫌超标'
        '排放大气污染物。二、调查经过：本局于3月6日立案，进行了现场检查、采样监测和调查询问。'
        '三、当事人基本情况：常州恒达化工有限公司，住所常州市武进区工业大道18号，法定代表人林伟。'
        '四、违法事实和主要证据：当事人1号排气筒非甲烷总烃排放浓度118mg/m³，超过排放限值，'
        '有现场检查（勘察）笔录、监测报告、调查询问笔录、现场照片为证。五、调查结论：当事人超标'
        '排放大气污染物，违反了《中华人民共和国大气污染防治法》第十八条。六、处理建议：依据'
        '《中华人民共和国大气污染防治法》第九十九条第二项，按照《江苏省生态环境行政处罚裁量基准规定》，'
        '综合考虑超标倍数（0.97倍）、持续时间，属一般裁量情形，建议罚款人民币二十五万元。')

    notice = p.doc('penalty-notice', '行政处罚事先（听证）告知书', '2024-03-22', {
        'number': '常环罚告〔2024〕35号', 'informs-statement': 'true',
        'informs-hearing': 'true'}, pages=2)
    seal(notice)
    sub(notice, 'penalty', {'kind': 'fine', 'amount': str(FINE)})
    sub(notice, 'discretion', {'benchmark': 'JS-AIR-99-2', 'level': 'general'})
    sub(notice, 'text', None, '经查，你公司位于常州市武进区工业大道18号的1号排气筒，于2024年3月4日'
        '被监测到非甲烷总烃排放浓度118mg/m³，超过排放限值，属超标排放大气污染物。以上事实有现场检查'
        '（勘察）笔录、监测报告、调查询问笔录、现场照片等证据为证。你公司的上述行为违反了'
        '《中华人民共和国大气污染防治法》第十八条的规定。依据《中华人民共和国大气污染防治法》'
        '第九十九条第二项的规定，按照《江苏省生态环境行政处罚裁量基准规定》，本局拟对你公司作出'
        '罚款人民币二十五万元的行政处罚。你公司可在收到本告知书之日起五个工作日内向本局提出陈述、'
        '申辩，或者要求听证。联系人：陈静，联系电话：0519-85680000。')
    p.receipt(notice, '2024-03-22')

    p.doc('hearing-request', '听证申请书', '2024-03-25', {
        'party-signed': 'true'})

    hn = p.doc('hearing-notice', '行政处罚听证通知书', '2024-03-27',
               {'number': '常环听〔2024〕6号'})
    seal(hn)
    sub(hn, 'person', {'role': 'presider', 'name': '王明', 'position': '法规科科长'})
    sub(hn, 'text', None, '你公司超标排放大气污染物一案，本局定于2024年4月8日上午9时在本局三楼'
        '会议室公开举行听证。听证主持人：王明（常州市生态环境局法规科科长），记录员：吴芳'
        '（法规科科员）。你公司有权申请主持人回避，可以委托一至二名代理人参加听证，需要变更听证时间'
        '的应当提前申请。请携带证据材料，委托代理人的应提前办理授权委托书，有证人的请通知证人出席作证。')
    p.receipt(hn, '2024-03-27')

    hr = p.doc('hearing-record', '听证笔录', '2024-04-08', {
        'start-time': '09:00', 'end-time': '11:30',
        'place': '常州市生态环境局三楼会议室', 'pages-signed': 'true',
        'last-page-confirmed': 'true', 'party-signed': 'true'}, pages=4)
    sub(hr, 'officer', {'ref': 'o1'})
    sub(hr, 'officer', {'ref': 'o2'})
    sub(hr, 'person', {'role': 'presider', 'name': '王明', 'position': '法规科科长'})
    sub(hr, 'person', {'role': 'representative', 'name': '林伟',
                       'position': '总经理'})
    sub(hr, 'person', {'role': 'agent', 'name': '何律师',
                       'relation': '委托代理人'})
    for role, name in (('presider', '王明'), ('recorder', '吴芳')):
        sub(hr, 'signature', {'role': role, 'name': name, 'date': '2024-04-08'})
    sub(hr, 'text', None, '听证主持人王明，记录员吴芳。听证申请人常州恒达化工有限公司，法定代表人林伟，'
        '委托代理人何律师。案件调查人刘强（执法证号SU32040010021）、陈静（执法证号SU32040010022）。'
        '调查人员陈述了当事人违法的事实、证据、处罚依据和处罚建议。当事人对监测报告进行了质证，'
        '陈述、申辩称已更换活性炭，请求从轻处罚。当事人最后陈述：请求考虑已及时整改。')

    lr = p.doc('legal-review', '法制审核意见书', '2024-04-10', {
        'reviewer': '周敏', 'reviewer-qualified': 'true', 'opinion': 'agree'})
    sub(lr, 'signature', {'role': 'reviewer', 'name': '周敏', 'date': '2024-04-10'})
    sub(lr, 'text', None, '经审核，本案执法主体合法，事实清楚，证据确凿，适用法律正确，程序合法，'
        '裁量适当，同意处罚意见。')

    cd = p.doc('collective-discussion', '重大案件集体讨论记录', '2024-04-11', pages=2)
    sub(cd, 'person', {'role': 'presider', 'name': '赵刚', 'position': '局长'})
    for name, pos in (('钱进', '副局长'), ('孙建国', '执法支队支队长'),
                      ('周敏', '法规科副科长')):
        sub(cd, 'person', {'role': 'participant', 'name': name,
                           'position': pos, 'vote': 'agree'})
    sub(cd, 'text', None, '经集体讨论，听取当事人陈述、申辩和听证意见，同意罚款人民币二十五万元。')

    dec = p.doc('decision', '行政处罚决定书', '2024-04-12',
                {'number': DECISION_NO}, pages=3)
    seal(dec)
    sub(dec, 'text', None, '当事人：常州恒达化工有限公司，住所：常州市武进区工业大道18号。经查，你公司'
        '位于常州市武进区工业大道18号的1号排气筒，于2024年3月4日被监测到非甲烷总烃排放浓度118mg/m³，'
        '超过排放限值，属超标排放大气污染物。以上事实有现场检查（勘察）笔录、监测报告（常测（2024）'
        '第0311号）、调查询问笔录、现场照片等证据为证。你公司的上述行为违反了《中华人民共和国大气'
        '污染防治法》第十八条的规定。本局于2024年3月22日告知你公司拟作出的处罚，你公司要求听证，'
        '本局于2024年4月8日举行听证。你公司申辩已更换活性炭，经复核，整改属于事后行为，不予采纳。'
        '依据《中华人民共和国大气污染防治法》第九十九条第二项的规定，按照《江苏省生态环境行政处罚'
        '裁量基准规定》，综合考虑超标倍数和持续时间，本局决定对你公司罚款人民币二十五万元，并责令'
        '你公司改正违法行为。你公司应当自收到本决定书之日起十五日内将罚款缴至指定银行账户。逾期不缴纳'
        '罚款的，每日按罚款数额的百分之三加处罚款，并依法申请人民法院强制执行。如不服本决定，可以在'
        '收到本决定书之日起六十日内向常州市人民政府申请行政复议，也可以在六个月内向常州市天宁区人民'
        '法院提起行政诉讼。')
    p.receipt(dec, '2024-04-12')

    dem = p.doc('demand-notice', '督促履行义务催告书', '2024-05-20', {
        'number': '常环催〔2024〕12号', 'deadline': '2024-05-30',
        'amount': str(FINE)})
    seal(dem)
    sub(dem, 'text', None, '你公司未在规定期限内缴纳' + DECISION_NO + '行政处罚决定书确定的罚款人民币'
        '250000元。请于2024年5月30日前将罚款缴至指定银行账户。你公司有权进行陈述和申辩。')
    p.receipt(dem, '2024-05-20')

    enf = p.doc('enforcement-application', '强制执行申请书', '2024-10-21', {
        'number': '常环执申〔2024〕3号', 'court': '常州市天宁区人民法院',
        'approved-by': '赵刚'}, pages=2)
    seal(enf)
    sub(enf, 'text', None, '申请人：常州市生态环境局，法定代表人赵刚。被申请人：常州恒达化工有限公司，'
        '住所常州市武进区工业大道18号。申请理由：被申请人在法定期限内未申请行政复议或者提起行政诉讼，'
        '又不履行' + DECISION_NO + '行政处罚决定，经催告仍未履行。请求事项：请求人民法院强制执行罚款'
        '人民币250000元及加处罚款。附：行政处罚决定书、送达回证、催告书等材料。')

    clo = p.doc('closing-approval', '结案审批表', '2024-12-10',
                {'approved-by': '赵刚'})
    signatures(clo, '2024-12-10', handler='建议结案。')
    sub(clo, 'text', None, '本案经立案调查、听证、法制审核和集体讨论，作出' + DECISION_NO +
        '行政处罚决定书，罚款人民币250000元。当事人逾期未缴纳，经催告后本局申请人民法院强制执行，'
        '罚款已执行到位。建议结案。')

    ev = sub(root, 'evidence')
    for eid, typ, title, source, date, extra, text in (
            ('e1', 'documentary', '营业执照复印件', '当事人提供', '2024-03-04',
             {'copy': 'true', 'confirmed': 'true'}, None),
            ('e2', 'documentary', '环境影响评价批复文件复印件', '当事人提供',
             '2024-03-04', {'copy': 'true', 'confirmed': 'true'}, None),
            ('e3', 'audiovisual', '现场照片', '执法人员拍摄', '2024-03-04',
             {'confirmed': 'true'},
             '2024年3月4日10时在常州市武进区工业大道18号1号排气筒拍摄，证明活性炭吸附装置运行情况，'
             '拍摄人刘强。'),
            ('e4', 'expert-opinion', '监测报告', '常州市环境监测中心',
             '2024-03-11', {'confirmed': 'true', 'document': rep.get('id')}, None),
            ('e5', 'record', '现场检查（勘察）笔录', '执法人员制作', '2024-03-04',
             {'confirmed': 'true', 'document': insp.get('id')}, None),
            ('e6', 'party-statement', '调查询问笔录', '执法人员制作', '2024-03-12',
             {'confirmed': 'true', 'document': inq.get('id')}, None)):
        it = sub(ev, 'item', dict({'id': eid, 'type': typ, 'title': title,
                                   'source': source, 'collected': date},
                                  **extra))
        sub(it, 'collector', {'ref': 'o1'})
        sub(it, 'collector', {'ref': 'o2'})
        if text:
            sub(it, 'text', None, text)

    decision = sub(root, 'decision', {'date': '2024-04-12', 'document': dec.get('id'),
                                      'payment-days': '15'})
    sub(decision, 'penalty', {'kind': 'fine', 'amount': str(FINE),
                              'amount-text': g.cn_amount(FINE)})
    sub(decision, 'violated', {'law': AIR, 'article': '第十八条'})
    sub(decision, 'basis', {'law': AIR, 'article': '第九十九条第二项'})
    sub(decision, 'discretion', {'benchmark': 'JS-AIR-99-2',
                                 'benchmark-title': BENCHMARK,
                                 'level': 'general', 'min': '100000',
                                 'max': '1000000'},
        '超标倍数0.97倍，超标持续时间13日，无从轻、从重情节，适用一般裁量。')
    sub(decision, 'remedy', {'review-days': '60', 'litigation-months': '6',
                             'review-body': '常州市人民政府',
                             'court': '常州市天宁区人民法院'})
    sub(root, 'disclosure', {'date': '2024-04-19',
                             'channel': '常州市生态环境局门户网站'})
    recs = sub(root, 'recordings')
    sub(recs, 'recording', {'id': 'rec1', 'kind': 'video',
                            'duration-seconds': '5400'})
    sub(root, 'archive', {'closed': '2024-12-12', 'pages': str(p.page - 1),
                          'index': 'true', 'cover': 'true', 'numbered': 'true',
                          'backup-sheet': 'true', 'volumes': '1'})
    return root


# --------------------------------------------------------------------
# Changing it

def docs(root, kind):
    return [d for d in root.find('documents') if d.get('kind') == kind]


def doc(root, kind, n=0):
    return docs(root, kind)[n]


def by_id(root, did):
    return [d for d in root.find('documents') if d.get('id') == did][0]


def remove(root, *kinds):
    """Removes the documents of KINDS, the receipts serving them and the
    references to them (evidence/@document, decision/@document, the
    measurements' sampling points)."""
    box = root.find('documents')
    gone, points = set(), set()
    for d in list(box):
        if d.get('kind') in kinds:
            gone.add(d.get('id'))
            points |= {p.get('id') for p in d.findall('sampling-point')}
            box.remove(d)
    for d in list(box):
        if d.get('kind') == 'service-receipt' and d.get('serves') in gone:
            box.remove(d)
        for m in d.findall('measurement'):
            if m.get('point') in points:
                del m.attrib['point']
    for el in root.findall('evidence/item') + root.findall('decision'):
        if el.get('document') in gone:
            del el.attrib['document']


def text_of(d):
    return d.find('text')


def replace_text(d, old, new):
    t = text_of(d)
    assert old in t.text, (d.get('kind'), old)
    t.text = t.text.replace(old, new)


def drop(el, path):
    for child in el.findall(path):
        el.remove(child)


def insert_doc(root, before_kind, kind, title, date, attrs=None, text=None):
    box = root.find('documents')
    at = list(box).index(doc(root, before_kind))
    el = ET.Element('document', dict({'kind': kind, 'title': title,
                                      'date': date}, **(attrs or {})))
    if text:
        sub(el, 'text', None, text)
    box.insert(at, el)
    return el


def renumber(root):
    """Ids stay; pages follow file order again after an insertion."""
    page = 1
    for d in root.find('documents'):
        if d.get('first-page'):
            d.set('first-page', str(page))
            page += int(d.get('pages', '1'))


# the examples of examples/cases: name -> (what it shows, change)

def ex_not_applicable(root):
    # the party neither asked for a hearing nor needed monitoring, the
    # correction order is in the decision, and the fine was paid
    remove(root, 'test-report', 'sampling-record', 'hearing-request',
           'hearing-notice', 'hearing-record', 'correction-order',
           'demand-notice', 'enforcement-application')
    insp = doc(root, 'inspection-record')
    drop(insp, 'sampling-point')
    replace_text(insp, '执法人员对1号排气筒出口进行了采样，并现场拍照、录像。',
                 '执法人员现场拍照、录像。')
    replace_text(doc(root, 'inquiry-record'),
                 '问：监测报告显示1号排气筒非甲烷总烃超标，你对监测结果有无异议？答：执法人员已告知'
                 '监测结果，无异议。', '')
    ev = root.find('evidence')
    for it in list(ev):
        if it.get('id') == 'e4':
            ev.remove(it)
    dec = doc(root, 'decision')
    replace_text(dec, '你公司要求听证，本局于2024年4月8日举行听证。你公司申辩已更换活性炭，经复核，'
                 '整改属于事后行为，不予采纳。', '你公司在规定期限内未提出陈述、申辩，也未要求听证。')
    replace_text(dec, '按照《江苏省生态环境行政处罚裁量基准规定》，', '')
    root.find('decision/discretion').attrib.pop('benchmark')
    root.find('decision/discretion').attrib.pop('benchmark-title')
    replace_text(doc(root, 'penalty-notice'),
                 '联系人：陈静，联系电话：0519-85680000。', '')
    replace_text(doc(root, 'collective-discussion'), '听取当事人陈述、申辩和听证意见，', '')
    box = root.find('documents')
    pay = ET.Element('document', {'kind': 'payment-receipt', 'id': 'd30',
                                  'title': '罚没款缴款凭证', 'date': '2024-04-22',
                                  'first-page': '1', 'pages': '1'})
    box.insert(list(box).index(doc(root, 'closing-approval')), pay)
    replace_text(doc(root, 'closing-approval'),
                 '本案经立案调查、听证、法制审核和集体讨论', '本案经立案调查、法制审核和集体讨论')
    replace_text(doc(root, 'closing-approval'),
                 '当事人逾期未缴纳，经催告后本局申请人民法院强制执行，罚款已执行到位。',
                 '当事人已于2024年4月22日缴纳罚款。')
    renumber(root)
    root.find('archive').set('pages', str(sum(
        int(d.get('pages', '1')) for d in root.find('documents'))))


def ex_missing_report(root):
    remove(root, 'investigation-report')
    renumber(root)


def ex_no_cma(root):
    rep = doc(root, 'test-report')
    rep.set('cma', 'false')
    rep.attrib.pop('cma-number')


def ex_basic_elements(root):
    doc(root, 'inquiry-record').set('blank-struck', 'false')
    sub(doc(root, 'inspection-record'), 'correction',
        {'page': '3', 'mark': 'none', 'confirmed': 'false'})
    drop(doc(root, 'decision'), 'seal')
    # and the filing came on the 16th day (D01-3, 0.5 of the 100)
    late_filing(root)


def ex_veto(root):
    # the investigator 刘强 reviewed the case (重大问题第21项)
    lr = doc(root, 'legal-review')
    lr.set('reviewer', '刘强')
    lr.find('signature').set('name', '刘强')
    lr.find('signature').set('ref', 'o1')


def ex_transfer_bonus(root):
    box = root.find('documents')
    at = list(box).index(doc(root, 'closing-approval'))
    tr = ET.Element('document', {
        'kind': 'transfer', 'id': 'd31', 'title': '涉嫌环境违法适用行政拘留处罚案件移送书',
        'date': '2024-04-15', 'number': '常环移〔2024〕4号',
        'to': '常州市公安局武进分局', 'reason': 'detention',
        'first-page': '1', 'pages': '1'})
    seal(tr)
    sub(tr, 'text', None, '当事人通过不正常运行防治污染设施等逃避监管的方式排放大气污染物，'
        '依据《中华人民共和国环境保护法》第六十三条第三项，移送公安机关处理。')
    rc = ET.Element('document', {
        'kind': 'transfer-receipt', 'id': 'd32', 'title': '移送案件接收回执',
        'date': '2024-04-18', 'of': 'd31', 'result': 'detained',
        'first-page': '1', 'pages': '1'})
    box.insert(at, rc)
    box.insert(at, tr)
    # and one record has blank lines left open (R8: 1 of 规范性)
    doc(root, 'inspection-record').set('blank-struck', 'false')
    renumber(root)


EXAMPLES = [
    ('mee2024-clean', '每类文书都参与评查、机器评查项全部通过的案卷：人工评查项待裁定时得分'
     '100，得分范围0至100；examples/verdicts/mee2024-clean-verdicts.xml 裁定全部通过后得分100。',
     None),
    ('mee2024-not-applicable', '当事人未要求听证、无需监测、责令改正在决定书中体现、罚款已缴纳：'
     '监测报告（5）、责令改正决定书（10）、听证通知书（4）、听证笔录（8）、催告书（2）、'
     '强制执行申请书（5）本项无需评审，参与评查项目标准分66；告知书缺联系方式（D08-5，2分），'
     '决定书缺裁量基准（D11-5，1分）。', ex_not_applicable),
    ('mee2024-missing-report', '无案件调查报告：该项得0分并计入分母（D06，8分）。',
     ex_missing_report),
    ('mee2024-no-cma', '监测报告无资质认定标志：报告项得0分（D04，5分），其余子项不再评查。',
     ex_no_cma),
    ('mee2024-basic-elements', '卷面基本要素：询问笔录未注明“以下空白”（R8，1分），修改处无签名（R9，1分），'
     '决定书未盖印章（B1，3分）；立案超过十五日（D01-3，0.5分）。', ex_basic_elements),
    ('mee2024-veto', '调查人员担任法制审核人员（重大问题第21项）：案卷0分。', ex_veto),
    ('mee2024-transfer-bonus', '移送公安机关并作出拘留决定：加15分；现场检查笔录未注明“以下空白”'
     '（R8，1分）。', ex_transfer_bonus),
]


# --------------------------------------------------------------------
# One failing case per machine item (tests/rules/mee2024-general/)

def fail_V01(root):
    doc(root, 'decision').find('seal').set('name', '常州市生态环境局武进分局')


def fail_V02(root):
    drop(doc(root, 'inquiry-record'), "officer[@ref='o2']")


def fail_V06(root):
    remove(root, 'sampling-record')
    insp = doc(root, 'inspection-record')
    drop(insp, 'sampling-point')
    replace_text(insp, '执法人员对1号排气筒出口进行了采样，并现场拍照、录像。',
                 '执法人员现场拍照、录像。')


def fail_V09(root):
    drop(root.find('decision'), 'basis')


def fail_V12(root):
    doc(root, 'penalty-notice').find('penalty').set('amount', '200000')


def fail_V14(root):
    # served on Monday 2024-04-08, decided on the Friday: the fifth
    # working day, inside the statement period
    n = doc(root, 'penalty-notice')
    for d in (n, [r for r in docs(root, 'service-receipt')
                  if r.get('serves') == n.get('id')][0]):
        d.set('date', '2024-04-08')


def fail_V15(root):
    # the recusal asked for is never decided
    insert_doc(root, 'investigation-report', 'recusal-request', '回避申请书',
               '2024-03-15', {'id': 'd35', 'party-signed': 'true',
                              'first-page': '1', 'pages': '1'})
    renumber(root)


def fail_V16(root):
    add_seizure(root, told=False)


def fail_V17(root):
    remove(root, 'collective-discussion')


def fail_V18(root):
    cd = doc(root, 'collective-discussion')
    sub(cd, 'person', {'role': 'participant', 'ref': 'o2', 'name': '陈静',
                       'vote': 'agree'})


def fail_V19(root):
    remove(root, 'legal-review')


def fail_V20(root):
    act = root.find('act')
    act.set('date', '2021-12-01')
    act.set('end-date', '2022-03-01')
    root.find('cause').set('act-date', '2022-03-01')


def fail_V21(root):
    ex_veto(root)


def add_daily(root, order_served=True, reinspection='2024-04-10',
              original_date='2024-04-12'):
    """A daily penalty after the correction order; the original decision a
    separate document (d40) before the case's decision."""
    box = root.find('documents')
    dec = doc(root, 'decision')
    orig = ET.Element('document', {'kind': 'decision', 'id': 'd40',
                                   'title': '行政处罚决定书（原）',
                                   'date': original_date,
                                   'number': '常环罚〔2024〕30号',
                                   'first-page': '1', 'pages': '1'})
    seal(orig)
    re_ = ET.Element('document', {'kind': 'reinspection-record', 'id': 'd41',
                                  'title': '复查笔录', 'date': reinspection,
                                  'of': doc(root, 'correction-order').get('id'),
                                  'corrected': 'false', 'first-page': '1',
                                  'pages': '1'})
    sub(re_, 'officer', {'ref': 'o1'})
    sub(re_, 'officer', {'ref': 'o2'})
    at = list(box).index(dec)
    box.insert(at, re_)
    box.insert(at, orig)
    rc = ET.Element('document', {'kind': 'service-receipt', 'id': 'd40r',
                                 'title': '送达回证', 'date': original_date,
                                 'serves': 'd40', 'method': 'direct',
                                 'recipient': '林伟', 'recipient-signed': 'true',
                                 'first-page': '1', 'pages': '1'})
    box.insert(at + 1, rc)
    sub(root.find('decision'), 'penalty', {
        'kind': 'fine', 'amount': '100000', 'daily-amount': '50000',
        'days': '2', 'from': '2024-04-11', 'to': '2024-04-12',
        'original': 'd40', 'order': doc(root, 'correction-order').get('id'),
        'reinspection': 'd41'})
    if not order_served:
        remove_receipt(root, doc(root, 'correction-order').get('id'))
    renumber(root)


def remove_receipt(root, did):
    box = root.find('documents')
    for d in list(box):
        if d.get('kind') == 'service-receipt' and d.get('serves') == did:
            box.remove(d)


def fail_V22(root):
    add_daily(root, order_served=False)


def fail_V23(root):
    add_daily(root, reinspection='2024-05-20')


def fail_V24(root):
    add_daily(root, original_date='2024-04-15')


def add_seizure(root, told=True, released='2024-04-02', approved=True):
    box = root.find('documents')
    at = list(box).index(doc(root, 'investigation-report'))
    sd = ET.Element('document', {'kind': 'seizure-decision', 'id': 'd50',
                                 'title': '查封决定书', 'date': '2024-03-04',
                                 'number': '常环封〔2024〕5号',
                                 'first-page': '1', 'pages': '1'})
    seal(sd)
    cr = ET.Element('document', {'kind': 'coercion-record', 'id': 'd51',
                                 'title': '查封现场笔录', 'date': '2024-03-04',
                                 'party-signed': 'true', 'first-page': '1',
                                 'pages': '1'})
    if told:
        cr.set('rights-told', 'statement defence')
    sub(cr, 'officer', {'ref': 'o1'})
    sub(cr, 'officer', {'ref': 'o2'})
    sub(cr, 'text', None, '当场告知查封的理由、依据和申请行政复议、提起行政诉讼的救济途径。' +
        ('听取了当事人的陈述和申辩。' if told else ''))
    rl = ET.Element('document', {'kind': 'seizure-release', 'id': 'd52',
                                 'title': '解除查封决定书', 'date': released,
                                 'number': '常环解封〔2024〕5号', 'of': 'd50',
                                 'first-page': '1', 'pages': '1'})
    seal(rl)
    for el in (rl, cr, sd):
        box.insert(at, el)
    for served in (sd, rl):
        rc = ET.Element('document', {'kind': 'service-receipt',
                                     'id': served.get('id') + 'r',
                                     'title': '送达回证',
                                     'date': served.get('date'),
                                     'serves': served.get('id'),
                                     'method': 'direct', 'recipient': '林伟',
                                     'recipient-signed': 'true',
                                     'first-page': '1', 'pages': '1'})
        box.insert(list(box).index(served) + 1, rc)
    m = ET.Element('measure', {'id': 'm1', 'kind': 'sealing', 'date': '2024-03-04',
                               'days': '30', 'decision': 'd50', 'record': 'd51',
                               'release': 'd52', 'released': released,
                               'outcome': 'released'})
    sub(m, 'object', {'name': '1号生产线活性炭吸附装置', 'quantity': '1',
                      'unit': '套'})
    ms = ET.Element('measures')
    ms.append(m)
    root.insert(list(root).index(root.find('decision')), ms)
    renumber(root)
    return m


def fail_V25(root):
    add_seizure(root, released='2024-04-08')


# the documents' items

def fail_D01_0(root):
    remove(root, 'filing-approval')
    renumber(root)


def fail_D01_1(root):
    root.find('cause').text = ''


def fail_D01_2(root):
    doc(root, 'filing-approval').find('text').text = '建议立案。'


def fail_D01_3(root):
    late_filing(root)


def late_filing(root):
    doc(root, 'filing-approval').set('date', '2024-03-20')
    for s in doc(root, 'filing-approval').findall('signature'):
        s.set('date', '2024-03-20')


def fail_D02_0(root):
    remove(root, 'inspection-record')
    renumber(root)


def texts(root, kind, old, new):
    for d in docs(root, kind):
        replace_text(d, old, new)


def fail_D02_1(root):
    texts(root, 'inspection-record',
          '该公司从事工业涂料生产，主要生产设备为反应釜4台、分散机2台，主要原辅材料为树脂、溶剂，'
          '产品为工业涂料。', '')
    texts(root, 'inspection-record', '年产2000吨涂料项目环评', '环评')


def fail_D02_2(root):
    texts(root, 'inspection-record',
          '年产2000吨涂料项目环评于2019年经审批，2020年通过竣工环保验收，持有排污许可证。', '')


def fail_D02_3(root):
    texts(root, 'inspection-record',
          '生产过程中产生挥发性有机物废气，经集气罩收集后由活性炭吸附装置处理，通过1号排气筒排放。'
          '检查时活性炭吸附装置正在运行，活性炭已饱和未更换，废气疑似超标排放。',
          '检查时发现1号排气筒疑似超标排放。')


def fail_D02_4(root):
    texts(root, 'inspection-record', '活性炭已饱和未更换，废气疑似超标排放', '活性炭已饱和')


def fail_D02_5(root):
    insp = doc(root, 'inspection-record')
    replace_text(insp, '法定代表人林伟在场陪同检查。', '')
    replace_text(insp, '执法人员对1号排气筒出口进行了采样，并现场拍照、录像。', '')
    drop(insp, 'sampling-point')
    insp.attrib.pop('recording')


def fail_D03_0(root):
    remove(root, 'inquiry-record')
    renumber(root)


def fail_D03_1(root):
    texts(root, 'inquiry-record', '问：你公司生产情况？答：主要生产工业涂料，'
          '主要生产设备为反应釜4台、分散机2台，原辅材料为树脂、溶剂。', '')
    texts(root, 'inquiry-record', '问：环保手续情况？答：项目环评', '问：环保手续情况？答：环评')


def fail_D03_2(root):
    texts(root, 'inquiry-record', '问：环保手续情况？答：项目环评2019年审批，2020年通过竣工'
          '环保验收，持有排污许可证。', '')


def fail_D03_3(root):
    texts(root, 'inquiry-record', '问：废气如何处理？答：挥发性有机物废气经集气罩收集后由活性炭'
          '吸附装置处理后排放，活性炭自2024年2月20日起未更换。', '')


def fail_D03_4(root):
    texts(root, 'inquiry-record', '1号排气筒非甲烷总烃超标，', '1号排气筒非甲烷总烃浓度，')
    texts(root, 'inquiry-record', '问：是否知道超标排放违法？答：知道，是管理疏忽。', '')


def fail_D03_5(root):
    texts(root, 'inquiry-record', '问：监测报告显示1号排气筒非甲烷总烃超标，你对监测结果有无异议？'
          '答：执法人员已告知监测结果，无异议。问：是否签收送达地址确认书？答：已签收。', '')
    remove(root, 'address-confirmation')
    renumber(root)


def fail_D04_1(root):
    doc(root, 'test-report').set('lab', '市监测站检测室甲')


def fail_D04_2(root):
    ex_no_cma(root)


def fail_D04_3(root):
    doc(root, 'test-report').set('client', '')


def fail_D04_4(root):
    doc(root, 'test-report').set('sampled', '2024-03-14')


def fail_D04_5(root):
    doc(root, 'test-report').find('measurement').set('point', 'p9')


def fail_D04_6(root):
    doc(root, 'test-report').attrib.pop('test-method')


def fail_D04_7(root):
    rep = doc(root, 'test-report')
    rep.find('measurement').set('value', '')
    rep.attrib.pop('conclusion')


def fail_D04_8(root):
    drop(doc(root, 'test-report'), "signature[@role='approver']")


def fail_D05_0(root):
    ev = root.find('evidence')
    for it in list(ev):
        if it.get('type') == 'documentary':
            ev.remove(it)


def evidence(root, eid):
    return [i for i in root.find('evidence') if i.get('id') == eid][0]


def fail_D05_1(root):
    evidence(root, 'e1').set('title', '排污许可证复印件')


def fail_D05_2(root):
    evidence(root, 'e2').set('confirmed', 'false')


def fail_D05_3(root):
    evidence(root, 'e1').set('collected', '')


def fail_D05_4(root):
    drop(evidence(root, 'e3'), 'text')


def fail_D05_5(root):
    it = sub(root.find('evidence'), 'item', {
        'id': 'e7', 'type': 'witness', 'title': '证人证言', 'source': '',
        'collected': '2024-03-05', 'confirmed': 'true'})
    sub(it, 'collector', {'ref': 'o1'})
    sub(it, 'collector', {'ref': 'o2'})


def fail_D06_0(root):
    ex_missing_report(root)


def fail_D06_1(root):
    texts(root, 'investigation-report', '一、案件由来：2024年3月4日本局执法人员在日常检查中发现'
          '当事人涉嫌超标排放大气污染物。二、调查经过：本局于3月6日立案，进行了现场检查、采样监测和'
          '调查询问。', '')


def fail_D06_4(root):
    texts(root, 'investigation-report', '按照《江苏省生态环境行政处罚裁量基准规定》，综合考虑超标'
          '倍数（0.97倍）、持续时间，属一般裁量情形，', '')


def fail_D07_0(root):
    remove(root, 'correction-order')
    texts(root, 'decision', '，并责令你公司改正违法行为', '')
    renumber(root)


def fail_D07_1(root):
    texts(root, 'correction-order', '常州市生态环境局执法人员于2024年3月4日对你公司进行现场检查，'
          '发现你公司', '你公司')


def fail_D07_2(root):
    texts(root, 'correction-order', '位于常州市武进区工业大道18号的1号排气筒挥发性有机物超标排放'
          '（非甲烷总烃118mg/m³，限值60mg/m³）', '存在环境问题')


def fail_D07_3(root):
    texts(root, 'correction-order', '以上事实有现场检查（勘察）笔录、监测报告、调查询问笔录、现场照片'
          '等证据为证。', '')


def fail_D07_4(root):
    texts(root, 'correction-order', '你公司的上述行为违反了《中华人民共和国大气污染防治法》第十八条'
          '的规定。', '')


def fail_D07_5(root):
    drop(doc(root, 'correction-order'), 'basis')
    texts(root, 'correction-order', '依据《中华人民共和国大气污染防治法》第九十九条第二项的规定，', '')


def fail_D07_6(root):
    texts(root, 'correction-order', '逾期不改正的，本局将依法按日连续处罚。', '')


def fail_D08_0(root):
    remove(root, 'penalty-notice')
    renumber(root)


def fail_D08_1(root):
    texts(root, 'penalty-notice', '经查，你公司位于常州市武进区工业大道18号的1号排气筒，于2024年3月4日'
          '被监测到非甲烷总烃排放浓度118mg/m³，超过排放限值，属超标排放大气污染物。', '')
    texts(root, 'penalty-notice', '你公司的上述行为违反了', '你公司违反了')


def fail_D08_2(root):
    texts(root, 'penalty-notice', '以上事实有现场检查（勘察）笔录、监测报告、调查询问笔录、现场照片等'
          '证据为证。', '')


def fail_D08_3(root):
    texts(root, 'penalty-notice', '依据《中华人民共和国大气污染防治法》第九十九条第二项的规定，', '')


def fail_D08_4(root):
    n = doc(root, 'penalty-notice')
    drop(n, 'discretion')
    replace_text(n, '按照《江苏省生态环境行政处罚裁量基准规定》，', '')


def fail_D08_5(root):
    texts(root, 'penalty-notice', '联系人：陈静，联系电话：0519-85680000。', '')


def fail_D09_0(root):
    remove(root, 'hearing-notice')
    renumber(root)


def fail_D09_1(root):
    texts(root, 'hearing-notice', '本局定于2024年4月8日上午9时在本局三楼会议室公开举行听证。',
          '本局将举行听证。')


def fail_D09_2(root):
    drop(doc(root, 'hearing-notice'), 'person')
    texts(root, 'hearing-notice', '听证主持人：王明（常州市生态环境局法规科科长），记录员：吴芳'
          '（法规科科员）。', '')
    texts(root, 'hearing-notice', '有权申请主持人回避', '有权申请回避')


def fail_D09_3(root):
    texts(root, 'hearing-notice', '你公司有权申请主持人回避，可以委托一至二名代理人参加听证，需要变更'
          '听证时间的应当提前申请。', '')


def fail_D09_4(root):
    texts(root, 'hearing-notice', '请携带证据材料，委托代理人的应提前办理授权委托书，有证人的请通知'
          '证人出席作证。', '')


def fail_D10_0(root):
    # a hearing asked for and not held: 重大问题第15项 as well
    remove(root, 'hearing-record')
    renumber(root)


def fail_D10_1(root):
    hr = doc(root, 'hearing-record')
    drop(hr, "person[@role='presider']")
    replace_text(hr, '听证主持人王明，记录员吴芳。', '')


def fail_D10_2(root):
    hr = doc(root, 'hearing-record')
    drop(hr, "person[@role='representative']")
    drop(hr, "person[@role='agent']")
    replace_text(hr, '听证申请人常州恒达化工有限公司，法定代表人林伟，委托代理人何律师。', '')


def fail_D10_3(root):
    hr = doc(root, 'hearing-record')
    drop(hr, 'officer')
    replace_text(hr, '案件调查人刘强（执法证号SU32040010021）、陈静（执法证号SU32040010022）。',
                 '')


def fail_D10_4(root):
    texts(root, 'hearing-record', '调查人员陈述了当事人违法的事实、证据、处罚依据和处罚建议。', '')
    texts(root, 'hearing-record', '案件调查人刘强', '刘强')


def fail_D10_5(root):
    texts(root, 'hearing-record', '当事人对监测报告进行了质证，陈述、申辩称已更换活性炭，请求从轻'
          '处罚。', '')


def fail_D10_6(root):
    texts(root, 'hearing-record', '当事人最后陈述：请求考虑已及时整改。', '')


def fail_D10_7(root):
    doc(root, 'hearing-record').set('pages-signed', 'false')


def fail_D10_8(root):
    drop(doc(root, 'hearing-record'), "signature[@role='presider']")


def fail_D11_0(root):
    remove(root, 'decision')
    renumber(root)


def fail_D11_1(root):
    texts(root, 'decision', '经查，你公司位于常州市武进区工业大道18号的1号排气筒，于2024年3月4日'
          '被监测到非甲烷总烃排放浓度118mg/m³，超过排放限值，属超标排放大气污染物。', '')
    texts(root, 'decision', '你公司的上述行为违反了《中华人民共和国大气污染防治法》第十八条的规定。',
          '')
    texts(root, 'decision', '本局于2024年3月22日告知', '本局已告知')
    texts(root, 'decision', '本局于2024年4月8日举行听证', '本局举行了听证')


def fail_D11_2(root):
    texts(root, 'decision', '以上事实有现场检查（勘察）笔录、监测报告（常测（2024）第0311号）、调查'
          '询问笔录、现场照片等证据为证。', '')


def fail_D11_3(root):
    drop(root.find('decision'), 'violated')


def fail_D11_4(root):
    texts(root, 'decision', '本局于2024年3月22日告知你公司拟作出的处罚，你公司要求听证，本局于'
          '2024年4月8日举行听证。你公司申辩已更换活性炭，经复核，整改属于事后行为，不予采纳。', '')


def fail_D11_5(root):
    texts(root, 'decision', '按照《江苏省生态环境行政处罚裁量基准规定》，', '')
    d = root.find('decision/discretion')
    d.attrib.pop('benchmark')
    d.attrib.pop('benchmark-title')


def fail_D11_6(root):
    root.find('decision/penalty').set('amount', '')


def fail_D11_7(root):
    root.find('decision').attrib.pop('payment-days')
    texts(root, 'decision', '你公司应当自收到本决定书之日起十五日内将罚款缴至指定银行账户。', '')


def fail_D11_8(root):
    root.find('decision').remove(root.find('decision/remedy'))
    texts(root, 'decision', '如不服本决定，可以在收到本决定书之日起六十日内向常州市人民政府申请'
          '行政复议，也可以在六个月内向常州市天宁区人民法院提起行政诉讼。', '')


def fail_D11_9(root):
    texts(root, 'decision', '逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，并依法申请人民法院'
          '强制执行。', '')


def fail_D11_10(root):
    for d in (doc(root, 'decision'), root.find('decision')):
        d.set('date', '2024-06-28')
    for r in docs(root, 'service-receipt'):
        if r.get('serves') == doc(root, 'decision').get('id'):
            r.set('date', '2024-06-28')


def fail_D12_0(root):
    remove(root, 'demand-notice')
    renumber(root)


def fail_D12_1(root):
    dem = doc(root, 'demand-notice')
    dem.attrib.pop('deadline')
    replace_text(dem, '请于2024年5月30日前将罚款缴至指定银行账户。', '请尽快缴纳。')


def fail_D12_2(root):
    texts(root, 'demand-notice', '你公司有权进行陈述和申辩。', '')


def fail_D13_0(root):
    remove(root, 'enforcement-application')
    texts(root, 'closing-approval', '经催告后本局申请人民法院强制执行，罚款已执行到位',
          '经催告后仍未缴纳')
    renumber(root)


def fail_D13_1(root):
    texts(root, 'enforcement-application', '申请人：常州市生态环境局，法定代表人赵刚。', '')
    texts(root, 'enforcement-application', '被申请人：', '对方：')


def fail_D13_2(root):
    texts(root, 'enforcement-application', '被申请人：常州恒达化工有限公司，住所常州市武进区工业大道'
          '18号。', '')


def fail_D13_3(root):
    texts(root, 'enforcement-application', '申请理由：被申请人在法定期限内未申请行政复议或者提起行政'
          '诉讼，又不履行' + DECISION_NO + '行政处罚决定，经催告仍未履行。', '')


def fail_D13_4(root):
    texts(root, 'enforcement-application', '请求事项：请求人民法院强制执行罚款人民币250000元及加处'
          '罚款。', '')


def fail_D13_5(root):
    texts(root, 'enforcement-application', '附：行政处罚决定书、送达回证、催告书等材料。', '')


def fail_D14_0(root):
    remove(root, 'closing-approval')
    renumber(root)


def fail_D14_1(root):
    texts(root, 'closing-approval', '作出' + DECISION_NO + '行政处罚决定书，', '作出行政处罚决定，')


def fail_D14_2(root):
    texts(root, 'closing-approval', '当事人逾期未缴纳，经催告后本局申请人民法院强制执行，罚款已执行'
          '到位。', '')


def fail_D14_3(root):
    remove(root, 'enforcement-application')
    renumber(root)


# the basic elements

def fail_B1(root):
    drop(doc(root, 'correction-order'), 'seal')


def fail_B2(root):
    drop(doc(root, 'closing-approval'), "signature[@role='unit-head']")


def fail_B3(root):
    root.find('party').set('address', '')


def fail_B4(root):
    remove_receipt(root, doc(root, 'hearing-notice').get('id'))
    renumber(root)


def fail_B5(root):
    root.find('archive').set('cover', 'false')


def fail_R1(root):
    doc(root, 'inquiry-record').attrib.pop('end-time')


def fail_R2(root):
    doc(root, 'inspection-record').attrib.pop('recorder')


def fail_R3(root):
    drop(doc(root, 'inquiry-record'), 'person')


def fail_R4(root):
    doc(root, 'inspection-record').set('certificates-shown', 'false')


def fail_R5(root):
    doc(root, 'inquiry-record').set('rights-told', 'recusal statement defence')


def fail_R6(root):
    doc(root, 'inquiry-record').set('last-page-confirmed', 'false')


def fail_R7(root):
    drop(doc(root, 'inspection-record'), "signature[@role='recorder']")


def fail_R8(root):
    doc(root, 'inquiry-record').set('blank-struck', 'false')


def fail_R9(root):
    sub(doc(root, 'inspection-record'), 'correction',
        {'page': '2', 'mark': 'none', 'confirmed': 'false'})


def fail_X1(root):
    ex_transfer_bonus(root)
    by_id(root, 'd32').set('result', 'received')
    doc(root, 'inspection-record').set('blank-struck', 'true')


def fail_X2(root):
    ex_transfer_bonus(root)
    doc(root, 'inspection-record').set('blank-struck', 'true')
    tr = by_id(root, 'd31')
    tr.set('reason', 'crime')
    tr.set('title', '涉嫌环境犯罪案件移送书')
    by_id(root, 'd32').set('result', 'returned')


DEFECTS = {name[len('fail_'):].replace('_', '-'): fn
           for name, fn in sorted(globals().items())
           if name.startswith('fail_')}


# --------------------------------------------------------------------
# Writing

def write_examples(outdir):
    os.makedirs(outdir, exist_ok=True)
    for n, (stem, what, change) in enumerate(EXAMPLES):
        root = build_clean()
        if change:
            change(root)
            # each its own case: an archive of them is scored as one
            root.set('id', '%s-%02d' % (CASE_ID, n))
        comment = ('MEE 2024 一般行政处罚 example (rules/mee2024-general.xml, '
                   'examples/gen_mee.py): %s\ntests/rules/test_mee2024.py '
                   'computes its score by hand.' % what)
        with open(os.path.join(outdir, stem + '.xml'), 'wb') as f:
            f.write(g.to_bytes(root, comment))


def write_items(outdir):
    folder = os.path.join(outdir, CHECKLIST)
    os.makedirs(folder, exist_ok=True)
    for iid, change in sorted(DEFECTS.items()):
        root = build_clean()
        change(root)
        comment = ('Test case for %s item %s: the clean MEE case '
                   '(examples/cases/mee2024-clean.xml) changed by '
                   'examples/gen_mee.py fail_%s. Expected: %s fails.'
                   % (CHECKLIST, iid, iid.replace('-', '_'), iid))
        with open(os.path.join(folder, iid + '.xml'), 'wb') as f:
            f.write(g.to_bytes(root, comment))


def write_verdicts(outdir):
    os.makedirs(outdir, exist_ok=True)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<!--',
           '  A reviewer\'s verdicts on the items of rules/mee2024-general.xml',
           '  that only a person can decide (decide="reviewer"), for the clean',
           '  example examples/cases/mee2024-clean.xml: with them the case is',
           '  complete and scores 100 (docs/verdicts.md). Written by',
           '  examples/gen_mee.py (option verdicts).',
           '-->',
           '<verdicts xmlns="urn:casereview:verdicts:1" checklist="%s">'
           % CHECKLIST,
           '  <case id="%s">' % CASE_ID]
    reasons = {
        'V01R': '常州市生态环境局在本行政区域内实施行政处罚，属法定职权、管辖范围。',
        'V03': '营业执照、笔录、决定书中的当事人名称一致。',
        'V04': '处罚对象为排放大气污染物的生产单位，即违法主体。',
        'V05': '决定书认定的超标排放事实与监测报告、笔录一致。',
        'V06R': '现场检查笔录、采样记录、监测报告、询问笔录相互印证。',
        'V07': '当事人未提出无过错的证据。',
        'V08': '超标排放大气污染物的事实符合第十八条、第九十九条第二项。',
        'V10': '引用第十八条、第九十九条第二项准确，适用违法行为发生时的规定。',
        'V11': '未适用兜底条款。',
        'V15R': '听证后复核了当事人的申辩并在决定书中说明。',
        'D06-2': '调查报告事实清楚，与第九十九条第二项的描述一致。',
        'D06-3': '笔录、监测报告、照片形成证据链。'}
    for iid in PENDING_IN_CLEAN:
        out.append('    <verdict item="%s" result="passed" by="张评查" '
                   'at="2025-01-15T10:00:00+08:00">%s</verdict>'
                   % (iid, reasons[iid]))
    out += ['  </case>', '</verdicts>']
    with open(os.path.join(outdir, 'mee2024-clean-verdicts.xml'), 'w',
              encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--examples', metavar='DIR',
                    help='write the mee2024-*.xml examples to DIR')
    ap.add_argument('--items', metavar='DIR',
                    help='write DIR/%s/<ITEM>.xml, one per machine item'
                    % CHECKLIST)
    ap.add_argument('--verdicts', metavar='DIR',
                    help='write DIR/mee2024-clean-verdicts.xml')
    args = ap.parse_args(argv)
    if not (args.examples or args.items or args.verdicts):
        ap.error('give --examples, --items or --verdicts')
    if args.examples:
        write_examples(args.examples)
    if args.items:
        write_items(args.items)
    if args.verdicts:
        write_verdicts(args.verdicts)
    return 0


if __name__ == '__main__':
    sys.exit(main())
