"""The Top up dialog, in three steps: the form (checked as `omidesk partner top-up` checks
it), the confirmation that repeats company, e-mail, amount and wallet (and any earlier
top-up still unknown), then what happened. Recorded before sending, sent once."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.catalogue import explain
from omidesk.domain.tenants import (
    MIN_DESCRIPTION_CHARS,
    Invalid,
    Tenant,
    Wallet,
    check_top_up,
    format_vnd,
    parse_amount,
    same_email,
)
from omidesk.ui import tasks
from omidesk.ui.theme import error_style
from omidesk.ui.widgets import error_label

if TYPE_CHECKING:
    from omidesk.services import Services
    from omidesk.usecases.top_up import Outcome, Plan, TopUps

FIELDS = ("email", "amount", "wallet", "description")
FORM, CONFIRM, RESULT = range(3)


class TopUpDialog(QDialog):
    """Opened with open(), never exec(): the plan and the sending run on the asyncio loop."""

    finishedTopUp = Signal(object)  # the use case's Outcome, once sent (done, refused, unknown)

    def __init__(
        self,
        services: Services,
        tenants: Sequence[Tenant],
        selected: Tenant | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._tenants = list(tenants)
        self.case: TopUps | None = None
        self.plan: Plan | None = None
        self.outcome: Outcome | None = None
        self.task: asyncio.Task[None] | None = None
        self.setMinimumWidth(520)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._form_page(selected))
        self.pages.addWidget(self._confirm_page())
        self.pages.addWidget(self._result_page())

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setVisible(False)

        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        self.retranslate()
        self._show_page(FORM)

    # --- the pages ----------------------------------------------------------------------------

    def _form_page(self, selected: Tenant | None) -> QWidget:
        page = QWidget()
        self.email = QLineEdit(selected.email if selected is not None else "")
        completer = QCompleter([t.email for t in self._tenants], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.email.setCompleter(completer)
        self.company = QLabel()
        self.company.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.amount = QLineEdit()
        self.amount_hint = QLabel()
        self.call_wallet = QRadioButton()
        self.service_wallet = QRadioButton()
        self.call_wallet.setChecked(True)
        self.wallets = QButtonGroup(self)
        self.wallets.addButton(self.call_wallet)
        self.wallets.addButton(self.service_wallet)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.counter = QLabel()
        self.errors: dict[str, QLabel] = {name: error_label() for name in FIELDS}
        self.labels: dict[str, QLabel] = {name: QLabel() for name in FIELDS}

        self.email.textChanged.connect(self._email_changed)
        self.amount.textChanged.connect(self._amount_changed)
        self.description.textChanged.connect(self._description_changed)

        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        wallet_row = QVBoxLayout()
        wallet_row.addWidget(self.call_wallet)
        wallet_row.addWidget(self.service_wallet)
        editors: dict[str, tuple[QWidget | QVBoxLayout, ...]] = {
            "email": (self.email, self.company),
            "amount": (self.amount, self.amount_hint),
            "wallet": (wallet_row,),
            "description": (self.description, self.counter),
        }
        buddies = {
            "email": self.email,
            "amount": self.amount,
            "wallet": self.call_wallet,
            "description": self.description,
        }
        for name in FIELDS:
            box = QVBoxLayout()
            box.setSpacing(2)
            for item in editors[name]:
                if isinstance(item, QVBoxLayout):
                    box.addLayout(item)
                else:
                    box.addWidget(item)
            box.addWidget(self.errors[name])
            self.labels[name].setBuddy(buddies[name])
            form.addRow(self.labels[name], box)
        self._email_changed()
        self._amount_changed()
        self._description_changed()
        return page

    def _confirm_page(self) -> QWidget:
        page = QWidget()
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.RichText)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(error_style() + " font-weight: bold;")
        self.warning.setVisible(False)
        layout = QVBoxLayout(page)
        layout.addWidget(self.question)
        layout.addWidget(self.warning)
        layout.addStretch(1)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_detail = QLabel()
        self.result_detail.setWordWrap(True)
        self.result_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(page)
        layout.addWidget(self.result_label)
        layout.addWidget(self.result_detail)
        layout.addStretch(1)
        return page

    # --- live hints while typing --------------------------------------------------------

    def _email_changed(self) -> None:
        typed = self.email.text()
        match = next((t for t in self._tenants if same_email(t.email, typed)), None)
        self.company.setText(match.full_name if match is not None else "")
        self.company.setVisible(match is not None)
        self.errors["email"].setVisible(False)

    def _amount_changed(self) -> None:
        text = self.amount.text().strip()
        self.errors["amount"].setVisible(False)
        if not text:
            self.amount_hint.setText(self.tr("At least 10.000 ₫, whole đồng."))
            self.amount_hint.setStyleSheet("")
            self.amount_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            return
        amount = parse_amount(text)
        if isinstance(amount, Invalid):
            said = explain(amount.code, self.services.lang, **amount.params)
            self.amount_hint.setText(said.message)
            self.amount_hint.setStyleSheet(error_style())
        else:
            # What will be sent, as the confirmation will say it.
            self.amount_hint.setText("= " + format_vnd(amount))
            self.amount_hint.setStyleSheet("font-weight: bold;")
        self.amount.setAccessibleDescription(self.amount_hint.text())

    def _description_changed(self) -> None:
        length = len(" ".join(self.description.toPlainText().split()))
        self.counter.setText(
            self.tr("1 character (at least {minimum})").format(minimum=MIN_DESCRIPTION_CHARS)
            if length == 1
            else self.tr("{count} characters (at least {minimum})").format(
                count=length, minimum=MIN_DESCRIPTION_CHARS
            )
        )
        self.counter.setStyleSheet("" if length >= MIN_DESCRIPTION_CHARS else error_style())
        self.errors["description"].setVisible(False)

    # --- the steps -------------------------------------------------------------------------

    def wallet(self) -> Wallet:
        return Wallet.SERVICE if self.service_wallet.isChecked() else Wallet.CALL

    def next(self) -> None:
        if self.task is not None:
            return
        page = self.pages.currentIndex()
        if page == FORM:
            self._check_and_plan()
        elif page == CONFIRM and self.plan is not None:
            self._send(self.plan)
        else:
            self.accept()

    def back(self) -> None:
        if self.task is None and self.pages.currentIndex() == CONFIRM:
            self.plan = None
            self._show_page(FORM)

    def _fields(self) -> dict[str, str]:
        return {
            "email": self.email.text(),
            "amount": self.amount.text(),
            "description": self.description.toPlainText(),
            "wallet": self.wallet().value,
        }

    def _check_and_plan(self) -> None:
        fields = self._fields()
        checked = check_top_up(**fields)
        if isinstance(checked, list):
            self.show_problems(checked)
            return
        self.case = self.services.partner.top_ups()
        self._busy(True)
        self.task = tasks.spawn(self._plan(fields), name="partner-top-up-plan")

    async def _plan(self, fields: dict[str, str]) -> None:
        from omidesk.usecases.top_up import Plan  # noqa: PLC0415

        assert self.case is not None
        try:
            plan = await self.case.plan(**fields)
        finally:
            self.task = None
        if not shiboken6.isValid(self):
            return  # closed while reading: nothing was sent
        self._busy(False)
        if not isinstance(plan, Plan):
            if plan.problems:
                self.show_problems(list(plan.problems))
            else:
                self.show_problems([Invalid("email", plan.error or "partner_unknown", plan.params)])
            return
        self.plan = plan
        self._show_plan()
        self._show_page(CONFIRM)

    def _show_plan(self) -> None:
        plan = self.plan
        if plan is None:
            return
        lang = self.services.lang
        balance = plan.balance_line(lang)
        self.question.setText(
            f"<p style='font-size: large'><b>{_unbroken(plan.headline(lang))}</b></p>"
            + (f"<p>{_unbroken(balance)}</p>" if balance else "")
        )
        self.question.setAccessibleName(plan.question(lang))
        warning = plan.warning_line(lang)
        self.warning.setText(warning or "")
        self.warning.setVisible(warning is not None)

    def _send(self, plan: Plan) -> None:
        assert self.case is not None
        self._busy(True)
        self.task = tasks.spawn(self._sending(plan), name="partner-top-up")

    async def _sending(self, plan: Plan) -> None:
        assert self.case is not None
        try:
            outcome = await self.case.send(plan)
        finally:
            self.task = None
        if not shiboken6.isValid(self):
            return  # the app is closing: the ledger says how it ended
        self._busy(False)
        self.outcome = outcome
        mark = "✓" if outcome.ok else "✗"
        self.result_label.setText(f"{mark} {outcome.message}")
        self.result_label.setStyleSheet("font-weight: bold;" if outcome.ok else error_style())
        # What to do first (an unknown outcome: check the balance), then the details.
        detail = [outcome.next_step] if outcome.next_step else []
        detail += outcome.lines
        self.result_detail.setText("\n".join(detail))
        self._show_page(RESULT)
        self.finishedTopUp.emit(outcome)

    def show_problems(self, problems: list[Invalid]) -> None:
        lang = self.services.lang
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            said = explain(problem.code, lang, **problem.params)
            text = said.message if problem.field in FIELDS else f"{said.message} {said.next_step}"
            by_field.setdefault(problem.field if problem.field in FIELDS else "email", []).append(
                text
            )
        for name in FIELDS:
            messages = by_field.get(name, [])
            self.errors[name].setText("\n".join(messages))
            self.errors[name].setVisible(bool(messages))
        focus = {"email": self.email, "amount": self.amount, "wallet": self.call_wallet}
        first = next((name for name in FIELDS if name in by_field), None)
        if first is not None:
            focus.get(first, self.description).setFocus(Qt.FocusReason.OtherFocusReason)

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.next_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy)
        # Closing while the top-up is sent would not stop it: the dialog stays to say how
        # it ended (the ledger records it either way).
        self.close_button.setEnabled(not busy)

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.back_button.setVisible(page == CONFIRM)
        self.close_button.setVisible(page != RESULT)
        self._retranslate_buttons()
        if page == FORM:
            self.next_button.setDefault(True)
            (self.amount if self.email.text() else self.email).setFocus()
        elif page == CONFIRM:
            # Money moves on a deliberate press: Enter alone goes back, not forward.
            self.back_button.setDefault(True)
            self.back_button.setFocus()
        else:
            self.next_button.setDefault(True)
            self.next_button.setFocus()

    def busy_sending(self) -> bool:
        """The top-up is on its way: the dialog stays until it is known how it ended."""
        return self.task is not None and self.pages.currentIndex() == CONFIRM

    def done(self, result: int) -> None:
        if self.busy_sending():
            return
        if self.task is not None:
            self.task.cancel()  # reading the company only: nothing was sent
        super().done(result)

    # --- language ---------------------------------------------------------------------------

    def _retranslate_buttons(self) -> None:
        page = self.pages.currentIndex()
        self.next_button.setText(
            (self.tr("&Continue…"), self.tr("&Top up now"), self.tr("&Close"))[page]
        )
        self.back_button.setText(self.tr("&Back"))
        self.close_button.setText(self.tr("Cancel"))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Top up a company"))
        texts = {
            "email": self.tr("Company &e-mail:"),
            "amount": self.tr("&Amount (VND):"),
            "wallet": self.tr("&Wallet:"),
            "description": self.tr("&Description:"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        self.email.setAccessibleName(self.tr("Company e-mail"))
        self.email.setPlaceholderText(self.tr("the owner's e-mail, e.g. chu@congty.vn"))
        self.amount.setAccessibleName(self.tr("Amount in đồng"))
        self.amount.setPlaceholderText(self.tr("e.g. 1.500.000"))
        self.call_wallet.setText(self.tr("Call wallet (NORMAL)"))
        self.service_wallet.setText(self.tr("Service wallet (SPK)"))
        self.description.setAccessibleName(self.tr("Description of the top-up"))
        self.description.setPlaceholderText(
            self.tr("What it pays for, the contract or invoice: at least 50 characters.")
        )
        self._amount_changed()
        self._description_changed()
        self._retranslate_buttons()
        self._show_plan()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _unbroken(text: str) -> str:
    """Escaped for a rich-text label, an amount never broken from its ₫ at a line's end."""
    return html.escape(text).replace(" ₫", "&nbsp;₫")
