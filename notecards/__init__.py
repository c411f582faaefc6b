"""notecards: interview YAML → personal thank-you notes fitted to real stationery, as print-ready PDF.

The public API is what this package exports (`__all__`); everything else is internal.
"""

from __future__ import annotations

from .backgrounds import Background
from .build import Batch, FittedNote, build_batch, capacity_of, fit_card, report
from .checks import CheckResult, Finding, run_checks
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
    Problem,
    StationeryError,
    TemplateError,
)
from .fit import Fitter, Layout, Line, Paragraph, SizeRange, balanced_breaks
from .fonts import Hand, load_hand
from .impose import Imposition, SheetOptions, impose
from .interview import Interview, Interviewer
from .load import load_interview, parse_interview
from .preview import write_preview
from .sheets import SheetLayout, load_sheet
from .stationery import Rect, Stationery, catalogue, load_stationery
from .write import write_batch

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
    "catalogue",
    "compose_notes",
    "email_drafts",
    "fit_card",
    "impose",
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
