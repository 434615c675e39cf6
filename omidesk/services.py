"""The app's long-lived parts wired together, Qt-free: settings, key, store, client, dialer.

Built once by the composition root (app.py) and by tests; the window, the tray and links
all use the same instance, so one click anywhere follows the same rules."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from omidesk.autocall.client import AutoCallClient
from omidesk.domain.settings import LoadedSettings, Problem, Settings
from omidesk.infra import settings_file
from omidesk.infra.keystore import AUTOCALL_SECRET, KeyLocation, KeyStore
from omidesk.infra.paths import Paths
from omidesk.omicall.client import OmiCallClient
from omidesk.store.autocall import AutoCallStore
from omidesk.store.calls import CallStore
from omidesk.store.db import WINDOW_SYNC_WAIT_S, Database, StoreError
from omidesk.usecases.dial import Dialer

if TYPE_CHECKING:
    from omidesk.sandbox.server import Sandbox
    from omidesk.store.contacts import ContactStore

log = logging.getLogger(__name__)

DEMO_EXTENSION = "101"


@dataclass
class Services:
    paths: Paths
    loaded: LoadedSettings
    keystore: KeyStore
    db: Database
    calls: CallStore
    contacts: ContactStore
    http: httpx.AsyncClient
    client: OmiCallClient
    sandbox: Sandbox | None = None
    # Called with the new Settings after every change (language switch, saved dialog).
    settings_listeners: list[Callable[[Settings], None]] = field(default_factory=list)
    # What the agent must hear of at start: a settings or key file made private or ignored.
    notices: list[Problem] = field(default_factory=list)
    dialer: Dialer = field(init=False)
    # AutoCall campaigns (issue 17): the secret key's own keyring entry, the client (on
    # the same httpx client) and the campaigns, push journal and calls in the store.
    autocall_keystore: KeyStore | None = None
    autocall: AutoCallClient = field(init=False)
    autocall_store: AutoCallStore = field(init=False)

    def __post_init__(self) -> None:
        # The dialer reads settings and key at each call, so a saved change applies at once.
        self.dialer = Dialer(
            store=self.calls,
            client=self.client,
            settings=lambda: self.settings,
            api_key=self.api_key,
            blocked=lambda: self.loaded.blocked,
        )
        self.client.configure(
            self.settings.base_url, self.api_key(), timeout_s=self.settings.timeout_s
        )
        self.autocall = AutoCallClient(self.http, timeout_s=self.settings.timeout_s)
        self.autocall_store = AutoCallStore(self.db)

    @property
    def demo(self) -> bool:
        return self.sandbox is not None

    @property
    def settings(self) -> Settings:
        return self.loaded.settings

    @property
    def lang(self) -> str:
        return self.loaded.settings.language

    def api_key(self) -> str | None:
        if self.sandbox is not None:
            return self.sandbox.api_key
        return self.keystore.get()

    def key_location(self) -> KeyLocation:
        if self.sandbox is not None:
            return KeyLocation.ENV
        return self.keystore.location()

    # --- AutoCall ---------------------------------------------------------------------------

    def autocall_secret(self) -> str | None:
        if self.sandbox is not None:
            return self.sandbox.autocall.secret
        return self.autocall_keystore.get() if self.autocall_keystore is not None else None

    def autocall_problem(self) -> Problem | None:
        """Why nothing may go to AutoCall now (an invalid address, no secret), or None;
        when None, the client is pointed at the account with what is set at this moment."""
        problem = self.loaded.autocall_blocked
        if problem is not None:
            return problem
        secret = self.autocall_secret()
        if not secret:
            return Problem("autocall_no_secret")
        settings = self.settings
        self.autocall.configure(settings.autocall_base_url, secret, timeout_s=settings.timeout_s)
        return None

    def configured(self) -> bool:
        """Whether a call could be placed: an account, an extension and a hotline, and
        settings that allow a request at all (a valid server address, our own file)."""
        if self.loaded.blocked is not None:
            return False
        return not self.settings.missing() and bool(self.api_key())

    def save_settings(self, new: Settings) -> None:
        """Saves `new` to the file (atomically) and tells everyone. In the demo, the
        account fields stay on the built-in server whatever the file says."""
        to_file = new
        if self.sandbox is not None:
            file_values = self.loaded.file_values
            to_file = replace(
                new,
                base_url=file_values.base_url,
                autocall_base_url=file_values.autocall_base_url,
            )
        if self.sandbox is None and new.autostart != self.loaded.file_values.autostart:
            # The OS's own start-up list follows the switch (a file, or the Run key).
            from omidesk.desktop import integration  # noqa: PLC0415
            from omidesk.desktop.registration import launcher  # noqa: PLC0415

            integration.set_autostart(new.autostart, [*launcher(), "--minimised"])
        settings_file.save(self.paths.settings_file, to_file, self.loaded.extra)
        effective = new
        # Environment overrides keep winning, as they did at start-up.
        for key, source in self.loaded.sources.items():
            if source == "env":
                effective = replace(effective, **{key: getattr(self.settings, key)})
        if self.sandbox is not None:
            sandbox_url = self.sandbox.base_url
            effective = replace(effective, base_url=sandbox_url, autocall_base_url=sandbox_url)
        # The file just written is ours: whatever was refused in the old one is gone.
        self.loaded = replace(self.loaded, settings=effective, file_values=to_file, foreign=False)
        self.client.configure(effective.base_url, self.api_key(), timeout_s=effective.timeout_s)
        for listener in list(self.settings_listeners):
            listener(effective)

    # --- hotlines the extension may call out on (fetched in the background, cached) -----

    @property
    def _hotline_cache(self) -> Path:
        return self.paths.data_dir / "hotlines.json"

    def cached_hotlines(self) -> tuple[list[str], float | None]:
        """The last list OMICall gave for the current extension, and when it was fetched."""
        try:
            data = json.loads(self._hotline_cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return [], None
        if not isinstance(data, dict) or data.get("extension") != self.settings.extension:
            return [], None
        if data.get("base_url") != self.settings.base_url:
            return [], None
        hotlines = [str(h) for h in data.get("hotlines", []) if isinstance(h, str)]
        fetched = data.get("fetched_at")
        return hotlines, float(fetched) if isinstance(fetched, int | float) else None

    async def refresh_hotlines(self) -> list[str]:
        """Asks OMICall for the extension's hotlines and caches them. Raises OmiCallError."""
        settings = self.settings
        self.client.configure(settings.base_url, self.api_key(), timeout_s=settings.timeout_s)
        hotlines = await self.client.hotlines(settings.extension)
        record = {
            "extension": settings.extension,
            "base_url": settings.base_url,
            "hotlines": hotlines,
            "fetched_at": time.time(),
        }
        try:
            self._hotline_cache.write_text(json.dumps(record), encoding="utf-8")
        except OSError as exc:
            log.warning("cannot cache the hotline list: %s", exc.strerror)
        return hotlines

    async def aclose(self) -> None:
        """Clean shutdown: the HTTP client, the database, then the demo server."""
        await self.http.aclose()
        self.db.close()
        if self.sandbox is not None:
            self.sandbox.stop()


def build(paths: Paths, *, demo: bool = False, http: httpx.AsyncClient | None = None) -> Services:
    """Everything but the UI. `demo` starts the sandbox in-process and uses the demo profile."""
    from omidesk.store.contacts import ContactStore  # noqa: PLC0415

    sandbox = None
    if demo:
        from omidesk.sandbox.server import Sandbox  # noqa: PLC0415

        paths = paths.demo()
        sandbox = Sandbox().start()
    paths.ensure()
    loaded = settings_file.load(paths.settings_file)
    if sandbox is not None:
        loaded = _demo_settings(loaded, sandbox)
    notices = list(loaded.notices)
    keystore = KeyStore(paths.secret_file, on_notice=notices.append)
    # The process's first connection: a damaged file is moved aside (the window says so).
    # The window's thread uses it: a write made there synchronously waits for the write
    # lock only briefly (the window would freeze), a dial's awaits it (Database).
    db = Database(paths.database, move_damaged_aside=True, sync_wait_s=WINDOW_SYNC_WAIT_S)
    if db.moved_aside is not None:
        # Said first: the calls and contacts from before are not in the new database.
        moved = db.moved_aside
        notices.insert(0, Problem(moved.code, {"path": str(moved.path)}))
    calls = CallStore(db)
    try:
        calls.recover_interrupted()
    except StoreError as error:
        if error.code != "store_locked":
            raise
        # Another program writing (an import from the command line): not a reason to stay
        # closed. A record left `placing` is settled when its number is dialled, or at
        # the next start.
        log.warning("crashed calls not settled now: %s", error)
    # An import a crash left half written is undone by the window once it is up
    # (MainWindow._settle_abandoned_imports), and by `omidesk contacts …` commands.
    contacts = ContactStore(db)
    if sandbox is not None and contacts.count() == 0:
        from omidesk.sandbox.samples import sample_contacts  # noqa: PLC0415

        contacts.add_many(sample_contacts())
    http = http or httpx.AsyncClient()
    client = OmiCallClient(http, timeout_s=loaded.settings.timeout_s)
    autocall_keystore = KeyStore(
        paths.autocall_secret_file, on_notice=notices.append, secret=AUTOCALL_SECRET
    )
    if sandbox is not None:
        _demo_campaigns(AutoCallStore(db), sandbox)
    return Services(
        paths=paths,
        loaded=loaded,
        keystore=keystore,
        db=db,
        calls=calls,
        contacts=contacts,
        http=http,
        client=client,
        sandbox=sandbox,
        notices=notices,
        autocall_keystore=autocall_keystore,
    )


def _demo_campaigns(store: AutoCallStore, sandbox: Sandbox) -> None:
    """The demo's campaign list: the sandbox's campaigns, under their names."""
    from omidesk.domain.autocall.campaigns import Campaign  # noqa: PLC0415

    if store.campaigns():
        return
    for campaign in sandbox.autocall.campaigns.values():
        store.save_campaign(Campaign(campaign.id, campaign.name, campaign.voice_otp))


def _demo_settings(loaded: LoadedSettings, sandbox: Sandbox) -> LoadedSettings:
    """The demo dials the in-process sandbox with its extension and first hotline; the
    agent's other choices (language, format, windows) are kept in the demo profile."""
    file_values = loaded.file_values
    effective = replace(
        file_values,
        base_url=sandbox.base_url,
        extension=file_values.extension or DEMO_EXTENSION,
        hotline=file_values.hotline or sandbox.hotlines[0],
        autocall_base_url=sandbox.base_url,
    )
    return replace(loaded, settings=effective)
