/* fuzz-archive.c — archive bytes read the way `casereview batch` reads
 * them (cli/batch-archive.c: libarchive, every filter, zip and tar,
 * encrypted members refused, a per-member and a total size limit), each
 * .xml member scored. batch's reader works on paths, so the same calls
 * are made here on memory. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "casereview.h"

#define MAX_MEMBER (1u << 20)
#define MAX_TOTAL (4u << 20)

static struct cr_evaluator *ev;

static void
setup(void)
{
    static const char cl_xml[] =
        "<checklist xmlns='urn:casereview:checklist:1' id='a' total='10'>"
        "<category id='c' points='10'><item id='i' deduct='1' per='node'>"
        "<check context='//*'><assert test='@id'>{name()}</assert></check>"
        "</item></category></checklist>";
    struct cr_checklist *cl = NULL;

    if (cr_checklist_load_memory(cl_xml, sizeof(cl_xml) - 1, "a.xml", NULL,
                                 NULL, &cl, NULL) != CR_OK ||
        cr_evaluator_new(cl, &ev) != CR_OK)
        abort();
    cr_checklist_unref(cl);
}

static void
score_member(struct archive *a, struct archive_entry *e, size_t *total)
{
    const char *name = archive_entry_pathname(e);
    struct cr_result *res = NULL;
    char *buf = NULL, *p;
    size_t len = 0, cap = 0;
    la_ssize_t n;
    char chunk[16384];

    if (archive_entry_filetype(e) != AE_IFREG || name == NULL ||
        strlen(name) < 4 || strcmp(name + strlen(name) - 4, ".xml") != 0 ||
        archive_entry_is_encrypted(e))
        return;
    while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
        if (len + (size_t)n > MAX_MEMBER || *total + (size_t)n > MAX_TOTAL) {
            free(buf);
            return;  /* batch: an error line for the member */
        }
        if (len + (size_t)n > cap) {
            cap = (len + (size_t)n) * 2;
            p = realloc(buf, cap);
            if (p == NULL) {
                free(buf);
                return;
            }
            buf = p;
        }
        memcpy(buf + len, chunk, (size_t)n);
        len += (size_t)n;
        *total += (size_t)n;
    }
    if (n == 0 &&
        cr_evaluator_score_memory(ev, buf, len, name, &res) != CR_ERR_NOMEM)
        cr_result_free(res);
    free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    size_t total = 0;
    int members = 0;

    if (ev == NULL)
        setup();
    if (a == NULL)
        return 0;
    archive_read_support_filter_all(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    if (archive_read_open_memory(a, data, size) == ARCHIVE_OK) {
        while (members++ < 1000 &&
               archive_read_next_header(a, &e) >= ARCHIVE_WARN)
            score_member(a, e, &total);
    }
    archive_read_free(a);
    return 0;
}
