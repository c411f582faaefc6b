"""notecards: interview YAML → personal thank-you notes fitted to real stationery, as print-ready PDF.

The public API is what this package exports (`__all__`); everything else is internal.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers see; at run time each name is imported on first use (below)
    from .backgrounds import Background
    from .build import Batch, FittedNote, build_batch, capacity_of, fit_card, report
    from .checks import CheckResult, Finding, check_batch, run_checks
    from .compose import Block, Note, compose_notes
    from .designs import Design, load_design
    from .emails import EmailDraft, email_drafts
    from .errors import (
        CheckError,
        DesignError,
        FitError,
        FontError,
        InterviewError,
        NotecardsError,
        OutputError,
        Problem,
        StationeryError,
        TemplateError,
    )
    from .fit import Fitter, Layout, Line, Paragraph, SizeRange, balanced_breaks
    from .fonts import Hand, load_hand
    from .impose import Imposition, SheetOptions
    from .interview import Interview, Interviewer
    from .load import load_interview, parse_interview
    from .preview import write_preview
    from .sheets import SheetLayout, load_sheet
    from .stationery import Rect, Stationery, load_stationery
    from .write import write_batch

# Exported name → the module that defines it. Importing notecards imports none of them:
# `notecards fonts` should not pay for WeasyPrint, pypdf or the checks.
_EXPORTS = {
    "Batch": "build",
    "Block": "compose",
    "CheckError": "errors",
    "CheckResult": "checks",
    "Design": "designs",
    "DesignError": "errors",
    "EmailDraft": "emails",
    "Finding": "checks",
    "FitError": "errors",
    "FittedNote": "build",
    "Fitter": "fit",
    "FontError": "errors",
    "Hand": "fonts",
    "Imposition": "impose",
    "Interview": "interview",
    "InterviewError": "errors",
    "Interviewer": "interview",
    "Layout": "fit",
    "Line": "fit",
    "Note": "compose",
    "NotecardsError": "errors",
    "OutputError": "errors",
    "Paragraph": "fit",
    "Problem": "errors",
    "Rect": "stationery",
    "SheetLayout": "sheets",
    "SheetOptions": "impose",
    "SizeRange": "fit",
    "Stationery": "stationery",
    "StationeryError": "errors",
    "TemplateError": "errors",
    "balanced_breaks": "fit",
    "build_batch": "build",
    "capacity_of": "build",
    "check_batch": "checks",
    "compose_notes": "compose",
    "email_drafts": "emails",
    "fit_card": "build",
    "load_design": "designs",
    "load_hand": "fonts",
    "load_interview": "load",
    "load_sheet": "sheets",
    "load_stationery": "stationery",
    "parse_interview": "load",
    "report": "build",
    "run_checks": "checks",
    "write_batch": "write",
    "write_preview": "preview",
"Background": "backgrounds",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:  # a stage module itself, as `notecards.checks` worked before imports were lazy
        if importlib.util.find_spec(f"{__name__}.{name}") is None:
            raise AttributeError(f"module 'notecards' has no attribute {name!r}")
        return importlib.import_module(f".{name}", __name__)
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
"Background",
    "Batch",
    "Block",
    "CheckError",
    "CheckResult",
    "Design",
    "DesignError",
    "EmailDraft",
    "Finding",
    "FitError",
    "FittedNote",
    "Fitter",
    "FontError",
    "Hand",
    "Imposition",
    "Interview",
    "InterviewError",
    "Interviewer",
    "Layout",
    "Line",
    "Note",
    "NotecardsError",
    "OutputError",
    "Paragraph",
    "Problem",
    "Rect",
    "SheetLayout",
    "SheetOptions",
    "SizeRange",
    "Stationery",
    "StationeryError",
    "TemplateError",
    "balanced_breaks",
    "build_batch",
    "capacity_of",
    "check_batch",
    "compose_notes",
    "email_drafts",
    "fit_card",
    "load_design",
    "load_hand",
    "load_interview",
    "load_sheet",
    "load_stationery",
    "parse_interview",
    "report",
    "run_checks",
    "write_batch",
    "write_preview",
]
