/* fastpath-docs.h — the adversarial documents and context nodes on
 * which the fast path is compared with libxml2: by the differential test
 * (tests/core/test-fastpath.c) and the differential fuzzer
 * (fuzz/fuzz-xpath.c). One copy, so the two cannot drift apart. Included
 * once per program (static data). */
#ifndef CR_FASTPATH_DOCS_H
#define CR_FASTPATH_DOCS_H

/* Mixed content, whitespace-only text, CDATA, comments, PIs (one without
 * data: its content is NULL), internal entities left as references (no
 * XML_PARSE_NOENT), character references, empty elements and values,
 * numbers with blanks and odd spellings, deep nesting, a default and a
 * prefixed namespace, Chinese names and text, xml:id, element names that
 * are XPath operator names, text after an element that has children (q:
 * libxml2 orders such text oddly once xmlXPathOrderDocElems() ran). */

static const char case_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE r [\n"
    "  <!ENTITY e \"xy\">\n"
    "  <!ENTITY num \" 12 \">\n"
    "  <!ENTITY el \"<b>in</b>ner\">\n"
    "]>\n"
    "<!-- before the root -->\n"
    "<?top first?>\n"
    "<r xmlns:p=\"urn:p\" a=\"1\" b=\" 12 \" c=\"1e3\" empty=\"\""
    " ent=\"&e;\" mix=\"a&e;b\" neg=\"-0\" nan=\"NaN\" inf=\"Infinity\""
    " half=\".5\" five=\"5.\" p:at=\"pv\" cref=\"&#65;&#x4E2D;\">\n"
    "  <n>1e3</n><n>-0</n><n> 12 </n><n>NaN</n><n>Infinity</n>"
    "<n>.5</n><n>5.</n><n>abc</n><n/><n>007</n><n>-Infinity</n>\n"
    "  <s k=\"v\">1</s><s k=\"w\">2</s><s k=\"v\">3</s><s>4</s>"
    "<s k=\"v\" e=\"\">5</s>\n"
    "  <m>text <b>bold</b> tail<!-- c --><?pi x?>more"
    "<![CDATA[<cdata>]]><i/>end</m>\n"
    "  <ws>   </ws><ws>\n\t</ws>\n"
    "  <xy>xy</xy><ent>&e;</ent><ent2>x&e;</ent2><ent3>&num;</ent3>"
    "<ent4>&el;</ent4><xyz>xyz</xyz><x>x</x><inner>inner</inner>\n"
    "  <cr>&#65;&#x4E2D;&#32;</cr>\n"
    "  <empty/><empty></empty>\n"
    "  <d1><d2><d3><d4><d5 k=\"deep\">deep <d6>er</d6></d5></d4></d3></d2>"
    "</d1>\n"
    "  <dn xmlns=\"urn:d\" a=\"da\"><x>in default</x><x>2</x></dn>\n"
    "  <p:x p:at=\"pv\" at=\"plain\">px</p:x><p:y>7</p:y>\n"
    "  <zh 名=\"值\">中文文本</zh><名>1</名>\n"
    "  <dup>same</dup><dup>same</dup><dup>other</dup>\n"
    "  <a-b>1</a-b><a.b>2</a.b><div>4</div><mod>3</mod>"
    "<and><or>or-text</or></and>\n"
    "  <item xml:id=\"k1\">one</item><item xml:id=\"k2\">two</item>\n"
    "  <pe><?empty?></pe><cm><!----></cm>\n"
    "  <cd><![CDATA[12]]></cd><cdm>1<![CDATA[2]]></cdm>\n"
    "  <num>3</num><num>1.5</num><num>x</num>\n"
    "  <amp x=\"a&amp;b\">a&amp;b&lt;</amp>\n"
    "  <q><e1><e2/>in</e1>after<!--c--><e3>3</e3>last</q>\n"
    "</r>\n"
    "<!-- after the root -->\n";

/* The same names in other shapes: an element inside one of its name,
 * an empty entity, text before and after nested elements, a default
 * namespace on the root. */
static const char alt_xml[] =
    "<!DOCTYPE r [\n"
    "  <!ENTITY z \"\">\n"
    "  <!ENTITY two \"2\">\n"
    "]>\n"
    "<r a=\"2\" b=\"x\" c=\"&two;\">\n"
    " <s k=\"w\">&z;</s>\n"
    " <s k=\"v\"><s k=\"v\">9</s>t<!--c--><s>&two;</s></s>\n"
    " <s k=\"v\">  3  </s>\n"
    " <n>  </n><n>-1</n><n>&two;</n>\n"
    " <m><b/><b>q</b>z<i>2</i></m>\n"
    " <q>after<e1>in<e2/>out</e1>tail</q>\n"
    " <dup>&z;</dup><dup/><dup>2</dup>\n"
    " <dn xmlns=\"urn:d\"><x>1</x><x><x>2</x></x></dn>\n"
    "</r>";

/* A second document, as checklist data documents are. */
static const char data_xml[] =
    "<data><v>1</v><v>2</v><w>same</w></data>\n";

/* Context nodes: the document, the root, nested elements, attributes,
 * text, a comment, PIs and a namespace node (which the fast path
 * declines). */

static const char *const case_contexts[] = {
    "/", "/r", "/r/s[3]", "/r/m", "/r/@b", "/r/m/text()[1]",
    "/r/d1/d2/d3/d4/d5", "/r/p:x/@p:at", "/r/zh", "/r/m/comment()",
    "/r/m/processing-instruction()", "/r/pe/processing-instruction()",
    "/r/d:dn/d:x[1]", "/r/ent", "/r/@ent", "/r/cd/text()", "/r/empty[1]",
    "/r/n[9]", "/r/q/text()[1]", "/r/namespace::p", NULL
};

static const char *const alt_contexts[] = {
    "/", "/r", "/r/s[2]", "/r/s[2]/s[1]", "/r/s[2]/text()", "/r/@c",
    "/r/m/b[2]", "/r/q/e1/text()[2]", "/r/dup[1]", "/r/s[2]/comment()",
    "/r/d:dn/d:x[2]/d:x", "/r/d:dn/namespace::*[1]", NULL
};

#endif
