"""The window's colours, all made from the palette (light, dark or the desktop's), and the
dark Fusion palette the "theme = dark" setting installs."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

__all__ = [
    "apply_theme",
    "call_button_style",
    "dark_palette",
    "error_colour",
    "error_style",
    "is_dark",
    "note_style",
]

# A note's hue ("look at this"): mixed into the palette's own window colour, never used raw.
_AMBER = QColor("#f9ab00")
# An error's hue, as the results' "it will not go through".
_RED = QColor("#d93025")
# The Call button's hue, as the results' "it rings".
_GREEN = QColor("#1e8e3e")

_Role = QPalette.ColorRole


def _mix(base: QColor, tint: QColor, share: float) -> QColor:
    return QColor(
        round(base.red() * (1 - share) + tint.red() * share),
        round(base.green() * (1 - share) + tint.green() * share),
        round(base.blue() * (1 - share) + tint.blue() * share),
    )


def _palette(palette: QPalette | None) -> QPalette:
    return palette if palette is not None else QGuiApplication.palette()


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette draws light text on a dark window."""
    pal = _palette(palette)
    return pal.color(_Role.Window).lightness() < pal.color(_Role.WindowText).lightness()


def error_colour(palette: QPalette | None = None) -> QColor:
    """The red of an error in a form or under the dial field: the window's text colour drawn
    toward red, with enough of the text kept to read on the window (a label sits on the
    window, lighter than the lists' base the results' tones are made for)."""
    pal = _palette(palette)
    return _mix(pal.color(_Role.WindowText), _RED, 0.55)


def error_style(palette: QPalette | None = None) -> str:
    """A style sheet that draws a label's text in the error red of the palette."""
    return f"color: {error_colour(palette).name()};"


def note_style(palette: QPalette | None = None) -> str:
    """The declarations of a note that must be seen (the demo banner, a warning): the
    palette's window tinted amber, its own text colour, a stronger amber border."""
    pal = _palette(palette)
    window = pal.color(_Role.Window)
    background = _mix(window, _AMBER, 0.30)
    border = _mix(window, _AMBER, 0.70)
    text = pal.color(_Role.WindowText)
    return (
        f"background: {background.name()}; color: {text.name()}; border: 1px solid {border.name()};"
    )


def call_button_style(palette: QPalette | None = None) -> str:
    """The Call button's style sheet: green filled, white text; on a dark palette a deeper
    green so the white stays readable, disabled faded toward the window, focus outlined in
    the palette's highlight."""
    pal = _palette(palette)
    window = pal.color(_Role.Window)
    fill = _mix(window, _GREEN, 0.85 if is_dark(pal) else 1.0)
    faded = _mix(window, _GREEN, 0.40)
    faded_text = _mix(faded, QColor("white"), 0.6)
    focus = pal.color(_Role.Highlight) if is_dark(pal) else _mix(_GREEN, QColor("black"), 0.6)
    return (
        f"#callButton {{ background: {fill.name()}; color: white; border-radius: 6px;"
        " font-weight: bold; font-size: 15px; }"
        f"#callButton:disabled {{ background: {faded.name()}; color: {faded_text.name()}; }}"
        f"#callButton:focus {{ border: 2px solid {focus.name()}; }}"
    )


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (the colours of Qt's own dark Fusion)."""
    p = QPalette()
    window, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(232, 232, 232)
    disabled = QColor(128, 128, 128)
    for role, colour in (
        (_Role.Window, window),
        (_Role.WindowText, text),
        (_Role.Base, base),
        (_Role.AlternateBase, QColor(55, 55, 58)),
        (_Role.ToolTipBase, QColor(60, 60, 64)),
        (_Role.ToolTipText, text),
        (_Role.PlaceholderText, QColor(160, 160, 160)),
        (_Role.Text, text),
        (_Role.Button, QColor(58, 58, 62)),
        (_Role.ButtonText, text),
        (_Role.BrightText, QColor(255, 110, 110)),
        (_Role.Light, QColor(80, 80, 84)),
        (_Role.Midlight, QColor(66, 66, 70)),
        (_Role.Mid, QColor(40, 40, 42)),
        (_Role.Dark, QColor(20, 20, 22)),
        (_Role.Shadow, QColor(0, 0, 0)),
        (_Role.Highlight, QColor(42, 130, 218)),
        (_Role.HighlightedText, QColor(255, 255, 255)),
        (_Role.Link, QColor(110, 170, 255)),
        (_Role.LinkVisited, QColor(190, 140, 255)),
    ):
        p.setColor(role, colour)
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


# The theme installed last: "system" until one is chosen, so that the desktop's palette (or
# one set by whoever made the application) is left alone until the setting says otherwise.
_applied = ["system"]


def apply_theme(theme: str) -> None:
    """Installs the palette of the `theme` setting when it changed: "dark" the dark Fusion
    palette, "light" Fusion's own, "system" the desktop's."""
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415 - a widgets app only

    app = QApplication.instance()
    if not isinstance(app, QApplication) or theme == _applied[0]:
        return
    _applied[0] = theme
    if theme == "dark":
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setPalette(app.style().standardPalette())
    else:
        app.setPalette(QPalette())  # an empty palette: back to the desktop's own
