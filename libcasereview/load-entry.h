/* load-entry.h — the frame of the public loaders (cr_checklist_load*,
 * cr_verdicts_load*, and any document loaded from a path or from
 * memory): a diagnostics list in the caller's language, the file read
 * with its failure reported, the list handed to the caller or freed. */
#ifndef CRP_LOAD_ENTRY_H
#define CRP_LOAD_ENTRY_H

#include <stddef.h>

#include "diag.h"

/* Loads the document BUF (LEN bytes) named NAME into what ARG says,
 * reporting in DIAGS. */
typedef enum cr_status (*crp_load_fn)(const char *buf, size_t len,
                                      const char *name, void *arg,
                                      struct cr_diag_list *diags);

/* Runs FN on the contents of the file PATH (named PATH) or, when PATH is
 * NULL, on BUF named NAME, with a new diagnostics list in LANG. *DIAGS
 * is set in every case (NULL when there is no list). CR_ERR_INVALID
 * when the caller's other arguments are not VALID or there is neither
 * PATH nor BUF; an unreadable file is CR_ERR_IO with a CRP_DIAG_IO
 * diagnostic. */
enum cr_status crp_load_entry(const char *path, const char *buf, size_t len,
                              const char *name, enum crp_lang lang,
                              int valid, crp_load_fn fn, void *arg,
                              struct cr_diag_list **diags);
/* Hands LIST to *DIAGS, or frees it when DIAGS is NULL; ST, or
 * CR_ERR_NOMEM when LIST could not record everything. */
enum cr_status crp_load_finish(enum cr_status st, struct cr_diag_list *list,
                               struct cr_diag_list **diags);

#endif
