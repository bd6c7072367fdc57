#!/usr/bin/env python3
"""gen-corpus.py — a seedable corpus of casefile/1 case files for the
benchmark, in three sizes:

  typical/   about 4 KB: a small general-procedure fine case;
  long/      about 40 KB: the same structure with long free text
             (facts, statements, reasons), as real exports have;
  extreme/   about 400 KB: a big case — ten times the documents, evidence
             items, officers and recordings of a long one, with long text.

The same --seed gives byte-identical files. Cases are plausible rather than
perfect: a fraction carry typical defects (one officer, missing hearing
notice, late service, bad document number, ...), so findings and their
messages are exercised as in real use.

    gen-corpus.py --out DIR [--seed N] [--typical N] [--long N] [--extreme N]
"""

import argparse
import datetime
import os
import random
import sys

ORG_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海峰波辉鹏飞宇浩然子轩晨阳欣怡思雨"

CAUSES = [
    # code, title, benchmark levels (id, min, max), law
    ("FOOD-034", "经营超过保质期的食品",
     [("lighter", 50000, 65000), ("general", 65000, 85000),
      ("heavier", 85000, 100000), ("mitigated", 20000, 50000)],
     "《中华人民共和国食品安全法》", "第三十四条第十项", "第一百二十四条第一款第五项"),
    ("PRICE-013", "不明码标价",
     [("general", 1000, 5000), ("lighter", 500, 1000)],
     "《中华人民共和国价格法》", "第十三条第一款", "第四十二条"),
    ("FIRE-060-3", "占用、堵塞、封闭疏散通道、安全出口",
     [("general", 5000, 20000), ("heavier", 20000, 50000)],
     "《中华人民共和国消防法》", "第二十八条", "第六十条第一款第三项"),
    ("OTHER-001", "未按规定办理登记",
     [("general", 2000, 10000)],
     "《市场主体登记管理条例》", "第三条", "第四十三条"),
]

DIGITS = "零一二三四五六七八九"
CN_UPPER = "零壹贰叁肆伍陆柒捌玖"

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
    "如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内依法提起行政诉讼。",
    "经询问，当事人承认自二〇二四年一月起开始经营上述商品，共计销售若干件，违法所得尚无法核实。",
    "执法人员当场责令当事人改正违法行为，立即下架并封存涉案商品，当事人表示配合。",
    "现场共发现涉案商品若干批次，执法人员逐一清点登记，制作了物品清单，由当事人核对签字。",
    "当事人提交了书面陈述材料，提出其已主动消除违法行为危害后果，请求减轻处罚。",
    "经复核，当事人提出的陈述申辩理由部分成立，本机关予以采纳。",
]


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
    units = ["", "拾", "佰", "仟"]
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
    del units
    if wan:
        out.append(four(wan, False) + "万")
    if rest:
        out.append(four(rest, bool(wan) and rest < 1000))
    return "人民币" + "".join(out) + "元整"


def name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN)
                                          for _ in range(rng.randint(1, 2)))


def text_of(rng, size):
    """Free text of about SIZE bytes (UTF-8) built from SENTENCES."""
    parts, n = [], 0
    while n < size:
        s = rng.choice(SENTENCES)
        parts.append(s)
        n += len(s.encode())
    return "".join(parts)


def iso(d):
    return d.strftime("%Y-%m-%d")


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


class Case:
    def __init__(self, rng, serial, kind):
        self.rng = rng
        self.serial = serial
        self.kind = kind          # typical | long | extreme
        self.out = []
        self.docno = 0

    def w(self, line):
        self.out.append(line)

    def defect(self, p=0.06):
        return self.rng.random() < p

    def number(self, year, abbr="枣市监"):
        self.docno += 1
        if self.defect(0.03):
            return "%s罚字%d号" % (abbr, self.docno)
        return "%s〔%d〕%d号" % (abbr, year, self.serial * 100 + self.docno)

    def text_size(self, base):
        if self.kind == "typical":
            return base // 2 if base >= 200 else 0  # short texts only
        return base * 24 if self.kind == "long" else base * 60

    def officers_of(self, pool, n):
        return self.rng.sample(pool, min(n, len(pool)))

    def doc(self, kind, title, date, pool, text_base, officers=2, lead="",
            **attrs):
        rng = self.rng
        a = "".join(' %s="%s"' % (k.replace("_", "-"), esc(str(v)))
                    for k, v in attrs.items() if v is not None)
        self.w('    <document kind="%s" title="%s" date="%s"%s>'
               % (kind, title, iso(date), a))
        # approval forms, receipts and the like list no officers
        if kind not in ("inspection-record", "inquiry-record", "sampling-record",
                        "preservation-notice", "seizure-decision",
                        "hearing-record", "investigation-report", "decision"):
            officers = 0
        n = officers if not self.defect(0.04) else min(officers, 1)
        for o in self.officers_of(pool, n):
            self.w('      <officer ref="%s"/>' % o)
        if self.text_size(text_base):
            size = self.text_size(text_base)
            self.w("      <text>%s</text>"
                   % esc(lead + text_of(rng, size - len(lead.encode()))))
        if attrs.get("party_signed") == "refused":
            self.w("      <note>当事人拒绝签字，执法人员已在笔录中注明并全程录像。</note>")
        self.w("    </document>")

    def build(self):
        rng = self.rng
        scale = 10 if self.kind == "extreme" else 1
        year = rng.choice([2023, 2024])
        cause = rng.choice(CAUSES)
        code, ctitle, levels, law, violated, basis = cause
        level, lmin, lmax = rng.choice(levels)
        amount = rng.randrange(lmin, lmax + 1, 100) if lmax > lmin else lmin
        if self.defect():
            amount = lmax + 1000
        org = rng.random() < 0.7
        cid = "370402-SJJ-%d-%06d" % (year, self.serial)
        src = datetime.date(year, rng.randint(1, 9), rng.randint(1, 28))
        filing = src + datetime.timedelta(days=rng.randint(1, 12))
        inv = filing + datetime.timedelta(days=rng.randint(1, 10))
        notice = inv + datetime.timedelta(days=rng.randint(10, 40))
        served = notice + datetime.timedelta(days=rng.randint(0, 3))
        hearing = rng.random() < 0.3
        dday = served + datetime.timedelta(days=rng.randint(8, 20) +
                                           (25 if hearing else 0))
        if self.defect(0.03):
            dday = notice - datetime.timedelta(days=2)
        dserved = dday + datetime.timedelta(days=rng.randint(1, 5 if not
                                                              self.defect()
                                                              else 20))
        paid = dserved + datetime.timedelta(days=rng.randint(1, 14))
        closed = paid + datetime.timedelta(days=rng.randint(3, 30))

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
                   % (pname, credit_code(rng, not self.defect()),
                      rng.randint(1, 999), name(rng)))
        else:
            birth = datetime.date(rng.randint(1960, 2000), rng.randint(1, 12),
                                  rng.randint(1, 28))
            self.w('  <party kind="individual" name="%s" id-type="resident-id" '
                   'id="%s" address="山东省枣庄市市中区文化路%d号"/>'
                   % (pname, resident_id(rng, birth, not self.defect()),
                      rng.randint(1, 999)))

        pool = ["o%d" % i for i in range(1, 3 * scale + 1)]
        self.w("  <officers>")
        for o in pool:
            exp = datetime.date(year + rng.randint(1, 4), rng.randint(1, 12), 28)
            if self.defect(0.03):
                exp = datetime.date(year - 1, 6, 30)
            cert = "" if self.defect(0.02) else "LU3704%07d" % rng.randrange(10 ** 7)
            self.w('    <officer id="%s" name="%s" certificate="%s" '
                   'certificate-expires="%s"/>' % (o, name(rng), cert, iso(exp)))
        self.w("  </officers>")

        recs = []
        self.w("  <documents>")
        if self.kind != "typical":
            self.doc("case-source", "案件来源登记表", src, pool, 60)
        self.doc("filing-approval", "立案审批表", filing, pool, 40,
                 number=self.number(year), approved_by=name(rng))
        d = inv
        for i in range(scale):
            rid = "rec%d" % (len(recs) + 1)
            recs.append(rid)
            self.doc("inspection-record", "现场检查笔录", d, pool, 150,
                     party_signed="true" if not self.defect() else "refused",
                     certificates_shown="true", recording=rid)
            for _ in range(1 if self.kind == "typical" else 2):
                rid2 = "rec%d" % (len(recs) + 1)
                recs.append(rid2)
                self.doc("inquiry-record", "询问笔录", d, pool, 200,
                         party_signed="true",
                         certificates_shown="true" if not self.defect() else "false",
                         recording=rid2)
            if i % 3 == 0 and self.kind != "typical":
                self.doc("sampling-record", "抽样取证凭证", d, pool, 0,
                         party_signed="true")
            d = d + datetime.timedelta(days=1 if d < notice - datetime.timedelta(days=5) else 0)
        self.doc("investigation-report", "案件调查终结报告",
                 notice - datetime.timedelta(days=3), pool, 120)
        review = amount >= 50000 or hearing or rng.random() < 0.5
        self.doc("penalty-notice", "行政处罚告知书", notice, pool, 120,
                 lead="本机关拟依据%s%s对你（单位）作出罚款的行政处罚。" % (law, basis),
                 number=self.number(year), informs_statement="true",
                 informs_hearing="true" if not self.defect() else "false")
        self.doc("service-receipt", "送达回证", served, pool, 0,
                 served="penalty-notice", method="direct", recipient_signed="true")
        if rng.random() < 0.4:
            self.doc("statement-record", "陈述申辩笔录",
                     served + datetime.timedelta(days=2), pool, 100)
        if hearing:
            self.doc("hearing-request", "听证申请",
                     served + datetime.timedelta(days=2), pool, 0)
            hn = served + datetime.timedelta(days=5)
            if not self.defect(0.1):
                self.doc("hearing-notice", "听证通知书", hn, pool, 0,
                         number=self.number(year))
            rid = "rec%d" % (len(recs) + 1)
            recs.append(rid)
            self.doc("hearing-record", "听证笔录", hn + datetime.timedelta(days=12),
                     pool, 200, party_signed="true", recording=rid)
        if review:
            reviewer = name(rng)
            self.doc("legal-review", "法制审核意见书",
                     dday - datetime.timedelta(days=2), pool, 80,
                     reviewer=reviewer, reviewer_qualified="true",
                     opinion="agree" if not self.defect() else "")
        if amount >= 100000 or rng.random() < 0.2:
            self.doc("collective-discussion", "重大案件集体讨论记录",
                     dday - datetime.timedelta(days=1), pool, 80)
        lead = "" if self.defect() else SENTENCES[11] + SENTENCES[5] + SENTENCES[8]
        if lead and self.kind == "typical":
            lead = "责令当事人立即改正，有笔录等证据证明。" + SENTENCES[8]
        self.doc("decision", "行政处罚决定书", dday, pool, 300, lead=lead,
                 number=self.number(year))
        self.doc("service-receipt", "送达回证", dserved, pool, 0,
                 served="decision",
                 method="direct" if not self.defect() else "mail",
                 recipient_signed="true")
        if scale > 1:
            for i in range(scale * 3):
                self.doc("service-receipt", "送达回证",
                         dserved, pool, 0, served="other",
                         method="direct", recipient_signed="true")
        self.doc("payment-receipt", "罚没款票据", paid, pool, 0,
                 number=self.number(year, "鲁财"))
        self.doc("closing-approval", "结案审批表", closed, pool, 40)
        self.w("  </documents>")

        self.w("  <evidence>")
        types = ["documentary", "physical", "audiovisual", "record",
                 "party-statement", "witness", "electronic", "expert-opinion"]
        titles = {"documentary": "营业执照复印件", "physical": "涉案商品",
                  "audiovisual": "现场照片及录像", "record": "现场检查笔录",
                  "party-statement": "当事人询问笔录", "witness": "证人证言",
                  "electronic": "销售记录截图", "expert-opinion": "检验报告"}
        nev = rng.randint(3, 5) if self.kind == "typical" else 8 * scale
        for i in range(nev):
            t = types[i % len(types)] if i < 8 else rng.choice(types)
            coll = inv if not self.defect(0.03) else dday + datetime.timedelta(days=3)
            self.w('    <item id="e%d" type="%s" title="%s" source="%s" '
                   'collected="%s" confirmed="%s">'
                   % (i + 1, t, titles[t], "当事人提供" if i % 2 else "现场提取",
                      iso(coll), "false" if self.defect(0.03) else "true"))
            for o in self.officers_of(pool, 1 if self.defect(0.04) else 2):
                self.w('      <collector ref="%s"/>' % o)
            self.w("    </item>")
        self.w("  </evidence>")

        self.w('  <decision date="%s">' % iso(dday))
        ctext = cn_amount(amount) if not self.defect(0.03) else cn_amount(amount + 1)
        self.w('    <penalty kind="fine" amount="%d" amount-text="%s"/>'
               % (amount, ctext))
        self.w('    <violated law="%s" article="%s"/>' % (law, violated))
        self.w('    <basis law="%s" article="%s"/>' % (law, basis))
        self.w('    <discretion benchmark="%s" level="%s" min="%d" max="%d">%s</discretion>'
               % (code, level, lmin, lmax,
                  esc(text_of(rng, self.text_size(60)))))
        self.w('    <remedy review-days="60" litigation-months="6"/>')
        self.w("  </decision>")
        disc = dday + datetime.timedelta(days=rng.randint(1, 12))
        self.w('  <disclosure date="%s" channel="国家企业信用信息公示系统"/>' % iso(disc))
        self.w("  <recordings>")
        for r in recs:
            dur = 0 if self.defect(0.03) else rng.randint(300, 7200)
            self.w('    <recording id="%s" kind="video" duration-seconds="%d"/>'
                   % (r, dur))
        self.w("  </recordings>")
        self.w('  <archive closed="%s" pages="%d" index="true"/>'
               % (iso(closed), rng.randint(20, 300)))
        self.w("</case>")
        return "\n".join(self.out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--typical", type=int, default=1000)
    ap.add_argument("--long", type=int, default=100)
    ap.add_argument("--extreme", type=int, default=10)
    args = ap.parse_args()
    for kind, count, base in (("typical", args.typical, 0),
                              ("long", args.long, 50000),
                              ("extreme", args.extreme, 90000)):
        d = os.path.join(args.out, kind)
        os.makedirs(d, exist_ok=True)
        for i in range(count):
            serial = base + i + 1
            # one generator per file: a file does not depend on the counts
            rng = random.Random("%d/%s/%d" % (args.seed, kind, i))
            data = Case(rng, serial, kind).build()
            with open(os.path.join(d, "case-%05d.xml" % (i + 1)), "w",
                      encoding="utf-8") as f:
                f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
