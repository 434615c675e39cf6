"""The names OMICall's CRM gave for numbers, cached (a number it has no contact for is
cached too, as None), so that a number shows its customer's name without asking again."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable

from omidesk.store.db import Database


class OmiCallNames:
    """The `omicall_names` cache of one Database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def cached(self, e164s: Iterable[str], since: float) -> dict[str, str | None]:
        """e164 -> the name fetched at or after `since` (None: OMICall has none); numbers
        not asked about since then are left out."""
        wanted = json.dumps(sorted(set(e164s)))
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT e164, name FROM omicall_names"
                " WHERE e164 IN (SELECT value FROM json_each(?)) AND fetched_at >= ?",
                (wanted, since),
            ).fetchall()
        return {row[0]: row[1] for row in rows}

    def put(self, e164: str, name: str | None, at: float | None = None) -> None:
        """What OMICall said of `e164`: its customer's name, or None for no contact."""
        self.db.write_one(
            "INSERT OR REPLACE INTO omicall_names (e164, name, fetched_at) VALUES (?, ?, ?)",
            (e164, name, time.time() if at is None else at),
        )
