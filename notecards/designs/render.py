"""`Design` + stationery + candidate → a rendered `Background` (a small PDF from WeasyPrint), once per distinct key.

A background has one page for the inside of the sheet (the side the note is written on),
then, when the design draws there, one for the outside and one for the front of the
envelope. Rendering happens while the
batch is built, so a design that breaks or reaches for a forbidden URL stops the build
before anything is written. WeasyPrint is imported only here, and only when a card
actually has a design.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..catalogue.fonts import font_names, load_face
from ..catalogue.stationery import Stationery
from ..errors import DesignError
from ..interview import Interview
from ..resources import data_path
from ..sandbox import render
from .catalogue import (
    TEMPLATE,
    Design,
    design_source,
    envelope_geometry,
    geometry,
    initials_warning,
    people,
)

if TYPE_CHECKING:
    pass

SIDES = ("inside", "outside", "envelope")
DESIGN_INK = "#2b2b2b"  # a design's colour when no card ink is given


@dataclass(frozen=True)
class Background:
    """A design rendered for one stationery and one candidate: PDF bytes with the inside (outside, envelope) pages."""

    design: str
    stationery: str
    pdf: bytes = field(repr=False)
    outside: bool
    under_text: bool
    warnings: tuple[str, ...] = ()
    envelope: bool = False

    @property
    def sides(self) -> tuple[str, ...]:
        """The pages of `pdf`, in order."""
        return tuple(side for side in SIDES if side == "inside" or getattr(self, side))

    def page_index(self, side: str) -> int:
        if side not in self.sides:
            raise ValueError(f"design {self.design} has no {side} page")
        return self.sides.index(side)


_cache: dict[tuple[Any, ...], Background] = {}
renders = 0  # how many times WeasyPrint ran in this process (the benchmark and tests read it)


def clear_cache() -> None:
    _cache.clear()


def background_for(design: Design, stationery: Stationery, interview: Interview, ink: str | None = None) -> Background:
    """The design rendered for this stationery, candidate and ink: once per distinct key."""
    shown = people(interview)
    key = (design, stationery, repr(sorted((k, sorted(v.items())) for k, v in shown.items())), ink)
    if key not in _cache:
        _cache[key] = render_background(design, stationery, shown, ink)
    return _cache[key]


def render_background(
    design: Design, stationery: Stationery, shown: dict[str, Any], ink: str | None = None
) -> Background:
    """Render the design's template in the notes' sandbox, then its HTML with WeasyPrint behind the safe fetcher.

    `ink` (#RRGGBB, the card's) is the design's text and line colour unless its own CSS sets one.
    """
    html = render_html(design, {**geometry(stationery), **shown, "fonts": font_urls(), "ink": ink or DESIGN_INK})
    pdf, pages, warnings = _weasyprint_pdf(design, html, page_css(stationery, ink))
    envelope = design.envelope and envelope_geometry(stationery) is not None
    sides = ["inside"] + ["outside"] * design.outside + ["envelope"] * envelope
    if pages != len(sides):
        raise DesignError(
            f"made {pages} pages on {stationery.name}; it must make {len(sides)} ({', then '.join(sides)})", design.name
        )
    initials = initials_warning(design, shown["candidate"]["name"]) if "candidate" in shown else None
    warnings = [initials, *warnings] if initials else warnings
    return Background(design.name, stationery.name, pdf, design.outside, design.under_text, tuple(warnings), envelope)


def render_html(design: Design, context: dict[str, Any]) -> str:
    """The design's Jinja2 template → HTML, in the notes' sandbox with HTML escaping switched on."""

    def fail(message: str) -> DesignError:
        return DesignError(f"{TEMPLATE}: {message}", design.name)

    return render(design_source(design), context, fail, html=True)


def font_urls() -> dict[str, str]:
    """Each bundled font's id → its file: URL, for a design's own @font-face rules."""

    return {font_id: load_face(font_id).path.resolve().as_uri() for font_id in font_names()}


def page_css(stationery: Stationery, ink: str | None = None) -> str:
    """Page sizes, a `.sheet` class for one side of the sheet, `.envelope` for the envelope, the bundled fonts by id.

    The body's colour is the card's ink, so text and `currentColor` lines take it unless
    the design's own CSS sets a colour (a user stylesheet wins over this one).
    """
    box = geometry(stationery)["sheet"]
    envelope = envelope_geometry(stationery)
    faces = "".join(
        f'@font-face {{ font-family: "{font_id}"; src: url("{url}"); }}\n' for font_id, url in font_urls().items()
    )
    css = (
        f"@page {{ size: {box.width}mm {box.height}mm; margin: 0; }}\n"
        f"html, body {{ margin: 0; padding: 0; color: {ink or DESIGN_INK}; }}\n"
        f".sheet {{ position: relative; width: {box.width}mm; height: {box.height}mm; overflow: hidden; "
        "break-after: page; }\n"
        ".sheet:last-child, .envelope:last-child { break-after: auto; }\n"
    )
    if envelope is not None:
        size = envelope["sheet"]
        css += (
            f"@page envelope {{ size: {size.width}mm {size.height}mm; margin: 0; }}\n"
            f".envelope {{ page: envelope; position: relative; width: {size.width}mm; height: {size.height}mm; "
            "overflow: hidden; break-after: page; }\n"
        )
    return css + faces


def _weasyprint_pdf(design: Design, html: str, css: str) -> tuple[bytes, int, list[str]]:
    """HTML → (PDF bytes, page count, warnings). Any URL outside the design's folder and fonts/ is a `DesignError`."""
    global renders
    # WeasyPrint takes a third of a second to import: only when a card has a design
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from .fetcher import DesignFetcher, RefusedURL  # imports WeasyPrint: only when a card has a design

    fetcher = DesignFetcher([design.folder, data_path("fonts")])
    base_url = design.folder.as_uri() + "/"
    warnings: list[str] = []
    fonts = FontConfiguration()  # @font-face rules in the page stylesheet only count when shared with render()
    pdf, pages = b"", 0
    renders += 1
    try:
        with _weasyprint_log(design, warnings):
            document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
            _refuse_attachments(design, document, base_url)
            page = CSS(string=css, url_fetcher=fetcher, font_config=fonts)
            rendered = document.render(stylesheets=[page], font_config=fonts)
            pdf, pages = rendered.write_pdf(), len(rendered.pages)
    except RefusedURL:
        pass  # the fetcher kept the URL: reported below, with the URLs WeasyPrint caught and carried on after
    if fetcher.refused:
        url, why = fetcher.refused[0]
        raise DesignError(f"may not fetch {url} ({why})", design.name)
    return pdf, pages, warnings


def _refuse_attachments(design: Design, document: Any, base_url: str) -> None:
    """A design may not embed files in the PDF: refuse any element with rel=attachment before anything is fetched."""
    from urllib.parse import urljoin  # only designs that draw need it

    for element in document.etree_element.iter():
        rel = str(element.get("rel", "")).lower().split()
        if "attachment" in rel:
            url = urljoin(base_url, str(element.get("href", "")))
            raise DesignError(f"may not attach files to the PDF ({url})", design.name)


@contextmanager
def _weasyprint_log(design: Design, into: list[str]) -> Iterator[None]:
    """WeasyPrint's warnings (unknown CSS, a bad image) become build warnings instead of stderr noise."""
    import logging  # only while rendering a design (WeasyPrint imports it anyway); a plain build does without

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            into.append(f"design {design.name}: {record.getMessage()}")

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
