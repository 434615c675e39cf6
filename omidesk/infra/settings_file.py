"""The settings file: TOML read with trust checks, written atomically, private (0600).

What the values mean and which win lives in omidesk.domain.settings; this module only
turns the file into values and values into the file. The window reads the language
(peek_language) before its first paint, so the settings model is imported only by the
functions that need it."""

from __future__ import annotations

import contextlib
import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from omidesk.domain.i18n import LANGUAGES, desktop_language
from omidesk.domain.themes import DEFAULT_THEME, THEMES
from omidesk.infra import private_files

if TYPE_CHECKING:
    from omidesk.domain.settings import LoadedSettings, Settings


def load(path: Path, environ: Mapping[str, str] | None = None) -> LoadedSettings:
    """Reads `path` (a missing file means defaults) and applies the environment overrides
    (the process's, unless `environ` is given). Never raises for a bad file: a broken file
    yields defaults and says why; another user's file is ignored and blocks every request."""
    from omidesk.domain import settings as model  # noqa: PLC0415 - see the module docstring

    raw: dict[str, Any] = {}
    broken: str | None = None
    notices: list[model.Problem] = []
    foreign = False
    try:
        with path.open("rb") as handle:
            trust = private_files.check_file(handle.fileno(), secret=False)
            if trust is private_files.Trust.REFUSED:
                foreign = True
            else:
                if trust is private_files.Trust.TIGHTENED:
                    notices.append(model.Problem("settings_made_private", {"path": str(path)}))
                raw = tomllib.load(handle)
    except FileNotFoundError:
        pass
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        broken = str(exc)
    except OSError as exc:
        broken = exc.strerror or str(exc)
    return model.resolve(
        raw,
        os.environ if environ is None else environ,
        path=path,
        broken=broken,
        notices=tuple(notices),
        foreign=foreign,
    )


def peek_language(path: Path, environ: Mapping[str, str] | None = None) -> str:
    """The `language` of a settings file, or the desktop's; cheap enough for before the
    window's first paint. Any problem with the file is left for the full load to report."""
    try:
        with path.open("rb") as handle:
            value = tomllib.load(handle).get("language")
    except (OSError, ValueError):
        value = None
    if isinstance(value, str) and value.strip().lower() in LANGUAGES:
        return value.strip().lower()
    return desktop_language(os.environ if environ is None else environ)


def peek_theme(path: Path) -> str:
    """The `theme` of a settings file ("system" when unset or unreadable), read before the
    window is built so that it is drawn in its colours from the first paint."""
    try:
        with path.open("rb") as handle:
            value = tomllib.load(handle).get("theme")
    except (OSError, ValueError):
        value = None
    return value if isinstance(value, str) and value in THEMES else DEFAULT_THEME


def save(path: Path, settings: Settings, extra: Mapping[str, Any] | None = None) -> None:
    """Writes the file atomically (temp file + rename), so a crash never leaves half a file.
    The file is created 0600 (mkstemp) in a 0700 folder. A file that could not be parsed is
    kept beside it as `.broken`, another user's file as `.not-mine`, rather than lost."""
    private_files.make_dir(path.parent)
    if private_files.owned_by_someone_else(path):
        os.replace(path, path.with_name(path.name + ".not-mine"))
    elif path.exists():
        try:
            with path.open("rb") as handle:
                tomllib.load(handle)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            os.replace(path, path.with_name(path.name + ".broken"))
    text = to_toml(settings, extra)
    import tempfile  # noqa: PLC0415 - only when saving; reading is on every command's path

    descriptor, temp_name = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


def to_toml(settings: Settings, extra: Mapping[str, Any] | None = None) -> str:
    """The file's text: a comment, every declared setting in order, then the keys a newer
    OmiDesk wrote (kept as they were)."""
    from omidesk.domain.settings import KEYS  # noqa: PLC0415 - see the module docstring

    lines = [
        "# OmiDesk settings. Edit with care, or use the Settings window / `omidesk config set`.",
        "# The API key is not here: it is kept in the system keyring.",
        "",
    ]
    for key in KEYS:
        lines.append(f"{key} = {_toml_value(getattr(settings, key))}")
    for key, value in (extra or {}).items():
        lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_key(key: str) -> str:
    return (
        key
        if key.replace("_", "").replace("-", "").isalnum() and key.isascii()
        else _toml_string(key)
    )


def _toml_string(text: str) -> str:
    """A TOML basic string. Not plain json.dumps: its ASCII escapes write characters beyond
    U+FFFF (emoji) as a surrogate pair, "\\ud83d\\ude00", which TOML rejects, so the next
    load() found the whole file broken. Non-ASCII goes out as UTF-8 instead; JSON already
    escapes quotes, backslashes and control characters as TOML wants, except DEL."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        pairs = (f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    # Dates and times from a hand-edited file: TOML's own text form round-trips.
    return value.isoformat() if hasattr(value, "isoformat") else _toml_string(str(value))
