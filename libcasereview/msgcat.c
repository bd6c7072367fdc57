/* msgcat.c — the library's catalogue (messages-text.def). */
#include "msgcat-lib.h"

static const struct crp_msg catalogue[] = {
#define M(zh, en) {zh, en},
#include "messages-text.def"
#undef M
};

const char *
crp_msg(enum crp_lang lang, const char *text)
{
    return crp_msg_pick(catalogue, sizeof(catalogue) / sizeof(catalogue[0]),
                        lang, text);
}
