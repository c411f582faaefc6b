"""Note text → what its wording gives away: leftover placeholders, stock sentences, off-tone words, topic mentions.

The notes of a batch share most of their lines (the same templates, closings and
signature), so each line or paragraph is analysed once and remembered. That is exact
because no pattern here reaches across a line break; the two placeholder patterns that
can are covered by `_PLACEHOLDER_MARKS`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

# Leftovers of a template someone forgot to fill in.
_LOREM_IPSUM = re.compile(r"lorem ipsum", re.IGNORECASE)
PLACEHOLDERS = (
    re.compile(r"\[[^\[\]\n]{1,40}\]"),  # [Company Name]
    re.compile(r"<\s*[A-Za-z][A-Za-z _.-]{0,30}>"),  # <name> (an address such as <a@b.example> has an @)
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"),  # Jinja2 that was never rendered
    re.compile(r"\{\s*[A-Za-z_][\w .]{0,30}\}"),  # {name}
    re.compile(r"(?<!\w)X{3,}(?!\w)|(?<!\w)(?:TBD|TBA|TODO|FIXME)(?!\w)"),
    _LOREM_IPSUM,
    re.compile(r"_{3,}|\?{3,}"),  # blanks to fill in
)
# Every match of a pattern above holds one of these marks (or matches the lorem ipsum pattern); the marks
# themselves never span a line break. `<\s*` and `{\s*` may, but then their line holds a `<` or `{`.
_PLACEHOLDER_MARKS = ("[", "<", "{", "XXX", "TBD", "TBA", "TODO", "FIXME", "___", "???")
LINE_CACHE = 1 << 14  # distinct lines (and sentences, paragraphs) remembered: a large batch has a few thousand

# Phrases every thank-you note uses; fine beside something specific, empty on their own.
STOCK_PHRASES = (
    r"\bthanks?( you)?( (again|so much|very much))? for (your|the) (time|consideration|opportunity)",
    r"\bthank(s| you)( so much)? for taking the time\b",
    r"\blook(ing)? forward to hearing (from|back)",
    r"\bhearing from you soon\b",
    r"\b(great|exciting|wonderful|amazing|fantastic) opportunity\b",
    r"\bthis opportunity\b",
    r"\bi am (confident|certain|sure) (that )?i (can|could|would|will)\b",
    r"\b(significant|valuable|meaningful) (contribution|asset|addition)\b",
    r"\b(great|perfect|good|strong|ideal) fit\b",
    r"\blearn(ing)? more about (the|this|your) (role|position|company|team|organi[sz]ation)\b",
    r"\b(align|match)(es)? (well )?with the (requirements|job description)\b",
    r"\bjob description\b",
    r"\b(very|really|truly) (interested|excited|enthusiastic) (in|about) (the|this) (role|position|job)\b",
    r"\bat your earliest convenience\b",
    r"\b(please )?(do not|don't) hesitate\b",
    r"\bhit the ground running\b",
    r"\bteam player\b",
    r"\bpassionate about\b",
    r"\b(it was|what) a (pleasure|great pleasure) (to meet|meeting|speaking|talking)",
    r"\benjoyed (our|the) (conversation|interview|discussion|chat)\b",
)
_ANY_STOCK_PHRASE = re.compile("|".join(f"(?:{p})" for p in STOCK_PHRASES))
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^a-z])")
_NUMBER = re.compile(r"\d")
_NORMAL_WORD = re.compile(r"[\w']+")

# Words a note in each tone should not use; each tone's list includes those of the easier-going tones.
TEXT_SPEAK = frozenset(
    {
        "thx",
        "thanx",
        "tnx",
        "ty",
        "pls",
        "plz",
        "lol",
        "omg",
        "btw",
        "imo",
        "imho",
        "idk",
        "tbh",
        "gr8",
        "b4",
        "l8r",
        "cya",
        "ttyl",
        "lmk",
        "smh",
        "cuz",
        "coz",
        "bc",
        "np",
        "u",
        "ur",
        "r",
        "k",
        "n",
    }
)
STRONG_SLANG = frozenset(
    {
        "gonna",
        "wanna",
        "gotta",
        "kinda",
        "sorta",
        "dunno",
        "yeah",
        "yep",
        "yup",
        "nope",
        "dude",
        "stoked",
        "psyched",
        "y'all",
        "ain't",
        "legit",
        "vibe",
        "vibes",
    }
)
MILD_SLANG = frozenset(
    {
        "awesome",
        "cool",
        "super",
        "hey",
        "guys",
        "totally",
        "stuff",
        "pumped",
        "crazy",
        "cheers",
        "chat",
        "chatting",
        "folks",
        "ok",
        "okay",
        "hi",
    }
)
OFF_TONE_WORDS = {
    "casual": TEXT_SPEAK,
    "warm": TEXT_SPEAK | STRONG_SLANG,
    "formal": TEXT_SPEAK | STRONG_SLANG | MILD_SLANG,
}
EXCLAMATION_RUN = {"casual": 3, "warm": 2, "formal": 2}  # this many ! in a row is too many
EXCLAMATIONS_PER_NOTE = {"casual": 99, "warm": 4, "formal": 2}  # more single ! than this reads as shouting
EMOJI_ALLOWED = {"casual": True, "warm": False, "formal": False}
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")
_TONE_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_EXCLAMATION_RUNS = {tone: re.compile(f"!{{{run},}}") for tone, run in EXCLAMATION_RUN.items()}

STOPWORDS = frozenset(
    "a an the and or but of to in on at for with about from by as into onto over under your you my me our "
    "we us i it its this that these those how what why when where which who whom is are was were be been "
    "being has have had do does did so very more most new".split()
)


@dataclass(frozen=True)
class TopicMention:
    """Whether a note names its topic: word for word, or enough of its content words."""

    mentioned: bool
    content_words_found: int
    content_words: int


class Sentence(NamedTuple):
    """One sentence of a paragraph and what `generic_sentences` needs to know about it."""

    text: str
    stems: frozenset[str]
    has_number: bool


class _ToneMarks(NamedTuple):
    """What in one line may not suit a tone, in order of appearance; `bangs` counts its exclamation marks."""

    words: tuple[str, ...]
    emoji: tuple[str, ...]
    runs: tuple[str, ...]
    bangs: int


def placeholders_in(text: str) -> list[str]:
    """Every distinct leftover placeholder in a text, in order of appearance (`{ x }` inside `{{ x }}` once)."""
    if not any(map(_may_hold_placeholder, text.split("\n"))):
        return []
    return all_placeholders(text)


def all_placeholders(text: str) -> list[str]:
    """`placeholders_in` without its per-line shortcut: the plain definition (tests hold the two equal)."""
    spans = sorted((m.start(), -m.end()) for pattern in PLACEHOLDERS for m in pattern.finditer(text))
    found: list[str] = []
    reached = -1
    for start, neg_end in spans:
        if -neg_end > reached:
            found.append(text[start:-neg_end])
            reached = -neg_end
    return list(dict.fromkeys(found))


@lru_cache(maxsize=LINE_CACHE)
def _may_hold_placeholder(line: str) -> bool:
    return any(mark in line for mark in _PLACEHOLDER_MARKS) or _LOREM_IPSUM.search(line) is not None


def sentences(paragraph: str) -> list[str]:
    return [s for s in SENTENCE_END.split(paragraph.strip()) if s]


def _normal(text: str) -> str:
    """Lower-case words joined by single spaces, line by line (no word spans a line break)."""
    return " ".join(normal for normal in map(_normal_line, text.split("\n")) if normal)


@lru_cache(maxsize=LINE_CACHE)
def _normal_line(line: str) -> str:
    return " ".join(_NORMAL_WORD.findall(line.lower().replace("’", "'")))


@cache
def stem(word: str) -> str:
    """A light English stem, enough to match "moving" with "move" and "reviews" with "review"."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ss"):
        return word
    for suffix in ("ings", "ions", "ing", "ion", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=LINE_CACHE)
def content_stems(text: str) -> frozenset[str]:
    words = set(_NORMAL_WORD.findall(text.lower().replace("’", "'"))) - STOPWORDS  # the words of `_normal(text)`
    return frozenset(stem(word) for word in words if len(word) > 1)


@lru_cache(maxsize=LINE_CACHE)
def stems_of(texts: tuple[str, ...]) -> frozenset[str]:
    """The content stems of several texts together."""
    return frozenset().union(*map(content_stems, texts))


@lru_cache(maxsize=LINE_CACHE)
def word_count(text: str) -> int:
    """Words as a reader counts them: runs of non-blank characters."""
    return len(text.split())


def topic_mention(note_text: str, topic: str) -> TopicMention:
    """Word for word, or most (more than half) of the topic's content words, counts as a mention."""
    wanted = content_stems(topic)
    found = len(wanted & frozenset().union(*map(content_stems, note_text.split("\n"))))
    return TopicMention(names_topic(note_text, topic) or (bool(wanted) and found * 2 > len(wanted)), found, len(wanted))


def names_topic(note_text: str, topic: str) -> bool:
    """Whether a text has the topic word for word (case and punctuation aside): the usual mention, and cheap."""
    return f" {_normal(topic)} " in f" {_normal(note_text)} "


def stock_phrase(sentence: str) -> str | None:
    """The first stock phrase in a sentence, as written there, or None."""
    match = _ANY_STOCK_PHRASE.search(sentence.lower().replace("’", "'"))
    return sentence[match.start() : match.end()] if match else None


def generic_sentences(paragraphs: Sequence[str], specific: Set[str]) -> tuple[list[str], int]:
    """Stock sentences with nothing specific in them or beside them (same paragraph), and the sentence count.

    `specific` holds the stems of what only this note can say: the topic, the detail,
    the qualifications, the industry.
    """
    lonely: list[str] = []
    total = 0
    for paragraph in paragraphs:
        parts = analysed_sentences(paragraph)
        total += len(parts)
        concrete = [part.has_number or not specific.isdisjoint(part.stems) for part in parts]
        # Searching for stock phrases costs the most, so only sentences with nothing concrete nearby get it.
        lonely += [
            part.text
            for i, part in enumerate(parts)
            if not any(concrete[max(0, i - 1) : i + 2]) and _is_stock(part.text)
        ]
    return lonely, total


@lru_cache(maxsize=LINE_CACHE)
def analysed_sentences(paragraph: str) -> tuple[Sentence, ...]:
    """A paragraph's sentences, each with its content stems and whether it has a number."""
    return tuple(map(_analysed_sentence, sentences(paragraph)))


@lru_cache(maxsize=LINE_CACHE)
def _analysed_sentence(sentence: str) -> Sentence:
    return Sentence(sentence, content_stems(sentence), _NUMBER.search(sentence) is not None)


@lru_cache(maxsize=LINE_CACHE)
def _is_stock(sentence: str) -> bool:
    return bool(stock_phrase(sentence))


def off_tone(text: str, tone: str) -> list[str]:
    """What in a text does not suit its tone: listed words, emoji, runs or a pile of exclamation marks."""
    marks = [mark for line in text.split("\n") if (mark := _tone_marks(line, tone))]
    if not marks:
        return []
    found = [word for mark in marks for word in mark.words]
    if not EMOJI_ALLOWED[tone]:
        found += [emoji for mark in marks for emoji in mark.emoji]
    found += [run for mark in marks for run in mark.runs]
    bangs = sum(mark.bangs for mark in marks)
    if bangs > EXCLAMATIONS_PER_NOTE[tone]:
        found.append(f"{bangs} exclamation marks")
    return list(dict.fromkeys(found))


@lru_cache(maxsize=LINE_CACHE)
def _tone_marks(line: str, tone: str) -> _ToneMarks | None:
    """What in one line may not suit the tone; None for most lines, which have nothing of it."""
    banned = OFF_TONE_WORDS[tone]
    words = []
    # Lower-casing words joined by spaces is lower-casing each (no word holds a space): one call for the line.
    if not banned.isdisjoint(" ".join(_TONE_WORD.findall(line)).lower().replace("’", "'").split(" ")):
        for match in _TONE_WORD.finditer(line):
            word = match.group(0)
            lowered = word.lower().replace("’", "'")
            if lowered in banned and (len(word) > 1 or (word.islower() and line[match.end() : match.end() + 1] != ".")):
                words.append(word)
    emoji = () if line.isascii() else tuple(e for e in _EMOJI.findall(line) if e != "\ufe0f")
    runs = tuple(_EXCLAMATION_RUNS[tone].findall(line)) if "!" in line else ()
    marks = _ToneMarks(tuple(words), emoji, runs, line.count("!"))
    return marks if any(marks) else None
