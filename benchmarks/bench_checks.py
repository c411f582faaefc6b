"""Time `notecards check`'s stage on a large batch: `python benchmarks/bench_checks.py [N]` (default 1000 interviewers).

Prints the time to compose the notes and the time `run_checks` takes on them (the first
run, which loads the spelling dictionary, then the best and median of five more), how
many findings came out, and how many pairs the duplicate check compared exactly, against
all possible pairs.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_batch import interview_yaml

from notecards import compose_notes, parse_interview
from notecards.checks import _comparable, name_words, run_checks
from notecards.duplicates import candidate_pairs, minhash, shingles


def main(count: int, repeats: int = 5) -> None:
    interview = parse_interview(interview_yaml(count), "batch.yaml")
    started = time.perf_counter()
    notes = compose_notes(interview)
    composed = time.perf_counter()
    now = datetime(2026, 11, 24, 18, 0)
    first = run_checks(interview, notes, now)
    checked = time.perf_counter()
    runs = []
    for _ in range(repeats):
        begin = time.perf_counter()
        run_checks(interview, notes, now)
        runs.append(time.perf_counter() - begin)
    names = name_words(interview)
    distinct = list(dict.fromkeys(_comparable(interview, note, names) for note in notes))
    compared = len(candidate_pairs([minhash(shingles(text)) for text in distinct]))
    codes: dict[str, int] = {}
    for finding in first.findings:
        codes[finding.code] = codes.get(finding.code, 0) + 1
    print(f"{count} interviewers, {len(notes)} notes")
    print(f"compose:            {composed - started:.3f} s")
    print(f"checks (first run): {checked - composed:.3f} s  (includes loading the spelling dictionary)")
    print(f"checks (again):     best {min(runs):.3f} s, median {statistics.median(runs):.3f} s of {repeats}")
    print(f"duplicate check: {len(distinct)} distinct wordings (names and topics masked); compared {compared} "
          f"of their {len(distinct) * (len(distinct) - 1) // 2} pairs exactly")
    print(f"findings: {codes}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
