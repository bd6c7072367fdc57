/* diff-decl.h — what `diff` compares beside items, categories and grades:
 * params, data documents (entry by entry), the calendar and <accepts>,
 * and the warnings on the two checklists themselves. */
#ifndef CLI_DIFF_DECL_H
#define CLI_DIFF_DECL_H

#include <stddef.h>

#include "batch.h"
#include "casereview.h"

/* Diagnostic codes of diff's warnings (messages.def). */
#define DIFF_DIAG_OTHER_ID 3060
#define DIFF_DIAG_SAME_VERSION 3061

enum decl_entry_change { DECL_ADDED, DECL_REMOVED, DECL_CHANGED };

struct decl_entry {
    char *key;               /* e.g. benchmark[@code='FOOD-034'] */
    int change;              /* enum decl_entry_change */
};

struct decl_change {
    const char *field;       /* param, param.type, data, calendar, accepts */
    const char *id;          /* param or data name; NULL */
    const char *old_s;       /* NULL: absent */
    const char *new_s;
    struct decl_entry *entries;   /* data and calendar: what differs */
    size_t nentries;
    size_t more;             /* entries that differ beyond those listed */
};

struct decl_warning {
    int code;
    char *message;           /* Chinese */
};

struct decl_diff {
    struct decl_change *v;
    size_t n;
    struct decl_warning *warnings;
    size_t nwarnings;
};

/* Compares OLD and NEW. */
void decl_diff_build(struct decl_diff *d, const struct cr_checklist *old_cl,
                     const struct cr_checklist *new_cl);
void decl_diff_free(struct decl_diff *d);
/* Text: one warning a line, then one line per change (entries indented). */
void decl_diff_text_warnings(struct batch_buf *out, const struct decl_diff *d);
void decl_diff_text(struct batch_buf *out, const struct decl_diff *d);
/* JSON: the changes as more members of "checklist_changes" (each
 * preceded by ", " when FIRST is 0), and a "warnings" member. */
void decl_diff_json_changes(struct batch_buf *out, const struct decl_diff *d,
                            int first);
void decl_diff_json_warnings(struct batch_buf *out, const struct decl_diff *d);
/* diff-entries.c: the entries that differ between the documents at the
 * two paths, added to C; -1 when one cannot be read as XML. */
int diff_entries(const char *old_path, const char *new_path,
                 struct decl_change *c);

#endif
