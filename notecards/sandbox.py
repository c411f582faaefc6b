"""Template source + context → text, in the one Jinja2 sandbox that notes and designs both render in.

Everything about running untrusted templates lives here: the sandboxed environment and
its limits, the time limit, the compiled-template cache, and the one mapping from
Jinja2's exceptions to a sentence a person can act on (`render`'s `fail` turns that
sentence into the caller's own error: a `TemplateError` for a note, a `DesignError` for
a design).
"""

from __future__ import annotations

import difflib
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import NotecardsError, TemplateError
from .resources import data_path


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


def load_template(name_or_path: str, base_dir: Path) -> jinja2.Template:
    """A built-in template by name, or a user's `.j2` / `.jinja` / `.txt` file (relative to `base_dir`), compiled."""
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


def _plain_undefined(message: str, context: dict[str, Any] | None = None) -> str:
    """Jinja2's undefined-name message in words, with the nearest name the template could have meant."""
    context = context or {}
    match = re.match(r"'(\w+) object' has no attribute '(\w+)'", message)
    if match:
        owner, attr = match.groups()
        fields = context.get(owner)
        guess = _closest(attr, list(fields) if isinstance(fields, dict) else [])
        return f"{owner}.{attr} (not set in the interview file, or misspelt){guess}"
    match = re.match(r"'(\w+)' is undefined", message)
    if not match:
        return message
    name = match.group(1)
    inside = [f"{key}.{name}" for key, value in context.items() if isinstance(value, dict) and name in value]
    guess = f"; did you mean {inside[0]}?" if inside else _closest(name, [k for k in context if k.isidentifier()])
    return f"variable {name!r} does not exist{guess}"


def _closest(name: str, names: list[str]) -> str:
    """"; did you mean X?" for the name nearest `name` (case, underscores and spelling aside), or ""."""
    squashed = {n.replace("_", "").casefold(): n for n in names if n != name}
    close = difflib.get_close_matches(name.replace("_", "").casefold(), list(squashed), n=1, cutoff=0.75)
    return f"; did you mean {squashed[close[0]]}?" if close else ""


def render(template: str | jinja2.Template, context: dict[str, Any], fail: Callable[[str], NotecardsError],
           html: bool = False) -> str:
    """Render in the sandbox within `RENDER_SECONDS`; any failure becomes `fail(sentence)`, raised.

    `html` switches on HTML escaping (designs). A `str` is template source; a
    `jinja2.Template` is one already loaded (`load_template`).
    """
    try:
        env = environment().overlay(autoescape=True) if html else environment()
        compiled = env.from_string(template) if isinstance(template, str) else template
        with time_limit(RENDER_SECONDS):
            return compiled.render(context)
    except NotecardsError:
        raise
    except Exception as exc:
        raise fail(failure(exc, context)) from None


def failure(exc: BaseException, context: dict[str, Any] | None = None) -> str:
    """What went wrong in a template, in words: the one mapping from Jinja2's (and Python's) errors to ours."""
    if isinstance(exc, jinja2.TemplateNotFound):  # the note's template, or one it includes
        missing = str(exc.name).removesuffix(".j2")
        return (f"no built-in template {missing!r}; choose one of {', '.join(builtin_templates())} "
                "or give a path to a .j2 file")
    if isinstance(exc, jinja2.UndefinedError):
        return f"undefined: {_plain_undefined(str(exc), context)}"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"blocked by the sandbox: {exc}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"syntax error on line {exc.lineno}: {exc.message}"
    if isinstance(exc, jinja2.TemplateError):
        return str(exc)
    if isinstance(exc, OverflowError | MemoryError | RecursionError):  # range(10**20), a template including itself
        return f"too large to render ({type(exc).__name__}: {exc})"
    if isinstance(exc, RenderTimeout):
        return f"took longer than {RENDER_SECONDS:g} s to render (a loop too many?)"
    return f"{type(exc).__name__}: {exc}"  # the template's own code failed: {{ 1/0 }}, {{ 'a' + 1 }}, choose([])


def template_problem(name_or_path: str, base_dir: Path) -> str | None:
    """Why `name_or_path` cannot be loaded as a note template, or None when it can (for validating the file)."""
    try:
        load_template(name_or_path, base_dir)
    except TemplateError as exc:
        return f"{exc.template}: {exc.message}"
    except Exception as exc:
        return failure(exc)
    return None
