"""A built `Batch` + its `Production` → `PrintedFile`s: every file a build writes, its paper, how to print it.

What a person at a home printer needs to know and nothing said: `cards.pdf` has one page
per card at the card's printed (unfolded) size, so an A2 folded card's page is 8.5 × 5.5 in
and goes on half-letter card stock, or on Letter through `--sheet letter-halves` or
`avery-8315`. Every PDF is printed at actual size (100 %, no fit to page), one-sided
unless a design prints on the outside. The build's summary and `report.json` list these.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from ..batch import Batch
from ..catalogue.stationery import Stationery
from ..geometry import MM
from .calendar import CALENDAR_ICS
from .production import ENVELOPES_PDF, Production
from .underlay import two_sided

ACTUAL_SIZE = "actual size (100 %, no fit to page)"
TOLERANCE_MM = 1.5
NAMED_PAPER_MM = {  # the names a person finds on a packet of paper or card, portrait (width ≤ height)
    (215.9, 279.4): "US Letter",
    (210.0, 297.0): "A4",
    (148.0, 210.0): "A5",
    (105.0, 148.0): "A6",
    (139.7, 215.9): "half letter",
    (101.6, 152.4): "4 × 6 in",
    (127.0, 177.8): "5 × 7 in",
    (76.2, 127.0): "3 × 5 in",
    (107.95, 139.7): "A2 card",
    (114.0, 162.0): "C6 envelope",
    (110.0, 220.0): "DL envelope",
    (162.0, 229.0): "C5 envelope",
    (111.125, 146.05): "A2 envelope",
    (133.35, 184.15): "A7 envelope",
    (146.05, 222.25): "A9 envelope",
}


@dataclass(frozen=True)
class PrintedFile:
    """One output file: its path under OUT, what it holds, and (for PDFs) the paper and the printer setting."""

    path: str
    holds: str
    paper: str | None = None  # None: not for printing
    setting: str | None = None


def paper_label(width_pt: float, height_pt: float) -> str:
    """'8.5 × 5.5 in (half letter, landscape)' or '105 × 148 mm (A6)': the size in the unit its name uses."""
    w, h = width_pt / MM, height_pt / MM
    short, long_ = sorted((w, h))
    name = next(
        (
            label
            for (a, b), label in NAMED_PAPER_MM.items()
            if abs(a - short) <= TOLERANCE_MM and abs(b - long_) <= TOLERANCE_MM
        ),
        None,
    )
    inches = all(abs(v / 25.4 * 8 - round(v / 25.4 * 8)) < 0.02 for v in (w, h))  # whole eighths of an inch
    size = f"{w / 25.4:g} × {h / 25.4:g} in" if inches else f"{w:g} × {h:g} mm"
    turned = ", landscape" if w > h + 0.5 else ""
    return f"{size} ({name}{turned})" if name else f"{size}{' (landscape)' if turned else ''}"


def printed_files(batch: Batch, production: Production) -> list[PrintedFile]:
    """Every file the build writes, in the order a person deals with them."""
    files = _cards(batch) + _sheets(production) + _envelopes(production)
    if production.plots:
        files.append(
            PrintedFile(
                "plot/",
                f"{_count(len(production.plots), 'SVG file')} for a pen plotter, one per "
                "card and envelope: plot each on the card or envelope itself, at its size",
            )
        )
    if production.drafts:
        files.append(
            PrintedFile(
                "emails/",
                f"{_count(len(production.drafts), 'email draft')} (.eml): open in your mail program, check, send",
            )
        )
    files.append(PrintedFile(CALENDAR_ICS, "a calendar reminder at the send-by time: open to add it"))
    files.append(PrintedFile("report.json", "every card's size, fill, envelope and the warnings"))
    return files


def _cards(batch: Batch) -> list[PrintedFile]:
    if not batch.cards:
        return []
    counts = Counter(card.stationery for card in batch.cards)
    flips = sorted({flip_edge(stationery) for stationery in counts})
    sides = (
        f"two-sided (a design prints on the outside), flip on the {' or '.join(flips)}"
        if two_sided(batch.cards)
        else "one-sided"
    )
    paper = "; ".join(
        f"{paper_label(*stationery.sheet_size_pt)} for {n} {stationery.name}" for stationery, n in counts.items()
    )
    return [
        PrintedFile(
            "cards.pdf",
            f"{_count(len(batch.cards), 'card')}, one page each at its printed size",
            paper,
            f"{ACTUAL_SIZE}, {sides}",
        )
    ]


def flip_edge(stationery: Stationery) -> str:
    """The edge a duplex printer must turn the card's sheet over on so that its outside page lands right.

    cards.pdf draws the outside as the sheet turned about its fold (about its vertical centre
    line when it has no fold): about a vertical line a portrait sheet turns on its long edge
    and a landscape one on its short edge, and about a horizontal line the other way round.
    """
    width, height = stationery.sheet_size_pt
    about_vertical = stationery.fold != "horizontal"
    return "long edge" if about_vertical == (height >= width) else "short edge"


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'s' if n != 1 else ''}"


def _sheets(production: Production) -> list[PrintedFile]:
    imposition = production.imposition
    if imposition is None or not imposition.groups:
        return []
    duplex = any(group.duplex for group in imposition.groups)
    flip = imposition.options.flip.replace("-", " ")
    sides = f"two-sided, flip on the {flip}" if duplex else "one-sided"
    cards = sum(group.cards for group in imposition.groups)
    return [
        PrintedFile(
            imposition.filename,
            f"{_count(cards, 'card')} imposed on {imposition.layout.label}",
            paper_label(*imposition.layout.size_pt),
            f"{ACTUAL_SIZE}, {sides}",
        )
    ]


def _envelopes(production: Production) -> list[PrintedFile]:
    envelopes = Counter(
        card.address.envelope
        for card in production.envelope_cards
        if card.address is not None and card.address.envelope is not None
    )
    if not envelopes:
        return []
    paper = "; ".join(f"{paper_label(*envelope.size_pt)} × {n}" for envelope, n in envelopes.items())
    return [
        PrintedFile(
            ENVELOPES_PDF,
            f"{_count(sum(envelopes.values()), 'envelope front')}",
            paper,
            f"{ACTUAL_SIZE}, one-sided, fed as your printer's manual shows for envelopes",
        )
    ]


def files_entry(batch: Batch, production: Production) -> list[dict[str, Any]]:
    """The report's `files` list."""
    return [asdict(item) for item in printed_files(batch, production)]
