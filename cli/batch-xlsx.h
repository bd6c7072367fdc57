/* batch-xlsx.h — the Excel workbook of a batch (batch --xlsx): rows
 * rendered by the workers (batch-xlsx-rows.c), the workbook written at
 * the end (batch-xlsx.c). */
#ifndef CLI_BATCH_XLSX_H
#define CLI_BATCH_XLSX_H

#include <stdio.h>

#include "batch.h"

/* The first byte of a row: its kind. */
#define BATCH_XLSX_CASE "C"
#define BATCH_XLSX_DEDUCTION "D"
#define BATCH_XLSX_PENDING "P"

struct batch_summary;

/* Appends RES's rows to B: its case row, then a row per failed item
 * (FAILED: checklist indexes) and per pending item. */
void batch_xlsx_rows(struct batch_buf *b, const struct cr_result *res,
                     const struct cr_checklist *cl, const char *source,
                     const uint32_t *failed, size_t failed_count);

/* KIND (cr_result_get_case_kind) in Chinese; "" for an error result. */
const char *batch_kind_label(const char *kind, int error);

/* An error kind (cr_result_get_error_kind, or "error") in words. */
const char *batch_error_kind_label(const char *kind);

/* True when built with libxlsxwriter. */
int batch_xlsx_supported(void);

/* Writes the workbook to PATH (a new file) from ROWS (every case's rows,
 * in output order, read from the start) and the summary S. 0, or -1
 * with *ERR set (malloc'd). */
int batch_xlsx_write(const char *path, FILE *rows, struct batch_summary *s,
                     char **err);

#endif
