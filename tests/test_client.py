"""The OMICall client against the sandbox over real HTTP: tokens, replays, and honest failures."""

from __future__ import annotations

import asyncio
import logging
import socket
import subprocess
import sys
import time

import httpx
import pytest

from omidesk import __version__, services
from omidesk.domain.catalogue import explain
from omidesk.domain.settings import Settings
from omidesk.infra import logs
from omidesk.omicall.client import MAX_ANSWER_BYTES, OmiCallClient
from omidesk.omicall.errors import OmiCallError
from omidesk.sandbox.scenarios import SCENARIOS
from omidesk.sandbox.server import Sandbox
from tests.conftest import ROOT, scenarios
from tests.hostile_server import (
    AUTH,
    CLICK2CALL,
    HOTLINES,
    Answer,
    HostileServer,
    envelope,
    nested_json,
    token_answer,
)

# The client against the sandbox and hostile servers, over real HTTP.
pytestmark = pytest.mark.integration

EXT, HOTLINE = "101", "02877788056"


def run(coro):
    return asyncio.run(coro)


async def _with_client(
    sandbox: Sandbox, action, *, api_key: str | None = None, timeout_s=2.0, clock=time.monotonic
):
    async with httpx.AsyncClient() as http:
        client = OmiCallClient(
            http,
            sandbox.base_url,
            sandbox.api_key if api_key is None else api_key,
            timeout_s=timeout_s,
            clock=clock,
        )
        return await action(client), client


def test_click2call_returns_call_uuid_and_sends_the_documented_request(sandbox: Sandbox) -> None:
    call_uuid, _ = run(_with_client(sandbox, lambda c: c.click2call(EXT, HOTLINE, "0901234567")))
    assert len(call_uuid) == 36
    (post,) = sandbox.click2calls()
    assert post.json == {"extension": EXT, "hotline": HOTLINE, "phone_number": "0901234567"}
    assert post.headers["authorization"].startswith("Bearer ")
    assert post.headers["user-agent"] == f"omidesk/{__version__}"
    (auth,) = sandbox.auths()
    assert auth.query == {"apiKey": sandbox.api_key}


def test_token_is_reused_across_calls(sandbox: Sandbox) -> None:
    async def three(client: OmiCallClient) -> None:
        for number in ("0901234567", "0912345678", "0987654321"):
            await client.click2call(EXT, HOTLINE, number)

    _, client = run(_with_client(sandbox, three))
    assert len(sandbox.auths()) == 1
    assert len(sandbox.click2calls()) == 3
    assert client.auth_count == 1


def test_concurrent_requests_share_one_sign_in(sandbox: Sandbox) -> None:
    async def together(client: OmiCallClient) -> list[str]:
        return await asyncio.gather(
            *(client.click2call(EXT, HOTLINE, f"090123456{i}") for i in range(4))
        )

    uuids, _ = run(_with_client(sandbox, together))
    assert len(set(uuids)) == 4
    assert len(sandbox.auths()) == 1


def test_a_refused_token_is_forgotten_and_the_click2call_not_sent_again(sandbox: Sandbox) -> None:
    """Click2call is not idempotent: the one replay after a refused token is the dialer's
    to decide (tests/test_dialer.py, tests/test_dial_rules.py), never the client's."""

    async def expire_between(client: OmiCallClient) -> str:
        await client.click2call(EXT, HOTLINE, "0901234567")
        sandbox.expire_tokens()
        with pytest.raises(OmiCallError) as refused:
            await client.click2call(EXT, HOTLINE, "0912345678")
        assert (refused.value.code, refused.value.auth_rejected) == ("token_expired", True)
        return await client.click2call(EXT, HOTLINE, "0912345678")

    run(_with_client(sandbox, expire_between))
    paths = [(r.method, r.path) for r in sandbox.requests]
    assert paths == [
        ("GET", "/api/auth"),
        ("POST", "/api/click2call"),
        ("POST", "/api/click2call"),  # refused: token expired, no call placed; not resent
        ("GET", "/api/auth"),  # the next request signs in again
        ("POST", "/api/click2call"),
    ]


def test_a_read_is_asked_once_more_after_a_refused_token(sandbox: Sandbox) -> None:
    async def expire_between(client: OmiCallClient) -> list[str]:
        await client.hotlines(EXT)
        sandbox.expire_tokens()
        return await client.hotlines(EXT)

    hotlines, _ = run(_with_client(sandbox, expire_between))
    assert hotlines == list(sandbox.hotlines)
    assert len(sandbox.auths()) == 2


def test_a_refused_sign_in_is_no_refused_token(sandbox: Sandbox) -> None:
    """Signing in again would be refused as well: nothing may be sent once more for it."""
    with pytest.raises(OmiCallError) as raised:
        run(_with_client(sandbox, lambda c: c.auth(), api_key="nope"))
    assert (raised.value.code, raised.value.auth_rejected) == ("api_key_invalid", False)


def test_token_older_than_a_day_is_renewed(sandbox: Sandbox) -> None:
    hours = [0.0]  # the client's clock, moved by the test

    async def age(client: OmiCallClient) -> None:
        await client.click2call(EXT, HOTLINE, "0901234567")
        hours[0] = 23.0  # OMICall's token lives 24 h: still used
        await client.click2call(EXT, HOTLINE, "0912345678")
        assert len(sandbox.auths()) == 1
        hours[0] = 24.0  # as if the token was fetched yesterday
        await client.click2call(EXT, HOTLINE, "0923456789")

    run(_with_client(sandbox, age, clock=lambda: hours[0] * 3600))
    assert len(sandbox.auths()) == 2
    assert len(sandbox.click2calls()) == 3  # renewed before use, nothing refused


# Each failure answer carries its code; the one without a code reads as "unknown".
REJECTIONS = {s.name: (s.error,) for s in SCENARIOS if s.error is not None} | {
    "no_code": ("unknown",)
}


@pytest.mark.parametrize(("number", "code"), scenarios(REJECTIONS))
def test_omicall_error_codes_are_rejections(sandbox: Sandbox, number: str, code: str) -> None:
    with pytest.raises(OmiCallError) as raised:
        run(_with_client(sandbox, lambda c: c.click2call(EXT, HOTLINE, number)))
    assert raised.value.code == code
    assert raised.value.consequence == "rejected"
    assert len(sandbox.click2calls()) == 1


@pytest.mark.parametrize(
    ("number", "named"), [("0900000003", "Your extension 101"), ("0900000004", HOTLINE)]
)
def test_a_refused_call_carries_the_extension_and_hotline_it_was_for(
    sandbox: Sandbox, number: str, named: str
) -> None:
    """The catalogue names them ("Your extension 101 is not signed in"): the error carries
    them, so that no one who words it has to add them back."""
    with pytest.raises(OmiCallError) as raised:
        run(_with_client(sandbox, lambda c: c.click2call(EXT, HOTLINE, number)))
    assert (raised.value.params["extension"], raised.value.params["hotline"]) == (EXT, HOTLINE)
    assert named in explain(raised.value, "en").message
    assert named.rsplit(maxsplit=1)[-1] in explain(raised.value, "vi").message


def test_a_refused_hotline_list_names_the_extension_asked_about(sandbox: Sandbox) -> None:
    with pytest.raises(OmiCallError) as raised:
        run(_with_client(sandbox, lambda c: c.hotlines("999")))
    assert raised.value.code == "extension_invalid"
    assert explain(raised.value, "en").message == "Extension 999 does not exist or is disabled."


@pytest.mark.parametrize(
    ("number", "code"),
    scenarios(
        {
            "slow": ("no_answer",),  # slower than the timeout
            "dropped": ("no_answer",),  # connection dropped after the request
            "http_500": ("server_error",),  # HTTP 500, HTML body
            "invalid_json": ("bad_answer",),  # not JSON
            "missing_call_uuid": ("bad_answer",),  # "success" without a call_uuid
        }
    ),
)
def test_faults_after_sending_are_unknown_and_never_retried(
    sandbox: Sandbox, number: str, code: str
) -> None:
    # The sandbox answers the slow number after 30 s: had the client waited past its
    # timeout (1 s) for it, the call would have been accepted.
    with pytest.raises(OmiCallError) as raised:
        run(_with_client(sandbox, lambda c: c.click2call(EXT, HOTLINE, number), timeout_s=1.0))
    assert raised.value.code == code
    assert raised.value.consequence == "unknown"
    assert len(sandbox.click2calls()) == 1  # exactly one POST: a call may have been placed


def test_wrong_api_key_is_rejected_at_sign_in(sandbox: Sandbox) -> None:
    with pytest.raises(OmiCallError) as raised:
        run(
            _with_client(
                sandbox, lambda c: c.click2call(EXT, HOTLINE, "0901234567"), api_key="nope"
            )
        )
    assert raised.value.code == "api_key_invalid"
    assert raised.value.consequence == "rejected"
    assert sandbox.click2calls() == []


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_nothing_listening_is_a_failure_tried_twice() -> None:
    async def go() -> None:
        async with httpx.AsyncClient() as http:
            client = OmiCallClient(http, f"http://127.0.0.1:{_closed_port()}", "key", timeout_s=2)
            await client.click2call(EXT, HOTLINE, "0901234567")

    with pytest.raises(OmiCallError) as raised:
        run(go())
    assert raised.value.code == "cannot_connect"
    assert raised.value.consequence == "failed"
    assert raised.value.params["reason"] == "refused"


def test_exhausted_deadline_fails_before_sending(sandbox: Sandbox) -> None:
    with pytest.raises(OmiCallError) as raised:
        run(
            _with_client(
                sandbox,
                lambda c: c.click2call(EXT, HOTLINE, "0901234567", deadline=time.monotonic() - 1),
            )
        )
    assert raised.value.code == "timeout_before_sending"
    assert raised.value.consequence == "failed"
    assert sandbox.requests == []


def test_hotlines_of_an_extension(sandbox: Sandbox) -> None:
    hotlines, _ = run(_with_client(sandbox, lambda c: c.hotlines(EXT)))
    assert hotlines == list(sandbox.hotlines)
    with pytest.raises(OmiCallError) as raised:
        run(_with_client(sandbox, lambda c: c.hotlines("999")))
    assert raised.value.code == "extension_invalid"


def test_neither_key_nor_token_is_logged(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture, tmp_path
) -> None:
    # As the app runs: its logging set up in debug mode, writing the log file.
    log_file = tmp_path / "omidesk.log"
    logs.setup(log_file, debug=True)
    caplog.set_level(logging.DEBUG)

    async def busy_day(client: OmiCallClient) -> None:
        await client.click2call(EXT, HOTLINE, "0901234567")
        sandbox.expire_tokens()
        with pytest.raises(OmiCallError):  # the token refused: forgotten
            await client.click2call(EXT, HOTLINE, "0912345678")
        await client.click2call(EXT, HOTLINE, "0912345678")  # signed in again
        with pytest.raises(OmiCallError):
            await client.click2call(EXT, HOTLINE, "0900000022")

    async def as_the_app_builds_it() -> None:
        settings = Settings(base_url=sandbox.base_url, timeout_s=2.0)
        async with services.omicall(settings, sandbox.api_key) as client:
            await busy_day(client)

    run(as_the_app_builds_it())
    # The token as it went over the wire, in the last request.
    token = sandbox.click2calls()[-1].headers["authorization"].removeprefix("Bearer ")
    assert token
    assert caplog.records  # the client does log what it does...
    assert sandbox.api_key not in caplog.text  # ...but never the key
    assert token not in caplog.text
    written = log_file.read_text(encoding="utf-8")
    assert "POST /api/click2call" in written
    assert sandbox.api_key not in written
    assert token not in written
    logs.setup(None)


def test_the_client_tells_whoever_built_it_every_key_and_token_it_holds(
    sandbox: Sandbox,
) -> None:
    told: list[str] = []

    async def go() -> None:
        async with httpx.AsyncClient() as http:
            client = OmiCallClient(http, sandbox.base_url, sandbox.api_key, secrets=told.append)
            assert told == [sandbox.api_key]  # before anything is sent
            await client.click2call(EXT, HOTLINE, "0901234567")
            client.configure(sandbox.base_url, "the-next-key")

    run(go())
    # The token as it went over the wire.
    token = sandbox.click2calls()[-1].headers["authorization"].removeprefix("Bearer ")
    assert token
    assert told == [sandbox.api_key, token, "the-next-key"]


def test_the_client_logs_through_logging_only() -> None:
    """It knows no module of ours above it: the log's scrubber is wired by services.py."""
    probe = (
        "import sys\n"
        "import omidesk.omicall.client\n"
        "print(sorted(m for m in sys.modules if m.startswith(('omidesk.infra', 'omidesk.ui'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


# --- envelope parsing, one branch each (MockTransport is enough for a parser) ----------


def _answer(status: int, body: bytes, content_type: str = "application/json") -> OmiCallError | str:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth":
            token = {"status_code": 9999, "payload": {"access_token": "t0k3n-abcdef"}}
            return httpx.Response(200, json=token)
        return httpx.Response(status, content=body, headers={"Content-Type": content_type})

    async def go() -> str:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            client = OmiCallClient(http, "https://omicall.test", "key-1234567890")
            return await client.click2call(EXT, HOTLINE, "0901234567")

    try:
        return run(go())
    except OmiCallError as error:
        return error


@pytest.mark.parametrize(
    ("status", "body", "code", "consequence"),
    [
        (200, b'{"status_code": 9999, "payload": {"call_uuid": "u-1"}}', None, None),
        (
            200,
            b'{"status_code": -9999, "message": "api_key_invalid", "payload": null}',
            "api_key_invalid",
            "rejected",
        ),
        (
            200,
            b'{"status_code": -9999, "payload": {"error": "user_busy", "message": "User busy"}}',
            "user_busy",
            "rejected",
        ),
        (
            200,
            b'{"status_code": -9999, "message": "Something odd happened"}',
            "unknown",
            "rejected",
        ),
        (200, b"<html>login page</html>", "bad_answer", "unknown"),
        (200, b'["not", "an", "envelope"]', "bad_answer", "unknown"),
        (404, b"<html>Not Found</html>", "http_error", "rejected"),
        (502, b"<html>Bad gateway</html>", "server_error", "unknown"),
        (503, b'{"status_code": -9999, "message": "maintenance"}', "server_error", "unknown"),
    ],
)
def test_envelope_branches(
    status: int, body: bytes, code: str | None, consequence: str | None
) -> None:
    result = _answer(status, body)
    if code is None:
        assert result == "u-1"
    else:
        assert isinstance(result, OmiCallError)
        assert (result.code, result.consequence, result.http_status) == (code, consequence, status)


def test_unknown_code_keeps_omicall_message() -> None:
    result = _answer(200, b'{"status_code": -9999, "message": "Something odd happened"}')
    assert isinstance(result, OmiCallError)
    assert result.server_message == "Something odd happened"


# --- a hostile server: answers that must not hurt us (tests/hostile_server.py) -------------


def _hostile(server: HostileServer, action, *, timeout_s: float = 5.0):
    """Runs `action(client)` against the hostile server; the result or the OmiCallError."""

    async def go():
        async with httpx.AsyncClient() as http:
            client = OmiCallClient(http, server.base_url, "key-1234567890", timeout_s=timeout_s)
            return await action(client)

    try:
        return run(go())
    except OmiCallError as error:
        return error


def _call(client: OmiCallClient):
    return client.click2call(EXT, HOTLINE, "0901234567")


def test_endless_answer_to_click2call_is_cut_at_the_cap_and_unknown() -> None:
    with HostileServer({CLICK2CALL: Answer(endless=True)}) as server:
        error = _hostile(server, _call)
        cut = server.finished(CLICK2CALL)
    assert isinstance(error, OmiCallError)
    assert (error.code, error.consequence) == ("answer_too_large", "unknown")
    # The client hung up soon after the cap: the server did not get to send its 64 MiB
    # (what it managed is the cap plus what the sockets' buffers held).
    assert cut.closed_by_client
    assert cut.sent < MAX_ANSWER_BYTES + 4 * 1024 * 1024, cut.sent


def test_huge_declared_length_is_refused_before_reading_the_body() -> None:
    answer = Answer(declared_length=10 * 1024**3)
    with HostileServer({CLICK2CALL: answer}) as server:
        error = _hostile(server, _call)
        cut = server.finished(CLICK2CALL)
    assert isinstance(error, OmiCallError)
    assert (error.code, error.consequence) == ("answer_too_large", "unknown")
    assert cut.closed_by_client
    assert cut.sent < MAX_ANSWER_BYTES


def test_endless_answers_to_sign_in_and_reads_are_failures() -> None:
    with HostileServer({AUTH: Answer(endless=True)}) as server:
        error = _hostile(server, _call)
        assert server.finished(AUTH).closed_by_client
        assert server.on(CLICK2CALL) == []  # nothing was sent: no call
    assert isinstance(error, OmiCallError)
    assert (error.code, error.consequence) == ("bad_auth_answer", "failed")
    with HostileServer({HOTLINES: Answer(endless=True)}) as server:
        error = _hostile(server, lambda c: c.hotlines(EXT))
        assert server.finished(HOTLINES).closed_by_client
    assert isinstance(error, OmiCallError)
    assert error.consequence == "failed"


def test_json_nested_100000_deep_after_sending_is_unknown() -> None:
    with HostileServer({CLICK2CALL: Answer(nested_json())}) as server:
        error = _hostile(server, _call)
        assert len(server.on(CLICK2CALL)) == 1
    assert isinstance(error, OmiCallError)
    assert (error.code, error.consequence) == ("bad_answer", "unknown")


@pytest.mark.parametrize("status_code", ["9999", 9999.0, True, None, "-9999", -9999.5, 0, [9999]])
def test_status_code_of_the_wrong_type_is_unknown_not_refused(status_code: object) -> None:
    body = envelope({"call_uuid": "abc-1"}, status_code=status_code, message="user_busy")
    with HostileServer({CLICK2CALL: Answer(body)}) as server:
        error = _hostile(server, _call)
    assert isinstance(error, OmiCallError)
    assert (error.code, error.consequence) == ("bad_answer", "unknown")


def test_only_the_integer_9999_is_success_and_minus_9999_a_refusal() -> None:
    with HostileServer() as server:
        assert _hostile(server, _call) == "b4dae7fe-9d09-4491-918f-2b391fd5feef"
    refusal = envelope({"error": "user_busy", "message": "User busy"}, status_code=-9999)
    with HostileServer({CLICK2CALL: Answer(refusal)}) as server:
        error = _hostile(server, _call)
    assert isinstance(error, OmiCallError)
    assert (error.code, error.consequence) == ("user_busy", "rejected")


@pytest.mark.parametrize(
    "call_uuid",
    ["u" * 1_000_000, "\u001b[31mabc\r", "", " ", "a b", "abc\n", "ab/c", "é", 12345, {"a": 1}],
)
def test_a_call_uuid_that_is_not_a_call_id_is_unknown(call_uuid: object) -> None:
    with HostileServer({CLICK2CALL: Answer(envelope({"call_uuid": call_uuid}))}) as server:
        error = _hostile(server, _call)
    assert isinstance(error, OmiCallError)
    assert error.consequence == "unknown"
    assert error.code in ("bad_call_uuid", "bad_answer")
    assert error.code == (
        "bad_call_uuid" if isinstance(call_uuid, str) and call_uuid else "bad_answer"
    )


@pytest.mark.parametrize("call_uuid", ["b4dae7fe-9d09-4491-918f-2b391fd5feef", "a", "x.y:z_9-" * 8])
def test_call_ids_of_any_plausible_form_are_accepted(call_uuid: str) -> None:
    with HostileServer({CLICK2CALL: Answer(envelope({"call_uuid": call_uuid}))}) as server:
        assert _hostile(server, _call) == call_uuid


ANSI = "\u001b[31mUser\u0007 busy\r\u001b[2K\u202eevil\u2066\u0085\u009b\u007f\ud800"


def test_server_text_loses_control_characters_and_is_bounded() -> None:
    payload = {"error": "user_busy\u001b[0m\r", "message": ANSI + " " + "x" * 5000}
    refusal = envelope(payload, status_code=-9999, message="user_busy")
    with HostileServer({CLICK2CALL: Answer(refusal)}) as server:
        error = _hostile(server, _call)
    assert isinstance(error, OmiCallError)
    assert error.consequence == "rejected"
    shown = (error.code or "") + (error.server_message or "")
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in shown), repr(shown)
    assert not any(0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in shown)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in shown)
    assert error.code == "user_busy[0m"  # an undocumented code: shown as OMICall's, cleaned
    assert error.server_message is not None
    assert error.server_message.startswith("[31mUser busy [2Kevil")
    assert len(error.server_message) <= 500


def test_message_only_refusal_is_cleaned_too() -> None:
    refusal = envelope(None, status_code=-9999, message="Bad\r\n\u001b[1mthing")
    with HostileServer({CLICK2CALL: Answer(refusal)}) as server:
        error = _hostile(server, _call)
    assert isinstance(error, OmiCallError)
    assert (error.code, error.server_message) == ("unknown", "Bad [1mthing")


def test_hotline_names_from_the_server_are_cleaned() -> None:
    hotlines = envelope(["02877788056\u001b[0m", "\r\n", 842873008888, "x" * 1000])
    with HostileServer({HOTLINES: Answer(hotlines)}) as server:
        got = _hostile(server, lambda c: c.hotlines(EXT))
    assert got[:2] == ["02877788056[0m", "842873008888"]
    assert all(len(item) <= 64 for item in got)


@pytest.mark.parametrize(
    "token", ["tok\r\nX-Injected: 1", "tok\u001bx", "tokén", "t" * (100 * 1024), "to ken"]
)
def test_a_token_unfit_for_a_header_fails_sign_in_and_sends_nothing(token: str) -> None:
    with HostileServer({AUTH: token_answer(token)}) as server:
        error = _hostile(server, _call)
        assert server.on(CLICK2CALL) == []
    assert isinstance(error, OmiCallError)
    assert (error.code, error.consequence) == ("bad_auth_answer", "failed")


def test_a_long_but_plausible_token_is_used() -> None:
    token = "eyJ" + "a" * 4000 + ".b-c_d+e/f="
    with HostileServer({AUTH: token_answer(token)}) as server:
        assert _hostile(server, _call) == "b4dae7fe-9d09-4491-918f-2b391fd5feef"
        (post,) = server.on(CLICK2CALL)
    assert post.headers["authorization"] == f"Bearer {token}"


# --- other APIs on the same account: the public authorised request (issue 18) -------------


def test_sign_in_keeps_the_tokens_access_type(sandbox: Sandbox) -> None:
    _token, client = run(_with_client(sandbox, lambda c: c.auth()))
    assert client.access_type == "normal"


def test_an_authorised_read_returns_the_payload_and_signs_in_once(sandbox: Sandbox) -> None:
    async def twice(client: OmiCallClient):
        first = await client.authorised(
            "GET", "/api/call_center/hotline/list", params={"extension": EXT}
        )
        second = await client.authorised(
            "GET", "/api/call_center/hotline/list", params={"extension": EXT}
        )
        return first, second

    (first, second), _ = run(_with_client(sandbox, twice))
    assert first == second == list(sandbox.hotlines)
    assert len(sandbox.auths()) == 1


def test_a_lost_answer_to_a_write_is_unknown_and_to_a_read_a_failure() -> None:
    path = "/api/partner/tenant/update_balance"
    with HostileServer({path: Answer(envelope({}), delay_s=30)}) as server:
        write = _hostile(
            server,
            lambda c: c.authorised("POST", path, json={"amount": 1}, idempotent=False),
            timeout_s=0.5,
        )
        read = _hostile(server, lambda c: c.authorised("POST", path, json={}), timeout_s=0.5)
        sent = server.on(path)
    assert isinstance(write, OmiCallError)
    assert (write.code, write.consequence) == ("no_answer", "unknown")
    assert isinstance(read, OmiCallError)
    assert read.consequence == "failed"
    assert len(sent) == 2  # one each: nothing was sent again


def test_a_dotted_code_in_the_message_alone_is_read_as_the_code() -> None:
    # The partner API's codes carry dots (amount_gte_10.000_vnd), and OMICall may send a
    # code in `message` with no payload at all.
    body = b'{"status_code": -9999, "message": "amount_gte_10.000_vnd", "payload": null}'
    result = _answer(200, body)
    assert isinstance(result, OmiCallError)
    assert (result.code, result.consequence) == ("amount_gte_10.000_vnd", "rejected")
