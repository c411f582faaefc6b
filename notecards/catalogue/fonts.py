"""Bundled fonts: `fonts/fonts.yaml` → `Face` metrics (advances, ink bounds, coverage) and `Hand` (face + fallback)."""

from __future__ import annotations

import json
from dataclasses import InitVar, dataclass, field
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

from ..errors import FontError
from ..resources import data_path
from .files import safe_yaml

SPACE = " "


@dataclass(frozen=True)
class Ink:
    """A run's advance and the box its glyph outlines cover, in ems of the note's font size.

    `left` is where ink starts relative to the pen's start (negative when a glyph
    reaches back past it); `right` is where ink ends; `top`/`bottom` are above/below
    the baseline (bottom negative for descenders).
    """

    advance: float
    left: float
    right: float
    top: float
    bottom: float


@dataclass(eq=False)
class Face:
    """One bundled font: what notecards needs to measure with it, read from its metrics file.

    `<font>.metrics.json` beside each font holds, for every character the font maps, its
    advance and the box its outline covers, in font units (`font_metrics` makes it from
    the font with fontTools: `python tools/make_font_metrics.py`; a test keeps it true
    to the font). Reading it takes a few milliseconds; parsing the font took ten times that.
    """

    id: str
    family: str
    path: Path
    license_name: str
    style: str
    line_height: float
    metrics: InitVar[dict[str, Any]]  # the metrics file's contents, turned into the tables below
    upm: int = field(init=False)
    x_height: float = field(init=False)

    def __post_init__(self, metrics: dict[str, Any]) -> None:
        self.upm = upm = int(metrics["units_per_em"])
        self.x_height = metrics["x_height"] / upm
        codes = metrics["codepoints"]
        advances = zip(codes, metrics["advances"], strict=True)
        self._advances: dict[int, float] = {code: advance / upm for code, advance in advances}
        self._boxes: dict[int, tuple[float, float, float, float] | None] = {
            code: (box[0] / upm, box[1] / upm, box[2] / upm, box[3] / upm) if box else None
            for code, box in zip(codes, metrics["bounds"], strict=True)}
        self._chars = frozenset(map(chr, codes))

    def __reduce__(self) -> tuple[object, ...]:
        return load_face, (self.id,)  # pickled by name (a card sent between processes): one Face per font

    @property
    def rl_name(self) -> str:
        """The name this face is registered under in reportlab."""
        return f"notecards-{self.id}"

    def covers(self, char: str) -> bool:
        return ord(char) in self._advances

    def covers_all(self, text: str) -> bool:
        return self._chars.issuperset(text)

    def advance(self, char: str) -> float:
        return self._advances[ord(char)]

    def bounds(self, char: str) -> tuple[float, float, float, float] | None:
        """(xMin, yMin, xMax, yMax) of the glyph outline in ems, or None for a blank glyph."""
        return self._boxes[ord(char)]

    def summary(self) -> dict[str, object]:
        return {
            "name": self.id,
            "family": self.family,
            "style": self.style,
            "license": self.license_name,
            "file": self.path.name,
            "x_height_em": round(self.x_height, 3),
            "line_height_em": self.line_height,
            "glyphs": len(self._advances),
        }


@dataclass(frozen=True)
class Run:
    """Consecutive characters drawn from one face at one scale of the note's size."""

    text: str
    face: Face
    scale: float


class Hand:
    """A handwriting face with the fallback face that fills its gaps; measures words in ems.

    Fallback glyphs are scaled so their x-height matches the handwriting's, so a
    borrowed letter sits on the line at the same size as its neighbours.
    """

    def __init__(self, primary: Face, fallback: Face) -> None:
        self.primary = primary
        self.fallback = fallback
        self.fallback_scale = primary.x_height / fallback.x_height
        self._words: dict[str, Ink] = {}

    def __reduce__(self) -> tuple[object, ...]:
        return load_hand, (self.primary.id,)

    @property
    def id(self) -> str:
        return self.primary.id

    def face_for(self, char: str) -> tuple[Face, float] | None:
        if self.primary.covers(char):
            return self.primary, 1.0
        if self.fallback.covers(char):
            return self.fallback, self.fallback_scale
        return None

    def missing(self, text: str) -> tuple[set[str], set[str]]:
        """Characters of `text` the primary face lacks: (drawn from the fallback, not drawable at all)."""
        borrowed: set[str] = set()
        impossible: set[str] = set()
        if self.primary.covers_all(text.replace("\n", "")):
            return borrowed, impossible
        for char in set(text) - {"\n"}:
            if not self.primary.covers(char):
                (borrowed if self.fallback.covers(char) else impossible).add(char)
        return borrowed, impossible

    def runs(self, text: str) -> list[Run]:
        """`text` cut into runs by the face that draws each character (one run when the handwriting has all)."""
        if self.primary.covers_all(text):
            return [Run(text, self.primary, 1.0)]
        runs: list[Run] = []
        for from_primary, chars in groupby(text, self.primary.covers):
            face, scale = (self.primary, 1.0) if from_primary else (self.fallback, self.fallback_scale)
            runs.append(Run("".join(chars), face, scale))
        return runs

    def space(self) -> float:
        return self.primary.advance(SPACE)

    def measure(self, word: str) -> Ink:
        """Advance and ink box of a word (no spaces inside) in ems; cached per word."""
        ink = self._words.get(word)
        if ink is None:
            ink = self._words[word] = self._measure(word)
        return ink

    def _measure(self, word: str) -> Ink:
        pen = 0.0
        left, right, top, bottom = 0.0, 0.0, 0.0, 0.0
        first = True
        for char in word:
            found = self.face_for(char)
            if found is None:
                raise FontError(f"no bundled font can draw {char!r} (U+{ord(char):04X})")
            face, scale = found
            box = face.bounds(char)
            if box is not None:
                x0, y0, x1, y1 = (v * scale for v in box)
                left = min(left, pen + x0) if not first else pen + x0
                right = max(right, pen + x1)
                top, bottom = max(top, y1), min(bottom, y0)
                first = False
            pen += face.advance(char) * scale
        if first:  # nothing but blank glyphs
            left = right = 0.0
        return Ink(advance=pen, left=min(left, 0.0), right=right, top=top, bottom=bottom)


@cache
def _catalogue() -> dict[str, Any]:
    raw: dict[str, Any] = safe_yaml(data_path("fonts") / "fonts.yaml")
    return raw


def font_names(style: str | None = None) -> tuple[str, ...]:
    return tuple(f["id"] for f in _catalogue()["fonts"] if style is None or f["style"] == style)


@cache
def load_face(font_id: str) -> Face:
    for entry in _catalogue()["fonts"]:
        if entry["id"] == font_id:
            path = data_path("fonts") / entry["file"]
            metrics = json.loads(metrics_path(path).read_text(encoding="utf-8"))
            return Face(id=entry["id"], family=entry["family"], path=path, license_name=entry["license_name"],
                        style=entry["style"], line_height=float(entry["line_height"]), metrics=metrics)
    raise FontError(f"unknown font {font_id!r}; choose one of {', '.join(font_names())}")


def metrics_path(font_path: Path) -> Path:
    return font_path.with_name(f"{font_path.stem}.metrics.json")


def font_metrics(font_path: Path) -> dict[str, Any]:
    """What `Face` needs from a font file, in font units, read with fontTools (for tools/make_font_metrics.py).

    For each character the font maps: its advance, and its outline box (None when the
    glyph draws nothing; composite glyphs measured from their parts). The x-height is the
    OS/2 table's, else the top of "x".
    """
    from fontTools.ttLib import TTFont

    with TTFont(font_path, lazy=True) as font:
        cmap, glyf, hmtx = font.getBestCmap(), font["glyf"], font["hmtx"].metrics
        codes = sorted(cmap)

        def box(name: str) -> list[int] | None:
            glyph = glyf[name]
            if getattr(glyph, "numberOfContours", 0) == 0:
                return None
            if not hasattr(glyph, "xMin"):
                glyph.recalcBounds(glyf)
            return [glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax]

        x_height = getattr(font["OS/2"], "sxHeight", 0)
        if not x_height:  # an old OS/2 table: the top of "x" instead
            glyph = glyf[cmap[ord("x")]]
            glyph.recalcBounds(glyf)
            x_height = glyph.yMax
        return {
            "source": font_path.name,
            "units_per_em": font["head"].unitsPerEm,
            "x_height": x_height,
            "codepoints": codes,
            "advances": [hmtx[cmap[code]][0] for code in codes],
            "bounds": [box(cmap[code]) for code in codes],
        }


@cache
def load_hand(font_id: str) -> Hand:
    """The handwriting font `font_id` paired with the bundled fallback."""
    return Hand(load_face(font_id), load_face(_catalogue()["fallback"]))
