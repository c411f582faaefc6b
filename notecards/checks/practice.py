"""`Interview` + composed `Note`s (+ the time now) → `Finding`s against follow-up practice, and the send-by time.

Severity policy, written once: an *error* is something that should not reach an
interviewer as it is (a leftover placeholder, a misspelling, a note that says nothing
about your conversation, two panel notes that read alike, a note for the wrong method);
`build` refuses to write while one stands, unless forced. A *warning* is a judgement
call worth a second look (length, tone, stock phrasing, timing, a missing closing or
contact line); it never blocks a build. Lateness is always only a warning: a late note
still beats none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ..compose import Note
from ..compose import name_words as name_words_of
from ..errors import CheckError
from ..interview import Interview, Interviewer
from ..phrasing import phrase
from . import reading
from .duplicates import closest_earlier, mask_phrases, mask_words
from .findings import SEVERITIES, Finding
from .spelling import known_words, misspellings
from .wording import (
    OFF_TONE_WORDS,
    generic_sentences,
    names_topic,
    off_tone,
    placeholders_in,
    stems_of,
    topic_mention,
    word_count,
)

if TYPE_CHECKING:
    pass

SEND_WITHIN = timedelta(hours=24)  # after the interview ends
CLOSE_CALL = timedelta(hours=4)  # less than this left before the send-by time: warn
# Word budgets count the message itself (the body), not the salutation, closing or signature.
CARD_WORD_BUDGET = 100  # what a folded card holds in comfortable handwriting, and what gets read
EMAIL_WORD_BUDGET = 200  # an email a busy reader takes in without scrolling
WORD_BUDGETS = {"card": CARD_WORD_BUDGET, "email": EMAIL_WORD_BUDGET}
DUPLICATE_SIMILARITY = 0.6  # share of three-word phrases two notes have in common, names and topics set aside
CODES = (
    "late",
    "wrong-method",
    "placeholder",
    "phrasing",
    "not-personal",
    "duplicate-notes",
    "shared-sentence",
    "fragment",
    "spelling",
    "generic",
    "too-long",
    "tone",
    "echo",
    "closing-repeated",
    "greeting",
    "missing-closing",
    "missing-contact",
    "too-many-followups",
)
_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
_CODE_RANK = {code: rank for rank, code in enumerate(CODES)}


@dataclass(frozen=True)
class CheckResult:
    """Every finding for one batch, file-wide ones first, then per recipient in file order; and the send-by time."""

    findings: tuple[Finding, ...]
    send_by: datetime

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    def as_dict(self) -> dict[str, Any]:
        return {"findings": [f.as_dict() for f in self.findings], "send_by": self.send_by.isoformat()}


def run_checks(interview: Interview, notes: Sequence[Note], now: datetime | None = None) -> CheckResult:
    """Hold every note to follow-up practice. `now` (default: the clock) may be naive: then it is interview time."""
    zone = interview_zone(interview)
    now = datetime.now(UTC) if now is None else (now if now.tzinfo else now.replace(tzinfo=zone))
    deadline = send_by(interview)
    findings = late(deadline, now) + followups(interview, now.astimezone(zone).date())
    texts = [note.text for note in notes]
    for check in _PER_NOTE:
        findings += [f for note, text in zip(notes, texts, strict=True) for f in check(interview, note, text)]
    findings += [
        f
        for note, text in zip(notes, texts, strict=True)
        for check in reading.PER_NOTE
        for f in check(interview, note, text)
    ]
    findings += no_topic(interview, notes) + duplicates(interview, notes) + spelling(interview, notes, texts)
    twins = {f.recipient for f in findings if f.code == "duplicate-notes"}  # their shared sentences go without saying
    findings += [f for f in reading.shared_sentences(interview, notes) if f.recipient not in twins]
    findings += reading.unreadable_topics(interview, notes) + reading.first_name_greetings(interview, notes)
    order = {person.name: i for i, person in enumerate(interview.interviewers)}
    findings.sort(
        key=lambda f: (
            -1 if f.recipient is None else order.get(f.recipient, len(order)),
            _SEVERITY_RANK[f.severity],
            _CODE_RANK[f.code],
        )
    )
    return CheckResult(tuple(findings), deadline)


def interview_zone(interview: Interview) -> tzinfo:
    """The interview's `timezone`, else this computer's."""
    name = interview.interview.timezone
    return ZoneInfo(name) if name else datetime.now().astimezone().tzinfo or UTC


def send_by(interview: Interview) -> datetime:
    """24 hours after the interview ends: its `end`, else its `start`, else the end of that day (interview time)."""
    info = interview.interview
    clock = info.end or info.start
    ended = datetime.combine(info.date, clock) if clock else datetime.combine(info.date + timedelta(days=1), time())
    zone = interview_zone(interview)
    # Add the 24 hours in UTC so that a daylight-saving change that night does not move the deadline.
    return (ended.replace(tzinfo=zone).astimezone(UTC) + SEND_WITHIN).astimezone(zone)


def _span(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes and not days else []
    return " ".join(parts) or "less than a minute"


def _when(moment: datetime) -> str:
    return moment.strftime("%a %d %b %Y %H:%M %Z").strip()


def late(deadline: datetime, now: datetime) -> list[Finding]:
    left = deadline - now
    if left < timedelta(0):
        return [
            Finding(
                "warning",
                "late",
                None,
                f"the send-by time, 24 hours after the interview, passed {_span(left)} ago ({_when(deadline)})",
                "send the notes today anyway: a late thank-you still beats none",
            )
        ]
    if left < CLOSE_CALL:
        return [
            Finding(
                "warning",
                "late",
                None,
                f"only {_span(left)} left to send within 24 hours (by {_when(deadline)})",
                "send the emails now and post or hand in the cards today",
            )
        ]
    return []


_BY = {"email": "by email", "card": "by card", "call": "by phone", "other": "another way"}


def followups(interview: Interview, today: date) -> list[Finding]:
    """Interviewers written to fewer than `checks.followup_days` days ago, with no `followup_reason:`."""
    days = interview.checks.followup_days
    out = []
    for person in interview.interviewers:
        future = [f for f in person.followups if f.date > today]
        if future:  # a typo in the year, most likely: say so rather than count "-29 days ago"
            out.append(
                Finding(
                    "warning",
                    "too-many-followups",
                    person.name,
                    f"a follow-up is dated {future[0].date.isoformat()}, after today ({today.isoformat()})",
                    f"correct that date in {person.name}'s `followups:`",
                )
            )
        recent = [f for f in person.followups if 0 <= (today - f.date).days < days]
        if recent and not person.followup_reason:
            last = max(recent, key=lambda f: f.date)
            ago = (today - last.date).days
            out.append(
                Finding(
                    "warning",
                    "too-many-followups",
                    person.name,
                    f"you were last in touch on {last.date.isoformat()} {_BY[last.method]} "
                    f"({ago} day{'s' if ago != 1 else ''} ago); less than {days} days between "
                    "messages reads as pressure",
                    f"wait until {(last.date + timedelta(days=days)).isoformat()}, or give a "
                    f"`followup_reason:` (news, or a follow-up you agreed) for {person.name}",
                )
            )
    return out


def _person(interview: Interview, note: Note) -> Interviewer:
    return interview.interviewers[note.index]


def _label(note: Note) -> str:
    return f"the {note.medium}"


def _body(note: Note) -> list[str]:
    return [b.text for b in note.blocks if b.kind == "body"]


def wrong_method(interview: Interview, note: Note, text: str) -> list[Finding]:
    person = _person(interview, note)
    asked = person.wants_card if note.medium == "card" else person.wants_email
    if not asked:
        return [
            Finding(
                "error",
                "wrong-method",
                note.recipient,
                f"{_label(note)} was made, but {person.name} asked for `method: {person.method}`",
                f"leave out the {note.medium}, or set `method: both` for {person.name}",
            )
        ]
    if note.medium == "email" and not person.email:
        return [
            Finding(
                "error",
                "wrong-method",
                note.recipient,
                "an email is planned but there is no address for it",
                f"add `email:` for {person.name}, or set `method: card`",
            )
        ]
    return []


def placeholder(interview: Interview, note: Note, text: str) -> list[Finding]:
    leftovers = placeholders_in(text)
    if not leftovers:
        return []
    quoted = ", ".join(f"“{p}”" for p in leftovers)
    return [
        Finding(
            "error",
            "placeholder",
            note.recipient,
            f"{_label(note)} still has {quoted}",
            "write the real words in place of each, in the interview file or the template",
        )
    ]


def not_personal(interview: Interview, note: Note, text: str) -> list[Finding]:
    topic = _person(interview, note).topic
    if not topic:
        return []  # reported once per interviewer by no_topic
    if names_topic(text, topic) or names_topic(text, phrase(topic, name_words_of(interview)).text):
        return []  # word for word as written, or as made ready for a sentence ("why you chose X" for "Why did …?")
    mention = topic_mention(text, topic)
    if mention.mentioned:
        return []
    return [
        Finding(
            "error",
            "not-personal",
            note.recipient,
            f"{_label(note)} never mentions what you discussed (“{topic}”; "
            f"{mention.content_words_found} of its {mention.content_words} key words appear)",
            "refer to the topic in the message, or leave `message:` out to use the template",
        )
    ]


def no_topic(interview: Interview, notes: Sequence[Note]) -> list[Finding]:
    """Interviewers with a note but no `topic:`: nothing in the note can be about your conversation."""
    with_notes = {note.index for note in notes}
    return [
        Finding(
            "error",
            "not-personal",
            person.name,
            "no `topic:` given, so the note cannot refer to anything you talked about",
            f"add `topic:` (and `detail:`) for {person.name} from your notes",
        )
        for i, person in enumerate(interview.interviewers)
        if i in with_notes and not person.topic
    ]


def _specific_stems(interview: Interview, person: Interviewer) -> frozenset[str]:
    return stems_of(
        (person.topic or "", person.detail or "", interview.position.industry or "", *interview.qualifications)
    )


def generic(interview: Interview, note: Note, text: str) -> list[Finding]:
    lonely, total = generic_sentences(_body(note), _specific_stems(interview, _person(interview, note)))
    if len(lonely) < 2 or len(lonely) * 2 < total:
        return []
    shown = "; ".join(f"“{s}”" for s in lonely[:2]) + ("; …" if len(lonely) > 2 else "")
    return [
        Finding(
            "warning",
            "generic",
            note.recipient,
            f"{len(lonely)} of {total} sentences are stock phrases with nothing specific near them: {shown}",
            "swap them for something from your conversation or a result of yours that matters to them",
        )
    ]


def too_long(interview: Interview, note: Note, text: str) -> list[Finding]:
    words = sum(map(word_count, _body(note)))
    budget = WORD_BUDGETS.get(note.medium, CARD_WORD_BUDGET)
    if words <= budget:
        return []
    return [
        Finding(
            "warning",
            "too-long",
            note.recipient,
            f"{_label(note)} runs to {words} words, over the {budget}-word budget for {note.medium}s",
            f"cut {words - budget} or more words: keep your thanks, one point from the conversation, one strength",
        )
    ]


def tone(interview: Interview, note: Note, text: str) -> list[Finding]:
    found = off_tone(text, interview.tone)
    if not found:
        return []
    return [
        Finding(
            "warning",
            "tone",
            note.recipient,
            f"{', '.join(f'“{w}”' for w in found)} in a {interview.tone} {note.medium}",
            f"use plain words and one ! at most, or set `tone:` to match how {interview.position.company} "
            "spoke with you",
        )
    ]


def missing_closing(interview: Interview, note: Note, text: str) -> list[Finding]:
    kinds = {block.kind for block in note.blocks}
    missing = [part for part in ("closing", "signature") if part not in kinds]
    if not missing:
        return []
    return [
        Finding(
            "warning",
            "missing-closing",
            note.recipient,
            f"{_label(note)} has no {' or '.join(missing)} line",
            "end with a closing such as “Sincerely,” on its own line and your name on the next",
        )
    ]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def missing_contact(interview: Interview, note: Note, text: str) -> list[Finding]:
    if note.medium != "email":
        return []
    candidate = interview.candidate
    if not (candidate.email or candidate.phone):
        return [
            Finding(
                "warning",
                "missing-contact",
                note.recipient,
                "the email gives no way to reach you",
                "add your `email:` or `phone:` under `candidate:`",
            )
        ]
    email, phone = (candidate.email or "").lower(), _digits(candidate.phone or "")
    shows_email = bool(email) and email in text.lower()
    shows_phone = len(phone) >= 5 and phone in _digits(text)  # however the digits are grouped
    if shows_email or shows_phone:
        return []
    return [
        Finding(
            "warning",
            "missing-contact",
            note.recipient,
            "the email does not repeat your email address or phone number",
            "put them under your name (the built-in email template does this)",
        )
    ]


# Each takes the interview, the note and its text (made once: every check reads it).
_PER_NOTE: tuple[Callable[[Interview, Note, str], list[Finding]], ...] = (
    wrong_method,
    placeholder,
    not_personal,
    generic,
    too_long,
    tone,
    missing_closing,
    missing_contact,
)


def name_words(interview: Interview) -> frozenset[str]:
    """Every word of every interviewer's name and salutation, lower case: what the duplicate check sets aside."""
    texts = [interview.candidate.name] + [f"{p.name} {p.salutation or ''}" for p in interview.interviewers]
    return frozenset(word.lower() for text in dict.fromkeys(texts) for word in _NAME_WORD.findall(text))


_NAME_WORD = re.compile(r"[\w’'-]+")


def comparable_texts(interview: Interview, notes: Sequence[Note]) -> list[str]:
    """Each note's body with its own topic and detail, and every name in the batch, masked."""
    names = name_words(interview)
    # With their topics masked, many notes share a wording, and the wordings share most of their lines:
    # each line's names are masked once (no name spans a line break).
    by_wording: dict[str, str] = {}
    by_line: dict[str, str] = {}
    texts = []
    for note in notes:
        person = _person(interview, note)
        wording = mask_phrases("\n".join(_body(note)), [person.topic or "", person.detail or ""])
        if wording not in by_wording:
            lines = wording.split("\n")
            by_line.update((line, mask_words(line, names)) for line in lines if line not in by_line)
            by_wording[wording] = "\n".join(by_line[line] for line in lines)
        texts.append(by_wording[wording])
    return texts


def duplicates(interview: Interview, notes: Sequence[Note]) -> list[Finding]:
    """Notes to different interviewers that read alike: each later note against its closest earlier twin."""
    texts = comparable_texts(interview, notes)
    out = []
    for pair in closest_earlier(texts, [note.index for note in notes], DUPLICATE_SIMILARITY):
        note, twin = notes[pair.second], notes[pair.first]
        out.append(
            Finding(
                "error",
                "duplicate-notes",
                note.recipient,
                f"{_label(note)} is {pair.similarity:.0%} the same as the {twin.medium} to {twin.recipient} "
                "once names, topics and details are set aside; panel members compare notes",
                "reword one of the two so that each reads as written for its own reader",
            )
        )
    return out


def spelling(interview: Interview, notes: Sequence[Note], texts: Sequence[str]) -> list[Finding]:
    # Text-speak and slang are the tone check's to report, not misspellings.
    known = known_words(interview) | OFF_TONE_WORDS["formal"]
    per_note = misspellings(texts, known)
    out = []
    for note, wrong in zip(notes, per_note, strict=True):
        if wrong:
            listed = ", ".join(
                f"“{m.word}”" + (f" ({' / '.join(m.suggestions)}?)" if m.suggestions else "") for m in wrong
            )
            out.append(
                Finding(
                    "error",
                    "spelling",
                    note.recipient,
                    f"{_label(note)}: {listed}",
                    "correct the text, or list real words (names, jargon) under `dictionary:`",
                )
            )
    return out


def describe(finding: Finding) -> str:
    """One line: whose note, what is wrong, which check, what to do."""
    who = f"{finding.recipient}: " if finding.recipient else ""
    return f"{who}{finding.message} [{finding.code}]; {finding.fix}"


def refusal(result: CheckResult, source: Path | None = None) -> CheckError:
    """The error `build` raises, without --force, when the checks found errors.

    A finding about the whole file (no recipient to name) names the interview file instead.
    """
    where = f"{source}: " if source is not None else ""
    return CheckError([describe(f) if f.recipient else f"{where}{describe(f)}" for f in result.errors])


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts
