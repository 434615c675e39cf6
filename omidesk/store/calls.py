"""Call history: every attempt written before its request leaves, then finished with its outcome."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from typing import Any

from omidesk.domain.records import LIVE_STATUSES, CallRecord, CallStatus
from omidesk.store.db import Database
from omidesk.store.processes import owns

# A placing record older than this cannot still be waiting for an answer (the dialer's
# whole budget is twice the longest timeout): it was left by a crash.
STALE_AFTER_S = 600.0

_COLUMNS = (
    "id, created_at, finished_at, input, number, e164, extension, hotline, source, status, "
    "call_uuid, error_code, server_message, error_params, latency_ms"
)


class CallStore:
    """Reads and writes the `calls` table of one Database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- writing -------------------------------------------------------------------------

    def start(
        self,
        *,
        input: str,
        number: str,
        e164: str,
        extension: str,
        hotline: str,
        source: str,
        params: dict[str, Any] | None = None,
        unless_since: float | None = None,
        unless: frozenset[CallStatus] = LIVE_STATUSES,
    ) -> int | None:
        """Writes the `placing` record; must happen before the request is sent.

        With `unless_since`, the record is written only if no attempt on this number with a
        status in `unless` was made since then, and None is returned otherwise. Check and
        write are one statement, so two processes dialling at once cannot both pass."""
        values = (
            time.time(),
            input,
            number,
            e164,
            extension,
            hotline,
            source,
            _dump(params),
            os.getpid(),
        )
        if unless_since is None:
            rows = self.db.write_one(
                "INSERT INTO calls (created_at, input, number, e164, extension, hotline, source,"
                " status, error_params, pid) VALUES (?, ?, ?, ?, ?, ?, ?, 'placing', ?, ?)"
                " RETURNING id",
                values,
            )
        else:
            statuses = tuple(sorted(status.value for status in unless))
            marks = ", ".join("?" * len(statuses))
            rows = self.db.write_one(
                "INSERT INTO calls (created_at, input, number, e164, extension, hotline, source,"
                " status, error_params, pid) SELECT ?, ?, ?, ?, ?, ?, ?, 'placing', ?, ?"
                " WHERE NOT EXISTS (SELECT 1 FROM calls WHERE e164 = ? AND created_at >= ?"
                f" AND status IN ({marks})) RETURNING id",
                (*values, e164, unless_since, *statuses),
            )
        return int(rows[0][0]) if rows else None

    def finish(
        self,
        call_id: int,
        status: CallStatus,
        *,
        call_uuid: str | None = None,
        error_code: str | None = None,
        server_message: str | None = None,
        params: dict[str, Any] | None = None,
        latency_ms: float | None = None,
    ) -> None:
        # One statement, so its own atomic transaction: no BEGIN/COMMIT round trips.
        self.db.write_one(
            "UPDATE calls SET status = ?, finished_at = ?, call_uuid = ?, error_code = ?,"
            " server_message = ?, error_params = COALESCE(?, error_params), latency_ms = ?"
            " WHERE id = ?",
            (
                status.value,
                time.time(),
                call_uuid,
                error_code,
                server_message,
                _dump(params),
                latency_ms,
                call_id,
            ),
        )

    def add_final(
        self,
        *,
        input: str,
        status: CallStatus,
        source: str,
        number: str | None = None,
        e164: str | None = None,
        extension: str = "",
        hotline: str = "",
        error_code: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> int:
        """Records an attempt that never reached the network (invalid number, not set up)."""
        now = time.time()
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO calls (created_at, finished_at, input, number, e164, extension,"
                " hotline, source, status, error_code, error_params)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now,
                    now,
                    input,
                    number,
                    e164,
                    extension,
                    hotline,
                    source,
                    status.value,
                    error_code,
                    _dump(params),
                ),
            )
            return int(cursor.lastrowid or 0)

    def recover_interrupted(self) -> int:
        """Marks `unknown` the records a crashed process left `placing`; returns how many.
        A record of a process still running (this one, or another OmiDesk) is left alone;
        not one whose pid a process started after it has taken."""
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT id, created_at, pid FROM calls WHERE status = 'placing'"
            ).fetchall()
        now = time.time()
        dead = [
            row["id"]
            for row in rows
            if now - row["created_at"] > STALE_AFTER_S or not owns(row["pid"], row["created_at"])
        ]
        if dead:
            with self.db.transaction() as conn:
                conn.executemany(
                    "UPDATE calls SET status = 'unknown', error_code = 'interrupted',"
                    " finished_at = ? WHERE id = ? AND status = 'placing'",
                    [(now, call_id) for call_id in dead],
                )
        return len(dead)

    def delete(self, call_id: int) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM calls WHERE id = ?", (call_id,))

    def clear(self) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM calls")

    # --- reading -------------------------------------------------------------------------

    def get(self, call_id: int) -> CallRecord | None:
        with self.db.reading() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM calls WHERE id = ?", (call_id,)).fetchone()
        return _record(row) if row else None

    def recent(self, limit: int = 100, offset: int = 0, text: str = "") -> list[CallRecord]:
        """Newest first; `text` keeps records whose number or input contains it."""
        where, args = _filter(text)
        with self.db.reading() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM calls {where} ORDER BY created_at DESC, id DESC"
                " LIMIT ? OFFSET ?",
                (*args, limit, offset),
            ).fetchall()
        return [_record(row) for row in rows]

    def count(self, text: str = "") -> int:
        where, args = _filter(text)
        with self.db.reading() as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM calls {where}", args).fetchone()[0])

    def last_live(self, e164: str, since: float) -> CallRecord | None:
        """The newest attempt on this number since `since` that may have rung a phone."""
        statuses = tuple(status.value for status in LIVE_STATUSES)
        marks = ", ".join("?" * len(statuses))
        with self.db.reading() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM calls WHERE e164 = ? AND created_at >= ?"
                f" AND status IN ({marks}) ORDER BY created_at DESC LIMIT 1",
                (e164, since, *statuses),
            ).fetchone()
        return _record(row) if row else None


def _filter(text: str) -> tuple[str, tuple[Any, ...]]:
    text = text.strip()
    if not text:
        return "", ()
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return (
        "WHERE number LIKE ? ESCAPE '\\' OR input LIKE ? ESCAPE '\\'"
        " OR call_uuid LIKE ? ESCAPE '\\'",
        (pattern, pattern, pattern),
    )


def _record(row: sqlite3.Row) -> CallRecord:
    params: dict[str, Any] = {}
    if row["error_params"]:
        try:
            loaded = json.loads(row["error_params"])
            params = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            params = {}
    return CallRecord(
        id=row["id"],
        created_at=row["created_at"],
        finished_at=row["finished_at"],
        input=row["input"],
        number=row["number"],
        e164=row["e164"],
        extension=row["extension"],
        hotline=row["hotline"],
        source=row["source"],
        status=CallStatus(row["status"]),
        call_uuid=row["call_uuid"],
        error_code=row["error_code"],
        server_message=row["server_message"],
        error_params=params,
        latency_ms=row["latency_ms"],
    )


def _dump(params: dict[str, Any] | None) -> str | None:
    return json.dumps(params, ensure_ascii=False) if params else None
