<case format="casefile/1" id="not-xslt"/>
