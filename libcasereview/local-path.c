/* local-path.c — may a mapping read this file? Only a plain path or a
 * file: URL that, all links followed, lies inside the mapping's folder:
 * no network, no /etc/passwd, no "../" or symbolic link out. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/uri.h>

#include "alloc.h"
#include "local-path.h"

/* The path a URL names, unescaped; NULL for any other scheme. */
static char *
url_path(const char *url)
{
    const char *colon = strchr(url, ':'), *slash = strchr(url, '/');
    char *p;

    if (strncmp(url, "file://", 7) == 0) {
        url += 7;
        if (strncmp(url, "localhost/", 10) == 0)
            url += 9;
        if (*url != '/')
            return NULL;    /* file://host/...: another machine */
    } else if (strncmp(url, "file:", 5) == 0) {
        url += 5;
    } else if (colon && (slash == NULL || colon < slash)) {
        return NULL;        /* http:, ftp:, data:... */
    }
    p = xmlURIUnescapeString(url, 0, NULL);
    return p;
}

char *
crp_local_path(const char *dir, const char *url)
{
    char resolved[PATH_MAX], *path, *out = NULL;
    size_t n;

    if (url == NULL || dir == NULL)
        return NULL;
    n = strlen(dir);
    path = url_path(url);
    errno = 0;
    if (path != NULL && realpath(path, resolved) != NULL &&
        strncmp(resolved, dir, n) == 0 &&
        (resolved[n] == '/' || (n > 0 && dir[n - 1] == '/')) &&
        (out = crp_strdup(resolved)) == NULL)
        errno = ENOMEM;
    else if (out == NULL && errno == ENOMEM)
        errno = EACCES;     /* refused, not out of memory */
    xmlFree(path);
    return out;
}

char *
crp_folder_of(const char *path)
{
    char resolved[PATH_MAX], *slash, *out;

    if (realpath(path, resolved) == NULL)
        return NULL;
    slash = strrchr(resolved, '/');
    if (slash == resolved)
        slash[1] = '\0';     /* the root folder keeps its slash */
    else if (slash)
        *slash = '\0';
    out = crp_strdup(resolved);
    if (out == NULL)
        errno = ENOMEM;
    return out;
}
