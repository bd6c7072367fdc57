"""The archive rules of a checklist over many cases (cr_archive).

    with Checklist.load("rules/penalty-general.xml") as cl:
        ar = cl.archive()
        for r in cl.score_many(paths):
            ar.add(r)                 # the case's facts, copied
        for f in ar.evaluate():       # findings, as casereview-archive/1
            print(f["rule"], f["message"], [c["id"] for c in f["cases"]])
        open("archive.json", "wb").write(ar.to_json() + b"\\n")

A case is known by its source: adding a source again replaces it, and
adding an error result withdraws it.  Findings never depend on the order
cases were added in, so facts gathered from many processes (the Dask front
end sends each case's facts back with its result) give the same bytes as
`casereview batch --archive-json`.
"""

import json
import threading
import weakref
from ctypes import byref, c_void_p

from . import _ffi
from ._core import CasereviewError, Result, _raise_status
from ._ffi import lib

__all__ = ["Archive", "ArchiveError"]


class ArchiveError(CasereviewError):
    """Facts that do not fit the checklist (an unknown fact, a value not of
    its type, a second value for a single fact)."""


class Archive:
    """A ``cr_archive`` for the archive rules of CHECKLIST.  :meth:`add`
    may be called from several threads at once; :meth:`evaluate` and the
    writers take the archive for themselves."""

    def __init__(self, checklist):
        h = _ffi.ArchiveP()
        with checklist._use() as cl:
            st = lib.cr_archive_new(cl, byref(h))
            if st != _ffi.CR_OK:
                _raise_status(st, "cr_archive_new")
            # facts are built against the checklist (cr_facts_new holds a
            # reference of its own)
            self._cl = _ffi.ChecklistP(lib.cr_checklist_ref(cl).value)
        self._handle = h
        self._finalizer = weakref.finalize(self, Archive._release, h,
                                           self._cl)
        self._lock = threading.RLock()
        self._findings = None

    @staticmethod
    def _release(h, cl):
        lib.cr_archive_free(h)
        lib.cr_checklist_unref(cl)

    def close(self):
        with self._lock:
            self._handle = None
            self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _live(self):
        if self._handle is None:
            raise ValueError("archive is closed")
        return self._handle

    def add(self, result):
        """Adds the facts of a :class:`Result` (or facts as
        :func:`facts_of` gives them: ``(source, case_id, ((name, values),
        ...))``); an error result withdraws its source."""
        if isinstance(result, Result):
            # as cr_archive_add_result: an error result no longer
            # counts; a case of a checklist without facts counts in no
            # rule
            if result.is_error:
                return self.withdraw(result.source)
            result = result._facts or (result.source, result.case_id, ())
        source, case_id, values = result
        self.add_facts(source, case_id, dict(values))

    def add_facts(self, source, case_id, facts):
        """Adds one case given as its SOURCE, CASE_ID and FACTS, a mapping
        of fact name to a value or a list of values, as text (see
        :attr:`Result.facts`) or as numbers and booleans."""
        f = _ffi.FactsP()
        st = lib.cr_facts_new(self._cl, _ffi.encode(source),
                              _ffi.utf8(case_id), byref(f))
        if st != _ffi.CR_OK:
            _raise_status(st, "cr_facts_new")
        try:
            for name, values in facts.items():
                if values is None or isinstance(values, (str, bytes, int,
                                                         float)):
                    values = () if values is None else (values,)
                for v in values:
                    st = lib.cr_facts_add(f, _ffi.utf8(name),
                                          _ffi.utf8(_text(v)))
                    if st == _ffi.CR_ERR_INVALID:
                        raise ArchiveError("fact %r: value %r does not fit"
                                           % (name, v))
                    if st != _ffi.CR_OK:
                        _raise_status(st, "cr_facts_add")
            with self._lock:
                st = lib.cr_archive_add_facts(self._live(), f)
        finally:
            lib.cr_facts_free(f)
        if st != _ffi.CR_OK:
            _raise_status(st, "cr_archive_add_facts")
        self._findings = None

    def withdraw(self, source):
        """SOURCE no longer counts."""
        with self._lock:
            st = lib.cr_archive_withdraw(self._live(), _ffi.encode(source))
        if st != _ffi.CR_OK:
            _raise_status(st, "cr_archive_withdraw")
        self._findings = None

    def __len__(self):
        with self._lock:
            return lib.cr_archive_get_case_count(self._live())

    def evaluate(self):
        """Runs the rules over the cases added so far; returns the
        findings (the "findings" of :meth:`to_json`, as dicts)."""
        with self._lock:
            st = lib.cr_archive_evaluate(self._live())
            if st != _ffi.CR_OK:
                _raise_status(st, "cr_archive_evaluate")
            self._findings = json.loads(self._write(lib.cr_archive_to_json))
        return self._findings["findings"]

    def _write(self, fn):
        p = c_void_p()
        st = fn(self._live(), byref(p))
        if st != _ffi.CR_OK:
            _ffi.take_string(p)
            _raise_status(st, fn.__name__)
        return _ffi.take_string(p)

    def _evaluated(self):
        if self._findings is None:
            self.evaluate()

    def to_json(self):
        """casereview-archive/1 as UTF-8 bytes on one line, exactly what
        `casereview batch --archive-json` writes before its newline."""
        with self._lock:
            self._evaluated()
            return self._write(lib.cr_archive_to_json)

    def to_csv(self):
        """The findings as `casereview batch --archive-csv` writes them."""
        with self._lock:
            self._evaluated()
            return self._write(lib.cr_archive_to_csv)

    @property
    def rules(self):
        """Per rule: cases it looked at, cases left out for a missing
        fact, groups formed and tested, findings."""
        with self._lock:
            self._evaluated()
            return self._findings["rules"]


def _text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return v if isinstance(v, (str, bytes)) else str(v)
