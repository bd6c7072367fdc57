/* suggest.c — "did you mean": the nearest known word to a mistyped
 * subcommand or option, and getopt_long with its errors said our way. */
#include <string.h>

#include "cli.h"

#define MAX_WORD 64

/* Levenshtein distance with adjacent transpositions counting one
 * ("scroe" is one step from "score"). */
static size_t
distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j;
    size_t d[MAX_WORD + 1][MAX_WORD + 1];

    if (la > MAX_WORD || lb > MAX_WORD)
        return (size_t)-1;
    for (i = 0; i <= la; i++)
        d[i][0] = i;
    for (j = 0; j <= lb; j++)
        d[0][j] = j;
    for (i = 1; i <= la; i++) {
        for (j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *
cli_suggest(const char *word, const char *const *words, size_t n)
{
    size_t i, best = (size_t)-1, limit = strlen(word) <= 4 ? 1 : 2;
    const char *pick = NULL;

    for (i = 0; i < n; i++) {
        size_t d = distance(word, words[i]);
        if (d < best) {
            best = d;
            pick = words[i];
        }
    }
    return best <= limit ? pick : NULL;
}

/* The long option ARG ("--fromat=x") names: its name without dashes
 * and value, in BUF. */
static const char *
option_name(const char *arg, char *buf, size_t len)
{
    size_t n;

    while (*arg == '-')
        arg++;
    n = strcspn(arg, "=");
    if (n >= len)
        n = len - 1;
    memcpy(buf, arg, n);
    buf[n] = '\0';
    return buf;
}

static void
bad_option(char **argv, const char *shortopts, const struct option *longopts)
{
    const char *arg = argv[optind - 1];
    const char *names[128];
    char name[MAX_WORD + 1];
    const char *hint;
    size_t n = 0;

    if (optopt != 0 && strncmp(arg, "--", 2) != 0) {
        const char *p = strchr(shortopts, optopt);
        if (p && p[1] == ':')
            cli_error("option -%c needs a value", optopt);
        else
            cli_error("unknown option -%c", optopt);
        return;
    }
    option_name(arg, name, sizeof(name));
    for (n = 0; n < 128 && longopts[n].name; n++) {
        names[n] = longopts[n].name;
        if (strcmp(name, longopts[n].name) == 0) {
            if (longopts[n].has_arg == required_argument)
                cli_error("option --%s needs a value", name);
            else
                cli_error("option --%s takes no value", name);
            return;
        }
    }
    hint = cli_suggest(name, names, n);
    if (hint)
        cli_error("unknown option --%s; did you mean --%s?", name, hint);
    else
        cli_error("unknown option --%s", name);
}

int
cli_getopt(int argc, char **argv, const char *shortopts,
           const struct option *longopts, int *idx)
{
    int c;

    opterr = 0;
    c = getopt_long(argc, argv, shortopts, longopts, idx);
    if (c == '?')
        bad_option(argv, shortopts, longopts);
    return c;
}
