/* result-text.c — the readable Chinese report of one case. */
#include "alloc.h"
#include "export.h"
#include "result.h"
#include "strbuf.h"

static void
put_item_line(struct crp_strbuf *sb, const struct cr_item_result *ir)
{
    char num[64];
    size_t i;

    crp_format_number(ir->deducted, num, sizeof(num));
    if (ir->def->has_points) {     /* 1.1: an item of an earn category */
        char pts[64];
        crp_format_number(ir->def->points, pts, sizeof(pts));
        crp_format_number(crp_item_earned(ir), num, sizeof(num));
        crp_strbuf_printf(sb, "  [%s] %s：得 %s / %s 分%s%s\n", ir->def->id,
                          ir->def->title, num, pts,
                          ir->def->veto ? "（否决项）" : "",
                          ir->verdict ? "（人工评查）" : "");
    } else {
        crp_strbuf_printf(sb, "  [%s] %s：扣 %s 分%s%s\n", ir->def->id,
                          ir->def->title, num,
                          ir->def->veto ? "（否决项）" : "",
                          ir->verdict ? "（人工评查）" : "");
    }
    if (ir->def->basis[0])
        crp_strbuf_printf(sb, "      依据：%s\n", ir->def->basis);
    for (i = 0; i < ir->nfindings; i++)
        crp_strbuf_printf(sb, "      - %s（%s，第%d行）\n",
                          ir->findings[i].message, ir->findings[i].location,
                          ir->findings[i].line);
    if (ir->findings_omitted)
        crp_strbuf_printf(sb, "      - …及其他 %zu 处\n", ir->findings_omitted);
}

static void
put_scored(struct crp_strbuf *sb, const struct cr_result *res)
{
    const struct cr_checklist *cl = res->cl;
    char score[64], total[64], pts[64], ded[64];
    size_t i, nfail = 0, nna = 0, nerr = 0, nbonus = 0;

    crp_format_number(res->score, score, sizeof(score));
    if (res->sch && res->sch->unscored)
        snprintf(score, sizeof(score), "不评分（一票否决）");
    crp_format_number(cl->total, total, sizeof(total));
    crp_strbuf_printf(sb, "案卷 %s（%s）\n", res->case_id, res->source);
    crp_strbuf_printf(sb, "评查标准：%s %s %s\n", cl->id, cl->version,
                      cl->title);
    if (res->encoding_guess)
        crp_strbuf_printf(sb, "编码：文件未声明编码且不是 UTF-8，已按 %s 读取\n",
                          res->encoding_guess);
    crp_strbuf_printf(sb, "得分：%s / %s", score, total);
    if (res->grade >= 0)
        crp_strbuf_printf(sb, "　等次：%s", cl->grades[res->grade].label);
    crp_strbuf_putc(sb, '\n');
    if (res->vetoed) {
        crp_strbuf_puts(sb, "一票否决：");
        for (i = 0; i < res->nvetoes; i++)
            crp_strbuf_printf(sb, "%s%s %s", i ? "；" : "",
                              cl->items[res->vetoes[i]].id,
                              cl->items[res->vetoes[i]].title);
        crp_strbuf_putc(sb, '\n');
    }
    if (cl->v11) {
        crp_text_scheme_head(sb, res);
        crp_text_scheme_categories(sb, res);
    } else {
        crp_strbuf_puts(sb, "分类得分：\n");
    }
    for (i = 0; i < cl->ncategories && !cl->v11; i++) {
        crp_format_number(cl->categories[i].points, pts, sizeof(pts));
        crp_format_number(res->cat_deducted[i], ded, sizeof(ded));
        crp_strbuf_printf(sb, "  %s：%s 分，扣 %s 分\n",
                          cl->categories[i].title, pts, ded);
    }
    for (i = 0; i < res->nitems; i++) {
        /* a bonus item that fails is no deduction (1.1) */
        if (res->items[i].state == CR_ITEM_FAILED &&
            res->items[i].def->has_bonus) {
            nbonus++;
            continue;
        }
        nfail += res->items[i].state == CR_ITEM_FAILED;
        nna += res->items[i].state == CR_ITEM_NOT_APPLICABLE;
        nerr += res->items[i].state == CR_ITEM_ERROR;
    }
    crp_strbuf_printf(sb, "扣分项（%zu）：\n", nfail);
    for (i = 0; i < res->nitems; i++)
        if (res->items[i].state == CR_ITEM_FAILED &&
            !res->items[i].def->has_bonus)
            put_item_line(sb, &res->items[i]);
    if (nerr) {
        crp_strbuf_printf(sb, "无法评查的项目（%zu，未扣分，结果不完整）：\n", nerr);
        for (i = 0; i < res->nitems; i++)
            if (res->items[i].state == CR_ITEM_ERROR)
                crp_strbuf_printf(sb, "  [%s] %s：%s\n", res->items[i].def->id,
                                  res->items[i].def->title,
                                  res->items[i].error);
    }
    if (cl->v11 || res->verdicts)
        crp_text_scheme_tail(sb, res);
    if (cl->v11) {
        crp_strbuf_printf(sb, "共 %zu 项：通过 %zu，扣分 %zu，不适用 %zu，"
                          "错误 %zu，待人工评查 %zu，未加分 %zu\n", res->nitems,
                          res->nitems - nfail - nna - nerr - res->sch->npending -
                              nbonus,
                          nfail, nna, nerr, res->sch->npending, nbonus);
        return;
    }
    crp_strbuf_printf(sb, "共 %zu 项：通过 %zu，扣分 %zu，不适用 %zu，错误 %zu\n",
                      res->nitems, res->nitems - nfail - nna - nerr, nfail,
                      nna, nerr);
}

CR_EXPORT enum cr_status
cr_result_to_text(const struct cr_result *res, char **text)
{
    struct crp_strbuf sb;

    if (text)
        *text = NULL;
    if (res == NULL || text == NULL)
        return CR_ERR_INVALID;
    crp_strbuf_init(&sb);
    if (res->is_error && res->error_line > 0)
        crp_strbuf_printf(&sb, "案卷 %s 无法评查：%s（第%d行）", res->source,
                          res->error_message, res->error_line);
    else if (res->is_error)     /* unreadable: no line to point at */
        crp_strbuf_printf(&sb, "案卷 %s 无法评查：%s", res->source,
                          res->error_message);
    else
        put_scored(&sb, res);
    /* one line per case: libxml2's own words after the message; a file
     * that cannot be read has only the system's English (strerror), an
     * empty one our own ("empty file"), which the message has already
     * said in Chinese: JSON keeps them */
    if (res->is_error && res->error_detail &&
        !(res->error_kind && (strcmp(res->error_kind, "unreadable") == 0 ||
                              strcmp(res->error_kind, "empty") == 0)))
        crp_strbuf_printf(&sb, "　详情：%s", res->error_detail);
    if (res->is_error)
        crp_strbuf_putc(&sb, '\n');
    *text = crp_strbuf_steal(&sb);
    return *text ? CR_OK : CR_ERR_NOMEM;
}
