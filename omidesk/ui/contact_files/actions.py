"""The window's actions for contact files: import (menu or drop on the contacts), export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from omidesk.domain import messages
from omidesk.domain.catalogue import explain
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.domain.errors import StorageError
from omidesk.ui import tasks
from omidesk.ui.contact_files.common import SUFFIXES, file_filter, grouped
from omidesk.ui.contact_files.import_dialog import ImportDialog
from omidesk.ui.workers import in_worker

if TYPE_CHECKING:
    from omidesk.ui.contacts_view import ContactsView
    from omidesk.usecases.export_contacts import ContactExport
    from omidesk.usecases.import_contacts import ContactImport, ImportReport


class ContactFiles(QObject):
    """The window's ways in and out for contact files: the import dialog (one at a time,
    from the menu or a file dropped on the contacts) and the export to CSV or vCard 4.0.
    The contacts view is refreshed after an import."""

    def __init__(
        self,
        importer: ContactImport,
        exporter: ContactExport,
        lang: Callable[[], str],
        window: QWidget,
        view: ContactsView | None = None,
    ) -> None:
        super().__init__(window)
        self.importer = importer
        self.exporter = exporter
        self._lang = lang
        self.window = window
        self.view = view
        self.dialog: ImportDialog | None = None
        self.message: QMessageBox | None = None
        self.folder = str(Path.home())
        self._exporting = False
        if view is not None:
            view.setAcceptDrops(True)
            view.installEventFilter(self)

    # --- import ------------------------------------------------------------------------------

    def choose_and_import(self) -> None:
        """Asks for a file, then previews it. (A slot: the file dialog runs its own loop.)"""
        if self._raise_dialog():
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import contacts"), self.folder, file_filter()
        )
        if path:
            self.import_path(path)

    def import_path(self, path: Path | str) -> ImportDialog:
        """Shows the import dialog for `path`; the open one is reused unless it is busy."""
        dialog = self.dialog
        if dialog is not None and dialog.busy:
            self._raise_dialog()
            return dialog
        self.folder = str(Path(path).parent)
        if dialog is None:
            dialog = ImportDialog(self.importer, self._lang, path, self.window)
            dialog.imported.connect(self._imported)
            dialog.finished.connect(self._dialog_finished)
            self.dialog = dialog
        else:
            dialog.set_path(path)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _raise_dialog(self) -> bool:
        dialog = self.dialog
        if dialog is None or not dialog.isVisible():
            return False
        dialog.raise_()
        dialog.activateWindow()
        return True

    def _imported(self, _report: ImportReport) -> None:
        if self.view is not None:
            self.view.refresh()

    def _dialog_finished(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        if dialog.busy:
            # Its import ends (cancelled) in a moment: the dialog goes once it has.
            dialog.idle.connect(dialog.deleteLater)
        else:
            dialog.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view:
            kind = event.type()
            if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, QDragMoveEvent
            ):
                if dropped_file(event.mimeData()) is not None:
                    event.acceptProposedAction()
                    return True
            elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
                path = dropped_file(event.mimeData())
                if path is not None:
                    event.acceptProposedAction()
                    self.import_path(path)
                    return True
        return super().eventFilter(watched, event)

    # --- export ------------------------------------------------------------------------------

    def choose_export(self) -> None:
        """Asks where to export, then exports in the background. (A slot, as above.)"""
        if self._exporting:
            return
        google = self.tr("Google CSV (*.csv)")
        vcard = self.tr("vCard 4.0 (*.vcf)")
        suggested = str(Path(self.folder) / "contacts.csv")
        path, chosen = QFileDialog.getSaveFileName(
            self.window, self.tr("Export contacts"), suggested, f"{google};;{vcard}"
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".csv", ".vcf", ".vcard"):
            # A name typed without its extension gets the one of the chosen format.
            target = target.with_name(target.name + (".vcf" if chosen == vcard else ".csv"))
        self.folder = str(target.parent)
        tasks.spawn(self.export_to(target), name="export contacts")

    async def export_to(self, path: Path) -> int | None:
        """Writes every contact to `path` (.csv: Google layout; .vcf: vCard 4.0) in a worker
        thread, then says how many, or why not. Returns the count, None on failure."""
        if self._exporting:
            return None
        self._exporting = True
        lang = self._lang()
        try:
            # In a worker: the export opens a store of its own (the window's connection
            # belongs to the Qt thread).
            count = await in_worker(lambda: self.exporter(Path(path)))
        except ContactFileError as error:
            problem = explain(error, lang)
            self._tell(QMessageBox.Icon.Warning, problem.message, problem.next_step)
            return None
        except StorageError as error:
            problem = explain(error, lang)
            self._tell(QMessageBox.Icon.Warning, problem.message, problem.next_step)
            return None
        finally:
            self._exporting = False
        text = messages.EXPORTED(lang, count=grouped(count, lang), path=path)
        self._tell(QMessageBox.Icon.Information, text, "")
        return count

    def _tell(self, kind: QMessageBox.Icon, text: str, detail: str) -> None:
        box = QMessageBox(self.window)
        box.setIcon(kind)
        box.setWindowTitle(self.tr("Export contacts"))
        box.setText(text)
        box.setInformativeText(detail)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        # Qt ships no Vietnamese for its standard buttons: name it ourselves.
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("OK"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._told)
        self.message = box
        # open(), never exec(): a nested event loop would break the qasync loop.
        box.open()

    def _told(self) -> None:
        self.message = None


def dropped_file(mime: QMimeData) -> Path | None:
    """The one local contacts file a drag carries, if that is what it carries."""
    urls = mime.urls() if mime.hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in SUFFIXES else None
