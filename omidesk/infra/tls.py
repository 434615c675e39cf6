"""The TLS context of a process's HTTP client, made in a worker thread while the process
does other work: loading the CA bundle is 20-25 ms of OpenSSL, run without the GIL."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable

import httpx


class _Made:
    """The context being made by a worker thread: `__call__` waits for it (at once, as
    a rule: whoever starts it has other work to do first) and raises what making it
    raised, as building it inline would have."""

    def __init__(self) -> None:
        self._context: ssl.SSLContext | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._make, name="tls-context", daemon=True)
        self._thread.start()

    def _make(self) -> None:
        try:
            # What httpx.AsyncClient() builds for verify=True (SSL_CERT_FILE and
            # SSL_CERT_DIR honoured, else certifi's bundle).
            self._context = httpx.create_ssl_context()
        except BaseException as exc:  # handed to the caller, raised in its thread
            self._error = exc

    def __call__(self) -> ssl.SSLContext:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._context is not None
        return self._context


def made_soon(needed: bool) -> Callable[[], ssl.SSLContext | bool]:
    """What to give httpx.AsyncClient as `verify` later: a verifying context started now
    in a thread when `needed` (a server over https), else False (a plain-http server, only
    allowed on loopback, needs no CA bundle). Call the result when the client is made."""
    if not needed:
        return lambda: False
    return _Made()
