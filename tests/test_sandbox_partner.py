"""The sandbox's partner API over real HTTP: its keys, paging, activation, every documented
error code of seed 003 and its two faults (sandbox/partner.py)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from omidesk.sandbox import partner as fake
from omidesk.sandbox.server import Sandbox

# The sandbox's partner paths over real HTTP.
pytestmark = pytest.mark.integration

DESCRIPTION = "Nạp tiền tháng 12 cho khách hàng theo hợp đồng đại lý số 2026-12-001"
GOOD_COMPANY = {
    "email": "moi@congty.vn",
    "password": "Matkhau#2026",
    "fullName": "Công ty Mới",
    "ownerName": "Trần Thị Bình",
    "phone": "0901234567",
    "isAutoActive": True,
}


def token(sandbox: Sandbox, key: str) -> str:
    answer = httpx.get(sandbox.base_url + "/api/auth", params={"apiKey": key}).json()
    return answer["payload"]["access_token"]


def call(sandbox: Sandbox, method: str, path: str, key: str = fake.PARTNER_API_KEY, **kw) -> Any:
    headers = {"Authorization": f"Bearer {token(sandbox, key)}"}
    timeout = kw.pop("timeout", 5)
    return httpx.request(
        method, sandbox.base_url + path, headers=headers, timeout=timeout, **kw
    ).json()


def test_the_partner_key_signs_in_as_a_partner_and_the_company_key_as_a_company(sandbox):
    for key, kind in ((fake.PARTNER_API_KEY, "bussiness"), (sandbox.api_key, "normal")):
        answer = httpx.get(sandbox.base_url + "/api/auth", params={"apiKey": key}).json()
        assert answer["payload"]["access_type"] == kind


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", fake.ADD), ("POST", fake.LIST), ("GET", fake.INFO), ("POST", fake.UPDATE_BALANCE)],
)
def test_every_partner_path_refuses_a_company_token(sandbox, method: str, path: str):
    answer = call(sandbox, method, path, key=sandbox.api_key, json={})
    assert (answer["status_code"], answer["message"]) == (-9999, "partner_invalid")


def test_a_dozen_companies_come_a_few_per_page_whatever_size_is_asked(sandbox):
    first = call(sandbox, "POST", fake.LIST + "?page=1&size=50", json={"keyword": ""})["payload"]
    assert (len(first["items"]), first["has_next"], first["total_items"]) == (5, True, 12)
    last = call(sandbox, "POST", fake.LIST + "?page=3&size=50", json={})["payload"]
    assert (len(last["items"]), last["has_next"]) == (2, False)


def test_keyword_matches_names_and_emails_without_marks(sandbox):
    found = call(sandbox, "POST", fake.LIST, json={"keyword": "pho ha noi"})["payload"]["items"]
    assert [item["full_name"] for item in found] == ["Công ty TNHH Phở Hà Nội"]
    by_mail = call(sandbox, "POST", fake.LIST, json={"keyword": "EDU.VN"})["payload"]["items"]
    assert len(by_mail) == 2


ADD_ERRORS = [
    (None, "body_request_is_required"),
    ({"email": "a@b.vn"}, "request_invalid"),
    (GOOD_COMPANY | {"email": "khong-phai-email"}, "email_invalid"),
    (GOOD_COMPANY | {"password": "matkhau"}, "password_invalid"),
    (GOOD_COMPANY | {"email": "chu@phohanoi.vn"}, "email_registered"),
    (GOOD_COMPANY | {"email": fake.CREATE_ERROR_EMAIL}, "create_tenant_error"),
    (GOOD_COMPANY | {"email": fake.TENANT_INVALID_EMAIL}, "tenant_invalid"),
]
TOP_UP = {"email": "chu@phohanoi.vn", "amount": 50_000, "description": DESCRIPTION}
TOP_UP_ERRORS = [
    (None, "body_request_is_required"),
    (TOP_UP | {"email": fake.LOCKED_EMAIL}, "access_denied"),
    (TOP_UP | {"email": "nobody@nowhere.vn"}, "access_denied"),
    (TOP_UP | {"amount": 9_999}, "amount_gte_10.000_vnd"),
    (TOP_UP | {"description": ""}, "description_is_required"),
    (TOP_UP | {"description": "ngắn"}, "description_is_to_short.gte_50_characters"),
    (TOP_UP | {"wallet": "GOLD"}, "request_invalid"),
]


@pytest.mark.parametrize(
    ("path", "body", "code"),
    [(fake.ADD, body, code) for body, code in ADD_ERRORS]
    + [(fake.UPDATE_BALANCE, body, code) for body, code in TOP_UP_ERRORS],
    ids=lambda value: value if isinstance(value, str) and not value.startswith("/") else "",
)
def test_every_documented_error_can_be_had(sandbox, path: str, body, code: str):
    answer = call(sandbox, "POST", path, json=body) if body else call(sandbox, "POST", path)
    assert (answer["status_code"], answer["message"]) == (-9999, code)
    assert sandbox.partner_api.credited == []


def test_a_new_company_is_activated_after_the_activation_delay(sandbox):
    sandbox.partner_api.activation_s = 60
    created = call(sandbox, "POST", fake.ADD, json=GOOD_COMPANY)["payload"]["id"]
    info = call(sandbox, "GET", fake.INFO, params={"id": created})["payload"]
    assert (info["status"], info["email"], info["enabled"]) == ("activating", "moi@congty.vn", True)
    assert info["api_key"]


def test_a_top_up_is_credited_once(sandbox):
    before = sandbox.partner_api.company("chu@phohanoi.vn").balance
    answer = call(sandbox, "POST", fake.UPDATE_BALANCE, json=TOP_UP | {"wallet": "SPK"})
    assert answer["status_code"] == 9999
    assert sandbox.partner_api.company("chu@phohanoi.vn").balance == before + 50_000
    assert sandbox.partner_api.credited == [("chu@phohanoi.vn", 50_000, "service")]


def test_the_fault_amounts_credit_and_lose_the_answer(sandbox):
    with pytest.raises(httpx.ReadTimeout):
        call(
            sandbox,
            "POST",
            fake.UPDATE_BALANCE,
            json=TOP_UP | {"amount": fake.NO_ANSWER_AMOUNT},
            timeout=0.5,
        )
    with pytest.raises(httpx.RemoteProtocolError):
        call(sandbox, "POST", fake.UPDATE_BALANCE, json=TOP_UP | {"amount": fake.DROPPED_AMOUNT})
    assert [amount for _, amount, _ in sandbox.partner_api.credited] == [777_777, 888_888]


def test_autocall_and_the_partner_key_answer_as_the_first_request_of_a_fresh_sandbox():
    # Their APIs are built with their first request: nothing of the sandbox touched before.
    from omidesk.sandbox.autocall import DEFAULT_SECRET, TOKEN

    with Sandbox() as fresh:
        answer = httpx.get(fresh.base_url + TOKEN, params={"secret_key": DEFAULT_SECRET})
        assert answer.status_code == 200
        assert answer.json()["results"]["access_token"].startswith("ac.")
    with Sandbox() as fresh:
        answer = httpx.get(fresh.base_url + "/api/auth", params={"apiKey": fake.PARTNER_API_KEY})
        assert answer.json()["payload"]["access_type"] == "bussiness"
        wrong = httpx.get(fresh.base_url + "/api/auth", params={"apiKey": "not-a-key"}).json()
        assert (wrong["status_code"], wrong["message"]) == (-9999, "api_key_invalid")
    with Sandbox() as fresh:
        assert httpx.get(fresh.base_url + "/api/nowhere").status_code == 404
