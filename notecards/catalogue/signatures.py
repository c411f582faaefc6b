"""A `signature:` image file (PNG or SVG) → `SignatureImage`: the picture drawn under the closing, not a typed name.

The image is set as tall as SIGNATURE_EM ems of the note's font size, so it grows and
shrinks with the handwriting, and sits on the line as a written name would: most of it
above the baseline, a quarter below for the tails of letters. A PNG is read with Pillow;
an SVG with svglib, which turns it into reportlab drawing operations (vectors stay vectors).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FontError, ReadError
from ..yamlfile import read_bytes

MAX_SIGNATURE_BYTES = 5_000_000  # a scanned signature is a few hundred kB

IMAGE_SUFFIXES = (".png", ".svg")
SIGNATURE_EM = 1.2  # the image's height in ems of the note's size: a descender's depth to an ascender's top
BELOW_BASELINE = 0.25  # share of the image's height under the baseline (what a descender takes)


@dataclass(frozen=True)
class SignatureImage:
    """A signature picture and its shape."""

    path: Path
    aspect: float  # width / height

    @property
    def width_em(self) -> float:
        return SIGNATURE_EM * self.aspect

    @property
    def top_em(self) -> float:
        return SIGNATURE_EM * (1 - BELOW_BASELINE)

    @property
    def bottom_em(self) -> float:
        return -SIGNATURE_EM * BELOW_BASELINE


def is_image_path(value: str) -> bool:
    """Whether a `signature:` value names a picture rather than the name to write."""
    return value.lower().endswith(IMAGE_SUFFIXES)


def load_signature(path: Path) -> SignatureImage:
    """The picture at `path`, checked to be an image notecards can draw; raises FontError (a drawing problem) if not."""
    try:
        read_bytes(path, MAX_SIGNATURE_BYTES)  # a regular file of bounded size: never a pipe or a device
    except ReadError as exc:
        raise FontError(f"signature image {exc.file}: {exc.message}") from None
    if path.suffix.lower() == ".svg":
        return _svg_signature(path)
    from PIL import Image, UnidentifiedImageError  # only for a signature picture

    try:
        with Image.open(path) as image:
            width, height = image.size
            image.verify()
    except FileNotFoundError:
        raise FontError(f"signature image {path} does not exist") from None
    except (OSError, UnidentifiedImageError, SyntaxError) as exc:
        raise FontError(f"{path.name} is not a readable PNG image ({exc})") from None
    if not width or not height:
        raise FontError(f"{path.name} is an empty image")
    return SignatureImage(path, width / height)


def svg_drawing(path: Path) -> Any:
    """The SVG as a reportlab Drawing (svglib), or None when svglib cannot read it."""
    # svglib (and lxml) only for an SVG signature
    import logging

    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.CRITICAL)  # it logs what it cannot read; we raise instead
    try:
        return svg2rlg(str(path))
    except Exception:
        return None


def _svg_signature(path: Path) -> SignatureImage:
    if not path.is_file():
        raise FontError(f"signature image {path} does not exist")
    drawing = svg_drawing(path)
    if drawing is None or not drawing.width or not drawing.height:
        raise FontError(f"{path.name} is not a readable SVG image")
    return SignatureImage(path, drawing.width / drawing.height)
