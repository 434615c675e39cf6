"""Pushing contacts into a campaign, against the sandbox over real HTTP with a real store:
the sources, the checks, batches recorded before they leave, lost answers never resent."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from omidesk.domain.autocall.push import Candidate, PushReport, payload, plan_push
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.domain.contacts import Contact, Phone
from omidesk.infra import contact_files
from omidesk.sandbox.autocall import DEFAULT_SECRET
from omidesk.sandbox.server import Sandbox
from omidesk.store.autocall import AutoCallStore
from omidesk.store.contacts import ContactStore
from omidesk.store.db import Database
from omidesk.usecases.autocall_push import (
    from_contacts,
    from_file,
    from_numbers,
    prepare,
    push,
)
from tests.autocall_support import run_with

pytestmark = pytest.mark.integration

TOKEN_PATH = "/api/users/generate-access-token"


def numbers_sent(sandbox: Sandbox) -> list[list[str]]:
    return [[c["phone_number"] for c in r.json["contacts"]] for r in sandbox.autocall.imports()]


def test_push_from_a_csv_sends_name_title_otp_and_other_columns(sandbox: Sandbox, tmp_path: Path):
    csv = tmp_path / "otp.csv"
    csv.write_text(
        "Họ tên,Danh xưng,Số điện thoại,Mã OTP,so_tien\n"
        "Nguyễn Văn An,anh,0901 234 567,123456,1.500.000\n"
        "Trần Thị Bích,chị,+84 912 345 678,4321,200.000\n",
        encoding="utf-8",
    )

    async def work(client, store, _http):
        gathered = from_file(csv, contact_files, otp_column="Mã OTP")
        plan = prepare("1003", gathered, store, otp_required=True)
        return await push(plan, client, store)

    report = run_with(sandbox, tmp_path / "db.sqlite3", work)
    assert report.status == "ok"
    assert [a.phone_number for a in report.accepted] == ["0901234567", "0912345678"]
    sent = sandbox.autocall.imports()[0].json["contacts"]
    assert sent == [
        {
            "phone_number": "0901234567",
            "ho_ten": "Nguyễn Văn An",
            "danh_xung": "anh",
            "otp_code": "123456",
            "so_tien": "1.500.000",
        },
        {
            "phone_number": "0912345678",
            "ho_ten": "Trần Thị Bích",
            "danh_xung": "chị",
            "otp_code": "004321",  # a code whose leading zeros a spreadsheet dropped
            "so_tien": "200.000",
        },
    ]


def test_push_from_a_vcard(sandbox: Sandbox, tmp_path: Path):
    card = tmp_path / "khach.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lê Hoàng Nam\r\nTEL;TYPE=CELL:0983 456 789\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Không số\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )

    async def work(client, store, _http):
        plan = prepare("1001", from_file(card, contact_files), store, otp_required=False)
        return await push(plan, client, store)

    report = run_with(sandbox, tmp_path / "db.sqlite3", work)
    assert numbers_sent(sandbox) == [["0983456789"]]
    assert sandbox.autocall.imports()[0].json["contacts"][0]["ho_ten"] == "Lê Hoàng Nam"
    assert [(i.reason, i.row) for i in report.plan.invalid] == [("push_no_number", 2)]


def test_push_from_numbers_and_from_a_search(sandbox: Sandbox, tmp_path: Path):
    db_path = tmp_path / "db.sqlite3"
    with Database(db_path) as db:
        ContactStore(db).add_many(
            [
                Contact("Đặng Thị Hương", (Phone.parse("0935 678 901"),), company="Highlands"),
                Contact("Đặng Văn Hùng", (Phone.parse("not a number"), Phone.parse("0936111222"))),
                Contact("Phạm Minh", (Phone.parse("0937000111"),)),
            ]
        )

    async def work(client, store, _http):
        typed = await push(
            prepare("1001", from_numbers(["0911 222 333"]), store, otp_required=False),
            client,
            store,
        )
        found = ContactStore(store.db).search("dang", limit=100)
        searched = await push(
            prepare("1001", from_contacts(found), store, otp_required=False), client, store
        )
        return typed, searched

    typed, searched = run_with(sandbox, db_path, work)
    assert typed.status == searched.status == "ok"
    sent = numbers_sent(sandbox)
    assert sent[0] == ["0911222333"]
    assert sorted(sent[1]) == ["0935678901", "0936111222"]  # each its first valid number
    names = {c["phone_number"]: c["ho_ten"] for c in sandbox.autocall.imports()[1].json["contacts"]}
    assert names["0936111222"] == "Đặng Văn Hùng"


def test_invalid_numbers_duplicates_and_otp_checks_are_reported_not_sent():
    candidates = [
        Candidate("0901 234 567", otp="123456", row=2),
        Candidate("090 123", otp="123456", row=3),  # too short
        Candidate("+33 6 12 34 56 78", otp="123456", row=4),  # not Vietnamese
        Candidate("0901234567", otp="654321", row=5),  # the same number again
        Candidate("0912 345 678", otp="", row=6),  # no OTP
        Candidate("0912 345 679", otp="1234567", row=7),  # seven digits
        Candidate("0912 345 680", otp="000000", row=8),  # below 000001
        Candidate("0912 345 681", otp="12a456", row=9),
        Candidate("", otp="123456", row=10),
        Candidate("0165 123 4567", otp=" 999999 ", row=11),  # renumbered: 0351234567
    ]
    plan = plan_push("1003", candidates, otp_required=True)
    assert [c.phone_number for c in plan.to_send] == ["0901234567", "0351234567"]
    assert [c.otp_code for c in plan.to_send] == ["123456", "999999"]
    assert plan.to_send[1].converted_from == "01651234567"
    assert [(i.row, i.reason) for i in plan.invalid] == [
        (3, "number_too_short"),
        (4, "push_foreign_number"),
        (6, "push_otp_missing"),
        (7, "push_otp_invalid"),
        (8, "push_otp_invalid"),
        (9, "push_otp_invalid"),
        (10, "push_no_number"),
    ]
    assert plan.duplicates == 1
    first = PushReport(plan).to_json()["invalid"][0]
    assert first == {"input": "090 123", "reason": "number_too_short"}


def test_an_otp_column_the_file_lacks_is_refused_before_anything(sandbox: Sandbox, tmp_path: Path):
    csv = tmp_path / "list.csv"
    csv.write_text("Tên,SĐT\nAn,0901234567\n", encoding="utf-8")
    with pytest.raises(ContactFileError) as refused:
        from_file(csv, contact_files, otp_column="OTP")
    assert refused.value.code == "push_no_otp_column"
    assert refused.value.params["columns"] == "Tên, SĐT"
    assert sandbox.requests == []


def test_numbers_autocall_skips_are_reported_as_skipped_by_server(sandbox: Sandbox, tmp_path: Path):
    async def work(client, store, _http):
        plan = prepare(
            "1001", from_numbers(["0911000021", "0900000002"]), store, otp_required=False
        )
        return await push(plan, client, store)

    report = run_with(sandbox, tmp_path / "db.sqlite3", work)
    assert report.skipped_by_server == ["0900000002"]
    assert [a.phone_number for a in report.accepted] == ["0911000021"]
    assert report.accepted[0].call_id.isdigit()
    assert report.status == "partial"
    assert report.to_json()["skipped_by_server"] == ["0900000002"]


def test_batches_hold_at_most_200_and_the_journal_keeps_their_call_ids(
    sandbox: Sandbox, tmp_path: Path
):
    numbers = [f"0913{n:06d}" for n in range(450)]

    async def work(client, store, _http):
        report = await push(
            prepare("1001", from_numbers(numbers), store, otp_required=False), client, store
        )
        return report, store.journal("1001")

    report, journal = run_with(sandbox, tmp_path / "db.sqlite3", work)
    assert [len(batch) for batch in numbers_sent(sandbox)] == [200, 200, 50]
    assert report.sent == 450 and len(report.accepted) == 450
    assert [(b.seq, b.state, len(b.accepted)) for b in journal] == [
        (1, "answered", 200),
        (2, "answered", 200),
        (3, "answered", 50),
    ]
    assert journal[0].accepted["0913000000"] == report.accepted[0].call_id


def test_a_batch_is_in_the_journal_before_its_request_leaves(sandbox: Sandbox, tmp_path: Path):
    """The sandbox holds the answer to the second batch (0900 000 020): meanwhile, another
    connection finds that batch recorded as being sent."""
    db_path = tmp_path / "db.sqlite3"
    numbers = [f"0914{n:06d}" for n in range(200)] + ["0900000020"]
    result: list[PushReport] = []

    def pushing() -> None:
        async def work(client, store, _http):
            plan = prepare("1001", from_numbers(numbers), store, otp_required=False)
            return await push(plan, client, store)

        result.append(run_with(sandbox, db_path, work, timeout_s=30.0))

    thread = threading.Thread(target=pushing)
    thread.start()
    try:
        assert sandbox.wait_for(lambda rs: len([r for r in rs if r.path.endswith("/import")]) == 2)
        with Database(db_path) as db:
            journal = AutoCallStore(db).journal("1001")
        assert [(b.seq, b.state) for b in journal] == [(1, "answered"), (2, "sending")]
        assert journal[1].numbers == ("0900000020",)
    finally:
        sandbox.stop()  # the held answer is dropped: the push sees a lost answer
        thread.join(timeout=30)
    assert result[0].unknown == ["0900000020"]


def test_a_lost_answer_is_never_resent_and_a_rerun_skips_its_numbers(
    sandbox: Sandbox, tmp_path: Path
):
    db_path = tmp_path / "db.sqlite3"
    first = [f"0915{n:06d}" for n in range(199)] + ["0900000022"]  # batch 1 gets HTTP 500
    rest = [f"0916{n:06d}" for n in range(50)]

    async def work(client, store, _http):
        plan = prepare("1001", from_numbers(first + rest), store, otp_required=False)
        report = await push(plan, client, store)
        again = prepare("1001", from_numbers(first + rest), store, otp_required=False)
        rerun = await push(again, client, store)
        forced = prepare("1001", from_numbers(first[:3]), store, otp_required=False, again=True)
        return report, again, rerun, forced

    report, again, rerun, forced = run_with(sandbox, db_path, work)
    # The batch whose answer was lost: unknown, never resent, and the push stopped there.
    assert report.status == "unknown"
    assert report.unknown == first and report.sent == 200
    assert report.unknown_error is not None and report.unknown_error.code == "autocall_server_error"
    assert numbers_sent(sandbox)[0] == first
    # The rerun skips them (maybe pushed) and sends only what was never sent.
    assert again.already_pushed == first
    assert [c.phone_number for c in again.to_send] == rest
    assert rerun.status == "ok"
    assert numbers_sent(sandbox)[1:] == [rest]
    sent_first = [n for batch in numbers_sent(sandbox) for n in batch if n in first]
    assert len(sent_first) == len(first)  # each sent once, ever
    # --again sends them anyway, on purpose.
    assert [c.phone_number for c in forced.to_send] == first[:3]


def test_an_answer_that_never_comes_is_unknown(sandbox: Sandbox, tmp_path: Path):
    async def work(client, store, _http):
        numbers = from_numbers(["0900000020", "0917000001"])
        plan = prepare("1001", numbers, store, otp_required=False)
        report = await push(plan, client, store)
        return report, store.journal("1001")

    report, journal = run_with(sandbox, tmp_path / "db.sqlite3", work, timeout_s=1.0)
    assert report.to_json()["unknown"] == ["0900000020", "0917000001"]
    assert report.status == "unknown"
    assert journal[0].state == "unknown" and journal[0].error_code == "autocall_no_answer"
    assert len(sandbox.autocall.imports()) == 1


def test_a_stopped_campaign_refuses_and_nothing_counts_as_pushed(sandbox: Sandbox, tmp_path: Path):
    async def work(client, store, _http):
        plan = prepare("1002", from_numbers(["0918000001"]), store, otp_required=False)
        report = await push(plan, client, store)
        return report, store.pushed_numbers("1002"), store.journal("1002")

    report, pushed, journal = run_with(sandbox, tmp_path / "db.sqlite3", work)
    assert report.status == "refused"
    assert report.stop is not None and report.stop.code == "autocall_campaign_stopped"
    assert report.stop.server_message == "The campaign stopped. Can not import data"
    assert report.sent == 0 and pushed == set()
    assert journal[0].state == "refused"


def test_cancel_stops_between_batches(sandbox: Sandbox, tmp_path: Path):
    numbers = [f"0919{n:06d}" for n in range(500)]
    seen: list[int] = []

    async def work(client, store, _http):
        plan = prepare("1001", from_numbers(numbers), store, otp_required=False)
        return await push(
            plan,
            client,
            store,
            progress=lambda sent, _total: seen.append(sent),
            cancelled=lambda: len(seen) >= 2,  # asked before each batch: after the first one
        )

    report = run_with(sandbox, tmp_path / "db.sqlite3", work)
    assert seen == [0, 200]
    assert len(sandbox.autocall.imports()) == 1
    assert report.stop is not None and report.stop.consequence == "cancelled"
    assert report.status == "partial" and report.not_sent == 300


def pushed_then_cancelled(
    sandbox: Sandbox, tmp_path: Path, numbers: list[str], *, imports: int
) -> tuple[PushReport, list[Any]]:
    """A push of `numbers` to campaign 1001, cancelled once AutoCall has received
    `imports` requests: its report and the journal."""

    async def work(client, store, _http):
        plan = prepare("1001", from_numbers(numbers), store, otp_required=False)
        report = PushReport(plan)
        task = asyncio.ensure_future(push(plan, client, store, report=report))
        while len(sandbox.autocall.imports()) < imports:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return report, store.journal("1001")

    return run_with(sandbox, tmp_path / "db.sqlite3", work, timeout_s=30.0)


def test_a_push_cancelled_while_its_request_is_out_records_unknown(
    sandbox: Sandbox, tmp_path: Path
):
    report, journal = pushed_then_cancelled(sandbox, tmp_path, ["0900000020"], imports=1)
    assert report.unknown == ["0900000020"]
    assert (journal[0].state, journal[0].error_code) == ("unknown", "autocall_interrupted")


def test_a_plain_list_reads_as_the_same_list_with_a_column_passed_on(tmp_path: Path):
    # A name-and-number file takes a loop of its own: its rows (messy names, a cell with
    # Google's separator, a short row, a row with too many cells, a quoted number) must
    # come out as the general loop reads them when one more column is passed on.
    rows = [
        ("Nguyễn  Văn An ", "0913000001"),
        ("", "0913 000 002"),
        ("Bình", ""),
        ("Chi", "0913000003 ::: 0913000004"),
        ("Em", "'0913000008"),
        ("Khoa", "abc"),
        (" Gia ", " 0913000009 "),
    ]
    plain = "Họ tên,SĐT\n" + "".join(f'"{n}","{p}"\n' for n, p in rows) + "Hà\nDũng,1,x\n"
    extra = "Họ tên,SĐT,so_tien\n" + "".join(f'"{n}","{p}",5\n' for n, p in rows) + "Hà\n"
    extra += "Dũng,1,x,y\n"
    (tmp_path / "plain.csv").write_text(plain, encoding="utf-8")
    (tmp_path / "extra.csv").write_text(extra, encoding="utf-8")
    fast = list(contact_files.push_candidates(tmp_path / "plain.csv"))
    general = list(contact_files.push_candidates(tmp_path / "extra.csv"))
    assert [item._replace(fields=()) if isinstance(item, Candidate) else item for item in general][
        :-1
    ] == fast[:-1]
    assert [(c.input, c.name) for c in fast if isinstance(c, Candidate)] == [
        ("0913000001", "Nguyễn Văn An"),
        ("0913 000 002", ""),
        ("", "Bình"),
        ("0913000003", "Chi"),
        ("'0913000008", "Em"),
        ("", "Khoa"),
        ("0913000009", "Gia"),
        ("", "Hà"),
    ]
    assert fast[-1].reason == general[-1].reason == "import_bad_row"


class _Pushed:
    """The journal's numbers pushed before, for the checks alone (a port in memory)."""

    def __init__(self, numbers: set[str]) -> None:
        self.numbers = numbers

    def pushed_numbers(self, campaign: str) -> set[str]:
        return set(self.numbers)


def _varied_rows(count: int) -> list[str]:
    """Name-and-number rows as real lists have them: mostly clean national numbers, and
    every odd form (spaces, dots, +84, 84, 0084, old 11-digit mobiles, Google's separator,
    a spreadsheet's quote, invisible characters, foreign, short, long, letters, empty),
    duplicates written differently, short and overlong rows, blank lines."""
    import random

    chance = random.Random(17)
    odd = [
        "0901 234 567",
        "0901.234.567",
        "+84901234567",
        "84901234567",
        "0084901234567",
        "+84 (0) 90 123 45 67",
        "01651234567",
        "0165 123 4567",
        "01689123456",
        "0901234567 ::: 0912345678",
        "abc ::: 0912345678",
        "'0913000008",
        "\u200b0901234568",
        "0901234567\u200e",
        "\t0901234569 ",
        "+442071234567",
        "0901234",
        "090123456789012",
        "09o1234567",
        "",
        "   ",
        "n/a",
        "1800 1234",
        "02838123456",
        "0283 812 3456",
        "0901234567",
        "0001234567",
        "0123456789",
        "0201234567",
        "0591234567",
        "08001234567",
    ]
    rows = []
    for n in range(count):
        pick = chance.random()
        if pick < 0.6:
            number = f"0{chance.choice('35789')}{chance.randrange(10**8):08d}"
        elif pick < 0.8:
            number = chance.choice(odd)
        else:
            number = f"09{chance.randrange(10**4):08d}"[:10]  # many duplicates
        name = chance.choice(["Nguyễn  Văn An ", "Lê Thị Bích", "", " Gia ", "Trần\tMinh"])
        quoted = number.replace('"', '""')
        rows.append(f'"{name}","{quoted}"')
        if n % 97 == 0:
            rows.append(f"{name},0901234570,extra")  # more cells than columns
        if n % 89 == 0:
            rows.append(name)  # no number cell at all
        if n % 83 == 0:
            rows.append("")
    return rows


@pytest.mark.parametrize("again", [False, True])
def test_a_plain_list_read_and_checked_in_one_pass_plans_what_the_two_passes_plan(
    tmp_path: Path, again: bool
):
    path = tmp_path / "plain.csv"
    path.write_text("Họ tên,SĐT\n" + "\n".join(_varied_rows(6000)) + "\n", encoding="utf-8")
    pushed = _Pushed({"0901234567", "0351234567", "02838123456", "0900001234"})
    fused = from_file(path, contact_files)
    assert fused.plain is not None  # the one-pass reading is what is being compared
    one_pass = prepare("1001", fused, pushed, otp_required=False, again=again)
    two_passes = from_file(path, contact_files)
    two_passes.read()  # the candidates first, as any other source, then plan_push
    assert two_passes.plain is None and two_passes.candidates
    expected = prepare("1001", two_passes, pushed, otp_required=False, again=again)
    assert one_pass == expected
    # The sample did reach every branch.
    assert one_pass.duplicates > 100
    reasons = {item.reason for item in one_pass.invalid}
    assert {"number_invalid", "number_too_long", "push_foreign_number"} <= reasons
    assert {"push_no_number", "import_bad_row"} <= reasons
    assert any(contact.converted_from for contact in one_pass.to_send)
    assert any(contact.input != contact.phone_number for contact in one_pass.to_send)
    assert bool(one_pass.already_pushed) is not again


def test_a_plain_list_for_a_voice_otp_campaign_has_no_otp_to_send(tmp_path: Path):
    path = tmp_path / "plain.csv"
    path.write_text("Họ tên,SĐT\nAn,0901234567\nBình,0901 234\n", encoding="utf-8")
    plan = prepare("1003", from_file(path, contact_files), _Pushed(set()), otp_required=True)
    assert plan.to_send == []
    assert [(item.input, item.reason) for item in plan.invalid] == [
        ("0901234567", "push_otp_missing"),
        ("0901 234", "number_invalid"),
    ]


# --- the next batch's body, made while the one before it is out ------------------------------


def test_what_goes_over_the_wire_is_the_json_httpx_would_write(sandbox: Sandbox, tmp_path: Path):
    """Three batches of contacts with names, titles, OTP codes and other fields: each
    request carries the bytes httpx's json= makes of {access_token, contacts}, in order."""
    candidates = [
        Candidate(
            f"0921{n:06d}",
            name=f"Nguyễn Thị Hà {n}" if n % 3 else "",
            title="chị" if n % 2 else "",
            otp=f"{n + 1:06d}" if n % 5 else None,
            fields=(("so_tien", f"{n}.000 ₫"), ("ghi_chu", 'dấu "nháy" \\ và\ttab')),
        )
        for n in range(450)
    ]

    async def work(client, store, _http):
        plan = prepare("1001", candidates, store, otp_required=False)
        report = await push(plan, client, store)
        return plan, report

    plan, report = run_with(sandbox, tmp_path / "db.sqlite3", work)
    assert report.status == "ok" and report.sent == 450
    imports = sandbox.autocall.imports()
    assert len(imports) == 3
    for request, batch in zip(imports, plan.batches(), strict=True):
        body = {"access_token": request.json["access_token"], "contacts": payload(batch)}
        assert request.body == json.dumps(
            body, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")
        assert request.headers["content-type"] == "application/json"


def test_a_token_refused_mid_push_replays_that_batch_once_with_the_new_token(
    sandbox: Sandbox, tmp_path: Path
):
    """The token is made stale after the first batch's answer (another OmiDesk asked for
    one), when the second batch's body was already made ahead: the second batch goes with
    the stale token, is refused, and is replayed once with its own contacts and the new
    token; the third carries the new one. A body made ahead with the token in it, or with
    the previous batch's contacts, fails this."""
    numbers = [f"0922{n:06d}" for n in range(450)]

    def another_omidesk_asks_for_a_token(sent: int, _total: int) -> None:
        if sent == 200:
            query = {"secret_key": DEFAULT_SECRET}
            answer = httpx.get(sandbox.base_url + TOKEN_PATH, params=query, timeout=10)
            assert answer.json()["status"] == 1

    async def work(client, store, _http):
        plan = prepare("1001", from_numbers(numbers), store, otp_required=False)
        report = await push(plan, client, store, progress=another_omidesk_asks_for_a_token)
        return report, store.journal("1001"), client.token_count

    report, journal, tokens = run_with(sandbox, tmp_path / "db.sqlite3", work)
    assert report.status == "ok" and len(report.accepted) == 450
    assert tokens == 2  # ours at the start, and one regeneration
    batches = [numbers[:200], numbers[200:400], numbers[400:]]
    assert numbers_sent(sandbox) == [batches[0], batches[1], batches[1], batches[2]]
    first, refused, replayed, third = (r.json["access_token"] for r in sandbox.autocall.imports())
    issued = sandbox.autocall.issued
    assert first == refused == issued[0] and replayed == third == issued[-1] != first
    assert [(b.seq, b.state, len(b.accepted)) for b in journal] == [
        (1, "answered", 200),
        (2, "answered", 200),
        (3, "answered", 50),
    ]


def test_a_push_cancelled_in_its_second_batch_journals_as_before(sandbox: Sandbox, tmp_path: Path):
    """Cancelled while the second batch's answer is awaited (the third batch's body made
    meanwhile): the second is unknown, the third was never recorded nor sent."""
    numbers = [f"0923{n:06d}" for n in range(200)] + ["0900000020"]
    numbers += [f"0924{n:06d}" for n in range(199)] + [f"0925{n:06d}" for n in range(30)]

    report, journal = pushed_then_cancelled(sandbox, tmp_path, numbers, imports=2)
    assert [(b.seq, b.state, b.error_code) for b in journal] == [
        (1, "answered", None),
        (2, "unknown", "autocall_interrupted"),
    ]
    assert report.unknown == numbers[200:400]
    assert len(sandbox.autocall.imports()) == 2
