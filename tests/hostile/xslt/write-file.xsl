<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- xsl:document (XSLT 1.1, built into libxslt) writes a file: refused -->
  <xsl:template match="/">
    <xsl:document href="OUTFILE" method="text">pwned</xsl:document>
    <case format="casefile/1" id="x"/>
  </xsl:template>
</xsl:stylesheet>
