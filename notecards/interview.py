"""The interview file's schema: validated, typed `Interview` values (pydantic models)."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from .catalogue.realism import RealismName
from .catalogue.stationery import XHeight

Tone = Literal["formal", "warm", "casual"]
Method = Literal["card", "email", "both"]
CardSize = Literal["comfortable", "fill"]  # comfortable: up to the preferred x-height, leaving air; fill: up to max

INK_COLOURS = {"black": "#1c1c1c", "blue": "#1f3b8f", "navy": "#1b2a4e"}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_CLOCK = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?\s*$", re.IGNORECASE)
_H_MM = re.compile(r"^\s*(\d):([0-5]\d)\s*$")  # "9:30": pydantic wants two-digit hours
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # line breaks and tabs are text; the rest is not

# Limits on what one interview file may hold (README, "Limits"): far above any real interview,
# low enough that no file makes a build take minutes or gigabytes.
MAX_TEXT_CHARS = 2_000  # any one text field: a name, a topic, an address
MAX_MESSAGE_CHARS = 20_000  # an interviewer's own `message:` (a card holds about 150 words)
MAX_INTERVIEWERS = 10_000
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2999, 12, 31)  # the checks count days forward and back from it


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, str_max_length=MAX_TEXT_CHARS)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        """A NUL or an escape in a name would go raw into an email header or onto a card: refused with its field."""
        for text in value if isinstance(value, list) else [value]:
            found = _CONTROL.search(text) if isinstance(text, str) else None
            if found:
                raise ValueError(f"contains the control character U+{ord(found.group()):04X}; remove it")
        return value


def _plausible_date(value: date) -> date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(
            f"{value.isoformat()} is not a date notecards can plan around; give one between "
            f"{FIRST_DATE.isoformat()} and {LAST_DATE.isoformat()}"
        )
    return value


def _no_offset(value: time | None) -> time | None:
    if value is not None and value.tzinfo is not None:
        raise ValueError('write the time without an offset (as "14:00"); give the zone in `timezone:`')
    return value


def _parse_time(value: object) -> object:
    """Accept "14:00", "2pm" and "2:30 p.m." as times; leave anything else to pydantic."""
    if isinstance(value, str):
        match = _CLOCK.match(value)
        if match:
            clock = int(match.group(1))
            if not 1 <= clock <= 12:  # "25pm" is no time of day; % 12 would quietly make it 1 pm
                raise ValueError(f"{value.strip()!r} is not a time: with am or pm the hour is 1 to 12")
            hour = clock % 12 + (12 if match.group(3).lower() == "p" else 0)
            return time(hour, int(match.group(2) or 0))
        match = _H_MM.match(value)
        if match:
            return time(int(match.group(1)), int(match.group(2)))
    # pydantic would read a number as seconds after midnight: 14.30 would become 00:00:14.3
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError('write the time in quotes as HH:MM, e.g. "14:00"')
    return value


def _check_ink(value: str | None) -> str | None:
    if value is not None and value not in INK_COLOURS and not _HEX.match(value):
        raise ValueError(f"ink {value!r} is not black, blue, navy or a #RRGGBB colour")
    return value


def _check_stationery(value: str | list[str] | None) -> str | list[str] | None:
    if isinstance(value, list) and not value:
        raise ValueError("give at least one stationery name")
    return value


def _one_line(value: str | None) -> str | None:
    if value is not None and ("\n" in value or "\r" in value):
        raise ValueError("must be on one line: it goes on cards, envelopes and email headers")
    return value


class Candidate(_Strict):
    name: str = Field(min_length=1)
    email: str | None = None
    phone: str | None = None
    address: str | None = None

    _names = field_validator("name", "email", "phone")(_one_line)

    @property
    def first_name(self) -> str:
        return self.name.split()[0]

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in self.name.split() if part[:1].isalpha()).upper()


class Position(_Strict):
    title: str = Field(min_length=1)
    company: str = Field(min_length=1)
    industry: str | None = None
    address: str | None = None


class InterviewInfo(_Strict):
    date: date
    start: time | None = None
    end: time | None = None
    timezone: str | None = None
    format: str | None = None

    _times = field_validator("start", "end", mode="before")(_parse_time)
    _local_times = field_validator("start", "end")(_no_offset)
    _date = field_validator("date")(_plausible_date)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {value!r} (use an IANA name such as America/Chicago)") from None
        return value

    @model_validator(mode="after")
    def _ends_after_start(self) -> InterviewInfo:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end:%H:%M} is before start {self.start:%H:%M}")
        return self


# Handwriting legibility by x-height (the height of a lower-case x), not by point size:
# handwriting faces differ by half again in x-height at the same size. 1.5 mm is about
# the small end of neat adult handwriting, 2.0 mm reads comfortably at arm's length,
# 3.0 mm starts to look like a child's or a sign's.


class CardSettings(_Strict):
    """How a card looks; the `card:` block sets defaults, an interviewer may override."""

    stationery: str | list[str] | None = None
    font: str | None = None
    ink: str | None = None
    template: str | None = None
    signature: str | None = None
    design: str | None = None
    plotter_font: str | None = None  # a single-stroke hand for `build --plotter` (see `notecards fonts`)
    x_height_mm: XHeight | None = None
    size: CardSize | None = None  # default comfortable
    address_font: str | None = None  # envelopes and postcard address sides (default: cards.address_hand)
    uniform_size: bool | None = None
    realism: RealismName | None = None  # how much the handwriting varies (realism.py); default natural

    _ink = field_validator("ink")(_check_ink)
    _stationery = field_validator("stationery")(_check_stationery)


class CheckSettings(_Strict):
    """The optional `checks:` block: how `notecards check` judges this interview."""

    followup_days: int = Field(default=7, ge=0, le=365)  # fewer days since your last message is too soon


class Followup(_Strict):
    date: date
    method: Literal["card", "email", "call", "other"] = "email"

    _date = field_validator("date")(_plausible_date)


class Interviewer(_Strict):
    """One member of the panel: who they are, what you talked about, and how they prefer to be thanked."""

    name: str = Field(min_length=1)
    title: str | None = None
    honorific: str | None = None  # "Dr.", "Ms.", "Prof.": formal notes greet "Dear Dr. Okafor,"
    salutation: str | None = None
    email: str | None = None

    _names = field_validator("name", "honorific", "salutation", "email")(_one_line)
    address: str | None = None
    method: Method = "card"
    topic: str | None = None
    detail: str | None = None
    message: str | None = Field(default=None, max_length=MAX_MESSAGE_CHARS)
    stationery: str | list[str] | None = None
    font: str | None = None
    ink: str | None = None
    template: str | None = None
    design: str | None = None
    plotter_font: str | None = None
    realism: RealismName | None = None
    followups: list[Followup] = Field(default_factory=list)
    followup_reason: str | None = None

    _ink = field_validator("ink")(_check_ink)
    _stationery = field_validator("stationery")(_check_stationery)

    @property
    def first_name(self) -> str:
        return self.name.split()[0]

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def formal_name(self) -> str:
        """The honorific with the whole name, as on an envelope ("Dr. Ada Okafor"); the name alone without one."""
        return f"{self.honorific} {self.name}" if self.honorific else self.name

    @property
    def wants_card(self) -> bool:
        return self.method in ("card", "both")

    @property
    def wants_email(self) -> bool:
        return self.method in ("email", "both")


_OVERRIDABLE = ("stationery", "font", "ink", "template", "design", "plotter_font", "realism")


class Interview(_Strict):
    """A whole interview file, validated: the candidate, the position, when it was, and every interviewer."""

    candidate: Candidate
    position: Position
    interview: InterviewInfo
    qualifications: list[str] = Field(default_factory=list)
    tone: Tone = "formal"
    card: CardSettings = Field(default_factory=CardSettings)
    dictionary: list[str] = Field(default_factory=list)
    checks: CheckSettings = Field(default_factory=CheckSettings)
    interviewers: list[Interviewer] = Field(min_length=1, max_length=MAX_INTERVIEWERS)

    _source: Path | None = PrivateAttr(default=None)
    _filename: str = PrivateAttr(default="<interview>")  # the file's name as the user gave it, for messages

    @property
    def filename(self) -> str:
        """The file's name as the user gave it, for messages (`<interview>` for text given directly)."""
        return self._filename

    @property
    def source(self) -> Path | None:
        """The file this interview was loaded from (paths inside it are relative to it)."""
        return self._source

    @property
    def base_dir(self) -> Path:
        return self._source.parent if self._source else Path.cwd()

    def settings_for(self, person: Interviewer) -> CardSettings:
        """The `card:` defaults with this interviewer's own overrides applied."""
        overrides = {key: getattr(person, key) for key in _OVERRIDABLE if getattr(person, key) is not None}
        return self.card.model_copy(update=overrides) if overrides else self.card
