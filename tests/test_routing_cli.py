"""`omidesk routing …` as the admin runs it: real processes, a real owners file."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from omidesk.sandbox.server import Sandbox
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.integration

DATA = ROOT / "tests" / "data"


def test_import_with_vietnamese_headers_reports_and_skips_bad_rows():
    run = run_cli("routing", "owners", "import", str(DATA / "owners_vietnamese.csv"), "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert (report["rows"], report["imported"], report["numbers"]) == (7, 3, 3)
    assert [(row["row"], row["reason"]) for row in report["skipped"]] == [
        (4, "owners_row_bad_number"),
        (5, "owners_row_bad_owner"),
        (6, "owners_row_no_owner"),
        (8, "owners_row_bad_hotline"),
    ]
    assert report["left_out"] == [
        {"row": 7, "value": "ab7", "reason": "owners_value_bad_extension"}
    ]
    listed = json.loads(run_cli("routing", "owners", "list", "--json").out)
    assert [(row["number"], row["hotline"], row["owners"]) for row in listed] == [
        ("+84901234567", None, ["101", "102"]),
        ("+84912345678", "+842877788056", ["103", "104"]),
        ("+84966123456", None, ["106", "107"]),
    ]


def test_import_in_vietnamese_words_the_skipped_rows():
    assert run_cli("config", "set", "language", "vi").code == 0
    run = run_cli("routing", "owners", "import", str(DATA / "owners_vietnamese.csv"))
    assert run.code == 0, run.err
    assert "dòng 4: không phải số điện thoại hợp lệ — không có số" in run.out
    assert "dòng 7: bỏ qua ab7 — không phải máy lẻ (chỉ gồm chữ số, ví dụ 101)" in run.out


def imported(path: Path, *options: str) -> dict[str, Any]:
    """The report of `routing owners import PATH OPTIONS --json`, which must succeed."""
    run = run_cli("routing", "owners", "import", str(path), *options, "--json")
    assert run.code == 0, run.err
    return dict(json.loads(run.out))


def test_import_lists_each_value_left_out_of_a_row_and_why(tmp_path: Path):
    owners = tmp_path / "contacts.csv"
    owners.write_text(
        "Name,Phone 1 - Value,Phone 2 - Value,Owners\n"
        "An,0901234567,12345,101 Lan 102\n"
        "Bình,0912345678,,101:102:103:104:105:106\n",
        encoding="utf-8",
    )
    report = imported(owners)
    assert (report["rows"], report["imported"], report["skipped"]) == (2, 2, [])
    assert report["left_out"] == [
        {"row": 2, "value": "12345", "reason": "owners_value_bad_number"},
        {"row": 2, "value": "Lan", "reason": "owners_value_bad_extension"},
        {"row": 3, "value": "106", "reason": "owners_value_too_many"},
    ]
    text = run_cli("routing", "owners", "import", str(owners))
    assert "row 2: left out 12345 — not a valid phone number" in text.out
    assert "row 2: left out Lan — not an extension (digits only, such as 101)" in text.out
    assert "row 3: left out 106 — past the 5 owners OMICall rings" in text.out


def test_a_merge_keeps_five_owners_and_says_which_were_left_out(tmp_path: Path):
    # OMICall rings five at most: owners merged past them (from another row of the file or
    # from the owners already there) are left out and said, never stored unrung.
    assert run_cli("routing", "owners", "set", "0912345678", "101", "102", "103", "104").code == 0
    owners = tmp_path / "owners.csv"
    owners.write_text(
        "Phone,Owners\n"
        "0901234567,101:102:103\n"
        "84901234567,103:104:105:106:107\n"
        "0912345678,102:105:108\n",
        encoding="utf-8",
    )
    report = imported(owners)
    assert (report["rows"], report["imported"], report["skipped"]) == (3, 3, [])
    assert report["left_out"] == [
        {"row": 3, "value": "106", "reason": "owners_value_too_many"},
        {"row": 3, "value": "107", "reason": "owners_value_too_many"},
        {"row": 4, "value": "108", "reason": "owners_value_too_many"},
    ]
    listed = json.loads(run_cli("routing", "owners", "list", "--json").out)
    assert [(row["number"], row["owners"]) for row in listed] == [
        ("+84901234567", ["101", "102", "103", "104", "105"]),
        ("+84912345678", ["101", "102", "103", "104", "105"]),
    ]
    again = run_cli("routing", "owners", "import", str(owners), "--replace")
    assert again.code == 0, again.err
    assert "row 3: left out 106 — past the 5 owners OMICall rings" in again.out
    assert "row 4" not in again.out  # replaced: 102:105:108 is that number's whole list
    listed = json.loads(run_cli("routing", "owners", "list", "--json").out)
    assert [row["owners"] for row in listed] == [
        ["101", "102", "103", "104", "105"],
        ["102", "105", "108"],
    ]


def test_import_reports_a_number_written_again_and_again_as_invalid(tmp_path: Path):
    owners = tmp_path / "owners.csv"
    rows = [
        "Phone,Owners",
        "+84 90 123 4567" * 5_000 + ",101",  # a number written 5,000 times
        "+84 90 123 4567" * 10_000 + ",102",  # …and 10,000: more than a CSV cell holds
        "0912345678,103",
    ]
    owners.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run = run_cli("routing", "owners", "import", str(owners), "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert (report["rows"], report["imported"]) == (3, 1)
    assert [(row["row"], row["reason"]) for row in report["skipped"]] == [
        (2, "owners_row_bad_number"),
        (3, "owners_row_unreadable"),
    ]
    assert all(len(row["detail"]) <= 80 for row in report["skipped"])
    listed = json.loads(run_cli("routing", "owners", "list", "--json").out)
    assert [row["number"] for row in listed] == ["+84912345678"]
    text = run_cli("routing", "owners", "import", str(owners))
    assert "row 2: not a valid phone number — +84 90 123 4567" in text.out
    assert "row 3: this row could not be read as CSV" in text.out
    assert len(text.out) < 1000


def test_lookup_of_a_number_written_again_and_again_is_no_number():
    assert run_cli("routing", "owners", "set", "0901234567", "101").code == 0
    repeated = "+84 90 123 4567" * 5_000  # as much as one argument may hold
    looked = run_cli("routing", "lookup", repeated, "--json")
    assert looked.code == 0, looked.err
    answer = json.loads(looked.out)
    assert (answer["result"], answer["answer"], answer["number"]) == ("invalid", "", None)
    said = run_cli("routing", "lookup", "0901234567 0901234567")
    assert said.code == 0, said.err
    assert "is not a phone number: the answer is empty." in said.out
    assert "101" not in said.out
    long = run_cli("routing", "lookup", repeated)
    assert "is not a phone number: the answer is empty." in long.out
    assert len(long.out) < 200


def test_a_file_without_owner_columns_changes_nothing(tmp_path: Path):
    run_cli("routing", "owners", "set", "0901234567", "101")
    other = tmp_path / "contacts.csv"
    other.write_text("Name,Phone\nAn,0901234567\n", encoding="utf-8")
    run = run_cli("routing", "owners", "import", str(other), "--replace")
    assert run.code == 2
    assert "no phone column or no owners column" in run.err
    assert json.loads(run_cli("routing", "owners", "list", "--json").out)[0]["owners"] == ["101"]


def test_replace_makes_the_file_the_whole_list(tmp_path: Path):
    run_cli("routing", "owners", "set", "0987654321", "109")
    run = run_cli("routing", "owners", "import", str(DATA / "owners_vietnamese.csv"), "--replace")
    assert run.code == 0, run.err
    numbers = [
        row["number"] for row in json.loads(run_cli("routing", "owners", "list", "--json").out)
    ]
    assert "+84987654321" not in numbers
    assert len(numbers) == 3


def test_set_lookup_clear_and_export_round_trip(tmp_path: Path):
    assert run_cli("routing", "owners", "set", "+84901234567", "101", "102").code == 0
    assert (
        run_cli("routing", "owners", "set", "0901234567", "104", "--hotline", "842877788056").code
        == 0
    )
    looked = json.loads(
        run_cli("routing", "lookup", "84901234567", "--hotline", "02877788056", "--json").out
    )
    assert looked["answer"] == "104:101:102"
    assert [owner["why"] for owner in looked["owners"]] == ["hotline", "any", "any"]
    exported = tmp_path / "owners.csv"
    assert run_cli("routing", "owners", "export", str(exported)).code == 0
    assert run_cli("routing", "owners", "clear", "0901234567").code == 0
    assert json.loads(run_cli("routing", "lookup", "0901234567", "--json").out)["answer"] == ""
    assert run_cli("routing", "owners", "import", str(exported)).code == 0
    again = json.loads(
        run_cli("routing", "lookup", "0901234567", "--hotline", "02877788056", "--json").out
    )
    assert again["answer"] == "104:101:102"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("0901234567", "101", "abc"), "Not an extension: abc"),
        (("hello", "101"), "hello is not a valid phone number"),
        (("0901234567", "1", "2", "3", "4", "5", "6"), "6 extensions given"),
    ],
)
def test_set_refuses_bad_input_and_changes_nothing(args: tuple[str, ...], words: str):
    run = run_cli("routing", "owners", "set", *args)
    assert run.code == 2
    assert words in run.err
    assert json.loads(run_cli("routing", "owners", "list", "--json").out) == []


def test_set_key_is_refused_on_the_command_line_and_read_from_stdin():
    refused = run_cli("routing", "set-key", "secret-key-1234567")
    assert refused.code == 2
    assert "secret-key-1234567" not in refused.out + refused.err
    stored = run_cli("routing", "set-key", stdin="secret-key-1234567\n")
    assert stored.code == 0, stored.err


def test_set_key_refuses_a_key_shorter_than_16_characters():
    refused = run_cli("routing", "set-key", stdin="short-key-12345\n")  # 15 characters
    assert refused.code == 2
    assert "shorter than 16 characters" in refused.err
    assert "Nothing was stored" in refused.err
    assert "short-key-12345" not in refused.out + refused.err
    # Nothing was stored: the service still has no key.
    run = run_cli("routing", "serve", "--port", "1")
    assert (run.code, "No key is set" in run.err) == (5, True)
    assert run_cli("routing", "set-key", stdin="long-enough-key-1\n").code == 0


def test_serve_refuses_a_short_key_in_the_variable_and_says_which():
    run = run_cli(
        "routing", "serve", "--port", "1", OMIDESK_ROUTING_API_KEY="new-key-0123456789ab,old-1"
    )
    assert run.code == 5, (run.out, run.err)
    assert "Key 2 of OMIDESK_ROUTING_API_KEY is shorter than 16 characters" in run.err
    assert "old-1" not in run.out + run.err
    assert "new-key-0123456789ab" not in run.out + run.err


def test_a_short_key_is_refused_in_vietnamese_too():
    assert run_cli("config", "set", "language", "vi").code == 0
    refused = run_cli("routing", "set-key", stdin="ngan\n")
    assert refused.code == 2
    assert "ngắn hơn 16 ký tự" in refused.err


def test_serve_without_a_key_is_not_set_up():
    run = run_cli("routing", "serve", "--port", "1")
    assert run.code == 5
    assert "No key is set" in run.err


def test_serve_with_one_tls_file_is_refused(tmp_path: Path):
    cert = tmp_path / "cert.pem"
    cert.write_text("x", encoding="utf-8")
    run = run_cli(
        "routing", "serve", "--certfile", str(cert), OMIDESK_ROUTING_API_KEY="k-1234567890abcdef"
    )
    assert run.code == 2
    assert "--certfile and --keyfile" in run.err


# --- sync and lookup over the sandbox's call history --------------------------------------


def test_sync_then_lookup_says_sticky_with_the_date_of_the_call(configured: Sandbox):
    call = configured.history.ended_call("105", "0961000105", answered=True, ago_s=2 * 86400)
    configured.history.ended_call("106", "0961000106", answered=False, ago_s=3600)
    run = run_cli("routing", "sync")
    assert run.code == 0, run.err
    assert "Sync done:" in run.out
    assert "owner pairs learned" in run.out
    looked = run_cli("routing", "lookup", "+84961000105", "--json")
    assert looked.code == 0, looked.err
    answer = json.loads(looked.out)
    assert answer["answer"] == "105"
    [owner] = answer["owners"]
    assert (owner["extension"], owner["why"]) == ("105", "sticky")
    started = datetime.fromtimestamp(int(call.started)).astimezone()
    assert owner["last_call_at"] == started.isoformat(timespec="seconds")
    # Nobody answered 106's call: no owner.
    assert json.loads(run_cli("routing", "lookup", "0961000106", "--json").out)["answer"] == ""


def test_sync_json_reports_what_it_read(configured: Sandbox):
    configured.history.ended_call("105", "0961000105", answered=True, ago_s=3600)
    run = run_cli("routing", "sync", "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert report["error"] is None
    assert report["calls"] >= 1  # the demo extension's week is in the history too
    assert report["learned"] >= 1


def test_sync_without_the_company_key_is_not_set_up():
    run = run_cli("routing", "sync")
    assert run.code == 5, (run.out, run.err)
    assert "call history cannot be read" in run.err


def test_sync_rate_limited_exits_3_and_says_when_it_asks_again(configured: Sandbox):
    configured.history.inject("rate_limit")
    run = run_cli("routing", "sync")
    assert run.code == 3, (run.out, run.err)
    assert "OMICall asked OmiDesk to ask less often" in run.err
    assert "asks again by itself in about" in run.err


SERVE_KEY = "routing-key-0123456789abcdef"


def serve(db: Path, *options: str, **streams: Any) -> tuple[subprocess.Popen[bytes], int]:
    """`routing serve` on the owners file `db` as a real process, on a free port, with the key
    SERVE_KEY (`streams`: its stdout and stderr); the process and its port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    environment = dict(
        os.environ,
        OMIDESK_ROUTING_API_KEY=SERVE_KEY,
        PYTHONPATH=str(ROOT),
        PYTHON_KEYRING_BACKEND="tests.fake_keyring.FileKeyring",
    )
    command = ["routing", "--db", str(db), "serve", "--port", str(port), *options]
    server = subprocess.Popen(
        [sys.executable, "-m", "omidesk", *command], env=environment, cwd=ROOT, **streams
    )
    return server, port


def until_listening(client: httpx.Client, url: str) -> None:
    for _ in range(600):
        with contextlib.suppress(httpx.TransportError):
            client.get(url)
            return
        threading.Event().wait(0.05)


def test_a_journal_that_stops_reading_never_holds_up_an_answer(tmp_path: Path):
    # `routing serve` writes its log (the access lines) to stderr, its journal. A journal
    # that stops reading fills the pipe (64 KiB, some 500 access lines): the answers go
    # on, the lines past what can wait are dropped, and the service still stops.
    db = tmp_path / "owners.sqlite3"
    assert run_cli("routing", "--db", str(db), "owners", "set", "0901234567", "101").code == 0
    server, port = serve(db, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # never read
    try:
        url = f"http://127.0.0.1:{port}/get_owner_contact_by_phone"
        with httpx.Client(timeout=10, headers={"X-API-KEY": SERVE_KEY}) as client:
            until_listening(client, f"http://127.0.0.1:{port}/healthz")
            answers = [
                client.get(url, params={"phoneNumber": "0901234567"}).text for _ in range(1500)
            ]
        assert answers == ["101"] * 1500
    finally:
        server.terminate()
        code = server.wait(30)
        assert server.stderr is not None
        server.stderr.close()
    # It stopped as uvicorn stops on SIGTERM (the signal raised again once shut down).
    assert code in (0, -signal.SIGTERM)


def test_serve_answers_over_https_from_two_workers(tmp_path: Path):
    # What the README deploys: TLS from --certfile/--keyfile, --workers sharing one file.
    db = tmp_path / "owners.sqlite3"
    assert run_cli("routing", "--db", str(db), "owners", "set", "0901234567", "101").code == 0
    certificate = DATA / "localhost_cert.pem"
    tls = ("--certfile", str(certificate), "--keyfile", str(DATA / "localhost_key.pem"))
    journal = tmp_path / "journal.txt"
    with journal.open("wb") as errors:
        server, port = serve(db, *tls, "--workers", "2", stdout=subprocess.PIPE, stderr=errors)
    try:
        base = f"https://127.0.0.1:{port}"
        verify = ssl.create_default_context(cafile=certificate)
        with httpx.Client(timeout=10, verify=verify, headers={"X-API-KEY": SERVE_KEY}) as client:
            until_listening(client, base + "/healthz")
            answers = [
                client.get(
                    base + "/get_owner_contact_by_phone",
                    params={"phoneNumber": "84901234567"},
                    headers={"Connection": "close"},  # a new TLS connection each time
                )
                for _ in range(10)
            ]
            health = client.get(base + "/healthz").json()
        assert [(answer.status_code, answer.text) for answer in answers] == [(200, "101")] * 10
        assert health["loaded"] is True
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)  # no plain HTTP there
    finally:
        server.terminate()
        server.wait(30)
        assert server.stdout is not None
        said = server.stdout.read().decode()
        server.stdout.close()
    assert f"Answering OMICall on https://127.0.0.1:{port}/get_owner_contact_by_phone" in said
    assert "Plain HTTP" not in said
    started = journal.read_text(encoding="utf-8", errors="replace")
    assert started.count("Application startup complete") == 2  # each worker loaded the owners
    assert SERVE_KEY not in started
