"""The warning colours of expiry dates, made from the palette so they read on light and
dark themes alike: the palette's base tinted amber (soon) or red (passed)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from omidesk.domain.tenants import Expiry

# Hues of "look at this" and "too late", as the window's error red.
_AMBER = QColor("#f9ab00")
_RED = QColor("#d93025")
_TINT = 0.35


def _mix(base: QColor, tint: QColor, share: float) -> QColor:
    return QColor(
        round(base.red() * (1 - share) + tint.red() * share),
        round(base.green() * (1 - share) + tint.green() * share),
        round(base.blue() * (1 - share) + tint.blue() * share),
    )


def expiry_background(palette: QPalette, state: Expiry | None) -> QColor | None:
    """The cell's background for an expiry within the warning days or passed; None else.
    The text keeps the palette's own colour, which stays readable on either tint."""
    if state is Expiry.SOON:
        return _mix(palette.color(QPalette.ColorRole.Base), _AMBER, _TINT)
    if state is Expiry.EXPIRED:
        return _mix(palette.color(QPalette.ColorRole.Base), _RED, _TINT)
    return None
