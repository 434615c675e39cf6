"""A call's result in two or three words, for a row with little room (the dial field's
drop-down): "Busy", "Do not call", "Extension offline", "Unknown — check phone". The full
words stay the catalogue's (`explain`)."""

from __future__ import annotations

from omidesk.domain.i18n import Text

# What a status says when its code has no label of its own.
_BY_STATUS: dict[str, Text] = {
    "placing": Text("Calling…", "Đang gọi…"),
    "accepted": Text("Accepted", "Đã nhận"),
    "rejected": Text("Refused", "Bị từ chối"),
    "unknown": Text("Unknown — check phone", "Chưa rõ — xem điện thoại"),
    "failed": Text("Not sent", "Chưa gửi"),
    "invalid": Text("Invalid number", "Số không hợp lệ"),
}

# The codes an agent meets often, each with its own label.
_BY_CODE: dict[str, Text] = {
    "user_busy": Text("Busy", "Máy bận"),
    "do_not_call": Text("Do not call", "Không làm phiền"),
    "user_not_registered": Text("Extension offline", "Máy lẻ chưa đăng nhập"),
    "extension_invalid": Text("Extension not found", "Không có máy lẻ"),
    "number_call_out_invalid": Text("Hotline refused", "Hotline bị từ chối"),
    "invalid_phone_number": Text("Invalid number", "Số không hợp lệ"),
    "rate_limit_exceeded": Text("Too many calls", "Gọi quá nhiều"),
    "tenant_invalid": Text("Account refused", "Tài khoản bị từ chối"),
    "not_configured": Text("Not set up", "Chưa cài đặt"),
}


def short_result(status: str, error_code: str | None, lang: str) -> str:
    """The label of a call's result in `lang`: its code's own, else its status's."""
    label = _BY_CODE.get(error_code or "")
    if label is None or status == "unknown":
        # An unknown outcome is the one thing to act on, whatever the code behind it.
        label = _BY_STATUS.get(status, Text(status, status))
    return label(lang)
