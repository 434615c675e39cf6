"""Tests for the OMICall sandbox server, over real HTTP on loopback."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from omidesk.sandbox.scenarios import (
    SCENARIOS,
    national_digits,
    scenario_for,
    scenario_help,
)
from omidesk.sandbox.serve import serve
from omidesk.sandbox.server import DEFAULT_API_KEY, Sandbox
from tests.conftest import ROOT

# The sandbox is a real HTTP server on 127.0.0.1.
pytestmark = pytest.mark.integration

EXT = "101"
HOTLINE = "02877788056"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(slow_seconds=0.3) as box:
        yield box


def make_client(box: Sandbox, timeout: float = 5.0) -> httpx.Client:
    # Plain HTTP: verify=False skips loading the CA bundle, ~50 ms per client.
    return httpx.Client(base_url=box.base_url, timeout=timeout, verify=False)


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with make_client(sandbox) as c:
        yield c


def auth(client: httpx.Client, key: str = DEFAULT_API_KEY) -> str:
    answer = client.get("/api/auth", params={"apiKey": key}).json()
    assert answer["status_code"] == 9999, answer
    return answer["payload"]["access_token"]


def call(client: httpx.Client, token: str, number: str, **fields: str) -> httpx.Response:
    body = {"extension": EXT, "hotline": HOTLINE, "phone_number": number, **fields}
    return client.post("/api/click2call", json=body, headers={"Authorization": f"Bearer {token}"})


def assert_fail(response: httpx.Response, code: str, message: str, http: int = 200) -> None:
    assert response.status_code == http
    env = response.json()
    assert env["status_code"] == -9999
    assert env["payload"] == {"status": "fail", "error": code, "message": message}


# ----- scenarios.py ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0900000001", "0900000001"),
        ("090 000 0001", "0900000001"),
        ("+84 900 000 001", "0900000001"),
        ("+84900000001", "0900000001"),
        ("84900000001", "0900000001"),
        ("0084900000001", "0900000001"),
        ("842877788056", "02877788056"),
        ("1900 1234", "19001234"),
        ("+1 650 253 0000", "16502530000"),
    ],
)
def test_national_digits(raw: str, expected: str) -> None:
    assert national_digits(raw) == expected


def test_scenario_table_is_consistent() -> None:
    numbers = [s.number for s in SCENARIOS]
    assert len(set(numbers)) == len(numbers) == 17
    assert len({s.name for s in SCENARIOS}) == 17
    assert scenario_for("+84900000020").name == "slow"
    assert scenario_for("0900000099") is None
    help_text = scenario_help()
    assert "0900 000 001" in help_text and "token_expired_once" in help_text


def test_the_readme_lists_every_scenario_number() -> None:
    """The README's table is the one typed-out copy of SCENARIOS: it must not fall behind."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    grouped = [f"{s.number[:4]} {s.number[4:7]} {s.number[7:]}" for s in SCENARIOS]
    assert [number for number in grouped if f"| {number} |" not in readme] == []


# ----- auth --------------------------------------------------------------------------------


def test_auth_ok_gives_distinct_jwt_like_tokens(client: httpx.Client) -> None:
    env = client.get("/api/auth", params={"apiKey": DEFAULT_API_KEY}).json()
    assert env["status_code"] == 9999
    assert env["instance_id"] == "sandbox" and env["key_enabled"] is False
    payload = env["payload"]
    assert payload["token_type"] == "Bearer" and payload["access_type"] == "normal"
    assert payload["access_token"].startswith("eyJ")
    assert payload["access_token"].count(".") == 2
    assert auth(client) != payload["access_token"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "api_key_is_required"),
        ({"apiKey": ""}, "api_key_is_required"),
        ({"apiKey": "x"}, "api_key_invalid"),
    ],
)
def test_auth_failures(client: httpx.Client, params: dict[str, str], message: str) -> None:
    response = client.get("/api/auth", params=params)
    assert response.status_code == 200
    env = response.json()
    assert (env["status_code"], env["message"], env["payload"]) == (-9999, message, None)


def test_bearer_missing_and_unknown(client: httpx.Client) -> None:
    response = client.post("/api/click2call", json={})
    assert response.status_code == 401
    assert response.json()["message"] == "unauthorized"
    response = call(client, "eyJnot.a.token", "0901234567")
    assert_fail(response, "token_expired", "Token expired", http=401)
    assert response.json()["message"] == "token_expired"


def test_token_lifetime() -> None:
    hours = [0.0]  # the sandbox's clock, moved by the test
    with Sandbox(clock=lambda: hours[0] * 3600) as box, make_client(box) as c:
        token = auth(c)
        assert call(c, token, "0901234567").status_code == 200
        hours[0] = 23.9  # OMICall's tokens live 24 h
        assert call(c, token, "0901234567").status_code == 200
        hours[0] = 24.0
        assert_fail(call(c, token, "0901234567"), "token_expired", "Token expired", http=401)


def test_a_sandbox_that_runs_all_day_keeps_only_its_last_requests() -> None:
    # The demo's sandbox answers every call of a day: what it keeps does not grow with them.
    with Sandbox(keep_requests=3) as box, make_client(box) as c:
        token = auth(c)
        for number in ("0901234567", "0912345678", "0987654321", "0935678901"):
            assert call(c, token, number).status_code == 200
        assert [r.json["phone_number"] for r in box.requests] == [
            "0912345678",
            "0987654321",
            "0935678901",
        ]


def test_expire_tokens(client: httpx.Client, sandbox: Sandbox) -> None:
    old = auth(client)
    sandbox.expire_tokens()
    assert call(client, old, "0901234567").status_code == 401
    assert call(client, auth(client), "0901234567").status_code == 200


# ----- click2call --------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["0901234567", "+84901234567", "84901234567"])
def test_click2call_success(client: httpx.Client, number: str) -> None:
    response = call(client, auth(client), number)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    env = response.json()
    assert env["status_code"] == 9999
    uuid.UUID(env["payload"]["call_uuid"])


def test_click2call_no_body(client: httpx.Client) -> None:
    headers = {"Authorization": f"Bearer {auth(client)}"}
    env = client.post("/api/click2call", headers=headers).json()
    assert (env["status_code"], env["message"], env["payload"]) == (
        -9999,
        "request_body_required",
        None,
    )


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[1, 2]",
        b'{"extension": "101", "hotline": "02877788056"}',
        b'{"extension": "", "hotline": "02877788056", "phone_number": "0901234567"}',
        b'{"extension": 101, "hotline": "02877788056", "phone_number": "0901234567"}',
    ],
)
def test_click2call_bad_body(client: httpx.Client, content: bytes) -> None:
    headers = {"Authorization": f"Bearer {auth(client)}", "Content-Type": "application/json"}
    response = client.post("/api/click2call", content=content, headers=headers)
    assert_fail(response, "data_is_required", "Please check your input param")


def test_click2call_unknown_extension_and_hotline(client: httpx.Client) -> None:
    token = auth(client)
    response = call(client, token, "0901234567", extension="999")
    assert_fail(response, "extension_invalid", "Extension not found or disabled")
    response = call(client, token, "0901234567", hotline="02800000000")
    assert_fail(response, "number_call_out_invalid", "Your hotline invalid")
    # OMICall writes hotlines both ways: 84... must match the configured 0... form.
    assert call(client, token, "0901234567", hotline="842877788056").status_code == 200


FAILURES = [s for s in SCENARIOS if s.error is not None]


@pytest.mark.parametrize("scenario", FAILURES, ids=[s.name for s in FAILURES])
@pytest.mark.parametrize("form", ["national", "e164", "digits"])
def test_failure_scenarios(client: httpx.Client, scenario, form: str) -> None:
    number = {
        "national": scenario.number,
        "e164": "+84" + scenario.number[1:],
        "digits": "84" + scenario.number[1:],
    }[form]
    response = call(client, auth(client), number)
    assert_fail(response, scenario.error, scenario.message)
    assert response.json()["message"] == scenario.error


def test_known_codes_use_omicall_messages(client: httpx.Client) -> None:
    token = auth(client)
    assert_fail(call(client, token, "0900000001"), "user_busy", "User busy")
    assert_fail(
        call(client, token, "0900000010"), "carrier_unreachable", "Carrier network unreachable"
    )


def test_no_code(client: httpx.Client) -> None:
    env = call(client, auth(client), "0900000011").json()
    assert env["status_code"] == -9999
    assert env["payload"] == {"status": "fail"}
    assert "message" not in env


def test_slow(client: httpx.Client) -> None:
    token = auth(client)
    started = time.perf_counter()
    response = call(client, token, "0900000020")
    assert time.perf_counter() - started >= 0.3
    uuid.UUID(response.json()["payload"]["call_uuid"])


def test_dropped(client: httpx.Client, sandbox: Sandbox) -> None:
    token = auth(client)
    with pytest.raises(httpx.RemoteProtocolError):
        call(client, token, "0900000021")
    assert sandbox.click2calls()[-1].json["phone_number"] == "0900000021"
    # The sandbox keeps serving after a fault.
    assert call(client, token, "0901234567").status_code == 200


def test_http_500_html(client: httpx.Client) -> None:
    response = call(client, auth(client), "0900000022")
    assert response.status_code == 500
    assert response.headers["content-type"] == "text/html"
    assert "<h1>500 Internal Server Error</h1>" in response.text


def test_invalid_json(client: httpx.Client) -> None:
    response = call(client, auth(client), "0900000023")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_token_expired_once(client: httpx.Client, sandbox: Sandbox) -> None:
    first = auth(client)
    assert_fail(call(client, first, "0900000024"), "token_expired", "Token expired", http=401)
    # The token was revoked, for every endpoint.
    assert call(client, first, "0901234567").status_code == 401
    second = auth(client)
    assert call(client, second, "0900000024").json()["status_code"] == 9999
    assert call(client, second, "0900000024").json()["status_code"] == 9999
    assert len(sandbox.auths()) == 2


def test_missing_call_uuid(client: httpx.Client) -> None:
    env = call(client, auth(client), "0900000025").json()
    assert env["status_code"] == 9999
    assert "call_uuid" not in env["payload"]


# ----- other endpoints ---------------------------------------------------------------------


def test_hotline_list(client: httpx.Client) -> None:
    headers = {"Authorization": f"Bearer {auth(client)}"}
    path = "/api/call_center/hotline/list"
    env = client.get(path, params={"extension": "102"}, headers=headers).json()
    assert (env["status_code"], env["payload"]) == (9999, ["02877788056", "02873008888"])
    response = client.get(path, params={"extension": "999"}, headers=headers)
    assert_fail(response, "extension_invalid", "Extension not found or disabled")
    response = client.get(path, headers=headers)
    assert_fail(response, "data_is_required", "Please check your input param")


def test_tenant_detail(client: httpx.Client) -> None:
    headers = {"Authorization": f"Bearer {auth(client)}"}
    env = client.get("/api/tenant/detail", headers=headers).json()
    assert env["status_code"] == 9999
    assert env["payload"]["name"] == "Công ty Demo OmiDesk"
    numbers = env["payload"]["public_numbers"]
    assert [n["number"] for n in numbers] == ["02877788056", "02873008888"]
    assert all(n["status"] == "active" and isinstance(n["expire_date"], int) for n in numbers)


def test_not_found_and_wrong_method(client: httpx.Client) -> None:
    response = client.get("/api/nope")
    assert response.status_code == 404
    assert response.json()["message"] == "not_found"
    response = client.get("/api/click2call")
    assert response.status_code == 405
    assert response.json()["status_code"] == -9999


# ----- recording, connections, lifecycle ---------------------------------------------------


def test_every_request_is_recorded(client: httpx.Client, sandbox: Sandbox) -> None:
    token = auth(client)
    client.post("/api/click2call", content=b"garbage")  # 401: no bearer
    call(client, token, "0900000022")  # HTTP 500 fault
    with pytest.raises(httpx.RemoteProtocolError):
        call(client, token, "0900000021")  # dropped
    client.get("/missing")
    seen = sandbox.requests
    assert [(r.method, r.path) for r in seen] == [
        ("GET", "/api/auth"),
        ("POST", "/api/click2call"),
        ("POST", "/api/click2call"),
        ("POST", "/api/click2call"),
        ("GET", "/missing"),
    ]
    assert seen[0].query == {"apiKey": DEFAULT_API_KEY}
    assert seen[1].body == b"garbage" and seen[1].json is None
    assert seen[2].json["phone_number"] == "0900000022"
    assert seen[2].headers["authorization"] == f"Bearer {token}"
    assert seen[0].received_at < seen[4].received_at
    assert len(sandbox.click2calls()) == 3 and len(sandbox.auths()) == 1
    sandbox.clear()
    assert sandbox.requests == []


def test_handler_bug_becomes_500_envelope(
    client: httpx.Client, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_request: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(sandbox, "_route", broken)
    response = client.get("/api/auth")
    assert response.status_code == 500
    assert response.json()["message"] == "sandbox_error"
    monkeypatch.undo()
    assert client.get("/api/auth").json()["message"] == "api_key_is_required"
    assert len(sandbox.requests) == 2


def test_slow_seconds_is_settable(client: httpx.Client, sandbox: Sandbox) -> None:
    token = auth(client)
    sandbox.slow_seconds = 3600.0  # instead of the fixture's 0.3 s: no answer in time
    with make_client(sandbox, timeout=1.0) as impatient, pytest.raises(httpx.ReadTimeout):
        call(impatient, token, "0900000020")
    sandbox.slow_seconds = 0.0
    assert call(client, token, "0900000020").json()["status_code"] == 9999


def test_keep_alive_reuses_one_connection(client: httpx.Client, sandbox: Sandbox) -> None:
    token = auth(client)
    call(client, token, "0901234567")
    call(client, token, "0901234568")
    assert len(sandbox.requests) == 3
    assert sandbox.connections_accepted == 1


def test_raw_socket_chunked_body(sandbox: Sandbox) -> None:
    body = json.dumps({"extension": EXT, "hotline": HOTLINE, "phone_number": "0901234567"})
    encoded = body.encode()
    request = (
        b"POST /api/click2call HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        b"Connection: close\r\n\r\n" + f"{len(encoded):x}\r\n".encode() + encoded + b"\r\n0\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=5) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 401 ")
    assert sandbox.click2calls()[0].json["phone_number"] == "0901234567"


def test_wait_for(sandbox: Sandbox, client: httpx.Client) -> None:
    assert not sandbox.wait_for(lambda reqs: len(reqs) > 0, timeout=0.01)
    auth(client)
    assert sandbox.wait_for(lambda reqs: len(reqs) == 1, timeout=1.0)


def test_stop_does_not_wait_for_a_slow_request() -> None:
    box = Sandbox(slow_seconds=3600.0).start()  # waiting for its answer would hang the test
    errors: list[BaseException] = []

    def dial() -> None:
        try:
            with make_client(box, timeout=10) as c:
                call(c, auth(c), "0900000020")
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=dial)
    thread.start()
    assert box.wait_for(lambda reqs: len(reqs) == 2, timeout=10.0)
    stopper = threading.Thread(target=box.stop)
    stopper.start()
    stopper.join(timeout=60.0)
    assert not stopper.is_alive(), "stop() waits for the slow answer"
    box.stop()  # idempotent
    thread.join(timeout=60.0)  # the client sees the dropped connection at once
    assert not thread.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], httpx.RemoteProtocolError)


def test_sandbox_properties() -> None:
    box = Sandbox(port=0, extensions=["7"], hotlines=["0281"])
    with pytest.raises(RuntimeError):
        _ = box.base_url
    with box:
        assert box.base_url == f"http://127.0.0.1:{box.port}"
        assert box.extensions == ("7",) and box.hotlines == ("0281",)
        assert box.api_key == DEFAULT_API_KEY
    with pytest.raises(RuntimeError):
        box.start()


# ----- serve() -----------------------------------------------------------------------------


def test_serve_prints_and_stops_on_event() -> None:
    out = io.StringIO()
    stop = threading.Event()
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(serve(out=out, stop=stop)))
    thread.start()
    deadline = time.monotonic() + 3
    while "Ctrl+C" not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    thread.join(timeout=2)
    text = out.getvalue()
    assert result == [0]
    assert "http://127.0.0.1:" in text and DEFAULT_API_KEY in text
    assert "OMIDESK_BASE_URL=http://127.0.0.1:" in text and "0900 000 021" in text


def test_serve_port_taken(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = io.StringIO()
        assert serve(port=port, out=out, stop=threading.Event()) == 1
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out.getvalue() == ""
