"""Coroutines started from Qt slots: kept alive, and their failures reported, never lost."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
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


def _done(task: asyncio.Task[Any]) -> None:
    _running.discard(task)
    if task.cancelled():
        return
    error = task.exception()
    if error is None:
        return
    log.error("task %s failed", task.get_name(), exc_info=error)
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
