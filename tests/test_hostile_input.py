"""Hostile input: bounded work, every refusal exit 2 on one located line, confined designs, nothing of the user's lost.

One case (at least) for each class of problem a fuzz run of notecards found: alias bombs,
string bombs in the sandbox, unconfined design files, FIFOs and devices, user-typed input
that ended in an internal error, big input that was slow before it was refused, and a
user's own files deleted from OUT.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import DATA, ROOT, SAMPLES

from notecards.catalogue.stationery import load_stationery
from notecards.cli import run
from notecards.errors import ReadError
from notecards.yamlfile import MAX_DEPTH, load_yaml, read_text

NOW = ("--now", "2026-11-25T09:00:00-06:00")
SINGLE = (SAMPLES / "single.yaml").read_text(encoding="utf-8")


def cli(*argv: str | Path) -> tuple[int, str, float]:
    """`notecards ARGV` in this process: (exit status, stderr, seconds)."""
    err = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = run([str(arg) for arg in argv])
    return status, err.getvalue(), time.perf_counter() - started


def refused(*argv: str | Path) -> list[str]:
    """Run a command that must be refused as bad input: exit 2, no internal error; its error lines."""
    status, stderr, _ = cli(*argv)
    assert status == 2, stderr
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), stderr
    return lines


def interview(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- YAML: bounded, and every problem on one line with its line number -------------------------------------


def alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_in_milliseconds_naming_its_line(tmp_path: Path) -> None:
    """Ten levels of ten aliases (10^10 values once expanded) are counted, not built."""
    path = interview(tmp_path, alias_bomb(10))
    started = time.perf_counter()
    lines = refused("check", path)
    assert time.perf_counter() - started < 1.0
    assert lines == [f"error: {path}:6: holds more than 1,000,000 values once its aliases (*name) are expanded"]


def test_a_few_aliases_still_load() -> None:
    """Anchors and merge keys people use to share settings keep working."""
    data = load_yaml("base: &b {font: caveat}\nother:\n  <<: *b\n  ink: blue\nlist: [*b, *b]\n", "f.yaml")
    assert data["other"] == {"font": "caveat", "ink": "blue"} and data["list"] == [{"font": "caveat"}] * 2


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    with pytest.raises(ReadError, match="inside its own anchor") as caught:
        load_yaml("x: &r [1, *r]\n", "f.yaml")
    assert caught.value.line == 1


@pytest.mark.parametrize(
    ("replacement", "expected"),
    [
        ("tone: !!int", "mine.yaml:22: YAML: tags such as !!int are not allowed"),
        ("tone: !!float x", "mine.yaml:22: YAML: tags such as !!float are not allowed"),
        ("tone: !!timestamp 2026-99-99", "mine.yaml:22: YAML: tags such as !!timestamp are not allowed"),
        ("tone: !!python/object:os.system x", "mine.yaml:22: YAML: tags such as !!python/object:os.system"),
        ("? [a, b]\n: formal", "mine.yaml:22: YAML: a key must be a plain word"),
        ("tone: " + "[" * 400 + "]" * 400, f"mine.yaml:22: nested more than {MAX_DEPTH} levels deep"),
        ("tone: formal\ntone: warm", "mine.yaml:23: YAML: 'tone' is given twice in the same block"),
        ("tone: for\x07mal", "mine.yaml:22: YAML: the character U+0007 is not allowed in a YAML file"),
    ],
)
def test_yaml_a_user_can_type_is_one_located_line_never_an_internal_error(
    tmp_path: Path, replacement: str, expected: str
) -> None:
    path = interview(tmp_path, SINGLE.replace("tone: formal", replacement))
    lines = refused("check", path)
    assert len(lines) == 1 and expected in lines[0], lines


def test_block_nesting_hundreds_deep_is_refused_by_depth_not_by_pythons_stack(tmp_path: Path) -> None:
    deep = "".join("  " * i + "-\n" for i in range(300))
    lines = refused("check", interview(tmp_path, SINGLE + "extra:\n" + deep))
    assert len(lines) == 1 and "nested more than" in lines[0]


# --- values at the edges --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("date: 2026-11-24", "date: 9999-12-31", "interview.date: 9999-12-31 is not a date notecards can plan"),
        ("date: 2026-11-24", "date: 0001-01-01", "interview.date: 0001-01-01 is not a date notecards can plan"),
        ("start: 14:00", 'start: "14:00+05:00"', "interview.start: write the time without an offset"),
        ("name: Jordan Rivera", 'name: "Jordan\\0Rivera"', "candidate.name: contains the control character U+0000"),
        (
            "email: jordan.rivera@example.com",
            'email: "jordan@example.com\\x1b[2J"',
            "candidate.email: contains the control character U+001B",
        ),
        ("title: Senior Data Engineer", 'title: "Senior\\rData Engineer"', "position.title: contains the control"),
    ],
)
def test_values_at_the_edges_are_refused_with_their_field_and_line(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    assert old in SINGLE
    path = interview(tmp_path, SINGLE.replace(old, new, 1))
    for command in (("check", path, *NOW), ("build", path, "-o", tmp_path / "out", *NOW)):
        lines = refused(*command)
        assert len(lines) == 1 and f"{path}:" in lines[0] and field in lines[0], lines
    assert not (tmp_path / "out").exists()


def test_a_50_mb_interview_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as handle:
        message = "message: |\n      " + "word " * 10_000_000
        handle.write(SINGLE.replace("topic: moving", message + "\n    topic: moving"))
    assert path.stat().st_size > 50_000_000
    started = time.perf_counter()
    lines = refused("build", path, "-o", tmp_path / "out")
    assert time.perf_counter() - started < 1.0
    assert lines == [f"error: {path}: is {path.stat().st_size:,} bytes, over the limit of 4,000,000"]


def test_a_message_and_a_field_over_their_limits_are_refused_with_their_line(tmp_path: Path) -> None:
    text = SINGLE.replace("topic: moving", "message: " + "word " * 5000 + "\n    topic: moving")
    text = text.replace("detail: your point", "detail: " + "x" * 2001 + " your point")
    lines = refused("check", interview(tmp_path, text))
    assert any(":36: interviewers[0].message: String should have at most 20000 characters" in line for line in lines)
    assert any(":38: interviewers[0].detail: String should have at most 2000 characters" in line for line in lines)


def test_more_than_10000_interviewers_are_refused_at_the_list(tmp_path: Path) -> None:
    people = "".join(f"  - name: Person {i}\n" for i in range(10_001))  # a name each: reading is most of the time
    text = SINGLE.split("interviewers:")[0] + "interviewers:\n" + people
    started = time.perf_counter()
    lines = refused("check", interview(tmp_path, text))
    assert time.perf_counter() - started < 15
    assert lines == [
        f"error: {tmp_path / 'mine.yaml'}:27: interviewers: List should have at most 10000 items after "
        "validation, not 10001"
    ]


# --- files that are not regular files ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_an_interview_template_or_stationery_that_is_not_a_regular_file_is_refused_at_once(
    tmp_path: Path, kind: str
) -> None:
    """A FIFO would hang the read, /dev/zero would fill memory, a folder is a mistake: each is one line, quickly."""

    def special(path: Path) -> Path:
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dev-zero":
            path.symlink_to("/dev/zero")
        else:
            path.mkdir()
        return path

    started = time.perf_counter()
    lines = refused("check", special(tmp_path / "interview.yaml"))
    assert lines == [
        f"error: {tmp_path / 'interview.yaml'}: is not a regular file (a folder, a device or a pipe); give a file"
    ]
    special(tmp_path / "note.j2")
    special(tmp_path / "paper.yaml")
    for setting in ("template: note.j2", "stationery: paper.yaml"):
        text = SINGLE.replace("  stationery: a2-folded", f"  {setting}")
        lines = refused("check", interview(tmp_path, text))
        assert len(lines) == 1 and "is not a regular file" in lines[0] and "mine.yaml:" in lines[0], lines
    assert time.perf_counter() - started < 5


def test_read_text_stops_at_its_limit_even_when_the_file_grows() -> None:
    with pytest.raises(ReadError, match="is not a regular file"):
        read_text("/dev/zero", 10)


# --- templates: every long-string maker in the sandbox is bounded ----------------------------------------------

BOMBS = [
    "{{ 'x'.center(10**9) }}",
    "{{ 'x'|center(10**9) }}",
    "{{ 'x'.ljust(10**9) }}",
    "{{ 'x'.zfill(10**9) }}",
    "{{ '{:>1000000000}'.format(1) }}",
    "{{ '{:.1000000000f}'.format(1.0) }}",
    "{{ '{0:{1}}'.format(1, 10**9) }}",
    "{{ '%1000000000d' % 1 }}",
    "{{ '%.999999999f' % 1.0 }}",
    "{{ '%*d' % (10**9, 1) }}",
    "{{ '%1000000000s'|format('x') }}",
    "{{ lipsum(10**6) }}",
    "{{ lipsum(5, max=10**8) }}",
    "{{ 'a'|indent(10**9, true) }}",
    "{{ 'a b'|wordwrap(1, wrapstring='x'*99999) * 99 }}",
    "{{ ('x'*1000).replace('x', 'y'*99999) }}",
    "{{ (range(99999)|list)|join('x'*99999) }}",
    "{{ 'a\tb'.expandtabs(10**9) }}",
    "{{ range(99999)|slice(10**9)|list }}",
    "{{ [1]|batch(10**9, 0)|list }}",
    "{{ {'a': 1}|tojson(10**9) }}",
    "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = '%s%s' % (ns.s, ns.s) %}{% endfor %}",
    "{% set l = [1] %}{% for i in range(40) %}{% set _ = l.extend(l) %}{% endfor %}",
    "{% set ns = namespace(x=7) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}",
    "{% for i in range(99999) %}{% for j in range(99999) %}xxxxxxxxxxxxxxxx{% endfor %}{% endfor %}",
]


@pytest.mark.parametrize("bomb", BOMBS)
def test_a_string_bomb_in_a_message_is_refused_quickly_in_check_and_build(tmp_path: Path, bomb: str) -> None:
    """`check` used to exit 0 holding gigabytes; now both commands refuse, naming the message's line."""
    path = interview(tmp_path, SINGLE.replace("topic: moving", f"message: |-\n      {bomb}\n    topic: moving"))
    started = time.perf_counter()
    for command in (("check", path, *NOW), ("build", path, "-o", tmp_path / "out", *NOW)):
        lines = refused(*command)
        assert any(
            f"{path}:36: interviewers[0].message: template message for Priya Natarajan: blocked by the sandbox" in line
            for line in lines
        ), lines
    assert time.perf_counter() - started < 4


@pytest.mark.parametrize(
    "nesting",
    [
        "{% for i in [1] %}" * 40 + "x" + "{% endfor %}" * 40,
        "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}",
    ],
)
def test_a_template_file_python_cannot_compile_is_a_template_error(tmp_path: Path, nesting: str) -> None:
    (tmp_path / "deep.j2").write_text(nesting, encoding="utf-8")
    text = SINGLE.replace("  font: caveat", "  font: caveat\n  template: deep.j2")
    lines = refused("check", interview(tmp_path, text))
    assert len(lines) == 1 and "mine.yaml:26: card.template:" in lines[0] and "too deeply nested" in lines[0], lines


# --- designs: confined to their folder, resources of bounded size -----------------------------------------------


def own_design(tmp_path: Path) -> Path:
    folder = tmp_path / "mydesign"
    shutil.copytree(DATA / "designs" / "watermark", folder)
    return folder


def design_interview(tmp_path: Path) -> Path:
    return interview(tmp_path, SINGLE.replace("  font: caveat", "  font: caveat\n  design: mydesign"))


@pytest.mark.parametrize("name", ["design.html.j2", "design.yaml"])
def test_a_designs_own_file_linked_outside_its_folder_is_refused(tmp_path: Path, name: str) -> None:
    """A link to any file would have printed that file's text on every card."""
    folder = own_design(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("description: the secret\nsuits: [any]\n", encoding="utf-8")
    (folder / name).unlink()
    (folder / name).symlink_to(secret)
    lines = refused("build", design_interview(tmp_path), "-o", tmp_path / "out", *NOW)
    assert len(lines) == 1 and f"{name} leads outside the design's folder" in lines[0], lines
    assert "mine.yaml:26: card.design" in lines[0]
    assert not (tmp_path / "out").exists()


def test_a_design_resource_over_its_size_limit_is_refused_not_read(tmp_path: Path) -> None:
    folder = own_design(tmp_path)
    with (folder / "huge.png").open("wb") as handle:
        handle.truncate(20_000_000)  # sparse: no disk used
    template = folder / "design.html.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace("</body>", '<img src="huge.png"></body>'), encoding="utf-8"
    )
    assert "huge.png" in template.read_text(encoding="utf-8")
    status, stderr, seconds = cli("build", design_interview(tmp_path), "-o", tmp_path / "out", *NOW)
    assert status == 2 and "huge.png" in stderr and "over the limit" in stderr, stderr
    assert seconds < 30 and not (tmp_path / "out").exists()


# --- catalogue files: re-read when edited -------------------------------------------------------------------------


def test_a_users_stationery_file_edited_on_disk_is_read_again(tmp_path: Path) -> None:
    mine = tmp_path / "paper.yaml"
    text = (ROOT / "layouts" / "stationery" / "a2-folded.yaml").read_text(encoding="utf-8")
    mine.write_text(text, encoding="utf-8")
    first = load_stationery(str(mine))
    mine.write_text(text.replace(f"name: {first.name}", "name: edited-paper"), encoding="utf-8")
    assert load_stationery(str(mine)).name == "edited-paper"
    assert load_stationery(str(mine)) is load_stationery(str(mine))  # and still cached while unchanged


# --- OUT: nothing of the user's is lost --------------------------------------------------------------------------


def test_a_users_folder_named_cards_pdf_is_never_deleted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "cards.pdf").mkdir(parents=True)
    (out / "cards.pdf" / "keep.txt").write_text("mine", encoding="utf-8")
    lines = refused("build", SAMPLES / "single.yaml", "-o", out, *NOW)
    assert lines == [
        f"error: {out / 'cards.pdf'}: a folder notecards did not write is in the way; move it, or "
        "build into another folder with -o"
    ]
    assert (out / "cards.pdf" / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["cards.pdf"]


def test_a_users_own_report_json_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text("my own notes", encoding="utf-8")
    refused("build", SAMPLES / "single.yaml", "-o", out, *NOW)
    assert (out / "report.json").read_text(encoding="utf-8") == "my own notes"


def test_a_users_file_in_emails_stops_the_build_and_survives(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("build", SAMPLES / "panel.yaml", "-o", out, *NOW)[0] == 0
    (out / "emails" / "draft-by-hand.txt").write_text("mine", encoding="utf-8")
    lines = refused("build", SAMPLES / "panel.yaml", "-o", out, *NOW)
    assert "holds 'draft-by-hand.txt', which notecards did not write" in lines[0]
    assert (out / "emails" / "draft-by-hand.txt").exists()


def test_a_second_build_replaces_what_the_first_wrote(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("build", SAMPLES / "panel.yaml", "-o", out, *NOW)[0] == 0
    status, stderr, _ = cli("build", SAMPLES / "single.yaml", "-o", out, *NOW)
    assert status == 0, stderr
    assert not (out / "emails").exists()  # the panel's drafts went; the single interview has none
    assert (out / ".notecards-written").read_text(encoding="utf-8").split() == [
        "cards.pdf",
        "envelopes.pdf",
        "report.json",
        "send-by.ics",
    ]


@pytest.mark.parametrize("argv", [("-o", ""), ("--out=",)])
def test_an_empty_output_folder_is_refused(
    tmp_path: Path, argv: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lines = refused("build", SAMPLES / "single.yaml", *argv, *NOW)
    assert lines == [f"error: {argv[0].rstrip('=')}: give a path; an empty one would mean the current folder"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            "{{ 'ab'|center(6) }}|{{ 'x'.ljust(3, '.') }}|{{ '%05.1f' % 3.14159 }}|{{ '{:>4}'.format(7) }}",
            "  ab  |x..|003.1|   7",
        ),
        (
            "{{ [1, 2, 3, 4]|slice(2)|list }} {{ [1, 2, 3]|batch(2)|list }} {{ ['a', 'b']|join('-') }}",
            "[[1, 2], [3, 4]] [[1, 2], [3]] a-b",
        ),
        (
            "{{ 'a b c'|wordwrap(3) }}|{{ 'a\nb'|indent(2, true) }}|{{ 'aa'|replace('a', 'bb') }}|"
            "{{ [[1], [2]]|sum(start=[]) }}",
            "a b\nc|  a\n  b|bbbb|[1, 2]",
        ),
        (
            "{{ {'k': 1}|tojson }} {{ '%s and %s'|format('x', 'y') }} {{ 'ab' ~ 'cd' }} "
            "{{ lipsum(1, false, 3, 4)|wordcount }}",
            '{"k": 1} x and y abcd 3',
        ),
    ],
)
def test_ordinary_uses_of_the_bounded_operations_still_work(template: str, expected: str) -> None:
    from notecards.errors import TemplateError
    from notecards.sandbox import render

    assert render(template, {}, lambda message: TemplateError(message, "t")) == expected


@pytest.mark.parametrize("key", ["font", "signature"])
def test_a_pipe_given_as_a_font_or_signature_is_refused_without_waiting(tmp_path: Path, key: str) -> None:
    """Your own font and your signature picture are read like every other file: a FIFO is refused, not waited on."""
    import os

    name = "hand.ttf" if key == "font" else "sig.png"
    os.mkfifo(tmp_path / name)
    (tmp_path / "interview.yaml").write_text(
        "candidate: {name: Jo Quill}\nposition: {title: Tester, company: Acme}\ninterview: {date: 2026-11-24}\n"
        f"card: {{{key}: {name}}}\ninterviewers:\n  - name: Pat Doe\n    topic: the test plan\n",
        encoding="utf-8",
    )
    status, stderr, _ = cli("build", tmp_path / "interview.yaml", "-o", tmp_path / "out", *NOW)
    assert status == 2 and "not a regular file" in stderr and "interview.yaml:4: card." in stderr
