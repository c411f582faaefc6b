"""Batch fitting: stationery preference lists, one size for a panel, refusals with numbers, capacity, warnings."""

from __future__ import annotations

import pytest

from notecards.batch import build_batch
from notecards.cards import capacity_of, fit_card, paragraphs_of, size_warning
from notecards.compose import compose_notes
from notecards.errors import FitError
from notecards.fit import Fitter
from notecards.load import parse_interview

HEAD = (
    "candidate: {name: Jordan Rivera}\nposition: {title: Data Engineer, company: Northwind}\n"
    "interview: {date: 2026-11-24}\n"
)


def interview(card: str, *messages: str, extra: str = ""):
    people = "".join(
        f"  - name: Person {chr(65 + i)}\n    topic: pipelines\n    message: |\n"
        + "".join(f"      {line}\n" for line in m.splitlines())
        + extra
        for i, m in enumerate(messages)
    )
    return parse_interview(HEAD + f"card: {card}\ninterviewers:\n{people}")


PROSE = "thank you for the time and the kind talk about our plans for the new data work".split()


def words(n: int) -> str:
    return "Dear Pat,\n\n" + " ".join(PROSE[i % len(PROSE)] for i in range(n)) + "\n\nSincerely,\nJordan"


def test_stationery_list_picks_the_first_card_where_the_note_is_comfortable():
    """A short note stays on the first choice; a longer one moves on to the larger card that holds it comfortably."""
    iv = interview("{stationery: [index-3x5, a2-flat], font: caveat}", words(30), words(110))
    short, long = (fit_card(n, iv) for n in compose_notes(iv))
    assert short.stationery.name == "index-3x5" and short.layout.size_pt >= short.sizes.preferred_pt
    assert long.stationery.name == "a2-flat" and long.layout.size_pt >= long.sizes.preferred_pt


def test_stationery_list_falls_back_to_the_first_that_fits_at_all():
    """When no choice is comfortable, the first on which the note fits at all wins (and is warned about)."""
    iv = interview("{stationery: [postcard-4x6, index-3x5], font: caveat}", words(120))
    card = fit_card(compose_notes(iv)[0], iv)
    assert card.stationery.name == "postcard-4x6"
    assert card.layout.size_pt < card.sizes.preferred_pt
    warning = size_warning(card)
    assert warning and "Person A" in warning and "below the comfortable" in warning


def test_uniform_size_sets_each_stationery_and_font_group_at_the_largest_size_all_fit():
    """--uniform-size: every a2-flat/caveat card gets the smallest of their own sizes; other groups keep theirs."""
    iv = interview("{stationery: a2-flat, font: caveat, size: fill}", words(20), words(60), words(100))
    free = build_batch(iv)
    uniform = build_batch(iv, uniform_size=True)
    sizes = [c.layout.size_pt for c in free.cards]
    assert len(set(sizes)) > 1
    assert {c.layout.size_pt for c in uniform.cards} == {min(sizes)}
    for card in uniform.cards:  # the shared size fits every one of them
        assert card.layout.height_pt <= card.layout.box.height + 1e-6
        assert Fitter(paragraphs_of(card.note), card.hand).fits(card.layout.size_pt, card.layout.box)


def test_uniform_size_can_be_set_in_the_card_block():
    """`card: {uniform_size: true}` does what --uniform-size does."""
    iv = interview("{stationery: a2-flat, font: kalam, uniform_size: true}", words(15), words(90))
    assert len({c.layout.size_pt for c in build_batch(iv).cards}) == 1


def test_a_note_that_cannot_fit_is_refused_with_words_over_and_what_would_fit():
    """The error names recipient, stationery and font, says how many words are over and which cards would fit."""
    iv = interview("{stationery: index-3x5, font: homemade-apple}", words(400))
    with pytest.raises(FitError) as caught:
        fit_card(compose_notes(iv)[0], iv)
    err = caught.value
    message = str(err)
    assert "Person A" in message and "index-3x5" in message and "homemade-apple" in message
    assert f"about {err.words_over} words over" in message and err.words_over > 100
    assert err.words_over == err.words - err.words_that_fit
    shorter = interview("{stationery: index-3x5, font: homemade-apple}", words(err.words_that_fit - 10))
    fit_card(compose_notes(shorter)[0], shorter)  # the estimate is honest: that many words do fit
    assert err.alternatives and "would fit" in message
    for name in err.alternatives:  # each suggested card really holds the note
        ok = interview(f"{{stationery: {name}, font: homemade-apple}}", words(400))
        fit_card(compose_notes(ok)[0], ok)


def test_capacity_counts_words_and_characters_at_each_size():
    """More words fit at the smallest size than at the comfortable one, and both are plausible for an A2 card."""
    data = capacity_of("a2-folded", "caveat")
    assert data["minimum"]["words"] > data["preferred"]["words"] > data["maximum"]["words"] > 20
    assert data["preferred"]["characters"] > 4 * data["preferred"]["words"]
    assert data["minimum"]["font_size_pt"] < data["preferred"]["font_size_pt"] < data["maximum"]["font_size_pt"]


def test_report_gives_size_range_x_height_and_fill_for_each_card():
    """Each card's report entry carries its size, the allowed range, x-height in mm and fill between 0 and 1."""
    from notecards.output.production import plan_production
    from notecards.output.report import report

    iv = interview("{stationery: a6-flat, font: patrick-hand}", words(40))
    batch = build_batch(iv)
    entry = report(batch, plan_production(batch))["notes"][0]
    assert entry["min_font_size_pt"] <= entry["font_size_pt"] <= entry["max_font_size_pt"]
    assert 1.5 - 0.01 <= entry["x_height_mm"] <= 3.0 + 0.01
    assert 0 < entry["fill"] <= 1 and entry["lines"] >= 3 and entry["box_pt"][0] > 0


def test_errors_tied_to_an_interviewer_name_the_file_line_and_field(tmp_path) -> None:
    """A note that cannot fit, or a character no font has, points at the interviewer's entry in the file."""
    from notecards.errors import FontError
    from notecards.load import load_interview

    path = tmp_path / "panel.yaml"
    path.write_text(
        HEAD + "card: {stationery: index-3x5}\ninterviewers:\n  - name: Ana Lima\n    topic: data\n"
        "  - name: Bo Chen\n    topic: the launch 🚀 plan\n"
    )
    with pytest.raises(FontError) as caught:
        build_batch(load_interview(path))
    (line,) = caught.value.lines()
    assert line.startswith(f"{path}:9: interviewers[1].topic: ") and "U+1F680" in line
    path.write_text(
        HEAD + "card: {stationery: index-3x5}\ninterviewers:\n  - name: Ana Lima\n    topic: data\n"
        "    message: |\n      Dear Ana,\n\n      " + " ".join(["words"] * 400) + "\n"
    )
    with pytest.raises(FitError) as fit:
        build_batch(load_interview(path))
    assert fit.value.lines()[0].startswith(f"{path}:6: interviewers[0]: note for Ana Lima does not fit")


def test_uniform_size_keeps_same_named_stationery_files_apart(tmp_path) -> None:
    """Two user stationery files both named `custom` are different cards: each keeps the size it gets alone."""
    from notecards.load import load_interview

    for stem, (w, h) in {"small": (90, 60), "big": (150, 150)}.items():
        (tmp_path / f"{stem}.yaml").write_text(f"name: custom\nwidth_mm: {w}\nheight_mm: {h}\n")
    people = "".join(
        f"  - name: P{i}\n    topic: pipelines\n    stationery: {stem}.yaml\n    message: |\n"
        f"      Dear Pat,\n\n      {words(40).splitlines()[2]}\n\n      Best,\n      Jo\n"
        for i, stem in enumerate(["small", "big"])
    )
    path = tmp_path / "i.yaml"
    path.write_text(HEAD + "card: {uniform_size: true}\ninterviewers:\n" + people)
    alone = [c.layout.size_pt for c in build_batch(load_interview(path), uniform_size=False).cards]
    assert alone[0] < alone[1]
    assert [c.layout.size_pt for c in build_batch(load_interview(path)).cards] == alone


def test_every_card_that_fails_is_reported_at_once_with_all_its_missing_characters(tmp_path) -> None:
    """Two unprintable names and a word wider than the card: three lines, characters in the order written."""
    from notecards.errors import BatchError
    from notecards.load import load_interview

    long_word = "https://example.com/" + "a" * 120
    path = tmp_path / "i.yaml"
    path.write_text(
        HEAD + "interviewers:\n  - name: 王小明\n    topic: x\n  - name: محمد\n    topic: y\n"
        f"  - name: Ana Lima\n    topic: z\n    message: |\n      Dear Ana,\n\n      see {long_word}\n"
    )
    with pytest.raises(BatchError) as caught:
        build_batch(load_interview(path))
    first, second, third = caught.value.lines()
    assert "'王' (U+738B), '小' (U+5C0F), '明' (U+660E)" in first and "interviewers[0].name" in first
    assert "'م' (U+0645)" in second.split("draw ")[1].split(",")[0] and "interviewers[1].name" in second
    assert "alone is wider than the message area" in third and "interviewers[2]" in third
