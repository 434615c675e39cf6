"""The import dialog and export with real widgets, real files from tests/data, the real store."""

from __future__ import annotations

import csv
import gc
import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from omidesk.domain.catalogue import explain
from omidesk.domain.contact_files.model import Mapping
from omidesk.domain.contacts import Contact, Phone
from omidesk.infra import contact_files
from omidesk.store.contact_transfer import ImportTarget
from omidesk.store.contacts import ContactStore
from omidesk.store.db import Database
from omidesk.store.import_journal import ImportRun
from omidesk.ui import i18n
from omidesk.ui.contact_files.actions import ContactFiles
from omidesk.ui.contact_files.common import grouped, rounded
from omidesk.ui.contact_files.import_dialog import ImportDialog
from omidesk.ui.contacts_view import ContactsView
from omidesk.ui.dial_controller import DialController
from omidesk.ui.main_window import MainWindow
from omidesk.ui.theme import error_style
from omidesk.usecases.import_contacts import import_file
from tests.conftest import finish
from tests.test_ui_contacts import names

DATA = Path(__file__).resolve().parent / "data"
ROW_TEXT = re.compile(r"Row [\d,]+ of ~[\d,]+")


@pytest.fixture
def host(services, qtbot) -> QWidget:
    """A window holding the contacts view, as the main window does (without its cost)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(480, 400)
    return widget


@pytest.fixture
def view(services, host, qtbot) -> ContactsView:
    widget = ContactsView(services.contact_book, lambda: services.lang, host)
    widget.resize(480, 400)
    host.show()
    qtbot.waitExposed(host)
    return widget


@pytest.fixture
def files(services, host, view) -> ContactFiles:
    return ContactFiles(
        lambda: services.contact_import,
        lambda: services.contact_export,
        lambda: services.lang,
        host,
        view,
    )


def open_dialog(qtbot, services, name: str | Path) -> ImportDialog:
    dialog = ImportDialog(services.contact_import, lambda: services.lang, DATA / name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def run_import(qtbot, dialog: ImportDialog, timeout: int = 20_000) -> None:
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step == "report", timeout=timeout)


def counts(dialog: ImportDialog) -> dict[str, str]:
    return {key: value.text() for key, (_name, value) in dialog.count_labels.items()}


def issues(dialog: ImportDialog) -> list[list[str]]:
    model = dialog.issues_view.model()
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def big_csv(path: Path, rows: int) -> Path:
    """A spreadsheet-shaped CSV of `rows` distinct, valid contacts."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Họ tên", "Điện thoại", "Công ty"])
        for number in range(rows):
            writer.writerow([f"Nguyễn Văn {number}", f"09{number:08d}", f"Công ty {number % 50}"])
    return path


def headers(dialog: ImportDialog) -> list[str]:
    table = dialog.table
    return [table.horizontalHeaderItem(column).text() for column in range(table.columnCount())]


# --- preview ---------------------------------------------------------------------------------


def test_google_csv_preview_shows_kind_headers_and_the_guess(qtbot, services) -> None:
    dialog = open_dialog(qtbot, services, "google_contacts.csv")
    assert dialog.step == "preview"
    assert dialog.kind_label.text() == "Google Contacts CSV"
    assert dialog.info_label.text().startswith("UTF-8 · separated by comma · about 20 rows")
    assert dialog.table.rowCount() == 20
    assert dialog.table.item(0, 0).text() == "Nguyễn Văn An"
    # Each column says which field it fills.
    shown = headers(dialog)
    assert shown[0] == "Name\n→ Full name"
    assert shown[34] == "Phone 1 - Value\n→ Phone 1"
    assert shown[4] == "Yomi Name"
    # Google's 47 columns, most of them empty: the empty ones are not shown.
    assert dialog.table.isColumnHidden(4)
    assert not dialog.table.isColumnHidden(34)
    guess = Mapping(
        name=0,
        given=1,
        middle=2,
        family=3,
        phones=((34, ""), (36, ""), (38, "")),
        company=40,
        email=30,
        note=25,
    )
    assert dialog.preview is not None and dialog.preview.mapping == guess
    assert dialog.mapping() == guess
    assert dialog.combos["name"].currentText() == "Name"
    assert dialog.combos["company"].currentText() == "Organization 1 - Name"
    assert [combo.currentText() for combo in dialog.phone_combos] == [
        "Phone 1 - Value",
        "Phone 2 - Value",
        "Phone 3 - Value",
    ]
    assert dialog.import_button.isVisible() and dialog.import_button.isEnabled()
    assert not dialog.problem.isVisible()
    assert dialog.import_button.isDefault()


def test_a_vcard_shows_its_cards_without_columns(qtbot, services) -> None:
    dialog = open_dialog(qtbot, services, "android_vcard40.vcf")
    assert dialog.kind_label.text() == "vCard"
    assert headers(dialog) == ["Name", "Numbers", "Company"]
    assert dialog.table.item(0, 0).text() == "Nguyễn Văn An"
    assert not dialog.mapping_box.isVisible()
    assert dialog.mapping() is None


def test_outlook_shows_every_phone_column_it_found(qtbot, services) -> None:
    dialog = open_dialog(qtbot, services, "outlook_contacts_cp1258.csv")
    assert dialog.kind_label.text() == "Outlook CSV"
    assert dialog.info_label.text().startswith("Windows-1258 · separated by comma")
    assert len(dialog.phone_combos) == 18
    assert dialog.phone_combos[0].currentText() == "Mobile Phone"
    assert dialog.phone_labels[0].text() == "Mobile"
    assert dialog.mapping() == dialog.preview.mapping


@pytest.mark.parametrize("name", ["broken_binary.csv", "broken_empty.csv"])
def test_a_broken_file_says_why_and_offers_no_import(qtbot, services, name: str) -> None:
    dialog = open_dialog(qtbot, services, name)
    code = {"broken_binary.csv": "import_not_text", "broken_empty.csv": "import_empty"}[name]
    problem = explain(code, "en", path=name)
    assert dialog.step == "error"
    assert dialog.error_label.text() == f"{problem.message}\n\n{problem.next_step}"
    assert "Traceback" not in dialog.error_label.text()
    assert not dialog.import_button.isVisible()
    assert dialog.choose_button.isVisible() and dialog.choose_button.text() == (
        "&Choose another file…"
    )
    assert dialog.close_button.isVisible()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_another_file_replaces_the_preview(qtbot, services) -> None:
    dialog = open_dialog(qtbot, services, "broken_binary.csv")
    dialog.set_path(DATA / "no_header.csv")
    assert dialog.step == "preview"
    assert dialog.import_button.isVisible()
    assert dialog.file_label.text().endswith("no_header.csv")


def test_without_a_phone_column_import_waits_for_one(qtbot, services) -> None:
    dialog = open_dialog(qtbot, services, "broken_no_phone_column.csv")
    problem = explain("import_no_phone_column", "en", path="broken_no_phone_column.csv")
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == f"{problem.message}\n{problem.next_step}"
    assert not dialog.import_button.isEnabled()
    combo = dialog.phone_combos[0]
    combo.setCurrentIndex(combo.findText("Ghi chú"))
    assert not dialog.problem.isVisible()
    assert dialog.import_button.isEnabled()


# --- import ----------------------------------------------------------------------------------


def test_a_file_of_one_row_is_reported_in_the_singular(qtbot, services, files, tmp_path) -> None:
    one = tmp_path / "one.csv"
    one.write_text("Họ tên,SĐT\nTrần Văn Một,0912000001\n", encoding="utf-8")
    dialog = files.import_path(one)
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step == "report")
    assert dialog.report_title.text() == "Import finished: 1 row read from one.csv."


def test_import_counts_the_rows_and_refreshes_the_contacts(qtbot, services, files, view) -> None:
    assert view.model.rowCount() == 0
    dialog = files.import_path(DATA / "google_contacts.csv")
    assert dialog.isVisible() and not dialog.isModal()
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as signal:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = signal.args[0]
    # tests/data/README.md: 20 / 18 / 1 / 2 / 1
    assert (report.total, report.imported, report.merged, report.flagged, len(report.skipped)) == (
        20,
        18,
        1,
        2,
        1,
    )
    qtbot.waitUntil(lambda: dialog.step == "report")
    assert dialog.report_title.text() == "Import finished: 20 rows read from google_contacts.csv."
    assert counts(dialog) == {
        "imported": "18",
        "merged": "1 — duplicates (same name, same number) added to the contact already there",
        "flagged": "2 — imported with a number that is not valid, kept as written; correct it"
        " before calling",
        "skipped": "1 — not imported; the reasons are below",
    }
    no_number = explain("import_no_number", "en").message
    invalid = explain("import_invalid_number", "en").message
    rows = issues(dialog)
    assert [row[:3] for row in rows] == [
        ["11", "Ngô Thanh Vân", no_number],
        ["12", "Dương Minh Khôi", invalid],
        ["13", "Lý Thị Mai", invalid],
    ]
    assert rows[1][3] == "12345"
    assert services.contacts.count() == 18
    # The list behind the dialog shows them already.
    assert view.model.rowCount() == 18
    assert dialog.save_button.isVisible() and not dialog.back_button.isVisible()
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert files.dialog is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("outlook_contacts_cp1258.csv", (15, 13, 1, 1, 1)),
        ("excel_semicolon_bom.csv", (12, 10, 1, 1, 1)),
        ("android_vcard40.vcf", (10, 8, 1, 1, 1)),
        ("broken_ragged.csv", (7, 4, 0, 0, 3)),
    ],
)
def test_each_kind_of_file_imports_the_readme_counts(
    qtbot, services, name: str, expected: tuple[int, ...]
) -> None:
    dialog = open_dialog(qtbot, services, name)
    run_import(qtbot, dialog)
    report = dialog.report
    assert report is not None
    got = (report.total, report.imported, report.merged, report.flagged, len(report.skipped))
    assert got == expected
    assert services.contacts.count() == expected[1]
    assert len(issues(dialog)) == expected[3] + expected[4]


def test_changing_the_mapping_changes_what_is_imported(qtbot, services) -> None:
    dialog = open_dialog(qtbot, services, "excel_semicolon_bom.csv")
    assert dialog.mapping() == Mapping(name=0, phones=((1, ""),), company=2, email=3)
    assert headers(dialog)[2] == "Công ty\n→ Company"
    # The company column left out, the numbers labelled.
    dialog.combos["company"].setCurrentIndex(dialog.combos["company"].findText("—"))
    qtbot.keyClicks(dialog.phone_labels[0], "Work")
    assert headers(dialog)[2] == "Công ty"
    assert dialog.mapping() == Mapping(name=0, phones=((1, "Work"),), email=3)
    run_import(qtbot, dialog)
    (tram,) = services.contacts.search("huynh tram")
    assert tram.name == "Huỳnh Ngọc Trâm"
    assert tram.company == ""
    assert [(phone.number, phone.label) for phone in tram.phones] == [("028 3930 5555", "Work")]


def test_a_file_without_a_header_names_columns_by_number_and_first_cell(qtbot, services) -> None:
    dialog = open_dialog(qtbot, services, "no_header.csv")
    email = dialog.combos["email"]
    assert email.currentText() == "Column 3: an@vinamilk.com.vn"
    assert headers(dialog)[1] == "Column 2: 0901 234 567\n→ Phone 1"
    email.setCurrentIndex(email.findText("—"))
    dialog.combos["note"].setCurrentIndex(2)
    assert dialog.combos["note"].currentText() == "Column 2: 0901 234 567"
    run_import(qtbot, dialog)
    assert dialog.report is not None and dialog.report.imported == 6
    (an,) = services.contacts.search("nguyen van an")
    assert an.email == ""
    assert an.note == "0901 234 567"


def test_a_large_import_leaves_the_window_free_and_cancel_leaves_nothing(
    qtbot, services, tmp_path
) -> None:
    services.contacts.add(Contact(name="Đặng Thị Hương", phones=(Phone.parse("0935678901"),)))
    window = MainWindow(state_file=str(tmp_path / "window.ini"))
    qtbot.addWidget(window)
    window.attach(services, DialController(services, window))
    window.show()
    qtbot.waitExposed(window)
    assert window.contact_files is not None
    dialog = window.contact_files.import_path(big_csv(tmp_path / "big.csv", 20_000))
    # The size is an estimate from the first rows, rounded as such.
    assert re.match(r"UTF-8 · separated by comma · about 2\d,000 rows", dialog.info_label.text())
    values: list[int] = []
    dialog.progress_bar.valueChanged.connect(values.append)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.step == "importing"
    assert dialog.cancel_button.isVisible()
    assert dialog.focusWidget() is dialog.cancel_button
    # The first rows are read: the bar has moved, determinate, and says how far.
    qtbot.waitUntil(lambda: dialog.progress_bar.value() > 0, timeout=10_000)
    assert dialog.progress_bar.maximum() > dialog.progress_bar.value()
    assert ROW_TEXT.fullmatch(dialog.progress_label.text()), dialog.progress_label.text()
    # Meanwhile the main window answers: typing goes into the dial field, the contacts
    # search (behind a timer) runs.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.dial_field.setFocus()
    qtbot.keyClicks(window.dial_field, "0901234567")
    assert window.dial_field.text() == "0901 234 567"
    assert window.contacts is not None
    qtbot.keyClicks(window.contacts.search, "huong")
    qtbot.waitUntil(lambda: window.contacts.model.query == "huong")
    assert dialog.step == "importing", "the import ended before the window was used"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.progress_label.text() == "Cancelling…"
    qtbot.waitUntil(lambda: dialog.step == "report", timeout=10_000)
    assert dialog.report is not None and dialog.report.cancelled
    assert dialog.report_title.text() == "Import cancelled: nothing was imported."
    assert not dialog.counts.isVisible() and not dialog.issues_view.isVisible()
    assert not dialog.save_button.isVisible()
    assert services.contacts.count() == 1
    assert len([value for value in values if value > 0]) >= 1
    # Back to the preview, columns as chosen, ready to import again.
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.step == "preview" and dialog.import_button.isVisible()


def test_a_large_import_shows_its_progress_to_the_end(qtbot, services, files, tmp_path) -> None:
    dialog = files.import_path(big_csv(tmp_path / "big.csv", 4_000))
    seen: list[tuple[int, int, str]] = []
    collecting: list[bool] = []

    def record() -> None:
        bar = dialog.progress_bar
        seen.append((bar.value(), bar.maximum(), dialog.progress_label.text()))
        if bar.value() > 0:  # rows read: by the worker
            collecting.append(gc.isenabled())

    dialog.progress_bar.valueChanged.connect(record)
    automatic_before = gc.isenabled()  # off: the window collects on the Qt thread itself
    run_import(qtbot, dialog)
    assert dialog.report is not None
    assert dialog.report.imported == 4_000
    assert services.contacts.count() == 4_000
    # One bar, the rows read (the contacts are saved a batch at a time meanwhile), moving
    # forward to the end, then a busy bar while the last batch is written.
    moved = [(value, most, text) for value, most, text in seen if value > 0]
    assert moved and all(ROW_TEXT.fullmatch(text) for _, _, text in moved), seen
    assert [value for value, _, _ in moved] == sorted(value for value, _, _ in moved)
    assert any(0 < value < most for value, most, _ in moved), seen
    # Reported every 500 rows: the last before the end is row 3,500; at the end, the bar
    # is busy ("Finishing the import…") while the last batch is written.
    assert moved[-1][0] == 3_500, seen
    assert dialog.report_title.text() == "Import finished: 4,000 rows read from big.csv."
    assert counts(dialog)["imported"] == "4,000"
    assert dialog.issues_label.text() == "Every row was imported."
    # Python's automatic collector never ran while the worker read (it would have run
    # there, and freed Qt objects off the Qt thread), and is as it was before.
    assert collecting and not any(collecting)
    assert gc.isenabled() == automatic_before


def test_the_last_batch_is_shown_as_finishing(
    qtbot, services, files, tmp_path, monkeypatch
) -> None:
    # Every row read, the last batch being written: the bar is busy and says so. (The last
    # batch waits here until the window has shown it.)
    shown = threading.Event()
    end = ImportRun.end

    def ending(run: ImportRun, store: ContactStore) -> None:
        assert shown.wait(20), "the window never said it was finishing"
        end(run, store)

    monkeypatch.setattr(ImportRun, "end", ending)
    dialog = files.import_path(big_csv(tmp_path / "big.csv", 1_200))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress_label.text() == "Finishing the import…")
    bar = dialog.progress_bar
    assert (bar.minimum(), bar.maximum()) == (0, 0) and dialog.cancel_button.isEnabled()
    shown.set()
    qtbot.waitUntil(lambda: dialog.step == "report", timeout=20_000)
    assert dialog.report is not None and dialog.report.imported == 1_200
    assert services.contacts.count() == 1_200


def test_cancel_while_saving_takes_back_the_contacts_saved(
    qtbot, services, files, tmp_path
) -> None:
    services.contacts.add(Contact(name="Đặng Thị Hương", phones=(Phone.parse("0935678901"),)))
    dialog = files.import_path(big_csv(tmp_path / "big.csv", 20_000))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    # Some contacts are saved (committed, a batch at a time), more rows are to be read.
    qtbot.waitUntil(
        lambda: (
            services.contacts.count() > 1
            and 0 < dialog.progress_bar.value() < dialog.progress_bar.maximum()
        ),
        timeout=60_000,
    )
    assert ROW_TEXT.fullmatch(dialog.progress_label.text()), dialog.progress_label.text()
    assert dialog.progress_label.accessibleName() == "Rows read"
    assert services.contacts.count() > 1
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.progress_label.text() == "Cancelling…"
    qtbot.waitUntil(lambda: dialog.step == "report", timeout=60_000)
    assert dialog.report is not None and dialog.report.cancelled
    assert dialog.report_title.text() == "Import cancelled: nothing was imported."
    assert services.contacts.count() == 1
    runs = services.db.conn.execute("SELECT COUNT(*) FROM import_runs").fetchone()[0]
    assert runs == 0


def test_an_import_a_crash_left_half_written_is_undone_once_the_window_is_up(
    qtbot, services, tmp_path
) -> None:
    from omidesk.store.calls import CallStore
    from omidesk.ui.dial_controller import DialController
    from omidesk.ui.main_window import MainWindow
    from tests.test_contact_io import (
        JOURNAL,
        _stored_book,
        dead_pid,
        journal,
        journal_left_by,
        record_call,
        snapshot,
    )

    _stored_book(services.db)
    before = snapshot(services.db)
    journal_left_by(services.db, dead_pid(), tmp_path)
    # A call to a contact the half-written import added: the recent calls name it until
    # the undo takes the contact back.
    record_call(CallStore(services.db), "+84911000001")
    window = MainWindow(state_file=str(tmp_path / "window.ini"))
    qtbot.addWidget(window)
    window.attach(services, DialController(services, window))
    window.show()
    # The window is up at once; the undo runs in a worker, then the lists are refreshed.
    assert window.contacts is not None and window.recents is not None
    recents = window.recents.model

    def first_call(column: int) -> object:
        # Row 0 is the day's heading; the call is the first row under it.
        row = recents.record_row_near(0)
        return None if row is None else recents.index(row, column).data()

    assert first_call(recents.CONTACT) == "Khách Một"
    qtbot.waitUntil(lambda: journal(services.db) == dict.fromkeys(JOURNAL, 0), timeout=20_000)
    assert snapshot(services.db) == before
    qtbot.waitUntil(
        lambda: (
            sorted(names(window.contacts))
            == ["Lê Văn Kiên", "Nguyễn Văn An", "Phạm Thị Thu Hà", "Trần Thị Bích"]
        )
    )
    # The name goes with the contact; the column is left blank, never the number again.
    qtbot.waitUntil(lambda: first_call(recents.CONTACT) == "")
    assert first_call(recents.NUMBER) == "0911 000 001"


def test_closing_during_an_import_cancels_it(qtbot, services, files, tmp_path) -> None:
    dialog = files.import_path(big_csv(tmp_path / "big.csv", 20_000))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress_bar.value() > 0, timeout=10_000)
    with qtbot.waitSignal(dialog.idle, timeout=10_000):
        # Esc, as the agent would: no question asked.
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
        assert files.dialog is None
    assert services.contacts.count() == 0


def test_a_locked_store_is_said_in_the_agents_words(qtbot, services, monkeypatch) -> None:
    from omidesk.store.db import StoreError

    def locked(*_args: object, **_kwargs: object) -> None:
        raise StoreError("store_locked", "contacts.db", "database is locked")

    from omidesk.usecases import import_contacts

    monkeypatch.setattr(import_contacts, "import_file", locked)
    dialog = open_dialog(qtbot, services, "no_header.csv")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.step == "preview" and not dialog.busy)
    problem = explain("store_locked", "en")
    assert dialog.problem.text() == f"{problem.message}\n{problem.next_step}"
    assert dialog.import_button.isEnabled()


@pytest.mark.parametrize(
    ("estimate", "done", "shown"),
    [(101_567, 11_000, 100_000), (20_545, 500, 21_000), (101_200, 101_000, 101_000), (20, 0, 20)],
)
def test_estimates_are_rounded_and_counts_grouped(estimate: int, done: int, shown: int) -> None:
    assert rounded(estimate, done) == shown
    assert grouped(12_000, "en") == "12,000"
    assert grouped(12_000, "vi") == "12.000"


# --- the report ------------------------------------------------------------------------------


def test_the_report_is_saved_as_csv(qtbot, services, tmp_path) -> None:
    dialog = open_dialog(qtbot, services, "google_contacts.csv")
    run_import(qtbot, dialog)
    target = tmp_path / "report.csv"
    assert dialog.save_report(target)
    text = target.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == ["Row", "Name", "Reason", "Detail"]
    assert [row[:3] for row in rows[1:]] == [
        ["11", "Ngô Thanh Vân", explain("import_no_number", "en").message],
        ["12", "Dương Minh Khôi", explain("import_invalid_number", "en").message],
        ["13", "Lý Thị Mai", explain("import_invalid_number", "en").message],
    ]
    assert dialog.report_note.text() == f"Report saved to {target}."
    # A folder that does not exist: said in red, nothing else changes.
    assert not dialog.save_report(tmp_path / "missing" / "report.csv")
    assert dialog.report_note.text().startswith("The report could not be saved to ")
    assert dialog.report_note.styleSheet() == error_style()


def test_the_report_speaks_vietnamese(qtbot, services, tmp_path) -> None:
    from dataclasses import replace

    services.save_settings(replace(services.loaded.file_values, language="vi"))
    assert i18n.install("vi")
    try:
        dialog = open_dialog(qtbot, services, "excel_semicolon_bom.csv")
        assert dialog.kind_label.text() == "CSV"
        assert dialog.import_button.text() == "&Nhập"
        run_import(qtbot, dialog)
        assert dialog.report_title.text() == (
            "Đã nhập xong: đọc 12 dòng từ excel_semicolon_bom.csv."
        )
        assert [row[:3] for row in issues(dialog)] == [
            ["8", "Võ Minh Tuấn", explain("import_no_number", "vi").message],
            ["9", "Bùi Quốc Khánh", explain("import_invalid_number", "vi").message],
        ]
        assert dialog.issues_view.model().headerData(0, Qt.Orientation.Horizontal) == "Dòng"
        assert counts(dialog)["skipped"] == "1 — không được nhập; lý do ở bên dưới"
        target = tmp_path / "report.csv"
        dialog.save_report(target)
        assert target.read_text(encoding="utf-8-sig").splitlines()[0] == "Dòng,Tên,Lý do,Chi tiết"
    finally:
        i18n.install("en")


def test_a_language_switch_keeps_the_choices(qtbot, services) -> None:
    dialog = open_dialog(qtbot, services, "excel_semicolon_bom.csv")
    dialog.combos["company"].setCurrentIndex(0)
    qtbot.keyClicks(dialog.phone_labels[0], "Work")
    chosen = dialog.mapping()
    QApplication.sendEvent(dialog, QEvent(QEvent.Type.LanguageChange))
    assert dialog.mapping() == chosen
    assert dialog.step == "preview"


def test_every_control_is_named_and_tab_walks_the_columns(qtbot, services) -> None:
    dialog = open_dialog(qtbot, services, "no_header.csv")
    controls = [
        dialog.table,
        *dialog.combos.values(),
        *dialog.phone_combos,
        *dialog.phone_labels,
        dialog.choose_button,
        dialog.import_button,
        dialog.close_button,
        dialog.cancel_button,
        dialog.save_button,
        dialog.done_button,
        dialog.back_button,
        dialog.progress_bar,
        dialog.issues_view,
    ]
    for control in controls:
        assert control.accessibleName(), control
    assert dialog.combos["name"].accessibleName() == "Column for Full name"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.table.setFocus()
    walked = [dialog.table]
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        walked.append(QApplication.focusWidget())
    assert walked == [
        dialog.table,
        dialog.combos["name"],
        dialog.combos["given"],
        dialog.combos["middle"],
    ]


# --- the window: menu, drop, export ------------------------------------------------------------


def test_drop_a_file_on_the_contacts_opens_its_preview(qtbot, services, files, view) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DATA / "iphone_vcard30.vcf"))])
    where = QPointF(view.rect().center())
    enter = QDragEnterEvent(
        where.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        where,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view, drop)
    assert files.dialog is not None
    assert files.dialog.path == DATA / "iphone_vcard30.vcf"
    assert files.dialog.kind_label.text() == "vCard"
    # Not a contacts file: refused at the door.
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(DATA / "README.md"))])
    refused = QDragEnterEvent(
        where.toPoint(),
        Qt.DropAction.CopyAction,
        other,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    refused.ignore()
    QApplication.sendEvent(view, refused)
    assert not refused.isAccepted()


def test_the_menu_imports_and_exports_by_keyboard(qtbot, services, tmp_path, monkeypatch) -> None:
    window = MainWindow(state_file=str(tmp_path / "window.ini"))
    qtbot.addWidget(window)
    window.attach(services, DialController(services, window))
    window.show()
    qtbot.waitExposed(window)
    assert window.import_action in window.app_menu.actions()
    assert window.export_action in window.app_menu.actions()
    assert window.import_action.text() == "&Import contacts…"
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *_args, **_kw: (str(DATA / "no_header.csv"), "")),
    )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    files = window.contact_files
    assert files is not None and files.dialog is not None
    dialog = files.dialog
    run_import(qtbot, dialog)
    assert window.contacts is not None and window.contacts.model.rowCount() == 6
    dialog.close()

    target = tmp_path / "exported"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *_args, **_kw: (str(target), "vCard 4.0 (*.vcf)")),
    )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    # The name typed without an extension gets the chosen format's.
    qtbot.waitUntil(lambda: files.message is not None, timeout=10_000)
    assert files.message.text() == f"Exported 6 contacts to {target}.vcf."
    assert target.with_suffix(".vcf").read_text(encoding="utf-8").count("BEGIN:VCARD") == 6
    files.message.close()


@pytest.mark.parametrize("suffix", [".csv", ".vcf"])
def test_export_and_import_again_give_the_same_contacts(
    qtbot, services, files, tmp_path, suffix: str
) -> None:
    dialog = files.import_path(DATA / "google_contacts.csv")
    run_import(qtbot, dialog)
    dialog.close()
    before = services.contacts.count()
    target = tmp_path / f"contacts{suffix}"
    assert finish(qtbot, files.export_to(target)) == before
    box = files.message
    assert box is not None and box.icon() == QMessageBox.Icon.Information
    assert box.text() == f"Exported {before} contacts to {target}."
    box.close()
    with Database(tmp_path / "fresh.db") as db:
        report = import_file(ImportTarget(db), contact_files, target)
        assert report.imported == before
        assert ContactStore(db).count() == before
    # Exporting did not touch the book.
    assert services.contacts.count() == before


def test_an_export_that_cannot_be_written_says_why(qtbot, services, files, tmp_path) -> None:
    target = tmp_path / "contacts.txt"
    assert finish(qtbot, files.export_to(target)) is None
    box = files.message
    problem = explain("export_unknown_format", "en", path=str(target))
    assert box is not None and box.icon() == QMessageBox.Icon.Warning
    assert box.text() == problem.message
    assert box.informativeText() == problem.next_step
    box.close()
    assert not target.exists()
