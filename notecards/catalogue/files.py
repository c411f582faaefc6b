"""A `layouts/` entry's name or path → its YAML file, read into a pydantic model with one clear error on failure.

Stationery, sheet layouts, envelopes and designs are catalogues of small YAML files. A
built-in entry is named (`a2-folded`, `letter`); a user's own is a path, relative to the
interview file. This is the one place that tells a name from a path and that reads such
a file, so that every catalogue reports a broken file the same way: one line, naming
the file and the first field that is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import NotecardsError, ReadError, StationeryError
from ..resources import data_path
from ..yamlfile import field_lines, load_yaml, read_text

Model = TypeVar("Model", bound=BaseModel)
Result = TypeVar("Result")
YAML_SUFFIXES = (".yaml", ".yml")
MAX_LAYOUT_BYTES = 100_000  # a stationery, sheet, envelope or design.yaml is a few hundred bytes


def safe_yaml(path: Path) -> Any:
    """One of notecards' own bundled YAML files → Python values (the same loader as a user's, without the bounds)."""
    return load_yaml(read_text(path), path, trusted=True)


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is edited or replaced: (size, modification time, inode); None if it is not there."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def remembered_until_edited(read: Callable[[Path], Result]) -> Callable[[Path], Result]:
    """Cache `read(path)` like functools.cache, but read the file again once it changes on disk."""

    @lru_cache(maxsize=512)
    def cached(path: Path, stamp: tuple[int, int, int] | None) -> Result:
        return read(path)

    @wraps(read)
    def reader(path: Path) -> Result:
        return cached(path, file_stamp(path))

    return reader


def yaml_names(folder: Path) -> tuple[str, ...]:
    """The built-in entries of a catalogue folder: the stems of its YAML files, sorted."""
    return tuple(sorted(p.stem for p in folder.glob("*.yaml")))


def beside(path: str | Path, base_dir: Path | None) -> Path:
    """`path` as an interview file means it: relative to that file's folder (`base_dir`) unless absolute.

    Without a `base_dir` (the Python API, the command line's own options) it is relative
    to the working directory.
    """
    found = Path(path)
    return found if found.is_absolute() or base_dir is None else base_dir / found


def entry_file(
    name_or_path: str, folder: Path, names: tuple[str, ...], what: str, base_dir: Path | None = None
) -> Path:
    """A built-in entry's file (`letter` → `folder/letter.yaml`) or the user's own .yaml; else `StationeryError`."""
    if name_or_path in names:
        return folder / f"{name_or_path}.yaml"
    if name_or_path.endswith(YAML_SUFFIXES):
        return beside(name_or_path, base_dir)
    raise StationeryError(
        f"unknown {what} {name_or_path!r}; choose one of {', '.join(names)} or give a path to a .yaml file"
    )


def read_model(path: Path, model: type[Model], fail: Callable[[str], NotecardsError]) -> Model:
    """The YAML file at `path` validated as `model`; any problem becomes `fail(one-line message)`, raised."""
    try:
        text = read_text(path, MAX_LAYOUT_BYTES)
        raw = load_yaml(text, path, trusted=path.resolve().is_relative_to(data_path("layouts")))
        return model.model_validate(raw if raw is not None else {})
    except ReadError as exc:
        raise fail(f"line {exc.line}: {exc.message}" if exc.line else exc.message) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        line = _line_of(text, first["loc"])
        at = f"line {line}: " if line else ""
        raise fail(f"{at}{where}: {first['msg'].removeprefix('Value error, ')}") from None  # pydantic's wording


def _line_of(text: str, loc: tuple[int | str, ...]) -> int | None:
    lines = field_lines(text)
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None
