"""What a Dask worker runs for `python3 -m casereview.distributed`.

Kept apart from the command's module so that the task function pickles by
reference (casereview._tasks.score_partition) even when the command runs
as __main__.  Each worker process loads the checklist once and keeps it in
a module-level cache keyed by everything that shapes it.
"""

import os
import stat
import tarfile
import threading
import zipfile

from . import inputs
from ._core import Checklist, Verdicts, error_result
from ._mixed import score_first

_CHECKLISTS = {}
_CHECKLISTS_LOCK = threading.Lock()


def checklist_spec(path, params, data, max_size, verdicts=None,
                   transform=None, limits=None):
    """A hashable key naming a checklist load (with the reviewers' verdicts
    applied with it and its mapping, each or None); paths made absolute so
    that a worker with another working directory finds the same files.
    LIMITS: the budget keyword arguments of Checklist.load
    (max_case_work=...)."""
    return (os.path.abspath(path),
            tuple(sorted((params or {}).items())),
            tuple(sorted((k, os.path.abspath(v))
                         for k, v in (data or {}).items())),
            int(max_size),
            os.path.abspath(verdicts) if verdicts else None,
            os.path.abspath(transform) if transform else None,
            tuple(sorted((k, v) for k, v in (limits or {}).items()
                         if v is not None)))


def cached_checklist(spec):
    """The worker's (Checklist, Verdicts or None) for SPEC, loaded on
    first use."""
    with _CHECKLISTS_LOCK:
        got = _CHECKLISTS.get(spec)
        if got is None:
            path, params, data, max_size, verdicts, transform, limits = spec
            cl = Checklist.load(path, params=dict(params), data=dict(data),
                                max_case_size=max_size, transform=transform,
                                **dict(limits))
            got = (cl, Verdicts.load(cl, verdicts) if verdicts else None)
            _CHECKLISTS[spec] = got
        return got


def _read_limited(f, max_size):
    data = f.read(max_size + 1)
    if len(data) > max_size:
        return None
    return data


def _read_zip_members(path, names, max_size, got):
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            # the first member of a name wins, as in the enumeration
            if info.filename in names and info.filename not in got:
                # a bad member (CRC, compression method, encryption) is
                # its own error line, as in `casereview batch`, not every
                # member's
                try:
                    with zf.open(info) as f:
                        got[info.filename] = _read_limited(f, max_size)
                except Exception as exc:
                    got[info.filename] = inputs.damaged(exc, True)


def _read_tar_members(path, names, max_size, got):
    with tarfile.open(path, "r:*") as tf:
        regular = {}
        for m in tf:
            if m.isreg():
                regular.setdefault(m.name, m)
            if m.name in names and m.name not in got:
                data = m if m.isreg() else inputs.link_target(m, regular)
                if data is None:
                    if m.islnk():
                        got[m.name] = inputs.LINK_MISSING
                    continue
                # a member cut off is its own error line, the members
                # after it the archive's (as libarchive reads it)
                try:
                    with tf.extractfile(data) as f:
                        got[m.name] = _read_limited(f, max_size)
                except Exception as exc:
                    got[m.name] = inputs.damaged(exc, True)
                    raise
                if len(got) == len(names):
                    break


def _read_members(entries, max_size, cwd):
    """{(kind, archive, member): bytes, None when over the limit, or an
    inputs.ErrorLine}, reading each archive of the partition once (a
    relative archive path is taken from CWD, the command's directory)."""
    wanted = {}
    for e in entries:
        if e.kind in (inputs.ZIP, inputs.TAR):
            wanted.setdefault((e.kind, e.path), set()).add(e.member)
    members = {}
    for (kind, path), names in wanted.items():
        full = os.path.join(cwd, path)
        got = {}
        try:
            if kind == inputs.ZIP:
                _read_zip_members(full, names, max_size, got)
            else:
                _read_tar_members(full, names, max_size, got)
        except Exception as exc:
            # an archive that breaks off (a truncated .tar.gz): what was
            # read before stays; the rest carry the error
            for name in names:
                got.setdefault(name, inputs.archive_error(exc))
        for name in names:
            members[(kind, path, name)] = got.get(
                name, inputs.changed("archive member not found"))
    return members


def _read_case_file(path, max_size):
    """(bytes, None), or (None, the inputs.ErrorLine `casereview batch`
    gives)."""
    try:
        # O_NONBLOCK: opening a FIFO would wait for a writer forever
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
                return None, inputs.NOT_A_FILE
            if not stat.S_ISREG(mode):      # a device: reads may wait
                os.set_blocking(fd, True)
            f = os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise
        with f:
            data = _read_limited(f, max_size)
    except OSError as e:
        return None, inputs.os_error(e)
    if data is None:
        return None, inputs.too_large(max_size)
    return data, None


def _error_line(source, err):
    return error_result(source, err.message, kind=err.kind,
                        detail=err.detail)


def _score_entry(score, entry, members, cwd, max_size):
    if entry.kind == inputs.ERROR:
        return _error_line(entry.source, entry.error)
    if entry.kind == inputs.FILE:
        # read here, as the batch command does, then scored from memory;
        # a relative path is the command's, whatever this worker's cwd
        data, err = _read_case_file(os.path.join(cwd, entry.path), max_size)
        if err is not None:
            return _error_line(entry.source, err)
        return score(data, entry.source)
    data = members[(entry.kind, entry.path, entry.member)]
    if isinstance(data, inputs.ErrorLine):
        return _error_line(entry.source, data)
    if data is None:
        return _error_line(entry.source, inputs.too_large(max_size))
    return score(data, entry.source)


def score_partition(spec, entries, cwd, facts=False):
    """Scores ENTRIES (inputs.Entry, in output order) with the checklist of
    SPEC; returns [(json_line, bad)], json_line being the JSON as UTF-8
    bytes (as the library wrote it: nothing to decode here or to encode
    again when the lines are written), bad meaning an error result or an
    item in the error state (exit status 1; items pending for a reviewer
    are not).  With FACTS, [(json_line, bad, facts)]: what the case gives
    the archive rules (see Archive.add), None for an error result; only
    these small tuples travel back, never the cases."""
    # SPEC: one checklist_spec, or a tuple of them (several -c)
    specs = spec if isinstance(spec[0], tuple) else (spec,)
    loaded = [cached_checklist(s) for s in specs]
    max_size = specs[0][3]
    members = _read_members(entries, max_size, cwd)
    # one evaluator per checklist and worker thread, kept
    evs = [cl._thread_evaluator(verdicts) for cl, verdicts in loaded]
    if len(evs) == 1:
        def score(data, source):
            return evs[0].score_bytes(data, source, check=False)
    else:
        names = [(cl.id, cl.title) for cl, _ in loaded]

        def score(data, source):
            return score_first(names, lambda i: evs[i].score_bytes(
                data, source, check=False), source)
    out = []
    for e in entries:
        r = _score_entry(score, e, members, cwd, max_size)
        bad = r.is_error or r.has_errors
        if facts:
            out.append((r.json_bytes, bad, None if r.is_error else
                        r._facts or (r.source, r.case_id, ())))
        else:
            out.append((r.json_bytes, bad))
    return out
