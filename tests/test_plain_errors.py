"""The usual mistakes in an interview file are told in plain words, with the way to write it instead."""

from __future__ import annotations

import pytest

from notecards import InterviewError, TemplateError, compose_notes, parse_interview

BASE = {
    "candidate": "candidate: {name: Alex Kim}",
    "position": "position: {title: Analyst, company: Acme}",
    "interview": "interview: {date: 2026-11-24}",
    "interviewers": "interviewers:\n  - name: Ada Okafor\n    topic: the roadmap",
}


def problems(**lines: str) -> list[str]:
    text = "\n".join({**BASE, **lines}.values()) + "\n"
    with pytest.raises(InterviewError) as caught:
        parse_interview(text, "x.yaml")
    return caught.value.lines()


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            {"interview": "interview: {date: 11/30/2026}"},
            "x.yaml:3: interview.date: write dates as YYYY-MM-DD, for example 2026-11-30",
        ),
        (
            {"interview": "interview: {date: 30.11.2026}"},
            "x.yaml:3: interview.date: write dates as YYYY-MM-DD, for example 2026-11-30",
        ),
        (
            {"candidate": "candidate: {name: Alex Kim, phone: 5550100}"},
            'x.yaml:1: candidate.phone: put it in quotes, so it stays as written: phone: "5550100"',
        ),
        (
            {"candidate": "candidate: Alex Kim"},
            "x.yaml:1: candidate: expected fields under candidate:, not str 'Alex Kim'; for example candidate: {name: ",
        ),
        (
            {"interviewers": "interviewers: []"},
            "x.yaml:4: interviewers: list at least one interviewer, for example interviewers: [{name: Ada Okafor",
        ),
        (
            {"interviewers": "interviewers: [Ada Okafor]"},
            "x.yaml:4: interviewers[0]: each interviewer is a block of fields, for example - {name: Ada Okafor",
        ),
        ({"card": "card: {font: cavet}"}, "x.yaml:7: card.font: unknown font 'cavet'"),
    ],
)
def test_a_common_mistake_is_one_line_saying_how_to_write_it(lines: dict[str, str], expected: str) -> None:
    [line] = problems(**lines)
    assert line.startswith(expected), line


@pytest.mark.parametrize(
    ("key", "typo", "meant"),
    [
        ("font", "cavet", "caveat"),
        ("stationery", "a2-foldd", "a2-folded"),
        ("template", "thank-yu", "thank-you"),
        ("design", "bordr", "border"),
    ],
)
def test_a_misspelt_name_gets_did_you_mean(key: str, typo: str, meant: str) -> None:
    [line] = problems(card=f"card: {{{key}: {typo}}}")
    assert line.endswith(f"did you mean {meant!r}?"), line


def test_names_are_matched_without_regard_to_case() -> None:
    card_line = "card: {font: Caveat, stationery: A2-Folded, design: Border, template: Thank-You}"
    text = "\n".join(BASE.values()) + f"\n{card_line}\n"
    card = parse_interview(text, "x.yaml").card
    assert (card.font, card.stationery, card.design, card.template) == ("caveat", "a2-folded", "border", "thank-you")


@pytest.mark.parametrize(
    ("message", "hint"),
    [
        ("Thanks for {{ company }}.", "variable 'company' does not exist; did you mean position.company?"),
        (
            "Hi {{ interviewer.firstname }}.",
            "interviewer.firstname (not set in the interview file, or misspelt); did you mean first_name?",
        ),
        ("On {{ weekday }}.", "did you mean interview.weekday?"),
    ],
)
def test_a_template_name_in_the_wrong_place_says_where_it_lives(message: str, hint: str) -> None:
    text = "\n".join(BASE.values()) + f'\n    message: "{message}"\n'
    with pytest.raises(TemplateError) as caught:
        compose_notes(parse_interview(text, "x.yaml"))
    assert hint in str(caught.value)
