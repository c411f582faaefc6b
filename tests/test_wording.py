"""Wording analysed line by line (and remembered) finds exactly what analysing the whole text at once finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from notecards.checks.wording import (
    _EMOJI,
    _TONE_WORD,
    EMOJI_ALLOWED,
    EXCLAMATION_RUN,
    EXCLAMATIONS_PER_NOTE,
    OFF_TONE_WORDS,
    all_placeholders,
    content_stems,
    generic_sentences,
    off_tone,
    placeholders_in,
    sentences,
    stock_phrase,
    topic_mention,
)

SEPARATORS = st.sampled_from([" ", "\n", "\n\n", ". ", "! ", ", "])


def texts(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(st.sampled_from(pieces), SEPARATORS), max_size=12).map(
        lambda parts: "".join(piece + separator for piece, separator in parts)
    )


def whole_text_placeholders(text: str) -> list[str]:
    return all_placeholders(text)


@given(
    texts(
        [
            "<name>",
            "<",
            "name>",
            "{ x }",
            "{",
            "x}",
            "{{ y }}",
            "{{",
            "}}",
            "[Company Name]",
            "[",
            "Name]",
            "XXX",
            "TBD",
            "lorem ipsum",
            "Lorem Ipsum",
            "lorem",
            "___",
            "???",
            "{% if %}",
            "a",
            "x",
        ]
    )
)
def test_placeholders_found_line_by_line_equal_a_whole_text_scan(text: str) -> None:
    assert placeholders_in(text) == whole_text_placeholders(text)


def whole_text_off_tone(text: str, tone: str) -> list[str]:
    banned = OFF_TONE_WORDS[tone]
    found = [
        m.group(0)
        for m in _TONE_WORD.finditer(text)
        if m.group(0).lower().replace("’", "'") in banned
        and (len(m.group(0)) > 1 or (m.group(0).islower() and text[m.end() : m.end() + 1] != "."))
    ]
    if not EMOJI_ALLOWED[tone]:
        found += [e for e in _EMOJI.findall(text) if e != "\ufe0f"]
    found += re.findall(f"!{{{EXCLAMATION_RUN[tone]},}}", text)
    if text.count("!") > EXCLAMATIONS_PER_NOTE[tone]:
        found.append(f"{text.count('!')} exclamation marks")
    return list(dict.fromkeys(found))


@given(
    texts(
        [
            "u",
            "U",
            "k",
            "n.",
            "gonna",
            "Hi",
            "awesome",
            "y’all",
            "Thx",
            "ok",
            "!",
            "!!!",
            "🙂",
            "\ufe0f",
            "we",
            "met",
            "U.S.",
        ]
    ),
    st.sampled_from(["formal", "warm", "casual"]),
)
def test_off_tone_line_by_line_equals_a_whole_text_scan(text: str, tone: str) -> None:
    assert off_tone(text, tone) == whole_text_off_tone(text, tone)


def whole_text_normal(text: str) -> str:
    return " ".join(re.findall(r"[\w']+", text.lower().replace("’", "'")))


@given(
    texts(["billing", "Migration", "rollback", "plan", "the", "its", "migration's", "and"]),
    st.sampled_from(["the billing migration", "billing rollback plan", "its rollback", "the and"]),
)
def test_topic_mention_line_by_line_equals_a_whole_text_reading(text: str, topic: str) -> None:
    wanted = content_stems(topic)
    found = len(wanted & content_stems(text))  # content_stems of a whole text: its words, across lines
    verbatim = f" {whole_text_normal(topic)} " in f" {whole_text_normal(text)} "
    mention = topic_mention(text, topic)
    assert (mention.mentioned, mention.content_words_found) == (
        verbatim or (bool(wanted) and found * 2 > len(wanted)),
        found,
    )


@given(
    st.lists(
        texts(
            [
                "Thank you for your time",
                "It was a pleasure to meet you",
                "billing",
                "2 TB",
                "we met",
                "this opportunity",
                "a great fit",
            ]
        ),
        max_size=3,
    ),
    st.sampled_from([frozenset(), frozenset({"bill"}), frozenset({"met", "great"})]),
)
def test_generic_sentences_equal_checking_every_sentence(paragraphs: list[str], specific: frozenset[str]) -> None:
    lonely: list[str] = []
    total = 0
    for paragraph in paragraphs:
        parts = sentences(paragraph)
        total += len(parts)
        concrete = [bool(content_stems(s) & specific) or bool(re.search(r"\d", s)) for s in parts]
        lonely += [s for i, s in enumerate(parts) if stock_phrase(s) and not any(concrete[max(0, i - 1) : i + 2])]
    assert generic_sentences(paragraphs, specific) == (lonely, total)
