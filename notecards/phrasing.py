"""A `topic:` or `detail:` as people type it → a `Phrase`: the words a sentence can take, and what kind they are.

People write "The new dashboard project.", "we talked about my SQL test", "How do you
handle on-call?" or "You said the team is hiring two more people". A note needs the part
inside: "the new dashboard project", "my SQL test", "how you handle on-call", "that the
team is hiring two more people". `phrase()` takes off what wraps the part (a reported
"we discussed …", a question's word order, a leading capital that is not a name or an
acronym, the closing full stop) and says which kind it is, so a template can choose a
phrasing that takes that kind:

    noun     the Kubernetes migration           → "our talk about the Kubernetes migration"
    gerund   moving batch jobs to streaming     → "our talk about moving batch jobs to streaming"
    wh       how forecasts reach the stores     → "what you said about how forecasts reach the stores"
    clause   the team is hiring two more people → "good to hear that the team is hiring two more people"

What cannot be made to read well keeps kind `unclear`, with the reason and a suggested
rewrite; `notecards check` reports it as an error at its line in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from .resources import data_path

Kind = Literal["noun", "gerund", "wh", "clause", "unclear"]
MAX_WORDS = 22  # longer than this, a topic is a paragraph of its own, not a part of a sentence

_WH = ("how", "why", "what", "whether", "where", "when", "who", "which")
_SUBJECTS = ("i", "you", "we", "they", "he", "she", "it", "there")
_AUX = (
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "can",
    "could",
    "should",
    "has",
    "have",
    "had",
    "does",
    "do",
    "did",
    "may",
    "might",
    "must",
    "isn't",
    "aren't",
    "won't",
    "can't",
    "doesn't",
    "don't",
)
# "we discussed X", "talked about X": the part is X, and X is classified again.
_REPORTED_TOPIC = re.compile(
    r"^(?:(?:we|you and i|i)\s+(?:also\s+)?|you\s+)?"
    r"(?:talked|spoke|chatted|went|got)?\s*"
    r"(?:about|discussed|covered|touched on|went over|walked me through|showed me|described|"
    r"explained|mentioned|asked(?: me)? about|told me about|talked about|spoke about|chatted about|"
    r"went through|dug into|got into|a (?:discussion|conversation|chat) (?:about|of|on))\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# "you said (that) X", "you mentioned that X": the part is the clause X.
_REPORTED_CLAUSE = re.compile(
    r"^(?:you|she|he|they)\s+(?:(?P<says>said|told me|felt|thought|think|believe|believed|hoped|hope)|"
    r"mentioned|explained|pointed out|noted|added)(?P<that>\s+that)?\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# Verbs people use in what an interviewer said, in the forms a statement has (plural nouns such as
# "plans" or "needs" left out: "the hiring plans" is a thing, not a statement).
_VERBS = frozenset(
    {
        "runs",
        "goes",
        "go",
        "has",
        "takes",
        "makes",
        "gets",
        "keeps",
        "ships",
        "owns",
        "sees",
        "wants",
        "means",
        "seems",
        "feels",
        "looks",
        "changed",
        "moved",
        "started",
        "decided",
        "built",
        "shipped",
        "grew",
        "made",
        "went",
        "took",
        "got",
        "became",
        "cut",
        "doubled",
        "halved",
        "launched",
        "hired",
        "merged",
        "replaced",
        "switched",
        "expects",
        "hopes",
        "aims",
    }
)
# Names the English word list also knows as common words; other such names can be listed under `dictionary:`.
_NAMES_TOO = frozenset(
    {
        "python",
        "rust",
        "ruby",
        "java",
        "swift",
        "spark",
        "excel",
        "word",
        "go",
        "tableau",
        "looker",
        "snowflake",
        "airflow",
        "jira",
        "slack",
        "teams",
        "figma",
    }
)
_TRAILING = " \t.,;:!…—–-"
_QUOTES = "\"'“”‘’"
_NEVER_LOWERED = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "i",
    }
)


@dataclass(frozen=True)
class Phrase:
    """A topic or detail made ready for a sentence: its words, its kind, and for `unclear` why and a rewrite."""

    kind: Kind
    text: str
    written: str  # as the file has it
    reason: str = ""
    suggestion: str = ""

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=4096)  # a note is rendered in several phrasings, each asking again
def phrase(written: str, names: frozenset[str] = frozenset()) -> Phrase:
    """The sentence part in `written` and its kind; `names` (lower case) are words whose capital stays."""
    text = _unquoted(" ".join(written.split()))
    question = text.rstrip(_TRAILING).endswith("?")
    text = text.rstrip(_TRAILING + "?")
    if not text:
        return Phrase("unclear", written, written, "is empty", "a few words about what you discussed")
    if _several_sentences(text):
        first = _lowered(text.split(". ")[0].rstrip(_TRAILING), names)
        return Phrase("unclear", text, written, "holds more than one sentence", first)
    text = _lowered(text, names)
    if (match := _REPORTED_CLAUSE.match(text)) and (match["says"] or match["that"] or _is_clause(match["rest"])):
        said = _classified(_lowered(match["rest"], names), written, question, names)
        # "you said X": X is what was said, a statement even when it has no helping verb ("reviews changed it")
        return said if said.kind in ("wh", "unclear") else Phrase("clause", said.text, written)
    if (match := _REPORTED_TOPIC.match(text)) and not _is_clause(match["rest"]):
        return _classified(_lowered(match["rest"], names), written, question, names)
    return _classified(text, written, question, names)


def _classified(text: str, written: str, question: bool, names: frozenset[str]) -> Phrase:
    words = text.split()
    if len(words) > MAX_WORDS:
        return Phrase(
            "unclear",
            text,
            written,
            f"is {len(words)} words long, more than a sentence can carry",
            " ".join(words[:8]) + " …",
        )
    first = words[0].lower()
    if question or (first in _WH and len(words) > 2 and words[1].lower() in ("do", "does", "did")):
        return _from_question(text, written)
    if first in _WH:
        return Phrase("wh", text, written)
    if first in _SUBJECTS[:3] and len(words) > 1:  # "I showed my portfolio": a sentence of its own
        rest = " ".join(words[2:]) or text
        return Phrase("unclear", text, written, "is a sentence about what happened, not a thing discussed", rest)
    if _is_clause(text):
        return Phrase("clause", text, written)
    if first.endswith("ing") and len(first) > 4 and first not in _ING_NOUNS:
        return Phrase("gerund", text, written)
    return Phrase("noun", text, written)


_ING_NOUNS = frozenset(
    {
        "thing",
        "things",
        "something",
        "nothing",
        "anything",
        "everything",
        "morning",
        "evening",
        "meeting",
        "meetings",
        "building",
        "ceiling",
        "string",
        "spring",
        "king",
        "offering",
        "setting",
        "settings",
        "training",
        "onboarding",
        "pricing",
        "funding",
        "hiring",
        "tooling",
        "testing",
        "planning",
        "staffing",
        "marketing",
        "engineering",
        "listing",
        "ranking",
        "routing",
        "logging",
        "caching",
        "scheduling",
    }
)


def _from_question(text: str, written: str) -> Phrase:
    """A question → the clause it asks: "How do you handle X" → "how you handle X"; "Is X Y" → "whether X is Y"."""
    words = text.split()
    first = words[0].lower()
    wh = first in _WH
    rest = words[1:] if wh else words
    lead = first if wh else "whether"
    if rest and rest[0].lower() in ("do", "does", "did") and len(rest) > 2 and rest[1].lower() in _SUBJECTS:
        if rest[0].lower() == "does":
            return _does_question(lead, rest[1:], text, written)
        verb = rest[2] if rest[0].lower() == "do" else _past(rest[2])
        return Phrase("wh", " ".join([lead, rest[1], verb, *rest[3:]]), written)
    if rest and rest[0].lower() in _AUX and len(rest) > 1:
        aux, body = rest[0], rest[1:]
        if aux.lower() == "does":
            return _does_question(lead, body, text, written)
        if aux.lower() in ("do", "did"):
            return _unclear_question(text, written)
        if body[0].lower() in _SUBJECTS:
            return Phrase("wh", " ".join([lead, body[0], aux, *body[1:]]), written)
        # The verb goes back after its subject: before an -ing word; asking "what is X for Y", before "for Y";
        # asking "what is X", at the end; asking "is X possible", before the last word.
        cut = next(
            (i for i, w in enumerate(body) if i > 0 and w.lower().endswith("ing")),
            next(
                (i for i, w in enumerate(body) if i > 1 and w.lower() in _PREPOSITIONS),
                len(body) if wh or len(body) < 2 else len(body) - 1,
            ),
        )
        return Phrase("wh", " ".join([lead, *body[:cut], aux, *body[cut:]]), written)
    if wh and rest:  # "what made you join": already in statement order
        return Phrase("wh", text, written)
    return _unclear_question(text, written)


_IRREGULAR_PAST = {
    "choose": "chose",
    "build": "built",
    "get": "got",
    "come": "came",
    "go": "went",
    "make": "made",
    "leave": "left",
    "find": "found",
    "begin": "began",
    "take": "took",
    "know": "knew",
    "think": "thought",
    "bring": "brought",
    "buy": "bought",
    "keep": "kept",
    "run": "ran",
    "see": "saw",
    "grow": "grew",
    "hear": "heard",
    "lead": "led",
    "pick": "picked",
    "set": "set",
    "put": "put",
    "cut": "cut",
    "end": "ended",
    "become": "became",
    "give": "gave",
    "write": "wrote",
}


def _past(verb: str) -> str:
    """The past tense of a verb from a "did you …" question, for the clause that reports it."""
    lower = verb.lower()
    if lower in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[lower]
    if lower.endswith("e"):
        return verb + "d"
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


_PREPOSITIONS = frozenset({"for", "in", "at", "on", "of", "with", "from", "by", "over", "during", "after"})
_DETERMINERS = frozenset({"the", "a", "an", "your", "our", "this", "that", "each", "every", "his", "her", "their"})


def _does_question(lead: str, rest: list[str], text: str, written: str) -> Phrase:
    """ "How does the team plan sprints" → "how the team plans sprints", when the subject is easy to see."""
    size = 1 if rest[0].lower() in ("he", "she", "it") else 2 if rest[0].lower() in _DETERMINERS else 0
    if not size or len(rest) <= size:
        return _unclear_question(text, written)
    verb = rest[size]
    verb += "es" if verb.endswith(("s", "sh", "ch", "x", "o")) else "s"
    return Phrase("wh", " ".join([lead, *rest[:size], verb, *rest[size + 1 :]]), written)


def _unclear_question(text: str, written: str) -> Phrase:
    return Phrase(
        "unclear",
        text,
        written,
        "is a question whose words a sentence cannot take as they are",
        "the thing the question was about, such as “the team's sprint planning”",
    )


def _is_clause(text: str) -> bool:
    """Whether words read as a statement (subject and verb): "the team is hiring", "you use Kafka"."""
    words = [w.lower().strip(",") for w in text.split()]
    if len(words) < 2 or words[0] in _WH:
        return False
    if words[0] in _SUBJECTS:
        return True
    if any(word in _VERBS for word in words[1:4]):  # "the team runs Postgres", "reviews changed the culture"
        return True
    for word in words[1:7]:
        if word in ("that", "which", "who", "where", "when", "how", "why", "what", "about", "of", "for", "with"):
            return False
        if word in _AUX:
            return True
    return False


def _several_sentences(text: str) -> bool:
    return re.search(r"[a-z0-9)][.!?]\s+[A-Z]", text) is not None


def _unquoted(text: str) -> str:
    while len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text


def _lowered(text: str, names: frozenset[str]) -> str:
    """`text` with its first letter lowered, unless the first word is a name, an acronym or a brand (GraphQL)."""
    first, _, rest = text.partition(" ")
    bare = first.strip(_QUOTES + "(").lower()
    keep = (
        not first[:1].isupper()
        or first[1:2].isupper()
        or any(c.isupper() for c in first[1:])
        or bare in _NEVER_LOWERED
        or bare in _NAMES_TOO
        or bare in names
        or not _common_word(bare)
    )
    return text if keep else (first[0].lower() + first[1:] + (" " + rest if rest else ""))


@cache
def _word_list() -> frozenset[str]:
    return frozenset((data_path("wordlists") / "en.txt").read_text(encoding="utf-8").split())


def _common_word(word: str) -> bool:
    """Whether a word is an everyday English word (so "The", "New", "Moving"), not a name ("Priya", "Kubernetes")."""
    return word.replace("’", "'") in _word_list()
