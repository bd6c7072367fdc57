/* casefile-api.c — cr_casefile_validate*: read, parse (with the same
 * Chinese messages and GB18030 guess as scoring), map with a transform
 * when one is given, then casefile-validate.c. */
#include <errno.h>
#include <string.h>

#include "alloc.h"
#include "case-encoding.h"
#include "case-error.h"
#include "casefile-validate.h"
#include "diag.h"
#include "export.h"
#include "load-entry.h"
#include "msgcat-lib.h"
#include "transform.h"
#include "xml-safe.h"

/* The case size limit scoring uses by default (cr_load_options). */
#define VALIDATE_MAX_SIZE ((size_t)64 << 20)

/* Parses BUF into *DOC, reporting a failure in LIST. */
static enum cr_status
parse(const char *buf, size_t len, const char *name,
      struct cr_diag_list *list, xmlDocPtr *doc)
{
    struct crp_xml_capture cap;
    xmlParserCtxtPtr pc;
    const char *guess = NULL, *kind;
    char err[512];
    int line = 0, code;
    char *msg;

    crp_xml_capture_begin(&cap);
    pc = xmlNewParserCtxt();
    *doc = pc ? crp_parse_case(pc, &cap, buf, len, name, err, sizeof(err),
                               &line, &guess)
              : NULL;
    code = cap.code;
    xmlFreeParserCtxt(pc);
    crp_xml_capture_end(&cap);
    if (*doc && guess)
        crp_diag_add(list, CRP_DIAG_CASE_BAD_VALUE, CR_SEVERITY_WARNING, name,
                     0, 0, "文件未声明编码且不是 UTF-8，已按 %s 读取：请在 XML "
                     "声明中写明 encoding=\"%s\"", guess, guess);
    if (*doc)
        return CR_OK;
    if (pc == NULL || strcmp(err, CRP_MSG_NOMEM) == 0)
        return CR_ERR_NOMEM;
    msg = crp_case_parse_message(buf, len, code, err, &line, &kind);
    if (msg == NULL)
        return CR_ERR_NOMEM;
    crp_diag_add(list, CRP_DIAG_CASE_NOT_WELL_FORMED, CR_SEVERITY_ERROR, name,
                 line, 0, "%s（%s）", msg, err);
    crp_free(msg);
    return CR_ERR_CASE;
}

CR_EXPORT enum cr_status
cr_casefile_validate_memory(const char *buf, size_t len, const char *name,
                            struct cr_transform *tf,
                            struct cr_diag_list **diags)
{
    struct cr_diag_list *list;
    xmlDocPtr doc = NULL, mapped = NULL;
    enum cr_status st;
    enum crp_lang old;
    int rc;

    if (diags)
        *diags = NULL;
    if (buf == NULL && len)
        return CR_ERR_INVALID;
    list = crp_diag_list_new();
    if (list == NULL)
        return CR_ERR_NOMEM;
    if (name == NULL)
        name = "";
    crp_xml_init();
    /* the caller's language, for the diagnostics and for the messages
     * shared with scoring (case-error.c, transform.c) */
    old = crp_msg_current();
    crp_msg_set_current(crp_msg_chosen());
    crp_diag_list_set_lang(list, crp_msg_chosen());
    st = parse(buf ? buf : "", len, name, list, &doc);
    if (st == CR_OK && tf)
        st = crp_transform_for_validation(tf, doc, len, name, list, &mapped);
    if (st == CR_OK) {
        /* a mapped element's line is its origin's in the export */
        rc = crp_casefile_check(mapped ? mapped : doc, name, list);
        st = rc < 0 ? CR_ERR_NOMEM : rc ? CR_ERR_CASE : CR_OK;
    }
    xmlFreeDoc(mapped);
    xmlFreeDoc(doc);
    crp_msg_set_current(old);
    return crp_load_finish(st, list, diags);
}

CR_EXPORT enum cr_status
cr_casefile_validate(const char *path, struct cr_transform *tf,
                     struct cr_diag_list **diags)
{
    struct cr_diag_list *list;
    char *buf = NULL, err[512], msg[256];
    size_t len = 0;
    enum cr_status st;
    enum crp_lang old;
    int e;

    if (diags)
        *diags = NULL;
    if (path == NULL)
        return CR_ERR_INVALID;
    if (crp_read_file(path, VALIDATE_MAX_SIZE, &buf, &len, err,
                      sizeof(err)) == 0) {
        st = cr_casefile_validate_memory(buf, len, path, tf, diags);
        crp_free(buf);
        return st;
    }
    e = errno;
    if (e == ENOMEM)
        return CR_ERR_NOMEM;
    list = crp_diag_list_new();
    if (list == NULL)
        return CR_ERR_NOMEM;
    crp_diag_list_set_lang(list, crp_msg_chosen());
    old = crp_msg_current();
    crp_msg_set_current(crp_msg_chosen());
    crp_case_read_message(e, VALIDATE_MAX_SIZE, msg, sizeof(msg));
    crp_msg_set_current(old);
    /* MSG says what the system's English (strerror) would */
    crp_diag_add(list, CRP_DIAG_CASE_UNREADABLE, CR_SEVERITY_ERROR, path, 0, 0,
                 "%s", msg);
    return crp_load_finish(CR_ERR_IO, list, diags);
}
