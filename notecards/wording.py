"""Note text → what its wording gives away: leftover placeholders, stock sentences, off-tone words, topic mentions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

# Leftovers of a template someone forgot to fill in.
PLACEHOLDERS = (
    re.compile(r"\[[^\[\]\n]{1,40}\]"),  # [Company Name]
    re.compile(r"<\s*[A-Za-z][A-Za-z _.-]{0,30}>"),  # <name> (an address such as <a@b.example> has an @)
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"),  # Jinja2 that was never rendered
    re.compile(r"\{\s*[A-Za-z_][\w .]{0,30}\}"),  # {name}
    re.compile(r"(?<!\w)X{3,}(?!\w)|(?<!\w)(?:TBD|TBA|TODO|FIXME)(?!\w)"),
    re.compile(r"lorem ipsum", re.IGNORECASE),
    re.compile(r"_{3,}|\?{3,}"),  # blanks to fill in
)

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

# Words a note in each tone should not use; each tone's list includes those of the easier-going tones.
TEXT_SPEAK = frozenset({"thx", "thanx", "tnx", "ty", "pls", "plz", "lol", "omg", "btw", "imo", "imho", "idk",
                        "tbh", "gr8", "b4", "l8r", "cya", "ttyl", "lmk", "smh", "cuz", "coz", "bc", "np",
                        "u", "ur", "r", "k", "n"})
STRONG_SLANG = frozenset({"gonna", "wanna", "gotta", "kinda", "sorta", "dunno", "yeah", "yep", "yup", "nope",
                          "dude", "stoked", "psyched", "y'all", "ain't", "legit", "vibe", "vibes"})
MILD_SLANG = frozenset({"awesome", "cool", "super", "hey", "guys", "totally", "stuff", "pumped", "crazy", "cheers",
                        "chat", "chatting", "folks", "ok", "okay", "hi"})
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

STOPWORDS = frozenset(
    "a an the and or but of to in on at for with about from by as into onto over under your you my me our "
    "we us i it its this that these those how what why when where which who whom is are was were be been "
    "being has have had do does did so very more most new".split())


@dataclass(frozen=True)
class TopicMention:
    """Whether a note names its topic: word for word, or enough of its content words."""

    mentioned: bool
    content_words_found: int
    content_words: int


def placeholders_in(text: str) -> list[str]:
    """Every distinct leftover placeholder in a text, in order of appearance (`{ x }` inside `{{ x }}` once)."""
    spans = sorted((m.start(), -m.end()) for pattern in PLACEHOLDERS for m in pattern.finditer(text))
    found: list[str] = []
    reached = -1
    for start, neg_end in spans:
        if -neg_end > reached:
            found.append(text[start:-neg_end])
            reached = -neg_end
    return list(dict.fromkeys(found))


def sentences(paragraph: str) -> list[str]:
    return [s for s in SENTENCE_END.split(paragraph.strip()) if s]


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[\w']+", text.lower().replace("’", "'")))


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


@lru_cache(maxsize=4096)
def content_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _normal(text).split() if w not in STOPWORDS and len(w) > 1)


def topic_mention(note_text: str, topic: str) -> TopicMention:
    """Word for word, or most (more than half) of the topic's content words, counts as a mention."""
    wanted = content_stems(topic)
    found = len(wanted & content_stems(note_text))
    verbatim = f" {_normal(topic)} " in f" {_normal(note_text)} "
    return TopicMention(verbatim or (bool(wanted) and found * 2 > len(wanted)), found, len(wanted))


def stock_phrase(sentence: str) -> str | None:
    """The first stock phrase in a sentence, as written there, or None."""
    match = _ANY_STOCK_PHRASE.search(sentence.lower().replace("’", "'"))
    return sentence[match.start():match.end()] if match else None


def generic_sentences(paragraphs: Sequence[str], specific: Iterable[str]) -> tuple[list[str], int]:
    """Stock sentences with nothing specific in them or beside them (same paragraph), and the sentence count.

    `specific` holds the stems of what only this note can say: the topic, the detail,
    the qualifications, the industry.
    """
    specific_stems = set(specific)
    lonely: list[str] = []
    total = 0
    for paragraph in paragraphs:
        parts = sentences(paragraph)
        total += len(parts)
        concrete = [bool(content_stems(s) & specific_stems) or bool(re.search(r"\d", s)) for s in parts]
        for i, sentence in enumerate(parts):
            nearby = concrete[max(0, i - 1):i + 2]
            if stock_phrase(sentence) and not any(nearby):
                lonely.append(sentence)
    return lonely, total


def off_tone(text: str, tone: str) -> list[str]:
    """What in a text does not suit its tone: listed words, emoji, runs or a pile of exclamation marks."""
    banned = OFF_TONE_WORDS[tone]
    found: list[str] = []
    for match in _TONE_WORD.finditer(text):
        word = match.group(0)
        lowered = word.lower().replace("’", "'")
        if lowered in banned and (len(word) > 1 or (word.islower() and text[match.end():match.end() + 1] != ".")):
            found.append(word)
    if not EMOJI_ALLOWED[tone]:
        found += [e for e in _EMOJI.findall(text) if e != "\ufe0f"]
    found += re.findall(f"!{{{EXCLAMATION_RUN[tone]},}}", text)
    if text.count("!") > EXCLAMATIONS_PER_NOTE[tone]:
        found.append(f"{text.count('!')} exclamation marks")
    return list(dict.fromkeys(found))
