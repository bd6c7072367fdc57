/* msg.c — the command's messages: the language from the locale, the
 * catalogue (messages.def), and one style for errors:
 * "casereview COMMAND: message". */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const struct crp_msg catalogue[] = {
#define M(zh, en) {zh, en},
#include "messages.def"
#include "messages-batch.def"
#include "messages-batchout.def"
#include "messages-cmds.def"
#include "messages-main.def"
#undef M
};

enum crp_lang cli_lang = CRP_LANG_ZH;
const char *cli_command;

/* POSIX order: LC_ALL, then LC_MESSAGES, then LANG; the first set and
 * non-empty one decides. English when it starts with "en", Chinese
 * otherwise (C, POSIX and unset included: the users are Chinese). */
void
cli_lang_from_locale(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    size_t i;

    for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i]);
        if (v && v[0]) {
            cli_lang = crp_lang_parse(v) == CRP_LANG_EN ? CRP_LANG_EN
                                                        : CRP_LANG_ZH;
            break;
        }
    }
    /* for the library's calls that take no load options (validate,
     * mappings) */
    cr_set_thread_language(cli_lang == CRP_LANG_EN ? "en" : "zh");
}

const char *
cli_msg(const char *text)
{
    return crp_msg_pick(catalogue, sizeof(catalogue) / sizeof(catalogue[0]),
                        cli_lang, text);
}

const char *
cli_errno_text(int errnum)
{
    return crp_msg_errno(cli_lang, errnum);
}

void
cli_error(const char *fmt, ...)
{
    va_list ap;

    if (cli_command)
        fprintf(stderr, "casereview %s: ", cli_command);
    else
        fputs("casereview: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, cli_msg(fmt), ap);
    va_end(ap);
    fputc('\n', stderr);
}

const char *
cli_status_text(enum cr_status st)
{
    return cli_msg(cr_status_to_str(st));
}

enum cr_status
cli_options_new(struct cr_load_options **out)
{
    enum cr_status st = cr_load_options_new(out);

    if (st == CR_OK)
        cr_load_options_set_language(*out,
                                     cli_lang == CRP_LANG_EN ? "en" : "zh");
    return st;
}
