"""Topics and details as people type them → the sentence parts notes are made of (notecards/phrasing.py)."""

from __future__ import annotations

import pytest

from notecards.phrasing import phrase


@pytest.mark.parametrize(
    ("written", "kind", "text"),
    [
        ("The new dashboard project.", "noun", "the new dashboard project"),
        ("we talked about my SQL test", "noun", "my SQL test"),
        ("We discussed the Q3 roadmap.", "noun", "the Q3 roadmap"),
        ("Kubernetes migration", "noun", "Kubernetes migration"),
        ("SQL performance tuning", "noun", "SQL performance tuning"),
        ("GraphQL versus REST", "noun", "GraphQL versus REST"),
        ("Python packaging", "noun", "Python packaging"),
        ("'the reporting backlog'", "noun", "the reporting backlog"),
        ("customer interviews!", "noun", "customer interviews"),
        ("moving batch jobs to streaming", "gerund", "moving batch jobs to streaming"),
        ("how forecasts reach the store managers", "wh", "how forecasts reach the store managers"),
        ("How do you handle on-call?", "wh", "how you handle on-call"),
        ("Why did you choose Dagster?", "wh", "why you chose Dagster"),
        ("How does the team plan sprints?", "wh", "how the team plans sprints"),
        ("Is remote work possible?", "wh", "whether remote work is possible"),
        ("What is the biggest challenge for the team?", "wh", "what the biggest challenge is for the team"),
        ("You said the team is hiring two more people", "clause", "the team is hiring two more people"),
        ("you said that uv made builds faster", "clause", "uv made builds faster"),
        ("You said blameless reviews changed the culture.", "clause", "blameless reviews changed the culture"),
        ("you mentioned the team runs Postgres 16", "clause", "the team runs Postgres 16"),
        ("you mentioned the offsite", "noun", "the offsite"),
    ],
)
def test_a_topic_typed_any_usual_way_becomes_a_sentence_part_of_its_kind(written: str, kind: str, text: str) -> None:
    part = phrase(written)
    assert (part.kind, part.text) == (kind, text)


def test_a_capital_stays_on_a_name_the_interview_lists() -> None:
    assert phrase("Tableau dashboards").text == "Tableau dashboards"
    assert phrase("Priya's point about contracts", frozenset({"priya"})).text == "Priya's point about contracts"
    assert phrase("Stripe integration").text == "stripe integration"  # a common word, unless listed
    assert phrase("Stripe integration", frozenset({"stripe"})).text == "Stripe integration"


@pytest.mark.parametrize(
    ("written", "reason", "suggestion"),
    [
        ("I showed my portfolio", "not a thing discussed", "my portfolio"),
        ("The roadmap. Also the budget.", "more than one sentence", "the roadmap"),
        ("Why does Priya like Rust?", "a question", "the thing the question was about"),
        ("?", "is empty", "a few words"),
        (" ".join(["word"] * 30), "30 words long", "word word"),
    ],
)
def test_what_cannot_read_well_says_why_and_how_to_rewrite_it(written: str, reason: str, suggestion: str) -> None:
    part = phrase(written)
    assert part.kind == "unclear" and reason in part.reason and part.suggestion.startswith(suggestion)
