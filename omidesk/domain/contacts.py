"""Contacts as the agent sees them: names, numbers with labels, and Vietnamese-aware folding."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import phonenumbers

from omidesk.domain.numbers import DialFormat, PhoneNumber, normalise, search_digits

__all__ = [
    "Contact",
    "ContactSummary",
    "Phone",
    "display_of",
    "fold",
    "list_columns",
    "search_digits_of",
    "words",
]


class _FoldTable(dict[int, str | None]):
    """str.translate table built lazily: drops combining marks (what NFD split off the
    letters) and maps đ to d, which has no decomposition. Asking unicodedata once per
    distinct character keeps folding 100,000 names on import cheap."""

    def __missing__(self, codepoint: int) -> str | None:
        char = chr(codepoint)
        value: str | None = char
        if char == "đ":
            value = "d"
        elif unicodedata.category(char) == "Mn":
            value = None
        self[codepoint] = value
        return value


_FOLD_TABLE = _FoldTable()
# What FTS5's unicode61 tokenizer keeps as one token: runs of letters and digits.
_WORD_RE = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents, đ as d, single spaces: "Đặng  Thị Hương" -> "dang thi huong"."""
    if text.isascii():
        return " ".join(text.lower().split())
    # NFC first so that lower() sees whole letters whatever form the text arrived in.
    lowered = unicodedata.normalize("NFC", text).lower()
    return " ".join(unicodedata.normalize("NFD", lowered).translate(_FOLD_TABLE).split())


def words(text: str) -> list[str]:
    """The folded words of text as the search index cuts them ("Lê-Văn" -> ["le", "van"])."""
    return _WORD_RE.findall(fold(text))


# The region numbers are read in, as normalise() reads them by default.
_REGION = "VN"


@lru_cache(maxsize=4096)
def display_of(e164: str) -> str | None:
    """The grouped form normalise() shows for a valid E.164 number ("0901 234 567", a
    foreign one "+44 20 7123 4567"); None when phonenumbers does not take it as valid.
    Asked of phonenumbers directly: normalise() also works out the dial form, region and
    kind, which takes half as long again. Held for the numbers asked last: lists ask it at
    every paint."""
    try:
        number = phonenumbers.parse(e164, _REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    domestic = number.country_code == phonenumbers.country_code_for_region(_REGION)
    shown = phonenumbers.PhoneNumberFormat.NATIONAL
    if not domestic:
        shown = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, shown)


@dataclass(frozen=True, slots=True)
class Phone:
    """One number of a contact, as written, with what the core made of it."""

    number: str
    label: str = ""
    e164: str | None = None
    # An invalid number stays on the contact, flagged, so the agent can see and fix it.
    valid: bool = False
    converted_from: str | None = None
    # The grouped form when already known (normalise worked it out, or the store kept
    # it), so that showing the number formats nothing; derived, so not compared.
    formatted: str | None = field(default=None, compare=False, repr=False)

    @staticmethod
    def parse(number: str, label: str = "") -> Phone:
        """The number as written, read by the core (old 11-digit mobiles renumbered);
        an unreadable one comes back flagged (valid False), not refused."""
        result = normalise(number, DialFormat.NATIONAL)
        if isinstance(result, PhoneNumber):
            return Phone(
                number=number,
                label=label,
                e164=result.e164,
                valid=True,
                converted_from=result.converted_from,
                formatted=result.display,
            )
        return Phone(number=number, label=label)

    @property
    def display(self) -> str:
        """The grouped national form ("0901 234 567") of a valid number, else the raw text."""
        if self.valid and self.e164:
            return self.formatted or display_of(self.e164) or self.number
        return self.number


@dataclass(frozen=True, slots=True)
class Contact:
    """A person or business the agent calls."""

    name: str
    phones: tuple[Phone, ...] = ()
    company: str = ""
    email: str = ""
    note: str = ""
    favorite: bool = False
    owners: tuple[str, ...] = ()  # extensions of the agents responsible for the contact
    id: int | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    last_called_at: float | None = None

    def __post_init__(self) -> None:
        # Files from Windows-1258 spell tones as combining marks: store one spelling so
        # equal names compare, sort and display alike.
        for attribute in ("name", "company", "note"):
            value = getattr(self, attribute)
            if not value.isascii():
                object.__setattr__(self, attribute, unicodedata.normalize("NFC", value))
        # Callers pass lists; a frozen contact must not share a mutable one.
        if not isinstance(self.phones, tuple):
            object.__setattr__(self, "phones", tuple(self.phones))
        if not isinstance(self.owners, tuple):
            object.__setattr__(self, "owners", tuple(self.owners))

    @property
    def valid_phones(self) -> tuple[Phone, ...]:
        return tuple(phone for phone in self.phones if phone.valid)


class ContactSummary(NamedTuple):
    """What a row of the contact list shows of a contact: the store reads it without
    building the contact and its numbers, which only dialling or editing need. (A named
    tuple: the list builds a screenful of them at every keystroke, and a frozen dataclass
    takes five times as long to build.)"""

    id: int
    name: str
    company: str = ""
    favorite: bool = False
    # The first valid number as shown ("0901 234 567"), else the first as written.
    number: str = ""
    numbers: int = 0  # how many numbers the contact has
    flagged: bool = False  # a number is invalid (kept as written, not callable)

    @staticmethod
    def of(contact: Contact) -> ContactSummary:
        """The summary of a whole contact (one the store has given an id)."""
        if contact.id is None:
            raise ValueError("a summary needs a stored contact")
        return ContactSummary(
            contact.id,
            contact.name,
            contact.company,
            contact.favorite,
            *list_columns(contact.phones),
        )


def list_columns(phones: Sequence[Phone]) -> tuple[str, int, bool]:
    """What the list shows of a contact's numbers (ContactSummary's number, numbers and
    flagged): the first valid number as shown, else the first as written; how many; whether
    one is invalid."""
    number = ""
    for phone in phones:
        if phone.valid:
            number = phone.display
            break
    else:
        if phones:
            number = phones[0].number
    return number, len(phones), not all(phone.valid for phone in phones)


def search_digits_of(phone: Phone) -> str:
    """The digit forms a search for this number must find, space separated: national and
    international ("0901234567 84901234567"), plus the pre-2018 number it was renumbered
    from; the raw digits of an invalid number."""
    if not phone.valid or not phone.e164:
        return search_digits(phone.number)
    international = phone.e164.removeprefix("+")
    national = _national_digits(phone.e164)
    if not phone.converted_from and national and international and national != international:
        # Nearly every number, on every contact an import writes: the short way.
        return f"{national} {international}"
    forms = [national, international]
    if phone.converted_from:
        forms.append(search_digits(phone.converted_from))
    return " ".join(dict.fromkeys(form for form in forms if form))


def _national_digits(e164: str) -> str:
    if e164.startswith("+84"):
        significant = e164[3:]
        # 1800/1900 service numbers are dialled without the trunk 0; every other
        # Vietnamese number takes it. (Asking phonenumbers costs ~0.2 ms a number, too
        # much for an import of 100,000 contacts.)
        if significant.startswith(("1800", "1900")):
            return significant
        return "0" + significant
    return _foreign_national_digits(e164)


@lru_cache(maxsize=1024)
def _foreign_national_digits(e164: str) -> str:
    # What someone from that country would write ("020 7123 4567"); the "00" form OMICall
    # dials is found through the international digits.
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return ""
    return search_digits(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    )
