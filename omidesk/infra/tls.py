"""The TLS context of a process's HTTP client: made in a worker thread while the process
does other work (loading the CA bundle is 20-25 ms of OpenSSL, run without the GIL), or at
once. Certificate authorities an environment variable names that cannot be read are said
in the catalogue's words (SetupError), not as a crash."""

from __future__ import annotations

import os
import ssl
import threading
from collections.abc import Callable

import httpx

from omidesk.domain.errors import SetupError

# Where httpx looks, in this order, before certifi's bundle (httpx.create_ssl_context).
_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")


def needed_by(base_url: str) -> bool:
    """Whether a process whose server cannot change needs a TLS context. Building one
    loads the CA bundle (~50-100 ms); a plain-http server (only allowed on loopback: the
    sandbox) needs none."""
    return not base_url.lower().startswith("http://")


def for_server(base_url: str) -> ssl.SSLContext | bool:
    """made_now() for a process that talks to `base_url` only."""
    return made_now(needed_by(base_url))


def made_now(needed: bool) -> ssl.SSLContext | bool:
    """What to give httpx.AsyncClient as `verify`: a verifying context when `needed` (a
    server over https), else False (a plain-http server, only allowed on loopback, needs
    no CA bundle). Raises SetupError when the CA bundle an environment variable names
    cannot be read."""
    if not needed:
        return False
    try:
        # What httpx.AsyncClient() builds for verify=True (SSL_CERT_FILE and SSL_CERT_DIR
        # honoured, else certifi's bundle).
        return httpx.create_ssl_context()
    except (OSError, ssl.SSLError) as exc:
        source = next((name for name in _VARIABLES if os.environ.get(name)), None)
        if source is None:
            raise  # certifi's own bundle unreadable: a broken install, not a setting
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SetupError(
            "tls_ca_unreadable", source=source, path=os.environ[source], detail=detail[:200]
        ) from exc


class _Made:
    """made_now() run by a worker thread: `__call__` waits for it (at once, as a rule:
    whoever starts it has other work to do first) and raises what making it raised, as
    made_now() would have."""

    def __init__(self) -> None:
        self._context: ssl.SSLContext | bool = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._make, name="tls-context", daemon=True)
        self._thread.start()

    def _make(self) -> None:
        try:
            self._context = made_now(True)
        except BaseException as exc:  # handed to the caller, raised in its thread
            self._error = exc

    def __call__(self) -> ssl.SSLContext | bool:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._context


def made_soon(needed: bool) -> Callable[[], ssl.SSLContext | bool]:
    """made_now(needed), started now in a thread when `needed`: call the result when the
    client is made."""
    if not needed:
        return lambda: False
    return _Made()
