"""Pushing contacts into an AutoCall campaign: what each contact becomes, the checks made
before anything is sent, the batches, and the report of what AutoCall did with them.

An import into a running campaign starts calls at once, like a click2call: everything is
checked here first, so that what is sent is only what the agent saw and confirmed."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from omidesk.domain.numbers import DialFormat, Rejection, normalise, vietnamese_national

# AutoCall's import takes any number of contacts; batches of this many keep each request
# (and what a lost answer leaves unknown) small.
BATCH_SIZE = 200
OTP_LOWEST, OTP_HIGHEST = 1, 999_999
OTP_DIGITS = 6
_VN = "+84"
# The fields AutoCall names itself; a passed-through column never overwrites them.
RESERVED = frozenset({"phone_number", "ho_ten", "danh_xung", "otp_code", "access_token"})

Status = Literal["ok", "partial", "refused", "unknown"]


class Candidate(NamedTuple):
    """One contact offered for a push, as it came: a row of a file, a stored contact, or a
    number typed. `otp` is None where there is no OTP column at all. (Tuples: a push reads
    ten thousand of them, and a frozen dataclass costs three times as much to make.)"""

    input: str  # the number as written: what the report quotes
    name: str = ""
    title: str = ""  # danh_xung: anh, chị…
    otp: str | None = None
    fields: tuple[tuple[str, str], ...] = ()  # the file's other columns, passed through
    row: int = 0  # the file's row (the header is row 1), 0 when not from a file


class PushContact(NamedTuple):
    """One contact as AutoCall receives it."""

    phone_number: str  # national 0… form
    name: str = ""
    title: str = ""
    otp_code: str | None = None
    fields: tuple[tuple[str, str], ...] = ()
    input: str = ""  # as written, for the preview
    converted_from: str | None = None  # an old 11-digit mobile, renumbered

    def to_json(self) -> dict[str, Any]:
        """The element of the import's `contacts`: AutoCall's fields, then the others."""
        body: dict[str, Any] = {"phone_number": self.phone_number}
        if self.name:
            body["ho_ten"] = self.name
        if self.title:
            body["danh_xung"] = self.title
        if self.otp_code is not None:
            body["otp_code"] = self.otp_code
        for key, value in self.fields:
            if key not in RESERVED and value:
                body.setdefault(key, value)
        return body


def payload(batch: Iterable[PushContact]) -> list[dict[str, Any]]:
    """The import's `contacts` for a batch: each contact's to_json(), the usual one (a
    number, maybe a name, nothing else) made in place without a method call."""
    return [
        ({"phone_number": c[0], "ho_ten": c[1]} if c[1] else {"phone_number": c[0]})
        if not (c[2] or c[4] or c[3] is not None)
        else c.to_json()
        for c in batch
    ]


@dataclass(frozen=True, slots=True)
class Invalid:
    """A contact that is not sent: the text given and why (a catalogue code, its details)."""

    input: str
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)
    row: int = 0
    name: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"input": self.input, "reason": self.reason}


def phone_number(text: str) -> tuple[str, str | None] | Invalid:
    """The national 0… form AutoCall takes (and the old number it replaces, if renumbered),
    or why `text` has none: not one valid number, or not a Vietnamese one."""
    shown = text.strip()[:80]
    if not shown:
        return Invalid(text, "push_no_number")
    plain = vietnamese_national(shown)
    if plain is not None:
        return plain, None  # already national and valid: what normalise() would say
    result = normalise(text, DialFormat.NATIONAL)
    if isinstance(result, Rejection):
        return Invalid(text, result.reason.value, {"text": shown, **result.details})
    if not result.e164.startswith(_VN):
        return Invalid(text, "push_foreign_number", {"number": result.display})
    return result.dial, result.converted_from


def otp_code(value: str | None) -> str | Invalid:
    """The 6-character OTP AutoCall takes, from 000001 to 999999, or why `value` is none.
    A code whose leading zeros a spreadsheet dropped ("1234") is that code ("001234")."""
    text = "".join((value or "").split())
    if not text:
        return Invalid(value or "", "push_otp_missing")
    digits = text.isascii() and text.isdigit() and len(text) <= OTP_DIGITS
    if not digits or not OTP_LOWEST <= int(text) <= OTP_HIGHEST:
        return Invalid(value or "", "push_otp_invalid", {"otp": text[:20]})
    return text.zfill(OTP_DIGITS)


@dataclass
class PushPlan:
    """What a push will send, and what the checks kept back: invalid contacts (numbers, OTP
    codes), duplicates within the push (the first one kept), and numbers already pushed to
    the campaign (skipped, unless pushed again on purpose)."""

    campaign: str
    to_send: list[PushContact] = field(default_factory=list)
    invalid: list[Invalid] = field(default_factory=list)
    duplicates: int = 0
    already_pushed: list[str] = field(default_factory=list)
    total: int = 0  # the contacts offered
    otp_required: bool = False

    def batches(self, size: int = BATCH_SIZE) -> list[list[PushContact]]:
        return [self.to_send[start : start + size] for start in range(0, len(self.to_send), size)]


def plan_push(
    campaign: str,
    candidates: Iterable[Candidate],
    *,
    otp_required: bool,
    pushed_before: Container[str] = frozenset(),
    again: bool = False,
) -> PushPlan:
    """Checks every contact offered. `otp_required`: a voice-OTP campaign (every contact
    needs its code); `pushed_before`: the numbers the journal says were (maybe) pushed to
    this campaign; `again`: send those anyway."""
    plan = PushPlan(campaign, otp_required=otp_required)
    # Ten thousand contacts: _make skips the Python-level __new__ of a NamedTuple.
    make = PushContact._make
    seen: set[str] = set()
    already: set[str] = set()
    for candidate in candidates:
        plan.total += 1
        number = phone_number(candidate.input)
        if isinstance(number, Invalid):
            plan.invalid.append(_at(number, candidate))
            continue
        national, converted = number
        code: str | None = None
        if otp_required or candidate.otp is not None:
            checked = otp_code(candidate.otp)
            if isinstance(checked, Invalid):
                if otp_required:
                    plan.invalid.append(_at(checked, candidate))
                    continue
            else:
                code = checked
        if national in seen:
            plan.duplicates += 1
            continue
        seen.add(national)
        if not again and national in pushed_before:
            if national not in already:
                already.add(national)
                plan.already_pushed.append(national)
            continue
        # Names and titles come cleaned by their source (names.clean, the store).
        plan.to_send.append(
            make(
                (
                    national,
                    candidate.name,
                    candidate.title,
                    code,
                    candidate.fields,
                    candidate.input,
                    converted,
                )
            )
        )
    return plan


def _at(invalid: Invalid, candidate: Candidate) -> Invalid:
    return Invalid(candidate.input, invalid.reason, invalid.params, candidate.row, candidate.name)


# --- what AutoCall did with a push ----------------------------------------------------------


class Accepted(NamedTuple):
    phone_number: str
    call_id: str


@dataclass(frozen=True, slots=True)
class BatchAnswer:
    """What AutoCall's answer to one batch says: the numbers it added (with their call
    ids), and those sent but not in its `results`, which it skipped silently."""

    accepted: tuple[Accepted, ...]
    skipped: tuple[str, ...]


def compare(sent: Iterable[PushContact], results: Iterable[Accepted]) -> BatchAnswer:
    """The batch's numbers AutoCall added and those it skipped; a number in `results` that
    was not sent (AutoCall rewrote it) is matched by its national form, else ignored."""
    numbers = [contact.phone_number for contact in sent]
    wanted = set(numbers)
    results = list(results)
    if len(wanted) == len(numbers) and [item.phone_number for item in results] == numbers:
        # The usual answer: every number added, as sent and in its order (what the loop
        # below makes of it, told by one comparison of lists).
        return BatchAnswer(accepted=tuple(results), skipped=())
    accepted: dict[str, Accepted] = {}
    for given in results:
        national, added = given.phone_number, given
        if national not in wanted:
            converted = phone_number(national)
            national = converted[0] if isinstance(converted, tuple) else national
            added = Accepted(national, given.call_id)
        if national in wanted and national not in accepted:
            accepted[national] = added
    return BatchAnswer(
        accepted=tuple(accepted[number] for number in numbers if number in accepted),
        skipped=tuple(number for number in numbers if number not in accepted),
    )


@dataclass(frozen=True, slots=True)
class Stop:
    """Why a push stopped before its last batch: a catalogue code and what to word it
    with, and what it means (AutoCall refused, nothing could be sent, or the agent)."""

    code: str
    consequence: Literal["rejected", "failed", "cancelled"]
    params: Mapping[str, Any] = field(default_factory=dict)
    server_message: str | None = None


@dataclass
class PushReport:
    """A push's outcome: the plan's checks, what was sent, and what came back."""

    plan: PushPlan
    sent: int = 0
    accepted: list[Accepted] = field(default_factory=list)
    skipped_by_server: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    unknown_error: Stop | None = None  # why the first unknown batch is unknown
    stop: Stop | None = None
    batches_sent: int = 0

    @property
    def campaign(self) -> str:
        return self.plan.campaign

    @property
    def not_sent(self) -> int:
        return len(self.plan.to_send) - self.sent

    @property
    def status(self) -> Status:
        """ok: everything was sent and added; partial: AutoCall answered but added only
        part (it skipped some, or the push stopped after a batch was added); refused:
        nothing was added (AutoCall said no, or nothing could be sent); unknown: at least
        one batch's answer was lost."""
        if self.unknown:
            return "unknown"
        if not self.accepted and not self.skipped_by_server:
            # Nothing added and nothing answered: refused, not sent (nothing valid, all
            # pushed before, no connection) or stopped before the first batch.
            return "refused"
        if self.skipped_by_server or self.not_sent:
            return "partial"
        return "ok"

    def to_json(self) -> dict[str, Any]:
        """The object `omidesk autocall push --json` prints."""
        return {
            "campaign": self.campaign,
            "sent": self.sent,
            "accepted": [
                {"phone_number": item.phone_number, "call_id": item.call_id}
                for item in self.accepted
            ],
            "skipped_by_server": list(self.skipped_by_server),
            "invalid": [item.to_json() for item in self.plan.invalid],
            "duplicates": self.plan.duplicates,
            "already_pushed": list(self.plan.already_pushed),
            "unknown": list(self.unknown),
            "status": self.status,
        }
