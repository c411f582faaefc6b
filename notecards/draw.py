"""Fitted cards → PDF pages with reportlab: real text in the handwriting font, one printable sheet per card."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .build import FittedNote
from .fit import Line
from .fonts import Face, Hand

_REGISTERED: set[str] = set()  # asked for every run of every line: a set is cheaper than reportlab's list


class _HandFont(TTFont):  # type: ignore[misc]  # reportlab ships no type hints
    """reportlab's TrueType font with a fast path for text whose characters all have codes already.

    reportlab encodes every string character by character while it builds the font
    subsets: almost half the time of drawing a large batch. After the first cards every
    character of a note has its code in subset 0, so one dict lookup per character and
    one bytes() call do; anything else (a new character, a later subset, a no-break
    space) goes the ordinary way.
    """

    def splitString(self, text: str, doc: object, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        state = self.state.get(doc)
        if state is not None:
            try:
                codes = bytes(map(state.assignments.__getitem__, map(ord, text)))  # ValueError: a code over 255
            except (KeyError, ValueError):
                pass
            else:
                return [(0, codes)] if codes else []
        result: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        return result


def register(face: Face) -> str:
    """Make a face available to reportlab once; returns its reportlab name."""
    if face.rl_name not in _REGISTERED:
        if face.rl_name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(_HandFont(face.rl_name, str(face.path)))
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
    come from the fallback face, and the font is only switched when it changes.

    The operators are exactly those reportlab's own text object writes for the same calls
    (`beginText`, `setTextOrigin`, `setFont`, `textOut`; a test compares the bytes), put
    on the page with `addLiteral`. The text object also measures every string to move a
    cursor that a laid-out line never uses: a third of the time of drawing a large batch.
    """
    doc = canvas._doc
    code = ["BT", "1 0 0 1 0 0 Tm"]
    current: tuple[Face, float] | None = None
    font: TTFont = None
    size_ops, subset_now = "", -1
    for line in lines:
        code.append(f"1 0 0 1 {fp_str(line.x_pt + dx, line.baseline_pt + dy)} Tm")
        for run in hand.runs(line.text):
            if (run.face, run.scale) != current:  # a new font: its subset is named again, as setFont does
                current, subset_now = (run.face, run.scale), -1
                font = pdfmetrics.getFont(register(run.face))
                size = size_pt * run.scale
                size_ops = f"{fp_str(size)} Tf {fp_str(size * 1.2)} TL"
            ops = []
            for subset, codes in font.splitString(run.text, doc):
                if subset != subset_now:
                    ops.append(f"{font.getSubsetInternalName(subset, doc)} {size_ops}")
                    subset_now = subset
                ops.append(f"({escapePDF(codes)}) Tj")
            code.append(" ".join(ops))
    code.append("ET")
    canvas.addLiteral(" ".join(code))


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
