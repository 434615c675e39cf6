"""The push dialog's second step: what the checks found (a preview of what will be sent,
what will not and why), and the confirmation that states the count and what it starts."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.autocall.campaigns import Campaign
from omidesk.domain.autocall.push import PushPlan
from omidesk.domain.catalogue import explain
from omidesk.ui.campaigns.calls_model import number_label
from omidesk.ui.settings_rows import warning_style

# Rows shown in each table: a preview, not the list (the counts above say how many).
PREVIEW_ROWS = 500


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def _cell(text: str) -> QTableWidgetItem:
    """A cell whose whole text is its tooltip: a reason or the other fields are cut to the
    column's width (the rows do not wrap)."""
    item = QTableWidgetItem(text)
    if text:
        item.setToolTip(text)
    return item


class CheckPage(QWidget):
    """Shows a PushPlan: counts, the first rows to send, every row kept back with its reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: PushPlan | None = None
        self.campaign: Campaign | None = None
        self.lang = "en"
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.to_send = _table(5)
        self.kept_back = _table(3)
        self.tabs.addTab(self.to_send, "")
        self.tabs.addTab(self.kept_back, "")
        self.confirm = QLabel()
        self.confirm.setObjectName("pushConfirm")
        self.confirm.setWordWrap(True)
        self.confirm.setMargin(8)
        self.confirm.setStyleSheet(warning_style())
        column = QVBoxLayout(self)
        column.addWidget(self.summary)
        column.addWidget(self.tabs, 1)
        column.addWidget(self.confirm)

    def show_plan(self, plan: PushPlan, campaign: Campaign, lang: str) -> None:
        self.plan, self.campaign, self.lang = plan, campaign, lang
        self.to_send.setRowCount(min(len(plan.to_send), PREVIEW_ROWS))
        for row, contact in enumerate(plan.to_send[:PREVIEW_ROWS]):
            shown = number_label(contact.phone_number)  # as the contact list shows it
            if contact.converted_from:
                shown += f" ← {contact.converted_from}"
            fields = ", ".join(f"{key}: {value}" for key, value in contact.fields)
            cells: tuple[str, ...] = (
                shown,
                contact.name,
                contact.title,
                contact.otp_code or "",
                fields,
            )
            for column, text in enumerate(cells):
                self.to_send.setItem(row, column, _cell(text))
        self.kept_back.setRowCount(min(len(plan.invalid), PREVIEW_ROWS))
        for row, item in enumerate(plan.invalid[:PREVIEW_ROWS]):
            reason = explain(item.reason, lang, **item.params).message
            cells = (str(item.row) if item.row else "", item.input.strip() or "—", reason)
            for column, text in enumerate(cells):
                self.kept_back.setItem(row, column, _cell(text))
        self.to_send.resizeColumnsToContents()
        self.kept_back.resizeColumnsToContents()
        self.tabs.setCurrentIndex(0 if plan.to_send or not plan.invalid else 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.to_send.setHorizontalHeaderLabels(
            [
                self.tr("Number"),
                self.tr("Name"),
                self.tr("Title"),
                self.tr("OTP"),
                self.tr("Other fields"),
            ]
        )
        self.kept_back.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Given"), self.tr("Reason")]
        )
        self.to_send.setAccessibleName(self.tr("Contacts to push"))
        self.kept_back.setAccessibleName(self.tr("Contacts not sent"))
        plan, campaign = self.plan, self.campaign
        if plan is None or campaign is None:
            return
        self.tabs.setTabText(0, self.tr("To push ({count})").format(count=len(plan.to_send)))
        self.tabs.setTabText(1, self.tr("Not sent ({count})").format(count=len(plan.invalid)))
        lines = [
            self.tr("Contacts to push: <b>{count}</b> of {total}.").format(
                count=len(plan.to_send), total=plan.total
            )
        ]
        if plan.invalid:
            lines.append(
                self.tr("Not valid, not sent: {count} (see Not sent).").format(
                    count=len(plan.invalid)
                )
            )
        if plan.duplicates:
            lines.append(
                self.tr("Duplicate numbers dropped (the first of each kept): {count}.").format(
                    count=plan.duplicates
                )
            )
        if plan.already_pushed:
            shown = ", ".join(plan.already_pushed[:10]) + (
                ", …" if len(plan.already_pushed) > 10 else ""
            )
            lines.append(
                self.tr("Already pushed to this campaign, skipped ({count}): {numbers}").format(
                    count=len(plan.already_pushed), numbers=shown
                )
            )
        if len(plan.to_send) > PREVIEW_ROWS:
            lines.append(
                self.tr("Only the first {count} are listed below.").format(count=PREVIEW_ROWS)
            )
        self.summary.setText("<br>".join(lines))
        name = f"{campaign.id} “{campaign.name}”" if campaign.name else campaign.id
        if len(plan.to_send) == 1:
            self.confirm.setText(
                self.tr(
                    "Push 1 contact into campaign {campaign}? If the campaign is running, "
                    "AutoCall starts calling it at once. A batch whose answer is lost is "
                    "never sent again."
                ).format(campaign=name)
            )
        elif plan.to_send:
            self.confirm.setText(
                self.tr(
                    "Push {count} contacts into campaign {campaign}? If the campaign is "
                    "running, AutoCall starts calling them at once. A batch whose answer is "
                    "lost is never sent again."
                ).format(count=len(plan.to_send), campaign=name)
            )
        else:
            self.confirm.setText(self.tr("Nothing to push: every contact is listed above."))
