"""Jinja2 (sandboxed) + `Interview` → `Note`s: each recipient's text split into salutation, body, closing, signature."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from .catalogue.signatures import is_image_path
from .errors import TemplateError
from .interview import Interview, Interviewer
from .load import locate
from .sandbox import failure, load_template, render

CARD_TEMPLATE = "thank-you"
EMAIL_TEMPLATE = "thank-you-email"
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
    """The name to write after "Dear": the given salutation, else full name (formal) or first name."""
    if person.salutation:
        return person.salutation
    return person.name if tone == "formal" else person.name.split()[0]


def shared_context(interview: Interview) -> dict[str, Any]:
    """The parts of the context every note of one interview shares (build it once per batch)."""
    return {
        "candidate": _fields("candidate", interview.candidate.model_dump()),
        "position": _fields("position", interview.position.model_dump()),
        "interview": _fields("interview", {**interview.interview.model_dump(),
                                           "weekday": interview.interview.date.strftime("%A")}),
    }


def context_for(interview: Interview, person: Interviewer, index: int,
                shared: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a template sees. `variant` differs per interviewer so a panel's notes differ in wording."""
    count = len(interview.qualifications)
    highlights = [interview.qualifications[(index + k) % count] for k in range(min(2, count))] if count else []
    settings = interview.settings_for(person)
    return {
        **(shared or shared_context(interview)),
        "interviewer": _fields("interviewer", {**person.model_dump(),
                                               "first_name": person.name.split()[0]}),
        "qualifications": list(interview.qualifications),
        "highlights": highlights,
        "tone": interview.tone,
        "dear": default_salutation(person, interview.tone),
        "closing": CLOSINGS[interview.tone],
        "signature": (settings.signature if settings.signature and not is_image_path(settings.signature)
                      else interview.candidate.first_name),  # a signature picture replaces the written name
        "variant": index,
    }


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
    bound["choose"] = lambda options, salt=0: _choose(context, options, salt)
    return render(loaded, bound, fail)










_CLOSING = re.compile(
    r"(sincerely|best|best wishes|(kind|warm|warmest|best) regards|regards|thanks( again)?|thank you( again)?|"
    r"many thanks|cheers|warmly|respectfully|yours( truly| sincerely)?|all the best|gratefully|"
    r"with (thanks|gratitude|appreciation))[,.!]?", re.IGNORECASE)


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
        if leaves_a_body and _is_closing(lines[i]) and all(_is_short_line(ln) for ln in lines[i + 1:]):
            tail = [Block("closing", lines[i]), *(Block("signature", ln) for ln in lines[i + 1:])]
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
        if kept[:len(kept) - taken]:
            out.append("\n".join(kept[:len(kept) - taken]))
    return out[::-1]


def _is_short_line(text: str) -> bool:
    return "\n" not in text and len(text.split()) <= 6


def compose_notes(interview: Interview, indices: Iterable[int] | None = None) -> list[Note]:
    """Every note the interview asks for: a card and/or an email per interviewer (or those of `indices`), in order."""
    notes: list[Note] = []
    shared = shared_context(interview)
    for index in range(len(interview.interviewers)) if indices is None else indices:
        person = interview.interviewers[index]
        context = context_for(interview, person, index, shared)
        settings = interview.settings_for(person)
        if person.wants_card:
            template = settings.template or CARD_TEMPLATE
            notes.append(_note(interview, person, index, "card", template, context))
        if person.wants_email:
            notes.append(_note(interview, person, index, "email", EMAIL_TEMPLATE, context))
    return notes


def _note(interview: Interview, person: Interviewer, index: int, medium: str, template: str,
          context: dict[str, Any]) -> Note:
    try:
        text = render_text(person.message, template, context, interview.base_dir, person.name)
    except TemplateError as exc:

        raise locate(exc, interview, ("interviewers", index, "message") if person.message else
                     ("interviewers", index)) from None
    name = "message" if person.message is not None else template
    return Note(person.name, index, medium, split_blocks(text), name)
