"""Fitted cards → PDF pages with reportlab: real text in the handwriting font, one printable sheet per card."""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..cards import FittedNote
from ..catalogue.fonts import Face, Hand
from ..catalogue.signatures import svg_drawing
from ..fit import Line
from .handwriting import draw_varied_lines, seed_of

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
    canvas = Canvas(out, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("notecards")
    canvas.setProducer("notecards (reportlab)")
    return canvas


class _QuickFlate(pdfdoc.PDFStreamFilterZCompress):  # type: ignore[misc] # reportlab has no type information
    """Flate at zlib's fastest level (1, where reportlab uses 6)."""

    def encode(self, text: str | bytes) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 1)


def save(canvas: Canvas, quick: bool = False) -> None:
    """Finish the document with binary (not ASCII85) streams: smaller files, and a third faster to write.

    `quick`: compress every stream (pages and font subsets) at zlib's fastest level. A page
    of handwriting realism holds ten times the operators of plain text, and compressing them
    at reportlab's level took a quarter of the time realism adds, for a file a fifth smaller
    (benchmarks/bench_build.py).

    reportlab reads its global `useA85` setting and its Flate filter (a private name, hence the
    upper bound on reportlab in pyproject.toml) only while it formats the document, so both are
    set for the length of `save()` and put back: a program that imports notecards keeps its own.
    notecards' saves take turns (a lock), so two threads saving never mix their settings; a
    host program saving its own PDF with reportlab at that very moment would get them too.
    """
    with _SAVING:
        previous = rl_config.useA85, pdfdoc.PDFZCompress
        rl_config.useA85 = 0
        if quick:
            pdfdoc.PDFZCompress = _QUICK_FLATE
        try:
            canvas.save()
        finally:
            rl_config.useA85, pdfdoc.PDFZCompress = previous


_QUICK_FLATE = _QuickFlate()
_SAVING = threading.Lock()


def draw_lines(
    canvas: Canvas, hand: Hand, lines: Iterable[Line], size_pt: float, dx: float = 0.0, dy: float = 0.0
) -> None:
    """Draw laid-out lines (shifted by dx, dy) as one text object; characters the handwriting lacks
    come from the fallback face, and the font is only switched when it changes.

    The operators are exactly those reportlab's own text object writes for the same calls
    (`beginText`, `setTextOrigin`, `setFont`, `textOut`; a test compares the bytes), put
    on the page with `addLiteral`. The text object also measures every string to move a
    cursor that a laid-out line never uses, and encodes it a character at a time: together
    half the time of drawing a large batch.
    """
    doc = canvas._doc
    code = ["BT", "1 0 0 1 0 0 Tm"]
    encoders: dict[Face, _Encoder] = {}
    current: tuple[Face, float] | None = None
    size_ops, subset_now = "", -1
    for line in lines:
        code.append(f"1 0 0 1 {fp_str(line.x_pt + dx, line.baseline_pt + dy)} Tm")
        for text, face, scale in _runs(hand, line.text):
            if (face, scale) != current:  # a new font: its subset is named again, as setFont does
                current, subset_now = (face, scale), -1
                size_ops = f"{fp_str(size_pt * scale)} Tf {fp_str(size_pt * scale * 1.2)} TL"
            encoder = encoders.get(face)
            if encoder is None:
                encoder = encoders[face] = _Encoder(face, doc)
            ops = []
            for subset, codes in encoder.split(text):
                if subset != subset_now:
                    ops.append(f"{encoder.font.getSubsetInternalName(subset, doc)} {size_ops}")
                    subset_now = subset
                ops.append(f"({escapePDF(codes)}) Tj")
            code.append(" ".join(ops))
    code.append("ET")
    canvas.addLiteral(" ".join(code))


def _runs(hand: Hand, text: str) -> Iterable[tuple[str, Face, float]]:
    """`text` as (characters, face, scale) runs: one run, without building a `Run`, when the handwriting has all."""
    if hand.primary.covers_all(text):
        return ((text, hand.primary, 1.0),)
    return [(run.text, run.face, run.scale) for run in hand.runs(text)]


class _Encoder:
    """Text → (font subset, byte codes) for one font in one document, as reportlab's `splitString` gives them.

    reportlab assigns codes a character at a time as it builds the font subsets. After the
    first cards every character of a note has its code in subset 0, so one dict lookup
    per character and one bytes() call do; anything else (a new character, a later
    subset) goes reportlab's way, which assigns the code.
    """

    def __init__(self, face: Face, doc: object) -> None:
        self.font, self.doc = pdfmetrics.getFont(register(face)), doc
        self._codes: dict[int, int] | None = None

    def split(self, text: str) -> list[tuple[int, bytes]]:
        if self._codes is not None:
            try:
                codes = bytes(map(self._codes.__getitem__, map(ord, text)))  # ValueError: a code over 255
            except (KeyError, ValueError):
                pass
            else:
                return [(0, codes)] if codes else []
        parts: list[tuple[int, bytes]] = self.font.splitString(text, self.doc)
        self._codes = self.font.state[self.doc].assignments  # the font's own table, kept up to date by it
        return parts


def draw_note(canvas: Canvas, card: FittedNote, dx: float = 0.0, dy: float = 0.0) -> None:
    """Draw a card's note (and a postcard's addresses) on the current page, shifted by (dx, dy) points."""
    canvas.saveState()
    canvas.setFillColor(HexColor(card.ink))
    lines = card.layout.lines
    if card.signature is not None:
        lines = tuple(line for line in lines if line.kind != "signature")
    if card.hand.realism.on:
        seed = seed_of(card.hand.id, card.note.recipient, card.note.text)
        draw_varied_lines(canvas, card.hand, lines, card.layout.size_pt, seed, card.ink, dx, dy)
    else:
        draw_lines(canvas, card.hand, lines, card.layout.size_pt, dx, dy)
    if card.signature is not None:
        _draw_signature(canvas, card, dx, dy)
    if card.address is not None:  # a postcard's addresses, in the address hand
        for layout in card.address.layouts_on_card:
            draw_lines(canvas, card.address.hand, layout.lines, layout.size_pt, dx, dy)
    canvas.restoreState()


def _draw_signature(canvas: Canvas, card: FittedNote, dx: float, dy: float) -> None:
    """The signature picture where the fitter set its line: as tall as the handwriting makes it, on the baseline."""
    picture, size = card.signature, card.layout.size_pt
    assert picture is not None
    width, height = picture.width_em * size, (picture.top_em - picture.bottom_em) * size
    for line in card.layout.lines:
        if line.kind != "signature":
            continue
        x, y = line.x_pt + dx, line.baseline_pt + dy + picture.bottom_em * size
        if picture.path.suffix.lower() == ".svg":
            drawing = _svg(picture.path)
            canvas.saveState()
            canvas.translate(x, y)
            canvas.scale(width / drawing.width, height / drawing.height)
            from reportlab.graphics import renderPDF  # a tenth of a second to import: only for an SVG signature

            renderPDF.draw(drawing, canvas, 0, 0)
            canvas.restoreState()
        else:
            canvas.drawImage(str(picture.path), x, y, width=width, height=height, mask="auto")


@lru_cache(maxsize=8)  # a batch signs every card with the same file
def _svg(path: Path) -> Any:
    return svg_drawing(path)


def draw_cards(
    cards: Iterable[FittedNote], out: str | BinaryIO, title: str, author: str, outside_pages: bool = False
) -> int:
    """One page per card at its printed-sheet size, each followed by a blank outside page if asked; the page count."""
    canvas = new_canvas(out, title, author)
    pages, varied = 0, False
    for card in cards:
        canvas.setPageSize(card.stationery.sheet_size_pt)
        draw_note(canvas, card)
        canvas.showPage()
        pages += 1
        varied = varied or card.hand.realism.on
        if outside_pages:  # designs (underlay.py) draw on it; appending pages later with pypdf is quadratic
            canvas.showPage()
            pages += 1
    save(canvas, quick=varied)  # realism off: the same bytes as ever
    return pages
