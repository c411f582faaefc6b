"""Envelope catalogue: `layouts/envelopes/*.yaml` → `Envelope` sizes and where their two address blocks go."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..errors import StationeryError
from ..geometry import MM, Rect
from ..resources import data_path
from .files import read_model, yaml_names

ROOM_MM = 3.0  # a card needs at least this much play across and along inside its envelope (A2: 1/8 in)
BARCODE_STRIP_MM = 15.9  # 5/8 in along an envelope's bottom edge stays clear for the postal barcode


class _EnvelopeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    label: str = ""
    width_mm: float = Field(gt=50, lt=600)
    height_mm: float = Field(gt=50, lt=600)
    margin_mm: float = Field(default=6.35, ge=0, lt=50)


@dataclass(frozen=True)
class Envelope:
    """An envelope as it lies when addressed (long side across), and where its two address blocks go."""

    name: str
    label: str
    width_mm: float
    height_mm: float
    margin_mm: float = 6.35

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.width_mm * MM, self.height_mm * MM

    @property
    def sender_box(self) -> Rect:
        """Top left, clear of the stamp in the top right."""
        w, h = self.size_pt
        m = self.margin_mm * MM
        return Rect(m, h - m - 0.32 * h, 0.5 * w, h - m)

    @property
    def recipient_box(self) -> Rect:
        """Right of centre, above the barcode strip."""
        w, h = self.size_pt
        return Rect(0.38 * w, BARCODE_STRIP_MM * MM, w - self.margin_mm * MM, 0.6 * h)

    def holds(self, width_mm: float, height_mm: float) -> bool:
        """Whether a finished (folded) card of this size fits inside with room to spare, either way round."""
        card = sorted((width_mm, height_mm))
        inner = sorted((self.width_mm, self.height_mm))
        return all(c + ROOM_MM <= i for c, i in zip(card, inner, strict=True))




def envelopes_dir() -> Path:
    return data_path("layouts") / "envelopes"


@cache
def envelope_names() -> tuple[str, ...]:
    return yaml_names(envelopes_dir())


@cache
def load_envelope(name: str) -> Envelope:
    """An envelope of the catalogue, by the name a stationery file gives (`envelope: a2`)."""
    if name not in envelope_names():
        raise StationeryError(f"unknown envelope {name!r}; choose one of {', '.join(envelope_names())}")
    path = envelopes_dir() / f"{name}.yaml"
    spec = read_model(path, _EnvelopeFile, lambda message: StationeryError(message, path))
    return Envelope(spec.name, spec.label or spec.name, spec.width_mm, spec.height_mm, spec.margin_mm)
