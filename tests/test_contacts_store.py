"""The contact store in a real SQLite file: migration, CRUD, Vietnamese-aware search, ranking."""

from __future__ import annotations

import random
import sqlite3
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import phonenumbers
import pytest

from omidesk.domain import contacts as core_contacts
from omidesk.domain.contacts import Contact, ContactSummary, Phone, fold, search_digits_of, words
from omidesk.domain.records import CallStatus, Source
from omidesk.store import contact_search, schema
from omidesk.store import contacts as contacts_mod
from omidesk.store.calls import CallStore
from omidesk.store.contact_search import parse_query
from omidesk.store.contacts import ContactStore
from omidesk.store.db import Database
from omidesk.store.schema import MIGRATIONS, _v1_calls, _v2_contacts

# The contact store on real SQLite files.
pytestmark = pytest.mark.integration

HUONG = "Đặng Thị Hương"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "omidesk.sqlite3"


@pytest.fixture
def db(path: Path) -> Iterator[Database]:
    with Database(path) as database:
        yield database


@pytest.fixture
def store(db: Database) -> ContactStore:
    return ContactStore(db)


def person(name: str, *numbers: str, **fields: Any) -> Contact:
    return Contact(name=name, phones=tuple(Phone.parse(number) for number in numbers), **fields)


def everything(name: str, *numbers: str, **fields: Any) -> Contact:
    """A contact with every field set, times of its own included."""
    defaults: dict[str, Any] = {
        "email": "khach@example.vn",
        "note": "khách cũ",
        "favorite": True,
        "owners": ("101", "102"),
        "created_at": 1_600_000_000.0,
        "updated_at": 1_600_000_500.0,
    }
    return person(name, *numbers, **(defaults | fields))


def names(contacts: list[Contact]) -> list[str]:
    return [contact.name for contact in contacts]


def call(db: Database, e164: str) -> int:
    return CallStore(db).start(
        input=e164,
        number=e164,
        e164=e164,
        extension="101",
        hotline="02877788056",
        source=Source.WINDOW.value,
    )


def fts_ok(db: Database) -> bool:
    """FTS5's own check that both indexes agree with the contacts rows they index."""
    try:
        for table in ("contacts_words", "contacts_digits"):
            # rank = 1: compare with the external content table too.
            db.conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return False
    return True


def test_fts_ok_notices_an_index_out_of_step(db: Database, store: ContactStore):
    contact_id = store.add(person(HUONG, "0901234567"))
    assert fts_ok(db)
    db.conn.execute("UPDATE contacts SET folded = 'someone else' WHERE id = ?", (contact_id,))
    assert not fts_ok(db)


# --- the domain ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        (HUONG, "dang thi huong"),
        ("ĐẶNG THỊ HƯƠNG", "dang thi huong"),
        (unicodedata.normalize("NFD", HUONG), "dang thi huong"),
        ("  Nguyễn   Văn\tAn ", "nguyen van an"),
        ("Phạm Thị Thu Hà", "pham thi thu ha"),
        ("Công ty Sữa Việt Nam", "cong ty sua viet nam"),
        ("Smith", "smith"),
        ("", ""),
    ],
)
def test_fold_drops_accents_maps_d_and_collapses_spaces(text: str, folded: str):
    assert fold(text) == folded


def test_words_are_what_the_index_cuts():
    assert words("Lê-Văn Tám, Cty ABC_1") == ["le", "van", "tam", "cty", "abc", "1"]


def test_contact_name_is_stored_nfc_whatever_form_it_arrives_in():
    decomposed = unicodedata.normalize("NFD", HUONG)
    assert decomposed != HUONG
    contact = Contact(name=decomposed, company=unicodedata.normalize("NFD", "Sữa"))
    assert contact.name == HUONG
    assert contact.company == "Sữa"


def test_phone_parse_valid_invalid_and_renumbered():
    mobile = Phone.parse("0901 234 567", "mobile")
    assert (mobile.e164, mobile.valid, mobile.label, mobile.display) == (
        "+84901234567",
        True,
        "mobile",
        "0901 234 567",
    )
    old = Phone.parse("0165 123 4567")
    assert old.valid
    assert old.converted_from == "01651234567"
    assert old.display == "0351 234 567"
    assert old.number == "0165 123 4567"  # as written, the display shows what is dialled
    bad = Phone.parse("12-345", "work")
    assert (bad.valid, bad.e164, bad.display, bad.label) == (False, None, "12-345", "work")


@pytest.mark.parametrize(
    "number", ["0901234567", "02838221234", "19001234", "18001234", "0351234567", "02438221234"]
)
def test_national_digits_match_phonenumbers(number: str):
    phone = Phone.parse(number)
    assert phone.valid
    parsed = phonenumbers.parse(phone.e164)
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    forms = search_digits_of(phone).split()
    assert forms[0] == "".join(ch for ch in national if ch.isdigit())
    assert forms[1] == phone.e164.removeprefix("+")


def test_digit_forms_of_foreign_old_and_invalid_numbers():
    assert search_digits_of(Phone.parse("+44 20 7123 4567")) == "02071234567 442071234567"
    assert search_digits_of(Phone.parse("0165 123 4567")) == ("0351234567 84351234567 01651234567")
    assert search_digits_of(Phone.parse("12-345")) == "12345"


# --- migration ------------------------------------------------------------------------------


def test_a_v1_database_migrates_and_keeps_its_calls(path: Path):
    path.parent.mkdir(parents=True)
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("BEGIN IMMEDIATE")
        _v1_calls(raw)
        raw.execute("PRAGMA user_version = 1")
        raw.execute(
            "INSERT INTO calls (created_at, input, number, e164, source, status)"
            " VALUES (1700000000.0, '0901 234 567', '0901234567', '+84901234567', 'cli',"
            " 'accepted')"
        )
        raw.execute("COMMIT")
    finally:
        raw.close()
    with Database(path) as db:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        rows = db.conn.execute("SELECT input, e164, status FROM calls").fetchall()
        assert [tuple(row) for row in rows] == [("0901 234 567", "+84901234567", "accepted")]
        store = ContactStore(db)
        contact_id = store.add(person(HUONG, "0901234567"))
        # A number called before the contact existed still counts as called.
        added = store.get(contact_id)
        assert added is not None
        assert added.last_called_at == 1700000000.0
        assert db.integrity_ok()


def _v2_phone(phone: Phone) -> tuple[Any, ...]:
    return (phone.number, phone.label, phone.e164, int(phone.valid), phone.converted_from)


def _v2_database(path: Path, contacts: list[Contact]) -> None:
    """A database as the v2 schema's store left it: contacts, their numbers (no grouped
    form yet) and both FTS indexes."""
    path.parent.mkdir(parents=True)
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("BEGIN IMMEDIATE")
        _v1_calls(raw)
        _v2_contacts(raw)
        raw.execute("PRAGMA user_version = 2")
        for contact_id, contact in enumerate(contacts, start=1):
            digits = [search_digits_of(phone) for phone in contact.phones]
            raw.execute(
                "INSERT INTO contacts (id, name, company, favorite, created_at, updated_at,"
                " folded, name_key, phone_digits) VALUES (?, ?, ?, ?, 1.0, 1.0, ?, ?, ?)",
                (
                    contact_id,
                    contact.name,
                    contact.company,
                    int(contact.favorite),
                    *contacts_mod._index_texts(contact, digits),
                ),
            )
            raw.executemany(
                "INSERT INTO phones (contact_id, position, number, label, e164, valid,"
                " converted_from, digits) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (contact_id, position, *_v2_phone(phone), forms)
                    for position, (phone, forms) in enumerate(
                        zip(contact.phones, digits, strict=True)
                    )
                ],
            )
        raw.execute("INSERT INTO contacts_words (rowid, folded) SELECT id, folded FROM contacts")
        raw.execute(
            "INSERT INTO contacts_digits (rowid, phone_digits)"
            " SELECT id, phone_digits FROM contacts"
        )
        raw.execute("COMMIT")
    finally:
        raw.close()


def test_a_v2_database_migrates_with_the_grouped_form_of_every_number(
    path: Path, monkeypatch: pytest.MonkeyPatch
):
    # A batch of two numbers: the fill goes through several.
    monkeypatch.setattr(schema, "_DISPLAY_BATCH", 2)
    book = [
        person(HUONG, "0901234567", "028 3822 1234", company="Vinamilk"),
        person("Lê Văn Đăng", "+44 20 7123 4567", "12-345"),
        person("Phạm Thị Thu Hà", "0165 123 4567", favorite=True),
        person("Trần Văn Kiên", "0901 234 567"),  # the same number as Hương's
        person("Không Số"),
    ]
    _v2_database(path, book)
    with Database(path) as db:
        # To the newest version, whatever later migrations (other tables) come after v6.
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) >= 6
        rows = db.conn.execute(
            "SELECT contact_id, number, display FROM phones ORDER BY contact_id, position"
        ).fetchall()
        assert [tuple(row) for row in rows] == [
            (1, "0901234567", "0901 234 567"),
            (1, "028 3822 1234", "028 3822 1234"),
            (2, "+44 20 7123 4567", "+44 20 7123 4567"),
            (2, "12-345", None),  # invalid: shown as written
            (3, "0165 123 4567", "0351 234 567"),  # renumbered: the number dialled
            (4, "0901 234 567", "0901 234 567"),
        ]
        store = ContactStore(db)
        ids = list(range(1, len(book) + 1))
        stored = store.get_many(ids)
        assert [contact.phones for contact in stored] == [contact.phones for contact in book]
        # What the list shows of the numbers is kept on each contact (v4).
        rows = db.conn.execute(
            "SELECT list_number, phone_count, flagged FROM contacts ORDER BY id"
        ).fetchall()
        assert [tuple(row) for row in rows] == [
            ("0901 234 567", 2, 0),
            ("+44 20 7123 4567", 2, 1),
            ("0351 234 567", 1, 0),
            ("0901 234 567", 1, 0),
            ("", 0, 0),
        ]
        assert store.summaries(ids) == [ContactSummary.of(contact) for contact in stored]
        # The name search reads the called from their partial index.
        indexes = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master")}
        assert "contacts_called_by_name" in indexes
        assert "contacts_ranked_by_name" not in indexes
        assert store.search_ids("pham") == [3]
        assert store.search_ids("") == [3, 1, 5, 2, 4]
        # Called now: Hương and Kiên join the favourite at the top.
        call(db, "+84901234567")
        assert store.search_ids("") == [3, 1, 4, 5, 2]
        # A name starting with the query first, then the favourite, then the called.
        assert store.search_ids("t") == [4, 3, 1]
        assert fts_ok(db)
        assert db.integrity_ok()


def _schema(conn: sqlite3.Connection) -> set[tuple[str, str, str]]:
    return {tuple(row) for row in conn.execute("SELECT type, name, sql FROM sqlite_master")}


def _undo_call_results(conn: sqlite3.Connection) -> None:
    """Takes back what v8 (how calls ended, issue 15) adds, for a test that takes a
    database back to an older version."""
    for statement in (
        "DROP TRIGGER calls_follow_up",
        "DROP TABLE outcome_lookups",
        "DROP TABLE omicall_names",
        "DROP TABLE history_sync",
        "DROP INDEX calls_by_uuid",
        "DROP INDEX calls_to_return",
    ):
        conn.execute(statement)
    for column in (
        "direction", "origin", "answered", "talk_s", "ring_s", "ended_at", "hangup_cause",
        "recording_url", "to_return", "cdr",
    ):  # fmt: skip
        conn.execute(f"ALTER TABLE calls DROP COLUMN {column}")


def test_a_v4_database_migrates_to_the_import_journal_and_keeps_its_data(
    path: Path, tmp_path: Path
):
    with Database(path) as db:
        store = ContactStore(db)
        store.add_many(
            [
                person(HUONG, "0901234567", "028 3822 1234", company="Vinamilk", favorite=True),
                person("Lê Văn Đăng", "+44 20 7123 4567", "12-345", owners=("101",)),
            ]
        )
        call(db, "+84901234567")
        # Back to v4: the journal's tables are all that v5 adds; v6 changes indexes.
        db.conn.execute("BEGIN IMMEDIATE")
        for table in ("import_merged", "import_added", "import_runs"):
            db.conn.execute(f"DROP TABLE {table}")
        for index in ("phones_by_start", "phones_invalid_by_digits"):
            db.conn.execute(f"DROP INDEX {index}")
        db.conn.execute("CREATE INDEX phones_by_digits ON phones (digits, contact_id)")
        db.conn.execute("CREATE INDEX contacts_by_name ON contacts (name_key)")
        _undo_call_results(db.conn)
        db.conn.execute("DROP TABLE top_ups")  # v7: the partner console's ledger
        db.conn.execute("DROP INDEX calls_by_hotline")  # v9: Recent calls' hotline column
        # v10 adds AutoCall's tables (their indexes go with them).
        later = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'autocall%'"
        for (table,) in db.conn.execute(later).fetchall():
            db.conn.execute(f"DROP TABLE {table}")
        # v11: the time index holds what the dial field's drop-down reads.
        db.conn.execute("DROP INDEX calls_by_time")
        db.conn.execute("CREATE INDEX calls_by_time ON calls (created_at)")
        db.conn.execute("PRAGMA user_version = 4")
        db.conn.execute("COMMIT")
        v4 = sqlite3.connect(tmp_path / "v4.sqlite3", isolation_level=None)
        try:
            for migration in MIGRATIONS[:4]:
                migration(v4)
            assert _schema(db.conn) == _schema(v4)
        finally:
            v4.close()
        tables = ("contacts", "phones", "calls")
        before = {t: db.conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}
        before = {table: [tuple(row) for row in rows] for table, rows in before.items()}
    with Database(path) as db:
        # To the newest version, whatever later migrations (other tables) come after v6.
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) >= 6
        # Later migrations add columns to calls: the rows from before are kept, in front.
        for table, rows in before.items():
            after = db.conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            assert [tuple(row)[: len(rows[0])] for row in after] == rows, table
        for table in ("import_runs", "import_added", "import_merged"):
            assert db.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
        indexes = {name for (name,) in db.conn.execute("SELECT name FROM sqlite_master")}
        assert {"contacts_by_name", "phones_by_digits"}.isdisjoint(indexes)
        assert {"phones_by_start", "phones_invalid_by_digits"} <= indexes
        assert ContactStore(db).search_ids("huong") == [1]
        assert fts_ok(db)
        assert db.integrity_ok()


# --- writing and reading ----------------------------------------------------------------------


def test_round_trip_with_several_labelled_numbers_and_a_flagged_one(store: ContactStore):
    before = time.time()
    contact = Contact(
        name=HUONG,
        phones=(
            Phone.parse("0901 234 567", "mobile"),
            Phone.parse("028 3822 1234", "work"),
            Phone.parse("not a number 12", "home"),
        ),
        company="Vinamilk",
        email="huong@example.vn",
        note="Gọi sau 14h",
        owners=("101", "102"),
    )
    contact_id = store.add(contact)
    stored = store.get(contact_id)
    assert stored is not None
    assert stored.id == contact_id
    assert (stored.name, stored.company, stored.email, stored.note) == (
        HUONG,
        "Vinamilk",
        "huong@example.vn",
        "Gọi sau 14h",
    )
    assert stored.owners == ("101", "102")
    assert stored.phones == contact.phones
    assert [phone.label for phone in stored.phones] == ["mobile", "work", "home"]
    flagged = stored.phones[2]
    assert (flagged.valid, flagged.e164, flagged.number) == (False, None, "not a number 12")
    assert stored.favorite is False
    assert stored.last_called_at is None
    assert before <= stored.created_at == stored.updated_at <= time.time()


def test_a_name_with_combining_tone_marks_is_stored_nfc(db: Database, store: ContactStore):
    contact_id = store.add(person(unicodedata.normalize("NFD", HUONG), "0901234567"))
    raw = db.conn.execute("SELECT name FROM contacts WHERE id = ?", (contact_id,)).fetchone()[0]
    assert raw == HUONG
    assert unicodedata.is_normalized("NFC", raw)
    assert names(store.search("huong")) == [HUONG]


def test_get_of_a_missing_contact_is_none(store: ContactStore):
    assert store.get(12345) is None


def test_get_many_keeps_the_given_order_and_skips_unknown_ids(store: ContactStore):
    ids = store.add_many([person(f"Người {index}", f"09012345{index:02d}") for index in range(5)])
    wanted = [ids[3], 999, ids[0], ids[4]]
    assert [contact.id for contact in store.get_many(wanted)] == [ids[3], ids[0], ids[4]]
    assert store.get_many([]) == []


def test_the_grouped_form_is_stored_with_the_number(
    db: Database, store: ContactStore, monkeypatch: pytest.MonkeyPatch
):
    made = Phone(number="0912345678", label="tay", e164="+84912345678", valid=True)
    assert made.formatted is None  # built by hand: the store works the form out
    contact_id = store.add(
        Contact(
            name=HUONG,
            phones=(
                Phone.parse("0901234567"),
                Phone.parse("+44 20 7123 4567"),
                Phone.parse("12-345"),
                made,
            ),
        )
    )
    rows = db.conn.execute(
        "SELECT display FROM phones WHERE contact_id = ? ORDER BY position", (contact_id,)
    ).fetchall()
    assert [row[0] for row in rows] == ["0901 234 567", "+44 20 7123 4567", None, "0912 345 678"]

    # Read back, showing a number formats nothing.
    def no_formatting(e164: str) -> None:
        raise AssertionError(f"{e164} formatted again")

    core_contacts.display_of.cache_clear()
    monkeypatch.setattr(core_contacts, "display_of", no_formatting)
    stored = store.get(contact_id)
    assert stored is not None
    assert [phone.display for phone in stored.phones] == [
        "0901 234 567",
        "+44 20 7123 4567",
        "12-345",
        "0912 345 678",
    ]
    assert store.summaries([contact_id])[0].number == "0901 234 567"


def test_summaries_are_what_the_list_shows_of_whole_contacts(store: ContactStore):
    ids = store.add_many(
        [
            person(HUONG, "0901 234 567", "028 3822 1234", company="Vinamilk", favorite=True),
            # An invalid number first: the first valid one is shown, the row flagged.
            person("Lê Văn Đăng", "12-345", "+44 20 7123 4567"),
            person("Hoàng Minh", "777-88", "0000"),  # none valid: the first as written
            person("Phạm Thị Thu Hà", "0165 123 4567"),  # renumbered: the new number
            person("Không Số"),
        ]
    )
    wanted = [ids[3], 424242, *ids]
    summaries = store.summaries(wanted)
    assert summaries == [ContactSummary.of(contact) for contact in store.get_many(wanted)]
    huong, dang, minh, ha, nobody = summaries[1:]
    assert huong == ContactSummary(ids[0], HUONG, "Vinamilk", True, "0901 234 567", 2, False)
    assert (dang.number, dang.numbers, dang.flagged) == ("+44 20 7123 4567", 2, True)
    assert (minh.number, minh.flagged) == ("777-88", True)
    assert (ha.number, ha.flagged) == ("0351 234 567", False)
    assert (nobody.number, nobody.numbers, nobody.flagged) == ("", 0, False)
    assert store.summaries([]) == []


def test_set_favorite(store: ContactStore):
    first = store.add(person("An", "0901234567"))
    second = store.add(person("Bình", "0912345678"))
    store.set_favorite(second, True)
    stored = store.get(second)
    assert stored is not None
    assert stored.favorite
    assert [contact.id for contact in store.favorites()] == [second]
    assert [contact.id for contact in store.search("")] == [second, first]
    store.set_favorite(second, False)
    assert store.favorites() == []


def test_delete_takes_the_numbers_and_the_index_entries_with_it(db: Database, store: ContactStore):
    kept = store.add(person("Trần Văn Kiên", "0987 654 321"))
    gone = store.add(person(HUONG, "0901 234 567", "0283 822 1234"))
    store.delete(gone)
    assert store.get(gone) is None
    assert (
        db.conn.execute("SELECT COUNT(*) FROM phones WHERE contact_id = ?", (gone,)).fetchone()[0]
        == 0
    )
    assert store.search("huong") == []
    assert store.search("4567") == []
    assert store.count("huong") == 0
    assert [contact.id for contact in store.search("")] == [kept]
    assert fts_ok(db)
    store.delete(gone)  # already gone: nothing happens


def test_delete_between_takes_a_range_and_its_index_entries(db: Database, store: ContactStore):
    ids = store.add_many(
        [person(f"Khách {n}", f"0911 000 {n:03d}") for n in range(6)]
        + [person(HUONG, "0901234567")]
    )
    store.delete(ids[1])  # a gap in the range: nothing to delete there
    store.delete_between(ids[0], ids[4])
    assert [contact.id for contact in store.search("")] == [ids[6], ids[5]]
    assert store.search_ids("khach") == [ids[5]]
    assert store.search_ids("0911") == [ids[5]]
    assert db.conn.execute("SELECT COUNT(*) FROM phones").fetchone()[0] == 2
    assert fts_ok(db)


def test_put_back_writes_a_contact_back_exactly_as_it_was_stored(db: Database, store: ContactStore):
    contact_id = store.add(everything(HUONG, "0901 234 567", "12-345", company="Vinamilk"))
    call(db, "+84901234567")
    kept = store.as_stored([contact_id, 999])
    assert list(kept) == [contact_id]
    before = store.get(contact_id)
    assert before is not None and before.last_called_at is not None
    store.update(replace(before, name="Someone Else", phones=(Phone.parse("0987654321"),)))
    call(db, "+84987654321")  # a number of the edit only: its call goes with it
    store.put_back(contact_id, kept[contact_id])
    assert store.as_stored([contact_id]) == kept
    assert store.get(contact_id) == before
    assert store.search_ids("huong") == [contact_id]
    assert store.search_ids("someone") == []
    assert store.search_ids("0987") == []
    assert fts_ok(db)
    with pytest.raises(LookupError):
        store.put_back(999, kept[contact_id])


def test_update_replaces_the_numbers_and_reindexes(db: Database, store: ContactStore):
    contact_id = store.add(person(HUONG, "0901 234 567", company="Vinamilk"))
    stored = store.get(contact_id)
    assert stored is not None
    call(db, "+84987654321")  # the new number was called before the edit
    time.sleep(0.01)
    edited = Contact(
        id=contact_id,
        name="Đặng Thu Hằng",
        phones=(Phone.parse("0987 654 321", "work"),),
        company="Masan",
        favorite=True,
        created_at=0.0,  # stale values from the editor are not written back
        last_called_at=None,
    )
    store.update(edited)
    after = store.get(contact_id)
    assert after is not None
    assert (after.name, after.company, after.favorite) == ("Đặng Thu Hằng", "Masan", True)
    assert [phone.number for phone in after.phones] == ["0987 654 321"]
    assert after.created_at == stored.created_at
    assert after.updated_at > stored.updated_at
    assert after.last_called_at is not None
    assert store.search("huong") == []
    assert store.search("vin") == []
    assert store.search("4567") == []
    assert names(store.search("hang")) == ["Đặng Thu Hằng"]
    assert names(store.search("masan")) == ["Đặng Thu Hằng"]
    assert names(store.search("654 321")) == ["Đặng Thu Hằng"]
    assert db.conn.execute("SELECT COUNT(*) FROM phones").fetchone()[0] == 1
    assert fts_ok(db)
    # What the list shows follows the new numbers, a flagged one added too.
    assert store.summaries([contact_id]) == [ContactSummary.of(after)]
    store.update(replace(after, phones=(Phone.parse("12-345"), *after.phones)))
    (summary,) = store.summaries([contact_id])
    assert (summary.number, summary.numbers, summary.flagged) == ("0987 654 321", 2, True)


def test_update_needs_an_existing_contact(store: ContactStore):
    with pytest.raises(ValueError, match="id"):
        store.update(person(HUONG, "0901234567"))
    with pytest.raises(LookupError):
        store.update(Contact(name=HUONG, id=4242))


def test_add_many_of_a_thousand_contacts_in_one_go(db: Database, store: ContactStore):
    rng = random.Random(7)
    batch = [
        person(f"Nguyễn Văn {index}", f"09{rng.randrange(10**8):08d}", company="Viettel")
        for index in range(1000)
    ]
    ids = store.add_many(batch)
    assert len(ids) == len(set(ids)) == 1000
    assert ids == sorted(ids)
    assert store.count() == 1000
    assert store.count("nguyen van") == 1000
    assert store.count("viettel") == 1000
    sample = store.get(ids[500])
    assert sample is not None
    assert sample.name == "Nguyễn Văn 500"
    number = sample.phones[0].number
    assert ids[500] in store.search_ids(number)
    assert ids[500] in store.search_ids(f"nguyen viettel {number}")
    assert store.add_many([]) == []
    more = store.add(person("Lê Thị Mai", "0987654321"))
    assert more == ids[-1] + 1
    assert fts_ok(db)


def test_add_many_is_all_or_nothing(db: Database, store: ContactStore):
    store.add(person("Trần Văn Kiên", "0912345678"))
    batch = [person("Lê Thị Mai", "0987654321"), person("Bad", "0901234567")]
    # A row refused half-way fails the whole batch.
    db.conn.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON contacts WHEN new.name = 'Bad'"
        " BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        store.add_many(batch)
    assert store.count() == 1
    assert store.search("mai") == []
    assert fts_ok(db)


# --- search ---------------------------------------------------------------------------------


@pytest.fixture
def book(store: ContactStore) -> dict[str, int]:
    """A small book around Đặng Thị Hương; the others must not match her queries."""
    ids = store.add_many(
        [
            person(HUONG, "0901 234 567", company="Vinamilk"),
            person("Nguyễn Văn An", "0912 345 678", company="Viettel"),
            person("Trương Thị Hường", "0283 822 1234"),
            person("Phạm Thị Thu Hà", "0165 123 4567 "),
            person("Lê Văn Đăng", "+44 20 7123 4567"),
            person("Hoàng Minh", "777-88"),
        ]
    )
    return dict(zip(["huong", "an", "truong", "ha", "dang", "minh"], ids, strict=True))


@pytest.mark.parametrize(
    "query",
    [
        "dang huong",
        "huong",
        "Hương",
        "HUONG",
        "huong dang",
        "đặng",
        "Đặng",
        "ĐẶNG THỊ HƯƠNG",
        "dang thi huong",
        "dặng hương",  # half-accented, as typed in a hurry
        "d t h",
        unicodedata.normalize("NFD", "hương"),
        "  huong   ",
        "vin",
        "VINAMILK",
        "vinamilk huong",
        "4567",
        "0901",
        "090 1234",
        "+84 90",
        "+84901234567",
        "84901234567",
        "0084 901 234 567",
        "(090) 123-4567",
        "090.123.4567",
        "０９０１",  # full-width digits from a Japanese IME
        "huong 4567",
        "huong 0901",
        "huong 09",
    ],
)
def test_finds_dang_thi_huong(store: ContactStore, book: dict[str, int], query: str):
    found = store.search_ids(query)
    assert book["huong"] in found, query
    assert store.count(query) == len(found)


@pytest.mark.parametrize(
    "query",
    ["uong", "ương", "huongx", "dang x", "thi huong vinamilk 9999", "huong 9999", "milk", "xyz"],
)
def test_does_not_find_dang_thi_huong(store: ContactStore, book: dict[str, int], query: str):
    assert book["huong"] not in store.search_ids(query), query


def test_words_match_word_starts_in_any_order(store: ContactStore, book: dict[str, int]):
    # "Hường" folds like "Hương": both are huong.
    assert set(store.search_ids("huong")) == {book["huong"], book["truong"]}
    assert store.search_ids("truong huong") == [book["truong"]]
    assert store.search_ids("thu ha pham") == [book["ha"]]
    # đ is d in names too: "Đăng" and "Đặng" both fold to "dang".
    assert set(store.search_ids("dang")) == {book["huong"], book["dang"]}
    assert store.search_ids("viettel") == [book["an"]]


def test_digits_match_anywhere_in_any_form(store: ContactStore, book: dict[str, int]):
    assert store.search_ids("345 678") == [book["an"]]
    assert store.search_ids("3822") == [book["truong"]]
    # The renumbered mobile is found by its new and by its old number.
    assert store.search_ids("0351") == [book["ha"]]
    assert store.search_ids("0165 123") == [book["ha"]]
    # A foreign number by its national and its international form.
    assert store.search_ids("020 7123") == [book["dang"]]
    assert store.search_ids("+44 20") == [book["dang"]]
    # An invalid number is kept and still found by its digits.
    assert store.search_ids("7778") == [book["minh"]]


def test_fewer_than_three_digits_match_the_start_of_the_national_number(
    store: ContactStore, book: dict[str, int]
):
    assert set(store.search_ids("09")) == {book["huong"], book["an"]}
    assert set(store.search_ids("02")) == {book["truong"], book["dang"]}
    assert store.search_ids("77") == [book["minh"]]
    assert store.search_ids("45") == []  # inside numbers, but too short to mean it
    # With "+" (or "00") the digits typed so far start the international number.
    vietnamese = {book["huong"], book["an"], book["truong"], book["ha"]}
    assert set(store.search_ids("+84")) == vietnamese
    assert set(store.search_ids("+8")) == vietnamese
    assert set(store.search_ids("0084")) == vietnamese
    assert store.search_ids("+4") == [book["dang"]]
    assert store.search_ids("+44") == [book["dang"]]
    assert store.search_ids("+7") == []


def test_mixed_query_needs_both(store: ContactStore, book: dict[str, int]):
    assert store.search_ids("huong 4567") == [book["huong"]]
    assert store.search_ids("hường 3822") == [book["truong"]]
    assert store.search_ids("huong 3822 vinamilk") == []
    assert store.count("huong 4567") == 1


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "OR",
        "NEAR(",
        "a AND",
        "-x",
        "'",
        '"a" OR "b"',
        "NEAR(a b, 2)",
        "a NOT b",
        "col:huong",
        "folded:huong",
        "^huong",
        "huong*",
        "(",
        ")",
        "{a b}",
        "+",
        "++84",
        "%",
        "_",
        "\\",
        "\x00",
        "a\x00b",
        "🙂",
        "\ufffd",
        "()-.",
        "0" * 500,
        "x" * 5000,
        "AND OR NOT",
        "huong -",
        "\U0010ffff",
    ],
)
def test_fts_syntax_and_garbage_never_raise(store: ContactStore, book: dict[str, int], query: str):
    found = store.search(query)
    assert store.count(query) == len(store.search_ids(query, limit=1000))
    assert isinstance(found, list)


def test_operator_words_are_plain_words(store: ContactStore):
    nor = store.add(person("Or Nguyen", "0901234567"))
    near = store.add(person("Near Tran", "0912345678"))
    assert store.search_ids("OR") == [nor]
    assert store.search_ids("NEAR(") == [near]
    assert store.search_ids('"or"') == [nor]
    assert store.search_ids("-near") == [near]


def test_a_query_without_letters_or_digits_lists_everyone(
    store: ContactStore, book: dict[str, int]
):
    assert len(store.search_ids("*")) == len(book)
    assert store.count("(") == len(book)


# --- ranking --------------------------------------------------------------------------------


def test_empty_query_lists_favourites_then_recently_called_then_by_name(
    db: Database, store: ContactStore
):
    ids = store.add_many(
        [
            person("Vũ Văn Zung", "0901000001"),
            person("Đỗ Thị Bích", "0901000002"),
            person("Bùi An", "0901000003"),
            person("Ánh", "0901000004"),
            person("Cao Minh", "0901000005"),
        ]
    )
    zung, bich, bui, anh, cao = ids
    store.set_favorite(cao, True)
    call(db, "+84901000001")
    time.sleep(0.01)
    call(db, "+84901000002")
    # Cao (favourite); Bích then Zung (called, newest first); then "anh", "bui an" by folded name.
    assert store.search_ids("") == [cao, bich, zung, anh, bui]
    assert [contact.id for contact in store.search("", limit=2, offset=1)] == [bich, zung]
    assert store.count("") == 5


def test_exact_name_then_name_prefix_then_favourites_then_recent_then_name(
    db: Database, store: ContactStore
):
    ids = store.add_many(
        [
            person("Bảo Huong Lan", "0901000001"),  # "huong" inside, favourite
            person("Lý Hương", "0901000002"),  # inside, called
            person("Hương Giang", "0901000003"),  # name starts with it
            person("Hường", "0901000004"),  # exactly the query once folded
            person("Hương", "0901000005"),  # exactly too: a tie broken by id
            person("Anh Huong", "0901000006"),  # inside
            person("Mai", "0901000007", company="Huong Sen"),  # company only
        ]
    )
    lan, ly, giang, exact1, exact2, anh, mai = ids
    store.set_favorite(lan, True)
    call(db, "+84901000002")
    assert store.search_ids("huong") == [exact1, exact2, giang, lan, ly, anh, mai]
    assert store.search_ids("Hương") == store.search_ids("huong")
    # Prefix of the whole name beats prefix of a later word.
    assert store.search_ids("huong g") == [giang]
    store.set_favorite(exact2, True)
    assert store.search_ids("huong")[:2] == [exact2, exact1]


def test_a_call_stamps_the_contact_and_lifts_it_in_the_ranking(db: Database, store: ContactStore):
    first = store.add(person("Nguyễn Văn An", "0901234567"))
    second = store.add(person("Nguyễn Văn Bình", "0912 345 678", "0283 822 1234"))
    other = store.add(person("Nguyễn Văn Bình", "0987654321"))
    assert store.search_ids("nguyen") == [first, second, other]
    before = time.time()
    call_id = call(db, "+842838221234")
    stamped = store.get(second)
    assert stamped is not None
    assert stamped.last_called_at is not None
    assert before <= stamped.last_called_at <= time.time()
    created = db.conn.execute("SELECT created_at FROM calls WHERE id = ?", (call_id,)).fetchone()
    assert stamped.last_called_at == created[0]
    assert store.search_ids("nguyen") == [second, first, other]
    assert store.search_ids("") == [second, first, other]
    untouched = store.get(other)
    assert untouched is not None
    assert untouched.last_called_at is None
    # An attempt without a number touches nobody.
    CallStore(db).add_final(input="12", status=CallStatus.INVALID, source="cli")
    assert store.search_ids("nguyen") == [second, first, other]


def test_a_call_stamps_every_contact_sharing_the_number(db: Database, store: ContactStore):
    shop = store.add(person("Cửa hàng Minh Phát", "0901234567"))
    owner = store.add(person("Trần Minh Phát", "090 123 4567"))
    call(db, "+84901234567")
    assert all(contact.last_called_at for contact in store.get_many([shop, owner]))


def test_paging_is_stable(store: ContactStore):
    store.add_many([person("Nguyễn Văn An", f"0901{index:06d}") for index in range(30)])
    whole = store.search_ids("nguyen", limit=30)
    assert whole == sorted(whole)  # all tie: by id
    pages = [store.search_ids("nguyen", limit=7, offset=offset) for offset in range(0, 30, 7)]
    assert [contact_id for page in pages for contact_id in page] == whole
    assert store.search_ids("nguyen", limit=0) == []
    assert store.search_ids("nguyen", limit=5, offset=-3) == whole[:5]
    assert store.search_ids("nguyen", limit=5, offset=100) == []


# --- lookups ---------------------------------------------------------------------------------


def test_by_e164_and_names_for(store: ContactStore, book: dict[str, int]):
    found = store.by_e164("+84901234567")
    assert found is not None
    assert found.id == book["huong"]
    assert store.by_e164("+84999999999") is None
    # The renumbered mobile is known by its new number, whatever the file said.
    assert store.names_for(["+84351234567", "+84901234567", "+84999999999", "+84351234567"]) == {
        "+84351234567": "Phạm Thị Thu Hà",
        "+84901234567": HUONG,
    }
    assert store.names_for([]) == {}


def test_by_e164_prefers_the_favourite_when_a_number_is_shared(store: ContactStore):
    store.add(person("Cửa hàng Minh Phát", "0901234567"))
    owner = store.add(person("Trần Minh Phát", "090 123 4567", favorite=True))
    found = store.by_e164("+84901234567")
    assert found is not None
    assert found.id == owner
    assert store.names_for(["+84901234567"]) == {"+84901234567": "Trần Minh Phát"}


def test_find_duplicate_needs_the_same_folded_name_and_a_shared_number(store: ContactStore):
    existing = store.add(person(HUONG, "0901 234 567", "0283 822 1234"))
    assert store.find_duplicate(person("dang thi huong", "+84 28 3822 1234")) == existing
    assert store.find_duplicate(person("ĐẶNG  THỊ HƯƠNG", "0901234567", "0999")) == existing
    assert store.find_duplicate(person("Đặng Thị Hường", "0912345678")) is None
    assert store.find_duplicate(person("Đặng Thị Lan", "0901234567")) is None
    assert store.find_duplicate(person(HUONG)) is None
    assert store.find_duplicate(person(HUONG, "12-34")) is None
    # A contact is not its own duplicate.
    itself = store.get(existing)
    assert itself is not None
    assert store.find_duplicate(itself) is None


def test_favorites_are_ranked_and_limited(db: Database, store: ContactStore):
    ids = store.add_many(
        [person(name, f"090100000{index}", favorite=True) for index, name in enumerate("CBA")]
    )
    c, b, a = ids
    call(db, "+84901000000")
    assert [contact.id for contact in store.favorites()] == [c, a, b]
    assert [contact.id for contact in store.favorites(limit=1)] == [c]


# --- both search strategies agree with a plain reference ---------------------------------------


def _reference(contacts: dict[int, Contact], query: str) -> list[int]:
    """The search semantics written plainly, over every contact."""
    parsed = parse_query(query)
    key = " ".join(parsed.words)

    def matches(contact: Contact) -> bool:
        tokens = words(contact.name) + words(contact.company)
        if not all(any(token.startswith(w) for token in tokens) for w in parsed.words):
            return False
        if not parsed.digits:
            return True
        forms = [search_digits_of(phone).split() for phone in contact.phones]
        if len(parsed.digits) >= 3:
            return any(parsed.digits in form for phone in forms for form in phone)
        if parsed.international:
            return any(
                (phone.e164 or "").startswith("+" + parsed.digits) for phone in contact.phones
            )
        return any(phone and phone[0].startswith(parsed.digits) for phone in forms)

    def rank(contact: Contact) -> tuple[Any, ...]:
        name_key = " ".join(words(contact.name))
        tiers: tuple[bool, ...] = ()
        if parsed.words:
            tiers = (name_key != key, not name_key.startswith(key))
        called = -contact.last_called_at if contact.last_called_at else float("inf")
        return (*tiers, not contact.favorite, called, name_key, contact.id)

    return [contact.id for contact in sorted(filter(matches, contacts.values()), key=rank)]


# (cap, walk cost, sample): a small cap sends most queries through the rank-index walk, a
# big one ranks outright; a small sample has a dense match walk as soon as its first few
# matches are read.
@pytest.mark.parametrize("plan", [(3, 0.0, 20), (40, 0.0, 20), (40, 0.0, 5), (1000, 0.25, 20)])
def test_search_agrees_with_the_reference_whichever_way_it_runs(
    db: Database,
    store: ContactStore,
    monkeypatch: pytest.MonkeyPatch,
    plan: tuple[int, float, int],
):
    cap, walk_cost, sample = plan
    monkeypatch.setattr(contact_search, "_CANDIDATE_CAP", cap)
    monkeypatch.setattr(contact_search, "_WALK_COST", walk_cost)
    monkeypatch.setattr(contact_search, "_SAMPLE", sample)
    rng = random.Random(20240501)
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Huỳnh", "Nguyên"]
    middles = ["Văn", "Thị", "Hữu", "Ngọc", "Thanh", ""]
    givens = ["Hương", "Hường", "An", "Anh", "Ánh", "Nguyên", "Thanh", "Đăng", "Hà"]
    companies = ["", "", "Vinamilk", "Viettel", "Hương Sen", "Nguyên Kim"]
    batch = []
    for _ in range(300):
        parts = [rng.choice(families), rng.choice(middles), rng.choice(givens)]
        name = " ".join(part for part in parts if part)
        numbers = [f"09{rng.randrange(10**8):08d}" for _ in range(rng.choice([1, 1, 2]))]
        if rng.random() < 0.1:
            numbers.append(str(rng.randrange(10**4)))
        batch.append(
            person(
                name,
                *numbers,
                company=rng.choice(companies),
                favorite=rng.random() < 0.05,
            )
        )
    # A few exact duplicates of a short name, to exercise the exact tier.
    batch += [person("Nguyễn Anh", "0901111111"), person("nguyen anh", "0902222222")]
    ids = store.add_many(batch)
    with db.transaction() as conn:
        conn.executemany(
            "UPDATE contacts SET last_called_at = ? WHERE id = ?",
            [(1.7e9 + rng.randrange(1000), rng.choice(ids)) for _ in range(40)],
        )
    everyone = {contact.id: contact for contact in store.get_many(ids) if contact.id is not None}
    queries = [
        "", "n", "ng", "nguyen", "nguyen anh", "anh nguyen", "a", "an", "huong", "hương",
        "thanh", "thanh n", "vin", "huong sen", "nguyen 9", "09", "0", "9", "12", "090",
        "123", "4567", "nguyen 090", "thi 12", "+84", "+84 9", "+8", "+1", "x",
        "nguyen thi huong", "anh 0",
    ]  # fmt: skip
    for query in queries:
        expected = _reference(everyone, query)
        assert store.search_ids(query, limit=10_000) == expected, query
        assert store.count(query) == len(expected), query
        for offset, limit in [(0, 7), (5, 11), (len(expected) - 3, 10), (40, 25)]:
            window = expected[max(offset, 0) : max(offset, 0) + limit]
            assert store.search_ids(query, limit=limit, offset=offset) == window, (
                query,
                offset,
                limit,
            )
