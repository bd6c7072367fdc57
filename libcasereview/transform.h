/* transform.h — mappings (XSLT 1.0) inside the library. */
#ifndef CRP_TRANSFORM_H
#define CRP_TRANSFORM_H

#include <stddef.h>

#include <libxml/tree.h>

#include "casereview.h"

/* One thread's compiled copy of a mapping. */
struct crp_xslt;

/* Compiles TF for the calling thread. CR_ERR_INVALID: it does not
 * compile (why, in libxslt's or libxml2's words, in ERR). */
enum cr_status crp_xslt_new(struct cr_transform *tf, struct crp_xslt **out,
                            char *err, size_t errlen);
void crp_xslt_free(struct crp_xslt *x);
/* Maps INPUT (a libxml2 tree, never an arena one: libxslt may change
 * it) of INPUT_SIZE bytes. CR_OK: *OUT is the mapped document, whose
 * elements know their origin in INPUT (crp_origin_of; INPUT must then
 * outlive it). CR_ERR_CASE: *MSG (in the thread's language,
 * crp_msg_current) and *DETAIL (libxslt's text, may be NULL) say why,
 * crp_malloc'd. CR_ERR_NOMEM. */
enum cr_status crp_xslt_apply(struct crp_xslt *x, xmlDocPtr input,
                              size_t input_size, xmlDocPtr *out, char **msg,
                              char **detail);
/* For cr_casefile_validate: maps INPUT with a copy of TF compiled for
 * this call; a failure is a diagnostic in LIST (CR_ERR_CASE). */
enum cr_status crp_transform_for_validation(struct cr_transform *tf,
                                            xmlDocPtr input,
                                            size_t input_size,
                                            const char *name,
                                            struct cr_diag_list *list,
                                            xmlDocPtr *out);

#endif
