/* xpath-eval.c — evaluating the fast path's tree (xpath-fast.h).
 *
 * Values live in a per-run arena reset before every evaluation: node
 * lists are arrays of node pointers, strings are borrowed from the tree
 * (an attribute or an element with one text child) or from a variable,
 * and copied only when built. Every comparison and conversion follows
 * libxml2 2.9's (xpath.c) to the letter; where exact agreement would need
 * its internals (string values of mixed content, number formatting,
 * document order across documents) libxml2's own exported functions are
 * called. Any error, unsupported type or exceeded limit returns -1
 * ("decline") up to crp_fx_*, and the caller evaluates with libxml2. */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlstring.h>

#include "alloc.h"
#include "arena.h"
#include "xpath-fast.h"
#include "functions.h"
#include "xpath-ast.h"
#include "xpath-index.h"
#include "xpath-nodeset.h"
#include "strindex.h"

#define ARENA_MAX ((size_t)256 << 20)   /* more than this: libxml2's job */
#define CHUNK ((size_t)65536)
/* Two node-sets compared with = whose sizes multiply to more than this
 * are joined through an index of one side's values (linear), not
 * compared pair by pair; so is [@a = $set] for JOIN_KEYS nodes and
 * more. */
#define JOIN_SCAN 256UL
#define JOIN_KEYS 16

enum vtype { V_NODES, V_BOOL, V_NUM, V_STR };

struct val {
    enum vtype t;
    int n;                  /* V_NODES: count */
    int b;                  /* V_BOOL */
    double num;             /* V_NUM */
    const xmlChar *s;       /* V_STR */
    xmlNodePtr *nodes;      /* V_NODES, document order, no duplicates */
};

/* A memo slot's value (xpath-link.c), valid for case GEN and
 * context document DOC. */
struct memo {
    unsigned long gen;
    const xmlDoc *doc;
    struct val v;
};

/* A stack of chunks for let values: what is taken after a mark goes
 * with crp_fx_let_release(). BELOW: bytes used in the chunks under TOP. */
struct lstack {
    struct crp_chunk *top, *spare;
    size_t below;
};

struct crp_fx_value {
    struct val v;
};

struct crp_fx_run {
    xmlXPathContextPtr xp;
    crp_fx_getvar getvar;
    void *ud;
    struct crp_arena scratch;  /* reset before every evaluation */
    struct crp_arena kept;     /* memo values, reset for every case */
    struct lstack lets;
    struct memo *memos;
    int nmemos;
    unsigned long gen;         /* the current case */
    const struct fx_node *unmemo;  /* being evaluated for its memo */
    unsigned long ops, limit;  /* xp->opCount and xp->opLimit in a run */
    xmlXPathObjectPtr *vtab;   /* value stack for libxml2 functions */
    int vmax;
    struct crp_fx_site *sites; /* join sites (xpath-index.h) */
    int nsites;
    const xmlDoc *trusted[CRP_FX_TRUSTED];
};

struct ctx {
    struct crp_fx_run *run;
    xmlNodePtr node;
    int pos, size;
    xmlDocPtr doc;
};

/* ---- arena ---- */

static void *
arena_alloc(struct crp_fx_run *run, size_t n)
{
    return crp_arena_take(&run->scratch, n);
}

static const xmlChar *
arena_strdup(struct crp_fx_run *run, const xmlChar *s)
{
    size_t n = strlen((const char *)s) + 1;
    xmlChar *d = arena_alloc(run, n);

    if (d)
        memcpy(d, s, n);
    return d;
}

/* A growable node list in the arena. */
struct list {
    xmlNodePtr *a;
    int n, cap;
};

static int
list_push(struct crp_fx_run *run, struct list *l, xmlNodePtr node)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 8;
        xmlNodePtr *a;
        if (cap > INT32_MAX / 2)
            return -1;
        a = arena_alloc(run, (size_t)cap * sizeof(*a));
        if (a == NULL)
            return -1;
        if (l->n)
            memcpy(a, l->a, (size_t)l->n * sizeof(*a));
        l->a = a;
        l->cap = cap;
    }
    l->a[l->n++] = node;
    return 0;
}

/* ---- limits ---- */

/* Counts K operations against the limit: the run's copy of the
 * context's opCount (run_eval), without two loads per operation. */
static int
tick(struct ctx *c, unsigned long k)
{
    struct crp_fx_run *run = c->run;

    run->ops += k;
    return run->ops > run->limit ? -1 : 0;
}

/* A string function reads S: one more operation per 32 bytes, so that
 * a long text searched for every node counts what it costs. */
static int
tick_text(struct ctx *c, const xmlChar *s)
{
    size_t n = strlen((const char *)s);

    return n < 32 ? 0 : tick(c, n / 32);
}

/* ---- document order ---- */

/* Element order from xmlXPathOrderDocElems(); attributes after their
 * element, in list order. 0 when the node has no such key. */
static int
order_key(xmlNodePtr n, long *major, long *minor)
{
    ptrdiff_t idx;

    if (n->type == XML_ELEMENT_NODE) {
        idx = -(ptrdiff_t)n->content;
        if (idx <= 0)
            return 0;
        *major = (long)idx;
        *minor = 0;
        return 1;
    }
    if (n->type == XML_ATTRIBUTE_NODE && n->parent &&
        n->parent->type == XML_ELEMENT_NODE) {
        xmlAttrPtr a = n->parent->properties;
        long k = 1;
        idx = -(ptrdiff_t)n->parent->content;
        if (idx <= 0)
            return 0;
        for (; a && (xmlNodePtr)a != n; a = a->next)
            k++;
        *major = (long)idx;
        *minor = k;
        return 1;
    }
    return 0;
}

/* Would libxml2's node comparison misplace N? In a document with
 * xmlXPathOrderDocElems() indices it puts a text, CDATA, comment or PI
 * node right after the start of the nearest element before it among its
 * siblings, ahead of that element's descendants (xpath.c,
 * xmlXPathCmpNodesExt: "precedence 3"). That order is not even
 * transitive, so what libxml2's sort makes of a set holding such a node
 * depends on the unsorted merges before it. */
static int
misplaced(xmlNodePtr n)
{
    if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE &&
        n->type != XML_COMMENT_NODE && n->type != XML_PI_NODE)
        return 0;
    for (n = n->prev; n != NULL; n = n->prev)
        if (n->type == XML_ELEMENT_NODE)
            return (ptrdiff_t)n->content < 0;
    return 0;
}

/* Puts A in document order without duplicates, as libxml2's sets are.
 * -1 when only libxml2 can say what its sort makes of A: nodes of two
 * documents (its comparison answers -2 both ways round) or a node it
 * misplaces (above). Otherwise its comparison is document order and
 * sorting twice or once gives the same. */
static int
normalize(xmlNodePtr *a, int *n)
{
    long pmaj = 0, pmin = 0, maj, min;
    xmlNodeSet tmp;
    int i, j;

    for (i = 1; i < *n; i++)
        if (a[i]->doc != a[0]->doc)
            return -1;
    for (i = 0; i < *n; i++) {
        if (!order_key(a[i], &maj, &min))
            break;
        if (i > 0 && (maj < pmaj || (maj == pmaj && min <= pmin)))
            break;
        pmaj = maj;
        pmin = min;
    }
    if (i == *n)
        return 0;
    for (i = 0; i < *n; i++)
        if (misplaced(a[i]))
            return -1;
    memset(&tmp, 0, sizeof(tmp));
    tmp.nodeNr = tmp.nodeMax = *n;
    tmp.nodeTab = a;
    xmlXPathNodeSetSort(&tmp);
    for (i = 0, j = 0; i < *n; i++)
        if (j == 0 || a[i] != a[j - 1])
            a[j++] = a[i];
    *n = j;
    return 0;
}

/* ---- conversions (xpath.c's casts) ---- */

/* The string value of N as libxml2 makes it, copied to the arena: its
 * text is read, and counted. Out of line: node_string() stays small. */
static const xmlChar * __attribute__((noinline))
subtree_string(struct ctx *c, xmlNodePtr n)
{
    xmlChar *s = xmlXPathCastNodeToString(n), *d;
    size_t len;

    if (s == NULL)
        return NULL;
    len = strlen((const char *)s);
    d = tick(c, len / 32) ? NULL : arena_alloc(c->run, len + 1);
    if (d)
        memcpy(d, s, len + 1);
    xmlFree(s);
    return d;
}

static const xmlChar *
node_string(struct ctx *c, xmlNodePtr n)
{
    xmlNodePtr ch;

    switch (n->type) {
    case XML_ATTRIBUTE_NODE:
        ch = n->children;
        if (ch == NULL)
            return (const xmlChar *)"";
        if (ch->next == NULL && (ch->type == XML_TEXT_NODE ||
                                 ch->type == XML_CDATA_SECTION_NODE))
            return ch->content ? ch->content : (const xmlChar *)"";
        break;
    case XML_ELEMENT_NODE:
        ch = n->children;
        if (ch == NULL)
            return (const xmlChar *)"";
        if (ch->next == NULL && ch->type == XML_TEXT_NODE && ch->content)
            return ch->content;
        break;
    case XML_TEXT_NODE: case XML_CDATA_SECTION_NODE: case XML_COMMENT_NODE:
    case XML_PI_NODE:
        return n->content ? n->content : (const xmlChar *)"";
    default:
        break;
    }
    return subtree_string(c, n);
}

static int
to_bool(const struct val *v)
{
    switch (v->t) {
    case V_NODES: return v->n > 0;
    case V_BOOL: return v->b;
    case V_NUM: return !isnan(v->num) && v->num != 0.0;
    case V_STR: return v->s[0] != 0;
    }
    return 0;
}

static int
to_string(struct ctx *c, const struct val *v, const xmlChar **out)
{
    xmlChar *s;

    switch (v->t) {
    case V_NODES:
        *out = v->n ? node_string(c, v->nodes[0]) : (const xmlChar *)"";
        return *out ? 0 : -1;
    case V_BOOL:
        *out = (const xmlChar *)(v->b ? "true" : "false");
        return 0;
    case V_STR:
        *out = v->s;
        return 0;
    case V_NUM:
        s = xmlXPathCastNumberToString(v->num);
        if (s == NULL)
            return -1;
        *out = arena_strdup(c->run, s);
        xmlFree(s);
        return *out ? 0 : -1;
    }
    return -1;
}

static int
to_number(struct ctx *c, const struct val *v, double *out)
{
    const xmlChar *s;

    switch (v->t) {
    case V_NUM:
        *out = v->num;
        return 0;
    case V_BOOL:
        *out = v->b ? 1.0 : 0.0;
        return 0;
    default:
        if (to_string(c, v, &s))
            return -1;
        *out = xmlXPathStringEvalNumber(s);
        return 0;
    }
}

static int
node_number(struct ctx *c, xmlNodePtr n, double *out)
{
    const xmlChar *s = node_string(c, n);

    if (s == NULL)
        return -1;
    *out = xmlXPathStringEvalNumber(s);
    return 0;
}

static void
set_bool(struct val *v, int b)
{
    v->t = V_BOOL;
    v->b = b != 0;
}

static void
set_num(struct val *v, double d)
{
    v->t = V_NUM;
    v->num = d;
}

static void
set_str(struct val *v, const xmlChar *s)
{
    v->t = V_STR;
    v->s = s;
}

/* ---- comparisons (xmlXPathEqualValues, xmlXPathCompareValues) ---- */

/* xpath.c's xmlXPathStringHash: the first two bytes. */
static unsigned int
string_hash(const xmlChar *s)
{
    if (s == NULL || s[0] == 0)
        return 0;
    return s[0] + ((unsigned int)s[1] << 8);
}

/* xpath.c's xmlXPathNodeValHash, step for step. = and != between a
 * node-set and a string or node-set compare it before the string values,
 * and it reads text and CDATA only, not what an entity reference stands
 * for: libxml2 finds <a>&e;</a> unequal to the "xy" that e expands to. */
static unsigned int
node_hash(xmlNodePtr node)
{
    xmlNodePtr tmp;
    const xmlChar *str;
    unsigned int ret = 0;
    int len = 2;

    if (node->type == XML_DOCUMENT_NODE) {
        tmp = xmlDocGetRootElement((xmlDocPtr)node);
        node = tmp ? tmp : node->children;
        if (node == NULL)
            return 0;
    }
    switch (node->type) {
    case XML_COMMENT_NODE: case XML_PI_NODE: case XML_CDATA_SECTION_NODE:
    case XML_TEXT_NODE:
        return string_hash(node->content);
    case XML_ATTRIBUTE_NODE: case XML_ELEMENT_NODE:
        tmp = node->children;
        break;
    default:
        return 0;
    }
    while (tmp != NULL) {
        str = tmp->type == XML_TEXT_NODE || tmp->type == XML_CDATA_SECTION_NODE
              ? tmp->content : NULL;
        if (str != NULL && str[0] != 0) {
            if (len == 1)
                return ret + ((unsigned int)str[0] << 8);
            if (str[1] != 0)
                return str[0] + ((unsigned int)str[1] << 8);
            len = 1;
            ret = str[0];
        }
        /* entity declarations (under references) and DTDs not entered */
        if (tmp->children != NULL && tmp->type != XML_DTD_NODE &&
            tmp->children->type != XML_ENTITY_DECL) {
            tmp = tmp->children;
            continue;
        }
        if (tmp == node)
            break;
        if (tmp->next != NULL) {
            tmp = tmp->next;
            continue;
        }
        do {
            tmp = tmp->parent;
            if (tmp == NULL || tmp == node) {
                tmp = NULL;
                break;
            }
            if (tmp->next != NULL) {
                tmp = tmp->next;
                break;
            }
        } while (tmp != NULL);
    }
    return ret;
}

/* xmlNodeGetContent() gives these NULL, not "" (a PI without data). */
static int
null_content(xmlNodePtr n)
{
    switch (n->type) {
    case XML_TEXT_NODE: case XML_CDATA_SECTION_NODE: case XML_COMMENT_NODE:
    case XML_PI_NODE:
        return n->content == NULL;
    default:
        return 0;
    }
}

/* Node N (string value S) = string STR, as xmlXPathEqualNodeSetString()
 * decides: the hashes, then the strings. */
static int
node_eq_string(xmlNodePtr n, const xmlChar *s, const xmlChar *str)
{
    return xmlStrEqual(s, str) && node_hash(n) == string_hash(str);
}

/* Nodes A and B (string values S and T) equal, as xmlXPathEqualNodeSets()
 * decides: the hashes, then the xmlNodeGetContent() strings, where NULL
 * equals only NULL. */
static int
node_eq_node(xmlNodePtr a, const xmlChar *s, xmlNodePtr b, const xmlChar *t)
{
    return xmlStrEqual(s, t) && null_content(a) == null_content(b) &&
           node_hash(a) == node_hash(b);
}

static int
num_cmp(enum fx_op op, double a, double b)
{
    switch (op) {
    case FX_LT: return a < b;
    case FX_LE: return a <= b;
    case FX_GT: return a > b;
    case FX_GE: return a >= b;
    default: return 0;
    }
}

/* OP with its operands swapped: a < b is b > a. */
static enum fx_op
flip(enum fx_op op)
{
    switch (op) {
    case FX_LT: return FX_GT;
    case FX_LE: return FX_GE;
    case FX_GT: return FX_LT;
    case FX_GE: return FX_LE;
    default: return op;
    }
}

/* Whether some node of A (N of them) as a number compares OP with F:
 * *OUT set to 1 if so, left as it is if not. */
static int
some_node_cmp(struct ctx *c, enum fx_op op, xmlNodePtr *a, int n, double f,
              int *out)
{
    double v;
    int i;

    for (i = 0; i < n; i++) {
        if (node_number(c, a[i], &v))
            return -1;
        if (num_cmp(op, v, f)) {
            *out = 1;
            return 0;
        }
    }
    return 0;
}

/* Node-set A compared with the non-node-set B, A on the left. */
static int
nodes_cmp_value(struct ctx *c, enum fx_op op, const struct val *a,
                const struct val *b, int *out)
{
    double f;

    *out = 0;
    if (b->t == V_BOOL) {
        *out = num_cmp(op, a->n > 0 ? 1.0 : 0.0, b->b ? 1.0 : 0.0);
        return 0;
    }
    if (to_number(c, b, &f) || tick(c, a->n))
        return -1;
    return some_node_cmp(c, op, a->nodes, a->n, f, out);
}

static int
compare(struct ctx *c, enum fx_op op, const struct val *a,
        const struct val *b, int *out)
{
    double x, y;
    int i;

    if (a->t == V_NODES && b->t == V_NODES) {
        *out = 0;
        for (i = 0; i < a->n && !*out; i++) {
            if (node_number(c, a->nodes[i], &x) || tick(c, 1 + b->n))
                return -1;
            /* x OP y is y flip(OP) x */
            if (!isnan(x) &&
                some_node_cmp(c, flip(op), b->nodes, b->n, x, out))
                return -1;
        }
        return 0;
    }
    if (a->t == V_NODES)
        return nodes_cmp_value(c, op, a, b, out);
    if (b->t == V_NODES)
        return nodes_cmp_value(c, flip(op), b, a, out);
    if (to_number(c, a, &x) || to_number(c, b, &y))
        return -1;
    *out = num_cmp(op, x, y);
    return 0;
}

/* Strings of the N nodes of A (in the scratch arena) and an index of
 * them; NULL to decline. */
static const struct crp_strindex *
index_strings(struct ctx *c, xmlNodePtr *a, int n)
{
    const xmlChar **vals = arena_alloc(c->run, (size_t)n * sizeof(*vals));
    struct crp_strindex *ix = arena_alloc(c->run, sizeof(*ix));
    void *mem = arena_alloc(c->run, crp_strindex_bytes(n));
    int i;

    if (vals == NULL || ix == NULL || mem == NULL || tick(c, n))
        return NULL;
    for (i = 0; i < n; i++)
        if ((vals[i] = node_string(c, a[i])) == NULL)
            return NULL;
    crp_strindex_init(ix, vals, n, mem);
    return ix;
}

/* NS = V for two node-sets, through an index of V's strings: true when
 * some node of NS and some node of V pass node_eq_node() (the same node
 * twice always does), which needs equal strings. */
static int
equals_joined(struct ctx *c, const struct val *ns, const struct val *v,
              int *out)
{
    const struct crp_strindex *ix = index_strings(c, v->nodes, v->n);
    const xmlChar *s;
    int i, j;

    if (ix == NULL)
        return -1;
    for (i = 0; i < ns->n; i++) {
        if ((s = node_string(c, ns->nodes[i])) == NULL || tick(c, 1))
            return -1;
        for (j = crp_strindex_find(ix, s); j >= 0;
             j = crp_strindex_next(ix, j)) {
            if (tick(c, 1))
                return -1;
            if (node_eq_node(ns->nodes[i], s, v->nodes[j], ix->vals[j])) {
                *out = 1;
                return 0;
            }
        }
    }
    return 0;
}

/* = (NEQ 0) and != (NEQ 1). */
static int
equals(struct ctx *c, const struct val *a, const struct val *b, int neq,
       int *out)
{
    const struct val *ns, *v;
    const xmlChar *s, *t;
    double x, y;
    int i, j;

    *out = 0;
    if (a->t == V_NODES || b->t == V_NODES) {
        ns = a->t == V_NODES ? a : b;
        v = a->t == V_NODES ? b : a;
        if (v->t == V_BOOL) {
            *out = ((ns->n > 0) == v->b) ^ neq;
            return 0;
        }
        if (v->t == V_NODES) {
            if (!neq && ns->n > 1 && v->n > 1 &&
                (unsigned long)ns->n * (unsigned long)v->n > JOIN_SCAN)
                return equals_joined(c, ns, v, out);
            for (i = 0; i < ns->n; i++) {
                if ((s = node_string(c, ns->nodes[i])) == NULL ||
                    tick(c, 1 + v->n))
                    return -1;
                for (j = 0; j < v->n; j++) {
                    if (!neq && ns->nodes[i] == v->nodes[j]) {
                        *out = 1;
                        return 0;
                    }
                    if ((t = node_string(c, v->nodes[j])) == NULL)
                        return -1;
                    if (node_eq_node(ns->nodes[i], s, v->nodes[j], t) ^ neq) {
                        *out = 1;
                        return 0;
                    }
                }
            }
            return 0;
        }
        if (tick(c, ns->n))
            return -1;
        if (v->t == V_NUM) {
            for (i = 0; i < ns->n; i++) {
                if (node_number(c, ns->nodes[i], &x))
                    return -1;
                if (neq ? !(x == v->num) : x == v->num) {
                    *out = 1;
                    return 0;
                }
            }
            return 0;
        }
        for (i = 0; i < ns->n; i++) {
            if ((s = node_string(c, ns->nodes[i])) == NULL)
                return -1;
            if (node_eq_string(ns->nodes[i], s, v->s) ^ neq) {
                *out = 1;
                return 0;
            }
        }
        return 0;
    }
    if (a->t == V_BOOL || b->t == V_BOOL) {
        *out = (to_bool(a) == to_bool(b)) ^ neq;
    } else if (a->t == V_NUM || b->t == V_NUM) {
        if (to_number(c, a, &x) || to_number(c, b, &y))
            return -1;
        *out = (x == y) ^ neq;
    } else {
        *out = xmlStrEqual(a->s, b->s) ^ neq;
    }
    return 0;
}

/* ---- location steps ---- */

/* Names are short and mostly differ in their first byte. */
static int
same_name(const xmlChar *a, const xmlChar *b)
{
    return a == b || (a[0] == b[0] && strcmp((const char *)a,
                                             (const char *)b) == 0);
}

static int
test_hit(const struct fx_node *st, xmlNodePtr cur)
{
    switch (st->test) {
    case T_NODE:
        switch (cur->type) {
        case XML_DOCUMENT_NODE: case XML_HTML_DOCUMENT_NODE:
        case XML_ELEMENT_NODE: case XML_ATTRIBUTE_NODE: case XML_PI_NODE:
        case XML_COMMENT_NODE: case XML_CDATA_SECTION_NODE:
        case XML_TEXT_NODE:
            return 1;
        default:
            return 0;
        }
    case T_TEXT:
        return cur->type == XML_TEXT_NODE ||
               cur->type == XML_CDATA_SECTION_NODE;
    case T_ANY:
        if (cur->type != (st->axis == AX_ATTRIBUTE ? XML_ATTRIBUTE_NODE
                                                   : XML_ELEMENT_NODE))
            return 0;
        return st->uri == NULL ||
               (cur->ns && xmlStrEqual(st->uri, cur->ns->href));
    case T_NAME:
        if (cur->type != (st->axis == AX_ATTRIBUTE ? XML_ATTRIBUTE_NODE
                                                   : XML_ELEMENT_NODE))
            return 0;
        if (cur->name == NULL || !same_name(st->name, cur->name))
            return 0;
        if (st->uri == NULL)
            return cur->ns == NULL;
        return cur->ns && xmlStrEqual(st->uri, cur->ns->href);
    }
    return 0;
}

void
crp_fx_trust(struct crp_fx_run *run, int slot, const xmlDoc *doc)
{
    if (run && slot >= 0 && slot < CRP_FX_TRUSTED)
        run->trusted[slot] = doc;
}

/* ST's name as a pointer into DOC's dictionary, when every name of DOC
 * is one: then name tests compare pointers. Sets *NONE when the name is
 * not in the dictionary at all (no node of DOC can have it). */
static const xmlChar *
interned_name(struct ctx *c, const struct fx_node *cst, const xmlDoc *doc,
              int *none)
{
    struct fx_node *st = (struct fx_node *)cst;   /* the cache only */
    int i;

    *none = 0;
    if (st->test != T_NAME || doc == NULL || doc->dict == NULL)
        return NULL;
    for (i = 0; i < CRP_FX_TRUSTED; i++)
        if (c->run->trusted[i] == doc)
            break;
    if (i == CRP_FX_TRUSTED)
        return NULL;
    if (st->dict != doc->dict || st->interned == NULL) {
        st->dict = doc->dict;
        st->interned = xmlDictExists(doc->dict, st->name, -1);
        if (st->interned == NULL) {
            *none = 1;   /* not cached: a later document may add it */
            return NULL;
        }
    }
    return st->interned;
}

/* test_hit() for a T_NAME test whose interned name is WANT. */
static int
name_hit(const struct fx_node *st, xmlNodePtr cur, const xmlChar *want)
{
    if (cur->name != want || cur->type != (st->axis == AX_ATTRIBUTE
                                           ? XML_ATTRIBUTE_NODE
                                           : XML_ELEMENT_NODE))
        return 0;
    if (st->uri == NULL)
        return cur->ns == NULL;
    return cur->ns && xmlStrEqual(st->uri, cur->ns->href);
}

#define HIT(st, cur, want) ((want) ? name_hit(st, cur, want) \
                                   : test_hit(st, cur))

/* The nodes collect() walks on ST's axis from X. When a name is in no
 * node of the document it need not walk them, but it counts them all the
 * same: whether the name is in the dictionary depends on the documents
 * this evaluator parsed before, and the count must not. */
static unsigned long
axis_size(const struct fx_node *st, xmlNodePtr x)
{
    unsigned long n = 0;
    xmlNodePtr cur = NULL;

    if (x->type == XML_NAMESPACE_DECL)
        return 0;
    switch (st->axis) {
    case AX_CHILD:
        cur = x->type == XML_ATTRIBUTE_NODE ? NULL : x->children;
        break;
    case AX_ATTRIBUTE:
        cur = x->type == XML_ELEMENT_NODE ? (xmlNodePtr)x->properties : NULL;
        break;
    case AX_FOLLOWING_SIBLING:
        cur = x->type == XML_ATTRIBUTE_NODE ? NULL : x->next;
        break;
    case AX_PRECEDING_SIBLING:
        for (cur = x->type == XML_ATTRIBUTE_NODE ? NULL : x->prev; cur;
             cur = cur->prev)
            n++;
        return n;
    default:
        return 0;
    }
    for (; cur; cur = cur->next)
        n++;
    return n;
}

/* The nodes of ST's axis from X that pass its node test, in axis order
 * (reverse document order for preceding-sibling). */
static int
collect(struct ctx *c, const struct fx_node *st, xmlNodePtr x,
        struct list *out)
{
    xmlNodePtr cur;
    unsigned long seen = 0;
    int rc = 0, none;
    const xmlChar *want = interned_name(c, st, x->doc, &none);

    if (none)
        return tick(c, axis_size(st, x) + 1);
    switch (st->axis) {
    case AX_CHILD:
    case AX_FOLLOWING_SIBLING:
        if (x->type == XML_ATTRIBUTE_NODE || x->type == XML_NAMESPACE_DECL)
            break;
        cur = st->axis == AX_CHILD ? x->children : x->next;
        for (; cur && rc == 0; cur = cur->next, seen++)
            if (HIT(st, cur, want))
                rc = list_push(c->run, out, cur);
        break;
    case AX_ATTRIBUTE:
        if (x->type != XML_ELEMENT_NODE)
            break;
        for (cur = (xmlNodePtr)x->properties; cur && rc == 0;
             cur = cur->next, seen++)
            if (HIT(st, cur, want))
                rc = list_push(c->run, out, cur);
        break;
    case AX_SELF:
        if (test_hit(st, x))
            rc = list_push(c->run, out, x);
        break;
    case AX_PARENT:
        if (x->type == XML_DOCUMENT_NODE || x->type == XML_NAMESPACE_DECL)
            break;
        if (x->type == XML_ATTRIBUTE_NODE)
            cur = x->parent;
        else if (x->parent == NULL)
            cur = (xmlNodePtr)c->doc;
        else
            cur = x->parent;
        if (cur && cur->type == XML_ELEMENT_NODE &&
            (cur->name[0] == ' ' ||
             xmlStrEqual(cur->name, (const xmlChar *)"fake node libxslt")))
            break;
        if (cur && test_hit(st, cur))
            rc = list_push(c->run, out, cur);
        break;
    case AX_PRECEDING_SIBLING:
        if (x->type == XML_ATTRIBUTE_NODE || x->type == XML_NAMESPACE_DECL)
            break;
        for (cur = x->prev; cur && rc == 0; cur = cur->prev, seen++) {
            if (cur->type == XML_DTD_NODE)
                continue;
            if (HIT(st, cur, want))
                rc = list_push(c->run, out, cur);
        }
        break;
    }
    return rc ? -1 : tick(c, seen + 1);
}

static int eval(struct ctx *c, const struct fx_node *e, struct val *out);

/* The attribute of element X that ST (an @name step) selects, WANT
 * being its interned name or NULL. (perf) Inlined in every caller. */
static inline __attribute__((always_inline)) xmlNodePtr
attr_of(const struct fx_node *st, xmlNodePtr x, const xmlChar *want)
{
    xmlNodePtr at;

    for (at = (xmlNodePtr)x->properties; at; at = at->next)
        if (HIT(st, at, want))
            return at;
    return NULL;
}

/* The attribute ST (an @name step) selects from C's context node, or
 * NULL: what collect() would find, without a list. */
static xmlNodePtr
find_attr(struct ctx *c, const struct fx_node *st)
{
    const xmlChar *want;
    int none;

    if (c->node->type != XML_ELEMENT_NODE)
        return NULL;
    want = interned_name(c, st, c->node->doc, &none);
    return none ? NULL : attr_of(st, c->node, want);
}

/* to_bool(eval(E)). (perf) A bare @name only has to be found. */
static int
eval_truth(struct ctx *c, const struct fx_node *e, int *out)
{
    struct val v;

    if (e->bare_attr && c->node) {
        if (tick(c, 1))
            return -1;
        *out = find_attr(c, e) != NULL;
        return 0;
    }
    if (eval(c, e, &v))
        return -1;
    *out = to_bool(&v);
    return 0;
}

/* Does PRED hold for A[I], with position I + 1 of SIZE and the node's
 * own document (libxml2 sets the context document per node)? 1, 0, or
 * -1 to decline. */
static int
holds_at(const struct ctx *c, const struct fx_node *pred, xmlNodePtr node,
         int pos, int size)
{
    struct ctx sub = *c;
    struct val v;

    sub.node = node;
    sub.pos = pos;
    sub.size = size;
    sub.doc = node->type != XML_NAMESPACE_DECL && node->doc ? node->doc
                                                            : c->doc;
    if (pred->bare_attr) {
        int b;
        return eval_truth(&sub, pred, &b) ? -1 : b;
    }
    if (eval(&sub, pred, &v))
        return -1;
    return v.t == V_NUM ? v.num == (double)pos : to_bool(&v);
}

static int
holds(const struct ctx *c, const struct fx_node *pred, xmlNodePtr *a, int i,
      int size)
{
    return holds_at(c, pred, a[i], i + 1, size);
}

/* The attribute a step names, looked up node after node: its name is
 * interned once per document. */
struct attr_seek {
    const xmlDoc *doc;
    const xmlChar *want;
    int none;
};

/* X's attribute that step ST names in *AT (NULL: none, or X is not an
 * element) and its value in *V; FIRST: X is the first node of the
 * walk. 0, or -1 decline. */
static inline int
attr_value(struct ctx *c, const struct fx_node *st, struct attr_seek *s,
           xmlNodePtr x, int first, xmlNodePtr *at, const xmlChar **v)
{
    *at = NULL;
    if (tick(c, 1))
        return -1;
    if (x->type == XML_ELEMENT_NODE) {
        if (x->doc != s->doc || first) {
            s->doc = x->doc;
            s->want = interned_name(c, st, s->doc, &s->none);
        }
        if (!s->none)
            *at = attr_of(st, x, s->want);
    }
    if (*at && (*v = node_string(c, *at)) == NULL)
        return -1;
    return 0;
}

/* [@name = $set] for a node-set of many nodes: each node's attribute
 * looked up among the set's strings (an index of them) instead of
 * compared with each, with the test equals() makes. */
static int
filter_joined(struct ctx *c, const struct fx_node *st, const struct val *b,
              xmlNodePtr *a, int *n)
{
    const struct crp_strindex *ix = index_strings(c, b->nodes, b->n);
    struct attr_seek seek = {NULL, NULL, 0};
    const xmlChar *v = NULL;
    int i, j, k, keep, size = *n;

    if (ix == NULL)
        return -1;
    for (i = 0, j = 0; i < size; i++) {
        xmlNodePtr at;
        if (attr_value(c, st, &seek, a[i], i == 0, &at, &v))
            return -1;
        keep = 0;
        if (at) {
            for (k = crp_strindex_find(ix, v); k >= 0 && !keep;
                 k = crp_strindex_next(ix, k)) {
                if (tick(c, 1))
                    return -1;
                keep = node_eq_node(at, v, b->nodes[k], ix->vals[k]);
            }
        }
        if (keep)
            a[j++] = a[i];
    }
    *n = j;
    return 0;
}

/* Does attribute AT, of value V, make E hold: @name = LIT (!= with
 * neq), or, LIT NULL, @name = 'x' or @name = 'y' ... with E's strings? */
static inline int
attr_holds(const struct fx_node *e, xmlNodePtr at, const xmlChar *v,
           const xmlChar *lit)
{
    int k, r = 0;

    if (lit)
        return node_eq_string(at, v, lit) ^ e->neq;
    for (k = 1; k < e->nkids && !r; k++)
        r = node_eq_string(at, v, e->kids[k]->str);
    return r;
}

/* filter() for [@name = 'x'], [@name = $v], [@name != ...] and
 * [@name = 'x' or @name = 'y' ...] (most predicates of a checklist):
 * the value compared with is the same for every node, so it is
 * evaluated once, and each node's attribute is looked up in place.
 * 0 done, -1 decline, 1 not this shape after all (the caller filters). */
static int
filter_attr(struct ctx *c, const struct fx_node *pred, xmlNodePtr *a, int *n)
{
    const struct fx_node *st = pred->kids[0];
    struct attr_seek seek = {NULL, NULL, 0};
    const xmlChar *lit = NULL, *v = NULL;
    int i, j, size = *n;

    if (pred->op == FX_ATTR_EQ) {
        struct val b;
        if (eval(c, pred->kids[1], &b))
            return -1;
        if (b.t == V_NODES && !pred->neq && b.n >= JOIN_KEYS &&
            (unsigned long)size * (unsigned long)b.n > JOIN_SCAN)
            return filter_joined(c, st, &b, a, n);
        if (b.t != V_STR)
            return 1;   /* node-sets, numbers: equals() node by node */
        lit = b.s;
    }
    for (i = 0, j = 0; i < size; i++) {
        xmlNodePtr at;
        if (attr_value(c, st, &seek, a[i], i == 0, &at, &v))
            return -1;
        if (at && attr_holds(pred, at, v, lit))
            a[j++] = a[i];
    }
    *n = j;
    return 0;
}

/* Keeps the nodes of A (*N of them) for which PRED holds: positions are
 * 1..*N in A's order. */
static int
filter(struct ctx *c, const struct fx_node *pred, xmlNodePtr *a, int *n)
{
    int i, j, keep, size = *n;

    /* (the value compared with is the same for every node: a literal,
     * a variable or a per-case memo) */
    if (size > 0 && (pred->op == FX_ATTR_IN ||
                     (pred->op == FX_ATTR_EQ &&
                      (pred->kids[1]->op == FX_STR ||
                       pred->kids[1]->op == FX_VAR ||
                       pred->kids[1]->memo >= 0)))) {
        int r = filter_attr(c, pred, a, n);
        if (r <= 0)
            return r;
    }
    for (i = 0, j = 0; i < size; i++) {
        if ((keep = holds(c, pred, a, i, size)) < 0)
            return -1;
        if (keep)
            a[j++] = a[i];
    }
    *n = j;
    return 0;
}

/* filter() then [N]: keeps only the N-th node that passes PRED. */
static int
filter_nth(struct ctx *c, const struct fx_node *pred, double nth,
           xmlNodePtr *a, int *n)
{
    int i, keep, seen = 0, size = *n;

    for (i = 0; i < size; i++) {
        if (!(nth >= seen + 1))     /* NaN, or passed N already */
            break;
        if ((keep = holds(c, pred, a, i, size)) < 0)
            return -1;
        if (keep && (double)++seen == nth) {
            a[0] = a[i];
            *n = 1;
            return 0;
        }
    }
    *n = 0;
    return 0;
}

/* Is predicate E a number N >= 1 that libxml2 takes as a position, so
 * that it stops testing the predicate before it once N nodes passed?
 * Otherwise ([0], [1.5], [-1]) libxml2 tests the predicate before on
 * every node, and a failure there must fail here too. */
static int
positional(const struct fx_node *e)
{
    return e->op == FX_NUM && e->num >= 1 && e->num < INT_MAX &&
           e->num == (double)(int)e->num;
}

/* step[p][N] on the child or a sibling axis of X, with no last() in p:
 * walks the axis only as far as the N-th node for which p holds (the
 * nodes after it are never collected, so preceding-sibling::x[p][1] per
 * node of a list stays linear). *FOUND: that node or NULL. */
static int
nth_on_axis(struct ctx *c, const struct fx_node *st, xmlNodePtr x,
            xmlNodePtr *found)
{
    const struct fx_node *pred = st->kids[1];
    double nth = st->kids[2]->num;
    const xmlChar *want;
    xmlNodePtr cur;
    int none, pos = 0, seen = 0, keep;

    *found = NULL;
    if (x->type == XML_ATTRIBUTE_NODE || x->type == XML_NAMESPACE_DECL)
        return 0;
    want = interned_name(c, st, x->doc, &none);
    if (none)
        return tick(c, axis_size(st, x));
    cur = st->axis == AX_CHILD ? x->children
          : st->axis == AX_FOLLOWING_SIBLING ? x->next : x->prev;
    for (; cur; cur = st->axis == AX_PRECEDING_SIBLING ? cur->prev
                                                       : cur->next) {
        if (tick(c, 1))
            return -1;
        if (st->axis == AX_PRECEDING_SIBLING && cur->type == XML_DTD_NODE)
            continue;
        if (!HIT(st, cur, want))
            continue;
        /* the size is never read: no last() in p */
        if ((keep = holds_at(c, pred, cur, ++pos, 0)) < 0)
            return -1;
        if (keep && (double)++seen == nth) {
            *found = cur;
            return 0;
        }
    }
    return 0;
}

/* ---- joins through a per-case index (xpath-index.h) ---- */

/* A site indexes its list once it has compared this many nodes one by
 * one in a case, or at once for this many keys: an ordinary case never
 * gets there. */
#define SITE_BUILD 1024UL
#define SITE_KEYS 16

/* Is V, the value of E, E's per-case memo: a list kept, unchanged, for
 * the whole case? */
static int
kept_value(const struct ctx *c, const struct fx_node *e, const struct val *v)
{
    const struct memo *m;

    if (e->memo < 0 || e->memo >= c->run->nmemos || v->t != V_NODES)
        return 0;
    m = &c->run->memos[e->memo];
    return m->gen == c->run->gen && m->doc == c->doc && m->v.t == V_NODES &&
           m->v.nodes == v->nodes && m->v.n == v->n;
}

/* E's site for the input IN (the value of INPUT), or NULL. */
static struct crp_fx_site *
site_of(struct ctx *c, const struct fx_node *e, const struct fx_node *input,
        const struct val *in)
{
    struct crp_fx_run *run = c->run;
    struct crp_fx_site *s;

    if (e->site < 0 || e->site >= run->nsites)
        return NULL;
    s = &run->sites[e->site];
    /* (perf) IN was checked kept when the site took it in this case: a
     * list of the scratch arena can never sit where a kept one does */
    if (s->gen != run->gen || s->in != in->nodes || s->nin != in->n ||
        s->doc != c->doc) {
        if (!kept_value(c, input, in))
            return NULL;
        crp_fx_site_use(s, run->gen, c->doc, in->nodes, in->n);
    }
    return s->state == CRP_SITE_NEVER ? NULL : s;
}

/* What an attribute is compared with: strings, with the nodes they are
 * the values of when they come from a node-set (= compares nodes). */
struct keys {
    const xmlChar **s;
    xmlNodePtr *nodes;
    int n;
};

/* KEYS from V, a string or a node-set: 0, -1 to decline, 1 for another
 * type (a number or a boolean compares otherwise). */
static int
keys_of(struct ctx *c, const struct val *v, struct keys *k)
{
    int i;

    k->nodes = NULL;
    k->n = v->t == V_NODES ? v->n : 1;
    if (v->t != V_STR && v->t != V_NODES)
        return 1;
    k->s = arena_alloc(c->run, (size_t)(k->n ? k->n : 1) * sizeof(*k->s));
    if (k->s == NULL || tick(c, k->n))
        return -1;
    if (v->t == V_STR) {
        k->s[0] = v->s;
        return 0;
    }
    k->nodes = v->nodes;
    for (i = 0; i < k->n; i++)
        if ((k->s[i] = node_string(c, v->nodes[i])) == NULL)
            return -1;
    return 0;
}

/* The keys of a keyed predicate (xpath-link.c): its literals, or its
 * value, the same for every node, evaluated once. */
static int
pred_keys(struct ctx *c, const struct fx_node *pred, struct keys *k)
{
    struct val b;
    int i;

    if (pred->op == FX_ATTR_IN) {
        k->nodes = NULL;
        k->n = pred->nkids - 1;
        k->s = arena_alloc(c->run, (size_t)k->n * sizeof(*k->s));
        if (k->s == NULL)
            return -1;
        for (i = 0; i < k->n; i++)
            k->s[i] = pred->kids[i + 1]->str;
        return 0;
    }
    if (eval(c, pred->kids[1], &b))
        return -1;
    return keys_of(c, &b, k);
}

/* The nodes a STEP site selects from: the step without its predicates,
 * in document order, kept for the case. With the predicates all plain
 * (xpath-link.c), filtering this one list is filtering each parent's
 * children in turn. */
static int
site_list(struct ctx *c, const struct fx_node *st, struct crp_fx_site *s)
{
    struct list all = {NULL, 0, 0};
    int i;

    for (i = 0; i < s->nin; i++)
        if (collect(c, st, s->in[i], &all))
            return -1;
    if (s->nin > 1 && normalize(all.a, &all.n))
        return -1;
    s->list = all.n ? crp_arena_take(&c->run->kept,
                                     (size_t)all.n * sizeof(*s->list))
                    : NULL;
    if (all.n && s->list == NULL)
        return -1;
    if (all.n)
        memcpy(s->list, all.a, (size_t)all.n * sizeof(*s->list));
    s->n = all.n;
    s->listed = 1;
    return 0;
}

static int
cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return x < y ? -1 : x > y;
}

/* The nodes of S's list whose attribute NAME matches one of K, through
 * the index, in list order. PRED: the keyed predicate, whose = they
 * must pass (NULL: cr:lookup's plain string equality). */
static int
site_select(struct ctx *c, struct crp_fx_site *s, const struct fx_node *pred,
            const xmlChar *name, const struct keys *k, struct val *out)
{
    int *pos = NULL, npos = 0, cap = 0, i, j, p;

    for (j = 0; j < k->n; j++) {
        for (p = crp_strindex_find(&s->ix, k->s[j]); p >= 0;
             p = crp_strindex_next(&s->ix, p)) {
            xmlNodePtr at = (xmlNodePtr)crp_lookup_attr(s->list[p], name);
            const xmlChar *v = s->ix.vals[p];
            if (tick(c, 1))
                return -1;
            if (pred && !(k->nodes ? node_eq_node(at, v, k->nodes[j], k->s[j])
                                   : node_eq_string(at, v, k->s[j])))
                continue;
            if (npos == cap) {
                int *grown;
                cap = cap ? cap * 2 : 16;
                grown = arena_alloc(c->run, (size_t)cap * sizeof(*grown));
                if (grown == NULL)
                    return -1;
                if (npos)
                    memcpy(grown, pos, (size_t)npos * sizeof(*pos));
                pos = grown;
            }
            pos[npos++] = p;
        }
    }
    if (k->n > 1 && npos > 1)
        qsort(pos, (size_t)npos, sizeof(*pos), cmp_int);
    out->t = V_NODES;
    out->nodes = npos ? arena_alloc(c->run, (size_t)npos * sizeof(xmlNodePtr))
                      : NULL;
    if (npos && out->nodes == NULL)
        return -1;
    for (i = 0, j = 0; i < npos; i++)
        if (i == 0 || pos[i] != pos[i - 1])
            out->nodes[j++] = s->list[pos[i]];
    out->n = j;
    return 0;
}

/* Should S use its index now (building it first)? After enough nodes
 * compared one by one, or at once for NKEYS keys. 0 no, 1 yes, -1 to
 * decline. LIST_STEP: the step whose nodes S selects from (NULL: its
 * input itself). */
static int
site_ready(struct ctx *c, struct crp_fx_site *s, const struct fx_node *list_step,
           const xmlChar *name, int nkeys)
{
    if (s->state == CRP_SITE_INDEXED)
        return 1;
    if (nkeys < SITE_KEYS && s->work < SITE_BUILD)
        return 0;
    if (!s->listed) {
        if (list_step == NULL) {
            s->list = s->in;
            s->n = s->nin;
            s->listed = 1;
        } else if (site_list(c, list_step, s)) {
            return -1;
        }
    }
    if (tick(c, s->n) || crp_fx_site_index(s, name, &c->run->kept))
        return -1;
    return s->state == CRP_SITE_INDEXED;
}

/* ST[@name = keys][plain ...] or FILTER's, through S's index: the keyed
 * predicate PREDS[0], then the N - 1 others as usual. 1 when S is not
 * ready (the caller filters as usual). */
static int
site_filter(struct ctx *c, struct crp_fx_site *s, const struct fx_node *list_step,
            struct fx_node *const *preds, int n, struct val *out)
{
    const xmlChar *name = preds[0]->kids[0]->name;
    struct keys k;
    int r, i;

    /* (perf) until then the predicate's value is not even evaluated:
     * many keys at once are joined by filter_attr() on its own */
    if (s->state != CRP_SITE_INDEXED && s->work < SITE_BUILD)
        return 1;
    if ((r = pred_keys(c, preds[0], &k)) != 0)
        return r;
    if ((r = site_ready(c, s, list_step, name, k.n)) <= 0)
        return r < 0 ? -1 : 1;
    if (site_select(c, s, preds[0], name, &k, out))
        return -1;
    for (i = 1; i < n && out->n; i++)
        if (filter(c, preds[i], out->nodes, &out->n))
            return -1;
    return 0;
}

/* ST from the nodes of IN. (perf) Inlined: the hot path is eval's. */
static inline __attribute__((always_inline)) int
step_from(struct ctx *c, const struct fx_node *st, const struct val *in_,
          struct val *out)
{
    struct val in = *in_;
    struct list res = {NULL, 0, 0};
    int i, k, reverse = st->axis == AX_PRECEDING_SIBLING;

    for (i = 0; i < in.n; i++) {
        struct list one = {NULL, 0, 0};
        struct list *dst = st->npreds || reverse ? &one : &res;
        if (st->npreds == 2 && positional(st->kids[2]) &&
            !st->kids[1]->uses_last &&
            (st->axis == AX_CHILD || st->axis == AX_FOLLOWING_SIBLING ||
             st->axis == AX_PRECEDING_SIBLING)) {
            xmlNodePtr found;
            if (nth_on_axis(c, st, in.nodes[i], &found))
                return -1;
            if (found && list_push(c->run, &res, found))
                return -1;
            continue;
        }
        if (collect(c, st, in.nodes[i], dst))
            return -1;
        if (dst == &res)
            continue;
        if (st->npreds == 2 && positional(st->kids[2])) {
            /* step[p][N]: the N-th node for which p holds, found without
             * testing p on the nodes after it (libxml2 stops there too) */
            if (filter_nth(c, st->kids[1], st->kids[2]->num, one.a, &one.n))
                return -1;
        } else {
            for (k = 1; k <= st->npreds && one.n; k++)
                if (filter(c, st->kids[k], one.a, &one.n))
                    return -1;
        }
        for (k = 0; k < one.n; k++)
            if (list_push(c->run, &res, one.a[reverse ? one.n - 1 - k : k]))
                return -1;
    }
    if (in.n > 1 && normalize(res.a, &res.n))
        return -1;
    out->t = V_NODES;
    out->n = res.n;
    out->nodes = res.a;
    return 0;
}

static int
eval_step(struct ctx *c, const struct fx_node *st, struct val *out)
{
    struct val in;

    if (eval(c, st->kids[0], &in) || in.t != V_NODES)
        return -1;
    return step_from(c, st, &in, out);
}

/* A step that is a join site: through its index once it has one, else
 * as any step, counting the work for the site. */
static int __attribute__((noinline))
eval_step_site(struct ctx *c, const struct fx_node *st, struct val *out)
{
    struct crp_fx_site *site;
    unsigned long before;
    struct val in;
    int r;

    if (eval(c, st->kids[0], &in) || in.t != V_NODES)
        return -1;
    if ((site = site_of(c, st, st->kids[0], &in)) == NULL)
        return step_from(c, st, &in, out);
    if ((site->state == CRP_SITE_INDEXED || site->work >= SITE_BUILD) &&
        (r = site_filter(c, site, st, st->kids + 1, st->npreds, out)) <= 0)
        return r;
    before = c->run->ops;
    r = step_from(c, st, &in, out);
    site->work += c->run->ops - before;
    return r;
}

/* ---- functions ---- */

static int
blank(xmlChar ch)
{
    return ch == 0x20 || ch == 0x09 || ch == 0x0A || ch == 0x0D;
}

static const xmlChar *
normalize_space(struct ctx *c, const xmlChar *s)
{
    const xmlChar *p;
    xmlChar *d, *r;
    int clean = !blank(s[0]);

    for (p = s; *p && clean; p++)
        if (blank(*p) && (*p != 0x20 || blank(p[1]) || p[1] == 0))
            clean = 0;
    if (clean)
        return s;
    r = d = arena_alloc(c->run, strlen((const char *)s) + 1);
    if (r == NULL)
        return NULL;
    while (blank(*s))
        s++;
    for (int pending = 0; *s; s++) {
        if (blank(*s)) {
            pending = 1;
            continue;
        }
        if (pending)
            *d++ = 0x20;
        pending = 0;
        *d++ = *s;
    }
    *d = 0;
    return r;
}

static xmlXPathObjectPtr
to_object(const struct val *v)
{
    switch (v->t) {
    case V_BOOL: return xmlXPathNewBoolean(v->b);
    case V_NUM: return xmlXPathNewFloat(v->num);
    case V_STR: return xmlXPathNewString(v->s);
    case V_NODES: return crp_xpath_nodeset(v->nodes, v->n);
    }
    return NULL;
}

/* Are the N nodes of A in document order without duplicates, as every
 * set of the fast path is? A function's result may not be (id() keeps
 * the order of its tokens): libxml2 filters such a set as it is but
 * sorts it everywhere else, so it is left to libxml2. */
static int
in_order(struct ctx *c, xmlNodePtr *a, int n)
{
    xmlNodePtr *copy;
    int m = n;

    if (n < 2)
        return 1;
    copy = arena_alloc(c->run, (size_t)n * sizeof(*copy));
    if (copy == NULL)
        return 0;
    memcpy(copy, a, (size_t)n * sizeof(*copy));
    if (normalize(copy, &m))
        return 0;
    return m == n && memcmp(copy, a, (size_t)n * sizeof(*copy)) == 0;
}

/* An object libxml2 returned, copied into the arena. */
static int
from_object(struct ctx *c, xmlXPathObjectPtr o, struct val *out)
{
    int i, n;

    switch (o->type) {
    case XPATH_BOOLEAN:
        set_bool(out, o->boolval);
        return 0;
    case XPATH_NUMBER:
        set_num(out, o->floatval);
        return 0;
    case XPATH_STRING:
        set_str(out, arena_strdup(c->run, o->stringval ? o->stringval
                                                       : (const xmlChar *)""));
        return out->s ? 0 : -1;
    case XPATH_NODESET:
        n = o->nodesetval ? o->nodesetval->nodeNr : 0;
        out->t = V_NODES;
        out->n = n;
        out->nodes = NULL;
        if (n == 0)
            return 0;
        out->nodes = arena_alloc(c->run, (size_t)n * sizeof(xmlNodePtr));
        if (out->nodes == NULL || tick(c, n))
            return -1;
        for (i = 0; i < n; i++) {
            if (o->nodesetval->nodeTab[i]->type == XML_NAMESPACE_DECL)
                return -1;   /* copies owned by the set */
            out->nodes[i] = o->nodesetval->nodeTab[i];
        }
        return in_order(c, out->nodes, n) ? 0 : -1;
    default:
        return -1;
    }
}

/* A function libxml2 knows (cr: ones, and the core ones not computed
 * here), called the way xpath.c calls it. */
static int
call_libxml2(struct ctx *c, const struct fx_node *e, struct val *args,
             struct val *out)
{
    struct crp_fx_run *run = c->run;
    xmlXPathContextPtr xp = run->xp;
    xmlXPathParserContext pc;
    xmlXPathObjectPtr res;
    int i, rc = -1;

    memset(&pc, 0, sizeof(pc));
    pc.context = xp;
    pc.valueTab = run->vtab;
    pc.valueMax = run->vmax;
    for (i = 0; i < e->nkids; i++) {
        xmlXPathObjectPtr o;
        if (args[i].t == V_NODES && tick(c, args[i].n))
            goto out;
        o = to_object(&args[i]);
        if (o == NULL || valuePush(&pc, o) < 0) {
            xmlXPathFreeObject(o);
            goto out;
        }
    }
    xp->node = c->node;
    xp->doc = c->doc;
    xp->contextSize = c->size;
    xp->proximityPosition = c->pos;
    /* the cr: functions count their work in the context (functions.c) */
    xp->opCount = run->ops;
    e->func(&pc, e->nkids);
    run->ops = xp->opCount;
    if (pc.error == XPATH_EXPRESSION_OK && pc.valueNr == 1) {
        res = valuePop(&pc);
        if (res)
            rc = from_object(c, res, out);
        xmlXPathFreeObject(res);
    }
out:
    while (pc.valueNr > 0)
        xmlXPathFreeObject(valuePop(&pc));
    run->vtab = pc.valueTab;   /* valuePush may have grown it */
    run->vmax = pc.valueMax;
    return rc;
}

/* ---- cr: functions: their one implementation (functions.h), called
 * with the fast path's values ---- */

static int
fx_charge(struct crp_fn_call *fc, unsigned long units)
{
    return tick(fc->ev, units);
}

static void *
fx_scratch(struct crp_fn_call *fc, size_t bytes)
{
    return arena_alloc(((struct ctx *)fc->ev)->run, bytes);
}

static const xmlChar *
fx_string_of(struct crp_fn_call *fc, xmlNodePtr node)
{
    return node_string(fc->ev, node);
}

static const struct crp_fn_ops fx_ops = {fx_charge, fx_scratch,
                                         fx_string_of};

/* The string values of V's nodes (one operation each), or V as one
 * string, into A. */
static int
fx_strings(struct ctx *c, const struct val *v, struct crp_fn_arg *a)
{
    int i;

    if (v->t != V_NODES) {
        if (tick(c, 1) || to_string(c, v, &a->s) ||
            (a->strs = arena_alloc(c->run, sizeof(*a->strs))) == NULL)
            return -1;
        a->strs[0] = a->s;
        a->n = 1;
        return 0;
    }
    a->nodes = v->nodes;
    a->n = v->n;
    a->strs = arena_alloc(c->run, (size_t)(v->n ? v->n : 1) *
                                  sizeof(*a->strs));
    if (a->strs == NULL || tick(c, v->n))
        return -1;
    for (i = 0; i < v->n; i++)
        if ((a->strs[i] = node_string(c, v->nodes[i])) == NULL)
            return -1;
    return 0;
}

/* V converted as KIND (functions.def) says into A: -1 to decline (a type
 * libxml2 reports as an error, memory, the limit). */
static int
fx_arg(struct ctx *c, char kind, const struct val *v, struct crp_fn_arg *a)
{
    switch (kind) {
    case 'N':
        return to_number(c, v, &a->num);
    case 'D':
        if (v->t == V_NUM) {
            a->is_num = 1;
            a->num = v->num;
            return 0;
        }
        /* fall through */
    case 'S':
        return to_string(c, v, &a->s);
    case 'L':
        if (v->t != V_NODES)
            return -1;
        a->nodes = v->nodes;
        a->n = v->n;
        return 0;
    default: /* 'W', 'K' */
        if (kind == 'W' && v->t != V_NODES)
            return -1;
        return fx_strings(c, v, a);
    }
}

static int
fx_result(struct ctx *c, const struct crp_fn_result *r, struct val *out)
{
    switch (r->type) {
    case CRP_FN_NUMBER:
        set_num(out, r->num);
        return 0;
    case CRP_FN_BOOLEAN:
        set_bool(out, r->boolean);
        return 0;
    case CRP_FN_STRING:
        set_str(out, arena_strdup(c->run, r->str));
        return out->s ? 0 : -1;
    case CRP_FN_NODES:
        /* a subset of a list in document order keeps the order */
        out->t = V_NODES;
        out->n = r->n;
        out->nodes = r->n ? r->nodes : NULL;
        return 0;
    }
    return -1;
}

/* A join row (CRP_FN_JOIN: cr:lookup) whose node list is the same for
 * the whole case answers from the site's index once it has one: 1 when
 * it did (*OUT set), 0 when the implementation must run (*SITE, if any,
 * counts its work), -1 to decline. */
static int
fx_join(struct ctx *c, const struct fx_node *e, const struct val *list,
        const struct crp_fn_call *fc, struct crp_fx_site **site,
        struct val *out)
{
    struct keys k = {fc->arg[2].strs, NULL, fc->arg[2].n};
    int r;

    *site = site_of(c, e, e->kids[0], list);
    if (*site == NULL ||
        (r = site_ready(c, *site, NULL, fc->arg[1].s, k.n)) == 0)
        return 0;
    if (r < 0 || site_select(c, *site, NULL, fc->arg[1].s, &k, out))
        return -1;
    return 1;
}

/* E's cr: function on ARGS. What fails there (no calendar, a date
 * outside it, a bad pattern) declines, and libxml2's run reports it. */
static int
call_cr(struct ctx *c, const struct fx_node *e, struct val *args,
        struct val *out)
{
    const struct crp_function *fn = e->fn;
    struct crp_fx_site *site = NULL;
    unsigned long before;
    struct crp_fn_call fc;
    int i, rc;

    memset(&fc, 0, sizeof(fc));
    fc.fn = fn;
    fc.env = c->run->xp->userData;
    fc.ops = &fx_ops;
    fc.ev = c;
    fc.nargs = e->nkids;
    if (fc.env == NULL)
        return -1;
    for (i = 0; i < e->nkids; i++)
        if (fx_arg(c, fn->args[i], &args[i], &fc.arg[i]))
            return -1;
    if ((fn->flags & CRP_FN_JOIN) &&
        (rc = fx_join(c, e, &args[0], &fc, &site, out)) != 0)
        return rc < 0 ? -1 : 0;
    before = c->run->ops;
    rc = fn->impl(&fc);
    if (site)
        site->work += c->run->ops - before;
    if (rc == 0 && fc.env->error == NULL)
        rc = fx_result(c, &fc.ret, out);
    else
        rc = -1;
    crp_free(fc.ret.owned);
    return rc;
}

/* Does E want argument I's string value (or, for not() and boolean(),
 * its truth) rather than the node-set? */
static int
wants_string(const struct fx_node *e, int i)
{
    if (e->fn)
        return strchr("SND", e->fn->args[i]) != NULL;
    return e->core != CRP_CORE_NONE && e->core != CRP_CORE_COUNT &&
           e->core != CRP_CORE_SUM;
}

/* Evaluates E's arguments into ARGS. */
static int
call_args(struct ctx *c, const struct fx_node *e, struct val *args)
{
    const xmlChar *s;
    int i;

    for (i = 0; i < e->nkids; i++) {
        const struct fx_node *k = e->kids[i];
        /* a bare @name argument of a function that only wants its
         * string value (or its truth) is given that, without a node list:
         * the same result (cr:lookup's key is a node-set: a missing @ref
         * matches nothing, not "") */
        if (k->bare_attr && c->node && wants_string(e, i)) {
            xmlNodePtr at;
            if (tick(c, 1))
                return -1;
            at = find_attr(c, k);
            if (e->core == CRP_CORE_NOT || e->core == CRP_CORE_BOOLEAN) {
                set_bool(&args[i], at != NULL);
                continue;
            }
            s = at ? node_string(c, at) : (const xmlChar *)"";
            if (s == NULL)
                return -1;
            set_str(&args[i], s);
            continue;
        }
        if (eval(c, k, &args[i]))
            return -1;
    }
    return 0;
}

/* string(), normalize-space(), string-length(). */
static int
core_string(struct ctx *c, const struct fx_node *e, struct val *args,
            struct val *out)
{
    const xmlChar *s;

    if (e->nkids == 0)
        s = c->node ? node_string(c, c->node) : (const xmlChar *)"";
    else if (to_string(c, &args[0], &s))
        return -1;
    if (s == NULL || (e->core != CRP_CORE_STRING && tick_text(c, s)))
        return -1;
    if (e->core == CRP_CORE_STRING_LENGTH) {
        set_num(out, (double)xmlUTF8Strlen(s));
        return 0;
    }
    if (e->core == CRP_CORE_NORMALIZE_SPACE && (s = normalize_space(c, s)) == NULL)
        return -1;
    set_str(out, s);
    return 0;
}

static int
core_number(struct ctx *c, const struct fx_node *e, struct val *args,
            struct val *out)
{
    double d;

    if (e->nkids == 0) {
        /* xmlNodeGetContent()'s NULL is 0 there, not NaN */
        if (c->node == NULL || null_content(c->node)) {
            set_num(out, 0.0);
            return 0;
        }
        if (node_number(c, c->node, &d))
            return -1;
    } else if (to_number(c, &args[0], &d)) {
        return -1;
    }
    set_num(out, d);
    return 0;
}

static int
core_sum(struct ctx *c, struct val *args, struct val *out)
{
    double d = 0.0;
    int i;

    if (args[0].t != V_NODES || tick(c, args[0].n))
        return -1;
    for (i = 0; i < args[0].n; i++) {
        double v;
        if (node_number(c, args[0].nodes[i], &v))
            return -1;
        d += v;
    }
    set_num(out, d);
    return 0;
}

/* contains(), starts-with(). */
static int
core_contains(struct ctx *c, const struct fx_node *e, struct val *args,
              struct val *out)
{
    const xmlChar *s, *t;

    if (to_string(c, &args[0], &s) || to_string(c, &args[1], &t) ||
        tick_text(c, s))
        return -1;
    if (e->core == CRP_CORE_CONTAINS)
        set_bool(out, strstr((const char *)s, (const char *)t) != NULL);
    else
        set_bool(out, strncmp((const char *)s, (const char *)t,
                              strlen((const char *)t)) == 0);
    return 0;
}

/* substring(): xpath.c's xmlXPathSubstringFunction: positions rounded
 * half up, NaN and infinities as it treats them, characters counted by
 * xmlUTF8Strsub. */
static int
core_substring(struct ctx *c, const struct fx_node *e, struct val *args,
               struct val *out)
{
    const xmlChar *s;
    double in, le = 0, rin, rle, end;
    int from = 1, to = INT_MAX;
    xmlChar *sub;

    if (to_string(c, &args[0], &s) || to_number(c, &args[1], &in) ||
        (e->nkids == 3 && to_number(c, &args[2], &le)) ||
        tick_text(c, s))
        return -1;
    if (!(in < INT_MAX)) {
        from = INT_MAX;
    } else if (in >= 1.0) {
        from = (int)in;
        if (in - floor(in) >= 0.5)
            from += 1;
    }
    if (e->nkids == 3) {
        rin = floor(in);
        if (in - rin >= 0.5)
            rin += 1.0;
        rle = floor(le);
        if (le - rle >= 0.5)
            rle += 1.0;
        end = rin + rle;
        if (!(end >= 1.0))
            to = 1;
        else if (end < INT_MAX)
            to = (int)end;
    }
    if (from >= to) {
        set_str(out, (const xmlChar *)"");
        return 0;
    }
    sub = xmlUTF8Strsub(s, from - 1, to - from);
    set_str(out, sub ? arena_strdup(c->run, sub) : (const xmlChar *)"");
    xmlFree(sub);
    return out->s ? 0 : -1;
}

/* substring-before(), substring-after(). */
static int
core_substring_at(struct ctx *c, const struct fx_node *e, struct val *args,
                  struct val *out)
{
    const xmlChar *s, *t;
    const char *hit;
    xmlChar *r;
    size_t len;

    if (to_string(c, &args[0], &s) || to_string(c, &args[1], &t) ||
        tick_text(c, s))
        return -1;
    hit = strstr((const char *)s, (const char *)t);
    if (hit == NULL) {
        set_str(out, (const xmlChar *)"");
        return 0;
    }
    if (e->core == CRP_CORE_SUBSTRING_AFTER) {
        set_str(out, (const xmlChar *)hit + strlen((const char *)t));
        return 0;
    }
    len = (size_t)(hit - (const char *)s);
    r = arena_alloc(c->run, len + 1);
    if (r == NULL)
        return -1;
    memcpy(r, s, len);
    r[len] = 0;
    set_str(out, r);
    return 0;
}

static int
core_concat(struct ctx *c, const struct fx_node *e, struct val *args,
            struct val *out)
{
    size_t len = 0, k;
    const xmlChar **parts = arena_alloc(c->run,
                                        (size_t)e->nkids * sizeof(*parts));
    xmlChar *r;
    int i;

    if (parts == NULL)
        return -1;
    for (i = 0; i < e->nkids; i++) {
        if (to_string(c, &args[i], &parts[i]))
            return -1;
        len += strlen((const char *)parts[i]);
    }
    r = arena_alloc(c->run, len + 1);
    if (r == NULL || tick(c, len / 32))
        return -1;
    for (i = 0, len = 0; i < e->nkids; i++) {
        k = strlen((const char *)parts[i]);
        memcpy(r + len, parts[i], k);
        len += k;
    }
    r[len] = 0;
    set_str(out, r);
    return 0;
}

/* A function call: a cr: one through its implementation (call_cr), an
 * XPath one computed here, or libxml2's own for the rest. */
static int
call(struct ctx *c, const struct fx_node *e, struct val *out)
{
    struct val argv[4], *args = argv;

    if (e->nkids > 4) {
        args = arena_alloc(c->run, (size_t)e->nkids * sizeof(*args));
        if (args == NULL)
            return -1;
    }
    if (call_args(c, e, args))
        return -1;
    if (e->fn)
        return call_cr(c, e, args, out);
    switch (e->core) {
    case CRP_CORE_NONE:
        return call_libxml2(c, e, args, out);
    case CRP_CORE_COUNT:
        if (args[0].t != V_NODES)
            return -1;
        set_num(out, (double)args[0].n);
        return 0;
    case CRP_CORE_NOT:
        set_bool(out, !to_bool(&args[0]));
        return 0;
    case CRP_CORE_BOOLEAN:
        set_bool(out, to_bool(&args[0]));
        return 0;
    case CRP_CORE_TRUE: case CRP_CORE_FALSE:
        set_bool(out, e->core == CRP_CORE_TRUE);
        return 0;
    case CRP_CORE_POSITION:
        set_num(out, (double)c->pos);
        return 0;
    case CRP_CORE_LAST:
        set_num(out, (double)c->size);
        return 0;
    case CRP_CORE_STRING: case CRP_CORE_NORMALIZE_SPACE: case CRP_CORE_STRING_LENGTH:
        return core_string(c, e, args, out);
    case CRP_CORE_NUMBER:
        return core_number(c, e, args, out);
    case CRP_CORE_SUM:
        return core_sum(c, args, out);
    case CRP_CORE_CONTAINS: case CRP_CORE_STARTS_WITH:
        return core_contains(c, e, args, out);
    case CRP_CORE_SUBSTRING:
        return core_substring(c, e, args, out);
    case CRP_CORE_SUBSTRING_BEFORE: case CRP_CORE_SUBSTRING_AFTER:
        return core_substring_at(c, e, args, out);
    case CRP_CORE_CONCAT:
        return core_concat(c, e, args, out);
    default:
        return -1;
    }
}

/* ---- per-case memos (xpath-link.c) ---- */

/* *DST = V with V's node list or string copied by TAKE(WHERE, size): out
 * of the scratch arena, which the next evaluation resets. Node lists are
 * read-only everywhere (a variable's are libxml2's), so a copy is handed
 * out as is. -1: out of memory. */
static int
copy_val(const struct val *v, struct val *dst,
         void *(*take)(void *where, size_t n), void *where)
{
    *dst = *v;
    if (v->t == V_NODES && v->n > 0) {
        dst->nodes = take(where, (size_t)v->n * sizeof(xmlNodePtr));
        if (dst->nodes == NULL)
            return -1;
        memcpy(dst->nodes, v->nodes, (size_t)v->n * sizeof(xmlNodePtr));
    } else if (v->t == V_STR) {
        size_t len = strlen((const char *)v->s) + 1;
        xmlChar *d = take(where, len);
        if (d == NULL)
            return -1;
        memcpy(d, v->s, len);
        dst->s = d;
    }
    return 0;
}

static void *
take_kept(void *run, size_t n)
{
    return crp_arena_take(&((struct crp_fx_run *)run)->kept, n);
}

static int
eval_memo(struct ctx *c, const struct fx_node *e, struct val *out)
{
    struct crp_fx_run *run = c->run;
    struct memo *m = &run->memos[e->memo];

    if (m->gen == run->gen && m->doc == c->doc) {
        *out = m->v;
        return tick(c, 1);
    }
    {
        const struct fx_node *outer = run->unmemo;
        int rc;
        run->unmemo = e;
        rc = eval(c, e, out);
        run->unmemo = outer;
        if (rc)
            return -1;
    }
    m->gen = 0;
    if (copy_val(out, &m->v, take_kept, run) == 0) {
        m->gen = run->gen;
        m->doc = c->doc;
        *out = m->v;   /* the kept copy: a join site may index it */
    }
    return 0;
}

int
crp_fx_run_size(struct crp_fx_run *run, int nmemos, int nsites)
{
    struct memo *m = NULL;
    struct crp_fx_site *s = NULL;

    if ((nmemos > 0 && (m = crp_calloc((size_t)nmemos, sizeof(*m))) == NULL) ||
        (nsites > 0 && (s = crp_calloc((size_t)nsites, sizeof(*s))) == NULL)) {
        crp_free(m);
        return -1;
    }
    crp_free(run->memos);
    run->memos = m;
    run->nmemos = nmemos;
    crp_free(run->sites);
    run->sites = s;
    run->nsites = nsites;
    return 0;
}

void
crp_fx_new_case(struct crp_fx_run *run)
{
    if (run == NULL)
        return;
    run->gen++;
    crp_arena_reset(&run->kept);
}

/* ---- expressions ---- */

/* $name: the fast path's let value, or libxml2's object. */
static int
eval_var(struct ctx *c, const struct fx_node *e, struct val *out)
{
    xmlXPathObjectPtr o;
    const struct crp_fx_value *fv;
    int r;

    if (c->run->getvar(c->run->ud, (const char *)e->str, &o, &fv))
        return -1;
    if (fv) {
        *out = fv->v;
        if (out->t == V_NODES && tick(c, out->n))
            return -1;
        /* as for libxml2's sets below */
        for (r = 0; out->t == V_NODES && out->n > 1 && r < out->n; r++)
            if (misplaced(out->nodes[r]))
                return -1;
        return 0;
    }
    if (o == NULL)
        return -1;
    switch (o->type) {
    case XPATH_NODESET:
        out->t = V_NODES;
        out->n = o->nodesetval ? o->nodesetval->nodeNr : 0;
        out->nodes = out->n ? o->nodesetval->nodeTab : NULL;
        if (tick(c, out->n))
            return -1;
        /* libxml2 sorts the copy it gets again: no change for a set
         * in document order, but maybe one for a set with a node its
         * comparison misplaces (normalize()) */
        for (r = 0; r < out->n; r++)
            if (out->nodes[r]->type == XML_NAMESPACE_DECL ||
                (out->n > 1 && misplaced(out->nodes[r])))
                return -1;
        return 0;
    case XPATH_BOOLEAN: set_bool(out, o->boolval); return 0;
    case XPATH_NUMBER: set_num(out, o->floatval); return 0;
    case XPATH_STRING:
        set_str(out, o->stringval ? o->stringval : (const xmlChar *)"");
        return 0;
    default:
        return -1;
    }
}

/* "/" or ".": the one node N (NULL: declined). */
static int
eval_one_node(struct ctx *c, xmlNodePtr n, struct val *out)
{
    if (n == NULL)
        return -1;
    out->nodes = arena_alloc(c->run, sizeof(xmlNodePtr));
    if (out->nodes == NULL)
        return -1;
    out->t = V_NODES;
    out->n = 1;
    out->nodes[0] = n;
    return 0;
}

/* + - * div mod, and unary minus. */
static int
eval_arith(struct ctx *c, const struct fx_node *e, struct val *out)
{
    struct val a, b;
    double x, y = 0;

    /* both operands first, then their numbers, as libxml2 counts */
    if (eval(c, e->kids[0], &a) ||
        (e->op != FX_NEG && eval(c, e->kids[1], &b)) ||
        to_number(c, &a, &x) ||
        (e->op != FX_NEG && to_number(c, &b, &y)))
        return -1;
    switch (e->op) {
    case FX_NEG: set_num(out, -x); break;
    case FX_ADD: set_num(out, x + y); break;
    case FX_SUB: set_num(out, x - y); break;
    case FX_MUL: set_num(out, x * y); break;
    case FX_DIV: set_num(out, x / y); break;
    default: set_num(out, fmod(x, y)); break;
    }
    return 0;
}

static int
eval_union(struct ctx *c, const struct fx_node *e, struct val *out)
{
    struct val a, b;
    xmlNodePtr *u;

    if (eval(c, e->kids[0], &a) || eval(c, e->kids[1], &b) ||
        a.t != V_NODES || b.t != V_NODES)
        return -1;
    u = arena_alloc(c->run, ((size_t)a.n + (size_t)b.n + 1) *
                            sizeof(xmlNodePtr));
    if (u == NULL || tick(c, (unsigned long)a.n + (unsigned long)b.n))
        return -1;
    if (a.n)
        memcpy(u, a.nodes, (size_t)a.n * sizeof(*u));
    if (b.n)
        memcpy(u + a.n, b.nodes, (size_t)b.n * sizeof(*u));
    out->t = V_NODES;
    out->n = a.n + b.n;
    out->nodes = u;
    return normalize(u, &out->n);
}

/* (expr)[pred]...: through the site's index when it has one. */
static int
eval_filter(struct ctx *c, const struct fx_node *e, struct val *out)
{
    struct crp_fx_site *site;
    unsigned long before = 0;
    struct val a;
    xmlNodePtr *copy;
    int k, r;

    if (eval(c, e->kids[0], &a) || a.t != V_NODES)
        return -1;
    if ((site = site_of(c, e, e->kids[0], &a)) != NULL) {
        r = site_filter(c, site, NULL, e->kids + 1, e->nkids - 1, out);
        if (r <= 0)
            return r;
        before = c->run->ops;
    }
    copy = arena_alloc(c->run, ((size_t)a.n + 1) * sizeof(*copy));
    if (copy == NULL)
        return -1;
    if (a.n)
        memcpy(copy, a.nodes, (size_t)a.n * sizeof(*copy));
    for (k = 1; k < e->nkids && a.n; k++)
        if (filter(c, e->kids[k], copy, &a.n))
            return -1;
    a.nodes = copy;
    *out = a;
    if (site)
        site->work += c->run->ops - before;
    return 0;
}

/* @a = 'x' or @a = 'y' ... in place. */
static int
eval_attr_in(struct ctx *c, const struct fx_node *e, struct val *out)
{
    xmlNodePtr at = find_attr(c, e->kids[0]);
    const xmlChar *v = NULL;

    if (at && (v = node_string(c, at)) == NULL)
        return -1;
    set_bool(out, at && attr_holds(e, at, v, NULL));
    return 0;
}

/* @a = V (or !=) in place. */
static int
eval_attr_eq(struct ctx *c, const struct fx_node *e, struct val *out)
{
    struct val a, b;
    xmlNodePtr at;
    const xmlChar *v = NULL;
    int r;

    if (eval(c, e->kids[1], &b))
        return -1;
    at = find_attr(c, e->kids[0]);
    if (b.t == V_STR) {
        if (at && (v = node_string(c, at)) == NULL)
            return -1;
        r = at && attr_holds(e, at, v, b.s);
    } else {
        a.t = V_NODES;
        a.n = at != NULL;
        a.nodes = &at;
        if (equals(c, &a, &b, e->neq, &r))
            return -1;
    }
    set_bool(out, r);
    return 0;
}

static int
eval(struct ctx *c, const struct fx_node *e, struct val *out)
{
    struct val a, b;
    int r;

    if (e->memo >= 0 && e != c->run->unmemo && e->memo < c->run->nmemos)
        return eval_memo(c, e, out);
    if (tick(c, 1))
        return -1;
    switch (e->op) {
    case FX_STR:
        set_str(out, e->str);
        return 0;
    case FX_NUM:
        set_num(out, e->num);
        return 0;
    case FX_VAR:
        return eval_var(c, e, out);
    case FX_ROOT:
        return eval_one_node(c, (xmlNodePtr)c->doc, out);
    case FX_CONTEXT:
        return eval_one_node(c, c->node, out);
    case FX_OR: case FX_AND:
        if (eval_truth(c, e->kids[0], &r))
            return -1;
        if (r == (e->op == FX_OR)) {
            set_bool(out, r);
            return 0;
        }
        if (eval_truth(c, e->kids[1], &r))
            return -1;
        set_bool(out, r);
        return 0;
    case FX_EQ: case FX_NE:
        if (eval(c, e->kids[0], &a) || eval(c, e->kids[1], &b) ||
            equals(c, &a, &b, e->op == FX_NE, &r))
            return -1;
        set_bool(out, r);
        return 0;
    case FX_LT: case FX_LE: case FX_GT: case FX_GE:
        if (eval(c, e->kids[0], &a) || eval(c, e->kids[1], &b) ||
            compare(c, e->op, &a, &b, &r))
            return -1;
        set_bool(out, r);
        return 0;
    case FX_ADD: case FX_SUB: case FX_MUL: case FX_DIV: case FX_MOD:
    case FX_NEG:
        return eval_arith(c, e, out);
    case FX_UNION:
        return eval_union(c, e, out);
    case FX_CALL:
        return call(c, e, out);
    case FX_FILTER:
        return eval_filter(c, e, out);
    case FX_STEP:
        return e->site >= 0 ? eval_step_site(c, e, out) : eval_step(c, e, out);
    case FX_ATTR_IN:
        return eval_attr_in(c, e, out);
    case FX_ATTR_EQ:
        return eval_attr_eq(c, e, out);
    }
    return -1;
}

/* ---- entry points ---- */

struct crp_fx_run *
crp_fx_run_new(xmlXPathContextPtr xp, crp_fx_getvar gv, void *ud)
{
    struct crp_fx_run *run = crp_calloc(1, sizeof(*run));

    if (run == NULL)
        return NULL;
    run->xp = xp;
    run->scratch = (struct crp_arena)CRP_ARENA_INIT(CHUNK, ARENA_MAX,
                                                    SIZE_MAX);
    run->kept = run->scratch;
    run->gen = 1;   /* memos start at 0: none valid */
    run->getvar = gv;
    run->ud = ud;
    run->vmax = 10;
    run->vtab = xmlMalloc((size_t)run->vmax * sizeof(*run->vtab));
    if (run->vtab == NULL) {
        crp_free(run);
        return NULL;
    }
    return run;
}

void
crp_fx_run_free(struct crp_fx_run *run)
{
    if (run == NULL)
        return;
    crp_arena_free(&run->scratch);
    crp_arena_free(&run->kept);
    while (run->lets.top) {
        struct crp_chunk *c = run->lets.top;
        run->lets.top = c->next;
        crp_free(c);
    }
    crp_free(run->lets.spare);
    crp_free(run->memos);
    crp_free(run->sites);
    xmlFree(run->vtab);
    crp_free(run);
}

/* Evaluates FX at NODE; restores the context fields libxml2 functions
 * may have been given. A namespace node (a check's context may select
 * namespace::*) is declined: libxml2 hands out an xmlNs copy for it,
 * smaller than an xmlNode, without the doc, parent and children that
 * the steps here read. */
static int
run_eval(struct crp_fx_run *run, const struct crp_fx *fx, xmlNodePtr node,
         struct ctx *c, struct val *v)
{
    xmlXPathContextPtr xp = run->xp;
    xmlNodePtr onode = xp->node;
    xmlDocPtr odoc = xp->doc;
    int osize = xp->contextSize, opos = xp->proximityPosition, rc;

    if (fx == NULL || node == NULL || node->type == XML_NAMESPACE_DECL)
        return -1;
    crp_arena_reset(&run->scratch);
    c->run = run;
    c->node = node;
    c->pos = c->size = 1;
    c->doc = xp->doc;
    run->ops = xp->opCount;
    run->limit = xp->opLimit ? xp->opLimit : ULONG_MAX;
    run->unmemo = NULL;
    rc = eval(c, fx->root, v);
    xp->opCount = run->ops;
    xp->node = onode;
    xp->doc = odoc;
    xp->contextSize = osize;
    xp->proximityPosition = opos;
    return rc;
}

int
crp_fx_bool(struct crp_fx_run *run, const struct crp_fx *fx, xmlNodePtr node,
            int *out)
{
    struct ctx c;
    struct val v;

    if (run_eval(run, fx, node, &c, &v))
        return 0;
    *out = to_bool(&v);
    return 1;
}

int
crp_fx_object(struct crp_fx_run *run, const struct crp_fx *fx,
              xmlNodePtr node, xmlXPathObjectPtr *out)
{
    struct ctx c;
    struct val v;

    if (run_eval(run, fx, node, &c, &v))
        return 0;
    *out = to_object(&v);
    return *out != NULL;
}

int
crp_fx_nodes(struct crp_fx_run *run, const struct crp_fx *fx,
             xmlNodePtr node, xmlNodePtr **out, int *n)
{
    struct ctx c;
    struct val v;

    *out = NULL;
    *n = 0;
    if (run_eval(run, fx, node, &c, &v) || v.t != V_NODES)
        return 0;
    if (v.n > 0) {
        *out = crp_malloc((size_t)v.n * sizeof(**out));
        if (*out == NULL)
            return 0;
        memcpy(*out, v.nodes, (size_t)v.n * sizeof(**out));
    }
    *n = v.n;
    return 1;
}

/* ---- let values ---- */

size_t
crp_fx_let_mark(const struct crp_fx_run *run)
{
    return run->lets.below + (run->lets.top ? run->lets.top->used : 0);
}

void
crp_fx_let_release(struct crp_fx_run *run, size_t mark)
{
    struct lstack *ls = &run->lets;

    while (ls->top && mark <= ls->below && ls->top->next) {
        struct crp_chunk *c = ls->top;
        ls->top = c->next;
        ls->below -= ls->top->used;
        if (ls->spare == NULL || ls->spare->cap < c->cap) {
            crp_free(ls->spare);
            ls->spare = c;
        } else {
            crp_free(c);
        }
    }
    if (ls->top && mark <= ls->below) {     /* the last chunk: keep it */
        ls->top->used = 0;
        return;
    }
    if (ls->top)
        ls->top->used = mark - ls->below;
}

static void *
let_take(void *where, size_t n)
{
    struct crp_fx_run *run = where;
    struct lstack *ls = &run->lets;
    struct crp_chunk *c = ls->top;
    size_t need = CRP_ARENA_ROUND(n);

    if (c == NULL || c->cap - c->used < need) {
        size_t cap = need > CHUNK ? need : CHUNK;
        if (ls->spare && ls->spare->cap >= need) {
            c = ls->spare;
            ls->spare = NULL;
            c->used = 0;
        } else if (crp_fx_let_mark(run) + cap > ARENA_MAX ||
                   (c = crp_chunk_new(cap)) == NULL) {
            return NULL;
        }
        c->next = ls->top;
        ls->below += ls->top ? ls->top->used : 0;
        ls->top = c;
    }
    return crp_chunk_take(c, need);
}

int
crp_fx_let(struct crp_fx_run *run, const struct crp_fx *fx, xmlNodePtr node,
           const struct crp_fx_value **out)
{
    size_t mark = crp_fx_let_mark(run);
    struct crp_fx_value *fv;
    struct ctx c;
    struct val v;

    *out = NULL;
    if (run_eval(run, fx, node, &c, &v))
        return 0;
    fv = let_take(run, sizeof(*fv));
    if (fv == NULL)
        return 0;
    if (copy_val(&v, &fv->v, let_take, run) != 0) {
        crp_fx_let_release(run, mark);
        return 0;
    }
    *out = fv;
    return 1;
}

xmlXPathObjectPtr
crp_fx_value_object(const struct crp_fx_value *val)
{
    return to_object(&val->v);
}

int
crp_fx_string(struct crp_fx_run *run, const struct crp_fx *fx,
              xmlNodePtr node, char **out)
{
    struct ctx c;
    struct val v;
    const xmlChar *s;

    if (run_eval(run, fx, node, &c, &v) || to_string(&c, &v, &s))
        return 0;
    *out = crp_strdup((const char *)s);
    return *out != NULL;
}
