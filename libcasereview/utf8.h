/* utf8.h — UTF-8 checks shared by everything that writes text out: JSON
 * (RFC 8259) is UTF-8, so a string from outside the library (a file name,
 * a caller's message, a parameter, a libxml2 message cut to fit a buffer)
 * must be checked or cleaned before it is written. */
#ifndef CRP_UTF8_H
#define CRP_UTF8_H

#include <stddef.h>

/* The length of S[0..N) without a trailing incomplete UTF-8 sequence (a
 * message cut to fit a buffer must stay valid UTF-8 for JSON). */
size_t crp_utf8_trim(const char *s, size_t n);
/* Bytes of the UTF-8 character at P (before END): 1 to 4, or 0 when P
 * starts none (RFC 3629: no overlong forms, surrogates or code points
 * past U+10FFFF). The same rule as the command line's batch_utf8_len and
 * Python's decode("utf-8"), so every writer of a source agrees. */
size_t crp_utf8_len(const unsigned char *p, const unsigned char *end);
/* True when the NUL-terminated S is all UTF-8. */
int crp_utf8_valid(const char *s);
/* A crp_malloc'd copy of S with each byte that starts no UTF-8 character
 * replaced by U+FFFD; NULL when out of memory. */
char *crp_utf8_clean(const char *s);
/* Copies SRC into DST[CAP] as one line of valid UTF-8: bytes that start
 * no character become '?', line breaks and tabs a space, trailing spaces
 * dropped, and the text cut on a character boundary. */
void crp_utf8_copy_line(char *dst, size_t cap, const char *src);

#endif
