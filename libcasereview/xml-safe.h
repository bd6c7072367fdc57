/* xml-safe.h — parsing untrusted XML, and keeping libxml2 quiet.
 *
 * libxml2 reports through per-thread generic and structured handlers even
 * when a structured one is set; crp_xml_capture_begin() installs ours on
 * the calling thread and crp_xml_capture_end() restores the caller's. */
#ifndef CRP_XML_SAFE_H
#define CRP_XML_SAFE_H

#include <stddef.h>

#include <libxml/parser.h>

/* NOENT would read file:// entities even with NONET (seen on 2.9.14);
 * DTDLOAD, DTDATTR, DTDVALID, XINCLUDE and HUGE are never passed either. */
#define CRP_XML_PARSE_OPTS \
    (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT)

struct crp_xml_capture {
    char message[512];   /* first error seen (trimmed), "" if none */
    int code;            /* its xmlParserErrors code, or a CRP_XERR_ */
    int line;
    int count;
    int nomem;           /* libxml2 reported XML_ERR_NO_MEMORY */
    /* the handlers that were installed before */
    xmlStructuredErrorFunc old_serror;
    void *old_sctx;
    xmlGenericErrorFunc old_generic;
    void *old_gctx;
    struct crp_xml_capture *outer;
};

/* Lets the refusing entity loader read, on this thread and while a
 * capture is active, the files inside the folder DIR (a real path; NULL:
 * none): a mapping's imports and document() files. Returns the folder
 * allowed before. */
const char *crp_xml_allow_dir(const char *dir);

/* Initializes libxml2 once and installs the refusing entity loader. */
void crp_xml_init(void);
void crp_xml_capture_begin(struct crp_xml_capture *cap);
void crp_xml_capture_end(struct crp_xml_capture *cap);
/* Forgets what was captured so far. */
void crp_xml_capture_clear(struct crp_xml_capture *cap);

/* A buffer reused from file to file (one per evaluator): no allocation
 * per case once it has grown, and no FILE (perf). */
struct crp_filebuf {
    char *data;   /* NUL-terminated after a read */
    size_t cap, len;
};
/* Reads PATH into FB (grown when needed, kept on failure: the caller
 * frees FB->data). Same errors as crp_read_file; on failure errno says
 * why (EFBIG: over MAX, ENOMEM: out of memory). */
int crp_read_file_into(const char *path, size_t max, struct crp_filebuf *fb,
                       char *err, size_t errlen);
/* Reads a whole file (at most MAX bytes) into a new buffer. Returns 0,
 * or -1 with a message in ERR (errno text or the size message). */
int crp_read_file(const char *path, size_t max, char **buf, size_t *len,
                  char *err, size_t errlen);

/* Parses untrusted XML with CTXT (reused between calls). On failure
 * returns NULL and fills ERR/ERR_LINE from the parser's first error. */
xmlDocPtr crp_xml_parse(xmlParserCtxtPtr ctxt, const char *buf, size_t len,
                        const char *url, char *err, size_t errlen,
                        int *err_line);

/* crp_xml_parse() with ENCODING (NULL: as declared) forced on the
 * document: a case file read as GB18030 because it declared nothing. */
xmlDocPtr crp_xml_parse_as(xmlParserCtxtPtr ctxt, const char *buf, size_t len,
                           const char *url, const char *encoding, char *err,
                           size_t errlen, int *err_line);

/* The capture's code for failures crp_xml_parse() finds itself, beside
 * libxml2's xmlParserErrors (all positive). */
#define CRP_XERR_EMPTY (-1)       /* no byte at all */
#define CRP_XERR_TOO_LARGE (-2)   /* over INT32_MAX bytes */
#define CRP_XERR_EXPANSION (-3)   /* entity references expand too far */
#define CRP_XERR_HUGE_TEXT (-4)   /* a text node over XML_MAX_TEXT_LENGTH */
#define CRP_XERR_REFUSED (-5)     /* an external entity or DTD refused */

/* crp_xml_parse's message when libxml2 ran out of memory. */
#define CRP_MSG_NOMEM "out of memory"

/* crp_xml_parse with a parser context of its own, inside a capture: for
 * documents read once (checklists, data). Out of memory: NULL with
 * CRP_MSG_NOMEM in ERR. */
xmlDocPtr crp_xml_parse_once(const char *buf, size_t len, const char *url,
                             char *err, size_t errlen, int *err_line);

/* The message used for a file over the size limit. */
#define CRP_MSG_TOO_LARGE "case file larger than the limit of %zu bytes"

#endif
