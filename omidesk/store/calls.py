"""Call history: every attempt written before its request leaves, then finished with its outcome."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Mapping
from typing import Any, Unpack

from omidesk.domain.records import (
    LIVE_STATUSES,
    CallRecord,
    CallRow,
    CallStatus,
    Ending,
    FinalCall,
    NewCall,
)
from omidesk.store.db import Database
from omidesk.store.processes import owns

# A placing record older than this cannot still be waiting for an answer (the dialer's
# whole budget is twice the longest timeout): it was left by a crash.
STALE_AFTER_S = 600.0

# The lowest and the highest hotline calls went out on ('' is none: not set up): two
# lookups at the ends of calls_by_hotline, whatever the history's length.
HOTLINES_SQL = (
    "SELECT (SELECT MIN(hotline) FROM calls WHERE hotline > ''),"
    " (SELECT MAX(hotline) FROM calls WHERE hotline > '')"
)

_COLUMNS = (
    "id, created_at, finished_at, input, number, e164, extension, hotline, source, status, "
    "call_uuid, error_code, server_message, error_params, latency_ms, direction, origin, "
    "answered, talk_s, ring_s, ended_at, hangup_cause, recording_url, to_return, cdr"
)


# CallRow's fields, in its order.
_ROW_COLUMNS = ", ".join(CallRow._fields)


class CallStore:
    """Reads and writes the `calls` table of one Database.

    The dialling path's writes come in two forms: `…_async`, awaited on the event loop's
    thread (the window, `omidesk call`), which waits for a write lock another connection
    holds without blocking the loop; and the plain one, which waits in its thread (worker
    threads, commands, tests), for as long as its Database lets a synchronous write wait."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- writing -------------------------------------------------------------------------

    def start(self, **call: Unpack[NewCall]) -> int | None:
        """Writes the `placing` record; must happen before the request is sent. None when
        an attempt made since `unless_since` forbids it (see NewCall)."""
        return _new_id(self.db.write_one(*_starting(call)))

    async def start_async(self, **call: Unpack[NewCall]) -> int | None:
        """`start`, awaiting the write lock."""
        return _new_id(await self.db.write_one_async(*_starting(call)))

    def finish(self, call_id: int, status: CallStatus, **ending: Unpack[Ending]) -> None:
        """Records how the attempt `call_id` ended."""
        self.db.write_one(*_finishing(call_id, status, ending))

    async def finish_async(
        self, call_id: int, status: CallStatus, **ending: Unpack[Ending]
    ) -> None:
        """`finish`, awaiting the write lock."""
        await self.db.write_one_async(*_finishing(call_id, status, ending))

    def add_final(self, **call: Unpack[FinalCall]) -> int:
        """Records an attempt that could not be sent (not set up)."""
        return int(self.db.write_one(*_final(call))[0][0])

    async def add_final_async(self, **call: Unpack[FinalCall]) -> int:
        """`add_final`, awaiting the write lock."""
        return int((await self.db.write_one_async(*_final(call)))[0][0])

    def recover_interrupted(self) -> int:
        """Marks `unknown` the records a crashed process left `placing`; returns how many.
        A record of a process still running (this one, or another OmiDesk) is left alone;
        not one whose pid a process started after it has taken."""
        dead = self._dead()
        if dead:
            self.db.write_one(*_interrupting(dead))
        return len(dead)

    async def recover_interrupted_async(self) -> int:
        """`recover_interrupted`, awaiting the write lock."""
        dead = self._dead()
        if dead:
            await self.db.write_one_async(*_interrupting(dead))
        return len(dead)

    def _dead(self) -> list[int]:
        """The ids of the `placing` records no running process is still placing."""
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT id, created_at, pid FROM calls WHERE status = 'placing'"
            ).fetchall()
        now = time.time()
        return [
            row["id"]
            for row in rows
            if now - row["created_at"] > STALE_AFTER_S or not owns(row["pid"], row["created_at"])
        ]

    def delete(self, call_id: int) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM calls WHERE id = ?", (call_id,))

    def clear(self) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM calls")

    async def delete_async(self, call_id: int) -> None:
        """`delete`, awaiting the write lock (the window, during an import)."""
        await self.db.write_one_async("DELETE FROM calls WHERE id = ?", (call_id,))

    async def clear_async(self) -> None:
        """`clear`, awaiting the write lock."""
        await self.db.write_one_async("DELETE FROM calls")

    # --- reading -------------------------------------------------------------------------

    def get(self, call_id: int) -> CallRecord | None:
        with self.db.reading() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM calls WHERE id = ?", (call_id,)).fetchone()
        return _record(row) if row else None

    def recent(
        self, limit: int = 100, offset: int = 0, text: str = "", *, missed: bool = False
    ) -> list[CallRecord]:
        """Newest first; `text` keeps records whose number or input contains it; `missed`
        only the missed calls still to return."""
        where, args = _filter(text, missed)
        with self.db.reading() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM calls {where} ORDER BY created_at DESC, id DESC"
                " LIMIT ? OFFSET ?",
                (*args, limit, offset),
            ).fetchall()
        return [_record(row) for row in rows]

    def rows(
        self, limit: int = 200, offset: int = 0, text: str = "", *, missed: bool = False
    ) -> list[CallRow]:
        """`recent`'s page as the list's rows (CallRow): what a row shows, and no more."""
        where, args = _filter(text, missed)
        with self.db.reading() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None  # plain tuples, made CallRows at once
            rows = cursor.execute(
                f"SELECT {_ROW_COLUMNS} FROM calls {where} ORDER BY created_at DESC, id DESC"
                " LIMIT ? OFFSET ?",
                (*args, limit, offset),
            ).fetchall()
        return list(map(CallRow._make, rows))

    def row(self, call_id: int) -> CallRow | None:
        """One call as `rows` reads it (a row of the list updated in place)."""
        with self.db.reading() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None
            found = cursor.execute(
                f"SELECT {_ROW_COLUMNS} FROM calls WHERE id = ?", (call_id,)
            ).fetchone()
        return CallRow._make(found) if found else None

    def count(self, text: str = "", *, missed: bool = False) -> int:
        where, args = _filter(text, missed)
        with self.db.reading() as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM calls {where}", args).fetchone()[0])

    def last_results(self, e164s: Iterable[str]) -> dict[str, tuple[str, str | None, float]]:
        """e164 -> (status, error code, time) of the newest attempt on each number that
        has one: one probe of the number index each."""
        wanted = json.dumps(sorted(set(e164s)))
        with self.db.reading() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None
            rows = cursor.execute(
                # SQLite takes the bare columns from the row holding the MAX().
                "SELECT e164, status, error_code, MAX(created_at) FROM calls"
                " WHERE e164 IN (SELECT value FROM json_each(?)) GROUP BY e164",
                (wanted,),
            ).fetchall()
        return {e164: (status, code, at) for e164, status, code, at in rows}

    def recent_numbers(
        self, digits: str, limit: int, within: int = 500
    ) -> list[tuple[str, str, str | None, float]]:
        """The numbers among the last `within` attempts whose digits hold `digits`
        (national: "090123"; all of them when empty), newest first, each once with its
        newest attempt: (e164, status, error code, time). Bounded whatever the history's
        size: the recent end of the time index, never the whole table."""
        where = ""
        args: tuple[str, ...] = ()
        if digits:
            international = "84" + digits[1:] if digits.startswith("0") else digits
            where = "AND (instr(number, ?) > 0 OR instr(e164, ?) > 0)"
            args = (digits, international)
        found: list[tuple[str, str, str | None, float]] = []
        if limit <= 0 or within <= 0:
            return found
        seen: set[str] = set()
        with self.db.reading() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None
            # Newest first, each number kept at its first (newest) attempt, read only until
            # `limit` numbers are found: a GROUP BY over the window sorted all of it first,
            # ten times the time, at each keystroke of the dial field. The window is the
            # time of its oldest attempt, both read from the time index alone.
            rows = cursor.execute(
                "SELECT e164, status, error_code, created_at FROM calls"
                " WHERE e164 IS NOT NULL AND created_at >= COALESCE((SELECT created_at"
                "  FROM calls WHERE e164 IS NOT NULL ORDER BY created_at DESC"
                "  LIMIT 1 OFFSET ?), -1e308)"
                f" {where} ORDER BY created_at DESC",
                (max(within - 1, 0), *args),
            )
            try:
                for e164, status, code, at in rows:
                    if e164 not in seen:
                        seen.add(e164)
                        found.append((e164, status, code, at))
                        if len(found) >= limit:
                            break
            finally:
                cursor.close()
        return found

    def hotlines_used(self) -> frozenset[str]:
        """One hotline calls went out on, or two of them when there were several (enough
        to tell which); empty when there is none."""
        with self.db.reading() as conn:
            row = conn.execute(HOTLINES_SQL).fetchone()
        return frozenset(value for value in row if value)

    def missed_count(self) -> int:
        """How many missed calls are still to return (the Missed filter's badge, the tray)."""
        with self.db.reading() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM calls WHERE to_return = 1").fetchone()[0])

    def dismiss(self, call_id: int) -> None:
        """The agent dealt with a missed call another way: it is no longer to return."""
        self.db.write_one("UPDATE calls SET to_return = 0 WHERE id = ?", (call_id,))

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


# --- the writes' statements: one each, its own atomic transaction (no BEGIN/COMMIT) -------


def _starting(call: NewCall) -> tuple[str, tuple[Any, ...]]:
    _only(call, NewCall)
    values = (
        time.time(),
        call["input"],
        call["number"],
        call["e164"],
        call["extension"],
        call["hotline"],
        call["source"],
        _dump(call.get("params")),
        os.getpid(),
    )
    since = call.get("unless_since")
    if since is None:
        return (
            "INSERT INTO calls (created_at, input, number, e164, extension, hotline, source,"
            " status, error_params, pid) VALUES (?, ?, ?, ?, ?, ?, ?, 'placing', ?, ?)"
            " RETURNING id",
            values,
        )
    statuses = tuple(sorted(status.value for status in call.get("unless", LIVE_STATUSES)))
    marks = ", ".join("?" * len(statuses))
    return (
        "INSERT INTO calls (created_at, input, number, e164, extension, hotline, source,"
        " status, error_params, pid) SELECT ?, ?, ?, ?, ?, ?, ?, 'placing', ?, ?"
        " WHERE NOT EXISTS (SELECT 1 FROM calls WHERE e164 = ? AND created_at >= ?"
        f" AND status IN ({marks})) RETURNING id",
        (*values, call["e164"], since, *statuses),
    )


def _finishing(call_id: int, status: CallStatus, ending: Ending) -> tuple[str, tuple[Any, ...]]:
    _only(ending, Ending)
    return (
        "UPDATE calls SET status = ?, finished_at = ?, call_uuid = ?, error_code = ?,"
        " server_message = ?, error_params = COALESCE(?, error_params), latency_ms = ?"
        " WHERE id = ?",
        (
            status.value,
            time.time(),
            ending.get("call_uuid"),
            ending.get("error_code"),
            ending.get("server_message"),
            _dump(ending.get("params")),
            ending.get("latency_ms"),
            call_id,
        ),
    )


def _final(call: FinalCall) -> tuple[str, tuple[Any, ...]]:
    _only(call, FinalCall)
    now = time.time()
    return (
        "INSERT INTO calls (created_at, finished_at, input, number, e164, extension,"
        " hotline, source, status, error_code, error_params)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            now,
            now,
            call["input"],
            call.get("number"),
            call.get("e164"),
            call.get("extension", ""),
            call.get("hotline", ""),
            call["source"],
            call["status"].value,
            call.get("error_code"),
            _dump(call.get("params")),
        ),
    )


def _interrupting(call_ids: list[int]) -> tuple[str, tuple[Any, ...]]:
    return (
        "UPDATE calls SET status = 'unknown', error_code = 'interrupted', finished_at = ?"
        " WHERE status = 'placing' AND id IN (SELECT value FROM json_each(?))",
        (time.time(), json.dumps(call_ids)),
    )


def _only(given: Mapping[str, Any], kind: type[Mapping[str, Any]]) -> None:
    """Refuses a keyword the write does not know, as a plain signature would: a misspelt
    `unless_since` must not silently drop the check against a repeated call."""
    unknown = given.keys() - kind.__annotations__.keys()
    if unknown:
        raise TypeError(f"unexpected keyword arguments: {', '.join(sorted(unknown))}")


def _new_id(rows: list[sqlite3.Row]) -> int | None:
    return int(rows[0][0]) if rows else None


def _filter(text: str, missed: bool = False) -> tuple[str, tuple[Any, ...]]:
    text = text.strip()
    # The missed calls to return are few, and have an index of their own (calls_to_return).
    where = ["to_return = 1"] if missed else []
    args: tuple[Any, ...] = ()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(
            "(number LIKE ? ESCAPE '\\' OR input LIKE ? ESCAPE '\\'"
            " OR call_uuid LIKE ? ESCAPE '\\')"
        )
        args = (pattern, pattern, pattern)
    return ("WHERE " + " AND ".join(where) if where else ""), args


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
        direction=row["direction"],
        origin=row["origin"],
        answered=None if row["answered"] is None else bool(row["answered"]),
        talk_s=row["talk_s"],
        ring_s=row["ring_s"],
        ended_at=row["ended_at"],
        hangup_cause=row["hangup_cause"],
        recording_url=row["recording_url"],
        to_return=bool(row["to_return"]),
        cdr=row["cdr"],
    )


def _dump(params: dict[str, Any] | None) -> str | None:
    return json.dumps(params, ensure_ascii=False) if params else None
