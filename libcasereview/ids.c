/* ids.c — check digits of the two identifiers case files carry: the
 * resident identity number (GB 11643-1999) and the unified social credit
 * code (GB 32100-2015). */
#include <string.h>

#include "date.h"
#include "ids.h"

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* ISO 7064 MOD 11-2 over 17 digits, plus a real birth date in 7-14.
 * Only upper-case X is the standard's check character. */
static int
valid_resident_id(const char *s)
{
    static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6,
                                   3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[11] = "10X98765432";
    int sum = 0, i, y, m, d;

    if (strlen(s) != 18)
        return 0;
    for (i = 0; i < 17; i++) {
        if (!is_digit(s[i]))
            return 0;
        sum += (s[i] - '0') * weight[i];
    }
    if (s[17] != check[sum % 11])
        return 0;
    y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 +
        (s[9] - '0');
    m = (s[10] - '0') * 10 + (s[11] - '0');
    d = (s[12] - '0') * 10 + (s[13] - '0');
    return crp_date_valid(y, m, d);
}

/* 31 characters, no I O S V Z; the value is the index. */
static int
credit_char_value(char c)
{
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const char *p;

    if (c == '\0')
        return -1;
    p = strchr(set, c);
    return p ? (int)(p - set) : -1;
}

/* Weights 3^(i-1) mod 31; C18 = 31 - (S mod 31), 31 written as 0. */
static int
valid_credit_code(const char *s)
{
    static const int weight[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20,
                                   29, 25, 13, 8, 24, 10, 30, 28};
    int sum = 0, i, v;

    if (strlen(s) != 18)
        return 0;
    for (i = 0; i < 17; i++) {
        v = credit_char_value(s[i]);
        if (v < 0)
            return 0;
        sum += v * weight[i];
    }
    v = credit_char_value(s[17]);
    return v >= 0 && v == (31 - sum % 31) % 31;
}

static int
is_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Surrounding XML whitespace is ignored (element content often has it);
 * anything longer than 18 characters inside is invalid anyway. */
int
crp_valid_id(const char *s, const char *kind)
{
    char id[19];
    size_t n;

    if (strcmp(kind, "resident-id") != 0 && strcmp(kind, "credit-code") != 0)
        return -1;
    while (is_xml_space(*s))
        s++;
    n = strlen(s);
    while (n > 0 && is_xml_space(s[n - 1]))
        n--;
    if (n != 18)
        return 0;
    memcpy(id, s, n);
    id[n] = '\0';
    return kind[0] == 'r' ? valid_resident_id(id) : valid_credit_code(id);
}
