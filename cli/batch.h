/* batch.h — internals of `casereview batch`, shared by the cli/batch-*.c
 * files: the input plan (what to score, in which order), the worker pool,
 * the per-case record the workers hand to the writer, and the outputs
 * (summary, CSV, HTML report). */
#ifndef CLI_BATCH_H
#define CLI_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

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
/* N bytes of FD at OFF, retried until all are read; 0, or -1 at the end
 * of the file or on an error. */
int batch_pread_all(int fd, void *buf, size_t n, uint64_t off);
/* Case-insensitive suffix test on a byte string (ASCII suffixes). */
int batch_has_suffix(const char *name, const char *suffix);
/* Room for a member name decoded from GB18030. */
#define BATCH_LABEL_MAX 4096
/* A member name in UTF-8: NAME itself when it is UTF-8, else decoded
 * from GB18030 into BUF (SIZE bytes) when it decodes so, else NAME. */
const char *batch_name_label(const char *name, char *buf, size_t size);

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
/* Read through the central directory (batch-zip.c), members inflated by
 * the workers. */
#define BATCH_READER_ZIP_DIRECT 2

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
    /* While planning an archive listed by name: where each member is, in
     * archive order (zips read directly only). */
    struct batch_zip_loc *member_loc;
    /* BATCH_READER_ZIP_DIRECT listed by name: where its entries are, in
     * plan order, duplicates left out; fed in that order, without
     * reading the central directory again (its records would be read in
     * no order at all). */
    struct batch_zip_loc *plan_locs;
    size_t plan_loc_count;
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

/* ------------------------------------------------------------------ */
/* Error lines (batch-error.c).                                         */

/* What batch could not read is reported as the engine reports a case it
 * cannot score: a Chinese message, an error kind for programs (JSON
 * error.kind) and the English text of what failed (the system's,
 * libarchive's) as error.detail. Until its result is made, an error
 * line travels as one string, KIND US MESSAGE US DETAIL (US = 0x1f,
 * never in a kind or message). The Python Dask runner
 * (casereview/inputs.py) gives the same texts byte for byte. */

#define BATCH_US "\x1f"
#define BATCH_ERROR_TEXT(kind, message, detail) \
    kind BATCH_US message BATCH_US detail

/* A case file that is a pipe or socket: never waited on. */
#define BATCH_NOT_A_FILE BATCH_ERROR_TEXT("unreadable", \
    "不是普通文件（是管道或套接字），没有读取", \
    "not a regular file (a pipe or socket)")
/* A link to a directory already on the walk's path. */
#define BATCH_SYMLINK_LOOP BATCH_ERROR_TEXT("unreadable", \
    "符号链接循环：链接指向它所在的文件夹或其上级，没有进入", "symlink loop")
#define BATCH_ENCRYPTED BATCH_ERROR_TEXT("unreadable", \
    "压缩包中的这个文件已加密，无法读取", "encrypted archive member")
/* An archive without a single entry: an empty one, or zeros (which a
 * tar reader takes for the end-of-archive blocks). */
#define BATCH_NO_ENTRIES BATCH_ERROR_TEXT("empty", \
    "压缩包中没有任何条目：是空压缩包，或者不是压缩包", \
    "no entries: an empty archive, or not an archive")
/* A hard link whose target is no regular file before it in the tar. */
#define BATCH_LINK_MISSING BATCH_ERROR_TEXT("unreadable", \
    "压缩包中的这个硬链接所指的文件不在它之前，无法读取", \
    "hard link to no file before it in the archive")
#define BATCH_NO_ARCHIVES BATCH_ERROR_TEXT("unreadable", \
    "这个 casereview 编译时没有 libarchive，不能读取压缩包", \
    "archive support not built in (casereview was built without " \
    "libarchive)")

/* KIND, MESSAGE and DETAIL as one error line's text (malloc'd). */
char *batch_error_text(const char *kind, const char *message,
                       const char *detail);
/* A path that could not be read, ERRNUM as errno. */
#define BATCH_PATH_FILE 0
#define BATCH_PATH_FOLDER 1
#define BATCH_PATH_LINK 2     /* a *.xml a folder lists, stat failing */
char *batch_errno_error(int errnum, int what);
/* A case over the limit: the engine's message for it. */
char *batch_oversize_message(size_t limit);
/* The members past --max-archive-size. */
char *batch_total_limit_message(uint64_t limit);
/* An archive (MEMBER 0) or one of its members that is damaged, DETAIL
 * saying how (libarchive's text, or the zip reader's in its words). */
char *batch_damaged_error(const char *detail, int member);
/* An archive that changed between batch's two passes over it. */
char *batch_changed_error(const char *detail);

/* ------------------------------------------------------------------ */
/* Archives (batch-archive.c; stubs without libarchive).                */

/* Lists the regular *.xml members of PATH in archive order, calling
 * ADD(ctx, name, loc) for each, LOC being where a zip's member is (for
 * BATCH_READER_ZIP_DIRECT; NULL when it cannot be read so); ADD returns
 * nonzero to end the listing early (not an error). ADD(ctx, NULL, ...)
 * means: forget the members listed so far, the listing starts over
 * (with another reader). *READER is set to the BATCH_READER_* that the
 * reading pass must use. Returns NULL, or the message of the error that
 * stopped the listing (members listed before it are kept). Free the
 * message with free(). */
struct batch_zip_loc;
char *batch_archive_list(const char *path, int *reader,
                         int (*add)(void *ctx, const char *name,
                                    const struct batch_zip_loc *loc),
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
/* Zips read through their central directory (batch-zip.c).          */

/* One central directory record. Strings point into the struct
 * batch_zip that read it, valid until its next record is read. */
struct batch_zip_entry {
    uint64_t record;          /* offset of this record */
    uint64_t next;            /* of the record after it */
    uint64_t local;           /* of its local header */
    uint64_t csize, usize;
    uint32_t crc, flags, method;
    int zip64;
    int name_ok;              /* no NUL inside the name */
    int type_agrees;          /* its file type is one the name shows */
    /* a file (not a directory, symlink or other type), named *.xml */
    int is_case;
    int encrypted;
    int readable;             /* stored or deflated, not encrypted */
    const char *name;         /* as stored */
    const char *label;        /* in UTF-8, as batch-archive.c names it */
};

struct batch_zip;

/* Opens PATH and finds its central directory; NULL when it has none
 * where a plain zip has it. */
struct batch_zip *batch_zip_open(const char *path);
void batch_zip_close(struct batch_zip *z);
int batch_zip_fd(const struct batch_zip *z);
/* The next record in directory order: 1, 0 at the end (when the
 * directory ends where the end record says), -1 when damaged. */
int batch_zip_next(struct batch_zip *z, struct batch_zip_entry *e);
/* Lists PATH from its central directory alone, when batch reads it
 * itself (the directory read whole and clean, no prefix before the zip,
 * names without NUL, every case member stored or deflated): calls ADD
 * as batch_archive_list does, in directory order, and returns 1 (*ERR
 * set when the zip has no entry at all). 0: not such a zip, nothing
 * listed; libarchive reads it. */
int batch_zip_list(const char *path,
                   int (*add)(void *ctx, const char *name,
                              const struct batch_zip_loc *loc),
                   void *ctx, char **err);
/* Back to the first record. */
void batch_zip_rewind(struct batch_zip *z);

/* Where a member's bytes are: all the feeder and a worker need to read
 * it. Local headers come in archive order: LOCAL orders members too. */
struct batch_zip_loc {
    uint64_t local, csize, usize;
    uint32_t crc;
    uint16_t method;
    uint16_t encrypted;
};

/* E's location. */
struct batch_zip_loc batch_zip_loc_of(const struct batch_zip_entry *e);

/* A worker's decompressor and buffers. */
struct batch_inflater;

struct batch_inflater *batch_inflater_new(void);
void batch_inflater_free(struct batch_inflater *inf);
/* Reads the member at LOC of the zip open on FD into *BUF (grown to
 * *CAP as needed) and checks its CRC; NULL with *LEN set, or the error
 * message (malloc'd). */
char *batch_zip_extract(struct batch_inflater *inf, int fd,
                        const struct batch_zip_loc *loc, char **buf,
                        size_t *cap, size_t *len);

/* ------------------------------------------------------------------ */
/* Files that survive a crash, a signal, a full disk (batch-output.c).  */

/* A streamed output taking whole records only. */
struct batch_out;

/* Writes to FD (described as PATH in messages), whose offset is AT. */
struct batch_out *batch_out_new(int fd, const char *path, uint64_t at);
/* Adds one whole record; -1 once a write failed (the file is then cut
 * back to its last whole record). */
int batch_out_add(struct batch_out *o, const void *p, size_t n);
int batch_out_flush(struct batch_out *o);
/* The offset after every record added. */
uint64_t batch_out_offset(const struct batch_out *o);
/* errno of the first failed write, or 0. */
int batch_out_error(const struct batch_out *o);
const char *batch_out_path(const struct batch_out *o);
/* Frees O (its descriptor stays open). */
void batch_out_free(struct batch_out *o);

/* A whole-file output: written to a temporary file beside the target
 * (where its symlinks lead), renamed over it by batch_whole_commit.
 * A target that is a device or a pipe is written in place. */
struct batch_whole {
    char *path;               /* as given */
    char *final;              /* what the rename replaces */
    char *tmp;                /* NULL: written in place */
    int anon;                 /* fd is a file without a name yet */
    int fd;
    int exists;               /* the target was there: dev, ino */
    dev_t dev;
    ino_t ino;
    mode_t mode;
};

/* 0, or -1 with errno. */
int batch_whole_open(struct batch_whole *w, const char *path);
/* Syncs, closes and renames; 0, or -1 with errno (the temporary file
 * is removed, the target left as it was). */
int batch_whole_commit(struct batch_whole *w);
/* Closes and removes the temporary file: the target stays as it was. */
void batch_whole_abandon(struct batch_whole *w);
void batch_whole_free(struct batch_whole *w);

/* An unlinked scratch file in $TMPDIR, or beside NEAR (a path) when
 * TMPDIR is not set, or in /tmp; NULL with errno. */
FILE *batch_scratch_file(const char *near);

/* ------------------------------------------------------------------ */
/* The journal of a run, for --resume (batch-resume.c).                  */

/* The size of a case whose bytes could not be had. */
#define BATCH_SIZE_UNKNOWN UINT64_MAX

struct batch_resume {
    int rfd;                  /* the journal, read */
    uint64_t first;           /* offset of its first record */
    uint64_t roff;            /* of the next record to read */
    size_t count;             /* cases whose line and record are whole */
    uint64_t results_end;     /* the results' length after them */
    uint64_t journal_end;     /* the journal's */
};

/* RESULTS.resume, malloc'd. */
char *batch_resume_path(const char *results);
/* The bytes of the file at PATH as a digest (FNV-1a, 64 bits, and the
 * size), for the fingerprint; "unreadable" when it cannot be read. */
#define BATCH_DIGEST_LEN 40
void batch_file_digest(const char *path, char out[BATCH_DIGEST_LEN]);
/* The journal's first record: what the results were made with. */
int batch_journal_start(struct batch_out *j, const char *fingerprint);
/* The record of the line that ends at RESULTS_END in the results, for a
 * case of SIZE bytes (BATCH_SIZE_UNKNOWN), packed as BLOB. */
int batch_journal_add(struct batch_out *j, uint64_t results_end,
                      uint64_t size, const char *blob, size_t len);
/* True when the journal JFD has no whole first record (the run was
 * killed before it wrote one): nothing was recorded. */
int batch_resume_empty(int jfd);
/* Opens the journal JFD of an interrupted run: checks it was made with
 * FINGERPRINT, counts the cases done and cuts the results (RESULTS_FD)
 * and the journal back to them. 0, or -1 with *ERR (malloc'd). */
int batch_resume_open(struct batch_resume *rs, int jfd, int results_fd,
                      const char *fingerprint, char **err);
/* The next case done: its size and record (*BLOB malloc'd); -1 when the
 * journal has no more. */
int batch_resume_next(struct batch_resume *rs, uint64_t *size, char **blob,
                      size_t *len);

/* ------------------------------------------------------------------ */
/* Records: what a worker hands to the writer for one case.             */

/* Flags of struct batch_case. */
#define BATCH_CASE_ERROR 1u       /* could not be scored */
#define BATCH_CASE_INCOMPLETE 2u  /* some item in the error state */
#define BATCH_CASE_VETOED 4u
#define BATCH_CASE_LISTED 8u      /* failed or vetoed: listed in the report */
#define BATCH_CASE_PENDING 16u    /* 1.1: items wait for a reviewer */
#define BATCH_CASE_UNSCORED 32u   /* 1.1: no score (veto="unscored") */
/* The packed flags carry, from this bit up, the index of the checklist
 * that scored the case in a run with several (batch-set.h). */
#define BATCH_CASE_CHECKLIST_SHIFT 24

/* A record unpacked for the writer. Strings point into the blob. */
struct batch_case {
    unsigned int flags;
    unsigned int checklist;   /* its checklist's index (batch-set.h) */
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
    const char *xlsx;         /* workbook rows ("" without --xlsx) */
    size_t xlsx_len;
    const char *agency_name;  /* what the case file says, or "" */
    const char *kind;
    const char *html_row;     /* the report's list of every case */
    size_t html_row_len;
    const char *html_ded;     /* its deductions, the row links to */
    size_t html_ded_len;
};

struct batch_render_opts {
    const struct cr_checklist *cl;
    int csv;                  /* render CSV rows */
    int report;               /* render report rows */
    int form;                 /* render review form rows (pending items) */
    int scheme;               /* a checklist 1.1: CSV and report columns */
    unsigned int checklist;   /* index of CL in a run with several */
    /* render the workbook's rows (batch-xlsx-rows.c) and the report's
     * list of every case (batch-report-rows.c): only when asked for, as
     * they are ten times what the journal keeps of a case otherwise; a
     * run resumes with the same (the fingerprint says so) */
    int xlsx;
    int report_all;
    int csv_en;               /* --csv-headers en: the CSV as before 0.2 */
};

/* Packs everything the outputs need from RES into one blob (so that a
 * record can be held in memory or spilled to disk alike). */
char *batch_record_pack(const struct cr_result *res,
                        const struct batch_render_opts *opts, size_t *len);
void batch_record_unpack(const char *blob, size_t len, struct batch_case *out);
/* A failed item as a report's list item (batch-record.c). */
void batch_html_deduction(struct batch_buf *h, const struct cr_item_result *it);
/* batch-report-rows.c: a case's row in the report's list of every case
 * and the block of its deductions; the colour of grade GRADE (index, -1
 * for none) of NGRADES, green for the best to red for the lowest. */
void batch_report_case_rows(struct batch_buf *row, struct batch_buf *ded,
                            const struct cr_result *res,
                            const struct batch_render_opts *o,
                            const char *source, int grade,
                            unsigned int flags, const uint32_t *failed,
                            size_t nfailed);
const char *batch_grade_color(int grade, size_t ngrades);
/* A copy of BLOB with an empty JSON line (what the resume journal keeps:
 * the line itself is in the results); *OUT_LEN its size. */
char *batch_record_without_json(const char *blob, size_t len,
                                size_t *out_len);

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
/* What the report's header names: the reviewing unit (--unit, or NULL)
 * and the inputs. */
void batch_summary_set_run(struct batch_summary *s, const char *unit,
                           char *const *paths, size_t npaths);
/* Warns on F about each verdicts case never scored; returns how many. */
size_t batch_summary_unused_verdicts(const struct batch_summary *s, FILE *f);
/* casereview-summary/1 JSON, ending with a newline. */
void batch_summary_json(struct batch_summary *s, struct batch_buf *out);
/* The short text for stderr. */
void batch_summary_text(struct batch_summary *s, FILE *f);

/* The CSV header line (with BOM), CRLF included: Chinese column names,
 * or EN the English ones of earlier versions (--csv-headers en). */
#define BATCH_CSV_ZH "案卷编号,来源文件,单位代码,总分,等次,一票否决," \
                     "扣分项数,主要扣分项,评查完整,无法评查原因"
const char *batch_csv_header(int en);

/* batch-pending.c: checklist 1.1 in the outputs. The CSV header with
 * score_min, score_max, pending and pending_items; those columns of a
 * row (ROW ends with CRLF); the report row's block (pending items with
 * hints, bonus, grade caps, nested category scores); the review form's
 * header and rows (one per pending item, to fill in). */
const char *batch_csv_header_scheme(int en);
void batch_csv_scheme(struct batch_buf *row, const struct cr_result *res);
void batch_html_scheme(struct batch_buf *h, const struct cr_result *res,
                       const struct cr_checklist *cl);
const char *batch_form_header(void);
void batch_form_rows(struct batch_buf *out, const struct cr_result *res,
                     const struct cr_checklist *cl, const char *source);

/* Writes the self-contained HTML report. LISTED holds the report rows of
 * failed/vetoed cases (already rendered, in output order), LISTED_SHOWN
 * how many rows it holds out of LISTED_TOTAL. */
struct batch_report_in {
    FILE *listed;
    size_t listed_shown, listed_total;
    /* every case: the rows of the list and the deduction blocks (scratch
     * files), ROWS_SHOWN of ROWS_TOTAL */
    FILE *rows, *deds;
    size_t rows_shown, rows_total;
};

int batch_report_write(FILE *f, struct batch_summary *s,
                       const struct batch_report_in *in);

/* batch-archive-rules.c: the checklist's archive rules. An archive when
 * the checklist has rules or WANTED (an output of them was asked for;
 * NULL otherwise: every call below then does nothing); each worker adds its results; once all are in, FINISH runs
 * the rules and hands the findings to the summary, whose JSON, text and
 * report show them; WRITE writes --archive-json (CSV 0) or
 * --archive-csv, returning the errno of a failed write or 0. */
struct cr_archive *batch_rules_new(struct cr_checklist *cl, int wanted);
void batch_rules_add(struct cr_archive *ar, const struct cr_result *res);
void batch_rules_finish(struct cr_archive *ar, struct batch_summary *s);
/* FINISH for every checklist of the run (ARCHIVES by checklist index);
 * with several, each one's findings go to its part of the summary.
 * Returns 0 (out of memory exits). */
int batch_rules_finish_all(struct batch_summary *s,
                           struct cr_archive **archives);
int batch_rules_write(const struct batch_summary *s, FILE *f, int csv);
void batch_rules_summary_json(const struct batch_summary *s,
                              struct batch_buf *out);
void batch_rules_summary_text(const struct batch_summary *s, FILE *f);
void batch_rules_report(const struct batch_summary *s, struct batch_buf *b);

/* ------------------------------------------------------------------ */
/* The run: worker pool, ordered writer, progress, signals.            */

struct batch_set;

struct batch_run_opts {
    struct cr_checklist *cl;
    /* several checklists (-c given more than once), or NULL: CL and
     * RENDER are then its first */
    const struct batch_set *set;
    struct cr_transform *transform;   /* --transform, or NULL */
    const struct batch_limits *limits;
    const struct batch_render_opts *render;
    int jobs;
    int progress;             /* show a progress line on stderr */
    struct batch_out *out;    /* JSON Lines */
    struct batch_out *csv;    /* or NULL */
    struct batch_out *journal;    /* for --resume, or NULL */
    struct batch_resume *resume;  /* resuming: the cases done, or NULL */
    FILE *listed;             /* report rows (scratch file) or NULL */
    const char *scratch_near; /* scratch files go beside it (no TMPDIR) */
    struct batch_out *form;   /* review form rows, or NULL */
    FILE *xlsx_rows;          /* workbook rows (scratch file) or NULL */
    FILE *case_rows, *case_deds;  /* the report's list of every case */
    struct cr_verdicts *verdicts;  /* set on every evaluator, or NULL */
    struct batch_summary *summary;
    /* archive rules' facts, by checklist index (an entry NULL for a
     * checklist without rules), or NULL */
    struct cr_archive *const *archives;
    size_t narchives;
};

struct batch_run_result {
    int incomplete;           /* some case unscorable or an item errored */
    int interrupted;          /* stopped by SIGINT, SIGTERM or SIGHUP */
    /* stopped by the first failed write, or a case that changed since
     * the run resumed: the message, malloc'd */
    char *failure;
    size_t written;           /* records written */
    size_t listed_shown;
    size_t listed_total;
    size_t cases_shown;       /* rows in the report's list of every case */
    size_t cases_total;       /* of so many */
};

void batch_run(const struct batch_plan *plan, const struct batch_run_opts *o,
               struct batch_run_result *r);

/* SIGINT, SIGTERM and SIGHUP handling for the whole command: start
 * before the enumeration, stop after the outputs are closed.
 * batch_stopping() is true once a stop was asked for (batch_stop(), or
 * a signal); batch_interrupted() when by a signal. */
void batch_signals_start(void);
void batch_signals_stop(void);
void batch_stop(void);
int batch_stopping(void);
int batch_interrupted(void);
/* FN(CTX) is called by batch_stop() to wake the run's waiting threads
 * (NULL: none). */
void batch_set_wake(void (*fn)(void *ctx), void *ctx);

#endif
