"""tel: (RFC 3966) and callto: links, taken apart into a number for numbers.normalise."""

import re
from dataclasses import dataclass
from urllib.parse import unquote

import phonenumbers

__all__ = ["LinkRejection", "PhoneLink", "is_phone_link", "parse_phone_link"]

NOT_PHONE = "link_not_phone"
EMPTY = "link_empty"
MALFORMED = "link_malformed"
LOCAL_CONTEXT = "link_local_context"


@dataclass(frozen=True, slots=True)
class PhoneLink:
    """A tel:/callto: link taken apart.

    number is what to hand to numbers.normalise: a global number keeps its "+" and its
    visual separators; a local number with a global phone-context is made global as
    "+" + context digits + local digits (RFC 3966 §5.1.5 prefixes the context). So
    "tel:863-1234;phone-context=+1-914-555" gives "+19145558631234". When the context is
    a bare country code, the country's national prefix is dropped from the local number
    first: "tel:0901234567;phone-context=+84" gives "+84901234567".
    """

    scheme: str
    number: str
    extension: str | None
    phone_context: str | None
    uri: str


@dataclass(frozen=True, slots=True)
class LinkRejection:
    """Why a text is not a usable phone link; reason is one of the link_* codes."""

    reason: str
    uri: str


_SCHEME_RE = re.compile(r"(tel|callto):", re.IGNORECASE)
_BAD_ESCAPE_RE = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Digits (any script: numbers.normalise decodes them), "*" and "#" of local numbers,
# RFC 3966 visual separators, and the spaces callto: links often carry.
_NUMBER_RE = re.compile(r"\+?[\d*#\-.() \t\u00a0]*")
_HAS_DIGIT_RE = re.compile(r"\d")
_NON_DIGIT_RE = re.compile(r"\D")
_SEPARATORS_RE = re.compile(r"[\-.() \t\u00a0]")
_PARAM_NAME_RE = re.compile(r"[A-Za-z0-9\-]+")
# RFC 3966 paramchar, with its pct-encoded escapes.
_PARAM_VALUE_RE = re.compile(r"(?:[A-Za-z0-9\-_.!~*'()\[\]/:&+$]|%[0-9A-Fa-f]{2})*")
_GLOBAL_CONTEXT_RE = re.compile(r"\+[0-9\-.()]*[0-9][0-9\-.()]*")
_DOMAIN_RE = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)*[A-Za-z](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.?"
)
_MAX_COUNTRY_CODE_DIGITS = 3
# Real links are short; the cap keeps the regexes linear-time on pasted junk.
_MAX_URI_LENGTH = 2048


class _MalformedError(ValueError):
    """A part of the link breaks the grammar; caught inside parse_phone_link."""


def is_phone_link(text: str) -> bool:
    """Whether text, stripped, starts with tel: or callto: in any letter case."""
    return _SCHEME_RE.match(text.strip()) is not None


def _decode(part: str) -> str:
    if _BAD_ESCAPE_RE.search(part):
        raise _MalformedError(part)
    try:
        return unquote(part, errors="strict")
    except UnicodeDecodeError as error:
        raise _MalformedError(part) from error


def _parameters(raw_parameters: list[str]) -> dict[str, str]:
    parameters: dict[str, str] = {}
    for raw in raw_parameters:
        name, _, value = raw.partition("=")
        if not _PARAM_NAME_RE.fullmatch(name) or not _PARAM_VALUE_RE.fullmatch(value):
            raise _MalformedError(raw)
        # RFC 3966 forbids repeated parameters; the first one wins rather than failing.
        parameters.setdefault(name.lower(), _decode(value))
    return parameters


def _extension(parameters: dict[str, str]) -> str | None:
    if "ext" not in parameters:
        return None
    extension = _SEPARATORS_RE.sub("", parameters["ext"])
    if not extension.isascii() or not extension.isdigit():
        raise _MalformedError(parameters["ext"])
    return extension


def _strip_national_prefix(country_digits: str, local_digits: str) -> str:
    """Drop the national prefix ("0" in Vietnam) of a local number in a bare-country context."""
    if len(country_digits) > _MAX_COUNTRY_CODE_DIGITS:
        return local_digits
    region = phonenumbers.region_code_for_country_code(int(country_digits))
    prefix = phonenumbers.ndd_prefix_for_region(region, True)
    if prefix and local_digits.startswith(prefix):
        return local_digits[len(prefix) :]
    return local_digits


def _globalise(local: str, context: str) -> str:
    context_digits = _NON_DIGIT_RE.sub("", context)
    local_digits = _NON_DIGIT_RE.sub("", local)
    return "+" + context_digits + _strip_national_prefix(context_digits, local_digits)


def _strip_authority(rest: str, scheme: str) -> str:
    # "tel://0901234567" and "callto://+84.../" are common outside the RFC.
    rest = rest.removeprefix("//")
    if scheme == "callto":
        rest = rest.partition("?")[0].rstrip("/")
    return rest


def _parse(uri: str) -> PhoneLink | LinkRejection:
    text = uri.strip()
    match = _SCHEME_RE.match(text)
    if match is None:
        return LinkRejection(NOT_PHONE, uri)
    if len(text) > _MAX_URI_LENGTH:
        return LinkRejection(MALFORMED, uri)
    scheme = match[1].lower()
    rest = _strip_authority(text[match.end() :], scheme)
    raw_number, *raw_parameters = rest.split(";")
    number = _decode(raw_number).strip()
    if not _NUMBER_RE.fullmatch(number):
        return LinkRejection(MALFORMED, uri)
    parameters = _parameters(raw_parameters)
    extension = _extension(parameters)
    if not _HAS_DIGIT_RE.search(number):
        empty = not _SEPARATORS_RE.sub("", number).strip("+")
        return LinkRejection(EMPTY if empty else MALFORMED, uri)
    context = parameters.get("phone-context")
    if context is not None and not number.startswith("+"):
        if _GLOBAL_CONTEXT_RE.fullmatch(context):
            number = _globalise(number, context)
        elif _DOMAIN_RE.fullmatch(context):
            # A domain says nothing about the country, so the number cannot be dialled.
            return LinkRejection(LOCAL_CONTEXT, uri)
        else:
            return LinkRejection(MALFORMED, uri)
    return PhoneLink(scheme, number, extension, context, uri)


def parse_phone_link(uri: str) -> PhoneLink | LinkRejection:
    """Take a tel:/callto: link apart; never raises."""
    try:
        return _parse(uri)
    except _MalformedError:
        return LinkRejection(MALFORMED, uri)
