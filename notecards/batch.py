"""An `Interview` → a `Batch` in memory: every note composed, every card fitted, addressed and designed, with warnings.

The first of the two output phases (as WeasyPrint's `render()` then `write_pdf()`): the
batch is laid out whole before anything is written (`output.write.write_batch`), so it
can be checked and inspected in tests, and a card that cannot be made stops the build
with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from .addresses import address_card, address_warnings, sender_lines
from .cards import FittedNote, attach_backgrounds, fit_card_by_length, located, make_uniform, size_warning
from .catalogue.fonts import load_hand
from .compose import Note, compose_notes
from .errors import BatchError, FitError, FontError, NotecardsError
from .interview import Interview


@dataclass(frozen=True)
class Batch:
    """Everything one build produces, before anything is written."""

    interview: Interview
    notes: tuple[Note, ...]
    cards: tuple[FittedNote, ...]
    warnings: tuple[str, ...] = ()


def build_batch(
    interview: Interview,
    uniform_size: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    realism: str | None = None,
) -> Batch:
    """Compose every note and fit every card, in memory; raises with every card that cannot be made.

    `progress(done, total)` is called after each card is fitted (the CLI's progress bar).
    """
    notes = compose_notes(interview)
    sender = sender_lines(interview)
    card_notes = [note for note in notes if note.medium == "card"]
    cards: list[FittedNote] = []
    failed: dict[tuple[str, ...], NotecardsError] = {}
    problems: list[str] = []
    for done, note in enumerate(card_notes, start=1):
        try:
            card = fit_card_by_length(note, interview, realism)  # the short built-in note on small stationery
            plain = load_hand(card.hand.id)  # addresses are set plainly: a postal scanner reads them
            address, found = address_card(note.index, card.stationery, plain, interview, sender)
        except (FitError, FontError) as exc:  # go on: a person fixing the file wants every problem at once
            error = located(exc, interview, note.index)
            failed.setdefault(tuple(error.lines()), error)  # the candidate's address fails every card alike: once
        else:
            cards.append(replace(card, address=address))
            problems += found
        if progress is not None:
            progress(done, len(card_notes))
    if failed:
        errors = list(failed.values())
        raise errors[0] if len(errors) == 1 else BatchError(errors)
    if uniform_size if uniform_size is not None else bool(interview.card.uniform_size):
        cards = make_uniform(cards)
    cards = attach_backgrounds(cards, interview)
    chosen = {card.note.index: card.note for card in cards}  # the card notes as fitted: standard or short
    notes = [chosen.get(note.index, note) if note.medium == "card" else note for note in notes]
    return Batch(interview, tuple(notes), tuple(cards), tuple(_warnings(cards, problems, interview)))


def _warnings(cards: list[FittedNote], address_problems: list[str], interview: Interview) -> list[str]:
    """The batch's warnings: fallback glyphs, designs, sizes below the comfortable one, then addresses."""
    warnings = [w for card in cards for w in card.warnings]
    warnings += list(dict.fromkeys(w for card in cards if card.background for w in card.background.warnings))
    warnings += [w for card in cards if (w := size_warning(card))]
    return warnings + address_warnings([card.address for card in cards], address_problems, interview)
