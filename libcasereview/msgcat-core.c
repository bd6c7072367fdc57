/* msgcat-core.c — looking a text up in a catalogue; errno in words. */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "msgcat.h"

int
crp_lang_parse(const char *name)
{
    if (name == NULL)
        return CRP_LANG_ZH;
    if (strncasecmp(name, "zh", 2) == 0)
        return CRP_LANG_ZH;
    if (strncasecmp(name, "en", 2) == 0)
        return CRP_LANG_EN;
    return -1;
}

const char *
crp_msg_pick(const struct crp_msg *tab, size_t n, enum crp_lang lang,
             const char *text)
{
    size_t i;

    if (text == NULL)
        return NULL;
    for (i = 0; i < n; i++)
        if (strcmp(tab[i].zh, text) == 0 || strcmp(tab[i].en, text) == 0)
            return lang == CRP_LANG_EN ? tab[i].en : tab[i].zh;
    return text;
}

static const struct {
    int num;
    struct crp_msg m;
} errnos[] = {
    {ENOENT, {"文件或文件夹不存在", "no such file or folder"}},
    {EACCES, {"没有访问权限", "permission denied"}},
    {EPERM, {"没有访问权限", "permission denied"}},
    {EISDIR, {"这是一个文件夹，不是文件", "this is a folder, not a file"}},
    {ENOTDIR, {"路径中的某一级不是文件夹", "a part of the path is not a folder"}},
    {ENOSPC, {"磁盘空间不足", "no space left on the disk"}},
    {EDQUOT, {"超出磁盘配额", "disk quota exceeded"}},
    {EROFS, {"文件系统只读，不能写入", "the file system is read-only"}},
    {EEXIST, {"文件已存在", "the file already exists"}},
    {ENAMETOOLONG, {"文件名太长", "the file name is too long"}},
    {ELOOP, {"符号链接层数过多", "too many levels of symbolic links"}},
    {EMFILE, {"打开的文件太多", "too many open files"}},
    {ENFILE, {"打开的文件太多", "too many open files"}},
    {ENOMEM, {"内存不足", "out of memory"}},
    {EFBIG, {"文件太大", "the file is too large"}},
    {EIO, {"读写出错（输入输出错误）", "input/output error"}},
    {EPIPE, {"输出已被关闭（管道断开）", "the output was closed (broken pipe)"}},
    {ETXTBSY, {"文件正被使用", "the file is busy"}},
    {EINVAL, {"参数无效", "invalid argument"}},
};

const char *
crp_msg_errno(enum crp_lang lang, int errnum)
{
    size_t i;

    for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
        if (errnos[i].num == errnum)
            return lang == CRP_LANG_EN ? errnos[i].m.en : errnos[i].m.zh;
    return lang == CRP_LANG_EN ? "system error" : "系统错误";
}
