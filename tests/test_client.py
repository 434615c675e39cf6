"""The OMICall client against the sandbox over real HTTP: tokens, replays, and honest failures."""

from __future__ import annotations

import asyncio
import logging
import socket
import time

import httpx
import pytest

from omidesk import __version__
from omidesk.core import logs
from omidesk.omicall.client import OmiCallClient
from omidesk.omicall.errors import OmiCallError
from omidesk.sandbox.server import Sandbox

EXT, HOTLINE = "101", "02877788056"


def run(coro):
    return asyncio.run(coro)


async def _with_client(sandbox: Sandbox, action, *, api_key: str | None = None, timeout_s=2.0):
    async with httpx.AsyncClient() as http:
        client = OmiCallClient(
            http,
            sandbox.base_url,
            sandbox.api_key if api_key is None else api_key,
            timeout_s=timeout_s,
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


def test_expired_token_means_one_sign_in_and_one_replay(sandbox: Sandbox) -> None:
    async def expire_between(client: OmiCallClient) -> str:
        await client.click2call(EXT, HOTLINE, "0901234567")
        sandbox.expire_tokens()
        return await client.click2call(EXT, HOTLINE, "0912345678")

    run(_with_client(sandbox, expire_between))
    paths = [(r.method, r.path) for r in sandbox.requests]
    assert paths == [
        ("GET", "/api/auth"),
        ("POST", "/api/click2call"),
        ("POST", "/api/click2call"),  # refused: token expired, no call placed
        ("GET", "/api/auth"),
        ("POST", "/api/click2call"),  # the single replay
    ]


def test_token_expired_on_first_use_scenario_replays_once(sandbox: Sandbox) -> None:
    call_uuid, _ = run(_with_client(sandbox, lambda c: c.click2call(EXT, HOTLINE, "0900000024")))
    assert call_uuid
    assert len(sandbox.auths()) == 2
    assert len(sandbox.click2calls()) == 2


def test_token_older_than_a_day_is_renewed(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def age(client: OmiCallClient) -> None:
        await client.click2call(EXT, HOTLINE, "0901234567")
        client._token_at -= 24 * 3600  # as if the token was fetched yesterday
        await client.click2call(EXT, HOTLINE, "0912345678")

    run(_with_client(sandbox, age))
    assert len(sandbox.auths()) == 2
    assert len(sandbox.click2calls()) == 2  # renewed before use, nothing refused


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("0900000001", "user_busy"),
        ("0900000002", "do_not_call"),
        ("0900000003", "user_not_registered"),
        ("0900000004", "number_call_out_invalid"),
        ("0900000005", "extension_invalid"),
        ("0900000006", "tenant_invalid"),
        ("0900000007", "data_is_required"),
        ("0900000008", "invalid_phone_number"),
        ("0900000009", "rate_limit_exceeded"),
        ("0900000010", "carrier_unreachable"),
        ("0900000011", "unknown"),
    ],
)
def test_omicall_error_codes_are_rejections(sandbox: Sandbox, number: str, code: str) -> None:
    with pytest.raises(OmiCallError) as raised:
        run(_with_client(sandbox, lambda c: c.click2call(EXT, HOTLINE, number)))
    assert raised.value.code == code
    assert raised.value.consequence == "rejected"
    assert len(sandbox.click2calls()) == 1


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("0900000020", "no_answer"),  # slower than the timeout
        ("0900000021", "no_answer"),  # connection dropped after the request
        ("0900000022", "server_error"),  # HTTP 500, HTML body
        ("0900000023", "bad_answer"),  # not JSON
        ("0900000025", "bad_answer"),  # "success" without a call_uuid
    ],
)
def test_faults_after_sending_are_unknown_and_never_retried(
    sandbox: Sandbox, number: str, code: str
) -> None:
    started = time.monotonic()
    with pytest.raises(OmiCallError) as raised:
        run(_with_client(sandbox, lambda c: c.click2call(EXT, HOTLINE, number), timeout_s=1.0))
    assert raised.value.code == code
    assert raised.value.consequence == "unknown"
    assert time.monotonic() - started < 5
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

    async def busy_day(client: OmiCallClient) -> str:
        await client.click2call(EXT, HOTLINE, "0901234567")
        sandbox.expire_tokens()
        await client.click2call(EXT, HOTLINE, "0912345678")
        with pytest.raises(OmiCallError):
            await client.click2call(EXT, HOTLINE, "0900000022")
        return client._token or ""

    token, _ = run(_with_client(sandbox, busy_day))
    assert token
    assert caplog.records  # the client does log what it does...
    assert sandbox.api_key not in caplog.text  # ...but never the key
    assert token not in caplog.text
    written = log_file.read_text(encoding="utf-8")
    assert "POST /api/click2call" in written
    assert sandbox.api_key not in written
    assert token not in written
    logs.setup(None)


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
