"""A laid-out `Batch` → files in the output directory, each written to a temporary file and renamed into place."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import IO, Any

from .build import Batch, report
from .errors import OutputError
from .impose import SheetOptions
from .production import Production, annotate_report, plan_production, write_production
from .underlay import draw_designed_cards


def atomic_write(path: Path, write: Callable[[IO[bytes]], Any]) -> None:
    """Call `write` on a temporary file beside `path`, then rename it over `path`; never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        Path(tmp).chmod(0o666 & ~_umask())  # mkstemp makes 0600; outputs should read like any other file
        Path(tmp).replace(path)
    except BaseException:
        with suppress(OSError):
            Path(tmp).unlink()
        raise


@cache
def _umask() -> int:
    """The process's umask, read once: reading it means setting it, which other threads could see."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_json(path: Path, data: Any) -> None:
    atomic_write(path, lambda f: f.write((json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()))


def document_title(batch: Batch) -> str:
    position = batch.interview.position
    return f"Thank-you notes: {position.title} at {position.company}"


# Every name a build writes in OUT. What an earlier build left under these names and this
# build does not write again is removed, so OUT never mixes two batches; nothing else in OUT is touched.
OUTPUT_NAMES = ("cards.pdf", "envelopes.pdf", "report.json", "emails")
OUTPUT_PATTERNS = ("sheets-*.pdf",)


def write_batch(batch: Batch, out_dir: Path, sheet: SheetOptions | None = None) -> dict[str, Any]:
    """Write cards.pdf, envelopes.pdf, emails/, sheets-<sheet>.pdf (given `sheet`) and report.json; returns the report.

    Everything is laid out first, then written into a hidden folder inside OUT and moved
    into place only when all of it was written: a failure leaves OUT as it was.
    """
    production = plan_production(batch, sheet)
    data = annotate_report(report(batch), production, batch)
    out_dir = Path(out_dir)
    _check_out_dir(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=".notecards-", dir=out_dir))
    try:
        _write_outputs(batch, production, data, staging)
        _publish(staging, out_dir)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", exc.filename or out_dir) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return data


def _check_out_dir(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot use as the output folder: {exc.strerror or exc}", out_dir) from None
    emails = out_dir / "emails"
    if emails.exists() and not emails.is_dir():
        raise OutputError("is a file; notecards writes the email drafts into a folder of that name", emails)


def _write_outputs(batch: Batch, production: Production, data: dict[str, Any], folder: Path) -> None:
    author, title = batch.interview.candidate.name, document_title(batch)
    if batch.cards:
        atomic_write(folder / "cards.pdf", lambda f: draw_designed_cards(batch.cards, f, title, author))
    write_production(production, folder, title, author)
    write_json(folder / "report.json", data)


def _publish(staging: Path, out_dir: Path) -> None:
    """Move the staged outputs into OUT (report.json last) and remove outputs of an earlier build not made now."""
    made = {path.name for path in staging.iterdir()}
    earlier = [out_dir / name for name in OUTPUT_NAMES]
    earlier += [path for pattern in OUTPUT_PATTERNS for path in out_dir.glob(pattern)]
    for old in earlier:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)  # emails/: replaced whole, so no draft of an earlier batch stays behind
        elif old.name not in made and old.is_file():
            old.unlink()
    for new in sorted(staging.iterdir(), key=lambda path: path.name == "report.json"):
        new.replace(out_dir / new.name)
