"""Email drafts: one .eml per email/both interviewer, parsed back; a missing address stops the build."""

from __future__ import annotations

import json
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from conftest import DATA, SAMPLES, run_cli

from notecards import build_batch, email_drafts, load_interview, parse_interview, write_batch
from notecards.errors import InterviewError

HEAD = (
    "candidate: {name: Jo Quill, email: jo@example.org, phone: '+44 20 7946 0000'}\n"
    "position: {title: Site Reliability Engineer, company: Acme}\ninterview: {date: 2026-11-24}\n"
    "interviewers:\n"
)


def parsed(path: Path):
    return message_from_bytes(path.read_bytes(), policy=policy.default)


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("panel")
    data = write_batch(build_batch(load_interview(SAMPLES / "panel.yaml")), out)
    return out, data


def test_a_draft_for_every_email_or_both_interviewer_and_none_for_card_only(panel: tuple[Path, dict]) -> None:
    out, data = panel
    paths = {n["recipient"]: n["email_path"] for n in data["notes"]}
    assert paths == {
        "Priya Natarajan": None,
        "Marcus Chen": "emails/marcus-chen.eml",
        "Siobhán O’Brien": "emails/siobhan-obrien.eml",
        "Łukasz Wróbel": None,
    }
    assert sorted(p.name for p in (out / "emails").iterdir()) == ["marcus-chen.eml", "siobhan-obrien.eml"]


def test_every_eml_parses_back_with_the_right_headers_and_a_plain_text_body(panel: tuple[Path, dict]) -> None:
    out, data = panel
    interview = load_interview(SAMPLES / "panel.yaml")
    for entry in data["notes"]:
        if entry["email_path"] is None:
            continue
        person = next(p for p in interview.interviewers if p.name == entry["recipient"])
        message = parsed(out / entry["email_path"])
        assert message["To"].addresses[0].addr_spec == person.email
        assert message["To"].addresses[0].display_name == person.name
        assert message["From"].addresses[0].addr_spec == "jordan.rivera@example.com"
        assert "Jordan Rivera" in message["Subject"] and "Senior Data Engineer" in message["Subject"]
        assert message["X-Unsent"] == "1"
        assert message.get_content_type() == "text/plain" and not message.is_multipart()
        body = message.get_content()
        assert body.startswith(("Dear ", "Hi "))
        assert "+1 555 0100" in body and "jordan.rivera@example.com" in body
        raw = (out / entry["email_path"]).read_bytes().split(b"\r\n")
        assert max(len(line) for line in raw) <= 78  # the file itself: quoted-printable keeps lines short


def test_the_body_is_the_composed_email_note() -> None:
    interview = load_interview(SAMPLES / "panel.yaml")
    batch = build_batch(interview)
    drafts, warnings = email_drafts(batch)
    assert warnings == []
    for draft in drafts:
        note = next(n for n in batch.notes if n.medium == "email" and n.index == draft.index)
        body = message_from_bytes(draft.as_bytes(), policy=policy.default).get_content()
        assert " ".join(body.split()) == " ".join(note.text.split())  # the same words, only re-wrapped


def test_a_message_without_contact_details_gets_a_signature_with_them() -> None:
    text = HEAD + (
        '  - {name: Sam Fox, email: sam@acme.example, method: email, message: "Hi Sam,\\n\\nThanks!\\n\\nJo"}\n'
    )
    drafts, _ = email_drafts(build_batch(parse_interview(text)))
    body = message_from_bytes(drafts[0].as_bytes(), policy=policy.default).get_content().replace("\r\n", "\n")
    assert body.endswith("\n-- \nJo Quill\n+44 20 7946 0000\njo@example.org\n")


def test_non_ascii_names_survive_the_round_trip() -> None:
    text = HEAD + "  - {name: Zoë Ødegård, email: zoe@acme.example, method: both}\n"
    drafts, _ = email_drafts(build_batch(parse_interview(text)))
    message = message_from_bytes(drafts[0].as_bytes(), policy=policy.default)
    assert message["To"].addresses[0].display_name == "Zoë Ødegård"
    assert "Zoë" in message.get_content()
    assert drafts[0].path == "emails/zoe-odegard.eml"


def test_the_file_bytes_depend_only_on_the_interview(tmp_path: Path) -> None:
    """Two builds of the same interview, loaded separately (from two copies of the file), give identical drafts."""
    copy = tmp_path / "panel.yaml"
    copy.write_bytes((SAMPLES / "panel.yaml").read_bytes())
    first = [d.as_bytes() for d in email_drafts(build_batch(load_interview(SAMPLES / "panel.yaml")))[0]]
    second = [d.as_bytes() for d in email_drafts(build_batch(load_interview(copy)))[0]]
    assert len(first) == 2 and first == second
    assert all(b"Date:" not in data and b"Message-ID" not in data for data in first)


def test_a_malformed_candidate_email_does_not_stop_a_batch_of_cards_only() -> None:
    """The sender is only checked when there is an email to send: card-only batches have none."""
    text = HEAD.replace("jo@example.org", "jo at example") + "  - {name: Sam Fox, method: card}\n"
    assert email_drafts(build_batch(parse_interview(text))) == ([], [])


def test_a_card_only_batch_without_a_candidate_email_gets_no_warning_about_drafts() -> None:
    text = HEAD.replace("email: jo@example.org, ", "") + "  - {name: Sam Fox, method: card}\n"
    assert email_drafts(build_batch(parse_interview(text))) == ([], [])


def test_a_malformed_candidate_email_is_still_an_error_when_there_are_drafts() -> None:
    text = HEAD.replace("jo@example.org", "jo at example") + "  - {name: Sam Fox, method: email, email: s@a.example}\n"
    with pytest.raises(InterviewError, match=r"candidate\.email: 'jo at example' is not an email address"):
        email_drafts(build_batch(parse_interview(text)))


def test_an_email_interviewer_without_an_address_is_an_error_naming_them(tmp_path: Path) -> None:
    source = tmp_path / "interview.yaml"
    source.write_text(
        HEAD + "  - {name: Sam Fox, method: card}\n  - {name: Ana Ruiz, method: email}\n"
        "  - {name: Bo Li, method: both}\n",
        encoding="utf-8",
    )
    with pytest.raises(InterviewError) as caught:
        email_drafts(build_batch(load_interview(source)))
    lines = caught.value.lines()
    assert len(lines) == 2
    assert "interview.yaml:6: interviewers[1]: Ana Ruiz is to get an email (method: email)" in lines[0]
    assert "Bo Li" in lines[1] and "method: both" in lines[1]


def test_an_address_that_is_not_an_email_address_is_an_error() -> None:
    text = HEAD + "  - {name: Sam Fox, method: email, email: sam at acme}\n"
    with pytest.raises(InterviewError, match=r"interviewers\[0\]\.email: 'sam at acme' is not an email address"):
        email_drafts(build_batch(parse_interview(text)))


def test_a_candidate_without_an_email_address_gets_drafts_without_from_and_a_warning() -> None:
    text = HEAD.replace("email: jo@example.org, ", "") + "  - {name: Sam Fox, method: email, email: s@acme.example}\n"
    drafts, warnings = email_drafts(build_batch(parse_interview(text)))
    assert drafts[0].message["From"] is None
    assert warnings and "candidate.email" in warnings[0]


def test_build_refuses_and_writes_nothing_when_an_email_address_is_missing(tmp_path: Path) -> None:
    source = tmp_path / "interview.yaml"
    source.write_text(HEAD + "  - {name: Sam Fox, method: both, topic: the pager rota}\n", encoding="utf-8")
    proc = run_cli("build", source, "-o", tmp_path / "out", "--force")
    assert proc.returncode == 2
    assert "error:" in proc.stderr and "Sam Fox" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_colliding_recipient_names_get_separate_drafts(tmp_path: Path) -> None:
    proc = run_cli("build", DATA / "print" / "mixed.yaml", "-o", tmp_path, "--force")
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    paths = [n["email_path"] for n in report["notes"] if n["email_path"]]
    assert paths == ["emails/jose-diaz.eml", "emails/jose-diaz-2.eml"]
    assert parsed(tmp_path / paths[0])["To"].addresses[0].addr_spec == "jose.diaz@northwind.example"
    assert parsed(tmp_path / paths[1])["To"].addresses[0].addr_spec == "jdiaz@northwind.example"


def test_a_job_title_written_over_two_lines_makes_a_one_line_subject() -> None:
    """A `title: |` block ends in a newline (and may hold several lines); a header must not, so it is folded."""
    text = HEAD.replace("title: Site Reliability Engineer", 'title: "Senior Data Engineer\\nPlatform team\\n"')
    drafts, _ = email_drafts(
        build_batch(parse_interview(text + "  - {name: Sam Fox, method: email, email: s@acme.example}\n"))
    )
    message = message_from_bytes(drafts[0].as_bytes(), policy=policy.default)
    assert message["Subject"] == "Thank you from Jo Quill: Senior Data Engineer Platform team interview"


def test_names_with_line_breaks_are_written_on_one_line_in_to_and_from() -> None:
    """A name with a newline (the loader refuses one; the API may not) is folded, not blamed on the email address."""
    from notecards.output.emails import _address

    address = _address("Sam\nFox", "s@acme.example")
    assert address is not None and address.display_name == "Sam Fox"
    assert str(address) == "Sam Fox <s@acme.example>"
