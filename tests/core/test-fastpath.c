/* test-fastpath.c — the fast XPath path (libcasereview/xpath-*.c)
 * against libxml2, expression by expression.
 *
 * Every expression of the table is evaluated at several context nodes of
 * crafted documents both with libxml2 (xmlXPathCtxtCompile and
 * xmlXPathCompiledEval, set up as evaluator.c sets up its context) and with the
 * fast path (crp_fx_object, crp_fx_bool, crp_fx_string). Whenever the fast
 * path does not decline, its value must be exactly libxml2's: the same
 * nodes in the same order, the same string, the same number (NaN and the
 * sign of zero included), the same boolean; and where libxml2 fails the
 * fast path must decline. The documents are parsed with the engine's
 * options and evaluated both with xmlXPathOrderDocElems() (as case files
 * are) and without it.
 *
 * A second table lists the shapes the fast path must cover, so that a
 * change declining everything fails here; a third lists what it must
 * decline. CR_FX_VERBOSE=1 prints what the fast path declined. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "libcasereview/alloc.h"
#include "libcasereview/xpath-fast.h"
#include "libcasereview/functions.h"
#include "libcasereview/date.h"
#include "libcasereview/regex.h"
#include "libcasereview/xml-safe.h"
#include "libcasereview/xpath-same.h"
#include "tests/core/fastpath-docs.h"

#ifndef CR_SOURCE_DIR_DEFAULT
#define CR_SOURCE_DIR_DEFAULT "."
#endif

/* ---- documents and context nodes: tests/core/fastpath-docs.h ---- */

/* ---- expressions ---- */

/* Evaluated at every context node; each result compared. */
static const char *const exprs[] = {
    /* steps and node tests */
    "s", "n", "*", "node()", "text()", "@*", "@a", "@nothing", "self::r",
    "self::node()", "self::*", ".", "..", "../@a", "parent::*",
    "parent::node()", "parent::r", "self::b", "self::a", "self::p:at",
    "self::text()", "child::s[2]", "attribute::a", "self::node()/s[1]",
    "s[1]", "s[3]/preceding-sibling::s[1]", "s[3]/preceding-sibling::*[1]",
    "s[5]/preceding-sibling::s[@k='v'][2]",
    "s[5]/preceding-sibling::s[@k='v'][1]", "s[5]/preceding-sibling::s",
    "s[1]/following-sibling::s", "s[1]/following-sibling::node()",
    "s[2]/following-sibling::s[@k='v'][2]", "s[last()]",
    "s[last()]/preceding-sibling::s[last()]", "s[position() > 1][1]",
    "s[@k='v'][2]", "s[@k='v'][1]", "s[@k][last()]", "s[@k != 'v']",
    "s[not(@k)]", "s[@k = 'v' and . > 2]", "s[2]/../@a", "m/text()",
    "m/node()", "m/b/text()", "m/*", "m/i/following-sibling::node()",
    "m/b/following-sibling::text()[1]",
    /* step[p][N] walked only as far as needed (no last() in p) */
    "s[5]/preceding-sibling::s[position() > 1][1]",
    "s[5]/preceding-sibling::s[position() = 2][1]",
    "s[5]/preceding-sibling::*[@k][2]", "s[5]/preceding-sibling::node()[1]",
    "s[5]/preceding-sibling::s[last()][1]",
    "s[5]/preceding-sibling::s[position() = last()][1]",
    "s[1]/following-sibling::s[. > 2][1]", "s/following-sibling::s[@k][1]",
    "s/preceding-sibling::s[@k='v'][1]", "*[true()][3]", "node()[true()][2]",
    "s[@k][7]", "s[count(preceding-sibling::s) > 1][1]",
    "m/text()[2]/preceding-sibling::node()[1]", "m/node()[3]",
    "m/node()[last()]", "m/node()/..", "m/text()/following-sibling::*",
    "s/@k", "s/@k/..", "s/..", "s/following-sibling::s[1]",
    "s/preceding-sibling::s[1]", "s/preceding-sibling::s", "*/@*",
    "*/text()", "*/node()[1]", "d1/d2/d3/d4/d5/@k",
    "d1/d2/d3/d4/d5/d6/text()", "d1/*/*/*/*/d6", "d1/d2/d3/d4/d5/d6/../..",
    "node()[number() = 0]", "m/node()[number() = number()]",
    "pe/node()[number() = 0]", "pe/node()[string-length() = 0]",
    "node()[self::s]", "@*[self::a]", "@*[self::p:at]", "@*[self::*]",
    "s/@k[self::k]", "@*[. = 1]", "@*[2]", "@*[last()]",
    /* namespaces, Chinese */
    "p:x", "p:*", "p:x/@p:at", "p:x/@at", "p:x/@*", "@p:at", "@p:*",
    "dn", "d:dn/d:x", "d:dn/x", "d:dn/*", "d:dn/d:*[2]", "d:dn/@a",
    "d:dn/d:x = 'in default'", "d:*/d:x[2] = 2", "p:x = 'px'",
    "count(p:*)", "zh", "zh/@名", "名", "名 + 1", "zh = '中文文本'",
    "string-length(zh)", "contains(zh, '文')", "local-name(p:x)",
    "name(p:x)", "namespace-uri(p:x)", "name(@p:at)", "local-name()",
    "name()", "name(*[1])",
    /* node-sets compared with everything, both ways round */
    "s = 3", "s != 3", "3 = s", "3 != s", "s < 3", "3 < s", "s <= 1",
    "1 >= s", "s > 4", "4 < s", "s >= 5", "5 <= s", "s = '3'", "'3' = s",
    "s != '3'", "'3' != s", "s < '3'", "'3' > s", "s = true()",
    "s = false()", "true() = s", "false() != s", "s < true()",
    "true() > s", "s >= false()", "none = false()", "none != true()",
    "none = ''", "none != ''", "'' = none", "none = 0", "none != 0",
    "none < 1", "1 > none", "none = none", "none != none", "s = none",
    "none < s", "s = s", "s != s", "s = $sv", "s != $sv", "s < $s",
    "s > $s", "n = 1000", "n = 0", "n = -0", "n = 12", "n > 11",
    "n = 'NaN'", "n != n", "n < n", "n = 1 div 0", "n = -1 div 0",
    "n != 1 div 0", "@b = 12", "@b = ' 12 '", "@b = '12'", "@c = 1000",
    "@empty = ''", "@empty != ''", "@nothing = ''", "@nothing != ''",
    "@a = @a", "@a != @a", "@neg = 0", "@nan = @nan", "@nan != @nan",
    "@nan = 'NaN'", "@inf > 1000", "@half = 0.5", "@five = 5",
    "@a = true()", "@nothing = false()", "@a = s", "s = @a", "@a != s",
    "@a = $three", "@a = $t", "@cref = 'A中'", "dup = 'same'",
    "dup != 'same'", "dup[1] = dup[2]", "dup = dup[3]", "dup[1] != dup[2]",
    "dup != dup", "xy = ent", "ent = xy", "ent != xy", "ent = 'xy'",
    "ent != 'xy'", "'xy' = ent", "ent2 = 'xxy'", "ent2 = 'x'",
    "ent2 != 'xxy'", "ent2 = xyz", "@ent = 'xy'", "@ent != 'xy'",
    "@ent = xy", "xy = @ent", "@mix = 'axyb'", "@mix != 'axyb'",
    "ent3 = 12", "ent3 = ' 12 '", "ent3 = @b", "ent4 = 'inner'",
    "ent4 = inner", "ent4 = x", "x = 'x'", "cr = 'A中 '", "ws = '   '",
    "ws = ws", "normalize-space(ws) = ''", "cd = 12", "cdm = '12'",
    "cd = cdm", "cd = '12'", "m = 'x'", "pe = ''", "pe/node() = ''",
    "pe/node() != ''", "pe/node() = cm/node()", "pe/node() != cm/node()",
    "pe/node() = pe/node()", "cm/node() = ''", "cm = pe", "num = 3",
    "num > 1", "num < 2", "num = $three", "$s = 3", "$three = s",
    "$nan = $nan", "$nan != $nan", "$nan = s", "$s != $nan", "s < $nan",
    "$str = s/@k", "$estr = @empty", "$t = s", "$f = none", "$t != none",
    "$data = 1", "$dv = 2", "$dv = s", "$dv < s", "$dv = $s",
    "$numstr = @b", "@b = $numstr", "$none = ''", "$none != $s",
    "$texts = 'more'", "$attrs = 1", "$attrs = ' 12 '",
    /* arithmetic */
    "1 + 2", "1 - 2", "2*3", "2 * 3", "2*3*4", "2 *3", "@a* 2",
    "*[1]*2", "* [1]", "7 div 2", "1 div 0", "-1 div 0", "0 div 0",
    "1 div -0", "-0", "- -1", "- - -1", "-(-0)", "--1", "-@a", "-@neg",
    "-none", "-s", "-$negz", "- $negz", "7 mod 3", "-7 mod 3", "7 mod -3",
    "-7 mod -3", "7.5 mod 2", "5 mod 0", "5 mod $nan", "$nan mod 2",
    "0 mod 5", "-0 mod 5", "5 mod 1 div 0", "@a*2", "s*2", "s[2]*s[3]",
    "s + 1", "s[3] - s[1]", "n[2] + 0", "n[1] * 1", "@c + 1", "@b + 1",
    "@half + @five", "@nan + 1", "@inf - @inf", "@inf * 0", "$three div 0",
    "$three * $negz", "1 div $negz", "$inf", "-$inf", "$negz", ".5 + 5.",
    "007", "007 + .5", "5.", ".5", "0.1 + 0.2", "12345678901234567890",
    "0.000000000000000000001", "3 - -3", "3--3", "1 - - 1",
    "(1 + 2) * 3", "1 + 2 * 3", "10 div 4 div 5", "2 - 1 - 1",
    "true() + 1", "'5' * '2'", "'abc' + 1", "' 12 ' + 1", "'-' + 1",
    "s[3] | s[1] + 0", "s[3] | s[1] * 1", "-(s[3] | s[1])",
    "s[3]/preceding-sibling::s + 0", "1e3", "1E3 + 1",
    "s/preceding-sibling::s * 1", "$dv + 0", "$texts + 0",
    /* numbers and strings printed */
    "string(1 div 3)", "string(-0)", "string(0 div 0)", "string(1 div 0)",
    "string(-1 div 0)", "string(100000000000000000000)", "string(1e20)",
    "string(0.000001)", "string(0.0000001)", "string(123456789012345678)",
    "string(1.5)", "string(-1.5)", "string(2 div 3 * 3)", "string(007)",
    "string(.5)", "string(5.)", "string(true())", "string(false())",
    "string(s)", "string(none)", "string(@a)", "string(/)", "string(.)",
    "string()", "string(m)", "string(ent)", "string(ent4)", "string(@ent)",
    "string(@mix)", "string(cr)", "string(@cref)", "string($three)",
    "string($nan)", "string($negz)", "string($inf)", "string($s)",
    "string($t)", "string($texts)", "string(pe/node())",
    "concat('a', 1, true(), s, @b)", "concat(1 div 0, '|', -0)",
    "concat(s, s[2], $str, $three)", "concat(none, '')",
    "concat(., '|', ..)", "number(@b)", "number(@c)", "number(@neg)",
    "number(@half)", "number(@five)", "number(@nan)", "number(@inf)",
    "number(n[4])", "number(n[11])", "number('Infinity')",
    "number(' -1.5 ')", "number('+1')", "number('1.')", "number('.')",
    "number('')", "number('-')", "number('1e3')", "number('1 2')",
    "number(true())", "number()", "number(.)", "number(none)",
    "number($str)", "number($numstr)", "string-length()",
    "string-length(.)", "string-length(m)", "string-length('')",
    "string-length($s)", "string-length(@cref)", "normalize-space()",
    "normalize-space(m)", "normalize-space('  a  b  ')",
    "normalize-space(ws)", "normalize-space(ws[2])", "normalize-space(@b)",
    "normalize-space('a\tb')", "normalize-space(' a ')",
    "normalize-space('ab')",
    /* booleans, counts, sums, strings */
    "boolean(.)", "boolean('')", "boolean('0')", "boolean(0)",
    "boolean(-0)", "boolean($nan)", "boolean(none)", "boolean(@empty)",
    "boolean($estr)", "not(@empty)", "not(none)", "not($f)", "not(0)",
    "true()", "false()", "count(s)", "count(none)", "count(*)",
    "count(@*)", "count(node())", "count($s)", "count(m/node())",
    "count(s[@k='v'])", "count(s | n)", "count(.)", "count(..)",
    "count(*/@*)", "sum(s)", "sum(n)", "sum(num)", "sum(none)", "sum(@*)",
    "sum($s)", "sum(s[@k='v'])", "sum(cd | cdm)", "contains(m, 'bold')",
    "contains(., '')", "contains('', '')", "contains(@mix, 'xy')",
    "contains(s, 2)", "contains($s, '1')", "contains(ent, 'y')",
    "starts-with(m, 'text')", "starts-with(@b, ' ')", "starts-with('', '')",
    "starts-with('a', '')", "starts-with(zh, '中')",
    "starts-with(1 div 0, 'Inf')", "starts-with(s, $s)",
    /* positions and predicates */
    "position()", "last()", "s[position() = last()]",
    "s[position() mod 2 = 1]", "s[last() - 1]", "s[position() < 3][last()]",
    "s[last()][1]", "s[3][1]", "s[1.5]", "s[0]", "s[-1]",
    "s[@k='v'][0]", "s[@k='v'][1.5]", "s[@k='v'][-1]", "s[@k='v'][4]",
    "s[@k='v'][3]", "s[@k='v'][last()]", "s[. > 2][position() = 1]",
    "s[@k='v'][@e]", "s[@k='v'][2][@e]", "s[@k='v'][@e][1]", "s[true()]",
    "s['']", "s['x']", "s[$three]", "s[$nan]", "s[number(.) = position()]",
    "s[$s]", "s[$none]", "s[position() = $three]", "s[last() = 5][2]",
    "s[@k='v'][position() = 2]", "s[@k='v'][2 + 0]",
    "s[cr:matches(., '[')][0]", "s[cr:matches(., '[')][1.5]",
    "s[position() > 1 and cr:matches(., '[')][1]",
    "s[position() = 1 or cr:matches(., '[')][1]",
    "s[position() = 1 or cr:matches(., '[')][2]",
    "s[position() = 1 or cr:matches(., '[')][1.5]",
    "s[position() = 1 or cr:matches(., '[')][0]",
    "s[position() = 1 or cr:matches(., '[')][-1]",
    "s[position() = 1 or cr:matches(., '[')][9]",
    /* filters, unions */
    "$s[2]", "$s[last()]", "$s[@k='v'][2]", "$s[position() > 1][1]",
    "(s)[last()]", "(s)[1]", "(s)[position() > 1][1]", "(s | n)[1]",
    "(n | s)[1]", "(s | n)[last()]", "(s[3] | s[1])[1]",
    "(s[3] | s[1])[2]", "($s | n)[1]", "$s | n", "n | $s", "s | s",
    "s[1] | s[1]", "s | none", "none | s", "(m/node() | m/b)[2]",
    "m/b | m/text()", "m/text() | m/b | m/i", "m/i | m/b/text() | m",
    "@* | *", "@a | @b | .", ". | ..", "/ | .", "$data | .", "$dv | s",
    "($dv | s)[1]", "$none | $s", "$s/@k", "$s[1]/following-sibling::s[1]",
    "$s/..", "$dv/..", "$data/v[2]", "$data/w = dup", "$data/v",
    "(.)[1]", "(..)[1]", "(s)[1]/@k", "(s[@k='v'])[2]", "(s)[@k='v'][2]",
    "(s)[3]/preceding-sibling::s", "(/r/s)[2]", "/r/s[2]", "/r", "/",
    "/*", "/node()", "/r/@a", "/r/s[1]/@k", "/r/m/b", "/r/div", "/r/mod",
    "/r/and/or", "div", "mod", "and/or", "and", "or", "div + mod",
    "div div 2", "mod mod 2", "div * mod", "div*mod", "a-b", "a.b",
    "a-b + a.b", "a-b - 1", "a-b -1", "count(a-b)", "@a-1", "$mixed",
    "$mixed[2]", "$mixed | .", "count($mixed)", "$texts[1]",
    "$texts/following-sibling::*", "$attrs/..", "$attrs[last()]",
    /* siblings of every kind of node, the DTD before the root */
    "following-sibling::node()", "following-sibling::node()[1]",
    "preceding-sibling::node()", "preceding-sibling::node()[1]",
    "following-sibling::text()", "preceding-sibling::*",
    "preceding-sibling::*[last()]", "following-sibling::*[2]",
    "../..", "../../@a", "../node()[1]", "../text()[last()]",
    /* document order of mixed kinds of nodes */
    "m/text() | m/b/text()", "(m/text() | m/b/text())[2]",
    "m/b/following-sibling::text() | m/b/text()",
    "m/node() | m/b/node()", "(m/node() | m/b/node())[last()]",
    "s/@k | s | s/text()", "(s/@k | s/text())[3]", "@* | text()",
    "@a | . | text()", "*/@* | *", "(*/@* | *)[5]",
    "string(m/b/text() | m/text())", "m/text() | m/b/text() + 0",
    "/ = r", "/ = 'x'", "string(/) = /r", "/ = /", ". = /",
    "s[. = following-sibling::s]", "*[self::s or self::n][3]",
    "s[1] = $s[1]", "$s[1] = $s[2]", "$s[1] != $s[2]",
    "m/node()[2] = 'bold'", "m/b = m/b/text()",
    /* context functions, variables and attributes in predicates */
    "s[string() = '3']", "s[number() = 3]", "s[string-length() = 1]",
    "s[normalize-space()]", "@*[string() = '1']", "s[name() = 's'][2]",
    "*[local-name() = 'x']", "@*[local-name() = 'at']", "s[. = $three]",
    "s[@k = $str]", "s[@k = $s]", "s[@k = $t]", "s[@k != $str]",
    "s[$str = @k]", "s[@k = 1]", "s[@k = $nan]", "s[@k != $nan]",
    "s[@k = $estr]", "s[@k = $none]", "s[@k != $none]",
    "self::r[@ent = 'xy']", "self::r[@mix != 'axyb']",
    "self::r[@ent = $str]", "s[@e = '']", "s[@e != '']",
    "concat('a', 'b', 'c', 'd', 'e', 'f')",
    "concat(s, s[2], s[3], s[4], s[5], 'x')",
    "concat(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)",
    "substring('a', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)",
    "cr:workdays-between('1900-01-01', '2024-01-01')",
    "cr:add-workdays('2024-10-01', 100000)",
    "cr:add-workdays('2024-10-01', 3)",
    "$dv[/data]", "$dv[/r]", "$data/v[/r]", "$dv[. = /data/v[2]]",
    "$dv[../w = 'same']", "$dv/../w", "/r/..", "/..", "/*/..",
    "cd/text()", "string(cdm/text()[2])", "cdm/text()", "count(ent/node())",
    "ent/node()", "ent2/node()", "ent2/text()", "ent4/node()",
    "ent4/b", "text()[1]", "count(text())",
    "normalize-space(' a\xc2\xa0 b ')", "string-length('\xc2\xa0')",
    /* values compared with values */
    "1 = '1.0'", "'1' = 1.0", "true() = 'false'", "false() = ''",
    "1 = true()", "0 = false()", "'' = false()", "$nan != 1",
    "$inf = $inf", "-$inf < $inf", "'abc' < 'abd'", "'2' > '10'",
    "true() > false()", "'1' < '2'", "true() < 2", "s = true() = false()",
    "s[1] = s[1]", "n < 'x'", "n >= 'abc'", "n < s", "s >= n",
    "$t = 'x'", "$f = 0", "$str = 'v'", "$str != $estr", "$three = '3'",
    "$three < $inf", "$negz = 0", "$negz < 0",
    /* text after an element against that element's descendants */
    "q/text() | q/e1/e2", "q/text() | q/e1/text()", "(q/text() | q/e1/e2)[1]",
    "q/node() | q/*/node()", "(q/node() | q/*/node())[3]",
    "string(q/text() | q/e1/e2)", "q/comment() | q/e1/e2",
    "q/e1/following-sibling::node() | q/e1/node()",
    "q/*/node()/.. | q/text()", "q/text()[1]/preceding-sibling::node()",
    "q/node() | (q/following-sibling::node() | d:dn)[2] | q/e1",
    "q/text() | q/e1/e2 | q/e1/text()", "$qmix", "$qmix/node() | $qmix",
    "(q/e1 | q/text() | q/e1/e2)/node() | q/e1 | q/text()",
    "$qmix | q/e1/text()", "$qmix/..", "count($qmix/node() | $qmix)",
    "string($qmix | q/e1/text())", "$qmix[2]", "$qmix[last()]",
    /* (a | b)[1] and [last()], which libxml2 evaluates with a shortcut */
    "(s[4] | s[last()])[1]", "(s[2] | s[position() < 4][last()])[1]",
    "(s[last() - 1] | s[. > 2])[1]", "(s[4] | s[@k='v'][last()])[1]",
    "(n[last()] | n[position() mod 2 = 0])[1]",
    "(s[1][1] | s[5]/preceding-sibling::s[last() - 1])[last()][1]",
    "(s[3]/preceding-sibling::node()[2] | s[4]/preceding-sibling::*[last()])"
    "[last()]", "(s[4] | s[@k='v'][2])[1]", "(s[4] | s[@k='v'][2])[last()]",
    "(s[4] | s[5]/preceding-sibling::s)[1]", "(s[3] | s)[last()]",
    "(s[2] | (s[1] | s[4]))[1]", "((s[4] | s[last()]))[1]",
    "(s[4] | s[last()])[2]", "(s[4] | s[last()])[1 + 0]",
    "(s[4] | s)[last()][1]", "count((s[4] | s[last()])[1])",
    /* the xml: prefix, predefined entities, positions past INT_MAX */
    "item/@xml:id", "item[@xml:id = 'k2']", "string(item[2]/@xml:id)",
    "amp = 'a&b<'", "amp/@x = 'a&b'", "string-length(amp)",
    "s[3000000000]", "s[@k][3000000000]", "s[@k][2147483647]",
    "s[@k][2147483646]", "s[2147483647]", "s[-0]", "s[2.0]", "s[@k][2.0]",
    /* spellings */
    "s = \"it's\"", "'' = \"\"", "0.12345678901234567890123456789",
    "string(0.1 + 0.2)", "1.0", "01.10", "s[\n1\t]",
    "\ts\r\n[ @k\n=\n'v' ]", "''", "\"\"",
    /* nesting the fast path leaves to libxml2 past its depth limit */
    "(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
    "((((((((((1)))))))))))))))))))))))))))))))))))))))))))))))))"
    ")))))))))))))))))))))",
    "------------------------------------------------------------"
    "----------1",
    "s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s["
    "s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s[s["
    "s[s[s[s[s[s[s[s[s[s[s]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "s[true()][true()][true()][true()][true()][true()][true()][tr"
    "ue()][true()][true()][true()][true()][true()][true()][true()"
    "][true()][true()][true()][true()][true()][true()][true()][tr"
    "ue()][true()][true()][true()][true()][true()][true()][true()"
    "][true()][true()][true()][true()][true()][true()][true()][tr"
    "ue()][true()][true()][true()][true()][true()][true()][true()"
    "][true()][true()][true()][true()][true()][true()][true()][tr"
    "ue()][true()][true()][true()][true()][true()][true()][true()"
    "][true()][true()][true()][true()][true()][true()][true()][tr"
    "ue()][true()][true()]",
    /* logic */
    "true() and false()", "true() or false()", "s and none", "none or s",
    "@a and @b", "none and cr:matches('x', '[')",
    "s or cr:matches('x', '[')", "not(none) and s[1] = 1", "1 and 0",
    "'' or 'x'", "$nan or $t", "$f and $nan",
    "s[1] = 1 or s[2] = 1 and s[3] = 1", "1and 0", "@a=1or@a=2",
    "s[@k='v']and s", "  s  [ 1 ]  ", "s[ 2 ]", "(  1  )", "@ a",
    /* cr: functions, odd arguments included */
    "cr:date('2024-03-05')", "cr:date('2024年3月5日')",
    "cr:date(' 2024-03-05 ')", "cr:date('2024-02-30')", "cr:date(45000)",
    "cr:date(19787.5)", "cr:date(-1)", "cr:date(@missing)", "cr:date(none)",
    "cr:date('')", "cr:date($nan)", "cr:date(true())", "cr:date(s)",
    "cr:date(cr:date('2024-03-05'))", "cr:date(@a)", "cr:date($three)",
    "cr:date(1 div 0)", "cr:date(99999999999)",
    "cr:has-token('a b', '')", "cr:has-token('a b', 'b')",
    "cr:has-token(' a  b ', 'a')", "cr:has-token('ab', 'a')",
    "cr:has-token(s, '1')", "cr:has-token($s, $str)",
    "cr:has-token('a\tb', 'b')", "cr:has-token(none, '')",
    "cr:matches('abc', 'b')", "cr:matches('abc', '^B', 'i')",
    "cr:matches('x', '[')", "cr:matches('x', 'x', 'q')",
    "cr:matches(zh, '文')", "cr:matches(none, '^$')",
    "cr:matches(s, '^[0-9]$')", "cr:matches(1 div 0, 'Inf')",
    "cr:days-between('2024-03-01', '2024-03-05')",
    "cr:add-days('2024-03-01', 3)",
    "cr:workdays-between('2024-10-01', '2024-10-10')",
    "cr:distinct-count(dup)", "cr:cn-amount('人民币捌仟元整')",
    "cr:replace('abc', '[bc]', 'x')",
    "cr:date('2024-03-05') - cr:date('2024-03-01')",
    "cr:valid-id('x', 'y')", "cr:date()", "cr:matches('x')",
    "cr:has-token('a')",
    /* the cr: functions through the fast path's own call of their one
     * implementation: each argument kind, each result type, failures */
    "cr:replace(s, '[0-9]', '<$0>')", "cr:replace('abc', '(', 'x')",
    "cr:replace(@mix, 'x', '$9')", "cr:replace(none, '^$', 'e')",
    "cr:cn-amount(s)", "cr:cn-amount('壹万贰仟元整')", "cr:cn-amount(@a)",
    "cr:valid-id('11010519491231002X', 'resident-id')",
    "cr:valid-id(s, 'credit-code')", "cr:valid-id(@a, 'nothing')",
    "cr:lookup(s, 'k', 'v')", "cr:lookup(s, 'k', s/@k)",
    "cr:lookup(s, 'k', $s)", "cr:lookup(s, 'k', 1)", "cr:lookup('x', 'k', 'v')",
    "cr:lookup($s, 'k', 'v')[1]", "count(cr:lookup(s, 'k', none))",
    "cr:distinct-count('x')", "cr:distinct-count(s | n)",
    "cr:distinct-count(@*)", "cr:add-days(s, 1.5)", "cr:add-days(@a, '2')",
    "cr:add-days('2024-03-01', -1 div 0)",
    "cr:add-workdays('2024-10-01', 3)", "cr:add-workdays('1999-01-01', 3)",
    "cr:add-workdays('2024-10-01', 100000)",
    "cr:workdays-between('1999-01-01', '2024-01-01')",
    "cr:days-between(45000, '2024-03-05')", "cr:has-token(m, 'bold')",
    /* substring and friends, computed by the fast path itself: every
     * rounding and NaN/infinity case of xmlXPathSubstringFunction */
    "substring('12345', 1.5, 2.6)", "substring('12345', 0, 3)",
    "substring('12345', -42, 1 div 0)", "substring('12345', -1 div 0, 1 div 0)",
    "substring('12345', 0 div 0, 3)", "substring('12345', 1, 0 div 0)",
    "substring('12345', 2.4999)", "substring('12345', 2.5)",
    "substring('12345', 2, -1)", "substring('12345', 2, 0.4)",
    "substring('12345', 2, 0.5)", "substring('12345', 6)",
    "substring('12345', 5, 1)", "substring('12345', 1 div 0)",
    "substring('12345', -0.5, 2)", "substring('12345', -1.5, 3)",
    "substring('12345', 2147483647)", "substring('12345', 2147483646, 5)",
    "substring('', 1)", "substring('中文字符串', 2, 2)",
    "substring('中文字符串', 4)", "substring(@mix, 2)", "substring(s, '2')",
    "substring(s, $nan)", "substring($s, true())", "substring(1 div 3, 3)",
    "substring-before('中文-字符', '-')", "substring-before('abc', '')",
    "substring-before('abc', 'x')", "substring-before(s, 3)",
    "substring-after('中文-字符', '-')", "substring-after('abc', '')",
    "substring-after('abc', 'x')", "substring-after('abcabc', 'b')",
    "substring-after($s, $s)", "substring-before(m, 'bold')",
    /* core functions through libxml2 */
    "substring('12345', 2, 3)", "substring(m, 0)",
    "substring('abc', 1.5, 2.6)", "substring('abc', 0 div 0)",
    "translate(@mix, 'xy', 'XY')", "translate('abc', 'abc', '')",
    "floor(-1.5)", "floor(@half)", "ceiling(1.2)", "ceiling(-0.5)",
    "round(2.5)", "round(-2.5)", "round(-0.4)", "round($nan)",
    "concat(1, 2)", "concat(1 div 3, '')", "substring-before('a-b', '-')",
    "substring-after(@mix, 'a')", "string(translate(s, '135', 'xyz'))",
    "lang('en')", "id('k1')", "id('k2 k1')", "id('k2 k1')[1]",
    "id('k2 k1')[2]", "id('k1')/text()", "count(id('k2 k1'))",
    "string(id('k2 k1'))", "id('k2 k1') | s", "(id('k2 k1'))[1]",
    "id('k2 k1') = 'one'", "id('k2 k1') + 0",
    /* what the fast path leaves to libxml2 (it must decline these);
     * following:: only in declined[]: libxml2 2.9.14 walks it on into the
     * entity declarations behind references until its node-set limit,
     * most of a second at each context */
    "count(//s)", "//s", "//s[1]", "s//text()", "descendant::s",
    "descendant-or-self::node()", "ancestor::*", "ancestor-or-self::r",
    "preceding::*", "namespace::*", "comment()",
    "processing-instruction()", "m/comment()", "m/processing-instruction()",
    /* errors: libxml2 fails, so the fast path must decline */
    "count('x')", "sum(1)", "'a'/s", "1 | 2", "$str[1]", "$unbound",
    "$failed", "unknown-fn()", "q:x", "string(1, 2)", "concat('a')",
    "true(1)", "substring()", "not()", "position(1)", "$three/x",
    "(1)[1]", "count(1 | s)", "-'a' | s",
};

/* Shapes the fast path must cover (compile, and answer at /r). */
static const char *const covered[] = {
    "s", "n/text()", "node()", "*", "@*", "@a", "@p:at", "p:x", "p:*",
    "self::r", "self::node()", ".", "..", "../@a", "parent::*",
    "s[1]/following-sibling::s", "s[3]/preceding-sibling::s[1]",
    "s[5]/preceding-sibling::s[@k='v'][2]",
    "s[1]/following-sibling::node()", "s[@k='v']", "s[@k='v'][1]",
    "s[2]", "s[last()]", "s[position() > 1]", "$s", "$s[2]", "$str",
    "$three", "$nan", "$t", "(s)[last()]", "(s | n)[1]", "(s | n)[last()]",
    "$s | n", "1 + 2", "5 - 3", "2 * 3", "7 div 2", "7 mod 3", "-@a", "- -1",
    "@a = 1", "@a != 1", "@a < 2", "@a <= 2", "@a > 0", "@a >= 1",
    "s = '3'", "s != 3", "s < $s", "true() and false()",
    "true() or false()", "s | n", "count(s)", "not(s)", "boolean(s)",
    "string(s)", "string()", "normalize-space(ws)", "normalize-space()",
    "number(@a)", "number()", "sum(s)", "contains(m, 'bold')",
    "starts-with(m, 'text')", "string-length(m)", "string-length()",
    "s[position() = 2]", "s[last() - 1]", "concat(@a, 'x', s)",
    "cr:date('2024-03-05')", "cr:date(45000)", "cr:has-token('a b', 'b')",
    "cr:matches('abc', 'b')", "cr:matches('abc', 'B', 'i')",
    "cr:replace('abc', 'b', 'x')", "cr:cn-amount('壹元整')",
    "cr:valid-id('x', 'resident-id')", "cr:lookup(s, 'k', 'v')",
    "cr:distinct-count(s)", "cr:add-days('2024-03-01', 3)",
    "substring('abc', 2)", "substring('abc', 2, 1)",
    "substring-before('a-b', '-')", "substring-after('a-b', '-')",
    "/r/div", "and/or", "2*3", "*[1]*2",
};

/* What the fast path must decline (at /r of the ordered document),
 * either compiling or running. */
static const char *const declined[] = {
    "count(//s)", "//s", "s//text()", "descendant::s", "ancestor::*",
    "following::s", "preceding::*", "namespace::*", "comment()",
    "processing-instruction()", "cr:matches('x', '[')",
    "cr:matches('x', 'x', 'q')", "$unbound", "$failed", "count('x')",
    "sum(1)", "'a'/s", "1 | 2", "$str[1]", "unknown-fn()", "q:x",
    "substring()", "true(1)", "$data | .", "id('k2 k1')",
    "cr:replace('abc', '(', 'x')", "cr:valid-id('x', 'nothing')",
    "cr:lookup('x', 'k', 'v')", "cr:distinct-count('x')",
    "cr:workdays-between('1999-01-01', '2024-01-01')",
    /* no case being scored (env.result NULL): libxml2 reports it; the
     * states themselves are compared by the verify runs of
     * tests/cases/scheme/ (CASEREVIEW_XPATH=verify) */
    "cr:state('A')", "cr:state(s)",
    "(s[4] | s[last()])[1]", "(s | s[last() - 1])[last()]",
    "q/node() | q/*/node()",
};

/* ---- the evaluator's set-up (evaluator.c) ---- */

struct var {
    const char *name;
    xmlXPathObjectPtr value;    /* NULL: a let that failed */
};

static xmlDocPtr doc, data_doc;
static xmlXPathContextPtr xp;
static struct crp_fn_env env;
static struct crp_calendar *calendar;
static struct crp_fx_run *run;
static struct var vars[32];
static int nvars;
static int xp_errors;
/* the node-sets context_node() took its nodes from: a namespace node is
 * a copy the set owns */
static xmlXPathObjectPtr ctx_sets[40];
static int nctx_sets;
static int failures;
static char first_failure[2048];

static void
count_xpath_error(void *data, xmlErrorPtr e)
{
    (void)data;
    (void)e;
    xp_errors++;
}

static void
quiet_generic(void *data, const char *msg, ...)
{
    (void)data;
    (void)msg;
}

static struct var *
find_var(const char *name)
{
    int i;

    for (i = 0; i < nvars; i++)
        if (strcmp(vars[i].name, name) == 0)
            return &vars[i];
    return NULL;
}

/* libxml2 frees what the lookup returns: copies. */
static xmlXPathObjectPtr
lookup_var(void *data, const xmlChar *name, const xmlChar *ns_uri)
{
    struct var *v = find_var((const char *)name);

    (void)data;
    if (ns_uri != NULL || v == NULL || v->value == NULL)
        return NULL;
    return xmlXPathObjectCopy(v->value);
}

/* The fast path borrows them. */
static int
fx_var(void *data, const char *name, xmlXPathObjectPtr *out,
       const struct crp_fx_value **val)
{
    struct var *v = find_var(name);

    *val = NULL;
    (void)data;
    if (v == NULL || v->value == NULL)
        return -1;
    *out = v->value;
    return 0;
}

static void
add_var(const char *name, xmlXPathObjectPtr value)
{
    ck_assert_int_lt(nvars, (int)(sizeof(vars) / sizeof(*vars)));
    vars[nvars].name = name;
    vars[nvars].value = value;
    nvars++;
}

/* A node-set variable: EXPR's value in DOC (libxml2's, so sorted). */
static void
add_nodes_var(const char *name, xmlDocPtr in, const char *expr)
{
    xmlXPathObjectPtr v;

    xp->doc = in;
    xp->node = (xmlNodePtr)in;
    v = xmlXPathEval((const xmlChar *)expr, xp);
    ck_assert_msg(v != NULL && v->type == XPATH_NODESET, "variable %s: %s",
                  name, expr);
    add_var(name, v);
}

static void
open_docs(const char *xml, int ordered)
{
    const char *src = getenv("CR_SOURCE_DIR");
    char path[4096];

    snprintf(path, sizeof(path), "%s/rules/data/cn-workdays.xml",
             src ? src : CR_SOURCE_DIR_DEFAULT);
    ck_assert_int_eq(crp_calendar_load(path, NULL, &calendar), CR_OK);
    xmlSetGenericErrorFunc(NULL, quiet_generic);
    doc = xmlReadMemory(xml, (int)strlen(xml), "case.xml", NULL,
                        CRP_XML_PARSE_OPTS);
    ck_assert_ptr_nonnull(doc);
    data_doc = xmlReadMemory(data_xml, (int)strlen(data_xml), "data.xml",
                             NULL, CRP_XML_PARSE_OPTS);
    ck_assert_ptr_nonnull(data_doc);
    /* data documents are ordered when loaded (checklist-compile.c) */
    xmlXPathOrderDocElems(data_doc);
    if (ordered)
        xmlXPathOrderDocElems(doc);

    xp = xmlXPathNewContext(NULL);
    ck_assert_ptr_nonnull(xp);
    memset(&env, 0, sizeof(env));
    env.calendar = calendar;
    env.regex = crp_regex_cache_new(1000000);
    ck_assert_ptr_nonnull(env.regex);
    xp->userData = &env;
    xp->error = count_xpath_error;
    xmlXPathContextSetCache(xp, 1, -1, 0);
    ck_assert_int_eq(xmlXPathRegisterNs(xp, BAD_CAST "cr",
                                        BAD_CAST CRP_FN_NS), 0);
    ck_assert_int_eq(xmlXPathRegisterNs(xp, BAD_CAST "p",
                                        BAD_CAST "urn:p"), 0);
    ck_assert_int_eq(xmlXPathRegisterNs(xp, BAD_CAST "d",
                                        BAD_CAST "urn:d"), 0);
    ck_assert_int_eq(crp_functions_register(xp), 0);

    nvars = 0;
    add_nodes_var("s", doc, "/r/s");
    add_nodes_var("sv", doc, "/r/s[@k='v']");
    add_nodes_var("none", doc, "/r/nothing");
    add_nodes_var("one", doc, "/r/n[1]");
    add_nodes_var("nums", doc, "/r/num");
    add_nodes_var("attrs", doc, "/r/@*");
    add_nodes_var("texts", doc, "/r/m/text()");
    add_nodes_var("mixed", doc, "/r/m/node() | /r/@a | /r/s[2]/@k");
    /* as libxml2 sorts it, "after" ahead of e2 in the ordered document */
    add_nodes_var("qmix", doc, "/r/q/e1 | /r/q/text() | /r/m/b/text()"
                  " | /r/q/e1/e2");
    add_nodes_var("data", data_doc, "/data");
    add_nodes_var("dv", data_doc, "/data/v");
    add_var("str", xmlXPathNewString(BAD_CAST "v"));
    add_var("estr", xmlXPathNewString(BAD_CAST ""));
    add_var("numstr", xmlXPathNewString(BAD_CAST " 12 "));
    add_var("three", xmlXPathNewFloat(3.0));
    add_var("nan", xmlXPathNewFloat(NAN));
    add_var("inf", xmlXPathNewFloat(INFINITY));
    add_var("negz", xmlXPathNewFloat(-0.0));
    add_var("t", xmlXPathNewBoolean(1));
    add_var("f", xmlXPathNewBoolean(0));
    add_var("failed", NULL);
    xmlXPathRegisterVariableLookup(xp, lookup_var, NULL);

    run = crp_fx_run_new(xp, fx_var, NULL);
    ck_assert_ptr_nonnull(run);
    /* as the engine: the documents it parsed itself have every name in
     * their dictionary, and name tests compare pointers; the runs on the
     * unordered document take the string comparison instead */
    if (ordered) {
        crp_fx_trust(run, 0, doc);
        crp_fx_trust(run, 1, data_doc);
    }
    failures = 0;
    first_failure[0] = '\0';
}

static void
close_docs(void)
{
    int i;

    crp_fx_run_free(run);
    for (i = 0; i < nvars; i++)
        xmlXPathFreeObject(vars[i].value);
    nvars = 0;
    for (i = 0; i < nctx_sets; i++)
        xmlXPathFreeObject(ctx_sets[i]);
    nctx_sets = 0;
    crp_fn_env_reset(&env);
    crp_regex_cache_free(env.regex);
    xmlXPathFreeContext(xp);
    xmlFreeDoc(doc);
    xmlFreeDoc(data_doc);
    crp_calendar_free(calendar);
    xmlSetGenericErrorFunc(NULL, NULL);
}

static xmlNodePtr
context_node(const char *path)
{
    xmlXPathObjectPtr o;
    xmlNodePtr n;

    xp->doc = doc;
    xp->node = (xmlNodePtr)doc;
    o = xmlXPathEval((const xmlChar *)path, xp);
    ck_assert_msg(o && o->type == XPATH_NODESET && o->nodesetval &&
                  o->nodesetval->nodeNr >= 1, "context %s", path);
    n = o->nodesetval->nodeTab[0];
    ck_assert_int_lt(nctx_sets, (int)(sizeof(ctx_sets) / sizeof(*ctx_sets)));
    ctx_sets[nctx_sets++] = o;   /* freed in close_docs() */
    return n;
}

/* As eval-expr.c's prepare(). */
static void
prepare(xmlNodePtr node)
{
    crp_fn_env_reset(&env);
    xp_errors = 0;
    xp->doc = doc;
    xp->node = node;
    xp->contextSize = 1;
    xp->proximityPosition = 1;
}

/* ---- comparing: crp_xpath_same(), strict ---- */

static void __attribute__((format(printf, 1, 2)))
differ(const char *fmt, ...)
{
    char msg[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "fast path differs: %s\n", msg);
    if (failures++ == 0)
        snprintf(first_failure, sizeof(first_failure), "%s", msg);
}

/* ---- one expression ---- */

struct tally {
    int evals, object_answers, bool_answers, string_answers;
};

/* Which expressions the fast path declined, for CR_FX_VERBOSE. */
struct decline_note {
    int compile;        /* crp_fx_compile returned NULL */
    int runs;           /* evaluations declined (object) */
};
static struct decline_note notes[sizeof(exprs) / sizeof(*exprs)];

/* Evaluates EXPR at NODE both ways and records every difference.
 * Returns 1 when the fast path answered crp_fx_object. */
static int
check_at(const char *expr, xmlXPathCompExprPtr comp, const struct crp_fx *fx,
         xmlNodePtr node, const char *where, const char *docname,
         struct tally *t)
{
    xmlXPathObjectPtr slow, fast = NULL;
    char a[1024], b[1024];
    char *fs = NULL;
    int slow_failed, fb = 0, slow_bool, answered;
    xmlChar *ss;

    prepare(node);
    slow = xmlXPathCompiledEval(comp, xp);
    slow_failed = slow == NULL || env.error != NULL || xp_errors > 0;
    prepare(node);
    slow_bool = xmlXPathCompiledEvalToBoolean(comp, xp);
    if (env.error != NULL || xp_errors > 0)
        slow_bool = -1;
    t->evals++;
    if (fx == NULL) {
        xmlXPathFreeObject(slow);
        return 0;
    }

    /* crp_fx_object; a value with a function's failure recorded is no
     * answer (eval-expr.c's fast_clean) */
    prepare(node);
    answered = crp_fx_object(run, fx, node, &fast);
    if (answered && (env.error != NULL || xp_errors > 0)) {
        xmlXPathFreeObject(fast);
        fast = NULL;
        answered = 0;
    }
    if (answered) {
        t->object_answers++;
        if (slow_failed) {
            crp_xpath_describe(fast, a, sizeof(a));
            differ("'%s' at %s (%s): fast %s where libxml2 failed", expr,
                 where, docname, a);
        } else if (!crp_xpath_same(fast, slow)) {
            crp_xpath_describe(fast, a, sizeof(a));
            crp_xpath_describe(slow, b, sizeof(b));
            differ("'%s' at %s (%s): fast %s, libxml2 %s", expr, where,
                 docname, a, b);
        }
    }

    /* crp_fx_bool */
    prepare(node);
    if (crp_fx_bool(run, fx, node, &fb) && env.error == NULL &&
        xp_errors == 0) {
        t->bool_answers++;
        if (slow_failed || slow_bool < 0)
            differ("'%s' at %s (%s): fast boolean %d where libxml2 failed",
                 expr, where, docname, fb);
        else if (!fb != !xmlXPathCastToBoolean(slow) ||
                 !fb != !slow_bool)
            differ("'%s' at %s (%s): fast boolean %d, libxml2 %d (to "
                 "boolean %d)", expr, where, docname, fb,
                 xmlXPathCastToBoolean(slow), slow_bool);
    }

    /* crp_fx_string */
    prepare(node);
    if (crp_fx_string(run, fx, node, &fs) && env.error == NULL &&
        xp_errors == 0) {
        t->string_answers++;
        if (slow_failed) {
            differ("'%s' at %s (%s): fast string '%s' where libxml2 failed",
                 expr, where, docname, fs);
        } else {
            ss = xmlXPathCastToString(slow);
            if (ss == NULL || strcmp(fs, (const char *)ss) != 0)
                differ("'%s' at %s (%s): fast string '%s', libxml2 '%s'",
                     expr, where, docname, fs,
                     ss ? (const char *)ss : "(null)");
            xmlFree(ss);
        }
    }
    crp_free(fs);
    xmlXPathFreeObject(fast);
    xmlXPathFreeObject(slow);
    return answered;
}

/* Runs the whole table on XML at each of CONTEXTS (NULL-terminated). */
static void
run_table(const char *xml, const char *const *contexts, int ordered,
          const char *docname)
{
    xmlNodePtr nodes[32];
    struct tally t;
    size_t i, j, nctx;
    int verbose = getenv("CR_FX_VERBOSE") != NULL;

    open_docs(xml, ordered);
    memset(&t, 0, sizeof(t));
    memset(notes, 0, sizeof(notes));
    for (nctx = 0; contexts[nctx] != NULL; nctx++) {
        ck_assert_uint_lt(nctx, sizeof(nodes) / sizeof(*nodes));
        nodes[nctx] = context_node(contexts[nctx]);
    }
    for (i = 0; i < sizeof(exprs) / sizeof(*exprs); i++) {
        xmlXPathCompExprPtr comp;
        struct crp_fx *fx;

        xp_errors = 0;
        comp = xmlXPathCtxtCompile(xp, (const xmlChar *)exprs[i]);
        if (comp == NULL) {
            /* the engine refuses it at load: never evaluated */
            if (verbose)
                printf("libxml2 does not compile '%s'\n", exprs[i]);
            continue;
        }
        fx = crp_fx_compile(exprs[i], xp);
        notes[i].compile = fx == NULL;
        for (j = 0; j < nctx; j++)
            if (!check_at(exprs[i], comp, fx, nodes[j], contexts[j], docname,
                          &t) && fx != NULL)
                notes[i].runs++;
        crp_fx_free(fx);
        xmlXPathFreeCompExpr(comp);
    }
    printf("test-fastpath (%s): %zu expressions, %zu contexts, %d "
           "evaluations; fast path answered %d objects, %d booleans, %d "
           "strings\n", docname, sizeof(exprs) / sizeof(*exprs), nctx,
           t.evals, t.object_answers, t.bool_answers, t.string_answers);
    for (i = 0; verbose && i < sizeof(exprs) / sizeof(*exprs); i++) {
        if (notes[i].compile)
            printf("  declined when compiling: %s\n", exprs[i]);
        else if (notes[i].runs)
            printf("  declined at %d of %zu contexts: %s\n", notes[i].runs,
                   nctx, exprs[i]);
    }
    close_docs();
    ck_assert_msg(failures == 0, "%d differences; first: %s", failures,
                  first_failure);
}

START_TEST(differential_ordered)
{
    run_table(case_xml, case_contexts, 1, "ordered");
}
END_TEST

START_TEST(differential_not_ordered)
{
    run_table(case_xml, case_contexts, 0, "not ordered");
}
END_TEST

START_TEST(differential_other_document)
{
    run_table(alt_xml, alt_contexts, 1, "second document, ordered");
    run_table(alt_xml, alt_contexts, 0, "second document, not ordered");
}
END_TEST

/* The common shapes compile and are answered (and answered right). */
START_TEST(common_shapes_covered)
{
    struct tally t;
    xmlNodePtr root;
    size_t i;

    open_docs(case_xml, 1);
    memset(&t, 0, sizeof(t));
    root = context_node("/r");
    for (i = 0; i < sizeof(covered) / sizeof(*covered); i++) {
        xmlXPathCompExprPtr comp = xmlXPathCtxtCompile(xp,
                                                 (const xmlChar *)covered[i]);
        struct crp_fx *fx = crp_fx_compile(covered[i], xp);

        ck_assert_msg(comp != NULL, "libxml2 does not compile '%s'",
                      covered[i]);
        ck_assert_msg(fx != NULL, "fast path declines '%s' when compiling",
                      covered[i]);
        ck_assert_msg(check_at(covered[i], comp, fx, root, "/r", "ordered",
                               &t),
                      "fast path declines '%s' at /r", covered[i]);
        crp_fx_free(fx);
        xmlXPathFreeCompExpr(comp);
    }
    ck_assert_int_eq(t.object_answers, (int)(sizeof(covered) /
                                             sizeof(*covered)));
    ck_assert_int_eq(t.bool_answers, t.object_answers);
    ck_assert_int_eq(t.string_answers, t.object_answers);
    close_docs();
    ck_assert_msg(failures == 0, "%d differences; first: %s", failures,
                  first_failure);
}
END_TEST

/* What is left to libxml2 is declined, never answered. */
START_TEST(other_shapes_declined)
{
    xmlNodePtr root;
    size_t i;

    open_docs(case_xml, 1);
    root = context_node("/r");
    for (i = 0; i < sizeof(declined) / sizeof(*declined); i++) {
        struct crp_fx *fx = crp_fx_compile(declined[i], xp);
        xmlXPathObjectPtr o = NULL;
        char *s = NULL;
        int b = 0;

        if (fx == NULL)
            continue;
        prepare(root);
        ck_assert_msg(!crp_fx_object(run, fx, root, &o) ||
                      env.error != NULL || xp_errors > 0,
                      "fast path answers '%s'", declined[i]);
        xmlXPathFreeObject(o);
        prepare(root);
        ck_assert_msg(!crp_fx_bool(run, fx, root, &b) ||
                      env.error != NULL || xp_errors > 0,
                      "fast path answers '%s' (boolean)", declined[i]);
        prepare(root);
        ck_assert_msg(!crp_fx_string(run, fx, root, &s) ||
                      env.error != NULL || xp_errors > 0,
                      "fast path answers '%s' (string)", declined[i]);
        crp_free(s);
        crp_fx_free(fx);
    }
    close_docs();
}
END_TEST

/* A check's context may select namespace::*: libxml2 hands out xmlNs
 * copies for those, smaller than an xmlNode, and the fast path read the
 * doc and children fields past their end (found by fuzz/fuzz-xpath.c).
 * It declines them now, whatever the expression. */
START_TEST(namespace_context_declined)
{
    xmlNodePtr ns;
    size_t i;

    open_docs(case_xml, 1);
    ns = context_node("/r/namespace::p");
    ck_assert_int_eq(ns->type, XML_NAMESPACE_DECL);
    for (i = 0; i < sizeof(covered) / sizeof(*covered); i++) {
        struct crp_fx *fx = crp_fx_compile(covered[i], xp);
        xmlXPathObjectPtr o = NULL;
        xmlNodePtr *nodes = NULL;
        char *str = NULL;
        int b = 0, n = 0;

        ck_assert_ptr_nonnull(fx);
        prepare(ns);
        ck_assert_msg(!crp_fx_object(run, fx, ns, &o), "object '%s'",
                      covered[i]);
        ck_assert_msg(!crp_fx_bool(run, fx, ns, &b), "bool '%s'", covered[i]);
        ck_assert_msg(!crp_fx_string(run, fx, ns, &str), "string '%s'",
                      covered[i]);
        ck_assert_msg(!crp_fx_nodes(run, fx, ns, &nodes, &n), "nodes '%s'",
                      covered[i]);
        crp_fx_free(fx);
    }
    close_docs();
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("fastpath");
    TCase *tc = tcase_create("differential");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, differential_ordered);
    tcase_add_test(tc, differential_not_ordered);
    tcase_add_test(tc, differential_other_document);
    tcase_add_test(tc, common_shapes_covered);
    tcase_add_test(tc, other_shapes_declined);
    tcase_add_test(tc, namespace_context_declined);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
