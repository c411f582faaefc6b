"""The fitting core: largest size that fits, balanced lines, ink inside the box — geometry only, no PDF."""

from __future__ import annotations

import math

import pytest
from conftest import FULL_SWEEPS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notecards.cards import size_range
from notecards.catalogue.fonts import Hand, Ink, font_names, load_hand
from notecards.catalogue.stationery import load_stationery
from notecards.fit import Fitter, Measure, Paragraph, SizeRange, balanced, balanced_breaks, words_that_fit
from notecards.geometry import MM, Rect
from notecards.interview import CardSettings

HANDWRITING = font_names("handwriting")
WORDS = [
    "I",
    "a",
    "we",
    "the",
    "and",
    "your",
    "team",
    "Thank",
    "about",
    "really",
    "enjoyed",
    "streaming",
    "conversation",
    "Northwind",
    "ANALYTICS",
    "forecasting,",
    "O’Brien",
    "Wróbel",
    "Nguyễn",
    "jiggly",
    "Quizzical",
    "fffff",
    "—",
    "“quoted”",
    "JJJJ",
    "Antidisestablishmentarianism",
    "2 TB".replace(" ", ""),
]


def ink_box(fitter: Fitter, lines: tuple, size_pt: float) -> tuple[float, float, float, float]:
    """Independent check: walk every character of every drawn line and union its outline box (page points)."""
    hand = fitter.hand
    x0 = y0 = math.inf
    x1 = y1 = -math.inf
    for line in lines:
        pen = line.x_pt
        for char in line.text:
            face, scale = hand.face_for(char)  # type: ignore[misc]
            box = face.bounds(char)
            if box is not None:
                gx0, gy0, gx1, gy1 = (v * scale * size_pt for v in box)
                x0, x1 = min(x0, pen + gx0), max(x1, pen + gx1)
                y0, y1 = min(y0, line.baseline_pt + gy0), max(y1, line.baseline_pt + gy1)
            pen += face.advance(char) * scale * size_pt
    return x0, y0, x1, y1


def note(*paragraphs: tuple[str, str]) -> list[Paragraph]:
    return [Paragraph(kind, tuple(text.split())) for kind, text in paragraphs]


def card_paragraphs(body_words: list[str]) -> list[Paragraph]:
    return [
        Paragraph("salutation", ("Dear", "Dr.", "Natarajan,")),
        Paragraph("body", tuple(body_words)),
        Paragraph("closing", ("Sincerely,",)),
        Paragraph("signature", ("Jordan",)),
    ]


texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=120)
boxes = st.builds(lambda w, h: Rect(20, 20, 20 + w, 20 + h), st.floats(90, 420), st.floats(50, 520))
size_ranges = st.builds(lambda lo, span: SizeRange(lo, lo, lo + span), st.floats(6, 14), st.floats(0.5, 20))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=texts, font=st.sampled_from(HANDWRITING), box=boxes, sizes=size_ranges)
def test_largest_size_matches_brute_force_scan_and_ink_stays_in_box(body, font, box, sizes):
    """Binary search finds exactly the largest fitting grid size; one step larger does not fit; no ink leaves."""
    fitter = Fitter(card_paragraphs(body), load_hand(font))
    fitting = [s for s in sizes.grid if fitter.fits(s, box)]
    found = fitter.largest_size(sizes, box)
    assert found == (max(fitting) if fitting else None)
    if found is None:
        return
    assert not fitter.fits(round(found + 0.1, 1), box) or found + 0.1 > sizes.max_pt + 1e-9
    layout = fitter.layout(found, box)
    x0, y0, x1, y1 = ink_box(fitter, layout.lines, found)
    assert box.x0 - 1e-6 <= x0 and x1 <= box.x1 + 1e-6, "ink leaves the box sideways"
    assert box.y0 - 1e-6 <= y0 and y1 <= box.y1 + 1e-6, "ink leaves the box at the top or bottom"
    assert layout.height_pt == pytest.approx(y1 - y0, abs=found * 0.8) and layout.fill <= 1.0


def raggedness(measure, ranges, width_em) -> float:
    """The breaker's objective: squared slack of every line but the last, plus the lone-short-word penalty."""
    from notecards.fit import _last_line_cost

    total = _last_line_cost(measure, *ranges[-1], width_em)
    for start, end in ranges[:-1]:
        slack = (width_em - measure.width(start, end)) / width_em
        total += slack * slack
    return total


def all_breakings(n: int):
    """Every way to cut n words into lines, as lists of (start, end)."""
    if n == 0:
        yield []
        return
    for first in range(1, n + 1):
        for rest in all_breakings(n - first):
            yield [(0, first)] + [(s + first, e + first) for s, e in rest]


@settings(max_examples=120, deadline=None)
@given(
    body=st.lists(st.sampled_from(WORDS[:-2]), min_size=2, max_size=80),
    width_em=st.floats(8, 30),
    font=st.sampled_from(HANDWRITING),
)
def test_balanced_breaks_use_greedy_line_count_and_are_no_more_ragged(body, width_em, font):
    """Balanced lines never use more lines than first-fit, and score at least as well on raggedness (last line free)."""
    hand = load_hand(font)
    inks = tuple(hand.measure(w) for w in body)
    measure = Measure(inks, hand.space())
    greedy = measure.greedy(width_em)
    if greedy is None:
        return
    balanced = balanced_breaks(inks, hand.space(), width_em)
    assert len(balanced) == len(greedy)
    assert [i for r in balanced for i in range(*r)] == list(range(len(body)))  # every word once, in order
    assert all(measure.width(s, e) <= width_em for s, e in balanced)
    greedy_ranges = list(zip([0, *greedy[:-1]], greedy, strict=True))
    assert raggedness(measure, balanced, width_em) <= raggedness(measure, greedy_ranges, width_em) + 1e-9


@settings(max_examples=60, deadline=None)
@given(
    body=st.lists(st.sampled_from(WORDS[:-2]), min_size=1, max_size=11),
    width_em=st.floats(4, 20),
    font=st.sampled_from(HANDWRITING),
)
def test_balanced_breaks_are_the_optimum_over_every_breaking(body, width_em, font):
    """Exhaustive check on short paragraphs: no breaking with as few lines scores better."""
    hand = load_hand(font)
    measure = Measure(tuple(hand.measure(w) for w in body), hand.space())
    greedy = measure.greedy(width_em)
    if greedy is None:
        return
    feasible = [
        b
        for b in all_breakings(len(body))
        if len(b) == len(greedy) and all(measure.width(s, e) <= width_em for s, e in b)
    ]
    best = min(raggedness(measure, b, width_em) for b in feasible)
    found = balanced_breaks(measure_inks := tuple(hand.measure(w) for w in body), hand.space(), width_em)
    assert len(found) == len(greedy) and measure_inks
    assert raggedness(measure, found, width_em) == pytest.approx(best, abs=1e-12)


def test_balanced_breaks_avoid_a_lone_short_word_on_the_last_line():
    """First-fit strands 'us.' on a line of its own; the balanced breaker moves a word down to keep it company."""
    hand = load_hand("caveat")
    words = "Thank you again for the generous time you gave us.".split()
    inks = tuple(hand.measure(w) for w in words)
    space = hand.space()
    measure = Measure(inks, space)
    # a measure at which first-fit puts everything but the last word on the first line
    width_em = next(w / 10 for w in range(50, 400) if measure.greedy(w / 10) == [len(words) - 1, len(words)])
    balanced = balanced_breaks(inks, space, width_em)
    assert len(balanced) == 2
    assert balanced[-1][1] - balanced[-1][0] >= 2


def test_paragraph_structure_is_kept_salutation_closing_signature_on_own_lines():
    """Salutation, closing and signature each start their own line; the signature sits right under the closing."""
    fitter = Fitter(
        note(
            ("salutation", "Dear Priya,"),
            ("body", "Thank you for your time today."),
            ("closing", "Sincerely,"),
            ("signature", "Jordan"),
        ),
        load_hand("caveat"),
    )
    layout = fitter.layout(14, Rect(0, 0, 300, 400))
    assert [line.text for line in layout.lines] == [
        "Dear Priya,",
        "Thank you for your time today.",
        "Sincerely,",
        "Jordan",
    ]
    gaps = [a.baseline_pt - b.baseline_pt for a, b in zip(layout.lines, layout.lines[1:], strict=False)]
    assert gaps[0] > gaps[2] and gaps[1] > gaps[2]  # a paragraph gap before body and closing, none before signature


@pytest.mark.parametrize("font", HANDWRITING)
def test_size_range_is_set_by_x_height_not_points(font):
    """The same x-height in millimetres gives each face its own point size (Caveat larger than Kalam)."""
    hand = load_hand(font)
    sizes = size_range(hand, load_stationery("a2-folded"), CardSettings(size="fill"))
    for size, mm in ((sizes.min_pt, 1.5), (sizes.preferred_pt, 2.0), (sizes.max_pt, 3.0)):
        assert size * hand.primary.x_height / MM == pytest.approx(mm, abs=0.01)


def test_x_height_overrides_from_the_card_block_win():
    """`card: x_height_mm` narrows the range in millimetres, converted per font."""
    hand = load_hand("kalam")
    settings_ = CardSettings.model_validate({"x_height_mm": {"min": 2.0, "max": 2.5}, "size": "fill"})
    sizes = size_range(hand, load_stationery("a6-flat"), settings_)
    assert sizes.min_pt * hand.primary.x_height / MM == pytest.approx(2.0, abs=0.01)
    assert sizes.max_pt * hand.primary.x_height / MM == pytest.approx(2.5, abs=0.01)


def test_too_long_note_has_no_size_and_overflow_counts_make_sense():
    """A note far too long gets no size; the overflow says how many lines and words are over."""
    hand = load_hand("caveat")
    box = load_stationery("index-3x5").message_box
    sizes = size_range(hand, load_stationery("index-3x5"), CardSettings())
    fitter = Fitter(card_paragraphs(["wonderful"] * 400), hand)
    assert fitter.largest_size(sizes, box) is None
    over = fitter.overflow(sizes.min_pt, box)
    assert over.lines_needed > over.lines_available > 0
    assert 0 < over.words_that_fit < over.words == 405  # 3 + 400 + closing + signature


def test_words_that_fit_is_the_exact_boundary():
    """Capacity: n words fit, n + 1 do not, at the same size."""
    hand: Hand = load_hand("patrick-hand")
    box = load_stationery("postcard-4x6").message_box
    n = words_that_fit(lambda k: card_paragraphs(["thoughtful"] * k), hand, box, 12.0, 1000)
    assert Fitter(card_paragraphs(["thoughtful"] * n), hand).fits(12.0, box)
    assert not Fitter(card_paragraphs(["thoughtful"] * (n + 1)), hand).fits(12.0, box)


def test_a_word_wider_than_the_box_never_fits():
    """No hyphenation: a single word wider than the message area cannot be set at any size in range."""
    fitter = Fitter(note(("body", "Pneumonoultramicroscopicsilicovolcanoconiosis")), load_hand("homemade-apple"))
    assert fitter.largest_size(SizeRange(20, 20, 30), Rect(0, 0, 120, 500)) is None


def test_a_size_range_narrower_than_one_step_still_has_a_size() -> None:
    """min = max x-height gives one size (the nearest 0.1 pt), not an empty range that fits nothing."""
    assert SizeRange(10.63, 10.63, 10.63).grid == (10.6,)
    assert SizeRange(10.0, 12.0, 14.0).grid[0] == 10.0 and SizeRange(10.0, 12.0, 14.0).grid[-1] == 14.0


def _scanning(measure: Measure) -> Measure:
    """The same paragraph forced onto the general, word-by-word path."""
    import copy

    general = copy.copy(measure)
    general.in_order = False
    return general


def _ink(advance: float, reach_back: float, overhang: float, top: float) -> Ink:
    return Ink(advance, -reach_back, advance + overhang, top, -0.2)


synthetic_inks = st.lists(
    st.builds(_ink, st.floats(0.05, 3), st.floats(0, 0.3), st.floats(-0.05, 0.3), st.floats(0.3, 1.2)),
    min_size=1,
    max_size=40,
)


# The two properties of synthetic inks were written with 300 examples each: NOTECARDS_FULL_SWEEPS=1 runs those,
# the suite hypothesis' usual 100 (a second each saved; see conftest.py).
SYNTHETIC_EXAMPLES = 300 if FULL_SWEEPS else 100


@settings(max_examples=SYNTHETIC_EXAMPLES, deadline=None)
@given(inks=synthetic_inks, width_em=st.floats(0.5, 12))
def test_the_binary_search_breaks_exactly_as_the_word_by_word_scan(inks, width_em):
    """For paragraphs whose ink only moves rightwards, the fast path gives the very same breaks as the general one."""
    measure = Measure(inks, 0.25)
    if not measure.in_order:
        return
    general = _scanning(measure)
    assert measure.greedy(width_em) == general.greedy(width_em)
    if measure.greedy(width_em) is not None:
        assert measure.greedy_from_end(width_em) == general.greedy_from_end(width_em)
        assert balanced(measure, width_em) == balanced(general, width_em)
    for start in range(measure.count):
        for end in range(start + 1, measure.count + 1):
            assert measure.width(start, end) == general.width(start, end)
            assert measure.left(start, end) == general.left(start, end)


swashy_inks = st.lists(
    st.builds(_ink, st.floats(0.05, 2), st.floats(0, 3), st.floats(-0.05, 3), st.floats(0.3, 1.2)),
    min_size=1,
    max_size=30,
)


@settings(max_examples=SYNTHETIC_EXAMPLES, deadline=None)
@given(inks=swashy_inks, width_em=st.floats(0.5, 12))
def test_first_fit_and_balanced_breaks_hold_for_swashes_reaching_past_their_neighbours(inks, width_em):
    """Whatever the ink does (the general path): first-fit lines fit and could not take one word more; the
    balanced breaker keeps their number and fits every line."""
    measure = Measure(inks, 0.25)
    ends = measure.greedy(width_em)
    if ends is None:
        assert any(measure.width(k, k + 1) > width_em for k in range(measure.count))
        return
    for start, end in zip([0, *ends[:-1]], ends, strict=True):
        assert measure.width(start, end) <= width_em
        assert end == measure.count or measure.width(start, end + 1) > width_em
    lines = balanced(measure, width_em)
    assert len(lines) == len(ends) and all(measure.width(s, e) <= width_em for s, e in lines)
    assert [i for s, e in lines for i in range(s, e)] == list(range(measure.count))
