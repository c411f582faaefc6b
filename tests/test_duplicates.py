"""The duplicate search's shortcuts find exactly what their plain definitions find (random texts, hypothesis)."""

from __future__ import annotations

import re
import zlib
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notecards.checks.duplicates import (
    BAND_ROWS,
    MASK,
    SHINGLE_WORDS,
    SIGNATURE_BINS,
    candidate_pairs,
    mask_phrases,
    minhash,
    shingles,
)

# Words that fold in surprising ways under re.IGNORECASE (Kelvin sign, long s, dotted and dotless i), the mask.
ASCII_WORDS = ["sk", "SK", "is", "I", "s", "k", "a_b", "x-y", "1", "", "\n", " "]
MIXED_WORDS = [*ASCII_WORDS, "ſk", "s\u212a", "İs", "ıs", "é", "’", MASK]


@pytest.mark.parametrize("vocabulary", [ASCII_WORDS, MIXED_WORDS], ids=["ascii", "mixed"])
@given(data=st.data())
def test_mask_phrases_matches_the_regular_expression_it_stands_for(vocabulary: list[str], data: st.DataObject) -> None:
    words = st.lists(st.sampled_from(vocabulary), max_size=8)
    text = " ".join(data.draw(words))
    phrases = [" ".join(phrase) for phrase in data.draw(st.lists(words, max_size=2))]
    expected = text
    for phrase in sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True):
        expected = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", MASK, expected, flags=re.IGNORECASE)
    assert mask_phrases(text, phrases) == expected


@pytest.mark.parametrize(
    ("text", "phrase"),
    [("ſk", "sk"), ("s\u212a", "SK"), ("İs", "is"), ("ıs", "IS"), ("at sk•sk_sk", "sk"), ("Sk-SK sk", "sk")],
)
def test_mask_phrases_folds_case_as_the_regular_expression_does(text: str, phrase: str) -> None:
    expected = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", MASK, text, flags=re.IGNORECASE)
    assert mask_phrases(text, [phrase]) == expected


def plain_shingles(text: str) -> frozenset[int]:
    """Every n-gram of the whole text's words, hashed: what `shingles` computes line by line."""
    words = [w.lower().replace("’", "'") for w in re.findall(r"[\w’'-]+", text)]
    if len(words) < SHINGLE_WORDS:
        return frozenset([zlib.crc32(" ".join(words).encode())]) if words else frozenset()
    return frozenset(
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode()) for i in range(len(words) - SHINGLE_WORDS + 1)
    )


PIECES = st.sampled_from(["we", "Met", "it’s", "re-use", "ΑΣ", "x_y", "7", "•", "!", ",", ""])
SEPARATORS = st.sampled_from([" ", "\n", "\n\n", " \n ", ", "])


@given(st.lists(st.tuples(PIECES, SEPARATORS), max_size=14))
def test_shingles_by_line_equal_the_n_grams_of_the_whole_text(pieces: list[tuple[str, str]]) -> None:
    text = "".join(piece + separator for piece, separator in pieces)
    assert shingles(text) == plain_shingles(text)


def plain_minhash(shingle_set: frozenset[int]) -> tuple[int, ...]:
    """Smallest hash per bin; an empty bin takes the next full bin's value to its right (round the ring) plus the
    distance in units of the hash space."""
    space = 1 << 32
    mins = [space] * SIGNATURE_BINS
    for value in shingle_set:
        slot, rest = divmod(value, space // SIGNATURE_BINS + 1)
        mins[slot] = min(mins[slot], rest)
    if all(m == space for m in mins):
        return tuple(mins)
    out = []
    for i in range(SIGNATURE_BINS):
        step = next(s for s in range(SIGNATURE_BINS) if mins[(i + s) % SIGNATURE_BINS] != space)
        out.append(mins[(i + step) % SIGNATURE_BINS] + step * space)
    return tuple(out)


@given(st.frozensets(st.integers(0, (1 << 32) - 1), max_size=90))
def test_minhash_matches_its_definition(shingle_set: frozenset[int]) -> None:
    assert minhash(shingle_set) == plain_minhash(shingle_set)


POOL = [(i * 2654435761) % (1 << 32) for i in range(1, 25)]  # spread over every bin


@given(st.lists(st.frozensets(st.sampled_from(POOL), max_size=8), max_size=25))
def test_candidate_pairs_are_exactly_the_pairs_sharing_a_band(sets: list[frozenset[int]]) -> None:
    signatures = [minhash(s) for s in sets]
    bands = [
        [s[b : b + BAND_ROWS] for b in range(0, SIGNATURE_BINS // BAND_ROWS * BAND_ROWS, BAND_ROWS)] for s in signatures
    ]
    expected = {
        (i, j)
        for i, j in combinations(range(len(sets)), 2)
        if any(x == y for x, y in zip(bands[i], bands[j], strict=True))
    }
    assert candidate_pairs(signatures) == expected
