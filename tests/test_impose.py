"""Sheets: cards where the layout says, crop marks outside every card, duplex backs behind their fronts, options."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest
from conftest import DATA, SAMPLES, ink_inside, ink_outside_all, render_page, run_cli, save_failure
from PIL import Image, ImageChops, ImageDraw, ImageOps

from notecards import build_batch, load_interview, parse_interview
from notecards.catalogue.sheets import load_sheet, sheet_names
from notecards.catalogue.stationery import catalogue
from notecards.errors import StationeryError
from notecards.geometry import MM, Rect
from notecards.output.impose import (
    Imposition,
    SheetOptions,
    check_sheet_options,
    draw_imposition,
    impose,
    parse_length_mm,
    parse_offset_mm,
    turn_card,
    turn_paper,
)
from notecards.output.marks import MARK_GAP_MM

SCALE = 2.0
SHORT = "Dear Sam,\n\nThank you for the talk on Tuesday.\n\nBest,\nJo"


def batch_of(stationery: str, count: int, **extra: str):
    people = "".join(
        f"  - name: Person {i}\n    message: |\n" + "".join(f"      {ln}\n" for ln in SHORT.splitlines())
        for i in range(count)
    )
    settings = ", ".join(f"{k}: {v}" for k, v in {"stationery": stationery, **extra}.items())
    text = (
        f"candidate: {{name: Jo Quill}}\nposition: {{title: Tester, company: Acme}}\n"
        f"interview: {{date: 2026-11-24}}\ncard: {{{settings}}}\ninterviewers:\n{people}"
    )
    return build_batch(parse_interview(text))


def write(imposition: Imposition, tmp_path: Path) -> Path:
    pdf = tmp_path / "sheets.pdf"
    with pdf.open("wb") as handle:
        draw_imposition(imposition, handle, "test", "test")
    return pdf


def stray_ink(image: Image.Image, allowed: list[Rect], page_h: float) -> int:
    return ink_outside_all(image, [box.as_list() for box in allowed], page_h, SCALE)


def segment_box(seg: tuple[float, float, float, float]) -> Rect:
    x0, y0, x1, y1 = seg
    return Rect(min(x0, x1) - 0.5, min(y0, y1) - 0.5, max(x0, x1) + 0.5, max(y0, y1) + 0.5)


def overlaps(a: Rect, b: Rect) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


# -- where the positions are --------------------------------------------------------------------------------------


@pytest.mark.parametrize("sheet", ["letter", "a4"])
@pytest.mark.parametrize(
    "stationery",
    [
        s.name
        for s in catalogue()  # a card printed on a whole sheet has no margin
        if max(s.sheet_size_pt) < 270 * MM
    ],
)
def test_plain_sheet_positions_stay_inside_the_margins_with_a_gutter_between(sheet: str, stationery: str) -> None:
    layout = load_sheet(sheet)
    card = next(s for s in catalogue() if s.name == stationery)
    slots = layout.slots(*card.sheet_size_pt, bleed_pt=3 * MM)
    assert slots, f"{stationery} should fit on {sheet}"
    w, h = layout.size_pt
    margin, gutter = layout.margin_mm * MM, layout.gutter_mm * MM
    for slot in slots:
        grown = slot.trim.inset(-3 * MM)
        assert grown.x0 >= margin - 1e-6 and grown.y0 >= margin - 1e-6
        assert grown.x1 <= w - margin + 1e-6 and grown.y1 <= h - margin + 1e-6
        assert {round(slot.trim.width, 3), round(slot.trim.height, 3)} == {round(v, 3) for v in card.sheet_size_pt}
    for a, b in combinations(slots, 2):
        assert not overlaps(a.trim.inset(-3 * MM - gutter / 2 + 1e-3), b.trim.inset(-3 * MM - gutter / 2 + 1e-3))


def test_plain_letter_holds_as_many_as_fit_turning_cards_on_their_side_when_that_fits_more() -> None:
    letter = load_sheet("letter")
    counts = {s.name: (len(slots), slots[0].rotated) for s in catalogue() if (slots := letter.slots(*s.sheet_size_pt))}
    assert counts["index-3x5"] == (4, True)
    assert counts["postcard-4x6"] == (2, False)
    assert counts["a2-flat"] == (2, True)  # four would touch edge to edge: no room for the crop marks
    assert counts["a2-folded"] == (1, True)


def test_precut_products_put_cards_exactly_on_their_positions() -> None:
    inch = 72.0
    quarters = load_sheet("avery-8387").slots(4.25 * inch, 5.5 * inch)
    assert [s.trim.as_list() for s in quarters] == [
        [0, 396, 306, 792],
        [306, 396, 612, 792],
        [0, 0, 306, 396],
        [306, 0, 612, 396],
    ]
    halves = load_sheet("avery-8315").slots(8.5 * inch, 5.5 * inch)  # two half-fold A2 cards, printed flat
    assert [s.trim.as_list() for s in halves] == [[0, 396, 612, 792], [0, 0, 612, 396]]
    postcards = load_sheet("avery-5389").slots(6 * inch, 4 * inch)
    assert [s.trim.as_list() for s in postcards] == [[90, 414, 522, 702], [90, 90, 522, 378]]
    on_side = load_sheet("avery-8387").slots(5.5 * inch, 4.25 * inch)
    assert len(on_side) == 4 and all(s.rotated for s in on_side)
    assert load_sheet("avery-5389").slots(5 * inch, 3 * inch) == ()  # a card that matches no position


@pytest.mark.parametrize(("sheet", "stationery"), [("letter-halves", "a2-folded"), ("a4-halves", "a6-folded")])
def test_halves_take_two_folded_cards_per_sheet_edge_to_edge_without_marks(sheet: str, stationery: str) -> None:
    """Issue 4's "two A2 folded cards per Letter sheet": the paper cut once across, like a pre-cut product."""
    imposition = impose(batch_of(stationery, 3).cards, SheetOptions(sheet))
    [group] = imposition.groups
    assert len(group.slots) == 2 and not group.slots[0].rotated
    width, height = imposition.layout.size_pt
    top, bottom = (p.trim("inside") for p in imposition.pages[0].placements)
    assert (top.x0, top.x1, bottom.x0, bottom.x1) == pytest.approx((0, width, 0, width))
    assert top.y1 - bottom.y1 == pytest.approx(height / 2)  # one card in each half
    assert height - top.y1 == pytest.approx(bottom.y0, abs=1e-6) and bottom.y0 <= 0.25 * MM + 1e-6
    assert [len(page.placements) for page in imposition.pages] == [2, 1]  # plain folded cards: one side only
    assert all(page.crop_marks == () and page.fold_marks == () for page in imposition.pages)


def test_every_sheet_in_the_catalogue_loads_and_the_issue_products_are_there() -> None:
    assert {"letter", "a4", "avery-8315", "avery-5389", "avery-8387", "letter-halves"} <= set(sheet_names())
    for name in sheet_names():
        assert load_sheet(name).name == name


def test_an_unknown_sheet_is_an_error_listing_the_choices() -> None:
    with pytest.raises(StationeryError, match="avery-8315"):
        load_sheet("avery-0000")


def test_a_sheet_layout_can_be_your_own_file(tmp_path: Path) -> None:
    own = tmp_path / "tabloid.yaml"
    own.write_text("name: tabloid\nwidth_mm: 279.4\nheight_mm: 431.8\n", encoding="utf-8")
    layout = load_sheet(str(own))
    assert layout.name == "tabloid" and not layout.precut and layout.crop_marks


# -- the pixels ---------------------------------------------------------------------------------------------------


def test_cards_sit_where_the_layout_says_and_crop_marks_sit_outside_them(tmp_path: Path) -> None:
    batch = batch_of("index-3x5", 4)
    imposition = impose(batch.cards, SheetOptions("letter"))
    pdf = write(imposition, tmp_path)
    page = imposition.pages[0]
    h = imposition.layout.size_pt[1]
    image = render_page(pdf, 0, SCALE)
    slots = imposition.groups[0].slots
    allowed = []
    for placement, slot in zip(page.placements, slots, strict=True):
        assert placement.trim("inside").as_list() == slot.trim.as_list()
        box = placement.map("inside").rect(placement.card.layout.box)
        assert ink_inside(image, box.as_list(), h, SCALE) > 50, "a note is missing from its position"
        allowed.append(box)
    marks = [segment_box(seg) for seg in page.crop_marks]
    assert len(marks) == 4 * 8, "every trim corner gets two marks"
    for mark in marks:
        assert not any(overlaps(mark, p.trim("inside")) for p in page.placements), "a crop mark runs into a card"
    stray = stray_ink(image, allowed + marks, h)
    if stray:
        pytest.fail(f"{stray} inked pixels where the layout has nothing; see {save_failure(image, 'impose-stray')}")
    assert stray_ink(image, allowed, h) > 100, "the crop marks were not drawn"


def test_crop_marks_continue_the_trim_edges_and_clear_the_bleed() -> None:
    batch = batch_of("a6-flat", 2)
    bleed = 3.0
    page = impose(batch.cards, SheetOptions("a4", bleed_mm=bleed)).pages[0]
    trims = [p.trim("inside") for p in page.placements]
    xs = {round(v, 2) for t in trims for v in (t.x0, t.x1)}
    ys = {round(v, 2) for t in trims for v in (t.y0, t.y1)}
    for x0, y0, x1, y1 in page.crop_marks:
        assert (x0 == x1 and round(x0, 2) in xs) or (y0 == y1 and round(y0, 2) in ys)
        mark = segment_box((x0, y0, x1, y1))
        for trim in trims:
            assert not overlaps(mark, trim.inset(-(bleed + MARK_GAP_MM / 2) * MM)), "a mark runs into the bleed"


def test_folded_cards_get_dashed_fold_marks_on_the_fold_line_outside_the_card() -> None:
    page = impose(batch_of("a2-folded", 1).cards, SheetOptions("letter")).pages[0]
    placement = page.placements[0]
    trim = placement.trim("inside")
    fold_y = placement.map("inside").apply(*placement.card.stationery.fold_line[:2])[1]
    assert len(page.fold_marks) == 2
    for x0, y0, x1, y1 in page.fold_marks:
        assert y0 == pytest.approx(fold_y) and y1 == pytest.approx(fold_y)
        assert max(x0, x1) <= trim.x0 or min(x0, x1) >= trim.x1


# -- two-sided sheets ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("flip", ["long-edge", "short-edge"])
@pytest.mark.parametrize(("stationery", "sheet"), [("a2-folded", "letter"), ("a6-folded", "a4"), ("a2-folded", "a4")])
def test_the_outside_of_every_card_prints_exactly_behind_its_inside(stationery: str, sheet: str, flip: str) -> None:
    """Turning the paper over the printer's way must bring each outside point onto its inside point."""
    cards = batch_of(stationery, 3, design="thank-you-front").cards  # a design on the outside: two-sided
    imposition = impose(cards, SheetOptions(sheet, flip=flip, offset_mm=(0, 0)))
    w, h = imposition.layout.size_pt
    paper_turn = turn_paper(w, h, flip)  # type: ignore[arg-type]
    for page in imposition.pages:
        for placement in page.placements:
            card_turn = turn_card(placement.card.stationery)
            cw, ch = placement.card.stationery.sheet_size_pt
            for point in ((0, 0), (cw, 0), (cw / 3, ch / 5), (cw, ch)):
                inside = placement.map("inside").apply(*point)
                behind = paper_turn.apply(*placement.map("outside").apply(*card_turn.apply(*point)))
                assert behind == pytest.approx(inside)


def off_centre_sheet(tmp_path: Path) -> str:
    """A Letter sheet with one a6-folded position near its top-left corner, so that every mirror image shows."""
    path = tmp_path / "corner.yaml"
    path.write_text(
        "name: corner\nwidth_mm: 215.9\nheight_mm: 279.4\ncrop_marks: true\n"
        "grid: {columns: 1, rows: 1, width_mm: 148, height_mm: 210, left_mm: 12, top_mm: 20}\n",
        encoding="utf-8",
    )
    return str(path)


def test_the_paper_turns_about_its_long_or_its_short_edge() -> None:
    assert turn_paper(600, 800, "long-edge").apply(100, 50) == (500, 50)
    assert turn_paper(600, 800, "short-edge").apply(100, 50) == (100, 750)
    assert turn_paper(800, 600, "long-edge").apply(100, 50) == (100, 550)
    assert turn_paper(800, 600, "short-edge").apply(100, 50) == (700, 50)


@pytest.mark.parametrize("flip", ["long-edge", "short-edge"])
def test_the_note_on_the_inside_right_is_printed_behind_the_back_cover(flip: str) -> None:
    """A side-fold card opens like a book: the inside right panel is the back of the outside left (the back cover)."""
    imposition = impose(batch_of("a2-folded", 1, design="thank-you-front").cards, SheetOptions("a4", flip=flip))
    placement = imposition.pages[0].placements[0]
    w, h = placement.card.stationery.sheet_size_pt
    paper_turn = turn_paper(*imposition.layout.size_pt, flip)  # type: ignore[arg-type]
    note_centre = placement.map("inside").apply(3 * w / 4, h / 3)
    assert paper_turn.apply(*note_centre) == pytest.approx(placement.map("outside").apply(w / 4, h / 3))


def test_duplex_pages_mirror_each_other_about_the_long_edge(tmp_path: Path) -> None:
    imposition = impose(
        batch_of("a6-folded", 1, design="thank-you-front").cards, SheetOptions(off_centre_sheet(tmp_path))
    )
    assert [p.side for p in imposition.pages] == ["inside", "outside"]
    pdf = write(imposition, tmp_path)
    h = imposition.layout.size_pt[1]
    trims = [imposition.pages[0].placements[0].trim("inside")]
    inside = marks_only(render_page(pdf, 0, SCALE), trims, h)
    outside = marks_only(render_page(pdf, 1, SCALE), [imposition.pages[1].placements[0].trim("outside")], h)
    mirrored = ImageOps.mirror(outside)
    differ = sum(ImageChops.difference(inside, mirrored).histogram()[1:])
    marks = inside.histogram()[255]
    assert marks > 100
    if differ > marks * 0.05:
        pytest.fail(
            f"the back's marks are not the front's mirrored ({differ} of {marks} pixels differ); see "
            f"{save_failure(Image.merge('RGB', (inside, mirrored, inside)), 'duplex-mirror')}"
        )


def marks_only(image: Image.Image, cards: list[Rect], page_h: float) -> Image.Image:
    mask = image.point(lambda v: 255 if v < 200 else 0)
    draw = ImageDraw.Draw(mask)
    for box in cards:
        draw.rectangle(
            (box.x0 * SCALE - 2, (page_h - box.y1) * SCALE - 2, box.x1 * SCALE + 2, (page_h - box.y0) * SCALE + 2),
            fill=0,
        )
    return mask


def test_short_edge_flip_mirrors_the_back_top_to_bottom(tmp_path: Path) -> None:
    imposition = impose(
        batch_of("a6-folded", 1, design="thank-you-front").cards,
        SheetOptions(off_centre_sheet(tmp_path), flip="short-edge"),
    )
    h = imposition.layout.size_pt[1]
    inside, outside = (page.placements[0].trim(page.side) for page in imposition.pages)
    assert (outside.x0, outside.x1) == pytest.approx((inside.x0, inside.x1))
    assert (outside.y0, outside.y1) == pytest.approx((h - inside.y1, h - inside.y0))


def test_a_batch_mixing_one_and_two_sided_cards_keeps_the_whole_file_two_sided() -> None:
    cards = batch_of("a2-folded", 1, design="thank-you-front").cards + batch_of("a2-flat", 2).cards
    imposition = impose(cards, SheetOptions("letter"))
    sides = [page.side for page in imposition.pages]
    assert sides == ["inside", "outside"] * (len(sides) // 2)
    flat = next(g for g in imposition.groups if not g.duplex)
    assert all(not page.placements for page in flat.pages if page.side == "outside")


# -- options ------------------------------------------------------------------------------------------------------


def test_start_at_skips_the_first_positions_of_the_first_sheet_only() -> None:
    imposition = impose(batch_of("index-3x5", 5).cards, SheetOptions("letter", start_at=3))
    positions = [[p.position for p in page.placements] for page in imposition.pages]
    assert positions == [[3], [0, 1, 2, 3]]


def test_start_at_past_the_last_position_is_an_error() -> None:
    with pytest.raises(StationeryError, match="at most 3 can be skipped"):
        impose(batch_of("index-3x5", 1).cards, SheetOptions("letter", start_at=4))


def test_offset_moves_cards_and_marks_right_and_down() -> None:
    cards = batch_of("index-3x5", 2).cards
    plain = impose(cards, SheetOptions("letter")).pages[0]
    moved = impose(cards, SheetOptions("letter", offset_mm=(2.0, 3.0))).pages[0]
    for a, b in zip(plain.placements, moved.placements, strict=True):
        ta, tb = a.trim("inside"), b.trim("inside")
        assert (tb.x0 - ta.x0, tb.y0 - ta.y0) == pytest.approx((2 * MM, -3 * MM))
    assert moved.crop_marks[0][0] - plain.crop_marks[0][0] == pytest.approx(2 * MM)


def test_cards_are_grouped_by_stationery_and_each_group_starts_a_new_sheet() -> None:
    batch = build_batch(load_interview(DATA / "print" / "mixed.yaml"))
    imposition = impose(batch.cards, SheetOptions("letter"))
    report = imposition.report()
    assert [e["stationery"] for e in report] == ["a2-folded", "postcard-4x6", "index-3x5"]
    assert [e["first_page"] for e in report] == [1, 3, 4]  # plain designs: one page per sheet
    for entry in report:
        assert set(entry) >= {"path", "sheet", "pages", "per_sheet", "stationery"}
        assert entry["path"] == "sheets-letter.pdf"
    for group in imposition.groups:
        assert {p.card.stationery.name for page in group.pages for p in page.placements} == {group.stationery.name}


def test_stationery_files_sharing_a_name_are_imposed_as_the_different_cards_they_are(tmp_path: Path) -> None:
    """`name:` is only a label: two user files both called `custom` are two sizes, each in its own positions."""
    sizes = {"small.yaml": (90, 60), "big.yaml": (150, 150)}
    for file, (w, h) in sizes.items():
        (tmp_path / file).write_text(f"name: custom\nwidth_mm: {w}\nheight_mm: {h}\n", encoding="utf-8")
    source = tmp_path / "interview.yaml"
    source.write_text(
        "candidate: {name: Jo Quill}\nposition: {title: Tester, company: Acme}\n"
        "interview: {date: 2026-11-24}\ninterviewers:\n"
        + "".join(
            f"  - {{name: Person {i}, stationery: {file}, message: 'Dear Sam, thank you. Jo'}}\n"
            for i, file in enumerate(["small.yaml", "big.yaml", "small.yaml"])
        ),
        encoding="utf-8",
    )
    imposition = impose(build_batch(load_interview(source)).cards, SheetOptions("letter"))
    assert [(g.stationery.width_mm, g.stationery.height_mm, g.cards) for g in imposition.groups] == [
        (90, 60, 2),
        (150, 150, 1),
    ]
    for group in imposition.groups:
        for page in group.pages:
            for placement in page.placements:
                trim = placement.trim("inside")
                assert {round(trim.width / MM), round(trim.height / MM)} == {
                    group.stationery.width_mm,
                    group.stationery.height_mm,
                }


def test_cards_that_match_no_precut_position_are_left_out_with_a_warning() -> None:
    cards = batch_of("a6-flat", 2).cards + batch_of("a2-folded", 1).cards
    imposition = impose(cards, SheetOptions("avery-8315", bleed_mm=3))
    assert [group.stationery.name for group in imposition.groups] == ["a2-folded"]
    assert any("a6-flat" in w and "Person 0" in w for w in imposition.warnings)
    assert any("--bleed is ignored" in w for w in imposition.warnings)


def test_precut_sheets_have_no_crop_marks() -> None:
    page = impose(batch_of("a2-flat", 3).cards, SheetOptions("avery-8387")).pages[0]
    assert page.crop_marks == () and len(page.placements) == 3


@pytest.mark.parametrize(
    ("text", "mm"), [("3mm", 3.0), ("3", 3.0), ("0.125in", 3.175), ("0.5 cm", 5.0), ("-1.5mm", -1.5), ("72pt", 25.4)]
)
def test_lengths_read_with_their_units(text: str, mm: float) -> None:
    assert parse_length_mm(text) == pytest.approx(mm)


def test_offsets_and_bad_lengths() -> None:
    assert parse_offset_mm("1.5,-0.5") == (1.5, -0.5)
    for bad in ("3 furlongs", "", "1,2,3"):
        with pytest.raises(ValueError, match="not"):
            parse_offset_mm(bad) if "," in bad else parse_length_mm(bad)


@pytest.mark.parametrize("text", ["400,0", "0,-20.5", "1in,0"])
def test_an_offset_beyond_20_mm_is_refused_as_moving_cards_off_the_paper(text: str) -> None:
    with pytest.raises(ValueError, match="at most 20 mm"):
        parse_offset_mm(text)


def test_an_offset_of_20_mm_each_way_is_allowed() -> None:
    assert parse_offset_mm("20,-20") == (20.0, -20.0)


@pytest.mark.parametrize(
    "options",
    [
        SheetOptions("letter", offset_mm=(400.0, 0.0)),
        SheetOptions("letter", bleed_mm=50.0),
        SheetOptions("letter", start_at=-1),
    ],
)
def test_sheet_options_given_through_the_api_are_held_to_the_same_bounds(options: SheetOptions) -> None:
    with pytest.raises(StationeryError):
        impose(batch_of("index-3x5", 1).cards, options)


def test_check_sheet_options_refuses_an_unknown_sheet_without_any_cards() -> None:
    """The cheap check the command line makes before fitting a batch."""
    assert check_sheet_options(SheetOptions("letter-halves")).name == "letter-halves"
    with pytest.raises(StationeryError, match=r"unknown sheet 'leter'; choose one of a4, .*letter"):
        check_sheet_options(SheetOptions("leter"))


# -- the command line ---------------------------------------------------------------------------------------------


def test_build_with_sheet_writes_the_sheets_and_reports_them(tmp_path: Path) -> None:
    proc = run_cli(
        "build",
        DATA / "print" / "mixed.yaml",
        "-o",
        tmp_path,
        "--sheet",
        "a4",
        "--bleed",
        "2mm",
        "--flip",
        "short-edge",
        "--force",
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert (tmp_path / "sheets-a4.pdf").is_file()
    # no design prints on the outside: one-sided sheets, so the flip does not apply
    assert report["sheets"][0]["flip"] is None and report["sheets"][0]["duplex"] is False
    assert "sheets-a4.pdf" in proc.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--bleed", "3mm"],
        ["--start-at", "1"],
        ["--flip", "short-edge"],
        ["--sheet", "a4", "--offset", "3"],
        ["--sheet", "a4", "--bleed", "1 mile"],
        ["--sheet", "a4", "--offset", "400,0"],
    ],
)
def test_sheet_options_that_make_no_sense_are_usage_errors(tmp_path: Path, args: list[str]) -> None:
    proc = run_cli("build", SAMPLES / "single.yaml", "-o", tmp_path / "out", *args)
    assert proc.returncode == 2
    assert not (tmp_path / "out").exists()


def test_a_start_at_past_the_sheet_stops_the_build_with_nothing_written(tmp_path: Path) -> None:
    proc = run_cli("build", SAMPLES / "single.yaml", "-o", tmp_path / "out", "--sheet", "letter", "--start-at", "5")
    assert proc.returncode == 2
    assert "error: --start-at 5" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_sheets_command_lists_the_layouts() -> None:
    proc = run_cli("sheets", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    names = {item["name"]: item for item in json.loads(proc.stdout)}
    assert names["avery-8387"]["positions"] == 4 and names["letter"]["kind"] == "cut by hand"


def test_a_cards_design_is_laid_under_it_on_the_sheet_with_the_cards_own_placement(tmp_path: Path) -> None:
    imposition = impose(batch_of("a2-folded", 1, design="thank-you-front").cards, SheetOptions("letter"))
    pdf = write(imposition, tmp_path)
    outside = imposition.pages[1]
    placement = outside.placements[0]
    h = imposition.layout.size_pt[1]
    image = render_page(pdf, 1, SCALE)
    w, card_h = placement.card.stationery.sheet_size_pt
    front_cover = placement.map("outside").rect(Rect(w / 2, 0, w, card_h))  # the outside's right half
    assert ink_inside(image, front_cover.as_list(), h, SCALE) > 200, "the design's front is missing"
    stray = stray_ink(image, [front_cover, *(segment_box(s) for s in outside.crop_marks + outside.fold_marks)], h)
    if stray:
        pytest.fail(f"design ink off the front cover; see {save_failure(image, 'impose-design')}")
