"""A full name from its parts: Vietnamese family-middle-given, others given-middle-family."""

from __future__ import annotations

import unicodedata

from omidesk.domain.contacts import fold

# The common Vietnamese family names, folded (most Vietnamese carry one of these).
VIETNAMESE_FAMILY_NAMES = frozenset(
    fold(name)
    for name in [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đào",
        "Đoàn",
        "Vương",
        "Trịnh",
        "Trương",
        "Đinh",
        "Lâm",
        "Phùng",
        "Mai",
        "Tô",
        "Hà",
        "Tạ",
        "Lương",
        "Quách",
        "Cao",
        "Thái",
        "Châu",
        "Lưu",
        "Tăng",
        "Kiều",
        "Triệu",
        "Chu",
        "Tôn",
        "Khúc",
        "Mạc",
        "Nghiêm",
        "Lại",
        "Thân",
        "Diệp",
        "Lục",
        "La",
        "Hứa",
        "Từ",
    ]
)
# Marks only Vietnamese puts on Latin letters among the languages of contact files:
# horn (ơ, ư), breve (ă), hook above (ả) and dot below (ạ). French and Spanish names
# share é, è, ê, ô, ñ…, which therefore prove nothing.
_VIETNAMESE_MARKS = frozenset("\u031b\u0306\u0309\u0323")


def clean(text: str) -> str:
    """One line, single spaces, NFC: how a name, company or label is stored."""
    text = " ".join(text.split())
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def clean_note(text: str) -> str:
    """A note keeps its lines, each ending in "\\n" whatever the file used (a vCard
    cannot carry "\\r", so an export must not change a note by dropping one)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def is_vietnamese(given: str, middle: str, family: str) -> bool:
    """Whether the parts of a name read family-first: Vietnamese letters anywhere, or a
    common Vietnamese family name in the family part."""
    for part in (given, middle, family):
        if part.isascii():
            continue
        decomposed = unicodedata.normalize("NFD", part)
        if "đ" in decomposed.lower() or any(mark in _VIETNAMESE_MARKS for mark in decomposed):
            return True
        # A letter carrying two marks (circumflex and a tone: ế, ộ) is Vietnamese only.
        if _stacked_marks(decomposed):
            return True
    family_words = fold(family).split()
    return bool(family_words) and family_words[0] in VIETNAMESE_FAMILY_NAMES


def _stacked_marks(decomposed: str) -> bool:
    run = 0
    for char in decomposed:
        run = run + 1 if unicodedata.combining(char) else 0
        if run >= 2:
            return True
    return False


def compose(given: str, middle: str, family: str) -> str:
    """ "Phạm Thị Thu Hà" from given "Hà", middle "Thị Thu", family "Phạm";
    "John Paul Smith" from given "John", middle "Paul", family "Smith"."""
    given, middle, family = clean(given), clean(middle), clean(family)
    if is_vietnamese(given, middle, family):
        parts = (family, middle, given)
    else:
        parts = (given, middle, family)
    return " ".join(part for part in parts if part)
