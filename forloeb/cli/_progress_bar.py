"""
Progress of long work on the terminal: what is being done and how far.

A bar appears only when standard error is a terminal, and only once the
command has run for about two seconds: a quick command, a pipe, a file and a
test's captured output never see one. One line at a time, replaced when the
work moves on and cleared before the report is written. The library reports
through :mod:`forloeb._progress`; tqdm draws.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TextIO

from tqdm import tqdm

from forloeb import _progress

#: Seconds a command runs before it shows its progress.
DELAY = 2.0

#: How far, with and without a known total: "reading events.csv: 2,224,128 rows [00:09]".
_COUNTED = "{desc}: {n:,} {unit} [{elapsed}]"
_MEASURED = "{desc}: {percentage:3.0f}% |{bar}| {n:,}/{total:,} {unit} [{elapsed}<{remaining}]"


class _Bar(tqdm):  # type: ignore[type-arg]
    # No monitor thread: forloeb updates the bar itself, often enough.
    monitor_interval = 0


class Display:
    """
    A :data:`forloeb._progress.Listener` that draws one bar on ``stream``.
    """

    def __init__(self, stream: TextIO, *, delay: float | None = None) -> None:
        self._stream = stream
        self._shown_from = time.monotonic() + (DELAY if delay is None else delay)
        self._task: str | None = None
        self._bar: Any = None

    def __call__(self, task: str, done: int, total: int | None, unit: str) -> None:
        if task != self._task or self._bar is None:
            self.close()
            self._task = task
            self._bar = _Bar(desc=task, total=total, unit=unit,
                             bar_format=_COUNTED if total is None else _MEASURED,
                             file=self._stream, leave=False, dynamic_ncols=True,
                             delay=max(0.0, self._shown_from - time.monotonic()))
        self._bar.update(done - self._bar.n)
        if total is not None and done >= total:
            self.close()

    def close(self) -> None:
        """
        Clear the bar from the terminal, if it is shown.
        """
        if self._bar is not None:
            self._bar.close()
        self._bar = None
        self._task = None


_shown: ContextVar[Display | None] = ContextVar("forloeb_progress_bar", default=None)


@contextmanager
def shown_on(stream: TextIO) -> Iterator[None]:
    """
    Show the progress of the work done inside the block on ``stream``, if it
    is a terminal; clear it when the block ends, however it ends.
    """
    if not _is_terminal(stream):
        yield
        return
    display = Display(stream)
    token = _shown.set(display)
    try:
        with _progress.listening(display):
            yield
    finally:
        display.close()
        _shown.reset(token)


def clear() -> None:
    """
    Clear the bar before something else is written to the terminal.
    """
    display = _shown.get()
    if display is not None:
        display.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


__all__ = ["DELAY", "Display", "clear", "shown_on"]
