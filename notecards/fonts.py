"""Bundled fonts: `fonts/fonts.yaml` → `Face` metrics (advances, ink bounds, coverage) and `Hand` (face + fallback)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

import yaml
from fontTools.ttLib import TTFont

from .errors import FontError
from .resources import data_path

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
    """One font file with the metrics notecards needs, read with fontTools."""

    id: str
    family: str
    path: Path
    license_name: str
    style: str
    line_height: float
    _tt: Any = field(repr=False)
    upm: int = field(init=False)
    x_height: float = field(init=False)
    cmap: dict[int, str] = field(init=False, repr=False)
    _bounds: dict[str, tuple[float, float, float, float] | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.upm = self._tt["head"].unitsPerEm
        self.cmap = self._tt.getBestCmap()
        self._chars = frozenset(map(chr, self.cmap))
        self._hmtx: dict[str, tuple[int, int]] = self._tt["hmtx"].metrics  # glyph name → (advance, lsb)
        self._glyf = self._tt["glyf"]
        os2 = self._tt["OS/2"]
        xh = getattr(os2, "sxHeight", 0) or self._glyph_top("x")
        self.x_height = xh / self.upm

    def __reduce__(self) -> tuple[object, ...]:
        return load_face, (self.id,)  # pickled by name (a card sent between processes): one Face per font

    @property
    def rl_name(self) -> str:
        """The name this face is registered under in reportlab."""
        return f"notecards-{self.id}"

    def covers(self, char: str) -> bool:
        return ord(char) in self.cmap

    def covers_all(self, text: str) -> bool:
        return self._chars.issuperset(text)

    def advance(self, char: str) -> float:
        return self._hmtx[self.cmap[ord(char)]][0] / self.upm

    def bounds(self, char: str) -> tuple[float, float, float, float] | None:
        """(xMin, yMin, xMax, yMax) of the glyph outline in ems, or None for a blank glyph."""
        name = self.cmap[ord(char)]
        if name not in self._bounds:
            glyph = self._glyf[name]
            if getattr(glyph, "numberOfContours", 0) == 0:
                self._bounds[name] = None
            else:
                if not hasattr(glyph, "xMin"):
                    glyph.recalcBounds(self._glyf)
                self._bounds[name] = (glyph.xMin / self.upm, glyph.yMin / self.upm,
                                      glyph.xMax / self.upm, glyph.yMax / self.upm)
        return self._bounds[name]

    def _glyph_top(self, char: str) -> float:
        glyph = self._glyf[self.cmap[ord(char)]]
        glyph.recalcBounds(self._glyf)
        return float(glyph.yMax)

    def summary(self) -> dict[str, object]:
        return {
            "name": self.id,
            "family": self.family,
            "style": self.style,
            "license": self.license_name,
            "file": self.path.name,
            "x_height_em": round(self.x_height, 3),
            "line_height_em": self.line_height,
            "glyphs": len(self.cmap),
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
    raw: dict[str, Any] = yaml.safe_load((data_path("fonts") / "fonts.yaml").read_text(encoding="utf-8"))
    return raw


def font_names(style: str | None = None) -> tuple[str, ...]:
    return tuple(f["id"] for f in _catalogue()["fonts"] if style is None or f["style"] == style)


@cache
def load_face(font_id: str) -> Face:
    for entry in _catalogue()["fonts"]:
        if entry["id"] == font_id:
            path = data_path("fonts") / entry["file"]
            return Face(id=entry["id"], family=entry["family"], path=path, license_name=entry["license_name"],
                        style=entry["style"], line_height=float(entry["line_height"]), _tt=TTFont(path, lazy=True))
    raise FontError(f"unknown font {font_id!r}; choose one of {', '.join(font_names())}")


@cache
def load_hand(font_id: str) -> Hand:
    """The handwriting font `font_id` paired with the bundled fallback."""
    return Hand(load_face(font_id), load_face(_catalogue()["fallback"]))
