"""Real pixels: rendered cards keep every bit of ink inside the message box, in every font, on hard notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ink_inside, ink_outside, render_page, save_failure
from pypdf import PdfReader

from notecards.cards import fit_card
from notecards.catalogue.fonts import font_names
from notecards.compose import compose_notes
from notecards.errors import FontError
from notecards.load import parse_interview
from notecards.output.draw import draw_cards

SCALE = 2.0
HANDWRITING = font_names("handwriting")
ADVERSARIAL = {
    "long-words": "Supercalifragilisticexpialidocious conversations about antidisestablishmentarianism and "
    "incomprehensibilities in characteristically uncharacteristic counterrevolutionaries.",
    "all-caps": "THANK YOU FOR THE WONDERFUL CONVERSATION ABOUT QUARTERLY JOURNEYS, JAZZ AND QUIZZES. "
    "I ENJOYED EVERY MINUTE OF IT.",
    "swashes": "Jolly jazzy Quizzes; fjords, gypsy flyby, Zephyr-quick jiggly fuzzy Yogi. "
    "Jj Qq Ff Gg Yy Zz Ŋ ß ƒ — “quoted” ‘marks’ ….",
    "stacked-accents": "Ẫ Ḯ Ǻ Ǿ Ấ Ệ Ữ Ỷ Nguyễn Thị Hương, Łukasz Wróbel and Siobhán O’Brien — Ångström, Ÿ, Ž.",
    "tiny": "Thanks!",
}


def _interview(font: str, stationery: str) -> str:
    people = "\n".join(
        f"  - name: Person {i}\n    topic: testing\n    message: |\n      Dear Pat,\n\n      {text}\n\n"
        f"      Yours,\n      Jo\n"
        for i, text in enumerate(ADVERSARIAL.values())
    )
    return (
        f"candidate: {{name: Jo Quill}}\nposition: {{title: Tester, company: Acme}}\n"
        f"interview: {{date: 2026-11-24}}\ncard: {{font: {font}, stationery: {stationery}}}\n"
        f"interviewers:\n{people}"
    )


def _build(tmp_path: Path, yaml_text: str) -> tuple[Path, list]:
    interview = parse_interview(yaml_text)
    cards = [fit_card(note, interview) for note in compose_notes(interview) if note.medium == "card"]
    pdf = tmp_path / "cards.pdf"
    draw_cards(cards, str(pdf), "test", "test")
    return pdf, cards


def _assert_ink_in_box(pdf: Path, cards: list, label: str) -> None:
    for index, card in enumerate(cards):
        image = render_page(pdf, index, SCALE)
        page_height = card.stationery.sheet_size_pt[1]
        box = card.layout.box.as_list()
        outside = ink_outside(image, box, page_height, SCALE)
        if outside:
            path = save_failure(image, f"{label}-{index}")
            pytest.fail(f"{outside} inked pixels outside the box on page {index + 1} ({label}); see {path}")
        assert ink_inside(image, box, page_height, SCALE) > 50, "the note was not drawn"


@pytest.mark.parametrize("font", HANDWRITING)
@pytest.mark.parametrize("stationery", ["a2-folded", "postcard-4x6", "index-3x5", "a6-flat"])
def test_adversarial_notes_never_ink_outside_the_message_box(tmp_path, font, stationery):
    """Long words, capitals, swashes, stacked accents and a one-word note at the largest size stay in the box."""
    pdf, cards = _build(tmp_path, _interview(font, stationery))
    assert len(cards) == len(ADVERSARIAL)
    tiny = cards[-1]
    assert tiny.layout.size_pt == tiny.sizes.max_pt or tiny.layout.size_pt >= tiny.sizes.max_pt - 0.1
    _assert_ink_in_box(pdf, cards, f"{font}-{stationery}")


@pytest.mark.parametrize("sample", sorted(p.name for p in (Path(__file__).parent.parent / "samples").glob("*.yaml")))
def test_every_sample_card_keeps_its_ink_in_the_box(tmp_path, sample):
    """The shipped samples, drawn as users get them, put ink only inside each note's box."""
    from notecards.load import load_interview

    interview = load_interview(Path(__file__).parent.parent / "samples" / sample)
    cards = [fit_card(n, interview) for n in compose_notes(interview) if n.medium == "card"]
    pdf = tmp_path / "cards.pdf"
    draw_cards(cards, str(pdf), "t", "t")
    _assert_ink_in_box(pdf, cards, sample)


@pytest.mark.parametrize("font", HANDWRITING)
def test_names_with_accents_print_in_every_font_as_real_text(tmp_path, font):
    """Nguyễn Thị Hương, Łukasz Wróbel, Siobhán O’Brien come out whole (fallback where needed), extractable."""
    names = ["Nguyễn Thị Hương", "Łukasz Wróbel", "Siobhán O’Brien"]
    people = "\n".join(f"  - name: {n}\n    topic: data contracts — and “quality”" for n in names)
    yaml_text = (
        f"candidate: {{name: Jo Quill}}\nposition: {{title: Tester, company: Acme}}\n"
        f"interview: {{date: 2026-11-24}}\ncard: {{font: {font}}}\ntone: warm\ninterviewers:\n{people}"
    )
    pdf, cards = _build(tmp_path, yaml_text)
    reader = PdfReader(pdf)
    for page, name, card in zip(reader.pages, names, cards, strict=True):
        text = " ".join(page.extract_text().split())
        assert name.split()[0] in text, f"{name!r} not found in page text {text[:80]!r}"
        assert "—" in text and "“quality”" in text
        for line in card.layout.lines:
            for char in line.text:
                assert card.hand.face_for(char) is not None
    _assert_ink_in_box(pdf, cards, f"names-{font}")


def test_fallback_glyphs_are_reported_as_warnings():
    """Characters taken from the fallback font are listed on the card, naming the recipient."""
    interview = parse_interview(
        "candidate: {name: Jo Quill}\nposition: {title: T, company: Acme}\n"
        "interview: {date: 2026-11-24}\ncard: {font: caveat}\n"
        "interviewers:\n  - name: Nguyễn Thị Hương\n    topic: research\n"
    )
    card = fit_card(compose_notes(interview)[0], interview)
    assert card.warnings and "Nguyễn Thị Hương" in card.warnings[0] and "ễ" in card.warnings[0]


def test_a_character_no_font_has_is_refused_naming_it_the_recipient_and_field():
    """An emoji in a topic is an error with its code point, the recipient and the field — never a blank box."""
    interview = parse_interview(
        "candidate: {name: Jo Quill}\nposition: {title: T, company: Acme}\n"
        "interview: {date: 2026-11-24}\n"
        "interviewers:\n  - name: Ana Lima\n    topic: the launch 🚀 plan\n"
    )
    with pytest.raises(FontError) as caught:
        fit_card(compose_notes(interview)[0], interview)
    message = str(caught.value)
    assert "U+1F680" in message and "Ana Lima" in message and "interviewer.topic" in message


def _text_object_lines(canvas, hand, lines, size_pt, dx=0.0, dy=0.0):
    """The reference: the same lines drawn through reportlab's public text object API."""
    from notecards.output.draw import register

    text = canvas.beginText()
    current = None
    for line in lines:
        text.setTextOrigin(line.x_pt + dx, line.baseline_pt + dy)
        for run in hand.runs(line.text):
            font = (register(run.face), size_pt * run.scale)
            if font != current:
                text.setFont(*font)
                current = font
            text.textOut(run.text)
    canvas.drawText(text)


def test_text_operators_are_exactly_those_of_reportlabs_text_object(monkeypatch):
    """draw_lines writes the text object's operators and encodes the text itself: the same bytes as reportlab
    for samples, envelopes, fallback glyphs, and a later font subset (over 256 characters in one document)."""
    import io

    import notecards.output.draw
    from notecards.batch import build_batch
    from notecards.catalogue.fonts import load_hand
    from notecards.fit import Line
    from notecards.load import load_interview
    from notecards.output.draw import new_canvas
    from notecards.output.envelopes import draw_envelopes

    many = "".join(chr(c) for c in [*range(0x21, 0x7F), *range(0xA1, 0x17F)]) + "Nguyễn Thị Hương “ok” — …"
    lines = [Line(many[i : i + 40], "body", 20.0, 700.0 - 14 * k, 0.0) for k, i in enumerate(range(0, len(many), 40))]

    def pdf_bytes() -> bytes:
        out = io.BytesIO()
        canvas = new_canvas(out, "t", "t")
        for font in HANDWRITING:
            notecards.output.draw.draw_lines(canvas, load_hand(font), lines, 11.5, 3.25, -2.5)
            canvas.showPage()
        canvas.save()
        for sample in ("panel.yaml", "a6-iso.yaml"):
            batch = build_batch(load_interview(Path(__file__).parent.parent / "samples" / sample))
            draw_cards(batch.cards, out, "t", "t")
            draw_envelopes(batch.cards, out, "t", "t")
        return out.getvalue()

    direct = pdf_bytes()
    monkeypatch.setattr(notecards.output.draw, "draw_lines", _text_object_lines)
    monkeypatch.setattr("notecards.output.envelopes.draw_lines", _text_object_lines)
    assert pdf_bytes() == direct
