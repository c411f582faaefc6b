"""Designed cards + the bleed asked for → warnings for design ink nearer the trim than home printers print.

Most home printers leave the last few millimetres of the paper blank, and a card cut by
hand is rarely cut to the millimetre, so a design keeps its ink `SAFE_MM` inside the trim
(the built-in ones do: a pixel test holds them to it). A user's design that does not is
worth a warning, unless the cards are printed on sheets with `--bleed`, where ink may run
past the trim on purpose. Each distinct background is rasterised once, coarsely: a
millimetre is all this needs to see.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..cards import FittedNote
from ..designs.catalogue import SAFE_MM
from ..designs.render import Background
from ..geometry import MM

DPI = 72  # a pixel is a third of a millimetre: enough to see ink in a 5 mm band
INKED = 230  # darker than this (0-255 grey) counts as ink


def trim_warnings(cards: Sequence[FittedNote], bleed_mm: float) -> list[str]:
    """One warning per design and stationery whose card pages put ink within SAFE_MM of the trim (none with bleed)."""
    if bleed_mm > 0:
        return []
    seen = {id(card.background): card.background for card in cards if card.background is not None}
    return [_warning(background) for background in seen.values() if _near_trim(background)]


def _warning(background: Background) -> str:
    return (
        f"design {background.design} draws within {SAFE_MM:g} mm of the trim of {background.stationery} cards, "
        "where most home printers cannot print: keep its ink inside `safe`, or print on sheets with --bleed "
        "and cut along the marks"
    )


def _near_trim(background: Background) -> bool:
    """Whether an inside or outside page of the background has ink in the band SAFE_MM wide along the trim."""
    import pypdfium2  # only when a card has a design of the user's own

    document = pypdfium2.PdfDocument(background.pdf)
    try:
        for side in ("inside", "outside"):
            if side not in background.sides:
                continue
            image = document[background.page_index(side)].render(scale=DPI / 72, grayscale=True).to_pil()
            if _band_inked(image.convert("L"), SAFE_MM * MM * DPI / 72):
                return True
    finally:
        document.close()
    return False


def _band_inked(image: object, band_px: float) -> bool:
    """Any pixel darker than INKED outside the rectangle `band_px` in from every edge."""
    from PIL import ImageDraw  # see _near_trim

    mask = image.point(lambda v: 255 if v < INKED else 0)  # type: ignore[attr-defined]
    edge = max(0, int(band_px) - 1)  # a pixel's slack for anti-aliasing at the band's inner edge
    inner = (edge, edge, mask.width - 1 - edge, mask.height - 1 - edge)
    ImageDraw.Draw(mask).rectangle(inner, fill=0)
    return bool(mask.getbbox())
