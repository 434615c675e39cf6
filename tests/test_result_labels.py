"""Short result labels: each outcome an agent meets has a name of its own, in both languages."""

from __future__ import annotations

import pytest

from omidesk.domain import result_labels as labels
from omidesk.domain.catalogue import CATALOGUE, OMICALL_CODES
from omidesk.domain.records import CallStatus
from omidesk.domain.result_labels import LABELS, Tone, result_label


@pytest.mark.parametrize(
    ("status", "code", "en", "vi", "tone"),
    [
        ("placing", None, "Calling…", "Đang gọi…", Tone.PENDING),
        ("accepted", None, "Accepted", "Đã chấp nhận", Tone.GOOD),
        ("rejected", "user_busy", "Busy", "Máy bận", Tone.WARNING),
        ("rejected", "do_not_call", "Do not call", "Không làm phiền", Tone.BAD),
        (
            "rejected",
            "user_not_registered",
            "Extension offline",
            "Máy lẻ chưa đăng nhập",
            Tone.WARNING,
        ),
        ("unknown", "no_answer", "Unknown — check phone", "Chưa rõ — xem điện thoại", Tone.WARNING),
        # A crash mid-call, a garbled answer: unknown, whatever the code says.
        (
            "unknown",
            "interrupted",
            "Unknown — check phone",
            "Chưa rõ — xem điện thoại",
            Tone.WARNING,
        ),
        ("failed", "not_configured", "Not set up", "Chưa cài đặt", Tone.BAD),
        ("failed", "cannot_connect", "No connection", "Không kết nối được", Tone.WARNING),
        ("failed", "store_disk_full", "Not sent", "Chưa gửi được", Tone.WARNING),
        ("rejected", "carrier_unreachable", "Refused by OMICall", "OMICall từ chối", Tone.BAD),
        ("rejected", None, "Refused by OMICall", "OMICall từ chối", Tone.BAD),
        # Written by older versions for text that held no number; still shown.
        ("invalid", "number_no_digits", "Invalid number", "Số không hợp lệ", Tone.BAD),
    ],
)
def test_each_result_has_a_short_label(status, code, en, vi, tone) -> None:
    label = result_label(status, code)
    assert (label.text("en"), label.text("vi"), label.tone) == (en, vi, tone)


def test_every_code_omicall_documents_has_a_label_of_its_own() -> None:
    generic = {labels.REFUSED, labels.NOT_SENT}
    for code in OMICALL_CODES:
        assert result_label(CallStatus.REJECTED, code) not in generic, code


def test_labels_are_short_distinct_and_translated() -> None:
    assert len({label.key for label in LABELS}) == len(LABELS)
    for lang in ("en", "vi"):
        texts = [label.text(lang) for label in LABELS]
        assert len(set(texts)) == len(texts), lang  # busy and do-not-call never read alike
        # A glance, not a sentence: the catalogue's message says the rest.
        assert max(len(text) for text in texts) <= 24, lang
    for label in LABELS:
        assert label.text("vi") != label.text("en"), label.key
    # The codes mapped exist in the catalogue: a typo would silently fall back.
    for code in labels._BY_CODE:
        assert code in CATALOGUE, code
