"""The service as uvicorn starts it, in each worker process: `create_app` builds the
graph from what `omidesk routing serve` put in the environment (uvicorn's workers are new
processes, which only an import string and the environment reach)."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from omidesk import services
from omidesk.domain.settings import ROUTING_KEY_MIN_LENGTH, short_routing_keys
from omidesk.infra import logs, settings_file
from omidesk.infra.paths import Paths, default_paths
from omidesk.routing.server import DEFAULT_PATH, RoutingApp

log = logging.getLogger(__name__)

# Where `routing serve` hands its options to the workers (no secret in it: the keys come
# from their own variable or the keyring).
CONFIG_ENV = "OMIDESK_ROUTING_CONFIG"
APP = "omidesk.routing.app:create_app"


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """What `routing serve` chose: the owners file, the path OMICall asks, the log."""

    db: str | None = None
    path: str = DEFAULT_PATH
    demo: bool = False
    debug: bool = False

    def to_env(self) -> str:
        return json.dumps(
            {"db": self.db, "path": self.path, "demo": self.demo, "debug": self.debug}
        )

    @staticmethod
    def from_env(text: str | None) -> ServeConfig:
        values = json.loads(text) if text else {}
        return ServeConfig(
            db=values.get("db"),
            path=values.get("path") or DEFAULT_PATH,
            demo=bool(values.get("demo")),
            debug=bool(values.get("debug")),
        )


def create_app() -> RoutingApp:
    """The application of one worker: its own connection to the owners file, its own sync
    loop (one sync at a time over all of them: a lease in the file), its own metrics."""
    config = ServeConfig.from_env(os.environ.get(CONFIG_ENV))
    paths = default_paths()
    if config.demo:
        paths = paths.demo()
    # The journal (stderr) and the log file both get the access lines, scrubbed.
    logs.setup(paths.log_file, debug=config.debug, stderr=True, behind=True)
    return build_app(config, paths)


def build_app(config: ServeConfig, paths: Paths) -> RoutingApp:
    """The application on `paths`' settings, keys and (unless `config.db`) owners file.
    The sync of sticky owners runs beside the requests, as a task the application starts
    and stops with its lifespan: a request never waits on OMICall, and a failed sync only
    leaves the last sync's owners in place (its error shown by /healthz and /metrics)."""
    loaded = settings_file.load(paths.settings_file)
    keys = services.routing_keys(paths)
    if short := short_routing_keys(keys):
        # `routing serve` refuses them; a worker started some other way ignores them.
        log.error(
            "owner routing: key(s) %s shorter than %d characters ignored",
            ", ".join(map(str, short)),
            ROUTING_KEY_MIN_LENGTH,
        )
        keys = [key for position, key in enumerate(keys, start=1) if position not in short]
    graph = services.routing(
        paths,
        loaded,
        db_path=Path(config.db) if config.db else None,
        lazy=True,
        offload=asyncio.to_thread,
        in_memory=True,
    )
    interval = loaded.settings.routing_sync_interval_s

    async def background() -> None:
        await graph.sync.run_forever(interval)

    async def startup() -> None:
        await graph.start()
        # What is loaded now (the owners, 100,000 of them or more) lives as long as this
        # worker: out of the collector's sight, a full collection (26 ms) no longer walks it.
        gc.collect()
        gc.freeze()

    log.info(
        "owner routing: answering %s from %s (%d key(s), sticky owners %g days%s)",
        config.path,
        graph.owners.path,
        len(keys),
        loaded.settings.routing_sticky_days,
        "" if graph.sync.history is not None else ", no call history to learn them from",
    )
    return RoutingApp(
        graph.lookup,
        keys,
        health=graph.health,
        path=config.path,
        background=background,
        on_startup=startup,
        on_shutdown=graph.aclose,
    )
