"""Sheet layouts: `layouts/sheets/*.yaml` (or a user's file) → `SheetLayout`, and where a card's positions are on it.

Two kinds of sheet. A plain sheet (`letter`, `a4`) is cut by hand: it holds as many
cards as fit inside its margins with a gutter between them, each card turned on its side
when that fits more, the block centred on the paper. A pre-cut product (`avery-8315`)
has fixed positions from its maker's template; a card goes there only when its printed
size matches a position, upright or on its side.

Positions are numbered in reading order, from the top-left, row by row; that is the
order `--start-at` counts in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..errors import StationeryError
from ..geometry import MM, Rect
from ..resources import data_path
from .files import entry_file, read_model, remembered_until_edited, yaml_names

MATCH_TOLERANCE_MM = 1.0  # a card matches a pre-cut position this close in size


class _GridFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    columns: int = Field(ge=1, le=20)
    rows: int = Field(ge=1, le=30)
    width_mm: float = Field(gt=10)
    height_mm: float = Field(gt=10)
    left_mm: float = Field(ge=0)
    top_mm: float = Field(ge=0)
    column_pitch_mm: float | None = Field(default=None, gt=0)
    row_pitch_mm: float | None = Field(default=None, gt=0)


class _SheetFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    label: str = ""
    width_mm: float = Field(gt=50, lt=1500)
    height_mm: float = Field(gt=50, lt=1500)
    margin_mm: float = Field(default=5, ge=0, lt=100)
    gutter_mm: float = Field(default=6, ge=0, lt=100)
    crop_marks: bool = True
    grid: _GridFile | None = None


@dataclass(frozen=True)
class Grid:
    """A pre-cut product's fixed positions, in millimetres from the paper's top-left corner."""

    columns: int
    rows: int
    width_mm: float
    height_mm: float
    left_mm: float
    top_mm: float
    column_pitch_mm: float
    row_pitch_mm: float


@dataclass(frozen=True)
class Slot:
    """One card position on a sheet: its trim box (points, origin bottom-left) and whether the card lies on its side."""

    trim: Rect
    rotated: bool


@dataclass(frozen=True)
class SheetLayout:
    """A sheet of paper cards are imposed on: its size, and either margins and gutter or fixed positions."""

    name: str
    label: str
    width_mm: float
    height_mm: float
    margin_mm: float
    gutter_mm: float
    crop_marks: bool
    grid: Grid | None = None

    @property
    def precut(self) -> bool:
        return self.grid is not None

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.width_mm * MM, self.height_mm * MM

    def slots(self, card_w_pt: float, card_h_pt: float, bleed_pt: float = 0.0) -> tuple[Slot, ...]:
        """The positions for a card printed at this size, in reading order; empty when it does not go on this sheet."""
        if self.grid is not None:
            return _grid_slots(self.grid, self.size_pt[1], card_w_pt, card_h_pt)
        upright = self._cut_slots(card_w_pt, card_h_pt, bleed_pt, rotated=False)
        on_side = self._cut_slots(card_h_pt, card_w_pt, bleed_pt, rotated=True)
        return on_side if len(on_side) > len(upright) else upright

    def _cut_slots(self, w: float, h: float, bleed: float, rotated: bool) -> tuple[Slot, ...]:
        """A grid of w × h trim boxes (as they lie on the paper), centred, with gutter and bleed around each."""
        width, height = self.size_pt
        margin, gutter = self.margin_mm * MM, self.gutter_mm * MM
        cell_w, cell_h = w + 2 * bleed, h + 2 * bleed
        columns = math.floor((width - 2 * margin + gutter + 1e-6) / (cell_w + gutter))
        rows = math.floor((height - 2 * margin + gutter + 1e-6) / (cell_h + gutter))
        if columns < 1 or rows < 1:
            return ()
        left = (width - columns * cell_w - (columns - 1) * gutter) / 2 + bleed
        top = height - (height - rows * cell_h - (rows - 1) * gutter) / 2 - bleed
        return tuple(
            Slot(
                Rect(
                    left + c * (cell_w + gutter),
                    top - h - r * (cell_h + gutter),
                    left + c * (cell_w + gutter) + w,
                    top - r * (cell_h + gutter),
                ),
                rotated,
            )
            for r in range(rows)
            for c in range(columns)
        )

    def summary(self) -> dict[str, object]:
        grid = self.grid
        return {
            "name": self.name,
            "label": self.label,
            "width_mm": self.width_mm,
            "height_mm": self.height_mm,
            "kind": "pre-cut" if grid else "cut by hand",
            "positions": grid.columns * grid.rows if grid else None,
            "position_mm": [grid.width_mm, grid.height_mm] if grid else None,
            "margin_mm": None if grid else self.margin_mm,
            "gutter_mm": None if grid else self.gutter_mm,
            "crop_marks": self.crop_marks,
        }


def _grid_slots(grid: Grid, paper_h_pt: float, card_w_pt: float, card_h_pt: float) -> tuple[Slot, ...]:
    w, h = grid.width_mm * MM, grid.height_mm * MM
    tolerance = MATCH_TOLERANCE_MM * MM
    if abs(card_w_pt - w) <= tolerance and abs(card_h_pt - h) <= tolerance:
        rotated = False
    elif abs(card_h_pt - w) <= tolerance and abs(card_w_pt - h) <= tolerance:
        rotated = True
    else:
        return ()
    slots = []
    for r in range(grid.rows):
        for c in range(grid.columns):
            x0 = (grid.left_mm + c * grid.column_pitch_mm) * MM
            y1 = paper_h_pt - (grid.top_mm + r * grid.row_pitch_mm) * MM
            slots.append(Slot(Rect(x0, y1 - h, x0 + w, y1), rotated))
    return tuple(slots)


def sheets_dir() -> Path:
    return data_path("layouts") / "sheets"


@cache
def sheet_names() -> tuple[str, ...]:
    return yaml_names(sheets_dir())


def sheet_catalogue() -> list[SheetLayout]:
    return [load_sheet(name) for name in sheet_names()]


def load_sheet(name_or_path: str, base_dir: Path | None = None) -> SheetLayout:
    """A catalogue name (`letter`, `avery-8315`) or a path to a sheet layout YAML file (relative to base_dir).

    Cheap (a small file, read once per process), so a caller can use it to refuse an
    unknown `--sheet` before the slow work of fitting a batch.
    """
    return _read(entry_file(name_or_path, sheets_dir(), sheet_names(), "sheet", base_dir))


@remembered_until_edited  # a user's file edited between two builds of one process is read again
def _read(path: Path) -> SheetLayout:
    spec = read_model(path, _SheetFile, lambda message: StationeryError(message, path))
    grid = None
    if spec.grid is not None:
        g = spec.grid
        grid = Grid(
            g.columns,
            g.rows,
            g.width_mm,
            g.height_mm,
            g.left_mm,
            g.top_mm,
            g.column_pitch_mm or g.width_mm,
            g.row_pitch_mm or g.height_mm,
        )
        if (
            g.left_mm + (g.columns - 1) * grid.column_pitch_mm + g.width_mm > spec.width_mm + 0.5
            or g.top_mm + (g.rows - 1) * grid.row_pitch_mm + g.height_mm > spec.height_mm + 0.5
        ):
            raise StationeryError("grid: the positions run off the paper", path)
    return SheetLayout(
        spec.name,
        spec.label or spec.name,
        spec.width_mm,
        spec.height_mm,
        spec.margin_mm,
        spec.gutter_mm,
        spec.crop_marks,
        grid,
    )
