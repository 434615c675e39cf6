"""The forms a number can take in the click2call request (a setting; kept apart from
numbers.py so reading the settings does not load phonenumbers before the window shows)."""

from enum import StrEnum


class DialFormat(StrEnum):
    """How a number is written in the click2call request."""

    NATIONAL = "national"
    E164 = "e164"
    INTERNATIONAL_DIGITS = "international_digits"
