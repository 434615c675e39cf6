"""The one exception the OMICall client raises, saying what the agent may assume."""

from __future__ import annotations

from typing import Any

from omidesk.domain.errors import Consequence, RemoteError

__all__ = ["Consequence", "OmiCallError"]

# OMICall's codes for a token it no longer accepts.
_TOKEN_CODES = frozenset({"token_expired", "unauthorized"})
# OMICall's codes for "too many requests": v1's history answers the first when polled too
# often, its own client knows the second.
RATE_LIMIT_CODES = frozenset({"limit_request_30_minute", "rate_limit_exceeded"})


class OmiCallError(RemoteError):
    """A request to OMICall that did not succeed.

    `code` is a key of the error catalogue (an OMICall code, or one of OmiDesk's own such
    as `no_answer`); `consequence` is decided by the client, which alone knows whether the
    request left this computer. `params` holds the HTTP status, OMICall's own message and
    the extension and hotline the request was for. Never carries the API key or the token."""

    def __init__(
        self,
        code: str,
        consequence: Consequence,
        *,
        http_status: int | None = None,
        server_message: str | None = None,
        **params: Any,
    ) -> None:
        if http_status is not None:
            params.setdefault("http_status", http_status)
        if server_message is not None:
            params.setdefault("server_message", server_message)
        status = params.get("http_status")
        super().__init__(
            code,
            consequence,
            auth_rejected=code in _TOKEN_CODES or status == 401,
            **params,
        )

    @property
    def http_status(self) -> int | None:
        status = self.params.get("http_status")
        return status if isinstance(status, int) else None

    @property
    def rate_limited(self) -> bool:
        """Whether OMICall asked to slow down (a read may be asked again, later)."""
        return self.code in RATE_LIMIT_CODES or self.http_status == 429

    def __str__(self) -> str:
        return f"{self.code} ({self.consequence}, HTTP {self.http_status})"
