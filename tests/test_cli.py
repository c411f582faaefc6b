"""The command line end to end (`python -m notecards`): builds, reports, listings, and clean refusals of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
from conftest import DATA, INSTALLED, ROOT, SAMPLES, run_cli, run_cli_process

from notecards import load_interview, load_stationery
from notecards.compose import default_salutation

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))
BAD = DATA / "bad"
REPORT_KEYS = {
    "recipient",
    "method",
    "page",
    "stationery",
    "font",
    "font_size_pt",
    "min_font_size_pt",
    "max_font_size_pt",
    "lines",
    "words",
    "fill",
    "box_pt",
}
CARD_KEYS = REPORT_KEYS - {"recipient", "method", "words"}


NOW = "2026-11-25T09:00:00+00:00"  # a fixed "now": the late check's wording depends on the clock


def build(interview: Path, out: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = run_cli("build", interview, "-o", out, "--now", NOW, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, subprocess.CompletedProcess[str]]]:
    """Every sample built once: name → (output directory, finished process)."""
    out = {}
    for sample in SAMPLE_FILES:
        out_dir = tmp_path_factory.mktemp(sample.stem)
        out[sample.stem] = (out_dir, build(sample, out_dir))
    return out


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(pdf).pages]


# --- build -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_build_writes_cards_pdf_and_a_report_with_the_documented_keys(sample: Path, built: dict) -> None:
    out_dir, _ = built[sample.stem]
    assert (out_dir / "cards.pdf").is_file()
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert set(report) >= {"notes", "warnings"}
    interview = load_interview(sample)
    assert [n["recipient"] for n in report["notes"]] == [p.name for p in interview.interviewers]
    for entry, person in zip(report["notes"], interview.interviewers, strict=True):
        assert set(entry) >= REPORT_KEYS
        assert entry["method"] == person.method
        if person.wants_card:
            assert entry["min_font_size_pt"] <= entry["font_size_pt"] <= entry["max_font_size_pt"]
            assert 0 < entry["fill"] <= 1
            assert entry["lines"] > 0 and entry["words"] > 0
            x0, y0, x1, y1 = entry["box_pt"]
            assert x0 < x1 and y0 < y1
        else:
            assert all(entry[key] is None for key in CARD_KEYS)


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_one_page_per_card_or_both_note_numbered_in_file_order(sample: Path, built: dict) -> None:
    out_dir, _ = built[sample.stem]
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    cards = [p for p in load_interview(sample).interviewers if p.method in ("card", "both")]
    assert len(pypdf.PdfReader(out_dir / "cards.pdf").pages) == len(cards)
    assert [n["page"] for n in report["notes"] if n["page"] is not None] == list(range(1, len(cards) + 1))


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_each_page_is_the_printed_sheet_and_its_box_lies_on_the_message_panel(sample: Path, built: dict) -> None:
    out_dir, _ = built[sample.stem]
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    pages = pypdf.PdfReader(out_dir / "cards.pdf").pages
    for entry in (n for n in report["notes"] if n["page"]):
        stationery = load_stationery(entry["stationery"])
        page = pages[entry["page"] - 1]
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            stationery.sheet_size_pt, abs=0.01
        )
        assert entry["box_pt"] == pytest.approx(stationery.message_box.as_list(), abs=0.01)


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_pdf_text_is_real_and_each_card_names_its_recipient(sample: Path, built: dict) -> None:
    out_dir, _ = built[sample.stem]
    interview = load_interview(sample)
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    texts = page_texts(out_dir / "cards.pdf")
    for entry, person in zip(report["notes"], interview.interviewers, strict=True):
        if entry["page"] is None:
            assert all(person.name not in text for text in texts)
            continue
        text = texts[entry["page"] - 1]
        assert f"{default_salutation(person, interview.tone)}," in text
        assert person.name.split()[0] in text or person.name.split()[-1] in text


def test_build_prints_a_summary_naming_every_recipient(built: dict) -> None:
    _, proc = built["panel"]
    for name in ("Priya Natarajan", "Marcus Chen", "Siobhán O’Brien", "Łukasz Wróbel"):
        assert name in proc.stdout


def test_quiet_build_prints_nothing(tmp_path: Path) -> None:
    proc = run_cli("build", SAMPLES / "single.yaml", "-o", tmp_path, "--quiet")
    assert proc.returncode == 0 and proc.stdout == ""


def test_two_builds_give_the_same_bytes(built: dict, tmp_path: Path) -> None:
    first, _ = built["panel"]
    build(SAMPLES / "panel.yaml", tmp_path)
    for name in ("cards.pdf", "report.json"):
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes(), name


def test_source_date_epoch_sets_the_pdf_dates_and_builds_stay_identical(tmp_path: Path) -> None:
    epoch = 1767225600  # 2026-01-01 00:00:00 UTC
    for run in ("a", "b"):
        build(SAMPLES / "single.yaml", tmp_path / run, env={"SOURCE_DATE_EPOCH": str(epoch)})
    build(SAMPLES / "single.yaml", tmp_path / "later", env={"SOURCE_DATE_EPOCH": str(epoch + 86400)})
    first = (tmp_path / "a" / "cards.pdf").read_bytes()
    assert first == (tmp_path / "b" / "cards.pdf").read_bytes()
    assert first != (tmp_path / "later" / "cards.pdf").read_bytes()
    meta = pypdf.PdfReader(tmp_path / "a" / "cards.pdf").metadata
    assert meta is not None and meta.creation_date is not None
    assert meta.creation_date.astimezone(UTC) == datetime.fromtimestamp(epoch, UTC)


def test_paths_in_the_interview_are_relative_to_its_file_not_the_working_directory(tmp_path: Path) -> None:
    source_tree = {} if INSTALLED else {"PYTHONPATH": str(ROOT)}  # an install needs no help to be found
    proc = run_cli(
        "build", DATA / "stationery" / "user-stationery.yaml", "-o", tmp_path / "out", cwd=tmp_path, env=source_tree
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["notes"][0]["stationery"] == "square-5.5"


# --- render, stationery, fonts, capacity -------------------------------------------------------------------


def test_render_text_prints_every_note_with_its_recipient() -> None:
    proc = run_cli("render", SAMPLES / "panel.yaml")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("== ") == 5
    assert "== Siobhán O’Brien (email" in proc.stdout
    assert "Dear Priya," in proc.stdout


def test_render_json_is_a_list_of_recipient_method_text() -> None:
    proc = run_cli("render", SAMPLES / "panel.yaml", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    notes = json.loads(proc.stdout)
    assert all({"recipient", "method", "text"} <= set(n) for n in notes)
    assert [(n["recipient"], n["method"]) for n in notes] == [
        ("Priya Natarajan", "card"),
        ("Marcus Chen", "both"),
        ("Marcus Chen", "both"),
        ("Siobhán O’Brien", "email"),
        ("Łukasz Wróbel", "card"),
    ]
    assert notes[0]["text"].startswith("Dear Priya,\n\n")
    assert notes[0]["text"].endswith("\nJordan")


def test_stationery_json_lists_the_catalogue_with_finished_sizes() -> None:
    proc = run_cli("stationery", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    items = {item["name"]: item for item in json.loads(proc.stdout)}
    assert {
        "a2-folded",
        "a2-flat",
        "a6-flat",
        "a6-folded",
        "a7-folded",
        "postcard-4x6",
        "postcard-a6",
        "index-3x5",
    } <= set(items)
    assert (items["a2-folded"]["width_mm"], items["a2-folded"]["height_mm"]) == pytest.approx((107.95, 139.7))
    assert items["a2-folded"]["folded"] is True
    assert items["postcard-a6"]["folded"] is False
    assert (items["postcard-a6"]["width_mm"], items["postcard-a6"]["height_mm"]) == (148, 105)


def test_stationery_text_lists_every_name() -> None:
    proc = run_cli("stationery")
    assert proc.returncode == 0, proc.stderr
    assert all(name in proc.stdout for name in ("a2-folded", "postcard-4x6", "index-3x5"))


def test_fonts_json_lists_the_bundled_fonts() -> None:
    proc = run_cli("fonts", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    names = [item["name"] for item in json.loads(proc.stdout)]
    assert {"caveat", "kalam", "patrick-hand", "homemade-apple", "noto-sans"} <= set(names)


def test_capacity_says_how_many_words_fit_at_the_smallest_and_comfortable_size() -> None:
    proc = run_cli("capacity", "--stationery", "index-3x5", "--font", "caveat")
    assert proc.returncode == 0, proc.stderr
    assert "smallest" in proc.stdout and "comfortable" in proc.stdout and "words" in proc.stdout


def test_capacity_json_fits_more_words_when_smaller_and_on_bigger_stationery() -> None:
    small, big = (
        json.loads(run_cli("capacity", "--stationery", name, "--font", "kalam", "--format", "json").stdout)
        for name in ("index-3x5", "a7-folded")
    )
    assert small["minimum"]["words"] > small["preferred"]["words"] > 0
    assert big["preferred"]["words"] > small["preferred"]["words"]


def test_capacity_with_an_unknown_stationery_exits_2_with_one_error_line() -> None:
    proc = run_cli("capacity", "--stationery", "a2-foldd", "--font", "caveat")
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: unknown stationery 'a2-foldd'")
    assert "Traceback" not in proc.stderr


# --- bad input ---------------------------------------------------------------------------------------------

BAD_CASES = {
    "unknown-key": ["interviewers[2].topc", "unknown key 'topc'", "did you mean 'topic'", "unknown-key.yaml:15"],
    "missing-name": ["interviewers[1].name", "required", "missing-name.yaml:12"],
    "python-tag": ["python/object/apply", "not allowed", "python-tag.yaml:3"],
    "sandbox-escape": ["Priya Natarajan", "sandbox"],
    "undefined-variable": ["Marcus Chen", "interviewer.favourite_project"],
    "too-long": ["Priya Natarajan", "index-3x5", "caveat", "words over", "fit"],
    "bad-values": ["card.ink", "interview.timezone", "interviewers[0].method", "interviewers[1].ink"],
    "unknown-names": ["card.font", "caveatt", "interviewers[0].stationery", "a2-foldd", "thank-yu"],
}


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_exits_2_names_the_problem_and_writes_nothing(case: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli("build", BAD / f"{case}.yaml", "-o", out)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), proc.stderr
    for needle in BAD_CASES[case]:
        assert needle in proc.stderr, needle
    assert not (out / "cards.pdf").exists()
    assert not (out / "report.json").exists()
    assert "PWNED" not in proc.stdout + proc.stderr


def test_several_problems_are_printed_one_per_line() -> None:
    proc = run_cli("render", BAD / "bad-values.yaml")
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 4


def test_a_note_too_long_says_by_how_much_and_how_many_words_fit(tmp_path: Path) -> None:
    proc = run_cli("build", BAD / "too-long.yaml", "-o", tmp_path / "out")
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert "about" in line and "words over" in line and "lines too many" in line
    assert not (tmp_path / "out").exists()


def test_render_refuses_the_sandbox_escape_too() -> None:
    proc = run_cli("render", BAD / "sandbox-escape.yaml")
    assert proc.returncode == 2
    assert "PWNED" not in proc.stdout
    assert proc.stderr.startswith("error: ") and "sandbox-escape.yaml:" in proc.stderr
    assert "interviewers[0].message: template message for Priya Natarajan: blocked by the sandbox" in proc.stderr


def test_missing_interview_file_exits_2_naming_it(tmp_path: Path) -> None:
    proc = run_cli("build", tmp_path / "nope.yaml", "-o", tmp_path / "out")
    assert proc.returncode == 2
    assert "nope.yaml" in proc.stderr and "Traceback" not in proc.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    proc = run_cli_process("--debug", "build", BAD / "unknown-key.yaml", "-o", tmp_path)
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr
    assert "InterviewError" in proc.stderr


def test_debug_also_works_after_the_command(tmp_path: Path) -> None:
    proc = run_cli_process("build", BAD / "unknown-key.yaml", "-o", tmp_path, "--debug")
    assert "Traceback" in proc.stderr
    assert "InterviewError" in proc.stderr
    assert "No such option" not in proc.stderr


def test_usage_error_exits_2_without_a_traceback() -> None:
    proc = run_cli("build", SAMPLES / "single.yaml", "--no-such-option")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "no-such-option" in proc.stderr


def test_the_console_script_writes_everything_and_says_so_before_it_ends_the_process(tmp_path: Path) -> None:
    """`notecards` ends without a full interpreter teardown: its files are whole and its summary printed first."""
    import subprocess

    script = Path(sys.executable).parent / "notecards"  # the console script installed with this Python
    assert script.exists(), script
    proc = subprocess.run(
        [script, "build", SAMPLES / "panel.yaml", "-o", tmp_path / "out", "--now", NOW],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Priya Natarajan" in proc.stdout and proc.stderr == ""
    assert json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["notes"]
    assert (tmp_path / "out" / "cards.pdf").read_bytes().rstrip().endswith(b"%%EOF")


def test_the_console_script_exits_2_on_bad_input_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    proc = run_cli_process("build", BAD / "unknown-key.yaml", "-o", tmp_path / "out")
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"error: {BAD / 'unknown-key.yaml'}:15: interviewers[2].topc: unknown key 'topc'; did you mean 'topic'?"
    ]
    assert not (tmp_path / "out").exists()


def test_no_arguments_shows_the_commands_instead_of_a_traceback() -> None:
    result = run_cli()
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "build" in result.stdout + result.stderr
