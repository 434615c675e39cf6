"""Where OmiDesk keeps its files: one place, built on platformdirs, overridable by OMIDESK_HOME."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from omidesk import APP_NAME
from omidesk.infra import private_files

HOME_ENV = "OMIDESK_HOME"


@dataclass(frozen=True, slots=True)
class Paths:
    """The directories of one OmiDesk profile (the real one or the demo's)."""

    config_dir: Path
    data_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def secret_file(self) -> Path:
        """Fallback API-key file, used only where no OS keyring works."""
        return self.config_dir / "api_key"

    @property
    def partner_secret_file(self) -> Path:
        """Fallback file of the partner console's key (its own, never the agent's)."""
        return self.config_dir / "partner_api_key"

    @property
    def routing_secret_file(self) -> Path:
        """Fallback file of the owner-routing service's key (its own, never the agent's)."""
        return self.config_dir / "routing_api_key"

    @property
    def owners_database(self) -> Path:
        """The owner-routing service's own file (owners, sticky owners, sync state)."""
        return self.data_dir / "owners.sqlite3"

    @property
    def autocall_secret_file(self) -> Path:
        """Fallback file of the AutoCall secret key, used only where no OS keyring works."""
        return self.config_dir / "autocall_secret"

    @property
    def database(self) -> Path:
        return self.data_dir / "omidesk.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "omidesk.log"

    def demo(self) -> Paths:
        """The demo's own profile, beside the real one so a demo never touches real data."""
        return Paths(
            config_dir=self.config_dir / "demo",
            data_dir=self.data_dir / "demo",
            log_dir=self.log_dir,
        )

    def ensure(self) -> Paths:
        """Creates the profile's folders 0700 (the key file, the database and the logs are
        nobody else's business) and tightens ones of ours that others may enter."""
        for directory in (self.config_dir, self.data_dir, self.log_dir):
            private_files.make_dir(directory)
        return self


def default_paths() -> Paths:
    """The profile's directories: under $OMIDESK_HOME when set, else the platform's own places."""
    home = os.environ.get(HOME_ENV)
    if home:
        root = Path(home).expanduser()
        return Paths(
            config_dir=root / "config",
            data_dir=root / "data",
            log_dir=root / "log",
        )
    import platformdirs  # noqa: PLC0415 - only needed without OMIDESK_HOME; keeps start-up lean

    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return Paths(
        config_dir=Path(dirs.user_config_dir),
        data_dir=Path(dirs.user_data_dir),
        log_dir=Path(dirs.user_log_dir),
    )
