/* xpath-scan.c — checks the names an XPath expression uses.
 *
 * xmlXPathCompile accepts unknown functions, undeclared prefixes and
 * unbound variables (they fail only when evaluated), so the loader walks
 * the expression's tokens itself to report them with file:line. It also
 * validates constant regex patterns, flags and id kinds, and arities. */
#include <string.h>

#include "alloc.h"
#include "checklist.h"
#include "diag.h"
#include "functions.h"

#define MAX_NESTING 200

enum tok_kind {
    T_NAME, T_VAR, T_LITERAL, T_NUMBER, T_LPAREN, T_RPAREN, T_LBRACKET,
    T_RBRACKET, T_COMMA, T_AXIS, T_STAR, T_DOT, T_OP, T_AT, T_END
};

struct tok {
    enum tok_kind kind;
    const char *p;       /* start in the expression */
    size_t len;
    size_t colon;        /* offset of ':' within a QName, 0 if none */
};

struct core_fn {
    const char *name;
    int min, max;
};

static const struct core_fn core_functions[] = {
    {"last", 0, 0}, {"position", 0, 0}, {"count", 1, 1}, {"id", 1, 1},
    {"local-name", 0, 1}, {"namespace-uri", 0, 1}, {"name", 0, 1},
    {"string", 0, 1}, {"concat", 2, 1000}, {"starts-with", 2, 2},
    {"contains", 2, 2}, {"substring-before", 2, 2},
    {"substring-after", 2, 2}, {"substring", 2, 3},
    {"string-length", 0, 1}, {"normalize-space", 0, 1},
    {"translate", 3, 3}, {"boolean", 1, 1}, {"not", 1, 1}, {"true", 0, 0},
    {"false", 0, 0}, {"lang", 1, 1}, {"number", 0, 1}, {"sum", 1, 1},
    {"floor", 1, 1}, {"ceiling", 1, 1}, {"round", 1, 1},
};

static int
is_name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c >= 0x80;
}

static int
is_name_char(unsigned char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static size_t
scan_ncname(const char *s, size_t i)
{
    if (!is_name_start((unsigned char)s[i]))
        return i;
    while (is_name_char((unsigned char)s[i]))
        i++;
    return i;
}

/* Splits EXPR into tokens; returns the count (T_END last), or -1 when
 * out of memory. Unknown characters become T_OP: libxml2's compiler
 * reports real syntax errors. */
static long
tokenize(const char *s, struct tok **out)
{
    size_t i = 0, n = 0, cap = 16;
    struct tok *v = crp_malloc(cap * sizeof(*v));

    if (v == NULL)
        return -1;
    for (;;) {
        struct tok t = {T_OP, s + i, 1, 0};
        unsigned char c;

        while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
            i++;
        c = (unsigned char)s[i];
        t.p = s + i;
        if (c == '\0') {
            t.kind = T_END;
            t.len = 0;
        } else if (c == '\'' || c == '"') {
            const char *e = strchr(s + i + 1, c);
            t.kind = T_LITERAL;
            t.len = e ? (size_t)(e - (s + i)) + 1 : strlen(s + i);
        } else if ((c >= '0' && c <= '9') ||
                   (c == '.' && s[i + 1] >= '0' && s[i + 1] <= '9')) {
            size_t j = i;
            while ((s[j] >= '0' && s[j] <= '9') || s[j] == '.')
                j++;
            t.kind = T_NUMBER;
            t.len = j - i;
        } else if (c == '$') {
            size_t j = scan_ncname(s, i + 1);
            if (s[j] == ':' && is_name_start((unsigned char)s[j + 1])) {
                t.colon = j - i;
                j = scan_ncname(s, j + 1);
            }
            t.kind = T_VAR;
            t.len = j - i;
        } else if (is_name_start(c)) {
            size_t j = scan_ncname(s, i);
            if (s[j] == ':' && s[j + 1] != ':') {
                t.colon = j - i;
                if (s[j + 1] == '*')
                    j += 2;
                else
                    j = scan_ncname(s, j + 1);
            }
            t.kind = T_NAME;
            t.len = j - i;
        } else if (c == ':' && s[i + 1] == ':') {
            t.kind = T_AXIS;
            t.len = 2;
        } else if (c == '.') {
            t.kind = T_DOT;
            t.len = s[i + 1] == '.' ? 2 : 1;
        } else {
            t.kind = c == '(' ? T_LPAREN : c == ')' ? T_RPAREN :
                     c == '[' ? T_LBRACKET : c == ']' ? T_RBRACKET :
                     c == ',' ? T_COMMA : c == '*' ? T_STAR :
                     c == '@' ? T_AT : T_OP;
            if ((c == '!' || c == '<' || c == '>') && s[i + 1] == '=')
                t.len = 2;
            else if (c == '/' && s[i + 1] == '/')
                t.len = 2;
        }
        if (n == cap) {
            struct tok *nv = crp_realloc(v, 2 * cap * sizeof(*v));
            if (nv == NULL) {
                crp_free(v);
                return -1;
            }
            v = nv;
            cap *= 2;
        }
        v[n++] = t;
        if (t.kind == T_END)
            break;
        i += t.len;
    }
    *out = v;
    return (long)n;
}

/* Does the token end a value, so that a following name is an operator? */
static int
ends_value(enum tok_kind k)
{
    return k == T_NAME || k == T_VAR || k == T_LITERAL || k == T_NUMBER ||
           k == T_RPAREN || k == T_RBRACKET || k == T_DOT || k == T_STAR;
}

static int
tok_is(const struct tok *t, const char *word)
{
    return t->len == strlen(word) && memcmp(t->p, word, t->len) == 0;
}

struct scan {
    const struct crp_scan_env *env;
    const char *expr;
    int line;
    int problems;
};

static void
report(struct scan *sc, const struct tok *t, enum crp_diag_code code,
       const char *fmt, const char *a, const char *b)
{
    int col = t ? (int)(t->p - sc->expr) + 1 : 0;

    crp_diag_add(sc->env->diags, code, CR_SEVERITY_ERROR, sc->env->file,
                 sc->line, col, fmt, a, b);
    sc->problems++;
}

/* Is PREFIX (LEN bytes) bound: cr, xml or a declared <ns>? Sets *FN_NS when
 * it maps to the function namespace. */
static int
prefix_bound(const struct cr_checklist *cl, const char *p, size_t len,
             int *fn_ns)
{
    size_t i;

    *fn_ns = 0;
    if (len == 2 && memcmp(p, "cr", 2) == 0) {
        *fn_ns = 1;
        return 1;
    }
    /* bound in every XPath context (libxml2, as the XML names spec) */
    if (len == 3 && memcmp(p, "xml", 3) == 0)
        return 1;
    for (i = 0; i < cl->nns; i++) {
        /* an <ns> missing an attribute was reported by the loader */
        if (cl->ns[i].prefix == NULL || cl->ns[i].uri == NULL)
            continue;
        if (strlen(cl->ns[i].prefix) == len &&
            memcmp(cl->ns[i].prefix, p, len) == 0) {
            *fn_ns = strcmp(cl->ns[i].uri, CRP_FN_NS) == 0;
            return 1;
        }
    }
    return 0;
}

/* Arguments of the call whose '(' is at index OPEN: first token index
 * and token count of each (at most 8 kept), and the total count. */
struct args {
    int count;
    size_t first[8], ntok[8];
};

static void
collect_args(const struct tok *v, size_t open, struct args *a)
{
    size_t i, start = open + 1;
    int depth = 0;

    a->count = 0;
    for (i = open + 1; v[i].kind != T_END; i++) {
        enum tok_kind k = v[i].kind;
        if (k == T_LPAREN || k == T_LBRACKET)
            depth++;
        else if ((k == T_RPAREN || k == T_RBRACKET) && depth > 0)
            depth--;
        else if (depth == 0 && (k == T_COMMA || k == T_RPAREN)) {
            if (!(k == T_RPAREN && i == open + 1)) {
                if (a->count < 8) {
                    a->first[a->count] = start;
                    a->ntok[a->count] = i - start;
                }
                a->count++;
            }
            start = i + 1;
            if (k == T_RPAREN)
                return;
        }
    }
}

static char *
literal_value(const struct tok *t)
{
    if (t->len < 2)
        return NULL;
    return crp_strndup(t->p + 1, t->len - 2);
}

static const struct tok *
single_literal(const struct tok *v, const struct args *a, int i)
{
    if (a->count > i && i < 8 && a->ntok[i] == 1 &&
        v[a->first[i]].kind == T_LITERAL)
        return &v[a->first[i]];
    return NULL;
}

static void
check_regex_args(struct scan *sc, const struct tok *v, const struct args *a,
                 int has_flags)
{
    const struct tok *pt = single_literal(v, a, 1);
    const struct tok *ft = has_flags ? single_literal(v, a, 2) : NULL;
    char *pattern = pt ? literal_value(pt) : NULL;
    char *flags = ft ? literal_value(ft) : NULL;
    char err[256];
    size_t off = (size_t)-1;

    if (ft && flags && strspn(flags, "imsx") != strlen(flags))
        report(sc, ft, CRP_DIAG_BAD_FLAGS,
               "unknown regex flags '%s'%s (allowed: i m s x)", flags, "");
    else if (pattern &&
             crp_regex_check(pattern, flags ? flags : "", err, sizeof(err),
                             &off) != 0)
        report(sc, pt, CRP_DIAG_BAD_REGEX, "regular expression '%s': %s",
               pattern, err);
    crp_free(pattern);
    crp_free(flags);
}

/* cr:state('ID'): ID, a literal, names an item before this one, so that
 * its state is final when read (items are evaluated once, in order). */
static void
check_state_args(struct scan *sc, const struct tok *v, const struct tok *call,
                 const struct args *a)
{
    const struct crp_scan_env *env = sc->env;
    const struct tok *lt = single_literal(v, a, 0);
    char *id = lt ? literal_value(lt) : NULL;
    long at;

    if (lt == NULL) {
        report(sc, call, CRP_DIAG_BAD_STATE_REF,
               "cr:state takes a string literal naming an earlier item%s%s",
               "", "");
    } else if (id == NULL) {
        crp_diag_list_set_oom(env->diags);
    } else if (env->item < 0) {
        report(sc, lt, CRP_DIAG_BAD_STATE_REF,
               "cr:state('%s') outside an item: checklist-level lets, "
               "case-id and group-by are evaluated before any item%s", id,
               "");
    } else if (crp_item_index(env->cl, id, (size_t)env->item) < 0) {
        at = crp_item_index(env->cl, id, env->cl->nitems);
        report(sc, lt, CRP_DIAG_BAD_STATE_REF,
               at < 0 ? "cr:state('%s') names no item%s"
                      : "cr:state('%s') names an item that is not before "
                        "this one%s (items are evaluated in checklist order)",
               id, "");
    }
    crp_free(id);
}

static void
check_cr_call(struct scan *sc, const struct tok *v, size_t i, size_t open,
              const char *local)
{
    int min, max, cal;
    struct args a;
    char n[16];

    if (!crp_function_info(local, &min, &max, &cal)) {
        report(sc, &v[i], CRP_DIAG_UNKNOWN_FUNCTION, "unknown function cr:%s%s",
               local, "");
        return;
    }
    collect_args(v, open, &a);
    if (a.count < min || a.count > max) {
        snprintf(n, sizeof(n), "%d", a.count);
        report(sc, &v[i], CRP_DIAG_BAD_ARITY,
               "cr:%s given %s argument(s)", local, n);
        return;
    }
    if (cal && sc->env->cl->calendar_href == NULL)
        report(sc, &v[i], CRP_DIAG_NO_CALENDAR,
               "cr:%s needs a <calendar>%s", local, "");
    if (strcmp(local, "state") == 0)
        check_state_args(sc, v, &v[i], &a);
    else if (strcmp(local, "matches") == 0)
        check_regex_args(sc, v, &a, 1);
    else if (strcmp(local, "replace") == 0)
        check_regex_args(sc, v, &a, 0);
    else if (strcmp(local, "valid-id") == 0) {
        const struct tok *kt = single_literal(v, &a, 1);
        char *kind = kt ? literal_value(kt) : NULL;
        if (kind && strcmp(kind, "resident-id") != 0 &&
            strcmp(kind, "credit-code") != 0)
            report(sc, kt, CRP_DIAG_BAD_ID_KIND,
                   "unknown identifier kind '%s'%s (resident-id or credit-code)",
                   kind, "");
        crp_free(kind);
    }
}

static void
check_core_call(struct scan *sc, const struct tok *v, size_t i, size_t open,
                const char *name)
{
    size_t k;
    struct args a;
    char n[16];

    for (k = 0; k < sizeof(core_functions) / sizeof(core_functions[0]); k++) {
        if (strcmp(core_functions[k].name, name) != 0)
            continue;
        collect_args(v, open, &a);
        if (a.count < core_functions[k].min || a.count > core_functions[k].max) {
            snprintf(n, sizeof(n), "%d", a.count);
            report(sc, &v[i], CRP_DIAG_BAD_ARITY,
                   "%s() given %s argument(s)", name, n);
        }
        return;
    }
    report(sc, &v[i], CRP_DIAG_UNKNOWN_FUNCTION, "unknown function %s%s", name,
           "");
}

static void
check_call(struct scan *sc, const struct tok *v, size_t i, size_t open)
{
    const struct tok *t = &v[i];
    char *name = crp_strndup(t->p, t->len);
    int fn_ns;

    if (name == NULL)
        return;
    if (t->colon) {
        name[t->colon] = '\0';
        if (!prefix_bound(sc->env->cl, t->p, t->colon, &fn_ns))
            report(sc, t, CRP_DIAG_UNKNOWN_PREFIX,
                   "undeclared namespace prefix '%s'%s", name, "");
        else if (!fn_ns)
            report(sc, t, CRP_DIAG_UNKNOWN_FUNCTION,
                   "unknown function %s:%s", name, name + t->colon + 1);
        else
            check_cr_call(sc, v, i, open, name + t->colon + 1);
    } else if (!(strcmp(name, "node") == 0 || strcmp(name, "text") == 0 ||
                 strcmp(name, "comment") == 0 ||
                 strcmp(name, "processing-instruction") == 0)) {
        check_core_call(sc, v, i, open, name);
    }
    crp_free(name);
}

static void
check_variable(struct scan *sc, const struct tok *t)
{
    size_t k, len = t->len - 1;
    const char *name = t->p + 1;
    char *copy;

    if (t->colon == 0) {
        for (k = 0; k < sc->env->nvars; k++)
            if (strlen(sc->env->vars[k]) == len &&
                memcmp(sc->env->vars[k], name, len) == 0)
                return;
    }
    copy = crp_strndup(name, len);
    report(sc, t, CRP_DIAG_UNBOUND_VARIABLE,
           "unbound variable $%s%s (not a param, data, or earlier let)",
           copy ? copy : "?", "");
    crp_free(copy);
}

static void
check_name_test(struct scan *sc, const struct tok *t)
{
    char *prefix;
    int fn_ns;

    if (t->colon == 0 || prefix_bound(sc->env->cl, t->p, t->colon, &fn_ns))
        return;
    prefix = crp_strndup(t->p, t->colon);
    report(sc, t, CRP_DIAG_UNKNOWN_PREFIX,
           "undeclared namespace prefix '%s'%s", prefix ? prefix : "?", "");
    crp_free(prefix);
}

int
crp_xpath_scan(const struct crp_scan_env *env, const char *expr, int line)
{
    struct scan sc = {env, expr, line, 0};
    struct tok *v = NULL;
    long n = tokenize(expr, &v);
    int depth = 0;
    size_t i;

    if (n < 0) {
        crp_diag_list_set_oom(env->diags);
        return 1;
    }
    for (i = 0; v[i].kind != T_END; i++) {
        const struct tok *t = &v[i];
        enum tok_kind prev = i ? v[i - 1].kind : T_OP;

        if (t->kind == T_LPAREN || t->kind == T_LBRACKET) {
            if (++depth > MAX_NESTING) {
                report(&sc, t, CRP_DIAG_TOO_DEEP,
                       "expression nested more than %s levels%s", "200", "");
                break;
            }
        } else if (t->kind == T_RPAREN || t->kind == T_RBRACKET) {
            depth--;
        } else if (t->kind == T_VAR) {
            check_variable(&sc, t);
        } else if (t->kind == T_NAME) {
            if (ends_value(prev) && !t->colon &&
                (tok_is(t, "and") || tok_is(t, "or") || tok_is(t, "div") ||
                 tok_is(t, "mod")))
                continue;
            if (v[i + 1].kind == T_AXIS)
                continue;
            if (v[i + 1].kind == T_LPAREN)
                check_call(&sc, v, i, i + 1);
            else
                check_name_test(&sc, t);
        }
    }
    crp_free(v);
    return sc.problems;
}
