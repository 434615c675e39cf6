"""The main window: dial field and pad, hotline, call status, contacts and recent calls."""

from __future__ import annotations

import logging
from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from omidesk import __version__
from omidesk.ui import i18n
from omidesk.ui.dial_pad import DialField, DialPad, hint_for
from omidesk.ui.icons import icon
from omidesk.ui.status_panel import StatusPanel
from omidesk.ui.theme import apply_theme, call_button_style, error_style, note_style

if TYPE_CHECKING:
    # Events only as the handlers' types: each Qt type costs PySide6 set-up time when
    # first imported, which the first paint would wait for.
    from PySide6.QtGui import QCloseEvent, QKeyEvent, QPaintEvent, QShowEvent

    from omidesk.domain.settings import Settings
    from omidesk.services import Services
    from omidesk.ui.call_outcomes import CallOutcomes
    from omidesk.ui.campaigns.view import CampaignsView
    from omidesk.ui.contact_files.actions import ContactFiles
    from omidesk.ui.contacts_view import ContactsView
    from omidesk.ui.dial_controller import DialController
    from omidesk.ui.dial_suggest import SuggestionList
    from omidesk.ui.lazy_tab import LazyTab
    from omidesk.ui.recents_view import RecentsView
    from omidesk.usecases.dial import Outcome
    from omidesk.usecases.dial_search import Suggestion

log = logging.getLogger(__name__)


def _english() -> str:
    """The language before the services (and the settings) are loaded."""
    return "en"


def _tab_stops(page: QWidget) -> list[QWidget]:
    """The controls of `page` that Tab stops at, in the order they were made (as laid
    out: a search field, its buttons, the list)."""
    return [
        widget
        for widget in page.findChildren(QWidget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
        and not isinstance(widget.parentWidget(), QLineEdit)  # a field's clear button
    ]


class MainWindow(QMainWindow):
    """Built empty and painted first; `attach()` then brings the services (store, network),
    so the window appears before the heavy parts are loaded."""

    firstPainted = Signal()
    settingsRequested = Signal()
    demoRequested = Signal()
    hiddenToTray = Signal()

    def __init__(self, *, demo: bool = False, state_file: str | None = None) -> None:
        super().__init__()
        self.services: Services | None = None
        self.controller: DialController | None = None
        self.contacts: ContactsView | None = None
        self.recents: RecentsView | None = None
        self.outcomes: CallOutcomes | None = None  # how calls ended (issue 15)
        self.contact_files: ContactFiles | None = None
        self.campaigns: CampaignsView | None = None  # AutoCall campaigns (issue 17)
        self.campaigns_tab: LazyTab | None = None  # its tab, the page built when first shown
        self.painted = False
        self.settings_dialog: QWidget | None = None
        self.companies: QWidget | None = None  # the partner console's window, once opened
        self._quitting = False
        self.hide_to_tray = False  # set by the app when a system tray shows OmiDesk
        self._state_file = state_file
        self._demo = demo
        self.setWindowIcon(icon("app"))
        self._pad_choice: bool | None = None  # the agent's View > Dial pad, once chosen
        self._follows_screen = False
        self._build()
        self._paint_colours()
        self._build_menus()
        self.retranslate()
        self._restore_geometry()
        self.fit_screen()
        self.dial_field.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- construction ---------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 8, 8, 8)

        self.banner = QLabel()
        self.banner.setObjectName("demoBanner")
        self.banner.setWordWrap(True)
        outer.addWidget(self.banner)
        # Shown once in the layout: shown before, it became a window of its own for a
        # moment (a native window made and dropped: ~12 ms before the first paint).
        self.banner.setVisible(self._demo)

        # Until an account is set up: said once, at the top, with the way to do it.
        self.setup_row = QFrame()
        self.setup_row.setObjectName("setupBanner")
        self.setup_row.setFrameShape(QFrame.Shape.StyledPanel)
        self.setup_row.setAutoFillBackground(True)
        self.setup_row.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        setup_layout = QHBoxLayout(self.setup_row)
        setup_layout.setContentsMargins(8, 4, 8, 4)
        self.setup_banner = QLabel()
        self.setup_banner.setWordWrap(True)
        self.setup_button = QPushButton(icon("settings"), "")
        self.setup_button.clicked.connect(self.settingsRequested.emit)
        setup_layout.addWidget(self.setup_banner, 1)
        setup_layout.addWidget(self.setup_button)
        self.setup_row.setVisible(False)
        outer.addWidget(self.setup_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 8, 0)
        self.dial_field = DialField()
        self.dial_field.returnPressed.connect(self.dial_from_field)
        self.dial_field.textChanged.connect(self._text_set)
        self.dial_field.textEdited.connect(self._on_edited)
        self.dial_field.cleared.connect(self._on_cleared)
        column.addWidget(self.dial_field)
        # The drop-down under the field: built on first use (see `suggestions`).
        self._suggestions: SuggestionList | None = None
        self.dial_field.on_key(self._repeat_key)
        self.hint = QLabel()
        self.hint.setObjectName("dialHint")
        self.hint.setWordWrap(True)
        column.addWidget(self.hint)

        hotline_row = QHBoxLayout()
        self.hotline_label = QLabel()
        self.hotline = QComboBox()
        self.hotline.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.hotline_label.setBuddy(self.hotline)
        self.refresh_hotlines = QToolButton()
        self.refresh_hotlines.setIcon(icon("refresh"))
        self.refresh_hotlines.clicked.connect(self.fetch_hotlines)
        hotline_row.addWidget(self.hotline_label)
        hotline_row.addWidget(self.hotline, 1)
        hotline_row.addWidget(self.refresh_hotlines)
        column.addLayout(hotline_row)

        self.pad = DialPad()
        self.pad.pressed.connect(self.dial_field.insert_key)
        self.pad.backspace.connect(self.dial_field.backspace_key)
        column.addWidget(self.pad)

        self.call_button = QPushButton(icon("call"), "")
        self.call_button.setObjectName("callButton")
        self.call_button.setMinimumHeight(48)
        self.call_button.setIconSize(QSize(24, 24))
        self.call_button.clicked.connect(self.dial_from_field)
        column.addWidget(self.call_button)

        self.status = StatusPanel()
        self.status.confirmRepeat.connect(self._confirm_repeat)
        self.status.openSettings.connect(self.settingsRequested.emit)
        column.addWidget(self.status)
        column.addStretch(1)
        # The dial pane scrolls when the screen is too short for it: every control can be
        # reached on any screen, and nothing is drawn over anything else.
        self.left_scroll = QScrollArea()
        self.left_scroll.setObjectName("dialPane")
        self.left_scroll.setWidget(left)
        self.left_scroll.setWidgetResizable(True)
        self.left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.left_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        splitter.addWidget(self.left_scroll)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # Shown until attach() brings the real views, right after the first paint.
        self._placeholders = [QLabel(), QLabel()]
        for placeholder, name in zip(self._placeholders, ("contacts", "history"), strict=True):
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tabs.addTab(placeholder, icon(name), "")
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 560])
        self.splitter = splitter
        self.setCentralWidget(central)

        self._order_tabs()

    @property
    def suggestions(self) -> SuggestionList:
        """The drop-down under the dial field, built when first needed (at the latest when
        the services are attached, which give it its search), not before the first paint:
        its list view's Qt types cost PySide6 ~15 ms to set up."""
        if self._suggestions is None:
            from omidesk.ui.dial_suggest import SuggestionList  # noqa: PLC0415

            # It floats over the window under the field (built after it, so on top).
            suggestions = SuggestionList(self.dial_field, _english, self)
            suggestions.updated.connect(self._on_suggestions)
            # Queued: the list's model is emptied as the call starts, which must not happen
            # inside the view's own mouse handling (it goes on using the clicked index).
            suggestions.activated.connect(self._dial_suggestion, Qt.ConnectionType.QueuedConnection)
            self._suggestions = suggestions
        return self._suggestions

    def _order_tabs(self) -> None:
        """Field → Call → the status panel's buttons → the list's view → the tabs → the
        hotline: what an agent goes to most, first. The pad is out of the chain."""
        chain: list[QWidget] = [
            self.dial_field,
            self.call_button,
            self.status.copy,
            self.status.again,
            self.status.cancel,
        ]
        # Each page's controls as they are laid out, top to bottom (only the shown page's
        # are reachable): its search field, its buttons, its list.
        for view in (self.contacts, self.recents):
            if view is not None:
                chain += _tab_stops(view)
        # The tab widget hands its focus to its bar: both sit here, or the bar loops back.
        chain.append(self.tabs)
        if self.services is not None:
            # Once attached: asking for the tab bar first costs PySide6 ~6 ms of set-up,
            # which the first paint would wait for (the views come at attach anyway).
            chain.append(self.tabs.tabBar())
        chain += [self.hotline, self.refresh_hotlines]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.app_menu = bar.addMenu("")
        self.settings_action = QAction(icon("settings"), "", self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.settingsRequested.emit)
        self.quit_action = QAction("", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.quit)
        self.import_action = QAction("", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_contacts)
        self.export_action = QAction("", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_contacts)
        self.app_menu.addAction(self.import_action)
        self.app_menu.addAction(self.export_action)
        self.app_menu.addSeparator()
        # The partner console (issue 18): shown when a partner key is set.
        self.companies_action = QAction(icon("contacts"), "", self)
        self.companies_action.triggered.connect(self.open_companies)
        self.companies_action.setVisible(False)
        self.app_menu.addAction(self.companies_action)
        self.app_menu.aboutToShow.connect(self._update_partner_menu)
        self.app_menu.addAction(self.settings_action)
        self.app_menu.addSeparator()
        self.app_menu.addAction(self.quit_action)

        self.view_menu = bar.addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("en", "English"), ("vi", "Tiếng Việt")):
            action = QAction(name, self, checkable=True)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.view_menu.addSeparator()
        self.contacts_action = QAction(icon("search"), "", self)
        self.contacts_action.setShortcut(QKeySequence.StandardKey.Find)
        self.contacts_action.triggered.connect(self.focus_contacts)
        self.recents_action = QAction(icon("history"), "", self)
        self.recents_action.setShortcut(QKeySequence("Ctrl+R"))
        self.recents_action.triggered.connect(self.focus_recents)
        self.dial_action = QAction(icon("call"), "", self)
        self.dial_action.setShortcut(QKeySequence("Ctrl+L"))
        self.dial_action.triggered.connect(self.focus_dial_field)
        for action in (self.dial_action, self.contacts_action, self.recents_action):
            self.view_menu.addAction(action)
        # AutoCall campaigns (issue 17): the tab, and pushing from anywhere in the window.
        self.campaigns_action = QAction(icon("campaign"), "", self)
        self.campaigns_action.setShortcut(QKeySequence("Ctrl+M"))
        self.campaigns_action.triggered.connect(self.focus_campaigns)
        self.view_menu.addAction(self.campaigns_action)
        self.push_action = QAction(icon("campaign"), "", self)
        self.push_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.push_action.triggered.connect(self.push_to_campaign)
        menu = self.app_menu.actions()
        self.app_menu.insertAction(menu[menu.index(self.export_action) + 1], self.push_action)
        self.view_menu.addSeparator()
        self.pad_action = QAction("", self, checkable=True)
        self.pad_action.setChecked(True)
        self.pad_action.triggered.connect(self._choose_pad)
        self.view_menu.addAction(self.pad_action)

        self.help_menu = bar.addMenu("")
        self.shortcuts_action = QAction("", self)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.help_menu.addAction(self.shortcuts_action)
        self.shortcuts_dialog: QWidget | None = None
        self.about_action = QAction(icon("app"), "", self)
        self.about_action.triggered.connect(self._about)
        self.help_menu.addAction(self.about_action)

    # --- services arrive after the first paint ----------------------------------------

    def attach(self, services: Services, controller: DialController) -> None:
        from omidesk.ui.contact_files.actions import ContactFiles  # noqa: PLC0415
        from omidesk.ui.contacts_view import ContactsView  # noqa: PLC0415
        from omidesk.ui.recents_view import RecentsView  # noqa: PLC0415

        self.services = services
        self.controller = controller
        StatusPanel.language = services.lang
        controller.started.connect(self._on_started)
        self.suggestions.search = services.dial_search.suggest
        controller.finished.connect(self._on_finished)
        controller.busyChanged.connect(self._on_busy)
        services.settings_listeners.append(self._on_settings)

        # The views get what they use (use cases, the language), not the services.
        def lang() -> str:
            return services.lang

        self.suggestions.model.lang = lang
        self.contacts = ContactsView(services.contact_book, lang)
        self.contacts.dialRequested.connect(self._dial_from_list)
        self._attach_omicall_search(services, lang)
        self.contact_files = ContactFiles(
            lambda: services.contact_import,
            lambda: services.contact_export,
            lang,
            self,
            self.contacts,
        )
        self.recents = RecentsView(services.call_history, lang)
        self.recents.dialRequested.connect(self._dial_from_list)
        self.recents.addContactRequested.connect(self._add_contact_for)
        services.dialer.listeners.append(self.recents.refresh_record)
        for index, (view, name) in enumerate(
            ((self.contacts, "contacts"), (self.recents, "history"))
        ):
            current = self.tabs.currentIndex()
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, view, icon(name), "")
            self.tabs.setCurrentIndex(current)
        for placeholder in self._placeholders:
            placeholder.deleteLater()
        self._placeholders = []
        self._attach_outcomes(services, lang)
        self._attach_campaigns(services, controller)
        self._order_tabs()

        self.banner.setVisible(services.demo)
        self._demo = services.demo
        self._update_setup()
        self._fill_hotlines(*services.cached_hotlines())
        self.retranslate()
        self._update_hint(self.dial_field.text())
        self._sync_language_actions()
        if services.configured():
            stale = services.cached_hotlines()[1] is None
            if stale:
                self.fetch_hotlines()
        self._settle_abandoned_imports()
        # (The Companies item is updated as the menu opens: no keyring read at start.)

    # --- how calls ended (issue 15) ----------------------------------------------------------

    def _attach_outcomes(self, services: Services, lang: Callable[[], str]) -> None:
        """The outcomes' follow-up and the history sync, wired to Recent calls and the status
        panel; started by the app once the window is up (start_outcomes)."""
        from omidesk.ui.call_outcomes import CallOutcomes  # noqa: PLC0415
        from omidesk.ui.workers import offload  # noqa: PLC0415

        assert self.recents is not None and self.controller is not None
        # Their store calls in a worker with the collector paused (before their first use).
        services.offload = offload
        outcomes = CallOutcomes(
            services.follow_up,
            services.history_sync,
            services.history_account,
            services.call_history,
            lang=lang,
            parent=self,
        )
        outcomes.recordChanged.connect(self.recents.refresh_record)
        outcomes.recordChanged.connect(self._call_ended)
        outcomes.missedChanged.connect(self.recents.set_missed_count)
        outcomes.noteChanged.connect(self.recents.set_note)
        outcomes.refreshingChanged.connect(self.recents.set_refreshing)
        outcomes.passed.connect(self.recents.catch_up)
        self.recents.refreshRequested.connect(outcomes.refresh)
        self.controller.finished.connect(self._missed_returned)
        self.outcomes = outcomes

    def _attach_omicall_search(self, services: Services, lang: Callable[[], str]) -> None:
        """Search OMICall under the contacts, when few of the agent's own match."""
        from omidesk.ui.omicall_search import OmiCallSearch  # noqa: PLC0415

        assert self.contacts is not None
        self.contacts.attach_omicall_search(OmiCallSearch(services.names, lang))

    def start_outcomes(self) -> None:
        """Starts looking up how calls ended, for as long as OmiDesk runs."""
        if self.outcomes is not None:
            self.outcomes.start()

    def _call_ended(self, record_id: int) -> None:
        """The status panel's call ended: it says how ("Answered — 3:12")."""
        outcome = self.status.outcome
        if self.services is None or outcome is None or outcome.record_id != record_id:
            return
        record = self.services.call_history.get(record_id)
        if record is not None and record.outcome("en") is not None:
            self.status.show_call_end(record_id, record.outcome)

    def _missed_returned(self, outcome: Outcome) -> None:
        """A call accepted: the missed calls from its number are returned (the store did it
        in the same statement): Recent calls and the count follow."""
        if not outcome.ok or outcome.record_id is None or self.services is None:
            return
        record = self.services.call_history.get(outcome.record_id)
        if record is not None and record.e164 and self.recents is not None:
            self.recents.number_called_back(record.e164)
        if self.outcomes is not None:
            self.outcomes.count_missed()

    def show_missed_calls(self) -> None:
        """Recent calls on the Missed filter (a click on the missed-calls notification)."""
        self.show_and_raise()
        if self.recents is not None:
            self.tabs.setCurrentWidget(self.recents)
            self.recents.show_missed(True)
            self.recents.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _attach_campaigns(self, services: Services, controller: DialController) -> None:
        """The Campaigns tab (AutoCall, issue 17), after the contacts and recent calls."""
        from omidesk.ui.lazy_tab import LazyTab  # noqa: PLC0415

        def build() -> QWidget:  # when first shown: AutoCall's modules are not for every day
            from omidesk.ui.campaigns.view import CampaignsView  # noqa: PLC0415

            assert self.contacts is not None
            self.campaigns = CampaignsView(
                services,
                controller,
                selected_contact=self.contacts.selected_contact,
                hotline=self.selected_hotline,
            )
            # In a scroll area: the campaign's form is wider than a list, and as a tab it
            # made the whole tab widget that wide, squeezing the dial pane on small screens.
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(self.campaigns)
            return scroll

        self.campaigns_tab = LazyTab(self.tabs, build, icon("campaign"), self)

    def focus_campaigns(self) -> None:
        if self.campaigns_tab is not None:
            self.campaigns_tab.build()
        if self.campaigns_tab is not None and self.campaigns is not None:
            self.tabs.setCurrentIndex(self.campaigns_tab.index())
            self.campaigns.campaign.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def push_to_campaign(self) -> None:
        if self.campaigns_tab is not None:
            self.campaigns_tab.build()
        if self.campaigns is not None:
            self.campaigns.open_push()

    def _settle_abandoned_imports(self) -> None:
        """Undoes, in the background, what imports cut short by a crash or a power cut left
        half written. Only if there is any: a worker and a connection of its own are not
        for every start."""
        assert self.services is not None
        if not self.services.imports_to_undo():
            return
        from omidesk.ui import tasks  # noqa: PLC0415 - asyncio loads after the first paint

        tasks.spawn(self._undo_abandoned_imports(), name="undo abandoned imports")

    async def _undo_abandoned_imports(self) -> None:
        """Undoes them in a worker, once the window is up, as 100,000 contacts take seconds
        (until then the list shows them). The contact views are refreshed after."""
        from omidesk.domain.errors import StorageError  # noqa: PLC0415
        from omidesk.ui.workers import in_worker  # noqa: PLC0415

        assert self.services is not None
        try:
            undone = await in_worker(self.services.undo_abandoned_imports)
        except StorageError as error:
            # The journal stays: the next start (or `omidesk contacts …`) tries again.
            log.warning("could not undo an abandoned import now: %s", error)
            return
        if not undone or not shiboken6.isValid(self):
            return
        if self.contacts is not None:
            self.contacts.refresh()
        if self.recents is not None:
            self.recents.model.refresh_names()

    # --- dialling ---------------------------------------------------------------------------

    def dial_from_field(self) -> None:
        """Enter or Call: the entry chosen in the drop-down (a name's first match, or one
        picked with Up/Down), else the text as typed (a number dials itself)."""
        if self.controller is None or self.controller.busy:
            return  # the request in flight is the one call for this click
        outcome = self.status.outcome
        if self.status.asks_repeat and outcome is not None:
            self._confirm_repeat(outcome.input)  # Enter answers "call again?"
            return
        self.suggestions.flush()
        chosen = self.suggestions.chosen()
        if chosen is not None:
            self._dial_suggestion(chosen)
            return
        text = self.dial_field.text()
        if not text.strip():
            self.dial_field.setFocus()
            return
        self.suggestions.dismiss()
        self.controller.dial(text, "window", hotline=self.selected_hotline())

    def _dial_suggestion(self, entry: Suggestion) -> None:
        if self.controller is None or self.controller.busy:
            return
        self.suggestions.dismiss()
        self.dial_field.setText(entry.number)
        self.dial_field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.controller.dial(entry.e164, "window", hotline=self.selected_hotline())

    def _dial_from_list(self, text: str, source: str) -> None:
        if self.controller is None or self.controller.busy:
            return
        self._show_in_field(text)
        self.suggestions.dismiss()
        self.controller.dial(text, source, hotline=self.selected_hotline())

    def _show_in_field(self, text: str) -> None:
        """The number about to be dialled, as people write it (not +84… from a contact)."""
        shown = text
        if self.services is not None:
            # Loaded with the services, after the first paint (phonenumbers).
            from omidesk.domain.numbers import PhoneNumber  # noqa: PLC0415

            checked = self.services.dialer.check(text)
            if isinstance(checked, PhoneNumber):
                shown = checked.display
        self.dial_field.setText(shown)

    def dial_external(self, text: str, source: str, *, confirm_repeat: bool = False) -> bool:
        """A number from outside the window (tray, link, clipboard), already confirmed."""
        if self.controller is None:
            return False
        self._show_in_field(text)
        return self.controller.dial(
            text, source, confirm_repeat=confirm_repeat, hotline=self.selected_hotline()
        )

    def _confirm_repeat(self, text: str) -> None:
        if self.controller is not None and not self.controller.busy:
            self.controller.dial(
                text, "window", confirm_repeat=True, hotline=self.selected_hotline()
            )

    def selected_hotline(self) -> str | None:
        value = self.hotline.currentData()
        return value if isinstance(value, str) and value else None

    def _on_busy(self, busy: bool) -> None:
        self.call_button.setEnabled(not busy)
        self.pad.setEnabled(True)

    def _repeat_key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape and self.status.asks_repeat:
            self.status.show_idle()  # "call again?" answered no; the number stays typed
            return True
        return False

    def _on_started(self, display: str, extension: str) -> None:
        limit = self.services.settings.timeout_s if self.services is not None else 0.0
        self.status.show_calling(display, extension, self.name_for(display), limit)

    def _on_finished(self, outcome: Outcome) -> None:
        name = self.name_for(outcome.display) if outcome.display else None
        self.status.show_outcome(outcome, name)
        # Selected: the next number typed replaces this one.
        self.dial_field.selectAll()

    def _on_edited(self, _text: str) -> None:
        """New text: the last result is about another number now (a call in flight stays
        shown: it cannot be taken back)."""
        if self.status.state != "calling":
            self.status.show_idle()

    def _on_cleared(self) -> None:
        self.suggestions.dismiss()
        if self.status.state not in ("calling",):
            self.status.show_idle()

    def name_for(self, text: str) -> str | None:
        """Whose number `text` is, from the one place names come from."""
        if self.services is None:
            return None
        from omidesk.domain.numbers import PhoneNumber  # noqa: PLC0415

        checked = self.services.dialer.check(text)
        if not isinstance(checked, PhoneNumber):
            return None
        return self.services.names.name_of(checked.e164)

    def _text_set(self, _text: str) -> None:
        """Text put in the field other than by a key (a contact or a call chosen, a link,
        the dial pad). A key's text gets its hint once, with the drop-down's entries
        (_on_suggestions): Qt signals its change up to three times (the key, the digits
        regrouped, the key again with the text before the regrouping)."""
        if not self.dial_field.typing:
            self._update_hint(self.dial_field.text())

    def _on_suggestions(self) -> None:
        self._update_hint(self.dial_field.text())

    def _update_hint(self, text: str, *, ask_omicall: bool = True) -> None:
        if self.services is None:
            self.hint.clear()
            return
        chosen = self.suggestions.chosen()
        if chosen is not None and self.suggestions.text == text:
            message = self.tr("Enter calls {name} — {number}").format(
                name=chosen.name or chosen.number, number=chosen.number
            )
            self._show_hint(message, problem=False)
            return
        message, problem = hint_for(
            text, self.services.dialer.check, self.services.lang, self.services.names.name_of
        )
        self._show_hint(message, problem=problem)
        if not problem and ask_omicall:
            self._ask_omicall_for_the_name(text)

    def _show_hint(self, message: str, *, problem: bool) -> None:
        """The hint's text, in the error colour for a problem. Written at each keystroke:
        the style is set only when it changes (setting one restyles the label)."""
        self.hint.setText(message)
        if self.hint.property("problem") != problem:
            self.hint.setProperty("problem", problem)
            self.hint.setStyleSheet(error_style(self.palette()) if problem else "")

    def _ask_omicall_for_the_name(self, text: str) -> None:
        """A number with no name known yet: OMICall's contacts are asked (once a day per
        number), and the hint says the name when it comes if the text is still the same."""
        from omidesk.domain.numbers import PhoneNumber  # noqa: PLC0415

        assert self.services is not None
        checked = self.services.dialer.check(text)
        names = self.services.names
        if not isinstance(checked, PhoneNumber) or names.name_of(checked.e164) is not None:
            return
        if names.crm is not None and self.services.configured():
            from omidesk.ui import tasks  # noqa: PLC0415 - asyncio loads after the first paint

            tasks.spawn(self._late_name(text, checked.e164), name="name for number")

    async def _late_name(self, text: str, e164: str) -> None:
        assert self.services is not None
        name = await self.services.names.name_for(e164)
        if name and shiboken6.isValid(self) and self.dial_field.text() == text:
            self._update_hint(text, ask_omicall=False)

    # --- hotlines --------------------------------------------------------------------------

    def _fill_hotlines(self, fetched: list[str], _when: float | None = None) -> None:
        services = self.services
        if services is None:
            return
        default = services.settings.hotline
        current = self.selected_hotline() or default
        self.hotline.blockSignals(True)
        self.hotline.clear()
        choices = [default] if default else []
        choices += [h for h in fetched if h not in choices]
        for number in choices:
            label = number
            if number == default:
                label = self.tr("{hotline} (default)").format(hotline=number)
            self.hotline.addItem(label, number)
        if current in choices:
            self.hotline.setCurrentIndex(choices.index(current))
        self.hotline.blockSignals(False)

    def fetch_hotlines(self) -> None:
        if self.services is None or not self.services.configured():
            return
        from omidesk.ui import tasks  # noqa: PLC0415 - asyncio loads after the first paint

        self.refresh_hotlines.setEnabled(False)
        tasks.spawn(self._fetch_hotlines(), name="hotlines")

    async def _fetch_hotlines(self) -> None:
        from omidesk.domain.catalogue import explain  # noqa: PLC0415
        from omidesk.omicall.errors import OmiCallError  # noqa: PLC0415

        assert self.services is not None
        try:
            hotlines = await self.services.refresh_hotlines()
        except OmiCallError as error:
            if not shiboken6.isValid(self):
                return  # the window closed while OMICall answered
            problem = explain(error, self.services.lang)
            self.refresh_hotlines.setToolTip(problem.message)
            log.info("hotline list not refreshed: %s", error.code)
        else:
            if not shiboken6.isValid(self):
                return
            self._fill_hotlines(hotlines)
            self.refresh_hotlines.setToolTip(self.tr("Refresh the hotline list from OMICall"))
        self.refresh_hotlines.setEnabled(True)

    # --- navigation ------------------------------------------------------------------------

    def focus_dial_field(self) -> None:
        self.dial_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.dial_field.selectAll()

    def focus_contacts(self) -> None:
        if self.contacts is not None:
            self.tabs.setCurrentWidget(self.contacts)
            self.contacts.focus_search()

    def focus_recents(self) -> None:
        if self.recents is not None:
            self.tabs.setCurrentWidget(self.recents)
            self.recents.focus_filter()

    def import_contacts(self) -> None:
        if self.contact_files is not None:
            self.contact_files.choose_and_import()

    def export_contacts(self) -> None:
        if self.contact_files is not None:
            self.contact_files.choose_export()

    # --- the partner console (issue 18) ------------------------------------------------

    def _update_partner_menu(self) -> None:
        """The Companies item shows once a partner key is set (read as the menu opens: a key
        stored from a terminal meanwhile counts)."""
        partner = self.services.partner if self.services is not None else None
        self.companies_action.setVisible(partner is not None and bool(partner.api_key()))

    def open_companies(self) -> None:
        """The Companies window: one, raised if already open."""
        if self.services is None:
            return
        from omidesk.ui.partner.companies_window import CompaniesWindow  # noqa: PLC0415

        window = self.companies
        if not isinstance(window, CompaniesWindow):
            window = CompaniesWindow(self.services)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            window.destroyed.connect(self._companies_closed)
            self.companies = window
            window.start()
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    def _companies_closed(self) -> None:
        self.companies = None

    def _add_contact_for(self, number: str) -> None:
        if self.contacts is not None:
            self.tabs.setCurrentWidget(self.contacts)
            self.contacts.add_contact(number)

    # --- language and settings --------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Switches language without losing anything typed or shown."""
        if self.services is None or self.services.lang == lang:
            return
        from dataclasses import replace  # noqa: PLC0415

        try:
            self.services.save_settings(
                replace(self.services.loaded.file_values, language=lang)
                if not self.services.demo
                else replace(self.services.settings, language=lang)
            )
        except OSError as exc:
            log.warning("cannot save the language: %s", exc)

    def _update_setup(self) -> None:
        services = self.services
        self.setup_row.setVisible(
            services is not None and not services.demo and not services.configured()
        )

    def _on_settings(self, settings: Settings) -> None:
        apply_theme(settings.theme)
        self._update_setup()
        StatusPanel.language = settings.language
        i18n.install(settings.language)
        self._fill_hotlines(*(self.services.cached_hotlines() if self.services else ([], None)))
        self._update_hint(self.dial_field.text())
        self.status.retranslate()
        self._sync_language_actions()

    def _sync_language_actions(self) -> None:
        lang = self.services.lang if self.services is not None else "en"
        for code, action in self.language_actions.items():
            action.setChecked(code == lang)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("OmiDesk — Demo") if self._demo else self.tr("OmiDesk"))
        self.banner.setText(
            self.tr(
                "Demo — calls are simulated by the built-in OMICall sandbox; nobody is called. "
                "Try 0900 000 001 (busy), 0900 000 002 (do not call) or 0900 000 020 (no "
                "answer in time)."
            )
        )
        self.banner.setAccessibleName(self.tr("Demo mode"))
        self.setup_banner.setText(
            self.tr(
                "OmiDesk is not set up yet: enter your OMICall account and extension to place "
                "calls."
            )
        )
        self.setup_banner.setAccessibleName(self.tr("Not set up"))
        self.setup_button.setText(self.tr("Open settings…"))
        self.setup_button.setAccessibleName(self.tr("Open settings"))
        self.hotline_label.setText(self.tr("&Hotline:"))
        self.hotline.setAccessibleName(self.tr("Hotline to call out on"))
        self.refresh_hotlines.setToolTip(self.tr("Refresh the hotline list from OMICall"))
        self.refresh_hotlines.setAccessibleName(self.tr("Refresh hotlines"))
        self.call_button.setText(self.tr("Call"))
        self.call_button.setToolTip(self.tr("Call the number (Enter)"))
        self.call_button.setAccessibleName(self.tr("Call"))
        self.hint.setAccessibleName(self.tr("Number check"))
        self.tabs.setTabText(0, self.tr("Contacts"))
        self.tabs.setTabText(1, self.tr("Recent calls"))
        if self.campaigns_tab is not None:
            self.tabs.setTabText(self.campaigns_tab.index(), self.tr("Campaigns"))
        self.campaigns_action.setText(self.tr("Ca&mpaigns"))
        self.push_action.setText(self.tr("&Push to an AutoCall campaign…"))
        for placeholder in self._placeholders:
            placeholder.setText(self.tr("Loading…"))
        self.app_menu.setTitle(self.tr("&OmiDesk"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.import_action.setText(self.tr("&Import contacts…"))
        self.export_action.setText(self.tr("&Export contacts…"))
        self.companies_action.setText(self.tr("&Companies (partner)…"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.contacts_action.setText(self.tr("Search &contacts"))
        self.recents_action.setText(self.tr("&Recent calls"))
        self.dial_action.setText(self.tr("&Dial field"))
        self.pad_action.setText(self.tr("Dial &pad"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About OmiDesk"))
        self.shortcuts_action.setText(self.tr("&Keyboard shortcuts"))
        if self.services is not None:
            self._fill_hotlines(*self.services.cached_hotlines())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._paint_colours()
        super().changeEvent(event)

    def _paint_colours(self) -> None:
        """The window's own colours, made again from the palette it has now (a theme chosen
        in Settings, or the desktop's switch to dark)."""
        palette = self.palette()
        self.banner.setStyleSheet(
            f"#demoBanner {{ {note_style(palette)} border-radius: 4px; padding: 6px; }}"
        )
        self.call_button.setStyleSheet(call_button_style(palette))
        if self.hint.property("problem"):
            self.hint.setStyleSheet(error_style(palette))

    def show_shortcuts(self) -> None:
        from omidesk.ui.shortcuts_dialog import ShortcutsDialog  # noqa: PLC0415

        hotkey = self.services.settings.hotkey if self.services is not None else ""
        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.deleteLater()  # made again: the keys of the language now
        # The menus' actions and the views' (Copy number, Delete …): all that have a key.
        dialog = ShortcutsDialog(self.findChildren(QAction), hotkey, self)
        self.shortcuts_dialog = dialog
        dialog.open()

    def _about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About OmiDesk"))
        box.setIconPixmap(icon("app").pixmap(64, 64))
        box.setText(
            self.tr(
                "<b>OmiDesk {version}</b><br>Click-to-call companion for OMICall agents.<br>"
                "Your phone rings; pick up to be connected to the customer."
            ).format(version=__version__)
        )
        box.open()

    # --- window state ----------------------------------------------------------------------

    def state(self) -> QSettings | None:
        if not self._state_file:
            return None
        return QSettings(self._state_file, QSettings.Format.IniFormat)

    # --- screen sizes --------------------------------------------------------------------

    # Below this height (logical pixels, the screen's room) the pad folds: the field, Call
    # and the status come first on a short screen.
    PAD_HEIGHT = 640
    # The smallest window that holds the dial pane beside a usable list, when it fits.
    MINIMUM = QSize(560, 380)

    def fit_screen(self, room: QRect | None = None) -> None:
        """Fits the window to the screen's available room (`room`, else its screen's): the
        minimum size never exceeds it, a window larger is shrunk, and a short screen folds
        the pad unless the agent chose otherwise (View > Dial pad)."""
        if room is None:
            screen = self.screen()
            if screen is None:
                return
            room = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()
        width = max(200, room.width() - frame.width())
        height = max(200, room.height() - frame.height())
        self.setMinimumSize(min(self.MINIMUM.width(), width), min(self.MINIMUM.height(), height))
        self._show_pad(
            self._pad_choice if self._pad_choice is not None else height >= self.PAD_HEIGHT
        )
        if self.width() > width or self.height() > height:
            self.resize(min(self.width(), width), min(self.height(), height))
        if self.x() < room.x() or self.geometry().right() > room.right() + 1:
            self.move(room.x(), self.y())
        if self.y() < room.y() or self.geometry().bottom() > room.bottom() + 1:
            self.move(self.x(), room.y())
        left = self.splitter.sizes()[0]
        if left > width // 2:
            # A narrow window shares itself between the pane and the list.
            self.splitter.setSizes([width // 2, width - width // 2])

    def _show_pad(self, shown: bool) -> None:
        self.pad.setVisible(shown)
        self.pad_action.setChecked(shown)

    def _choose_pad(self, shown: bool) -> None:
        self._pad_choice = shown
        self._show_pad(shown)
        state = self.state()
        if state is not None:
            state.setValue("pad", shown)

    def ensure_visible(self, widget: QWidget) -> None:
        """Scrolls the dial pane to `widget` when it is in it."""
        pane = self.left_scroll.widget()
        if pane is not None and pane.isAncestorOf(widget):
            self.left_scroll.ensureWidgetVisible(widget, 0, 0)

    def _restore_geometry(self) -> None:
        state = self.state()
        pad = state.value("pad") if state is not None else None
        if pad is not None:
            self._pad_choice = pad in (True, "true")
        geometry = state.value("geometry") if state is not None else None
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            splitter = state.value("splitter") if state is not None else None
            if isinstance(splitter, QByteArray):
                self.splitter.restoreState(splitter)
            return
        # First run: room for the recent calls' columns beside the dial pad, within the
        # screen on a small one.
        width, height = 1100, 680
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, room.width() * 9 // 10)
            height = min(height, room.height() * 9 // 10)
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))

    def save_geometry(self) -> None:
        state = self.state()
        if state is not None:
            state.setValue("geometry", self.saveGeometry())
            state.setValue("splitter", self.splitter.saveState())
            state.sync()

    def show_and_raise(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        if self.hide_to_tray and not self._quitting:
            # With a tray, closing keeps OmiDesk running there (told once, by the tray).
            event.ignore()
            self.hide()
            self.hiddenToTray.emit()
            return
        super().closeEvent(event)

    def quit(self) -> None:
        self._quitting = True
        self.save_geometry()
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415

        QApplication.quit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and not self._follows_screen:
            # Moved to another screen (or its resolution changed): fit that one.
            self._follows_screen = True
            # A bound method, not a lambda holding the window: PySide holds it weakly.
            handle.screenChanged.connect(self._screen_changed)

    def _screen_changed(self, _screen: object) -> None:
        self.fit_screen()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.firstPainted.emit)
