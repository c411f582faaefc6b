"""Fitted cards + a sheet layout → an `Imposition` (cards placed on sheets, crop and fold marks), drawn as one PDF.

Every card is a rectangle of its printed size (the unfolded sheet of `cards.pdf`) placed on
the paper by an affine map: a move, turned a quarter when the card lies on its side. Cards
of one stationery share sheets; each stationery starts a new sheet.

Two-sided (duplex) sheets: cards whose design draws on the outside print on both sides
(a plain folded card's outside is blank, so its sheets are one-sided). Each sheet is then
two pages, the inside (the notes) and then the outside. The outside page is the inside
page's map followed by two mirror images: the card turned over about its fold (about its
vertical centre line when flat), and the paper turned over the way the printer turns it,
about the long edge by default (`--flip short-edge` for printers that turn it about the
short edge). Composing the maps is what keeps the back of every card exactly behind its
front, whichever way a card lies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Literal

from ..cards import FittedNote
from ..catalogue.sheets import SheetLayout, Slot, load_sheet
from ..catalogue.stationery import Stationery, catalogue
from ..errors import StationeryError
from ..geometry import MM, Affine, Rect, Segment, move
from .draw import draw_note, new_canvas, save
from .files import safe_stem
from .marks import crop_marks, fold_marks
from .underlay import Layer, write_with_designs

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas


Flip = Literal["long-edge", "short-edge"]
Side = Literal["inside", "outside"]
MARK_WIDTH_PT = 0.3
MAX_BLEED_MM = 10.0
MAX_OFFSET_MM = 20.0  # a printer's drift is a few millimetres; much more would move cards off the paper


@dataclass(frozen=True)
class SheetOptions:
    """How to impose: which sheet, bleed around each card, duplex flip, positions to skip, printer drift."""

    sheet: str
    bleed_mm: float = 0.0
    flip: Flip = "long-edge"
    start_at: int = 0
    offset_mm: tuple[float, float] = (0.0, 0.0)  # right, down (as you look at the printed page)


def parse_length_mm(text: str) -> float:
    """'3mm', '0.125in', '9pt' or a bare number of millimetres → millimetres."""
    match = re.fullmatch(r"\s*(-?\d+(?:\.\d*)?|-?\.\d+)\s*(mm|cm|in|pt)?\s*", text)
    if not match:
        raise ValueError(f"{text!r} is not a length such as 3mm or 0.125in")
    factor = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, None: 1.0}[match.group(2)]
    return float(match.group(1)) * factor


def parse_offset_mm(text: str) -> tuple[float, float]:
    """'X,Y' in millimetres (each may carry a unit) → (right, down); ValueError when malformed or too far."""
    parts = text.split(",")
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not X,Y (millimetres right and down), e.g. 1.5,-0.5")
    offset = parse_length_mm(parts[0]), parse_length_mm(parts[1])
    problem = offset_problem(offset)
    if problem is not None:
        raise ValueError(problem)
    return offset


def offset_problem(offset_mm: tuple[float, float]) -> str | None:
    """Why an offset cannot be used (it would carry cards off the paper), or None."""
    if all(abs(v) <= MAX_OFFSET_MM for v in offset_mm):
        return None
    x, y = offset_mm
    return (
        f"{x:g},{y:g} mm is too far: give at most {MAX_OFFSET_MM:g} mm each way (a printer drifts by a few "
        "millimetres; more would move the cards off the paper)"
    )


def check_sheet_options(options: SheetOptions) -> SheetLayout:
    """The options' sheet layout; a `StationeryError` for an unknown sheet, or a bleed, offset or start out of bounds.

    Cheap (no cards needed), so the command line can refuse a wrong `--sheet` before
    fitting a batch; `impose` checks the same.
    """
    layout = load_sheet(options.sheet)
    if not 0 <= options.bleed_mm <= MAX_BLEED_MM:
        raise StationeryError(f"bleed {options.bleed_mm:g} mm: give between 0 and {MAX_BLEED_MM:g} mm")
    if (problem := offset_problem(options.offset_mm)) is not None:
        raise StationeryError(f"offset {problem}")
    if options.start_at < 0:
        raise StationeryError(f"start at {options.start_at}: the number of positions to skip cannot be negative")
    return layout


def slot_map(slot: Slot) -> Affine:
    """A card's own coordinates → the page: moved to its slot, turned a quarter anticlockwise when on its side."""
    if slot.rotated:
        return Affine(0.0, 1.0, -1.0, 0.0, slot.trim.x1, slot.trim.y0)
    return move(slot.trim.x0, slot.trim.y0)


def turn_card(stationery: Stationery) -> Affine:
    """The card turned over, in its own coordinates: about a horizontal fold, else about its vertical centre line."""
    w, h = stationery.sheet_size_pt
    return Affine(d=-1.0, f=h) if stationery.fold == "horizontal" else Affine(a=-1.0, e=w)


def turn_paper(width: float, height: float, flip: Flip) -> Affine:
    """The paper turned over by a duplex printer: about its long edge or its short edge."""
    about_vertical = (flip == "long-edge") == (height >= width)
    return Affine(a=-1.0, e=width) if about_vertical else Affine(d=-1.0, f=height)


@dataclass(frozen=True)
class Placement:
    """One card on one sheet: its position there and the map from its own coordinates onto each printed side."""

    card: FittedNote
    position: int  # 0-based, reading order
    inside: Affine
    outside: Affine | None  # None when the sheet prints on one side only

    def map(self, side: Side) -> Affine:
        found = self.inside if side == "inside" else self.outside
        if found is None:
            raise ValueError("this card's sheet has no outside page")
        return found

    def trim(self, side: Side) -> Rect:
        w, h = self.card.stationery.sheet_size_pt
        return self.map(side).rect(Rect(0, 0, w, h))


@dataclass(frozen=True)
class SheetPage:
    """One page of the sheets PDF: which side of the paper, the cards on it, and its marks."""

    side: Side
    placements: tuple[Placement, ...]
    crop_marks: tuple[Segment, ...]
    fold_marks: tuple[Segment, ...]


@dataclass(frozen=True)
class Group:
    """The sheets of one stationery."""

    stationery: Stationery
    slots: tuple[Slot, ...]
    duplex: bool
    pages: tuple[SheetPage, ...]
    cards: int


@dataclass(frozen=True)
class Imposition:
    """A whole sheets PDF in memory: groups of pages, plus what the report says about them."""

    layout: SheetLayout
    options: SheetOptions
    groups: tuple[Group, ...]
    warnings: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"sheets-{safe_stem(self.layout.name, 'sheet')}.pdf"

    @property
    def pages(self) -> list[SheetPage]:
        return [page for group in self.groups for page in group.pages]

    def report(self) -> list[dict[str, object]]:
        """The report's `sheets` entries: one per stationery."""
        entries, first = [], 1
        for group in self.groups:
            entries.append(
                {
                    "path": self.filename,
                    "sheet": self.layout.name,
                    "pages": len(group.pages),
                    "first_page": first,
                    "per_sheet": len(group.slots),
                    "stationery": group.stationery.name,
                    "cards": group.cards,
                    "duplex": group.duplex,
                    "flip": self.options.flip if group.duplex else None,
                    "on_side": group.slots[0].rotated,
                }
            )
            first += len(group.pages)
        return entries


def impose(cards: Sequence[FittedNote], options: SheetOptions) -> Imposition:
    """Place every card on sheets of `options.sheet`, grouped by stationery in the order they first appear."""
    layout = check_sheet_options(options)
    warnings: list[str] = []
    bleed = options.bleed_mm * MM
    if layout.precut and bleed:
        warnings.append(f"--bleed is ignored on {layout.name}: its positions are pre-cut")
        bleed = 0.0
    groups: dict[Stationery, list[FittedNote]] = {}  # by the whole geometry: two user files may share a name
    for card in cards:
        groups.setdefault(card.stationery, []).append(card)
    two_sided = any(_duplex(group) for group in groups.values())
    out: list[Group] = []
    for members in groups.values():
        stationery = members[0].stationery
        slots = layout.slots(*stationery.sheet_size_pt, bleed)
        if not slots:
            warnings.append(_no_room(layout, stationery, members))
            continue
        skip = options.start_at if not out else 0
        if skip >= len(slots):
            count = f"{len(slots)} position{'s' if len(slots) != 1 else ''}"
            raise StationeryError(
                f"--start-at {skip}: a {layout.name} sheet has {count} for {stationery.name} "
                f"cards, so at most {len(slots) - 1} can be skipped"
            )
        out.append(_group(layout, options, members, slots, skip, bleed, two_sided))
    if groups and not out:  # nothing to print: a silent success would leave the user with no file and no reason
        raise _nothing_fits(layout, list(groups), bleed)
    return Imposition(layout, options, tuple(out), tuple(warnings))


def _nothing_fits(layout: SheetLayout, batch: list[Stationery], bleed: float) -> StationeryError:
    """The error for a sheet none of the batch's cards go on, naming the stationery it does take."""
    takes = [s.name for s in catalogue() if layout.slots(*s.sheet_size_pt, bleed)]
    has = ", ".join(dict.fromkeys(s.name for s in batch))
    hint = f"it takes {', '.join(takes)} cards" if takes else "it takes none of the catalogue's stationery"
    return StationeryError(
        f"--sheet {layout.name}: no card of this batch ({has}) goes on it; {hint}. "
        "Choose that stationery in the card block, or another sheet (see `notecards sheets`)"
    )


def _duplex(cards: Sequence[FittedNote]) -> bool:
    """Whether these cards print on both sides: only when a design draws on the outside.

    A plain folded card has nothing outside; a blank back page would only double the file
    and send the paper through the printer twice.
    """
    return any(card.background is not None and card.background.outside for card in cards)


def _no_room(layout: SheetLayout, stationery: Stationery, cards: Sequence[FittedNote]) -> str:
    w, h = (round(v / MM, 1) for v in stationery.sheet_size_pt)
    why = "no position matches its size" if layout.precut else "it does not fit inside the margins"
    who = ", ".join(card.note.recipient for card in cards)
    return (
        f"{stationery.name} cards ({w} × {h} mm printed) are not on {layout.name} sheets: {why}; "
        f"left out: {who} (they are in cards.pdf)"
    )


def _group(
    layout: SheetLayout,
    options: SheetOptions,
    cards: Sequence[FittedNote],
    slots: tuple[Slot, ...],
    skip: int,
    bleed: float,
    two_sided: bool,
) -> Group:
    """Fill sheets slot by slot, the first sheet from position `skip`; each sheet is one page, or two when duplex."""
    duplex = _duplex(cards)
    width, height = layout.size_pt
    shift = move(options.offset_mm[0] * MM, -options.offset_mm[1] * MM)
    back = turn_paper(width, height, options.flip)
    sheets: list[list[Placement]] = []
    position = skip
    for card in cards:
        if not sheets or position == len(slots):
            sheets.append([])
            position = skip if len(sheets) == 1 else 0
        front = slot_map(slots[position])
        outside = shift @ back @ front @ turn_card(card.stationery) if duplex else None
        sheets[-1].append(Placement(card, position, shift @ front, outside))
        position += 1
    paper = Rect(0, 0, width, height)
    pages: list[SheetPage] = []
    for placed in sheets:
        pages.append(_page("inside", placed, bleed, paper, layout.crop_marks))
        if duplex:
            pages.append(_page("outside", placed, bleed, paper, layout.crop_marks))
        elif two_sided:  # keep the whole file two-sided: a blank back for one-sided cards
            pages.append(SheetPage("outside", (), (), ()))
    return Group(cards[0].stationery, slots, duplex, tuple(pages), len(cards))


def _page(side: Side, placed: list[Placement], bleed: float, paper: Rect, marks: bool) -> SheetPage:
    trims = [p.trim(side) for p in placed]
    if not marks:
        return SheetPage(side, tuple(placed), (), ())
    folds = [seg for p in placed if (seg := _fold_on_page(p, side)) is not None]
    return SheetPage(
        side,
        tuple(placed),
        crop_marks(trims, bleed, paper),
        tuple(mark for fold in folds for mark in fold_marks(fold, trims, bleed, paper)),
    )


def _fold_on_page(placement: Placement, side: Side) -> Segment | None:
    line = placement.card.stationery.fold_line
    if line is None:
        return None
    mapping = placement.map(side)
    return (*mapping.apply(line[0], line[1]), *mapping.apply(line[2], line[3]))


def place_card(canvas: Canvas, placement: Placement, side: Side) -> None:
    """Draw one side of one card at its place on the page: the one spot where anything is drawn on a card on a sheet.

    The card is drawn in its own coordinates (those of its page in `cards.pdf`) under
    `placement.map(side)`; a design's background goes under it with the same matrix
    (see `design_layers`).
    """

    canvas.saveState()
    canvas.transform(*placement.map(side).matrix)
    if side == "inside":
        draw_note(canvas, placement.card)
    canvas.restoreState()


def draw_marks(canvas: Canvas, page: SheetPage) -> None:
    canvas.saveState()
    canvas.setLineWidth(MARK_WIDTH_PT)
    canvas.setStrokeColorRGB(0, 0, 0)
    for x0, y0, x1, y1 in page.crop_marks:
        canvas.line(x0, y0, x1, y1)
    canvas.setDash(2, 1.5)  # fold marks are dashed, so nobody cuts along them
    for x0, y0, x1, y1 in page.fold_marks:
        canvas.line(x0, y0, x1, y1)
    canvas.restoreState()


def draw_imposition(imposition: Imposition, out: BinaryIO, title: str, author: str) -> int:
    """Write the sheets PDF, each card's design laid under it (underlay.py); returns the page count."""

    return write_with_designs(
        lambda target: _draw_sheets(imposition, target, title, author), design_layers(imposition), out
    )


def _draw_sheets(imposition: Imposition, out: BinaryIO, title: str, author: str) -> int:

    canvas = new_canvas(out, title, author)
    for page in imposition.pages:
        canvas.setPageSize(imposition.layout.size_pt)
        for placement in page.placements:
            place_card(canvas, placement, page.side)
        draw_marks(canvas, page)
        canvas.showPage()
    save(canvas)
    return len(imposition.pages)


def design_layers(imposition: Imposition) -> list[Layer]:
    """Each card's design (issue 6's `Background`) on each side it draws, with the matrix the card is drawn with."""

    return [
        Layer(index, background, page.side, placement.map(page.side).matrix)
        for index, page in enumerate(imposition.pages)
        for placement in page.placements
        if (background := placement.card.background) is not None and (page.side == "inside" or background.outside)
    ]
