"""A handful of Vietnamese sample contacts for the demo, some on the sandbox's scenario numbers."""

from __future__ import annotations

from omidesk.domain.contacts import Contact, Phone


def sample_contacts() -> list[Contact]:
    """Demo data: realistic names and companies; the scenario numbers show each outcome;
    two customers with owners (the extensions OMICall rings first when they call)."""
    owners = {"Nguyễn Văn An": ("101", "102"), "Đặng Thị Hương": ("104",)}
    rows: list[tuple[str, str, list[tuple[str, str]], bool]] = [
        (
            "Nguyễn Văn An",
            "Vinamilk",
            [("0901 234 567", "di động"), ("028 3822 1234", "công ty")],
            True,
        ),
        ("Trần Thị Bích Ngọc", "FPT Shop", [("0912 345 678", "di động")], True),
        ("Lê Hoàng Nam", "Thế Giới Di Động", [("0983 456 789", "di động")], False),
        ("Phạm Thị Thu Hà", "Công ty Demo OmiDesk", [("0165 123 4567", "số cũ")], False),
        ("Đặng Thị Hương", "Highlands Coffee", [("0935 678 901", "di động")], False),
        ("Võ Minh Tuấn (máy bận)", "Demo: user_busy", [("0900 000 001", "")], False),
        ("Bùi Quốc Khánh (không làm phiền)", "Demo: do_not_call", [("0900 000 002", "")], False),
        ("Hoàng Gia Bảo (chậm)", "Demo: no answer in time", [("0900 000 020", "")], False),
        ("Tổng đài CSKH", "Demo: toll-free", [("1800 1234", "")], False),
    ]
    return [
        Contact(
            name=name,
            company=company,
            phones=tuple(Phone.parse(number, label) for number, label in phones),
            favorite=favorite,
            owners=owners.get(name, ()),
        )
        for name, company, phones, favorite in rows
    ]
