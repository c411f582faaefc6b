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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .batch import build_batch
from .checks.practice import CheckResult, refusal, run_checks
from .errors import NotecardsError
from .load import load_interview
from .output.files import unique_stems
from .output.impose import SheetOptions
from .output.write import write_batch

EXIT_OK, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 2, 3


@dataclass(frozen=True)
class BuildOptions:
    """What `notecards build` was asked for, besides the files and the output folder."""

    uniform_size: bool | None = None
    now: datetime | None = None
    force: bool = False
    sheet: SheetOptions | None = None
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
    lines: tuple[str, ...]  # the errors, one line each; empty when written
    report: dict[str, Any] | None = None


def build_file(path: Path, out_dir: Path, options: BuildOptions,
               progress: Callable[[int, int], None] | None = None,
               on_refusal: Callable[[CheckResult], None] | None = None) -> Built:
    """Build one interview file into `out_dir`; raises `CheckError` (after `on_refusal`) when the checks fail it."""
    interview = load_interview(path)
    batch = build_batch(interview, uniform_size=options.uniform_size, progress=progress, realism=options.realism)
    result = run_checks(interview, batch.notes, options.now)
    if result.errors and not options.force:
        if on_refusal is not None:
            on_refusal(result)
        raise refusal(result)
    return Built(write_batch(batch, out_dir, options.sheet, result), result)


def output_folders(paths: Sequence[Path], out: Path) -> list[Path]:
    """One subfolder of `out` per interview file, named after the file (made unique: `kim.yaml`, `kim.yml`)."""
    return [out / stem for stem in unique_stems(path.stem for path in paths)]


def build_files(paths: Sequence[Path], out: Path, options: BuildOptions, workers: int | None = None) -> list[Outcome]:
    """Build every file into its own folder of `out`, several at a time; outcomes in the order of `paths`."""
    folders = output_folders(paths, out)
    jobs = list(zip(paths, folders, strict=True))
    workers = min(len(jobs), workers or os.cpu_count() or 1)
    if workers <= 1:
        return [_outcome(path, folder, options) for path, folder in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_outcome, path, folder, options) for path, folder in jobs]
        return [_collected(future.result, path, folder) for future, (path, folder) in zip(futures, jobs, strict=True)]


def _outcome(path: Path, out_dir: Path, options: BuildOptions) -> Outcome:
    """Build one file; every way it can fail becomes lines of an `Outcome`, so the other files go on."""
    try:
        built = build_file(path, out_dir, options)
    except NotecardsError as exc:
        return Outcome(path, out_dir, EXIT_BAD_INPUT, tuple(exc.lines()))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return Outcome(path, out_dir, EXIT_BAD_INPUT, (f"{where}{exc.strerror or exc}",))
    except Exception as exc:
        return Outcome(path, out_dir, EXIT_INTERNAL, (internal_error(exc),))
    return Outcome(path, out_dir, EXIT_OK, (), built.report)


def _collected(result: Callable[[], Outcome], path: Path, out_dir: Path) -> Outcome:
    """A worker's outcome; a worker that died (killed, out of memory) is that file's internal error."""
    try:
        return result()
    except Exception as exc:
        return Outcome(path, out_dir, EXIT_INTERNAL, (internal_error(exc),))


def internal_error(exc: BaseException) -> str:
    """The one line for a bug in notecards (not the user's input)."""
    return f"internal error ({type(exc).__name__}: {exc}); this is a bug in notecards: run with --debug for details"
