"""`signature:` as a PNG of your signature: drawn under the closing instead of the typed name, fitted like text."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ink_outside, render_page, run_cli
from PIL import Image, ImageDraw
from pypdf import PdfReader

NOTE = "Thank you for the tour of the plant; the line you showed me is still on my mind."


def _signature(path: Path, width: int = 600, height: int = 200) -> Path:
    """A scribble in dark blue on a transparent background."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    points = [
        (int(width * x), int(height * y))
        for x, y in ((0.03, 0.75), (0.1, 0.2), (0.15, 0.8), (0.25, 0.3), (0.3, 0.75), (0.5, 0.35), (0.97, 0.6))
    ]
    ImageDraw.Draw(image).line(points, fill=(20, 40, 140, 255), width=max(4, height // 25))
    image.save(path)
    return path


def _build(tmp_path: Path, signature: str | None, name: str = "out") -> tuple[Path, dict]:
    card = "{font: caveat, stationery: a2-flat" + (f", signature: {signature}" if signature else "") + "}"
    (tmp_path / "interview.yaml").write_text(
        "candidate: {name: Jo Quill}\nposition: {title: Tester, company: Acme}\ninterview: {date: 2026-11-24}\n"
        f"card: {card}\ninterviewers:\n  - name: Pat Doe\n    topic: tests\n"
        f"    message: |\n      Dear Pat,\n\n      {NOTE}\n\n      Yours truly,\n      Jo Quill\n",
        encoding="utf-8",
    )
    result = run_cli("build", tmp_path / "interview.yaml", "-o", tmp_path / name, "--force", "-q")
    assert result.returncode == 0, result.stderr
    return tmp_path / name / "cards.pdf", json.loads((tmp_path / name / "report.json").read_text())["notes"][0]


def _ink_rows(pdf: Path) -> list[int]:
    """Rows of the page (top down, 2 px a point) that hold any ink."""
    image = render_page(pdf, 0, 2.0)
    mask = image.point(lambda v: 255 if v < 200 else 0)
    return [y for y in range(image.height) if mask.crop((0, y, image.width, y + 1)).getbbox()]


def test_the_picture_replaces_the_typed_name_under_the_closing(tmp_path):
    _signature(tmp_path / "sig.png")
    typed, _ = _build(tmp_path, None, "typed")
    signed, note = _build(tmp_path, "sig.png", "signed")
    assert " ".join(PdfReader(typed).pages[0].extract_text().split()).endswith("Yours truly, Jo Quill")
    assert " ".join(PdfReader(signed).pages[0].extract_text().split()).endswith("Yours truly,")
    assert PdfReader(signed).pages[0]["/Resources"].get("/XObject"), "the signature is drawn as an image"
    assert max(_ink_rows(signed)) > max(_ink_rows(typed)) - 40, "the picture sits where the name was"
    image = render_page(signed, 0, 2.0)
    assert ink_outside(image, note["box_pt"], 396.0, 2.0) == 0


def test_a_wide_signature_is_fitted_like_text_and_stays_in_the_box(tmp_path):
    """The fitter counts the picture: a signature wider than the line sets the whole note smaller, still inside."""
    _signature(tmp_path / "wide.png", 4500, 250)  # 21.6 ems wide: wider than the line at the comfortable size
    _, typed = _build(tmp_path, None, "typed")
    signed_pdf, signed = _build(tmp_path, "wide.png", "signed")
    assert signed["font_size_pt"] < typed["font_size_pt"]
    assert ink_outside(render_page(signed_pdf, 0, 2.0), signed["box_pt"], 396.0, 2.0) == 0


def test_a_signature_that_is_not_an_image_is_refused_with_its_line(tmp_path):
    (tmp_path / "sig.png").write_text("not a picture", encoding="utf-8")
    (tmp_path / "interview.yaml").write_text(
        "candidate: {name: Jo Quill}\nposition: {title: Tester, company: Acme}\ninterview: {date: 2026-11-24}\n"
        "card: {signature: sig.png}\ninterviewers:\n  - name: Pat Doe\n",
        encoding="utf-8",
    )
    result = run_cli("build", tmp_path / "interview.yaml", "-o", tmp_path / "out", "--force")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "interview.yaml:4: card.signature: sig.png is not a readable PNG image" in result.stderr
    assert not (tmp_path / "out" / "cards.pdf").exists()


def test_a_typed_signature_is_still_just_a_name(tmp_path):
    pdf, _ = _build(tmp_path, "J. Q.")
    assert " ".join(PdfReader(pdf).pages[0].extract_text().split()).endswith("Yours truly, Jo Quill")


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><path d="M10 75 C 30 10, 45 90, 70 40 '
    'S 170 20, 290 50" fill="none" stroke="#1b2a4e" stroke-width="5"/></svg>'
)


def test_an_svg_signature_is_drawn_as_vectors_under_the_closing(tmp_path):
    (tmp_path / "sig.svg").write_text(SVG, encoding="utf-8")
    pdf, note = _build(tmp_path, "sig.svg")
    page = PdfReader(pdf).pages[0]
    assert " ".join(page.extract_text().split()).endswith("Yours truly,")
    assert b" c" in page.get_contents().get_data() or b"c\n" in page.get_contents().get_data()  # a Bézier curve
    assert not page["/Resources"].get("/XObject"), "vectors, not a picture"
    image = render_page(pdf, 0, 2.0)
    assert ink_outside(image, note["box_pt"], 396.0, 2.0) == 0
    typed, _ = _build(tmp_path, None, "typed")
    assert max(_ink_rows(pdf)) > max(_ink_rows(typed)) - 40


def test_a_broken_svg_is_refused_with_its_line(tmp_path):
    (tmp_path / "sig.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><broken", encoding="utf-8")
    (tmp_path / "interview.yaml").write_text(
        "candidate: {name: Jo Quill}\nposition: {title: Tester, company: Acme}\ninterview: {date: 2026-11-24}\n"
        "card: {signature: sig.svg}\ninterviewers:\n  - name: Pat Doe\n",
        encoding="utf-8",
    )
    result = run_cli("build", tmp_path / "interview.yaml", "-o", tmp_path / "out", "--force")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "interview.yaml:4: card.signature: sig.svg is not a readable SVG image" in result.stderr
