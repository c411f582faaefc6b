"""Note texts + the interview's own words → misspelt words with suggestions (English; pyspellchecker only if needed).

Whether a word is known comes from wordlists/en.txt, pyspellchecker's own English words
(tools/make_word_list.py), searched in place: building a SpellChecker costs half a
second, so it is built only when a word is missing from the list, to confirm it and
suggest corrections.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from ..interview import Interview
from ..resources import data_path

MAX_SUGGESTIONS = 3
# Searching two edits away costs about a second for a long word; only short words get it.
TWO_EDIT_MAX_LETTERS = 6
# Everyday words of work and of notes that pyspellchecker's English list lacks.
COMMON_EXTRA_WORDS = frozenset(
    {
        "onsite",
        "offsite",
        "workflow",
        "workflows",
        "email",
        "emails",
        "emailed",
        "online",
        "website",
        "startup",
        "startups",
        "dataset",
        "datasets",
        "teammate",
        "teammates",
        "whiteboard",
        "roadmap",
        "roadmaps",
        "onboarding",
        "analytics",
        "fintech",
        "frontend",
        "backend",
        "linkedin",
    }
)

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_ASCII_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")  # the same in ASCII text, and three times faster
_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")  # email addresses and links are not words


@dataclass(frozen=True)
class Misspelling:
    """A word the dictionary does not know, and the closest known words (most common first)."""

    word: str
    suggestions: tuple[str, ...]


@cache
def _word_list() -> bytes:
    """Lower-case English words, sorted, one a line, ending with a line break."""
    return (data_path("wordlists") / "en.txt").read_bytes()


@lru_cache(maxsize=16_384)  # a batch's notes share most of their words, and a run may check many batches
def listed(word: str) -> bool:
    """Whether a lower-case word is in the English word list: a binary search over its lines, in place."""
    lines, wanted = _word_list(), word.encode()
    low, high = 0, len(lines)  # both always at the start of a line (or the end)
    while low < high:
        cut = lines.rfind(b"\n", low, (low + high) // 2)
        start = low if cut < 0 else cut + 1
        end = lines.index(b"\n", start)
        line = lines[start:end]
        if line == wanted:
            return True
        low, high = (end + 1, high) if line < wanted else (low, start)
    return False


@cache
def _checker() -> Any:
    from spellchecker import SpellChecker  # heavy (half a second): only for words missing from the list

    return SpellChecker(language="en")


def words_of(text: str) -> list[str]:
    """The words of a text as written: letters with inner apostrophes; hyphenated words come apart."""
    if "@" in text or "://" in text or "www." in text:  # what every address `_ADDRESS` removes holds
        text = _ADDRESS.sub(" ", text)
    text = text.replace("’", "'")
    return (_ASCII_TOKEN if text.isascii() else _TOKEN).findall(text)


def known_words(interview: Interview) -> frozenset[str]:
    """Lower-case words the file vouches for: names, company, title, topics, qualifications, `dictionary:`."""
    texts: list[str] = [
        interview.candidate.name,
        interview.position.title,
        interview.position.company,
        interview.position.industry or "",
        interview.interview.format or "",
        *interview.qualifications,
        *interview.dictionary,
    ]
    for person in interview.interviewers:
        texts += [
            person.name,
            person.title or "",
            person.honorific or "",
            person.salutation or "",
            person.topic or "",
            person.detail or "",
            person.followup_reason or "",
        ]
    signature = interview.card.signature or ""
    words = {_base(w) for text in dict.fromkeys((*texts, signature)) for w in words_of(text)}
    return frozenset(words | COMMON_EXTRA_WORDS)


def _base(word: str) -> str:
    word = word.lower()
    return word[:-2] if word.endswith("'s") else word


def _worth_checking(word: str) -> bool:
    """Skip what a dictionary cannot judge: acronyms (TB, UX), single letters, non-English letters."""
    return len(word) > 1 and not word.isupper() and word.isascii()


def misspellings(texts: Sequence[str], known: Iterable[str]) -> list[list[Misspelling]]:
    """For each text, its misspelt words in order of first appearance; each distinct line and word is judged once."""
    known = frozenset(known)
    # No word spans a line break, and a batch's notes share most of their lines.
    tokens = {line: words_of(line) for line in dict.fromkeys(line for text in texts for line in text.split("\n"))}
    doubtful = {
        word: base
        for word in {w for words in tokens.values() for w in words}
        if _worth_checking(word) and (base := _base(word)) not in known
    }
    unknown = unknown_words(set(doubtful.values()))
    wrong = {word: base for word, base in doubtful.items() if base in unknown}
    by_line = {line: [wrong[w] for w in words if w in wrong] for line, words in tokens.items()}
    per_text = [dict.fromkeys(w for line in text.split("\n") for w in by_line[line]) for text in texts]
    return [[Misspelling(w, suggestions(w)) for w in words] for words in per_text]


def unknown_words(words: set[str]) -> set[str]:
    """The lower-case words English does not know: those missing from the word list, as SpellChecker confirms."""
    missing = {word for word in words if not listed(word)}
    return _checker().unknown(missing) if missing else set()


@cache
def suggestions(word: str) -> tuple[str, ...]:
    """Up to three known words one edit away (two for short words), most common first."""
    checker = _checker()
    close = checker.known(checker.edit_distance_1(word))
    if not close and len(word) <= TWO_EDIT_MAX_LETTERS:
        close = checker.known(checker.edit_distance_2(word))
    ranked = sorted(close, key=lambda w: (-checker.word_usage_frequency(w), w))
    return tuple(ranked[:MAX_SUGGESTIONS])
