"""The owners in memory the service answers from: the same answers as the owners file's
query on a varied sample, and how they are kept up to date while the file is locked."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from omidesk.domain.errors import StorageError
from omidesk.domain.owner_index import ExplicitIndex, OwnerIndex, StickyIndex
from omidesk.domain.owners import Owners, Tier, Why
from omidesk.store.owners import OwnersFile
from omidesk.usecases.live_owners import LiveOwners
from omidesk.usecases.offload import inline

NOW = 1_800_000_000.0
DAY = 86400.0
HOTLINES = ("+842877788056", "+842439998888", "1900123")


def varied(rng: random.Random) -> tuple[list[tuple[str, str, list[str]]], list[tuple]]:
    """Explicit rows and sticky pairs over 300 numbers: owners for any hotline, for one or
    more hotlines, both, none; the same extension in several tiers; more than five; sticky
    calls inside, outside and exactly at the window's edge, equal times."""
    explicit: list[tuple[str, str, list[str]]] = []
    sticky: list[tuple[str, str, float]] = []
    extensions = [str(100 + n) for n in range(12)]
    for n in range(300):
        number = f"+8490{n:07d}"
        if rng.random() < 0.7:
            explicit.append((number, "", rng.sample(extensions, rng.randint(1, 7))))
        for hotline in HOTLINES:
            if rng.random() < 0.3:
                explicit.append((number, hotline, rng.sample(extensions, rng.randint(1, 4))))
        if rng.random() < 0.5:
            when = NOW - rng.choice([1, 3600, 29 * DAY, 30 * DAY, 31 * DAY])
            for extension in rng.sample(extensions, rng.randint(1, 5)):
                sticky.append((number, extension, when if rng.random() < 0.5 else when - 7))
    return explicit, sticky


@pytest.mark.integration
def test_the_index_answers_exactly_what_the_file_answers(tmp_path: Path):
    rng = random.Random(16)
    explicit, sticky = varied(rng)
    with OwnersFile(tmp_path / "owners.sqlite3") as file:
        file.set_owners(explicit[: len(explicit) // 2])
        file.set_owners(explicit[len(explicit) // 2 :], merge=True)
        file.learn(sticky)
        _, explicit_index = file.explicit_index()
        _, sticky_index = file.sticky_index()
        index = OwnerIndex(explicit_index, sticky_index)
        # Numbers answered by the one lookup of a shared list (plain), some with sticky
        # owners too (the one lookup must then not answer alone).
        plain = explicit_index.plain
        assert len(plain) > 10
        assert any(number in sticky_index.by_number for number in plain)
        compared = owned = 0
        for n in range(320):  # 20 numbers nobody owns
            number = f"+8490{n:07d}"
            for hotline in (None, *HOTLINES, "+842800000000"):
                for since in (None, NOW - 30 * DAY, NOW - 30 * DAY - 7, NOW - 2 * DAY):
                    expected = file.owners_now(number, hotline, since)
                    assert index.owners(number, hotline, since) == expected, (
                        number,
                        hotline,
                        since,
                    )
                    compared += 1
                    owned += bool(expected.owners)
        counts = file.counts()
    assert owned > compared // 2  # the sample is not mostly empty answers
    assert (explicit_index.numbers, sticky_index.pairs) == (counts.numbers, counts.sticky)


def test_tiers_in_order_without_duplicates_at_most_five():
    index = OwnerIndex(
        ExplicitIndex.build(
            [
                ("+84901234567", "", "102"),
                ("+84901234567", "", "104"),
                ("+84901234567", "+842877788056", "101"),
                ("+84901234567", "+842877788056", "102"),
            ]
        ),
        StickyIndex.build(
            [
                ("+84901234567", "105", NOW - 10),
                ("+84901234567", "101", NOW - 20),
                ("+84901234567", "106", NOW - 30),
                ("+84901234567", "107", NOW - 40),
            ]
        ),
    )
    found = index.owners("+84901234567", "+842877788056", NOW - 35)
    assert found == Owners(
        (
            Why("101", Tier.HOTLINE),
            Why("102", Tier.HOTLINE),
            Why("104", Tier.ANY),
            Why("105", Tier.STICKY, NOW - 10),
            Why("106", Tier.STICKY, NOW - 30),
        )
    )
    assert index.owners("+84901234567", None, None).body == "102:104"


class Snapshots:
    """The owners file as the index reads it, in memory: rows to load, counts of changes,
    and a lock that refuses every read while held."""

    def __init__(self) -> None:
        self.explicit: list[tuple[str, str, str]] = [("+84901234567", "", "101")]
        self.sticky: list[tuple[str, str, float]] = []
        self.counts = [1, 1]
        self.locked = False
        self.loads: list[str] = []

    def _check(self) -> None:
        if self.locked:
            raise StorageError("owners_busy", path="owners.sqlite3")

    def changes(self) -> tuple[int, int]:
        self._check()
        return self.counts[0], self.counts[1]

    def explicit_index(self) -> tuple[int, ExplicitIndex]:
        self._check()
        self.loads.append("explicit")
        return self.counts[0], ExplicitIndex.build(self.explicit)

    def sticky_index(self) -> tuple[int, StickyIndex]:
        self._check()
        self.loads.append("sticky")
        return self.counts[1], StickyIndex.build(self.sticky)


def test_a_file_locked_at_the_start_answers_busy_until_a_check_finds_it_free():
    async def run() -> None:
        file = Snapshots()
        file.locked = True
        live = LiveOwners(file, offload=inline)
        await live.refresh()
        with pytest.raises(StorageError) as raised:
            await live.read_owners("+84901234567", None, None)
        assert raised.value.code == "owners_busy"
        file.locked = False
        assert await live.refresh()
        assert (await live.read_owners("+84901234567", None, None)).body == "101"

    asyncio.run(run())


def test_while_the_file_is_locked_the_owners_read_before_answer_then_the_change():
    async def run() -> None:
        file = Snapshots()
        live = LiveOwners(file, offload=inline)
        await live.refresh()
        file.explicit = [("+84901234567", "", "109")]
        file.counts[0] += 1
        file.locked = True
        assert not await live.refresh()
        assert (await live.read_owners("+84901234567", None, None)).body == "101"
        file.locked = False
        assert await live.refresh()
        assert (await live.read_owners("+84901234567", None, None)).body == "109"

    asyncio.run(run())


def test_only_the_part_that_changed_is_loaded_again():
    async def run() -> None:
        file = Snapshots()
        live = LiveOwners(file, offload=inline)
        await live.refresh()
        assert file.loads == ["explicit", "sticky"]
        assert not await live.refresh()  # nothing changed: nothing loaded
        file.sticky = [("+84901234567", "105", NOW)]
        file.counts[1] += 1
        assert await live.refresh()
        assert file.loads == ["explicit", "sticky", "sticky"]
        assert (await live.read_owners("+84901234567", None, NOW - DAY)).body == "101:105"

    asyncio.run(run())
