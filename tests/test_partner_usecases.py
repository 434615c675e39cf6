"""Top-ups and new companies against the sandbox over real HTTP, with a real SQLite ledger:
checked before sending, recorded before sending, sent once, a lost answer never resent."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from omidesk.domain.tenants import TopUpRequest, Wallet
from omidesk.infra import logs
from omidesk.omicall.partner import PartnerClient
from omidesk.sandbox import partner as fake
from omidesk.sandbox.server import Sandbox
from omidesk.store.db import Database
from omidesk.store.ledger import LedgerStore
from omidesk.usecases.create_tenant import CreateTenant
from omidesk.usecases.top_up import Plan, TopUps

# The partner use cases against the sandbox, with a real ledger file.
pytestmark = pytest.mark.integration

DESCRIPTION = "Nạp tiền tháng 12 cho khách hàng theo hợp đồng đại lý số 2026-12-001"
PHO = "chu@phohanoi.vn"
COMPANY = {
    "email": "moi@congty.vn",
    "password": "Matkhau#2026",
    "full_name": "Công ty Mới",
    "owner_name": "Trần Thị Bình",
    "phone": "090 123 4567",
    "auto_active": True,
}


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerStore]:
    with Database(tmp_path / "omidesk.sqlite3") as db:
        yield LedgerStore(db)


def with_partner(sandbox: Sandbox, action, *, key: str = fake.PARTNER_API_KEY, timeout_s=2.0):
    async def go():
        async with httpx.AsyncClient() as http:
            partner = PartnerClient(
                http, sandbox.base_url, key, timeout_s=timeout_s, secrets=logs.add_secret
            )
            return await action(partner)

    return asyncio.run(go())


def top_up(sandbox, ledger, *, confirm=True, timeout_s=2.0, lang="en", key=None, **fields):
    fields = {"email": PHO, "amount": "1.500.000", "description": DESCRIPTION} | fields
    fields.setdefault("wallet", "call")

    async def go(partner: PartnerClient):
        case = TopUps(partner, ledger, lang=lambda: lang, base_url=lambda: sandbox.base_url)
        plan = await case.plan(**fields)
        if not isinstance(plan, Plan) or not confirm:
            return plan, None
        return plan, await case.send(plan)

    return with_partner(sandbox, go, timeout_s=timeout_s, key=key or fake.PARTNER_API_KEY)


def sent(sandbox: Sandbox) -> list:
    return sandbox.partner_api.requests(fake.UPDATE_BALANCE)


# --- top-ups ---------------------------------------------------------------------------------


def test_a_top_up_is_confirmed_with_company_email_amount_and_wallet(sandbox, ledger):
    before = sandbox.partner_api.company(PHO).balance
    plan, _ = top_up(sandbox, ledger, confirm=False, lang="vi", wallet="service")
    assert isinstance(plan, Plan)
    question = plan.question("vi")
    assert "Công ty TNHH Phở Hà Nội" in question and PHO in question
    assert "1.500.000 ₫" in question and "ví dịch vụ (SPK)" in question
    assert "3.007.855 ₫" in question  # the balance now
    assert plan.balance_before == before
    assert sent(sandbox) == []  # planning sends nothing


def test_a_top_up_is_recorded_sent_once_and_its_balance_read_after(sandbox, ledger):
    plan, outcome = top_up(sandbox, ledger)
    assert outcome.status == "done"
    assert [r.json for r in sent(sandbox)] == [
        {"email": PHO, "amount": 1_500_000, "description": DESCRIPTION, "wallet": "NORMAL"}
    ]
    assert sandbox.partner_api.credited == [(PHO, 1_500_000, "call")]
    assert (outcome.balance_before, outcome.balance_after) == (3_007_855, 4_507_855)
    assert "Balance: 3.007.855 ₫ → 4.507.855 ₫ (+1.500.000 ₫)." in outcome.lines
    entry = ledger.get(outcome.entry_id)
    assert (entry.status, entry.amount, entry.company) == ("done", 1_500_000, plan.tenant.full_name)
    assert (entry.balance_before, entry.balance_after) == (3_007_855, 4_507_855)
    assert entry.base_url == sandbox.base_url


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"email": "khong-phai-email"}, "tenant_email_invalid"),
        ({"amount": "9.999"}, "top_up_amount_too_small"),
        ({"amount": "15000.5"}, "top_up_amount_not_whole"),
        ({"amount": "mười nghìn"}, "top_up_amount_invalid"),
        ({"description": "Nạp tiền"}, "top_up_description_short"),
        ({"description": ""}, "top_up_description_missing"),
        ({"wallet": "vàng"}, "top_up_wallet_invalid"),
    ],
)
def test_every_local_check_of_a_top_up_sends_nothing(sandbox, ledger, fields, code):
    plan, _ = top_up(sandbox, ledger, **fields)
    assert plan.status == "invalid"
    assert plan.error == code
    assert sandbox.requests == []  # not even a sign-in
    assert ledger.recent() == []


def test_a_company_that_is_not_the_partners_is_not_topped_up(sandbox, ledger):
    plan, _ = top_up(sandbox, ledger, email="nobody@nowhere.vn")
    assert (plan.status, plan.error) == ("invalid", "tenant_not_found")
    assert sent(sandbox) == []


@pytest.mark.parametrize("amount", [fake.NO_ANSWER_AMOUNT, fake.DROPPED_AMOUNT])
def test_a_lost_answer_is_unknown_in_the_ledger_and_never_resent(sandbox, ledger, amount):
    _, outcome = top_up(sandbox, ledger, amount=amount, timeout_s=0.5)
    assert (outcome.status, outcome.error) == ("unknown", "top_up_unknown")
    assert "check the balance before trying again" in outcome.next_step.lower()
    assert len(sent(sandbox)) == 1
    assert len(sandbox.partner_api.credited) == 1
    (entry,) = ledger.recent()
    assert entry.status == "unknown"
    assert entry.to_json()["status"] == "unknown"
    # The next top-up to the same company recalls it in its confirmation.
    plan, _ = top_up(sandbox, ledger, confirm=False)
    assert plan.unsettled is not None and plan.unsettled.id == entry.id
    assert f"ledger #{entry.id}" in plan.question("en")
    assert len(sent(sandbox)) == 1


def test_omicalls_refusal_is_recorded_refused(sandbox, ledger):
    _, outcome = top_up(sandbox, ledger, email=fake.LOCKED_EMAIL)
    assert (outcome.status, outcome.error) == ("refused", "access_denied")
    (entry,) = ledger.recent()
    assert (entry.status, entry.error) == ("refused", "access_denied")
    assert sandbox.partner_api.credited == []


def test_no_top_up_while_another_to_the_company_is_being_sent(sandbox, ledger):
    ledger.start(TopUpRequest(PHO, 20_000, DESCRIPTION, Wallet.CALL))
    _, outcome = top_up(sandbox, ledger)
    assert (outcome.status, outcome.error) == ("refused", "top_up_in_flight")
    assert sent(sandbox) == []


def test_stopped_while_waiting_for_the_answer_the_top_up_reads_unknown(sandbox, ledger):
    async def go(partner: PartnerClient):
        case = TopUps(partner, ledger, lang=lambda: "en")
        plan = await case.plan(
            email=PHO, amount=fake.NO_ANSWER_AMOUNT, description=DESCRIPTION, wallet="call"
        )
        task = asyncio.ensure_future(case.send(plan))
        while not sent(sandbox):
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    with_partner(sandbox, go, timeout_s=30)
    (entry,) = ledger.recent()
    assert (entry.status, entry.error) == ("unknown", "interrupted")


def test_a_company_key_is_refused_as_not_a_partners(sandbox, ledger):
    plan, _ = top_up(sandbox, ledger, key=sandbox.api_key)
    assert (plan.status, plan.error) == ("refused", "partner_invalid")
    assert sent(sandbox) == []


# --- new companies ---------------------------------------------------------------------------


def create(sandbox, *, wait_s=15.0, **fields):
    created_ids: list[str] = []

    async def go(partner: PartnerClient):
        case = CreateTenant(partner, lang=lambda: "en", wait_s=wait_s, every_s=0.1)
        return await case.create(**(COMPANY | fields), on_created=created_ids.append)

    return with_partner(sandbox, go), created_ids


def test_a_new_company_is_reported_activated_once_omicall_activates_it(sandbox):
    sandbox.partner_api.activation_s = 0.5
    created, heard = create(sandbox)
    company = sandbox.partner_api.company("moi@congty.vn")
    assert (created.status, created.id) == ("activated", company.id)
    assert heard == [company.id]
    infos = sandbox.partner_api.requests(fake.INFO)
    assert len(infos) >= 2  # polled: "activating" first, then "activated"
    assert all(r.query == {"id": company.id} for r in infos)
    (add,) = sandbox.partner_api.requests(fake.ADD)
    assert add.json["phone"] == "0901234567"


def test_a_company_not_activated_in_time_is_still_activating(sandbox):
    sandbox.partner_api.activation_s = 60
    created, _ = create(sandbox, wait_s=0.5)
    assert created.status == "activating"
    assert "still activating" in created.message
    assert len(sandbox.partner_api.requests(fake.ADD)) == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"email": "moi@congty"}, "tenant_email_invalid"),
        ({"password": "matkhau"}, "tenant_password_short"),
        ({"password": "matkhau#2026"}, "tenant_password_no_upper"),
        ({"full_name": "  "}, "tenant_company_name_missing"),
        ({"owner_name": "B" * 255}, "tenant_owner_name_too_long"),
        ({"phone": "12"}, "number_too_short"),
    ],
)
def test_every_local_check_of_a_new_company_sends_nothing(sandbox, fields, code):
    created, _ = create(sandbox, **fields)
    assert (created.status, created.error) == ("invalid", code)
    assert sandbox.requests == []


@pytest.mark.parametrize(
    ("email", "code"),
    [
        (PHO, "email_registered"),
        (fake.CREATE_ERROR_EMAIL, "create_tenant_error"),
        # OMICall's tenant_invalid, from the partner API: the token is not a partner's.
        (fake.TENANT_INVALID_EMAIL, "partner_tenant_invalid"),
    ],
)
def test_omicalls_refusals_of_a_new_company(sandbox, email: str, code: str):
    created, heard = create(sandbox, email=email)
    assert (created.status, created.error) == ("refused", code)
    assert heard == []
    assert "{" not in created.message and created.next_step


def test_a_new_company_whose_answer_is_lost_is_unknown_and_never_resent(sandbox):
    # OMICall reads the request, then the connection closes: the company may exist now.
    sandbox.route("POST", fake.ADD, lambda _request, _token: None)
    created, heard = create(sandbox)
    assert (created.status, created.error) == ("unknown", "tenant_add_unknown")
    assert created.message == (
        "No answer from OMICall: whether the company of moi@congty.vn was created is unknown."
    )
    assert "omidesk partner tenants --keyword" in created.next_step
    assert heard == []
    assert len(sandbox.partner_api.requests(fake.ADD)) == 1


def test_the_demo_wires_the_sandboxs_partner_key_and_the_ledger(tmp_path: Path):
    from omidesk.infra.paths import Paths
    from omidesk.services import build

    async def go():
        services = build(Paths(tmp_path / "c", tmp_path / "d", tmp_path / "l"), demo=True)
        try:
            partner = services.partner
            assert partner.api_key() == fake.PARTNER_API_KEY
            partner.configure()
            assert partner.keystore.get() is None  # the demo's key is never stored
            listed = await partner.client.tenants()
            assert len(listed) == 12
            assert partner.client.access_type == "bussiness"
            assert partner.ledger.recent() == []
        finally:
            await services.aclose()

    asyncio.run(go())
