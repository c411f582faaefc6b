"""Bundled fonts: `fonts/fonts.yaml` → `Face` metrics (advances, ink bounds, coverage) and `Hand` (face + fallback)."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import InitVar, dataclass, field
from functools import cache
from itertools import groupby
from pathlib import Path
from struct import error as struct_error
from typing import Any

from ..errors import FontError, ReadError
from ..resources import data_path
from ..yamlfile import read_bytes
from .files import safe_yaml
from .forms import cache_dirs, letter_forms
from .realism import RIDERS, Realism, glyph_turn, reach, realism, turned_box

SPACE = " "
MAX_FONT_BYTES = 30_000_000  # a handwriting font is under 1 MB; a full CJK font about 20 MB


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
    joined: bool = False  # a connected script: hard to read in an address; varied a word at a time
    upm: int = field(init=False)
    x_height: float = field(init=False)

    def __post_init__(self, metrics: dict[str, Any]) -> None:
        self.upm = upm = int(metrics["units_per_em"])
        self.x_height = metrics["x_height"] / upm
        codes = metrics["codepoints"]
        # In font units, turned into ems a character at a time as notes use them: a note uses a few dozen of
        # the thousands of characters a font maps (converting them all took longer than fitting a card).
        self._advances: dict[int, int] = dict(zip(codes, metrics["advances"], strict=True))
        self._outlines: dict[int, list[int] | None] = dict(zip(codes, metrics["bounds"], strict=True))
        self._boxes: dict[int, tuple[float, float, float, float] | None] = {}  # in ems, as asked for
        self._chars = frozenset(map(chr, codes))

    def __reduce__(self) -> tuple[object, ...]:
        return load_face, (self.id,)  # pickled by name (a card sent between processes): one Face per font

    @property
    def rl_name(self) -> str:
        """The name this face is registered under in reportlab (a font file of your own: by its path's hash)."""
        if is_font_path(self.id):
            return f"notecards-own-{hashlib.sha256(self.id.encode()).hexdigest()[:12]}"
        return f"notecards-{self.id}"

    def covers(self, char: str) -> bool:
        return ord(char) in self._advances

    def covers_all(self, text: str) -> bool:
        return self._chars.issuperset(text)

    def advance(self, char: str) -> float:
        return self._advances[ord(char)] / self.upm

    def bounds(self, char: str) -> tuple[float, float, float, float] | None:
        """(xMin, yMin, xMax, yMax) of the glyph outline in ems, or None for a blank glyph."""
        code = ord(char)
        try:
            return self._boxes[code]
        except KeyError:
            box, upm = self._outlines[code], self.upm  # a character the font does not map: KeyError, as ever
            found = self._boxes[code] = (box[0] / upm, box[1] / upm, box[2] / upm, box[3] / upm) if box else None
            return found

    def form_bounds(self, char: str) -> tuple[float, float, float, float] | None:
        """The union of the outline boxes of all the letter's forms (forms.py), in ems; None for a blank glyph."""
        boxes = self.__dict__.get("_form_boxes")
        if boxes is None:
            upm = self.upm
            boxes = self.__dict__["_form_boxes"] = {
                code: (b[0] / upm, b[1] / upm, b[2] / upm, b[3] / upm)
                for code, b in letter_forms(self.path).bounds.items()
            }
        return boxes.get(ord(char))

    def form_advances(self, char: str) -> tuple[float, ...] | None:
        """The advance of each of the letter's forms in ems, when they differ (a font's own alternates keep their
        own); None when every form has the letter's advance."""
        widths = self.__dict__.get("_form_widths")
        if widths is None:
            upm = self.upm
            widths = self.__dict__["_form_widths"] = {
                code: tuple(w / upm for w in each) for code, each in letter_forms(self.path).advances.items()
            }
        return widths.get(ord(char))

    def summary(self) -> dict[str, object]:
        return {
            "name": self.id,
            "family": self.family,
            "style": self.style,
            "license": self.license_name,
            "file": self.path.name,
            "x_height_em": round(self.x_height, 3),
            "line_height_em": self.line_height,
            "joined": self.joined,
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

    def __init__(self, primary: Face, fallback: Face, level: Realism | None = None) -> None:
        self.primary = primary
        self.fallback = fallback
        self.fallback_scale = primary.x_height / fallback.x_height
        self.realism = level or realism("off")
        self._words: dict[str, Ink] = {}

    def __reduce__(self) -> tuple[object, ...]:
        return load_hand, (self.primary.id, self.realism.name)

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
            ink = self._words[word] = self._measure_varied(word) if self.realism.on else self._measure(word)
        return ink

    def _measure_varied(self, word: str) -> Ink:
        """The word's ink as it may be drawn at this realism: every form of each letter, at the worst turn,
        size and shift the variation allows (realism.py), so that the fitter keeps it inside the box.

        Where a letter's forms differ in advance (a font's own alternates), the word may come out
        narrower than its widest forms: a glyph's ink is reached from the pen of the narrowest
        forms before it on the left, of the widest on the right, and the word advances by the widest."""
        joined = self.primary.joined
        angle, scale = glyph_turn(self.realism, joined)
        boxes, pen, low, piece_start = [], 0.0, 0.0, 0.0
        for index, char in enumerate(word):
            if not index or (char not in RIDERS and word[index - 1] not in RIDERS):
                piece_start = pen  # handwriting.py draws this glyph in its own text matrix
            found = self.face_for(char)
            if found is None:
                raise FontError(f"no bundled font can draw {char!r} (U+{ord(char):04X})")
            face, size = found
            box = face.form_bounds(char) if face is self.primary else face.bounds(char)
            if box is not None:
                box = (box[0] * size, box[1] * size, box[2] * size, box[3] * size)
                x0, y0, x1, y1 = box if joined else turned_box(box, angle, scale)
                if pen > piece_start and not joined:  # turned about its piece's start, this far before it
                    lift = (pen - piece_start) * scale * math.sin(angle)
                    y0, y1 = y0 - lift, y1 + lift
                boxes.append((low + x0, y0, pen + x1, y1))
            widths = face.form_advances(char) if face is self.primary else None
            low += (min(widths) if widths else face.advance(char)) * size
            pen += (max(widths) if widths else face.advance(char)) * size
        if not boxes:
            return Ink(advance=pen, left=0.0, right=0.0, top=0.0, bottom=0.0)
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        if joined:  # the word turns about its middle
            middle = pen / 2
            x0, y0, x1, y1 = turned_box((x0 - middle, y0, x1 - middle, y1), angle, scale)
            x0, x1 = x0 + middle, x1 + middle
        left, right, vertical = reach(self.realism, self.primary.x_height, self.space())
        return Ink(advance=pen, left=min(x0 - left, 0.0), right=x1 + right, top=y1 + vertical, bottom=y0 - vertical)

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


FONT_SUFFIXES = (".ttf", ".otf")


def is_font_path(name: str) -> bool:
    """Whether a `font:` value names a font file of the user's own rather than a bundled font."""
    return name.lower().endswith(FONT_SUFFIXES)


@cache
def load_face(font_id: str) -> Face:
    if is_font_path(font_id):
        return _own_face(Path(font_id))
    for entry in _catalogue()["fonts"]:
        if entry["id"] == font_id:
            path = data_path("fonts") / entry["file"]
            metrics = json.loads(metrics_path(path).read_text(encoding="utf-8"))
            return Face(
                id=entry["id"],
                family=entry["family"],
                path=path,
                license_name=entry["license_name"],
                style=entry["style"],
                line_height=float(entry["line_height"]),
                joined=bool(entry.get("joined", False)),
                metrics=metrics,
            )
    raise FontError(f"unknown font {font_id!r}; choose one of {', '.join(font_names())}")


def _own_face(path: Path) -> Face:
    """A TrueType font of the user's own (made from their handwriting, say), measured with fontTools once per file
    content: the metrics are kept beside the letter forms, keyed by the file's hash."""
    try:
        data = read_bytes(path, MAX_FONT_BYTES)  # a regular file of bounded size: never a pipe or a device
    except ReadError as exc:
        raise FontError(f"cannot read font file {exc.file}: {exc.message.removeprefix('cannot read: ')}") from None
    key = hashlib.sha256(data).hexdigest()[:24]
    metrics = _cached_metrics(key)
    if metrics is None:
        metrics = _measure_own_font(path)
        for folder in cache_dirs():
            try:
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{key}.metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
                break
            except OSError:
                continue
    return Face(
        id=str(path),
        family=metrics["family"],
        path=path,
        license_name="your own font",
        style="handwriting",
        line_height=metrics["line_height"],
        metrics=metrics,
    )


def _cached_metrics(key: str) -> dict[str, Any] | None:
    for folder in cache_dirs():
        try:
            found: dict[str, Any] = json.loads((folder / f"{key}.metrics.json").read_text(encoding="utf-8"))
            return found
        except (OSError, ValueError):
            continue
    return None


def _measure_own_font(path: Path) -> dict[str, Any]:
    """`font_metrics` of a user's font, plus its family name and a line height from its ascent and descent."""
    # fontTools is read only for a user's own font: bundled fonts come with their metrics files
    from fontTools.ttLib import TTFont, TTLibError
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

    try:
        with path.open("rb") as handle, TTFont(handle, lazy=True) as font:  # the file closed even when not a font
            if "glyf" not in font:
                raise FontError(
                    f"{path.name} has PostScript (CFF) outlines; notecards needs a TrueType-outline "
                    "font (.ttf, or an .otf with TrueType outlines)"
                )
            family = font["name"].getDebugName(1) or path.stem
            hhea, upm = font["hhea"], font["head"].unitsPerEm
            line_height = (hhea.ascent - hhea.descent + hhea.lineGap) / upm
        metrics = font_metrics(path)
        TTFontFile(str(path))  # what draws it must read it too
    except (TTFError, TTLibError, KeyError, AssertionError, struct_error, ValueError) as exc:
        raise FontError(f"{path.name} is not a usable font ({exc or type(exc).__name__})") from None
    missing = [name for char, name in ((" ", "space"), ("x", "letter x")) if ord(char) not in metrics["codepoints"]]
    if missing:
        raise FontError(f"{path.name} has no {' and no '.join(missing)}: notecards cannot set text with it")
    metrics.update(family=family, line_height=round(min(max(line_height, 1.15), 2.0), 3))
    return metrics


def metrics_path(font_path: Path) -> Path:
    return font_path.with_name(f"{font_path.stem}.metrics.json")


def font_metrics(font_path: Path) -> dict[str, Any]:
    """What `Face` needs from a font file, in font units, read with fontTools (for tools/make_font_metrics.py).

    For each character the font maps: its advance, and its outline box (None when the
    glyph draws nothing; composite glyphs measured from their parts). The x-height is the
    OS/2 table's, else the top of "x".
    """
    from fontTools.ttLib import TTFont  # only to remake a metrics file: builds read the JSON

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
def load_hand(font_id: str, level: str = "off") -> Hand:
    """The handwriting font `font_id` paired with the bundled fallback, measured for realism `level`."""
    return Hand(load_face(font_id), load_face(_catalogue()["fallback"]), realism(level))
