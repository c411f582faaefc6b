"""Pure fitting core: paragraphs + font metrics + a box → the largest size that fits, and balanced lines.

Everything here scales linearly with the font size, so a note is measured once in ems
and each trial size only divides the box by it. At one size the greedy line count is
the fewest lines possible (no hyphenation), and it only grows as the size grows; the
height of the note is therefore monotonic in size and a binary search over the 0.1 pt
grid finds the largest size that fits exactly. Ink, not advance widths, is what must
stay inside the box: a line is as wide as its glyph outlines reach, the first line is
as tall as its paragraph's tallest glyph and the last reaches as low as its deepest.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .fonts import Hand, Ink
from .stationery import Rect

GRID_PT = 0.1
PARAGRAPH_GAP = 0.5  # extra space between paragraphs, in line heights
NO_GAP_BEFORE = frozenset({"signature"})  # the signature sits right under the closing
WIDOW_PENALTY = 0.15  # cost of a lone short word ending a paragraph, in squared slack
SHORT_WORD = 0.25  # ... where "short" means under this share of the line


@dataclass(frozen=True)
class Paragraph:
    """One block of a note: its kind (salutation, body, closing, signature) and its words."""

    kind: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class SizeRange:
    """Font sizes in points the fitter may use; `preferred` is the comfortable size."""

    min_pt: float
    preferred_pt: float
    max_pt: float

    def grid(self) -> list[float]:
        lo, hi = math.ceil(self.min_pt / GRID_PT - 1e-9), math.floor(self.max_pt / GRID_PT + 1e-9)
        return [round(k * GRID_PT, 1) for k in range(lo, hi + 1)]


@dataclass(frozen=True)
class Line:
    """One line as drawn: its text, which block it belongs to, pen start and baseline (page points)."""

    text: str
    kind: str
    x_pt: float
    baseline_pt: float
    ink_width_pt: float


@dataclass(frozen=True)
class Layout:
    """A note set at one size inside one box."""

    size_pt: float
    lines: tuple[Line, ...]
    box: Rect
    height_pt: float  # from the first line's highest ink to the last line's lowest

    @property
    def fill(self) -> float:
        return min(1.0, self.height_pt / self.box.height) if self.box.height > 0 else 1.0


@dataclass(frozen=True)
class Overflow:
    """Why a note does not fit at the smallest allowed size, in numbers a person can act on."""

    lines_needed: int
    lines_available: int
    words: int
    words_that_fit: int


@dataclass(frozen=True)
class _Measured:
    kind: str
    words: tuple[str, ...]
    inks: tuple[Ink, ...]
    top: float  # highest ink of the paragraph, em
    bottom: float  # lowest ink, em (negative)


class Fitter:
    """Fits one note: measure once, then try sizes."""

    def __init__(self, paragraphs: list[Paragraph], hand: Hand) -> None:
        self.hand = hand
        self.space = hand.space()
        self.leading = hand.primary.line_height
        self.paragraphs = [self._measure(p) for p in paragraphs if p.words]

    def _measure(self, paragraph: Paragraph) -> _Measured:
        inks = tuple(self.hand.measure(w) for w in paragraph.words)
        return _Measured(paragraph.kind, paragraph.words, inks,
                         max(i.top for i in inks), min(i.bottom for i in inks))

    @property
    def word_count(self) -> int:
        return sum(len(p.words) for p in self.paragraphs)

    # -- vertical model -------------------------------------------------------------
    def _gaps(self) -> float:
        return sum(PARAGRAPH_GAP for p in self.paragraphs[1:] if p.kind not in NO_GAP_BEFORE)

    def height_em(self, line_count: int) -> float:
        """Ink height of the whole note, in ems, when it takes `line_count` lines."""
        if not self.paragraphs:
            return 0.0
        first, last = self.paragraphs[0], self.paragraphs[-1]
        return first.top + (line_count - 1 + self._gaps()) * self.leading - last.bottom

    def lines_available(self, size_pt: float, box: Rect) -> int:
        spare = box.height / size_pt - self.height_em(1)
        return 1 + math.floor(spare / self.leading + 1e-9) if spare >= 0 else 0

    # -- horizontal model -----------------------------------------------------------
    def greedy_count(self, width_em: float) -> int | None:
        """Fewest lines at this measure, or None when some word alone is too wide."""
        total = 0
        for para in self.paragraphs:
            chunks = _greedy_chunks(para.inks, self.space, width_em)
            if chunks is None:
                return None
            total += len(chunks)
        return total

    def fits(self, size_pt: float, box: Rect) -> bool:
        count = self.greedy_count(box.width / size_pt)
        return count is not None and self.height_em(count) * size_pt <= box.height + 1e-6

    def largest_size(self, sizes: SizeRange, box: Rect) -> float | None:
        """The largest size on the 0.1 pt grid at which the note fits, or None."""
        grid = sizes.grid()
        lo, hi = 0, len(grid) - 1
        if not grid or not self.fits(grid[0], box):
            return None
        while lo < hi:  # invariant: grid[lo] fits
            mid = (lo + hi + 1) // 2
            if self.fits(grid[mid], box):
                lo = mid
            else:
                hi = mid - 1
        return grid[lo]

    def layout(self, size_pt: float, box: Rect) -> Layout:
        """Set the note at `size_pt` with balanced breaks, top-aligned in the box."""
        width_em = box.width / size_pt
        lines: list[Line] = []
        baseline = box.y1 - self.paragraphs[0].top * size_pt if self.paragraphs else box.y1
        for index, para in enumerate(self.paragraphs):
            if index and para.kind not in NO_GAP_BEFORE:
                baseline -= PARAGRAPH_GAP * self.leading * size_pt
            for start, end in balanced_breaks(para.inks, self.space, width_em):
                left, width = _line_extent(para.inks, start, end, self.space)
                lines.append(Line(" ".join(para.words[start:end]), para.kind,
                                  box.x0 - min(left, 0.0) * size_pt, baseline, width * size_pt))
                baseline -= self.leading * size_pt
        height = self.height_em(len(lines)) * size_pt
        return Layout(size_pt, tuple(lines), box, height)

    def overflow(self, size_pt: float, box: Rect) -> Overflow:
        """How far over the box the note is at `size_pt` (usually the smallest allowed)."""
        width_em = box.width / size_pt
        available = self.lines_available(size_pt, box)
        needed = self.greedy_count(width_em)
        if needed is None:  # a word wider than the box: count it as a line per word
            needed = self.word_count
        return Overflow(needed, available, self.word_count, self._words_within(width_em, available))

    def _words_within(self, width_em: float, lines: int) -> int:
        """Words that fit in the first `lines` lines (ignoring paragraph gaps), an estimate."""
        per_line = [len(chunk) for para in self.paragraphs
                    for chunk in _greedy_chunks(para.inks, self.space, width_em) or [range(len(para.inks))]]
        return sum(per_line[:max(lines, 0)])


def _line_extent(inks: tuple[Ink, ...], start: int, end: int, space: float) -> tuple[float, float]:
    """(ink left, ink width) in ems of words[start:end] set on one line."""
    pen, left, right = 0.0, inks[start].left, 0.0
    for ink in inks[start:end]:
        right = max(right, pen + ink.right)
        pen += ink.advance + space
    return left, right - min(left, 0.0)


def _greedy_chunks(inks: tuple[Ink, ...], space: float, width_em: float) -> list[range] | None:
    """First-fit lines (the fewest possible without hyphenation), or None if a word alone is too wide."""
    chunks: list[range] = []
    start, pen, right = 0, 0.0, 0.0
    for i, ink in enumerate(inks):
        if ink.right - min(ink.left, 0.0) > width_em:
            return None
        if i > start:
            new_right = max(right, pen + space + ink.right)
            if new_right - min(inks[start].left, 0.0) <= width_em:
                pen, right = pen + space + ink.advance, new_right
                continue
            chunks.append(range(start, i))
            start = i
        pen, right = ink.advance, ink.right
    if inks:
        chunks.append(range(start, len(inks)))
    return chunks


def balanced_breaks(inks: tuple[Ink, ...], space: float, width_em: float) -> list[tuple[int, int]]:
    """Line ranges with the fewest lines, then the least raggedness (squared slack, last line free).

    A dynamic program over break points, ragged right, no hyphenation: the cost of a
    break is the tuple (lines, raggedness), compared lexicographically, which keeps the
    line count at the greedy minimum. A paragraph ending on a lone short word pays a
    small penalty, so an equally good break that avoids it wins.
    """
    n = len(inks)
    best: list[tuple[int, float]] = [(0, 0.0)] + [(n + 1, math.inf)] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        right = 0.0
        for start in range(end - 1, -1, -1):
            ink = inks[start]  # extend the line leftwards by one word
            right = ink.right if start == end - 1 else max(ink.right, ink.advance + space + right)
            width = right - min(ink.left, 0.0)
            if width > width_em and end - start > 1:
                break
            lines, cost = best[start]
            slack = (width_em - width) / width_em
            line_cost = _last_line_cost(inks, start, end, width_em, space) if end == n else slack * slack
            candidate = (lines + 1, cost + line_cost)
            if candidate < best[end]:
                best[end], back[end] = candidate, start
    breaks: list[tuple[int, int]] = []
    end = n
    while end > 0:
        breaks.append((back[end], end))
        end = back[end]
    return breaks[::-1]


def _last_line_cost(inks: tuple[Ink, ...], start: int, end: int, width_em: float, space: float) -> float:
    if end - start == 1 and start > 0:
        _, width = _line_extent(inks, start, end, space)
        if width < SHORT_WORD * width_em:
            return WIDOW_PENALTY
    return 0.0


def words_that_fit(paragraphs_for: Callable[[int], list[Paragraph]], hand: Hand, box: Rect, size_pt: float,
                   most: int) -> int:
    """The largest n ≤ most for which the note `paragraphs_for(n)` (n body words) fits at `size_pt`."""
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if Fitter(paragraphs_for(mid), hand).fits(size_pt, box):
            lo = mid
        else:
            hi = mid - 1
    return lo
