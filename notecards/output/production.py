"""A built `Batch` + print options → a `Production` (sheets, envelopes, email drafts) laid out in memory, then written.

`build` writes these beside `cards.pdf`: `sheets-<sheet>.pdf` (with `--sheet`),
`envelopes.pdf` and `emails/<name>.eml`. Everything is laid out before the first file is
written, so an interviewer who wants an email but has no address, or a `--start-at`
past the end of the sheet, stops the build with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, cast

from ..batch import Batch
from ..cards import FittedNote
from .envelopes import draw_envelopes
from .files import atomic_write, inside, unique_stems
from .trim import trim_warnings

if TYPE_CHECKING:  # the email package only when a note goes by email, the plotter's for --plotter, sheets' for --sheet
    from ..plot import PlotSheet, PlotterOptions
    from .emails import EmailDraft
    from .impose import Imposition, SheetOptions

ENVELOPES_PDF = "envelopes.pdf"


@dataclass(frozen=True)
class Production:
    """What a build prints and sends besides cards.pdf, in memory."""

    imposition: Imposition | None
    envelope_cards: tuple[FittedNote, ...]  # in envelopes.pdf page order
    drafts: tuple[EmailDraft, ...]
    warnings: tuple[str, ...]
    plots: tuple[PlotSheet, ...] = ()  # with --plotter: each card and envelope for the pen plotter
    plotter: PlotterOptions | None = None


def plan_production(
    batch: Batch, sheet: SheetOptions | None = None, plotter: PlotterOptions | None = None
) -> Production:
    """Lay out sheets, envelopes, email drafts and plotter files; raises (before anything is written) when one
    cannot be made."""
    drafts, warnings = _email_drafts(batch)
    imposition = None
    if sheet is not None:
        from .impose import impose  # sheet layouts and imposition only for --sheet

        imposition = impose(batch.cards, sheet)
        warnings += imposition.warnings
    warnings += trim_warnings(batch.cards, sheet.bleed_mm if sheet is not None else 0.0)
    envelope_cards = tuple(card for card in batch.cards if card.address and card.address.envelope)
    plots: tuple[PlotSheet, ...] = ()
    if plotter is not None:
        from ..plot import plot_sheets  # the plotter's code only for --plotter

        plot = plot_sheets(batch, plot_stems(batch), plotter)
        plots, warnings = plot.sheets, [*warnings, *plot.warnings]
    return Production(imposition, envelope_cards, tuple(drafts), tuple(warnings), plots, plotter)


def plot_stems(batch: Batch) -> list[tuple[str, str]]:
    """Each card's plotter file names (the card's, its envelope's), from the recipient's name as drafts' are."""
    stems = unique_stems(
        (name for card in batch.cards for name in (card.note.recipient, f"{card.note.recipient} envelope")),
        fallback="card",
    )
    return list(zip(stems[::2], stems[1::2], strict=True))


def write_production(production: Production, out_dir: Path, title: str, author: str) -> None:
    """Write the sheets PDF (when it has pages), envelopes.pdf (when a card has an envelope) and the drafts."""
    imposition = production.imposition
    if imposition is not None and imposition.groups:
        from .impose import draw_imposition  # see plan_production

        def sheets(f: IO[bytes]) -> int:
            return draw_imposition(imposition, cast(BinaryIO, f), f"{title} (sheets, {imposition.layout.name})", author)

        atomic_write(inside(out_dir, imposition.filename), sheets)
    if production.envelope_cards:

        def envelopes(f: IO[bytes]) -> int:
            return draw_envelopes(list(production.envelope_cards), cast(BinaryIO, f), f"{title} (envelopes)", author)

        atomic_write(inside(out_dir, ENVELOPES_PDF), envelopes)
    if production.plots:
        from .svg import write_svgs  # see plan_production

        assert production.plotter is not None  # plots are made only with its options
        write_svgs(production.plots, out_dir, production.plotter.pen_mm)
    if production.drafts:
        from .emails import write_drafts  # see _email_drafts

        write_drafts(list(production.drafts), out_dir)


def _email_drafts(batch: Batch) -> tuple[list[EmailDraft], list[str]]:
    if not any(note.medium == "email" for note in batch.notes):
        return [], []
    from .emails import email_drafts  # the email package takes longer to import than a card takes to draw

    return email_drafts(batch)
