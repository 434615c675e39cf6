"""Every number's owners held in memory, as the owner-routing service answers from them: the
explicit owners (for any hotline, and per hotline) and the sticky owners with the date of
their last answered call. Built from the owners file's rows (store.owners), read again
when the file changes; a request only looks up dictionaries, never the file.

Compact, because a company may hold hundreds of thousands of numbers: one dictionary entry
per number, its value a tuple shared by every number with the same owners (most numbers of
a team have one of a few dozen owner lists), the extensions interned."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from omidesk.domain.owners import ANY_HOTLINE, NOBODY, Owners, choose

__all__ = ["ExplicitIndex", "OwnerIndex", "StickyIndex"]

_NONE: tuple[str, ...] = ()
# How many shared lists of owners have their answer chosen beforehand, at most.
ANSWERS_KEPT = 4096


class _Shared:
    """One object for each equal string or tuple seen while building: 100,000 numbers
    owned by "101:102" hold one tuple, not 100,000."""

    def __init__(self) -> None:
        self._lists: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._texts: dict[str, str] = {}

    def extensions(self, values: list[str]) -> tuple[str, ...]:
        key = tuple(values)
        return self._lists.setdefault(key, key)

    def text(self, value: str) -> str:
        return self._texts.setdefault(value, value)


@dataclass(frozen=True, slots=True)
class ExplicitIndex:
    """Explicit owners: `general` maps a number's key to its owners for any hotline,
    `by_hotline` a hotline's key to its numbers' owners for that hotline, each in the
    order the admin gave; `numbers` counts the numbers with any explicit owner."""

    general: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_hotline: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    numbers: int = 0
    # The answer for the lists of owners for any hotline most numbers share, when it is
    # the only tier (the most common answer by far): chosen once, not once a request.
    answers: dict[tuple[str, ...], Owners] = field(default_factory=dict)
    # That answer by number, for the numbers with one of those lists and no owner for a
    # particular hotline: what most requests ask, found by one lookup.
    plain: dict[str, Owners] = field(default_factory=dict)

    @staticmethod
    def build(rows: Iterable[tuple[str, str, str]]) -> ExplicitIndex:
        """From (number, hotline, extension) rows ordered by number, hotline, position
        (hotline ANY_HOTLINE: any hotline)."""
        shared = _Shared()
        general: dict[str, tuple[str, ...]] = {}
        by_hotline: dict[str, dict[str, tuple[str, ...]]] = {}
        numbers = 0
        current: tuple[str, str] | None = None
        extensions: list[str] = []

        def flush(number: str, hotline: str) -> None:
            value = shared.extensions(extensions)
            if hotline == ANY_HOTLINE:
                general[number] = value
            else:
                by_hotline.setdefault(shared.text(hotline), {})[number] = value

        last_number: str | None = None
        for number, hotline, extension in rows:
            if current is None or number != current[0] or hotline != current[1]:
                if current is not None:
                    flush(*current)
                if number != last_number:
                    numbers += 1
                    last_number = number
                current, extensions = (number, hotline), []
            extensions.append(shared.text(extension))
        if current is not None:
            flush(*current)
        # Only lists many numbers share: a memo of one answer per number would double
        # the index for nothing.
        shared_lists = Counter(general.values()).most_common(ANSWERS_KEPT)
        answers = {value: choose((), value, ()) for value, count in shared_lists if count > 1}
        for_hotlines = {number for owners in by_hotline.values() for number in owners}
        plain = {
            number: answer
            for number, value in general.items()
            if (answer := answers.get(value)) is not None and number not in for_hotlines
        }
        return ExplicitIndex(general, by_hotline, numbers, answers, plain)


@dataclass(frozen=True, slots=True)
class StickyIndex:
    """Sticky owners: a number's key to its extensions, most recent first, and beside
    them the start of each one's last answered call. `pairs` counts the (number,
    extension) pairs."""

    by_number: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = field(default_factory=dict)
    pairs: int = 0

    @staticmethod
    def build(rows: Iterable[tuple[str, str, float]]) -> StickyIndex:
        """From (number, extension, last_call_at) rows ordered by number, then by
        last_call_at descending (then extension: the order of equal times)."""
        shared = _Shared()
        by_number: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {}
        pairs = 0
        current: str | None = None
        extensions: list[str] = []
        times: list[float] = []
        for number, extension, when in rows:
            if number != current:
                if current is not None:
                    by_number[current] = (shared.extensions(extensions), tuple(times))
                current, extensions, times = number, [], []
            extensions.append(shared.text(extension))
            times.append(float(when))
            pairs += 1
        if current is not None:
            by_number[current] = (shared.extensions(extensions), tuple(times))
        return StickyIndex(by_number, pairs)

    def since(self, number: str, when: float) -> list[tuple[str, float]]:
        """The number's sticky owners whose last answered call started at `when` or
        later, most recent first."""
        found = self.by_number.get(number)
        if found is None:
            return []
        extensions, times = found
        return [
            (extension, at) for extension, at in zip(extensions, times, strict=True) if at >= when
        ]


@dataclass(frozen=True, slots=True)
class OwnerIndex:
    """The two parts together: what a request reads. Replaced whole when the file
    changes (one assignment), never changed in place."""

    explicit: ExplicitIndex = field(default_factory=ExplicitIndex)
    sticky: StickyIndex = field(default_factory=StickyIndex)

    def owners(self, number: str, hotline: str | None, sticky_since: float | None) -> Owners:
        """What the owners file's query gives (store.owners.OwnersFile.owners_now): the
        owners of `number` (a key) for `hotline` (a key, or None), the sticky ones whose
        last call started at `sticky_since` or later (None: none), in the tiers' order."""
        explicit = self.explicit
        # The usual request first: a number with a shared list of owners for any hotline,
        # none for a particular one, and no sticky owner.
        plain = explicit.plain.get(number)
        if plain is not None and (sticky_since is None or number not in self.sticky.by_number):
            return plain
        for_hotline = _NONE
        if hotline:
            numbers = explicit.by_hotline.get(hotline)
            if numbers is not None:
                for_hotline = numbers.get(number, _NONE)
        general = explicit.general.get(number, _NONE)
        # Most numbers have no sticky owner: told by one lookup, without a call or a list.
        sticky: Sequence[tuple[str, float]] = ()
        if sticky_since is not None and number in self.sticky.by_number:
            sticky = self.sticky.since(number, sticky_since)
        if not for_hotline and not sticky:
            if not general:
                # Nobody's number (one in ten asked, say): no answer to make.
                return NOBODY
            answer = explicit.answers.get(general)
            if answer is not None:
                return answer
        return choose(for_hotline, general, sticky)
