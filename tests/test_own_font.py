"""`font:` as a path to a TrueType file of your own: measured on the fly, cached by content, refused with its line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT, ink_outside, render_page, run_cli
from pypdf import PdfReader

from notecards.catalogue import forms
from notecards.catalogue.fonts import is_font_path, load_face

NOTE = "Thank you for the tour; the new line you showed me, and all the little details, are still on my mind."


def _interview(font: str) -> str:
    return (
        "candidate: {name: Jo Quill}\nposition: {title: Tester, company: Acme}\ninterview: {date: 2026-11-24}\n"
        f"card: {{font: {font}, stationery: a2-flat}}\ninterviewers:\n  - name: Pat Doe\n    topic: tests\n"
        f"    message: |\n      Dear Pat,\n\n      {NOTE}\n\n      Yours,\n      Jo\n"
    )


def _folder(tmp_path: Path, font: str) -> Path:
    (tmp_path / "interview.yaml").write_text(_interview(font), encoding="utf-8")
    return tmp_path / "interview.yaml"


def test_a_font_file_beside_the_interview_draws_the_cards_as_real_text(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTECARDS_CACHE", str(tmp_path / "cache"))
    shutil.copy(ROOT / "fonts" / "PatrickHand-Regular.ttf", tmp_path / "my hand.ttf")
    result = run_cli(
        "build",
        _folder(tmp_path, "'my hand.ttf'"),
        "-o",
        tmp_path / "out",
        "--force",
        "-q",
        env={"NOTECARDS_CACHE": str(tmp_path / "cache")},
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / "cards.pdf"
    assert NOTE in " ".join(PdfReader(pdf).pages[0].extract_text().split())
    fonts = PdfReader(pdf).pages[0]["/Resources"]["/Font"]
    assert any("PatrickHand" in str(fonts[name].get_object()["/BaseFont"]) for name in fonts)
    assert list((tmp_path / "cache").glob("*.metrics.json")), "the measured metrics are kept for the next build"
    page = render_page(pdf, 0, 2.0)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert ink_outside(page, report["notes"][0]["box_pt"], 396.0, 2.0) == 0


def test_an_own_font_measures_like_the_same_bundled_font():
    """The on-the-fly measurement agrees with the bundled metrics file made from the same font."""
    own, bundled = load_face(str(ROOT / "fonts" / "Kalam-Regular.ttf")), load_face("kalam")
    assert own.x_height == bundled.x_height and own.upm == bundled.upm
    assert all(own.advance(c) == bundled.advance(c) and own.bounds(c) == bundled.bounds(c) for c in "Hag, ÅŁ")
    assert own.rl_name != bundled.rl_name and own.family == "Kalam"


def test_a_file_that_is_not_a_font_is_refused_naming_the_line_and_field(tmp_path):
    (tmp_path / "scan.ttf").write_text("this is a photo of my handwriting, not a font", encoding="utf-8")
    result = run_cli("build", _folder(tmp_path, "scan.ttf"), "-o", tmp_path / "out", "--force")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "interview.yaml:4: card.font: scan.ttf is not a usable font" in result.stderr
    assert not (tmp_path / "out" / "cards.pdf").exists()


def test_a_missing_font_file_is_refused_naming_the_line_and_field(tmp_path):
    result = run_cli("build", _folder(tmp_path, "nowhere.otf"), "-o", tmp_path / "out", "--force")
    assert result.returncode == 2 and "interview.yaml:4: card.font: cannot read font file" in result.stderr


def test_a_font_without_a_space_is_refused_before_anything_is_drawn(tmp_path):
    """A font made from a handwriting sample can lack the space; it is named as the problem, not a traceback."""
    from fontTools.ttLib import TTFont

    font = TTFont(ROOT / "fonts" / "Kalam-Regular.ttf")
    for table in font["cmap"].tables:
        table.cmap.pop(32, None)
    font.save(tmp_path / "gapless.ttf")
    result = run_cli("build", _folder(tmp_path, "gapless.ttf"), "-o", tmp_path / "out", "--force")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "card.font: gapless.ttf has no space: notecards cannot set text with it" in result.stderr


def test_only_names_ending_in_ttf_or_otf_are_files():
    assert is_font_path("fonts/Mine.TTF") and is_font_path("mine.otf")
    assert not is_font_path("caveat") and not is_font_path("patrick-hand")


def test_an_own_font_gets_bent_letter_forms_too(tmp_path, monkeypatch):
    monkeypatch.setattr(forms, "cache_dirs", lambda: [tmp_path])
    forms.letter_forms.cache_clear()
    try:
        found = forms.letter_forms(ROOT / "fonts" / "PatrickHand-Regular.ttf")
        assert found.count == forms.FORMS and not found.designed and "e" in found.varied
    finally:
        forms.letter_forms.cache_clear()
