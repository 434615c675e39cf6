"""CSV contact files: Google and Outlook layouts, the guess for other CSVs, rows to contacts."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from omidesk.domain.contact_files.model import (
    BAD_ROW,
    CSV,
    GOOGLE_CSV,
    NO_NAME,
    NO_NUMBER,
    OUTLOOK_CSV,
    Mapping,
)
from omidesk.domain.contact_files.names import clean, clean_note, compose
from omidesk.domain.contacts import Contact, Phone, fold
from omidesk.domain.numbers import Rejection, RejectReason, find_numbers, normalise
from omidesk.domain.owners import CONTACT_OWNER_HEADERS, MAX_OWNERS, split_extensions

# Google puts several values of one kind in one cell, between these.
GOOGLE_SEPARATOR = " ::: "
DELIMITERS = ",;\t"
# A cell holding no digit ("", "N/A", "không có") is no number at all, not an invalid one.
_DIGIT_RE = re.compile(r"\d")
_GOOGLE_PHONE_RE = re.compile(r"Phone (\d+) - Value")
_GOOGLE_EMAIL_RE = re.compile(r"E-mail (\d+) - Value")
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
# Two or more words of letters: what a column of names mostly holds.
_NAME_LIKE_RE = re.compile(r"[^\W\d_]+(?:[ .'\-]+[^\W\d_]+)+\.?")
# A column is taken for phones (or names, or e-mail) when this share of its cells is.
_CONTENT_SHARE = 0.6
# Cells of a row quoted in a report are cut to this length.
_DETAIL_LIMIT = 200

# Outlook's phone columns, mobile first (the order the numbers are listed in), with the
# label each number gets.
OUTLOOK_PHONES: tuple[tuple[str, str], ...] = (
    ("Mobile Phone", "Mobile"),
    ("Primary Phone", "Main"),
    ("Business Phone", "Work"),
    ("Business Phone 2", "Work"),
    ("Company Main Phone", "Company Main"),
    ("Home Phone", "Home"),
    ("Home Phone 2", "Home"),
    ("Other Phone", "Other"),
    ("Car Phone", "Car"),
    ("Assistant's Phone", "Assistant"),
    ("Callback", "Callback"),
    ("Radio Phone", "Radio"),
    ("ISDN", "ISDN"),
    ("TTY/TDD Phone", "TTY/TDD"),
    ("Pager", "Pager"),
    # Kept: a fax number is still the customer's number, and dropping it would lose it.
    ("Business Fax", "Work Fax"),
    ("Home Fax", "Home Fax"),
    ("Other Fax", "Fax"),
)
_OUTLOOK_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")

# Header words of any other CSV, folded (no accents, đ as d, lower case), by what they
# say the column holds. Phone words are tested first: "Điện thoại công ty" is a phone.
_PHONE_WORDS = frozenset(
    [
        "phone",
        "phones",
        "telephone",
        "tel",
        "mobile",
        "cell",
        "cellphone",
        "mobil",
        "sdt",
        "dt",
        "dtdd",
        "didong",
        "hotline",
        "fax",
        "sodienthoai",
        "dienthoai",
    ]
)
_PHONE_PHRASES = ("dien thoai", "di dong", "so dt", "phone number", "mobile number")
_EMAIL_WORDS = frozenset(["email", "emails", "mail", "e-mail"])
_EMAIL_PHRASES = ("e mail", "thu dien tu")
_COMPANY_PHRASES = (
    "company",
    "cong ty",
    "don vi",
    "organization",
    "organisation",
    "to chuc",
    "doanh nghiep",
    "co quan",
)
_NOTE_PHRASES = ("note", "ghi chu", "comment", "remark", "mo ta", "description")
_FAMILY_KEYS = frozenset({"last name", "family name", "surname", "lastname", "ho"})
_MIDDLE_KEYS = frozenset({"middle name", "additional name", "ten dem", "ten lot", "chu lot"})
_GIVEN_KEYS = frozenset({"first name", "given name", "firstname"})
_NAME_KEYS = frozenset(
    {
        "name",
        "full name",
        "fullname",
        "display name",
        "contact",
        "contact name",
        "customer",
        "customer name",
        "ho ten",
        "ho va ten",
        "ten",
        "ten day du",
        "ten khach hang",
        "ten kh",
        "khach hang",
        "nguoi lien he",
        "ten lien he",
    }
)
# Labels a phone header implies, by the words in it.
_LABEL_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Fax", ("fax",)),
    ("Mobile", ("mobile", "cell", "di dong", "didong", "dtdd")),
    ("Work", ("work", "business", "office", "cong ty", "co quan", "van phong")),
    ("Home", ("home", "nha rieng", "nha")),
)


@dataclass(frozen=True, slots=True)
class Layout:
    """How the rows of one CSV become contacts: the mapping, plus what its format adds
    (Google's per-row phone labels, further e-mail columns, the starred group)."""

    kind: str
    headers: list[str]
    mapping: Mapping
    has_header: bool
    # phone column -> the column holding its label, row by row (Google's "Phone 1 - Type").
    label_columns: dict[int, int] = field(default_factory=dict)
    extra_emails: tuple[int, ...] = ()
    groups: int | None = None


def sniff_delimiter(sample: str) -> str:
    """`,` `;` or tab: csv.Sniffer's answer when the header line has that delimiter,
    else whichever of the three the header line has most of (outside quotes)."""
    first_line = _first_line(sample)
    counts = {delimiter: _count_outside_quotes(first_line, delimiter) for delimiter in DELIMITERS}
    present = [delimiter for delimiter in DELIMITERS if counts[delimiter] > 0]
    if len(present) < 2:
        # The answer whatever the sniffer says (it is taken only when the header line has
        # it), without its pass over the whole sample: the usual file has one delimiter.
        return present[0] if present else ","
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed in counts and counts[sniffed] > 0:
        return sniffed
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > 0 else ","


def _first_line(sample: str) -> str:
    # A header never spans lines; the first line is the header (or the first record).
    return sample.lstrip("\ufeff").split("\n", 1)[0]


def _count_outside_quotes(line: str, delimiter: str) -> int:
    return sum(part.count(delimiter) for part in line.split('"')[0::2])


def looks_like_header(row: Sequence[str]) -> bool:
    """A first row holding a phone number or an e-mail address is data, not a header."""
    for cell in row:
        text = cell.strip()
        if "@" in text:
            return False
        if _DIGIT_RE.search(text) and Phone.parse(text).valid:
            return False
    return any(cell.strip() for cell in row)


def layout_for(headers: Sequence[str], sample: Sequence[Sequence[str]], has_header: bool) -> Layout:
    """The guess: Google and Outlook by their headers, any other CSV by its header words
    and, where those say nothing, by what its cells hold."""
    headers = list(headers)
    if has_header:
        if _is_google(headers):
            return _google_layout(headers)
        if _is_outlook(headers):
            return _outlook_layout(headers)
    mapping = _guess_by_headers(headers) if has_header else Mapping()
    mapping = _guess_by_content(mapping, len(headers), sample)
    return Layout(CSV, headers, mapping, has_header)


def layout_with(base: Layout, mapping: Mapping) -> Layout:
    """The file's layout with a mapping chosen in the wizard instead of the guess."""
    return Layout(
        base.kind,
        base.headers,
        mapping,
        base.has_header,
        {column: label for column, label in base.label_columns.items() if _has(mapping, column)},
        base.extra_emails,
        base.groups,
    )


def _has(mapping: Mapping, column: int) -> bool:
    return any(phone == column for phone, _ in mapping.phones)


def _is_google(headers: Sequence[str]) -> bool:
    names = set(headers)
    return any(_GOOGLE_PHONE_RE.fullmatch(header) for header in headers) and bool(
        names & {"Name", "Given Name", "First Name", "Organization 1 - Name", "Organization Name"}
    )


def _is_outlook(headers: Sequence[str]) -> bool:
    names = set(headers)
    return {"First Name", "Last Name"} <= names and any(
        header in names for header, _ in OUTLOOK_PHONES
    )


def _index(headers: Sequence[str], *names: str) -> int | None:
    for name in names:
        if name in headers:
            return headers.index(name)
    return None


def _google_layout(headers: list[str]) -> Layout:
    phones: list[tuple[int, str]] = []
    labels: dict[int, int] = {}
    emails: list[int] = []
    for column, header in enumerate(headers):
        if match := _GOOGLE_PHONE_RE.fullmatch(header):
            phones.append((column, ""))
            number = match.group(1)
            # "Type" in the older export, "Label" in the one Google writes since 2020.
            label = _index(headers, f"Phone {number} - Type", f"Phone {number} - Label")
            if label is not None:
                labels[column] = label
        elif _GOOGLE_EMAIL_RE.fullmatch(header):
            emails.append(column)
    mapping = Mapping(
        name=_index(headers, "Name"),
        given=_index(headers, "Given Name", "First Name"),
        middle=_index(headers, "Additional Name", "Middle Name"),
        family=_index(headers, "Family Name", "Last Name"),
        phones=tuple(phones),
        company=_index(headers, "Organization 1 - Name", "Organization Name"),
        email=emails[0] if emails else None,
        note=_index(headers, "Notes"),
        owners=_index(headers, "Owners"),
    )
    return Layout(
        GOOGLE_CSV,
        headers,
        mapping,
        True,
        labels,
        tuple(emails[1:]),
        _index(headers, "Group Membership", "Labels"),
    )


def _outlook_layout(headers: list[str]) -> Layout:
    phones = tuple(
        (headers.index(header), label) for header, label in OUTLOOK_PHONES if header in headers
    )
    emails = [headers.index(header) for header in _OUTLOOK_EMAILS if header in headers]
    mapping = Mapping(
        given=_index(headers, "First Name"),
        middle=_index(headers, "Middle Name"),
        family=_index(headers, "Last Name"),
        phones=phones,
        company=_index(headers, "Company"),
        email=emails[0] if emails else None,
        note=_index(headers, "Notes"),
    )
    return Layout(OUTLOOK_CSV, headers, mapping, True, {}, tuple(emails[1:]), None)


def _header_key(header: str) -> str:
    return " ".join(_NON_WORD_RE.sub(" ", fold(header)).split())


def _phone_label(key: str) -> str:
    padded = f" {key} "
    for label, words in _LABEL_WORDS:
        if any(f" {word} " in padded for word in words):
            return label
    return ""


def _guess_by_headers(headers: Sequence[str]) -> Mapping:
    roles: dict[str, int] = {}
    phones: list[tuple[int, str]] = []
    for column, header in enumerate(headers):
        key = _header_key(header)
        if not key:
            continue
        tokens = set(key.split())
        padded = f" {key} "
        if tokens & _PHONE_WORDS or any(f" {phrase} " in padded for phrase in _PHONE_PHRASES):
            phones.append((column, _phone_label(key)))
            continue
        role = ""
        if key in CONTACT_OWNER_HEADERS:
            role = "owners"
        elif tokens & _EMAIL_WORDS or any(f" {p} " in padded for p in _EMAIL_PHRASES):
            role = "email"
        elif any(f" {phrase}" in padded for phrase in _COMPANY_PHRASES):
            role = "company"
        elif any(f" {phrase}" in padded for phrase in _NOTE_PHRASES):
            role = "note"
        elif key in _FAMILY_KEYS:
            role = "family"
        elif key in _MIDDLE_KEYS:
            role = "middle"
        elif key in _GIVEN_KEYS:
            role = "given"
        elif key in _NAME_KEYS:
            role = "name"
        if role and role not in roles:
            roles[role] = column
    # "Tên" is the whole name, unless a "Họ" column holds the family name beside it.
    if "family" in roles and "name" in roles and _header_key(headers[roles["name"]]) == "ten":
        roles.setdefault("given", roles.pop("name"))
    return Mapping(
        name=roles.get("name"),
        given=roles.get("given"),
        middle=roles.get("middle"),
        family=roles.get("family"),
        phones=tuple(phones),
        company=roles.get("company"),
        email=roles.get("email"),
        note=roles.get("note"),
        owners=roles.get("owners"),
    )


def _guess_by_content(mapping: Mapping, width: int, sample: Sequence[Sequence[str]]) -> Mapping:
    """Fills the phone, name and e-mail columns the headers did not name, from the cells
    of the first rows: mostly valid numbers, mostly words of letters, mostly addresses."""
    taken = {
        column
        for column in (mapping.name, mapping.given, mapping.middle, mapping.family)
        if column is not None
    }
    taken |= {column for column, _ in mapping.phones}
    taken |= {
        column
        for column in (mapping.company, mapping.email, mapping.note, mapping.owners)
        if column is not None
    }
    free = [column for column in range(width) if column not in taken]

    def share(column: int, test: Callable[[str], bool]) -> float:
        cells = [row[column].strip() for row in sample if column < len(row) and row[column].strip()]
        if not cells:
            return 0.0
        return sum(1 for cell in cells if test(cell)) / len(cells)

    changes: dict[str, Any] = {}
    if not mapping.phones:
        phones = tuple(
            (column, "")
            for column in free
            if share(column, lambda cell: bool(_DIGIT_RE.search(cell)) and Phone.parse(cell).valid)
            >= _CONTENT_SHARE
        )
        changes["phones"] = phones
        free = [column for column in free if column not in {c for c, _ in phones}]
    has_name = any(column is not None for column in (mapping.name, mapping.given, mapping.family))
    if not has_name:
        for column in free:
            if share(column, lambda cell: bool(_NAME_LIKE_RE.fullmatch(cell))) >= _CONTENT_SHARE:
                changes["name"] = column
                free.remove(column)
                break
    if mapping.email is None:
        for column in free:
            if share(column, lambda cell: "@" in cell) >= _CONTENT_SHARE:
                changes["email"] = column
                break
    return replace(mapping, **changes) if changes else mapping


# --- rows to contacts ---------------------------------------------------------------------


@dataclass(slots=True)
class RowOutcome:
    """What one row gave: a contact (None when skipped), and why it was skipped or which
    of its numbers are invalid."""

    contact: Contact | None
    reason: str = ""
    detail: str = ""
    name: str = ""
    invalid: list[str] = field(default_factory=list)
    # Owners written that are no extension, left out of the contact.
    bad_owners: list[str] = field(default_factory=list)
    # Extensions past the MAX_OWNERS kept, left out of the contact.
    extra_owners: list[str] = field(default_factory=list)
    # Where in the file a damaged card's damage begins (vCard only).
    line: int = 0


def row_detail(cells: Sequence[str], delimiter: str) -> str:
    """A skipped row as the report quotes it: its non-empty cells, cut short."""
    text = delimiter.join(" ".join(cell.split()) for cell in cells if cell.strip())
    return text if len(text) <= _DETAIL_LIMIT else text[: _DETAIL_LIMIT - 1] + "…"


def _cell(cells: Sequence[str], column: int | None) -> str:
    if column is None or column >= len(cells):
        return ""
    return cells[column]


def read_row(cells: Sequence[str], layout: Layout, delimiter: str) -> RowOutcome:
    """One data row as a contact, or the reason it cannot be one."""
    width = len(layout.headers)
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        # More cells than columns (a comma left unquoted in a name): which cell is which
        # cannot be known, and guessing would file a number under the wrong name.
        return RowOutcome(None, BAD_ROW, row_detail(cells, delimiter))
    mapping = layout.mapping
    name = clean(_cell(cells, mapping.name))
    if not name and (mapping.given is not None or mapping.family is not None):
        name = compose(
            _cell(cells, mapping.given), _cell(cells, mapping.middle), _cell(cells, mapping.family)
        )
    company = clean(_cell(cells, mapping.company))
    phones: list[Phone] = []
    invalid: list[str] = []
    seen: set[str] = set()
    for column, label in mapping.phones:
        value = _cell(cells, column)
        if not value or not _DIGIT_RE.search(value):
            continue
        values = value.split(GOOGLE_SEPARATOR)
        labels: list[str] = []
        if column in layout.label_columns:
            labels = [
                clean(text).removeprefix("* ")
                for text in _cell(cells, layout.label_columns[column]).split(GOOGLE_SEPARATOR)
            ]
        for position, text in enumerate(values):
            row_label = labels[min(position, len(labels) - 1)] if labels else label
            add_numbers(text.strip(), row_label or label, phones, invalid, seen)
    if not name:
        name = company
    if not phones:
        return RowOutcome(None, NO_NUMBER, row_detail(cells, delimiter), name)
    if not name:
        return RowOutcome(None, NO_NAME, row_detail(cells, delimiter))
    email = _cell(cells, mapping.email)
    if layout.extra_emails or GOOGLE_SEPARATOR in email:
        emails = email.split(GOOGLE_SEPARATOR)
        for column in layout.extra_emails:
            emails.extend(_cell(cells, column).split(GOOGLE_SEPARATOR))
        email = join_emails(emails)
    note = _cell(cells, mapping.note)
    # The owners' valid extensions; what is no extension, or past the MAX_OWNERS OMICall
    # rings, is left out and reported (the contact is kept).
    owners, bad_owners = split_extensions(_cell(cells, mapping.owners))
    contact = Contact(
        name=name,
        phones=tuple(phones),
        company=company,
        email=email.strip(),
        note=clean_note(note) if note else "",
        favorite=layout.groups is not None and "starred" in _cell(cells, layout.groups).lower(),
        owners=tuple(owners[:MAX_OWNERS]),
    )
    return owned(RowOutcome(contact, name=name, invalid=invalid), owners, bad_owners)


def owned(outcome: RowOutcome, owners: Sequence[str], bad_owners: Sequence[str]) -> RowOutcome:
    """`outcome` with what was left out of its contact's owners: the values that are no
    extension, and the extensions past MAX_OWNERS."""
    outcome.bad_owners = list(bad_owners)
    outcome.extra_owners = list(owners[MAX_OWNERS:])
    return outcome


def join_emails(emails: Sequence[str]) -> str:
    """Several addresses in the one e-mail field, each once."""
    found = dict.fromkeys(address.strip() for address in emails)
    return ", ".join(address for address in found if address)


def add_numbers(
    text: str, label: str, phones: list[Phone], invalid: list[str], seen: set[str]
) -> None:
    """Adds the number(s) in one value: one number, or several written in one cell
    ("0901 234 567 / 0912 345 678"). A number already on the contact is not repeated."""
    if not text or not _DIGIT_RE.search(text):
        return
    phone = Phone.parse(text, label)
    found = [phone]
    if not phone.valid:
        # normalise() remembers its last results: asking why costs no second parse.
        result = normalise(text)
        if isinstance(result, Rejection) and result.reason == RejectReason.SEVERAL:
            found = [Phone.parse(number.matched_text, label) for number in find_numbers(text)]
    for each in found:
        key = each.e164 if each.valid and each.e164 else "raw:" + each.number
        if key in seen:
            continue
        seen.add(key)
        phones.append(each)
        if not each.valid:
            invalid.append(each.number)
