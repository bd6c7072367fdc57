/* batch-resume.c — the journal that lets `batch --resume` continue an
 * interrupted run. Beside RESULTS.jsonl, RESULTS.jsonl.resume holds one
 * record per result line written: where the line ends in the results,
 * the size of the case it scored, and what the summary, CSV and report
 * need of it (the packed record without its JSON, which is in the
 * results already). A resumed run checks each case already done against
 * its record (same source, same size) instead of scoring it, and builds
 * the summary, CSV and report of the whole run from both.
 *
 * The journal is written after the line it describes, with whole
 * records; after a crash the cases done are those whose line and
 * record are both whole, and both files are cut back to them. The
 * journal is removed when a run ends complete. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "batch.h"

#define MAGIC "casereview-resume/1\n"
#define MAGIC_LEN 20
#define RECORD_MAGIC 0x314A5243u      /* "CRJ1" */
#define RECORD_HEAD 24                /* magic, results end, size, length */
/* The most a record's blob may claim: a record is far smaller. */
#define RECORD_MAX ((uint32_t)1 << 30)

char *
batch_resume_path(const char *results)
{
    char *p = batch_xmalloc(strlen(results) + 8);

    strcpy(p, results);
    strcat(p, ".resume");
    return p;
}

static void
put32(unsigned char *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static void
put64(unsigned char *p, uint64_t v)
{
    memcpy(p, &v, 8);
}

static uint32_t
get32(const unsigned char *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

static uint64_t
get64(const unsigned char *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return v;
}

void
batch_file_digest(const char *path, char out[BATCH_DIGEST_LEN])
{
    FILE *f = fopen(path, "rb");
    uint64_t h = 0xcbf29ce484222325u, n = 0;
    unsigned char buf[65536];
    size_t got, i;

    if (!f) {
        snprintf(out, BATCH_DIGEST_LEN, "unreadable");
        return;
    }
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
        for (i = 0; i < got; i++)
            h = (h ^ buf[i]) * 0x100000001b3u;
        n += got;
    }
    if (ferror(f))
        snprintf(out, BATCH_DIGEST_LEN, "unreadable");
    else
        snprintf(out, BATCH_DIGEST_LEN, "%016llx %llu", (unsigned long long)h,
                 (unsigned long long)n);
    fclose(f);
}

/* Whether LINE (LEN bytes) is one of the lines of TEXT (N bytes). */
static int
has_line(const char *text, size_t n, const char *line, size_t len)
{
    const char *end = text + n, *e;

    for (;; text = e + 1) {
        e = memchr(text, '\n', (size_t)(end - text));
        if ((size_t)((e ? e : end) - text) == len
            && memcmp(text, line, len) == 0)
            return 1;
        if (!e)
            return 0;
    }
}

/* Adds to OUT, once each, the option (first word) of every line of A
 * that B lacks. */
static void
add_missing(struct batch_buf *out, const char *a, size_t an, const char *b,
            size_t bn)
{
    const char *end = a + an, *e;

    for (;; a = e + 1) {
        size_t len, word;

        e = memchr(a, '\n', (size_t)(end - a));
        len = (size_t)((e ? e : end) - a);
        for (word = 0; word < len && a[word] != ' '; word++)
            ;
        if (!has_line(b, bn, a, len)
            && !has_line(out->data ? out->data : "", out->len, a, word))
            batch_buf_printf(out, "%s%.*s", out->len ? "\n" : "", (int)word,
                             a);
        if (!e)
            return;
    }
}

/* What differs between the fingerprint OLD (N bytes) and NOW, said for
 * the user. */
static char *
difference(const char *old, size_t n, const char *now)
{
    struct batch_buf names = {0}, msg = {0}, list = {0};
    const char *p;

    add_missing(&names, old, n, now, strlen(now));
    add_missing(&names, now, strlen(now), old, n);
    if (has_line(names.data ? names.data : "", names.len, "records", 7)) {
        /* the records themselves are of another form */
        batch_buf_free(&names);
        return batch_xstrdup(cli_msg("the journal was written by another "
                                     "version of casereview; run without "
                                     "--resume to start again"));
    }
    if (!names.len)               /* the same lines in another order */
        batch_buf_puts(&names, "--param");
    /* the option names, the checklist line said in words */
    for (p = names.data;; p++) {
        size_t len = strcspn(p, "\n");

        if (len == 9 && memcmp(p, "checklist", 9) == 0)
            batch_buf_puts(&list, cli_msg("checklist"));
        else
            batch_buf_add(&list, p, len);
        p += len;
        if (!*p)
            break;
        batch_buf_puts(&list, cli_msg(", "));
    }
    if (strchr(names.data, '\n'))
        batch_buf_printf(&msg, cli_msg("%s differ from the interrupted run's; "
                                       "give the same, or run without "
                                       "--resume to start again"), list.data);
    else
        batch_buf_printf(&msg, cli_msg("%s differs from the interrupted "
                                       "run's; give the same, or run without "
                                       "--resume to start again"), list.data);
    batch_buf_free(&names);
    batch_buf_free(&list);
    return msg.data;
}

int
batch_journal_start(struct batch_out *j, const char *fingerprint)
{
    size_t n = strlen(fingerprint);
    unsigned char *h = batch_xmalloc(MAGIC_LEN + 4 + n);
    int r;

    memcpy(h, MAGIC, MAGIC_LEN);
    put32(h + MAGIC_LEN, (uint32_t)n);
    memcpy(h + MAGIC_LEN + 4, fingerprint, n);
    r = batch_out_add(j, h, MAGIC_LEN + 4 + n);
    free(h);
    return r;
}

int
batch_journal_add(struct batch_out *j, uint64_t results_end, uint64_t size,
                  const char *blob, size_t len)
{
    size_t stripped_len;
    char *stripped = batch_record_without_json(blob, len, &stripped_len);
    unsigned char *rec = batch_xmalloc(RECORD_HEAD + stripped_len);
    int r;

    put32(rec, RECORD_MAGIC);
    put64(rec + 4, results_end);
    put64(rec + 12, size);
    put32(rec + 20, (uint32_t)stripped_len);
    memcpy(rec + RECORD_HEAD, stripped, stripped_len);
    r = batch_out_add(j, rec, RECORD_HEAD + stripped_len);
    free(rec);
    free(stripped);
    return r;
}

/* Reads the record head at OFF; 0, or -1 when there is no whole one. */
static int
record_head(int fd, uint64_t off, uint64_t file_size, uint64_t *results_end,
            uint64_t *size, uint32_t *len)
{
    unsigned char h[RECORD_HEAD];

    if (file_size - off < RECORD_HEAD || batch_pread_all(fd, h, sizeof h, off) != 0
        || get32(h) != RECORD_MAGIC)
        return -1;
    *results_end = get64(h + 4);
    *size = get64(h + 12);
    *len = get32(h + 20);
    if (*len > RECORD_MAX || file_size - off - RECORD_HEAD < *len)
        return -1;
    return 0;
}

int
batch_resume_empty(int jfd)
{
    unsigned char head[MAGIC_LEN + 4];
    struct stat st;

    if (fstat(jfd, &st) != 0 || (uint64_t)st.st_size < sizeof head
        || batch_pread_all(jfd, head, sizeof head, 0) != 0)
        return 1;
    return memcmp(head, MAGIC, MAGIC_LEN) == 0
        && (uint64_t)st.st_size < sizeof head + get32(head + MAGIC_LEN);
}

int
batch_resume_open(struct batch_resume *rs, int jfd, int results_fd,
                  const char *fingerprint, char **err)
{
    struct stat js, rst;
    unsigned char head[MAGIC_LEN + 4];
    uint64_t off, results_end = 0, size;
    uint32_t n, len;
    char *fp;

    memset(rs, 0, sizeof *rs);
    rs->rfd = jfd;
    *err = NULL;
    if (fstat(jfd, &js) != 0 || fstat(results_fd, &rst) != 0
        || batch_pread_all(jfd, head, sizeof head, 0) != 0
        || memcmp(head, MAGIC, MAGIC_LEN) != 0
        || (n = get32(head + MAGIC_LEN)) > 65536) {
        *err = batch_xstrdup(cli_msg("not a journal of casereview batch"));
        return -1;
    }
    fp = batch_xmalloc(n + 1);
    if (batch_pread_all(jfd, fp, n, MAGIC_LEN + 4) != 0) {
        free(fp);
        *err = batch_xstrdup(cli_msg("not a journal of casereview batch"));
        return -1;
    }
    if (strlen(fingerprint) != n || memcmp(fp, fingerprint, n) != 0) {
        *err = difference(fp, n, fingerprint);
        free(fp);
        return -1;
    }
    free(fp);
    off = MAGIC_LEN + 4 + n;
    rs->first = off;
    /* the cases whose line and record are both whole */
    while (record_head(jfd, off, (uint64_t)js.st_size, &rs->results_end,
                       &size, &len) == 0
           && rs->results_end <= (uint64_t)rst.st_size
           && rs->results_end >= results_end) {
        results_end = rs->results_end;
        off += RECORD_HEAD + len;
        rs->count++;
    }
    rs->results_end = results_end;
    rs->journal_end = off;
    if (ftruncate(results_fd, (off_t)results_end) != 0
        || ftruncate(jfd, (off_t)off) != 0) {
        *err = batch_xstrdup(cli_errno_text(errno));
        return -1;
    }
    rs->roff = rs->first;
    return 0;
}

int
batch_resume_next(struct batch_resume *rs, uint64_t *size, char **blob,
                  size_t *len)
{
    uint64_t results_end;
    uint32_t n;

    if (rs->roff >= rs->journal_end
        || record_head(rs->rfd, rs->roff, rs->journal_end, &results_end, size,
                       &n) != 0)
        return -1;
    *blob = batch_xmalloc(n ? n : 1);
    if (batch_pread_all(rs->rfd, *blob, n, rs->roff + RECORD_HEAD) != 0) {
        free(*blob);
        *blob = NULL;
        return -1;
    }
    *len = n;
    rs->roff += RECORD_HEAD + n;
    return 0;
}
