"""Email drafts as mail clients expect: unsent drafts whose paragraphs are never hard-wrapped."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

from conftest import SAMPLES

from notecards import build_batch, load_interview, write_batch


def _drafts(tmp_path: Path) -> list[tuple[Path, object]]:
    batch = build_batch(load_interview(SAMPLES / "panel.yaml"))
    data = write_batch(batch, tmp_path)
    paths = [tmp_path / note["email_path"] for note in data["notes"] if note["email_path"]]
    assert paths
    return [(path, BytesParser(policy=policy.default).parsebytes(path.read_bytes())) for path in paths]


def test_each_paragraph_comes_back_as_one_line_for_the_mail_program_to_wrap(tmp_path: Path) -> None:
    """Parsed with Python's email package, every body paragraph is one line: nothing breaks mid-sentence."""
    for _, message in _drafts(tmp_path):
        body = message.get_content().replace("\r\n", "\n")  # type: ignore[attr-defined]  # CRLF, as in mail
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        body_paragraphs = paragraphs[1:-1]  # between the salutation and the closing with contact lines
        assert any(len(p) > 100 for p in body_paragraphs), body
        assert all("\n" not in p for p in body_paragraphs), body
        assert message["Content-Transfer-Encoding"] == "quoted-printable"  # type: ignore[index]


def test_the_file_keeps_to_the_mail_line_limit_with_crlf_line_ends(tmp_path: Path) -> None:
    """RFC 5322: at most 78 characters a line, CRLF between lines, so any client opens the .eml cleanly."""
    for path, _ in _drafts(tmp_path):
        raw = path.read_bytes()
        assert b"\n" not in raw.replace(b"\r\n", b"")
        assert max(len(line) for line in raw.split(b"\r\n")) <= 78


def test_drafts_are_marked_unsent_so_clients_open_them_for_editing(tmp_path: Path) -> None:
    """`X-Unsent: 1`, and no Date or Message-ID (the mail program adds those when it sends)."""
    for _, message in _drafts(tmp_path):
        assert message["X-Unsent"] == "1"  # type: ignore[index]
        assert message["Date"] is None and message["Message-ID"] is None  # type: ignore[index]


def test_accented_names_survive_the_round_trip(tmp_path: Path) -> None:
    """Non-ASCII text (Siobhán O’Brien) decodes back exactly."""
    texts = [message.get_content() for _, message in _drafts(tmp_path)]  # type: ignore[attr-defined]
    assert any("Siobhán" in text for text in texts)
