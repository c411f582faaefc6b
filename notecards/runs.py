"""Interview file(s) + build options → written output folders: one build, or many spread over the cores.

`build_file` is one `notecards build`: load, build the batch, run the checks (refusing
on errors unless forced), write. `build_files` runs it for several interview files (a
career centre's day of candidates), each into its own subfolder of OUT, in a standard
library process pool: the files are independent, so they use every core; one file's
failure is reported with its name and neither stops nor spoils the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .batch import build_batch
from .checks.practice import CheckResult, refusal, run_checks
from .errors import NotecardsError
from .load import load_interview
from .output.files import unique_stems
from .output.write import write_batch

if TYPE_CHECKING:  # sheets and the plotter are imported only when a build asks for them
    from .output.impose import SheetOptions
    from .plot import PlotterOptions

EXIT_OK, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 2, 3


@dataclass(frozen=True)
class BuildOptions:
    """What `notecards build` was asked for, besides the files and the output folder."""

    uniform_size: bool | None = None
    now: datetime | None = None
    force: bool = False
    sheet: SheetOptions | None = None
    plotter: PlotterOptions | None = None
    realism: str | None = None  # off, subtle, natural or loose: overrides the interview's card.realism


@dataclass(frozen=True)
class Built:
    """One build written: its report (as in report.json) and the check result."""

    report: dict[str, Any]
    checks: CheckResult


@dataclass(frozen=True)
class Outcome:
    """What became of one interview file of a multi-file build (picklable: it crosses processes)."""

    source: Path
    out_dir: Path
    status: int  # EXIT_OK, EXIT_BAD_INPUT or EXIT_INTERNAL
    lines: tuple[str, ...]  # the errors, one line each; when written, its warnings
    report: dict[str, Any] | None = None


def build_file(
    path: Path,
    out_dir: Path,
    options: BuildOptions,
    progress: Callable[[int, int], None] | None = None,
    on_refusal: Callable[[CheckResult], None] | None = None,
) -> Built:
    """Build one interview file into `out_dir`; raises `CheckError` (after `on_refusal`) when the checks fail it."""
    interview = load_interview(path)
    batch = build_batch(interview, uniform_size=options.uniform_size, progress=progress, realism=options.realism)
    result = run_checks(interview, batch.notes, options.now)
    if result.errors and not options.force:
        if on_refusal is not None:
            on_refusal(result)
        raise refusal(result, path)
    return Built(write_batch(batch, out_dir, options.sheet, result, options.plotter), result)


def output_folders(paths: Sequence[Path], out: Path) -> list[Path]:
    """One subfolder of `out` per interview file, named after the file (made unique: `kim.yaml`, `kim.yml`)."""
    return [out / stem for stem in unique_stems(path.stem for path in paths)]


def build_files(
    paths: Sequence[Path], out: Path, options: BuildOptions, workers: int | None = None, debug: bool = False
) -> list[Outcome]:
    """Build every file into its own folder of `out`, several at a time; outcomes in the order of `paths`.

    `workers` (default: `NOTECARDS_WORKERS`, else one per core) bounds the processes. A
    worker that dies (killed, out of memory) takes only its own file with it: the files it
    left unbuilt are built again here. With `debug`, a bug raises with its traceback.
    """
    jobs = list(zip(paths, output_folders(paths, out), strict=True))
    workers = min(len(jobs), workers or _workers_asked() or os.cpu_count() or 1)
    if workers <= 1:
        return [_outcome(path, folder, options, debug) for path, folder in jobs]
    from concurrent.futures import ProcessPoolExecutor  # with multiprocessing, only for several files

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_outcome, path, folder, options, debug) for path, folder in jobs]
        results = [
            _collected(future.result, path, folder, debug) for future, (path, folder) in zip(futures, jobs, strict=True)
        ]
    return [
        result or _outcome(path, folder, options, debug) for result, (path, folder) in zip(results, jobs, strict=True)
    ]


def _workers_asked() -> int:
    """`NOTECARDS_WORKERS` as a positive number, else 0 (not set, or not a number: the default)."""
    text = os.environ.get("NOTECARDS_WORKERS", "")
    return int(text) if text.isdigit() else 0


def _outcome(path: Path, out_dir: Path, options: BuildOptions, debug: bool = False) -> Outcome:
    """Build one file; every way it can fail becomes lines of an `Outcome`, so the other files go on."""
    try:
        built = build_file(path, out_dir, options)
    except NotecardsError as exc:
        return Outcome(path, out_dir, EXIT_BAD_INPUT, tuple(exc.lines()))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return Outcome(path, out_dir, EXIT_BAD_INPUT, (f"{where}{exc.strerror or exc}",))
    except Exception as exc:
        if debug:
            raise
        return Outcome(path, out_dir, EXIT_INTERNAL, (internal_error(exc),))  # a bug: said; the other files built
    warnings = tuple(f"warning: {w}" for w in built.report["warnings"])
    return Outcome(path, out_dir, EXIT_OK, warnings, built.report)


def _collected(result: Callable[[], Outcome], path: Path, out_dir: Path, debug: bool) -> Outcome | None:
    """A worker's outcome, or None when the worker died before it finished (the file is then built here)."""
    from concurrent.futures.process import BrokenProcessPool  # imported with the pool

    try:
        return result()
    except BrokenProcessPool:
        return None
    except Exception as exc:
        if debug:
            raise
        return Outcome(path, out_dir, EXIT_INTERNAL, (internal_error(exc),))


def internal_error(exc: BaseException) -> str:
    """The one line for a bug in notecards (not the user's input)."""
    return f"internal error ({type(exc).__name__}: {exc}); this is a bug in notecards: run with --debug for details"
