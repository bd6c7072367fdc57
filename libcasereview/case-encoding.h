/* case-encoding.h — declared encodings and the GB18030 guess. */
#ifndef CRP_CASE_ENCODING_H
#define CRP_CASE_ENCODING_H

#include <stddef.h>

#include <libxml/parser.h>

struct crp_xml_capture;

#define CRP_GUESSED_ENCODING "GB18030"

/* The encoding the XML declaration names, copied into OUT[CAP]: 1, or 0
 * when BUF has no declaration or it names no encoding. */
int crp_declared_encoding(const char *buf, size_t len, char *out, size_t cap);
/* True when BUF[0..LEN) is all UTF-8 (RFC 3629). */
int crp_utf8_valid_n(const char *buf, size_t len);
/* True when every byte of BUF fits GB18030's byte structure and at
 * least one character is not ASCII. */
int crp_gb18030_valid(const char *buf, size_t len);
/* CRP_GUESSED_ENCODING when BUF declares no encoding (no declaration,
 * no byte-order mark), is not UTF-8 and is GB18030; else NULL. */
const char *crp_encoding_guess(const char *buf, size_t len);

/* crp_xml_parse() of a case file inside CAP, and the guess: a file that
 * declares no encoding and is GB18030, not UTF-8, is parsed again as
 * GB18030 (*GUESS then names it, else NULL). */
xmlDocPtr crp_parse_case(xmlParserCtxtPtr ctxt, struct crp_xml_capture *cap,
                         const char *buf, size_t len, const char *url,
                         char *err, size_t errlen, int *line,
                         const char **guess);

#endif
