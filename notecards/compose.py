"""Jinja2 (sandboxed) + `Interview` → `Note`s: each recipient's text split into salutation, body, closing, signature."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from .catalogue.signatures import is_image_path
from .errors import TemplateError
from .interview import Interview, Interviewer
from .load import locate
from .phrasing import phrase
from .prose import (
    all_sentences,
    awkward,
    closing_echo,
    echoes,
    fragments,
    lead_ins,
    long_sentences,
    masked,
    shingles,
    similarity,
)
from .sandbox import Helper, failure, load_template, render

CARD_TEMPLATE = "thank-you"
SHORT_TEMPLATE = "thank-you-short"
EMAIL_TEMPLATE = "thank-you-email"
BUILTIN_TEMPLATES = (CARD_TEMPLATE, SHORT_TEMPLATE, EMAIL_TEMPLATE)
CLOSINGS = {"formal": "Sincerely,", "warm": "Warm regards,", "casual": "Thanks again,"}


class Block(NamedTuple):
    """A part of a note set on its own: salutation, body (a paragraph), closing or signature (a tuple: see fit.Line)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Note:
    """One message to one interviewer, for one medium (card or email)."""

    recipient: str
    index: int  # the interviewer's position in the file
    medium: str  # "card" | "email"
    blocks: tuple[Block, ...]
    template: str

    @property
    def text(self) -> str:
        out = ""
        for block in self.blocks:
            if out:
                out += "\n" if block.kind == "signature" else "\n\n"
            out += block.text
        return out

    @property
    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)


class _Fields(dict[str, Any]):
    """A read-only mapping shown to templates; its type name is the variable's, for clear errors."""


@cache
def _fields_type(name: str) -> type[_Fields]:
    return type(name, (_Fields,), {"__module__": "builtins"})


def _fields(name: str, values: dict[str, Any]) -> _Fields:
    return _fields_type(name)({k: v for k, v in values.items() if v is not None and v != []})


def default_salutation(person: Interviewer, tone: str) -> str:
    """The name to write after "Dear": the given salutation; formal, the honorific and surname; else the first name.

    Never the whole name: "Dear Jonas Becker," is how a mail merge greets people.
    """
    if person.salutation:
        return person.salutation
    if tone == "formal" and person.honorific:
        return f"{person.honorific} {person.surname}"
    return person.first_name


def shared_context(interview: Interview) -> dict[str, Any]:
    """The parts of the context every note of one interview shares (build it once per batch)."""
    return {
        "candidate": _fields("candidate", interview.candidate.model_dump()),
        "position": _fields("position", interview.position.model_dump()),
        "interview": _fields(
            "interview", {**interview.interview.model_dump(), "weekday": interview.interview.date.strftime("%A")}
        ),
        "qualifications": list(interview.qualifications),
        "tone": interview.tone,
        "closing": CLOSINGS[interview.tone],
    }


def context_for(
    interview: Interview,
    person: Interviewer,
    index: int,
    shared: dict[str, Any] | None = None,
    shift: int = 0,
    turn: int | None = 0,
    names: frozenset[str] | None = None,
) -> dict[str, Any]:
    """What a template sees. `variant` differs per interviewer so a panel's notes differ in wording.

    Each note names one qualification, taken in turn along the panel (`turn` moves it on
    when the one in turn would echo the topic; None names none); `shift` moves every phrasing on.
    """
    personal = _personal_context(interview, person, shared or shared_context(interview), names)
    return _tried_context(interview, index, personal, shift, turn)


def _personal_context(
    interview: Interview, person: Interviewer, shared: dict[str, Any], names: frozenset[str] | None = None
) -> dict[str, Any]:
    """The context of every phrasing of one interviewer's note (the qualification and variant left to fill in)."""
    settings = interview.settings_for(person)
    names = name_words(interview) if names is None else names
    return {
        **shared,
        "interviewer": _fields(
            "interviewer", {**person.model_dump(), "first_name": person.first_name, "surname": person.surname}
        ),
        **{key: phrase(value, names) for key in ("topic", "detail") if (value := getattr(person, key))},
        "qualification": None,  # this, `highlights` and `variant` are set for each phrasing (`_tried_context`)
        "highlights": None,
        "dear": default_salutation(person, interview.tone),
        "signature": (
            settings.signature
            if settings.signature and not is_image_path(settings.signature)
            else interview.candidate.first_name
        ),  # a signature picture replaces the written name
        "variant": 0,
    }


def _tried_context(
    interview: Interview, index: int, personal: dict[str, Any], shift: int = 0, turn: int | None = 0
) -> dict[str, Any]:
    """`personal` (see `_personal_context`) for one phrasing: `shift` and the qualification `turn` filled in."""
    count = len(interview.qualifications)
    highlight = interview.qualifications[(index + turn) % count] if count and turn is not None else None
    context = {**personal}  # the keys keep their places: templates see the same mapping as ever
    context["qualification"] = highlight
    context["highlights"] = [highlight] if highlight else []
    context["variant"] = index + SHIFT_STEP * shift
    return context


def name_words(interview: Interview) -> frozenset[str]:
    """Lower-case words whose capital stays at the start of a topic: names, the company, `dictionary:` words."""
    texts = [
        interview.candidate.name,
        interview.position.company,
        *interview.dictionary,
        *(person.name for person in interview.interviewers),
    ]
    return frozenset(word.lower() for text in texts for word in text.split())


def _choose(context: dict[str, Any], options: list[str], salt: int = 0) -> str:
    variant: int = context["variant"]
    return options[(variant + salt) % len(options)]


def render_text(source: str | None, template: str, context: dict[str, Any], base_dir: Path, recipient: str) -> str:
    """Render a message body (`source` given) or a template, in the sandbox; errors name the recipient."""
    label = "message" if source is not None else template

    def fail(message: str) -> TemplateError:
        return TemplateError(message, label, recipient)

    try:
        loaded = source if source is not None else load_template(template, base_dir)
    except TemplateError:
        raise
    except Exception as exc:
        raise fail(failure(exc)) from None
    bound = {**context}
    bound["choose"] = Helper(lambda options, salt=0: _choose(context, options, salt))
    return render(loaded, bound, fail)


_CLOSING = re.compile(
    r"(sincerely|best|best wishes|(kind|warm|warmest|best) regards|regards|thanks( again)?|thank you( again)?|"
    r"many thanks|cheers|warmly|respectfully|yours( truly| sincerely)?|all the best|gratefully|"
    r"with (thanks|gratitude|appreciation))[,.!]?",
    re.IGNORECASE,
)


def split_blocks(text: str) -> tuple[Block, ...]:
    """Rendered text → blocks. Blank lines separate paragraphs; single newlines inside a body are spaces.

    The first paragraph is the salutation when it is one short line ending in a comma or
    colon. At the end, a closing line ("Sincerely," — any short line ending in a comma,
    or a usual closing without one) followed by short name lines is the closing and the
    signature, whether or not a blank line separates them from the body or each other.
    """
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]
    blocks: list[Block] = []
    if paragraphs and _is_short_line(paragraphs[0]) and paragraphs[0].endswith((",", ":")):
        blocks.append(Block("salutation", paragraphs.pop(0)))
    lines = [ln.strip() for ln in "\n".join(paragraphs[-2:]).splitlines() if ln.strip()]
    tail: list[Block] = []
    for i in range(len(lines) - 2, max(len(lines) - 6, -1), -1):  # the closing, then at most 4 signature lines
        leaves_a_body = i > 0 or len(paragraphs) > 2
        if leaves_a_body and _is_closing(lines[i]) and all(_is_short_line(ln) for ln in lines[i + 1 :]):
            tail = [Block("closing", lines[i]), *(Block("signature", ln) for ln in lines[i + 1 :])]
            paragraphs[-2:] = _without_last_lines(paragraphs[-2:], len(lines) - i)
            break
    blocks += [Block("body", " ".join(p.split())) for p in paragraphs]
    return tuple(blocks + tail)


def _is_closing(line: str) -> bool:
    return _is_short_line(line) and (line.endswith(",") or bool(_CLOSING.fullmatch(line)))


def _without_last_lines(paragraphs: list[str], count: int) -> list[str]:
    """`paragraphs` with their last `count` non-blank lines taken away (emptied paragraphs dropped)."""
    out = []
    for para in reversed(paragraphs):
        kept = [ln for ln in para.splitlines() if ln.strip()]
        taken = min(count, len(kept))
        count -= taken
        if kept[: len(kept) - taken]:
            out.append("\n".join(kept[: len(kept) - taken]))
    return out[::-1]


def _is_short_line(text: str) -> bool:
    return "\n" not in text and len(text.split()) <= 6


def compose_notes(interview: Interview, indices: Iterable[int] | None = None) -> list[Note]:
    """Every note the interview asks for: a card and/or an email per interviewer (or those of `indices`), in order.

    The notes of a panel are composed together, in file order, so that each built-in note
    can keep clear of the long sentences the earlier ones used (`Wording`); a note for
    some of the interviewers reads as it does in the whole batch.
    """
    wanted = None if indices is None else set(indices)
    notes: list[Note] = []
    wording = Wording(interview)
    for index, person in enumerate(interview.interviewers):
        settings = interview.settings_for(person)
        media = [("card", settings.template or CARD_TEMPLATE)] if person.wants_card else []
        media += [("email", EMAIL_TEMPLATE)] if person.wants_email else []
        for medium, template in media:
            note = compose_note(interview, index, medium, template, wording)
            if wanted is None or index in wanted:
                notes.append(note)
    return notes


class Wording:
    """What a panel's notes have said so far, so each built-in note can be worded apart from the others."""

    def __init__(self, interview: Interview) -> None:
        self.shared = shared_context(interview)
        self.names = name_words(interview)
        # The last notes of the batch, a panel's worth: whose, their long sentences (normalised), their masked
        # shingles. The phrasings give a panel of twelve notes that all differ; a batch of hundreds cannot all
        # differ, and comparing with every earlier note would cost time in the square of its size.
        self.recent: deque[tuple[int, set[str], frozenset[str]]] = deque(maxlen=2 * PANEL)  # sentences: all
        self.ignored = frozenset(
            word.lower()
            for person in interview.interviewers
            for word in f"{person.name} {person.salutation or ''}".split()
        )
        self.echo_free = self.ignored | frozenset(interview.position.title.lower().split())
        position = interview.position
        self.once = (position.company.lower(), position.title.lower())  # named at most once in a built-in note
        self.used = [0] * len(interview.qualifications)  # how many notes named each qualification
        self.last_named = [-1] * len(interview.qualifications)  # when each was last named (count of namings)
        self.named = 0
        self.content = _words_of(interview.qualifications)
        self.about: dict[tuple[str, ...], frozenset[str]] = {}

    def tries(self, index: int) -> list[tuple[int, int | None]]:
        """(shift, qualification turn) to try for note `index`, best first: each phrasing with the qualification in
        turn, then the least named so far; at last with none.

        A panel larger than the phrasings times the qualifications would otherwise hear the
        same sentence twice; leaving the qualification out of a note is better than that.
        """
        count = len(self.used)
        if not count:
            return [(shift, 0) for shift in range(SEARCH_SHIFTS)]
        # Least named first; of those, the one named longest ago (never: first), then the one in turn.
        order = sorted(
            range(count),
            key=lambda turn: (self.used[(index + turn) % count], self.last_named[(index + turn) % count], turn),
        )[:2]
        tries: list[tuple[int, int | None]] = [(shift, turn) for shift in range(SEARCH_SHIFTS) for turn in order]
        return tries + [(shift, None) for shift in range(SEARCH_SHIFTS // 2)]

    def defects(self, blocks: tuple[Block, ...], index: int, own: tuple[str, ...]) -> int:
        """How badly a note `index` would read (0: not at all), weighed as `check` would weigh it (see prose.py).

        `own` is what only this note says (its topic and detail): set aside, its wording
        must still differ from every earlier note's to someone else, with room to spare
        below the `check` threshold.
        """
        body = [b.text for b in blocks if b.kind == "body"]
        # The cheap tests come first: a note with an error is not looked at further.
        others = [(said, earlier) for who, said, earlier in self.recent if index - PANEL < who < index]
        mine = all_sentences(body)
        weight = ERROR * sum(len(long_sentences(shared)) for said, _ in others if (shared := mine & said))
        if weight:
            return weight
        wording = shingles(masked("\n".join(body), own, self.ignored))
        weight += ERROR * sum(similarity(wording, earlier) >= NEAR_TWIN for _, earlier in others)
        weight += ERROR * sum(len(fragments(p)) for p in body)
        closing = next((b.text for b in blocks if b.kind == "closing"), "")
        weight += FLAW * (
            sum(len(awkward(p)) for p in body)
            + len(echoes(body, self.echo_free))
            + bool(body and closing and closing_echo(body[-1], closing))
        )
        return weight + self._preferences(body, mine, wording, index, own, others)

    def _about(self, own: tuple[str, ...]) -> frozenset[str]:
        """Words that may recur in a note about `own`: names, the title, and the user's own words (made once a note)."""
        if own not in self.about:
            self.about[own] = self.echo_free | self.content | _words_of(own)
        return self.about[own]

    def _preferences(
        self,
        body: list[str],
        mine: set[str],
        wording: frozenset[str],
        index: int,
        own: tuple[str, ...],
        others: list[tuple[set[str], frozenset[str]]],
    ) -> int:
        """What a reader might notice though `check` would not: each counts one."""
        # Read aloud, a template's own word echoes across a paragraph break too ("I learned …" / "what I learned");
        # the user's words (topic, detail, qualifications) may recur there: they are what the note is about.
        weight = len(echoes([" ".join(body)], self._about(own)))
        joined = " ".join(body).lower()
        weight += sum(joined.count(name) > 1 for name in self.once)
        # The card and the email to one person are read by one person: they lead into the topic differently.
        leads = lead_ins(wording)
        weight += sum(bool(leads & lead_ins(earlier)) for who, _, earlier in self.recent if who == index)
        # Short sentences may recur in a panel, but two of them in two notes make a pattern a reader sees.
        return weight + sum(len(mine & said) > 1 for said, _ in others)


def _words_of(texts: Iterable[str]) -> frozenset[str]:
    return frozenset(word.lower().strip(".,;:!?'\"()") for text in texts for word in text.split())


ERROR, FLAW = 100, 10  # weights: what `check` reports as an error, and as a warning (anything else weighs 1)
NEAR_TWIN = 0.55  # masked similarity a built-in note keeps below (checks/practice.py errs at 0.6)
PANEL = 12  # the largest panel the built-in phrasings keep apart (two notes each: a card and an email)
# A shifted note takes the phrasings of the interviewer 13 places on: past a panel of twelve, so it does not land
# on a panel member's own; and 13 is prime to every number of phrasings a sentence has, so every sentence moves.
SHIFT_STEP = 13
SEARCH_SHIFTS = 24  # phrasings tried per note; each sentence has 3 to 7 phrasings, so this reaches every mix


def compose_note(interview: Interview, index: int, medium: str, template: str, wording: Wording | None = None) -> Note:
    """One note: a user's message or template as it renders; a built-in template in its best phrasing.

    A built-in template is rendered with its phrasings moved on (`shift`) until one reads
    with no fragment, echo, repeated closing or sentence an earlier note of the panel used;
    the first such is kept (else the one with fewest defects), so the choice is the same
    on every run.
    """
    wording = wording or Wording(interview)
    person = interview.interviewers[index]
    builtin = person.message is None and template in BUILTIN_TEMPLATES
    # A file of more interviewers than two panels is a batch (a benchmark, a mail-out), not people who will compare
    # notes: it is phrased by position alone, as fast as one rendering a note, and `check` still reads every note.
    searched = builtin and len(interview.interviewers) <= 2 * PANEL
    tries = wording.tries(index) if searched else [(0, 0)]
    best: tuple[int, Note, int | None, tuple[str, ...]] | None = None
    base_dir = interview.base_dir  # these two are the same for every phrasing tried
    personal = _personal_context(interview, person, wording.shared, wording.names)
    for tried, (shift, turn) in enumerate(tries):
        if best is not None and best[0] < FLAW and tried >= SEARCH_SHIFTS // 2:
            break  # what is left is only a preference: not worth many more renderings
        context = _tried_context(interview, index, personal, shift, turn)
        note = _note(interview, person, index, medium, template, context, base_dir)
        own = tuple(str(context[key]) for key in ("topic", "detail") if key in context)
        own += tuple(getattr(person, key) or "" for key in ("topic", "detail"))
        found = wording.defects(note.blocks, index, own) if searched else 0
        if best is None or found < best[0]:
            best = (found, note, turn, own)
        if found == 0:
            break
    assert best is not None
    if len(interview.interviewers) <= 2 * PANEL:  # a user's own message is remembered too: templates avoid it
        _remember(wording, interview, index, best[1], best[2] if builtin else None, best[3])
    return best[1]


def _remember(
    wording: Wording, interview: Interview, index: int, note: Note, turn: int | None, own: tuple[str, ...]
) -> None:
    """Keep what note `index` said (`own`: its topic and detail), so the panel's next notes can be worded apart."""
    body = [b.text for b in note.blocks if b.kind == "body"]
    wording.recent.append((index, all_sentences(body), shingles(masked("\n".join(body), own, wording.ignored))))
    if interview.qualifications and turn is not None:
        named = (index + turn) % len(interview.qualifications)
        wording.used[named] += 1
        wording.last_named[named] = wording.named
        wording.named += 1


def _note(
    interview: Interview,
    person: Interviewer,
    index: int,
    medium: str,
    template: str,
    context: dict[str, Any],
    base_dir: Path,
) -> Note:
    try:
        text = render_text(person.message, template, context, base_dir, person.name)
    except TemplateError as exc:
        raise locate(
            exc, interview, ("interviewers", index, "message") if person.message else ("interviewers", index)
        ) from None
    name = "message" if person.message is not None else template
    return Note(person.name, index, medium, split_blocks(text), name)
