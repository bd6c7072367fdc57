/* cnamount.c — upper-case Chinese money amounts (中文大写金额), as the
 * central bank's rules for bills write them: "人民币壹万贰仟伍佰元伍角".
 *
 * The parser is strict where a text is ambiguous or not upper case (a
 * checklist uses NaN to flag it) and accepts the variants the rules
 * allow. Amounts are computed in fen (0.01 yuan) as integers, so every
 * result is the double nearest to the written amount. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cnamount.h"

enum tok_kind { T_DIGIT, T_UNIT, T_MARK, T_YUAN, T_JIAO, T_FEN, T_END };

struct tok {
    enum tok_kind kind;
    int value; /* digit 0-9; unit/mark: power of ten */
};

static const struct {
    const char *text;
    enum tok_kind kind;
    int value;
} tok_table[] = {
    {"零", T_DIGIT, 0}, {"壹", T_DIGIT, 1}, {"贰", T_DIGIT, 2},
    {"叁", T_DIGIT, 3}, {"肆", T_DIGIT, 4}, {"伍", T_DIGIT, 5},
    {"陆", T_DIGIT, 6}, {"柒", T_DIGIT, 7}, {"捌", T_DIGIT, 8},
    {"玖", T_DIGIT, 9}, {"拾", T_UNIT, 1},  {"佰", T_UNIT, 2},
    {"仟", T_UNIT, 3},  {"万", T_MARK, 4},  {"亿", T_MARK, 8},
    {"元", T_YUAN, 0},  {"圆", T_YUAN, 0},  {"角", T_JIAO, 0},
    {"分", T_FEN, 0},   {"整", T_END, 0},   {"正", T_END, 0},
};

/* Longer texts are not amounts we can hold (亿 sections max out at 30). */
#define MAX_TOKS 48
/* Above every position of a number: nothing read yet. */
#define POS_NONE 12

static int
tokenize(const char *s, size_t n, struct tok *toks, size_t *count)
{
    size_t i = 0, k, len;

    *count = 0;
    while (i < n) {
        for (k = 0; k < sizeof(tok_table) / sizeof(tok_table[0]); k++) {
            len = strlen(tok_table[k].text);
            if (n - i >= len && memcmp(s + i, tok_table[k].text, len) == 0)
                break;
        }
        if (k == sizeof(tok_table) / sizeof(tok_table[0]) ||
            *count == MAX_TOKS)
            return 0;
        toks[*count].kind = tok_table[k].kind;
        toks[*count].value = tok_table[k].value;
        (*count)++;
        i += strlen(tok_table[k].text);
    }
    return 1;
}

static int64_t
pow10i(int p)
{
    int64_t v = 1;

    while (p-- > 0)
        v *= 10;
    return v;
}

/* The zero rule between two written positions: one 零 stands for any run
 * of zero positions and is required, except that a zero in the 万 or 亿
 * position just before a 仟 may be left out (壹拾万柒仟 = 107000). */
static int
zero_ok(int last, int pos, int has_zero)
{
    int skipped = last == POS_NONE ? 0 : last - pos - 1;

    if (last == POS_NONE || skipped == 0)
        return !has_zero;
    if (has_zero)
        return 1;
    return skipped == 1 && (pos == 3 || pos == 7);
}

/* One section (the digits before 亿, before 万, or the rest) at BASE
 * (8, 4, 0). *LAST is the position last written, across sections. */
static int
parse_section(const struct tok *t, size_t n, int base, int *last,
              int64_t *value)
{
    size_t i = 0;
    int zero, digit, pos;

    while (i < n) {
        zero = t[i].kind == T_DIGIT && t[i].value == 0;
        if (zero && ++i == n)
            return 0; /* 零 closes nothing */
        if (t[i].kind == T_DIGIT && t[i].value > 0) {
            digit = t[i++].value;
            pos = i < n && t[i].kind == T_UNIT ? t[i++].value : 0;
        } else if (t[i].kind == T_UNIT && t[i].value == 1 &&
                   *last == POS_NONE && !zero) {
            digit = 1; /* 拾万元整: a leading 拾 means 壹拾 */
            pos = 1;
            i++;
        } else {
            return 0; /* 零零, a unit without a digit, 零佰 ... */
        }
        pos += base;
        if (pos >= *last || !zero_ok(*last, pos, zero))
            return 0;
        *value += digit * pow10i(pos);
        *last = pos;
    }
    return 1;
}

/* Yuan as an integer: [section 亿][section 万][section], or 零 alone. */
static int
parse_integer(const struct tok *t, size_t n, int64_t *yuan)
{
    size_t start = 0, i;
    int last = POS_NONE, prev_mark = POS_NONE;

    *yuan = 0;
    if (n == 1 && t[0].kind == T_DIGIT && t[0].value == 0)
        return 1;
    for (i = 0; i <= n; i++) {
        if (i < n && t[i].kind != T_MARK)
            continue;
        if (i < n) {
            if (t[i].value >= prev_mark || i == start)
                return 0; /* 万亿, 万万, or nothing before the mark */
            prev_mark = t[i].value;
        }
        if (!parse_section(t + start, i - start, i < n ? t[i].value : 0,
                           &last, yuan))
            return 0;
        start = i + 1;
    }
    return last != POS_NONE;
}

static int
is_digit_tok(const struct tok *t, size_t i, size_t n, int nonzero)
{
    return i < n && t[i].kind == T_DIGIT && (!nonzero || t[i].value > 0);
}

/* After 元 (or alone): 整 | [零]X角[整 | Y分] | 零Y分. With no 元 part, a
 * bare X角 or Y分 (no 零) is the whole amount. */
static int
parse_fraction(const struct tok *t, size_t n, int has_yuan, int64_t *fen)
{
    size_t i = 0;
    int zero = 0;

    *fen = 0;
    if (n == 0)
        return has_yuan;
    if (t[0].kind == T_END)
        return has_yuan && n == 1;
    if (has_yuan && is_digit_tok(t, 0, n, 0) && t[0].value == 0) {
        zero = 1;
        i++;
    }
    if (is_digit_tok(t, i, n, 1) && i + 1 < n && t[i + 1].kind == T_JIAO) {
        *fen = t[i].value * 10;
        i += 2;
        if (i == n)
            return 1;
        if (t[i].kind == T_END)
            return i + 1 == n;
    } else if (has_yuan && !zero) {
        return 0; /* 角 zero with 分 non-zero requires 零 after 元 */
    }
    if (is_digit_tok(t, i, n, 1) && i + 2 == n && t[i + 1].kind == T_FEN) {
        *fen += t[i].value;
        return 1;
    }
    return 0;
}

static int
is_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

double
crp_cn_amount(const char *s)
{
    static const char prefix[] = "人民币";
    struct tok toks[MAX_TOKS];
    size_t n, count, yuan_at;
    int64_t yuan = 0, fen;

    while (is_xml_space(*s))
        s++;
    n = strlen(s);
    while (n > 0 && is_xml_space(s[n - 1]))
        n--;
    if (n >= sizeof(prefix) - 1 && memcmp(s, prefix, sizeof(prefix) - 1) == 0) {
        s += sizeof(prefix) - 1;
        n -= sizeof(prefix) - 1;
    }
    if (!tokenize(s, n, toks, &count))
        return NAN;
    for (yuan_at = 0; yuan_at < count; yuan_at++)
        if (toks[yuan_at].kind == T_YUAN)
            break;
    if (yuan_at < count) {
        if (yuan_at == 0 || !parse_integer(toks, yuan_at, &yuan) ||
            !parse_fraction(toks + yuan_at + 1, count - yuan_at - 1, 1, &fen))
            return NAN;
    } else if (!parse_fraction(toks, count, 0, &fen)) {
        return NAN;
    }
    return (double)(yuan * 100 + fen) / 100.0;
}
