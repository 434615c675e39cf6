"""The import dialog: a contacts file's preview and columns, the import, and its report."""

from __future__ import annotations

import asyncio
import itertools
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.store.db import Database, StoreError
from omidesk.ui import tasks
from omidesk.ui.contact_files.common import contact_io, file_filter, grouped, rounded
from omidesk.ui.contact_files.issues_model import IssuesModel
from omidesk.ui.widgets import ERROR_STYLE, error_label
from omidesk.ui.workers import in_worker

if TYPE_CHECKING:
    from omidesk.domain.contact_files.model import ContactFileError, Mapping, Preview
    from omidesk.services import Services
    from omidesk.usecases.import_contacts import ImportReport


# Files wider than this hide the columns empty in every previewed row: an Outlook export
# has 92 columns, most of them empty, and the few that matter would scroll out of sight.
_WIDE = 10
# A column of the preview is never drawn wider than this many characters.
_CELL_CHARS = 28
_NONE = -1

_ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "cp1258": "Windows-1258",
    "cp1252": "Windows-1252",
}


class _Relay(QObject):
    """Carries progress from the import's worker thread to the window. Emitted in the worker,
    it reaches a slot of a widget through a queued connection, so the widget is only ever
    touched on the Qt thread. Without a parent, it cannot be deleted with the dialog while
    the worker still emits; the import deletes it once the worker is done."""

    progressed = Signal(int, int)  # rows done, estimated total


class ImportDialog(QDialog):
    """Imports one contacts file in four steps: a preview of its first rows with the column
    mapping (for a CSV), the import itself in a worker thread with progress and Cancel, and
    a report of every row that was skipped or flagged, savable as CSV.

    Modeless (shown with show(), never exec()): the agent keeps calling from the main window
    while a large file imports, and a nested event loop would stall qasync."""

    imported = Signal(object)  # the ImportReport, once the contacts are saved
    idle = Signal()  # the import (if any) has ended; the dialog may be deleted

    def __init__(
        self, services: Services, path: Path | str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("importDialog")
        self.setSizeGripEnabled(True)
        self.path: Path | None = None
        self.preview: Preview | None = None
        self.report: ImportReport | None = None
        self.step = "choose"  # choose, preview, error, importing, report
        self.folder = str(Path.home())
        # Catalogue codes and their details, kept so a language switch can say them again.
        self._error: tuple[str, dict[str, Any]] | None = None
        self._store_problem: tuple[str, dict[str, Any]] | None = None
        self._cancel: threading.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._progress = (0, 0)
        # Contacts written and to write, once the write has begun.
        self._report_note: tuple[str, str] | None = None  # ("saved" | "failed", text)
        self.combos: dict[str, QComboBox] = {}
        self.phone_combos: list[QComboBox] = []
        self.phone_labels: list[QLineEdit] = []
        self._field_labels: list[tuple[QLabel, str, int]] = []
        self.hidden_columns = 0
        self._cancelled_late = False
        self._build()
        self.retranslate()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 150, metrics.lineSpacing() * 44)
        if path is not None:
            self.set_path(path)
        else:
            self._show_step("choose")

    # --- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.file_label)

        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)

        # Choose: nothing read yet.
        self.choose_page = QWidget()
        column = QVBoxLayout(self.choose_page)
        self.choose_intro = QLabel()
        self.choose_intro.setWordWrap(True)
        column.addWidget(self.choose_intro)
        column.addStretch(1)
        self.pages.addWidget(self.choose_page)

        # Preview: kind, encoding, first rows, columns.
        self.preview_page = QWidget()
        column = QVBoxLayout(self.preview_page)
        column.setContentsMargins(0, 0, 0, 0)
        self.kind_label = QLabel()
        font = self.kind_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.kind_label.setFont(font)
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        column.addWidget(self.kind_label)
        column.addWidget(self.info_label)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        # Tab leaves the table for the columns below, instead of walking its cells.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setMaximumSectionSize(
            self.fontMetrics().averageCharWidth() * _CELL_CHARS
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        column.addWidget(self.table, 1)
        self.mapping_box = QGroupBox()
        box = QVBoxLayout(self.mapping_box)
        self.mapping_note = QLabel()
        self.mapping_note.setWordWrap(True)
        box.addWidget(self.mapping_note)
        self.mapping_scroll = QScrollArea()
        self.mapping_scroll.setWidgetResizable(True)
        self.mapping_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        box.addWidget(self.mapping_scroll)
        column.addWidget(self.mapping_box)
        self.problem = error_label(selectable=True)
        column.addWidget(self.problem)
        self.pages.addWidget(self.preview_page)

        # Error: the file cannot be imported at all.
        self.error_page = QWidget()
        column = QVBoxLayout(self.error_page)
        self.error_label = error_label(selectable=True)
        column.addWidget(self.error_label)
        self.error_label.setVisible(True)  # shown with its page, which only an error shows
        column.addStretch(1)
        self.pages.addWidget(self.error_page)

        # Importing: progress and Cancel.
        self.progress_page = QWidget()
        column = QVBoxLayout(self.progress_page)
        column.addStretch(1)
        self.progress_title = QLabel()
        self.progress_title.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_label = QLabel()
        self.progress_hint = QLabel()
        self.progress_hint.setWordWrap(True)
        # Muted (a remark, not a status) yet readable: a disabled label is too faint.
        self.progress_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for widget in (self.progress_title, self.progress_bar, self.progress_label):
            column.addWidget(widget)
        column.addWidget(self.progress_hint)
        column.addStretch(2)
        self.pages.addWidget(self.progress_page)

        # Report: counts, then the rows to look at.
        self.report_page = QWidget()
        column = QVBoxLayout(self.report_page)
        column.setContentsMargins(0, 0, 0, 0)
        self.report_title = QLabel()
        self.report_title.setWordWrap(True)
        self.report_title.setFont(font)
        column.addWidget(self.report_title)
        self.counts = QWidget()
        form = QFormLayout(self.counts)
        form.setContentsMargins(0, 0, 0, 0)
        self.count_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("imported", "merged", "flagged", "skipped"):
            name, value = QLabel(), QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(name, value)
            self.count_labels[key] = (name, value)
        column.addWidget(self.counts)
        self.issues_label = QLabel()
        self.issues_label.setWordWrap(True)
        column.addWidget(self.issues_label)
        self.issues_view = QTableView()
        self.issues_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.issues_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.issues_view.setWordWrap(False)
        self.issues_view.setTabKeyNavigation(False)
        self.issues_view.verticalHeader().setVisible(False)
        self.issues_view.horizontalHeader().setStretchLastSection(True)
        column.addWidget(self.issues_view, 1)
        self.report_note = QLabel()
        self.report_note.setWordWrap(True)
        self.report_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_note.setVisible(False)
        column.addWidget(self.report_note)
        self.pages.addWidget(self.report_page)

        # Own buttons with own texts: Qt ships no Vietnamese for the standard ones.
        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.choose_button = self._button(role.ActionRole, self.choose_file)
        self.back_button = self._button(role.ActionRole, self.back)
        self.save_button = self._button(role.ActionRole, self.choose_report_file)
        self.import_button = self._button(role.AcceptRole, self.start_import)
        self.done_button = self._button(role.AcceptRole, self.accept)
        self.cancel_button = self._button(role.RejectRole, self.cancel)
        self.close_button = self._button(role.RejectRole, self.reject)
        outer.addWidget(self.buttons)

    def _button(self, role: QDialogButtonBox.ButtonRole, slot: Any) -> QPushButton:
        button = self.buttons.addButton("", role)
        assert isinstance(button, QPushButton)
        button.clicked.connect(slot)
        return button

    def _fields(self) -> list[tuple[str, str]]:
        """The contact fields a column can fill, with their names in the form."""
        return [
            ("name", self.tr("Full name")),
            ("given", self.tr("Given name")),
            ("middle", self.tr("Middle name")),
            ("family", self.tr("Family name")),
            ("company", self.tr("Company")),
            ("email", self.tr("E-mail")),
            ("note", self.tr("Note")),
        ]

    def _build_mapping(self, guess: Mapping, width: int) -> None:
        """One list of columns per field, prefilled with the guess; as many phone rows as the
        guess found (Outlook has 18 phone columns), and at least three."""
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        self.combos = {}
        self.phone_combos = []
        self.phone_labels = []
        self._field_labels = []
        for row, (key, _name) in enumerate(self._fields()):
            label = QLabel()
            combo = self._column_combo(width)
            label.setBuddy(combo)
            combo.setCurrentIndex(max(0, combo.findData(_column(getattr(guess, key)))))
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            self.combos[key] = combo
            self._field_labels.append((label, key, 0))
        phones = list(guess.phones)
        for position in range(max(3, len(phones))):
            label = QLabel()
            combo = self._column_combo(width)
            label.setBuddy(combo)
            text = QLineEdit()
            text.setMaximumWidth(self.fontMetrics().averageCharWidth() * 24)
            if position < len(phones):
                column, phone_label = phones[position]
                combo.setCurrentIndex(max(0, combo.findData(column)))
                text.setText(phone_label)
            line = QHBoxLayout()
            line.addWidget(combo, 1)
            line.addWidget(text)
            grid.addWidget(label, position, 2)
            grid.addLayout(line, position, 3)
            self.phone_combos.append(combo)
            self.phone_labels.append(text)
            self._field_labels.append((label, "phone", position + 1))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(2, self.fontMetrics().averageCharWidth() * 10)
        grid.setRowStretch(max(len(self._fields()), len(self.phone_combos)), 1)
        for combo in self._all_combos():
            combo.currentIndexChanged.connect(self._mapping_changed)
        self.mapping_scroll.setWidget(grid_widget)  # the previous file's columns are deleted
        # Seven rows of columns at most, scrolled beyond: the first rows of the file above
        # are what the choice is made from, and must keep their room.
        grid.activate()
        row_height = self.phone_combos[0].sizeHint().height() + grid.verticalSpacing()
        shown = min(grid_widget.sizeHint().height(), row_height * 7)
        self.mapping_scroll.setFixedHeight(shown + 2 * self.mapping_scroll.frameWidth())

    def _column_combo(self, width: int) -> QComboBox:
        combo = QComboBox()
        combo.addItem("—", _NONE)
        for column in range(width):
            combo.addItem("", column)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(16)
        return combo

    def _all_combos(self) -> list[QComboBox]:
        return [*self.combos.values(), *self.phone_combos]

    def _chain_tabs(self) -> None:
        # The columns are built after the buttons: without this, Tab would visit them last.
        chain: list[QWidget] = [self.table]
        chain += list(self.combos.values())
        for combo, text in zip(self.phone_combos, self.phone_labels, strict=True):
            chain += [combo, text]
        chain += [self.choose_button, self.import_button, self.close_button]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    # --- choosing and previewing a file ------------------------------------------------------

    def choose_file(self) -> None:
        """Asks for a file to import. From a slot, never from a coroutine: the file dialog
        runs its own event loop."""
        if self.busy:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import contacts"), self.folder, file_filter()
        )
        if path:
            self.set_path(path)

    def set_path(self, path: Path | str) -> None:
        """Reads the start of `path` and shows its preview, or why it cannot be imported."""
        if self.busy:
            return
        self.path = Path(path)
        self.folder = str(self.path.parent)
        self.preview = None
        self.report = None
        self._error = None
        self._store_problem = None
        try:
            # Only the first rows are read (a few kilobytes): quick enough for the Qt thread.
            found = contact_io().preview(self.path)
        except contact_io().ContactFileError as error:
            self._error = (error.code, self._params(error))
            self._show_step("error")
            return
        self.preview = found
        self._fill_table(found)
        if found.mapping is not None:
            self._build_mapping(found.mapping, len(found.headers))
        self.mapping_box.setVisible(found.mapping is not None)
        self._show_step("preview")
        self._chain_tabs()

    def _params(self, error: ContactFileError) -> dict[str, Any]:
        # The file's name is enough in a window that shows its whole path above.
        return {**error.params, "path": Path(error.params.get("path", "")).name}

    def _fill_table(self, found: Preview) -> None:
        table = self.table
        table.clear()
        width = max([len(found.headers), *(len(row) for row in found.rows)])
        table.setColumnCount(width)
        table.setRowCount(len(found.rows))
        for row, cells in enumerate(found.rows):
            for column, cell in enumerate(cells):
                # One line per cell: a multi-line address would make rows of uneven height.
                item = QTableWidgetItem(" ".join(cell.split()))
                item.setToolTip(cell)
                table.setItem(row, column, item)
        self.hidden_columns = 0
        for column in range(width):
            empty = all(column >= len(cells) or not cells[column].strip() for cells in found.rows)
            hide = width > _WIDE and empty
            table.setColumnHidden(column, hide)
            self.hidden_columns += hide
        self._label_columns()

    def _column_name(self, column: int) -> str:
        """A column as the agent knows it: its header, or its number and first cell."""
        assert self.preview is not None
        headers = self.preview.headers
        header = headers[column] if column < len(headers) else ""
        if self.preview.kind == contact_io().VCARD:
            return (self.tr("Name"), self.tr("Numbers"), self.tr("Company"))[column]
        if header:
            return header
        name = self.tr("Column {n}").format(n=column + 1)
        first = next(
            (row[column].strip() for row in self.preview.rows if column < len(row) and row[column]),
            "",
        )
        return f"{name}: {first}" if first else name

    def _label_columns(self) -> None:
        """The table's headers: each column's name and, under it, the fields it fills."""
        if self.preview is None:
            return
        filled: dict[int, list[str]] = {}
        if self.preview.mapping is not None and self.combos:
            names = dict(self._fields())
            for key, combo in self.combos.items():
                if (column := combo.currentData()) != _NONE:
                    filled.setdefault(column, []).append(names[key])
            for position, combo in enumerate(self.phone_combos, start=1):
                if (column := combo.currentData()) != _NONE:
                    filled.setdefault(column, []).append(self.tr("Phone {n}").format(n=position))
        labels = []
        for column in range(self.table.columnCount()):
            text = self._column_name(column)
            if column in filled:
                text += "\n→ " + ", ".join(filled[column])
            labels.append(text)
        self.table.setHorizontalHeaderLabels(labels)
        self.table.resizeColumnsToContents()

    def mapping(self) -> Mapping | None:
        """The columns as chosen (None for a vCard, which has no columns to choose)."""
        if self.preview is None or self.preview.mapping is None:
            return None

        def chosen(key: str) -> int | None:
            column = self.combos[key].currentData()
            return None if column == _NONE else int(column)

        phones = tuple(
            (int(combo.currentData()), text.text().strip())
            for combo, text in zip(self.phone_combos, self.phone_labels, strict=True)
            if combo.currentData() != _NONE
        )
        return contact_io().Mapping(
            name=chosen("name"),
            given=chosen("given"),
            middle=chosen("middle"),
            family=chosen("family"),
            phones=phones,
            company=chosen("company"),
            email=chosen("email"),
            note=chosen("note"),
        )

    def _mapping_changed(self) -> None:
        self._store_problem = None
        self._label_columns()
        self._render_problem()

    def _no_phone_column(self) -> bool:
        mapping = self.mapping()
        return mapping is not None and not mapping.phones

    # --- the import --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether an import is running (a cancelled one included, until its worker ends)."""
        return self._task is not None

    def start_import(self) -> None:
        if self.busy or self.preview is None or self.path is None or self._no_phone_column():
            return
        cancel = threading.Event()
        self._cancel = cancel
        self._store_problem = None
        self._progress = (0, self.preview.total_estimate)
        self._show_step("importing")
        self._task = tasks.spawn(
            self._import(self.path, self.mapping(), cancel), name="import contacts"
        )

    async def _import(self, path: Path, mapping: Mapping | None, cancel: threading.Event) -> None:
        from omidesk.usecases.import_contacts import import_file  # noqa: PLC0415 (vobject)

        relay = _Relay()
        relay.progressed.connect(self._progressed)
        database = self.services.paths.database

        def work() -> ImportReport:
            # The store's connection belongs to the Qt thread: the worker opens its own.
            db = Database(database)
            try:
                return import_file(
                    db,
                    path,
                    mapping,
                    progress=relay.progressed.emit,
                    cancelled=cancel.is_set,
                )
            finally:
                db.close()

        outcome: ImportReport | Exception
        try:
            outcome = await in_worker(work)
        except asyncio.CancelledError:
            # The app is quitting: the worker stops at its next check and undoes what it
            # wrote (what a quit cuts short of that, the next start undoes).
            cancel.set()
            raise
        except Exception as error:  # sorted by _finish; a bug is raised again there
            outcome = error
        # The worker is done emitting. Deleted by the Qt thread's loop, the relay dies on the
        # Qt thread even if the worker's thread drops the last Python reference to it.
        relay.deleteLater()
        if not shiboken6.isValid(self):
            return  # the window is gone (quitting): nobody to tell
        self._task = None
        self._cancel = None
        try:
            self._finish(outcome, cancel)
        finally:
            # ContactFiles deletes a dialog closed during its import only now.
            self.idle.emit()

    def _finish(self, outcome: ImportReport | Exception, cancel: threading.Event) -> None:
        if isinstance(outcome, contact_io().ContactFileError):
            self._error = (outcome.code, self._params(outcome))
            self._show_step("error")
            return
        if isinstance(outcome, StoreError):
            self._store_problem = (outcome.code, {"path": outcome.path})
            self._show_step("preview")
            return
        if isinstance(outcome, Exception):
            # A bug: the preview comes back (the app's handler reports the error itself).
            self._show_step("preview")
            raise outcome
        self.report = outcome
        self._report_note = None
        self._cancelled_late = cancel.is_set() and not outcome.cancelled
        if not outcome.cancelled:
            # At once, not on Done: the list behind a modeless dialog shows the new contacts,
            # and closing the report with Esc must not leave it stale.
            self.imported.emit(outcome)
        self._show_step("report")

    def _progressed(self, done: int, total: int) -> None:
        if self.step == "importing":
            self._progress = (done, total)
            self._render_progress()

    def cancel(self) -> None:
        """Stops the import at its next check; what it has written is undone."""
        if self._cancel is None:
            return
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self._render_progress()

    def back(self) -> None:
        """From a cancelled import back to the preview, columns as they were chosen."""
        if not self.busy and self.preview is not None:
            self._show_step("preview")

    def done(self, result: int) -> None:
        # Closing while importing asks nothing: it cancels (and the worker undoes what it
        # wrote).
        if self._cancel is not None:
            self._cancel.set()
        super().done(result)

    # --- the report --------------------------------------------------------------------------

    def choose_report_file(self) -> None:
        if self.report is None or self.path is None:
            return
        suggested = str(Path(self.folder) / f"{self.path.stem}-report.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the import report"), suggested, self.tr("CSV (*.csv)")
        )
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> bool:
        """Writes the skipped and flagged rows as CSV, in the agent's language."""
        if self.report is None:
            return False
        try:
            self.report.save_csv(path, self.services.lang)
        except OSError as exc:
            text = self.tr("The report could not be saved to {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
            self._report_note = ("failed", text)
            self._render_report()
            return False
        self._report_note = ("saved", self.tr("Report saved to {path}.").format(path=path))
        self._render_report()
        return True

    # --- showing a step ----------------------------------------------------------------------

    def _show_step(self, step: str) -> None:
        self.step = step
        page = {
            "choose": self.choose_page,
            "preview": self.preview_page,
            "error": self.error_page,
            "importing": self.progress_page,
            "report": self.report_page,
        }[step]
        self.pages.setCurrentWidget(page)
        cancelled = self.report is not None and self.report.cancelled
        shown = {
            self.choose_button: step in ("choose", "preview", "error"),
            self.import_button: step == "preview",
            self.close_button: step in ("choose", "preview", "error"),
            self.cancel_button: step == "importing",
            self.back_button: step == "report" and cancelled,
            self.save_button: step == "report" and not cancelled,
            self.done_button: step == "report",
        }
        for button, visible in shown.items():
            button.setVisible(visible)
            button.setDefault(False)
            button.setAutoDefault(False)
        self.cancel_button.setEnabled(True)
        default = {
            "choose": self.choose_button,
            "preview": self.import_button,
            "error": self.choose_button,
            "importing": self.cancel_button,
            "report": self.done_button,
        }[step]
        default.setDefault(True)
        if step == "report":
            self._fill_report()
        self.retranslate()
        # The button that was pressed may be hidden now: the focus goes to the step's own.
        default.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill_report(self) -> None:
        report = self.report
        if report is None:
            return
        model = IssuesModel(report, self.services.lang, self.issues_view)
        old = self.issues_view.model()
        self.issues_view.setModel(model)
        if old is not None:
            old.deleteLater()
        header = self.issues_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        chars = self.fontMetrics().averageCharWidth()
        # Sized from the first thousand rows at most (the header's precision), then capped:
        # the details take what is left.
        for column, most in ((1, 30), (2, 64)):
            self.issues_view.resizeColumnToContents(column)
            width = min(self.issues_view.columnWidth(column), chars * most)
            self.issues_view.setColumnWidth(column, width)

    # --- language ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = self.services.lang
        self.setWindowTitle(self.tr("Import contacts"))
        if self.path is not None:
            self.file_label.setText(self.tr("File: {path}").format(path=self.path))
        else:
            self.file_label.setText("")
        self.file_label.setVisible(self.path is not None)
        self.choose_intro.setText(
            self.tr(
                "Choose a contacts file: a CSV exported from Google Contacts, Outlook, a CRM"
                " or a spreadsheet, or a vCard file (.vcf) from a phone."
            )
        )
        self.choose_button.setText(
            self.tr("&Choose a file…") if self.path is None else self.tr("&Choose another file…")
        )
        self.choose_button.setAccessibleName(self.tr("Choose a file to import"))
        self.import_button.setText(self.tr("&Import"))
        self.import_button.setAccessibleName(self.tr("Import the contacts"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the import"))
        self.back_button.setText(self.tr("&Back"))
        self.back_button.setAccessibleName(self.tr("Back to the preview"))
        self.save_button.setText(self.tr("&Save report as CSV…"))
        self.save_button.setAccessibleName(self.tr("Save the report as CSV"))
        self.done_button.setText(self.tr("Done"))
        self.done_button.setAccessibleName(self.tr("Done"))
        self.table.setAccessibleName(self.tr("First rows of the file"))
        self.mapping_box.setTitle(self.tr("Columns"))
        self.mapping_box.setAccessibleName(self.tr("Columns"))
        self.problem.setAccessibleName(self.tr("Problem"))
        self.error_label.setAccessibleName(self.tr("Problem"))
        self.progress_bar.setAccessibleName(self.tr("Import progress"))
        self.issues_view.setAccessibleName(self.tr("Rows skipped or flagged"))
        self.report_note.setAccessibleName(self.tr("Report file"))
        if self.preview is not None:
            self._render_preview()
        self._render_problem()
        self._render_error()
        if self.step == "importing":
            self._render_progress()
        if self.step == "report":
            model = self.issues_view.model()
            if isinstance(model, IssuesModel) and model.lang != lang:
                model.set_language(lang)
            self._render_report()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def kind_name(self, kind: str) -> str:
        io = contact_io()
        return {
            io.GOOGLE_CSV: self.tr("Google Contacts CSV"),
            io.OUTLOOK_CSV: self.tr("Outlook CSV"),
            io.CSV: self.tr("CSV"),
            io.VCARD: self.tr("vCard"),
        }.get(kind, kind)

    def _render_preview(self) -> None:
        found = self.preview
        assert found is not None
        io = contact_io()
        lang = self.services.lang
        self.kind_label.setText(self.kind_name(found.kind))
        parts = [_ENCODINGS.get(found.encoding, found.encoding.upper())]
        delimiter = {",": self.tr("comma"), ";": self.tr("semicolon"), "\t": self.tr("tab")}
        if found.delimiter is not None:
            name = delimiter.get(found.delimiter, found.delimiter)
            parts.append(self.tr("separated by {delimiter}").format(delimiter=name))
        count = grouped(rounded(found.total_estimate, len(found.rows)), lang)
        if found.kind == io.VCARD:
            parts.append(self.tr("about {count} contacts").format(count=count))
        else:
            parts.append(self.tr("about {count} rows").format(count=count))
        shown = self.tr("the first {count} shown").format(count=len(found.rows))
        parts.append(shown)
        if self.hidden_columns:
            parts.append(self.tr("{count} empty columns hidden").format(count=self.hidden_columns))
        self.info_label.setText(" · ".join(parts))
        self._label_columns()
        if found.mapping is None:
            return
        if found.kind == io.CSV:
            note = self.tr(
                "OmiDesk guessed which column holds what. Check the guess against the rows"
                " above and correct it where needed."
            )
        else:
            note = self.tr(
                "The columns of this export are known. Change them only to leave a column out."
            )
        self.mapping_note.setText(note)
        names = dict(self._fields())
        for label, key, position in self._field_labels:
            if key == "phone":
                label.setText(self.tr("Phone {n}:").format(n=position))
            else:
                label.setText(f"{names[key]}:")
        for key, combo in self.combos.items():
            combo.setAccessibleName(self.tr("Column for {field}").format(field=names[key]))
        for position, (combo, text) in enumerate(
            zip(self.phone_combos, self.phone_labels, strict=True), start=1
        ):
            combo.setAccessibleName(self.tr("Column for phone {n}").format(n=position))
            text.setAccessibleName(self.tr("Label of phone {n}").format(n=position))
            text.setPlaceholderText(
                # Google's export labels each number in a column of its own.
                self.tr("Label from the file")
                if found.kind == io.GOOGLE_CSV
                else self.tr("Label, e.g. Mobile")
            )
        for combo in self._all_combos():
            for column in range(combo.count() - 1):
                combo.setItemText(column + 1, self._column_name(column))

    def _render_problem(self) -> None:
        lang = self.services.lang
        text = ""
        if self._store_problem is not None:
            code, params = self._store_problem
            problem = explain(code, lang, **params)
            text = f"{problem.message}\n{problem.next_step}"
        elif self.preview is not None and self._no_phone_column():
            path = self.path.name if self.path is not None else ""
            problem = explain("import_no_phone_column", lang, path=path)
            text = f"{problem.message}\n{problem.next_step}"
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.import_button.setEnabled(not self._no_phone_column())

    def _render_error(self) -> None:
        if self._error is None:
            self.error_label.clear()
            return
        code, params = self._error
        problem = explain(code, self.services.lang, **params)
        self.error_label.setText(f"{problem.message}\n\n{problem.next_step}")

    def _render_progress(self) -> None:
        lang = self.services.lang
        done, total = self._progress
        name = self.path.name if self.path is not None else ""
        self.progress_title.setText(self.tr("Importing {file}…").format(file=name))
        self.progress_hint.setText(
            self.tr(
                "You can keep working in the main window. Cancel leaves your contacts as they were."
            )
        )
        bar = self.progress_bar
        # The contacts are saved a batch at a time as the rows are read: one bar, the rows.
        self.progress_label.setAccessibleName(self.tr("Rows read"))
        if self._cancel is not None and self._cancel.is_set():
            bar.setRange(0, 0)
            self.progress_label.setText(self.tr("Cancelling…"))
        elif done and done >= total:
            # Every row is read; the last batch is being written.
            bar.setRange(0, 0)
            self.progress_label.setText(self.tr("Finishing the import…"))
        elif total > 0:
            self.progress_label.setText(
                self.tr("Row {done} of ~{total}").format(
                    done=grouped(done, lang), total=grouped(rounded(total, done), lang)
                )
            )
            bar.setRange(0, total)
            bar.setValue(done)
        else:
            bar.setRange(0, 0)
            self.progress_label.setText(self.tr("Reading the file…"))

    def _render_report(self) -> None:
        report = self.report
        if report is None:
            return
        lang = self.services.lang
        # A vCard has cards, numbered in the order of the file, where a CSV has rows.
        cards = self.preview is not None and self.preview.kind == contact_io().VCARD
        self.counts.setVisible(not report.cancelled)
        self.issues_label.setVisible(not report.cancelled)
        self.issues_view.setVisible(not report.cancelled and bool(report.rows()))
        if report.cancelled:
            self.report_title.setText(self.tr("Import cancelled: nothing was imported."))
        else:
            name = self.path.name if self.path is not None else ""
            title = (
                self.tr("Import finished: {total} contacts read from {file}.")
                if cards
                else self.tr("Import finished: {total} rows read from {file}.")
            )
            self.report_title.setText(title.format(total=grouped(report.total, lang), file=name))
        # A count, then what it means: "1 — …" reads right in both languages, where
        # "{count} rows" would say "1 rows".
        texts = {
            "imported": (self.tr("New contacts:"), ""),
            "merged": (
                self.tr("Merged:"),
                self.tr("duplicates (same name, same number) added to the contact already there"),
            ),
            "flagged": (
                self.tr("Flagged:"),
                self.tr(
                    "imported with a number that is not valid, kept as written; correct it"
                    " before calling"
                ),
            ),
            "skipped": (self.tr("Skipped:"), self.tr("not imported; the reasons are below")),
        }
        counts = {
            "imported": report.imported,
            "merged": report.merged,
            "flagged": report.flagged,
            "skipped": len(report.skipped),
        }
        for key, (name_label, value_label) in self.count_labels.items():
            name, meaning = texts[key]
            count = grouped(counts[key], lang)
            name_label.setText(name)
            value_label.setText(f"{count} — {meaning}" if meaning and counts[key] else count)
        if report.rows() and cards:
            self.issues_label.setText(
                self.tr("Contacts to look at (numbered in the order of the file):")
            )
        elif report.rows():
            self.issues_label.setText(
                self.tr("Rows to look at (row numbers as in a spreadsheet; the header is row 1):")
            )
        else:
            self.issues_label.setText(self.tr("Every row was imported."))
        note = ""
        style = ""
        if self._cancelled_late:
            note = self.tr("The contacts were already being saved when you cancelled.")
        if self._report_note is not None:
            kind, note = self._report_note
            style = ERROR_STYLE if kind == "failed" else ""
        self.report_note.setText(note)
        self.report_note.setStyleSheet(style)
        self.report_note.setVisible(bool(note))


def _column(value: int | None) -> int:
    return _NONE if value is None else value
