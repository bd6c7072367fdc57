/* casefile-validate.h — checking a case file against casefile/1.1. */
#ifndef CRP_CASEFILE_VALIDATE_H
#define CRP_CASEFILE_VALIDATE_H

#include <libxml/tree.h>

#include "casereview.h"

/* Adds every problem of DOC (parsed from FILE) to DIAGS, sorted by line.
 * Returns 0 when there is no error (warnings allowed), 1 when there is
 * one, -1 when out of memory. */
int crp_casefile_check(xmlDocPtr doc, const char *file,
                       struct cr_diag_list *diags);

#endif
