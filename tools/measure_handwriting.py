"""A PDF → how handwritten its text looks, in numbers: `python tools/measure_handwriting.py cards.pdf [...]`.

Reads what pdfium sees of each character (its font, text matrix and origin), not
notecards' internals, so it measures any PDF. Per page:

- identical doubled letters: adjacent equal letters drawn in the same font (form) with
  the same size and turn, out of all such pairs;
- form repeats: letters drawn in the font (form) the same letter had within the last
  WINDOW letters, out of all letters that met themselves so close (a letter borrowed
  from a one-form fallback font repeats by nature);
- baseline spread: per line, the standard deviation of the glyphs' baselines about the
  line's own fitted straight line, in % of the x-height (median over lines);
- line slope: the standard deviation of the fitted lines' angles, and the steepest;
- glyph size variation: standard deviation of glyph sizes over their mean;
- glyph angle spread: standard deviation of each glyph's turn relative to its line.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import statistics
import sys
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

X_LETTERS = set("acemnorsuvwxz")  # letters whose top is the x-height
WINDOW = 8  # how many letters back a letter must not repeat its form


@dataclass(frozen=True)
class Glyph:
    char: str
    font: str
    x: float
    y: float
    size: float  # the text matrix's scale times the font size, in points
    angle_deg: float
    top: float  # top of the glyph's box, in points


@dataclass(frozen=True)
class Figures:
    doubled_pairs: int
    identical_pairs: int
    baseline_spread_x: float  # fraction of the x-height
    slope_spread_deg: float
    steepest_deg: float
    size_variation: float
    angle_spread_deg: float
    lines: int
    near_letters: int = 0  # letters whose letter came within the last WINDOW letters
    form_repeats: int = 0  # ... and had the same form there

    def summary(self) -> str:
        return (
            f"identical doubled letters {self.identical_pairs}/{self.doubled_pairs}; "
            f"form repeats within {WINDOW} letters {self.form_repeats}/{self.near_letters}; "
            f"baseline spread {100 * self.baseline_spread_x:.1f} % X; "
            f"line slope spread {self.slope_spread_deg:.2f}° (steepest {self.steepest_deg:.2f}°); "
            f"glyph size variation {100 * self.size_variation:.1f} %; "
            f"glyph angle spread {self.angle_spread_deg:.2f}° over {self.lines} lines"
        )


def page_lines(page: pdfium.PdfPage) -> list[list[Glyph]]:
    """The page's drawn characters (spaces and generated ones left out), cut into lines where pdfium breaks them."""
    text = page.get_textpage()
    lines: list[list[Glyph]] = [[]]
    matrix, buffer = raw.FS_MATRIX(), ctypes.create_string_buffer(256)
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    for index in range(text.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(text.raw, index))
        if char in "\r\n" or raw.FPDFText_IsGenerated(text.raw, index) == 1:
            if char == "\n" and lines[-1]:
                lines.append([])
            continue
        if char.isspace():
            continue
        raw.FPDFText_GetMatrix(text.raw, index, matrix)
        raw.FPDFText_GetCharOrigin(text.raw, index, x, y)
        raw.FPDFText_GetCharBox(text.raw, index, left, right, bottom, top)
        raw.FPDFText_GetFontInfo(text.raw, index, buffer, 256, None)
        size = raw.FPDFText_GetFontSize(text.raw, index)
        scale = math.hypot(matrix.a, matrix.b)
        lines[-1].append(
            Glyph(
                char,
                buffer.value.decode("latin-1"),
                x.value,
                y.value,
                size * scale if scale else size,
                math.degrees(math.atan2(matrix.b, matrix.a)),
                top.value,
            )
        )
    return [line for line in lines if line]


def _fit(line: list[Glyph]) -> tuple[float, float]:
    """Least-squares baseline y = a + b·x through the glyph origins: (a, b)."""
    xs, ys = [g.x for g in line], [g.y for g in line]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((v - mx) ** 2 for v in xs) or 1e-9
    slope = sum((u - mx) * (v - my) for u, v in zip(xs, ys, strict=True)) / sxx
    return my - slope * mx, slope


def measure_lines(lines: list[list[Glyph]]) -> Figures:
    heights = [g.top - g.y for line in lines for g in line if g.char in X_LETTERS]
    x_height = statistics.median(heights) if heights else 1.0
    pairs = identical = 0
    spreads, slopes, turns, sizes = [], [], [], []
    for line in lines:
        for a, b in itertools.pairwise(line):
            if a.char == b.char and a.char.isalpha():
                pairs += 1
                identical += (
                    a.font == b.font and abs(a.size - b.size) < 1e-3 * a.size and abs(a.angle_deg - b.angle_deg) < 0.05
                )
        if len(line) < 8:
            continue
        base, slope = _fit(line)
        spreads.append(statistics.pstdev([g.y - (base + slope * g.x) for g in line]) / x_height)
        slopes.append(math.degrees(math.atan(slope)))
        turns += [g.angle_deg - slopes[-1] for g in line]
        sizes += [g.size for g in line]
    return Figures(
        pairs,
        identical,
        statistics.median(spreads) if spreads else 0.0,
        statistics.pstdev(slopes) if len(slopes) > 1 else 0.0,
        max(map(abs, slopes), default=0.0),
        statistics.pstdev(sizes) / statistics.fmean(sizes) if sizes else 0.0,
        statistics.pstdev(turns) if turns else 0.0,
        len(spreads),
        *_form_repeats([g for line in lines for g in line if g.char.isalpha()]),
    )


def _form_repeats(letters: list[Glyph]) -> tuple[int, int]:
    """(letters that met the same letter within the last WINDOW letters, those that met it in the same font)."""
    near = repeats = 0
    for index, glyph in enumerate(letters):
        before = [g.font for g in letters[max(0, index - WINDOW) : index] if g.char == glyph.char]
        near += bool(before)
        repeats += glyph.font in before
    return near, repeats


def measure(pdf_path: str) -> list[Figures]:
    """The figures of every page of the PDF."""
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        return [measure_lines(page_lines(pdf[index])) for index in range(len(pdf))]
    finally:
        pdf.close()


def main(paths: list[str]) -> None:
    for path in paths:
        for number, figures in enumerate(measure(path), start=1):
            print(f"{path} page {number}: {figures.summary()}")


if __name__ == "__main__":
    main(sys.argv[1:])
