"""Everything `build` prints besides cards.pdf, together: report sections, the summary, and the progress bar."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, SAMPLES, run_cli

from notecards import build_batch, load_interview
from notecards.output.impose import SheetOptions
from notecards.output.production import plan_production

PERSON = '  - name: Person {i}\n    message: "Dear Pat,\\n\\nThank you for Tuesday.\\n\\nBest,\\nJo"\n'


def many(tmp_path: Path, count: int) -> Path:
    source = tmp_path / f"{count}.yaml"
    source.write_text(
        "candidate: {name: Jo Quill}\nposition: {title: Tester, company: Acme}\n"
        "interview: {date: 2026-11-24}\ncard: {stationery: index-3x5}\ninterviewers:\n"
        + "".join(PERSON.format(i=i) for i in range(count)),
        encoding="utf-8",
    )
    return source


def run_on_terminal(*args: str | Path) -> str:
    """Run the CLI with stdout and stderr on a pseudo-terminal, as a person at a shell would; returns what it showed."""
    import pty

    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "notecards", *map(str, args)], stdin=child, stdout=child, stderr=child, env=env
    )
    os.close(child)
    shown = bytearray()
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        shown += data
    os.close(main)
    assert proc.wait(timeout=300) == 0, shown.decode(errors="replace")
    return shown.decode(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_big_batch_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    shown = run_on_terminal("build", many(tmp_path, 25), "-o", tmp_path / "out", "--force")
    assert "fitting notes" in shown


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_small_batch_shows_no_progress_bar_even_on_a_terminal(tmp_path: Path) -> None:
    shown = run_on_terminal("build", many(tmp_path, 5), "-o", tmp_path / "out", "--force")
    assert "fitting notes" not in shown and "Person 4" in shown


def test_no_progress_bar_when_output_is_not_a_terminal(tmp_path: Path) -> None:
    proc = run_cli("build", many(tmp_path, 25), "-o", tmp_path / "out", "--force")
    assert proc.returncode == 0, proc.stderr
    assert "fitting notes" not in proc.stdout + proc.stderr
    assert "\x1b[" not in proc.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_quiet_shows_neither_summary_nor_progress(tmp_path: Path) -> None:
    shown = run_on_terminal("build", many(tmp_path, 25), "-o", tmp_path / "out", "--force", "--quiet")
    assert all(line.startswith(("warning: ", "error: ")) for line in shown.splitlines() if line.strip()), shown
    assert (tmp_path / "out" / "cards.pdf").is_file()


def test_the_summary_names_every_file_written(tmp_path: Path) -> None:
    proc = run_cli("build", SAMPLES / "panel.yaml", "-o", tmp_path, "--sheet", "letter")
    assert proc.returncode == 0, proc.stderr
    for expected in (
        "sheets-letter.pdf: 3 cards",
        "pages 1–2: 2 a2-folded",
        "envelopes.pdf: 3 envelope",
        "emails/: 2 email drafts",
    ):
        assert expected in proc.stdout


def test_the_report_gains_sheets_envelopes_and_email_paths(tmp_path: Path) -> None:
    proc = run_cli("build", DATA / "print" / "mixed.yaml", "-o", tmp_path, "--sheet", "letter", "--force")
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert all({"email_path", "envelope"} <= set(note) for note in report["notes"])
    assert [s["stationery"] for s in report["sheets"]] == ["a2-folded", "postcard-4x6", "index-3x5"]
    for entry in report["sheets"]:
        assert (tmp_path / entry["path"]).is_file()
    for note in report["notes"]:
        if note["email_path"]:
            assert (tmp_path / note["email_path"]).is_file()


def test_without_sheet_the_report_has_an_empty_sheets_list_and_no_sheets_file(tmp_path: Path) -> None:
    proc = run_cli("build", SAMPLES / "single.yaml", "-o", tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["sheets"] == [] and not list(tmp_path.glob("sheets-*.pdf"))
    assert report["notes"][0]["email_path"] is None


def test_plan_production_lays_out_sheets_envelopes_and_drafts_in_memory() -> None:
    """Only the planning half: `plan_production` (which takes no output directory) lays out all three in memory.

    (That a refused plan leaves nothing written is tested through the command line, in
    test_impose and test_emails.)
    """
    production = plan_production(build_batch(load_interview(SAMPLES / "panel.yaml")), SheetOptions("a4"))
    assert production.imposition is not None and production.imposition.groups
    assert len(production.drafts) == 2 and len(production.envelope_cards) == 3
