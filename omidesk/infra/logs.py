"""Logging: a rotating file in the log directory, with secrets scrubbed from every line."""

from __future__ import annotations

import io
import logging
import os
import threading
from pathlib import Path

from omidesk.infra import private_files as private

_secrets: set[str] = set()
_log_file: Path | None = None
_secrets_lock = threading.Lock()
MASK = "«secret»"


def add_secret(value: str | None) -> None:
    """Registers a value (API key, access token) that must never reach a log line."""
    if value and len(value) >= 6:
        with _secrets_lock:
            _secrets.add(value)


def scrub(text: str) -> str:
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


class _ScrubFilter(logging.Filter):
    """Second line of defence: code never logs secrets, and this catches a mistake."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            # A mistake in a log call must not raise where it was logged (a filter runs
            # outside the handler's own error handling): formatting fails again in the
            # handler, which deals with it.
            return True
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


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


class _LogFile(logging.FileHandler):
    """The log file, created 0600. A line it cannot write (the disk full, the file gone
    read-only) is dropped without a word: logging's default prints "--- Logging error ---"
    and a traceback on stderr, which reads as OmiDesk crashing, in the middle of what a
    command says. `failed` remembers that it happened; it never raises."""

    failed = False

    def _open(self) -> io.TextIOWrapper:
        handle = private.open_file(Path(self.baseFilename), os.O_WRONLY | os.O_APPEND)
        try:
            return open(handle, "a", encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(handle)
            raise

    def handleError(self, record: logging.LogRecord) -> None:
        self.failed = True

    def flush(self) -> None:
        try:
            super().flush()
        except (OSError, ValueError):
            self.failed = True

    def close(self) -> None:
        try:
            super().close()
        except (OSError, ValueError):
            self.failed = True


FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


def setup(log_file: Path | None, *, debug: bool = False, stderr: bool = False) -> None:
    """Configures the root logger once per process. httpx and httpcore stay at WARNING even
    in debug: their request lines carry full URLs, and the auth URL holds the API key."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_omidesk", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for noisy in ("httpx", "httpcore", "hpack", "keyring", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    global _log_file  # noqa: PLW0603 - one logging set-up per process
    _log_file = None
    handlers: list[logging.Handler] = []
    if log_file is not None:
        try:
            private.make_dir(log_file.parent)
            rotate(log_file)
            handlers.append(_LogFile(log_file, encoding="utf-8"))
            _log_file = log_file
        except OSError:
            # No writable log directory must never stop a call from being placed.
            pass
    if stderr:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(_ScrubFilter())
        handler._omidesk = True  # type: ignore[attr-defined]  # our mark on a stdlib handler
        root.addHandler(handler)


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
