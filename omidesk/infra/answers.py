"""Answers from servers we do not trust, read safely: capped in size, failures classified.

Shared by every HTTP adapter (the OMICall client, the AutoCall client): one way to read a
body without letting an endless answer grow the process, one trace hook telling whether a
request may have left, and one secret-free word for why a connection failed."""

from __future__ import annotations

import contextlib
import logging
import ssl
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import httpx

from omidesk.domain.errors import RemoteError
from omidesk.domain.wire import Wire

log = logging.getLogger(__name__)
T = TypeVar("T")

# The answers of OMICall and AutoCall are a few hundred bytes to a few hundred kilobytes
# (a page of call records); past this the rest is not read (an endless answer grew the
# process by gigabytes before the timeout ended it).
MAX_ANSWER_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Tracer:
    """httpx's trace hook for one exchange: marks its Wires (the client's own, which words
    its errors, and the caller's) as soon as the request's headers start to go out, and
    calls `body_out` (if given) once its body has gone, before the answer is read."""

    wires: tuple[Wire, ...]
    body_out: Callable[[], None] | None = None

    async def __call__(self, event: str, info: Mapping[str, Any]) -> None:
        if event.endswith("send_request_headers.started"):
            for wire in self.wires:
                wire.sent = True
        elif self.body_out is not None and event.endswith("send_request_body.complete"):
            self.body_out()


async def read_capped(response: httpx.Response, limit: int = MAX_ANSWER_BYTES) -> bytes | None:
    """The body of `response`, or None past `limit` bytes (the rest is never read)."""
    length = response.headers.get("content-length", "")
    if length.isdecimal():
        if int(length) > limit:
            return None
        if response.headers.get("content-encoding", "identity") == "identity":
            # The usual answer: a known, small, uncompressed length, read in one go.
            return await response.aread()
    chunks: list[bytes] = []
    size = 0
    # Counted as decoded, so a compressed answer cannot expand past the cap either.
    # httpx annotates aiter_bytes as an AsyncIterator; it is an async generator, which
    # aclosing closes (and with it the stream) when the cap ends the reading early.
    stream = cast(AsyncGenerator[bytes, None], response.aiter_bytes())
    async with contextlib.aclosing(stream):
        async for chunk in stream:
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


def network_reason(exc: BaseException) -> str:
    """A short, secret-free classification of a network failure for the catalogue's
    `{detail}` (catalogue.REASONS): dns, refused, tls, dropped or network."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for item in chain:
        if isinstance(item, ssl.SSLError):
            return "tls"
        text = str(item).lower()
        if "name or service not known" in text or "nodename nor servname" in text:
            return "dns"
        if "temporary failure in name resolution" in text or "getaddrinfo" in text:
            return "dns"
        if isinstance(item, ConnectionRefusedError) or "connection refused" in text:
            return "refused"
        if "certificate" in text or "ssl" in text:
            return "tls"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return "dropped"
    return "network"


async def once_more_if_unconnected(
    exchange: Callable[[], Awaitable[T]], unconnected: str, host: str
) -> T:
    """One exchange, tried once more only when it failed with `unconnected` (the connection
    could not be opened at all, so nothing left this computer: safe to send again)."""
    try:
        return await exchange()
    except RemoteError as error:
        if error.code != unconnected:
            raise
        log.info("could not connect to %s (%s); trying once more", host, error.params)
    return await exchange()
