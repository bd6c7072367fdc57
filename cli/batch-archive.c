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
 * streaming one holds one entry at a time. The listing checks the
 * central directory itself, one record at a time (see
 * zip_streaming_agrees), and falls back to the seekable reader for any
 * zip where the two could differ. */
#include <fcntl.h>
#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
archive_open(const char *path, int reader, char **err)
{
    struct archive *a = archive_read_new();

    if (!a) {
        *err = batch_xstrdup("out of memory");
        return NULL;
    }
    archive_read_support_filter_all(a);
    /* The default registers both zip readers; the seekable one wins
     * whenever the central directory is found. */
    if (reader == BATCH_READER_ZIP_STREAMING)
        archive_read_support_format_zip_streamable(a);
    else
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

/* Room for a member name decoded from GB18030. */
#define LABEL_MAX 4096

/* The member name as stored: UTF-8 when libarchive knows it (zip's
 * UTF-8 flag, pax headers), the raw bytes otherwise; NULL when it has
 * none that libarchive can give. */
static const char *
member_name(struct archive_entry *e)
{
    const char *name = archive_entry_pathname_utf8(e);

    return name ? name : archive_entry_pathname(e);
}

/* A name stored without a charset (no UTF-8 flag, a plain tar header)
 * that is not UTF-8 is most often GBK: a zip made by Windows set to
 * Chinese. It is given in UTF-8 through GB18030 (a superset of GBK) when
 * it decodes so, in BUF; else NAME as it is (the JSON then shows U+FFFD
 * for its bad bytes). The Python front end decodes the same way. */
static const char *
from_gb18030(const char *name, char *buf, size_t size)
{
    char *in = (char *)name, *out = buf;
    size_t inleft = strlen(name), outleft = size - 1;
    iconv_t cd;
    int ok;

    if (batch_utf8_valid(name) || (cd = iconv_open("UTF-8", "GB18030"))
                                      == (iconv_t)-1)
        return name;
    ok = iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1
         && iconv(cd, NULL, NULL, &out, &outleft) != (size_t)-1
         && inleft == 0;
    iconv_close(cd);
    if (!ok)
        return name;
    *out = '\0';
    return buf;
}

/* A regular file named *.xml, or one whose name cannot be read. */
static int
is_case_member(struct archive_entry *e)
{
    const char *name = member_name(e);

    return archive_entry_filetype(e) == AE_IFREG
        && (name == NULL || batch_has_suffix(name, ".xml"));
}

/* The member's name in UTF-8 where it can be had, or the stand-in for
 * header N; BUF (LABEL_MAX bytes) may hold it. */
static const char *
member_label(struct archive_entry *e, size_t n, char *buf)
{
    const char *name = member_name(e);

    if (name)
        return from_gb18030(name, buf, LABEL_MAX);
    snprintf(buf, LABEL_MAX, UNNAMED_MEMBER, n);
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
        *err = archive_message(a, "corrupt archive");
        return NULL;
    }
    return e;
}

/* ---- does the streaming zip reader see what the seekable one sees? */

/* Little-endian fields of zip headers. */
static uint32_t
le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
    return le16(p) | le16(p + 2) << 16;
}

static uint64_t
le64(const unsigned char *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int
read_at(int fd, void *buf, size_t n, uint64_t off)
{
    return pread(fd, buf, n, (off_t)off) == (ssize_t)n ? 0 : -1;
}

#define ZIP_EOCD_LEN 22
#define ZIP_EOCD_SEARCH (ZIP_EOCD_LEN + 65535)
#define ZIP_CDH_LEN 46
#define ZIP_LFH_LEN 30
#define ZIP_NAME_MAX 65535

struct zip_cd {
    uint64_t offset;          /* of the first central directory record */
    uint64_t size;
    uint64_t entries;
};

/* Finds the central directory through the end record (and its zip64
 * form). -1 when there is none where a plain zip has it. */
static int
zip_find_cd(int fd, uint64_t file_size, struct zip_cd *cd)
{
    size_t tail = file_size < ZIP_EOCD_SEARCH ? (size_t)file_size
                                              : ZIP_EOCD_SEARCH;
    unsigned char *buf, *e = NULL, z[56];
    size_t i;
    int ok = -1;

    if (tail < ZIP_EOCD_LEN)
        return -1;
    buf = batch_xmalloc(tail);
    if (read_at(fd, buf, tail, file_size - tail) != 0)
        goto out;
    /* The last end record whose comment reaches exactly to the end. */
    for (i = tail - ZIP_EOCD_LEN + 1; i-- > 0;)
        if (memcmp(buf + i, "PK\005\006", 4) == 0
            && i + ZIP_EOCD_LEN + le16(buf + i + 20) == tail) {
            e = buf + i;
            break;
        }
    if (!e)
        goto out;
    cd->entries = le16(e + 10);
    cd->size = le32(e + 12);
    cd->offset = le32(e + 16);
    if (cd->entries == 0xffff || cd->size == 0xffffffff
        || cd->offset == 0xffffffff) {
        if (e - buf < 20 || memcmp(e - 20, "PK\006\007", 4) != 0
            || read_at(fd, z, sizeof z, le64(e - 20 + 8)) != 0
            || memcmp(z, "PK\006\006", 4) != 0)
            goto out;
        cd->entries = le64(z + 32);
        cd->size = le64(z + 40);
        cd->offset = le64(z + 48);
    }
    ok = 0;
out:
    free(buf);
    return ok;
}

/* One central directory record against its local header: the entry
 * must be a plain file or a directory named with a trailing '/' (the
 * streaming reader cannot see the central directory's file type:
 * symlinks, DOS directory bits), the local header must be where the
 * record says, under the same name, with the same sizes or a data
 * descriptor. NAME is scratch room for ZIP_NAME_MAX bytes. */
static int
zip_record_agrees(int fd, const unsigned char *h, char *name)
{
    unsigned char l[ZIP_LFH_LEN];
    uint32_t host = le16(h + 4) >> 8, ext = le32(h + 38);
    uint32_t type = 0, n = le16(h + 28);

    if (host == 3)
        type = (ext >> 16) & AE_IFMT;
    else if (host == 0 && (ext & 0x10))
        type = AE_IFDIR;
    if (le32(h + 42) == 0xffffffff)   /* zip64 offsets: not checked */
        return 0;
    if (read_at(fd, l, sizeof l, le32(h + 42)) != 0
        || memcmp(l, "PK\003\004", 4) != 0 || le16(l + 26) != n)
        return 0;
    if (!(le16(l + 6) & 8)
        && (le32(l + 18) != le32(h + 20) || le32(l + 22) != le32(h + 24)))
        return 0;
    if (type != 0 && type != AE_IFREG && type != AE_IFIFO
        && !(type == AE_IFDIR && n > 0 && name[n - 1] == '/'))
        return 0;
    return 1;
}

static int
zip_records_agree(int fd, const struct zip_cd *cd, size_t nheaders)
{
    unsigned char h[ZIP_CDH_LEN];
    char *name = batch_xmalloc(ZIP_NAME_MAX);
    char *local = batch_xmalloc(ZIP_NAME_MAX);
    uint64_t at = cd->offset, end = cd->offset + cd->size, k;
    uint64_t last_local = 0;
    int ok = cd->entries == nheaders;

    for (k = 0; ok && k < cd->entries; k++) {
        uint32_t n, off;

        ok = at + ZIP_CDH_LEN <= end && read_at(fd, h, sizeof h, at) == 0
             && memcmp(h, "PK\001\002", 4) == 0;
        if (!ok)
            break;
        n = le16(h + 28);
        off = le32(h + 42);
        /* Local headers in increasing order: the seekable reader visits
         * them by offset, the streaming one as they come. */
        ok = (k == 0 || off > last_local)
             && read_at(fd, name, n, at + ZIP_CDH_LEN) == 0
             && read_at(fd, local, n, (uint64_t)off + ZIP_LFH_LEN) == 0
             && memcmp(name, local, n) == 0
             && zip_record_agrees(fd, h, name);
        last_local = off;
        at += ZIP_CDH_LEN + n + le16(h + 30) + le16(h + 32);
    }
    free(name);
    free(local);
    return ok && at == end;
}

/* True when PATH is a zip that the streaming reader, which returned
 * NHEADERS entries, reads exactly like the seekable one. */
static int
zip_streaming_agrees(const char *path, size_t nheaders)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct zip_cd cd;
    struct stat st;
    int ok;

    if (fd < 0)
        return 0;
    ok = fstat(fd, &st) == 0 && zip_find_cd(fd, (uint64_t)st.st_size, &cd)
         == 0 && zip_records_agree(fd, &cd, nheaders);
    close(fd);
    return ok;
}

/* ---- the listing pass */

/* Lists with READER; *NHEADERS counts every header read (case members
 * or not), *STOPPED tells that ADD asked to stop. */
static char *
list_with(const char *path, int reader,
          int (*add)(void *ctx, const char *name), void *ctx,
          size_t *nheaders, int *stopped)
{
    char *err = NULL;
    struct archive *a = archive_open(path, reader, &err);
    struct archive_entry *e;

    *nheaders = 0;
    *stopped = 0;
    if (!a)
        return err;
    while (!batch_stopping() && (e = next_header(a, &err)) != NULL) {
        char label[LABEL_MAX];

        (*nheaders)++;
        if (is_case_member(e) && add(ctx, member_label(e, *nheaders, label))) {
            *stopped = 1;
            break;
        }
        /* Headers only: the data is skipped, not decompressed where the
         * format allows it (sizes known). */
        if (archive_read_data_skip(a) < ARCHIVE_WARN) {
            err = archive_message(a, "corrupt archive");
            break;
        }
    }
    archive_read_free(a);
    return err;
}

char *
batch_archive_list(const char *path, int *reader,
                   int (*add)(void *ctx, const char *name), void *ctx)
{
    size_t nheaders;
    int stopped;
    char *err;

    if (batch_has_suffix(path, ".zip")) {
        err = list_with(path, BATCH_READER_ZIP_STREAMING, add, ctx,
                        &nheaders, &stopped);
        *reader = BATCH_READER_ZIP_STREAMING;
        if (stopped && !err)
            return NULL;
        if (!err && !batch_stopping()
            && zip_streaming_agrees(path, nheaders))
            return NULL;
        /* Anything doubtful (an error included: its message is the
         * seekable reader's) is listed again the usual way. */
        free(err);
        add(ctx, NULL);
    }
    *reader = BATCH_READER_DEFAULT;
    return list_with(path, BATCH_READER_DEFAULT, add, ctx, &nheaders,
                     &stopped);
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
batch_archive_read(const char *path, int reader,
                   const struct batch_limits *limits,
                   void (*feed)(void *ctx, size_t index, const char *name,
                                char *data, size_t len, char *error),
                   int (*stop)(void *ctx), void *ctx)
{
    char *err = NULL;
    struct archive *a = archive_open(path, reader, &err);
    struct archive_entry *e;
    uint64_t total = 0;
    size_t index = 0, nheaders = 0;

    if (!a)
        return err;
    while (!stop(ctx) && (e = next_header(a, &err)) != NULL) {
        char *data, *member_err = NULL, label[LABEL_MAX];
        size_t len;
        int fatal = 0;

        nheaders++;
        if (!is_case_member(e))
            continue;
        take_member(a, e, limits, &total, &data, &len, &member_err, &fatal);
        feed(ctx, index++, member_label(e, nheaders, label), data, len,
             member_err);
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
batch_archive_list(const char *path, int *reader,
                   int (*add)(void *ctx, const char *name), void *ctx)
{
    *reader = BATCH_READER_DEFAULT;
    (void)path;
    (void)add;
    (void)ctx;
    return batch_xstrdup(NO_ARCHIVES);
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
    return batch_xstrdup(NO_ARCHIVES);
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
