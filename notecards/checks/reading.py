"""`Interview` + composed `Note`s → `Finding`s a careful reader would make: unreadable topics, fragments, echoes.

The built-in templates avoid all of these (compose.py); here they are found in any note,
a user's own `message:` included, each with the fix in words. Severity follows
practice.py's policy: what should not reach an interviewer as it is (a topic that cannot
be set in a sentence, a fragment pasted mid-sentence, a long sentence two panel members
both get) is an error; the rest (an echoed word, a closing said twice, a full-name
greeting) a warning.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..compose import Note, name_words
from ..interview import Interview
from ..load import problem_at
from ..phrasing import phrase
from ..prose import body_sentences, closing_echo, echoes, fragments, full_name_greeting, long_sentences
from .findings import Finding


def unreadable_topics(interview: Interview, notes: Sequence[Note]) -> list[Finding]:
    """Topics and details that cannot be made into a part of a sentence: where, why, the sentence, a rewrite."""
    names = name_words(interview)
    out = []
    for index, person in enumerate(interview.interviewers):
        for key in ("topic", "detail"):
            written = getattr(person, key)
            part = phrase(written, names) if written else None
            if part is None or part.kind != "unclear":
                continue
            where = problem_at(interview, ("interviewers", index, key), "")
            said = _sentence_with(part.text, [n for n in notes if n.index == index])
            shown = f" (the note says “{said}”)" if said else ""
            out.append(
                Finding(
                    "error",
                    "phrasing",
                    person.name,
                    f"{str(where).strip()} “{written}” {part.reason}, so no note can say it{shown}",
                    f"write what you discussed as words a sentence can take, e.g. `{key}: {part.suggestion}`",
                )
            )
    return out


def _sentence_with(words: str, notes: Sequence[Note]) -> str | None:
    """The first sentence of these notes' bodies that holds `words`, or None."""
    return next((s for note in notes for s in body_sentences(body_of(note)) if words in s), None)


def body_of(note: Note) -> list[str]:
    return [b.text for b in note.blocks if b.kind == "body"]


def fragment(interview: Interview, note: Note, text: str) -> list[Finding]:
    found = [f for paragraph in body_of(note) for f in fragments(paragraph)]
    if not found:
        return []
    shown = "; ".join(f"“{f}”" for f in found[:3])
    return [
        Finding(
            "error",
            "fragment",
            note.recipient,
            f"the {note.medium} reads as pasted pieces: {shown}",
            "a capital or a full stop belongs only at a sentence's edges: lower the capital, drop the "
            "full stop, or start the sentence with a capital",
        )
    ]


def echo_ignored(interview: Interview) -> frozenset[str]:
    """Words that may come in two sentences running: people's names, and the job's title (it names the work).

    Worked out once per interview, not once per note: every note of a panel asks, and a
    large batch's names made it quadratic (2.5 s of a 1000-card build).
    """
    global _ignored
    if _ignored[0] is not interview:
        texts = [interview.position.title, *(f"{p.name} {p.salutation or ''}" for p in interview.interviewers)]
        _ignored = (interview, frozenset(word.lower() for text in texts for word in text.split()))
    return _ignored[1]


_ignored: tuple[Interview | None, frozenset[str]] = (None, frozenset())  # the last interview asked, and the answer


def echo(interview: Interview, note: Note, text: str) -> list[Finding]:
    found = echoes(body_of(note), echo_ignored(interview))
    if not found:
        return []
    first = found[0]
    return [
        Finding(
            "warning",
            "echo",
            note.recipient,
            f"“{first.word}” comes in two sentences running: “{first.first}” then “{first.second}”",
            f"say it once: use another word for “{first.word}” in the second sentence, or leave it out",
        )
    ]


def closing_repeated(interview: Interview, note: Note, text: str) -> list[Finding]:
    body = body_of(note)
    closing = next((b.text for b in note.blocks if b.kind == "closing"), "")
    word = closing_echo(body[-1], closing) if body and closing else None
    if word is None:
        return []
    return [
        Finding(
            "warning",
            "closing-repeated",
            note.recipient,
            f"the last line of the {note.medium} already says “{word}”, and the closing “{closing}” says it again",
            "end the message with something else, or choose another closing",
        )
    ]


def greeting(interview: Interview, note: Note, text: str) -> list[Finding]:
    person = interview.interviewers[note.index]
    salutation = next((b.text for b in note.blocks if b.kind == "salutation"), "")
    if interview.tone == "formal" and full_name_greeting(salutation, person.name):
        return [
            Finding(
                "warning",
                "greeting",
                note.recipient,
                f"“{salutation}” greets by the whole name, as a mail merge does",
                f"write “Dear {person.honorific or 'Dr.'} {person.surname},” "
                f"(set `honorific:`) or “Dear {person.first_name},”",
            )
        ]
    return []


def first_name_greetings(interview: Interview, notes: Sequence[Note]) -> list[Finding]:
    """One suggestion for the file: formal notes that greet by first name because no honorific is given."""
    if interview.tone != "formal":
        return []
    people = [interview.interviewers[i] for i in dict.fromkeys(n.index for n in notes if n.template != "message")]
    plain = [p.name for p in people if not p.honorific and not p.salutation]
    if not plain:
        return []
    return [
        Finding(
            "info",
            "greeting",
            None,
            f"the formal notes greet {', '.join(plain)} by first name",
            "set `honorific:` (Dr., Ms., Mr., Mx., Prof.) for “Dear Dr. Surname,”, or `salutation:`, for each",
        )
    ]


def shared_sentences(interview: Interview, notes: Sequence[Note]) -> list[Finding]:
    """Sentences of more than eight words that two notes to different people both have, word for word."""
    seen: dict[str, Note] = {}
    out = []
    for note in notes:  # (practice.py drops these for a note already reported as a near twin)
        for sentence in sorted(long_sentences(body_of(note))):
            first = seen.setdefault(sentence, note)
            if first.index != note.index:
                out.append(
                    Finding(
                        "error",
                        "shared-sentence",
                        note.recipient,
                        f"the {note.medium} and the {first.medium} to {first.recipient} both say “{sentence}”",
                        "reword it in one of them: panel members compare notes",
                    )
                )
    return out


PER_NOTE = (fragment, echo, closing_repeated, greeting)
