"""Where a use case runs its store calls: the history's, in a worker thread (the window's
thread stays free while a sync waits for an import's write lock); a one-shot command's and
the names', right where they are."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ParamSpec, Protocol, TypeVar

_P = ParamSpec("_P")
_T = TypeVar("_T")


class Offload(Protocol):
    """Runs a synchronous store call and gives its result: asyncio.to_thread, or `inline`."""

    def __call__(
        self, function: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs
    ) -> Awaitable[_T]: ...


async def inline(function: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """Runs a store call where it is: for single quick statements on the caller's own
    connection (the names, on the window's thread), or a process with no window to keep
    responsive (`omidesk history --sync`, tests, the benchmark)."""
    return function(*args, **kwargs)
