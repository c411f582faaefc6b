"""Stationery catalogue: `layouts/stationery/*.yaml` (or a user's file) → `Stationery` geometry in points."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import StationeryError
from ..geometry import MM, Rect
from ..resources import data_path
from .envelopes import Envelope, envelope_names, load_envelope
from .files import entry_file, read_model, remembered_until_edited, yaml_names
from .postal import RULES, AddressZones, Postal, address_zones

MIN_AREA_MM = 15.0  # the least width and height a message (or address) area may have inside the margins
Fold = Literal["none", "vertical", "horizontal"]
PANELS: dict[str, tuple[str, ...]] = {
    "none": ("full", "left-half", "right-half"),
    "vertical": ("inside-left", "inside-right"),
    "horizontal": ("inside-top", "inside-bottom"),
}


DEFAULT_X_HEIGHT_MM = {"min": 1.5, "preferred": 2.0, "max": 3.0}


class XHeight(BaseModel):
    """Allowed handwriting x-height in millimetres (legibility, independent of the font)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: float | None = Field(default=None, gt=0.5, le=10)
    preferred: float | None = Field(default=None, gt=0.5, le=10)
    max: float | None = Field(default=None, gt=0.5, le=10)

    @model_validator(mode="after")
    def _in_order(self) -> XHeight:
        given = {k: v for k, v in self.model_dump().items() if v is not None}
        merged = {**DEFAULT_X_HEIGHT_MM, **given}
        if not merged["min"] <= merged["preferred"] <= merged["max"]:
            defaults = ", ".join(f"{k} {v:g}" for k, v in DEFAULT_X_HEIGHT_MM.items() if k not in given)
            gives = f"with the defaults ({defaults}) this gives" if defaults else "this gives"
            raise ValueError(
                f"needs min <= preferred <= max (in mm); {gives} "
                f"{merged['min']:g} / {merged['preferred']:g} / {merged['max']:g}"
            )
        return self


class _StationeryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    label: str = ""
    width_mm: float = Field(gt=20, lt=600)
    height_mm: float = Field(gt=20, lt=600)
    fold: Fold = "none"
    message_panel: str = "full"
    address_panel: str | None = None
    margin_mm: float = Field(default=6.35, ge=0, lt=50)
    envelope: str | None = None
    postal: Postal = "usps"  # a postcard's address rules (catalogue/postal.py)
    x_height_mm: XHeight = Field(default_factory=XHeight)  # the interview's own rules: range and order


@dataclass(frozen=True)
class Stationery:
    """One kind of card: finished size, how it folds, and where the note goes."""

    name: str
    label: str
    width_mm: float
    height_mm: float
    fold: Fold
    message_panel: str
    margin_mm: float
    address_panel: str | None = None
    envelope: str | None = None
    x_height_mm: tuple[tuple[str, float], ...] = ()
    postal: Postal = "usps"

    @property
    def folded(self) -> bool:
        return self.fold != "none"

    @property
    def sheet_size_pt(self) -> tuple[float, float]:
        """The printed sheet (the page): twice the finished size across the fold."""
        w, h = self.width_mm * MM, self.height_mm * MM
        if self.fold == "vertical":
            return 2 * w, h
        if self.fold == "horizontal":
            return w, 2 * h
        return w, h

    def panel(self, name: str) -> Rect:
        """A named panel of the printed sheet, in points."""
        sw, sh = self.sheet_size_pt
        boxes = {
            "full": Rect(0, 0, sw, sh),
            "left-half": Rect(0, 0, sw / 2, sh),
            "right-half": Rect(sw / 2, 0, sw, sh),
            "inside-left": Rect(0, 0, sw / 2, sh),
            "inside-right": Rect(sw / 2, 0, sw, sh),
            "inside-top": Rect(0, sh / 2, sw, sh),
            "inside-bottom": Rect(0, 0, sw, sh / 2),
        }
        return boxes[name]

    @property
    def margin_pt(self) -> float:
        return self.margin_mm * MM

    @cached_property  # asked for at every size tried
    def message_box(self) -> Rect:
        """Where the note's ink may go: the message panel less its safe margins (and a postcard's barcode strip)."""
        box = self.panel(self.message_panel).inset(self.margin_pt)
        if self.address_panel is None:
            return box
        return Rect(box.x0, max(box.y0, self.address_zones.barcode.y1), box.x1, box.y1)

    @cached_property
    def address_zones(self) -> AddressZones:
        """A postcard's address side: the whole back is the mailpiece, the addresses go on its address panel."""
        if self.address_panel is None:
            raise ValueError(f"{self.name} has no address panel")
        sw, sh = self.sheet_size_pt
        half = self.panel(self.address_panel).inset(self.margin_pt)
        return address_zones(RULES[self.postal], Rect(0, 0, sw, sh), self.margin_pt, half.x0, half.x0)

    @property
    def fold_line(self) -> tuple[float, float, float, float] | None:
        sw, sh = self.sheet_size_pt
        if self.fold == "vertical":
            return (sw / 2, 0, sw / 2, sh)
        if self.fold == "horizontal":
            return (0, sh / 2, sw, sh / 2)
        return None

    def summary(self) -> dict[str, object]:
        sw, sh = self.sheet_size_pt
        box = self.message_box
        return {
            "name": self.name,
            "label": self.label,
            "width_mm": self.width_mm,
            "height_mm": self.height_mm,
            "folded": self.folded,
            "fold": self.fold,
            "sheet_width_mm": round(sw / MM, 2),
            "sheet_height_mm": round(sh / MM, 2),
            "message_panel": self.message_panel,
            "message_box_mm": [round(box.width / MM, 1), round(box.height / MM, 1)],
            "margin_mm": self.margin_mm,
        }


def catalogue_dir() -> Path:
    return data_path("layouts") / "stationery"


@cache
def stationery_names() -> tuple[str, ...]:
    return yaml_names(catalogue_dir())


def catalogue() -> list[Stationery]:
    return [load_stationery(name) for name in stationery_names()]


def load_stationery(name_or_path: str, base_dir: Path | None = None) -> Stationery:
    """A catalogue name (`a2-folded`) or a path to a stationery YAML file (relative to base_dir)."""
    return _read(entry_file(name_or_path, catalogue_dir(), stationery_names(), "stationery", base_dir))


@remembered_until_edited  # a user's file edited between two builds of one process is read again
def _read(path: Path) -> Stationery:
    spec = read_model(path, _StationeryFile, lambda message: StationeryError(message, path))
    for panel in (spec.message_panel, spec.address_panel):
        if panel is not None and panel not in PANELS[spec.fold]:
            raise StationeryError(
                f"panel {panel!r} does not exist on fold {spec.fold!r}; use one of {', '.join(PANELS[spec.fold])}", path
            )
    x_heights = {key: value for key, value in spec.x_height_mm.model_dump().items() if value is not None}
    stationery = Stationery(
        name=spec.name,
        label=spec.label or spec.name,
        width_mm=spec.width_mm,
        height_mm=spec.height_mm,
        fold=spec.fold,
        message_panel=spec.message_panel,
        margin_mm=spec.margin_mm,
        address_panel=spec.address_panel,
        envelope=spec.envelope,
        x_height_mm=tuple(sorted(x_heights.items())),
        postal=spec.postal,
    )
    problem = _layout_problem(stationery)
    if problem is not None:
        raise StationeryError(problem, path)
    return stationery


def _layout_problem(stationery: Stationery) -> str | None:
    """What makes a stationery unusable although every field is valid on its own: areas and envelope."""
    areas = {"message_panel": stationery.message_panel, "address_panel": stationery.address_panel}
    for field, panel in areas.items():
        if panel is None:
            continue
        box = stationery.panel(panel).inset(stationery.margin_pt)
        if min(box.width, box.height) < MIN_AREA_MM * MM:
            return (
                f"{field} {panel!r} less margin_mm {stationery.margin_mm:g} leaves "
                f"{max(box.width, 0) / MM:.1f} × {max(box.height, 0) / MM:.1f} mm to write in; "
                f"it needs at least {MIN_AREA_MM:g} mm each way"
            )
    if stationery.address_panel is not None and stationery.panel(stationery.message_panel).overlaps(
        stationery.panel(stationery.address_panel)
    ):
        return (
            f"address_panel {stationery.address_panel!r} overlaps message_panel {stationery.message_panel!r}; "
            "the address needs a panel of its own"
        )
    return _envelope_problem(stationery.envelope)


def _envelope_problem(envelope: str | None) -> str | None:
    if envelope is None or envelope in envelope_names():
        return None
    return f"unknown envelope {envelope!r}; choose one of {', '.join(envelope_names())}"


def envelope_for(stationery: Stationery) -> Envelope | None:
    """The stationery's own envelope, else the smallest in the catalogue that holds the card; None for postcards."""
    if stationery.address_panel is not None:
        return None
    if stationery.envelope is not None:
        return load_envelope(stationery.envelope)
    size = (stationery.width_mm, stationery.height_mm)
    fitting = [env for env in map(load_envelope, envelope_names()) if env.holds(*size)]
    return min(fitting, key=lambda env: env.width_mm * env.height_mm, default=None)
