"""Work run in a thread off the Qt thread, and what the process does while it runs."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from omidesk.infra.interpreter import collector_paused, quick_handover

_T = TypeVar("_T")
_P = ParamSpec("_P")


@contextlib.contextmanager
def worker_running() -> Iterator[None]:
    """While a worker thread runs (entered and left on the Qt thread): the GIL handed over
    quickly, so that the window keeps answering and a dial is recorded at once; and
    Python's cyclic garbage collector paused. Left on, the collector runs in whichever
    thread happens to allocate (the worker, which allocates the most), and a Qt object
    caught in a reference cycle (a closed window, a dialog of the past) would be destroyed
    there, off the Qt thread: Qt says "Timers cannot be stopped from another thread", and
    may crash. It runs again, on the Qt thread, once the last worker is done."""
    with quick_handover(), collector_paused():
        yield


async def in_worker(work: Callable[[], _T]) -> _T:
    """Runs `work` in the loop's executor, while worker_running."""
    with worker_running():
        return await asyncio.get_running_loop().run_in_executor(None, work)


async def offload(function: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """in_worker() as the use cases' Offload (usecases/offload.py): the store calls of the
    history's follow-up and sync run in a worker with the collector paused, so no Qt
    object is ever destroyed off the Qt thread while they run."""
    return await in_worker(functools.partial(function, *args, **kwargs))
