"""The import report's table: each skipped or flagged row, why, in the agent's language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from omidesk.domain import messages
from omidesk.domain.catalogue import explain

if TYPE_CHECKING:
    from omidesk.domain.contact_files.model import RowIssue
    from omidesk.usecases.import_contacts import ImportReport

_NO_PARENT = QModelIndex()


class IssuesModel(QAbstractTableModel):
    """The skipped and flagged rows of a report: row, name, reason in the agent's words,
    the row's cells. A model, not a table of items: a 100,000-row file can report thousands."""

    def __init__(self, report: ImportReport, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.issues: list[RowIssue] = report.rows()
        self.lang = lang
        self._reasons: dict[str, tuple[str, str]] = {}

    def set_language(self, lang: str) -> None:
        self.beginResetModel()
        self.lang = lang
        self._reasons.clear()
        self.endResetModel()

    def reason(self, code: str) -> tuple[str, str]:
        """The reason's message and next step, worded once per code."""
        if code not in self._reasons:
            problem = explain(code, self.lang)
            self._reasons[code] = (problem.message, problem.next_step)
        return self._reasons[code]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.issues)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(messages.IMPORT_REPORT_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            # The saved CSV's own column names: what the agent sees is what the file holds.
            return messages.IMPORT_REPORT_COLUMNS[section](self.lang)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        issue = self.issues[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return str(issue.row)
            if column == 1:
                return issue.name
            if column == 2:
                message, next_step = self.reason(issue.reason)
                # The column is narrower than some messages: the tooltip says it all.
                return message if role == Qt.ItemDataRole.DisplayRole else f"{message}\n{next_step}"
            return issue.detail
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
