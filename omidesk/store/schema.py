"""The database schema as an ordered list of migrations: version N is the first N steps."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Runs each statement of `script` inside the caller's transaction. (executescript
    would COMMIT first, breaking the all-or-nothing migration.)"""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        conn.execute(statement)


def _v1_calls(conn: sqlite3.Connection) -> None:
    # created_at/finished_at are Unix times (UTC); e164 is the number's identity whatever
    # format was dialled, so repeat checks and contact lookups work across formats.
    # error_params holds the JSON details the catalogue needs to word the outcome again
    # in whichever language the agent reads it later.
    run_script(
        conn,
        """
        CREATE TABLE calls (
            id            INTEGER PRIMARY KEY,
            created_at    REAL NOT NULL,
            finished_at   REAL,
            input         TEXT NOT NULL,
            number        TEXT,
            e164          TEXT,
            extension     TEXT NOT NULL DEFAULT '',
            hotline       TEXT NOT NULL DEFAULT '',
            source        TEXT NOT NULL,
            status        TEXT NOT NULL CHECK (status IN
                          ('placing', 'accepted', 'rejected', 'unknown', 'failed', 'invalid')),
            call_uuid     TEXT,
            error_code    TEXT,
            server_message TEXT,
            error_params  TEXT,
            latency_ms    REAL,
            pid           INTEGER
        );
        CREATE INDEX calls_by_time ON calls (created_at);
        CREATE INDEX calls_by_number ON calls (e164, created_at);
        CREATE INDEX calls_placing ON calls (status) WHERE status = 'placing';
        """,
    )


def _v2_contacts(conn: sqlite3.Connection) -> None:
    # SQLite cannot fold đ or Vietnamese tones itself, so the store writes the searchable
    # forms: `folded`, the folded words of name and company (what the word index holds);
    # `name_key`, those of the name alone ("exact name first", name order); phones.digits,
    # every digit form of a number a search must find, space separated ("0901234567
    # 84901234567", plus the old 11-digit form of a renumbered mobile; the raw digits of an
    # invalid number); contacts.phone_digits, the digits of all its numbers, "|" between.
    # The digits index is over contacts.phone_digits rather than phones.digits: a match
    # is then a contact id, with no join through phones on every keystroke.
    # The FTS5 indexes are kept up to date by ContactStore's writes, in the same
    # transaction, not by triggers: an FTS5 insert from a trigger flushes the index's
    # pending terms on every row, which made importing 100,000 contacts ten times slower.
    # Word prefixes up to 8 letters have their own FTS5 index (a Vietnamese syllable has
    # at most 7): without one, "nguyen*" merges 40,000 entries on every keystroke.
    # The rank index is the order of the whole list (favourites, recently called, name) and
    # carries what a search tests, so a search matching thousands of contacts walks it and
    # stops after one page instead of sorting every match.
    # phones_by_digits answers 1-2 digit searches, too short for the trigram index.
    run_script(
        conn,
        """
        CREATE TABLE contacts (
            id             INTEGER PRIMARY KEY,
            name           TEXT NOT NULL,
            company        TEXT NOT NULL DEFAULT '',
            email          TEXT NOT NULL DEFAULT '',
            note           TEXT NOT NULL DEFAULT '',
            favorite       INTEGER NOT NULL DEFAULT 0,
            owners         TEXT NOT NULL DEFAULT '',
            created_at     REAL NOT NULL,
            updated_at     REAL NOT NULL,
            last_called_at REAL,
            folded         TEXT NOT NULL,
            name_key       TEXT NOT NULL,
            phone_digits   TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE phones (
            id             INTEGER PRIMARY KEY,
            contact_id     INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            position       INTEGER NOT NULL,
            number         TEXT NOT NULL,
            label          TEXT NOT NULL DEFAULT '',
            e164           TEXT,
            valid          INTEGER NOT NULL DEFAULT 0,
            converted_from TEXT,
            digits         TEXT NOT NULL
        );
        CREATE INDEX phones_by_e164 ON phones (e164, contact_id) WHERE e164 IS NOT NULL;
        CREATE INDEX phones_by_contact ON phones (contact_id, position);
        CREATE INDEX phones_by_digits ON phones (digits, contact_id);
        CREATE INDEX contacts_by_rank ON contacts
            (favorite DESC, last_called_at DESC, name_key, id, folded, phone_digits);
        CREATE INDEX contacts_by_name ON contacts (name_key);

        CREATE VIRTUAL TABLE contacts_words USING fts5 (
            folded, content = 'contacts', content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 0', detail = none,
            prefix = '1 2 3 4 5 6 7 8'
        );
        CREATE VIRTUAL TABLE contacts_digits USING fts5 (
            phone_digits, content = 'contacts', content_rowid = 'id', tokenize = 'trigram'
        );
        -- Stamping the contact when its number is called lets "called recently" rank
        -- higher without joining the call history on every keystroke.
        CREATE TRIGGER calls_stamp_contacts AFTER INSERT ON calls
        WHEN new.e164 IS NOT NULL BEGIN
            UPDATE contacts SET last_called_at = new.created_at
            WHERE id IN (SELECT contact_id FROM phones WHERE e164 = new.e164)
              AND (last_called_at IS NULL OR last_called_at < new.created_at);
        END;
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1_calls, _v2_contacts]
