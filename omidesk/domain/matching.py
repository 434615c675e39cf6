"""Which parts of a shown name, company or number a search text matched: the spans to
highlight. The rules are the contact search's: each word of the text starts a word of the
name or company, accents and case aside (đ as d); its digits are found anywhere in a
number, written nationally or internationally."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from omidesk.domain.contacts import fold, words

# One query word made only of digits and the marks numbers are written with (as the
# store's parse_query reads it).
_NUMBER_WORD_RE = re.compile(r"\+?[\d().\-]*\d[\d().\-]*")
# A word as shown: letters and digits, with any combining marks (a tone written apart).
_WORD_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")

Span = tuple[int, int]  # [start, end) in the shown text


@dataclass(frozen=True, slots=True)
class Query:
    """A search text as highlighting reads it: folded word prefixes and national digits."""

    words: tuple[str, ...]
    digits: str

    @property
    def empty(self) -> bool:
        return not self.words and not self.digits


# The drop-down reads the same text's query several times a keystroke (the search, the
# marks, whether it is a name): parsed once. Query is immutable.
@lru_cache(maxsize=64)
def query(text: str) -> Query:
    """The words and digits of a search text ("tran bao", "+84 90", "0901 234")."""
    word_parts: list[str] = []
    digits = ""
    for part in text.split():
        if _NUMBER_WORD_RE.fullmatch(part):
            digits += "".join(ch for ch in part if ch.isdigit())
            if part.startswith("+") and digits.startswith("84"):
                digits = "0" + digits[2:]
        else:
            word_parts.append(part)
    if digits.startswith("0084"):
        digits = "0" + digits[4:]
    return Query(tuple(words(" ".join(word_parts))) if word_parts else (), digits)


def word_spans(text: str, wanted: Query) -> list[Span]:
    """The parts of `text` (a name or company as shown) that the query's words match: the
    start of each word of `text` that some query word begins, as long as that query word."""
    if not wanted.words or not text:
        return []
    spans: list[Span] = []
    for match in _WORD_RE.finditer(text):
        shown = match.group()
        folded = [fold(char) for char in shown]
        flat = "".join(folded)
        longest = max((w for w in wanted.words if flat.startswith(w)), key=len, default="")
        if not longest:
            continue
        # Characters of `shown` until the folded prefix is covered (a letter folds to one
        # letter; a lone combining mark to none).
        covered, end = 0, 0
        while end < len(shown) and covered < len(longest):
            covered += len(folded[end])
            end += 1
        while end < len(shown) and not folded[end]:
            end += 1  # the marks of the last letter covered stay with it
        spans.append((match.start(), match.start() + end))
    return spans


def digit_spans(number: str, wanted: Query) -> list[Span]:
    """The part of `number` (as shown, "0901 234 567") holding the query's digits."""
    digits = wanted.digits
    if not digits or not number:
        return []
    positions = [index for index, char in enumerate(number) if char.isdigit()]
    shown = "".join(number[index] for index in positions)
    found = shown.find(digits)
    if found < 0:
        return []
    return [(positions[found], positions[found + len(digits) - 1] + 1)]
