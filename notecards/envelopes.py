"""Fitted cards + the interview's addresses → `Addressed` cards (fitted address blocks), and `envelopes.pdf`.

Each card is addressed to its interviewer: their own `address`, else the company's
(`position.address`, under the interviewer's name and the company name), with the
candidate's return address, in the card's handwriting and ink, each block set at the
largest size that fits its box, as a note is. A card goes in the envelope its stationery
names (`envelope: a2`), else the smallest one in `layouts/envelopes/` it fits with room to
spare. A postcard (stationery with an `address_panel`) has no envelope: the addresses go
on its own address half, drawn with the note. A missing address is a warning naming the
recipient; the envelope is still made, with the name on it, for the rest to be written
by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pydantic import BaseModel, ConfigDict, Field

from .errors import FontError, StationeryError
from .fit import Fitter, Layout, Paragraph, SizeRange
from .fonts import Hand
from .interview import Interview, Interviewer
from .layout_files import read_model, yaml_names
from .resources import data_path
from .stationery import MM, Rect, Stationery

if TYPE_CHECKING:
    from .build import FittedNote

ROOM_MM = 3.0  # a card needs at least this much play across and along inside its envelope (A2: 1/8 in)
BARCODE_STRIP_MM = 15.9  # 5/8 in along an envelope's bottom edge stays clear for the postal barcode
RECIPIENT_X_HEIGHT_MM = (1.6, 2.4, 3.0)  # min, comfortable, max: big enough for sorting machines and carriers
SENDER_X_HEIGHT_MM = (1.3, 1.6, 2.0)


class _EnvelopeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    label: str = ""
    width_mm: float = Field(gt=50, lt=600)
    height_mm: float = Field(gt=50, lt=600)
    margin_mm: float = Field(default=6.35, ge=0, lt=50)


@dataclass(frozen=True)
class Envelope:
    """An envelope as it lies when addressed (long side across), and where its two address blocks go."""

    name: str
    label: str
    width_mm: float
    height_mm: float
    margin_mm: float = 6.35

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.width_mm * MM, self.height_mm * MM

    @property
    def sender_box(self) -> Rect:
        """Top left, clear of the stamp in the top right."""
        w, h = self.size_pt
        m = self.margin_mm * MM
        return Rect(m, h - m - 0.32 * h, 0.5 * w, h - m)

    @property
    def recipient_box(self) -> Rect:
        """Right of centre, above the barcode strip."""
        w, h = self.size_pt
        return Rect(0.38 * w, BARCODE_STRIP_MM * MM, w - self.margin_mm * MM, 0.6 * h)

    def holds(self, stationery: Stationery) -> bool:
        """Whether the finished (folded) card fits inside with room to spare, either way round."""
        card = sorted((stationery.width_mm, stationery.height_mm))
        inner = sorted((self.width_mm, self.height_mm))
        return all(c + ROOM_MM <= i for c, i in zip(card, inner, strict=True))


@dataclass(frozen=True)
class Addressed:
    """Where a card is addressed (its envelope, or its own address half) and the two address blocks, laid out."""

    envelope: Envelope | None  # None: on the card itself (postcards), or no envelope fits
    on_card: bool
    address_from: str | None  # "interviewer", "company", or None when there is no address
    recipient: Layout | None
    sender: Layout | None

    @property
    def blocks(self) -> tuple[Layout, ...]:
        return tuple(block for block in (self.recipient, self.sender) if block is not None)

    @property
    def layouts_on_card(self) -> tuple[Layout, ...]:
        """Handwriting to draw on the card's note side, next to the note (a postcard's addresses)."""
        return self.blocks if self.on_card else ()


def envelopes_dir() -> Path:
    return data_path("layouts") / "envelopes"


@cache
def envelope_names() -> tuple[str, ...]:
    return yaml_names(envelopes_dir())


@cache
def load_envelope(name: str) -> Envelope:
    """An envelope of the catalogue, by the name a stationery file gives (`envelope: a2`)."""
    if name not in envelope_names():
        raise StationeryError(f"unknown envelope {name!r}; choose one of {', '.join(envelope_names())}")
    path = envelopes_dir() / f"{name}.yaml"
    spec = read_model(path, _EnvelopeFile, lambda message: StationeryError(message, path))
    return Envelope(spec.name, spec.label or spec.name, spec.width_mm, spec.height_mm, spec.margin_mm)


def envelope_for(stationery: Stationery) -> Envelope | None:
    """The stationery's own envelope, else the smallest in the catalogue that holds the card; None for postcards."""
    if stationery.address_panel is not None:
        return None
    if stationery.envelope is not None:
        return load_envelope(stationery.envelope)
    fitting = [env for env in map(load_envelope, envelope_names()) if env.holds(stationery)]
    return min(fitting, key=lambda env: env.width_mm * env.height_mm, default=None)


def recipient_lines(interview: Interview, person: Interviewer) -> tuple[list[str], str | None]:
    """The recipient's address block and where it came from (interviewer, company, or None: name only)."""
    if person.address:
        lines = _lines(person.address)
        return _under(person.name, lines), "interviewer"
    if interview.position.address:
        lines = _under(interview.position.company, _lines(interview.position.address))
        return _under(person.name, lines), "company"
    return [person.name], None


def sender_lines(interview: Interview) -> list[str]:
    candidate = interview.candidate
    return _under(candidate.name, _lines(candidate.address)) if candidate.address else []


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _under(head: str, lines: list[str]) -> list[str]:
    """`head` on top of `lines`, unless the address already starts with it."""
    return lines if lines and lines[0].casefold() == head.casefold() else [head, *lines]


def fit_block(lines: list[str], hand: Hand, box: Rect, x_heights_mm: tuple[float, float, float],
              centre: bool = False) -> Layout | None:
    """Set address lines (each its own, wrapped only if it must) at the largest size that fits; None if none does."""
    return _fit_block(tuple(lines), hand, box, x_heights_mm, centre) if lines else None


@lru_cache(maxsize=4096)  # a batch's return address, and a shared company address, are fitted once
def _fit_block(lines: tuple[str, ...], hand: Hand, box: Rect, x_heights_mm: tuple[float, float, float],
               centre: bool) -> Layout | None:
    fitter = Fitter([Paragraph("signature", tuple(line.split())) for line in lines], hand)
    to_pt = MM / hand.primary.x_height
    lo, preferred, hi = (round(v * to_pt, 2) for v in x_heights_mm)
    size = fitter.largest_size(SizeRange(lo, preferred, hi), box)
    if size is None:
        return None
    layout = fitter.layout(size, box)
    if centre:  # the same lines, moved down to sit in the middle of the box
        slack = (box.height - layout.height_pt) / 2
        layout = fitter.layout(size, Rect(box.x0, box.y0, box.x1, box.y1 - slack))
    return layout


def address_warnings(cards: list[FittedNote], problems: list[str], interview: Interview) -> list[str]:
    """The batch's address warnings: each of the cards' `problems` (`address_card`) once, then a missing sender."""
    warnings = list(problems)
    if not sender_lines(interview) and any(card.address is not None and card.address.blocks for card in cards):
        warnings.append("no return address: candidate.address is not set")
    return list(dict.fromkeys(warnings))


def address_card(card: FittedNote, interview: Interview, sender: list[str]) -> tuple[Addressed, list[str]]:
    """Lay out one card's recipient and return addresses on its envelope or its own address half."""
    person = interview.interviewers[card.note.index]
    recipient, source = recipient_lines(interview, person)
    _check_glyphs(card.hand, person, recipient, sender, source)
    envelope = envelope_for(card.stationery)
    on_card = envelope is None and card.stationery.address_panel is not None
    warnings: list[str] = []
    if envelope is None and not on_card:
        w, h = card.stationery.width_mm, card.stationery.height_mm
        return Addressed(None, False, source, None, None), [
            f"{person.name}: no envelope in the catalogue holds {card.stationery.name} cards ({w:g} × {h:g} mm)"]
    where = f"the {envelope.name} envelope" if envelope else "the postcard"
    if source is None:
        warnings.append(f"{person.name}: no address (neither interviewers[{card.note.index}].address nor "
                        f"position.address is set); {where} has the name only")
    sender_box, recipient_box = _boxes(envelope, card.stationery)
    to = fit_block(recipient, card.hand, recipient_box, RECIPIENT_X_HEIGHT_MM, centre=True)
    back = fit_block(sender, card.hand, sender_box, SENDER_X_HEIGHT_MM)
    for block, lines, what in ((to, recipient, "address"), (back, sender, "return address")):
        if block is None and lines:
            warnings.append(f"{person.name}: the {what} is too long for {where} even at its smallest size; "
                            "left for writing by hand")
    return Addressed(envelope, on_card, source, to, back), warnings


def _boxes(envelope: Envelope | None, stationery: Stationery) -> tuple[Rect, Rect]:
    """(return address box, recipient box): on the envelope, or within a postcard's address half."""
    if envelope is not None:
        return envelope.sender_box, envelope.recipient_box
    assert stationery.address_panel is not None
    q = stationery.panel(stationery.address_panel).inset(stationery.margin_pt)
    sender = Rect(q.x0, q.y1 - 0.3 * q.height, q.x0 + 0.6 * q.width, q.y1)  # the stamp goes top right
    return sender, Rect(q.x0 + 0.1 * q.width, q.y0, q.x1, q.y0 + 0.55 * q.height)


def _check_glyphs(hand: Hand, person: Interviewer, recipient: list[str], sender: list[str],
                  source: str | None) -> None:
    fields = ((recipient, "interviewer.address" if source == "interviewer" else "position.address"),
              (sender, "candidate.address"))
    for lines, field in fields:
        _, impossible = hand.missing("\n".join(lines))
        if impossible:
            char = min(impossible)
            # The candidate's and the company's addresses are on every envelope: one error, naming no recipient.
            whose = person.name if field == "interviewer.address" else None
            raise FontError(f"no bundled font can draw {char!r} (U+{ord(char):04X})", whose, field)


def draw_envelopes(cards: list[FittedNote], out: BinaryIO, title: str, author: str) -> int:
    """One page per card that has an envelope, at the envelope's size; returns the page count.

    A card whose design draws on its envelope (designs.py) gets that page laid under the addresses.
    """
    from .underlay import Layer, write_with_designs

    enveloped = [(card, card.address, card.address.envelope) for card in cards
                 if card.address is not None and card.address.envelope is not None]
    layers = [Layer(page, card.background, "envelope") for page, (card, _, _) in enumerate(enveloped)
              if card.background is not None and card.background.envelope]
    return write_with_designs(lambda target: _draw_envelope_pages(enveloped, target, title, author), layers, out)


def _draw_envelope_pages(enveloped: list[tuple[FittedNote, Addressed, Envelope]], out: BinaryIO, title: str,
                         author: str) -> int:
    from reportlab.lib.colors import HexColor

    from .draw import draw_lines, new_canvas

    canvas = new_canvas(out, title, author)
    for card, addressed, envelope in enveloped:
        canvas.setPageSize(envelope.size_pt)
        canvas.setFillColor(HexColor(card.ink))
        for block in addressed.blocks:
            draw_lines(canvas, card.hand, block.lines, block.size_pt)
        canvas.showPage()
    canvas.save()
    return len(enveloped)
