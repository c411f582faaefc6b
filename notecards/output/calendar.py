"""A built `Batch` → `send-by.ics`: one iCalendar (RFC 5545) event at the send-by time, with an alarm before it.

The event starts at the send-by time (24 hours after the interview, `checks.practice.send_by`)
and lasts a quarter of an hour, long enough to write and post the cards; a display alarm
rings `ALARM_BEFORE` earlier. Times are written in UTC, so the file needs no time-zone
definitions and every calendar program places it right. The bytes depend only on the
interview: the UID is a hash of it and DTSTAMP is the interview's end (or
`SOURCE_DATE_EPOCH` when set, as for the PDFs), never the clock at build time.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta
from typing import IO

from ..batch import Batch
from ..checks.practice import send_by

CALENDAR_ICS = "send-by.ics"
ALARM_BEFORE = timedelta(hours=2)
EVENT_LENGTH = timedelta(minutes=15)
LINE_OCTETS = 75  # RFC 5545 3.1: content lines are folded at 75 octets


def calendar_text(batch: Batch) -> str:
    """The whole calendar as text with CRLF line ends and folded long lines."""
    deadline = send_by(batch.interview).astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//notecards//send-by reminder//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{_uid(batch)}@notecards",
        f"DTSTAMP:{_utc(_stamp(batch))}",
        f"DTSTART:{_utc(deadline)}",
        f"DTEND:{_utc(deadline + EVENT_LENGTH)}",
        f"SUMMARY:{escape(_summary(batch))}",
        f"DESCRIPTION:{escape(_description(batch))}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape(_summary(batch))}",
        f"TRIGGER:-PT{int(ALARM_BEFORE.total_seconds() // 60)}M",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def write_calendar(batch: Batch, handle: IO[bytes]) -> None:
    handle.write(calendar_text(batch).encode("utf-8"))


def _summary(batch: Batch) -> str:
    position = batch.interview.position
    return f"Send your thank-you notes ({position.title} at {position.company})"


def _description(batch: Batch) -> str:
    """Who gets what, one line each, then where the files are."""
    interview = batch.interview
    people = [f"{person.name}: {person.method}" for person in interview.interviewers]
    steps = ["Print cards.pdf, sign, address and post the cards."] if batch.cards else []
    steps += ["Send the drafts in emails/."] if any(note.medium == "email" for note in batch.notes) else []
    return "\n".join(["Thank-you notes are best sent within 24 hours of the interview.", *people, *steps])


def _uid(batch: Batch) -> str:
    interview = batch.interview
    key = "|".join(
        [
            interview.candidate.name,
            interview.position.title,
            interview.position.company,
            interview.interview.date.isoformat(),
            *(person.name for person in interview.interviewers),
        ]
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _stamp(batch: Batch) -> datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH when set, else the interview's end (the send-by time less the day)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return send_by(batch.interview).astimezone(UTC) - timedelta(hours=24)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as \\n."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1  # a continuation line starts with a space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)
