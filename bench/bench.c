/* bench.c — cr-bench: throughput of parsing alone and of the engine on
 * the same case files, in one process per measurement so that the peak
 * memory (ru_maxrss) belongs to that measurement.
 *
 *   cr-bench parse  [-j N] [-r PASSES] FILE...
 *   cr-bench engine -c CHECKLIST [-j N] [-r PASSES] FILE...
 *   cr-bench json   -c CHECKLIST [-j N] -o OUT FILE...
 *
 * parse:  read the whole file, xmlCtxtReadMemory with the engine's
 *         options, free the document; one parser context per thread.
 * engine: cr_evaluator_score_file + cr_result_to_json, one evaluator per
 *         thread sharing one checklist — what a batch run does per case.
 * json:   the engine's JSON of every file, one line each in file order
 *         (whatever -j), for bench/verify-identical.sh.
 *
 * Each pass goes over every file once; the best pass is reported, as
 *   mode=engine threads=1 files=N bytes=B seconds=S cpu_seconds=U
 *   cases_per_s=C mb_per_s=M cpu_cases_per_s=D load_s=L maxrss_kb=K
 *   failures=F
 * seconds is the best wall time of a pass, cpu_seconds the best CPU time
 * of the process over a pass (all threads): on a shared machine the CPU
 * time of one thread is the steadier measure, the wall time is what
 * threads gain. load_s: checklist load and evaluator creation, outside
 * the timing. failures: cases that gave an error result. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "casereview.h"
#include "libcasereview/xml-safe.h"

enum bench_mode { MODE_PARSE, MODE_ENGINE, MODE_JSON };

struct bench {
    enum bench_mode mode;
    const char *checklist_path;
    const char *out_path;
    int threads;
    int passes;
    char **files;
    size_t nfiles;
    size_t bytes;
    struct cr_checklist *cl;
    char **json;           /* json mode: one result per file */
    atomic_size_t next;    /* the next file a worker takes */
    atomic_int failures;
};

struct worker {
    struct bench *b;
    pthread_t thread;
    struct cr_evaluator *ev;
    xmlParserCtxtPtr pctxt;
    char *buf;          /* parse: the read buffer, reused like the engine's */
    size_t cap;
};

static double
clock_s(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* The whole file in one buffer reused from file to file, as the engine
 * reads it (crp_read_file_into). */
static char *
read_whole(struct worker *w, const char *path, size_t *len)
{
    struct stat st;
    ssize_t r;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return NULL;
    }
    if ((size_t)st.st_size + 1 > w->cap) {
        char *p = realloc(w->buf, (size_t)st.st_size + 1);
        if (p == NULL) {
            close(fd);
            return NULL;
        }
        w->buf = p;
        w->cap = (size_t)st.st_size + 1;
    }
    *len = 0;
    while (*len < (size_t)st.st_size &&
           (r = read(fd, w->buf + *len, (size_t)st.st_size - *len)) > 0)
        *len += (size_t)r;
    w->buf[*len] = '\0';
    close(fd);
    return w->buf;
}

static int
parse_one(struct worker *w, const char *path)
{
    size_t len = 0;
    char *buf = read_whole(w, path, &len);
    xmlDocPtr doc;

    if (buf == NULL)
        return -1;
    doc = xmlCtxtReadMemory(w->pctxt, buf, (int)len, path, NULL,
                            CRP_XML_PARSE_OPTS);
    if (doc == NULL)
        return -1;
    xmlFreeDoc(doc);
    return 0;
}

static int
score_one(struct worker *w, size_t idx)
{
    struct cr_result *res = NULL;
    char *json = NULL;
    enum cr_status st;

    st = cr_evaluator_score_file(w->ev, w->b->files[idx], &res);
    if (res == NULL || cr_result_to_json(res, 0, &json) != CR_OK) {
        cr_result_free(res);
        return -1;
    }
    cr_result_free(res);
    if (w->b->mode == MODE_JSON)
        w->b->json[idx] = json;
    else
        cr_free(json);
    return st == CR_OK ? 0 : -1;
}

static void *
work(void *arg)
{
    struct worker *w = arg;
    struct bench *b = w->b;
    size_t i;

    while ((i = atomic_fetch_add(&b->next, 1)) < b->nfiles) {
        int rc = b->mode == MODE_PARSE ? parse_one(w, b->files[i])
                                       : score_one(w, i);
        if (rc != 0)
            atomic_fetch_add(&b->failures, 1);
    }
    return NULL;
}

/* One pass over every file with every worker; its wall time, and in
 * *CPU the CPU time of the whole process (all threads) during it. */
static double
run_pass(struct bench *b, struct worker *ws, double *cpu)
{
    double t0 = now(), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    int i;

    atomic_store(&b->next, 0);
    if (b->threads == 1) {
        work(&ws[0]);
        *cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
        return now() - t0;
    }
    for (i = 0; i < b->threads; i++)
        if (pthread_create(&ws[i].thread, NULL, work, &ws[i]) != 0) {
            fprintf(stderr, "cr-bench: cannot start a thread\n");
            exit(2);
        }
    for (i = 0; i < b->threads; i++)
        pthread_join(ws[i].thread, NULL);
    *cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    return now() - t0;
}

static int
load_checklist(struct bench *b)
{
    struct cr_diag_list *diags = NULL;
    enum cr_status st = cr_checklist_load(b->checklist_path, NULL, &b->cl,
                                          &diags);

    if (st != CR_OK) {
        char *text = cr_diag_list_format(diags);
        fprintf(stderr, "cr-bench: %s: %s\n%s", b->checklist_path,
                cr_status_to_str(st), text ? text : "");
        cr_free(text);
    }
    cr_diag_list_free(diags);
    return st == CR_OK ? 0 : -1;
}

static int
make_workers(struct bench *b, struct worker *ws)
{
    int i;

    for (i = 0; i < b->threads; i++) {
        ws[i].b = b;
        if (b->mode == MODE_PARSE) {
            ws[i].pctxt = xmlNewParserCtxt();
            if (ws[i].pctxt == NULL)
                return -1;
        } else if (cr_evaluator_new(b->cl, &ws[i].ev) != CR_OK) {
            return -1;
        }
    }
    return 0;
}

static void
free_workers(struct bench *b, struct worker *ws)
{
    int i;

    for (i = 0; i < b->threads; i++) {
        cr_evaluator_free(ws[i].ev);
        if (ws[i].pctxt)
            xmlFreeParserCtxt(ws[i].pctxt);
        free(ws[i].buf);
    }
}

static int
write_json(struct bench *b)
{
    FILE *f = fopen(b->out_path, "w");
    size_t i;

    if (f == NULL) {
        fprintf(stderr, "cr-bench: %s: %s\n", b->out_path, strerror(errno));
        return -1;
    }
    for (i = 0; i < b->nfiles; i++) {
        fprintf(f, "%s\n", b->json[i] ? b->json[i] : "(no result)");
        cr_free(b->json[i]);
    }
    return fclose(f) == 0 ? 0 : -1;
}

static void
usage(void)
{
    fprintf(stderr,
            "usage: cr-bench parse  [-j N] [-r PASSES] FILE...\n"
            "       cr-bench engine -c CHECKLIST [-j N] [-r PASSES] FILE...\n"
            "       cr-bench json   -c CHECKLIST [-j N] -o OUT FILE...\n");
    exit(2);
}

static void
parse_args(struct bench *b, int argc, char **argv)
{
    int i;

    if (argc < 2)
        usage();
    if (strcmp(argv[1], "parse") == 0)
        b->mode = MODE_PARSE;
    else if (strcmp(argv[1], "engine") == 0)
        b->mode = MODE_ENGINE;
    else if (strcmp(argv[1], "json") == 0)
        b->mode = MODE_JSON;
    else
        usage();
    b->threads = 1;
    b->passes = 1;
    for (i = 2; i < argc && argv[i][0] == '-'; i++) {
        if (i + 1 >= argc)
            usage();
        if (strcmp(argv[i], "-c") == 0)
            b->checklist_path = argv[++i];
        else if (strcmp(argv[i], "-o") == 0)
            b->out_path = argv[++i];
        else if (strcmp(argv[i], "-j") == 0)
            b->threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "-r") == 0)
            b->passes = atoi(argv[++i]);
        else
            usage();
    }
    b->files = argv + i;
    b->nfiles = (size_t)(argc - i);
    if (b->nfiles == 0 || b->threads < 1 || b->passes < 1 ||
        (b->mode != MODE_PARSE && b->checklist_path == NULL) ||
        (b->mode == MODE_JSON && b->out_path == NULL))
        usage();
    if (b->mode == MODE_JSON)
        b->passes = 1;
}

int
main(int argc, char **argv)
{
    static struct bench b;
    struct worker *ws;
    struct rusage ru;
    double best = 0, best_cpu = 0, t0, load_s;
    size_t i;
    int p;

    parse_args(&b, argc, argv);
    for (i = 0; i < b.nfiles; i++) {
        struct stat st;
        if (stat(b.files[i], &st) != 0) {
            fprintf(stderr, "cr-bench: %s: %s\n", b.files[i], strerror(errno));
            return 2;
        }
        b.bytes += (size_t)st.st_size;
    }
    xmlInitParser();
    t0 = now();
    if (b.mode != MODE_PARSE && load_checklist(&b) != 0)
        return 2;
    ws = calloc((size_t)b.threads, sizeof(*ws));
    if (b.mode == MODE_JSON)
        b.json = calloc(b.nfiles, sizeof(*b.json));
    if (ws == NULL || (b.mode == MODE_JSON && b.json == NULL) ||
        make_workers(&b, ws) != 0) {
        fprintf(stderr, "cr-bench: out of memory\n");
        return 2;
    }
    load_s = now() - t0;
    for (p = 0; p < b.passes; p++) {
        double cpu, t = run_pass(&b, ws, &cpu);
        if (p == 0 || t < best)
            best = t;
        if (p == 0 || cpu < best_cpu)
            best_cpu = cpu;
    }
    free_workers(&b, ws);
    free(ws);
    cr_checklist_unref(b.cl);
    if (b.mode == MODE_JSON && write_json(&b) != 0)
        return 2;
    free(b.json);
    getrusage(RUSAGE_SELF, &ru);
    printf("mode=%s threads=%d files=%zu bytes=%zu seconds=%.6f "
           "cpu_seconds=%.6f cases_per_s=%.1f mb_per_s=%.2f "
           "cpu_cases_per_s=%.1f load_s=%.4f maxrss_kb=%ld failures=%d\n",
           argv[1], b.threads, b.nfiles, b.bytes, best, best_cpu,
           (double)b.nfiles / best, (double)b.bytes / best / 1e6,
           (double)b.nfiles / best_cpu, load_s, ru.ru_maxrss,
           atomic_load(&b.failures) / b.passes);
    return 0;
}
