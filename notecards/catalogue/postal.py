"""Postal rules (`usps` or `iso`) + an address side's size → `AddressZones`: where addresses go, what stays free.

Measured on the address side as it is read (long side across, origin bottom-left), in
points. The numbers and where they come from are in README's "Addresses" section:

- `usps` (Publication 28, appendix A; DMM 202): the delivery address within the OCR read
  area, 1/2 in from the left and right edges and between 5/8 in and 2 3/4 in from the
  bottom; the bottom 5/8 in is the barcode clear zone (only its right 4 3/4 in is the
  rule; keeping the whole strip free is simpler and costs nothing on a card); postage in
  the top right corner.
- `iso` (European posts' guidance for C6, DL and A6 mail): the address at least 15 mm
  from the left, right and bottom edges (the bottom strip is where sorting machines print
  their code) and at least 40 mm below the top edge, which holds the stamp top right.

The stamp area's size is this project's choice (room for a stamp and its cancellation),
not a postal rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..geometry import MM, Rect

Postal = Literal["usps", "iso"]
INCH_MM = 25.4


@dataclass(frozen=True)
class PostalRules:
    """One postal administration's zones, in millimetres from the address side's edges."""

    name: Postal
    clear_bottom_mm: float  # the barcode (coding) strip along the bottom edge, kept free of ink
    side_mm: float  # the delivery address keeps this far from the left and right edges
    address_top_mm: float | None  # usps: the read area ends this high above the bottom edge
    clear_top_mm: float | None  # iso: the address starts this far below the top edge
    stamp_mm: tuple[float, float]  # (width, height) of the stamp area in the top right corner


RULES: dict[Postal, PostalRules] = {
    "usps": PostalRules("usps", 5 / 8 * INCH_MM, 0.5 * INCH_MM, 2.75 * INCH_MM, None, (1.25 * INCH_MM, 1.25 * INCH_MM)),
    "iso": PostalRules("iso", 15.0, 15.0, None, 40.0, (28.0, 34.0)),
}


@dataclass(frozen=True)
class AddressZones:
    """The address side's areas, in points: the two address boxes and the areas that must stay free."""

    recipient: Rect
    sender: Rect
    stamp: Rect
    barcode: Rect


def address_zones(
    rules: PostalRules, side: Rect, margin_pt: float, recipient_left_pt: float, sender_left_pt: float
) -> AddressZones:
    """The zones on an address side `side` (a whole envelope, or a postcard's back: the mailpiece's full face).

    The recipient's block starts no further left than `recipient_left_pt` (right of
    centre on an envelope, the address half of a postcard), the return address at
    `sender_left_pt`; `margin_pt` is the printer's safe margin, used where no postal rule
    asks for more.
    """
    stamp_w, stamp_h = (v * MM for v in rules.stamp_mm)
    stamp = Rect(side.x1 - margin_pt - stamp_w, side.y1 - margin_pt - stamp_h, side.x1 - margin_pt, side.y1 - margin_pt)
    barcode = Rect(side.x0, side.y0, side.x1, side.y0 + rules.clear_bottom_mm * MM)
    if rules.address_top_mm is not None:
        top = side.y0 + rules.address_top_mm * MM
    else:
        top = side.y1 - (rules.clear_top_mm or 0.0) * MM
    top = min(top, stamp.y0)  # never beside the stamp
    gap = 3 * MM
    recipient = Rect(
        max(recipient_left_pt, side.x0 + rules.side_mm * MM), barcode.y1 + gap / 2, side.x1 - rules.side_mm * MM, top
    )
    sender = Rect(sender_left_pt, max(top, side.y0 + side.height / 2) + gap, stamp.x0 - gap, side.y1 - margin_pt)
    return AddressZones(recipient, sender, stamp, barcode)
