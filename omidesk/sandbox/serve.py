"""Foreground runner behind `omidesk sandbox`: start a Sandbox, explain it, wait for Ctrl+C."""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from omidesk.sandbox.autocall import DEFAULT_SECRET, autocall_help
from omidesk.sandbox.history import history_help
from omidesk.sandbox.partner import SCENARIOS as PARTNER_SCENARIOS
from omidesk.sandbox.scenarios import scenario_help
from omidesk.sandbox.server import DEFAULT_API_KEY, KEPT_REQUESTS, Sandbox

# Event.wait without a timeout is not interruptible by Ctrl+C on Windows; poll instead.
_WAKE_S = 0.25


def _banner(sandbox: Sandbox) -> str:
    url, key = sandbox.base_url, sandbox.api_key
    extension, hotline = sandbox.extensions[0], sandbox.hotlines[0]
    return "\n".join(
        [
            "OmiDesk sandbox: a fake OMICall on this computer (no real calls are placed).",
            "",
            f"  Base URL    {url}",
            f"  API key     {key}",
            f"  Extensions  {', '.join(sandbox.extensions)}",
            f"  Hotlines    {', '.join(sandbox.hotlines)}",
            "",
            "Point OmiDesk at it:",
            f"  OMIDESK_BASE_URL={url} OMIDESK_API_KEY={key} OMIDESK_EXTENSION={extension} "
            f"OMIDESK_HOTLINE={hotline} omidesk call 0900000001",
            "",
            "Scenario numbers (national, +84 and 84 forms all work):",
            scenario_help(),
            "",
            "How calls end in the call history (extension 101 also has a week of calls):",
            history_help(),
            "",
            # The partner console (issue 18): its own key and scenarios.
            f"Partner key {sandbox.partner_api.api_key}  (omidesk partner …)",
            *(f"  {what:<34}  {does}" for what, does in PARTNER_SCENARIOS),
            "",
            "AutoCall (campaigns) answers on the same address:",
            autocall_help(),
            f"  OMIDESK_AUTOCALL_BASE_URL={url} OMIDESK_AUTOCALL_SECRET={DEFAULT_SECRET} "
            "omidesk autocall push 1001 --numbers 0901234567",
            "",
            "Press Ctrl+C to stop.",
            "",
        ]
    )


def serve(
    *,
    port: int = 0,
    api_key: str = DEFAULT_API_KEY,
    host: str = "127.0.0.1",
    out: TextIO | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Run a sandbox until Ctrl+C or until `stop` is set; 0 on a clean stop, 1 if it cannot bind."""
    # Resolved at call time so a redirected sys.stdout (tests, the CLI) is honoured.
    out = sys.stdout if out is None else out
    sandbox = Sandbox(host=host, port=port, api_key=api_key, keep_requests=KEPT_REQUESTS)
    try:
        sandbox.start()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(f"omidesk sandbox: cannot listen on {host}:{port}: {reason}", file=sys.stderr)
        return 1
    event = stop if stop is not None else threading.Event()
    try:
        out.write(_banner(sandbox))
        out.flush()
        while not event.wait(_WAKE_S):
            pass
    except KeyboardInterrupt:
        out.write("\nSandbox stopped.\n")
        out.flush()
    finally:
        sandbox.stop()
    return 0
