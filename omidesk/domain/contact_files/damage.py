"""What in a contacts file is not text: binary data, and bytes its encoding cannot read."""

from __future__ import annotations

import re

# Control bytes text never holds (tab, line feed, vertical tab, form feed, carriage return
# and the end-of-file mark 0x1A are text): binary data, such as the rest of a copy cut short.
BINARY_BYTES_RE = re.compile(rb"[\x00-\x08\x0e-\x19\x1b-\x1f]")
# The same in decoded text: a line holding one is damage, not text.
BINARY_RE = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f]")
# What the "surrogateescape" error handler makes of a byte that is not UTF-8. A UTF-8 file
# is read with it, so that a row holding such bytes can be told and reported, where
# "replace" would leave a U+FFFD the file may well hold itself.
UNDECODABLE_RE = re.compile("[\udc80-\udcff]")
# Either: the one search a line of a vCard costs when it is plain text.
SUSPECT_RE = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\udc80-\udcff]")
# The encodings read that way (any other reads every byte, or replaces what it cannot).
SURROGATE_ENCODINGS = frozenset({"utf-8", "utf-8-sig"})


def printable(text: str) -> str:
    """`text` with each byte that was not UTF-8 shown as U+FFFD: a lone surrogate must
    reach no report, store or window (it cannot even be written out as UTF-8)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
