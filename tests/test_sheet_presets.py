"""Sheet presets match the products: half-fold cards per Letter or A4 sheet, and a sheet no card goes on is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import render_page, run_cli

from notecards import build_batch, parse_interview
from notecards.catalogue.sheets import load_sheet
from notecards.catalogue.stationery import envelope_for, load_stationery
from notecards.errors import StationeryError
from notecards.geometry import MM
from notecards.output.impose import SheetOptions, impose

INCH = 72.0
SHORT = "Dear Sam,\n\nThank you for Tuesday.\n\nBest,\nJo"


def batch_of(stationery: str, count: int):
    people = "".join(
        f"  - name: Person {i}\n    message: |\n" + "".join(f"      {ln}\n" for ln in SHORT.splitlines())
        for i in range(count)
    )
    return build_batch(
        parse_interview(
            "candidate: {name: Jo Quill}\nposition: {title: Tester, company: Acme}\n"
            f"interview: {{date: 2026-11-24}}\ncard: {{stationery: {stationery}}}\n"
            f"interviewers:\n{people}"
        )
    )


@pytest.mark.parametrize(
    ("sheet", "stationery", "per_sheet", "finished_in"),
    [
        ("avery-8315", "a2-folded", 2, (4.25, 5.5)),  # two half-fold A2 cards per Letter sheet
        ("avery-3265", "half-letter-folded", 1, (5.5, 8.5)),  # a Letter sheet folded once
        ("a4-greeting", "a5-folded", 1, (148.5 / 25.4, 210 / 25.4)),  # an A4 sheet folded once
    ],
)
def test_half_fold_products_hold_their_folded_cards(
    sheet: str, stationery: str, per_sheet: int, finished_in: tuple[float, float]
) -> None:
    """Each half-fold product takes the folded card its maker sells it as, that many per sheet, edge to edge."""
    card = load_stationery(stationery)
    assert (card.width_mm / 25.4, card.height_mm / 25.4) == pytest.approx(finished_in, abs=0.01)
    slots = load_sheet(sheet).slots(*card.sheet_size_pt)
    assert len(slots) == per_sheet
    covered = sum(slot.trim.width * slot.trim.height for slot in slots)
    width, height = load_sheet(sheet).size_pt
    assert covered == pytest.approx(width * height, rel=1e-3)  # the cards are the whole sheet
    assert envelope_for(card) is not None and envelope_for(card).holds(card.width_mm, card.height_mm)


def test_avery_8315_no_longer_takes_four_flat_quarter_cards() -> None:
    """The product is two half-fold cards; a flat 4.25 × 5.5 in card matches no position."""
    assert load_sheet("avery-8315").slots(4.25 * INCH, 5.5 * INCH) == ()


def test_a_sheet_no_card_goes_on_is_an_error_naming_the_stationery_it_takes() -> None:
    with pytest.raises(StationeryError) as caught:
        impose(batch_of("a6-flat", 2).cards, SheetOptions("avery-8315"))
    message = str(caught.value)
    assert "avery-8315" in message and "a6-flat" in message and "a2-folded" in message


def test_build_with_a_sheet_that_holds_no_card_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    """`--sheet avery-8315` with A6 cards: one error line, exit 2, no output folder (it used to exit 0 silently)."""
    source = tmp_path / "iv.yaml"
    source.write_text(
        "candidate: {name: Jo Quill}\nposition: {title: Tester, company: Acme}\n"
        "interview: {date: 2026-11-24}\ncard: {stationery: a6-flat}\n"
        "interviewers:\n  - name: Sam Fox\n    topic: testing\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    proc = run_cli("build", source, "-o", out, "--sheet", "avery-8315", "--force")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "a2-folded" in lines[0] and "Traceback" not in proc.stderr
    assert not out.exists()


def test_the_sample_panel_prints_on_avery_8315(tmp_path: Path) -> None:
    """The sample's A2 folded cards go two to a sheet, the inside page with ink in both halves."""
    from conftest import SAMPLES, ink_inside

    from notecards import load_interview, write_batch

    batch = build_batch(load_interview(SAMPLES / "panel.yaml"))
    data = write_batch(batch, tmp_path, SheetOptions("avery-8315"))
    [entry] = [e for e in data["sheets"] if e["stationery"] == "a2-folded"]
    assert entry["per_sheet"] == 2
    image = render_page(tmp_path / "sheets-avery-8315.pdf", 0, 2.0)
    h = 11 * INCH
    assert ink_inside(image, [0, h / 2 + 10 * MM, 8.5 * INCH, h - 10 * MM], h, 2.0) > 200
    assert ink_inside(image, [0, 10 * MM, 8.5 * INCH, h / 2 - 10 * MM], h, 2.0) > 200
