"""`omidesk history [--sync] [--missed] [--json]` as real processes against the sandbox: how
calls ended, missed calls to return, OMICall's names, and a history that works offline."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from omidesk.infra.paths import default_paths
from omidesk.sandbox.crm import CUSTOMERS, Customer
from omidesk.sandbox.server import Sandbox
from tests.conftest import run_cli

pytestmark = pytest.mark.integration

# `omidesk history --json`: today's keys, and those of issue 15's table.
TODAYS_KEYS = {
    "id",
    "created_at",
    "status",
    "call_uuid",
    "number",
    "input",
    "error",
    "message",
    "extension",
    "hotline",
    "source",
    "contact",
    "latency_ms",
}
NEW_KEYS = {
    "direction",
    "origin",
    "answered",
    "talk_s",
    "ring_s",
    "ended_at",
    "hangup_cause",
    "recording_url",
    "to_return",
}
MAI = CUSTOMERS[0]


def history(*args: str) -> tuple[int, list[dict], str]:
    result = run_cli("history", "--json", *args)
    return result.code, json.loads(result.out), result.err


def call(number: str) -> str:
    result = run_cli("call", number, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)["call_uuid"]


def test_an_accepted_call_gets_its_outcome(configured: Sandbox) -> None:
    call_uuid = call("0912 345 678")
    code, [record], _ = history()
    assert code == 0
    assert set(record) == TODAYS_KEYS | NEW_KEYS
    assert (record["origin"], record["direction"]) == ("omidesk", "outbound")
    assert (record["answered"], record["talk_s"], record["ended_at"]) == (None, None, None)
    assert record["to_return"] is False
    configured.history.advance(600)  # the call ended at OMICall
    # Another process than the one that placed the call: the pending lookup was kept.
    code, records, err = history("--sync")
    assert code == 0, err
    [placed] = [r for r in records if r["call_uuid"] == call_uuid]
    ended = configured.history.call(call_uuid)
    assert ended is not None and ended.talk_s is not None
    assert placed["answered"] is True
    assert (placed["talk_s"], placed["ring_s"]) == (ended.talk_s, ended.ring_s)
    assert placed["hangup_cause"] == "NORMAL_CLEARING"
    assert placed["recording_url"].startswith(configured.base_url + "/recordings/")
    assert datetime.fromisoformat(placed["ended_at"]).utcoffset() is not None
    assert placed["message"] == f"Answered — {ended.talk_s // 60}:{ended.talk_s % 60:02d}"
    assert (placed["status"], placed["number"], placed["source"]) == (
        "accepted",
        "0912345678",
        "cli",
    )


def test_sync_brings_the_extensions_calls_and_missed_ones_to_return(configured: Sandbox) -> None:
    code, records, _ = history("--sync", "--limit", "100")
    assert code == 0
    assert all(set(r) == TODAYS_KEYS | NEW_KEYS for r in records)
    inbound = [r for r in records if r["direction"] == "inbound"]
    assert inbound and all(r["origin"] == "omicall" for r in records)
    # Every record has its number in the dial form, and OMICall's name when it has one.
    assert all(r["number"] and r["number"].isdigit() for r in records)
    assert any(r["contact"] == MAI.name for r in records)
    code, missed, _ = history("--missed")
    assert [r["to_return"] for r in missed] == [True, True, True]
    assert missed[0]["number"] == MAI.phones[0] and missed[0]["message"] == "Missed call"
    # Calling her back through OmiDesk returns her missed call.
    call(MAI.phones[0])
    _, missed, _ = history("--missed")
    assert MAI.phones[0] not in [r["number"] for r in missed] and len(missed) == 2
    # Synced again: still each call once.
    _, again, _ = history("--sync", "--limit", "100")
    uuids = [r["call_uuid"] for r in again]
    assert len(uuids) == len(set(uuids)) == len(records) + 1


def test_omicalls_name_for_a_number_with_no_contact(configured: Sandbox) -> None:
    configured.crm.add(Customer("Bùi Thị Xuân", ("0966123456",)))
    call("0966 123 456")
    code, records, _ = history("--sync")
    assert code == 0
    [placed] = [r for r in records if r["origin"] == "omidesk"]
    assert placed["answered"] is None  # the call has not ended: the name came from the CRM
    assert placed["contact"] == "Bùi Thị Xuân"
    asked = [r.query["phone"] for r in configured.crm.requests()]
    assert "0966123456" in asked  # and the synced caller no one knows, once each
    assert len(asked) == len(set(asked))
    # Cached: a later `history`, offline or not, names the number without asking.
    code, records, _ = history()
    assert [r["contact"] for r in records if r["origin"] == "omidesk"] == ["Bùi Thị Xuân"]
    assert len(configured.crm.requests()) == len(asked)


def test_a_local_contact_names_the_number_before_omicall(configured: Sandbox) -> None:
    added = run_cli("contacts", "add", "--name", "Chị Mai (khách quen)", "--phone", MAI.phones[0])
    assert added.code == 0, added.err
    _, records, _ = history("--sync", "--missed")
    assert records[0]["contact"] == "Chị Mai (khách quen)"


def test_history_works_offline_and_says_the_sync_failed(configured: Sandbox) -> None:
    call("0912 345 678")
    configured.stop()
    code, records, err = history("--sync")
    assert code == 4
    assert len(records) == 1 and records[0]["answered"] is None
    assert "Could not fetch the call history from OMICall" in err
    assert "as of the last sync" in err
    assert history()[0] == 0  # without --sync, nothing is asked of anyone


def test_a_rate_limit_is_told_and_the_history_still_printed(configured: Sandbox) -> None:
    configured.history.inject("rate_limit")
    code, records, err = history("--sync")
    assert code == 3
    assert records == []
    assert "OMICall asked OmiDesk to ask less often" in err
    assert "in about 60 s" in err


def test_sync_without_an_account_is_not_set_up(configured: Sandbox) -> None:
    settings = default_paths().settings_file
    text = settings.read_text(encoding="utf-8").replace('extension = "101"', "")
    settings.write_text(text, encoding="utf-8")
    result = run_cli("history", "--sync")
    assert result.code == 5
    assert "No calls yet." in result.out


def test_a_malformed_history_item_never_stops_the_history(configured: Sandbox) -> None:
    configured.history.inject("malformed")
    result = run_cli("history", "--sync", "--limit", "100")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert "Missed call · to return" in result.out
    log = default_paths().log_file.read_text(encoding="utf-8")
    assert "call history: item 1 of page 1 skipped: no usable transaction_id" in log
    assert "/recordings/" not in log


def test_the_table_in_vietnamese(configured: Sandbox) -> None:
    assert run_cli("config", "set", "language", "vi").code == 0
    result = run_cli("history", "--sync", "--missed")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].startswith("Đã đồng bộ với OMICall: 15 cuộc gọi mới")
    assert "gọi đến · Cuộc gọi nhỡ · cần gọi lại  (Hoàng Thị Mai)" in result.out
