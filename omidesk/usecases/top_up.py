"""Topping up a partner's company, with the care of a call: checked here first, confirmed
by a person, recorded in the ledger before the request leaves, sent once, and an answer
that never came is "unknown — check the balance before trying again", never a resend.

Two steps, so that a front end can ask in between: `plan()` checks, finds the company
and reads its balance (nothing is sent); `send()` records and sends. Plain Python: the
command line and the Companies window both call these."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from omidesk.domain import partner_texts as txt
from omidesk.domain.catalogue import explain
from omidesk.domain.errors import RemoteError, StorageError
from omidesk.domain.tenants import (
    WALLET_LABELS,
    Invalid,
    LedgerEntry,
    Tenant,
    TenantDetails,
    TopUpRequest,
    TopUpStatus,
    Wallet,
    check_top_up,
    format_money,
    format_vnd,
    same_email,
)
from omidesk.domain.wire import Wire

log = logging.getLogger(__name__)

# An earlier top-up to the same company whose outcome is unknown is recalled for this long.
UNSETTLED_WINDOW_S = 24 * 3600.0

# Outcome statuses: the ledger's (done, refused, unknown) and two of our own.
INVALID = "invalid"  # a local check failed, or no such company: nothing was sent
FAILED = "failed"  # nothing could be sent (no connection, no key, the ledger unwritable)


class PartnerPort(Protocol):
    """What a top-up needs of the partner API."""

    async def tenants(self, keyword: str = "") -> list[Tenant]: ...

    async def tenant(self, tenant_id: str) -> TenantDetails: ...

    async def top_up(self, request: TopUpRequest, *, wire: Wire | None = None) -> None: ...


class LedgerPort(Protocol):
    """What a top-up needs of the ledger."""

    async def start_async(self, request: TopUpRequest, **context: Any) -> int | None: ...

    async def finish_async(self, entry_id: int, status: TopUpStatus, **ending: Any) -> None: ...

    def finish(self, entry_id: int, status: TopUpStatus, **ending: Any) -> None: ...

    def unsettled(self, email: str, since: float) -> LedgerEntry | None: ...


@dataclass(frozen=True, slots=True)
class Plan:
    """A checked top-up and what its confirmation repeats: company, e-mail, amount, wallet,
    the balance now (when tenant/info gave it) and an earlier top-up still unknown."""

    request: TopUpRequest
    tenant: Tenant
    balance_before: float | None = None
    unsettled: LedgerEntry | None = None

    def question(self, lang: str) -> str:
        """The confirmation, in full: the question, the balance now, a warning."""
        lines = [self.headline(lang), self.balance_line(lang), self.warning_line(lang)]
        return "\n".join(line for line in lines if line)

    def headline(self, lang: str) -> str:
        return txt.CONFIRM_TOP_UP(
            lang,
            company=self.tenant.full_name or self.tenant.email,
            email=self.tenant.email,
            amount=format_vnd(self.request.amount),
            wallet=WALLET_LABELS[self.request.wallet](lang),
        )

    def balance_line(self, lang: str) -> str | None:
        if self.balance_before is None:
            return None
        balance = format_money(self.balance_before, self.tenant.currency or "VND")
        return txt.BALANCE_NOW(lang, balance=balance)

    def warning_line(self, lang: str) -> str | None:
        """An earlier top-up to this company whose outcome is unknown: it may be paid."""
        if self.unsettled is None:
            return None
        return txt.UNSETTLED_WARNING(
            lang,
            amount=format_vnd(self.unsettled.amount),
            id=self.unsettled.id,
            when=_local_time(self.unsettled.created_at),
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a top-up ended, worded in one language."""

    status: str  # "done", "refused", "unknown" (the ledger's), INVALID or FAILED
    email: str
    amount: int | None = None
    wallet: Wallet | None = None
    company: str = ""
    entry_id: int | None = None
    error: str | None = None  # catalogue code
    params: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Invalid, ...] = ()  # the local checks that failed (INVALID)
    balance_before: float | None = None
    balance_after: float | None = None
    message: str = ""
    next_step: str = ""
    lines: tuple[str, ...] = ()  # what else to say: the balance, the ledger entry

    @property
    def ok(self) -> bool:
        return self.status == TopUpStatus.DONE

    def to_json(self) -> dict[str, Any]:
        """The object `omidesk partner top-up --json` prints."""
        return {
            "id": self.entry_id,
            "status": self.status,
            "email": self.email,
            "company": self.company,
            "amount": self.amount,
            "wallet": self.wallet.value if self.wallet is not None else None,
            "balance_before": self.balance_before,
            "balance_after": self.balance_after,
            "error": self.error,
            "errors": [problem.code for problem in self.problems],
            "message": self.message,
        }


class TopUps:
    """The top-up use case over a partner API and a ledger."""

    def __init__(
        self,
        partner: PartnerPort,
        ledger: LedgerPort,
        *,
        lang: Callable[[], str],
        base_url: Callable[[], str] = lambda: "",
    ) -> None:
        self.partner = partner
        self.ledger = ledger
        self._lang = lang
        self._base_url = base_url

    async def plan(
        self, *, email: str, amount: str | int, description: str, wallet: str | Wallet
    ) -> Plan | Outcome:
        """Checks the top-up and finds the company (reads only: nothing is sent)."""
        checked = check_top_up(email=email, amount=amount, description=description, wallet=wallet)
        if isinstance(checked, list):
            return self._invalid(email, checked)
        try:
            found = await self.partner.tenants(checked.email)
        except RemoteError as error:
            status = TopUpStatus.REFUSED if error.consequence == "rejected" else FAILED
            return self._outcome(status, checked, None, error.code, error.params)
        tenant = next((t for t in found if same_email(t.email, checked.email)), None)
        if tenant is None:
            return self._outcome(
                INVALID, checked, None, "tenant_not_found", {"email": checked.email}
            )
        balance = await self._balance(tenant)
        if balance is not None:
            tenant = replace(tenant, balance=balance)
        unsettled = None
        with contextlib.suppress(StorageError):
            unsettled = self.ledger.unsettled(checked.email, time.time() - UNSETTLED_WINDOW_S)
        return Plan(checked, tenant, balance, unsettled)

    async def send(
        self, plan: Plan, *, on_recorded: Callable[[int], None] | None = None
    ) -> Outcome:
        """Records the top-up, then sends it once. Cancelled (Ctrl+C, the window closed)
        after the record was written, it is finished as what may have happened;
        `on_recorded` hears the ledger entry's id before anything is sent."""
        request, tenant = plan.request, plan.tenant
        try:
            entry_id = await self.ledger.start_async(
                request,
                company=tenant.full_name,
                tenant_id=tenant.id,
                base_url=self._base_url(),
                balance_before=plan.balance_before,
            )
        except StorageError as error:
            # Not recorded, so not sent: a top-up OmiDesk could lose track of is never sent.
            return self._outcome(FAILED, request, tenant, error.code, {"path": error.path})
        if entry_id is None:
            params = {"email": request.email, "id": self._in_flight_id(request.email)}
            return self._outcome(TopUpStatus.REFUSED, request, tenant, "top_up_in_flight", params)
        if on_recorded is not None:
            on_recorded(entry_id)
        wire = Wire()
        try:
            await self.partner.top_up(request, wire=wire)
        except RemoteError as error:
            return await self._failed(plan, entry_id, error)
        except BaseException:
            # Stopped while sending: unknown if a byte may have left, else not done.
            status = TopUpStatus.UNKNOWN if wire.sent else TopUpStatus.REFUSED
            code = "interrupted" if wire.sent else "stopped_before_sending"
            with contextlib.suppress(StorageError):
                self.ledger.finish(entry_id, status, error_code=code)
            raise
        await self._finish(entry_id, TopUpStatus.DONE)
        after = await self._balance(tenant)
        if after is not None:
            await self._finish(entry_id, TopUpStatus.DONE, balance_after=after)
        return self._done(plan, entry_id, after)

    # --- steps ------------------------------------------------------------------------------

    async def _balance(self, tenant: Tenant) -> float | None:
        """The company's balance from tenant/info, or None when it cannot be had."""
        try:
            details = await self.partner.tenant(tenant.id)
        except RemoteError as error:
            log.info("balance of a company not read: %s", error.code)
            return None
        return details.balance

    async def _finish(self, entry_id: int, status: TopUpStatus, **ending: Any) -> None:
        try:
            await self.ledger.finish_async(entry_id, status, **ending)
        except StorageError as error:
            # The money moved (or not) whatever the ledger says; the outcome is still told,
            # and the entry reads `sending`, later `unknown`, never "nothing happened".
            log.warning("ledger entry %d not finished: %s", entry_id, error.code)

    async def _failed(self, plan: Plan, entry_id: int, error: RemoteError) -> Outcome:
        request, tenant = plan.request, plan.tenant
        params = dict(error.params)
        if error.consequence == "unknown":
            await self._finish(entry_id, TopUpStatus.UNKNOWN, error_code=error.code, params=params)
            words = {"amount": format_vnd(request.amount), "email": request.email}
            return self._outcome(
                TopUpStatus.UNKNOWN, request, tenant, "top_up_unknown", words, entry_id=entry_id
            )
        # OMICall said no, or nothing could be sent: no money moved.
        await self._finish(
            entry_id,
            TopUpStatus.REFUSED,
            error_code=error.code,
            params=params,
            server_message=error.server_message,
        )
        status = TopUpStatus.REFUSED if error.consequence == "rejected" else FAILED
        return self._outcome(status, request, tenant, error.code, params, entry_id=entry_id)

    def _in_flight_id(self, email: str) -> int | None:
        with contextlib.suppress(StorageError):
            entry = self.ledger.unsettled(email, 0)
            return entry.id if entry is not None else None
        return None

    # --- words ------------------------------------------------------------------------------

    def _invalid(self, email: str, problems: Sequence[Invalid]) -> Outcome:
        lang = self._lang()
        said = [explain(p.code, lang, **p.params) for p in problems]
        return Outcome(
            status=INVALID,
            email=email.strip(),
            error=problems[0].code,
            params=dict(problems[0].params),
            problems=tuple(problems),
            message=" ".join(s.message for s in said),
            next_step=said[0].next_step,
        )

    def _outcome(
        self,
        status: str,
        request: TopUpRequest,
        tenant: Tenant | None,
        code: str,
        params: dict[str, Any],
        *,
        entry_id: int | None = None,
    ) -> Outcome:
        said = explain(code, self._lang(), **params)
        lines = (txt.LEDGER_ENTRY(self._lang(), id=entry_id),) if entry_id is not None else ()
        return Outcome(
            status=str(status),
            email=request.email,
            amount=request.amount,
            wallet=request.wallet,
            company=tenant.full_name if tenant is not None else "",
            entry_id=entry_id,
            error=code,
            params=params,
            balance_before=tenant.balance if tenant is not None else None,
            message=said.message,
            next_step=said.next_step,
            lines=lines,
        )

    def _done(self, plan: Plan, entry_id: int, after: float | None) -> Outcome:
        lang = self._lang()
        request, tenant = plan.request, plan.tenant
        wallet = WALLET_LABELS[request.wallet](lang)
        message = txt.TOP_UP_DONE(
            lang,
            amount=format_vnd(request.amount),
            wallet=wallet,
            company=tenant.full_name or tenant.email,
            email=tenant.email,
        )
        lines: list[str] = []
        before = plan.balance_before
        if before is not None and after is not None:
            currency = tenant.currency or "VND"
            difference = after - before
            sign = "+" if difference >= 0 else ""
            shown = sign + format_money(difference, currency)
            lines.append(
                txt.BALANCE_CHANGE(
                    lang,
                    before=format_money(before, currency),
                    after=format_money(after, currency),
                    difference=shown,
                )
            )
            if round(difference) != request.amount:
                lines.append(txt.BALANCE_CHANGE_OTHER(lang, difference=shown, wallet=wallet))
        elif after is None:
            lines.append(txt.BALANCE_UNREAD(lang))
        lines.append(txt.LEDGER_ENTRY(lang, id=entry_id))
        return Outcome(
            status=TopUpStatus.DONE.value,
            email=request.email,
            amount=request.amount,
            wallet=request.wallet,
            company=tenant.full_name,
            entry_id=entry_id,
            balance_before=before,
            balance_after=after,
            message=message,
            lines=tuple(lines),
        )


def _local_time(unix: float) -> str:
    return datetime.fromtimestamp(unix, UTC).astimezone().strftime("%Y-%m-%d %H:%M")
