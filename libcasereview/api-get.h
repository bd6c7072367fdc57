/* api-get.h — the public getters that only read a field, one row each:
 *
 *   CRP_GETTER(type, name, obj, expr, none)
 *       type name(const obj *o): EXPR, or NONE when O is NULL;
 *   CRP_GETTER_AT(type, name, obj, count, expr, none)
 *       type name(const obj *o, size_t i): EXPR, or NONE when I is not
 *       below COUNT (an expression that is 0 for a NULL O).
 *
 * The null or range check, all the logic such a getter has, is written
 * here once; a row names its function in full, so that grep finds it.
 * A getter that computes is written out as a function. */
#ifndef CRP_API_GET_H
#define CRP_API_GET_H

#include <stddef.h>

#include "export.h"

#define CRP_GETTER(type, name, obj, expr, none) \
    CR_EXPORT type name(const obj *o) { return o ? (expr) : (none); }
#define CRP_GETTER_AT(type, name, obj, count, expr, none) \
    CR_EXPORT type name(const obj *o, size_t i) \
    { return i < (count) ? (expr) : (none); }

#endif
