/* msgcat.c — the library's catalogue (messages-text.def). */
#include "export.h"
#include "msgcat-lib.h"

static const struct crp_msg catalogue[] = {
#define M(zh, en) {zh, en},
#include "messages-text.def"
#include "messages-text-main.def"
#include "messages-eval.def"
#undef M
};

static _Thread_local enum crp_lang current = CRP_LANG_ZH;
/* the caller's choice for the calls that take no load options; kept
 * apart from CURRENT, which every evaluator sets as it scores */
static _Thread_local enum crp_lang chosen = CRP_LANG_ZH;

CR_EXPORT enum cr_status
cr_set_thread_language(const char *lang)
{
    int l = crp_lang_parse(lang);

    if (lang == NULL || l < 0)
        return CR_ERR_INVALID;
    chosen = (enum crp_lang)l;
    return CR_OK;
}

enum crp_lang
crp_msg_chosen(void)
{
    return chosen;
}

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
