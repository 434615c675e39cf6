"""The log file: private (0600 in a 0700 folder), and failing to write it never shows."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from omidesk.infra import logs
from tests.conftest import ROOT

# Log files written by real processes.
pytestmark = pytest.mark.integration

# A file size limit a log file is already past: each line then fails to be written.
LIMIT = 16 * 1024


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask (022), which leaves new files readable by everyone: the modes
    asked for must be what makes them private."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


LOGGING_CHILD = textwrap.dedent(
    f"""
    import logging, resource, sys
    from pathlib import Path
    from omidesk.infra import logs
    logs.setup(Path(sys.argv[1]))
    resource.setrlimit(resource.RLIMIT_FSIZE, ({LIMIT}, {LIMIT}))
    for number in range(3):
        logging.getLogger("omidesk").warning("line %d that has nowhere to go", number)
    try:
        raise ValueError("with a traceback of its own")
    except ValueError:
        logging.getLogger("omidesk").exception("and a bug")
    logging.getLogger("omidesk").warning("a mistake in a log call: %d", "not a number")
    print("still running")
    """
)


def test_a_log_file_that_cannot_be_written_prints_no_traceback(tmp_path: Path) -> None:
    log_file = tmp_path / "log" / "omidesk.log"
    log_file.parent.mkdir()
    log_file.write_text("earlier line\n" * (2 * LIMIT // 13), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", LOGGING_CHILD, str(log_file)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout == "still running\n"
    assert done.stderr == ""


def test_the_log_file_and_crash_reports_are_private(tmp_path: Path, open_umask: None) -> None:
    log_file = tmp_path / "new" / "log" / "omidesk.log"
    try:
        logs.setup(log_file)
        logging.getLogger("omidesk").warning("a line")
        report = logs.write_crash_report("Traceback: a bug")
    finally:
        logs.setup(None)
    assert report is not None
    assert (mode(log_file), mode(report)) == (0o600, 0o600)
    assert mode(log_file.parent) == 0o700
    assert mode(log_file.parent.parent) == 0o700


def test_a_log_file_readable_by_others_is_made_private(tmp_path: Path, open_umask: None) -> None:
    log_file = tmp_path / "omidesk.log"
    log_file.write_text("an older OmiDesk's line\n", encoding="utf-8")
    log_file.chmod(0o644)
    try:
        logs.setup(log_file)
    finally:
        logs.setup(None)
    assert mode(log_file) == 0o600
    assert log_file.read_text(encoding="utf-8") == "an older OmiDesk's line\n"


def test_the_log_of_native_crashes_is_private(home: Path) -> None:
    """Kept open for faulthandler by the window's process: tried in a process of its own."""
    opened = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os; os.umask(0o022)\n"
            "from omidesk.app import _record_native_crashes\n"
            "from omidesk.infra.paths import default_paths\n"
            "_record_native_crashes(default_paths())",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert opened.returncode == 0, opened.stderr
    crashes = home / "log" / "native-crashes.log"
    assert (mode(crashes), mode(crashes.parent)) == (0o600, 0o700)


BOTH_CHILD = textwrap.dedent(
    """
    import logging, sys
    from pathlib import Path
    from omidesk.infra import logs
    logs.setup(Path(sys.argv[1]), stderr=True, behind=sys.argv[2] == "behind")
    logs.add_secret("s3cret-key-0123")
    logging.getLogger("omidesk.routing.access").info("key %s sent", "s3cret-key-0123")
    try:
        raise ValueError("the key was s3cret-key-0123")
    except ValueError:
        logging.getLogger("omidesk").exception("and a bug")
    logging.getLogger("omidesk").debug("not at INFO")
    logs.handle_lines(
        logging.getLogger("omidesk.routing.access"),
        logging.INFO,
        [(1_800_000_000.25, "written later, key s3cret-key-0123 dated then")],
    )
    """
)


@pytest.mark.parametrize("how", ["in_place", "behind"])
def test_the_service_writes_each_line_once_to_the_file_and_stderr_secrets_masked(
    tmp_path: Path, how: str
) -> None:
    # "behind": written by a thread of their own (the routing service), all of them
    # before the process ends.
    log_file = tmp_path / "omidesk.log"
    done = subprocess.run(
        [sys.executable, "-c", BOTH_CHILD, str(log_file), how],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = log_file.read_text(encoding="utf-8")
    assert written == done.stderr  # the same lines, each once, in both
    lines = written.splitlines()
    assert len(lines) >= 4  # the access line, the error and its traceback
    pid = str(os.getpid())
    first = lines[0].split(" ")
    # "2026-01-02 10:20:30,123 <pid> INFO omidesk.routing.access: key «secret» sent"
    assert first[2] != pid and first[2].isdigit()
    assert first[3:] == ["INFO", "omidesk.routing.access:", "key", logs.MASK, "sent"]
    assert len(first[1]) == len("10:20:30,123") and first[1][8] == ","
    assert lines[1].endswith("ERROR omidesk: and a bug")
    assert "Traceback (most recent call last):" in written
    assert f"ValueError: the key was {logs.MASK}" in written
    assert "s3cret-key-0123" not in written
    assert "not at INFO" not in written
    # A line handed over later (the routing service's access lines) reads like the others,
    # dated when it was said.
    later = lines[-1].split(" ")
    assert later[1].endswith(",250") and later[2] == first[2]
    said = "written later, key " + logs.MASK + " dated then"
    assert later[3:] == ["INFO", "omidesk.routing.access:", *said.split(" ")]
