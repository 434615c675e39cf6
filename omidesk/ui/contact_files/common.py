"""What the contact-file widgets share: the file filter, counts as read, a page's title."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

# What the file dialog offers and a drop onto the contacts accepts.
SUFFIXES = (".csv", ".vcf", ".vcard", ".txt")


def rounded(estimate: int, done: int) -> int:
    """An estimate to two significant digits ("~100,000", not "~101,567", which claims a
    precision it lacks), never below the rows already done."""
    places = len(str(estimate)) - 2
    return max(round(estimate, -places) if places > 0 else estimate, done)


def grouped(count: int, lang: str) -> str:
    """A count with thousands grouped the way the agent's language writes them."""
    text = f"{count:,}"
    return text.replace(",", ".") if lang == "vi" else text


def file_filter() -> str:
    """The file dialog's filter for contacts files (its label in the agent's language)."""
    patterns = " ".join(f"*{suffix}" for suffix in SUFFIXES)
    # One context for the dialog and the menu's file chooser: one translation.
    label = QCoreApplication.translate("ImportDialog", "Contacts ({patterns})")
    return label.format(patterns=patterns)


def title_font(label: QLabel) -> QFont:
    """The font of a page's title: the label's own, bold and a little larger."""
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    return font
