/* diff-entries.c — which entries of a data document (or calendar) differ
 * between two files. An entry is an element child of the root, known by
 * its name and first identifying attribute (benchmark[@code='FOOD-034'],
 * holiday[@date='2026-10-01']), by position when it has none; the root's
 * own attributes are one more entry (a calendar's from and to matter).
 * Entries are compared as serialized XML, blanks between elements
 * ignored. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "diff-decl.h"

#define MAX_LISTED 50   /* entries listed per document; the rest counted */

static const char *const key_attrs[] = {"code", "id", "date", "name",
                                        "type", "key", NULL};

struct entry {
    char *key;
    char *text;
    size_t seq;          /* position, to keep duplicates in order */
};

struct entries {
    struct entry *v;
    size_t n;
};

static char *
node_text(xmlDocPtr doc, xmlNodePtr n)
{
    xmlBufferPtr b = xmlBufferCreate();
    char *s;

    if (b == NULL)
        return batch_xstrdup("");
    xmlNodeDump(b, doc, n, 0, 0);
    s = batch_xstrdup((const char *)xmlBufferContent(b));
    xmlBufferFree(b);
    return s;
}

static char *
entry_key(xmlNodePtr n, size_t pos)
{
    struct batch_buf k = {0};
    size_t i;

    batch_buf_puts(&k, (const char *)n->name);
    for (i = 0; key_attrs[i]; i++) {
        xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)key_attrs[i]);
        if (v) {
            batch_buf_printf(&k, "[@%s='%s']", key_attrs[i], (char *)v);
            xmlFree(v);
            return k.data;
        }
    }
    batch_buf_printf(&k, "[%zu]", pos);
    return k.data;
}

/* The root's attributes, serialized, as the entry "root[@*]". */
static void
root_entry(xmlNodePtr root, struct entries *e)
{
    struct batch_buf t = {0};
    struct batch_buf k = {0};
    xmlAttrPtr a;

    batch_buf_puts(&t, "");
    for (a = root->properties; a; a = a->next) {
        xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
        batch_buf_printf(&t, "%s=%s\n", (const char *)a->name,
                         v ? (char *)v : "");
        xmlFree(v);
    }
    batch_buf_printf(&k, "%s[@*]", (const char *)root->name);
    e->v[e->n].key = k.data;
    e->v[e->n].text = t.data ? t.data : batch_xstrdup("");
    e->v[e->n].seq = e->n;
    e->n++;
}

static int
by_key(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    if (c)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
read_entries(const char *path, struct entries *e)
{
    xmlDocPtr doc = xmlReadFile(path, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOBLANKS |
                                XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlNodePtr k;
    size_t count = 1, pos = 0;

    if (root == NULL) {
        xmlFreeDoc(doc);
        return -1;
    }
    for (k = root->children; k; k = k->next)
        count += k->type == XML_ELEMENT_NODE;
    e->v = batch_xmalloc(count * sizeof(*e->v));
    e->n = 0;
    root_entry(root, e);
    for (k = root->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        e->v[e->n].key = entry_key(k, ++pos);
        e->v[e->n].text = node_text(doc, k);
        e->v[e->n].seq = e->n;
        e->n++;
    }
    xmlFreeDoc(doc);
    qsort(e->v, e->n, sizeof(*e->v), by_key);
    return 0;
}

static void
free_entries(struct entries *e)
{
    size_t i;

    for (i = 0; i < e->n; i++) {
        free(e->v[i].key);
        free(e->v[i].text);
    }
    free(e->v);
}

static void
note(struct decl_change *c, const char *key, int change)
{
    if (c->nentries == MAX_LISTED) {
        c->more++;
        return;
    }
    c->entries = batch_xrealloc(c->entries,
                                (c->nentries + 1) * sizeof(*c->entries));
    c->entries[c->nentries].key = batch_xstrdup(key);
    c->entries[c->nentries].change = change;
    c->nentries++;
}

int
diff_entries(const char *old_path, const char *new_path,
             struct decl_change *c)
{
    struct entries a = {0}, b = {0};
    size_t i = 0, j = 0;

    if (read_entries(old_path, &a) != 0 || read_entries(new_path, &b) != 0) {
        free_entries(&a);
        return -1;
    }
    /* a merge of the two sorted lists */
    while (i < a.n || j < b.n) {
        int c2 = i == a.n ? 1 : j == b.n ? -1 : strcmp(a.v[i].key, b.v[j].key);
        if (c2 < 0) {
            note(c, a.v[i++].key, DECL_REMOVED);
        } else if (c2 > 0) {
            note(c, b.v[j++].key, DECL_ADDED);
        } else {
            if (strcmp(a.v[i].text, b.v[j].text) != 0)
                note(c, a.v[i].key, DECL_CHANGED);
            i++;
            j++;
        }
    }
    free_entries(&a);
    free_entries(&b);
    return 0;
}
