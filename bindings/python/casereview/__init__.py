"""casereview: Python bindings to libcasereview (ctypes, no compilation).

    from casereview import Checklist

    with Checklist.load("rules/penalty-general.xml",
                        params={"disclosure-workdays": "7"}) as cl:
        r = cl.score_file("case.xml")
        print(r.score, r.grade, r.grade_label)
        for item in r.deductions:
            print(item.id, item.deducted, [f.message for f in item.findings])
        for r in cl.score_many(paths, workers=4):   # in input order
            print(r.json)

    # one checklist per kind of case: each case goes to the first whose
    # <accepts> accepts it, as `casereview batch -c A -c B` does
    for r in casereview.score_many([penalty, inspection], paths):
        print(r.checklist_id, r.score)

The shared library is found through $CASEREVIEW_LIBRARY, then next to this
package, then the repository's build tree, then the system loader; when
none works, importing raises LibraryNotFoundError (an ImportError) listing
every path tried.
"""

from ._ffi import LibraryNotFoundError, library_path, lib as _lib
from ._core import (DEFAULT_MAX_CASE_SIZE, CaseError, Category, Checklist,
                    ChecklistError, ChecklistItem, CasereviewError,
                    Diagnostic, Evaluator, Finding, Grade, Item, ParamError,
                    Result,
                    Transform, TransformError, Validation, Verdict, Verdicts,
                    VerdictsError, error_result, validate)
from ._mixed import score_many
from .archive import Archive, ArchiveError

__version__ = "0.2.0"

__all__ = [
    "Checklist", "Evaluator", "Result", "Item", "Finding", "Category",
    "ChecklistItem", "Grade", "Diagnostic", "CasereviewError",
    "ChecklistError", "CaseError", "LibraryNotFoundError", "error_result",
    "library_path", "library_version", "DEFAULT_MAX_CASE_SIZE",
    "Verdicts", "VerdictsError", "Verdict", "ParamError",
    "Transform", "TransformError", "Validation", "validate", "score_many",
    "Archive", "ArchiveError",
]


def library_version():
    """The loaded library's version string, e.g. "0.2.0"."""
    return _lib.cr_version().decode("ascii")
