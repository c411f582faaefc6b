"""One exception tree for every way notecards refuses input; messages built from context.

    NotecardsError
    ├── ReadError           any file a user gives: not a regular file, too large, not UTF-8, not safe YAML
    ├── InterviewError      the interview file: YAML, schema, values (one Problem per line)
    ├── StationeryError     a stationery, sheet layout or envelope: file or name (or a sheet option)
    ├── FontError           a font name, or a character no bundled font can draw
    ├── TemplateError       Jinja2: undefined variable, sandbox violation, syntax
    ├── FitError            a note that cannot fit its card at the smallest legible size
    ├── CheckError          follow-up checks found errors (build without --force)
    ├── DesignError         a card design: bad file, or a URL it may not fetch
    ├── OutputError         the output folder or a file in it cannot be written
    └── BatchError          several of the above at once (each card of a batch is tried)

Policy, written once: problems with the input's schema, safety or fit raise one of
these; recoverable things (a glyph drawn from the fallback font, a note set below its
preferred size, a missing address) become warnings in the build report instead.
Each error can describe itself as several one-line problems (`lines()`), which the CLI
prints one per line on stderr before exiting with status 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class NotecardsError(Exception):
    """Root of every error notecards raises on purpose."""

    where: str | None = None  # "file:line: field.path" in the interview file, when the error is tied to one

    def lines(self) -> list[str]:
        """The error as one or more readable one-line problems."""
        return [f"{self.where}: {self}" if self.where else str(self)]

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled whole, context fields included: a card's error may come from a second process (parallel.py).
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(kind: type[NotecardsError], args: tuple[object, ...], state: dict[str, object]) -> NotecardsError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file: where it is and what is wrong."""

    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class ReadError(NotecardsError):
    """A file that cannot be read as notecards reads files: within its size limit, as UTF-8, as safe, bounded YAML."""

    def __init__(self, message: str, file: str | Path, line: int | None = None) -> None:
        self.message = message
        self.file = str(file)
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file}{f':{self.line}' if self.line is not None else ''}: {self.message}"


class InterviewError(NotecardsError):
    """The interview file is unreadable or breaks the schema; carries every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class StationeryError(NotecardsError):
    """A stationery, sheet layout or envelope name not in its catalogue, a broken file, or an impossible --start-at."""

    def __init__(self, message: str, source: str | Path | None = None) -> None:
        self.message = message
        self.source = str(source) if source is not None else None
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class FontError(NotecardsError):
    """An unknown font, or a character that no bundled font can draw."""

    def __init__(self, message: str, recipient: str | None = None, field: str | None = None) -> None:
        self.message = message
        self.recipient = recipient
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        prefix = ""
        if self.recipient:
            prefix = f"note for {self.recipient}"
            if self.field:
                prefix += f" ({self.field})"
            prefix += ": "
        return prefix + self.message


class TemplateError(NotecardsError):
    """A template could not be rendered for one recipient."""

    def __init__(self, message: str, template: str, recipient: str | None = None) -> None:
        self.message = message
        self.template = template
        self.recipient = recipient
        super().__init__(str(self))

    def __str__(self) -> str:
        who = f" for {self.recipient}" if self.recipient else ""
        return f"template {self.template}{who}: {self.message}"


class FitError(NotecardsError):
    """A note that does not fit its stationery even at the smallest legible size."""

    def __init__(
        self,
        recipient: str,
        stationery: str,
        font: str,
        words: int,
        words_that_fit: int,
        lines_over: int,
        alternatives: tuple[str, ...] = (),
        too_wide: tuple[str, ...] = (),
    ) -> None:
        self.recipient = recipient
        self.stationery = stationery
        self.font = font
        self.words = words
        self.words_that_fit = words_that_fit
        self.lines_over = lines_over
        self.alternatives = alternatives
        self.too_wide = too_wide  # words wider than the message area on their own
        super().__init__(str(self))

    @property
    def words_over(self) -> int:
        return max(1, self.words - self.words_that_fit)

    def __str__(self) -> str:
        if self.too_wide:
            word = self.too_wide[0] if len(self.too_wide[0]) <= 40 else self.too_wide[0][:37] + "…"
            return (
                f"note for {self.recipient} does not fit {self.stationery} in {self.font}: the word {word!r} "
                "alone is wider than the message area at the smallest size; shorten it or break it with spaces"
            )
        over = self.words_over
        text = (
            f"note for {self.recipient} does not fit {self.stationery} in {self.font}: "
            f"about {over} word{'s' * (over != 1)} over ({self.words} words, about {self.words_that_fit} fit; "
            f"{self.lines_over} line{'s' * (self.lines_over != 1)} too many at the smallest size)"
        )
        if self.alternatives:
            *rest, last = self.alternatives
            text += f"; {', '.join(rest) + ' or ' if rest else ''}{last} would fit"
        return text


class CheckError(NotecardsError):
    """Follow-up checks found errors and the build was not forced."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = tuple(messages)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(self.messages)

    def lines(self) -> list[str]:
        return [*self.messages, "nothing written: fix these or build with --force"]


class DesignError(NotecardsError):
    """A card design that cannot be used, or that tried to fetch a forbidden URL."""

    def __init__(self, message: str, design: str) -> None:
        self.message = message
        self.design = design
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"design {self.design}: {self.message}"


class OutputError(NotecardsError):
    """An output path that cannot be written (not a folder, no permission, disk full)."""

    def __init__(self, message: str, path: str | Path) -> None:
        self.message = message
        self.path = str(path)
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class BatchError(NotecardsError):
    """Several cards of one batch failed; every one of them is reported."""

    def __init__(self, errors: list[NotecardsError]) -> None:
        self.errors = tuple(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(line for error in self.errors for line in error.lines())

    def lines(self) -> list[str]:
        return [line for error in self.errors for line in error.lines()]
