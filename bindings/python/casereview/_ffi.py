"""Low-level ctypes declarations for libcasereview.

Everything that touches the shared library lives here: finding and loading
it, one ``c_void_p`` subclass per opaque handle type, and the argtypes and
restype of every function of ``include/casereview.h``, declared once.

Strings the library allocates for the caller (``cr_diag_format``,
``cr_result_to_json`` ...) are declared as ``c_void_p`` so that the pointer
survives the call; :func:`take_string` copies them and releases them with
``cr_free``.  Borrowed ``const char *`` strings use ``c_char_p``.
"""

import ctypes
import ctypes.util
import glob
import os
from ctypes import (POINTER, c_char_p, c_double, c_int, c_long, c_size_t,
                    c_uint, c_ulong, c_void_p)

SONAME = "libcasereview.so.0"
ENV_LIBRARY = "CASEREVIEW_LIBRARY"

# enum cr_status
CR_OK = 0
CR_ERR_NOMEM = -1
CR_ERR_INVALID = -2
CR_ERR_IO = -3
CR_ERR_CHECKLIST = -4
CR_ERR_CASE = -5

# enum cr_severity
CR_SEVERITY_ERROR = 0
CR_SEVERITY_WARNING = 1

# enum cr_load_flags
CR_LOAD_ALLOW_OUTSIDE_DATA = 1 << 0
# enum cr_eval_flags
CR_EVAL_EXPLAIN = 1 << 0
# enum cr_json_flags
CR_JSON_EXPLAIN = 1 << 0

# enum cr_item_state, as the JSON spells it
ITEM_STATES = ("passed", "failed", "not-applicable", "error", "pending")
CR_ITEM_ERROR = 3


class LibraryNotFoundError(ImportError):
    """libcasereview did not load; the message lists every path tried."""

    def __init__(self, tried):
        self.tried = list(tried)
        lines = ["libcasereview could not be loaded; tried:"]
        for where, why in self.tried:
            lines.append("  %s: %s" % (where, why))
        lines.append("Set %s to the path of libcasereview.so.0 (e.g. "
                     "<repo>/build/libcasereview/libcasereview.so.0)."
                     % ENV_LIBRARY)
        super().__init__("\n".join(lines))

    def __reduce__(self):
        return (type(self), (self.tried,))


# One handle type per opaque struct, so that a checklist can never be
# passed where a result is expected.
class ChecklistP(c_void_p):
    pass


class EvaluatorP(c_void_p):
    pass


class ResultP(c_void_p):
    pass


class ItemResultP(c_void_p):
    pass


class FindingP(c_void_p):
    pass


class DiagListP(c_void_p):
    pass


class DiagP(c_void_p):
    pass


class LoadOptionsP(c_void_p):
    pass


class VerdictsP(c_void_p):
    pass


class TransformP(c_void_p):
    pass


class ArchiveP(c_void_p):
    pass


class FactsP(c_void_p):
    pass


class ArchiveFindingP(c_void_p):
    pass


def _candidates():
    """Yields (description, path-or-name) in the documented search order."""
    env = os.environ.get(ENV_LIBRARY)
    if env:
        yield ("$%s" % ENV_LIBRARY, env)
    here = os.path.dirname(os.path.abspath(__file__))
    bundled = sorted(glob.glob(os.path.join(here, "libcasereview.so*")))
    if bundled:
        for path in bundled:
            yield ("next to the package", path)
    else:
        yield ("next to the package",
               os.path.join(here, "libcasereview.so*"))
    # <repo>/bindings/python/casereview/_ffi.py -> <repo>
    repo = os.path.dirname(os.path.dirname(os.path.dirname(here)))
    if os.path.isfile(os.path.join(repo, "include", "casereview.h")):
        yield ("build tree",
               os.path.join(repo, "build", "libcasereview", SONAME))
    found = ctypes.util.find_library("casereview")
    if found:
        yield ("ctypes.util.find_library", found)
    yield ("system loader", SONAME)


def _open_library():
    tried = []
    for where, path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append(("%s %s" % (where, path), "no such file"))
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append(("%s %s" % (where, path), str(e)))
    raise LibraryNotFoundError(tried)


# name: (restype, argtypes)
_PROTOTYPES = {
    "cr_status_to_str": (c_char_p, [c_int]),
    "cr_version": (c_char_p, []),
    "cr_version_hex": (c_uint, []),
    "cr_free": (None, [c_void_p]),

    "cr_diag_list_count": (c_size_t, [DiagListP]),
    "cr_diag_list_get": (DiagP, [DiagListP, c_size_t]),
    "cr_diag_list_error_count": (c_size_t, [DiagListP]),
    "cr_diag_list_free": (None, [DiagListP]),
    "cr_diag_get_code": (c_int, [DiagP]),
    "cr_diag_get_severity": (c_int, [DiagP]),
    "cr_diag_get_file": (c_char_p, [DiagP]),
    "cr_diag_get_line": (c_int, [DiagP]),
    "cr_diag_get_column": (c_int, [DiagP]),
    "cr_diag_get_message": (c_char_p, [DiagP]),
    "cr_diag_format": (c_void_p, [DiagP]),
    "cr_diag_list_format": (c_void_p, [DiagListP]),

    "cr_load_options_new": (c_int, [POINTER(LoadOptionsP)]),
    "cr_load_options_free": (None, [LoadOptionsP]),
    "cr_load_options_set_param": (c_int, [LoadOptionsP, c_char_p, c_char_p]),
    "cr_load_options_set_data": (c_int, [LoadOptionsP, c_char_p, c_char_p]),
    "cr_load_options_set_flags": (c_int, [LoadOptionsP, c_uint]),
    "cr_load_options_set_max_case_size": (c_int, [LoadOptionsP, c_size_t]),
    "cr_load_options_set_regex_match_limit": (c_int, [LoadOptionsP, c_uint]),
    "cr_load_options_set_xpath_op_limit": (c_int, [LoadOptionsP, c_ulong]),
    "cr_load_options_set_max_case_nodes": (c_int, [LoadOptionsP, c_ulong]),
    "cr_load_options_set_max_case_tree": (c_int, [LoadOptionsP, c_size_t]),
    "cr_load_options_set_max_case_work": (c_int, [LoadOptionsP, c_ulong]),
    "cr_load_options_set_max_findings": (c_int, [LoadOptionsP, c_uint]),
    "cr_load_options_set_max_message_length": (c_int,
                                               [LoadOptionsP, c_uint]),
    "cr_load_options_set_language": (c_int, [LoadOptionsP, c_char_p]),
    "cr_set_thread_language": (c_int, [c_char_p]),

    "cr_checklist_load": (c_int, [c_char_p, LoadOptionsP,
                                  POINTER(ChecklistP), POINTER(DiagListP)]),
    "cr_checklist_load_memory": (c_int, [c_char_p, c_size_t, c_char_p,
                                         c_char_p, LoadOptionsP,
                                         POINTER(ChecklistP),
                                         POINTER(DiagListP)]),
    "cr_checklist_ref": (ChecklistP, [ChecklistP]),
    "cr_checklist_unref": (ChecklistP, [ChecklistP]),
    "cr_checklist_get_id": (c_char_p, [ChecklistP]),
    "cr_checklist_get_version": (c_char_p, [ChecklistP]),
    "cr_checklist_get_title": (c_char_p, [ChecklistP]),
    "cr_checklist_get_path": (c_char_p, [ChecklistP]),
    "cr_checklist_get_total": (c_double, [ChecklistP]),
    "cr_checklist_get_group_by": (c_char_p, [ChecklistP]),
    "cr_checklist_get_category_count": (c_size_t, [ChecklistP]),
    "cr_checklist_get_category_id": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_category_title": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_category_points": (c_double, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_count": (c_size_t, [ChecklistP]),
    "cr_checklist_get_item_id": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_title": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_category": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_deduct": (c_double, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_max": (c_double, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_per_node": (c_int, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_veto": (c_int, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_basis": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_severity": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_description": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_logic": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_line": (c_int, [ChecklistP, c_size_t]),
    "cr_checklist_find_item": (c_long, [ChecklistP, c_char_p]),
    "cr_checklist_get_grade_count": (c_size_t, [ChecklistP]),
    "cr_checklist_get_grade_id": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_grade_label": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_grade_min": (c_double, [ChecklistP, c_size_t]),
    "cr_checklist_get_param_count": (c_size_t, [ChecklistP]),
    "cr_checklist_get_param_name": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_param_value": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_param_type": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_check_param": (c_int, [ChecklistP, c_char_p, c_char_p,
                                         POINTER(c_void_p)]),
    # checklist language 1.1
    "cr_checklist_get_language": (c_char_p, [ChecklistP]),
    "cr_checklist_get_veto_effect": (c_char_p, [ChecklistP]),
    "cr_checklist_get_category_parent": (c_long, [ChecklistP, c_size_t]),
    "cr_checklist_get_category_scoring": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_category_role": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_points": (c_double, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_bonus": (c_double, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_range": (c_int, [ChecklistP, c_size_t,
                                            POINTER(c_double),
                                            POINTER(c_double)]),
    "cr_checklist_get_item_reviewer": (c_int, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_zero_category": (c_int, [ChecklistP, c_size_t]),
    "cr_checklist_get_item_cap_grade": (c_char_p, [ChecklistP, c_size_t]),

    "cr_verdicts_load": (c_int, [ChecklistP, c_char_p, POINTER(VerdictsP),
                                 POINTER(DiagListP)]),
    "cr_verdicts_load_memory": (c_int, [ChecklistP, c_char_p, c_size_t,
                                        c_char_p, POINTER(VerdictsP),
                                        POINTER(DiagListP)]),
    "cr_verdicts_ref": (VerdictsP, [VerdictsP]),
    "cr_verdicts_unref": (VerdictsP, [VerdictsP]),
    "cr_verdicts_get_path": (c_char_p, [VerdictsP]),
    "cr_verdicts_get_count": (c_size_t, [VerdictsP]),
    "cr_verdicts_get_case_count": (c_size_t, [VerdictsP]),
    "cr_verdicts_get_case_id": (c_char_p, [VerdictsP, c_size_t]),
    "cr_verdicts_get_case_line": (c_int, [VerdictsP, c_size_t]),
    "cr_verdicts_find_case": (c_long, [VerdictsP, c_char_p]),
    "cr_evaluator_set_verdicts": (c_int, [EvaluatorP, VerdictsP]),
    "cr_result_count_items": (c_size_t, [ResultP, c_int]),

    "cr_evaluator_new": (c_int, [ChecklistP, POINTER(EvaluatorP)]),
    "cr_evaluator_free": (None, [EvaluatorP]),
    "cr_evaluator_set_flags": (c_int, [EvaluatorP, c_uint]),
    "cr_evaluator_set_param": (c_int, [EvaluatorP, c_char_p, c_char_p]),
    "cr_evaluator_score_file": (c_int, [EvaluatorP, c_char_p,
                                        POINTER(ResultP)]),
    "cr_evaluator_score_memory": (c_int, [EvaluatorP, c_char_p, c_size_t,
                                          c_char_p, POINTER(ResultP)]),
    "cr_evaluator_score_doc": (c_int, [EvaluatorP, c_void_p, c_char_p,
                                       POINTER(ResultP)]),
    "cr_evaluator_set_transform": (c_int, [EvaluatorP, TransformP]),

    "cr_transform_load": (c_int, [c_char_p, POINTER(TransformP),
                                  POINTER(DiagListP)]),
    "cr_transform_ref": (TransformP, [TransformP]),
    "cr_transform_unref": (TransformP, [TransformP]),
    "cr_transform_get_path": (c_char_p, [TransformP]),
    "cr_casefile_validate": (c_int, [c_char_p, TransformP,
                                     POINTER(DiagListP)]),
    "cr_casefile_validate_memory": (c_int, [c_char_p, c_size_t, c_char_p,
                                            TransformP, POINTER(DiagListP)]),

    "cr_item_state_to_str": (c_char_p, [c_int]),
    "cr_result_new_error": (c_int, [c_char_p, c_char_p, c_int,
                                    POINTER(ResultP)]),
    "cr_result_new_error_kind": (c_int, [c_char_p, c_char_p, c_char_p,
                                         c_char_p, POINTER(ResultP)]),
    "cr_result_free": (None, [ResultP]),
    "cr_result_is_error": (c_int, [ResultP]),
    "cr_result_get_error_message": (c_char_p, [ResultP]),
    "cr_result_get_error_line": (c_int, [ResultP]),
    "cr_result_get_error_kind": (c_char_p, [ResultP]),
    "cr_result_get_error_detail": (c_char_p, [ResultP]),
    "cr_result_get_encoding_guess": (c_char_p, [ResultP]),
    "cr_result_get_error_limit": (c_char_p, [ResultP]),
    "cr_result_get_checklist_id": (c_char_p, [ResultP]),
    "cr_result_get_checklist_version": (c_char_p, [ResultP]),
    "cr_result_get_case_id": (c_char_p, [ResultP]),
    "cr_result_get_agency_name": (c_char_p, [ResultP]),
    "cr_result_get_case_kind": (c_char_p, [ResultP]),
    "cr_result_get_source": (c_char_p, [ResultP]),
    "cr_result_get_group": (c_char_p, [ResultP]),
    "cr_result_get_total": (c_double, [ResultP]),
    "cr_result_get_score": (c_double, [ResultP]),
    "cr_result_get_grade_id": (c_char_p, [ResultP]),
    "cr_result_get_grade_label": (c_char_p, [ResultP]),
    "cr_result_is_vetoed": (c_int, [ResultP]),
    "cr_result_get_veto_count": (c_size_t, [ResultP]),
    "cr_result_get_veto": (c_char_p, [ResultP, c_size_t]),
    "cr_result_is_complete": (c_int, [ResultP]),
    "cr_result_get_category_count": (c_size_t, [ResultP]),
    "cr_result_get_category_id": (c_char_p, [ResultP, c_size_t]),
    "cr_result_get_category_title": (c_char_p, [ResultP, c_size_t]),
    "cr_result_get_category_points": (c_double, [ResultP, c_size_t]),
    "cr_result_get_category_deducted": (c_double, [ResultP, c_size_t]),
    "cr_result_get_item_count": (c_size_t, [ResultP]),
    "cr_result_get_item": (ItemResultP, [ResultP, c_size_t]),
    "cr_item_result_get_id": (c_char_p, [ItemResultP]),
    "cr_item_result_get_category": (c_char_p, [ItemResultP]),
    "cr_item_result_get_title": (c_char_p, [ItemResultP]),
    "cr_item_result_get_state": (c_int, [ItemResultP]),
    "cr_item_result_get_deducted": (c_double, [ItemResultP]),
    "cr_item_result_is_veto": (c_int, [ItemResultP]),
    "cr_item_result_get_basis": (c_char_p, [ItemResultP]),
    "cr_item_result_get_error": (c_char_p, [ItemResultP]),
    "cr_item_result_get_finding_count": (c_size_t, [ItemResultP]),
    "cr_item_result_get_findings_omitted": (c_size_t, [ItemResultP]),
    "cr_item_result_get_finding": (FindingP, [ItemResultP, c_size_t]),
    "cr_item_result_get_explain_count": (c_size_t, [ItemResultP]),
    "cr_item_result_get_explain_name": (c_char_p, [ItemResultP, c_size_t]),
    "cr_item_result_get_explain_value": (c_char_p, [ItemResultP, c_size_t]),
    "cr_finding_get_message": (c_char_p, [FindingP]),
    "cr_finding_get_location": (c_char_p, [FindingP]),
    "cr_finding_get_line": (c_int, [FindingP]),
    "cr_finding_get_explain_count": (c_size_t, [FindingP]),
    "cr_finding_get_explain_name": (c_char_p, [FindingP, c_size_t]),
    "cr_finding_get_explain_value": (c_char_p, [FindingP, c_size_t]),
    "cr_result_to_json": (c_int, [ResultP, c_uint, POINTER(c_void_p)]),
    "cr_result_to_text": (c_int, [ResultP, POINTER(c_void_p)]),

    # archive rules: facts per case, findings over many cases
    "cr_checklist_get_fact_count": (c_size_t, [ChecklistP]),
    "cr_checklist_get_fact_name": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_fact_type": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_is_fact_multiple": (c_int, [ChecklistP, c_size_t]),
    "cr_checklist_get_archive_rule_count": (c_size_t, [ChecklistP]),
    "cr_checklist_get_archive_rule_id": (c_char_p, [ChecklistP, c_size_t]),
    "cr_checklist_get_archive_rule_title": (c_char_p,
                                            [ChecklistP, c_size_t]),
    "cr_result_get_facts": (FactsP, [ResultP]),
    "cr_facts_new": (c_int, [ChecklistP, c_char_p, c_char_p,
                             POINTER(FactsP)]),
    "cr_facts_add": (c_int, [FactsP, c_char_p, c_char_p]),
    "cr_facts_free": (None, [FactsP]),
    "cr_facts_get_source": (c_char_p, [FactsP]),
    "cr_facts_get_case_id": (c_char_p, [FactsP]),
    "cr_facts_get_count": (c_size_t, [FactsP]),
    "cr_facts_get_name": (c_char_p, [FactsP, c_size_t]),
    "cr_facts_get_value_count": (c_size_t, [FactsP, c_size_t]),
    "cr_facts_get_value": (c_char_p, [FactsP, c_size_t, c_size_t]),
    "cr_facts_get_error": (c_char_p, [FactsP, c_size_t]),
    "cr_archive_new": (c_int, [ChecklistP, POINTER(ArchiveP)]),
    "cr_archive_free": (None, [ArchiveP]),
    "cr_archive_add_result": (c_int, [ArchiveP, ResultP]),
    "cr_archive_add_facts": (c_int, [ArchiveP, FactsP]),
    "cr_archive_withdraw": (c_int, [ArchiveP, c_char_p]),
    "cr_archive_get_case_count": (c_size_t, [ArchiveP]),
    "cr_archive_evaluate": (c_int, [ArchiveP]),
    "cr_archive_get_finding_count": (c_size_t, [ArchiveP]),
    "cr_archive_get_finding": (ArchiveFindingP, [ArchiveP, c_size_t]),
    "cr_archive_finding_get_rule": (c_char_p, [ArchiveFindingP]),
    "cr_archive_finding_get_title": (c_char_p, [ArchiveFindingP]),
    "cr_archive_finding_get_basis": (c_char_p, [ArchiveFindingP]),
    "cr_archive_finding_get_kind": (c_char_p, [ArchiveFindingP]),
    "cr_archive_finding_get_message": (c_char_p, [ArchiveFindingP]),
    "cr_archive_finding_get_key_count": (c_size_t, [ArchiveFindingP]),
    "cr_archive_finding_get_key_name": (c_char_p,
                                        [ArchiveFindingP, c_size_t]),
    "cr_archive_finding_get_key_label": (c_char_p,
                                         [ArchiveFindingP, c_size_t]),
    "cr_archive_finding_get_key_value": (c_char_p,
                                         [ArchiveFindingP, c_size_t]),
    "cr_archive_finding_get_figure_count": (c_size_t, [ArchiveFindingP]),
    "cr_archive_finding_get_figure_name": (c_char_p,
                                           [ArchiveFindingP, c_size_t]),
    "cr_archive_finding_get_figure_value": (c_char_p,
                                            [ArchiveFindingP, c_size_t]),
    "cr_archive_finding_get_case_count": (c_size_t, [ArchiveFindingP]),
    "cr_archive_finding_get_cases_omitted": (c_size_t, [ArchiveFindingP]),
    "cr_archive_finding_get_case_id": (c_char_p,
                                       [ArchiveFindingP, c_size_t]),
    "cr_archive_finding_get_case_source": (c_char_p,
                                           [ArchiveFindingP, c_size_t]),
    "cr_archive_finding_get_case_value": (c_char_p,
                                          [ArchiveFindingP, c_size_t]),
    "cr_archive_to_json": (c_int, [ArchiveP, POINTER(c_void_p)]),
    "cr_archive_to_csv": (c_int, [ArchiveP, POINTER(c_void_p)]),
}


def _declare(cdll):
    missing = []
    for name, (restype, argtypes) in _PROTOTYPES.items():
        try:
            fn = getattr(cdll, name)
        except AttributeError:
            missing.append(name)
            continue
        fn.restype = restype
        fn.argtypes = argtypes
    if missing:
        raise LibraryNotFoundError(
            [(library_path, "lacks symbols: " + ", ".join(missing))])


lib, library_path = _open_library()
_declare(lib)


def text(b):
    """A borrowed ``const char *`` (bytes or None) as str or None."""
    if b is None:
        return None
    return b.decode("utf-8", "surrogateescape")


def take_string(p):
    """Copies a library-allocated string and releases it with cr_free()."""
    if not p:
        return None
    try:
        return ctypes.string_at(p)
    finally:
        lib.cr_free(p)


def encode(s):
    """str/bytes/PathLike -> bytes for a ``const char *`` argument."""
    if s is None:
        return None
    b = s if isinstance(s, bytes) else os.fsencode(s)
    # c_char_p would cut at a NUL and name another file; open() refuses
    if b"\0" in b:
        raise ValueError("embedded null byte")
    return b


def utf8(s):
    """str/bytes -> UTF-8 bytes for a non-path ``const char *`` argument."""
    if s is None:
        return None
    if isinstance(s, bytes):
        return s
    return str(s).encode("utf-8", "surrogateescape")


def status_text(st):
    return text(lib.cr_status_to_str(st)) or ("status %d" % st)
