/* batch-output.c — how batch writes files so that a crash, a signal or a
 * full disk leaves them usable:
 *
 * - streamed outputs (the JSON Lines, the resume journal) take whole
 *   records, written with write() calls that end on a record boundary;
 *   a failed write is cut back to the last whole record;
 * - whole-file outputs (summary, report, CSV) go to a temporary file
 *   beside the target, renamed over it once complete: the previous one
 *   stays whole until then;
 * - scratch files (spilled records, report rows) go to TMPDIR, or beside
 *   the results when TMPDIR is not set. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"

/* Records are gathered up to this size before a write(). */
#define OUT_BUFFER ((size_t)256 << 10)

struct batch_out {
    int fd;
    char *path;               /* for messages */
    char *buf;
    size_t len;
    uint64_t done;            /* bytes written, all whole records */
    int regular;              /* can be cut back after a failed write */
    int err;                  /* errno of the first failure */
};

struct batch_out *
batch_out_new(int fd, const char *path, uint64_t at)
{
    struct batch_out *o = batch_xmalloc(sizeof *o);
    struct stat st;

    memset(o, 0, sizeof *o);
    o->fd = fd;
    o->path = batch_xstrdup(path);
    o->done = at;
    o->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    return o;
}

static int
write_all(struct batch_out *o, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t r = write(o->fd, p, n);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            o->err = r < 0 ? errno : EIO;
            /* no half record left behind: back to the last whole one */
            if (o->regular && ftruncate(o->fd, (off_t)o->done) == 0)
                lseek(o->fd, (off_t)o->done, SEEK_SET);
            return -1;
        }
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

int
batch_out_flush(struct batch_out *o)
{
    if (o->err)
        return -1;
    if (o->len && write_all(o, o->buf, o->len) != 0)
        return -1;
    o->done += o->len;
    o->len = 0;
    return 0;
}

int
batch_out_add(struct batch_out *o, const void *p, size_t n)
{
    if (o->err)
        return -1;
    if (o->len + n > OUT_BUFFER && batch_out_flush(o) != 0)
        return -1;
    if (n > OUT_BUFFER) {     /* a record larger than the buffer: alone */
        if (write_all(o, p, n) != 0)
            return -1;
        o->done += n;
        return 0;
    }
    if (!o->buf)
        o->buf = batch_xmalloc(OUT_BUFFER);
    memcpy(o->buf + o->len, p, n);
    o->len += n;
    return 0;
}

uint64_t
batch_out_offset(const struct batch_out *o)
{
    return o->done + o->len;
}

int
batch_out_error(const struct batch_out *o)
{
    return o->err;
}

const char *
batch_out_path(const struct batch_out *o)
{
    return o->path;
}

void
batch_out_free(struct batch_out *o)
{
    if (!o)
        return;
    free(o->buf);
    free(o->path);
    free(o);
}

/* ------------------------------------------------------------------ */
/* Whole files: a temporary file beside the target, then a rename.      */

/* DIR/NAME of PATH; *NAME points into the copy. */
static char *
split_path(const char *path, const char **name)
{
    char *dir = batch_xstrdup(path), *slash = strrchr(dir, '/');

    if (!slash) {
        *name = path;
        free(dir);
        return batch_xstrdup(".");
    }
    *name = path + (slash - dir) + 1;
    if (slash == dir)
        slash[1] = '\0';
    else
        *slash = '\0';
    return dir;
}

/* Where a rename must go to replace PATH: PATH itself, or the file its
 * symlinks lead to (the links stay links). */
static char *
final_path(const char *path)
{
    char link[PATH_MAX], *dir, *out;
    const char *name;
    ssize_t n;
    int hops;
    char *cur = batch_xstrdup(path);
    struct stat target;

    /* a pipe or a device is written in place: /dev/stdout on a pipe
     * leads to "pipe:[N]", which is no path to resolve */
    if (stat(path, &target) == 0 && !S_ISREG(target.st_mode))
        return cur;
    for (hops = 0; hops < 16; hops++) {
        struct stat st;

        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        n = readlink(cur, link, sizeof link - 1);
        if (n < 0)
            return cur;
        link[n] = '\0';
        if (link[0] == '/') {
            out = batch_xstrdup(link);
        } else {
            dir = split_path(cur, &name);
            out = batch_xmalloc(strlen(dir) + strlen(link) + 2);
            sprintf(out, "%s/%s", dir, link);
            free(dir);
        }
        free(cur);
        cur = out;
    }
    return cur;
}

int
batch_whole_open(struct batch_whole *w, const char *path)
{
    struct stat st;
    const char *name;
    char *dir;
    mode_t mask;

    memset(w, 0, sizeof *w);
    w->fd = -1;
    w->path = batch_xstrdup(path);
    w->final = final_path(path);
    if (stat(w->final, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or a pipe: written in place, nothing to rename */
        w->fd = open(w->final, O_WRONLY | O_CLOEXEC);
        if (w->fd < 0)
            return -1;
        w->exists = 1;
        w->dev = st.st_dev;
        w->ino = st.st_ino;
        return 0;
    }
    if (stat(w->final, &st) == 0) {
        w->exists = 1;
        w->dev = st.st_dev;
        w->ino = st.st_ino;
        w->mode = st.st_mode & 07777;
    } else {
        mask = umask(0);
        umask(mask);
        w->mode = 0666 & ~mask;
    }
    dir = split_path(w->final, &name);
    w->tmp = batch_xmalloc(strlen(dir) + strlen(name) + 16);
    sprintf(w->tmp, "%s/.%s.XXXXXX", dir, name);
    /* A file without a name until it is complete, where the file system
     * has them: a process killed meanwhile leaves nothing behind. */
    w->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, w->mode);
    free(dir);
    if (w->fd >= 0) {
        w->anon = 1;
        return 0;
    }
    w->fd = mkostemp(w->tmp, O_CLOEXEC);
    if (w->fd < 0) {
        free(w->tmp);
        w->tmp = NULL;
        return -1;
    }
    if (fchmod(w->fd, w->mode) != 0) {
        /* not fatal: the file is ours, the mode only a courtesy */
    }
    return 0;
}

/* Gives W's nameless file the name W->tmp (a fresh one). */
static int
name_anon(struct batch_whole *w)
{
    char proc[64];
    size_t n = strlen(w->tmp);
    int tries;

    snprintf(proc, sizeof proc, "/proc/self/fd/%d", w->fd);
    srand((unsigned)getpid() ^ (unsigned)time(NULL));
    for (tries = 0; tries < 100; tries++) {
        int k;

        for (k = 1; k <= 6; k++)
            w->tmp[n - k] = "abcdefghijklmnopqrstuvwxyz0123456789"
                [(unsigned)rand() % 36];
        if (linkat(AT_FDCWD, proc, AT_FDCWD, w->tmp, AT_SYMLINK_FOLLOW) == 0)
            return 0;
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

int
batch_whole_commit(struct batch_whole *w)
{
    int err = 0;

    if (w->fd < 0)
        return 0;
    if (w->tmp && fsync(w->fd) != 0)
        err = errno;
    if (w->anon && !err && name_anon(w) != 0)
        err = errno;
    w->anon = 0;
    if (close(w->fd) != 0 && !err)
        err = errno;
    w->fd = -1;
    if (w->tmp && !err && rename(w->tmp, w->final) != 0)
        err = errno;
    if (err && w->tmp)
        unlink(w->tmp);
    free(w->tmp);
    w->tmp = NULL;
    errno = err;
    return err ? -1 : 0;
}

void
batch_whole_abandon(struct batch_whole *w)
{
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
    if (w->tmp && !w->anon)
        unlink(w->tmp);
    w->anon = 0;
    free(w->tmp);
    w->tmp = NULL;
}

void
batch_whole_free(struct batch_whole *w)
{
    batch_whole_abandon(w);
    free(w->path);
    free(w->final);
    w->path = w->final = NULL;
}

/* ------------------------------------------------------------------ */
/* Scratch files.                                                       */

FILE *
batch_scratch_file(const char *near)
{
    const char *tmpdir = getenv("TMPDIR");
    const char *name;
    char *dir, *path;
    FILE *f = NULL;
    int fd;

    if (tmpdir && *tmpdir)
        dir = batch_xstrdup(tmpdir);
    else if (near)
        dir = split_path(near, &name);
    else
        dir = batch_xstrdup("/tmp");
    path = batch_xmalloc(strlen(dir) + 32);
    sprintf(path, "%s/.casereview-XXXXXX", dir);
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0) {
        unlink(path);         /* gone with the process, whatever ends it */
        if (!(f = fdopen(fd, "w+b")))
            close(fd);
    }
    free(path);
    free(dir);
    return f;
}
