"""A career centre's day: many interview files in one `notecards build`, against one command per file.

Run by hand from the repository (notecards installed):

    python benchmarks/bench_day.py [--files 12] [--people 4] [--repeat 3]

Three ways to build the same files, each timed as whole processes, best of `--repeat`:
one `notecards build` per file (what a script would do), one `notecards build` of all
of them (files spread over the cores by a process pool), and the same with one worker
(`NOTECARDS_WORKERS=1`). Everything is measured twice: on the machine as it is, and
again with a busy-loop process holding one core, as on a shared machine; the pool must
gain in both.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_batch import interview_yaml  # noqa: E402


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def best(repeat: int, run: callable) -> float:  # type: ignore[valid-type]
    return min(run() for _ in range(repeat))


def _spin(stop: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def measure(files: list[Path], out: Path, repeat: int) -> dict[str, float]:
    build = [sys.executable, "-m", "notecards", "build", "--quiet", "--force"]
    return {
        "one command per file": best(
            repeat, lambda: sum(timed([*build, str(f), "-o", str(out / "each" / f.stem)]) for f in files)
        ),
        "one command, one worker": best(
            repeat, lambda: timed([*build, *map(str, files), "-o", str(out / "one")], {"NOTECARDS_WORKERS": "1"})
        ),
        "one command, all cores": best(repeat, lambda: timed([*build, *map(str, files), "-o", str(out / "pool")])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=12)
    parser.add_argument("--people", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="notecards-day-"))
    files = []
    for i in range(args.files):
        path = work / f"candidate-{i + 1:02d}.yaml"
        path.write_text(interview_yaml(args.people, stationery="a2-folded"), encoding="utf-8")
        files.append(path)
    print(f"{args.files} interview files of {args.people} interviewers, best of {args.repeat}, {os.cpu_count()} cores")
    for label in ("machine as it is", "one core held by a busy loop"):
        stop = multiprocessing.Event()
        spinner = multiprocessing.Process(target=_spin, args=(stop,)) if "busy" in label else None
        if spinner:
            spinner.start()
        try:
            rows = measure(files, work / label.replace(" ", "-"), args.repeat)
        finally:
            if spinner:
                stop.set()
                spinner.join()
        base = rows["one command per file"]
        print(f"  {label}:")
        for name, seconds in rows.items():
            print(f"    {name:<26} {seconds:6.2f} s  ratio {seconds / base:.2f}")


if __name__ == "__main__":
    main()
