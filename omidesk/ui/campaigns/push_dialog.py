"""The push dialog: the source, the checks' report with a preview and the confirmation, the
push itself (progress, Stop between two batches), and what AutoCall did with it."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.autocall.campaigns import Campaign
from omidesk.domain.autocall.push import PushPlan, PushReport
from omidesk.domain.catalogue import explain
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.infra import contact_files
from omidesk.store.autocall import AutoCallStore
from omidesk.store.contacts import ContactStore
from omidesk.store.db import Database, StoreError
from omidesk.ui import tasks
from omidesk.ui.campaigns.check_page import CheckPage
from omidesk.ui.campaigns.source_page import FILE, NUMBERS, SEARCH, SourcePage
from omidesk.ui.widgets import error_label
from omidesk.ui.workers import in_worker
from omidesk.usecases.autocall_push import (
    Gathered,
    from_contacts,
    from_file,
    from_numbers,
    prepare,
    push,
)

if TYPE_CHECKING:
    from omidesk.domain.contacts import Contact
    from omidesk.services import Services

_SEARCH_LIMIT = 100_000


class PushDialog(QDialog):
    """Modeless (open(), never exec()): the agent keeps calling while a push runs.
    `pushed` carries the campaign's id once a push has ended (its results may be synced)."""

    pushed = Signal(str)
    resultsRequested = Signal(str)

    def __init__(
        self,
        services: Services,
        campaigns: list[Campaign],
        current: str | None = None,
        selected: Contact | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("pushDialog")
        self.setSizeGripEnabled(True)
        self.step = "source"
        self.plan: PushPlan | None = None
        self.report: PushReport | None = None
        self._stop = threading.Event()
        self._task: asyncio.Task[Any] | None = None
        self._problem: tuple[str, dict[str, Any], str | None] | None = None

        self.pages = QStackedWidget()
        self.source = SourcePage(services, campaigns, current, selected)
        self.source.changed.connect(self._update_buttons)
        self.check = CheckPage()
        self.progress_page = QWidget()
        column = QVBoxLayout(self.progress_page)
        self.progress_title = QLabel()
        self.progress_title.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_label = QLabel()
        column.addStretch(1)
        for widget in (self.progress_title, self.progress_bar, self.progress_label):
            column.addWidget(widget)
        column.addStretch(2)
        self.report_page = QWidget()
        column = QVBoxLayout(self.report_page)
        self.report_title = QLabel()
        self.report_title.setObjectName("pushReportTitle")
        self.report_text = QLabel()
        self.report_text.setWordWrap(True)
        self.report_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.report_title)
        column.addWidget(self.report_text)
        column.addStretch(1)
        for page in (self.source, self.check, self.progress_page, self.report_page):
            self.pages.addWidget(page)
        self.error = error_label(selectable=True)

        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.back_button = self._button(role.ActionRole, self.back)
        self.check_button = self._button(role.AcceptRole, self.run_checks)
        self.push_button = self._button(role.AcceptRole, self.start_push)
        self.stop_button = self._button(role.RejectRole, self.stop)
        self.results_button = self._button(role.ActionRole, self._show_results)
        self.close_button = self._button(role.RejectRole, self.close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 120, metrics.lineSpacing() * 25)
        self._show_step("source")

    def _button(self, role: QDialogButtonBox.ButtonRole, slot: Any) -> QPushButton:
        button = self.buttons.addButton("", role)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # --- steps ---------------------------------------------------------------------------------

    def _show_step(self, step: str) -> None:
        self.step = step
        pages = {
            "source": self.source,
            "checking": self.source,
            "check": self.check,
            "pushing": self.progress_page,
            "report": self.report_page,
        }
        self.pages.setCurrentWidget(pages[step])
        self._update_buttons()
        if step == "check":
            target = self.push_button if self.push_button.isEnabled() else self.back_button
            target.setFocus()
        elif step == "report":
            self.close_button.setFocus()

    def _update_buttons(self) -> None:
        step = self.step
        self.back_button.setVisible(step == "check")
        self.check_button.setVisible(step in ("source", "checking"))
        self.check_button.setEnabled(step == "source" and self.source.ready())
        self.push_button.setVisible(step == "check")
        self.push_button.setEnabled(bool(self.plan and self.plan.to_send))
        self.stop_button.setVisible(step == "pushing")
        self.results_button.setVisible(step == "report")
        self.close_button.setVisible(step != "pushing")
        self.source.setEnabled(step == "source")
        if step in ("source", "check"):
            self.check_button.setDefault(step == "source")

    def back(self) -> None:
        self.error.setVisible(False)
        self._show_step("source")

    # --- the checks (in a worker: a big file takes seconds) -----------------------------------

    def run_checks(self) -> None:
        if self.step != "source" or not self.source.ready():
            return
        self.error.setVisible(False)
        self._show_step("checking")
        self._task = tasks.spawn(self._check(), name="push checks")

    async def _check(self) -> None:
        source = self.source
        campaign = source.campaign_object()
        assert campaign is not None
        kind = source.kind
        path = Path(source.path.text()) if kind == FILE else None
        otp_column = source.otp_choice()
        query = source.query.text().strip()
        numbers = source.typed_numbers()
        selected = source.selected
        otp_required = source.voice_otp.isChecked()
        again = source.again.isChecked()
        database = self.services.paths.database

        def work() -> PushPlan:
            # The window's connection belongs to the Qt thread: the worker opens its own.
            with Database(database) as db:
                if path is not None:
                    gathered = from_file(path, contact_files, otp_column=otp_column)
                elif kind == SEARCH:
                    found = ContactStore(db).search(query, limit=_SEARCH_LIMIT)
                    gathered = Gathered(from_contacts(found))
                elif kind == NUMBERS:
                    gathered = Gathered(from_numbers(numbers))
                else:
                    gathered = Gathered(from_contacts([selected] if selected else []))
                return prepare(
                    campaign.id, gathered, AutoCallStore(db), otp_required=otp_required, again=again
                )

        try:
            plan = await in_worker(work)
        except ContactFileError as error:
            self._failed(error.code, error.params)
            return
        except StoreError as error:
            self._failed(error.code, {"path": error.path})
            return
        if not shiboken6.isValid(self):
            return
        self.plan = plan
        self.check.show_plan(plan, campaign, self.services.lang)
        self._name_push_button()
        self._show_step("check")

    def _failed(self, code: str, params: dict[str, Any], server: str | None = None) -> None:
        if not shiboken6.isValid(self):
            return
        self._problem = (code, params, server)
        self._say_problem()
        self._show_step("source" if self.step == "checking" else self.step)

    def _say_problem(self) -> None:
        if self._problem is None:
            return
        code, params, server = self._problem
        said = explain(code, self.services.lang, server_message=server, **params)
        self.error.setText(f"{said.message} {said.next_step}")
        self.error.setVisible(True)

    # --- the push ------------------------------------------------------------------------------

    def start_push(self) -> None:
        plan = self.plan
        if self.step != "check" or plan is None or not plan.to_send:
            return
        problem = self.services.autocall_problem()
        if problem is not None:
            self._failed(problem.code, dict(problem.params))
            return
        self.error.setVisible(False)
        self._problem = None
        self._stop.clear()
        self.report = PushReport(plan)
        self._progressed(0, len(plan.to_send))
        self._show_step("pushing")
        self._task = tasks.spawn(self._push(self.report), name="autocall push")

    async def _push(self, report: PushReport) -> None:
        services = self.services
        try:
            await push(
                report.plan,
                services.autocall,
                services.autocall_store,
                report=report,
                progress=self._progress,
                cancelled=self._stop.is_set,
            )
        finally:
            if shiboken6.isValid(self):
                self._finished(report)

    def stop(self) -> None:
        """Stops between two batches: the batch being sent is never cut off half way."""
        self._stop.set()
        self.stop_button.setEnabled(False)
        self.progress_label.setText(self.tr("Stopping after this batch…"))

    def _progress(self, sent: int, total: int) -> None:
        """The push's progress, told on the loop's (the Qt) thread between two batches."""
        if shiboken6.isValid(self):
            self._progressed(sent, total)

    def _progressed(self, sent: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(sent)
        if not self._stop.is_set():
            self.progress_label.setText(
                self.tr("Sent {sent} of {total}").format(sent=sent, total=total)
            )

    def _finished(self, report: PushReport) -> None:
        self.stop_button.setEnabled(True)
        self._render_report()
        self._show_step("report")
        self.pushed.emit(report.campaign)

    def _render_report(self) -> None:
        report = self.report
        if report is None:
            return
        lang = self.services.lang
        titles = {
            "ok": self.tr("Pushed: AutoCall added every contact."),
            "partial": self.tr("Pushed in part."),
            "refused": self.tr("Nothing was added."),
            "unknown": self.tr("Outcome unknown for some contacts — check the campaign."),
        }
        self.report_title.setText(f"<b>{titles[report.status]}</b>")
        lines = [
            self.tr("Sent: {sent}. Added by AutoCall: {accepted}.").format(
                sent=report.sent, accepted=len(report.accepted)
            )
        ]
        if report.skipped_by_server:
            lines.append(
                self.tr("Skipped by AutoCall ({count}): {numbers}").format(
                    count=len(report.skipped_by_server), numbers=_listed(report.skipped_by_server)
                )
            )
        if report.unknown:
            lost = report.unknown_error
            said = explain(
                lost.code if lost else "autocall_interrupted",
                lang,
                server_message=lost.server_message if lost else None,
                **(dict(lost.params) if lost else {}),
            )
            lines.append(
                self.tr("Maybe added, never sent again ({count}): {numbers}").format(
                    count=len(report.unknown), numbers=_listed(report.unknown)
                )
            )
            lines.append(f"{said.message} {said.next_step}")
        stop = report.stop
        if stop is not None and stop.consequence != "cancelled":
            said = explain(
                stop.code,
                lang,
                server_message=stop.server_message,
                campaign=report.campaign,
                **dict(stop.params),
            )
            lines.append(f"{said.message} {said.next_step}")
        if report.not_sent:
            lines.append(
                self.tr(
                    "Not sent: {count}. Push the same list again to send them (numbers "
                    "already pushed are skipped)."
                ).format(count=report.not_sent)
            )
        self.report_text.setText("<br>".join(lines))

    def _show_results(self) -> None:
        if self.report is not None:
            self.resultsRequested.emit(self.report.campaign)
        self.close()

    # --- language, closing ---------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Push contacts to an AutoCall campaign"))
        self.source.retranslate()
        self.check.retranslate()
        self.back_button.setText(self.tr("&Back"))
        self.check_button.setText(self.tr("&Check…"))
        self._name_push_button()
        self.stop_button.setText(self.tr("&Stop after this batch"))
        self.results_button.setText(self.tr("Show &results"))
        self.close_button.setText(self.tr("Close"))
        self.progress_title.setText(
            self.tr(
                "Pushing to AutoCall, 200 contacts a batch. You can keep working in the main "
                "window."
            )
        )
        self.progress_bar.setAccessibleName(self.tr("Push progress"))
        self._render_report()
        self._say_problem()

    def _name_push_button(self) -> None:
        """The button says how many contacts it sends: the count is the confirmation."""
        count = len(self.plan.to_send) if self.plan else 0
        if count == 1:
            self.push_button.setText(self.tr("&Push 1 contact"))
        else:
            self.push_button.setText(self.tr("&Push {count} contacts").format(count=count))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.step == "pushing":
            # Closing while a batch is out would leave the agent not knowing what was sent.
            self.stop()
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self.step == "pushing":
            self.stop()
            return
        super().reject()


def _listed(numbers: list[str], limit: int = 20) -> str:
    return ", ".join(numbers[:limit]) + (", …" if len(numbers) > limit else "")
