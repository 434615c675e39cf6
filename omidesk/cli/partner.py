"""`omidesk partner …`: the partner console from a terminal — set-api-key, tenants, tenant,
add, top-up, ledger — with the exit codes of `omidesk call`: 0 done, 2 usage or invalid
(nothing sent), 3 refused, 4 unknown (or nothing could be sent), 5 not set up. Without an
action it opens the Companies window."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import json
import math
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from omidesk.cli.context import (
    EXIT_INTERRUPTED,
    EXIT_NOT_CONFIGURED,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_UNKNOWN,
    EXIT_USAGE,
    Context,
)
from omidesk.domain import messages
from omidesk.domain import partner_texts as txt
from omidesk.domain.catalogue import explain
from omidesk.domain.settings import Problem
from omidesk.domain.tenants import (
    WALLET_LABELS,
    Expiry,
    Invalid,
    TenantDetails,
    TopUpStatus,
    check_owner_fields,
    expiry,
    format_money,
    format_vnd,
)
from omidesk.infra import tls
from omidesk.infra.keystore import KeyLocation
from omidesk.omicall.errors import OmiCallError
from omidesk.services import Partner, build_partner
from omidesk.store.db import StoreError
from omidesk.usecases import create_tenant
from omidesk.usecases.top_up import Outcome, Plan

_EXITS = {
    "done": EXIT_OK,
    "activated": EXIT_OK,
    "activating": EXIT_OK,
    "invalid": EXIT_USAGE,
    "refused": EXIT_REJECTED,
    "unknown": EXIT_UNKNOWN,
    "failed": EXIT_UNKNOWN,
}
# Codes that say OmiDesk must be set up (again) before anything can be sent.
_NOT_SET_UP = frozenset(
    {"partner_not_configured", "not_configured", "base_url_invalid", "settings_not_yours"}
)


def exit_code(status: str, error: str | None) -> int:
    if error in _NOT_SET_UP:
        return EXIT_NOT_CONFIGURED
    return _EXITS.get(status, EXIT_UNKNOWN)


def run(ctx: Context, args: argparse.Namespace) -> int:
    action = args.action
    if action is None:
        return ctx.window({"cmd": "partner"})
    if action == "set-api-key":
        return set_api_key(ctx)
    if action == "ledger":
        return ledger(ctx, args)
    commands: dict[str, _Command] = {
        "tenants": tenants,
        "tenant": tenant,
        "add": add,
        "top-up": top_up,
    }
    state = _State()
    try:
        return asyncio.run(_online(ctx, args, commands[action], state))
    except StoreError as error:
        return ctx.store_failure(error)
    except KeyboardInterrupt:
        return _interrupted(ctx, args, state)


@dataclass
class _State:
    """What a command got to before Ctrl+C, kept outside the event loop."""

    entry_id: int | None = None  # a top-up recorded in the ledger (it may have been sent)
    partner: Partner | None = None
    warned: bool = False

    def warn_if_not_partner(self, ctx: Context) -> None:
        """Once, before what OMICall answered: a key that signed in as a company's."""
        client = self.partner.client if self.partner is not None else None
        if self.warned or client is None or not client.not_a_partner_key:
            return
        self.warned = True
        said = explain("partner_not_partner_key", ctx.lang, value=client.access_type)
        ctx.warn(f"{said.message} {said.next_step}")


_Command = Callable[[Context, argparse.Namespace, Partner, _State], Awaitable[int]]


async def _online(
    ctx: Context,
    args: argparse.Namespace,
    command: _Command,
    state: _State,
) -> int:
    """Runs a command that talks to OMICall, once the settings allow it and a key is set."""
    blocked = ctx.loaded.blocked
    if blocked is not None:
        # Nothing is sent: not the partner key to a server that may be anyone's.
        ctx.fail(blocked.code, **blocked.params)
        return EXIT_NOT_CONFIGURED
    async with _partner(ctx) as partner:
        state.partner = partner
        if not partner.api_key():
            ctx.fail("partner_not_configured")
            return EXIT_NOT_CONFIGURED
        partner.configure()
        # No sign-in ahead: a command whose local checks fail sends nothing at all, not
        # even the key. What the key turned out to be is said with OMICall's answer.
        code = await command(ctx, args, partner, state)
        state.warn_if_not_partner(ctx)
        return code


@contextlib.asynccontextmanager
async def _partner(ctx: Context) -> AsyncIterator[Partner]:
    settings = ctx.loaded.settings
    with ctx.database() as db:
        async with httpx.AsyncClient(verify=tls.for_server(settings.base_url)) as http:
            yield build_partner(ctx.paths, http, db, lambda: ctx.loaded, on_notice=ctx.problem)


def _failed(ctx: Context, state: _State, error: OmiCallError) -> int:
    """A read or a sign-in that did not work: why, what to do, the code."""
    state.warn_if_not_partner(ctx)
    said = explain(error, ctx.lang)
    print(f"✗ {said.message}", file=ctx.err)
    print("  " + messages.NEXT_STEP(ctx.lang, next_step=said.next_step), file=ctx.err)
    print("  " + messages.CODE(ctx.lang, code=error.code), file=ctx.err)
    status = "refused" if error.consequence == "rejected" else "failed"
    return exit_code(status, error.code)


def _json(ctx: Context, value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False), file=ctx.out)


# --- set-api-key ------------------------------------------------------------------------------


def set_api_key(ctx: Context) -> int:
    """Reads the partner key from a hidden prompt or standard input, never the arguments."""
    if sys.stdin is not None and sys.stdin.isatty():
        key = getpass.getpass(txt.KEY_PROMPT(ctx.lang))
    else:
        key = sys.stdin.readline() if sys.stdin is not None else ""
    key = key.strip()
    if not key:
        print(txt.KEY_EMPTY(ctx.lang), file=ctx.err)
        return EXIT_USAGE
    from omidesk.infra.keystore import PARTNER_KEY, KeyStore  # noqa: PLC0415

    keystore = KeyStore(ctx.paths.partner_secret_file, on_notice=ctx.problem, entry=PARTNER_KEY)
    if keystore.set(key) == KeyLocation.FILE:
        ctx.problem(Problem("partner_key_in_file", {"path": keystore.fallback_file}))
    else:
        ctx.say(txt.KEY_SAVED)
    return EXIT_OK


# --- tenants, tenant ---------------------------------------------------------------------------


async def tenants(ctx: Context, args: argparse.Namespace, partner: Partner, state: _State) -> int:
    try:
        found = await partner.client.tenants(args.keyword.strip())
    except OmiCallError as error:
        return _failed(ctx, state, error)
    if args.json:
        _json(ctx, [item.to_json() for item in found])
        return EXIT_OK
    if not found:
        keyword = args.keyword.strip()
        ctx.say(txt.NO_TENANTS_MATCH if keyword else txt.NO_TENANTS, keyword=keyword)
        return EXIT_OK
    now = datetime.now(UTC)
    headers = [column(ctx.lang) for column in txt.TENANT_COLUMNS]
    rows = [
        [
            item.full_name,
            item.email,
            item.status,
            format_money(item.balance, item.currency or "VND"),
            item.package,
            _expires(ctx, item.expire_at, now),
            "" if item.hotlines is None else str(item.hotlines),
        ]
        for item in found
    ]
    _table(ctx, headers, rows, right={3, 6}, widest={0: 34, 1: 30})
    ctx.say(txt.TENANTS_COUNT, count=len(found))
    return EXIT_OK


async def tenant(ctx: Context, args: argparse.Namespace, partner: Partner, state: _State) -> int:
    try:
        details = await partner.client.tenant(args.id.strip())
    except OmiCallError as error:
        return _failed(ctx, state, error)
    if args.json:
        _json(ctx, details.to_json(show_api_key=args.show_api_key))
        return EXIT_OK
    _print_details(ctx, details, show_api_key=args.show_api_key)
    return EXIT_OK


def _print_details(ctx: Context, details: TenantDetails, *, show_api_key: bool) -> None:
    lang = ctx.lang
    labels = {key: text(lang) for key, text in txt.DETAIL_LABELS.items()}
    width = max(len(label) for label in labels.values()) + 2
    now = datetime.now(UTC)
    key = "—"
    if details.api_key is not None:
        masked = details.api_key.masked()
        key = details.api_key.reveal() if show_api_key else txt.API_KEY_HIDDEN(lang, masked=masked)
    enabled = {True: txt.YES(lang), False: txt.NO(lang), None: "—"}[details.enabled]
    lines = [
        ("full_name", details.full_name),
        ("id", details.id),
        ("email", details.email),
        ("phone", details.phone),
        ("status", details.status),
        ("enabled", enabled),
        ("balance", format_money(details.balance, details.currency or "VND")),
        ("paid_type", details.paid_type),
        ("package", details.package),
        ("effective_date", _date(details.effective_at)),
        ("expire_date", _expires(ctx, details.expire_at, now)),
        ("domain", details.domain),
        ("api_key", key),
    ]
    for name, value in lines:
        print(f"{labels[name] + ':':<{width}}{value or '—'}", file=ctx.out)
    print(f"{labels['public_numbers']}:", file=ctx.out)
    for number in details.public_numbers:
        expires = _expires(ctx, number.expire_at, now)
        print(
            f"  {number.number:<14} {number.provider:<10} {number.status:<8} {expires}",
            file=ctx.out,
        )


def _date(when: datetime | None) -> str:
    return when.astimezone().strftime("%Y-%m-%d") if when is not None else "—"


def _expires(ctx: Context, when: datetime | None, now: datetime) -> str:
    """The date, and a warning when it is passed or within the warning days."""
    state = expiry(when, now)
    if when is None or state is None:
        return "—"
    if state is Expiry.EXPIRED:
        return f"{_date(when)} ⚠ {txt.EXPIRED_MARK(ctx.lang)}"
    if state is Expiry.SOON:
        days = math.ceil((when - now) / timedelta(days=1))
        return f"{_date(when)} ⚠ {txt.SOON_MARK(ctx.lang, days=days)}"
    return _date(when)


def _table(
    ctx: Context,
    headers: list[str],
    rows: list[list[str]],
    *,
    right: set[int],
    widest: dict[int, int],
) -> None:
    """Columns as wide as their widest cell (some capped, cut with "…")."""

    def fit(text: str, column: int) -> str:
        limit = widest.get(column)
        return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"

    cells = [[fit(cell, i) for i, cell in enumerate(row)] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        line = "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        )
        print(line.rstrip(), file=ctx.out)


# --- add ----------------------------------------------------------------------------------------


async def add(ctx: Context, args: argparse.Namespace, partner: Partner, state: _State) -> int:
    fields = {
        "email": args.email,
        "full_name": args.full_name,
        "owner_name": args.owner_name,
        "phone": args.phone,
    }
    # Every other field first: a password is not asked for a company that cannot be sent.
    _, problems = check_owner_fields(**fields)
    if problems:
        return _invalid(ctx, args, problems, args.email)
    password = _password(ctx, args)
    if password is None:
        return EXIT_USAGE

    def created(tenant_id: str) -> None:
        if not args.json:
            seconds = f"{create_tenant.ACTIVATION_WAIT_S:g}"
            print(txt.ACTIVATING_WAIT(ctx.lang, id=tenant_id, seconds=seconds), file=ctx.err)

    outcome = await partner.creation().create(
        **fields, password=password, auto_active=args.auto_active, on_created=created
    )
    state.warn_if_not_partner(ctx)
    if args.json:
        _json(ctx, outcome.to_json())
    elif outcome.problems:
        return _invalid(ctx, args, list(outcome.problems), args.email)
    else:
        _say_outcome(
            ctx, outcome.ok, outcome.message, next_step=outcome.next_step, error=outcome.error
        )
    return exit_code(outcome.status, outcome.error)


def _password(ctx: Context, args: argparse.Namespace) -> str | None:
    """The owner's password: from standard input's first line, or asked twice without echo."""
    stdin = sys.stdin
    if args.password_stdin:
        line = stdin.readline() if stdin is not None else ""
        return line.rstrip("\r\n")
    if stdin is None or not stdin.isatty():
        print(txt.PASSWORD_NO_TERMINAL(ctx.lang), file=ctx.err)
        return None
    first = getpass.getpass(txt.PASSWORD_PROMPT(ctx.lang))
    if getpass.getpass(txt.PASSWORD_AGAIN(ctx.lang)) != first:
        print(txt.PASSWORD_MISMATCH(ctx.lang), file=ctx.err)
        return None
    return first


def _invalid(ctx: Context, args: argparse.Namespace, problems: list[Invalid], email: str) -> int:
    """Each failing field on a line of its own, what to do under it: nothing was sent."""
    said = [explain(problem.code, ctx.lang, **problem.params) for problem in problems]
    if args.json:
        _json(
            ctx,
            {
                "id": None,
                "status": "invalid",
                "email": email.strip(),
                "error": problems[0].code,
                "errors": [problem.code for problem in problems],
                "message": " ".join(item.message for item in said),
            },
        )
        return EXIT_USAGE
    for problem, item in zip(problems, said, strict=True):
        print(f"✗ {item.message}", file=ctx.err)
        print("  " + messages.NEXT_STEP(ctx.lang, next_step=item.next_step), file=ctx.err)
        print("  " + messages.CODE(ctx.lang, code=problem.code), file=ctx.err)
    return EXIT_USAGE


def _say_outcome(
    ctx: Context,
    ok: bool,
    message: str,
    *,
    next_step: str,
    error: str | None,
    lines: tuple[str, ...] = (),
) -> None:
    stream = ctx.out if ok else ctx.err
    print(f"{'✓' if ok else '✗'} {message}", file=stream)
    for line in lines:
        print(f"  {line}", file=stream)
    if next_step:
        print("  " + messages.NEXT_STEP(ctx.lang, next_step=next_step), file=stream)
    if error:
        print("  " + messages.CODE(ctx.lang, code=error), file=stream)


# --- top-up -------------------------------------------------------------------------------------


async def top_up(ctx: Context, args: argparse.Namespace, partner: Partner, state: _State) -> int:
    case = partner.top_ups()
    plan = await case.plan(
        email=args.email, amount=args.amount, description=args.description, wallet=args.wallet
    )
    state.warn_if_not_partner(ctx)
    if isinstance(plan, Outcome):
        if plan.problems and not args.json:
            return _invalid(ctx, args, list(plan.problems), args.email)
        return _told(ctx, args, plan)
    refusal = _confirmed(ctx, args, plan)
    if refusal is not None:
        return _told(ctx, args, refusal)
    outcome = await case.send(plan, on_recorded=lambda entry_id: _recorded(state, entry_id))
    return _told(ctx, args, outcome)


def _recorded(state: _State, entry_id: int) -> None:
    state.entry_id = entry_id


def _confirmed(ctx: Context, args: argparse.Namespace, plan: Plan) -> Outcome | None:
    """None when the top-up may be sent: confirmed by a person, or --yes in a script with
    no earlier top-up to this company still unknown. Otherwise why not (nothing sent)."""
    request = plan.request
    if args.yes:
        if plan.unsettled is not None:
            # A script cannot have checked the balance: the unknown one may have been paid.
            params = {"email": request.email, "id": plan.unsettled.id}
            return _refusal(ctx, plan, "refused", "top_up_unknown_pending", params)
        return None
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        return _refusal(ctx, plan, "invalid", "top_up_confirmation_needed", {})
    # With --json the question goes to stderr: standard output stays one JSON object.
    stream = ctx.err if args.json else ctx.out
    print(plan.question(ctx.lang), file=stream)
    print(txt.CONFIRM_PROMPT(ctx.lang), end="", file=stream, flush=True)
    answer = stdin.readline().strip().casefold()
    if answer in txt.CONFIRM_WORDS:
        return None
    return _refusal(ctx, plan, "refused", "top_up_not_confirmed", {})


def _refusal(ctx: Context, plan: Plan, status: str, code: str, params: dict[str, Any]) -> Outcome:
    said = explain(code, ctx.lang, **params)
    request = plan.request
    return Outcome(
        status=status,
        email=request.email,
        amount=request.amount,
        wallet=request.wallet,
        company=plan.tenant.full_name,
        error=code,
        params=params,
        balance_before=plan.balance_before,
        message=said.message,
        next_step=said.next_step,
    )


def _told(ctx: Context, args: argparse.Namespace, outcome: Outcome) -> int:
    if args.json:
        _json(ctx, outcome.to_json())
    else:
        _say_outcome(
            ctx,
            outcome.ok,
            outcome.message,
            next_step=outcome.next_step,
            error=outcome.error,
            lines=outcome.lines,
        )
    return exit_code(outcome.status, outcome.error)


def _interrupted(ctx: Context, args: argparse.Namespace, state: _State) -> int:
    """Ctrl+C: a top-up already recorded may have left (the ledger says which); anything
    else stopped before sending."""
    if args.action != "top-up" or state.entry_id is None or state.partner is None:
        print(txt.NOT_CONFIRMED(ctx.lang), file=ctx.err)
        return EXIT_INTERRUPTED
    entry = None
    with contextlib.suppress(StoreError):
        entry = _ledger_entry(ctx, state.entry_id)
    if entry is not None and entry.status == TopUpStatus.REFUSED:
        print(txt.NOT_CONFIRMED(ctx.lang), file=ctx.err)
        return EXIT_INTERRUPTED
    params = {"amount": format_vnd(entry.amount if entry else 0), "email": args.email}
    said = explain("top_up_unknown", ctx.lang, **params)
    if args.json:
        _json(
            ctx,
            {
                "id": state.entry_id,
                "status": "unknown",
                "email": args.email,
                "error": "interrupted",
                "message": said.message,
            },
        )
    else:
        _say_outcome(ctx, False, said.message, next_step=said.next_step, error="interrupted")
    return EXIT_UNKNOWN


def _ledger_entry(ctx: Context, entry_id: int) -> Any:
    from omidesk.store.ledger import LedgerStore  # noqa: PLC0415

    with ctx.database() as db:
        return LedgerStore(db).get(entry_id)


# --- ledger -------------------------------------------------------------------------------------


def ledger(ctx: Context, args: argparse.Namespace) -> int:
    from omidesk.store.ledger import LedgerStore  # noqa: PLC0415

    try:
        with ctx.database() as db:
            store = LedgerStore(db)
            store.recover_interrupted()
            entries = store.recent()
    except StoreError as error:
        return ctx.store_failure(error)
    if args.json:
        _json(ctx, [entry.to_json() for entry in entries])
        return EXIT_OK
    if not entries:
        ctx.say(txt.LEDGER_EMPTY)
        return EXIT_OK
    headers = [column(ctx.lang) for column in txt.LEDGER_COLUMNS]
    rows = []
    for entry in entries:
        status = txt.TOP_UP_STATUS[entry.status.value](ctx.lang)
        if entry.error:
            status += f" ({entry.error})"
        when = datetime.fromtimestamp(entry.created_at, UTC).astimezone()
        rows.append(
            [
                str(entry.id),
                when.strftime("%Y-%m-%d %H:%M"),
                entry.email,
                format_vnd(entry.amount),
                WALLET_LABELS[entry.wallet](ctx.lang),
                status,
            ]
        )
    _table(ctx, headers, rows, right={0, 3}, widest={2: 30})
    return EXIT_OK
