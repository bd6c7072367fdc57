/* cmd-verdicts.c — casereview verdicts: turns review forms (the CSV
 * `batch --review-form` writes, filled in by reviewers in Excel or WPS)
 * into a verdicts file (urn:casereview:verdicts:1), checked by the
 * library against the checklist exactly like a verdicts file: every
 * problem is reported at its form's row, and nothing is written unless
 * all rows are right. Rows left blank stay pending. docs/verdicts.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "batch.h"
#include "cli.h"
#include "csv-read.h"

static const char usage_text[] =
    "usage: casereview verdicts -c CHECKLIST [-o VERDICTS.xml] "
    "[--merge OLD.xml]\n"
    "                           [--by NAME] [--at TIME] FORM.csv...\n";

/* --help: every option; the usage line alone goes with a usage error */
static const char help_text[] =
    "Turns filled review forms (batch --review-form; CSV in UTF-8 or\n"
    "GB18030, as Excel and WPS save them) into a verdicts file, checked\n"
    "against the checklist; rows without a result stay pending.\n"
    "\n"
    "  -c, --checklist CHECKLIST  the checklist the forms were made for\n"
    "  -o, --output VERDICTS.xml  write there (default: standard output)\n"
    "  --merge OLD.xml            keep the verdicts of OLD.xml too\n"
    "  --by NAME                  the reviewer, for rows that leave it empty\n"
    "  --at TIME                  the time, for rows that leave it empty\n"
    "  -h, --help                 this text\n"
    "\n"
    "Exit status: 0 the verdicts were written; 2 bad usage or any problem\n"
    "(each named with its file and row).\n";

/* One verdict and where it came from. */
struct vrow {
    const char *file;
    int line;
    char *case_id, *item, *result, *deduct, *by, *at, *reason;
};

struct rows {
    struct vrow *v;
    size_t n;
};

/* The form's columns, found by their header (Chinese or English). */
enum col { C_CASE, C_ITEM, C_RESULT, C_DEDUCT, C_BY, C_AT, C_REASON, NCOLS };

static const char *const col_names[NCOLS][3] = {
    {"案卷编号", "case", "case_id"}, {"评查项", "item", NULL},
    {"结论", "result", NULL}, {"扣分", "deduct", NULL},
    {"评查人", "by", NULL}, {"评查时间", "at", NULL},
    {"理由", "reason", NULL},
};

static int
header_is(const char *cell, enum col c)
{
    size_t k;

    for (k = 0; k < 3 && col_names[c][k]; k++) {
        size_t n = strlen(col_names[c][k]);
        /* "结论（通过/不通过/不适用）" is the result column */
        if (strncmp(cell, col_names[c][k], n) == 0 &&
            (cell[n] == '\0' || (c == C_RESULT && k == 0)))
            return 1;
    }
    return 0;
}

static char *
dup_cell(const struct csv_row *r, int col, const char *def)
{
    const char *s = col >= 0 && (size_t)col < r->nfields ? r->fields[col]
                                                         : "";
    size_t len;

    while (*s == ' ' || *s == '\t')
        s++;
    len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0 && def)
        return batch_xstrdup(def);
    {
        char *c = batch_xmalloc(len + 1);
        memcpy(c, s, len);
        c[len] = '\0';
        return c;
    }
}

/* The reviewer's word for a result, in the verdicts' words; anything
 * else is kept as written for the loader to refuse. */
static char *
result_of(char *s)
{
    static const char *const map[][2] = {
        {"通过", "passed"}, {"合格", "passed"}, {"pass", "passed"},
        {"不通过", "failed"}, {"不合格", "failed"}, {"fail", "failed"},
        {"扣分", "failed"}, {"不适用", "not-applicable"},
        {"无需评审", "not-applicable"}, {"na", "not-applicable"},
    };
    size_t i;

    for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(s, map[i][0]) == 0) {
            free(s);
            return batch_xstrdup(map[i][1]);
        }
    return s;
}

static void
free_row(struct vrow *v)
{
    free(v->case_id);
    free(v->item);
    free(v->result);
    free(v->deduct);
    free(v->by);
    free(v->at);
    free(v->reason);
}

static struct vrow *
new_row(struct rows *rows, const char *file, int line)
{
    struct vrow *v;

    rows->v = batch_xrealloc(rows->v, (rows->n + 1) * sizeof(*rows->v));
    v = &rows->v[rows->n++];
    memset(v, 0, sizeof(*v));
    v->file = file;
    v->line = line;
    return v;
}

/* The filled rows of one form. -1 after saying why it cannot be read. */
static int
read_form(const char *path, struct rows *rows, const char *by,
          const char *at)
{
    struct csv_file c;
    char err[256];
    int cols[NCOLS];
    size_t i, k;

    if (csv_read(path, &c, err, sizeof(err)) != 0) {
        cli_error("%s: %s", path, err);
        return -1;
    }
    for (k = 0; k < NCOLS; k++)
        cols[k] = -1;
    for (k = 0; c.nrows && k < c.rows[0].nfields; k++)
        for (i = 0; i < NCOLS; i++)
            if (cols[i] < 0 && header_is(c.rows[0].fields[k], (enum col)i))
                cols[i] = (int)k;
    if (c.nrows == 0 || cols[C_CASE] < 0 || cols[C_ITEM] < 0 ||
        cols[C_RESULT] < 0) {
        cli_error("%s:1: not a review form: the header needs '案卷编号' "
                  "(case), '评查项' (item) and '结论' (result)", path);
        csv_free(&c);
        return -1;
    }
    for (i = 1; i < c.nrows; i++) {
        const struct csv_row *r = &c.rows[i];
        struct vrow *v;
        char *result = dup_cell(r, cols[C_RESULT], NULL);
        char *deduct = dup_cell(r, cols[C_DEDUCT], NULL);
        char *reason = dup_cell(r, cols[C_REASON], NULL);
        char *rby = dup_cell(r, cols[C_BY], NULL);
        char *rat = dup_cell(r, cols[C_AT], NULL);
        /* nothing decided on this row: the item stays pending */
        if (!result[0] && !deduct[0] && !reason[0] && !rby[0] && !rat[0]) {
            free(result), free(deduct), free(reason), free(rby), free(rat);
            continue;
        }
        v = new_row(rows, path, r->line);
        v->case_id = dup_cell(r, cols[C_CASE], NULL);
        v->item = dup_cell(r, cols[C_ITEM], NULL);
        v->result = result_of(result);
        v->deduct = deduct;
        v->reason = reason;
        v->by = rby[0] || !by ? rby : (free(rby), batch_xstrdup(by));
        v->at = rat[0] || !at ? rat : (free(rat), batch_xstrdup(at));
    }
    csv_free(&c);
    return 0;
}

static char *
prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    char *s = batch_xstrdup(v ? (const char *)v : "");

    xmlFree(v);
    return s;
}

/* The verdicts of OLD.xml (--merge), to be written again with the new
 * ones and checked with them: a form row deciding an item OLD decided is
 * a second verdict. */
static int
read_old(const char *path, struct rows *rows)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET |
                                XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, c, k;

    if (root == NULL) {
        cli_error("%s: not a well-formed XML file", path);
        xmlFreeDoc(doc);
        return -1;
    }
    for (c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        for (k = c->children; k; k = k->next) {
            struct vrow *v;
            xmlChar *text;
            if (k->type != XML_ELEMENT_NODE)
                continue;
            v = new_row(rows, path, (int)xmlGetLineNo(k));
            v->case_id = prop(c, "id");
            v->item = prop(k, "item");
            v->result = prop(k, "result");
            v->deduct = prop(k, "deduct");
            v->by = prop(k, "by");
            v->at = prop(k, "at");
            text = xmlNodeGetContent(k);
            v->reason = batch_xstrdup(text ? (const char *)text : "");
            xmlFree(text);
        }
    }
    xmlFreeDoc(doc);
    return 0;
}

static void
put_attr(struct batch_buf *b, const char *name, const char *v)
{
    if (v == NULL || (v[0] == '\0' && strcmp(name, "deduct") == 0))
        return;
    batch_buf_printf(b, " %s=\"", name);
    batch_buf_html(b, v);
    batch_buf_puts(b, "\"");
}

static void
put_verdict(struct batch_buf *b, const struct vrow *v, int one_line)
{
    char *p, *reason = batch_xstrdup(v->reason);

    if (one_line)       /* the check document: one verdict per line */
        for (p = reason; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
    batch_buf_puts(b, "<verdict");
    put_attr(b, "item", v->item);
    put_attr(b, "result", v->result);
    put_attr(b, "deduct", v->deduct);
    put_attr(b, "by", v->by);
    put_attr(b, "at", v->at);
    if (reason[0]) {
        batch_buf_puts(b, ">");
        batch_buf_html(b, reason);
        batch_buf_puts(b, "</verdict>");
    } else {
        batch_buf_puts(b, "/>");
    }
    free(reason);
}

/* To check: verdict K on line K + 2, each in a <case> of its own. */
static void
check_doc(struct batch_buf *b, const struct rows *rows, const char *cl_id)
{
    size_t i;

    batch_buf_puts(b, "<verdicts xmlns=\"urn:casereview:verdicts:1\" "
                      "checklist=\"");
    batch_buf_html(b, cl_id);
    batch_buf_puts(b, "\">");
    for (i = 0; i < rows->n; i++) {
        batch_buf_puts(b, "\n<case id=\"");
        batch_buf_html(b, rows->v[i].case_id);
        batch_buf_puts(b, "\">");
        put_verdict(b, &rows->v[i], 1);
        batch_buf_puts(b, "</case>");
    }
    batch_buf_puts(b, "\n</verdicts>\n");
}

/* To keep: the verdicts grouped by case, in the order cases came. */
static void
output_doc(struct batch_buf *b, const struct rows *rows, const char *cl_id)
{
    unsigned char *done = calloc(rows->n + 1, 1);
    size_t i, k;

    batch_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<verdicts xmlns=\"urn:casereview:verdicts:1\" "
                      "checklist=\"");
    batch_buf_html(b, cl_id);
    batch_buf_puts(b, "\">\n");
    for (i = 0; done && i < rows->n; i++) {
        if (done[i])
            continue;
        batch_buf_puts(b, "  <case id=\"");
        batch_buf_html(b, rows->v[i].case_id);
        batch_buf_puts(b, "\">\n");
        for (k = i; k < rows->n; k++) {
            if (done[k] || strcmp(rows->v[k].case_id, rows->v[i].case_id))
                continue;
            done[k] = 1;
            batch_buf_puts(b, "    ");
            put_verdict(b, &rows->v[k], 0);
            batch_buf_puts(b, "\n");
        }
        batch_buf_puts(b, "  </case>\n");
    }
    batch_buf_puts(b, "</verdicts>\n");
    free(done);
}

/* Checks ROWS like a verdicts file; problems at their form's rows. */
static int
check_rows(struct cr_checklist *cl, const struct rows *rows)
{
    struct batch_buf doc = {0};
    struct cr_verdicts *v = NULL;
    struct cr_diag_list *diags = NULL;
    enum cr_status st;
    size_t i;

    check_doc(&doc, rows, cr_checklist_get_id(cl));
    st = cr_verdicts_load_memory(cl, doc.data, doc.len, "form", &v, &diags);
    for (i = 0; i < cr_diag_list_count(diags); i++) {
        const struct cr_diag *d = cr_diag_list_get(diags, i);
        long k = (long)cr_diag_get_line(d) - 2;
        long first = (long)cli_verdict_first_line(cr_diag_get_message(d)) - 2;
        char where[512], msg[1024];
        if (first >= 0 && (size_t)first < rows->n)
            snprintf(where, sizeof(where), "%s:%d", rows->v[first].file,
                     rows->v[first].line);
        else
            snprintf(where, sizeof(where), "?");
        cli_verdict_retarget(cr_diag_get_message(d), where, msg, sizeof(msg));
        if (k >= 0 && (size_t)k < rows->n)
            fprintf(stderr, "%s:%d: %s[CR-%d]: %s\n", rows->v[k].file,
                    rows->v[k].line, cli_msg("error"), cr_diag_get_code(d),
                    msg);
        else
            fprintf(stderr, "%s[CR-%d]: %s\n", cli_msg("error"),
                    cr_diag_get_code(d), cr_diag_get_message(d));
    }
    if (st != CR_OK && cr_diag_list_count(diags) == 0)
        cli_error("%s", cli_status_text(st));
    cr_diag_list_free(diags);
    cr_verdicts_unref(v);
    batch_buf_free(&doc);
    return st == CR_OK ? 0 : -1;
}

static int
write_out(const char *path, const struct batch_buf *b)
{
    FILE *f = path && strcmp(path, "-") ? fopen(path, "wb") : stdout;

    if (f == NULL) {
        cli_error("cannot write %s: %s", path, cli_errno_text(errno));
        return -1;
    }
    errno = 0;
    if (fwrite(b->data, 1, b->len, f) != b->len ||
        (f == stdout ? fflush(f) : fclose(f)) != 0) {
        cli_error("cannot write %s: %s",
                  f == stdout ? cli_msg("standard output") : path,
                  cli_errno_text(errno ? errno : EIO));
        return -1;
    }
    return 0;
}

struct vargs {
    const char *checklist, *output, *merge, *by, *at;
    char **forms;             /* the FORM.csv arguments, in order */
    int nforms;
};

/* Options may come before or after the forms; `--` ends them. */
static int
parse_args(int argc, char **argv, struct vargs *a)
{
    int i, options = 1;

    memset(a, 0, sizeof(*a));
    a->forms = batch_xmalloc(((size_t)argc + 1) * sizeof(*a->forms));
    for (i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char **slot = NULL;
        if (!options || s[0] != '-' || s[1] == '\0') {
            a->forms[a->nforms++] = argv[i];
            continue;
        }
        if (strcmp(s, "--") == 0) {
            options = 0;
            continue;
        }
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            fputs(cli_msg(usage_text), stdout);
            fputs(cli_msg(help_text), stdout);
            return 0;
        }
        if (strcmp(s, "-c") == 0 || strcmp(s, "--checklist") == 0)
            slot = &a->checklist;
        else if (strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0)
            slot = &a->output;
        else if (strcmp(s, "--merge") == 0)
            slot = &a->merge;
        else if (strcmp(s, "--by") == 0)
            slot = &a->by;
        else if (strcmp(s, "--at") == 0)
            slot = &a->at;
        if (slot == NULL || i + 1 >= argc) {
            cli_error("unknown or incomplete option '%s'", s);
            return -1;
        }
        *slot = argv[++i];
    }
    if (a->checklist == NULL || a->nforms == 0) {
        cli_error("give -c CHECKLIST and a FORM.csv");
        return -1;
    }
    return 1;
}

int
cmd_verdicts(int argc, char **argv)
{
    struct vargs a;
    struct rows rows = {NULL, 0};
    struct cr_checklist *cl = NULL;
    struct batch_buf out = {0};
    struct cr_load_options *opts = NULL;
    int rc = parse_args(argc, argv, &a), i, status = CLI_EXIT_USAGE;
    size_t k;

    if (rc <= 0) {
        if (rc < 0)
            fputs(cli_msg(usage_text), stderr);
        free(a.forms);
        return rc < 0 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    }
    if (cli_options_new(&opts) == CR_OK)
        cl = cli_load_checklist(a.checklist, opts);
    cr_load_options_free(opts);
    if (cl == NULL) {
        free(a.forms);
        return CLI_EXIT_USAGE;
    }
    rc = a.merge ? read_old(a.merge, &rows) : 0;
    for (i = 0; i < a.nforms && rc == 0; i++)
        rc = read_form(a.forms[i], &rows, a.by, a.at);
    if (rc == 0 && check_rows(cl, &rows) == 0) {
        output_doc(&out, &rows, cr_checklist_get_id(cl));
        if (write_out(a.output, &out) == 0)
            status = CLI_EXIT_OK;
        if (a.output && strcmp(a.output, "-") != 0)
            cli_error("%zu verdict(s) written to %s", rows.n, a.output);
        else
            cli_error("%zu verdict(s)", rows.n);
    }
    batch_buf_free(&out);
    for (k = 0; k < rows.n; k++)
        free_row(&rows.v[k]);
    free(rows.v);
    free(a.forms);
    cr_checklist_unref(cl);
    return status;
}
