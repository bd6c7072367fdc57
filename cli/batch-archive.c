/* batch-archive.c — reads .zip / .tar / .tar.gz / .tgz inputs in place
 * through libarchive, never unpacking to disk. Two passes: the first
 * lists member names only (data skipped) so that the plan can be sorted;
 * the second hands each case member's bytes to the worker pool, with a
 * per-member and a per-archive size limit so a zip bomb becomes error
 * lines instead of exhausting memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

#ifdef CR_HAVE_LIBARCHIVE

#include <archive.h>
#include <archive_entry.h>

#define ARCHIVE_BLOCK_SIZE 65536

static char *
archive_message(struct archive *a, const char *fallback)
{
    const char *msg = archive_error_string(a);

    return batch_xstrdup(msg && *msg ? msg : fallback);
}

static struct archive *
archive_open(const char *path, char **err)
{
    struct archive *a = archive_read_new();

    if (!a) {
        *err = batch_xstrdup("out of memory");
        return NULL;
    }
    archive_read_support_filter_all(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    if (archive_read_open_filename(a, path, ARCHIVE_BLOCK_SIZE)
        != ARCHIVE_OK) {
        *err = archive_message(a, "cannot open archive");
        archive_read_free(a);
        return NULL;
    }
    return a;
}

/* The member name as stored: UTF-8 when libarchive knows it (zip's
 * UTF-8 flag, pax headers), the raw bytes otherwise. */
static const char *
member_name(struct archive_entry *e)
{
    const char *name = archive_entry_pathname_utf8(e);

    if (!name)
        name = archive_entry_pathname(e);
    return name ? name : "";
}

static int
is_case_member(struct archive_entry *e)
{
    return archive_entry_filetype(e) == AE_IFREG
        && batch_has_suffix(member_name(e), ".xml");
}

/* Next header; NULL at the end, *ERR set when the archive is broken. */
static struct archive_entry *
next_header(struct archive *a, char **err)
{
    struct archive_entry *e = NULL;
    int r = archive_read_next_header(a, &e);

    if (r == ARCHIVE_EOF)
        return NULL;
    if (r < ARCHIVE_WARN) {
        *err = archive_message(a, "corrupt archive");
        return NULL;
    }
    return e;
}

char *
batch_archive_list(const char *path, void (*add)(void *ctx, const char *name),
                   void *ctx)
{
    char *err = NULL;
    struct archive *a = archive_open(path, &err);
    struct archive_entry *e;

    if (!a)
        return err;
    while (!batch_stopping() && (e = next_header(a, &err)) != NULL) {
        if (is_case_member(e))
            add(ctx, member_name(e));
        /* Headers only: the data is skipped, not decompressed where the
         * format allows it (seekable zip). */
        if (archive_read_data_skip(a) < ARCHIVE_WARN) {
            err = archive_message(a, "corrupt archive");
            break;
        }
    }
    archive_read_free(a);
    return err;
}

static char *
total_limit_message(uint64_t limit)
{
    char tmp[128];

    snprintf(tmp, sizeof tmp,
             "archive larger than the limit of %llu bytes uncompressed",
             (unsigned long long)limit);
    return batch_xstrdup(tmp);
}

/* Reads the current member, at most LIMIT bytes. Returns the data, or
 * NULL with *ERR set; *FATAL when the archive cannot go on. */
static char *
read_member(struct archive *a, size_t limit, size_t *len, char **err,
            int *fatal)
{
    size_t cap = 65536, n = 0;
    char *buf = batch_xmalloc(cap);
    la_ssize_t r;

    for (;;) {
        if (n == cap) {
            if (cap > limit) {
                free(buf);
                *err = batch_oversize_message(limit);
                return NULL;
            }
            cap *= 2;
            buf = batch_xrealloc(buf, cap);
        }
        r = archive_read_data(a, buf + n, cap - n);
        if (r == 0)
            break;
        if (r < 0) {
            *fatal = r == ARCHIVE_FATAL;
            *err = archive_message(a, "cannot read archive member");
            free(buf);
            return NULL;
        }
        n += (size_t)r;
        if (n > limit) {
            free(buf);
            *err = batch_oversize_message(limit);
            return NULL;
        }
    }
    *len = n;
    return buf;
}

/* Decides the outcome of one case member: data, or an error message. */
static void
take_member(struct archive *a, struct archive_entry *e,
            const struct batch_limits *limits, uint64_t *total,
            char **data, size_t *len, char **err, int *fatal)
{
    size_t limit = limits->max_member;

    *data = NULL;
    *len = 0;
    if (archive_entry_is_encrypted(e)) {
        *err = batch_xstrdup("encrypted archive member");
    } else if (archive_entry_size_is_set(e)
               && (uint64_t)archive_entry_size(e) > limit) {
        *err = batch_oversize_message(limit);
    } else if (*total > limits->max_archive) {
        *err = total_limit_message(limits->max_archive);
    } else {
        *data = read_member(a, limit, len, err, fatal);
        *total += *len;
        if (*data && *total > limits->max_archive) {
            free(*data);
            *data = NULL;
            *err = total_limit_message(limits->max_archive);
        }
    }
}

char *
batch_archive_read(const char *path, const struct batch_limits *limits,
                   void (*feed)(void *ctx, size_t index, const char *name,
                                char *data, size_t len, char *error),
                   int (*stop)(void *ctx), void *ctx)
{
    char *err = NULL;
    struct archive *a = archive_open(path, &err);
    struct archive_entry *e;
    uint64_t total = 0;
    size_t index = 0;

    if (!a)
        return err;
    while (!stop(ctx) && (e = next_header(a, &err)) != NULL) {
        char *data, *member_err = NULL;
        size_t len;
        int fatal = 0;

        if (!is_case_member(e))
            continue;
        take_member(a, e, limits, &total, &data, &len, &member_err, &fatal);
        feed(ctx, index++, member_name(e), data, len, member_err);
        if (fatal) {
            err = archive_message(a, "corrupt archive");
            break;
        }
    }
    archive_read_free(a);
    return err;
}

int
batch_archive_supported(void)
{
    return 1;
}

#else /* !CR_HAVE_LIBARCHIVE */

#define NO_ARCHIVES "archive support not built in (casereview was built " \
                    "without libarchive)"

char *
batch_archive_list(const char *path, void (*add)(void *ctx, const char *name),
                   void *ctx)
{
    (void)path;
    (void)add;
    (void)ctx;
    return batch_xstrdup(NO_ARCHIVES);
}

char *
batch_archive_read(const char *path, const struct batch_limits *limits,
                   void (*feed)(void *ctx, size_t index, const char *name,
                                char *data, size_t len, char *error),
                   int (*stop)(void *ctx), void *ctx)
{
    (void)path;
    (void)limits;
    (void)feed;
    (void)stop;
    (void)ctx;
    return batch_xstrdup(NO_ARCHIVES);
}

int
batch_archive_supported(void)
{
    return 0;
}

#endif
