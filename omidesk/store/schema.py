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
    # phones_by_digits answers 1-2 digit searches, too short for the trigram index (v6:
    # phones_by_start).
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


# Rows the v3 migration fills per UPDATE: memory stays flat whatever the size of the book.
_DISPLAY_BATCH = 5000


def _v3_list_reads(conn: sqlite3.Connection) -> None:
    # phones.display: the grouped form the list shows ("0901 234 567"), written with the
    # number (normalising it already worked it out), so painting a row formats nothing;
    # NULL for an invalid number, which shows as written. Existing rows are filled here:
    # formatting costs ~55 µs a number, once.
    # contacts_ranked_by_name: the favourites and the called (a small part of a big book)
    # by name, so "names starting with the query" takes them from here and the rest
    # straight from the rank index's (favorite = 0, last_called_at IS NULL) part in name
    # order, instead of walking the whole rank index up to the query's place in the
    # alphabet. It carries what a search tests, as the rank index does.
    from omidesk.domain.contacts import display_of  # noqa: PLC0415 (phonenumbers: only here)

    run_script(
        conn,
        """
        ALTER TABLE phones ADD COLUMN display TEXT;
        CREATE INDEX contacts_ranked_by_name ON contacts
            (name_key, favorite, last_called_at, folded, phone_digits)
            WHERE favorite = 1 OR last_called_at IS NOT NULL;
        """,
    )
    # A page of numbers at a time, in E.164 order (the e164 index): no cursor stays open
    # over the rows being updated.
    last = ""
    while batch := [
        e164
        for (e164,) in conn.execute(
            "SELECT DISTINCT e164 FROM phones WHERE e164 > ? AND valid ORDER BY e164 LIMIT ?",
            (last, _DISPLAY_BATCH),
        )
    ]:
        conn.executemany(
            "UPDATE phones SET display = ? WHERE e164 = ? AND valid",
            [(display_of(e164), e164) for e164 in batch],
        )
        last = batch[-1]


def _v4_list_columns(conn: sqlite3.Connection) -> None:
    # What a row of the list shows of a contact's numbers, kept on the contact (the store
    # writes them with the numbers): `list_number`, the first valid number as shown
    # (phones.display, else as written), else the first number as written; `phone_count`;
    # `flagged`, whether one is invalid. A screenful is then read from as many contacts
    # rows, with no phones: reading these from phones took four probes a row, two thirds
    # of the time the rows of a keystroke's screenful took.
    # contacts_called_by_name replaces contacts_ranked_by_name: the names starting with the
    # query are read tier by tier in the list's order, the favourites and the others not
    # called straight from the rank index (each a range of it in name order), and only the
    # called, by favourite then name, from here. The old index held every favourite: a
    # common name's first letters had hundreds of them read and sorted at every keystroke.
    run_script(
        conn,
        """
        DROP INDEX contacts_ranked_by_name;
        CREATE INDEX contacts_called_by_name ON contacts
            (favorite, name_key, last_called_at, phone_digits)
            WHERE last_called_at IS NOT NULL;
        ALTER TABLE contacts ADD COLUMN list_number TEXT NOT NULL DEFAULT '';
        ALTER TABLE contacts ADD COLUMN phone_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE contacts ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
        UPDATE contacts SET
            list_number = COALESCE(
                (SELECT COALESCE(display, number) FROM phones
                 WHERE contact_id = contacts.id AND valid ORDER BY position LIMIT 1),
                (SELECT number FROM phones
                 WHERE contact_id = contacts.id ORDER BY position LIMIT 1),
                ''),
            phone_count = (SELECT COUNT(*) FROM phones WHERE contact_id = contacts.id),
            flagged = EXISTS (SELECT 1 FROM phones WHERE contact_id = contacts.id AND NOT valid)
        WHERE id IN (SELECT contact_id FROM phones);
        """,
    )


def _v5_import_journal(conn: sqlite3.Connection) -> None:
    # The undo journal of an import, which commits its contacts a batch at a time (so that
    # a call can be recorded between two batches) yet must leave nothing half-imported when
    # cancelled, failing or killed. Each batch writes its journal in its own transaction;
    # the last one marks it complete, so "the import is complete" commits with its last
    # contacts.
    # A journal found later belongs to an import still running (its pid alive, beat_at
    # recent) or to one to undo (to clear, if complete): import_added, the ranges of
    # contact ids it added (to delete); import_merged, each stored contact it merged rows
    # into as it was before the run first changed it (`before`: its contacts row and phones
    # rows, as JSON), and the updated_at the run last wrote on it: where updated_at is
    # something else now, someone edited the contact since, and undo keeps their edit.
    # `undoing`: undo has begun, and the import (if alive after all) must stop writing.
    # `complete`: set by the last batch, atomically with its contacts; the journal is then
    # cleared in batches after it (with 100,000 contacts merged into, deleting it in the last
    # batch would hold the write lock for most of a second), and never undone.
    run_script(
        conn,
        """
        CREATE TABLE import_runs (
            id          INTEGER PRIMARY KEY,
            started_at  REAL NOT NULL,
            beat_at     REAL NOT NULL,
            pid         INTEGER NOT NULL,
            undoing     INTEGER NOT NULL DEFAULT 0,
            complete    INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE import_added (
            run_id      INTEGER NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
            first_id    INTEGER NOT NULL,
            last_id     INTEGER NOT NULL,
            PRIMARY KEY (run_id, first_id)
        ) WITHOUT ROWID;
        CREATE TABLE import_merged (
            run_id      INTEGER NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
            contact_id  INTEGER NOT NULL,
            written_at  REAL NOT NULL,
            before      TEXT NOT NULL,
            PRIMARY KEY (run_id, contact_id)
        ) WITHOUT ROWID;
        """,
    )


def _v6_lighter_indexes(conn: sqlite3.Connection) -> None:
    # Every contact written adds an entry to each index at a place of its own (its name,
    # its numbers), so a batch of an import rewrites a page of each index per contact: the
    # fewer and smaller the indexes, the fewer pages a batch writes. Over 100,000 contacts
    # imported, these two were a third of the import's writing.
    # contacts_by_name duplicated what the rank index and contacts_called_by_name hold in
    # name order, tier by tier.
    # phones_by_digits held every number's digit forms whole, for two uses: a 1-2 digit
    # search ("starts with"), which needs only the first two digits (phones_by_start), and
    # matching an import's invalid numbers to stored ones, which are few
    # (phones_invalid_by_digits). Valid numbers are matched by phones_by_e164.
    run_script(
        conn,
        """
        DROP INDEX contacts_by_name;
        DROP INDEX phones_by_digits;
        CREATE INDEX phones_by_start ON phones (substr(digits, 1, 2), contact_id);
        CREATE INDEX phones_invalid_by_digits ON phones (digits, contact_id) WHERE valid = 0;
        """,
    )


def _v7_partner_ledger(conn: sqlite3.Connection) -> None:
    # The partner console's top-ups (issue 18), written `sending` BEFORE the request leaves
    # and finished with the outcome, so that a lost answer or a crash leaves a trace
    # ("unknown") and nothing is ever sent twice. A company's api_key is never stored.
    # base_url: which OMICall (production, staging, the sandbox) the money went to.
    run_script(
        conn,
        """
        CREATE TABLE top_ups (
            id             INTEGER PRIMARY KEY,
            created_at     REAL NOT NULL,
            finished_at    REAL,
            base_url       TEXT NOT NULL DEFAULT '',
            tenant_id      TEXT,
            company        TEXT NOT NULL DEFAULT '',
            email          TEXT NOT NULL,
            amount         INTEGER NOT NULL CHECK (amount > 0),
            wallet         TEXT NOT NULL CHECK (wallet IN ('service', 'call')),
            description    TEXT NOT NULL,
            status         TEXT NOT NULL
                           CHECK (status IN ('sending', 'done', 'refused', 'unknown')),
            error_code     TEXT,
            error_params   TEXT,
            server_message TEXT,
            balance_before REAL,
            balance_after  REAL,
            pid            INTEGER
        );
        CREATE INDEX top_ups_by_time ON top_ups (created_at);
        CREATE INDEX top_ups_by_email ON top_ups (email COLLATE NOCASE, created_at);
        CREATE INDEX top_ups_sending ON top_ups (status) WHERE status = 'sending';
        """,
    )


# --- issue 15: how every call ended (call results, missed calls, OMICall's contacts) -------


def _v8_call_results(conn: sqlite3.Connection) -> None:
    # How each call ended, from OMICall's call history (domain.call_results): the columns
    # `omidesk history --json` prints. `direction` and `origin` ("omidesk": placed here;
    # "omicall": known only from OMICall's history) default to what every earlier record
    # is. `answered` is NULL while unknown. `to_return`: a missed inbound call not called
    # back yet (cleared by calling the number, or by a later call seen in the history).
    # `cdr`: NULL while OMICall's record of the call has not been seen, 'found', or 'none'
    # once 24 h passed without one (OMICall has no record of the call).
    # calls_by_uuid finds the record a history item belongs to (the same call is never
    # stored twice); not UNIQUE: an older database may hold a repeated id, and a migration
    # that fails on it would keep the agent from calling.
    # outcome_lookups: OmiDesk's accepted calls whose outcome is still to be asked for,
    # written by a trigger in the very statement that records the call accepted (whichever
    # front end placed it), so a crash or a restart cannot lose one. `next_at` NULL: not
    # tried yet (the follow-up's schedule says when).
    # omicall_names: names OMICall's CRM gave for numbers (NULL: it has none), cached a day.
    # history_sync: up to when the history of an account (server + extension) is in.
    run_script(
        conn,
        """
        ALTER TABLE calls ADD COLUMN direction TEXT NOT NULL DEFAULT 'outbound';
        ALTER TABLE calls ADD COLUMN origin TEXT NOT NULL DEFAULT 'omidesk';
        ALTER TABLE calls ADD COLUMN answered INTEGER;
        ALTER TABLE calls ADD COLUMN talk_s INTEGER;
        ALTER TABLE calls ADD COLUMN ring_s INTEGER;
        ALTER TABLE calls ADD COLUMN ended_at REAL;
        ALTER TABLE calls ADD COLUMN hangup_cause TEXT;
        ALTER TABLE calls ADD COLUMN recording_url TEXT;
        ALTER TABLE calls ADD COLUMN to_return INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE calls ADD COLUMN cdr TEXT;
        CREATE INDEX calls_by_uuid ON calls (call_uuid) WHERE call_uuid IS NOT NULL;
        CREATE INDEX calls_to_return ON calls (created_at) WHERE to_return = 1;

        CREATE TABLE outcome_lookups (
            call_id     INTEGER PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
            call_uuid   TEXT NOT NULL,
            accepted_at REAL NOT NULL,
            next_at     REAL,
            tries       INTEGER NOT NULL DEFAULT 0
        );
        CREATE TRIGGER calls_follow_up AFTER UPDATE OF status ON calls
        WHEN new.status = 'accepted' AND old.status != 'accepted' AND new.origin = 'omidesk'
        BEGIN
            INSERT OR IGNORE INTO outcome_lookups (call_id, call_uuid, accepted_at)
            SELECT new.id, new.call_uuid, COALESCE(new.finished_at, new.created_at)
            WHERE new.call_uuid IS NOT NULL;
            -- Calling a number back returns the calls missed from it.
            UPDATE calls SET to_return = 0
            WHERE to_return = 1 AND e164 = new.e164 AND created_at <= new.created_at;
        END;

        CREATE TABLE omicall_names (
            e164        TEXT PRIMARY KEY,
            name        TEXT,
            fetched_at  REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE history_sync (
            account     TEXT PRIMARY KEY,
            synced_to   REAL NOT NULL
        ) WITHOUT ROWID;
        """,
    )


def _v9_calls_by_hotline(conn: sqlite3.Connection) -> None:
    # Recent calls shows its Hotline column only when calls went out on more than one
    # hotline (issue 14): the index's two ends answer that at once, however long the history.
    run_script(conn, "CREATE INDEX calls_by_hotline ON calls (hotline);")


def _v11_recent_numbers(conn: sqlite3.Connection) -> None:
    # The dial field's drop-down reads the newest few hundred attempts at each keystroke
    # (issue 14): with what it shows in the time index, it reads the index alone, never
    # the calls' wide rows (their OMICall record). One index still, not two: everything
    # else that read calls_by_time reads it by its leading column as before.
    run_script(
        conn,
        """
        DROP INDEX calls_by_time;
        CREATE INDEX calls_by_time ON calls (created_at, e164, number, status, error_code);
        """,
    )


# --- AutoCall campaigns (issue 17) -------------------------------------------------------------


def _v10_autocall(conn: sqlite3.Connection) -> None:
    # autocall_campaigns: the campaigns the agent uses, with the name they gave each (AutoCall
    # gives none through its API) and whether it sends voice OTPs (every contact needs one).
    # The push journal: a push, and each of its batches written BEFORE the batch is sent
    # (`sending`, with the process that sends it), then answered (the numbers AutoCall
    # added with their call ids, those it skipped), refused (nothing added), failed (never
    # left) or unknown (the answer was lost: maybe added, never resent). A `sending` batch
    # whose process is gone (killed mid-push) reads as unknown. `numbers`, `accepted` and
    # `skipped` are JSON, so that each step is one statement, awaited without blocking.
    # autocall_calls: the calls synced from the campaigns' exports and the user's call log
    # (`in_user_log`), by AutoCall's call id; called_at in Unix time; `keys`, the keys
    # pressed as one string ("13"), for the filters; e164, to join local contacts' names.
    # autocall_callbacks: the call-back queue's outcome for each AutoCall call called back.
    run_script(
        conn,
        """
        CREATE TABLE autocall_campaigns (
            id          TEXT PRIMARY KEY,
            name        TEXT NOT NULL DEFAULT '',
            voice_otp   INTEGER NOT NULL DEFAULT 0,
            added_at    REAL NOT NULL
        );
        CREATE TABLE autocall_pushes (
            id          INTEGER PRIMARY KEY,
            campaign    TEXT NOT NULL,
            started_at  REAL NOT NULL,
            pid         INTEGER NOT NULL,
            contacts    INTEGER NOT NULL
        );
        CREATE TABLE autocall_batches (
            id          INTEGER PRIMARY KEY,
            push_id     INTEGER NOT NULL REFERENCES autocall_pushes (id) ON DELETE CASCADE,
            campaign    TEXT NOT NULL,
            seq         INTEGER NOT NULL,
            created_at  REAL NOT NULL,
            pid         INTEGER NOT NULL,
            state       TEXT NOT NULL CHECK (state IN
                        ('sending', 'answered', 'refused', 'failed', 'unknown')),
            numbers     TEXT NOT NULL,
            accepted    TEXT,
            skipped     TEXT,
            error_code  TEXT,
            server_message TEXT,
            answered_at REAL
        );
        CREATE INDEX autocall_batches_by_campaign ON autocall_batches (campaign, state);
        CREATE INDEX autocall_batches_sending ON autocall_batches (state)
            WHERE state = 'sending';
        CREATE TABLE autocall_calls (
            call_id     TEXT PRIMARY KEY,
            campaign    TEXT,
            caller_id   TEXT NOT NULL DEFAULT '',
            callee_id   TEXT NOT NULL DEFAULT '',
            e164        TEXT,
            called_at   REAL,
            duration_s  INTEGER,
            key_press   TEXT NOT NULL DEFAULT '',
            keys        TEXT NOT NULL DEFAULT '',
            note        TEXT NOT NULL DEFAULT '',
            state       INTEGER,
            in_user_log INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX autocall_calls_by_campaign ON autocall_calls (campaign, called_at);
        CREATE INDEX autocall_calls_in_log ON autocall_calls (called_at) WHERE in_user_log;
        CREATE TABLE autocall_callbacks (
            call_id     TEXT PRIMARY KEY,
            status      TEXT NOT NULL,
            record_id   INTEGER,
            at          REAL NOT NULL
        );
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_calls,
    _v2_contacts,
    _v3_list_reads,
    _v4_list_columns,
    _v5_import_journal,
    _v6_lighter_indexes,
    _v7_partner_ledger,  # issue 18: the partner console's ledger of top-ups
    _v8_call_results,  # issue 15: how every call ended, missed calls, OMICall's names
    _v9_calls_by_hotline,  # issue 14: Recent calls' Hotline column only with several hotlines
    _v10_autocall,  # issue 17: AutoCall campaigns, push journal, synced calls
    _v11_recent_numbers,  # issue 14: the drop-down's recent numbers from the index alone
]
