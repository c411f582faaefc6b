"""A composed card `Note` + the interview → a `FittedNote`: its stationery, size, balanced lines, address and design.

The card-fitting policy lives here (size ranges from x-heights, the first comfortable
stationery of a list, one size for a panel, capacity figures); the pure line breaking and
size search are `fit.py`'s, the orchestration of a whole batch is `batch.py`'s.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .addresses import Addressed
from .catalogue.fonts import Hand, Ink, is_font_path, load_hand
from .catalogue.realism import DEFAULT_REALISM
from .catalogue.signatures import SignatureImage, is_image_path, load_signature
from .catalogue.stationery import DEFAULT_X_HEIGHT_MM, Stationery, XHeight, catalogue, load_stationery
from .compose import CARD_TEMPLATE, SHORT_TEMPLATE, Note, compose_note
from .designs.catalogue import DEFAULT_DESIGN, Design, design_for
from .designs.render import Background, background_for
from .errors import FitError, FontError, NotecardsError
from .fit import STEPS_PER_PT, Fitter, Layout, Paragraph, SizeRange, words_that_fit
from .geometry import MM
from .interview import INK_COLOURS, CardSettings, Interview, Interviewer
from .load import locate

DEFAULT_STATIONERY = "a2-folded"
DEFAULT_FONT = "caveat"
DEFAULT_INK = "blue"


@dataclass(frozen=True)
class FittedNote:
    """A card note placed on its stationery: the layout plus everything needed to draw it."""

    note: Note
    stationery: Stationery
    hand: Hand
    ink: str  # #RRGGBB
    sizes: SizeRange
    layout: Layout
    warnings: tuple[str, ...] = ()
    background: Background | None = None  # the card's design, rendered (None: plain)
    address: Addressed | None = None  # its envelope and address blocks, or a postcard's own (envelopes.py)
    signature: SignatureImage | None = None  # drawn in place of the signature line's text

    @property
    def x_height_mm(self) -> float:
        return self.layout.size_pt * self.hand.primary.x_height / MM


def size_range(hand: Hand, stationery: Stationery, settings: CardSettings) -> SizeRange:
    """Point sizes for this face from x-heights: defaults < the stationery file < the interview's card block."""
    return _size_range(hand, stationery, settings.x_height_mm, settings.size == "fill")


@lru_cache(maxsize=256)  # one per (font, stationery, override): a batch shares a handful
def _size_range(hand: Hand, stationery: Stationery, override: XHeight | None, fill: bool = False) -> SizeRange:
    """The range in points; unless `fill`, it ends at the first grid size at or above the comfortable one.

    A person writing by hand leaves air around a note: a short note keeps the comfortable
    size and sits at the top of its panel instead of growing to fill it.
    """
    mm = dict(DEFAULT_X_HEIGHT_MM)
    mm.update(dict(stationery.x_height_mm))
    if override is not None:
        mm.update({k: v for k, v in override.model_dump().items() if v is not None})
    lo, hi = min(mm["min"], mm["max"]), max(mm["min"], mm["max"])
    preferred = min(max(mm["preferred"], lo), hi)
    to_pt = MM / hand.primary.x_height
    preferred_pt = round(preferred * to_pt, 2)
    top_pt = round(hi * to_pt, 2) if fill else math.ceil(preferred_pt * STEPS_PER_PT - 1e-9) / STEPS_PER_PT
    return SizeRange(round(lo * to_pt, 2), preferred_pt, max(top_pt, round(lo * to_pt, 2)))


def ink_colour(name: str | None) -> str:
    name = name or DEFAULT_INK
    return INK_COLOURS.get(name, name)


def paragraphs_of(note: Note, signature: SignatureImage | None = None) -> list[Paragraph]:
    """The note's blocks as paragraphs; with a signature image, its signature lines become that one picture."""
    paragraphs = [Paragraph(block.kind, tuple(block.text.split())) for block in note.blocks]
    names = [word for p in paragraphs if p.kind == "signature" for word in p.words]
    if signature is None or not names:
        return paragraphs
    picture = Ink(signature.width_em, 0.0, signature.width_em, signature.top_em, signature.bottom_em)
    kept = [p for p in paragraphs if p.kind != "signature"]
    return [*kept, Paragraph("signature", (" ".join(names),), picture)]


@lru_cache(maxsize=64)
def _signature_image(path: Path) -> SignatureImage:
    return load_signature(path)


def signature_of(settings: CardSettings, interview: Interview) -> SignatureImage | None:
    """The signature picture the settings name (relative to the interview file), or None for a written name."""
    if settings.signature is None or not is_image_path(settings.signature):
        return None
    return _signature_image((interview.base_dir / settings.signature).resolve())


def _stationery_choices(settings: CardSettings, interview: Interview) -> list[Stationery]:
    names = settings.stationery or DEFAULT_STATIONERY
    names = [names] if isinstance(names, str) else names
    return [load_stationery(name, interview.base_dir) for name in names]


def _field_with(interview: Interview, person: Interviewer, char: str) -> str:
    """The interview field a character came from, for error messages."""
    sources = (
        ("interviewer", person),
        ("candidate", interview.candidate),
        ("position", interview.position),
        ("card", interview.settings_for(person)),
    )
    for prefix, model in sources:
        for key, value in model.model_dump().items():
            if isinstance(value, str) and char in value:
                return f"{prefix}.{key}"
    return "template text"


def font_error(
    note: Note, interview: Interview, person: Interviewer, impossible: set[str], which: str = "no bundled font"
) -> FontError:
    """An error listing every character that `which` (no font) can draw, in note order; the field of the first."""
    chars = [c for c in dict.fromkeys(note.text) if c in impossible]
    listed = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in chars[:5]) + (", …" if len(chars) > 5 else "")
    return FontError(f"{which} can draw {listed}", note.recipient, _field_with(interview, person, chars[0]))


def fit_card(note: Note, interview: Interview, realism: str | None = None) -> FittedNote:
    """Fit one card note: pick the stationery (first comfortable choice), the largest size, balanced lines.

    `realism` (off, subtle, natural, loose) overrides the interview's; the fitter measures the
    handwriting's worst-case variation at that level, so the drawn ink stays in the box.
    """
    person = interview.interviewers[note.index]
    settings = interview.settings_for(person)
    font = settings.font or DEFAULT_FONT
    if is_font_path(font):  # a font file of your own, relative to the interview file
        font = str((interview.base_dir / font).resolve())
    hand = load_hand(font, realism or settings.realism or DEFAULT_REALISM)
    borrowed, impossible = hand.missing(note.text)
    if impossible:
        raise font_error(note, interview, person, impossible)
    signature = signature_of(settings, interview)
    fitter = Fitter(paragraphs_of(note, signature), hand)
    choices = _stationery_choices(settings, interview)
    fallback: tuple[Stationery, SizeRange, float] | None = None
    for stationery in choices:
        sizes = size_range(hand, stationery, settings)
        size = fitter.largest_size(sizes, stationery.message_box)
        if size is not None and size >= sizes.preferred_pt:
            fallback = (stationery, sizes, size)
            break
        if size is not None and fallback is None:
            fallback = (stationery, sizes, size)
    if fallback is None:
        raise fit_error(note, fitter, hand, choices[0], settings)
    stationery, sizes, size = fallback
    warnings = (
        [
            f"{note.recipient}: {', '.join(sorted(borrowed))} drawn from the fallback font "
            f"({hand.fallback.family}); {hand.primary.family} lacks "
            f"{'it' if len(borrowed) == 1 else 'them'}"
        ]
        if borrowed
        else []
    )
    return FittedNote(
        note,
        stationery,
        hand,
        ink_colour(settings.ink),
        sizes,
        fitter.layout(size, stationery.message_box),
        tuple(warnings),
        signature=signature,
    )


def fit_card_by_length(note: Note, interview: Interview, realism: str | None = None) -> FittedNote:
    """Fit a card, choosing its words by length: the standard built-in note, or the short one where it sets larger.

    Small stationery (postcards, index cards, A7) holds the standard note only below the
    comfortable size; the short built-in note (about 25 to 50 words) says less, in
    handwriting that stays easy to read. A template or message the user chose is never
    swapped.
    """
    person = interview.interviewers[note.index]
    if person.message is not None or interview.settings_for(person).template or note.template != CARD_TEMPLATE:
        return fit_card(note, interview, realism)
    try:
        card: FittedNote | None = fit_card(note, interview, realism)
    except FitError:
        card = None
    if card is not None and card.layout.size_pt >= card.sizes.preferred_pt - 1e-6:
        return card
    try:
        short = fit_card(compose_note(interview, note.index, "card", SHORT_TEMPLATE), interview, realism)
    except FitError:
        short = None
    if short is not None and (card is None or short.layout.size_pt > card.layout.size_pt):
        return short
    return card if card is not None else fit_card(note, interview, realism)  # raises the standard note's FitError


def fit_error(
    note: Note, fitter: Fitter, hand: Hand, stationery: Stationery, settings: CardSettings, inset_pt: float = 0.0
) -> FitError:
    """Why the note does not fit `stationery` even at the smallest size, with numbers, and which stationery would do.

    `inset_pt` is what the fitting kept clear inside every message area (a plotter pen's half-width).
    """
    sizes = size_range(hand, stationery, settings)
    box = stationery.message_box.inset(inset_pt)
    over = fitter.overflow(sizes.grid[0], box)  # the smallest size tried
    alternatives = tuple(
        other.name
        for other in catalogue()
        if other.name != stationery.name
        and fitter.largest_size(size_range(hand, other, settings), other.message_box.inset(inset_pt)) is not None
    )
    return FitError(
        note.recipient,
        stationery.name,
        hand.id,
        over.words,
        over.words_that_fit,
        max(1, over.lines_needed - over.lines_available),
        alternatives[:3],
        fitter.too_wide(sizes.grid[0], box),
    )


def located(error: FitError | FontError, interview: Interview, index: int) -> NotecardsError:
    """The error with the file, line and field it comes from (the interviewer, or the field holding a character)."""
    loc: tuple[int | str, ...] = ("interviewers", index)
    field = getattr(error, "field", None) or ""
    prefix, _, key = field.partition(".")
    if prefix == "interviewer":
        loc = ("interviewers", index, key)
    elif prefix in ("candidate", "position"):
        loc = (prefix, key)
    return locate(error, interview, loc)


def size_warning(card: FittedNote) -> str | None:
    if card.layout.size_pt < card.sizes.preferred_pt - 1e-6:
        return (
            f"{card.note.recipient}: set at {card.layout.size_pt:g} pt, below the comfortable "
            f"{card.sizes.preferred_pt:g} pt on {card.stationery.name}; "
            "shorten the note or choose larger stationery"
        )
    return None


def make_uniform(cards: list[FittedNote]) -> list[FittedNote]:
    """Set every card of one stationery and font at one size: the largest at which all of them fit."""
    groups: dict[tuple[Stationery, str], float] = defaultdict(lambda: float("inf"))
    for card in cards:
        key = (card.stationery, card.hand.id)  # the stationery itself: two user files may share a name
        groups[key] = min(groups[key], card.layout.size_pt)
    out = []
    for card in cards:
        size = groups[(card.stationery, card.hand.id)]
        if size != card.layout.size_pt:
            fitter = Fitter(paragraphs_of(card.note, card.signature), card.hand)
            card = replace(card, layout=fitter.layout(size, card.stationery.message_box))
        out.append(card)
    return out


# Plain prose of typical word lengths, used only to estimate capacity.
_SAMPLE_PROSE = (
    "Thank you for meeting with me on Tuesday to talk about the role and the team. I enjoyed hearing how "
    "the group plans its work for the coming year, and our conversation about the new reporting tools has "
    "stayed with me since. The problems you described are close to the ones I solved in my last position, "
    "where I led a small project from the first sketch to a steady release. I would be glad to bring that "
    "experience to your company, and I am grateful for the time you gave me. I look forward to hearing "
    "about the next steps and hope we can continue the conversation soon. "
).split()


def _sample_note(words: int) -> list[Paragraph]:
    body = tuple(_SAMPLE_PROSE[i % len(_SAMPLE_PROSE)] for i in range(words))
    return [
        Paragraph("salutation", ("Dear", "Alex", "Morgan,")),
        Paragraph("body", body),
        Paragraph("closing", ("Sincerely,",)),
        Paragraph("signature", ("Jordan",)),
    ]


def capacity_of(stationery_name: str, font: str, settings: CardSettings | None = None) -> dict[str, Any]:
    """About how many words and characters of ordinary prose fit at the smallest and the comfortable size, at the
    card's realism (default natural), as the fitter measures a note.

    `maximum` is the largest size `card: {size: fill}` allows; without it no note goes above the comfortable size.
    """
    stationery = load_stationery(stationery_name)
    settings = settings or CardSettings()
    hand = load_hand(font, settings.realism or DEFAULT_REALISM)  # measured as the cards are, variation included
    sizes = size_range(hand, stationery, settings)
    most = size_range(hand, stationery, settings.model_copy(update={"size": "fill"})).grid[-1]  # `size: fill`
    box = stationery.message_box
    out: dict[str, Any] = {
        "stationery": stationery.name,
        "font": hand.id,
        "box_mm": [round(box.width / MM, 1), round(box.height / MM, 1)],
    }
    grid = sizes.grid  # the sizes the fitter really uses: the smallest, the first comfortable one
    comfortable = next((size for size in grid if size >= sizes.preferred_pt - 1e-9), grid[-1])
    for key, size in (("minimum", grid[0]), ("preferred", comfortable), ("maximum", most)):
        words = words_that_fit(_sample_note, hand, box, size, 2000)
        body = _sample_note(words)[1].words
        out[key] = {
            "font_size_pt": size,
            "x_height_mm": round(size * hand.primary.x_height / MM, 2),
            "words": words,
            "characters": len(" ".join(body)),
        }
    return out


def with_background(card: FittedNote, interview: Interview, designs: dict[str, Design] | None = None) -> FittedNote:
    """The card with its design's background attached (unchanged when its design is plain).

    `designs` carries loaded designs from card to card, so a batch reads each design folder once.
    """
    person = interview.interviewers[card.note.index]
    design = design_for(interview.settings_for(person), card.stationery, interview, card.note.recipient, designs)
    if design is None:
        return card
    return replace(card, background=background_for(design, card.stationery, interview, card.ink))


def attach_backgrounds(cards: list[FittedNote], interview: Interview) -> list[FittedNote]:
    """Every card with its design's background; each design folder read once, each distinct key rendered once."""
    chosen = {interview.card.design, *(person.design for person in interview.interviewers)}
    if chosen <= {None, DEFAULT_DESIGN}:  # all plain: nothing to look up for each card
        return cards
    designs: dict[str, Design] = {}
    return [with_background(card, interview, designs) for card in cards]
