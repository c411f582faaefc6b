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
from .draw import draw_cards


def atomic_write(path: Path, write: Callable[[IO[bytes]], Any]) -> None:
    """Call `write` on a temporary file beside `path`, then rename it over `path`; never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        Path(tmp).replace(path)
    except BaseException:
        with suppress(OSError):
            Path(tmp).unlink()
        raise


def write_json(path: Path, data: Any) -> None:
    atomic_write(path, lambda f: f.write((json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()))


def document_title(batch: Batch) -> str:
    position = batch.interview.position
    return f"Thank-you notes: {position.title} at {position.company}"


def write_batch(batch: Batch, out_dir: Path) -> dict[str, Any]:
    """Write cards.pdf (when there are cards) and report.json; returns the report."""
    author = batch.interview.candidate.name
    if batch.cards:
        atomic_write(out_dir / "cards.pdf", lambda f: draw_cards(batch.cards, f, document_title(batch), author))
    data = report(batch)
    write_json(out_dir / "report.json", data)
    return data
