/* batch-skipped.h — the files batch saw and did not score (a PDF in a
 * folder, a Word file in a zip...), each with why: listed in the
 * summary, the report and, when nothing at all was a case, on stderr.
 * Collected while the inputs are enumerated (one thread). */
#ifndef CLI_BATCH_SKIPPED_H
#define CLI_BATCH_SKIPPED_H

#include <stddef.h>
#include <stdio.h>

/* What the summary and report list at most; the count is of all. */
#define BATCH_SKIPPED_LISTED 1000

struct batch_skip {
    char *source;             /* as the results would name it, UTF-8 */
    const char *reason;       /* Chinese, static */
};

/* A file in a folder (PATH) that is not a case: REGULAR false for a
 * FIFO, socket or device. */
void batch_skipped_file(const char *path, int regular);
/* A member of ARCHIVE that is not a case (LABEL: its name in UTF-8):
 * REGULAR false for a link or another file type. Directories are not
 * reported. */
void batch_skipped_member(const char *archive, const char *label,
                          int regular);
/* The files skipped, sorted by source, each once: how many in all;
 * *LIST (owned here) holds the first BATCH_SKIPPED_LISTED. */
size_t batch_skipped_list(const struct batch_skip **list, size_t *listed);
void batch_skipped_clear(void);
/* The count and the first MOST on F, for stderr (batch-summary.c). */
void batch_skipped_text(FILE *f, size_t most);

#endif
