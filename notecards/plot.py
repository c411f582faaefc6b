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
from dataclasses import dataclass

from .addresses import address_card, sender_lines
from .batch import Batch
from .cards import FittedNote, fit_error, located, paragraphs_of, size_range
from .catalogue.fonts import Hand
from .catalogue.strokes import Point, Stroke, plotter_font_for, stroke_font_of, stroke_hand
from .errors import BatchError, FitError, FontError, NotecardsError
from .fit import Fitter, Layout, Line
from .geometry import MM, Rect
from .interview import Interview

PEN_MM = 0.4  # a fine felt-tip or gel pen's line
PEN_DOWN_MM_S = 25.0  # writing speed: a plotter writing this slowly leaves an even, unhurried line
PEN_UP_MM_S = 75.0  # travelling with the pen raised
LIFT_S = 0.12  # raising and lowering the pen once
REALISM = {"off": 0.0, "subtle": 0.5, "natural": 1.0, "loose": 1.6}  # how much of the variation below
# Standard deviations (truncated at 2.5 σ); X is the note's x-height.
LINE_SLOPE_DEG = 0.35
WANDER_X = (0.04, 0.02)  # two slow waves under each line, of 20–30 X and 7–11 X wavelength
LINE_START_X = 0.15  # a line starts up to this far right of the margin (never left of it)
LIFT_X = 0.03  # a letter (or a joined script's word) sits a little above or below the line
TURN_DEG = 1.2
SCALE = 0.02
TRIES = 4  # a line whose varied strokes would leave the box is drawn again with half the variation


@dataclass(frozen=True)
class PlotterOptions:
    """`build --plotter`: the pen's line width, and how much of a hand's variation the strokes get."""

    pen_mm: float = PEN_MM
    realism: str = "natural"


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
        return {"path": f"plot/{self.stem}.svg", "font": self.font, "strokes": len(self.strokes),
                "pen_down_mm": round(self.pen_down_mm), "pen_up_mm": round(self.pen_up_mm),
                "minutes": round(self.seconds / 60, 1)}


def plot_sheets(batch: Batch, stems: Sequence[str], realism: str = "natural") -> tuple[PlotSheet, ...]:
    """Every card of the batch (`stems`: one file name each, in card order) and its envelope, for the plotter.

    Raises with every card that cannot be fitted in its stroke hand, located in the file.
    """
    interview = batch.interview
    sender = sender_lines(interview)
    sheets: list[PlotSheet] = []
    failed: list[NotecardsError] = []
    for card, stem in zip(batch.cards, stems, strict=True):
        try:
            sheets += _card_sheets(card, stem, interview, sender, realism)
        except (FitError, FontError) as exc:  # go on: every card that cannot be plotted is said at once
            failed.append(located(exc, interview, card.note.index))
    if failed:
        raise failed[0] if len(failed) == 1 else BatchError(failed)
    return tuple(sheets)


def hand_for(card: FittedNote, interview: Interview) -> Hand:
    """The interviewer's `plotter_font`, else the card's, else the stroke hand closest to the card's font."""
    settings = interview.settings_for(interview.interviewers[card.note.index])
    return stroke_hand(settings.plotter_font or plotter_font_for(card.hand.id))


def _card_sheets(card: FittedNote, stem: str, interview: Interview, sender: list[str],
                 realism: str) -> list[PlotSheet]:
    hand = hand_for(card, interview)
    layout = fit_strokes(card, hand, interview)
    stationery = card.stationery
    width_pt, height_pt = stationery.sheet_size_pt
    amount = REALISM.get(realism, 1.0)
    seed = _seed(hand.id, card.note.recipient, card.note.text)
    addressed, _ = address_card(card.note.index, stationery, hand, interview, sender)
    blocks = [layout, *addressed.layouts_on_card]
    lines = [line for block in blocks for line in _strokes(block, hand, height_pt, amount, seed)]
    font = stroke_font_of(hand.primary).id
    who = (card.note.recipient, card.note.index)
    sheets = [PlotSheet(stem, "card", *who, width_pt / MM, height_pt / MM, card.ink, font,
                        tuple(order_strokes(lines)), _box_mm(layout.box, height_pt))]
    if addressed.envelope is not None and addressed.blocks:
        w, h = addressed.envelope.size_pt
        written = "\n".join(line.text for block in addressed.blocks for line in block.lines)
        env_seed = _seed(hand.id, card.note.recipient, written)  # the envelope's hand follows its own words
        env_lines = [line for block in addressed.blocks for line in _strokes(block, hand, h, amount, env_seed)]
        sheets.append(PlotSheet(f"{stem}-envelope", "envelope", *who, w / MM, h / MM, card.ink, font,
                                tuple(order_strokes(env_lines)), _box_mm(Rect(0, 0, w, h), h)))
    return sheets


def fit_strokes(card: FittedNote, hand: Hand, interview: Interview) -> Layout:
    """The card's note fitted in the stroke hand on the card's stationery, the pen's half-width kept inside the box."""
    settings = interview.settings_for(interview.interviewers[card.note.index])
    fitter = Fitter(paragraphs_of(card.note), hand)
    sizes = size_range(hand, card.stationery, settings)
    box = card.stationery.message_box.inset(PEN_MM * MM / 2)
    size = fitter.largest_size(sizes, box)
    if size is None:
        raise fit_error(card.note, fitter, hand, card.stationery, settings)
    return fitter.layout(size, box)


def _strokes(layout: Layout, hand: Hand, height_pt: float, amount: float, seed: int) -> list[tuple[Stroke, ...]]:
    """Each line's strokes in mm from the sheet's top left, varied, and never outside the layout's box."""
    x_height_pt = layout.size_pt * hand.primary.x_height
    out = []
    for number, line in enumerate(layout.lines):
        rng_seed = seed * 1000 + number
        for attempt in range(TRIES + 1):
            share = amount / 2**attempt if attempt < TRIES else 0.0
            drawn = _line_strokes(line, hand, layout.size_pt, x_height_pt, share, random.Random(rng_seed))  # noqa: S311 - a hand's wobble, not a secret
            if _inside(drawn, layout.box):
                break
        out.append(tuple(tuple((x / MM, (height_pt - y) / MM) for x, y in stroke) for stroke in drawn))
    return out


def _line_strokes(line: Line, hand: Hand, size_pt: float, x_pt: float, amount: float,
                  rng: random.Random) -> list[Stroke]:
    """One line's strokes in page points (y up), with `amount` of the hand's variation."""
    joined = stroke_font_of(hand.primary).style == "joined"
    pen = line.x_pt + abs(_normal(rng, LINE_START_X * x_pt * amount / 2.5))
    centre = line.x_pt + line.ink_width_pt / 2
    slope = math.radians(_normal(rng, LINE_SLOPE_DEG * amount))
    waves = [(a * x_pt * amount, rng.uniform(w0, w1) * x_pt, rng.uniform(0, 2 * math.pi))
             for a, (w0, w1) in zip(WANDER_X, ((20, 30), (7, 11)), strict=True)]
    strokes: list[Stroke] = []
    jitter = _letter_jitter(rng, x_pt, amount)
    for run in hand.runs(line.text):
        font = stroke_font_of(run.face)
        em = size_pt * run.scale
        for char in run.text:
            if char == " " or not joined:
                jitter = _letter_jitter(rng, x_pt, amount)  # a joined script keeps one per word
            glyph = font.glyph(char)
            lift = jitter[0] + math.tan(slope) * (pen - centre) + sum(a * math.sin(2 * math.pi * pen / w + p)
                                                                      for a, w, p in waves)
            strokes += [tuple(_placed(point, em, pen, line.baseline_pt + lift, jitter) for point in stroke)
                        for stroke in glyph.strokes]
            pen += glyph.advance * em
    return strokes


def _letter_jitter(rng: random.Random, x_pt: float, amount: float) -> tuple[float, float, float]:
    """(lift in points, turn in radians, scale) for one letter, or one word of a joined script."""
    return (_normal(rng, LIFT_X * x_pt * amount), math.radians(_normal(rng, TURN_DEG * amount)),
            1.0 + _normal(rng, SCALE * amount))


def _placed(point: Point, em: float, pen: float, baseline: float, jitter: tuple[float, float, float]) -> Point:
    _, turn, scale = jitter
    x, y = point[0] * em * scale, point[1] * em * scale
    cos, sin = math.cos(turn), math.sin(turn)
    return pen + x * cos - y * sin, baseline + x * sin + y * cos


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
            index, reverse = min(((i, rev) for i in range(len(left)) for rev in (False, True)),
                                 key=lambda c: math.dist(pen, left[c[0]][-1 if c[1] else 0]))
            stroke = left.pop(index)
            stroke = stroke[::-1] if reverse else stroke
            ordered.append(stroke)
            pen = stroke[-1]
        out.append(tuple(ordered))
    return out
