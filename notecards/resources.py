"""Where the data directories (`layouts/`, `fonts/`, `templates/`) are: in a wheel or a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_path(name: str) -> Path:
    """The data directory `name`: bundled in the wheel as notecards/_data/<name>, else at the repo root."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"notecards data directory {name!r} is missing from this installation")
