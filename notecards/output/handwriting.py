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
from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..catalogue.fonts import Face, Hand
from ..catalogue.forms import ALSO_IN_FORMS, FORMS, letter_forms
from ..catalogue.realism import RIDERS, TRUNCATE
from ..fit import Line

TABLE_BITS = 12
INK_STEPS = 11  # ink values a card's words choose from: 1 % apart at natural
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
_TWICE = NORMALS + NORMALS  # a slice from any offset, without wrapping

# Per document: face → per form, char → (font operator, escaped code). Weak: a document's table goes with it.
_GLYPHS: weakref.WeakKeyDictionary[Any, dict[tuple[Face, int], dict[str, tuple[str, str]]]] = (
    weakref.WeakKeyDictionary()
)


def seed_of(font_id: str, recipient: str, text: str) -> int:
    """A stable seed (not Python's salted hash()): the same note in the same font always varies the same way."""
    digest = hashlib.blake2b(f"{font_id}\x00{recipient}\x00{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def form_names(face: Face, forms: bool = True) -> list[str]:
    """Register the face's letter forms with reportlab (once); their names, form 0 being the face itself
    (the only one without `forms`)."""
    names = [face.rl_name]
    if face.rl_name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(face.rl_name, str(face.path)))
    for index, source in enumerate(letter_forms(face.path).sources[1:] if forms else (), start=1):
        name = f"{face.rl_name}-form{index}"
        if name not in pdfmetrics.getRegisteredFontNames():
            if hasattr(source, "seek"):
                source.seek(0)
            pdfmetrics.registerFont(TTFont(name, source))
        names.append(name)
    return names


class _Glyphs:
    """Char → (font operator, escaped code) for every form of one face in one document.

    The fallback face has one form: it fills in a character here and there, and bending
    all of Noto Sans's glyphs would cost seconds for nothing visible.
    """

    def __init__(self, doc: Any, face: Face, scale: float, forms: bool) -> None:
        self.doc, self.scale = doc, scale
        self.fonts = [pdfmetrics.getFont(name) for name in form_names(face, forms)]
        self.varied = letter_forms(face.path).varied if forms else frozenset()
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


def draw_varied_lines(
    canvas: Canvas,
    hand: Hand,
    lines: Sequence[Line],
    size_pt: float,
    seed: int,
    ink: str,
    dx: float = 0.0,
    dy: float = 0.0,
) -> None:
    """Draw laid-out lines with the hand's realism as one text object (seeded by `seed`)."""
    rng = random.Random(seed)  # noqa: S311 - seeded on purpose: the same note varies the same way
    writer = _Writer(hand, size_pt, canvas._doc, HexColor(ink).rgb(), rng.randrange(FORMS))
    for line in lines:
        writer.line(line, rng, dx, dy)
    canvas.addLiteral(" ".join(["BT", *writer.code, "ET"]))


_Piece = list[Any]  # [font operator, codes, advance in points, form, table index]: drawn with one text matrix


class _Writer:
    """The text operators of one card's lines, a line at a time.

    Per glyph the work is a few multiplications, two sines and one formatted string; the
    random numbers are slices of NORMALS at offsets drawn once per line.
    """

    def __init__(self, hand: Hand, size_pt: float, doc: Any, rgb: tuple[float, float, float], start: int) -> None:
        self.hand, self.size, self.level = hand, size_pt, hand.realism
        self.tables = (_Glyphs(doc, hand.primary, 1.0, True), _Glyphs(doc, hand.fallback, hand.fallback_scale, False))
        self.x_pt = hand.primary.x_height * size_pt
        self.rgb = rgb
        self.code: list[str] = []
        self.font = ""
        self.tf = (f" {fp_str(size_pt)} Tf", f" {fp_str(size_pt * hand.fallback_scale)} Tf")
        self.start = start
        self.seen: dict[str, int] = {}
        # char → (table index, varied, advance in points, (font operator, code) of each form)
        self.chars: dict[str, tuple[int, bool, float, tuple[tuple[str, str], ...]]] = {}
        self.inks = [
            _rg(rgb, 1 + (step - INK_STEPS // 2) / (INK_STEPS // 2) * self.level.ink) for step in range(INK_STEPS)
        ]

    def _char(self, char: str) -> tuple[int, bool, float, tuple[tuple[str, str], ...]]:
        found = self.chars.get(char)
        if found is None:
            which = 0 if self.hand.primary.covers(char) else 1
            table, face = self.tables[which], (self.hand.primary, self.hand.fallback)[which]
            varied = char in table.varied
            forms = tuple(
                (font + self.tf[which], code)
                for font, code in (table.get(char, form) for form in range(FORMS if varied else 1))
            )
            found = self.chars[char] = (which, varied, face.advance(char) * table.scale * self.size, forms)
        return found

    def pieces(self, word: str, spaced: bool) -> list[_Piece]:
        """The word's glyphs, each in its next form, cut into pieces (a floating mark rides with its neighbours),
        the space after the word (`spaced`: not the line's last) ending the last piece's string."""
        pieces: list[_Piece] = []
        before, tables, tf, seen, start = "", self.tables, self.tf, self.seen, self.start
        riders = not RIDERS.isdisjoint(word)
        chars = self.chars
        for char in word:
            which, varied, advance, forms = chars.get(char) or self._char(char)
            form = 0
            if varied:
                count = seen.get(char, start)
                seen[char] = count + 1
                form = count % FORMS
            if not riders:
                font, code = forms[form]
                pieces.append([font, code, advance, form, which])
                continue
            table = tables[which]
            if pieces and (char in RIDERS or before in RIDERS):
                last = pieces[-1]
                font, code = table.get(char, last[3] if char in table.varied or char in ALSO_IN_FORMS else 0)
                if font + tf[which] == last[0]:
                    last[1] += code
                    last[2] += advance
                    before = char
                    continue
            font, code = table.get(char, form)
            pieces.append([font + tf[which], code, advance, form, which])
            before = char
        if spaced and pieces:  # readers keep a space they are given; between two pieces of text they may drop it
            last = pieces[-1]
            font, code = tables[last[4]].get(" ", last[3])
            if font + tf[last[4]] == last[0]:
                last[1] += code
        return pieces

    def line(self, line: Line, rng: random.Random, dx: float, dy: float) -> None:
        level, x_pt, size = self.level, self.x_pt, self.size
        words = line.text.split(" ")
        space = self.hand.space() * size
        shifts = _word_shifts(len(words), level.space_share * space, level.cap(level.space_share) * space, rng)
        start_x = line.x_pt + dx + rng.random() * level.indent_x * x_pt
        half = max(line.ink_width_pt / 2, 1e-6)
        limit = level.slope_rise_x * x_pt / half  # the line's ends rise or fall at most slope_rise_x
        slope = max(-limit, min(limit, math.tan(math.radians(level.slope_deg * _draw(rng)))))
        waves = [
            (amplitude * x_pt, 2 * math.pi / (rng.uniform(*span) * x_pt), rng.uniform(0, 2 * math.pi))
            for amplitude, span in zip(level.wander_x, ((20, 30), (7, 11)), strict=True)
        ]
        place = _Place(line.baseline_pt + dy, start_x + half, slope, waves)
        draws = _Draws(rng, len(words))
        pen = start_x
        joined = self.hand.primary.joined
        for index, (word, shift) in enumerate(zip(words, shifts, strict=True)):
            pieces = self.pieces(word, index < len(words) - 1)
            lift, word_scale, turn = self._word_ink(draws, index)
            if joined:
                self._joined_word(pieces, pen + shift, place, lift, word_scale, turn)
            else:
                self._word(pieces, pen + shift, place, lift, word_scale, draws)
            pen += sum(p[2] for p in pieces) + space

    def _word_ink(self, draws: _Draws, index: int) -> tuple[float, float, float]:
        """The word's lift (points), scale and turn (radians); its ink value is written out."""
        level = self.level
        lift, scale, value, turn = draws.word(index)
        self.code.append(self.inks[round((value / TRUNCATE + 1) * (INK_STEPS // 2))])
        return (
            lift * level.word_lift_x * self.x_pt,
            1 + scale * level.word_scale,
            math.radians(turn * level.word_angle_deg),
        )

    def _word(
        self, pieces: list[_Piece], x: float, place: _Place, lift: float, word_scale: float, draws: _Draws
    ) -> None:
        """A word whose every piece (a glyph, with any mark riding on it) has its own place, turn and size."""
        level, x_pt, code = self.level, self.x_pt, self.code
        count = len(pieces)
        shifts, rises, turns, scales = draws.glyphs(count)
        shift_k, rise_k = level.glyph_shift_x * x_pt, level.glyph_rise_x * x_pt
        turn_k, scale_k = math.radians(level.glyph_angle_deg), level.glyph_scale
        mean = sum(shifts) / count * shift_k if count else 0.0
        base_angle = math.atan(place.slope)
        (a1, k1, p1), (a2, k2, p2) = place.waves
        slope, sin = place.slope, math.sin
        y0 = place.baseline - place.centre * slope + lift
        turns_at, scales_at = base_angle * ANGLE_STEPS, (word_scale - 1) * SCALE_STEPS
        turn_k, scale_k = turn_k * ANGLE_STEPS, scale_k * word_scale * SCALE_STEPS
        for (font, codes, advance, _form, _which), shift, rise, turn, scale in zip(
            pieces, shifts, rises, turns, scales, strict=False
        ):
            gx = x + shift * shift_k - mean
            y = y0 + gx * slope + a1 * sin(k1 * gx + p1) + a2 * sin(k2 * gx + p2) + rise * rise_k  # place.y
            # turn and size on their grids, rounded towards none (int()): never past what the fitter allowed
            key = int(turns_at + turn * turn_k) * 4096 + int(scales_at + scale * scale_k)
            matrix = _MATRICES.get(key) or _matrix(key)
            if font != self.font:
                code.append(font)
                self.font = font
            code.append(f"{matrix}{gx:.1f} {y:.1f} Tm({codes})Tj")
            x += advance

    def _joined_word(
        self, pieces: list[_Piece], x: float, place: _Place, lift: float, word_scale: float, turn: float
    ) -> None:
        """A connected script's word as one piece: turned and scaled about its middle, lifted as a whole."""
        advance = sum(p[2] for p in pieces)
        mx = x + advance / 2
        my = place.y(mx) + lift
        angle = math.atan(place.slope) + turn
        a, b = word_scale * math.cos(angle), word_scale * math.sin(angle)
        half = advance / 2  # text space from the word's start to its middle (the font size is in Tf)
        self.code.append(f"{a:.3f} {b:.3f} {-b:.3f} {a:.3f} {mx - a * half:.1f} {my - b * half:.1f} Tm")
        for font, codes, _advance, _form, _which in pieces:
            if font != self.font:
                self.code.append(font)
                self.font = font
            self.code.append(f"({codes})Tj")


class _Draws:
    """One line's random numbers: slices of NORMALS at offsets drawn once for the line."""

    __slots__ = ("at", "offsets", "words")

    def __init__(self, rng: random.Random, words: int) -> None:
        self.offsets = [rng.getrandbits(TABLE_BITS) for _ in range(4)]
        self.words = _slice(rng.getrandbits(TABLE_BITS), 4 * words)
        self.at = 0

    def word(self, index: int) -> tuple[float, float, float, float]:
        w = self.words
        return w[4 * index], w[4 * index + 1], w[4 * index + 2], w[4 * index + 3]

    def glyphs(self, count: int) -> tuple[Sequence[float], Sequence[float], Sequence[float], Sequence[float]]:
        at = self.at
        self.at += count
        a, b, c, d = self.offsets
        return _slice(a + at, count), _slice(b + at, count), _slice(c + at, count), _slice(d + at, count)


def _slice(offset: int, count: int) -> Sequence[float]:
    """`count` consecutive draws from the table, starting anywhere in it (wrapping round)."""
    offset &= _MASK
    if count <= _MASK + 1:
        return _TWICE[offset : offset + count]
    return [NORMALS[(offset + i) & _MASK] for i in range(count)]


class _Place:
    """Where a line's baseline is at x: sloped about its centre, wandering in two waves."""

    __slots__ = ("baseline", "centre", "slope", "waves")

    def __init__(self, baseline: float, centre: float, slope: float, waves: list[tuple[float, float, float]]) -> None:
        self.baseline, self.centre, self.slope, self.waves = baseline, centre, slope, waves

    def y(self, x: float) -> float:
        (a1, k1, p1), (a2, k2, p2) = self.waves
        return self.baseline + (x - self.centre) * self.slope + a1 * math.sin(k1 * x + p1) + a2 * math.sin(k2 * x + p2)


ANGLE_STEPS = 1 / math.radians(0.05)  # glyph turns on a 0.05° grid ...
SCALE_STEPS = 1000  # ... and sizes on a 0.1 % grid: below what print shows, and few enough to reuse the text
_MATRICES: dict[int, str] = {}  # grid key → the first four numbers of a text matrix, formatted


def _matrix(key: int) -> str:
    """ "a b -b a " of the text matrix turning by the key's angle and scaling by its size."""
    turn_steps, scale_steps = divmod(key + 2048, 4096)
    angle, scale = turn_steps / ANGLE_STEPS, 1 + (scale_steps - 2048) / SCALE_STEPS
    a, b = scale * math.cos(angle), scale * math.sin(angle)
    found = _MATRICES[key] = f"{a:.3f} {b:.3f} {-b:.3f} {a:.3f} "
    return found


def _rg(rgb: tuple[float, float, float], value: float) -> str:
    return "{:.3f} {:.3f} {:.3f} rg".format(*(min(1.0, c * value) for c in rgb))


def _draw(rng: random.Random) -> float:
    """One draw of a standard normal truncated at TRUNCATE σ."""
    return NORMALS[rng.getrandbits(TABLE_BITS)]


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
