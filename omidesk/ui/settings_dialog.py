"""The settings dialog: account, extension, hotline and preferences, checked field by field."""

from __future__ import annotations

import asyncio
import itertools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.catalogue import Explanation, explain
from omidesk.domain.dialformat import DialFormat
from omidesk.domain.settings import (
    API_KEY_ENV,
    ENV_OVERRIDES,
    EXTERNAL_DIAL_MODES,
    PRODUCTION_URL,
    STAGING_URL,
    SettingError,
    Settings,
    validate,
)
from omidesk.infra.keystore import KeyLocation
from omidesk.omicall.client import OmiCallClient
from omidesk.ui import tasks
from omidesk.ui.widgets import ERROR_STYLE, error_label, save_cancel_buttons
from omidesk.usecases.check_account import AccountCheck, check_account

if TYPE_CHECKING:
    from omidesk.services import Services

log = logging.getLogger(__name__)

# The yellow of the window's demo banner: one look for "read this before going on". Its
# padding is QLabel.setMargin (see _warning_label), which the label's height-for-width counts.
WARNING_STYLE = "background: #fff4ce; color: #3d2e00; border-radius: 4px;"

SERVERS: tuple[tuple[str, str], ...] = (("production", PRODUCTION_URL), ("staging", STAGING_URL))
CUSTOM = "custom"
LANGUAGE_NAMES: tuple[tuple[str, str], ...] = (("en", "English"), ("vi", "Tiếng Việt"))
# The settings in the order of the form: the first invalid one gets the focus.
FORM_ORDER: tuple[str, ...] = (
    "base_url",
    "extension",
    "hotline",
    "dial_format",
    "language",
    "timeout_s",
    "repeat_window_s",
    "external_dial",
    "watch_clipboard",
    "start_minimised",
    "autostart",
    "hotkey",
)


@dataclass(slots=True)
class _Row:
    """One field of the form with the two lines under it: a note and its error."""

    field: QWidget
    note: QLabel
    error: QLabel
    label: QLabel | None = None


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
            key: ENV_OVERRIDES[key]
            for key, source in services.loaded.sources.items()
            if source == "env" and key in ENV_OVERRIDES
        }
        self._key_location = KeyLocation.NONE if services.demo else services.key_location()
        self._custom_url = ""
        self._errors: list[SettingError] = []
        # What the last connection test said, kept so a language switch can redraw it.
        self._result: tuple[str, Any] | None = None
        self._test_task: asyncio.Task[None] | None = None
        self._close_after_warning = False
        self._shown_numbers: dict[str, tuple[float, float]] = {}
        self._build()
        self._load(services.settings)
        self.retranslate()
        self._set_minimum_size()
        first = self.api_key if first_run and self.api_key.isEnabled() else self.server
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- construction ------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        # Qt's own constraint sizes the window from minimum size hints, which count a wrapped
        # note or error as one short line, so their last lines were cut off. The window's
        # minimum is set once here, and _fit() grows it from the heights for its width.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setVisible(self.first_run)
        outer.addWidget(self.intro)
        self.demo_note = _warning_label()
        self.demo_note.setVisible(self.services.demo)
        outer.addWidget(self.demo_note)

        self.form_widget = QWidget()
        form = QFormLayout(self.form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.rows: dict[str, _Row] = {}

        self.server = QComboBox()
        for code, _url in (*SERVERS, (CUSTOM, "")):
            self.server.addItem("", code)
        self.server.currentIndexChanged.connect(self._server_changed)
        self._add_row(form, "server", self.server)
        self.url = QLineEdit()
        self.url.textEdited.connect(self._remember_custom_url)
        self._add_row(form, "base_url", self.url)

        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.show_key = QToolButton()
        self.show_key.setCheckable(True)
        self.show_key.toggled.connect(self._show_key)
        key_box = QWidget()
        key_line = QHBoxLayout(key_box)
        key_line.setContentsMargins(0, 0, 0, 0)
        key_line.addWidget(self.api_key, 1)
        key_line.addWidget(self.show_key)
        self._add_row(form, "api_key", self.api_key, shown=key_box)

        self.extension = QLineEdit()
        self._add_row(form, "extension", self.extension)
        self.hotline = QComboBox()
        self.hotline.setEditable(True)
        # Enter must reach the dialog's Save button, not add the text to the list.
        self.hotline.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.hotline.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._add_row(form, "hotline", self.hotline)

        self.dial_format = QComboBox()
        for dial_format in DialFormat:
            self.dial_format.addItem("", dial_format.value)
        self._add_row(form, "dial_format", self.dial_format)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES:
            # Each language in its own words: findable by someone who cannot read the other.
            self.language.addItem(name, code)
        self._add_row(form, "language", self.language)

        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(1.0, 120.0)
        self.timeout.setDecimals(1)
        self.timeout.setSingleStep(1.0)
        self._add_row(form, "timeout_s", self.timeout)
        self.repeat_window = QSpinBox()
        self.repeat_window.setRange(0, 3600)
        self._add_row(form, "repeat_window_s", self.repeat_window)
        self.external_dial = QComboBox()
        for mode in EXTERNAL_DIAL_MODES:
            self.external_dial.addItem("", mode)
        self._add_row(form, "external_dial", self.external_dial)
        self.watch_clipboard = QCheckBox()
        self._add_row(form, "watch_clipboard", self.watch_clipboard, labelled=False)
        self.start_minimised = QCheckBox()
        self._add_row(form, "start_minimised", self.start_minimised, labelled=False)
        self.autostart = QCheckBox()
        self._add_row(form, "autostart", self.autostart, labelled=False)
        # Records the keys pressed (Ctrl+Alt+D), so nobody has to spell a shortcut.
        self.hotkey = QKeySequenceEdit()
        self.hotkey.setMaximumSequenceLength(1)
        self.hotkey.setClearButtonEnabled(True)
        self._add_row(form, "hotkey", self.hotkey)
        outer.addWidget(self.form_widget)

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
        outer.addLayout(test_line)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_result.setVisible(False)
        outer.addWidget(self.test_result)

        self.notice = _warning_label()
        self.notice.setVisible(False)
        outer.addWidget(self.notice)
        self.problem = error_label()
        outer.addWidget(self.problem)
        outer.addStretch(1)

        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(
            self.save, self.reject
        )
        # The way out of set-up, apart from the buttons that act on the form.
        self.demo_button = QPushButton()
        self.demo_button.setAutoDefault(False)
        self.demo_button.setVisible(self.first_run)
        self.demo_button.clicked.connect(self.demoRequested.emit)
        button_line = QHBoxLayout()
        button_line.addWidget(self.demo_button)
        button_line.addWidget(self.buttons, 1)
        outer.addLayout(button_line)

        chain: list[QWidget] = [
            self.server,
            self.url,
            self.api_key,
            self.show_key,
            self.extension,
            self.hotline,
            self.dial_format,
            self.language,
            self.timeout,
            self.repeat_window,
            self.external_dial,
            self.watch_clipboard,
            self.start_minimised,
            self.autostart,
            self.hotkey,
            self.test_button,
            self.save_button,
            self.cancel_button,
        ]
        if self.first_run:
            chain.append(self.demo_button)
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    def _set_minimum_size(self) -> None:
        minimum = self.layout().totalMinimumSize()
        self.setMinimumSize(max(560, minimum.width()), minimum.height())

    def _fit(self) -> None:
        """Grows the window when a line appeared, so that nothing wrapped is cut off."""
        if not self.isVisible():
            return  # showEvent fits it before it is first drawn
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width())
        if needed < 0:
            needed = layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def _add_row(
        self,
        form: QFormLayout,
        key: str,
        field: QWidget,
        *,
        shown: QWidget | None = None,
        labelled: bool = True,
    ) -> None:
        note = QLabel()
        note.setWordWrap(True)
        # Muted through the palette, so it reads on light and dark themes alike.
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        note.setVisible(False)
        error = error_label()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(shown or field)
        column.addWidget(note)
        column.addWidget(error)
        row = _Row(field=field, note=note, error=error)
        if labelled:
            row.label = QLabel()
            row.label.setBuddy(field)
            form.addRow(row.label, box)
        else:
            form.addRow(box)
        self.rows[key] = row

    # --- showing the current values ------------------------------------------------------

    def _load(self, settings: Settings) -> None:
        urls = dict(SERVERS)
        server = next((code for code, url in urls.items() if url == settings.base_url), CUSTOM)
        if server == CUSTOM:
            self._custom_url = settings.base_url
        self.server.setCurrentIndex(self.server.findData(server))
        self._server_changed()

        stored_hotlines, _fetched = self.services.cached_hotlines()
        choices = [settings.hotline] if settings.hotline else []
        choices += [h for h in stored_hotlines if h not in choices]
        self.hotline.addItems(choices)
        self.hotline.setCurrentText(settings.hotline)
        self.extension.setText(settings.extension)
        self.dial_format.setCurrentIndex(max(0, self.dial_format.findData(settings.dial_format)))
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.external_dial.setCurrentIndex(
            max(0, self.external_dial.findData(settings.external_dial))
        )
        self.timeout.setValue(settings.timeout_s)
        self.repeat_window.setValue(round(settings.repeat_window_s))
        # A value the widget had to round (2.25 s) is saved back as it was unless edited.
        self._shown_numbers = {
            "timeout_s": (self.timeout.value(), settings.timeout_s),
            "repeat_window_s": (float(self.repeat_window.value()), settings.repeat_window_s),
        }
        self.watch_clipboard.setChecked(settings.watch_clipboard)
        self.start_minimised.setChecked(settings.start_minimised)
        self.autostart.setChecked(settings.autostart)
        self.hotkey.setKeySequence(QKeySequence.fromString(settings.hotkey))
        # The demo is not something to start with the desktop.
        self.autostart.setEnabled(not self.services.demo)

        if self.services.demo:
            self.server.setEnabled(False)
            self.url.setEnabled(False)
            self.api_key.setEnabled(False)
            self.show_key.setEnabled(False)
        if "base_url" in self._env_locked:
            self.server.setEnabled(False)
            self.url.setReadOnly(True)
        if "extension" in self._env_locked:
            self.extension.setReadOnly(True)
        if "hotline" in self._env_locked:
            self.hotline.setEnabled(False)
        if self._key_location is KeyLocation.ENV:
            self.api_key.setReadOnly(True)
            self.show_key.setEnabled(False)

    def _server_changed(self) -> None:
        code = self.server.currentData()
        custom = code == CUSTOM
        self.url.setText(self._custom_url if custom else dict(SERVERS).get(code, ""))
        self.url.setReadOnly(not custom or "base_url" in self._env_locked)
        if custom and self.server.hasFocus():
            self.url.setFocus(Qt.FocusReason.OtherFocusReason)

    def _remember_custom_url(self, text: str) -> None:
        self._custom_url = text

    def _show_key(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.api_key.setEchoMode(mode)
        self.show_key.setText(self.tr("Hide") if shown else self.tr("Sho&w"))

    # --- reading what was typed ---------------------------------------------------------

    def typed_base_url(self) -> str:
        code = self.server.currentData()
        if code == CUSTOM:
            return self.url.text().strip()
        return dict(SERVERS).get(code, "")

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "base_url": self.typed_base_url(),
            "extension": self.extension.text(),
            "hotline": self.hotline.currentText(),
            "dial_format": self.dial_format.currentData(),
            "language": self.language.currentData(),
            "timeout_s": self._number("timeout_s", self.timeout.value()),
            "repeat_window_s": self._number("repeat_window_s", float(self.repeat_window.value())),
            "external_dial": self.external_dial.currentData(),
            "watch_clipboard": self.watch_clipboard.isChecked(),
            "start_minimised": self.start_minimised.isChecked(),
            "autostart": self.autostart.isChecked(),
            "hotkey": self.hotkey.keySequence().toString(QKeySequence.SequenceFormat.PortableText),
        }
        # An environment value is not the agent's choice: the file keeps its own.
        file_values = self.services.loaded.file_values
        locked = set(self._env_locked)
        if self.services.demo:
            locked.add("base_url")
        for key in locked:
            values[key] = getattr(file_values, key)
        return values

    def _number(self, key: str, value: float) -> float:
        shown, original = self._shown_numbers.get(key, (value, value))
        return original if value == shown else value

    def _typed_key(self) -> str:
        if self.services.demo or self._key_location is KeyLocation.ENV:
            return ""
        return self.api_key.text().strip()

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        """Validates every field; saves the key and the file only if all are valid."""
        if self._close_after_warning:
            self.accept()
            return
        self._set_problem(None)
        new, errors = validate(self._values(), self.services.loaded.file_values)
        self._errors = errors
        self._render_errors()
        if errors:
            self._focus_error(errors)
            return
        key = self._typed_key()
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
        if location is KeyLocation.FILE and self._key_location is not KeyLocation.FILE:
            # Saved, but the agent must learn once that no keyring holds the key: stay
            # open with the warning, and let the next click close.
            self._key_location = KeyLocation.FILE
            self._close_after_warning = True
            self.api_key.clear()
            self.form_widget.setEnabled(False)
            self.test_button.setEnabled(False)
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
        for key, row in self.rows.items():
            texts = by_key.pop(key, [])
            row.error.setText("\n".join(texts))
            row.error.setVisible(bool(texts))
            row.field.setAccessibleDescription("\n".join(texts))
        # A key without a field of its own (none today) must still be said somewhere.
        leftover = [text for texts in by_key.values() for text in texts]
        if leftover:
            self._set_problem("\n".join(leftover))
        self._fit()

    def _focus_error(self, errors: list[SettingError]) -> None:
        keys = {error.key for error in errors}
        first = next((key for key in FORM_ORDER if key in keys), None)
        if first is None:
            return
        field = self.rows[first].field
        if first == "base_url" and self.server.currentData() != CUSTOM:
            field = self.server
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- testing the connection -------------------------------------------------------

    @property
    def testing(self) -> bool:
        return self._test_task is not None and not self._test_task.done()

    def test_connection(self) -> None:
        """Signs in and lists the extension's hotlines with what is typed, not what is saved."""
        if self.testing:
            return
        values = {"base_url": self.typed_base_url(), "extension": self.extension.text()}
        checked, errors = validate(values)
        self._errors = [e for e in self._errors if e.key not in values] + errors
        self._render_errors()
        if errors:
            # A malformed address is never sent anything, least of all the API key.
            self._focus_error(errors)
            self._show_result(("invalid", errors))
            return
        key = self._typed_key() or self.services.api_key()
        client = OmiCallClient(
            self.services.http, checked.base_url, key, timeout_s=self.timeout.value()
        )
        self._set_testing(True, client.host)
        self._test_task = tasks.spawn(
            self._run_test(client, checked.extension, self.hotline.currentText()),
            name="settings-test",
        )

    async def _run_test(self, client: OmiCallClient, extension: str, hotline: str) -> None:
        try:
            result = await check_account(client, extension, hotline)
        except Exception:
            self._set_testing(False)  # a bug: tasks reports it; the button must not stay dead
            raise
        # Cancellation (the dialog closed) skips all of this: nobody is looking any more.
        self._set_testing(False)
        if result.failure is not None:
            problem = explain(result.failure.code, self.services.lang, **result.failure.params)
            self._show_result(("failed", (result.failure.code, problem)))
            return
        if result.hotlines:
            self._offer_hotlines(list(result.hotlines))
        self._show_result(("ok", result))

    def _set_testing(self, running: bool, host: str = "") -> None:
        self.test_button.setEnabled(not running and not self._close_after_warning)
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
        elif "hotline" not in self._env_locked:
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
        self.test_result.setStyleSheet(ERROR_STYLE if problem else "")
        self.test_result.setVisible(True)
        self._fit()

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

    # --- closing --------------------------------------------------------------------------

    def done(self, result: int) -> None:
        # A test still running would draw on a dialog nobody looks at: stop it.
        if self._test_task is not None and not self._test_task.done():
            self._test_task.cancel()
            self._set_testing(False)
        super().done(result)

    # --- language ---------------------------------------------------------------------------

    def retranslate(self) -> None:
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

        labels = {
            "server": self.tr("Se&rver:"),
            "base_url": self.tr("Server &address:"),
            "api_key": self.tr("API &key:"),
            "extension": self.tr("E&xtension:"),
            "hotline": self.tr("Default &hotline:"),
            "dial_format": self.tr("Number &format:"),
            "language": self.tr("&Language:"),
            "timeout_s": self.tr("T&imeout:"),
            "repeat_window_s": self.tr("Re&peat window:"),
            "external_dial": self.tr("Numbers from links and the clip&board:"),
            "hotkey": self.tr("Shortcut to call the &selected number:"),
        }
        for key, text in labels.items():
            label = self.rows[key].label
            if label is not None:
                label.setText(text)
        self.watch_clipboard.setText(self.tr("Offer to call numbers &copied to the clipboard"))
        self.start_minimised.setText(self.tr("Start &minimised to the tray"))
        self.autostart.setText(self.tr("Start with the des&ktop, in the tray"))

        self.server.setItemText(0, self.tr("Production"))
        self.server.setItemText(1, self.tr("Staging (for testing)"))
        self.server.setItemText(2, self.tr("Custom"))
        self.server.setAccessibleName(self.tr("Server"))
        self.url.setAccessibleName(self.tr("Server address"))
        self.url.setPlaceholderText("https://…")
        self.api_key.setAccessibleName(self.tr("API key"))
        self.show_key.setText(self.tr("Hide") if self.show_key.isChecked() else self.tr("Sho&w"))
        self.show_key.setAccessibleName(self.tr("Show the API key"))
        self.show_key.setToolTip(self.tr("Show or hide the API key as you type it"))
        self.extension.setAccessibleName(self.tr("Extension"))
        self.extension.setPlaceholderText(self.tr("e.g. 101"))
        self.hotline.setAccessibleName(self.tr("Default hotline"))
        line_edit = self.hotline.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("e.g. 02877788056"))
            line_edit.setAccessibleName(self.tr("Default hotline"))
        self.hotline.setToolTip(self.tr("Test connection lists the hotlines of your extension."))
        formats = {
            DialFormat.NATIONAL.value: self.tr("National: 0901234567"),
            DialFormat.E164.value: self.tr("International with +: +84901234567"),
            DialFormat.INTERNATIONAL_DIGITS.value: self.tr("International digits: 84901234567"),
        }
        for index in range(self.dial_format.count()):
            self.dial_format.setItemText(index, formats[self.dial_format.itemData(index)])
        self.dial_format.setAccessibleName(self.tr("Number format sent to OMICall"))
        self.language.setAccessibleName(self.tr("Language"))
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setAccessibleName(self.tr("Timeout in seconds"))
        self.timeout.setToolTip(self.tr("How long to wait for OMICall's answer (1–120 s)."))
        self.repeat_window.setSuffix(self.tr(" s"))
        self.repeat_window.setSpecialValueText(self.tr("Never ask"))
        self.repeat_window.setAccessibleName(self.tr("Repeat window in seconds"))
        self.repeat_window.setToolTip(
            self.tr("Ask before calling the same number again within this time (0: never ask).")
        )
        modes = {"confirm": self.tr("Ask first"), "direct": self.tr("Call at once")}
        for index in range(self.external_dial.count()):
            self.external_dial.setItemText(index, modes[self.external_dial.itemData(index)])
        self.external_dial.setAccessibleName(self.tr("Numbers from links and the clipboard"))
        self.watch_clipboard.setAccessibleName(
            self.tr("Offer to call numbers copied to the clipboard")
        )
        self.start_minimised.setAccessibleName(self.tr("Start minimised to the tray"))
        self.autostart.setAccessibleName(self.tr("Start with the desktop"))
        self.hotkey.setAccessibleName(self.tr("Shortcut to call the selected number"))
        self.hotkey.setToolTip(
            self.tr(
                "Click here and press the keys, e.g. Ctrl+Alt+D. Anywhere on the desktop they "
                "call the selected (or copied) number. Empty: no shortcut."
            )
        )

        self._retranslate_notes()
        self.test_button.setText(self.tr("&Test connection"))
        self.test_button.setAccessibleName(self.tr("Test connection"))
        self.test_button.setToolTip(
            self.tr("Sign in with the values above and list your extension's hotlines.")
        )
        self.busy.setAccessibleName(self.tr("Testing the connection"))
        self.test_result.setAccessibleName(self.tr("Connection test result"))
        self.problem.setAccessibleName(self.tr("Problem"))
        self.save_button.setText(
            self.tr("Close") if self._close_after_warning else self.tr("&Save")
        )
        self.save_button.setAccessibleName(self.save_button.text().replace("&", ""))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.demo_button.setText(self.tr("Try the &demo"))
        self.demo_button.setAccessibleName(self.tr("Try the demo"))
        self._render_errors()
        self._render_result()

    def _retranslate_notes(self) -> None:
        for key, variable in self._env_locked.items():
            note = self.tr(
                "Set by the environment variable {variable}; unset it to change this here."
            ).format(variable=variable)
            self._set_note(key, note)
        key_row = self.rows["api_key"]
        key_row.note.setStyleSheet("")
        key_row.note.setMargin(0)
        key_row.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        location = self._key_location
        if self.services.demo:
            self.api_key.setPlaceholderText(self.tr("Not needed in the demo"))
            self._set_note("api_key", "")
        elif location is KeyLocation.ENV:
            self.api_key.setPlaceholderText(
                self.tr("Set by {variable}").format(variable=API_KEY_ENV)
            )
            self._set_note(
                "api_key",
                self.tr(
                    "The environment variable {variable} is set and overrides the stored "
                    "key; unset it to change the key here."
                ).format(variable=API_KEY_ENV),
            )
        elif location is KeyLocation.FILE:
            self.api_key.setPlaceholderText(
                self.tr("Stored in a file on this computer — type to replace")
            )
            warning = explain(
                "key_in_file", self.services.lang, path=str(self.services.keystore.fallback_file)
            )
            text = f"{warning.message}\n{warning.next_step}"
            if self._close_after_warning:
                # Just saved: the form is greyed out, so the warning stands below it.
                self._set_note("api_key", "")
                self.notice.setText(text)
                self.notice.setVisible(True)
            else:
                self._set_note("api_key", text)
                key_row.note.setStyleSheet(WARNING_STYLE)
                key_row.note.setMargin(6)
                # The muted role would win over the style sheet's dark text on yellow.
                key_row.note.setForegroundRole(QPalette.ColorRole.WindowText)
        elif location is KeyLocation.KEYRING:
            self.api_key.setPlaceholderText(
                self.tr("Stored in the system keyring — type to replace")
            )
            self._set_note("api_key", self.tr("The key is kept in the system keyring."))
        else:
            self.api_key.setPlaceholderText(self.tr("Paste the company's API key"))
            self._set_note(
                "api_key",
                self.tr(
                    "No key stored yet. It is created in the OMICall web app under "
                    "Account > Settings > API management."
                ),
            )
        self.api_key.setToolTip(self.api_key.placeholderText())

    def _set_note(self, key: str, text: str) -> None:
        note = self.rows[key].note
        note.setText(text)
        note.setVisible(bool(text))
        note.setAccessibleName(self.tr("Note"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        # QFormLayout keeps the row heights it gave a wrapped note while the window was
        # shorter (a line had just appeared above the buttons): lay the form out afresh.
        self.form_widget.layout().invalidate()
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # Qt sized the window from its size hint, which undercounts wrapped lines at this width.
        self._fit()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _warning_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(WARNING_STYLE)
    label.setMargin(6)
    return label
