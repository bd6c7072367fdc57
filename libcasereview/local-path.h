/* local-path.h — files a mapping may read: those in its own folder. */
#ifndef CRP_LOCAL_PATH_H
#define CRP_LOCAL_PATH_H

/* The real path URL names (a plain path or a file: URL) when it lies
 * inside the folder DIR (itself a real path), crp_malloc'd; else NULL,
 * with errno ENOMEM when only memory was missing. */
char *crp_local_path(const char *dir, const char *url);
/* The real path of the folder holding PATH, crp_malloc'd; NULL when PATH
 * does not exist (or out of memory: errno ENOMEM). */
char *crp_folder_of(const char *path);

#endif
