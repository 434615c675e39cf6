"""Recovering what a crash left, its rules on in-memory ports. Over a real database: the
window's start (tests/test_ui_import.py, tests/test_store_locks.py) and the command line's
(tests/test_contact_io.py, tests/test_cli.py)."""

from __future__ import annotations

import pytest

from omidesk.domain.errors import StorageError
from omidesk.usecases import recover


class Calls:
    """Calls a crash left `placing`, or a database that refuses the write."""

    def __init__(self, left: int, failing: StorageError | None = None) -> None:
        self.left = left
        self.failing = failing

    def recover_interrupted(self) -> int:
        if self.failing is not None:
            raise self.failing
        left, self.left = self.left, 0
        return left


class Imports:
    def __init__(self, runs: list[int], failing: StorageError | None = None) -> None:
        self.runs = runs
        self.failing = failing

    def abandoned(self) -> list[int]:
        if self.failing is not None:
            raise self.failing
        return list(self.runs)

    def undo_abandoned(self) -> int:
        if self.failing is not None:
            raise self.failing
        undone, self.runs = len(self.runs), []
        return undone


LOCKED = StorageError("store_locked", path="/data/omidesk.sqlite3")
FULL = StorageError("store_disk_full", path="/data/omidesk.sqlite3")


def test_calls_left_placing_are_settled_once() -> None:
    calls = Calls(left=2)
    assert recover.settle_calls(calls) == 2
    assert recover.settle_calls(calls) == 0


def test_another_writer_does_not_keep_the_window_closed() -> None:
    assert recover.settle_calls(Calls(1, failing=LOCKED), busy_ok=True) == 0


@pytest.mark.parametrize(("failing", "busy_ok"), [(LOCKED, False), (FULL, True)])
def test_any_other_failure_to_settle_is_told(failing: StorageError, busy_ok: bool) -> None:
    with pytest.raises(StorageError) as raised:
        recover.settle_calls(Calls(1, failing=failing), busy_ok=busy_ok)
    assert raised.value is failing


def test_imports_to_undo_are_found_and_undone() -> None:
    imports = Imports([3, 4])
    assert recover.imports_to_undo(imports)
    assert recover.undo_imports(imports) == 2
    assert not recover.imports_to_undo(imports)
    assert recover.undo_imports(imports) == 0


def test_a_database_that_cannot_be_read_is_no_import_to_undo_now() -> None:
    assert not recover.imports_to_undo(Imports([3], failing=LOCKED))


def test_an_undo_that_cannot_be_written_is_told() -> None:
    with pytest.raises(StorageError):
        recover.undo_imports(Imports([3], failing=LOCKED))
