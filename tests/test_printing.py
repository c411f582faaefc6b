"""Printing at home, said plainly: every file with its paper and setting, --version, --quiet, preview -o, legends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES, ink_inside, render_page, run_cli
from pypdf import PdfReader

from notecards.geometry import MM
from notecards.output.preview import LEGEND_MM, PAD_MM
from notecards.output.printing import paper_label

INCH = 72.0


@pytest.mark.parametrize(
    ("size", "label"),
    [
        ((8.5 * INCH, 5.5 * INCH), "8.5 × 5.5 in (half letter, landscape)"),
        ((8.5 * INCH, 11 * INCH), "8.5 × 11 in (US Letter)"),
        ((105 * MM, 148 * MM), "105 × 148 mm (A6)"),
        ((210 * MM, 297 * MM), "210 × 297 mm (A4)"),
        ((5.75 * INCH, 4.375 * INCH), "5.75 × 4.375 in (A2 envelope, landscape)"),
        ((100 * MM, 100 * MM), "100 × 100 mm"),
    ],
)
def test_paper_is_named_as_it_is_sold(size: tuple[float, float], label: str) -> None:
    assert paper_label(*size) == label


def test_the_summary_names_every_file_written_and_its_paper(tmp_path: Path) -> None:
    """Each file in OUT is in the summary; cards.pdf's A2 folded pages are 8.5 × 5.5 in, at actual size."""
    proc = run_cli("build", SAMPLES / "panel.yaml", "-o", tmp_path, "--sheet", "letter")
    assert proc.returncode == 0, proc.stderr
    for path in tmp_path.iterdir():
        if not path.name.startswith("."):
            assert path.name in proc.stdout, f"{path.name} is not in the summary"
    assert "8.5 × 5.5 in (half letter, landscape) for 2 a2-folded" in proc.stdout
    assert "105 × 148 mm (A6) for 1 a6-flat" in proc.stdout
    assert "actual size (100 %" in proc.stdout
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert {item["path"] for item in report["files"]} >= {
        "cards.pdf",
        "sheets-letter.pdf",
        "envelopes.pdf",
        "emails/",
        "send-by.ics",
        "report.json",
    }


def test_plain_folded_cards_get_no_blank_outside_pages(tmp_path: Path) -> None:
    """Three plain cards: cards.pdf has three pages; the Letter sheets one page per sheet, not two."""
    proc = run_cli("build", SAMPLES / "panel.yaml", "-o", tmp_path, "--sheet", "letter")
    assert proc.returncode == 0, proc.stderr
    assert len(PdfReader(tmp_path / "cards.pdf").pages) == 3
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(PdfReader(tmp_path / "sheets-letter.pdf").pages) == sum(e["pages"] for e in report["sheets"]) == 3
    assert "one-sided" in proc.stdout and "two-sided" not in proc.stdout


def test_version_prints_the_version() -> None:
    from notecards import __version__

    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"notecards {__version__}"


def test_quiet_hides_the_table_but_not_the_warnings(tmp_path: Path) -> None:
    """The panel sample is past its send-by time: --quiet still says so, on stderr, and prints no table."""
    proc = run_cli("build", SAMPLES / "panel.yaml", "-o", tmp_path, "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert "warning: " in proc.stderr and "send-by" in proc.stderr


def test_preview_refuses_an_image_name_for_its_pdf(tmp_path: Path) -> None:
    """`preview -o x.png` used to write a PDF named .png: now one error line, exit 2, nothing written."""
    target = tmp_path / "x.png"
    proc = run_cli("preview", SAMPLES / "single.yaml", "-o", target)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--png" in proc.stderr and ".pdf" in proc.stderr
    assert not target.exists()


def test_the_a6_preview_legend_stays_on_the_page(tmp_path: Path) -> None:
    """The legend under a narrow A6 card wraps instead of running off the page's right edge."""
    pdf = tmp_path / "preview.pdf"
    assert run_cli("preview", SAMPLES / "a6-iso.yaml", "-o", pdf).returncode == 0
    page = PdfReader(pdf).pages[0]
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    image = render_page(pdf, 0, 300 / 72)
    legend = [0, 0, w, (PAD_MM + LEGEND_MM) * MM]
    assert ink_inside(image, legend, h, 300 / 72) > 500  # the legend is there
    right_pad = [w - PAD_MM * MM + 1, 0, w, (PAD_MM + LEGEND_MM) * MM]
    assert ink_inside(image, right_pad, h, 300 / 72) == 0


def test_the_flip_edge_named_for_two_sided_cards_is_the_one_that_lands_the_outside_right() -> None:
    """cards.pdf turns a sheet about its fold: a landscape A2 sheet folded down the middle flips on its short edge."""
    from notecards.catalogue.stationery import load_stationery
    from notecards.output.printing import flip_edge

    assert flip_edge(load_stationery("a2-folded")) == "short edge"  # 8.5 × 5.5 in, folded left to right
    flat = load_stationery("a6-flat")  # portrait, no fold: turned about its vertical centre line
    assert flip_edge(flat) == "long edge"
