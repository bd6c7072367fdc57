<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- the export names the file to read: still only the mapping's folder -->
  <xsl:template match="/">
    <case format="casefile/1" id="{document(/*/@href)}"/>
  </xsl:template>
</xsl:stylesheet>
