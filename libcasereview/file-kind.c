/* file-kind.c — what a file that is not XML is, told by its bytes, so a
 * user who hands over a PDF or a Word file reads "这是 PDF 文件" instead
 * of libxml2's "Start tag expected". Only consulted after a parse has
 * failed: a well-formed case never comes here. */
#include <string.h>

#include "file-kind.h"

static int
starts(const unsigned char *b, size_t len, const void *magic, size_t n)
{
    return len >= n && memcmp(b, magic, n) == 0;
}

static int
has(const unsigned char *b, size_t len, const char *s, size_t n)
{
    return memmem(b, len, s, n) != NULL;
}

#define HAS(b, len, lit) has(b, len, lit, sizeof(lit) - 1)

static const struct crp_file_kind kinds[] = {
    [CRP_KIND_PDF] = {"pdf", "PDF 文件", NULL},
    [CRP_KIND_OFD] = {"ofd", "OFD 版式文件", NULL},
    [CRP_KIND_DOCX] = {"docx", "Word 文档（.docx）", NULL},
    [CRP_KIND_DOC] = {"doc", "Word 文档（.doc）", NULL},
    [CRP_KIND_XLSX] = {"xlsx", "Excel 表格（.xlsx）", NULL},
    [CRP_KIND_XLS] = {"xls", "Excel 表格（.xls）", NULL},
    [CRP_KIND_PPT] = {"ppt", "PowerPoint 演示文稿", NULL},
    [CRP_KIND_ODF] = {"odf", "OpenDocument 文档", NULL},
    [CRP_KIND_OLE] = {"ole", "Office 97-2003 格式文件", NULL},
    [CRP_KIND_WPS] = {"wps", "WPS 文档", NULL},
    [CRP_KIND_RTF] = {"rtf", "RTF 文档", NULL},
    [CRP_KIND_ZIP] = {"zip", "ZIP 压缩包",
                      "压缩包中的案卷请用 casereview batch 评查"},
    [CRP_KIND_TAR] = {"tar", "tar 归档文件",
                      "归档中的案卷请用 casereview batch 评查"},
    [CRP_KIND_GZIP] = {"gzip", "gzip 压缩文件",
                       ".tar.gz 归档中的案卷请用 casereview batch 评查"},
    [CRP_KIND_ARCHIVE] = {"archive", "压缩文件（7z、RAR、bzip2、xz 或 zstd）",
                          "请先解压，或转为 zip、tar 后用 casereview batch "
                          "评查"},
    [CRP_KIND_IMAGE] = {"image", "图片文件", "扫描件须先转录为 casefile XML"},
    [CRP_KIND_HTML] = {"html", "HTML 网页", NULL},
    [CRP_KIND_JSON] = {"json", "JSON 文件", NULL},
    [CRP_KIND_TEXT] = {"text", "纯文本文件", NULL},
    [CRP_KIND_BINARY] = {"binary", "无法识别的二进制文件", NULL},
};

/* A zip's member names are stored uncompressed, in the local headers and
 * again in the central directory at the end. */
static enum crp_kind_id
zip_kind(const unsigned char *b, size_t len)
{
    if (HAS(b, len, "OFD.xml"))
        return CRP_KIND_OFD;
    if (HAS(b, len, "word/document.xml") || HAS(b, len, "word/_rels"))
        return CRP_KIND_DOCX;
    if (HAS(b, len, "xl/workbook.xml") || HAS(b, len, "xl/_rels"))
        return CRP_KIND_XLSX;
    if (HAS(b, len, "ppt/presentation.xml"))
        return CRP_KIND_PPT;
    if (HAS(b, len, "application/vnd.oasis.opendocument"))
        return CRP_KIND_ODF;
    return CRP_KIND_ZIP;
}

/* An OLE2 compound file names its streams in UTF-16LE. */
static enum crp_kind_id
ole_kind(const unsigned char *b, size_t len)
{
    if (HAS(b, len, "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0"))
        return HAS(b, len, "K\0i\0n\0g\0s\0o\0f\0t\0") ? CRP_KIND_WPS
                                                     : CRP_KIND_DOC;
    if (HAS(b, len, "W\0o\0r\0k\0b\0o\0o\0k\0") ||
        HAS(b, len, "B\0o\0o\0k\0\0\0"))
        return CRP_KIND_XLS;
    if (HAS(b, len, "P\0o\0w\0e\0r\0P\0o\0i\0n\0t\0"))
        return CRP_KIND_PPT;
    return CRP_KIND_OLE;
}

static int
is_image(const unsigned char *b, size_t len)
{
    return starts(b, len, "\x89PNG\r\n\x1a\n", 8) ||
           starts(b, len, "\xff\xd8\xff", 3) ||
           starts(b, len, "GIF87a", 6) || starts(b, len, "GIF89a", 6) ||
           starts(b, len, "II*\0", 4) || starts(b, len, "MM\0*", 4) ||
           (starts(b, len, "RIFF", 4) && len >= 12 &&
            memcmp(b + 8, "WEBP", 4) == 0) ||
           (len >= 12 && memcmp(b + 4, "ftyp", 4) == 0 &&
            (memcmp(b + 8, "heic", 4) == 0 || memcmp(b + 8, "heix", 4) == 0 ||
             memcmp(b + 8, "avif", 4) == 0 || memcmp(b + 8, "mif1", 4) == 0))
           || (starts(b, len, "BM", 2) && len >= 26 && b[14] >= 12 &&
               b[15] == 0 && b[16] == 0 && b[17] == 0);
}

static int
is_archive(const unsigned char *b, size_t len)
{
    return starts(b, len, "7z\xbc\xaf\x27\x1c", 6) ||
           starts(b, len, "Rar!\x1a\x07", 6) ||
           starts(b, len, "BZh", 3) ||
           starts(b, len, "\xfd" "7zXZ\0", 6) ||
           starts(b, len, "\x28\xb5\x2f\xfd", 4);
}

/* The first byte that is not white space (after a UTF-8 BOM). */
static size_t
skip_space(const unsigned char *b, size_t len)
{
    size_t i = starts(b, len, "\xef\xbb\xbf", 3) ? 3 : 0;

    while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' ||
                       b[i] == '\n'))
        i++;
    return i;
}

static int
ci_starts(const unsigned char *b, size_t len, const char *lit)
{
    size_t i, n = strlen(lit);

    if (len < n)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)lit[i])
            return 0;
    }
    return 1;
}

/* Text of some kind: no NUL and no control characters but white space
 * in the first 4 KB, which decodes as UTF-8 or looks like GB18030. */
static int
is_text(const unsigned char *b, size_t len)
{
    size_t i, n = len < 4096 ? len : 4096;

    for (i = 0; i < n; i++)
        if (b[i] < 0x20 && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' &&
            b[i] != 0x0c)
            return 0;
    return 1;
}

static enum crp_kind_id
text_kind(const unsigned char *b, size_t len)
{
    size_t i = skip_space(b, len);

    if (i < len && b[i] == '<')
        return ci_starts(b + i, len - i, "<!doctype html") ||
               ci_starts(b + i, len - i, "<html") ? CRP_KIND_HTML
                                                  : CRP_KIND_NONE;
    if (i < len && (b[i] == '{' || b[i] == '['))
        return CRP_KIND_JSON;
    return CRP_KIND_TEXT;
}

enum crp_kind_id
crp_file_kind_of(const char *buf, size_t len)
{
    const unsigned char *b = (const unsigned char *)buf;
    size_t i;

    if (buf == NULL || len == 0)
        return CRP_KIND_NONE;
    if (starts(b, len, "%PDF-", 5) ||
        (len > 5 && memmem(b, len < 1024 ? len : 1024, "%PDF-", 5)))
        return CRP_KIND_PDF;
    if (starts(b, len, "PK\x03\x04", 4) || starts(b, len, "PK\x05\x06", 4))
        return zip_kind(b, len);
    if (starts(b, len, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
        return ole_kind(b, len);
    if (starts(b, len, "{\\rtf", 5))
        return CRP_KIND_RTF;
    if (starts(b, len, "\x1f\x8b", 2))
        return CRP_KIND_GZIP;
    if (len >= 263 && memcmp(b + 257, "ustar", 5) == 0)
        return CRP_KIND_TAR;
    if (is_archive(b, len))
        return CRP_KIND_ARCHIVE;
    if (is_image(b, len))
        return CRP_KIND_IMAGE;
    /* UTF-16 and UTF-32 with a byte-order mark are libxml2's to judge */
    if (starts(b, len, "\xff\xfe", 2) || starts(b, len, "\xfe\xff", 2))
        return CRP_KIND_NONE;
    if (is_text(b, len))
        return text_kind(b, len);
    /* markup with a stray control character, or UTF-16 without a mark,
     * is libxml2's to explain */
    i = skip_space(b, len);
    if ((i < len && b[i] == '<') || (len > 1 && b[0] == 0 && b[1] == '<'))
        return CRP_KIND_NONE;
    return CRP_KIND_BINARY;
}

const struct crp_file_kind *
crp_file_kind(enum crp_kind_id id)
{
    return id > CRP_KIND_NONE && id < CRP_KIND_COUNT ? &kinds[id] : NULL;
}
