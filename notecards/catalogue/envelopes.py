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
from .postal import RULES, AddressZones, Postal, address_zones

ROOM_MM = 3.0  # a card needs at least this much play across and along inside its envelope (A2: 1/8 in)
RECIPIENT_FROM = 0.38  # the delivery address starts this far across the envelope: right of centre, as by hand


class _EnvelopeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    label: str = ""
    width_mm: float = Field(gt=50, lt=600)
    height_mm: float = Field(gt=50, lt=600)
    margin_mm: float = Field(default=6.35, ge=0, lt=50)
    postal: Postal = "usps"  # whose address rules apply (catalogue/postal.py)


@dataclass(frozen=True)
class Envelope:
    """An envelope as it lies when addressed (long side across), and where its two address blocks go."""

    name: str
    label: str
    width_mm: float
    height_mm: float
    margin_mm: float = 6.35
    postal: Postal = "usps"

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.width_mm * MM, self.height_mm * MM

    @property
    def zones(self) -> AddressZones:
        """Where the two addresses go and what stays free (stamp, barcode strip), by the envelope's postal rules."""
        w, h = self.size_pt
        m = self.margin_mm * MM
        return address_zones(RULES[self.postal], Rect(0, 0, w, h), m, RECIPIENT_FROM * w, m)

    @property
    def sender_box(self) -> Rect:
        """Top left, clear of the stamp in the top right."""
        return self.zones.sender

    @property
    def recipient_box(self) -> Rect:
        """Right of centre, inside the postal read area, above the barcode strip."""
        return self.zones.recipient

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
    return Envelope(spec.name, spec.label or spec.name, spec.width_mm, spec.height_mm, spec.margin_mm, spec.postal)
