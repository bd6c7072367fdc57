/* archive-bench.c — cr-archive-bench: the archive rules over many cases.
 *
 *   cr-archive-bench penalty    rules/penalty-general.xml [N] [SEED]
 *   cr-archive-bench inspection rules/inspection-enterprise.xml [N] [SEED]
 *
 * Makes N cases' facts (default 1 000 000) through the public API, as a
 * caller that scored them one by one would hand them over, adds them to
 * one cr_archive, and runs the rules. Prints the time to add, the memory
 * the archive holds per case (resident set growth over the adds, so the
 * facts of a million cases are weighed as they are really kept) and the
 * time of cr_archive_evaluate(), and the findings. Seedable: the same
 * arguments give the same facts and the same findings. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "casereview.h"

static uint64_t rng_state;

static uint32_t
rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)((rng_state >> 33) % n);
}

static double
now(clockid_t c)
{
    struct timespec ts;

    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
resident_bytes(void)
{
    long pages = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
            rss = 0;
        fclose(f);
    }
    return rss * sysconf(_SC_PAGESIZE);
}

static void
put(struct cr_facts *f, const char *name, const char *value)
{
    if (cr_facts_add(f, name, value) != CR_OK) {
        fprintf(stderr, "cr-archive-bench: fact %s: bad value %s\n", name,
                value);
        exit(2);
    }
}

static void
date_of(char *buf, size_t n, unsigned day)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30,
                                31, 31, 30, 31, 30, 31};
    int m = 0;

    while (day >= (unsigned)mdays[m]) {
        day -= (unsigned)mdays[m];
        m++;
    }
    snprintf(buf, n, "2024-%02d-%02u", m + 1, day + 1);
}

/* A year of fine decisions: 400 cause codes (a few frequent), three
 * discretion levels, fines spread over x0.5..x2 of their band's base
 * with one in 2 000 far off, two officers of 20 000 per case. */
static void
penalty_facts(struct cr_facts *f, size_t i)
{
    static const char *levels[] = {"light", "general", "heavy"};
    char buf[64];
    uint32_t cause = rnd(8) ? rnd(400) : rnd(20);
    uint32_t level = rnd(3);
    double base = 500.0 * (1 + cause % 40) * (1 + level);
    double fine = base * (0.5 + rnd(1501) / 1000.0);
    int fined = rnd(10) != 0;

    if (rnd(2000) == 0)
        fine *= 10;
    snprintf(buf, sizeof(buf), "A%03u", cause);
    put(f, "cause", buf);
    put(f, "level", levels[level]);
    put(f, "fined", fined ? "true" : "false");
    snprintf(buf, sizeof(buf), "%.0f", fined ? fine : 0.0);
    put(f, "fine", buf);
    snprintf(buf, sizeof(buf), "37%06u", rnd(20000));
    put(f, "officer", buf);
    snprintf(buf, sizeof(buf), "37%06u", rnd(20000));
    put(f, "officer", buf);
    date_of(buf, sizeof(buf), rnd(366));
    put(f, "decided", buf);
    (void)i;
}

/* A year of inspections: 250 000 enterprises, 60 departments, one in
 * ten started by a complaint or a referral (not counted). */
static void
inspection_facts(struct cr_facts *f, size_t i)
{
    char buf[64];
    uint32_t ent = rnd(250000);

    snprintf(buf, sizeof(buf), "91370100MA%08u", ent);
    put(f, "enterprise", buf);
    snprintf(buf, sizeof(buf), "3701%04u", (ent + rnd(3)) % 60);
    put(f, "department", buf);
    date_of(buf, sizeof(buf), rnd(366));
    put(f, "inspected", buf);
    put(f, "counted", rnd(10) ? "true" : "false");
    (void)i;
}

int
main(int argc, char **argv)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *diags = NULL;
    struct cr_archive *ar = NULL;
    void (*make)(struct cr_facts *, size_t);
    size_t n = 1000000, i;
    double t0, c0, t_add, c_add, t_eval, c_eval;
    long rss0, rss1;
    struct rusage ru;

    if (argc < 3 || argc > 5) {
        fputs("usage: cr-archive-bench penalty|inspection CHECKLIST "
              "[N] [SEED]\n", stderr);
        return 2;
    }
    make = strcmp(argv[1], "penalty") == 0 ? penalty_facts
                                            : inspection_facts;
    if (argc > 3)
        n = strtoul(argv[3], NULL, 10);
    rng_state = argc > 4 ? strtoull(argv[4], NULL, 10) : 26;
    if (cr_checklist_load(argv[2], NULL, &cl, &diags) != CR_OK) {
        fprintf(stderr, "cr-archive-bench: %s does not load\n", argv[2]);
        return 2;
    }
    cr_diag_list_free(diags);
    if (cr_archive_new(cl, &ar) != CR_OK)
        return 2;

    rss0 = resident_bytes();
    t0 = now(CLOCK_MONOTONIC);
    c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    for (i = 0; i < n; i++) {
        struct cr_facts *f;
        char source[64], id[32];

        snprintf(source, sizeof(source), "3701%04zu/2024/case-%07zu.xml",
                 i % 60, i);
        snprintf(id, sizeof(id), "鲁济2024-%07zu", i);
        if (cr_facts_new(cl, source, id, &f) != CR_OK)
            return 2;
        make(f, i);
        if (cr_archive_add_facts(ar, f) != CR_OK)
            return 2;
        cr_facts_free(f);
    }
    t_add = now(CLOCK_MONOTONIC) - t0;
    c_add = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    rss1 = resident_bytes();

    t0 = now(CLOCK_MONOTONIC);
    c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    if (cr_archive_evaluate(ar) != CR_OK)
        return 2;
    t_eval = now(CLOCK_MONOTONIC) - t0;
    c_eval = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    getrusage(RUSAGE_SELF, &ru);

    printf("cases %zu (%s)\n", n, argv[1]);
    printf("add       %.2f s wall, %.2f s cpu (%.2f us a case)\n", t_add,
           c_add, c_add * 1e6 / (double)(n ? n : 1));
    printf("memory    %.1f MB held, %.0f bytes a case\n",
           (double)(rss1 - rss0) / 1e6,
           (double)(rss1 - rss0) / (double)(n ? n : 1));
    printf("evaluate  %.2f s wall, %.2f s cpu\n", t_eval, c_eval);
    printf("peak rss  %.1f MB\n", (double)ru.ru_maxrss / 1e3);
    printf("findings  %zu\n", cr_archive_get_finding_count(ar));
    for (i = 0; i < cr_archive_get_finding_count(ar) && i < 3; i++)
        printf("  %s %s\n",
               cr_archive_finding_get_rule(cr_archive_get_finding(ar, i)),
               cr_archive_finding_get_message(cr_archive_get_finding(ar, i)));
    cr_archive_free(ar);
    cr_checklist_unref(cl);
    return 0;
}
