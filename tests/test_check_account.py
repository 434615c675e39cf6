"""The account check both front ends use, against the sandbox over real HTTP."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from omidesk.omicall.client import OmiCallClient
from omidesk.sandbox.server import Sandbox
from omidesk.usecases.check_account import AccountCheck, check_account, hotline_key
from tests.hostile_server import (
    AUTH,
    GOOD_TOKEN,
    HOTLINES,
    Answer,
    HostileServer,
    envelope,
    token_answer,
)

# The account check against the sandbox, and against servers that are not there.
pytestmark = pytest.mark.integration


def check(base_url: str, key: str, extension: str = "101", hotline: str = "") -> AccountCheck:
    async def go() -> AccountCheck:
        async with httpx.AsyncClient() as http:
            client = OmiCallClient(http, base_url, key, timeout_s=2.0)
            return await check_account(client, extension, hotline)

    return asyncio.run(go())


def test_signed_in_with_the_extensions_hotlines(sandbox: Sandbox) -> None:
    result = check(sandbox.base_url, sandbox.api_key, hotline="0287 778 8056")
    assert result.signed_in
    assert result.host == sandbox.base_url.removeprefix("http://")
    assert result.hotlines == ("02877788056", "02873008888")
    assert result.hotline == "02877788056"
    assert result.hotline_listed is True
    listed = [r for r in sandbox.requests if r.path == "/api/call_center/hotline/list"]
    assert [r.query["extension"] for r in listed] == ["101"]
    assert sandbox.click2calls() == []  # a check never dials


@pytest.mark.parametrize(
    ("hotline", "listed"),
    [("842877788056", True), ("+84 2873 008 888", True), ("02899990000", False), ("", None)],
)
def test_whether_the_hotline_is_listed(sandbox: Sandbox, hotline: str, listed: bool | None) -> None:
    assert check(sandbox.base_url, sandbox.api_key, hotline=hotline).hotline_listed is listed


def test_without_an_extension_only_the_key_is_tried(sandbox: Sandbox) -> None:
    result = check(sandbox.base_url, sandbox.api_key, extension="", hotline="02877788056")
    assert result.signed_in
    assert result.hotlines is None
    assert result.hotline_listed is None
    assert [r.path for r in sandbox.requests] == ["/api/auth"]


def test_a_wrong_key_is_a_rejection_with_what_the_words_need(sandbox: Sandbox) -> None:
    result = check(sandbox.base_url, "not-the-key", hotline="02877788056")
    assert not result.signed_in
    assert result.failure is not None
    assert (result.failure.code, result.failure.rejected) == ("api_key_invalid", True)
    assert result.failure.params["extension"] == "101"
    assert result.failure.params["hotline"] == "02877788056"
    assert result.hotlines is None


def test_an_unknown_extension_is_refused_by_omicall(sandbox: Sandbox) -> None:
    result = check(sandbox.base_url, sandbox.api_key, extension="999")
    assert result.failure is not None
    assert (result.failure.code, result.failure.rejected) == ("extension_invalid", True)


def test_no_server_is_a_failure_not_a_rejection() -> None:
    result = check("http://127.0.0.1:9", "any-key")
    assert result.failure is not None
    assert (result.failure.code, result.failure.rejected) == ("cannot_connect", False)
    assert result.host == "127.0.0.1:9"


def test_nonsense_after_signing_in_is_not_taken_for_a_list() -> None:
    answers = {AUTH: token_answer(GOOD_TOKEN), HOTLINES: Answer(envelope({"not": "a list"}))}
    with HostileServer(answers) as server:
        result = check(server.base_url, "any-key")
    assert result.failure is not None
    assert not result.failure.rejected


def test_hotline_key_reads_both_ways_of_writing_a_hotline() -> None:
    assert hotline_key("842877788056") == hotline_key("02877788056") == "02877788056"
    assert hotline_key("+84 2877 788 056") == "02877788056"
    assert hotline_key("19001234") == "19001234"
