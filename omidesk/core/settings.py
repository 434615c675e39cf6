"""Settings: a human-readable TOML file, validated field by field, written atomically,
with OMIDESK_* environment variables on top."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from omidesk.core.dialformat import DialFormat
from omidesk.core.i18n import LANGUAGES, Text, language

PRODUCTION_URL = "https://public-v1.omicall.com"
STAGING_URL = "https://public-v1-stg.omicall.com"

ENV_OVERRIDES: Mapping[str, str] = {
    "base_url": "OMIDESK_BASE_URL",
    "extension": "OMIDESK_EXTENSION",
    "hotline": "OMIDESK_HOTLINE",
}
API_KEY_ENV = "OMIDESK_API_KEY"

EXTERNAL_DIAL_MODES = ("confirm", "direct")
SECRET_KEYS = frozenset({"api_key", "apikey", "apiKey", "token", "access_token"})


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the agent can set, except the API key (which lives in the keyring)."""

    base_url: str = PRODUCTION_URL
    extension: str = ""
    hotline: str = ""
    dial_format: str = DialFormat.NATIONAL.value
    language: str = "en"
    timeout_s: float = 15.0
    repeat_window_s: float = 10.0
    external_dial: str = "confirm"
    watch_clipboard: bool = False
    start_minimised: bool = False
    autostart: bool = False  # start with the desktop (in the tray), kept in sync by Services
    hotkey: str = ""  # desktop-wide shortcut that calls the selected number, e.g. "Ctrl+Alt+D"

    def missing(self) -> list[str]:
        """The settings a call needs that are still empty (the API key is checked apart)."""
        return [key for key in ("base_url", "extension", "hotline") if not getattr(self, key)]


@dataclass(frozen=True, slots=True)
class SettingError:
    """One invalid value: which setting, and why, ready for the catalogue's `setting_invalid`."""

    key: str
    detail: Text
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return f"{LABELS[self.key](lang)}: {self.detail(lang, **self.params)}"


LABELS: Mapping[str, Text] = {
    "base_url": Text("Server address", "Địa chỉ máy chủ"),
    "api_key": Text("API key", "API key"),
    "extension": Text("Extension", "Máy lẻ"),
    "hotline": Text("Hotline", "Hotline"),
    "dial_format": Text("Number format sent to OMICall", "Định dạng số gửi tới OMICall"),
    "language": Text("Language", "Ngôn ngữ"),
    "timeout_s": Text("Timeout (seconds)", "Thời gian chờ (giây)"),
    "repeat_window_s": Text(
        "Ask before calling the same number again within (seconds)",
        "Hỏi lại khi gọi lại cùng số trong vòng (giây)",
    ),
    "external_dial": Text("Numbers from links and the clipboard", "Số từ liên kết và clipboard"),
    "watch_clipboard": Text(
        "Offer to call numbers copied to the clipboard", "Đề nghị gọi số vừa sao chép"
    ),
    "start_minimised": Text("Start minimised to the tray", "Khởi động thu nhỏ vào khay hệ thống"),
    "autostart": Text(
        "Start with the desktop, in the tray", "Khởi động cùng máy tính, thu nhỏ vào khay"
    ),
    "hotkey": Text("Shortcut that calls the selected number", "Phím tắt gọi số đang được bôi đen"),
}


# --- validation: each returns the cleaned value or raises _Invalid --------------------------


class _Invalid(Exception):
    def __init__(self, detail: Text, **params: Any) -> None:
        super().__init__(detail.en)
        self.detail = detail
        self.params = params


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(value: Any) -> str:
    text = str(value).strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _Invalid(
            Text(
                "“{value}” is not a web address (https://…).",
                "“{value}” không phải địa chỉ web (https://…).",
            ),
            value=text,
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise _Invalid(
            Text(
                "must start with https:// (plain http only for this computer).",
                "phải bắt đầu bằng https:// (http chỉ dùng cho máy này).",
            )
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise _Invalid(
            Text(
                "give only the server address, without ?, # or a user name.",
                "chỉ nhập địa chỉ máy chủ, không có ?, # hay tên người dùng.",
            )
        )
    return text


def check_extension(value: Any) -> str:
    text = str(value).strip()
    if text and not (text.isascii() and text.isdigit() and len(text) <= 10):
        raise _Invalid(
            Text(
                "an extension is a short number of digits, such as 101.",
                "máy lẻ là một dãy số ngắn, ví dụ 101.",
            )
        )
    return text


def check_hotline(value: Any) -> str:
    text = "".join(str(value).split())
    digits = text.removeprefix("+")
    if text and not (digits.isascii() and digits.isdigit() and 3 <= len(digits) <= 15):
        raise _Invalid(
            Text(
                "a hotline is a phone number, such as 02877788056.",
                "hotline là một số điện thoại, ví dụ 02877788056.",
            )
        )
    return text


def check_hotkey(value: Any) -> str:
    from omidesk.core.shortcuts import parse  # noqa: PLC0415

    text = str(value).strip()
    if not text:
        return ""
    shortcut = parse(text)
    if shortcut is None:
        raise _Invalid(
            Text(
                "a shortcut with Ctrl, Alt or Meta and one letter, digit or F-key, "
                "such as Ctrl+Alt+D.",
                "một phím tắt gồm Ctrl, Alt hoặc Meta và một chữ, số hoặc phím F, "
                "ví dụ Ctrl+Alt+D.",
            )
        )
    return str(shortcut)


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in options:
            raise _Invalid(
                Text("choose one of: {options}.", "chọn một trong: {options}."),
                options=", ".join(options),
            )
        return text

    return check


def _number(low: float, high: float) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        try:
            # true/false are not numbers: `repeat_window_s = false` must not mean 0.
            number = float("nan") if isinstance(value, bool) else float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not low <= number <= high:  # also rejects NaN
            raise _Invalid(
                Text("a number from {low:g} to {high:g}.", "một số từ {low:g} đến {high:g}."),
                low=low,
                high=high,
            )
        return number

    return check


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise _Invalid(Text("yes or no (true/false).", "có hoặc không (true/false)."))


CHECKS: Mapping[str, Callable[[Any], Any]] = {
    "base_url": check_base_url,
    "extension": check_extension,
    "hotline": check_hotline,
    "dial_format": _choice(tuple(f.value for f in DialFormat)),
    "language": _choice(LANGUAGES),
    "timeout_s": _number(1, 120),
    "repeat_window_s": _number(0, 3600),
    "external_dial": _choice(EXTERNAL_DIAL_MODES),
    "watch_clipboard": _flag,
    "start_minimised": _flag,
    "autostart": _flag,
    "hotkey": check_hotkey,
}
KEYS: tuple[str, ...] = tuple(f.name for f in fields(Settings))


def validate(
    values: Mapping[str, Any], base: Settings | None = None
) -> tuple[Settings, list[SettingError]]:
    """`base` with every valid value of `values` applied, and an error for each invalid one.
    Callers that must not save half-way check that the error list is empty first."""
    changes: dict[str, Any] = {}
    errors: list[SettingError] = []
    for key, raw in values.items():
        check = CHECKS.get(key)
        if check is None:
            errors.append(SettingError(key, Text("unknown setting.", "không có cài đặt này."), {}))
            continue
        try:
            changes[key] = check(raw)
        except _Invalid as invalid:
            errors.append(SettingError(key, invalid.detail, invalid.params))
    return replace(base or Settings(), **changes), errors


# --- the file --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    """The effective settings, where each value came from, and what was wrong on the way."""

    settings: Settings
    file_values: Settings  # what the file alone says: the base for editing and saving
    sources: Mapping[str, str]  # key → "default" | "file" | "env"
    errors: list[SettingError]
    broken: str | None  # why the file could not be parsed at all, if so
    extra: Mapping[str, Any]  # keys a newer OmiDesk wrote: kept on save


def load(path: Path, environ: Mapping[str, str] | None = None) -> LoadedSettings:
    """Reads `path` (a missing file means defaults) and applies the environment overrides.
    Never raises for a bad file: a broken file yields defaults and says why."""
    environ = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    broken: str | None = None
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        pass
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        broken = str(exc)
    except OSError as exc:
        broken = exc.strerror or str(exc)
    known = {key: value for key, value in raw.items() if key in CHECKS}
    # A key typed into the file by hand is never carried along: it belongs in the keyring.
    extra = {
        key: value for key, value in raw.items() if key not in CHECKS and key not in SECRET_KEYS
    }
    # Without a choice in the file, speak the desktop's language.
    locale_name = environ.get("LC_ALL") or environ.get("LC_MESSAGES") or environ.get("LANG")
    defaults = Settings(language=language(locale_name))
    file_values, errors = validate(known, defaults)
    sources = {
        key: ("file" if key in known and not _failed(errors, key) else "default") for key in KEYS
    }
    overrides = {key: environ[var] for key, var in ENV_OVERRIDES.items() if environ.get(var)}
    effective, env_errors = validate(overrides, file_values)
    for key in overrides:
        if not _failed(env_errors, key):
            sources[key] = "env"
    return LoadedSettings(
        settings=effective,
        file_values=file_values,
        sources=sources,
        errors=errors + env_errors,
        broken=broken,
        extra=extra,
    )


def _failed(errors: list[SettingError], key: str) -> bool:
    return any(error.key == key for error in errors)


def save(path: Path, settings: Settings, extra: Mapping[str, Any] | None = None) -> None:
    """Writes the file atomically (temp file + rename), so a crash never leaves half a file.
    A file that could not be parsed is kept beside it as `.broken` rather than lost."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        try:
            with path.open("rb") as handle:
                tomllib.load(handle)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            os.replace(path, path.with_name(path.name + ".broken"))
    lines = [
        "# OmiDesk settings. Edit with care, or use the Settings window / `omidesk config set`.",
        "# The API key is not here: it is kept in the system keyring.",
        "",
    ]
    for key in KEYS:
        lines.append(f"{key} = {_toml_value(getattr(settings, key))}")
    for key, value in (extra or {}).items():
        lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    text = "\n".join(lines) + "\n"
    import tempfile  # noqa: PLC0415 - only when saving; reading is on every command's path

    handle, temp_name = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


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
