"""Addressed cards → `envelopes.pdf`: one page per envelope at its own size, with the card's design laid under it."""

from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.colors import HexColor

from ..addresses import Addressed
from ..cards import FittedNote
from ..catalogue.envelopes import Envelope
from .draw import draw_lines, new_canvas, save
from .underlay import Layer, write_with_designs


def draw_envelopes(cards: list[FittedNote], out: BinaryIO, title: str, author: str) -> int:
    """One page per card that has an envelope, at the envelope's size; returns the page count.

    A card whose design draws on its envelope (designs.py) gets that page laid under the addresses.
    """
    enveloped = [
        (card, card.address, card.address.envelope)
        for card in cards
        if card.address is not None and card.address.envelope is not None
    ]
    layers = [
        Layer(page, card.background, "envelope")
        for page, (card, _, _) in enumerate(enveloped)
        if card.background is not None and card.background.envelope
    ]
    return write_with_designs(lambda target: _draw_envelope_pages(enveloped, target, title, author), layers, out)


def _draw_envelope_pages(
    enveloped: list[tuple[FittedNote, Addressed, Envelope]], out: BinaryIO, title: str, author: str
) -> int:
    canvas = new_canvas(out, title, author)
    for card, addressed, envelope in enveloped:
        canvas.setPageSize(envelope.size_pt)
        canvas.setFillColor(HexColor(card.ink))
        for block in addressed.blocks:
            draw_lines(canvas, addressed.hand, block.lines, block.size_pt)
        canvas.showPage()
    save(canvas)
    return len(enveloped)
