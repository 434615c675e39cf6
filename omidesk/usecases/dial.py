"""The dial use case every front end calls: validate, record, send once, record the outcome."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from omidesk.domain import messages
from omidesk.domain.catalogue import explain
from omidesk.domain.errors import OmiDeskError, RemoteError, StorageError
from omidesk.domain.numbers import DialFormat, PhoneNumber, Rejection, normalise
from omidesk.domain.records import LIVE_STATUSES, CallStatus, Source
from omidesk.domain.settings import Problem, Settings, base_url_blocked, shown, validate
from omidesk.domain.wire import Wire
from omidesk.usecases.ports import CallLog, Click2Call

log = logging.getLogger(__name__)

REFUSED = "refused"  # an outcome, never a record: nothing was sent or written


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one request to dial, worded in the agent's language."""

    status: str  # a CallStatus value (never "placing"), or "refused"
    input: str
    message: str
    number: str | None = None  # as dialled (sent to OMICall)
    display: str | None = None  # as shown to people
    call_uuid: str | None = None
    next_step: str = ""
    retry: bool = False
    record_id: int | None = None
    extension: str = ""  # the extension that rings (an accepted call's words name it)
    converted_from: str | None = None
    # Why no phone rings, or why nobody knows: the error carries all its words need.
    cause: OmiDeskError | None = None

    @property
    def ok(self) -> bool:
        return self.status == CallStatus.ACCEPTED

    @property
    def error(self) -> str | None:
        """The catalogue code of the cause (None for an accepted call)."""
        return self.cause.code if self.cause is not None else None

    def reword(self, lang: str) -> Outcome:
        """The same outcome in another language (the agent switched while it was shown)."""
        if self.cause is None:
            if self.status != CallStatus.ACCEPTED:
                return self
            ringing = messages.RINGING(lang, extension=self.extension, number=self.display)
            return replace(self, message=ringing)
        explanation = explain(self.cause, lang)
        return replace(self, message=explanation.message, next_step=explanation.next_step)

    def to_json(self) -> dict[str, Any]:
        """The object `omidesk call --json` prints."""
        return {
            "status": self.status,
            "call_uuid": self.call_uuid,
            "number": self.number,
            "input": self.input,
            "error": self.error,
            "message": self.message,
        }


@dataclass(slots=True)
class _Attempt:
    """One call to `Dialer.dial`: what was asked, with which settings, and its number."""

    text: str
    source: str
    extension: str
    hotline: str
    settings: Settings
    number: PhoneNumber | None = None

    @property
    def lang(self) -> str:
        return self.settings.language

    def record(self) -> dict[str, Any]:
        """The call-record columns this attempt fills."""
        return {
            "input": self.text,
            "source": self.source,
            "extension": self.extension,
            "hotline": self.hotline,
            "number": self.number.dial if self.number else None,
            "e164": self.number.e164 if self.number else None,
        }

    def outcome(
        self,
        status: str,
        cause: OmiDeskError | str | None = None,
        /,
        *,
        params: dict[str, Any] | None = None,
        **fields: Any,
    ) -> Outcome:
        """The Outcome, worded by the catalogue when there is a cause: an error, or the
        code of one with its `params`."""
        number = self.number
        if isinstance(cause, str):
            cause = OmiDeskError(cause, **(params or {}))
        if cause is None:
            message, next_step, retry = fields.pop("message", ""), "", False
        else:
            explanation = explain(cause, self.lang)
            message, next_step, retry = (
                explanation.message,
                explanation.next_step,
                explanation.retry,
            )
        return Outcome(
            status=status,
            input=self.text,
            message=message,
            number=number.dial if number else None,
            display=number.display if number else None,
            next_step=next_step,
            retry=retry,
            extension=self.extension,
            converted_from=number.converted_from if number else None,
            cause=cause,
            **fields,
        )


def unrecorded(
    text: str,
    settings: Settings,
    status: CallStatus,
    cause: OmiDeskError,
    *,
    extension: str | None = None,
    hotline: str | None = None,
) -> Outcome:
    """The outcome of an attempt with no record to tell it (the database could not be
    opened, Ctrl+C before anything was written), worded like any other outcome."""
    extension = (extension or settings.extension).strip()
    hotline = (hotline or settings.hotline).strip()
    attempt = _told(text, Source.CLI, extension, hotline, settings)
    return attempt.outcome(status, cause)


def _told(text: str, source: str, extension: str, hotline: str, settings: Settings) -> _Attempt:
    """An attempt rebuilt to word an outcome after the fact, with the number it dials."""
    attempt = _Attempt(text, source, extension, hotline, settings)
    number = normalise(text, DialFormat(settings.dial_format))
    attempt.number = number if isinstance(number, PhoneNumber) else None
    return attempt


class Dialer:
    """One click, one call. Shared by the command line, the window, the tray and links.

    Rules it enforces (DESIGN.md): every attempt is recorded before its request leaves;
    a number already being dialled is refused; a repeat within the window needs the
    caller's confirmation; nothing is ever resent after it may have reached OMICall: the
    one replay is after OMICall refused the token (no call was placed), once.

    It knows its adapters only as ports (usecases.ports); `clock` is the wall clock the
    repeat window is measured with (the call log's record times)."""

    def __init__(
        self,
        *,
        calls: CallLog,
        omicall: Click2Call,
        settings: Callable[[], Settings],
        api_key: Callable[[], str | None],
        listeners: list[Callable[[int], None]] | None = None,
        blocked: Callable[[], Problem | None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.calls = calls
        self.omicall = omicall
        self._clock = clock
        self._settings = settings
        self._api_key = api_key
        # Why the settings forbid any request (LoadedSettings.blocked): names the source.
        self._blocked = blocked
        self._in_flight: set[str] = set()
        # Called with a record id each time a record is written or finished (the recent
        # calls view, the tray's tooltip): the core never calls the UI by name.
        self.listeners: list[Callable[[int], None]] = list(listeners or [])

    def check(self, text: str) -> PhoneNumber | Rejection:
        """The number `text` would dial, or why it would not: for previews, before dialling."""
        return normalise(text, DialFormat(self._settings().dial_format))

    def in_flight(self, e164: str) -> bool:
        return e164 in self._in_flight

    def recorded(self, record_id: int | None) -> Outcome | None:
        """The outcome the record `record_id` tells, for a front end whose dial ended by an
        exception (Ctrl+C): the dialer finished the record first. None if there is no
        finished record to tell it (not written, unreadable, or still `placing`)."""
        if record_id is None:
            return None
        try:
            record = self.calls.get(record_id)
        except StorageError as error:
            log.error("cannot read back call %d: %s", record_id, error.code)
            return None
        if record is None or record.status == CallStatus.PLACING:
            return None
        attempt = _told(
            record.input, record.source, record.extension, record.hotline, self._settings()
        )
        if record.status == CallStatus.ACCEPTED:
            shown = attempt.number.display if attempt.number else record.number
            ringing = messages.RINGING(attempt.lang, extension=record.extension, number=shown)
            return attempt.outcome(
                record.status, message=ringing, call_uuid=record.call_uuid, record_id=record_id
            )
        return attempt.outcome(record.status, record.error(), record_id=record_id)

    async def dial(
        self,
        text: str,
        *,
        source: Source | str = Source.CLI,
        hotline: str | None = None,
        extension: str | None = None,
        confirm_repeat: bool = False,
    ) -> Outcome:
        settings = self._settings()
        attempt = _Attempt(
            text=text,
            source=str(source),
            extension=(extension or settings.extension).strip(),
            hotline=(hotline or settings.hotline).strip(),
            settings=settings,
        )
        refused = self._refused(attempt)
        if refused is not None:
            return refused
        number = normalise(text, DialFormat(settings.dial_format))
        if isinstance(number, Rejection):
            # Text that holds no number is no attempt: the agent reads why (and keeps what
            # was typed, in the field), but the history lists calls, not typing.
            params = {"text": text.strip()[:80], **number.details}
            return attempt.outcome(CallStatus.INVALID, number.reason.value, params=params)
        attempt.number = number

        api_key = self._api_key()
        missing = [
            key
            for key, value in (
                ("api_key", api_key),
                ("base_url", settings.base_url),
                ("extension", attempt.extension),
                ("hotline", attempt.hotline),
            )
            if not value
        ]
        if missing or not api_key:
            return await self._unsent(
                attempt, CallStatus.FAILED, "not_configured", {"missing": missing}
            )

        if number.e164 in self._in_flight:
            return attempt.outcome(REFUSED, "call_in_progress", params={"number": number.display})
        self._in_flight.add(number.e164)
        try:
            return await self._send(attempt, number, api_key, confirm_repeat)
        finally:
            self._in_flight.discard(number.e164)

    def _refused(self, attempt: _Attempt) -> Outcome | None:
        """Settings no call may be placed with, checked before anything is written or sent:
        a server address that is not valid (never replaced by another server), and an
        extension or hotline that is not one (given as an option, or by any caller)."""
        problem = self._blocked() if self._blocked is not None else None
        if problem is None and attempt.settings.base_url:
            problem = base_url_blocked(attempt.settings.base_url)
        if problem is not None:
            return attempt.outcome(CallStatus.FAILED, problem.code, params=dict(problem.params))
        values = {"extension": attempt.extension, "hotline": attempt.hotline}
        cleaned, errors = validate(values, attempt.settings)
        if errors:
            key = errors[0].key
            code = "extension_malformed" if key == "extension" else "hotline_malformed"
            return attempt.outcome(CallStatus.INVALID, code, params={"value": shown(values[key])})
        attempt.extension, attempt.hotline = cleaned.extension, cleaned.hotline
        return None

    async def _record(
        self, attempt: _Attempt, number: PhoneNumber, confirm_repeat: bool
    ) -> int | Outcome:
        """Writes the `placing` record, or says why the call must not be placed: the same
        number is being dialled (by any OmiDesk process) or was dialled within the repeat
        window. Check and write are one atomic statement. While another connection holds
        the write lock (an import's batch), it is awaited: the window runs on meanwhile."""
        params = {"converted_from": number.converted_from} if number.converted_from else None
        window = attempt.settings.repeat_window_s
        since = self._clock() - window if window > 0 else None
        # A confirmed repeat still must not overlap a call that is being placed right now.
        blocking = frozenset({CallStatus.PLACING}) if confirm_repeat else LIVE_STATUSES
        for first_try in (True, False):
            record_id = await self.calls.start_async(
                **attempt.record(), params=params, unless_since=since, unless=blocking
            )
            if record_id is not None:
                return record_id
            last = self.calls.last_live(number.e164, since or 0.0)
            if last is None or last.status != CallStatus.PLACING or not first_try:
                break
            # A `placing` record may be a crashed process's: it then reads as "unknown"
            # (confirmable), not as a call still in progress. Check once and try again.
            if not await self.calls.recover_interrupted_async():
                break
        if last is None or last.status == CallStatus.PLACING:
            return attempt.outcome(REFUSED, "call_in_progress", params={"number": number.display})
        seconds = max(1, math.ceil(self._clock() - last.created_at))
        return attempt.outcome(
            REFUSED, "repeat_within_window", params={"number": number.display, "seconds": seconds}
        )

    async def _send(
        self, attempt: _Attempt, number: PhoneNumber, api_key: str, confirm_repeat: bool
    ) -> Outcome:
        params = {"converted_from": number.converted_from} if number.converted_from else {}
        try:
            recorded = await self._record(attempt, number, confirm_repeat)
        except StorageError as error:
            # Not recorded => not sent: a trace of every call is a promise.
            return attempt.outcome(CallStatus.FAILED, error)
        if isinstance(recorded, Outcome):
            return recorded
        record_id = recorded
        self._changed(record_id)

        settings = attempt.settings
        self.omicall.configure(settings.base_url, api_key, timeout_s=settings.timeout_s)
        # auth + click2call (twice after a refused token): the whole attempt ends within
        # about twice the timeout.
        deadline = time.monotonic() + 2 * settings.timeout_s
        started = time.perf_counter()
        wire = Wire()
        finished = False
        try:
            try:
                call_uuid = await self._click2call(attempt, number, deadline, wire)
            except RemoteError as error:
                status = CallStatus(error.consequence)
                finished = True
                # OMICall's words have a column of their own.
                details = {k: v for k, v in error.params.items() if k != "server_message"}
                await self._finish(
                    record_id,
                    status,
                    error_code=error.code,
                    server_message=error.server_message,
                    params={**details, **params} or None,
                    latency_ms=(time.perf_counter() - started) * 1000,
                )
                return attempt.outcome(status, error, record_id=record_id)
            latency = (time.perf_counter() - started) * 1000
            finished = True
            await self._finish(
                record_id, CallStatus.ACCEPTED, call_uuid=call_uuid, latency_ms=latency
            )
        except BaseException:
            # Cancelled (the window closed, Ctrl+C) or a bug: the record is finished all
            # the same. Left `placing`, it would block this number until OmiDesk restarts.
            if not finished:
                await self._abandon(record_id, sent=wire.sent, started=started)
            raise
        ringing = messages.RINGING(attempt.lang, extension=attempt.extension, number=number.display)
        return attempt.outcome(
            CallStatus.ACCEPTED, message=ringing, call_uuid=call_uuid, record_id=record_id
        )

    async def _click2call(
        self, attempt: _Attempt, number: PhoneNumber, deadline: float, wire: Wire
    ) -> str:
        """Sends the click2call once; once more only if OMICall refused the token, which
        placed no call (the client has forgotten it and signs in again). A second refusal
        is final. `wire` tells, if this is cancelled, whether the request being sent (the
        replay, if there is one) may have left."""
        for replay in (False, True):
            wire.sent = False
            try:
                return await self.omicall.click2call(
                    attempt.extension, attempt.hotline, number.dial, deadline=deadline, wire=wire
                )
            except RemoteError as error:
                if not error.auth_rejected:
                    raise
                if replay:
                    raise error.refused_again() from None
                log.info("OMICall refused the token; signing in again and sending once more")
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    async def _abandon(self, record_id: int, *, sent: bool, started: float) -> None:
        """Finishes the record of a dial that ended by an exception: "unknown" if the
        request may have left (check your phone), "failed" if it never did. (Cancelled,
        the task still awaits the write lock if another connection holds it: the quit
        sequence cancels it once and waits for it to unwind.)"""
        if sent:
            status, code = CallStatus.UNKNOWN, "interrupted"
        else:
            status, code = CallStatus.FAILED, "stopped_before_sending"
        log.warning("dial of call %d stopped (%s); recorded as %s", record_id, code, status)
        try:
            await self._finish(
                record_id,
                status,
                error_code=code,
                latency_ms=(time.perf_counter() - started) * 1000,
            )
        except Exception:
            # Already on the way out with another exception: that one is the news.
            log.exception("cannot record the outcome of call %d", record_id)

    async def _finish(self, record_id: int, status: CallStatus, **fields: Any) -> None:
        try:
            await self.calls.finish_async(record_id, status, **fields)
        except StorageError as error:
            # The agent still sees the outcome; the record stays "placing" and reads as
            # "unknown" from the next start on, which is honest about what we know.
            log.error("cannot record the outcome of call %d: %s", record_id, error.code)
        self._changed(record_id)

    async def _unsent(
        self, attempt: _Attempt, status: CallStatus, code: str, params: dict[str, Any]
    ) -> Outcome:
        """An attempt that could not be sent (not set up) is still recorded: the agent
        asked for a call, and the history says why none was placed."""
        record_id: int | None = None
        try:
            record_id = await self.calls.add_final_async(
                **attempt.record(), status=status, error_code=code, params=params
            )
        except StorageError as error:
            log.error("cannot record the attempt: %s", error.code)
        if record_id is not None:
            self._changed(record_id)
        return attempt.outcome(status, code, params=params, record_id=record_id)

    def _changed(self, record_id: int) -> None:
        for listener in list(self.listeners):
            try:
                listener(record_id)
            except Exception:
                # A listener's bug must not change what happened to the call.
                log.exception("call-change listener failed")
