"""`omidesk history [--sync] [--missed] [--limit N] [--json]`: the recent calls, newest first,
with how each ended, as a table or JSON.

Without --sync it reads only the local history (works offline). --sync first asks OMICall,
in one throttled read, for the outcomes still pending and the extension's recent calls,
and looks up OMICall's names for numbers no contact has. Whatever the sync does, the
history is printed; the exit code says how the sync went (README)."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from dataclasses import replace

from omidesk.cli.context import (
    EXIT_NOT_CONFIGURED,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_UNKNOWN,
    Context,
)
from omidesk.domain import messages as txt
from omidesk.domain.errors import OmiDeskError, RemoteError
from omidesk.domain.records import CallRecord, Origin
from omidesk.domain.settings import Problem
from omidesk.store.calls import CallStore
from omidesk.store.contacts import ContactStore
from omidesk.store.db import Database, StoreError
from omidesk.store.omicall_names import OmiCallNames
from omidesk.usecases import recover
from omidesk.usecases.names import ContactNames
from omidesk.usecases.read_failures import read_failure
from omidesk.usecases.sync_history import SyncReport

# How a failed sync ends the command (the history is printed all the same).
_SETUP_CODES = frozenset({"not_configured", "base_url_invalid", "settings_not_yours"})


def run(ctx: Context, args: argparse.Namespace) -> int:
    failure: OmiDeskError | Problem | None = None
    report: SyncReport | None = None
    try:
        with ctx.database() as db:
            store = CallStore(db)
            recover.settle_calls(store)
            if args.sync:
                failure = _cannot_sync(ctx)
            if args.sync and failure is None:
                report, records, names, failure = _synced(ctx, db, args)
            else:
                records = store.recent(limit=args.limit, missed=args.missed)
                names = _local(db).known(r.e164 for r in records if r.e164)
    except StoreError as error:
        return ctx.store_failure(error)
    records = [replace(r, contact_name=names.get(r.e164 or "")) for r in records]
    if failure is not None:
        ctx.fail(failure)
        print("  " + txt.HISTORY_NOT_SYNCED(ctx.lang), file=ctx.err)
    if args.json:
        print(json.dumps([r.to_json(ctx.lang) for r in records], ensure_ascii=False), file=ctx.out)
    else:
        if report is not None:
            ctx.say(txt.HISTORY_SYNCED, added=report.added, updated=report.updated)
        _table(ctx, records, missed=args.missed)
    return _exit_code(failure)


def _local(db: Database) -> ContactNames:
    """Names from the local contacts and OMICall's cached ones: nothing asked of anyone."""
    return ContactNames(ContactStore(db), OmiCallNames(db), None)


def _cannot_sync(ctx: Context) -> OmiDeskError | Problem | None:
    """Why no sync can be asked for: settings that forbid any request, or what is missing."""
    if ctx.loaded.blocked is not None:
        return ctx.loaded.blocked
    settings = ctx.loaded.settings
    missing = [
        name
        for name, value in (
            ("api_key", ctx.keystore().get()),
            ("base_url", settings.base_url),
            ("extension", settings.extension),
        )
        if not value
    ]
    return OmiDeskError("not_configured", missing=missing) if missing else None


Synced = tuple[SyncReport | None, list[CallRecord], dict[str, str], OmiDeskError | None]


def _synced(ctx: Context, db: Database, args: argparse.Namespace) -> Synced:
    """The pending outcomes, then the extension's recent calls, in one throttled read;
    then the records, with OMICall's names for numbers no contact has (cached a day)."""
    # Here: a `history` without --sync reads the database only, and loads no HTTP stack.
    from omidesk import services  # noqa: PLC0415

    settings = ctx.loaded.settings
    store = CallStore(db)

    async def sync() -> Synced:
        async with services.history_tools(db, settings, ctx.keystore().get()) as tools:
            report: SyncReport | None = None
            failure: OmiDeskError | None = None
            try:
                async with tools.reader.session() as session:
                    looked_up = await tools.follow_up.look_up(everything=True, session=session)
                    synced = await tools.sync.sync(
                        settings.base_url, settings.extension, session=session
                    )
                report = replace(synced, updated=synced.updated + len(looked_up.found))
            except RemoteError as error:
                failure = read_failure(error)
            records = store.recent(limit=args.limit, missed=args.missed)
            e164s = [r.e164 for r in records if r.e164]
            if failure is None:
                names = await tools.names.names_for(e164s)
            else:
                names = tools.names.known(e164s)  # OMICall did not answer: asked no more
            return report, records, names, failure

    return asyncio.run(sync())


def _exit_code(failure: OmiDeskError | Problem | None) -> int:
    if failure is None:
        return EXIT_OK
    if failure.code in _SETUP_CODES:
        return EXIT_NOT_CONFIGURED
    if isinstance(failure, RemoteError) and failure.consequence == "rejected":
        return EXIT_REJECTED
    if failure.code in ("api_key_is_required", "api_key_invalid", "tenant_invalid"):
        return EXIT_REJECTED
    return EXIT_UNKNOWN


def _table(ctx: Context, records: list[CallRecord], *, missed: bool) -> None:
    if not records:
        ctx.say(txt.HISTORY_NO_MISSED if missed else txt.HISTORY_EMPTY)
        return
    ctx.say(txt.HISTORY_HEADER)
    for record in records:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.created_at))
        number = record.number or record.input.strip()[:14]
        result = _result(ctx.lang, record)
        if record.contact_name:
            result += f"  ({record.contact_name})"
        print(f"{when:<20} {number:<14} {record.hotline:<13} {result}", file=ctx.out)


def _result(lang: str, record: CallRecord) -> str:
    """What the Result column says: how the request went (or where the call came from),
    then how the call ended once known, and whether it is to return."""
    outcome = record.outcome(lang)
    if record.origin == Origin.OMICALL:
        where = txt.INBOUND(lang) if record.direction == "inbound" else txt.OUTBOUND_PHONE(lang)
        result = f"{where} · {outcome}" if outcome else where
    else:
        result = txt.STATUS[record.status.value](lang)
        if record.error_code:
            result += f" ({record.error_code})"
        elif outcome:
            result += f" · {outcome}"
        elif record.call_uuid:
            result += f" {record.call_uuid}"
    if record.to_return:
        result += f" · {txt.TO_RETURN(lang)}"
    return result
