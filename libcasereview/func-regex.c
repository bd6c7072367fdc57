/* func-regex.c — cr:matches and cr:replace (PCRE2 through regex.c), and
 * the checks of their literal patterns and flags at load. */
#include <string.h>

#include "alloc.h"
#include "diag.h"
#include "functions.h"
#include "regex.h"
#include "xpath-lint.h"

/* Room for PCRE2's message and the pattern offset. */
#define ERRBUF_MAX 384

static struct crp_regex_cache *
cache_of(struct crp_fn_call *c)
{
    if (c->env->regex == NULL)
        crp_fn_error(c, XPATH_EXPR_ERROR, "no regular expression engine");
    return c->env->regex;
}

/* cr:matches(string, pattern [, flags]) */
int
crp_fn_matches(struct crp_fn_call *c)
{
    struct crp_regex_cache *rc = cache_of(c);
    char err[ERRBUF_MAX];
    int r;

    if (rc == NULL)
        return -1;
    r = crp_regex_matches(rc, (const char *)c->arg[1].s,
                          c->nargs == 3 ? (const char *)c->arg[2].s : NULL,
                          (const char *)c->arg[0].s, err, sizeof(err));
    if (r < 0)
        return crp_fn_error(c, XPATH_EXPR_ERROR, "%s", err);
    if (crp_fn_charge(c, crp_regex_work(rc)) != 0)
        return -1;
    return crp_fn_boolean(c, r);
}

/* cr:replace(string, pattern, replacement) */
int
crp_fn_replace(struct crp_fn_call *c)
{
    struct crp_regex_cache *rc = cache_of(c);
    char err[ERRBUF_MAX], *out = NULL;

    if (rc == NULL)
        return -1;
    if (crp_regex_replace(rc, (const char *)c->arg[1].s,
                          (const char *)c->arg[0].s,
                          (const char *)c->arg[2].s, &out, err,
                          sizeof(err)) < 0)
        return crp_fn_error(c, XPATH_EXPR_ERROR, "%s", err);
    if (crp_fn_charge(c, crp_regex_work(rc)) != 0) {
        crp_free(out);
        return -1;
    }
    return crp_fn_string_take(c, out);
}

/* A literal pattern (argument 2) and flags (argument 3 when FLAGS) must
 * compile: a typo fails the load, not every case. */
static void
lint_regex(struct crp_lint_call *l, int has_flags)
{
    char *pattern = NULL, *flags = NULL, err[256];
    size_t off = (size_t)-1;
    int have_pattern = crp_lint_literal(l, 1, &pattern);
    int have_flags = has_flags && crp_lint_literal(l, 2, &flags);

    if (have_flags && flags && strspn(flags, "imsx") != strlen(flags))
        crp_lint_report(l, 2, CRP_DIAG_BAD_FLAGS,
                        "unknown regex flags '%s'%s (allowed: i m s x)",
                        flags, "");
    else if (have_pattern && pattern &&
             crp_regex_check(pattern, flags ? flags : "", err, sizeof(err),
                             &off) != 0)
        crp_lint_report(l, 1, CRP_DIAG_BAD_REGEX,
                        "regular expression '%s': %s", pattern, err);
    crp_free(pattern);
    crp_free(flags);
}

void
crp_lint_matches(struct crp_lint_call *l)
{
    lint_regex(l, 1);
}

void
crp_lint_replace(struct crp_lint_call *l)
{
    lint_regex(l, 0);
}
