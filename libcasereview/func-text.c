/* func-text.c — cr:'s checks of text: cr:has-token, cr:cn-amount
 * (cnamount.c) and cr:valid-id (ids.c). */
#include <string.h>

#include "alloc.h"
#include "cnamount.h"
#include "diag.h"
#include "functions.h"
#include "ids.h"
#include "xpath-lint.h"

static int
is_xml_space(xmlChar c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* TOKEN is one of the blank-separated words of LIST. */
static int
has_token(const xmlChar *list, const xmlChar *token)
{
    size_t len = strlen((const char *)token);
    const char *p = (const char *)list;

    if (len == 0)
        return 0;
    /* (perf) strstr finds candidates; a hit must be a whole token. A
     * token holding a space never equals one of LIST's tokens. */
    for (size_t i = 0; i < len; i++)
        if (is_xml_space(token[i]))
            return 0;
    while ((p = strstr(p, (const char *)token)) != NULL) {
        if ((p == (const char *)list || is_xml_space((xmlChar)p[-1])) &&
            (p[len] == 0 || is_xml_space((xmlChar)p[len])))
            return 1;
        p++;
    }
    return 0;
}

/* cr:has-token(list, token). It reads LIST: one operation per 32
 * bytes, as the string functions count. */
int
crp_fn_has_token(struct crp_fn_call *c)
{
    if (crp_fn_charge(c, strlen((const char *)c->arg[0].s) / 32) != 0)
        return -1;
    return crp_fn_boolean(c, has_token(c->arg[0].s, c->arg[1].s));
}

/* cr:cn-amount(text): yuan, NaN when TEXT is no upper-case amount. */
int
crp_fn_cn_amount(struct crp_fn_call *c)
{
    return crp_fn_number(c, crp_cn_amount((const char *)c->arg[0].s));
}

/* cr:valid-id(text, kind). */
int
crp_fn_valid_id(struct crp_fn_call *c)
{
    int r = crp_valid_id((const char *)c->arg[0].s,
                         (const char *)c->arg[1].s);

    if (r < 0)
        return crp_fn_error(c, XPATH_EXPR_ERROR,
                            "cr:valid-id: unknown kind '%.64s' "
                            "(resident-id or credit-code)",
                            (const char *)c->arg[1].s);
    return crp_fn_boolean(c, r);
}

/* A literal kind must be one crp_valid_id() knows. */
void
crp_lint_valid_id(struct crp_lint_call *l)
{
    char *kind = NULL;

    if (crp_lint_literal(l, 1, &kind) && kind &&
        crp_valid_id("", kind) < 0)
        crp_lint_report(l, 1, CRP_DIAG_BAD_ID_KIND,
                        "unknown identifier kind '%s'%s (resident-id or "
                        "credit-code)", kind, "");
    crp_free(kind);
}
