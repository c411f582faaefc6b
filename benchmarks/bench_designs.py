"""What a card design costs: `notecards build` of N cards with each built-in design, against the plain cards.

Run by hand from the repository (notecards installed, or run from the checkout):

    python benchmarks/bench_designs.py [--cards 1000] [--repeat 3] [--stationery a2-folded]

For each design it prints the whole-process build time (interpreter start to exit, best
of --repeat), the time per card, the extra time per card over `plain`, how many times
WeasyPrint ran for the batch (should be 1: one render per design, stationery and
candidate), and the size of cards.pdf. A second table splits one in-process build into
its stages: fitting, rendering the design, and writing cards.pdf (reportlab + pypdf).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from make_batch import interview_yaml  # noqa: E402

DESIGNS = ("plain", "border", "monogram", "thank-you-front")


def build_command(interview: Path, out: Path) -> list[str]:
    cmd = [sys.executable, "-m", "notecards", "build", str(interview), "-o", str(out), "--quiet"]
    helptext = subprocess.run([*cmd[:4], "--help"], capture_output=True, text=True, check=True, cwd=HERE.parent)
    return [*cmd, "--force"] if "--force" in helptext.stdout else cmd  # a generated batch need not pass the checks


def whole_build(interview: Path, out: Path, repeat: int) -> float:
    best = float("inf")
    command = build_command(interview, out)
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=HERE.parent)
        best = min(best, time.perf_counter() - start)
    return best


def stages(interview: Path, out: Path) -> dict[str, float]:
    """The design's own costs in one process: attaching backgrounds to fitted cards (one WeasyPrint run
    per distinct key), and writing cards.pdf (reportlab, plus pypdf when there is a design).
    Fitting is left out: it does not depend on the design, and on a shared machine its noise hides the rest."""
    from notecards import backgrounds
    from notecards.batch import build_batch
    from notecards.cards import attach_backgrounds
    from notecards.load import load_interview
    from notecards.output.write import write_batch

    loaded = load_interview(interview)
    batch = build_batch(loaded)
    backgrounds.clear_cache()
    renders = backgrounds.renders
    start = time.perf_counter()
    batch.cards = attach_backgrounds(batch.cards, loaded)
    attached = time.perf_counter()
    write_batch(batch, out)
    written = time.perf_counter()
    return {"attach": attached - start, "write": written - attached, "renders": backgrounds.renders - renders}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stationery", default="a2-folded")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = {}
        for design in DESIGNS:
            files[design] = work / f"{design}.yaml"
            files[design].write_text(interview_yaml(args.cards, args.stationery, design=design), encoding="utf-8")
        print(f"{args.cards} cards on {args.stationery}, whole process, best of {args.repeat}")
        print(f"{'design':<16} {'total s':>8} {'ms/card':>8} {'+ms/card':>9} {'cards.pdf KB':>13}")
        plain = 0.0
        for design in DESIGNS:
            seconds = whole_build(files[design], work / design, args.repeat)
            plain = plain or seconds
            size = (work / design / "cards.pdf").stat().st_size / 1024
            print(
                f"{design:<16} {seconds:>8.2f} {1000 * seconds / args.cards:>8.2f} "
                f"{1000 * (seconds - plain) / args.cards:>9.2f} {size:>13.0f}"
            )
        print(f"\nin-process, the design's own stages, best of {args.repeat}, seconds")
        print(f"{'design':<16} {'attach':>8} {'write':>8} {'+ms/card':>9} {'WeasyPrint runs':>16}")
        stages(files["border"], work / "warm")  # imports WeasyPrint and pypdf, loads fonts
        plain_total = 0.0
        for design in DESIGNS:
            runs = [stages(files[design], work / f"{design}-stages") for _ in range(args.repeat)]
            attach, write = min(r["attach"] for r in runs), min(r["write"] for r in runs)
            plain_total = plain_total or attach + write
            extra = 1000 * (attach + write - plain_total) / args.cards
            print(f"{design:<16} {attach:>8.3f} {write:>8.2f} {extra:>9.2f} {runs[0]['renders']:>16.0f}")


if __name__ == "__main__":
    main()
