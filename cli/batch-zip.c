/* batch-zip.c — zips read through their central directory, without
 * libarchive: the directory says where every member is, so the feeding
 * thread hands out locations in any order it likes (the plan's sorted
 * order: results come out in order, nothing spilled) and each worker
 * reads and inflates its own members with pread (inflating is no longer
 * one thread's job). libarchive still lists every zip first; this reader
 * is used only for zips where it sees, member for member, the same
 * names, types and sizes as libarchive does (batch-archive.c checks), so
 * results do not depend on which reader ran.
 *
 * Inflating uses libdeflate when built with it: whole members in one
 * call, 2.6 times faster than zlib's streaming inflate on the same
 * members (bench/README.md). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef CR_HAVE_LIBDEFLATE
#include <libdeflate.h>
#else
#include <zlib.h>
#endif

#include "cli.h"
#include "batch.h"
#include "batch-skipped.h"

#define ZIP_EOCD_LEN 22
#define ZIP_EOCD_SEARCH (ZIP_EOCD_LEN + 65535)
#define ZIP_CDH_LEN 46
#define ZIP_LFH_LEN 30
/* A record is at most 46 + 3 x 65535 bytes: the window holds any one. */
#define ZIP_WINDOW ((size_t)256 << 10)

#define ZIP_FLAG_ENCRYPTED 0x0001u
#define ZIP_FLAG_STRONG 0x0040u

struct batch_zip {
    int fd;
    uint64_t cd_offset;       /* first record */
    uint64_t cd_end;
    uint64_t entries;         /* records the end record announces */
    uint64_t next;            /* offset of the next record */
    uint64_t seen;            /* records read so far */
    int plain;                /* the directory ends where its end record
                               * is: no prefix before the zip */
    unsigned char *win;       /* bytes of the directory from win_off */
    uint64_t win_off;
    size_t win_len;
    char name[65536];
    char label[BATCH_LABEL_MAX];
};

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

/* Finds the central directory through the end record (and its zip64
 * form). -1 when there is none where a plain zip has it. */
static int
find_directory(struct batch_zip *z, uint64_t file_size)
{
    size_t tail = file_size < ZIP_EOCD_SEARCH ? (size_t)file_size
                                              : ZIP_EOCD_SEARCH;
    unsigned char *buf, *e = NULL, z64[56];
    uint64_t end_at;
    size_t i;
    int ok = -1;

    if (tail < ZIP_EOCD_LEN)
        return -1;
    buf = batch_xmalloc(tail);
    if (batch_pread_all(z->fd, buf, tail, file_size - tail) != 0)
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
    end_at = file_size - tail + (uint64_t)(e - buf);
    z->entries = le16(e + 10);
    z->cd_end = le32(e + 12);
    z->cd_offset = le32(e + 16);
    if (z->entries == 0xffff || z->cd_end == 0xffffffff
        || z->cd_offset == 0xffffffff) {
        if (e - buf < 20 || memcmp(e - 20, "PK\006\007", 4) != 0)
            goto out;
        end_at = le64(e - 20 + 8);
        if (batch_pread_all(z->fd, z64, sizeof z64, end_at) != 0
            || memcmp(z64, "PK\006\006", 4) != 0)
            goto out;
        z->entries = le64(z64 + 32);
        z->cd_end = le64(z64 + 40);
        z->cd_offset = le64(z64 + 48);
    }
    if (z->cd_offset > UINT64_MAX - z->cd_end
        || z->cd_offset + z->cd_end > file_size)
        goto out;
    z->cd_end += z->cd_offset;    /* a size until here */
    /* offsets count from the start of the file: nothing before the zip
     * (a self-extracting one has its offsets shifted) */
    z->plain = z->cd_end == end_at;
    ok = 0;
out:
    free(buf);
    return ok;
}

struct batch_zip *
batch_zip_open(const char *path)
{
    struct batch_zip *z = batch_xmalloc(sizeof *z);
    struct stat st;

    memset(z, 0, sizeof *z);
    z->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (z->fd < 0 || fstat(z->fd, &st) != 0 || !S_ISREG(st.st_mode)
        || find_directory(z, (uint64_t)st.st_size) != 0) {
        batch_zip_close(z);
        return NULL;
    }
    z->next = z->cd_offset;
    return z;
}

void
batch_zip_close(struct batch_zip *z)
{
    if (!z)
        return;
    if (z->fd >= 0)
        close(z->fd);
    free(z->win);
    free(z);
}

int
batch_zip_fd(const struct batch_zip *z)
{
    return z->fd;
}

/* N bytes of the directory at OFF, through the window; NULL when they
 * are not inside the directory or cannot be read. */
static const unsigned char *
cd_bytes(struct batch_zip *z, uint64_t off, size_t n)
{
    if (off < z->cd_offset || off > z->cd_end || n > z->cd_end - off)
        return NULL;
    if (off < z->win_off || off + n > z->win_off + z->win_len) {
        uint64_t left = z->cd_end - off;

        if (!z->win)
            z->win = batch_xmalloc(ZIP_WINDOW);
        z->win_len = left < ZIP_WINDOW ? (size_t)left : ZIP_WINDOW;
        z->win_off = off;
        if (batch_pread_all(z->fd, z->win, z->win_len, off) != 0) {
            z->win_len = 0;
            return NULL;
        }
    }
    return z->win + (off - z->win_off);
}

/* The zip64 extra field's values for the fields that say 0xffffffff;
 * -1 when one is missing. */
static int
zip64_sizes(const unsigned char *extra, size_t len, struct batch_zip_entry *e,
            int need_usize, int need_csize, int need_local)
{
    while (len >= 4) {
        uint32_t id = le16(extra), n = le16(extra + 2);
        const unsigned char *p = extra + 4;

        if (n > len - 4)
            return -1;
        if (id == 0x0001) {
            size_t want = 8u * (size_t)(need_usize + need_csize + need_local);

            if (n < want)
                return -1;
            if (need_usize)
                e->usize = le64(p), p += 8;
            if (need_csize)
                e->csize = le64(p), p += 8;
            if (need_local)
                e->local = le64(p);
            return 0;
        }
        extra += 4 + n;
        len -= 4 + n;
    }
    return -1;
}

/* The file type the central directory gives (0: none): Unix modes, the
 * DOS directory bit. */
static uint32_t
entry_type(const unsigned char *h)
{
    uint32_t host = le16(h + 4) >> 8, ext = le32(h + 38);

    if (host == 3)
        return (ext >> 16) & S_IFMT;
    if (host == 0 && (ext & 0x10))
        return S_IFDIR;
    return 0;
}

/* Whether the streaming reader sees the type of record H: it sees only
 * names, so a symlink or a DOS directory bit on a name without '/' is a
 * disagreement. */
static int
entry_type_agrees(uint32_t type, const char *name, size_t n)
{
    return type == 0 || type == S_IFREG || type == S_IFIFO
        || (type == S_IFDIR && n > 0 && name[n - 1] == '/');
}

/* Decodes the record at OFF into E. */
static int
read_record(struct batch_zip *z, uint64_t off, struct batch_zip_entry *e)
{
    const unsigned char *h = cd_bytes(z, off, ZIP_CDH_LEN), *p;
    size_t n, extra, comment;
    uint32_t type;

    if (!h || memcmp(h, "PK\001\002", 4) != 0)
        return -1;
    n = le16(h + 28);
    extra = le16(h + 30);
    comment = le16(h + 32);
    if (!(p = cd_bytes(z, off, ZIP_CDH_LEN + n + extra + comment)))
        return -1;
    h = p;
    memset(e, 0, sizeof *e);
    e->record = off;
    e->next = off + ZIP_CDH_LEN + n + extra + comment;
    e->flags = le16(h + 8);
    e->method = le16(h + 10);
    e->crc = le32(h + 16);
    e->csize = le32(h + 20);
    e->usize = le32(h + 24);
    e->local = le32(h + 42);
    memcpy(z->name, h + ZIP_CDH_LEN, n);
    z->name[n] = '\0';
    e->name = z->name;
    e->zip64 = e->csize == 0xffffffff || e->usize == 0xffffffff
               || e->local == 0xffffffff;
    if (e->zip64
        && zip64_sizes(h + ZIP_CDH_LEN + n, extra, e,
                       e->usize == 0xffffffff, e->csize == 0xffffffff,
                       e->local == 0xffffffff) != 0)
        return -1;
    type = entry_type(h);
    e->name_ok = strlen(z->name) == n;    /* no NUL inside */
    e->type_agrees = entry_type_agrees(type, z->name, n) && e->name_ok;
    /* what the seekable reader and Python's zipfile take for a file */
    e->is_case = (type == 0 || type == S_IFREG) && n > 0
                 && z->name[n - 1] != '/'
                 && batch_has_suffix(z->name, ".xml");
    e->encrypted = (e->flags & (ZIP_FLAG_ENCRYPTED | ZIP_FLAG_STRONG)) != 0;
    /* as batch-archive.c names libarchive's members (the listing checks
     * that both agree) */
    e->label = batch_name_label(z->name, z->label, sizeof z->label);
    e->readable = !e->encrypted && (e->method == 0 || e->method == 8);
    return 0;
}

int
batch_zip_next(struct batch_zip *z, struct batch_zip_entry *e)
{
    if (z->seen == z->entries)
        return z->next == z->cd_end ? 0 : -1;
    if (read_record(z, z->next, e) != 0)
        return -1;
    z->next = e->next;
    z->seen++;
    return 1;
}

struct batch_zip_loc
batch_zip_loc_of(const struct batch_zip_entry *e)
{
    struct batch_zip_loc loc;

    memset(&loc, 0, sizeof loc);
    loc.local = e->local;
    loc.csize = e->csize;
    loc.usize = e->usize;
    loc.crc = e->crc;
    loc.method = (uint16_t)e->method;
    loc.encrypted = (uint16_t)e->encrypted;
    return loc;
}

/* Every record readable, names without NUL, every case member stored or
 * deflated (or encrypted: an error line without reading it). */
static int
lists_clean(struct batch_zip *z)
{
    struct batch_zip_entry e;
    int r;

    if (!z->plain)
        return 0;
    while ((r = batch_zip_next(z, &e)) == 1)
        if (!e.name_ok || (e.is_case && !e.encrypted && !e.readable))
            return 0;
    batch_zip_rewind(z);
    return r == 0;
}

int
batch_zip_list(const char *path,
               int (*add)(void *ctx, const char *name,
                          const struct batch_zip_loc *loc),
               void *ctx, char **err)
{
    struct batch_zip *z = batch_zip_open(path);
    struct batch_zip_entry e;

    *err = NULL;
    if (!z || !lists_clean(z)) {
        batch_zip_close(z);
        return 0;
    }
    if (z->entries == 0)
        *err = batch_xstrdup(BATCH_NO_ENTRIES);
    while (batch_zip_next(z, &e) == 1) {
        struct batch_zip_loc loc = batch_zip_loc_of(&e);

        if (e.is_case && add(ctx, e.label, &loc))
            break;
        /* a directory is no file skipped; a non-case named *.xml is a
         * link or another type */
        if (!e.is_case && !batch_has_suffix(e.name, "/"))
            batch_skipped_member(path, e.label,
                                 !batch_has_suffix(e.name, ".xml"));
    }
    batch_zip_close(z);
    return 1;
}

void
batch_zip_rewind(struct batch_zip *z)
{
    z->next = z->cd_offset;
    z->seen = 0;
}

/* ------------------------------------------------------------------ */
/* A worker's side: one member's bytes.                                 */

struct batch_inflater {
#ifdef CR_HAVE_LIBDEFLATE
    struct libdeflate_decompressor *d;
#else
    z_stream zs;
    int zs_ready;
#endif
    unsigned char *in;        /* compressed bytes, kept between members */
    size_t in_cap;
};

/* Buffers above this are not kept after a member (one large case). */
#define INFLATER_KEEP ((size_t)4 << 20)

struct batch_inflater *
batch_inflater_new(void)
{
    struct batch_inflater *inf = batch_xmalloc(sizeof *inf);

    memset(inf, 0, sizeof *inf);
#ifdef CR_HAVE_LIBDEFLATE
    if (!(inf->d = libdeflate_alloc_decompressor())) {
        cli_error("out of memory");
        exit(2);
    }
#endif
    return inf;
}

void
batch_inflater_free(struct batch_inflater *inf)
{
    if (!inf)
        return;
#ifdef CR_HAVE_LIBDEFLATE
    libdeflate_free_decompressor(inf->d);
#else
    if (inf->zs_ready)
        inflateEnd(&inf->zs);
#endif
    free(inf->in);
    free(inf);
}

static uint32_t
checksum(const void *p, size_t n)
{
#ifdef CR_HAVE_LIBDEFLATE
    return libdeflate_crc32(0, p, n);
#else
    uint32_t crc = (uint32_t)crc32(0L, Z_NULL, 0);
    const unsigned char *b = p;

    while (n > 0) {           /* zlib takes uInt lengths */
        uInt k = n > 0x40000000u ? 0x40000000u : (uInt)n;

        crc = (uint32_t)crc32(crc, b, k);
        b += k;
        n -= k;
    }
    return crc;
#endif
}

/* Inflates N bytes at IN into exactly OUT_LEN bytes at OUT; 0, 1 when
 * the data holds more than that, or -1 when it is not deflate data. */
static int
inflate_all(struct batch_inflater *inf, const unsigned char *in, size_t n,
            unsigned char *out, size_t out_len, size_t *got)
{
#ifdef CR_HAVE_LIBDEFLATE
    enum libdeflate_result r = libdeflate_deflate_decompress(
        inf->d, in, n, out, out_len, got);

    if (r == LIBDEFLATE_INSUFFICIENT_SPACE)
        return 1;
    return r == LIBDEFLATE_SUCCESS ? 0 : -1;
#else
    int r;

    if (!inf->zs_ready) {
        if (inflateInit2(&inf->zs, -15) != Z_OK) {
            cli_error("out of memory");
            exit(2);
        }
        inf->zs_ready = 1;
    } else {
        inflateReset(&inf->zs);
    }
    /* members are under --max-size (64M by default), far below uInt */
    if (n > 0xffffffffu || out_len >= 0xffffffffu)
        return -1;
    inf->zs.next_in = (unsigned char *)in;
    inf->zs.avail_in = (uInt)n;
    inf->zs.next_out = out;
    inf->zs.avail_out = (uInt)out_len + 1;   /* room to see a longer one */
    r = inflate(&inf->zs, Z_FINISH);
    *got = out_len + 1 - inf->zs.avail_out;
    if (r != Z_STREAM_END)
        return *got > out_len ? 1 : -1;
    return *got > out_len ? 1 : 0;
#endif
}

/* A damaged member's error line (batch_damaged_error), its detail made
 * from FMT. */
static char *
message(const char *fmt, unsigned long a, unsigned long b)
{
    char tmp[128];

    snprintf(tmp, sizeof tmp, fmt, a, b);
    return batch_damaged_error(tmp, 1);
}

/* The details are libarchive's for the same faults, so that a damaged
 * member reads the same whichever reader met it. */
#define TRUNCATED "Truncated ZIP file data"
#define BAD_DATA "ZIP decompression failed (-3)"
#define BAD_CRC "ZIP bad CRC: 0x%lx should be 0x%lx"

/* Up to N bytes of FD at OFF (fewer at the end of the file); -1 on an
 * error. */
static ssize_t
pread_upto(int fd, unsigned char *buf, size_t n, uint64_t off)
{
    size_t got = 0;

    while (got < n) {
        ssize_t r = pread(fd, buf + got, n - got, (off_t)(off + got));

        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* The compressed bytes of the member at LOC, in INF->in: read with its
 * local header in one pread when the header's name and extra field fit
 * LOCAL_ROOM (they are a few dozen bytes), else in two. NULL, or the
 * error message. */
#define LOCAL_ROOM 512

static char *
read_compressed(struct batch_inflater *inf, int fd,
                const struct batch_zip_loc *loc, const unsigned char **data)
{
    size_t want = ZIP_LFH_LEN + LOCAL_ROOM + (size_t)loc->csize, skip;
    ssize_t got;

    if (inf->in_cap < want || !inf->in) {
        free(inf->in);
        inf->in_cap = want > 65536 ? want : 65536;
        inf->in = batch_xmalloc(inf->in_cap);
    }
    if ((got = pread_upto(fd, inf->in, want, loc->local)) < ZIP_LFH_LEN)
        return batch_damaged_error(TRUNCATED, 1);
    /* the local header gives where the data starts (its extra field may
     * differ from the directory's) */
    if (memcmp(inf->in, "PK\003\004", 4) != 0)
        return batch_changed_error("archive changed while being read");
    skip = ZIP_LFH_LEN + le16(inf->in + 26) + le16(inf->in + 28);
    if (skip + loc->csize <= (size_t)got) {
        *data = inf->in + skip;
        return NULL;
    }
    if (skip <= ZIP_LFH_LEN + LOCAL_ROOM)     /* the file ends first */
        return batch_damaged_error(TRUNCATED, 1);
    if (batch_pread_all(fd, inf->in, (size_t)loc->csize, loc->local + skip)
        != 0)
        return batch_damaged_error(TRUNCATED, 1);
    *data = inf->in;
    return NULL;
}

char *
batch_zip_extract(struct batch_inflater *inf, int fd,
                  const struct batch_zip_loc *loc, char **buf, size_t *cap,
                  size_t *len)
{
    unsigned char l[ZIP_LFH_LEN];
    const unsigned char *in = NULL;
    size_t got = 0;
    char *err = NULL;
    uint32_t crc;

    if (*cap < loc->usize + 1 || !*buf) {
        free(*buf);
        *cap = loc->usize + 1 > 65536 ? (size_t)loc->usize + 1 : 65536;
        *buf = batch_xmalloc(*cap);
    }
    if (loc->method == 0) {
        if (loc->csize != loc->usize)
            return batch_damaged_error(TRUNCATED, 1);
        if (batch_pread_all(fd, l, sizeof l, loc->local) != 0)
            return batch_damaged_error(TRUNCATED, 1);
        if (memcmp(l, "PK\003\004", 4) != 0)
            return batch_changed_error("archive changed while being read");
        if (batch_pread_all(fd, *buf, (size_t)loc->usize,
                            loc->local + ZIP_LFH_LEN + le16(l + 26)
                            + le16(l + 28)) != 0)
            return batch_damaged_error(TRUNCATED, 1);
        got = (size_t)loc->usize;
    } else {
        int r;

        /* no deflate stream of usize bytes needs this much (stored
         * blocks add 5 bytes in 65535) */
        if (loc->csize > loc->usize + loc->usize / 8 + 65536)
            return batch_damaged_error(BAD_DATA, 1);
        if ((err = read_compressed(inf, fd, loc, &in)) != NULL)
            ;
        else if ((r = inflate_all(inf, in, (size_t)loc->csize,
                                  (unsigned char *)*buf, (size_t)loc->usize,
                                  &got)) < 0)
            err = batch_damaged_error(BAD_DATA, 1);
        else if (r > 0)
            err = batch_damaged_error("ZIP member longer than its stated size", 1);
        if (inf->in_cap > INFLATER_KEEP) {
            free(inf->in);
            inf->in = NULL;
            inf->in_cap = 0;
        }
        if (err)
            return err;
    }
    crc = checksum(*buf, got);
    if (crc != loc->crc)
        return message(BAD_CRC, crc, loc->crc);
    if (got != loc->usize)
        return message("ZIP member of %lu bytes, %lu stated", got,
                       (unsigned long)loc->usize);
    *len = got;
    return NULL;
}
