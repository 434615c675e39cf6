"""The Campaigns tab's two small dialogs: a campaign's id and name, and the secret key."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.autocall.campaigns import Campaign, valid_id
from omidesk.ui.widgets import error_label, save_cancel_buttons


class CampaignDialog(QDialog):
    """Adds a campaign by its id on aicallcenter.vn, or renames one (the id is then fixed).
    Opened with open(), never exec(); `saved` carries the campaign."""

    saved = Signal(object)  # Campaign

    def __init__(self, campaign: Campaign | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignDialog")
        self.editing = campaign
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.id_field = QLineEdit(campaign.id if campaign else "")
        self.id_field.setReadOnly(campaign is not None)
        self.name_field = QLineEdit(campaign.name if campaign else "")
        self.otp = QCheckBox()
        self.otp.setChecked(bool(campaign and campaign.voice_otp))
        self.error = error_label()
        form = QFormLayout()
        self.id_label, self.name_label = QLabel(), QLabel()
        self.id_label.setBuddy(self.id_field)
        self.name_label.setBuddy(self.name_field)
        form.addRow(self.id_label, self.id_field)
        form.addRow(self.name_label, self.name_field)
        form.addRow("", self.otp)
        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(
            self._save, self.reject
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        (self.name_field if campaign else self.id_field).setFocus()

    def retranslate(self) -> None:
        adding = self.editing is None
        self.setWindowTitle(self.tr("Add a campaign") if adding else self.tr("Rename the campaign"))
        self.intro.setText(
            self.tr(
                "The campaign's id is the number aicallcenter.vn shows for it. The name is "
                "yours: AutoCall does not give one."
            )
        )
        self.id_label.setText(self.tr("Campaign &id:"))
        self.name_label.setText(self.tr("&Name:"))
        self.id_field.setAccessibleName(self.tr("Campaign id"))
        self.name_field.setAccessibleName(self.tr("Campaign name"))
        self.name_field.setPlaceholderText(self.tr("e.g. Payment reminders, June"))
        self.otp.setText(self.tr("&Voice OTP campaign (every contact needs an OTP code)"))
        self.save_button.setText(self.tr("Save"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _save(self) -> None:
        campaign_id = self.id_field.text().strip()
        if not valid_id(campaign_id):
            self.error.setText(self.tr("The campaign id is letters, digits, - or _, such as 1001."))
            self.error.setVisible(True)
            self.id_field.setFocus()
            return
        name = " ".join(self.name_field.text().split())
        self.saved.emit(Campaign(campaign_id, name, self.otp.isChecked()))
        self.accept()


class SecretDialog(QDialog):
    """Asks for AutoCall's secret key, hidden as typed; `entered` carries it. Nothing is
    shown of the key already stored."""

    entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("secretDialog")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_key = QCheckBox()
        self.show_key.toggled.connect(self._shown)
        self.error = error_label()
        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(
            self._save, self.reject
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.field)
        layout.addWidget(self.show_key)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.field.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("AutoCall secret key"))
        self.intro.setText(
            self.tr(
                "Copy the secret key from your profile on aicallcenter.vn. OmiDesk keeps it "
                "in the system keyring. If it is changed on the website, every old token "
                "stops working: store the new one here."
            )
        )
        self.field.setAccessibleName(self.tr("Secret key"))
        self.show_key.setText(self.tr("S&how the key"))
        self.save_button.setText(self.tr("Save"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _shown(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.field.setEchoMode(mode)

    def _save(self) -> None:
        secret = self.field.text().strip()
        if not secret:
            self.error.setText(self.tr("Paste the secret key first."))
            self.error.setVisible(True)
            return
        self.field.clear()  # the key leaves the widget at once
        self.entered.emit(secret)
        self.accept()
