"""Names and bytes → files on disk, safely: names valid on every OS and never outside OUT, atomic writes, one error.

`atomic_write` never leaves half a file; `output_errors` is the one place an `OSError`
becomes an `OutputError` naming the path. File names from recipient names:

`Łukasz Wróbel` becomes `lukasz-wrobel`; `José Díaz` and `Jose Diaz` become `jose-diaz` and
`jose-diaz-2`. Letters of other scripts are kept (every current file system stores them),
but anything that could name a directory, a device or a hidden file is not: separators,
dots, control characters, Windows' reserved names (`con`, `nul`, `com1`, …).
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import IO, Any

from ..errors import NotecardsError, OutputError

MAX_STEM_BYTES = 100  # well under every file system's 255-byte name limit, leaving room for "-2.eml"
# Latin letters that Unicode does not decompose into a base letter and an accent.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ħ": "h",
        "Ħ": "H",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
        "ð": "d",
        "Ð": "D",
    }
)
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$")


def safe_stem(name: str, fallback: str = "note") -> str:
    """A lower-case, hyphenated file name stem for `name` (no extension), never empty."""
    text = _strip_latin_accents(unicodedata.normalize("NFKC", name).translate(_FOLD))
    text = re.sub(r"['’ʼ`]", "", text)  # O’Brien → obrien, not o-brien
    kept = "".join(c if unicodedata.category(c)[0] in "LNM" else " " for c in text.casefold())
    stem = "-".join(kept.split())
    while len(stem.encode()) > MAX_STEM_BYTES:
        stem = stem[:-1]
    stem = stem.strip("-") or fallback
    return f"{stem}-{fallback}" if _WINDOWS_RESERVED.match(stem) else stem


def _strip_latin_accents(text: str) -> str:
    """Drop combining accents on Latin letters (é → e) and keep other scripts' marks, which are part of letters."""
    out: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char) and out and out[-1].isascii():
            continue
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def unique_stems(names: Iterable[str], fallback: str = "note") -> list[str]:
    """Safe stems for `names`, in order; a repeated stem gets -2, -3, … (compared case-insensitively)."""
    taken: set[str] = set()
    out: list[str] = []
    for name in names:
        base = safe_stem(name, fallback)
        stem, n = base, 1
        while stem.casefold() in taken:
            n += 1
            stem = f"{base}-{n}"
        taken.add(stem.casefold())
        out.append(stem)
    return out


def inside(out_dir: Path, *parts: str) -> Path:
    """`out_dir/parts…`, refusing any result that resolves outside `out_dir` (e.g. through a symlink)."""
    root = out_dir.resolve()
    path = root.joinpath(*parts).resolve()
    if path != root and root not in path.parents:
        raise NotecardsError(f"refusing to write {'/'.join(parts)}: it would land outside {out_dir}")
    return path


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


@contextmanager
def output_errors(path: Path, doing: str = "cannot write") -> Iterator[None]:
    """Turn an `OSError` in the block into an `OutputError` naming the file it was about (else `path`)."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"{doing}: {exc.strerror or exc}", exc.filename or path) from None
