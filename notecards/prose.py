"""A note's text → what a careful reader hears wrong in it: fragments, echoes, a closing said twice, shared sentences.

These are the defects that make a note read like a mail merge. The built-in templates
avoid them (compose.py tries other phrasings until none is left) and `notecards check`
reports them in anyone's note, the user's own messages included (checks/practice.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

SHARED_SENTENCE_WORDS = 8  # a sentence longer than this, word for word in two notes of a panel, shows the template
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_WORD_PIECES = re.compile(f"({_WORD.pattern})")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Small words: repeating them from one sentence to the next is how English works, not an echo.
_LIGHT = frozenset(
    "a an the and or but nor of to in on at for with about from by as into onto over under upon your you yours "
    "my me mine our ours we us i it its this that these those how what why when where which who whom whose "
    "is are was were be been being am has have had do does did done so very more most much many such also "
    "just really will would can could should may might must shall not no than then there here them they "
    "their he she his her him one all any some each every both again still even well too own out up off "
    "while since after before because if though although until soon get got".split()
)
# Words that begin a sentence; written with a capital in the middle of one, they mark a pasted fragment.
_STARTERS = frozenset(
    "the a an we you our my your how why what when where whether this that these those it "
    "they there is are was were he she his her their its i'm".split()
)
_NOT_SENTENCE_ENDS = frozenset(
    {
        "e.g",
        "i.e",
        "etc",
        "vs",
        "approx",
        "incl",
        "dept",
        "no",
        "st",
        "mr",
        "ms",
        "mrs",
        "mx",
        "dr",
        "prof",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
    }
)


@dataclass(frozen=True)
class Echo:
    """A content word of one sentence said again in the next."""

    word: str
    first: str
    second: str


# The reading functions below are pure functions of short strings, and compose.py asks them about the same
# paragraphs and sentences again and again: each phrasing it tries changes a sentence or two of a note, and its
# card and email share sentences. They remember recent answers (a tuple each, so a caller cannot change them).
_RECENT = 4096


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences: split after . ! or ? followed by a space (whatever comes next)."""
    return list(_sentences(paragraph))


@lru_cache(maxsize=_RECENT)
def _sentences(paragraph: str) -> tuple[str, ...]:
    return tuple(s for s in _SENTENCE_END.split(paragraph.strip()) if s)


def body_sentences(paragraphs: Iterable[str]) -> list[str]:
    return [s for paragraph in paragraphs for s in _sentences(paragraph)]


def fragments(paragraph: str) -> list[str]:
    """Where a pasted fragment shows: a capital or a full stop in mid-sentence, a sentence starting in lower case."""
    return list(_fragments(paragraph))


@lru_cache(maxsize=_RECENT)
def _fragments(paragraph: str) -> tuple[str, ...]:
    found = [
        m.group(0)
        for m in re.finditer(r"\b[a-z]+[,;:]? ([A-Z][a-z]*(?:'[a-z]+)?)\b", paragraph)
        if m.group(1).lower() in _STARTERS
    ]
    for match in re.finditer(r"([\w.]+)([.!?]) +([a-z]\w*)", paragraph):
        if match.group(1).lower().rstrip(".") not in _NOT_SENTENCE_ENDS:
            found.append(match.group(0))
    found += [m.group(0) for m in re.finditer(r"\w[.!?][,;:]", paragraph)]
    if paragraph[:1].islower():
        found.append(" ".join(paragraph.split()[:3]))
    return tuple(found)


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A light stem, enough to hear "hearing" in "hear" and "roles" in "role"."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ings", "ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=4096)
def content_words(sentence: str, ignored: frozenset[str] = frozenset()) -> dict[str, str]:
    """The sentence's content words by stem (first spelling kept), leaving out small words and `ignored` ones."""
    out: dict[str, str] = {}
    for word in _WORD.findall(sentence):
        lower = word.lower().replace("’", "'")
        if len(lower) > 2 and lower not in _LIGHT and lower not in ignored:
            out.setdefault(stem(lower), word)
    return out


def echoes(paragraphs: Sequence[str], ignored: frozenset[str] = frozenset()) -> list[Echo]:
    """Content words a sentence repeats from the one before it in its paragraph (a new paragraph is a new start)."""
    out = []
    for paragraph in paragraphs:
        said = _sentences(paragraph)
        for first, second in pairwise(said):
            before, after = content_words(first, ignored), content_words(second, ignored)
            out += [Echo(after[key], first, second) for key in after if key in before]
    return out


# Joins that read as a mail merge's: "your view on your approach", "about your point about",
# "is has stayed", a word twice running, "with … with" in one clause.
_AWKWARD = re.compile(
    r"\b(your|our|my) (?:\w+ ){0,2}(?:on|of|about|in|to) \1\b|\babout (?:[\w'’]+ ){1,3}about\b|"
    r"\b(is|are|was|were) (?:has|have|is|are|was|were)\b|\b(\w+) \3\b|"
    r"\bwith\b[^.;,]*\bwith\b|think about on\b",
    re.IGNORECASE,
)


def awkward(paragraph: str) -> list[str]:
    """Joins in a paragraph that a reader stumbles on (see `_AWKWARD`)."""
    return list(_awkward(paragraph))


@lru_cache(maxsize=_RECENT)
def _awkward(paragraph: str) -> tuple[str, ...]:
    return tuple(m.group(0) for m in _AWKWARD.finditer(paragraph))


def closing_echo(last_line: str, closing: str) -> str | None:
    """A word of the closing ("Thanks again,") that the body's last sentence already says, or None."""
    last_line = (_sentences(last_line) or ("",))[-1]
    repeated = set(content_words(closing)) & set(content_words(last_line))
    if not repeated:
        return None
    return content_words(last_line)[sorted(repeated)[0]]


def full_name_greeting(salutation: str, name: str) -> bool:
    """Whether a greeting is "Dear" + someone's whole name, as a mail merge writes it ("Dear Jonas Becker,")."""
    words = salutation.rstrip(",:").split()
    return len(name.split()) > 1 and len(words) > 1 and words[1:] == name.split()


@lru_cache(maxsize=_RECENT)
def normal_sentence(sentence: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(sentence))


def all_sentences(paragraphs: Iterable[str]) -> set[str]:
    """The note's sentences, normalised for comparison."""
    return {normal_sentence(s) for s in body_sentences(paragraphs)}


def long_sentences(paragraphs: Iterable[str]) -> set[str]:
    """The note's sentences of more than `SHARED_SENTENCE_WORDS` words, normalised for comparison."""
    return {s for s in all_sentences(paragraphs) if len(s.split()) > SHARED_SENTENCE_WORDS}


def masked(text: str, phrases: Iterable[str], words: frozenset[str]) -> str:
    """`text` with each of `phrases` and each of `words` (names) replaced by one mark: what only this note can say."""
    for part in sorted({p for p in phrases if p}, key=len, reverse=True):
        text = _phrase_pattern(part).sub("\u2022", text)
    pieces = _WORD_PIECES.split(text)  # between words, a word, between words, …: one pass, no call per word
    pieces[1::2] = ["\u2022" if word.lower() in words else word for word in pieces[1::2]]
    return "".join(pieces)


@lru_cache(maxsize=256)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", flags=re.IGNORECASE)


_SHINGLE_WORD = re.compile(r"[\w’'\u2022-]+")


def shingles(text: str) -> frozenset[str]:
    """The text's three-word phrases, case and punctuation ignored."""
    words = _SHINGLE_WORD.findall(text.lower().replace("’", "'"))
    if len(words) < 3:
        return frozenset({" ".join(words)})
    return frozenset(map(" ".join, zip(words, words[1:], words[2:], strict=False)))  # the last two end sooner


def similarity(first: frozenset[str], second: frozenset[str]) -> float:
    """Jaccard similarity of two shingle sets, 0–1."""
    shared = len(first & second)
    union = len(first) + len(second) - shared  # counted, not built: compose.py compares each phrasing it tries
    return shared / union if union else 0.0


def lead_ins(shingle_set: frozenset[str]) -> frozenset[str]:
    """The three-word phrases of a masked note that end at a mask: how it leads into its topic or detail."""
    return frozenset(s for s in shingle_set if s.endswith("\u2022") and s.count("\u2022") == 1)
