"""Handwriting realism, read back from real PDFs: letter forms, measured variation, ink in the box, text, seeds."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import ROOT, SAMPLES, ink_inside, ink_outside, render_page, run_cli, save_failure
from pypdf import PdfReader

from notecards.batch import build_batch
from notecards.cards import fit_card
from notecards.catalogue import forms
from notecards.catalogue.fonts import font_names, load_face
from notecards.compose import compose_notes
from notecards.load import load_interview, parse_interview
from notecards.output.draw import draw_cards

sys.path.insert(0, str(ROOT / "tools"))
from measure_handwriting import measure, measure_lines, page_lines

SCALE = 2.0
HANDWRITING = font_names("handwriting")
DOUBLED = (
    "Bookkeeper Annabelle will keep all the little balloons, coffee and apple toffee. Committee "
    "bookkeeping succeeded across the hallway: all well and good, still fully committed to tomorrow."
)
ADVERSARIAL = {
    "long-words": "Supercalifragilisticexpialidocious conversations about antidisestablishmentarianism and "
    "incomprehensibilities in characteristically uncharacteristic counterrevolutionaries.",
    "all-caps": "THANK YOU FOR THE WONDERFUL CONVERSATION ABOUT QUARTERLY JOURNEYS, JAZZ AND QUIZZES.",
    "swashes": "Jolly jazzy Quizzes; fjords, gypsy flyby, Zephyr-quick jiggly fuzzy Yogi. Jj Qq Ff Gg Yy Zz ß ƒ",
    "stacked-accents": "Ẫ Ḯ Ǻ Ǿ Ấ Ệ Ữ Ỷ Nguyễn Thị Hương, Łukasz Wróbel and Siobhán O’Brien — Ångström, Ÿ, Ž.",
    "letter-runs": "Sssssssss? Zzzzzzzzzzzz! Mmmmmmmmm, nnnnnnnnnnn: she possesses senselessness, Mississippi.",
    "one-word": "Thanks!",
}
RUNS = ADVERSARIAL["letter-runs"]


def _interview(font: str, texts: list[str], realism: str = "natural", stationery: str = "a2-flat") -> str:
    people = "\n".join(
        f"  - name: Person {i}\n    topic: testing\n    message: |\n      Dear Pat,\n\n      {text}\n\n"
        f"      Yours,\n      Jo\n"
        for i, text in enumerate(texts)
    )
    return (
        f"candidate: {{name: Jo Quill}}\nposition: {{title: Tester, company: Acme}}\n"
        f"interview: {{date: 2026-11-24}}\ncard: {{font: {font}, stationery: {stationery}, realism: {realism}}}\n"
        f"interviewers:\n{people}"
    )


def _draw(tmp_path: Path, yaml_text: str, name: str = "cards.pdf") -> tuple[Path, list]:
    interview = parse_interview(yaml_text)
    cards = [fit_card(note, interview) for note in compose_notes(interview) if note.medium == "card"]
    pdf = tmp_path / name
    draw_cards(cards, str(pdf), "test", "test")
    return pdf, cards


@pytest.mark.parametrize("level", ["subtle", "natural", "loose"])
@pytest.mark.parametrize("font", HANDWRITING)
def test_no_ink_leaves_the_box_at_any_realism_on_hard_notes(tmp_path, font, level):
    """Long words, capitals, swashes, stacked accents and a one-word note at the largest size stay in the box."""
    pdf, cards = _draw(tmp_path, _interview(font, list(ADVERSARIAL.values()), level))
    assert cards[-1].layout.size_pt == cards[-1].sizes.grid[-1], "the one-word note should be at the largest size"
    for index, card in enumerate(cards):
        image = render_page(pdf, index, SCALE)
        box, height = card.layout.box.as_list(), card.stationery.sheet_size_pt[1]
        outside = ink_outside(image, box, height, SCALE)
        if outside:
            pytest.fail(
                f"{outside} px outside the box ({font}, {level}, card {index}); see "
                f"{save_failure(image, f'realism-{font}-{level}-{index}')}"
            )
        assert ink_inside(image, box, height, SCALE) > 50


@pytest.mark.parametrize("level", ["subtle", "loose"])
@pytest.mark.parametrize("sample", ["panel", "a6-iso"])
def test_sample_cards_keep_their_ink_in_the_box_at_every_realism(tmp_path, sample, level):
    batch = build_batch(load_interview(SAMPLES / f"{sample}.yaml"), realism=level)
    pdf = tmp_path / "cards.pdf"
    draw_cards(batch.cards, str(pdf), "t", "t")
    for index, card in enumerate(batch.cards):
        image = render_page(pdf, index, SCALE)
        assert ink_outside(image, card.layout.box.as_list(), card.stationery.sheet_size_pt[1], SCALE) == 0, (
            save_failure(image, f"realism-{sample}-{level}-{index}")
        )


@pytest.mark.parametrize("font", HANDWRITING)
def test_doubled_letters_and_lines_vary_within_the_issues_ranges(tmp_path, font):
    """Measured from the PDF (pdfium's character matrices): no doubled letter drawn twice alike, and every spread
    in the range that reads as a hand, not a font (natural). Four cards' lines together: a spread of five lines'
    slopes is too small a sample to judge."""
    pdf, _ = _draw(tmp_path, _interview(font, [DOUBLED] * 4))
    document = pdfium.PdfDocument(str(pdf))
    figures = measure_lines([line for page in document for line in page_lines(page)])
    document.close()
    joined = load_face(font).joined
    assert figures.doubled_pairs >= 30
    assert figures.identical_pairs == 0
    assert 0.02 <= figures.baseline_spread_x <= 0.08
    assert 0.2 <= figures.slope_spread_deg <= 1.0
    assert figures.steepest_deg <= 2.5
    assert (0.005 if joined else 0.01) <= figures.size_variation <= 0.04
    low, high = (0.2, 1.0) if joined else (0.5, 2.0)
    assert low <= figures.angle_spread_deg <= high


@pytest.mark.parametrize("font", HANDWRITING)
def test_a_letter_never_repeats_a_form_it_had_within_eight_letters(tmp_path, font):
    """Read from the PDF (each character's font is its form): not even a letter written nine times running."""
    pdf, _ = _draw(tmp_path, _interview(font, [DOUBLED, RUNS]))
    for figures in measure(str(pdf)):
        assert figures.near_letters >= 50
        assert figures.form_repeats == 0


def test_with_realism_off_the_tells_are_all_there(tmp_path):
    """The measuring tool is not blind: the plain font draws every doubled letter alike, on ruler-straight lines."""
    pdf, _ = _draw(tmp_path, _interview("caveat", [DOUBLED], "off"))
    (figures,) = measure(str(pdf))
    assert figures.identical_pairs == figures.doubled_pairs > 0
    assert figures.form_repeats == figures.near_letters > 0
    assert figures.baseline_spread_x == figures.slope_spread_deg == figures.angle_spread_deg == 0


@pytest.mark.parametrize("font", HANDWRITING)
def test_copied_text_is_exactly_the_notes_characters(tmp_path, font):
    """Letter forms map back to their letters: pypdf and pdfium extract the note as written."""
    text = DOUBLED + " Łukasz’s café — naïve façade! “Quoted” and ‘marks’, it's 5° * 3^2."
    pdf, cards = _draw(tmp_path, _interview(font, [text]))
    expected = " ".join(cards[0].note.text.split())
    assert " ".join(PdfReader(pdf).pages[0].extract_text().split()) == expected
    document = pdfium.PdfDocument(str(pdf))
    try:
        assert " ".join(document[0].get_textpage().get_text_range().split()) == expected
    finally:
        document.close()


def test_builds_are_byte_identical_and_editing_one_note_changes_only_its_card(tmp_path):
    texts = [
        DOUBLED,
        "Thank you for the tour of the plant; the line you showed me is still on my mind.",
        "I enjoyed our talk about the new warehouse and its robots.",
    ]
    first, _ = _draw(tmp_path, _interview("caveat", texts), "a.pdf")
    again, _ = _draw(tmp_path, _interview("caveat", texts), "b.pdf")
    assert first.read_bytes() == again.read_bytes()
    edited, _ = _draw(tmp_path, _interview("caveat", [texts[0], texts[1].replace("tour", "walk"), texts[2]]), "c.pdf")
    streams = [[page.get_contents().get_data() for page in PdfReader(p).pages] for p in (first, edited)]
    assert [a == b for a, b in zip(*streams, strict=True)] == [True, False, True]


def test_fonts_a_card_brings_in_do_not_rename_those_of_later_cards(tmp_path):
    """reportlab names fonts by first use: a fallback letter or a letter run that needs further forms in one
    card must not change the bytes of the cards after it."""
    texts = ["Thank you for the tour of the plant.", "Our talk about Ωmega and π stays with me.", RUNS]
    edited = [texts[0].replace("tour", "tour: she possesses senselessness, Mississippi"), *texts[1:]]
    pdfs = [_draw(tmp_path, _interview("caveat", notes), f"{n}.pdf")[0] for n, notes in enumerate((texts, edited))]
    streams = [[page.get_contents().get_data() for page in PdfReader(p).pages] for p in pdfs]
    assert [a == b for a, b in zip(*streams, strict=True)] == [False, True, True]


def test_the_same_text_for_two_recipients_varies_differently(tmp_path):
    pdf, _ = _draw(tmp_path, _interview("caveat", [DOUBLED, DOUBLED]))
    pages = PdfReader(pdf).pages
    assert pages[0].get_contents().get_data() != pages[1].get_contents().get_data()


def test_realism_pages_are_compressed_quickly_and_reportlab_is_left_as_it_was(tmp_path):
    """A page of realism is compressed at zlib's fastest level (plain pages as ever), and reportlab's settings are
    put back after the save: a program that imports notecards keeps its own."""
    import zlib

    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    before = rl_config.useA85, pdfdoc.PDFZCompress
    for realism, level in (("natural", 1), ("off", 6)):
        pdf, _ = _draw(tmp_path, _interview("caveat", [DOUBLED], realism), f"{realism}.pdf")
        assert (rl_config.useA85, pdfdoc.PDFZCompress) == before
        stream = PdfReader(pdf).pages[0]["/Contents"].get_object()
        assert stream["/Filter"] == ["/FlateDecode"]
        assert stream._data == zlib.compress(stream.get_data(), level)  # _data: the stream as stored


def test_caveat_forms_are_its_designed_alternates_with_their_own_spacing():
    """Caveat's own ss01/ss02 letters are used with the advances they were drawn with (a narrow alternate given the
    letter's advance left gaps: "wh at"); the fitter measures each letter by its widest form."""
    from fontTools.ttLib import TTFont

    from notecards.catalogue.fonts import load_hand

    face = load_face("caveat")
    found = forms.letter_forms(face.path)
    assert found.designed and found.count == 4 and set("abcxyzABCXYZ") <= found.varied
    base = TTFont(face.path)
    for source in found.sources[1:]:
        form = TTFont(source)
        names = form.getBestCmap()
        assert names[ord("e")] != base.getBestCmap()[ord("e")] or source == found.sources[-1]
        assert set("abcxyzABCXYZ ") <= {chr(code) for code in names}  # a form font holds its letters (and space)
        assert all(form["hmtx"][names[code]][0] == base["hmtx"][names[code]][0] for code in names)
    widths = face.form_advances("a")
    assert widths is not None and min(widths) < face.advance("a") == max(widths)
    hand = load_hand("caveat", "natural")
    assert hand.measure("aaa").advance == pytest.approx(3 * max(widths))


def test_bent_forms_keep_the_joins_of_a_connected_script():
    """Homemade Apple's bent letters leave the outline untouched at both side bearings, where letters join."""
    from fontTools.ttLib import TTFont

    face = load_face("homemade-apple")
    base, bent = TTFont(face.path), TTFont(forms.letter_forms(face.path).sources[1])
    name = base.getBestCmap()[ord("n")]
    advance = base["hmtx"][name][0]
    moved = [
        (a, b) for a, b in zip(base["glyf"][name].coordinates, bent["glyf"][name].coordinates, strict=True) if a != b
    ]
    assert moved, "the form should differ"
    edges = [
        (a, b)
        for a, b in zip(base["glyf"][name].coordinates, bent["glyf"][name].coordinates, strict=True)
        if a[0] in (0, advance)
    ]
    assert all(abs(a[0] - b[0]) <= 1 and abs(a[1] - b[1]) <= 1 for a, b in edges)


@pytest.mark.parametrize("font", ["caveat", "homemade-apple"])
def test_further_forms_differ_and_keep_inside_the_box_the_fitter_measured(font):
    """A form past the first four (a letter five times in nine) bends its source form once more, and no glyph
    reaches past the box it had there, so the fitter's measure (the union of the first four) still holds."""
    from fontTools.ttLib import TTFont

    path = load_face(font).path
    for index in (forms.FORMS, forms.MOST_FORMS - 1):
        source = TTFont(forms.form_source(path, index % forms.FORMS))
        further = TTFont(forms.form_source(path, index))
        names, differ = further.getBestCmap(), 0
        for char in "aemnsz":
            name = names[ord(char)]
            assert name == source.getBestCmap()[ord(char)]
            before, after = source["glyf"][name], further["glyf"][name]
            before.recalcBounds(source["glyf"])
            after.recalcBounds(further["glyf"])
            assert before.xMin <= after.xMin and after.xMax <= before.xMax
            assert before.yMin <= after.yMin and after.yMax <= before.yMax
            differ += list(before.coordinates) != list(after.coordinates)
            assert further["hmtx"][name][0] == source["hmtx"][name][0]
        assert differ == 6


def test_forms_are_made_once_and_kept_in_memory_when_no_folder_is_writable(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setattr(forms, "cache_dirs", lambda: [blocked / "cache"])
    forms.letter_forms.cache_clear()
    try:
        found = forms.letter_forms(load_face("kalam").path)
        assert found.count == 4 and all(hasattr(source, "read") for source in found.sources)
        forms.form_source.cache_clear()
        assert hasattr(forms.form_source(load_face("kalam").path, forms.FORMS), "read")
    finally:
        forms.letter_forms.cache_clear()
        forms.form_source.cache_clear()


def test_realism_is_a_card_and_an_interviewer_setting_and_a_bad_value_is_located(tmp_path):
    text = _interview("caveat", [DOUBLED]).replace("    topic: testing", "    realism: off\n    topic: testing")
    interview = parse_interview(text)
    assert interview.settings_for(interview.interviewers[0]).realism == "off"
    bad = tmp_path / "bad.yaml"
    bad.write_text(_interview("caveat", [DOUBLED], "wobbly"), encoding="utf-8")
    result = run_cli("build", bad, "-o", tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert re.search(r"bad\.yaml:4.*card\.realism", result.stderr), result.stderr
    assert not (tmp_path / "out" / "cards.pdf").exists()
