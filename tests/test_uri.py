"""Tests for omidesk.domain.uri: tel:/callto: links, RFC 3966 examples and common variants."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omidesk.domain.numbers import PhoneNumber, normalise
from omidesk.domain.uri import LinkRejection, PhoneLink, is_phone_link, parse_phone_link


def link(uri: str) -> PhoneLink:
    result = parse_phone_link(uri)
    assert isinstance(result, PhoneLink), result
    return result


# uri, scheme, number, extension, phone_context, national dial (None: not a valid number)
ACCEPTED = [
    ("tel:+84-90-123-4567", "tel", "+84-90-123-4567", None, None, "0901234567"),
    ("tel:+84.90.123.4567", "tel", "+84.90.123.4567", None, None, "0901234567"),
    ("tel:+84(90)1234567", "tel", "+84(90)1234567", None, None, "0901234567"),
    ("TEL:0901234567", "tel", "0901234567", None, None, "0901234567"),
    ("Tel:0901234567", "tel", "0901234567", None, None, "0901234567"),
    ("tel:0901234567", "tel", "0901234567", None, None, "0901234567"),
    ("tel://0901234567", "tel", "0901234567", None, None, "0901234567"),
    ("tel:%2B84%20901234567", "tel", "+84 901234567", None, None, "0901234567"),
    ("tel:%2b84901234567", "tel", "+84901234567", None, None, "0901234567"),
    ("tel:+84901234567;ext=12", "tel", "+84901234567", "12", None, "0901234567"),
    ("tel:+84901234567;EXT=1-2", "tel", "+84901234567", "12", None, "0901234567"),
    ("tel:901234567;phone-context=+84", "tel", "+84901234567", None, "+84", "0901234567"),
    ("tel:0901234567;phone-context=+84", "tel", "+84901234567", None, "+84", "0901234567"),
    ("tel:028-3822-1234;phone-context=+84", "tel", "+842838221234", None, "+84", "02838221234"),
    (
        "tel:+84901234567;phone-context=example.com",
        "tel",
        "+84901234567",
        None,
        "example.com",
        "0901234567",
    ),
    ("tel:+84901234567;isub=1;postd=pp22", "tel", "+84901234567", None, None, "0901234567"),
    ("tel:+84901234567;foo=bar;ext=7", "tel", "+84901234567", "7", None, "0901234567"),
    ("tel:+841651234567", "tel", "+841651234567", None, None, "0351234567"),
    ("tel:1800-1234", "tel", "1800-1234", None, None, "18001234"),
    ("callto:0901234567", "callto", "0901234567", None, None, "0901234567"),
    ("callto://0901234567", "callto", "0901234567", None, None, "0901234567"),
    ("callto://+84901234567/", "callto", "+84901234567", None, None, "0901234567"),
    ("callto:+84 90 123 4567", "callto", "+84 90 123 4567", None, None, "0901234567"),
    ("CALLTO:+84901234567?call", "callto", "+84901234567", None, None, "0901234567"),
    ("  tel:0901234567\n", "tel", "0901234567", None, None, "0901234567"),
    # RFC 3966 §6 examples
    ("tel:+1-201-555-0123", "tel", "+1-201-555-0123", None, None, "0012015550123"),
    ("tel:7042;phone-context=+33", "tel", "+337042", None, "+33", None),
    # A local number in a context that already holds an area code: the context digits are
    # prefixed as they stand (RFC 3966 §5.1.5); the result is not a valid NANP number.
    ("tel:863-1234;phone-context=+1-914-555", "tel", "+19145558631234", None, "+1-914-555", None),
    # Italy keeps its leading 0 after the country code; only real trunk prefixes go.
    ("tel:06 6982 1234;phone-context=+39", "tel", "+390669821234", None, "+39", "00390669821234"),
    ("tel:*123#", "tel", "*123#", None, None, None),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[case[0] for case in ACCEPTED])
def test_accepted_links(case: tuple[str, str, str, str | None, str | None, str | None]) -> None:
    uri, scheme, number, extension, context, dial = case
    parsed = link(uri)
    assert parsed.scheme == scheme
    assert parsed.number == number
    assert parsed.extension == extension
    assert parsed.phone_context == context
    assert parsed.uri == uri
    result = normalise(parsed.number)
    if dial is None:
        assert not isinstance(result, PhoneNumber)
    else:
        assert isinstance(result, PhoneNumber), result
        assert result.dial == dial


REJECTED = [
    ("http://x", "link_not_phone"),
    ("mailto:a@b.c", "link_not_phone"),
    ("0901234567", "link_not_phone"),
    ("", "link_not_phone"),
    ("telephone:0901234567", "link_not_phone"),
    ("sip:0901234567@example.com", "link_not_phone"),
    ("tel:", "link_empty"),
    ("tel:;ext=1", "link_empty"),
    ("callto://", "link_empty"),
    ("tel:+", "link_empty"),
    ("tel: - ", "link_empty"),
    ("tel:%ZZ12", "link_malformed"),
    ("tel:09012%3", "link_malformed"),
    ("tel:%C3%28", "link_malformed"),
    ("tel:+84<script>", "link_malformed"),
    ("callto://john.doe", "link_malformed"),
    ("callto:echo123", "link_malformed"),
    ("tel:abc", "link_malformed"),
    ("tel:0901abc567", "link_malformed"),
    ("tel:84+901234567", "link_malformed"),
    ("tel:0901234567;ext=abc", "link_malformed"),
    ("tel:0901234567;ext=", "link_malformed"),
    ("tel:0901234567;=1", "link_malformed"),
    ("tel:0901234567;ext=1<2", "link_malformed"),
    ("tel:0901234567%3Bext=1", "link_malformed"),
    ("tel:7042;phone-context=+84abc", "link_malformed"),
    ("tel:7042;phone-context=", "link_malformed"),
    ("tel:0901\x00234567", "link_malformed"),
    ("tel:" + "1" * 5000, "link_malformed"),
    ("tel:7042;phone-context=example.com", "link_local_context"),
    ("tel:7042;phone-context=a.example.com.", "link_local_context"),
    ("tel:0901234567;phone-context=vnpt.vn", "link_local_context"),
]


@pytest.mark.parametrize(("uri", "reason"), REJECTED)
def test_rejected_links(uri: str, reason: str) -> None:
    result = parse_phone_link(uri)
    assert isinstance(result, LinkRejection), result
    assert result.reason == reason
    assert result.uri == uri


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tel:0901234567", True),
        ("  TEL:+84901234567 ", True),
        ("callto://0901234567", True),
        ("CallTo:0901234567", True),
        ("tel:", True),
        ("http://example.com", False),
        ("0901234567", False),
        ("telephone:1", False),
        ("", False),
        ("x tel:0901234567", False),
    ],
)
def test_is_phone_link(text: str, expected: bool) -> None:
    assert is_phone_link(text) is expected


def test_parse_agrees_with_is_phone_link() -> None:
    for uri, reason in REJECTED:
        assert is_phone_link(uri) is (reason != "link_not_phone")
    for uri, *_ in ACCEPTED:
        assert is_phone_link(uri)


URI_ALPHABET = "0123456789+-.()/;=%:abcdeftlpxACF# \n"


@settings(deadline=None)
@given(st.text())
def test_parse_never_raises(text: str) -> None:
    assert isinstance(parse_phone_link(text), PhoneLink | LinkRejection)
    assert isinstance(is_phone_link(text), bool)


@settings(deadline=None)
@given(st.sampled_from(["tel:", "callto:", "tel://", "callto://"]), st.text(alphabet=URI_ALPHABET))
def test_parse_never_raises_on_linkish_text(scheme: str, rest: str) -> None:
    result = parse_phone_link(scheme + rest)
    assert isinstance(result, PhoneLink | LinkRejection)
    if isinstance(result, PhoneLink):
        # Whatever the link holds, numbers.normalise copes with it.
        normalise(result.number)
