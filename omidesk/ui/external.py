"""Numbers from outside the window — tel:/callto: links, the clipboard, the X11 selection,
requests of later `omidesk …` starts — go through one rule: confirm first (default) or
dial at once, and anything that is not a number says why it was not dialled."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

from omidesk.domain.catalogue import explain
from omidesk.ui.confirm_window import Candidate, ConfirmWindow

if TYPE_CHECKING:
    from omidesk.domain.numbers import PhoneNumber
    from omidesk.services import Services
    from omidesk.ui.dial_controller import DialController
    from omidesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class ExternalRequests(QObject):
    """Turns outside requests into a confirm window or a direct dial."""

    # (title, message) for a notification when the window is not visible.
    notify = Signal(str, str)

    def __init__(
        self,
        services: Services,
        window: MainWindow,
        controller: DialController,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.window = window
        self.controller = controller
        self.confirm: ConfirmWindow | None = None

    # --- entry points ---------------------------------------------------------------------

    def handle(self, message: dict[str, Any]) -> None:
        """A request from another `omidesk …` start, or the one this process started with."""
        command = message.get("cmd")
        if command == "show":
            self.window.show_and_raise()
        elif command == "link":
            self.handle_link(str(message.get("uri", "")))
        elif command == "dial-clipboard":
            mode = str(message.get("mode", "clipboard"))
            self.handle_text(clipboard_text(mode), "clipboard")
        elif command == "dial":
            self.handle_text(str(message.get("text", "")), str(message.get("source", "link")))
        elif command == "partner":
            self.window.open_companies()  # `omidesk partner`: the Companies window
        else:
            log.warning("unknown request %r", command)

    def handle_link(self, uri: str) -> None:
        from omidesk.domain.uri import LinkRejection, parse_phone_link  # noqa: PLC0415

        link = parse_phone_link(uri)
        if isinstance(link, LinkRejection):
            self._not_dialled(explain(link.reason, self.services.lang, text=uri[:80]).message)
            return
        note = ""
        if link.extension:
            note = self.tr(
                "The link asks for extension {ext}: dial it on your phone once connected."
            ).format(ext=link.extension)
        self.handle_number(link.number, "link", note=note)

    def handle_text(self, text: str, source: str) -> None:
        """Free text (clipboard, selection): every number in it; one → confirm/dial it,
        several → the agent picks one, none → why not."""
        from omidesk.domain.numbers import find_numbers  # noqa: PLC0415

        found = find_numbers(text, self.services.settings.dial_format)
        if not found:
            self._reject(text)
            return
        if len(found) == 1:
            self.handle_number(found[0].e164, source)
            return
        self._confirm([self._candidate(number) for number in found], source)

    def handle_number(self, text: str, source: str, *, note: str = "") -> None:
        from omidesk.domain.numbers import Rejection  # noqa: PLC0415

        checked = self.services.dialer.check(text)
        if isinstance(checked, Rejection):
            self._reject(text)
            return
        candidate = self._candidate(checked, note)
        if self.services.settings.external_dial == "direct":
            self._dial(candidate.text, source)
        else:
            self._confirm([candidate], source)

    # --- helpers -----------------------------------------------------------------------------

    def _candidate(self, number: PhoneNumber, note: str = "") -> Candidate:
        from omidesk.domain import messages  # noqa: PLC0415

        # The agent's contact's name, else OMICall's (cached): the confirm window opens now.
        name = self.services.names.name_of(number.e164)
        if number.converted_from:
            converted = messages.CONVERTED(
                self.services.lang, old=number.converted_from, new=number.display
            )
            note = f"{converted}\n{note}".strip()
        # Dial the unambiguous international form; the dialer converts it for OMICall.
        return Candidate(number.e164, number.display, name, note)

    def _confirm(self, candidates: list[Candidate], source: str) -> None:
        self._close_previous()
        window = ConfirmWindow(candidates, source=source, hotline=self._hotline(), parent=None)
        window.confirmed.connect(self._dial)
        self.confirm = window
        window.present()

    def _not_dialled(self, problem: str) -> None:
        self._close_previous()
        window = ConfirmWindow([], source="", hotline=self._hotline(), problem=problem)
        self.confirm = window
        window.present()
        self.notify.emit(self.tr("Not dialled"), problem)

    def _reject(self, text: str) -> None:
        from omidesk.domain.numbers import Rejection, normalise  # noqa: PLC0415

        result = normalise(text)
        if isinstance(result, Rejection):
            params = {"text": text.strip()[:80] or "—", **result.details}
            self._not_dialled(explain(result.reason.value, self.services.lang, **params).message)
        else:  # pragma: no cover - callers only reject what did not normalise
            self._not_dialled(text)

    def _dial(self, text: str, source: str) -> None:
        if not self.window.dial_external(text, source):
            self.notify.emit(
                self.tr("Not dialled"),
                self.tr("Another call is being placed; try again in a moment."),
            )

    def _hotline(self) -> str:
        return self.window.selected_hotline() or self.services.settings.hotline

    def _close_previous(self) -> None:
        if self.confirm is not None:
            # It may already be deleted by Qt (WA_DeleteOnClose).
            with contextlib.suppress(RuntimeError):
                self.confirm.close()
            self.confirm = None


def clipboard_text(mode: str = "clipboard") -> str:
    """Text of the clipboard, or of the X11 primary selection where there is one (falling
    back to the clipboard when nothing is selected)."""
    clipboard = QGuiApplication.clipboard()
    if mode == "selection" and clipboard.supportsSelection():
        selected = clipboard.text(QClipboard.Mode.Selection)
        if selected.strip():
            return selected
        # Nothing selected (or the selection was cleared): what was copied is meant.
    return clipboard.text(QClipboard.Mode.Clipboard)
