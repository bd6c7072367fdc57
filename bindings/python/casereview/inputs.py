"""Which cases a list of PATHs names, in `casereview batch` order.

The rules are the C batch command's, so that the Dask runner writes the
same JSON Lines byte for byte:

* A PATH that is a regular file whose name ends (case-insensitively) in
  .zip, .tar, .tar.gz or .tgz is an archive; any other file is a case whose
  source is the PATH as given.
* A directory is walked recursively; files whose names end in .xml
  (case-insensitively) are cases (archives inside directories are not
  opened); the source is PATH + "/" + the relative path (a trailing "/" on
  PATH is not doubled).  Symlinks to files are followed; a symlinked
  directory leading to a directory already on the current walk path gives
  an error entry "symlink loop".
* Archive members: regular-file members whose name ends in .xml, and tar
  hard links named so (scored with the data of the file they link to, the
  first regular member of that name before them); the source
  is ARCHIVE + "!" + the member name as stored (in UTF-8; a name stored
  without a charset that is not UTF-8 is decoded as GB18030 when it can be).  A member larger than the
  size limit is an error entry (too_large()), so is an encrypted zip
  member (ENCRYPTED).
* A PATH that does not exist gives an error entry (os_error()).
* Everything is sorted by the source's UTF-8 bytes; a source seen twice is
  scored once.

An error entry carries an ErrorLine: the Chinese message, the error kind
and the English detail of `casereview batch`'s line for the same fault
(cli/batch.h, cli/batch-error.c), byte for byte.  Archives are read with
the standard library (zipfile, tarfile): for a damaged archive the
message and kind are batch's, the detail is Python's, not libarchive's.
"""

import errno
import os
import stat
import tarfile
import zipfile
from dataclasses import dataclass
from typing import NamedTuple, Optional

DEFAULT_MAX_CASE_SIZE = 64 << 20


class ErrorLine(NamedTuple):
    """What could not be read: the error result's message (Chinese), kind
    (JSON error.kind) and detail (error.detail)."""
    kind: str
    message: str
    detail: str


# a case file that is a pipe or socket: never waited on
NOT_A_FILE = ErrorLine("unreadable", "不是普通文件（是管道或套接字），没有读取",
                       "not a regular file (a pipe or socket)")
# a link to a directory already on the walk's path
SYMLINK_LOOP = ErrorLine(
    "unreadable", "符号链接循环：链接指向它所在的文件夹或其上级，没有进入",
    "symlink loop")
ENCRYPTED = ErrorLine("unreadable", "压缩包中的这个文件已加密，无法读取",
                      "encrypted archive member")
# a tar hard link whose target is no regular member before it
LINK_MISSING = ErrorLine(
    "unreadable", "压缩包中的这个硬链接所指的文件不在它之前，无法读取",
    "hard link to no file before it in the archive")
# an archive without a single entry (all zeros read as an empty tar)
NO_ENTRIES = ErrorLine(
    "empty", "压缩包中没有任何条目：是空压缩包，或者不是压缩包",
    "no entries: an empty archive, or not an archive")

# what os_error() reports: a file, a folder, a *.xml a folder lists
PATH_FILE, PATH_FOLDER, PATH_LINK = range(3)


def too_large(limit):
    """A case over the limit: the engine's message for it."""
    return ErrorLine("too-large", "文件超过案卷大小上限（%d 字节）" % limit,
                     "case file larger than the limit of %d bytes" % limit)


def os_error(e, what=PATH_FILE):
    """An OSError E on a path (WHAT: PATH_FILE, PATH_FOLDER or
    PATH_LINK), in the engine's words for a file it cannot read."""
    num = e.errno
    denied = num in (errno.EACCES, errno.EPERM)
    if what == PATH_FOLDER:
        message = "没有读取该文件夹的权限" if denied else "无法读取文件夹"
    elif num == errno.ENOENT:
        message = ("符号链接指向的文件不存在" if what == PATH_LINK
                   else "文件不存在")
    else:
        message = "没有读取该文件的权限" if denied else "无法读取文件"
    return ErrorLine("unreadable", message,
                     os.strerror(num) if num is not None else str(e))


def damaged(exc, member):
    """An archive (MEMBER false) or one of its members that is damaged;
    the detail is the exception's text."""
    return ErrorLine("unreadable",
                     "压缩包中的这个文件已损坏，无法读取" if member
                     else "压缩包已损坏或无法读取",
                     str(exc) or type(exc).__name__)


def changed(detail):
    """An archive that changed between the listing and the reading."""
    return ErrorLine("unreadable", "读取期间压缩包发生了变化", detail)


def archive_error(exc):
    """An archive that could not be opened or listed: a file not there or
    not ours to read said as for any file, else damaged."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOENT, errno.EACCES,
                                                  errno.EPERM):
        return os_error(exc)
    return damaged(exc, False)

FILE = "file"      # a case file on disk: path
ZIP = "zip"        # a member of a zip archive: path, member
TAR = "tar"        # a member of a tar archive (any compression): path, member
ERROR = "error"    # no case to score: error (an ErrorLine)

_ARCHIVE_SUFFIXES = ((".tar.gz", TAR), (".tgz", TAR), (".tar", TAR),
                     (".zip", ZIP))


@dataclass(frozen=True)
class Entry:
    """One line of output to come: a case to score or an error to report."""
    source: str
    kind: str
    path: Optional[str] = None
    member: Optional[str] = None
    error: Optional[ErrorLine] = None

    @property
    def message(self):
        """The error entry's message (Chinese), else None."""
        return self.error.message if self.error else None

    def sort_key(self):
        return self.source.encode("utf-8", "surrogateescape")


def archive_kind(name):
    """ZIP or TAR when NAME looks like an archive the batch command opens."""
    low = name.lower()
    for suffix, kind in _ARCHIVE_SUFFIXES:
        if low.endswith(suffix):
            return kind
    return None


def is_case_name(name):
    return name.lower().endswith(".xml")


def _error(source, error):
    return Entry(source=source, kind=ERROR, error=error)


def _walk(dirpath, dirsource, prefix, on_path, out):
    """Adds the cases under DIRPATH (reported as DIRSOURCE); PREFIX (ending
    in "/") starts their sources; ON_PATH holds (st_dev, st_ino) of the
    directories from the argument down to DIRPATH."""
    try:
        with os.scandir(dirpath) as it:
            entries = list(it)
    except OSError as e:
        out.append(_error(dirsource, os_error(e, PATH_FOLDER)))
        return
    for de in entries:
        source = prefix + de.name
        case_name = is_case_name(de.name)
        try:
            st = os.stat(de.path)       # symlinks followed, as stat(2)
        except OSError as e:
            if case_name:               # e.g. a dangling link: reported
                out.append(_error(source, os_error(e, PATH_LINK)))
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in on_path:
                out.append(_error(source, SYMLINK_LOOP))
            else:
                _walk(de.path, source, source + "/", on_path | {key}, out)
        elif stat.S_ISREG(st.st_mode) and case_name:
            out.append(Entry(source=source, kind=FILE, path=source))


def _stored_name(raw):
    """A member name stored without a charset (no zip UTF-8 flag, a plain
    tar header), as the C tool gives it: UTF-8 when it is; else GB18030
    (GBK: zips made by Windows set to Chinese) when it decodes so; else
    the raw bytes (surrogate-escaped; U+FFFD in the JSON)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", "surrogateescape")


def _zip_name(info):
    if info.flag_bits & 0x800:
        return info.filename
    # zipfile decodes names without the UTF-8 flag as cp437, which maps
    # every byte: encoding back gives the stored bytes
    return _stored_name(info.filename.encode("cp437"))


def _tar_name(member):
    # tarfile decodes plain headers with the file system encoding and
    # surrogateescape (pax names are UTF-8 already)
    return _stored_name(member.name.encode("utf-8", "surrogateescape"))


class _NoEntries(Exception):
    pass


def _zip_members(path, max_size, out):
    with zipfile.ZipFile(path) as zf:
        if not zf.infolist():
            raise _NoEntries()
        for info in zf.infolist():
            if info.is_dir():
                continue
            kind = stat.S_IFMT(info.external_attr >> 16)
            if kind and kind != stat.S_IFREG:
                continue    # symlinks and other non-regular members
            if not is_case_name(info.filename):
                continue
            source = path + "!" + _zip_name(info)
            if info.flag_bits & 0x1:
                out.append(_error(source, ENCRYPTED))
            elif info.file_size > max_size:
                out.append(_error(source, too_large(max_size)))
            else:
                out.append(Entry(source=source, kind=ZIP, path=path,
                                 member=info.filename))


def link_target(member, regular):
    """The member a tar hard link stands for (GNU tar and bsdtar store a
    file's second name so): the first regular member before it with the
    link's target name, in REGULAR (name -> member, first wins); None
    when there is none. A link with data of its own is a file itself."""
    if not member.islnk() or member.size > 0:
        return None
    return regular.get(member.linkname)


def _tar_members(path, max_size, out):
    with tarfile.open(path, "r:*") as tf:
        regular = {}
        seen = False
        for m in tf:
            seen = True
            if m.isreg():
                regular.setdefault(m.name, m)
            if not (m.isreg() or m.islnk()) or not is_case_name(m.name):
                continue
            source = path + "!" + _tar_name(m)
            size = m.size
            if m.islnk() and m.size == 0:
                target = link_target(m, regular)
                if target is None:
                    out.append(_error(source, LINK_MISSING))
                    continue
                size = target.size
            if size > max_size:
                out.append(_error(source, too_large(max_size)))
            else:
                out.append(Entry(source=source, kind=TAR, path=path,
                                 member=m.name))
        if not seen:
            raise _NoEntries()


def _archive(path, kind, max_size, out):
    found = []
    try:
        if kind == ZIP:
            _zip_members(path, max_size, found)
        else:
            _tar_members(path, max_size, found)
    except _NoEntries:
        out.append(_error(path, NO_ENTRIES))
        return
    except Exception as e:   # OSError, BadZipFile, TarError, EOFError
        out.append(_error(path, archive_error(e)))
        return
    out.extend(found)


def _argument(path, max_size, out):
    try:
        st = os.stat(path)
    except OSError as e:
        out.append(_error(path, os_error(e)))
        return
    if stat.S_ISDIR(st.st_mode):
        prefix = path if path.endswith("/") else path + "/"
        _walk(path, path, prefix, frozenset({(st.st_dev, st.st_ino)}), out)
        return
    kind = archive_kind(path) if stat.S_ISREG(st.st_mode) else None
    if kind:
        _archive(path, kind, max_size, out)
    else:
        out.append(Entry(source=path, kind=FILE, path=path))


def enumerate_sources(paths, max_size=DEFAULT_MAX_CASE_SIZE):
    """Every case (or error) the PATHs name, in batch output order."""
    found = []
    for p in paths:
        _argument(os.fsdecode(p), max_size, found)
    found.sort(key=Entry.sort_key)
    out = []
    last = None
    for e in found:
        key = e.sort_key()
        if key != last:
            out.append(e)
            last = key
    return out
