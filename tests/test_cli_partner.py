"""`omidesk partner …` as a real process against the sandbox over real HTTP: JSON fields,
exit codes, the masked company key, every local check sending nothing, the confirmation,
a lost top-up never resent, and secrets kept off the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from omidesk.domain import settings as settings_mod
from omidesk.infra import settings_file
from omidesk.infra.keystore import PARTNER_KEY, KeyStore
from omidesk.infra.paths import default_paths
from omidesk.sandbox import partner as fake
from omidesk.sandbox.server import Sandbox
from tests.conftest import ROOT, run_cli
from tests.fake_keyring import STORE_ENV

# `omidesk partner` as a real subprocess against the sandbox.
pytestmark = pytest.mark.integration

DESCRIPTION = "Nạp tiền tháng 12 cho khách hàng theo hợp đồng đại lý số 2026-12-001"
PHO = "chu@phohanoi.vn"
TENANT_FIELDS = [
    "id",
    "full_name",
    "email",
    "enabled",
    "status",
    "balance",
    "currency",
    "expire_date",
    "package",
    "hotlines",
]


@pytest.fixture
def partner(sandbox: Sandbox) -> Sandbox:
    """A profile pointed at the sandbox, the partner key in its own keyring entry."""
    paths = default_paths().ensure()
    settings = settings_mod.Settings(base_url=sandbox.base_url, timeout_s=2.0)
    settings_file.save(paths.settings_file, settings)
    KeyStore(paths.partner_secret_file, entry=PARTNER_KEY).set(fake.PARTNER_API_KEY)
    return sandbox


def sent(sandbox: Sandbox, path: str) -> list:
    return sandbox.partner_api.requests(path)


def top_up(*extra: str, amount: str = "1.500.000", email: str = PHO, stdin: str | None = None):
    return run_cli(
        "partner", "top-up", email, amount, "--description", DESCRIPTION, *extra, stdin=stdin
    )


# --- the key ------------------------------------------------------------------------------------


def test_set_api_key_stores_the_partner_key_in_its_own_entry(sandbox: Sandbox):
    result = run_cli("partner", "set-api-key", stdin="partner-key-from-stdin\n")
    assert result.code == 0, result.err
    stored = json.loads(Path(os.environ[STORE_ENV]).read_text(encoding="utf-8"))
    assert stored == {"omidesk/partner-api-key": "partner-key-from-stdin"}


@pytest.mark.parametrize(
    "argv",
    [
        ("partner", "set-api-key", "sk-partner-secret-123"),
        ("partner", "add", "--email", "a@b.vn", "--password", "Secret#123x"),
        ("partner", "add", "--email", "a@b.vn", "--password=Secret#123x"),
    ],
)
def test_a_key_or_password_on_the_command_line_is_refused_unseen(partner: Sandbox, argv):
    result = run_cli(*argv)
    assert result.code == 2
    assert "Secret#123x" not in result.out + result.err
    assert "sk-partner-secret-123" not in result.out + result.err
    assert partner.requests == []


def test_without_a_partner_key_nothing_is_sent_and_it_says_how_to_set_one(sandbox: Sandbox):
    paths = default_paths().ensure()
    settings_file.save(paths.settings_file, settings_mod.Settings(base_url=sandbox.base_url))
    KeyStore(paths.secret_file).set(sandbox.api_key)  # the company's key is not the partner's
    result = run_cli("partner", "tenants")
    assert result.code == 5
    assert "omidesk partner set-api-key" in result.err
    assert sandbox.requests == []


def test_a_company_key_is_warned_of_and_refused_as_partner_invalid(partner: Sandbox):
    result = run_cli("partner", "tenants", OMIDESK_PARTNER_API_KEY=partner.api_key)
    assert result.code == 3
    assert "not as a partner" in result.err  # the warning: access_type is not "bussiness"
    assert "partner_invalid" in result.err
    assert result.out == ""


# --- listing and reading ----------------------------------------------------------------------


def test_tenants_json_lists_every_page_with_the_documented_fields(partner: Sandbox):
    result = run_cli("partner", "tenants", "--json")
    assert result.code == 0, result.err
    listed = json.loads(result.out)
    assert len(listed) == 12
    assert all(list(item) == TENANT_FIELDS for item in listed)
    assert len(sent(partner, fake.LIST)) == 3
    pho = next(item for item in listed if item["email"] == PHO)
    assert (pho["balance"], pho["package"], pho["hotlines"]) == (3_007_855, "Business", 2)
    assert pho["expire_date"].endswith("Z")


def test_tenants_keyword_and_table(partner: Sandbox):
    result = run_cli("partner", "tenants", "--keyword", "hải âu")
    assert result.code == 0, result.err
    assert "Khách sạn Hải Âu Đà Nẵng" in result.out
    assert "5.400.000 ₫" in result.out
    assert "1 company." in result.out
    soon = run_cli("partner", "tenants", "--keyword", "nucuoiviet")
    assert "⚠ in 3 d" in soon.out  # expires within the warning days


def test_a_company_in_full_with_its_key_masked_unless_asked(partner: Sandbox):
    company = partner.partner_api.company(PHO)
    masked = run_cli("partner", "tenant", company.id, "--json")
    assert masked.code == 0, masked.err
    details = json.loads(masked.out)
    assert details["api_key"] == "••••" + company.api_key[-4:]
    assert details["effective_date"].endswith("Z")
    assert [n["number"] for n in details["public_numbers"]] == [n for n, _ in company.hotlines]
    text = run_cli("partner", "tenant", company.id)
    assert "••••" + company.api_key[-4:] in text.out
    assert company.api_key not in text.out
    shown = run_cli("partner", "tenant", company.id, "--json", "--show-api-key")
    assert json.loads(shown.out)["api_key"] == company.api_key


def test_no_company_key_in_any_file_or_log(partner: Sandbox, home: Path):
    companies = partner.partner_api.companies()
    for company in companies[:3]:
        assert run_cli("--debug", "partner", "tenant", company.id).code == 0
    assert run_cli("--debug", "partner", "tenants", "--json").code == 0
    assert top_up("--yes").code == 0
    keys = [company.api_key for company in companies]
    files = [path for path in home.rglob("*") if path.is_file()]
    assert any(path.name == "omidesk.log" for path in files)
    for path in files:
        content = path.read_bytes()
        for key in keys:
            assert key.encode() not in content, path
        assert fake.PARTNER_API_KEY.encode() not in content, path


def test_an_unknown_id_is_omicalls_refusal(partner: Sandbox):
    result = run_cli("partner", "tenant", "no-such-company")
    assert result.code == 3
    assert "request_invalid" in result.err


# --- adding a company -------------------------------------------------------------------------

ADD = (
    "partner",
    "add",
    "--email",
    "moi@congty.vn",
    "--full-name",
    "Công ty Mới",
    "--owner-name",
    "Trần Thị Bình",
    "--phone",
    "090 123 4567",
)


def test_add_creates_the_company_and_reports_it_activated(partner: Sandbox):
    partner.partner_api.activation_s = 0.3
    result = run_cli(*ADD, "--auto-active", "--password-stdin", "--json", stdin="Matkhau#2026\n")
    assert result.code == 0, result.err
    created = json.loads(result.out)
    company = partner.partner_api.company("moi@congty.vn")
    assert created == {
        "id": company.id,
        "email": "moi@congty.vn",
        "status": "activated",
        "error": None,
        "errors": [],
        "message": f"Company moi@congty.vn created (id {company.id}) and activated.",
    }
    (request,) = sent(partner, fake.ADD)
    assert request.json["password"] == "Matkhau#2026"
    assert request.json["isAutoActive"] is True


@pytest.mark.parametrize(
    ("change", "password", "code"),
    [
        (("--email", "moi@congty"), "Matkhau#2026", "tenant_email_invalid"),
        (("--phone", "12"), "Matkhau#2026", "number_too_short"),
        (("--full-name", " "), "Matkhau#2026", "tenant_company_name_missing"),
        (("--owner-name", "B" * 255), "Matkhau#2026", "tenant_owner_name_too_long"),
        ((), "matkhau2026", "tenant_password_no_upper"),
        ((), "Matkhau2026", "tenant_password_no_special"),
        ((), "Mk#1", "tenant_password_short"),
    ],
)
def test_every_local_check_of_add_sends_nothing(partner: Sandbox, change, password, code):
    argv = list(ADD)
    if change:
        argv[argv.index(change[0]) + 1] = change[1]
    result = run_cli(*argv, "--password-stdin", "--json", stdin=password + "\n")
    assert result.code == 2, result.err
    assert code in json.loads(result.out)["errors"]
    assert partner.requests == []


def test_add_without_a_terminal_or_password_stdin_asks_for_nothing_and_sends_nothing(
    partner: Sandbox,
):
    result = run_cli(*ADD, stdin="")
    assert result.code == 2
    assert "--password-stdin" in result.err
    assert sent(partner, fake.ADD) == []


# --- topping up -------------------------------------------------------------------------------


def test_top_up_with_yes_sends_once_and_reports_the_balance(partner: Sandbox):
    result = top_up("--yes", "--json", "--wallet", "service")
    assert result.code == 0, result.err
    outcome = json.loads(result.out)
    assert outcome["status"] == "done"
    assert (outcome["balance_before"], outcome["balance_after"]) == (3_007_855, 4_507_855)
    assert outcome["wallet"] == "service"
    assert [r.json["wallet"] for r in sent(partner, fake.UPDATE_BALANCE)] == ["SPK"]
    ledger = json.loads(run_cli("partner", "ledger", "--json").out)
    assert [(e["status"], e["amount"], e["wallet"]) for e in ledger] == [
        ("done", 1_500_000, "service")
    ]


@pytest.mark.parametrize(
    ("amount", "extra", "code"),
    [
        ("9999", (), "top_up_amount_too_small"),
        ("12345.5", (), "top_up_amount_not_whole"),
        ("abc", (), "top_up_amount_invalid"),
        ("20000", ("--wallet", "gold"), "top_up_wallet_invalid"),
    ],
)
def test_every_local_check_of_top_up_sends_nothing(partner: Sandbox, amount, extra, code):
    result = top_up("--yes", "--json", *extra, amount=amount)
    assert result.code == 2
    assert json.loads(result.out)["error"] == code
    assert partner.requests == []


def test_a_short_description_and_a_bad_email_send_nothing(partner: Sandbox):
    result = run_cli("partner", "top-up", "chu@pho", "20000", "--description", "ngắn quá", "--yes")
    assert result.code == 2
    assert "tenant_email_invalid" in result.err and "top_up_description_short" in result.err
    assert partner.requests == []


def test_without_a_terminal_a_top_up_is_not_sent_unless_yes(partner: Sandbox):
    result = top_up(stdin="yes\n")  # no terminal: no one could read the question
    assert result.code == 2
    assert "top_up_confirmation_needed" in result.err
    assert sent(partner, fake.UPDATE_BALANCE) == []


def test_a_lost_answer_is_unknown_in_the_ledger_and_never_resent(partner: Sandbox):
    lost = top_up("--yes", "--json", amount=str(fake.NO_ANSWER_AMOUNT))
    assert lost.code == 4
    assert json.loads(lost.out)["status"] == "unknown"
    ledger = json.loads(run_cli("partner", "ledger", "--json").out)
    assert [(e["status"], e["amount"]) for e in ledger] == [("unknown", 777_777)]
    assert list(ledger[0]) == [
        "id",
        "created_at",
        "email",
        "amount",
        "wallet",
        "description",
        "status",
        "error",
    ]
    # A script's next top-up to the same company is refused until a person checked.
    again = top_up("--yes")
    assert again.code == 3
    assert "top_up_unknown_pending" in again.err
    assert len(sent(partner, fake.UPDATE_BALANCE)) == 1
    assert len(partner.partner_api.credited) == 1


def test_omicalls_refusal_of_a_top_up_exits_3(partner: Sandbox):
    result = top_up("--yes", email=fake.LOCKED_EMAIL)
    assert result.code == 3
    assert "access_denied" in result.err
    ledger = json.loads(run_cli("partner", "ledger", "--json").out)
    assert [(e["status"], e["error"]) for e in ledger] == [("refused", "access_denied")]


# --- the confirmation on a terminal ----------------------------------------------------------


def on_terminal(*args: str, answer: str) -> tuple[int, str]:
    """`omidesk ARGS` with a pseudo-terminal as its standard input, answering `answer`."""
    import pty

    leader, follower = pty.openpty()
    environment = dict(os.environ)
    environment["PYTHON_KEYRING_BACKEND"] = "tests.fake_keyring.FileKeyring"
    environment["PYTHONPATH"] = str(ROOT) + os.pathsep + environment.get("PYTHONPATH", "")
    environment["PYTHONIOENCODING"] = "utf-8"
    try:
        with subprocess.Popen(
            [sys.executable, "-m", "omidesk", *args],
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=environment,
            cwd=ROOT,
        ) as process:
            os.write(leader, answer.encode() + b"\n")
            out, _ = process.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    return process.returncode, out.decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize(("answer", "code", "sends"), [("yes", 0, 1), ("no", 3, 0)])
def test_on_a_terminal_the_top_up_is_asked_with_name_email_amount_and_wallet(
    partner: Sandbox, answer: str, code: int, sends: int
):
    returned, out = on_terminal(
        "partner", "top-up", PHO, "1500000", "--description", DESCRIPTION, answer=answer
    )
    assert returned == code, out
    assert (
        "Top up Công ty TNHH Phở Hà Nội (chu@phohanoi.vn) with 1.500.000 ₫ into the "
        "call wallet (NORMAL)?"
    ) in out
    assert "Balance now: 3.007.855 ₫." in out
    assert len(sent(partner, fake.UPDATE_BALANCE)) == sends
