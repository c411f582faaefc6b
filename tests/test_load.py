"""Loading interview files: every sample loads; every problem names file, field path and line, all at once."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from notecards import InterviewError, load_interview, parse_interview

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
DATA = Path(__file__).resolve().parent / "data"
BAD = DATA / "bad"
LOAD = DATA / "load"

MINIMAL = """\
candidate:
  name: Jordan Rivera
position:
  title: Data Engineer
  company: Northwind Analytics
interview:
  date: 2026-11-24
{extra}interviewers:
  - name: Priya Natarajan
"""


def minimal(extra: str = "", start: str | None = None) -> str:
    """A valid interview (line 8 is `extra`'s first line), optionally with `interview.start` on line 8."""
    text = MINIMAL.format(extra=extra)
    if start is not None:
        text = text.replace("  date: 2026-11-24\n", f"  date: 2026-11-24\n  start: {start}\n")
    return text


def problems_of(path: Path) -> list[tuple[str, int | None, str]]:
    """(field path, line, message) for every problem loading `path` reports; fails if it loads."""
    with pytest.raises(InterviewError) as caught:
        load_interview(path)
    return [(p.path, p.line, p.message) for p in caught.value.problems]


def test_there_are_at_least_three_samples() -> None:
    assert len(SAMPLES) >= 3


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_loads_and_remembers_its_file(sample: Path) -> None:
    interview = load_interview(sample)
    assert interview.interviewers
    assert interview.source == sample.resolve()
    assert interview.base_dir == sample.resolve().parent


def test_unknown_key_names_file_field_path_line_and_suggests_the_nearest_key() -> None:
    path = BAD / "unknown-key.yaml"
    assert problems_of(path) == [("interviewers[2].topc", 15, "unknown key 'topc'; did you mean 'topic'?")]
    with pytest.raises(InterviewError) as caught:
        load_interview(path)
    assert caught.value.lines() == [f"{path}:15: interviewers[2].topc: unknown key 'topc'; did you mean 'topic'?"]


@pytest.mark.parametrize(
    ("extra", "key", "line", "suggestion"),
    [
        ("qualifcations: [SQL]\n", "qualifcations", 8, "qualifications"),
        ("card:\n  inks: blue\n", "card.inks", 9, "ink"),
        ("card:\n  x_height_mm: {mn: 2}\n", "card.x_height_mm.mn", 9, "min"),
    ],
)
def test_unknown_keys_at_any_depth_suggest_the_nearest_valid_key(
    extra: str, key: str, line: int, suggestion: str
) -> None:
    with pytest.raises(InterviewError) as caught:
        parse_interview(minimal(extra=extra), "mine.yaml")
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == (key, line)
    assert problem.message.endswith(f"did you mean {suggestion!r}?")


def test_missing_required_name_gives_the_interviewer_path_and_its_line() -> None:
    assert problems_of(BAD / "missing-name.yaml") == [("interviewers[1].name", 12, "required but missing")]


def test_missing_top_level_sections_are_each_reported() -> None:
    with pytest.raises(InterviewError) as caught:
        parse_interview("candidate:\n  name: Jordan Rivera\n", "thin.yaml")
    paths = {p.path for p in caught.value.problems}
    assert {"position", "interview", "interviewers"} <= paths
    assert all(str(p).startswith("thin.yaml") for p in caught.value.problems)


def test_python_tag_is_refused_with_a_line_and_never_constructed(capfd: pytest.CaptureFixture[str]) -> None:
    problems = problems_of(BAD / "python-tag.yaml")
    assert len(problems) == 1
    _, line, message = problems[0]
    assert line == 3
    assert "python/object/apply" in message
    assert "not allowed" in message
    assert "PWNED-BY-YAML" not in capfd.readouterr().out


def test_unquoted_clock_time_is_a_time_not_base_60_and_words_stay_words() -> None:
    interview = load_interview(LOAD / "plain-values.yaml")
    assert interview.interview.start == time(14, 0)
    assert interview.interview.end == time(16, 30)
    assert [p.name for p in interview.interviewers] == ["No", "Yes Ortega"]
    assert interview.interviewers[0].topic == "on"
    assert interview.interviewers[1].title == "off"
    assert interview.candidate.phone == "+1 555 0100"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("14:00", time(14, 0)),
        ("'14:00'", time(14, 0)),
        ("09:30", time(9, 30)),
        ("9:30", time(9, 30)),
        ("2pm", time(14, 0)),
        ("2 PM", time(14, 0)),
        ("2:30 p.m.", time(14, 30)),
        ("10am", time(10, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
    ],
)
def test_times_are_read_as_people_write_them(written: str, meant: time) -> None:
    interview = parse_interview(minimal(start=written))
    assert interview.interview.start == meant


def test_morning_time_without_leading_zero_and_iso_date_string_load() -> None:
    interview = load_interview(LOAD / "morning.yaml")
    assert interview.interview.start == time(9, 30)
    assert interview.interview.end == time(14, 0)
    assert interview.interview.date == date(2026, 11, 24)


@pytest.mark.parametrize("written", ["1400", "14.30", "9.5"])
def test_a_number_where_a_time_belongs_is_an_error_not_seconds_past_midnight(written: str) -> None:
    text = minimal(start=written)
    with pytest.raises(InterviewError) as caught:
        parse_interview(text, "t.yaml")
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("interview.start", 8)
    assert "HH:MM" in problem.message


def test_decimal_time_in_a_file_is_reported_with_its_line() -> None:
    [(path, line, message)] = problems_of(LOAD / "decimal-time.yaml")
    assert (path, line) == ("interview.start", 9)
    assert "HH:MM" in message


def test_bad_ink_zone_and_method_are_all_reported_together_one_per_line() -> None:
    path = BAD / "bad-values.yaml"
    with pytest.raises(InterviewError) as caught:
        load_interview(path)
    by_path = {p.path: p for p in caught.value.problems}
    assert set(by_path) == {"interview.timezone", "card.ink", "interviewers[0].method", "interviewers[1].ink"}
    assert by_path["interview.timezone"].line == 9
    assert "America/Springfield" in by_path["interview.timezone"].message
    assert by_path["card.ink"].line == 11
    assert "'purple'" in by_path["card.ink"].message
    assert by_path["interviewers[0].method"].line == 14
    assert all(word in by_path["interviewers[0].method"].message for word in ("card", "email", "both"))
    assert by_path["interviewers[1].ink"].line == 16
    lines = caught.value.lines()
    assert len(lines) == 4
    assert all(line.startswith(f"{path}:") and "\n" not in line for line in lines)


@pytest.mark.parametrize("ink", ["black", "blue", "navy", "#1A2b3C"])
def test_named_inks_and_hex_colours_are_accepted(ink: str) -> None:
    interview = parse_interview(minimal(extra=f"card:\n  ink: '{ink}'\n"))
    assert interview.card.ink == ink


@pytest.mark.parametrize("method", ["card", "email", "both"])
def test_each_delivery_method_is_accepted(method: str) -> None:
    interview = parse_interview(minimal(extra="") + f"    method: {method}\n")
    assert interview.interviewers[0].method == method


def test_tone_outside_formal_warm_casual_is_refused() -> None:
    with pytest.raises(InterviewError) as caught:
        parse_interview(minimal(extra="tone: grumpy\n"), "t.yaml")
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("tone", 8)


def test_unknown_font_stationery_and_template_names_are_reported_where_they_were_written() -> None:
    problems = problems_of(BAD / "unknown-names.yaml")
    by_path = {path: (line, message) for path, line, message in problems}
    assert by_path["card.font"][0] == 10
    assert "caveatt" in by_path["card.font"][1] and "caveat" in by_path["card.font"][1]
    assert by_path["interviewers[0].stationery"][0] == 13
    assert "a2-foldd" in by_path["interviewers[0].stationery"][1]
    assert by_path["interviewers[1].template"][0] == 15
    assert "thank-yu" in by_path["interviewers[1].template"][1]


def test_yaml_syntax_error_names_file_and_line() -> None:
    with pytest.raises(InterviewError) as caught:
        parse_interview("candidate:\n  name: [Jordan\nposition: x\n", "broken.yaml")
    [problem] = caught.value.problems
    assert problem.file == "broken.yaml"
    assert problem.line is not None
    assert str(problem).startswith(f"broken.yaml:{problem.line}:")


def test_a_file_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(InterviewError) as caught:
        parse_interview("- just\n- a list\n", "list.yaml")
    assert "mapping" in caught.value.problems[0].message


def test_a_missing_file_is_an_interview_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(InterviewError) as caught:
        load_interview(missing)
    assert str(missing) in str(caught.value)


def test_an_empty_interviewer_list_is_refused() -> None:
    text = minimal().replace("interviewers:\n  - name: Priya Natarajan\n", "interviewers: []\n")
    with pytest.raises(InterviewError) as caught:
        parse_interview(text, "empty.yaml")
    assert [p.path for p in caught.value.problems] == ["interviewers"]


@pytest.mark.parametrize("written", ["2026-11-31", "2026-13-45", "2026-02-30"])
def test_an_impossible_date_is_reported_with_its_field_and_line(written: str) -> None:
    """PyYAML's own date reader would crash on these; they come back as one readable problem."""
    with pytest.raises(InterviewError) as caught:
        parse_interview(minimal().replace("date: 2026-11-24", f"date: {written}"), "bad-date.yaml")
    (problem,) = caught.value.problems
    assert problem.path == "interview.date" and problem.line == 7 and problem.file == "bad-date.yaml"


def test_x_height_range_must_be_in_order() -> None:
    """min above max (or the defaults) is refused with its field, not silently widened."""
    with pytest.raises(InterviewError) as caught:
        parse_interview(minimal("card:\n  x_height_mm: {min: 4}\n"), "xh.yaml")
    assert any(p.path.startswith("card.x_height_mm") for p in caught.value.problems)


def test_a_key_given_twice_is_an_error_with_its_line() -> None:
    """YAML would keep only the last `topic:`; the person meant one of them, so say so."""
    with pytest.raises(InterviewError) as caught:
        parse_interview(minimal() + "    topic: streaming\n    topic: batch jobs\n", "twice.yaml")
    (problem,) = caught.value.problems
    assert problem.line == 11 and "'topic' is given twice" in problem.message


def test_decomposed_accents_are_composed_on_load() -> None:
    """Names pasted with combining marks (as macOS writes them) become the composed letters fonts draw."""
    text = minimal().replace("Priya Natarajan", "Jose\u0301 Nu\u0303n\u0303ez")
    assert parse_interview(text).interviewers[0].name == "José Nũñez"


def test_an_end_before_the_start_and_a_name_on_two_lines_are_refused() -> None:
    text = minimal(start='"14:00"').replace("  start:", '  end: "13:00"\n  start:')
    text = text.replace("name: Priya Natarajan", 'name: "Priya\\nNatarajan"')
    with pytest.raises(InterviewError) as caught:
        parse_interview(text, "odd.yaml")
    messages = {p.path: p.message for p in caught.value.problems}
    assert "before start" in messages["interview"] and "one line" in messages["interviewers[0].name"]


def test_an_hour_past_twelve_with_am_or_pm_is_refused_not_wrapped_round() -> None:
    """ "25pm" is no time: it is refused at its field instead of being read as 1 pm."""
    text = (
        "candidate: {name: Jo Quill}\nposition: {title: Tester, company: Acme}\n"
        "interview: {date: 2026-11-24, start: 25pm}\ninterviewers:\n  - name: Pat Doe\n    topic: tests\n"
    )
    with pytest.raises(InterviewError) as caught:
        parse_interview(text, "t.yaml")
    assert "interview.start" in str(caught.value) and "1 to 12" in str(caught.value)
