/* case-error.h — error results for cases that cannot be scored. */
#ifndef CRP_CASE_ERROR_H
#define CRP_CASE_ERROR_H

#include <stddef.h>

#include <libxml/tree.h>

#include "casereview.h"

/* The "kind" of an engine-made error result (JSON error.kind). */
#define CRP_ERROR_UNREADABLE "unreadable"        /* missing, no permission */
#define CRP_ERROR_TOO_LARGE "too-large"          /* over the size limit */
#define CRP_ERROR_EMPTY "empty"                  /* no content at all */
#define CRP_ERROR_FILE_KIND "not-xml"            /* a PDF, an image... */
#define CRP_ERROR_ENCODING "encoding"            /* bytes not as declared */
#define CRP_ERROR_NOT_WELL_FORMED "not-well-formed"
#define CRP_ERROR_LIMIT "limit"                  /* depth, entities, size */
#define CRP_ERROR_REFUSED "refused"              /* external entity, DTD */
#define CRP_ERROR_NO_ROOT "no-root"
#define CRP_ERROR_NOT_ACCEPTED "not-accepted"    /* <accepts> refused it */
#define CRP_ERROR_TRANSFORM "transform"          /* the mapping failed */

/* The Chinese words for a file that could not be read (ERRNUM as errno,
 * EFBIG: over LIMIT bytes) into MSG[CAP]; returns the error kind. */
const char *crp_case_read_message(int errnum, size_t limit, char *msg,
                                  size_t cap);
/* A file that could not be read: ERRNUM as errno (EFBIG: over LIMIT
 * bytes), SYS_MESSAGE the system's own words kept as the detail. */
struct cr_result *crp_case_read_error(const char *source, int errnum,
                                      const char *sys_message, size_t limit);
/* A file that did not parse: BUF its LEN bytes, CODE, MESSAGE and LINE
 * libxml2's first error (CODE may be a CRP_XERR_). */
struct cr_result *crp_case_parse_error(const char *source, const char *buf,
                                       size_t len, int code,
                                       const char *message, int line);
/* The Chinese message crp_case_parse_error() gives (crp_malloc'd, NULL
 * when out of memory); *LINE is cleared when no line helps, *KIND is
 * the error kind. */
char *crp_case_parse_message(const char *buf, size_t len, int code,
                             const char *message, int *line,
                             const char **kind);
/* A case the checklist's <accepts> refused (case-refuse.c): what was
 * found (root element, format) and WHY, the rendered message. */
struct cr_result *crp_refusal_result(const struct cr_checklist *cl,
                                     xmlDocPtr doc, const char *source,
                                     const char *why);

#endif
