"""The one exception the OMICall client raises, saying what the agent may assume."""

from __future__ import annotations

from typing import Any, Literal

# What a failure means for the call: OMICall said no, nothing could be sent, or the
# request may have reached OMICall and nobody knows whether the phone rings.
Consequence = Literal["rejected", "failed", "unknown"]


class OmiCallError(Exception):
    """A request to OMICall that did not succeed.

    `code` is a key of the error catalogue (an OMICall code, or one of OmiDesk's own such
    as `no_answer`); `consequence` is decided by the client, which alone knows whether the
    request left this computer. Never carries the API key or the token."""

    def __init__(
        self,
        code: str,
        consequence: Consequence,
        *,
        http_status: int | None = None,
        server_message: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(f"{code} ({consequence}, HTTP {http_status})")
        self.code = code
        self.consequence: Consequence = consequence
        self.http_status = http_status
        self.server_message = server_message
        self.params: dict[str, Any] = dict(params)
        if http_status is not None:
            self.params.setdefault("http_status", http_status)

    @property
    def auth_rejected(self) -> bool:
        """OMICall refused the token: safe to sign in again and replay once."""
        return self.code in ("token_expired", "unauthorized") or self.http_status == 401
