"""Design folders (`layouts/designs/<name>/design.yaml` + `design.html.j2`) → `Design`, and its context in mm."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..catalogue.files import YAML_SUFFIXES, beside, read_model
from ..catalogue.fonts import font_names, load_face
from ..catalogue.stationery import PANELS, Stationery, envelope_for
from ..errors import DesignError, ReadError
from ..geometry import MM, Box, Rect, box, box_of
from ..interview import CardSettings, Interview
from ..resources import data_path
from ..yamlfile import read_text

MAX_TEMPLATE_BYTES = 1_000_000  # design.html.j2: a built-in one is a few kilobytes

DEFAULT_DESIGN = "plain"
TEMPLATE = "design.html.j2"
SPEC = "design.yaml"
KINDS = ("any", "folded", "flat")  # words a design's `suits:` may use instead of stationery names


class _DesignFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = ""
    suits: list[str] = Field(min_length=1)
    under_text: bool = False
    outside: bool = False
    envelope: bool = False


@dataclass(frozen=True)
class Design:
    """A card design: where its files are, which stationery it suits, and which sides of the sheet it draws on."""

    name: str
    folder: Path
    description: str
    suits: tuple[str, ...]
    under_text: bool  # may ink inside the message box (a pale watermark under the note)
    outside: bool  # draws a second page: the outside of the sheet (the front of a folded card)
    envelope: bool  # draws a last page: the front of the card's envelope, around the addresses
    fingerprint: tuple[tuple[str, int, int], ...]  # (file, size, mtime) of every file, so edits are noticed

    @property
    def blank(self) -> bool:
        """The built-in `plain` design draws nothing, so it needs no rendering at all."""
        return self.name == DEFAULT_DESIGN and self.folder == catalogue_dir() / DEFAULT_DESIGN

    def suits_stationery(self, stationery: Stationery) -> bool:
        kind = "folded" if stationery.folded else "flat"
        return any(entry in ("any", kind, stationery.name) for entry in self.suits)

    def summary(self) -> dict[str, object]:
        return {
            "name": self.name,
            "description": self.description,
            "suits": list(self.suits),
            "under_text": self.under_text,
            "outside": self.outside,
            "envelope": self.envelope,
        }


def catalogue_dir() -> Path:
    return data_path("layouts") / "designs"


@cache
def design_names() -> tuple[str, ...]:
    return tuple(sorted(p.parent.name for p in catalogue_dir().glob(f"*/{SPEC}")))


def catalogue() -> list[Design]:
    return [load_design(name) for name in design_names()]


def load_design(name_or_path: str, base_dir: Path | None = None) -> Design:
    """A built-in design name (`border`), or a design folder or its design.yaml, relative to base_dir.

    A user's design may be named by its bare folder name (`design: mydesign`, a folder
    beside the interview file); a built-in design of the same name wins.
    """
    if name_or_path in design_names():
        return _read(catalogue_dir() / name_or_path)
    path = beside(name_or_path, base_dir)
    if path.suffix in YAML_SUFFIXES:
        return _read(path.parent)
    if path.is_dir() or "/" in name_or_path or "\\" in name_or_path:
        return _read(path)
    raise DesignError(
        f"no such design; choose one of {', '.join(design_names())} or give a path to a design folder", name_or_path
    )


def _read(folder: Path) -> Design:
    name = folder.name
    spec_file = confined(folder, SPEC, name)
    spec = read_model(spec_file, _DesignFile, lambda message: DesignError(f"{folder / SPEC}: {message}", name))
    if not confined(folder, TEMPLATE, name).is_file():
        raise DesignError(f"{TEMPLATE} is missing from {folder}", name)
    return Design(
        name=name,
        folder=folder.resolve(),
        description=spec.description,
        suits=tuple(spec.suits),
        under_text=spec.under_text,
        outside=spec.outside,
        envelope=spec.envelope,
        fingerprint=_fingerprint(folder),
    )


def confined(folder: Path, file_name: str, design: str) -> Path:
    """`folder/file_name` with links followed, refused unless it stays inside the design's folder."""
    root = folder.resolve()
    path = (folder / file_name).resolve()
    if not path.is_relative_to(root):
        raise DesignError(
            f"{file_name} leads outside the design's folder (a link to {path}); a design may use only its own files",
            design,
        )
    return path


def design_source(design: Design) -> str:
    """The text of the design's `design.html.j2`: inside its folder, a regular file, within its size limit."""
    try:
        return read_text(confined(design.folder, TEMPLATE, design.name), MAX_TEMPLATE_BYTES)
    except ReadError as exc:
        raise DesignError(f"{TEMPLATE}: {exc.message}", design.name) from None


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return tuple((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def design_for(
    settings: CardSettings,
    stationery: Stationery,
    interview: Interview,
    recipient: str,
    loaded: dict[str, Design] | None = None,
) -> Design | None:
    """The design a card uses, or None when it is plain; refuses a design that does not suit the stationery.

    `loaded` remembers the designs a batch has read already, by the name or path the interview gives.
    """
    wanted = settings.design or DEFAULT_DESIGN
    loaded = {} if loaded is None else loaded
    if wanted not in loaded:
        loaded[wanted] = load_design(wanted, interview.base_dir)
    design = loaded[wanted]
    if not design.suits_stationery(stationery):
        raise DesignError(
            f"does not suit {stationery.name} (the card for {recipient}); it suits {', '.join(design.suits)}",
            design.name,
        )
    return None if design.blank else design


def outside_panels(stationery: Stationery) -> dict[str, Box]:
    """The panels of the outside of the sheet, seen after turning it over about the fold.

    A side fold puts the back on the left and the front on the right; a top fold puts
    the back on the top half (upside down once folded) and the front on the bottom half.
    A flat card's outside is its reverse, one panel.
    """
    sw, sh = stationery.sheet_size_pt
    halves = {
        "vertical": (Rect(0, 0, sw / 2, sh), Rect(sw / 2, 0, sw, sh)),
        "horizontal": (Rect(0, sh / 2, sw, sh), Rect(0, 0, sw, sh / 2)),
    }
    if stationery.fold not in halves:
        return {"full": box_of(Rect(0, 0, sw, sh), sh)}
    back, front = halves[stationery.fold]
    return {"back": box_of(back, sh), "front": box_of(front, sh)}


# Design ink stays this far inside the trim: most home printers cannot print nearer the paper's
# edge, and a card cut by hand is rarely cut to the millimetre. Pixel-tested for the built-in designs.
SAFE_MM = 5.0


def geometry(stationery: Stationery) -> dict[str, Any]:
    """The stationery as a design sees it: sheet (= trim), safe area, fold, panels, message panel and box, in mm."""

    sw, sh = stationery.sheet_size_pt
    fold = None
    if stationery.fold_line is not None:
        x0, y0, x1, y1 = stationery.fold_line
        fold = box_of(Rect(x0, y0, x1, y1), sh)
    return {
        "stationery": stationery.name,
        "sheet": box_of(Rect(0, 0, sw, sh), sh),
        "trim": box_of(Rect(0, 0, sw, sh), sh),
        "safe": box_of(Rect(0, 0, sw, sh).inset(SAFE_MM * MM), sh),  # where home printers reliably print
        "safe_mm": SAFE_MM,
        "card": box(0, 0, stationery.width_mm, stationery.height_mm),
        "folded": stationery.folded,
        "fold": fold,
        "margin": stationery.margin_mm,
        "panels": {name: box_of(stationery.panel(name), sh) for name in PANELS[stationery.fold]},
        "message_panel": box_of(stationery.panel(stationery.message_panel), sh),
        "message": box_of(stationery.message_box, sh),
        "outside": outside_panels(stationery),
        "envelope": envelope_geometry(stationery),
    }


def envelope_geometry(stationery: Stationery) -> dict[str, Box] | None:
    """The front of the envelope this stationery goes in (None for postcards): its size and the areas to keep clear.

    `sender` and `recipient` are where the addresses are written; `barcode` is the strip
    along the bottom edge that postal machines print on. A design leaves all three blank,
    and the top right corner too, for the stamp.
    """

    envelope = envelope_for(stationery)
    if envelope is None:
        return None
    w, h = envelope.size_pt
    zones = envelope.zones
    return {
        "sheet": box_of(Rect(0, 0, w, h), h),
        "sender": box_of(zones.sender, h),
        "recipient": box_of(zones.recipient, h),
        "barcode": box_of(zones.barcode, h),
        "stamp": box_of(zones.stamp, h),
    }


def people(interview: Interview) -> dict[str, Any]:
    """The interview data a design may show. Only what every card of the batch shares, so one render serves all."""
    candidate = interview.candidate
    return {
        "candidate": {
            "name": candidate.name,
            "first_name": candidate.first_name,
            "initials": drawable_initials(candidate.name)[0],
        },
        "position": {"title": interview.position.title, "company": interview.position.company},
    }


def drawable_initials(name: str) -> tuple[str, tuple[str, ...]]:
    """The initials of `name` that a bundled font can draw, and those left out (`李 Wei` → `W`, left out `李`).

    A design sets the initials in a bundled font; a letter none of them has would print
    as an empty box on every card, so it is left out (and the build warns: `initials_warning`).
    """

    faces = [load_face(font_id) for font_id in font_names()]
    kept: list[str] = []
    left_out: list[str] = []
    for initial in (part[0].upper() for part in name.split() if part[:1].isalpha()):
        drawable = any(face.covers_all(initial) for face in faces)
        (kept if drawable else left_out).append(initial)
    return "".join(kept), tuple(left_out)


def initials_warning(design: Design, name: str) -> str | None:
    """The build warning for initials `drawable_initials` left out, when the design shows initials at all."""
    left_out = drawable_initials(name)[1]
    try:
        shows_initials = "initials" in design_source(design)
    except DesignError:
        shows_initials = False
    if not left_out or not shows_initials:
        return None
    return (
        f"design {design.name}: the initials leave out {', '.join(left_out)} from the candidate's name: "
        "no bundled font can draw it"
    )
