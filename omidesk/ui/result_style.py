"""How a call's result looks in a list: its label's icon, and a colour made from the palette
(the text colour drawn toward a hue), so that it reads on light and dark themes alike."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPalette

from omidesk.domain.result_labels import ResultLabel, Tone
from omidesk.ui.icons import tinted

# Hues of "it rings", "look again" and "it will not go through", as the window's own; the
# share keeps enough of the text colour for the result to stay as readable as the text.
_HUES: dict[Tone, QColor] = {
    Tone.PENDING: QColor("#1a73e8"),
    Tone.GOOD: QColor("#1e8e3e"),
    Tone.WARNING: QColor("#e37400"),
    Tone.BAD: QColor("#d93025"),
}
_SHARE = 0.65

# One shape per kind of result, so that colour is never the only clue.
_ICONS: dict[str, str] = {
    "calling": "call",
    "accepted": "result-accepted",
    "busy": "result-busy",
    "too_many": "result-busy",
    "do_not_call": "result-blocked",
    "extension_offline": "result-offline",
    "no_connection": "result-no-connection",
    "unknown": "result-unknown",
    "hotline_refused": "settings",
    "extension_refused": "settings",
    "api_key_refused": "settings",
    "request_incomplete": "settings",
    "not_set_up": "settings",
}
_OTHER_ICON = "result-refused"  # refused, not sent, an invalid number


def tone_colour(palette: QPalette, tone: Tone) -> QColor:
    """The colour of a result of `tone` on `palette`: its text colour drawn toward the
    tone's hue."""
    text = palette.color(QPalette.ColorRole.Text)
    hue = _HUES[tone]
    return QColor(
        round(text.red() * (1 - _SHARE) + hue.red() * _SHARE),
        round(text.green() * (1 - _SHARE) + hue.green() * _SHARE),
        round(text.blue() * (1 - _SHARE) + hue.blue() * _SHARE),
    )


def result_icon(label: ResultLabel, palette: QPalette) -> QIcon:
    """The label's icon in its colour."""
    return tinted(_ICONS.get(label.key, _OTHER_ICON), tone_colour(palette, label.tone))
