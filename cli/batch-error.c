/* batch-error.c — the error lines of what `casereview batch` could not
 * read (a missing file, a FIFO, a symlink loop, an archive that is
 * damaged, empty or over a limit): in the user's language like the
 * engine's own error results (the same catalogue texts), with an error kind from the engine's vocabulary and the
 * English text of what failed as the detail. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "batch.h"

char *
batch_error_text(const char *kind, const char *message, const char *detail)
{
    size_t k = strlen(kind), m = strlen(message), d = strlen(detail);
    char *s = batch_xmalloc(k + m + d + 3);

    memcpy(s, kind, k);
    s[k] = '\x1f';
    memcpy(s + k + 1, message, m);
    s[k + 1 + m] = '\x1f';
    memcpy(s + k + m + 2, detail, d + 1);
    return s;
}

/* The engine's words for a file it cannot read (crp_case_read_message),
 * and batch's for a folder and a dangling link. */
static const char *
errno_phrase(int errnum, int what)
{
    int denied = errnum == EACCES || errnum == EPERM;

    if (what == BATCH_PATH_FOLDER)
        return cli_msg(denied ? "没有读取该文件夹的权限" : "无法读取文件夹");
    if (errnum == ENOENT)
        return cli_msg(what == BATCH_PATH_LINK ? "符号链接指向的文件不存在"
                                               : "文件不存在");
    return cli_msg(denied ? "没有读取该文件的权限" : "无法读取文件");
}

char *
batch_errno_error(int errnum, int what)
{
    return batch_error_text("unreadable", errno_phrase(errnum, what),
                            strerror(errnum));
}

char *
batch_oversize_message(size_t limit)
{
    char msg[128], detail[96];

    snprintf(msg, sizeof msg, cli_msg("文件超过案卷大小上限（%zu 字节）"),
             limit);
    snprintf(detail, sizeof detail,
             "case file larger than the limit of %zu bytes", limit);
    return batch_error_text("too-large", msg, detail);
}

char *
batch_total_limit_message(uint64_t limit)
{
    char msg[160], detail[128];

    snprintf(msg, sizeof msg, cli_msg("压缩包中的案卷解压后合计超过上限"
                                      "（%llu 字节），这个文件没有读取"),
             (unsigned long long)limit);
    snprintf(detail, sizeof detail,
             "archive larger than the limit of %llu bytes uncompressed",
             (unsigned long long)limit);
    return batch_error_text("too-large", msg, detail);
}

char *
batch_damaged_error(const char *detail, int member)
{
    return batch_error_text("unreadable",
                            cli_msg(member ? "压缩包中的这个文件已损坏，无法读取"
                                           : "压缩包已损坏或无法读取"),
                            detail);
}

char *
batch_changed_error(const char *detail)
{
    return batch_error_text("unreadable", cli_msg("读取期间压缩包发生了变化"),
                            detail);
}
