/* batch-archive.c — reads .zip / .tar / .tar.gz / .tgz inputs in place
 * through libarchive, never unpacking to disk. Two passes: the first
 * lists member names only (data skipped) so that the plan can be sorted;
 * the second hands each case member's bytes to the worker pool, with a
 * per-member and a per-archive size limit so a zip bomb becomes error
 * lines instead of exhausting memory.
 *
 * Zips are read with libarchive's streaming zip reader when that gives
 * the same members as its seekable reader: the seekable one indexes the
 * whole central directory in memory (about 200 bytes per member), the
 * streaming one holds one entry at a time. The listing reads the
 * central directory alongside, one record at a time (zip_mirror), and
 * falls back to the seekable reader for any zip where the two could
 * differ. Where every member agrees and is stored or deflated, the
 * reading pass skips libarchive altogether (batch-zip.c). A usual zip
 * (its central directory clean, every case member stored or deflated)
 * is not listed through libarchive at all: the directory is its listing
 * (batch_zip_list).
 *
 * Each suffix opens its own format only: an all-zero .zip is no zip
 * (libarchive would read it as an empty tar), and an archive with no
 * entry at all is reported, never taken for an export without cases. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "batch.h"
#include "batch-skipped.h"

#ifdef CR_HAVE_LIBARCHIVE

#include <archive.h>
#include <archive_entry.h>

#define ARCHIVE_BLOCK_SIZE 65536

/* libarchive's error as an error line: the archive damaged (MEMBER 0)
 * or one of its members, FALLBACK when libarchive says nothing. */
static char *
archive_message(struct archive *a, const char *fallback, int member)
{
    const char *msg = archive_error_string(a);

    return batch_damaged_error(msg && *msg ? msg : fallback, member);
}

static struct archive *
archive_open(const char *path, int reader, char **err)
{
    struct archive *a = archive_read_new();

    if (!a) {
        *err = batch_error_text("unreadable",
                                cli_msg("内存不足，无法读取压缩包"),
                                "out of memory");
        return NULL;
    }
    if (!batch_has_suffix(path, ".zip")) {
        archive_read_support_filter_all(a);
        archive_read_support_format_tar(a);
    } else if (reader == BATCH_READER_DEFAULT) {
        /* both zip readers; the seekable one wins whenever the central
         * directory is found */
        archive_read_support_format_zip(a);
    } else {
        archive_read_support_format_zip_streamable(a);
    }
    if (archive_read_open_filename(a, path, ARCHIVE_BLOCK_SIZE)
        != ARCHIVE_OK) {
        int e = archive_errno(a);

        /* a file that is not there, or not ours to read: said as for
         * any file */
        *err = e == ENOENT || e == EACCES || e == EPERM
                   ? batch_errno_error(e, BATCH_PATH_FILE)
                   : archive_message(a, "cannot open archive", 0);
        archive_read_free(a);
        return NULL;
    }
    return a;
}

/* libarchive converts a name it knows to be UTF-8 (zip's UTF-8 flag,
 * pax headers) into the current locale's charset, and in the "C" locale
 * a Chinese name fails that conversion: the member had no name at all
 * and was skipped. Names are wanted in UTF-8 whatever the user's locale,
 * so LC_CTYPE is a UTF-8 one for the whole run (glibc always has
 * C.UTF-8). Called once, before any thread starts. */
void
batch_archive_init(void)
{
    static const char *const utf8[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8"};
    size_t i;

    if (setlocale(LC_CTYPE, "") && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
        return;
    for (i = 0; i < sizeof(utf8) / sizeof(utf8[0]); i++)
        if (setlocale(LC_CTYPE, utf8[i]))
            return;
}

/* Stands for the name of member N (counting every header) when
 * libarchive can decode it in no form: the member still gets a line
 * (scored or an error) instead of vanishing. Same text in both passes. */
#define UNNAMED_MEMBER "(member %zu: name not readable)"

/* The member name as stored: UTF-8 when libarchive knows it (zip's
 * UTF-8 flag, pax headers), the raw bytes otherwise; NULL when it has
 * none that libarchive can give. */
static const char *
member_name(struct archive_entry *e)
{
    const char *name = archive_entry_pathname_utf8(e);

    return name ? name : archive_entry_pathname(e);
}

/* A regular file named *.xml, or one whose name cannot be read. */
/* A second entry for a file already in a tar (GNU tar and bsdtar store
 * hard links so): no data of its own, the name of the first. */
static const char *
link_target(struct archive_entry *e)
{
    const char *target = archive_entry_hardlink_utf8(e);

    if (!target)
        target = archive_entry_hardlink(e);
    if (!target || archive_entry_filetype(e) == AE_IFREG
        || (archive_entry_size_is_set(e) && archive_entry_size(e) > 0))
        return NULL;
    return target;
}

/* A regular file named *.xml (or a hard link to one: it is the case it
 * names), or one whose name cannot be read. */
static int
is_case_member(struct archive_entry *e)
{
    const char *name = member_name(e);

    return (archive_entry_filetype(e) == AE_IFREG || link_target(e))
        && (name == NULL || batch_has_suffix(name, ".xml"));
}

/* The member's name in UTF-8 where it can be had, or the stand-in for
 * header N; BUF (BATCH_LABEL_MAX bytes) may hold it. */
static const char *
member_label(struct archive_entry *e, size_t n, char *buf)
{
    const char *name = member_name(e);

    if (name)
        return batch_name_label(name, buf, BATCH_LABEL_MAX);
    snprintf(buf, BATCH_LABEL_MAX, UNNAMED_MEMBER, n);
    return buf;
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
        *err = archive_message(a, "corrupt archive", 0);
        return NULL;
    }
    return e;
}

/* ---- does the streaming zip reader see what the seekable one sees,
 * and can the zip be read through its central directory? */

/* The central directory read alongside the streaming reader's headers,
 * record by record: every header must be where its record says (its
 * position), with the same name, type, size and encryption. */
struct zip_mirror {
    struct batch_zip *z;      /* NULL: not a zip, or no directory */
    int ok;                   /* every record so far agrees */
    int readable;             /* every case member stored or deflated */
    int started;              /* a record was read */
    uint64_t last_local;      /* the previous record's local header */
    int after_descriptor;     /* and it had a data descriptor */
};

#define ZIP_LENGTH_AT_END 0x0008u
/* The longest data descriptor: signature, CRC, two 64-bit sizes. */
#define ZIP_DESCRIPTOR_MAX 24

/* True when the streaming reader read E's local header: it started at
 * POS, right after the previous member's data, whose data descriptor
 * (when it has one) it reads with the next header. Headers come in
 * increasing order, as the seekable reader visits them. */
static int
header_at(const struct zip_mirror *m, uint64_t pos,
          const struct batch_zip_entry *e)
{
    if (m->started && e->local <= m->last_local)
        return 0;
    return pos == e->local
        || (m->after_descriptor && pos < e->local
            && e->local - pos <= ZIP_DESCRIPTOR_MAX);
}

/* Checks the header just read (E, at the reader's position) against the
 * next record; *RECORD is that record's offset, or BATCH_NO_RECORD. */
static void
mirror_header(struct zip_mirror *m, struct archive *a,
              struct archive_entry *e, int is_case, const char *label,
              struct batch_zip_loc *loc, int *located)
{
    struct batch_zip_entry ze;

    *located = 0;
    if (!m || !m->ok)
        return;
    if (batch_zip_next(m->z, &ze) != 1 || !ze.type_agrees
        || !header_at(m, (uint64_t)archive_read_header_position(a), &ze)
        || ze.is_case != is_case
        || (archive_entry_size_is_set(e)
            && (uint64_t)archive_entry_size(e) != ze.usize)
        || (is_case && (strcmp(ze.label, label) != 0
                        || ze.encrypted != !!archive_entry_is_encrypted(e)))) {
        m->ok = 0;
        return;
    }
    if (is_case && !ze.encrypted && !ze.readable)
        m->readable = 0;
    m->started = 1;
    m->last_local = ze.local;
    m->after_descriptor = (ze.flags & ZIP_LENGTH_AT_END) != 0;
    *loc = batch_zip_loc_of(&ze);
    *located = 1;
}

/* True when the directory held no more records than headers were read. */
static int
mirror_finish(struct zip_mirror *m)
{
    struct batch_zip_entry ze;

    return m->ok && batch_zip_next(m->z, &ze) == 0;
}

/* ---- the listing pass */

/* Lists with READER; *NHEADERS counts every header read (case members
 * or not), *STOPPED tells that ADD asked to stop. */
static char *
list_with(const char *path, int reader, struct zip_mirror *m,
          int (*add)(void *ctx, const char *name,
                     const struct batch_zip_loc *loc),
          void *ctx, size_t *nheaders, int *stopped)
{
    char *err = NULL;
    struct archive *a = archive_open(path, reader, &err);
    struct archive_entry *e;

    *nheaders = 0;
    *stopped = 0;
    if (!a)
        return err;
    while (!batch_stopping() && (e = next_header(a, &err)) != NULL) {
        char label[BATCH_LABEL_MAX];
        const char *name = NULL;
        int is_case = is_case_member(e);
        struct batch_zip_loc loc;
        int located;

        (*nheaders)++;
        if (is_case)
            name = member_label(e, *nheaders, label);
        else if (archive_entry_filetype(e) != AE_IFDIR)
            batch_skipped_member(path, member_label(e, *nheaders, label),
                                 archive_entry_filetype(e) == AE_IFREG);
        mirror_header(m, a, e, is_case, name, &loc, &located);
        if (is_case && add(ctx, name, located ? &loc : NULL)) {
            *stopped = 1;
            break;
        }
        /* Headers only: the data is skipped, not decompressed where the
         * format allows it (sizes known). */
        if (archive_read_data_skip(a) < ARCHIVE_WARN) {
            err = archive_message(a, "corrupt archive", 0);
            break;
        }
    }
    archive_read_free(a);
    if (!err && !*stopped && *nheaders == 0 && !batch_stopping())
        err = batch_xstrdup(BATCH_NO_ENTRIES);
    return err;
}

char *
batch_archive_list(const char *path, int *reader,
                   int (*add)(void *ctx, const char *name,
                              const struct batch_zip_loc *loc),
                   void *ctx)
{
    size_t nheaders;
    int stopped;
    char *err;

    if (batch_has_suffix(path, ".zip")) {
        struct zip_mirror m = {NULL, 0, 1, 0, 0, 0};
        int agrees;

        /* the usual zip: its central directory is the listing */
        if (batch_zip_list(path, add, ctx, &err)) {
            *reader = BATCH_READER_ZIP_DIRECT;
            return err;
        }
        m.z = batch_zip_open(path);
        m.ok = m.z != NULL;
        err = list_with(path, BATCH_READER_ZIP_STREAMING, &m, add, ctx,
                        &nheaders, &stopped);
        agrees = !err && !stopped && !batch_stopping() && mirror_finish(&m);

        *reader = agrees && m.readable ? BATCH_READER_ZIP_DIRECT
                                       : BATCH_READER_ZIP_STREAMING;
        batch_zip_close(m.z);
        if (!err && (stopped || agrees))
            return NULL;
        /* Anything doubtful (an error included: its message is the
         * seekable reader's) is listed again the usual way. */
        free(err);
        add(ctx, NULL, NULL);
    }
    *reader = BATCH_READER_DEFAULT;
    return list_with(path, BATCH_READER_DEFAULT, NULL, add, ctx, &nheaders,
                     &stopped);
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
            *err = archive_message(a, "cannot read archive member", 1);
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
        *err = batch_xstrdup(BATCH_ENCRYPTED);
    } else if (archive_entry_size_is_set(e)
               && (uint64_t)archive_entry_size(e) > limit) {
        *err = batch_oversize_message(limit);
    } else if (*total > limits->max_archive) {
        *err = batch_total_limit_message(limits->max_archive);
    } else {
        *data = read_member(a, limit, len, err, fatal);
        *total += *len;
        if (*data && *total > limits->max_archive) {
            free(*data);
            *data = NULL;
            *err = batch_total_limit_message(limits->max_archive);
        }
    }
}

/* ---- hard links: the data of the entry they name */

/* A second reader on the same archive, moving forward to the targets of
 * hard links (which come before the links). A link to an entry it has
 * passed opens it again from the start, at most LINK_REOPENS times an
 * archive: links far out of their targets' order would otherwise read
 * the archive once each. */
#define LINK_REOPENS 64

struct link_reader {
    const char *path;
    int reader;
    struct archive *a;
    size_t headers;           /* read so far */
    unsigned int opens;
};

/* Moves to the first regular entry named TARGET among the BEFORE - 1
 * entries ahead of the link; 1 when found. */
static int
link_scan(struct link_reader *lr, const char *target, size_t before)
{
    struct archive_entry *e;
    char *err = NULL;

    while (lr->headers + 1 < before && (e = next_header(lr->a, &err))) {
        const char *name = member_name(e);

        lr->headers++;
        if (archive_entry_filetype(e) == AE_IFREG && name
            && strcmp(name, target) == 0)
            return 1;
    }
    free(err);
    return 0;
}

static int
link_open(struct link_reader *lr)
{
    char *err = NULL;

    if (lr->a)
        archive_read_free(lr->a);
    lr->a = NULL;
    lr->headers = 0;
    if (lr->opens >= LINK_REOPENS)
        return -1;
    lr->opens++;
    lr->a = archive_open(lr->path, lr->reader, &err);
    free(err);
    return lr->a ? 0 : -1;
}

static int
link_seek(struct link_reader *lr, const char *target, size_t before)
{
    int fresh = 0;

    if (!lr->a) {
        if (link_open(lr) != 0)
            return 0;
        fresh = 1;
    }
    if (link_scan(lr, target, before))
        return 1;
    return !fresh && link_open(lr) == 0 && link_scan(lr, target, before);
}

/* The bytes of hard link E (the HEADER-th entry): its target's. */
static void
take_link(struct link_reader *lr, struct archive_entry *e, size_t header,
          const struct batch_limits *limits, uint64_t *total, char **data,
          size_t *len, char **err)
{
    int fatal = 0;

    *data = NULL;
    *len = 0;
    if (*total > limits->max_archive) {
        *err = batch_total_limit_message(limits->max_archive);
        return;
    }
    if (!link_seek(lr, link_target(e), header)) {
        *err = batch_xstrdup(BATCH_LINK_MISSING);
        return;
    }
    *data = read_member(lr->a, limits->max_member, len, err, &fatal);
    if (fatal)
        link_open(lr);
    *total += *len;
    if (*data && *total > limits->max_archive) {
        free(*data);
        *data = NULL;
        *err = batch_total_limit_message(limits->max_archive);
    }
}

char *
batch_archive_read(const char *path, int reader,
                   const struct batch_limits *limits,
                   void (*feed)(void *ctx, size_t index, const char *name,
                                char *data, size_t len, char *error),
                   int (*stop)(void *ctx), void *ctx)
{
    char *err = NULL;
    struct archive *a = archive_open(path, reader, &err);
    struct link_reader links = {path, reader, NULL, 0, 0};
    struct archive_entry *e;
    uint64_t total = 0;
    size_t index = 0, nheaders = 0;

    if (!a)
        return err;
    while (!stop(ctx) && (e = next_header(a, &err)) != NULL) {
        char *data, *member_err = NULL, label[BATCH_LABEL_MAX];
        size_t len;
        int fatal = 0;

        nheaders++;
        if (!is_case_member(e))
            continue;
        if (link_target(e))
            take_link(&links, e, nheaders, limits, &total, &data, &len,
                      &member_err);
        else
            take_member(a, e, limits, &total, &data, &len, &member_err,
                        &fatal);
        feed(ctx, index++, member_label(e, nheaders, label), data, len,
             member_err);
        if (fatal) {
            err = archive_message(a, "corrupt archive", 0);
            break;
        }
    }
    if (links.a)
        archive_read_free(links.a);
    archive_read_free(a);
    return err;
}

int
batch_archive_supported(void)
{
    return 1;
}

#else /* !CR_HAVE_LIBARCHIVE */

char *
batch_archive_list(const char *path, int *reader,
                   int (*add)(void *ctx, const char *name,
                              const struct batch_zip_loc *loc),
                   void *ctx)
{
    *reader = BATCH_READER_DEFAULT;
    (void)path;
    (void)add;
    (void)ctx;
    return batch_xstrdup(BATCH_NO_ARCHIVES);
}

char *
batch_archive_read(const char *path, int reader,
                   const struct batch_limits *limits,
                   void (*feed)(void *ctx, size_t index, const char *name,
                                char *data, size_t len, char *error),
                   int (*stop)(void *ctx), void *ctx)
{
    (void)path;
    (void)reader;
    (void)limits;
    (void)feed;
    (void)stop;
    (void)ctx;
    return batch_xstrdup(BATCH_NO_ARCHIVES);
}

int
batch_archive_supported(void)
{
    return 0;
}

void
batch_archive_init(void)
{
}

#endif
