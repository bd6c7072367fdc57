/* xpath-lint.c — checks the names an XPath expression uses
 * (xpath-lint.h): functions and their argument counts from the table of
 * functions.def (and each row's check of its literal arguments),
 * namespace prefixes, variables in scope. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "checklist.h"
#include "diag.h"
#include "functions.h"
#include "xpath-lint.h"

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

struct lint {
    const struct crp_lint_env *env;
    const char *expr;
    int line;
    int problems;
};

static void
report(struct lint *sc, const struct tok *t, enum crp_diag_code code,
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

/* A call being checked, for its row's check (xpath-lint.h). */
struct crp_lint_call {
    struct lint *sc;
    const struct tok *v;
    size_t name;        /* the function name's token */
    struct args a;
};

const struct crp_lint_env *
crp_lint_env(const struct crp_lint_call *l)
{
    return l->sc->env;
}

int
crp_lint_literal(const struct crp_lint_call *l, int i, char **out)
{
    const struct tok *t = single_literal(l->v, &l->a, i);

    *out = t ? literal_value(t) : NULL;
    return t != NULL;
}

void
crp_lint_report(struct crp_lint_call *l, int i, enum crp_diag_code code,
                const char *fmt, const char *a, const char *b)
{
    const struct tok *t = i < 0 ? NULL : single_literal(l->v, &l->a, i);

    report(l->sc, t ? t : &l->v[l->name], code, fmt, a, b);
}

/* FN's arity for a call of A.COUNT arguments; reports otherwise. */
static int
arity_ok(struct lint *sc, const struct tok *t, const struct crp_function *fn,
         const struct args *a, const char *prefix)
{
    char n[16];

    if (a->count >= fn->min_args && a->count <= fn->max_args)
        return 1;
    snprintf(n, sizeof(n), "%d", a->count);
    report(sc, t, CRP_DIAG_BAD_ARITY,
           *prefix ? "cr:%s given %s argument(s)" : "%s() given %s argument(s)",
           fn->name, n);
    return 0;
}

static void
check_cr_call(struct lint *sc, const struct tok *v, size_t i, size_t open,
              const char *local)
{
    const struct crp_function *fn = crp_cr_function(local);
    struct crp_lint_call l = {sc, v, i, {0, {0}, {0}}};

    if (fn == NULL) {
        report(sc, &v[i], CRP_DIAG_UNKNOWN_FUNCTION, "unknown function cr:%s%s",
               local, "");
        return;
    }
    collect_args(v, open, &l.a);
    if (!arity_ok(sc, &v[i], fn, &l.a, "cr"))
        return;
    if ((fn->flags & CRP_FN_CALENDAR) && sc->env->cl->calendar_href == NULL)
        report(sc, &v[i], CRP_DIAG_NO_CALENDAR,
               "cr:%s needs a <calendar>%s", local, "");
    if (fn->lint)
        fn->lint(&l);
}

static void
check_core_call(struct lint *sc, const struct tok *v, size_t i, size_t open,
                const char *name)
{
    const struct crp_function *fn = crp_core_function(name);
    struct args a;

    if (fn == NULL) {
        report(sc, &v[i], CRP_DIAG_UNKNOWN_FUNCTION, "unknown function %s%s",
               name, "");
        return;
    }
    collect_args(v, open, &a);
    (void)arity_ok(sc, &v[i], fn, &a, "");
}

static void
check_call(struct lint *sc, const struct tok *v, size_t i, size_t open)
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
check_variable(struct lint *sc, const struct tok *t)
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
check_name_test(struct lint *sc, const struct tok *t)
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
crp_xpath_lint(const struct crp_lint_env *env, const char *expr, int line)
{
    struct lint sc = {env, expr, line, 0};
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
