"""Baseline for bench_build.py: the same note texts set with ReportLab's KeepInFrame(mode="shrink").

`python keepinframe_baseline.py NOTES.json OUT.pdf BOXES.json`: NOTES.json is a list of
note texts; the card is a2-flat (4.25 × 5.5 in), Caveat from notecards' fonts/, 1/4 in
margins, 24 pt start, leading 1.25 × size. Writes the PDF and, for each page, the frame
box in points (for the pixel comparison).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

FONTS = Path(__file__).resolve().parent.parent / "fonts"
PAGE = (4.25 * inch, 5.5 * inch)
MARGIN = 0.25 * inch


def flowables(text: str, style: ParagraphStyle) -> list[Flowable]:
    out: list[Flowable] = []
    for block in text.split("\n\n"):
        escaped = block.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
        out += [Paragraph(escaped, style), Spacer(1, style.leading * 0.5)]
    return out[:-1]


def main(notes_path: str, out_pdf: str, boxes_path: str) -> None:
    pdfmetrics.registerFont(TTFont("Caveat", str(FONTS / "Caveat-Regular.ttf")))
    style = ParagraphStyle("note", fontName="Caveat", fontSize=24, leading=30, textColor=HexColor("#1f3b8f"))
    canvas = Canvas(out_pdf, pagesize=PAGE, invariant=1)
    width, height = PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN
    for text in json.loads(Path(notes_path).read_text(encoding="utf-8")):
        frame = Frame(
            MARGIN, MARGIN, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0
        )
        frame.addFromList([KeepInFrame(width, height, flowables(text, style), mode="shrink")], canvas)
        canvas.showPage()
    canvas.save()
    box = [MARGIN, MARGIN, PAGE[0] - MARGIN, PAGE[1] - MARGIN]
    Path(boxes_path).write_text(json.dumps({"box_pt": box, "page_height_pt": PAGE[1]}), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])
