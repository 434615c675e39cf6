"""Fail closed below the command line: the dialer, the OMICall client and the window refuse
an invalid server address, extension or hotline before anything is recorded or sent."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt

from omidesk import services
from omidesk.domain.settings import Problem, Settings
from omidesk.omicall.client import OmiCallClient
from omidesk.omicall.errors import OmiCallError
from omidesk.sandbox.server import Sandbox
from omidesk.store.calls import CallStore
from omidesk.store.db import Database
from tests.conftest import EXTENSION, HOTLINE


def dial(
    sandbox: Sandbox,
    db_path: Path,
    *,
    blocked: Problem | None = None,
    number: str = "0901234567",
    extension: str | None = None,
    hotline: str | None = None,
    **overrides: str,
):
    values = {"base_url": sandbox.base_url, "extension": EXTENSION, "hotline": HOTLINE}
    settings = Settings(**(values | overrides), timeout_s=2.0)  # type: ignore[arg-type]

    async def go():
        with Database(db_path) as db:
            async with services.one_shot(
                db, settings, lambda: sandbox.api_key, blocked=blocked
            ) as dialer:
                return await dialer.dial(number, extension=extension, hotline=hotline)

    return asyncio.run(go())


def records(db_path: Path) -> list:
    with Database(db_path) as db:
        return CallStore(db).recent()


@pytest.mark.parametrize("suffix", ["/api", "?x=1", "#top", "//"])
def test_the_dialer_refuses_an_invalid_server_address_before_any_record(
    sandbox: Sandbox, tmp_path: Path, suffix: str
) -> None:
    """Each address still leads to the sandbox if used: nothing may reach it."""
    db = tmp_path / "calls.sqlite3"
    outcome = dial(sandbox, db, base_url=sandbox.base_url + suffix)
    assert (outcome.status, outcome.error) == ("failed", "base_url_invalid")
    assert sandbox.base_url in outcome.message
    assert outcome.record_id is None
    assert records(db) == []
    assert sandbox.requests == []


def test_the_dialer_names_where_the_blocking_value_came_from(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    db = tmp_path / "calls.sqlite3"
    problem = Problem(
        "base_url_invalid",
        {
            "value": "http://192.168.1.5:8765",
            "source": "OMIDESK_BASE_URL",
            "url_problem": "not_https",
        },
    )
    outcome = dial(sandbox, db, blocked=problem)
    assert (outcome.status, outcome.error) == ("failed", "base_url_invalid")
    assert "OMIDESK_BASE_URL" in outcome.message
    assert "http://192.168.1.5:8765" in outcome.message
    assert "OMIDESK_BASE_URL" in outcome.reword("vi").message
    assert records(db) == []
    assert sandbox.requests == []


def test_another_users_settings_file_stops_the_dialer(sandbox: Sandbox, tmp_path: Path) -> None:
    db = tmp_path / "calls.sqlite3"
    outcome = dial(sandbox, db, blocked=Problem("settings_not_yours", {"path": "/x/settings.toml"}))
    assert (outcome.status, outcome.error) == ("failed", "settings_not_yours")
    assert "/x/settings.toml" in outcome.message
    assert records(db) == []
    assert sandbox.requests == []


@pytest.mark.parametrize(
    ("option", "value", "code"),
    [
        ("extension", "1 0 1; DROP", "extension_malformed"),
        ("extension", "101\n102", "extension_malformed"),
        ("hotline", "0" * 5000, "hotline_malformed"),
        ("hotline", "02877788056\n02873008888", "hotline_malformed"),
    ],
)
def test_the_dialer_refuses_a_malformed_extension_or_hotline(
    sandbox: Sandbox, tmp_path: Path, option: str, value: str, code: str
) -> None:
    db = tmp_path / "calls.sqlite3"
    outcome = dial(sandbox, db, **{option: value})  # type: ignore[arg-type]
    assert (outcome.status, outcome.error) == ("invalid", code)
    assert f"--{option}" in outcome.next_step
    assert "\n" not in outcome.message
    assert len(outcome.message) < 400
    assert records(db) == []
    assert sandbox.requests == []


def test_a_hotline_option_with_spaces_is_sent_as_digits(sandbox: Sandbox, tmp_path: Path) -> None:
    outcome = dial(sandbox, tmp_path / "calls.sqlite3", hotline=" 0287 300 8888 ")
    assert outcome.status == "accepted"
    assert sandbox.click2calls()[0].json["hotline"] == "02873008888"


@pytest.mark.parametrize("suffix", ["/api", "?x=1", "#top", "/ "])
def test_the_client_refuses_an_invalid_base_url_and_sends_nothing(
    sandbox: Sandbox, suffix: str
) -> None:
    async def go() -> OmiCallError:
        async with httpx.AsyncClient() as http:
            client = OmiCallClient(http, sandbox.base_url + suffix, sandbox.api_key)
            with pytest.raises(OmiCallError) as raised:
                await client.click2call(EXTENSION, HOTLINE, "0901234567")
            # The same client pointed at a valid address works again.
            client.configure(sandbox.base_url, sandbox.api_key)
            assert await client.hotlines(EXTENSION)
            return raised.value

    error = asyncio.run(go())
    assert (error.code, error.consequence) == ("base_url_invalid", "failed")
    assert all(request.path != "/api/click2call" for request in sandbox.requests)
    assert len(sandbox.auths()) == 1  # only the valid address's sign-in


def test_an_empty_base_url_is_still_not_configured(sandbox: Sandbox) -> None:
    async def go() -> OmiCallError:
        async with httpx.AsyncClient() as http:
            with pytest.raises(OmiCallError) as raised:
                await OmiCallClient(http, "", sandbox.api_key).auth()
            return raised.value

    assert asyncio.run(go()).code == "not_configured"
    assert sandbox.requests == []


@pytest.fixture
def bad_base_url(configured: Sandbox, monkeypatch: pytest.MonkeyPatch) -> str:
    """The variable names a LAN address over plain http; the file names the sandbox."""
    value = "http://192.168.1.5:8765"
    monkeypatch.setenv("OMIDESK_BASE_URL", value)
    return value


def test_the_window_refuses_to_dial_with_an_invalid_server_address(
    bad_base_url: str, qtbot, window, configured: Sandbox
) -> None:
    assert not window.services.configured()
    window.dial_field.setFocus()
    qtbot.keyClicks(window.dial_field, "0901234567")
    with qtbot.waitSignal(window.controller.finished, timeout=10_000):
        qtbot.keyClick(window.dial_field, Qt.Key.Key_Return)
    assert window.status.state == "failed"
    shown = window.status.detail.text()
    assert "OMIDESK_BASE_URL" in shown and bad_base_url in shown
    assert configured.requests == []
    assert window.services.calls.recent() == []


def test_the_window_tells_of_settings_problems_at_start(
    bad_base_url: str, qtbot, window, configured: Sandbox
) -> None:
    from omidesk.app import tell_start_problems

    window.services.notices.append(Problem("key_file_made_private", {"path": "/k/api_key"}))
    tell_start_problems(window, window.services)
    said = window.status.title.text() + " " + window.status.detail.text()
    assert bad_base_url in said
    assert "/k/api_key" in said
