"""Jinja2 (sandboxed) + `Interview` → `Note`s: each recipient's text split into salutation, body, closing, signature."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import TemplateError
from .interview import Interview, Interviewer
from .resources import data_path

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


class _BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox, plus limits on `*` and `**` so `{{ 'a' * 10**9 }}` cannot eat the machine."""

    intercepted_binops = frozenset({"*", "**"})
    MAX_ITEMS = 100_000  # the same bound Jinja2 puts on range()

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise jinja2.exceptions.SecurityError(f"exponent {right} is larger than a note needs")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int) and len(seq) * count > self.MAX_ITEMS:
                    raise jinja2.exceptions.SecurityError("repetition would make more than 100,000 items")
        return super().call_binop(context, operator, left, right)


_SYNTAX = {"autoescape": False, "keep_trailing_newline": False, "trim_blocks": True, "lstrip_blocks": True}


@cache
def environment() -> SandboxedEnvironment:
    """The one sandbox every note and design renders in: strict about undefined names, no autoescape."""
    return _BoundedSandbox(
        loader=jinja2.FileSystemLoader(str(data_path("templates"))),
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # the built-in templates do not change during a run: no stat() per note
        bytecode_cache=_compiled_templates(),
        **_SYNTAX,
    )


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja2's own cache of compiled built-in templates, kept between runs.

    Compiling the built-in card template takes longer than rendering a hundred notes.
    Jinja2 keeps the cache in a folder of the temporary directory that only this user
    may use, and checks each entry against its template's source and Jinja2's version;
    the key adds the sandbox's settings, and a cache that cannot be written is skipped.
    """

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        settings = f"{sorted(_SYNTAX.items())} {sorted(_BoundedSandbox.intercepted_binops)} {_BoundedSandbox.MAX_ITEMS}"
        return super().get_cache_key(f"notecards {settings} {name}", filename)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates() -> _CompiledTemplates | None:
    try:
        return _CompiledTemplates()
    except (OSError, RuntimeError):  # no private folder can be made in the temporary directory
        return None


def builtin_templates() -> list[str]:
    return sorted(p.name.removesuffix(".j2") for p in data_path("templates").glob("*.j2"))


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
        "signature": settings.signature or interview.candidate.first_name,
        "variant": index,
    }


def _choose(context: dict[str, Any], options: list[str], salt: int = 0) -> str:
    variant: int = context["variant"]
    return options[(variant + salt) % len(options)]


def _load_template(name_or_path: str, base_dir: Path) -> jinja2.Template:
    env = environment()
    if name_or_path.endswith((".j2", ".jinja", ".txt")):
        path = Path(name_or_path)
        path = path if path.is_absolute() else base_dir / path
        try:
            return env.from_string(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise TemplateError(f"cannot read: {exc.strerror}", str(path)) from None
        except UnicodeDecodeError:
            raise TemplateError("is not UTF-8 text; save it as UTF-8", str(path)) from None
    return env.get_template(f"{name_or_path}.j2")


def render_text(source: str | None, template: str, context: dict[str, Any], base_dir: Path, recipient: str) -> str:
    """Render a message body (`source` given) or a template, in the sandbox; errors name the recipient."""
    label = "message" if source is not None else template
    try:
        tmpl = environment().from_string(source) if source is not None else _load_template(template, base_dir)
        bound = {**context}
        bound["choose"] = lambda options, salt=0: _choose(context, options, salt)
        with time_limit(RENDER_SECONDS):
            return tmpl.render(bound)
    except jinja2.TemplateNotFound as exc:  # the note's template, or one it includes
        missing = str(exc.name).removesuffix(".j2")
        raise TemplateError(f"no built-in template {missing!r}; choose one of {', '.join(builtin_templates())} "
                            "or give a path to a .j2 file", label, recipient) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"undefined: {_plain_undefined(str(exc))}", label, recipient) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"blocked by the sandbox: {exc}", label, recipient) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"syntax error on line {exc.lineno}: {exc.message}", label, recipient) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(str(exc), label, recipient) from None
    except (OverflowError, MemoryError, RecursionError) as exc:  # e.g. range(10**20), or a template including itself
        raise TemplateError(f"too large to render ({type(exc).__name__}: {exc})", label, recipient) from None
    except RenderTimeout:
        raise TemplateError(f"took longer than {RENDER_SECONDS:g} s to render (a loop too many?)", label,
                            recipient) from None
    except Exception as exc:  # the template's own code failed: {{ 1/0 }}, {{ 'a' + 1 }}, choose([])
        raise TemplateError(f"{type(exc).__name__}: {exc}", label, recipient) from None


RENDER_SECONDS = 5.0  # a note renders in well under a millisecond; nested loops could run for hours


class RenderTimeout(Exception):
    """A template ran past its time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise RenderTimeout in the block after `seconds` (where the platform has SIGALRM, on the main thread).

    Jinja2's sandbox bounds what one call may produce, not how long loops run; a design
    may come from someone else, so every render is also bounded in time.
    """
    if (not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread()
            or signal.getitimer(signal.ITIMER_REAL)[0] > 0):  # never clobber a caller's own timer
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise RenderTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _plain_undefined(message: str) -> str:
    match = re.match(r"'(\w+) object' has no attribute '(\w+)'", message)
    if match:
        return f"{match.group(1)}.{match.group(2)} (not set in the interview file, or misspelt)"
    match = re.match(r"'(\w+)' is undefined", message)
    return f"variable {match.group(1)!r} does not exist" if match else message


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
        from .load import locate

        raise locate(exc, interview, ("interviewers", index, "message") if person.message else
                     ("interviewers", index)) from None
    name = "message" if person.message is not None else template
    return Note(person.name, index, medium, split_blocks(text), name)
