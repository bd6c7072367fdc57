<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- 900 nested elements: under the template depth, over the output depth -->
  <xsl:template match="/"><case format="casefile/1"><xsl:call-template name="nest"><xsl:with-param name="n" select="900"/></xsl:call-template></case></xsl:template>
  <xsl:template name="nest">
    <xsl:param name="n"/>
    <xsl:if test="$n &gt; 0"><documents><xsl:call-template name="nest"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template></documents></xsl:if>
  </xsl:template>
</xsl:stylesheet>
