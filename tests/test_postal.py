"""Postal-ready addresses: lines as written at a fixed legible size, stamp and barcode areas free, a legible hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES, ink_inside, render_page, save_failure

from notecards import build_batch, load_interview, parse_interview, write_batch
from notecards.addresses import LEGIBLE_HAND, RECIPIENT_X_HEIGHT_MM, recipient_lines
from notecards.catalogue.envelopes import envelope_names, load_envelope
from notecards.catalogue.postal import INCH_MM
from notecards.catalogue.stationery import load_stationery
from notecards.errors import InterviewError
from notecards.geometry import MM

SCALE = 300 / 72  # print resolution
HEAD = (
    'candidate: {name: Jo Quill, address: "12 Elm Street\\nSpringfield, IL 62701"}\n'
    "position: {title: Tester, company: Lumen Health, "
    'address: "Lumen Health, Inc.\\n1 Kendall Square, Suite 400\\nCambridge, MA 02139"}\n'
    "interview: {date: 2026-11-24}\n"
)
PERSON = '  - name: %s\n    message: "Dear Sam,\\n\\nThank you for Tuesday.\\n\\nBest,\\nJo"\n'


def interview(card: str, *names: str):
    return parse_interview(HEAD + f"card: {card}\ninterviewers:\n" + "".join(PERSON % name for name in names))


def test_the_company_line_is_not_repeated_when_the_address_starts_with_its_legal_name():
    """ "Lumen Health, Inc." under "Lumen Health": the company is written once."""
    iv = interview("{stationery: a2-folded}", "Pat Lee")
    lines, source = recipient_lines(iv, iv.interviewers[0])
    assert lines == ["Pat Lee", "Lumen Health, Inc.", "1 Kendall Square, Suite 400", "Cambridge, MA 02139"]
    assert source == "company"


def test_a_company_whose_name_merely_begins_the_same_is_still_written():
    """ "Lumen Healthcare" is another company: "Lumen Health" stays on its own line above it."""
    iv = parse_interview(
        HEAD.replace("Lumen Health, Inc.", "Lumen Healthcare") + "interviewers:\n" + PERSON % "Pat Lee"
    )
    lines, _ = recipient_lines(iv, iv.interviewers[0])
    assert lines[1:3] == ["Lumen Health", "Lumen Healthcare"]


@pytest.mark.parametrize("stationery", ["postcard-4x6", "postcard-a6", "a2-folded", "a6-flat"])
def test_address_lines_are_kept_as_written(stationery: str):
    """Never re-broken at a comma: one drawn line per written line, no smaller than the legible minimum."""
    card_block = f"{{stationery: {stationery}, font: caveat}}"
    batch = build_batch(interview(card_block, "Pat Lee", "Alexandra Montgomery-Smith"))
    for card in batch.cards:
        block = card.address.recipient
        assert [line.text for line in block.lines] == recipient_lines(
            batch.interview, batch.interview.interviewers[card.note.index]
        )[0]
        x_height = block.size_pt * card.address.hand.primary.x_height / MM
        assert RECIPIENT_X_HEIGHT_MM[0] - 0.02 <= x_height <= RECIPIENT_X_HEIGHT_MM[1] + 0.02


@pytest.mark.parametrize("stationery", ["a2-folded", "a6-flat"])
def test_an_envelope_address_has_one_fixed_size_however_short(stationery: str):
    """A short address is not blown up to fill the read area: every envelope's recipient is at 2.4 mm x-height."""
    iv = parse_interview(
        HEAD.replace('address: "Lumen', 'address: "1 Main St\\nBoston, MA 02110"}#')
        + f"card: {{stationery: {stationery}, font: caveat}}\ninterviewers:\n"
        + PERSON % "Al Wu"
    )
    for card in build_batch(iv).cards:
        block = card.address.recipient
        assert [line.text for line in block.lines] == ["Al Wu", "Lumen Health", "1 Main St", "Boston, MA 02110"]
        assert block.size_pt * card.address.hand.primary.x_height / MM == pytest.approx(
            RECIPIENT_X_HEIGHT_MM[1], abs=0.02
        )


def _strip_and_stamp_are_blank(image, zones, page_h: float, name: str) -> None:
    for what, box in (("barcode strip", zones.barcode), ("stamp area", zones.stamp)):
        inked = ink_inside(image, box.as_list(), page_h, SCALE)
        if inked:
            pytest.fail(f"{inked} inked pixels in the {what}; see {save_failure(image, f'postal-{name}-{what}')}")


@pytest.mark.parametrize("stationery", ["postcard-4x6", "postcard-a6"])
def test_a_postcards_barcode_strip_and_stamp_area_stay_blank(tmp_path: Path, stationery: str):
    """Rendered at print resolution: no ink (note or address) in the bottom strip or the stamp corner."""
    batch = build_batch(interview(f"{{stationery: {stationery}, font: kalam}}", "Pat Lee"))
    write_batch(batch, tmp_path)
    card = batch.cards[0]
    image = render_page(tmp_path / "cards.pdf", 0, SCALE)
    zones = card.stationery.address_zones
    _strip_and_stamp_are_blank(image, zones, card.stationery.sheet_size_pt[1], stationery)
    assert ink_inside(image, zones.recipient.as_list(), card.stationery.sheet_size_pt[1], SCALE) > 500


def test_every_envelope_keeps_its_barcode_strip_and_stamp_area_blank(tmp_path: Path):
    """Each page of envelopes.pdf for the samples, US and ISO: the strip and the stamp corner have no ink."""
    for sample in ("panel.yaml", "a6-iso.yaml"):
        batch = build_batch(load_interview(SAMPLES / sample))
        write_batch(batch, tmp_path / sample)
        cards = [card for card in batch.cards if card.address.envelope is not None]
        for index, card in enumerate(cards):
            envelope = card.address.envelope
            image = render_page(tmp_path / sample / "envelopes.pdf", index, SCALE)
            _strip_and_stamp_are_blank(image, envelope.zones, envelope.size_pt[1], f"{sample}-{index}")


@pytest.mark.parametrize("name", envelope_names())
def test_the_usps_and_iso_zones_have_their_published_sizes(name: str):
    """USPS: read area 5/8 to 2 3/4 in up, 1/2 in from the sides. ISO: 15 mm from sides and bottom, 40 mm from top."""
    envelope = load_envelope(name)
    zones, (w, h) = envelope.zones, envelope.size_pt
    if envelope.postal == "usps":
        assert zones.barcode.y1 == pytest.approx(5 / 8 * INCH_MM * MM)
        assert zones.recipient.y1 <= 2.75 * INCH_MM * MM + 1e-6
        assert zones.recipient.x1 == pytest.approx(w - 0.5 * INCH_MM * MM)
    else:
        assert zones.barcode.y1 == pytest.approx(15 * MM)
        assert zones.recipient.y1 <= h - 40 * MM + 1e-6
        assert zones.recipient.x1 == pytest.approx(w - 15 * MM)
    assert zones.recipient.y0 > zones.barcode.y1
    assert not zones.recipient.overlaps(zones.stamp) and not zones.sender.overlaps(zones.stamp)


def test_a_joined_script_card_is_addressed_in_a_legible_hand():
    """Homemade Apple is joined: its envelope is written in Patrick Hand; Caveat's envelope stays in Caveat."""
    batch = build_batch(interview("{stationery: a2-folded, font: homemade-apple}", "Pat Lee"))
    assert batch.cards[0].address.hand.id == LEGIBLE_HAND
    batch = build_batch(interview("{stationery: a2-folded, font: caveat}", "Pat Lee"))
    assert batch.cards[0].address.hand.id == "caveat"


def test_address_font_chooses_the_hand_of_envelopes_and_postcard_address_sides(tmp_path: Path):
    """`card: {address_font: kalam}` writes the address side in Kalam while the note stays in Caveat."""
    batch = build_batch(interview("{stationery: postcard-4x6, font: caveat, address_font: kalam}", "Pat Lee"))
    card = batch.cards[0]
    assert (card.hand.id, card.address.hand.id) == ("caveat", "kalam")
    write_batch(batch, tmp_path)
    pdf = (tmp_path / "cards.pdf").read_bytes()
    assert b"Kalam" in pdf and b"Caveat" in pdf


def test_an_unknown_address_font_is_refused_naming_the_field():
    with pytest.raises(InterviewError) as caught:
        interview("{address_font: comic}", "Pat Lee")
    assert "card.address_font" in str(caught.value) and "unknown font 'comic'" in str(caught.value)


def test_the_joined_flag_comes_from_the_font_catalogue():
    """fonts.yaml marks Homemade Apple as joined, and only it."""
    from notecards.catalogue.fonts import font_names, load_face

    assert {name for name in font_names() if load_face(name).joined} == {"homemade-apple"}
    assert load_stationery("postcard-a6").postal == "iso" and load_stationery("postcard-4x6").postal == "usps"
