"""The sandbox's partner API (seed 003): a reseller's companies, created, listed, read and
topped up, with every documented error and the faults a top-up must survive.

- Keys: the partner key (PARTNER_API_KEY) signs in with access_type "bussiness"; the
  company key (the sandbox's ordinary one) signs in too, but every partner path answers
  its token with `partner_invalid`.
- About a dozen companies, listed a few per page (`max_page_size`), whatever size the
  client asks for; `list_shape = "bare"` answers a bare array instead of the paged payload.
- A new company is activated `activation_s` after it was created (3 s).
- Scenario e-mails and amounts (SCENARIOS) give every documented error and two faults."""

from __future__ import annotations

import re
import secrets
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from omidesk.sandbox.envelope import envelope, paged
from omidesk.sandbox.exchange import RecordedRequest, Reply
from omidesk.sandbox.host import Host

PARTNER_API_KEY = "demo-partner-key-0001"
PARTNER_ACCESS_TYPE = "bussiness"  # sic: OMICall's spelling
ADD = "/api/partner/tenant/add"
LIST = "/api/partner/tenant/list"
INFO = "/api/partner/tenant/info"
UPDATE_BALANCE = "/api/partner/tenant/update_balance"

# Faults of update_balance: the top-up is credited, then the answer is lost.
NO_ANSWER_AMOUNT = 777_777  # the answer never comes (until the sandbox stops)
DROPPED_AMOUNT = 888_888  # the connection is closed instead of answering
# Errors of tenant/add that no request a client checked first could cause.
CREATE_ERROR_EMAIL = "create-error@sandbox.omidesk.vn"
TENANT_INVALID_EMAIL = "tenant-invalid@sandbox.omidesk.vn"
# A company of the partner whose account is locked: its top-ups are refused.
LOCKED_EMAIL = "tamngung@hoalan.vn"

SCENARIOS: tuple[tuple[str, str], ...] = (
    ("company key", "every partner path: partner_invalid"),
    (CREATE_ERROR_EMAIL, "tenant/add: create_tenant_error"),
    (TENANT_INVALID_EMAIL, "tenant/add: tenant_invalid"),
    ("an e-mail already listed", "tenant/add: email_registered"),
    (LOCKED_EMAIL, "update_balance: access_denied (the company is locked)"),
    (f"amount {NO_ANSWER_AMOUNT}", "update_balance: credited, the answer never comes"),
    (f"amount {DROPPED_AMOUNT}", "update_balance: credited, the connection is dropped"),
)

_DAY_MS = 86_400_000
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_WALLETS = {"SPK": "service", "NORMAL": "call", "": "call"}


def _company_key() -> str:
    raw = secrets.token_hex(10).upper()
    return f"{raw[:8]}-{raw[8:15]}-{raw[15:]}"


@dataclass(slots=True)
class Company:
    """One company of the partner, as the sandbox keeps it."""

    id: str
    full_name: str
    email: str
    owner_name: str
    phone: str
    enabled: bool
    balance: int
    expire_ms: int | None
    package: tuple[str, str]  # code_name, service_name
    hotlines: list[tuple[str, int]] = field(default_factory=list)  # number, expire_ms
    api_key: str = field(default_factory=_company_key)
    activated_at: float = 0.0  # time.monotonic() from which it reads "activated"
    created_ms: int = 0

    def item(self) -> dict[str, Any]:
        """The company as tenant/list and tenant/info give it."""
        code, name = self.package
        return {
            "id": self.id,
            "full_name": self.full_name,
            "email": self.email,
            "description": f"{self.full_name} — khách hàng của đại lý demo OmiDesk",
            "enabled": self.enabled,
            "domain": self.id[:8],
            "domain_fusion": self.id[:8],
            "domain_expire": self.expire_ms,
            "effective_date": self.created_ms,
            "expire_date": self.expire_ms,
            "phone": self.phone,
            "status": "activated" if time.monotonic() >= self.activated_at else "activating",
            "paid_type": "prepaid",
            "nation": "vn",
            "currency": "VND",
            "language": "vi",
            "balance": self.balance,
            "api_key": self.api_key,
            "public_numbers": [
                {"number": number, "provider": "viettel", "expire_date": expire, "status": "active"}
                for number, expire in self.hotlines
            ],
            "service_package": {
                "code_name": code,
                "service_name": name,
                "staff_num": 5 if code == "trial" else 30,
                "customer_num": 100 if code == "trial" else 10_000,
                "expiry_date": self.expire_ms,
                "cashback": 0,
            },
        }


def _new_id() -> str:
    return secrets.token_hex(12)


def fold(text: str) -> str:
    """Lower case without Vietnamese marks (đ too), for the keyword search."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# (name, owner e-mail, days until expiry or None, balance, package, hotlines)
_SEED: tuple[tuple[str, str, int | None, int, str, int], ...] = (
    ("Công ty TNHH Phở Hà Nội", "chu@phohanoi.vn", 120, 3_007_855, "business", 2),
    ("Nha khoa Nụ Cười Việt", "admin@nucuoiviet.vn", 3, 154_000, "trial", 1),
    ("Bất động sản Sông Hồng", "ketoan@songhong.com.vn", 45, 12_500_000, "business", 3),
    ("Trung tâm Anh ngữ Bình Minh", "lienhe@binhminh.edu.vn", -2, 0, "trial", 1),
    ("Điện máy Gia Đình", "cskh@dienmaygiadinh.vn", 200, 48_760_000, "enterprise", 3),
    ("Spa Hoa Lan", LOCKED_EMAIL, 60, 820_000, "business", 1),
    ("Vận tải Nhanh Bắc Nam", "dieuphoi@bacnam.vn", 6, 2_350_000, "business", 2),
    ("Bảo hiểm An Tâm", "hotro@antam.vn", 300, 99_000_000, "enterprise", 2),
    ("Khách sạn Hải Âu Đà Nẵng", "letan@haiau.vn", 25, 5_400_000, "business", 1),
    ("Phòng khám Đa khoa Sài Gòn", "tongdai@dakhoasg.vn", 90, 7_250_000, "business", 2),
    ("Cửa hàng Trà Thái Nguyên", "ban@trathainguyen.vn", None, 60_000, "trial", 0),
    ("Học viện Lập trình Đông Á", "tuyensinh@donga.edu.vn", 15, 1_000_000, "business", 1),
)
_PACKAGES = {"trial": "Trial", "business": "Business", "enterprise": "Enterprise"}


class Partner:
    """Routes and state of the partner API on a Sandbox."""

    def __init__(self, sandbox: Host, *, seeded_at_ms: int | None = None) -> None:
        self._sandbox = sandbox
        self.activation_s = 3.0
        self.max_page_size = 5
        self.list_shape = "paged"  # or "bare": a plain array of items
        self._companies: dict[str, Company] = {}
        # Every top-up credited: (email, amount, wallet), to prove none was sent twice.
        self.credited: list[tuple[str, int, str]] = []
        sandbox.add_key(PARTNER_API_KEY, PARTNER_ACCESS_TYPE)
        # The seed's days left count from when the sandbox started, not from its first use.
        now = seeded_at_ms if seeded_at_ms is not None else _now_ms()
        for index, (name, email, days, balance, package, numbers) in enumerate(_SEED):
            expire = None if days is None else now + days * _DAY_MS
            hotlines = [
                (f"84287305{index:02d}{n}0", now + (days or 365) * _DAY_MS - n * _DAY_MS)
                for n in range(numbers)
            ]
            self._add(
                name,
                email,
                owner="Chủ " + name.split()[-1],
                balance=balance,
                expire_ms=expire,
                package=package,
                hotlines=hotlines,
            )
        sandbox.route("POST", ADD, self._tenant_add)
        sandbox.route("POST", LIST, self._tenant_list)
        sandbox.route("GET", INFO, self._tenant_info)
        sandbox.route("POST", UPDATE_BALANCE, self._update_balance)

    # --- for tests, benchmarks and the demo ---------------------------------------------

    @property
    def api_key(self) -> str:
        return PARTNER_API_KEY

    def companies(self) -> list[Company]:
        with self._sandbox.lock:
            return list(self._companies.values())

    def company(self, email: str) -> Company | None:
        with self._sandbox.lock:
            return self._by_email(email)

    def seed(self, count: int) -> None:
        """Replaces the companies with `count` plain ones (benchmarks: listing at scale)."""
        now = _now_ms()
        with self._sandbox.lock:
            self._companies.clear()
        for index in range(count):
            self._add(
                f"Doanh nghiệp {index:05d}",
                f"owner{index:05d}@sandbox.omidesk.vn",
                owner="Chủ doanh nghiệp",
                balance=index * 1000,
                expire_ms=now + (index % 400) * _DAY_MS,
                package="business",
                hotlines=[(f"842800{index:05d}", now + 200 * _DAY_MS)],
            )

    def requests(self, path: str) -> list[RecordedRequest]:
        return [r for r in self._sandbox.requests if r.path == path]

    # --- routes -------------------------------------------------------------------------------

    def _refused(self, token: str | None) -> Reply | None:
        """A company's token on a partner path: OMICall's partner_invalid."""
        with self._sandbox.lock:
            kind = self._sandbox.access_type_of(token or "")
        if kind != PARTNER_ACCESS_TYPE:
            return envelope(False, "partner_invalid", None)
        return None

    def _tenant_add(self, req: RecordedRequest, token: str | None) -> Reply | None:
        refused = self._refused(token)
        if refused is not None:
            return refused
        if not req.body:
            return envelope(False, "body_request_is_required", None)
        data = req.json
        names = ("email", "password", "fullName", "ownerName", "phone")
        if not isinstance(data, dict) or not all(
            isinstance(data.get(name), str) and data[name].strip() for name in names
        ):
            return envelope(False, "request_invalid", None)
        if any(len(data[name]) >= 255 for name in ("fullName", "ownerName")):
            return envelope(False, "request_invalid", None)
        email = data["email"].strip()
        if not _EMAIL.fullmatch(email):
            return envelope(False, "email_invalid", None)
        if not _good_password(data["password"]):
            return envelope(False, "password_invalid", None)
        if email.casefold() == CREATE_ERROR_EMAIL:
            return envelope(False, "create_tenant_error", None)
        if email.casefold() == TENANT_INVALID_EMAIL:
            return envelope(False, "tenant_invalid", None)
        with self._sandbox.lock:
            if self._by_email(email) is not None:
                return envelope(False, "email_registered", None)
        company = self._add(
            data["fullName"].strip(),
            email,
            owner=data["ownerName"].strip(),
            balance=0,
            expire_ms=_now_ms() + 30 * _DAY_MS,
            package="trial",
            hotlines=[],
            enabled=data.get("isAutoActive") is True,
            activation_s=self.activation_s,
        )
        return envelope(True, "success", {"id": company.id})

    def _tenant_list(self, req: RecordedRequest, token: str | None) -> Reply | None:
        refused = self._refused(token)
        if refused is not None:
            return refused
        page = _positive(req.query.get("page"), 1)
        size = min(_positive(req.query.get("size"), 50), self.max_page_size)
        keyword = req.json.get("keyword") if isinstance(req.json, dict) else None
        wanted = fold(keyword.strip()) if isinstance(keyword, str) else ""
        with self._sandbox.lock:
            found = [
                company
                for company in self._companies.values()
                if not wanted or wanted in fold(company.full_name) or wanted in fold(company.email)
            ]
        start = (page - 1) * size
        items = [company.item() for company in found[start : start + size]]
        if self.list_shape == "bare":
            return envelope(True, "success", items)
        return envelope(True, "success", paged(items, page, size, len(found)))

    def _tenant_info(self, req: RecordedRequest, token: str | None) -> Reply | None:
        refused = self._refused(token)
        if refused is not None:
            return refused
        with self._sandbox.lock:
            company = self._companies.get(req.query.get("id", ""))
        if company is None:
            return envelope(False, "request_invalid", None)
        return envelope(True, "success", company.item())

    def _update_balance(self, req: RecordedRequest, token: str | None) -> Reply | None:
        refused = self._refused(token)
        if refused is not None:
            return refused
        if not req.body:
            return envelope(False, "body_request_is_required", None)
        data = req.json
        if not isinstance(data, dict) or not isinstance(data.get("email"), str):
            return envelope(False, "request_invalid", None)
        amount = data.get("amount")
        if type(amount) is not int and type(amount) is not float:
            return envelope(False, "amount_gte_10.000_vnd", None)
        if amount < 10_000:
            return envelope(False, "amount_gte_10.000_vnd", None)
        description = data.get("description")
        if not isinstance(description, str) or not description.strip():
            return envelope(False, "description_is_required", None)
        if len(description.strip()) < 50:
            return envelope(False, "description_is_to_short.gte_50_characters", None)
        wallet = _WALLETS.get(str(data.get("wallet", "")))
        if wallet is None:
            return envelope(False, "request_invalid", None)
        with self._sandbox.lock:
            company = self._by_email(data["email"])
            if company is None or not company.enabled or company.email == LOCKED_EMAIL:
                return envelope(False, "access_denied", None)
            company.balance += int(amount)
            self.credited.append((company.email, int(amount), wallet))
        if amount == NO_ANSWER_AMOUNT:
            # The money moved; the answer never comes. Event.wait: stop() ends it.
            self._sandbox.stopping.wait()
            return None
        if amount == DROPPED_AMOUNT:
            return None
        return envelope(True, "success", None)

    # --- state ------------------------------------------------------------------------------

    def _add(
        self,
        name: str,
        email: str,
        *,
        owner: str,
        balance: int,
        expire_ms: int | None,
        package: str,
        hotlines: list[tuple[str, int]],
        enabled: bool = True,
        activation_s: float = 0.0,
    ) -> Company:
        company = Company(
            id=_new_id(),
            full_name=name,
            email=email,
            owner_name=owner,
            phone="0901234567",
            enabled=enabled,
            balance=balance,
            expire_ms=expire_ms,
            package=(package, _PACKAGES[package]),
            hotlines=hotlines,
            activated_at=time.monotonic() + activation_s,
            created_ms=_now_ms(),
        )
        with self._sandbox.lock:
            self._companies[company.id] = company
        return company

    def _by_email(self, email: str) -> Company | None:
        wanted = email.strip().casefold()
        return next((c for c in self._companies.values() if c.email.casefold() == wanted), None)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _positive(value: str | None, default: int) -> int:
    return int(value) if value and value.isdecimal() and 0 < int(value) < 10_000 else default


def _good_password(password: str) -> bool:
    return (
        len(password) >= 8
        and any(ch.isupper() for ch in password)
        and any(ch.islower() for ch in password)
        and any(ch.isdigit() for ch in password)
        and any(not ch.isalnum() and not ch.isspace() for ch in password)
    )
