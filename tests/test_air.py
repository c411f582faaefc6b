"""Cards with air: a note is set no larger than the comfortable x-height unless the interview asks to fill the card."""

from __future__ import annotations

import pytest
from conftest import ink_inside, render_page

from notecards.batch import build_batch
from notecards.cards import capacity_of
from notecards.errors import InterviewError
from notecards.geometry import MM
from notecards.load import parse_interview
from notecards.output.write import write_batch

HEAD = (
    "candidate: {name: Jordan Rivera}\nposition: {title: Data Engineer, company: Northwind}\n"
    "interview: {date: 2026-11-24}\n"
)
SHORT = "Dear Pat,\n\nThank you for the kind talk about the new data work.\n\nSincerely,\nJordan"


def _interview(card: str, message: str = SHORT):
    body = "".join(f"      {line}\n" for line in message.splitlines())
    return parse_interview(HEAD + f"card: {card}\ninterviewers:\n  - name: Pat Lee\n    message: |\n{body}")


def test_a_short_note_keeps_the_comfortable_x_height_instead_of_growing():
    """By default a short note is set at the comfortable 2 mm x-height, not blown up to the 3 mm maximum."""
    card = build_batch(_interview("{stationery: a2-folded, font: caveat}")).cards[0]
    assert card.x_height_mm == pytest.approx(2.0, abs=0.02)
    assert card.layout.fill < 0.35  # most of the panel stays empty: the air a person leaves


def test_size_fill_lets_a_short_note_grow_up_to_the_maximum():
    """`card: {size: fill}` is the explicit choice to go above the comfortable size."""
    card = build_batch(_interview("{stationery: a2-folded, font: caveat, size: fill}")).cards[0]
    assert card.x_height_mm > 2.5


def test_a_short_note_starts_at_the_top_of_its_panel(tmp_path):
    """The note's ink is in the upper part of the message panel (where a hand starts), the lower half is blank."""
    batch = build_batch(_interview("{stationery: a2-flat, font: caveat}"))
    write_batch(batch, tmp_path)
    box = batch.cards[0].layout.box
    page_h = batch.cards[0].stationery.sheet_size_pt[1]
    image = render_page(tmp_path / "cards.pdf", 0, scale=2.0)
    middle = (box.y0 + box.y1) / 2
    assert ink_inside(image, [box.x0, box.y1 - 15 * MM, box.x1, box.y1], page_h, 2.0) > 200
    assert ink_inside(image, [box.x0, box.y0, box.x1, middle], page_h, 2.0) == 0


def test_capacity_reports_the_comfortable_size_as_what_a_default_card_uses():
    """`capacity`'s comfortable row is the largest size a default card is set at; `maximum` needs `size: fill`."""
    data = capacity_of("a2-folded", "caveat")
    card = build_batch(_interview("{stationery: a2-folded, font: caveat}")).cards[0]
    assert card.layout.size_pt == data["preferred"]["font_size_pt"]
    assert data["maximum"]["font_size_pt"] > data["preferred"]["font_size_pt"]


def test_an_unknown_size_is_refused_naming_the_field():
    """`size: huge` is bad input, with the choices named."""
    with pytest.raises(InterviewError) as caught:
        _interview("{size: huge}")
    assert "card.size" in str(caught.value) and "fill" in str(caught.value)


def test_a_note_of_capacitys_comfortable_word_count_is_set_at_the_comfortable_size():
    """`capacity` and the fitter agree: that many words sit at the comfortable size, a few more go smaller."""
    from notecards.cards import _sample_note  # the prose capacity counts with

    words = capacity_of("a2-folded", "caveat")["preferred"]["words"]
    sizes = []
    for count in (words, words + 15):
        salutation, body, closing, signature = (" ".join(p.words) for p in _sample_note(count))
        message = f"{salutation}\n\n{body}\n\n{closing}\n{signature}"
        sizes.append(build_batch(_interview("{stationery: a2-folded, font: caveat}", message)).cards[0])
    assert sizes[0].layout.size_pt == capacity_of("a2-folded", "caveat")["preferred"]["font_size_pt"]
    assert sizes[1].layout.size_pt < sizes[0].layout.size_pt
