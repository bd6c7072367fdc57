/* version.c — version, status names and cr_free. */
#include "casereview.h"
#include "alloc.h"
#include "export.h"

CR_EXPORT const char *
cr_version(void)
{
    return CR_VERSION_STRING;
}

CR_EXPORT unsigned int
cr_version_hex(void)
{
    return CR_VERSION_HEX;
}

CR_EXPORT void
cr_free(void *p)
{
    crp_free(p);
}

CR_EXPORT const char *
cr_status_to_str(enum cr_status st)
{
    switch (st) {
    case CR_OK: return "ok";
    case CR_ERR_NOMEM: return "out of memory";
    case CR_ERR_INVALID: return "invalid argument";
    case CR_ERR_IO: return "file cannot be read";
    case CR_ERR_CHECKLIST: return "checklist does not load";
    case CR_ERR_CASE: return "case cannot be scored";
    }
    return "unknown status";
}
