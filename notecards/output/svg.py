"""`PlotSheet`s → plotter SVG files (`OUT/plot/<name>.svg`), and those files drawn back onto PDF pages for preview.

What a plotter's software expects: the page at its physical size in millimetres (`width`
and `height` in mm, a viewBox in mm, so one user unit is one millimetre), only stroked
open paths (no text, no fills), one Inkscape layer per ink (AxiDraw and NextDraw plot a
layer at a time and pause between them for a pen change; vpype reads them as its
layers) and one group per line of the note. The stroke width is the pen's. The preview
reads the SVG text back rather than the strokes in memory, so it shows exactly what the
pen will draw.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import IO, BinaryIO

from reportlab.lib.colors import HexColor

from ..geometry import MM
from ..plot import PEN_MM, PlotSheet
from .draw import new_canvas, save
from .files import atomic_write, inside

_SVG = "http://www.w3.org/2000/svg"
_INKSCAPE = "http://www.inkscape.org/namespaces/inkscape"
_POINTS = re.compile(r"[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)")


def svg_text(sheet: PlotSheet, pen_mm: float = PEN_MM) -> str:
    """The sheet as an SVG document whose user unit is a millimetre."""
    w, h = f"{sheet.width_mm:.2f}", f"{sheet.height_mm:.2f}"
    groups = []
    for number, line in enumerate(sheet.lines, start=1):
        paths = "".join(f'\n      <path d="{_path_data(stroke)}"/>' for stroke in line)
        groups.append(f'    <g id="line-{number}">{paths}\n    </g>')
    style = f"fill:none;stroke:{sheet.ink};stroke-width:{pen_mm:g};stroke-linecap:round;stroke-linejoin:round"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="{_SVG}" xmlns:inkscape="{_INKSCAPE}" version="1.1" '
        f'width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}">\n'
        f"  <title>{_escaped(f'{sheet.kind} for {sheet.recipient}')}</title>\n"
        f'  <g inkscape:groupmode="layer" inkscape:label="1 ink {sheet.ink}" id="ink-1" style="{style}">\n'
        + "\n".join(groups)
        + "\n  </g>\n</svg>\n"
    )


def _path_data(stroke: Sequence[tuple[float, float]]) -> str:
    first, *rest = stroke
    return f"M{first[0]:.3f} {first[1]:.3f}" + "".join(f" L{x:.3f} {y:.3f}" for x, y in rest)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_svgs(sheets: Sequence[PlotSheet], out_dir: Path, pen_mm: float = PEN_MM) -> None:
    """Each sheet to OUT/plot/<stem>.svg, atomically."""
    for sheet in sheets:
        atomic_write(inside(out_dir, "plot", f"{sheet.stem}.svg"), partial(_write, svg_text(sheet, pen_mm).encode()))


def _write(data: bytes, handle: IO[bytes]) -> None:
    handle.write(data)


def read_svg(text: str) -> tuple[tuple[float, float], str, float, list[list[tuple[float, float]]]]:
    """(size in mm, ink, pen width in mm, strokes in mm from the top left) of an SVG this module wrote."""
    import xml.etree.ElementTree as ET  # only for the plotter preview

    root = ET.fromstring(text)  # noqa: S314 - our own output, read back for the preview
    size = float(root.get("width", "0").removesuffix("mm")), float(root.get("height", "0").removesuffix("mm"))
    layer = root.find(f"{{{_SVG}}}g")
    declarations = (layer.get("style", "") if layer is not None else "").split(";")
    style = dict(part.split(":", 1) for part in declarations if part)
    strokes = [
        [(float(x), float(y)) for x, y in _POINTS.findall(path.get("d", ""))] for path in root.iter(f"{{{_SVG}}}path")
    ]
    return size, style.get("stroke", "#000000"), float(style.get("stroke-width", PEN_MM)), strokes


def draw_svg_pages(texts: Sequence[str], out: BinaryIO, title: str, author: str) -> int:
    """Each SVG as one PDF page at its physical size, its strokes drawn with the pen's width; the page count."""
    canvas = new_canvas(out, title, author)
    for text in texts:
        (w_mm, h_mm), ink, pen_mm, strokes = read_svg(text)
        canvas.setPageSize((w_mm * MM, h_mm * MM))
        canvas.setStrokeColor(HexColor(ink))
        canvas.setLineWidth(pen_mm * MM)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        for stroke in strokes:
            path = canvas.beginPath()
            path.moveTo(stroke[0][0] * MM, (h_mm - stroke[0][1]) * MM)
            for x, y in stroke[1:]:
                path.lineTo(x * MM, (h_mm - y) * MM)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.showPage()
    save(canvas)
    return len(texts)
