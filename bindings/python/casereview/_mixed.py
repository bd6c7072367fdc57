"""Several checklists at once, one for each kind of case: every case is
scored by the first checklist whose <accepts> accepts it, as
`casereview batch -c A -c B ...` does (cli/batch-set.c), and a case none
accepts is the same error Result, byte for byte."""

import collections
import concurrent.futures
import os
import threading

from ._core import Evaluator, error_result

NOT_ACCEPTED = "not-accepted"
# Where a refusal says what the file is, in Chinese and in English.
_WHAT = ("适用的案卷：", " is written for: ")
_WHAT_END = ("。", ". ")
# The line's words, in the language of the first refusal (the command
# uses its own language, the one its checklists were loaded in).
_WORDS = (
    ("本次评查的评查标准都不适用于这个案卷：%s。本次评查的标准：%s。",
     "、", "“%s”（%s）"),
    ("no checklist of the run applies to the case: %s. "
     "The checklists of the run: %s.", ", ", "'%s' (%s)"),
)


def _refused(r):
    return r.is_error and r.error_kind == NOT_ACCEPTED


def _language(refusal):
    """1 when the refusal is in English, else 0."""
    return 1 if _WHAT[1] in (refusal or "") else 0


def _what(refusal):
    """What the first refusal says the file is: after its "适用的案卷：",
    up to the first "。" (in English after " is written for: ", up to
    ". ")."""
    en = _language(refusal)
    at = (refusal or "").find(_WHAT[en])
    if at < 0:
        return ""
    rest = refusal[at + len(_WHAT[en]):]
    end = rest.find(_WHAT_END[en])
    return rest if end < 0 else rest[:end]


def none_accepted(names, source, first):
    """The error Result of a case no checklist accepted; NAMES holds each
    checklist's (id, title) in order, FIRST is the first refusal."""
    line, sep, one = _WORDS[_language(first.error)]
    message = line % (
        _what(first.error),
        sep.join(one % (title or cid, cid) for cid, title in names))
    detail = "no checklist of the run accepts the case:" + "".join(
        " " + cid for cid, _ in names)
    return error_result(source, message, kind=NOT_ACCEPTED, detail=detail)


def score_first(names, score_with, source):
    """SCORE_WITH(i) scores the case with checklist i; the Result of the
    first that accepts it, or the error Result when none does (with one
    checklist, its own refusal, as batch with one -c gives it)."""
    if len(names) == 1:
        return score_with(0)
    first = None
    for i in range(len(names)):
        r = score_with(i)
        if not _refused(r):
            return r
        if first is None:
            first = r
    return none_accepted(names, source, first)


def score_many(checklists, paths, workers=None):
    """Scores every path with CHECKLISTS (a list of loaded Checklist, one
    per kind of case), yielding Results in input order; each case is
    scored by the first checklist that accepts it (a case none accepts is
    an error Result of kind "not-accepted" naming them all). WORKERS
    threads (default: the CPU count), each with an evaluator per
    checklist. The checklists must stay open until the iterator ends."""
    checklists = list(checklists)
    if not checklists:
        raise ValueError("at least one checklist")
    workers = int(workers or os.cpu_count() or 1)
    if workers < 1:
        raise ValueError("workers must be at least 1")
    names = [(cl.id, cl.title) for cl in checklists]
    local = threading.local()
    made, made_lock = [], threading.Lock()

    def score_chunk(chunk):
        evs = getattr(local, "evs", None)
        if evs is None:
            evs = local.evs = [Evaluator(cl) for cl in checklists]
            with made_lock:
                made.extend(evs)
        return [score_first(names, lambda i, p=p: evs[i].score_file(
                                p, check=False), p) for p in chunk]

    pending = collections.deque()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers)
    try:
        chunk = []
        for path in paths:
            chunk.append(path)
            if len(chunk) == 8:
                pending.append(pool.submit(score_chunk, chunk))
                chunk = []
            while len(pending) > 2 * workers:
                yield from pending.popleft().result()
        if chunk:
            pending.append(pool.submit(score_chunk, chunk))
        while pending:
            yield from pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()
        pool.shutdown(wait=True)
        for ev in made:
            ev.close()
