"""The stationery catalogue: finished sizes, printed sheets, where the message box sits; users' own files."""

from __future__ import annotations

from pathlib import Path

import pytest

from notecards import (
    InterviewError,
    Stationery,
    StationeryError,
    build_batch,
    load_interview,
    load_stationery,
)
from notecards.catalogue.stationery import catalogue
from notecards.geometry import MM

DATA = Path(__file__).resolve().parent / "data" / "stationery"
INCH = 25.4

# name → finished (width, height) in mm, as the issue and README state them
FINISHED_MM = {
    "a2-folded": (4.25 * INCH, 5.5 * INCH),
    "a2-flat": (4.25 * INCH, 5.5 * INCH),
    "a6-flat": (105, 148),
    "a6-folded": (105, 148),
    "a7-folded": (5 * INCH, 7 * INCH),
    "postcard-4x6": (6 * INCH, 4 * INCH),
    "postcard-a6": (148, 105),
    "index-3x5": (5 * INCH, 3 * INCH),
}
FOLDED = {"a2-folded", "a6-folded", "a7-folded"}
POSTCARDS = {"postcard-4x6", "postcard-a6"}
ISO = {"a6-flat", "a6-folded", "postcard-a6"}


def test_catalogue_has_the_eight_named_stationeries() -> None:
    assert set(FINISHED_MM) <= {s.name for s in catalogue()}


@pytest.mark.parametrize("name", FINISHED_MM)
def test_finished_size_is_as_stated(name: str) -> None:
    card = load_stationery(name)
    assert (card.width_mm, card.height_mm) == pytest.approx(FINISHED_MM[name], abs=0.01)


@pytest.mark.parametrize("name", FINISHED_MM)
def test_safe_margin_is_a_quarter_inch_or_6_mm_on_iso_stock(name: str) -> None:
    assert load_stationery(name).margin_mm == pytest.approx(6 if name in ISO else 6.35)


@pytest.mark.parametrize("name", sorted(FOLDED))
def test_folded_sheet_is_twice_the_finished_width_across_a_side_fold(name: str) -> None:
    card = load_stationery(name)
    width_mm, height_mm = FINISHED_MM[name]
    assert card.folded and card.fold == "vertical"
    assert card.sheet_size_pt == pytest.approx((2 * width_mm * MM, height_mm * MM))


def test_a6_folded_prints_on_a5_and_a2_folded_on_half_letter() -> None:
    assert load_stationery("a6-folded").sheet_size_pt == pytest.approx((210 * MM, 148 * MM))
    assert load_stationery("a2-folded").sheet_size_pt == pytest.approx((8.5 * 72, 5.5 * 72))


@pytest.mark.parametrize("name", sorted(FOLDED))
def test_folded_message_box_is_on_the_right_panel_inside_the_margins(name: str) -> None:
    card = load_stationery(name)
    sheet_w, sheet_h = card.sheet_size_pt
    box, margin = card.message_box, card.margin_pt
    assert card.message_panel == "inside-right"
    assert box.x0 == pytest.approx(sheet_w / 2 + margin)
    assert box.x1 == pytest.approx(sheet_w - margin)
    assert (box.y0, box.y1) == pytest.approx((margin, sheet_h - margin))


@pytest.mark.parametrize("name", sorted(set(FINISHED_MM) - FOLDED - POSTCARDS))
def test_flat_card_is_its_own_sheet_and_the_message_box_is_the_card_less_margins(name: str) -> None:
    card = load_stationery(name)
    width_mm, height_mm = FINISHED_MM[name]
    assert not card.folded
    assert card.sheet_size_pt == pytest.approx((width_mm * MM, height_mm * MM))
    m = card.margin_pt
    assert card.message_box.as_list() == pytest.approx([m, m, width_mm * MM - m, height_mm * MM - m], abs=0.01)


@pytest.mark.parametrize("name", sorted(POSTCARDS))
def test_postcard_message_box_is_the_left_half_leaving_the_address_side_free(name: str) -> None:
    card = load_stationery(name)
    sheet_w, sheet_h = card.sheet_size_pt
    box, m = card.message_box, card.margin_pt
    assert card.sheet_size_pt == pytest.approx((FINISHED_MM[name][0] * MM, FINISHED_MM[name][1] * MM))
    assert (card.message_panel, card.address_panel) == ("left-half", "right-half")
    strip = card.address_zones.barcode.y1  # the postal barcode strip runs under the message half too
    assert box.as_list() == pytest.approx([m, strip, sheet_w / 2 - m, sheet_h - m], abs=0.01)
    assert box.x1 < sheet_w / 2


@pytest.mark.parametrize("name", FINISHED_MM)
def test_summary_reports_finished_size_and_fold(name: str) -> None:
    summary = load_stationery(name).summary()
    assert summary["name"] == name
    assert (summary["width_mm"], summary["height_mm"]) == pytest.approx(FINISHED_MM[name], abs=0.01)
    assert summary["folded"] is (name in FOLDED)


def test_user_stationery_file_loads_by_path_relative_to_a_base_dir() -> None:
    card = load_stationery("cards/square.yaml", DATA)
    assert isinstance(card, Stationery)
    assert (card.name, card.width_mm, card.height_mm, card.margin_mm) == ("square-5.5", 139.7, 139.7, 8)


def test_interview_uses_user_stationery_relative_to_the_interview_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    batch = build_batch(load_interview(DATA / "user-stationery.yaml"))
    [card] = batch.cards
    assert card.stationery.name == "square-5.5"
    assert card.layout.box == card.stationery.message_box


@pytest.mark.parametrize(
    ("file", "says"),
    [
        ("cards/bad-panel.yaml", "inside-right"),
        ("cards/bad-key.yaml", "margn_mm"),
        ("cards/missing.yaml", "cannot read"),
    ],
)
def test_broken_user_stationery_is_a_stationery_error_naming_the_file(file: str, says: str) -> None:
    with pytest.raises(StationeryError) as caught:
        load_stationery(file, DATA)
    assert says in str(caught.value)
    assert Path(file).name in str(caught.value)


def test_unknown_stationery_name_lists_the_catalogue() -> None:
    with pytest.raises(StationeryError) as caught:
        load_stationery("a2-foldd")
    assert "a2-folded" in str(caught.value)


def test_interview_pointing_at_broken_stationery_is_refused_at_the_line_naming_it() -> None:
    with pytest.raises(InterviewError) as caught:
        load_interview(DATA / "user-stationery-bad.yaml")
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("card.stationery", 10)
    assert "bad-panel.yaml" in problem.message and "inside-right" in problem.message


BASE = "name: mine\nwidth_mm: 150\nheight_mm: 100\n"


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ("x_height_mm: {min: -1, preferred: 0, max: 0}\n", "x_height_mm.min: Input should be greater than 0.5"),
        ("x_height_mm: {max: 12}\n", "x_height_mm.max: Input should be less than or equal to 10"),
        ("x_height_mm: {min: 3, preferred: 2, max: 1}\n", "x_height_mm: needs min <= preferred <= max"),
        ("x_height_mm: {min: 2.5}\n", "x_height_mm: needs min <= preferred <= max"),  # above the default preferred 2
        ("margin_mm: 45\n", "message_panel 'full' less margin_mm 45 leaves 60.0 × 10.0 mm"),
        ("message_panel: full\naddress_panel: full\n", "address_panel 'full' overlaps message_panel 'full'"),
        ("message_panel: left-half\naddress_panel: full\n", "address_panel 'full' overlaps message_panel 'left-half'"),
        ("envelope: c99\n", "unknown envelope 'c99'; choose one of a2, a7, a9, c5, c6, dl"),
    ],
)
def test_a_stationery_file_that_cannot_work_is_refused_naming_the_file(tmp_path: Path, extra: str, says: str) -> None:
    """Values that are each well-formed but make no usable card: bad x-heights, no room, overlapping panels."""
    path = tmp_path / "mine.yaml"
    path.write_text(BASE + extra, encoding="utf-8")
    with pytest.raises(StationeryError) as caught:
        load_stationery(str(path))
    assert str(caught.value).startswith(f"{path}: ")
    assert says in str(caught.value)


def test_a_postcard_address_half_beside_the_message_half_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        BASE + "message_panel: left-half\naddress_panel: right-half\nenvelope: c6\nx_height_mm: {min: 1.8}\n",
        encoding="utf-8",
    )
    card = load_stationery(str(path))
    assert (card.address_panel, card.envelope, card.x_height_mm) == ("right-half", "c6", (("min", 1.8),))
