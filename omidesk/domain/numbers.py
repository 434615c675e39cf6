"""Phone numbers for OMICall: decode, find, renumber, validate and format what agents type."""

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from urllib.parse import unquote

import phonenumbers
from phonenumbers import (
    NumberParseException,
    PhoneNumberFormat,
    PhoneNumberType,
    ValidationResult,
)

from omidesk.domain.dialformat import DialFormat

__all__ = [
    "DialFormat",
    "PhoneNumber",
    "RejectReason",
    "Rejection",
    "TypingFormatter",
    "dial_and_e164",
    "find_numbers",
    "format_partial",
    "normalise",
    "search_digits",
    "vietnamese_national",
    "vietnamese_national_test",
]


class RejectReason(StrEnum):
    """Why a text is not one dialable number; the error catalogue words these."""

    EMPTY = "number_empty"
    NO_DIGITS = "number_no_digits"
    TOO_SHORT = "number_too_short"
    TOO_LONG = "number_too_long"
    INVALID = "number_invalid"
    SEVERAL = "number_several"


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """One valid number, ready to dial (dial) and to show (display)."""

    dial: str
    e164: str
    display: str
    region: str
    kind: str
    converted_from: str | None
    matched_text: str


@dataclass(frozen=True, slots=True)
class Rejection:
    """A text that does not hold exactly one valid number."""

    reason: RejectReason
    text: str
    details: Mapping[str, str]


# Only this much of a text is searched: selections and pasted cells are short, and the
# scan must stay fast on every keystroke and harmless on a pasted megabyte.
_FIND_LIMIT = 2000
# A digit run this long is rejected without asking phonenumbers at all.
_MAX_RUN_DIGITS = 30
# E.164 allows 15 digits; "00" and a "(0)" trunk prefix may come on top.
_MAX_SEGMENT_DIGITS = 18
# "+84 (0) 90 123 45 67" is six groups; more than this is a list, not one number.
_MAX_SEGMENT_GROUPS = 8
# No valid number anywhere has fewer digits, so shorter candidates skip phonenumbers.
_MIN_SEGMENT_DIGITS = 4
_DETAIL_DIGITS_LIMIT = 32
_PARTIAL_LIMIT = 64

_VN_REGION = "VN"
_VN_COUNTRY_CODE = "84"

# 2018–2019 renumbering of 11-digit mobiles: old prefix (without the 0) -> new prefix,
# the last seven digits unchanged.
_OLD_MOBILE_PREFIXES: Mapping[str, str] = MappingProxyType(
    {
        # Viettel
        "162": "32",
        "163": "33",
        "164": "34",
        "165": "35",
        "166": "36",
        "167": "37",
        "168": "38",
        "169": "39",
        # MobiFone
        "120": "70",
        "121": "79",
        "122": "77",
        "126": "76",
        "128": "78",
        # VinaPhone
        "123": "83",
        "124": "84",
        "125": "85",
        "127": "81",
        "129": "82",
        # Vietnamobile
        "186": "56",
        "188": "58",
        # Gmobile
        "199": "59",
    }
)

_KIND_BY_TYPE: Mapping[int, str] = MappingProxyType(
    {
        PhoneNumberType.MOBILE: "mobile",
        PhoneNumberType.FIXED_LINE: "fixed_line",
        PhoneNumberType.TOLL_FREE: "toll_free",
        PhoneNumberType.PREMIUM_RATE: "premium_rate",
    }
)

_REASON_BY_POSSIBILITY: Mapping[int, RejectReason] = MappingProxyType(
    {
        ValidationResult.IS_POSSIBLE: RejectReason.INVALID,
        ValidationResult.IS_POSSIBLE_LOCAL_ONLY: RejectReason.TOO_SHORT,
        ValidationResult.INVALID_COUNTRY_CODE: RejectReason.INVALID,
        ValidationResult.TOO_SHORT: RejectReason.TOO_SHORT,
        ValidationResult.INVALID_LENGTH: RejectReason.INVALID,
        ValidationResult.TOO_LONG: RejectReason.TOO_LONG,
    }
)

_REASON_BY_PARSE_ERROR: Mapping[int, RejectReason] = MappingProxyType(
    {
        NumberParseException.INVALID_COUNTRY_CODE: RejectReason.INVALID,
        NumberParseException.NOT_A_NUMBER: RejectReason.TOO_SHORT,
        NumberParseException.TOO_SHORT_AFTER_IDD: RejectReason.TOO_SHORT,
        NumberParseException.TOO_SHORT_NSN: RejectReason.TOO_SHORT,
        NumberParseException.TOO_LONG: RejectReason.TOO_LONG,
    }
)

# A "+" may be followed by a space or an opening parenthesis: "+ 84", "+(84)".
_GROUP_RE = re.compile(r"(\+[ (]{0,2})?([0-9]+)")
# What may stand between the digit groups of one written number.
_GAP_RE = re.compile(r"[\s.\-/()\u2010-\u2015\u2212]{1,4}")
_NON_ASCII_DIGIT_RE = re.compile(r"(?![0-9])\d")
_NON_DIGIT_RE = re.compile(r"[^0-9]")
# Amounts such as "19.000.000" or "1.800.000.000" are valid 1900/1800 numbers once the
# dots are gone, so thousands grouping marks a price, not a phone number.
_THOUSANDS_RE = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3}){2,}")
_CURRENCY_AFTER_RE = re.compile(r"\s{0,2}(?:đồng|vnđ|vnd|usd|đ|₫|\$)(?![^\W\d_])", re.IGNORECASE)
_PARTIAL_INPUT_RE = re.compile(r"[0-9+*#\s.\-()]*")
_PARTIAL_DROP_RE = re.compile(r"[^0-9+*#]")
# Input that is already a bare number ("0901234567", "+84901234567"): nothing to find in it.
_PLAIN_RE = re.compile(r"\+?[0-9]{4,18}")


@dataclass(frozen=True, slots=True)
class _Group:
    start: int
    end: int
    digits: str
    plus: bool
    joined: bool
    glued: bool


@dataclass(frozen=True, slots=True)
class _Valid:
    dial: str
    e164: str
    display: str
    region: str
    kind: str
    converted_from: str | None


# Characters that show as nothing, which a copy from a web page, a chat or a right-to-left
# document leaves inside a number: zero-width space, non-joiner and joiner, word joiner,
# byte-order mark, soft hyphen, and the bidi marks, embeddings and isolates. Deleted
# before anything reads the text, they count as nothing at all, not even as a gap:
# "0901<ZWSP>234567" is one number, not "0901" and "234567" (which read as too short).
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"),
    None,
) | dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], None)


def _ascii_digit(match: re.Match[str]) -> str:
    return str(unicodedata.decimal(match[0], 0))


def _decode_unicode(text: str) -> str:
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    if text.isascii():
        return text
    return _NON_ASCII_DIGIT_RE.sub(_ascii_digit, text)


def _decode(text: str) -> str:
    if "%" in text:
        # Invisible characters go first too, or one inside "%20" would keep it from
        # reading as a space.
        if not text.isascii():
            text = text.translate(_INVISIBLE)
        text = unquote(text, errors="replace")
    return _decode_unicode(text)


def _decode_for_finding(text: str) -> str:
    return _decode(text[:_FIND_LIMIT])[:_FIND_LIMIT]


def _groups(text: str) -> list[_Group]:
    groups: list[_Group] = []
    previous_end = -1
    for match in _GROUP_RE.finditer(text):
        start = match.start()
        plus = match[1] is not None
        # A "+" always opens a new number, so it never continues the previous group.
        joined = (
            not plus
            and previous_end >= 0
            and _GAP_RE.fullmatch(text, previous_end, start) is not None
        )
        glued = start > 0 and text[start - 1].isalpha()
        groups.append(_Group(start, match.end(), match[2], plus, joined, glued))
        previous_end = match.end()
    return groups


def _candidate(groups: list[_Group], first: int, stop: int) -> str:
    digits = "".join(group.digits for group in groups[first:stop])
    return "+" + digits if groups[first].plus else digits


def _looks_like_money(text: str, groups: list[_Group], first: int, stop: int) -> bool:
    written = text[groups[first].start : groups[stop - 1].end]
    if _THOUSANDS_RE.fullmatch(written):
        return True
    return _CURRENCY_AFTER_RE.match(text, groups[stop - 1].end) is not None


def _segment_stops(groups: list[_Group], first: int) -> list[int]:
    """Group indexes where a number starting at `first` could end, shortest first."""
    stops: list[int] = []
    count = 0
    stop = first
    while stop < len(groups) and stop - first < _MAX_SEGMENT_GROUPS:
        if stop > first and not groups[stop].joined:
            break
        count += len(groups[stop].digits)
        if count > _MAX_SEGMENT_DIGITS:
            break
        stop += 1
        if count >= _MIN_SEGMENT_DIGITS:
            stops.append(stop)
    return stops


def _longest_valid_at(
    text: str, groups: list[_Group], first: int, region: str, dial_format: DialFormat
) -> tuple[_Valid, int] | None:
    # A number glued to a word ("KH0901234567", "MST0312345678") is a code, not a number.
    if groups[first].glued:
        return None
    for stop in reversed(_segment_stops(groups, first)):
        valid = _evaluate(_candidate(groups, first, stop), region, dial_format)
        if valid is not None and not _looks_like_money(text, groups, first, stop):
            return valid, stop
    return None


def _matched_text(text: str, first: _Group, last: _Group) -> str:
    start = first.start
    # Keep the "(" of "(090) 123-4567" when its ")" is part of the match.
    if not first.plus and start > 0 and text[start - 1] == "(" and ")" in text[start : last.end]:
        start -= 1
    return text[start : last.end]


def _scan(
    text: str, groups: list[_Group], region: str, dial_format: DialFormat
) -> list[tuple[_Valid, str]]:
    found: list[tuple[_Valid, str]] = []
    seen: set[str] = set()
    first = 0
    while first < len(groups):
        hit = _longest_valid_at(text, groups, first, region, dial_format)
        if hit is None:
            first += 1
            continue
        valid, stop = hit
        if valid.e164 not in seen:
            seen.add(valid.e164)
            found.append((valid, _matched_text(text, groups[first], groups[stop - 1])))
        first = stop
    return found


def _international(candidate: str) -> str:
    # OMICall dials from Vietnam, where "00" is the international prefix, whatever
    # region is used to read numbers written without a country code.
    if candidate.startswith("00"):
        return "+" + candidate[2:]
    return candidate


def _old_mobile_nsn(candidate: str, region: str) -> str | None:
    """The ten-digit significant part of a pre-2018 Vietnamese mobile, if candidate is one."""
    if candidate.startswith("+" + _VN_COUNTRY_CODE):
        # "+84 (0) 165 ..." carries the national prefix as well.
        rest = candidate[3:].removeprefix("0")
    elif region != _VN_REGION:
        return None
    elif candidate.startswith("0"):
        rest = candidate[1:]
    elif candidate.startswith(_VN_COUNTRY_CODE) and len(candidate) == 12:
        rest = candidate[2:]
    else:
        return None
    if len(rest) == 10 and rest[:3] in _OLD_MOBILE_PREFIXES:
        return rest
    return None


def _parse_valid(candidate: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(candidate, region)
    except NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _parses_back(dial: str, e164: str, region: str, fallback: str) -> str:
    """dial if it reads back as the same number, else fallback.

    A few short numbers are ambiguous without "+": "846900000" is the mobile 0846 900 000,
    not +84 6900000, so their country-code form must keep the "00".
    """
    try:
        number = phonenumbers.parse(dial, region)
    except NumberParseException:
        return fallback
    # The same number is valid again, so comparing suffices.
    if phonenumbers.format_number(number, PhoneNumberFormat.E164) != e164:
        return fallback
    return dial


def _dial(
    number: phonenumbers.PhoneNumber, e164: str, display: str, region: str, dial_format: DialFormat
) -> str:
    if dial_format is DialFormat.E164:
        return e164
    country_code = number.country_code
    # Abroad is always dialled "00" + country code, which also parses back.
    abroad = f"00{country_code}{phonenumbers.national_significant_number(number)}"
    if country_code != phonenumbers.country_code_for_region(region):
        return abroad
    if dial_format is DialFormat.NATIONAL:
        digits = _NON_DIGIT_RE.sub("", display)
        nsn = phonenumbers.national_significant_number(number)
        prefix = phonenumbers.ndd_prefix_for_region(region, True) or ""
        if prefix and digits == prefix + nsn and not nsn.startswith(prefix):
            # Trunk prefix + significant number reads back as itself: no ambiguity to
            # check (this is the common case, and it is on the dialling path).
            return digits
        return _parses_back(digits, e164, region, abroad)
    return _parses_back(abroad[2:], e164, region, abroad)


def _describe(
    number: phonenumbers.PhoneNumber,
    region: str,
    dial_format: DialFormat,
    converted_from: str | None,
) -> _Valid:
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    domestic = number.country_code == phonenumbers.country_code_for_region(region)
    display_format = PhoneNumberFormat.NATIONAL if domestic else PhoneNumberFormat.INTERNATIONAL
    display = phonenumbers.format_number(number, display_format)
    return _Valid(
        dial=_dial(number, e164, display, region, dial_format),
        e164=e164,
        display=display,
        region=phonenumbers.region_code_for_number(number) or "ZZ",
        kind=_KIND_BY_TYPE.get(phonenumbers.number_type(number), "other"),
        converted_from=converted_from,
    )


@lru_cache(maxsize=8192)
def _evaluate(candidate: str, region: str, dial_format: DialFormat) -> _Valid | None:
    """The valid number a '+'/digit string stands for, renumbering old mobiles."""
    candidate = _international(candidate)
    number = _parse_valid(candidate, region)
    if number is not None:
        return _describe(number, region, dial_format, None)
    old = _old_mobile_nsn(candidate, region)
    if old is None:
        return None
    renumbered = "+" + _VN_COUNTRY_CODE + _OLD_MOBILE_PREFIXES[old[:3]] + old[3:]
    number = _parse_valid(renumbered, region)
    if number is None:
        return None
    return _describe(number, region, dial_format, "0" + old)


def _shorten(digits: str) -> str:
    if len(digits) <= _DETAIL_DIGITS_LIMIT:
        return digits
    return digits[:_DETAIL_DIGITS_LIMIT] + "…"


@lru_cache(maxsize=1024)
def _reason(candidate: str, region: str) -> RejectReason:
    """Why a candidate that is not a valid number fails."""
    if len(candidate.removeprefix("+")) > _MAX_RUN_DIGITS:
        return RejectReason.TOO_LONG
    if _old_mobile_nsn(_international(candidate), region) is not None:
        # An old mobile whose renumbered form is not valid either.
        return RejectReason.INVALID
    try:
        number = phonenumbers.parse(_international(candidate), region)
    except NumberParseException as error:
        return _REASON_BY_PARSE_ERROR.get(error.error_type, RejectReason.INVALID)
    possibility = phonenumbers.is_possible_number_with_reason(number)
    return _REASON_BY_POSSIBILITY.get(possibility, RejectReason.INVALID)


def _best_run(groups: list[_Group]) -> str:
    """The digits (with "+") of the longest chain of joined groups: the likeliest number."""
    best = ""
    best_count = -1
    run: list[_Group] = []
    for group in [*groups, None]:
        if group is not None and group.joined:
            run.append(group)
            continue
        if run:
            count = sum(len(member.digits) for member in run)
            if count > best_count:
                best, best_count = _candidate(run, 0, len(run)), count
        run = [group] if group is not None else []
    return best


def _rejection(reason: RejectReason, text: str, **details: str) -> Rejection:
    return Rejection(reason=reason, text=text, details=MappingProxyType(details))


def _phone(valid: _Valid, matched_text: str) -> PhoneNumber:
    return PhoneNumber(
        dial=valid.dial,
        e164=valid.e164,
        display=valid.display,
        region=valid.region,
        kind=valid.kind,
        converted_from=valid.converted_from,
        matched_text=matched_text,
    )


def normalise(
    text: str, dial_format: DialFormat | str = DialFormat.NATIONAL, region: str = "VN"
) -> PhoneNumber | Rejection:
    """The one number in text, or why there is not exactly one.

    region is the caller's country (VN for OMICall): it reads numbers written without a
    country code, and numbers of that country dial in its national form.
    """
    if not isinstance(dial_format, DialFormat):  # a setting's plain string
        dial_format = DialFormat(dial_format)
    return _normalise(text, dial_format, region.upper())


# The window checks the number on every keystroke and the dialer checks it again on Enter;
# results are immutable, so the same text is worked out once.
@lru_cache(maxsize=4096)
def _normalise(text: str, dial_format: DialFormat, region: str) -> PhoneNumber | Rejection:
    plain = text.strip()
    if _PLAIN_RE.fullmatch(plain):
        # One group, no separators: exactly what the scan below would try first.
        valid = _evaluate(plain, region, dial_format)
        if valid is not None:
            return _phone(valid, plain)
    decoded = _decode_for_finding(text)
    if not decoded.strip():
        return _rejection(RejectReason.EMPTY, text)
    groups = _groups(decoded)
    if not groups:
        return _rejection(RejectReason.NO_DIGITS, text)
    found = _scan(decoded, groups, region, dial_format)
    if len(found) > 1:
        numbers = ", ".join(valid.display for valid, _ in found)
        return _rejection(RejectReason.SEVERAL, text, numbers=numbers)
    if found:
        valid, matched = found[0]
        return _phone(valid, matched)
    candidate = _best_run(groups)
    return _rejection(_reason(candidate, region), text, digits=_shorten(candidate))


# A Vietnamese mobile as OMICall's call history writes it: 0 and 9 digits.
_VN_MOBILE_WRITTEN = re.compile(r"0([35789][0-9]{8})")


@lru_cache(maxsize=1)
def _vn_mobile() -> re.Pattern[str]:
    """phonenumbers' own pattern of a Vietnamese mobile's significant number."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(_VN_REGION)
    mobile = metadata.mobile if metadata is not None else None
    assert mobile is not None and mobile.national_number_pattern is not None
    return re.compile(mobile.national_number_pattern)


def valid_vn_significant(nsn: str) -> bool:
    """Whether +84 `nsn` (digits) is a valid number by phonenumbers' metadata for Vietnam,
    without parsing any text: what normalise() decides of `nsn` written 0, 84, +84 or
    0084 + nsn (a mobile's 9 digits or a landline's 10). Fixed lines and mobiles are
    matched against the metadata's own patterns (vietnamese_national's test, a quarter of
    is_valid_number's time: the routing service asks this of every number nobody owns);
    anything else goes to is_valid_number."""
    if _vn_national_re().match("0" + nsn):
        return True
    number = phonenumbers.PhoneNumber(country_code=int(_VN_COUNTRY_CODE), national_number=int(nsn))
    return bool(phonenumbers.is_valid_number(number))


def dial_and_e164(
    text: str, dial_format: DialFormat = DialFormat.NATIONAL
) -> tuple[str, str] | None:
    """What normalise() says of `text` (region VN) as its dial form and E.164 identity;
    None for no valid number. A history sync reads thousands of numbers, nearly all
    mobiles written 0 + 9 digits: those are checked against phonenumbers' own mobile
    pattern for Vietnam directly (a twentieth of the time), the rest are normalised."""
    dial_format = DialFormat(dial_format)
    written = _VN_MOBILE_WRITTEN.fullmatch(text)
    if written is not None and dial_format is not DialFormat.INTERNATIONAL_DIGITS:
        nsn = written.group(1)
        if _vn_mobile().fullmatch(nsn):
            e164 = "+" + _VN_COUNTRY_CODE + nsn
            return (text if dial_format is DialFormat.NATIONAL else e164), e164
    number = normalise(text, dial_format)
    return (number.dial, number.e164) if isinstance(number, PhoneNumber) else None


def find_numbers(
    text: str, dial_format: DialFormat | str = DialFormat.NATIONAL, region: str = "VN"
) -> list[PhoneNumber]:
    """Every distinct valid number in free text, in order of first appearance."""
    dial_format = DialFormat(dial_format)  # a setting's plain string too
    region = region.upper()
    decoded = _decode_for_finding(text)
    found = _scan(decoded, _groups(decoded), region, dial_format)
    return [_phone(valid, matched) for valid, matched in found]


def format_partial(text: str, region: str = "VN") -> str:
    """Group a number as it is typed: "090123" -> "0901 23"; anything else is returned as is."""
    return TypingFormatter(region).format(text)


class TypingFormatter:
    """format_partial for one field being typed in: when the new text only adds keys to the
    previous one (as typing does), the formatter carries on from where it was, one key fed
    instead of all of them again (libphonenumber's formatter is incremental)."""

    def __init__(self, region: str = "VN") -> None:
        self.region = region.upper()
        self._keys = ""
        self._formatted = ""
        self._formatter: phonenumbers.AsYouTypeFormatter | None = None

    def format(self, text: str) -> str:
        decoded = _decode_unicode(text)
        if len(decoded) > _PARTIAL_LIMIT or not _PARTIAL_INPUT_RE.fullmatch(decoded):
            return text
        keys = _PARTIAL_DROP_RE.sub("", decoded)
        if not keys:
            return text
        if self._formatter is None or not keys.startswith(self._keys):
            self._formatter = phonenumbers.AsYouTypeFormatter(self.region)
            self._keys = self._formatted = ""
        formatted = self._formatted
        for key in keys[len(self._keys) :]:
            formatted = self._formatter.input_digit(key)
        self._keys, self._formatted = keys, formatted
        return formatted


def search_digits(text: str) -> str:
    """The digits of text after the same decoding as normalise, for digit-substring search."""
    return _NON_DIGIT_RE.sub("", _decode(text))


# --- bulk checks (an AutoCall push of 10,000 numbers) ------------------------------------------

# The national form as a spreadsheet column holds it: the trunk prefix 0, then digits.
_NATIONAL_FORM_RE = re.compile(r"0[1-9][0-9]{5,10}")


_Rule = tuple[re.Pattern[str], frozenset[int]]  # a pattern, and the lengths it is tried at


@lru_cache(maxsize=1)
def _vn_patterns() -> tuple[re.Pattern[str], frozenset[int], tuple[_Rule, ...]]:
    """libphonenumber's own rules for Vietnam (its metadata, so a library update carries
    over): the general pattern and lengths, then those of fixed lines and mobiles, the
    numbers dialled with the trunk prefix 0 (toll-free 1800 and premium 1900 numbers are
    dialled without it: normalise() turns "018001234" into "18001234")."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(_VN_REGION)
    assert metadata is not None and metadata.general_desc is not None
    general = metadata.general_desc
    rules = []
    # Mobiles first: they are most of what a campaign calls (the answer is the same).
    for desc in (metadata.mobile, metadata.fixed_line):
        if desc is None or not desc.national_number_pattern:
            continue
        lengths = frozenset(desc.possible_length or general.possible_length or ())
        rules.append((re.compile(desc.national_number_pattern), lengths))
    return (
        re.compile(general.national_number_pattern or "$^"),
        frozenset(general.possible_length or ()),
        tuple(rules),
    )


@lru_cache(maxsize=1)
def _vn_national_re() -> re.Pattern[str]:
    """_NATIONAL_FORM_RE and _vn_patterns' tests as one pattern, each test a lookahead at
    the significant number (one match per number instead of three, and no Python loop)."""
    general, lengths, types = _vn_patterns()

    def sized(possible: frozenset[int]) -> str:
        # A run of lengths (7 to 10) as one range: one test of the digits, not four.
        runs: list[list[int]] = []
        for length in sorted(possible):
            if runs and runs[-1][1] == length - 1:
                runs[-1][1] = length
            else:
                runs.append([length, length])
        ranges = (f"{low}" if low == high else f"{low},{high}" for low, high in runs)
        return "|".join(f"[0-9]{{{span}}}\\Z" for span in ranges) or "(?!)"

    def fixed(pattern: re.Pattern[str], possible: frozenset[int]) -> bool:
        # A pattern that only matches one length, which both its kind and the country
        # allow, needs no test of the length: the lookahead would scan the digits once
        # more for nothing (half the time of a match). Asked of re's own parser (getwidth:
        # the shortest and longest match); should it ever fail, the lengths are tested.
        try:
            parsed = re._parser.parse(pattern.pattern)  # type: ignore[attr-defined]  # private: typeshed omits it
            low, high = parsed.getwidth()
        except Exception:
            return False
        return bool(low == high and low in possible and low in lengths)

    every_fixed = bool(types) and all(fixed(pattern, possible) for pattern, possible in types)
    kinds = "|".join(
        f"(?:{pattern.pattern})\\Z"
        if fixed(pattern, possible)
        else f"(?=(?:{sized(possible)}))(?:{pattern.pattern})\\Z"
        for pattern, possible in types
    )
    overall = "" if every_fixed else f"(?=(?:{sized(lengths)}))"
    # ASCII: \d is [0-9], as the first lookahead makes every character anyway (a digit of
    # another script never gets this far), and re's test of it is cheaper.
    return re.compile(
        f"0(?=[1-9][0-9]{{5,10}}\\Z){overall}(?=(?:{general.pattern})\\Z)(?:{kinds or '(?!)'})",
        re.ASCII,
    )


def vietnamese_national(text: str) -> str | None:
    """`text` itself when it is a valid Vietnamese fixed-line or mobile number already
    written in the national form (0 and the significant number, nothing else), else None:
    then normalise() says what it is. For such text the answer is normalise()'s (its dial
    in the national form is the text), reached without parsing: libphonenumber's validity
    test is a match of its Vietnamese patterns, and matching them directly costs a tenth
    of it. Bulk checks (a push of 10,000 customers) try this first."""
    return text if _vn_national_re().match(text) else None


def vietnamese_national_test() -> Callable[[str], object]:
    """vietnamese_national's test itself, for a loop over thousands of texts: true for
    the texts it gives back, without two calls more per text."""
    return _vn_national_re().match
