"""Command line: parse arguments, call the public API, print results, map errors to exit codes (0 ok, 2 bad input)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from .errors import NotecardsError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Turn an interview into personal, handwritten-looking thank-you cards that fit real stationery.",
)
_state = {"debug": False}


class Format(str, Enum):
    text = "text"
    json = "json"


InterviewArg = Annotated[Path, typer.Argument(help="The interview YAML file.", show_default=False)]
FormatOpt = Annotated[Format, typer.Option("--format", help="Output format.")]


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show Python tracebacks on errors.")] = False) -> None:
    _state["debug"] = debug


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 120  # pipes and CI logs get full columns, not 80
    return Console(stderr=stderr, highlight=False, width=width)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@app.command()
def build(
    interview: InterviewArg,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output directory.")] = Path("out"),
    uniform_size: Annotated[bool, typer.Option("--uniform-size", help="One size for every card of the same "
                                               "stationery and font: the largest at which all fit.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Fit every note and write OUT/cards.pdf and OUT/report.json."""
    from .build import build_batch
    from .load import load_interview
    from .write import write_batch

    batch = build_batch(load_interview(interview), uniform_size=uniform_size or None)
    data = write_batch(batch, out)
    if not quiet:
        _summary(data, out)


def _summary(data: dict[str, Any], out: Path) -> None:
    from rich.table import Table

    table = Table("recipient", "method", "page", "stationery", "font", "size pt", "x-height mm", "lines", "fill",
                  title=f"notecards → {out}", title_justify="left")
    for n in data["notes"]:
        fill = f"{n['fill']:.0%}" if n["fill"] is not None else ""
        table.add_row(n["recipient"], n["method"], *(str(n[k]) if n[k] is not None else "" for k in
                      ("page", "stationery", "font", "font_size_pt", "x_height_mm", "lines")), fill)
    console = _console()
    console.print(table)
    for warning in data["warnings"]:
        console.print(f"warning: {warning}")


@app.command()
def render(interview: InterviewArg, format: FormatOpt = Format.text) -> None:
    """Print each note's text (a card and/or an email per interviewer)."""
    from .compose import compose_notes
    from .load import load_interview

    loaded = load_interview(interview)
    notes = compose_notes(loaded)
    if format is Format.json:
        _print_json([{"recipient": n.recipient, "method": loaded.interviewers[n.index].method,
                      "medium": n.medium, "text": n.text} for n in notes])
        return
    for i, note in enumerate(notes):
        sys.stdout.write(("\n" if i else "") + f"== {note.recipient} ({note.medium}, {note.words} words) ==\n")
        sys.stdout.write(note.text + "\n")


@app.command()
def stationery(format: FormatOpt = Format.text) -> None:
    """List the stationery catalogue."""
    from .stationery import catalogue

    items = [s.summary() for s in catalogue()]
    if format is Format.json:
        _print_json(items)
        return
    from rich.table import Table

    table = Table("name", "finished (mm)", "fold", "message area (mm)", "description")
    for s in items:
        box = s["message_box_mm"]
        table.add_row(str(s["name"]), f"{s['width_mm']} × {s['height_mm']}", str(s["fold"]),
                      f"{box[0]} × {box[1]}", str(s["label"]))  # type: ignore[index]
    _console().print(table)


@app.command()
def fonts(format: FormatOpt = Format.text) -> None:
    """List the bundled fonts."""
    from .fonts import font_names, load_face

    items = [load_face(name).summary() for name in font_names()]
    if format is Format.json:
        _print_json(items)
        return
    from rich.table import Table

    table = Table("name", "family", "style", "x-height (em)", "glyphs", "licence")
    for f in items:
        table.add_row(*(str(f[k]) for k in ("name", "family", "style", "x_height_em", "glyphs", "license")))
    _console().print(table)


@app.command()
def capacity(
    stationery: Annotated[str, typer.Option("--stationery", "-s", help="Stationery name or file.")] = "a2-folded",
    font: Annotated[str, typer.Option("--font", "-f", help="Font name.")] = "caveat",
    format: FormatOpt = Format.text,
) -> None:
    """About how many words and characters fit, at the smallest and at the comfortable size."""
    from .build import capacity_of

    data = capacity_of(stationery, font)
    if format is Format.json:
        _print_json(data)
        return
    out = _console()
    out.print(f"{data['stationery']} in {data['font']} (message area {data['box_mm'][0]} × {data['box_mm'][1]} mm):")
    for key, label in (("preferred", "comfortable"), ("minimum", "smallest")):
        row = data[key]
        out.print(f"  {label:<11} {row['font_size_pt']:>5} pt (x-height {row['x_height_mm']} mm): "
                  f"about {row['words']} words, {row['characters']} characters")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; turn notecards errors into one line each on stderr and exit 2."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        code = app(args=args, prog_name="notecards", standalone_mode=False)
    except NotecardsError as exc:
        if debug:
            raise
        for line in exc.lines():
            sys.stderr.write(f"error: {line}\n")
        raise SystemExit(2) from None
    except SystemExit:
        raise
    except Exception as exc:  # a click usage error, or a bug: one line, no traceback
        if debug:
            raise
        _report_other(exc)
    if isinstance(code, int) and code:
        raise SystemExit(code)


def _report_other(exc: Exception) -> None:
    if type(exc).__name__ == "Abort":  # Ctrl-C at a prompt
        raise SystemExit(130) from None
    if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # a click usage error: already one clear line
        exc.show()
        raise SystemExit(exc.exit_code) from None
    sys.stderr.write(f"error: internal error ({type(exc).__name__}: {exc}); run with --debug for details\n")
    raise SystemExit(1) from None
