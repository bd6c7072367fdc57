<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- apply-templates to the same node, forever -->
  <xsl:template match="/"><case format="casefile/1"><xsl:apply-templates select="*"/></case></xsl:template>
  <xsl:template match="*"><xsl:apply-templates select="."/></xsl:template>
</xsl:stylesheet>
