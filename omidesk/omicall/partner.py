"""OMICall's partner API (seed 003): a reseller's companies, listed, read, created and topped
up, through a second OMICall client signed in with the partner's own key, over the same
shared httpx.AsyncClient and base_url. Sign-in, size caps, the envelope and "unknown after
sending" are the client's; this module adds the paths, the reading of the answers into
domain types, and the partner's words for its errors."""

from __future__ import annotations

import contextlib
import logging
import math
import re
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import Any

import httpx

from omidesk.domain.server_text import clean
from omidesk.domain.tenants import (
    PARTNER_ACCESS_TYPE,
    CompanyKey,
    Hotline,
    NewTenant,
    ServicePackage,
    Tenant,
    TenantDetails,
    TopUpRequest,
    from_ms,
)
from omidesk.omicall.client import OmiCallClient, Wire
from omidesk.omicall.errors import OmiCallError

log = logging.getLogger(__name__)

ADD = "/api/partner/tenant/add"
LIST = "/api/partner/tenant/list"
INFO = "/api/partner/tenant/info"
UPDATE_BALANCE = "/api/partner/tenant/update_balance"
PAGE_SIZE = 50
# A server that never says "no more" (has_next forever true, pages that never empty) must
# not keep a listing going forever: 2,000 pages of 50 is 100,000 companies.
MAX_PAGES = 2000

# The partner API's own codes (seed 003), worded as they are in the catalogue.
SEED_CODES: frozenset[str] = frozenset(
    {
        "partner_invalid",
        "body_request_is_required",
        "request_invalid",
        "email_invalid",
        "password_invalid",
        "email_registered",
        "create_tenant_error",
        "access_denied",
        "amount_gte_10.000_vnd",
        "description_is_required",
        "description_is_to_short.gte_50_characters",
    }
)
# The client's codes, in a reseller's words: theirs speak of calls and of the company's key.
_RENAMED: Mapping[str, str] = {
    # seed 003: tenant_invalid, from the partner API, means "not a partner's token"
    "tenant_invalid": "partner_tenant_invalid",
    "request_body_required": "body_request_is_required",
    "api_key_is_required": "partner_not_configured",
    "api_key_invalid": "partner_api_key_invalid",
    "token_expired": "partner_token_expired",
    "unauthorized": "partner_unauthorized",
    "cannot_connect": "partner_cannot_connect",
    "timeout_before_sending": "partner_timeout_before_sending",
    "no_answer": "partner_no_answer",
    "server_error": "partner_server_error",
    "bad_answer": "partner_bad_answer",
    "bad_auth_answer": "partner_bad_answer",
    "answer_too_large": "partner_bad_answer",
    "http_error": "partner_http_error",
}
# Said the same way whoever asks.
_KEPT = frozenset({"base_url_invalid", "not_configured", "partner_bad_answer"})

_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
_TEXT = 500
_NAME = 255


class PartnerClient:
    """The partner's view of OMICall. Raises OmiCallError whose code is a catalogue key in
    the partner's words (the seed's codes as they are; the client's own renamed)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str = "",
        api_key: str | None = None,
        *,
        timeout_s: float = 15.0,
        secrets: Callable[[str], None] | None = None,
    ) -> None:
        self.client = OmiCallClient(http, base_url, api_key, timeout_s=timeout_s, secrets=secrets)

    def configure(
        self, base_url: str, api_key: str | None, *, timeout_s: float | None = None
    ) -> None:
        self.client.configure(base_url, api_key, timeout_s=timeout_s)

    @property
    def host(self) -> str:
        return self.client.host

    @property
    def access_type(self) -> str | None:
        """What the partner key's token says it is, once signed in."""
        return self.client.access_type

    @property
    def not_a_partner_key(self) -> bool:
        """The key signed in, but as a company's: every partner request will be refused."""
        return self.access_type is not None and self.access_type != PARTNER_ACCESS_TYPE

    async def sign_in(self) -> str | None:
        """Signs in (once) and returns the token's access_type, to warn of a company key."""
        with partner_errors():
            if self.client.access_type is None:
                await self.client.auth()
        return self.client.access_type

    def _keep_keys(self, items: list[Any]) -> None:
        """A company's key may come along in any answer: a secret from the moment it arrives
        (no log line, crash report or error text can hold it)."""
        for item in items:
            key = item.get("api_key") if isinstance(item, dict) else None
            if isinstance(key, str):
                self.client.keep_secret(key)

    # --- reading ---------------------------------------------------------------------------

    async def pages(
        self, keyword: str = "", *, size: int = PAGE_SIZE
    ) -> AsyncIterator[list[Tenant]]:
        """The companies, a page at a time, until the end. OMICall's usual paged payload
        (`items`, `has_next`, `total_pages`) and a bare array are both understood; a
        server that caps `size` lower than asked is followed page by page all the same."""
        seen: set[str] = set()
        previous: list[str] | None = None
        for page in range(1, MAX_PAGES + 1):
            with partner_errors():
                payload = await self.client.authorised(
                    "POST",
                    LIST,
                    params={"page": str(page), "size": str(size)},
                    json={"keyword": keyword},
                )
            items, more = _page(payload, page)
            self._keep_keys(items)
            ids = [str(item.get("id", "")) if isinstance(item, dict) else "" for item in items]
            if not items or ids == previous:
                return  # the end, or a server that ignores `page` and repeats itself
            previous = ids
            tenants = [tenant for tenant in map(_tenant, items) if tenant is not None]
            fresh = [tenant for tenant in tenants if tenant.id not in seen]
            seen.update(tenant.id for tenant in fresh)
            if fresh:
                yield fresh
            if more is False:
                return
        log.warning("stopped listing companies after %d pages", MAX_PAGES)

    async def tenants(self, keyword: str = "", *, size: int = PAGE_SIZE) -> list[Tenant]:
        """Every company (whose name or e-mail holds `keyword`), across every page."""
        found: list[Tenant] = []
        async for page in self.pages(keyword, size=size):
            found += page
        return found

    async def tenant(self, tenant_id: str) -> TenantDetails:
        """One company in full. Its api_key is registered as a secret the moment it arrives:
        no log line, crash report or error text can hold it."""
        with partner_errors():
            payload = await self.client.authorised("GET", INFO, params={"id": tenant_id})
        if isinstance(payload, dict):
            self._keep_keys([payload])
        if not isinstance(payload, dict):
            raise OmiCallError("partner_bad_answer", "failed", http_status=200)
        details = _details(payload, tenant_id)
        if details is None:
            raise OmiCallError("partner_bad_answer", "failed", http_status=200)
        return details

    # --- changing things: sent once, never again ----------------------------------------

    async def add(self, new: NewTenant, *, wire: Wire | None = None) -> str:
        """Creates the company; its id. A lost answer is "unknown" (it may exist now)."""
        self.client.keep_secret(new.password)
        with partner_errors():
            payload = await self.client.authorised(
                "POST", ADD, json=new.to_body(), idempotent=False, wire=wire
            )
        tenant_id = _id(payload.get("id")) if isinstance(payload, dict) else None
        if tenant_id is None:
            # "Success" without an id: the company may well exist.
            raise OmiCallError("partner_bad_answer", "unknown", http_status=200)
        return tenant_id

    async def top_up(self, request: TopUpRequest, *, wire: Wire | None = None) -> None:
        """Moves the money. Never retried: a lost answer is "unknown" (see OmiCallClient)."""
        with partner_errors():
            await self.client.authorised(
                "POST", UPDATE_BALANCE, json=request.to_body(), idempotent=False, wire=wire
            )


@contextlib.contextmanager
def partner_errors() -> Iterator[None]:
    """The client's errors renamed for a reseller; a code nobody documented keeps
    OMICall's own words (`said`)."""
    try:
        yield
    except OmiCallError as error:
        code = error.code
        if code in SEED_CODES or code in _KEPT:
            raise
        renamed = _RENAMED.get(code)
        params = dict(error.params)
        if renamed is None:
            renamed = "partner_unknown"
            params["said"] = error.server_message or code
        # The params carry the HTTP status and OMICall's own words along.
        raise OmiCallError(renamed, error.consequence, omicall_code=code, **params) from None


# --- reading the answers -------------------------------------------------------------------


def _page(payload: Any, page: int) -> tuple[list[Any], bool | None]:
    """A page's items, and whether more follow (None: the answer does not say)."""
    if isinstance(payload, list):
        return payload, None
    if not isinstance(payload, dict):
        raise OmiCallError("partner_bad_answer", "failed", http_status=200)
    items = payload.get("items")
    if not isinstance(items, list):
        raise OmiCallError("partner_bad_answer", "failed", http_status=200)
    more = payload.get("has_next")
    if isinstance(more, bool):
        return items, more
    pages = payload.get("total_pages")
    if type(pages) is int:
        return items, page < pages
    return items, None


def _id(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return value if isinstance(value, str) and _ID.fullmatch(value) else None


def _text(value: Any, limit: int = _NAME) -> str:
    return clean(value, limit) if isinstance(value, str) else ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if math.isfinite(value) and abs(value) < 1e18 else None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return _number(float(value))
    return None


def _count(value: Any) -> int | None:
    return value if type(value) is int and value >= 0 else None


def _package(item: Mapping[str, Any]) -> ServicePackage | None:
    raw = item.get("service_package")
    if not isinstance(raw, dict):
        return None
    return ServicePackage(
        code_name=_text(raw.get("code_name")),
        service_name=_text(raw.get("service_name")),
        staff_num=_count(raw.get("staff_num")),
        customer_num=_count(raw.get("customer_num")),
        expiry_at=from_ms(raw.get("expiry_date")),
        cashback=_number(raw.get("cashback")),
    )


def _hotlines(item: Mapping[str, Any]) -> tuple[Hotline, ...] | None:
    raw = item.get("public_numbers")
    if not isinstance(raw, list):
        return None
    return tuple(
        Hotline(
            number=_text(number.get("number"), 64),
            provider=_text(number.get("provider"), 64),
            expire_at=from_ms(number.get("expire_date")),
            status=_text(number.get("status"), 64),
        )
        for number in raw
        if isinstance(number, dict)
    )


def _fields(item: Mapping[str, Any]) -> dict[str, Any] | None:
    """What the list and the details share; None for an item that is no company."""
    raw_id = item.get("id")
    if raw_id is None:  # other spellings seen in OMICall's payloads
        raw_id = item.get("_id", item.get("tenant_id"))
    tenant_id = _id(raw_id)
    if tenant_id is None:
        return None
    # The list needs the plan's name and how many numbers: no objects built for them.
    plan = item.get("service_package")
    if isinstance(plan, dict):
        package_name = _text(plan.get("service_name")) or _text(plan.get("code_name"))
    else:
        package_name = _text(item.get("package"))
    numbers = item.get("public_numbers")
    count = len(numbers) if isinstance(numbers, list) else _count(item.get("hotlines"))
    enabled = item.get("enabled")
    return {
        "id": tenant_id,
        "full_name": _text(item.get("full_name")),
        "email": _text(item.get("email")),
        "enabled": enabled if isinstance(enabled, bool) else None,
        "status": _text(item.get("status"), 64),
        "balance": _number(item.get("balance")),
        "currency": _text(item.get("currency"), 16),
        "expire_at": from_ms(item.get("expire_date")),
        "package": package_name,
        "hotlines": count,
    }


def _tenant(item: Any) -> Tenant | None:
    if not isinstance(item, dict):
        return None
    fields = _fields(item)
    return Tenant(**fields) if fields is not None else None


def _details(payload: Mapping[str, Any], asked_id: str) -> TenantDetails | None:
    # tenant/info's payload may leave the id out: it is the one asked for.
    fields = _fields({"id": asked_id, **payload})
    if fields is None:
        return None
    key = payload.get("api_key")
    return TenantDetails(
        **fields,
        description=_text(payload.get("description"), _TEXT),
        domain=_text(payload.get("domain")),
        domain_fusion=_text(payload.get("domain_fusion")),
        domain_expire_at=from_ms(payload.get("domain_expire")),
        effective_at=from_ms(payload.get("effective_date")),
        phone=_text(payload.get("phone"), 64),
        paid_type=_text(payload.get("paid_type"), 64),
        nation=_text(payload.get("nation"), 16),
        language=_text(payload.get("language"), 16),
        api_key=CompanyKey(key) if isinstance(key, str) and key else None,
        public_numbers=_hotlines(payload) or (),
        service_package=_package(payload),
    )
