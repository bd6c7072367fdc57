/* batch-files.c — the files `casereview batch` writes, from the checks
 * made before any work (every path opens, no two outputs on one file:
 * else the run is refused with every file as it was) to the end of the
 * run: outputs renamed into place when the run is complete, left as
 * they were when it is not. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "batch.h"
#include "batch-files.h"
#include "batch-xlsx.h"

static void
say(const char *what, const char *path, int err)
{
    if (*what)
        cli_error("%s %s: %s", cli_msg(what), path, cli_errno_text(err));
    else
        cli_error("%s: %s", path, cli_errno_text(err));
}

/* Opens the results (-o) for writing without emptying them: the run
 * may still be refused, and then they must be as they were. */
static int
open_results(struct batch_files *f, const char *path)
{
    struct stat st;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

    if (fd >= 0) {
        f->out_created = 1;
        f->out_path_created = batch_xstrdup(path);
    } else if (errno == EEXIST
             && (fd = open(path, O_WRONLY | O_CLOEXEC)) < 0
             && errno == ENOENT)      /* a dangling symlink: its target */
        fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        say("output", path, errno);
        return -1;
    }
    f->out_fd = fd;
    if (fstat(fd, &st) == 0) {
        f->out_known = 1;
        f->out_dev = st.st_dev;
        f->out_ino = st.st_ino;
        f->out_regular = S_ISREG(st.st_mode);
        f->out_size = (uint64_t)st.st_size;
    }
    return 0;
}

/* PATH with its directory resolved: two spellings of one new file
 * compare equal. */
static char *
canonical(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX], *out;
    char *d = slash ? strndup(path, (size_t)(slash - path) + (slash == path))
                    : strdup(".");

    if (!d || !realpath(d, dir))
        snprintf(dir, sizeof dir, "%s", d ? d : ".");
    free(d);
    out = batch_xmalloc(strlen(dir) + strlen(path) + 2);
    sprintf(out, "%s/%s", dir, slash ? slash + 1 : path);
    return out;
}

struct identity {
    const char *opt, *path;
    int regular;              /* a regular file, existing (dev, ino) */
    dev_t dev;
    ino_t ino;
    char *name;               /* else, a regular file to come: its path */
};

static int
same(const struct identity *x, const struct identity *y)
{
    if (x->regular && y->regular)
        return x->dev == y->dev && x->ino == y->ino;
    return x->name && y->name && strcmp(x->name, y->name) == 0;
}

static void
whole_identity(struct identity *id, const char *opt,
               const struct batch_whole *w)
{
    memset(id, 0, sizeof *id);
    id->opt = opt;
    id->path = w->path;
    if (!w->path)
        return;
    id->regular = w->exists && w->tmp;
    id->dev = w->dev;
    id->ino = w->ino;
    if (w->tmp)
        id->name = canonical(w->final);
}

/* Two outputs on one regular file would write over each other. */
static int
distinct(struct batch_files *f, const char *out_path)
{
    struct identity ids[9];
    size_t i, k, n = 0;
    int ok = 1;

    memset(&ids[0], 0, sizeof ids[0]);
    ids[n].opt = "-o";
    ids[n].path = out_path;
    ids[n].regular = f->out_known && f->out_regular;
    ids[n].dev = f->out_dev;
    ids[n].ino = f->out_ino;
    ids[n++].name = f->out_regular ? canonical(out_path) : NULL;
    if (f->journal_path) {
        memset(&ids[n], 0, sizeof ids[n]);
        ids[n].opt = "-o";
        ids[n].path = f->journal_path;
        ids[n++].name = canonical(f->journal_path);
    }
    whole_identity(&ids[n++], "--csv", &f->csv);
    whole_identity(&ids[n++], "--summary", &f->summary);
    whole_identity(&ids[n++], "--report", &f->report);
    whole_identity(&ids[n++], "--review-form", &f->form);
    whole_identity(&ids[n++], "--xlsx", &f->xlsx);
    whole_identity(&ids[n++], "--archive-json", &f->archive_json);
    whole_identity(&ids[n++], "--archive-csv", &f->archive_csv);
    for (i = 0; i < n && ok; i++)
        for (k = i + 1; k < n && ok; k++)
            if (ids[i].path && ids[k].path && same(&ids[i], &ids[k])) {
                cli_error("%s %s and %s %s are the same file", ids[i].opt,
                          ids[i].path, ids[k].opt, ids[k].path);
                ok = 0;
            }
    for (i = 0; i < n; i++)
        free(ids[i].name);
    return ok ? 0 : -1;
}

/* An output on a file given to score would destroy it (-o a.xml a.xml). */
static int
not_an_input(struct batch_files *f, const struct batch_files_args *a)
{
    const struct batch_whole *w[] = {&f->csv, &f->summary, &f->report,
                                     &f->form, &f->xlsx, &f->archive_json,
                                     &f->archive_csv};
    const char *opt[] = {"--csv", "--summary", "--report", "--review-form",
                         "--xlsx", "--archive-json", "--archive-csv"};
    struct stat st;
    size_t i, k;

    for (i = 0; i < a->npaths; i++) {
        if (stat(a->paths[i], &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (f->out_known && f->out_regular && f->out_dev == st.st_dev
            && f->out_ino == st.st_ino) {
            cli_error("%s %s is the input %s: it would be written over",
                      "-o", a->output ? a->output : "-", a->paths[i]);
            return -1;
        }
        for (k = 0; k < sizeof w / sizeof w[0]; k++)
            if (w[k]->path && w[k]->exists && w[k]->dev == st.st_dev
                && w[k]->ino == st.st_ino) {
                cli_error("%s %s is the input %s: it would be written over",
                          opt[k], w[k]->path, a->paths[i]);
                return -1;
            }
    }
    return 0;
}

static int
open_whole(struct batch_whole *w, const char *path, const char *what)
{
    if (!path) {
        memset(w, 0, sizeof *w);
        w->fd = -1;
        return 0;
    }
    if (batch_whole_open(w, path) != 0) {
        say(what, path, errno);
        return -1;
    }
    return 0;
}

/* --resume: the cases the interrupted run wrote, from its journal. */
static int
open_resume(struct batch_files *f, const struct batch_files_args *a)
{
    char *err = NULL;
    int jfd;

    if (!f->out_regular) {
        cli_error("--resume needs -o RESULTS, a regular file");
        return -1;
    }
    jfd = open(f->journal_path, O_RDWR | O_CLOEXEC);
    if (jfd < 0 && errno == ENOENT && f->out_size == 0)
        return 0;             /* nothing done yet: a run from the start */
    if (jfd < 0) {
        cli_error("--resume: %s: %s (%s has no record of an interrupted "
                  "run: the run finished, or was made without -o)",
                  f->journal_path, cli_errno_text(errno), a->output);
        return -1;
    }
    if (batch_resume_empty(jfd)) {
        close(jfd);           /* killed before it recorded anything */
        return 0;
    }
    if (batch_resume_open(&f->resume, jfd, f->out_fd, a->fingerprint,
                          &err) != 0) {
        cli_error("--resume: %s: %s", f->journal_path, err);
        free(err);
        close(jfd);
        return -1;
    }
    f->journal_fd = jfd;
    f->resuming = 1;
    return 0;
}

/* Empties what a run from the start replaces, or positions both files
 * after the cases done; writes the first records. */
static int
start(struct batch_files *f, const struct batch_files_args *a)
{
    uint64_t at = 0;

    if (f->resuming) {
        at = f->resume.results_end;
    } else if (f->out_regular && !f->out_created
               && ftruncate(f->out_fd, 0) != 0) {
        say("", a->output, errno);
        return -1;
    }
    if (f->out_regular && lseek(f->out_fd, (off_t)at, SEEK_SET) < 0) {
        say("", a->output, errno);
        return -1;
    }
    f->out = batch_out_new(f->out_fd, a->output ? a->output
                                                : cli_msg("standard output"),
                           at);
    if (f->journal_path && !f->resuming) {
        f->journal_fd = open(f->journal_path, O_RDWR | O_CREAT | O_TRUNC
                                              | O_CLOEXEC, 0666);
        if (f->journal_fd < 0) {
            say("", f->journal_path, errno);
            return -1;
        }
        f->journal_created = 1;
    }
    if (f->journal_fd >= 0) {
        uint64_t jat = f->resuming ? f->resume.journal_end : 0;

        if (lseek(f->journal_fd, (off_t)jat, SEEK_SET) < 0) {
            say("", f->journal_path, errno);
            return -1;
        }
        f->journal = batch_out_new(f->journal_fd, f->journal_path, jat);
        if (!f->resuming
            && (batch_journal_start(f->journal, a->fingerprint) != 0
                || batch_out_flush(f->journal) != 0)) {
            say("writing", f->journal_path, batch_out_error(f->journal));
            return -1;
        }
    }
    if (f->csv.path) {
        const char *h = a->scheme ? batch_csv_header_scheme(a->csv_en)
                                  : batch_csv_header(a->csv_en);

        f->csv_out = batch_out_new(f->csv.fd, f->csv.path, 0);
        batch_out_add(f->csv_out, h, strlen(h));
    }
    if (f->form.path) {
        const char *h = batch_form_header();

        f->form_out = batch_out_new(f->form.fd, f->form.path, 0);
        batch_out_add(f->form_out, h, strlen(h));
    }
    return 0;
}

int
batch_files_open(struct batch_files *f, const struct batch_files_args *a)
{
    memset(f, 0, sizeof *f);
    f->out_fd = f->journal_fd = -1;
    f->csv.fd = f->summary.fd = f->report.fd = f->form.fd = -1;
    f->xlsx.fd = f->archive_json.fd = f->archive_csv.fd = -1;
    if (!a->output || strcmp(a->output, "-") == 0) {
        struct stat st;

        f->out_fd = STDOUT_FILENO;
        f->out_stdout = 1;
        if (fstat(STDOUT_FILENO, &st) == 0) {
            f->out_known = 1;
            f->out_dev = st.st_dev;
            f->out_ino = st.st_ino;
            f->out_regular = S_ISREG(st.st_mode);
        }
    } else if (open_results(f, a->output) != 0) {
        return -1;
    }
    /* the journal goes with results that are a file of their own */
    if (!f->out_stdout && f->out_regular)
        f->journal_path = batch_resume_path(a->output);
    if (open_whole(&f->csv, a->csv, "CSV") != 0
        || open_whole(&f->summary, a->summary, "summary") != 0
        || open_whole(&f->report, a->report, "report") != 0
        || open_whole(&f->form, a->form, "review form") != 0
        || open_whole(&f->xlsx, a->xlsx, "workbook") != 0
        || open_whole(&f->archive_json, a->archive_json,
                      "archive findings") != 0
        || open_whole(&f->archive_csv, a->archive_csv,
                      "archive findings CSV") != 0
        || distinct(f, a->output ? a->output : "-") != 0
        || not_an_input(f, a) != 0)
        return -1;
    if (a->resume && open_resume(f, a) != 0)
        return -1;
    f->scratch_near = f->out_stdout ? NULL : a->output;
    if ((a->report && (!(f->listed = batch_scratch_file(f->scratch_near))
                       || !(f->case_rows = batch_scratch_file(f->scratch_near))
                       || !(f->case_deds = batch_scratch_file(f->scratch_near))))
        || (a->xlsx
            && !(f->xlsx_rows = batch_scratch_file(f->scratch_near)))) {
        say("temporary file in", getenv("TMPDIR") ? getenv("TMPDIR")
                                                  : cli_msg("the results' folder"),
            errno);
        return -1;
    }
    return start(f, a);
}

/* Writes all of B to W's file; 0, or -1 with errno. */
static int
write_whole(struct batch_whole *w, const struct batch_buf *b)
{
    size_t done = 0;

    while (done < b->len) {
        ssize_t r = write(w->fd, b->data + done, b->len - done);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = EIO;
            return -1;
        }
        done += (size_t)r;
    }
    return 0;
}

static int
finish_summary(struct batch_files *f, struct batch_summary *s)
{
    struct batch_buf b = {0};
    int r;

    batch_summary_json(s, &b);
    r = write_whole(&f->summary, &b);
    batch_buf_free(&b);
    if (r == 0)
        r = batch_whole_commit(&f->summary);
    if (r != 0)
        say("writing", f->summary.path, errno);
    return r;
}

/* A stream on W's file (closed by the caller, W's descriptor kept), or
 * NULL with *ERR set. */
static FILE *
whole_stream(struct batch_whole *w, int *err)
{
    int fd = dup(w->fd);
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;

    if (!out) {
        *err = errno;
        if (fd >= 0)
            close(fd);
    }
    return out;
}

/* W written (ERR 0) is renamed into place; 0, or -1 after a message. */
static int
whole_done(struct batch_whole *w, int err)
{
    if (!err && batch_whole_commit(w) != 0)
        err = errno;
    if (err)
        say("writing", w->path, err);
    return err ? -1 : 0;
}

static int
finish_report(struct batch_files *f, struct batch_summary *s,
              const struct batch_run_result *r)
{
    int err = 0;
    FILE *out = whole_stream(&f->report, &err);

    if (out) {
        struct batch_report_in in = {
            f->listed, r->listed_shown, r->listed_total, f->case_rows,
            f->case_deds, r->cases_shown, r->cases_total};

        fflush(f->listed);
        rewind(f->listed);
        fflush(f->case_rows);
        rewind(f->case_rows);
        fflush(f->case_deds);
        rewind(f->case_deds);
        if (batch_report_write(out, s, &in) != 0 || ferror(f->listed)
            || ferror(f->case_rows) || ferror(f->case_deds))
            err = errno ? errno : EIO;
        if (fflush(out) != 0 && !err)
            err = errno;
        if (ferror(out) && !err)
            err = EIO;
        fclose(out);
    }
    return whole_done(&f->report, err);
}

/* The workbook: libxlsxwriter writes a file by name, so it goes to a
 * scratch file first, then is copied into the whole file. */
static int
finish_xlsx(struct batch_files *f, struct batch_summary *s)
{
    const char *dir = getenv("TMPDIR");
    struct batch_buf name = {0}, b = {0};
    char *err = NULL, buf[65536];
    int fd, r = -1;
    ssize_t n;

    batch_buf_printf(&name, "%s/casereview-xlsx-XXXXXX",
                     dir && *dir ? dir : "/tmp");
    fd = mkstemp(name.data);
    if (fd < 0) {
        say("writing", f->xlsx.path, errno);
        batch_buf_free(&name);
        return -1;
    }
    fflush(f->xlsx_rows);
    rewind(f->xlsx_rows);
    if (batch_xlsx_write(name.data, f->xlsx_rows, s, &err) != 0) {
        cli_error("writing %s: %s", f->xlsx.path, err);
        free(err);
        errno = 0;
    } else {
        r = 0;
        lseek(fd, 0, SEEK_SET);
        while (r == 0 && (n = read(fd, buf, sizeof buf)) != 0) {
            if (n < 0 && errno == EINTR)
                continue;
            b.data = buf;
            b.len = n > 0 ? (size_t)n : 0;
            if (n < 0 || write_whole(&f->xlsx, &b) != 0)
                r = -1;
        }
        if (r == 0)
            r = batch_whole_commit(&f->xlsx);
        if (r != 0)
            say("writing", f->xlsx.path, errno);
    }
    close(fd);
    unlink(name.data);
    batch_buf_free(&name);
    return r;
}

/* --archive-json (CSV 0) or --archive-csv. */
static int
finish_rules(struct batch_whole *w, struct batch_summary *s, int csv)
{
    int err = 0;
    FILE *out = whole_stream(w, &err);

    if (out) {
        err = batch_rules_write(s, out, csv);
        if (fflush(out) != 0 && !err)
            err = errno;
        fclose(out);
    }
    return whole_done(w, err);
}

/* A whole file written as a stream (the CSV, the review form). */
static int
finish_stream(struct batch_out *o, struct batch_whole *w)
{
    if (batch_out_flush(o) == 0 && batch_whole_commit(w) == 0)
        return 0;
    say("writing", w->path, batch_out_error(o) ? batch_out_error(o) : errno);
    return -1;
}

int
batch_files_finish(struct batch_files *f, struct batch_summary *s,
                   const struct batch_run_result *r)
{
    int bad = 0;

    if (f->csv_out && finish_stream(f->csv_out, &f->csv) != 0)
        bad = 1;
    if (f->form_out && finish_stream(f->form_out, &f->form) != 0)
        bad = 1;
    if (f->summary.path && finish_summary(f, s) != 0)
        bad = 1;
    if (f->report.path && finish_report(f, s, r) != 0)
        bad = 1;
    if (f->xlsx.path && finish_xlsx(f, s) != 0)
        bad = 1;
    if (f->archive_json.path && finish_rules(&f->archive_json, s, 0) != 0)
        bad = 1;
    if (f->archive_csv.path && finish_rules(&f->archive_csv, s, 1) != 0)
        bad = 1;
    /* complete: nothing left to resume */
    if (!bad && f->journal_path) {
        unlink(f->journal_path);
        f->journal_created = 0;
    }
    return bad ? -1 : 0;
}

void
batch_files_close(struct batch_files *f, int refused)
{
    if (f->out)
        batch_out_flush(f->out);
    if (f->journal)
        batch_out_flush(f->journal);
    batch_out_free(f->out);
    batch_out_free(f->journal);
    batch_out_free(f->csv_out);
    batch_out_free(f->form_out);
    f->out = f->journal = f->csv_out = f->form_out = NULL;
    if (f->out_fd >= 0 && !f->out_stdout)
        close(f->out_fd);
    if (f->journal_fd >= 0)
        close(f->journal_fd);
    f->out_fd = f->journal_fd = -1;
    /* a refused run leaves no file it created */
    if (refused && f->out_created)
        unlink(f->out_path_created);
    if (refused && f->journal_created)
        unlink(f->journal_path);
    batch_whole_free(&f->csv);
    batch_whole_free(&f->summary);
    batch_whole_free(&f->report);
    batch_whole_free(&f->form);
    batch_whole_free(&f->xlsx);
    batch_whole_free(&f->archive_json);
    batch_whole_free(&f->archive_csv);
    if (f->xlsx_rows)
        fclose(f->xlsx_rows);
    f->xlsx_rows = NULL;
    if (f->listed)
        fclose(f->listed);
    if (f->case_rows)
        fclose(f->case_rows);
    if (f->case_deds)
        fclose(f->case_deds);
    f->listed = f->case_rows = f->case_deds = NULL;
    free(f->journal_path);
    free(f->out_path_created);
    f->journal_path = f->out_path_created = NULL;
}
