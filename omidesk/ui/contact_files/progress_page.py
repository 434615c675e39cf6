"""The import's progress step: the file being read, a bar of the rows read, what Cancel does."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from omidesk.ui.contact_files.common import grouped, rounded


class ProgressPage(QWidget):
    """While a file imports: its name, the rows read of the rows estimated, and a reminder
    that the main window stays usable and that Cancel leaves the contacts as they were."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
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

    def retranslate(self) -> None:
        self.progress_bar.setAccessibleName(self.tr("Import progress"))

    def show_progress(
        self, name: str, done: int, total: int, *, cancelling: bool, lang: str
    ) -> None:
        """Shows `done` rows read of about `total` in file `name`, or that the import is
        cancelling."""
        self.progress_title.setText(self.tr("Importing {file}…").format(file=name))
        self.progress_hint.setText(
            self.tr(
                "You can keep working in the main window. Cancel leaves your contacts as they were."
            )
        )
        bar = self.progress_bar
        # The contacts are saved a batch at a time as the rows are read: one bar, the rows.
        self.progress_label.setAccessibleName(self.tr("Rows read"))
        if cancelling:
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
