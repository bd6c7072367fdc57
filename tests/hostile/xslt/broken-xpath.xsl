<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><case format="casefile/1" id="{concat(}"/></xsl:template>
</xsl:stylesheet>
