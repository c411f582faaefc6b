"""Pages drawn by reportlab + rendered `Background`s → the same pages with each design laid under them (pypdf).

Each background page is stored once per output file as a PDF form, and every page that
uses it only refers to it, so a thousand cards on one design cost one copy of the design.

`cards.pdf` page order: one page per card (the inside of the sheet, with the note). When
any card's design draws on the outside, every card takes two pages instead, the inside
and then the outside (blank when its design draws nothing there), so that the whole file
prints two-sided in one pass, turning the sheet over about the fold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import IO, TYPE_CHECKING, Any, BinaryIO, cast

from ..cards import FittedNote
from ..designs.render import Background
from ..geometry import IDENTITY, Matrix
from .draw import draw_cards

if TYPE_CHECKING:
    from pypdf import PageObject, PdfWriter


def two_sided(cards: Sequence[FittedNote]) -> bool:
    """Whether cards.pdf carries an outside page for every card (some card's design draws on the outside)."""
    return any(card.background is not None and card.background.outside for card in cards)


def note_pages(cards: Sequence[FittedNote]) -> list[int]:
    """The 1-based page of cards.pdf that carries each card's note."""
    step = 2 if two_sided(cards) else 1
    return [1 + step * i for i in range(len(cards))]


class Underlay:
    """Places design pages under the content of pages of one pypdf `PdfWriter`."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self._forms: dict[tuple[int, int], tuple[str, Any]] = {}  # (id(background), page) → (name, reference)
        self._keep: list[Background] = []  # holds the backgrounds so that their ids stay unique

    def form(self, background: Background, side: str) -> tuple[str, Any]:
        """The resource name and reference of the form holding one side of a background, made on first use."""
        index = background.page_index(side)
        key = (id(background), index)
        if key not in self._forms:
            self._keep.append(background)
            name = f"/NotecardsDesign{len(self._forms)}"
            self._forms[key] = (name, self._make_form(background, index))
        return self._forms[key]

    def _make_form(self, background: Background, index: int) -> Any:
        # pypdf only when a card has a design
        from pypdf import PdfReader
        from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

        source = PdfReader(BytesIO(background.pdf)).pages[index]
        contents = source.get_contents()
        form = DecodedStreamObject()
        form.set_data(contents.get_data() if contents is not None else b"")
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in source.mediabox)
        form[NameObject("/Resources")] = source[NameObject("/Resources")].get_object().clone(self.writer)  # type: ignore[union-attr]
        # pypdf has no public way to add a free-standing stream object to a writer.
        return self.writer._add_object(form.flate_encode())

    def place(self, page: PageObject, background: Background, side: str = "inside", matrix: Matrix = IDENTITY) -> None:
        """Draw one side of `background` under everything already on `page`, transformed by `matrix`."""
        from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject  # see above

        name, ref = self.form(background, side)
        resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
        xobjects[NameObject(name)] = ref
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        call = DecodedStreamObject()
        call.set_data(f"q {' '.join(f'{v:.4f}' for v in matrix)} cm {name} Do Q\n".encode())
        existing = page.get("/Contents")
        existing = existing.get_object() if existing is not None else ArrayObject()
        parts = list(existing) if isinstance(existing, ArrayObject) else [page.raw_get("/Contents")]
        page[NameObject("/Contents")] = ArrayObject([self.writer._add_object(call), *parts])


@dataclass(frozen=True)
class Layer:
    """One design page to lay under one page of a PDF: which page (0-based), which background and side, and where."""

    page: int
    background: Background
    side: str = "inside"
    matrix: Matrix = IDENTITY


def write_with_designs(draw: Callable[[BinaryIO], int], layers: Sequence[Layer], out: BinaryIO) -> int:
    """Run `draw` (reportlab) and lay `layers` under its pages; returns what `draw` returns, the page count.

    The one place every output (cards, sheets, envelopes, previews) goes through for its
    designs. Without layers `draw` writes straight into `out` and pypdf is not imported;
    with them it draws into memory, and pypdf puts each layer under its page.
    """
    if not layers:
        return draw(out)
    from pypdf import PdfReader, PdfWriter  # pypdf only when a card has a design

    drawn = BytesIO()
    pages = draw(drawn)
    drawn.seek(0)
    writer = PdfWriter(clone_from=PdfReader(drawn))
    underlay = Underlay(writer)
    for layer in layers:
        underlay.place(writer.pages[layer.page], layer.background, layer.side, layer.matrix)
    writer.write(out)
    return pages


def card_layers(cards: Sequence[FittedNote]) -> list[Layer]:
    """cards.pdf's designs: each card's inside under its note page, and its outside on the page after."""
    layers = []
    for page, card in zip(note_pages(cards), cards, strict=True):
        background = card.background
        if background is not None:
            layers.append(Layer(page - 1, background))
            if background.outside:
                layers.append(Layer(page, background, "outside"))
    return layers


def draw_designed_cards(cards: Sequence[FittedNote], out: IO[bytes], title: str, author: str) -> int:
    """Like `draw.draw_cards`, with designs: plain batches are drawn exactly as before, without pypdf."""

    outside = two_sided(cards)
    return write_with_designs(
        lambda target: draw_cards(cards, target, title, author, outside_pages=outside),
        card_layers(cards),
        cast(BinaryIO, out),
    )
