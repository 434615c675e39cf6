"""vCard 2.1, 3.0 and 4.0 files: cards read with vobject, contacts written as vCard 4.0."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from vobject.base import ContentLine, VObjectError, getLogicalLines, textLineToContentLine

from omidesk.core.contact_io.csv_formats import RowOutcome, add_numbers, join_emails
from omidesk.core.contact_io.model import BAD_ROW, NO_NAME, NO_NUMBER
from omidesk.core.contact_io.names import clean, clean_note, compose
from omidesk.core.contacts import Contact, Phone

log = logging.getLogger(__name__)

_BEGIN_RE = re.compile(r"begin\s*:\s*vcard\s*", re.IGNORECASE)
_END_RE = re.compile(r"end\s*:\s*vcard\s*", re.IGNORECASE)
_FRAME_RE = re.compile(r"(begin|end|version|prodid)\s*[:;]", re.IGNORECASE)
# Google's group of starred contacts, as CATEGORIES carries groups: the favourites.
_STARRED_RE = re.compile(r"(?:^|,)\s*(?:\*\s*)?starred\s*(?:,|$)", re.IGNORECASE)
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
_ESCAPES = {"n": "\n", "N": "\n"}
_SPLIT_RE = re.compile(r"(?<!\\);")
# Apple writes its standard labels as "_$!<Mobile>!$_" in X-ABLabel.
_APPLE_LABEL_RE = re.compile(r"_\$!<(.*)>!\$_")
_APPLE_LABELS = {"HomeFAX": "Home Fax", "WorkFAX": "Work Fax", "OtherFAX": "Fax"}
# vCard TEL types that say what kind of number it is (voice, pref, internet… say nothing),
# the first found winning: a work mobile is a mobile.
_TYPE_WORDS = {
    "cell": "Mobile",
    "mobile": "Mobile",
    "iphone": "Mobile",
    "pager": "Pager",
    "car": "Car",
    "isdn": "ISDN",
    "main": "Main",
    "work": "Work",
    "home": "Home",
    "other": "Other",
}
# The labels written back as TEL types (exactly these spellings, so they come back the
# same); any other label travels in an Apple-style X-ABLabel.
_LABEL_TYPES = {
    "Mobile": ";TYPE=cell",
    "Work": ";TYPE=work",
    "Home": ";TYPE=home",
    "Fax": ";TYPE=fax",
    "Work Fax": ';TYPE="work,fax"',
    "Home Fax": ';TYPE="home,fax"',
    "Pager": ";TYPE=pager",
}
# Lines are folded after this many octets (RFC 6350 3.2).
_FOLD_OCTETS = 75
# How much of a broken card the report quotes.
_DETAIL_LIMIT = 200
VCARD_HEADERS = ["Name", "Numbers", "Company"]


@dataclass(slots=True)
class Card:
    """The lines of one card as found in the file, and whether its END was there."""

    number: int
    lines: list[str] = field(default_factory=list)
    complete: bool = False

    @property
    def text(self) -> str:
        return "\r\n".join(self.lines) + "\r\n"

    def detail(self) -> str:
        """The card's first properties, for the report (not BEGIN, VERSION, PRODID, END)."""
        shown = [
            line.strip()
            for line in self.lines
            if line.strip() and not _FRAME_RE.match(line.strip())
        ]
        body = " ".join(shown[:5])
        return body if len(body) <= _DETAIL_LIMIT else body[: _DETAIL_LIMIT - 1] + "…"


def is_vcard(sample: str) -> bool:
    """Whether a text starts (after blank lines) with BEGIN:VCARD."""
    for line in sample.lstrip("\ufeff").splitlines():
        if line.strip():
            return bool(_BEGIN_RE.fullmatch(line.strip()))
    return False


def cards(text: TextIO) -> Iterator[Card]:
    """The cards of a file, one at a time; a card cut off (no END before the next BEGIN or
    the end of the file) comes out incomplete rather than swallowing the next one."""
    card: Card | None = None
    number = 0
    for raw in text:
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if _BEGIN_RE.fullmatch(stripped):
            if card is not None:
                yield card
            number += 1
            card = Card(number, [stripped])
        elif card is not None:
            card.lines.append(line)
            if _END_RE.fullmatch(stripped):
                card.complete = True
                yield card
                card = None
    if card is not None:
        yield card


def parse(card: Card) -> dict[str, list[ContentLine]] | None:
    """The content lines of a complete card by lower-case property name, or None.

    vobject reads the lines (folding, quoted-printable with its charset and soft line
    breaks, groups, parameters); the values are unescaped here, by the card's version.
    vobject's own value decoding is not used: it reads every text value as a vCard 3.0
    list and keeps what comes before the first unescaped comma, which cut a vCard 2.1
    "Khách hàng thân thiết, gọi trước 10 giờ" (2.1 does not escape commas) short."""
    if not card.complete:
        return None
    found: dict[str, list[ContentLine]] = {}
    # allowQP: vCard 2.1 continues quoted-printable values on the next line.
    for text, number in getLogicalLines(io.StringIO(card.text), allowQP=True):
        try:
            line = textLineToContentLine(text, number)
        except (VObjectError, LookupError, ValueError) as exc:
            # A line vobject cannot read: a number in it is still kept (flagged if it
            # does not read as one); any other property is left out.
            name, _, value = text.partition(":")
            if name.split(";", 1)[0].rsplit(".", 1)[-1].upper() != "TEL":
                log.debug("unreadable vCard line %d skipped: %s", number, exc)
                continue
            line = ContentLine("TEL", [], value)
        found.setdefault(line.name.lower(), []).append(line)
    return found


def read_card(card: Card) -> RowOutcome:
    """One card as a contact, or the reason it cannot be one."""
    lines = parse(card)
    if lines is None:
        return RowOutcome(None, BAD_ROW, card.detail())
    version = _value(lines, "version").strip()
    name = clean(_unescape(_value(lines, "fn"), version))
    if not name and "n" in lines:
        parts = [*_components(lines["n"][0].value, version), "", "", ""]
        # N is family;given;additional;prefix;suffix.
        name = compose(parts[1], parts[2], parts[0])
    company = ", ".join(
        part
        for line in lines.get("org", [])
        for part in (clean(piece) for piece in _components(line.value, version))
        if part
    )
    labels = {
        line.group.lower(): _apple_label(_unescape(line.value, version))
        for line in lines.get("x-ablabel", [])
        if line.group
    }
    phones: list[Phone] = []
    invalid: list[str] = []
    seen: set[str] = set()
    for tel in lines.get("tel", []):
        value = _unescape(tel.value, version).strip()
        if value[:4].lower() == "tel:":
            value = value[4:]
        label = labels.get(tel.group.lower()) if tel.group else None
        add_numbers(value, label if label is not None else _type_label(tel), phones, invalid, seen)
    name = name or company
    if not phones:
        return RowOutcome(None, NO_NUMBER, card.detail(), name)
    if not name:
        return RowOutcome(None, NO_NAME, card.detail())
    contact = Contact(
        name=name,
        phones=tuple(phones),
        company=company,
        email=join_emails([_unescape(line.value, version) for line in lines.get("email", [])]),
        note=clean_note(_unescape(_value(lines, "note"), version)),
        favorite=any(_STARRED_RE.search(line.value) for line in lines.get("categories", [])),
    )
    return RowOutcome(contact, name=name, invalid=invalid)


def _value(lines: dict[str, list[ContentLine]], key: str) -> str:
    found = lines.get(key)
    value = found[0].value if found else ""
    return value if isinstance(value, str) else ""


def _unescape(value: str, version: str) -> str:
    """A text value without its escapes: vCard 3.0 and 4.0 escape \\ \\n \\, \\;
    vCard 2.1 escapes nothing there (only ; in structured values, see _components)."""
    if version == "2.1" or "\\" not in value:
        return value
    return _ESCAPE_RE.sub(lambda match: _ESCAPES.get(match.group(1), match.group(1)), value)


def _components(value: str, version: str) -> list[str]:
    """The parts of a structured value (N, ORG), split at the semicolons not escaped."""
    return [_unescape(part, version).replace("\\;", ";") for part in _SPLIT_RE.split(value)]


def _apple_label(text: str) -> str:
    match = _APPLE_LABEL_RE.fullmatch(text.strip())
    if match:
        inner = match.group(1)
        return _APPLE_LABELS.get(inner, inner)
    return clean(text)


def _type_label(tel: ContentLine) -> str:
    """The label a TEL's types give: TYPE=CELL (3.0, 4.0), bare CELL (2.1), "work,voice"."""
    words: list[str] = []
    for value in [*tel.params.get("TYPE", []), *tel.singletonparams]:
        words.extend(word.strip().lower() for word in str(value).split(","))
    if "fax" in words:
        if "work" in words:
            return "Work Fax"
        return "Home Fax" if "home" in words else "Fax"
    for word, label in _TYPE_WORDS.items():
        if word in words:
            return label
    return ""


# --- writing -------------------------------------------------------------------------------


def escape(text: str) -> str:
    """A text value as vCard writes it (RFC 6350 3.4)."""
    return (
        text.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def fold(line: str) -> str:
    """A content line cut into 75-octet pieces, never inside a character."""
    if len(line.encode("utf-8")) <= _FOLD_OCTETS:
        return line + "\r\n"
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = len(char.encode("utf-8"))
        # Continuation lines begin with a space, which counts toward their 75 octets.
        limit = _FOLD_OCTETS if not pieces else _FOLD_OCTETS - 1
        if size + octets > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def card_lines(contact: Contact) -> Iterable[str]:
    """The content lines of one vCard 4.0 card."""
    yield "BEGIN:VCARD"
    yield "VERSION:4.0"
    yield f"FN:{escape(contact.name)}"
    if contact.company:
        yield f"ORG:{escape(contact.company)}"
    group = 0
    for phone in contact.phones:
        params = _LABEL_TYPES.get(phone.label)
        if params is not None or not phone.label:
            yield f"TEL{params or ''}:{escape(phone.number)}"
        else:
            group += 1
            yield f"item{group}.TEL:{escape(phone.number)}"
            yield f"item{group}.X-ABLabel:{escape(phone.label)}"
    for address in (part.strip() for part in contact.email.split(",")):
        if address:
            yield f"EMAIL:{escape(address)}"
    if contact.note:
        yield f"NOTE:{escape(contact.note)}"
    if contact.favorite:
        yield "CATEGORIES:starred"
    yield "END:VCARD"


def write_card(out: TextIO, contact: Contact) -> None:
    out.write("".join(fold(line) for line in card_lines(contact)))
