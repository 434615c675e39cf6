"""vCard 2.1–4.0: the cards of a file's text read one at a time, and contacts written as 4.0."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, TextIO

from omidesk.domain.contact_files.csv_formats import RowOutcome, add_numbers, join_emails, owned
from omidesk.domain.contact_files.damage import BINARY_RE, SUSPECT_RE, printable
from omidesk.domain.contact_files.model import (
    BAD_ENCODING,
    BAD_ROW,
    DAMAGED,
    NO_NAME,
    NO_NUMBER,
    TOO_BIG,
)
from omidesk.domain.contact_files.names import clean, clean_note, compose
from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.owners import MAX_OWNERS, split_extensions

if TYPE_CHECKING:
    from vobject.base import ContentLine

log = logging.getLogger(__name__)

# A contact's owners (issue 16), in the routing service's own form: "101:102". An X-
# property: other programs keep it or drop it, and OmiDesk's import reads it back.
OWNERS = "X-OMIDESK-OWNERS"
_BEGIN_RE = re.compile(r"begin\s*:\s*vcard\s*", re.IGNORECASE)
_END_RE = re.compile(r"end\s*:\s*vcard\s*", re.IGNORECASE)
_FRAME_RE = re.compile(r"(begin|end|version|prodid)\s*[:;]", re.IGNORECASE)
# A content line's property name, after its group ("item1.TEL;type=CELL:…" → TEL); the
# bounds keep a huge line that is no property from being scanned for one.
_NAME_RE = re.compile(r"(?:[^.;:]{1,64}\.)?([^.;:]{1,64})")
# The properties read_card() reads. The others (PHOTO, LOGO, SOUND, KEY: megabytes of
# base64 on a phone's export) are passed over while the file is read, never held.
_READ = frozenset(
    {"VERSION", "FN", "N", "ORG", "TEL", "EMAIL", "NOTE", "CATEGORIES", "X-ABLABEL", OWNERS}
)
# The most characters of those properties one card may hold: a contact has a name, a few
# numbers and notes; a card past this (megabytes) is reported (TOO_BIG), not parsed.
MAX_CARD_CHARS = 4 << 20
# A line longer than this is read in parts of this many characters, so that one line of
# a gigabyte (no line break in it) is never held whole.
_LINE_CHARS = 1 << 20
# What vobject's line pattern accepts before the value: group, name, parameters, ":".
# vobject's own pattern backtracks exponentially on a line whose parameters do not read
# (40 of them never end); this one, possessive throughout, never goes back: a line it
# does not match is not handed to vobject at all (its number is kept all the same).
_CONTENT_LINE_RE = re.compile(
    r"(?:[A-Za-z0-9_-]++\.)?+[A-Za-z0-9_-]++(?:;(?=;))?+"
    r'(?:;[A-Za-z0-9_-]++(?:[=,](?:"[^"]*+"|[^";:,]*+))*+)*+:'
)
# vCard 2.1 continues a quoted-printable value ending in "=" on the next line.
_QP = "quoted-printable"
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
    """One card as found in the file: the logical lines (folding undone) of the properties
    read_card() reads, each with the file line it starts on, and what went wrong."""

    number: int
    lines: list[tuple[str, int]] = field(default_factory=list)
    # Its END was there.
    complete: bool = False
    # The file line where binary data (damage) begins inside it, or in place of it.
    damaged_at: int = 0
    # It holds bytes the file's encoding cannot read (UTF-8 file, a card in another code page).
    undecodable: bool = False
    # Its properties hold more than MAX_CARD_CHARS: no longer gathered.
    too_big: bool = False
    # Characters gathered in `lines`.
    size: int = 0

    def detail(self) -> str:
        """The card's first properties, for the report (not BEGIN, VERSION, PRODID, END)."""
        shown: list[str] = []
        size = 0
        for text, _ in self.lines:
            line = text.strip()
            if line and not _FRAME_RE.match(line):
                shown.append(line[:_DETAIL_LIMIT])
                size += len(shown[-1])
            if len(shown) == 5 or size > _DETAIL_LIMIT:
                break
        body = printable(" ".join(shown))
        return body if len(body) <= _DETAIL_LIMIT else body[: _DETAIL_LIMIT - 1] + "…"


def is_vcard(sample: str) -> bool:
    """Whether a text starts (after blank lines) with BEGIN:VCARD."""
    for line in sample.lstrip("\ufeff").splitlines():
        if line.strip():
            return bool(_BEGIN_RE.fullmatch(line.strip()))
    return False


class _Unfolding:
    """The logical line being put together from a card's physical lines, in one pass:
    its pieces are joined once, at its end (appending to a string, or asking a buffer
    for its value after each line as vobject does, made a value folded over 80,000
    lines take half a minute), and whether a quoted-printable soft line break continues
    it is known from its last character and a short tail."""

    __slots__ = ("card", "keep", "last", "pieces", "qp", "size", "start", "tail")

    def __init__(self, card: Card) -> None:
        self.card = card
        self.pieces: list[str] = []
        self.size = 0
        self.keep = False
        self.start = 0
        self.last = ""
        self.tail = ""
        self.qp = False

    def begin(self, line: str, number: int) -> None:
        self.end()
        found = _NAME_RE.match(line)
        self.keep = (
            found is not None and found.group(1).strip().upper() in _READ and not self.card.too_big
        )
        self.start = number
        self.last = self.tail = ""
        self.qp = False
        self.add(line)

    def add(self, piece: str) -> None:
        if self.keep:
            self.pieces.append(piece)
            self.size += len(piece)
            if self.card.size + self.size > MAX_CARD_CHARS:
                # Not held any longer: the card is reported, with the lines before this.
                self.card.too_big = True
                self.keep = False
                self.pieces = []
        if piece:
            self.last = piece[-1]
        if not self.qp:
            # Anywhere in the line, as vobject looks for it, even across a fold: each
            # piece is looked at once, with the end of the one before.
            window = (self.tail + piece).lower()
            self.qp = _QP in window
            self.tail = window[1 - len(_QP) :]

    def continues_qp(self) -> bool:
        return self.qp and self.last == "="

    def end(self) -> None:
        if self.keep and self.pieces:
            self.card.lines.append(("".join(self.pieces), self.start))
            self.card.size += self.size
        self.pieces = []
        self.size = 0
        self.keep = False


def _lines(text: IO[str]) -> Iterator[tuple[str, bool]]:
    """The file's lines without their line break, each with whether it goes on from the
    part before it (a line longer than _LINE_CHARS comes in parts)."""
    going_on = False
    while raw := text.readline(_LINE_CHARS):
        line = raw.rstrip("\r\n")
        yield line, going_on
        going_on = len(line) == len(raw)  # no line break: the line goes on


def cards(text: IO[str]) -> Iterator[Card]:
    """The cards of a file, one at a time, each line read once. A card cut off (no END
    before the next BEGIN or the end of the file) comes out incomplete rather than
    swallowing the next one. A line holding binary data begins damage: the card it is in
    (or a card in its place, between two cards) comes out damaged, and reading resumes at
    the next BEGIN:VCARD line of text."""
    card: Card | None = None
    unfolding: _Unfolding | None = None
    number = 0
    line_number = 0
    damaged = False
    qp_next = False
    for line, going_on in _lines(text):
        if not going_on:
            line_number += 1
        if SUSPECT_RE.search(line):
            if BINARY_RE.search(line):
                if not damaged:
                    damaged = True
                    if card is None:
                        number += 1
                        card = Card(number)
                    elif unfolding is not None:
                        unfolding.end()
                    card.damaged_at = line_number
                    yield card
                    card = unfolding = None
                continue
            if card is not None:
                card.undecodable = True  # not binary: bytes the encoding cannot read
        if going_on:
            if unfolding is not None:
                unfolding.add(line)
                qp_next = unfolding.continues_qp()
            continue
        stripped = line.strip()
        if _BEGIN_RE.fullmatch(stripped):
            if card is not None and unfolding is not None:
                unfolding.end()
                yield card
            damaged = qp_next = False
            number += 1
            card = Card(number)
            unfolding = _Unfolding(card)
            continue
        if card is None or unfolding is None:
            continue  # outside any card, or in a damaged stretch
        if _END_RE.fullmatch(stripped):
            unfolding.end()
            card.complete = True
            yield card
            card = unfolding = None
            continue
        if not stripped:
            unfolding.end()
            qp_next = False
            continue
        if qp_next:
            # A soft line break: vobject decodes the "=\n" with the quoted-printable value.
            unfolding.add("\n")
            unfolding.add(line)
        elif line[0] in " \t":
            unfolding.add(line[1:])
        else:
            unfolding.begin(line, line_number)
        qp_next = unfolding.continues_qp()
    if card is not None and unfolding is not None:
        unfolding.end()
        yield card


def parse(card: Card) -> dict[str, list[ContentLine]] | None:
    """The content lines of a complete card by lower-case property name, or None.

    vobject reads each line (quoted-printable with its charset, groups, parameters); the
    folding is undone by cards(), and the values are unescaped here, by the card's
    version. vobject's own value decoding is not used: it reads every text value as a
    vCard 3.0 list and keeps what comes before the first unescaped comma, which cut a
    vCard 2.1 "Khách hàng thân thiết, gọi trước 10 giờ" (2.1 does not escape commas) short."""
    if not card.complete:
        return None
    # vobject (some 80 ms and 4 MB) loads with the first card read, not with the window
    # that only might import one.
    from vobject.base import (  # noqa: PLC0415
        ContentLine,
        VObjectError,
        textLineToContentLine,
    )

    found: dict[str, list[ContentLine]] = {}
    for text, number in card.lines:
        try:
            if not _CONTENT_LINE_RE.match(text):
                raise VObjectError("not a content line", number)
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
    if card.damaged_at:
        return RowOutcome(None, DAMAGED, card.detail(), line=card.damaged_at)
    if card.too_big:
        return RowOutcome(None, TOO_BIG, card.detail())
    if card.undecodable:
        return RowOutcome(None, BAD_ENCODING, card.detail())
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
    # What is no extension is left out and reported, as the CSV import does.
    owners, bad_owners = split_extensions(
        " ".join(_unescape(line.value, version) for line in lines.get(OWNERS.lower(), []))
    )
    contact = Contact(
        name=name,
        phones=tuple(phones),
        company=company,
        email=join_emails([_unescape(line.value, version) for line in lines.get("email", [])]),
        note=clean_note(_unescape(_value(lines, "note"), version)),
        favorite=any(_STARRED_RE.search(line.value) for line in lines.get("categories", [])),
        owners=tuple(owners[:MAX_OWNERS]),
    )
    return owned(RowOutcome(contact, name=name, invalid=invalid), owners, bad_owners)


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
    if contact.owners:
        yield f"{OWNERS}:{escape(':'.join(contact.owners))}"
    yield "END:VCARD"


def write_card(out: TextIO, contact: Contact) -> None:
    out.write("".join(fold(line) for line in card_lines(contact)))
