"""The companies table's model: one row per company, expiry dates within the warning days
tinted (and marked ⚠, for those who do not see the colour), and a search filter that
ignores case and Vietnamese marks."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QGuiApplication

from omidesk.domain.contacts import fold
from omidesk.domain.tenants import ACTIVATED, Expiry, Tenant, expiry, format_money
from omidesk.ui.partner.colours import expiry_background

_Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def local_date(when: datetime | None) -> str:
    return when.astimezone().strftime("%Y-%m-%d") if when is not None else "—"


class CompaniesModel(QAbstractTableModel):
    """The companies as listed; rows arrive a page at a time (`append`)."""

    NAME, EMAIL, STATUS, BALANCE, PACKAGE, EXPIRES, HOTLINES = range(7)
    COUNT = 7

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Tenant] = []
        self.now = datetime.now(UTC)

    # --- contents -----------------------------------------------------------------------------

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.now = datetime.now(UTC)
        self.endResetModel()

    def append(self, tenants: list[Tenant]) -> None:
        if not tenants:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(tenants) - 1)
        self._rows.extend(tenants)
        self.endInsertRows()

    def replace(self, tenant: Tenant) -> None:
        """A company read again (its balance after a top-up, its activation)."""
        for row, current in enumerate(self._rows):
            if current.id == tenant.id:
                self._rows[row] = tenant
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.COUNT - 1))
                return
        self.append([tenant])

    def tenant(self, row: int) -> Tenant:
        return self._rows[row]

    def tenants(self) -> list[Tenant]:
        return list(self._rows)

    def row_of(self, tenant_id: str) -> int | None:
        return next((row for row, t in enumerate(self._rows) if t.id == tenant_id), None)

    # --- Qt ---------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Company"),
            self.tr("E-mail"),
            self.tr("Status"),
            self.tr("Balance"),
            self.tr("Package"),
            self.tr("Expires"),
            self.tr("Hotlines"),
        )[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        tenant = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(tenant, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(tenant, column)
        if role == SORT_ROLE:
            return self._sort_key(tenant, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.BALANCE, self.HOTLINES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.EXPIRES:
            return expiry_background(QGuiApplication.palette(), self.expiry_of(tenant))
        return None

    def expiry_of(self, tenant: Tenant) -> Expiry | None:
        return expiry(tenant.expire_at, self.now)

    def status_text(self, tenant: Tenant) -> str:
        if tenant.status == ACTIVATED:
            text = self.tr("Activated")
        elif tenant.status == "activating":
            text = self.tr("Activating…")
        else:
            text = tenant.status or "—"
        if tenant.enabled is False:
            text += " · " + self.tr("disabled")
        return text

    def expiry_text(self, when: datetime | None) -> str:
        state = expiry(when, self.now)
        if when is None or state is None:
            return "—"
        if state is Expiry.EXPIRED:
            return self.tr("{date} ⚠ expired").format(date=local_date(when))
        if state is Expiry.SOON:
            days = math.ceil((when - self.now) / timedelta(days=1))
            return self.tr("{date} ⚠ in {days} d").format(date=local_date(when), days=days)
        return local_date(when)

    def _text(self, tenant: Tenant, column: int) -> str:
        if column == self.NAME:
            return tenant.full_name
        if column == self.EMAIL:
            return tenant.email
        if column == self.STATUS:
            return self.status_text(tenant)
        if column == self.BALANCE:
            return format_money(tenant.balance, tenant.currency or "VND")
        if column == self.PACKAGE:
            return tenant.package or "—"
        if column == self.EXPIRES:
            return self.expiry_text(tenant.expire_at)
        return "—" if tenant.hotlines is None else str(tenant.hotlines)

    def _tooltip(self, tenant: Tenant, column: int) -> str | None:
        if column == self.EXPIRES:
            state = self.expiry_of(tenant)
            if state is Expiry.SOON:
                return self.tr("The service ends within a week: top it up or renew it.")
            if state is Expiry.EXPIRED:
                return self.tr("The service has ended.")
        if column in (self.NAME, self.EMAIL):
            return self._text(tenant, column)
        return None

    def _sort_key(self, tenant: Tenant, column: int) -> Any:
        if column == self.BALANCE:
            return tenant.balance if tenant.balance is not None else -math.inf
        if column == self.EXPIRES:
            return tenant.expire_at.timestamp() if tenant.expire_at is not None else math.inf
        if column == self.HOTLINES:
            return tenant.hotlines if tenant.hotlines is not None else -1
        return fold(self._text(tenant, column))


class CompaniesFilter(QSortFilterProxyModel):
    """Keeps the companies whose name, e-mail, status or package holds every word typed,
    without regard to case or Vietnamese marks ("pho ha noi" finds "Phở Hà Nội")."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        # Qt 6.10 replaced invalidate*Filter (now deprecated, a warning) with a pair of
        # calls around the change; older Qt has only the former.
        if hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            self._words = fold(text).split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = fold(text).split()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, CompaniesModel)
        tenant = model.tenant(source_row)
        haystack = fold(" ".join((tenant.full_name, tenant.email, tenant.status, tenant.package)))
        return all(word in haystack for word in self._words)
