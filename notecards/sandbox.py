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
import string
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.compiler
import jinja2.filters
import jinja2.nodes
import jinja2.utils
from jinja2.sandbox import SandboxedEnvironment

from .errors import NotecardsError, ReadError, TemplateError
from .resources import data_path
from .yamlfile import read_text

MAX_TEXT = 1_000_000  # characters in any one string a template builds, and in its whole output
MAX_ITEMS = 100_000  # items in a list a template builds (the bound Jinja2 itself puts on range())
MAX_WIDTH = 1_000  # a padding width, or a format spec's width or precision
MAX_INT_BITS = 4_096  # a number of more than about 1,200 digits is not for a note
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.DOTALL)


def _refuse(what: str) -> jinja2.exceptions.SecurityError:
    return jinja2.exceptions.SecurityError(what)


def bounded(value: Any) -> Any:
    """`value`, unless it is a string, list or number larger than a note could need."""
    if type(value) is str:  # nearly every value a template makes: one test instead of three
        if len(value) > MAX_TEXT:
            raise _refuse(f"the text would be {len(value):,} characters, over the limit of {MAX_TEXT:,}")
        return value
    if isinstance(value, str | bytes) and len(value) > MAX_TEXT:
        raise _refuse(f"the text would be {len(value):,} characters, over the limit of {MAX_TEXT:,}")
    if isinstance(value, list | tuple | dict | set) and len(value) > MAX_ITEMS:
        raise _refuse(f"the list would have {len(value):,} items, over the limit of {MAX_ITEMS:,}")
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise _refuse("the number would have more than 1,200 digits")
    return value


def _size_of(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes) else len(str(value)) if value is not None else 0


def _check_total(size: int) -> None:
    if size > MAX_TEXT:
        raise _refuse(f"the text would be about {size:,} characters, over the limit of {MAX_TEXT:,}")


def _check_width(number: Any, what: str = "width") -> None:
    if isinstance(number, int) and number > MAX_WIDTH:
        raise _refuse(f"a {what} of {number:,} is larger than the limit of {MAX_WIDTH:,}")


def _check_spec_numbers(spec: str) -> None:
    if "{" in spec:
        raise _refuse("a format spec may not itself contain {fields}")
    for number in re.findall(r"\d+", spec):
        _check_width(int(number), "format width or precision")


def _arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    values = [*args, *kwargs.values()]
    for value in list(values):
        if isinstance(value, dict):
            values += value.values()
        elif isinstance(value, list | tuple):
            values += value
    return values


def check_percent(template: str | bytes, values: Any) -> None:
    """Refuse `template % values` when a width or precision is huge or given by `*`, or the result could be."""
    text = template if isinstance(template, str) else template.decode("latin-1")
    specs = _PERCENT_SPEC.findall(text)
    for width, precision, _ in specs:
        if "*" in (width, precision):
            raise _refuse("a width or precision given by * is not allowed")
        _check_width(int(width or 0), "format width")
        _check_width(int(precision or 0), "format precision")
    largest = max((_size_of(v) for v in _arguments((values,), {})), default=0)
    _check_total(len(text) + len(specs) * (largest + MAX_WIDTH))


def check_str_format(template: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse `template.format(...)` whose specs or result could be huge (`{:>1000000000}`, `{0}` a million times)."""
    fields = 0
    for _, field, spec, _ in string.Formatter().parse(template):
        if field is not None:
            fields += 1
            _check_spec_numbers(spec or "")
    largest = max((_size_of(v) for v in _arguments(args, kwargs)), default=0)
    _check_total(len(template) + fields * (largest + MAX_WIDTH))


def _check_method(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Refuse a str, bytes or list method call whose result would be over the limits, before it runs.

    Returns the arguments to call it with: an iterator given to `join` is read into a list to be measured.
    """
    owner, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
    if isinstance(owner, str | bytes) and name == "join" and len(args) == 1:
        args = (list(args[0]),) if not isinstance(args[0], str | bytes) else args
    if isinstance(owner, str | bytes):
        _check_text_method(owner, name, args, kwargs)
    elif isinstance(owner, list | dict | set) and name in ("append", "insert", "add", "setdefault"):
        bounded([*owner, None] if len(owner) >= MAX_ITEMS else owner)
    elif isinstance(owner, list | dict | set) and name in ("extend", "update") and args:
        _check_items(len(owner) + len(args[0]) if hasattr(args[0], "__len__") else MAX_ITEMS + 1)
    return args


def _check_items(count: int) -> None:
    if count > MAX_ITEMS:
        raise _refuse(f"the list would have over {MAX_ITEMS:,} items")


def _check_text_method(text: str | bytes, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill") and isinstance(first, int):
        _check_total(first)
    elif name == "expandtabs":
        tab = first if isinstance(first, int) else kwargs.get("tabsize", 8)
        tabs = text.count("\t") if isinstance(text, str) else text.count(b"\t")
        _check_total(len(text) + tabs * max(int(tab), 0))
    elif name == "replace" and len(args) >= 2:
        _check_total(_replaced_size(text, args[0], args[1], args[2] if len(args) > 2 else -1))
    elif name == "join" and isinstance(first, list | str | bytes):
        parts = list(first)
        _check_items(len(parts))
        _check_total(sum(_size_of(part) for part in parts) + len(text) * len(parts))
    elif name in ("format", "format_map") and isinstance(text, str):
        check_str_format(text, args, kwargs if name == "format" else (first if isinstance(first, dict) else {}))
    elif name == "translate" and isinstance(first, dict):
        longest = max((_size_of(v) for v in first.values()), default=1)
        _check_total(len(text) * max(longest, 1))


def _replaced_size(text: str | bytes, old: Any, new: Any, count: Any) -> int:
    if not isinstance(old, type(text)) or not isinstance(new, type(text)):
        return len(text)
    found = len(text) + 1 if not old else text.count(old)  # type: ignore[arg-type]  # same type, checked above
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(text) + found * max(len(new) - len(old), 0)


class _BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox, with every operation that can build a long string or list bounded before it runs.

    `{{ 'a' * 10**9 }}`, `{{ 'x'.center(10**9) }}`, `{{ '%.1000000000f' % 1 }}`,
    `{{ lipsum(10**6) }}`, a `~` doubling in a loop: each is refused with a sentence, where
    plain Jinja2 would allocate gigabytes. Arithmetic, calls and filters are checked here;
    `~` and the template's output through `concat` (see `_BoundedCodeGenerator`).
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    MAX_ITEMS = MAX_ITEMS

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters.update(_bounded_filters(self.filters))
        self.globals["lipsum"] = _bounded_lipsum(jinja2.utils.generate_lorem_ipsum)

    @staticmethod
    def concat(parts: Iterable[str]) -> str:
        """A template's output (and each `{% set %}` block's): joined, refused past `MAX_TEXT` characters."""
        kept: list[str] = []
        size = 0
        for part in parts:
            size += len(part)
            if size > MAX_TEXT:
                raise _refuse(f"the output would be over {MAX_TEXT:,} characters")
            kept.append(part)
        return "".join(kept)

    bounded = staticmethod(bounded)  # what `~` is compiled to call (see `_BoundedCodeGenerator`)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise jinja2.exceptions.SecurityError(f"exponent {right} is larger than a note needs")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int) and len(seq) * count > self.MAX_ITEMS:
                    raise jinja2.exceptions.SecurityError("repetition would make more than 100,000 items")
        if operator == "%" and isinstance(left, str | bytes):
            check_percent(left, right)
        return bounded(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) is Helper:  # notecards' own: what jinja2.runtime.Context.call does for a plain function
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return bounded(__obj._function(*args, **kwargs))
            except StopIteration:
                return __self.undefined("value was undefined because a callable raised a StopIteration exception")
        args = _check_method(getattr(__obj, "__wrapped__", __obj), args, kwargs)
        return bounded(super().call(__context, __obj, *args, **kwargs))


class Helper:
    """A function of notecards' own that templates call, such as `choose`. It is no method of a string or list and
    cannot be unsafe, so the sandbox calls it straight (only bounding its result): the built-in templates call
    `choose` a dozen times a note, and a note is rendered in several phrasings."""

    __slots__ = ("_function",)  # private: the sandbox lets no template reach it

    def __init__(self, function: Callable[..., Any]) -> None:
        self._function = function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:  # `{{ choose }}` shows the function, as it did before it was wrapped
        return repr(self._function)


class _BoundedCodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja2's compiler, except that `a ~ b` passes its result through the sandbox's bound."""

    def visit_Concat(self, node: jinja2.nodes.Concat, frame: jinja2.compiler.Frame) -> None:
        self.write("environment.bounded(")
        super().visit_Concat(node, frame)
        self.write(")")


_BoundedSandbox.code_generator_class = _BoundedCodeGenerator


def _bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Jinja2's filters that can build long text or long lists, each checked before it runs."""
    original = dict(filters)

    def center(value: Any, width: int = 80) -> Any:
        _check_total(width if isinstance(width, int) else 0)
        return original["center"](value, width)

    def indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> Any:
        step = width if isinstance(width, int) else len(str(width))
        _check_total(len(str(s)) + (str(s).count("\n") + 1) * max(step, 0))
        return bounded(original["indent"](s, width, first, blank))

    def wordwrap(
        environment: Any,
        s: Any,
        width: int = 79,
        break_long_words: bool = True,
        wrapstring: str | None = None,
        break_on_hyphens: bool = True,
    ) -> Any:
        breaks = len(str(s)) // max(int(width), 1) + 1
        _check_total(len(str(s)) + breaks * len(wrapstring if wrapstring is not None else "\n"))
        return original["wordwrap"](environment, s, width, break_long_words, wrapstring, break_on_hyphens)

    def format(value: Any, *args: Any, **kwargs: Any) -> Any:
        check_percent(str(value), kwargs or args)
        return bounded(original["format"](value, *args, **kwargs))

    def replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: int | None = None) -> Any:
        _check_total(_replaced_size(str(s), str(old), str(new), -1 if count is None else count))
        return original["replace"](eval_ctx, s, old, new, count)

    def join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        parts = list(value)
        _check_items(len(parts))
        if attribute is not None:
            parts = list(map(jinja2.filters.make_attrgetter(eval_ctx.environment, attribute), parts))
        _check_total(sum(_size_of(part) for part in parts) + len(str(d)) * len(parts))
        return original["join"](eval_ctx, parts, d)

    def batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
        _check_items(int(linecount))
        return original["batch"](value, linecount, fill_with)

    def slice_(eval_ctx: Any, value: Any, slices: int, fill_with: Any = None) -> Any:
        _check_items(int(slices))
        return original["slice"](eval_ctx, value, slices, fill_with)

    def sum_(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        items = list(iterable)
        if isinstance(start, list | tuple | str):
            _check_items(len(start) + sum(len(item) for item in items if hasattr(item, "__len__")))
        return bounded(original["sum"](environment, items, attribute, start))

    def tojson(eval_ctx: Any, value: Any, indent: int | None = None) -> Any:
        _check_width(indent, "JSON indent")
        return bounded(original["tojson"](eval_ctx, value, indent))

    passing = (
        (replace, "replace"),
        (join, "join"),
        (sum_, "sum"),
        (tojson, "tojson"),
        (wordwrap, "wordwrap"),
        (slice_, "slice"),
    )
    for wrapper, name in passing:  # the same first argument (environment or eval context) as Jinja2's own
        wrapper.jinja_pass_arg = original[name].jinja_pass_arg  # type: ignore[attr-defined,union-attr]  # eval_ctx first
    return {
        "center": center,
        "indent": indent,
        "wordwrap": wordwrap,
        "format": format,
        "replace": replace,
        "join": join,
        "batch": batch,
        "slice": slice_,
        "sum": sum_,
        "tojson": tojson,
    }


def _bounded_lipsum(lipsum: Callable[..., Any]) -> Callable[..., Any]:
    def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:
        if not (isinstance(n, int) and isinstance(max, int)) or n * max > 100_000 or n > 1_000:
            raise _refuse("lipsum() is limited to 1,000 paragraphs and 100,000 words")
        return lipsum(n, html, min, max)

    return bounded_lipsum


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
        settings = (
            f"{sorted(_SYNTAX.items())} {sorted(_BoundedSandbox.intercepted_binops)} {MAX_ITEMS} "
            f"{MAX_TEXT} bounded-concat"
        )  # compiled by _BoundedCodeGenerator
        return super().get_cache_key(f"notecards {settings} {name}", filename)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates() -> _CompiledTemplates | None:
    try:
        return _CompiledTemplates()
    except (OSError, RuntimeError):  # no private folder can be made in the temporary directory
        return None


MAX_TEMPLATE_BYTES = 1_000_000  # a note template is a few hundred bytes


def builtin_templates() -> list[str]:
    return sorted(p.name.removesuffix(".j2") for p in data_path("templates").glob("*.j2"))


def load_template(name_or_path: str, base_dir: Path) -> jinja2.Template:
    """A built-in template by name, or a user's `.j2` / `.jinja` / `.txt` file (relative to `base_dir`), compiled."""
    env = environment()
    if name_or_path.endswith((".j2", ".jinja", ".txt")):
        path = Path(name_or_path)
        path = path if path.is_absolute() else base_dir / path
        try:
            return env.from_string(read_text(path, MAX_TEMPLATE_BYTES))
        except ReadError as exc:
            raise TemplateError(exc.message, str(path)) from None
        except (SyntaxError, RecursionError, MemoryError) as exc:  # compiles to Python no interpreter accepts
            raise TemplateError(f"too deeply nested to compile ({type(exc).__name__}: {exc})", str(path)) from None
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
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0
    ):  # never clobber a caller's own timer
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
    """ "; did you mean X?" for the name nearest `name` (case, underscores and spelling aside), or ""."""
    squashed = {n.replace("_", "").casefold(): n for n in names if n != name}
    close = difflib.get_close_matches(name.replace("_", "").casefold(), list(squashed), n=1, cutoff=0.75)
    return f"; did you mean {squashed[close[0]]}?" if close else ""


def render(
    template: str | jinja2.Template, context: dict[str, Any], fail: Callable[[str], NotecardsError], html: bool = False
) -> str:
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
        return (
            f"no built-in template {missing!r}; choose one of {', '.join(builtin_templates())} "
            "or give a path to a .j2 file"
        )
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
