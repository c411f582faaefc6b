"""A whole batch in memory: `Interview` → composed `Note`s → `FittedNote`s on chosen stationery, with warnings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .backgrounds import Background, attach_backgrounds
from .compose import Note, compose_notes
from .envelopes import Addressed, address_card, address_warnings, sender_lines
from .errors import BatchError, FitError, FontError, NotecardsError
from .fit import Fitter, Layout, Paragraph, SizeRange, words_that_fit
from .fonts import Hand, load_hand
from .interview import DEFAULT_X_HEIGHT_MM, INK_COLOURS, CardSettings, Interview, Interviewer, XHeight
from .parallel import Alongside, worth_a_second_process
from .stationery import MM, Stationery, catalogue, load_stationery
from .underlay import note_pages

if TYPE_CHECKING:
    from .checks import CheckResult

DEFAULT_STATIONERY = "a2-folded"
DEFAULT_FONT = "caveat"
DEFAULT_INK = "blue"
HERE_SHARE = 0.53  # of a split batch, fitted here: the second process also pickles its share and this one unpickles it


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

    @property
    def x_height_mm(self) -> float:
        return self.layout.size_pt * self.hand.primary.x_height / MM


@dataclass
class Batch:
    """Everything one build produces, before anything is written."""

    interview: Interview
    notes: list[Note]
    cards: list[FittedNote]
    warnings: list[str] = field(default_factory=list)
    checks: CheckResult | None = None  # set by checks.check_batch; the report then carries the findings


def size_range(hand: Hand, stationery: Stationery, settings: CardSettings) -> SizeRange:
    """Point sizes for this face from x-heights: defaults < the stationery file < the interview's card block."""
    return _size_range(hand, stationery, settings.x_height_mm)


@lru_cache(maxsize=256)  # one per (font, stationery, override): a batch shares a handful
def _size_range(hand: Hand, stationery: Stationery, override: XHeight | None) -> SizeRange:
    mm = dict(DEFAULT_X_HEIGHT_MM)
    mm.update(dict(stationery.x_height_mm))
    if override is not None:
        mm.update({k: v for k, v in override.model_dump().items() if v is not None})
    lo, hi = min(mm["min"], mm["max"]), max(mm["min"], mm["max"])
    preferred = min(max(mm["preferred"], lo), hi)
    to_pt = MM / hand.primary.x_height
    return SizeRange(round(lo * to_pt, 2), round(preferred * to_pt, 2), round(hi * to_pt, 2))


def ink_colour(name: str | None) -> str:
    name = name or DEFAULT_INK
    return INK_COLOURS.get(name, name)


def paragraphs_of(note: Note) -> list[Paragraph]:
    return [Paragraph(block.kind, tuple(block.text.split())) for block in note.blocks]


def _stationery_choices(settings: CardSettings, interview: Interview) -> list[Stationery]:
    names = settings.stationery or DEFAULT_STATIONERY
    names = [names] if isinstance(names, str) else names
    return [load_stationery(name, interview.base_dir) for name in names]


def _field_with(interview: Interview, person: Interviewer, char: str) -> str:
    """The interview field a character came from, for error messages."""
    sources = (("interviewer", person), ("candidate", interview.candidate), ("position", interview.position),
               ("card", interview.settings_for(person)))
    for prefix, model in sources:
        for key, value in model.model_dump().items():
            if isinstance(value, str) and char in value:
                return f"{prefix}.{key}"
    return "template text"


def _font_error(note: Note, interview: Interview, person: Interviewer, impossible: set[str]) -> FontError:
    """Every character no bundled font can draw, in the order the note has them; the field of the first."""
    chars = [c for c in dict.fromkeys(note.text) if c in impossible]
    listed = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in chars[:5]) + (", …" if len(chars) > 5 else "")
    return FontError(f"no bundled font can draw {listed}", note.recipient, _field_with(interview, person, chars[0]))


def fit_card(note: Note, interview: Interview) -> FittedNote:
    """Fit one card note: pick the stationery (first comfortable choice), the largest size, balanced lines."""
    person = interview.interviewers[note.index]
    settings = interview.settings_for(person)
    hand = load_hand(settings.font or DEFAULT_FONT)
    borrowed, impossible = hand.missing(note.text)
    if impossible:
        raise _font_error(note, interview, person, impossible)
    fitter = Fitter(paragraphs_of(note), hand)
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
        raise _fit_error(note, fitter, hand, choices[0], settings)
    stationery, sizes, size = fallback
    warnings = [f"{note.recipient}: {', '.join(sorted(borrowed))} drawn from the fallback font "
                f"({hand.fallback.family}); {hand.primary.family} lacks "
                f"{'it' if len(borrowed) == 1 else 'them'}"] if borrowed else []
    return FittedNote(note, stationery, hand, ink_colour(settings.ink), sizes,
                      fitter.layout(size, stationery.message_box), tuple(warnings))


def _fit_error(note: Note, fitter: Fitter, hand: Hand, stationery: Stationery, settings: CardSettings) -> FitError:
    sizes = size_range(hand, stationery, settings)
    over = fitter.overflow(sizes.grid[0], stationery.message_box)  # the smallest size tried
    alternatives = tuple(other.name for other in catalogue() if other.name != stationery.name
                         and fitter.largest_size(size_range(hand, other, settings), other.message_box) is not None)
    return FitError(note.recipient, stationery.name, hand.id, over.words, over.words_that_fit,
                    max(1, over.lines_needed - over.lines_available), alternatives[:3],
                    fitter.too_wide(sizes.grid[0], stationery.message_box))


def _located(error: FitError | FontError, interview: Interview, index: int) -> NotecardsError:
    """The error with the file, line and field it comes from (the interviewer, or the field holding a character)."""
    from .load import locate

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
        return (f"{card.note.recipient}: set at {card.layout.size_pt:g} pt, below the comfortable "
                f"{card.sizes.preferred_pt:g} pt on {card.stationery.name}; "
                "shorten the note or choose larger stationery")
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
            fitter = Fitter(paragraphs_of(card.note), card.hand)
            card = replace(card, layout=fitter.layout(size, card.stationery.message_box))
        out.append(card)
    return out


def build_batch(interview: Interview, uniform_size: bool | None = None,
                progress: Callable[[int, int], None] | None = None) -> Batch:
    """Compose every note and fit every card, in memory. Raises on the first note that cannot be made.

    A large batch is split in two: the second part is composed and fitted in a second
    process meanwhile. `progress(done, total)` is called after each card is fitted here
    (the CLI's progress bar; while both parts advance together, this part's share stands
    for the whole).
    """
    people = interview.interviewers
    total = sum(person.wants_card for person in people)
    split_at = round(len(people) * HERE_SHARE) if worth_a_second_process(total) else len(people)
    cards_here = sum(person.wants_card for person in people[:split_at])
    scaled = None if progress is None else lambda done, _: progress(done * total // max(cards_here, 1), total)
    second_part = range(split_at, len(people))
    with Alongside(lambda: _fit_part(interview, second_part), forked=bool(second_part)) as second:
        part = _fit_part(interview, range(split_at), scaled).joined(second.result())
    if progress is not None:
        progress(total, total)
    unique: dict[tuple[str, ...], NotecardsError] = {}
    for error in part.failed:  # a character the candidate's address lacks fails every card the same way: once
        unique.setdefault(tuple(error.lines()), error)
    failed = list(unique.values())
    if failed:
        raise failed[0] if len(failed) == 1 else BatchError(failed)
    cards = part.cards
    if uniform_size if uniform_size is not None else bool(interview.card.uniform_size):
        cards = make_uniform(cards)
    cards = attach_backgrounds(cards, interview)
    warnings = [w for card in cards for w in card.warnings]
    warnings += list(dict.fromkeys(w for card in cards if card.background for w in card.background.warnings))
    warnings += [w for card in cards if (w := size_warning(card))]
    return Batch(interview, part.notes, cards, warnings + address_warnings(cards, part.address_problems, interview))


@dataclass(frozen=True)
class _Part:
    """The notes of some interviewers, their fitted and addressed cards, and the cards that could not be made."""

    notes: list[Note]
    cards: list[FittedNote]
    failed: list[NotecardsError]
    address_problems: list[str]

    def joined(self, other: _Part) -> _Part:
        return _Part(self.notes + other.notes, self.cards + other.cards, self.failed + other.failed,
                     self.address_problems + other.address_problems)


def _fit_part(interview: Interview, indices: range, progress: Callable[[int, int], None] | None = None) -> _Part:
    """Compose the notes of interviewers `indices`, then fit and address their cards; every card that fails is kept."""
    notes = compose_notes(interview, indices)
    sender = sender_lines(interview)
    cards, failed, problems = [], [], []
    card_notes = [note for note in notes if note.medium == "card"]
    for done, note in enumerate(card_notes, start=1):
        try:
            card = fit_card(note, interview)
            address, found = address_card(card, interview, sender)
        except (FitError, FontError) as exc:  # go on: a person fixing the file wants every problem at once
            failed.append(_located(exc, interview, note.index))
        else:
            cards.append(replace(card, address=address))
            problems += found
        if progress is not None:
            progress(done, len(card_notes))
    return _Part(notes, cards, failed, problems)


def report(batch: Batch) -> dict[str, Any]:
    """The JSON build report: one entry per interviewer note, in file order."""
    by_note = {id(card.note): (page, card) for page, card in zip(note_pages(batch.cards), batch.cards, strict=True)}
    entries = []
    for note in batch.notes:
        person = batch.interview.interviewers[note.index]
        if note.medium == "email" and person.wants_card:
            continue  # the card entry speaks for this interviewer
        entry: dict[str, Any] = {"recipient": note.recipient, "method": person.method, "words": note.words,
                                 **dict.fromkeys(_CARD_KEYS)}
        if id(note) in by_note:
            page, card = by_note[id(note)]
            entry.update(_card_entry(page, card))
        entries.append(entry)
    return {"notes": entries, "warnings": list(batch.warnings), **(batch.checks.as_dict() if batch.checks else {})}


_CARD_KEYS = ("page", "stationery", "font", "font_size_pt", "min_font_size_pt", "preferred_font_size_pt",
              "max_font_size_pt", "x_height_mm", "lines", "fill", "box_pt", "ink", "design")


def _card_entry(page: int, card: FittedNote) -> dict[str, Any]:
    layout = card.layout
    return {
        "page": page,
        "stationery": card.stationery.name,
        "font": card.hand.id,
        "font_size_pt": layout.size_pt,
        "min_font_size_pt": card.sizes.min_pt,
        "preferred_font_size_pt": card.sizes.preferred_pt,
        "max_font_size_pt": card.sizes.max_pt,
        "x_height_mm": round(card.x_height_mm, 2),
        "lines": len(layout.lines),
        "fill": round(layout.fill, 3),
        "box_pt": layout.box.as_list(),
        "ink": card.ink,
        "design": card.background.design if card.background else "plain",
    }


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
    return [Paragraph("salutation", ("Dear", "Alex", "Morgan,")), Paragraph("body", body),
            Paragraph("closing", ("Sincerely,",)), Paragraph("signature", ("Jordan",))]


def capacity_of(stationery_name: str, font: str, settings: CardSettings | None = None) -> dict[str, Any]:
    """About how many words and characters of ordinary prose fit at the smallest and the comfortable size."""
    stationery = load_stationery(stationery_name)
    hand = load_hand(font)
    sizes = size_range(hand, stationery, settings or CardSettings())
    box = stationery.message_box
    out: dict[str, Any] = {"stationery": stationery.name, "font": hand.id,
                           "box_mm": [round(box.width / MM, 1), round(box.height / MM, 1)]}
    grid = sizes.grid  # the sizes the fitter really uses: the smallest, the first comfortable one, the largest
    comfortable = next(size for size in grid if size >= sizes.preferred_pt - 1e-9)
    for key, size in (("minimum", grid[0]), ("preferred", comfortable), ("maximum", grid[-1])):
        words = words_that_fit(_sample_note, hand, box, size, 2000)
        body = _sample_note(words)[1].words
        out[key] = {"font_size_pt": size, "x_height_mm": round(size * hand.primary.x_height / MM, 2),
                    "words": words, "characters": len(" ".join(body))}
    return out
