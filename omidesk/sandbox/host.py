"""What an API of the sandbox (click2call, history, …) may use of the Sandbox hosting it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from omidesk.sandbox.exchange import RecordedRequest, Reply

# A route's handler: the request, and the OMICall token it carried (None for a route that
# checks its own credentials, such as the sign-in).
Handler = Callable[[RecordedRequest, "str | None"], "Reply | None"]


class Host(Protocol):
    """The Sandbox as its APIs see it: its route table, what it received, its shared lock
    and stop event, the account it plays, and OMICall's tokens."""

    lock: threading.Lock  # guards tokens and every API's state
    stopping: threading.Event  # set by stop(): slow answers give up
    slow_seconds: float
    clock: Callable[[], float]

    def route(self, method: str, path: str, handler: Handler, *, bearer: bool = True) -> None: ...

    def add_key(self, key: str, access_type: str) -> None: ...

    @property
    def requests(self) -> list[RecordedRequest]: ...

    @property
    def base_url(self) -> str: ...

    @property
    def extensions(self) -> tuple[str, ...]: ...

    @property
    def hotlines(self) -> tuple[str, ...]: ...

    @property
    def token_serial(self) -> int: ...

    def token_serial_of(self, token: str) -> int | None: ...

    def access_type_of(self, token: str) -> str | None: ...

    def revoke(self, token: str) -> None: ...
