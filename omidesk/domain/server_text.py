"""Text a server sent, made safe to print and store: no control characters, bounded length.

Pure: the OMICall client and the domain's parsers of its answers (call results, CRM
contacts) both clean what they read with it."""

from __future__ import annotations

import itertools

MAX_CHARS = 500

# Dropped: C0 and C1 controls and DEL (ESC starts terminal escape sequences, BEL rings,
# a lone \r rewrites the line already printed), the bidi embeddings, overrides, isolates
# and marks (they make a terminal or a label show text in another order than it is
# stored), and lone surrogates (JSON can carry them; SQLite and stdout cannot encode them).
_DROPPED = itertools.chain(
    range(0x00, 0x20),
    range(0x7F, 0xA0),
    range(0x202A, 0x202F),
    range(0x2066, 0x206A),
    (0x061C, 0x200E, 0x200F),
    range(0xD800, 0xE000),
)
# Line breaks and tabs separate words: they become spaces, not nothing.
_SPACED = "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"
_TABLE: dict[int, str | None] = dict.fromkeys(_DROPPED)
_TABLE.update(dict.fromkeys(map(ord, _SPACED), " "))


def clean(text: str, limit: int = MAX_CHARS) -> str:
    """`text` without control characters, runs of spaces made one, at most `limit` chars
    (cut with "…"). What is left of a hostile string is shown as plain, harmless text."""
    # Most server text is already clean (a name, an e-mail): printable means no control,
    # bidi mark, surrogate or whitespace but the plain space, so it is returned as it is
    # when it has no space to trim or merge either. (A list of 1,000 companies is 10,000
    # texts: the full path below was a third of the time taken to list them.)
    if (
        len(text) <= limit
        and text.isprintable()
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        return text
    # A megabyte of server text is not read in full to show 500 characters of it.
    cleaned = " ".join(text[: limit * 4].translate(_TABLE).split())
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned
