/* node-path.h — finding locations as xmlGetNodePath() writes them, in
 * linear time over a case (see node-path.c). */
#ifndef CRP_NODE_PATH_H
#define CRP_NODE_PATH_H

#include <libxml/tree.h>

struct crp_path_cache;

struct crp_path_cache *crp_path_cache_new(void);
/* Forgets every indexed parent: call before the document is freed. */
void crp_path_cache_clear(struct crp_path_cache *pc);
void crp_path_cache_free(struct crp_path_cache *pc);
/* The path of NODE (not a namespace node), crp_malloc'd; NULL when out
 * of memory. PC may be NULL (then it costs what xmlGetNodePath costs). */
char *crp_node_path(struct crp_path_cache *pc, const xmlNode *node);

#endif
