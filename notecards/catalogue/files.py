"""A `layouts/` entry's name or path → its YAML file, read into a pydantic model with one clear error on failure.

Stationery, sheet layouts, envelopes and designs are catalogues of small YAML files. A
built-in entry is named (`a2-folded`, `letter`); a user's own is a path, relative to the
interview file. This is the one place that tells a name from a path and that reads such
a file, so that every catalogue reports a broken file the same way: one line, naming
the file and the first field that is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import NotecardsError, StationeryError

Model = TypeVar("Model", bound=BaseModel)
YAML_SUFFIXES = (".yaml", ".yml")
_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built: ten times faster


def safe_yaml(text: str) -> Any:
    """YAML text → Python values, loaded safely (PyYAML's SafeLoader, in C where available)."""
    return yaml.load(text, Loader=_FAST_SAFE_LOADER)  # noqa: S506 - a SafeLoader


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


def entry_file(name_or_path: str, folder: Path, names: tuple[str, ...], what: str,
               base_dir: Path | None = None) -> Path:
    """A built-in entry's file (`letter` → `folder/letter.yaml`) or the user's own .yaml; else `StationeryError`."""
    if name_or_path in names:
        return folder / f"{name_or_path}.yaml"
    if name_or_path.endswith(YAML_SUFFIXES):
        return beside(name_or_path, base_dir)
    raise StationeryError(f"unknown {what} {name_or_path!r}; choose one of {', '.join(names)} "
                          "or give a path to a .yaml file")


def read_model(path: Path, model: type[Model], fail: Callable[[str], NotecardsError]) -> Model:
    """The YAML file at `path` validated as `model`; any problem becomes `fail(one-line message)`, raised."""
    try:
        raw = safe_yaml(path.read_text(encoding="utf-8"))
        return model.model_validate(raw if raw is not None else {})
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise fail(f"not valid YAML: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        raise fail(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None  # pydantic's wording
