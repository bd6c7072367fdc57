/* xml-scan.c — plain case files tokenized here, not by libxml2.
 *
 * On long case files libxml2's tokenizer was most of the engine's time:
 * it decodes Chinese text one character at a time (xmlCurrentChar,
 * xmlCopyChar). The case-file format needs little of XML, so the common
 * document is read here in one pass over its bytes into the tree the SAX
 * builder (xml-build.c) and libxml2 build: the same nodes, contents,
 * names from the same dictionary and line numbers, including libxml2's
 * rule for the line of a text node (first_flush below). libxml2 2.9.14's
 * parser.c is the reference.
 *
 * Taken here: UTF-8 with an optional BOM and an optional declaration of
 * version 1.0, encoding UTF-8, standalone; elements and attributes with
 * ASCII names and no prefix; text with the five predefined entities and
 * character references; comments without CR. Anything else (a DOCTYPE,
 * namespaces, CDATA, processing instructions, other entities, '&' in an
 * attribute, non-ASCII names, code points libxml2 refuses, a limit come
 * near, any error) returns NULL, and the document goes to libxml2's
 * parser, which builds it or reports the error exactly as before. The
 * scanner may be stricter than libxml2, never looser: the differential
 * test and fuzzer (tests/core/test-xml-build.c, fuzz/fuzz-tree.c) hold
 * it to that. */
#include <stdint.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/dict.h>
#include <libxml/parserInternals.h>   /* xmlStringText, xmlStringComment */
#include <libxml/uri.h>

#include "tree-meter.h"
#include "xml-safe.h"
#include "xml-scan.h"
#include "xml-tree.h"

#define MAX_DEPTH 200                 /* libxml2 refuses past 256 */
/* A text node, comment or attribute value past this is left to libxml2,
 * which refuses one past XML_MAX_TEXT_LENGTH (10000000 bytes). The
 * document itself may be of any size: a large one is read in place here
 * instead of being copied into libxml2's input buffer first. */
#define MAX_TOKEN ((size_t)8 << 20)
#define MAX_NAME 1000                 /* below XML_MAX_NAME_LENGTH */
#define FLUSH 300                     /* XML_PARSER_BIG_BUFFER_SIZE */
#define MAX_ATTRS 256                 /* the duplicate check is quadratic */

typedef const unsigned char *pos;

struct scan {
    pos p, end;
    pos nl_at;           /* newlines are counted up to here */
    long nl_line;        /* the line at nl_at */
    struct crp_arena *a;
    xmlDictPtr dict;
    xmlDocPtr doc;
    ptrdiff_t order;     /* elements so far */
    /* nodes, counted here (checked at each element: between two, at
     * most one text node and MAX_ATTRS attributes come), then in METER */
    unsigned long nodes, max_nodes;
    struct crp_tree_meter *meter;
};

/* ---- bytes ---- */

/* Text bytes: C_PLAIN is libxml2's test_char_data plus LF. */
enum { C_PLAIN, C_LT, C_AMP, C_CR, C_RSQB, C_U2, C_U3, C_U4, C_BAD };

static const unsigned char text_class[256] = {
    8, 8, 8, 8, 8, 8, 8, 8, 8, 0, 0, 8, 8, 3, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
    5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
};

static int
is_char(uint32_t v)
{
    return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
           (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);
}

/* The length of the multi-byte UTF-8 character at P, 0 when it is not
 * one (overlong, truncated, a surrogate, U+FFFE / U+FFFF, past U+10FFFF:
 * each an error for libxml2). */
static size_t
utf8_len(pos p, pos end)
{
    unsigned c = p[0];
    uint32_t v;

    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        return end - p >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        v = (c & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
        return v >= 0x800 && is_char(v) ? 3 : 0;
    }
    if (c > 0xF4 || end - p < 4 || (p[1] & 0xC0) != 0x80 ||
        (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
        return 0;
    v = (c & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 |
        (p[3] & 0x3Fu);
    return v >= 0x10000 && v <= 0x10FFFF ? 4 : 0;
}

/* A three-byte character with this lead needs only its continuation
 * bytes checked, except after EF BF (U+FFFE, U+FFFF): not E0 (overlong
 * forms) nor ED (surrogates). */
static int
plain_lead3(uint32_t lead, uint32_t second)
{
    return lead >= 0xE1 && lead <= 0xEF && lead != 0xED &&
           !(lead == 0xEF && second == 0xBF);
}

/* Past the multi-byte characters from Q (a byte >= 0x80) on; NULL at one
 * that is not a character. Most Chinese text is three-byte characters
 * with a plain lead: two of them are checked at a time from one load. */
static pos
skip_utf8(pos q, pos end)
{
    do {
        size_t n;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        while (end - q >= 8) {
            uint64_t x;
            memcpy(&x, q, 8);
            if ((x & 0xC0C0F0C0C0F0u) != 0x8080E08080E0u ||
                !plain_lead3(x & 0xFF, x >> 8 & 0xFF) ||
                !plain_lead3(x >> 24 & 0xFF, x >> 32 & 0xFF))
                break;
            q += 6;
        }
#endif
        while (end - q >= 3 && (q[1] & 0xC0) == 0x80 &&
               (q[2] & 0xC0) == 0x80 && plain_lead3(q[0], q[1]))
            q += 3;
        if (q >= end || *q < 0x80)
            break;
        if ((n = utf8_len(q, end)) == 0)
            return NULL;
        q += n;
    } while (q < end && *q >= 0x80);
    return q;
}

static size_t
put_utf8(unsigned char *o, uint32_t v)
{
    if (v < 0x80) {
        o[0] = (unsigned char)v;
        return 1;
    }
    if (v < 0x800) {
        o[0] = (unsigned char)(0xC0 | v >> 6);
        o[1] = (unsigned char)(0x80 | (v & 0x3F));
        return 2;
    }
    if (v < 0x10000) {
        o[0] = (unsigned char)(0xE0 | v >> 12);
        o[1] = (unsigned char)(0x80 | (v >> 6 & 0x3F));
        o[2] = (unsigned char)(0x80 | (v & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | v >> 18);
    o[1] = (unsigned char)(0x80 | (v >> 12 & 0x3F));
    o[2] = (unsigned char)(0x80 | (v >> 6 & 0x3F));
    o[3] = (unsigned char)(0x80 | (v & 0x3F));
    return 4;
}

static int
is_blank(unsigned c)
{
    return c == 0x20 || c == 0x9 || c == 0xA || c == 0xD;
}

/* Markup bytes: B_START starts an ASCII name, B_NAME continues one,
 * B_VALUE is printable ASCII an attribute value takes as it is (not a
 * quote, '<' or '&'). */
enum { B_START = 1, B_NAME = 2, B_VALUE = 4 };

static const unsigned char byte_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    4, 4, 0, 4, 4, 4, 0, 0, 4, 4, 4, 4, 4, 6, 6, 4,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 4, 4, 0, 4, 4, 4,
    4, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 4, 4, 4, 4, 7,
    4, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 4, 4, 4, 4, 4,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static int
is_name_start(unsigned c)
{
    return byte_class[c] & B_START;
}

static int
is_name_char(unsigned c)
{
    return byte_class[c] & B_NAME;
}

/* Skips blanks; nonzero when there were any. */
static int
skip_blanks(struct scan *s)
{
    pos p = s->p;

    while (s->p < s->end && is_blank(*s->p))
        s->p++;
    return s->p != p;
}

static int
at(const struct scan *s, const char *lit)
{
    size_t n = strlen(lit);

    return (size_t)(s->end - s->p) >= n && memcmp(s->p, lit, n) == 0;
}

/* libxml2's line at Q: one plus the newlines before it (it counts LF
 * only; CR LF is one LF to it). Q never moves back. */
static long
line_at(struct scan *s, pos q)
{
    pos x = s->nl_at;

    while (x < q && (x = memchr(x, '\n', (size_t)(q - x))) != NULL) {
        s->nl_line++;
        x++;
    }
    s->nl_at = q;
    return s->nl_line;
}

/* ---- nodes: as xml-build.c's handlers make them ---- */

/* (perf) inlined: called for every node of every case */
static inline __attribute__((always_inline)) xmlNodePtr
new_node(struct scan *s, xmlElementType type, const xmlChar *name)
{
    xmlNodePtr n = crp_arena_take(s->a, sizeof(*n));

    if (n) {
        memset(n, 0, sizeof(*n));
        n->type = type;
        n->name = name;
        n->doc = s->doc;
    }
    return n;
}

/* ---- names ---- */

/* An ASCII name without prefix, from the dictionary; NULL otherwise. */
static const xmlChar *
name(struct scan *s)
{
    pos b = s->p;

    if (b >= s->end || !is_name_start(*b))
        return NULL;
    while (s->p < s->end && is_name_char(*s->p))
        s->p++;
    if (s->p >= s->end || *s->p == ':' || *s->p >= 0x80 ||
        s->p - b > MAX_NAME)
        return NULL;
    return xmlDictLookup(s->dict, b, (int)(s->p - b));
}

/* ---- references ---- */

/* The reference at Q ('&') written at *OUT (advanced); the position
 * after it, NULL for any reference not taken here (entities other than
 * the five, and character references libxml2 refuses or spells
 * otherwise). */
static pos
reference(pos q, pos end, unsigned char **out)
{
    static const struct { const char *ref; unsigned char c; } named[] = {
        {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'},
        {"&apos;", '\''},
    };
    size_t i;

    if (end - q >= 2 && q[1] == '#') {
        int hex = end - q >= 3 && q[2] == 'x', n = 0;
        pos r = q + (hex ? 3 : 2);
        uint32_t v = 0;

        for (; r < end && n <= 7; r++, n++) {
            unsigned c = *r;
            if (c >= '0' && c <= '9')
                v = v * (hex ? 16 : 10) + (c - '0');
            else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
                v = v * 16 + ((c | 0x20) - 'a' + 10);
            else
                break;
        }
        if (n == 0 || n > 7 || r >= end || *r != ';' || !is_char(v))
            return NULL;
        *out += put_utf8(*out, v);
        return r + 1;
    }
    for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
        size_t n = strlen(named[i].ref);
        if ((size_t)(end - q) >= n && memcmp(q, named[i].ref, n) == 0) {
            *(*out)++ = named[i].c;
            return q + n;
        }
    }
    return NULL;
}

/* ---- text ---- */

/* Where text starting at S ends ('<'); *SPECIAL set when it holds a
 * reference or a CR. NULL at anything not taken here. */
static pos
text_end(const struct scan *s, pos q, int *special)
{
    pos end = s->end;

    for (;;) {
        while (q < end && text_class[*q] == C_PLAIN)
            q++;
        if (q >= end)
            return NULL;             /* the document ends inside it */
        switch (text_class[*q]) {
        case C_LT:
            return q;
        case C_AMP:
        case C_CR:
            *special = 1;
            q++;
            break;
        case C_RSQB:
            if (end - q >= 3 && q[1] == ']' && q[2] == '>')
                return NULL;         /* "]]>": an error */
            q++;
            break;
        case C_U2:
        case C_U3:
        case C_U4:
            if ((q = skip_utf8(q, end)) == NULL)
                return NULL;
            break;
        default:
            return NULL;
        }
    }
}

/* Where libxml2 first hands the text [S, E) to the SAX handler, which
 * is when SAX2.c creates its node and gives it the line of that point.
 * xmlParseCharData hands over an ASCII run (spaces, newlines,
 * test_char_data, a lone ']') where it stops; at a CR LF with nothing
 * before it goes on from the LF. Where the run is empty,
 * xmlParseCharDataComplex takes over and hands over chunks of FLUSH
 * bytes (after CR LF becomes LF). A reference is handed over whole. */
static pos
first_flush(pos s, pos e)
{
    pos cur = s, in = s;
    size_t nb = 0;

    if (*s == '&')
        return s;
    for (;;) {
        while (in < e && (text_class[*in] == C_PLAIN || *in == ']') &&
               *in < 0x80)
            in++;
        if (in > cur || in >= e)
            return in;
        if (*in == '\r' && e - in >= 2 && in[1] == '\n') {
            cur = in + 1;
            in += 2;
            if (in < e && ((*in >= 0x20 && *in <= 0x7F) || *in == '\t' ||
                           *in == '\n'))
                continue;
        }
        break;
    }
    for (in = cur; in < e && *in != '&';) {
        if (*in == '\r') {
            in += e - in >= 2 && in[1] == '\n' ? 2 : 1;
            nb++;
        } else if (*in < 0x80) {
            in++;
            nb++;
        } else {
            size_t n = utf8_len(in, e);   /* checked by text_end */
            if (n == 0)
                break;
            in += n;
            nb += n;
        }
        if (nb >= FLUSH)
            break;
    }
    return in;
}

/* The text node at s->p (not '<'), appended to PARENT. */
static int
text(struct scan *s, xmlNodePtr parent)
{
    pos b = s->p, e;
    int special = 0;
    long line;
    xmlNodePtr t;

    if ((e = text_end(s, b, &special)) == NULL || (size_t)(e - b) > MAX_TOKEN)
        return -1;
    if ((t = new_node(s, XML_TEXT_NODE, xmlStringText)) == NULL)
        return -1;
    s->nodes++;
    line = line_at(s, first_flush(b, e));
    crp_tree_text_line(t, line);
    if (!special) {
        t->content = crp_tree_copy(s->a, b, (size_t)(e - b));
    } else {
        /* references and CR: never longer than the source */
        unsigned char *o = crp_arena_take(s->a, (size_t)(e - b) + 1);
        pos q = b;

        if ((t->content = o) == NULL)
            return -1;
        while (q < e) {
            if (*q == '&') {
                if ((q = reference(q, e, &o)) == NULL)
                    return -1;
            } else if (*q == '\r') {
                *o++ = '\n';
                q += e - q >= 2 && q[1] == '\n' ? 2 : 1;
            } else {
                *o++ = *q++;
            }
        }
        *o = 0;
    }
    if (t->content == NULL)
        return -1;
    crp_tree_append(parent, t);
    s->p = e;
    return 0;
}

/* ---- markup ---- */

/* "<!--" at s->p: a comment without CR, appended to PARENT. */
static int
comment(struct scan *s, xmlNodePtr parent)
{
    pos b = s->p + 4, q = b;
    xmlNodePtr c;
    long line;

    for (;;) {
        if (q >= s->end)
            return -1;
        if (*q == '-' && s->end - q >= 2 && q[1] == '-')
            break;
        if (*q >= 0x80) {
            if ((q = skip_utf8(q, s->end)) == NULL)
                return -1;
        } else if (*q >= 0x20 || *q == '\t' || *q == '\n') {
            q++;
        } else {
            return -1;   /* CR is left to libxml2, like any control */
        }
    }
    if (s->end - q < 3 || q[2] != '>' || (size_t)(q - b) > MAX_TOKEN)
        return -1;       /* "--" inside: an error */
    if ((c = new_node(s, XML_COMMENT_NODE, xmlStringComment)) == NULL ||
        (c->content = crp_tree_copy(s->a, b, (size_t)(q - b))) == NULL)
        return -1;
    s->nodes++;
    s->p = q + 3;
    line = line_at(s, s->p);
    c->line = crp_tree_line16(line);
    crp_tree_append(parent, c);
    return 0;
}

/* An attribute value at s->p (a quote) into EL's attribute AT: one text
 * node, with the line of the start tag's end when libxml2 did not have
 * to copy the value (printable ASCII only), none when it did. */
static int
attr_value(struct scan *s, xmlAttrPtr at, int *copied)
{
    pos q, b;
    unsigned char quote, *o;
    xmlNodePtr t;
    int blanks = 0;

    if (s->p >= s->end || (*s->p != '"' && *s->p != '\''))
        return -1;
    quote = *s->p;
    b = q = s->p + 1;
    *copied = 0;
    for (;;) {
        while (q < s->end && (byte_class[*q] & B_VALUE))
            q++;
        if (q >= s->end)
            return -1;
        if (*q == quote)
            break;
        if (*q >= 0x80) {
            if ((q = skip_utf8(q, s->end)) == NULL)
                return -1;
            *copied = 1;
        } else if (*q == '"' || *q == '\'') {
            q++;
        } else if (is_blank(*q)) {
            q++;
            *copied = blanks = 1;
        } else {
            return -1;   /* '<', a control; '&': as xml-build.c, left */
        }
    }
    if ((size_t)(q - b) > MAX_TOKEN ||
        (t = new_node(s, XML_TEXT_NODE, xmlStringText)) == NULL ||
        (o = crp_arena_take(s->a, (size_t)(q - b) + 1)) == NULL)
        return -1;
    t->content = o;
    if (!blanks) {
        memcpy(o, b, (size_t)(q - b));
        o += q - b;
    } else {
        /* xmlParseAttValueComplex: each blank a space, CR LF one */
        for (pos r = b; r < q; r++) {
            if (*r == '\r' && r + 1 < q && r[1] == '\n')
                continue;
            *o++ = is_blank(*r) ? ' ' : *r;
        }
    }
    *o = 0;
    t->parent = (xmlNodePtr)at;
    at->children = at->last = t;
    s->p = q + 1;
    return 0;
}

/* The start tag at s->p ('<'), its element appended to PARENT; *EMPTY
 * for "/>". */
static xmlNodePtr
start_tag(struct scan *s, xmlNodePtr parent, int *empty)
{
    xmlNodePtr el;
    xmlAttrPtr last = NULL, a;
    const xmlChar *n;
    long line;
    int count = 0;

    s->p++;
    if (++s->nodes > s->max_nodes || (n = name(s)) == NULL ||
        (el = new_node(s, XML_ELEMENT_NODE, n)) == NULL)
        return NULL;
    /* what xmlXPathOrderDocElems() would write (see xml-build.c) */
    el->content = (xmlChar *)(intptr_t)(-(++s->order));
    crp_tree_append(parent, el);
    for (;;) {
        int blank = skip_blanks(s), copied;
        pos nb;

        if (s->p >= s->end)
            return NULL;
        if (*s->p == '>' || (*s->p == '/' && s->end - s->p >= 2 &&
                             s->p[1] == '>'))
            break;
        nb = s->p;
        if (!blank || ++count > MAX_ATTRS || (n = name(s)) == NULL)
            return NULL;
        if (s->p - nb == 5 && memcmp(nb, "xmlns", 5) == 0)
            return NULL;                     /* a namespace */
        for (a = el->properties; a; a = a->next)
            if (a->name == n)
                return NULL;                 /* twice: an error */
        skip_blanks(s);
        if (s->p >= s->end || *s->p != '=')
            return NULL;
        s->p++;
        skip_blanks(s);
        if ((a = crp_arena_take(s->a, sizeof(*a))) == NULL)
            return NULL;
        memset(a, 0, sizeof(*a));
        a->type = XML_ATTRIBUTE_NODE;
        a->name = n;
        a->parent = el;
        a->doc = s->doc;
        if (attr_value(s, a, &copied) < 0)
            return NULL;
        /* the line comes once the tag's end is known */
        a->children->psvi = copied ? NULL : (void *)a;
        if (last) {
            last->next = a;
            a->prev = last;
        } else {
            el->properties = a;
        }
        last = a;
    }
    s->nodes += 2 * (unsigned long)count;   /* each value a text node */
    /* SAX2.c numbers the element, and its uncopied values' text nodes,
     * with the line where the start tag ends */
    line = line_at(s, s->p);
    el->line = crp_tree_line16(line);
    for (a = el->properties; a; a = a->next) {
        xmlNodePtr t = a->children;
        if (t->psvi == NULL)
            continue;
        crp_tree_text_line(t, line);
    }
    *empty = *s->p == '/';
    s->p += *empty ? 2 : 1;
    return el;
}

/* "</" at s->p, closing EL. */
static int
end_tag(struct scan *s, xmlNodePtr el)
{
    size_t n = strlen((const char *)el->name);

    s->p += 2;
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, el->name, n) != 0)
        return -1;
    s->p += n;
    if (s->p < s->end && (is_name_char(*s->p) || *s->p == ':'))
        return -1;
    skip_blanks(s);
    if (s->p >= s->end || *s->p != '>')
        return -1;
    s->p++;
    return 0;
}

/* The root element and everything in it. */
static int
content(struct scan *s)
{
    xmlNodePtr parent = (xmlNodePtr)s->doc, el;
    int depth = 0, empty;

    for (;;) {
        if (s->p >= s->end)
            return -1;
        if (*s->p != '<') {
            if (depth == 0 || text(s, parent) < 0)
                return -1;
            continue;
        }
        if (s->end - s->p < 2)
            return -1;
        switch (s->p[1]) {
        case '/':
            if (depth == 0 || end_tag(s, parent) < 0)
                return -1;
            parent = parent->parent;
            if (--depth == 0)
                return 0;
            break;
        case '!':
            if (depth == 0 || !at(s, "<!--") || comment(s, parent) < 0)
                return -1;   /* CDATA, a DOCTYPE: libxml2's */
            break;
        case '?':
            return -1;       /* a processing instruction */
        default:
            if ((el = start_tag(s, parent, &empty)) == NULL)
                return -1;
            if (!empty) {
                if (++depth > MAX_DEPTH)
                    return -1;
                parent = el;
            } else if (depth == 0) {
                return 0;
            }
        }
    }
}

/* Blanks and comments before or after the root. */
static int
misc(struct scan *s)
{
    for (;;) {
        skip_blanks(s);
        if (!at(s, "<!--"))
            return 0;
        if (comment(s, (xmlNodePtr)s->doc) < 0)
            return -1;
    }
}

/* "<?xml": version 1.0, encoding UTF-8 in any case, standalone; the
 * encoding as written and standalone go to the document, as libxml2
 * records them (no standalone: -2). */
static int
declaration(struct scan *s)
{
    static const char *const keys[] = {"version", "encoding", "standalone"};
    int k, blank;

    s->p += 5;
    s->doc->standalone = -2;
    blank = skip_blanks(s);
    for (k = 0; k < 3; k++) {
        pos v;
        size_t n = strlen(keys[k]);
        unsigned char quote;

        if (!at(s, keys[k])) {
            if (k == 0)
                return -1;
            continue;
        }
        if (!blank)
            return -1;           /* libxml2 wants blanks between */
        s->p += n;
        skip_blanks(s);
        if (s->p >= s->end || *s->p != '=')
            return -1;
        s->p++;
        skip_blanks(s);
        if (s->p >= s->end || (*s->p != '"' && *s->p != '\''))
            return -1;
        quote = *s->p++;
        for (v = s->p; s->p < s->end && *s->p != quote; s->p++)
            if (!is_name_char(*s->p))
                return -1;
        if (s->p >= s->end)
            return -1;
        n = (size_t)(s->p - v);
        s->p++;
        if (k == 0 && !(n == 3 && memcmp(v, "1.0", 3) == 0))
            return -1;
        if (k == 1) {
            if (!((n == 5 && xmlStrncasecmp(v, BAD_CAST "UTF-8", 5) == 0) ||
                  (n == 4 && xmlStrncasecmp(v, BAD_CAST "UTF8", 4) == 0)))
                return -1;
            if ((s->doc->encoding = xmlStrndup(v, (int)n)) == NULL)
                return -1;
        }
        if (k == 2) {
            if (n == 3 && memcmp(v, "yes", 3) == 0)
                s->doc->standalone = 1;
            else if (n == 2 && memcmp(v, "no", 2) == 0)
                s->doc->standalone = 0;
            else
                return -1;
        }
        blank = skip_blanks(s);
    }
    skip_blanks(s);
    if (!at(s, "?>"))
        return -1;
    s->p += 2;
    return 0;
}

static void
drop(xmlDocPtr doc)
{
    if (doc) {
        doc->children = doc->last = NULL;
        xmlFreeDoc(doc);
    }
}

xmlDocPtr
crp_scan_parse(struct crp_arena *nodes, xmlDictPtr dict, const char *buf,
               size_t len, const char *url, struct crp_tree_meter *meter)
{
    struct scan s;

    if (buf == NULL || len == 0 || len > (size_t)INT32_MAX || dict == NULL)
        return NULL;
    memset(&s, 0, sizeof(s));
    s.p = (pos)buf;
    s.end = s.p + len;
    s.nl_at = s.p;
    s.nl_line = 1;
    s.a = nodes;
    s.dict = dict;
    s.meter = meter;
    s.max_nodes = meter ? meter->max_nodes : (unsigned long)-1;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        s.p += 3;
    if ((s.doc = xmlNewDoc(BAD_CAST "1.0")) == NULL)
        return NULL;
    /* what xmlSAX2StartDocument and xmlParseDocument leave there */
    s.doc->properties = XML_DOC_WELLFORMED | XML_DOC_NSVALID |
                        XML_DOC_DTDVALID;
    s.doc->parseFlags = CRP_XML_PARSE_OPTS;
    s.doc->dict = dict;
    xmlDictReference(dict);
    if (url && (s.doc->URL = xmlPathToURI(BAD_CAST url)) == NULL)
        goto declined;
    if (at(&s, "<?xml") && s.end - s.p > 5 && is_blank(s.p[5]) &&
        declaration(&s) < 0)
        goto declined;
    if (misc(&s) < 0 || content(&s) < 0 || misc(&s) < 0 || s.p != s.end)
        goto declined;
    if (s.nodes <= s.max_nodes) {
        (void)crp_meter_nodes(meter, s.nodes);
        return s.doc;
    }
declined:
    /* stopped at the limit: the meter says so */
    if (s.nodes > s.max_nodes)
        (void)crp_meter_nodes(meter, s.nodes);
    drop(s.doc);
    return NULL;
}
