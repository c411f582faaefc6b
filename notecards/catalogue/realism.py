"""A realism level → how much a handwritten line wanders (`Realism`), and the worst case of it (`spread_box`).

Starting values from the issue, judged at print size (300 dpi PNGs of the samples): each
is the σ of a normal distribution truncated at `TRUNCATE` σ, in x-heights (X) where a
length. `natural` uses them as they are; `subtle` half, `loose` one and a half (twice
reads as sloppy: words touch and lines bounce). Because every draw is truncated, the
worst case is known, and the fitter measures each glyph by it (`spread_box`): zero ink
leaves the box at any level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

RealismName = Literal["off", "subtle", "natural", "loose"]
LEVELS: dict[str, float] = {"off": 0.0, "subtle": 0.5, "natural": 1.0, "loose": 1.5}
DEFAULT_REALISM: RealismName = "natural"
TRUNCATE = 2.5  # every draw lies within this many σ
# Marks that float above the line ride on the glyph before them (drawn in its text matrix, not their own):
# PDF readers start a new line at a piece of text that shares no height with the one before it.
RIDERS = frozenset("’‘'\"“”`^°*")


@dataclass(frozen=True)
class Realism:
    """σ of each variation at one level (lengths in x-heights, angles in degrees, scales as fractions)."""

    name: str
    glyph_rise_x: float
    glyph_angle_deg: float  # the PDF turns each word by it (handwriting.py), the plotter each letter
    glyph_scale: float  # the plotter's only: in the PDF a word has one size (a Tf per glyph cost too much)
    glyph_shift_x: float  # horizontal, summing to zero inside a word
    word_lift_x: float
    word_scale: float
    word_angle_deg: float  # joined scripts: a word turns as one piece (other scripts turn words by glyph_angle_deg)
    word_turn_rise_x: float  # a word turned about its middle: its ends rise or fall at most this
    space_share: float  # of a space, summing to zero along a line
    slope_deg: float
    wander_x: tuple[float, float]  # amplitudes of the long and the short wave
    indent_x: float  # the line start moves right by up to this (uniform, never left)
    ink: float  # ink value ± this share
    slope_rise_x: float  # a sloped line's ends never rise or fall more than this from its centre

    @property
    def on(self) -> bool:
        return self.name != "off"

    def cap(self, sigma: float) -> float:
        return TRUNCATE * sigma


def realism(name: str) -> Realism:
    """The variation at level `name` (off, subtle, natural, loose)."""
    k = LEVELS[name]
    return Realism(
        name=name,
        glyph_rise_x=0.03 * k,
        glyph_angle_deg=1.2 * k,
        glyph_scale=0.02 * k,
        glyph_shift_x=0.025 * k,
        word_lift_x=0.02 * k,
        word_scale=0.015 * k,
        word_angle_deg=0.5 * k,
        word_turn_rise_x=0.06 * k,
        space_share=0.08 * k,
        slope_deg=0.35 * k,
        wander_x=(0.04 * k, 0.02 * k),
        indent_x=0.15 * k,
        ink=0.04 * k,
        slope_rise_x=0.3 * k,
    )


def turned_box(
    box: tuple[float, float, float, float], angle_rad: float, scale: float
) -> tuple[float, float, float, float]:
    """The bounds of `box` turned by up to ±angle about the origin and scaled by up to `scale`."""
    x0, y0, x1, y1 = box
    xs, ys = [], []
    for a in (angle_rad, -angle_rad):
        c, s = math.cos(a), math.sin(a)
        for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)):
            xs.append(x * c - y * s)
            ys.append(x * s + y * c)
    return min(xs) * scale, min(ys) * scale, max(xs) * scale, max(ys) * scale


def reach(level: Realism, x_height: float, space: float) -> tuple[float, float, float]:
    """How far (em) a glyph may move from its place: (to the left, to the right, up or down).

    To the right the line start's indent adds; up or down, the glyph's own rise, its
    word's lift, both waves, a sloped line's ends and a turned word's ends. A word is
    drawn along its own turned baseline, so a glyph's rise also moves it a little sideways.
    """
    turned_rise = math.sin(glyph_turn(level, False)[0]) * level.cap(level.glyph_rise_x) * x_height
    sideways = (
        2 * level.cap(level.glyph_shift_x) * x_height  # mean-free in a word: one glyph at most twice a σ cap
        + 2 * level.cap(level.space_share) * space  # word shifts, bounded when drawn (see handwriting.py)
        + turned_rise
    )
    vertical = (
        level.cap(level.glyph_rise_x)
        + level.cap(level.word_lift_x)
        + sum(level.wander_x)
        + level.slope_rise_x
        + level.word_turn_rise_x
    ) * x_height
    return sideways, sideways + level.indent_x * x_height, vertical


def glyph_turn(level: Realism, joined: bool) -> tuple[float, float]:
    """Largest angle (radians) and scale one glyph is drawn at: its own (or its word's, joined) plus the line's."""
    own = level.cap(level.word_angle_deg if joined else level.glyph_angle_deg)
    angle = math.radians(own + level.cap(level.slope_deg)) * 1.01  # a hair of margin for rounding
    scale = (1 + level.cap(level.word_scale)) * (1 if joined else 1 + level.cap(level.glyph_scale))
    return angle, scale
