"""Where the API key lives: the OS keyring, or a 0600 file where no keyring really works."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path

from omidesk.core.settings import API_KEY_ENV

log = logging.getLogger(__name__)

SERVICE = "omidesk"
USERNAME = "api-key"


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
    counts as no keyring: every store is read back."""

    def __init__(self, fallback_file: Path, environ: Mapping[str, str] | None = None) -> None:
        self.fallback_file = fallback_file
        self._environ = os.environ if environ is None else environ

    def location(self) -> KeyLocation:
        if self._environ.get(API_KEY_ENV):
            return KeyLocation.ENV
        if self.fallback_file.exists():
            return KeyLocation.FILE
        return KeyLocation.KEYRING if _keyring_get() else KeyLocation.NONE

    def get(self) -> str | None:
        from_env = self._environ.get(API_KEY_ENV, "").strip()
        if from_env:
            return from_env
        from_file = self._read_file()
        if from_file:
            return from_file
        return _keyring_get()

    def set(self, key: str) -> KeyLocation:
        """Stores `key`; says where it went (FILE means: warn the agent, once)."""
        key = key.strip()
        if not key:
            raise ValueError("empty API key")
        if _keyring_set(key):
            with contextlib.suppress(FileNotFoundError):
                self.fallback_file.unlink()
            return KeyLocation.KEYRING
        self._write_file(key)
        return KeyLocation.FILE

    def delete(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.fallback_file.unlink()
        try:
            import keyring  # noqa: PLC0415 - slow import, only when needed

            keyring.delete_password(SERVICE, USERNAME)
        except Exception:
            log.debug("no API key to delete from the keyring")

    def _read_file(self) -> str | None:
        try:
            return self.fallback_file.read_text(encoding="utf-8").strip() or None
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        except OSError as exc:
            log.warning("cannot read the API key file: %s", exc.strerror)
            return None

    def _write_file(self, key: str) -> None:
        self.fallback_file.parent.mkdir(parents=True, exist_ok=True)
        temp = self.fallback_file.with_name(self.fallback_file.name + ".tmp")
        # Created 0600 from the start: the key is never readable by others, not even briefly.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(key + "\n")
        os.chmod(temp, 0o600)
        os.replace(temp, self.fallback_file)


def _keyring_get() -> str | None:
    try:
        import keyring  # noqa: PLC0415 - slow import, only when the key is not elsewhere

        value = keyring.get_password(SERVICE, USERNAME)
    except Exception as exc:
        log.info("keyring unavailable: %s", type(exc).__name__)
        return None
    return value or None


def _keyring_set(key: str) -> bool:
    try:
        import keyring  # noqa: PLC0415

        keyring.set_password(SERVICE, USERNAME, key)
        stored = keyring.get_password(SERVICE, USERNAME)
    except Exception as exc:
        log.info("keyring cannot store the API key: %s", type(exc).__name__)
        return False
    return stored == key
