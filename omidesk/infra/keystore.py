"""Where an API key lives: the OS keyring, or a 0600 file where no keyring really works.

Three secrets live here, each in its own entry: the company's (the agent's) key, a reseller's
partner key (issue 18) and the AutoCall account's secret_key (issue 17). They never mix:
another keyring entry, file and variable each."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from omidesk.domain.settings import (
    API_KEY_ENV,
    AUTOCALL_SECRET_ENV,
    PARTNER_API_KEY_ENV,
    ROUTING_API_KEY_ENV,
    Problem,
)
from omidesk.infra import private_files

log = logging.getLogger(__name__)

SERVICE = "omidesk"
USERNAME = "api-key"


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One secret's places: its keyring entry, its environment variable, and the prefix of
    the catalogue codes its notices use (each names the command that stores that key)."""

    username: str
    env: str
    notice_prefix: str = ""
    service: str = SERVICE


AGENT_KEY = KeyEntry(USERNAME, API_KEY_ENV)
PARTNER_KEY = KeyEntry("partner-api-key", PARTNER_API_KEY_ENV, "partner_")
# The key OMICall sends the owner-routing service (issue 16): the service's own, never the
# company's API key. Its variable may hold several, comma-separated, during a rotation.
ROUTING_KEY = KeyEntry("routing-api-key", ROUTING_API_KEY_ENV, "routing_")
# The AutoCall (aicallcenter.vn) account's secret_key: an entry of its own, never the API key's.
AUTOCALL_SECRET = KeyEntry("autocall-secret", AUTOCALL_SECRET_ENV, "autocall_")


# How long the window keeps the agent's key as the keyring gave it (KeyStore's keep_s).
# Asking the keyring is a D-Bus exchange with the Secret Service (~6 ms, 29 ms on a slow VM:
# it opens a session each time), and every dial asked it, on the window's thread. Past this
# age the next read still answers at once, and asks the keyring again behind it: a key
# another process changed (`omidesk config set-api-key`) is used within about this long. The other
# secrets (AutoCall's, a reseller's, the routing service's) are read far less often, and
# set only from the command line: asked every time.
KEYRING_FRESH_S = 60.0


class KeyLocation(StrEnum):
    ENV = "env"
    KEYRING = "keyring"
    FILE = "file"
    NONE = "none"


class KeyStore:
    """Reads and stores the company's API key.

    Order of reading: $OMIDESK_API_KEY, then the fallback file (it exists only because the
    keyring failed when the key was stored), then the keyring. A keyring that accepts a
    key but cannot give it back (null/fail backends, a locked headless secret service)
    counts as no keyring: every store is read back.

    The file is used only if it is the agent's own; one others may read or change is made
    0600 first. Either is said once through `on_notice` (a catalogue code and details)."""

    def __init__(
        self,
        fallback_file: Path,
        environ: Mapping[str, str] | None = None,
        *,
        on_notice: Callable[[Problem], None] | None = None,
        entry: KeyEntry = AGENT_KEY,
        keep_s: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.fallback_file = fallback_file
        self.entry = entry
        self._environ = os.environ if environ is None else environ
        self._on_notice = on_notice
        self._told: set[str] = set()
        # How long the keyring's answer is kept (0: the keyring is asked at every read).
        self.keep_s = keep_s
        self._clock = clock
        # The keyring's last answer (a key) and when it was read; None: ask it.
        self._kept: tuple[str, float] | None = None
        self._asking: threading.Thread | None = None
        self._asking_lock = threading.Lock()

    def location(self) -> KeyLocation:
        if self._from_env():
            return KeyLocation.ENV
        if self._read_file():
            return KeyLocation.FILE
        return KeyLocation.KEYRING if _keyring_get(self.entry) else KeyLocation.NONE

    def get(self) -> str | None:
        from_env = self._from_env()
        if from_env:
            return from_env
        from_file = self._read_file()
        if from_file:
            return from_file
        return self._from_keyring()

    def read_ahead(self) -> None:
        """Asks the keyring now, in a thread, when the key would come from it: the first
        dial then finds it read (the import and the first exchange take ~0.2 s)."""
        if self.keep_s <= 0 or self._kept is not None or self._from_env():
            return  # (nothing to keep, kept already, or not the keyring's)
        if self._read_file() is None:
            self._ask_behind()

    def _from_keyring(self) -> str | None:
        kept = self._kept
        if kept is None:
            asking = self._asking
            if asking is not None:
                asking.join()  # read ahead, or behind a stale answer: that answer
                kept = self._kept
        if kept is None:
            value = _keyring_get(self.entry)
            self._keep(value)
            return value
        value, at = kept
        if self._clock() - at >= self.keep_s:
            self._ask_behind()
        return value

    def _ask_behind(self) -> None:
        with self._asking_lock:
            if self._asking is not None and self._asking.is_alive():
                return
            self._asking = threading.Thread(target=self._ask, name="omidesk-keyring", daemon=True)
            self._asking.start()

    def _ask(self) -> None:
        answered, value = _keyring_lookup(self.entry)
        if answered:
            self._keep(value)  # None when removed since: the next read says so
        # (A keyring that could not answer keeps the key read before.)

    def _keep(self, value: str | None) -> None:
        """Keeps the keyring's answer `value` (for keep_s), or forgets the one kept."""
        self._kept = (value, self._clock()) if value and self.keep_s > 0 else None

    def _from_env(self) -> str:
        return self._environ.get(self.entry.env, "").strip()

    def set(self, key: str) -> KeyLocation:
        """Stores `key`; says where it went (FILE means: warn the agent, once)."""
        key = key.strip()
        if not key:
            raise ValueError("empty API key")
        if _keyring_set(self.entry, key):
            with contextlib.suppress(FileNotFoundError):
                self.fallback_file.unlink()
            self._keep(key)
            return KeyLocation.KEYRING
        self._kept = None
        self._write_file(key)
        return KeyLocation.FILE

    def delete(self) -> None:
        self._kept = None
        with contextlib.suppress(FileNotFoundError):
            self.fallback_file.unlink()
        try:
            import keyring  # noqa: PLC0415 - slow import, only when needed

            keyring.delete_password(self.entry.service, self.entry.username)
        except Exception:
            log.debug("no API key to delete from the keyring")

    def _read_file(self) -> str | None:
        try:
            with self.fallback_file.open("rb") as handle:
                trust = private_files.check_file(handle.fileno(), secret=True)
                if trust is private_files.Trust.REFUSED:
                    # Another user's key would make this agent's calls on their account
                    # (and their server, through a base_url they also control).
                    self._notice("key_file_not_yours")
                    return None
                if trust is private_files.Trust.TIGHTENED:
                    self._notice("key_file_made_private")
                return handle.read().decode("utf-8").strip() or None
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        except OSError as exc:
            log.warning("cannot read the API key file: %s", exc.strerror)
            return None

    def _notice(self, code: str) -> None:
        code = self.entry.notice_prefix + code
        if code in self._told:
            return
        self._told.add(code)
        log.warning("%s: %s", code, self.fallback_file)
        if self._on_notice is not None:
            self._on_notice(Problem(code, {"path": str(self.fallback_file)}))

    def _write_file(self, key: str) -> None:
        private_files.make_dir(self.fallback_file.parent)
        # mkstemp creates a new file 0600 (O_EXCL): the key is never readable by others,
        # not even briefly, and never written through a temp name someone left behind.
        fd, temp = tempfile.mkstemp(
            prefix=".api_key-", suffix=".tmp", dir=self.fallback_file.parent
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(key + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.fallback_file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


def _keyring_get(entry: KeyEntry) -> str | None:
    return _keyring_lookup(entry)[1]


def _keyring_lookup(entry: KeyEntry) -> tuple[bool, str | None]:
    """Whether the keyring answered, and the key it holds (None: none)."""
    try:
        import keyring  # noqa: PLC0415 - slow import, only when the key is not elsewhere

        value = keyring.get_password(entry.service, entry.username)
    except Exception as exc:
        log.info("keyring unavailable: %s", type(exc).__name__)
        return False, None
    return True, value or None


def _keyring_set(entry: KeyEntry, key: str) -> bool:
    try:
        import keyring  # noqa: PLC0415

        keyring.set_password(entry.service, entry.username, key)
        stored = keyring.get_password(entry.service, entry.username)
    except Exception as exc:
        log.info("keyring cannot store the API key: %s", type(exc).__name__)
        return False
    return stored == key
