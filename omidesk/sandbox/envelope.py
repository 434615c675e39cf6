"""OMICall's answer envelope as the sandbox writes it: success, failure, and paged payloads."""

from __future__ import annotations

import json
from typing import Any

from omidesk.sandbox.exchange import Reply
from omidesk.sandbox.scenarios import ERROR_MESSAGES


def envelope(
    ok: bool, message: str | None, payload: Any, status: int = 200, *, has_message: bool = True
) -> Reply:
    """`{"status_code": 9999|-9999, "instance_id", "instance_version", "message", "payload",
    "key_enabled"}`, as every OMICall endpoint answers."""
    env: dict[str, Any] = {
        "status_code": 9999 if ok else -9999,
        "instance_id": "sandbox",
        "instance_version": "omidesk-sandbox",
    }
    if has_message:
        env["message"] = message
    env["payload"] = payload
    env["key_enabled"] = False
    body = json.dumps(env, ensure_ascii=False, separators=(",", ":")).encode()
    return Reply(status, body)


def fail(code: str, message: str | None = None, status: int = 200) -> Reply:
    """The click2call-style failure: the code in both `message` and `payload.error`."""
    payload = {
        "status": "fail",
        "error": code,
        "message": message or ERROR_MESSAGES.get(code, code),
    }
    return envelope(False, code, payload, status)


def paged(items: list[Any], page: int, size: int, total: int) -> dict[str, Any]:
    """OMICall's usual paged payload (pages count from 1)."""
    pages = (total + size - 1) // size if size else 0
    return {
        "items": items,
        "page_number": page,
        "page_size": size,
        "total_items": total,
        "total_pages": pages,
        "has_next": page < pages,
    }
