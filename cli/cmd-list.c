/* cmd-list.c — casereview list: the checklists that `-c NAME` finds, one
 * directory of the search path after another (checklist-find.c), with
 * id, version, title and item count. A name found twice is taken from
 * the first directory; the later ones are shown as hidden. */
#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "checklist-find.h"
#include "cli.h"

static const char usage_text[] =
    "usage: casereview list [--format text|json] [--names] [--path]\n";

/* --help: every option; the usage line alone goes with a usage error */
static const char help_text[] =
    "Lists the checklists found by name (casereview -c NAME), directory by\n"
    "directory of the search path: " CLI_CHECKLIST_PATH_ENV ", then\n"
    "~/.local/share/casereview/checklists, the system's and the standard\n"
    "one. A name found in an earlier directory hides the same name later.\n"
    "\n"
    "  --format text|json         text: a table for people (the default);\n"
    "                             json: one JSON line per checklist\n"
    "  --names                    print the names only, one a line\n"
    "  --path                     print the directories searched, in order\n"
    "  -h, --help                 this text\n"
    "\n"
    "Exit status: 0 listed; 1 some checklist does not load; 2 bad usage.\n";

/* More than any agency keeps; a bound for a directory gone wrong. */
#define LIST_MAX_ENTRIES 10000

struct entry {
    char *name;
    char *path;
    size_t dir;               /* index in the search path */
    int hidden;               /* an earlier directory has this name */
    struct cr_checklist *cl;  /* NULL: does not load */
    size_t errors;
};

struct listing {
    struct cli_search_path sp;
    struct entry *e;
    size_t count, cap;
};

static int
by_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name,
                  ((const struct entry *)b)->name);
}

/* True when an entry before FIRST (an earlier directory) has NAME. */
static int
seen_before(const struct listing *l, size_t first, const char *name)
{
    size_t i;

    for (i = 0; i < first; i++)
        if (strcmp(l->e[i].name, name) == 0)
            return 1;
    return 0;
}

/* Adds the checklist files of directory D, sorted by name. */
static void
scan_dir(struct listing *l, size_t d)
{
    DIR *dir = opendir(l->sp.dir[d]);
    struct dirent *de;
    size_t first = l->count;

    if (dir == NULL)
        return;
    while ((de = readdir(dir)) != NULL && l->count < LIST_MAX_ENTRIES) {
        size_t n = strlen(de->d_name);
        char *path, *name;
        if (n <= 4 || strcmp(de->d_name + n - 4, ".xml") != 0 ||
            !cli_checklist_name_ok(de->d_name))
            continue;
        path = cli_checklist_in(l->sp.dir[d], de->d_name);
        if (path == NULL)      /* not a regular file */
            continue;
        name = batch_xstrdup(de->d_name);
        name[n - 4] = '\0';
        if (l->count == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 16;
            l->e = batch_xrealloc(l->e, l->cap * sizeof(*l->e));
        }
        memset(&l->e[l->count], 0, sizeof(l->e[0]));
        l->e[l->count].name = name;
        l->e[l->count].path = path;
        l->e[l->count].dir = d;
        l->count++;
    }
    closedir(dir);
    qsort(l->e + first, l->count - first, sizeof(*l->e), by_name);
}

static void
scan(struct listing *l)
{
    size_t d, i, first;

    cli_search_path_init(&l->sp);
    for (d = 0; d < l->sp.count; d++) {
        first = l->count;
        scan_dir(l, d);
        for (i = first; i < l->count; i++)
            l->e[i].hidden = seen_before(l, first, l->e[i].name);
    }
}

/* Loads every entry; returns how many do not load. A file whose root is
 * not a checklist (a tests file, a data document) is dropped. */
static size_t
load_all(struct listing *l)
{
    size_t i, kept = 0, bad = 0;

    for (i = 0; i < l->count; i++) {
        struct entry *e = &l->e[i];
        struct cr_diag_list *diags = NULL;
        const struct cr_diag *first;

        cr_checklist_load(e->path, NULL, &e->cl, &diags);
        e->errors = cr_diag_list_error_count(diags);
        first = cr_diag_list_get(diags, 0);
        if (e->cl == NULL && first && cr_diag_get_code(first) == 2001) {
            cr_diag_list_free(diags);
            free(e->name);
            free(e->path);
            continue;
        }
        cr_diag_list_free(diags);
        if (e->cl == NULL)
            bad++;
        l->e[kept++] = *e;
    }
    l->count = kept;
    return bad;
}

static void
free_listing(struct listing *l)
{
    size_t i;

    for (i = 0; i < l->count; i++) {
        free(l->e[i].name);
        free(l->e[i].path);
        cr_checklist_unref(l->e[i].cl);
    }
    free(l->e);
    cli_search_path_free(&l->sp);
}

static int
width_of(const struct listing *l, int id)
{
    size_t i, w = id ? 2 : 4;

    for (i = 0; i < l->count; i++) {
        const char *s = id ? (l->e[i].cl ? cr_checklist_get_id(l->e[i].cl)
                                         : "")
                           : l->e[i].name;
        if (strlen(s) > w)
            w = strlen(s);
    }
    return w > 60 ? 60 : (int)w;
}

/* Names and titles come from files: nothing in them that moves the
 * cursor reaches the terminal. */
static void
put_safe(struct batch_buf *b)
{
    struct batch_buf line = {0};

    batch_buf_line(&line, b->data);
    batch_buf_add(&line, "", 0);
    cli_put_line(stdout, line.data);
    batch_buf_free(&line);
    b->len = 0;
}

/* TEXT left-aligned in WIDTH columns, a CJK character taking two (the
 * header is Chinese in zh, the rows below are ASCII names and ids). */
static void
put_cell(const char *text, int width)
{
    const unsigned char *p;
    int cols = 0;

    for (p = (const unsigned char *)text; *p; p++)
        if ((*p & 0xC0) != 0x80)
            cols += *p >= 0xE0 ? 2 : 1;
    fputs(text, stdout);
    for (; cols < width; cols++)
        fputc(' ', stdout);
}

static void
header(int wn, int wi)
{
    fputs("  ", stdout);
    put_cell(cli_msg("NAME"), wn);
    fputs("  ", stdout);
    put_cell(cli_msg("ID"), wi);
    fputs("  ", stdout);
    put_cell(cli_msg("VERSION"), 9);
    fputs(" ", stdout);
    put_cell(cli_msg("ITEMS"), 5);
    fputs("  ", stdout);
    fputs(cli_msg("TITLE"), stdout);
    fputs("\n", stdout);
}

static void
print_text(const struct listing *l)
{
    int wn = width_of(l, 0), wi = width_of(l, 1);
    size_t i;
    struct batch_buf b = {0};

    if (l->count == 0) {
        fputs(cli_msg("no checklist found by name; the search path is:\n"),
              stdout);
        for (i = 0; i < l->sp.count; i++) {
            batch_buf_printf(&b, cli_msg("  %s (%s)"), l->sp.dir[i],
                             cli_msg(l->sp.kind[i]));
            put_safe(&b);
        }
        batch_buf_free(&b);
        return;
    }
    header(wn, wi);
    for (i = 0; i < l->count; i++) {
        const struct entry *e = &l->e[i];
        if (i == 0 || e->dir != l->e[i - 1].dir) {
            batch_buf_printf(&b, cli_msg("%s (%s):"), l->sp.dir[e->dir],
                             cli_msg(l->sp.kind[e->dir]));
            put_safe(&b);
        }
        if (e->cl) {
            batch_buf_printf(&b, "  %-*s  %-*s  %-9s %5zu  ", wn, e->name, wi,
                             cr_checklist_get_id(e->cl),
                             cr_checklist_get_version(e->cl),
                             cr_checklist_get_item_count(e->cl));
            batch_buf_puts(&b, cr_checklist_get_title(e->cl));
        } else {
            batch_buf_printf(&b,
                             cli_msg("  %-*s  does not load (%zu error(s)): "
                                     "casereview lint %s"),
                             wn, e->name, e->errors, e->path);
        }
        if (e->hidden)
            batch_buf_puts(&b, cli_msg("  [hidden: the name is found above]"));
        put_safe(&b);
    }
    batch_buf_free(&b);
}

static void
print_json(const struct listing *l)
{
    struct batch_buf b = {0};
    size_t i;

    for (i = 0; i < l->count; i++) {
        const struct entry *e = &l->e[i];
        b.len = 0;
        batch_buf_puts(&b, "{\"name\": ");
        batch_buf_json_str(&b, e->name);
        if (e->cl) {
            batch_buf_puts(&b, ", \"id\": ");
            batch_buf_json_str(&b, cr_checklist_get_id(e->cl));
            batch_buf_puts(&b, ", \"version\": ");
            batch_buf_json_str(&b, cr_checklist_get_version(e->cl));
            batch_buf_puts(&b, ", \"title\": ");
            batch_buf_json_str(&b, cr_checklist_get_title(e->cl));
            batch_buf_printf(&b, ", \"items\": %zu",
                             cr_checklist_get_item_count(e->cl));
        } else {
            batch_buf_printf(&b, ", \"errors\": %zu", e->errors);
        }
        batch_buf_puts(&b, ", \"path\": ");
        batch_buf_json_str(&b, e->path);
        batch_buf_puts(&b, ", \"kind\": ");
        batch_buf_json_str(&b, l->sp.kind[e->dir]);
        batch_buf_printf(&b, ", \"hidden\": %s}", e->hidden ? "true"
                                                             : "false");
        cli_put_line(stdout, b.data);
    }
    batch_buf_free(&b);
}

static void
print_names(const struct listing *l)
{
    size_t i;
    struct batch_buf b = {0};

    for (i = 0; i < l->count; i++) {
        if (l->e[i].hidden)
            continue;
        batch_buf_puts(&b, l->e[i].name);
        put_safe(&b);
    }
    batch_buf_free(&b);
}

enum { OPT_FORMAT = 256, OPT_NAMES, OPT_PATH };

static const struct option long_options[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {"names", no_argument, NULL, OPT_NAMES},
    {"path", no_argument, NULL, OPT_PATH},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}
};

int
cmd_list(int argc, char **argv)
{
    struct listing l;
    int opt, json = 0, names = 0, path = 0, status = CLI_EXIT_OK;
    size_t i;

    optind = 1;
    while ((opt = cli_getopt(argc, argv, "h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'h':
            fputs(cli_msg(usage_text), stdout);
            fputs(cli_msg(help_text), stdout);
            return CLI_EXIT_OK;
        case OPT_FORMAT:
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0) {
                cli_error("unknown format '%s' (text or json)", optarg);
                return CLI_EXIT_USAGE;
            }
            json = strcmp(optarg, "json") == 0;
            break;
        case OPT_NAMES:
            names = 1;
            break;
        case OPT_PATH:
            path = 1;
            break;
        default:
            fputs(cli_msg(usage_text), stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_error("unexpected argument '%s'", argv[optind]);
        fputs(cli_msg(usage_text), stderr);
        return CLI_EXIT_USAGE;
    }
    memset(&l, 0, sizeof(l));
    if (path) {
        cli_search_path_init(&l.sp);
        for (i = 0; i < l.sp.count; i++)
            cli_put_line(stdout, l.sp.dir[i]);
    } else {
        scan(&l);
        if (names)
            print_names(&l);
        else {
            if (load_all(&l) > 0)
                status = CLI_EXIT_INCOMPLETE;
            if (json)
                print_json(&l);
            else
                print_text(&l);
        }
    }
    free_listing(&l);
    if (cli_flush_stdout("list", "list") != 0)
        status = CLI_EXIT_USAGE;
    return status;
}
