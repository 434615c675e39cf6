"""The sandbox's click2call API: click2call with its scenario numbers, the extension's
hotlines and the company's details (OMICALL_API.md)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from omidesk.sandbox.envelope import envelope, fail
from omidesk.sandbox.exchange import RecordedRequest, Reply
from omidesk.sandbox.host import Host
from omidesk.sandbox.scenarios import Scenario, scenario_for

CLICK2CALL = "/api/click2call"
HOTLINES = "/api/call_center/hotline/list"
TENANT = "/api/tenant/detail"
_FIELDS = ("extension", "hotline", "phone_number")
TENANT_NAME = "Công ty Demo OmiDesk"
# A fixed date (2030-01-01 UTC) keeps tenant/detail answers byte-for-byte reproducible.
_HOTLINE_EXPIRE_MS = 1_893_456_000_000
_HTML_500 = (
    b"<html><head><title>500 Internal Server Error</title></head><body><center>"
    b"<h1>500 Internal Server Error</h1></center><hr><center>nginx</center></body></html>"
)
# What a proxy cutting the answer short would leave: valid start, no end.
_TRUNCATED_JSON = b'{"status_code": 9999, "instance_id": "sandbox", "payload": {"call_uuid": "'


def hotline_key(hotline: str) -> str:
    """OMICall shows hotlines both as 842877788056 and 02877788056: one form for both."""
    return "0" + hotline[2:] if hotline.startswith("84") else hotline


# Told of every call the sandbox accepted: its call_uuid and the request's fields
# (extension, hotline, phone_number). The history API writes the call's record from it.
Placed = Callable[[str, dict[str, str]], None]


class Click2Call:
    """Routes and state of click2call, hotlines and tenant detail on a Sandbox."""

    def __init__(self, sandbox: Host, on_placed: Placed | None = None) -> None:
        self._sandbox = sandbox
        self._on_placed = on_placed
        self._hotline_keys = frozenset(hotline_key(h) for h in sandbox.hotlines)
        # token_expired_once: tokens with a serial at or above this were issued after the
        # scenario fired, so they succeed (None: it has not fired yet).
        self._expired_once_serial: int | None = None
        sandbox.route("POST", CLICK2CALL, self._click2call)
        sandbox.route("GET", HOTLINES, self._hotline_list)
        sandbox.route("GET", TENANT, self._tenant_detail)

    def requests(self) -> list[RecordedRequest]:
        """The click2call requests received so far."""
        return [r for r in self._sandbox.requests if r.method == "POST" and r.path == CLICK2CALL]

    def _click2call(self, req: RecordedRequest, token: str | None) -> Reply | None:
        if not req.body:
            return envelope(False, "request_body_required", None)
        data = req.json
        if not isinstance(data, dict) or not all(
            isinstance(data.get(f), str) and data[f] for f in _FIELDS
        ):
            return fail("data_is_required")
        if data["extension"] not in self._sandbox.extensions:
            return fail("extension_invalid")
        if hotline_key(data["hotline"]) not in self._hotline_keys:
            return fail("number_call_out_invalid")
        scenario = scenario_for(data["phone_number"])
        if scenario is None:
            return self._placed(data)
        return self._scenario(scenario, token or "", data)

    def _placed(self, data: dict[str, str]) -> Reply:
        """The call is placed: its call_uuid, told to whoever keeps the history."""
        call_uuid = str(uuid.uuid4())
        if self._on_placed is not None:
            self._on_placed(call_uuid, data)
        return envelope(True, "success", {"call_uuid": call_uuid})

    def _scenario(self, scenario: Scenario, token: str, data: dict[str, str]) -> Reply | None:
        if scenario.error is not None:
            return fail(scenario.error, scenario.message)
        name = scenario.name
        if name == "no_code":
            return envelope(False, None, {"status": "fail"}, has_message=False)
        if name == "slow":
            # Event.wait, not time.sleep: stop() interrupts it and the reply is dropped.
            if self._sandbox.stopping.wait(self._sandbox.slow_seconds):
                return None
            return self._placed(data)
        if name == "dropped":
            return None
        if name == "http_500":
            return Reply(500, _HTML_500, "text/html")
        if name == "invalid_json":
            return Reply(200, _TRUNCATED_JSON)
        if name == "token_expired_once":
            sandbox = self._sandbox
            with sandbox.lock:
                serial = sandbox.token_serial_of(token)
                fired = self._expired_once_serial
                if serial is not None and (fired is None or serial < fired):
                    sandbox.revoke(token)
                    if fired is None:
                        self._expired_once_serial = sandbox.token_serial + 1
                    return fail("token_expired", status=401)
            return self._placed(data)
        if name == "missing_call_uuid":
            return envelope(True, "success", {"status": "ok"})
        raise AssertionError(f"scenario {name} has no behaviour")

    def _hotline_list(self, req: RecordedRequest, _token: str | None) -> Reply:
        extension = req.query.get("extension", "")
        if not extension:
            return fail("data_is_required")
        if extension not in self._sandbox.extensions:
            return fail("extension_invalid")
        return envelope(True, "success", list(self._sandbox.hotlines))

    def _tenant_detail(self, _req: RecordedRequest, _token: str | None) -> Reply:
        numbers = [
            {
                "number": h,
                "provider": "viettel",
                "expire_date": _HOTLINE_EXPIRE_MS,
                "status": "active",
            }
            for h in self._sandbox.hotlines
        ]
        return envelope(True, "success", {"name": TENANT_NAME, "public_numbers": numbers})
