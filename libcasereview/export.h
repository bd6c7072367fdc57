/* export.h — marks the definitions of public API functions. Everything
 * else is hidden (-fvisibility=hidden); libcasereview.map is the gate. */
#ifndef CRP_EXPORT_H
#define CRP_EXPORT_H

#define CR_EXPORT __attribute__((visibility("default")))

#endif
