"""The Account page of the settings dialog: the server (production, staging or an address
of one's own), the API key (hidden unless shown), the extension and its hotline, and the
connection test that signs in and lists the extension's hotlines."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from omidesk.domain.catalogue import Explanation, explain
from omidesk.domain.settings import (
    ACCOUNT,
    API_KEY_ENV,
    PRODUCTION_URL,
    STAGING_URL,
    Setting,
    Settings,
    validate,
)
from omidesk.infra.keystore import KeyLocation
from omidesk.omicall.client import OmiCallClient
from omidesk.ui import tasks
from omidesk.ui.settings_page import SettingsPage
from omidesk.ui.settings_rows import AccessKeys, mnemonic, warning_style
from omidesk.ui.theme import error_style
from omidesk.usecases.check_account import AccountCheck, check_account

if TYPE_CHECKING:
    from omidesk.services import Services

SERVERS: tuple[tuple[str, str], ...] = (("production", PRODUCTION_URL), ("staging", STAGING_URL))
CUSTOM = "custom"


class AccountPage(SettingsPage):
    """Server, key, extension and hotline, and the connection test.

    The test runs on the app's asyncio loop (qasync) with what is typed, not what is saved;
    it stores nothing, not even a key typed for it."""

    # Typed values the test refused to send (a malformed address gets nothing, least of all
    # the key): the dialog shows them under their rows.
    refused = Signal(object)  # list[SettingError]
    resized = Signal()  # a line appeared or went: the dialog may need to grow
    signedIn = Signal()  # the test signed in (the hotlines OMICall lists are offered)

    def __init__(
        self, services: Services, timeout: Callable[[], float], parent: QWidget | None = None
    ) -> None:
        super().__init__(ACCOUNT, parent)
        self.services = services
        self._timeout = timeout
        self.env_locked: set[str] = set()
        self.key_location = KeyLocation.NONE if services.demo else services.key_location()
        self._custom_url = ""
        self.test_allowed = True  # False once saved with a warning: the form is done
        # What the last test said, kept so a language switch can redraw it.
        self._result: tuple[str, Any] | None = None
        self._test_task: asyncio.Task[None] | None = None
        self._show_keys = AccessKeys()
        self.server.currentIndexChanged.connect(self._server_changed)
        self.url.textEdited.connect(self._remember_custom_url)
        self.show_key.toggled.connect(self._show_key)

        self.test_button = QPushButton()
        self.test_button.clicked.connect(self.test_connection)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: the native busy indicator
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setVisible(False)
        test_line = QHBoxLayout()
        test_line.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignLeft)
        test_line.addWidget(self.busy, 1)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_result.setVisible(False)
        below_form = self.column.count() - 1  # before the stretch
        self.column.insertLayout(below_form, test_line)
        self.column.insertWidget(below_form + 1, self.test_result)

    def _editor(self, setting: Setting) -> tuple[QWidget, QWidget | None]:
        if setting.widget == "server":
            self.server = QComboBox()
            for code, _url in (*SERVERS, (CUSTOM, "")):
                self.server.addItem("", code)
            self.url = QLineEdit()
            self.url.setPlaceholderText("https://…")
            return self.server, _side_by_side(self.server, self.url, wide=self.url)
        if setting.widget == "key":
            self.api_key = QLineEdit()
            self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
            self.api_key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.show_key = QToolButton()
            self.show_key.setCheckable(True)
            return self.api_key, _side_by_side(self.api_key, self.show_key, wide=self.api_key)
        if setting.widget == "hotline":
            self.hotline = QComboBox()
            self.hotline.setEditable(True)
            # Enter must reach the dialog's Save button, not add the text to the list.
            self.hotline.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.hotline.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            return self.hotline, None
        return super()._editor(setting)

    # --- values ---------------------------------------------------------------------------

    def show_settings(self, settings: Settings) -> None:
        stored_hotlines, _fetched = self.services.cached_hotlines()
        choices = [settings.hotline] if settings.hotline else []
        choices += [h for h in stored_hotlines if h not in choices]
        self.hotline.addItems(choices)
        super().show_settings(settings)  # the extension, and the hotline in its list
        server = next((code for code, url in SERVERS if url == settings.base_url), CUSTOM)
        if server == CUSTOM:
            self._custom_url = settings.base_url
        self.server.setCurrentIndex(self.server.findData(server))
        self._server_changed()
        if self.services.demo:
            for control in (self.server, self.url, self.api_key, self.show_key):
                control.setEnabled(False)
            # AutoCall (campaigns) is the built-in sandbox's too in the demo.
            self.rows["autocall_base_url"].field.setEnabled(False)
        if self.key_location is KeyLocation.ENV:
            self.api_key.setReadOnly(True)
            self.show_key.setEnabled(False)

    def values(self) -> dict[str, Any]:
        values = super().values()
        values["base_url"] = self.typed_base_url()
        return values

    def lock(self, key: str) -> None:
        self.env_locked.add(key)
        if key == "base_url":
            self.server.setEnabled(False)
            self.url.setReadOnly(True)
        else:
            super().lock(key)

    def controls(self) -> list[QWidget]:
        return [
            self.server,
            self.url,
            self.api_key,
            self.show_key,
            *(row.field for key, row in self.rows.items() if key not in ("base_url", "api_key")),
            self.test_button,
        ]

    def focus(self, key: str) -> None:
        if key == "base_url" and self.server.currentData() != CUSTOM:
            self.server.setFocus(Qt.FocusReason.OtherFocusReason)
        elif key == "base_url":
            self.url.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            super().focus(key)

    def typed_base_url(self) -> str:
        code = self.server.currentData()
        if code == CUSTOM:
            return self.url.text().strip()
        return dict(SERVERS).get(code, "")

    def typed_key(self) -> str:
        """The key typed to replace the stored one; empty means "keep the stored key"."""
        if self.services.demo or self.key_location is KeyLocation.ENV:
            return ""
        return self.api_key.text().strip()

    def _server_changed(self) -> None:
        code = self.server.currentData()
        custom = code == CUSTOM
        self.url.setText(self._custom_url if custom else dict(SERVERS).get(code, ""))
        self.url.setReadOnly(not custom or "base_url" in self.env_locked)
        if custom and self.server.hasFocus():
            self.url.setFocus(Qt.FocusReason.OtherFocusReason)

    def _remember_custom_url(self, text: str) -> None:
        self._custom_url = text

    def _show_key(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.api_key.setEchoMode(mode)
        self._name_show_key()

    def _name_show_key(self) -> None:
        text = self.tr("Hide") if self.show_key.isChecked() else self.tr("Show")
        self.show_key.setText(self._show_keys.copy().mark(text))

    # --- testing the connection -------------------------------------------------------

    @property
    def testing(self) -> bool:
        return self._test_task is not None and not self._test_task.done()

    def test_connection(self) -> None:
        """Signs in and lists the extension's hotlines with what is typed, not what is saved."""
        if self.testing:
            return
        typed = {"base_url": self.typed_base_url(), "extension": self.extension_text()}
        checked, errors = validate(typed)
        self.refused.emit(errors)
        if errors:
            # A malformed address is never sent anything, least of all the API key.
            self._show_result(("invalid", errors))
            return
        key = self.typed_key() or self.services.api_key()
        client = self.services.account_client(checked.base_url, key, self._timeout())
        self._set_testing(True, client.host)
        self._test_task = tasks.spawn(
            self._run_test(client, checked.extension, self.hotline.currentText()),
            name="settings-test",
        )

    def extension_text(self) -> str:
        field = self.rows["extension"].field
        assert isinstance(field, QLineEdit)
        return field.text()

    def stop_test(self) -> None:
        """A test still running would draw on a dialog nobody looks at: stopped."""
        if self._test_task is not None and not self._test_task.done():
            self._test_task.cancel()
            self._set_testing(False)

    async def _run_test(self, client: OmiCallClient, extension: str, hotline: str) -> None:
        try:
            result = await check_account(client, extension, hotline)
        except Exception:
            self._set_testing(False)  # a bug: tasks reports it; the button must not stay dead
            raise
        # Cancellation (the dialog closed) skips all of this: nobody is looking any more.
        self._set_testing(False)
        if result.failure is not None:
            problem = explain(result.failure, self.services.lang)
            self._show_result(("failed", (result.failure.code, problem)))
            return
        if result.hotlines:
            self._offer_hotlines(list(result.hotlines))
        self._show_result(("ok", result))
        self.signedIn.emit()

    def _set_testing(self, running: bool, host: str = "") -> None:
        self.test_button.setEnabled(not running and self.test_allowed)
        self.busy.setVisible(running)
        if running:
            self._result = ("busy", host)
            self._render_result()

    def _offer_hotlines(self, hotlines: list[str]) -> None:
        current = self.hotline.currentText().strip()
        self.hotline.clear()
        self.hotline.addItems(hotlines)
        if current:
            self.hotline.setCurrentText(current)
        elif "hotline" not in self.env_locked:
            # First set-up: the extension's first hotline is the likely choice.
            self.hotline.setCurrentIndex(0)

    def _show_result(self, result: tuple[str, Any]) -> None:
        self._result = result
        self._render_result()

    def _render_result(self) -> None:
        if self._result is None:
            self.test_result.setVisible(False)
            return
        kind, data = self._result
        problem = kind in ("failed", "invalid")
        if kind == "busy":
            text = self.tr("Testing the connection to {host}…").format(host=data)
        elif kind == "invalid":
            text = "\n".join(error.text(self.services.lang) for error in data)
        elif kind == "failed":
            code, explanation = data
            text = self._failure_text(code, explanation)
        else:
            text = self._success_text(data)
        self.test_result.setText(text)
        self.test_result.setStyleSheet(error_style() if problem else "")
        self.test_result.setVisible(True)
        self.resized.emit()

    def _failure_text(self, code: str, explanation: Explanation) -> str:
        lines = [explanation.message, explanation.next_step]
        lines.append(self.tr("(code: {code})").format(code=code))
        return "\n".join(lines)

    def _success_text(self, result: AccountCheck) -> str:
        if result.hotlines is None:
            return self.tr(
                "Signed in to {host}: the API key works. Type your extension to list its hotlines."
            ).format(host=result.host)
        if not result.hotlines:
            return self.tr("Signed in. OMICall lists no hotline for extension {extension}.").format(
                extension=result.extension
            )
        text = self.tr("Signed in. Extension {extension} may call out on: {hotlines}").format(
            extension=result.extension, hotlines=", ".join(result.hotlines)
        )
        if result.hotline_listed is False:
            text += "\n" + self.tr(
                "The hotline {hotline} is not among them: calls from it would be refused."
            ).format(hotline=result.hotline)
        return text

    # --- words ------------------------------------------------------------------------------

    def retranslate(self, lang: str, keys: AccessKeys, *, key_warning_below: bool = False) -> None:
        """The page's words; `key_warning_below`: the dialog itself shows that the key is
        kept in a file (just saved so), so its row does not."""
        keys = keys.copy()
        self.test_button.setText(keys.mark(self.tr("Test connection")))
        self._show_keys = keys.copy()  # Show and Hide take a key none of the others uses
        self._name_show_key()
        keys.used.add(mnemonic(self.show_key.text()) or "")
        super().retranslate(lang, keys)
        self.server.setItemText(0, self.tr("Production"))
        self.server.setItemText(1, self.tr("Staging (for testing)"))
        self.server.setItemText(2, self.tr("Custom"))
        self.server.setAccessibleName(self.tr("Server"))
        self.url.setAccessibleName(self.tr("Server address"))
        self.show_key.setAccessibleName(self.tr("Show the API key"))
        self.show_key.setToolTip(self.tr("Show or hide the API key as you type it"))
        line_edit = self.hotline.lineEdit()
        if line_edit is not None:
            line_edit.setAccessibleName(self.rows["hotline"].setting.label(lang))
        self.test_button.setAccessibleName(self.tr("Test connection"))
        self.test_button.setToolTip(
            self.tr("Sign in with the values above and list your extension's hotlines.")
        )
        self.busy.setAccessibleName(self.tr("Testing the connection"))
        self.test_result.setAccessibleName(self.tr("Connection test result"))
        self._retranslate_key_note(lang, key_warning_below)
        self._render_result()

    def _retranslate_key_note(self, lang: str, warning_below: bool) -> None:
        note = self.rows["api_key"].note
        note.setStyleSheet("")
        note.setMargin(0)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        location = self.key_location
        name = self.tr("Note")
        if self.services.demo:
            self.api_key.setPlaceholderText(self.tr("Not needed in the demo"))
            self.set_note("api_key", "", name)
        elif location is KeyLocation.ENV:
            self.api_key.setPlaceholderText(
                self.tr("Set by {variable}").format(variable=API_KEY_ENV)
            )
            text = self.tr(
                "The environment variable {variable} is set and overrides the stored "
                "key; unset it to change the key here."
            ).format(variable=API_KEY_ENV)
            self.set_note("api_key", text, name)
        elif location is KeyLocation.FILE:
            self.api_key.setPlaceholderText(
                self.tr("Stored in a file on this computer — type to replace")
            )
            if warning_below:
                self.set_note("api_key", "", name)
            else:
                self.set_note("api_key", self.key_file_warning(lang), name)
                note.setStyleSheet(warning_style())
                note.setMargin(6)
                # The muted role would win over the style sheet's dark text on yellow.
                note.setForegroundRole(QPalette.ColorRole.WindowText)
        elif location is KeyLocation.KEYRING:
            self.api_key.setPlaceholderText(
                self.tr("Stored in the system keyring — type to replace")
            )
            self.set_note("api_key", self.tr("The key is kept in the system keyring."), name)
        else:
            self.api_key.setPlaceholderText(self.tr("Paste the company's API key"))
            text = self.tr(
                "No key stored yet. It is created in the OMICall web app under "
                "Account > Settings > API management."
            )
            self.set_note("api_key", text, name)
        self.api_key.setToolTip(self.api_key.placeholderText())

    def key_file_warning(self, lang: str) -> str:
        """That the key is kept in a file others on this computer might reach, and what to do."""
        path = str(self.services.keystore.fallback_file)
        warning = explain("key_in_file", lang, path=path)
        return f"{warning.message}\n{warning.next_step}"


def _side_by_side(first: QWidget, second: QWidget, *, wide: QWidget) -> QWidget:
    """Two controls on one line; `wide` takes the room left."""
    box = QWidget()
    line = QHBoxLayout(box)
    line.setContentsMargins(0, 0, 0, 0)
    for control in (first, second):
        line.addWidget(control, 1 if control is wide else 0)
    return box
