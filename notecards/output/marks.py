"""Trim boxes on a page → crop and fold mark segments, each clear of the bleed and of every card on the page.

A crop mark continues a trim edge outwards from its corner, starting a little past the
corner (and past the bleed) so that a slightly crooked cut does not show it; in a gutter
between two cards it is shortened so that it stops short of the neighbour. A mark with
no room left to be seen is not drawn. Marks are pure geometry: segments in page points.
"""

from __future__ import annotations

from ..geometry import MM, Rect, Segment

MARK_LENGTH_MM = 5.0  # a crop mark's length when there is room
MARK_GAP_MM = 1.5  # between a trim corner (or its bleed) and the start of its marks, and kept clear of other cards
MIN_MARK_MM = 1.5  # shorter than this is not worth drawing


def crop_marks(trims: list[Rect], bleed: float, paper: Rect) -> tuple[Segment, ...]:
    """At each trim corner, the two trim edges continued outwards: clear of the corner, the bleed and every card."""
    obstacles = [t.grown(bleed) for t in trims]
    marks: list[Segment] = []
    for trim in trims:
        for x, sx in ((trim.x0, -1.0), (trim.x1, 1.0)):
            for y, sy in ((trim.y0, -1.0), (trim.y1, 1.0)):
                marks += _mark(x, y, sx, 0.0, bleed, obstacles, paper)  # the horizontal edge, continued
                marks += _mark(x, y, 0.0, sy, bleed, obstacles, paper)  # the vertical edge, continued
    return tuple(marks)


def fold_marks(fold: Segment, trims: list[Rect], bleed: float, paper: Rect) -> list[Segment]:
    """The fold line continued a little beyond both ends of the card."""
    x0, y0, x1, y1 = fold
    length = max(abs(x1 - x0), abs(y1 - y0))
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    obstacles = [t.grown(bleed) for t in trims]
    return _mark(x1, y1, ux, uy, bleed, obstacles, paper) + _mark(x0, y0, -ux, -uy, bleed, obstacles, paper)


def _mark(x: float, y: float, dx: float, dy: float, bleed: float, obstacles: list[Rect], paper: Rect) -> list[Segment]:
    """A mark from (x, y) outwards along (dx, dy), starting past the bleed; [] when there is no room for one."""
    gap = MARK_GAP_MM * MM
    sx, sy = x + dx * (bleed + gap), y + dy * (bleed + gap)
    room = _free_run(sx, sy, dx, dy, obstacles, paper) - gap
    length = min(MARK_LENGTH_MM * MM, room)
    if length < MIN_MARK_MM * MM:
        return []
    return [(sx, sy, sx + dx * length, sy + dy * length)]


def _free_run(x: float, y: float, dx: float, dy: float, obstacles: list[Rect], paper: Rect) -> float:
    """How far a ray along an axis runs from (x, y) before it meets a card (edges included) or the paper's edge."""
    eps = 0.01
    if not (paper.x0 <= x <= paper.x1 and paper.y0 <= y <= paper.y1):
        return 0.0
    run = (paper.x1 - x if dx > 0 else x - paper.x0) if dx else (paper.y1 - y if dy > 0 else y - paper.y0)
    for box in obstacles:
        across, lo, hi, at = (y, box.y0, box.y1, x) if dx else (x, box.x0, box.x1, y)
        if not lo - eps <= across <= hi + eps:
            continue
        near, far = (box.x0, box.x1) if dx else (box.y0, box.y1)
        if near - eps <= at <= far + eps:
            return 0.0
        forward = (dx if dx else dy) > 0
        distance = near - at if forward else at - far
        if distance >= 0:
            run = min(run, distance)
    return run
