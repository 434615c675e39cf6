"""The New company dialog: the same checks as `omidesk partner add` (each field's problem
under it, nothing sent while one remains), sent once, then waiting for the activation."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.domain.tenants import Invalid, check_new_tenant
from omidesk.ui import tasks
from omidesk.ui.widgets import error_label

if TYPE_CHECKING:
    from omidesk.services import Services
    from omidesk.usecases.create_tenant import Created

FIELDS = ("email", "password", "full_name", "owner_name", "phone")


class NewCompanyDialog(QDialog):
    """Opened with open(), never exec(): it runs beside the window's asyncio loop."""

    created = Signal(str)  # the new company's id, as soon as OMICall gives it

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.task: asyncio.Task[None] | None = None
        self.outcome: Created | None = None
        self.created_id: str | None = None  # once OMICall gave it: closing only stops waiting
        self.setMinimumWidth(480)

        self.inputs: dict[str, QLineEdit] = {name: QLineEdit() for name in FIELDS}
        self.inputs["password"].setEchoMode(QLineEdit.EchoMode.Password)
        self.inputs["full_name"].setMaxLength(1000)
        self.errors: dict[str, QLabel] = {name: error_label() for name in FIELDS}
        self.labels: dict[str, QLabel] = {name: QLabel() for name in FIELDS}
        self.show_password = QCheckBox()
        self.show_password.toggled.connect(self._show_password)
        self.auto_active = QCheckBox()
        self.auto_active.setChecked(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name in FIELDS:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(self.inputs[name])
            if name == "password":
                box.addWidget(self.show_password)
            box.addWidget(self.errors[name])
            self.labels[name].setBuddy(self.inputs[name])
            form.addRow(self.labels[name], box)
            self.inputs[name].textEdited.connect(lambda _text, n=name: self._clear_error(n))
        form.addRow("", self.auto_active)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setVisible(False)
        self.result_problem = error_label(selectable=True)

        self.buttons = QDialogButtonBox()
        self.create_button: QPushButton = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button: QPushButton = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_company)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(self.result_problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.retranslate()

    # --- checking and sending -------------------------------------------------------------

    def values(self) -> dict[str, str]:
        return {name: self.inputs[name].text() for name in FIELDS}

    def create_company(self) -> None:
        if self.task is not None:
            return
        if self.outcome is not None and self.outcome.ok:
            self.accept()
            return
        checked = check_new_tenant(**self.values(), auto_active=self.auto_active.isChecked())
        if isinstance(checked, list):
            self.show_problems(checked)
            return
        self._busy(True, self.tr("Creating the company…"))
        self.task = tasks.spawn(self._create(), name="partner-add")

    async def _create(self) -> None:
        def told(tenant_id: str) -> None:
            self.created_id = tenant_id
            if shiboken6.isValid(self):
                self.status.setText(
                    self.tr("Created. Waiting for OMICall to activate it (up to 15 s)…")
                )
                self.close_button.setEnabled(True)  # from now on, closing only stops waiting
                self.created.emit(tenant_id)

        try:
            outcome = await self.services.partner.creation().create(
                **self.values(), auto_active=self.auto_active.isChecked(), on_created=told
            )
        finally:
            self.task = None
        if not shiboken6.isValid(self):
            return  # closed while waiting for the activation
        self.outcome = outcome
        self._busy(False, "")
        if outcome.problems:
            self.show_problems(list(outcome.problems))
            return
        if outcome.ok:
            self.status.setText(outcome.message)
            self.status.setVisible(True)
            self.result_problem.setVisible(False)
            self.create_button.setText(self.tr("&Close"))
            self.close_button.setVisible(False)
            for field in self.inputs.values():
                field.setEnabled(False)
            self.auto_active.setEnabled(False)
            self.create_button.setFocus()
            return
        self.status.setVisible(False)
        self.result_problem.setText(f"{outcome.message}\n{outcome.next_step}")
        self.result_problem.setVisible(True)

    def show_problems(self, problems: list[Invalid]) -> None:
        """Each problem under its field; the first field with one gets the focus."""
        lang = self.services.lang
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            said = explain(problem.code, lang, **problem.params)
            by_field.setdefault(problem.field, []).append(said.message)
        for name in FIELDS:
            messages = by_field.get(name, [])
            self.errors[name].setText("\n".join(messages))
            self.errors[name].setVisible(bool(messages))
            self.inputs[name].setAccessibleDescription(" ".join(messages))
        first = next((name for name in FIELDS if name in by_field), None)
        if first is not None:
            self.inputs[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_error(self, name: str) -> None:
        self.errors[name].setVisible(False)

    def _busy(self, busy: bool, text: str) -> None:
        self.busy.setVisible(busy)
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.create_button.setEnabled(not busy)
        # While the request may be on its way, the dialog stays: it must say how it ended.
        self.close_button.setEnabled(not busy)
        for field in self.inputs.values():
            field.setReadOnly(busy)

    def _show_password(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.inputs["password"].setEchoMode(mode)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The password is not kept in a hidden dialog.
        self.inputs["password"].clear()
        super().closeEvent(event)

    def busy_sending(self) -> bool:
        """The request is on its way: closing now would hide whether the company exists."""
        return self.task is not None and self.created_id is None

    def done(self, result: int) -> None:
        if self.busy_sending():
            return
        if self.task is not None:
            self.task.cancel()  # created: only the waiting for the activation stops
        self.inputs["password"].clear()
        super().done(result)

    # --- language ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New company"))
        texts = {
            "email": self.tr("Owner's &e-mail:"),
            "password": self.tr("&Password:"),
            "full_name": self.tr("&Company name:"),
            "owner_name": self.tr("&Owner's name:"),
            "phone": self.tr("Owner's p&hone:"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
            self.inputs[name].setAccessibleName(text.replace("&", "").rstrip(":"))
        self.inputs["email"].setPlaceholderText(self.tr("e.g. chu@congty.vn"))
        self.inputs["password"].setPlaceholderText(
            self.tr("8+ characters: upper and lower case, a digit, a special character")
        )
        self.inputs["phone"].setPlaceholderText(self.tr("e.g. 0901 234 567"))
        self.show_password.setText(self.tr("Show the password"))
        self.auto_active.setText(self.tr("&Activate the account at once"))
        if self.outcome is None or not self.outcome.ok:
            self.create_button.setText(self.tr("C&reate"))
        else:
            self.create_button.setText(self.tr("&Close"))
        self.close_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
