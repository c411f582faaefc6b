"""Single-stroke fonts: `fonts/strokes/*.svg` (SVG fonts) → `StrokeFont`s of open polylines, measured like any `Face`.

A pen plotter draws each stroke once, so a plotter hand is a set of open polylines per
letter, not outlines. The bundled ones are SVG fonts (Hershey's and Evil Mad Scientist's
EMS fonts). Curves in their paths are flattened to short lines once, at load. A letter a
font lacks but Unicode composes from a base letter and marks (é, ñ, ž, ő, ł) is drawn as
the base letter with its marks added as strokes: the font's own accent where it has one
(´ ` ^ ~ ¨ ¸), else a mark drawn here in a few lines. Each font also gives a `Face`
(advances and ink boxes in ems), so the fitter measures stroke text as it measures a TTF.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import FontError
from ..resources import data_path
from .files import safe_yaml
from .fonts import Face, Hand

Point = tuple[float, float]
Stroke = tuple[Point, ...]
CURVE_STEPS = 8  # line segments per Bézier curve: smooth at note sizes (a curve spans under 2 mm)
_SVG = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[A-Za-z]")
# Typographic characters a stroke font often lacks, drawn with the plain character that reads the same.
_PLAIN = {"’": "'", "‘": "'", "‚": ",", "′": "'", "″": '"', "‐": "-", "‑": "-", "−": "-", "\u00a0": " "}
_SPELLED = {"…": "...", "„": '"', "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ĳ": "ij", "Ĳ": "IJ"}
# Combining marks → the spacing accent of the same shape that fonts usually carry, drawn above (or below) a letter.
_ACCENTS = {"\u0301": "´", "\u0300": "`", "\u0302": "^", "\u0303": "~", "\u0308": "¨", "\u0327": "¸"}
_BELOW = frozenset({"\u0327", "\u0328", "\u0323", "\u0326"})


@dataclass(frozen=True)
class StrokeGlyph:
    """One letter: its advance and its open strokes, in ems from the pen's start on the baseline (y up)."""

    advance: float
    strokes: tuple[Stroke, ...]

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        points = [p for stroke in self.strokes for p in stroke]
        if not points:
            return None
        xs, ys = [x for x, _ in points], [y for _, y in points]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(eq=False)
class StrokeFont:
    """A single-stroke font: glyphs by character, and what the catalogue says of it."""

    id: str
    family: str
    style: str  # joined | casual | print
    path: Path
    license_name: str
    glyphs: dict[str, StrokeGlyph]

    @property
    def x_height(self) -> float:
        bounds = self.glyphs["x"].bounds
        assert bounds is not None
        return bounds[3]

    def glyph(self, char: str) -> StrokeGlyph:
        return self.glyphs[char]

    def face(self) -> Face:
        """The font's metrics as a `Face`, so that the fitter and `Hand` work with it unchanged."""
        return _face(self.id)

    def summary(self) -> dict[str, object]:
        return {
            "name": self.id,
            "family": self.family,
            "style": f"plotter, {self.style}",
            "license": self.license_name,
            "file": self.path.name,
            "x_height_em": round(self.x_height, 3),
            "glyphs": len(self.glyphs),
        }


@cache
def _catalogue() -> dict[str, Any]:
    raw: dict[str, Any] = safe_yaml(_folder() / "strokes.yaml")
    return raw


def _folder() -> Path:
    return data_path("fonts") / "strokes"


def stroke_font_names() -> tuple[str, ...]:
    return tuple(entry["id"] for entry in _catalogue()["fonts"])


def plotter_font_for(font_id: str) -> str:
    """The stroke hand closest to a handwriting font (`like` in strokes.yaml); the first one otherwise."""
    for entry in _catalogue()["fonts"]:
        if font_id in entry["like"]:
            return str(entry["id"])
    return stroke_font_names()[0]


@cache
def load_stroke_font(font_id: str) -> StrokeFont:
    entries = {entry["id"]: entry for entry in _catalogue()["fonts"]}
    if font_id not in entries:
        raise FontError(f"unknown plotter font {font_id!r}; choose one of {', '.join(entries)}")
    entry = entries[font_id]
    path = _folder() / entry["file"]
    glyphs = read_svg_font(path)
    if " " in glyphs and "space" in entry:
        glyphs[" "] = StrokeGlyph(glyphs[" "].advance * float(entry["space"]), ())
    glyphs.update(_composed(glyphs))
    return StrokeFont(font_id, entry["family"], entry["style"], path, entry["license"], glyphs)


class _StrokeHand(Hand):
    """A `Hand` of stroke fonts, sent between processes by name as a bundled hand is."""

    def __reduce__(self) -> tuple[object, ...]:
        return stroke_hand, (self.primary.id.removeprefix("strokes:"),)


class _StrokeFace(Face):
    """A `Face` measuring a stroke font, sent between processes by name as a bundled face is."""

    def __reduce__(self) -> tuple[object, ...]:
        return _face, (self.id.removeprefix("strokes:"),)


@cache
def stroke_hand(font_id: str) -> Hand:
    """The stroke font with the catalogue's fallback stroke font for the characters it lacks."""
    fallback = _catalogue()["fallback"]
    return _StrokeHand(load_stroke_font(font_id).face(), load_stroke_font(fallback).face())


def stroke_font_of(face: Face) -> StrokeFont:
    """The stroke font a `Face` of this module measures."""
    return load_stroke_font(face.id.removeprefix("strokes:"))


@cache
def _face(font_id: str) -> Face:
    font = load_stroke_font(font_id)
    upm = 1000
    chars = sorted(font.glyphs, key=ord)
    bounds = [font.glyphs[c].bounds for c in chars]
    metrics = {
        "units_per_em": upm,
        "x_height": font.x_height * upm,
        "codepoints": [ord(c) for c in chars],
        "advances": [font.glyphs[c].advance * upm for c in chars],
        "bounds": [[v * upm for v in box] if box else None for box in bounds],
    }
    return _StrokeFace(
        f"strokes:{font_id}",
        font.family,
        font.path,
        font.license_name,
        "plotter",
        1.25,
        joined=font.style == "joined",
        metrics=metrics,
    )


def read_svg_font(path: Path) -> dict[str, StrokeGlyph]:
    """The glyphs of an SVG font file, in ems (one character per glyph; ligatures are left out)."""
    import xml.etree.ElementTree as ET  # only when plotting: every build imports this module to check names

    root = ET.parse(path).getroot()  # noqa: S314 - bundled font files, not user input
    font = root.find(f".//{_SVG}font")
    face = root.find(f".//{_SVG}font-face")
    if font is None or face is None:
        raise FontError(f"{path.name} is not an SVG font")
    upm = float(face.get("units-per-em", "1000"))
    default_advance = float(font.get("horiz-adv-x", "0"))
    glyphs = {}
    for element in font.iter(f"{_SVG}glyph"):
        char = element.get("unicode", "")
        if len(char) != 1:
            continue
        advance = float(element.get("horiz-adv-x", default_advance)) / upm
        strokes = tuple(tuple((x / upm, y / upm) for x, y in stroke) for stroke in parse_path(element.get("d", "")))
        glyphs[char] = StrokeGlyph(advance, strokes)
    return glyphs


def parse_path(d: str) -> list[list[Point]]:
    """An SVG path's subpaths as polylines (M, L, H, V, C, Q, Z, absolute or relative; curves flattened)."""
    tokens = _NUMBER.findall(d)
    strokes: list[list[Point]] = []
    pen: Point = (0.0, 0.0)
    command, i = "M", 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command, i = tokens[i], i + 1
            if command in "Zz" and strokes:
                strokes[-1].append(strokes[-1][0])
                pen = strokes[-1][0]
            continue
        count = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "Q": 4}[command.upper()]
        values = [float(v) for v in tokens[i : i + count]]
        i += count
        pen, points = _segment(command, values, pen)
        if command in "Mm":
            strokes.append([pen])
            command = "l" if command == "m" else "L"  # further pairs after a moveto are linetos
        elif strokes:
            strokes[-1].extend(points)
    return [stroke for stroke in strokes if len(stroke) > 1]


def _segment(command: str, v: list[float], pen: Point) -> tuple[Point, list[Point]]:
    """The pen's new position and the points drawn to reach it."""
    dx, dy = pen if command.islower() else (0.0, 0.0)
    upper = command.upper()
    if upper in "ML":
        end = (v[0] + dx, v[1] + dy)
        return end, [end]
    if upper == "H":
        end = (v[0] + dx, pen[1])
        return end, [end]
    if upper == "V":
        end = (pen[0], v[0] + (pen[1] if command.islower() else 0.0))
        return end, [end]
    controls = [(v[k] + dx, v[k + 1] + dy) for k in range(0, len(v), 2)]
    return controls[-1], _bezier([pen, *controls])


def _bezier(points: list[Point]) -> list[Point]:
    out = []
    for step in range(1, CURVE_STEPS + 1):
        t = step / CURVE_STEPS
        level = points
        while len(level) > 1:
            level = [((1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1]) for a, b in itertools.pairwise(level)]
        out.append(level[0])
    return out


def _composed(glyphs: dict[str, StrokeGlyph]) -> dict[str, StrokeGlyph]:
    """Letters of Latin-1, Latin Extended-A and typographic punctuation the font lacks, made from what it has."""
    made: dict[str, StrokeGlyph] = {}
    for plain_from, plain in _PLAIN.items():
        if plain_from not in glyphs and plain in glyphs:
            made[plain_from] = glyphs[plain]
    for spelled_from, spelled in _SPELLED.items():
        if spelled_from not in glyphs and all(c in glyphs for c in spelled):
            made[spelled_from] = _joined([glyphs[c] for c in spelled])
    if "ı" not in glyphs and "i" in glyphs:
        made["ı"] = _dotless(glyphs, "i")
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:  # Latin-1, Extended-A and B, Additional
        char = chr(code)
        if char not in glyphs and char not in made and (glyph := _with_marks(char, {**glyphs, **made})) is not None:
            made[char] = glyph
    return made


def _joined(parts: list[StrokeGlyph]) -> StrokeGlyph:
    strokes: list[Stroke] = []
    pen = 0.0
    for part in parts:
        strokes += [tuple((x + pen, y) for x, y in stroke) for stroke in part.strokes]
        pen += part.advance
    return StrokeGlyph(pen, tuple(strokes))


def _with_marks(char: str, glyphs: dict[str, StrokeGlyph]) -> StrokeGlyph | None:
    """`char` as its base letter plus marks (NFD), or with a stroke through it (ł, đ, ħ); None if not possible."""
    if char in _STROKED and _STROKED[char][0] in glyphs:
        base, bar = _STROKED[char]
        return _struck(glyphs[base], bar)
    base, *marks = list(unicodedata.normalize("NFD", char))
    if not marks or base not in glyphs or glyphs[base].bounds is None:
        return None
    glyph = _dotless(glyphs, base) if base in "ij" else glyphs[base]  # a mark above i or j replaces its dot
    strokes = list(glyph.strokes)
    bounds = glyph.bounds or glyphs[base].bounds
    assert bounds is not None
    top, bottom = bounds[3], bounds[1]
    for mark in marks:
        if mark == "\u031b":  # horn (ơ, ư): a small hook at the letter's top right, not above it
            strokes.append(tuple((bounds[2] + x, bounds[3] + y) for x, y in _HORN))
            continue
        drawn = _mark(mark, glyphs, (bounds[0] + bounds[2]) / 2, top, bottom)
        if drawn is None:
            return None
        strokes += drawn
        if mark not in _BELOW:
            top = max(y for stroke in drawn for _, y in stroke)
    return StrokeGlyph(glyph.advance, tuple(strokes))


def _dotless(glyphs: dict[str, StrokeGlyph], base: str) -> StrokeGlyph:
    """i or j without its dot: the font's dotless form, else without the strokes drawn wholly above the x-height."""
    if base == "i" and "ı" in glyphs:
        return glyphs["ı"]
    x = glyphs["x"].bounds
    assert x is not None
    kept = tuple(stroke for stroke in glyphs[base].strokes if min(y for _, y in stroke) < x[3] * 1.05)
    return StrokeGlyph(glyphs[base].advance, kept or glyphs[base].strokes)


def _mark(mark: str, glyphs: dict[str, StrokeGlyph], centre: float, top: float, bottom: float) -> list[Stroke] | None:
    """A mark's strokes centred on `centre`, above `top` (or below `bottom`); the font's accent glyph if it has one."""
    accent = glyphs.get(_ACCENTS.get(mark, ""))
    if accent is not None and accent.bounds is not None:
        x0, y0, x1, y1 = accent.bounds
        below = mark in _BELOW
        dx = centre - (x0 + x1) / 2
        dy = (bottom - y1 + 0.02) if below else (top + 0.08 - y0)
        return [tuple((x + dx, y + dy) for x, y in stroke) for stroke in accent.strokes]
    shape = _MARK_SHAPES.get(mark)
    if shape is None:
        return None
    base = bottom - 0.02 if mark in _BELOW else top + 0.08
    return [tuple((centre + x, base + y) for x, y in stroke) for stroke in shape]


def _struck(glyph: StrokeGlyph, bar: tuple[float, float, float, float]) -> StrokeGlyph:
    """A letter with a short bar across it (ł, đ, ħ, ø): `bar` is where, as shares of its ink box (x0, y0, x1, y1)."""
    bounds = glyph.bounds
    assert bounds is not None
    x0, y0, x1, y1 = bounds
    w, h = x1 - x0, y1 - y0
    line = ((x0 + bar[0] * w, y0 + bar[1] * h), (x0 + bar[2] * w, y0 + bar[3] * h))
    return StrokeGlyph(glyph.advance, (*glyph.strokes, line))


_HORN: Stroke = ((-0.03, -0.03), (0.04, 0.0), (0.07, 0.08))
# Letters with a bar through them, which Unicode does not split into a letter and a mark: the letter, and the bar.
_STROKED: dict[str, tuple[str, tuple[float, float, float, float]]] = {
    "ł": ("l", (0.0, 0.38, 1.0, 0.58)),
    "Ł": ("L", (-0.15, 0.38, 0.45, 0.6)),
    "đ": ("d", (0.55, 0.82, 1.15, 0.82)),
    "Đ": ("D", (-0.15, 0.5, 0.4, 0.5)),
    "ħ": ("h", (-0.15, 0.8, 0.45, 0.8)),
    "Ħ": ("H", (-0.05, 0.72, 1.05, 0.72)),
    "ø": ("o", (0.0, -0.1, 1.0, 1.1)),
    "Ø": ("O", (0.0, -0.05, 1.0, 1.05)),
}


def _arc(cx: float, cy: float, r: float, start: float, end: float, steps: int = 6) -> Stroke:
    return tuple(
        (cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a)))
        for a in (start + (end - start) * k / steps for k in range(steps + 1))
    )


# Marks drawn here in ems, centred on x = 0, from the mark's base line (above a letter, or below it).
_MARK_SHAPES: dict[str, tuple[Stroke, ...]] = {
    "\u0301": (((-0.03, 0.0), (0.07, 0.12)),),  # acute
    "\u0300": (((0.03, 0.0), (-0.07, 0.12)),),  # grave
    "\u0302": (((-0.08, 0.0), (0.0, 0.1), (0.08, 0.0)),),  # circumflex
    "\u030c": (((-0.08, 0.1), (0.0, 0.0), (0.08, 0.1)),),  # caron
    "\u0306": (_arc(0.0, 0.09, 0.08, 200, 340),),  # breve
    "\u0304": (((-0.08, 0.05), (0.08, 0.05)),),  # macron
    "\u0307": (((0.0, 0.03), (0.005, 0.05)),),  # dot above
    "\u0308": (((-0.06, 0.03), (-0.055, 0.05)), ((0.06, 0.03), (0.065, 0.05))),  # diaeresis
    "\u030a": (_arc(0.0, 0.06, 0.05, 0, 360, 10),),  # ring
    "\u030b": (((-0.07, 0.0), (-0.02, 0.12)), ((0.03, 0.0), (0.08, 0.12))),  # double acute
    "\u0303": (((-0.09, 0.02), (-0.05, 0.07), (0.0, 0.04), (0.05, 0.02), (0.09, 0.07)),),  # tilde
    "\u0327": (((0.0, 0.0), (0.03, -0.06), (-0.05, -0.12)),),  # cedilla
    "\u0323": (((0.0, -0.05), (0.005, -0.03)),),  # dot below
    "\u0326": (((0.01, -0.04), (0.0, -0.09), (-0.03, -0.12)),),  # comma below
    "\u0328": (_arc(0.03, -0.06, 0.06, 90, 250),),  # ogonek
}
