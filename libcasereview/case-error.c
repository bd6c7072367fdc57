/* case-error.c — the error result of a case the engine could not score:
 * a Chinese message for the people who act on it (a supervision office,
 * an agency's IT staff), libxml2's own text kept as the detail, and a
 * kind for programs. Reached only when reading or parsing has failed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlerror.h>

#include "alloc.h"
#include "case-encoding.h"
#include "case-error.h"
#include "export.h"
#include "file-kind.h"
#include "result.h"
#include "msgcat-lib.h"
#include "strbuf.h"
#include "utf8.h"
#include "xml-safe.h"

/* in the language of the evaluator scoring on this thread */
#define T(s) crp_msg(crp_msg_current(), s)

struct cr_result *
crp_result_new_case_error(const char *source, const char *case_id,
                          const char *message, int line, const char *kind,
                          const char *detail)
{
    struct cr_result *res = crp_result_new_error(source, case_id, message,
                                                 line);

    if (res == NULL)
        return NULL;
    res->error_kind = kind ? crp_utf8_clean(kind) : NULL;
    res->error_detail = detail && detail[0] ? crp_utf8_clean(detail) : NULL;
    if ((kind && !res->error_kind) ||
        (detail && detail[0] && !res->error_detail)) {
        cr_result_free(res);
        return NULL;
    }
    return res;
}

CR_EXPORT enum cr_status
cr_result_new_error_kind(const char *source, const char *message,
                         const char *kind, const char *detail,
                         struct cr_result **out)
{
    if (out == NULL)
        return CR_ERR_INVALID;
    *out = crp_result_new_case_error(source, NULL, message, 0, kind, detail);
    return *out ? CR_OK : CR_ERR_NOMEM;
}

const char *
crp_case_read_message(int errnum, size_t limit, char *msg, size_t cap)
{
    switch (errnum) {
    case ENOENT:
        snprintf(msg, cap, T("文件不存在"));
        break;
    case EACCES:
    case EPERM:
        snprintf(msg, cap, T("没有读取该文件的权限"));
        break;
    case EISDIR:
        snprintf(msg, cap, T("这是一个文件夹，不是案卷文件"
                 "（文件夹中的案卷请用 casereview batch 评查）"));
        break;
    case EFBIG:
        snprintf(msg, cap, T("文件超过案卷大小上限（%zu 字节）"), limit);
        return CRP_ERROR_TOO_LARGE;
    default:
        snprintf(msg, cap, T("无法读取文件"));
        break;
    }
    return CRP_ERROR_UNREADABLE;
}

struct cr_result *
crp_case_read_error(const char *source, int errnum, const char *sys_message,
                    size_t limit)
{
    char msg[256];
    const char *kind = crp_case_read_message(errnum, limit, msg, sizeof(msg));

    return crp_result_new_case_error(source, NULL, msg, 0, kind, sys_message);
}

/* libxml2's errors said in Chinese, and their kinds: a row holds the
 * codes one phrase stands for (0 ends the list), and, where libxml2
 * gives one code to several faults, a word its message must contain.
 * The first row that fits says it; a code without a row is an XML that
 * is not well formed and is said only as such. */
static const struct parse_row {
    int codes[6];
    const char *needs;    /* NULL: any message */
    const char *phrase;   /* NULL: none */
    const char *kind;     /* NULL: CRP_ERROR_NOT_WELL_FORMED */
} parse_rows[] = {
    {{XML_ERR_INTERNAL_ERROR}, "depth", "元素嵌套超过 256 层",
     CRP_ERROR_LIMIT},
    {{XML_ERR_INTERNAL_ERROR}, NULL, NULL, CRP_ERROR_LIMIT},
    {{XML_ERR_DOCUMENT_START, XML_ERR_DOCUMENT_EMPTY}, "empty",
     "文件中没有 XML 元素", NULL},
    {{XML_ERR_DOCUMENT_START, XML_ERR_DOCUMENT_EMPTY}, NULL,
     "文件开头不是 XML 元素（找不到“<”）", NULL},
    {{XML_ERR_DOCUMENT_END}, NULL,
     "根元素结束之后还有内容（一个案卷文件只能有一个根元素）", NULL},
    {{XML_ERR_INVALID_HEX_CHARREF, XML_ERR_INVALID_DEC_CHARREF,
      XML_ERR_INVALID_CHARREF}, NULL, "字符引用（&#…;）不合法", NULL},
    {{XML_ERR_INVALID_CHAR}, NULL, "含有 XML 不允许的字符（如控制字符）",
     NULL},
    {{XML_ERR_UNDECLARED_ENTITY, XML_WAR_UNDECLARED_ENTITY}, NULL,
     "引用了未定义的实体（&名称;）；正文中的“&”应写作“&amp;”", NULL},
    {{XML_ERR_ENTITY_LOOP}, NULL,
     "实体引用循环或展开过多（按实体膨胀攻击拒绝）", CRP_ERROR_LIMIT},
    {{XML_ERR_ENTITY_IS_EXTERNAL, XML_ERR_ENTITY_IS_PARAMETER,
      XML_ERR_EXT_ENTITY_STANDALONE}, NULL,
     "引用了外部实体（出于安全，引擎不读取任何外部文件）", CRP_ERROR_REFUSED},
    {{XML_ERR_UNSUPPORTED_ENCODING}, NULL,
     "XML 声明中的编码名称无法识别：请写明 UTF-8、GB18030 或 GBK",
     CRP_ERROR_ENCODING},
    {{XML_ERR_LT_IN_ATTRIBUTE}, NULL, "属性值中含有“<”（应写作“&lt;”）",
     NULL},
    {{XML_ERR_ATTRIBUTE_NOT_STARTED, XML_ERR_ATTRIBUTE_NOT_FINISHED,
      XML_ERR_ATTRIBUTE_WITHOUT_VALUE}, NULL, "属性值缺少引号，或引号没有成对",
     NULL},
    {{XML_ERR_ATTRIBUTE_REDEFINED}, NULL, "同一元素上有重复的属性", NULL},
    {{XML_ERR_COMMENT_NOT_FINISHED, XML_ERR_HYPHEN_IN_COMMENT}, NULL,
     "注释（<!-- … -->）写法错误或没有结束", NULL},
    {{XML_ERR_PI_NOT_STARTED, XML_ERR_PI_NOT_FINISHED,
      XML_ERR_XMLDECL_NOT_FINISHED, XML_ERR_XMLDECL_NOT_STARTED}, NULL,
     "XML 声明或处理指令（<? … ?>）写法错误", NULL},
    {{XML_ERR_RESERVED_XML_NAME}, NULL, "XML 声明（<?xml …?>）不在文件最开头",
     NULL},
    {{XML_ERR_CDATA_NOT_FINISHED}, NULL, "CDATA 段没有结束", NULL},
    {{XML_ERR_DOCTYPE_NOT_FINISHED}, NULL, "DOCTYPE 声明没有结束", NULL},
    {{XML_ERR_SPACE_REQUIRED}, NULL,
     "标签中的属性写法错误（属性之间缺少空格或引号）", NULL},
    {{XML_ERR_NAME_REQUIRED}, NULL, "缺少元素或属性的名称", NULL},
    {{XML_ERR_GT_REQUIRED}, NULL, "开始标签没有以“>”结束", NULL},
    {{XML_ERR_LTSLASH_REQUIRED}, NULL, "结束标签写法错误", NULL},
    {{XML_ERR_EQUAL_REQUIRED}, NULL, "属性名后缺少“=”", NULL},
    {{XML_ERR_TAG_NAME_MISMATCH}, NULL, "开始标签与结束标签不一致", NULL},
    {{XML_ERR_TAG_NOT_FINISHED}, NULL, "有元素没有结束标签（文件可能不完整）",
     NULL},
    {{XML_ERR_NS_DECL_ERROR, XML_NS_ERR_XML_NAMESPACE,
      XML_NS_ERR_UNDEFINED_NAMESPACE, XML_NS_ERR_QNAME,
      XML_NS_ERR_ATTRIBUTE_REDEFINED, XML_NS_ERR_EMPTY}, NULL,
     "命名空间前缀或声明错误", NULL},
    {{XML_ERR_INVALID_ENCODING, XML_I18N_CONV_FAILED}, NULL,
     "内容不符合声明的编码", NULL},
    {{CRP_XERR_EMPTY}, NULL, "文件为空", NULL},
    {{CRP_XERR_TOO_LARGE}, NULL, "文件超过 2 GB", CRP_ERROR_LIMIT},
    {{CRP_XERR_EXPANSION}, NULL,
     "实体引用展开后超过 1000 万字节（按实体膨胀攻击拒绝）", CRP_ERROR_LIMIT},
    {{CRP_XERR_HUGE_TEXT}, NULL, "一段文本超过 1000 万字节", CRP_ERROR_LIMIT},
    {{CRP_XERR_REFUSED}, NULL,
     "文件引用了外部实体或 DTD（出于安全，引擎不读取任何外部文件）",
     CRP_ERROR_REFUSED},
};

/* The first row for CODE whose word MESSAGE contains (MESSAGE NULL: the
 * first row for CODE); NULL: none. */
static const struct parse_row *
parse_row(int code, const char *message)
{
    size_t i, k;
    const struct parse_row *r;

    for (i = 0; i < sizeof(parse_rows) / sizeof(parse_rows[0]); i++) {
        r = &parse_rows[i];
        for (k = 0; k < 6 && r->codes[k] != 0; k++)
            if (r->codes[k] == code &&
                (!message || !r->needs || strstr(message, r->needs)))
                return r;
    }
    return NULL;
}

/* libxml2's first error, said in Chinese. */
static const char *
parse_phrase(int code, const char *message)
{
    const struct parse_row *r = parse_row(code, message);

    return r && r->phrase ? T(r->phrase) : NULL;
}

static const char *
parse_kind(int code)
{
    const struct parse_row *r = parse_row(code, NULL);

    return r && r->kind ? r->kind : CRP_ERROR_NOT_WELL_FORMED;
}

/* Nothing but white space and NUL bytes. */
static int
blank(const char *buf, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r' &&
            buf[i] != '\n' && buf[i] != '\0')
            return 0;
    return 1;
}

/* The encoding is at fault: BUF is not what its declaration (or XML's
 * UTF-8 default) says. Writes the message into SB; 0 when the encoding
 * is not the problem. */
static int
encoding_message(struct crp_strbuf *sb, const char *buf, size_t len,
                 int code, const char *message)
{
    char decl[64];
    int declared = crp_declared_encoding(buf, len, decl, sizeof(decl));
    int utf8_named = !declared || strcasecmp(decl, "UTF-8") == 0 ||
                     strcasecmp(decl, "UTF8") == 0;

    if (code == XML_I18N_CONV_FAILED || code == XML_ERR_INVALID_ENCODING) {
        crp_strbuf_printf(sb, T("文件内容不符合声明的编码（%s）：请核对 XML "
                          "声明中的 encoding，或将文件转换为 UTF-8"),
                          declared ? decl : "UTF-8");
        return 1;
    }
    if (!utf8_named || crp_utf8_valid_n(buf, len) ||
        (code != XML_ERR_INVALID_CHAR && !strstr(message, "UTF-8")))
        return 0;
    if (crp_gb18030_valid(buf, len))
        crp_strbuf_printf(sb, T("文件%s，但内容不是 UTF-8，看起来是 GBK/GB18030 "
                          "编码：请在 XML 声明中写明 encoding=\"GB18030\"，"
                          "或将文件转换为 UTF-8"),
                          declared ? T("声明为 UTF-8 编码") : T("没有声明编码"));
    else
        crp_strbuf_printf(sb, T("文件%s，但内容不是 UTF-8，也不是 GB18030：请在 "
                          "XML 声明中写明文件实际使用的编码"),
                          declared ? T("声明为 UTF-8 编码") : T("没有声明编码"));
    return 1;
}

char *
crp_case_parse_message(const char *buf, size_t len, int code,
                       const char *message, int *line, const char **kindp)
{
    const struct crp_file_kind *fk;
    const char *kind = CRP_ERROR_NOT_WELL_FORMED, *phrase;
    struct crp_strbuf sb;

    crp_strbuf_init(&sb);
    if (len == 0 || blank(buf, len)) {
        crp_strbuf_puts(&sb, len ? T("文件中只有空白，没有内容")
                                 : T("文件为空（0 字节）"));
        kind = CRP_ERROR_EMPTY;
        *line = 0;
    } else if ((fk = crp_file_kind(crp_file_kind_of(buf, len))) != NULL) {
        crp_strbuf_printf(&sb, T("这是%s%s，不是 casefile XML 案卷"),
                          (unsigned char)fk->name[0] < 0x80 ||
                          crp_msg_current() == CRP_LANG_EN ? " " : "",
                          T(fk->name));
        if (fk->hint)
            crp_strbuf_printf(&sb, T("；%s"), T(fk->hint));
        kind = CRP_ERROR_FILE_KIND;
        *line = 0;
    } else if (encoding_message(&sb, buf, len, code, message)) {
        kind = CRP_ERROR_ENCODING;
    } else {
        phrase = parse_phrase(code, message);
        kind = parse_kind(code);
        if (strcmp(kind, CRP_ERROR_NOT_WELL_FORMED) != 0 ||
            code == CRP_XERR_EMPTY)
            crp_strbuf_puts(&sb, phrase ? phrase : T("超过解析上限"));
        else
            crp_strbuf_printf(&sb, T("不是格式正确的 XML%s%s"), phrase ? T("：") : "",
                              phrase ? phrase : "");
    }
    *kindp = kind;
    if (crp_strbuf_failed(&sb)) {
        crp_strbuf_release(&sb);
        return NULL;
    }
    return crp_strbuf_steal(&sb);
}

struct cr_result *
crp_case_parse_error(const char *source, const char *buf, size_t len,
                     int code, const char *message, int line)
{
    const char *kind;
    char *msg = crp_case_parse_message(buf, len, code, message, &line, &kind);
    struct cr_result *res;

    if (msg == NULL)
        return NULL;
    res = crp_result_new_case_error(source, NULL, msg, line, kind, message);
    crp_free(msg);
    return res;
}

CR_EXPORT const char *
cr_result_get_error_kind(const struct cr_result *res)
{
    return res && res->is_error ? res->error_kind : NULL;
}

CR_EXPORT const char *
cr_result_get_error_detail(const struct cr_result *res)
{
    return res && res->is_error ? res->error_detail : NULL;
}

CR_EXPORT const char *
cr_result_get_encoding_guess(const struct cr_result *res)
{
    return res ? res->encoding_guess : NULL;
}
