"""`notecards check` hears what a careful reader would, in anyone's note: fragments, echoes, closings, greetings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from notecards import Interview, compose_notes, parse_interview
from notecards.addresses import recipient_lines
from notecards.batch import build_batch
from notecards.checks.practice import Finding, run_checks

EVENING = datetime(2026, 11, 24, 18, 0)


def interview(person: str, tone: str = "formal", card: str = "") -> Interview:
    """One interviewer given as YAML lines (indented under `- `), on Tuesday 24 November 2026."""
    return parse_interview(
        "candidate: {name: Jordan Rivera, email: jordan@example.com}\n"
        'position: {title: Data Analyst, company: Acme, address: "1 Main St\\nSpringfield"}\n'
        f"interview: {{date: 2026-11-24}}\ntone: {tone}\n{card}interviewers:\n  - {person}\n",
        "one.yaml",
    )


def message(body: str, tone: str = "formal", name: str = "Jonas Becker", greeting: str = "Dear Jonas,") -> Interview:
    lines = "".join(f"      {line}\n" for line in f"{greeting}\n\n{body}\n\nThanks again,\nJordan".splitlines())
    return interview(f"name: {name}\n    topic: the dashboard project\n    message: |\n{lines}", tone)


def findings(iv: Interview, code: str) -> list[Finding]:
    return [f for f in run_checks(iv, compose_notes(iv), EVENING).findings if f.code == code]


def test_a_topic_pasted_into_a_sentence_is_an_error_showing_where() -> None:
    pasted = message("Thank you for our talk about The dashboard project. has stayed with me. it was great.")
    [found] = findings(pasted, "fragment")
    assert found.severity == "error" and "about The" in found.message and "project. has" in found.message
    assert "capital" in found.fix and "full stop" in found.fix


def test_a_content_word_said_again_in_the_next_sentence_is_an_echo() -> None:
    echoed = message("I enjoyed hearing about the dashboard project. I valued hearing your plans for it.")
    [found] = findings(echoed, "echo")
    assert found.severity == "warning" and "“hearing”" in found.message and "another word" in found.fix


def test_a_last_line_that_says_the_closing_is_reported() -> None:
    said_twice = message("Our talk about the dashboard project stayed with me. Thanks again for your time.")
    [found] = findings(said_twice, "closing-repeated")
    assert "Thanks again," in found.message and found.severity == "warning"
    assert not findings(
        message("Our talk about the dashboard project stayed with me. I hope we speak soon."), "closing-repeated"
    )


def test_a_formal_note_greeting_the_whole_name_is_reported_with_the_honorific_way() -> None:
    merged = message("Our talk about the dashboard project stayed with me.", greeting="Dear Jonas Becker,")
    [found] = findings(merged, "greeting")
    assert "Dear Jonas Becker," in found.message and "honorific" in found.fix and "Dear Jonas," in found.fix


def test_a_topic_no_sentence_can_take_is_a_located_error_with_a_rewrite() -> None:
    [found] = findings(interview("name: Ada Okafor\n    topic: I showed my portfolio"), "phrasing")
    assert found.severity == "error" and found.message.startswith("<interview>: interviewers[0].topic: ")
    assert "`topic: my portfolio`" in found.fix and "(the note says “" in found.message
    assert "I showed my portfolio" in found.message.split("the note says")[1]


def test_two_notes_sharing_a_long_sentence_are_reported_even_when_written_by_hand() -> None:
    same = "Your team's approach to the dashboard project is exactly the kind of work I want to do next."
    people = "".join(
        f"  - name: {name}\n    topic: the dashboard project\n    message: |\n      Dear {name},\n\n"
        f"      {opening} {same}\n\n      Best,\n      Jordan\n"
        for name, opening in (("Ann Lee", "Thank you for Tuesday."), ("Ben Ortiz", "Good to meet you."))
    )
    iv = parse_interview(
        "candidate: {name: Jordan Rivera}\nposition: {title: Analyst, company: Acme}\n"
        f"interview: {{date: 2026-11-24}}\ninterviewers:\n{people}",
        "two.yaml",
    )
    shared = findings(iv, "shared-sentence") + findings(iv, "duplicate-notes")
    assert [f.recipient for f in shared] == ["Ben Ortiz"]


def test_formal_greeting_uses_the_honorific_and_surname_else_the_first_name_with_a_suggestion() -> None:
    with_title = interview("name: Ada Okafor\n    honorific: Dr.\n    topic: the dashboard project")
    assert compose_notes(with_title)[0].blocks[0].text == "Dear Dr. Okafor,"
    plain = interview("name: Jonas Becker\n    topic: the dashboard project")
    assert compose_notes(plain)[0].blocks[0].text == "Dear Jonas,"
    [hint] = findings(plain, "greeting")
    assert hint.severity == "info" and "honorific" in hint.fix and "Jonas Becker" in hint.message


def test_the_envelope_carries_the_honorific_with_the_whole_name() -> None:
    iv = interview("name: Ada Okafor\n    honorific: Dr.\n    topic: the dashboard project")
    lines, source = recipient_lines(iv, iv.interviewers[0])
    assert lines == ["Dr. Ada Okafor", "Acme", "1 Main St", "Springfield"] and source == "company"


def test_each_note_of_a_panel_names_one_qualification_and_the_panel_hears_them_all() -> None:
    quals = [
        "streaming pipelines that move 2 TB a day",
        "cutting warehouse costs by a third",
        "mentoring three junior engineers",
    ]
    people = "".join(
        f"  - name: Person{i} Surname{i}\n    topic: {topic}\n"
        for i, topic in enumerate(["the Kafka upgrade", "incident reviews", "store forecasts", "the hiring plan"])
    )
    iv = parse_interview(
        "candidate: {name: Jordan Rivera}\nposition: {title: Analyst, company: Acme}\n"
        "interview: {date: 2026-11-24}\nqualifications:\n"
        + "".join(f"  - {q}\n" for q in quals)
        + f"tone: warm\ninterviewers:\n{people}",
        "panel.yaml",
    )
    named = [[q for q in quals if q in note.text] for note in compose_notes(iv)]
    assert all(len(n) <= 1 for n in named) and {q for n in named for q in n} == set(quals)


def test_small_stationery_gets_the_short_note_unless_a_template_is_chosen(tmp_path: Path) -> None:
    person = (
        "name: Ada Okafor\n    honorific: Dr.\n"
        "    topic: how the forecasting team decides which store managers see the weekly numbers first\n"
        "    detail: the story about the holiday season when the dashboards went dark for six hours"
    )
    quals = "qualifications:\n  - streaming pipelines that move two terabytes of data every day across four regions\n"
    small = interview(person, card=quals + "card: {stationery: index-3x5}\n")
    [card] = build_batch(small).cards
    assert card.note.template == "thank-you-short" and 25 <= card.note.words <= 50
    assert card.layout.size_pt >= card.sizes.preferred_pt
    chosen = interview(person + "\n    template: thank-you", card=quals + "card: {stationery: index-3x5}\n")
    assert build_batch(chosen).cards[0].note.template == "thank-you"
    roomy = interview(person, card=quals + "card: {stationery: a2-folded}\n")
    assert build_batch(roomy).cards[0].note.template == "thank-you"
