"""The Companies window of the partner console: the partner's companies (listed page by
page, searchable, expiry tinted), the selected one in full, New company and Top up, the
ledger of top-ups, and the table exported to CSV. Without a partner key it asks for one."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.domain.tenants import Tenant
from omidesk.infra.keystore import KeyLocation
from omidesk.omicall.errors import OmiCallError
from omidesk.ui import tasks
from omidesk.ui.icons import icon
from omidesk.ui.partner.companies_model import CompaniesFilter, CompaniesModel
from omidesk.ui.partner.details_pane import DetailsPane
from omidesk.ui.partner.ledger_view import LedgerView
from omidesk.ui.partner.new_company import NewCompanyDialog
from omidesk.ui.partner.top_up import TopUpDialog
from omidesk.ui.theme import error_style
from omidesk.ui.widgets import SearchField, error_label

if TYPE_CHECKING:
    from omidesk.services import Services
    from omidesk.usecases.top_up import Outcome

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 120
KEY_PAGE, COMPANIES_PAGE = range(2)


class CompaniesWindow(QMainWindow):
    """One per app (MainWindow.open_companies raises the same one)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setMinimumSize(QSize(900, 560))
        self.load_task: asyncio.Task[None] | None = None
        self.details_task: asyncio.Task[None] | None = None
        self.dialog: QWidget | None = None
        self.problem_text = ""

        self.model = CompaniesModel(self)
        self.proxy = CompaniesFilter(self)
        self.proxy.setSourceModel(self.model)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._key_page())
        self.pages.addWidget(self._companies_page())
        self.setCentralWidget(self.pages)
        self._actions()
        self.retranslate()
        self._size_to_screen()

    # --- construction -------------------------------------------------------------------------

    def _key_page(self) -> QWidget:
        page = QWidget()
        self.key_intro = QLabel()
        self.key_intro.setWordWrap(True)
        self.key_field = QLineEdit()
        self.key_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_field.returnPressed.connect(self.save_key)
        self.key_label = QLabel()
        self.key_label.setBuddy(self.key_field)
        self.key_save = QPushButton()
        self.key_save.setDefault(True)
        self.key_save.clicked.connect(self.save_key)
        self.key_problem = error_label(selectable=True)
        row = QHBoxLayout()
        row.addWidget(self.key_field, 1)
        row.addWidget(self.key_save)
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(self.key_intro)
        column.addWidget(self.key_label)
        column.addLayout(row)
        column.addWidget(self.key_problem)
        column.addStretch(2)
        column.setContentsMargins(48, 24, 48, 24)
        return page

    def _companies_page(self) -> QWidget:
        page = QWidget()
        self.search = SearchField(SEARCH_DELAY_MS)
        self.search.settled.connect(self.apply_search)
        self.search.returnPressed.connect(self._focus_table)
        self.search.down.connect(self._focus_table)
        self.refresh_button = QToolButton()
        self.refresh_button.setIcon(icon("refresh"))
        self.refresh_button.clicked.connect(self.load)
        self.new_button = QPushButton(icon("contact-add"), "")
        self.new_button.clicked.connect(self.new_company)
        self.top_up_button = QPushButton()
        self.top_up_button.clicked.connect(self.top_up)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.choose_export)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.new_button)
        top.addWidget(self.top_up_button)
        top.addWidget(self.export_button)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(error_style() + " font-weight: bold;")
        self.banner.setVisible(False)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CompaniesModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        metrics = self.table.fontMetrics()
        header.setMinimumSectionSize(metrics.averageCharWidth() * 8)
        widths = {
            CompaniesModel.EMAIL: metrics.horizontalAdvance("cskh@dienmaygiadinh.vn") + 24,
            CompaniesModel.STATUS: metrics.horizontalAdvance("Activating…") + 24,
            CompaniesModel.BALANCE: metrics.horizontalAdvance("99.000.000 ₫") + 24,
            CompaniesModel.PACKAGE: metrics.horizontalAdvance("Enterprise") + 24,
            CompaniesModel.HOTLINES: metrics.horizontalAdvance("Hotlines") + 16,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _index: self.top_up())

        self.details = DetailsPane(self.model)
        self.details.topUpRequested.connect(self.top_up)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([840, 340])

        self.ledger = LedgerView(self.services.partner.ledger)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(splitter, icon("contacts"), "")
        self.tabs.addTab(self.ledger, icon("history"), "")
        self.tabs.currentChanged.connect(self._tab_changed)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop_loading)
        self.stop_button.setVisible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.stop_button)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.details)
        return page

    def _actions(self) -> None:
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)
        self.refresh_action = QAction(self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.load)
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_company)
        self.top_up_action = QAction(self)
        self.top_up_action.setShortcut(QKeySequence("Ctrl+T"))
        self.top_up_action.triggered.connect(self.top_up)
        self.export_action = QAction(self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.choose_export)
        self.close_action = QAction(self)
        self.close_action.setShortcut(QKeySequence.StandardKey.Close)
        self.close_action.triggered.connect(self.close)
        for action in (
            self.find_action,
            self.refresh_action,
            self.new_action,
            self.top_up_action,
            self.export_action,
            self.close_action,
        ):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)

    def _size_to_screen(self) -> None:
        """Room for every column and the details, within the screen on a small one."""
        width, height = 1180, 700
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, room.width() * 95 // 100)
            height = min(height, room.height() * 9 // 10)
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))

    # --- starting: the key, then the list ---------------------------------------------------

    def start(self) -> None:
        """Shows the list (loading it), or asks for the partner key if none is set."""
        partner = self.services.partner
        if not partner.api_key():
            self.pages.setCurrentIndex(KEY_PAGE)
            self.key_field.setFocus()
            return
        self.pages.setCurrentIndex(COMPANIES_PAGE)
        self.ledger.refresh()
        self.load()
        self.search.setFocus()

    def save_key(self) -> None:
        key = self.key_field.text().strip()
        if not key:
            self.key_problem.setText(self.tr("Paste the partner API key OMICall gave you."))
            self.key_problem.setVisible(True)
            return
        keystore = self.services.partner.keystore
        try:
            where = keystore.set(key)
        except OSError as exc:
            self.key_problem.setText(str(exc.strerror or exc))
            self.key_problem.setVisible(True)
            return
        self.key_field.clear()
        self.key_problem.setVisible(False)
        if where == KeyLocation.FILE:
            said = explain("partner_key_in_file", self.services.lang, path=keystore.fallback_file)
            self.show_status(f"{said.message} {said.next_step}")
        self.services.partner.configure()
        self.start()

    # --- listing ----------------------------------------------------------------------------

    def load(self) -> None:
        """Lists the companies again, page by page (each page shows as it arrives)."""
        if self.pages.currentIndex() != COMPANIES_PAGE:
            return
        self.stop_loading()
        selected = self.selected()
        self.model.clear()
        self.details.show_tenant(None)
        self.stop_button.setVisible(True)
        self.refresh_button.setEnabled(False)
        self.show_status(self.tr("Loading the companies…"))
        self.load_task = tasks.spawn(
            self._load(selected.id if selected else None), name="partner-list"
        )

    async def _load(self, reselect: str | None) -> None:
        partner = self.services.partner
        partner.configure()
        failure: OmiCallError | None = None
        try:
            async for page in partner.client.pages():
                self.model.append(page)
                self.show_status(
                    self.tr("Loading the companies… {count} so far").format(
                        count=self.model.rowCount()
                    )
                )
                if reselect is not None and self.selected() is None:
                    self.select(reselect)
        except OmiCallError as error:
            failure = error
        finally:
            self.load_task = None
            self.stop_button.setVisible(False)
            self.refresh_button.setEnabled(True)
        self._warn_if_not_partner()
        if failure is not None:
            said = explain(failure, self.services.lang)
            self.show_problem(f"{said.message} {said.next_step}")
            return
        self._count_status()

    def stop_loading(self) -> None:
        if self.load_task is not None:
            self.load_task.cancel()
            self.load_task = None
            self.stop_button.setVisible(False)
            self.refresh_button.setEnabled(True)
            self._count_status()

    def _count_status(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            text = (
                self.tr("1 company")
                if total == 1
                else self.tr("{count} companies").format(count=total)
            )
        else:
            text = self.tr("{shown} of {count} companies").format(shown=shown, count=total)
        self.show_status(text)

    def _warn_if_not_partner(self) -> None:
        client = self.services.partner.client
        if client.not_a_partner_key:
            said = explain("partner_not_partner_key", self.services.lang, value=client.access_type)
            self.banner.setText(f"{said.message} {said.next_step}")
        self.banner.setVisible(client.not_a_partner_key)

    def show_status(self, text: str) -> None:
        self.problem_text = ""
        self.status.setStyleSheet("")
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status.setText(text)

    def show_problem(self, text: str) -> None:
        self.problem_text = text
        self.status.setStyleSheet(error_style())
        self.status.setText(text)

    # --- search and selection ---------------------------------------------------------------

    def apply_search(self) -> None:
        self.proxy.set_text(self.search.text())
        if self.load_task is None and not self.problem_text:
            self._count_status()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _focus_table(self) -> None:
        self.table.setFocus()
        if self.proxy.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def selected(self) -> Tenant | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.tenant(self.proxy.mapToSource(rows[0]).row())

    def select(self, tenant_id: str) -> bool:
        row = self.model.row_of(tenant_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _selected(self, _now: QItemSelection, _before: QItemSelection) -> None:
        tenant = self.selected()
        self.details.show_tenant(tenant)
        if self.details_task is not None:
            self.details_task.cancel()
            self.details_task = None
        if tenant is not None:
            self.details_task = tasks.spawn(self._read(tenant.id), name="partner-info")

    async def _read(self, tenant_id: str) -> None:
        """The company in full; its fresh balance goes into the table too."""
        try:
            details = await self.services.partner.client.tenant(tenant_id)
        except OmiCallError as error:
            said = explain(error, self.services.lang)
            self.details.show_problem(f"{said.message} {said.next_step}")
            return
        finally:
            if self.details_task is asyncio.current_task():
                self.details_task = None
        self.model.replace(details)
        self.details.show_details(details)

    # --- New company, Top up ----------------------------------------------------------------

    def new_company(self) -> None:
        if self.pages.currentIndex() != COMPANIES_PAGE or self._dialog_open():
            return
        dialog = NewCompanyDialog(self.services, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()

    def top_up(self) -> None:
        if self.pages.currentIndex() != COMPANIES_PAGE or self._dialog_open():
            return
        dialog = TopUpDialog(self.services, self.model.tenants(), self.selected(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finishedTopUp.connect(self._topped_up)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _dialog_open(self) -> bool:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            return True
        return False

    def _dialog_closed(self, dialog: QWidget) -> None:
        if (
            isinstance(dialog, NewCompanyDialog)
            and dialog.outcome is not None
            and dialog.outcome.id
        ):
            self._reselect_after_load(dialog.outcome.id)
        if self.dialog is dialog:
            self.dialog = None

    def _reselect_after_load(self, tenant_id: str) -> None:
        self.load()
        task = self.load_task
        if task is not None:
            task.add_done_callback(lambda _task: self.select(tenant_id))

    def _topped_up(self, outcome: Outcome) -> None:
        self.ledger.refresh()
        selected = self.selected()
        if selected is not None:
            self._selected(QItemSelection(), QItemSelection())
        elif outcome.entry_id is not None:
            self.tabs.setCurrentWidget(self.ledger)

    # --- export -----------------------------------------------------------------------------

    def shown_tenants(self) -> list[Tenant]:
        """The rows as the table shows them: filtered and sorted."""
        rows = (
            self.proxy.mapToSource(self.proxy.index(r, 0)).row()
            for r in range(self.proxy.rowCount())
        )
        return [self.model.tenant(row) for row in rows]

    def choose_export(self) -> None:
        if self.pages.currentIndex() != COMPANIES_PAGE:
            return
        suggested = str(Path.home() / "companies.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the companies"), suggested, self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int | None:
        from omidesk.infra import contact_files  # noqa: PLC0415
        from omidesk.usecases.export_tenants import export_tenants  # noqa: PLC0415

        try:
            count = export_tenants(self.shown_tenants(), contact_files, path)
        except ContactFileError as error:
            said = explain(error, self.services.lang)
            self.show_problem(f"{said.message} {said.next_step}")
            return None
        self.show_status(
            self.tr("Exported 1 company to {path}.").format(path=path)
            if count == 1
            else self.tr("Exported {count} companies to {path}.").format(count=count, path=path)
        )
        return count

    # --- the window ----------------------------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.ledger:
            self.ledger.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        dialog = self.dialog
        if isinstance(dialog, NewCompanyDialog | TopUpDialog) and dialog.busy_sending():
            # A company or a top-up on its way: the window (and its dialog) stays until
            # it is known how it ended.
            event.ignore()
            dialog.raise_()
            dialog.activateWindow()
            return
        # Reads stop.
        self.stop_loading()
        if self.details_task is not None:
            self.details_task.cancel()
        super().closeEvent(event)

    def retranslate(self) -> None:
        demo = self.services.demo
        self.setWindowTitle(
            self.tr("Companies — OmiDesk partner (demo)")
            if demo
            else self.tr("Companies — OmiDesk partner")
        )
        self.key_intro.setText(
            self.tr(
                "<b>The partner console needs your partner API key.</b><br>It is the key "
                "OMICall gave your agency (its token says “bussiness”), not a company's key. "
                "It is kept in the system keyring, apart from the company's key."
            )
        )
        self.key_label.setText(self.tr("Partner &API key:"))
        self.key_field.setAccessibleName(self.tr("Partner API key"))
        self.key_save.setText(self.tr("&Save and open"))
        self.search.setPlaceholderText(self.tr("Search companies by name or e-mail (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search companies"))
        self.refresh_button.setToolTip(self.tr("List the companies again (F5)"))
        self.refresh_button.setAccessibleName(self.tr("Refresh"))
        self.new_button.setText(self.tr("&New company…"))
        self.new_button.setToolTip(self.tr("Create a company (Ctrl+N)"))
        self.top_up_button.setText(self.tr("&Top up…"))
        self.top_up_button.setToolTip(self.tr("Top up a company's wallet (Ctrl+T)"))
        self.export_button.setText(self.tr("E&xport CSV…"))
        self.export_button.setToolTip(self.tr("Save the table as a CSV file (Ctrl+E)"))
        self.table.setAccessibleName(self.tr("Companies"))
        self.tabs.setTabText(0, self.tr("&Companies"))
        self.tabs.setTabText(1, self.tr("Top-&ups"))
        self.stop_button.setText(self.tr("Stop"))
        self._size_expiry_column()
        if self.load_task is None and not self.problem_text:
            self._count_status()

    def _size_expiry_column(self) -> None:
        """Room for the longest expiry text in the current language ("… ⚠ đã hết hạn")."""
        from datetime import timedelta  # noqa: PLC0415

        now = self.model.now
        samples = (
            self.model.expiry_text(now - timedelta(days=400)),
            self.model.expiry_text(now + timedelta(days=6, hours=1)),
        )
        metrics = self.table.fontMetrics()
        width = max(metrics.horizontalAdvance(text) for text in samples) + 24
        self.table.horizontalHeader().resizeSection(CompaniesModel.EXPIRES, width)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
