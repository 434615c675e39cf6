"""Checking an account before calling: sign in, list the extension's hotlines, and say
whether the default hotline is among them. `omidesk config test` and the settings dialog's
Test button both ask this one; it prints nothing and knows no Qt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from omidesk.domain.errors import RemoteError


class AccountClient(Protocol):
    """What the check needs of the OMICall client, already pointed at server and key."""

    @property
    def host(self) -> str: ...

    async def auth(self) -> str: ...

    async def hotlines(self, extension: str) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class Failure:
    """Why the check stopped: a catalogue code and what its words need."""

    code: str
    rejected: bool  # OMICall said no; otherwise no answer came (or none that made sense)
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AccountCheck:
    """What OMICall said about an account, an extension and a hotline."""

    host: str
    extension: str
    hotline: str
    hotlines: tuple[str, ...] | None = None  # None: no extension to ask about, or a failure
    failure: Failure | None = None

    @property
    def signed_in(self) -> bool:
        return self.failure is None

    @property
    def hotline_listed(self) -> bool | None:
        """Whether the hotline is one the extension may call out on; None when there is
        no hotline or no list to look in."""
        if not self.hotline or self.hotlines is None:
            return None
        return hotline_key(self.hotline) in {hotline_key(h) for h in self.hotlines}


async def check_account(client: AccountClient, extension: str, hotline: str) -> AccountCheck:
    """Signs in with the client's key, then lists `extension`'s hotlines (if there is an
    extension). Nothing is stored and nothing is dialled."""
    hotline = "".join(hotline.split())
    try:
        await client.auth()
        hotlines = await client.hotlines(extension) if extension else None
    except RemoteError as error:
        # Signing in knows no extension: the check's own are the ones its words name.
        params = {"extension": extension, "hotline": hotline, **error.params}
        failure = Failure(error.code, error.consequence == "rejected", params)
        return AccountCheck(client.host, extension, hotline, failure=failure)
    listed = tuple(hotlines) if hotlines is not None else None
    return AccountCheck(client.host, extension, hotline, hotlines=listed)


def hotline_key(hotline: str) -> str:
    """A hotline as one key whichever way it is written: OMICall lists a hotline both as
    842877788056 and 02877788056 (and +84…), and calls out on either."""
    digits = "".join(hotline.split()).removeprefix("+")
    return "0" + digits[2:] if digits.startswith("84") else digits
