"""The owner-routing service over real HTTP: a real uvicorn on 127.0.0.1 with a random port,
serving the application `omidesk routing serve` serves, on a real owners file."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from omidesk import services
from omidesk.infra import logs, settings_file
from omidesk.infra.paths import default_paths
from omidesk.routing.app import ServeConfig, build_app
from omidesk.routing.server import RoutingApp
from omidesk.sandbox.history import SEARCH
from omidesk.sandbox.server import Sandbox
from omidesk.store.owners import OwnersFile
from tests.conftest import run_cli

pytestmark = pytest.mark.integration

KEY = "routing-key-0123456789abcdef"
OLD_KEY = "routing-key-old-9876543210"
PATH = "/get_owner_contact_by_phone"


@dataclass
class Served:
    url: str
    app: RoutingApp
    db: Path

    def ask(self, key: str | None = KEY, **params: str) -> httpx.Response:
        headers = {} if key is None else {"X-API-KEY": key}
        return httpx.get(self.url + PATH, params=params, headers=headers, timeout=5)


@contextlib.contextmanager
def serving(db: Path, keys: list[str], graph: services.Routing | None = None) -> Iterator[Served]:
    """The service's application, built as `routing serve` builds it (without the sync
    loop), under a real uvicorn in a thread, on a socket bound to a random port."""
    with contextlib.ExitStack() as stack:
        graph = graph or routing_graph(db)
        app = RoutingApp(
            graph.lookup,
            keys,
            health=graph.health,
            path=PATH,
            on_startup=graph.start,
            on_shutdown=graph.aclose,
        )
        yield stack.enter_context(under_uvicorn(app, db))


def routing_graph(db: Path) -> services.Routing:
    """The graph `routing serve` builds in a worker, on `db`."""
    paths = default_paths().ensure()
    return services.routing(
        paths,
        settings_file.load(paths.settings_file),
        db_path=db,
        lazy=True,
        offload=asyncio.to_thread,
        in_memory=True,
    )


@contextlib.contextmanager
def under_uvicorn(app: RoutingApp, db: Path) -> Iterator[Served]:
    """`app` under a real uvicorn in a thread, on a socket bound to a random port, with
    its lifespan (the sync loop) on."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = 200
        while not server.started and deadline:
            threading.Event().wait(0.05)
            deadline -= 1
        assert server.started
        yield Served(f"http://127.0.0.1:{port}", app, db)
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


@pytest.fixture
def owners_db(tmp_path: Path) -> Path:
    db = tmp_path / "owners.sqlite3"
    with OwnersFile(db) as owners:
        owners.set_owners(
            [
                ("+84901234567", "", ["101", "102"]),
                ("+84901234567", "+842877788056", ["104"]),
                ("+84912345678", "", ["103"]),
            ]
        )
    return db


@pytest.fixture
def served(owners_db: Path) -> Iterator[Served]:
    with serving(owners_db, [KEY]) as running:
        yield running


# --- the key ------------------------------------------------------------------------------


def test_no_key_is_401_with_an_empty_body(served: Served):
    answer = served.ask(key=None, phoneNumber="0901234567")
    assert (answer.status_code, answer.content) == (401, b"")


def test_a_wrong_key_is_401_with_an_empty_body(served: Served):
    for wrong in ("nope", KEY[:-1], KEY + "x", ""):
        answer = served.ask(key=wrong, phoneNumber="0901234567")
        assert (answer.status_code, answer.content) == (401, b""), wrong


def test_two_keys_are_valid_during_a_rotation(owners_db: Path):
    with serving(owners_db, [OLD_KEY, KEY]) as running:
        for key in (OLD_KEY, KEY):
            answer = running.ask(key=key, phoneNumber="0901234567")
            assert (answer.status_code, answer.text) == (200, "101:102")
        assert running.ask(key="retired", phoneNumber="0901234567").status_code == 401


def logged(caplog: pytest.LogCaptureFixture, text: str, times: int = 1) -> str:
    """The captured log once `text` is in it `times` times: the access line is written
    just after the answer is sent, by the server's thread, so it may come a moment after
    the client has its answer."""
    for _ in range(200):
        if caplog.text.count(text) >= times:
            break
        threading.Event().wait(0.05)
    return caplog.text


def test_the_key_never_appears_in_the_logs(served: Served, tmp_path: Path, caplog):
    log_file = tmp_path / "routing.log"
    logs.setup(log_file)
    try:
        caplog.set_level(logging.DEBUG)
        served.ask(phoneNumber="0901234567", sipNumber="02877788056")
        served.ask(key=KEY + "-wrong", phoneNumber="0901234567")
        served.ask(key=None, phoneNumber="0912345678")
        served.ask(phoneNumber="")
        served.ask(phoneNumber="not a number")
        logged(caplog, "omidesk.routing.access", times=5)
    finally:
        logs.setup(None)
    written = log_file.read_text(encoding="utf-8") + caplog.text
    assert "routing.access" in caplog.text  # the access lines were written…
    assert KEY not in written  # …and neither the key nor a wrong one sent
    assert "wrong" not in written
    # The numbers are masked in the access line.
    assert "0901***567" in written
    assert "0901234567" not in written


def test_the_lines_of_the_last_requests_are_written_when_the_service_stops(owners_db: Path, caplog):
    caplog.set_level(logging.INFO, logger="omidesk.routing.access")
    numbers = ["0901234567", "0912345678", "0987654321"]
    with serving(owners_db, [KEY]) as running:
        for number in numbers:
            running.ask(phoneNumber=number)
    # Stopped at once: its lines were written on the way out, one a request, in order.
    lines = [r.getMessage() for r in caplog.records if r.name == "omidesk.routing.access"]
    assert [line.split(" phone=")[1].split(" ")[0] for line in lines] == [
        "0901***567",
        "0912***678",
        "0987***321",
    ]
    assert ['"101:102"' in lines[0], '"103"' in lines[1], '-> 200 none ""' in lines[2]] == [
        True,
        True,
        True,
    ]


# --- the answers ---------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["0901234567", "84901234567", "+84901234567"])
def test_every_form_of_a_number_finds_its_owners(served: Served, number: str):
    answer = served.ask(phoneNumber=number)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.text == "101:102"


@pytest.mark.parametrize("hotline", ["842877788056", "02877788056", "+842877788056"])
def test_hotline_owners_come_before_the_general_ones_in_every_hotline_form(
    served: Served, hotline: str
):
    answer = served.ask(phoneNumber="84901234567", sipNumber=hotline)
    assert answer.text == "104:101:102"


def test_another_hotline_gets_the_general_owners(served: Served):
    assert served.ask(phoneNumber="0901234567", sipNumber="02439998888").text == "101:102"


def test_a_number_nobody_owns_is_an_empty_200(served: Served):
    answer = served.ask(phoneNumber="0987654321")
    assert (answer.status_code, answer.content) == (200, b"")


def test_not_a_number_is_an_empty_200_and_a_log_line(served: Served, caplog):
    caplog.set_level(logging.INFO, logger="omidesk.routing.access")
    answer = served.ask(phoneNumber="hello")
    assert (answer.status_code, answer.content) == (200, b"")
    assert "not a phone number" in logged(caplog, "not a phone number")


@pytest.mark.parametrize(
    "text",
    [
        # As long as uvicorn takes a request line (16 KiB): a number written 500 times.
        "+84 90 123 4567" * 500,
        "+84 90 123 4567" * 2,
        "0901234567 0901234567",
    ],
)
def test_repeated_or_huge_text_is_an_empty_200_and_a_log_line_never_a_match(
    served: Served, caplog, text: str
):
    caplog.set_level(logging.INFO, logger="omidesk.routing.access")
    answer = served.ask(phoneNumber=text)
    assert (answer.status_code, answer.content) == (200, b"")
    line = logged(caplog, "not a phone number")
    assert "phone=*** sip=- -> 200 invalid" in line
    metrics = httpx.get(served.url + "/metrics", timeout=5).text
    assert 'omidesk_routing_requests_total{result="invalid"} 1' in metrics


def test_a_number_written_ten_thousand_times_is_never_a_match(served: Served):
    # Longer than any request line uvicorn takes: it refuses it (400, or a reset while
    # the rest is still being sent). Whatever it does, nobody's owners come back.
    host, port = served.url.removeprefix("http://").split(":")
    query = "%2B84%2090%20123%204567" * 10_000
    request = (
        f"GET {PATH}?phoneNumber={query} HTTP/1.1\r\nHost: {host}\r\n"
        f"X-API-KEY: {KEY}\r\nConnection: close\r\n\r\n"
    ).encode("ascii")
    received = b""
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        with contextlib.suppress(OSError):
            sock.sendall(request)
        with contextlib.suppress(OSError):
            while chunk := sock.recv(65536):
                received += chunk
    assert b"101" not in received
    if received:
        assert received.startswith(b"HTTP/1.1 400 ")


@pytest.mark.parametrize("params", [{}, {"phoneNumber": ""}, {"phoneNumber": "  "}])
def test_a_missing_phone_number_is_400(served: Served, params: dict[str, str]):
    assert served.ask(**params).status_code == 400


def test_at_most_five_owners_without_duplicates(tmp_path: Path):
    db = tmp_path / "many.sqlite3"
    with OwnersFile(db) as owners:
        owners.set_owners(
            [
                ("+84901234567", "+842877788056", ["101", "102", "103"]),
                ("+84901234567", "", ["102", "104", "105", "106"]),
            ]
        )
        owners.learn([("+84901234567", "107", 1e12)])
    with serving(db, [KEY]) as running:
        answer = running.ask(phoneNumber="0901234567", sipNumber="02877788056")
    assert answer.text == "101:102:103:104:105"


def answered(running: Served, body: str, **params: str) -> str:
    """The service's answer to `params` once it is `body` (the owners are read again from
    the file every quarter of a second): waits on the answer itself, never on a clock."""
    for _ in range(200):
        text = running.ask(**params).text
        if text == body:
            break
        threading.Event().wait(0.05)
    return text


def test_a_change_made_by_another_process_is_answered_without_a_restart(served: Served):
    assert served.ask(phoneNumber="0987654321").text == ""
    with OwnersFile(served.db) as other:
        other.set_owners([("+84987654321", "", ["109"])])
    assert answered(served, "109", phoneNumber="0987654321") == "109"
    # The owners held before are still answered (the index was loaded again whole).
    assert served.ask(phoneNumber="0901234567", sipNumber="02877788056").text == "104:101:102"


def test_owners_set_and_cleared_through_the_command_line_are_answered_without_a_restart(
    served: Served,
):
    db = str(served.db)
    assert run_cli("routing", "--db", db, "owners", "set", "0987654321", "109", "110").code == 0
    assert answered(served, "109:110", phoneNumber="84987654321") == "109:110"
    assert run_cli("routing", "--db", db, "owners", "clear", "0901234567").code == 0
    assert answered(served, "", phoneNumber="0901234567") == ""
    assert served.ask(phoneNumber="0987654321").text == "109:110"


def test_sticky_owners_learned_by_another_process_are_answered_without_a_restart(
    served: Served,
):
    with OwnersFile(served.db) as other:
        other.learn([("+84987654321", "111", time.time() - 3600)])
    assert answered(served, "111", phoneNumber="0987654321") == "111"
    with OwnersFile(served.db) as other:
        other.forget_sticky_before(time.time())
    assert answered(served, "", phoneNumber="0987654321") == ""


# --- the budget ----------------------------------------------------------------------------


def test_a_locked_database_answers_empty_then_owners_once_free(owners_db: Path):
    # A connection holding the file in exclusive mode: nobody else may read it at all.
    holder = sqlite3.connect(owners_db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE sync_state SET calls_seen = calls_seen")
    try:
        with serving(owners_db, [KEY]) as running:
            answer = running.ask(phoneNumber="0901234567")
            assert (answer.status_code, answer.content) == (200, b"")
            metrics = httpx.get(running.url + "/metrics", timeout=5).text
            assert 'omidesk_routing_requests_total{result="busy"} 1' in metrics
            assert httpx.get(running.url + "/healthz", timeout=5).status_code == 503
            holder.execute("COMMIT")
            holder.close()
            assert answered(running, "101:102", phoneNumber="0901234567") == "101:102"
            assert httpx.get(running.url + "/healthz", timeout=5).json()["loaded"] is True
    finally:
        holder.close()


def test_a_sync_waiting_for_another_writer_never_holds_up_healthz_or_an_answer(owners_db: Path):
    # An import holds the file's write lock; the service's own connection (the one the
    # sync writes through, in a worker thread) waits for it, for up to 10 s. /healthz
    # reads that connection's state on the service's loop: it must not wait behind it.
    graph = routing_graph(owners_db)
    importer = sqlite3.connect(owners_db, isolation_level=None)
    importer.execute("BEGIN IMMEDIATE")
    with serving(owners_db, [KEY], graph) as running:
        writing = threading.Thread(target=graph.owners.sync_failed, args=("slow",))
        writing.start()
        try:
            # Until the write waits (a moment after the thread starts): then /healthz says
            # the file's state cannot be read now, at once, and the owners still answer.
            for _ in range(200):
                if httpx.get(running.url + "/healthz", timeout=5).status_code == 503:
                    break
                threading.Event().wait(0.01)
            else:
                raise AssertionError("/healthz never said the file was busy")
            assert running.ask(phoneNumber="0901234567").text == "101:102"
        finally:
            importer.execute("COMMIT")
            importer.close()
            writing.join()
        assert httpx.get(running.url + "/healthz", timeout=5).json()["last_sync_error"] == "slow"


# --- operations ----------------------------------------------------------------------------


def test_healthz_says_the_data_is_loaded_and_the_sync_age(served: Served):
    with OwnersFile(served.db) as other:
        other.sync_done(until=time.time() - 30, now=time.time() - 30, calls=3)
    health = httpx.get(served.url + "/healthz", timeout=5)
    assert health.status_code == 200
    body = health.json()
    assert body["loaded"] is True
    assert body["numbers_with_owners"] == 2
    assert 25 <= body["last_sync_age_s"] <= 3600


def test_metrics_count_requests_by_result_with_a_latency_histogram(served: Served):
    served.ask(phoneNumber="0901234567")
    served.ask(phoneNumber="0987654321")
    served.ask(key="wrong", phoneNumber="0901234567")
    text = httpx.get(served.url + "/metrics", timeout=5).text
    assert 'omidesk_routing_requests_total{result="owner"} 1' in text
    assert 'omidesk_routing_requests_total{result="none"} 1' in text
    assert 'omidesk_routing_requests_total{result="unauthorised"} 1' in text
    assert 'omidesk_routing_request_seconds_bucket{le="+Inf"} 3' in text
    assert "omidesk_routing_request_seconds_count 3" in text
    assert "omidesk_routing_sync_age_seconds NaN" in text


# --- sticky owners, learned in the background from the sandbox's call history ---------------

DAY = 86400.0


@pytest.fixture
def company(configured: Sandbox) -> Sandbox:
    """A profile pointed at the sandbox, whose history holds calls of the company's other
    extensions: one answered by 105, one nobody answered (106), one answered by 107 but
    older than the 30-day window, one 108 placed to a customer who answered."""
    history = configured.history
    history.ended_call("105", "0961000105", answered=True, ago_s=2 * DAY)
    history.ended_call("106", "0961000106", answered=False, ago_s=3600)
    history.ended_call("107", "0961000107", answered=True, ago_s=31 * DAY)
    history.ended_call("108", "0961000108", answered=True, direction="outbound", ago_s=DAY)
    return configured


@pytest.fixture
def service(company: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    """The service exactly as `routing serve` builds it in each worker (its sync loop
    included), with its key from the variable, on an owners file of its own."""
    monkeypatch.setenv("OMIDESK_ROUTING_API_KEY", KEY)
    db = tmp_path / "owners.sqlite3"
    with OwnersFile(db) as owners:
        owners.set_owners([("+84961000105", "", ["101"])])
    app = build_app(ServeConfig(db=str(db), path=PATH), default_paths().ensure())
    with under_uvicorn(app, db) as running:
        yield running


def synced(running: Served) -> dict[str, object]:
    """/healthz once the first sync has ended (succeeded or failed)."""
    for _ in range(200):
        health = httpx.get(running.url + "/healthz", timeout=5).json()
        if health["last_sync_age_s"] is not None or health["last_sync_error"] is not None:
            return dict(health)
        threading.Event().wait(0.05)
    raise AssertionError(f"no sync ended: {health}")


def learned(running: Served) -> None:
    """Once the first sync's owners are answered (105's answered call, in memory a
    moment after the sync wrote it to the file)."""
    assert synced(running)["last_sync_error"] is None
    assert answered(running, "101:105", phoneNumber="0961000105") == "101:105"


def test_an_answered_call_by_105_makes_105_an_owner_after_the_explicit_ones(
    service: Served, company: Sandbox
):
    # Explicit first, then the sticky owner learned from the history.
    learned(service)
    # An outbound call the customer answered counts too.
    assert service.ask(phoneNumber="+84961000108").text == "108"
    # What went over the wire: the company's whole history (no extension filter) over the
    # sticky window, never the sandbox's demo extension alone.
    body = company.history.searches()[0].json
    assert "sipUsers" not in body
    assert body["toDate"] - body["fromDate"] == pytest.approx(30 * DAY * 1000, abs=60_000)


def test_an_unanswered_call_makes_nobody_an_owner(service: Served):
    learned(service)
    assert service.ask(phoneNumber="0961000106").content == b""


def test_a_call_older_than_the_sticky_window_is_ignored(service: Served):
    learned(service)
    assert service.ask(phoneNumber="84961000107").content == b""


def test_a_sync_waiting_on_omicall_never_holds_up_an_answer(
    company: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    company.history.inject("slow")  # the first search hangs (30 s)
    monkeypatch.setenv("OMIDESK_ROUTING_API_KEY", KEY)
    db = tmp_path / "owners.sqlite3"
    with OwnersFile(db) as owners:
        owners.set_owners([("+84961000105", "", ["101"])])
    app = build_app(ServeConfig(db=str(db), path=PATH), default_paths().ensure())
    with under_uvicorn(app, db) as running:
        assert company.wait_for(lambda requests: any(r.path == SEARCH for r in requests))
        # The sync is waiting on OMICall; the answer is not (the client gives up after 5 s).
        assert running.ask(phoneNumber="0961000105").text == "101"
        assert httpx.get(running.url + "/healthz", timeout=5).json()["last_sync_age_s"] is None


def test_a_rate_limited_sync_is_shown_and_the_answers_go_on(
    company: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    company.history.inject("rate_limit")
    monkeypatch.setenv("OMIDESK_ROUTING_API_KEY", KEY)
    db = tmp_path / "owners.sqlite3"
    with OwnersFile(db) as owners:
        owners.set_owners([("+84961000105", "", ["101"])])
    app = build_app(ServeConfig(db=str(db), path=PATH), default_paths().ensure())
    with under_uvicorn(app, db) as running:
        assert synced(running)["last_sync_error"] == "rate_limited"
        assert running.ask(phoneNumber="0961000105").text == "101"
        assert "omidesk_routing_sync_ok 0" in httpx.get(running.url + "/metrics", timeout=5).text
        # Refused once, and not asked again at once: the loop waits out OMICall's back-off.
        assert len(company.history.searches()) == 1


def test_without_the_company_key_healthz_says_sticky_owners_cannot_be_learned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("OMIDESK_ROUTING_API_KEY", KEY)
    db = tmp_path / "owners.sqlite3"
    with OwnersFile(db) as owners:
        owners.set_owners([("+84961000105", "", ["101"])])
    app = build_app(ServeConfig(db=str(db), path=PATH), default_paths().ensure())
    with under_uvicorn(app, db) as running:
        assert synced(running)["last_sync_error"] == "routing_no_history"
        assert running.ask(phoneNumber="0961000105").text == "101"


def test_a_worker_ignores_a_key_shorter_than_16_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # `routing serve` refuses to start with it; a worker started another way ignores it.
    monkeypatch.setenv("OMIDESK_ROUTING_API_KEY", f"guessable,{KEY}")
    db = tmp_path / "owners.sqlite3"
    with OwnersFile(db) as owners:
        owners.set_owners([("+84961000105", "", ["101"])])
    app = build_app(ServeConfig(db=str(db), path=PATH), default_paths().ensure())
    with under_uvicorn(app, db) as running:
        assert running.ask(key="guessable", phoneNumber="0961000105").status_code == 401
        assert running.ask(phoneNumber="0961000105").text == "101"
