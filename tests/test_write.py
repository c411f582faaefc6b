"""Writing a batch: all outputs appear together or not at all, and OUT never mixes two batches."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli

from notecards import build_batch, load_interview, write_batch
from notecards.errors import OutputError

NOW = ("--now", "2026-11-25T09:00:00+00:00")
EMAIL_ONLY = """\
candidate: {name: Jordan Rivera, email: jordan@example.com, phone: "+1 555 0100"}
position: {title: Data Engineer, company: Northwind}
interview: {date: 2026-11-24, end: "16:00", timezone: America/Chicago}
interviewers:
  - name: Ana Lima
    email: ana@northwind.example
    method: email
    topic: the nightly batch jobs and how they move to streaming
"""


def test_an_email_only_build_removes_the_cards_of_an_earlier_build_but_nothing_else(tmp_path: Path) -> None:
    """Reusing OUT: outputs this build does not make again are removed; other files stay."""
    out = tmp_path / "out"
    assert run_cli("build", SAMPLES / "panel.yaml", "-o", out, "--sheet", "letter", *NOW).returncode == 0
    assert (out / "cards.pdf").exists() and (out / "sheets-letter.pdf").exists()
    (out / "my-notes.txt").write_text("keep me")
    email_only = tmp_path / "email-only.yaml"
    email_only.write_text(EMAIL_ONLY)
    proc = run_cli("build", email_only, "-o", out, *NOW)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == [".notecards-written", "emails", "my-notes.txt", "report.json", "send-by.ics"]  # its record
    assert [p.name for p in (out / "emails").iterdir()] == ["ana-lima.eml"]


def test_a_failure_while_writing_leaves_out_exactly_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards are written, then the envelopes fail: OUT keeps the earlier build whole and gets no stray files."""
    out = tmp_path / "out"
    batch = build_batch(load_interview(SAMPLES / "single.yaml"))
    write_batch(batch, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device", str(out / "envelopes.pdf"))

    monkeypatch.setattr("notecards.output.write.write_production", broken)
    with pytest.raises(OutputError) as caught:
        write_batch(build_batch(load_interview(SAMPLES / "panel.yaml")), out)
    assert "No space left on device" in str(caught.value)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".notecards-written"]


def test_an_emails_file_in_out_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "emails").write_text("not a folder")
    proc = run_cli("build", SAMPLES / "panel.yaml", "-o", out, *NOW)
    assert proc.returncode == 2 and "emails: is a file" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["emails"]


@pytest.mark.parametrize("command", ["build", "preview"])
def test_an_output_path_under_a_file_is_one_error_line_and_exit_2(tmp_path: Path, command: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    target = blocker if command == "build" else blocker / "preview.pdf"
    proc = run_cli(command, SAMPLES / "single.yaml", "-o", target, *(NOW if command == "build" else ()))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: ") and len(proc.stderr.splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_a_build_the_checks_refuse_reports_the_findings_before_any_other_problem(tmp_path: Path) -> None:
    """An email with no address is both a check error and a production error: the refusal (with findings) wins."""
    text = (SAMPLES / "single.yaml").read_text(encoding="utf-8")
    assert "    method: card\n" in text
    source = tmp_path / "no-email.yaml"
    source.write_text(text.replace("    method: card\n", "    method: email\n"), encoding="utf-8")
    proc = run_cli("build", source, "-o", tmp_path / "out", *NOW)
    assert proc.returncode == 2
    assert "[wrong-method]" in proc.stderr and "nothing written" in proc.stderr
    assert "has no email address" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_the_report_has_one_line_per_note(tmp_path: Path) -> None:
    """report.json reads (and diffs) a card at a time: each note entry is one whole line of valid JSON."""
    import json

    data = write_batch(build_batch(load_interview(SAMPLES / "panel.yaml")), tmp_path)
    lines = (tmp_path / "report.json").read_text(encoding="utf-8").splitlines()
    assert json.loads("\n".join(lines)) == data
    for entry in data["notes"]:
        assert sum(line.strip().rstrip(",") == json.dumps(entry, ensure_ascii=False) for line in lines) == 1
