"""The ledger of partner top-ups: each written `sending` before its request leaves, then
finished with its outcome, so that no answer lost, crash or Ctrl+C hides a top-up."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Mapping
from typing import Any

from omidesk.domain.tenants import LedgerEntry, TopUpRequest, TopUpStatus, Wallet
from omidesk.store.db import Database
from omidesk.store.processes import owns

# A `sending` top-up older than this cannot still be waiting for its answer: a crash left it.
STALE_AFTER_S = 600.0

_COLUMNS = (
    "id, created_at, finished_at, base_url, tenant_id, company, email, amount, wallet,"
    " description, status, error_code, error_params, server_message, balance_before,"
    " balance_after"
)
# Statuses of a top-up that may have moved money without OmiDesk knowing it.
UNSETTLED = (TopUpStatus.SENDING.value, TopUpStatus.UNKNOWN.value)


class LedgerStore:
    """Reads and writes the `top_ups` table of one Database. The `…_async` writes await
    the write lock on the event loop's thread (the window) instead of blocking it."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- writing -------------------------------------------------------------------------

    def start(self, request: TopUpRequest, **context: Any) -> int | None:
        """Records the top-up as `sending`; must happen before the request leaves. None
        when another top-up to the same e-mail is being sent right now (check and write
        are one statement: two processes cannot both pass)."""
        return _new_id(self.db.write_one(*_starting(request, context)))

    async def start_async(self, request: TopUpRequest, **context: Any) -> int | None:
        return _new_id(await self.db.write_one_async(*_starting(request, context)))

    def finish(self, entry_id: int, status: TopUpStatus, **ending: Any) -> None:
        self.db.write_one(*_finishing(entry_id, status, ending))

    async def finish_async(self, entry_id: int, status: TopUpStatus, **ending: Any) -> None:
        await self.db.write_one_async(*_finishing(entry_id, status, ending))

    def recover_interrupted(self) -> int:
        """Marks `unknown` the top-ups a crashed process left `sending`; returns how many.
        One of a process still running (this one, or another OmiDesk) is left alone."""
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT id, created_at, pid FROM top_ups WHERE status = 'sending'"
            ).fetchall()
        now = time.time()
        dead = [
            row["id"]
            for row in rows
            if now - row["created_at"] > STALE_AFTER_S or not owns(row["pid"], row["created_at"])
        ]
        if dead:
            self.db.write_one(
                "UPDATE top_ups SET status = 'unknown', error_code = 'interrupted',"
                " finished_at = ? WHERE status = 'sending'"
                " AND id IN (SELECT value FROM json_each(?))",
                (now, json.dumps(dead)),
            )
        return len(dead)

    # --- reading -------------------------------------------------------------------------

    def get(self, entry_id: int) -> LedgerEntry | None:
        with self.db.reading() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM top_ups WHERE id = ?", (entry_id,)
            ).fetchone()
        return _entry(row) if row else None

    def recent(self, limit: int = 1000) -> list[LedgerEntry]:
        """Newest first."""
        with self.db.reading() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM top_ups ORDER BY created_at DESC, id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [_entry(row) for row in rows]

    def unsettled(self, email: str, since: float) -> LedgerEntry | None:
        """The newest top-up to `email` since `since` whose outcome is not known (being
        sent, or its answer lost): money may have moved that the balance must show first."""
        with self.db.reading() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM top_ups WHERE email = ? COLLATE NOCASE"
                " AND created_at >= ? AND status IN (?, ?) ORDER BY created_at DESC LIMIT 1",
                (email.strip(), since, *UNSETTLED),
            ).fetchone()
        return _entry(row) if row else None


def _starting(request: TopUpRequest, context: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    unknown = set(context) - {"company", "tenant_id", "base_url", "balance_before"}
    if unknown:
        raise TypeError(f"unexpected keyword arguments: {', '.join(sorted(unknown))}")
    return (
        "INSERT INTO top_ups (created_at, base_url, tenant_id, company, email, amount, wallet,"
        " description, status, balance_before, pid)"
        " SELECT ?, ?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?"
        " WHERE NOT EXISTS (SELECT 1 FROM top_ups WHERE email = ? COLLATE NOCASE"
        " AND status = 'sending') RETURNING id",
        (
            time.time(),
            context.get("base_url", ""),
            context.get("tenant_id"),
            context.get("company", ""),
            request.email,
            request.amount,
            request.wallet.value,
            request.description,
            context.get("balance_before"),
            os.getpid(),
            request.email,
        ),
    )


def _finishing(
    entry_id: int, status: TopUpStatus, ending: Mapping[str, Any]
) -> tuple[str, tuple[Any, ...]]:
    unknown = set(ending) - {"error_code", "params", "server_message", "balance_after"}
    if unknown:
        raise TypeError(f"unexpected keyword arguments: {', '.join(sorted(unknown))}")
    params = ending.get("params")
    return (
        "UPDATE top_ups SET status = ?, finished_at = ?, error_code = ?, error_params = ?,"
        " server_message = ?, balance_after = ? WHERE id = ?",
        (
            status.value,
            time.time(),
            ending.get("error_code"),
            json.dumps(dict(params), ensure_ascii=False, default=str) if params else None,
            ending.get("server_message"),
            ending.get("balance_after"),
            entry_id,
        ),
    )


def _new_id(rows: list[sqlite3.Row]) -> int | None:
    return int(rows[0][0]) if rows else None


def _entry(row: sqlite3.Row) -> LedgerEntry:
    params: dict[str, Any] = {}
    if row["error_params"]:
        try:
            loaded = json.loads(row["error_params"])
            params = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            params = {}
    return LedgerEntry(
        id=row["id"],
        created_at=row["created_at"],
        email=row["email"],
        amount=row["amount"],
        wallet=Wallet(row["wallet"]),
        description=row["description"],
        status=TopUpStatus(row["status"]),
        company=row["company"],
        tenant_id=row["tenant_id"],
        error=row["error_code"],
        error_params=params,
        server_message=row["server_message"],
        balance_before=row["balance_before"],
        balance_after=row["balance_after"],
        finished_at=row["finished_at"],
        base_url=row["base_url"],
    )
