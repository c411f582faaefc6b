"""The batch's email notes → `EmailDraft`s (standard-library `EmailMessage`), written as `OUT/emails/<name>.eml`.

A draft is addressed `To` the interviewer and `From` the candidate, with a subject naming
both the candidate and the job, and a plain-text body: the composed `thank-you-email`
note (or the interviewer's own message), each paragraph one long line, then a signature
with the candidate's contact details unless the note already ends with them. The body is
sent quoted-printable, so no line in the file is over 76 characters, yet a mail program
decodes each paragraph back to one line and wraps it to its own window: nothing breaks
mid-sentence on a phone. `X-Unsent: 1` makes Outlook (and Thunderbird, Apple Mail) open
the file as an unsent draft, ready to edit and send. No
`Date` or `Message-ID`: the mail program adds them when it is sent, and the file's bytes
depend only on the interview.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import IO

from ..batch import Batch
from ..compose import Note
from ..errors import InterviewError, Problem
from ..interview import Interview
from ..load import problem_at
from .files import atomic_write, inside, unique_stems

EML_POLICY = policy.default.clone(linesep="\r\n")  # RFC 5322 line ends, as mail programs save .eml files


@dataclass(frozen=True)
class EmailDraft:
    """One ready-to-send email: who it is for, where it goes under OUT, and the message itself."""

    recipient: str
    index: int  # the interviewer's position in the file
    path: str  # relative to the output directory, e.g. "emails/marcus-chen.eml"
    message: EmailMessage = field(compare=False, repr=False)

    def as_bytes(self) -> bytes:
        return self.message.as_bytes(policy=EML_POLICY)

    def write_to(self, handle: IO[bytes]) -> None:
        handle.write(self.as_bytes())


def email_drafts(batch: Batch) -> tuple[list[EmailDraft], list[str]]:
    """A draft for every email note, and warnings; raises `InterviewError` naming each recipient without an address."""
    interview = batch.interview
    notes = [note for note in batch.notes if note.medium == "email"]
    if not notes:  # nothing to send: the candidate's own address does not matter
        return [], []
    problems = [p for note in notes if (p := _address_problem(interview, note.index)) is not None]
    sender, warnings = _sender(interview, problems)
    if problems:
        raise InterviewError(problems)
    stems = unique_stems((note.recipient for note in notes), fallback="email")
    drafts = [
        EmailDraft(note.recipient, note.index, f"emails/{stem}.eml", build_message(interview, note, sender))
        for note, stem in zip(notes, stems, strict=True)
    ]
    return drafts, warnings


def _address_problem(interview: Interview, index: int) -> Problem | None:
    person = interview.interviewers[index]
    if not person.email:
        return _problem(
            interview,
            ("interviewers", index),
            f"{person.name} is to get an email (method: "
            f"{person.method}) but has no email address; add `email:` or set `method: card`",
        )
    if _address(person.name, person.email) is None:
        return _problem(
            interview,
            ("interviewers", index, "email"),
            f"{person.email!r} is not an email address notecards can write (for {person.name})",
        )
    return None


def _sender(interview: Interview, problems: list[Problem]) -> tuple[Address | None, list[str]]:
    """The From address, or None with a warning when the candidate has none."""
    candidate = interview.candidate
    if not candidate.email:
        return None, [
            "candidate.email is not set: the email drafts have no From address "
            "(your mail program fills it in when you send them)"
        ]
    sender = _address(candidate.name, candidate.email)
    if sender is None:
        problems.append(
            _problem(
                interview, ("candidate", "email"), f"{candidate.email!r} is not an email address notecards can write"
            )
        )
    return sender, []


def _address(name: str, email: str) -> Address | None:
    try:
        address = Address(display_name=one_line(name), addr_spec=email.strip())
    except (ValueError, HeaderParseError):
        return None
    return address if address.domain and email.isascii() else None


def _problem(interview: Interview, loc: tuple[int | str, ...], message: str) -> Problem:

    return problem_at(interview, loc, message)


def build_message(interview: Interview, note: Note, sender: Address | None) -> EmailMessage:
    """The draft for one email note: headers, then the plain-text body with a signature."""
    person = interview.interviewers[note.index]
    recipient = _address(person.name, person.email or "")
    message = EmailMessage(policy=EML_POLICY)
    message["To"] = recipient if recipient is not None else ""
    if sender is not None:
        message["From"] = sender
    message["Subject"] = subject(interview)
    message["X-Unsent"] = "1"
    message.set_content(body_text(interview, note), cte="quoted-printable")  # long lines, soft-wrapped in transit
    return message


def subject(interview: Interview) -> str:
    return one_line(f"Thank you from {interview.candidate.name}: {interview.position.title} interview")


def one_line(text: str) -> str:
    """`text` with every run of whitespace, line breaks included, as one space: a header value is one line."""
    return " ".join(text.split())


def body_text(interview: Interview, note: Note) -> str:
    """The note as plain text (each paragraph one line, closing and signature lines kept), then contact details."""
    text = ""
    for block in note.blocks:
        if text:
            text += "\n" if block.kind == "signature" else "\n\n"
        text += " ".join(block.text.split()) if block.kind == "body" else block.text
    signed = {block.text.strip() for block in note.blocks if block.kind == "signature"}
    contact = contact_lines(interview)
    if not set(contact) <= signed:
        text += "\n\n-- \n" + "\n".join(contact)
    return text + "\n"


def contact_lines(interview: Interview) -> list[str]:
    candidate = interview.candidate
    return [line for line in (candidate.name, candidate.phone, candidate.email) if line]


def write_drafts(drafts: list[EmailDraft], out_dir: Path) -> None:
    """Write every draft to OUT/emails/, each atomically, never outside OUT."""

    for draft in drafts:
        atomic_write(inside(out_dir, *draft.path.split("/")), draft.write_to)
