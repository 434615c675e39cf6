"""Quitting the app (omidesk.app.close, with real services and sandbox): a cancelled dial
still finishes its record before the database closes, and nothing still on its way goes out."""

from __future__ import annotations

import asyncio

import httpx

from omidesk import app
from omidesk.infra.paths import default_paths
from omidesk.sandbox.server import Sandbox
from omidesk.store.calls import CallStore
from omidesk.store.db import Database
from omidesk.ui import tasks
from omidesk.ui.dial_controller import DialController
from tests.conftest import finish


def test_quitting_mid_call_finishes_the_record_as_unknown(
    services, qtbot, configured: Sandbox
) -> None:
    controller = DialController(services)
    controller.dial("0900000020")  # slow: OMICall has not answered when the app quits
    qtbot.waitUntil(lambda: bool(configured.click2calls()), timeout=10_000)
    finish(qtbot, app.close(services))
    with Database(default_paths().database) as db:
        (record,) = CallStore(db).recent()
    assert (record.status.value, record.error_code) == ("unknown", "interrupted")
    assert not controller.busy


class HeldTransport(httpx.AsyncBaseTransport):
    """httpx's own transport, but each request waits at `gate` before it connects."""

    def __init__(self) -> None:
        self.real = httpx.AsyncHTTPTransport()
        self.held, self.gate = asyncio.Event(), asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.held.set()
        await self.gate.wait()
        return await self.real.handle_async_request(request)

    async def aclose(self) -> None:
        await self.real.aclose()


def test_quitting_while_a_request_is_on_its_way_leaves_no_connection_open(
    configured: Sandbox, qloop, qtbot
) -> None:
    """A hotline refresh about to connect while the app quits must be cancelled. Carried on,
    it would connect through a pool that has already closed its connections: the request
    goes out after the quit, and its socket is never closed (a ResourceWarning at some
    later garbage collection)."""
    from omidesk.services import build

    transport = HeldTransport()
    services = build(default_paths(), http=httpx.AsyncClient(transport=transport))
    refresh = tasks.spawn(services.refresh_hotlines(), name="hotlines")
    finish(qtbot, transport.held.wait())
    finish(qtbot, app.close(services))
    transport.gate.set()
    qtbot.waitUntil(refresh.done, timeout=10_000)
    assert refresh.cancelled()
    assert configured.requests == []
