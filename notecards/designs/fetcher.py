"""A URL a design asks WeasyPrint for → that file's bytes, if it lies in the design's folder or `fonts/`; else refused.

Imported only while rendering a design (it subclasses WeasyPrint's fetcher, a heavy import).
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..errors import ReadError
from ..yamlfile import read_bytes

MAX_RESOURCE_BYTES = 10_000_000  # an image or font a design uses; a bundled font is under 1 MB


class RefusedURL(FatalURLFetchingError):  # type: ignore[misc]  # WeasyPrint is untyped
    """Raised inside WeasyPrint to stop rendering; the fetcher also keeps the URL, as WeasyPrint may swallow this."""


class DesignFetcher(URLFetcher):  # type: ignore[misc]
    """Serves `file:` URLs under the allowed folders (after resolving `..` and symlinks) and `data:` URLs.

    Everything else (http, https, ftp, other files, a missing file) is refused: the URL is
    recorded in `refused` and the rendering stops. Redirects are off; no network is ever used.
    """

    def __init__(self, allowed_dirs: Iterable[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True)
        self.allowed_dirs = tuple(Path(os.path.realpath(d)) for d in allowed_dirs)
        self.refused: list[tuple[str, str]] = []  # (url, why)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self.allowed_file(url)
            if path is not None:
                return self._file_response(url, path)
        self.refused.append((url, self._why(url, scheme)))
        raise RefusedURL(f"refused {url}")

    def allowed_file(self, url: str) -> Path | None:
        """The real path a `file:` URL names, when it is an existing file inside an allowed folder."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        path = Path(os.path.realpath(url2pathname(parts.path)))
        inside = any(path.is_relative_to(folder) for folder in self.allowed_dirs)
        return path if inside and path.is_file() else None

    def _file_response(self, url: str, path: Path) -> URLFetcherResponse:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        try:
            data = read_bytes(path, MAX_RESOURCE_BYTES)
        except ReadError as exc:
            self.refused.append((url, exc.message))
            raise RefusedURL(f"refused {url}") from None
        return URLFetcherResponse(url, data, {"Content-Type": content_type})

    def _why(self, url: str, scheme: str) -> str:
        if scheme != "file":
            return "only files in the design's folder, the bundled fonts and data: URLs may be used"
        parts = urlsplit(url)
        path = Path(os.path.realpath(url2pathname(parts.path)))
        if parts.netloc in ("", "localhost") and any(path.is_relative_to(d) for d in self.allowed_dirs):
            return "no such file"
        return "outside the design's folder and the bundled fonts"
