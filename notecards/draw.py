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

_REGISTERED: set[str] = set()  # asked for every run of every line: a set is cheaper than reportlab's list


def register(face: Face) -> str:
    """Make a face available to reportlab once; returns its reportlab name."""
    if face.rl_name not in _REGISTERED:
        if face.rl_name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(face.rl_name, str(face.path)))
        _REGISTERED.add(face.rl_name)
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


def draw_lines(canvas: Canvas, hand: Hand, lines: Iterable[Line], size_pt: float, dx: float = 0.0,
               dy: float = 0.0) -> None:
    """Draw laid-out lines (shifted by dx, dy) as one text object; characters the handwriting lacks
    come from the fallback face, and the font is only switched when it changes."""
    text = canvas.beginText()
    current: tuple[str, float] | None = None
    for line in lines:
        text.setTextOrigin(line.x_pt + dx, line.baseline_pt + dy)
        for run in hand.runs(line.text):
            font = (register(run.face), size_pt * run.scale)
            if font != current:
                text.setFont(*font)
                current = font
            text.textOut(run.text)
    canvas.drawText(text)


def draw_note(canvas: Canvas, card: FittedNote, dx: float = 0.0, dy: float = 0.0) -> None:
    """Draw a card's note (and a postcard's addresses) on the current page, shifted by (dx, dy) points."""
    canvas.saveState()
    canvas.setFillColor(HexColor(card.ink))
    for layout in (card.layout, *(card.address.layouts_on_card if card.address else ())):
        draw_lines(canvas, card.hand, layout.lines, layout.size_pt, dx, dy)
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
