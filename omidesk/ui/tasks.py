"""Coroutines started from Qt slots: kept alive, and their failures reported, never lost."""

from __future__ import annotations

import asyncio
import logging
import types
from collections.abc import Callable, Coroutine, Generator
from typing import Any

log = logging.getLogger(__name__)

_running: set[asyncio.Task[Any]] = set()
# Set by the app to show a short message for a bug; tests leave it to the log and re-raise.
on_error: Callable[[BaseException], None] | None = None


def spawn(coro: Coroutine[Any, Any, Any], name: str | None = None) -> asyncio.Task[Any]:
    """Runs `coro` on the (qasync) loop. asyncio keeps only weak references to tasks, so a
    task nobody holds could vanish mid-call: hold it until it is done."""
    task = asyncio.get_event_loop().create_task(coro, name=name)
    _running.add(task)
    task.add_done_callback(_done)
    return task


def start(coro: Coroutine[Any, Any, Any], name: str | None = None) -> asyncio.Future[Any]:
    """spawn(), but `coro` runs at once, in the caller, up to its first await that has
    to wait; a task carries it on from there. A store write that gets the write lock at
    once (as it mostly does) is done, and what follows it shown, when this returns: no
    pass through the loop, no flash of a pending state. One that has to wait for the
    lock (an import's batch holds it) waits in the task, the window running on. Its
    failure is reported as a task's is."""
    loop = asyncio.get_event_loop()
    try:
        waiting = coro.send(None)
    except StopIteration as finished:
        done = loop.create_future()
        done.set_result(finished.value)
        return done
    except Exception as error:
        failed = loop.create_future()
        failed.set_exception(error)
        failed.exception()  # retrieved: reported here, not again when it is collected
        _report(error, name or repr(coro))
        return failed
    return spawn(_carried_on(coro, waiting), name)


async def _carried_on(coro: Coroutine[Any, Any, Any], waiting: Any) -> Any:
    return await _from(coro, waiting)


@types.coroutine
def _from(coro: Coroutine[Any, Any, Any], waiting: Any) -> Generator[Any, Any, Any]:
    """`coro`, suspended where it yielded `waiting` (what its await waits for), driven on
    by the task awaiting this: what the task sends or throws goes on to `coro`, as
    `yield from` would pass them to a coroutine it had started itself."""
    while True:
        try:
            sent = yield waiting
        except BaseException as error:  # thrown in by the task: its cancellation
            try:
                waiting = coro.throw(error)
            except StopIteration as finished:
                return finished.value
            continue
        try:
            waiting = coro.send(sent)
        except StopIteration as finished:
            return finished.value


def _done(task: asyncio.Task[Any]) -> None:
    _running.discard(task)
    if task.cancelled():
        return
    error = task.exception()
    if error is None:
        return
    _report(error, task.get_name())


def _report(error: BaseException, name: str) -> None:
    log.error("task %s failed", name, exc_info=error)
    if on_error is not None:
        on_error(error)


def pending() -> list[asyncio.Task[Any]]:
    return list(_running)


async def cancel_all(grace_s: float = 5.0) -> None:
    """Cancels the running tasks and waits (up to `grace_s`) for them to unwind: a
    cancelled dial finishes its call record as it does, which must happen before the
    database closes, or the record is left `placing`."""
    running = pending()
    for task in running:
        task.cancel()
    if running:
        await asyncio.wait(running, timeout=grace_s)
