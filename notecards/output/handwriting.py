"""A card's fitted lines + its hand's realism → PDF text operators that vary every glyph as a hand would.

Each word is written along its own short baseline: one text matrix that sits the word's
middle on the line's wandering baseline and turns it a little, its own size and ink
value; inside it each glyph moves to its own spacing and height (`Td`, on a 0.1 pt grid)
in its letter form (forms.py): a word is written in one form, except that a letter never
takes a form it had within the last WINDOW letters. The variation is seeded by a stable
hash of the font, the recipient and the note, and a hand's fonts come into a document in
a fixed order, so two builds are byte-identical and editing one note changes only its
card. Random numbers come from a fixed table of truncated normals, read at offsets drawn
once per line: a few draws per line instead of a few per glyph.

The worst case of every draw is what the fitter measured (realism.py), so ink stays in the box."""

from __future__ import annotations

import hashlib
import math
import random
import weakref
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..catalogue.fonts import Face, Hand
from ..catalogue.forms import ALSO_IN_FORMS, FORMS, MOST_FORMS, WINDOW, form_source, letter_forms
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


def form_name(face: Face, form: int) -> str:
    """Register one of the face's letter forms with reportlab (once); its name. Form 0 is the face itself."""
    name = f"{face.rl_name}-form{form}" if form else face.rl_name
    if name not in pdfmetrics.getRegisteredFontNames():
        source = form_source(face.path, form) if form else str(face.path)
        if not isinstance(source, str):
            source.seek(0)
        pdfmetrics.registerFont(TTFont(name, source))
    return name


class _Glyphs:
    """Char → (font operator, escaped code) for every form of one face in one document.

    The fallback face has one form: it fills in a character here and there, and bending
    all of Noto Sans's glyphs would cost seconds for nothing visible.
    """

    def __init__(self, doc: Any, face: Face, scale: float, forms: bool) -> None:
        self.doc, self.face, self.scale = doc, face, scale
        self.fonts: dict[int, Any] = {}  # form → reportlab's font, registered when first drawn
        self.varied = letter_forms(face.path).varied if forms else frozenset()
        self.kept = self.varied | ALSO_IN_FORMS if forms else frozenset()  # what every form font draws
        self.tables = _GLYPHS.setdefault(doc, {})

    def get(self, char: str, form: int) -> tuple[str, str]:
        table = self.tables.get((self.face, form)) or self.tables.setdefault((self.face, form), {})
        found = table.get(char)
        if found is None:
            font = self.fonts.get(form) or self.fonts.setdefault(form, pdfmetrics.getFont(form_name(self.face, form)))
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
    and each word's characters looked up once, and the `Tf` operators written so far at each size."""

    def __init__(self, doc: Any, hand: Hand) -> None:
        self.doc, self.hand = doc, hand
        # the fallback's table is made when a character needs it: registering Noto Sans costs 20 ms a process
        self.tables: list[_Glyphs] = [_Glyphs(doc, hand.primary, 1.0, True)]
        self.faces = (hand.primary, hand.fallback)
        self.names: list[str] = []  # font number → reportlab's operator name of a font subset
        self.numbers: dict[str, int] = {}
        self.which: list[int] = []  # font number → its table (0 the hand, 1 the fallback)
        self.spaces: list[str] = []  # font number → the escaped code of its space, closing a string: " )Tj"
        self.chars: dict[str, _Char] = {}
        self.words: dict[str, tuple[float, tuple[_Char, ...], bool]] = {}  # word → (advance in ems, chars, riders)
        self.sizes: dict[float, dict[int, str]] = {}
        self.ready = 0  # how many fonts of FIRST_USE are in use in the document
        self.use((0, FORMS - 1))

    @classmethod
    def of(cls, doc: Any, hand: Hand) -> _Fonts:
        found = _FONTS[doc][hand.primary, hand.fallback] = cls(doc, hand)
        return found

    def number(self, name: str, which: int, form: int) -> int:
        found = self.numbers.get(name)
        if found is None:
            found = self.numbers[name] = len(self.names)
            self.names.append(name)
            self.which.append(which)
            self.spaces.append(self.tables[which].get(" ", form)[1] + ")Tj")  # every form font keeps it (forms.py)
        return found

    def use(self, font: tuple[int, int]) -> None:
        """Put `font` (table, form) in use in the document, after every font before it in FIRST_USE.

        reportlab names a document's fonts in the order they are first used, and a card's
        bytes must not depend on what an earlier card said: a fallback character or a letter
        run in card 1 would otherwise rename the fonts of card 3.
        """
        end = FIRST_USE.index(font) + 1
        while self.ready < end:
            which, form = FIRST_USE[self.ready]
            if which == len(self.tables):
                self.tables.append(_Glyphs(self.doc, self.hand.fallback, self.hand.fallback_scale, False))
            self.number(self.tables[which].get(" ", form)[0], which, form)
            self.ready += 1

    def word(self, word: str) -> tuple[float, tuple[_Char, ...], bool]:
        """The word's advance in ems, its characters' entries and whether a mark rides in it."""
        chars = tuple(self.chars.get(char) or self.char(char) for char in word)
        found = self.words[word] = (sum(c[2] for c in chars), chars, not RIDERS.isdisjoint(word))
        return found

    def char(self, char: str) -> _Char:
        which = 0 if self.hand.primary.covers(char) else 1
        if which:
            self.use((1, 0))
        table = self.tables[which]
        # MOST_FORMS long, so that any form indexes it; forms past FORMS are drawn from when first needed (further)
        drawn: list[_Form | None] = [None] * MOST_FORMS
        for form in range(MOST_FORMS):
            if form < FORMS or char not in table.kept:
                own = form if char in table.kept else 0  # a character without forms is drawn from form 0's font
                name, code = table.get(char, own)
                drawn[form] = (self.number(name, which, own), code + ")Tj", self.advance(char, which, own))
        widest = max(self.advance(char, which, form) for form in range(FORMS))  # what the fitter measured
        found = self.chars[char] = (char, char in table.varied, widest, drawn)
        return found

    def further(self, char: str, form: int) -> _Form:
        """A character in a form past FORMS, from now on (only letters of the hand go there)."""
        self.use((0, form))
        name, code = self.tables[0].get(char, form)
        found = self.chars[char][3][form] = (self.number(name, 0, form), code + ")Tj", self.advance(char, 0, form))
        return found

    def advance(self, char: str, which: int, form: int) -> float:
        """The character's advance in ems in this form (a font's own alternates keep theirs, forms.py)."""
        widths = self.faces[0].form_advances(char) if which == 0 else None
        return widths[form % FORMS] if widths else self.faces[which].advance(char) * self.tables[which].scale


_FONTS: weakref.WeakKeyDictionary[Any, dict[tuple[Face, Face], _Fonts]] = weakref.WeakKeyDictionary()
# (table, form) of each font a hand may draw from, in the order they are first used in a document: the first
# FORMS forms with the first card, the fallback and the forms past FORMS when a card first needs them
FIRST_USE = [(0, form) for form in range(FORMS)] + [(1, 0)] + [(0, form) for form in range(FORMS, MOST_FORMS)]
_MOVES: dict[int, str] = {}  # a Td move on the 0.1 pt grid → "dx dy Td("
_TENTHS: dict[int, str] = {}  # a coordinate in tenths of a point → its text ("12.3")


def _tenths(value: int) -> str:
    found = _TENTHS[value] = f"{value / 10:.1f}"
    return found


def _move(key: int) -> str:
    """ "dx dy Td(" for a move on the 0.1 pt grid."""
    du, dv = divmod(key + 8192, 16384)
    found = _MOVES[key] = f"{_num(du / 10, 'g')} {_num((dv - 8192) / 10, 'g')} Td("
    return found


_Form = tuple[int, str, float]
"""A character in one form: (font number, escaped code closing a string ("a)Tj"), advance in ems)."""
_Char = tuple[str, bool, float, list[_Form | None]]
"""A character's entry: (itself, whether its forms differ, its widest advance in ems, itself in each form (None:
a further form not drawn yet))."""


class _Writer:
    """The text operators of one card's lines, a line at a time.

    A word gets one text matrix (its place on the line and its turn) and one size (`Tf`).
    Inside it each glyph moves to its own place with `Td` (two numbers on a 0.1 pt grid,
    each distinct move formatted once). The random numbers are slices of NORMALS at
    offsets drawn once per line.

    Letter forms: a word starts in the next form of a cycle and keeps it, so that most
    words need one `Tf`; a letter that had this form within the last WINDOW letters
    takes the form it had longest ago instead.
    """

    def __init__(self, hand: Hand, fonts: _Fonts, size_pt: float, rgb: tuple[float, float, float], start: int) -> None:
        self.hand, self.fonts, self.size, self.level = hand, fonts, size_pt, hand.realism
        self.x_pt = hand.primary.x_height * size_pt
        self.code: list[str] = []
        self.form, self.letters = start, 0  # the form the next word starts in; letters drawn so far
        self.font = -1  # joined scripts: the font of the last Tf (their size is in the text matrix)
        self.used: dict[str, list[int]] = {}  # letter → the letter count at which it last had each form
        self.tfs = fonts.sizes.setdefault(size_pt, {})  # font number and size key → "/F1+0 12.34 Tf"
        self.inks = _INKS.get((rgb, self.level.ink)) or _inks(rgb, self.level.ink)
        self.ink = ""  # the last `rg` written
        level, x_pt = self.level, self.x_pt
        # per card, in tenths of a point (the grid glyphs move on): a glyph's shift and rise per σ
        self.shift_k, self.rise_k = 10 * level.glyph_shift_x * x_pt, 10 * level.glyph_rise_x * x_pt
        # a word's turn per σ; its ends rise or fall at most `allowance` beyond a glyph's own shift
        self.turn_k, self.allowance = math.radians(level.glyph_angle_deg), level.word_turn_rise_x * x_pt
        self.pad = 2 * level.cap(level.glyph_shift_x) * x_pt
        self.turn_cap = math.radians(level.cap(level.glyph_angle_deg)) - 1 / ANGLE_STEPS

    def line(self, line: Line, rng: random.Random, dx: float, dy: float) -> None:
        level, x_pt, size, fonts = self.level, self.x_pt, self.size, self.fonts
        words = line.text.split(" ")
        space = self.hand.space() * size
        shifts = _word_shifts(len(words), level.space_share * space, level.cap(level.space_share) * space, rng)
        start_x = line.x_pt + dx + rng.random() * level.indent_x * x_pt
        half = max(line.ink_width_pt / 2, 1e-6)
        limit = level.slope_rise_x * x_pt / half  # the line's ends rise or fall at most slope_rise_x
        slope = max(-limit, min(limit, math.tan(math.radians(level.slope_deg * _draw(rng)))))
        # two waves: a long one of 20-30 X and a short one of 7-11 X (uniform(a, b) is a + (b - a) * random())
        random, (long_x, short_x) = rng.random, level.wander_x
        long_wave = (long_x * x_pt, 2 * math.pi / ((20 + 10 * random()) * x_pt), 2 * math.pi * random())
        short_wave = (short_x * x_pt, 2 * math.pi / ((7 + 4 * random()) * x_pt), 2 * math.pi * random())
        place = _Place(line.baseline_pt + dy, start_x + half, slope, [long_wave, short_wave])
        # the line's random numbers: slices of NORMALS at offsets drawn once for the line
        shift_at, rise_at = rng.getrandbits(TABLE_BITS), rng.getrandbits(TABLE_BITS)
        draws = _slice(rng.getrandbits(TABLE_BITS), 4 * len(words))
        pen, last, known, at = start_x, len(words) - 1, fonts.words, 0
        lift_k, scale_k, inks, code = level.word_lift_x * x_pt, level.word_scale, self.inks, self.code
        write = self._joined_word if self.hand.primary.joined else self._word
        for index, (word, shift) in enumerate(zip(words, shifts, strict=True)):
            advance, chars, riders = known.get(word) or fonts.word(word)
            lift, scale, value, turn = draws[4 * index : 4 * index + 4]
            ink = inks[round((value / TRUNCATE + 1) * (INK_STEPS // 2))]
            if ink is not self.ink:  # the pen's ink stays until it changes
                code.append(ink)
                self.ink = ink
            width = advance * size
            if chars:
                count = len(chars)
                o, r = (shift_at + at) & _MASK, (rise_at + at) & _MASK  # each glyph's shift and rise: slices
                glyphs = (
                    (_TWICE[o : o + count], _TWICE[r : r + count])
                    if count <= _MASK
                    else (_slice(o, count), _slice(r, count))
                )
                width = write(
                    chars,
                    riders,
                    index < last,
                    pen + shift,
                    width,
                    place,
                    lift * lift_k,
                    1 + scale * scale_k,
                    turn,
                    glyphs,
                )
                at += count
            pen += width + space

    # The hot path of realism (a call per word, a pass per glyph): tuples, locals and positional arguments,
    # measured with callgrind against the clearer forms they replaced (benchmarks/bench_build.py).
    def _word(
        self,
        chars: tuple[_Char, ...],
        riders: bool,
        spaced: bool,
        x: float,
        width: float,
        place: _Place,
        lift: float,
        word_scale: float,
        turn: float,
        glyphs: tuple[Sequence[float], Sequence[float]],
    ) -> float:
        """A word on its own short baseline: one text matrix, sitting on the line's wandering baseline at the
        word's middle and turned about it; in it each glyph moves sideways and up or down with `Td` (a floating
        mark rides in its neighbour's string), and the word has its own size in `Tf`. The space after the word
        (`spaced`: not the line's last) ends its last string: readers keep a space they are given.

        The turn is the glyph turn's draw, cut so that the word's ends rise or fall at most
        `word_turn_rise_x` (what the fitter allows for, realism.py): long words turn less.
        Returns the width drawn: `width`, the widest forms' that the fitter measured, or less.
        """
        code, moves = self.code, _MOVES
        count = len(chars)
        shifts, rises = glyphs
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
        x10, y10 = round(ox * 10), round(oy * 10)  # on the 0.1 pt grid, each coordinate formatted once
        code.append(f"{matrix}{_TENTHS.get(x10) or _tenths(x10)} {_TENTHS.get(y10) or _tenths(y10)} Tm")
        size, font, before = int((word_scale - 1) * SCALE_STEPS), -1, ""
        tfs, shift_k, rise_k, step = self.tfs, self.shift_k, self.rise_k, 10 * self.size
        form, letters, used_of, fonts = self.form, self.letters, self.used, self.fonts
        # on the 0.1 pt grid, as 16384 × u + v; the offsets make int() round (not truncate) and cancel in `at - last`
        u = start = 10000.5 - sum(shifts) / count * shift_k  # the shifts sum to zero inside the word
        last = 10000 * 16384 + 10000
        for (char, varied, _widest, forms), shift, rise in zip(chars, shifts, rises, strict=True):
            if varied:
                form = _form_of(used_of, char, form, letters)
                letters += 1
            number, codes, advance = forms[form] or fonts.further(char, form)
            if riders and (char in RIDERS or before in RIDERS) and number == font:
                code[-1] = code[-1][:-3] + codes  # rides in the string before: no move of its own
            else:
                at = int(u + shift * shift_k) * 16384 + int(rise * rise_k + 10000.5)
                if number != font:
                    font = number
                    code.append(tfs.get(number * 8192 + size) or self._tf(number * 8192 + size))
                code.append((moves.get(at - last) or _move(at - last)) + codes)
                last = at
            before = char
            u += advance * step
        if spaced:
            code[-1] = code[-1][:-3] + fonts.spaces[font]
        self.form, self.letters = (self.form + 1) % FORMS, letters
        return (u - start) / 10  # u moved in tenths of a point

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
        self,
        chars: tuple[_Char, ...],
        _riders: bool,
        spaced: bool,
        x: float,
        advance: float,
        place: _Place,
        lift: float,
        word_scale: float,
        turn: float,
        _glyphs: tuple[Sequence[float], Sequence[float]],
    ) -> float:
        """A connected script's word as one piece: turned and scaled about its middle, lifted as a whole; its
        letters in strings, one for each run in one font. Returns the width drawn."""
        mx = x + advance / 2
        my = place.y(mx) + lift
        angle = math.atan(place.slope) + math.radians(turn * self.level.word_angle_deg)
        a, b = word_scale * math.cos(angle), word_scale * math.sin(angle)
        half = advance / 2  # text space from the word's start to its middle (the font size is in Tf)
        code = self.code
        code.append(f"{a:.3f} {b:.3f} {-b:.3f} {a:.3f} {mx - a * half:.1f} {my - b * half:.1f} Tm")
        form, letters, used_of, font, run, drawn = self.form, self.letters, self.used, self.font, list[str](), 0.0
        for char, varied, _widest, forms in chars:
            if varied:
                form = _form_of(used_of, char, form, letters)
                letters += 1
            number, codes, width = forms[form] or self.fonts.further(char, form)
            drawn += width
            if number != font:
                if run:
                    code.append(f"({''.join(run)})Tj")
                font, run = number, []
                code.append(self.tfs.get(number * 8192) or self._tf(number * 8192))  # the scale is in the matrix
            run.append(codes[:-3])
        code.append(f"({''.join(run)}{self.fonts.spaces[font] if spaced else ')Tj'}")
        self.form, self.letters, self.font = (self.form + 1) % FORMS, letters, font
        return drawn * self.size


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
    found = _TURNS[key] = (" ".join(_num(v, ".4f") for v in (cos, sin, -sin, cos)) + " ", cos, sin)
    return found


_INKS: dict[tuple[tuple[float, float, float], float], list[str]] = {}  # (colour, ink share) → its `rg` operators


def _inks(rgb: tuple[float, float, float], share: float) -> list[str]:
    """The INK_STEPS values a word's ink takes: the colour darker or lighter by up to `share`."""
    found = _INKS[rgb, share] = [
        " ".join(_num(min(1.0, c * value), ".3f") for c in rgb) + " rg"
        for step in range(INK_STEPS)
        for value in [1 + (step - INK_STEPS // 2) / (INK_STEPS // 2) * share]
    ]
    return found


def _form_of(used_of: dict[str, list[int]], char: str, form: int, letters: int) -> int:
    """The form a letter is drawn in: its word's `form`, unless it had that form within the last WINDOW letters
    (`letters`: how many were drawn before it); noted in `used_of`, its letter count in each form."""
    used = used_of.get(char) or used_of.setdefault(char, [-WINDOW - 1] * MOST_FORMS)
    if letters - used[form] <= WINDOW:
        form = _fresh_form(used, letters)
    used[form] = letters
    return form


def _fresh_form(used: list[int], letters: int) -> int:
    """The form a letter takes when its word's form is one it had within the last WINDOW letters: of the first
    FORMS, the one it had longest ago; past them when it had all of those within the window (`used`: the letter
    count at which it last had each form)."""
    first = used[:FORMS]
    form = first.index(min(first))
    return form if letters - used[form] > WINDOW else used.index(min(used))


def _num(value: float, spec: str) -> str:
    """`value` formatted by `spec` in the fewest characters: no 0 before the point nor after the last digit (".25")."""
    text = format(value, spec)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "-"):
        return "0"
    return text[1:] if text.startswith("0.") else "-" + text[2:] if text.startswith("-0.") else text


def _draw(rng: random.Random) -> float:
    """One draw of a standard normal truncated at TRUNCATE σ."""
    return NORMALS[rng.getrandbits(TABLE_BITS)]


def _word_shifts(count: int, sigma: float, cap: float, rng: random.Random) -> list[float]:
    """Where each word moves (points): spaces vary by σ, capped, summing to zero so the line keeps its ends."""
    if count < 3:
        return [0.0] * count
    draws = _slice(rng.getrandbits(TABLE_BITS), count - 1)
    mean = sum(draws) / (count - 1)
    deltas = [(d - mean) * sigma for d in draws]
    shifts = list(accumulate(deltas, initial=0.0))
    shifts[-1] = 0.0
    worst = max(max(map(abs, deltas)) / cap, max(map(abs, shifts)) / (2 * cap), 1.0)
    return [s / worst for s in shifts] if worst > 1.0 else shifts
