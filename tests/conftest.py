"""Shared test helpers: sample paths, running the CLI, and looking at real pixels of rendered PDF pages."""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from PIL import Image

    from notecards.designs.render import Background

# This file imports only what is quick to import: xdist's main process loads it before it starts the workers, and
# runs no test itself. What the tests need (notecards, pypdfium2, hypothesis) is imported where it is used.

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
FAILURES = Path(__file__).resolve().parent / "_failures"


# The suite samples its longest sweeps so that it runs in well under a minute on two cores: the natural-notes
# corpus (each topic at each panel position in one tone, not all three), the fuzzer's mutants (4 led by each kind of
# mutation, not 10), the fitter's synthetic-ink properties (100 examples, not 300) and the property tests that keep
# hypothesis' default (50 examples, not 100: drawing them is most of their time). NOTECARDS_FULL_SWEEPS=1 runs them
# whole, worth it after changing the templates, the phrasing search, the loader or the fitter (tools/fuzz.py runs
# thousands of mutants more). `--hypothesis-profile` still chooses another profile.
FULL_SWEEPS = bool(os.environ.get("NOTECARDS_FULL_SWEEPS"))


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("numprocesses", None) and not hasattr(config, "workerinput"):
        return  # xdist's main process: it runs no test
    if config.getoption("hypothesis_profile", None):
        return  # chosen on the command line
    from hypothesis import settings

    settings.register_profile("suite", max_examples=50)
    settings.register_profile("full-sweeps", max_examples=100)
    settings.load_profile("full-sweeps" if FULL_SWEEPS else "suite")


# When the tests run against an installed notecards (CI installs the wheel), the CLI runs
# from a neutral folder so that it imports that install, not the checkout; from a source
# tree that is not installed, it runs from the checkout.
_NOTECARDS = importlib.util.find_spec("notecards")  # where `import notecards` finds it, without running it
assert _NOTECARDS is not None and _NOTECARDS.origin is not None, "notecards is not installed"
INSTALLED = not Path(_NOTECARDS.origin).resolve().is_relative_to(ROOT)
NEUTRAL_DIR = Path(tempfile.gettempdir())


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `notecards ARGS` in this process, as the console script would; returns its status and output.

    Starting an interpreter and importing the pipeline took most of the suite's time; the
    command itself runs the same code (`notecards.cli.run`). `run_cli_process` keeps a real
    subprocess for what only one can show (the console script, tracebacks, interrupts).
    """
    from notecards.cli import run

    stdout, stderr = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    try:
        os.environ.update(env or {})
        os.chdir(cwd or ROOT)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = run([*map(str, args)])
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["notecards", *map(str, args)], code, stdout.getvalue(), stderr.getvalue())


def python_prints(code: str) -> str:
    """What `python -c CODE` prints (stripped), run in a fresh interpreter from the repository."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip()


def run_cli_process(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m notecards ARGS` in a new process as a user would; returns the finished process (never raises)."""
    full_env = {**os.environ, **(env or {})}
    where = cwd or (NEUTRAL_DIR if INSTALLED else ROOT)
    return subprocess.run(
        [sys.executable, "-m", "notecards", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=where,
        env=full_env,
        timeout=300,
        check=False,
    )


@functools.cache
def builtin_background(design_name: str, stationery_name: str) -> Background:
    """A built-in design rendered for the design tests' candidate (data/designs/interview.yaml), in the design's
    own ink. The design tests look at the same render from several sides (the message box, the trim, the front
    panel, the envelope): it is made once per worker, apart from the product's own cache."""
    from notecards.catalogue.stationery import load_stationery
    from notecards.designs.catalogue import load_design, people
    from notecards.designs.render import render_background
    from notecards.load import load_interview

    shown = people(load_interview(DATA / "designs" / "interview.yaml"))
    return render_background(load_design(design_name), load_stationery(stationery_name), shown)


def render_page(pdf_path: Path | bytes, index: int, scale: float = 2.0) -> Image.Image:
    """Page `index` of a PDF (a file, or its bytes) as a greyscale image; `scale` pixels per PDF point."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path if isinstance(pdf_path, bytes) else str(pdf_path))
    try:
        image = pdf[index].render(scale=scale, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()
    return image


def ink_outside(
    image: Image.Image,
    box_pt: Sequence[float],
    page_height_pt: float,
    scale: float,
    threshold: int = 200,
    tolerance_px: int = 1,
) -> int:
    """How many inked pixels (darker than `threshold`) lie outside `box_pt` ([x0, y0, x1, y1], origin bottom-left)."""
    x0, y0, x1, y1 = box_pt
    mask = image.point(lambda v: 255 if v < threshold else 0)
    crop = (
        max(0, round(x0 * scale) - tolerance_px),
        max(0, round((page_height_pt - y1) * scale) - tolerance_px),
        round(x1 * scale) + tolerance_px,
        round((page_height_pt - y0) * scale) + tolerance_px,
    )
    return mask.histogram()[255] - mask.crop(crop).histogram()[255]


def ink_inside(
    image: Image.Image, box_pt: Sequence[float], page_height_pt: float, scale: float, threshold: int = 200
) -> int:
    """How many inked pixels lie inside `box_pt`."""
    x0, y0, x1, y1 = box_pt
    mask = image.point(lambda v: 255 if v < threshold else 0)
    crop = (
        round(x0 * scale),
        round((page_height_pt - y1) * scale),
        round(x1 * scale),
        round((page_height_pt - y0) * scale),
    )
    return mask.crop(crop).histogram()[255]


def ink_outside_all(
    image: Image.Image,
    boxes_pt: Sequence[Sequence[float]],
    page_height_pt: float,
    scale: float,
    threshold: int = 200,
    tolerance_px: int = 2,
) -> int:
    """How many inked pixels lie outside every one of `boxes_pt` (each grown by `tolerance_px` for anti-aliasing)."""
    from PIL import ImageDraw

    mask = image.point(lambda v: 255 if v < threshold else 0)
    draw = ImageDraw.Draw(mask)
    for x0, y0, x1, y1 in boxes_pt:
        draw.rectangle(
            (
                x0 * scale - tolerance_px,
                (page_height_pt - y1) * scale - tolerance_px,
                x1 * scale + tolerance_px,
                (page_height_pt - y0) * scale + tolerance_px,
            ),
            fill=0,
        )
    return mask.histogram()[255]


def save_failure(image: Image.Image, name: str) -> Path:
    """Keep an image a test failed on, for a human to look at (tests/_failures/)."""
    FAILURES.mkdir(exist_ok=True)
    path = FAILURES / f"{name}.png"
    image.save(path)
    return path


@pytest.fixture
def samples() -> Path:
    return SAMPLES


# --- the order tests start in ----------------------------------------------------------------------------------
# xdist's worksteal gives each worker half of the tests in file order; a worker that runs out takes half of what the
# other has left, so both end together unless a test of seconds is among the last. The tests that took a second or
# more last time (their durations are kept in pytest's cache) start first, the longest first; the rest keep their
# file order. Without a cache (a fresh clone, `-p no:cacheprovider`) the order is the files' own.
LONG_SECONDS = 1.0
_DURATIONS = "notecards/durations"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    cache = getattr(config, "cache", None)
    durations: dict[str, float] = cache.get(_DURATIONS, {}) if cache is not None else {}

    def start(item: pytest.Item) -> float:
        seconds = durations.get(item.nodeid, 0.0)
        return -seconds if seconds >= LONG_SECONDS else 0.0

    items.sort(key=start)  # stable: all but the long tests keep their order


_durations: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _durations[report.nodeid] = report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    cache = getattr(session.config, "cache", None)
    if cache is not None and _durations and not hasattr(session.config, "workerinput"):  # the main process writes
        cache.set(_DURATIONS, {**cache.get(_DURATIONS, {}), **_durations})


def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave the interpreter's last garbage collections at exit nothing to walk: what the tests built (fonts,
    renders, caches) took each worker about a second to look through, and its memory goes back with the process
    anyway. Frozen at exit, after every hook, so that pytest's own last collection (for unraisable exceptions)
    still looks at everything."""
    atexit.register(gc.freeze)
