"""Two processes for a large batch: the same cards, errors and files as one process; a failure leaves nothing behind."""

from __future__ import annotations

import importlib.util
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, run_cli

import notecards.build
import notecards.parallel
import notecards.write
from notecards.build import Batch, build_batch
from notecards.errors import (
    BatchError,
    CheckError,
    DesignError,
    FitError,
    FontError,
    InterviewError,
    NotecardsError,
    OutputError,
    Problem,
    StationeryError,
    TemplateError,
)
from notecards.fonts import load_face, load_hand
from notecards.load import load_interview
from notecards.parallel import Alongside, worth_a_second_process
from notecards.write import write_batch

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the second process is a fork")
NOW = ("--now", "2026-11-25T09:00:00+00:00")
HEAD = ("candidate: {name: Jordan Rivera}\nposition: {title: Data Engineer, company: Northwind}\n"
        "interview: {date: 2026-11-24}\ncard: {stationery: index-3x5, font: caveat}\ninterviewers:\n")
TOO_LONG = " ".join(["the long and winding migration of every nightly job"] * 30)  # never fits a 3×5 card


def make_batch_yaml(count: int) -> str:
    """benchmarks/make_batch.py's interview of `count` interviewers, each wanting a card."""
    spec = importlib.util.spec_from_file_location("make_batch", ROOT / "benchmarks" / "make_batch.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = module.interview_yaml(count)
    return text


def six_people(path: Path, topics: dict[int, str] | None = None, messages: dict[int, str] | None = None) -> Path:
    """Six card recipients, some with a topic or message of their own; the first and last land in different parts."""
    topics, messages = topics or {}, messages or {}
    people = "".join(f"  - name: Person {chr(65 + i)}\n    method: card\n    topic: {topics.get(i, 'pipelines')}\n"
                     + (f"    message: {messages[i]!r}\n" if i in messages else "") for i in range(6))
    path.write_text(HEAD + people, encoding="utf-8")
    return path


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Force the two-process path in build and write; the list grows by one per fork made here."""
    made: list[int] = []
    real_fork = os.fork

    def counting_fork() -> int:
        pid = real_fork()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(notecards.parallel.os, "fork", counting_fork)
    monkeypatch.setattr(notecards.build, "worth_a_second_process", lambda cards: True)
    monkeypatch.setattr(notecards.write, "worth_a_second_process", lambda cards: True)
    return made


def one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notecards.build, "worth_a_second_process", lambda cards: False)
    monkeypatch.setattr(notecards.write, "worth_a_second_process", lambda cards: False)


def raised_by(build: Callable[[], object]) -> NotecardsError:
    with pytest.raises(NotecardsError) as caught:
        build()
    return caught.value


def described(error: NotecardsError) -> tuple[object, ...]:
    """Everything a reader of the error sees: its type, text, lines, location and context fields (nested too)."""
    fields = {key: tuple(map(described, value)) if key == "errors" else value for key, value in vars(error).items()}
    return type(error), error.args, str(error), error.lines(), error.where, fields


def layouts(batch: Batch) -> list[tuple[object, ...]]:
    return [(card.note.recipient, card.stationery.name, card.hand.id, card.ink, card.sizes, card.layout.size_pt,
             [(line.text, line.kind, line.x_pt, line.baseline_pt) for line in card.layout.lines])
            for card in batch.cards]


def files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@needs_fork
def test_a_forked_job_is_worked_out_in_another_process() -> None:
    """forked=True: the value comes back, pickled, from a process with another pid."""
    with Alongside(lambda: (os.getpid(), [n * n for n in range(5)]), forked=True) as job:
        pid, squares = job.result()
    assert pid != os.getpid() and squares == [0, 1, 4, 9, 16]


def test_an_unforked_job_is_worked_out_here() -> None:
    """forked=False: the job runs in this process when its result is asked for."""
    with Alongside(os.getpid, forked=False) as job:
        assert job.result() == os.getpid()


@needs_fork
def test_a_job_failing_in_the_child_runs_again_here_and_raises_the_real_error(tmp_path: Path) -> None:
    """The child's failure is not the answer: the job runs again here and its own error, fields intact, is raised."""
    runs = tmp_path / "runs"

    def failing() -> None:
        with runs.open("a") as log:
            log.write(f"{os.getpid()}\n")
        error = FitError("Ana Lima", "index-3x5", "caveat", 300, 160, 12, ("a2-flat",))
        error.where = "panel.yaml:31: interviewers[2]"
        raise error

    with pytest.raises(FitError) as caught, Alongside(failing, forked=True) as job:
        job.result()
    pids = [int(line) for line in runs.read_text().split()]
    assert len(pids) == 2 and pids[0] != os.getpid() and pids[1] == os.getpid()
    assert caught.value.lines() == ["panel.yaml:31: interviewers[2]: note for Ana Lima does not fit index-3x5 in "
                                    "caveat: about 140 words over (300 words, about 160 fit; 12 lines too many at "
                                    "the smallest size); a2-flat would fit"]
    assert (caught.value.recipient, caught.value.words_that_fit) == ("Ana Lima", 160)


@needs_fork
def test_leaving_the_block_by_an_error_kills_the_second_process_at_once(tmp_path: Path) -> None:
    """An error inside `with Alongside(...)` kills and reaps the child: its slow job never gets to finish."""
    pid_file, finished = tmp_path / "child.pid", tmp_path / "child.finished"

    def slow() -> int:
        (tmp_path / "child.tmp").write_text(str(os.getpid()))
        (tmp_path / "child.tmp").replace(pid_file)
        time.sleep(30)
        finished.touch()  # only if the block waited for the child instead of killing it
        return 1

    with pytest.raises(OutputError), Alongside(slow, forked=True):
        while not pid_file.exists():
            time.sleep(0.01)
        raise OutputError("no space left on device", tmp_path)
    child = int(pid_file.read_text())
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # already reaped: no zombie left
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # gone, so it can no longer finish
    assert not finished.exists()


@needs_fork
def test_an_interrupt_while_waiting_for_the_child_stays_an_interrupt_and_stops_the_child() -> None:
    """Ctrl-C during result(): KeyboardInterrupt reaches the caller (not a closed-pipe OSError); no child is left."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    children = []
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(KeyboardInterrupt), Alongside(lambda: time.sleep(30), forked=True) as job:
            children.append(job._pid)
            job.result()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert children[0] is not None
    with pytest.raises(ProcessLookupError):
        os.kill(children[0], 0)


def test_a_fork_that_fails_leaves_the_job_to_run_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Out of processes (EAGAIN): no error, the job simply runs in this process."""
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(notecards.parallel.os, "fork", no_fork)
    with Alongside(os.getpid, forked=True) as job:
        assert job.result() == os.getpid()

def at(where: str, error: NotecardsError) -> NotecardsError:
    error.where = where
    return error


ERRORS = [
    InterviewError([Problem("panel.yaml", "interviewers[1].name", "field required", 12),
                    Problem("panel.yaml", "", "YAML: tabs are not allowed")]),
    StationeryError("no stationery named 'napkin'", "panel.yaml"),
    at("panel.yaml:40: interviewers[3].topic", FontError("cannot draw '☃'", "Ana Lima", "interviewer.topic")),
    TemplateError("undefined: variable 'nope' does not exist", "message", "Ana Lima"),
    FitError("Ana Lima", "index-3x5", "caveat", 300, 160, 12, ("a2-flat", "a6-flat"), ("Supercalifragilistic",)),
    CheckError(["Ana Lima: the interview date is after --now"]),
    DesignError("may not fetch https://example.com/logo.png", "letterhead.html"),
    OutputError("cannot write: No space left on device", "/tmp/out/cards.pdf"),
    BatchError([at("panel.yaml:31: interviewers[2]", FitError("Ana Lima", "index-3x5", "caveat", 300, 160, 12)),
                at("panel.yaml:44: interviewers[5].topic", FontError("cannot draw '☃'", "Olu Berg"))]),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: type(error).__name__)
def test_every_error_survives_pickling_with_its_message_location_and_fields(error: NotecardsError) -> None:
    """A card's error from the second process reads exactly as it would have here: str, lines, where, fields."""
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301  # our own bytes
    assert described(copy) == described(error)


def test_fonts_unpickle_as_the_one_loaded_object() -> None:
    """A Hand or Face sent between processes comes back as the cached object, not a second copy of the font."""
    assert pickle.loads(pickle.dumps(load_hand("caveat"))) is load_hand("caveat")  # noqa: S301
    assert pickle.loads(pickle.dumps(load_face("kalam"))) is load_face("kalam")  # noqa: S301


@needs_fork
@pytest.mark.parametrize("source", ["panel", "generated"])
def test_two_processes_build_the_same_batch_as_one(source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   forks: list[int]) -> None:
    """The second part fitted in a child gives the same notes, stationery, sizes and lines, in file order."""
    path = SAMPLES / "panel.yaml" if source == "panel" else tmp_path / "batch.yaml"
    if source == "generated":
        path.write_text(make_batch_yaml(40), encoding="utf-8")
    interview = load_interview(path)
    two = build_batch(interview)
    assert len(forks) == 1
    one_process(monkeypatch)
    one = build_batch(interview)
    assert len(forks) == 1 and len(one.cards) > 1
    assert two.notes == one.notes and two.warnings == one.warnings
    assert layouts(two) == layouts(one)
    assert two.cards == one.cards  # the rest too: the same Hand object, ink, envelope and address blocks


@needs_fork
def test_cards_failing_in_both_parts_are_all_reported_in_file_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     forks: list[int]) -> None:
    """One card too long in each part: one BatchError listing both, located, exactly as in one process."""
    interview = load_interview(six_people(tmp_path / "long.yaml", topics={0: TOO_LONG, 5: TOO_LONG}))
    two = raised_by(lambda: build_batch(interview))
    one_process(monkeypatch)
    one = raised_by(lambda: build_batch(interview))
    assert len(forks) == 1
    assert isinstance(two, BatchError) and [type(error) for error in two.errors] == [FitError, FitError]
    assert [error.lines()[0].split(": ", 3)[1:3] for error in two.errors] == [
        ["interviewers[0]", "note for Person A does not fit index-3x5 in caveat"],
        ["interviewers[5]", "note for Person F does not fit index-3x5 in caveat"]]
    assert two.lines() == one.lines()


@needs_fork
def test_a_template_error_in_the_second_part_is_raised_as_in_one_process(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch,
                                                                         forks: list[int]) -> None:
    """The child fails on an undefined variable; the parent composes that part again and raises the same error."""
    interview = load_interview(six_people(tmp_path / "nope.yaml", messages={5: "{{ nope }}"}))
    two = raised_by(lambda: build_batch(interview))
    one_process(monkeypatch)
    one = raised_by(lambda: build_batch(interview))
    assert len(forks) == 1
    assert isinstance(two, TemplateError) and two.recipient == "Person F"
    assert str(two.where).endswith("interviewers[5].message") and "nope.yaml:" in str(two.where)
    assert two.lines() == one.lines()


@needs_fork
def test_two_processes_write_the_same_bytes_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   forks: list[int]) -> None:
    """cards.pdf drawn in the child; cards.pdf, envelopes.pdf, report.json and emails match a one-process run."""
    batch = build_batch(load_interview(SAMPLES / "panel.yaml"))
    write_batch(batch, tmp_path / "two")
    assert len(forks) == 2  # one for the build, one for cards.pdf
    one_process(monkeypatch)
    write_batch(batch, tmp_path / "one")
    assert len(forks) == 2
    two, one = files(tmp_path / "two"), files(tmp_path / "one")
    assert {"cards.pdf", "envelopes.pdf", "report.json"} <= set(two)
    assert two == one


@needs_fork
def test_a_cards_writer_killed_midway_is_redone_here_and_its_temp_file_never_reaches_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    """The child dies (as if killed) leaving half a cards.pdf; this process draws it again; OUT gets only real files."""
    batch = build_batch(load_interview(SAMPLES / "panel.yaml"))
    here, real_write_cards = os.getpid(), notecards.write._write_cards

    def dying_in_the_child(batch: Batch, folder: Path) -> None:
        if os.getpid() != here:
            (folder / ".cards.pdf.half.tmp").write_bytes(b"%PDF-1.4 half")
            os._exit(9)
        real_write_cards(batch, folder)

    monkeypatch.setattr(notecards.write, "_write_cards", dying_in_the_child)
    write_batch(batch, tmp_path / "two")
    one_process(monkeypatch)
    monkeypatch.setattr(notecards.write, "_write_cards", real_write_cards)
    write_batch(batch, tmp_path / "one")
    assert len(forks) == 2
    assert files(tmp_path / "two") == files(tmp_path / "one")  # no stray temp file, same cards.pdf

def refuse_once_cards_are_drawn(out: Path) -> Callable[[], None]:
    """An `approve` that waits until the child has put cards.pdf in the staging folder, then refuses the build."""
    def refuse() -> None:
        started = time.monotonic()
        while not list(out.glob(".notecards-*/cards.pdf")) and time.monotonic() - started < 20:
            time.sleep(0.01)
        assert list(out.glob(".notecards-*/cards.pdf")), "the second process never drew cards.pdf"
        raise CheckError(["Ana Lima: the interview date is after --now"])
    return refuse


@needs_fork
@pytest.mark.parametrize("earlier", [None, "keep me"], ids=["new-out", "existing-out"])
def test_a_refusal_while_cards_are_drawn_leaves_out_as_it_was(earlier: str | None, tmp_path: Path,
                                                              forks: list[int]) -> None:
    """approve() raises after the child drew cards.pdf: the error propagates; a new OUT is gone, an old one intact."""
    batch = build_batch(load_interview(SAMPLES / "panel.yaml"))
    out = tmp_path / "out"
    if earlier is not None:
        out.mkdir()
        (out / "my-notes.txt").write_text(earlier)
    with pytest.raises(CheckError):
        write_batch(batch, out, approve=refuse_once_cards_are_drawn(out))
    assert len(forks) == 2
    if earlier is None:
        assert list(tmp_path.iterdir()) == []
    else:  # no cards.pdf, no staging folder, nothing else
        assert [path.name for path in out.iterdir()] == ["my-notes.txt"] and files(out) == {"my-notes.txt": b"keep me"}


def test_notecards_processes_1_keeps_a_large_batch_in_one_process(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """NOTECARDS_PROCESSES=1: a 200-card batch is built without a single fork."""
    monkeypatch.setenv("NOTECARDS_PROCESSES", "1")
    monkeypatch.setattr(notecards.parallel.os, "fork", lambda: pytest.fail("forked despite NOTECARDS_PROCESSES=1"))
    path = tmp_path / "batch.yaml"
    path.write_text(make_batch_yaml(200), encoding="utf-8")
    assert not worth_a_second_process(200)
    assert len(build_batch(load_interview(path)).cards) == 200


def test_the_cli_honours_notecards_processes_1(tmp_path: Path) -> None:
    """`NOTECARDS_PROCESSES=1 notecards build` works and writes every output."""
    out = tmp_path / "out"
    proc = run_cli("build", SAMPLES / "panel.yaml", "-o", out, *NOW, env={"NOTECARDS_PROCESSES": "1"})
    assert proc.returncode == 0, proc.stderr
    assert (out / "cards.pdf").exists() and (out / "envelopes.pdf").exists() and (out / "report.json").exists()


def test_the_cli_draws_the_same_cards_for_a_large_batch_in_two_processes_as_in_one(tmp_path: Path) -> None:
    """A 200-card build with the default process count gives the same cards.pdf bytes as NOTECARDS_PROCESSES=1."""
    path = tmp_path / "batch.yaml"
    path.write_text(make_batch_yaml(200), encoding="utf-8")
    for folder, processes in (("default", "2"), ("one", "1")):  # "2": not "1", whatever the calling shell set
        proc = run_cli("build", path, "-o", tmp_path / folder, "--force", "--quiet", *NOW,
                       env={"NOTECARDS_PROCESSES": processes})
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "default" / "cards.pdf").read_bytes() == (tmp_path / "one" / "cards.pdf").read_bytes()


def test_only_batches_of_150_to_5000_cards_use_a_second_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small batches would pay more for the fork than they save; very large ones would double their memory."""
    monkeypatch.delenv("NOTECARDS_PROCESSES", raising=False)
    monkeypatch.setattr(notecards.parallel.sys, "platform", "linux")
    monkeypatch.setattr(notecards.parallel.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(notecards.parallel.os, "fork", lambda: 0, raising=False)
    assert [worth_a_second_process(n) for n in (149, 150, 5000, 5001)] == [False, True, True, False]
    monkeypatch.setattr(notecards.parallel.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not worth_a_second_process(1000)  # one usable core


def test_a_character_no_font_has_in_the_candidates_address_is_one_error_not_one_per_card(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The return address is on every envelope: its problem is reported once, located, in one process or two."""
    source = tmp_path / "home.yaml"
    people = "".join(f"  - {{name: Person {i}, method: card, topic: pipelines}}\n" for i in range(8))
    head = HEAD.replace("candidate: {name: Jordan Rivera}", 'candidate: {name: Jordan Rivera, address: "1 🏠 Lane"}')
    source.write_text(head + people, encoding="utf-8")
    interview = load_interview(source)
    for second_process in (False, True):
        monkeypatch.setattr(notecards.build, "worth_a_second_process", lambda cards, on=second_process: on)
        error = raised_by(lambda: build_batch(interview))
        assert error.lines() == [f"{source}:1: candidate.address: no bundled font can draw '🏠' (U+1F3E0)"]


@needs_fork
def test_a_second_process_still_answers_when_sigchld_is_ignored() -> None:
    """With SIGCHLD ignored the child is reaped by the system and its status lost: a whole result still counts."""
    import signal

    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        with Alongside(os.getpid, forked=True) as job:
            assert job.result() != os.getpid()
    finally:
        signal.signal(signal.SIGCHLD, previous)


def test_no_second_process_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fork copies locks other threads hold; with a second thread running, the batch stays in one process."""
    import threading

    monkeypatch.setattr(notecards.parallel.sys, "platform", "linux")
    monkeypatch.setattr(notecards.parallel.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(notecards.parallel.os, "fork", lambda: 0, raising=False)
    monkeypatch.delenv("NOTECARDS_PROCESSES", raising=False)
    assert worth_a_second_process(1000)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not worth_a_second_process(1000)
    finally:
        stop.set()
        thread.join()
