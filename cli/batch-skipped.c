/* batch-skipped.c — the files batch saw and did not score, with why
 * (batch-skipped.h). A name's suffix says what it is likely to be: a
 * supervisor who finds 案卷 0 件 wants to know that the export held PDFs
 * or scans, not XML case files. */
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "batch-skipped.h"

/* Names kept before counting only: a folder of a million scans must not
 * hold them all (the list shows the first BATCH_SKIPPED_LISTED). */
#define SKIPPED_KEPT 100000

static struct batch_skip *skips;
static size_t nskips, cap, extra;
static int sorted;

static const char *
reason_of(const char *name, int regular, int in_archive)
{
    static const struct {
        const char *suffix, *reason;
    } kinds[] = {
        {".pdf", "PDF 文件，不是 XML 案卷，没有评查"},
        {".ofd", "OFD 版式文件，不是 XML 案卷，没有评查"},
        {".doc", "Word 文档，不是 XML 案卷，没有评查"},
        {".docx", "Word 文档，不是 XML 案卷，没有评查"},
        {".wps", "WPS 文档，不是 XML 案卷，没有评查"},
        {".xls", "表格文件，不是 XML 案卷，没有评查"},
        {".xlsx", "表格文件，不是 XML 案卷，没有评查"},
        {".csv", "表格文件，不是 XML 案卷，没有评查"},
        {".jpg", "图片，不是 XML 案卷，没有评查"},
        {".jpeg", "图片，不是 XML 案卷，没有评查"},
        {".png", "图片，不是 XML 案卷，没有评查"},
        {".tif", "图片，不是 XML 案卷，没有评查"},
        {".tiff", "图片，不是 XML 案卷，没有评查"},
        {".txt", "文本文件，不是 XML 案卷，没有评查"},
    };
    size_t i;

    if (!regular)
        return "不是普通文件（链接、管道或设备），没有评查";
    if (!in_archive && (batch_has_suffix(name, ".zip")
                        || batch_has_suffix(name, ".tar")
                        || batch_has_suffix(name, ".tar.gz")
                        || batch_has_suffix(name, ".tgz")))
        return "文件夹中的压缩包不打开：要评查其中的案卷，请把压缩包本身作为"
               "参数给出";
    for (i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (batch_has_suffix(name, kinds[i].suffix))
            return kinds[i].reason;
    return "扩展名不是 .xml，不是案卷，没有评查";
}

static void
add(char *source, const char *reason)
{
    if (nskips == SKIPPED_KEPT) {
        extra++;
        free(source);
        return;
    }
    if (nskips == cap) {
        cap = cap ? cap * 2 : 64;
        skips = batch_xrealloc(skips, cap * sizeof *skips);
    }
    skips[nskips].source = source;
    skips[nskips].reason = reason;
    nskips++;
    sorted = 0;
}

static char *
utf8_copy(const char *s)
{
    return batch_utf8_valid(s) ? batch_xstrdup(s) : batch_utf8_clean(s);
}

void
batch_skipped_file(const char *path, int regular)
{
    add(utf8_copy(path), reason_of(path, regular, 0));
}

void
batch_skipped_member(const char *archive, const char *label, int regular)
{
    char *a = utf8_copy(archive);
    char *s = batch_xmalloc(strlen(a) + strlen(label) + 2);

    sprintf(s, "%s!%s", a, label);
    free(a);
    add(s, reason_of(label, regular, 1));
}

static int
by_source(const void *x, const void *y)
{
    return strcmp(((const struct batch_skip *)x)->source,
                  ((const struct batch_skip *)y)->source);
}

size_t
batch_skipped_list(const struct batch_skip **list, size_t *listed)
{
    size_t i, n = 0;

    /* an archive may be listed twice (a zip the streaming reader and
     * then the usual one read): each name once */
    if (!sorted && nskips) {
        qsort(skips, nskips, sizeof *skips, by_source);
        for (i = 0; i < nskips; i++) {
            if (n && strcmp(skips[n - 1].source, skips[i].source) == 0) {
                free(skips[i].source);
                continue;
            }
            skips[n++] = skips[i];
        }
        nskips = n;
    }
    sorted = 1;
    *list = skips;
    *listed = nskips < BATCH_SKIPPED_LISTED ? nskips : BATCH_SKIPPED_LISTED;
    return nskips + extra;
}

void
batch_skipped_clear(void)
{
    size_t i;

    for (i = 0; i < nskips; i++)
        free(skips[i].source);
    free(skips);
    skips = NULL;
    nskips = cap = extra = 0;
    sorted = 0;
}
