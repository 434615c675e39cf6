"""How calls ended, kept with the call history: the outcome lookups still pending, the
calls OMICall's history told of (matched to their record, or added once), missed calls to
return, and up to when each account's history is in."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence

from omidesk.domain.call_results import Direction, PendingLookup, Recorded, SeenCall
from omidesk.domain.records import Cdr, Origin, Source
from omidesk.store.db import Database


class CallResultStore:
    """The call results of one Database. Writes are transactions of their own, made by
    the history's use cases from a worker thread (usecases.follow_up, usecases.sync_history)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- outcome lookups ------------------------------------------------------------------

    def pending_lookups(self) -> list[PendingLookup]:
        """Every call of OmiDesk's whose outcome is still to be asked for, oldest first.
        (A day of calls at most: each is given up after 24 h.)"""
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT call_id, call_uuid, accepted_at, next_at, tries FROM outcome_lookups"
                " ORDER BY accepted_at, call_id"
            ).fetchall()
        return [PendingLookup(*row) for row in rows]

    def reschedule(self, lookups: Iterable[PendingLookup]) -> None:
        """Writes when each lookup is asked for next, and how often it was."""
        with self.db.transaction() as conn:
            conn.executemany(
                "UPDATE outcome_lookups SET next_at = ?, tries = ? WHERE call_id = ?",
                [(lookup.next_at, lookup.tries, lookup.call_id) for lookup in lookups],
            )

    def give_up(self, call_ids: Sequence[int]) -> None:
        """OMICall has no record of these calls: said on the records, and asked no more."""
        ids = json.dumps(list(call_ids))
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE calls SET cdr = ? WHERE id IN (SELECT value FROM json_each(?))"
                " AND cdr IS NULL",
                (Cdr.NONE.value, ids),
            )
            conn.execute(
                "DELETE FROM outcome_lookups WHERE call_id IN (SELECT value FROM json_each(?))",
                (ids,),
            )

    # --- results ----------------------------------------------------------------------------

    def record(
        self, calls: Sequence[SeenCall], *, add: bool = True, now: float | None = None
    ) -> Recorded:
        """Records what OMICall's history says of these calls, in one transaction: a call
        already recorded (placed here, or seen before) gets its outcome, and its lookup
        ends; any other is added once, as a call known from OMICall (unless not `add`).
        Then the missed calls a later call returned are returned. OMICall's names for the
        numbers are cached."""
        if not calls:
            return Recorded()
        now = time.time() if now is None else now
        # The same call twice in one answer: the last word wins, as if recorded in turn.
        by_uuid = {call.result.call_uuid: call for call in calls}
        uuids = json.dumps(list(by_uuid))
        with self.db.transaction() as conn:
            known: dict[str, int] = {}
            current: dict[str, tuple[object, ...]] = {}
            for row in conn.execute(
                "SELECT call_uuid, id, answered, talk_s, ring_s, ended_at, hangup_cause,"
                " recording_url, cdr FROM calls WHERE call_uuid IN"
                " (SELECT value FROM json_each(?)) ORDER BY id DESC",
                (uuids,),
            ):
                # The oldest record of a call_uuid is its record (an older database may
                # hold an id twice): rows come newest first, so the last one seen wins.
                known[row[0]] = row[1]
                current[row[0]] = tuple(row[2:])
            # Only what changed is written (and told): a sync going over the same hours
            # again rewrites nothing.
            changed: list[tuple[object, ...]] = []
            updated: list[int] = []
            for uuid, record_id in known.items():
                outcome = _outcome(by_uuid[uuid])
                if current[uuid] != (*outcome[:-1], Cdr.FOUND.value):
                    changed.append((*outcome, record_id))
                    updated.append(record_id)
            conn.executemany(
                "UPDATE calls SET answered = ?, talk_s = ?, ring_s = ?, ended_at = ?,"
                " hangup_cause = ?, recording_url = ?, cdr = 'found',"
                " to_return = CASE WHEN ? THEN 0 ELSE to_return END WHERE id = ?",
                changed,
            )
            conn.execute(
                "DELETE FROM outcome_lookups WHERE call_id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(known.values())),),
            )
            fresh = [uuid for uuid in by_uuid if add and uuid not in known]
            added: list[int] = []
            if fresh:
                conn.executemany(_INSERT, [_new_row(by_uuid[uuid], now) for uuid in fresh])
                # No record had these ids before: the rows found are the ones just added.
                added = [
                    row[0]
                    for row in conn.execute(
                        "SELECT id FROM calls WHERE call_uuid IN (SELECT value FROM json_each(?))"
                        " ORDER BY id",
                        (json.dumps(fresh),),
                    )
                ]
            e164s = json.dumps(sorted({call.e164 for call in by_uuid.values() if call.e164}))
            conn.execute(_RETURNED, (e164s,))
            names = [
                (call.e164, call.result.customer_name, now)
                for call in by_uuid.values()
                if call.e164 and call.result.customer_name
            ]
            if names:
                conn.executemany(
                    "INSERT OR REPLACE INTO omicall_names (e164, name, fetched_at)"
                    " VALUES (?, ?, ?)",
                    names,
                )
        return Recorded(tuple(updated), tuple(added), tuple(known.values()))

    # --- the sync's progress ----------------------------------------------------------------

    def synced_to(self, account: str) -> float | None:
        """Up to when the history of `account` is in (None: never synced)."""
        with self.db.reading() as conn:
            row = conn.execute(
                "SELECT synced_to FROM history_sync WHERE account = ?", (account,)
            ).fetchone()
        return float(row[0]) if row else None

    def set_synced_to(self, account: str, synced_to: float) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO history_sync (account, synced_to) VALUES (?, ?)"
                " ON CONFLICT (account) DO UPDATE SET synced_to = excluded.synced_to",
                (account, synced_to),
            )


# A call known only from OMICall's history. Its status is `accepted` (OMICall carried it:
# the status says how a click2call request went, and OMICall took this call); `input` is
# the number as OMICall wrote it; the dial form and e164 as OmiDesk reads any number.
_INSERT = (
    "INSERT INTO calls (created_at, finished_at, input, number, e164, extension, hotline,"
    " source, status, call_uuid, direction, origin, answered, talk_s, ring_s, ended_at,"
    " hangup_cause, recording_url, to_return, cdr)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'accepted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'found')"
)

# Missed calls (of the numbers just recorded) that a later call returned: the agent called
# the number (OMICall took the call), or answered it when it called again.
_RETURNED = """
UPDATE calls SET to_return = 0
WHERE to_return = 1 AND e164 IN (SELECT value FROM json_each(?))
  AND EXISTS (
    SELECT 1 FROM calls AS later
    WHERE later.e164 = calls.e164 AND later.created_at > calls.created_at
      AND ((later.direction = 'outbound' AND later.status = 'accepted')
           OR (later.direction = 'inbound' AND later.answered = 1)))
"""


def _outcome(call: SeenCall) -> tuple[object, ...]:
    result = call.result
    answered = None if result.answered is None else int(result.answered)
    return (
        answered,
        result.talk_s,
        result.ring_s,
        result.ended_at,
        result.hangup_cause,
        result.recording_url,
        answered == 1,
    )


def _new_row(call: SeenCall, now: float) -> tuple[object, ...]:
    result = call.result
    direction = result.direction or Direction.OUTBOUND
    started = result.started_at or result.ended_at or now
    missed = direction == Direction.INBOUND and result.answered is False
    answered = None if result.answered is None else int(result.answered)
    return (
        started,
        result.ended_at or started,
        result.customer or call.number,
        call.number,
        call.e164,
        result.extension or "",
        result.hotline or "",
        Source.OMICALL.value,
        result.call_uuid,
        direction.value,
        Origin.OMICALL.value,
        answered,
        result.talk_s,
        result.ring_s,
        result.ended_at,
        result.hangup_cause,
        result.recording_url,
        int(missed),
    )
