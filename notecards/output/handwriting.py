"""A card's fitted lines + its hand's realism → PDF text operators that vary every glyph as a hand would.

Each glyph gets its own text matrix (its turn, size and place), its letter form (forms.py:
a letter cycles through its forms, so no letter repeats the form it had the last three
times) and every word its own ink value. The variation is seeded by a stable hash of the
font, the recipient and the note, so two builds are byte-identical and editing one note
changes only its card. Random numbers come from a fixed table of truncated normals, read
at offsets drawn once per line: a few draws per line instead of a few per glyph.

The worst case of every draw is what the fitter measured (realism.py), so ink stays in the box.
"""

from __future__ import annotations

import hashlib
import math
import random
import weakref
from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..catalogue.fonts import Face, Hand
from ..catalogue.forms import letter_forms
from ..catalogue.realism import RIDERS, TRUNCATE
from ..fit import Line

TABLE_BITS = 12
_MASK = (1 << TABLE_BITS) - 1


def _normals() -> tuple[float, ...]:
    """4096 draws of a standard normal truncated at TRUNCATE σ (fixed: the table is part of the output)."""
    rng, out = random.Random(20261202), list[float]()  # noqa: S311 - a look of chance, not a secret
    while len(out) <= _MASK:
        value = rng.gauss(0.0, 1.0)
        if abs(value) <= TRUNCATE:
            out.append(value)
    return tuple(out)


NORMALS = _normals()

# Per document: face → per form, char → (font operator, escaped code). Weak: a document's table goes with it.
_GLYPHS: weakref.WeakKeyDictionary[Any, dict[tuple[Face, int], dict[str, tuple[str, str]]]] = \
    weakref.WeakKeyDictionary()


def seed_of(font_id: str, recipient: str, text: str) -> int:
    """A stable seed (not Python's salted hash()): the same note in the same font always varies the same way."""
    digest = hashlib.blake2b(f"{font_id}\x00{recipient}\x00{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def form_names(face: Face) -> list[str]:
    """Register the face's letter forms with reportlab (once); their names, form 0 being the face itself."""
    names = [face.rl_name]
    if face.rl_name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(face.rl_name, str(face.path)))
    for index, source in enumerate(letter_forms(face.path).sources[1:], start=1):
        name = f"{face.rl_name}-form{index}"
        if name not in pdfmetrics.getRegisteredFontNames():
            if hasattr(source, "seek"):
                source.seek(0)
            pdfmetrics.registerFont(TTFont(name, source))
        names.append(name)
    return names


class _Glyphs:
    """Char → (font operator, escaped code) for every form of one face in one document."""

    def __init__(self, doc: Any, face: Face, scale: float) -> None:
        self.doc, self.scale = doc, scale
        self.fonts = [pdfmetrics.getFont(name) for name in form_names(face)]
        self.varied = letter_forms(face.path).varied if len(self.fonts) > 1 else frozenset()
        tables = _GLYPHS.setdefault(doc, {})
        self.tables = [tables.setdefault((face, k), {}) for k in range(len(self.fonts))]

    def get(self, char: str, form: int) -> tuple[str, str]:
        table = self.tables[form]
        found = table.get(char)
        if found is None:
            font = self.fonts[form]
            ((subset, code),) = font.splitString(char, self.doc)
            found = table[char] = (font.getSubsetInternalName(subset, self.doc), escapePDF(code))
        return found


_Glyph = tuple[str, str, float, "_Glyphs", int]  # font subset name, code, advance (pt), its table, its form


class _Stream:
    """Reads the table of normals from an offset with a stride: one line's worth of draws for one quantity."""

    __slots__ = ("at", "step")

    def __init__(self, rng: random.Random) -> None:
        self.at, self.step = rng.getrandbits(TABLE_BITS), rng.getrandbits(TABLE_BITS - 1) * 2 + 1

    def next(self) -> float:
        self.at = (self.at + self.step) & _MASK
        return NORMALS[self.at]


def draw_varied_lines(canvas: Canvas, hand: Hand, lines: Sequence[Line], size_pt: float, seed: int,
                      ink: str, dx: float = 0.0, dy: float = 0.0) -> None:
    """Draw laid-out lines with the hand's realism as one text object (seeded by `seed`)."""
    doc = canvas._doc
    rng = random.Random(seed)  # noqa: S311 - seeded on purpose: the same note varies the same way
    writer = _Writer(hand, size_pt, doc, HexColor(ink).rgb())
    writer.start = rng.randrange(len(writer.primary.fonts))
    for line in lines:
        writer.line(line, rng, dx, dy)
    canvas.addLiteral(" ".join(["BT", *writer.code, "ET"]))


class _Writer:
    """The text operators of one card's lines, a line at a time."""

    def __init__(self, hand: Hand, size_pt: float, doc: Any, rgb: tuple[float, float, float]) -> None:
        self.hand, self.size, self.level = hand, size_pt, hand.realism
        self.primary = _Glyphs(doc, hand.primary, 1.0)
        self.fallback = _Glyphs(doc, hand.fallback, hand.fallback_scale)
        self.x_pt = hand.primary.x_height * size_pt
        self.rgb = rgb
        self.code: list[str] = []
        self.font = ""
        self.sizes = {1.0: f"{fp_str(size_pt)} Tf", hand.fallback_scale: f"{fp_str(size_pt * hand.fallback_scale)} Tf"}
        self.start = 0
        self.seen: dict[str, int] = {}

    def glyph(self, char: str) -> _Glyph:
        """(font subset name, code, advance in points, glyph table, form) of the char's next form."""
        hand = self.hand
        if hand.primary.covers(char):
            glyphs, face = self.primary, hand.primary
            form = 0
            if char in glyphs.varied:
                count = self.seen.get(char, self.start)
                self.seen[char] = count + 1
                form = count % len(glyphs.fonts)
        else:
            glyphs, face, form = self.fallback, hand.fallback, 0
        font, code = glyphs.get(char, form)
        return font, code, face.advance(char) * glyphs.scale * self.size, glyphs, form

    def line(self, line: Line, rng: random.Random, dx: float, dy: float) -> None:
        level, x_pt, size = self.level, self.x_pt, self.size
        words = line.text.split(" ")
        space = self.hand.space() * size
        shifts = _word_shifts(len(words), level.space_share * space, level.cap(level.space_share) * space, rng)
        start_x = line.x_pt + dx + rng.random() * level.indent_x * x_pt
        half = max(line.ink_width_pt / 2, 1e-6)
        limit = level.slope_rise_x * x_pt / half  # the line's ends rise or fall at most slope_rise_x
        slope = max(-limit, min(limit, math.tan(math.radians(level.slope_deg * _draw(rng)))))
        waves = [(amplitude * x_pt, 2 * math.pi / (rng.uniform(*span) * x_pt), rng.uniform(0, 2 * math.pi))
                 for amplitude, span in zip(level.wander_x, ((20, 30), (7, 11)), strict=True)]
        streams = [_Stream(rng) for _ in range(7)]
        place = _Place(line.baseline_pt + dy, start_x + half, slope, waves)
        pen = start_x
        for word, shift in zip(words, shifts, strict=True):
            glyphs = [self.glyph(c) for c in word]
            if self.hand.primary.joined:
                self._joined_word(word, glyphs, pen + shift, place, streams)
            else:
                self._word(word, glyphs, pen + shift, place, streams)
            pen += sum(g[2] for g in glyphs) + space

    def _word_ink(self, streams: list[_Stream]) -> tuple[float, float]:
        """The word's lift (points) and scale; its ink value is written out."""
        level = self.level
        lift = streams[0].next() * level.word_lift_x * self.x_pt
        word_scale = 1 + streams[1].next() * level.word_scale
        value = 1 + streams[2].next() / TRUNCATE * level.ink
        self.code.append("{:.3f} {:.3f} {:.3f} rg".format(*(min(1.0, c * value) for c in self.rgb)))
        return lift, word_scale

    def _font(self, font: str) -> None:
        if font != self.font:
            self.code.append(font)
            self.font = font

    def _word(self, word: str, glyphs: list[_Glyph], x: float, place: _Place, streams: list[_Stream]) -> None:
        """A word whose every glyph (a mark riding on its neighbour aside) has its own place, turn and size."""
        level, x_pt, code = self.level, self.x_pt, self.code
        lift, word_scale = self._word_ink(streams)
        pieces = _pieces(word, glyphs)
        shifts = [streams[3].next() * level.glyph_shift_x * x_pt for _ in pieces]
        mean = sum(shifts) / len(shifts) if shifts else 0.0
        base_angle = math.atan(place.slope)
        for (font, codes, advance, table), shift in zip(pieces, shifts, strict=True):
            gx = x + shift - mean
            y = place.y(gx) + lift + streams[4].next() * level.glyph_rise_x * x_pt
            angle = base_angle + math.radians(streams[5].next() * level.glyph_angle_deg)
            s = word_scale * (1 + streams[6].next() * level.glyph_scale)
            a, b = s * math.cos(angle), s * math.sin(angle)
            self._font(f"{font} {self.sizes[table.scale]}")
            code.append(f"{a:.4f} {b:.4f} {-b:.4f} {a:.4f} {gx:.2f} {y:.2f} Tm ({codes}) Tj")
            x += advance

    def _joined_word(self, word: str, glyphs: list[_Glyph], x: float, place: _Place,
                     streams: list[_Stream]) -> None:
        """A connected script's word as one piece: turned and scaled about its middle, lifted as a whole."""
        lift, word_scale = self._word_ink(streams)
        advance = sum(g[2] for g in glyphs)
        mx = x + advance / 2
        my = place.y(mx) + lift
        angle = math.atan(place.slope) + math.radians(streams[3].next() * self.level.word_angle_deg)
        a, b = word_scale * math.cos(angle), word_scale * math.sin(angle)
        half = advance / 2  # text space from the word's start to its middle (the font size is in Tf)
        self.code.append(f"{a:.4f} {b:.4f} {-b:.4f} {a:.4f} {mx - a * half:.2f} {my - b * half:.2f} Tm")
        for font, codes, _advance, table in _pieces(word, glyphs):
            self._font(f"{font} {self.sizes[table.scale]}")
            self.code.append(f"({codes}) Tj")


class _Place:
    """Where a line's baseline is at x: sloped about its centre, wandering in two waves."""

    __slots__ = ("baseline", "centre", "slope", "start", "waves")

    def __init__(self, baseline: float, centre: float, slope: float, waves: list[tuple[float, float, float]]) -> None:
        self.baseline, self.centre, self.slope, self.waves = baseline, centre, slope, waves
        self.start = 0.0  # the pen where the word being drawn starts

    def y(self, x: float) -> float:
        return self.baseline + (x - self.centre) * self.slope + _wander(x, self.waves)


def _pieces(word: str, glyphs: list[_Glyph]) -> list[tuple[str, str, float, _Glyphs]]:
    """The word cut into pieces drawn with one text matrix each: (font, codes, advance, table).

    A mark that floats above the line (RIDERS) goes in one string with the glyph before it,
    and the glyph after it with it, in the piece's form: PDF readers start a new line, or a
    new word, at a piece of text that shares no height with the one before.
    """
    pieces: list[list[Any]] = []  # [font, codes, advance, table, form]
    before = ""
    for char, (font, code, advance, table, form) in zip(word, glyphs, strict=True):
        last = pieces[-1] if pieces else None
        if last is not None and last[3] is table and (char in RIDERS or before in RIDERS):
            merged_font, merged_code = table.get(char, last[4])
            if merged_font == last[0]:
                last[1] += merged_code
                last[2] += advance
                before = char
                continue
        pieces.append([font, code, advance, table, form])
        before = char
    if pieces:  # the space after the word, in the last piece's string: readers keep a space they are given
        last = pieces[-1]
        font, code = last[3].get(" ", last[4])
        if font == last[0]:
            last[1] += code
    return [(p[0], p[1], p[2], p[3]) for p in pieces]


def _draw(rng: random.Random) -> float:
    """One draw of a standard normal truncated at TRUNCATE σ."""
    return NORMALS[rng.getrandbits(TABLE_BITS)]


def _wander(x: float, waves: Iterable[tuple[float, float, float]]) -> float:
    return sum(amplitude * math.sin(k * x + phase) for amplitude, k, phase in waves)


def _word_shifts(count: int, sigma: float, cap: float, rng: random.Random) -> list[float]:
    """Where each word moves (points): spaces vary by σ, capped, summing to zero so the line keeps its ends."""
    if count < 3:
        return [0.0] * count
    deltas = [_draw(rng) * sigma for _ in range(count - 1)]
    mean = sum(deltas) / len(deltas)
    deltas = [d - mean for d in deltas]
    shifts, total = [0.0], 0.0
    for d in deltas:
        total += d
        shifts.append(total)
    shifts[-1] = 0.0
    worst = max(max(abs(d) for d in deltas) / cap, max(abs(s) for s in shifts) / (2 * cap), 1.0)
    return [s / worst for s in shifts]
