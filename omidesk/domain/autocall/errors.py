"""The one exception of AutoCall's adapter and use cases, saying what the caller may assume."""

from __future__ import annotations

from typing import Any, Literal

# What a failure means for a push: AutoCall said no (nothing added), nothing could be sent,
# or the request may have reached AutoCall and nobody knows whether its calls started.
Consequence = Literal["rejected", "failed", "unknown"]

# AutoCall's envelope codes (seed 002) and the catalogue key each becomes.
CODES: dict[str, str] = {
    "401": "autocall_unauthorized",
    "400": "autocall_contacts_malformed",
    "01": "autocall_campaign_invalid",
    "03": "autocall_campaign_stopped",
}
UNAUTHORIZED = CODES["401"]


class AutoCallError(Exception):
    """A request to AutoCall that did not succeed.

    `code` is a key of the error catalogue (`autocall_…`), `params` its details; the
    `consequence` is decided by the client, which alone knows whether the request left
    this computer. Never carries the secret key or the token. (Shaped like the domain's
    coming `OmiDeskError(code, params)`, so that it can become one of its kind.)"""

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
        """AutoCall refused the token: nothing was processed, a new token may replay once."""
        return self.code == UNAUTHORIZED
