"""Fitted cards → `preview.pdf` (and PNGs): each card at actual size with its trim, fold, safe area and message panel.

A preview page is the card's printed sheet (a folded card opened flat, inside up) at
full size on a slightly larger page, with the guides drawn in light colours under the
note and a small legend below: recipient, stationery, font and size, how full the
message area is. `--guides` adds ruled baselines under the text, for copying the note
out by hand. The note itself is drawn by the same `draw.draw_note` from the same fitted
layout as `cards.pdf`, so its line breaks are the print's, line for line.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..batch import Batch
from ..cards import FittedNote
from ..catalogue.fonts import load_face
from ..catalogue.stationery import PANELS
from ..designs.catalogue import outside_panels
from ..errors import NotecardsError, OutputError
from ..geometry import MM, Rect, move
from ..plot import PlotterOptions, plot_sheets
from .draw import draw_note, new_canvas, register, save
from .files import atomic_write, inside, unique_stems
from .production import plot_stems
from .svg import draw_svg_pages, svg_text
from .underlay import Layer, write_with_designs
from .write import document_title

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas


PAD_MM = 10.0  # paper around the card
LEGEND_MM = 16.0  # room for the legend under it
PNG_DPI = 150
PNG_MANIFEST = ".notecards-preview"  # in the --png folder: the PNGs the last preview wrote, replaced by the next
LEGEND_FONT = "noto-sans"  # covers the recipients' names whatever script they are in
COLOURS = {  # light, so that the note stays what the eye reads
    "message panel": "#fff3cc",
    "safe area": "#6cc36c",
    "fold": "#6fa8dc",
    "trim": "#8c8c8c",
    "baselines": "#a9c8ee",
}


@dataclass(frozen=True)
class Preview:
    """What `write_preview` wrote: the PDF, its page count and the PNGs."""

    pdf: Path
    pages: int
    pngs: tuple[Path, ...] = ()


def card_origin(card: FittedNote) -> tuple[float, float]:
    """Where the card's bottom-left corner sits on its preview page, in points."""
    return PAD_MM * MM, (PAD_MM + LEGEND_MM) * MM


def page_size(card: FittedNote) -> tuple[float, float]:
    w, h = card.stationery.sheet_size_pt
    return w + 2 * PAD_MM * MM, h + (2 * PAD_MM + LEGEND_MM) * MM


def draw_preview(cards: Sequence[FittedNote], out: BinaryIO, title: str, author: str, guides: bool = False) -> int:
    """One page per card; returns the page count. Designs (when a card has one) are laid under, as in print."""

    layers = [
        Layer(index, card.background, side, move(*card_origin(card)).matrix)
        for index, (card, side) in enumerate(preview_sides(cards))
        if card.background is not None
    ]
    return write_with_designs(lambda target: _draw_pages(cards, target, title, author, guides), layers, out)


def _draw_pages(cards: Sequence[FittedNote], out: BinaryIO, title: str, author: str, guides: bool) -> int:

    canvas = new_canvas(out, title, author)
    sides = preview_sides(cards)
    for card, side in sides:
        canvas.setPageSize(page_size(card))
        if side == "inside":
            preview_page(canvas, card, guides)
        else:
            outside_page(canvas, card)
        canvas.showPage()
    save(canvas)
    return len(sides)


def preview_sides(cards: Sequence[FittedNote]) -> list[tuple[FittedNote, str]]:
    """The preview's pages: each card's inside, then its outside when its design draws there (designs.py)."""
    return [
        (card, side)
        for card in cards
        for side in ("inside", "outside")
        if side == "inside" or (card.background is not None and card.background.outside)
    ]


def outside_page(canvas: Canvas, card: FittedNote) -> None:
    """The outside of the sheet, as it prints on the back: trim and fold, the design under them, and a legend."""

    x, y = card_origin(card)
    w, h = card.stationery.sheet_size_pt
    canvas.saveState()
    canvas.translate(x, y)
    canvas.setLineWidth(0.5)
    if card.stationery.fold_line is not None:
        canvas.setDash(3, 2)
        canvas.setStrokeColor(COLOURS["fold"])
        canvas.line(*card.stationery.fold_line)
        canvas.setDash()
    canvas.setStrokeColor(COLOURS["trim"])
    canvas.rect(0, 0, w, h, stroke=1, fill=0)
    canvas.restoreState()
    panels = ", ".join(
        f"{name} {'right' if box.left else 'left'}" if card.stationery.fold == "vertical" else name
        for name, box in outside_panels(card.stationery).items()
    )
    canvas.setFont(register(load_face(LEGEND_FONT)), 7.0)
    canvas.setFillColor("#555555")
    canvas.drawString(
        PAD_MM * MM,
        (PAD_MM + LEGEND_MM) * MM - 5 * MM,
        f"{card.note.recipient} · outside of the sheet ({panels}) · design {card.background.design}"
        if card.background
        else card.note.recipient,
    )


def preview_page(canvas: Canvas, card: FittedNote, guides: bool) -> None:
    """The guides, then the note exactly as printed, then the legend."""

    x, y = card_origin(card)
    canvas.saveState()
    canvas.translate(x, y)
    _draw_guides(canvas, card, guides)
    draw_note(canvas, card)
    canvas.restoreState()
    _legend(canvas, card, guides)


def _draw_guides(canvas: Canvas, card: FittedNote, guides: bool) -> None:
    stationery = card.stationery
    w, h = stationery.sheet_size_pt
    panel = stationery.panel(stationery.message_panel)
    canvas.setFillColor(COLOURS["message panel"])
    canvas.setBlendMode("Multiply")  # a tint, not a cover: a card's design under it (underlay.py) shows through
    canvas.rect(panel.x0, panel.y0, panel.width, panel.height, stroke=0, fill=1)
    canvas.setBlendMode("Normal")
    canvas.setLineWidth(0.5)
    canvas.setDash(3, 2)
    canvas.setStrokeColor(COLOURS["safe area"])
    for name in PANELS[stationery.fold][:2] if stationery.folded else ("full",):
        safe = stationery.panel(name).inset(stationery.margin_pt)
        canvas.rect(safe.x0, safe.y0, safe.width, safe.height, stroke=1, fill=0)
    if stationery.fold_line is not None:
        canvas.setStrokeColor(COLOURS["fold"])
        canvas.line(*stationery.fold_line)
    canvas.setDash()
    if guides:
        _baselines(canvas, card)
    canvas.setStrokeColor(COLOURS["trim"])
    canvas.rect(0, 0, w, h, stroke=1, fill=0)


def _baselines(canvas: Canvas, card: FittedNote) -> None:
    """A ruled line under every line of handwriting, across the area it is written in."""
    canvas.setStrokeColor(COLOURS["baselines"])
    canvas.setLineWidth(0.4)
    for layout in (card.layout, *(card.address.layouts_on_card if card.address else ())):
        box: Rect = layout.box
        for line in layout.lines:
            canvas.line(box.x0, line.baseline_pt, box.x1, line.baseline_pt)


def _legend(canvas: Canvas, card: FittedNote, guides: bool) -> None:

    font = register(load_face(LEGEND_FONT))
    size, x, y = 7.0, PAD_MM * MM, (PAD_MM + LEGEND_MM) * MM - 5 * MM
    layout = card.layout
    rows = [
        f"{card.note.recipient} · {card.stationery.label}",
        f"{card.hand.primary.family} {layout.size_pt:g} pt (x-height {card.x_height_mm:.1f} mm; comfortable "
        f"{card.sizes.preferred_pt:g} pt) · {len(layout.lines)} lines · fills {layout.fill:.0%} of the "
        "message area",
    ]
    canvas.setFillColor("#555555")
    right = page_size(card)[0] - PAD_MM * MM  # small cards (A6) have narrow pages: wrap, never run off
    canvas.setFont(font, size)
    for row in (line for text in rows for line in wrap_to(text, font, size, right - x)):
        canvas.drawString(x, y, row)
        y -= size * 1.4
    keys = [key for key in COLOURS if guides or key != "baselines"]
    for key in keys:
        width = 12 + canvas.stringWidth(key, font, size)
        if x + width > right and x > PAD_MM * MM:
            x, y = PAD_MM * MM, y - size * 1.4
        canvas.setFillColor(COLOURS[key])
        canvas.rect(x, y - 0.5, 6, 6, stroke=0, fill=1)
        canvas.setFillColor("#555555")
        canvas.drawString(x + 8, y, key)
        x += width


def wrap_to(text: str, font: str, size: float, width_pt: float) -> list[str]:
    """`text` broken at spaces into lines no wider than `width_pt` (a single long word keeps its own line)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width_pt:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def write_preview(
    batch: Batch, out: Path, guides: bool = False, png_dir: Path | None = None, dpi: int = PNG_DPI
) -> Preview:
    """Write the preview PDF, and with `png_dir` one PNG per card named after its recipient.

    Everything is drawn and rendered before anything is written, so a refusal or a failure
    leaves `out` and `png_dir` as they were. Raises `NotecardsError` when the batch has no
    cards (every interviewer gets an email), `OutputError` for an output path it must not
    or cannot write (see `check_preview_paths`).
    """

    cards = batch.cards
    if not cards:
        raise NotecardsError(
            "no cards to preview: every interviewer gets an email (method: email); "
            "`notecards render` shows the emails' text"
        )
    out, png_dir = Path(out), Path(png_dir) if png_dir is not None else None
    check_preview_paths(out, png_dir, batch.interview.source)
    buffer = io.BytesIO()
    draw_preview(cards, buffer, f"{document_title(batch)} (preview)", batch.interview.candidate.name, guides)
    pdf = buffer.getvalue()
    if png_dir is None:
        _write_output(out, pdf)
        return Preview(out, len(preview_sides(cards)))
    return Preview(out, len(preview_sides(cards)), _write_with_pngs(out, pdf, png_names(cards), png_dir, dpi))


def write_plot_preview(
    batch: Batch, out: Path, png_dir: Path | None = None, dpi: int = PNG_DPI, plotter: PlotterOptions | None = None
) -> Preview:
    """Write what the pen plotter will draw: each card's and envelope's SVG read back and drawn at actual size.

    With `png_dir`, one PNG per sheet named as its SVG (`<recipient>.png`, `<recipient>-envelope.png`).
    """
    plotter = plotter or PlotterOptions()
    if not batch.cards:
        raise NotecardsError("no cards to plot: every interviewer gets an email (method: email)")
    out, png_dir = Path(out), Path(png_dir) if png_dir is not None else None
    check_preview_paths(out, png_dir, batch.interview.source)
    sheets = plot_sheets(batch, plot_stems(batch), plotter).sheets
    buffer = io.BytesIO()
    draw_svg_pages(
        [svg_text(sheet, plotter.pen_mm) for sheet in sheets],
        buffer,
        f"{document_title(batch)} (plotter preview)",
        batch.interview.candidate.name,
    )
    pdf = buffer.getvalue()
    if png_dir is None:
        _write_output(out, pdf)
        return Preview(out, len(sheets))
    return Preview(out, len(sheets), _write_with_pngs(out, pdf, [f"{s.stem}.png" for s in sheets], png_dir, dpi))


def check_preview_paths(out: Path, png_dir: Path | None, interview_file: Path | None = None) -> None:
    """Raise `OutputError` for a preview path that would destroy something: the interview file, a folder, not a PDF.

    An existing `out` is replaced only when it is a PDF (an earlier preview); `png_dir`
    must be a folder, or not exist yet, and must not be `out` itself.
    """
    if interview_file is not None and out.exists() and out.resolve() == interview_file.resolve():
        raise OutputError("is the interview file; give the preview PDF another name (-o preview.pdf)", out)
    if out.is_dir():
        raise OutputError("is a folder; give the file name of the preview PDF to write (-o preview.pdf)", out)
    if out.exists() and not _is_pdf(out):
        raise OutputError("exists and is not a PDF; refusing to overwrite it with the preview", out)
    if out.suffix and out.suffix.lower() != ".pdf":
        raise OutputError(
            f"is a {out.suffix} name, but the preview is a PDF; give a .pdf name (-o preview.pdf) "
            "and add --png DIR for one PNG per card",
            out,
        )
    if png_dir is None:
        return
    if png_dir.exists() and not png_dir.is_dir():
        raise OutputError("is not a folder; --png names the folder the preview images go into", png_dir)
    if png_dir.resolve() == out.resolve():
        raise OutputError("is both the preview PDF and the PNG folder; give them different names", out)


def _is_pdf(path: Path) -> bool:
    if not path.is_file():  # opening a FIFO to look would wait for a writer forever
        return False
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def _write_output(path: Path, data: bytes) -> None:
    """Write bytes atomically; a failure is an `OutputError` naming `path`, never the temporary file."""

    try:
        atomic_write(path, lambda handle: handle.write(data))
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path) from None


def _write_with_pngs(out: Path, pdf: bytes, names: Sequence[str], png_dir: Path, dpi: int) -> tuple[Path, ...]:
    """Render the PNGs into a hidden folder inside `png_dir`, write the PDF, then swap the PNGs in."""
    created = not png_dir.exists()
    try:
        png_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".notecards-preview-", dir=png_dir))
    except OSError as exc:
        raise OutputError(f"cannot use as the PNG folder: {exc.strerror or exc}", png_dir) from None
    try:
        written = write_pngs(pdf, names, staging, dpi)
        _write_output(out, pdf)
        return _publish_pngs(staging, written, png_dir)
    except BaseException:
        if created:
            shutil.rmtree(png_dir, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _publish_pngs(staging: Path, names: tuple[str, ...], png_dir: Path) -> tuple[Path, ...]:
    """Replace the PNGs an earlier preview wrote into `png_dir` (listed in its manifest) by this preview's."""

    manifest = png_dir / PNG_MANIFEST
    try:
        for old in _earlier_pngs(manifest, names) - set(names):
            inside(png_dir, old).unlink(missing_ok=True)
        for name in names:
            (staging / name).replace(png_dir / name)
        atomic_write(manifest, lambda handle: handle.write("".join(f"{name}\n" for name in names).encode()))
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", exc.filename or png_dir) from None
    return tuple(png_dir / name for name in names)


def _earlier_pngs(manifest: Path, names: tuple[str, ...]) -> set[str]:
    """PNGs an earlier preview may have left: those its manifest lists, and each card's `-outside.png`.

    Only plain `*.png` names count, so an edited manifest cannot reach outside the folder.
    """
    try:
        listed = manifest.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        listed = []
    listed += [name.removesuffix(".png") + "-outside.png" for name in names]
    return {name for name in listed if name.endswith(".png") and Path(name).name == name and name != ".png"}


def _png_writer(image: Any) -> Any:
    return lambda handle: image.save(handle, format="PNG")


def png_names(cards: Sequence[FittedNote]) -> list[str]:
    """The PNG file name of every preview page: `<recipient>.png`, and `<recipient>-outside.png` for an outside."""

    stems = dict(
        zip(map(id, cards), unique_stems((card.note.recipient for card in cards), fallback="card"), strict=True)
    )
    return [f"{stems[id(card)]}{'' if side == 'inside' else '-outside'}.png" for card, side in preview_sides(cards)]


def write_pngs(pdf: bytes, names: Sequence[str], folder: Path, dpi: int) -> tuple[str, ...]:
    """Render each page of the preview PDF with pypdfium2 into `folder`, page i as `names[i]`; returns the names."""
    import pypdfium2  # only for --png

    document = pypdfium2.PdfDocument(pdf)
    try:
        for index, name in enumerate(names):
            atomic_write(folder / name, _png_writer(document[index].render(scale=dpi / 72).to_pil()))
    finally:
        document.close()
    return tuple(names)
