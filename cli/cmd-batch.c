/* cmd-batch.c — casereview batch: scores a whole export (files,
 * directories, archives) with a pool of threads sharing one compiled
 * checklist, and writes JSON Lines in sorted order, optionally a CSV, a
 * summary (JSON and a few lines on stderr) and a self-contained HTML
 * report. The pieces live in batch-*.c; this file parses the command
 * line and wires them together. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli.h"
#include "batch.h"

#define DEFAULT_MAX_MEMBER ((size_t)64 << 20)
#define DEFAULT_MAX_ARCHIVE ((uint64_t)16 << 30)
#define MAX_JOBS 1024
#define EXIT_INTERRUPTED 130

struct batch_args {
    const char *checklist;
    int jobs;
    const char *output;
    const char *csv;
    const char *summary;
    const char *report;
    const char *verdicts;     /* --verdicts: reviewers' verdicts */
    const char *form;         /* --review-form: pending items to fill in */
    int quiet;
    struct batch_limits limits;
    char **paths;
    size_t npaths;
    const char *transform;    /* --transform MAPPING.xsl */
    struct cr_transform *tf;
    const char *archive_json; /* --archive-json: archive rules' findings */
    const char *archive_csv;  /* --archive-csv */
};

/* The files the command writes, opened before any work so that a bad
 * path is a usage error, not a lost run. */
/* What an output path turned out to be when opened. */
struct out_id {
    dev_t dev;
    ino_t ino;
    int known;                /* fstat worked */
    int regular;              /* a regular file (truncated, maybe removed) */
    int created;              /* this run created it */
};

struct batch_files {
    FILE *out;
    FILE *csv;
    FILE *summary;
    FILE *report;
    FILE *form;
    FILE *listed;             /* report rows, unlinked temporary file */
    int summary_errno;        /* a failed write of the summary */
    struct out_id out_id, csv_id, summary_id, report_id, form_id;
    FILE *archive_json, *archive_csv;
    int archive_json_errno, archive_csv_errno;
    struct out_id archive_json_id, archive_csv_id;
};

static void
usage(FILE *f)
{
    fputs("usage: casereview batch -c CHECKLIST [-j JOBS] [-o RESULTS.jsonl]\n"
          "                        [--csv FILE.csv] [--summary FILE.json]\n"
          "                        [--report FILE.html] [--param NAME=VALUE]...\n"
          "                        [--data NAME=PATH]... [--max-size BYTES]\n"
          "                        [--max-archive-size BYTES]\n"
          "                        [--transform MAPPING.xsl] [--quiet]\n"
          "                        [--verdicts FILE] [--review-form FILE.csv]\n"
          "                        [--archive-json FILE] [--archive-csv FILE]\n"
          "                        " CLI_LIMIT_USAGE " PATH...\n"
          "\n"
          "PATH: case files, directories (every *.xml, recursively) and\n"
          "archives (.zip, .tar, .tar.gz, .tgz, read in place).\n"
          "Results are JSON Lines sorted by source, the same for any -j.\n"
          "--review-form lists every pending item (checklist 1.1) as a CSV\n"
          "to fill in; `casereview verdicts` turns it into a verdicts file.\n"
          "--archive-json and --archive-csv write the findings of the\n"
          "checklist's archive rules over all the cases.\n"
          "Exit status: 0 all scored, 1 some case unscorable or an item\n"
          "errored, 2 bad usage or checklist, 130 interrupted.\n", f);
}

/* BYTES with an optional K, M or G suffix (powers of 1024). */
static int
parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    unsigned int shift = 0;

    errno = 0;
    if (*s < '0' || *s > '9')
        return -1;
    v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (*end || v == 0 || v > (UINT64_MAX >> shift))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

static int
parse_jobs(const char *s, int *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > MAX_JOBS)
        return -1;
    *out = v == 0 ? cli_ncpus() : (int)v;
    return 0;
}

enum {
    OPT_CSV = 256, OPT_SUMMARY, OPT_REPORT, OPT_PARAM, OPT_DATA,
    OPT_MAX_SIZE, OPT_MAX_ARCHIVE, OPT_VERDICTS, OPT_FORM, OPT_TRANSFORM,
    OPT_ARCHIVE_JSON, OPT_ARCHIVE_CSV
};

static const struct option long_options[] = {
    {"checklist", required_argument, NULL, 'c'},
    {"jobs", required_argument, NULL, 'j'},
    {"output", required_argument, NULL, 'o'},
    {"csv", required_argument, NULL, OPT_CSV},
    {"summary", required_argument, NULL, OPT_SUMMARY},
    {"report", required_argument, NULL, OPT_REPORT},
    {"param", required_argument, NULL, OPT_PARAM},
    {"data", required_argument, NULL, OPT_DATA},
    {"max-size", required_argument, NULL, OPT_MAX_SIZE},
    {"max-archive-size", required_argument, NULL, OPT_MAX_ARCHIVE},
    {"transform", required_argument, NULL, OPT_TRANSFORM},
    CLI_LIMIT_OPTIONS,
    {"quiet", no_argument, NULL, 'q'},
    {"verdicts", required_argument, NULL, OPT_VERDICTS},
    {"review-form", required_argument, NULL, OPT_FORM},
    {"archive-json", required_argument, NULL, OPT_ARCHIVE_JSON},
    {"archive-csv", required_argument, NULL, OPT_ARCHIVE_CSV},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}
};

/* One option; returns 0, 1 for --help, or -1 on a bad value. */
static int
take_option(int opt, const char *arg, struct batch_args *a,
            struct cr_load_options *lo)
{
    uint64_t size;

    switch (opt) {
    case 'c': a->checklist = arg; return 0;
    case 'o': a->output = arg; return 0;
    case 'q': a->quiet = 1; return 0;
    case 'h': return 1;
    case OPT_CSV: a->csv = arg; return 0;
    case OPT_SUMMARY: a->summary = arg; return 0;
    case OPT_REPORT: a->report = arg; return 0;
    case OPT_VERDICTS: a->verdicts = arg; return 0;
    case OPT_FORM: a->form = arg; return 0;
    case OPT_TRANSFORM: a->transform = arg; return 0;
    case OPT_ARCHIVE_JSON: a->archive_json = arg; return 0;
    case OPT_ARCHIVE_CSV: a->archive_csv = arg; return 0;
    case OPT_PARAM: return cli_add_override(lo, arg, 0) == 0 ? 0 : -1;
    case OPT_DATA: return cli_add_override(lo, arg, 1) == 0 ? 0 : -1;
    case 'j':
        if (parse_jobs(arg, &a->jobs) == 0)
            return 0;
        fprintf(stderr, "casereview batch: -j wants 0..%d, not '%s'\n",
                MAX_JOBS, arg);
        return -1;
    case OPT_MAX_SIZE:
    case OPT_MAX_ARCHIVE:
        if (parse_size(arg, &size) != 0 || size > SIZE_MAX / 2) {
            fprintf(stderr, "casereview batch: bad size '%s'\n", arg);
            return -1;
        }
        if (opt == OPT_MAX_SIZE)
            a->limits.max_member = (size_t)size;
        else
            a->limits.max_archive = size;
        return 0;
    default:
        return -1;
    }
}

/* Returns -1 to go on, else the exit status. */
static int
parse_args(int argc, char **argv, struct batch_args *a,
           struct cr_load_options *lo)
{
    int opt, r, idx = 0;

    memset(a, 0, sizeof *a);
    a->jobs = cli_ncpus();
    a->limits.max_member = DEFAULT_MAX_MEMBER;
    a->limits.max_archive = DEFAULT_MAX_ARCHIVE;
    optind = 1;
    opterr = 1;
    while ((opt = getopt_long(argc, argv, "c:j:o:qh", long_options, &idx))
           != -1) {
        r = opt == CLI_OPT_LIMIT
            ? -(cli_set_limit(lo, long_options[idx].name, optarg) != 0)
            : take_option(opt, optarg, a, lo);
        if (r == 1) {
            usage(stdout);
            return CLI_EXIT_OK;
        }
        if (r < 0) {
            usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    a->paths = argv + optind;
    a->npaths = (size_t)(argc - optind);
    if (!a->checklist || a->npaths == 0) {
        fputs(!a->checklist ? "casereview batch: -c CHECKLIST is required\n"
                            : "casereview batch: no PATH given\n", stderr);
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    return -1;
}

/* Opens PATH for writing without emptying it: the run may still be
 * refused (a later path that does not open, two outputs on one file),
 * and then the files named must be as they were. */
static FILE *
open_output(const char *path, const char *what, struct out_id *id)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    struct stat st;
    FILE *f;

    if (fd >= 0)
        id->created = 1;
    else if (errno == EEXIST
             && (fd = open(path, O_WRONLY | O_CLOEXEC)) < 0
             && errno == ENOENT)      /* a dangling symlink: its target */
        fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        fprintf(stderr, "casereview batch: %s %s: %s\n", what, path,
                strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) == 0) {
        id->known = 1;
        id->dev = st.st_dev;
        id->ino = st.st_ino;
        id->regular = S_ISREG(st.st_mode);
    }
    if (!(f = fdopen(fd, "wb"))) {
        fprintf(stderr, "casereview batch: %s %s: %s\n", what, path,
                strerror(errno));
        close(fd);
    }
    return f;
}

/* The four outputs alike: where each FILE and its identity live, the
 * option that names it, a word for messages, the path given (NULL: not
 * asked for). */
struct output_ref {
    FILE **f;
    struct out_id *id;
    const char *opt, *what, *path;
};

#define NOUTPUTS 7

static void
output_refs(const struct batch_args *a, struct batch_files *f,
            struct output_ref r[NOUTPUTS])
{
    r[0] = (struct output_ref){&f->out, &f->out_id, "-o", "output",
                               a->output ? a->output : "-"};
    r[1] = (struct output_ref){&f->csv, &f->csv_id, "--csv", "CSV", a->csv};
    r[2] = (struct output_ref){&f->summary, &f->summary_id, "--summary",
                               "summary", a->summary};
    r[3] = (struct output_ref){&f->report, &f->report_id, "--report",
                               "report", a->report};
    r[4] = (struct output_ref){&f->form, &f->form_id, "--review-form",
                               "review form", a->form};
    r[5] = (struct output_ref){&f->archive_json, &f->archive_json_id,
                               "--archive-json", "archive findings",
                               a->archive_json};
    r[6] = (struct output_ref){&f->archive_csv, &f->archive_csv_id,
                               "--archive-csv", "archive findings CSV",
                               a->archive_csv};
}

/* Two outputs on one regular file would write over each other. */
static int
same_file(const struct out_id *x, const struct out_id *y)
{
    return x->known && y->known && x->regular && y->regular
        && x->dev == y->dev && x->ino == y->ino;
}

static int
distinct_outputs(const struct output_ref r[NOUTPUTS])
{
    size_t i, k;

    for (i = 0; i < NOUTPUTS; i++)
        for (k = i + 1; k < NOUTPUTS; k++)
            if (*r[i].f && *r[k].f && same_file(r[i].id, r[k].id)) {
                fprintf(stderr, "casereview batch: %s %s and %s %s are the "
                        "same file\n", r[i].opt, r[i].path, r[k].opt,
                        r[k].path);
                return -1;
            }
    return 0;
}

/* Empties an output that was there before (a regular file only; never
 * standard output, which the shell opened). */
static int
start_output(const struct output_ref *r)
{
    FILE *f = *r->f;

    if (!f || f == stdout || r->id->created || !r->id->regular)
        return 0;
    if (ftruncate(fileno(f), 0) == 0)
        return 0;
    fprintf(stderr, "casereview batch: %s: %s\n", r->path, strerror(errno));
    return -1;
}

static int
open_files(const struct batch_args *a, struct batch_files *f, int scheme)
{
    struct output_ref r[NOUTPUTS];
    struct stat st;
    size_t i;

    memset(f, 0, sizeof *f);
    output_refs(a, f, r);
    for (i = 0; i < NOUTPUTS; i++) {
        if (i == 0 && strcmp(r[0].path, "-") == 0) {
            f->out = stdout;
            if (fstat(STDOUT_FILENO, &st) == 0)
                f->out_id = (struct out_id){st.st_dev, st.st_ino, 1,
                                            S_ISREG(st.st_mode), 0};
        } else if (r[i].path
                   && !(*r[i].f = open_output(r[i].path, r[i].what,
                                              r[i].id))) {
            return -1;
        }
    }
    if (distinct_outputs(r) != 0)
        return -1;
    if (a->report && !(f->listed = tmpfile())) {
        fprintf(stderr, "casereview batch: temporary file: %s\n",
                strerror(errno));
        return -1;
    }
    for (i = 0; i < NOUTPUTS; i++)
        if (start_output(&r[i]) != 0)
            return -1;
    if (f->csv)
        fputs(scheme ? batch_csv_header_scheme() : batch_csv_header(),
              f->csv);
    if (f->form)
        fputs(batch_form_header(), f->form);
    return 0;
}

/* A run refused before it started: the files it created go again, the
 * others were never emptied. */
static void
abandon_files(const struct batch_args *a, struct batch_files *f)
{
    struct output_ref r[NOUTPUTS];
    size_t i;

    output_refs(a, f, r);
    for (i = 0; i < NOUTPUTS; i++) {
        if (!*r[i].f || *r[i].f == stdout)
            continue;
        fclose(*r[i].f);
        *r[i].f = NULL;
        if (r[i].id->created)
            unlink(r[i].path);
    }
    if (f->listed)
        fclose(f->listed);
    f->listed = NULL;
}

/* Closes F, reporting a write error; returns -1 on one. EARLIER is the
 * errno of a write that failed before (0: none known). */
static int
close_output(FILE *f, const char *path, int earlier)
{
    int err = 0;

    if (!f)
        return 0;
    errno = 0;
    if (fflush(f) != 0)
        err = errno ? errno : EIO;
    else if (ferror(f))
        err = earlier ? earlier : EIO;
    if (f != stdout) {
        errno = 0;
        if (fclose(f) != 0 && !err)
            err = errno ? errno : EIO;
    } else if (path && strcmp(path, "-") == 0) {
        path = NULL;
    }
    if (err)
        fprintf(stderr, "casereview batch: writing %s: %s\n",
                path ? path : "standard output", strerror(err));
    return err ? -1 : 0;
}

/* An interrupted run keeps its JSON Lines (a valid prefix) and CSV but
 * not the summary and report, which would describe a partial run. Only
 * the regular file it opened is removed: never a device, nor a symlink
 * or a file that took the path's place meanwhile (emptied instead). */
static void
drop_output(FILE **f, const char *path, const struct out_id *id)
{
    struct stat st;

    if (!*f)
        return;
    if (id->regular) {
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)
            && st.st_dev == id->dev && st.st_ino == id->ino)
            unlink(path);
        else if (ftruncate(fileno(*f), 0) != 0)
            fprintf(stderr, "casereview batch: %s: %s\n", path,
                    strerror(errno));
    }
    fclose(*f);
    *f = NULL;
}

static int
write_extras(const struct batch_args *a, struct batch_files *f,
             struct batch_summary *s, const struct batch_run_result *r)
{
    if (f->summary) {
        struct batch_buf b = {0};

        batch_summary_json(s, &b);
        if (fwrite(b.data, 1, b.len, f->summary) != b.len)
            f->summary_errno = errno;
        batch_buf_free(&b);
    }
    if (f->report) {
        fflush(f->listed);
        rewind(f->listed);
        batch_report_write(f->report, s, f->listed, r->listed_shown,
                           r->listed_total);
    }
    f->archive_json_errno = batch_rules_write(s, f->archive_json, 0);
    f->archive_csv_errno = batch_rules_write(s, f->archive_csv, 1);
    if (!a->quiet)
        batch_summary_text(s, stderr);
    return 0;
}

static int
close_files(const struct batch_args *a, struct batch_files *f, int earlier)
{
    int bad = 0;

    bad |= close_output(f->out, a->output, earlier);
    bad |= close_output(f->csv, a->csv, earlier);
    bad |= close_output(f->summary, a->summary, f->summary_errno);
    bad |= close_output(f->report, a->report, 0);
    bad |= close_output(f->form, a->form, earlier);
    bad |= close_output(f->archive_json, a->archive_json,
                        f->archive_json_errno);
    bad |= close_output(f->archive_csv, a->archive_csv, f->archive_csv_errno);
    if (f->listed)
        fclose(f->listed);
    return bad;
}

static int
run_batch(const struct batch_args *a, struct cr_checklist *cl,
          struct cr_verdicts *verdicts, struct batch_files *f)
{
    struct batch_render_opts render = {
        cl, f->csv != NULL, f->report != NULL, f->form != NULL,
        strcmp(cr_checklist_get_language(cl), "1.1") == 0};
    struct batch_summary *s = batch_summary_new(cl);
    struct batch_run_opts ro = {0};
    struct batch_run_result r = {0};
    struct batch_plan plan = {0};
    int status;

    batch_signals_start();
    batch_plan_build(&plan, a->paths, a->npaths, &a->limits);
    ro.cl = cl;
    ro.transform = a->tf;
    ro.limits = &a->limits;
    ro.render = &render;
    ro.jobs = a->jobs;
    ro.progress = !a->quiet && isatty(STDERR_FILENO);
    ro.out = f->out;
    ro.csv = f->csv;
    ro.listed = f->listed;
    ro.form = f->form;
    ro.verdicts = verdicts;
    ro.summary = s;
    ro.archive = batch_rules_new(cl, a->archive_json || a->archive_csv);
    batch_summary_set_verdicts(s, verdicts);
    if (!batch_stopping())
        batch_run(&plan, &ro, &r);
    if (batch_interrupted()) {
        drop_output(&f->summary, a->summary, &f->summary_id);
        drop_output(&f->report, a->report, &f->report_id);
        drop_output(&f->archive_json, a->archive_json, &f->archive_json_id);
        drop_output(&f->archive_csv, a->archive_csv, &f->archive_csv_id);
        fprintf(stderr, "casereview batch: interrupted; %zu of %zu results "
                        "written\n", r.written, plan.count);
        status = EXIT_INTERRUPTED;
    } else {
        batch_rules_finish(ro.archive, s);
        write_extras(a, f, s, &r);
        /* verdicts for a case no result had: a wrong id, or a case left
         * out of this run */
        batch_summary_unused_verdicts(s, stderr);
        status = r.incomplete ? CLI_EXIT_INCOMPLETE : CLI_EXIT_OK;
    }
    if (close_files(a, f, r.write_errno) != 0 && status != EXIT_INTERRUPTED)
        status = CLI_EXIT_USAGE;
    batch_signals_stop();
    if (batch_interrupted())
        status = EXIT_INTERRUPTED;
    batch_plan_free(&plan);
    batch_summary_free(s);
    cr_archive_free(ro.archive);
    return status;
}

int
cmd_batch(int argc, char **argv)
{
    struct cr_load_options *lo = NULL;
    struct cr_checklist *cl = NULL;
    struct cr_verdicts *verdicts = NULL;
    struct batch_args a;
    struct batch_files f;
    int status;

    batch_archive_init();
    if (cr_load_options_new(&lo) != CR_OK) {
        fputs("casereview batch: out of memory\n", stderr);
        return CLI_EXIT_USAGE;
    }
    status = parse_args(argc, argv, &a, lo);
    if (status >= 0)
        goto out;
    cr_load_options_set_max_case_size(lo, a.limits.max_member);
    cl = cli_load_checklist(a.checklist, lo);
    status = CLI_EXIT_USAGE;
    if (!cl ||
        (a.transform && (a.tf = cli_load_transform(a.transform)) == NULL))
        goto out;
    if (a.verdicts && !(verdicts = cli_load_verdicts(cl, a.verdicts)))
        goto out;
    if (open_files(&a, &f, strcmp(cr_checklist_get_language(cl), "1.1") == 0)
        != 0) {
        abandon_files(&a, &f);
        goto out;
    }
    status = run_batch(&a, cl, verdicts, &f);
out:
    cr_verdicts_unref(verdicts);
    cr_transform_unref(a.tf);   /* parse_args cleared it first */
    cr_checklist_unref(cl);
    cr_load_options_free(lo);
    return status;
}
