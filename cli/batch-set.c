/* batch-set.c — scoring with several checklists: each case goes to the
 * first checklist whose <accepts> accepts it (the order given on the
 * command line). A refusal costs one more parse of the case, not a
 * score: <accepts> is evaluated before anything else. A case none
 * accepts is one error line naming every checklist of the run, so that
 * a file of a kind nobody asked for is never silently left out. The
 * Python front end (casereview/_tasks.py) words it byte for byte. */
#include <stdlib.h>
#include <string.h>

#include "batch-set.h"

#include "cli.h"

/* Where a refusal says what the file is, in each language (the
 * library's "不是评查标准“%s”适用的案卷：" and its "。%s"). */
static const char *const what_from[] = {"适用的案卷：", " is written for: "};
static const char *const what_to[] = {"。", ". "};

void
batch_set_init(struct batch_set *set, struct cr_checklist **cl, size_t n,
               const struct batch_render_opts *base)
{
    size_t i;

    set->n = n;
    set->cl = cl;
    set->render = batch_xmalloc((n + 1) * sizeof *set->render);
    for (i = 0; i <= n; i++) {
        set->render[i] = *base;
        set->render[i].cl = cl[i < n ? i : 0];
        set->render[i].checklist = i < n ? (unsigned)i : BATCH_SET_NONE;
    }
}

void
batch_set_free(struct batch_set *set)
{
    free(set->render);
    set->render = NULL;
}

static int
refused(const struct cr_result *res)
{
    const char *kind = cr_result_get_error_kind(res);

    return cr_result_is_error(res) && kind &&
           strcmp(kind, "not-accepted") == 0;
}

/* What the first refusal says the file is ("根元素为 <case>，format 为
 * …"): after its "适用的案卷：", up to the first "。". */
static void
put_what(struct batch_buf *b, const char *refusal)
{
    int en = cli_lang == CRP_LANG_EN;
    const char *p = refusal ? strstr(refusal, what_from[en]) : NULL;
    const char *end;

    if (!p)
        return;
    p += strlen(what_from[en]);
    end = strstr(p, what_to[en]);
    batch_buf_add(b, p, end ? (size_t)(end - p) : strlen(p));
}

static enum cr_status
none_accepted(const struct batch_set *set, const char *source,
              const struct cr_result *first, struct cr_result **out)
{
    struct batch_buf m = {0}, d = {0};
    enum cr_status st;
    size_t i;

    batch_buf_puts(&m, cli_msg("本次评查的评查标准都不适用于这个案卷："));
    put_what(&m, cr_result_get_error_message(first));
    batch_buf_puts(&m, cli_msg("。本次评查的标准："));
    batch_buf_puts(&d, "no checklist of the run accepts the case:");
    for (i = 0; i < set->n; i++) {
        const char *title = cr_checklist_get_title(set->cl[i]);
        const char *id = cr_checklist_get_id(set->cl[i]);

        batch_buf_printf(&m, cli_msg("%s“%s”（%s）"), i ? cli_msg("、") : "",
                         title && *title ? title : id, id);
        batch_buf_printf(&d, " %s", id);
    }
    batch_buf_puts(&m, cli_msg("。"));
    st = cr_result_new_error_kind(source, m.data, "not-accepted", d.data,
                                  out);
    batch_buf_free(&m);
    batch_buf_free(&d);
    return st;
}

enum cr_status
batch_set_score(const struct batch_set *set, struct cr_evaluator **evs,
                const char *data, size_t len, const char *source,
                struct cr_result **out,
                const struct batch_render_opts **render)
{
    struct cr_result *first = NULL, *res = NULL;
    enum cr_status st = CR_OK;
    size_t i;

    *out = NULL;
    for (i = 0; i < set->n; i++) {
        st = cr_evaluator_score_memory(evs[i], data, len, source, &res);
        if (!res || !refused(res)) {
            /* a case that cannot be scored is no checklist's: it is
             * counted with all cases only */
            *render = &set->render[res && !cr_result_is_error(res)
                                       ? i : set->n];
            *out = res;
            cr_result_free(first);
            return st;
        }
        if (first)
            cr_result_free(res);
        else
            first = res;
        res = NULL;
    }
    *render = &set->render[set->n];
    st = none_accepted(set, source, first, out);
    cr_result_free(first);
    return *out ? CR_ERR_CASE : st;
}

void
batch_set_fingerprint(struct batch_buf *b, struct cr_checklist **cl,
                      size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const char *id = cr_checklist_get_id(cl[i]);
        const char *version = cr_checklist_get_version(cl[i]);

        /* one line for them all: the resume journal compares lines,
         * and the same checklists in another order are another run */
        batch_buf_printf(b, "%s%s version %s items %zu",
                         i ? ", " : "checklist ", id ? id : "",
                         version ? version : "",
                         cr_checklist_get_item_count(cl[i]));
    }
}
