"""Where a secret lives (the OMICall API key, the AutoCall secret key): the OS keyring, or a
0600 file where no keyring really works."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from omidesk.domain.settings import API_KEY_ENV, Problem
from omidesk.infra import private_files

log = logging.getLogger(__name__)

SERVICE = "omidesk"
USERNAME = "api-key"


@dataclass(frozen=True, slots=True)
class Secret:
    """Which secret a KeyStore keeps: its keyring entry, the variable that overrides it, and
    the catalogue codes of what is said about its fallback file."""

    service: str
    username: str
    env: str
    not_yours: str  # the fallback file is another user's: ignored
    made_private: str  # others could read it: made 0600


API_KEY = Secret(SERVICE, USERNAME, API_KEY_ENV, "key_file_not_yours", "key_file_made_private")
# The AutoCall (aicallcenter.vn) account's secret_key: an entry of its own, never the API key's.
AUTOCALL_SECRET = Secret(
    SERVICE,
    "autocall-secret",
    "OMIDESK_AUTOCALL_SECRET",
    "secret_file_not_yours",
    "secret_file_made_private",
)


class KeyLocation(StrEnum):
    ENV = "env"
    KEYRING = "keyring"
    FILE = "file"
    NONE = "none"


class KeyStore:
    """Reads and stores one secret: the company's API key unless `secret` names another.

    Order of reading: its variable ($OMIDESK_API_KEY), then the fallback file (it exists
    only because the keyring failed when the key was stored), then the keyring. A keyring
    that accepts a key but cannot give it back (null/fail backends, a locked headless
    secret service) counts as no keyring: every store is read back.

    The file is used only if it is the agent's own; one others may read or change is made
    0600 first. Either is said once through `on_notice` (a catalogue code and details)."""

    def __init__(
        self,
        fallback_file: Path,
        environ: Mapping[str, str] | None = None,
        *,
        on_notice: Callable[[Problem], None] | None = None,
        secret: Secret = API_KEY,
    ) -> None:
        self.fallback_file = fallback_file
        self.secret = secret
        self._environ = os.environ if environ is None else environ
        self._on_notice = on_notice
        self._told: set[str] = set()

    def location(self) -> KeyLocation:
        if self._environ.get(self.secret.env):
            return KeyLocation.ENV
        if self._read_file():
            return KeyLocation.FILE
        return KeyLocation.KEYRING if _keyring_get(self.secret) else KeyLocation.NONE

    def get(self) -> str | None:
        from_env = self._environ.get(self.secret.env, "").strip()
        if from_env:
            return from_env
        from_file = self._read_file()
        if from_file:
            return from_file
        return _keyring_get(self.secret)

    def set(self, key: str) -> KeyLocation:
        """Stores `key`; says where it went (FILE means: warn the agent, once)."""
        key = key.strip()
        if not key:
            raise ValueError("empty secret")
        if _keyring_set(self.secret, key):
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

            keyring.delete_password(self.secret.service, self.secret.username)
        except Exception:
            log.debug("no %s to delete from the keyring", self.secret.username)

    def _read_file(self) -> str | None:
        try:
            with self.fallback_file.open("rb") as handle:
                trust = private_files.check_file(handle.fileno(), secret=True)
                if trust is private_files.Trust.REFUSED:
                    # Another user's key would make this agent's calls on their account
                    # (and their server, through a base_url they also control).
                    self._notice(self.secret.not_yours)
                    return None
                if trust is private_files.Trust.TIGHTENED:
                    self._notice(self.secret.made_private)
                return handle.read().decode("utf-8").strip() or None
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        except OSError as exc:
            log.warning("cannot read %s: %s", self.fallback_file.name, exc.strerror)
            return None

    def _notice(self, code: str) -> None:
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
            prefix=f".{self.fallback_file.name}-", suffix=".tmp", dir=self.fallback_file.parent
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


def _keyring_get(secret: Secret) -> str | None:
    try:
        import keyring  # noqa: PLC0415 - slow import, only when the key is not elsewhere

        value = keyring.get_password(secret.service, secret.username)
    except Exception as exc:
        log.info("keyring unavailable: %s", type(exc).__name__)
        return None
    return value or None


def _keyring_set(secret: Secret, key: str) -> bool:
    try:
        import keyring  # noqa: PLC0415

        keyring.set_password(secret.service, secret.username, key)
        stored = keyring.get_password(secret.service, secret.username)
    except Exception as exc:
        log.info("keyring cannot store the %s: %s", secret.username, type(exc).__name__)
        return False
    return stored == key
