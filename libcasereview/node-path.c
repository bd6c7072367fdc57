/* node-path.c — finding locations, written exactly as libxml2's
 * xmlGetNodePath() writes them, without its quadratic cost.
 *
 * xmlGetNodePath() numbers a step by scanning the node's siblings, so a
 * case with 100k <document> siblings that all fail took minutes (seen
 * with 2.9.14: 100k findings, >95% of the time in xmlGetNodePath). Here a
 * parent with many children is indexed once per case: every child's
 * occurrence number is computed in one sorted pass and looked up by
 * pointer afterwards. Small parents are scanned as libxml2 does. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "node-path.h"
#include "strbuf.h"

/* Parents with fewer children are scanned directly. */
#define INDEX_MIN_CHILDREN 32
/* Parent indexes kept at once (one per level of a typical path). */
#define CACHE_SLOTS 8

struct child_entry {
    const xmlNode *node;
    int occur;            /* the number printed in [], 0 for none */
};

struct parent_index {
    const xmlNode *parent;
    struct child_entry *children;  /* sorted by node pointer */
    size_t n;
};

struct crp_path_cache {
    struct parent_index slots[CACHE_SLOTS];
    size_t next;          /* slot replaced next */
};

/* ---- the rule of xmlGetNodePath, for one step ---- */

static int
is_generic(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->prefix == NULL;
}

/* Does sibling TMP count when numbering CUR? (as in libxml2's tree.c) */
static int
counts_for(const xmlNode *cur, const xmlNode *tmp)
{
    switch (cur->type) {
    case XML_ELEMENT_NODE:
        return tmp->type == XML_ELEMENT_NODE &&
               (is_generic(cur) ||
                (xmlStrEqual(cur->name, tmp->name) &&
                 (tmp->ns == cur->ns ||
                  (tmp->ns && cur->ns &&
                   xmlStrEqual(cur->ns->prefix, tmp->ns->prefix)))));
    case XML_COMMENT_NODE:
        return tmp->type == XML_COMMENT_NODE;
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
        return tmp->type == XML_TEXT_NODE ||
               tmp->type == XML_CDATA_SECTION_NODE;
    case XML_PI_NODE:
        return tmp->type == XML_PI_NODE && xmlStrEqual(cur->name, tmp->name);
    default:
        return 0;
    }
}

static int
is_numbered(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE || n->type == XML_COMMENT_NODE ||
           n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE ||
           n->type == XML_PI_NODE;
}

static int
scan_occur(const xmlNode *cur)
{
    const xmlNode *tmp;
    int occur = 0;

    for (tmp = cur->prev; tmp; tmp = tmp->prev)
        occur += counts_for(cur, tmp);
    if (occur > 0)
        return occur + 1;
    for (tmp = cur->next; tmp; tmp = tmp->next)
        if (counts_for(cur, tmp))
            return 1;
    return 0;
}

/* ---- indexing a parent with many children ---- */

struct sort_entry {
    const xmlNode *node;
    size_t pos;           /* position among the children */
    int *occur;
};

/* Orders children by class (the nodes that count for each other), then
 * by position. Elements in a default namespace count every element, so
 * they are numbered by a direct scan instead (see index_parent). */
static int
class_cmp(const xmlNode *a, const xmlNode *b)
{
    int ta = a->type == XML_CDATA_SECTION_NODE ? XML_TEXT_NODE : (int)a->type;
    int tb = b->type == XML_CDATA_SECTION_NODE ? XML_TEXT_NODE : (int)b->type;
    const xmlChar *pa, *pb;
    int c;

    if (ta != tb)
        return ta < tb ? -1 : 1;
    if (ta == XML_TEXT_NODE || ta == XML_COMMENT_NODE)
        return 0;
    c = strcmp((const char *)a->name, (const char *)b->name);
    if (c != 0 || ta == XML_PI_NODE)
        return c;
    /* elements: no namespace sorts first, then by prefix */
    pa = a->ns ? a->ns->prefix : NULL;
    pb = b->ns ? b->ns->prefix : NULL;
    if ((a->ns == NULL) != (b->ns == NULL))
        return a->ns == NULL ? -1 : 1;
    if (pa == NULL || pb == NULL)
        return 0;
    return strcmp((const char *)pa, (const char *)pb);
}

static int
sort_by_class(const void *x, const void *y)
{
    const struct sort_entry *a = x, *b = y;
    int c = class_cmp(a->node, b->node);

    if (c != 0)
        return c;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int
sort_by_pointer(const void *x, const void *y)
{
    uintptr_t a = (uintptr_t)((const struct child_entry *)x)->node;
    uintptr_t b = (uintptr_t)((const struct child_entry *)y)->node;

    return a < b ? -1 : a > b;
}

static void
number_runs(struct sort_entry *s, size_t n)
{
    size_t i = 0, j, k;

    while (i < n) {
        for (j = i + 1; j < n && class_cmp(s[i].node, s[j].node) == 0; j++)
            ;
        for (k = i; k < j; k++)
            *s[k].occur = j - i == 1 ? 0 : (int)(k - i + 1);
        i = j;
    }
}

static int
index_parent(struct parent_index *pi, const xmlNode *parent, size_t n)
{
    struct sort_entry *s = crp_calloc(n, sizeof(*s));
    struct child_entry *c = crp_calloc(n, sizeof(*c));
    const xmlNode *k;
    size_t i = 0, ns = 0;

    if (s == NULL || c == NULL) {
        crp_free(s);
        crp_free(c);
        return -1;
    }
    size_t elements = 0, j;

    for (k = parent->children; k && i < n; k = k->next, i++) {
        c[i].node = k;
        if (is_generic(k)) {
            /* counts every element before it: store that, fixed below */
            c[i].occur = -2 - (int)elements;
        }
        elements += k->type == XML_ELEMENT_NODE;
        if (is_generic(k) || !is_numbered(k))
            continue;
        s[ns].node = k;
        s[ns].pos = i;
        s[ns].occur = &c[i].occur;
        ns++;
    }
    qsort(s, ns, sizeof(*s), sort_by_class);
    number_runs(s, ns);
    crp_free(s);
    for (j = 0; j < i; j++)
        if (c[j].occur <= -2)
            c[j].occur = elements > 1 ? -c[j].occur - 1 : 0;
    qsort(c, i, sizeof(*c), sort_by_pointer);
    pi->parent = parent;
    pi->children = c;
    pi->n = i;
    return 0;
}

static void
release_slot(struct parent_index *pi)
{
    crp_free(pi->children);
    memset(pi, 0, sizeof(*pi));
}

/* The occurrence number of CUR: 0 none, -1 out of memory. */
static int
occur_of(struct crp_path_cache *pc, const xmlNode *cur)
{
    const xmlNode *parent = cur->parent, *k;
    struct parent_index *pi = NULL;
    struct child_entry key = {NULL, 0}, *hit;
    size_t i, n = 0;

    if (pc == NULL || parent == NULL || !is_numbered(cur))
        return scan_occur(cur);
    for (i = 0; i < CACHE_SLOTS && pi == NULL; i++)
        if (pc->slots[i].parent == parent)
            pi = &pc->slots[i];
    if (pi == NULL) {
        for (k = parent->children; k && n < INDEX_MIN_CHILDREN; k = k->next)
            n++;
        if (n < INDEX_MIN_CHILDREN)
            return scan_occur(cur);
        for (; k; k = k->next)
            n++;
        pi = &pc->slots[pc->next];
        pc->next = (pc->next + 1) % CACHE_SLOTS;
        release_slot(pi);
        if (index_parent(pi, parent, n) != 0)
            return -1;
    }
    key.node = cur;
    hit = bsearch(&key, pi->children, pi->n, sizeof(key), sort_by_pointer);
    if (hit == NULL)
        return scan_occur(cur);
    return hit->occur;
}

/* ---- the path ---- */

static const char *
sep_of(const xmlNode *n)
{
    if (n->type == XML_ATTRIBUTE_NODE)
        return "/@";
    return is_numbered(n) ? "/" : "?";
}

static char *
slow_path(const xmlNode *node)
{
    xmlChar *p = xmlGetNodePath(node);
    char *r = p ? crp_strdup((const char *)p) : NULL;

    xmlFree(p);
    return r;
}

/* One step: separator, name and number, as xmlGetNodePath prints them. */
static void
step(struct crp_strbuf *sb, const xmlNode *cur, int occur)
{
    char name[100];
    const char *sep = sep_of(cur);

    name[0] = '\0';
    switch (cur->type) {
    case XML_ELEMENT_NODE:
        if (cur->ns && cur->ns->prefix)
            snprintf(name, sizeof(name) - 1, "%s:%s",
                     (const char *)cur->ns->prefix, (const char *)cur->name);
        else
            snprintf(name, sizeof(name), "*");
        break;
    case XML_COMMENT_NODE:
        snprintf(name, sizeof(name), "comment()");
        break;
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
        snprintf(name, sizeof(name), "text()");
        break;
    case XML_PI_NODE:
        snprintf(name, sizeof(name) - 1, "processing-instruction('%s')",
                 (const char *)cur->name);
        break;
    case XML_ATTRIBUTE_NODE:
        if (cur->ns)
            snprintf(name, sizeof(name) - 1, "%s%s%s",
                     cur->ns->prefix ? (const char *)cur->ns->prefix : "",
                     cur->ns->prefix ? ":" : "", (const char *)cur->name);
        break;
    default:
        break;
    }
    crp_strbuf_puts(sb, sep);
    /* libxml2 cuts only the names it formats (at 98 bytes) */
    if ((cur->type == XML_ELEMENT_NODE || cur->type == XML_ATTRIBUTE_NODE) &&
        cur->ns == NULL)
        crp_strbuf_puts(sb, (const char *)cur->name);
    else
        crp_strbuf_puts(sb, name);
    if (occur > 0)
        crp_strbuf_printf(sb, "[%d]", occur);
}

char *
crp_node_path(struct crp_path_cache *pc, const xmlNode *node)
{
    const xmlNode *chain[512], *cur;
    struct crp_strbuf sb;
    size_t depth = 0, i;

    if (node == NULL || node->type == XML_NAMESPACE_DECL)
        return NULL;
    for (cur = node; cur; cur = cur->parent) {
        if (depth == sizeof(chain) / sizeof(*chain))
            return slow_path(node);  /* deeper than any parsed case */
        if (cur->type == XML_DOCUMENT_NODE ||
            cur->type == XML_HTML_DOCUMENT_NODE) {
            /* libxml2 stops at the document once the path starts with
             * '/'; a "?" step (no XPath name) gets the '/' in front */
            if (depth == 0 || sep_of(chain[depth - 1])[0] != '/')
                chain[depth++] = cur;
            break;
        }
        chain[depth++] = cur;
    }
    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "");
    for (i = depth; i-- > 0;) {
        int occur = 0;
        if (chain[i]->type == XML_DOCUMENT_NODE ||
            chain[i]->type == XML_HTML_DOCUMENT_NODE) {
            crp_strbuf_puts(&sb, "/");
            continue;
        }
        if (chain[i]->type != XML_ATTRIBUTE_NODE && is_numbered(chain[i]))
            occur = occur_of(pc, chain[i]);
        if (occur < 0) {
            crp_strbuf_release(&sb);
            return NULL;
        }
        step(&sb, chain[i], occur);
    }
    return crp_strbuf_steal(&sb);
}

struct crp_path_cache *
crp_path_cache_new(void)
{
    return crp_calloc(1, sizeof(struct crp_path_cache));
}

void
crp_path_cache_clear(struct crp_path_cache *pc)
{
    size_t i;

    if (pc == NULL)
        return;
    for (i = 0; i < CACHE_SLOTS; i++)
        release_slot(&pc->slots[i]);
    pc->next = 0;
}

void
crp_path_cache_free(struct crp_path_cache *pc)
{
    crp_path_cache_clear(pc);
    crp_free(pc);
}
