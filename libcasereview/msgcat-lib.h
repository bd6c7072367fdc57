/* msgcat-lib.h — the library's side of the catalogue (msgcat.h). */
#ifndef CRP_MSGCAT_LIB_H
#define CRP_MSGCAT_LIB_H

#include "casereview.h"
#include "msgcat.h"

/* TEXT (either spelling of an entry of messages-text.def) in LANG. */
const char *crp_msg(enum crp_lang lang, const char *text)
    __attribute__((format_arg(2)));

/* The language of the case-file messages built on this thread: set by
 * the evaluator as it starts scoring a case (evaluator.c). */
void crp_msg_set_current(enum crp_lang lang);
enum crp_lang crp_msg_current(void);
/* The language cr_set_thread_language() chose on this thread (ZH when
 * never called): of validation and of loading a mapping. */
enum crp_lang crp_msg_chosen(void);

#endif
