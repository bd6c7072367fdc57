/* result-bounds.c — what one result may hold: at most max-findings
 * findings per item (the rest counted, "findings_omitted" in the JSON,
 * "…及其他 N 处" in the report) and messages of at most
 * max-message-length characters (cut on a character, ending in "…").
 * A message that echoes a long case text once per node could otherwise
 * make a result line of gigabytes. The deduction still counts every
 * failing node: only what is listed is bounded. */
#include <string.h>

#include "alloc.h"
#include "export.h"
#include "result.h"

#define ELLIPSIS "\xE2\x80\xA6"   /* U+2026 */

int
crp_finding_omit(struct cr_item_result *it, unsigned int max)
{
    if (it->nfindings < max)
        return 0;
    it->findings_omitted++;
    return 1;
}

char *
crp_message_cut(char *message, unsigned int max)
{
    size_t i, chars = 0;
    char *r;

    if (message == NULL)
        return NULL;
    /* messages are UTF-8 (tree text, checklist text): a character starts
     * at every byte that is not a continuation byte */
    for (i = 0; message[i]; i++) {
        if (((unsigned char)message[i] & 0xC0) == 0x80)
            continue;
        if (chars++ == max)
            break;
    }
    if (message[i] == '\0')
        return message;
    r = crp_realloc(message, i + sizeof(ELLIPSIS));
    if (r == NULL) {
        crp_free(message);
        return NULL;
    }
    memcpy(r + i, ELLIPSIS, sizeof(ELLIPSIS));
    return r;
}

void
crp_result_set_error_limit(struct cr_result *res, const char *limit)
{
    res->error_limit = limit;
}

CR_EXPORT size_t
cr_item_result_get_findings_omitted(const struct cr_item_result *it)
{
    return it ? it->findings_omitted : 0;
}

CR_EXPORT const char *
cr_result_get_error_limit(const struct cr_result *res)
{
    return res && res->is_error ? res->error_limit : NULL;
}
