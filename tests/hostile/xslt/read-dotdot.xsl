<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- a relative path that climbs out of the folder -->
  <xsl:template match="/">
    <case format="casefile/1" id="{document('../../../../../../../../etc/passwd')}"/>
  </xsl:template>
</xsl:stylesheet>
