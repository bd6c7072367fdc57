/* archive-store.c — the facts of many cases, kept small: a million cases
 * must fit in memory. Every fact value (and every source's folder) is
 * interned once and held as a 32-bit id; a case is one record in a byte
 * pool (its folder's id, the rest of its source, its case id unless the
 * file name gives it) and one column entry per fact (4 bytes, 8 for a
 * number). Nothing is sorted or indexed while cases are added: adding is
 * appending, and the rules (archive-rules.c) group what they need. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "archive-rules.h"
#include "idtable.h"

#define POOL_CHUNK ((size_t)1 << 20)
#define NONE_DAY ((uint32_t)0x80000000u)  /* INT32_MIN: no date */
#define NONE_BOOL 2u

/* Record flags: the case id is the file name without ".xml", or the file
 * name itself; the case had no facts (could not be scored). */
#define REC_ID_STEM 1u
#define REC_ID_NAME 2u
#define REC_EMPTY 4u

struct pool {
    char **chunks;
    size_t nchunks;
    char *cur;
    size_t left, bytes;
};

struct intern {
    const char **strs;     /* id -> text; [0] unused (no value) */
    uint32_t n;
    size_t cap;
    uint32_t *table;       /* open addressing: 0 empty, else an id */
    size_t mask;
};

struct crp_store {
    const struct crp_archive_def *def;
    struct pool pool;
    struct intern values;
    const char **recs;     /* per case */
    size_t n, cap;
    uint32_t **u;          /* per fact: ids, days, booleans, multi offsets */
    double **d;            /* per number fact */
    uint32_t *multi;       /* [count, ids...] runs; [0] unused */
    size_t nmulti, multi_cap;
};

/* A checklist without archive rules still has an archive (batch
 * --archive-json asked for one): no facts, no def. */
static size_t
nfacts(const struct crp_store *st)
{
    return st->def ? st->def->nfacts : 0;
}

static uint32_t
hash_bytes(const char *s, size_t len, uint32_t h)
{
    size_t i;

    for (i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* ---- the byte pool ---- */

static char *
pool_take(struct pool *p, size_t n)
{
    char *r;

    if (n > p->left) {
        size_t cap = n > POOL_CHUNK ? n : POOL_CHUNK;
        char **nc = crp_realloc(p->chunks, (p->nchunks + 1) * sizeof(*nc));
        char *c;
        if (nc == NULL)
            return NULL;
        p->chunks = nc;
        if ((c = crp_malloc(cap)) == NULL)
            return NULL;
        p->chunks[p->nchunks++] = c;
        p->cur = c;
        p->left = cap;
        p->bytes += cap;
    }
    r = p->cur;
    p->cur += n;
    p->left -= n;
    return r;
}

/* ---- interned strings ---- */

/* The hash of string ID (idtable.h). */
static uint32_t
string_hash(const void *ud, uint32_t id)
{
    const char *s = ((const struct intern *)ud)->strs[id];

    return hash_bytes(s, strlen(s), 2166136261u);
}

/* The id of S[0..LEN), interned now if new; 0 when out of memory. */
static uint32_t
intern(struct crp_store *st, const char *s, size_t len)
{
    struct intern *in = &st->values;
    size_t h;
    char *copy;

    if ((in->n + 1) * 2 > in->mask &&
        crp_idtable_grow(&in->table, &in->mask, 1024, in->n, string_hash,
                         in) != 0)
        return 0;
    h = hash_bytes(s, len, 2166136261u) & in->mask;
    for (; in->table[h]; h = (h + 1) & in->mask) {
        const char *t = in->strs[in->table[h]];
        if (strncmp(t, s, len) == 0 && t[len] == '\0')
            return in->table[h];
    }
    if (in->n + 1 >= in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 1024;
        const char **ns = crp_realloc(in->strs, cap * sizeof(*ns));
        if (ns == NULL || in->n >= UINT32_MAX - 1) {
            if (ns)
                in->strs = ns;
            return 0;
        }
        in->strs = ns;
        in->cap = cap;
    }
    if ((copy = pool_take(&st->pool, len + 1)) == NULL)
        return 0;
    memcpy(copy, s, len);
    copy[len] = '\0';
    in->strs[++in->n] = copy;
    in->table[h] = in->n;
    return in->n;
}

/* ---- the store ---- */

struct crp_store *
crp_store_new(const struct crp_archive_def *def)
{
    struct crp_store *st = crp_calloc(1, sizeof(*st));
    size_t nf = def ? def->nfacts : 0;

    if (st == NULL)
        return NULL;
    st->def = def;
    st->u = crp_calloc(nf ? nf : 1, sizeof(*st->u));
    st->d = crp_calloc(nf ? nf : 1, sizeof(*st->d));
    st->multi = crp_calloc(1, sizeof(*st->multi));
    st->nmulti = st->multi_cap = 1;
    if (!st->u || !st->d || !st->multi) {
        crp_store_free(st);
        return NULL;
    }
    return st;
}

void
crp_store_free(struct crp_store *st)
{
    size_t i;

    if (st == NULL)
        return;
    for (i = 0; i < st->pool.nchunks; i++)
        crp_free(st->pool.chunks[i]);
    crp_free(st->pool.chunks);
    crp_free(st->values.strs);
    crp_free(st->values.table);
    crp_free(st->recs);
    for (i = 0; i < nfacts(st); i++) {
        if (st->u)
            crp_free(st->u[i]);
        if (st->d)
            crp_free(st->d[i]);
    }
    crp_free(st->u);
    crp_free(st->d);
    crp_free(st->multi);
    crp_free(st);
}

static int
is_number(const struct crp_store *st, size_t f)
{
    return st->def->facts[f].type == CRP_FACT_NUMBER;
}

static int
reserve(struct crp_store *st)
{
    size_t cap = st->cap ? st->cap * 2 : 1024, f;
    const char **r;

    if (st->n < st->cap)
        return 0;
    r = crp_realloc(st->recs, cap * sizeof(*r));
    if (r == NULL)
        return -1;
    st->recs = r;
    for (f = 0; f < nfacts(st); f++) {
        if (is_number(st, f)) {
            double *d = crp_realloc(st->d[f], cap * sizeof(*d));
            if (d == NULL)
                return -1;
            st->d[f] = d;
        } else {
            uint32_t *u = crp_realloc(st->u[f], cap * sizeof(*u));
            if (u == NULL)
                return -1;
            st->u[f] = u;
        }
    }
    st->cap = cap;
    return 0;
}

/* The record of a case: its source's folder (up to the last '/' or
 * '!'), the rest, and its case id unless the rest gives it. */
static const char *
make_record(struct crp_store *st, const char *source, const char *case_id,
            int empty)
{
    const char *slash = strrchr(source, '/'), *bang = strrchr(source, '!');
    const char *rest = slash > bang ? slash + 1 : bang ? bang + 1 : source;
    size_t rlen = strlen(rest), ilen = strlen(case_id), need;
    uint32_t dir = intern(st, source, (size_t)(rest - source));
    unsigned char flags = empty ? REC_EMPTY : 0;
    char *rec;

    if (dir == 0)
        return NULL;
    if (strcmp(case_id, rest) == 0)
        flags |= REC_ID_NAME;
    else if (rlen == ilen + 4 && strcmp(rest + ilen, ".xml") == 0 &&
             strncmp(rest, case_id, ilen) == 0)
        flags |= REC_ID_STEM;
    need = 5 + rlen + 1 + (flags & (REC_ID_NAME | REC_ID_STEM) ? 0 : ilen + 1);
    if ((rec = pool_take(&st->pool, need)) == NULL)
        return NULL;
    memcpy(rec, &dir, 4);
    rec[4] = (char)flags;
    memcpy(rec + 5, rest, rlen + 1);
    if (!(flags & (REC_ID_NAME | REC_ID_STEM)))
        memcpy(rec + 5 + rlen + 1, case_id, ilen + 1);
    return rec;
}

static int
multi_put(struct crp_store *st, const struct crp_fact_val *fv, uint32_t *out)
{
    size_t need = st->nmulti + 1 + fv->n, j;

    *out = 0;
    if (fv->n == 0)
        return 0;
    if (need > UINT32_MAX)
        return -1;
    if (need > st->multi_cap) {
        size_t cap = st->multi_cap * 2 > need ? st->multi_cap * 2 : need;
        uint32_t *m = crp_realloc(st->multi, cap * sizeof(*m));
        if (m == NULL)
            return -1;
        st->multi = m;
        st->multi_cap = cap;
    }
    for (j = 0; j < fv->n; j++) {
        uint32_t id = intern(st, fv->v[j], strlen(fv->v[j]));
        if (id == 0)
            return -1;
        st->multi[st->nmulti + 1 + j] = id;
    }
    st->multi[st->nmulti] = (uint32_t)fv->n;
    *out = (uint32_t)st->nmulti;
    st->nmulti = need;
    return 0;
}

/* Fact F of the new case from FV (NULL: none). */
static int
put_fact(struct crp_store *st, size_t f, const struct crp_fact_val *fv)
{
    const struct crp_fact *def = &st->def->facts[f];
    size_t c = st->n;
    double num;

    if (def->type == CRP_FACT_NUMBER) {
        st->d[f][c] = fv && fv->n && crp_fact_parse(def->type, fv->v[0], &num)
                      ? num : NAN;
        return 0;
    }
    if (def->multiple)
        return fv ? multi_put(st, fv, &st->u[f][c]) : (st->u[f][c] = 0, 0);
    if (def->type == CRP_FACT_STRING) {
        st->u[f][c] = 0;
        if (fv && fv->n &&
            (st->u[f][c] = intern(st, fv->v[0], strlen(fv->v[0]))) == 0)
            return -1;
        return 0;
    }
    if (!fv || !fv->n || !crp_fact_parse(def->type, fv->v[0], &num))
        st->u[f][c] = def->type == CRP_FACT_DATE ? NONE_DAY : NONE_BOOL;
    else
        st->u[f][c] = def->type == CRP_FACT_DATE ? (uint32_t)(int32_t)num
                                                 : (uint32_t)num;
    return 0;
}

int
crp_store_add(struct crp_store *st, const struct cr_facts *f,
              const char *source, const char *case_id, int withdrawn)
{
    size_t i;

    if (st->n >= UINT32_MAX - 1 || reserve(st) != 0)
        return -1;
    if ((st->recs[st->n] = make_record(st, source ? source : "",
                                       case_id ? case_id : "",
                                       withdrawn)) == NULL)
        return -1;
    for (i = 0; i < nfacts(st); i++)
        if (put_fact(st, i, f ? &f->vals[i] : NULL) != 0)
            return -1;
    st->n++;
    return 0;
}

size_t
crp_store_count(const struct crp_store *st)
{
    return st->n;
}

static uint32_t
rec_dir(const char *rec)
{
    uint32_t dir;

    memcpy(&dir, rec, 4);
    return dir;
}

long
crp_store_live(const struct crp_store *st, unsigned char *live)
{
    size_t cap = 16, c, h;
    uint32_t *t;
    long count = 0;

    while (cap < 2 * st->n)
        cap *= 2;
    if ((t = crp_calloc(cap, sizeof(*t))) == NULL)
        return -1;
    /* the last case added of a source wins: walk from the end */
    for (c = st->n; c-- > 0;) {
        const char *rec = st->recs[c];
        uint32_t dir = rec_dir(rec);
        int seen = 0;

        h = hash_bytes(rec + 5, strlen(rec + 5), dir * 2654435761u) &
            (cap - 1);
        for (; t[h]; h = (h + 1) & (cap - 1)) {
            const char *o = st->recs[t[h] - 1];
            if (rec_dir(o) == dir && strcmp(o + 5, rec + 5) == 0) {
                seen = 1;
                break;
            }
        }
        if (!seen)
            t[h] = (uint32_t)c + 1;
        live[c] = !seen && !(rec[4] & REC_EMPTY);
        count += live[c];
    }
    crp_free(t);
    return count;
}

char *
crp_store_source(const struct crp_store *st, size_t c)
{
    const char *rec = st->recs[c], *dir = st->values.strs[rec_dir(rec)];
    size_t dl = strlen(dir), rl = strlen(rec + 5);
    char *s = crp_malloc(dl + rl + 1);

    if (s) {
        memcpy(s, dir, dl);
        memcpy(s + dl, rec + 5, rl + 1);
    }
    return s;
}

char *
crp_store_case_id(const struct crp_store *st, size_t c)
{
    const char *rec = st->recs[c], *rest = rec + 5;
    size_t rl = strlen(rest);

    if (rec[4] & REC_ID_NAME)
        return crp_strdup(rest);
    if (rec[4] & REC_ID_STEM)
        return crp_strndup(rest, rl - 4);
    return crp_strdup(rest + rl + 1);
}

uint32_t
crp_store_str(const struct crp_store *st, size_t c, size_t f)
{
    return st->u[f][c];
}

const uint32_t *
crp_store_multi(const struct crp_store *st, size_t c, size_t f, size_t *n)
{
    uint32_t off = st->u[f][c];

    *n = off ? st->multi[off] : 0;
    return off ? st->multi + off + 1 : NULL;
}

double
crp_store_num(const struct crp_store *st, size_t c, size_t f)
{
    uint32_t u;

    switch (st->def->facts[f].type) {
    case CRP_FACT_NUMBER:
        return st->d[f][c];
    case CRP_FACT_DATE:
        u = st->u[f][c];
        return u == NONE_DAY ? NAN : (double)(int32_t)u;
    case CRP_FACT_BOOLEAN:
        u = st->u[f][c];
        return u == NONE_BOOL ? NAN : (double)u;
    default:
        return st->u[f][c] ? 0 : NAN;
    }
}

const char *
crp_store_text(const struct crp_store *st, uint32_t id)
{
    return id && id <= st->values.n ? st->values.strs[id] : "";
}

size_t
crp_store_bytes(const struct crp_store *st)
{
    size_t b = sizeof(*st) + st->pool.bytes + st->cap * sizeof(*st->recs) +
               st->values.cap * sizeof(*st->values.strs) +
               (st->values.mask + 1) * sizeof(*st->values.table) +
               st->multi_cap * sizeof(*st->multi), f;

    for (f = 0; f < nfacts(st); f++)
        b += st->cap * (is_number(st, f) ? sizeof(double) : sizeof(uint32_t));
    return b;
}
