"""Pen-plotter output: single-stroke SVGs at physical size, fitted and varied like the PDF, every point in the box."""

from __future__ import annotations

import math
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import SAMPLES, ink_outside, render_page, run_cli

from notecards.batch import build_batch
from notecards.catalogue.realism import LEVELS as REALISM
from notecards.catalogue.strokes import load_stroke_font, parse_path, stroke_font_names, stroke_hand
from notecards.errors import FitError, FontError
from notecards.load import load_interview, parse_interview
from notecards.output.production import plot_stems
from notecards.output.svg import read_svg, svg_text
from notecards.plot import PlotterOptions, fit_strokes, hand_for, order_strokes, plot_sheets

SVG = "{http://www.w3.org/2000/svg}"
NOW = "2026-11-25T09:00:00+00:00"
HEAD = (
    "candidate: {name: Jordan Rivera}\nposition: {title: Data Engineer, company: Northwind}\n"
    "interview: {date: 2026-11-24}\n"
)


def interview(card: str, *messages: str):
    people = "".join(
        f"  - name: Person {chr(65 + i)}\n    topic: pipelines\n    message: |\n"
        + "".join(f"      {line}\n" for line in m.splitlines())
        for i, m in enumerate(messages)
    )
    return parse_interview(HEAD + f"card: {card}\ninterviewers:\n{people}")


def sheets_of(iv, realism: str = "natural"):
    batch = build_batch(iv)
    return plot_sheets(batch, plot_stems(batch), PlotterOptions(realism=realism)).sheets


ADVERSARIAL = [
    "Dear Pat,\n\nThank you.\n\nBest,\nJordan",  # one short note at the largest size
    "Dear Pat,\n\nSupercalifragilisticexpialidocious internationalisation counterrevolutionaries.\n\nBest,\nJo",
    "Dear Pat,\n\nTHANK YOU FOR THE QUICK AND JOLLY TALK ABOUT QUARTERLY GOALS.\n\nBest,\nJordan",
    "Dear Zoë,\n\nŁódź, Ångström, Dvořák, Nguyễn, Şahin, Ørsted, Gödel and Ōsaka: déjà vu.\n\nBest,\nJordan",
    "Dear Pat,\n\n" + " ".join(["gorgeous jagged quirky flourish"] * 12) + "\n\nBest,\nJordan",
]


@pytest.mark.parametrize("font", stroke_font_names())
@pytest.mark.parametrize("realism", sorted(REALISM))
def test_every_point_the_pen_touches_lies_inside_the_message_box(font: str, realism: str) -> None:
    """At every realism level, in every stroke hand, for awkward notes: not one point of a stroke leaves the box."""
    iv = interview(f"{{stationery: a6-flat, plotter_font: {font}}}", *ADVERSARIAL)
    for sheet in sheets_of(iv, realism):
        if sheet.kind != "card":
            continue
        x0, y0, x1, y1 = sheet.box_mm
        outside = [
            (x, y)
            for stroke in sheet.strokes
            for x, y in stroke
            if not (x0 - 1e-6 <= x <= x1 + 1e-6 and y0 - 1e-6 <= y <= y1 + 1e-6)
        ]
        assert outside == [], f"{sheet.recipient}: {outside[:3]}"


def test_the_svg_is_what_plotter_software_expects(tmp_path: Path) -> None:
    """Physical size in mm with a viewBox in mm, one layer per ink, a group per line, open stroked paths only."""
    proc = run_cli(
        "build", SAMPLES / "single.yaml", "-o", tmp_path / "out", "--now", NOW, "--plotter", "--pen-width", "0.3mm"
    )
    assert proc.returncode == 0, proc.stderr
    files = sorted(p.name for p in (tmp_path / "out" / "plot").iterdir())
    assert files == ["priya-natarajan-envelope.svg", "priya-natarajan.svg"]
    root = ET.parse(tmp_path / "out" / "plot" / "priya-natarajan.svg").getroot()  # noqa: S314 - our own output
    assert (root.get("width"), root.get("height")) == ("215.90mm", "139.70mm")  # an A2 folded card's sheet
    assert root.get("viewBox") == "0 0 215.90 139.70"
    layers = [g for g in root.iter(f"{SVG}g") if g.get("{http://www.inkscape.org/namespaces/inkscape}groupmode")]
    assert len(layers) == 1
    assert "stroke-width:0.3;" in layers[0].get("style", "") and "fill:none" in layers[0].get("style", "")
    lines = list(layers[0])
    assert len(lines) >= 8 and all(g.tag == f"{SVG}g" for g in lines)
    drawn = {element.tag.removeprefix(SVG) for element in root.iter()} - {"svg", "g", "title"}
    assert drawn == {"path"}
    for path in root.iter(f"{SVG}path"):
        d = path.get("d", "")
        assert d.count("M") == 1 and "Z" not in d.upper() and path.get("fill") is None


def test_the_build_reports_pen_travel_and_plot_time_for_each_card(tmp_path: Path) -> None:
    import json

    proc = run_cli("build", SAMPLES / "panel.yaml", "-o", tmp_path / "out", "--now", NOW, "--plotter")
    assert proc.returncode == 0, proc.stderr
    notes = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["notes"]
    plotted = [n["plot"] for n in notes if n["page"] is not None]
    assert len(plotted) == 3
    for plot in plotted:
        assert plot["pen_down_mm"] > 1000 and plot["pen_up_mm"] > 0 and 0.5 < plot["minutes"] < 15
        assert plot["envelope"]["path"].endswith("-envelope.svg")
    assert [n["plot"] for n in notes if n["page"] is None] == [None]
    assert "plot: 6 SVG files" in proc.stdout and "pen down" in proc.stdout


def test_nearest_neighbour_order_shortens_the_pen_up_travel() -> None:
    """Strokes handed over in a bad order come back in one whose travel in the air is much shorter."""
    iv = load_interview(SAMPLES / "single.yaml")
    sheet = sheets_of(iv)[0]
    shuffle = random.Random(1).sample  # noqa: S311 - a fixed shuffle, not a secret
    scattered = [tuple(shuffle(line, len(line))) for line in sheet.lines]  # each line's strokes in a random order

    def travel(lines) -> float:
        pen, total = (0.0, 0.0), 0.0
        for stroke in (s for line in lines for s in line):
            total += math.dist(pen, stroke[0])
            pen = stroke[-1]
        return total

    ordered = order_strokes(scattered)
    assert travel(ordered) < 0.3 * travel(scattered)

    def same(stroke):  # a stroke drawn either way round
        return min(stroke, stroke[::-1])

    assert [sorted(map(same, line)) for line in ordered] == [sorted(map(same, line)) for line in scattered]


def test_ordering_keeps_every_stroke_once() -> None:
    lines = [(((0.0, 0.0), (1.0, 0.0)), ((5.0, 0.0), (3.0, 0.0)), ((1.5, 0.0), (2.5, 0.0)))]
    ordered = order_strokes(lines)
    assert ordered == [(((0.0, 0.0), (1.0, 0.0)), ((1.5, 0.0), (2.5, 0.0)), ((3.0, 0.0), (5.0, 0.0)))]


def test_plotter_files_are_the_same_on_every_build_and_change_only_for_the_note_edited(tmp_path: Path) -> None:
    text = (SAMPLES / "panel.yaml").read_text(encoding="utf-8")
    edited = tmp_path / "edited.yaml"
    edited.write_text(
        text.replace("moving nightly batch jobs to streaming", "moving batch jobs to streaming"), encoding="utf-8"
    )
    assert edited.read_text(encoding="utf-8") != text
    builds = []
    for name, source in (("a", SAMPLES / "panel.yaml"), ("b", SAMPLES / "panel.yaml"), ("c", edited)):
        assert run_cli("build", source, "-o", tmp_path / name, "--now", NOW, "--plotter", "--force").returncode == 0
        builds.append({p.name: p.read_bytes() for p in (tmp_path / name / "plot").iterdir()})
    assert builds[0] == builds[1]
    changed = sorted(name for name in builds[0] if builds[0][name] != builds[2][name])
    assert changed == ["priya-natarajan.svg"]


def test_a_note_that_fits_the_card_but_not_in_its_stroke_hand_is_refused_with_numbers() -> None:
    """Homemade Apple is compact, its stroke hand EMS Allure is not: somewhere a note fits the card but not the pen,
    and that note is refused naming the plotter hand, how much is over, and what would hold it."""
    prose = "thank you for the time and the kind talk about our plans for the new data work".split()
    for count in range(40, 200, 4):
        note = "Dear Pat,\n\n" + " ".join(prose[i % len(prose)] for i in range(count)) + "\n\nBest,\nJordan"
        batch = build_batch(interview("{stationery: index-3x5, font: homemade-apple}", note))  # the card fits
        card = batch.cards[0]
        try:
            fit_strokes(card, hand_for(card, batch.interview), batch.interview)
        except FitError as caught:
            message = str(caught)
            break
    else:
        pytest.fail("EMS Allure held every note Homemade Apple did")
    assert "Person A" in message and "index-3x5 in strokes:ems-allure" in message
    over, total, fit = map(int, re.search(r"about (\d+) words? over \((\d+) words, about (\d+) fit", message).groups())
    assert over >= 1 and fit < total
    with pytest.raises(FitError):
        plot_sheets(batch, plot_stems(batch))


def test_envelope_files_never_take_another_card_s_name() -> None:
    """Recipients "Ann" and "Ann Envelope": four distinct file names, each card's envelope named after it."""
    iv = interview("{stationery: a6-flat}", "Dear Ann,\n\nThanks.\n\nBest,\nJo", "Dear A,\n\nThanks.\n\nBest,\nJo")
    batch = build_batch(
        iv.model_copy(
            update={
                "interviewers": [
                    iv.interviewers[0].model_copy(update={"name": "Ann"}),
                    iv.interviewers[1].model_copy(update={"name": "Ann Envelope"}),
                ]
            }
        )
    )
    stems = plot_stems(batch)
    assert len({name for pair in stems for name in pair}) == 4
    assert stems[0] == ("ann", "ann-envelope") and stems[1][1].startswith("ann-envelope")


def test_the_pen_s_width_is_kept_inside_the_box() -> None:
    """A thick pen's half-width is kept clear inside the message area: its ink never leaves the box."""
    batch = build_batch(load_interview(SAMPLES / "single.yaml"))
    for pen in (0.4, 3.0):
        sheet = plot_sheets(batch, plot_stems(batch), PlotterOptions(pen_mm=pen)).sheets[0]
        x0, y0, x1, y1 = (v * 25.4 / 72 for v in batch.cards[0].stationery.message_box.as_list())
        height = sheet.height_mm
        points = [p for stroke in sheet.strokes for p in stroke]
        assert min(x for x, _ in points) - pen / 2 >= x0 - 0.01 and max(x for x, _ in points) + pen / 2 <= x1 + 0.01
        assert min(y for _, y in points) - pen / 2 >= height - y1 - 0.01
        assert max(y for _, y in points) + pen / 2 <= height - y0 + 0.01


def test_accented_letters_are_drawn_as_the_letter_plus_its_mark() -> None:
    """ő, č, ễ, ạ, ș, ư, ł and đ are not in the SVG fonts: each is its base letter with the mark (or bar) added."""
    font = load_stroke_font("ems-tech")
    for char, base in (("ő", "o"), ("č", "c"), ("ễ", "e"), ("ạ", "a"), ("ș", "s"), ("ư", "u"), ("ł", "l"), ("đ", "d")):
        made, plain = font.glyph(char), font.glyph(base)
        assert made.advance == plain.advance and len(made.strokes) > len(plain.strokes), char
    assert font.glyph("ő").bounds[3] > font.glyph("o").bounds[3] + 0.05  # marks above sit above the letter
    assert font.glyph("ạ").bounds[1] < font.glyph("a").bounds[1] - 0.02  # and marks below, below it
    assert font.glyph("ı").bounds[3] < font.glyph("i").bounds[3] - 0.05  # a dotless i has lost its dot
    for name in ("Yıldız", "Lærke", "Œuvre", "Ștefan", "Phạm", "Trương", "Đorđe", "Łukasz"):
        assert stroke_hand("ems-tech").missing(name) == (set(), set()), name


def test_a_character_no_stroke_font_has_is_an_error_naming_it() -> None:
    iv = interview(
        "{stationery: a6-flat, font: noto-sans, plotter_font: ems-tech}", "Dear Pat,\n\nThank you — Ω.\n\nBest,\nJordan"
    )
    assert stroke_hand("ems-tech").missing("Ω")[1] == {"Ω"}
    with pytest.raises(FontError) as caught:
        sheets_of(iv)
    assert "'Ω'" in str(caught.value) and "U+03A9" in str(caught.value)


def test_variation_bends_each_line_and_turns_each_letter_but_off_draws_them_straight() -> None:
    """With realism natural the glyphs of one line no longer share one baseline; with off they do."""
    iv = interview(
        "{stationery: a2-flat, plotter_font: hershey-sans}",
        "Dear Pat,\n\nnnnnnnnnnnnnnnnnnnnnnnnnnnnnn nnnnnnnnnnnnnnnnnnnnnn\n\nBest,\nJordan",
    )

    def bottoms(realism: str) -> list[float]:  # the lowest point of each stroke of the body's first line
        sheet = sheets_of(iv, realism)[0]
        return [max(y for _, y in stroke) for stroke in sheet.lines[1]]

    straight, varied = bottoms("off"), bottoms("natural")
    assert max(straight) - min(straight) < 0.01
    assert max(varied) - min(varied) > 0.05


def test_the_plotter_preview_shows_the_strokes_at_actual_size_inside_the_box(tmp_path: Path) -> None:
    """The preview PDF is the SVGs read back: each page at the sheet's size, ink only inside the message area."""
    proc = run_cli("preview", SAMPLES / "single.yaml", "--plotter", "-o", tmp_path / "p.pdf", "--png", tmp_path / "png")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "png").glob("*.png")) == [
        "priya-natarajan-envelope.png",
        "priya-natarajan.png",
    ]
    sheet = sheets_of(load_interview(SAMPLES / "single.yaml"))[0]
    image = render_page(tmp_path / "p.pdf", 0, scale=2.0)
    assert image.size == (round(sheet.width_mm * 72 / 25.4 * 2), round(sheet.height_mm * 72 / 25.4 * 2))
    x0, y0, x1, y1 = (v * 72 / 25.4 for v in sheet.box_mm)
    height = sheet.height_mm * 72 / 25.4
    box_pt = [x0, height - y1, x1, height - y0]
    assert ink_outside(image, box_pt, height, 2.0, tolerance_px=2) == 0
    assert image.getextrema()[0] < 100  # there is ink


def test_svg_text_reads_back_to_the_same_strokes() -> None:
    sheet = sheets_of(load_interview(SAMPLES / "single.yaml"))[0]
    (w, h), ink, pen, strokes = read_svg(svg_text(sheet, 0.5))
    assert (w, h, ink, pen) == (round(sheet.width_mm, 2), round(sheet.height_mm, 2), sheet.ink, 0.5)
    assert len(strokes) == len(sheet.strokes)
    assert all(
        math.dist(a, b) < 0.001 for s, t in zip(strokes, sheet.strokes, strict=True) for a, b in zip(s, t, strict=True)
    )


def test_svg_paths_with_curves_and_relative_moves_become_polylines() -> None:
    strokes = parse_path("M 0 0 L 10 0 M 0 10 C 0 20 10 20 10 10 m 5 5 l 1 0 1 1")
    assert strokes[0] == [(0.0, 0.0), (10.0, 0.0)]
    assert strokes[1][0] == (0.0, 10.0) and strokes[1][-1] == pytest.approx((10.0, 10.0))
    assert len(strokes[1]) == 9 and max(y for _, y in strokes[1]) == pytest.approx(17.5)
    assert strokes[2] == [(15.0, 15.0), (16.0, 15.0), (17.0, 16.0)]


def test_an_unknown_plotter_font_is_a_located_error(tmp_path: Path) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text(
        HEAD + "card: {plotter_font: comic}\ninterviewers:\n  - name: Ann Lee\n    topic: x\n", encoding="utf-8"
    )
    proc = run_cli("build", source, "-o", tmp_path / "out", "--plotter")
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {source}:4: card.plotter_font: unknown plotter font 'comic'")


def test_the_fonts_command_lists_the_plotter_hands() -> None:
    import json

    proc = run_cli("fonts", "--format", "json")
    styles = {font["name"]: font["style"] for font in json.loads(proc.stdout)}
    assert styles["hershey-sans"] == "plotter, print"
    assert sum(style in ("plotter, joined", "plotter, casual") for style in styles.values()) >= 2


def test_stroke_hands_cross_processes_by_name() -> None:
    import pickle

    hand = stroke_hand("ems-allure")
    assert pickle.loads(pickle.dumps(hand)) is hand  # noqa: S301 - our own bytes
    assert pickle.loads(pickle.dumps(hand.primary)) is hand.primary  # noqa: S301 - our own bytes
