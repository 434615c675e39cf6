"""The service's reading of a request without I/O: the two values of its query string."""

from __future__ import annotations

from urllib.parse import parse_qs

from hypothesis import example, given
from hypothesis import strategies as st

from omidesk.routing.server import query_values

# Pieces a query string is made of, hostile ones included: both names (also escaped),
# separators, escapes whole and broken, "+", UTF-8 escapes and bytes no escape made.
PIECES = st.sampled_from(
    [
        "phoneNumber", "sipNumber", "phone%4Eumber", "sip+Number", "=", "&", "&&", "+",
        "%2B", "%20", "%", "%4", "%zz", "%C3%A9", "84", "0901234567", " ", "\xe9", "x",
    ]
)  # fmt: skip


def as_parse_qs_reads_it(query: bytes) -> tuple[str, str]:
    values = parse_qs(query.decode("latin-1"), keep_blank_values=True)
    phone = (values.get("phoneNumber") or [""])[0]
    sip = (values.get("sipNumber") or [""])[0]
    return phone.strip(), sip.strip()


@given(st.lists(PIECES, max_size=16).map("".join))
@example("phoneNumber=%2B84901234567&sipNumber=842877788056")
@example("phoneNumber=%2b84901234567&sipNumber=")
@example("phoneNumber=0901234567&sipNumber=02877788056")
@example("phoneNumber=%2B&sipNumber=1")
@example("sipNumber=1&phoneNumber=2&phoneNumber=3&sipNumber=4")
@example("phoneNumber=2&phoneNumber=3&sipNumber=4&sipNumber=5")
@example("phoneNumber&sipNumber=")
@example("phone%4Eumber=+84+90&sip+Number=x")
def test_the_two_values_are_read_as_parse_qs_reads_them(text: str):
    query = text.encode("latin-1")
    assert query_values(query) == as_parse_qs_reads_it(query)
