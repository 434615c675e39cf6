"""The Top-ups tab: the local ledger, newest first, an unknown outcome standing out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.tenants import Expiry, LedgerEntry, TopUpStatus, Wallet, format_vnd
from omidesk.store.db import StoreError
from omidesk.ui.partner.colours import expiry_background

if TYPE_CHECKING:
    from omidesk.store.ledger import LedgerStore


class LedgerView(QWidget):
    """A short table (the ledger grows by a top-up at a time): read whole on refresh."""

    def __init__(self, ledger: LedgerStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.entries: list[LedgerEntry] = []
        self.table = QTableWidget(0, 7)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.retranslate()

    def refresh(self) -> None:
        try:
            self.entries = self.ledger.recent()
        except StoreError as error:
            self.note.setText(error.code)
            return
        self._fill()

    def status_text(self, entry: LedgerEntry) -> str:
        words = {
            TopUpStatus.SENDING: self.tr("sending…"),
            TopUpStatus.DONE: self.tr("done"),
            TopUpStatus.REFUSED: self.tr("not done"),
            TopUpStatus.UNKNOWN: self.tr("unknown — check the balance before trying again"),
        }
        text = words[entry.status]
        return f"{text} ({entry.error})" if entry.error else text

    def _fill(self) -> None:
        self.table.setRowCount(len(self.entries))
        palette = QGuiApplication.palette()
        for row, entry in enumerate(self.entries):
            when = datetime.fromtimestamp(entry.created_at, UTC).astimezone()
            wallet = (
                self.tr("service (SPK)")
                if entry.wallet is Wallet.SERVICE
                else self.tr("call (NORMAL)")
            )
            cells = (
                str(entry.id),
                when.strftime("%Y-%m-%d %H:%M"),
                entry.company or entry.email,
                entry.email,
                format_vnd(entry.amount),
                wallet,
                self.status_text(entry),
            )
            unsettled = entry.status in (TopUpStatus.UNKNOWN, TopUpStatus.SENDING)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 4):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 6:
                    item.setToolTip(entry.description)
                    if unsettled:
                        # The same tint as a service about to end: look at this one.
                        tint = expiry_background(palette, Expiry.SOON)
                        if tint is not None:
                            item.setBackground(tint)
                self.table.setItem(row, column, item)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("#"),
                self.tr("Time"),
                self.tr("Company"),
                self.tr("E-mail"),
                self.tr("Amount"),
                self.tr("Wallet"),
                self.tr("Outcome"),
            ]
        )
        self.table.setAccessibleName(self.tr("Top-ups made from this computer"))
        self.note.setText(
            self.tr(
                "Every top-up is written here before it is sent. One whose outcome is "
                "unknown was never sent again: check the company's balance first."
            )
        )
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
