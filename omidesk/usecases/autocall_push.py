"""Pushing contacts into an AutoCall campaign: the sources, the checks, then the batches,
each recorded in the journal before it is sent, never resent once it may have arrived.

Like a click2call, an import into a running campaign starts calls: nothing is sent that
was not checked and shown first, a batch whose answer was lost is "unknown" (its numbers
count as maybe pushed, and the push stops there: the agent looks at the campaign before
anything more is sent), and Cancel stops between two batches."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omidesk.domain.autocall.errors import AutoCallError
from omidesk.domain.autocall.push import (
    Candidate,
    Invalid,
    PushContact,
    PushPlan,
    PushReport,
    Stop,
    compare,
    payload,
    plan_push,
)
from omidesk.domain.autocall.push_file import PlainRows, candidate_of
from omidesk.domain.contacts import Contact
from omidesk.domain.errors import StorageError
from omidesk.domain.wire import Wire
from omidesk.usecases.ports import CampaignImport, PushFiles, PushJournal

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # contacts sent, contacts to send


# --- the sources -------------------------------------------------------------------------------


def from_numbers(numbers: Iterable[str]) -> list[Candidate]:
    """Numbers typed (on the command line, in the window): each one a contact to push."""
    return [Candidate(" ".join(number.split())) for number in numbers]


def from_contacts(contacts: Iterable[Contact]) -> list[Candidate]:
    """Stored contacts (a search, a selection): each its first valid number, with its name."""
    return [candidate_of(contact) for contact in contacts]


@dataclass
class Gathered:
    """The candidates of a source, and the rows of a file that could not be read; or a
    plain list (a name, a number) not read yet, which prepare() reads and checks in one
    pass."""

    candidates: list[Candidate] = field(default_factory=list)
    unreadable: list[Invalid] = field(default_factory=list)
    plain: PlainRows | None = None

    def read(self) -> None:
        """The plain list's rows as candidates (and unreadable rows), read now."""
        plain, self.plain = self.plain, None
        for item in plain or ():
            if isinstance(item, Invalid):
                self.unreadable.append(item)
            else:
                self.candidates.append(item)


def from_file(
    path: Path,
    files: PushFiles,
    *,
    otp_column: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Gathered:
    """A CSV or vCard file's contacts. Raises ContactFileError for a file that cannot be
    read at all (nothing is sent then), ReadCancelled when `cancelled()` says stop. A
    plain list (a name, a number) is only opened here, and read by prepare(), which may
    then raise the same."""
    items = files.push_candidates(
        path, otp_column=otp_column, progress=progress, cancelled=cancelled
    )
    if isinstance(items, PlainRows):
        return Gathered(plain=items)
    gathered = Gathered()
    for item in items:
        if isinstance(item, Invalid):
            gathered.unreadable.append(item)
        else:
            gathered.candidates.append(item)
    return gathered


def prepare(
    campaign: str,
    gathered: Gathered | Sequence[Candidate],
    journal: PushJournal,
    *,
    otp_required: bool,
    again: bool = False,
) -> PushPlan:
    """The checks: what will be sent, and what is kept back and why. A plain list from
    from_file is read here: ContactFileError, ReadCancelled as from_file."""
    pushed = journal.pushed_numbers(campaign) if not again else frozenset()
    if isinstance(gathered, Gathered) and gathered.plain is not None:
        if not otp_required:
            # Read and checked in one pass: no Candidate per row, no second loop.
            plan = PushPlan(campaign, otp_required=False)
            gathered.plain.check_into(plan, pushed, again)
            return plan
        gathered.read()
    if isinstance(gathered, Gathered):
        candidates, unreadable = gathered.candidates, gathered.unreadable
    else:
        candidates, unreadable = list(gathered), []
    plan = plan_push(
        campaign, candidates, otp_required=otp_required, pushed_before=pushed, again=again
    )
    if unreadable:
        plan.invalid = sorted([*unreadable, *plan.invalid], key=lambda item: item.row)
        plan.total += len(unreadable)
    return plan


# --- sending -----------------------------------------------------------------------------------


async def push(
    plan: PushPlan,
    importer: CampaignImport,
    journal: PushJournal,
    *,
    report: PushReport | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PushReport:
    """Sends the plan's contacts a batch at a time. `report` (given by a caller that must
    tell the outcome even when this is interrupted: Ctrl+C) is filled as batches end."""
    report = report if report is not None else PushReport(plan)
    if not plan.to_send:
        return report
    campaign = plan.campaign
    total = len(plan.to_send)
    try:
        await journal.remember_campaign(campaign, voice_otp=plan.otp_required)
        push_id = await journal.begin_push(campaign, total)
    except StorageError as error:
        # Not recorded => not sent: the journal is what keeps a push from being doubled.
        report.stop = Stop(error.code, "failed", {"path": error.path})
        return report
    if progress is not None:
        progress(0, total)
    pushing = _Pushing(importer, journal, report, push_id)
    batches = plan.batches()
    for seq, batch in enumerate(batches, start=1):
        if cancelled is not None and cancelled():
            report.stop = Stop("push_stopped", "cancelled", _counts(report))
            break
        following = batches[seq] if seq < len(batches) else None
        if not await pushing.send(seq, batch, following):
            break
        if progress is not None:
            progress(report.sent, total)
    if report.stop is not None and report.stop.consequence != "cancelled" and report.not_sent:
        log.info("push to %s stopped: %s; %d not sent", campaign, report.stop.code, report.not_sent)
    return report


def _counts(report: PushReport) -> dict[str, Any]:
    return {"sent": report.sent, "total": len(report.plan.to_send)}


@dataclass
class _Pushing:
    """One push under way: where its batches go, and what they did."""

    importer: CampaignImport
    journal: PushJournal
    report: PushReport
    push_id: int
    # The next batch's encoded contacts, made while the batch before it was out.
    _ahead: tuple[Sequence[PushContact], bytes] | None = None

    async def send(
        self, seq: int, batch: Sequence[PushContact], following: Sequence[PushContact] | None
    ) -> bool:
        """One batch: recorded, sent, its outcome recorded. False when the push must stop.
        While its answer is awaited, the `following` batch's body is made (_ahead_of)."""
        report, journal = self.report, self.journal
        numbers = [contact.phone_number for contact in batch]
        try:
            batch_id = await journal.batch_sending(self.push_id, report.campaign, seq, numbers)
        except StorageError as error:
            report.stop = Stop(error.code, "failed", {"path": error.path})
            return False
        wire = Wire()
        try:
            accepted = await self.importer.import_contacts(
                report.campaign,
                self._body_of(batch),
                wire=wire,
                meanwhile=None if following is None else lambda: self._ahead_of(following),
            )
        except AutoCallError as error:
            return await self._refused_or_lost(batch_id, numbers, error)
        except BaseException:
            # Cancelled (the window closed, Ctrl+C) or a bug while the request was out:
            # the batch is finished all the same, "unknown" if it may have arrived.
            if wire.sent:
                report.sent += len(numbers)
                report.unknown.extend(numbers)
                await _ended(journal, batch_id, "unknown", "autocall_interrupted")
            else:
                await _ended(journal, batch_id, "failed", "stopped_before_sending")
            raise
        answer = compare(batch, accepted)
        report.sent += len(numbers)
        report.batches_sent += 1
        report.accepted.extend(answer.accepted)
        report.skipped_by_server.extend(answer.skipped)
        added = dict(answer.accepted)  # (number, call id) pairs
        try:
            await journal.batch_answered(batch_id, added, answer.skipped)
        except StorageError as error:
            # AutoCall has the contacts; the journal says `sending`, read as "unknown" once
            # this process is gone: never pushed again by mistake. The push stops here.
            log.error("cannot record the answer to batch %d: %s", batch_id, error.code)
            report.stop = Stop(error.code, "failed", {"path": error.path})
            return False
        return True

    def _body_of(self, batch: Sequence[PushContact]) -> bytes:
        """The batch's encoded contacts: made ahead, or now."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] is batch:
            return ahead[1]
        return self.importer.encoded(payload(batch))

    def _ahead_of(self, batch: Sequence[PushContact]) -> None:
        """Makes `batch`'s encoded contacts while the request before it is out: its body
        sent, this process would only wait for the answer (a third of a push's time on
        loopback), and the contacts depend on nothing that answer says. Nothing durable
        is touched and nothing is sent: the batch is still journalled, its token spliced
        in and its request made at its turn, only once the answer before it is recorded."""
        if self._ahead is not None and self._ahead[0] is batch:
            return  # made already (this is a replay of the request before it)
        try:
            self._ahead = (batch, self.importer.encoded(payload(batch)))
        except Exception:  # made again at its turn, and failing there as it did before
            self._ahead = None

    async def _refused_or_lost(
        self, batch_id: int, numbers: list[str], error: AutoCallError
    ) -> bool:
        report = self.report
        params = {key: value for key, value in error.params.items() if key != "server_message"}
        stop = Stop(error.code, _meaning(error), params, error.server_message)
        if error.consequence == "unknown":
            # The answer was lost: maybe added, calls maybe started. Never resent; and the
            # push stops, for the agent to look at the campaign before more is sent.
            report.sent += len(numbers)
            report.unknown.extend(numbers)
            report.unknown_error = stop
            await _ended(self.journal, batch_id, "unknown", error.code, error.server_message)
            return False
        state = "refused" if error.consequence == "rejected" else "failed"
        report.stop = stop
        await _ended(self.journal, batch_id, state, error.code, error.server_message)
        return False


def _meaning(error: AutoCallError) -> Any:
    return "rejected" if error.consequence == "rejected" else "failed"


async def _ended(
    journal: PushJournal, batch_id: int, state: str, code: str, server_message: str | None = None
) -> None:
    try:
        # Shielded: a cancel arriving now must not leave the batch `sending` in this
        # process's eyes (the next start reads it as unknown all the same).
        await asyncio.shield(journal.batch_ended(batch_id, state, code, server_message))
    except (StorageError, asyncio.CancelledError) as error:
        log.error("cannot record the end of batch %d: %s", batch_id, error)
