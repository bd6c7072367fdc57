/* regex.h — PCRE2 (UTF + UCP) behind cr:matches and cr:replace
 * (regex.c): load-time checks and a per-evaluator cache. */
#ifndef CRP_REGEX_H
#define CRP_REGEX_H

#include <stddef.h>

struct crp_regex_cache;

/* Checks a pattern and flags string at load time. Returns 0 when valid;
 * otherwise -1 with a message in ERRBUF and, for a bad pattern, the
 * offset in the pattern in *OFFSET (else (size_t)-1). */
int crp_regex_check(const char *pattern, const char *flags, char *errbuf,
                    size_t errlen, size_t *offset);
/* Per-evaluator cache of compiled (JIT when available) patterns with its
 * own match data; MATCH_LIMIT bounds every match. */
struct crp_regex_cache *crp_regex_cache_new(unsigned int match_limit);
void crp_regex_cache_free(struct crp_regex_cache *rc);
/* Run-time matching through the cache (the pattern is compiled on first
 * use). Returns 1 when SUBJECT matches, 0 when not, -1 on failure (bad
 * flags or pattern, match limit hit, no memory) with a message in ERRBUF. */
int crp_regex_matches(struct crp_regex_cache *rc, const char *pattern,
                      const char *flags, const char *subject, char *errbuf,
                      size_t errlen);
/* Replaces every match of PATTERN in SUBJECT by REPLACEMENT ($1, ${1},
 * $$; a group that did not take part is empty, a group the pattern does
 * not have is an error). Returns 0 and a crp_malloc'd *OUT, or -1 with a
 * message in ERRBUF. */
int crp_regex_replace(struct crp_regex_cache *rc, const char *pattern,
                      const char *subject, const char *replacement,
                      char **out, char *errbuf, size_t errlen);
/* The work units (budget.h) the last crp_regex_matches() or
 * crp_regex_replace() call did: 1 + its subject's length / 32, plus one
 * per 8 steps of backtracking when it needed more than the first try's
 * match limit (regex.c). */
unsigned long crp_regex_work(const struct crp_regex_cache *rc);

#endif
