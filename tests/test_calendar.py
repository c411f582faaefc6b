"""`OUT/send-by.ics`: a valid iCalendar reminder at the send-by time (24 h after the interview), with an alarm."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import SAMPLES

from notecards import build_batch, load_interview, parse_interview, write_batch
from notecards.checks.practice import send_by
from notecards.output.calendar import calendar_text, fold


def parse_ics(data: bytes) -> list[tuple[str, dict[str, str], str]]:
    """A small RFC 5545 reader: checks CRLF and the 75-octet limit, unfolds, and splits name;params:value."""
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), "lines must end in CRLF"
    physical = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical), "a content line is over 75 octets"
    unfolded: list[bytes] = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    out = []
    for raw in unfolded:
        line = raw.decode("utf-8")  # folding never splits a character
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        out.append((name.upper(), dict(p.split("=", 1) for p in params), value))
    return out


def components(lines: list[tuple[str, dict[str, str], str]]) -> dict[str, dict[str, str]]:
    """Each component's properties by component name, checking BEGIN/END nest properly."""
    stack: list[str] = []
    found: dict[str, dict[str, str]] = {}
    for name, _, value in lines:
        if name == "BEGIN":
            stack.append(value)
            found[value] = {}
        elif name == "END":
            assert stack.pop() == value, f"END:{value} closes the wrong component"
        else:
            found[stack[-1]][name] = value
    assert not stack
    return found


def unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


@pytest.mark.parametrize("sample", ["panel.yaml", "a6-iso.yaml"])
def test_build_writes_a_reminder_at_the_send_by_time_with_an_alarm_before_it(tmp_path: Path, sample: str) -> None:
    batch = build_batch(load_interview(SAMPLES / sample))
    data = write_batch(batch, tmp_path)
    found = components(parse_ics((tmp_path / "send-by.ics").read_bytes()))
    assert found["VCALENDAR"]["VERSION"] == "2.0" and found["VCALENDAR"]["PRODID"]
    event, alarm = found["VEVENT"], found["VALARM"]
    deadline = send_by(batch.interview)
    assert datetime.strptime(event["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) == deadline
    assert event["UID"].endswith("@notecards") and event["DTSTAMP"].endswith("Z")
    assert alarm["ACTION"] == "DISPLAY" and alarm["TRIGGER"].startswith("-PT")
    assert batch.interview.position.company in unescape(event["SUMMARY"])
    assert all(person.name in unescape(event["DESCRIPTION"]) for person in batch.interview.interviewers)
    assert data["calendar"] == {"path": "send-by.ics", "send_by": deadline.isoformat()}


def test_the_send_by_time_is_24_hours_after_the_interview_ends() -> None:
    """Chicago, ends 16:30 on 24 Nov: the event starts 25 Nov 22:30 UTC."""
    batch = build_batch(load_interview(SAMPLES / "panel.yaml"))
    event = components(parse_ics(calendar_text(batch).encode()))["VEVENT"]
    info = batch.interview.interview
    assert (info.date.isoformat(), str(info.end), info.timezone) == ("2026-11-24", "16:30:00", "America/Chicago")
    assert event["DTSTART"] == "20261125T223000Z"


def test_the_file_is_the_same_whenever_it_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """No build-time clock in it: UID and DTSTAMP come from the interview (or SOURCE_DATE_EPOCH)."""
    batch = build_batch(load_interview(SAMPLES / "panel.yaml"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = calendar_text(batch)
    assert calendar_text(batch) == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    stamp = components(parse_ics(calendar_text(batch).encode()))["VEVENT"]["DTSTAMP"]
    assert stamp == (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=1700000000)).strftime("%Y%m%dT%H%M%SZ")


def test_long_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    line = "DESCRIPTION:" + "Nguyễn Thị Hương, " * 12
    folded = fold(line).encode("utf-8")
    parts = folded.split(b"\r\n")
    assert len(parts) > 2 and all(len(part) <= 75 for part in parts)
    assert b"".join(part[1:] if i else part for i, part in enumerate(parts)).decode("utf-8") == line


def test_commas_and_semicolons_in_names_are_escaped() -> None:
    text = (
        'candidate: {name: Jo Quill}\nposition: {title: "Engineer; Data", company: "Acme, Inc."}\n'
        "interview: {date: 2026-11-24}\ninterviewers:\n  - name: Sam Fox\n    topic: testing\n"
    )
    event = components(parse_ics(calendar_text(build_batch(parse_interview(text))).encode()))["VEVENT"]
    assert "Acme\\, Inc." in event["SUMMARY"] and "Engineer\\; Data" in event["SUMMARY"]
    assert unescape(event["SUMMARY"]) == "Send your thank-you notes (Engineer; Data at Acme, Inc.)"
