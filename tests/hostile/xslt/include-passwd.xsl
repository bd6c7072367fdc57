<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="/etc/passwd"/>
  <xsl:template match="/"><case format="casefile/1"/></xsl:template>
</xsl:stylesheet>
