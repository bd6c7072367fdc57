/* msgcat.c — the library's catalogue (messages-text.def). */
#include "msgcat-lib.h"

static const struct crp_msg catalogue[] = {
#define M(zh, en) {zh, en},
#include "messages-text.def"
#include "messages-text-main.def"
#undef M
};

static _Thread_local enum crp_lang current = CRP_LANG_ZH;

void
crp_msg_set_current(enum crp_lang lang)
{
    current = lang;
}

enum crp_lang
crp_msg_current(void)
{
    return current;
}

const char *
crp_msg(enum crp_lang lang, const char *text)
{
    return crp_msg_pick(catalogue, sizeof(catalogue) / sizeof(catalogue[0]),
                        lang, text);
}
