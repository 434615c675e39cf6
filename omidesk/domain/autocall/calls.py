"""The calls of AutoCall campaigns as they come back: who was called, when (Vietnam time),
whether they answered, what keys they pressed; and the filters the results are read by."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, NamedTuple

from omidesk.domain.server_text import clean

ANSWERED = 40
ERROR = 50
# AutoCall gives times as local time in Asia/Ho_Chi_Minh, which keeps UTC+7 all year
# (no summer time since 1975): a fixed offset needs no time-zone database.
VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
_CALLED_AT_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})")
# Text that is already what clean() would make of it: visible ASCII words, single spaces.
_PLAIN_TEXT = re.compile(r"[!-~]+(?: [!-~]+)*")
# A key pressed: a digit, * or #, outside the "(seconds)" that follows it ("1 (29)").
_NON_DIGIT = re.compile(r"[^0-9]")
_KEY_RE = re.compile(r"\([^)]*\)|([0-9*#])")
KEYS = frozenset("0123456789*#")
_ID_CHARS = 64
_NUMBER_CHARS = 32
_TEXT_CHARS = 200


class CampaignCall(NamedTuple):
    """One call of a campaign (or of the user's call log): `state` 40 answered, 50 error,
    other values as AutoCall gave them; `contact` is the name of a local contact whose
    number it called, joined when read. (A tuple: a sync reads them by the ten thousand.)"""

    call_id: str
    campaign: str | None
    caller_id: str
    callee_id: str
    called_at: datetime | None
    duration_s: int | None
    key_press: str
    note: str
    state: int | None
    contact: str | None = None

    @property
    def answered(self) -> bool:
        return self.state == ANSWERED

    @property
    def failed(self) -> bool:
        return self.state == ERROR

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys pressed, in order: "1 (29), 3 (35)" → ("1", "3")."""
        if not self.key_press:
            return ()
        return tuple(key for key in _KEY_RE.findall(self.key_press) if key)

    @property
    def keys_pressed(self) -> str:
        """The keys pressed, one after another: "1 (29), 3 (35)" → "13" (as the store keeps
        them); "".join(keys), without a tuple between (a sync saves 10,000 calls)."""
        # findall gives the digit group of every match: "" for the "(…)" ones.
        return "".join(_KEY_RE.findall(self.key_press)) if self.key_press else ""

    @property
    def called_ms(self) -> int | None:
        return None if self.called_at is None else int(self.called_at.timestamp() * 1000)

    def with_contact(self, name: str | None) -> CampaignCall:
        return self._replace(contact=name)

    def to_json(self) -> dict[str, Any]:
        """An element of `omidesk autocall results --json` (and `calls --json`)."""
        return {
            "call_id": self.call_id,
            "campaign": self.campaign,
            "caller_id": self.caller_id,
            "callee_id": self.callee_id,
            "called_at": self.called_at.isoformat() if self.called_at else None,
            "duration_s": self.duration_s,
            "key_press": self.key_press,
            "note": self.note,
            "state": self.state,
            "answered": self.answered,
            "contact": self.contact,
        }


@dataclass(frozen=True, slots=True)
class CallsPage:
    """One page of calls from AutoCall: those read, how many items the page held (read or
    not), and the total AutoCall says there is."""

    calls: list[CampaignCall]
    items: int
    total: int


def called_at(text: Any) -> datetime | None:
    """AutoCall's "YYYY-MM-DD HH:MM:SS" (Vietnam time) as an aware time, None if unreadable.
    (Read by a pattern rather than strptime, ten times slower, over a sync's 10,000.)"""
    if not isinstance(text, str):
        return None
    if len(text) == 19 and text[10] == " " and text[4] == "-":
        # AutoCall's own shape: the C parser, a tenth of the pattern's time. It reads the
        # offset said after the text, and astimezone() names the zone: the time that
        # replace(tzinfo=VIETNAM) makes of the naive one, in two fifths of replace()'s
        # time (a sync reads 10,000 of them). A text with an offset of its own, or the
        # first hours of year 1, is read the slower way (replace() overrides its offset).
        try:
            return datetime.fromisoformat(text + "+07:00").astimezone(VIETNAM)
        except (ValueError, OverflowError):  # (0001-01-01 at 06:59 is before year 1 in UTC)
            pass
        try:
            return datetime.fromisoformat(text).replace(tzinfo=VIETNAM)
        except ValueError:
            return None
    found = _CALLED_AT_RE.match(text.strip())
    if found is None:
        return None
    try:
        year, month, day, hour, minute, second = map(int, found.groups())
        return datetime(year, month, day, hour, minute, second, tzinfo=VIETNAM)
    except ValueError:  # 2024-02-30, 25:00
        return None


def on_this_clock(when: datetime) -> datetime:
    """`when` on this computer's clock, as times are shown to the agent (a naive one is
    taken as on it already); as it is where that clock cannot show it: the first hours of
    year 1, the last of 9999, as a server or a --since may give them."""
    try:
        return when.astimezone()
    except (ValueError, OverflowError):
        return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC).astimezone(VIETNAM)


def parse_call(item: Any, campaign: str | None) -> CampaignCall | None:
    """One element of `results.calls`, read defensively: every field may be missing, null
    or of another type; text is cleaned of control characters. None without a call id."""
    if not isinstance(item, dict):  # JSON's objects (dict is cheaper to ask than Mapping)
        return None
    get = item.get
    call_id = _text(get("call_id"), _ID_CHARS)
    if not call_id:
        return None
    # Made by tuple.__new__ in the fields' order, as CampaignCall(...) would make it: a
    # sync reads 10,000 calls, and the keywords' Python-level __new__ took a sixth of it.
    return _new(
        CampaignCall,
        (
            call_id,
            campaign,
            _text(get("caller_id"), _NUMBER_CHARS),
            _text(get("callee_id"), _NUMBER_CHARS),
            called_at(get("called_at")),
            _whole(get("duration")),
            _text(get("key_press"), _TEXT_CHARS),
            _text(get("note"), _TEXT_CHARS),
            _whole(get("state")),
            None,
        ),
    )


_new = tuple.__new__


def _text(value: Any, limit: int) -> str:
    if type(value) is str:
        if not value:  # (no key pressed, no note: most calls)
            return value
        if len(value) <= limit and _PLAIN_TEXT.fullmatch(value):
            return value
        return clean(value, limit)
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)[:limit]
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else str(value))[:limit]
    return ""


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip()[:12])
    return None


def e164_of(callee: str) -> str | None:
    """The E.164 form of a Vietnamese number as AutoCall writes it (0…, 84…, +84…), to
    find its contact; None for anything else. Cheap (no phone-number library): a page of
    calls is joined to the contacts at each sync."""
    digits = callee if callee.isascii() and callee.isdigit() else _NON_DIGIT.sub("", callee)
    if digits.startswith("84") and len(digits) in (11, 12):
        return "+" + digits
    if digits.startswith("0") and len(digits) in (10, 11):
        return "+84" + digits[1:]
    return None


@dataclass(frozen=True, slots=True)
class CallFilter:
    """Which calls to list: answered only, failed only, those where a key (any, or the one
    given) was pressed, from a time on."""

    answered: bool = False
    failed: bool = False
    pressed: str | None = None  # a key, or "any"
    since: datetime | None = None

    def matches(self, call: CampaignCall) -> bool:
        if self.answered and not call.answered:
            return False
        if self.failed and not call.failed:
            return False
        if self.pressed is not None:
            keys = call.keys
            if not keys or (self.pressed != "any" and self.pressed not in keys):
                return False
        return not (
            self.since is not None and (call.called_at is None or call.called_at < self.since)
        )
