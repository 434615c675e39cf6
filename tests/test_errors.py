"""Error catalogue: every code OMICall or OmiDesk produces reads well in English and Vietnamese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from omidesk.domain import uri
from omidesk.domain.catalogue import API_KEY_CODES, CATALOGUE, OMICALL_CODES, explain
from omidesk.domain.i18n import Text, language
from omidesk.domain.numbers import RejectReason

PACKAGE = Path(__file__).resolve().parent.parent / "omidesk"

# What the app passes when it explains an error (dialer, client, CLI, store).
REALISTIC = {
    "extension": "101",
    "hotline": "02877788056",
    "number": "0901 234 567",
    "seconds": 4,
    "digits": "090123",
    "numbers": "0901 234 567, 0912 345 678",
    "text": "gọi cho tôi nhé",
    "missing": ["api_key", "hotline"],
    "path": "/home/agent/.local/share/omidesk/omidesk.sqlite3",
    "detail": "Expected '=' after a key (at line 3, column 7)",
    "host": "public-v1.omicall.com",
    "http_status": 502,
    "server_message": "Carrier down",
    "setting": "timeout_s",
    "keys": "Ctrl+Alt+D",
    "value": "http://192.168.1.5:8765",
    "source": "OMIDESK_BASE_URL",
    # The partner console (issue 18):
    "email": "chu.doanh.nghiep@congty.vn",
    "amount": "1.500.000 ₫",
    "length": 23,
    "id": 7,
    "said": "Tenant locked by administrator",
    # How calls ended (issue 15):
    "retry_in_s": 120,
    # The owner-routing service (issue 16):
    "count": 7,
    "max": 5,
    "port": 8080,
    "position": 2,
    "min": 16,
    # AutoCall campaigns
    "campaign": "1001",
    "otp": "12345",
    "total": 250,
    "sent": 200,
    "column": "OTP",
    "columns": "Họ tên, SĐT",
}

# Details explain() works out from those passed: the folder of `path`.
DERIVED = {"folder", "wait"}

# Texts that are the same in both languages by nature (a label followed by a detail).
SAME_IN_BOTH = {("setting_invalid", "message")}

# Local codes the dialer and CLI produce without naming them through one of the calls below.
LOCAL_CODES = {
    "not_configured",
    "settings_broken",
    "setting_invalid",
    "key_in_file",
    "cannot_connect",
    "timeout_before_sending",
    "no_answer",
    "server_error",
    "bad_answer",
    "bad_auth_answer",
    "http_error",
    "unauthorized",
    "unknown",
    "interrupted",
    "call_in_progress",
    "repeat_within_window",
    "store_disk_full",
    "store_io_error",
    "store_locked",
    "store_read_only",
    "store_corrupt",
    "store_newer",
}


def codes_in_source() -> set[str]:
    """Codes written literally in the package: raised, explained, stored or refused with."""
    pattern = re.compile(
        r"""(?:OmiCallError|StoreError|explain)\(\s*"([a-z_]+)"|error_code\s*=\s*'([a-z_]+)'"""
        r"""|outcome\(\s*\w+,\s*"([a-z_]+)"|CallStatus\.\w+,\s*"([a-z_]+)\""""
    )
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.update(group for group in match.groups() if group)
    return found


def all_codes_used() -> set[str]:
    reject = {reason.value for reason in RejectReason}
    links = {uri.NOT_PHONE, uri.EMPTY, uri.MALFORMED, uri.LOCAL_CONTEXT}
    return set(OMICALL_CODES) | LOCAL_CODES | reject | links | codes_in_source()


def test_the_source_scan_finds_codes():
    # Guards the scan itself: if the patterns stop matching, the next test proves nothing.
    found = codes_in_source()
    assert {"no_answer", "cannot_connect", "store_newer", "interrupted"} <= found
    assert "call_in_progress" in found


def test_every_code_used_has_an_entry():
    assert sorted(all_codes_used() - set(CATALOGUE)) == []


def test_api_key_codes_are_omicall_codes_that_name_the_api_key():
    assert API_KEY_CODES <= OMICALL_CODES
    for code in API_KEY_CODES:
        assert "API key" in explain(code, "en").message + explain(code, "en").next_step
        assert "API key" in explain(code, "vi").message + explain(code, "vi").next_step


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_entry_reads_well_in_both_languages(code: str):
    english = explain(code, "en", **REALISTIC)
    vietnamese = explain(code, "vi", **REALISTIC)
    for explanation in (english, vietnamese):
        assert explanation.code == code
        assert explanation.message.strip()
        assert explanation.next_step.strip()
        assert "{" not in explanation.message, explanation.message
        assert "{" not in explanation.next_step, explanation.next_step
        assert "['" not in explanation.message  # a list rendered as Python, not words
    if (code, "message") not in SAME_IN_BOTH:
        assert english.message != vietnamese.message
    assert english.next_step != vietnamese.next_step
    assert english.retry == vietnamese.retry


def test_templates_name_only_details_the_app_passes():
    placeholder = re.compile(r"\{(\w+)")
    for code, entry in CATALOGUE.items():
        for text in (entry.message, entry.next_step):
            for template in (text.en, text.vi):
                named = set(placeholder.findall(template))
                assert named <= set(REALISTIC) | DERIVED, (code, template)
            # Both languages carry the same details; the English for one, no others.
            assert set(placeholder.findall(text.en)) == set(placeholder.findall(text.vi)), code
            if text.one is not None:
                assert set(placeholder.findall(text.one)) <= set(placeholder.findall(text.en))


def test_the_folder_of_a_store_error_is_that_of_its_file():
    got = explain("store_disk_full", "en", path="/home/agent/.local/share/omidesk/omidesk.sqlite3")
    assert got.message == "Cannot write to /home/agent/.local/share/omidesk: the disk is full."


def test_details_appear_in_the_message():
    got = explain("user_not_registered", "vi", extension="101")
    assert "101" in got.message
    got = explain("repeat_within_window", "en", number="0901 234 567", seconds=4)
    assert "0901 234 567" in got.message
    assert "4 s" in got.message


def test_unknown_code_shows_omicalls_own_message():
    got = explain("weird_code", "en", server_message="Carrier down")
    assert "Carrier down" in got.message
    assert got.code == "weird_code"
    assert got.server_message == "Carrier down"
    assert got.retry is False
    assert "Carrier down" in explain("weird_code", "vi", server_message="Carrier down").message


def test_unknown_code_without_a_message_still_says_something():
    english = explain("weird_code", "en")
    assert "OMICall" in english.message
    assert "weird_code" in english.message
    assert "None" not in english.message
    assert "{" not in english.message
    assert english.next_step


def test_the_unknown_code_itself_without_a_message_says_no_reason_was_given():
    assert explain("unknown", "en").message == "OMICall refused the call: no reason given"
    assert explain("unknown", "vi").message == "OMICall từ chối cuộc gọi: không nêu lý do"


def test_known_code_does_not_need_omicalls_message():
    got = explain("user_busy", "en", server_message="USER_BUSY")
    assert got.message == "The line is busy."
    assert got.server_message == "USER_BUSY"


@pytest.mark.parametrize(
    ("reason", "english", "vietnamese"),
    [
        ("dns", "server name was not found", "không tìm thấy tên máy chủ"),
        ("refused", "refused the connection", "từ chối kết nối"),
        ("tls", "secure connection failed", "kết nối bảo mật"),
        ("dropped", "connection was cut", "kết nối bị ngắt"),
        ("network", "network error", "lỗi mạng"),
    ],
)
def test_network_reason_renders_as_a_translated_detail(reason: str, english: str, vietnamese: str):
    got_en = explain("cannot_connect", "en", host="public-v1.omicall.com", reason=reason)
    got_vi = explain("cannot_connect", "vi", host="public-v1.omicall.com", reason=reason)
    assert english in got_en.message
    assert vietnamese in got_vi.message
    assert "public-v1.omicall.com" in got_en.message
    assert "{" not in got_en.message + got_vi.message


def test_unlisted_reason_is_shown_as_is():
    got = explain("cannot_connect", "en", host="h", reason="proxy")
    assert "proxy" in got.message
    assert "{" not in got.message


def test_missing_settings_render_as_translated_labels():
    english = explain("not_configured", "en", missing=["api_key", "extension", "hotline"])
    assert english.message == "OmiDesk is not set up yet: API key, Extension, Hotline missing."
    vietnamese = explain("not_configured", "vi", missing=["extension"])
    assert vietnamese.message == "OmiDesk chưa được cài đặt: thiếu Máy lẻ."


def test_a_single_missing_key_given_as_text_renders_its_label():
    got = explain("not_configured", "en", missing="base_url")
    assert "Server address" in got.message


def test_a_missing_detail_never_crashes_the_message():
    got = explain("user_not_registered", "en")
    assert got.message.startswith("Your extension")


def test_text_formats_placeholders_per_language():
    text = Text("Call {number}", "Gọi {number}")
    assert text("en", number="0901") == "Call 0901"
    assert text("vi", number="0901") == "Gọi 0901"
    assert text("fr", number="0901") == "Call 0901"  # unknown language: English
    assert text("en") == "Call {number}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("vi_VN", "vi"),
        ("vi_VN.UTF-8", "vi"),
        ("vi-VN", "vi"),
        ("VI", "vi"),
        ("vi", "vi"),
        ("en_US.UTF-8", "en"),
        ("fr_FR.UTF-8", "en"),
        ("C.UTF-8", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_language_from_a_setting_or_locale(value: str | None, expected: str):
    assert language(value) == expected


# --- one error base: the error carries its code and every detail its words need ------------


def test_the_errors_of_the_client_the_store_and_contact_files_share_one_base():
    from omidesk.domain.contact_files.model import ContactFileError
    from omidesk.domain.errors import OmiDeskError, RemoteError, StorageError
    from omidesk.omicall.errors import OmiCallError
    from omidesk.store.db import StoreError

    remote = OmiCallError("server_error", "unknown", http_status=502, server_message="Down")
    store = StoreError("store_disk_full", "/data/omidesk.sqlite3", "SQLITE_FULL: disk is full")
    contacts = ContactFileError("import_unreadable", "/tmp/a.csv", "Permission denied")
    assert isinstance(remote, RemoteError) and isinstance(store, StorageError)
    assert all(isinstance(error, OmiDeskError) for error in (remote, store, contacts))
    assert remote.params == {"http_status": 502, "server_message": "Down"}
    assert store.params == {"path": "/data/omidesk.sqlite3"}
    assert contacts.params == {"path": "/tmp/a.csv", "detail": "Permission denied"}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_an_error_is_explained_from_what_it_carries(lang: str):
    from omidesk.domain.contact_files.model import ContactFileError
    from omidesk.domain.settings import Problem
    from omidesk.omicall.errors import OmiCallError
    from omidesk.store.db import StoreError

    cases = [
        (
            OmiCallError("server_error", "unknown", http_status=502),
            explain("server_error", lang, http_status=502),
        ),
        (
            OmiCallError("carrier_down", "rejected", http_status=200, server_message="Carrier"),
            explain("carrier_down", lang, server_message="Carrier", http_status=200),
        ),
        (
            OmiCallError("user_not_registered", "rejected", extension="101"),
            explain("user_not_registered", lang, extension="101"),
        ),
        (
            StoreError("store_disk_full", "/data/omidesk.sqlite3", "SQLITE_FULL"),
            explain("store_disk_full", lang, path="/data/omidesk.sqlite3"),
        ),
        (
            ContactFileError("import_unreadable", "/tmp/a.csv", "Permission denied"),
            explain("import_unreadable", lang, path="/tmp/a.csv", detail="Permission denied"),
        ),
        (
            Problem("settings_made_private", {"path": "/cfg/settings.toml"}),
            explain("settings_made_private", lang, path="/cfg/settings.toml"),
        ),
    ]
    for error, expected in cases:
        got = explain(error, lang)
        assert got == expected
        assert "{" not in got.message + got.next_step
    assert "Carrier" in explain(cases[1][0], lang).message
    assert "101" in explain(cases[2][0], lang).message
    assert "/data" in explain(cases[3][0], lang).message


def test_details_beside_an_error_are_refused():
    """Given beside the error, a detail would be lost when the words are given again."""
    from omidesk.store.db import StoreError

    with pytest.raises(TypeError):
        explain(StoreError("store_locked", "/d.sqlite3", "busy"), "en", path="/other")  # type: ignore[call-overload]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_busy_database_is_not_called_the_call_history(lang: str):
    """Contacts, imports and calls share the database, and an import in this same window
    holds it as well as another program does."""
    got = explain("store_locked", lang)
    words = (got.message + got.next_step).lower()
    assert "call history" not in words and "lịch sử cuộc gọi" not in words
    assert "another program" not in words and "chương trình khác" not in words
    assert ("busy" if lang == "en" else "đang bận") in words
    assert ("import" if lang == "en" else "nhập danh bạ") in words


def test_a_push_of_one_invalid_contact_is_told_in_the_singular():
    assert explain("push_nothing_valid", "en", total=1).message == (
        "Nothing to push: the contact given cannot be sent."
    )
    assert explain("push_nothing_valid", "en", total=3).message == (
        "Nothing to push: none of the 3 contacts can be sent."
    )
    assert "1 khách hàng" in explain("push_nothing_valid", "vi", total=1).message


def test_a_one_character_description_is_told_in_the_singular():
    assert explain("top_up_description_short", "en", length=1).message.startswith(
        "The description has 1 character:"
    )
    assert explain("top_up_description_short", "en", length=8).message.startswith(
        "The description has 8 characters:"
    )
