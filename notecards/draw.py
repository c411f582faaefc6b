"""Fitted cards → PDF pages with reportlab: real text in the handwriting font, one printable sheet per card."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .build import FittedNote
from .fit import Line
from .fonts import Face, Hand


def register(face: Face) -> str:
    """Make a face available to reportlab once; returns its reportlab name."""
    if face.rl_name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(face.rl_name, str(face.path)))
    return face.rl_name


def new_canvas(out: str | BinaryIO, title: str, author: str) -> Canvas:
    """A canvas whose bytes depend only on what is drawn (fixed dates and ID; SOURCE_DATE_EPOCH honoured)."""
    rl_config.useA85 = 0  # binary (not ASCII85) streams: smaller files, and a third faster to write
    canvas = Canvas(out, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("notecards")
    canvas.setProducer("notecards (reportlab)")
    return canvas


def draw_line(canvas: Canvas, hand: Hand, line: Line, size_pt: float, x_pt: float | None = None,
              baseline_pt: float | None = None) -> None:
    """Draw one line, switching to the fallback face for the characters the handwriting lacks."""
    text = canvas.beginText()
    text.setTextOrigin(line.x_pt if x_pt is None else x_pt, line.baseline_pt if baseline_pt is None else baseline_pt)
    for run in hand.runs(line.text):
        text.setFont(register(run.face), size_pt * run.scale)
        text.textOut(run.text)
    canvas.drawText(text)


def draw_note(canvas: Canvas, card: FittedNote, dx: float = 0.0, dy: float = 0.0) -> None:
    """Draw a card's note (and a postcard's addresses) on the current page, shifted by (dx, dy) points."""
    canvas.saveState()
    canvas.setFillColor(HexColor(card.ink))
    for layout in (card.layout, *(card.address.layouts_on_card if card.address else ())):
        for line in layout.lines:
            draw_line(canvas, card.hand, line, layout.size_pt, line.x_pt + dx, line.baseline_pt + dy)
    canvas.restoreState()


def draw_cards(cards: Iterable[FittedNote], out: str | BinaryIO, title: str, author: str,
               outside_pages: bool = False) -> int:
    """One page per card at its printed-sheet size, each followed by a blank outside page if asked; the page count."""
    canvas = new_canvas(out, title, author)
    pages = 0
    for card in cards:
        canvas.setPageSize(card.stationery.sheet_size_pt)
        draw_note(canvas, card)
        canvas.showPage()
        pages += 1
        if outside_pages:  # designs (underlay.py) draw on it; appending pages later with pypdf is quadratic
            canvas.showPage()
            pages += 1
    canvas.save()
    return pages
