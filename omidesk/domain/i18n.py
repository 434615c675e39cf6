"""The two languages of OmiDesk's Qt-free texts and how one is picked."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "vi")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Text:
    """One user-facing sentence in English and Vietnamese, with `{name}` placeholders."""

    en: str
    vi: str

    def __call__(self, lang: str, /, **params: Any) -> str:
        template = self.vi if lang == "vi" else self.en
        if not params:
            return template
        return template.format_map(_Lenient(params))


class _Lenient(dict[str, Any]):
    """Leaves an unknown placeholder visible instead of raising: a missing detail must
    never turn an error message into a crash."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def language(value: str | None) -> str:
    """A supported language code from a setting or a locale name ("vi_VN" → "vi")."""
    if value:
        code = value.strip().lower().replace("-", "_").split("_", 1)[0]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def peek_language(settings_file: Path, environ: Mapping[str, str] | None = None) -> str:
    """The `language` of a settings file, or the desktop's; cheap enough for before the
    window's first paint. Any problem with the file is left for the full load to report."""
    import tomllib  # noqa: PLC0415

    try:
        with settings_file.open("rb") as handle:
            value = tomllib.load(handle).get("language")
    except (OSError, ValueError):
        value = None
    if isinstance(value, str) and value.strip().lower() in LANGUAGES:
        return value.strip().lower()
    environ = os.environ if environ is None else environ
    return language(environ.get("LC_ALL") or environ.get("LC_MESSAGES") or environ.get("LANG"))
