"""Time `notecards check`'s stage on a large batch, cold and warm, optionally against another tree.

Run by hand from the repository:

    python benchmarks/bench_checks.py [--interviewers 1000] [--processes 5] [--against TREE]

Cold is what a `build` pays for its checks: each of `--processes` fresh processes loads
notecards, composes the notes, then imports the check modules afresh (regex cache
purged) and runs the checks once, so every load they trigger (word list, regexes,
pyspellchecker if needed) is counted. Warm is five more runs in the same process (its
line caches full by then). With
`--against TREE` (a directory holding another `notecards/` package, for instance an
older checkout) the same is measured there, interleaved, with the ratio and whether the
findings are the same. Best and median of the processes are printed: this machine is
shared and noisy.

Modules load from bytecode, as from an installed wheel (kept in a temporary
PYTHONPYCACHEPREFIX, written by one untimed process first); `--from-source` makes every
process compile them instead, as with PYTHONDONTWRITEBYTECODE in a source checkout.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECK_MODULES = ("notecards.checks", "notecards.wording", "notecards.duplicates", "notecards.spelling")
NOW = datetime(2026, 11, 24, 18, 0)


def child(tree: str, interviewers: int, warm_runs: int = 5) -> None:
    """In a fresh process: time the checks' imports and first run, then warm runs; print them as JSON."""
    sys.path[:0] = [tree, str(HERE)]
    from make_batch import interview_yaml

    from notecards import compose_notes, parse_interview

    interview = parse_interview(interview_yaml(interviewers), "batch.yaml")
    notes = compose_notes(interview)
    for name in CHECK_MODULES:  # loaded with the package; import them again as a build's start-up would
        sys.modules.pop(name, None)
    re.purge()
    started = time.perf_counter()
    checks = importlib.import_module("notecards.checks")
    imported = time.perf_counter()
    result = checks.run_checks(interview, notes, NOW)
    first = time.perf_counter()
    warm = []
    for _ in range(warm_runs):
        begin = time.perf_counter()
        checks.run_checks(interview, notes, NOW)
        warm.append(time.perf_counter() - begin)
    print(
        json.dumps(
            {
                "import": imported - started,
                "first": first - imported,
                "warm": warm,
                "notes": len(notes),
                "findings": result.as_dict()["findings"],
            }
        )
    )


def measure(tree: Path, interviewers: int, environment: dict[str, str]) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", str(tree), "--interviewers", str(interviewers)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=environment)
    return dict(json.loads(done.stdout))


def child_environment(from_source: bool, cache: str) -> dict[str, str]:
    environment = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    if not from_source:
        del environment["PYTHONDONTWRITEBYTECODE"]
        environment["PYTHONPYCACHEPREFIX"] = cache
    return environment


def ms(seconds: list[float]) -> str:
    return f"best {min(seconds) * 1000:7.1f} ms, median {statistics.median(seconds) * 1000:7.1f} ms"


def report(label: str, runs: list[dict[str, object]]) -> float:
    imports = [float(r["import"]) for r in runs]  # type: ignore[arg-type]
    firsts = [float(r["first"]) for r in runs]  # type: ignore[arg-type]
    colds = [i + f for i, f in zip(imports, firsts, strict=True)]
    warms = [w for r in runs for w in r["warm"]]  # type: ignore[attr-defined]
    print(
        f"{label}\n  import of the check modules  {ms(imports)}\n  first run                    {ms(firsts)}\n"
        f"  cold total                   {ms(colds)}\n  warm (same process)          {ms(warms)}"
    )
    return statistics.median(colds)


def codes(findings: list[dict[str, str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding["code"]] = counts.get(finding["code"], 0) + 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviewers", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another tree holding a notecards/ package, to compare")
    parser.add_argument("--from-source", action="store_true", help="compile the modules in every process")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.interviewers)
        return
    trees = [HERE.parent] + ([args.against.resolve()] if args.against else [])
    runs: dict[Path, list[dict[str, object]]] = {tree: [] for tree in trees}
    with tempfile.TemporaryDirectory() as cache:
        environment = child_environment(args.from_source, cache)
        for tree in trees:
            measure(tree, args.interviewers, environment)  # writes the bytecode; warms the disk cache
        for _ in range(args.processes):
            for tree in trees:  # interleaved, so that both sides see the same load on the machine
                runs[tree].append(measure(tree, args.interviewers, environment))
    ours = runs[trees[0]][0]
    print(
        f"{args.interviewers} interviewers, {ours['notes']} notes, {args.processes} fresh processes per tree, "
        f"modules {'compiled from source' if args.from_source else 'from bytecode'}"
    )
    cold = [report(str(tree), runs[tree]) for tree in trees]
    print(f"findings: {codes(ours['findings'])}")  # type: ignore[arg-type]
    if args.against:
        same = ours["findings"] == runs[trees[1]][0]["findings"]
        print(
            f"cold median, this tree / {trees[1]}: {cold[0] / cold[1]:.3f} "
            f"({cold[1] / cold[0]:.1f}× faster); findings {'identical' if same else 'DIFFER'}"
        )


if __name__ == "__main__":
    main()
