/* batch-files.h — the files of one `casereview batch` run
 * (batch-files.c). */
#ifndef CLI_BATCH_FILES_H
#define CLI_BATCH_FILES_H

#include "batch.h"

struct batch_files_args {
    const char *output;       /* -o, or NULL / "-" for standard output */
    const char *csv, *summary, *report;   /* or NULL */
    const char *form;         /* --review-form, or NULL */
    const char *xlsx;         /* --xlsx, or NULL */
    /* --archive-json, --archive-csv (archive rules' findings), or NULL */
    const char *archive_json, *archive_csv;
    int csv_en;               /* --csv-headers en */
    int scheme;               /* a checklist 1.1: the CSV's longer header */
    int resume;
    /* what the results are made with, kept in the journal: a resumed
     * run must be made with the same */
    const char *fingerprint;
    /* the PATHs to score: no output may write over one of them */
    char *const *paths;
    size_t npaths;
};

struct batch_files {
    /* the JSON Lines */
    int out_fd;
    int out_stdout;
    int out_created;          /* this run created the file */
    char *out_path_created;
    int out_known, out_regular;
    dev_t out_dev;
    ino_t out_ino;
    uint64_t out_size;        /* before the run */
    struct batch_out *out;
    /* the journal, beside results that are a regular file */
    char *journal_path;
    int journal_fd;
    int journal_created;
    struct batch_out *journal;
    int resuming;
    struct batch_resume resume;
    /* whole files: renamed into place when the run is complete */
    struct batch_whole csv, summary, report, form, xlsx;
    struct batch_whole archive_json, archive_csv;
    struct batch_out *csv_out, *form_out;
    FILE *listed;             /* report rows, a scratch file */
    FILE *xlsx_rows;          /* workbook rows, a scratch file */
    FILE *case_rows, *case_deds;  /* the report's list of every case */
    const char *scratch_near; /* where scratch files go without TMPDIR */
};

/* Opens and checks every output, then starts them (results emptied, or
 * cut back to the cases done when resuming). 0, or -1 after a message:
 * the run is refused, batch_files_close(F, 1) leaves the files as they
 * were. */
int batch_files_open(struct batch_files *f, const struct batch_files_args *a);
/* A complete run: the CSV, summary, report and review form renamed into
 * place, the journal removed. 0, or -1 after a message naming the file. */
int batch_files_finish(struct batch_files *f, struct batch_summary *s,
                       const struct batch_run_result *r);
/* Flushes what the run wrote and closes everything; whole files not
 * finished stay as they were. REFUSED: the files created go again. */
void batch_files_close(struct batch_files *f, int refused);

#endif
