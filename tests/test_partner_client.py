"""The partner adapter against the sandbox over real HTTP: listing across pages, reading a
company, its secret key, the partner's words for errors, and a lost answer never resent."""

from __future__ import annotations

import asyncio
import logging
import socket

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omidesk.domain.catalogue import CATALOGUE
from omidesk.domain.tenants import NewTenant, TopUpRequest, Wallet
from omidesk.infra import logs
from omidesk.omicall.errors import OmiCallError
from omidesk.omicall.partner import LIST, SEED_CODES, PartnerClient
from omidesk.sandbox import partner as fake
from omidesk.sandbox.server import Sandbox
from tests.hostile_server import Answer, HostileServer, envelope

# The partner client against the sandbox and hostile servers over real HTTP.
pytestmark = pytest.mark.integration

DESCRIPTION = "Nạp tiền tháng 12 cho khách hàng theo hợp đồng đại lý số 2026-12-001"


def run(sandbox_or_url, action, *, key: str = fake.PARTNER_API_KEY, timeout_s: float = 2.0):
    base_url = getattr(sandbox_or_url, "base_url", sandbox_or_url)

    async def go():
        async with httpx.AsyncClient() as http:
            client = PartnerClient(
                http, base_url, key, timeout_s=timeout_s, secrets=logs.add_secret
            )
            return await action(client), client

    return asyncio.run(go())


def failure(*args, **kwargs) -> OmiCallError:
    with pytest.raises(OmiCallError) as caught:
        run(*args, **kwargs)
    return caught.value


def list_requests(sandbox: Sandbox) -> list[tuple[str, str]]:
    return [(r.query["page"], r.query["size"]) for r in sandbox.partner_api.requests(LIST)]


def test_listing_follows_every_page_when_the_server_caps_the_size(sandbox: Sandbox):
    tenants, client = run(sandbox, lambda c: c.tenants())
    assert len(tenants) == 12
    assert len({tenant.id for tenant in tenants}) == 12
    assert list_requests(sandbox) == [("1", "50"), ("2", "50"), ("3", "50")]
    assert client.access_type == "bussiness"
    assert not client.not_a_partner_key
    assert len(sandbox.auths()) == 1


def test_keyword_search_is_the_servers(sandbox: Sandbox):
    tenants, _ = run(sandbox, lambda c: c.tenants("edu.vn"))
    assert sorted(t.email for t in tenants) == ["lienhe@binhminh.edu.vn", "tuyensinh@donga.edu.vn"]
    assert [r.json for r in sandbox.partner_api.requests(LIST)] == [{"keyword": "edu.vn"}]


def test_a_bare_array_is_paged_until_an_empty_page(sandbox: Sandbox):
    sandbox.partner_api.list_shape = "bare"
    tenants, _ = run(sandbox, lambda c: c.tenants())
    assert len(tenants) == 12
    assert [page for page, _ in list_requests(sandbox)] == ["1", "2", "3", "4"]


def test_a_server_that_repeats_the_same_page_does_not_keep_the_listing_going():
    items = [{"id": "a1", "full_name": "A", "email": "a@a.vn"}]
    with HostileServer({LIST: Answer(envelope(items))}) as server:
        tenants, _ = run(server.base_url, lambda c: c.tenants())
        asked = len(server.on(LIST))
    assert [t.id for t in tenants] == ["a1"]
    assert asked == 2


def test_the_list_reads_each_documented_field(sandbox: Sandbox):
    tenants, _ = run(sandbox, lambda c: c.tenants("phohanoi"))
    (pho,) = tenants
    company = sandbox.partner_api.company("chu@phohanoi.vn")
    assert pho.to_json() | {"id": None, "expire_date": None} == {
        "id": None,
        "full_name": "Công ty TNHH Phở Hà Nội",
        "email": "chu@phohanoi.vn",
        "enabled": True,
        "status": "activated",
        "balance": 3_007_855,
        "currency": "VND",
        "expire_date": None,
        "package": "Business",
        "hotlines": 2,
    }
    assert pho.id == company.id
    assert pho.expire_at is not None and pho.expire_at.timestamp() * 1000 == pytest.approx(
        company.expire_ms, abs=1
    )


def test_a_company_in_full_with_its_key_masked_and_registered_as_a_secret(sandbox: Sandbox):
    company = sandbox.partner_api.company("chu@phohanoi.vn")
    details, _ = run(sandbox, lambda c: c.tenant(company.id))
    assert details.full_name == "Công ty TNHH Phở Hà Nội"
    assert [h.number for h in details.public_numbers] == [n for n, _ in company.hotlines]
    assert details.service_package is not None and details.service_package.code_name == "business"
    assert details.api_key is not None
    assert details.api_key.masked() == "••••" + company.api_key[-4:]
    assert details.to_json()["api_key"] == "••••" + company.api_key[-4:]
    assert logs.scrub(f"key={company.api_key}") == f"key={logs.MASK}"


def test_a_crash_report_holds_no_company_key(sandbox: Sandbox, tmp_path):
    company = sandbox.partner_api.company("hotro@antam.vn")
    details, _ = run(sandbox, lambda c: c.tenant(company.id))
    # A bug whose traceback would show the key (a repr, a local variable)...
    text = f"Traceback: details={details!r} key={details.api_key.reveal()}"
    report = logs.write_crash_report(text, tmp_path)
    assert report is not None
    written = report.read_text(encoding="utf-8")
    assert "key=" + logs.MASK in written
    assert company.api_key not in written


def test_no_company_key_reaches_a_log_line(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture, tmp_path
):
    # As the app runs: its logging set up in debug mode, writing the log file.
    log_file = tmp_path / "omidesk.log"
    logs.setup(log_file, debug=True)
    caplog.set_level(logging.DEBUG)
    companies = sandbox.partner_api.companies()

    async def everything(client: PartnerClient):
        await client.tenants()
        for company in companies:
            await client.tenant(company.id)

    run(sandbox, everything)
    # What was logged, before any scrubbing: the code itself never logs a key.
    written = log_file.read_text(encoding="utf-8")
    logs.setup(None)
    assert "/api/partner/tenant/info" in caplog.text
    assert "/api/partner/tenant/info" in written
    for text in (caplog.text, written):
        for company in companies:
            assert company.api_key not in text
        assert fake.PARTNER_API_KEY not in text


def test_a_company_key_gets_partner_invalid_and_is_told_as_not_a_partners(sandbox: Sandbox):
    error = failure(sandbox, lambda c: c.tenants(), key=sandbox.api_key)
    assert (error.code, error.consequence) == ("partner_invalid", "rejected")
    signed, client = run(sandbox, lambda c: c.sign_in(), key=sandbox.api_key)
    assert signed == "normal"
    assert client.not_a_partner_key


@pytest.mark.parametrize(
    ("key", "code"),
    [("wrong-partner-key-000", "partner_api_key_invalid"), ("", "partner_not_configured")],
)
def test_key_problems_are_told_in_the_partners_words(sandbox: Sandbox, key: str, code: str):
    error = failure(sandbox, lambda c: c.tenants(), key=key)
    assert (error.code, error.consequence) == (code, "rejected")
    assert code in CATALOGUE


def test_nothing_listening_is_a_connection_failure_in_the_partners_words():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = failure(f"http://127.0.0.1:{port}", lambda c: c.tenants())
    assert (error.code, error.consequence) == ("partner_cannot_connect", "failed")
    assert error.params["host"] == f"127.0.0.1:{port}"


def test_an_undocumented_code_keeps_omicalls_words():
    answer = Answer(envelope(None, status_code=-9999, message="Tenant locked by administrator"))
    with HostileServer({LIST: answer}) as server:
        error = failure(server.base_url, lambda c: c.tenants())
    assert error.code == "partner_unknown"
    assert error.params["said"] == "Tenant locked by administrator"


def test_the_seed_codes_all_have_words():
    assert set(SEED_CODES) | {"partner_tenant_invalid"} <= set(CATALOGUE)


def test_adding_a_company_returns_its_id(sandbox: Sandbox):
    new = NewTenant("moi@congty.vn", "Matkhau#2026", "Công ty Mới", "Trần Bình", "0901234567")
    tenant_id, _ = run(sandbox, lambda c: c.add(new))
    assert sandbox.partner_api.company("moi@congty.vn").id == tenant_id
    (sent,) = sandbox.partner_api.requests(fake.ADD)
    assert sent.json == new.to_body()
    assert logs.scrub("Matkhau#2026") == logs.MASK


def test_a_top_up_whose_answer_is_lost_is_unknown_and_sent_once(sandbox: Sandbox):
    request = TopUpRequest("chu@phohanoi.vn", fake.NO_ANSWER_AMOUNT, DESCRIPTION, Wallet.SERVICE)
    error = failure(sandbox, lambda c: c.top_up(request), timeout_s=0.5)
    assert (error.code, error.consequence) == ("partner_no_answer", "unknown")
    assert len(sandbox.partner_api.requests(fake.UPDATE_BALANCE)) == 1
    assert sandbox.partner_api.credited == [("chu@phohanoi.vn", 777_777, "service")]


@pytest.mark.parametrize(
    ("amount", "description", "email", "code"),
    [
        (9_999, DESCRIPTION, "chu@phohanoi.vn", "amount_gte_10.000_vnd"),
        (20_000, "ngắn", "chu@phohanoi.vn", "description_is_to_short.gte_50_characters"),
        (20_000, DESCRIPTION, fake.LOCKED_EMAIL, "access_denied"),
    ],
)
def test_omicalls_refusals_of_a_top_up_keep_their_codes(
    sandbox: Sandbox, amount: int, description: str, email: str, code: str
):
    # Sent as is, past our own checks, to prove the server's codes are read (dots and all).
    request = TopUpRequest(email, amount, description, Wallet.CALL)
    error = failure(sandbox, lambda c: c.top_up(request))
    assert (error.code, error.consequence) == (code, "rejected")
    assert sandbox.partner_api.credited == []


# --- server text: the fast path for clean text gives what the full cleaning gives ----------


def _slow_clean(text: str, limit: int) -> str:
    from omidesk.domain.server_text import _TABLE

    cleaned = " ".join(text[: limit * 4].translate(_TABLE).split())
    return cleaned[: limit - 1].rstrip() + "…" if len(cleaned) > limit else cleaned


@given(st.text(max_size=80), st.integers(min_value=1, max_value=100))
@settings(max_examples=400, deadline=None)
def test_clean_text_is_returned_as_it_is_and_anything_else_cleaned(text: str, limit: int):
    from omidesk.domain.server_text import clean

    assert clean(text, limit) == _slow_clean(text, limit)


@pytest.mark.parametrize(
    "text", ["Công ty A", " lead", "trail ", "two  spaces", "tab\there", "bidi\u202eevil", ""]
)
def test_clean_on_the_texts_a_company_list_holds(text: str):
    from omidesk.domain.server_text import clean

    assert clean(text) == _slow_clean(text, 500)
