"""Which text encoding a contacts file is in: BOMs, UTF-8, UTF-16, Windows-1258 or -1252.

Decided from the file's bytes as given (its head, then its whole content in chunks where
the head is not enough): the file is opened and read by infra.contact_files."""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import PurePath

from omidesk.domain.contact_files.damage import BINARY_BYTES_RE, UNDECODABLE_RE
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.domain.contact_files.vcard import is_vcard

# Enough of the file to tell binary from text and 1258 from 1252; also the preview's sample.
HEAD_BYTES = 64 * 1024
# Text has next to no other control bytes; random or compressed data has about 11%.
_MAX_CONTROL_SHARE = 0.01
# Windows-1258 writes tones as separate combining marks after the letter.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = "aăâeêioôơuưy"
# Every Vietnamese vowel with and without each tone, both cases.
_VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone)
    for vowel in _VOWELS
    for base in (vowel, vowel.upper())
    for tone in ("", *sorted(_TONE_MARKS))
)
# Letters only Vietnamese uses among what the two code pages decode to (Windows-1252
# reads the same bytes as Ð, ð, Ý, ý).
_VIETNAMESE_ONLY = frozenset("ĐđƯư")
# Vietnamese too, but Windows-1252 reads the same bytes as the ã and õ of Portuguese.
_VIETNAMESE_SHARED = frozenset("ĂăƠơ")


def detect(path: PurePath | str, head: bytes, chunks: Callable[[], Iterable[bytes]]) -> str:
    """The codec to read the file with (for Python's open()); `head` is its first
    HEAD_BYTES, `chunks()` its whole content again, in pieces (asked for at most twice).
    UTF-8 when most of the file's text is, even with a few rows that are not (the reader
    reports those). Raises ContactFileError for an empty or binary file (not for a vCard
    with binary data after its first cards: see _text_part); `path` names the file in it."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            if (
                not head[len(bom) :]
                .decode(codec.removesuffix("-sig"), "replace")
                .strip("\ufeff \t\r\n")
            ):
                raise ContactFileError("import_empty", path)
            return codec
    if not head.strip():
        raise ContactFileError("import_empty", path)
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16 is not None:
            return utf16
    text = _text_part(head)
    if text is None:
        raise ContactFileError("import_not_text", path)
    if is_utf8(chunks()) or mostly_utf8(chunks()):
        return "utf-8"
    return "cp1258" if _looks_vietnamese(text.decode("cp1258", "replace")) else "cp1252"


def _text_part(head: bytes) -> bytes | None:
    """The head, or the text before binary data in it, or None for a file that is not
    text. Text holds next to no control bytes, so a head with more is binary: refused,
    unless it starts as a vCard, whose cards before the damage (a copy cut short) can be
    read; the reader reports where the damage begins (vcard.cards)."""
    controls = len(BINARY_BYTES_RE.findall(head))
    if controls <= len(head) * _MAX_CONTROL_SHARE:
        return head
    first = BINARY_BYTES_RE.search(head)
    text = head[: head.rfind(b"\n", 0, first.start()) + 1] if first else head
    return text if is_vcard(text.decode("utf-8", "replace")) else None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 written without a BOM: mostly-ASCII text puts a zero in every other byte."""
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) // 2 or 1
    if odd > half * 0.3 and even == 0:
        return "utf-16-le"
    if even > half * 0.3 and odd == 0:
        return "utf-16-be"
    return None


def is_utf8(chunks: Iterable[bytes]) -> bool:
    """Strict UTF-8 over the whole file, chunk by chunk: a Windows-1252 byte may first
    appear on the last row, and finding it then would be too late."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        for chunk in chunks:
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def mostly_utf8(chunks: Iterable[bytes]) -> bool:
    """Whether the file's text is UTF-8 with a few bytes that are not (a row pasted from
    a Windows-1258 file), rather than text in another code page: more characters read
    as UTF-8 beyond ASCII than bytes that do not. The reader then reports the rows that
    hold those bytes (reading.py) instead of garbling every letter of the file. Lines
    holding binary data (a copy cut short) have no vote."""
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    read = wrong = 0
    for chunk in chunks:
        kept = chunk
        if BINARY_BYTES_RE.search(chunk):
            lines = chunk.split(b"\n")
            kept = b"\n".join(line for line in lines if not BINARY_BYTES_RE.search(line))
        text = decoder.decode(kept)
        bad = len(UNDECODABLE_RE.findall(text))
        read += len(text) - len(text.encode("ascii", "ignore")) - bad
        wrong += bad
    wrong += len(decoder.decode(b"", final=True))
    # No wrong byte left once binary lines are set aside: text, as UTF-8 reads ASCII.
    return read > wrong or wrong == 0


def vietnamese_evidence(text: str) -> tuple[int, int]:
    """(strong, score) of `text` read as Windows-1258: strong counts tone marks that
    make a Vietnamese vowel and letters only Vietnamese has; score weighs those against
    marks that make no Vietnamese letter (what Windows-1252 text read as 1258 gives)."""
    strong = shared = bad = 0
    previous = ""
    for char in text:
        if char in _TONE_MARKS:
            if unicodedata.normalize("NFC", previous + char) in _VIETNAMESE_LETTERS:
                strong += 1
            else:
                bad += 1
        elif char in _VIETNAMESE_ONLY:
            strong += 1
        elif char in _VIETNAMESE_SHARED:
            shared += 1
        previous = char
    return strong, 2 * strong + shared - 3 * bad


def _looks_vietnamese(text: str) -> bool:
    # ă and ơ alone are also a Portuguese file's ã and õ: tones, đ or ư must be there too.
    strong, score = vietnamese_evidence(text)
    return strong > 0 and score > 0
