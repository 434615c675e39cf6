"""The sandbox's call history and CRM contacts, over real HTTP: records appear after hangup,
each scenario number ends its way, paging, faults, recordings and Vietnamese customers."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from omidesk.sandbox.crm import CUSTOMERS
from omidesk.sandbox.history import HISTORY_SCENARIOS, SEARCH
from omidesk.sandbox.server import DEFAULT_API_KEY, Sandbox
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

EXT, HOTLINE = "101", "02877788056"


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with Sandbox(slow_seconds=0.3) as sandbox:
        yield sandbox


@pytest.fixture
def http(box: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=box.base_url, timeout=5.0, verify=False) as client:
        token = client.get("/api/auth", params={"apiKey": DEFAULT_API_KEY}).json()
        client.headers["Authorization"] = "Bearer " + token["payload"]["access_token"]
        yield client


def place(http: httpx.Client, number: str) -> str:
    body = {"extension": EXT, "hotline": HOTLINE, "phone_number": number}
    answer = http.post("/api/click2call", json=body).json()
    return answer["payload"]["call_uuid"]


def search(http: httpx.Client, body: dict, page: int = 1, size: int = 50) -> httpx.Response:
    return http.post(SEARCH, params={"page": page, "size": size}, json=body)


def test_a_placed_call_shows_only_after_it_ended_and_answered_has_a_recording(
    box: Sandbox, http: httpx.Client
) -> None:
    call_uuid = place(http, "0912 345 678")
    assert search(http, {"transactionIds": [call_uuid]}).json()["payload"]["items"] == []
    box.history.advance(3600)
    [item] = search(http, {"transactionIds": [call_uuid]}).json()["payload"]["items"]
    assert item["sip_user"] == EXT and item["phone_number"] == "0912345678"
    assert item["direction"] == "outbound"
    assert item["bill_sec"] > 0 and item["time_answer_start"] > item["time_start_call"]
    recording = httpx.get(item["recording_file_url"])
    assert recording.status_code == 200 and recording.content[:4] == b"RIFF"
    # The URL is the key: without it, nothing.
    assert httpx.get(item["recording_file_url"].split("&key=")[0]).status_code == 404


@pytest.mark.parametrize(("number", "cause"), [(n, e.cause) for n, e in HISTORY_SCENARIOS.items()])
def test_scenario_numbers_end_unanswered(
    box: Sandbox, http: httpx.Client, number: str, cause: str
) -> None:
    call_uuid = place(http, number)
    box.history.advance(3600)
    [item] = search(http, {"transactionIds": [call_uuid]}).json()["payload"]["items"]
    assert (item["bill_sec"], item["time_answer_start"], item["hangup_cause"]) == (0, 0, cause)
    assert item["recording_file_url"] is None


def test_the_demo_extension_has_a_week_of_calls_some_missed(http: httpx.Client) -> None:
    items = search(http, {"sipUsers": [EXT]}).json()["payload"]["items"]
    inbound = [i for i in items if i["direction"] == "inbound"]
    missed = [i for i in inbound if i["bill_sec"] == 0]
    assert len(inbound) >= 8 and len(missed) >= 3
    names = {i["customer"]["full_name"] for i in items if i["customer"]}
    assert "Hoàng Thị Mai" in names
    assert items == sorted(items, key=lambda i: i["time_start_call"], reverse=True)


def test_paging_over_more_than_fifty(box: Sandbox, http: httpx.Client) -> None:
    box.history.generate("102", 120)
    ids: list[str] = []
    page = 1
    while True:
        payload = search(http, {"sipUsers": ["102"]}, page=page).json()["payload"]
        ids += [item["transaction_id"] for item in payload["items"]]
        assert payload["total_pages"] == 3 and payload["total_items"] == 120
        if not payload["has_next"]:
            break
        page += 1
    assert page == 3 and len(set(ids)) == 120
    assert search(http, {}, size=51).json()["status_code"] == -9999


def test_faults(box: Sandbox, http: httpx.Client) -> None:
    box.history.inject("rate_limit")
    box.history.inject("limit_request_30_minute")
    box.history.inject("http_500")
    box.history.inject("malformed")
    limited = search(http, {})
    assert limited.status_code == 429 and limited.json()["message"] == "rate_limit_exceeded"
    assert search(http, {}).json()["message"] == "limit_request_30_minute"
    assert search(http, {}).status_code == 500
    items = search(http, {"sipUsers": [EXT]}).json()["payload"]["items"]
    assert items[0]["transaction_id"] is None and items[1] == "not an object"
    assert search(http, {}).status_code == 200  # faults are spent


def test_crm_finds_a_customer_by_number_in_any_form(http: httpx.Client) -> None:
    mai = CUSTOMERS[0]
    answer = http.get("/api/contacts/get", params={"phone": "+84 987 654 321"}).json()
    assert answer["status_code"] == 9999
    contact = answer["payload"]
    assert contact["full_name"] == mai.name
    phones = next(a for a in contact["attribute_structure"] if a["field_code"] == "phone_number")
    assert phones["value"][0]["display_value"] == mai.phones[0]
    missing = http.get("/api/contacts/get", params={"phone": "0999999999"}).json()
    assert (missing["status_code"], missing["payload"]) == (9999, None)


def test_crm_keyword_search_without_accents(http: httpx.Client) -> None:
    answer = http.post(
        "/api/contacts/list", params={"page": 1, "size": 10}, json={"keyword": "hoang"}
    )
    names = [item["full_name"] for item in answer.json()["payload"]["items"]]
    assert names == ["Hoàng Thị Mai"]
    by_digits = http.post("/api/contacts/list", json={"keyword": "0938 112"}).json()
    assert [i["full_name"] for i in by_digits["payload"]["items"]] == ["Ngô Quang Huy"]


def test_the_readme_lists_every_history_scenario_number() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    grouped = [f"{n[:4]} {n[4:7]} {n[7:]}" for n in HISTORY_SCENARIOS]
    assert [number for number in grouped if f"| {number} |" not in readme] == []
