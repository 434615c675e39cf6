"""The import's report step: what was imported, merged, flagged, skipped, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from omidesk.ui.contact_files.common import grouped, title_font
from omidesk.ui.contact_files.issues_model import IssuesModel
from omidesk.ui.theme import error_style

if TYPE_CHECKING:
    from omidesk.usecases.import_contacts import ImportReport


class ReportPage(QWidget):
    """The end of an import: a count of each outcome with what it means, the rows to look at
    (a table of the skipped and flagged rows), and where the report was saved, or why not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.report_title = QLabel()
        self.report_title.setWordWrap(True)
        self.report_title.setFont(title_font(self.report_title))
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

    def retranslate(self) -> None:
        self.issues_view.setAccessibleName(self.tr("Rows skipped or flagged"))
        self.report_note.setAccessibleName(self.tr("Report file"))

    def set_language(self, lang: str) -> None:
        """Words the reasons of the rows shown in `lang`."""
        model = self.issues_view.model()
        if isinstance(model, IssuesModel) and model.lang != lang:
            model.set_language(lang)

    def fill(self, report: ImportReport, lang: str) -> None:
        """Puts the rows of a new report in the table, sized to show what matters."""
        model = IssuesModel(report, lang, self.issues_view)
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

    def show_report(
        self,
        report: ImportReport,
        *,
        file_name: str,
        cards: bool,
        lang: str,
        cancelled_late: bool,
        saved: tuple[str, str] | None,
    ) -> None:
        """Says what `report` found in `file_name` (`cards`: a vCard, whose contacts are
        numbered as cards, not rows), and `saved`: ("saved" | "failed", text) once the agent
        saved the report."""
        self.counts.setVisible(not report.cancelled)
        self.issues_label.setVisible(not report.cancelled)
        self.issues_view.setVisible(not report.cancelled and bool(report.rows()))
        if report.cancelled:
            self.report_title.setText(self.tr("Import cancelled: nothing was imported."))
        else:
            if report.total == 1:
                title = (
                    self.tr("Import finished: 1 contact read from {file}.")
                    if cards
                    else self.tr("Import finished: 1 row read from {file}.")
                )
            else:
                title = (
                    self.tr("Import finished: {total} contacts read from {file}.")
                    if cards
                    else self.tr("Import finished: {total} rows read from {file}.")
                )
            self.report_title.setText(
                title.format(total=grouped(report.total, lang), file=file_name)
            )
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
        if cancelled_late:
            note = self.tr("The contacts were already being saved when you cancelled.")
        if saved is not None:
            kind, note = saved
            style = error_style() if kind == "failed" else ""
        self.report_note.setText(note)
        self.report_note.setStyleSheet(style)
        self.report_note.setVisible(bool(note))
