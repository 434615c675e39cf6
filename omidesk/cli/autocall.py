"""`omidesk autocall set-secret | push | results | calls | journal`: AutoCall campaigns from
the command line. A push is checked and shown first, asks before sending (unless --yes),
and prints exactly one report (one JSON object with --json), however it ends."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import ssl
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from omidesk.cli.context import (
    EXIT_INTERRUPTED,
    EXIT_NOT_CONFIGURED,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_REJECTED,
    EXIT_UNKNOWN,
    EXIT_USAGE,
    Context,
)
from omidesk.domain import messages as txt
from omidesk.domain.autocall.calls import CallFilter, CampaignCall, on_this_clock
from omidesk.domain.autocall.errors import AutoCallError
from omidesk.domain.autocall.push import PushPlan, PushReport
from omidesk.domain.catalogue import explain
from omidesk.domain.contact_files import formulas
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.domain.errors import SetupError
from omidesk.domain.settings import Problem
from omidesk.infra import contact_files, tls
from omidesk.infra.interpreter import collector_paused
from omidesk.infra.keystore import AUTOCALL_SECRET, KeyLocation, KeyStore
from omidesk.services import autocall_client
from omidesk.store.autocall import AutoCallStore
from omidesk.store.contacts import ContactStore
from omidesk.store.db import Database, StoreError
from omidesk.usecases.autocall_push import (
    Gathered,
    from_contacts,
    from_file,
    from_numbers,
    prepare,
    push,
)
from omidesk.usecases.autocall_results import sync_calls

# Every contact a search may find: a push of "everyone called Nguyễn" is the point.
_SEARCH_LIMIT = 100_000
# Numbers listed in a line of the report before "…".
_LISTED = 20


def run(ctx: Context, args: argparse.Namespace) -> int:
    actions = {
        "set-secret": _set_secret,
        "push": _push,
        "results": _results,
        "calls": _results,
        "journal": _journal,
    }
    try:
        return actions[args.action](ctx, args)
    except StoreError as error:
        return ctx.store_failure(error)


def keystore(ctx: Context) -> KeyStore:
    return KeyStore(ctx.paths.autocall_secret_file, on_notice=ctx.problem, entry=AUTOCALL_SECRET)


def _set_secret(ctx: Context, _args: argparse.Namespace) -> int:
    """Reads the secret from a hidden prompt or standard input, never from the arguments."""
    if sys.stdin is not None and sys.stdin.isatty():
        secret = getpass.getpass(txt.SECRET_PROMPT(ctx.lang))
    else:
        secret = sys.stdin.readline() if sys.stdin is not None else ""
    secret = secret.strip()
    if not secret:
        print(txt.SECRET_EMPTY(ctx.lang), file=ctx.err)
        return EXIT_USAGE
    store = keystore(ctx)
    if store.set(secret) == KeyLocation.FILE:
        ctx.problem(Problem("autocall_key_in_file", {"path": store.fallback_file}))
    else:
        ctx.say(txt.SECRET_SAVED)
    return EXIT_OK


def _account(ctx: Context) -> tuple[str, str] | Problem:
    """The AutoCall server and secret in effect, or why there are none to use."""
    blocked = ctx.loaded.autocall_blocked
    if blocked is not None:
        return blocked
    secret = keystore(ctx).get()
    if not secret:
        return Problem("autocall_no_secret")
    return ctx.loaded.settings.autocall_base_url, secret


# --- push ----------------------------------------------------------------------------------------


def _push(ctx: Context, args: argparse.Namespace) -> int:
    report = PushReport(PushPlan(args.campaign))
    account = _account(ctx)
    if isinstance(account, Problem):
        return _told(ctx, args, report, account.code, EXIT_NOT_CONFIGURED, **account.params)
    # The TLS context (the CA bundle loaded, 20-25 ms) made beside the reading and the
    # checks, which do not need it, instead of after them.
    verify = tls.made_soon(tls.needed_by(account[0]))
    # Checking and sending 10,000 contacts makes some hundred thousand objects and no
    # cycle: the cyclic collector would walk them, and all the command holds, pass after
    # pass. Paused for the command, as the window runs without the automatic one
    # (desktop.collector); the command ends right after, and what it holds then is frozen
    # rather than walked once more.
    with ctx.database() as db, collector_paused(then_frozen=True):
        store = AutoCallStore(db)
        store.recover_interrupted()
        try:
            # A plain list is read by prepare(): a file unreadable part way fails there.
            plan = prepare(
                args.campaign,
                _gather(args, db),
                store,
                otp_required=bool(args.otp_column),
                again=args.again,
            )
        except ContactFileError as error:
            return _told(ctx, args, report, error.code, EXIT_USAGE, **error.params)
        report = PushReport(plan)
        if not args.json:
            _show_plan(ctx, plan)
        if not plan.to_send:
            if plan.already_pushed:
                code, exit_code = "push_all_pushed", EXIT_REFUSED
            else:
                code, exit_code = "push_nothing_valid", EXIT_USAGE
            return _told(
                ctx, args, report, code, exit_code, campaign=plan.campaign, total=plan.total
            )
        if not args.yes and not _confirmed(ctx, plan):
            return _told(ctx, args, report, "push_declined", EXIT_USAGE)
        try:
            context = verify()
        except SetupError as error:  # nothing sent; with --json, the report says so too
            return _told(ctx, args, report, error.code, EXIT_NOT_CONFIGURED, **error.params)
        interrupted = False
        try:
            asyncio.run(_send(ctx, args, account, store, report, verify=context))
        except KeyboardInterrupt:
            interrupted = True  # the batch out was recorded; the report says what is known
    _show_report(ctx, args, report)
    if interrupted and not report.unknown:
        return EXIT_INTERRUPTED
    return _push_exit(report)


def _gather(args: argparse.Namespace, db: Database) -> Gathered:
    if args.file is not None:
        return from_file(Path(args.file), contact_files, otp_column=args.otp_column)
    if args.numbers is not None:
        return Gathered(from_numbers(args.numbers))
    return Gathered(from_contacts(ContactStore(db).search(args.search, limit=_SEARCH_LIMIT)))


async def _send(
    ctx: Context,
    args: argparse.Namespace,
    account: tuple[str, str],
    store: AutoCallStore,
    report: PushReport,
    *,
    verify: ssl.SSLContext | bool,
) -> None:

    base_url, secret = account
    settings = ctx.loaded.settings
    shown = not args.json and ctx.err.isatty()

    def progress(sent: int, total: int) -> None:
        if shown:
            print("\r" + txt.PUSH_PROGRESS(ctx.lang, sent=sent, total=total), end="", file=ctx.err)

    async with httpx.AsyncClient(verify=verify) as http:
        client = autocall_client(http, base_url, secret, timeout_s=settings.timeout_s)
        await push(report.plan, client, store, report=report, progress=progress)
    if shown:
        print(file=ctx.err)


def _confirmed(ctx: Context, plan: PushPlan) -> bool:
    count = len(plan.to_send)
    asked = txt.PUSH_CONFIRM_ONE if count == 1 else txt.PUSH_CONFIRM
    question = asked(ctx.lang, count=count, campaign=plan.campaign)
    print(question, end="", file=ctx.err, flush=True)
    try:
        answer = sys.stdin.readline() if sys.stdin is not None else ""
    except (OSError, ValueError):
        answer = ""
    return answer.strip().lower() in txt.YES_ANSWERS


def _told(
    ctx: Context,
    args: argparse.Namespace,
    report: PushReport,
    code: str,
    exit_code: int,
    **params: Any,
) -> int:
    """A push that sends nothing: why, in the catalogue's words, and its (empty) report."""
    ctx.fail(code, **params)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False), file=ctx.out)
    return exit_code


def _show_plan(ctx: Context, plan: PushPlan) -> None:
    """The checks' report, before anything is sent."""
    lang = ctx.lang
    ctx.say(txt.PUSH_PLAN, campaign=plan.campaign, count=len(plan.to_send), total=plan.total)
    if plan.invalid:
        print(txt.PUSH_INVALID(lang, count=len(plan.invalid)), file=ctx.err)
        for item in plan.invalid:
            reason = explain(item.reason, lang, **item.params).message
            shown = item.input.strip()[:60] or "—"
            line = txt.PUSH_INVALID_ROW if item.row else txt.PUSH_INVALID_ITEM
            print(line(lang, row=item.row, input=shown, reason=reason), file=ctx.err)
    if plan.duplicates:
        print(txt.PUSH_DUPLICATES(lang, count=plan.duplicates), file=ctx.err)
    if plan.already_pushed:
        numbers = _listed(plan.already_pushed)
        print(txt.PUSH_ALREADY(lang, count=len(plan.already_pushed), numbers=numbers), file=ctx.err)


def _show_report(ctx: Context, args: argparse.Namespace, report: PushReport) -> None:
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False), file=ctx.out)
    lang = ctx.lang
    stream = None if args.json else ctx.out
    if stream is not None and report.sent:
        accepted = len(report.accepted)
        print(
            txt.PUSH_DONE(lang, sent=report.sent, campaign=report.campaign, accepted=accepted),
            file=stream,
        )
        if report.skipped_by_server:
            numbers = _listed(report.skipped_by_server)
            print(
                txt.PUSH_SKIPPED(lang, count=len(report.skipped_by_server), numbers=numbers),
                file=stream,
            )
    if report.unknown:
        lost = report.unknown_error
        if lost is not None:
            ctx.fail(lost.code, server_message=lost.server_message, **lost.params)
        else:
            ctx.fail("autocall_interrupted")
        numbers = _listed(report.unknown)
        print(
            "  " + txt.PUSH_UNKNOWN(lang, count=len(report.unknown), numbers=numbers), file=ctx.err
        )
    stop = report.stop
    if stop is not None and stop.consequence != "cancelled":
        params = {"campaign": report.campaign, **stop.params}
        ctx.fail(stop.code, server_message=stop.server_message, **params)
        if stop.server_message:
            print("  " + txt.CODE(lang, code=stop.code), file=ctx.err)
    if report.not_sent:
        print(txt.PUSH_NOT_SENT(lang, count=report.not_sent), file=ctx.err)


def _listed(numbers: list[str]) -> str:
    shown = ", ".join(numbers[:_LISTED])
    return shown + (", …" if len(numbers) > _LISTED else "")


def _push_exit(report: PushReport) -> int:
    """0 sent and answered; 3 AutoCall refused; 4 an outcome unknown, or nothing could be
    sent; 130 stopped between two batches by the agent."""
    if report.unknown:
        return EXIT_UNKNOWN
    stop = report.stop
    if stop is None:
        return EXIT_OK
    if stop.consequence == "rejected":
        return EXIT_REJECTED
    if stop.consequence == "cancelled":
        return EXIT_INTERRUPTED
    return EXIT_UNKNOWN


# --- results, calls ------------------------------------------------------------------------------


def _results(ctx: Context, args: argparse.Namespace) -> int:
    campaign = args.campaign if args.action == "results" else None
    account = _account(ctx)
    # Made beside the opening of the store (see _push).
    verify = tls.made_soon(not isinstance(account, Problem) and tls.needed_by(account[0]))
    exit_code = EXIT_OK
    with ctx.database() as db:
        store = AutoCallStore(db)
        if isinstance(account, Problem):
            ctx.fail(account.code, **account.params)
            exit_code = EXIT_NOT_CONFIGURED
        else:
            exit_code = _sync(ctx, account, verify, store, campaign)
        chosen = CallFilter(
            answered=getattr(args, "answered", False),
            pressed=getattr(args, "pressed", None),
            since=args.since,
        )
        calls = store.calls(campaign, chosen)
    if exit_code != EXIT_OK and calls:
        print(txt.RESULTS_STORED(ctx.lang), file=ctx.err)
    csv_file = getattr(args, "csv", None)
    if csv_file:
        _write_csv(ctx, Path(csv_file), calls)
    elif args.json:
        print(json.dumps([call.to_json() for call in calls], ensure_ascii=False), file=ctx.out)
    else:
        _print_calls(ctx, calls)
    return exit_code


def _sync(
    ctx: Context,
    account: tuple[str, str],
    verify: Callable[[], ssl.SSLContext | bool],
    store: AutoCallStore,
    campaign: str | None,
) -> int:
    """Reads the new calls into the store; the exit code (the stored calls are listed all
    the same when AutoCall cannot be read, or the TLS context `verify()` gives cannot be
    made)."""

    base_url, secret = account
    settings = ctx.loaded.settings
    try:
        context = verify()
    except SetupError as error:
        ctx.fail(error)
        return EXIT_NOT_CONFIGURED

    async def sync() -> int:
        async with httpx.AsyncClient(verify=context) as http:
            client = autocall_client(http, base_url, secret, timeout_s=settings.timeout_s)
            if campaign is not None:
                await store.remember_campaign(campaign)
            return (await sync_calls(client, store, campaign)).calls

    try:
        count = asyncio.run(sync())
    except AutoCallError as error:
        error.params.setdefault("campaign", campaign or "")
        ctx.fail(error)
        return EXIT_REJECTED if error.consequence == "rejected" else EXIT_UNKNOWN
    print(txt.RESULTS_SYNCED(ctx.lang, count=count), file=ctx.err)
    return EXIT_OK


def state_text(call: CampaignCall, lang: str) -> str:
    if call.answered:
        return txt.CALL_STATES["answered"](lang)
    if call.failed:
        return txt.CALL_STATES["failed"](lang)
    return txt.CALL_STATES["other"](lang, state=call.state if call.state is not None else "—")


def _print_calls(ctx: Context, calls: list[CampaignCall]) -> None:
    if not calls:
        ctx.say(txt.RESULTS_NONE)
        return
    ctx.say(txt.RESULTS_HEADER)
    for call in calls:
        # This computer's clock, as the window shows it (--json and --csv keep +07:00).
        when = on_this_clock(call.called_at).strftime("%Y-%m-%d %H:%M") if call.called_at else "—"
        contact = (call.contact or "")[:22]
        duration = "" if call.duration_s is None else str(call.duration_s)
        keys = ",".join(call.keys)
        state = state_text(call, ctx.lang)
        print(
            f"{when:<17} {call.callee_id:<13} {contact:<22} {state:<13} {duration:>4}  "
            f"{keys:<9} {call.note}".rstrip(),
            file=ctx.out,
        )


def _write_csv(ctx: Context, path: Path, calls: list[CampaignCall]) -> None:
    """The list as a spreadsheet: UTF-8 with a BOM (Excel shows Vietnamese), no cell a
    spreadsheet would run as a formula (numbers and notes come from AutoCall)."""
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = formulas.Writer(file)
        writer.writerow([column(ctx.lang) for column in txt.RESULTS_COLUMNS])
        for call in calls:
            row = call.to_json()
            writer.writerow("" if value is None else value for value in row.values())
    ctx.say(txt.RESULTS_WRITTEN, count=len(calls), path=path)


# --- journal -------------------------------------------------------------------------------------


def _journal(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.database() as db:
        batches = AutoCallStore(db).journal(args.campaign)
    if args.json:
        print(json.dumps([b.to_json() for b in batches], ensure_ascii=False), file=ctx.out)
        return EXIT_OK
    if not batches:
        ctx.say(txt.JOURNAL_NONE)
        return EXIT_OK
    for batch in batches:
        state = txt.BATCH_STATES[batch.state](
            ctx.lang, accepted=len(batch.accepted), code=batch.error_code or ""
        )
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(batch.created_at))
        ctx.say(
            txt.JOURNAL_ROW,
            when=when,
            campaign=batch.campaign,
            push=batch.push_id,
            seq=batch.seq,
            count=len(batch.numbers),
            state=state,
        )
    return EXIT_OK
