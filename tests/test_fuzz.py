"""Fuzzing: any mutation of the samples ends in exit 0, 1 or 2 with located error lines, in bounded time and memory.

Hypothesis draws structural and byte-level mutations of samples/*.yaml (the same ones
`tools/fuzz.py --n 10000` tries at random, by hand) and runs `check` and `build` on each:
most in this process through `notecards.cli.run`, some in a forked child under an
address-space limit, as a user's command would run. The suite tries 4 mutants in process
led by each kind of mutation (about 3 s in all); NOTECARDS_FULL_SWEEPS=1 tries 10 of each
(see conftest.py).
"""

from __future__ import annotations

import contextlib
import io
import resource
import sys
import time
from pathlib import Path

import pytest
from conftest import FULL_SWEEPS, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notecards.cli import run

sys.path.insert(0, str(ROOT / "tools"))
from fuzz import KINDS, NOW, SAMPLES, Mutation, Run, judge, located, mutate, run_forked

TEXTS = [path.read_text(encoding="utf-8") for path in SAMPLES]
SECONDS = 20.0  # per command: the slowest mutant build by hand takes under 2 s
MEMORY_MB = 1536  # address space a forked run may add to this process's
places = st.floats(0, 1, exclude_max=True)
picks = st.integers(0, 999)
mutation = st.builds(Mutation, st.sampled_from(KINDS), places, picks)
mutations = st.lists(mutation, min_size=1, max_size=4)
FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def in_process(argv: list[str]) -> tuple[int, str, float]:
    err = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = run(argv)
    return status, err.getvalue(), time.perf_counter() - started


def assert_clean(status: int, stderr: str, seconds: float, mutant: Path) -> None:
    assert status in (0, 1, 2), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert all(located(line, mutant.name) for line in stderr.splitlines()), stderr
    assert seconds < SECONDS


@pytest.mark.parametrize("kind", KINDS)
@settings(FUZZ, max_examples=10 if FULL_SWEEPS else 4)  # each is a check and a build, about 70 ms
@given(
    sample=st.sampled_from(range(len(TEXTS))),
    at=places,
    pick=picks,
    more=st.lists(mutation, max_size=3),
)
def test_check_and_build_of_any_mutant_end_cleanly(
    tmp_path_factory: object, kind: str, sample: int, at: float, pick: int, more: list[Mutation]
) -> None:
    """A mutant's first change is of `kind`: every kind is tried on every run, however few mutants it tries."""
    folder = tmp_path_factory.mktemp("mutant")  # type: ignore[attr-defined]
    mutant = folder / "mutant.yaml"
    mutant.write_bytes(mutate(TEXTS[sample], [Mutation(kind, at, pick), *more]))
    for argv in (["check", str(mutant), "--now", NOW], ["build", str(mutant), "-o", str(folder / "out"), "--now", NOW]):
        assert_clean(*in_process(argv), mutant)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2_000_000  # kB: no run has blown up this process


@settings(FUZZ, max_examples=6)
@given(sample=st.sampled_from(range(len(TEXTS))), changes=mutations)
def test_mutants_under_an_address_space_limit_end_cleanly(
    tmp_path_factory: object, sample: int, changes: list[Mutation]
) -> None:
    """In a forked child with only 1.5 GB more address space: a bomb would die of MemoryError, not finish."""
    folder = tmp_path_factory.mktemp("limited")  # type: ignore[attr-defined]
    mutant = folder / "mutant.yaml"
    mutant.write_bytes(mutate(TEXTS[sample], changes))
    for argv in (["check", str(mutant), "--now", NOW], ["build", str(mutant), "-o", str(folder / "out"), "--now", NOW]):
        judged = judge(run_forked(argv, MEMORY_MB, SECONDS), mutant.name, SECONDS, MEMORY_MB)
        assert not judged.problems, (judged.problems, judged.stderr)


def test_the_fuzzer_notices_an_internal_error(tmp_path: Path) -> None:
    """The judge is not blind: a run that ends in an internal error or an unlocated line is a failure."""
    bad = Run(("check",), 3, "error: internal error (KeyError: 'x'); this is a bug in notecards\n", 0.1, 50)
    assert judge(bad, "mutant.yaml", SECONDS, MEMORY_MB).problems
    unlocated = Run(("check",), 2, "error: something is wrong\n", 0.1, 50)
    assert judge(unlocated, "mutant.yaml", SECONDS, MEMORY_MB).problems
    fine = Run(("check",), 2, "error: /tmp/mutant.yaml:3: YAML: bad\n", 0.1, 50)
    assert not judge(fine, "mutant.yaml", SECONDS, MEMORY_MB).problems
