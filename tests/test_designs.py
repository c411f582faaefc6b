"""Card designs: the catalogue, the geometry they see, no ink on the note's box, one render per key, cards.pdf pages."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from conftest import DATA, builtin_background, ink_inside, render_page, run_cli, save_failure
from pypdf import PdfReader

from notecards.batch import build_batch
from notecards.catalogue.stationery import catalogue as stationery_catalogue
from notecards.catalogue.stationery import load_stationery
from notecards.designs import render as backgrounds
from notecards.designs.catalogue import SAFE_MM, catalogue, design_names, geometry, load_design, people
from notecards.designs.render import background_for, render_background
from notecards.errors import DesignError
from notecards.geometry import MM
from notecards.load import load_interview, parse_interview
from notecards.output.write import write_batch

SCALE = 2.0
STRICT = 250  # any mark darker than near-white counts as ink: even a pale watermark
INTERVIEW = DATA / "designs" / "interview.yaml"
BUILTIN = ("border", "monogram", "plain", "thank-you-front")


def claims() -> list[tuple[str, str]]:
    return [(d.name, s.name) for d in catalogue() for s in stationery_catalogue() if d.suits_stationery(s)]


def box_pt(box: object, sheet_height_mm: float) -> list[float]:
    """A design `Box` (mm from the top-left) as [x0, y0, x1, y1] in points from the bottom-left."""
    left, top, width, height = (getattr(box, k) for k in ("left", "top", "width", "height"))
    return [left * MM, (sheet_height_mm - top - height) * MM, (left + width) * MM, (sheet_height_mm - top) * MM]


@cache
def builtin_page(design_name: str, stationery_name: str, side: str) -> object:
    """One side of `builtin_background` as greyscale pixels."""
    background = builtin_background(design_name, stationery_name)
    return render_page(background.pdf, background.page_index(side), SCALE)


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    backgrounds.clear_cache()


def test_the_four_builtin_designs_are_listed() -> None:
    assert set(BUILTIN) <= set(design_names())


def test_notecards_designs_lists_them_as_text_and_json() -> None:
    text = run_cli("designs")
    assert text.returncode == 0, text.stderr
    assert all(name in text.stdout for name in BUILTIN)
    data = json.loads(run_cli("designs", "--format", "json").stdout)
    by_name = {d["name"]: d for d in data}
    assert by_name["thank-you-front"]["outside"] is True
    assert by_name["thank-you-front"]["suits"] == ["folded"]


def test_geometry_is_in_mm_from_the_top_left() -> None:
    """The message box of a2-folded sits on the right half, inset by the margin, measured from the top-left."""
    g = geometry(load_stationery("a2-folded"))
    assert (g["sheet"].width, g["sheet"].height) == (215.9, 139.7)
    assert g["message"].left == pytest.approx(107.95 + 6.35)
    assert g["message"].top == pytest.approx(6.35)
    assert g["message"].bottom == pytest.approx(139.7 - 6.35)
    assert g["fold"].left == pytest.approx(107.95) and g["fold"].width == 0
    assert set(g["panels"]) == {"inside-left", "inside-right"}


def test_the_front_of_a_side_folded_card_is_the_right_half_of_the_outside() -> None:
    """Turned over about a vertical fold, the back of the inside-left panel (the front cover) lands on the right."""
    outside = geometry(load_stationery("a6-folded"))["outside"]
    assert outside["front"].left == pytest.approx(105) and outside["back"].left == 0


def test_a_flat_card_has_no_fold_and_one_outside_panel() -> None:
    g = geometry(load_stationery("postcard-4x6"))
    assert g["fold"] is None and g["folded"] is False
    assert list(g["outside"]) == ["full"]
    assert g["message_panel"].width == pytest.approx(152.4 / 2)


@pytest.mark.parametrize(("design_name", "stationery_name"), claims())
def test_builtin_design_leaves_the_message_box_blank(design_name: str, stationery_name: str) -> None:
    """Every built-in design, on every stationery it claims: no ink at all inside the message box."""
    design = load_design(design_name)
    stationery = load_stationery(stationery_name)
    image = builtin_page(design_name, stationery_name, "inside")
    _, sheet_h = stationery.sheet_size_pt
    inked = ink_inside(image, stationery.message_box.as_list(), sheet_h, SCALE, threshold=STRICT)
    if inked and not design.under_text:
        saved = save_failure(image, f"design-{design_name}-{stationery_name}")
        pytest.fail(f"{design_name} puts {inked} px of ink in the message box of {stationery_name}; see {saved}")


@pytest.mark.parametrize(
    ("design_name", "stationery_name"),
    [c for c in claims() if c[0] == "border" or (c[0] == "monogram" and load_stationery(c[1]).folded)],
)  # flat: only on the envelope
def test_builtin_design_draws_something_on_the_inside(design_name: str, stationery_name: str) -> None:
    """The blank-box test above would pass for a design that silently rendered nothing; this one would not."""
    stationery = load_stationery(stationery_name)
    image = builtin_page(design_name, stationery_name, "inside")
    assert ink_inside(image, [0, 0, *stationery.sheet_size_pt], stationery.sheet_size_pt[1], SCALE) > 0


@pytest.mark.parametrize("stationery_name", ["a2-folded", "a6-folded", "a7-folded"])
def test_thank_you_front_writes_on_the_front_panel_only(stationery_name: str) -> None:
    stationery = load_stationery(stationery_name)
    image = builtin_page("thank-you-front", stationery_name, "outside")
    outside = geometry(stationery)["outside"]
    sheet_h = stationery.sheet_size_pt[1]
    assert ink_inside(image, box_pt(outside["front"], sheet_h / MM), sheet_h, SCALE) > 200
    assert ink_inside(image, box_pt(outside["back"], sheet_h / MM), sheet_h, SCALE, threshold=STRICT) == 0


def test_monogram_shows_the_candidates_initials() -> None:
    from notecards.designs.render import render_html

    html = render_html(
        load_design("monogram"),
        {**geometry(load_stationery("a2-flat")), **people(load_interview(INTERVIEW)), "fonts": {}},
    )
    assert ">JR<" in html


def test_initials_leave_out_letters_no_bundled_font_can_draw_and_the_build_says_so() -> None:
    """`李 Wei` would print an empty box on every card: the initials are `W`, with a warning naming `李`."""
    from notecards.designs.render import render_html

    interview = parse_interview(
        INTERVIEW.read_text()
        .replace("Jordan Rivera", "李 Wei")
        .replace("design: border", "design: monogram\n  signature: Wei")
        .replace("    design: thank-you-front\n", ""),
        "x.yaml",
        source=INTERVIEW,
    )
    html = render_html(
        load_design("monogram"), {**geometry(load_stationery("a2-flat")), **people(interview), "fonts": {}}
    )
    assert ">W<" in html and "李" not in html.split("<body>")[1].split("initials")[-1]
    batch = build_batch(interview)
    [warning] = [w for w in batch.warnings if "initials" in w]
    assert "design monogram" in warning and "李" in warning
    assert [w for w in batch.warnings if w.startswith("design ")] == [warning]  # none from WeasyPrint


def test_initials_in_a_script_only_the_fallback_font_has_are_kept() -> None:
    """Greek is not in Caveat but is in Noto Sans (the monogram's second font): kept, no warning."""
    from notecards.designs.catalogue import drawable_initials

    assert drawable_initials("Ελένη Παππά") == ("ΕΠ", ())
    assert drawable_initials("李 Wei") == ("W", ("李",))


def test_a_watermark_that_says_under_text_may_ink_the_message_box() -> None:
    """under_text: true is how a design declares it draws under the note; the check then expects the ink."""
    design = load_design(str(DATA / "designs" / "watermark"))
    stationery = load_stationery("a2-flat")
    background = render_background(design, stationery, people(load_interview(INTERVIEW)))
    image = render_page(background.pdf, 0, SCALE)
    assert design.under_text and background.under_text
    assert ink_inside(image, stationery.message_box.as_list(), stationery.sheet_size_pt[1], SCALE, STRICT) > 0


def test_unknown_design_is_an_error_listing_the_choices() -> None:
    with pytest.raises(DesignError, match="choose one of border, monogram, plain, thank-you-front"):
        load_design("confetti")


def test_a_misspelt_design_is_reported_at_its_line_in_the_interview_file() -> None:
    from notecards.errors import InterviewError

    with pytest.raises(InterviewError) as caught:
        parse_interview(INTERVIEW.read_text().replace("design: border", "design: bordr"), "x.yaml", source=INTERVIEW)
    assert str(caught.value).startswith("x.yaml:11: card.design: design bordr: no such design; choose one of")


def test_a_design_that_does_not_suit_the_stationery_is_refused() -> None:
    text = INTERVIEW.read_text().replace("design: thank-you-front", "design: thank-you-front\n    stationery: a6-flat")
    interview = parse_interview(text, "x.yaml", source=INTERVIEW)
    with pytest.raises(DesignError, match=r"thank-you-front: does not suit a6-flat \(the card for Marcus Chen\)"):
        build_batch(interview)


@pytest.mark.parametrize("given", ["./watermark", "watermark", "watermark/design.yaml"])
def test_a_design_path_is_relative_to_the_interview_file_not_the_working_directory(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A design folder beside the interview file is found by path or by bare folder name, run from anywhere."""
    monkeypatch.chdir(tmp_path)
    text = INTERVIEW.read_text().replace("design: border", f"design: {given}")
    interview = parse_interview(text, "x.yaml", source=INTERVIEW)
    batch = build_batch(interview)
    assert [c.background.design for c in batch.cards if c.background] == ["watermark", "thank-you-front"]


def test_plain_is_the_default_and_renders_nothing() -> None:
    text = INTERVIEW.read_text().replace("  design: border\n", "").replace("    design: thank-you-front\n", "")
    before = backgrounds.renders
    batch = build_batch(parse_interview(text, "x.yaml", source=INTERVIEW))
    assert all(card.background is None for card in batch.cards)
    assert backgrounds.renders == before


def test_a_design_renders_once_per_distinct_stationery_not_once_per_card() -> None:
    """40 cards on one design and two stationery kinds: WeasyPrint runs twice, not 40 times."""
    people_yaml = "".join(
        f"  - name: Person {i}\n    topic: topic {i}\n    stationery: {'a2-flat' if i % 2 else 'a2-folded'}\n"
        for i in range(40)
    )
    text = INTERVIEW.read_text().split("interviewers:")[0] + "interviewers:\n" + people_yaml
    before = backgrounds.renders
    batch = build_batch(parse_interview(text, "x.yaml", source=INTERVIEW))
    assert len(batch.cards) == 40
    assert backgrounds.renders - before == 2
    assert len({id(card.background) for card in batch.cards}) == 2


def test_the_cache_key_includes_the_candidate() -> None:
    interview = load_interview(INTERVIEW)
    other = parse_interview(INTERVIEW.read_text().replace("Jordan Rivera", "Alex Morgan"), "x.yaml", source=INTERVIEW)
    design, stationery = load_design("monogram"), load_stationery("a2-flat")
    assert background_for(design, stationery, interview) is background_for(design, stationery, interview)
    assert background_for(design, stationery, interview) is not background_for(design, stationery, other)


def test_an_outside_design_makes_cards_pdf_two_pages_per_card(tmp_path: Path) -> None:
    """One card on border, one on thank-you-front: inside, outside, inside, outside; notes on pages 1 and 3."""
    batch = build_batch(load_interview(INTERVIEW))
    data = write_batch(batch, tmp_path)
    assert [n["page"] for n in data["notes"]] == [1, 3]
    assert [n["design"] for n in data["notes"]] == ["border", "thank-you-front"]
    pdf = tmp_path / "cards.pdf"
    assert len(PdfReader(pdf).pages) == 4
    sheet_w, sheet_h = load_stationery("a2-folded").sheet_size_pt
    everything = [0, 0, sheet_w, sheet_h]
    first_outside, second_outside = render_page(pdf, 1, SCALE), render_page(pdf, 3, SCALE)
    assert ink_inside(first_outside, everything, sheet_h, SCALE, STRICT) == 0  # border draws nothing outside
    assert ink_inside(second_outside, [sheet_w / 2, 0, sheet_w, sheet_h], sheet_h, SCALE) > 200  # "Thank you"


def test_designed_cards_keep_the_note_in_its_box_and_the_design_outside_it(tmp_path: Path) -> None:
    text = INTERVIEW.read_text().replace("    design: thank-you-front\n", "")
    batch = build_batch(parse_interview(text, "x.yaml", source=INTERVIEW))
    write_batch(batch, tmp_path)
    pdf = tmp_path / "cards.pdf"
    assert len(PdfReader(pdf).pages) == 2
    stationery = load_stationery("a2-folded")
    sheet_h = stationery.sheet_size_pt[1]
    image = render_page(pdf, 0, SCALE)
    box = stationery.message_box.as_list()
    assert ink_inside(image, box, sheet_h, SCALE) > 500  # the note
    frame = [box[0] - 4 * MM, box[1] - 4 * MM, box[2] + 4 * MM, box[3] + 4 * MM]
    ring = ink_inside(image, frame, sheet_h, SCALE) - ink_inside(image, box, sheet_h, SCALE)
    assert ring > 200  # the border's rule, between the trim and the message box


def test_a_design_is_stored_once_in_cards_pdf(tmp_path: Path) -> None:
    """Every page refers to one form for the design instead of carrying its own copy."""
    text = INTERVIEW.read_text().replace("    design: thank-you-front\n", "")
    batch = build_batch(parse_interview(text, "x.yaml", source=INTERVIEW))
    write_batch(batch, tmp_path)
    forms = {
        page["/Resources"]["/XObject"].raw_get("/NotecardsDesign0").idnum
        for page in PdfReader(tmp_path / "cards.pdf").pages
    }
    assert len(forms) == 1


def test_the_one_underlay_helper_leaves_plain_drawings_untouched_and_lays_each_layer_under_its_page() -> None:
    """`write_with_designs`, which cards, sheets, envelopes and previews all use for their designs."""
    from io import BytesIO

    from notecards.output.draw import new_canvas
    from notecards.output.underlay import Layer, write_with_designs

    def draw(target: BytesIO) -> int:
        canvas = new_canvas(target, "test", "test")
        for page in range(3):
            canvas.drawString(100, 100, f"page {page}")
            canvas.showPage()
        canvas.save()
        return 3

    direct, plain, designed = BytesIO(), BytesIO(), BytesIO()
    draw(direct)
    assert write_with_designs(draw, [], plain) == 3
    assert plain.getvalue() == direct.getvalue()
    background = builtin_background("border", "a2-flat")
    shift = (1.0, 0.0, 0.0, 1.0, 20.0, 30.0)
    assert write_with_designs(draw, [Layer(1, background, "inside", shift)], designed) == 3
    pages = PdfReader(designed).pages
    assert [sorted(page["/Resources"].get("/XObject", {})) for page in pages] == [[], ["/NotecardsDesign0"], []]
    assert pages[1].get_contents().get_data().startswith(b"q 1.0000 0.0000 0.0000 1.0000 20.0000 30.0000 cm")


def test_designed_cards_pdf_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    for run in ("a", "b"):
        backgrounds.clear_cache()
        write_batch(build_batch(load_interview(INTERVIEW)), tmp_path / run)
    assert (tmp_path / "a" / "cards.pdf").read_bytes() == (tmp_path / "b" / "cards.pdf").read_bytes()


def envelope_claims() -> list[tuple[str, str]]:
    from notecards.designs.catalogue import envelope_geometry

    return [(d, s) for d, s in claims() if load_design(d).envelope and envelope_geometry(load_stationery(s))]


@pytest.mark.parametrize(("design_name", "stationery_name"), envelope_claims())
def test_builtin_envelope_page_leaves_the_addresses_and_barcode_strip_blank(
    design_name: str, stationery_name: str
) -> None:
    """A design's envelope page never covers the return address, the recipient's address or the barcode strip."""
    stationery = load_stationery(stationery_name)
    image = builtin_page(design_name, stationery_name, "envelope")
    envelope = geometry(stationery)["envelope"]
    height_mm = envelope["sheet"].height
    assert ink_inside(image, box_pt(envelope["sheet"], height_mm), height_mm * MM, SCALE) > 0
    for area in ("sender", "recipient", "barcode"):
        inked = ink_inside(image, box_pt(envelope[area], height_mm), height_mm * MM, SCALE, threshold=STRICT)
        if inked:
            saved = save_failure(image, f"envelope-{design_name}-{stationery_name}")
            pytest.fail(f"{design_name} inks the {area} area of the envelope for {stationery_name}; see {saved}")


def test_a_postcard_has_no_envelope_page() -> None:
    """Postcards carry their addresses themselves: a design with an envelope page makes none for them."""
    assert builtin_background("monogram", "postcard-4x6").sides == ("inside",)


def test_envelopes_pdf_has_the_design_under_the_addresses(tmp_path: Path) -> None:
    text = (
        INTERVIEW.read_text()
        .replace("design: border", "design: monogram")
        .replace("    design: thank-you-front\n", "    design: plain\n")
    )
    text = text.replace(
        "candidate:\n  name: Jordan Rivera\n",
        "candidate:\n  name: Jordan Rivera\n  address: |\n    12 Elm Street\n    Springfield, IL 62701\n",
    )
    write_batch(build_batch(parse_interview(text, "x.yaml", source=INTERVIEW)), tmp_path)
    pdf = tmp_path / "envelopes.pdf"
    assert len(PdfReader(pdf).pages) == 2
    envelope = geometry(load_stationery("a2-folded"))["envelope"]
    height_mm = envelope["sheet"].height
    free = [
        envelope["sender"].left * MM,
        envelope["barcode"].height * MM,
        envelope["recipient"].left * MM,
        (height_mm - envelope["sender"].bottom) * MM,
    ]
    designed, plain = render_page(pdf, 0, SCALE), render_page(pdf, 1, SCALE)
    assert ink_inside(designed, free, height_mm * MM, SCALE) > 200  # the ring and initials
    assert ink_inside(plain, free, height_mm * MM, SCALE, STRICT) == 0
    sender = box_pt(envelope["sender"], height_mm)
    assert ink_inside(designed, sender, height_mm * MM, SCALE) > 0  # the return address is still written


def test_the_preview_shows_the_design_through_the_message_panel_tint(tmp_path: Path) -> None:
    """border on a flat card rules inside the (tinted) message panel: the preview must not hide it."""
    from notecards.output.preview import card_origin, write_preview

    text = INTERVIEW.read_text().replace("stationery: a2-folded", "stationery: a2-flat")
    text = text.replace("    design: thank-you-front\n", "")
    batch = build_batch(parse_interview(text, "x.yaml", source=INTERVIEW))
    write_preview(batch, tmp_path / "preview.pdf")
    image = render_page(tmp_path / "preview.pdf", 0, SCALE)
    stationery = load_stationery("a2-flat")
    x, y = card_origin(batch.cards[0])
    page_h = float(PdfReader(tmp_path / "preview.pdf").pages[0].mediabox.height)
    rule = SAFE_MM * MM  # border's rule, on the edge of the safe area
    strip = [x + 20 * MM, y + rule - 1, x + 60 * MM, y + rule + 1]  # along the bottom rule, clear of the guides
    assert ink_inside(image, strip, page_h, SCALE, threshold=160) > 20
    assert stationery.margin_mm > SAFE_MM


def test_the_preview_adds_the_outside_for_a_design_that_draws_there(tmp_path: Path) -> None:
    from notecards.output.preview import card_origin, write_preview

    batch = build_batch(load_interview(INTERVIEW))
    written = write_preview(batch, tmp_path / "preview.pdf", png_dir=tmp_path / "png")
    assert written.pages == 3  # border: inside; thank-you-front: inside and outside
    assert sorted(p.name for p in written.pngs) == ["marcus-chen-outside.png", "marcus-chen.png", "priya-natarajan.png"]
    outside = render_page(tmp_path / "preview.pdf", 2, SCALE)
    x, y = card_origin(batch.cards[1])
    w, h = load_stationery("a2-folded").sheet_size_pt
    front = [x + w / 2 + 10, y + 10, x + w - 10, y + h - 10]  # inside the front panel, clear of trim and fold
    page_h = float(PdfReader(tmp_path / "preview.pdf").pages[2].mediabox.height)
    assert ink_inside(outside, front, page_h, SCALE) > 200  # "Thank you"
