/* xml-lines.c — start-tag lines for diagnostics (see xml-lines.h).
 *
 * A small scan of the markup, not a parser: the document has been parsed
 * and found well-formed already, so the scan only has to skip what can
 * hold a '<' that opens no element (comments, CDATA, processing
 * instructions, the DOCTYPE and its internal subset, quoted attribute
 * values), count lines as libxml2 does (CR LF and a lone CR are one line
 * break), and note each start tag's name and line. */
#include <string.h>

#include "alloc.h"
#include "xml-lines.h"

struct tag {
    const char *name;   /* in the buffer, not NUL-terminated */
    size_t len;
    long line;
};

struct scan {
    const char *p, *end;
    long line;
    struct tag *tags;
    size_t n, cap;
};

/* Advances past one character, counting line breaks. */
static void
step(struct scan *s)
{
    if (*s->p == '\n' || (*s->p == '\r' && !(s->p + 1 < s->end
                                             && s->p[1] == '\n')))
        s->line++;
    s->p++;
}

/* Skips to just past TERM (or to the end). */
static void
skip_past(struct scan *s, const char *term)
{
    size_t n = strlen(term);

    while (s->p < s->end) {
        if ((size_t)(s->end - s->p) >= n && memcmp(s->p, term, n) == 0) {
            s->p += n;
            return;
        }
        step(s);
    }
}

/* Follows quoting: nonzero for a quote mark or a character inside one
 * (where '>' and '[' mean nothing). */
static int
quoted(char *quote, char c)
{
    if (*quote) {
        if (c == *quote)
            *quote = 0;
        return 1;
    }
    if (c == '"' || c == '\'') {
        *quote = c;
        return 1;
    }
    return 0;
}

/* Skips a tag's remainder to just past its '>', over quoted values. */
static void
skip_tag(struct scan *s)
{
    char quote = 0;

    while (s->p < s->end) {
        char c = *s->p;

        step(s);
        if (!quoted(&quote, c) && c == '>')
            return;
    }
}

/* The DOCTYPE: to its '>', over an internal subset in [...] (which holds
 * declarations, comments and quoted strings, not elements). */
static void
skip_doctype(struct scan *s)
{
    char quote = 0;
    int subset = 0;

    while (s->p < s->end) {
        char c = *s->p;

        if (!quote && subset && c == '<' && s->end - s->p >= 4
            && memcmp(s->p, "<!--", 4) == 0) {
            skip_past(s, "-->");
            continue;
        }
        step(s);
        if (quoted(&quote, c))
            continue;
        if (c == '[') {
            subset = 1;
        } else if (c == ']') {
            subset = 0;
        } else if (c == '>' && !subset) {
            return;
        }
    }
}

static int
name_char(unsigned char c)
{
    return !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>'
             || c == '/' || c == '=');
}

static int
add_tag(struct scan *s, const char *name, size_t len, long line)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        struct tag *v = crp_realloc(s->tags, cap * sizeof(*v));

        if (v == NULL)
            return -1;
        s->tags = v;
        s->cap = cap;
    }
    s->tags[s->n].name = name;
    s->tags[s->n].len = len;
    s->tags[s->n++].line = line;
    return 0;
}

static int
scan_tags(struct scan *s)
{
    while (s->p < s->end) {
        const char *name;
        long line;

        if (*s->p != '<') {
            step(s);
            continue;
        }
        if (s->end - s->p >= 4 && memcmp(s->p, "<!--", 4) == 0)
            skip_past(s, "-->");
        else if (s->end - s->p >= 9 && memcmp(s->p, "<![CDATA[", 9) == 0)
            skip_past(s, "]]>");
        else if (s->end - s->p >= 2 && s->p[1] == '?')
            skip_past(s, "?>");
        else if (s->end - s->p >= 2 && s->p[1] == '!')
            skip_doctype(s);
        else if (s->end - s->p >= 2 && s->p[1] == '/')
            skip_tag(s);
        else {
            line = s->line;
            name = ++s->p;
            while (s->p < s->end && name_char((unsigned char)*s->p))
                s->p++;
            if (add_tag(s, name, (size_t)(s->p - name), line) != 0)
                return -1;
            skip_tag(s);
        }
    }
    return 0;
}

/* Does TAG name NODE ("prefix:local" or "local")? */
static int
same_name(const struct tag *t, xmlNodePtr node)
{
    size_t plen = 0, llen = strlen((const char *)node->name);

    if (node->ns && node->ns->prefix) {
        plen = strlen((const char *)node->ns->prefix);
        if (t->len != plen + 1 + llen
            || memcmp(t->name, node->ns->prefix, plen) != 0
            || t->name[plen] != ':')
            return 0;
        plen++;
    } else if (t->len != llen) {
        return 0;
    }
    return memcmp(t->name + plen, node->name, llen) == 0;
}

/* The next element after NODE in document order, below ROOT. */
static xmlNodePtr
next_element(xmlNodePtr node, xmlNodePtr root)
{
    for (;;) {
        if (node->children && node->type == XML_ELEMENT_NODE)
            node = node->children;
        else {
            while (node != root && node->next == NULL)
                node = node->parent;
            if (node == root)
                return NULL;
            node = node->next;
        }
        if (node->type == XML_ELEMENT_NODE)
            return node;
    }
}

/* Walks the elements against the tags; SET: also sets their lines. */
static int
match(xmlNodePtr root, const struct scan *s, int set)
{
    xmlNodePtr node = root;
    size_t i = 0;

    for (; node; node = next_element(node, root), i++) {
        if (i >= s->n || !same_name(&s->tags[i], node))
            return 0;
        /* libxml2 keeps lines past 65535 elsewhere (BIG_LINES): leave
         * those as they are */
        if (set && s->tags[i].line < 65535 && node->line < 65535)
            node->line = (unsigned short)s->tags[i].line;
    }
    return i == s->n;
}

int
crp_xml_start_lines(xmlDocPtr doc, const char *buf, size_t len)
{
    struct scan s = {buf, buf + len, 1, NULL, 0, 0};
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int rc = 0;

    if (root == NULL)
        return 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        s.p += 3;
    if (scan_tags(&s) != 0)
        rc = -1;
    else if (match(root, &s, 0))
        match(root, &s, 1);
    crp_free(s.tags);
    return rc;
}
