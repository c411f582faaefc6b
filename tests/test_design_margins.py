"""Designs print where printers print: built-in design ink stays 5 mm inside the trim, in the card's ink colour."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import DATA, builtin_background, ink_outside, save_failure

from notecards.catalogue.stationery import catalogue as stationery_catalogue
from notecards.catalogue.stationery import load_stationery
from notecards.designs.catalogue import SAFE_MM, catalogue, load_design, people
from notecards.designs.render import render_background
from notecards.geometry import MM
from notecards.load import load_interview

SCALE = 300 / 72  # print resolution
SHOWN = people(load_interview(DATA / "designs" / "interview.yaml"))
RED = "#c00000"


def _pages(pdf: bytes, tmp_path: Path, name: str, grey: bool = True) -> list:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    document = pdfium.PdfDocument(str(path))
    try:
        return [page.render(scale=SCALE, grayscale=grey).to_pil() for page in document]
    finally:
        document.close()


@pytest.mark.parametrize(
    ("design_name", "stationery_name"),
    [(d.name, s.name) for d in catalogue() if not d.blank for s in stationery_catalogue() if d.suits_stationery(s)],
)
def test_builtin_design_ink_keeps_5_mm_from_the_trim(design_name: str, stationery_name: str, tmp_path: Path) -> None:
    """Every card side a built-in design draws (inside, outside) has no ink within 5 mm of the trim. The render is the
    one test_designs.py looks at, in the design's own ink: where ink lands does not depend on its colour (the next
    test checks that a design takes the card's)."""
    stationery = load_stationery(stationery_name)
    background = builtin_background(design_name, stationery_name)
    w, h = stationery.sheet_size_pt
    safe = [SAFE_MM * MM, SAFE_MM * MM, w - SAFE_MM * MM, h - SAFE_MM * MM]
    for side, image in zip(background.sides, _pages(background.pdf, tmp_path, design_name), strict=False):
        if side == "envelope":
            continue
        near = ink_outside(image.convert("L"), safe, h, SCALE, threshold=230, tolerance_px=1)
        if near:
            saved = save_failure(image, f"margins-{design_name}-{stationery_name}-{side}")
            pytest.fail(
                f"{design_name} on {stationery_name} ({side}): {near} inked px within {SAFE_MM:g} mm "
                f"of the trim; see {saved}"
            )


def _reddest(image: object) -> tuple[float, ...]:
    """The mean colour of a page's inked pixels (those clearly darker than the paper), as (r, g, b)."""
    from PIL import ImageStat

    rgb = image.convert("RGB")  # type: ignore[attr-defined]
    inked = rgb.convert("L").point(lambda v: 255 if v < 200 else 0)
    return tuple(ImageStat.Stat(rgb, inked).mean)


@pytest.mark.parametrize(("design_name", "stationery_name"), [("border", "a2-flat"), ("monogram", "a2-folded")])
def test_builtin_designs_draw_in_the_cards_ink(design_name: str, stationery_name: str, tmp_path: Path) -> None:
    """A card in red ink gets a red border or monogram: the design has no colour of its own."""
    background = render_background(load_design(design_name), load_stationery(stationery_name), SHOWN, RED)
    r, g, b = _reddest(_pages(background.pdf, tmp_path, design_name, grey=False)[0])
    assert r > 120 and g < 80 and b < 80, (r, g, b)


def test_a_design_that_sets_its_own_colour_keeps_it(tmp_path: Path) -> None:
    """The card's ink is only a default: a design's own CSS colour wins."""
    folder = _bar_design(
        tmp_path, "green", "a green bar", "left: 20mm; top: 20mm; width: 40mm; height: 4mm; background: #00a000"
    )
    background = render_background(load_design(str(folder)), load_stationery("a2-flat"), SHOWN, RED)
    r, g, b = _reddest(_pages(background.pdf, tmp_path, "green", grey=False)[0])
    assert g > 120 and r < 60, (r, g, b)


def _bar_design(tmp_path: Path, name: str, description: str, css: str) -> Path:
    """A user's design folder `name` drawing one absolutely placed bar styled by `css`."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "design.yaml").write_text(f"description: {description}\nsuits: [any]\n", encoding="utf-8")
    (folder / "design.html.j2").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><style>.bar {{ position: absolute; {css}; }}</style>'
        '</head><body><section class="sheet"><div class="bar"></div></section></body></html>',
        encoding="utf-8",
    )
    return folder


def _edge_design(tmp_path: Path) -> Path:
    """A user's design with a bar 2 mm from the left edge of the card: inside the band printers cannot reach."""
    return _bar_design(
        tmp_path, "edge", "a bar at the edge", "left: 2mm; top: 30mm; width: 2mm; height: 40mm; background: #000"
    )


@pytest.mark.parametrize(
    ("design", "bleed_mm", "warned"), [("edge", 0.0, True), ("edge", 3.0, False), ("border", 0.0, False)]
)
def test_a_design_inked_near_the_trim_is_a_warning_unless_printed_with_bleed(
    tmp_path: Path, design: str, bleed_mm: float, warned: bool
) -> None:
    """Your own design that prints 2 mm from the edge is flagged; with --bleed it is a choice; built-ins never are."""
    from notecards import build_batch, parse_interview
    from notecards.output.impose import SheetOptions
    from notecards.output.production import plan_production

    name = str(_edge_design(tmp_path)) if design == "edge" else design
    text = (DATA / "designs" / "interview.yaml").read_text(encoding="utf-8")
    text = text.replace("design: border", f"design: {name}").replace("    design: thank-you-front\n", "")
    batch = build_batch(parse_interview(text, "x.yaml", source=DATA / "designs" / "interview.yaml"))
    sheet = SheetOptions("letter", bleed_mm=bleed_mm) if bleed_mm else None
    warnings = [w for w in plan_production(batch, sheet).warnings if "of the trim" in w]
    assert bool(warnings) == warned, warnings
    if warned:
        assert len(warnings) == 1 and "--bleed" in warnings[0] and "a2-folded" in warnings[0]
