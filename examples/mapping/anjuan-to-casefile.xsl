<?xml version="1.0" encoding="UTF-8"?>
<!--
  映射：执法办案平台导出的“案卷目录”（一页一个 <页> 元素，中文元素名）→ casefile/1.1。

    casereview score -c rules/penalty-general.xml
        （加 transform 选项：examples/mapping/anjuan-to-casefile.xsl）
        examples/mapping/anjuan-mulu.xml

  XSLT 1.0，只读取本文件夹中的 codes.xml（代码对照表）。每份文书由它的
  第一页（带“文书类型”的 <页>）写出；续页（同一“文书序号”、没有“文书类型”）
  的正文接在后面。casefile 的元素由导出中的元素写出时，评查结果中的位置和
  行号就指向导出中的那个元素（见 README 的“对接自己的导出格式”）。
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:strip-space elements="*"/>

  <xsl:variable name="codes" select="document('codes.xml')/对照表"/>

  <xsl:template match="/案卷目录">
    <xsl:variable name="info" select="案卷信息"/>
    <case format="casefile/1.1" id="{$info/@案卷编号}">
      <agency code="{$info/@机关代码}" name="{$info/@办案机关}"/>
      <procedure>
        <xsl:choose>
          <xsl:when test="$info/@办案程序 = '简易程序'">simplified</xsl:when>
          <xsl:otherwise>general</xsl:otherwise>
        </xsl:choose>
      </procedure>
      <source date="{$info/@线索发现日期}">
        <xsl:attribute name="kind">
          <xsl:choose>
            <xsl:when test="$info/@案件来源 = '监督检查'">inspection</xsl:when>
            <xsl:when test="$info/@案件来源 = '投诉举报'">complaint</xsl:when>
            <xsl:when test="$info/@案件来源 = '移送'">referral</xsl:when>
            <xsl:otherwise>other</xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
      </source>
      <cause code="{$info/@案由代码}"><xsl:value-of select="$info/@案由"/></cause>
      <xsl:apply-templates select="当事人"/>
      <officers>
        <xsl:apply-templates select="执法人员"/>
      </officers>
      <documents>
        <xsl:apply-templates select="页[@文书类型]"/>
      </documents>
      <evidence>
        <xsl:apply-templates select="证据"/>
      </evidence>
      <xsl:apply-templates select="处罚决定"/>
      <xsl:apply-templates select="公示"/>
      <recordings>
        <xsl:apply-templates select="音像记录"/>
      </recordings>
      <archive closed="{$info/@归档日期}" pages="{归档/@归档页数}">
        <xsl:attribute name="index">
          <xsl:call-template name="yes-no">
            <xsl:with-param name="v" select="$info/@卷内目录"/>
          </xsl:call-template>
        </xsl:attribute>
      </archive>
    </case>
  </xsl:template>

  <xsl:template match="当事人">
    <party name="{@名称}" id="{@证件号码}" address="{@住所}">
      <xsl:attribute name="kind">
        <xsl:choose>
          <xsl:when test="@主体类型 = '个人'">individual</xsl:when>
          <xsl:otherwise>organization</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:attribute name="id-type">
        <xsl:choose>
          <xsl:when test="@证件类型 = '统一社会信用代码'">credit-code</xsl:when>
          <xsl:when test="@证件类型 = '居民身份证'">resident-id</xsl:when>
          <xsl:otherwise>other</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="@法定代表人">
        <xsl:attribute name="representative"><xsl:value-of select="@法定代表人"/></xsl:attribute>
      </xsl:if>
    </party>
  </xsl:template>

  <xsl:template match="执法人员">
    <officer id="{@编号}" name="{@姓名}" certificate="{@执法证号}"
             certificate-expires="{@证件有效期至}"/>
  </xsl:template>

  <!-- one document from its first page; the pages of the same document
       (the same 文书序号) give its page count and text -->
  <xsl:template match="页">
    <xsl:variable name="seq" select="@文书序号"/>
    <xsl:variable name="pages" select=". | following-sibling::页[@文书序号 = $seq]"/>
    <xsl:variable name="type" select="@文书类型"/>
    <document kind="{$codes/文书类型[@名称 = $type]/@kind}" title="{@文书类型}"
              id="d{@文书序号}" first-page="{@页码}" pages="{count($pages)}">
      <xsl:if test="@文号"><xsl:attribute name="number"><xsl:value-of select="@文号"/></xsl:attribute></xsl:if>
      <xsl:if test="@日期"><xsl:attribute name="date"><xsl:value-of select="@日期"/></xsl:attribute></xsl:if>
      <xsl:if test="@审批人"><xsl:attribute name="approved-by"><xsl:value-of select="@审批人"/></xsl:attribute></xsl:if>
      <xsl:if test="@审核人"><xsl:attribute name="reviewer"><xsl:value-of select="@审核人"/></xsl:attribute></xsl:if>
      <xsl:if test="@音像记录"><xsl:attribute name="recording"><xsl:value-of select="@音像记录"/></xsl:attribute></xsl:if>
      <xsl:if test="@审核意见">
        <xsl:attribute name="opinion">
          <xsl:value-of select="$codes/审核意见[@名称 = current()/@审核意见]/@opinion"/>
        </xsl:attribute>
      </xsl:if>
      <xsl:if test="@送达文书">
        <xsl:attribute name="served">
          <xsl:value-of select="$codes/文书类型[@名称 = current()/@送达文书]/@kind"/>
        </xsl:attribute>
      </xsl:if>
      <xsl:if test="@送达方式">
        <xsl:attribute name="method">
          <xsl:value-of select="$codes/送达方式[@名称 = current()/@送达方式]/@method"/>
        </xsl:attribute>
      </xsl:if>
      <xsl:call-template name="flag"><xsl:with-param name="name" select="'reviewer-qualified'"/><xsl:with-param name="v" select="@审核人具备资格"/></xsl:call-template>
      <xsl:call-template name="flag"><xsl:with-param name="name" select="'party-signed'"/><xsl:with-param name="v" select="@当事人签名"/></xsl:call-template>
      <xsl:call-template name="flag"><xsl:with-param name="name" select="'certificates-shown'"/><xsl:with-param name="v" select="@出示证件"/></xsl:call-template>
      <xsl:call-template name="flag"><xsl:with-param name="name" select="'informs-statement'"/><xsl:with-param name="v" select="@告知陈述申辩"/></xsl:call-template>
      <xsl:call-template name="flag"><xsl:with-param name="name" select="'informs-hearing'"/><xsl:with-param name="v" select="@告知听证"/></xsl:call-template>
      <xsl:call-template name="flag"><xsl:with-param name="name" select="'recipient-signed'"/><xsl:with-param name="v" select="@受送达人签收"/></xsl:call-template>
      <xsl:call-template name="refs">
        <xsl:with-param name="element" select="'officer'"/>
        <xsl:with-param name="list" select="normalize-space(@执法人员)"/>
      </xsl:call-template>
      <xsl:if test="$pages/正文">
        <text><xsl:for-each select="$pages/正文"><xsl:value-of select="."/></xsl:for-each></text>
      </xsl:if>
    </document>
  </xsl:template>

  <xsl:template match="证据">
    <xsl:variable name="t" select="@证据种类"/>
    <item id="{@编号}" type="{$codes/证据种类[@名称 = $t]/@type}" title="{@名称}"
          source="{@来源}" collected="{@收集日期}">
      <xsl:attribute name="confirmed">
        <xsl:call-template name="yes-no"><xsl:with-param name="v" select="@已核对"/></xsl:call-template>
      </xsl:attribute>
      <xsl:call-template name="refs">
        <xsl:with-param name="element" select="'collector'"/>
        <xsl:with-param name="list" select="normalize-space(@收集人)"/>
      </xsl:call-template>
    </item>
  </xsl:template>

  <xsl:template match="处罚决定">
    <xsl:variable name="k" select="@处罚种类"/>
    <xsl:variable name="l" select="@裁量阶次"/>
    <decision date="{@决定日期}">
      <penalty kind="{$codes/处罚种类[@名称 = $k]/@kind}" amount="{@罚款金额}"
               amount-text="{@大写金额}"/>
      <violated law="{@违反法律}" article="{@违反条款}"/>
      <basis law="{@依据法律}" article="{@依据条款}"/>
      <discretion benchmark="{@裁量基准}" level="{$codes/裁量阶次[@名称 = $l]/@level}"
                  min="{@基准下限}" max="{@基准上限}"><xsl:value-of select="裁量理由"/></discretion>
      <remedy review-days="{@复议期限天}" litigation-months="{@诉讼期限月}"/>
    </decision>
  </xsl:template>

  <xsl:template match="公示">
    <disclosure date="{@公示日期}" channel="{@公示渠道}"/>
  </xsl:template>

  <xsl:template match="音像记录">
    <recording id="{@编号}" kind="video" duration-seconds="{@时长秒}"/>
  </xsl:template>

  <!-- 是 / 否 / 拒签 → true / false / refused -->
  <xsl:template name="yes-no">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = '是'">true</xsl:when>
      <xsl:when test="$v = '拒签'">refused</xsl:when>
      <xsl:otherwise>false</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="flag">
    <xsl:param name="name"/>
    <xsl:param name="v"/>
    <xsl:if test="$v">
      <xsl:attribute name="{$name}">
        <xsl:call-template name="yes-no"><xsl:with-param name="v" select="$v"/></xsl:call-template>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- "o1 o2 o5" → <officer ref="o1"/><officer ref="o2"/>... -->
  <xsl:template name="refs">
    <xsl:param name="element"/>
    <xsl:param name="list"/>
    <xsl:if test="$list != ''">
      <xsl:variable name="first" select="substring-before(concat($list, ' '), ' ')"/>
      <xsl:element name="{$element}">
        <xsl:attribute name="ref"><xsl:value-of select="$first"/></xsl:attribute>
      </xsl:element>
      <xsl:call-template name="refs">
        <xsl:with-param name="element" select="$element"/>
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
