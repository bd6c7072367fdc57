/* diag.h — internal side of cr_diag_list: recording problems. */
#ifndef CRP_DIAG_H
#define CRP_DIAG_H

#include "casereview.h"
#include "msgcat.h"

enum crp_diag_code {
#define X(name, num, summary) CRP_DIAG_##name = num,
#include "messages.def"
#undef X
};

/* A new empty list, or NULL when out of memory. */
struct cr_diag_list *crp_diag_list_new(void);
/* Records a problem. LIST may be NULL (then nothing is kept). Returns 0,
 * or -1 when out of memory (the list then ends with a NOMEM entry if it
 * can, and remembers that it is incomplete). */
int crp_diag_add(struct cr_diag_list *list, enum crp_diag_code code,
                 enum cr_severity sev, const char *file, int line, int col,
                 const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Messages added from now on are in LANG (ZH when never set): FMT is
 * looked up in the catalogue (messages-text.def). */
void crp_diag_list_set_lang(struct cr_diag_list *list, enum crp_lang lang);
enum crp_lang crp_diag_list_lang(const struct cr_diag_list *list);
/* TEXT in LIST's language: for fragments passed as %s arguments. */
const char *crp_diag_text(const struct cr_diag_list *list, const char *text)
    __attribute__((format_arg(2)));
/* Sorts by file then line, keeping the order of equal positions. */
void crp_diag_list_sort(struct cr_diag_list *list);
/* True when an allocation failed while recording. */
int crp_diag_list_oom(const struct cr_diag_list *list);
/* Records that a check could not run for lack of memory, so the load
 * ends in CR_ERR_NOMEM, not in an error without a message. */
void crp_diag_list_set_oom(struct cr_diag_list *list);

#endif
