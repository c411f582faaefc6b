"""A font file → its letter forms: derived TTFs whose cmap draws another form of each letter, cached on disk.

A real hand never draws the same letter twice the same way, and the first tell of a
handwriting font is a doubled letter drawn pixel-identical. Caveat holds two hand-drawn
alternates of every Latin letter (its `ss01` and `ss02` features); the other forms are
made by bending each outline a little (`_perturb`): FORMS in all, and up to MOST_FORMS
for a note that writes one letter five or more times in nine running letters
(`form_source`), so that a letter never repeats a form it had within WINDOW letters.

Each form is a whole font whose *cmap* sends a letter to that form's glyph, rather than
a private code point: reportlab then writes a ToUnicode map that says the real letter,
and a PDF reader copies and extracts exactly the note's text. The derived fonts are
written once per font file (keyed by the file's hash) into the user's cache folder,
else the temporary folder; when neither can be written they are kept in memory.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from .realism import RIDERS

FORMS_VERSION = "10"  # bump when the way forms are made changes: old cache entries are then ignored
ALTERNATE_FEATURES = ("ss01", "ss02")
BEND_EM = 0.0225  # how far a perturbed outline moves at most, in ems (about 2-2.5 % of an em reads as a hand)
BEND_WAVE_EM = 0.55  # wavelength of the bend across the glyph, in ems: smooth, never a wobble
# What a derived form font keeps besides its varied letters: the marks that ride on a letter, the space after a
# word, digits and common punctuation are drawn in their word's form, so a word needs one font (one `Tf`).
# Everything else is drawn from the font itself (form 0), so a form font holds about a hundred glyphs, and
# reportlab reads it in a fraction of the time the whole font takes.
ALSO_IN_FORMS = RIDERS | set(" 0123456789.,;:!?()-–—&/")
FORMS = 4  # forms of each letter made with the font: all a letter needs unless it fills half of a few letters
WINDOW = 8  # a letter never has the form it had within the last WINDOW letters ...
MOST_FORMS = WINDOW + 1  # ... so one written in each of WINDOW + 1 running letters needs this many (form_source)


@dataclass(frozen=True)
class LetterForms:
    """The forms of one font: form 0 is the font itself, then one derived font file (or bytes) per extra form.

    `varied` holds the characters that really differ between forms; `bounds` is, for
    every character, the union of its forms' outline boxes in font units (xMin, yMin,
    xMax, yMax), so the fitter can keep any form inside the box.
    """

    sources: tuple[str | BinaryIO, ...]
    varied: frozenset[str]
    bounds: dict[int, tuple[int, int, int, int]]
    designed: bool  # True: the font's own alternates; False: perturbed outlines
    advances: dict[int, tuple[int, ...]]  # each form's advance (font units), for characters whose advance varies
    folder: Path | None = None  # the cache entry they were read from (None: kept in memory)

    @property
    def count(self) -> int:
        return len(self.sources)


def cache_dirs() -> list[Path]:
    """Where derived fonts may be kept, best first: $NOTECARDS_CACHE, the user cache folder, the temp folder."""
    places = []
    if os.environ.get("NOTECARDS_CACHE"):
        places.append(Path(os.environ["NOTECARDS_CACHE"]))
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    places += [Path(base) / "notecards" / "forms", Path(tempfile.gettempdir()) / "notecards-forms"]
    return places


@cache
def letter_forms(font_path: Path) -> LetterForms:
    """The letter forms of the font at `font_path`, made once and read from the cache afterwards."""
    data = font_path.read_bytes()
    key = hashlib.sha256(data + FORMS_VERSION.encode()).hexdigest()[:24]
    for folder in cache_dirs():
        found = _read_cached(folder / key)
        if found is not None:
            return found
    made = _make_forms(data)
    for folder in cache_dirs():
        written = _write_cache(folder / key, made)
        if written is not None:
            return written
    fonts, designed, varied, bounds, advances = made
    return LetterForms(tuple(io.BytesIO(font) for font in fonts), frozenset(varied), bounds, designed, advances)


def _read_cached(folder: Path) -> LetterForms | None:
    try:
        info = json.loads((folder / "forms.json").read_text(encoding="utf-8"))
        files = [str(folder / name) for name in info["files"]]
        if not all(Path(name).is_file() for name in files):
            return None
    except (OSError, ValueError, KeyError):
        return None
    bounds = {int(code): (box[0], box[1], box[2], box[3]) for code, box in info["bounds"].items()}
    advances = {int(code): tuple(widths) for code, widths in info["advances"].items()}
    return LetterForms(tuple(files), frozenset(info["varied"]), bounds, bool(info["designed"]), advances, folder)


def _write_cache(folder: Path, made: _Made) -> LetterForms | None:
    """Write the derived fonts and their index, each file atomically and the index last: a half-written entry is
    never read, not even while another process (a test worker, a second build) writes the same entry."""
    fonts, designed, varied, bounds, advances = made
    try:
        folder.mkdir(parents=True, exist_ok=True)
        names = [f"form-{index}.ttf" for index in range(len(fonts))]
        for name, font in zip(names, fonts, strict=True):
            _replace(folder / name, font)
        info = {
            "files": names,
            "designed": designed,
            "varied": sorted(varied),
            "bounds": {str(code): list(box) for code, box in bounds.items()},
            "advances": {str(code): list(widths) for code, widths in advances.items()},
        }
        _replace(folder / "forms.json", json.dumps(info).encode())
    except OSError:
        return None
    return _read_cached(folder)


_Made = tuple[list[bytes], bool, set[str], dict[int, tuple[int, int, int, int]], dict[int, tuple[int, ...]]]


def _make_forms(data: bytes) -> _Made:
    """(font bytes of form 0 and each extra form, whether designed, characters that vary, union bounds, the
    advances of characters whose forms differ in advance)."""
    from fontTools.ttLib import TTFont  # only when the forms are not cached yet

    base = TTFont(io.BytesIO(data))
    cmap = base.getBestCmap()
    alternates = _designed_alternates(base)
    designed = bool(alternates)
    fonts, boxes, widths = [data], [_boxes(base, cmap)], [_advances(base, cmap)]
    # the designed alternates first; perturbed outlines (of the font's own glyphs) make up the rest
    recipes = [(mapping, 0) for mapping in alternates[: FORMS - 1]]
    recipes += [({}, seed) for seed in range(1, FORMS - len(recipes))]
    for number, (mapping, seed) in enumerate(recipes, start=2):
        font = TTFont(io.BytesIO(data))
        _rename(font, number)
        if mapping:
            _remap_cmap(font, mapping)
        if seed:
            _perturb(font, seed)
        out = io.BytesIO()
        font.save(out)
        fonts.append(out.getvalue())
        boxes.append(_boxes(font, font.getBestCmap()))
        widths.append(_advances(font, font.getBestCmap()))
    bent = any(seed for _mapping, seed in recipes)  # a bent form differs from every other in every inked glyph
    varied = {
        chr(code)
        for code in cmap
        if chr(code).isalpha()
        and boxes[0].get(code) is not None
        and (bent or any(b.get(code) != boxes[0].get(code) for b in boxes[1:]))
    }
    fonts[1:] = [_subset(font, _kept(cmap, varied)) for font in fonts[1:]]
    bounds: dict[int, tuple[int, int, int, int]] = {}
    for code in cmap:
        found = [box for b in boxes if (box := b.get(code)) is not None]
        if found:
            bounds[code] = (
                min(f[0] for f in found),
                min(f[1] for f in found),
                max(f[2] for f in found),
                max(f[3] for f in found),
            )
    advances = {code: each for code in cmap if len(set(each := tuple(w[code] for w in widths))) > 1}
    return fonts, designed, varied, bounds, advances


@cache
def form_source(font_path: Path, index: int) -> str | BinaryIO:
    """Form `index` of the font: one of the FORMS made with it, or a further one (up to MOST_FORMS) made the
    first time a letter needs it, being written five or more times in WINDOW + 1 running letters.

    A further form is form `index % FORMS` bent once more, each glyph kept inside the box
    it had, so the fitter's measure (the union of the first FORMS) still holds. It is kept
    in the same cache entry as the others, or in memory.
    """
    forms = letter_forms(font_path)
    if index < forms.count:
        return forms.sources[index]
    path = forms.folder / f"form-{index}.ttf" if forms.folder else None
    if path is not None and path.is_file():
        return str(path)
    from fontTools.ttLib import TTFont  # only when a note first needs this form

    source = forms.sources[index % FORMS]
    if isinstance(source, str):
        data = Path(source).read_bytes()
    else:
        source.seek(0)
        data = source.read()
    if not index % FORMS:  # from the font itself: first cut to what a form font keeps (bending all of it is slow)
        data = _subset(data, _kept(TTFont(io.BytesIO(data)).getBestCmap(), forms.varied))
    font = TTFont(io.BytesIO(data))
    _rename(font, index + 1)
    _perturb(font, seed=100 + index, inside=True)
    out = io.BytesIO()
    font.save(out)
    data = out.getvalue()
    if path is not None:
        try:
            _replace(path, data)
            return str(path)
        except OSError:
            pass
    return io.BytesIO(data)


def _replace(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: a temporary file of its own beside it, then renamed over it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _kept(cmap: dict[int, str], varied: Iterable[str]) -> set[int]:
    """The characters a form font keeps: its varied letters and ALSO_IN_FORMS."""
    keep = set(varied) | ALSO_IN_FORMS
    return {code for code in cmap if chr(code) in keep}


def _subset(data: bytes, unicodes: set[int]) -> bytes:
    """The font reduced to the glyphs of `unicodes` (and .notdef), its names and metrics tables kept."""
    from fontTools import subset  # only when the forms are not cached yet
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs, options.name_languages, options.name_legacy = ["*"], ["*"], True
    options.layout_features, options.notdef_outline, options.glyph_names = [], True, True
    options.drop_tables += ["GSUB", "GPOS", "GDEF"]
    font = TTFont(io.BytesIO(data))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _designed_alternates(font: Any) -> list[dict[str, str]]:
    """For each stylistic set in ALTERNATE_FEATURES the font has: glyph name → its alternate, letters only."""
    if "GSUB" not in font:
        return []
    table = font["GSUB"].table
    letters = {name for code, name in font.getBestCmap().items() if chr(code).isalpha()}
    out = []
    for tag in ALTERNATE_FEATURES:
        mapping: dict[str, str] = {}
        for record in table.FeatureList.FeatureRecord:
            if record.FeatureTag != tag:
                continue
            for index in record.Feature.LookupListIndex:
                lookup = table.LookupList.Lookup[index]
                for sub in lookup.SubTable:
                    mapping.update({k: v for k, v in (getattr(sub, "mapping", None) or {}).items() if k in letters})
        if mapping:
            out.append(mapping)
    return out


def _rename(font: Any, number: int) -> None:
    """Give a derived font its own names ("Caveat form 2"): PDF readers and reportlab tell fonts apart by them.
    A form made from another form loses that one's number first ("Caveat form 6", not "Caveat form 2 form 6")."""
    table = font["name"]
    for record in table.names:
        if record.nameID in (1, 3, 4, 16):
            record.string = f"{re.sub(r' form [0-9]+$', '', record.toUnicode())} form {number}"
        elif record.nameID == 6:
            record.string = f"{re.sub(r'-Form[0-9]+$', '', record.toUnicode())}-Form{number}"


def _remap_cmap(font: Any, alternates: dict[str, str]) -> None:
    """Point each letter at its alternate, which keeps the advance and side bearings it was drawn with.

    A narrower alternate is narrower in the line too: given the letter's advance instead, a
    word written in narrow forms showed gaps ("wh at"). The fitter measures each letter by
    its widest form (fonts.py), the writer moves by the form it draws (handwriting.py).
    """
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap = {code: alternates.get(name, name) for code, name in table.cmap.items()}


def _advances(font: Any, cmap: dict[int, str]) -> dict[int, int]:
    hmtx = font["hmtx"]
    return {code: hmtx[name][0] for code, name in cmap.items()}


def _perturb(font: Any, seed: int, inside: bool = False) -> None:
    """Bend every simple outline smoothly by up to BEND_EM, not at all at its side bearings (joins still meet);
    with `inside`, no point leaves the glyph's box as it was."""
    glyf, hmtx = font["glyf"], font["hmtx"].metrics
    upm = font["head"].unitsPerEm
    amplitude, wave = BEND_EM * upm, BEND_WAVE_EM * upm
    for number, name in enumerate(sorted(glyf.keys())):
        glyph = glyf[name]
        if glyph.isComposite() or getattr(glyph, "numberOfContours", 0) <= 0:
            continue
        advance = hmtx[name][0] or upm
        phase = (seed * 7919 + number * 104729) % 6283 / 1000.0
        coordinates = glyph.coordinates
        glyph.recalcBounds(glyf)
        x0, y0, x1, y1 = (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax) if inside else (-1e9, -1e9, 1e9, 1e9)
        for k in range(len(coordinates)):
            x, y = coordinates[k]
            pin = abs(math.sin(math.pi * x / advance))  # still at both side bearings, where joins meet
            dx = amplitude * pin * math.sin(2 * math.pi * y / wave + phase)
            dy = amplitude * pin * math.sin(2 * math.pi * x / wave + 1.7 * phase + seed)
            coordinates[k] = (min(x1, max(x0, round(x + dx))), min(y1, max(y0, round(y + dy))))
        glyph.recalcBounds(glyf)
        hmtx[name] = (hmtx[name][0], glyph.xMin)


def _boxes(font: Any, cmap: dict[int, str]) -> dict[int, tuple[int, int, int, int] | None]:
    glyf = font["glyf"]
    out: dict[int, tuple[int, int, int, int] | None] = {}
    for code, name in cmap.items():
        glyph = glyf[name]
        if getattr(glyph, "numberOfContours", 0) == 0:
            out[code] = None
            continue
        glyph.recalcBounds(glyf)
        out[code] = (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax)
    return out
