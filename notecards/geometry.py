"""Shapes in points and mm: `Rect` (PDF, origin bottom-left), `Box` (CSS mm, origin top-left), `Affine`, `Segment`.

Every stage that needs a rectangle or a transform takes it from here, so that the fitter,
the sheet imposer, the marks and the designs share one set of shapes and none of them
imports a catalogue or another stage just to get one.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre
Segment = tuple[float, float, float, float]  # x0, y0, x1, y1 in points
Matrix = tuple[float, float, float, float, float, float]  # the PDF `cm` operator's six numbers
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Rect:
    """An axis-aligned box in PDF points, origin bottom-left."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def inset(self, by: float) -> Rect:
        return Rect(self.x0 + by, self.y0 + by, self.x1 - by, self.y1 - by)

    def grown(self, by: float) -> Rect:
        return self.inset(-by)

    def overlaps(self, other: Rect) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def as_list(self) -> list[float]:
        return [round(v, 2) for v in (self.x0, self.y0, self.x1, self.y1)]


@dataclass(frozen=True)
class Box:
    """A rectangle on the printed sheet in millimetres, from the sheet's top-left corner (as CSS places boxes)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return round(self.left + self.width, 3)

    @property
    def bottom(self) -> float:
        return round(self.top + self.height, 3)

    @property
    def css(self) -> str:
        """Absolute-position declarations for an element that covers this box."""
        return (
            f"position: absolute; left: {self.left}mm; top: {self.top}mm; "
            f"width: {self.width}mm; height: {self.height}mm;"
        )

    def inset(self, by_mm: float) -> Box:
        return box(self.left + by_mm, self.top + by_mm, self.width - 2 * by_mm, self.height - 2 * by_mm)


def box(left: float, top: float, width: float, height: float) -> Box:
    """A `Box` rounded to a micrometre, never of negative size."""
    return Box(round(left, 3), round(top, 3), round(max(width, 0.0), 3), round(max(height, 0.0), 3))


def box_of(rect: Rect, sheet_height_pt: float) -> Box:
    """A PDF rectangle (points, origin bottom-left) as a `Box` (mm, origin top-left)."""
    return box(rect.x0 / MM, (sheet_height_pt - rect.y1) / MM, rect.width / MM, rect.height / MM)


@dataclass(frozen=True)
class Affine:
    """x' = a·x + c·y + e, y' = b·x + d·y + f: the PDF `cm` operator's six numbers."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    def __matmul__(self, other: Affine) -> Affine:
        """self ∘ other: apply `other` first."""
        return Affine(
            self.a * other.a + self.c * other.b,
            self.b * other.a + self.d * other.b,
            self.a * other.c + self.c * other.d,
            self.b * other.c + self.d * other.d,
            self.a * other.e + self.c * other.f + self.e,
            self.b * other.e + self.d * other.f + self.f,
        )

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def rect(self, box: Rect) -> Rect:
        """The image of an axis-aligned box (exact for moves, mirrors and quarter turns)."""
        (x0, y0), (x1, y1) = self.apply(box.x0, box.y0), self.apply(box.x1, box.y1)
        return Rect(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    @property
    def matrix(self) -> Matrix:
        return (self.a, self.b, self.c, self.d, self.e, self.f)


def move(dx: float, dy: float) -> Affine:
    return Affine(e=dx, f=dy)
