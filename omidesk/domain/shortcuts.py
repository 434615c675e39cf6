"""Keyboard shortcut text for the desktop-wide hotkey ("Ctrl+Alt+D"), parsed without Qt."""

from __future__ import annotations

from dataclasses import dataclass

MODIFIERS = ("ctrl", "alt", "shift", "meta")
_ALIASES = {"control": "ctrl", "super": "meta", "win": "meta", "cmd": "meta", "option": "alt"}


@dataclass(frozen=True, slots=True)
class Shortcut:
    modifiers: frozenset[str]
    key: str  # one ASCII letter or digit (lower-case), or a function key "f1".."f12"

    def __str__(self) -> str:
        names = [modifier.capitalize() for modifier in MODIFIERS if modifier in self.modifiers]
        return "+".join([*names, self.key.upper()])


def parse(text: str) -> Shortcut | None:
    """ "Ctrl+Alt+D" → Shortcut; None when it is not usable desktop-wide (a key without
    Ctrl, Alt or Meta would steal ordinary typing from every application)."""
    parts = [part.strip().lower() for part in text.split("+") if part.strip()]
    if len(parts) < 2:
        return None
    modifiers = frozenset(_ALIASES.get(part, part) for part in parts[:-1])
    key = parts[-1]
    if not modifiers <= set(MODIFIERS) or not modifiers & {"ctrl", "alt", "meta"}:
        return None
    letter_or_digit = len(key) == 1 and key.isascii() and key.isalnum()
    function_key = key.startswith("f") and key[1:].isdigit() and 1 <= int(key[1:]) <= 12
    return Shortcut(modifiers, key) if letter_or_digit or function_key else None


@dataclass(frozen=True, slots=True)
class HotkeyResult:
    """Whether the hotkey is active, and if not, why (a catalogue code and its params)."""

    active: bool
    code: str | None = None
    params: dict[str, str] | None = None
