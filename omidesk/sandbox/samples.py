"""A handful of Vietnamese sample contacts for the demo, some on the sandbox's scenario numbers."""

from __future__ import annotations

from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.i18n import Text

# (name, company, numbers with their labels, favourite, note). A scenario number's company
# says what the sandbox answers, in the agent's language, so the demo explains itself.
_Row = tuple[str, str | Text, list[tuple[str, Text | str]], bool, Text | None]

# Two customers with owners: the extensions OMICall rings first when they call (issue 16).
_OWNERS = {"Nguyễn Văn An": ("101", "102"), "Đặng Thị Hương": ("104",)}

_MOBILE = Text("mobile", "di động")
_OFFICE = Text("office", "công ty")
_OLD = Text("old number", "số cũ")

_ROWS: tuple[_Row, ...] = (
    (
        "Nguyễn Văn An",
        "Vinamilk",
        [("0901 234 567", _MOBILE), ("028 3822 1234", _OFFICE)],
        True,
        Text(
            "Two numbers: the list offers both.",
            "Hai số: danh sách cho chọn cả hai.",
        ),
    ),
    ("Trần Thị Bích Ngọc", "FPT Shop", [("0912 345 678", _MOBILE)], True, None),
    ("Trần Quốc Bảo", "Viettel Post", [("0987 654 321", _MOBILE)], False, None),
    ("Lê Hoàng Nam", "Thế Giới Di Động", [("0983 456 789", _MOBILE)], False, None),
    (
        "Phạm Thị Thu Hà",
        "Công ty Demo OmiDesk",
        [("0165 123 4567", _OLD)],
        False,
        Text(
            "An old 11-digit number: OmiDesk dials its new 10-digit form.",
            "Số cũ 11 chữ số: OmiDesk gọi số mới 10 chữ số tương ứng.",
        ),
    ),
    ("Đặng Thị Hương", "Highlands Coffee", [("0935 678 901", _MOBILE)], False, None),
    (
        "Võ Minh Tuấn",
        Text("Demo: the line is busy", "Demo: máy bận"),
        [("0900 000 001", "")],
        False,
        Text(
            "The demo server answers this number as busy (user_busy).",
            "Máy chủ demo trả lời số này là máy bận (user_busy).",
        ),
    ),
    (
        "Bùi Quốc Khánh",
        Text("Demo: do not call", "Demo: không làm phiền"),
        [("0900 000 002", "")],
        False,
        Text(
            "The demo server answers that this number is on the do-not-call register.",
            "Máy chủ demo trả lời số này nằm trong danh sách không làm phiền.",
        ),
    ),
    (
        "Hoàng Gia Bảo",
        Text("Demo: no answer in time", "Demo: không trả lời kịp"),
        [("0900 000 020", "")],
        False,
        Text(
            "The demo server answers this number after 30 s: OmiDesk says the outcome is unknown.",
            "Máy chủ demo trả lời số này sau 30 giây: OmiDesk báo chưa rõ kết quả.",
        ),
    ),
    (
        "Tổng đài CSKH",
        Text("Demo: toll-free", "Demo: số miễn phí"),
        [("1800 1234", "")],
        False,
        None,
    ),
)


def sample_contacts(lang: str = "en") -> list[Contact]:
    """Demo data in `lang` (the demo profile's language when it is first filled): realistic
    names and companies; the scenario numbers show each outcome; two customers have owners."""

    def said(text: str | Text | None) -> str:
        return text(lang) if isinstance(text, Text) else (text or "")

    return [
        Contact(
            name=name,
            company=said(company),
            phones=tuple(Phone.parse(number, said(label)) for number, label in phones),
            favorite=favorite,
            note=said(note),
            owners=_OWNERS.get(name, ()),
        )
        for name, company, phones, favorite, note in _ROWS
    ]
