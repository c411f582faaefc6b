"""OUT's record of what notecards wrote there → which names a build may replace or remove; nothing else is touched.

A build writes `cards.pdf`, `envelopes.pdf`, `report.json`, `sheets-*.pdf` and the drafts
in `emails/`, and replaces what an earlier build left under those names. Someone may
have their own file or folder there under one of those names (a folder called
`cards.pdf`, their own notes in `emails/`): notecards must never delete it. So every
build lists what it wrote in the hidden file `OUT/.notecards-written` (an output folder
and each file in it: `emails/`, `emails/ana-lima.eml`), and a name already in OUT is
replaced or removed only when that list has it; otherwise the build is refused before
anything is moved, naming the file.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError, ReadError
from ..yamlfile import read_text
from .files import atomic_write

MANIFEST = ".notecards-written"
_MAX_MANIFEST_BYTES = 10_000_000


@dataclass(frozen=True)
class Written:
    """The names (relative to OUT; `emails/x.eml` inside an output folder) one build wrote."""

    names: frozenset[str]

    def owns(self, relative: str) -> bool:
        return relative in self.names


def earlier(out_dir: Path) -> Written:
    """What earlier builds recorded writing in `out_dir` (nothing when there is no readable record)."""
    try:
        text = read_text(out_dir / MANIFEST, _MAX_MANIFEST_BYTES)
    except ReadError:  # no record (a new OUT), or one that cannot be read: then notecards owns nothing there
        return Written(frozenset())
    return Written(frozenset(line for line in text.splitlines() if _plain_name(line)))


def _plain_name(line: str) -> bool:
    parts = line.split("/")
    return bool(line) and len(parts) <= 2 and all(part not in ("", ".", "..") for part in parts)


def listing(staging: Path) -> Written:
    """Every name a staged build is about to publish, and each file inside its folders (`emails/`)."""
    names: set[str] = set()
    for path in staging.iterdir():
        if not path.name.startswith("."):  # not a killed writer's temporary file
            names.add(path.name)
            names |= {f"{path.name}/{inner.name}" for inner in path.iterdir()} if path.is_dir() else set()
    return Written(frozenset(names))


def check_replaceable(out_dir: Path, names: frozenset[str], owned: Written) -> None:
    """Refuse (before anything moves) when a name this build writes is taken by something notecards did not write."""
    for name in sorted(name for name in names if "/" not in name):
        path = out_dir / name
        if not path.exists() and not path.is_symlink():
            continue
        if not owned.owns(name):
            raise OutputError(
                f"{_kind(path)} notecards did not write is in the way; move it, or build into another folder with -o",
                path,
            )
        if path.is_dir() and not path.is_symlink():  # replaced whole: only notecards' own files may be in it
            foreign = sorted(p.name for p in path.iterdir() if not owned.owns(f"{name}/{p.name}"))
            if foreign:
                raise OutputError(
                    f"holds {foreign[0]!r}, which notecards did not write; move it, or build into "
                    "another folder with -o",
                    path,
                )


def _kind(path: Path) -> str:
    if path.is_symlink():
        return "a link"
    return "a folder" if path.is_dir() else "a file"


def remove_earlier(out_dir: Path, names: list[str], owned: Written, made: Written) -> None:
    """Remove what an earlier build wrote under `names` and this one does not write again; never anything else."""
    for name in names:
        path = out_dir / name
        if not owned.owns(name) or name in made.names:
            continue
        if path.is_dir() and not path.is_symlink():
            for inner in path.iterdir():
                if owned.owns(f"{name}/{inner.name}"):
                    shutil.rmtree(inner) if inner.is_dir() and not inner.is_symlink() else inner.unlink()
            if not any(path.iterdir()):
                path.rmdir()
        elif path.is_file() or path.is_symlink():
            path.unlink()


def record(out_dir: Path, written: Written) -> None:
    """Write the record of `written` into `out_dir` (atomically: a reader sees the old record or the new)."""
    text = "".join(f"{name}\n" for name in sorted(written.names))
    atomic_write(out_dir / MANIFEST, lambda handle: handle.write(text.encode()))
