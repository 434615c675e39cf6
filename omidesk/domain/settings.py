"""Settings: the model, one declaration per setting, and validation. Pure: the file is
read and written by omidesk.infra.settings_file, and the environment comes in as a Mapping.

Each setting is declared once (a `Setting`, after Electrum's ConfigVar): its key, type,
default, environment variable, labels in both languages, how a value is checked, and what
the settings dialog needs to show it. The file, the environment overrides, `omidesk
config` and the dialog's rows all derive from these declarations."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from omidesk.domain import shortcuts
from omidesk.domain.dialformat import DialFormat
from omidesk.domain.i18n import Text, desktop_language
from omidesk.domain.themes import DEFAULT_THEME, THEMES

PRODUCTION_URL = "https://public-v1.omicall.com"
STAGING_URL = "https://public-v1-stg.omicall.com"
AUTOCALL_URL = "https://es.aicallcenter.vn"  # aicallcenter.vn's AutoCall (seed 002)

EXTERNAL_DIAL_MODES = ("confirm", "direct")
SECRET_KEYS = frozenset(
    {"api_key", "apikey", "apiKey", "token", "access_token", "partner_api_key", "routing_api_key"}
)

# The pages of the settings dialog, in order; each declaration names its own.
ACCOUNT, CALLING, LINKS, APPEARANCE = "account", "calling", "links", "appearance"
PAGES: tuple[str, ...] = (ACCOUNT, CALLING, LINKS, APPEARANCE)
# Settings of the owner-routing service (issue 16): the admin's, on a server; in the file,
# the environment and `omidesk config`, on no page of the agent's dialog.
SERVER = "server"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something about the settings the agent must hear of: a catalogue code and its details
    (plain values, so the words can be given again in another language)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SettingError:
    """One invalid value: which setting, and why, ready for the catalogue's `setting_invalid`."""

    key: str
    detail: Text
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        label = LABELS[self.key](lang) if self.key in LABELS else self.key
        return f"{label}: {self.detail(lang, **self.params)}"


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


# Asked of the same address before every request (every dial checks it twice: the settings
# in effect, then the attempt's): read once, it is then a dictionary lookup (~25 µs each).
@lru_cache(maxsize=64)
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
    text = str(value).strip()
    if not text:
        return ""
    shortcut = shortcuts.parse(text)
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


def _text(value: Any) -> str:
    return str(value).strip()


# --- the declarations ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Choice:
    """One value a setting may take, and how the dialog names it."""

    value: str
    label: Text


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting, declared once. The dialog builds its row from this: a check box for a
    bool, a list for choices, a number box within `bounds`, a line otherwise, or the special
    editor named by `widget` ("server", "key", "hotline", "hotkey")."""

    key: str
    type_: type
    default: Any
    label: Text
    page: str  # one of PAGES
    env: str | None = None  # the OMIDESK_* variable that overrides the file
    check: Callable[[Any], Any] | None = None  # by default from type_, choices and bounds
    choices: tuple[Choice, ...] = ()
    bounds: tuple[float, float] | None = None
    decimals: int = 0  # a number's digits after the point, in the dialog
    unit: Text | None = None  # written after a number, e.g. " s"
    zero: Text | None = None  # shown instead of 0, when 0 means "off"
    widget: str = ""
    help: Text | None = None  # a line under the field, saying what it does
    placeholder: Text | None = None
    stored: bool = True  # False: kept outside the settings file (the API key)

    def clean(self, value: Any) -> Any:
        """`value` as the setting holds it; raises _Invalid with why not."""
        if self.check is not None:
            return self.check(value)
        if self.choices:
            return _choice(tuple(choice.value for choice in self.choices))(value)
        if self.type_ is bool:
            return _flag(value)
        if self.type_ is float:
            low, high = self.bounds or (float("-inf"), float("inf"))
            return _number(low, high)(value)
        return _text(value)


SECONDS = Text(" s", " giây")

BASE_URL = Setting(
    "base_url",
    str,
    PRODUCTION_URL,
    Text("Server address", "Địa chỉ máy chủ"),
    ACCOUNT,
    env="OMIDESK_BASE_URL",
    check=check_base_url,
    widget="server",
)
API_KEY = Setting(
    "api_key",
    str,
    "",
    Text("API key", "API key"),
    ACCOUNT,
    env="OMIDESK_API_KEY",
    widget="key",
    stored=False,  # in the system keyring (infra.keystore), never in the file
)
EXTENSION = Setting(
    "extension",
    str,
    "",
    Text("Extension", "Máy lẻ"),
    ACCOUNT,
    env="OMIDESK_EXTENSION",
    check=check_extension,
    placeholder=Text("e.g. 101", "ví dụ 101"),
)
HOTLINE = Setting(
    "hotline",
    str,
    "",
    Text("Hotline", "Hotline"),
    ACCOUNT,
    env="OMIDESK_HOTLINE",
    check=check_hotline,
    widget="hotline",
    help=Text(
        "Test connection lists the hotlines of your extension.",
        "Kiểm tra kết nối sẽ liệt kê các hotline của máy lẻ.",
    ),
    placeholder=Text("e.g. 02877788056", "ví dụ 02877788056"),
)
DIAL_FORMAT = Setting(
    "dial_format",
    str,
    DialFormat.NATIONAL.value,
    Text("Number format sent to OMICall", "Định dạng số gửi tới OMICall"),
    CALLING,
    choices=(
        Choice(DialFormat.NATIONAL.value, Text("National: 0901234567", "Trong nước: 0901234567")),
        Choice(
            DialFormat.E164.value,
            Text("International with +: +84901234567", "Quốc tế có dấu +: +84901234567"),
        ),
        Choice(
            DialFormat.INTERNATIONAL_DIGITS.value,
            Text("International digits: 84901234567", "Quốc tế, chỉ chữ số: 84901234567"),
        ),
    ),
)
LANGUAGE = Setting(
    "language",
    str,
    "en",
    Text("Language", "Ngôn ngữ"),
    APPEARANCE,
    # Each language in its own words: findable by someone who cannot read the other.
    choices=(
        Choice("en", Text("English", "English")),
        Choice("vi", Text("Tiếng Việt", "Tiếng Việt")),
    ),
)
THEME = Setting(
    "theme",
    str,
    DEFAULT_THEME,
    Text("Theme", "Giao diện"),
    APPEARANCE,
    # The style OmiDesk draws with (Fusion) does not follow a dark desktop on every system:
    # the agent can ask for the dark palette outright.
    choices=(
        Choice("system", Text("As the system", "Theo hệ thống")),
        Choice("light", Text("Light", "Sáng")),
        Choice("dark", Text("Dark", "Tối")),
    ),
)
# The choices are the themes peek_theme accepts before the first paint: one list.
if tuple(choice.value for choice in THEME.choices) != THEMES:
    raise TypeError("THEME's choices and domain.themes.THEMES disagree")
TIMEOUT = Setting(
    "timeout_s",
    float,
    15.0,
    Text("Timeout (seconds)", "Thời gian chờ (giây)"),
    CALLING,
    bounds=(1, 120),
    decimals=1,
    unit=SECONDS,
    help=Text("How long to wait for OMICall's answer.", "Thời gian chờ OMICall trả lời."),
)
REPEAT_WINDOW = Setting(
    "repeat_window_s",
    float,
    10.0,
    Text(
        "Ask before calling the same number again within (seconds)",
        "Hỏi lại khi gọi lại cùng số trong vòng (giây)",
    ),
    CALLING,
    bounds=(0, 3600),
    unit=SECONDS,
    zero=Text("Never ask", "Không bao giờ hỏi"),
)
EXTERNAL_DIAL = Setting(
    "external_dial",
    str,
    "confirm",
    Text("Numbers from links and the clipboard", "Số từ liên kết và clipboard"),
    LINKS,
    choices=(
        Choice("confirm", Text("Ask first", "Hỏi trước")),
        Choice("direct", Text("Call at once", "Gọi ngay")),
    ),
    help=Text(
        "A tel: link can come from any web page: asking first shows the number before "
        "your phone rings.",
        "Liên kết tel: có thể đến từ bất kỳ trang web nào: hỏi trước sẽ cho xem số trước "
        "khi điện thoại đổ chuông.",
    ),
)
WATCH_CLIPBOARD = Setting(
    "watch_clipboard",
    bool,
    False,
    Text("Offer to call numbers copied to the clipboard", "Đề nghị gọi số vừa sao chép"),
    LINKS,
)
START_MINIMISED = Setting(
    "start_minimised",
    bool,
    False,
    Text("Start minimised to the tray", "Khởi động thu nhỏ vào khay hệ thống"),
    APPEARANCE,
)
AUTOSTART = Setting(
    "autostart",
    bool,
    False,
    Text("Start with the desktop, in the tray", "Khởi động cùng máy tính, thu nhỏ vào khay"),
    APPEARANCE,
)
HOTKEY = Setting(
    "hotkey",
    str,
    "",
    Text("Shortcut that calls the selected number", "Phím tắt gọi số đang được bôi đen"),
    LINKS,
    check=check_hotkey,
    widget="hotkey",
    placeholder=Text("Press the keys, e.g. Ctrl+Alt+D", "Nhấn tổ hợp phím, ví dụ Ctrl+Alt+D"),
    help=Text(
        "Anywhere on the desktop these keys call the selected (or copied) number. "
        "Empty: no shortcut.",
        "Ở bất kỳ đâu trên màn hình, phím tắt này sẽ gọi số đang bôi đen (hoặc vừa sao "
        "chép). Để trống: không dùng phím tắt.",
    ),
)
# --- AutoCall campaigns (aicallcenter.vn) ---
AUTOCALL_BASE_URL = Setting(
    "autocall_base_url",
    str,
    AUTOCALL_URL,
    Text("AutoCall server address", "Địa chỉ máy chủ AutoCall"),
    ACCOUNT,
    env="OMIDESK_AUTOCALL_BASE_URL",
    check=check_base_url,
    help=Text(
        "aicallcenter.vn's AutoCall, where campaigns run (its secret key: "
        "omidesk autocall set-secret, or Campaigns > Secret key).",
        "AutoCall của aicallcenter.vn, nơi chạy các chiến dịch (secret key: "
        "omidesk autocall set-secret, hoặc Chiến dịch > Secret key).",
    ),
    placeholder=Text("e.g. https://es.aicallcenter.vn", "ví dụ https://es.aicallcenter.vn"),
)

# --- the owner-routing service (issue 16) -----------------------------------------------
ROUTING_STICKY_DAYS = Setting(
    "routing_sticky_days",
    float,
    30.0,
    Text(
        "Owner routing: days an answered call makes its agent the owner",
        "Định tuyến: số ngày một cuộc gọi đã nghe máy làm nhân viên thành người phụ trách",
    ),
    SERVER,
    env="OMIDESK_ROUTING_STICKY_DAYS",
    bounds=(0, 365),
    zero=Text("Off", "Tắt"),
)
ROUTING_SYNC_INTERVAL = Setting(
    "routing_sync_interval_s",
    float,
    60.0,
    Text(
        "Owner routing: seconds between two reads of the call history",
        "Định tuyến: số giây giữa hai lần đọc lịch sử cuộc gọi",
    ),
    SERVER,
    env="OMIDESK_ROUTING_SYNC_INTERVAL_S",
    bounds=(10, 86400),
    unit=SECONDS,
)

# Every setting, in the order of the file, of `config show` and of the dialog's rows.
DECLARED: tuple[Setting, ...] = (
    BASE_URL,
    API_KEY,
    EXTENSION,
    HOTLINE,
    DIAL_FORMAT,
    LANGUAGE,
    THEME,
    TIMEOUT,
    REPEAT_WINDOW,
    EXTERNAL_DIAL,
    WATCH_CLIPBOARD,
    START_MINIMISED,
    AUTOSTART,
    HOTKEY,
    ROUTING_STICKY_DAYS,
    ROUTING_SYNC_INTERVAL,
    AUTOCALL_BASE_URL,
)
STORED: Mapping[str, Setting] = {s.key: s for s in DECLARED if s.stored}
KEYS: tuple[str, ...] = tuple(STORED)
LABELS: Mapping[str, Text] = {s.key: s.label for s in DECLARED}
ENV_OVERRIDES: Mapping[str, str] = {s.key: s.env for s in STORED.values() if s.env}
API_KEY_ENV: str = API_KEY.env or ""

# --- the partner console's key (issue 18) ----------------------------------------------
# A reseller's own key, apart from the company's: in its own keyring entry (never the
# file), overridden by its own variable. Not in DECLARED: it is no row of the agent's
# settings dialog; the Companies window and `omidesk partner set-api-key` store it.
PARTNER_API_KEY = Setting(
    "partner_api_key",
    str,
    "",
    Text("Partner API key", "API key đối tác"),
    ACCOUNT,
    env="OMIDESK_PARTNER_API_KEY",
    widget="key",
    stored=False,
)
PARTNER_API_KEY_ENV: str = PARTNER_API_KEY.env or ""
# The owner-routing service's key(s): comma-separated in the variable, so that the old and
# the new key are both valid during a rotation; else `omidesk routing set-key` (keyring).
ROUTING_API_KEY_ENV = "OMIDESK_ROUTING_API_KEY"
# The shortest key the service accepts: anyone who guesses it learns which agent owns which
# customer, a short one can be guessed, and the log scrubber masks only secrets of at least
# 6 characters (infra/logs.py).
ROUTING_KEY_MIN_LENGTH = 16


def short_routing_keys(keys: Sequence[str]) -> list[int]:
    """The positions (from 1) of the keys shorter than ROUTING_KEY_MIN_LENGTH."""
    return [
        position for position, key in enumerate(keys, start=1) if len(key) < ROUTING_KEY_MIN_LENGTH
    ]


# --- the AutoCall account's secret_key (issue 17) ---------------------------------------
# Kept like the API key but in an entry of its own, overridden by its own variable. Not in
# DECLARED: `omidesk autocall set-secret` and the Campaigns tab store it.
AUTOCALL_SECRET = Setting(
    "autocall_secret",
    str,
    "",
    Text("AutoCall secret key", "Secret key AutoCall"),
    ACCOUNT,
    env="OMIDESK_AUTOCALL_SECRET",
    widget="key",
    stored=False,
)
AUTOCALL_SECRET_ENV: str = AUTOCALL_SECRET.env or ""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the agent can set, except the API key (which lives in the keyring): one
    field per stored declaration, same name, type and default (checked at import)."""

    base_url: str = BASE_URL.default
    extension: str = EXTENSION.default
    hotline: str = HOTLINE.default
    dial_format: str = DIAL_FORMAT.default
    language: str = LANGUAGE.default
    theme: str = THEME.default  # system, light or dark: the window's palette
    timeout_s: float = TIMEOUT.default
    repeat_window_s: float = REPEAT_WINDOW.default
    external_dial: str = EXTERNAL_DIAL.default
    watch_clipboard: bool = WATCH_CLIPBOARD.default
    start_minimised: bool = START_MINIMISED.default
    autostart: bool = AUTOSTART.default  # kept in sync with the desktop by Services
    hotkey: str = HOTKEY.default  # desktop-wide shortcut that calls the selected number
    routing_sticky_days: float = ROUTING_STICKY_DAYS.default
    routing_sync_interval_s: float = ROUTING_SYNC_INTERVAL.default
    autocall_base_url: str = AUTOCALL_BASE_URL.default  # campaigns: aicallcenter.vn's AutoCall

    def missing(self) -> list[str]:
        """The settings a call needs that are still empty (the API key is checked apart)."""
        return [key for key in ("base_url", "extension", "hotline") if not getattr(self, key)]


def disagreements(model: type, declared: Mapping[str, Setting]) -> list[str]:
    """Where a settings dataclass and the declarations differ (names, order, types,
    defaults), one line each; empty when they agree."""
    problems: list[str] = []
    names = [f.name for f in fields(model)]
    if names != list(declared):
        problems.append(f"fields {names} but declared {list(declared)}")
    for f in fields(model):
        setting = declared.get(f.name)
        if setting is None:
            continue
        # Annotations are strings here (postponed evaluation): compare by name.
        if f.type not in (setting.type_, setting.type_.__name__):
            problems.append(f"{f.name}: field type {f.type}, declared {setting.type_.__name__}")
        if f.default != setting.default or type(f.default) is not setting.type_:
            problems.append(f"{f.name}: field default {f.default!r}, declared {setting.default!r}")
    return problems


_DISAGREEMENTS = disagreements(Settings, STORED)
if _DISAGREEMENTS:  # a setting added to one and not the other: fail at once, not at save
    raise TypeError("Settings and DECLARED disagree: " + "; ".join(_DISAGREEMENTS))


def validate(
    values: Mapping[str, Any], base: Settings | None = None
) -> tuple[Settings, list[SettingError]]:
    """`base` with every valid value of `values` applied, and an error for each invalid one.
    Callers that must not save half-way check that the error list is empty first."""
    changes: dict[str, Any] = {}
    errors: list[SettingError] = []
    for key, raw in values.items():
        setting = STORED.get(key)
        if setting is None:
            errors.append(SettingError(key, Text("unknown setting.", "không có cài đặt này."), {}))
            continue
        try:
            changes[key] = setting.clean(raw)
        except _Invalid as invalid:
            errors.append(SettingError(key, invalid.detail, invalid.params))
    return replace(base or Settings(), **changes), errors


# --- the settings in effect -----------------------------------------------------------------


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

    @property
    def autocall_blocked(self) -> Problem | None:
        """Why no request may go to AutoCall with these settings, or None: its server
        address is not one (never replaced by the default), or the file is another user's."""
        if self.foreign:
            return Problem("settings_not_yours", {"path": str(self.path)})
        source = self.sources.get("autocall_base_url")
        named = ""
        if source == "env":
            named = ENV_OVERRIDES["autocall_base_url"]
        elif source == "file" and self.path is not None:
            named = str(self.path)
        problem = base_url_blocked(self.settings.autocall_base_url, named)
        if problem is None:
            return None
        return Problem("autocall_base_url_invalid", problem.params)


# Keys whose invalid value is kept as written instead of the default: a default server
# address is another server than the one asked for (production, with the company's key).
KEPT_WHEN_INVALID = frozenset({"base_url", "autocall_base_url"})


def resolve(
    raw: Mapping[str, Any],
    environ: Mapping[str, str],
    *,
    path: Path | None = None,
    broken: str | None = None,
    notices: tuple[Problem, ...] = (),
    foreign: bool = False,
) -> LoadedSettings:
    """The settings in effect from what the file holds (`raw`, as parsed) and the
    environment's overrides. An invalid value falls back to its default and is reported,
    except an invalid server address, which is kept (and blocks every request)."""
    known = {key: value for key, value in raw.items() if key in STORED}
    # A key typed into the file by hand is never carried along: it belongs in the keyring.
    extra = {
        key: value for key, value in raw.items() if key not in STORED and key not in SECRET_KEYS
    }
    # Without a choice in the file, speak the desktop's language.
    defaults = Settings(language=desktop_language(environ))
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
        notices=notices,
        foreign=foreign,
    )


def _keep_invalid(
    settings: Settings, values: Mapping[str, Any], errors: list[SettingError]
) -> Settings:
    """`settings` holding, for each key of KEPT_WHEN_INVALID that failed, the text as given."""
    # Any: mypy checks **kwargs against every field of Settings, not only the (text) fields
    # KEPT_WHEN_INVALID names.
    kept: dict[str, Any] = {
        key: str(values[key]).strip()
        for key in KEPT_WHEN_INVALID
        if key in values and _failed(errors, key)
    }
    return replace(settings, **kept) if kept else settings


def _failed(errors: list[SettingError], key: str) -> bool:
    return any(error.key == key for error in errors)
