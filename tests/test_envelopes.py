"""Envelopes: the right size per card, the right addresses, fitted in the card's hand; postcards on their own back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, SAMPLES, ink_inside, ink_outside_all, render_page, run_cli, save_failure
from pypdf import PdfReader

from notecards import build_batch, load_interview, parse_interview, write_batch
from notecards.addresses import recipient_lines, sender_lines
from notecards.catalogue.envelopes import load_envelope
from notecards.catalogue.stationery import envelope_for, load_stationery
from notecards.errors import FontError
from notecards.geometry import MM

SCALE = 2.0
HEAD = (
    'candidate: {name: Jo Quill, address: "3 Mill Lane\\nLeeds LS1 4AB"}\n'
    "position: {title: Tester, company: Acme Ltd%s}\ninterview: {date: 2026-11-24}\n"
)
PERSON = '  - name: %s\n    message: "Dear Sam,\\n\\nThank you for Tuesday.\\n\\nBest,\\nJo"\n%s'


def interview(people: list[tuple[str, str]], company_address: str | None = None, card: str = "a2-folded"):
    company = f', address: "{company_address}"' if company_address else ""
    body = "".join(PERSON % (name, extra) for name, extra in people)
    return parse_interview(HEAD % company + f"card: {{stationery: {card}}}\ninterviewers:\n" + body)


@pytest.mark.parametrize(
    ("stationery", "envelope"),
    [
        ("a2-folded", "a2"),
        ("a2-flat", "a2"),
        ("a6-flat", "c6"),
        ("a6-folded", "c6"),
        ("a7-folded", "a7"),
        ("index-3x5", "a2"),
        ("postcard-4x6", None),
    ],
)
def test_each_card_goes_in_the_envelope_that_matches_it(stationery: str, envelope: str | None) -> None:
    found = envelope_for(load_stationery(stationery))
    assert (found.name if found else None) == envelope
    if found is not None:
        card = load_stationery(stationery)
        assert found.holds(card.width_mm, card.height_mm)


def test_envelope_sizes_are_the_standard_ones() -> None:
    assert (load_envelope("a2").width_mm, load_envelope("a2").height_mm) == pytest.approx((146.05, 111.125))
    assert (load_envelope("a7").width_mm, load_envelope("a7").height_mm) == pytest.approx((184.15, 133.35))
    assert (load_envelope("c6").width_mm, load_envelope("c6").height_mm) == (162, 114)


def test_the_interviewers_own_address_wins_over_the_companys() -> None:
    loaded = interview([("Sam Fox", '    address: "9 Quay Street\\nHull HU1 1AA"\n')], "1 Dock Road\\nYork")
    assert recipient_lines(loaded, loaded.interviewers[0]) == (
        ["Sam Fox", "9 Quay Street", "Hull HU1 1AA"],
        "interviewer",
    )


def test_the_company_address_goes_under_the_name_and_the_company() -> None:
    loaded = interview([("Sam Fox", "")], "1 Dock Road\\nYork YO1 7HH")
    assert recipient_lines(loaded, loaded.interviewers[0]) == (
        ["Sam Fox", "Acme Ltd", "1 Dock Road", "York YO1 7HH"],
        "company",
    )
    repeated = interview([("Sam Fox", "")], "Acme Ltd\\n1 Dock Road")
    assert recipient_lines(repeated, repeated.interviewers[0])[0] == ["Sam Fox", "Acme Ltd", "1 Dock Road"]
    assert sender_lines(loaded) == ["Jo Quill", "3 Mill Lane", "Leeds LS1 4AB"]


def test_a_missing_address_is_a_warning_naming_the_recipient_and_the_envelope_still_has_the_name() -> None:
    batch = build_batch(interview([("Sam Fox", ""), ("Ana Ruiz", '    address: "5 Elm Row"\n')]))
    warnings = [w for w in batch.warnings if "no address" in w]
    assert len(warnings) == 1 and warnings[0].startswith("Sam Fox:")
    sam = batch.cards[0].address
    assert sam is not None and sam.address_from is None
    assert [line.text for line in sam.recipient.lines] == ["Sam Fox"]


def test_every_address_block_fits_its_box() -> None:
    batch = build_batch(load_interview(DATA / "print" / "mixed.yaml"))
    for card in batch.cards:
        for block in card.address.blocks:
            assert block.height_pt <= block.box.height + 1e-6
            for line in block.lines:
                assert block.box.x0 - 0.01 <= line.x_pt and line.x_pt + line.ink_width_pt <= block.box.x1 + 0.01


def test_envelopes_pdf_has_one_envelope_size_page_per_card_with_ink_only_in_the_address_boxes(tmp_path: Path) -> None:
    batch = build_batch(load_interview(SAMPLES / "panel.yaml"))
    data = write_batch(batch, tmp_path)
    pdf = tmp_path / "envelopes.pdf"
    reader = PdfReader(pdf)
    cards = [card for card in batch.cards if card.address.envelope is not None]
    assert len(reader.pages) == len(cards) == data["envelopes"]["pages"]
    for index, card in enumerate(cards):
        envelope = card.address.envelope
        page = reader.pages[index]
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(envelope.size_pt, abs=0.01)
        image = render_page(pdf, index, SCALE)
        h = envelope.size_pt[1]
        for box in (envelope.recipient_box, envelope.sender_box):
            assert ink_inside(image, box.as_list(), h, SCALE) > 50
        stray = ink_outside_all(image, [envelope.recipient_box.as_list(), envelope.sender_box.as_list()], h, SCALE)
        if stray > 0:
            pytest.fail(f"ink outside the address boxes; see {save_failure(image, f'envelope-{index}')}")


def test_the_envelope_is_written_in_the_cards_own_handwriting(tmp_path: Path) -> None:
    batch = build_batch(load_interview(SAMPLES / "panel.yaml"))
    write_batch(batch, tmp_path)
    reader = PdfReader(tmp_path / "envelopes.pdf")
    cards = [card for card in batch.cards if card.address.envelope is not None]
    for page, card in zip(reader.pages, cards, strict=True):
        fonts = {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
        assert any(card.hand.primary.family.replace(" ", "") in name for name in fonts), fonts


def test_a_postcard_carries_the_addresses_on_its_own_address_half(tmp_path: Path) -> None:
    batch = build_batch(interview([("Sam Fox", "")], "1 Dock Road\\nYork YO1 7HH", card="postcard-4x6"))
    data = write_batch(batch, tmp_path)
    card = batch.cards[0]
    assert card.address.on_card and card.address.envelope is None
    assert data["notes"][0]["envelope"] == {"size": None, "page": None, "on_card": True, "address_from": "company"}
    assert not (tmp_path / "envelopes.pdf").exists()
    image = render_page(tmp_path / "cards.pdf", 0, SCALE)
    stationery = card.stationery
    h = stationery.sheet_size_pt[1]
    half = stationery.panel(stationery.address_panel).inset(stationery.margin_pt)
    assert ink_inside(image, card.address.recipient.box.as_list(), h, SCALE) > 50
    assert ink_outside_all(image, [half.as_list(), card.layout.box.as_list()], h, SCALE) == 0, (
        "address ink strays outside the address half"
    )


def test_a_character_no_font_has_in_an_address_is_an_error_naming_the_recipient_and_field() -> None:
    with pytest.raises(FontError, match=r"Sam Fox \(interviewer.address\).*U\+1F680"):
        build_batch(interview([("Sam Fox", '    address: "Rocket Lane \U0001f680"\n')]))


def test_report_lists_each_cards_envelope(tmp_path: Path) -> None:
    proc = run_cli("build", DATA / "print" / "mixed.yaml", "-o", tmp_path, "--force")
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    envelopes = {n["recipient"]: n["envelope"] for n in report["notes"]}
    assert envelopes["Priya Natarajan"] == {"size": "a2", "page": 1, "on_card": False, "address_from": "interviewer"}
    assert envelopes["José Díaz"]["address_from"] == "company"
    assert envelopes["Jose Diaz"] is None  # email only
    assert envelopes["Łukasz Wróbel"]["on_card"] is True
    assert envelopes["Ann Lee"]["size"] == "a2"
    assert report["envelopes"] == {"path": "envelopes.pdf", "pages": 3}
    assert round(load_envelope("a2").size_pt[0] / MM, 2) == 146.05
