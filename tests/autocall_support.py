"""What the AutoCall tests share: a real store file, a real client on the sandbox, a dialer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

from omidesk.autocall.client import AutoCallClient
from omidesk.domain.settings import Settings
from omidesk.omicall.client import OmiCallClient
from omidesk.sandbox.autocall import DEFAULT_SECRET
from omidesk.sandbox.server import Sandbox
from omidesk.store.autocall import AutoCallStore
from omidesk.store.calls import CallStore
from omidesk.store.db import Database
from omidesk.usecases.dial import Dialer

T = TypeVar("T")
EXTENSION, HOTLINE = "101", "02877788056"


def run_with(
    sandbox: Sandbox,
    db_path: Path,
    work: Callable[[AutoCallClient, AutoCallStore, httpx.AsyncClient], Awaitable[T]],
    **client_options: Any,
) -> T:
    """`work(client, store, http)` on a fresh event loop, with a real client and store."""

    async def main() -> T:
        with Database(db_path) as db:
            async with httpx.AsyncClient() as http:
                client = AutoCallClient(http, sandbox.base_url, DEFAULT_SECRET, **client_options)
                return await work(client, AutoCallStore(db), http)

    return asyncio.run(main())


def dialer_for(sandbox: Sandbox, db: Database, http: httpx.AsyncClient) -> Dialer:
    settings = Settings(base_url=sandbox.base_url, extension=EXTENSION, hotline=HOTLINE)
    return Dialer(
        calls=CallStore(db),
        omicall=OmiCallClient(http),
        settings=lambda: settings,
        api_key=lambda: sandbox.api_key,
    )
