/* xpath-lex.c — XPath 1.0's tokens (section 3.7), read one at a time. */
#include <string.h>

#include "xpath-lex.h"

static int
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
is_ncstart(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c >= 0x80;
}

static int
is_ncchar(unsigned char c)
{
    return is_ncstart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t
ncname_end(const char *s, size_t i)
{
    if (!is_ncstart((unsigned char)s[i]))
        return i;
    while (is_ncchar((unsigned char)s[i]))
        i++;
    return i;
}

/* Can the token T end an operand (so that a following `*` multiplies and
 * a following name is an operator)? */
static int
ends_operand(enum crp_xtok t)
{
    switch (t) {
    case XT_NAME: case XT_STAR: case XT_NUM: case XT_LIT: case XT_VAR:
    case XT_RPAR: case XT_RBR: case XT_DOT: case XT_DOT2:
        return 1;
    default:
        return 0;
    }
}

/* One character, or two when the second is SECOND. */
static void
one_or_two(struct crp_xlex *lx, char second, enum crp_xtok one,
           enum crp_xtok two)
{
    int both = lx->s[lx->start + 1] == second;

    lx->t = both ? two : one;
    lx->len = both ? 2 : 1;
}

static void
literal(struct crp_xlex *lx)
{
    const char *s = lx->s + lx->start;
    const char *end = strchr(s + 1, s[0]);

    lx->t = end ? XT_LIT : XT_ERR;
    lx->len = end ? (size_t)(end - s) + 1 : strlen(s);
}

/* A number: digits, or digits and a fraction, or a fraction (.5). */
static void
number(struct crp_xlex *lx)
{
    const char *s = lx->s;
    size_t e = lx->start;

    while (is_digit(s[e]))
        e++;
    if (s[e] == '.') {
        e++;
        while (is_digit(s[e]))
            e++;
    }
    lx->t = XT_NUM;
    lx->len = e - lx->start;
}

/* '$' and a name, prefixed or not. */
static void
variable(struct crp_xlex *lx)
{
    const char *s = lx->s;
    size_t e = ncname_end(s, lx->start + 1);

    if (e > lx->start + 1 && s[e] == ':' && is_ncstart((unsigned char)s[e + 1])) {
        lx->colon = e - lx->start;
        e = ncname_end(s, e + 1);
    }
    lx->t = XT_VAR;
    lx->len = e - lx->start;
}

/* After an operand a name is an operator: and, or, div, mod. */
static void
operator_name(struct crp_xlex *lx, size_t n)
{
    static const struct { const char *name; enum crp_xtok t; } ops[] = {
        {"and", XT_AND}, {"or", XT_OR}, {"div", XT_DIV}, {"mod", XT_MOD}};
    size_t k;

    lx->t = XT_ERR;
    lx->len = n;
    for (k = 0; k < sizeof(ops) / sizeof(*ops); k++)
        if (strlen(ops[k].name) == n &&
            memcmp(lx->s + lx->start, ops[k].name, n) == 0)
            lx->t = ops[k].t;
}

/* A name: an axis name before "::", an operator after an operand, or a
 * name test or function name (NCName, QName, prefix:*). */
static void
name(struct crp_xlex *lx, int after_operand)
{
    const char *s = lx->s;
    size_t i = lx->start, e = ncname_end(s, i);

    if (e == i) {
        lx->t = XT_ERR;
        return;
    }
    if (after_operand) {
        operator_name(lx, e - i);
        return;
    }
    if (s[e] == ':' && s[e + 1] == ':') {
        lx->t = XT_AXIS;
        lx->len = e - i;
        lx->pos = e + 2;
        return;
    }
    if (s[e] == ':' && (s[e + 1] == '*' || is_ncstart((unsigned char)s[e + 1]))) {
        lx->colon = e - i;
        e = s[e + 1] == '*' ? e + 2 : ncname_end(s, e + 1);
    }
    lx->t = XT_NAME;
    lx->len = e - i;
}

/* Tokens of one character (or two: <=, >=, !=, //). */
static int
punctuation(struct crp_xlex *lx, char c)
{
    static const char one[] = "()[]@,|+-=";
    static const enum crp_xtok kind[] = {
        XT_LPAR, XT_RPAR, XT_LBR, XT_RBR, XT_AT, XT_COMMA, XT_PIPE, XT_PLUS,
        XT_MINUS, XT_EQ};
    const char *hit = c ? strchr(one, c) : NULL;

    if (hit) {
        lx->t = kind[hit - one];
        return 1;
    }
    switch (c) {
    case '/': one_or_two(lx, '/', XT_SLASH, XT_SLASH2); return 1;
    case '<': one_or_two(lx, '=', XT_LT, XT_LE); return 1;
    case '>': one_or_two(lx, '=', XT_GT, XT_GE); return 1;
    case '!': one_or_two(lx, '=', XT_ERR, XT_NE); return 1;
    default: return 0;
    }
}

void
crp_xlex_next(struct crp_xlex *lx)
{
    int after_operand = lx->start != (size_t)-1 && ends_operand(lx->t);
    const char *s = lx->s;
    size_t i = lx->pos;
    char c;

    while (is_space(s[i]))
        i++;
    c = s[i];
    lx->start = i;
    lx->len = 1;
    lx->colon = 0;
    lx->pos = (size_t)-1;
    if (c == '\0') {
        lx->t = XT_END;
        lx->len = 0;
    } else if (punctuation(lx, c)) {
        /* done */
    } else if (c == '*') {
        lx->t = after_operand ? XT_MUL : XT_STAR;
    } else if (c == '"' || c == '\'') {
        literal(lx);
    } else if (c == '$') {
        variable(lx);
    } else if (c == '.' && s[i + 1] == '.') {
        lx->t = XT_DOT2;
        lx->len = 2;
    } else if (is_digit(c) || (c == '.' && is_digit(s[i + 1]))) {
        number(lx);
    } else if (c == '.') {
        lx->t = XT_DOT;
    } else {
        name(lx, after_operand);
    }
    if (lx->pos == (size_t)-1)
        lx->pos = i + lx->len;
}

void
crp_xlex_init(struct crp_xlex *lx, const char *s)
{
    memset(lx, 0, sizeof(*lx));
    lx->s = s;
    lx->t = XT_ERR;
    lx->start = (size_t)-1;    /* no token before the first */
    crp_xlex_next(lx);
}

char
crp_xlex_peek(const struct crp_xlex *lx)
{
    size_t i = lx->pos;

    while (is_space(lx->s[i]))
        i++;
    return lx->s[i];
}

int
crp_xlex_is(const struct crp_xlex *lx, const char *text)
{
    size_t n = strlen(text);

    return lx->len == n && memcmp(lx->s + lx->start, text, n) == 0;
}
