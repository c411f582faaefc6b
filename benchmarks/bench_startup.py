"""Start-up of the `notecards` command: a bare interpreter, `import notecards.cli`, and the four-person panel's build.

Run by hand from the repository:

    python benchmarks/bench_startup.py [--repeat 9] [--against TREE_OR_GIT_REF]

Each row is a whole process, timed from start to exit (wall) and by the CPU time it used
(user + system); best and median of `--repeat` runs are printed, since this machine is
shared and noisy. With `--against` (a directory holding another `notecards/` package, or
a git ref of this repository, exported to a temporary folder) the same rows are timed
there too, interleaved with this checkout's, with the ratio this / other. Modules load
from bytecode, as from an installed wheel: one untimed run of each first writes it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PANEL = "samples/panel.yaml"


def rows(out: Path) -> dict[str, list[str]]:
    """What each row runs, with its arguments after the interpreter."""
    return {
        "bare interpreter": ["-c", "pass"],
        "import notecards.cli": ["-c", "import notecards.cli"],
        "notecards --version": ["-m", "notecards", "--version"],
        "build panel": ["-m", "notecards", "build", PANEL, "-o", str(out)],
        "build panel --quiet": ["-m", "notecards", "build", PANEL, "-o", str(out), "--quiet"],
    }


def timed(tree: Path, args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `python ARGS` run with `tree` first on the path, from inside `tree`."""
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *args], cwd=tree, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status:
        raise SystemExit(f"{' '.join(args)} failed in {tree} (status {status})")
    return wall, usage.ru_utime + usage.ru_stime


def exported(ref: str, into: Path) -> Path:
    """The files of git ref `ref` of this repository, written under `into`."""
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def summary(values: list[float]) -> str:
    return f"{min(values):6.3f} {statistics.median(values):6.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--against", help="another tree (a folder holding notecards/) or a git ref of this repository")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="notecards-startup-"))
    trees = {"this": ROOT}
    if args.against:
        other = Path(args.against)
        trees["other"] = other.resolve() if (other / "notecards").is_dir() else exported(args.against, work / "other")
    commands = rows(work / "out")
    times = {(tree, row): ([], []) for tree in trees for row in commands}
    for tree in trees.values():  # bytecode written, data caches filled: not timed
        timed(tree, commands["build panel"])
    for run in range(args.repeat):
        for row, command in commands.items():
            order = list(trees.items()) if run % 2 else list(reversed(trees.items()))
            for name, tree in order:
                wall, cpu = timed(tree, command)
                times[name, row][0].append(wall)
                times[name, row][1].append(cpu)
    print(f"whole processes, best and median of {args.repeat} (seconds); wall clock, then CPU (user + system)")
    for row in commands:
        for name in trees:
            walls, cpus = times[name, row]
            line = f"  {row:<22} {name:<6} wall {summary(walls)}   cpu {summary(cpus)}"
            if name == "this" and "other" in trees:
                other_walls, other_cpus = times["other", row]
                line += (
                    f"   this/other: wall {min(walls) / min(other_walls):.2f} (median "
                    f"{statistics.median(walls) / statistics.median(other_walls):.2f}), "
                    f"cpu {min(cpus) / min(other_cpus):.2f}"
                )
            print(line)
    print("  target: the panel's build under 0.25 s as a whole process (issue #10, item 10)")


if __name__ == "__main__":
    main()
