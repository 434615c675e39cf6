"""`omidesk routing serve | owners import/set/clear/list/export | lookup | sync | set-key`:
the owner-routing service and its owners, from a terminal. Exit codes as the other groups:
0 done, 2 invalid input or file (nothing changed), 4 the owners file cannot be used or the
call history could not be read, 5 not set up."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from omidesk import services
from omidesk.cli.context import (
    EXIT_NOT_CONFIGURED,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_UNKNOWN,
    EXIT_USAGE,
    Context,
)
from omidesk.domain import routing_texts as txt
from omidesk.domain.catalogue import explain
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.domain.contacts import display_of
from omidesk.domain.owners import ANY_HOTLINE, quoted
from omidesk.domain.settings import ROUTING_KEY_MIN_LENGTH, Problem, short_routing_keys
from omidesk.infra import owner_files
from omidesk.infra.keystore import ROUTING_KEY, KeyLocation, KeyStore
from omidesk.store.db import StoreError
from omidesk.usecases import manage_owners
from omidesk.usecases.manage_owners import Refused


def run(ctx: Context, args: argparse.Namespace) -> int:
    action = args.action
    if action == "set-key":
        return set_key(ctx)
    if action == "serve":
        return serve(ctx, args)
    actions = {"owners": _owners, "lookup": lookup, "sync": sync}
    try:
        return actions[action](ctx, args)
    except StoreError as error:
        return ctx.store_failure(error)


def _db(ctx: Context, args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else ctx.paths.owners_database


def _graph(ctx: Context, args: argparse.Namespace) -> services.Routing:
    return services.routing(ctx.paths, ctx.loaded, db_path=_db(ctx, args))


def _json(ctx: Context, value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False), file=ctx.out)


def _shown(key: str) -> str:
    """A stored number or hotline key as people write it ("0901 234 567")."""
    if key.startswith("+"):
        return display_of(key) or key
    return key


def _refused(ctx: Context, refused: Refused) -> int:
    ctx.fail(refused.code, **refused.params)
    return EXIT_USAGE


# --- owners ------------------------------------------------------------------------------


def _owners(ctx: Context, args: argparse.Namespace) -> int:
    owner_actions = {
        "import": _import,
        "set": _set,
        "clear": _clear,
        "list": _list,
        "export": _export,
    }
    return owner_actions[args.owners_action](ctx, args)


def _import(ctx: Context, args: argparse.Namespace) -> int:
    path = Path(args.file)
    graph = _graph(ctx, args)
    try:
        report = manage_owners.import_owners(
            graph.owners, _Files(), path, replace=args.mode == "replace"
        )
    except ContactFileError as error:
        ctx.fail(error)
        return EXIT_USAGE
    finally:
        graph.owners.close()
    if args.json:
        _json(ctx, report.to_json())
        return EXIT_OK
    ctx.say(
        txt.IMPORTED,
        path=path,
        imported=report.imported,
        rows=report.rows,
        numbers=report.numbers,
        skipped=len(report.skipped),
        mode=txt.MODE[report.mode](ctx.lang),
    )
    for row in report.skipped:
        reason = explain(str(row.problem), ctx.lang).message
        ctx.say(txt.SKIPPED_ROW, row=row.row, reason=reason, detail=row.detail or "—")
    for row in report.partly:
        for item in row.left_out:
            reason = explain(str(item.problem), ctx.lang).message
            ctx.say(txt.LEFT_OUT, row=row.row, value=item.value, reason=reason)
    return EXIT_OK


class _Files:
    """infra.owner_files as the use case's port."""

    rows = staticmethod(owner_files.rows)
    replacing = staticmethod(owner_files.replacing)


def _hotline_words(ctx: Context, hotline: str) -> str:
    if hotline == ANY_HOTLINE:
        return txt.ANY_HOTLINE(ctx.lang)
    return txt.FOR_HOTLINE(ctx.lang, hotline=_shown(hotline))


def _set(ctx: Context, args: argparse.Namespace) -> int:
    graph = _graph(ctx, args)
    try:
        done = manage_owners.set_owners(graph.owners, args.number, args.extensions, args.hotline)
    finally:
        graph.owners.close()
    if isinstance(done, Refused):
        return _refused(ctx, done)
    ctx.say(
        txt.SET_DONE,
        number=_shown(done.number),
        owners=":".join(done.extensions),
        hotline=_hotline_words(ctx, done.hotline),
    )
    return EXIT_OK


def _clear(ctx: Context, args: argparse.Namespace) -> int:
    graph = _graph(ctx, args)
    try:
        count = manage_owners.clear_owners(graph.owners, args.number, args.hotline)
    finally:
        graph.owners.close()
    if isinstance(count, Refused):
        return _refused(ctx, count)
    ctx.say(txt.CLEARED, number=args.number, count=count)
    return EXIT_OK


def _list(ctx: Context, args: argparse.Namespace) -> int:
    graph = _graph(ctx, args)
    try:
        rows = list(graph.owners.explicit())
    finally:
        graph.owners.close()
    if args.json:
        _json(
            ctx,
            [
                {
                    "number": row.number,
                    "display": _shown(row.number),
                    "hotline": row.hotline or None,
                    "owners": list(row.extensions),
                }
                for row in rows
            ],
        )
        return EXIT_OK
    if not rows:
        ctx.say(txt.NONE_LISTED)
        return EXIT_OK
    for row in rows:
        hotline = _hotline_words(ctx, row.hotline)
        print(f"{_shown(row.number):<16} {':'.join(row.extensions):<24} {hotline}", file=ctx.out)
    return EXIT_OK


def _export(ctx: Context, args: argparse.Namespace) -> int:
    path = Path(args.file)
    graph = _graph(ctx, args)
    try:
        count = manage_owners.export_owners(graph.owners, _Files(), path)
    except ContactFileError as error:
        ctx.fail(error)
        return EXIT_USAGE
    finally:
        graph.owners.close()
    ctx.say(txt.EXPORTED, count=count, path=path)
    return EXIT_OK


# --- lookup --------------------------------------------------------------------------------


def lookup(ctx: Context, args: argparse.Namespace) -> int:
    from omidesk.usecases.owner_lookup import Result  # noqa: PLC0415

    graph = _graph(ctx, args)
    try:
        found = asyncio.run(graph.lookup.lookup(args.number, args.hotline or ""))
    finally:
        graph.owners.close()
    if found.result in (Result.BUSY, Result.ERROR):
        ctx.fail(found.error or "owners_busy", path=str(graph.owners.path))
        return EXIT_UNKNOWN
    owners = [
        {
            "extension": why.extension,
            "why": str(why.tier),
            "last_call_at": _iso(why.last_call_at) if why.last_call_at is not None else None,
        }
        for why in found.owners.owners
    ]
    if args.json:
        _json(
            ctx,
            {
                "number": found.number,
                "hotline": found.hotline,
                "answer": found.owners.body,
                "result": str(found.result),
                "owners": owners,
            },
        )
        return EXIT_OK
    if found.result is Result.INVALID:
        ctx.say(txt.NOT_A_NUMBER, number=quoted(args.number))
        return EXIT_OK
    ctx.say(txt.ANSWER, answer=found.owners.body or txt.ANSWER_EMPTY(ctx.lang))
    for why in found.owners.owners:
        date = _iso(why.last_call_at) if why.last_call_at is not None else ""
        print(f"  {why.extension:<8} {txt.WHY[why.tier](ctx.lang, date=date)}", file=ctx.out)
    return EXIT_OK


def _iso(when: float) -> str:
    return datetime.fromtimestamp(when).astimezone().isoformat(timespec="seconds")


# --- sync ----------------------------------------------------------------------------------

# Failures that say the profile is not set up (as `history --sync` reads them).
_SETUP_CODES = frozenset({"not_configured", "base_url_invalid", "settings_not_yours"})


def sync(ctx: Context, args: argparse.Namespace) -> int:
    graph = _graph(ctx, args)
    try:
        report = asyncio.run(_sync(graph))
    finally:
        graph.owners.close()
    if args.json:
        _json(
            ctx,
            {
                "calls": report.calls,
                "learned": report.learned,
                "forgotten": report.forgotten,
                "since": _iso(report.since) if report.since else None,
                "skipped": report.skipped,
                "error": report.error,
            },
        )
    if report.skipped == "off":
        if not args.json:
            ctx.say(txt.SYNC_OFF)
        return EXIT_OK
    if report.skipped == "running":
        if not args.json:
            ctx.say(txt.SYNC_RUNNING)
        return EXIT_OK
    if report.error is not None:
        if not args.json:
            ctx.fail(report.error, **(report.error_params or {}))
        if report.skipped == "not_configured" or report.error in _SETUP_CODES:
            return EXIT_NOT_CONFIGURED
        return EXIT_REJECTED if report.refused else EXIT_UNKNOWN
    if not args.json:
        ctx.say(
            txt.SYNC_DONE,
            calls=report.calls,
            since=_iso(report.since or 0),
            learned=report.learned,
            forgotten=report.forgotten,
        )
    return EXIT_OK


async def _sync(graph: services.Routing) -> Any:
    try:
        return await graph.sync.sync_once()
    finally:
        await graph.closing.aclose()


# --- set-key -------------------------------------------------------------------------------


def set_key(ctx: Context) -> int:
    """Reads the key from a hidden prompt or standard input, never the arguments."""
    if sys.stdin is not None and sys.stdin.isatty():
        key = getpass.getpass(txt.KEY_PROMPT(ctx.lang))
    else:
        key = sys.stdin.readline() if sys.stdin is not None else ""
    key = key.strip()
    if not key:
        print(txt.KEY_EMPTY(ctx.lang), file=ctx.err)
        return EXIT_USAGE
    if short_routing_keys([part.strip() for part in key.split(",") if part.strip()]):
        ctx.fail("routing_key_too_short", min=ROUTING_KEY_MIN_LENGTH)
        return EXIT_USAGE
    keystore = KeyStore(ctx.paths.routing_secret_file, on_notice=ctx.problem, entry=ROUTING_KEY)
    if keystore.set(key) == KeyLocation.FILE:
        ctx.problem(Problem("routing_key_in_file", {"path": keystore.fallback_file}))
    else:
        ctx.say(txt.KEY_SAVED)
    return EXIT_OK


# --- serve ---------------------------------------------------------------------------------


def serve(ctx: Context, args: argparse.Namespace) -> int:
    """Checks what can be checked here (a key, the TLS files, the path, the port), then
    hands over to uvicorn, whose workers build the application (routing.app)."""
    path = args.path
    if not path.startswith("/") or "?" in path or "#" in path:
        ctx.fail("routing_bad_path", path=path)
        return EXIT_USAGE
    if bool(args.certfile) != bool(args.keyfile) or not all(
        Path(name).is_file() for name in (args.certfile, args.keyfile) if name
    ):
        ctx.fail("routing_tls_files", detail=f"{args.certfile or '—'}, {args.keyfile or '—'}")
        return EXIT_USAGE
    keys = services.routing_keys(ctx.paths, on_notice=ctx.problem)
    if not keys:
        ctx.fail("routing_no_key")
        return EXIT_NOT_CONFIGURED
    if short := short_routing_keys(keys):
        store = KeyStore(ctx.paths.routing_secret_file, entry=ROUTING_KEY)
        if store.location() is KeyLocation.ENV:
            ctx.fail("routing_env_key_too_short", position=short[0], min=ROUTING_KEY_MIN_LENGTH)
        else:
            ctx.fail("routing_key_too_short", min=ROUTING_KEY_MIN_LENGTH)
        return EXIT_NOT_CONFIGURED
    # The file is opened (made, migrated) once here: a damaged or newer one is said now.
    graph = _graph(ctx, args)
    graph.owners.close()
    try:
        with socket.create_server((args.host, args.port)):
            pass
    except OSError as exc:
        ctx.fail("routing_cannot_listen", host=args.host, port=args.port, detail=exc.strerror)
        return EXIT_USAGE
    from omidesk.routing.app import APP, CONFIG_ENV, ServeConfig  # noqa: PLC0415

    config = ServeConfig(db=str(_db(ctx, args)), path=path, demo=args.demo, debug=bool(args.debug))
    os.environ[CONFIG_ENV] = config.to_env()
    scheme = "https" if args.certfile else "http"
    ctx.say(
        txt.SERVING, scheme=scheme, host=args.host, port=args.port, path=path, db=_db(ctx, args)
    )
    if not args.certfile:
        ctx.warn(txt.NO_HTTPS(ctx.lang))
    sys.stdout.flush()
    import uvicorn  # noqa: PLC0415 - the service alone needs the server

    uvicorn.run(
        APP,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
        # Ours: one line a request, the number masked (uvicorn's holds it whole).
        access_log=False,
        log_config=None,
        lifespan="on",
        server_header=False,
        timeout_keep_alive=30,
    )
    return EXIT_OK
