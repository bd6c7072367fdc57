/* xslt-hooks.h — process-wide hooks for mappings, and the scope that
 * a thread is in while it compiles or runs one. */
#ifndef CRP_XSLT_HOOKS_H
#define CRP_XSLT_HOOKS_H

#include <stddef.h>

struct crp_xslt_scope {
    char text[2048];        /* libxslt's messages, as written */
    size_t budget;          /* bytes libxml2 may hold; 0: no limit */
    size_t used;
    int over;               /* the budget was passed */
    void (*stop)(void *);   /* called once when it is */
    void *stop_arg;
    struct crp_xslt_scope *outer;
};

/* Installs the hooks once (libxslt's error function, libxml2's
 * allocator) and initializes libxslt. Call before threads run mappings:
 * the allocator's pointers are process-wide globals of libxml2. */
void crp_xslt_hooks_init(void);
/* Makes S this thread's scope (nested scopes restore the outer one);
 * STOP(STOP_ARG) is called when libxml2 holds more than BUDGET bytes
 * allocated inside the scope. */
void crp_xslt_scope_begin(struct crp_xslt_scope *s, size_t budget,
                          void (*stop)(void *), void *stop_arg);
void crp_xslt_scope_end(struct crp_xslt_scope *s);
/* Appends TEXT to S->text while there is room. */
void crp_xslt_scope_note(struct crp_xslt_scope *s, const char *text);

#endif
