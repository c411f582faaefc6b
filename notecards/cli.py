"""Command line: parse arguments, call the public API, print results, map errors to exit codes.

Exit codes: 0 ok, 1 `check` found errors, 2 bad input (or a build refused), 3 an internal error (a bug).
"""

from __future__ import annotations

import copy
import gc
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.main import get_command_name

from .errors import NotecardsError

if TYPE_CHECKING:
    from .checks.findings import Finding
    from .checks.practice import CheckResult
    from .output.impose import SheetOptions

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Turn an interview into personal, handwritten-looking thank-you cards that fit real stationery.",
)
_state = {"debug": False}


class Format(StrEnum):
    text = "text"
    json = "json"


InterviewArg = Annotated[Path, typer.Argument(help="The interview YAML file.", show_default=False)]
FormatOpt = Annotated[Format, typer.Option("--format", help="Output format.")]
UniformOpt = Annotated[
    bool,
    typer.Option(
        "--uniform-size", help="One size for every card of the same stationery and font: the largest at which all fit."
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print no table or file list; warnings still go to stderr.")
]


class Realism(StrEnum):
    off = "off"
    subtle = "subtle"
    natural = "natural"
    loose = "loose"


RealismOpt = Annotated[
    Realism | None,
    typer.Option(
        "--realism",
        help="How much the handwriting varies: off "
        "(the font as it is), subtle, natural (default) or loose; "
        "overrides card.realism.",
        show_default=False,
    ),
]


class FlipEdge(StrEnum):
    long_edge = "long-edge"
    short_edge = "short-edge"


PlotterOpt = Annotated[
    bool,
    typer.Option(
        "--plotter",
        help="Also write OUT/plot/: one SVG of single strokes per "
        "card and envelope, for a pen plotter (see `notecards fonts`).",
    ),
]
PenWidthOpt = Annotated[
    str | None,
    typer.Option(
        "--pen-width",
        metavar="WIDTH",
        help="The plotter pen's line width, e.g. 0.3mm (default 0.4mm).",
        show_default=False,
    ),
]
PROGRESS_OVER = 20  # batches of more card notes than this show a progress bar on a terminal
NowOpt = Annotated[
    str | None,
    typer.Option(
        "--now",
        metavar="ISO-DATETIME",
        show_default=False,
        help="Check as if it were this time (ISO 8601; without an offset, in the interview's time zone).",
    ),
]


def _version(wanted: bool) -> None:
    if wanted:
        from .version import __version__

        sys.stdout.write(f"notecards {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show Python tracebacks on errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
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
    interviews: Annotated[
        list[Path],
        typer.Argument(
            help="The interview YAML file(s). Several files are built side by side, each into OUT/<file name>/.",
            show_default=False,
        ),
    ],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output directory.")] = Path("out"),
    uniform_size: UniformOpt = False,
    realism: RealismOpt = None,
    quiet: QuietOpt = False,
    now: NowOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Write even when `notecards check` finds errors.")] = False,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help="Also impose the cards on sheets: letter, a4, "
            "avery-8315, … (see `notecards sheets`) or a layout .yaml file.",
            show_default=False,
        ),
    ] = None,
    bleed: Annotated[
        str | None,
        typer.Option(
            "--bleed",
            help="Room around each card on the sheet for ink that runs off its edge, e.g. 3mm or 0.125in.",
            show_default=False,
        ),
    ] = None,
    flip: Annotated[
        FlipEdge | None,
        typer.Option(
            "--flip",
            help="How your printer turns the paper over for two-sided sheets (default: long-edge).",
            show_default=False,
        ),
    ] = None,
    start_at: Annotated[
        int | None,
        typer.Option(
            "--start-at",
            min=0,
            metavar="N",
            help="Skip the first N positions of the first sheet (a partly used sheet).",
            show_default=False,
        ),
    ] = None,
    offset: Annotated[
        str | None,
        typer.Option(
            "--offset",
            metavar="X,Y",
            help="Shift everything on the sheets X mm right and Y mm down, to correct a printer's drift.",
            show_default=False,
        ),
    ] = None,
    plotter: PlotterOpt = False,
    pen_width: PenWidthOpt = None,
) -> None:
    """Fit and check every note, then write OUT/cards.pdf, envelopes.pdf, emails/, sheets, plot/ and report.json."""
    from .runs import BuildOptions, build_file

    options = BuildOptions(
        uniform_size or None,
        _parse_now(now),
        force,
        _sheet_options(sheet, bleed, flip, start_at, offset),
        _plotter_options(plotter, pen_width),
        realism and realism.value,
    )
    if len(interviews) > 1:
        _build_many(interviews, out, options, quiet)
        return

    def refused(result: CheckResult) -> None:  # the errors themselves come with the refusal
        if not quiet:
            _finding_lines([f for f in result.findings if f.severity != "error"], sys.stderr)

    with _progress_bar(not quiet) as progress:
        built = build_file(interviews[0], out, options, progress, refused)
    if not quiet:
        _summary(built.report, out)
        _finding_lines(list(built.checks.findings), sys.stdout)
    else:  # no table, but what needs the user's attention still shows
        _warning_lines(built.report["warnings"], sys.stderr)
        _finding_lines([f for f in built.checks.findings if f.severity != "info"], sys.stderr)


def _build_many(interviews: list[Path], out: Path, options: Any, quiet: bool) -> None:
    """Build several files side by side; print each one's result; exit with the worst status."""
    from .runs import build_files

    outcomes = build_files(interviews, out, options, debug=_state["debug"])
    for outcome in outcomes:
        for line in outcome.lines:  # each line names its interview file, once
            kind, text = ("warning", line.removeprefix("warning: ")) if outcome.report else ("error", line)
            named = text if text.startswith(str(outcome.source)) else f"{outcome.source}: {text}"
            if kind == "error" or not quiet:
                sys.stderr.write(f"{kind}: {named}\n")
        if not quiet and outcome.report is not None:
            notes = len(outcome.report["notes"])
            cards = sum(1 for note in outcome.report["notes"] if note["page"] is not None)
            sys.stdout.write(
                f"{outcome.source} → {outcome.out_dir}: {notes} note{'s' * (notes != 1)}, "
                f"{cards} card{'s' * (cards != 1)}\n"
            )
    worst = max(outcome.status for outcome in outcomes)
    if worst:
        raise typer.Exit(worst)


def _plotter_options(plotter: bool, pen_width: str | None) -> Any:
    if not plotter:
        if pen_width is not None:
            raise typer.BadParameter("only applies to plotter files; add --plotter", param_hint="'--pen-width'")
        return None
    from .output.impose import parse_length_mm
    from .plot import PEN_MM, PlotterOptions

    pen_mm = _parsed(pen_width, parse_length_mm, "'--pen-width'") if pen_width is not None else PEN_MM
    if not 0.05 <= pen_mm <= 3.0:
        raise typer.BadParameter("give a pen's line width between 0.05 mm and 3 mm", param_hint="'--pen-width'")
    return PlotterOptions(pen_mm)


def _sheet_options(
    sheet: str | None, bleed: str | None, flip: FlipEdge | None, start_at: int | None, offset: str | None
) -> SheetOptions | None:
    if sheet is None:
        given = [
            name
            for name, value in (("--bleed", bleed), ("--flip", flip), ("--start-at", start_at), ("--offset", offset))
            if value is not None
        ]
        if given:
            raise typer.BadParameter(
                "only applies to sheets; add --sheet letter (or a4, …)", param_hint=f"'{given[0]}'"
            )
        return None
    from .output.impose import MAX_BLEED_MM, Flip, SheetOptions, check_sheet_options, parse_length_mm, parse_offset_mm

    bleed_mm = _parsed(bleed, parse_length_mm, "'--bleed'") if bleed is not None else 0.0
    offset_mm = _parsed(offset, parse_offset_mm, "'--offset'") if offset is not None else (0.0, 0.0)
    if not 0 <= bleed_mm <= MAX_BLEED_MM:
        raise typer.BadParameter(f"give between 0 and {MAX_BLEED_MM:g} mm", param_hint="'--bleed'")
    edge: Flip = "short-edge" if flip is FlipEdge.short_edge else "long-edge"
    options = SheetOptions(sheet, bleed_mm, edge, start_at or 0, offset_mm)
    check_sheet_options(options)  # an unknown --sheet fails now, not after every card is fitted
    return options


def _parsed(text: str, parse: Callable[[str], Any], hint: str) -> Any:
    try:
        return parse(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=hint) from None


@contextmanager
def _progress_bar(wanted: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A `progress(done, total)` callback that draws a bar for big batches on a terminal; None when not on one."""
    if not wanted or not sys.stdout.isatty():
        yield None
        return
    from rich.progress import Progress

    # Refreshed from here at each whole per cent, not by rich's timer thread: no thread to start or join.
    with Progress(console=_console(), transient=True, auto_refresh=False) as bar:
        tasks: list[Any] = []
        shown = [-1]

        def update(done: int, total: int) -> None:
            if total > PROGRESS_OVER:
                if not tasks:
                    tasks.append(bar.add_task("fitting notes", total=total))
                bar.update(tasks[0], completed=done)
                if done * 100 // total != shown[0]:  # redrawn at each whole per cent
                    shown[0] = done * 100 // total
                    bar.refresh()

        yield update


def _parse_now(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not an ISO date-time such as 2026-11-25T09:30 or 2026-11-25T09:30-06:00", param_hint="'--now'"
        ) from None


def _finding_lines(findings: list[Finding], stream: Any) -> None:
    from .checks.practice import describe

    for finding in findings:
        stream.write(f"{finding.severity}: {describe(finding)}\n")


@app.command()
def check(interview: InterviewArg, format: FormatOpt = Format.text, now: NowOpt = None) -> None:
    """Hold every note to interview follow-up practice; exit 1 when a finding is an error."""
    from .checks.practice import run_checks
    from .compose import compose_notes
    from .load import load_interview

    loaded = load_interview(interview)
    result = run_checks(loaded, compose_notes(loaded), _parse_now(now))
    if format is Format.json:
        _print_json(result.as_dict())
    else:
        _findings_table(result)
    if result.errors:
        raise typer.Exit(1)


def _findings_table(result: CheckResult) -> None:
    from rich.table import Table

    from .checks.practice import count_by_severity

    console = _console()
    console.print(f"send by {result.send_by.strftime('%a %d %b %Y %H:%M %Z')} ({result.send_by.isoformat()})")
    table = Table("recipient", "severity", "check", "finding", "fix", show_lines=False)
    last = ""
    for finding in result.findings:
        who = finding.recipient or "(whole file)"
        if last and who != last:
            table.add_section()
        table.add_row(who if who != last else "", finding.severity, finding.code, finding.message, finding.fix)
        last = who
    if result.findings:
        console.print(table)
    counts = count_by_severity(result.findings)
    console.print(", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items() if n or kind != "info"))


def _summary(data: dict[str, Any], out: Path) -> None:
    from rich.table import Table

    table = Table(
        "recipient",
        "method",
        "page",
        "stationery",
        "font",
        "size pt",
        "x-height mm",
        "lines",
        "fill",
        title=f"notecards → {out}",
        title_justify="left",
    )
    for n in data["notes"]:
        fill = f"{n['fill']:.0%}" if n["fill"] is not None else ""
        table.add_row(
            n["recipient"],
            n["method"],
            *(
                str(n[k]) if n[k] is not None else ""
                for k in ("page", "stationery", "font", "font_size_pt", "x_height_mm", "lines")
            ),
            fill,
        )
    console = _console()
    console.print(table)
    from .output.report import summary_lines

    for line in summary_lines(data, out):
        console.print(line, soft_wrap=True)
    for warning in data["warnings"]:
        console.print(f"warning: {warning}")


def _warning_lines(warnings: list[str], stream: Any) -> None:
    for warning in warnings:
        stream.write(f"warning: {warning}\n")


@app.command()
def render(interview: InterviewArg, format: FormatOpt = Format.text) -> None:
    """Print each note's text (a card and/or an email per interviewer)."""
    from .compose import compose_notes
    from .load import load_interview

    loaded = load_interview(interview)
    notes = compose_notes(loaded)
    if format is Format.json:
        _print_json(
            [
                {
                    "recipient": n.recipient,
                    "method": loaded.interviewers[n.index].method,
                    "medium": n.medium,
                    "text": n.text,
                }
                for n in notes
            ]
        )
        return
    for i, note in enumerate(notes):
        sys.stdout.write(("\n" if i else "") + f"== {note.recipient} ({note.medium}, {note.words} words) ==\n")
        sys.stdout.write(note.text + "\n")


def _listing(format: Format, items: list[Any], columns: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> None:
    """A catalogue listing: `items` as JSON, or `rows` under `columns` as a table."""
    if format is Format.json:
        _print_json(items)
        return
    from rich.table import Table

    table = Table(*columns)
    for row in rows:
        table.add_row(*row)
    _console().print(table)


@app.command()
def stationery(format: FormatOpt = Format.text) -> None:
    """List the stationery catalogue."""
    from .catalogue.stationery import catalogue
    from .geometry import MM

    items = catalogue()
    rows = (
        (
            s.name,
            f"{s.width_mm} × {s.height_mm}",
            s.fold,
            f"{s.message_box.width / MM:.1f} × {s.message_box.height / MM:.1f}",
            s.label,
        )
        for s in items
    )
    _listing(
        format,
        [s.summary() for s in items],
        ("name", "finished (mm)", "fold", "message area (mm)", "description"),
        rows,
    )


@app.command()
def sheets(format: FormatOpt = Format.text) -> None:
    """List the sheet layouts for `build --sheet`: plain paper cut by hand, and pre-cut card products."""
    from .catalogue.sheets import SheetLayout, sheet_catalogue

    layouts = sheet_catalogue()

    def row(layout: SheetLayout) -> tuple[str, ...]:
        grid = layout.grid
        positions = (
            f"{grid.columns * grid.rows} of {grid.width_mm} × {grid.height_mm} mm"
            if grid
            else f"as many as fit, {layout.gutter_mm:g} mm apart"
        )
        return (
            layout.name,
            f"{layout.width_mm} × {layout.height_mm}",
            "pre-cut" if grid else "cut by hand",
            positions,
            layout.label,
        )

    _listing(
        format,
        [layout.summary() for layout in layouts],
        ("name", "paper (mm)", "kind", "positions", "description"),
        map(row, layouts),
    )


@app.command()
def preview(
    interview: InterviewArg,
    out: Annotated[Path, typer.Option("-o", "--out", help="The preview PDF to write.")] = Path("preview.pdf"),
    guides: Annotated[
        bool,
        typer.Option("--guides", help="Rule a baseline under every line of text, for copying the note out by hand."),
    ] = False,
    png: Annotated[
        Path | None,
        typer.Option("--png", metavar="DIR", help="Also write one PNG per card into DIR.", show_default=False),
    ] = None,
    uniform_size: UniformOpt = False,
    realism: RealismOpt = None,
    quiet: QuietOpt = False,
    plotter: Annotated[
        bool,
        typer.Option(
            "--plotter",
            help="Show what a pen plotter will draw: each card's and "
            "envelope's SVG (as `build --plotter` writes it) at actual size.",
        ),
    ] = False,
    pen_width: PenWidthOpt = None,
) -> None:
    """Each card at actual size with its trim, fold, safe area and message panel drawn in light colours."""
    from .batch import build_batch
    from .load import load_interview
    from .output.preview import write_plot_preview, write_preview

    options = _plotter_options(plotter, pen_width)
    if options is not None and guides:
        raise typer.BadParameter(
            "draws ruled baselines on the printed preview; leave it out with --plotter", param_hint="'--guides'"
        )
    batch = build_batch(load_interview(interview), uniform_size=uniform_size or None, realism=realism and realism.value)
    if options is not None:
        written = write_plot_preview(batch, out, png, plotter=options)
        if not quiet:
            _console().print(
                f"plotter preview: {written.pdf} ({written.pages} sheets)"
                + (f"; PNG: {len(written.pngs)} in {png}" if png is not None else "")
            )
        return
    written = write_preview(batch, out, guides=guides, png_dir=png)
    if quiet:
        _warning_lines(list(batch.warnings), sys.stderr)
    else:
        console = _console()
        cards = len(batch.cards)
        outside = f", {written.pages - cards} outside" if written.pages > cards else ""  # designs drawing there
        console.print(f"preview: {written.pdf} ({cards} card{'s' if cards != 1 else ''}{outside})")
        if png is not None:
            console.print(f"PNG: {len(written.pngs)} in {png}")
        for warning in batch.warnings:
            console.print(f"warning: {warning}")


@app.command()
def fonts(format: FormatOpt = Format.text) -> None:
    """List the bundled fonts: handwriting for print, and single-stroke hands for pen plotters."""
    from .catalogue.fonts import font_names, load_face
    from .catalogue.strokes import load_stroke_font, stroke_font_names

    items = [load_face(name).summary() for name in font_names()]
    items += [load_stroke_font(name).summary() for name in stroke_font_names()]
    keys = ("name", "family", "style", "x_height_em", "glyphs", "license")
    _listing(
        format,
        items,
        ("name", "family", "style", "x-height (em)", "glyphs", "licence", "joined script"),
        ((*(str(f[k]) for k in keys), "yes (not for addresses)" if f["joined"] else "no") for f in items),
    )


@app.command()
def designs(format: FormatOpt = Format.text) -> None:
    """List the built-in card designs."""
    from .designs.catalogue import Design, catalogue

    found = catalogue()

    def row(d: Design) -> tuple[str, ...]:
        sides = (side for side, drawn in (("inside", True), ("outside", d.outside), ("envelope", d.envelope)) if drawn)
        return d.name, ", ".join(d.suits), ", ".join(sides), d.description

    _listing(format, [d.summary() for d in found], ("name", "suits", "sides", "description"), map(row, found))


@app.command()
def capacity(
    stationery: Annotated[str, typer.Option("--stationery", "-s", help="Stationery name or file.")] = "a2-folded",
    font: Annotated[str, typer.Option("--font", "-f", help="Font name.")] = "caveat",
    format: FormatOpt = Format.text,
) -> None:
    """About how many words and characters fit, at the smallest and at the comfortable size."""
    from .cards import capacity_of

    data = capacity_of(stationery, font)
    if format is Format.json:
        _print_json(data)
        return
    out = _console()
    out.print(f"{data['stationery']} in {data['font']} (message area {data['box_mm'][0]} × {data['box_mm'][1]} mm):")
    for key, label in (("preferred", "comfortable"), ("minimum", "smallest")):
        row = data[key]
        out.print(
            f"  {label:<11} {row['font_size_pt']:>5} pt (x-height {row['x_height_mm']} mm): "
            f"about {row['words']} words, {row['characters']} characters"
        )
    out.print("  (a note is never set above the comfortable size unless the card block says `size: fill`)")


def run(argv: list[str]) -> int:
    """Run the command line `argv` in this process; returns the exit status (errors go to stderr, one line each)."""
    debug = "--debug" in argv
    empty = _empty_path_option(argv)
    if empty:  # Path("") is ".": `-o ''` (an unset shell variable) would write into the current folder
        sys.stderr.write(f"error: {empty}: give a path; an empty one would mean the current folder\n")
        return 2
    if debug:  # "run with --debug" is advice people follow by appending it, after the command
        argv = ["--debug", *(arg for arg in argv if arg != "--debug")]
    try:
        code = _app_for(argv)(args=argv, prog_name="notecards", standalone_mode=False)
    except NotecardsError as exc:
        if debug:
            raise
        for line in exc.lines():
            sys.stderr.write(f"error: {line}\n")
        return 2
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except OSError as exc:  # a path that cannot be read or written: the user's to fix, like bad input
        if debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"error: {where}{exc.strerror or exc}\n")
        return 2
    except Exception as exc:  # a click usage error, or a bug: one line, no traceback
        if debug:
            raise
        return _report_other(exc)
    return code if isinstance(code, int) else 0


def _app_for(argv: list[str]) -> typer.Typer:
    """`app` with only the command `argv` names: typer builds click's command, options and types for every
    command it holds, and for ten that took longer than laying out a card. Anything else (no command yet,
    `--help` or `--version` first, a word that is no command) gets the whole app, its listing and messages."""
    name = next((arg for arg in argv if arg != "--debug"), None)  # --debug is the one option taken before it
    for command in app.registered_commands:
        if command.callback is not None and (command.name or get_command_name(command.callback.__name__)) == name:
            one = copy.copy(app)
            one.registered_commands = [command]
            return one
    return app


def _empty_path_option(argv: list[str]) -> str | None:
    """The first path option given an empty value (`-o ''`, `--out=`, `--png ''`), if any."""
    for arg, value in pairwise([*argv, None]):  # each argument with the next (None after the last)
        if arg in ("-o", "--out", "--png") and value == "":
            return arg
        if arg in ("--out=", "--png=", "-o="):
            return arg.rstrip("=")
    return None


def main() -> None:
    """The `notecards` command: run, then end the process without tearing the interpreter down.

    Once every output file is closed and stdout and stderr are flushed, nothing is left to
    do; freeing a build's millions of objects one by one took about 0.1 s of every command.
    """
    # A command's objects nearly all live until this short process ends: the collector only scans them (one pass
    # over start-up's modules took 50 ms) and finds next to nothing. Without it, 10000 cards (or 300 with a
    # design) peak at the same memory, to the megabyte. Only this process, as below.
    gc.disable()
    # pydantic looks for plugins among every installed package's entry points on first use (importlib.metadata,
    # a twentieth of a second); this command uses none. Only this process: a program importing notecards keeps its own.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _without_plugin_loader()
    code = run(sys.argv[1:])
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (`notecards … | head`): nothing more can be said
        code = code or 1
    os._exit(code)


def _without_plugin_loader() -> None:
    """With plugins off, pydantic's plugin loader answers "none"; importing it would still import
    importlib.metadata, and with it zipfile, csv and the email package (a fortieth of a second of a build).

    So the loader is the one function pydantic takes from it, giving that answer, when the
    environment turns plugins off as pydantic reads it (tests/test_cli.py checks pydantic's side).
    """
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in PLUGINS_OFF and PLUGIN_LOADER not in sys.modules:
        loader = ModuleType(PLUGIN_LOADER, "pydantic's plugin loader when plugins are off: none to load")
        loader.__dict__["get_plugins"] = tuple  # () for every schema pydantic builds
        sys.modules[PLUGIN_LOADER] = loader


PLUGIN_LOADER = "pydantic.plugin._loader"
PLUGINS_OFF = ("__all__", "1", "true")  # the values pydantic's loader reads as every plugin off


def _report_other(exc: Exception) -> int:
    if type(exc).__name__ == "Abort":  # Ctrl-C at a prompt
        return 130
    if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # a click usage error: already one clear line
        exc.show()
        return int(exc.exit_code)
    from .runs import EXIT_INTERNAL, internal_error

    sys.stderr.write(f"error: {internal_error(exc)}\n")
    return EXIT_INTERNAL
