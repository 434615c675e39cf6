"""The one error base: a catalogue code and the plain values its words need.

Every failure the agent can read about (OMICall's refusals, the local store, contact
files, the dialer's own refusals) is an OmiDeskError or a subclass, so that anything can
hand one to `catalogue.explain(error, lang)` and nothing re-assembles its arguments."""

from __future__ import annotations

from typing import Any, Literal

# What a failure of a remote request means for the call: the service said no, nothing
# could be sent, or the request may have reached it and nobody knows whether a phone rings.
Consequence = Literal["rejected", "failed", "unknown"]

# The code a refusal of the token reads as once signing in again did not help.
TOKEN_REFUSED_AGAIN = "token_expired"


class OmiDeskError(Exception):
    """A failure told in the catalogue's words: `code` is a key of the error catalogue,
    `params` every value its message and next step need (a path, OMICall's own message,
    the HTTP status, the extension a request was for…), plain values only, so that the
    words can be given again in another language or read back from a record."""

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params: dict[str, Any] = params

    def __str__(self) -> str:
        # Logged as is: the code and its details (never a key or a token: none is a param).
        details = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.code} ({details})" if details else self.code


class RemoteError(OmiDeskError):
    """A request to a remote service (OMICall) that did not succeed. `consequence` is
    decided by the adapter, which alone knows whether the request left this computer.
    `auth_rejected` says the service refused the token the request was sent with: nothing
    was done with the request, and signing in again and sending it once more is safe. (A
    refused sign-in is not one: the key itself was refused, and would be again.)"""

    def __init__(
        self, code: str, consequence: Consequence, /, *, auth_rejected: bool = False, **params: Any
    ) -> None:
        super().__init__(code, **params)
        self.consequence: Consequence = consequence
        self.auth_rejected = auth_rejected

    @property
    def server_message(self) -> str | None:
        """The service's own words, cleaned for display (None when it gave none)."""
        message = self.params.get("server_message")
        return message if isinstance(message, str) else None

    def refused_again(self) -> RemoteError:
        """This refusal, come after signing in again: the sign-in did not help."""
        return type(self)(TOKEN_REFUSED_AGAIN, "rejected", **self.params)


class StorageError(OmiDeskError):
    """The local database failed in a way the agent can do something about (disk full,
    locked, read-only, damaged file). `params["path"]` is the database file."""

    @property
    def path(self) -> str:
        return str(self.params.get("path", ""))


class SetupError(OmiDeskError):
    """This computer's set-up stops the work before anything is sent (the certificate
    authorities an environment variable names cannot be read): nothing to retry until it
    is corrected."""


# The code a remote read reads as when the service asked to slow down (OMICall's
# `limit_request_30_minute`, `rate_limit_exceeded`, HTTP 429): `retry_in_s` says when the
# client will ask again.
RATE_LIMITED = "rate_limited"
