/* msgcat.h — the message catalogue: every text the library and the
 * command show, in Chinese and in English (docs/messages.md). A text
 * is looked up by either of its two spellings, so a call site keeps its
 * literal (and the compiler checks its printf arguments); the catalogue
 * test checks that both spellings take the same conversions. Shared by
 * the library and the command (compiled into both, no dependencies). */
#ifndef CRP_MSGCAT_H
#define CRP_MSGCAT_H

#include <stddef.h>

enum crp_lang { CRP_LANG_ZH = 0, CRP_LANG_EN = 1 };

struct crp_msg {
    const char *zh, *en;
};

/* "zh…" → ZH, "en…" → EN (case-insensitive, "en_US.UTF-8" too);
 * anything else → -1. NULL → ZH. */
int crp_lang_parse(const char *name);
/* TEXT in LANG: the entry of TAB (N entries) whose zh or en text is
 * TEXT, or TEXT itself when none is. */
const char *crp_msg_pick(const struct crp_msg *tab, size_t n,
                         enum crp_lang lang, const char *text)
    __attribute__((format_arg(4)));
/* What errno ERRNUM means, in LANG, without strerror()'s English. */
const char *crp_msg_errno(enum crp_lang lang, int errnum);

#endif
