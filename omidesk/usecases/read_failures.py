"""A failed read of OMICall's call history, in words that fit a read.

The client's errors are worded for a call ("outcome unknown — check your phone"): a read
places no call, so its network and server failures become `history_unavailable`, saying
why in a few words. What the agent must fix (the API key, the settings) and OMICall's
request to slow down keep their own words."""

from __future__ import annotations

from omidesk.domain.errors import RATE_LIMITED, OmiDeskError, RemoteError

# Failures whose own words already fit: the settings or the key, and "ask less often".
_OWN_WORDS = frozenset(
    {
        RATE_LIMITED,
        "api_key_is_required",
        "api_key_invalid",
        "tenant_invalid",
        "unauthorized",
        "token_expired",
        "not_configured",
        "base_url_invalid",
        "settings_not_yours",
    }
)
# The rest, by code: which of the catalogue's REASONS says why.
_REASONS = {
    "no_answer": "timeout",
    "timeout_before_sending": "timeout",
    "server_error": "server_error",
    "bad_answer": "unreadable",
    "bad_auth_answer": "unreadable",
    "bad_read_answer": "unreadable",
    "answer_too_large": "unreadable",
    "http_error": "refused_request",
}


def read_failure(error: RemoteError) -> OmiDeskError:
    """How to tell the agent that a read of the history (or a lookup) failed."""
    if error.code in _OWN_WORDS:
        return error
    params = dict(error.params)
    if error.code != "cannot_connect" or "reason" not in params:
        params["reason"] = _REASONS.get(error.code, "refused_request")
    params.pop("detail", None)
    return OmiDeskError("history_unavailable", cause=error.code, **params)
