"""The push dialog's first step: the campaign, and where the contacts come from (a file, a
search of the contacts, the contact selected, numbers typed), with the OTP column."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.autocall.campaigns import Campaign
from omidesk.domain.autocall.push_file import Columns
from omidesk.domain.catalogue import explain
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.infra import contact_files
from omidesk.store.db import StoreError
from omidesk.ui.contact_files.common import file_filter
from omidesk.ui.widgets import error_label

if TYPE_CHECKING:
    from omidesk.domain.contacts import Contact
    from omidesk.services import Services

FILE, SEARCH, SELECTED, NUMBERS = "file", "search", "selected", "numbers"


class SourcePage(QWidget):
    """Choosing what to push. `changed` fires when the choice may now be checked or not."""

    changed = Signal()

    def __init__(
        self,
        services: Services,
        campaigns: list[Campaign],
        current: str | None,
        selected: Contact | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.campaigns = campaigns
        self.selected = selected
        self.columns = Columns([])
        self.folder = str(Path.home())

        self.campaign_label = QLabel()
        self.campaign = QComboBox()
        for campaign in campaigns:
            self.campaign.addItem(campaign.label, campaign.id)
        if current is not None and self.campaign.findData(current) >= 0:
            self.campaign.setCurrentIndex(self.campaign.findData(current))
        self.campaign_label.setBuddy(self.campaign)
        self.campaign.currentIndexChanged.connect(self._campaign_changed)

        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for kind in (FILE, SEARCH, SELECTED, NUMBERS):
            radio = QRadioButton()
            self.group.addButton(radio)
            self.radios[kind] = radio
            radio.toggled.connect(self._kind_changed)
            # Chosen by the agent (a click, Alt+letter): on to its field, ready to type.
            radio.clicked.connect(lambda _=False, k=kind: self._focus_field(k))

        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.choose = QPushButton()
        self.choose.clicked.connect(self.choose_file)
        self.otp_label = QLabel()
        self.otp_column = QComboBox()
        self.otp_label.setBuddy(self.otp_column)
        self.file_error = error_label(selectable=True)

        self.query = QLineEdit()
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self._query_changed)
        self.found = QLabel()

        self.selected_label = QLabel()
        self.radios[SELECTED].setEnabled(selected is not None)

        self.numbers = QPlainTextEdit()
        self.numbers.setTabChangesFocus(True)
        self.numbers.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.numbers.textChanged.connect(self.changed)

        self.voice_otp = QCheckBox()
        self.voice_otp.toggled.connect(self._kind_changed)
        self.again = QCheckBox()

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.campaign_label, 0, 0)
        grid.addWidget(self.campaign, 0, 1, 1, 2)
        grid.addWidget(self.radios[FILE], 1, 0)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose)
        grid.addLayout(file_row, 1, 1, 1, 2)
        otp_row = QHBoxLayout()
        otp_row.addWidget(self.otp_label)
        otp_row.addWidget(self.otp_column, 1)
        grid.addLayout(otp_row, 2, 1, 1, 2)
        grid.addWidget(self.file_error, 3, 1, 1, 2)
        grid.addWidget(self.radios[SEARCH], 4, 0)
        grid.addWidget(self.query, 4, 1)
        grid.addWidget(self.found, 4, 2)
        grid.addWidget(self.radios[SELECTED], 5, 0)
        grid.addWidget(self.selected_label, 5, 1, 1, 2)
        grid.addWidget(self.radios[NUMBERS], 6, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.numbers, 6, 1, 1, 2)

        column = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        column.addWidget(self.intro)
        column.addLayout(grid)
        column.addWidget(self.voice_otp)
        column.addWidget(self.again)
        column.addStretch(1)
        self.radios[FILE].setChecked(True)
        self._campaign_changed()

    # --- what was chosen -----------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return next(kind for kind, radio in self.radios.items() if radio.isChecked())

    @property
    def campaign_id(self) -> str | None:
        value = self.campaign.currentData()
        return value if isinstance(value, str) else None

    def campaign_object(self) -> Campaign | None:
        return next((c for c in self.campaigns if c.id == self.campaign_id), None)

    def otp_choice(self) -> str | None:
        """The OTP column as the reader takes it (its number from 1), None without one."""
        if not self.voice_otp.isChecked() or self.kind != FILE:
            return None
        index = self.otp_column.currentData()
        return str(index + 1) if isinstance(index, int) else None

    def typed_numbers(self) -> list[str]:
        text = self.numbers.toPlainText().replace(";", "\n").replace(",", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def ready(self) -> bool:
        """Whether the choice can be checked (what is wrong is said on the way)."""
        if self.campaign_id is None:
            return False
        kind = self.kind
        if kind == FILE:
            ready = bool(self.path.text()) and not self.file_error.isVisible()
            return ready and (not self.voice_otp.isChecked() or self.otp_column.count() > 0)
        if kind == SEARCH:
            return bool(self.query.text().strip())
        if kind == SELECTED:
            return self.selected is not None
        return bool(self.typed_numbers())

    # --- reacting ------------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Contacts to push"), self.folder, file_filter()
        )
        if path:
            self.set_path(Path(path))

    def set_path(self, path: Path) -> None:
        """Looks at the file's columns (its first rows only) for the OTP choice."""
        self.folder = str(path.parent)
        self.path.setText(str(path))
        self.radios[FILE].setChecked(True)
        self.file_error.setVisible(False)
        try:
            self.columns = contact_files.push_columns(path)
        except ContactFileError as error:
            self.columns = Columns([])
            self.file_error.setText(explain(error.code, self.services.lang, **error.params).message)
            self.file_error.setVisible(True)
        self._fill_otp_columns()
        self.changed.emit()

    def _fill_otp_columns(self) -> None:
        self.otp_column.clear()
        for index, header in enumerate(self.columns.headers):
            label = header or self.tr("Column {number}").format(number=index + 1)
            self.otp_column.addItem(label, index)
        if self.columns.otp_guess is not None:
            self.otp_column.setCurrentIndex(self.columns.otp_guess)
        self._kind_changed()

    def _focus_field(self, kind: str) -> None:
        fields = {FILE: self.choose, SEARCH: self.query, NUMBERS: self.numbers}
        if kind in fields:
            fields[kind].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _campaign_changed(self) -> None:
        campaign = self.campaign_object()
        self.voice_otp.setChecked(bool(campaign and campaign.voice_otp))
        self.changed.emit()

    def _kind_changed(self) -> None:
        kind = self.kind if any(r.isChecked() for r in self.radios.values()) else FILE
        self.path.setEnabled(kind == FILE)
        self.choose.setEnabled(kind == FILE)
        otp = kind == FILE and self.voice_otp.isChecked()
        self.otp_column.setEnabled(otp and self.otp_column.count() > 0)
        self.otp_label.setEnabled(otp)
        self.query.setEnabled(kind == SEARCH)
        self.numbers.setEnabled(kind == NUMBERS)
        self.changed.emit()

    def _query_changed(self, text: str) -> None:
        if text.strip():
            self.radios[SEARCH].setChecked(True)
        try:
            count = self.services.contacts.count(text) if text.strip() else 0
        except StoreError:
            count = 0
        self.found.setText(self.tr("{count} found").format(count=count))
        self.changed.emit()

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "Choose the campaign and the contacts. Nothing is sent before you have seen "
                "what will be pushed and confirmed it."
            )
        )
        self.campaign_label.setText(self.tr("Campai&gn:"))
        self.campaign.setAccessibleName(self.tr("Campaign"))
        self.radios[FILE].setText(self.tr("A &file:"))
        self.radios[SEARCH].setText(self.tr("Contacts &matching:"))
        self.radios[SELECTED].setText(self.tr("The contact &selected:"))
        self.radios[NUMBERS].setText(self.tr("N&umbers:"))
        self.path.setPlaceholderText(self.tr("CSV or vCard (.vcf)"))
        self.path.setAccessibleName(self.tr("File to push"))
        self.choose.setText(self.tr("C&hoose…"))
        self.otp_label.setText(self.tr("&OTP column:"))
        self.otp_column.setAccessibleName(self.tr("Column of OTP codes"))
        self.query.setPlaceholderText(self.tr("A name, a company or digits of a number"))
        self.query.setAccessibleName(self.tr("Contacts to push"))
        self._query_changed(self.query.text())
        self.selected_label.setText(
            self.selected.name
            if self.selected is not None
            else self.tr("(none: select one in the Contacts tab first)")
        )
        self.numbers.setPlaceholderText(self.tr("One number a line (or separated by commas)"))
        self.numbers.setAccessibleName(self.tr("Numbers to push"))
        self.voice_otp.setText(
            self.tr("&Voice OTP campaign: every contact needs an OTP code (000001 to 999999)")
        )
        self.again.setText(
            self.tr("Push &again numbers already pushed to this campaign (their calls start again)")
        )
        for index, header in enumerate(self.columns.headers):
            if not header:
                self.otp_column.setItemText(
                    index, self.tr("Column {number}").format(number=index + 1)
                )
