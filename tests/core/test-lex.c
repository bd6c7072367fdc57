/* test-lex.c — the XPath tokens the lint and the fast path's parser
 * share (libcasereview/xpath-lex.c), section 3.7's rules first. */
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "libcasereview/xpath-lex.h"

/* One letter a token kind. */
static char
letter(enum crp_xtok t)
{
    switch (t) {
    case XT_END: return '$';
    case XT_ERR: return '!';
    case XT_NAME: return 'n';
    case XT_STAR: return 's';
    case XT_NUM: return 'N';
    case XT_LIT: return 'L';
    case XT_VAR: return 'v';
    case XT_SLASH: case XT_SLASH2: return '/';
    case XT_LPAR: return '(';
    case XT_RPAR: return ')';
    case XT_LBR: return '{';
    case XT_RBR: return '}';
    case XT_DOT: case XT_DOT2: return '.';
    case XT_AT: return '@';
    case XT_COMMA: return ',';
    case XT_AXIS: return 'a';
    case XT_PIPE: return 'p';
    case XT_PLUS: return '+';
    case XT_MINUS: return '-';
    case XT_EQ: return '=';
    case XT_NE: return '#';
    case XT_LT: return '<';
    case XT_LE: return 'l';
    case XT_GT: return '>';
    case XT_GE: return 'g';
    case XT_AND: return '&';
    case XT_OR: return '|';
    case XT_DIV: return 'd';
    case XT_MOD: return 'm';
    case XT_MUL: return '*';
    }
    return '?';
}

/* EXPR's tokens as letters, with names, variables and axes spelled. */
static void
spell(const char *expr, char *out, size_t size)
{
    struct crp_xlex lx;
    size_t used = 0;

    out[0] = '\0';
    for (crp_xlex_init(&lx, expr); lx.t != XT_END && used + 40 < size;
         crp_xlex_next(&lx)) {
        if (lx.t == XT_NAME || lx.t == XT_VAR || lx.t == XT_AXIS)
            used += (size_t)snprintf(out + used, size - used, "%c%.*s%s ",
                                     letter(lx.t), (int)lx.len,
                                     expr + lx.start, lx.colon ? ":" : "");
        else
            used += (size_t)snprintf(out + used, size - used, "%c ",
                                     letter(lx.t));
    }
}

static const struct {
    const char *expr, *tokens;
} cases[] = {
    /* after an operand, * multiplies and a name is an operator */
    {"2 * div", "N * ndiv "},
    {"* and 1", "s & N "},
    {"*[1]*2", "s { N } * N "},
    {"a div b mod c", "na d nb m nc "},
    {"and/or", "nand / nor "},
    {"@a=1or@a=2", "@ na = N | @ na = N "},
    {"a foo", "na ! "},
    /* names: QNames, prefix:*, axes, node tests, functions */
    {"cr:date(.)", "ncr:date: ( . ) "},
    {"p:*", "np:*: "},
    {"child::x/attribute::y", "achild nx / aattribute ny "},
    {"text() | node()", "ntext ( ) p nnode ( ) "},
    {"a: b", "na ! nb "},
    /* variables, prefixed or bare */
    {"$v", "v$v "}, {"$p:v", "v$p:v: "}, {"$ x", "v$ ! "},
    /* numbers, dots, literals */
    {".5 + 1.", "N + N "}, {"..", ". "}, {"'x' = \"y\"", "L = L "},
    {"'open", "! "},
    /* operators of two characters, and '!' alone */
    {"a<=b>=c!=d", "na l nb g nc # nd "}, {"a ! b", "na ! nb "},
    {"//a", "/ na "},
};

START_TEST(tokens)
{
    char got[512];

    spell(cases[_i].expr, got, sizeof(got));
    ck_assert_msg(strcmp(got, cases[_i].tokens) == 0, "'%s': '%s', not '%s'",
                  cases[_i].expr, got, cases[_i].tokens);
}
END_TEST

/* The column of each token is where it starts; an axis's "::" is skipped. */
START_TEST(positions)
{
    struct crp_xlex lx;

    crp_xlex_init(&lx, "  child::x [ 1 ]");
    ck_assert_int_eq(lx.t, XT_AXIS);
    ck_assert_uint_eq(lx.start, 2);
    crp_xlex_next(&lx);
    ck_assert_int_eq(lx.t, XT_NAME);
    ck_assert_uint_eq(lx.start, 9);
    ck_assert_int_eq(crp_xlex_peek(&lx), '[');
    ck_assert(crp_xlex_is(&lx, "x"));
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("xpath-lex");
    TCase *tc = tcase_create("lex");
    SRunner *sr;
    int failed;

    tcase_add_loop_test(tc, tokens, 0, sizeof(cases) / sizeof(*cases));
    tcase_add_test(tc, positions);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
