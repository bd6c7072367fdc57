/* load-entry.c — the frame of the public loaders (load-entry.h). */
#include <errno.h>
#include <limits.h>

#include "alloc.h"
#include "load-entry.h"
#include "xml-safe.h"

enum cr_status
crp_load_finish(enum cr_status st, struct cr_diag_list *list,
                struct cr_diag_list **diags)
{
    if (crp_diag_list_oom(list))
        st = CR_ERR_NOMEM;
    if (diags)
        *diags = list;
    else
        cr_diag_list_free(list);
    return st;
}

enum cr_status
crp_load_entry(const char *path, const char *buf, size_t len,
               const char *name, enum crp_lang lang, int valid,
               crp_load_fn fn, void *arg, struct cr_diag_list **diags)
{
    struct cr_diag_list *list;
    char err[512], *file = NULL;
    enum cr_status st;

    if (diags)
        *diags = NULL;
    if (!valid || (path ? path : buf) == NULL)
        return CR_ERR_INVALID;
    list = crp_diag_list_new();
    if (list == NULL)
        return CR_ERR_NOMEM;
    crp_diag_list_set_lang(list, lang);
    if (path && crp_read_file(path, (size_t)INT_MAX, &file, &len, err,
                              sizeof(err)) != 0) {
        int e = errno;
        crp_diag_add(list, CRP_DIAG_IO, CR_SEVERITY_ERROR, path, 0, 0,
                     "cannot read: %s", crp_msg_errno(lang, e));
        return crp_load_finish(CR_ERR_IO, list, diags);
    }
    st = fn(path ? file : buf, len, path ? path : name, arg, list);
    crp_free(file);
    return crp_load_finish(st, list, diags);
}
