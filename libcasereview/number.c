/* number.c — numbers as results print them, in the library's writers
 * and in the command line's batch outputs (cli/meson.build compiles this
 * file into the command too: one writer, so a CSV, the HTML report and
 * the JSON never print one score two ways). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "number.h"

void
crp_format_number(double v, char *buf, size_t len)
{
    double r;

    if (!isfinite(v)) {
        snprintf(buf, len, "null");
        return;
    }
    r = round(v * 100.0) / 100.0;
    if (r == 0)
        r = 0;  /* no "-0" */
    if (fabs(r - round(r)) < 1e-9 && fabs(r) < 1e15) {
        snprintf(buf, len, "%.0f", round(r));
        if (strcmp(buf, "-0") == 0)
            snprintf(buf, len, "0");
        return;
    }
    snprintf(buf, len, "%.2f", r);
    if (buf[strlen(buf) - 1] == '0')
        buf[strlen(buf) - 1] = '\0';
}

int
crp_parse_count(const char *s, int suffix, unsigned long long max,
            unsigned long long *out)
{
    unsigned long long v;
    unsigned int shift = 0;
    char *end;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    if (suffix && *end) {
        switch (*end) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        default: return -1;
        }
        end++;
    }
    if (*end || v == 0 || v > (max >> shift))
        return -1;
    *out = v << shift;
    return 0;
}
