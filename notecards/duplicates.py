"""Texts of one batch → pairs of near-identical texts, found by MinHash buckets over word shingles (not all pairs)."""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

SHINGLE_WORDS = 3  # three-word phrases: long enough to carry phrasing, short enough to survive small edits
SIGNATURE_BINS = 63  # one-permutation MinHash: one hash per shingle, its bin keeps the minimum
# 21 bands of 3 bins: a pair 60% alike shares a band with probability above 0.99 (in practice higher, since
# neighbouring bins filled from one value agree together); a pair 30% alike, about half the time.
BAND_ROWS = 3
MASK = "\u2022"  # stands in for a name or another per-person fill-in

_WORD = re.compile(r"[\w’'-]+")
_HASH_SPACE = 1 << 32


@dataclass(frozen=True)
class SimilarPair:
    """Two texts of the batch (by position) and their Jaccard similarity over word shingles, 0–1."""

    first: int
    second: int
    similarity: float


def mask_phrases(text: str, phrases: Sequence[str]) -> str:
    """Replace each phrase (whole words, any case) with one mask token, longest first."""
    for phrase in sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", MASK, text, flags=re.IGNORECASE)
    return text


def mask_words(text: str, words: frozenset[str]) -> str:
    """Replace every word in `words` (lower case) with the mask token: one pass, however many names a batch has."""
    return _WORD.sub(lambda m: MASK if m.group(0).lower() in words else m.group(0), text)


def shingles(text: str) -> frozenset[int]:
    """The set of hashed word n-grams of a text, case and punctuation ignored (stable across runs)."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if len(words) < SHINGLE_WORDS:
        return frozenset([zlib.crc32(" ".join(words).encode())]) if words else frozenset()
    grams = (" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))
    return frozenset(zlib.crc32(g.encode()) for g in grams)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def minhash(shingle_set: frozenset[int]) -> tuple[int, ...]:
    """A one-permutation MinHash signature: the smallest hash in each bin, empty bins filled from the right.

    Filling an empty bin from the next full bin (with an offset for the distance) keeps
    two signatures agreeing in a bin with probability equal to their Jaccard similarity.
    """
    empty = _HASH_SPACE
    mins = [empty] * SIGNATURE_BINS
    for value in shingle_set:
        slot, rest = divmod(value, _HASH_SPACE // SIGNATURE_BINS + 1)
        if rest < mins[slot]:
            mins[slot] = rest
    if all(m == empty for m in mins):
        return tuple(mins)
    out = list(mins)
    for i in range(SIGNATURE_BINS):
        step = 0
        while mins[(i + step) % SIGNATURE_BINS] == empty:
            step += 1
        out[i] = mins[(i + step) % SIGNATURE_BINS] + step * _HASH_SPACE
    return tuple(out)


def candidate_pairs(signatures: Sequence[tuple[int, ...]]) -> set[tuple[int, int]]:
    """Pairs that share at least one band of their signatures: the only pairs worth comparing exactly."""
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    for index, signature in enumerate(signatures):
        for band in range(SIGNATURE_BINS // BAND_ROWS):
            buckets[(band, signature[band * BAND_ROWS:(band + 1) * BAND_ROWS])].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) > 1:
            pairs.update(combinations(members, 2))
    return pairs


def similar_pairs(texts: Sequence[str], threshold: float) -> list[SimilarPair]:
    """Pairs of texts whose shingle similarity reaches `threshold`, first text first, in order.

    Texts are first bucketed by MinHash bands; only texts sharing a bucket are compared
    exactly, so a batch of unrelated notes costs time in proportion to its size.
    """
    sets = [shingles(text) for text in texts]
    pairs = candidate_pairs([minhash(s) for s in sets])
    bits = as_bitsets(sets)
    sizes = [len(s) for s in sets]
    found = []
    for a, b in pairs:
        shared = (bits[a] & bits[b]).bit_count()
        union = sizes[a] + sizes[b] - shared
        if union and shared >= threshold * union:
            found.append(SimilarPair(a, b, shared / union))
    return sorted(found, key=lambda pair: (pair.first, pair.second))


def closest_earlier(texts: Sequence[str], groups: Sequence[int], threshold: float) -> list[SimilarPair]:
    """For each text that has near-twins earlier in the batch in another group (recipient), the closest one.

    Identical texts are compared once: a batch that repeats a few wordings many times costs
    what its distinct wordings cost.
    """
    members: dict[str, list[int]] = defaultdict(list)
    for index, text in enumerate(texts):
        members[text].append(index)
    distinct = list(members.values())
    best: dict[int, SimilarPair] = {}
    for same in distinct:
        _offer(best, same, same, 1.0, groups)
    for pair in similar_pairs(list(members), threshold):
        _offer(best, distinct[pair.first], distinct[pair.second], pair.similarity, groups)
        _offer(best, distinct[pair.second], distinct[pair.first], pair.similarity, groups)
    return [best[later] for later in sorted(best)]


def _offer(best: dict[int, SimilarPair], later: list[int], earlier: list[int], similarity: float,
           groups: Sequence[int]) -> None:
    """Record, for each text in `later`, the first text of `earlier` before it from another group, if closer."""
    for second in later:
        first = next((i for i in earlier if i < second and groups[i] != groups[second]), None)
        if first is None:
            continue
        known = best.get(second)
        if known is None or (similarity, -first) > (known.similarity, -known.first):
            best[second] = SimilarPair(first, second, similarity)


def as_bitsets(sets: Sequence[frozenset[int]]) -> list[int]:
    """Each set as an integer with one bit per distinct shingle of the batch: intersections become one `&`."""
    position: dict[int, int] = {}
    out = []
    for shingle_set in sets:
        mask = 0
        for value in shingle_set:
            mask |= 1 << position.setdefault(value, len(position))
        out.append(mask)
    return out
