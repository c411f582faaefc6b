"""Mutated sample interviews → `notecards check` and `build`, each in a forked child under a memory limit → a table.

    python tools/fuzz.py --n 10000 [--seed 1] [--memory-mb 2048] [--timeout 30] [--keep DIR]

Each mutant is one of samples/*.yaml changed by a few structural mutations (a key
removed, a value replaced by another type, a long or hostile string, a list multiplied,
a block nested deeper) or byte-level ones (bytes flipped, inserted, deleted, repeated,
YAML tokens such as `&a`, `*a`, `!!int`, `? ` dropped in). Every run must end with exit
status 0, 1 or 2, no traceback, no `internal error`, every error line naming where it
comes from, within the time and address-space limits. The table: mutants, exit-status
histogram, slowest run and largest memory. tests/test_fuzz.py drives the same mutations
from hypothesis.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
NOW = "2026-11-25T09:00:00-06:00"

TOKENS = [
    "&a ",
    "*a",
    "!!int ",
    "!!float x",
    "!!timestamp ",
    "!!binary ",
    "? ",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "\x00",
    "\x07",
    "\t",
    "\r",
    "\ufeff",
    "'",
    '"',
    "#",
    "|",
    ">",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "<<: *a\n",
    "{{ ",
    " }}",
    "{% for i in range(99999) %}",
    "{% endfor %}",
    "{{ 'x'.center(10**9) }}",
    "\n  ",
    "\n- ",
]
VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    10**30,
    1.5e308,
    float("nan"),
    "",
    " ",
    "x" * 5000,
    "é" * 300,
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "25:00",
    "14:00+05:00",
    "2pm",
    "Dr.\x00Who",
    "a\u202eb",
    "{{ interviewer.name }}",
    "{{ 'x' * 99999 }}",
    "{{ '%.9999f' % 1 }}",
    "{{ lipsum(5000) }}",
    "{% for i in range(9) %}{{ i }}{% endfor %}",
    "{{ 1/0 }}",
    "{{ nope }}",
    "../../etc/passwd",
    "/dev/zero",
    "a2-folded",
    "letter",
    "caveat",
    "border",
    "missing.j2",
    "x.yaml",
    [],
    {},
    [1, [2, [3]]],
    {"a": {"b": {"c": 1}}},
    ["caveat"],
    "email",
    "both",
    "card",
]


@dataclass(frozen=True)
class Mutation:
    """One change to a sample: `kind`, where (`at`, a fraction of the text or of the fields), and what (`pick`)."""

    kind: str
    at: float
    pick: int


STRUCTURAL = ("drop", "replace", "multiply", "nest", "unknown")
BYTES = ("flip", "insert", "delete", "repeat", "token")
KINDS = STRUCTURAL + BYTES


def random_mutations(rng: random.Random) -> list[Mutation]:
    return [Mutation(rng.choice(KINDS), rng.random(), rng.randrange(1000)) for _ in range(rng.randint(1, 4))]


def mutate(text: str, mutations: list[Mutation]) -> bytes:
    """The sample `text` changed by `mutations`, in order (structural ones on its values, the rest on its bytes)."""
    data: bytes = text.encode()
    for mutation in mutations:
        if mutation.kind in STRUCTURAL:
            try:  # PyYAML's own loader, unbounded: a mutant it cannot read (or `!!float x`) is left as it is
                tree = yaml.safe_load(data.decode())
                data = yaml.safe_dump(_structural(tree, mutation), allow_unicode=True, sort_keys=False).encode()
            except Exception:  # noqa: S112 - PyYAML's constructors fail in many ways (a bad !!timestamp)
                continue
        else:
            data = _bytewise(data, mutation)
    return data


def _places(tree: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(tree, dict):
        for key, value in tree.items():
            out += _places(value, (*path, key))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            out += _places(value, (*path, i))
    return out


def _structural(tree: Any, mutation: Mutation) -> Any:
    places = [p for p in _places(tree) if p]
    if not places:
        return tree
    path = places[int(mutation.at * len(places)) % len(places)]
    parent = tree
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if mutation.kind == "drop":
        del parent[last]
    elif mutation.kind == "replace":
        parent[last] = VALUES[mutation.pick % len(VALUES)]
    elif mutation.kind == "multiply" and isinstance(parent[last], list):
        parent[last] = parent[last] * (1 + mutation.pick % 200)
    elif mutation.kind == "nest":
        for _ in range(mutation.pick % 40):
            parent[last] = [parent[last]]
    elif mutation.kind == "unknown" and isinstance(parent[last], dict):
        parent[last][f"extra{mutation.pick}"] = VALUES[mutation.pick % len(VALUES)]
    return tree


def _bytewise(data: bytes, mutation: Mutation) -> bytes:
    at = int(mutation.at * len(data))
    span = 1 + mutation.pick % 40
    if mutation.kind == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (1 + mutation.pick % 255)]) + data[at + 1 :]
    if mutation.kind == "insert":
        return data[:at] + random.Random(mutation.pick).randbytes(span)  # noqa: S311 - repeatable, not secret + data[at:]
    if mutation.kind == "delete":
        return data[:at] + data[at + span :]
    if mutation.kind == "repeat":
        return data[:at] + data[at : at + span] * (1 + mutation.pick % 50) + data[at:]
    return data[:at] + TOKENS[mutation.pick % len(TOKENS)].encode() + data[at:]


@dataclass(frozen=True)
class Run:
    """One command on one mutant: exit status, stderr, seconds, peak memory (MB), and what was wrong with it."""

    argv: tuple[str, ...]
    status: int
    stderr: str
    seconds: float
    memory_mb: float
    problems: tuple[str, ...] = field(default=())


def run_forked(argv: list[str], memory_mb: int, timeout_s: float) -> Run:
    """`notecards ARGV` in a forked child (this process's imports, warm), under an address-space limit."""
    errors = tempfile.TemporaryFile()  # noqa: SIM115 - shared with the forked child, closed below
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        _child(argv, errors.fileno(), memory_mb, timeout_s)
    _, wait_status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    errors.seek(0)
    stderr = errors.read().decode(errors="replace")
    errors.close()
    status = os.waitstatus_to_exitcode(wait_status)
    return Run(tuple(argv), status, stderr, seconds, usage.ru_maxrss / 1024)


def _child(argv: list[str], stderr_fd: int, memory_mb: int, timeout_s: float) -> None:
    code = 99
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(stderr_fd, 2)
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - the child ends with os._exit
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
        limit = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_CPU, (int(timeout_s) + 1, int(timeout_s) + 2))
        from notecards.cli import run

        code = run(argv)
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException as exc:  # whatever escapes run() is what the fuzz looks for
        os.write(2, f"Traceback (escaped the CLI): {type(exc).__name__}: {exc}\n".encode())
    os._exit(code)


def _address_space() -> int:
    """This process's current virtual size: the child's limit is this plus the memory a run may add."""
    with open("/proc/self/statm") as statm:  # noqa: PTH123 - Linux's own file
        return int(statm.read().split()[0]) * resource.getpagesize()


def judge(run: Run, mutant_name: str, timeout_s: float, memory_mb: float) -> Run:
    """`run` with the list of what is wrong with it (empty when it behaved)."""
    problems = []
    if run.status not in (0, 1, 2):
        problems.append(f"exit status {run.status}")
    if "Traceback" in run.stderr or "internal error" in run.stderr:
        problems.append("traceback or internal error")
    problems += [f"not located: {line}" for line in run.stderr.splitlines() if not located(line, mutant_name)]
    if run.seconds > timeout_s:
        problems.append(f"took {run.seconds:.1f} s")
    return Run(run.argv, run.status, run.stderr, run.seconds, run.memory_mb, tuple(problems))


def located(line: str, mutant_name: str) -> bool:
    """An error line says where: the file (and line), a recipient's note, a template or design, or a check's code."""
    if not line.startswith("error: "):
        return True  # a warning or the refusal's closing advice
    return (
        mutant_name in line
        or "note for " in line
        or line.startswith(("error: template ", "error: design "))
        or re.search(r" \[[a-z-]+\](;|$)", line) is not None
        or "nothing written" in line
    )


def fuzz_one(text: str, mutations: list[Mutation], folder: Path, memory_mb: int, timeout_s: float) -> list[Run]:
    """Write the mutant into `folder`, then check and build it; the judged runs."""
    mutant = folder / "mutant.yaml"
    mutant.write_bytes(mutate(text, mutations))
    out = folder / "out"
    runs = [
        run_forked(["check", str(mutant), "--now", NOW], memory_mb, timeout_s),
        run_forked(["build", str(mutant), "-o", str(out), "--now", NOW, "-q"], memory_mb, timeout_s),
    ]
    return [judge(run, mutant.name, timeout_s, memory_mb) for run in runs]


def table(runs: list[Run], mutants: int) -> str:
    """The summary: mutants, exit-status histogram, slowest run, largest memory, failures."""
    histogram = Counter(run.status for run in runs)
    slowest = max(runs, key=lambda run: run.seconds)
    largest = max(runs, key=lambda run: run.memory_mb)
    bad = [run for run in runs if run.problems]
    rows = [("mutants", f"{mutants:,}"), ("runs (check + build)", f"{len(runs):,}")]
    rows += [(f"exit {status}", f"{count:,}") for status, count in sorted(histogram.items())]
    rows += [
        ("slowest run", f"{slowest.seconds:.2f} s ({slowest.argv[0]})"),
        ("largest memory", f"{largest.memory_mb:.0f} MB peak RSS ({largest.argv[0]})"),
        ("failures", f"{len(bad):,}"),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def _warm_up() -> None:
    """Import what check and build use once, here, so that every forked child starts warm."""
    import importlib

    for module in (
        "notecards.cli",
        "notecards.runs",
        "notecards.compose",
        "notecards.checks.practice",
        "notecards.output.write",
        "notecards.output.preview",
    ):
        importlib.import_module(module)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="mutants to try")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory-mb", type=int, default=2048, help="address space a run may add")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a run may take")
    parser.add_argument("--keep", type=Path, help="copy failing mutants here")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    _warm_up()

    rng = random.Random(args.seed)  # noqa: S311 - repeatable mutants, not secrets
    texts = [path.read_text(encoding="utf-8") for path in SAMPLES]
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.n):
            mutations = random_mutations(rng)
            done = fuzz_one(rng.choice(texts), mutations, Path(tmp), args.memory_mb, args.timeout)
            runs += done
            for run in (r for r in done if r.problems):
                print(f"mutant {i}: {' '.join(run.argv[:1])}: {'; '.join(run.problems)[:300]}", file=sys.stderr)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"mutant-{i}.yaml").write_bytes((Path(tmp) / "mutant.yaml").read_bytes())
            if (i + 1) % 1000 == 0:  # a long run shows where it stands
                print(f"... after {i + 1} mutants:\n{table(runs, i + 1)}", file=sys.stderr, flush=True)
    print(table(runs, args.n))


if __name__ == "__main__":
    main()
