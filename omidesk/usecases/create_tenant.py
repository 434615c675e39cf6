"""Creating a partner's company: every field checked here before anything is sent, the
request sent once, then tenant/info polled until OMICall has activated the company (it
takes 3–10 s) or the wait is over, and "activated" or "still activating" said."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypedDict

from omidesk.domain import partner_texts as txt
from omidesk.domain.catalogue import explain
from omidesk.domain.errors import RemoteError
from omidesk.domain.tenants import Invalid, NewTenant, TenantDetails, check_new_tenant
from omidesk.domain.wire import Wire

ACTIVATION_WAIT_S = 15.0
POLL_EVERY_S = 1.0

ACTIVATED = "activated"
ACTIVATING = "activating"
INVALID = "invalid"  # a local check failed: nothing was sent
REFUSED = "refused"
UNKNOWN = "unknown"  # the answer was lost: the company may exist
FAILED = "failed"  # nothing could be sent


class Timing(TypedDict, total=False):
    """How long CreateTenant waits for the activation, and how often it asks: what a
    caller (the composition root, a test) may set of its keyword arguments."""

    wait_s: float
    every_s: float


class PartnerPort(Protocol):
    """What creating a company needs of the partner API."""

    async def add(self, new: NewTenant, *, wire: Wire | None = None) -> str: ...

    async def tenant(self, tenant_id: str) -> TenantDetails: ...


@dataclass(frozen=True, slots=True)
class Created:
    """How a creation ended, worded in one language."""

    status: str
    email: str
    id: str | None = None
    error: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Invalid, ...] = ()
    message: str = ""
    next_step: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (ACTIVATED, ACTIVATING)

    def to_json(self) -> dict[str, Any]:
        """The object `omidesk partner add --json` prints."""
        return {
            "id": self.id,
            "email": self.email,
            "status": self.status,
            "error": self.error,
            "errors": [problem.code for problem in self.problems],
            "message": self.message,
        }


class CreateTenant:
    """The use case over a partner API; `sleep` and `clock` are the loop's own, in tests too
    (the sandbox activates for real: tests shorten its delay, not ours)."""

    def __init__(
        self,
        partner: PartnerPort,
        *,
        lang: Callable[[], str],
        wait_s: float = ACTIVATION_WAIT_S,
        every_s: float = POLL_EVERY_S,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.partner = partner
        self._lang = lang
        self.wait_s = wait_s
        self.every_s = every_s
        self._sleep = sleep
        self._clock = clock

    async def create(
        self,
        *,
        email: str,
        password: str,
        full_name: str,
        owner_name: str,
        phone: str,
        auto_active: bool = False,
        on_created: Callable[[str], None] | None = None,
    ) -> Created:
        """Checks, sends once, then waits for the activation. `on_created` hears the new id
        as soon as OMICall gives it (the window says "activating…" meanwhile)."""
        checked = check_new_tenant(
            email=email,
            password=password,
            full_name=full_name,
            owner_name=owner_name,
            phone=phone,
            auto_active=auto_active,
        )
        if isinstance(checked, list):
            return self._invalid(email, checked)
        wire = Wire()
        try:
            tenant_id = await self.partner.add(checked, wire=wire)
        except RemoteError as error:
            if error.consequence == "unknown":
                return self._said(UNKNOWN, checked.email, "tenant_add_unknown", email=checked.email)
            status = REFUSED if error.consequence == "rejected" else FAILED
            return self._said(status, checked.email, error.code, **error.params)
        if on_created is not None:
            on_created(tenant_id)
        activated = await self._activated(tenant_id)
        lang = self._lang()
        if activated:
            message = txt.ADDED_ACTIVATED(lang, email=checked.email, id=tenant_id)
            return Created(ACTIVATED, checked.email, tenant_id, message=message)
        seconds = f"{self.wait_s:g}"
        message = txt.ADDED_ACTIVATING(lang, email=checked.email, id=tenant_id, seconds=seconds)
        return Created(ACTIVATING, checked.email, tenant_id, message=message)

    async def _activated(self, tenant_id: str) -> bool:
        """Polls tenant/info until the company reads activated, for up to wait_s. A read
        that fails is tried again at the next tick: the company exists either way."""
        deadline = self._clock() + self.wait_s
        while True:
            with contextlib.suppress(RemoteError):
                details = await self.partner.tenant(tenant_id)
                if details.activated:
                    return True
            left = deadline - self._clock()
            if left <= 0:
                return False
            await self._sleep(min(self.every_s, left))

    def _invalid(self, email: str, problems: list[Invalid]) -> Created:
        lang = self._lang()
        said = [explain(p.code, lang, **p.params) for p in problems]
        return Created(
            INVALID,
            email.strip(),
            error=problems[0].code,
            params=dict(problems[0].params),
            problems=tuple(problems),
            message=" ".join(s.message for s in said),
            next_step=said[0].next_step,
        )

    def _said(self, status: str, email: str, code: str, /, **params: Any) -> Created:
        # Positional-only: the words' params hold an `email` of their own (tenant_add_unknown).
        said = explain(code, self._lang(), **params)
        return Created(
            status,
            email,
            error=code,
            params=params,
            message=said.message,
            next_step=said.next_step,
        )
