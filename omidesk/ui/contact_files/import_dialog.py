"""The import dialog: a contacts file's preview and columns, the import, and its report."""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.domain.contact_files.model import VCARD, ContactFileError
from omidesk.domain.errors import StorageError
from omidesk.ui import tasks
from omidesk.ui.contact_files.common import file_filter
from omidesk.ui.contact_files.preview_page import PreviewPage
from omidesk.ui.contact_files.progress_page import ProgressPage
from omidesk.ui.contact_files.report_page import ReportPage
from omidesk.ui.widgets import error_label
from omidesk.ui.workers import in_worker

if TYPE_CHECKING:
    from omidesk.domain.contact_files.model import Mapping, Preview
    from omidesk.usecases.import_contacts import ContactImport, ImportReport


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
        self,
        importer: ContactImport,
        lang: Callable[[], str],
        path: Path | str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.importer = importer
        self._lang = lang
        self.setObjectName("importDialog")
        self.setSizeGripEnabled(True)
        self.path: Path | None = None
        self.report: ImportReport | None = None
        self.step = "choose"  # choose, preview, error, importing, report
        self.folder = str(Path.home())
        # What went wrong, kept so a language switch can say it again: the file's problem
        # (a catalogue code and its details), or the store's failure.
        self._error: tuple[str, dict[str, Any]] | None = None
        self._store_problem: StorageError | None = None
        self._cancel: threading.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._progress = (0, 0)
        self._report_note: tuple[str, str] | None = None  # ("saved" | "failed", text)
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
        self.preview_page = PreviewPage(self)
        self.preview_page.mappingChanged.connect(self._mapping_changed)
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
        self.progress_page = ProgressPage(self)
        self.pages.addWidget(self.progress_page)

        # Report: counts, then the rows to look at.
        self.report_page = ReportPage(self)
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

        # The pages' parts, reachable from the dialog as they were before it had pages.
        self.kind_label = self.preview_page.kind_label
        self.info_label = self.preview_page.info_label
        self.table = self.preview_page.table
        self.mapping_box = self.preview_page.mapping_box
        self.problem = self.preview_page.problem
        self.progress_bar = self.progress_page.progress_bar
        self.progress_label = self.progress_page.progress_label
        self.report_title = self.report_page.report_title
        self.counts = self.report_page.counts
        self.count_labels = self.report_page.count_labels
        self.issues_label = self.report_page.issues_label
        self.issues_view = self.report_page.issues_view
        self.report_note = self.report_page.report_note

    def _button(self, role: QDialogButtonBox.ButtonRole, slot: Any) -> QPushButton:
        button = self.buttons.addButton("", role)
        assert isinstance(button, QPushButton)
        button.clicked.connect(slot)
        return button

    @property
    def preview(self) -> Preview | None:
        """The start of the file as read; None before a file is read, or when it cannot be."""
        return self.preview_page.preview

    @property
    def combos(self) -> dict[str, QComboBox]:
        """The column chosen for each field but the numbers."""
        return self.preview_page.combos

    @property
    def phone_combos(self) -> list[QComboBox]:
        """The columns chosen for the numbers."""
        return self.preview_page.phone_combos

    @property
    def phone_labels(self) -> list[QLineEdit]:
        """The labels given to the numbers' columns."""
        return self.preview_page.phone_labels

    def _chain_tabs(self) -> None:
        # The columns are built after the buttons: without this, Tab would visit them last.
        chain = self.preview_page.tab_chain()
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
        self.preview_page.preview = None
        self.report = None
        self._error = None
        self._store_problem = None
        try:
            # Only the first rows are read (a few kilobytes): quick enough for the Qt thread.
            found = self.importer.preview(self.path)
        except ContactFileError as error:
            self._error = (error.code, self._params(error))
            self._show_step("error")
            return
        self.preview_page.show_preview(found)
        self._show_step("preview")
        self._chain_tabs()

    def _params(self, error: ContactFileError) -> dict[str, Any]:
        # The file's name is enough in a window that shows its whole path above.
        return {**error.params, "path": Path(error.params.get("path", "")).name}

    def mapping(self) -> Mapping | None:
        """The columns as chosen (None for a vCard, which has no columns to choose)."""
        return self.preview_page.mapping()

    def _mapping_changed(self) -> None:
        self._store_problem = None
        self._render_problem()

    # --- the import --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether an import is running (a cancelled one included, until its worker ends)."""
        return self._task is not None

    def start_import(self) -> None:
        if self.busy or self.preview is None or self.path is None:
            return
        if self.preview_page.no_phone_column():
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
        relay = _Relay()
        relay.progressed.connect(self._progressed)

        def work() -> ImportReport:
            # In the worker: the import opens a store of its own (the window's connection
            # belongs to the Qt thread).
            return self.importer.run(
                path, mapping, progress=relay.progressed.emit, cancelled=cancel.is_set
            )

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
        if isinstance(outcome, ContactFileError):
            self._error = (outcome.code, self._params(outcome))
            self._show_step("error")
            return
        if isinstance(outcome, StorageError):
            # The store could not be written: said on the preview, to import again.
            self._store_problem = outcome
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
            self.importer.save_report(self.report, path, self._lang())
        except ContactFileError as error:
            text = self.tr("The report could not be saved to {path}: {reason}").format(
                path=path, reason=error.params.get("detail") or error.code
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
        if step == "report" and self.report is not None:
            self.report_page.fill(self.report, self._lang())
        self.retranslate()
        # The button that was pressed may be hidden now: the focus goes to the step's own.
        default.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- language ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = self._lang()
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
        self.error_label.setAccessibleName(self.tr("Problem"))
        for page in (self.preview_page, self.progress_page, self.report_page):
            page.retranslate()
        if self.preview is not None:
            self.preview_page.describe(lang)
        self._render_problem()
        self._render_error()
        if self.step == "importing":
            self._render_progress()
        if self.step == "report":
            self.report_page.set_language(lang)
            self._render_report()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _render_problem(self) -> None:
        lang = self._lang()
        text = ""
        if self._store_problem is not None:
            problem = explain(self._store_problem, lang)
            text = f"{problem.message}\n{problem.next_step}"
        elif self.preview is not None and self.preview_page.no_phone_column():
            path = self.path.name if self.path is not None else ""
            problem = explain("import_no_phone_column", lang, path=path)
            text = f"{problem.message}\n{problem.next_step}"
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.import_button.setEnabled(not self.preview_page.no_phone_column())

    def _render_error(self) -> None:
        if self._error is None:
            self.error_label.clear()
            return
        code, params = self._error
        problem = explain(code, self._lang(), **params)
        self.error_label.setText(f"{problem.message}\n\n{problem.next_step}")

    def _render_progress(self) -> None:
        done, total = self._progress
        name = self.path.name if self.path is not None else ""
        cancelling = self._cancel is not None and self._cancel.is_set()
        self.progress_page.show_progress(
            name, done, total, cancelling=cancelling, lang=self._lang()
        )

    def _render_report(self) -> None:
        report = self.report
        if report is None:
            return
        # A vCard has cards, numbered in the order of the file, where a CSV has rows.
        cards = self.preview is not None and self.preview.kind == VCARD
        self.report_page.show_report(
            report,
            file_name=self.path.name if self.path is not None else "",
            cards=cards,
            lang=self._lang(),
            cancelled_late=self._cancelled_late,
            saved=self._report_note,
        )
