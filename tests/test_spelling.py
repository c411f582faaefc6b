"""The shipped word list is pyspellchecker's and is searched right; SpellChecker is built only for unknown words."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT, SAMPLES, python_prints
from hypothesis import given
from hypothesis import strategies as st

from notecards.checks.spelling import _TOKEN, _word_list, listed, misspellings, words_of

sys.path.insert(0, str(ROOT / "tools"))
from make_word_list import english_words

LIST_WORDS = _word_list().decode("ascii").splitlines()


def test_shipped_word_list_is_pyspellchecker_english_words() -> None:
    """Regenerate with `python tools/make_word_list.py` when this fails after upgrading pyspellchecker."""
    assert english_words() == LIST_WORDS


@pytest.mark.parametrize("word", [LIST_WORDS[0], LIST_WORDS[1], LIST_WORDS[-1], *LIST_WORDS[::4999]])
def test_every_listed_word_is_found(word: str) -> None:
    assert listed(word)


@pytest.mark.parametrize(
    "word", ["", "recieve", "thoughtfull", "zzzzzzzzzz", "'", "a'", "receiv", "receivee", f"{LIST_WORDS[-1]}z", "aaaaa"]
)
def test_words_not_in_the_list_are_not_found(word: str) -> None:
    assert word not in set(LIST_WORDS)
    assert not listed(word)


@given(st.text(st.sampled_from("ab Z9_-'’.\n"), max_size=30))
def test_words_of_ascii_text_are_those_of_the_unicode_pattern(text: str) -> None:
    assert words_of(text) == _TOKEN.findall(text.replace("’", "'"))


def test_pyspellchecker_confirms_a_word_missing_from_the_list() -> None:
    """A word the list lacks is reported only if pyspellchecker judges it too (it leaves very long words alone)."""
    very_long = "b" * 60
    assert not listed(very_long)
    assert misspellings([f"A {very_long} word and a recieve."], set()) == [misspellings(["recieve"], set())[0]]


def test_checking_clean_samples_never_builds_a_spellchecker() -> None:
    code = (
        "import sys; from datetime import timedelta; from pathlib import Path\n"
        "from notecards import compose_notes, load_interview, run_checks\n"
        "from notecards.checks.practice import send_by\n"
        f"for path in sorted(Path({str(SAMPLES)!r}).glob('*.yaml')):\n"
        "    interview = load_interview(path)\n"
        "    now = send_by(interview) - timedelta(hours=12)\n"
        "    assert not run_checks(interview, compose_notes(interview), now).findings\n"
        "print('spellchecker' in sys.modules)"
    )
    assert python_prints(code) == "False"
