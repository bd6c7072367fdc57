/* file-kind.h — recognising by its bytes a file that is not XML. */
#ifndef CRP_FILE_KIND_H
#define CRP_FILE_KIND_H

#include <stddef.h>

enum crp_kind_id {
    CRP_KIND_NONE = 0,   /* XML, or nothing recognisable as another kind */
    CRP_KIND_PDF, CRP_KIND_OFD, CRP_KIND_DOCX, CRP_KIND_DOC, CRP_KIND_XLSX,
    CRP_KIND_XLS, CRP_KIND_PPT, CRP_KIND_ODF, CRP_KIND_OLE, CRP_KIND_WPS,
    CRP_KIND_RTF, CRP_KIND_ZIP, CRP_KIND_TAR, CRP_KIND_GZIP,
    CRP_KIND_ARCHIVE, CRP_KIND_IMAGE, CRP_KIND_HTML, CRP_KIND_JSON,
    CRP_KIND_TEXT, CRP_KIND_BINARY,
    CRP_KIND_COUNT
};

struct crp_file_kind {
    const char *id;      /* short English name, e.g. "pdf" */
    const char *name;    /* what to call it in a message: "PDF 文件" */
    const char *hint;    /* what to do instead, or NULL */
};

/* What BUF is, when its bytes say it is not XML; CRP_KIND_NONE when it
 * may be XML (or UTF-16 with a byte-order mark, libxml2's to judge). */
enum crp_kind_id crp_file_kind_of(const char *buf, size_t len);
/* The description of ID; NULL for CRP_KIND_NONE. */
const struct crp_file_kind *crp_file_kind(enum crp_kind_id id);

#endif
