"""Several interview files in one `build`: each into its own folder, side by side, one failure spoiling nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import DATA, SAMPLES, run_cli

from notecards.runs import EXIT_BAD_INPUT, BuildOptions, build_files, output_folders

NOW = "2026-11-25T09:00:00+00:00"


def test_each_file_gets_a_folder_named_after_it_made_unique(tmp_path: Path) -> None:
    paths = [Path("a/kim.yaml"), Path("b/kim.yml"), Path("panel.yaml")]
    assert output_folders(paths, tmp_path) == [tmp_path / "kim", tmp_path / "kim-2", tmp_path / "panel"]


def test_a_day_of_candidates_builds_each_file_into_its_own_folder(tmp_path: Path) -> None:
    """Three files, two worker processes: every folder holds that file's cards and report, as a single build would."""
    proc = run_cli(
        "build",
        SAMPLES / "panel.yaml",
        SAMPLES / "single.yaml",
        SAMPLES / "a6-iso.yaml",
        "-o",
        tmp_path / "out",
        "--now",
        NOW,
        env={"NOTECARDS_WORKERS": "2"},
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("panel", "single", "a6-iso"):
        report = json.loads((tmp_path / "out" / name / "report.json").read_text(encoding="utf-8"))
        assert report["notes"] and (tmp_path / "out" / name / "cards.pdf").read_bytes().startswith(b"%PDF-")
    alone = run_cli("build", SAMPLES / "single.yaml", "-o", tmp_path / "alone", "--now", NOW)
    assert alone.returncode == 0
    assert (tmp_path / "alone" / "cards.pdf").read_bytes() == (tmp_path / "out" / "single" / "cards.pdf").read_bytes()
    assert [line.split(" → ")[0] for line in proc.stdout.splitlines()] == [
        str(SAMPLES / "panel.yaml"),
        str(SAMPLES / "single.yaml"),
        str(SAMPLES / "a6-iso.yaml"),
    ]


def test_one_bad_file_is_named_and_the_others_are_still_written(tmp_path: Path) -> None:
    """The exit status is the worst of them (2 for bad input); every error line names its interview file."""
    bad = tmp_path / "bad.yaml"
    shutil.copy(DATA / "bad" / "unknown-key.yaml", bad)
    proc = run_cli("build", SAMPLES / "single.yaml", bad, "-o", tmp_path / "out", "--now", NOW)
    assert proc.returncode == EXIT_BAD_INPUT
    assert proc.stderr.splitlines() == [
        f"error: {bad}:15: interviewers[2].topc: unknown key 'topc'; did you mean 'topic'?"
    ]
    assert (tmp_path / "out" / "single" / "cards.pdf").exists()
    assert not (tmp_path / "out" / "bad").exists()


def test_outcomes_come_back_in_the_order_of_the_files_from_one_worker_or_several(tmp_path: Path) -> None:
    paths = [SAMPLES / "single.yaml", tmp_path / "missing.yaml", SAMPLES / "a6-iso.yaml"]
    options = BuildOptions(force=True)
    one = build_files(paths, tmp_path / "one", options, workers=1)
    two = build_files(paths, tmp_path / "two", options, workers=2)
    assert (
        [(o.source, o.status) for o in one]
        == [(o.source, o.status) for o in two]
        == [(paths[0], 0), (paths[1], EXIT_BAD_INPUT), (paths[2], 0)]
    )
    assert "missing.yaml" in two[1].lines[0]


def test_a_worker_that_dies_takes_nothing_with_it(tmp_path: Path, monkeypatch) -> None:
    """A worker killed mid-build (out of memory, say) loses no file: what it had not finished is built here."""
    import os

    import notecards.runs

    parent, real = os.getpid(), notecards.runs.build_file

    def dies_in_a_worker(path: Path, *args, **kwargs):
        if os.getpid() != parent and path.name == "single.yaml":
            os._exit(9)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(notecards.runs, "build_file", dies_in_a_worker)
    paths = [SAMPLES / "panel.yaml", SAMPLES / "single.yaml", SAMPLES / "a6-iso.yaml"]
    outcomes = build_files(paths, tmp_path, BuildOptions(force=True), workers=2)
    assert [o.status for o in outcomes] == [0, 0, 0]
    assert all((tmp_path / p.stem / "cards.pdf").exists() for p in paths)


def test_warnings_of_each_file_are_shown_with_its_name(tmp_path: Path) -> None:
    """A card with no address to send it to is a warning, named with its file; --quiet keeps the console empty."""
    bare = tmp_path / "bare.yaml"
    bare.write_text(
        "candidate: {name: Jordan Rivera}\nposition: {title: Analyst, company: Acme}\n"
        "interview: {date: 2026-11-24}\ninterviewers:\n  - name: Ann Lee\n    topic: the quarterly plan\n",
        encoding="utf-8",
    )
    proc = run_cli("build", SAMPLES / "single.yaml", bare, "-o", tmp_path / "out", "--now", NOW, "--force")
    assert proc.returncode == 0, proc.stderr
    warned = [line for line in proc.stderr.splitlines() if line.startswith("warning: ")]
    assert warned and all(line.startswith(f"warning: {bare}: ") for line in warned)
    assert any("no address" in line for line in warned)
    quiet = run_cli("build", SAMPLES / "single.yaml", bare, "-o", tmp_path / "q", "--now", NOW, "--force", "-q")
    assert quiet.stdout == "" and quiet.stderr == ""
