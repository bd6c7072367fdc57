/* xml-safe.c — safe parse options, a refusing entity loader, and the
 * capture of libxml2's error output. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "alloc.h"
#include "local-path.h"
#include "utf8.h"
#include "xml-safe.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static xmlExternalEntityLoader previous_loader;
/* The capture active on this thread: non-NULL while we parse/evaluate. */
static _Thread_local struct crp_xml_capture *active_capture;
/* The folder files may be read from (a mapping's), or NULL: none. */
static _Thread_local const char *allowed_dir;

const char *
crp_xml_allow_dir(const char *dir)
{
    const char *old = allowed_dir;

    allowed_dir = dir;
    return old;
}

/* The loader is process-wide in libxml2 2.9; refuse only while this
 * thread is inside libcasereview, defer to the host's loader otherwise. */
static xmlParserInputPtr
refusing_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    char *path;

    if (active_capture != NULL && allowed_dir != NULL) {
        path = crp_local_path(allowed_dir, url);
        if (path != NULL) {
            xmlParserInputPtr in = xmlNewInputFromFile(ctxt, path);
            crp_free(path);
            return in;
        }
        if (errno == ENOMEM) {
            active_capture->nomem = 1;
            return NULL;
        }
    }
    if (active_capture != NULL) {
        snprintf(active_capture->message, sizeof(active_capture->message),
                 "external entity or DTD refused: %s",
                 url ? url : (id ? id : "(unnamed)"));
        active_capture->code = CRP_XERR_REFUSED;
        active_capture->count++;
        return NULL;
    }
    return previous_loader ? previous_loader(url, id, ctxt) : NULL;
}

static void
init_libxml(void)
{
    xmlInitParser();
    previous_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(refusing_loader);
}

void
crp_xml_init(void)
{
    pthread_once(&init_once, init_libxml);
}

static void
keep_first(struct crp_xml_capture *cap, const char *msg, int line, int code)
{
    if (cap->count++ > 0 && cap->message[0] != '\0')
        return;
    /* one line of valid UTF-8: libxml2 breaks some messages in two
     * ("...encoding !\nBytes: 0xFF ...") and a cut may split a
     * character of a name quoted from the file */
    crp_utf8_copy_line(cap->message, sizeof(cap->message), msg);
    cap->line = line;
    cap->code = code;
}

/* SAX2.c reports a text node past XML_MAX_TEXT_LENGTH (10 MB without
 * XML_PARSE_HUGE) as a memory error, "huge text node": that is the
 * file's fault, not the machine's, and deserves an error line. */
static int
huge_text(const xmlError *e)
{
    return e && e->code == XML_ERR_NO_MEMORY && e->message &&
           strstr(e->message, "huge text node") != NULL;
}

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
/* the limit named as the check it reports has it */
#define HUGE_TEXT_MESSAGE \
    "a text node is longer than " STRINGIFY(XML_MAX_TEXT_LENGTH) " bytes"

static void
on_structured(void *ctx, xmlErrorPtr e)
{
    struct crp_xml_capture *cap = ctx;

    if (cap && huge_text(e)) {       /* an error line, not nomem */
        keep_first(cap, HUGE_TEXT_MESSAGE, e->line, CRP_XERR_HUGE_TEXT);
        return;
    }
    if (cap && e && e->code == XML_ERR_NO_MEMORY)
        cap->nomem = 1;
    if (cap && e && e->level >= XML_ERR_ERROR)
        keep_first(cap, e->message, e->line, e->code);
}

static void
on_generic(void *ctx, const char *fmt, ...)
{
    struct crp_xml_capture *cap = ctx;
    char buf[512];
    va_list ap;

    if (cap == NULL || cap->message[0] != '\0')
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    keep_first(cap, buf, 0, 0);
}

void
crp_xml_capture_begin(struct crp_xml_capture *cap)
{
    crp_xml_init();
    crp_xml_capture_clear(cap);
    cap->old_serror = xmlStructuredError;
    cap->old_sctx = xmlStructuredErrorContext;
    cap->old_generic = xmlGenericError;
    cap->old_gctx = xmlGenericErrorContext;
    cap->outer = active_capture;
    xmlSetStructuredErrorFunc(cap, on_structured);
    xmlSetGenericErrorFunc(cap, on_generic);
    active_capture = cap;
}

void
crp_xml_capture_end(struct crp_xml_capture *cap)
{
    xmlSetStructuredErrorFunc(cap->old_sctx, cap->old_serror);
    xmlSetGenericErrorFunc(cap->old_gctx, cap->old_generic);
    active_capture = cap->outer;
}

void
crp_xml_capture_clear(struct crp_xml_capture *cap)
{
    cap->message[0] = '\0';
    cap->code = 0;
    cap->line = 0;
    cap->count = 0;
    cap->nomem = 0;
}

int
crp_read_file_into(const char *path, size_t max, struct crp_filebuf *fb,
                   char *err, size_t errlen)
{
    struct stat st;
    size_t want = 65536, got;
    ssize_t r;
    int fd, saved;

    fb->len = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            snprintf(err, errlen, "%s", strerror(EISDIR));
            goto fail;
        }
        if (S_ISREG(st.st_mode) && (size_t)st.st_size > max) {
            errno = EFBIG;
            snprintf(err, errlen, CRP_MSG_TOO_LARGE, max);
            goto fail;
        }
        if (S_ISREG(st.st_mode))
            want = (size_t)st.st_size + 1;
    }
    for (got = 0;;) {
        if (fb->data == NULL || got + 1 >= fb->cap) {
            size_t ncap = fb->data == NULL || fb->cap < want
                          ? (want > got + 1 ? want : got + 2)
                          : fb->cap * 2;
            char *p = crp_realloc(fb->data, ncap);
            if (p == NULL) {
                errno = ENOMEM;
                snprintf(err, errlen, "out of memory");
                goto fail;
            }
            fb->data = p;
            fb->cap = ncap;
        }
        r = read(fd, fb->data + got, fb->cap - got - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, errlen, "%s", strerror(errno));
            goto fail;
        }
        got += (size_t)r;
        if (got > max) {
            errno = EFBIG;
            snprintf(err, errlen, CRP_MSG_TOO_LARGE, max);
            goto fail;
        }
        if (r == 0)
            break;
    }
    close(fd);
    fb->data[got] = '\0';
    fb->len = got;
    return 0;
fail:
    saved = errno;   /* the caller explains the failure by it */
    close(fd);
    errno = saved;
    return -1;
}

int
crp_read_file(const char *path, size_t max, char **buf, size_t *len,
              char *err, size_t errlen)
{
    struct crp_filebuf fb = {NULL, 0, 0};

    *buf = NULL;
    *len = 0;
    if (crp_read_file_into(path, max, &fb, err, errlen) != 0) {
        int saved = errno;
        crp_free(fb.data);
        errno = saved;
        return -1;
    }
    *buf = fb.data;
    *len = fb.len;
    return 0;
}

/* Without XML_PARSE_NOENT entity references stay in the tree, and every
 * string value (XPath string(), xmlGetProp) expands them again: one
 * 100 kB entity referenced 20000 times made a 2 GB string() and hung
 * scoring (libxml2's own loop and amplification checks pass it). So a
 * document that declares entities has the text its references expand
 * to counted once after parsing, and is refused above a limit. */
#define ENTITY_EXPANSION_LIMIT 10000000UL
#define ENTITY_NESTING_LIMIT 64

struct expansion {
    xmlDocPtr doc;
    unsigned long bytes;   /* text reached through entity references */
    int over;
};

static void count_list(struct expansion *x, xmlNodePtr n, int in_entity,
                       int depth);

static void
count_entity(struct expansion *x, xmlNodePtr ref, int depth)
{
    xmlEntityPtr ent = xmlGetDocEntity(x->doc, ref->name);

    x->bytes++;  /* every reference costs, even to an empty entity */
    if (ent == NULL)
        return;
    if (depth > ENTITY_NESTING_LIMIT) {
        x->over = 1;
        return;
    }
    if (ent->children)
        count_list(x, ent->children, 1, depth + 1);
    else if (ent->length > 0)
        x->bytes += (unsigned long)ent->length;
}

static void
count_list(struct expansion *x, xmlNodePtr n, int in_entity, int depth)
{
    for (; n && !x->over; n = n->next) {
        if (n->type == XML_ENTITY_REF_NODE) {
            count_entity(x, n, depth);
        } else if (in_entity && n->content) {
            x->bytes += (unsigned long)xmlStrlen(n->content) + 1;
        } else if (in_entity) {
            x->bytes++;
        }
        if (n->type == XML_ELEMENT_NODE) {
            xmlAttrPtr a;
            for (a = n->properties; a && !x->over; a = a->next)
                count_list(x, a->children, in_entity, depth);
            count_list(x, n->children, in_entity, depth);
        }
        if (x->bytes > ENTITY_EXPANSION_LIMIT)
            x->over = 1;
    }
}

static int
expansion_too_large(xmlDocPtr doc)
{
    struct expansion x = {doc, 0, 0};

    if (doc->intSubset == NULL || doc->intSubset->entities == NULL)
        return 0;
    count_list(&x, doc->children, 0, 0);
    return x.over;
}

/* Records CODE as the capture's, for the caller to explain. */
static void
set_code(int code)
{
    if (active_capture)
        active_capture->code = code;
}

xmlDocPtr
crp_xml_parse(xmlParserCtxtPtr ctxt, const char *buf, size_t len,
              const char *url, char *err, size_t errlen, int *err_line)
{
    return crp_xml_parse_as(ctxt, buf, len, url, NULL, err, errlen, err_line);
}

xmlDocPtr
crp_xml_parse_as(xmlParserCtxtPtr ctxt, const char *buf, size_t len,
                 const char *url, const char *encoding, char *err,
                 size_t errlen, int *err_line)
{
    xmlDocPtr doc;
    xmlErrorPtr e;
    int huge;

    *err_line = 0;
    err[0] = '\0';
    if (len > (size_t)INT32_MAX) {
        snprintf(err, errlen, "file too large");
        set_code(CRP_XERR_TOO_LARGE);
        return NULL;
    }
    if (len == 0) {
        snprintf(err, errlen, "empty file");
        set_code(CRP_XERR_EMPTY);
        return NULL;
    }
    doc = xmlCtxtReadMemory(ctxt, buf, (int)len, url, encoding,
                            CRP_XML_PARSE_OPTS);
    /* SAX2 drops a node or attribute value it cannot allocate, reports
     * it (sometimes only on the generic channel) and may still call the
     * document well-formed: a damaged tree is no result */
    if (doc != NULL && (ctxt->errNo == XML_ERR_NO_MEMORY ||
                        (active_capture && active_capture->nomem)))
        ctxt->wellFormed = 0;
    if (doc != NULL && ctxt->wellFormed && expansion_too_large(doc)) {
        xmlFreeDoc(doc);
        snprintf(err, errlen, "entity references expand to more than %lu "
                 "bytes", ENTITY_EXPANSION_LIMIT);
        set_code(CRP_XERR_EXPANSION);
        return NULL;
    }
    if (doc != NULL && ctxt->wellFormed)
        return doc;
    if (doc != NULL)
        xmlFreeDoc(doc);
    e = xmlCtxtGetLastError(ctxt);
    huge = huge_text(e);
    if (active_capture && active_capture->message[0]) {
        /* the first error explains best; later ones follow from it */
        crp_utf8_copy_line(err, errlen, active_capture->message);
        *err_line = active_capture->line;
    } else if (huge) {
        snprintf(err, errlen, HUGE_TEXT_MESSAGE);
        *err_line = e->line;
        set_code(CRP_XERR_HUGE_TEXT);
    } else if (e && e->message) {
        crp_utf8_copy_line(err, errlen, e->message);
        *err_line = e->line;
        set_code(e->code);
    }
    if (err[0] == '\0')
        snprintf(err, errlen, "not well-formed XML");
    if ((e && e->code == XML_ERR_NO_MEMORY && !huge) ||
        (active_capture && active_capture->nomem)) {
        snprintf(err, errlen, CRP_MSG_NOMEM);  /* callers: CR_ERR_NOMEM */
        *err_line = 0;
    }
    return NULL;
}

xmlDocPtr
crp_xml_parse_once(const char *buf, size_t len, const char *url, char *err,
                   size_t errlen, int *err_line)
{
    struct crp_xml_capture cap;
    xmlParserCtxtPtr pctxt;
    xmlDocPtr doc = NULL;

    *err_line = 0;
    crp_xml_capture_begin(&cap);
    pctxt = xmlNewParserCtxt();
    if (pctxt)
        doc = crp_xml_parse(pctxt, buf, len, url, err, errlen, err_line);
    else
        snprintf(err, errlen, CRP_MSG_NOMEM);
    xmlFreeParserCtxt(pctxt);
    crp_xml_capture_end(&cap);
    return doc;
}
