"""Whether a request may have left this computer: what tells "unknown" from "failed"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Wire:
    """Set by whoever sends a request as soon as any byte of it may have left.

    The dialer hands one to each click2call: when the dial is interrupted (Ctrl+C, the
    window closed), no error says whether the request left, and this does: "unknown, check
    your phone" if it may have, "failed, no call was placed" if it never did."""

    sent: bool = False
