<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- every node copied once per node: quadratic, then a result tree
       fragment doubled 40 times -->
  <xsl:variable name="a"><xsl:copy-of select="/"/><xsl:copy-of select="/"/></xsl:variable>
  <xsl:template match="/">
    <case format="casefile/1">
      <xsl:call-template name="double"><xsl:with-param name="t" select="$a"/><xsl:with-param name="n" select="40"/></xsl:call-template>
    </case>
  </xsl:template>
  <xsl:template name="double">
    <xsl:param name="t"/><xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n = 0"><xsl:copy-of select="$t"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="tt"><xsl:copy-of select="$t"/><xsl:copy-of select="$t"/></xsl:variable>
        <xsl:call-template name="double"><xsl:with-param name="t" select="$tt"/><xsl:with-param name="n" select="$n - 1"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
