"""Texts of one batch → pairs of near-identical texts, found by MinHash buckets over word shingles (not all pairs)."""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

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
        text = _mask_phrase(text, phrase)
    return text


def _mask_phrase(text: str, phrase: str) -> str:
    r"""The regular expression `(?<!\w)PHRASE(?!\w)`, any case, replaced by the mask.

    A batch has as many phrases as interviewers, and compiling a pattern for each costs
    more than all the searching; for ASCII text and phrase (the mask aside) a plain
    search in the lower-cased text finds exactly the same matches.
    """
    if not (phrase.isascii() and (text.isascii() or text.replace(MASK, "").isascii())):
        return re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", MASK, text, flags=re.IGNORECASE)
    lowered, wanted = text.lower(), phrase.lower()
    parts, done = [], 0
    found = lowered.find(wanted)
    while found >= 0:
        end = found + len(wanted)
        if _word_char_at(lowered, found - 1) or _word_char_at(lowered, end):
            found = lowered.find(wanted, found + 1)
            continue
        parts += [text[done:found], MASK]
        done, found = end, lowered.find(wanted, end)
    return "".join(parts) + text[done:]


def _word_char_at(text: str, index: int) -> bool:
    r"""Whether `text[index]` exists and is what `\w` matches (in ASCII: a letter, digit or underscore)."""
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def mask_words(text: str, words: frozenset[str]) -> str:
    """Replace every word in `words` (lower case) with the mask token: one pass, however many names a batch has."""
    if words.isdisjoint([word.lower() for word in _WORD.findall(text)]):
        return text  # the usual case, found without a call per word
    return _WORD.sub(lambda m: MASK if m.group(0).lower() in words else m.group(0), text)


def shingles(text: str) -> frozenset[int]:
    """The set of hashed word n-grams of a text, case and punctuation ignored (stable across runs).

    No word spans a line break, and the notes of a batch share most of their lines: the
    n-grams within a line are hashed once per distinct line, and only those that run
    across a line break are made here.
    """
    lines = [_lowered_words(line) for line in text.split("\n")]
    words = [word for line in lines for word in line]
    if len(words) < SHINGLE_WORDS:
        return frozenset([_hashed(words)]) if words else frozenset()
    across: set[int] = set()  # where the n-grams that run across a line break start
    end = 0
    for line in lines[:-1]:
        end += len(line)  # the next line's first word
        across.update(range(max(0, end - SHINGLE_WORDS + 1), min(end, len(words) - SHINGLE_WORDS + 1)))
    inside = frozenset().union(*map(_grams_within, lines))
    return inside.union(_hashed(words[start : start + SHINGLE_WORDS]) for start in across)


@lru_cache(maxsize=1 << 14)
def _lowered_words(line: str) -> tuple[str, ...]:
    words = _WORD.findall(line)
    # Lower-casing the words joined by spaces is lower-casing each: no word holds a space.
    return tuple(" ".join(words).lower().replace("’", "'").split(" ")) if words else ()


@lru_cache(maxsize=1 << 14)
def _grams_within(words: tuple[str, ...]) -> frozenset[int]:
    grams = zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)
    return frozenset(map(_hashed, grams))


def _hashed(words: Sequence[str]) -> int:
    return zlib.crc32(" ".join(words).encode())


def minhash(shingle_set: frozenset[int]) -> tuple[int, ...]:
    """A one-permutation MinHash signature: the smallest hash in each bin, empty bins filled from the right.

    Filling an empty bin from the next full bin (with an offset for the distance) keeps
    two signatures agreeing in a bin with probability equal to their Jaccard similarity.
    """
    empty = _HASH_SPACE
    mins = [empty] * SIGNATURE_BINS
    for slot, rest in map(divmod, shingle_set, repeat(_HASH_SPACE // SIGNATURE_BINS + 1)):
        if rest < mins[slot]:
            mins[slot] = rest
    first_full = next((i for i, value in enumerate(mins) if value != empty), None)
    if first_full is None:
        return tuple(mins)
    out = list(mins)
    following = first_full + SIGNATURE_BINS  # past the last full bin, the next one is the first, round the ring
    for i in range(SIGNATURE_BINS - 1, -1, -1):
        if mins[i] != empty:
            following = i
        else:
            out[i] = mins[following % SIGNATURE_BINS] + (following - i) * _HASH_SPACE
    return tuple(out)


def candidate_pairs(signatures: Sequence[tuple[int, ...]]) -> set[tuple[int, int]]:
    """Pairs that share at least one band of their signatures: the only pairs worth comparing exactly."""
    return {(first, second) for second, mask in enumerate(earlier_candidates(signatures)) for first in _bits(mask)}


def earlier_candidates(signatures: Sequence[tuple[int, ...]]) -> list[int]:
    """For each signature, the earlier ones that share a band with it, as a bit mask (bit i: signature i)."""
    buckets: list[dict[tuple[int, ...], int]] = [{} for _ in range(SIGNATURE_BINS // BAND_ROWS)]
    out = []
    for index, signature in enumerate(signatures):
        bands = zip(*[iter(signature)] * BAND_ROWS, strict=False)  # consecutive runs of BAND_ROWS bins
        mask = 0
        for bucket, band in zip(buckets, bands, strict=True):
            members = bucket.get(band, 0)
            mask |= members
            bucket[band] = members | 1 << index
        out.append(mask)
    return out


def _bits(mask: int) -> list[int]:
    """The positions of the bits set in `mask`, lowest first."""
    digits = bin(mask)[:1:-1]  # least significant first
    out = []
    position = digits.find("1")
    while position >= 0:
        out.append(position)
        position = digits.find("1", position + 1)
    return out


def similar_pairs(texts: Sequence[str], threshold: float) -> list[SimilarPair]:
    """Pairs of texts whose shingle similarity reaches `threshold`, first text first, in order.

    Texts are first bucketed by MinHash bands; only texts sharing a bucket are compared
    exactly, so a batch of unrelated notes costs time in proportion to its size.
    """
    sets = [shingles(text) for text in texts]
    bits = as_bitsets(sets)
    sizes = [len(s) for s in sets]
    found = []
    for second, mask in enumerate(earlier_candidates([minhash(s) for s in sets])):
        for first in _bits(mask):
            shared = (bits[first] & bits[second]).bit_count()
            union = sizes[first] + sizes[second] - shared
            if union and shared >= threshold * union:
                found.append(SimilarPair(first, second, shared / union))
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


def _offer(
    best: dict[int, SimilarPair], later: list[int], earlier: list[int], similarity: float, groups: Sequence[int]
) -> None:
    """Record, for each text in `later`, the first text of `earlier` before it from another group, if closer."""
    for second in later:
        first = _first_before(earlier, second, groups)
        if first is None:
            continue
        known = best.get(second)
        if known is None or (similarity, -first) > (known.similarity, -known.first):
            best[second] = SimilarPair(first, second, similarity)


def _first_before(members: list[int], second: int, groups: Sequence[int]) -> int | None:
    """The first of `members` (in order) that comes before `second` and belongs to another group."""
    for first in members:
        if first >= second:
            return None
        if groups[first] != groups[second]:
            return first
    return None


def as_bitsets(sets: Sequence[frozenset[int]]) -> list[int]:
    """Each set as an integer with one bit per distinct shingle of the batch: intersections become one `&`."""
    bit = {value: 1 << i for i, value in enumerate(frozenset().union(*sets))}
    return [sum(map(bit.__getitem__, shingle_set)) for shingle_set in sets]  # distinct bits: the sum is the union
