"""A laid-out `Batch` → files in the output directory, each written to a temporary file and renamed into place."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import IO, Any

from .build import Batch, report
from .impose import SheetOptions
from .production import annotate_report, plan_production, write_production
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_json(path: Path, data: Any) -> None:
    atomic_write(path, lambda f: f.write((json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()))


def document_title(batch: Batch) -> str:
    position = batch.interview.position
    return f"Thank-you notes: {position.title} at {position.company}"


def write_batch(batch: Batch, out_dir: Path, sheet: SheetOptions | None = None) -> dict[str, Any]:
    """Write cards.pdf, envelopes.pdf, emails/, sheets-<sheet>.pdf (given `sheet`) and report.json; returns the report.

    Sheets, envelopes and drafts are laid out first, so a problem with any of them stops the build unwritten.
    """
    author = batch.interview.candidate.name
    production = plan_production(batch, sheet)
    if batch.cards:
        title = document_title(batch)
        atomic_write(out_dir / "cards.pdf", lambda f: draw_designed_cards(batch.cards, f, title, author))
    write_production(production, out_dir, document_title(batch), author)
    data = annotate_report(report(batch), production, batch)
    write_json(out_dir / "report.json", data)
    return data
