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


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences: split after . ! or ? followed by a space (whatever comes next)."""
    return [s for s in _SENTENCE_END.split(paragraph.strip()) if s]


def body_sentences(paragraphs: Iterable[str]) -> list[str]:
    return [s for paragraph in paragraphs for s in sentences(paragraph)]


def fragments(paragraph: str) -> list[str]:
    """Where a pasted fragment shows: a capital or a full stop in mid-sentence, a sentence starting in lower case."""
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
    return found


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
        said = sentences(paragraph)
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
    return [m.group(0) for m in _AWKWARD.finditer(paragraph)]


def closing_echo(last_line: str, closing: str) -> str | None:
    """A word of the closing ("Thanks again,") that the body's last sentence already says, or None."""
    last_line = (sentences(last_line) or [""])[-1]
    repeated = set(content_words(closing)) & set(content_words(last_line))
    if not repeated:
        return None
    return content_words(last_line)[sorted(repeated)[0]]


def full_name_greeting(salutation: str, name: str) -> bool:
    """Whether a greeting is "Dear" + someone's whole name, as a mail merge writes it ("Dear Jonas Becker,")."""
    words = salutation.rstrip(",:").split()
    return len(name.split()) > 1 and len(words) > 1 and words[1:] == name.split()


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
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", "\u2022", text, flags=re.IGNORECASE)
    return _WORD.sub(lambda m: "\u2022" if m.group(0).lower() in words else m.group(0), text)


def shingles(text: str) -> frozenset[str]:
    """The text's three-word phrases, case and punctuation ignored."""
    words = re.findall(r"[\w’'\u2022-]+", text.lower().replace("’", "'"))
    return frozenset(" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2)))


def similarity(first: frozenset[str], second: frozenset[str]) -> float:
    """Jaccard similarity of two shingle sets, 0–1."""
    union = len(first | second)
    return len(first & second) / union if union else 0.0


def lead_ins(shingle_set: frozenset[str]) -> frozenset[str]:
    """The three-word phrases of a masked note that end at a mask: how it leads into its topic or detail."""
    return frozenset(s for s in shingle_set if s.endswith("\u2022") and s.count("\u2022") == 1)
