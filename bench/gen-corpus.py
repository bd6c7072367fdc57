#!/usr/bin/env python3
"""gen-corpus.py — a seedable corpus of casefile/1 case files for the
benchmark, in three sizes:

  typical/   about 4.7 KB: a small general-procedure fine case;
  long/      about 41 KB: the same structure with long free text
             (facts, statements, reasons), as real exports have;
  extreme/   about 410 KB: a big case — ten times the investigation
             rounds, evidence items, officers and recordings of a long one
             (about five times its documents), with long text.

The same --seed gives byte-identical files.

A case without an injected defect is clean: it scores 100 against
rules/penalty-general.xml (no failed item, no veto). The generator reads
the checklist's reference data for that (rules/data/: the discretion
benchmark bands and laws, the evidence each cause needs, the working-day
calendar) and follows the rules: dates on working days within every
statutory period, certificates valid on every document's date, the fine
inside its benchmark band with the reasons stated, a notice stating the
intended penalty and its legal basis, statements reviewed in the decision,
legal review and collective discussion where the fine calls for them.

About 30 % of the cases carry one or two typical defects, so findings and
their messages are exercised as in real use: each `defect()` site fires
with its own probability per case (1-5 %; at most two per case) and
breaks one node of its kind (one officer, one document, one evidence item,
one recording), whatever the size class. See DEFECTS below for the sites,
their rates and the items they fail.

    gen-corpus.py --out DIR [--seed N] [--typical N] [--long N] [--extreme N]
                  [--casefile 1.1]

--casefile 1.1 writes the same cases as casefile/1.1 (what 1.1 adds, from
examples/casefile11.py); they score exactly as the casefile/1 ones. The
default is casefile/1, byte for byte as before.

--no-defects (not shown in --help) injects none: every case then scores
100, which is how the generator is checked against the checklist. A case
that draws no defect is byte-identical with or without it.
"""

import argparse
import datetime
import os
import random
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "rules", "data")
sys.path.insert(0, os.path.join(HERE, "..", "examples"))
import casefile11  # noqa: E402

ORG_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海峰波辉鹏飞宇浩然子轩晨阳欣怡思雨"

# cause code -> title; the benchmark (levels, violated and basis articles)
# and the evidence it needs come from rules/data/
CAUSES = [
    ("FOOD-034", "经营超过保质期的食品"),
    ("PRICE-013", "不明码标价"),
    ("FIRE-060-3", "占用、堵塞、封闭疏散通道、安全出口"),
    ("FOOD-125-2", "经营标签不符合规定的预包装食品"),
]

# 裁量理由 per level (item L9); a mitigated one names its Art 32 ground
# (L10). An exempt level (不予处罚) imposes no fine and is not generated.
LEVEL_REASONS = {
    "mitigated": "当事人主动消除违法行为危害后果，依法减轻处罚。",
    "lighter": "当事人初次违法，主动改正，依法从轻处罚。",
    "general": "无从轻、减轻或者从重情节，按一般阶次处罚。",
    "heavier": "一年内再次违法且拒不改正，依法从重处罚。",
}

CN_UPPER = "零壹贰叁肆伍陆柒捌玖"

# the decision's own remedy text (D8): periods and, from 2024, the
# same-level government as the review body
REMEDY = ("如不服本处罚决定，可在收到本决定书之日起六十日内向枣庄市市中区人民政府"
          "申请行政复议，或者六个月内依法向枣庄市市中区人民法院提起行政诉讼。")

SENTENCES = [
    "执法人员依法向当事人出示了行政执法证件，告知了当事人享有的权利和义务。",
    "经查，当事人在其经营场所的货架上陈列销售的部分食品已超过标注的保质期。",
    "当事人对上述违法事实无异议，并在现场检查笔录上签字确认。",
    "执法人员对现场进行了拍照和全程音像记录，提取了相关证据材料。",
    "当事人称系店员疏忽未及时清理过期商品，没有主观故意，请求从轻处理。",
    "上述事实有现场检查笔录、询问笔录、营业执照复印件、进货单据及照片等证据证明。",
    "当事人的行为违反了相关法律规定，依法应当给予行政处罚。",
    "本机关综合考虑当事人违法行为的事实、性质、情节以及社会危害程度，依据裁量基准作出决定。",
    "当事人应当自收到本决定书之日起十五日内将罚款缴至指定银行，逾期不缴纳的每日按罚款数额的百分之三加处罚款。",
    REMEDY,
    "经询问，当事人承认自二〇二四年一月起开始经营上述商品，共计销售若干件，违法所得尚无法核实。",
    "执法人员当场责令当事人改正违法行为，立即下架并封存涉案商品，当事人表示配合。",
    "现场共发现涉案商品若干批次，执法人员逐一清点登记，制作了物品清单，由当事人核对签字。",
    "当事人提交了书面陈述材料，提出其已主动消除违法行为危害后果，请求减轻处罚。",
    "经复核，当事人提出的陈述申辩理由部分成立，本机关予以采纳。",
]
# filler for a decision whose required contents were left out (defect
# 'decision-text-incomplete'): none of these says what D5-D8, L12 or P23
# look for (evidence, payment terms, surcharge, remedies, correction,
# statements)
NEUTRAL = [0, 1, 4, 6, 7, 10, 12]
STATEMENT_REVIEWED = "经复核，当事人陈述申辩理由不能成立，不予采纳。"

# Defect sites: name -> (probability per case, items it fails). The rates
# are per case, not per node: a site that fires breaks one node of its kind.
# Conditional sites draw only where they apply (a hearing, a legal review,
# a fine that gives the right to a hearing). At most two fire in a case.
DEFECTS = {
    "fine-outside-band":        (0.025, "L8"),
    "decision-before-notice":   (0.008, "P5 P7 (vetoes) P19, P13 after a hearing"),
    "late-decision-service":    (0.025, "P16"),
    "bad-party-id":             (0.02, "E2"),
    "hearing-right-not-told":   (0.05, "P8 (veto; of cases with the right)"),
    "no-hearing-notice":        (0.05, "P10 (of cases with a hearing)"),
    "review-no-opinion":        (0.03, "P12, P11 veto where review is required "
                                       "(of cases with a legal review)"),
    "decision-text-incomplete": (0.02, "D5 D6 D7 D8 L12, P23 with a statement"),
    "amount-text-mismatch":     (0.015, "D9"),
    "bad-number":               (0.02, "D1"),
    "single-officer":           (0.025, "S3"),
    "expired-certificate":      (0.02, "S4"),
    "no-certificate":           (0.015, "S2"),
    "certificates-not-shown":   (0.025, "S5"),
    "evidence-after-decision":  (0.015, "E9"),
    "evidence-unconfirmed":     (0.02, "E8"),
    "single-collector":         (0.025, "E7"),
    "recording-empty":          (0.02, "P21"),
}
MAX_DEFECTS = 2


# --------------------------------------------------------------------
# Reference data of the checklist (rules/data/)

HOLIDAYS, WORKDAYS = set(), set()
CAL_RANGE = []
BENCHMARKS = {}   # code -> dict(violated=(law, art), basis=(law, art), levels)
EVIDENCE = {}     # cause code or None (default) -> [required types]


def load_data():
    ns = "{urn:casereview:calendar:1}"
    root = ET.parse(os.path.join(DATA, "cn-workdays.xml")).getroot()
    CAL_RANGE[:] = [datetime.date.fromisoformat(root.get("from")),
                    datetime.date.fromisoformat(root.get("to"))]
    for el in root.iter(ns + "holiday"):
        HOLIDAYS.add(datetime.date.fromisoformat(el.get("date")))
    for el in root.iter(ns + "workday"):
        WORKDAYS.add(datetime.date.fromisoformat(el.get("date")))

    def law_art(s):
        law, art = s.split("》", 1)
        return law + "》", art
    root = ET.parse(os.path.join(DATA, "discretion-benchmarks.xml")).getroot()
    for bm in root.iter("benchmark"):
        BENCHMARKS[bm.get("code")] = dict(
            cause=bm.get("cause"), violated=law_art(bm.get("violated")),
            basis=law_art(bm.get("basis")),
            levels=[(lv.get("id"), int(lv.get("min")), int(lv.get("max")))
                    for lv in bm.iter("level")])
    root = ET.parse(os.path.join(DATA, "evidence-requirements.xml")).getroot()
    EVIDENCE[None] = [r.get("type") for r in root.find("default")]
    for c in root.iter("cause"):
        EVIDENCE[c.get("code")] = [r.get("type") for r in c]
    for code, _ in CAUSES:
        if BENCHMARKS.get(code, {}).get("cause") != code:
            sys.exit("gen-corpus.py: no discretion benchmark for %s in %s"
                     % (code, DATA))


def is_workday(d):
    if not CAL_RANGE[0] <= d <= CAL_RANGE[1]:
        sys.exit("gen-corpus.py: %s is outside the working-day calendar" % d)
    if d in WORKDAYS:
        return True
    return d.weekday() < 5 and d not in HOLIDAYS


def add_wd(d, n):
    """The n-th working day after d (d itself when n == 0)."""
    while n > 0:
        d += datetime.timedelta(days=1)
        if is_workday(d):
            n -= 1
    return d


def next_workday(d):
    while not is_workday(d):
        d += datetime.timedelta(days=1)
    return d


def days(d, n):
    return d + datetime.timedelta(days=n)


# --------------------------------------------------------------------
# Identity numbers, amounts, text

def check_char_credit(body):
    s = sum(ORG_CHARSET.index(c) * w for c, w in zip(body, ORG_WEIGHTS))
    return ORG_CHARSET[(31 - s % 31) % 31]


def credit_code(rng, valid=True):
    body = "91" + "".join(rng.choice("0123456789") for _ in range(6)) + \
        "".join(rng.choice(ORG_CHARSET) for _ in range(9))
    c = check_char_credit(body)
    if not valid:
        c = ORG_CHARSET[(ORG_CHARSET.index(c) + 1) % 31]
    return body + c


def resident_id(rng, birth, valid=True):
    body = "370402" + birth.strftime("%Y%m%d") + "%03d" % rng.randrange(1000)
    s = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS))
    c = "10X98765432"[s % 11]
    if not valid:
        c = "10X98765432"[(s + 1) % 11]
    return body + c


def cn_amount(n):
    """Upper-case Chinese money text for whole yuan under 10^8."""
    if n == 0:
        return "人民币零元整"
    out = []
    wan, rest = divmod(n, 10000)

    def four(v, lead):
        s, zero = "", False
        for i, u in zip(range(3, -1, -1), ["仟", "佰", "拾", ""]):
            d = (v // 10 ** i) % 10
            if d == 0:
                zero = bool(s) or lead
                continue
            if zero:
                s += "零"
                zero = False
            s += CN_UPPER[d] + u
        return s
    if wan:
        out.append(four(wan, False) + "万")
    if rest:
        out.append(four(rest, bool(wan) and rest < 1000))
    return "人民币" + "".join(out) + "元整"


def name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN)
                                          for _ in range(rng.randint(1, 2)))


def text_of(rng, size, pool=None):
    """Free text of about SIZE bytes (UTF-8) built from SENTENCES."""
    parts, n = [], 0
    while n < size:
        s = SENTENCES[rng.choice(pool)] if pool else rng.choice(SENTENCES)
        parts.append(s)
        n += len(s.encode())
    return "".join(parts)


def iso(d):
    return d.strftime("%Y-%m-%d")


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


# --------------------------------------------------------------------
# Cases

# documents that list their officers (approval forms, receipts and the
# like list none)
WITH_OFFICERS = ("inspection-record", "inquiry-record", "sampling-record",
                 "preservation-notice", "seizure-decision", "hearing-record",
                 "investigation-report", "decision")
# the checklist's $inv: investigation documents
INVESTIGATION = ("inspection-record", "inquiry-record", "sampling-record",
                 "preservation-notice", "seizure-decision", "hearing-record")


class Doc:
    def __init__(self, kind, title, date, base, lead="", numbered=False,
                 attrs=()):
        self.kind, self.title, self.date = kind, title, date
        self.base, self.lead, self.numbered = base, lead, numbered
        self.attrs = list(attrs)     # (name, value), in output order
        self.officers = []
        self.pool = None             # filler sentences (None: all)
        self.number = None
        self.note = False            # a refused signature, explained

    def set(self, key, value):
        for i, (k, _) in enumerate(self.attrs):
            if k == key:
                self.attrs[i] = (k, value)
                return
        self.attrs.append((key, value))


class Case:
    def __init__(self, rng, serial, kind, defects=True):
        self.rng = rng
        self.serial = serial
        self.kind = kind          # typical | long | extreme
        self.defects = defects
        self.injected = []
        self.out = []

    def w(self, line):
        self.out.append(line)

    def defect(self, site):
        """Whether defect SITE is injected into this case (DEFECTS[site]
        rate). The draw is made even with --no-defects, so that a case
        that draws none is the same either way."""
        hit = self.rng.random() < DEFECTS[site][0]
        if not hit or not self.defects or len(self.injected) >= MAX_DEFECTS:
            return False
        self.injected.append(site)
        return True

    def text_size(self, base):
        if self.kind == "typical":
            return 0        # no free text: only what a document must say
        return base * 24 if self.kind == "long" else base * 60

    def build(self):
        rng = self.rng
        scale = 10 if self.kind == "extreme" else 1
        year = rng.choice([2023, 2024])
        code, ctitle = rng.choice(CAUSES)
        bm = BENCHMARKS[code]
        vlaw, violated = bm["violated"]
        blaw, basis = bm["basis"]
        level, lmin, lmax = rng.choice([lv for lv in bm["levels"]
                                        if lv[0] in LEVEL_REASONS])
        lo = lmin if lmin > 0 else 100          # no fine of nothing
        amount = rng.randrange(lo, lmax + 1, 100) if lmax > lo else lo
        if self.defect("fine-outside-band"):
            amount = lmax + 1000
        org = rng.random() < 0.7
        hearing = rng.random() < 0.3
        statement = rng.random() < 0.4
        review = (amount >= 50000 or hearing or rng.random() < 0.5)
        collective = amount >= 100000 or rng.random() < 0.2
        eligible = amount >= (100000 if org else 10000)

        # timeline: every document on a working day, within its period
        src = next_workday(datetime.date(year, rng.randint(1, 9),
                                         rng.randint(1, 28)))
        filing = add_wd(src, rng.randint(1, 8))        # P2: 15 working days
        inv = add_wd(filing, rng.randint(1, 4))
        rounds = [add_wd(inv, i) for i in range(scale)]
        report = add_wd(rounds[-1], rng.randint(2, 8))
        notice = add_wd(report, rng.randint(1, 3))
        served = add_wd(notice, rng.randint(0, 2))
        said = add_wd(served, rng.randint(1, 4))       # inside the period
        ready = add_wd(served, 5)                       # P7: period over
        if hearing:
            hreq = add_wd(served, rng.randint(1, 3))
            hn = add_wd(hreq, rng.randint(1, 3))
            hday = add_wd(hn, rng.randint(7, 9))       # P10: 7 working days
            ready = max(ready, hday)
        rday = add_wd(ready, rng.randint(1, 3))         # P13: after hearing
        cday = add_wd(rday if review else ready, 1)
        dday = add_wd(cday if collective else rday if review else ready,
                      rng.randint(1, 3))
        if self.defect("decision-before-notice"):
            dday = days(notice, -2)
            rday, cday = days(dday, -2), days(dday, -1)
        if self.defect("late-decision-service"):
            dserved = add_wd(dday, rng.randint(8, 15))
        else:
            dserved = add_wd(dday, rng.randint(1, 3))  # P16: 7 working days
        paid = next_workday(days(dserved, rng.randint(1, 12)))   # P18
        disc = add_wd(dday, rng.randint(1, 7))          # P22: 7 working days
        closed = add_wd(max(paid, disc), rng.randint(2, 15))

        cid = "370402-SJJ-%d-%06d" % (year, self.serial)
        self.w('<?xml version="1.0" encoding="UTF-8"?>')
        self.w('<case format="casefile/1" id="%s">' % cid)
        self.w('  <agency code="370402-SJJ" name="枣庄市市中区市场监督管理局"/>')
        self.w("  <procedure>general</procedure>")
        self.w('  <source kind="%s" date="%s"/>'
               % (rng.choice(["inspection", "complaint", "referral"]), iso(src)))
        self.w('  <cause code="%s">%s</cause>' % (code, ctitle))
        pname = ("枣庄市%s商贸有限公司" % name(rng)) if org else name(rng)
        if org:
            self.w('  <party kind="organization" name="%s" id-type="credit-code" '
                   'id="%s" address="山东省枣庄市市中区光明路%d号" '
                   'representative="%s"/>'
                   % (pname, credit_code(rng, not self.defect("bad-party-id")),
                      rng.randint(1, 999), name(rng)))
        else:
            birth = datetime.date(rng.randint(1960, 2000), rng.randint(1, 12),
                                  rng.randint(1, 28))
            self.w('  <party kind="individual" name="%s" id-type="resident-id" '
                   'id="%s" address="山东省枣庄市市中区文化路%d号"/>'
                   % (pname, resident_id(rng, birth,
                                         not self.defect("bad-party-id")),
                      rng.randint(1, 999)))

        # officers: certificates valid long after the case (S4, S6)
        pool = ["o%d" % i for i in range(1, 3 * scale + 1)]
        officers = {}
        for o in pool:
            exp = datetime.date(year + rng.randint(2, 4), rng.randint(1, 12), 28)
            cert = "LU3704%07d" % rng.randrange(10 ** 7)
            officers[o] = [name(rng), cert, exp]
        names = {v[0] for v in officers.values()}

        # documents, in file order
        docs = []
        recs = []

        def add(doc, n_officers=2):
            if doc.kind in WITH_OFFICERS:
                doc.officers = rng.sample(pool, min(n_officers, len(pool)))
            docs.append(doc)
            return doc

        def recording(doc):
            rid = "rec%d" % (len(recs) + 1)
            recs.append(rid)
            doc.set("recording", rid)

        if self.kind != "typical":
            add(Doc("case-source", "案件来源登记表", src, 60))
        add(Doc("filing-approval", "立案审批表", filing, 40, numbered=True,
                attrs=[("approved-by", name(rng))]))
        for i, d in enumerate(rounds):
            ins = add(Doc("inspection-record", "现场检查笔录", d, 150))
            refused = rng.random() < 0.06      # a valid variant, not a defect
            ins.set("party-signed", "refused" if refused else "true")
            ins.set("certificates-shown", "true")
            recording(ins)
            ins.note = refused
            for _ in range(1 if self.kind == "typical" else 2):
                inq = add(Doc("inquiry-record", "询问笔录", d, 200,
                              attrs=[("party-signed", "true"),
                                     ("certificates-shown", "true")]))
                recording(inq)
            if i % 3 == 0 and self.kind != "typical":
                add(Doc("sampling-record", "抽样取证凭证", d, 0,
                        attrs=[("party-signed", "true")]))
        add(Doc("investigation-report", "案件调查终结报告", report, 120))
        pn = add(Doc("penalty-notice", "行政处罚告知书", notice, 120,
                     lead="本机关拟依据%s%s对你（单位）处以罚款。"
                     % (blaw, basis), numbered=True,
                     attrs=[("informs-statement", "true"),
                            ("informs-hearing", "true")]))
        if eligible and self.defect("hearing-right-not-told"):
            pn.set("informs-hearing", "false")
        add(Doc("service-receipt", "送达回证", served, 0,
                attrs=[("served", "penalty-notice"), ("method", "direct"),
                       ("recipient-signed", "true")]))
        if statement:
            add(Doc("statement-record", "陈述申辩笔录", said, 100))
        if hearing:
            add(Doc("hearing-request", "听证申请", hreq, 0))
            if not self.defect("no-hearing-notice"):
                add(Doc("hearing-notice", "听证通知书", hn, 0, numbered=True))
            hr = add(Doc("hearing-record", "听证笔录", hday, 200,
                         attrs=[("party-signed", "true")]))
            recording(hr)
        if review:
            reviewer = name(rng)
            while reviewer in names:                  # S7: not an investigator
                reviewer = name(rng)
            lr = add(Doc("legal-review", "法制审核意见书", rday, 80,
                         attrs=[("reviewer", reviewer),
                                ("reviewer-qualified", "true"),
                                ("opinion", "agree")]))
            if self.defect("review-no-opinion"):
                lr.set("opinion", "")
        if collective:
            add(Doc("collective-discussion", "重大案件集体讨论记录", cday, 80))
        # what D5-D8, L12 and P23 look for: correction ordered, evidence,
        # payment within 15 days, the 3 % surcharge, statements reviewed,
        # the remedies with the review body
        if self.kind == "typical":
            lead = "责令当事人立即改正，有笔录等证据证明。"
            pay = "罚款应于十五日内缴至指定银行，逾期每日按罚款数额的百分之三加处罚款。"
        else:
            lead = SENTENCES[11] + SENTENCES[5]
            pay = SENTENCES[8]
        if statement:
            lead += STATEMENT_REVIEWED
        lead += pay + REMEDY
        dec = add(Doc("decision", "行政处罚决定书", dday, 300, lead=lead,
                      numbered=True))
        if self.defect("decision-text-incomplete"):
            dec.lead, dec.pool = "", NEUTRAL
        mail = rng.random() < 0.06             # a valid variant, not a defect
        add(Doc("service-receipt", "送达回证", dserved, 0,
                attrs=[("served", "decision"),
                       ("method", "mail" if mail else "direct"),
                       ("recipient-signed", "true")]))
        if scale > 1:
            for i in range(scale * 3):
                add(Doc("service-receipt", "送达回证", dserved, 0,
                        attrs=[("served", "other"), ("method", "direct"),
                               ("recipient-signed", "true")]))
        add(Doc("payment-receipt", "罚没款票据", paid, 0, numbered=True))
        add(Doc("closing-approval", "结案审批表", closed, 40))

        # numbers: agency code, the document's year, serial (D1-D3)
        numbered = [d for d in docs if d.numbered]
        for no, d in enumerate(numbered, 1):
            abbr = "鲁财" if d.kind == "payment-receipt" else "枣市监"
            d.number = "%s〔%d〕%d号" % (abbr, d.date.year, self.serial * 100 + no)
        if self.defect("bad-number"):
            no = rng.randrange(len(numbered))
            abbr = "鲁财" if numbered[no].kind == "payment-receipt" else "枣市监"
            numbered[no].number = "%s罚字%d号" % (abbr, no + 1)

        # officer defects. The first inquiry record is never touched, so
        # some investigation document keeps two valid officers (no S6 veto).
        inv_docs = [d for d in docs if d.kind in INVESTIGATION]
        keep = next(d for d in inv_docs if d.kind == "inquiry-record")
        others = [d for d in inv_docs if d is not keep]
        if self.defect("single-officer"):
            rng.choice(others).officers[1:] = []
        bad = None
        if self.defect("expired-certificate"):
            bad = rng.choice(rng.choice(others).officers)
            officers[bad][2] = datetime.date(year - 1, 6, 30)
        elif self.defect("no-certificate"):
            bad = rng.choice(rng.choice(others).officers)
            officers[bad][1] = ""
        if bad in keep.officers:
            spare = [o for o in pool if o != bad and o not in keep.officers]
            keep.officers[keep.officers.index(bad)] = rng.choice(spare)
        if self.defect("certificates-not-shown"):
            rng.choice([d for d in inv_docs if d.kind in (
                "inspection-record", "inquiry-record")]).set(
                    "certificates-shown", "false")

        self.w("  <officers>")
        for o in pool:
            n, cert, exp = officers[o]
            self.w('    <officer id="%s" name="%s" certificate="%s" '
                   'certificate-expires="%s"/>' % (o, n, cert, iso(exp)))
        self.w("  </officers>")

        self.w("  <documents>")
        for d in docs:
            self.write_doc(d)
        self.w("  </documents>")

        # evidence: the kinds the cause needs first (E5)
        types = ["documentary", "physical", "audiovisual", "record",
                 "party-statement", "witness", "electronic", "expert-opinion"]
        titles = {"documentary": "营业执照复印件" if org else "身份证复印件",
                  "physical": "涉案商品",
                  "audiovisual": "现场照片及录像", "record": "现场检查笔录",
                  "party-statement": "当事人询问笔录", "witness": "证人证言",
                  "electronic": "销售记录截图", "expert-opinion": "检验报告"}
        if self.kind == "typical":
            kinds = list(EVIDENCE.get(code, EVIDENCE[None]))
            if len(kinds) < 4:
                kinds.append(rng.choice([t for t in types if t not in kinds]))
        else:
            # every kind (a sampling record needs its report, E12)
            kinds = [types[i % len(types)] if i < 8 else rng.choice(types)
                     for i in range(8 * scale)]
        items = []
        for i, t in enumerate(kinds):
            items.append([t, inv, "true", rng.sample(pool, 2)])
        if self.defect("evidence-after-decision"):
            rng.choice(items)[1] = days(dday, 3)
        if self.defect("evidence-unconfirmed"):
            rng.choice([it for it in items if it[0] != "expert-opinion"])[2] = \
                "false"
        if self.defect("single-collector"):
            rng.choice(items)[3][1:] = []
        self.w("  <evidence>")
        for i, (t, coll, conf, who) in enumerate(items):
            self.w('    <item id="e%d" type="%s" title="%s" source="%s" '
                   'collected="%s" confirmed="%s">'
                   % (i + 1, t, titles[t], "当事人提供" if i % 2 else "现场提取",
                      iso(coll), conf))
            for o in who:
                self.w('      <collector ref="%s"/>' % o)
            self.w("    </item>")
        self.w("  </evidence>")

        self.w('  <decision date="%s">' % iso(dday))
        ctext = cn_amount(amount + 1) if self.defect("amount-text-mismatch") \
            else cn_amount(amount)
        self.w('    <penalty kind="fine" amount="%d" amount-text="%s"/>'
               % (amount, ctext))
        self.w('    <violated law="%s" article="%s"/>' % (vlaw, violated))
        self.w('    <basis law="%s" article="%s"/>' % (blaw, basis))
        reason = LEVEL_REASONS[level]
        reason += text_of(rng, self.text_size(60) - len(reason.encode()))
        self.w('    <discretion benchmark="%s" level="%s" min="%d" max="%d">%s</discretion>'
               % (code, level, lmin, lmax, esc(reason)))
        self.w('    <remedy review-days="60" litigation-months="6"/>')
        self.w("  </decision>")
        self.w('  <disclosure date="%s" channel="国家企业信用信息公示系统"/>' % iso(disc))
        durations = [rng.randint(300, 7200) for _ in recs]
        if self.defect("recording-empty"):
            durations[rng.randrange(len(recs))] = 0
        self.w("  <recordings>")
        for r, dur in zip(recs, durations):
            self.w('    <recording id="%s" kind="video" duration-seconds="%d"/>'
                   % (r, dur))
        self.w("  </recordings>")
        self.w('  <archive closed="%s" pages="%d" index="true"/>'
               % (iso(closed), rng.randint(20, 300)))
        self.w("</case>")
        return "\n".join(self.out) + "\n"

    def write_doc(self, d):
        a = "".join(' %s="%s"' % (k, esc(str(v))) for k, v in
                    ([("number", d.number)] if d.number else []) + d.attrs)
        self.w('    <document kind="%s" title="%s" date="%s"%s>'
               % (d.kind, d.title, iso(d.date), a))
        for o in d.officers:
            self.w('      <officer ref="%s"/>' % o)
        size = self.text_size(d.base)
        if d.lead or size:
            self.w("      <text>%s</text>"
                   % esc(d.lead + text_of(self.rng, size - len(d.lead.encode()),
                                          d.pool)))
        if d.note:
            self.w("      <note>当事人拒绝签字，执法人员已在笔录中注明并全程录像。</note>")
        self.w("    </document>")


def to_1_1(data):
    root = casefile11.upgrade(ET.fromstring(data))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' +
            ET.tostring(root, encoding="unicode") + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--typical", type=int, default=1000)
    ap.add_argument("--long", type=int, default=100)
    ap.add_argument("--extreme", type=int, default=10)
    ap.add_argument("--no-defects", action="store_true",
                    help=argparse.SUPPRESS)
    ap.add_argument("--casefile", choices=("1", "1.1"), default="1",
                    help="the casefile version to write (default 1)")
    args = ap.parse_args()
    load_data()
    for kind, count, base in (("typical", args.typical, 0),
                              ("long", args.long, 50000),
                              ("extreme", args.extreme, 90000)):
        d = os.path.join(args.out, kind)
        os.makedirs(d, exist_ok=True)
        for i in range(count):
            serial = base + i + 1
            # one generator per file: a file does not depend on the counts
            rng = random.Random("%d/%s/%d" % (args.seed, kind, i))
            data = Case(rng, serial, kind, not args.no_defects).build()
            if args.casefile == "1.1":
                data = to_1_1(data)
            with open(os.path.join(d, "case-%05d.xml" % (i + 1)), "w",
                      encoding="utf-8") as f:
                f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
