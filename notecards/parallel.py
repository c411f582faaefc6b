"""A job (a function of no arguments) → its result, worked out alongside in a second process while this one goes on.

Large batches use the second core of the machine: one process fits half of the cards
while the other fits the rest, and one draws cards.pdf while the other checks the notes
and writes everything else. The second process is a fork, so it starts with the whole
batch in memory and only its result (pickled) travels back.

A second process only ever saves time; it never changes what is made. If it fails in
any way, its job runs again here, where any error is raised exactly as it would have
been in one process. Forking is used on Linux with two or more usable cores, for
batches of 150 to 5000 cards; `NOTECARDS_PROCESSES=1` keeps everything in one process.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from contextlib import suppress
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")

ENV = "NOTECARDS_PROCESSES"
MIN_CARDS = 150  # below this a fork costs more than it saves (about 10 ms against 0.5 ms a card)
# Each process copies the parts of the batch it touches (CPython counts references in
# every object): about 14 kB a card more in all. Above this a batch stays in one process,
# so memory stays near 200 MB even for 10,000 cards.
MAX_CARDS = 5000


def worth_a_second_process(cards: int) -> bool:
    """Whether a batch of this many cards should use a second process on this machine."""
    if os.environ.get(ENV, "").strip() == "1" or not MIN_CARDS <= cards <= MAX_CARDS:
        return False
    if threading.active_count() > 1:  # a lock another thread holds at the fork would stay held in the child
        return False
    return sys.platform == "linux" and hasattr(os, "fork") and len(os.sched_getaffinity(0)) > 1


class Alongside(Generic[T]):
    """`job` started in a forked process (when `forked`), or left to run here when its result is asked for.

    Use as a context manager: leaving the block early (an error) stops the second
    process, so nothing it would have written survives the failure.
    """

    def __init__(self, job: Callable[[], T], forked: bool) -> None:
        self._job = job
        self._pid: int | None = None
        self._pipe = -1
        if forked:
            self._start()

    def _start(self) -> None:
        for stream in (sys.stdout, sys.stderr):  # what is buffered now would otherwise be printed twice
            if stream is not None:
                stream.flush()
        try:
            read, write = os.pipe()
        except OSError:  # out of file descriptors: the job runs here instead
            return
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory: likewise
            os.close(read)
            os.close(write)
            return
        if pid == 0:
            try:
                os.close(read)
                self._run_child(write)
            finally:
                os._exit(1)  # never back into the parent's code, whatever happened (even Ctrl-C right now)
        self._pid, self._pipe = pid, read
        os.close(write)

    def _run_child(self, pipe: int) -> None:
        """In the child: run the job, send the pickled result, and leave without running the parent's cleanup."""
        status = 1
        try:
            gc.disable()  # a short life; sparing the collector also spares copying the parent's pages
            payload = pickle.dumps(self._job(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(pipe, "wb") as out:
                out.write(payload)
            status = 0
        except BaseException:  # noqa: S110  # the parent runs the job again and raises the error itself
            pass
        finally:
            os._exit(status)

    def result(self) -> T:
        """The job's result: from the second process when it succeeded, else worked out here."""
        if self._pid is not None:
            payload = self._collect()
            if payload:
                try:
                    result: T = pickle.loads(payload)  # noqa: S301  # our own child's bytes, through our own pipe
                except Exception:  # noqa: S110  # cut short, or out of memory: the job runs here instead
                    pass
                else:
                    return result
        return self._job()

    def _collect(self) -> bytes | None:
        """Read the second process's answer and reap it: its pickled result, or None when it failed."""
        pid, pipe = self._pid, self._pipe
        assert pid is not None
        try:
            with os.fdopen(pipe, "rb") as reader:
                self._pipe = -1  # the reader owns it now, and closes it whatever happens
                payload = reader.read()  # to the end before waiting: a full pipe would stall the child
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:  # SIGCHLD ignored: already reaped, its status lost; a whole pickle says it all
                status = 0
            self._pid = None
        except BaseException:  # Ctrl-C while waiting: stop the second process too
            self.cancel()
            raise
        return payload if os.waitstatus_to_exitcode(status) == 0 else None

    def cancel(self) -> None:
        """Stop the second process, if it still runs; its result is no longer wanted."""
        if self._pid is not None:
            pid, self._pid = self._pid, None
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with suppress(ChildProcessError):
                os.waitpid(pid, 0)
        if self._pipe >= 0:
            pipe, self._pipe = self._pipe, -1
            os.close(pipe)

    def __enter__(self) -> Alongside[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.cancel()
