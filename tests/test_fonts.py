"""Bundled fonts: the handwriting faces and the fallback load, carry their licences, and measure as reportlab draws."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from reportlab.pdfbase.pdfmetrics import stringWidth

from notecards import FontError, Hand, load_hand
from notecards.catalogue.fonts import font_names, load_face
from notecards.output.draw import register

FONTS = Path(__file__).resolve().parent.parent / "fonts"
HANDWRITING = ("caveat", "kalam", "patrick-hand", "homemade-apple")
FALLBACK = "noto-sans"
WORDS = [
    "Thank",
    "you,",
    "Natarajan,",
    "Wróbel",
    "O’Brien",
    "Hương",
    "Nguyễn",
    "—",
    "2 TB".replace(" ", ""),
    "“quoted”",
    "Sincerely,",
    "WAVE",
    "fjord",
    "Łukasz",
    "Amélie",
]


def test_the_four_handwriting_fonts_and_the_fallback_are_bundled() -> None:
    assert set(HANDWRITING) <= set(font_names("handwriting"))
    assert FALLBACK in font_names()


@pytest.mark.parametrize("font", HANDWRITING)
def test_each_handwriting_font_loads_paired_with_the_fallback(font: str) -> None:
    hand = load_hand(font)
    assert isinstance(hand, Hand)
    assert hand.id == font
    assert hand.fallback.id == FALLBACK
    assert 0.2 < hand.primary.x_height < 0.8
    assert all(hand.primary.covers(c) for c in "abcxyzABCXYZ0123456789.,;:!?'")


def test_every_bundled_font_file_has_its_licence_file_beside_it() -> None:
    entries = yaml.safe_load((FONTS / "fonts.yaml").read_text(encoding="utf-8"))["fonts"]
    listed = {entry["file"] for entry in entries}
    assert listed == {p.name for p in FONTS.glob("*.ttf")}, "every .ttf is in fonts.yaml and vice versa"
    for entry in entries:
        licence = FONTS / entry["license"]
        assert licence.is_file(), licence
        text = licence.read_text(encoding="utf-8")
        expected = "Apache License" if "Apache" in entry["license_name"] else "SIL Open Font License"
        assert expected.lower() in text.lower(), licence


@pytest.mark.parametrize("font", [*HANDWRITING, FALLBACK])
def test_measured_advance_agrees_with_reportlab_string_width(font: str) -> None:
    hand = load_hand(font)
    size_pt = 13.7
    for word in WORDS:
        ours = hand.measure(word).advance * size_pt
        # draw.py writes each run in its own face at its own scale; reportlab must agree on the width
        theirs = sum(stringWidth(run.text, register(run.face), size_pt * run.scale) for run in hand.runs(word))
        assert ours == pytest.approx(theirs, abs=0.01), word


@pytest.mark.parametrize("font", HANDWRITING)
def test_handwriting_face_alone_measures_like_reportlab(font: str) -> None:
    face = load_face(font)
    word = "handwriting"
    ours = sum(face.advance(c) for c in word) * 20
    assert ours == pytest.approx(stringWidth(word, register(face), 20), abs=0.01)


@pytest.mark.parametrize("char", ["ễ", "ư", "Ł", "’", "—"])
def test_fallback_covers_vietnamese_polish_and_typographic_punctuation(char: str) -> None:
    assert load_face(FALLBACK).covers(char)
    for font in HANDWRITING:
        assert load_hand(font).face_for(char) is not None, (font, char)


def test_characters_the_handwriting_lacks_come_from_the_fallback_scaled_to_its_x_height() -> None:
    hand = load_hand("caveat")
    borrowed, impossible = hand.missing("Nguyễn Thị Hương")
    assert borrowed == {"ễ", "ư", "ơ"} and not impossible
    face, scale = hand.face_for("ư")  # type: ignore[misc]
    assert face is hand.fallback
    assert face.x_height * scale == pytest.approx(hand.primary.x_height)


def test_a_character_no_bundled_font_has_is_reported_by_code_point() -> None:
    hand = load_hand("caveat")
    assert hand.missing("go 🚀") == (set(), {"🚀"})
    with pytest.raises(FontError) as caught:
        hand.measure("🚀")
    assert "U+1F680" in str(caught.value)


def test_unknown_font_name_lists_the_handwriting_fonts() -> None:
    with pytest.raises(FontError) as caught:
        load_hand("comic-sans")
    assert all(name in str(caught.value) for name in HANDWRITING)


@pytest.mark.parametrize("font_file", sorted(p.name for p in FONTS.glob("*.ttf")))
def test_each_fonts_metrics_file_is_what_fonttools_reads_from_the_font(font_file: str) -> None:
    """notecards measures with the shipped metrics: they must match the font (else run tools/make_font_metrics.py)."""
    import json

    from notecards.catalogue.fonts import font_metrics, metrics_path

    path = FONTS / font_file
    assert json.loads(metrics_path(path).read_text(encoding="utf-8")) == font_metrics(path)
