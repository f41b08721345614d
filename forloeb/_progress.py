"""
Progress of long work, for whoever wants to show it; by default nobody does.

The library only says how far it is: :func:`report` after each chunk of rows
read, and :func:`tracked` around a loop. Both do nothing until a listener is
installed with :func:`listening`, which the command line does when its
standard error is a terminal. The library itself never draws anything and
never imports a progress-bar library.

>>> seen = []
>>> with listening(lambda task, done, total, unit: seen.append((task, done, total, unit))):
...     for _ in tracked(["SA1", "SA2"], "evaluating", unit="agreements"):
...         pass
>>> seen
[('evaluating', 0, 2, 'agreements'), ('evaluating', 1, 2, 'agreements'), \
('evaluating', 2, 2, 'agreements')]

Without a listener :func:`tracked` gives back what it was given, so an
unwatched loop costs nothing:

>>> items = [1, 2, 3]
>>> tracked(items, "counting", unit="items") is items
True
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

#: A listener: ``(task, done, total, unit)``; ``total`` is ``None`` when not known.
#: ``task`` says what is being done ("reading events.csv"), ``unit`` what
#: ``done`` counts ("rows"). A new task starts when ``task`` changes.
Listener = Callable[[str, int, int | None, str], None]

_listener: ContextVar[Listener | None] = ContextVar("forloeb_progress", default=None)

_T = TypeVar("_T")


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """
    Send every progress report made inside the block to ``listener``.
    """
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def report(task: str, done: int, *, total: int | None = None, unit: str) -> None:
    """
    ``done`` of ``task``'s ``unit`` are finished (of ``total``, if known).
    """
    listener = _listener.get()
    if listener is not None:
        listener(task, done, total, unit)


def tracked(items: Iterable[_T], task: str, *, unit: str, total: int | None = None,
            every: int = 1) -> Iterable[_T]:
    """
    ``items``, reporting every ``every`` of them as done (and once at the end).

    ``total`` defaults to ``len(items)`` when ``items`` has a length. Without
    a listener, ``items`` itself is returned.
    """
    listener = _listener.get()
    if listener is None:
        return items
    if total is None and isinstance(items, Sized):
        total = len(items)
    return _reporting(items, listener, task, unit, total, every)


def _reporting(items: Iterable[_T], listener: Listener, task: str, unit: str,
               total: int | None, every: int) -> Iterator[_T]:
    listener(task, 0, total, unit)
    done = 0
    rest = iter(items)
    # A chunk at a time: the loop over it runs in C, and each report follows
    # the work on the whole chunk.
    while chunk := list(itertools.islice(rest, every)):
        yield from chunk
        done += len(chunk)
        listener(task, done, total, unit)


__all__ = ["Listener", "listening", "report", "tracked"]
