/* csv-read.h — reading spreadsheet CSV files (csv-read.c). */
#ifndef CLI_CSV_READ_H
#define CLI_CSV_READ_H

#include <stddef.h>

struct csv_row {
    char **fields;            /* UTF-8, unquoted */
    size_t nfields;
    int line;                 /* where the row starts in the file */
};

struct csv_file {
    struct csv_row *rows;     /* empty lines skipped */
    size_t nrows;
    int converted;            /* read as GB18030 */
};

/* Reads PATH into OUT. -1 with a message in ERR when it cannot be read
 * or is not text. */
int csv_read(const char *path, struct csv_file *out, char *err,
             size_t errlen);
void csv_free(struct csv_file *c);

#endif
