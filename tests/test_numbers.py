"""Tests for omidesk.domain.numbers: decoding, finding, renumbering, rejections and formats."""

import random
import re

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omidesk.domain.numbers import (
    DialFormat,
    PhoneNumber,
    Rejection,
    RejectReason,
    TypingFormatter,
    find_numbers,
    format_partial,
    normalise,
    search_digits,
    valid_vn_significant,
)


def phone(result: PhoneNumber | Rejection) -> PhoneNumber:
    assert isinstance(result, PhoneNumber), result
    return result


def rejection(result: PhoneNumber | Rejection) -> Rejection:
    assert isinstance(result, Rejection), result
    return result


SAME_MOBILE = [
    "0901234567",
    "090 123 4567",
    "090.123.4567",
    "(090) 123-4567",
    "+84 90 123 45 67",
    "84901234567",
    "0084901234567",
    "+84 (0) 90 123 4567",
    "090%20123%204567",
    "０９０１２３４５６７",
    "Tel: 0901 234 567.",
    "  0901-234-567  ",
    "0901\u00a0234\u00a0567",
    "0901\u202f234\u202f567",
    "+84-90-123-4567",
    "%2B84901234567",
    "Số ĐT: 0901.234.567 (anh Nam)",
    "0901234567 / 090 123 4567",
]


@pytest.mark.parametrize("text", SAME_MOBILE)
def test_written_forms_of_one_mobile(text: str) -> None:
    number = phone(normalise(text))
    assert number.dial == "0901234567"
    assert number.e164 == "+84901234567"
    assert number.display == "0901 234 567"
    assert number.region == "VN"
    assert number.kind == "mobile"
    assert number.converted_from is None


@pytest.mark.parametrize("text", SAME_MOBILE)
@pytest.mark.parametrize(
    ("dial_format", "dial"),
    [
        (DialFormat.NATIONAL, "0901234567"),
        (DialFormat.E164, "+84901234567"),
        (DialFormat.INTERNATIONAL_DIGITS, "84901234567"),
    ],
)
def test_written_forms_in_every_format(text: str, dial_format: DialFormat, dial: str) -> None:
    number = phone(normalise(text, dial_format))
    assert number.dial == dial
    assert number.e164 == "+84901234567"


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Tel: 0901 234 567.", "0901 234 567"),
        ("(090) 123-4567", "(090) 123-4567"),
        ("+84 (0) 90 123 4567", "+84 (0) 90 123 4567"),
        ("090%20123%204567", "090 123 4567"),
        ("０９０１２３４５６７", "0901234567"),
        ("  0901-234-567  ", "0901-234-567"),
        ("gọi 0165 123 4567 nhé", "0165 123 4567"),
    ],
)
def test_matched_text_is_the_decoded_substring(text: str, matched: str) -> None:
    assert phone(normalise(text)).matched_text == matched


OLD_PREFIXES = {
    # Viettel
    "0162": "032",
    "0163": "033",
    "0164": "034",
    "0165": "035",
    "0166": "036",
    "0167": "037",
    "0168": "038",
    "0169": "039",
    # MobiFone
    "0120": "070",
    "0121": "079",
    "0122": "077",
    "0126": "076",
    "0128": "078",
    # VinaPhone
    "0123": "083",
    "0124": "084",
    "0125": "085",
    "0127": "081",
    "0129": "082",
    # Vietnamobile
    "0186": "056",
    "0188": "058",
    # Gmobile
    "0199": "059",
}


@pytest.mark.parametrize(("old", "new"), sorted(OLD_PREFIXES.items()))
def test_old_mobile_prefixes_are_renumbered(old: str, new: str) -> None:
    number = phone(normalise(old + "1234567"))
    assert number.dial == new + "1234567"
    assert number.e164 == "+84" + new[1:] + "1234567"
    assert number.converted_from == old + "1234567"
    assert number.kind == "mobile"


@pytest.mark.parametrize(
    "text",
    [
        "01651234567",
        "0165 123 4567",
        "gọi 0165 123 4567 nhé",
        "+841651234567",
        "+84 165 123 4567",
        "841651234567",
        "00841651234567",
        "+84 (0) 165 123 4567",
    ],
)
def test_old_mobile_written_forms(text: str) -> None:
    number = phone(normalise(text))
    assert number.dial == "0351234567"
    assert number.converted_from == "01651234567"


def test_current_numbers_are_not_marked_converted() -> None:
    assert phone(normalise("0351234567")).converted_from is None


@pytest.mark.parametrize(
    ("text", "dial", "kind"),
    [
        ("1800 1234", "18001234", "toll_free"),
        ("18001234", "18001234", "toll_free"),
        ("1800 123 456", "1800123456", "toll_free"),
        ("1900 123 456", "1900123456", "premium_rate"),
        ("1900123456", "1900123456", "premium_rate"),
        ("19001234", "19001234", "premium_rate"),
        ("028 3822 1234", "02838221234", "fixed_line"),
        ("024 3825 1234", "02438251234", "fixed_line"),
        ("+84 28 3822 1234", "02838221234", "fixed_line"),
        ("842877788056", "02877788056", "fixed_line"),
    ],
)
def test_service_numbers_and_landlines(text: str, dial: str, kind: str) -> None:
    number = phone(normalise(text))
    assert number.dial == dial
    assert number.kind == kind


@pytest.mark.parametrize(
    ("text", "display"),
    [
        ("18001234", "1800 1234"),
        ("02838221234", "028 3822 1234"),
        ("+16502530000", "+1 650-253-0000"),
    ],
)
def test_display(text: str, display: str) -> None:
    assert phone(normalise(text)).display == display


@pytest.mark.parametrize("text", ["+1 650 253 0000", "0016502530000", "+1 (650) 253-0000"])
@pytest.mark.parametrize(
    ("dial_format", "dial"),
    [
        (DialFormat.NATIONAL, "0016502530000"),
        (DialFormat.E164, "+16502530000"),
        (DialFormat.INTERNATIONAL_DIGITS, "0016502530000"),
    ],
)
def test_foreign_numbers(text: str, dial_format: DialFormat, dial: str) -> None:
    number = phone(normalise(text, dial_format))
    assert number.dial == dial
    assert number.e164 == "+16502530000"
    assert number.region == "US"
    assert number.display == "+1 650-253-0000"


def test_ambiguous_country_code_form_keeps_the_00() -> None:
    # "846900000" reads as the mobile 0846 900 000, so +84 6900000 cannot drop the "00".
    short = phone(normalise("+84 6900000", DialFormat.INTERNATIONAL_DIGITS))
    assert short.dial == "00846900000"
    assert phone(normalise(short.dial, DialFormat.INTERNATIONAL_DIGITS)).e164 == "+846900000"
    assert phone(normalise("846900000")).e164 == "+84846900000"


def test_format_accepts_plain_strings() -> None:
    assert phone(normalise("0901234567", "e164")).dial == "+84901234567"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", RejectReason.EMPTY),
        ("   ", RejectReason.EMPTY),
        ("\u00a0\t\n", RejectReason.EMPTY),
        ("%20%20", RejectReason.EMPTY),
        ("abc", RejectReason.NO_DIGITS),
        ("call me", RejectReason.NO_DIGITS),
        ("+", RejectReason.NO_DIGITS),
        ("0901", RejectReason.TOO_SHORT),
        ("12", RejectReason.TOO_SHORT),
        ("1", RejectReason.TOO_SHORT),
        ("0901 23", RejectReason.TOO_SHORT),
        ("+84 90 123", RejectReason.TOO_SHORT),
        ("0901234567890123456", RejectReason.TOO_LONG),
        ("1" * 31, RejectReason.TOO_LONG),
        ("9" * 5000, RejectReason.TOO_LONG),
        ("0101234567", RejectReason.INVALID),
        ("+999 1234567", RejectReason.INVALID),
        ("01701234567", RejectReason.INVALID),
        ("23/11/2026", RejectReason.INVALID),
        ("0901234567 hoặc 0912345678", RejectReason.SEVERAL),
        ("0901234567 0912345678", RejectReason.SEVERAL),
        ("0901234567\n0912345678", RejectReason.SEVERAL),
        ("0901234567,0912345678", RejectReason.SEVERAL),
        ("+84901234567 +16502530000", RejectReason.SEVERAL),
    ],
)
def test_rejections(text: str, reason: RejectReason) -> None:
    result = rejection(normalise(text))
    assert result.reason == reason
    assert result.text == text


def test_rejection_details() -> None:
    assert dict(rejection(normalise("0901")).details) == {"digits": "0901"}
    assert rejection(normalise("+999 1234567")).details["digits"] == "+9991234567"
    several = rejection(normalise("0901234567 hoặc 0912345678"))
    assert several.details["numbers"] == "0901 234 567, 0912 345 678"
    assert dict(rejection(normalise("")).details) == {}
    assert dict(rejection(normalise("abc")).details) == {}


def test_long_digits_are_shortened_in_details() -> None:
    details = rejection(normalise("7" * 500)).details
    assert len(details["digits"]) < 40


def test_details_are_read_only() -> None:
    details = rejection(normalise("0901")).details
    with pytest.raises(TypeError):
        details["digits"] = "x"  # type: ignore[index]


def test_reason_values_are_the_catalogue_codes() -> None:
    assert {reason.value for reason in RejectReason} == {
        "number_empty",
        "number_no_digits",
        "number_too_short",
        "number_too_long",
        "number_invalid",
        "number_several",
    }
    assert {dial_format.value for dial_format in DialFormat} == {
        "national",
        "e164",
        "international_digits",
    }


def test_find_numbers_in_free_text() -> None:
    found = find_numbers("Anh Nam 0901 234 567, chị Hoa +84 912 345 678; cty 028 3822 1234")
    assert [number.dial for number in found] == ["0901234567", "0912345678", "02838221234"]
    assert [number.matched_text for number in found] == [
        "0901 234 567",
        "+84 912 345 678",
        "028 3822 1234",
    ]


@pytest.mark.parametrize(
    ("text", "dials"),
    [
        ("0901234567 0912345678", ["0901234567", "0912345678"]),
        ("090 123 4567 0912 345 678", ["0901234567", "0912345678"]),
        ("0901234567 - 0912345678", ["0901234567", "0912345678"]),
        ("0901234567/0912345678", ["0901234567", "0912345678"]),
        ("1800 1234 0901234567", ["18001234", "0901234567"]),
        ("Hẹn 23/11/2026 gọi 0901234567", ["0901234567"]),
        ("Hẹn 23/11/2026 0901234567", ["0901234567"]),
        ("0901234567 / 090 123 4567", ["0901234567"]),
        ("0901234567, 0912345678, 0901234567", ["0901234567", "0912345678"]),
        ("0912345678 rồi 84901234567 rồi 0901234567", ["0912345678", "0901234567"]),
        ("cũ 01651234567, mới 0351234567", ["0351234567"]),
        ("+1 650 253 0000 hoặc 0901234567", ["0016502530000", "0901234567"]),
    ],
)
def test_find_numbers_splits_and_dedups(text: str, dials: list[str]) -> None:
    assert [number.dial for number in find_numbers(text)] == dials


@pytest.mark.parametrize(
    "text",
    [
        "23/11/2026",
        "ngày 23.11.2026",
        "2026-11-23",
        "1.500.000 đ",
        "Giá 19.000.000",
        "19.000.000đ",
        "19000000 đ",
        "giá 1.800.000.000 VND",
        "lúc 10:30",
        "mã KH0901234567",
        "",
        "không có số",
    ],
)
def test_dates_prices_and_codes_are_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def test_find_numbers_formats() -> None:
    text = "0901234567 và +16502530000"
    assert [n.dial for n in find_numbers(text, DialFormat.E164)] == [
        "+84901234567",
        "+16502530000",
    ]
    assert [n.dial for n in find_numbers(text, DialFormat.INTERNATIONAL_DIGITS)] == [
        "84901234567",
        "0016502530000",
    ]


def test_find_ignores_text_beyond_the_limit() -> None:
    assert find_numbers("x" * 2500 + " 0901234567") == []
    assert [n.dial for n in find_numbers("x" * 1000 + " 0901234567")] == ["0901234567"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("090123", "0901 23"),
        ("0901234567", "0901 234 567"),
        ("0901 23", "0901 23"),
        ("0901-234-567", "0901 234 567"),
        ("０９０１２３", "0901 23"),
        ("+84901234567", "+84 901 234 567"),
        ("02838221234", "028 3822 1234"),
        ("18001234", "1800 1234"),
        ("+", "+"),
        ("*123#", "*123#"),
        ("", ""),
        ("abc", "abc"),
        ("0901abc", "0901abc"),
        ("tel:0901234567", "tel:0901234567"),
    ],
)
def test_format_partial(text: str, expected: str) -> None:
    assert format_partial(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"0123456789+*# ", "BACK", "CLEAR"]), max_size=30))
def test_a_field_typed_key_by_key_groups_as_the_whole_text_does(keys: list[str]) -> None:
    """The dial field's formatter carries on from the previous text: typing, backspacing,
    clearing and spaces leave it grouping exactly as format_partial of the whole text."""
    typing = TypingFormatter()
    text = ""
    for key in keys:
        text = text[:-1] if key == "BACK" else "" if key == "CLEAR" else text + key
        assert typing.format(text) == format_partial(text), text
        text = typing.format(text)  # the field shows the grouped text, and goes on from it


def test_format_partial_of_a_whole_number_is_its_display() -> None:
    display = phone(normalise("0901234567")).display
    assert format_partial("0901234567") == display


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("0901 234 567", "0901234567"),
        ("０９０１", "0901"),
        ("090%20123", "090123"),
        ("+84 (90)", "8490"),
        ("abc", ""),
        ("٠٩٠١", "0901"),
    ],
)
def test_search_digits(text: str, digits: str) -> None:
    assert search_digits(text) == digits


@pytest.mark.parametrize(
    "text",
    [
        "\ud800",
        "0901\ud800234567",
        "\x00\x01\x02",
        "%",
        "%FF%FE",
        "%ZZ0901234567",
        "+" * 3000,
        "0 " * 3000,
        "1-" * 3000,
        "(" * 100 + "0901234567" + ")" * 100,
        "9" * 100_000,
        "\u2212\u2010" * 1000,
    ],
)
def test_hostile_inputs_never_raise(text: str) -> None:
    assert isinstance(normalise(text), PhoneNumber | Rejection)
    assert isinstance(find_numbers(text), list)
    assert isinstance(search_digits(text), str)
    assert isinstance(format_partial(text), str)


def test_unknown_region_does_not_raise() -> None:
    assert rejection(normalise("0901234567", region="ZZ")).reason == RejectReason.INVALID
    assert phone(normalise("+84901234567", region="ZZ")).e164 == "+84901234567"


def test_other_default_region() -> None:
    us = phone(normalise("(650) 253-0000", region="US"))
    assert us.e164 == "+16502530000"
    assert us.dial == "6502530000"
    vn = phone(normalise("+84 90 123 4567", region="us"))
    assert vn.dial == "0084901234567"
    assert vn.display == "+84 901 234 567"


# --- properties ------------------------------------------------------------------------

FORMATS = st.sampled_from(list(DialFormat))
NUMBERISH = st.text(alphabet="0123456789 +-.()/", max_size=40)


def _example_numbers() -> list[str]:
    examples: list[str] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for number_type in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE,
        ):
            example = phonenumbers.example_number_for_type(region, number_type)
            if example is not None:
                examples.append(
                    phonenumbers.format_number(
                        example, phonenumbers.PhoneNumberFormat.INTERNATIONAL
                    )
                )
    return examples


EXAMPLES = _example_numbers()
VN_NUMBERS = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(
        ["090", "091", "032", "035", "070", "083", "056", "059", "028", "024", "0165", "0129"]
    ),
    st.text(alphabet="0123456789", min_size=6, max_size=8),
)
DIALABLE = st.one_of(NUMBERISH, st.sampled_from(EXAMPLES), VN_NUMBERS)


@settings(deadline=None)
@given(st.text())
def test_normalise_never_raises_on_any_text(text: str) -> None:
    assert isinstance(normalise(text), PhoneNumber | Rejection)


@settings(deadline=None)
@given(NUMBERISH, FORMATS)
def test_normalise_never_raises_on_numberish_text(text: str, dial_format: DialFormat) -> None:
    assert isinstance(normalise(text, dial_format), PhoneNumber | Rejection)


@settings(deadline=None)
@given(DIALABLE, FORMATS)
def test_dial_is_plain_digits(text: str, dial_format: DialFormat) -> None:
    result = normalise(text, dial_format)
    if isinstance(result, PhoneNumber):
        pattern = r"\+[0-9]+" if dial_format is DialFormat.E164 else r"[0-9]+"
        assert re.fullmatch(pattern, result.dial), result
        assert re.fullmatch(r"\+[0-9]+", result.e164), result


@settings(deadline=None)
@given(DIALABLE, FORMATS)
def test_dial_is_idempotent(text: str, dial_format: DialFormat) -> None:
    result = normalise(text, dial_format)
    if isinstance(result, PhoneNumber):
        again = phone(normalise(result.dial, dial_format))
        assert again.dial == result.dial
        assert again.e164 == result.e164


@settings(deadline=None)
@given(st.sampled_from(EXAMPLES), FORMATS)
def test_example_numbers_of_every_country_are_idempotent(
    text: str, dial_format: DialFormat
) -> None:
    result = phone(normalise(text, dial_format))
    assert phone(normalise(result.dial, dial_format)).dial == result.dial


@settings(deadline=None)
@given(st.lists(st.one_of(VN_NUMBERS, NUMBERISH, st.text(max_size=10)), max_size=6), FORMATS)
def test_found_numbers_normalise_to_themselves(parts: list[str], dial_format: DialFormat) -> None:
    for number in find_numbers(" ".join(parts), dial_format):
        assert phone(normalise(number.matched_text, dial_format)).dial == number.dial
        assert phone(normalise(number.dial, dial_format)).dial == number.dial


# --- invisible characters ----------------------------------------------------------------

# Characters a copy from a web page, a chat or a right-to-left document leaves inside a
# number: zero-width spaces and joiners, word joiner, byte-order mark, bidi marks and
# embeddings, isolates, soft hyphen. They show as nothing, so they must count as nothing.
INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_inside_a_number_is_ignored(char: str) -> None:
    for text in (f"0901{char}234567", f"{char}+84 90 123{char} 45 67{char}", f"090{char}1234567"):
        number = phone(normalise(text))
        assert (number.dial, number.e164) == ("0901234567", "+84901234567"), repr(text)
        assert char not in number.matched_text
    assert search_digits(f"0901{char}234{char}567") == "0901234567"
    assert format_partial(f"090{char}123") == format_partial("090123")


def test_a_number_pasted_from_a_right_to_left_chat_reads_as_typed() -> None:
    # A bidi-isolated number with a zero-width space: today "too short" for 0901.
    number = phone(normalise("\u2068\u200e0901\u200b234\u00ad567\u2069"))
    assert number.display == "0901 234 567"


def _same(result: PhoneNumber | Rejection) -> tuple[object, ...]:
    if isinstance(result, PhoneNumber):
        return ("number", result.dial, result.e164, result.display, result.matched_text)
    return ("rejection", result.reason, dict(result.details))


def _with_invisible(text: str, places: list[int], chars: list[str]) -> str:
    out = list(text)
    for place, char in sorted(zip(places, chars, strict=False), reverse=True):
        out.insert(place % (len(out) + 1), char)
    return "".join(out)


@settings(deadline=None)
@given(
    st.one_of(DIALABLE, st.sampled_from(SAME_MOBILE)),
    st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=5),
    st.lists(st.sampled_from(INVISIBLE), min_size=5, max_size=5),
    FORMATS,
)
def test_invisible_characters_anywhere_never_change_the_number(
    text: str, places: list[int], chars: list[str], dial_format: DialFormat
) -> None:
    written = _with_invisible(text, places, chars)
    assert _same(normalise(written, dial_format)) == _same(normalise(text, dial_format))
    assert search_digits(written) == search_digits(text)


def test_a_vietnamese_significant_number_is_valid_exactly_when_phonenumbers_says_so():
    # valid_vn_significant applies phonenumbers' metadata itself (the routing service asks
    # it of every number nobody owns): the same verdict on every 3-digit start of every
    # length a Vietnamese number can have, and on lengths it cannot.
    rng = random.Random(84)
    checked = valid = 0
    for length in range(7, 12):
        for start in range(100, 1000):
            nsn = str(start) + "".join(rng.choice("0123456789") for _ in range(length - 3))
            number = phonenumbers.PhoneNumber(country_code=84, national_number=int(nsn))
            expected = bool(phonenumbers.is_valid_number(number))
            assert valid_vn_significant(nsn) is expected, nsn
            checked += 1
            valid += expected
    assert 0 < valid < checked  # both verdicts were given
