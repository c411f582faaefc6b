"""Each bundled font → `fonts/<font>.metrics.json`: `python tools/make_font_metrics.py` (rerun after adding a font).

notecards measures text with these files rather than parsing the fonts at every run
(`notecards.catalogue.fonts.Face`); `tests/test_fonts.py` fails when one no longer matches its font.
"""

from __future__ import annotations

import json
from pathlib import Path

from notecards.catalogue.fonts import font_metrics, metrics_path

FONTS = Path(__file__).resolve().parent.parent / "fonts"


def metrics_text(font_path: Path) -> str:
    return json.dumps(font_metrics(font_path), separators=(",", ":")) + "\n"


def main() -> None:
    for font_path in sorted(FONTS.glob("*.ttf")):
        metrics_path(font_path).write_text(metrics_text(font_path), encoding="utf-8", newline="\n")
        print(f"{font_path.name} → {metrics_path(font_path).name}")


if __name__ == "__main__":
    main()
