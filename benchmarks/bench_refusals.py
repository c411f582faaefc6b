"""How fast hostile input is refused, against checking the ordinary sample in the same run.

Run by hand from the repository:

    python benchmarks/bench_refusals.py [--repeat 5]

Each case is a fresh `python -m notecards check FILE` (best of --repeat, wall time, and
the child's peak memory), so import time is included as a user would see it; the ratio
is against the same command on samples/single.yaml. Cases: an alias bomb (10^10 values
once expanded), a 50 MB interview file, a format-spec bomb and a padding bomb in a
message. Each must end in exit status 2.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SINGLE = (ROOT / "samples" / "single.yaml").read_text(encoding="utf-8")


def cases(folder: Path) -> dict[str, Path]:
    """The inputs, written into `folder`."""
    bomb = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    files = {
        "sample (baseline)": ROOT / "samples" / "single.yaml",
        "alias bomb": _write(folder / "bomb.yaml", "\n".join(bomb) + "\n"),
        "format-spec bomb": _write(folder / "spec.yaml", _message("{{ '{:>1000000000}'.format(1) }}")),
        "padding bomb": _write(folder / "pad.yaml", _message("{{ 'x'.center(10**9) }}")),
    }
    big = folder / "big.yaml"
    with big.open("w", encoding="utf-8") as handle:
        handle.write(_message("word " * 10_000_000))
    files["50 MB file"] = big
    return files


def _message(text: str) -> str:
    return SINGLE.replace("topic: moving", f"message: |-\n      {text}\n    topic: moving")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def timed(path: Path) -> tuple[float, float, int]:
    """(seconds, peak MB, exit status) of one `notecards check`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "notecards", "check", str(path), "--now", "2026-11-25T09:00"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    _, status, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def in_process(path: Path) -> float:
    """Seconds of the same `check` inside this process, imports already done: the refusal itself."""
    import contextlib
    import io

    sys.path.insert(0, str(ROOT))
    from notecards.cli import run

    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        run(["check", str(path), "--now", "2026-11-25T09:00"])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = cases(Path(tmp))
        results = {name: min(timed(path) for _ in range(args.repeat)) for name, path in files.items()}
        in_process(files["sample (baseline)"])  # warm: imports, caches
        inside = {name: min(in_process(path) for _ in range(args.repeat)) for name, path in files.items()}
    base, base_inside = results["sample (baseline)"][0], inside["sample (baseline)"]
    print(
        f"{'input':<20} {'command s':>9} {'× sample':>9} {'in-process s':>12} {'× sample':>9} {'peak MB':>8} "
        f"{'exit':>5}"
    )
    for name, (seconds, memory, status) in results.items():
        print(
            f"{name:<20} {seconds:9.3f} {seconds / base:9.2f} {inside[name]:12.4f} {inside[name] / base_inside:9.2f} "
            f"{memory:8.0f} {status:5d}"
        )


if __name__ == "__main__":
    main()
