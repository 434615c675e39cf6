"""The composition root: the one place that wires store, OMICall client and dialer, Qt-free.

`build()` makes the window's long-lived graph (settings, key, store, client, dialer, and
the demo's sandbox); the window, the tray and links all use the same instance, so one
click anywhere follows the same rules. `one_shot()` and `omicall()` make the lighter
graphs of one-shot commands (`omidesk call`, `config test`): no sandbox, no window, the
settings read once. The tests and the benchmarks use the same three."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import ssl
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

import httpx

from omidesk.domain.errors import SetupError, StorageError
from omidesk.domain.settings import LoadedSettings, Problem, Settings
from omidesk.infra import logs, settings_file, tls
from omidesk.infra.keystore import AUTOCALL_SECRET, KEYRING_FRESH_S, KeyLocation, KeyStore
from omidesk.infra.milestones import mark
from omidesk.infra.paths import Paths
from omidesk.omicall.client import OmiCallClient
from omidesk.store.calls import CallStore
from omidesk.store.db import WINDOW_SYNC_WAIT_S, Database, StoreError
from omidesk.usecases.dial import Dialer

if TYPE_CHECKING:
    from omidesk.autocall.client import AutoCallClient
    from omidesk.omicall.history import HistoryReader
    from omidesk.omicall.partner import PartnerClient
    from omidesk.sandbox.server import Sandbox
    from omidesk.store.autocall import AutoCallStore
    from omidesk.store.contacts import ContactStore
    from omidesk.store.ledger import LedgerStore
    from omidesk.store.owners import OwnersFile
    from omidesk.usecases.call_history import CallHistory
    from omidesk.usecases.contact_book import ContactBook
    from omidesk.usecases.create_tenant import CreateTenant, Timing
    from omidesk.usecases.dial_search import DialSearch
    from omidesk.usecases.export_contacts import ContactExport
    from omidesk.usecases.follow_up import FollowUp
    from omidesk.usecases.import_contacts import ContactImport
    from omidesk.usecases.live_owners import LiveOwners
    from omidesk.usecases.names import ContactNames
    from omidesk.usecases.offload import Offload
    from omidesk.usecases.owner_lookup import Health, OwnerLookup
    from omidesk.usecases.ports import CallHistorySource
    from omidesk.usecases.sync_history import HistorySync
    from omidesk.usecases.sync_owners import SyncOwners
    from omidesk.usecases.top_up import TopUps

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
    # Where the history's use cases run their store calls: a worker thread. The window
    # sets its own (ui.workers.offload: the collector paused meanwhile, so that no Qt
    # object is destroyed off the Qt thread) before it first uses them.
    offload: Offload = asyncio.to_thread
    # AutoCall campaigns (issue 17): the secret key's own keyring entry, the client (on
    # the same httpx client) and the campaigns, push journal and calls in the store.
    autocall_keystore: KeyStore | None = None

    def __post_init__(self) -> None:
        # The dialer reads settings and key at each call, so a saved change applies at once.
        self.dialer = _dialer(
            self.calls,
            self.client,
            settings=lambda: self.settings,
            api_key=self.api_key,
            blocked=lambda: self.loaded.blocked,
        )
        self.client.configure(
            self.settings.base_url, self.api_key(), timeout_s=self.settings.timeout_s
        )

    # The partner console and AutoCall are built on first use (the Companies menu, the
    # Campaigns tab), not at start: most agents' days never use them.

    @cached_property
    def partner(self) -> Partner:
        return build_partner(
            self.paths,
            self.http,
            self.db,
            lambda: self.loaded,
            on_notice=self.notices.append,
            sandbox_key=self.sandbox.partner_api.api_key if self.sandbox is not None else None,
        )

    @cached_property
    def autocall(self) -> AutoCallClient:
        return autocall_client(self.http, timeout_s=self.settings.timeout_s)

    @cached_property
    def autocall_store(self) -> AutoCallStore:
        from omidesk.store.autocall import AutoCallStore  # noqa: PLC0415

        store = AutoCallStore(self.db)
        if self.sandbox is not None:
            _demo_campaigns(store, self.sandbox)
        return store

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
        if "partner" in self.__dict__:  # not built yet: it configures itself at first use
            self.partner.configure()
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

    # --- what a crash left: undone by the window once it is up ---------------------------

    def imports_to_undo(self) -> bool:
        """Whether a crash left an import half written (a quick read, on this thread)."""
        from omidesk.store.import_journal import Journal  # noqa: PLC0415 - as ContactStore
        from omidesk.usecases import recover  # noqa: PLC0415 - as AutoCallStore

        return recover.imports_to_undo(Journal(self.db))

    def undo_abandoned_imports(self) -> int:
        """Undoes them, on a connection of its own: for a worker thread (the window's
        connection belongs to the window's thread). Raises StoreError."""
        from omidesk.store.import_journal import Journal  # noqa: PLC0415 - as ContactStore
        from omidesk.usecases import recover  # noqa: PLC0415 - as AutoCallStore

        with Database(self.paths.database) as db:
            return recover.undo_imports(Journal(db))

    def account_client(self, base_url: str, api_key: str | None, timeout_s: float) -> OmiCallClient:
        """A client of its own for an account being set up (the settings' Test button):
        what is typed, not what is saved, on the window's connection pool."""
        client = _client(self.http, timeout_s)
        client.configure(base_url, api_key, timeout_s=timeout_s)
        return client

    # --- what the contacts and history views are handed (each built on first use) ------

    @cached_property
    def contact_book(self) -> ContactBook:
        from omidesk.usecases.contact_book import ContactBook  # noqa: PLC0415

        return ContactBook(self.contacts)

    @cached_property
    def call_history(self) -> CallHistory:
        from omidesk.usecases.call_history import CallHistory  # noqa: PLC0415

        # Named from the agent's contacts, then OMICall's (the one lookup every view uses).
        return CallHistory(self.calls, self.names)

    # --- issue 14: what the dial field offers as the agent types (names: `names` below) --

    @cached_property
    def dial_search(self) -> DialSearch:
        from omidesk.usecases.dial_search import DialSearch  # noqa: PLC0415

        return DialSearch(self.contacts, self.calls)

    @cached_property
    def contact_import(self) -> ContactImport:
        """Each import opens its own connection, in the worker thread that runs it."""
        from omidesk.infra import contact_files  # noqa: PLC0415
        from omidesk.store.contact_transfer import import_target  # noqa: PLC0415
        from omidesk.usecases.import_contacts import ContactImport  # noqa: PLC0415

        database = self.paths.database
        return ContactImport(lambda: import_target(database), contact_files)

    @cached_property
    def contact_export(self) -> ContactExport:
        """Each export opens its own connection, in the worker thread that runs it."""
        from omidesk.infra import contact_files  # noqa: PLC0415
        from omidesk.store.contact_transfer import export_reader  # noqa: PLC0415
        from omidesk.usecases.export_contacts import ContactExport  # noqa: PLC0415

        database = self.paths.database
        return ContactExport(lambda: export_reader(database), contact_files)

    # --- how calls ended (issue 15): built when first used, after the window is up -------
    # The window starts `follow_up.run()` and `history_sync.run(history_account)` in tasks
    # and cancels them on quit; Refresh calls `follow_up.look_up(everything=True)` and
    # `history_sync.poke()`.

    @cached_property
    def history_db(self) -> Database:
        """A connection of the history's own, used from worker threads only: a sync's
        writes wait there for an import's batch, never on the window's thread."""
        return Database(self.paths.database)

    @cached_property
    def history(self) -> HistoryReader:
        """OMICall's call history, throttled for the whole process."""
        from omidesk.omicall.history import HistoryReader  # noqa: PLC0415

        return HistoryReader(self.client)

    @cached_property
    def follow_up(self) -> FollowUp:
        """The outcomes of the calls placed here; told of every dial, so that an accepted
        call is looked up on schedule."""
        follow_up = _history_tools(
            self.history_db, self.history, lambda: self.settings, self.offload
        ).follow_up
        self.dialer.listeners.append(follow_up.poke)
        return follow_up

    @cached_property
    def history_sync(self) -> HistorySync:
        """The agent's own calls from OMICall's history (missed calls to return)."""
        return _history_tools(
            self.history_db, self.history, lambda: self.settings, self.offload
        ).sync

    @cached_property
    def names(self) -> ContactNames:
        """The name for a number: local contacts, then OMICall's CRM (on the window's
        connection and thread: single quick statements)."""
        from omidesk.omicall.crm import CrmClient  # noqa: PLC0415
        from omidesk.store.omicall_names import OmiCallNames  # noqa: PLC0415
        from omidesk.usecases.names import ContactNames  # noqa: PLC0415

        return ContactNames(
            self.contacts, OmiCallNames(self.db), CrmClient(self.client), ready=self.configured
        )

    def history_account(self) -> tuple[str, str] | None:
        """The server and extension whose history is synced; None while not set up."""
        if not self.configured():
            return None
        return self.settings.base_url, self.settings.extension

    async def aclose(self) -> None:
        """Clean shutdown: the HTTP client, the databases, then the demo server."""
        if "names" in self.__dict__:
            await self.names.stop()  # OMICall's names being looked up: before the client
        await self.http.aclose()
        self.db.close()
        if "history_db" in self.__dict__:
            self.history_db.close()
        if self.sandbox is not None:
            self.sandbox.stop()


# --- the partner console (issue 18) -------------------------------------------------------


@dataclass
class Partner:
    """The partner console's parts: the reseller's own key (its own keyring entry), a
    second OMICall client signed in with it over the shared httpx client and base_url,
    and the ledger of top-ups. The window and `omidesk partner …` both get it here."""

    keystore: KeyStore
    client: PartnerClient
    ledger: LedgerStore
    loaded: Callable[[], LoadedSettings]
    sandbox_key: str | None = None  # the demo's partner key

    def api_key(self) -> str | None:
        return self.sandbox_key or self.keystore.get()

    def configure(self) -> None:
        """Points the client at the settings in effect and the key stored now (read at
        each use: a key stored meanwhile, from the window or a terminal, applies)."""
        settings = self.loaded().settings
        self.client.configure(settings.base_url, self.api_key(), timeout_s=settings.timeout_s)

    @property
    def blocked(self) -> Problem | None:
        """Why no request may go out (the server address, the settings file), or None."""
        return self.loaded().blocked

    def top_ups(self) -> TopUps:
        from omidesk.usecases.top_up import TopUps  # noqa: PLC0415

        self.configure()
        return TopUps(
            self.client,
            self.ledger,
            lang=lambda: self.loaded().settings.language,
            base_url=lambda: self.loaded().settings.base_url,
        )

    def creation(self, **options: Unpack[Timing]) -> CreateTenant:
        from omidesk.usecases.create_tenant import CreateTenant  # noqa: PLC0415

        self.configure()
        return CreateTenant(self.client, lang=lambda: self.loaded().settings.language, **options)


def build_partner(
    paths: Paths,
    http: httpx.AsyncClient,
    db: Database,
    loaded: Callable[[], LoadedSettings],
    *,
    on_notice: Callable[[Problem], None] | None = None,
    sandbox_key: str | None = None,
) -> Partner:
    """The partner console's parts over a shared httpx client and database."""
    from omidesk.infra.keystore import PARTNER_KEY  # noqa: PLC0415
    from omidesk.omicall.partner import PartnerClient  # noqa: PLC0415
    from omidesk.store.ledger import LedgerStore  # noqa: PLC0415

    keystore = KeyStore(paths.partner_secret_file, on_notice=on_notice, entry=PARTNER_KEY)
    ledger = LedgerStore(db)
    try:
        ledger.recover_interrupted()
    except StoreError as error:
        if error.code != "store_locked":
            raise
        log.warning("crashed top-ups not settled now: %s", error)
    # Not configured here: that reads the keyring, which start-up does not need to wait for
    # (the window configures it when the Companies window or a dialog first uses it).
    return Partner(
        keystore, PartnerClient(http, secrets=logs.add_secret), ledger, loaded, sandbox_key
    )


def build(paths: Paths, *, demo: bool = False, http: httpx.AsyncClient | None = None) -> Services:
    """Everything but the UI. `demo` starts the sandbox in-process and uses the demo profile."""
    from omidesk.store.contacts import ContactStore  # noqa: PLC0415
    from omidesk.usecases import recover  # noqa: PLC0415 - see Services

    # The HTTP client's TLS context (the CA bundle, 20-40 ms) made in a thread while the
    # store opens: every server but the sandbox is https, and the account can change to one.
    verify = tls.made_soon(http is None)
    sandbox = None
    if demo:
        from omidesk.sandbox.server import KEPT_REQUESTS, Sandbox  # noqa: PLC0415

        paths = paths.demo()
        sandbox = Sandbox(keep_requests=KEPT_REQUESTS).start()
        mark("services: the demo's sandbox")
    paths.ensure()
    loaded = settings_file.load(paths.settings_file)
    if sandbox is not None:
        loaded = _demo_settings(loaded, sandbox)
    mark("services: settings")
    notices = list(loaded.notices)
    keystore = KeyStore(paths.secret_file, on_notice=notices.append, keep_s=KEYRING_FRESH_S)
    if sandbox is None:
        # Read while the window is built and shown: its first request finds the key.
        keystore.read_ahead()
    # The process's first connection: a damaged file is moved aside (the window says so).
    # The window's thread uses it: a write made there synchronously waits for the write
    # lock only briefly (the window would freeze), a dial's awaits it (Database).
    db = Database(paths.database, move_damaged_aside=True, sync_wait_s=WINDOW_SYNC_WAIT_S)
    if db.moved_aside is not None:
        # Said first: the calls and contacts from before are not in the new database.
        moved = db.moved_aside
        notices.insert(0, Problem(moved.code, {"path": str(moved.path)}))
    calls = CallStore(db)
    recover.settle_calls(calls, busy_ok=True)
    mark("services: open the store")
    # An import a crash left half written is undone by the window once it is up, in a
    # worker (Services.undo_abandoned_imports), and by `omidesk contacts …` commands.
    contacts = ContactStore(db)
    if sandbox is not None and contacts.count() == 0:
        from omidesk.sandbox.samples import sample_contacts  # noqa: PLC0415

        contacts.add_many(sample_contacts(loaded.settings.language))
    mark("services: contacts")
    if http is None:
        http = httpx.AsyncClient(verify=_window_tls(verify, notices))
    client = _client(http, loaded.settings.timeout_s)
    mark("services: http client")
    autocall_keystore = KeyStore(
        paths.autocall_secret_file, on_notice=notices.append, entry=AUTOCALL_SECRET
    )
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


@contextlib.asynccontextmanager
async def one_shot(
    db: Database,
    settings: Settings,
    api_key: Callable[[], str | None],
    *,
    blocked: Problem | None = None,
) -> AsyncIterator[Dialer]:
    """The dialer of a one-shot process (`omidesk call`, a benchmark, a test), on `db`,
    with `settings` for its whole life; its HTTP connections are closed on the way out."""
    async with omicall(settings) as client:
        yield _dialer(
            CallStore(db),
            client,
            settings=lambda: settings,
            api_key=api_key,
            blocked=lambda: blocked,
        )


@contextlib.asynccontextmanager
async def omicall(settings: Settings, api_key: str | None = None) -> AsyncIterator[OmiCallClient]:
    """The OMICall client of a one-shot process, pointed at `settings`' server with
    `api_key`, on a connection pool closed on the way out."""
    async with httpx.AsyncClient(verify=tls.for_server(settings.base_url)) as http:
        client = _client(http, settings.timeout_s)
        client.configure(settings.base_url, api_key, timeout_s=settings.timeout_s)
        yield client


@dataclass(frozen=True, slots=True)
class HistoryTools:
    """How calls ended, for one process: the throttled history reader, the outcome
    follow-up, the history sync and the names for numbers."""

    reader: HistoryReader
    follow_up: FollowUp
    sync: HistorySync
    names: ContactNames


@contextlib.asynccontextmanager
async def history_tools(
    db: Database, settings: Settings, api_key: str | None
) -> AsyncIterator[HistoryTools]:
    """The history tools of a one-shot process (`omidesk history --sync`, a test, the
    benchmark), on `db` and `settings`' account; connections closed on the way out. The
    store is used where the tools run (one thread, no window to keep responsive)."""
    from omidesk.omicall.history import HistoryReader  # noqa: PLC0415
    from omidesk.usecases.offload import inline  # noqa: PLC0415

    async with omicall(settings, api_key) as client:
        yield _history_tools(db, HistoryReader(client), lambda: settings, offload=inline)


def _history_tools(
    db: Database,
    reader: HistoryReader,
    settings: Callable[[], Settings],
    offload: Offload = asyncio.to_thread,
) -> HistoryTools:
    from omidesk.omicall.crm import CrmClient  # noqa: PLC0415
    from omidesk.store.call_results import CallResultStore  # noqa: PLC0415
    from omidesk.store.contacts import ContactStore  # noqa: PLC0415
    from omidesk.store.omicall_names import OmiCallNames  # noqa: PLC0415
    from omidesk.usecases.follow_up import FollowUp  # noqa: PLC0415
    from omidesk.usecases.names import ContactNames  # noqa: PLC0415
    from omidesk.usecases.offload import inline  # noqa: PLC0415
    from omidesk.usecases.sync_history import HistorySync  # noqa: PLC0415

    results = CallResultStore(db)
    return HistoryTools(
        reader=reader,
        follow_up=FollowUp(
            results, reader, dial_format=lambda: settings().dial_format, offload=offload
        ),
        sync=HistorySync(
            results, reader, dial_format=lambda: settings().dial_format, offload=offload
        ),
        names=ContactNames(
            ContactStore(db), OmiCallNames(db), CrmClient(reader.client), offload=inline
        ),
    )


def _window_tls(
    verify: Callable[[], ssl.SSLContext | bool], notices: list[Problem]
) -> ssl.SSLContext | bool:
    """The window's TLS context. When the certificate authorities the environment names
    cannot be read, the window still opens and says why in its status panel, and its
    client trusts no server: every https request fails, none goes out unchecked."""
    try:
        return verify()
    except SetupError as error:
        notices.append(Problem(error.code, error.params))
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifying, with no CA to trust


def _client(http: httpx.AsyncClient, timeout_s: float) -> OmiCallClient:
    """The OMICall client, the log scrubber told every key and token it will hold (the
    client logs through `logging` only, and knows no module of ours above it)."""
    return OmiCallClient(http, timeout_s=timeout_s, secrets=logs.add_secret)


def autocall_client(
    http: httpx.AsyncClient,
    base_url: str = "",
    secret: str | None = None,
    *,
    timeout_s: float = 15.0,
) -> AutoCallClient:
    """The AutoCall client (issue 17) on `http`, the log scrubber told its secret key and
    every token it gets (the client logs through `logging` only)."""
    from omidesk.autocall.client import AutoCallClient  # noqa: PLC0415

    return AutoCallClient(http, base_url, secret, timeout_s=timeout_s, secrets=logs.add_secret)


def _dialer(
    calls: CallStore,
    client: OmiCallClient,
    *,
    settings: Callable[[], Settings],
    api_key: Callable[[], str | None],
    blocked: Callable[[], Problem | None],
) -> Dialer:
    return Dialer(calls=calls, omicall=client, settings=settings, api_key=api_key, blocked=blocked)


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


# --- the owner-routing service (issue 16) ----------------------------------------------------


@dataclass
class Routing:
    """The owner-routing service's graph: its owners file, the lookup a request makes, the
    sync of sticky owners (None without a call history to read: not set up), and the
    state /healthz shows. `live`: the owners in memory the service answers from (None for
    a command, which reads the file)."""

    owners: OwnersFile
    lookup: OwnerLookup
    sync: SyncOwners
    settings: Settings
    # What to close on the way out (the history's HTTP pool, the index's connection).
    closing: contextlib.AsyncExitStack = field(default_factory=contextlib.AsyncExitStack)
    live: LiveOwners | None = None

    def health(self) -> Health:
        """The file's state now; a file locked past a short wait reads as not loaded, and
        so do owners not yet in memory (the service answers empty meanwhile)."""
        from omidesk.usecases.owner_lookup import Health  # noqa: PLC0415

        sticky_days = self.settings.routing_sticky_days
        live = self.live
        try:
            state = self.owners.sync_state(wait_s=0.05)
            if live is None:
                counts = self.owners.counts(wait_s=0.05)
                numbers, sticky = counts.numbers, counts.sticky
            elif live.index is None:
                return Health(False, 0, 0, None, "owners_busy", sticky_days)
            else:
                numbers, sticky = live.index.explicit.numbers, live.index.sticky.pairs
        except StorageError:
            return Health(False, 0, 0, None, "owners_busy", sticky_days)
        return Health(True, numbers, sticky, state.last_success_at, state.last_error, sticky_days)

    async def start(self) -> None:
        """What the service does before its first answer: the owners into memory."""
        if self.live is not None:
            await self.live.start()

    async def aclose(self) -> None:
        if self.live is not None:
            await self.live.stop()
        await self.closing.aclose()
        self.owners.close()


def routing(
    paths: Paths,
    loaded: LoadedSettings,
    *,
    db_path: Path | None = None,
    lazy: bool = False,
    offload: Offload | None = None,
    history: CallHistorySource | None = None,
    in_memory: bool = False,
) -> Routing:
    """The service's graph on its own file (`db_path`, else the data folder's), with the
    settings' sticky window. `lazy`: a file locked at start is opened at the first free
    read (the service). `in_memory` (the service): the lookup answers from the owners held
    in memory (`Routing.start` loads them; `offload` runs their loads), else it reads the
    file (a command). The sticky owners are learned from `history`, else from the
    company's call history at OMICall (the settings' server, the company's API key); with
    no key (or a server address refused) there is none, and the sync says it is not set
    up."""
    from omidesk.store.owners import OwnersFile  # noqa: PLC0415 - only for the service
    from omidesk.usecases.live_owners import LiveOwners  # noqa: PLC0415
    from omidesk.usecases.offload import inline  # noqa: PLC0415
    from omidesk.usecases.owner_lookup import OwnerLookup  # noqa: PLC0415
    from omidesk.usecases.sync_owners import SyncOwners  # noqa: PLC0415

    settings = loaded.settings
    path = db_path or paths.owners_database
    owners = OwnersFile(path, lazy=lazy)
    closing = contextlib.AsyncExitStack()
    live = None
    if in_memory:
        # A connection of its own, used by one load at a time in a worker thread: a load
        # never waits for the sync's writes on the other, nor /healthz for a load.
        snapshots = OwnersFile(path, lazy=True)
        closing.callback(snapshots.close)
        live = LiveOwners(snapshots, offload=offload or inline)
    lookup = OwnerLookup(
        live or owners,
        sticky_days=settings.routing_sticky_days,
        held=live,
    )
    if history is None:
        history = _company_history(paths, loaded, closing)
    sync = SyncOwners(
        owners,
        history,
        sticky_days=settings.routing_sticky_days,
        offload=offload or inline,
    )
    return Routing(owners, lookup, sync, settings, closing, live)


def _company_history(
    paths: Paths, loaded: LoadedSettings, closing: contextlib.AsyncExitStack
) -> CallHistorySource | None:
    """The company's call history at OMICall, on an HTTP pool of its own closed with the
    service: one throttled reader per process (the file's lease keeps the processes' syncs
    apart). None when it cannot be read: no API key, or a server address refused."""
    if loaded.blocked is not None or loaded.settings.routing_sticky_days <= 0:
        return None
    api_key = KeyStore(paths.secret_file).get()
    if not api_key:
        return None
    from omidesk.omicall.company_history import CompanyHistory  # noqa: PLC0415
    from omidesk.omicall.history import HistoryReader  # noqa: PLC0415

    settings = loaded.settings
    http = httpx.AsyncClient(verify=tls.for_server(settings.base_url))
    closing.push_async_callback(http.aclose)
    client = _client(http, settings.timeout_s)
    client.configure(settings.base_url, api_key, timeout_s=settings.timeout_s)
    return CompanyHistory(HistoryReader(client))


def routing_keys(paths: Paths, on_notice: Callable[[Problem], None] | None = None) -> list[str]:
    """The keys the service accepts: OMIDESK_ROUTING_API_KEY (several, comma-separated,
    during a rotation), else the one `routing set-key` stored. Each is registered with the
    log scrubber, so that no log line ever shows it."""
    from omidesk.infra.keystore import ROUTING_KEY  # noqa: PLC0415

    stored = KeyStore(paths.routing_secret_file, on_notice=on_notice, entry=ROUTING_KEY).get()
    keys = [key.strip() for key in (stored or "").split(",") if key.strip()]
    for key in keys:
        logs.add_secret(key)
    return keys
