<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="port" select="'PORT'"/>
  <xsl:template match="/">
    <case format="casefile/1" id="{document('http://127.0.0.1:PORT/secret.xml')}"/>
  </xsl:template>
</xsl:stylesheet>
