"""A built `Batch` + print options → a `Production` (sheets, envelopes, email drafts) laid out in memory, then written.

`build` writes these beside `cards.pdf`: `sheets-<sheet>.pdf` (with `--sheet`),
`envelopes.pdf` and `emails/<name>.eml`. Everything is laid out before the first file is
written, so an interviewer who wants an email but has no address, or a `--start-at`
past the end of the sheet, stops the build with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, cast

from ..batch import Batch
from ..cards import FittedNote
from .emails import EmailDraft, email_drafts, write_drafts
from .envelopes import draw_envelopes
from .files import atomic_write, inside
from .impose import Imposition, SheetOptions, draw_imposition, impose
from .trim import trim_warnings

ENVELOPES_PDF = "envelopes.pdf"


@dataclass(frozen=True)
class Production:
    """What a build prints and sends besides cards.pdf, in memory."""

    imposition: Imposition | None
    envelope_cards: tuple[FittedNote, ...]  # in envelopes.pdf page order
    drafts: tuple[EmailDraft, ...]
    warnings: tuple[str, ...]


def plan_production(batch: Batch, sheet: SheetOptions | None = None) -> Production:
    """Lay out sheets, envelopes and email drafts; raises (before anything is written) when one cannot be made."""
    drafts, warnings = email_drafts(batch)
    imposition = None
    if sheet is not None:

        imposition = impose(batch.cards, sheet)
    if imposition is not None:
        warnings += imposition.warnings
    warnings += trim_warnings(batch.cards, sheet.bleed_mm if sheet is not None else 0.0)
    envelope_cards = tuple(card for card in batch.cards if card.address and card.address.envelope)
    return Production(imposition, envelope_cards, tuple(drafts), tuple(warnings))


def write_production(production: Production, out_dir: Path, title: str, author: str) -> None:
    """Write the sheets PDF (when it has pages), envelopes.pdf (when a card has an envelope) and the drafts."""

    imposition = production.imposition
    if imposition is not None and imposition.groups:

        def sheets(f: IO[bytes]) -> int:
            return draw_imposition(imposition, cast(BinaryIO, f), f"{title} (sheets, {imposition.layout.name})", author)

        atomic_write(inside(out_dir, imposition.filename), sheets)
    if production.envelope_cards:
        def envelopes(f: IO[bytes]) -> int:
            return draw_envelopes(list(production.envelope_cards), cast(BinaryIO, f), f"{title} (envelopes)", author)

        atomic_write(inside(out_dir, ENVELOPES_PDF), envelopes)
    write_drafts(list(production.drafts), out_dir)






