"""Settings: a human-readable TOML file, validated field by field, written atomically,
with OMIDESK_* environment variables on top."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from omidesk.domain.dialformat import DialFormat
from omidesk.domain.i18n import LANGUAGES, Text, language
from omidesk.infra import private_files

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
        label = LABELS[self.key](lang) if self.key in LABELS else self.key
        return f"{label}: {self.detail(lang, **self.params)}"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something about the settings the agent must hear of: a catalogue code and its details
    (plain values, so the words can be given again in another language)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


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


# Why a server address is refused: the `url_problem` of `base_url_invalid`, and the detail
# of the setting's own error.
URL_PROBLEMS: Mapping[str, Text] = {
    "not_web_address": Text(
        "give a web address such as https://public-v1.omicall.com.",
        "hãy nhập địa chỉ web, ví dụ https://public-v1.omicall.com.",
    ),
    "not_https": Text(
        "must start with https:// (plain http only for this computer).",
        "phải bắt đầu bằng https:// (http chỉ dùng cho máy này).",
    ),
    "extra": Text(
        "give only the server address, without ?, # or a user name.",
        "chỉ nhập địa chỉ máy chủ, không có ?, # hay tên người dùng.",
    ),
    "path": Text(
        "give only the server address, without a path such as /api after it.",
        "chỉ nhập địa chỉ máy chủ, không kèm đường dẫn như /api phía sau.",
    ),
    "spaces": Text(
        "it must not contain spaces or invisible characters.",
        "không được chứa dấu cách hay ký tự ẩn.",
    ),
    "port": Text(
        "the port after “:” must be a number from 1 to 65535.",
        "cổng sau dấu “:” phải là số từ 1 đến 65535.",
    ),
    "host": Text(
        "the server name is not valid: letters, digits and hyphens between dots, "
        "at most 63 in each part.",
        "tên máy chủ không hợp lệ: gồm chữ, số và dấu gạch ngang giữa các dấu chấm, "
        "tối đa 63 ký tự mỗi phần.",
    ),
    "idna": Text(
        "the server name is not valid: a part starting with “xn--” is not a real "
        "international name.",
        "tên máy chủ không hợp lệ: phần bắt đầu bằng “xn--” không phải tên quốc tế hợp lệ.",
    ),
}

_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def base_url_problem(text: str) -> str | None:
    """Why `text` may not be OMICall's address (a key of URL_PROBLEMS), or None if it may:
    exactly https://host[:port], or http:// to this computer. Parsed here rather than with
    urlsplit, which raises on "https://[::1", quietly drops tabs and newlines, and reads
    "https://a.com\\@b.com" as host b.com: the one deciding must see what will be used."""
    if any(char.isspace() or unicodedata.category(char)[0] in "CZ" for char in text):
        return "spaces"
    scheme, separator, rest = text.partition("://")
    scheme = scheme.lower()
    if not separator or scheme not in ("http", "https"):
        return "not_web_address"
    if any(char in rest for char in "?#@"):
        return "extra"
    netloc, slash, _path = rest.partition("/")
    if slash:
        return "path"
    if netloc.startswith("["):
        end = netloc.find("]")
        if end < 0:
            return "not_web_address"
        host, after = netloc[1:end], netloc[end + 1 :]
        if after and not after.startswith(":"):
            return "not_web_address"
        port = after[1:] if after else None
        if "%" in host:  # a zone (fe80::1%eth0) names this computer's interface, no server
            return "host"
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return "host"
    else:
        host, colon, port_text = netloc.partition(":")
        port = port_text if colon else None
        if not host:
            return "not_web_address"
        problem = _host_problem(host)
        if problem:
            return problem
    if port is not None and not (
        port.isascii() and port.isdigit() and len(port) <= 5 and 1 <= int(port) <= 65535
    ):
        return "port"
    if scheme == "http" and not _is_loopback(host):
        return "not_https"
    return None


def _host_problem(host: str) -> str | None:
    """Why `host` is no server name: each label is letters, digits and inner hyphens (as
    IDNA's ASCII form); an "xn--" label must decode; a non-ASCII label must come back the
    same from its ASCII form (so "faß" or full-width letters, which IDNA versions read
    differently, are refused rather than reaching a server nobody typed)."""
    ascii_labels: list[str] = []
    for label in host.split("."):
        if label.isascii():
            ascii_label = label.lower()
        else:
            try:
                ascii_label = label.encode("idna").decode("ascii").lower()
                if ascii_label.encode("ascii").decode("idna") != label.lower():
                    return "host"
            except UnicodeError:
                return "host"
            if not _letters_and_digits(label):
                return "host"
        if not _LABEL.fullmatch(ascii_label):
            return "host"
        if ascii_label.startswith("xn--"):
            try:
                decoded = ascii_label.encode("ascii").decode("idna")
            except UnicodeError:
                return "idna"
            if not _letters_and_digits(decoded):
                return "idna"
        ascii_labels.append(ascii_label)
    if len(".".join(ascii_labels)) > 253:
        return "host"
    if all(label.isdigit() for label in ascii_labels):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return "host"
    return None


def _letters_and_digits(label: str) -> bool:
    """Whether an international label holds only letters, marks, digits and hyphens: what
    both IDNA versions allow (the stdlib codec's IDNA 2003 also takes symbols such as emoji,
    which httpx's IDNA 2008 refuses)."""
    return all(char == "-" or unicodedata.category(char)[0] in "LMN" for char in label)


def check_base_url(value: Any) -> str:
    text = str(value).strip()
    # A lone trailing slash is harmless (paths are joined after it): dropped, nothing more.
    text = text.removesuffix("/")
    problem = base_url_problem(text)
    if problem is not None:
        raise _Invalid(URL_PROBLEMS[problem])
    return text


def shown(value: str, limit: int = 120) -> str:
    """`value` as it may be printed: control and invisible characters escaped (an escape
    sequence in an environment variable must not drive the terminal), long text cut."""
    text = "".join(
        char if char == " " or unicodedata.category(char)[0] not in "CZ" else ascii(char)[1:-1]
        for char in value
    )
    return text if len(text) <= limit else text[:limit] + "…"


def base_url_blocked(value: str, source: str = "") -> Problem | None:
    """The `base_url_invalid` problem for a server address that must not be used, naming
    where it came from (a variable's name or the settings file's path) when known."""
    problem = base_url_problem(value)
    if problem is None:
        return None
    params: dict[str, Any] = {"value": shown(value), "url_problem": problem}
    if source:
        params["source"] = source
    return Problem("base_url_invalid", params)


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
    from omidesk.domain.shortcuts import parse  # noqa: PLC0415

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
    path: Path | None = None  # the settings file, named in messages
    notices: tuple[Problem, ...] = ()  # what was done to the file that the agent must hear of
    foreign: bool = False  # the file is another user's: its values were ignored

    @property
    def blocked(self) -> Problem | None:
        """Why no request may go to OMICall with these settings, or None. Decided here
        only, from the settings in effect, so a saved fix unblocks at once."""
        if self.foreign:
            return Problem("settings_not_yours", {"path": str(self.path)})
        source = self.sources.get("base_url")
        if source == "env":
            named = ENV_OVERRIDES["base_url"]
        elif source == "file" and self.path is not None:
            named = str(self.path)
        else:
            named = ""
        return base_url_blocked(self.settings.base_url, named)


# Keys whose invalid value is kept as written instead of the default: a default server
# address is another server than the one asked for (production, with the company's key).
KEPT_WHEN_INVALID = frozenset({"base_url"})


def load(path: Path, environ: Mapping[str, str] | None = None) -> LoadedSettings:
    """Reads `path` (a missing file means defaults) and applies the environment overrides.
    Never raises for a bad file: a broken file yields defaults and says why; an invalid
    server address is kept (and blocks every request) rather than replaced."""
    environ = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    broken: str | None = None
    notices: list[Problem] = []
    foreign = False
    try:
        with path.open("rb") as handle:
            trust = private_files.check_file(handle.fileno(), secret=False)
            if trust is private_files.Trust.REFUSED:
                foreign = True
            else:
                if trust is private_files.Trust.TIGHTENED:
                    notices.append(Problem("settings_made_private", {"path": str(path)}))
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
    file_values = _keep_invalid(file_values, known, errors)
    sources = {
        key: (
            "file"
            if key in known and (key in KEPT_WHEN_INVALID or not _failed(errors, key))
            else "default"
        )
        for key in KEYS
    }
    overrides = {key: environ[var] for key, var in ENV_OVERRIDES.items() if environ.get(var)}
    effective, env_errors = validate(overrides, file_values)
    effective = _keep_invalid(effective, overrides, env_errors)
    for key in overrides:
        if key in KEPT_WHEN_INVALID or not _failed(env_errors, key):
            sources[key] = "env"
    return LoadedSettings(
        settings=effective,
        file_values=file_values,
        sources=sources,
        errors=errors + env_errors,
        broken=broken,
        extra=extra,
        path=path,
        notices=tuple(notices),
        foreign=foreign,
    )


def _keep_invalid(
    settings: Settings, values: Mapping[str, Any], errors: list[SettingError]
) -> Settings:
    """`settings` holding, for each key of KEPT_WHEN_INVALID that failed, the text as given."""
    kept = {
        key: str(values[key]).strip()
        for key in KEPT_WHEN_INVALID
        if key in values and _failed(errors, key)
    }
    return replace(settings, **kept) if kept else settings


def _failed(errors: list[SettingError], key: str) -> bool:
    return any(error.key == key for error in errors)


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
