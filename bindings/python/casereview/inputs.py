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
  size limit gives the error "case file larger than the limit of N bytes",
  an encrypted zip member "encrypted archive member".
* A PATH that does not exist gives an error entry with strerror(ENOENT).
* Everything is sorted by the source's UTF-8 bytes; a source seen twice is
  scored once.

Archives are read with the standard library (zipfile, tarfile); their
corruption messages differ from libarchive's in the C tool.
"""

import os
import stat
import tarfile
import zipfile
from dataclasses import dataclass
from typing import Optional

DEFAULT_MAX_CASE_SIZE = 64 << 20
TOO_LARGE = "case file larger than the limit of %d bytes"
# what `casereview batch` says of a case file that is a pipe or socket
NOT_A_FILE = "not a regular file (a pipe or socket)"
SYMLINK_LOOP = "symlink loop"
ENCRYPTED = "encrypted archive member"
# a tar hard link whose target is no regular member before it
LINK_MISSING = "hard link to no file before it in the archive"
# an archive without a single entry (all zeros read as an empty tar)
NO_ENTRIES = "no entries: an empty archive, or not an archive"

FILE = "file"      # a case file on disk: path
ZIP = "zip"        # a member of a zip archive: path, member
TAR = "tar"        # a member of a tar archive (any compression): path, member
ERROR = "error"    # no case to score: message

_ARCHIVE_SUFFIXES = ((".tar.gz", TAR), (".tgz", TAR), (".tar", TAR),
                     (".zip", ZIP))


@dataclass(frozen=True)
class Entry:
    """One line of output to come: a case to score or an error to report."""
    source: str
    kind: str
    path: Optional[str] = None
    member: Optional[str] = None
    message: Optional[str] = None

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


def _error(source, message):
    return Entry(source=source, kind=ERROR, message=message)


def _strerror(e):
    if e.errno is not None:
        return os.strerror(e.errno)
    return str(e)


def _walk(dirpath, dirsource, prefix, on_path, out):
    """Adds the cases under DIRPATH (reported as DIRSOURCE); PREFIX (ending
    in "/") starts their sources; ON_PATH holds (st_dev, st_ino) of the
    directories from the argument down to DIRPATH."""
    try:
        with os.scandir(dirpath) as it:
            entries = list(it)
    except OSError as e:
        out.append(_error(dirsource, _strerror(e)))
        return
    for de in entries:
        source = prefix + de.name
        case_name = is_case_name(de.name)
        try:
            st = os.stat(de.path)       # symlinks followed, as stat(2)
        except OSError as e:
            if case_name:               # e.g. a dangling link: reported
                out.append(_error(source, _strerror(e)))
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


def _zip_members(path, max_size, out):
    with zipfile.ZipFile(path) as zf:
        if not zf.infolist():
            raise zipfile.BadZipFile(NO_ENTRIES)
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
                out.append(_error(source, TOO_LARGE % max_size))
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
                out.append(_error(source, TOO_LARGE % max_size))
            else:
                out.append(Entry(source=source, kind=TAR, path=path,
                                 member=m.name))
        if not seen:
            raise tarfile.ReadError(NO_ENTRIES)


def _archive(path, kind, max_size, out):
    found = []
    try:
        if kind == ZIP:
            _zip_members(path, max_size, found)
        else:
            _tar_members(path, max_size, found)
    except OSError as e:
        out.append(_error(path, _strerror(e)))
        return
    except Exception as e:   # zipfile.BadZipFile, tarfile.TarError, EOFError
        out.append(_error(path, str(e) or type(e).__name__))
        return
    out.extend(found)


def _argument(path, max_size, out):
    try:
        st = os.stat(path)
    except OSError as e:
        out.append(_error(path, _strerror(e)))
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
