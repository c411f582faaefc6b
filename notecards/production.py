"""A built `Batch` + print options → a `Production` (sheets, envelopes, email drafts) laid out in memory, then written.

`build` writes these beside `cards.pdf`: `sheets-<sheet>.pdf` (with `--sheet`),
`envelopes.pdf` and `emails/<name>.eml`. Everything is laid out before the first file is
written, so an interviewer who wants an email but has no address, or a `--start-at`
past the end of the sheet, stops the build with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, cast

from .build import Batch, FittedNote
from .emails import EmailDraft, email_drafts, write_drafts
from .names import inside

if TYPE_CHECKING:  # sheets are laid out only for --sheet
    from .impose import Imposition, SheetOptions

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
        from .impose import impose

        imposition = impose(batch.cards, sheet)
    if imposition is not None:
        warnings += imposition.warnings
    envelope_cards = tuple(card for card in batch.cards if card.address and card.address.envelope)
    return Production(imposition, envelope_cards, tuple(drafts), tuple(warnings))


def write_production(production: Production, out_dir: Path, title: str, author: str) -> None:
    """Write the sheets PDF (when it has pages), envelopes.pdf (when a card has an envelope) and the drafts."""
    from .envelopes import draw_envelopes
    from .write import atomic_write

    imposition = production.imposition
    if imposition is not None and imposition.groups:
        from .impose import draw_imposition

        def sheets(f: IO[bytes]) -> int:
            return draw_imposition(imposition, cast(BinaryIO, f), f"{title} (sheets, {imposition.layout.name})", author)

        atomic_write(inside(out_dir, imposition.filename), sheets)
    if production.envelope_cards:
        def envelopes(f: IO[bytes]) -> int:
            return draw_envelopes(list(production.envelope_cards), cast(BinaryIO, f), f"{title} (envelopes)", author)

        atomic_write(inside(out_dir, ENVELOPES_PDF), envelopes)
    write_drafts(list(production.drafts), out_dir)


def annotate_report(data: dict[str, Any], production: Production, batch: Batch) -> dict[str, Any]:
    """Add each note's `email_path` and `envelope`, and the `sheets`, `envelopes` and warnings sections."""
    drafts = {draft.index: draft.path for draft in production.drafts}
    pages = {id(card): page for page, card in enumerate(production.envelope_cards, start=1)}
    cards = {card.note.index: card for card in batch.cards}
    # report() writes one entry per interviewer, in file order.
    for index, entry in enumerate(data["notes"]):
        entry["email_path"] = drafts.get(index)
        entry["envelope"] = _envelope_entry(cards[index], pages) if index in cards else None
    imposition = production.imposition
    data["sheets"] = imposition.report() if imposition is not None and imposition.groups else []
    data["envelopes"] = {"path": ENVELOPES_PDF, "pages": len(pages)} if pages else None
    data["warnings"] = [*data["warnings"], *production.warnings]
    return data


def _envelope_entry(card: FittedNote, pages: dict[int, int]) -> dict[str, Any]:
    address = card.address
    envelope = address.envelope if address else None
    return {"size": envelope.name if envelope else None, "page": pages.get(id(card)),
            "on_card": bool(address and address.on_card), "address_from": address.address_from if address else None}


def summary_lines(data: dict[str, Any], out: Path) -> list[str]:
    """What the build printed besides cards.pdf, one line per file kind, for the CLI's summary."""
    lines = []
    for entry in data.get("sheets", []):
        duplex = f", two-sided (turned over on the {entry['flip'].replace('-', ' ')})" if entry["duplex"] else ""
        lines.append(f"sheets: {out / entry['path']} pages {entry['first_page']}–"
                     f"{entry['first_page'] + entry['pages'] - 1}: {entry['cards']} {entry['stationery']}, "
                     f"{entry['per_sheet']} per sheet{duplex}")
    if data.get("envelopes"):
        lines.append(f"envelopes: {out / data['envelopes']['path']} ({data['envelopes']['pages']})")
    emails = [n["email_path"] for n in data["notes"] if n.get("email_path")]
    if emails:
        lines.append(f"emails: {len(emails)} draft{'s' if len(emails) != 1 else ''} in {out / 'emails'}")
    return lines
