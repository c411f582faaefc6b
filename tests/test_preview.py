"""Previews: each card at actual size with light guides and a legend, the print's own line breaks, PNGs on request."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import SAMPLES, ink_inside, render_page, run_cli, save_failure
from PIL import Image, ImageChops
from pypdf import PdfReader

from notecards import build_batch, load_interview, write_batch, write_preview
from notecards.output.preview import COLOURS, PNG_DPI, card_origin, page_size

SCALE = 2.0


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory):
    """The panel sample built, previewed plain and with guides."""
    out = tmp_path_factory.mktemp("preview")
    batch = build_batch(load_interview(SAMPLES / "panel.yaml"))
    write_batch(batch, out)
    write_preview(batch, out / "plain.pdf")
    write_preview(batch, out / "guides.pdf", guides=True)
    return out, batch


def text_lines(pdf: Path, index: int) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        text = document[index].get_textpage().get_text_range()
    finally:
        document.close()
    return [line for line in text.splitlines() if line.strip()]


def test_each_card_is_shown_at_actual_size_on_its_own_page(made) -> None:
    out, batch = made
    reader = PdfReader(out / "plain.pdf")
    assert len(reader.pages) == len(batch.cards)
    for page, card in zip(reader.pages, batch.cards, strict=True):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(page_size(card), abs=0.01)
        w = card.stationery.sheet_size_pt[0]
        assert page_size(card)[0] - w == pytest.approx(2 * card_origin(card)[0])


def test_the_preview_breaks_lines_exactly_as_the_print_does(made) -> None:
    out, batch = made
    for index, card in enumerate(batch.cards):
        expected = [line.text for line in card.layout.lines]
        assert text_lines(out / "cards.pdf", index) == expected
        assert text_lines(out / "plain.pdf", index)[: len(expected)] == expected


def test_the_legend_names_recipient_stationery_size_and_fill(made) -> None:
    out, batch = made
    card = batch.cards[0]
    legend = " ".join(text_lines(out / "plain.pdf", 0)[len(card.layout.lines) :])
    for expected in (
        card.note.recipient,
        card.stationery.label,
        f"{card.layout.size_pt:g} pt",
        f"fills {card.layout.fill:.0%}",
        "safe area",
        "message panel",
        "fold",
        "trim",
    ):
        assert expected in legend
    assert "baselines" not in legend


def test_guides_are_drawn_in_light_colours_where_the_stationery_has_them(made) -> None:
    out, batch = made
    card = batch.cards[0]  # a2-folded: message on the inside right
    x, y = card_origin(card)
    page_h = page_size(card)[1]
    pdf = pdfium.PdfDocument(str(out / "plain.pdf"))
    image = pdf[0].render(scale=SCALE).to_pil().convert("RGB")
    pdf.close()
    panel = card.stationery.panel(card.stationery.message_panel)
    other = card.stationery.panel("inside-left")

    def pixel(px: float, py: float) -> tuple[int, int, int]:
        return image.getpixel((round((x + px) * SCALE), round((page_h - y - py) * SCALE)))

    tint = tuple(int(COLOURS["message panel"][i : i + 2], 16) for i in (1, 3, 5))
    assert pixel(panel.x1 - 4, panel.y0 + 4) == tint  # inside the panel, outside its safe margin
    assert pixel(other.x0 + 4, other.y0 + 4) == (255, 255, 255)
    fold_x = card.stationery.fold_line[0]
    fold_pixels = [pixel(fold_x + dx, py) for dx in (-0.5, 0, 0.5) for py in range(5, int(panel.height) - 5)]
    assert any(p[2] > p[0] + 40 for p in fold_pixels), "no light-blue fold line"
    grey = render_page(out / "plain.pdf", 0, SCALE)
    h = card.stationery.sheet_size_pt[1]
    assert ink_inside(grey, [x - 1, y + 10, x + 1, y + h - 10], page_h, SCALE) > 0, "no trim outline"


def test_guides_rule_a_baseline_under_every_line_and_nothing_else(made) -> None:
    out, batch = made
    for index, card in enumerate(batch.cards):
        page_h = page_size(card)[1]
        plain = render_page(out / "plain.pdf", index, SCALE)
        ruled = render_page(out / "guides.pdf", index, SCALE)
        added = ImageChops.difference(plain, ruled).point(lambda v: 255 if v > 8 else 0)
        rows = {
            r: sum(1 for px in range(added.width) if added.getpixel((px, r)))
            for r in range(added.height)
            if added.getbbox() and added.crop((0, r, added.width, r + 1)).getbbox()
        }
        box = card.layout.box
        baseline_rows = {
            round((page_h - card_origin(card)[1] - line.baseline_pt) * SCALE) for line in card.layout.lines
        }
        for row in baseline_rows:
            near = max((rows.get(r, 0) for r in range(row - 1, row + 2)), default=0)
            assert near >= 0.5 * box.width * SCALE, f"no rule under the line at row {row} (card {index})"
        card_bottom = (page_h - card_origin(card)[1]) * SCALE  # the legend below shows a swatch of the rule
        stray = [r for r in rows if r < card_bottom and min(abs(r - b) for b in baseline_rows) > 2]
        if stray:
            pytest.fail(f"the guides drew away from the baselines; see {save_failure(added, f'guides-{index}')}")


def test_png_option_writes_one_image_per_card_named_after_the_recipient(tmp_path: Path) -> None:
    proc = run_cli("preview", SAMPLES / "panel.yaml", "-o", tmp_path / "preview.pdf", "--png", tmp_path / "png")
    assert proc.returncode == 0, proc.stderr
    pngs = sorted(p.name for p in (tmp_path / "png").glob("*.png"))
    assert pngs == ["lukasz-wrobel.png", "marcus-chen.png", "priya-natarajan.png"]
    batch = build_batch(load_interview(SAMPLES / "panel.yaml"))
    with Image.open(tmp_path / "png" / "priya-natarajan.png") as image:
        w, h = page_size(batch.cards[0])
        assert image.size == pytest.approx((w * PNG_DPI / 72, h * PNG_DPI / 72), abs=1)
    assert "preview.pdf" in proc.stdout


def test_preview_of_a_file_with_no_cards_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    """An all-email panel has nothing to preview: a clear error (exit 2), not a PDF with no pages."""
    source = tmp_path / "emails.yaml"
    source.write_text(
        "candidate: {name: Jo Quill}\nposition: {title: Tester, company: Acme}\n"
        "interview: {date: 2026-11-24}\ninterviewers:\n  - {name: Sam Fox, method: email, "
        "email: sam@acme.example}\n",
        encoding="utf-8",
    )
    proc = run_cli("preview", source, "-o", tmp_path / "preview.pdf", "--png", tmp_path / "png")
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: no cards to preview") and "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["emails.yaml"]


def test_preview_refuses_to_overwrite_its_own_interview_file(tmp_path: Path) -> None:
    """`preview x.yaml -o x.yaml` must not replace the interview with a PDF: exit 2, the file unchanged."""
    source = tmp_path / "x.yaml"
    source.write_bytes((SAMPLES / "single.yaml").read_bytes())
    proc = run_cli("preview", source, "-o", source)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {source}: is the interview file") and "Traceback" not in proc.stderr
    assert source.read_bytes() == (SAMPLES / "single.yaml").read_bytes()


def test_preview_refuses_to_overwrite_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    proc = run_cli("preview", SAMPLES / "single.yaml", "-o", notes)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {notes}: exists and is not a PDF")
    assert notes.read_text(encoding="utf-8") == "my notes\n"


def test_preview_replaces_an_earlier_preview_pdf(tmp_path: Path) -> None:
    out = tmp_path / "preview.pdf"
    out.write_bytes(b"%PDF-1.4 an old preview")
    assert run_cli("preview", SAMPLES / "single.yaml", "-o", out).returncode == 0
    assert len(PdfReader(out).pages) == 1


def test_preview_into_a_folder_names_the_folder_not_a_temporary_file(tmp_path: Path) -> None:
    proc = run_cli("preview", SAMPLES / "single.yaml", "-o", tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {tmp_path}: is a folder") and ".tmp" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_png_folder_that_is_a_file_fails_before_anything_is_written(tmp_path: Path) -> None:
    """`--png FILE` exits 2 and leaves no preview PDF behind (nothing half-done)."""
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    proc = run_cli("preview", SAMPLES / "single.yaml", "-o", tmp_path / "pv.pdf", "--png", afile)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {afile}: is not a folder") and "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]
    assert afile.read_text(encoding="utf-8") == "x"


def test_png_folder_keeps_only_the_current_previews_images(tmp_path: Path) -> None:
    """PNGs an earlier preview wrote and this one does not (a card gone, an outside gone) are removed; others stay."""
    png = tmp_path / "png"
    assert run_cli("preview", SAMPLES / "panel.yaml", "-o", tmp_path / "p.pdf", "--png", png).returncode == 0
    (png / "priya-natarajan-outside.png").write_bytes(b"stale")  # as a design with an outside page once left it
    (png / "holiday.png").write_bytes(b"mine")  # the user's own, never ours
    assert run_cli("preview", SAMPLES / "single.yaml", "-o", tmp_path / "p.pdf", "--png", png).returncode == 0
    assert sorted(p.name for p in png.glob("*.png")) == ["holiday.png", "priya-natarajan.png"]
    assert [p.name for p in png.iterdir() if p.name.startswith(".notecards-preview-")] == []  # no staging left
