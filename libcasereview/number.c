/* number.c — numbers as results print them, in the library's writers
 * and in the command line's batch outputs (cli/meson.build compiles this
 * file into the command too: one writer, so a CSV, the HTML report and
 * the JSON never print one score two ways). */
#include <math.h>
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
