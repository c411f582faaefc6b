"""Pure fitting core: paragraphs + font metrics + a box → the largest size that fits, and balanced lines.

Everything here scales linearly with the font size, so a note is measured once in ems
and each trial size only divides the box by it. At one size the greedy line count is
the fewest lines possible (no hyphenation), and it only grows as the size grows; the
height of the note is therefore monotonic in size and a binary search over the 0.1 pt
grid finds the largest size that fits exactly. Ink, not advance widths, is what must
stay inside the box: a line is as wide as its glyph outlines reach, and the note as
tall as the highest and lowest glyph of each paragraph reach from their lines.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from .catalogue.fonts import Hand, Ink
from .geometry import Rect

STEPS_PER_PT = 10  # sizes are tried on a 0.1 pt grid
PARAGRAPH_GAP = 0.5  # extra space between paragraphs, in line heights
NO_GAP_BEFORE = frozenset({"signature"})  # the signature sits right under the closing
FRAME = frozenset({"salutation", "closing", "signature"})  # the parts a shortened note keeps
WIDOW_PENALTY = 0.15  # cost of a lone short word ending a paragraph, in squared slack
SHORT_WORD = 0.25  # ... where "short" means under this share of the line


@dataclass(frozen=True)
class Paragraph:
    """One block of a note: its kind (salutation, body, closing, signature) and its words."""

    kind: str
    words: tuple[str, ...]
    image: Ink | None = None  # set as one picture of this ink box (a signature image) instead of its words


@dataclass(frozen=True)
class SizeRange:
    """Font sizes in points the fitter may use; `preferred` is the comfortable size."""

    min_pt: float
    preferred_pt: float
    max_pt: float

    @cached_property
    def grid(self) -> tuple[float, ...]:
        """Every size the fitter may choose: the multiples of 0.1 pt within the range."""
        lo, hi = math.ceil(self.min_pt * STEPS_PER_PT - 1e-9), math.floor(self.max_pt * STEPS_PER_PT + 1e-9)
        if lo > hi:  # a range narrower than one step (min = max x-height): its nearest grid size
            return (round(self.min_pt * STEPS_PER_PT) / STEPS_PER_PT,)
        return tuple(k / STEPS_PER_PT for k in range(lo, hi + 1))  # k / 10 is exactly the double nearest k tenths


class Line(NamedTuple):
    """One line as drawn: its text, which block it belongs to, pen start and baseline (page points).

    A NamedTuple rather than a frozen dataclass: a card has fifteen or so, and a large
    batch's cards are built by the thousand and sent between processes, which a tuple
    makes in a third of the time.
    """

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
    height_pt: float  # from the highest ink to the lowest

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


class Measure:
    """A paragraph's words on one imaginary endless line, in ems.

    With pen positions P[k] (each word's advance plus a space before the next), the ink
    of word k spans [ink_starts[k], ink_ends[k]] = [P[k] + left, P[k] + right]. Words
    s..e-1 set as a line then need max(ink_ends[s:e]) - min(ink_starts[s:e]) ems: the
    pen offset cancels out.

    In almost every paragraph both lists only grow from word to word (`in_order`): then
    a line's ink runs from its first word's start to its last word's end, and a line
    break is a binary search. A swash reaching back past the word before it, or a tail
    running past the next word, takes the general path, which scans word by word.
    """

    def __init__(self, inks: Sequence[Ink], space: float) -> None:
        pen, ends, starts, pens = 0.0, [], [], []
        in_order, last_end, last_start = True, -math.inf, -math.inf
        for ink in inks:
            end, start = pen + ink.right, pen + ink.left  # left is never above 0: ink starts at the pen or before
            if end < last_end or start < last_start:
                in_order = False
            ends.append(end)
            starts.append(start)
            pens.append(pen)
            last_end, last_start = end, start
            pen += ink.advance + space
        self.ink_ends, self.ink_starts, self.pen, self.count = ends, starts, pens, len(ends)
        self.in_order = in_order

    def width(self, start: int, end: int) -> float:
        if self.in_order:
            return self.ink_ends[end - 1] - self.ink_starts[start]
        return max(self.ink_ends[start:end]) - min(self.ink_starts[start:end])

    def left(self, start: int, end: int) -> float:
        """Where the ink of line start..end-1 begins, relative to its pen (0 or negative)."""
        low = self.ink_starts[start] if self.in_order else min(self.ink_starts[start:end])
        return low - self.pen[start]

    def greedy(self, width_em: float) -> list[int] | None:
        """First-fit line ends (the fewest lines possible without hyphenation); None if a word alone is too wide."""
        if not self.in_order:
            return self._greedy_scan(width_em)
        ends_at, starts_at, n = self.ink_ends, self.ink_starts, self.count
        line_ends: list[int] = []
        start = 0
        while start < n:
            low = starts_at[start]
            end = bisect_right(ends_at, low + width_em, start, n)
            # the bisection compared end <= low + width; the rule is end - low <= width: settle the last ulp
            while end > start and ends_at[end - 1] - low > width_em:
                end -= 1
            while end < n and ends_at[end] - low <= width_em:
                end += 1
            if end == start:
                return None
            line_ends.append(end)
            start = end
        return line_ends

    def _greedy_scan(self, width_em: float) -> list[int] | None:
        """`greedy` for any paragraph: grows each line word by word, keeping its widest reach both ways."""
        reach_right, reach_left, n = self.ink_ends, self.ink_starts, self.count
        ends: list[int] = []
        start = 0
        while start < n:
            hi, lo = reach_right[start], reach_left[start]
            if hi - lo > width_em:
                return None
            end = start + 1
            while end < n:
                a, b = reach_right[end], reach_left[end]
                if a < hi:
                    a = hi
                if b > lo:
                    b = lo
                if a - b > width_em:
                    break
                hi, lo, end = a, b, end + 1
            ends.append(end)
            start = end
        return ends

    def greedy_from_end(self, width_em: float) -> list[int]:
        """Line starts when packing from the last word backwards (call only where greedy() succeeds)."""
        ends_at, starts_at = self.ink_ends, self.ink_starts
        line_starts: list[int] = []
        end = self.count
        while end > 0:
            high = ends_at[end - 1]
            if self.in_order:
                start = bisect_left(starts_at, high - width_em, 0, end - 1)
                while start > 0 and high - starts_at[start - 1] <= width_em:  # settle the last ulp, as in greedy
                    start -= 1
                while start < end - 1 and high - starts_at[start] > width_em:
                    start += 1
            else:
                start, low = end - 1, starts_at[end - 1]
                while start > 0:
                    high, low = max(high, ends_at[start - 1]), min(low, starts_at[start - 1])
                    if high - low > width_em:
                        break
                    start -= 1
            line_starts.append(start)
            end = start
        return line_starts[::-1]


def balanced(measure: Measure, width_em: float) -> list[tuple[int, int]]:
    """Line ranges with the fewest lines, then the least raggedness (squared slack; last line free).

    A Knuth–Plass style optimum over break points, ragged right, no hyphenation. Among
    breakings with the greedy (minimal) number of lines, the j-th break can only lie
    between where packing from the end puts it and where first-fit puts it, so the
    dynamic program only tries those few break points. A paragraph ending on a lone
    short word pays a small penalty, so an equally good break that avoids it wins.
    """
    latest = measure.greedy(width_em)
    if latest is None:
        raise ValueError("a word is wider than the line")
    earliest = [*measure.greedy_from_end(width_em)[1:], measure.count]
    costs = {0: (0.0, -1)}  # break position → (best cost so far, previous break)
    ends_at, starts_at, in_order = measure.ink_ends, measure.ink_starts, measure.in_order
    history = []
    for j, (lo, hi) in enumerate(zip(earliest, latest, strict=True)):
        last = j == len(latest) - 1
        step: dict[int, tuple[float, int]] = {}
        for end in range(lo, hi + 1):
            best: tuple[float, int] | None = None
            for start in reversed(costs):  # from the shortest line; on a tie the shorter line wins
                if start >= end:
                    continue
                if in_order:
                    top, low = ends_at[end - 1], starts_at[start]
                else:
                    top, low = max(ends_at[start:end]), min(starts_at[start:end])
                if top - low > width_em:
                    break  # a line only gets wider as it starts earlier
                if last:
                    line = _last_line_cost(measure, start, end, width_em)
                else:
                    slack = (width_em - top + low) / width_em  # rounded as it always was: equal costs tie the same
                    line = slack * slack
                total = costs[start][0] + line
                if best is None or total < best[0]:
                    best = (total, start)
            if best is not None:
                step[end] = best
        history.append(step)
        costs = step
    ranges, end = [], measure.count
    for step in reversed(history):
        start = step[end][1]
        ranges.append((start, end))
        end = start
    return ranges[::-1]


def _last_line_cost(measure: Measure, start: int, end: int, width_em: float) -> float:
    """The last line's raggedness is free, but a lone short word there costs a little."""
    if end - start == 1 and start > 0 and measure.width(start, end) < SHORT_WORD * width_em:
        return WIDOW_PENALTY
    return 0.0


def balanced_breaks(inks: Sequence[Ink], space: float, width_em: float) -> list[tuple[int, int]]:
    """Balanced line ranges for words measured as `inks` at a measure of `width_em` ems."""
    return balanced(Measure(inks, space), width_em) if inks else []


@dataclass(frozen=True)
class _Measured:
    kind: str
    words: tuple[str, ...]
    measure: Measure
    top: float  # highest ink of the paragraph, em
    bottom: float  # lowest ink, em (negative)
    one_line: float  # ink width of the whole paragraph set on one line, em


@lru_cache(maxsize=4096)  # a batch repeats its closings, signatures and many salutations
def _measured(hand: Hand, paragraph: Paragraph) -> _Measured:
    inks = [paragraph.image] if paragraph.image is not None else [hand.measure(w) for w in paragraph.words]
    measure = Measure(inks, hand.space())
    return _Measured(
        paragraph.kind,
        paragraph.words,
        measure,
        max(i.top for i in inks),
        min(i.bottom for i in inks),
        measure.width(0, measure.count),
    )


class Fitter:
    """Fits one note: measure once, then try sizes."""

    def __init__(self, paragraphs: list[Paragraph], hand: Hand) -> None:
        self.hand = hand
        self.space = hand.space()
        self.leading = hand.primary.line_height
        self.given = paragraphs  # as passed in, empty paragraphs included
        self.paragraphs = [_measured(hand, p) for p in paragraphs if p.words]
        # Before each paragraph, the space from the last line of the one above, in ems: none before the first.
        self._gaps = [
            0.0 if index == 0 or para.kind in NO_GAP_BEFORE else PARAGRAPH_GAP * self.leading
            for index, para in enumerate(self.paragraphs)
        ]

    @property
    def word_count(self) -> int:
        return sum(len(p.words) for p in self.paragraphs)

    # -- vertical model -------------------------------------------------------------
    def _reach(self, counts: list[int]) -> tuple[float, float]:
        """(ink above the first baseline, ink below it) in ems, given each paragraph's line count.

        Every paragraph counts, not only the first and last: a tall swash in the second
        paragraph or a deep descender on the closing line could otherwise leave the box.
        """
        y, above, below, leading = 0.0, -math.inf, -math.inf, self.leading
        for para, gap, count in zip(self.paragraphs, self._gaps, counts, strict=True):
            y += gap
            if para.top - y > above:
                above = para.top - y
            y += (count - 1) * leading
            if y - para.bottom > below:
                below = y - para.bottom
            y += leading
        return above, below

    def height_em(self, counts: list[int]) -> float:
        """Ink height of the whole note in ems; it only grows with any paragraph's line count."""
        if not self.paragraphs:
            return 0.0
        above, below = self._reach(counts)
        return above + below

    # -- horizontal model -----------------------------------------------------------
    def greedy_counts(self, width_em: float) -> list[int] | None:
        """Fewest lines per paragraph at this measure, or None when some word alone is too wide."""
        counts = []
        for para in self.paragraphs:
            if para.one_line <= width_em:
                counts.append(1)
                continue
            ends = para.measure.greedy(width_em)
            if ends is None:
                return None
            counts.append(len(ends))
        return counts

    def fits(self, size_pt: float, box: Rect) -> bool:
        """Whether the note's ink fits the box at this size (monotonic: true up to some size, then false)."""
        counts = self.greedy_counts(box.width / size_pt)
        return counts is not None and self.height_em(counts) * size_pt <= box.height + 1e-6

    def largest_size(self, sizes: SizeRange, box: Rect) -> float | None:
        """The largest size on the 0.1 pt grid at which the note fits, or None."""
        grid = sizes.grid
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

    def breaks(self, size_pt: float, box: Rect) -> list[list[tuple[int, int]]]:
        """Each paragraph's balanced line ranges at this size (a word too wide gets a line of its own)."""
        width_em = box.width / size_pt
        out = []
        for para in self.paragraphs:
            if para.one_line <= width_em:
                out.append([(0, para.measure.count)])
            elif para.measure.greedy(width_em) is None:
                out.append([(i, i + 1) for i in range(para.measure.count)])
            else:
                out.append(balanced(para.measure, width_em))
        return out

    def layout(self, size_pt: float, box: Rect) -> Layout:
        """Set the note at `size_pt` with balanced breaks, top-aligned in the box."""
        breaks = self.breaks(size_pt, box)
        above, below = self._reach([len(b) for b in breaks]) if breaks else (0.0, 0.0)
        lines: list[Line] = []
        baseline = box.y1 - above * size_pt
        for para, gap, ranges in zip(self.paragraphs, self._gaps, breaks, strict=True):
            baseline -= gap * size_pt
            for start, end in ranges:
                lines.append(
                    Line(
                        " ".join(para.words[start:end]),
                        para.kind,
                        box.x0 - para.measure.left(start, end) * size_pt,
                        baseline,
                        para.measure.width(start, end) * size_pt,
                    )
                )
                baseline -= self.leading * size_pt
        return Layout(size_pt, tuple(lines), box, (above + below) * size_pt)

    def too_wide(self, size_pt: float, box: Rect) -> tuple[str, ...]:
        """Words whose ink alone is wider than the box at this size (no hyphenation can save them)."""
        width_em = box.width / size_pt
        return tuple(
            word
            for para in self.paragraphs
            for k, word in enumerate(para.words)
            if para.measure.width(k, k + 1) > width_em
        )

    def overflow(self, size_pt: float, box: Rect) -> Overflow:
        """How far over the box the note is at `size_pt` (usually the smallest allowed).

        `words_that_fit` keeps the salutation, closing and signature and counts how many
        of the other words, from the start, still fit: what a person could keep.
        """
        breaks = self.breaks(size_pt, box)
        needed = sum(len(b) for b in breaks)
        over_em = self.height_em([len(b) for b in breaks]) - box.height / size_pt
        lines_over = max(0, math.ceil(over_em / self.leading - 1e-9))
        fixed = sum(len(p.words) for p in self.given if p.kind in FRAME)
        body = self.word_count - fixed
        kept = words_that_fit(lambda k: _keep_body_words(self.given, k), self.hand, box, size_pt, body)
        return Overflow(needed, needed - lines_over, self.word_count, kept + fixed)


def _keep_body_words(paragraphs: list[Paragraph], count: int) -> list[Paragraph]:
    """The note with only its first `count` body words (salutation, closing and signature kept)."""
    out = []
    for para in paragraphs:
        if para.kind not in FRAME:
            para = Paragraph(para.kind, para.words[: max(count, 0)])
            count -= len(para.words)
        out.append(para)
    return out


def words_that_fit(
    paragraphs_for: Callable[[int], list[Paragraph]], hand: Hand, box: Rect, size_pt: float, most: int
) -> int:
    """The largest n ≤ most for which the note `paragraphs_for(n)` (n body words) fits at `size_pt`."""
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if Fitter(paragraphs_for(mid), hand).fits(size_pt, box):
            lo = mid
        else:
            hi = mid - 1
    return lo
