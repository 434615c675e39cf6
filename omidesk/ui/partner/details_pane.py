"""The selected company in full: owner, balance, package, dates, its API key (masked unless
shown on purpose, never copied anywhere) and its hotlines with their expiry."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.tenants import Expiry, Tenant, TenantDetails, expiry, format_money
from omidesk.ui.partner.colours import expiry_background
from omidesk.ui.partner.companies_model import CompaniesModel, local_date
from omidesk.ui.widgets import error_label

_WARNED = (Expiry.SOON, Expiry.EXPIRED)


class DetailsPane(QWidget):
    """What is known of one company: its list row at once, then tenant/info's details."""

    topUpRequested = Signal()

    def __init__(self, names: CompaniesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names = names  # words for statuses and dates, shared with the table
        self.details: TenantDetails | None = None
        self.tenant: Tenant | None = None

        self.title = QLabel()
        self.title.setObjectName("companyTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.values: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        for key in (
            "email",
            "phone",
            "status",
            "balance",
            "package",
            "effective",
            "expires",
            "domain",
            "api_key",
        ):
            label, value = QLabel(), QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setBuddy(value)
            self.labels[key], self.values[key] = label, value
            if key == "api_key":
                self.show_key = QToolButton()
                self.show_key.setCheckable(True)
                self.show_key.toggled.connect(self._show_key)
                row = QHBoxLayout()
                row.setContentsMargins(0, 0, 0, 0)
                row.addWidget(value, 1)
                row.addWidget(self.show_key)
                self.form.addRow(label, row)
            else:
                self.form.addRow(label, value)

        self.hotlines_label = QLabel()
        self.hotlines = QTableWidget(0, 3)
        self.hotlines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hotlines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hotlines.verticalHeader().setVisible(False)
        self.hotlines.setShowGrid(False)
        self.hotlines.setTabKeyNavigation(False)
        # Every column as wide as its text (an expiry's warning is longest in Vietnamese).
        self.hotlines.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.hotlines_label.setBuddy(self.hotlines)

        self.problem = error_label(selectable=True)
        self.top_up_button = QPushButton()
        self.top_up_button.clicked.connect(self.topUpRequested)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.hotlines_label)
        layout.addWidget(self.hotlines, 1)
        layout.addWidget(self.top_up_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()
        self.show_tenant(None)

    # --- what is shown --------------------------------------------------------------------

    def show_tenant(self, tenant: Tenant | None) -> None:
        """The list's row at once (the details follow when tenant/info answers)."""
        self.tenant = tenant
        self.details = None
        self.show_key.setChecked(False)
        self.problem.setVisible(False)
        has = tenant is not None
        for widget in (self.title, self.hotlines_label, self.hotlines, self.top_up_button):
            widget.setVisible(has)
        for key in self.values:
            self.labels[key].setVisible(has)
            self.values[key].setVisible(has)
        self.show_key.setVisible(False)
        self.empty.setVisible(not has)
        if tenant is None:
            return
        self.title.setText(tenant.full_name or tenant.email)
        self._fill(tenant)
        self.hotlines.setRowCount(0)

    def show_details(self, details: TenantDetails) -> None:
        if self.tenant is None or details.id != self.tenant.id:
            return  # the agent has moved on to another company meanwhile
        self.details = details
        self._fill(details)
        key = details.api_key
        self.show_key.setVisible(key is not None)
        self._show_key(self.show_key.isChecked())
        self._fill_hotlines(details)

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))

    def _fill(self, tenant: Tenant) -> None:
        names = self._names
        details = tenant if isinstance(tenant, TenantDetails) else None
        package = tenant.package or "—"
        if details is not None and details.service_package is not None:
            plan = details.service_package
            if plan.staff_num is not None:
                package = self.tr("{name} · {staff} staff").format(
                    name=plan.name or "—", staff=plan.staff_num
                )
        texts = {
            "email": tenant.email,
            "phone": details.phone if details is not None else "…",
            "status": names.status_text(tenant),
            "balance": format_money(tenant.balance, tenant.currency or "VND"),
            "package": package,
            "effective": local_date(details.effective_at) if details is not None else "…",
            "expires": names.expiry_text(tenant.expire_at),
            "domain": details.domain if details is not None else "…",
            "api_key": "…",
        }
        for key, text in texts.items():
            self.values[key].setText(text or "—")
        background = expiry_background(self.palette(), expiry(tenant.expire_at, names.now))
        self.values["expires"].setAutoFillBackground(background is not None)
        palette = self.values["expires"].palette()
        palette.setColor(
            QPalette.ColorRole.Window,
            background
            if background is not None
            else self.palette().color(QPalette.ColorRole.Window),
        )
        self.values["expires"].setPalette(palette)

    def _fill_hotlines(self, details: TenantDetails) -> None:
        now = datetime.now(UTC)
        numbers = details.public_numbers
        self.hotlines.setRowCount(len(numbers))
        base = QGuiApplication.palette()
        for row, number in enumerate(numbers):
            # The pane is narrow: the carrier goes in the number's tooltip, the expiry is the
            # date with its mark (the days left in its tooltip), tinted as in the table.
            state = expiry(number.expire_at, now)
            full = self._names.expiry_text(number.expire_at)
            short = local_date(number.expire_at) + (" ⚠" if state in _WARNED else "")
            cells = (number.number, number.status or "—", short)
            tips = (self.tr("Carrier: {carrier}").format(carrier=number.provider or "—"), "", full)
            for column, (text, tip) in enumerate(zip(cells, tips, strict=True)):
                item = QTableWidgetItem(text)
                if tip:
                    item.setToolTip(tip)
                if column == 2:
                    tint = expiry_background(base, state)
                    if tint is not None:
                        item.setBackground(tint)
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, full)
                self.hotlines.setItem(row, column, item)
        self.hotlines_label.setText(
            self.tr("&Hotlines ({count})").format(count=len(numbers))
            if numbers
            else self.tr("&Hotlines: none")
        )

    def _show_key(self, shown: bool) -> None:
        key = self.details.api_key if self.details is not None else None
        if key is None:
            self.values["api_key"].setText("—")
            return
        # Shown only while the button is down, and only on screen: never copied or stored.
        self.values["api_key"].setText(key.reveal() if shown else key.masked())
        self.show_key.setText(self.tr("Hide") if shown else self.tr("Show"))

    # --- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        words = {
            "email": self.tr("E-mail:"),
            "phone": self.tr("Owner's phone:"),
            "status": self.tr("Status:"),
            "balance": self.tr("Balance:"),
            "package": self.tr("Package:"),
            "effective": self.tr("Activated on:"),
            "expires": self.tr("Expires:"),
            "domain": self.tr("Domain:"),
            "api_key": self.tr("API key:"),
        }
        for key, text in words.items():
            self.labels[key].setText(text)
        self.show_key.setToolTip(self.tr("Show the company's API key on screen"))
        self.show_key.setAccessibleName(self.tr("Show the API key"))
        self.hotlines.setHorizontalHeaderLabels(
            [self.tr("Number"), self.tr("Status"), self.tr("Expires")]
        )
        self.hotlines.setAccessibleName(self.tr("Hotlines of the company"))
        self.top_up_button.setText(self.tr("&Top up this company…"))
        self.empty.setText(self.tr("Select a company to see its details."))
        if self.details is not None:
            self._fill(self.details)
            self._fill_hotlines(self.details)
            self._show_key(self.show_key.isChecked())
        elif self.tenant is not None:
            self._fill(self.tenant)
            self.hotlines_label.setText(self.tr("&Hotlines"))
        else:
            self.hotlines_label.setText(self.tr("&Hotlines"))
            self.show_key.setText(self.tr("Show"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
