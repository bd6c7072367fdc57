"""The Pythonic API: Checklist, Evaluator, Result and the errors.

Ownership rules (see include/casereview.h):

* A :class:`Checklist` owns one reference to a ``cr_checklist``; it is
  read-only and shared by every thread.
* An :class:`Evaluator` owns a ``cr_evaluator``, which itself holds a
  reference to the checklist, so closing a checklist never pulls the rug
  from under an evaluator that is still scoring.  An evaluator belongs to
  one thread at a time; :meth:`Checklist.score_file` keeps one per thread
  (``threading.local``).
* A :class:`Result` is plain Python data, copied out of the ``cr_result``
  right after scoring; the C result is freed at once.  Results can be
  pickled (the Dask runner sends them between processes).

Every C handle is released by ``close()``, by ``with``, or, failing both,
by a ``weakref.finalize`` finalizer when the Python object goes away.
"""

import collections
import ctypes
import concurrent.futures
import json
import numbers
import os
import threading
import weakref
from ctypes import byref, c_void_p
from dataclasses import dataclass, field
from typing import List, Optional

from . import _ffi
from ._ffi import lib, text

__all__ = [
    "CasereviewError", "ChecklistError", "CaseError", "Diagnostic",
    "Checklist", "Evaluator", "Result", "Item", "Finding", "Category",
    "ChecklistItem", "Grade", "error_result", "DEFAULT_MAX_CASE_SIZE",
    "Verdicts", "VerdictsError", "Verdict",
]

DEFAULT_MAX_CASE_SIZE = 64 << 20
_SCORE_MANY_CHUNK = 4      # cases per task in Checklist.score_many


# ---------------------------------------------------------------------------
# Errors and diagnostics

# messages.def: a param value that does not suit its type, min or max
PARAM_VALUE_CODE = 3051


class CasereviewError(Exception):
    """Base class of the errors this package raises."""


@dataclass(frozen=True)
class Diagnostic:
    """One problem found while loading a checklist."""
    code: int
    severity: str            # "error" or "warning"
    file: Optional[str]
    line: int                # 0: unknown
    column: int              # 0: unknown
    message: str
    formatted: str = field(default="", compare=False, repr=False)

    def __str__(self):
        return self.formatted or "%s:%d:%d: %s[CR-%04d]: %s" % (
            self.file or "", self.line, self.column, self.severity,
            self.code, self.message)


# The first line of a load error, in the language of its diagnostics.
_HEADLINES = {
    "checklist": {"zh": "评查标准 %s 无法加载：",
                  "en": "checklist %s does not load:"},
    "verdicts": {"zh": "决定文件 %s 无法加载：",
                 "en": "verdicts %s do not load:"},
    "mapping": {"zh": "映射 %s 无法加载：",
                "en": "mapping %s does not load:"},
}
_SEVERITY_WORDS = {"zh": {"error": "错误", "warning": "警告"},
                   "en": {"error": "error", "warning": "warning"}}


class ChecklistError(CasereviewError):
    """The checklist does not load; ``diagnostics`` holds every problem.
    The message is in LANGUAGE ("zh" or "en"; None: the locale's), the
    language the diagnostics were told in."""
    _what = "checklist"

    def __init__(self, path, diagnostics, status, formatted=None,
                 language=None):
        self.path = path
        self.diagnostics = list(diagnostics)
        self.status = status
        self.language = _language(language)
        detail = formatted or "\n".join(str(d) for d in self.diagnostics)
        if not detail:
            detail = _ffi.status_text(status)
        super().__init__(_HEADLINES[self._what][self.language] % path
                         + "\n" + detail.rstrip("\n"))
        self._formatted = formatted

    def __reduce__(self):       # picklable, e.g. from a Dask worker
        return (type(self), (self.path, self.diagnostics, self.status,
                             self._formatted, self.language))

    @property
    def errors(self):
        return [d for d in self.diagnostics if d.severity == "error"]


class ParamError(ChecklistError, ValueError):
    """A param value that does not suit the param's declared type, min
    or max (code 3051), given to :meth:`Checklist.load` or
    :meth:`Evaluator.set_param`; a ValueError too."""


class VerdictsError(ChecklistError):
    """A verdicts file does not load: ``diagnostics`` holds every problem
    (an unknown item, another checklist's id, two verdicts for one item of
    one case, a result or deduct the item does not allow, no by/at), each
    with its file and line."""
    _what = "verdicts"


class CaseError(CasereviewError):
    """A case could not be scored (not well-formed, unreadable, too large,
    past its budget).

    ``result`` is the error :class:`Result`, ``json`` its JSON line;
    ``kind``, ``detail`` and ``limit`` those of its error object.
    """

    def __init__(self, result):
        self.result = result
        self.message = result.error
        self.kind = result.error_kind
        self.detail = result.error_detail
        self.limit = result.error_limit
        self.line = result.error_line
        self.source = result.source
        self.json = result.json
        where = self.source or "case"
        if self.line:
            where = "%s:%d" % (where, self.line)
        super().__init__("%s: %s" % (where, self.message))

    def __reduce__(self):
        return (type(self), (self.result,))


def _raise_status(st, what):
    if st == _ffi.CR_ERR_NOMEM:
        raise MemoryError("%s: out of memory" % what)
    if st == _ffi.CR_ERR_INVALID:
        raise ValueError("%s: %s" % (what, _ffi.status_text(st)))
    raise CasereviewError("%s: %s" % (what, _ffi.status_text(st)))


def _diagnostics(dl):
    out = []
    if not dl:
        return out
    for i in range(lib.cr_diag_list_count(dl)):
        d = lib.cr_diag_list_get(dl, i)
        sev = lib.cr_diag_get_severity(d)
        out.append(Diagnostic(
            code=lib.cr_diag_get_code(d),
            severity="warning" if sev == _ffi.CR_SEVERITY_WARNING else "error",
            file=text(lib.cr_diag_get_file(d)),
            line=lib.cr_diag_get_line(d),
            column=lib.cr_diag_get_column(d),
            message=text(lib.cr_diag_get_message(d)) or "",
            formatted=text(_ffi.take_string(lib.cr_diag_format(d))) or ""))
    return out


# ---------------------------------------------------------------------------
# Results

@dataclass(frozen=True)
class Finding:
    message: str
    location: str
    line: int
    hint: bool = False       # a reviewer item's: a hint, not a deduction


@dataclass(frozen=True)
class Verdict:
    """What a reviewer decided for an item (checklist 1.1)."""
    result: str              # passed, failed, not-applicable
    deducted: float
    by: str
    at: str
    reason: str
    machine_state: str       # the state the machine gave


@dataclass(frozen=True)
class Item:
    id: str
    category: str
    title: str
    state: str               # passed, failed, not-applicable, error, pending
    deducted: float
    veto: bool
    basis: str
    error: Optional[str]     # the message of an item in the error state
    findings: List[Finding]
    # checklist 1.1: an earn item's standard points and what it earned,
    # a bonus item's bonus, a reviewer's verdict
    points: Optional[float] = None
    earned: Optional[float] = None
    bonus: Optional[float] = None
    verdict: Optional[Verdict] = None
    # findings past max_findings: counted, not listed
    findings_omitted: int = 0


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    points: float
    deducted: float
    # checklist 1.1 (None for a 1.0 result): its score, "earn" or
    # "deduct", "penalty"/"bonus" or None, the parent category's id,
    # applicability
    score: Optional[float] = None
    scoring: str = "deduct"
    role: Optional[str] = None
    parent: Optional[str] = None
    applicable: bool = True


def _num(v):
    return None if v is None else float(v)


class Result:
    """One scored case (or, with ``is_error``, one that could not be).

    A Result is plain Python data: ``json`` is exactly what
    cr_result_to_json wrote, and every attribute is read from it (parsed on
    first use), so ``to_dict()`` and the attributes always agree and a
    scoring thread spends almost no time holding the GIL.  Numbers are
    therefore as the JSON prints them (at most two decimals).

    ``json_bytes`` is the same line as UTF-8 bytes, which is how the
    library hands it over: writing results to a file or a socket that way
    skips decoding them (a typical result is 17 KB of mostly Chinese text;
    decoding it costs about as much as scoring it, holding the GIL).
    """

    __slots__ = ("_raw", "_text", "group", "_d", "_items", "_categories",
                 "_error", "_complete", "_has_errors", "_facts",
                 "_agency_name", "_kind")

    def __init__(self, json_text, group=None):
        # one of _raw (bytes) and _text (str) is set; the other is made
        # from it on first use
        if isinstance(json_text, (bytes, bytearray, memoryview)):
            self._raw, self._text = bytes(json_text), None
        else:
            self._raw, self._text = None, json_text
        self.group = "" if group is None else group  # "" when none
        self._d = None
        self._items = None
        self._categories = None
        # is_error and complete when the library said so (_take_result);
        # None: read from the JSON
        self._error = None
        self._complete = None
        self._has_errors = None
        # the archive rules' facts: (source, case_id, ((name, values),
        # ...)) as the library gave them, or None (_take_result)
        self._facts = None
        # what the case file says of itself, not in the JSON
        # (_take_result)
        self._agency_name = ""
        self._kind = ""

    @property
    def json(self):
        """The casereview-result/1 JSON line (str)."""
        t = self._text
        if t is None:
            t = self._text = self._raw.decode("utf-8", "surrogateescape")
        return t

    @property
    def json_bytes(self):
        """The same line as the library wrote it (UTF-8 bytes)."""
        b = self._raw
        if b is None:
            b = self._raw = self._text.encode("utf-8", "surrogateescape")
        return b

    def __getstate__(self):
        return (self.json_bytes, self.group, self._facts, self._agency_name,
                self._kind)

    def __setstate__(self, state):
        self.__init__(*state[:2])
        self._facts = state[2] if len(state) > 2 else None
        if len(state) > 4:
            self._agency_name, self._kind = state[3], state[4]

    @property
    def agency_name(self):
        """The agency's name as the case file gives it
        (``/case/agency/@name``); "" when it gives none or for an error
        result."""
        return self._agency_name

    @property
    def kind(self):
        """The kind of case the file says it is (``/case/@kind``:
        "penalty", "inspection", "coercive", "licensing"); "" in a
        casefile/1 file (a penalty case) or for an error result."""
        return self._kind

    @property
    def facts(self):
        """The facts this case gives the checklist's archive rules
        (docs/checklist-language.md, chapter 4): ``{name: (value, ...)}``
        for every fact, its values as text (none, one, or several for a
        multiple fact; numbers in their shortest exact form, dates
        YYYY-MM-DD, "true"/"false").  Empty when the checklist has no
        facts or the case could not be scored."""
        if self._facts is None:
            return {}
        return {name: values for name, values in self._facts[2]}

    def _data(self):
        d = self._d
        if d is None:
            d = self._d = json.loads(self.json)
        return d

    def to_dict(self):
        """The casereview-result/1 object: ``json.loads(self.json)``."""
        return json.loads(self.json)

    # -- the case and errors ------------------------------------------------

    @property
    def source(self):
        return self._data()["case"].get("source")

    @property
    def case_id(self):
        return self._data()["case"].get("id")

    @property
    def error(self):
        """The message when the case could not be scored, else None."""
        err = self._data().get("error")
        return None if err is None else err.get("message", "")

    @property
    def error_line(self):
        err = self._data().get("error")
        return 0 if err is None else int(err.get("line") or 0)

    @property
    def error_kind(self):
        """Why the engine could not score the case ("not-xml", "encoding",
        "not-well-formed", "limit", "not-accepted", "transform", ...), else None."""
        err = self._data().get("error")
        return None if err is None else err.get("kind")

    @property
    def error_detail(self):
        """libxml2's (or libxslt's, or the system's) own text beside the
        Chinese message, else None."""
        err = self._data().get("error")
        return None if err is None else err.get("detail")

    @property
    def encoding_guess(self):
        """"GB18030" when the file declared no encoding, was not UTF-8 and
        was read as GB18030; else None."""
        return self._data()["case"].get("encoding_guess")

    @property
    def error_limit(self):
        """For a case past its budget, the limit's name ("max-case-work",
        "max-case-nodes" or "max-case-tree"), else None."""
        err = self._data().get("error")
        return None if err is None else err.get("limit")

    @property
    def is_error(self):
        if self._error is not None:
            return self._error
        return "error" in self._data()

    # -- the score ----------------------------------------------------------

    @property
    def checklist_id(self):
        return (self._data().get("checklist") or {}).get("id")

    @property
    def checklist_version(self):
        return (self._data().get("checklist") or {}).get("version")

    @property
    def total(self):
        return _num(self._data().get("total"))

    @property
    def score(self):
        """The score; None when the case has no score (veto="unscored")
        or could not be scored. While items are pending, the score with
        every pending item passed."""
        return _num(self._data().get("score"))

    @property
    def score_range(self):
        """(min, max) while items are pending (checklist 1.1; a bound is
        None when it has no score), else None."""
        r = self._data().get("score_range")
        return None if r is None else (_num(r[0]), _num(r[1]))

    @property
    def pending(self):
        """The ids of the items waiting for a reviewer's verdict."""
        return list(self._data().get("pending", ()))

    @property
    def grade_caps(self):
        """The failed items with cap-grade, in checklist order."""
        return list(self._data().get("grade_caps", ()))

    @property
    def bonus(self):
        """What bonus items added (0 without any)."""
        return _num(self._data().get("bonus", 0))

    @property
    def has_errors(self):
        """Some item ended in the error state (unlike pending items, an
        incomplete evaluation)."""
        if self._has_errors is not None:
            return self._has_errors
        return any(i.state == "error" for i in self.items)

    @property
    def grade(self):
        """The grade id (None without grades or for an error result)."""
        return (self._data().get("grade") or {}).get("id")

    @property
    def grade_label(self):
        return (self._data().get("grade") or {}).get("label")

    @property
    def vetoed(self):
        return bool(self._data().get("vetoed", False))

    @property
    def vetoes(self):
        return list(self._data().get("vetoes", ()))

    @property
    def complete(self):
        if self._complete is not None:
            return self._complete
        return bool(self._data().get("complete", False))

    @property
    def categories(self):
        if self._categories is None:
            self._categories = [
                Category(id=c["id"], title=c.get("title", ""),
                         points=_num(c.get("points")),
                         deducted=_num(c.get("deducted")),
                         score=_num(c.get("score")),
                         scoring=c.get("scoring", "deduct"),
                         role=c.get("role"), parent=c.get("parent"),
                         applicable=c.get("state") != "not-applicable")
                for c in self._data().get("categories", ())]
        return self._categories

    @property
    def items(self):
        """Every item of the checklist, in checklist order."""
        if self._items is None:
            self._items = [
                Item(id=i["id"], category=i.get("category"),
                     title=i.get("title", ""), state=i["state"],
                     deducted=_num(i.get("deducted", 0)),
                     veto=bool(i.get("veto", False)),
                     basis=i.get("basis", ""), error=i.get("error"),
                     findings=[Finding(message=f.get("message", ""),
                                       location=f.get("location", ""),
                                       line=int(f.get("line") or 0),
                                       hint=bool(f.get("hint", False)))
                               for f in i.get("findings", ())],
                     findings_omitted=int(i.get("findings_omitted", 0)),
                     points=_num(i.get("points")),
                     earned=_num(i.get("earned")),
                     bonus=_num(i.get("bonus")),
                     verdict=_verdict(i.get("verdict")))
                for i in self._data().get("items", ())]
        return self._items

    @property
    def deductions(self):
        """The failed items, each with its findings, in checklist order (a
        bonus item that failed is no deduction)."""
        return [it for it in self.items
                if it.state == "failed" and it.bonus is None]

    def __eq__(self, other):
        if not isinstance(other, Result):
            return NotImplemented
        return self.json_bytes == other.json_bytes

    def __hash__(self):
        return hash(self.json_bytes)

    def __repr__(self):
        if self.is_error:
            return "<Result %r error %r line %d>" % (
                self.source, self.error, self.error_line)
        return "<Result %r score %s grade %r%s%s>" % (
            self.source, "null" if self.score is None else "%g" % self.score,
            self.grade,
            " vetoed" if self.vetoed else "",
            "" if self.complete else " incomplete")


def _verdict(v):
    if v is None:
        return None
    return Verdict(result=v.get("result"), deducted=_num(v.get("deducted")),
                   by=v.get("by", ""), at=v.get("at", ""),
                   reason=v.get("reason", ""),
                   machine_state=v.get("machine_state"))


def _json_of(res, flags=0):
    """cr_result_to_json as bytes: decoded only if someone asks for str."""
    p = c_void_p()
    st = lib.cr_result_to_json(res, flags, byref(p))
    if st != _ffi.CR_OK:
        _ffi.take_string(p)
        _raise_status(st, "cr_result_to_json")
    return _ffi.take_string(p)


def _take_result(handle, json_flags=0):
    """A Result from a cr_result, which is freed."""
    try:
        # the group-by value is not in the JSON (agency code by default)
        group = text(lib.cr_result_get_group(handle)) or ""
        r = Result(_json_of(handle, json_flags), group)
        # two calls instead of parsing 17 KB of JSON for the flags the
        # batch front ends read of every case
        r._error = bool(lib.cr_result_is_error(handle))
        r._complete = not r._error and bool(lib.cr_result_is_complete(handle))
        r._has_errors = not r._complete and bool(
            lib.cr_result_count_items(handle, _ffi.CR_ITEM_ERROR))
        r._agency_name = text(lib.cr_result_get_agency_name(handle)) or ""
        r._kind = text(lib.cr_result_get_case_kind(handle)) or ""
        facts = lib.cr_result_get_facts(handle)
        if facts:
            r._facts = facts_of(facts)
        return r
    finally:
        lib.cr_result_free(handle)


def facts_of(f):
    """A cr_facts as plain data: (source, case_id, ((name, (value, ...)),
    ...)), which pickles small and feeds an Archive in another process."""
    get = lib.cr_facts_get_value
    return (text(lib.cr_facts_get_source(f)),
            text(lib.cr_facts_get_case_id(f)),
            tuple((text(lib.cr_facts_get_name(f, i)),
                   tuple(text(get(f, i, j)) for j in
                         range(lib.cr_facts_get_value_count(f, i))))
                  for i in range(lib.cr_facts_get_count(f))))


def error_result(source, message, line=0, *, kind=None, detail=None):
    """An error Result made by cr_result_new_error, for a case that never
    reached the engine (its JSON is the library's, byte for byte).  With
    KIND or DETAIL (error.kind, error.detail; line 0) it is
    cr_result_new_error_kind's, as `casereview batch` makes its own."""
    h = _ffi.ResultP()
    if kind is None and detail is None:
        st = lib.cr_result_new_error(_ffi.encode(source), _ffi.utf8(message),
                                     int(line), byref(h))
    else:
        st = lib.cr_result_new_error_kind(
            _ffi.encode(source), _ffi.utf8(message), _ffi.utf8(kind),
            _ffi.utf8(detail), byref(h))
    if st != _ffi.CR_OK:
        _raise_status(st, "cr_result_new_error")
    return _take_result(h)


# ---------------------------------------------------------------------------
# Mappings of agencies' exports (XSLT 1.0) and casefile validation

class TransformError(ChecklistError):
    """A mapping (XSLT stylesheet) does not load; ``diagnostics`` says why
    (in the language asked for, with libxslt's words)."""
    _what = "mapping"


class _Shared:
    """A library object held by reference and shared by threads (a
    mapping, verdicts): close() drops this object's reference, _use()
    lends the handle with a reference of its own for the length of a
    ``with`` block. KIND names the library's functions (cr_KIND_ref,
    cr_KIND_unref); CLOSED is the error for a closed object."""
    _kind = None
    _closed = None

    def _hold(self, handle):
        self._handle = handle
        self._finalizer = weakref.finalize(
            self, getattr(lib, "cr_%s_unref" % self._kind), handle)
        self._lock = threading.Lock()

    def close(self):
        """Drops this object's reference (evaluators using it keep it
        alive); safe to call more than once."""
        with self._lock:
            self._handle = None
        self._finalizer()

    @property
    def closed(self):
        return not self._finalizer.alive

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _use(self):
        with self._lock:
            h = self._handle
            if h is None:
                raise ValueError(self._closed)
            getattr(lib, "cr_%s_ref" % self._kind)(h)
        return _Unref(h, getattr(lib, "cr_%s_unref" % self._kind))


class Transform(_Shared):
    """A ``cr_transform``: an XSLT 1.0 mapping from an agency's own export
    to casefile, applied to each case before it is scored or validated.

    Load it once (:meth:`load`) and pass it to :meth:`Checklist.load`
    (``transform=``), to :class:`Evaluator` or to :func:`validate`; it is
    shared by every thread. The sandbox and bounds are the library's
    (include/casereview.h): the mapping reads only files in its own
    folder, writes nothing, and a run past its bounds is an error result.
    """

    _kind = "transform"
    _closed = "transform is closed"

    def __init__(self, handle):
        # private: Transform.load() makes them
        self._hold(handle)

    @classmethod
    def load(cls, path, *, language=None):
        """Loads the mapping at PATH; its problems are told in LANGUAGE
        ("zh" or "en"; None: the locale's, as for :meth:`Checklist.load`)."""
        _set_thread_language(language)
        h = _ffi.TransformP()
        dl = _ffi.DiagListP()
        st = lib.cr_transform_load(_ffi.encode(path), byref(h), byref(dl))
        try:
            diags = _diagnostics(dl)
            formatted = text(_ffi.take_string(lib.cr_diag_list_format(dl))) \
                if dl else None
        finally:
            lib.cr_diag_list_free(dl)
        if st == _ffi.CR_OK:
            return cls(h)
        if st in (_ffi.CR_ERR_CHECKLIST, _ffi.CR_ERR_IO):
            raise TransformError(os.fspath(path), diags, st, formatted,
                                 language)
        _raise_status(st, "loading mapping %s" % os.fspath(path))

    @property
    def path(self):
        with self._use() as h:
            return text(lib.cr_transform_get_path(h))

    def __repr__(self):
        if self._handle is None:
            return "<Transform closed>"
        return "<Transform %r>" % self.path


def _as_transform(transform, language=None):
    """(Transform or None, whether it was loaded here from a path)."""
    if transform is None or isinstance(transform, Transform):
        return transform, False
    return Transform.load(transform, language=language), True


class Validation:
    """What :func:`validate` found: ``diagnostics`` (every problem, by
    line), ``errors`` and ``warnings``; true when there is no error."""

    def __init__(self, status, diagnostics, formatted):
        self.status = status
        self.diagnostics = diagnostics
        self.formatted = formatted or ""

    @property
    def errors(self):
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self):
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def ok(self):
        return self.status == _ffi.CR_OK

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return "<Validation %s, %d error(s), %d warning(s)>" % (
            "ok" if self.ok else "failed", len(self.errors),
            len(self.warnings))


def validate(case, *, name=None, transform=None, language=None):
    """Checks a case file (a path, or bytes with NAME) against casefile/1
    and casefile/1.1, after mapping it with TRANSFORM (a Transform or a
    path) when given. Returns a :class:`Validation`: every problem with
    its line and a message in LANGUAGE ("zh" or "en"; None: the
    locale's, as for :meth:`Checklist.load`), errors and warnings."""
    tf, owned = _as_transform(transform, language)
    _set_thread_language(language)
    dl = _ffi.DiagListP()
    try:
        with (tf._use() if tf else _NoHandle()) as th:
            if isinstance(case, (bytes, bytearray)):
                data = bytes(case)
                st = lib.cr_casefile_validate_memory(
                    data, len(data), _ffi.encode(name or "<bytes>"), th,
                    byref(dl))
            else:
                st = lib.cr_casefile_validate(_ffi.encode(case), th,
                                              byref(dl))
        try:
            diags = _diagnostics(dl)
            formatted = text(_ffi.take_string(lib.cr_diag_list_format(dl))) \
                if dl else None
        finally:
            lib.cr_diag_list_free(dl)
    finally:
        if owned:
            tf.close()
    if st in (_ffi.CR_OK, _ffi.CR_ERR_CASE, _ffi.CR_ERR_IO):
        return Validation(st, diags, formatted)
    _raise_status(st, "validating")


class _NoHandle:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        pass


# ---------------------------------------------------------------------------
# Evaluators

class Evaluator:
    """A ``cr_evaluator``: scores cases against a checklist, in one thread
    at a time (a second thread entering it at once gets RuntimeError).

    Most callers never make one: :meth:`Checklist.score_file` and
    :meth:`Checklist.score_many` keep one per thread.
    """

    def __init__(self, checklist, *, explain=False, verdicts=None,
                 transform=None):
        h = _ffi.EvaluatorP()
        self._checklist = checklist   # for set_param's refusals
        with checklist._use() as cl:
            st = lib.cr_evaluator_new(cl, byref(h))
        if st != _ffi.CR_OK:
            _raise_status(st, "cr_evaluator_new")
        self._handle = h
        self._finalizer = weakref.finalize(self, lib.cr_evaluator_free, h)
        self._busy = threading.Lock()
        self._verdicts = None
        self._json_flags = 0
        # the checklist's mapping unless one is given (the evaluator holds
        # a reference of its own)
        tf = transform if transform is not None else checklist.transform
        if tf is not None:
            with tf._use() as th:
                st = lib.cr_evaluator_set_transform(h, th)
            if st != _ffi.CR_OK:
                self.close()
                _raise_status(st, "cr_evaluator_set_transform")
        if verdicts is not None:
            self.set_verdicts(verdicts)
        if explain:
            st = lib.cr_evaluator_set_flags(h, _ffi.CR_EVAL_EXPLAIN)
            if st != _ffi.CR_OK:
                self.close()
                _raise_status(st, "cr_evaluator_set_flags")
            self._json_flags = _ffi.CR_JSON_EXPLAIN

    def close(self):
        """Frees the evaluator (after a call in progress in another thread
        returns); safe to call more than once."""
        with self._busy:
            self._handle = None
            self._finalizer()

    @property
    def closed(self):
        return not self._finalizer.alive

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def set_param(self, name, value):
        """Overrides a param for later cases (None: back to the default)."""
        with self._enter():
            st = lib.cr_evaluator_set_param(self._handle, _ffi.utf8(name),
                                            _ffi.utf8(value))
        if st == _ffi.CR_ERR_INVALID and value is not None:
            self._refuse_param(name, value)
        if st == _ffi.CR_ERR_INVALID:
            raise KeyError("unknown param %r" % name)
        if st != _ffi.CR_OK:
            _raise_status(st, "cr_evaluator_set_param")

    def _refuse_param(self, name, value):
        """Raises ParamError when the checklist has the param NAME but
        VALUE does not suit it (else returns: the name is unknown)."""
        why = c_void_p()
        with self._checklist._use() as cl:
            known = any(text(lib.cr_checklist_get_param_name(cl, i)) == name
                        for i in range(lib.cr_checklist_get_param_count(cl)))
            if not known:
                return
            lib.cr_checklist_check_param(cl, _ffi.utf8(name),
                                         _ffi.utf8(value), byref(why))
            path = text(lib.cr_checklist_get_path(cl))
        message = text(_ffi.take_string(why)) or "bad value"
        lang = _language(self._checklist._message_language)
        # told as the library tells a diagnostic (diag.c), in its language
        line = "%s:0:0: %s[CR-%04d]: %s" % (
            path, _SEVERITY_WORDS[lang]["error"], PARAM_VALUE_CODE, message)
        raise ParamError(path, [Diagnostic(
            code=PARAM_VALUE_CODE, severity="error", file=path, line=0,
            column=0, message=message, formatted=line)],
            _ffi.CR_ERR_INVALID, None, lang)

    def set_verdicts(self, verdicts):
        """Applies VERDICTS (a :class:`Verdicts` loaded for this
        evaluator's checklist; None: none) to later cases."""
        if verdicts is self._verdicts:
            return
        with self._enter():
            if verdicts is None:
                st = lib.cr_evaluator_set_verdicts(self._handle, None)
            else:
                with verdicts._use() as vh:
                    st = lib.cr_evaluator_set_verdicts(self._handle, vh)
        if st == _ffi.CR_ERR_INVALID:
            raise ValueError("these verdicts were loaded for another "
                             "checklist")
        if st != _ffi.CR_OK:
            _raise_status(st, "cr_evaluator_set_verdicts")
        self._verdicts = verdicts

    def _enter(self):
        if not self._busy.acquire(blocking=False):
            raise RuntimeError("a cr_evaluator serves one thread at a time")
        if self._handle is None:
            self._busy.release()
            raise ValueError("evaluator is closed")
        return _Release(self._busy)

    def _finish(self, st, out, check):
        if st == _ffi.CR_OK or (st == _ffi.CR_ERR_CASE and out):
            result = _take_result(out, self._json_flags)
            if check and result.is_error:
                raise CaseError(result)
            return result
        _raise_status(st, "scoring")

    def score_file(self, path, *, check=True):
        """Scores the case file at PATH (reported as its source).

        An unscorable case raises :class:`CaseError`, or with
        ``check=False`` comes back as an error Result.
        """
        if path is None:
            raise TypeError("a path is str, bytes or os.PathLike, not None")
        out = _ffi.ResultP()
        with self._enter():
            st = lib.cr_evaluator_score_file(self._handle, _ffi.encode(path),
                                             byref(out))
        return self._finish(st, out, check)

    def score_bytes(self, data, name=None, *, check=True):
        """Scores a case held in memory; NAME is reported as its source."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        elif isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        elif not isinstance(data, bytes):
            # bytes(123) would be 123 NUL bytes, not a case
            raise TypeError("a case is bytes or str, not %s"
                            % type(data).__name__)
        out = _ffi.ResultP()
        with self._enter():
            st = lib.cr_evaluator_score_memory(self._handle, data, len(data),
                                               _ffi.encode(name), byref(out))
        return self._finish(st, out, check)


class _Raised:
    """An exception standing in a list of results (score_many)."""
    __slots__ = ("exc",)

    def __init__(self, exc):
        self.exc = exc


class _Held:
    """A compiled checklist held by a reference of its own (score_many's),
    with its mapping (a Transform of its own on the same handle, or None):
    evaluators made from it need no Checklist, so a close() meanwhile
    cannot stop them."""
    __slots__ = ("handle", "transform", "release")

    def __init__(self, handle, transform=None):
        self.handle = handle
        self.transform = None
        self.release = None
        if transform is not None:
            with transform._use() as th:
                lib.cr_transform_ref(th)
                self.transform = Transform(th)

    def _use(self):
        lib.cr_checklist_ref(self.handle)
        return _Unref(self.handle)

    def drop(self):
        lib.cr_checklist_unref(self.handle)
        if self.transform is not None:
            self.transform.close()


class _Unref:
    """Drops the reference a _use() took (a checklist's unless UNREF says
    otherwise) at the end of its ``with`` block."""
    __slots__ = ("handle", "unref")

    def __init__(self, handle, unref=None):
        self.handle = handle
        self.unref = unref or lib.cr_checklist_unref

    def __enter__(self):
        return self.handle

    def __exit__(self, *exc):
        self.unref(self.handle)


class _Release:
    __slots__ = ("lock",)

    def __init__(self, lock):
        self.lock = lock

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.lock.release()


# ---------------------------------------------------------------------------
# Checklists

@dataclass(frozen=True)
class ChecklistItem:
    id: str
    title: str
    category: str
    deduct: float
    max: float
    per_node: bool
    veto: bool
    basis: str
    severity: str
    description: str
    line: int
    # checklist 1.1
    points: float = 0.0          # an earn item's standard points
    bonus: float = 0.0           # a bonus item's bonus
    deduct_range: Optional[tuple] = None   # (deduct-min, deduct-max)
    reviewer: bool = False       # decide="reviewer"
    zero_category: bool = False  # on-fail="zero-category"
    cap_grade: Optional[str] = None


@dataclass(frozen=True)
class Grade:
    id: str
    label: str
    min: float


# The per-case budget and the bounds of a result: keyword argument ->
# (setter, C type). Each is also the name (with - for _) of a checklist
# <limits> attribute and of a command-line option; None keeps the
# checklist's value, else the library's default.
_BUDGET_LIMITS = {
    "max_case_nodes": ("cr_load_options_set_max_case_nodes", ctypes.c_ulong),
    "max_case_tree": ("cr_load_options_set_max_case_tree", ctypes.c_size_t),
    "max_case_work": ("cr_load_options_set_max_case_work", ctypes.c_ulong),
    "max_findings": ("cr_load_options_set_max_findings", ctypes.c_uint),
    "max_message_length": ("cr_load_options_set_max_message_length",
                           ctypes.c_uint),
}


def locale_language():
    """"en" when LC_ALL, LC_MESSAGES or LANG (the first set) starts with
    "en", else "zh": the language the command line chooses too."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "en" if value[:2].lower() == "en" else "zh"
    return "zh"


def _set_thread_language(language):
    """The language of the library's calls on this thread that take no
    load options (validation, loading a mapping)."""
    language = _language(language)
    st = lib.cr_set_thread_language(language.encode("ascii"))
    if st != _ffi.CR_OK:
        _raise_status(st, "language %r" % (language,))


def _language(language):
    if language is None:
        return locale_language()
    if not isinstance(language, str) or language[:2].lower() not in (
            "zh", "en"):
        raise ValueError("language must be 'zh' or 'en', not %r"
                         % (language,))
    return language[:2].lower()


class _LoadOptions:
    """cr_load_options built from keyword arguments, freed on exit."""

    def __init__(self, params, data, max_case_size, allow_outside_data,
                 regex_match_limit, xpath_op_limit, budget=None,
                 language=None):
        self.handle = None
        budget = {k: v for k, v in (budget or {}).items() if v is not None}
        language = _language(language)
        h = _ffi.LoadOptionsP()
        st = lib.cr_load_options_new(byref(h))
        if st != _ffi.CR_OK:
            _raise_status(st, "cr_load_options_new")
        self.handle = h
        try:
            self._check(lib.cr_load_options_set_language(
                h, language.encode("ascii")), "language", language)
            for name, value in dict(params or {}).items():
                self._check(lib.cr_load_options_set_param(
                    h, _ffi.utf8(name), _ffi.utf8(value)), "param", name)
            for name, path in dict(data or {}).items():
                self._check(lib.cr_load_options_set_data(
                    h, _ffi.utf8(name), _ffi.encode(path)), "data", name)
            if max_case_size is not None:
                self._check(lib.cr_load_options_set_max_case_size(
                    h, _limit(max_case_size, ctypes.c_size_t,
                              "max_case_size")),
                    "max_case_size", max_case_size)
            if allow_outside_data:
                self._check(lib.cr_load_options_set_flags(
                    h, _ffi.CR_LOAD_ALLOW_OUTSIDE_DATA), "flags", 1)
            if regex_match_limit is not None:
                self._check(lib.cr_load_options_set_regex_match_limit(
                    h, _limit(regex_match_limit, ctypes.c_uint,
                              "regex_match_limit")),
                    "regex_match_limit", regex_match_limit)
            if xpath_op_limit is not None:
                self._check(lib.cr_load_options_set_xpath_op_limit(
                    h, _limit(xpath_op_limit, ctypes.c_ulong,
                              "xpath_op_limit")),
                    "xpath_op_limit", xpath_op_limit)
            for what, value in budget.items():
                setter, ctype = _BUDGET_LIMITS[what]
                self._check(getattr(lib, setter)(
                    h, _limit(value, ctype, what)), what, value)
        except BaseException:
            self.free()
            raise

    @staticmethod
    def _check(st, what, value):
        if st != _ffi.CR_OK:
            _raise_status(st, "load option %s=%r" % (what, value))

    def free(self):
        lib.cr_load_options_free(self.handle)
        self.handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.free()


def _limit(value, ctype, what):
    """VALUE as a positive integer that CTYPE holds: ctypes would wrap -1
    or 2**64 + 10 silently, and a safety limit must never change so."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError("%s must be an integer, not %s"
                        % (what, type(value).__name__))
    top = 2 ** (8 * ctypes.sizeof(ctype)) - 1
    if not 1 <= value <= top:
        raise ValueError("%s must be between 1 and %d, not %d"
                         % (what, top, value))
    return int(value)


def _finish_load(st, cl, dl, name, language):
    try:
        diags = _diagnostics(dl)
        formatted = text(_ffi.take_string(lib.cr_diag_list_format(dl))) \
            if dl else None
    finally:
        lib.cr_diag_list_free(dl)
    if st == _ffi.CR_OK:
        checklist = Checklist(cl, diags)
        checklist._message_language = _language(language)
        return checklist
    lib.cr_checklist_unref(cl)
    if st in (_ffi.CR_ERR_CHECKLIST, _ffi.CR_ERR_IO):
        bad_param = any(d.code == PARAM_VALUE_CODE for d in diags)
        raise (ParamError if bad_param else ChecklistError)(
            name, diags, st, formatted, language)
    _raise_status(st, "loading checklist %s" % name)


def _with_transform(checklist, transform, language=None):
    """CHECKLIST given TRANSFORM (a Transform or a path, loaded here in
    LANGUAGE and closed with the checklist); the checklist is closed if
    it fails."""
    try:
        tf, owned = _as_transform(transform, language)
    except BaseException:
        checklist.close()
        raise
    checklist.transform = tf
    checklist._owns_transform = owned
    return checklist


class Checklist:
    """A compiled checklist, shared by every thread that scores with it.

    Use :meth:`load` (or :meth:`from_string`); release it with
    :meth:`close` or a ``with`` block.
    """
    # the language its load told diagnostics in (None: the locale's)
    _message_language = None

    def __init__(self, handle, warnings=(), transform=None,
                 owns_transform=False):
        # private: Checklist.load() and Checklist.from_string() make them
        self._handle = handle
        self.transform = transform
        self._owns_transform = owns_transform
        self._finalizer = weakref.finalize(self, lib.cr_checklist_unref,
                                           handle)
        # close() against a call in another thread: see _use()
        self._lock = threading.Lock()
        self._local = threading.local()
        self.warnings = list(warnings)

    @classmethod
    def load(cls, path, params=None, data=None, *, max_case_size=None,
             allow_outside_data=False, regex_match_limit=None,
             xpath_op_limit=None, transform=None, max_case_nodes=None,
             max_case_tree=None, max_case_work=None, max_findings=None,
             max_message_length=None, language=None):
        """Compiles the checklist at PATH.

        PARAMS maps <param> names to values, DATA maps <data> names to
        document paths (taken relative to the working directory).  A
        checklist that does not load raises :class:`ChecklistError`
        listing every problem with file and line.  TRANSFORM (a
        :class:`Transform` or the path of an XSLT mapping) maps every
        case this checklist's evaluators score.

        MAX_CASE_NODES, MAX_CASE_TREE (bytes) and MAX_CASE_WORK bound what
        one case may cost (past one, the case is an error result of
        ``error_kind`` "limit" whose ``error_limit`` names it);
        MAX_FINDINGS and MAX_MESSAGE_LENGTH (characters) what its result
        lists. None keeps the checklist's <limits>, else the defaults of
        casereview.h.

        LANGUAGE ("zh" or "en") is that of the diagnostics and of the
        messages of everything made from the checklist; None takes it
        from the locale as the command does (LC_ALL, LC_MESSAGES, LANG:
        English when it starts with "en", else Chinese).
        """
        cl = _ffi.ChecklistP()
        dl = _ffi.DiagListP()
        budget = dict(max_case_nodes=max_case_nodes,
                      max_case_tree=max_case_tree,
                      max_case_work=max_case_work, max_findings=max_findings,
                      max_message_length=max_message_length)
        with _LoadOptions(params, data, max_case_size, allow_outside_data,
                          regex_match_limit, xpath_op_limit,
                          budget, language) as opts:
            st = lib.cr_checklist_load(_ffi.encode(path), opts.handle,
                                       byref(cl), byref(dl))
        return _with_transform(_finish_load(st, cl, dl, os.fspath(path),
                                            language),
                               transform, language)

    @classmethod
    def from_string(cls, source, name="<string>", base_dir=None,
                    params=None, data=None, *, max_case_size=None,
                    allow_outside_data=False, regex_match_limit=None,
                    xpath_op_limit=None, transform=None,
                    max_case_nodes=None, max_case_tree=None,
                    max_case_work=None, max_findings=None,
                    max_message_length=None, language=None):
        """Compiles a checklist held in memory (str or bytes); NAME names
        it in diagnostics, BASE_DIR resolves its relative hrefs. The
        other arguments are those of :meth:`load`."""
        if isinstance(source, str):
            source = source.encode("utf-8")
        cl = _ffi.ChecklistP()
        dl = _ffi.DiagListP()
        budget = dict(max_case_nodes=max_case_nodes,
                      max_case_tree=max_case_tree,
                      max_case_work=max_case_work, max_findings=max_findings,
                      max_message_length=max_message_length)
        with _LoadOptions(params, data, max_case_size, allow_outside_data,
                          regex_match_limit, xpath_op_limit,
                          budget, language) as opts:
            st = lib.cr_checklist_load_memory(
                source, len(source), _ffi.encode(name), _ffi.encode(base_dir),
                opts.handle, byref(cl), byref(dl))
        return _with_transform(_finish_load(st, cl, dl, name, language),
                               transform,
                               language)

    # -- lifetime -----------------------------------------------------------

    def close(self):
        """Drops this object's reference; safe to call more than once.

        Evaluators made from it keep the compiled checklist alive until
        they are closed themselves.
        """
        with self._lock:
            self._handle = None
        self._local = threading.local()   # frees this thread's evaluator
        self._finalizer()
        if self._owns_transform and self.transform is not None:
            self.transform.close()

    @property
    def closed(self):
        return not self._finalizer.alive

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _live_handle(self):
        h = self._handle
        if h is None:
            raise ValueError("checklist is closed")
        return h

    def _use(self):
        """The handle with a reference of its own for the length of a
        ``with`` block: a close() in another thread meanwhile only drops
        this object's reference, never the memory in use."""
        with self._lock:
            h = self._live_handle()
            lib.cr_checklist_ref(h)
        return _Unref(h)

    def __repr__(self):
        if self._handle is None:
            return "<Checklist closed>"
        return "<Checklist %r version %r, %d items>" % (
            self.id, self.version, len(self.items))

    # -- metadata -----------------------------------------------------------

    def _str(self, fn, *args):
        with self._use() as h:
            return text(fn(h, *args))

    @property
    def id(self):
        return self._str(lib.cr_checklist_get_id)

    @property
    def version(self):
        return self._str(lib.cr_checklist_get_version)

    @property
    def title(self):
        return self._str(lib.cr_checklist_get_title)

    @property
    def path(self):
        return self._str(lib.cr_checklist_get_path)

    @property
    def total(self):
        with self._use() as h:
            return lib.cr_checklist_get_total(h)

    @property
    def group_by(self):
        return self._str(lib.cr_checklist_get_group_by)

    @property
    def language(self):
        """ "1.1" when the checklist uses the scoring of checklist 1.1,
        else "1.0". """
        return self._str(lib.cr_checklist_get_language)

    @property
    def veto_effect(self):
        """lowest-grade, zero or unscored."""
        return self._str(lib.cr_checklist_get_veto_effect)

    @property
    def grades(self):
        with self._use() as h:
            return self._grades(h)

    @staticmethod
    def _grades(h):
        return [Grade(id=text(lib.cr_checklist_get_grade_id(h, i)),
                      label=text(lib.cr_checklist_get_grade_label(h, i)),
                      min=lib.cr_checklist_get_grade_min(h, i))
                for i in range(lib.cr_checklist_get_grade_count(h))]

    @property
    def categories(self):
        with self._use() as h:
            return self._categories(h)

    @staticmethod
    def _categories(h):
        def parent(i):
            p = lib.cr_checklist_get_category_parent(h, i)
            return None if p < 0 else \
                text(lib.cr_checklist_get_category_id(h, p))
        return [Category(id=text(lib.cr_checklist_get_category_id(h, i)),
                         title=text(lib.cr_checklist_get_category_title(h, i)),
                         points=lib.cr_checklist_get_category_points(h, i),
                         deducted=0.0,
                         scoring=text(
                             lib.cr_checklist_get_category_scoring(h, i)),
                         role=text(lib.cr_checklist_get_category_role(h, i)),
                         parent=parent(i))
                for i in range(lib.cr_checklist_get_category_count(h))]

    @property
    def items(self):
        with self._use() as h:
            return self._items(h)

    @staticmethod
    def _items(h):
        out = []
        for i in range(lib.cr_checklist_get_item_count(h)):
            lo, hi = ctypes.c_double(), ctypes.c_double()
            ranged = lib.cr_checklist_get_item_range(h, i, byref(lo),
                                                     byref(hi))
            out.append(ChecklistItem(
                id=text(lib.cr_checklist_get_item_id(h, i)),
                title=text(lib.cr_checklist_get_item_title(h, i)) or "",
                category=text(lib.cr_checklist_get_item_category(h, i)),
                deduct=lib.cr_checklist_get_item_deduct(h, i),
                max=lib.cr_checklist_get_item_max(h, i),
                per_node=bool(lib.cr_checklist_get_item_per_node(h, i)),
                veto=bool(lib.cr_checklist_get_item_veto(h, i)),
                basis=text(lib.cr_checklist_get_item_basis(h, i)) or "",
                severity=text(lib.cr_checklist_get_item_severity(h, i)) or "",
                description=text(
                    lib.cr_checklist_get_item_description(h, i)) or "",
                line=lib.cr_checklist_get_item_line(h, i),
                points=lib.cr_checklist_get_item_points(h, i),
                bonus=lib.cr_checklist_get_item_bonus(h, i),
                deduct_range=(lo.value, hi.value) if ranged else None,
                reviewer=bool(lib.cr_checklist_get_item_reviewer(h, i)),
                zero_category=bool(
                    lib.cr_checklist_get_item_zero_category(h, i)),
                cap_grade=text(lib.cr_checklist_get_item_cap_grade(h, i))))
        return out

    @property
    def facts(self):
        """The facts each case gives the archive rules, in order:
        ``[(name, type, multiple)]``, type being "string", "number",
        "date" or "boolean"."""
        with self._use() as h:
            return [(text(lib.cr_checklist_get_fact_name(h, i)),
                     text(lib.cr_checklist_get_fact_type(h, i)),
                     bool(lib.cr_checklist_is_fact_multiple(h, i)))
                    for i in range(lib.cr_checklist_get_fact_count(h))]

    @property
    def archive_rules(self):
        """The archive rules: ``[(id, title)]`` in checklist order."""
        with self._use() as h:
            return [(text(lib.cr_checklist_get_archive_rule_id(h, i)),
                     text(lib.cr_checklist_get_archive_rule_title(h, i)))
                    for i in range(
                        lib.cr_checklist_get_archive_rule_count(h))]

    def archive(self):
        """A new :class:`casereview.Archive` for this checklist's archive
        rules: add results to it, then read its findings."""
        from .archive import Archive
        return Archive(self)

    # -- scoring ------------------------------------------------------------

    def evaluator(self, *, explain=False, verdicts=None):
        """A new :class:`Evaluator` for one thread (close it when done)."""
        return Evaluator(self, explain=explain, verdicts=verdicts)

    def load_verdicts(self, path):
        """The reviewers' verdicts at PATH, checked against this checklist
        (see :meth:`Verdicts.load`)."""
        return Verdicts.load(self, path)

    def _thread_evaluator(self, verdicts=None):
        local = self._local
        ev = getattr(local, "ev", None)
        if ev is None:
            ev = local.ev = Evaluator(self)
        ev.set_verdicts(verdicts)
        return ev

    def score_file(self, path, *, verdicts=None):
        """Scores the case at PATH (with VERDICTS, a :class:`Verdicts`,
        when given); raises :class:`CaseError` when the case cannot be
        scored."""
        return self._thread_evaluator(verdicts).score_file(path)

    def score_bytes(self, data, name=None, *, verdicts=None):
        """Scores a case held in memory; NAME is reported as its source."""
        return self._thread_evaluator(verdicts).score_bytes(data, name)

    def score_many(self, paths, workers=None, *, verdicts=None):
        """Scores every path, yielding Results in input order.

        WORKERS threads (default: the CPU count) score at once, each with
        its own evaluator; the compiled checklist is shared and the GIL is
        released inside the library, so the threads run in parallel.  A
        case that cannot be scored yields an error Result (``is_error``).

        The iterator holds the compiled checklist from this call until it
        ends (or is closed): a close() of this Checklist meanwhile, in any
        thread, drops only the Checklist's own reference, and every path
        is still scored, as an Evaluator outlives its Checklist.  Calling
        score_many on a closed Checklist raises ValueError at once.
        """
        with self._lock:
            h = self._live_handle()
            lib.cr_checklist_ref(h)
        try:
            if workers is None:
                workers = os.cpu_count() or 1
            workers = int(workers)
            if workers < 1:
                raise ValueError("workers must be at least 1")
            paths = iter(paths)
            held = _Held(h, self.transform)
        except BaseException:
            lib.cr_checklist_unref(h)
            raise
        it = self._score_many(held, paths, workers, verdicts)
        # the references go when the iterator ends, is closed, or is
        # dropped without ever being started
        held.release = weakref.finalize(it, held.drop)
        return it

    @staticmethod
    def _score_many(held, paths, workers, verdicts):
        try:
            yield from Checklist._score_held(held, paths, workers, verdicts)
        finally:
            held.release()

    @staticmethod
    def _score_held(held, paths, workers, verdicts):
        local = threading.local()
        made = []
        made_lock = threading.Lock()

        def score_chunk(chunk):
            ev = getattr(local, "ev", None)
            if ev is None:
                ev = local.ev = Evaluator(held, verdicts=verdicts)
                with made_lock:
                    made.append(ev)
            out = []
            for path in chunk:
                try:
                    out.append(ev.score_file(path, check=False))
                except (TypeError, ValueError) as exc:
                    # not a path (None, 3, "a\\0b"): raised in its place
                    # in the order, after every result before it
                    out.append(_Raised(exc))
            return out

        def results(fut):
            for r in fut.result():
                if isinstance(r, _Raised):
                    raise r.exc
                yield r

        # Chunks of a few cases keep the per-future overhead (and the GIL
        # traffic it brings) small next to the scoring itself.
        chunk_size = _SCORE_MANY_CHUNK
        window = workers * 2
        pending = collections.deque()
        pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="casereview")
        try:
            chunk = []
            for path in paths:
                chunk.append(path)
                if len(chunk) < chunk_size:
                    continue
                pending.append(pool.submit(score_chunk, chunk))
                chunk = []
                if len(pending) >= window:
                    yield from results(pending.popleft())
            if chunk:
                pending.append(pool.submit(score_chunk, chunk))
            while pending:
                yield from results(pending.popleft())
        finally:
            for fut in pending:
                fut.cancel()
            pool.shutdown(wait=True)
            for ev in made:
                ev.close()


# ---------------------------------------------------------------------------
# Verdicts

class Verdicts(_Shared):
    """What reviewers decided (urn:casereview:verdicts:1), loaded against
    one checklist and checked like it: read-only once loaded and shared by
    every thread. Pass it to :meth:`Checklist.score_file`,
    :meth:`Checklist.score_many` or :class:`Evaluator`.
    """

    _kind = "verdicts"
    _closed = "verdicts are closed"

    def __init__(self, handle, checklist):
        # private: Verdicts.load() and Verdicts.from_string() make them
        self._hold(handle)
        self.checklist = checklist

    @classmethod
    def load(cls, checklist, path):
        """Loads the verdicts at PATH for CHECKLIST; a file with any
        problem raises :class:`VerdictsError` listing each with its
        line."""
        v = _ffi.VerdictsP()
        dl = _ffi.DiagListP()
        with checklist._use() as cl:
            st = lib.cr_verdicts_load(cl, _ffi.encode(path), byref(v),
                                      byref(dl))
        return cls._finish(st, v, dl, os.fspath(path), checklist)

    @classmethod
    def from_string(cls, checklist, source, name="<string>"):
        """The same from memory (str or bytes); NAME names it in
        diagnostics."""
        if isinstance(source, str):
            source = source.encode("utf-8")
        v = _ffi.VerdictsP()
        dl = _ffi.DiagListP()
        with checklist._use() as cl:
            st = lib.cr_verdicts_load_memory(cl, source, len(source),
                                             _ffi.encode(name), byref(v),
                                             byref(dl))
        return cls._finish(st, v, dl, name, checklist)

    @classmethod
    def _finish(cls, st, v, dl, name, checklist):
        try:
            diags = _diagnostics(dl)
            formatted = text(_ffi.take_string(lib.cr_diag_list_format(dl))) \
                if dl else None
        finally:
            lib.cr_diag_list_free(dl)
        if st == _ffi.CR_OK:
            return cls(v, checklist)
        lib.cr_verdicts_unref(v)
        if st in (_ffi.CR_ERR_CHECKLIST, _ffi.CR_ERR_IO):
            raise VerdictsError(name, diags, st, formatted,
                                checklist._message_language)
        _raise_status(st, "loading verdicts %s" % name)

    @property
    def count(self):
        """Verdicts in all."""
        with self._use() as h:
            return lib.cr_verdicts_get_count(h)

    @property
    def case_ids(self):
        """The ids of the cases the verdicts decide for, sorted."""
        with self._use() as h:
            return [text(lib.cr_verdicts_get_case_id(h, i))
                    for i in range(lib.cr_verdicts_get_case_count(h))]

    def __repr__(self):
        if self._handle is None:
            return "<Verdicts closed>"
        return "<Verdicts %d for %d cases>" % (self.count,
                                               len(self.case_ids))

