/* archive-json.c — the findings of the archive rules as
 * casereview-archive/1 JSON (one line), written by `batch`
 * (--archive-json, and inside the summary) and the Dask front end alike. */
#include <string.h>

#include "alloc.h"
#include "archive-rules.h"
#include "export.h"
#include "result.h"
#include "strbuf.h"

static void
put_key(struct crp_strbuf *sb, const char *sep, const char *key)
{
    crp_strbuf_puts(sb, sep);
    crp_json_put_str(sb, key);
    crp_strbuf_puts(sb, ": ");
}

/* How a rule's statistics and a finding open: the rule's id under
 * ID_KEY, its title, basis and kind. */
static void
put_rule_head(struct crp_strbuf *sb, const char *id_key,
              const struct crp_arule *r)
{
    put_key(sb, "{", id_key);
    crp_json_put_str(sb, r->id);
    put_key(sb, ", ", "title");
    crp_json_put_str(sb, r->title);
    put_key(sb, ", ", "basis");
    crp_json_put_str(sb, r->basis);
    put_key(sb, ", ", "kind");
    crp_json_put_str(sb, crp_arule_kind_name(r->kind));
}

static void
put_rule_stats(struct crp_strbuf *sb, const struct crp_arule *r,
               const struct crp_arule_stats *s)
{
    put_rule_head(sb, "id", r);
    crp_strbuf_printf(sb, ", \"cases\": %zu, \"left_out\": %zu, "
                      "\"groups\": %zu, \"groups_tested\": %zu, "
                      "\"findings\": %zu}", s->cases, s->left_out, s->groups,
                      s->tested, s->findings);
}

static void
put_finding(struct crp_strbuf *sb, const struct cr_archive_finding *f)
{
    const struct crp_arule *r = f->rule;
    size_t i;

    put_rule_head(sb, "rule", r);
    put_key(sb, ", ", "group");
    crp_strbuf_putc(sb, '{');
    for (i = 0; i < r->nkeys; i++) {
        put_key(sb, i ? ", " : "", f->def->facts[r->keys[i]].name);
        crp_json_put_str(sb, f->keys[i]);
    }
    crp_strbuf_putc(sb, '}');
    put_key(sb, ", ", "message");
    crp_json_put_str(sb, f->message);
    put_key(sb, ", ", "figures");
    crp_strbuf_putc(sb, '{');
    for (i = 0; i < f->nfigs; i++) {
        put_key(sb, i ? ", " : "", f->figs[i].name);
        /* dates and percentages as their text, numbers as numbers */
        if (f->figs[i].is_date || f->figs[i].is_percent)
            crp_json_put_str(sb, f->figs[i].text);
        else
            crp_strbuf_puts(sb, f->figs[i].text);
    }
    crp_strbuf_puts(sb, "}, \"cases\": [");
    for (i = 0; i < f->ncases; i++) {
        put_key(sb, i ? ", {" : "{", "id");
        crp_json_put_name(sb, f->cases[i].id);
        put_key(sb, ", ", "source");
        crp_json_put_name(sb, f->cases[i].source);
        if (f->cases[i].value && r->kind == CRP_ARULE_COUNT) {
            put_key(sb, ", ", "date");
            crp_json_put_str(sb, f->cases[i].value);
        } else if (f->cases[i].value) {
            put_key(sb, ", ", "value");
            crp_strbuf_puts(sb, f->cases[i].value);
        }
        crp_strbuf_putc(sb, '}');
    }
    crp_strbuf_printf(sb, "], \"cases_omitted\": %zu}", f->omitted);
}

CR_EXPORT enum cr_status
cr_archive_to_json(const struct cr_archive *ar, char **json)
{
    const struct crp_archive_def *def;
    struct crp_strbuf sb;
    size_t i;

    if (json)
        *json = NULL;
    if (ar == NULL || json == NULL || !ar->evaluated)
        return CR_ERR_INVALID;
    def = ar->cl->archive;
    crp_strbuf_init(&sb);
    crp_strbuf_puts(&sb, "{\"format\": \"casereview-archive/1\", "
                         "\"checklist\": {\"id\": ");
    crp_json_put_str(&sb, ar->cl->id);
    put_key(&sb, ", ", "version");
    crp_json_put_str(&sb, ar->cl->version);
    crp_strbuf_printf(&sb, "}, \"cases\": %zu, \"rules\": [", ar->live);
    for (i = 0; def && i < def->nrules; i++) {
        if (i)
            crp_strbuf_puts(&sb, ", ");
        put_rule_stats(&sb, &def->rules[i], &ar->stats[i]);
    }
    crp_strbuf_puts(&sb, "], \"findings\": [");
    for (i = 0; i < ar->nfindings; i++) {
        if (i)
            crp_strbuf_puts(&sb, ", ");
        put_finding(&sb, &ar->findings[i]);
    }
    crp_strbuf_puts(&sb, "]}");
    *json = crp_strbuf_steal(&sb);
    return *json ? CR_OK : CR_ERR_NOMEM;
}
