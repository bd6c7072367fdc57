/* bench.c — cr-bench: throughput of parsing alone and of the engine on
 * the same case files, in one process per measurement so that the peak
 * memory (ru_maxrss) belongs to that measurement.
 *
 *   cr-bench parse  [-j N] [-r PASSES] FILE...
 *   cr-bench engine -c CHECKLIST [-j N] [-r PASSES] FILE...
 *   cr-bench json   -c CHECKLIST [-j N] -o OUT FILE...
 *   cr-bench copy   [-j N] [-r PASSES] [-k KB]
 *   cr-bench spin   [-j N] [-r PASSES]
 *
 * parse:  read the whole file, xmlCtxtReadMemory with the engine's
 *         options, free the document; one parser context per thread.
 * engine: cr_evaluator_score_file + cr_result_to_json, one evaluator per
 *         thread sharing one checklist — what a batch run does per case.
 * json:   the engine's JSON of every file, one line each in file order
 *         (whatever -j), for bench/verify-identical.sh.
 * copy:   no case files: a reference for what this machine's cores give
 *         together. 512 MB per pass, memcpy'd in blocks of KB kilobytes
 *         (default 4096) between two buffers of each thread; its -j2 / -j1
 *         is what any code with that working set can hope for in the same
 *         minute (files= counts the blocks).
 * spin:   no case files, no memory: 128 blocks of 2^18 rounds of eight
 *         independent integer operations, which keep a core's ALUs busy.
 *         Two cores give 2.0x; two hyperthreads of one core, or a core
 *         the host lends to someone else meanwhile, much less.
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
#include <stdint.h>
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

enum bench_mode { MODE_PARSE, MODE_ENGINE, MODE_JSON, MODE_COPY, MODE_SPIN };

/* copy and spin read no case files; engine and json load a checklist */
#define NO_FILES(mode) ((mode) == MODE_COPY || (mode) == MODE_SPIN)
#define CHECKLIST(mode) ((mode) == MODE_ENGINE || (mode) == MODE_JSON)

#define COPY_TOTAL ((size_t)512 << 20)
#define SPIN_BLOCKS 128
#define SPIN_ROUNDS (1L << 18)

struct bench {
    enum bench_mode mode;
    const char *checklist_path;
    const char *out_path;
    int threads;
    int passes;
    size_t block;          /* copy: bytes per block */
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
    char *src, *dst;    /* copy */
    uint64_t sink;      /* spin: its sums, so that they are computed */
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

/* One block copied, read back so that the copy cannot be skipped. */
static int
copy_one(struct worker *w, size_t idx)
{
    memcpy(w->dst, w->src, w->b->block);
    w->src[idx % w->b->block] ^= w->dst[(idx * 4099) % w->b->block];
    return 0;
}

/* One block of arithmetic; the asm keeps the compiler from folding it. */
static int
spin_one(struct worker *w, size_t idx)
{
    uint64_t x0 = idx, x1 = 2, x2 = 3, x3 = 4, x4 = 5, x5 = 6, x6 = 7, x7 = 8;
    long i;

    for (i = 0; i < SPIN_ROUNDS; i++) {
        x0 += (uint64_t)i; x1 ^= (uint64_t)i; x2 += x0; x3 ^= x1;
        x4 += (uint64_t)i; x5 ^= x4; x6 += x2; x7 ^= x3;
        __asm__ volatile("" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3),
                              "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7));
    }
    w->sink += x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7;
    return 0;
}

static void *
work(void *arg)
{
    struct worker *w = arg;
    struct bench *b = w->b;
    size_t i;

    while ((i = atomic_fetch_add(&b->next, 1)) < b->nfiles) {
        int rc = b->mode == MODE_PARSE ? parse_one(w, b->files[i])
                 : b->mode == MODE_COPY ? copy_one(w, i)
                 : b->mode == MODE_SPIN ? spin_one(w, i)
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
        if (b->mode == MODE_COPY) {
            ws[i].src = malloc(b->block);
            ws[i].dst = malloc(b->block);
            if (ws[i].src == NULL || ws[i].dst == NULL)
                return -1;
            memset(ws[i].src, i + 1, b->block);
            memset(ws[i].dst, 0, b->block);
        } else if (b->mode == MODE_PARSE) {
            ws[i].pctxt = xmlNewParserCtxt();
            if (ws[i].pctxt == NULL)
                return -1;
        } else if (CHECKLIST(b->mode) &&
                   cr_evaluator_new(b->cl, &ws[i].ev) != CR_OK) {
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
        free(ws[i].src);
        free(ws[i].dst);
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
            "       cr-bench json   -c CHECKLIST [-j N] -o OUT FILE...\n"
            "       cr-bench copy   [-j N] [-r PASSES] [-k KB]\n"
            "       cr-bench spin   [-j N] [-r PASSES]\n");
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
    else if (strcmp(argv[1], "copy") == 0)
        b->mode = MODE_COPY;
    else if (strcmp(argv[1], "spin") == 0)
        b->mode = MODE_SPIN;
    else
        usage();
    b->threads = 1;
    b->passes = 1;
    b->block = (size_t)4096 << 10;
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
        else if (strcmp(argv[i], "-k") == 0)
            b->block = (size_t)atol(argv[++i]) << 10;
        else
            usage();
    }
    b->files = argv + i;
    b->nfiles = (size_t)(argc - i);
    if (NO_FILES(b->mode) && b->nfiles != 0)
        usage();
    if (b->mode == MODE_COPY) {
        if (b->block == 0 || b->block > COPY_TOTAL)
            usage();
        b->nfiles = COPY_TOTAL / b->block;
        b->bytes = b->nfiles * b->block;
    } else if (b->mode == MODE_SPIN) {
        b->nfiles = SPIN_BLOCKS;
    }
    if (b->nfiles == 0 || b->threads < 1 || b->passes < 1 ||
        (CHECKLIST(b->mode) && b->checklist_path == NULL) ||
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
    for (i = 0; !NO_FILES(b.mode) && i < b.nfiles; i++) {
        struct stat st;
        if (stat(b.files[i], &st) != 0) {
            fprintf(stderr, "cr-bench: %s: %s\n", b.files[i], strerror(errno));
            return 2;
        }
        b.bytes += (size_t)st.st_size;
    }
    xmlInitParser();
    t0 = now();
    if (CHECKLIST(b.mode) && load_checklist(&b) != 0)
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
