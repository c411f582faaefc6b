"""Hostile designs: WeasyPrint reads nothing outside the design's folder and fonts/, never the network; builds stop."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, run_cli

from notecards.catalogue.stationery import load_stationery
from notecards.designs import render as backgrounds
from notecards.designs.catalogue import load_design, people
from notecards.designs.render import render_background
from notecards.errors import DesignError
from notecards.load import load_interview
from notecards.resources import data_path

INTERVIEW = DATA / "designs" / "interview.yaml"
SHEET = (
    '<!doctype html><html><head><meta charset="utf-8">{head}</head><body><section class="sheet">{body}'
    "</section></body></html>"
)


class Server:
    """A web server on 127.0.0.1 that counts the requests reaching it (there must be none)."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(302)  # a redirect to a local file, were anyone to follow it
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    backgrounds.clear_cache()


def make_design(root: Path, name: str, *, head: str = "", body: str = "", files: dict[str, str] | None = None) -> Path:
    """A design folder `root/designs/name` whose page has `head` and `body`, plus extra files inside it."""
    folder = root / "designs" / name
    folder.mkdir(parents=True)
    (folder / "design.yaml").write_text("description: a test design\nsuits: [any]\n")
    (folder / "design.html.j2").write_text(SHEET.format(head=head, body=body))
    for rel, text in (files or {}).items():
        (folder / rel).write_text(text)
    return folder


def render(folder: Path) -> backgrounds.Background:
    return render_background(load_design(str(folder)), load_stationery("a2-flat"), people(load_interview(INTERVIEW)))


def refused(folder: Path, url_part: str) -> None:
    with pytest.raises(DesignError) as caught:
        render(folder)
    message = str(caught.value)
    assert message.startswith(f"design {folder.name}: ")
    assert url_part in message


def test_an_image_from_etc_passwd_is_refused(tmp_path: Path) -> None:
    refused(make_design(tmp_path, "passwd", body='<img src="file:///etc/passwd">'), "file:///etc/passwd")


def test_a_relative_path_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    """`../../secret.txt` exists, but lies outside the design's folder."""
    (tmp_path / "secret.txt").write_text("do not print me")
    folder = make_design(tmp_path, "dotdot", head='<link rel="stylesheet" href="../../secret.txt">')
    refused(folder, "secret.txt")


def test_percent_encoded_dots_are_resolved_before_the_check(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_text("not an image")
    refused(make_design(tmp_path, "encoded", body='<img src="%2e%2e/%2e%2e/secret.png">'), "secret.png")


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    folder = make_design(tmp_path, "symlink", head='<link rel="stylesheet" href="inside.css">')
    (tmp_path / "outside.css").write_text("body { color: red }")
    (folder / "inside.css").symlink_to(tmp_path / "outside.css")
    refused(folder, "inside.css")


def test_http_to_localhost_is_refused_without_a_request(tmp_path: Path, server: Server) -> None:
    refused(make_design(tmp_path, "local-http", body=f'<img src="{server.url}/pixel.png">'), server.url)
    assert server.hits == []


def test_a_remote_import_in_a_style_element_is_refused(tmp_path: Path, server: Server) -> None:
    folder = make_design(tmp_path, "import", head=f'<style>@import url("{server.url}/evil.css");</style>')
    refused(folder, f"{server.url}/evil.css")
    assert server.hits == []


def test_a_remote_import_inside_the_designs_own_css_file_is_refused(tmp_path: Path, server: Server) -> None:
    folder = make_design(
        tmp_path,
        "import-file",
        head='<link rel="stylesheet" href="style.css">',
        files={"style.css": f'@import "{server.url}/evil.css";\n.x {{ color: red }}\n'},
    )
    refused(folder, f"{server.url}/evil.css")
    assert server.hits == []


def test_https_stylesheet_link_is_refused(tmp_path: Path) -> None:
    folder = make_design(tmp_path, "https", head='<link rel="stylesheet" href="https://fonts.example.com/a.css">')
    refused(folder, "https://fonts.example.com/a.css")


def test_a_font_from_outside_is_refused(tmp_path: Path) -> None:
    css = '<style>@font-face { font-family: x; src: url("file:///usr/share/fonts/evil.ttf"); }</style>'
    refused(make_design(tmp_path, "font", head=css), "file:///usr/share/fonts/evil.ttf")


def test_an_attachment_of_a_system_file_is_refused(tmp_path: Path) -> None:
    folder = make_design(tmp_path, "attach", head='<link rel="attachment" href="file:///etc/passwd">')
    refused(folder, "file:///etc/passwd")


def test_even_an_attachment_from_the_designs_own_folder_is_refused(tmp_path: Path) -> None:
    """A card design has no business embedding files in the PDF."""
    folder = make_design(
        tmp_path, "attach-own", body='<a rel="attachment" href="notes.txt">notes</a>', files={"notes.txt": "hello"}
    )
    refused(folder, "notes.txt")


def test_a_missing_file_in_the_folder_is_an_error_not_a_silent_gap(tmp_path: Path) -> None:
    refused(make_design(tmp_path, "missing", body='<img src="logo.png">'), "no such file")


def test_files_in_the_folder_fonts_and_data_urls_are_allowed(tmp_path: Path) -> None:
    font = (data_path("fonts") / "Caveat-Regular.ttf").resolve().as_uri()
    pixel = (
        "data:image/png;base64,"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
    )
    head = (
        f'<link rel="stylesheet" href="style.css"><style>@font-face {{ font-family: own; src: url("{font}"); }}</style>'
    )
    folder = make_design(
        tmp_path,
        "fine",
        head=head,
        body=f'<img src="{pixel}"><p class="x">JR</p>',
        files={"style.css": ".x { font-family: own; }"},
    )
    assert render(folder).pdf.startswith(b"%PDF")


def test_the_template_runs_in_the_notes_sandbox(tmp_path: Path) -> None:
    folder = make_design(tmp_path, "escape", body="{{ candidate.name.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(DesignError, match=r"design escape: design\.html\.j2"):
        render(folder)


def test_interview_text_is_escaped_not_read_as_html(tmp_path: Path, server: Server) -> None:
    """A company name carrying markup is shown as text; without escaping it would become an <img> fetch."""
    folder = make_design(tmp_path, "escaped", body="<p>{{ position.company }}</p>")
    shown = people(load_interview(INTERVIEW))
    shown["position"]["company"] = f'Acme <img src="{server.url}/x.png"> & Sons'
    background = render_background(load_design(str(folder)), load_stationery("a2-flat"), shown)
    assert background.pdf.startswith(b"%PDF")
    assert server.hits == []


def test_a_build_with_a_hostile_design_fails_cleanly_and_writes_nothing(tmp_path: Path) -> None:
    make_design(tmp_path, "hostile", body='<img src="file:///etc/passwd">')
    interview = tmp_path / "interview.yaml"
    interview.write_text(
        INTERVIEW.read_text()
        .replace("design: border", "design: designs/hostile")
        .replace("    design: thank-you-front\n", "")
    )
    proc = run_cli("build", interview, "-o", tmp_path / "out")
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: design hostile: may not fetch file:///etc/passwd")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "cards.pdf").exists()


@pytest.mark.parametrize("code", ["{{ 1/0 }}", "{% for i in range(10**20) %}x{% endfor %}"])
def test_a_design_template_that_fails_or_explodes_is_a_design_error(tmp_path: Path, code: str) -> None:
    """A design from someone else cannot crash the build with a traceback: one DesignError naming it."""
    with pytest.raises(DesignError) as caught:
        render(make_design(tmp_path, "broken", body=code))
    assert str(caught.value).startswith("design broken: design.html.j2: ")


def test_a_design_template_that_loops_too_long_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("notecards.sandbox.RENDER_SECONDS", 0.3)
    loops = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    with pytest.raises(DesignError) as caught:
        render(make_design(tmp_path, "slow", body=loops))
    assert "took longer than 0.3 s" in str(caught.value)
