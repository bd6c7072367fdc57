/* fuzz-zipdir.c — zip bytes read through their central directory as
 * `casereview batch` reads zips that libarchive's listing agreed with
 * (cli/batch-zip.c): the listing made from the directory, then every
 * record decoded and named, every stored or deflated member of at most
 * 1 MiB read and its CRC checked. The
 * listing's agreement is not required here: the reader must hold for
 * any bytes on its own. batch_zip_open takes a path: the input is given
 * as /proc/self/fd/N of a memfd. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/batch.h"

#define MAX_MEMBER (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The readers say their messages through the command's catalogue
 * (cli/msg.c); here they are kept as written and not printed. */
const char *
cli_msg(const char *text)
{
    return text;
}

void
cli_error(const char *fmt, ...)
{
    (void)fmt;
}

static int
count(void *ctx, const char *name, const struct batch_zip_loc *loc)
{
    (void)name;
    (void)loc;
    return ++*(size_t *)ctx > 100000;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct batch_inflater *inf;
    static int fd = -1;
    struct batch_zip_entry e;
    struct batch_zip *z;
    char path[64], *buf = NULL, *err;
    size_t cap = 0, len, n = 0;

    if (!inf)
        inf = batch_inflater_new();
    if (fd < 0 && (fd = memfd_create("zip", 0)) < 0)
        abort();
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    /* the listing batch makes of a usual zip */
    if (batch_zip_list(path, count, &n, &err))
        free(err);
    n = 0;
    if (!(z = batch_zip_open(path)))
        return 0;
    while (n++ < 4096 && batch_zip_next(z, &e) == 1) {
        struct batch_zip_loc loc = batch_zip_loc_of(&e);

        if (!e.is_case || !e.readable || e.usize > MAX_MEMBER)
            continue;
        err = batch_zip_extract(inf, batch_zip_fd(z), &loc, &buf, &cap, &len);
        free(err);
    }
    free(buf);
    batch_zip_close(z);
    return 0;
}
