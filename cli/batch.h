/* batch.h — internals of `casereview batch`, shared by the cli/batch-*.c
 * files: the input plan (what to score, in which order), the worker pool,
 * the per-case record the workers hand to the writer, and the outputs
 * (summary, CSV, HTML report). */
#ifndef CLI_BATCH_H
#define CLI_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "casereview.h"

/* ------------------------------------------------------------------ */
/* Growable byte buffer (the library's strbuf is private to the .so).   */

struct batch_buf {
    char *data;     /* always NUL-terminated once anything was added */
    size_t len;
    size_t cap;
};

/* Room for EXTRA more bytes (and the NUL) without growing again. */
void batch_buf_reserve(struct batch_buf *b, size_t extra);
void batch_buf_add(struct batch_buf *b, const void *p, size_t n);
void batch_buf_puts(struct batch_buf *b, const char *s);
void batch_buf_printf(struct batch_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void batch_buf_free(struct batch_buf *b);
/* Numbers as casereview-result/1 prints them: integer when whole,
 * otherwise at most two decimals. */
void batch_buf_number(struct batch_buf *b, double v);
/* A JSON string literal, quotes included; bytes that are not UTF-8
 * become U+FFFD, as the library writes sources. */
void batch_buf_json_str(struct batch_buf *b, const char *s);
/* Bytes of the UTF-8 character at P (a byte >= 0x80, before END), or 0
 * when none starts there (RFC 3629: no overlong forms, surrogates, or
 * code points past U+10FFFF). */
size_t batch_utf8_len(const unsigned char *p, const unsigned char *end);
/* True when S is all UTF-8. */
int batch_utf8_valid(const char *s);
/* A malloc'd copy of S with each byte that starts no UTF-8 character
 * replaced by U+FFFD (what the JSON outputs write), for the CSV and HTML
 * outputs, which are UTF-8 too. */
char *batch_utf8_clean(const char *s);
/* S as one line of terminal text: control characters (C0, DEL, C1) that
 * could move the cursor, color the terminal or forge a line become '?'. */
void batch_buf_line(struct batch_buf *b, const char *s);
/* Text escaped for HTML element content and quoted attributes. */
void batch_buf_html(struct batch_buf *b, const char *s);
/* One CSV field, quoted per RFC 4180 when needed. */
void batch_buf_csv(struct batch_buf *b, const char *s);

/* Allocation that cannot fail: the batch has no sensible way to go on
 * without memory, so it reports and exits (like xmalloc). */
void *batch_xmalloc(size_t n);
void *batch_xrealloc(void *p, size_t n);
char *batch_xstrdup(const char *s);
/* Case-insensitive suffix test on a byte string (ASCII suffixes). */
int batch_has_suffix(const char *name, const char *suffix);

/* ------------------------------------------------------------------ */
/* The plan: every case (or error line) in output order.               */

enum batch_entry_kind {
    BATCH_ENTRY_FILE,    /* a case file on disk: source is also its path */
    BATCH_ENTRY_MEMBER,  /* a member of archive `archive`, by name */
    BATCH_ENTRY_ERROR,   /* an error line decided during enumeration */
    /* Every case member of archive `archive` at once: an archive that
     * stores its members in sorted order keeps no names in the plan.
     * The entry stands for member_count seqs from `seq`, the member at
     * index k of the archive being seq + k; source is "PATH!" (the sort
     * key; no other entry's source starts with it). */
    BATCH_ENTRY_ARCHIVE
};

/* Kept compact (24 bytes): a plan holds one per named case. */
struct batch_entry {
    /* Display name, also the sort key; for BATCH_ENTRY_ERROR the message
     * follows its NUL (see batch_entry_message). Lives in the plan's
     * string arena. */
    const char *source;
    union {
        size_t order;         /* while building: discovery order */
        size_t seq;           /* once built: its (first) output line */
    };
    uint32_t archive;         /* MEMBER, ARCHIVE: index in archives */
    uint32_t kind;            /* enum batch_entry_kind */
};

/* The message of a BATCH_ENTRY_ERROR entry. */
const char *batch_entry_message(const struct batch_entry *e);

/* How an archive is opened: chosen by the listing, kept for the reading
 * pass so that both see the same members. */
#define BATCH_READER_DEFAULT 0
#define BATCH_READER_ZIP_STREAMING 1

struct batch_archive {
    char *path;               /* as given on the command line */
    int reader;               /* BATCH_READER_* */
    /* NULL when the archive has one BATCH_ENTRY_ARCHIVE entry (its
     * members are listed in sorted order); otherwise, for each regular
     * *.xml member in archive order, the index in entries of its
     * BATCH_ENTRY_MEMBER entry, or BATCH_NO_SEQ for a duplicate name
     * (scored once). */
    size_t *member_entry;
    size_t member_count;
    size_t first_seq;         /* smallest seq among its members */
};

#define BATCH_NO_SEQ ((size_t)-1)

struct batch_plan {
    struct batch_entry *entries;  /* sorted by source, unique */
    size_t nentries;
    size_t count;                 /* output lines (seqs) in all */
    char **chunks;                /* the string arena holding the sources */
    size_t nchunks;
    struct batch_archive *archives;
    size_t archive_count;
};

struct batch_limits {
    size_t max_member;        /* bytes per case file / member */
    uint64_t max_archive;     /* uncompressed bytes per archive */
};

/* Enumerates PATHS (files, directories, archives) into PLAN following
 * the documented conventions. Never fails for bad inputs: they become
 * error entries. */
void batch_plan_build(struct batch_plan *plan, char **paths, size_t n,
                      const struct batch_limits *limits);
void batch_plan_free(struct batch_plan *plan);

/* The seq and source of the member at INDEX (in archive order) of
 * archive AR, named NAME in the reading pass. Returns the seq, or
 * BATCH_NO_SEQ for a member not to be scored (a duplicate name, one the
 * listing did not see); *SOURCE is then NULL, else malloc'd. *CHANGED
 * is set when the member is not the one listed (the archive changed
 * between the passes): score it as an error line. NAME NULL: a member
 * the reading pass never reached; it gets a made-up source when the
 * plan keeps no names for the archive. */
size_t batch_plan_member(const struct batch_plan *plan,
                         const struct batch_archive *ar, size_t index,
                         const char *name, char **source, int *changed);

/* Message for a case file that is a pipe or socket: never waited on. */
#define BATCH_NOT_A_FILE "not a regular file (a pipe or socket)"

/* Message for a case over the limit, the same text the engine uses. */
char *batch_oversize_message(size_t limit);

/* ------------------------------------------------------------------ */
/* Archives (batch-archive.c; stubs without libarchive).                */

/* Lists the regular *.xml members of PATH in archive order, calling
 * ADD(ctx, name) for each; ADD returns nonzero to end the listing early
 * (not an error). ADD(ctx, NULL) means: forget the members listed so
 * far, the listing starts over (with another reader). *READER is set to
 * the BATCH_READER_* that batch_archive_read must use. Returns NULL, or
 * the message of the error that stopped the listing (members listed
 * before it are kept). Free the message with free(). */
char *batch_archive_list(const char *path, int *reader,
                         int (*add)(void *ctx, const char *name),
                         void *ctx);

/* Reading pass: for each regular *.xml member, in archive order, calls
 * FEED(ctx, index, name, data, len, error) with its bytes (malloc'd,
 * owned by the callee) or an error message (data NULL; the message is
 * owned by the callee too). INDEX counts case members from 0, matching
 * batch_archive_list. Stops early when STOP(ctx) returns nonzero.
 * Returns NULL, or the message of an error that ended the pass early
 * (the callee reports the members never fed). */
char *batch_archive_read(const char *path, int reader,
                         const struct batch_limits *limits,
                         void (*feed)(void *ctx, size_t index,
                                      const char *name, char *data,
                                      size_t len, char *error),
                         int (*stop)(void *ctx), void *ctx);

/* True when built with libarchive. */
int batch_archive_supported(void);

/* Makes LC_CTYPE a UTF-8 locale, so that libarchive can give member
 * names stored as UTF-8; call before any archive is read or thread
 * started. */
void batch_archive_init(void);

/* ------------------------------------------------------------------ */
/* Records: what a worker hands to the writer for one case.             */

/* Flags of struct batch_case. */
#define BATCH_CASE_ERROR 1u       /* could not be scored */
#define BATCH_CASE_INCOMPLETE 2u  /* some item in the error state */
#define BATCH_CASE_VETOED 4u
#define BATCH_CASE_LISTED 8u      /* failed or vetoed: listed in the report */
#define BATCH_CASE_PENDING 16u    /* 1.1: items wait for a reviewer */
#define BATCH_CASE_UNSCORED 32u   /* 1.1: no score (veto="unscored") */

/* A record unpacked for the writer. Strings point into the blob. */
struct batch_case {
    unsigned int flags;
    int grade;                /* index in the checklist's grades, or -1 */
    double score;
    const char *json;         /* the JSON line, "\n" included */
    size_t json_len;
    const char *csv;          /* the CSV row ("" without --csv) */
    size_t csv_len;
    const char *html;         /* report row ("" unless listed) */
    size_t html_len;
    const char *group;
    const char *source;
    const char *case_id;
    const char *error;        /* message of an unscorable case, else "" */
    const uint32_t *failed;   /* checklist indexes of failed items */
    size_t failed_count;
    const uint32_t *vetoes;   /* checklist indexes of fired vetoes */
    size_t veto_count;
    const char *form;         /* review form rows ("" without one) */
    size_t form_len;
};

struct batch_render_opts {
    const struct cr_checklist *cl;
    int csv;                  /* render CSV rows */
    int report;               /* render report rows */
    int form;                 /* render review form rows (pending items) */
    int scheme;               /* a checklist 1.1: CSV and report columns */
};

/* Packs everything the outputs need from RES into one blob (so that a
 * record can be held in memory or spilled to disk alike). */
char *batch_record_pack(const struct cr_result *res,
                        const struct batch_render_opts *opts, size_t *len);
void batch_record_unpack(const char *blob, size_t len, struct batch_case *out);

/* ------------------------------------------------------------------ */
/* Outputs.                                                             */

struct batch_summary;

struct batch_summary *batch_summary_new(const struct cr_checklist *cl);
void batch_summary_add(struct batch_summary *s, const struct batch_case *c);
void batch_summary_free(struct batch_summary *s);
/* The verdicts given (NULL: none): the summary notes the cases they
 * name that no result had, reported at the end. */
void batch_summary_set_verdicts(struct batch_summary *s,
                                const struct cr_verdicts *v);
/* Warns on F about each verdicts case never scored; returns how many. */
size_t batch_summary_unused_verdicts(const struct batch_summary *s, FILE *f);
/* casereview-summary/1 JSON, ending with a newline. */
void batch_summary_json(struct batch_summary *s, struct batch_buf *out);
/* The short text for stderr. */
void batch_summary_text(struct batch_summary *s, FILE *f);

/* The CSV header line (with BOM), CRLF included. */
const char *batch_csv_header(void);

/* batch-pending.c: checklist 1.1 in the outputs. The CSV header with
 * score_min, score_max, pending and pending_items; those columns of a
 * row (ROW ends with CRLF); the report row's block (pending items with
 * hints, bonus, grade caps, nested category scores); the review form's
 * header and rows (one per pending item, to fill in). */
const char *batch_csv_header_scheme(void);
void batch_csv_scheme(struct batch_buf *row, const struct cr_result *res);
void batch_html_scheme(struct batch_buf *h, const struct cr_result *res,
                       const struct cr_checklist *cl);
const char *batch_form_header(void);
void batch_form_rows(struct batch_buf *out, const struct cr_result *res,
                     const struct cr_checklist *cl, const char *source);

/* Writes the self-contained HTML report. LISTED holds the report rows of
 * failed/vetoed cases (already rendered, in output order), LISTED_SHOWN
 * how many rows it holds out of LISTED_TOTAL. */
int batch_report_write(FILE *f, struct batch_summary *s, FILE *listed,
                       size_t listed_shown, size_t listed_total);

/* batch-archive-rules.c: the checklist's archive rules. An archive when
 * the checklist has rules or WANTED (an output of them was asked for;
 * NULL otherwise: every call below then does nothing); each worker adds its results; once all are in, FINISH runs
 * the rules and hands the findings to the summary, whose JSON, text and
 * report show them; WRITE writes --archive-json (CSV 0) or
 * --archive-csv, returning the errno of a failed write or 0. */
struct cr_archive *batch_rules_new(struct cr_checklist *cl, int wanted);
void batch_rules_add(struct cr_archive *ar, const struct cr_result *res);
void batch_rules_finish(struct cr_archive *ar, struct batch_summary *s);
int batch_rules_write(const struct batch_summary *s, FILE *f, int csv);
void batch_rules_summary_json(const struct batch_summary *s,
                              struct batch_buf *out);
void batch_rules_summary_text(const struct batch_summary *s, FILE *f);
void batch_rules_report(const struct batch_summary *s, struct batch_buf *b);

/* ------------------------------------------------------------------ */
/* The run: worker pool, ordered writer, progress, signals.            */

struct batch_run_opts {
    struct cr_checklist *cl;
    struct cr_transform *transform;   /* --transform, or NULL */
    const struct batch_limits *limits;
    const struct batch_render_opts *render;
    int jobs;
    int progress;             /* show a progress line on stderr */
    FILE *out;                /* JSON Lines */
    FILE *csv;                /* or NULL */
    FILE *listed;             /* report rows (temporary file) or NULL */
    FILE *form;               /* review form rows, or NULL */
    struct cr_verdicts *verdicts;  /* set on every evaluator, or NULL */
    struct batch_summary *summary;
    struct cr_archive *archive;    /* archive rules' facts, or NULL */
};

struct batch_run_result {
    int incomplete;           /* some case unscorable or an item errored */
    int interrupted;          /* stopped by SIGINT/SIGTERM */
    int failed;               /* out of memory / output error */
    int write_errno;          /* errno of the first failed result write */
    size_t written;           /* records written */
    size_t listed_shown;
    size_t listed_total;
};

void batch_run(const struct batch_plan *plan, const struct batch_run_opts *o,
               struct batch_run_result *r);

/* SIGINT/SIGTERM handling for the whole command: start before the
 * enumeration, stop after the outputs are closed. batch_stopping() is
 * true once a stop was asked for; batch_interrupted() when by a signal. */
void batch_signals_start(void);
void batch_signals_stop(void);
int batch_stopping(void);
int batch_interrupted(void);

#endif
