"""Note texts + the interview's own words → misspelt words with suggestions (pyspellchecker, English, loaded lazily)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from .interview import Interview

MAX_SUGGESTIONS = 3
# Searching two edits away costs about a second for a long word; only short words get it.
TWO_EDIT_MAX_LETTERS = 6
# Everyday words of work and of notes that pyspellchecker's English list lacks.
COMMON_EXTRA_WORDS = frozenset({
    "onsite", "offsite", "workflow", "workflows", "email", "emails", "emailed", "online", "website",
    "startup", "startups", "dataset", "datasets", "teammate", "teammates", "whiteboard", "roadmap",
    "roadmaps", "onboarding", "analytics", "fintech", "frontend", "backend", "linkedin",
})

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")  # email addresses and links are not words


@dataclass(frozen=True)
class Misspelling:
    """A word the dictionary does not know, and the closest known words (most common first)."""

    word: str
    suggestions: tuple[str, ...]


@cache
def _checker() -> Any:
    from spellchecker import SpellChecker  # heavy: a 160 000-word list, loaded on first use only

    return SpellChecker(language="en")


def words_of(text: str) -> list[str]:
    """The words of a text as written: letters with inner apostrophes; hyphenated words come apart."""
    return _TOKEN.findall(_ADDRESS.sub(" ", text).replace("’", "'"))


def known_words(interview: Interview) -> frozenset[str]:
    """Lower-case words the file vouches for: names, company, title, topics, qualifications, `dictionary:`."""
    texts: list[str] = [interview.candidate.name, interview.position.title, interview.position.company,
                        interview.position.industry or "", interview.interview.format or "",
                        *interview.qualifications, *interview.dictionary]
    for person in interview.interviewers:
        texts += [person.name, person.title or "", person.salutation or "", person.topic or "",
                  person.detail or "", person.followup_reason or ""]
    signature = interview.card.signature or ""
    words = {_base(w) for text in (*texts, signature) for w in words_of(text)}
    return frozenset(words | COMMON_EXTRA_WORDS)


def _base(word: str) -> str:
    word = word.lower()
    return word[:-2] if word.endswith("'s") else word


def _worth_checking(word: str) -> bool:
    """Skip what a dictionary cannot judge: acronyms (TB, UX), single letters, non-English letters."""
    return len(word) > 1 and not word.isupper() and word.isascii()


def misspellings(texts: Sequence[str], known: Iterable[str]) -> list[list[Misspelling]]:
    """For each text, its misspelt words in order of first appearance; the dictionary is asked once per batch."""
    known = frozenset(known)
    per_text: list[list[str]] = []
    for text in texts:
        seen: dict[str, None] = {}
        for word in words_of(text):
            base = _base(word)
            if _worth_checking(word) and base not in known:
                seen.setdefault(base)
        per_text.append(list(seen))
    unknown = _checker().unknown({w for words in per_text for w in words})
    return [[Misspelling(w, suggestions(w)) for w in words if w in unknown] for words in per_text]


@cache
def suggestions(word: str) -> tuple[str, ...]:
    """Up to three known words one edit away (two for short words), most common first."""
    checker = _checker()
    close = checker.known(checker.edit_distance_1(word))
    if not close and len(word) <= TWO_EDIT_MAX_LETTERS:
        close = checker.known(checker.edit_distance_2(word))
    ranked = sorted(close, key=lambda w: (-checker.word_usage_frequency(w), w))
    return tuple(ranked[:MAX_SUGGESTIONS])
