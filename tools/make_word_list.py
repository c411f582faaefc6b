"""pyspellchecker's English dictionary → wordlists/en.txt: `python tools/make_word_list.py` (rerun after upgrading it).

The spelling check asks the list "is this word known?" without building a SpellChecker
(which takes about half a second to load). It keeps only the words the check can ask
about: lower-case ASCII letters with inner apostrophes, sorted, one a line.
"""

from __future__ import annotations

import gzip
import json
import pkgutil
import re
from importlib.metadata import version
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "wordlists" / "en.txt"
_ASKABLE = re.compile(r"[a-z]+(?:'[a-z]+)*")  # what notecards.checks.spelling.words_of yields, lower-cased, ASCII only


def english_words() -> list[str]:
    """Every word of pyspellchecker's English dictionary the spelling check can ask about, lower case, sorted."""
    packed = pkgutil.get_data("spellchecker", "resources/en.json.gz")
    assert packed is not None, "pyspellchecker has no English dictionary"
    frequencies: dict[str, int] = json.loads(gzip.decompress(packed).decode("utf-8"))
    lowered = {word.lower() for word in frequencies}  # as SpellChecker(language="en") stores them
    return sorted(word for word in lowered if _ASKABLE.fullmatch(word))


def main() -> None:
    words = english_words()
    OUT.write_text("\n".join(words) + "\n", encoding="ascii", newline="\n")
    print(f"{len(words)} words from pyspellchecker {version('pyspellchecker')} → {OUT}")


if __name__ == "__main__":
    main()
