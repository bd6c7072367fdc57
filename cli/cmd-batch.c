/* cmd-batch.c — casereview batch: scores a whole export (files,
 * directories, archives) with a pool of threads sharing one compiled
 * checklist, and writes JSON Lines in sorted order, optionally a CSV, a
 * summary (JSON and a few lines on stderr) and a self-contained HTML
 * report. The pieces live in batch-*.c; this file parses the command
 * line and wires them together. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli.h"
#include "batch.h"
#include "batch-files.h"
#include "batch-set.h"
#include "batch-xlsx.h"
#include "batch-skipped.h"

#define DEFAULT_MAX_MEMBER ((size_t)64 << 20)
#define DEFAULT_MAX_ARCHIVE ((uint64_t)16 << 30)
#define MAX_JOBS 1024
#define EXIT_INTERRUPTED 130
#define NLIMITS 5             /* CLI_LIMIT_OPTIONS */

struct batch_args {
    const char *checklist;    /* the first -c */
    /* every -c in order: a case goes to the first whose <accepts>
     * accepts it */
    const char *checklists[BATCH_SET_MAX];
    size_t nchecklists;
    int jobs;
    const char *output;
    const char *csv;
    const char *summary;
    const char *report;
    const char *verdicts;     /* --verdicts: reviewers' verdicts */
    const char *form;         /* --review-form: pending items to fill in */
    const char *xlsx;         /* --xlsx: the Excel workbook */
    int csv_en;               /* --csv-headers en */
    const char *unit;         /* --unit: the reviewing unit, in the report */
    int quiet;
    int resume;
    struct batch_buf fingerprint; /* --param and --data as given */
    const char *limit_given[NLIMITS]; /* the LIMIT_NAMES given, last wins */
    struct batch_limits limits;
    char **paths;
    size_t npaths;
    const char *transform;    /* --transform MAPPING.xsl */
    struct cr_transform *tf;
    const char *archive_json; /* --archive-json: archive rules' findings */
    const char *archive_csv;  /* --archive-csv */
};

/* The usage alone goes with a usage error; --help adds every option.
 * Both are catalogue texts (messages-batch.def): keep the English here
 * and there the same. */
static const char usage_text[] =
    "usage: casereview batch -c CHECKLIST [-c CHECKLIST]... [-j JOBS]\n"
    "                        [-o RESULTS.jsonl]\n"
    "                        [--csv FILE.csv] [--summary FILE.json]\n"
    "                        [--report FILE.html] [--param NAME=VALUE]...\n"
    "                        [--data NAME=PATH]... [--max-size BYTES]\n"
    "                        [--max-archive-size BYTES]\n"
    "                        [--transform MAPPING.xsl] [--quiet]\n"
    "                        [--verdicts FILE] [--review-form FILE.csv]\n"
    "                        [--xlsx FILE.xlsx] [--csv-headers zh|en]\n"
    "                        [--unit UNIT]\n"
    "                        [--archive-json FILE] [--archive-csv FILE]\n"
    "                        " CLI_LIMIT_USAGE "\n"
    "                        [--resume] PATH...\n";

static const char help_text[] =
    "Scores a whole export on all cores: case files, folders (every *.xml,\n"
    "recursively) and archives (.zip, .tar, .tar.gz, .tgz, read in place).\n"
    "Results are JSON Lines sorted by source, the same for any -j; a summary\n"
    "goes to standard error at the end.\n"
    "\n"
    "  -c, --checklist CHECKLIST  the checklist: a path, or a name found by\n"
    "                             casereview list. Several -c: each case is\n"
    "                             scored by the first checklist whose\n"
    "                             <accepts> accepts it (one for each kind)\n"
    "  -j, --jobs JOBS            threads scoring at once (0 to 1024; 0 or\n"
    "                             default: the number of cores)\n"
    "  -o, --output RESULTS.jsonl write the results there (default: standard\n"
    "                             output); a file can be --resume'd\n"
    "  --csv FILE.csv             one row per case (opens in Excel)\n"
    "  --csv-headers zh|en        the CSV's column names in Chinese (default)\n"
    "                             or English\n"
    "  --summary FILE.json        the summary (JSON)\n"
    "  --report FILE.html         an HTML report to forward and print\n"
    "  --xlsx FILE.xlsx           an Excel workbook: cases, deductions,\n"
    "                             common problems and more sheets\n"
    "  --unit UNIT                the reviewing unit, in the report's and the\n"
    "                             workbook's header\n"
    "  --param NAME=VALUE         set a param of the checklist\n"
    "  --data NAME=PATH           use another file for a data document\n"
    "  --transform MAPPING.xsl    turn an agency's own export into casefile\n"
    "  --verdicts FILE            reviewers' decisions for items they decide\n"
    "  --review-form FILE.csv     every pending item (checklist 1.1) as a\n"
    "                             form to fill in; casereview verdicts turns\n"
    "                             it into a verdicts file\n"
    "  --archive-json FILE, --archive-csv FILE\n"
    "                             the findings of the checklist's archive\n"
    "                             rules over all the cases\n"
    "  --max-size BYTES           the largest case file (default 64M; K, M, G)\n"
    "  --max-archive-size BYTES   the most an archive may hold uncompressed\n"
    "                             (default 16G)\n"
    "  --max-case-nodes N, --max-case-tree BYTES, --max-case-work N\n"
    "                             the most one case may cost (docs/limits.md)\n"
    "  --max-findings N, --max-message-length N\n"
    "                             the most one result may hold\n"
    "  -q, --quiet                no progress and no summary\n"
    "  --resume                   continue an interrupted run from its -o\n"
    "                             RESULTS: the cases done are not scored\n"
    "                             again (same settings required)\n"
    "  -h, --help                 this text\n"
    "\n"
    "Exit status: 0 every case scored; 1 some case could not be scored, an\n"
    "item ended in error, or no case was found; 2 bad usage, a checklist that\n"
    "does not load or a failed write; 130 interrupted (SIGINT, SIGTERM,\n"
    "SIGHUP).\n";

static void
usage(FILE *f, int help)
{
    fputs(cli_msg(usage_text), f);
    if (help)
        fputs(cli_msg(help_text), f);
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
    OPT_RESUME, OPT_XLSX, OPT_CSV_HEADERS, OPT_UNIT, OPT_ARCHIVE_JSON,
    OPT_ARCHIVE_CSV
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
    {"resume", no_argument, NULL, OPT_RESUME},
    {"xlsx", required_argument, NULL, OPT_XLSX},
    {"csv-headers", required_argument, NULL, OPT_CSV_HEADERS},
    {"unit", required_argument, NULL, OPT_UNIT},
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
    case 'c':
        if (a->nchecklists == BATCH_SET_MAX) {
            cli_error("at most %d checklists (-c)", BATCH_SET_MAX);
            return -1;
        }
        a->checklists[a->nchecklists++] = arg;
        a->checklist = a->checklists[0];
        return 0;
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
    case OPT_PARAM:
    case OPT_DATA:
        batch_buf_printf(&a->fingerprint, "\n%s %s",
                         opt == OPT_PARAM ? "--param" : "--data", arg);
        return cli_add_override(lo, arg, opt == OPT_DATA) == 0 ? 0 : -1;
    case OPT_RESUME: a->resume = 1; return 0;
    case OPT_UNIT: a->unit = arg; return 0;
    case OPT_XLSX:
        if (!batch_xlsx_supported()) {
            cli_error("--xlsx：这个 casereview 编译时没有 libxlsxwriter，"
                      "不能写 Excel 工作簿");
            return -1;
        }
        a->xlsx = arg;
        return 0;
    case OPT_CSV_HEADERS:
        if (strcmp(arg, "zh") == 0 || strcmp(arg, "en") == 0) {
            a->csv_en = arg[0] == 'e';
            /* a resumed run's rows must match its header */
            if (a->csv_en)
                batch_buf_puts(&a->fingerprint, "\n--csv-headers en");
            return 0;
        }
        cli_error("--csv-headers 只能是 zh 或 en，而不是“%s”", arg);
        return -1;
    case 'j':
        if (parse_jobs(arg, &a->jobs) == 0)
            return 0;
        cli_error("-j wants 0..%d, not '%s'", MAX_JOBS, arg);
        return -1;
    case OPT_MAX_SIZE:
    case OPT_MAX_ARCHIVE:
        if (parse_size(arg, &size) != 0 || size > SIZE_MAX / 2) {
            cli_error("--%s wants a size in bytes from 1 (K, M, G allowed), "
                      "not '%s'", opt == OPT_MAX_SIZE ? "max-size"
                                                      : "max-archive-size",
                      arg);
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

/* The per-case limits (CLI_LIMIT_OPTIONS), in the resume fingerprint's
 * order. */
static const char *const LIMIT_NAMES[NLIMITS] = {
    "max-case-nodes", "max-case-tree", "max-case-work", "max-findings",
    "max-message-length"};

/* Sets the limit NAME (see take_option for the return value). */
static int
take_limit(struct batch_args *a, struct cr_load_options *lo,
           const char *name, const char *value)
{
    size_t i;

    if (cli_set_limit(lo, name, value) != 0)
        return -1;
    for (i = 0; i < NLIMITS; i++)
        if (strcmp(name, LIMIT_NAMES[i]) == 0)
            a->limit_given[i] = value;
    return 0;
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
    while ((opt = cli_getopt(argc, argv, "c:j:o:qh", long_options, &idx))
           != -1) {
        r = opt == CLI_OPT_LIMIT
            ? take_limit(a, lo, long_options[idx].name, optarg)
            : take_option(opt, optarg, a, lo);
        if (r == 1) {
            usage(stdout, 1);
            return CLI_EXIT_OK;
        }
        if (r < 0) {
            usage(stderr, 0);
            return CLI_EXIT_USAGE;
        }
    }
    a->paths = argv + optind;
    a->npaths = (size_t)(argc - optind);
    if (!a->checklist || a->npaths == 0) {
        cli_error(!a->checklist ? "-c CHECKLIST is required"
                                : "no PATH given (case files, folders or "
                                  "archives)");
        usage(stderr, 0);
        return CLI_EXIT_USAGE;
    }
    return -1;
}

/* What the results are made with, kept in the resume journal, one line
 * each: the checklist, --param and --data as given, the size limits in
 * effect, the per-case limits given, and the contents of the verdicts
 * and of the mapping (files edited in place between two runs); also
 * --xlsx, --report and --csv-headers en, whose rows the records hold
 * only when asked for. */
static void
fingerprint(struct batch_args *a, struct cr_checklist **cl, size_t n)
{
    struct batch_buf *b = &a->fingerprint;
    struct batch_buf given = *b;
    char digest[BATCH_DIGEST_LEN];
    size_t i;

    memset(b, 0, sizeof *b);
    /* "records 2": records carry the workbook's and the report's rows;
     * a journal of an earlier casereview is refused, not misread */
    batch_buf_puts(b, "records 2\n");
    batch_set_fingerprint(b, cl, n);
    if (given.data)
        batch_buf_puts(b, given.data);
    /* their rows are in the journal only when asked for */
    if (a->xlsx)
        batch_buf_puts(b, "\n--xlsx");
    if (a->report)
        batch_buf_puts(b, "\n--report");
    batch_buf_free(&given);
    batch_buf_printf(b, "\n--max-size %zu\n--max-archive-size %llu",
                     a->limits.max_member,
                     (unsigned long long)a->limits.max_archive);
    for (i = 0; i < NLIMITS; i++)
        if (a->limit_given[i])
            batch_buf_printf(b, "\n--%s %s", LIMIT_NAMES[i],
                             a->limit_given[i]);
    if (a->verdicts) {
        batch_file_digest(a->verdicts, digest);
        batch_buf_printf(b, "\n--verdicts %s", digest);
    }
    if (a->transform) {
        batch_file_digest(a->transform, digest);
        batch_buf_printf(b, "\n--transform %s", digest);
    }
}

/* Nothing to score is no success: an export of PDFs or scans, a
 * folder without *.xml files. */
static void
no_cases(int quiet)
{
    const struct batch_skip *list;
    size_t listed, n = batch_skipped_list(&list, &listed);

    cli_error("没有找到案卷：给出的路径中没有 XML 案卷文件"
              "（文件夹中评查 *.xml 文件，压缩包中评查 *.xml 成员）");
    if (n == 0)
        return;
    if (quiet)                /* else the summary above listed them */
        batch_skipped_text(stderr, 5);
}

static int
run_batch(const struct batch_args *a, struct cr_checklist **cls,
          struct cr_verdicts *verdicts, struct batch_files *f, int scheme)
{
    struct cr_checklist *cl = cls[0];
    /* with a journal every record carries its CSV, report and review
     * form rows: a resumed run may ask for any of them */
    struct batch_render_opts render = {
        cl, f->csv_out || f->journal, f->report.path || f->journal,
        f->form_out || f->journal,
        scheme, 0, f->xlsx.path != NULL, f->report.path != NULL, a->csv_en};
    struct batch_summary *s = batch_summary_new(cl);
    struct batch_set set = {0};
    struct cr_archive *archives[BATCH_SET_MAX] = {NULL};
    struct batch_run_opts ro = {0};
    size_t k;
    struct batch_run_result r = {0};
    struct batch_plan plan = {0};
    int status, finished = 0;

    batch_signals_start();
    batch_plan_build(&plan, a->paths, a->npaths, &a->limits);
    ro.cl = cl;
    ro.transform = a->tf;
    ro.limits = &a->limits;
    ro.render = &render;
    ro.jobs = a->jobs;
    ro.progress = !a->quiet && isatty(STDERR_FILENO);
    ro.out = f->out;
    ro.csv = f->csv_out;
    ro.journal = f->journal;
    ro.resume = f->resuming ? &f->resume : NULL;
    ro.listed = f->listed;
    ro.form = f->form_out;
    ro.xlsx_rows = f->xlsx_rows;
    ro.case_rows = f->case_rows;
    ro.case_deds = f->case_deds;
    ro.verdicts = verdicts;
    ro.scratch_near = f->out_stdout ? NULL : a->output;
    ro.summary = s;
    if (a->nchecklists > 1) {
        batch_set_init(&set, cls, a->nchecklists, &render);
        batch_summary_set_parts(s, &set);
        ro.set = &set;
    }
    batch_summary_set_verdicts(s, verdicts);
    batch_summary_set_run(s, a->unit, a->paths, a->npaths);
    /* each checklist's archive rules over the cases it scored */
    for (k = 0; k < a->nchecklists; k++) {
        archives[k] = batch_rules_new(cls[k], a->archive_json
                                              || a->archive_csv);
        /* none: a resumed run need not score its cases done again */
        if (archives[k]) {
            ro.archives = archives;
            ro.narchives = a->nchecklists;
        }
    }
    if (f->resuming && plan.count < f->resume.count) {
        cli_error("--resume: the inputs hold %zu cases, the interrupted run "
                  "scored %zu", plan.count, f->resume.count);
        status = CLI_EXIT_USAGE;
    } else {
        if (!batch_stopping())
            batch_run(&plan, &ro, &r);
        if (r.failure) {
            cli_error("%s", r.failure);
            status = CLI_EXIT_USAGE;
        } else if (batch_interrupted()) {
            cli_error("interrupted; %zu of %zu results written", r.written,
                      plan.count);
            status = EXIT_INTERRUPTED;
        } else if (batch_rules_finish_all(s, archives) != 0
                   || batch_files_finish(f, s, &r) != 0) {
            status = CLI_EXIT_USAGE;
        } else {
            finished = 1;
            if (!a->quiet)
                batch_summary_text(s, stderr);
            /* verdicts for a case no result had: a wrong id, or a case
             * left out of this run */
            batch_summary_unused_verdicts(s, stderr);
            status = r.incomplete ? CLI_EXIT_INCOMPLETE : CLI_EXIT_OK;
            if (plan.count == 0) {
                no_cases(a->quiet);
                status = CLI_EXIT_INCOMPLETE;
            }
        }
    }
    batch_files_close(f, 0);
    batch_signals_stop();
    /* a signal after the outputs were complete came too late to stop
     * anything */
    if (batch_interrupted() && status != CLI_EXIT_USAGE && !finished)
        status = EXIT_INTERRUPTED;
    free(r.failure);
    batch_plan_free(&plan);
    batch_summary_free(s);
    batch_set_free(&set);
    for (k = 0; k < a->nchecklists; k++)
        cr_archive_free(archives[k]);
    batch_skipped_clear();
    return status;
}

int
cmd_batch(int argc, char **argv)
{
    struct cr_load_options *lo = NULL;
    struct cr_checklist *cls[BATCH_SET_MAX] = {NULL};
    struct cr_checklist *cl = NULL;
    struct cr_verdicts *verdicts = NULL;
    size_t i;
    struct batch_args a;
    struct batch_files_args fa;
    struct batch_files f;
    int status;

    batch_archive_init();
    /* Workers free records another thread made: with glibc's default
     * threshold their arenas were trimmed and faulted in again, 33 000
     * page faults per 10 000 cases at -j2 (a quarter of the run's
     * CPU time in the kernel); 4 MB kept in reserve end that. */
#ifdef M_TRIM_THRESHOLD
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
#endif
    if (cli_options_new(&lo) != CR_OK) {
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    status = parse_args(argc, argv, &a, lo);
    if (status >= 0)
        goto out;
    cr_load_options_set_max_case_size(lo, a.limits.max_member);
    status = CLI_EXIT_USAGE;
    for (i = 0; i < a.nchecklists; i++)
        if ((cls[i] = cli_load_checklist(a.checklists[i], lo)) == NULL)
            goto out;
    cl = cls[0];
    fa.scheme = 0;
    for (i = 0; i < a.nchecklists; i++)
        fa.scheme |= strcmp(cr_checklist_get_language(cls[i]), "1.1") == 0;
    if (a.transform && (a.tf = cli_load_transform(a.transform)) == NULL)
        goto out;
    if ((a.archive_json || a.archive_csv) && a.nchecklists > 1) {
        /* casereview-archive/1 holds one checklist's findings */
        cli_error("--archive-json and --archive-csv take one checklist, "
                  "not several -c");
        goto out;
    }
    if (a.verdicts && a.nchecklists > 1) {
        /* a verdicts file names one checklist's items */
        cli_error("--verdicts takes one checklist, not several -c");
        goto out;
    }
    if (a.verdicts && !(verdicts = cli_load_verdicts(cl, a.verdicts)))
        goto out;
    fingerprint(&a, cls, a.nchecklists);
    fa.output = a.output;
    fa.csv = a.csv;
    fa.summary = a.summary;
    fa.report = a.report;
    fa.form = a.form;
    fa.xlsx = a.xlsx;
    fa.archive_json = a.archive_json;
    fa.archive_csv = a.archive_csv;
    fa.csv_en = a.csv_en;
    fa.resume = a.resume;
    fa.fingerprint = a.fingerprint.data;
    fa.paths = a.paths;
    fa.npaths = a.npaths;
    if (batch_files_open(&f, &fa) != 0) {
        batch_files_close(&f, 1);
        goto out;
    }
    status = run_batch(&a, cls, verdicts, &f, fa.scheme);
out:
    cr_verdicts_unref(verdicts);
    cr_transform_unref(a.tf);   /* parse_args cleared it first */
    batch_buf_free(&a.fingerprint);
    for (i = 0; i < BATCH_SET_MAX; i++)
        cr_checklist_unref(cls[i]);
    cr_load_options_free(lo);
    return status;
}
