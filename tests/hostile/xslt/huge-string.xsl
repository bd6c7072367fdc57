<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- a string doubled 40 times: 2^40 characters -->
  <xsl:template match="/">
    <case format="casefile/1"><xsl:attribute name="id"><xsl:call-template name="double"><xsl:with-param name="s" select="'0123456789'"/><xsl:with-param name="n" select="40"/></xsl:call-template></xsl:attribute></case>
  </xsl:template>
  <xsl:template name="double">
    <xsl:param name="s"/><xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n = 0"><xsl:value-of select="$s"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="double"><xsl:with-param name="s" select="concat($s, $s)"/><xsl:with-param name="n" select="$n - 1"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
