"""Logging: a rotating file in the log directory, with secrets scrubbed from every line."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from omidesk.infra import private_files as private

# The secrets, longest first (a key holding a shorter one is masked whole): a tuple
# replaced whole under the lock, read by every log line without it.
_secrets: tuple[str, ...] = ()
_log_file: Path | None = None
_secrets_lock = threading.Lock()
MASK = "«secret»"


def add_secret(value: str | None) -> None:
    """Registers a value (API key, access token) that must never reach a log line."""
    global _secrets  # noqa: PLW0603 - one set of secrets per process
    if value and len(value) >= 6:
        with _secrets_lock:
            if value not in _secrets:
                _secrets = tuple(sorted({*_secrets, value}, key=len, reverse=True))


def scrub(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


MAX_BYTES = 1_000_000
BACKUPS = 3


def rotate(log_file: Path) -> None:
    """Keeps the log small: at start-up, a file over MAX_BYTES becomes .1 (and .1 → .2 …).
    Done once per process rather than by logging.handlers, whose import alone costs the
    command line more than the rest of its logging."""
    try:
        if log_file.stat().st_size < MAX_BYTES:
            return
    except FileNotFoundError:
        return
    for index in range(BACKUPS - 1, 0, -1):
        older = log_file.with_name(f"{log_file.name}.{index}")
        if older.exists():
            older.replace(log_file.with_name(f"{log_file.name}.{index + 1}"))
    log_file.replace(log_file.with_name(f"{log_file.name}.1"))


_SLOW = "the log's destination did not keep up"

# What a line says. The handler writes it without a Formatter; tracebacks use this one.
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
_FORMATTER = logging.Formatter(FORMAT)


# The most text (characters) waiting for a destination that stopped reading (a journal no
# longer draining the routing service's stderr): past it, lines are dropped, and said so
# once it reads again, rather than anyone waiting on it.
MAX_WAITING = 4 * 1024 * 1024
# How long a stopping process waits for the lines still waiting to be written.
CLOSE_WAIT_S = 2.0
# How long the writer thread lets lines gather before it writes them (see _Behind._run).
GATHER_S = 0.05


class _Behind:
    """Writes text through `write` in a thread of its own, in the order given: whoever logs
    never waits on a destination, however slow. `put` never blocks."""

    def __init__(self, write: Callable[[str], None], dropped_line: Callable[[int], str]) -> None:
        self._write = write
        self._dropped_line = dropped_line
        self._texts: list[str] = []
        self._waiting = 0  # characters put and not yet written
        self._dropped = 0  # lines dropped since the last write
        self._closing = False
        self._ready = threading.Condition(threading.Lock())
        self._thread = threading.Thread(target=self._run, name="omidesk-log-writer", daemon=True)
        self._thread.start()

    def put(self, text: str) -> None:
        with self._ready:
            if self._waiting + len(text) > MAX_WAITING:
                self._dropped += text.count("\n")
                return
            self._texts.append(text)
            self._waiting += len(text)
            self._ready.notify()

    def _run(self) -> None:
        while True:
            with self._ready:
                while not self._texts and not self._closing:
                    self._ready.wait()
                closing = self._closing
            if not closing:
                # A moment for more to come: the routing service puts its access lines a
                # chunk at a time, and a write for each (each a turn of the GIL taken from
                # the requests) cost it 1.3 µs a request; gathered, 0.1.
                time.sleep(GATHER_S)
            with self._ready:
                if not self._texts:
                    return
                texts, self._texts = self._texts, []
                dropped, self._dropped = self._dropped, 0
            text = "".join(texts)
            if dropped:
                text += self._dropped_line(dropped)
            self._write(text)
            with self._ready:
                self._waiting -= sum(map(len, texts))

    def close(self) -> bool:
        """Writes what is waiting (for up to CLOSE_WAIT_S: a destination that stopped
        reading keeps the rest), then stops the thread. Whether it stopped."""
        with self._ready:
            self._closing = True
            self._ready.notify()
        self._thread.join(CLOSE_WAIT_S)
        return not self._thread.is_alive()


# A line's milliseconds as written ("007"), without formatting: emit_lines writes the
# routing service's access lines, dozens at a time.
_MILLISECONDS = tuple(f"{n:03d}" for n in range(1000))


def _after(process: int | None, levelname: str, name: str) -> str:
    """What FORMAT puts between a line's time and its message."""
    return f" {process} {levelname} {name}: "


class _Lines(logging.Handler):
    """Where this process's log lines go (the log file, created 0600; stderr too for the
    routing service, whose journal it is), as one handler: a record is formatted and
    scrubbed once whatever the number of destinations, its date worked out once a second,
    and the line written to each. Two stdlib handlers, each with its Formatter and a
    scrubbing filter, formatted, scrubbed, locked and flushed every line twice: 30-50 µs,
    half the routing service's time per request, for its access line.

    Secrets are scrubbed from the whole line, traceback included: code never logs them,
    and this catches a mistake. A line that cannot be written (the disk full, the file
    gone read-only) or formatted (a mistake in a log call) is dropped without a word:
    logging's default prints "--- Logging error ---" and a traceback on stderr, which
    reads as OmiDesk crashing, in the middle of what a command says. `failed` remembers
    that it happened; it never raises."""

    failed = False

    def __init__(self, log_file: Path | None, *, stderr: bool, behind: bool = False) -> None:
        """`behind`: lines are written by a thread of their own (_Behind), so that a
        destination that stops reading holds up nobody (the routing service's answers)."""
        super().__init__()
        # The file is written by os.write, a line at a time, O_APPEND: one system call,
        # no buffer to flush (a text stream's write and flush cost twice as much).
        self._fd: int | None = None
        if log_file is not None:
            self._fd = private.open_file(log_file, os.O_WRONLY | os.O_APPEND)
        # None in a process without one (a windowed start on Windows).
        self._stderr: TextIO | None = sys.stderr if stderr else None
        self._second = -1
        self._stamp = ""
        self._behind = _Behind(self._write, self._dropped_line) if behind else None
        # Written behind, stderr is written by its descriptor too: a thread blocked in a
        # write to a stream holds the stream's lock, which the interpreter takes at exit.
        self._stderr_fd: int | None = None
        if behind and self._stderr is not None:
            with contextlib.suppress(AttributeError, OSError, ValueError):
                self._stderr_fd = self._stderr.fileno()

    def format(self, record: logging.LogRecord) -> str:
        """The line as FORMAT says, secrets masked, with its line break."""
        message = record.getMessage()
        after = _after(record.process, record.levelname, record.name)
        line = f"{self._date(record.created)},{int(record.msecs):03d}{after}{message}"
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            line = f"{line}\n{record.exc_text}"
        if record.stack_info:
            line = f"{line}\n{_FORMATTER.formatStack(record.stack_info)}"
        return scrub(line) + "\n"

    def _date(self, at: float) -> str:
        """`at`'s date and time to the second, worked out once a second (the caller holds
        the handler's lock)."""
        second = int(at)
        if second != self._second:
            self._stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(at))
            self._second = second
        return self._stamp

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:
            self.failed = True
            return
        self._put(line)

    def _put(self, text: str) -> None:
        if self._behind is not None:
            self._behind.put(text)
        else:
            self._write(text)

    def _dropped_line(self, count: int) -> str:
        """The line saying that `count` lines were dropped (written by _Behind)."""
        self.failed = True
        record = logging.LogRecord(
            __name__, logging.WARNING, "", 0, "%d log line(s) dropped: %s", (count, _SLOW), None
        )
        with self.lock or contextlib.nullcontext():
            return self.format(record)

    def emit_lines(self, levelname: str, name: str, lines: Sequence[tuple[float, str]]) -> None:
        """(time, message) lines of logger `name` at `levelname`, each as format() would
        write its record, all in one write a destination (see handle_lines)."""
        # What every line says after its date, made once (the routing service words its
        # access lines dozens at a time).
        after = _after(os.getpid(), levelname, name)
        with self.lock or contextlib.nullcontext():
            text: list[str] = []
            add = text.append
            second, stamp = -1, ""
            for at, message in lines:
                whole = int(at)
                if whole != second:
                    # The date to the second, worked out again only when it changes.
                    second, stamp = whole, self._date(at)
                add(f"{stamp},{_MILLISECONDS[int((at - whole) * 1000)]}{after}{message}\n")
            # Scrubbed once for all of them: a secret holds no line break, so none spans two.
            self._put(scrub("".join(text)))

    def emit_all(self, records: Sequence[logging.LogRecord]) -> None:
        """Several records written as emit() writes one, in one system call to each
        destination (the routing service's access lines, a batch at a time)."""
        with self.lock or contextlib.nullcontext():
            lines: list[str] = []
            for record in records:
                if not self.filter(record):
                    continue
                try:
                    lines.append(self.format(record))
                except Exception:
                    self.failed = True
            if lines:
                self._put("".join(lines))

    def _write(self, text: str) -> None:
        data = text.encode("utf-8")
        for fd in (self._fd, self._stderr_fd):
            if fd is None:
                continue
            try:
                left = data
                while left:
                    left = left[os.write(fd, left) :]
            except (OSError, ValueError):
                self.failed = True
        if self._stderr is not None and self._stderr_fd is None:
            try:
                self._stderr.write(text)
                self._stderr.flush()
            except (OSError, ValueError):
                self.failed = True

    def close(self) -> None:
        if self._behind is not None:
            if not self._behind.close():
                # Still writing: its descriptors stay open (a number closed here could be
                # another file's by the time the write ends).
                self._fd = self._stderr_fd = None
            self._behind = None
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                self.failed = True
            self._fd = None
        self._stderr = None
        self._stderr_fd = None
        super().close()


def setup(
    log_file: Path | None, *, debug: bool = False, stderr: bool = False, behind: bool = False
) -> None:
    """Configures the root logger once per process. `behind` (the routing service): the
    lines are written by a thread of their own, never by whoever logs. httpx and httpcore
    stay at WARNING even in debug: their request lines carry full URLs, and the auth URL
    holds the API key. So does qasync: its debug lines show every worker call's arguments
    (a call history page, whose recording URLs grant access by themselves)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_omidesk", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for noisy in ("httpx", "httpcore", "hpack", "keyring", "asyncio", "qasync"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    global _log_file  # noqa: PLW0603 - one logging set-up per process
    _log_file = None
    lines: _Lines | None = None
    if log_file is not None:
        try:
            private.make_dir(log_file.parent)
            rotate(log_file)
            lines = _Lines(log_file, stderr=stderr, behind=behind)
            _log_file = log_file
        except OSError:
            # No writable log directory must never stop a call from being placed.
            pass
    if lines is None and stderr:
        lines = _Lines(None, stderr=True, behind=behind)
    if lines is not None:
        lines._omidesk = True  # type: ignore[attr-defined]  # our mark on a logging handler
        root.addHandler(lines)


def handle_lines(logger: logging.Logger, level: int, lines: Sequence[tuple[float, str]]) -> None:
    """`logger.log(level, message)` for each (time, message) of `lines`, each dated at its
    time: ours writes them all at once, without making a LogRecord of each; records are
    made only for another handler (a test's), or a filter, that needs them."""
    if logger.disabled or not logger.isEnabledFor(level) or not lines:
        return
    records: list[logging.LogRecord] | None = None

    def made() -> list[logging.LogRecord]:
        nonlocal records
        if records is None:
            records = []
            for at, message in lines:
                record = logger.makeRecord(logger.name, level, "", 0, message, (), None)
                record.created = at
                record.msecs = (at - int(at)) * 1000
                records.append(record)
        return records

    if logger.filters:
        handle_all(logger, made())
        return
    current: logging.Logger | None = logger
    while current is not None:
        for handler in current.handlers:
            if level < handler.level:
                continue
            if isinstance(handler, _Lines) and not handler.filters:
                handler.emit_lines(logging.getLevelName(level), logger.name, lines)
            else:
                for record in made():
                    handler.handle(record)
        current = current.parent if current.propagate else None


def handle_all(logger: logging.Logger, records: Sequence[logging.LogRecord]) -> None:
    """Gives `records` to the handlers `logger.handle(record)` would give each of them to
    (the logger's and its parents' while they propagate, by level), ours all at once: one
    write a destination for the lot, instead of one a line."""
    if logger.disabled:
        return
    wanted = [record for record in records if logger.filter(record)]
    current: logging.Logger | None = logger
    while current is not None and wanted:
        for handler in current.handlers:
            level = handler.level
            mine = [record for record in wanted if record.levelno >= level]
            if isinstance(handler, _Lines):
                handler.emit_all(mine)
            else:
                for record in mine:
                    handler.handle(record)
        current = current.parent if current.propagate else None


def current_file() -> Path | None:
    """Where this process writes its log (None when it could not open one)."""
    return _log_file


def write_crash_report(text: str, log_dir: Path | None = None) -> Path | None:
    """A short report of a bug beside the log (version, platform, the traceback, secrets
    scrubbed), for the agent to send to their administrator. None if it cannot be written."""
    import platform  # noqa: PLC0415
    import time  # noqa: PLC0415

    from omidesk import __version__  # noqa: PLC0415

    folder = log_dir or (_log_file.parent if _log_file else None)
    if folder is None:
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    report = folder / f"crash-{stamp}.txt"
    body = (
        f"OmiDesk {__version__}\nPython {platform.python_version()} on {platform.platform()}\n"
        f"Time {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n\n{scrub(text)}\n"
    )
    try:
        private.make_dir(folder)
        handle = private.open_file(report, os.O_WRONLY | os.O_TRUNC)
        with open(handle, "w", encoding="utf-8") as file:
            file.write(body)
    except OSError:
        return None
    return report
