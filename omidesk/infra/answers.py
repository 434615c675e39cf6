"""Answers from servers we do not trust, read safely: capped in size, failures classified.

Shared by every HTTP adapter (the OMICall client, the AutoCall client): one way to read a
body without letting an endless answer grow the process, and one secret-free word for
why a connection failed."""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

# The answers of OMICall and AutoCall are a few hundred bytes to a few hundred kilobytes
# (a page of call records); past this the rest is not read (an endless answer grew the
# process by gigabytes before the timeout ended it).
MAX_ANSWER_BYTES = 1 << 20


@dataclass(slots=True)
class Wire:
    """Whether any byte of a request may have left this computer (an httpx trace hook).

    A client keeps one per exchange to word its errors. The dialer passes one to
    click2call too, and the AutoCall push to each import: when the request is interrupted
    (Ctrl+C, the window closed), no error says whether it left, and this does."""

    sent: bool = False
    also: Wire | None = None  # the caller's, told at the same time

    async def trace(self, event: str, info: Mapping[str, Any]) -> None:
        if event.endswith("send_request_headers.started"):
            self.sent = True
            if self.also is not None:
                self.also.sent = True


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
    async with contextlib.aclosing(response.aiter_bytes()) as stream:
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
