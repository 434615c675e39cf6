"""The bulk check of numbers a push makes first: exactly what normalise() decides, faster."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omidesk.domain.autocall.push import phone_number
from omidesk.domain.numbers import PhoneNumber, normalise, vietnamese_national

# National-form texts: 0, then 6 to 11 digits (the Vietnamese lengths and either side).
NATIONAL = st.from_regex(r"0[1-9][0-9]{5,10}", fullmatch=True)


def agrees(text: str) -> None:
    """What the fast path accepts, normalise() accepts as the same number, dialled as
    written; every mobile and fixed line normalise() takes as written, the fast path takes
    too (the other kinds, rare in a campaign, go the long way)."""
    fast = vietnamese_national(text)
    slow = normalise(text)
    as_written = (
        isinstance(slow, PhoneNumber)
        and slow.dial == text
        and slow.e164.startswith("+84")
        and slow.converted_from is None
    )
    if fast is not None:
        assert fast == text and as_written, (text, slow)
    elif as_written:
        assert isinstance(slow, PhoneNumber)
        assert slow.kind not in ("mobile", "fixed_line"), (text, slow)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(NATIONAL)
def test_the_fast_path_says_what_normalise_says(text: str):
    agrees(text)


def test_every_vietnamese_prefix_agrees():
    """Each 0 + three digits, at every length a Vietnamese number may have."""
    for prefix in range(100, 1000):
        for length in range(8, 12):
            for fill in ("0", "5", "9"):
                agrees(f"0{prefix}".ljust(length, fill))


def test_anything_else_goes_the_long_way():
    assert vietnamese_national("0901 234 567") is None  # spaces: normalise() reads it
    assert phone_number("0901 234 567") == ("0901234567", None)
    assert vietnamese_national("01651234567") is None  # an old mobile, renumbered
    assert phone_number("01651234567") == ("0351234567", "01651234567")
    assert vietnamese_national("+84901234567") is None
    # Digits of another script (a full-width keyboard): normalise() reads them as digits,
    # the fast path never takes them as written.
    assert (
        vietnamese_national("\uff10\uff19\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17") is None
    )
    assert vietnamese_national("\u0660901234567") is None
    assert phone_number("+84901234567") == ("0901234567", None)
