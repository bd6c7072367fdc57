<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- two calls per level, 60 levels: 2^60 calls, never deeper than 60 -->
  <xsl:template match="/"><case format="casefile/1"><xsl:call-template name="t"><xsl:with-param name="n" select="60"/></xsl:call-template></case></xsl:template>
  <xsl:template name="t">
    <xsl:param name="n"/>
    <xsl:if test="$n &gt; 0">
      <xsl:call-template name="t"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template>
      <xsl:call-template name="t"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
