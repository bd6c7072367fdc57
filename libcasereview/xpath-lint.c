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
#include "xpath-lex.h"
#include "xpath-lint.h"

#define MAX_NESTING 200

struct tok {
    enum crp_xtok kind;
    const char *p;       /* start in the expression */
    size_t len;
    size_t colon;        /* offset of ':' within a QName, 0 if none */
};

/* Splits EXPR into tokens (xpath-lex.c); returns the count (XT_END
 * last), or -1 when out of memory. What no token starts with is XT_ERR:
 * libxml2's compiler reports real syntax errors. */
static long
tokenize(const char *s, struct tok **out)
{
    size_t n = 0, cap = 16;
    struct tok *v = crp_malloc(cap * sizeof(*v));
    struct crp_xlex lx;

    if (v == NULL)
        return -1;
    for (crp_xlex_init(&lx, s);; crp_xlex_next(&lx)) {
        if (n == cap) {
            struct tok *nv = crp_realloc(v, 2 * cap * sizeof(*v));
            if (nv == NULL) {
                crp_free(v);
                return -1;
            }
            v = nv;
            cap *= 2;
        }
        v[n].kind = lx.t;
        v[n].p = s + lx.start;
        v[n].len = lx.len;
        v[n].colon = lx.colon;
        if (v[n++].kind == XT_END)
            break;
    }
    *out = v;
    return (long)n;
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
    for (i = open + 1; v[i].kind != XT_END; i++) {
        enum crp_xtok k = v[i].kind;
        if (k == XT_LPAR || k == XT_LBR)
            depth++;
        else if ((k == XT_RPAR || k == XT_RBR) && depth > 0)
            depth--;
        else if (depth == 0 && (k == XT_COMMA || k == XT_RPAR)) {
            if (!(k == XT_RPAR && i == open + 1)) {
                if (a->count < 8) {
                    a->first[a->count] = start;
                    a->ntok[a->count] = i - start;
                }
                a->count++;
            }
            start = i + 1;
            if (k == XT_RPAR)
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
        v[a->first[i]].kind == XT_LIT)
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
    for (i = 0; v[i].kind != XT_END; i++) {
        const struct tok *t = &v[i];

        if (t->kind == XT_LPAR || t->kind == XT_LBR) {
            if (++depth > MAX_NESTING) {
                report(&sc, t, CRP_DIAG_TOO_DEEP,
                       "expression nested more than %s levels%s", "200", "");
                break;
            }
        } else if (t->kind == XT_RPAR || t->kind == XT_RBR) {
            depth--;
        } else if (t->kind == XT_VAR) {
            check_variable(&sc, t);
        } else if (t->kind == XT_NAME) {
            /* a name before '(' is a function (or a node type test) */
            if (v[i + 1].kind == XT_LPAR)
                check_call(&sc, v, i, i + 1);
            else
                check_name_test(&sc, t);
        }
    }
    crp_free(v);
    return sc.problems;
}
