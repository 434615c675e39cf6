"""The one exception of AutoCall's adapter and use cases, saying what the caller may assume."""

from __future__ import annotations

from typing import Any

from omidesk.domain.errors import Consequence, RemoteError

__all__ = ["CODES", "UNAUTHORIZED", "AutoCallError", "Consequence"]

# AutoCall's envelope codes (seed 002) and the catalogue key each becomes.
CODES: dict[str, str] = {
    "401": "autocall_unauthorized",
    "400": "autocall_contacts_malformed",
    "01": "autocall_campaign_invalid",
    "03": "autocall_campaign_stopped",
}
UNAUTHORIZED = CODES["401"]


class AutoCallError(RemoteError):
    """A request to AutoCall that did not succeed.

    `code` is a key of the error catalogue (`autocall_…`), `params` its details (the HTTP
    status, AutoCall's own message); the `consequence` is decided by the client, which
    alone knows whether the request left this computer. A refused token (401) is
    `auth_rejected`: nothing was processed, a new token may replay once. Never carries the
    secret key or the token."""

    def __init__(
        self,
        code: str,
        consequence: Consequence,
        /,
        *,
        http_status: int | None = None,
        server_message: str | None = None,
        **params: Any,
    ) -> None:
        if http_status is not None:
            params.setdefault("http_status", http_status)
        if server_message is not None:
            params["server_message"] = server_message
        super().__init__(code, consequence, auth_rejected=code == UNAUTHORIZED, **params)

    @property
    def http_status(self) -> int | None:
        status = self.params.get("http_status")
        return status if isinstance(status, int) else None
