"""A card's fitted lines + its hand's realism → PDF text operators that vary every glyph as a hand would.

Each word is written along its own short baseline: one text matrix that sits the word's
middle on the line's wandering baseline and turns it a little, its own size and ink
value; inside it each glyph moves to its own spacing and height (`Td`, on a 0.1 pt grid)
in its letter form (forms.py: a letter cycles through its forms, so it never repeats the
form it had the last three times). The variation is seeded by a stable hash of the font,
the recipient and the note, so two builds are byte-identical and editing one note changes
only its card. Random numbers come from a fixed table of truncated normals, read at
offsets drawn once per line: a few draws per line instead of a few per glyph.

The worst case of every draw is what the fitter measured (realism.py), so ink stays in the box."""

from __future__ import annotations

import hashlib
import math
import random
import weakref
from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import escapePDF
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
    doc = canvas._doc
    fonts = _FONTS.setdefault(doc, {}).get((hand.primary, hand.fallback)) or _Fonts.of(doc, hand)
    writer = _Writer(hand, fonts, size_pt, HexColor(ink).rgb(), rng.randrange(FORMS))
    for line in lines:
        writer.line(line, rng, dx, dy)
    canvas.addLiteral(" ".join(["BT", *writer.code, "ET"]))


class _Fonts:
    """One hand's fonts in one document, for all its cards: each font subset numbered, each character's forms
    looked up once, and the `Tf` operators written so far at each size."""

    def __init__(self, doc: Any, hand: Hand) -> None:
        self.doc, self.hand = doc, hand
        # the fallback's table is made when a character needs it: registering Noto Sans costs 20 ms a process
        self.tables: list[_Glyphs] = [_Glyphs(doc, hand.primary, 1.0, True)]
        self.faces = (hand.primary, hand.fallback)
        self.names: list[str] = []  # font number → reportlab's operator name of a font subset
        self.numbers: dict[str, int] = {}
        self.which: list[int] = []  # font number → its table (0 the hand, 1 the fallback)
        # char → (table index, varied, advance in ems, (font number, code) of each form)
        self.chars: dict[str, tuple[int, bool, float, tuple[tuple[int, str], ...]]] = {}
        self.sizes: dict[float, dict[int, str]] = {}

    @classmethod
    def of(cls, doc: Any, hand: Hand) -> _Fonts:
        found = _FONTS[doc][hand.primary, hand.fallback] = cls(doc, hand)
        return found

    def number(self, name: str, which: int) -> int:
        found = self.numbers.get(name)
        if found is None:
            found = self.numbers[name] = len(self.names)
            self.names.append(name)
            self.which.append(which)
        return found

    def char(self, char: str) -> tuple[int, bool, float, tuple[tuple[int, str], ...]]:
        which = 0 if self.hand.primary.covers(char) else 1
        if which == len(self.tables):
            self.tables.append(_Glyphs(self.doc, self.hand.fallback, self.hand.fallback_scale, False))
        table = self.tables[which]
        varied = char in table.varied
        forms = tuple(
            (self.number(font, which), code)
            for font, code in (table.get(char, form) for form in range(FORMS if varied else 1))
        )
        found = self.chars[char] = (which, varied, self.faces[which].advance(char) * table.scale, forms)
        return found


_FONTS: weakref.WeakKeyDictionary[Any, dict[tuple[Face, Face], _Fonts]] = weakref.WeakKeyDictionary()
_MOVES: dict[int, str] = {}  # a Td move on the 0.1 pt grid → "dx dy Td("


def _move(key: int) -> str:
    """ "dx dy Td(" for a move on the 0.1 pt grid."""
    du, dv = divmod(key + 8192, 16384)
    found = _MOVES[key] = f"{du / 10:g} {(dv - 8192) / 10:g} Td("
    return found


_Piece = list[Any]  # [font number, codes, advance in points, form, table index]: one glyph (and its riders)


class _Writer:
    """The text operators of one card's lines, a line at a time.

    A word gets one text matrix (its place on the line and its turn) and one size (`Tf`,
    written again only where the letter form's font changes). Inside it each glyph moves
    to its own place with `Td` (two numbers on a 0.1 pt grid, each distinct move formatted
    once). The random numbers are slices of NORMALS at offsets drawn once per line.
    """

    def __init__(self, hand: Hand, fonts: _Fonts, size_pt: float, rgb: tuple[float, float, float], start: int) -> None:
        self.hand, self.fonts, self.size, self.level = hand, fonts, size_pt, hand.realism
        self.x_pt = hand.primary.x_height * size_pt
        self.code: list[str] = []
        self.font = -1  # the font number and size key of the last Tf written
        self.start = start
        self.seen: dict[str, int] = {}
        self.tfs = fonts.sizes.setdefault(size_pt, {})  # font number and size key → "/F1+0 12.34 Tf"
        self.inks = [
            _rg(rgb, 1 + (step - INK_STEPS // 2) / (INK_STEPS // 2) * self.level.ink) for step in range(INK_STEPS)
        ]
        level, x_pt = self.level, self.x_pt
        # per card, in tenths of a point (the grid glyphs move on): a glyph's shift and rise per σ
        self.shift_k, self.rise_k = 10 * level.glyph_shift_x * x_pt, 10 * level.glyph_rise_x * x_pt
        # a word's turn per σ; its ends rise or fall at most `allowance` beyond a glyph's own shift
        self.turn_k, self.allowance = math.radians(level.glyph_angle_deg), level.word_turn_rise_x * x_pt
        self.pad = 2 * level.cap(level.glyph_shift_x) * x_pt
        self.turn_cap = math.radians(level.cap(level.glyph_angle_deg)) - 1 / ANGLE_STEPS

    def pieces(self, word: str, spaced: bool) -> list[_Piece]:
        """The word's glyphs, each in its next form, cut into pieces (a floating mark rides with its neighbours),
        the space after the word (`spaced`: not the line's last) ending the last piece's string."""
        pieces: list[_Piece] = []
        fonts, size, seen, start = self.fonts, self.size, self.seen, self.start
        before, tables, number = "", fonts.tables, fonts.number
        riders = not RIDERS.isdisjoint(word)
        chars = fonts.chars
        for char in word:
            which, varied, advance_em, forms = chars.get(char) or fonts.char(char)
            advance = advance_em * size
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
                name, code = table.get(char, last[3] if char in table.varied or char in ALSO_IN_FORMS else 0)
                if number(name, which) == last[0]:
                    last[1] += code
                    last[2] += advance
                    before = char
                    continue
            name, code = table.get(char, form)
            pieces.append([number(name, which), code, advance, form, which])
            before = char
        if spaced and pieces:  # readers keep a space they are given; between two pieces of text they may drop it
            last = pieces[-1]
            name, code = tables[last[4]].get(" ", last[3])
            if number(name, last[4]) == last[0]:
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
            width = sum(p[2] for p in pieces)
            if joined:
                self._joined_word(pieces, pen + shift, place, lift, word_scale, turn)
            else:
                self._word(pieces, pen + shift, width, place, lift, word_scale, turn, draws)
            pen += width + space

    def _word_ink(self, draws: _Draws, index: int) -> tuple[float, float, float]:
        """The word's lift (points), scale and turn (a normal draw); its ink value is written out."""
        level = self.level
        lift, scale, value, turn = draws.word(index)
        self.code.append(self.inks[round((value / TRUNCATE + 1) * (INK_STEPS // 2))])
        return lift * level.word_lift_x * self.x_pt, 1 + scale * level.word_scale, turn

    def _word(
        self,
        pieces: list[_Piece],
        x: float,
        width: float,
        place: _Place,
        lift: float,
        word_scale: float,
        turn: float,
        draws: _Draws,
    ) -> None:
        """A word on its own short baseline: one text matrix, sitting on the line's wandering baseline at the
        word's middle and turned about it; in it each piece (a glyph and any mark riding on it) moves sideways
        and up or down with `Td`, and the word has its own size in `Tf`.

        The turn is the glyph turn's draw, cut so that the word's ends rise or fall at most
        `word_turn_rise_x` (what the fitter allows for, realism.py): long words turn less.
        """
        code, moves = self.code, _MOVES
        count = len(pieces)
        if not count:
            return
        shifts, rises = draws.glyphs(count)
        reach = width / 2 + self.pad  # how far the word's glyphs reach from its middle
        angle = turn * self.turn_k
        if abs(math.tan(angle)) * reach > self.allowance or abs(angle) > self.turn_cap:
            angle = math.copysign(min(math.atan(self.allowance / reach), self.turn_cap), angle)
        # on the grid, rounded towards none (int()): never past what the fitter allowed
        matrix, cos_t, sin_t = _TURNS.get(key := int((place.angle + angle) * ANGLE_STEPS)) or _turn(key)
        half = width / 2
        ox = x + half  # the word's middle, on the line ...
        oy = place.y(ox) + lift - half * sin_t
        ox -= half * cos_t  # ... and back along the turned word to its start
        code.append(f"{matrix}{ox:.1f} {oy:.1f} Tm")
        size, font = int((word_scale - 1) * SCALE_STEPS), -1
        tfs, shift_k, rise_k = self.tfs, self.shift_k, self.rise_k
        # on the 0.1 pt grid, as 16384 × u + v; the offsets make int() round (not truncate) and cancel in `at - last`
        u = 10000.5 - sum(shifts) / count * shift_k  # the shifts sum to zero inside the word
        last = 10000 * 16384 + 10000
        for (number, codes, advance, _form, _which), shift, rise in zip(pieces, shifts, rises, strict=False):
            at = int(u + shift * shift_k) * 16384 + int(rise * rise_k + 10000.5)
            if number != font:
                font = number
                code.append(tfs.get(number * 8192 + size) or self._tf(number * 8192 + size))
            code.append((moves.get(at - last) or _move(at - last)) + codes + ")Tj")
            last = at
            u += 10 * advance

    def _tf(self, key: int) -> str:
        """ "/F1+0 12.345 Tf" for a font number and size key (the size on its grid, cut to 1/1000 pt)."""
        font, steps = divmod(key + 4096, 8192)
        fonts = self.fonts
        size = (
            self.size * (fonts.hand.fallback_scale if fonts.which[font] else 1.0) * (1 + (steps - 4096) / SCALE_STEPS)
        )
        found = self.tfs[key] = f"{fonts.names[font]} {math.floor(size * 1000) / 1000:g} Tf"
        return found

    def _joined_word(
        self, pieces: list[_Piece], x: float, place: _Place, lift: float, word_scale: float, turn: float
    ) -> None:
        """A connected script's word as one piece: turned and scaled about its middle, lifted as a whole."""
        advance = sum(p[2] for p in pieces)
        mx = x + advance / 2
        my = place.y(mx) + lift
        angle = math.atan(place.slope) + math.radians(turn * self.level.word_angle_deg)
        a, b = word_scale * math.cos(angle), word_scale * math.sin(angle)
        half = advance / 2  # text space from the word's start to its middle (the font size is in Tf)
        self.code.append(f"{a:.3f} {b:.3f} {-b:.3f} {a:.3f} {mx - a * half:.1f} {my - b * half:.1f} Tm")
        for font, codes, _advance, _form, _which in pieces:
            key = font * 8192  # the size the fitter measured: the word's scale is in the matrix
            if key != self.font:
                self.code.append(self.tfs.get(key) or self._tf(key))
                self.font = key
            self.code.append(f"({codes})Tj")


class _Draws:
    """One line's random numbers: slices of NORMALS at offsets drawn once for the line."""

    __slots__ = ("at", "offsets", "words")

    def __init__(self, rng: random.Random, words: int) -> None:
        self.offsets = [rng.getrandbits(TABLE_BITS) for _ in range(2)]
        self.words = _slice(rng.getrandbits(TABLE_BITS), 4 * words)
        self.at = 0

    def word(self, index: int) -> tuple[float, float, float, float]:
        w = self.words
        return w[4 * index], w[4 * index + 1], w[4 * index + 2], w[4 * index + 3]

    def glyphs(self, count: int) -> tuple[Sequence[float], Sequence[float]]:
        """The word's glyph shifts and rises (normal draws)."""
        at = self.at
        self.at += count
        a, b = self.offsets
        return _slice(a + at, count), _slice(b + at, count)


def _slice(offset: int, count: int) -> Sequence[float]:
    """`count` consecutive draws from the table, starting anywhere in it (wrapping round)."""
    offset &= _MASK
    if count <= _MASK + 1:
        return _TWICE[offset : offset + count]
    return [NORMALS[(offset + i) & _MASK] for i in range(count)]


class _Place:
    """Where a line's baseline is at x: sloped about its centre, wandering in two waves."""

    __slots__ = ("angle", "baseline", "centre", "slope", "waves")

    def __init__(self, baseline: float, centre: float, slope: float, waves: list[tuple[float, float, float]]) -> None:
        self.baseline, self.centre, self.slope, self.waves = baseline, centre, slope, waves
        self.angle = math.atan(slope)

    def y(self, x: float) -> float:
        (a1, k1, p1), (a2, k2, p2) = self.waves
        return self.baseline + (x - self.centre) * self.slope + a1 * math.sin(k1 * x + p1) + a2 * math.sin(k2 * x + p2)


ANGLE_STEPS = 1 / math.radians(0.05)  # a word turns on a 0.05° grid ...
SCALE_STEPS = 1000  # ... and a glyph's size is on a 0.1 % grid: below what print shows, and few enough to reuse
_TURNS: dict[int, tuple[str, float, float]] = {}  # grid key → ("a b -b a " of the text matrix, cos, sin)


def _turn(key: int) -> tuple[str, float, float]:
    angle = key / ANGLE_STEPS
    cos, sin = math.cos(angle), math.sin(angle)
    found = _TURNS[key] = (f"{cos:.4f} {sin:.4f} {-sin:.4f} {cos:.4f} ", cos, sin)
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
