"""The settings dialog: a page per section (Account, Calling, Links & clipboard,
Appearance), checked field by field, saved all at once or not at all."""

from __future__ import annotations

import itertools
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.domain.i18n import Text
from omidesk.domain.settings import (
    APPEARANCE,
    CALLING,
    KEYS,
    LINKS,
    STORED,
    SettingError,
    validate,
)
from omidesk.infra.keystore import KeyLocation
from omidesk.ui.account_page import AccountPage
from omidesk.ui.settings_page import SettingsPage
from omidesk.ui.settings_rows import AccessKeys, Row, typed_value, warning_label
from omidesk.ui.widgets import error_label, save_cancel_buttons

if TYPE_CHECKING:
    from omidesk.services import Services

log = logging.getLogger(__name__)

# The first run asks one thing at a time, on the Account page's own rows: the server, the
# API key, the extension (Next signs in with them), then the hotline, picked from the list
# OMICall gave. The other pages keep their defaults until the agent opens Settings.
FIRST_RUN_STEPS: tuple[tuple[str, ...], ...] = (
    ("base_url",),
    ("api_key",),
    ("extension",),
    ("hotline",),
)
_LAST_STEP = len(FIRST_RUN_STEPS) - 1
_SIGN_IN_STEP = 2
# Said under the key's row when Next is pressed with none typed (and none stored).
_NO_KEY = Text(
    "paste the API key your company's OMICall administrator gave you.",
    "dán API key mà quản trị viên OMICall của công ty đã cấp cho bạn.",
)


class SettingsDialog(QDialog):
    """Edits the settings file and the API key; nothing is saved unless every field is valid.

    Shown with open(), never exec(): the app's asyncio loop runs on Qt (qasync), and a nested
    event loop would stall it, including the connection test this dialog runs."""

    saved = Signal(object)  # the Settings now in effect
    demoRequested = Signal()

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, first_run: bool = False
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.first_run = first_run
        self.setObjectName("settingsDialog")
        # Values set by OMIDESK_* variables win over the file: shown, never edited here.
        self._env_locked = {
            key: STORED[key].env
            for key, source in services.loaded.sources.items()
            if source == "env" and key in STORED and STORED[key].env
        }
        self._errors: list[SettingError] = []
        self._close_after_warning = False
        self.step = 0  # of the first run's FIRST_RUN_STEPS
        self._build()
        self._load()
        self.retranslate()
        if first_run:
            self._show_step()
        self._set_minimum_size()
        if first_run:
            self.adjustSize()  # one question: no room kept for the pages not asked
        if not first_run:
            self.account.server.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- construction ------------------------------------------------------------------

    def _build(self) -> None:
        outer = self._outer = QVBoxLayout(self)
        # Qt's own constraint sizes the window from minimum size hints, which count a wrapped
        # note or error as one short line, so their last lines were cut off. The window's
        # minimum is set once here, and _fit() grows it from the heights for its width.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setVisible(self.first_run)
        outer.addWidget(self.intro)
        self.step_title = QLabel()
        self.step_title.setObjectName("firstRunStep")
        bold = self.step_title.font()
        bold.setBold(True)
        self.step_title.setFont(bold)
        self.step_title.setVisible(self.first_run)
        outer.addWidget(self.step_title)
        self.demo_note = warning_label()
        self.demo_note.setVisible(self.services.demo)
        outer.addWidget(self.demo_note)

        self.account = AccountPage(self.services, timeout=self._typed_timeout)
        self.account.refused.connect(self._test_refused)
        self.account.resized.connect(self._fit)
        self.account.signedIn.connect(self._signed_in)
        self.pages: list[SettingsPage] = [
            self.account,
            SettingsPage(CALLING),
            SettingsPage(LINKS),
            SettingsPage(APPEARANCE),
        ]
        self.tabs = QTabWidget()
        for page in self.pages:
            if self.first_run and page is not self.account:
                # Kept for their defaults, never shown: a tab's size would count them.
                page.setParent(self)
                page.hide()
                continue
            self.tabs.addTab(page, "")
        self.rows: dict[str, Row] = {
            key: row for page in self.pages for key, row in page.rows.items()
        }
        outer.addWidget(self.tabs, 1)

        self.notice = warning_label()
        self.notice.setVisible(False)
        outer.addWidget(self.notice)
        self.problem = error_label()
        outer.addWidget(self.problem)

        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(
            self.save, self.reject
        )
        # The way out of set-up, apart from the buttons that act on the form.
        self.demo_button = QPushButton()
        self.demo_button.setAutoDefault(False)
        self.demo_button.setVisible(self.first_run)
        self.demo_button.clicked.connect(self.demoRequested.emit)
        self.back_button = QPushButton()
        self.back_button.setAutoDefault(False)
        self.back_button.setVisible(False)
        self.back_button.clicked.connect(self.back)
        button_line = QHBoxLayout()
        button_line.addWidget(self.demo_button)
        button_line.addWidget(self.back_button)
        button_line.addWidget(self.buttons, 1)
        outer.addLayout(button_line)
        if self.first_run:
            # One page, asked step by step: no tabs to wander off to.
            self.tabs.tabBar().setVisible(False)
            self.account.test_button.setVisible(False)  # Next signs in
            self.account.test_button.setAutoDefault(False)  # Enter is Next at every step

        # Tab walks the visible page, then the buttons; Ctrl+Tab (or the tab bar's arrows)
        # goes from page to page.
        chain: list[QWidget] = [self.tabs.tabBar()]
        for page in self.pages:
            chain += page.controls()
        chain += [self.save_button, self.back_button, self.cancel_button, self.demo_button]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    def _set_minimum_size(self) -> None:
        minimum = self._outer.totalMinimumSize()
        self.setMinimumSize(max(560, minimum.width()), minimum.height())

    def _fit(self) -> None:
        """Grows the window when a line appeared, so that nothing wrapped is cut off."""
        if not self.isVisible():
            return  # showEvent fits it before it is first drawn
        needed = self._outer.totalHeightForWidth(self.width())
        if needed < 0:
            needed = self._outer.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def page_of(self, key: str) -> SettingsPage:
        return next(page for page in self.pages if key in page.rows)

    # --- showing the current values ------------------------------------------------------

    def _load(self) -> None:
        settings = self.services.settings
        for page in self.pages:
            page.show_settings(settings)
        for key in self._env_locked:
            self.page_of(key).lock(key)
        # The demo is not something to start with the desktop.
        self.rows["autostart"].field.setEnabled(not self.services.demo)

    def _typed_timeout(self) -> float:
        return float(typed_value(self.rows["timeout_s"]))

    # --- saving ---------------------------------------------------------------------------

    def values(self) -> dict[str, object]:
        """What is typed, for every setting; an environment's value is not the agent's
        choice, so the file keeps its own (and the demo keeps the file's server)."""
        values: dict[str, object] = {}
        for page in self.pages:
            values.update(page.values())
        file_values = self.services.loaded.file_values
        locked = set(self._env_locked)
        if self.services.demo:
            locked.add("base_url")
        for key in locked:
            values[key] = getattr(file_values, key)
        return values

    # --- the first run, step by step -------------------------------------------------

    def _show_step(self) -> None:
        """The current step's rows of the Account page, its title and its buttons."""
        wanted = FIRST_RUN_STEPS[self.step]
        form = self.account.form
        for key, row in self.account.rows.items():
            form.setRowVisible(row.box, key in wanted)
        self.intro.setVisible(self.step == 0)
        # "Try the demo" stands beside Next as the other way to start, as large.
        self.demo_button.setVisible(self.step == 0)
        self.back_button.setVisible(self.step > 0)
        self.account.test_result.setVisible(
            self.step >= _SIGN_IN_STEP and bool(self.account.test_result.text())
        )
        self.retranslate()
        self.save_button.setDefault(True)
        size = self.save_button.sizeHint().expandedTo(self.demo_button.sizeHint())
        if self.step == 0:  # the two ways to start, drawn as the two choices they are
            size.setHeight(round(size.height() * 1.5))
            size.setWidth(max(size.width(), 2 * size.height() + size.width() // 2))
        for button in (self.save_button, self.demo_button):
            button.setMinimumSize(size)
            button.setMaximumHeight(size.height())
        self._focus_step()
        self._fit()

    def _focus_step(self) -> None:
        key = FIRST_RUN_STEPS[self.step][0]
        if key == "api_key":
            self.account.api_key.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.account.focus(key)

    def next_step(self) -> None:
        """Checks the step's answers and goes on; at the extension, signs in with what is
        typed (the check_account use case), and the hotlines OMICall lists come next."""
        keys = set(FIRST_RUN_STEPS[self.step])
        _new, errors = validate(self.values(), self.services.loaded.file_values)
        errors = [error for error in errors if error.key in keys]
        if "api_key" in keys and not self.account.typed_key() and not self.services.api_key():
            errors.append(SettingError("api_key", _NO_KEY))
        self._errors = errors
        self._render_errors()
        if errors:
            self._focus_step()
            return
        if self.step == _SIGN_IN_STEP:
            self.account.test_connection()  # signedIn moves on; a refusal is said here
            return
        self.step += 1
        self._show_step()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter is Next at every step of the first run, wherever the focus is (a button
        # takes Enter itself): Qt's default button is lost as the rows change under it.
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if (
            self.first_run
            and enter
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and not isinstance(self.focusWidget(), QPushButton)
        ):
            event.accept()
            self.save()
            return
        super().keyPressEvent(event)

    def _signed_in(self) -> None:
        if self.first_run and self.step == _SIGN_IN_STEP:
            self.step += 1
            self._show_step()

    def back(self) -> None:
        if self.step > 0:
            self.account.stop_test()
            self.step -= 1
            self._show_step()

    # --- saving (continued) -----------------------------------------------------------

    def save(self) -> None:
        """Validates every field; saves the key and the file only if all are valid."""
        if self._close_after_warning:
            self.accept()
            return
        if self.first_run and self.step < _LAST_STEP:
            self.next_step()
            return
        self._set_problem(None)
        new, errors = validate(self.values(), self.services.loaded.file_values)
        self._errors = errors
        self._render_errors()
        if errors:
            self._focus_error(errors)
            return
        key = self.account.typed_key()
        location: KeyLocation | None = None
        previous_key: str | None = None
        keystore = self.services.keystore
        if key:
            previous_key = keystore.get()
            try:
                location = keystore.set(key)
            except OSError as exc:
                self._set_problem(self._cannot_write(keystore.fallback_file, exc))
                return
        try:
            self.services.save_settings(new)
        except OSError as exc:
            if key:
                # Nothing saved half-way: the old key goes back where it was.
                self._restore_key(previous_key)
            self._set_problem(self._cannot_write(self.services.paths.settings_file, exc))
            return
        self.saved.emit(self.services.settings)
        if location is KeyLocation.FILE and self.account.key_location is not KeyLocation.FILE:
            # Saved, but the agent must learn once that no keyring holds the key: stay
            # open with the warning, and let the next click close.
            self.account.key_location = KeyLocation.FILE
            self._close_after_warning = True
            self.account.api_key.clear()
            self.tabs.setEnabled(False)
            self.account.test_allowed = False
            self.account.test_button.setEnabled(False)
            self.cancel_button.setVisible(False)
            self.retranslate()
            self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.accept()

    def _restore_key(self, previous: str | None) -> None:
        try:
            if previous:
                self.services.keystore.set(previous)
            else:
                self.services.keystore.delete()
        except (OSError, ValueError) as exc:
            log.warning("could not put the previous API key back: %s", type(exc).__name__)

    def _cannot_write(self, path: object, exc: OSError) -> str:
        problem = explain("store_read_only", self.services.lang, path=str(path))
        reason = f" ({exc.strerror})" if exc.strerror else ""
        return f"{problem.message}{reason}\n{problem.next_step}"

    def _set_problem(self, text: str | None) -> None:
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))
        self._fit()

    def _render_errors(self) -> None:
        by_key: dict[str, list[str]] = {}
        for error in self._errors:
            by_key.setdefault(error.key, []).append(error.text(self.services.lang))
        for page in self.pages:
            page.show_errors(by_key)
        # A key without a row of its own (none today) must still be said somewhere.
        leftover = [text for key, texts in by_key.items() if key not in self.rows for text in texts]
        if leftover:
            self._set_problem("\n".join(leftover))
        self._fit()

    def _focus_error(self, errors: list[SettingError]) -> None:
        """The first invalid field, in the order of the form, on its page."""
        keys = {error.key for error in errors}
        first = next((key for key in KEYS if key in keys and key in self.rows), None)
        if first is None:
            return
        page = self.page_of(first)
        self.tabs.setCurrentWidget(page)
        page.focus(first)

    def _test_refused(self, errors: list[SettingError]) -> None:
        """The connection test's own check of what is typed: its errors replace those the
        last save found for the same fields."""
        tested = {"base_url", "extension"}
        self._errors = [e for e in self._errors if e.key not in tested] + errors
        self._render_errors()
        if errors:
            self._focus_error(errors)

    # --- closing --------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self.account.stop_test()
        super().done(result)

    # --- language ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = self.services.lang
        self.setWindowTitle(
            self.tr("Welcome to OmiDesk") if self.first_run else self.tr("OmiDesk settings")
        )
        self.intro.setText(
            self.tr(
                "OmiDesk needs your company's OMICall API key, your extension and the hotline "
                "to call out on. Or try the demo first: calls are simulated."
            )
        )
        self.intro.setAccessibleName(self.tr("Welcome"))
        self.demo_note.setText(
            self.tr(
                "Demo: calls go to the built-in OMICall simulator, so the server and the API "
                "key cannot be changed here."
            )
        )
        self.demo_note.setAccessibleName(self.tr("Demo mode"))

        # Access keys: the buttons' first, then the tabs', then each page's own, so that
        # none of the keys visible at once is used twice.
        keys = AccessKeys()
        save = self.tr("Close") if self._close_after_warning else self.tr("Save")
        if self.first_run and self.step < _LAST_STEP and not self._close_after_warning:
            save = self.tr("Next")
        self.save_button.setText(keys.mark(save))
        self.save_button.setAccessibleName(save)
        self.cancel_button.setText(self.tr("Cancel"))  # Esc
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        titles = [self.tr("Account"), self.tr("Calling"), self.tr("Links & clipboard")]
        titles.append(self.tr("Appearance"))
        for index, title in enumerate(titles):
            if index < self.tabs.count():
                self.tabs.setTabText(index, keys.mark(title))
            self.pages[index].setAccessibleName(title)
        back = self.tr("Back")
        self.back_button.setText(keys.mark(back))
        self.back_button.setAccessibleName(back)
        self.step_title.setText(self._step_title())
        demo = self.tr("Try the demo")
        self.demo_button.setText(keys.mark(demo) if self.first_run else demo)
        self.demo_button.setAccessibleName(self.tr("Try the demo"))

        key_warning_below = (
            self._close_after_warning and self.account.key_location is KeyLocation.FILE
        )
        self.account.retranslate(lang, keys, key_warning_below=key_warning_below)
        for page in self.pages[1:]:
            page.retranslate(lang, keys.copy())
        if key_warning_below:
            # Just saved: the form is greyed out, so the warning stands below it.
            self.notice.setText(self.account.key_file_warning(lang))
            self.notice.setVisible(True)
        for key, variable in self._env_locked.items():
            note = self.tr(
                "Set by the environment variable {variable}; unset it to change this here."
            ).format(variable=variable)
            self.page_of(key).set_note(key, note, self.tr("Note"))
        self.problem.setAccessibleName(self.tr("Problem"))
        self._render_errors()

    def _step_title(self) -> str:
        return (
            self.tr("Step 1 of 3: the OMICall server"),
            self.tr("Step 2 of 3: your company's API key"),
            self.tr("Step 3 of 3: your extension"),
            self.tr("Signed in. Last: the hotline to call out on"),
        )[self.step]

    def resizeEvent(self, event: QResizeEvent) -> None:
        # QFormLayout keeps the row heights it gave a wrapped note while the window was
        # shorter (a line had just appeared above the buttons): lay the forms out afresh.
        for page in self.pages:
            page.invalidate()
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # Qt sized the window from its size hint, which undercounts wrapped lines at this width.
        self._fit()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
