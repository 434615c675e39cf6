"""AutoCall in the store: the campaigns used, the push journal (each batch recorded before it
is sent), the calls synced from AutoCall with the names of local contacts, the call-backs."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson

from omidesk.domain.autocall.calls import (
    ANSWERED,
    ERROR,
    CallFilter,
    CampaignCall,
    e164_of,
    from_ms,
)
from omidesk.domain.autocall.campaigns import BatchRecord, Callback, Campaign
from omidesk.store.db import Database
from omidesk.store.processes import owns

# A sync reads again from a little before the newest call it has: a call placed in the
# same second as the newest one, or listed late, is not missed (they are upserted).
RESYNC_MARGIN_S = 300.0
# ... and from the oldest call still in progress (neither answered nor failed), so its
# ending is read; unless that call is older than this, and will not end any more.
IN_PROGRESS_HORIZON_S = 86400.0
_FINAL = (ANSWERED, ERROR)
# Contacts pushed or calls synced between two checkpoints made behind (Database.
# checkpoint_behind): ten batches of a push, two pages of a sync.
_CHECKPOINT_EVERY = 2000
EVERY_CALL = CallFilter()
_CALL_COLUMNS = (
    "call_id, campaign, caller_id, callee_id, called_at, duration_s, key_press, note, state"
)
# The contact a call's number belongs to: the best ranked, as the recent calls name them.
_CONTACT = (
    "(SELECT ct.name FROM phones p JOIN contacts ct ON ct.id = p.contact_id"
    " WHERE p.e164 = c.e164 ORDER BY ct.favorite DESC, ct.last_called_at DESC, ct.id LIMIT 1)"
)
# A page of calls, added or updated in one transaction. in_user_log only ever goes from 0
# to 1; a campaign is kept once known (the call log names it, the export always does).
_UPSERT = f"""
INSERT INTO autocall_calls ({_CALL_COLUMNS}, e164, keys, in_user_log)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (call_id) DO UPDATE SET
    campaign = COALESCE(excluded.campaign, campaign),
    caller_id = excluded.caller_id, callee_id = excluded.callee_id, e164 = excluded.e164,
    called_at = excluded.called_at, duration_s = excluded.duration_s,
    key_press = excluded.key_press, keys = excluded.keys, note = excluded.note,
    state = excluded.state, in_user_log = MAX(in_user_log, excluded.in_user_log)
"""


class AutoCallStore:
    """AutoCall's tables, through one Database connection. The writes of a push and of a
    sync are single statements awaited (`*_async`): on the window's thread they wait for
    the write lock with the window still running (an import may hold it)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._unchecked = 0  # contacts and calls written since the last checkpoint_behind

    def _written(self, count: int) -> None:
        # A push or a sync writes by the thousand: its WAL is copied back as it goes, in a
        # thread, rather than all of it by the close that ends the command.
        self._unchecked += count
        if self._unchecked >= _CHECKPOINT_EVERY:
            self._unchecked = 0
            self.db.checkpoint_behind()

    # --- campaigns --------------------------------------------------------------------------

    def campaigns(self) -> list[Campaign]:
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT id, name, voice_otp FROM autocall_campaigns ORDER BY added_at, id"
            ).fetchall()
        return [Campaign(row["id"], row["name"], bool(row["voice_otp"])) for row in rows]

    def campaign(self, campaign_id: str) -> Campaign | None:
        with self.db.reading() as conn:
            row = conn.execute(
                "SELECT id, name, voice_otp FROM autocall_campaigns WHERE id = ?", (campaign_id,)
            ).fetchone()
        return Campaign(row["id"], row["name"], bool(row["voice_otp"])) if row else None

    def save_campaign(self, campaign: Campaign) -> None:
        """Adds the campaign, or renames it (and says whether it sends voice OTPs)."""
        self.db.write_one(
            "INSERT INTO autocall_campaigns (id, name, voice_otp, added_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET name = excluded.name, voice_otp = excluded.voice_otp",
            (campaign.id, campaign.name, int(campaign.voice_otp), time.time()),
        )

    async def remember_campaign(self, campaign_id: str, *, voice_otp: bool = False) -> None:
        """A campaign pushed to or synced from the command line joins the list, once."""
        await self.db.write_one_async(
            "INSERT INTO autocall_campaigns (id, voice_otp, added_at) VALUES (?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET voice_otp = MAX(voice_otp, excluded.voice_otp)",
            (campaign_id, int(voice_otp), time.time()),
        )

    def remove_campaign(self, campaign_id: str) -> None:
        """Forgets the campaign's name; its journal and calls stay (they are history)."""
        self.db.write_one("DELETE FROM autocall_campaigns WHERE id = ?", (campaign_id,))

    # --- the push journal -------------------------------------------------------------------

    async def begin_push(self, campaign: str, contacts: int) -> int:
        rows = await self.db.write_one_async(
            "INSERT INTO autocall_pushes (campaign, started_at, pid, contacts)"
            " VALUES (?, ?, ?, ?) RETURNING id",
            (campaign, time.time(), os.getpid(), contacts),
        )
        return int(rows[0][0])

    async def batch_sending(
        self, push_id: int, campaign: str, seq: int, numbers: Sequence[str]
    ) -> int:
        """Records a batch as being sent: done, durably, BEFORE its request leaves."""
        rows = await self.db.write_one_async(
            "INSERT INTO autocall_batches (push_id, campaign, seq, created_at, pid, state,"
            " numbers) VALUES (?, ?, ?, ?, ?, 'sending', ?) RETURNING id",
            (push_id, campaign, seq, time.time(), os.getpid(), _text(list(numbers))),
        )
        return int(rows[0][0])

    async def batch_answered(
        self, batch_id: int, accepted: Mapping[str, str], skipped: Sequence[str]
    ) -> None:
        await self.db.write_one_async(
            "UPDATE autocall_batches SET state = 'answered', accepted = ?, skipped = ?,"
            " answered_at = ? WHERE id = ?",
            (_text(_dict(accepted)), _text(list(skipped)), time.time(), batch_id),
        )
        self._written(len(accepted) + len(skipped))

    async def batch_ended(
        self, batch_id: int, state: str, code: str, server_message: str | None = None
    ) -> None:
        """A batch refused, never sent (failed) or whose answer was lost (unknown)."""
        await self.db.write_one_async(
            "UPDATE autocall_batches SET state = ?, error_code = ?, server_message = ?,"
            " answered_at = ? WHERE id = ?",
            (state, code, server_message, time.time(), batch_id),
        )

    def pushed_numbers(self, campaign: str) -> set[str]:
        """The numbers that may already be in `campaign`: AutoCall added them, or the
        answer to their batch never came (or has not come yet)."""
        numbers: set[str] = set()
        for batch in self.journal(campaign, states=("sending", "unknown", "answered")):
            numbers.update(batch.maybe_pushed)
        return numbers

    def journal(
        self, campaign: str | None = None, *, states: Iterable[str] | None = None
    ) -> list[BatchRecord]:
        """The batches pushed (to `campaign`, or to all), oldest first. A `sending` batch
        whose process is gone reads as `unknown` (killed before the answer came)."""
        where, params = [], []
        if campaign is not None:
            where.append("campaign = ?")
            params.append(campaign)
        if states is not None:
            where.append("state IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(states)))
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        with self.db.reading() as conn:
            rows = conn.execute(
                f"SELECT * FROM autocall_batches {clause} ORDER BY id", params
            ).fetchall()
        return [_batch(row) for row in rows]

    def recover_interrupted(self) -> int:
        """Marks `unknown` the batches a process that is gone left `sending`."""
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT id, created_at, pid FROM autocall_batches WHERE state = 'sending'"
            ).fetchall()
        dead = [row["id"] for row in rows if not owns(row["pid"], row["created_at"])]
        if dead:
            self.db.write_one(
                "UPDATE autocall_batches SET state = 'unknown', error_code = ?"
                " WHERE state = 'sending' AND id IN (SELECT value FROM json_each(?))",
                ("autocall_interrupted", json.dumps(dead)),
            )
        return len(dead)

    # --- calls ------------------------------------------------------------------------------

    async def save_calls_async(self, calls: Sequence[CampaignCall], *, user_log: bool) -> None:
        """Adds or updates a page of calls in one transaction, awaiting the write lock."""
        if calls:
            rows = _rows(calls, user_log)
            await self.db.transaction_async(lambda db: db.conn.executemany(_UPSERT, rows))
            self._written(len(rows))

    def save_calls(self, calls: Sequence[CampaignCall], *, user_log: bool) -> None:
        if calls:
            with self.db.transaction() as conn:
                conn.executemany(_UPSERT, _rows(calls, user_log))

    def sync_start_ms(self, campaign: str | None) -> int | None:
        """Where the next sync of `campaign` (None: the user's call log) starts reading, in
        ms: from the oldest call still in progress (its ending must be read), else shortly
        before the newest call stored; None when nothing is stored (from the start)."""
        scope, params = _scope(campaign)
        horizon = time.time() - IN_PROGRESS_HORIZON_S
        with self.db.reading() as conn:
            newest = conn.execute(
                f"SELECT MAX(called_at) FROM autocall_calls WHERE {scope}", params
            ).fetchone()[0]
            if newest is None:
                return None
            pending = conn.execute(
                f"SELECT MIN(called_at) FROM autocall_calls WHERE {scope} AND called_at > ?"
                " AND (state IS NULL OR state NOT IN (?, ?))",
                (*params, horizon, *_FINAL),
            ).fetchone()[0]
        start = min(newest - RESYNC_MARGIN_S, pending if pending is not None else newest)
        return max(0, int(start * 1000))

    def calls(
        self,
        campaign: str | None,
        chosen: CallFilter = EVERY_CALL,
        *,
        limit: int = -1,
        offset: int = 0,
    ) -> list[CampaignCall]:
        """The stored calls of `campaign` (None: the user's call log), newest first, with
        the name of the local contact each number belongs to."""
        where, params = _where(campaign, chosen)
        with self.db.reading() as conn:
            rows = conn.execute(
                f"SELECT {_CALL_COLUMNS}, {_CONTACT} AS contact FROM autocall_calls c"
                f" WHERE {where} ORDER BY called_at DESC, call_id DESC LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
        return [_call(row) for row in rows]

    def count(self, campaign: str | None, chosen: CallFilter = EVERY_CALL) -> int:
        where, params = _where(campaign, chosen)
        with self.db.reading() as conn:
            return int(
                conn.execute(
                    f"SELECT COUNT(*) FROM autocall_calls c WHERE {where}", params
                ).fetchone()[0]
            )

    # --- the call-back queue ----------------------------------------------------------------

    async def record_callback(self, call_id: str, status: str, record_id: int | None) -> None:
        await self.db.write_one_async(
            "INSERT INTO autocall_callbacks (call_id, status, record_id, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (call_id) DO UPDATE SET status = excluded.status,"
            " record_id = excluded.record_id, at = excluded.at",
            (call_id, status, record_id, time.time()),
        )

    def callbacks(self, call_ids: Iterable[str]) -> dict[str, Callback]:
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT call_id, status, record_id, at FROM autocall_callbacks"
                " WHERE call_id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(call_ids)),),
            ).fetchall()
        return {
            row["call_id"]: Callback(row["call_id"], row["status"], row["record_id"], row["at"])
            for row in rows
        }


def _rows(calls: Sequence[CampaignCall], user_log: bool) -> list[tuple[Any, ...]]:
    # Each call unpacked once rather than nine attribute reads (a sync saves 10,000).
    in_log = int(user_log)
    return [
        (
            call_id,
            campaign,
            caller_id,
            callee_id,
            called.timestamp() if called else None,
            duration_s,
            key_press,
            note,
            state,
            e164_of(callee_id),
            call.keys_pressed,
            in_log,
        )
        for call in calls
        for (
            call_id,
            campaign,
            caller_id,
            callee_id,
            called,
            duration_s,
            key_press,
            note,
            state,
            _contact,
        ) in (call,)
    ]


def _text(value: list[str] | dict[str, str]) -> str:
    """A journal's list or map as the JSON text stored: orjson writes a batch's in a
    twentieth of json.dumps' time, and a push writes two of them for every 200 contacts."""
    return orjson.dumps(value).decode()


def _dict(mapping: Mapping[str, str]) -> dict[str, str]:
    # (The push hands its dict of 200 answers a batch: not copied again.)
    return mapping if type(mapping) is dict else dict(mapping)


def _scope(campaign: str | None) -> tuple[str, tuple[Any, ...]]:
    if campaign is None:
        return "in_user_log", ()
    return "campaign = ?", (campaign,)


def _where(campaign: str | None, chosen: CallFilter) -> tuple[str, tuple[Any, ...]]:
    scope, params = _scope(campaign)
    parts = [scope]
    values: list[Any] = list(params)
    if chosen.answered:
        parts.append("state = ?")
        values.append(ANSWERED)
    if chosen.failed:
        parts.append("state = ?")
        values.append(ERROR)
    if chosen.pressed == "any":
        parts.append("keys != ''")
    elif chosen.pressed is not None:
        parts.append("instr(keys, ?) > 0")
        values.append(chosen.pressed)
    if chosen.since is not None:
        parts.append("called_at >= ?")
        values.append(chosen.since.timestamp())
    return " AND ".join(parts), tuple(values)


def _call(row: sqlite3.Row) -> CampaignCall:
    called = row["called_at"]
    return CampaignCall(
        call_id=row["call_id"],
        campaign=row["campaign"],
        caller_id=row["caller_id"],
        callee_id=row["callee_id"],
        called_at=from_ms(round(called * 1000)) if called is not None else None,
        duration_s=row["duration_s"],
        key_press=row["key_press"],
        note=row["note"],
        state=row["state"],
        contact=row["contact"],
    )


def _batch(row: sqlite3.Row) -> BatchRecord:
    state = row["state"]
    code = row["error_code"]
    if state == "sending" and not owns(row["pid"], row["created_at"]):
        state, code = "unknown", "autocall_interrupted"
    return BatchRecord(
        id=row["id"],
        push_id=row["push_id"],
        campaign=row["campaign"],
        seq=row["seq"],
        created_at=row["created_at"],
        state=state,
        numbers=tuple(orjson.loads(row["numbers"])),
        accepted=dict(orjson.loads(row["accepted"])) if row["accepted"] else {},
        skipped=tuple(orjson.loads(row["skipped"])) if row["skipped"] else (),
        error_code=code,
        server_message=row["server_message"],
        answered_at=row["answered_at"],
    )
