/* score-one.c — the README's example: score one case file, print JSON.
 * usage: score-one CHECKLIST CASE.xml */
#include <stdio.h>

#include <casereview.h>

int
main(int argc, char **argv)
{
    struct cr_checklist *cl = NULL;
    struct cr_diag_list *diags = NULL;
    struct cr_evaluator *ev = NULL;
    struct cr_result *res = NULL;
    char *json = NULL;
    enum cr_status st;

    if (argc != 3) {
        fprintf(stderr, "usage: %s CHECKLIST CASE.xml\n", argv[0]);
        return 2;
    }
    if (cr_checklist_load(argv[1], NULL, &cl, &diags) != CR_OK) {
        char *text = cr_diag_list_format(diags);
        fputs(text ? text : "out of memory\n", stderr);
        cr_free(text);
        cr_diag_list_free(diags);
        return 2;
    }
    cr_diag_list_free(diags);
    if (cr_evaluator_new(cl, &ev) != CR_OK) {
        cr_checklist_unref(cl);
        return 2;
    }
    st = cr_evaluator_score_file(ev, argv[2], &res);
    if (res && cr_result_to_json(res, 0, &json) == CR_OK)
        printf("%s\n", json);
    cr_free(json);
    cr_result_free(res);
    cr_evaluator_free(ev);
    cr_checklist_unref(cl);
    return st == CR_OK ? 0 : 1;
}
