"""The sandbox's AutoCall (aicallcenter.vn, seed 002): a secret key and its tokens, campaigns
that run, stop or send voice OTPs, an import that skips what it dislikes like the real one,
calls that complete over the following seconds, the export and the user's call log, paged.

Served on the same port as OMICall's paths (they differ). Faults, by phone number in an
import: 0900 000 020 gets an answer that never comes in time, 0900 000 022 an HTTP 500;
both after the contacts WERE added (their calls start), as a real server may."""

from __future__ import annotations

import bisect
import json
import re
import secrets
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from omidesk.sandbox.exchange import RecordedRequest, Reply
from omidesk.sandbox.host import Host

DEFAULT_SECRET = "demo-autocall-secret-0001"
TOKEN = "/api/users/generate-access-token"
CALL_LOG = "/api/users/call-log"
CAMPAIGNS = "/api/campaigns/"
CALLER_ID = "02873008888"
# AutoCall's answers as documented, word for word.
MESSAGES = {
    "401": "access token không chính xác. bạn không có quyền truy cập",
    "secret": "secret_key không chính xác",
    "400": "contacts không đúng định dạng",
    "01": "campaign_id không hợp lệ",
    "03": "The campaign stopped. Can not import data",
}
SLOW_NUMBER = "0900000020"  # the answer never comes in time (the import was done)
HTTP_500_NUMBER = "0900000022"  # HTTP 500 after the import was done
SKIPPED_NUMBER = "0900000002"  # on the do-not-call register: skipped silently
IN_PROGRESS = 20  # a call being made: neither answered (40) nor failed (50) yet
VIETNAM = timezone(timedelta(hours=7))
_NATIONAL = re.compile(r"0[1-9][0-9]{8,9}")
_OTP = re.compile(r"[0-9]{6}")
_HTML_500 = b"<html><body><h1>500 Internal Server Error</h1></body></html>"
# What each call ends as, by the last digit of the number called: answered (40) with the
# keys pressed, or failed (50) with the switch's cause. Seconds are what AutoCall reports.
_ENDINGS: dict[str, tuple[int, int, str, str]] = {
    "0": (40, 8, "", "NORMAL_CLEARING"),
    "1": (40, 35, "1 (12)", "NORMAL_CLEARING"),
    "2": (40, 21, "2 (9)", "NORMAL_CLEARING"),
    "3": (50, 0, "", "USER_BUSY"),
    "4": (50, 0, "", "NO_ANSWER"),
    "5": (40, 42, "1 (8), 3 (15)", "NORMAL_CLEARING"),
    "6": (50, 0, "", "CALL_REJECTED"),
    "7": (40, 12, "", "NORMAL_CLEARING"),
    "8": (40, 27, "1 (20)", "NORMAL_CLEARING"),
    "9": (50, 0, "", "UNALLOCATED_NUMBER"),
}


@dataclass(slots=True)
class Campaign:
    id: str
    name: str
    running: bool
    voice_otp: bool
    created_at: float


@dataclass(slots=True)
class _Call:
    call_id: str
    campaign: str
    callee: str
    starts_at: float  # Unix time the call is placed
    ends_at: float  # ... and ends: until then it is IN_PROGRESS

    def item(self, now: float) -> dict[str, Any]:
        state, duration, keys, note = _ENDINGS[self.callee[-1]]
        if now < self.ends_at:
            state, duration, keys, note = IN_PROGRESS, 0, "", ""
        called = datetime.fromtimestamp(self.starts_at, VIETNAM).strftime("%Y-%m-%d %H:%M:%S")
        return {
            "call_id": self.call_id,
            "campaign_id": self.campaign,
            "caller_id": CALLER_ID,
            "callee_id": self.callee,
            "called_at": called,
            "duration": duration,
            "key_press": keys,
            "note": note,
            "state": state,
        }


def _answer(
    ok: bool, results: Any = None, *, code: str = "", message: str = "", status: int = 200
) -> Reply:
    """AutoCall's envelope: `{"status": 1|0, "code", "message", "results"}`."""
    body: dict[str, Any] = {"status": 1 if ok else 0}
    if code:
        body["code"] = code
    if code or message:
        body["message"] = message or MESSAGES.get(code, code)
    if results is not None:
        body["results"] = results
    return Reply(status, json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())


class AutoCall:
    """Routes and state of the AutoCall API on a Sandbox (its lock guards the state)."""

    def __init__(self, sandbox: Host, secret: str = DEFAULT_SECRET) -> None:
        self._sandbox = sandbox
        self.secret = secret
        self._token: str | None = None  # the one valid: a new one revokes the one before
        self.issued: list[str] = []  # every token made (tests look for them in files)
        now = time.time()
        self.campaigns: dict[str, Campaign] = {
            c.id: c
            for c in (
                Campaign("1001", "Nhắc thanh toán tháng 6", True, False, now - 86400 * 3),
                Campaign("1002", "Khảo sát sau bán hàng", False, False, now - 86400 * 10),
                Campaign("1003", "Mã OTP giọng nói", True, True, now - 86400),
            )
        }
        # The calls of each campaign, oldest first (re-sorted when one is placed out of
        # order): a page of the export is a slice, not a sort of every call there is.
        self._calls: dict[str, list[_Call]] = {}
        self._unsorted: set[str] = set()
        self._next_call_id = 5_000_001
        # Seconds between two calls of an import, and from a call's start to its end.
        self.call_gap_s = 0.05
        self.ring_s = 1.5
        # Added to every AutoCall answer: a round trip over the Internet (benchmarks).
        self.latency_s = 0.0
        self._history()
        sandbox.route("GET", TOKEN, self._generate_token, bearer=False)
        sandbox.route("GET", CALL_LOG, self._call_log, bearer=False)
        sandbox.route_prefix(CAMPAIGNS, self._campaign)

    # --- for tests, benchmarks and the demo ---------------------------------------------------

    def change_secret(self, secret: str) -> None:
        """As on the website: a new secret key, and every token made before stops working."""
        with self._sandbox.lock:
            self.secret = secret
            self._token = None

    def finish_calls(self) -> None:
        """Every call placed so far has ended (tests need not wait for the seconds to pass)."""
        with self._sandbox.lock:
            now = time.time()
            for calls in self._calls.values():
                for call in calls:
                    call.starts_at = min(call.starts_at, now - 1)
                    call.ends_at = min(call.ends_at, now - 1)
            self._unsorted.update(self._calls)

    def add_calls(self, campaign: str, numbers: list[str], *, at: float) -> None:
        """Calls already made and ended, one second apart from `at` on (benchmarks)."""
        with self._sandbox.lock:
            for index, number in enumerate(numbers):
                self._place(campaign, number, at + index, ended=True)

    def imports(self) -> list[RecordedRequest]:
        return [
            r
            for r in self._sandbox.requests
            if r.method == "POST" and r.path.startswith(CAMPAIGNS) and r.path.endswith("/import")
        ]

    def token_requests(self) -> list[RecordedRequest]:
        return [r for r in self._sandbox.requests if r.path == TOKEN]

    def calls_of(self, campaign: str) -> list[dict[str, Any]]:
        with self._sandbox.lock:
            now = time.time()
            return [c.item(now) for c in self._calls.get(campaign, [])]

    # --- the routes ---------------------------------------------------------------------------

    def _waited(self) -> bool:
        """Waits `latency_s` (stop() cuts it short: then the answer is dropped)."""
        return bool(self.latency_s) and self._sandbox.stopping.wait(self.latency_s)

    def _generate_token(self, req: RecordedRequest, _token: str | None) -> Reply | None:
        if self._waited():
            return None
        given = req.query.get("secret_key", "")
        with self._sandbox.lock:
            if not given or not secrets.compare_digest(given.encode(), self.secret.encode()):
                return _answer(False, code="401", message=MESSAGES["secret"], status=401)
            self._token = "ac." + secrets.token_urlsafe(32)
            self.issued.append(self._token)
            return _answer(True, {"access_token": self._token})

    def _valid(self, token: Any) -> bool:
        """Under the lock: whether `token` is the one live token."""
        current = self._token
        return (
            isinstance(token, str)
            and current is not None
            and secrets.compare_digest(token.encode(), current.encode())
        )

    def _campaign(self, req: RecordedRequest, _token: str | None) -> Reply | None:
        if self._waited():
            return None
        parts = req.path[len(CAMPAIGNS) :].split("/")
        if len(parts) != 2 or parts[1] not in ("import", "export"):
            return _answer(False, code="not_found", status=404)
        campaign_id, action = parts
        expected = "POST" if action == "import" else "GET"
        if req.method != expected:
            return _answer(False, code="method_not_allowed", status=405)
        if action == "export":
            return self._export(req, campaign_id)
        return self._import(req, campaign_id)

    def _import(self, req: RecordedRequest, campaign_id: str) -> Reply | None:
        body = req.json
        token = body.get("access_token") if isinstance(body, dict) else None
        with self._sandbox.lock:
            if not self._valid(token):
                return _answer(False, code="401", status=401)
            assert isinstance(body, dict)
            contacts = body.get("contacts")
            if not isinstance(contacts, list):
                return _answer(False, code="400", status=400)
            campaign = self.campaigns.get(campaign_id)
            if campaign is None:
                return _answer(False, code="01")
            if not campaign.running:
                return _answer(False, code="03")
            added, numbers = self._add(campaign, contacts)
        message = f"Ghi nhận thành công {len(added)} trên {len(contacts)} bản ghi"
        reply = _answer(True, added, message=message)
        if SLOW_NUMBER in numbers:
            # Event.wait: stop() interrupts it and the reply is dropped.
            if self._sandbox.stopping.wait(self._sandbox.slow_seconds):
                return None
            return reply
        if HTTP_500_NUMBER in numbers:
            return Reply(500, _HTML_500, "text/html")
        return reply

    def _add(
        self, campaign: Campaign, contacts: list[Any]
    ) -> tuple[list[dict[str, Any]], set[str]]:
        """Under the lock: the contacts AutoCall keeps (and the calls it starts for them).
        Like the real one it skips, without a word, elements that are not contacts, numbers
        it cannot call, OTP campaigns' contacts without a valid code, and duplicates."""
        added: list[dict[str, Any]] = []
        seen: set[str] = set()
        now = time.time()
        for element in contacts:
            if not isinstance(element, dict):
                continue
            number = element.get("phone_number")
            if not isinstance(number, str) or not _NATIONAL.fullmatch(number):
                continue
            if campaign.voice_otp:
                otp = element.get("otp_code")
                if not isinstance(otp, str) or not _OTP.fullmatch(otp) or otp == "000000":
                    continue
            if number in seen or number == SKIPPED_NUMBER:
                continue
            seen.add(number)
            start = now + 0.3 + len(added) * self.call_gap_s
            call = self._place(campaign.id, number, start)
            added.append({"phone_number": number, "call_id": int(call.call_id)})
        return added, seen

    def _place(self, campaign: str, number: str, start: float, *, ended: bool = False) -> _Call:
        call_id = str(self._next_call_id)
        self._next_call_id += 1
        # Calls end within a few seconds of each other, not all at once.
        ring = self.ring_s + (zlib.crc32(number.encode()) % 3) * 0.5
        call = _Call(call_id, campaign, number, start, start if ended else start + ring)
        calls = self._calls.setdefault(campaign, [])
        if calls and (calls[-1].starts_at, int(calls[-1].call_id)) > (start, int(call_id)):
            self._unsorted.add(campaign)
        calls.append(call)
        return call

    def _export(self, req: RecordedRequest, campaign_id: str) -> Reply:
        with self._sandbox.lock:
            if not self._valid(req.query.get("access_token")):
                return _answer(False, code="401", status=401)
            campaign = self.campaigns.get(campaign_id)
            if campaign is None:
                return _answer(False, code="01")
            default_start = campaign.created_at * 1000
            page, total, limit = self._page(req, campaign_id, default_start)
        return _answer(True, {"limit": limit, "total": total, "calls": page})

    def _call_log(self, req: RecordedRequest, _token: str | None) -> Reply | None:
        if self._waited():
            return None
        with self._sandbox.lock:
            if not self._valid(req.query.get("access_token")):
                return _answer(False, code="401", status=401)
            page, total, limit = self._page(req, None, 0)
        return _answer(True, {"limit": limit, "total": total, "calls": page})

    def _page(
        self, req: RecordedRequest, campaign: str | None, default_start_ms: float
    ) -> tuple[list[dict[str, Any]], int, int]:
        """Under the lock: the calls placed between start_time and end_time (ms; by default
        from the campaign's creation to now), oldest first, `limit` from `offset` on."""
        now = time.time()
        start = _number(req.query.get("start_time"), default_start_ms) / 1000
        end = min(_number(req.query.get("end_time"), now * 1000) / 1000, now)
        limit = int(min(max(_number(req.query.get("limit"), 10), 1), 1000))
        offset = int(max(_number(req.query.get("offset"), 0), 0))
        for name in self._unsorted:
            self._calls[name].sort(key=lambda call: (call.starts_at, int(call.call_id)))
        self._unsorted.clear()
        if campaign is not None:
            calls = self._calls.get(campaign, [])
        else:
            calls = sorted(
                (call for each in self._calls.values() for call in each),
                key=lambda call: (call.starts_at, int(call.call_id)),
            )
        first = bisect.bisect_left(calls, start, key=lambda call: call.starts_at)
        last = bisect.bisect_right(calls, end, key=lambda call: call.starts_at)
        page = calls[first + offset : min(first + offset + limit, last)]
        return [c.item(now) for c in page], max(0, last - first), limit

    def _history(self) -> None:
        """The demo's campaign 1001 ran yesterday: calls to the sample contacts and others."""
        yesterday = time.time() - 86400
        numbers = [*(f"09{n:08d}" for n in range(71234561, 71234586))]
        # The sample contacts among the latest, so that the demo shows their names.
        for place, number in zip(
            (3, 9, 14, 20, 24),
            ("0901234567", "0912345678", "0983456789", "0935678901", "0351234567"),
            strict=True,
        ):
            numbers.insert(place, number)
        for index, number in enumerate(numbers):
            self._place("1001", number, yesterday + index * 97, ended=True)


def _number(value: str | None, default: float) -> float:
    if value is None or not value.strip().isdigit():
        return default
    return float(value.strip()[:16])


def autocall_help() -> str:
    """A plain-text summary of the sandbox's AutoCall, for `omidesk sandbox` and the README."""
    lines = [
        f"  Secret key  {DEFAULT_SECRET}",
        "  Campaigns   1001 running, 1002 stopped (code 03), 1003 voice OTP, running",
        "  Numbers     0900 000 002 skipped silently; 0900 000 020 no answer in time;",
        "              0900 000 022 HTTP 500 (both after the contacts were added)",
        "  Calls end   by last digit: 0/7 answered, 1/8 pressed 1, 2 pressed 2,",
        "              5 pressed 1 then 3, 3 busy, 4 no answer, 6 rejected, 9 unallocated",
    ]
    return "\n".join(lines)
