"""The Campaigns tab: the campaigns used (by id, with the agent's names), their calls from
AutoCall with filters, Call back for a row, the call-back queue for a filter, and Push."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedLayout,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.autocall.calls import KEYS, CallFilter
from omidesk.domain.autocall.campaigns import Campaign
from omidesk.domain.autocall.errors import AutoCallError
from omidesk.domain.catalogue import explain
from omidesk.infra.keystore import KeyLocation
from omidesk.store.db import StoreError
from omidesk.ui import tasks
from omidesk.ui.campaigns.calls_model import CampaignCallsModel
from omidesk.ui.campaigns.queue_dialog import ControllerDialling, QueueDialog
from omidesk.ui.campaigns.small_dialogs import CampaignDialog, SecretDialog
from omidesk.ui.icons import icon
from omidesk.ui.settings_rows import warning_style
from omidesk.ui.widgets import store_error_box
from omidesk.usecases.autocall_results import sync_calls
from omidesk.usecases.callback_queue import CallbackQueue

if TYPE_CHECKING:
    from omidesk.domain.contacts import Contact
    from omidesk.services import Services
    from omidesk.ui.dial_controller import DialController

log = logging.getLogger(__name__)

ALL, ANSWERED, PRESSED, KEY, FAILED = "all", "answered", "pressed", "key", "failed"


class CampaignsView(QWidget):
    """Shows what is stored at once, and reads AutoCall's new calls in the background when a
    campaign is chosen (or Sync is pressed). Nothing here sends contacts: Push opens the
    dialog that checks and confirms first."""

    def __init__(
        self,
        services: Services,
        controller: DialController,
        *,
        selected_contact: Callable[[], Contact | None],
        hotline: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.controller = controller
        self._selected_contact = selected_contact
        self._hotline = hotline
        self.model = CampaignCallsModel(services.autocall_store, self)
        self.campaigns: list[Campaign] = []
        self._syncing = False
        self._synced_at: dict[str, float] = {}
        self._notice: tuple[str, dict[str, object], str | None] | None = None

        self.campaign_label = QLabel()
        self.campaign = QComboBox()
        self.campaign.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.campaign_label.setBuddy(self.campaign)
        self.campaign.currentIndexChanged.connect(self._campaign_changed)
        self.add_button = QToolButton()
        self.add_button.clicked.connect(self.add_campaign)
        self.rename_button = QToolButton()
        self.rename_button.setIcon(icon("edit"))
        self.rename_button.clicked.connect(self.rename_campaign)
        self.remove_button = QToolButton()
        self.remove_button.setIcon(icon("delete"))
        self.remove_button.clicked.connect(self.remove_campaign)
        self.secret_button = QPushButton()
        self.secret_button.clicked.connect(self.ask_secret)
        self.push_button = QPushButton(icon("campaign"), "")
        self.push_button.setObjectName("pushButton")
        self.push_button.clicked.connect(self.open_push)

        self.show_label = QLabel()
        self.filter = QComboBox()
        for code in (ALL, ANSWERED, PRESSED, KEY, FAILED):
            self.filter.addItem("", code)
        self.show_label.setBuddy(self.filter)
        self.key = QComboBox()
        for key in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#"):
            self.key.addItem(key, key)
        self.filter.currentIndexChanged.connect(self.apply_filter)
        self.key.currentIndexChanged.connect(self.apply_filter)
        self.sync_button = QToolButton()
        self.sync_button.setIcon(icon("refresh"))
        self.sync_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.sync_button.clicked.connect(self.sync)
        self.status = QLabel()

        self.notice = QLabel()
        self.notice.setObjectName("campaignNotice")
        self.notice.setWordWrap(True)
        self.notice.setMargin(6)
        self.notice.setStyleSheet(warning_style())
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setVisible(False)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(self._call_back_index)
        self.table.installEventFilter(self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CampaignCallsModel.CONTACT, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        metrics = self.table.fontMetrics()
        # The contact's name takes what room there is; the others what their text needs.
        for column, sample in (
            (CampaignCallsModel.TIME, "00/00/0000 00:00"),
            (CampaignCallsModel.NUMBER, "0000 000 0000"),
            (CampaignCallsModel.RESULT, "Failed: NO_ANSWER"),
            (CampaignCallsModel.KEYS, "0 0 0"),
            (CampaignCallsModel.CALLBACK, "Called back"),
        ):
            width = metrics.horizontalAdvance(sample) + 3 * metrics.averageCharWidth()
            if column == CampaignCallsModel.RESULT:
                width += 20  # its icon
            header.resizeSection(column, width)
        header.setMinimumSectionSize(metrics.averageCharWidth() * 6)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        self.call_back_button = QPushButton(icon("call"), "")
        self.call_back_button.clicked.connect(self.call_back_selected)
        self.queue_button = QPushButton()
        self.queue_button.clicked.connect(self.open_queue)

        top = QHBoxLayout()
        top.addWidget(self.campaign_label)
        top.addWidget(self.campaign, 1)
        for widget in (self.add_button, self.rename_button, self.remove_button):
            top.addWidget(widget)
        top.addStretch(0)
        top.addWidget(self.secret_button)
        top.addWidget(self.push_button)
        second = QHBoxLayout()
        second.addWidget(self.show_label)
        second.addWidget(self.filter)
        second.addWidget(self.key)
        second.addWidget(self.sync_button)
        second.addWidget(self.status, 1)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        bottom = QHBoxLayout()
        bottom.addWidget(self.call_back_button)
        bottom.addWidget(self.queue_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.notice)
        layout.addLayout(self.stack, 1)
        layout.addLayout(bottom)

        self.secret_button.setEnabled(not services.demo)
        self.model.modelReset.connect(self._update_state)
        self.model.rowsInserted.connect(self._update_state)
        self.reload_campaigns()
        self.retranslate()

    # --- campaigns -----------------------------------------------------------------------------

    @property
    def campaign_id(self) -> str | None:
        value = self.campaign.currentData()
        return value if isinstance(value, str) else None

    def reload_campaigns(self, select: str | None = None) -> None:
        current = select or self.campaign_id
        try:
            self.campaigns = self.services.autocall_store.campaigns()
        except StoreError as error:
            log.warning("cannot read the campaigns: %s", error.code)
            self.campaigns = []
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for campaign in self.campaigns:
            self.campaign.addItem(campaign.label, campaign.id)
        index = self.campaign.findData(current) if current else 0
        self.campaign.setCurrentIndex(max(index, 0) if self.campaigns else -1)
        self.campaign.blockSignals(False)
        self._campaign_changed()

    def _campaign_changed(self) -> None:
        self.apply_filter()
        campaign = self.campaign_id
        if campaign is not None and campaign not in self._synced_at and self.isVisible():
            self.sync()

    def add_campaign(self) -> None:
        self._open_campaign_dialog(None)

    def rename_campaign(self) -> None:
        campaign = next((c for c in self.campaigns if c.id == self.campaign_id), None)
        if campaign is not None:
            self._open_campaign_dialog(campaign)

    def _open_campaign_dialog(self, campaign: Campaign | None) -> None:
        dialog = CampaignDialog(campaign, self)
        dialog.saved.connect(self._save_campaign)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _save_campaign(self, campaign: Campaign) -> None:
        try:
            self.services.autocall_store.save_campaign(campaign)
        except StoreError as error:
            self._store_error(error)
            return
        self.reload_campaigns(select=campaign.id)

    def remove_campaign(self) -> None:
        campaign = self.campaign_id
        if campaign is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Remove the campaign"))
        box.setText(
            self.tr(
                "Remove campaign {campaign} from this list? Its calls and the push journal "
                "are kept; nothing changes on AutoCall."
            ).format(campaign=campaign)
        )
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered() -> None:
            if box.clickedButton() is remove:
                try:
                    self.services.autocall_store.remove_campaign(campaign)
                except StoreError as error:
                    self._store_error(error)
                    return
                self.reload_campaigns()

        box.finished.connect(answered)
        box.open()

    # --- the secret key ---------------------------------------------------------------------

    def ask_secret(self) -> None:
        dialog = SecretDialog(self)
        dialog.entered.connect(self._store_secret)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _store_secret(self, secret: str) -> None:
        keystore = self.services.autocall_keystore
        if keystore is None:
            return
        location = keystore.set(secret)
        if location == KeyLocation.FILE:
            self._show_notice("autocall_key_in_file", {"path": str(keystore.fallback_file)})
        else:
            self._notice = None
            self.notice.setVisible(False)
        self._synced_at.clear()
        self.sync()

    # --- filter and sync --------------------------------------------------------------------

    def current_filter(self) -> CallFilter:
        code = self.filter.currentData()
        if code == ANSWERED:
            return CallFilter(answered=True)
        if code == PRESSED:
            return CallFilter(pressed="any")
        if code == KEY:
            key = self.key.currentData()
            return CallFilter(pressed=key if key in KEYS else "1")
        if code == FAILED:
            return CallFilter(failed=True)
        return CallFilter()

    def apply_filter(self) -> None:
        self.key.setVisible(self.filter.currentData() == KEY)
        self.model.show(self.campaign_id, self.current_filter())
        if self.model.error is not None:
            self._show_notice(self.model.error.code, {"path": self.model.error.path})

    def sync(self) -> None:
        campaign = self.campaign_id
        if campaign is None or self._syncing:
            return
        problem = self.services.autocall_problem()
        if problem is not None:
            self._show_notice(problem.code, dict(problem.params))
            return
        self._syncing = True
        self.sync_button.setEnabled(False)
        self.status.setText(self.tr("Reading the calls from AutoCall…"))
        tasks.spawn(self._sync(campaign), name="autocall sync")

    async def _sync(self, campaign: str) -> None:
        services = self.services
        try:
            synced = await sync_calls(services.autocall, services.autocall_store, campaign)
        except AutoCallError as error:
            if shiboken6.isValid(self):
                params = {"campaign": campaign, **error.params}
                server_message = params.pop("server_message", None)
                self._show_notice(error.code, params, server_message)
            return
        except StoreError as error:
            if shiboken6.isValid(self):
                self._show_notice(error.code, {"path": error.path})
            return
        finally:
            if shiboken6.isValid(self):
                self._syncing = False
                self.sync_button.setEnabled(True)
        if not shiboken6.isValid(self):
            return
        log.info("synced %d calls of campaign %s", synced.calls, campaign)
        self._synced_at[campaign] = time.time()
        if self._notice is not None and self._notice[0].startswith("autocall_"):
            self._notice = None
            self.notice.setVisible(False)
        if campaign == self.campaign_id:
            self.apply_filter()

    def _show_notice(
        self, code: str, params: dict[str, object], server_message: str | None = None
    ) -> None:
        self._notice = (code, params, server_message)
        said = explain(code, self.services.lang, server_message=server_message, **params)
        self.notice.setText(f"{said.message} {said.next_step}")
        self.notice.setVisible(True)
        self._update_state()

    def _store_error(self, error: StoreError) -> None:
        box = store_error_box(
            self, error, self.services.lang, title=self.tr("Campaigns"), ok=self.tr("OK")
        )
        box.open()

    # --- push, call back, queue ------------------------------------------------------------

    def open_push(self) -> None:
        if not self.campaigns:
            self.add_campaign()
            return
        # On first use: the Push dialog brings the contact-file readers, which no start needs.
        from omidesk.ui.campaigns.push_dialog import PushDialog  # noqa: PLC0415

        dialog = PushDialog(
            self.services, self.campaigns, self.campaign_id, self._selected_contact(), self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.pushed.connect(self._after_push)
        dialog.resultsRequested.connect(self._show_campaign)
        dialog.show()

    def _after_push(self, campaign: str) -> None:
        self.reload_campaigns(select=self.campaign_id)
        if campaign == self.campaign_id:
            self.sync()

    def _show_campaign(self, campaign: str) -> None:
        index = self.campaign.findData(campaign)
        if index >= 0:
            self.campaign.setCurrentIndex(index)
        self.sync()

    def _dialling(self) -> ControllerDialling:
        return ControllerDialling(self.controller, self._hotline)

    def call_back_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._call_back_index(rows[0])

    def _call_back_index(self, index: QModelIndex) -> None:
        if not index.isValid() or self.controller.busy:
            return
        call = self.model.call_at(index.row())
        queue = CallbackQueue([call], self._dialling(), self.services.autocall_store)
        queue.position = 0  # a call-back asked for by hand, even of someone done before

        async def call_back() -> None:
            await queue.call()
            status = queue.outcomes.get(call.call_id)
            if status is not None and shiboken6.isValid(self):
                self.model.set_callback(call.call_id, status)

        tasks.spawn(call_back(), name="call back")

    def open_queue(self) -> None:
        try:
            calls = self.model.every_call()
        except StoreError as error:
            self._store_error(error)
            return
        if not calls:
            return
        queue = CallbackQueue(calls, self._dialling(), self.services.autocall_store)
        title = f"{self.campaign.currentText()} — {self.filter.currentText()}"
        if self.filter.currentData() == KEY:
            title += f" {self.key.currentText()}"
        dialog = QueueDialog(queue, title, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.called.connect(self.model.set_callback)
        dialog.show()

    # --- state ------------------------------------------------------------------------------

    def _update_state(self) -> None:
        has_campaign = self.campaign_id is not None
        rows = self.model.rowCount()
        if not has_campaign:
            self.empty.setText(
                self.tr(
                    "No campaign yet. Add one with its id from aicallcenter.vn (the + button), "
                    "then push contacts into it and read who answered."
                )
            )
        elif not rows:
            self.empty.setText(self.tr("No calls to show."))
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        for widget in (self.rename_button, self.remove_button, self.sync_button, self.filter):
            widget.setEnabled(
                has_campaign and (widget is not self.sync_button or not self._syncing)
            )
        self.queue_button.setEnabled(bool(rows))
        self.queue_button.setText(
            self.tr("Call-back &queue ({count})…").format(count=self.model.total)
        )
        campaign = self.campaign_id
        if has_campaign and not self._syncing:
            synced = self._synced_at.get(campaign or "")
            when = time.strftime("%H:%M", time.localtime(synced)) if synced else None
            text = self.tr("Calls: {count}").format(count=self.model.total)
            if when:
                text += " — " + self.tr("read from AutoCall at {time}").format(time=when)
            self.status.setText(text)
        self._update_actions()

    def _update_actions(self) -> None:
        selected = bool(self.table.selectionModel().selectedRows())
        self.call_back_button.setEnabled(selected)

    # --- language, events -------------------------------------------------------------------

    def retranslate(self) -> None:
        self.campaign_label.setText(self.tr("C&ampaign:"))
        self.campaign.setAccessibleName(self.tr("Campaign"))
        self.add_button.setText("+")
        self.add_button.setToolTip(self.tr("Add a campaign by its id"))
        self.add_button.setAccessibleName(self.tr("Add a campaign"))
        self.rename_button.setToolTip(self.tr("Rename the campaign"))
        self.rename_button.setAccessibleName(self.tr("Rename the campaign"))
        self.remove_button.setToolTip(self.tr("Remove the campaign from this list"))
        self.remove_button.setAccessibleName(self.tr("Remove the campaign"))
        self.secret_button.setText(self.tr("Secret &key…"))
        self.secret_button.setToolTip(
            self.tr("AutoCall's secret key, from your profile on aicallcenter.vn")
        )
        self.push_button.setText(self.tr("&Push contacts…"))
        self.push_button.setToolTip(
            self.tr("Push contacts into the campaign: checked and shown before anything is sent")
        )
        self.show_label.setText(self.tr("Sho&w:"))
        labels = {
            ALL: self.tr("All calls"),
            ANSWERED: self.tr("Answered"),
            PRESSED: self.tr("Pressed a key"),
            KEY: self.tr("Pressed the key"),
            FAILED: self.tr("Failed"),
        }
        for index in range(self.filter.count()):
            self.filter.setItemText(index, labels[self.filter.itemData(index)])
        self.filter.setAccessibleName(self.tr("Which calls to show"))
        self.key.setAccessibleName(self.tr("Key pressed"))
        self.sync_button.setText(self.tr("S&ync"))
        self.sync_button.setToolTip(self.tr("Read the new calls from AutoCall"))
        self.table.setAccessibleName(self.tr("Campaign calls"))
        self.table.setAccessibleDescription(
            self.tr("Enter calls the selected customer back through click2call.")
        )
        self.call_back_button.setText(self.tr("&Call back"))
        self.call_back_button.setToolTip(self.tr("Call the selected customer back (Enter)"))
        self.notice.setAccessibleName(self.tr("Campaign problem"))
        self.model.retranslate()
        if self._notice is not None:
            self._show_notice(*self._notice)
        self._update_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        campaign = self.campaign_id
        if campaign is not None and campaign not in self._synced_at:
            self.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.call_back_selected()
                return True
        return super().eventFilter(watched, event)
