"""A built `Batch` → `PlotSheet`s: every card (and envelope) refitted in a single-stroke hand, as pen paths in mm.

A pen plotter holds a real pen, so its input is open strokes, not outlines. Each card's
note is fitted again with the stroke font's own metrics (its advances and ink boxes), on
the card's stationery, at the largest comfortable size, with the same balanced lines and
the same refusal (with numbers) when it cannot fit. The strokes then get the seeded
variation of a hand (a line's slope and wandering baseline, each letter's lift, turn
and size; a joined script varies per word so its letters still meet), and any line that
the variation would push past the message box is drawn with less of it, so every point
the pen touches stays inside. Strokes are ordered to keep the pen's travel in the air
short (nearest neighbour, either direction), and each sheet knows how far the pen goes
down and up, and about how long it takes.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from .addresses import address_card, sender_lines
from .batch import Batch
from .cards import FittedNote, fit_error, font_error, located, paragraphs_of, size_range
from .catalogue.fonts import Hand
from .catalogue.realism import Realism, realism
from .catalogue.strokes import Point, Stroke, StrokeFont, plotter_font_for, stroke_font_of, stroke_hand
from .errors import BatchError, FitError, FontError, NotecardsError
from .fit import Fitter, Layout, Line
from .geometry import MM, Rect
from .interview import Interview

PEN_MM = 0.4  # a fine felt-tip or gel pen's line
PEN_DOWN_MM_S = 25.0  # writing speed: a plotter writing this slowly leaves an even, unhurried line
PEN_UP_MM_S = 75.0  # travelling with the pen raised
LIFT_S = 0.12  # raising and lowering the pen once
WAVELENGTHS_X = ((20, 30), (7, 11))  # the baseline's two slow waves, in x-heights (their heights: the realism level)
TRIES = 4  # a line whose varied strokes would leave the box is drawn again with half the variation


@dataclass(frozen=True)
class PlotterOptions:
    """`build --plotter`: the pen's line width, and how much of a hand's variation the strokes get."""

    pen_mm: float = PEN_MM
    realism: str | None = None  # off, subtle, natural, loose; None: each card's own (as its PDF is drawn)


@dataclass(frozen=True)
class PlotSheet:
    """One sheet for the plotter: a card's inside or an envelope, its strokes in mm (y down) grouped by line."""

    stem: str  # file name without `.svg`
    kind: str  # "card" | "envelope"
    recipient: str
    index: int  # the interviewer's position in the file
    width_mm: float
    height_mm: float
    ink: str  # #RRGGBB
    font: str  # the stroke font's id
    lines: tuple[tuple[Stroke, ...], ...]
    box_mm: tuple[float, float, float, float]  # the message (or address) area, x0 y0 x1 y1 from the top left

    @property
    def strokes(self) -> list[Stroke]:
        return [stroke for line in self.lines for stroke in line]

    @property
    def pen_down_mm(self) -> float:
        return sum(_length(stroke) for stroke in self.strokes)

    @property
    def pen_up_mm(self) -> float:
        """Travel with the pen raised: from the home corner (top left) through every stroke, and back home."""
        pen, total = (0.0, 0.0), 0.0
        for stroke in self.strokes:
            total += math.dist(pen, stroke[0])
            pen = stroke[-1]
        return total + math.dist(pen, (0.0, 0.0))

    @property
    def seconds(self) -> float:
        return self.pen_down_mm / PEN_DOWN_MM_S + self.pen_up_mm / PEN_UP_MM_S + LIFT_S * len(self.strokes)

    def summary(self) -> dict[str, object]:
        return {
            "path": f"plot/{self.stem}.svg",
            "font": self.font,
            "strokes": len(self.strokes),
            "pen_down_mm": round(self.pen_down_mm),
            "pen_up_mm": round(self.pen_up_mm),
            "minutes": round(self.seconds / 60, 1),
        }


@dataclass(frozen=True)
class Plot:
    """Everything `--plotter` writes, in memory: the sheets, and what to warn about (an address too long to plot)."""

    sheets: tuple[PlotSheet, ...]
    warnings: tuple[str, ...]


def plot_sheets(batch: Batch, stems: Sequence[tuple[str, str]], options: PlotterOptions | None = None) -> Plot:
    """Every card of the batch and its envelope, for the plotter; `stems` names each card's two files, in card order.

    Raises with every card that cannot be fitted in its stroke hand, located in the file.
    """
    options = options or PlotterOptions()
    interview = batch.interview
    sender = sender_lines(interview)
    sheets: list[PlotSheet] = []
    warnings: list[str] = []
    failed: list[NotecardsError] = []
    for card, names in zip(batch.cards, stems, strict=True):
        try:
            made, found = _card_sheets(card, names, interview, sender, options)
        except (FitError, FontError) as exc:  # go on: every card that cannot be plotted is said at once
            failed.append(located(exc, interview, card.note.index))
        else:
            sheets += made
            warnings += [f"plotter: {warning}" for warning in found]
    if failed:
        raise failed[0] if len(failed) == 1 else BatchError(failed)
    return Plot(tuple(sheets), tuple(dict.fromkeys(warnings)))


def hand_for(card: FittedNote, interview: Interview) -> Hand:
    """The interviewer's `plotter_font`, else the card's, else the stroke hand closest to the card's font."""
    settings = interview.settings_for(interview.interviewers[card.note.index])
    return stroke_hand(settings.plotter_font or plotter_font_for(card.hand.id))


def _card_sheets(
    card: FittedNote, stems: tuple[str, str], interview: Interview, sender: list[str], options: PlotterOptions
) -> tuple[list[PlotSheet], list[str]]:
    hand = hand_for(card, interview)
    layout = fit_strokes(card, hand, interview, options.pen_mm)
    stationery = card.stationery
    width_pt, height_pt = stationery.sheet_size_pt
    level = realism(options.realism or card.hand.realism.name)
    seed = _seed(hand.id, card.note.recipient, card.note.text)
    addressed, warnings = address_card(card.note.index, stationery, hand, interview, sender)
    blocks = [layout, *addressed.layouts_on_card]
    lines = [line for block in blocks for line in _strokes(block, hand, height_pt, level, seed)]
    font = stroke_font_of(hand.primary).id
    who = (card.note.recipient, card.note.index)
    sheets = [
        PlotSheet(
            stems[0],
            "card",
            *who,
            width_pt / MM,
            height_pt / MM,
            card.ink,
            font,
            tuple(order_strokes(lines)),
            _box_mm(layout.box, height_pt),
        )
    ]
    if addressed.envelope is not None and addressed.blocks:
        w, h = addressed.envelope.size_pt
        written = "\n".join(line.text for block in addressed.blocks for line in block.lines)
        env_seed = _seed(hand.id, card.note.recipient, written)  # the envelope's hand follows its own words
        env_lines = [line for block in addressed.blocks for line in _strokes(block, hand, h, level, env_seed)]
        sheets.append(
            PlotSheet(
                stems[1],
                "envelope",
                *who,
                w / MM,
                h / MM,
                card.ink,
                font,
                tuple(order_strokes(env_lines)),
                _box_mm(Rect(0, 0, w, h), h),
            )
        )
    return sheets, warnings


def fit_strokes(card: FittedNote, hand: Hand, interview: Interview, pen_mm: float = PEN_MM) -> Layout:
    """The card's note fitted in the stroke hand on the card's stationery, the pen's half-width kept inside the box."""
    person = interview.interviewers[card.note.index]
    settings = interview.settings_for(person)
    _, impossible = hand.missing(card.note.text)
    if impossible:
        raise font_error(card.note, interview, person, impossible, "no plotter font")
    fitter = Fitter(paragraphs_of(card.note), hand)
    sizes = size_range(hand, card.stationery, settings)
    inset = pen_mm * MM / 2
    box = card.stationery.message_box.inset(inset)
    size = fitter.largest_size(sizes, box)
    if size is None:
        raise fit_error(card.note, fitter, hand, card.stationery, settings, inset)
    return fitter.layout(size, box)


def _strokes(layout: Layout, hand: Hand, height_pt: float, level: Realism, seed: int) -> list[tuple[Stroke, ...]]:
    """Each line's strokes in mm from the sheet's top left, varied, and never outside the layout's box."""
    x_height_pt = layout.size_pt * hand.primary.x_height
    out = []
    for number, line in enumerate(layout.lines):
        rng_seed = seed * 1000 + number
        for attempt in range(TRIES + 1):
            share = 1 / 2**attempt if attempt < TRIES else 0.0
            rng = random.Random(rng_seed)  # noqa: S311 - a hand's wobble, not a secret
            drawn = _line_strokes(line, hand, layout.size_pt, x_height_pt, _scaled(level, share), rng)
            if _inside(drawn, layout.box):
                break
        out.append(tuple(tuple((x / MM, (height_pt - y) / MM) for x, y in stroke) for stroke in drawn))
    return out


def _line_strokes(
    line: Line, hand: Hand, size_pt: float, x_pt: float, level: Realism, rng: random.Random
) -> list[Stroke]:
    """One line's strokes in page points (y up), varied as much as `level` says."""
    joined = stroke_font_of(hand.primary).style == "joined"
    pen = line.x_pt + rng.uniform(0.0, level.indent_x * x_pt)
    slope = math.radians(_normal(rng, level.slope_deg))
    waves = tuple(
        (a * x_pt, rng.uniform(w0, w1) * x_pt, rng.uniform(0, 2 * math.pi))
        for a, (w0, w1) in zip(level.wander_x, WAVELENGTHS_X, strict=True)
    )
    hand_line = _HandLine(line.baseline_pt, line.x_pt + line.ink_width_pt / 2, slope, waves, x_pt, level, rng)
    runs = hand.runs(line.text)
    glyphs = [(char, stroke_font_of(run.face), size_pt * run.scale) for run in runs for char in run.text]
    strokes: list[Stroke] = []
    for is_space, group in itertools.groupby(glyphs, key=lambda glyph: glyph[0] == " "):
        word = list(group)
        if not is_space:
            strokes += (_joined_word if joined else _printed_word)(word, pen, hand_line)
        pen += sum(font.glyph(char).advance * em for char, font, em in word)
    return strokes


Glyphs = list[tuple[str, StrokeFont, float]]


@dataclass(frozen=True)
class _HandLine:
    """One line as a hand writes it: where its baseline runs, how much it varies, and its random numbers."""

    baseline_pt: float
    centre_pt: float
    slope: float  # radians, about the line's centre
    waves: tuple[tuple[float, float, float], ...]  # (height, wavelength, phase) of each slow wave, in points
    x_pt: float  # the note's x-height
    level: Realism
    rng: random.Random

    def baseline(self, x: float) -> float:
        waves = sum(a * math.sin(2 * math.pi * x / w + p) for a, w, p in self.waves)
        return self.baseline_pt + math.tan(self.slope) * (x - self.centre_pt) + waves

    def normal(self, sigma: float) -> float:
        return _normal(self.rng, sigma)


def _printed_word(word: Glyphs, pen: float, line: _HandLine) -> list[Stroke]:
    """A word of a print hand: each letter lifted, turned and scaled on its own, spacing varied inside the word."""
    level, x_pt = line.level, line.x_pt
    lift = line.normal(level.word_lift_x * x_pt)
    shifts = [line.normal(level.glyph_shift_x * x_pt) for _ in word]
    mean = sum(shifts) / len(shifts)
    strokes: list[Stroke] = []
    for (char, font, em), shift in zip(word, shifts, strict=True):
        x = pen + shift - mean  # the shifts sum to zero: the word keeps its length
        jitter = (math.radians(line.normal(level.glyph_angle_deg)) + line.slope, 1.0 + line.normal(level.glyph_scale))
        y = line.baseline(x) + lift + line.normal(level.glyph_rise_x * x_pt)
        glyph = font.glyph(char)
        strokes += [tuple(_placed(p, em, (0.0, 0.0), x, y, jitter) for p in stroke) for stroke in glyph.strokes]
        pen += glyph.advance * em
    return strokes


def _joined_word(word: Glyphs, pen: float, line: _HandLine) -> list[Stroke]:
    """A word of a joined script as one piece: lifted, turned and scaled about its start, so its letters still meet."""
    level = line.level
    jitter = (math.radians(line.normal(level.word_angle_deg)) + line.slope, 1.0 + line.normal(level.word_scale))
    y = line.baseline(pen) + line.normal(level.word_lift_x * line.x_pt)
    strokes: list[Stroke] = []
    offset = 0.0
    for char, font, em in word:
        glyph = font.glyph(char)
        strokes += [tuple(_placed(p, em, (offset, 0.0), pen, y, jitter) for p in stroke) for stroke in glyph.strokes]
        offset += glyph.advance * em
    return strokes


def _placed(point: Point, em: float, within: Point, x: float, y: float, jitter: tuple[float, float]) -> Point:
    """A glyph's point (ems) at `within` (points) of a piece drawn at (x, y), turned and scaled about (x, y)."""
    turn, scale = jitter
    px, py = (within[0] + point[0] * em) * scale, (within[1] + point[1] * em) * scale
    cos, sin = math.cos(turn), math.sin(turn)
    return x + px * cos - py * sin, y + px * sin + py * cos


def _scaled(level: Realism, share: float) -> Realism:
    """`level` with every variation times `share` (a line drawn again with less of it)."""
    if share == 1.0:
        return level
    changes = {f.name: _times(getattr(level, f.name), share) for f in fields(level) if f.name != "name"}
    return replace(level, **changes)


def _times(value: Any, share: float) -> Any:
    return tuple(v * share for v in value) if isinstance(value, tuple) else value * share


def _normal(rng: random.Random, sigma: float) -> float:
    """A normal deviate truncated at 2.5 σ (a hand's variation has no wild outliers)."""
    return max(-2.5 * sigma, min(2.5 * sigma, rng.gauss(0.0, sigma))) if sigma else 0.0


def _inside(strokes: list[Stroke], box: Rect) -> bool:
    return all(box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1 for stroke in strokes for x, y in stroke)


def _seed(font: str, recipient: str, text: str) -> int:
    """Stable across runs and machines (never Python's salted hash): the same note always gets the same hand."""
    digest = hashlib.sha256(f"{font}\0{recipient}\0{text}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def _box_mm(box: Rect, height_pt: float) -> tuple[float, float, float, float]:
    return (box.x0 / MM, (height_pt - box.y1) / MM, box.x1 / MM, (height_pt - box.y0) / MM)


def _length(stroke: Stroke) -> float:
    return sum(math.dist(a, b) for a, b in itertools.pairwise(stroke))


def order_strokes(lines: list[tuple[Stroke, ...]]) -> list[tuple[Stroke, ...]]:
    """Lines in order; within each, strokes by nearest neighbour from where the pen is, each drawn either way round."""
    pen: Point = (0.0, 0.0)
    out = []
    for line in lines:
        left = list(line)
        ordered: list[Stroke] = []
        while left:
            index, reverse = min(
                ((i, rev) for i in range(len(left)) for rev in (False, True)),
                key=lambda c: math.dist(pen, left[c[0]][-1 if c[1] else 0]),
            )
            stroke = left.pop(index)
            stroke = stroke[::-1] if reverse else stroke
            ordered.append(stroke)
            pen = stroke[-1]
        out.append(tuple(ordered))
    return out
