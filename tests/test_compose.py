"""Composing notes: the Jinja2 sandbox, the built-in thank-you wording, a note's parts, templates and overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from notecards import Interview, TemplateError, compose_notes, load_interview, parse_interview
from notecards.batch import build_batch
from notecards.cards import fit_card
from notecards.compose import CLOSINGS, split_blocks

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
DATA = Path(__file__).resolve().parent / "data"
TONES = ("formal", "warm", "casual")
QUALIFICATIONS = (
    "streaming pipelines that move 2 TB a day",
    "cutting warehouse costs by a third",
    "mentoring three junior engineers",
)
TOPICS = (
    "moving nightly batch jobs to streaming",
    "the on-call rotation",
    "how forecasts reach stores",
    "the move from Airflow to Dagster",
    "hiring for the platform team",
)
DETAILS = (
    "your point about data contracts",
    "the incident review you described",
    "the store dashboard",
    "the migration plan on the whiteboard",
    None,
)


def panel(tone: str = "formal", qualifications: tuple[str, ...] = QUALIFICATIONS) -> Interview:
    """Five interviewers (enough to reach every phrasing `choose` offers), each with a topic, most with a detail."""
    people = ""
    for i, (topic, detail) in enumerate(zip(TOPICS, DETAILS, strict=True)):
        people += f"  - name: Person{i} Surname{i}\n    topic: {topic}\n"
        people += f"    detail: {detail}\n" if detail else ""
    quals = "".join(f"  - {q}\n" for q in qualifications)
    return parse_interview(
        "candidate:\n  name: Jordan Rivera\nposition:\n  title: Senior Data Engineer\n  company: Northwind Analytics\n"
        f"interview:\n  date: 2026-11-24\ntone: {tone}\n"
        + (f"qualifications:\n{quals}" if quals else "")
        + f"interviewers:\n{people}",
        "panel.yaml",
    )


def one_message(message: str, extra: str = "") -> Interview:
    """An interview with one interviewer, Ann Lee, whose note is `message`."""
    indented = "".join(f"      {line}\n" for line in message.splitlines())
    return parse_interview(
        "candidate:\n  name: Jordan Rivera\nposition:\n  title: Data Engineer\n  company: Northwind\n"
        f"interview:\n  date: 2026-11-24\ninterviewers:\n  - name: Ann Lee\n{extra}    message: |\n{indented}",
        "message.yaml",
    )


def with_tone(interview: Interview, tone: str) -> Interview:
    changed = interview.model_copy(update={"tone": tone})
    changed._source = interview.source
    return changed


# --- the sandbox ---------------------------------------------------------------------------------------------


def test_undefined_field_is_an_error_naming_the_field_and_the_recipient() -> None:
    interview = load_interview(DATA / "bad" / "undefined-variable.yaml")
    with pytest.raises(TemplateError) as caught:
        compose_notes(interview)
    assert caught.value.recipient == "Marcus Chen"
    assert "interviewer.favourite_project" in str(caught.value)
    assert "Marcus Chen" in str(caught.value)


def test_undefined_top_level_variable_is_an_error_naming_it() -> None:
    with pytest.raises(TemplateError) as caught:
        compose_notes(one_message("Dear Ann,\n\nSee you at {{ venue }}.\n\nBest,\nJordan"))
    assert "'venue'" in str(caught.value)
    assert caught.value.recipient == "Ann Lee"


def test_optional_field_left_out_of_the_file_is_an_error_not_a_blank() -> None:
    with pytest.raises(TemplateError) as caught:
        compose_notes(one_message("Dear Ann,\n\nAbout {{ interviewer.detail }}.\n\nBest,\nJordan"))
    assert "interviewer.detail" in str(caught.value)


def test_optional_field_can_be_tested_with_is_defined() -> None:
    message = (
        "Dear Ann,\n\nThanks{% if interviewer.detail is defined %} for {{ interviewer.detail }}{% endif %}.\n\n"
        "Best,\nJordan"
    )
    [note] = compose_notes(one_message(message))
    assert note.blocks[1].text == "Thanks."


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ joiner.__init__.__globals__['os'].popen('touch MARKER').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
    "{{ ''|attr('__class__') }}",
    "{{ interviewer.__class__.__init__.__globals__ }}",
    "{{ choose.__globals__['__builtins__']['open']('MARKER', 'w') }}",
    "{{ interview.date.__class__.__subclasses__() }}",
]


@pytest.mark.parametrize("attempt", ESCAPES)
def test_sandbox_escape_in_a_message_is_refused_naming_the_recipient_and_never_runs(
    attempt: str, tmp_path: Path
) -> None:
    marker = tmp_path / "escaped"
    interview = one_message(f"Dear Ann,\n\n{attempt.replace('MARKER', str(marker))}\n\nBest,\nJordan")
    with pytest.raises(TemplateError) as caught:
        compose_notes(interview)
    assert caught.value.recipient == "Ann Lee"
    assert "unsafe" in str(caught.value) or "sandbox" in str(caught.value)
    assert not marker.exists()


BOMBS = [
    "{{ 'a' * 10**9 }}",
    "{{ [0] * 10**7 }}",
    "{{ 2 ** 1000000000 }}",
    "{{ 7 ** 99999999 }}",
    "{% for x in range(10**7) %}.{% endfor %}",
    "{% for x in range(10**20) %}.{% endfor %}",
]


@pytest.mark.parametrize("bomb", BOMBS)
def test_sandbox_refuses_memory_and_cpu_bombs_quickly(bomb: str) -> None:
    """Huge string repetition or exponentiation in a message is refused instead of exhausting the machine."""
    with pytest.raises(TemplateError) as caught:
        compose_notes(one_message(f"Dear Ann,\n\n{bomb}\n\nBest,\nJordan"))
    assert caught.value.recipient == "Ann Lee"
    assert "sandbox" in str(caught.value) or "too large" in str(caught.value) or "range" in str(caught.value)


def test_sandbox_still_allows_ordinary_arithmetic() -> None:
    """Small products and powers work as usual."""
    note = compose_notes(one_message("Dear Ann,\n\n{{ 2 ** 10 }} {{ 'ab' * 3 }} {{ 6 * 7 }}\n\nBest,\nJordan"))[0]
    assert "1024 ababab 42" in note.text


def test_sandbox_escape_from_the_sample_fixture_is_refused() -> None:
    with pytest.raises(TemplateError) as caught:
        compose_notes(load_interview(DATA / "bad" / "sandbox-escape.yaml"))
    assert "blocked by the sandbox" in str(caught.value)
    assert "Priya Natarajan" in str(caught.value)


def test_sandbox_also_guards_a_template_file(tmp_path: Path) -> None:
    (tmp_path / "evil.j2").write_text("{{ cycler.__init__.__globals__ }}\n", encoding="utf-8")
    path = tmp_path / "interview.yaml"
    path.write_text(
        "candidate: {name: Jordan Rivera}\nposition: {title: a, company: b}\n"
        "interview: {date: 2026-11-24}\ninterviewers:\n  - name: Ann Lee\n    template: evil.j2\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        compose_notes(load_interview(path))
    assert "sandbox" in str(caught.value) and "Ann Lee" in str(caught.value)


def test_jinja_written_inside_a_field_value_is_printed_not_evaluated() -> None:
    interview = parse_interview(
        "candidate: {name: Jordan Rivera}\nposition: {title: a, company: b}\ninterview: {date: 2026-11-24}\n"
        'interviewers:\n  - name: Ann Lee\n    topic: "{{ 7 * 7 }} and {{ cycler.__init__ }}"\n'
    )
    [note] = compose_notes(interview)
    assert "{{ 7 * 7 }} and {{ cycler.__init__ }}" in note.text
    assert "49" not in note.text


def test_including_a_missing_template_names_that_template_not_the_default() -> None:
    with pytest.raises(TemplateError) as caught:
        compose_notes(one_message("{% include 'no-such-part.j2' %}"))
    assert "'no-such-part'" in str(caught.value)
    assert "'thank-you'" not in str(caught.value)


# --- the built-in wording ------------------------------------------------------------------------------------


@pytest.mark.parametrize("tone", TONES)
def test_builtin_card_mentions_each_topic_and_detail(tone: str) -> None:
    interview = panel(tone)
    for note in compose_notes(interview):
        person = interview.interviewers[note.index]
        assert person.topic in note.text
        if person.detail:
            assert person.detail in note.text


@pytest.mark.parametrize("tone", TONES)
def test_builtin_card_mentions_at_most_two_qualifications(tone: str) -> None:
    for note in compose_notes(panel(tone)):
        mentioned = [q for q in QUALIFICATIONS if q in note.text]
        assert 1 <= len(mentioned) <= 2, note.text


@pytest.mark.parametrize("tone", TONES)
def test_builtin_card_without_qualifications_still_reads_whole(tone: str) -> None:
    for note in compose_notes(panel(tone, qualifications=())):
        kinds = [b.kind for b in note.blocks]
        assert kinds[0] == "salutation" and kinds[-2:] == ["closing", "signature"]
        assert note.words >= 30


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_builtin_card_notes_for_the_samples_are_50_to_110_words(sample: Path, tone: str) -> None:
    cards = [n for n in compose_notes(with_tone(load_interview(sample), tone)) if n.medium == "card"]
    assert cards
    for note in cards:
        assert 50 <= note.words <= 110, (note.recipient, note.words)


@pytest.mark.parametrize("tone", TONES)
def test_builtin_card_uses_the_tones_greeting_and_closing(tone: str) -> None:
    for note in compose_notes(panel(tone)):
        assert note.blocks[0].text.startswith("Hi " if tone == "casual" else "Dear ")
        assert note.blocks[-2].text == CLOSINGS[tone]
        assert note.blocks[-1].text == "Jordan"


def test_panel_notes_do_not_read_alike() -> None:
    notes = compose_notes(panel("warm"))
    openings = {note.blocks[1].text.split(".")[0] for note in notes}
    assert len(openings) >= 4


@pytest.mark.parametrize(
    ("tone", "expected"), [("formal", "Dear Person0,"), ("warm", "Dear Person0,"), ("casual", "Hi Person0,")]
)
def test_default_salutation_is_the_first_name_without_an_honorific(tone: str, expected: str) -> None:
    assert compose_notes(panel(tone))[0].blocks[0].text == expected


def test_given_salutation_wins_over_the_default() -> None:
    [note] = compose_notes(load_interview(ROOT / "samples" / "single.yaml"))
    assert note.blocks[0].text == "Dear Dr. Natarajan,"


def test_email_note_is_made_for_email_and_both_and_carries_contact_details() -> None:
    notes = compose_notes(load_interview(ROOT / "samples" / "panel.yaml"))
    assert [(n.recipient, n.medium) for n in notes] == [
        ("Priya Natarajan", "card"),
        ("Marcus Chen", "card"),
        ("Marcus Chen", "email"),
        ("Siobhán O’Brien", "email"),
        ("Łukasz Wróbel", "card"),
    ]
    for note in (n for n in notes if n.medium == "email"):
        assert note.template == "thank-you-email"
        assert "jordan.rivera@example.com" in [b.text for b in note.blocks if b.kind == "signature"]


# --- a note's parts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tone", TONES)
def test_builtin_note_splits_into_salutation_body_closing_signature(tone: str) -> None:
    for note in compose_notes(panel(tone)):
        kinds = [b.kind for b in note.blocks]
        assert kinds[0] == "salutation"
        assert kinds[-2:] == ["closing", "signature"]
        assert set(kinds[1:-2]) == {"body"}
        assert note.text.endswith(f"\n\n{CLOSINGS[tone]}\nJordan")


def test_message_keeps_paragraphs_and_a_multi_line_signature() -> None:
    [note] = compose_notes(load_interview(DATA / "compose" / "message.yaml"))
    assert [(b.kind, b.text) for b in note.blocks] == [
        ("salutation", "Dear Priya,"),
        ("body", "Thank you for the time on Tuesday. I enjoyed it."),
        ("body", "Talking about data contracts helped."),
        ("closing", "With thanks,"),
        ("signature", "Jordan Rivera"),
        ("signature", "+1 555 0100"),
    ]


def test_signature_is_laid_out_on_its_own_line_not_run_into_the_body() -> None:
    interview = load_interview(DATA / "compose" / "message.yaml")
    [note] = compose_notes(interview)
    lines = fit_card(note, interview).layout.lines
    assert [(line.kind, line.text) for line in lines[-3:]] == [
        ("closing", "With thanks,"),
        ("signature", "Jordan Rivera"),
        ("signature", "+1 555 0100"),
    ]
    assert lines[0].kind == "salutation" and lines[0].text == "Dear Priya,"


def test_closing_and_signature_separated_by_a_blank_line_are_still_recognised() -> None:
    blocks = split_blocks("Dear Ann,\n\nThank you.\n\nBest wishes,\n\nJordan")
    assert [b.kind for b in blocks] == ["salutation", "body", "closing", "signature"]


@pytest.mark.parametrize(
    "ending",
    ["\n\nBest wishes\nJordan", "\nBest,\nJordan", "\nKind regards\nJordan Rivera", "\n\nSincerely,\n\nJordan"],
)
def test_signature_is_split_off_with_or_without_comma_or_blank_line(ending: str) -> None:
    """A usual closing and the name under it are never run into the body, however they are spaced."""
    blocks = split_blocks("Dear Ann,\n\nThank you for the chat." + ending)
    assert [b.kind for b in blocks] == ["salutation", "body", "closing", "signature"]
    assert blocks[1].text == "Thank you for the chat." and blocks[3].text.startswith("Jordan")


def test_a_comma_line_is_not_taken_for_a_closing_when_nothing_would_be_left_for_the_body() -> None:
    blocks = split_blocks("Dear Ann,\n\nI loved it, really,\nyes")
    assert [b.kind for b in blocks] == ["salutation", "body"]


def test_text_without_salutation_or_closing_is_all_body() -> None:
    blocks = split_blocks("Thanks for a great talk about the migration and the plans ahead.\n\nMore soon")
    assert {b.kind for b in blocks} == {"body"}


# --- templates and overrides ---------------------------------------------------------------------------------


def test_custom_template_path_is_relative_to_the_interview_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # nowhere near the template
    notes = compose_notes(load_interview(DATA / "compose" / "custom-template.yaml"))
    assert notes[0].template == "templates/short.j2"
    assert notes[0].text == "Hi Priya,\n\nThanks for the chat about streaming at Northwind Analytics.\n\nCheers,\nJ."


def test_interviewer_template_overrides_the_card_block_and_signature_comes_from_it() -> None:
    notes = compose_notes(load_interview(DATA / "compose" / "custom-template.yaml"))
    assert notes[1].template == "thank-you"
    assert "on-call" in notes[1].text
    assert notes[1].blocks[-1].text == "J."


def test_per_interviewer_overrides_apply_to_that_card_only() -> None:
    batch = build_batch(load_interview(DATA / "compose" / "overrides.yaml"))
    got = [(c.note.recipient, c.stationery.name, c.hand.id, c.ink) for c in batch.cards]
    assert got == [
        ("Priya Natarajan", "a2-folded", "caveat", "#1b2a4e"),
        ("Marcus Chen", "a6-flat", "kalam", "#336699"),
    ]


def test_message_replaces_the_template_for_that_interviewer() -> None:
    [note] = compose_notes(load_interview(DATA / "compose" / "message.yaml"))
    assert note.template == "message"


@pytest.mark.parametrize("code", ["{{ 1/0 }}", "{{ 'a' + 1 }}", "{{ choose([]) }}"])
def test_a_template_that_fails_at_run_time_is_a_template_error_naming_the_recipient(code: str) -> None:
    with pytest.raises(TemplateError) as caught:
        compose_notes(one_message(f"Dear Ann,\n\n{code}\n\nBest,\nJordan"))
    assert caught.value.recipient == "Ann Lee" and "Error" in str(caught.value)


def test_a_template_that_runs_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nested loops inside the sandbox's bounds could still run for hours; a time limit stops them."""
    import notecards.sandbox

    monkeypatch.setattr(notecards.sandbox, "RENDER_SECONDS", 0.3)
    loops = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateError) as caught:
        compose_notes(one_message(f"Dear Ann,\n\n{loops}\n\nBest,\nJordan"))
    assert "took longer than 0.3 s" in str(caught.value)


def test_compiled_built_in_templates_are_kept_between_runs_and_a_cache_that_cannot_be_written_is_skipped(
    tmp_path, monkeypatch
) -> None:
    """A second process loads the compiled card template instead of compiling it; the notes come out the same;
    an unwritable cache folder changes nothing but speed; the key changes with the sandbox's settings."""
    import jinja2

    from notecards import compose, sandbox

    def rendered(cache_dir) -> str:
        env = sandbox._BoundedSandbox(
            loader=jinja2.FileSystemLoader(str(sandbox.data_path("templates"))),
            undefined=jinja2.StrictUndefined,
            auto_reload=False,
            bytecode_cache=sandbox._CompiledTemplates(str(cache_dir)),
            **sandbox._SYNTAX,
        )
        interview = load_interview(Path(__file__).parent.parent / "samples" / "single.yaml")
        context = compose.context_for(interview, interview.interviewers[0], 0)
        context["choose"] = lambda options, salt=0: options[salt % len(options)]
        return env.get_template("thank-you.j2").render(context)

    cache = tmp_path / "cache"
    cache.mkdir()
    first = rendered(cache)
    assert len(list(cache.iterdir())) == 1
    compiled = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert rendered(cache) == first
    monkeypatch.setattr(jinja2.Environment, "compile", compiled)

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    full = tmp_path / "full"
    full.mkdir()
    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", disk_full)
    assert rendered(full) == first and not list(full.iterdir())
    key = sandbox._CompiledTemplates(str(cache)).get_cache_key("thank-you.j2")
    monkeypatch.setitem(sandbox._SYNTAX, "trim_blocks", False)
    assert sandbox._CompiledTemplates(str(cache)).get_cache_key("thank-you.j2") != key
