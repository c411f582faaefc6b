"""A laid-out `Batch` → files in the output directory, each written to a temporary file and renamed into place."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .build import Batch, report
from .errors import OutputError
from .parallel import Alongside, worth_a_second_process
from .production import Production, annotate_report, plan_production, write_production
from .underlay import draw_designed_cards

if TYPE_CHECKING:
    from .impose import SheetOptions


def atomic_write(path: Path, write: Callable[[IO[bytes]], Any]) -> None:
    """Call `write` on a temporary file beside `path`, then rename it over `path`; never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        Path(tmp).chmod(0o666 & ~_umask())  # mkstemp makes 0600; outputs should read like any other file
        Path(tmp).replace(path)
    except BaseException:
        with suppress(OSError):
            Path(tmp).unlink()
        raise


@cache
def _umask() -> int:
    """The process's umask, read once: reading it means setting it, which other threads could see."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_json(path: Path, data: Any) -> None:
    atomic_write(path, lambda f: f.write(report_text(data).encode()))


def report_text(data: dict[str, Any]) -> str:
    """JSON with one line per top-level key, and one line per item of a top-level list (a note, a warning).

    Greppable and diffable a card at a time, and about three times faster to write than
    indenting every field (a 1000-card report is a megabyte).
    """
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def member(key: str, value: Any) -> str:
        if isinstance(value, list) and value:
            return f"  {dump(key)}: [\n" + ",\n".join(f"    {dump(item)}" for item in value) + "\n  ]"
        return f"  {dump(key)}: {dump(value)}"

    if not data:
        return "{}\n"
    return "{\n" + ",\n".join(member(key, value) for key, value in data.items()) + "\n}\n"


def document_title(batch: Batch) -> str:
    position = batch.interview.position
    return f"Thank-you notes: {position.title} at {position.company}"


# Every name a build writes in OUT. What an earlier build left under these names and this
# build does not write again is removed, so OUT never mixes two batches; nothing else in OUT is touched.
OUTPUT_NAMES = ("cards.pdf", "envelopes.pdf", "report.json", "emails")
OUTPUT_PATTERNS = ("sheets-*.pdf",)


def write_batch(batch: Batch, out_dir: Path, sheet: SheetOptions | None = None,
                approve: Callable[[], object] | None = None) -> dict[str, Any]:
    """Write cards.pdf, envelopes.pdf, emails/, sheets-<sheet>.pdf (given `sheet`) and report.json; returns the report.

    Everything is written into a hidden folder inside OUT and moved into place only when
    all of it was written: a failure leaves OUT as it was. cards.pdf is drawn while the
    rest is laid out and written (in a second process for a large batch); `approve` (the
    CLI's checks) is called first meanwhile: raising from it stops the build with nothing
    written.
    """
    out_dir = Path(out_dir)
    created = not out_dir.exists()
    _make_out_dir(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=".notecards-", dir=out_dir))
    published = False
    try:
        with Alongside(lambda: _write_cards(batch, staging), forked=worth_a_second_process(len(batch.cards))) as cards:
            if approve is not None:
                approve()
            production = plan_production(batch, sheet)  # raises (an email with no address) before anything is kept
            _check_emails_folder(out_dir)
            data = annotate_report(report(batch), production, batch)  # after approve(): it adds the findings
            _write_outputs(batch, production, data, staging)
            cards.result()
        _publish(staging, out_dir)
        published = True
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", exc.filename or out_dir) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not published:  # a refused build leaves no trace, not even an empty OUT
            with suppress(OSError):
                out_dir.rmdir()
    return data


def _make_out_dir(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot use as the output folder: {exc.strerror or exc}", out_dir) from None


def _check_emails_folder(out_dir: Path) -> None:
    emails = out_dir / "emails"
    if emails.exists() and not emails.is_dir():
        raise OutputError("is a file; notecards writes the email drafts into a folder of that name", emails)


def _write_cards(batch: Batch, folder: Path) -> None:
    if batch.cards:
        atomic_write(folder / "cards.pdf", lambda f: draw_designed_cards(batch.cards, f, document_title(batch),
                                                                        batch.interview.candidate.name))


def _write_outputs(batch: Batch, production: Production, data: dict[str, Any], folder: Path) -> None:
    """Everything but cards.pdf."""
    write_production(production, folder, document_title(batch), batch.interview.candidate.name)
    write_json(folder / "report.json", data)


def _publish(staging: Path, out_dir: Path) -> None:
    """Move the staged outputs into OUT (report.json last) and remove outputs of an earlier build not made now."""
    staged = [path for path in staging.iterdir() if not path.name.startswith(".")]  # not a killed writer's temp file
    made = {path.name for path in staged}
    earlier = [out_dir / name for name in OUTPUT_NAMES]
    earlier += [path for pattern in OUTPUT_PATTERNS for path in out_dir.glob(pattern)]
    for old in earlier:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)  # emails/: replaced whole, so no draft of an earlier batch stays behind
        elif old.name not in made and old.is_file():
            old.unlink()
    for new in sorted(staged, key=lambda path: path.name == "report.json"):
        new.replace(out_dir / new.name)
