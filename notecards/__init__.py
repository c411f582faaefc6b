"""notecards: interview YAML → personal thank-you notes fitted to real stationery, as print-ready PDF.

The public API is what this package exports (`__all__`); everything else is internal.
Every exception the API raises is exported here too (all derive from `NotecardsError`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__ as __version__

if TYPE_CHECKING:  # what type checkers see; at run time each name is imported on first use (below)
    from .batch import Batch, build_batch
    from .cards import FittedNote, capacity_of, fit_card
    from .catalogue.fonts import Hand, load_hand
    from .catalogue.sheets import SheetLayout, load_sheet
    from .catalogue.stationery import Stationery, load_stationery
    from .checks.findings import Finding
    from .checks.practice import CheckResult, run_checks
    from .compose import Block, Note, compose_notes
    from .designs.catalogue import Design, load_design
    from .designs.render import Background
    from .errors import (
        BatchError,
        CheckError,
        DesignError,
        FitError,
        FontError,
        InterviewError,
        NotecardsError,
        OutputError,
        Problem,
        ReadError,
        StationeryError,
        TemplateError,
    )
    from .fit import Fitter, Layout, Line, Paragraph, SizeRange, balanced_breaks
    from .geometry import Rect
    from .interview import Interview, Interviewer
    from .load import load_interview, parse_interview
    from .output.emails import EmailDraft, email_drafts
    from .output.impose import Imposition, SheetOptions
    from .output.preview import write_preview
    from .output.report import report
    from .output.write import write_batch

# Exported name → the module that defines it. Importing notecards imports none of them:
# `notecards fonts` should not pay for WeasyPrint, pypdf or the checks.
_EXPORTS = {
    "Background": "designs.render",
    "Batch": "batch",
    "BatchError": "errors",
    "Block": "compose",
    "CheckError": "errors",
    "CheckResult": "checks.practice",
    "Design": "designs.catalogue",
    "DesignError": "errors",
    "EmailDraft": "output.emails",
    "Finding": "checks.findings",
    "FitError": "errors",
    "FittedNote": "cards",
    "Fitter": "fit",
    "FontError": "errors",
    "Hand": "catalogue.fonts",
    "Imposition": "output.impose",
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
    "ReadError": "errors",
    "Rect": "geometry",
    "SheetLayout": "catalogue.sheets",
    "SheetOptions": "output.impose",
    "SizeRange": "fit",
    "Stationery": "catalogue.stationery",
    "StationeryError": "errors",
    "TemplateError": "errors",
    "balanced_breaks": "fit",
    "build_batch": "batch",
    "capacity_of": "cards",
    "compose_notes": "compose",
    "email_drafts": "output.emails",
    "fit_card": "cards",
    "load_design": "designs.catalogue",
    "load_hand": "catalogue.fonts",
    "load_interview": "load",
    "load_sheet": "catalogue.sheets",
    "load_stationery": "catalogue.stationery",
    "parse_interview": "load",
    "report": "output.report",
    "run_checks": "checks.practice",
    "write_batch": "output.write",
    "write_preview": "output.preview",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'notecards' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "Background",
    "Batch",
    "BatchError",
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
    "ReadError",
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
