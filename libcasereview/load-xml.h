/* load-xml.h — what the XML loaders (checklist-load.c, archive-load.c,
 * verdicts-load.c) share: the counters they report through, numbered
 * problems at an element's line, the checking and reading of
 * attributes, and the document prologue (safe parse, start-tag lines,
 * root element). Every reader records an allocation failure in OOM; the
 * loader then ends in CR_ERR_NOMEM. */
#ifndef CRP_LOAD_XML_H
#define CRP_LOAD_XML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "diag.h"
#include "xml-safe.h"

struct crp_ld {
    const char *file;               /* the name diagnostics give */
    struct cr_diag_list *diags;
    int errors;                     /* problems reported */
    int oom;
};

/* Line of N for a diagnostic: 0 for NULL. */
int crp_ld_line(xmlNodePtr n);
/* Reports an error at LINE: FMT (a catalogue text) with A and B. */
void crp_ld_problem(struct crp_ld *ld, int line, enum crp_diag_code code,
                    const char *fmt, const char *a, const char *b);
/* True when N is an element in the namespace NS. */
int crp_ld_ours(xmlNodePtr n, const char *ns);
int crp_ld_named(xmlNodePtr n, const char *name);
/* Reports each attribute of N without a namespace that is not in ALLOWED
 * (NULL-terminated), as CRP_DIAG_UNKNOWN_ATTRIBUTE: xml:* and foreign
 * ones are fine. */
void crp_ld_check_attributes(struct crp_ld *ld, xmlNodePtr n,
                             const char *const *allowed);
/* The same under CODE. */
void crp_ld_check_attributes_as(struct crp_ld *ld, xmlNodePtr n,
                                const char *const *allowed,
                                enum crp_diag_code code);
/* A copy of attribute NAME of N, or NULL when it is absent. */
char *crp_ld_attr(struct crp_ld *ld, xmlNodePtr n, const char *name);
/* The same, reporting an absent one (CRP_DIAG_MISSING_ATTRIBUTE). */
char *crp_ld_required(struct crp_ld *ld, xmlNodePtr n, const char *name);
/* Attribute NAME of N without surrounding blanks (NULL when absent);
 * NAME NULL: the text content of N, trimmed, "" when empty. */
char *crp_ld_trimmed(struct crp_ld *ld, xmlNodePtr n, const char *name);
/* Grows *V (of *N elements of SIZE) by one zeroed element; NULL once
 * out of memory. */
void *crp_ld_grow(struct crp_ld *ld, void **v, size_t *n, size_t size);
/* The same for the array ARR of N elements, the new one's address. */
#define CRP_LD_GROW(ld, arr, n) \
    crp_ld_grow((ld), (void **)&(arr), &(n), sizeof(*(arr)))
/* An entry of ARR for the element N: its attributes checked against
 * ALLOWED, then one element grown. */
void *crp_ld_add(struct crp_ld *ld, xmlNodePtr n, const char *const *allowed,
                 void **v, size_t *nv, size_t size);
#define CRP_LD_ADD(ld, n, allowed, arr, count) \
    crp_ld_add((ld), (n), (allowed), (void **)&(arr), &(count), \
               sizeof(*(arr)))
/* Parses BUF safely (no network, no entities) into *DOC with lines at
 * the start tags. Not well-formed: reported as FMT with the parser's
 * message under CODE, CR_ERR_CHECKLIST; CR_ERR_NOMEM when out of memory. */
enum cr_status crp_ld_parse(const char *buf, size_t len, const char *name,
                            struct cr_diag_list *diags,
                            enum crp_diag_code code, const char *fmt,
                            xmlDocPtr *doc);
/* Ends CAP, begun over the reading of a parsed document: ST, or
 * CR_ERR_NOMEM when libxml2 ran out of memory inside it. Sorts DIAGS. */
enum cr_status crp_ld_done(struct crp_xml_capture *cap, enum cr_status st,
                           struct cr_diag_list *diags);
/* The root of DOC when it is <NAME> in NS; otherwise reports FMT (with
 * NS) under CODE and returns NULL. */
xmlNodePtr crp_ld_root(struct crp_ld *ld, xmlDocPtr doc, const char *ns,
                       const char *name, enum crp_diag_code code,
                       const char *fmt);

#endif
