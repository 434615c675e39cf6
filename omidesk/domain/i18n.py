"""The two languages of OmiDesk's Qt-free texts and how one is picked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "vi")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Text:
    """One user-facing sentence in English and Vietnamese, with `{name}` placeholders.
    `one`, when given, is the English for a count of one (the placeholder `counted`
    names the count): "Exported 1 contact", not "1 contacts". Vietnamese has no plural."""

    en: str
    vi: str
    one: str | None = None
    counted: str = "count"

    def __call__(self, lang: str, /, **params: Any) -> str:
        if lang == "vi":
            template = self.vi
        elif self.one is not None and str(params.get(self.counted)) == "1":
            template = self.one
        else:
            template = self.en
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


def desktop_language(environ: Mapping[str, str]) -> str:
    """The language of the desktop's locale (LC_ALL, then LC_MESSAGES, then LANG)."""
    return language(environ.get("LC_ALL") or environ.get("LC_MESSAGES") or environ.get("LANG"))
