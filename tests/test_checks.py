"""`notecards check`: each finding on a fixture that triggers it, clean samples, timing, the CLI and `build`."""

from __future__ import annotations

import hashlib
import json
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import DATA, ROOT, SAMPLES, python_prints, run_cli

from notecards import Interview, InterviewError, Note, compose_notes, load_interview, parse_interview
from notecards.checks.duplicates import candidate_pairs, closest_earlier, minhash, shingles
from notecards.checks.practice import CARD_WORD_BUDGET, CheckResult, Finding, run_checks, send_by
from notecards.checks.wording import off_tone, placeholders_in, topic_mention
from notecards.compose import Block

CHECKS = DATA / "checks"
# The fixtures' interviews are on Tuesday 2026-11-24, Chicago time; this is that evening.
EVENING = datetime(2026, 11, 24, 18, 0)


def check(name: str, now: datetime = EVENING, **changes: object) -> CheckResult:
    interview = load_interview(CHECKS / f"{name}.yaml")
    if changes:
        interview = interview.model_copy(update=changes)
    return without_suggestions(run_checks(interview, compose_notes(interview), now))


def without_suggestions(result: CheckResult) -> CheckResult:
    """The result less its `info` findings (such as: set `honorific:` for a formal greeting): suggestions."""
    return CheckResult(tuple(f for f in result.findings if f.severity != "info"), result.send_by)


def codes(result: CheckResult) -> set[str]:
    return {f.code for f in result.findings}


def only(result: CheckResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


# --- each finding on its fixture ----------------------------------------------------------------------------


def test_clean_fixture_has_no_findings() -> None:
    assert check("clean").findings == ()


@pytest.mark.parametrize(
    ("fixture", "code", "severity", "recipients"),
    [
        ("placeholder", "placeholder", "error", ["Ann Lee"]),
        ("not-personal", "not-personal", "error", ["Ann Lee", "Ben Ortiz"]),
        ("duplicate-notes", "duplicate-notes", "error", ["Ben Ortiz", "Cara Singh"]),
        ("generic", "generic", "warning", ["Ann Lee"]),
        ("too-long", "too-long", "warning", ["Ann Lee", "Ben Ortiz"]),
        ("tone", "tone", "warning", ["Ann Lee"]),
        ("spelling", "spelling", "error", ["Ann Lee"]),
        ("missing-closing", "missing-closing", "warning", ["Ann Lee"]),
        ("missing-contact", "missing-contact", "warning", ["Ann Lee"]),
        ("wrong-method", "wrong-method", "error", ["Ben Ortiz", "Cara Singh"]),
        ("too-many-followups", "too-many-followups", "warning", ["Ann Lee"]),
    ],
)
def test_fixture_triggers_its_finding_and_nothing_else(
    fixture: str, code: str, severity: str, recipients: list[str]
) -> None:
    result = check(fixture)
    assert codes(result) == {code}, result.findings
    assert [f.recipient for f in result.findings] == recipients
    assert {f.severity for f in result.findings} == {severity}
    assert all(f.message and f.fix for f in result.findings)


def test_placeholder_quotes_each_leftover() -> None:
    [finding] = check("placeholder").findings
    assert "“[Company Name]”" in finding.message and "“TBD”" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Dear [Interviewer Name],",
        "at <company>",
        "{{ interviewer.name }}",
        "{name}",
        "start date: XXX",
        "TBD",
        "TODO: thank her",
        "Lorem ipsum dolor",
        "on ____",
    ],
)
def test_placeholder_patterns_catch_template_leftovers(text: str) -> None:
    assert placeholders_in(text)


@pytest.mark.parametrize(
    "text",
    ["Write to <jordan@example.com>.", "Thank you, Ann.", "We met at 10:00 (CET).", "The X-ray team", "C++ and Go"],
)
def test_placeholder_patterns_leave_ordinary_text_alone(text: str) -> None:
    assert placeholders_in(text) == []


def test_not_personal_tells_a_missing_topic_from_a_note_that_ignores_it() -> None:
    ann, ben = check("not-personal").findings
    assert "no `topic:`" in ann.message
    assert "the billing migration and its rollback plan" in ben.message and "0 of its 4 key words" in ben.message


def test_a_close_paraphrase_of_the_topic_counts_as_a_mention() -> None:
    topic = "the billing migration and its rollback plan"
    assert topic_mention("I keep thinking about how you planned the billing migration's rollback.", topic).mentioned
    assert not topic_mention("I enjoyed hearing about billing.", topic).mentioned


def test_duplicates_name_both_notes_and_how_alike_they_are() -> None:
    ben, cara = check("duplicate-notes").findings
    assert "the card to Ann Lee" in ben.message and "100%" in ben.message
    assert "the card to Ann Lee" in cara.message


def test_a_card_and_an_email_to_the_same_person_are_not_duplicates() -> None:
    interview = load_interview(CHECKS / "duplicate-notes.yaml")
    people = [
        p.model_copy(update={"method": "both", "email": f"p{i}@northwind.example"})
        for i, p in enumerate(interview.interviewers[:1])
    ]
    one = interview.model_copy(update={"interviewers": people})
    notes = compose_notes(one)
    assert [n.medium for n in notes] == ["card", "email"] and notes[0].blocks[1:] == notes[1].blocks[1:]
    assert only(run_checks(one, notes, EVENING), "duplicate-notes") == []


def test_generic_quotes_the_stock_sentences() -> None:
    [finding] = check("generic").findings
    assert "3 of 5 sentences" in finding.message
    assert "great fit" in finding.message


def test_too_long_states_the_words_and_the_budget() -> None:
    card = next(f for f in check("too-long").findings if f.recipient == "Ann Lee")
    assert f"{CARD_WORD_BUDGET}-word budget for cards" in card.message


def test_tone_word_lists_depend_on_the_tone() -> None:
    [formal] = check("tone").findings
    for word in ("Thx", "awesome", "gonna", "“u”", "!!"):
        assert word in formal.message
    [casual] = check("tone", tone="casual").findings
    assert "Thx" in casual.message and "“u”" in casual.message
    assert "awesome" not in casual.message and "gonna" not in casual.message and "!!" not in casual.message


@pytest.mark.parametrize(
    ("text", "tone", "flagged"),
    [
        ("Thank you! 🙂", "casual", []),
        ("Thank you! 🙂", "warm", ["🙂"]),
        ("Hi Ann, thank you!", "formal", ["Hi"]),
        ("Thank you!!!", "casual", ["!!!"]),
        ("Thank you!! It was great!", "warm", ["!!"]),
        ("We met in the U.S. office; it was a good talk.", "formal", []),
    ],
)
def test_off_tone_flags_emoji_greetings_and_exclamation_runs_by_tone(text: str, tone: str, flagged: list[str]) -> None:
    assert off_tone(text, tone) == flagged


def test_spelling_suggests_corrections_and_knows_the_files_own_words() -> None:
    [finding] = check("spelling").findings
    assert "“recieve” (receive" in finding.message
    assert "“thoughtfull” (thoughtful" in finding.message
    for known in ("Dagster", "Airflow", "Kubernetes"):  # from the topic and from `dictionary:`
        assert known.lower() not in finding.message.lower()


def test_spelling_word_becomes_known_through_dictionary() -> None:
    result = check("spelling", dictionary=["Kubernetes", "recieve", "thoughtfull"])
    assert result.findings == ()


def test_wrong_method_flags_a_note_for_a_method_not_asked_for() -> None:
    interview = load_interview(CHECKS / "clean.yaml")  # Marcus Chen asked for email only
    stray = Note(
        "Marcus Chen",
        1,
        "card",
        (
            Block("salutation", "Dear Marcus,"),
            Block("body", "Thank you; the on-call rotation and incident reviews were a great topic."),
            Block("closing", "Sincerely,"),
            Block("signature", "Jordan"),
        ),
        "thank-you",
    )
    findings = only(run_checks(interview, [*compose_notes(interview), stray], EVENING), "wrong-method")
    assert [(f.recipient, f.severity) for f in findings] == [("Marcus Chen", "error")]
    assert "method: email" in findings[0].message


def test_missing_closing_stays_a_warning() -> None:
    [finding] = check("missing-closing").findings
    assert finding.severity == "warning" and "closing or signature" in finding.message


# --- follow-up spacing --------------------------------------------------------------------------------------


def test_followups_flag_a_recent_message_unless_a_reason_is_given() -> None:
    [finding] = check("too-many-followups").findings
    assert finding.recipient == "Ann Lee"
    assert "2026-11-22" in finding.message and "2 days ago" in finding.message
    assert "2026-11-29" in finding.fix  # 7 days after the last message


def test_followup_spacing_is_configurable_in_the_checks_block() -> None:
    text = (CHECKS / "too-many-followups.yaml").read_text(encoding="utf-8") + "checks:\n  followup_days: 14\n"
    interview = parse_interview(text, "followups.yaml")
    result = without_suggestions(run_checks(interview, compose_notes(interview), EVENING))
    flagged = [f.recipient for f in result.findings]
    assert flagged == ["Ann Lee", "Cara Singh"]  # Cara wrote 9 days ago: too soon under 14 days


# --- timing -------------------------------------------------------------------------------------------------


def test_send_by_is_24_hours_after_the_end_in_the_interview_zone() -> None:
    deadline = send_by(load_interview(CHECKS / "clean.yaml"))
    assert deadline.isoformat() == "2026-11-25T15:00:00-06:00"


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        (
            "  start: '09:30'\n",
            "2026-03-09T09:30:00-05:00",
        ),  # no end: from the start; over the DST change, 24 real hours
        ("", "2026-03-10T00:00:00-05:00"),  # no times at all: from the end of that day
    ],
)
def test_send_by_falls_back_to_start_then_end_of_day(times: str, expected: str) -> None:
    interview = parse_interview(
        "candidate: {name: Jordan Rivera}\nposition: {title: a, company: b}\n"
        f"interview:\n  date: 2026-03-08\n  timezone: America/Chicago\n{times}"
        "interviewers:\n  - {name: Ann Lee, topic: x}\n"
    )
    assert send_by(interview).isoformat() == expected


@pytest.mark.parametrize(
    ("now", "late"),
    [
        (datetime(2026, 11, 25, 10, 0), False),  # 5 hours left (a time without offset is Chicago time)
        (datetime(2026, 11, 25, 11, 30), True),  # 3.5 hours left
        (datetime(2026, 11, 27, 9, 0), True),  # passed
        (datetime(2026, 11, 25, 16, 0, tzinfo=UTC), False),  # 10:00 in Chicago
        (datetime(2026, 11, 25, 20, 0, tzinfo=UTC), True),  # 14:00 in Chicago
    ],
)
def test_late_warns_when_under_four_hours_remain_and_when_passed(now: datetime, late: bool) -> None:
    result = check("clean", now)
    assert [f.code for f in result.findings] == (["late"] if late else [])
    assert all(f.severity == "warning" and f.recipient is None for f in result.findings)


def test_late_message_says_how_long_ago() -> None:
    [finding] = check("clean", datetime(2026, 11, 27, 9, 0)).findings
    assert "1 day 18 h ago" in finding.message and "a late thank-you still beats none" in finding.fix


# --- the shipped samples and the built-in templates ---------------------------------------------------------


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_samples_are_clean_in_time_and_only_late_afterwards(sample: Path) -> None:
    interview = load_interview(sample)
    notes = compose_notes(interview)
    deadline = send_by(interview)
    assert run_checks(interview, notes, deadline - timedelta(hours=12)).findings == ()
    late = run_checks(interview, notes, deadline + timedelta(days=3))
    assert [(f.code, f.severity) for f in late.findings] == [("late", "warning")]


TOPICS = [
    "moving nightly batch jobs to streaming",
    "the on-call rotation and incident reviews",
    "how forecasts reach the store managers",
    "the move from Airflow to Dagster",
    "hiring for the platform team",
    "data contracts between teams",
    "the quarterly roadmap",
    "search ranking experiments",
    "customer interviews",
    "the billing migration",
    "warehouse costs",
    "model monitoring",
]
DETAILS = [
    "your point about ownership",
    "the outage story",
    "the store dashboard",
    "the whiteboard sketch",
    "the interview loop",
    "the schema registry",
    "the planning poker",
    "the offline metrics",
    "the recruiting notes",
    "the rollback drill",
    "the storage tiers",
    "the alert thresholds",
]


def big_panel(tone: str, details: bool, qualifications: bool) -> Interview:
    """Twelve interviewers, each asking for a card and an email, with different topics."""
    people = ""
    for i, topic in enumerate(TOPICS):
        people += (
            f"  - name: Person{i} Surname{i}\n    email: p{i}@northwind.example\n    method: both\n"
            f"    topic: {topic}\n" + (f"    detail: {DETAILS[i]}\n" if details else "")
        )
    quals = (
        (
            "qualifications:\n  - streaming pipelines that move 2 TB a day\n  - cutting warehouse costs by a third\n"
            "  - mentoring three junior engineers\n"
        )
        if qualifications
        else ""
    )
    return parse_interview(
        "candidate: {name: Jordan Rivera, email: jordan.rivera@example.com}\n"
        "position: {title: Senior Data Engineer, company: Northwind Analytics}\n"
        f"interview: {{date: 2026-11-24, end: '16:00', timezone: America/Chicago}}\n{quals}tone: {tone}\n"
        f"interviewers:\n{people}",
        "panel.yaml",
    )


@pytest.mark.parametrize("tone", ["formal", "warm", "casual"])
@pytest.mark.parametrize("details", [True, False], ids=["details", "no-details"])
@pytest.mark.parametrize("qualifications", [True, False], ids=["qualifications", "no-qualifications"])
def test_builtin_templates_pass_every_check_for_a_twelve_person_panel(
    tone: str, details: bool, qualifications: bool
) -> None:
    """Every panel up to twelve is a prefix of this one, so no smaller panel has duplicates either."""
    interview = big_panel(tone, details, qualifications)
    notes = compose_notes(interview)
    assert len(notes) == 24
    assert without_suggestions(run_checks(interview, notes, EVENING)).findings == ()


def test_builtin_templates_would_be_duplicates_without_their_varied_phrasing() -> None:
    """The check is not vacuous on the templates: give everyone the same phrasing and it fires."""
    interview = big_panel("formal", True, True)
    notes = compose_notes(interview)
    first = compose_notes(interview.model_copy(update={"interviewers": interview.interviewers[:1]}))[0]
    same = [
        Note(
            n.recipient,
            n.index,
            "card",
            tuple(
                Block(
                    b.kind,
                    b.text.replace(TOPICS[0], interview.interviewers[n.index].topic or "").replace(
                        DETAILS[0], interview.interviewers[n.index].detail or ""
                    ),
                )
                for b in first.blocks
            ),
            n.template,
        )
        for n in notes
        if n.medium == "card"
    ]
    assert len(only(run_checks(interview, same, EVENING), "duplicate-notes")) == 11


# --- the duplicate search -----------------------------------------------------------------------------------


def random_texts(count: int, words: int = 70, seed: int = 5) -> list[list[str]]:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    vocabulary = [f"w{i}" for i in range(2000)]
    return [[rng.choice(vocabulary) for _ in range(words)] for _ in range(count)]


def test_unrelated_notes_are_not_compared_pair_by_pair() -> None:
    texts = [" ".join(t) for t in random_texts(400)]
    pairs = candidate_pairs([minhash(shingles(t)) for t in texts])
    assert len(pairs) < 0.01 * (400 * 399 // 2)


def test_every_near_duplicate_is_found_among_many_texts() -> None:
    rng = random.Random(7)  # noqa: S311
    texts = random_texts(300)
    for i in range(0, 300, 10):  # every tenth text gets a twin with five words changed
        twin = list(texts[i])
        for _ in range(5):
            twin[rng.randrange(len(twin))] = "changed"
        texts.append(twin)
    found = closest_earlier([" ".join(t) for t in texts], list(range(len(texts))), 0.6)
    assert {(p.first, p.second) for p in found} == {(i, 300 + i // 10) for i in range(0, 300, 10)}
    assert all(0.6 <= p.similarity < 1 for p in found)


def test_identical_texts_pair_with_the_first_from_another_group() -> None:
    found = closest_earlier(
        ["same words here and there", "same words here and there", "same words here and there"], [0, 0, 1], 0.6
    )
    assert [(p.first, p.second, p.similarity) for p in found] == [(0, 2, 1.0)]


def test_a_generated_batch_gets_the_findings_it_got_before_the_checks_were_made_fast() -> None:
    """The digest of every finding for 150 interviewers from benchmarks/make_batch.py: first pinned as the first
    implementation (no shipped word list, no line caches, candidate pairs from a set of tuples) reported them;
    pinned again when the built-in wording and the reading checks came (issue 12). Making the checks faster must
    not change what they find. (150 interviewers are a batch, phrased by position alone: see compose.py.)"""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_batch import interview_yaml

    interview = parse_interview(interview_yaml(150), "batch.yaml")
    findings = run_checks(interview, compose_notes(interview), EVENING).findings
    assert len(findings) == 177 and {f.code for f in findings} == {
        "duplicate-notes",
        "shared-sentence",
        "echo",
        "greeting",
    }
    listed = "\n".join(f"{f.recipient}|{f.code}|{f.message}" for f in findings)
    assert hashlib.sha256(listed.encode()).hexdigest() == (
        "4ce3b009a55acafb5e62e64d856cc4a7fda0ba25c6b75d46ed192af3b1c87bd5"
    )


# --- the command line ---------------------------------------------------------------------------------------


def test_check_exits_0_and_prints_json_for_a_clean_sample() -> None:
    done = run_cli("check", SAMPLES / "single.yaml", "--format", "json", "--now", "2026-11-24T16:00-06:00")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data == {"findings": [], "send_by": "2026-11-25T15:00:00-06:00"}


def test_check_json_lists_late_for_a_past_sample_and_still_exits_0() -> None:
    done = run_cli("check", SAMPLES / "panel.yaml", "--format", "json", "--now", "2026-12-01T09:00")
    assert done.returncode == 0, done.stderr
    [finding] = json.loads(done.stdout)["findings"]
    assert {k: finding[k] for k in ("severity", "code", "recipient")} == {
        "severity": "warning",
        "code": "late",
        "recipient": None,
    }
    assert finding["message"]


def test_check_exits_1_with_errors_and_shows_a_table_grouped_by_recipient() -> None:
    done = run_cli("check", CHECKS / "wrong-method.yaml", "--now", "2026-11-24T18:00")
    assert done.returncode == 1
    assert "Ben Ortiz" in done.stdout and "Cara Singh" in done.stdout and "wrong-method" in done.stdout
    assert "add `email:` for Ben Ortiz" in done.stdout
    assert "2 errors" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["check", "no-such-file.yaml"],
        ["check", str(SAMPLES / "single.yaml"), "--now", "next tuesday"],
        ["check", str(DATA / "bad" / "unknown-key.yaml")],
    ],
)
def test_check_exits_2_for_bad_input(args: list[str]) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_build_refuses_to_write_when_a_check_finds_an_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_cli("build", CHECKS / "spelling.yaml", "-o", out, "--now", "2026-11-24T18:00")
    assert done.returncode == 2
    assert "error: Ann Lee: the card: “recieve”" in done.stderr
    assert "nothing written" in done.stderr
    assert not out.exists()


def test_build_with_force_writes_and_reports_the_findings(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_cli("build", CHECKS / "spelling.yaml", "-o", out, "--now", "2026-11-24T18:00", "--force")
    assert done.returncode == 0, done.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in report["findings"]] == ["spelling"]
    assert report["send_by"] == "2026-11-26T00:00:00-06:00"  # no times given: the end of the day, plus 24 hours
    assert (out / "cards.pdf").exists()


def test_build_of_a_sample_reports_send_by_and_its_late_warning(tmp_path: Path) -> None:
    done = run_cli("build", SAMPLES / "single.yaml", "-o", tmp_path, "--now", "2026-12-01T09:00")
    assert done.returncode == 0, done.stderr
    assert "warning: the send-by time" in done.stdout
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["send_by"] == "2026-11-25T15:00:00-06:00"
    assert [f["code"] for f in report["findings"]] == ["late"]


def test_spelling_dictionary_is_not_loaded_at_start_up() -> None:
    code = "import sys, notecards, notecards.cli, notecards.checks; print('spellchecker' in sys.modules)"
    assert python_prints(code) == "False"


def test_checks_block_rejects_unknown_keys() -> None:
    with pytest.raises(InterviewError, match="did you mean 'followup_days'"):
        parse_interview(
            "candidate: {name: A}\nposition: {title: a, company: b}\ninterview: {date: 2026-11-24}\n"
            "checks: {followup_day: 3}\ninterviewers:\n  - {name: Ann Lee}\n"
        )


def test_a_refusal_names_the_interview_file_for_a_finding_about_the_whole_file() -> None:
    """Every line of a refused build is located: a recipient's note by its name, the whole file by its path."""
    from datetime import datetime

    from notecards.checks.practice import refusal

    whole = Finding("error", "late", None, "far too late", "send it anyway")
    one = Finding("error", "placeholder", "Ann Lee", "a [NAME] is left", "fill it in")
    result = CheckResult((whole, one), datetime(2026, 11, 25))
    lines = refusal(result, Path("panel.yaml")).lines()
    assert lines[0] == "panel.yaml: far too late [late]; send it anyway"
    assert lines[1] == "Ann Lee: a [NAME] is left [placeholder]; fill it in"
