/* regex.c — PCRE2 behind cr:matches and cr:replace.
 *
 * Patterns compile in UTF mode with Unicode properties (without UCP, \w
 * misses Han). Each evaluator (one thread) owns a cache: compiled
 * patterns, one match data block, a match context whose limits make a
 * runaway pattern fail instead of hanging, and a JIT stack. Subjects come
 * from libxml2, which guarantees UTF-8, so their check is skipped. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <stdio.h>
#include <string.h>

#include <pcre2.h>

#include "alloc.h"
#include "msgcat-lib.h"
#include "regex.h"

/* run-time texts speak the case's language (messages-eval.def) */
#define T(s) crp_msg(crp_msg_current(), s)

/* Bounded: a checklist building patterns from case data could otherwise
 * grow it without end. Cleared when full. */
#define CACHE_SIZE 256
/* Backtracking memory per match, in KiB. */
#define HEAP_LIMIT_KIB (64 * 1024)
#define JIT_STACK_MIN (32 * 1024)
/* Reserved, not committed: a repeated group costs about 25 bytes of JIT
 * stack per iteration, so this covers texts of several 100k characters;
 * beyond, the interpreter takes over (crp_regex_matches). */
#define JIT_STACK_MAX (16 * 1024 * 1024)
/* Error messages quote at most this many bytes of a pattern. */
#define QUOTE_MAX 120
/* Work (budget.h): a match first runs with this match limit, enough for
 * every pattern of the shipped checklists on any text (PCRE2 counts
 * backtracking, not characters scanned); one that needs more runs again
 * with a limit TIER_STEP times larger, up to the cache's limit. What the
 * tries allowed is its cost, so a pattern just under the limit costs
 * about as many units as its time, and a plain one only its length. */
#define TIER0 1000u
#define TIER_STEP 8u
#define STEPS_PER_UNIT 8u
#define BYTES_PER_UNIT 32u

struct regex_entry {
    char *pattern;
    size_t hash;
    uint32_t options;
    pcre2_code *code;
};

struct crp_regex_cache {
    pcre2_general_context *gctx;
    pcre2_compile_context *cctx;
    pcre2_match_context *mctx;
    pcre2_match_data *md;
    pcre2_jit_stack *jit_stack;
    struct regex_entry entries[CACHE_SIZE];
    size_t count;
    unsigned int match_limit;
    unsigned long work;        /* of the last match or replace */
};

static void *
pcre_alloc(size_t n, void *data)
{
    (void)data;
    return crp_malloc(n);
}

static void
pcre_free(void *p, void *data)
{
    (void)data;
    crp_free(p);
}

/* Flags as XPath 2.0's fn:matches spells them. Returns 0, or -1 with the
 * offending character in *BAD. */
static int
parse_flags(const char *flags, uint32_t *options, char *bad)
{
    *options = PCRE2_UTF | PCRE2_UCP;
    for (; flags != NULL && *flags; flags++) {
        switch (*flags) {
        case 'i': *options |= PCRE2_CASELESS; break;
        case 'm': *options |= PCRE2_MULTILINE; break;
        case 's': *options |= PCRE2_DOTALL; break;
        case 'x': *options |= PCRE2_EXTENDED; break;
        default:
            *bad = *flags;
            return -1;
        }
    }
    return 0;
}

/* Copies at most QUOTE_MAX bytes of S, cut on a UTF-8 boundary, so a
 * message stays short and valid UTF-8. */
static const char *
quote(const char *s, char buf[QUOTE_MAX + 4])
{
    size_t n = strlen(s);

    if (n <= QUOTE_MAX)
        return s;
    n = QUOTE_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(buf, s, n);
    memcpy(buf + n, "...", 4);
    return buf;
}

static void
flag_error(const char *flags, char bad, char *errbuf, size_t errlen)
{
    char q[QUOTE_MAX + 4];

    if ((unsigned char)bad >= 0x20 && (unsigned char)bad < 0x7f)
        snprintf(errbuf, errlen, T("unknown regex flag '%c' in \"%s\" "
                                   "(allowed: i, m, s, x)"), bad, quote(flags, q));
    else
        snprintf(errbuf, errlen, T("unknown regex flag in \"%s\" "
                                   "(allowed: i, m, s, x)"), quote(flags, q));
}

/* At load time the caller names the pattern itself (QUOTED == 0); at
 * run time the message must say which pattern failed. */
static void
compile_error(const char *pattern, int quoted, int code, size_t offset,
              char *errbuf, size_t errlen)
{
    PCRE2_UCHAR msg[160];
    char q[QUOTE_MAX + 4];

    if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
        strcpy((char *)msg, "unknown error");
    if (quoted)
        snprintf(errbuf, errlen, T("invalid regex '%s': %s at offset %zu"),
                 quote(pattern, q), (const char *)msg, offset);
    else
        snprintf(errbuf, errlen, "%s at offset %zu", (const char *)msg,
                 offset);
}

static pcre2_code *
compile(const char *pattern, uint32_t options, pcre2_compile_context *cctx,
        char *errbuf, size_t errlen, size_t *offset)
{
    PCRE2_SIZE erroff = 0;
    int code = 0;
    pcre2_code *re;

    re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options,
                       &code, &erroff, cctx);
    if (re == NULL) {
        /* PCRE2 reports a failed allocation during compilation as
         * HEAP_FAILED, which is no fault of the pattern */
        if (code == PCRE2_ERROR_NOMEMORY || code == PCRE2_ERROR_HEAP_FAILED) {
            snprintf(errbuf, errlen, "out of memory compiling a regex");
            erroff = (size_t)-1;
        } else {
            compile_error(pattern, offset == NULL, code, erroff, errbuf,
                          errlen);
        }
        if (offset)
            *offset = erroff;
    }
    return re;
}

int
crp_regex_check(const char *pattern, const char *flags, char *errbuf,
                size_t errlen, size_t *offset)
{
    uint32_t options;
    pcre2_code *re;
    char bad = 0;

    if (offset)
        *offset = (size_t)-1;
    if (parse_flags(flags, &options, &bad) < 0) {
        flag_error(flags, bad, errbuf, errlen);
        return -1;
    }
    re = compile(pattern, options, NULL, errbuf, errlen, offset);
    if (re == NULL)
        return -1;
    pcre2_code_free(re);
    return 0;
}

struct crp_regex_cache *
crp_regex_cache_new(unsigned int match_limit)
{
    struct crp_regex_cache *rc = crp_calloc(1, sizeof(*rc));

    if (rc == NULL)
        return NULL;
    rc->gctx = pcre2_general_context_create(pcre_alloc, pcre_free, NULL);
    if (rc->gctx == NULL)
        goto fail;
    rc->cctx = pcre2_compile_context_create(rc->gctx);
    rc->mctx = pcre2_match_context_create(rc->gctx);
    rc->md = pcre2_match_data_create(32, rc->gctx);
    if (rc->cctx == NULL || rc->mctx == NULL || rc->md == NULL)
        goto fail;
    rc->match_limit = match_limit;
    pcre2_set_match_limit(rc->mctx, match_limit);
    pcre2_set_depth_limit(rc->mctx, match_limit);
    pcre2_set_heap_limit(rc->mctx, HEAP_LIMIT_KIB);
    /* Without JIT support (or memory for the stack) matching falls back
     * to the interpreter, which the same limits bound. */
    rc->jit_stack = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX,
                                           rc->gctx);
    if (rc->jit_stack != NULL)
        pcre2_jit_stack_assign(rc->mctx, NULL, rc->jit_stack);
    return rc;
fail:
    crp_regex_cache_free(rc);
    return NULL;
}

static void
cache_clear(struct crp_regex_cache *rc)
{
    size_t i;

    for (i = 0; i < rc->count; i++) {
        pcre2_code_free(rc->entries[i].code);
        crp_free(rc->entries[i].pattern);
    }
    rc->count = 0;
}

void
crp_regex_cache_free(struct crp_regex_cache *rc)
{
    if (rc == NULL)
        return;
    cache_clear(rc);
    pcre2_jit_stack_free(rc->jit_stack);
    pcre2_match_data_free(rc->md);
    pcre2_match_context_free(rc->mctx);
    pcre2_compile_context_free(rc->cctx);
    pcre2_general_context_free(rc->gctx);
    crp_free(rc);
}

static size_t
hash_string(const char *s)
{
    size_t h = 2166136261u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The compiled pattern for (PATTERN, FLAGS), compiling it on first use.
 * NULL with a message in ERRBUF when flags or pattern are bad. */
static pcre2_code *
lookup(struct crp_regex_cache *rc, const char *pattern, const char *flags,
       char *errbuf, size_t errlen)
{
    struct regex_entry *e;
    uint32_t options;
    size_t h = hash_string(pattern), i;
    char bad = 0;

    if (parse_flags(flags, &options, &bad) < 0) {
        flag_error(flags, bad, errbuf, errlen);
        return NULL;
    }
    for (i = 0; i < rc->count; i++) {
        e = &rc->entries[i];
        if (e->hash == h && e->options == options &&
            strcmp(e->pattern, pattern) == 0)
            return e->code;
    }
    if (rc->count == CACHE_SIZE)
        cache_clear(rc);
    e = &rc->entries[rc->count];
    e->pattern = crp_strdup(pattern);
    if (e->pattern == NULL) {
        snprintf(errbuf, errlen, "out of memory compiling a regex");
        return NULL;
    }
    e->code = compile(pattern, options, rc->cctx, errbuf, errlen, NULL);
    if (e->code == NULL) {
        crp_free(e->pattern);
        return NULL;
    }
    /* JIT failure is not an error: the interpreter still works. */
    (void)pcre2_jit_compile(e->code, PCRE2_JIT_COMPLETE);
    e->hash = h;
    e->options = options;
    rc->count++;
    return e->code;
}

/* A match-time failure in words; limits get the message checklist
 * authors will search for. */
static void
match_error(const char *pattern, int rc, char *errbuf, size_t errlen)
{
    PCRE2_UCHAR msg[160];
    char q[QUOTE_MAX + 4];

    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
        snprintf(errbuf, errlen, T("regex '%s' exceeded the match limit"),
                 quote(pattern, q));
        return;
    case PCRE2_ERROR_NOMEMORY:
        snprintf(errbuf, errlen, "out of memory matching regex '%s'",
                 quote(pattern, q));
        return;
    default:
        if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
            strcpy((char *)msg, "unknown error");
        snprintf(errbuf, errlen, T("regex '%s' failed: %s"), quote(pattern, q),
                 (const char *)msg);
    }
}

unsigned long
crp_regex_work(const struct crp_regex_cache *rc)
{
    return rc->work;
}

/* The first try's match limit. */
static unsigned int
tier0(const struct crp_regex_cache *rc)
{
    return TIER0 < rc->match_limit ? TIER0 : rc->match_limit;
}

/* After a try with match limit *LIMIT ran out: the next try's, adding
 * this one's to *SPENT. 0 when it was the cache's own limit. */
static int
next_tier(struct crp_regex_cache *rc, unsigned int *limit,
          unsigned long *spent)
{
    if (*limit >= rc->match_limit)
        return 0;
    *spent += *limit;
    *limit = *limit > rc->match_limit / TIER_STEP ? rc->match_limit
                                                   : *limit * TIER_STEP;
    pcre2_set_match_limit(rc->mctx, *limit);
    return 1;
}

/* The work of a match over LEN bytes that needed more than one try
 * (SPENT: what the tries before the last allowed, LIMIT: the last's). */
static void
set_work(struct crp_regex_cache *rc, size_t len, unsigned long spent,
         unsigned int limit)
{
    rc->work = 1 + len / BYTES_PER_UNIT;
    if (spent)
        rc->work += (spent + limit) / STEPS_PER_UNIT;
}

static int
match_once(struct crp_regex_cache *rc, pcre2_code *re, const char *subject,
           size_t len)
{
    int r = pcre2_match(re, (PCRE2_SPTR)subject, len, 0, PCRE2_NO_UTF_CHECK,
                        rc->md, rc->mctx);

    /* A deep but honest match can outgrow the JIT stack; the interpreter
     * keeps its frames on the heap, bounded by the heap limit. */
    if (r == PCRE2_ERROR_JIT_STACKLIMIT)
        r = pcre2_match(re, (PCRE2_SPTR)subject, len, 0,
                        PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, rc->md, rc->mctx);
    return r;
}

int
crp_regex_matches(struct crp_regex_cache *rc, const char *pattern,
                  const char *flags, const char *subject, char *errbuf,
                  size_t errlen)
{
    pcre2_code *re = lookup(rc, pattern, flags, errbuf, errlen);
    size_t len = strlen(subject);
    unsigned int limit = tier0(rc);
    unsigned long spent = 0;
    int r;

    rc->work = 1;
    if (re == NULL)
        return -1;
    pcre2_set_match_limit(rc->mctx, limit);
    do
        r = match_once(rc, re, subject, len);
    while (r == PCRE2_ERROR_MATCHLIMIT && next_tier(rc, &limit, &spent));
    set_work(rc, len, spent, limit);
    if (r >= 0)
        return 1;
    if (r == PCRE2_ERROR_NOMATCH)
        return 0;
    match_error(pattern, r, errbuf, errlen);
    return -1;
}

/* Limits and memory as for matching; anything else is the replacement's
 * fault ($2 without a second group, a lone $). */
static void
replace_error(const char *pattern, const char *replacement, int rc,
              char *errbuf, size_t errlen)
{
    PCRE2_UCHAR msg[160];
    char q[QUOTE_MAX + 4], qr[QUOTE_MAX + 4];

    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT ||
        rc == PCRE2_ERROR_NOMEMORY) {
        match_error(pattern, rc, errbuf, errlen);
        return;
    }
    if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
        strcpy((char *)msg, "unknown error");
    snprintf(errbuf, errlen,
             T("invalid replacement '%s' for regex '%s': %s"),
             quote(replacement, qr), quote(pattern, q), (const char *)msg);
}

/* pcre2_substitute into a buffer of *LEN bytes; on PCRE2_ERROR_NOMEMORY
 * *LEN is the size needed (SUBSTITUTE_OVERFLOW_LENGTH). */
static int
substitute(struct crp_regex_cache *rc, pcre2_code *re, const char *subject,
           const char *replacement, uint32_t extra, char *buf,
           PCRE2_SIZE *len)
{
    return pcre2_substitute(re, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED,
                            0,
                            extra | PCRE2_SUBSTITUTE_GLOBAL |
                                PCRE2_SUBSTITUTE_OVERFLOW_LENGTH |
                                PCRE2_SUBSTITUTE_UNSET_EMPTY |
                                PCRE2_NO_UTF_CHECK,
                            rc->md, rc->mctx, (PCRE2_SPTR)replacement,
                            PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)buf, len);
}

int
crp_regex_replace(struct crp_regex_cache *rc, const char *pattern,
                  const char *subject, const char *replacement, char **out,
                  char *errbuf, size_t errlen)
{
    pcre2_code *re = lookup(rc, pattern, "", errbuf, errlen);
    PCRE2_SIZE cap = strlen(subject) * 2 + strlen(replacement) + 64, len = 0;
    unsigned int limit = tier0(rc);
    unsigned long spent = 0;
    char *buf = NULL;
    int r = PCRE2_ERROR_NOMEMORY, tries = 0;

    *out = NULL;
    rc->work = 1;
    if (re == NULL)
        return -1;
    pcre2_set_match_limit(rc->mctx, limit);
    /* The first try usually fits; the second has the exact size. LEN is
     * in/out for pcre2_substitute and means nothing after an error, so
     * every call starts again from the buffer's real size CAP. A try
     * that ran out of match limit runs again with the next tier's. */
    while (tries < 2) {
        crp_free(buf);
        buf = crp_malloc(cap);
        if (buf == NULL) {
            snprintf(errbuf, errlen, "out of memory in cr:replace");
            return -1;
        }
        len = cap;
        r = substitute(rc, re, subject, replacement, 0, buf, &len);
        if (r == PCRE2_ERROR_JIT_STACKLIMIT) { /* as in crp_regex_matches */
            len = cap;
            r = substitute(rc, re, subject, replacement, PCRE2_NO_JIT, buf,
                           &len);
        }
        if (r == PCRE2_ERROR_NOMEMORY) {
            cap = len;  /* the size needed (SUBSTITUTE_OVERFLOW_LENGTH) */
            tries++;
        } else if (r != PCRE2_ERROR_MATCHLIMIT ||
                   !next_tier(rc, &limit, &spent)) {
            break;
        }
    }
    set_work(rc, strlen(subject) + (r >= 0 ? len : 0), spent, limit);
    if (r < 0) {
        crp_free(buf);
        replace_error(pattern, replacement, r, errbuf, errlen);
        return -1;
    }
    *out = buf;
    return 0;
}
