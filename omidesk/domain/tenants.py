"""A partner's companies (OMICall "tenants"): the model, the checks made before creating
one or topping one up, and how their money, dates and keys are shown. Pure: no I/O.

OMICall's partner API (seed 003) is the source of the rules: an owner's e-mail, a password
of 8+ characters with upper case, lower case, a digit and a special character, names under
255 characters; a top-up of a whole number of VND ≥ 10,000 with a description of ≥ 50
characters, into the service wallet (SPK) or the call wallet (NORMAL)."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from omidesk.domain.i18n import Text
from omidesk.domain.numbers import DialFormat, PhoneNumber, normalise

MIN_TOP_UP_VND = 10_000
# No top-up is a trillion đồng: past this, a slip of the keyboard (zeros held down).
MAX_TOP_UP_VND = 1_000_000_000_000
MIN_DESCRIPTION_CHARS = 50
# "Nhỏ hơn 255 ký tự": names under 255 characters.
MAX_NAME_CHARS = 254
MIN_PASSWORD_CHARS = 8
# A company whose service ends within this many days is shown in the warning colour.
EXPIRY_WARNING_DAYS = 7
ACTIVATED = "activated"
# The token of a partner's key says "bussiness" (sic, OMICall's spelling).
PARTNER_ACCESS_TYPE = "bussiness"


class Wallet(StrEnum):
    """The wallet a top-up goes to, as OmiDesk names it; `wire` is OMICall's name."""

    SERVICE = "service"
    CALL = "call"

    @property
    def wire(self) -> str:
        return "SPK" if self is Wallet.SERVICE else "NORMAL"


WALLET_LABELS: Mapping[Wallet, Text] = {
    Wallet.SERVICE: Text("service wallet (SPK)", "ví dịch vụ (SPK)"),
    Wallet.CALL: Text("call wallet (NORMAL)", "ví cước (NORMAL)"),
}

# Accepted spellings of a wallet: ours, and OMICall's own names.
_WALLETS = {
    "service": Wallet.SERVICE,
    "spk": Wallet.SERVICE,
    "call": Wallet.CALL,
    "normal": Wallet.CALL,
}


# --- what a check found wrong ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Invalid:
    """One field that failed its check: which (for the form to show it there), a catalogue
    code, and the details its words need (plain values: reworded in any language)."""

    field: str
    code: str
    # dataclasses.field: `field` in this class body is the attribute above.
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)


# --- the companies as OMICall describes them -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hotline:
    """A company's public number and until when it is paid."""

    number: str
    provider: str = ""
    expire_at: datetime | None = None
    status: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "provider": self.provider,
            "expire_date": iso(self.expire_at),
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class ServicePackage:
    """The company's OMICall plan."""

    code_name: str = ""
    service_name: str = ""
    staff_num: int | None = None
    customer_num: int | None = None
    expiry_at: datetime | None = None
    cashback: float | None = None

    @property
    def name(self) -> str:
        return self.service_name or self.code_name

    def to_json(self) -> dict[str, Any]:
        return {
            "code_name": self.code_name,
            "service_name": self.service_name,
            "staff_num": self.staff_num,
            "customer_num": self.customer_num,
            "expiry_date": iso(self.expiry_at),
            "cashback": self.cashback,
        }


class CompanyKey:
    """A company's own API key: a secret of that company. It shows masked (•••• and its
    last 4) wherever it is printed, unless `reveal()` is asked for explicitly."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def masked(self) -> str:
        return mask(self._value)

    def __repr__(self) -> str:
        return f"CompanyKey({self.masked()})"

    __str__ = masked

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CompanyKey) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def mask(secret: str) -> str:
    """Enough of a key to tell two apart (its last 4), never enough to use it."""
    return "••••" + secret[-4:] if len(secret) >= 8 else "••••"


@dataclass(frozen=True, slots=True)
class Tenant:
    """One company as the list shows it."""

    id: str
    full_name: str
    email: str
    enabled: bool | None = None
    status: str = ""
    balance: float | None = None
    currency: str = ""
    expire_at: datetime | None = None
    package: str = ""
    hotlines: int | None = None  # how many public numbers, when OMICall says

    @property
    def activated(self) -> bool:
        return self.status == ACTIVATED

    def to_json(self) -> dict[str, Any]:
        """One element of `omidesk partner tenants --json`."""
        return {
            "id": self.id,
            "full_name": self.full_name,
            "email": self.email,
            "enabled": self.enabled,
            "status": self.status,
            "balance": self.balance,
            "currency": self.currency,
            "expire_date": iso(self.expire_at),
            "package": self.package,
            "hotlines": self.hotlines,
        }


@dataclass(frozen=True, slots=True)
class TenantDetails(Tenant):
    """One company in full (tenant/info). `api_key` is the company's secret."""

    description: str = ""
    domain: str = ""
    domain_fusion: str = ""
    domain_expire_at: datetime | None = None
    effective_at: datetime | None = None
    phone: str = ""
    paid_type: str = ""
    nation: str = ""
    language: str = ""
    api_key: CompanyKey | None = None
    public_numbers: tuple[Hotline, ...] = ()
    service_package: ServicePackage | None = None

    def to_json(self, *, show_api_key: bool = False) -> dict[str, Any]:
        """`omidesk partner tenant ID --json`: dates ISO 8601, the key masked unless asked."""
        key = None
        if self.api_key is not None:
            key = self.api_key.reveal() if show_api_key else self.api_key.masked()
        return {
            **Tenant.to_json(self),
            "description": self.description,
            "domain": self.domain,
            "domain_fusion": self.domain_fusion,
            "domain_expire": iso(self.domain_expire_at),
            "effective_date": iso(self.effective_at),
            "phone": self.phone,
            "paid_type": self.paid_type,
            "nation": self.nation,
            "language": self.language,
            "api_key": key,
            "public_numbers": [number.to_json() for number in self.public_numbers],
            "service_package": (
                self.service_package.to_json() if self.service_package is not None else None
            ),
        }


# --- dates ----------------------------------------------------------------------------------

# OMICall's dates are milliseconds since the epoch. Outside these bounds a value is noise
# (or seconds): shown as no date rather than as the year 50,000 or a crash.
_MIN_MS = 0
_MAX_MS = 253_402_300_799_000  # 9999-12-31T23:59:59Z


def from_ms(value: Any) -> datetime | None:
    """An OMICall date (ms since the epoch, or an ISO 8601 text) as an aware UTC datetime."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if not _MIN_MS < value <= _MAX_MS:  # 0 or negative, too far, NaN
            return None
        return datetime.fromtimestamp(value / 1000, UTC)
    if isinstance(value, str) and 10 <= len(value) <= 40:
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def iso(when: datetime | None) -> str | None:
    """ISO 8601 in UTC, to the second ("2021-03-05T09:36:21Z"), or None."""
    if when is None:
        return None
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Expiry(StrEnum):
    OK = "ok"
    SOON = "soon"  # within EXPIRY_WARNING_DAYS
    EXPIRED = "expired"


def expiry(expire_at: datetime | None, now: datetime) -> Expiry | None:
    """Whether a date of expiry calls for attention: passed, or within the warning days."""
    if expire_at is None:
        return None
    if expire_at <= now:
        return Expiry.EXPIRED
    if expire_at - now < timedelta(days=EXPIRY_WARNING_DAYS):
        return Expiry.SOON
    return Expiry.OK


# --- money ----------------------------------------------------------------------------------


def format_vnd(amount: float | None) -> str:
    """ "1.500.000 ₫": đồng grouped by dots, as Vietnamese write them (no decimals: VND
    has no subunit)."""
    if amount is None:
        return "—"
    whole = round(amount)
    grouped = f"{abs(whole):,}".replace(",", ".")
    return f"{'-' if whole < 0 else ''}{grouped} ₫"


def format_money(amount: float | None, currency: str = "VND") -> str:
    """A balance in its currency: VND as format_vnd, another with its code after it."""
    if amount is None:
        return "—"
    if currency.upper() in ("", "VND"):
        return format_vnd(amount)
    return f"{amount:,.2f} {currency}"


# "1500000", "1.500.000", "1,500,000", "1 500 000", with ₫ / đ / VND / đồng after it.
_CURRENCY = re.compile(r"\s*(?:₫|đ|đồng|vnd|vnđ)\s*$", re.IGNORECASE)
_GROUPED = re.compile(r"[1-9][0-9]{0,2}([.,\u00a0\u202f ])[0-9]{3}(?:\1[0-9]{3})*")
_PLAIN = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[0-9]+(?:[.,][0-9]+)?")


def parse_amount(text: str | int) -> int | Invalid:
    """A whole amount of đồng from what was typed, or why it is not one."""
    if isinstance(text, int) and not isinstance(text, bool):
        return _bounded(text, str(text))
    raw = str(text)
    shown = raw.strip()[:40]
    cleaned = unicodedata.normalize("NFKC", raw).strip()
    cleaned = _CURRENCY.sub("", cleaned).strip()
    if _PLAIN.fullmatch(cleaned):
        return _bounded(int(cleaned[:16]) if len(cleaned) <= 16 else MAX_TOP_UP_VND + 1, shown)
    if _GROUPED.fullmatch(cleaned):
        digits = re.sub(r"[^0-9]", "", cleaned)
        return _bounded(int(digits) if len(digits) <= 16 else MAX_TOP_UP_VND + 1, shown)
    if _DECIMAL.fullmatch(cleaned):
        # "1500.5", "10,5": a fraction, which VND cannot be.
        return Invalid("amount", "top_up_amount_not_whole", {"value": shown})
    return Invalid("amount", "top_up_amount_invalid", {"value": shown})


def _bounded(amount: int, shown: str) -> int | Invalid:
    if amount < MIN_TOP_UP_VND:
        if amount <= 0:
            return Invalid("amount", "top_up_amount_invalid", {"value": shown})
        return Invalid("amount", "top_up_amount_too_small", {"amount": format_vnd(amount)})
    if amount > MAX_TOP_UP_VND:
        return Invalid("amount", "top_up_amount_too_large", {"amount": shown})
    return amount


def parse_wallet(text: str) -> Wallet | Invalid:
    wallet = _WALLETS.get(text.strip().lower())
    if wallet is None:
        return Invalid("wallet", "top_up_wallet_invalid", {"value": text.strip()[:40]})
    return wallet


# --- e-mail, password, names -----------------------------------------------------------------

_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TLD = re.compile(r"[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}")


def check_email(text: str) -> str | Invalid:
    """An owner's e-mail address as OMICall takes it (trimmed), or why it is not one."""
    email = text.strip()
    local, at, domain = email.rpartition("@")
    labels = domain.split(".")
    if (
        not at
        or len(email) > 254
        or len(local) > 64
        or not _LOCAL.fullmatch(local)
        or len(labels) < 2
        or not all(_LABEL.fullmatch(label) for label in labels)
        or not _TLD.fullmatch(labels[-1])
    ):
        return Invalid("email", "tenant_email_invalid", {"value": email[:80]})
    return email


def check_password(password: str) -> list[Invalid]:
    """What the password lacks of OMICall's rule (8+ characters: upper case, lower case, a
    digit and a special character); empty when it passes. The password itself never goes
    into a message."""
    problems: list[Invalid] = []
    if len(password) < MIN_PASSWORD_CHARS:
        problems.append(Invalid("password", "tenant_password_short"))
    if not any(ch.isupper() for ch in password):
        problems.append(Invalid("password", "tenant_password_no_upper"))
    if not any(ch.islower() for ch in password):
        problems.append(Invalid("password", "tenant_password_no_lower"))
    if not any(ch.isdigit() for ch in password):
        problems.append(Invalid("password", "tenant_password_no_digit"))
    if not any(not ch.isalnum() and not ch.isspace() for ch in password):
        problems.append(Invalid("password", "tenant_password_no_special"))
    return problems


def _name(text: str, field_name: str, missing: str, too_long: str) -> str | Invalid:
    # Control characters are no part of a name (a pasted tab or line break becomes a space).
    name = " ".join(
        "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text).split()
    )
    name = unicodedata.normalize("NFC", name)
    if not name:
        return Invalid(field_name, missing)
    if len(name) > MAX_NAME_CHARS:
        return Invalid(field_name, too_long, {"length": len(name)})
    return name


def check_phone(text: str) -> PhoneNumber | Invalid:
    """The owner's phone, normalised by the core's number rules (national form for VN)."""
    number = normalise(text, DialFormat.NATIONAL)
    if isinstance(number, PhoneNumber):
        return number
    return Invalid("phone", number.reason.value, dict(number.details) | {"text": text[:80]})


# --- a new company ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewTenant:
    """A company to create, checked. `password` is a secret: never printed or stored."""

    email: str
    password: str = field(repr=False)
    full_name: str
    owner_name: str
    phone: str
    auto_active: bool = False

    def to_body(self) -> dict[str, Any]:
        """The body of POST /api/partner/tenant/add."""
        return {
            "email": self.email,
            "password": self.password,
            "fullName": self.full_name,
            "ownerName": self.owner_name,
            "phone": self.phone,
            "isAutoActive": self.auto_active,
        }


def check_owner_fields(
    *, email: str, full_name: str, owner_name: str, phone: str
) -> tuple[dict[str, str], list[Invalid]]:
    """Every field of a new company but its password: the cleaned values, and what fails.
    (A terminal checks these before it asks for the password.)"""
    problems: list[Invalid] = []
    good: dict[str, str] = {}
    checked = {
        "email": check_email(email),
        "full_name": _name(
            full_name, "full_name", "tenant_company_name_missing", "tenant_company_name_too_long"
        ),
        "owner_name": _name(
            owner_name, "owner_name", "tenant_owner_name_missing", "tenant_owner_name_too_long"
        ),
        "phone": check_phone(phone),
    }
    for key, value in checked.items():
        if isinstance(value, Invalid):
            problems.append(value)
        else:
            good[key] = value.dial if isinstance(value, PhoneNumber) else value
    return good, problems


def check_new_tenant(
    *,
    email: str,
    password: str,
    full_name: str,
    owner_name: str,
    phone: str,
    auto_active: bool = False,
) -> NewTenant | list[Invalid]:
    """The company to create, or every field that fails its check (nothing is sent then)."""
    good, problems = check_owner_fields(
        email=email, full_name=full_name, owner_name=owner_name, phone=phone
    )
    # In the order of the form: the e-mail, the password, then the rest (a stable sort).
    problems = sorted(
        problems + check_password(password), key=lambda item: _FORM_ORDER.index(item.field)
    )
    if problems:
        return problems
    return NewTenant(
        good["email"], password, good["full_name"], good["owner_name"], good["phone"], auto_active
    )


_FORM_ORDER = ("email", "password", "full_name", "owner_name", "phone")


# --- a top-up --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TopUpRequest:
    """A top-up, checked: to the company of `email`, `amount` whole đồng, into `wallet`."""

    email: str
    amount: int
    description: str
    wallet: Wallet

    def to_body(self) -> dict[str, Any]:
        """The body of POST /api/partner/tenant/update_balance."""
        return {
            "email": self.email,
            "amount": self.amount,
            "description": self.description,
            "wallet": self.wallet.wire,
        }


def check_description(text: str) -> str | Invalid:
    description = unicodedata.normalize("NFC", " ".join(text.split()))
    if not description:
        return Invalid("description", "top_up_description_missing")
    if len(description) < MIN_DESCRIPTION_CHARS:
        return Invalid("description", "top_up_description_short", {"length": len(description)})
    return description


def check_top_up(
    *, email: str, amount: str | int, description: str, wallet: str | Wallet = Wallet.CALL
) -> TopUpRequest | list[Invalid]:
    """The top-up to send, or every field that fails its check (nothing is sent then)."""
    checked = (
        check_email(email),
        parse_amount(amount),
        check_description(description),
        wallet if isinstance(wallet, Wallet) else parse_wallet(wallet),
    )
    problems = [item for item in checked if isinstance(item, Invalid)]
    if problems:
        return problems
    good_email, good_amount, good_description, good_wallet = checked
    assert isinstance(good_email, str) and isinstance(good_amount, int)
    assert isinstance(good_description, str) and isinstance(good_wallet, Wallet)
    return TopUpRequest(good_email, good_amount, good_description, good_wallet)


def same_email(one: str, other: str) -> bool:
    """E-mail addresses compared as OMICall's accounts are: case does not matter."""
    return one.strip().casefold() == other.strip().casefold()


# --- the local ledger of top-ups -------------------------------------------------------------


class TopUpStatus(StrEnum):
    """Where a top-up stands in the ledger."""

    SENDING = "sending"  # recorded, the answer not in yet
    DONE = "done"
    REFUSED = "refused"  # not carried out: OMICall said no, or it could not be sent
    UNKNOWN = "unknown"  # the answer was lost: check the balance before trying again


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One top-up as the ledger keeps it."""

    id: int
    created_at: float  # Unix time
    email: str
    amount: int
    wallet: Wallet
    description: str
    status: TopUpStatus
    company: str = ""
    tenant_id: str | None = None
    error: str | None = None
    error_params: Mapping[str, Any] = field(default_factory=dict)
    server_message: str | None = None
    balance_before: float | None = None
    balance_after: float | None = None
    finished_at: float | None = None
    base_url: str = ""

    def to_json(self) -> dict[str, Any]:
        """One element of `omidesk partner ledger --json`."""
        return {
            "id": self.id,
            "created_at": iso(datetime.fromtimestamp(self.created_at, UTC)),
            "email": self.email,
            "amount": self.amount,
            "wallet": self.wallet.value,
            "description": self.description,
            "status": self.status.value,
            "error": self.error,
        }
