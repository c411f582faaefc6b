"""Read an interview YAML file safely and validate it into an `Interview`, or raise every problem."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .catalogue.fonts import font_names, is_font_path, load_face
from .catalogue.signatures import is_image_path, load_signature
from .catalogue.stationery import load_stationery, stationery_names
from .designs.catalogue import design_names, load_design
from .errors import DesignError, FontError, InterviewError, NotecardsError, Problem, ReadError, StationeryError
from .interview import Interview
from .sandbox import builtin_templates, template_problem
from .yamlfile import field_lines, load_yaml, read_text


def load_interview(path: str | Path) -> Interview:
    """Load and validate one interview file; raise `InterviewError` listing every problem."""
    path = Path(path)
    try:
        text = read_text(path)
    except ReadError as exc:
        raise InterviewError([Problem(exc.file, "", exc.message, exc.line)]) from None
    return parse_interview(text, str(path), source=path)


def parse_interview(text: str, filename: str = "<interview>", source: Path | None = None) -> Interview:
    """Validate interview YAML given as text; `filename` is used in error messages."""
    data = _safe_load(text, filename)
    if not isinstance(data, dict):
        raise InterviewError(
            [Problem(filename, "", "expected a mapping with candidate, position, interview and interviewers", 1)]
        )
    try:
        interview = Interview.model_validate(_canonical_names(_composed(data)))
    except ValidationError as exc:
        lines = field_lines(text)
        raise InterviewError([_problem(err, filename, lines) for err in exc.errors()]) from None
    interview._source = source.resolve() if source else None
    interview._filename = filename
    _check_names(interview, text, filename)
    return interview


def _composed(value: Any) -> Any:
    """Every string in NFC form: accents typed or pasted as separate marks (macOS does) print on their letter."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_composed(k): _composed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_composed(v) for v in value]
    return value


_NAMED = ("font", "stationery", "template", "design", "plotter_font")


def _known_names(key: str) -> tuple[str, ...]:
    """The built-in names a `font:`, `stationery:`, `template:`, `design:` or `plotter_font:` may take (a
    `signature:` has none: it is a name to write or a picture's path)."""
    listings: dict[str, Callable[[], Iterable[str]]] = {
        "font": font_names,
        "stationery": stationery_names,
        "template": builtin_templates,
        "design": design_names,
        "plotter_font": _stroke_font_names,
    }
    return tuple(listings[key]()) if key in listings else ()


def _stroke_font_names() -> tuple[str, ...]:
    from .catalogue.strokes import stroke_font_names  # the plotter's fonts only for a file that names one

    return stroke_font_names()


def _canonical_names(data: Any) -> Any:
    """The file with built-in names matched without regard to case: `font: Caveat` means caveat."""
    if not isinstance(data, dict):
        return data
    people = data.get("interviewers")
    blocks: list[Any] = [data.get("card"), *(people if isinstance(people, list) else [])]
    for block in blocks:
        for key in _NAMED if isinstance(block, dict) else ():
            value = block.get(key)
            if isinstance(value, str):
                block[key] = _canonical(key, value)
            elif isinstance(value, list):
                block[key] = [_canonical(key, v) if isinstance(v, str) else v for v in value]
    return data


def _canonical(key: str, name: str) -> str:
    matches = [known for known in _known_names(key) if known.casefold() == name.casefold()]
    return matches[0] if matches else name


def _did_you_mean(key: str, name: str) -> str:
    close = difflib.get_close_matches(name.casefold(), _known_names(key), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def _check_names(interview: Interview, text: str, filename: str) -> None:
    """Fonts, stationery, templates and designs must exist; checked here so the error points at the line naming them."""
    found = [
        (loc, message)
        for loc, key, name in _named_choices(interview)
        if (message := _name_problem(key, name, interview.base_dir))
    ]
    if found:
        lines = field_lines(text)
        raise InterviewError(
            [Problem(filename, _field_path(loc), message, _nearest_line(loc, lines)) for loc, message in found]
        )


def _named_choices(interview: Interview) -> list[tuple[tuple[int | str, ...], str, str]]:
    """Every font, stationery, template and design name in the file: (field path, which kind, name)."""
    places: list[tuple[tuple[int | str, ...], Any]] = [(("card",), interview.card)]
    places += [(("interviewers", i), person) for i, person in enumerate(interview.interviewers)]
    out: list[tuple[tuple[int | str, ...], str, str]] = []
    for loc, settings in places:
        for key in ("font", "address_font", "stationery", "template", "design", "plotter_font", "signature"):
            value = getattr(settings, key, None)  # address_font and signature are the card block's only
            names = (
                [((*loc, key), value)]
                if isinstance(value, str)
                else [((*loc, key, j), name) for j, name in enumerate(value or [])]
            )
            out += [(where, key.removeprefix("address_"), name) for where, name in names]
    return out


def _name_problem(key: str, name: str, base_dir: Path) -> str | None:
    """Why `name` cannot be used as a font, stationery, template or design, or None when it can."""
    problem = _unusable(key, name, base_dir)
    guess = _did_you_mean(key, name)
    if not problem or not guess:
        return problem
    return f"{problem}; {guess}"


def _unusable(key: str, name: str, base_dir: Path) -> str | None:
    try:
        if key == "font" and is_font_path(name):
            load_face(str((base_dir / name).resolve()))
        elif key == "font" and name not in font_names():
            return f"unknown font {name!r}; choose one of {', '.join(font_names())}"
        if key == "plotter_font" and name not in _stroke_font_names():
            return f"unknown plotter font {name!r}; choose one of {', '.join(_stroke_font_names())}"
        if key == "signature" and is_image_path(name):
            load_signature((base_dir / name).resolve())
        if key == "stationery":
            load_stationery(name, base_dir)
        if key == "template":
            return template_problem(name, base_dir)
        if key == "design":
            load_design(name, base_dir)
    except (StationeryError, DesignError, FontError) as exc:
        return str(exc)
    return None


def problem_at(interview: Interview, loc: tuple[int | str, ...], message: str) -> Problem:
    """A problem at field `loc` of a loaded interview, with the file (as given) and its line when readable."""
    source = interview.source
    if source is None:
        return Problem("<interview>", _field_path(loc), message)
    try:
        lines = field_lines(read_text(source))  # only ever on an error path
    except ReadError:
        lines = {}
    # the file named as the user named it, as every other error about it does
    return Problem(interview.filename, _field_path(loc), message, _nearest_line(loc, lines))


def locate(error: NotecardsError, interview: Interview, loc: tuple[int | str, ...]) -> NotecardsError:
    """`error`, marked with where in the interview file it comes from (file, line, field path)."""
    if error.where is None:
        problem = problem_at(interview, loc, "")
        error.where = str(problem).removesuffix(": ")
    return error


def _safe_load(text: str, filename: str) -> Any:
    try:
        return load_yaml(text, filename)
    except ReadError as exc:
        raise InterviewError([Problem(exc.file, "", exc.message, exc.line)]) from None


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _user_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop the union branch names pydantic adds (`str`, `list[str]`); users never wrote them."""
    return tuple(
        p
        for p in loc
        if not (isinstance(p, str) and (p in {"str", "list[str]"} or p.startswith(("function-", "literal["))))
    )


def _problem(err: Any, filename: str, lines: dict[tuple[int | str, ...], int]) -> Problem:
    loc = _user_loc(err["loc"])
    kind, message = err["type"], err["msg"]
    if kind == "extra_forbidden":
        message = f"unknown key {loc[-1]!r}" + _suggestion(loc)
    elif kind == "missing":
        message = "required but missing"
    elif plain := _plain_words(kind, loc, err.get("input")):
        message = plain
    elif message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return Problem(filename, _field_path(loc), message, _nearest_line(loc, lines))


_SLASHED_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_EXAMPLES = {
    "candidate": "candidate: {name: Alex Kim, email: alex.kim@example.com}",
    "position": "position: {title: Data Analyst, company: Acme}",
    "interview": 'interview: {date: 2026-11-30, start: "14:00"}',
    "interviewers": "interviewers: [{name: Ada Okafor, topic: the roadmap}]",
    "card": "card: {stationery: a2-folded, font: caveat}",
}


def _plain_words(kind: str, loc: tuple[int | str, ...], value: Any) -> str | None:
    """The usual mistakes, in words that say how to write it instead (None: pydantic's message will do)."""
    field = str(loc[-1]) if loc else ""
    if kind.startswith(("date_", "datetime_")) and isinstance(value, str):
        return f"write dates as YYYY-MM-DD, for example {_iso_example(value)}"
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        return f'put it in quotes, so it stays as written: {field}: "{value}"'
    if kind in ("model_type", "dict_type", "model_attributes_type") and len(loc) == 1 and str(loc[0]) in _EXAMPLES:
        return (
            f"expected fields under {loc[0]}:, not {type(value).__name__} {value!r}; "
            f"for example {_EXAMPLES[str(loc[0])]}"
        )
    if loc == ("interviewers",) and kind in ("too_short", "list_type"):
        return f"list at least one interviewer, for example {_EXAMPLES['interviewers']}"
    if len(loc) == 2 and loc[0] == "interviewers" and kind in ("model_type", "dict_type"):
        return f"each interviewer is a block of fields, for example - {{name: {value}, topic: the roadmap}}"
    return None


def _iso_example(value: str) -> str:
    """`11/30/2026` → `2026-11-30` (month first, as the US writes it, unless the first number is over 12)."""
    match = _SLASHED_DATE.match(value)
    if not match:
        return "2026-11-30"
    first, second, year = (int(g) for g in match.groups())
    month, day = (second, first) if first > 12 else (first, second)
    return f"{year:04d}-{month:02d}-{day:02d}"


def _suggestion(loc: tuple[int | str, ...]) -> str:
    model: type[BaseModel] | None = Interview
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model is not None else None
        if field is None:
            return ""
        model = _model_in(field.annotation)
    if model is None:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else f"; expected one of: {', '.join(model.model_fields)}"


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `list[Interviewer]` or `X | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _nearest_line(loc: tuple[int | str, ...], lines: dict[tuple[int | str, ...], int]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None
