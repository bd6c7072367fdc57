/* msgcat-lib.h — the library's side of the catalogue (msgcat.h). */
#ifndef CRP_MSGCAT_LIB_H
#define CRP_MSGCAT_LIB_H

#include "msgcat.h"

/* TEXT (either spelling of an entry of messages-text.def) in LANG. */
const char *crp_msg(enum crp_lang lang, const char *text)
    __attribute__((format_arg(2)));

#endif
