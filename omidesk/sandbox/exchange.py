"""One exchange with the sandbox: the request as received, and the reply to write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

JSON = "application/json; charset=utf-8"


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the sandbox received it (header names lower-cased)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    json: Any | None
    received_at: float  # time.perf_counter() when the request line was read


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes
    content_type: str = JSON
