"""A laid-out `Batch` → files in the output directory, each written to a temporary file and renamed into place."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..batch import Batch
from ..checks.practice import CheckResult
from ..errors import OutputError
from .calendar import CALENDAR_ICS, write_calendar
from .files import atomic_write, output_errors
from .manifest import Written, check_replaceable, earlier, listing, record, remove_earlier
from .production import plan_production, write_production
from .report import report, write_json
from .underlay import draw_designed_cards

if TYPE_CHECKING:  # sheets and the plotter are imported only when a build asks for them (production.py)
    from ..plot import PlotterOptions
    from .impose import SheetOptions


def document_title(batch: Batch) -> str:
    position = batch.interview.position
    return f"Thank-you notes: {position.title} at {position.company}"


# Every name a build writes in OUT. What an earlier build wrote under these names (its
# record: output/manifest.py) and this build does not write again is removed, so OUT never
# mixes two batches; nothing else in OUT is touched.
OUTPUT_NAMES = ("cards.pdf", "envelopes.pdf", "report.json", "emails", "send-by.ics", "plot")
OUTPUT_PATTERNS = ("sheets-*.pdf",)


def write_batch(
    batch: Batch,
    out_dir: Path,
    sheet: SheetOptions | None = None,
    checks: CheckResult | None = None,
    plotter: PlotterOptions | None = None,
) -> dict[str, Any]:
    """Write cards.pdf, envelopes.pdf, emails/, sheets-<sheet>.pdf (given `sheet`), plot/ (given `plotter`),
    send-by.ics and report.json.

    Returns the report.

    Everything is laid out first, then written into a hidden folder inside OUT and moved
    into place only when all of it was written: a failure leaves OUT as it was. `checks`
    (from `run_checks`) goes into the report.
    """
    out_dir = Path(out_dir)
    production = plan_production(batch, sheet, plotter)  # raises (a card too long to plot) before anything is made
    _check_emails_folder(out_dir)
    data = report(batch, production, checks)
    created = not out_dir.exists()
    with output_errors(out_dir, "cannot use as the output folder"):
        out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".notecards-", dir=out_dir))
    published = False
    try:
        with output_errors(out_dir):
            _write_cards(batch, staging)
            write_production(production, staging, document_title(batch), batch.interview.candidate.name)
            atomic_write(staging / CALENDAR_ICS, lambda f: write_calendar(batch, f))
            write_json(staging / "report.json", data)
            _publish(staging, out_dir)
        published = True
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not published:  # a refused build leaves no trace, not even an empty OUT
            with suppress(OSError):
                out_dir.rmdir()
    return data


def _check_emails_folder(out_dir: Path) -> None:
    emails = out_dir / "emails"
    if emails.exists() and not emails.is_dir():
        raise OutputError("is a file; notecards writes the email drafts into a folder of that name", emails)


def _write_cards(batch: Batch, folder: Path) -> None:
    if batch.cards:
        atomic_write(
            folder / "cards.pdf",
            lambda f: draw_designed_cards(batch.cards, f, document_title(batch), batch.interview.candidate.name),
        )


def _publish(staging: Path, out_dir: Path) -> None:
    """Move the staged outputs into OUT (report.json last); remove outputs of an earlier build not made now.

    Only what notecards itself wrote is replaced or removed (`manifest`): a user's own file
    or folder under one of these names stops the build before anything moves.
    """
    staged = [path for path in staging.iterdir() if not path.name.startswith(".")]  # not a killed writer's temp file
    made, owned = listing(staging), earlier(out_dir)
    check_replaceable(out_dir, made.names, owned)
    for folder in (out_dir / path.name for path in staged if path.is_dir()):
        if folder.is_dir() and not folder.is_symlink():  # emails/: replaced whole (checked: only notecards' files)
            shutil.rmtree(folder)
    record(out_dir, Written(owned.names | made.names))  # a build killed half-way still owns both sets
    previous = [*OUTPUT_NAMES, *(path.name for pattern in OUTPUT_PATTERNS for path in out_dir.glob(pattern))]
    remove_earlier(out_dir, previous, owned, made)
    for new in sorted(staged, key=lambda path: path.name == "report.json"):
        new.replace(out_dir / new.name)
    record(out_dir, made)
