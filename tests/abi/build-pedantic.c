/* build-pedantic.c — the public header is plain ISO C11 (built with
 * -std=c11 -pedantic -Werror) and the header and library versions agree. */
#include <stdio.h>
#include <string.h>

#include "casereview.h"

int
main(void)
{
    printf("%s\n", cr_version());
    return strcmp(cr_version(), CR_VERSION_STRING) != 0;
}
