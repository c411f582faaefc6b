"""Cards' stationery + the interview's addresses → `Addressed` (fitted address blocks for an envelope or a postcard).

Each card is addressed to its interviewer: their own `address`, else the company's
(`position.address`, under the interviewer's name and the company name, which is left
out when the address already starts with it, "Lumen Health, Inc." under "Lumen Health"),
with the candidate's return address. Addresses are written in a legible hand: the card's
font unless it is a joined script (then `LEGIBLE_HAND`), or the card block's
`address_font`. Each line stays as written, never re-broken, at one fixed legible size
(smaller only when a line as written is too long for the read area), inside the postal
zones of `catalogue/postal.py`: the stamp area and the barcode strip stay free.

A card goes in the envelope its stationery names (`envelope: a2`), else the smallest one
in `layouts/envelopes/` it fits with room to spare. A postcard (stationery with an
`address_panel`) has no envelope: the addresses go on its own address half, drawn with
the note. A missing address is a warning naming the recipient; the envelope is still
made, with the name on it, for the rest to be written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .catalogue.envelopes import Envelope
from .catalogue.fonts import Hand, load_hand
from .catalogue.stationery import Stationery, envelope_for
from .errors import FontError
from .fit import Fitter, Layout, Paragraph, SizeRange
from .geometry import MM, Rect
from .interview import CardSettings, Interview, Interviewer

# (smallest, the fixed size): every address is set at the fixed x-height, smaller only when a line
# as written is too long. 2.4 mm puts capitals near 3.5 mm, well above USPS's 0.080 in for print.
RECIPIENT_X_HEIGHT_MM = (1.8, 2.4)
SENDER_X_HEIGHT_MM = (1.3, 1.6)
LEGIBLE_HAND = "patrick-hand"  # separate letters, open shapes: what an address in a joined script becomes


@dataclass(frozen=True)
class Addressed:
    """Where a card is addressed (its envelope, or its own address half) and the two address blocks, laid out."""

    envelope: Envelope | None  # None: on the card itself (postcards), or no envelope fits
    hand: Hand  # the address hand (address_hand)
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


def address_hand(settings: CardSettings, card_hand: Hand) -> Hand:
    """`address_font` if set; else the card's hand, unless it is a joined script (then `LEGIBLE_HAND`)."""
    if settings.address_font:
        return load_hand(settings.address_font)
    return load_hand(LEGIBLE_HAND) if card_hand.primary.joined else card_hand


def recipient_lines(interview: Interview, person: Interviewer) -> tuple[list[str], str | None]:
    """The recipient's address block and where it came from (interviewer, company, or None: name only)."""
    name = person.formal_name  # "Dr. Ada Okafor": an envelope carries the honorific with the whole name
    if person.address:
        lines = _lines(person.address)
        return _under(name, lines, person.name), "interviewer"
    if interview.position.address:
        lines = _under(interview.position.company, _lines(interview.position.address))
        return _under(name, lines, person.name), "company"
    return [name], None


def sender_lines(interview: Interview) -> list[str]:
    candidate = interview.candidate
    return _under(candidate.name, _lines(candidate.address)) if candidate.address else []


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _under(head: str, lines: list[str], plain: str | None = None) -> list[str]:
    """`head` on top of `lines`, unless the address starts with it ("Lumen Health, Inc." for "Lumen Health"), or
    with `plain`, the person's name alone (then written as `head`, with the honorific)."""
    if plain is not None and lines and lines[0].casefold() in (head.casefold(), plain.casefold()):
        return [head, *lines[1:]]
    if lines and _starts_with_name(lines[0], head):
        return lines
    return [head, *lines]


def _starts_with_name(line: str, name: str) -> bool:
    """Whether `line` is `name`, or `name` followed by more words (a legal form such as ", Inc." or " GmbH")."""
    line, name = line.casefold(), " ".join(name.split()).casefold()
    return line.startswith(name) and (len(line) == len(name) or not line[len(name)].isalnum())


def fit_block(
    lines: list[str], hand: Hand, box: Rect, x_heights_mm: tuple[float, float], centre: bool = False
) -> Layout | None:
    """Set address lines, each as written on a line of its own, at the fixed size (smaller only to fit); or None."""
    return _fit_block(tuple(lines), hand, box, x_heights_mm, centre) if lines else None


@lru_cache(maxsize=4096)  # a batch's return address, and a shared company address, are fitted once
def _fit_block(
    lines: tuple[str, ...], hand: Hand, box: Rect, x_heights_mm: tuple[float, float], centre: bool
) -> Layout | None:
    fitter = Fitter([Paragraph("signature", tuple(line.split())) for line in lines], hand)
    to_pt = MM / hand.primary.x_height
    lo, fixed = (round(v * to_pt, 2) for v in x_heights_mm)
    sizes = reversed(SizeRange(lo, fixed, fixed).grid)  # the fixed size first, then smaller only when a line needs it
    size = next((size for size in sizes if _unbroken(fitter, size, box)), None)
    if size is None:
        return None
    layout = fitter.layout(size, box)
    if centre:  # the same lines, moved down to sit in the middle of the box
        slack = (box.height - layout.height_pt) / 2
        layout = fitter.layout(size, Rect(box.x0, box.y0, box.x1, box.y1 - slack))
    return layout


def _unbroken(fitter: Fitter, size_pt: float, box: Rect) -> bool:
    """Whether every line fits the box's width whole, and all of them its height, at this size."""
    counts = fitter.greedy_counts(box.width / size_pt)
    return counts is not None and all(count == 1 for count in counts) and fitter.fits(size_pt, box)


def address_warnings(addresses: list[Addressed | None], problems: list[str], interview: Interview) -> list[str]:
    """The batch's address warnings: each of the cards' `problems` (`address_card`) once, then a missing sender."""
    warnings = list(problems)
    if not sender_lines(interview) and any(address is not None and address.blocks for address in addresses):
        warnings.append("no return address: candidate.address is not set")
    return list(dict.fromkeys(warnings))


def address_card(
    index: int, stationery: Stationery, card_hand: Hand, interview: Interview, sender: list[str]
) -> tuple[Addressed, list[str]]:
    """Lay out the card to interviewer `index`: recipient and return addresses on its envelope or its address half."""
    person = interview.interviewers[index]
    hand = address_hand(interview.settings_for(person), card_hand)
    recipient, source = recipient_lines(interview, person)
    _check_glyphs(hand, person, recipient, sender, source)
    envelope = envelope_for(stationery)
    on_card = envelope is None and stationery.address_panel is not None
    warnings: list[str] = []
    if envelope is None and not on_card:
        w, h = stationery.width_mm, stationery.height_mm
        return Addressed(None, hand, False, source, None, None), [
            f"{person.name}: no envelope in the catalogue holds {stationery.name} cards ({w:g} × {h:g} mm)"
        ]
    where = f"the {envelope.name} envelope" if envelope else "the postcard"
    if source is None:
        warnings.append(
            f"{person.name}: no address (neither interviewers[{index}].address nor "
            f"position.address is set); {where} has the name only"
        )
    sender_box, recipient_box = _boxes(envelope, stationery)
    to = fit_block(recipient, hand, recipient_box, RECIPIENT_X_HEIGHT_MM, centre=True)
    back = fit_block(sender, hand, sender_box, SENDER_X_HEIGHT_MM)
    for block, lines, what in ((to, recipient, "address"), (back, sender, "return address")):
        if block is None and lines:
            warnings.append(
                f"{person.name}: the {what} is too long for {where} even at its smallest size; left for writing by hand"
            )
    return Addressed(envelope, hand, on_card, source, to, back), warnings


def _boxes(envelope: Envelope | None, stationery: Stationery) -> tuple[Rect, Rect]:
    """(return address box, recipient box): on the envelope, or within a postcard's address half."""
    zones = envelope.zones if envelope is not None else stationery.address_zones
    return zones.sender, zones.recipient


def _check_glyphs(hand: Hand, person: Interviewer, recipient: list[str], sender: list[str], source: str | None) -> None:
    fields = (
        (recipient, "interviewer.address" if source == "interviewer" else "position.address"),
        (sender, "candidate.address"),
    )
    for lines, field in fields:
        _, impossible = hand.missing("\n".join(lines))
        if impossible:
            char = min(impossible)
            # The candidate's and the company's addresses are on every envelope: one error, naming no recipient.
            whose = person.name if field == "interviewer.address" else None
            raise FontError(f"no bundled font can draw {char!r} (U+{ord(char):04X})", whose, field)
