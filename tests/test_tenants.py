"""The partner's companies, Qt-free and offline: the checks before creating one or topping
one up, amounts, dates, expiry and the company's key (domain/tenants.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from omidesk.domain import tenants
from omidesk.domain.catalogue import CATALOGUE, explain
from omidesk.domain.tenants import (
    CompanyKey,
    Expiry,
    Invalid,
    NewTenant,
    TenantDetails,
    TopUpRequest,
    Wallet,
    check_new_tenant,
    check_top_up,
    expiry,
    format_vnd,
    from_ms,
    iso,
    parse_amount,
)

GOOD_COMPANY = {
    "email": "chu.doanh.nghiep@congty.vn",
    "password": "Matkhau#2024",
    "full_name": "Công ty TNHH Phở Hà Nội",
    "owner_name": "Nguyễn Văn An",
    "phone": "090 123 4567",
}
DESCRIPTION = "Nạp tiền tháng 6 cho Công ty Phở Hà Nội theo hợp đồng số 2024-06-001"


# --- amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1500000", 1_500_000),
        ("1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1\u00a0500\u00a0000", 1_500_000),
        ("1.500.000 ₫", 1_500_000),
        ("1500000đ", 1_500_000),
        ("1.500.000 VND", 1_500_000),
        ("10000", 10_000),
        ("10.000", 10_000),
        ("１５００００", 150_000),  # full-width digits, as some keyboards type them
        (250_000, 250_000),
    ],
)
def test_whole_amounts_are_read_in_every_usual_spelling(typed: str | int, amount: int):
    assert parse_amount(typed) == amount


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("9999", "top_up_amount_too_small"),
        ("9.999", "top_up_amount_too_small"),
        ("1500000.5", "top_up_amount_not_whole"),
        ("10,5", "top_up_amount_not_whole"),
        ("0", "top_up_amount_invalid"),
        ("-50000", "top_up_amount_invalid"),
        ("", "top_up_amount_invalid"),
        ("một triệu", "top_up_amount_invalid"),
        ("1.50.000", "top_up_amount_invalid"),  # grouped wrong: a typo, not an amount
        ("1,500.000", "top_up_amount_invalid"),  # two kinds of separator
        ("9" * 40, "top_up_amount_too_large"),
        (True, "top_up_amount_invalid"),
    ],
)
def test_amounts_that_are_not_whole_vnd_of_at_least_10000_say_why(typed, code: str):
    got = parse_amount(typed)
    assert isinstance(got, Invalid)
    assert (got.field, got.code) == ("amount", code)
    assert code in CATALOGUE


def test_amounts_are_shown_grouped_by_dots_with_the_dong_sign():
    assert format_vnd(1_500_000) == "1.500.000 ₫"
    assert format_vnd(10_000) == "10.000 ₫"
    assert format_vnd(999) == "999 ₫"
    assert format_vnd(-25_000) == "-25.000 ₫"
    assert format_vnd(3_007_855.4) == "3.007.855 ₫"
    assert format_vnd(None) == "—"
    assert tenants.format_money(12.5, "USD") == "12.50 USD"


# --- top-up checks ---------------------------------------------------------------------------


def test_a_good_top_up_becomes_the_documented_body():
    got = check_top_up(email=" Owner@CongTy.vn ", amount="1.500.000", description=DESCRIPTION)
    assert got == TopUpRequest("Owner@CongTy.vn", 1_500_000, DESCRIPTION, Wallet.CALL)
    assert got.to_body() == {
        "email": "Owner@CongTy.vn",
        "amount": 1_500_000,
        "description": DESCRIPTION,
        "wallet": "NORMAL",
    }
    service = check_top_up(email="a@b.vn", amount=20_000, description=DESCRIPTION, wallet="SPK")
    assert isinstance(service, TopUpRequest)
    assert service.to_body()["wallet"] == "SPK"


@pytest.mark.parametrize(("typed", "wallet"), [("service", "SPK"), ("call", "NORMAL")])
def test_wallets_by_our_names_are_omicalls(typed: str, wallet: str):
    got = check_top_up(email="a@b.vn", amount=20_000, description=DESCRIPTION, wallet=typed)
    assert isinstance(got, TopUpRequest)
    assert got.to_body()["wallet"] == wallet


def test_every_failing_field_of_a_top_up_is_reported_at_once():
    got = check_top_up(email="not-an-email", amount="5000", description="short", wallet="gold")
    assert isinstance(got, list)
    assert [(item.field, item.code) for item in got] == [
        ("email", "tenant_email_invalid"),
        ("amount", "top_up_amount_too_small"),
        ("description", "top_up_description_short"),
        ("wallet", "top_up_wallet_invalid"),
    ]
    assert got[2].params == {"length": 5}


def test_a_description_counts_what_a_person_sees():
    # 49 visible characters, padded with spaces and line breaks: still too short.
    padded = "  " + "a" * 24 + "\n\n  " + "b" * 24 + "   "
    got = check_top_up(email="a@b.vn", amount=20_000, description=padded)
    assert isinstance(got, list)
    assert got[0].code == "top_up_description_short"
    assert got[0].params == {"length": 49}
    blank = check_top_up(email="a@b.vn", amount=20_000, description="   ")
    assert isinstance(blank, list)
    assert blank[0].code == "top_up_description_missing"


# --- new company checks ----------------------------------------------------------------------


def test_a_good_company_becomes_the_documented_body_with_the_phone_normalised():
    got = check_new_tenant(**GOOD_COMPANY, auto_active=True)
    assert isinstance(got, NewTenant)
    assert got.to_body() == {
        "email": "chu.doanh.nghiep@congty.vn",
        "password": "Matkhau#2024",
        "fullName": "Công ty TNHH Phở Hà Nội",
        "ownerName": "Nguyễn Văn An",
        "phone": "0901234567",
        "isAutoActive": True,
    }
    assert "Matkhau" not in repr(got)


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("Ab1!", ["tenant_password_short"]),
        ("matkhau#2024", ["tenant_password_no_upper"]),
        ("MATKHAU#2024", ["tenant_password_no_lower"]),
        ("Matkhau#abcd", ["tenant_password_no_digit"]),
        ("Matkhau2024", ["tenant_password_no_special"]),
        ("Matkhau 2024", ["tenant_password_no_special"]),  # a space is no special character
        (
            "",
            [
                f"tenant_password_{n}"
                for n in ("short", "no_upper", "no_lower", "no_digit", "no_special")
            ],
        ),
        (
            "########",
            ["tenant_password_no_upper", "tenant_password_no_lower", "tenant_password_no_digit"],
        ),
        ("Mậtkhẩu#2024", []),  # Vietnamese letters count as letters
    ],
)
def test_the_password_rule_is_omicalls(password: str, codes: list[str]):
    got = check_new_tenant(**(GOOD_COMPANY | {"password": password}))
    found = [] if isinstance(got, NewTenant) else [item.code for item in got]
    assert found == codes
    for code in codes:
        words = explain(code, "en").message + explain(code, "vi").message
        assert password not in words or not password


@pytest.mark.parametrize(
    ("email", "ok"),
    [
        ("owner@congty.vn", True),
        ("first.last+tag@mail.example.com", True),
        ("owner@congty", False),
        ("owner@@congty.vn", False),
        ("owner congty@vn.vn", False),
        (".owner@congty.vn", False),
        ("owner@-congty.vn", False),
        ("owner@congty.v", False),
        ("", False),
        ("a" * 65 + "@congty.vn", False),
    ],
)
def test_emails(email: str, ok: bool):
    got = tenants.check_email(email)
    assert (got == email) if ok else (isinstance(got, Invalid) and got.field == "email")


def test_names_under_255_characters_are_required_and_cleaned():
    exactly = "Đ" * 254
    got = check_new_tenant(**(GOOD_COMPANY | {"full_name": exactly, "owner_name": " An\tBình\n"}))
    assert isinstance(got, NewTenant)
    assert (got.full_name, got.owner_name) == (exactly, "An Bình")
    too_long = check_new_tenant(**(GOOD_COMPANY | {"full_name": "Đ" * 255, "owner_name": " "}))
    assert isinstance(too_long, list)
    assert [(item.field, item.code, dict(item.params)) for item in too_long] == [
        ("full_name", "tenant_company_name_too_long", {"length": 255}),
        ("owner_name", "tenant_owner_name_missing", {}),
    ]


@pytest.mark.parametrize(
    ("phone", "code"),
    [("", "number_empty"), ("123", "number_too_short"), ("gọi tôi", "number_no_digits")],
)
def test_the_owners_phone_goes_through_the_cores_number_rules(phone: str, code: str):
    got = check_new_tenant(**(GOOD_COMPANY | {"phone": phone}))
    assert isinstance(got, list)
    assert [(item.field, item.code) for item in got] == [("phone", code)]
    said = explain(code, "vi", **got[0].params)
    assert "{" not in said.message


def test_an_old_11_digit_mobile_is_sent_as_its_new_number():
    got = check_new_tenant(**(GOOD_COMPANY | {"phone": "0165 123 4567"}))
    assert isinstance(got, NewTenant)
    assert got.phone == "0351234567"


# --- dates, expiry, keys ---------------------------------------------------------------------


def test_omicall_dates_in_ms_become_iso_8601_in_utc():
    assert iso(from_ms(1614936981790)) == "2021-03-05T09:36:21Z"
    assert iso(from_ms("2021-03-05T09:36:21Z")) == "2021-03-05T09:36:21Z"
    for noise in (None, 0, -5, True, "soon", 10**20, float("nan"), [1]):
        assert from_ms(noise) is None
    assert iso(None) is None


def test_expiry_warns_under_seven_days():
    now = datetime(2024, 6, 1, tzinfo=UTC)
    assert expiry(now + timedelta(days=30), now) is Expiry.OK
    assert expiry(now + timedelta(days=7), now) is Expiry.OK
    assert expiry(now + timedelta(days=6, hours=23), now) is Expiry.SOON
    assert expiry(now - timedelta(seconds=1), now) is Expiry.EXPIRED
    assert expiry(None, now) is None


def test_a_company_key_is_masked_wherever_it_is_printed():
    key = CompanyKey("K343KDK9-2I34K3K-3I33K3-2222")
    assert key.masked() == "••••2222"
    assert str(key) == "••••2222"
    assert "K343" not in repr(key) and "K343" not in f"{key}"
    assert key.reveal() == "K343KDK9-2I34K3K-3I33K3-2222"
    assert CompanyKey("short").masked() == "••••"
    details = TenantDetails(id="t1", full_name="A", email="a@b.vn", api_key=key)
    assert "K343" not in repr(details)
    assert details.to_json()["api_key"] == "••••2222"
    assert details.to_json(show_api_key=True)["api_key"] == key.reveal()


def test_the_list_json_has_exactly_the_documented_fields():
    tenant = tenants.Tenant(
        id="t1",
        full_name="Công ty A",
        email="a@b.vn",
        enabled=True,
        status="activated",
        balance=3_007_855,
        currency="VND",
        expire_at=from_ms(1614936981790),
        package="Trial",
        hotlines=2,
    )
    assert tenant.to_json() == {
        "id": "t1",
        "full_name": "Công ty A",
        "email": "a@b.vn",
        "enabled": True,
        "status": "activated",
        "balance": 3_007_855,
        "currency": "VND",
        "expire_date": "2021-03-05T09:36:21Z",
        "package": "Trial",
        "hotlines": 2,
    }


def test_every_code_a_check_can_give_has_words_in_both_languages():
    codes = {
        "tenant_email_invalid",
        "tenant_password_short",
        "tenant_password_no_upper",
        "tenant_password_no_lower",
        "tenant_password_no_digit",
        "tenant_password_no_special",
        "tenant_company_name_missing",
        "tenant_company_name_too_long",
        "tenant_owner_name_missing",
        "tenant_owner_name_too_long",
        "top_up_amount_invalid",
        "top_up_amount_not_whole",
        "top_up_amount_too_small",
        "top_up_amount_too_large",
        "top_up_description_missing",
        "top_up_description_short",
        "top_up_wallet_invalid",
    }
    assert codes <= set(CATALOGUE)


def test_the_partner_consoles_texts_exist_in_both_languages():
    from omidesk.domain import partner_texts
    from omidesk.domain.i18n import Text

    texts = [value for value in vars(partner_texts).values() if isinstance(value, Text)]
    for table in (partner_texts.HELP, partner_texts.DETAIL_LABELS, partner_texts.TOP_UP_STATUS):
        texts += list(table.values())
    texts += [*partner_texts.TENANT_COLUMNS, *partner_texts.LEDGER_COLUMNS]
    assert len(texts) > 60
    for text in texts:
        assert text.en.strip() and text.vi.strip()
        assert text.en != text.vi or "{" in text.en or text.en in ("#", "API key", "Id")
