"""samples/single.yaml → docs/realism.png: its card with realism off and natural, side by side, at 300 dpi.

`python tools/make_readme_picture.py` (rerun when the drawing changes). The README opens
with this picture: what a card looks like, and what realism changes.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from notecards.batch import build_batch
from notecards.load import load_interview
from notecards.output.draw import draw_cards

ROOT = Path(__file__).resolve().parent.parent
DPI = 300
MARGIN_PT = 10  # around the message box
LABEL_PX = 70


def card_image(realism: str, work: Path) -> Image.Image:
    """The sample's message panel as printed with `realism`, cropped to its box, at DPI."""
    batch = build_batch(load_interview(ROOT / "samples" / "single.yaml"), realism=realism)
    card = batch.cards[0]
    pdf_path = work / f"{realism}.pdf"
    draw_cards([card], str(pdf_path), "notecards", "notecards")
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        image = pdf[0].render(scale=DPI / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
    x0, y0, x1, y1 = card.layout.box.as_list()
    height = card.stationery.sheet_size_pt[1]
    scale = DPI / 72
    return image.crop(
        (
            round((x0 - MARGIN_PT) * scale),
            round((height - y1 - MARGIN_PT) * scale),
            round((x1 + MARGIN_PT) * scale),
            round((height - y0 + MARGIN_PT) * scale),
        )
    )


def labelled(image: Image.Image, label: str) -> Image.Image:
    out = Image.new("RGB", (image.width, image.height + LABEL_PX), "white")
    out.paste(image, (0, LABEL_PX))
    font = ImageFont.truetype(str(ROOT / "fonts" / "NotoSans-Regular.ttf"), 40)
    ImageDraw.Draw(out).text((20, 12), label, fill=(110, 110, 110), font=font)
    return out


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        before = labelled(card_image("off", Path(work)), "realism: off — the font as it is")
        after = labelled(card_image("natural", Path(work)), "realism: natural (the default)")
    picture = Image.new("RGB", (before.width + after.width + 20, max(before.height, after.height)), (200, 200, 200))
    picture.paste(before, (0, 0))
    picture.paste(after, (before.width + 20, 0))
    out = ROOT / "docs" / "realism.png"
    out.parent.mkdir(exist_ok=True)
    # 32 colours hold ink, paper and the anti-aliased edges between them: a tenth of the file, no visible loss
    picture.quantize(32).save(out, optimize=True, dpi=(DPI, DPI))
    print(f"{out.relative_to(ROOT)}: {picture.width} × {picture.height} px at {DPI} dpi")


if __name__ == "__main__":
    main()
