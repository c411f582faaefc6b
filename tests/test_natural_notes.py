"""Built-in notes read as written by hand: every template × tone × panel position 1–12 × topics as people type them."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

import pytest
from conftest import FULL_SWEEPS

from notecards import Interview, compose_notes, parse_interview
from notecards.checks.practice import run_checks
from notecards.compose import Note
from notecards.phrasing import phrase
from notecards.prose import SHARED_SENTENCE_WORDS, body_sentences, normal_sentence

EVENING = datetime(2026, 11, 24, 18, 0)  # the interviews below are that day, in Chicago
# (topic, detail) as people really write them in a hurry after an interview: capitals and full stops,
# "we discussed …", questions, acronyms, names, reported speech, long and short, with and without a detail.
CORPUS: list[tuple[str, str | None]] = [
    ("The new dashboard project.", None),
    ("we talked about my SQL test", "You said the team is hiring two more people"),
    ("how forecasts reach the store managers", "your point about data contracts"),
    ("Kubernetes migration", "the plan to retire the old VMs by March"),
    ("moving batch jobs to streaming", None),
    ("How do you handle on-call?", "the rotation is one week in six"),
    ("We discussed the Q3 roadmap.", "you mentioned that the roadmap is still open"),
    ("the team's hiring plans", None),
    ("Priya's point about data contracts", None),
    ("Why did you choose Dagster?", "the migration plan you sketched on the whiteboard"),
    ("what the first 90 days look like", "onboarding buddies"),
    ("Is remote work possible?", None),
    ("GraphQL versus REST", "your team's API style guide"),
    ("on-call", None),
    ("the CI/CD pipeline", "the flaky test dashboard"),
    ("Discussed incident reviews", "You said blameless reviews changed the culture."),
    ("a chat about mentoring juniors", None),
    ("the AWS cost review", "saving 30% on storage"),
    ("user research with commuters", "the diary study results"),
    ("Python packaging", "you said that uv made builds faster"),
    ("What is the biggest challenge for the team?", None),
    ("Your approach to code review", "pairing on hard changes"),
    ("the store ops team and how they use forecasts", None),
    ("you walked me through the release process", None),
    ("Hiring for the platform team", "the interview loop"),
    ("the move from Airflow to Dagster", "the migration plan you drew"),
    ("Accessibility audits", "how screen reader testing fits into each sprint"),
    ("where the analytics team is heading next year", None),
    ("LLM evaluation", "your team's golden test set"),
    ("the Berlin office", "the team is moving to a new floor in spring"),
    ("PostgreSQL upgrades", "you mentioned the team runs Postgres 16"),
    ("pricing experiments", "the holdout group design"),
    ("The on-call rotation and incident reviews", None),
    ("we spoke about the design system", "your point that tokens come first"),
    ("customer interviews!", None),
    ("How the team measures success", "weekly demos"),
    ("data quality checks", "You told me the pipeline alerts go to Slack"),
    ("the mobile app rewrite in Kotlin", None),
    ("my portfolio project on route planning", "your question about scale"),
    ("team rituals", "the Friday demo"),
    ("'the reporting backlog'", None),
    ("the 2027 budget", "the headcount plan"),
    ("Mentoring", "the career ladder"),
    ("Your work with the retail team.", "the forecasting model"),
]
HONORIFICS = ("Dr.", None, "Ms.", None, "Mr.", None, "Prof.", None, "Mx.", None, None, None)
PANEL = 12
TONES = ("formal", "warm", "casual")
# What a mail merge gives away, and the checks that say so.
DEFECT_CODES = {"fragment", "echo", "closing-repeated", "shared-sentence", "duplicate-notes", "phrasing"}
BAD_JOINS = re.compile(
    r"think about on|how how|described how|\bwith\b[^.;]*\bwith\b[^.;]*\bwith\b|"
    r"\b(?:about|of|on|that|by|to|from|on) (?:The|We|You|How|What|Is|Why|I)\b|\.\s+[a-z]|\?\s*[,;.]"
)


def starts(tone: str) -> range:
    """The panels a tone is checked on: every start with NOTECARDS_FULL_SWEEPS, else every third, the tones taking
    turns, so that each corpus entry still meets each of the twelve positions (in one tone), and each tone meets
    every entry and every position. Composing is most of this file's time: the whole sweep is three times longer."""
    offset = 0 if FULL_SWEEPS else TONES.index(tone)
    return range(offset, len(CORPUS), 1 if FULL_SWEEPS else len(TONES))


def panel(tone: str, start: int, template: str) -> Interview:
    """Twelve interviewers whose topics are the corpus from `start` on: over all starts, each entry at each position."""
    people = ""
    for position in range(PANEL):
        topic, detail = CORPUS[(start + position) % len(CORPUS)]
        honorific = HONORIFICS[position]
        # The standard panels also carry emails; the short panels are cards only (their emails would be the same).
        method = "both" if template == "thank-you" else "card"
        people += (
            f"  - name: Person{position} Surname{position}\n    email: p{position}@northwind.example\n"
            f"    method: {method}\n    topic: {_quoted(topic)}\n"
            + (f"    detail: {_quoted(detail)}\n" if detail else "")
            + (f"    honorific: {honorific}\n" if honorific else "")
            + (f"    template: {template}\n" if template != "thank-you" else "")
        )
    return parse_interview(
        "candidate: {name: Jordan Rivera, email: jordan.rivera@example.com}\n"
        "position: {title: Senior Data Engineer, company: Northwind Analytics}\n"
        "interview: {date: 2026-11-24, end: '16:00', timezone: America/Chicago}\n"
        "qualifications:\n  - streaming pipelines that move 2 TB a day\n  - cutting warehouse costs by a third\n"
        f"  - mentoring three junior engineers\ntone: {tone}\ninterviewers:\n{people}",
        "panel.yaml",
    )


@cache
def composed(tone: str, start: int, template: str) -> tuple[Interview, tuple[Note, ...]]:
    """`panel(tone, start, template)` and its notes, composed once per worker (the tests share the first panels)."""
    interview = panel(tone, start, template)
    return interview, tuple(compose_notes(interview))


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _body(note: Note) -> str:
    return " ".join(b.text for b in note.blocks if b.kind == "body")


def test_the_corpus_is_as_large_as_promised_and_every_entry_differs() -> None:
    assert len(CORPUS) >= 40 and len({topic for topic, _ in CORPUS}) == len(CORPUS)


def test_the_tones_together_take_every_start_once() -> None:
    """So every corpus entry meets every position in some tone, sampled sweep or whole."""
    taken = sorted(start for tone in TONES for start in starts(tone))
    assert taken == sorted(list(range(len(CORPUS))) * (len(TONES) if FULL_SWEEPS else 1))


@pytest.mark.parametrize("template", ["thank-you", "thank-you-short"])
@pytest.mark.parametrize("tone", TONES)
def test_every_builtin_note_reads_well_for_every_topic_at_every_panel_position(tone: str, template: str) -> None:
    """Each corpus entry meets each of the twelve positions (cards in `template`, and emails with the standard cards;
    see `starts`); check finds nothing wrong, and no note has a bad join, a capital or full stop mid-sentence, or a
    long sentence another note of its panel has."""
    for start in starts(tone):
        interview, notes = composed(tone, start, template)
        found = [
            f
            for f in run_checks(interview, notes, EVENING).findings
            if f.severity == "error" or f.code in DEFECT_CODES or (f.code == "greeting" and f.severity != "info")
        ]
        assert not found, (start, found[:3])
        long_seen: dict[str, str] = {}
        for note in notes:
            body = _body(note)
            assert not BAD_JOINS.search(body), (note.recipient, body)
            assert body[:1].isupper() and body.rstrip()[-1:] in ".!", body
            for sentence in body_sentences([body]):
                normal = normal_sentence(sentence)
                if len(normal.split()) > SHARED_SENTENCE_WORDS:
                    assert long_seen.setdefault(normal, note.recipient) == note.recipient, sentence


def test_a_short_card_holds_25_to_50_words_and_a_standard_one_says_more() -> None:
    for tone in TONES:
        short = [n for n in composed(tone, 0, "thank-you-short")[1] if n.medium == "card"]
        standard = [n for n in composed(tone, 0, "thank-you")[1] if n.medium == "card"]
        assert all(25 <= n.words <= 50 for n in short), [(n.recipient, n.words) for n in short]
        assert all(a.words > b.words for a, b in zip(standard, short, strict=True))


def test_the_card_and_the_email_to_one_person_lead_into_the_topic_differently() -> None:
    for tone in TONES:
        interview, notes = composed(tone, 0, "thank-you")
        lead_ins: dict[int, set[str]] = {}
        for note in notes:
            topic = str(phrase(interview.interviewers[note.index].topic or ""))
            before = _body(note).split(topic)[0].split()[-3:]
            assert before, (note.recipient, _body(note))
            lead = " ".join(before)
            assert lead not in lead_ins.setdefault(note.index, set()), (note.recipient, lead)
            lead_ins[note.index].add(lead)
