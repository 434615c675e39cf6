"""The AutoCall client against the sandbox over real HTTP (and a hostile server): the token,
its one regeneration and replay, the envelope's codes, capped reads, secrets out of logs."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from omidesk.autocall.client import AutoCallClient, redact
from omidesk.domain.autocall.errors import AutoCallError
from omidesk.infra import logs
from omidesk.infra.answers import MAX_ANSWER_BYTES
from omidesk.sandbox.autocall import DEFAULT_SECRET
from omidesk.sandbox.server import Sandbox
from tests.hostile_server import Answer, HostileServer

pytestmark = pytest.mark.integration

TOKEN_PATH = "/api/users/generate-access-token"


def run(coro):
    return asyncio.run(coro)


async def with_client(base_url: str, secret: str | None, work, **options):
    async with httpx.AsyncClient() as http:
        client = AutoCallClient(http, base_url, secret, **options)
        return await work(client)


def contacts(*numbers: str) -> list[dict[str, str]]:
    return [{"phone_number": number, "ho_ten": "Khách"} for number in numbers]


def test_import_adds_the_contacts_and_keeps_one_token(sandbox: Sandbox):
    async def work(client: AutoCallClient):
        first = await client.import_contacts("1001", contacts("0911000001", "0911000002"))
        second = await client.import_contacts("1001", contacts("0911000003"))
        return first, second, client.token_count

    first, second, tokens = run(with_client(sandbox.base_url, DEFAULT_SECRET, work))
    assert [a.phone_number for a in first] == ["0911000001", "0911000002"]
    assert all(a.call_id.isdigit() for a in first + second)
    assert tokens == 1
    assert len(sandbox.autocall.token_requests()) == 1
    # The token travels in the body, never in the URL.
    sent = sandbox.autocall.imports()[0]
    assert sent.json["access_token"] and "access_token" not in sent.query


def test_meanwhile_runs_once_the_body_has_left_and_before_the_answer_is_read(sandbox: Sandbox):
    from omidesk.domain.wire import Wire

    wire = Wire()
    seen: list[bool] = []

    async def work(client: AutoCallClient):
        encoded = client.encoded(contacts("0911000011", "0911000012"))
        return await client.import_contacts(
            "1001",
            encoded,
            wire=wire,
            meanwhile=lambda: seen.append(wire.sent),
        )

    accepted = run(with_client(sandbox.base_url, DEFAULT_SECRET, work))
    assert [a.phone_number for a in accepted] == ["0911000011", "0911000012"]
    assert seen == [True]
    sent = sandbox.autocall.imports()[0]
    assert sent.json["contacts"] == contacts("0911000011", "0911000012")


def test_a_token_made_elsewhere_costs_one_regeneration_and_one_replay(sandbox: Sandbox):
    async def work(client: AutoCallClient):
        await client.new_token()
        # Another OmiDesk (or the website) asks for a token: ours stops working.
        async with httpx.AsyncClient() as other:
            answer = await other.get(
                sandbox.base_url + TOKEN_PATH, params={"secret_key": DEFAULT_SECRET}
            )
            assert answer.json()["status"] == 1
        sandbox.clear()
        return await client.import_contacts("1001", contacts("0911000004"))

    accepted = run(with_client(sandbox.base_url, DEFAULT_SECRET, work))
    assert [a.phone_number for a in accepted] == ["0911000004"]
    assert len(sandbox.autocall.token_requests()) == 1  # exactly one regeneration
    imports = sandbox.autocall.imports()
    assert len(imports) == 2  # the refused request, and exactly one replay
    assert imports[0].json["access_token"] != imports[1].json["access_token"]
    assert len(sandbox.autocall.calls_of("1001")) == 30 + 1  # the demo's history, and ours


def test_the_secret_changed_on_the_website_and_stored_anew(sandbox: Sandbox):
    """A new secret stored forgets the token made with the old one (it may be another
    account's): one token from the new secret, then the import, never a refused one."""

    async def work(client: AutoCallClient):
        await client.new_token()
        sandbox.autocall.change_secret("new-secret-0002")
        sandbox.clear()
        client.configure(sandbox.base_url, "new-secret-0002")
        return await client.import_contacts("1001", contacts("0911000005"))

    accepted = run(with_client(sandbox.base_url, DEFAULT_SECRET, work))
    assert [a.phone_number for a in accepted] == ["0911000005"]
    assert len(sandbox.autocall.token_requests()) == 1
    assert len(sandbox.autocall.imports()) == 1


def test_a_secret_changed_on_the_website_only_is_refused_after_one_regeneration(
    sandbox: Sandbox,
):
    async def work(client: AutoCallClient):
        await client.new_token()
        sandbox.autocall.change_secret("new-secret-0002")
        sandbox.clear()
        with pytest.raises(AutoCallError) as refused:
            await client.import_contacts("1001", contacts("0911000006"))
        return refused.value

    error = run(with_client(sandbox.base_url, DEFAULT_SECRET, work))
    assert error.code == "autocall_unauthorized"
    assert error.consequence == "rejected"
    assert len(sandbox.autocall.token_requests()) == 1  # one regeneration, refused
    assert len(sandbox.autocall.imports()) == 1  # and no replay without a token
    assert not any(c["callee_id"] == "0911000006" for c in sandbox.autocall.calls_of("1001"))


@pytest.mark.parametrize(
    ("campaign", "code"),
    [("1002", "autocall_campaign_stopped"), ("9999", "autocall_campaign_invalid")],
)
def test_refusals_carry_autocall_s_code_and_words(sandbox: Sandbox, campaign: str, code: str):
    async def work(client: AutoCallClient):
        with pytest.raises(AutoCallError) as refused:
            await client.import_contacts(campaign, contacts("0911000007"))
        return refused.value

    error = run(with_client(sandbox.base_url, DEFAULT_SECRET, work))
    assert error.code == code
    assert error.consequence == "rejected"
    assert error.server_message  # AutoCall's own words, kept for the agent


def test_malformed_contacts_are_code_400(sandbox: Sandbox):
    token = httpx.get(sandbox.base_url + TOKEN_PATH, params={"secret_key": DEFAULT_SECRET}).json()[
        "results"
    ]["access_token"]
    answer = httpx.post(
        sandbox.base_url + "/api/campaigns/1001/import",
        json={"access_token": token, "contacts": "0911000008"},
    )
    assert answer.json() == {"status": 0, "code": "400", "message": "contacts không đúng định dạng"}


def test_a_wrong_secret_is_refused_without_any_import(sandbox: Sandbox):
    async def work(client: AutoCallClient):
        with pytest.raises(AutoCallError) as refused:
            await client.import_contacts("1001", contacts("0911000009"))
        return refused.value

    error = run(with_client(sandbox.base_url, "not-the-secret", work))
    assert error.code == "autocall_unauthorized"
    assert sandbox.autocall.imports() == []


def test_an_import_whose_answer_never_comes_is_unknown_and_not_resent(sandbox: Sandbox):
    async def work(client: AutoCallClient):
        with pytest.raises(AutoCallError) as lost:
            await client.import_contacts("1001", contacts("0911000010", "0900000020"))
        return lost.value

    error = run(with_client(sandbox.base_url, DEFAULT_SECRET, work, timeout_s=1.0))
    assert (error.code, error.consequence) == ("autocall_no_answer", "unknown")
    assert len(sandbox.autocall.imports()) == 1
    # The sandbox did add them, as a real server may have: why it must never be resent.
    called = {c["callee_id"] for c in sandbox.autocall.calls_of("1001")}
    assert {"0911000010", "0900000020"} <= called


def test_an_import_answered_with_http_500_is_unknown(sandbox: Sandbox):
    async def work(client: AutoCallClient):
        with pytest.raises(AutoCallError) as lost:
            await client.import_contacts("1001", contacts("0900000022"))
        return lost.value

    error = run(with_client(sandbox.base_url, DEFAULT_SECRET, work))
    assert (error.code, error.consequence) == ("autocall_server_error", "unknown")
    assert error.params["http_status"] == 500
    assert len(sandbox.autocall.imports()) == 1


def test_export_pages_through_the_campaign(sandbox: Sandbox):
    async def work(client: AutoCallClient):
        pages = []
        offset = 0
        while True:
            page = await client.campaign_calls(
                "1001", start_ms=None, end_ms=2**41, limit=7, offset=offset
            )
            pages.append(page)
            offset += page.items
            if not page.items or offset >= page.total:
                return pages

    pages = run(with_client(sandbox.base_url, DEFAULT_SECRET, work))
    calls = [call for page in pages for call in page.calls]
    assert [len(page.calls) for page in pages] == [7, 7, 7, 7, 2]
    assert len({c.call_id for c in calls}) == 30
    first = calls[0]
    assert first.campaign == "1001"
    assert first.called_at is not None and first.called_at.utcoffset().total_seconds() == 7 * 3600
    assert {c.state for c in calls} == {40, 50}
    assert any(c.keys == ("1", "3") for c in calls)


def test_the_user_call_log_names_each_call_s_campaign(sandbox: Sandbox):
    async def work(client: AutoCallClient):
        await client.import_contacts("1003", [{"phone_number": "0911000011", "otp_code": "123456"}])
        sandbox.autocall.finish_calls()
        return await client.user_calls(start_ms=None, end_ms=2**41, limit=100, offset=0)

    page = run(with_client(sandbox.base_url, DEFAULT_SECRET, work))
    assert page.total == 31
    assert {c.campaign for c in page.calls} == {"1001", "1003"}


def test_an_endless_answer_is_not_read_past_the_cap():
    with HostileServer({TOKEN_PATH: Answer(b"", endless=True)}) as server:

        async def work(client: AutoCallClient):
            with pytest.raises(AutoCallError) as refused:
                await client.new_token()
            return refused.value

        error = run(with_client(server.base_url, "s3cret-key", work))
        cut = server.finished(TOKEN_PATH)
    assert error.code == "autocall_bad_token_answer"
    assert cut.sent < MAX_ANSWER_BYTES + 4 * 1024 * 1024


def test_a_call_id_over_64_bits_is_kept_whole():
    # JSON's integers have no size; a fast parser's would round this one to a float.
    answer = b'{"status":1,"results":[{"phone_number":"0911000014","call_id":' + b"9" * 30 + b"}]}"
    answers = {
        TOKEN_PATH: Answer(json.dumps({"status": 1, "results": {"access_token": "t0k"}}).encode()),
        "/api/campaigns/1001/import": Answer(answer),
    }
    with HostileServer(answers) as server:

        async def work(client: AutoCallClient):
            return await client.import_contacts("1001", contacts("0911000014"))

        accepted = run(with_client(server.base_url, "s3cret-key", work))
    assert [tuple(item) for item in accepted] == [("0911000014", "9" * 30)]


def test_an_undocumented_code_shows_autocall_s_own_words():
    answers = {
        TOKEN_PATH: Answer(json.dumps({"status": 1, "results": {"access_token": "t0k"}}).encode()),
        "/api/campaigns/1001/import": Answer(
            json.dumps({"status": 0, "code": "07", "message": "Quota\x1b[31m exceeded"}).encode()
        ),
    }
    with HostileServer(answers) as server:

        async def work(client: AutoCallClient):
            with pytest.raises(AutoCallError) as refused:
                await client.import_contacts("1001", contacts("0911000012"))
            return refused.value

        error = run(with_client(server.base_url, "s3cret-key", work))
    assert (error.code, error.consequence) == ("autocall_refused", "rejected")
    assert error.server_message == "Quota[31m exceeded"  # no escape reaches a terminal


def test_what_autocall_says_it_added_is_read_defensively():
    # Plain digits pass as they are; anything else is cleaned, and what is no number and
    # call id (a bool, a list, an empty text) is left out rather than trusted.
    results = [
        {"phone_number": "0911000014", "call_id": 5000001},
        {"phone_number": "0911000015", "call_id": "A-77"},
        {"phone_number": "+84 911\x1b[2J000016", "call_id": "9\u202e9"},
        {"phone_number": "0911000017", "call_id": True},
        {"phone_number": 911000018, "call_id": 5000004},
        {"phone_number": "", "call_id": 5000005},
        {"phone_number": "0911000019", "call_id": "x" * 80},
        ["0911000020", 5000006],
    ]
    answers = {
        TOKEN_PATH: Answer(json.dumps({"status": 1, "results": {"access_token": "t0k"}}).encode()),
        "/api/campaigns/1001/import": Answer(
            json.dumps({"status": 1, "results": results}).encode()
        ),
    }
    with HostileServer(answers) as server:

        async def work(client: AutoCallClient):
            return await client.import_contacts("1001", contacts("0911000014"))

        accepted = run(with_client(server.base_url, "s3cret-key", work))
    assert [tuple(item) for item in accepted] == [
        ("0911000014", "5000001"),
        ("0911000015", "A-77"),
        ("+84 911[2J000016", "99"),
        ("0911000019", "x" * 63 + "…"),
    ]


def test_a_campaign_id_that_is_no_id_is_refused_before_sending(sandbox: Sandbox):
    async def work(client: AutoCallClient):
        with pytest.raises(AutoCallError) as refused:
            await client.import_contacts("1001/../../users", contacts("0911000013"))
        return refused.value

    error = run(with_client(sandbox.base_url, DEFAULT_SECRET, work))
    assert error.code == "autocall_campaign_invalid"
    assert sandbox.requests == []


def test_a_plain_http_address_elsewhere_sends_nothing(sandbox: Sandbox):
    async def work(client: AutoCallClient):
        with pytest.raises(AutoCallError) as refused:
            await client.import_contacts("1001", contacts("0911000014"))
        return refused.value

    error = run(with_client("http://es.aicallcenter.vn", DEFAULT_SECRET, work))
    assert error.code == "autocall_base_url_invalid"


def test_neither_secret_nor_token_reaches_the_log(sandbox: Sandbox, tmp_path: Path):
    log_file = tmp_path / "log" / "omidesk.log"
    logs.setup(log_file, debug=True)
    try:

        async def work(client: AutoCallClient):
            await client.import_contacts("1001", contacts("0911000015"))
            await client.campaign_calls("1001", start_ms=0, end_ms=2**41, limit=5, offset=0)
            token = json.loads(sandbox.autocall.imports()[-1].body)["access_token"]
            logging.getLogger("omidesk.test").info(
                "a mistake: %s %s", token, redact(f"{sandbox.base_url}/x?access_token={token}")
            )
            return token

        token = run(with_client(sandbox.base_url, DEFAULT_SECRET, work, secrets=logs.add_secret))
    finally:
        logs.setup(None)
    text = log_file.read_text(encoding="utf-8")
    assert "/api/campaigns/1001/import" in text
    assert token and token not in text
    assert DEFAULT_SECRET not in text
    assert redact("https://x/y?secret_key=abc&limit=5") == "https://x/y?secret_key=«secret»&limit=5"


def test_the_client_tells_its_builder_the_secret_and_each_token(sandbox: Sandbox):
    """The log scrubber is wired by whoever builds the client (services.autocall_client):
    the client hands it the secret before anything is sent, and each token it gets."""
    told: list[str] = []

    async def work(client: AutoCallClient):
        assert told == [DEFAULT_SECRET]
        await client.import_contacts("1001", contacts("0911000016"))

    run(with_client(sandbox.base_url, DEFAULT_SECRET, work, secrets=told.append))
    token = json.loads(sandbox.autocall.imports()[-1].body)["access_token"]
    assert told == [DEFAULT_SECRET, token]


def test_the_client_loads_no_logging_module_of_ours() -> None:
    probe = (
        "import sys\n"
        "import omidesk.autocall.client\n"
        "print(sorted(m for m in sys.modules if m.startswith(('omidesk.infra', 'omidesk.ui'))))\n"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=False
    )
    loaded = result.stdout.strip()
    assert loaded == "['omidesk.infra', 'omidesk.infra.answers']", loaded + result.stderr
