"""`omidesk autocall …` as real subprocesses against the sandbox: the JSON and exit codes,
the confirmation, a kill -9 in the middle of a push, and no secret in any file or log."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from omidesk.domain.settings import Settings
from omidesk.infra import settings_file
from omidesk.infra.paths import default_paths
from omidesk.sandbox.autocall import DEFAULT_SECRET
from omidesk.sandbox.server import Sandbox
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.integration

PUSH_KEYS = [
    "campaign",
    "sent",
    "accepted",
    "skipped_by_server",
    "invalid",
    "duplicates",
    "already_pushed",
    "unknown",
    "status",
]
CALL_KEYS = [
    "call_id",
    "campaign",
    "caller_id",
    "callee_id",
    "called_at",
    "duration_s",
    "key_press",
    "note",
    "state",
    "answered",
    "contact",
]


@pytest.fixture
def autocall(sandbox: Sandbox) -> Sandbox:
    """A profile pointed at the sandbox's AutoCall, its secret stored with set-secret."""
    paths = default_paths().ensure()
    settings = Settings(autocall_base_url=sandbox.base_url, timeout_s=2.0)
    settings_file.save(paths.settings_file, settings)
    stored = run_cli("autocall", "set-secret", stdin=DEFAULT_SECRET + "\n")
    assert stored.code == 0, stored.err
    return sandbox


def push(*args: str, stdin: str | None = None):
    result = run_cli("autocall", "push", *args, stdin=stdin)
    report = json.loads(result.out) if "--json" in args and result.out.strip() else None
    return result, report


def numbers_sent(sandbox: Sandbox) -> list[str]:
    return [c["phone_number"] for r in sandbox.autocall.imports() for c in r.json["contacts"]]


def test_push_numbers_prints_exactly_the_report(autocall: Sandbox):
    result, report = push("1001", "--numbers", "0931 000 001", "0931000002", "--yes", "--json")
    assert result.code == 0, result.err
    assert list(report) == PUSH_KEYS
    assert report["campaign"] == "1001" and report["sent"] == 2 and report["status"] == "ok"
    assert [a["phone_number"] for a in report["accepted"]] == ["0931000001", "0931000002"]
    assert all(isinstance(a["call_id"], str) and a["call_id"] for a in report["accepted"])


def test_push_asks_first_and_sends_nothing_without_a_yes(autocall: Sandbox):
    declined, report = push("1001", "--numbers", "0932000001", "--json", stdin="n\n")
    assert declined.code == 2
    assert "Push 1 contact into campaign 1001? If it is running, AutoCall starts calling it" in (
        declined.err
    )
    assert report["sent"] == 0
    assert autocall.autocall.imports() == []
    accepted, report = push("1001", "--numbers", "0932000001", stdin="y\n")
    assert accepted.code == 0, accepted.err
    assert numbers_sent(autocall) == ["0932000001"]
    assert "AutoCall added 1" in accepted.out


def test_an_unreadable_ca_bundle_is_said_and_nothing_is_pushed(autocall: Sandbox, tmp_path):
    # An https AutoCall: the command makes its TLS context, from what SSL_CERT_FILE names.
    https = {"OMIDESK_AUTOCALL_BASE_URL": "https://autocall.invalid"}
    bundle = str(tmp_path / "missing.pem")
    result = run_cli(
        "autocall", "push", "1001", "--numbers", "0932000009", "--yes", "--json",
        SSL_CERT_FILE=bundle, **https,
    )  # fmt: skip
    assert result.code == 5, result.err
    assert "Something went wrong" not in result.err
    assert f"The certificate authorities that SSL_CERT_FILE names cannot be read ({bundle})" in (
        result.err
    )
    assert json.loads(result.out)["sent"] == 0
    assert autocall.autocall.imports() == []
    synced = run_cli("autocall", "results", "1001", "--json", SSL_CERT_FILE=bundle, **https)
    assert synced.code == 5 and "unset it" in synced.err
    assert json.loads(synced.out) == []  # the calls stored (none yet), listed all the same


def test_push_from_a_file_reports_the_checks(autocall: Sandbox, tmp_path: Path):
    csv = tmp_path / "khach.csv"
    csv.write_text(
        "Họ tên,SĐT,OTP\nAn,0933000001,111111\nBình,090 12,222222\nAn lại,0933000001,333333\n"
        "Chi,0933000003,\n",
        encoding="utf-8",
    )
    result, report = push("1003", "--file", str(csv), "--otp-column", "otp", "--yes", "--json")
    assert result.code == 0, result.err
    assert report["sent"] == 1 and report["duplicates"] == 1
    assert report["invalid"] == [
        {"input": "090 12", "reason": "number_too_short"},
        {"input": "0933000003", "reason": "push_otp_missing"},
    ]
    assert autocall.autocall.imports()[0].json["contacts"][0]["otp_code"] == "111111"


@pytest.mark.slow
def test_nothing_valid_is_exit_2_and_everything_already_pushed_is_exit_6(autocall: Sandbox):
    nothing, report = push("1001", "--numbers", "12", "abc", "--yes", "--json")
    assert nothing.code == 2 and report["status"] == "refused"
    assert len(report["invalid"]) == 2
    first, _ = push("1001", "--numbers", "0934000001", "--yes", "--json")
    assert first.code == 0
    again, report = push("1001", "--numbers", "0934000001", "--yes", "--json")
    assert again.code == 6
    assert report["already_pushed"] == ["0934000001"] and report["sent"] == 0
    assert "--again" in again.err
    forced, report = push("1001", "--numbers", "0934000001", "--again", "--yes", "--json")
    assert forced.code == 0 and report["sent"] == 1
    assert numbers_sent(autocall) == ["0934000001", "0934000001"]


def test_a_stopped_campaign_is_exit_3(autocall: Sandbox):
    result, report = push("1002", "--numbers", "0935000001", "--yes", "--json")
    assert result.code == 3
    assert report["status"] == "refused" and report["sent"] == 0
    assert "Campaign 1002 is stopped" in result.err


def test_a_lost_answer_is_exit_4_and_the_rerun_skips_it(autocall: Sandbox):
    result, report = push("1001", "--numbers", "0936000001", "0900000022", "--yes", "--json")
    assert result.code == 4
    assert report["status"] == "unknown"
    assert report["unknown"] == ["0936000001", "0900000022"]
    assert "check the campaign" in result.err.lower()
    rerun, report = push("1001", "--numbers", "0936000001", "0900000022", "--yes", "--json")
    assert rerun.code == 6
    assert report["already_pushed"] == ["0936000001", "0900000022"]
    assert len(autocall.autocall.imports()) == 1


def test_not_set_up_is_exit_5(sandbox: Sandbox):
    result, report = push("1001", "--numbers", "0937000001", "--yes", "--json")
    assert result.code == 5
    assert "secret key is not set" in result.err
    assert report["sent"] == 0
    bad = run_cli(
        "autocall",
        "push",
        "1001",
        "--numbers",
        "0937000001",
        "--yes",
        OMIDESK_AUTOCALL_BASE_URL="http://es.aicallcenter.vn",
        OMIDESK_AUTOCALL_SECRET=DEFAULT_SECRET,
    )
    assert bad.code == 5
    assert "OMIDESK_AUTOCALL_BASE_URL" in bad.err
    assert sandbox.requests == []


def test_the_secret_is_never_taken_from_the_command_line(sandbox: Sandbox):
    result = run_cli("autocall", "set-secret", "my-secret-value-123")
    assert result.code == 2
    assert "my-secret-value-123" not in result.out + result.err


@pytest.mark.slow
def test_results_pages_filters_and_writes_csv(autocall: Sandbox, tmp_path: Path):
    listed = run_cli("autocall", "results", "1001", "--json")
    assert listed.code == 0, listed.err
    calls = json.loads(listed.out)
    assert len(calls) == 30 and list(calls[0]) == CALL_KEYS
    assert calls[0]["called_at"].endswith("+07:00")
    answered = json.loads(run_cli("autocall", "results", "1001", "--answered", "--json").out)
    assert len(answered) == 19 and all(c["answered"] for c in answered)
    pressed = json.loads(run_cli("autocall", "results", "1001", "--pressed", "1", "--json").out)
    assert len(pressed) == 10 and all("1" in c["key_press"] for c in pressed)
    later = run_cli("autocall", "results", "1001", "--since", "2100-01-01", "--json")
    assert json.loads(later.out) == []
    out = tmp_path / "ketqua.csv"
    written = run_cli("autocall", "results", "1001", "--pressed", "any", "--csv", str(out))
    assert written.code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Call id,Campaign,")
    assert len(text.splitlines()) == 1 + 13
    bad = run_cli("autocall", "results", "1001", "--pressed", "12")
    assert bad.code == 2


def test_results_are_listed_on_this_computer_s_clock(autocall: Sandbox, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        first = json.loads(run_cli("autocall", "results", "1001", "--json").out)[0]
        listed = run_cli("autocall", "results", "1001")
        newest = datetime.fromisoformat(first["called_at"]).astimezone(UTC)
        since = newest.strftime("%Y-%m-%d %H:%M")  # as the list shows it, here in UTC
        recent = run_cli("autocall", "results", "1001", "--since", since, "--json")
    finally:
        monkeypatch.undo()
        time.tzset()
    called = datetime.fromisoformat(first["called_at"])  # +07:00, as AutoCall gave it
    utc = called.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    row = next(line for line in listed.out.splitlines() if first["callee_id"] in line)
    assert row.startswith(utc)
    # --since is read on the same clock: from the newest call's minute, that call alone
    # (the others are 97 s apart; read as Vietnam's time it would be 7 hours earlier).
    assert [call["call_id"] for call in json.loads(recent.out)] == [first["call_id"]]


def test_since_at_the_ends_of_the_calendar_is_read_on_any_clock(autocall: Sandbox, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")  # year 9999's last hours are 10000 in UTC
    time.tzset()
    try:
        everything = run_cli("autocall", "results", "1001", "--since", "0001-01-01", "--json")
        nothing = run_cli("autocall", "results", "1001", "--since", "9999-12-31 23:59", "--json")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert everything.code == 0 and len(json.loads(everything.out)) == 30, everything.err
    assert nothing.code == 0 and json.loads(nothing.out) == [], nothing.err


def test_results_of_an_unknown_campaign_is_exit_3(autocall: Sandbox):
    result = run_cli("autocall", "results", "4242", "--json")
    assert result.code == 3
    assert json.loads(result.out) == []
    assert "Campaign 4242 does not exist" in result.err


@pytest.mark.slow
def test_calls_lists_the_user_call_log(autocall: Sandbox):
    push("1001", "--numbers", "0938000001", "--yes")
    autocall.autocall.finish_calls()
    result = run_cli("autocall", "calls", "--json")
    assert result.code == 0, result.err
    calls = json.loads(result.out)
    assert len(calls) == 31 and calls[0]["callee_id"] == "0938000001"


@pytest.mark.slow
def test_kill_9_in_the_middle_of_a_push_leaves_a_journal_of_what_was_sent(
    autocall: Sandbox, tmp_path: Path
):
    csv = tmp_path / "lon.csv"
    rows = [f"Khách {n},0939{n:06d}" for n in range(400)] + ["Chậm,0900000020"]
    csv.write_text("Tên,SĐT\n" + "\n".join(rows) + "\n", encoding="utf-8")
    autocall.slow_seconds = 60.0
    env = dict(os.environ)
    env["PYTHON_KEYRING_BACKEND"] = "tests.fake_keyring.FileKeyring"
    env["PYTHONPATH"] = str(ROOT)
    process = subprocess.Popen(
        [sys.executable, "-m", "omidesk", "autocall", "push", "1001", "--file", str(csv), "--yes"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Batch 3 (the slow number) has left and its answer is not coming: kill -9 now.
        assert autocall.wait_for(lambda rs: sum(r.path.endswith("/import") for r in rs) == 3, 60)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    journal = run_cli("autocall", "journal", "1001", "--json")
    assert journal.code == 0, journal.err
    batches = json.loads(journal.out)
    assert [(b["seq"], b["state"], len(b["numbers"])) for b in batches] == [
        (1, "answered", 200),
        (2, "answered", 200),
        (3, "unknown", 1),
    ]
    assert batches[2]["error"] == "autocall_interrupted"
    assert batches[0]["accepted"][0]["call_id"]
    text = run_cli("autocall", "journal", "1001").out
    assert "UNKNOWN — check the campaign" in text
    # Pushed again: everything was sent (or maybe sent); nothing goes out twice.
    rerun, report = push("1001", "--file", str(csv), "--yes", "--json")
    assert rerun.code == 6
    assert len(report["already_pushed"]) == 401
    assert len(autocall.autocall.imports()) == 3


@pytest.mark.slow
def test_no_token_or_secret_in_any_file_or_log(autocall: Sandbox, home: Path):
    runs = [
        (0, ("push", "1001", "--numbers", "0940000001", "--yes")),
        (3, ("push", "1002", "--numbers", "0940000002", "--yes")),  # stopped: code 03
        (0, ("results", "1001")),
        (0, ("calls", "--json")),
        (0, ("journal",)),
    ]
    for code, args in runs:
        run = run_cli("--debug", "autocall", *args)
        assert run.code == code, (args, run.err)
    tokens = autocall.autocall.issued
    assert len(tokens) >= 4
    secrets = [DEFAULT_SECRET.encode(), *(token.encode() for token in tokens)]
    files = [path for path in home.rglob("*") if path.is_file()]
    assert any(path.name == "omidesk.log" for path in files)
    assert any(path.suffix == ".sqlite3" for path in files)
    for path in files:
        content = path.read_bytes()
        for secret in secrets:
            assert secret not in content, path
    log = next(path for path in files if path.name == "omidesk.log").read_text(encoding="utf-8")
    assert "/api/campaigns/1001/import" in log  # the log is there, and says what was done


def test_results_not_read_still_lists_what_was_saved(autocall: Sandbox):
    assert run_cli("autocall", "results", "1001", "--json").code == 0
    refused = run_cli(
        "autocall", "results", "1001", "--answered", OMIDESK_AUTOCALL_SECRET="wrong-secret"
    )
    assert refused.code == 3
    assert "AutoCall refused the secret key" in refused.err
    assert "The calls below are those saved before." in refused.err
    assert len(refused.out.splitlines()) == 1 + 19  # the header, then the answered calls


def test_a_file_unreadable_past_its_first_rows_sends_nothing(autocall: Sandbox, tmp_path: Path):
    # A name-and-number list is read while it is checked: rows the CSV reader refuses (a
    # field past its limit), more of them in a row than a read goes past, after good ones.
    csv = tmp_path / "cut.csv"
    with csv.open("w", encoding="utf-8", newline="") as file:
        file.write("Họ tên,SĐT\n")
        file.writelines(f"Khách {n},0935{n:06d}\n" for n in range(300))
        file.writelines(f'Khách lỗi,"{"x" * 132_000}"\n' for _ in range(110))
    result, report = push("1001", "--file", str(csv), "--yes", "--json")
    assert result.code == 2
    assert report is not None and report["sent"] == 0
    assert "Traceback" not in result.err
    assert "is not a contacts file: it is not text" in result.err, result.err
    assert autocall.autocall.imports() == []
