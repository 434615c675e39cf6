"""Quitting the app mid-call: the cancelled dial still finishes its record before the
database closes (the quit sequence of omidesk/app.py, with real services and sandbox)."""

from __future__ import annotations

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
    finish(qtbot, tasks.cancel_all())
    finish(qtbot, services.aclose())
    with Database(default_paths().database) as db:
        (record,) = CallStore(db).recent()
    assert (record.status.value, record.error_code) == ("unknown", "interrupted")
    assert not controller.busy
