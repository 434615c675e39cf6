"""Command line: `omidesk call`, `history`, `contacts`, `config`, `sandbox`, link handler
registration; `omidesk` alone opens the window.

Kept light on purpose: this module imports neither Qt nor httpx at the top, so each command
loads only what it uses (a `tel:` link forwarded to a running window loads almost nothing)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from omidesk import __version__
from omidesk.domain import messages as txt
from omidesk.domain.i18n import Text

if TYPE_CHECKING:
    from omidesk.domain.settings import LoadedSettings, Problem
    from omidesk.infra.keystore import KeyStore
    from omidesk.infra.paths import Paths
    from omidesk.store.db import Database
    from omidesk.usecases.dial import Outcome

# Exit codes (README, `omidesk --help`).
EXIT_OK = 0
# `contacts import` of a file damaged part way: what could be read was imported.
EXIT_DAMAGED = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3
EXIT_UNKNOWN = 4
EXIT_NOT_CONFIGURED = 5
EXIT_REFUSED = 6
EXIT_BUG = 1
EXIT_INTERRUPTED = 130  # Ctrl+C before the request left: no call was placed

_EXIT_BY_STATUS = {
    "accepted": EXIT_OK,
    "invalid": EXIT_USAGE,
    "rejected": EXIT_REJECTED,
    "unknown": EXIT_UNKNOWN,
    "failed": EXIT_UNKNOWN,
    "refused": EXIT_REFUSED,
}


# Outcomes that say the settings forbid any call: OmiDesk must be set up (again) first.
_NOT_SET_UP = frozenset({"not_configured", "base_url_invalid", "settings_not_yours"})


def exit_code(outcome: Outcome) -> int:
    if outcome.error in _NOT_SET_UP:
        return EXIT_NOT_CONFIGURED
    if outcome.error == "stopped_before_sending":
        return EXIT_INTERRUPTED
    return _EXIT_BY_STATUS.get(outcome.status, EXIT_UNKNOWN)


@dataclass
class Context:
    """What every command needs: where files are, the settings, and the language."""

    paths: Paths
    loaded: LoadedSettings
    out: TextIO
    err: TextIO

    @property
    def lang(self) -> str:
        return self.loaded.settings.language

    def say(self, text: Text, /, **params: Any) -> None:
        print(text(self.lang, **params), file=self.out)

    def warn(self, message: str) -> None:
        print(txt.WARNING(self.lang, text=message), file=self.err)

    def problem(self, problem: Problem) -> None:
        """A settings or key-file problem, in the catalogue's words, as a warning."""
        from omidesk.domain.catalogue import explain  # noqa: PLC0415

        said = explain(problem.code, self.lang, **problem.params)
        self.warn(f"{said.message} {said.next_step}")

    def keystore(self) -> KeyStore:
        from omidesk.infra.keystore import KeyStore  # noqa: PLC0415

        return KeyStore(self.paths.secret_file, on_notice=self.problem)

    def database(self) -> Database:
        """The command's connection, its first: a damaged file is moved aside, and a new
        one started so that the agent can keep calling; a warning says where it went."""
        from omidesk.store.db import Database  # noqa: PLC0415

        db = Database(self.paths.database, move_damaged_aside=True)
        if db.moved_aside is not None:
            from omidesk.domain.catalogue import explain  # noqa: PLC0415

            notice = explain(db.moved_aside.code, self.lang, path=db.moved_aside.path)
            self.warn(f"{notice.message} {notice.next_step}")
        return db

    def contacts_database(self) -> Database:
        """The database for a contacts command: as the window does at start, an import a
        crash left half written is undone first, before the contacts are read or written."""
        from omidesk.store.import_journal import undo_abandoned  # noqa: PLC0415

        db = self.database()
        try:
            undo_abandoned(db)
        except BaseException:
            db.close()
            raise
        return db


def _load_context(out: TextIO, err: TextIO, *, demo: bool = False) -> Context:
    from omidesk.infra import settings_file  # noqa: PLC0415
    from omidesk.infra.paths import default_paths  # noqa: PLC0415

    paths = default_paths()
    if demo:
        paths = paths.demo()
    return Context(paths=paths, loaded=settings_file.load(paths.settings_file), out=out, err=err)


def _report_settings(ctx: Context, *, server: bool) -> None:
    """What is wrong with the settings, once, on stderr (after the arguments were read, so
    --version and --help stay quiet). A command that talks to OMICall (`server`) reports
    a problem that blocks it as its own failure instead of warning first."""
    from omidesk.domain.settings import Problem  # noqa: PLC0415

    loaded = ctx.loaded
    if loaded.broken:
        params = {"path": ctx.paths.settings_file, "detail": loaded.broken}
        ctx.problem(Problem("settings_broken", params))
    for notice in loaded.notices:
        ctx.problem(notice)
    blocked = loaded.blocked
    if blocked is not None and not server:
        ctx.problem(blocked)
    for error in loaded.errors:
        if error.key == "base_url" and blocked is not None and blocked.code == "base_url_invalid":
            continue  # said above, with where it came from, or by the command itself
        ctx.warn(error.text(ctx.lang))


# --- the parser ------------------------------------------------------------------------------


def build_parser(lang: str) -> argparse.ArgumentParser:
    h = {key: text(lang) for key, text in txt.HELP.items()}
    from omidesk.domain.settings import KEYS  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog="omidesk", description=h["description"], epilog=h["exit_codes"]
    )
    parser.add_argument("--version", action="version", version=f"omidesk {__version__}")
    parser.add_argument("--demo", action="store_true", help=h["demo"])
    parser.add_argument("--debug", action="store_true", help=h["debug"])
    # For smoke tests and benchmarks: the window quits by itself after this many seconds.
    parser.add_argument("--quit-after", type=float, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--minimised", action="store_true", help=h["minimised"])
    parser.add_argument("--log-path", action="store_true", help=h["log_path"])
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    call = commands.add_parser(
        "call", help=h["call"], description=h["call"], epilog=h["exit_codes"]
    )
    call.add_argument("number", metavar="NUMBER", help=h["number"])
    call.add_argument("--hotline", type=_checked("hotline", lang), help=h["hotline"])
    call.add_argument("--extension", type=_checked("extension", lang), help=h["extension"])
    call.add_argument("--json", action="store_true", help=h["json"])
    call.add_argument("--yes", action="store_true", help=h["yes"])

    history = commands.add_parser("history", help=h["history"], description=h["history"])
    history.add_argument("--limit", type=_limit(lang), default=20, help=h["limit"])
    history.add_argument("--json", action="store_true", help=h["json"])

    config = commands.add_parser("config", help=h["config"], description=h["config"])
    actions = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("show", help=h["config_show"], description=h["config_show"])
    setter = actions.add_parser("set", help=h["config_set"], description=h["config_set"])
    setter.add_argument(
        "key", metavar="KEY", help=txt.HELP["config_key"](lang, keys=", ".join(KEYS))
    )
    setter.add_argument("value", metavar="VALUE", help=h["config_value"])
    actions.add_parser(
        "set-api-key", help=h["config_set_api_key"], description=h["config_set_api_key"]
    )
    actions.add_parser("test", help=h["config_test"], description=h["config_test"])

    register = commands.add_parser(
        "register-handler", help=h["register"], description=h["register"]
    )
    register.add_argument("--status", action="store_true", help=h["register_status"])
    commands.add_parser("unregister-handler", help=h["unregister"], description=h["unregister"])
    for name, key in (("dial-clipboard", "dial_clipboard"), ("dial-selection", "dial_selection")):
        commands.add_parser(name, help=h[key], description=h[key])

    sandbox = commands.add_parser(
        "sandbox",
        help=h["sandbox"],
        description=h["sandbox"],
        formatter_class=_ScenarioHelp,
    )
    sandbox.add_argument("--port", type=int, default=0, help=h["port"])
    sandbox.add_argument("--api-key", default=None, help=h["api_key"])
    _add_contacts_parser(commands, lang)
    return parser


class _ScenarioHelp(argparse.RawDescriptionHelpFormatter):
    """`omidesk sandbox --help` ends with the scenario table, built only when shown."""

    def format_help(self) -> str:
        from omidesk.sandbox.scenarios import scenario_help  # noqa: PLC0415

        return super().format_help() + "\n" + scenario_help() + "\n"


LIMIT_MAX = 100_000


def _limit(lang: str) -> Callable[[str], int]:
    """--limit: a count of rows from 1 to LIMIT_MAX (SQLite overflows past 2**63)."""

    def check(value: str) -> int:
        text = value.strip()
        # Length first: int() refuses numbers of over 4,300 digits with a ValueError.
        if text.isascii() and text.isdigit() and len(text) <= 6 and 1 <= int(text) <= LIMIT_MAX:
            return int(text)
        raise argparse.ArgumentTypeError(txt.LIMIT_RANGE(lang, high=LIMIT_MAX))

    return check


def _checked(key: str, lang: str) -> Callable[[str], str]:
    """An option checked like the setting of the same name; argparse names the option in
    its message and exits 2. (The dialer checks again, for the window's paths.)"""

    def check(value: str) -> str:
        from omidesk.domain.settings import validate  # noqa: PLC0415

        got, errors = validate({key: value})
        if errors:
            raise argparse.ArgumentTypeError(errors[0].detail(lang, **errors[0].params))
        return str(getattr(got, key))

    return check


def _api_key_in(argv: Sequence[str]) -> bool:
    """Whether `config set-api-key` was given something after it: a key, surely, which
    argparse would echo back as an unrecognised argument."""
    for index, arg in enumerate(argv):
        if "config" not in argv[:index]:
            continue
        if arg.startswith("set-api-key="):
            return True
        if arg == "set-api-key":
            return any(rest not in ("-h", "--help") for rest in argv[index + 1 :])
    return False


# --- commands ----------------------------------------------------------------------------------


@dataclass
class _Dialling:
    """What `omidesk call` knows of its dial, kept outside the event loop: Ctrl+C ends
    asyncio.run with KeyboardInterrupt, and what happened must still be told."""

    record_id: int | None = None
    outcome: Outcome | None = None

    def saw(self, record_id: int) -> None:
        """A Dialer listener: the record this dial wrote."""
        self.record_id = record_id


def cmd_call(ctx: Context, args: argparse.Namespace) -> int:
    """One dial, and exactly one answer (one JSON object with --json), however it ends."""
    from omidesk.domain.records import CallStatus  # noqa: PLC0415
    from omidesk.store.db import StoreError  # noqa: PLC0415
    from omidesk.usecases.dial import unrecorded  # noqa: PLC0415

    dialling = _Dialling()
    bug: Exception | None = None
    status, code, params = CallStatus.FAILED, "stopped_before_sending", {}
    try:
        import asyncio  # noqa: PLC0415 - each command loads only what it uses

        asyncio.run(_call(ctx, args, dialling))
    except KeyboardInterrupt:
        pass  # Ctrl+C: _call has read what the record says, if the dial wrote one
    except StoreError as error:
        # The database cannot be opened: nothing was recorded, so nothing was sent.
        code, params = error.code, {"path": error.path}
    except Exception as exc:
        import logging  # noqa: PLC0415

        logging.getLogger("omidesk").exception("unexpected error in `call`")
        bug = exc
    outcome = dialling.outcome
    if outcome is None:
        if dialling.record_id is not None:
            # A record was written, so the request may have left; it says no more.
            status, code, params = CallStatus.UNKNOWN, "interrupted", {}
        outcome = unrecorded(
            _typed(args.number),
            ctx.loaded.settings,
            status,
            code,
            extension=args.extension,
            hotline=args.hotline,
            params=params,
        )
    if args.json:
        print(json.dumps(outcome.to_json(), ensure_ascii=False), file=ctx.out)
    else:
        print_outcome(ctx, outcome)
    if bug is not None:
        print(
            txt.UNEXPECTED(ctx.lang, error=type(bug).__name__, path=ctx.paths.log_file),
            file=ctx.err,
        )
        return EXIT_UNKNOWN if outcome.status == CallStatus.UNKNOWN else EXIT_BUG
    return exit_code(outcome)


async def _call(ctx: Context, args: argparse.Namespace, dialling: _Dialling) -> None:
    import httpx  # noqa: PLC0415

    from omidesk.omicall.client import OmiCallClient  # noqa: PLC0415
    from omidesk.store.calls import CallStore  # noqa: PLC0415
    from omidesk.usecases.dial import Dialer  # noqa: PLC0415

    settings = ctx.loaded.settings
    keystore = ctx.keystore()
    with ctx.database() as db:
        async with httpx.AsyncClient(verify=needs_tls(settings.base_url)) as http:
            dialer = Dialer(
                store=CallStore(db),
                client=OmiCallClient(http, timeout_s=settings.timeout_s),
                settings=lambda: settings,
                api_key=keystore.get,
                blocked=lambda: ctx.loaded.blocked,
                listeners=[dialling.saw],
            )
            try:
                dialling.outcome = await dialer.dial(
                    _typed(args.number),
                    source="cli",
                    hotline=args.hotline,
                    extension=args.extension,
                    confirm_repeat=args.yes,
                )
            except BaseException:
                # Ctrl+C (this task is cancelled) or a bug: the dialer has finished the
                # record, and what it says is the outcome to tell.
                dialling.outcome = dialer.recorded(dialling.record_id)
                raise


def needs_tls(base_url: str) -> bool:
    """Whether this one-shot process needs a TLS context. Building one loads the CA bundle
    (~50-100 ms); a plain-http server (only allowed on loopback: the sandbox) needs none.
    Only for processes whose base URL cannot change afterwards."""
    return not base_url.lower().startswith("http://")


def _typed(argument: str) -> str:
    """The number argument as the agent meant it: bytes that are not UTF-8 come out of
    argv as lone surrogates, which neither SQLite nor stdout can encode; they become U+FFFD.
    A tel:/callto: link dials its number."""
    try:
        raw = argument.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate argv decoding did not make (Windows)
        raw = argument.encode("utf-8", "replace")
    return _link_or_text(raw.decode("utf-8", "replace"))


def _link_or_text(text: str) -> str:
    """A tel:/callto: link given to `omidesk call` dials its number; other text as is."""
    if not text.lstrip().lower().startswith(("tel:", "callto:")):
        return text
    from omidesk.domain.uri import PhoneLink, is_phone_link, parse_phone_link  # noqa: PLC0415

    if is_phone_link(text):
        link = parse_phone_link(text)
        if isinstance(link, PhoneLink):
            return link.number
    return text


def print_outcome(ctx: Context, outcome: Outcome) -> None:
    stream = ctx.out if outcome.ok else ctx.err
    if outcome.converted_from and outcome.display:
        print(txt.CONVERTED(ctx.lang, old=outcome.converted_from, new=outcome.display), file=stream)
    mark = "✓" if outcome.ok else "✗"
    print(f"{mark} {outcome.message}", file=stream)
    if outcome.call_uuid:
        print("  " + txt.CALL_UUID(ctx.lang, call_uuid=outcome.call_uuid), file=stream)
    if outcome.next_step:
        print("  " + txt.NEXT_STEP(ctx.lang, next_step=outcome.next_step), file=stream)
    if outcome.error == "repeat_within_window":
        print("  " + txt.REPEAT_HINT(ctx.lang), file=stream)
    if outcome.error:
        print("  " + txt.CODE(ctx.lang, code=outcome.error), file=stream)


def cmd_history(ctx: Context, args: argparse.Namespace) -> int:
    from omidesk.store.calls import CallStore  # noqa: PLC0415
    from omidesk.store.db import StoreError  # noqa: PLC0415

    try:
        with ctx.database() as db:
            store = CallStore(db)
            store.recover_interrupted()
            records = store.recent(limit=args.limit)
    except StoreError as error:
        return _store_failure(ctx, error)
    if args.json:
        print(json.dumps([r.to_json(ctx.lang) for r in records], ensure_ascii=False), file=ctx.out)
        return EXIT_OK
    if not records:
        ctx.say(txt.HISTORY_EMPTY)
        return EXIT_OK
    ctx.say(txt.HISTORY_HEADER)
    for record in records:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.created_at))
        result = txt.STATUS[record.status.value](ctx.lang)
        if record.error_code:
            result += f" ({record.error_code})"
        elif record.call_uuid:
            result += f" {record.call_uuid}"
        number = record.number or record.input.strip()[:14]
        print(f"{when:<20} {number:<14} {record.hotline:<13} {result}", file=ctx.out)
    return EXIT_OK


def cmd_config(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "show":
        return _config_show(ctx)
    if args.action == "set":
        return _config_set(ctx, args.key, args.value)
    if args.action == "set-api-key":
        return _config_set_api_key(ctx)
    return _config_test(ctx)


def _config_show(ctx: Context) -> int:
    from omidesk.domain.settings import (  # noqa: PLC0415
        ENV_OVERRIDES,
        KEYS,
        URL_PROBLEMS,
        shown,
    )
    from omidesk.infra.keystore import KeyLocation  # noqa: PLC0415

    settings = ctx.loaded.settings
    blocked = ctx.loaded.blocked
    url_problem = blocked.params.get("url_problem") if blocked is not None else None
    for key in KEYS:
        source = ctx.loaded.sources.get(key, "default")
        note = ""
        if source == "env":
            note = " " + txt.FROM_ENV(ctx.lang, variable=ENV_OVERRIDES[key])
        elif source == "default":
            note = " " + txt.DEFAULT(ctx.lang)
        if key == "base_url" and url_problem is not None:
            # The value in use, where it came from, and that no call can be placed with it.
            if source == "file":
                note = " " + txt.FROM_FILE(ctx.lang, path=ctx.paths.settings_file)
            detail = URL_PROBLEMS[url_problem](ctx.lang)
            note += " " + txt.INVALID_FROM(ctx.lang, detail=detail)
        print(f"{key} = {shown(str(getattr(settings, key)))}{note}", file=ctx.out)
    keystore = ctx.keystore()
    location = keystore.location()
    key = keystore.get() if location != KeyLocation.NONE else None
    if key is None:
        described = txt.KEY_NONE(ctx.lang)
    else:
        where = txt.KEY_WHERE[location.value](ctx.lang, path=keystore.fallback_file)
        described = f"{mask(key)} ({where})"
    print(f"api_key = {described}", file=ctx.out)
    print(f"# {txt.SETTINGS_FILE(ctx.lang)}: {ctx.paths.settings_file}", file=ctx.out)
    return EXIT_OK


def mask(key: str) -> str:
    """Enough of the key to tell two keys apart, never enough to use it."""
    return "••••" + key[-4:] if len(key) >= 16 else "••••"


def _config_set(ctx: Context, key: str, value: str) -> int:
    from omidesk.domain import settings as settings_mod  # noqa: PLC0415
    from omidesk.domain.catalogue import explain  # noqa: PLC0415
    from omidesk.infra import settings_file  # noqa: PLC0415

    key = key.strip().replace("-", "_")
    if key in settings_mod.SECRET_KEYS or key.lower() in ("api_key", "apikey"):
        print(txt.API_KEY_NOT_HERE(ctx.lang), file=ctx.err)
        return EXIT_USAGE
    if key.lower() in settings_mod.KEYS:
        key = key.lower()
    else:
        keys = ", ".join(settings_mod.KEYS)
        print(txt.UNKNOWN_SETTING(ctx.lang, key=settings_mod.shown(key), keys=keys), file=ctx.err)
        return EXIT_USAGE
    updated, errors = settings_mod.validate({key: value}, ctx.loaded.file_values)
    if errors:
        for error in errors:
            problem = explain(
                "setting_invalid",
                ctx.lang,
                setting=key,
                detail=error.detail(ctx.lang, **error.params),
            )
            print(f"{error.text(ctx.lang)}", file=ctx.err)
            print("  " + txt.NEXT_STEP(ctx.lang, next_step=problem.next_step), file=ctx.err)
        return EXIT_USAGE
    try:
        settings_file.save(ctx.paths.settings_file, updated, ctx.loaded.extra)
    except OSError as exc:
        ctx.warn(f"{ctx.paths.settings_file}: {exc.strerror or exc}")
        return EXIT_UNKNOWN
    ctx.say(txt.SAVED, setting=key, value=getattr(updated, key))
    variable = settings_mod.ENV_OVERRIDES.get(key)
    if variable and ctx.loaded.sources.get(key) == "env":
        ctx.say(txt.ENV_WINS, variable=variable)
    return EXIT_OK


def _config_set_api_key(ctx: Context) -> int:
    from omidesk.domain.catalogue import explain  # noqa: PLC0415
    from omidesk.infra.keystore import KeyLocation  # noqa: PLC0415

    if sys.stdin is not None and sys.stdin.isatty():
        import getpass  # noqa: PLC0415

        key = getpass.getpass(txt.KEY_PROMPT(ctx.lang))
    else:
        key = sys.stdin.readline() if sys.stdin is not None else ""
    key = key.strip()
    if not key:
        print(txt.KEY_EMPTY(ctx.lang), file=ctx.err)
        return EXIT_USAGE
    keystore = ctx.keystore()
    location = keystore.set(key)
    if location == KeyLocation.FILE:
        notice = explain("key_in_file", ctx.lang, path=keystore.fallback_file)
        ctx.warn(f"{notice.message} {notice.next_step}")
    else:
        ctx.say(txt.KEY_SAVED)
    return EXIT_OK


def _config_test(ctx: Context) -> int:
    from omidesk.domain.catalogue import explain  # noqa: PLC0415

    settings = ctx.loaded.settings
    blocked = ctx.loaded.blocked
    if blocked is not None:
        # Nothing is sent: not the key to a server that may be anyone's, nor to another.
        problem = explain(blocked.code, ctx.lang, **blocked.params)
        print(f"✗ {problem.message}\n  {problem.next_step}", file=ctx.err)
        return EXIT_NOT_CONFIGURED
    key = ctx.keystore().get()
    missing = [k for k, v in (("api_key", key), ("base_url", settings.base_url)) if not v]
    if missing:
        problem = explain("not_configured", ctx.lang, missing=missing)
        print(f"✗ {problem.message}\n  {problem.next_step}", file=ctx.err)
        return EXIT_NOT_CONFIGURED
    import asyncio  # noqa: PLC0415

    result = asyncio.run(_check_account(settings, key or ""))
    if result.failure is not None:
        failure = result.failure
        problem = explain(failure.code, ctx.lang, **failure.params)
        print(f"✗ {problem.message}", file=ctx.err)
        print("  " + txt.NEXT_STEP(ctx.lang, next_step=problem.next_step), file=ctx.err)
        print("  " + txt.CODE(ctx.lang, code=failure.code), file=ctx.err)
        return EXIT_REJECTED if failure.rejected else EXIT_UNKNOWN
    ctx.say(txt.TEST_AUTH_OK, host=result.host)
    if result.hotlines is None:
        problem = explain("not_configured", ctx.lang, missing=["extension"])
        print(f"✗ {problem.message}", file=ctx.err)
        return EXIT_NOT_CONFIGURED
    if result.hotlines:
        ctx.say(
            txt.TEST_HOTLINES, extension=result.extension, hotlines=", ".join(result.hotlines)
        )
    else:
        ctx.say(txt.TEST_NO_HOTLINES, extension=result.extension)
    if result.hotline_listed is False:
        ctx.say(txt.TEST_HOTLINE_MISSING, hotline=result.hotline)
        return EXIT_REJECTED
    if not result.hotline:
        problem = explain("not_configured", ctx.lang, missing=["hotline"])
        print(f"✗ {problem.message}", file=ctx.err)
        return EXIT_NOT_CONFIGURED
    ctx.say(txt.TEST_ALL_OK)
    return EXIT_OK


async def _check_account(settings: Any, key: str) -> Any:
    import httpx  # noqa: PLC0415

    from omidesk.omicall.client import OmiCallClient  # noqa: PLC0415
    from omidesk.usecases.check_account import check_account  # noqa: PLC0415

    async with httpx.AsyncClient(verify=needs_tls(settings.base_url)) as http:
        client = OmiCallClient(http, settings.base_url, key, timeout_s=settings.timeout_s)
        return await check_account(client, settings.extension, settings.hotline)


def cmd_sandbox(ctx: Context, args: argparse.Namespace) -> int:
    from omidesk.sandbox.serve import serve  # noqa: PLC0415
    from omidesk.sandbox.server import DEFAULT_API_KEY  # noqa: PLC0415

    return serve(port=args.port, api_key=args.api_key or DEFAULT_API_KEY, out=ctx.out)


def _store_failure(ctx: Context, error: Exception) -> int:
    from omidesk.domain.catalogue import explain  # noqa: PLC0415

    code = getattr(error, "code", "store_corrupt")
    problem = explain(code, ctx.lang, path=getattr(error, "path", ctx.paths.database))
    print(f"✗ {problem.message}\n  {problem.next_step}", file=ctx.err)
    return EXIT_UNKNOWN


def cmd_register(ctx: Context, args: argparse.Namespace) -> int:
    from omidesk.desktop import registration  # noqa: PLC0415

    report = registration.status() if args.status else registration.register()
    for line in report.render(ctx.lang):
        print(line, file=ctx.out)
    return EXIT_OK if report.ok or not args.status else EXIT_UNKNOWN


def cmd_unregister(ctx: Context, args: argparse.Namespace) -> int:
    from omidesk.desktop import registration  # noqa: PLC0415

    for line in registration.unregister().render(ctx.lang):
        print(line, file=ctx.out)
    return EXIT_OK


def cmd_dial_clipboard(ctx: Context, args: argparse.Namespace) -> int:
    """Reached only when no OmiDesk runs (launch.py forwards otherwise): start one with it."""
    from omidesk.app import run  # noqa: PLC0415

    mode = "selection" if args.command == "dial-selection" else "clipboard"
    return run(demo=args.demo, request={"cmd": "dial-clipboard", "mode": mode})


# --- omidesk contacts ---------------------------------------------------------------------------


def _add_contacts_parser(commands: Any, lang: str) -> None:
    h = {key: text(lang) for key, text in txt.CONTACTS_HELP.items()}
    contacts = commands.add_parser("contacts", help=h["contacts"], description=h["contacts"])
    actions = contacts.add_subparsers(dest="action", metavar="ACTION", required=True)
    importer = actions.add_parser("import", help=h["import"], description=h["import"])
    importer.add_argument("file", metavar="FILE", help=h["import_file"])
    importer.add_argument("--json", action="store_true", help=h["import_json"])
    exporter = actions.add_parser("export", help=h["export"], description=h["export"])
    exporter.add_argument("file", metavar="FILE", help=h["export_file"])
    search = actions.add_parser("search", help=h["search"], description=h["search"])
    search.add_argument("query", metavar="QUERY", nargs="?", default="", help=h["query"])
    search.add_argument("--limit", type=_limit(lang), default=20, help=h["limit"])
    search.add_argument("--json", action="store_true", help=h["search_json"])
    add = actions.add_parser("add", help=h["add"], description=h["add"])
    add.add_argument("--name", required=True, help=h["name"])
    add.add_argument("--phone", action="append", required=True, metavar="NUMBER", help=h["phone"])
    add.add_argument("--company", default="", help=h["company"])


def cmd_contacts(ctx: Context, args: argparse.Namespace) -> int:
    from omidesk.store.db import StoreError  # noqa: PLC0415

    actions = {
        "import": _contacts_import,
        "export": _contacts_export,
        "search": _contacts_search,
        "add": _contacts_add,
    }
    try:
        return actions[args.action](ctx, args)
    except StoreError as error:
        return _store_failure(ctx, error)


def _contact_file_failure(ctx: Context, code: str, params: dict[str, Any]) -> int:
    """A file that cannot be imported or written: the catalogue's words, exit 2."""
    from omidesk.domain.catalogue import explain  # noqa: PLC0415

    problem = explain(code, ctx.lang, **params)
    print(f"✗ {problem.message}\n  {problem.next_step}", file=ctx.err)
    return EXIT_USAGE


def _contacts_import(ctx: Context, args: argparse.Namespace) -> int:
    from pathlib import Path  # noqa: PLC0415

    from omidesk.domain.catalogue import explain  # noqa: PLC0415
    from omidesk.domain.contact_files.model import ContactFileError  # noqa: PLC0415
    from omidesk.usecases.import_contacts import import_file  # noqa: PLC0415

    path = Path(args.file)
    try:
        with ctx.contacts_database() as db:
            report = import_file(db, path)
    except ContactFileError as error:
        return _contact_file_failure(ctx, error.code, error.params)
    # A damaged file is not a whole success, even with every readable card imported:
    # scripts must be able to tell.
    done = EXIT_DAMAGED if report.damaged else EXIT_OK
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False), file=ctx.out)
        return done
    ctx.say(
        txt.IMPORT_SUMMARY,
        path=path,
        imported=report.imported,
        merged=report.merged,
        flagged=report.flagged,
        skipped=len(report.skipped),
        total=report.total,
    )
    for heading, issues in (
        (txt.IMPORT_SKIPPED, report.skipped),
        (txt.IMPORT_FLAGGED, report.flagged_rows),
    ):
        if issues:
            ctx.say(heading)
        for issue in issues:
            line = txt.IMPORT_ROW(
                ctx.lang, row=issue.row, reason=explain(issue.reason, ctx.lang).message
            )
            # A row holding only a name is its own detail: say it once.
            detail = issue.detail if issue.detail != issue.name else ""
            shown = " — ".join(part for part in (issue.name, detail) if part)
            print(f"{line} {shown}".rstrip(), file=ctx.out)
    return done


def _contacts_export(ctx: Context, args: argparse.Namespace) -> int:
    from pathlib import Path  # noqa: PLC0415

    from omidesk.domain.contact_files.model import ContactFileError  # noqa: PLC0415
    from omidesk.store.contacts import ContactStore  # noqa: PLC0415
    from omidesk.usecases.export_contacts import export_file  # noqa: PLC0415

    path = Path(args.file)
    try:
        with ctx.contacts_database() as db:
            count = export_file(ContactStore(db), path)
    except ContactFileError as error:
        return _contact_file_failure(ctx, error.code, error.params)
    ctx.say(txt.EXPORTED, count=count, path=path)
    return EXIT_OK


def _contacts_search(ctx: Context, args: argparse.Namespace) -> int:
    from omidesk.domain.numbers import DialFormat, PhoneNumber, normalise  # noqa: PLC0415
    from omidesk.store.contacts import ContactStore  # noqa: PLC0415

    with ctx.contacts_database() as db:
        found = ContactStore(db).search(args.query, limit=args.limit)
    dial_format = DialFormat(ctx.loaded.settings.dial_format)

    def dial(e164: str | None) -> str | None:
        result = normalise(e164, dial_format) if e164 else None
        return result.dial if isinstance(result, PhoneNumber) else None

    if args.json:
        listed = [
            {
                "id": contact.id,
                "name": contact.name,
                "company": contact.company,
                "favorite": contact.favorite,
                "phones": [
                    {
                        "number": phone.number,
                        "label": phone.label,
                        "dial": dial(phone.e164) if phone.valid else None,
                    }
                    for phone in contact.phones
                ],
            }
            for contact in found
        ]
        print(json.dumps(listed, ensure_ascii=False), file=ctx.out)
        return EXIT_OK
    if not found:
        ctx.say(txt.SEARCH_NONE, query=args.query)
        return EXIT_OK
    for contact in found:
        star = "★" if contact.favorite else " "
        company = f" ({contact.company})" if contact.company else ""
        numbers = ", ".join(
            f"{phone.label}: {phone.display}" if phone.label else phone.display
            for phone in contact.phones
        )
        print(f"{contact.id:>6} {star} {contact.name}{company} — {numbers}", file=ctx.out)
    return EXIT_OK


def _contacts_add(ctx: Context, args: argparse.Namespace) -> int:
    from omidesk.domain.catalogue import explain  # noqa: PLC0415
    from omidesk.domain.contacts import Contact, Phone  # noqa: PLC0415
    from omidesk.domain.numbers import Rejection, normalise  # noqa: PLC0415
    from omidesk.store.contacts import ContactStore  # noqa: PLC0415

    name = " ".join(args.name.split())
    numbers = [number.strip() for number in args.phone if number.strip()]
    if not name or not numbers:
        print(txt.CONTACT_NAME_MISSING(ctx.lang), file=ctx.err)
        return EXIT_USAGE
    phones = [Phone.parse(number) for number in numbers]
    contact = Contact(name=name, phones=tuple(phones), company=" ".join(args.company.split()))
    with ctx.contacts_database() as db:
        store = ContactStore(db)
        duplicate = store.find_duplicate(contact)
        contact_id = store.add(contact)
    print(contact_id, file=ctx.out)
    for phone in phones:
        result = normalise(phone.number)
        if not phone.valid and isinstance(result, Rejection):
            reason = explain(result.reason.value, ctx.lang, **result.details).message
            ctx.warn(txt.CONTACT_INVALID_NUMBER(ctx.lang, number=phone.number, reason=reason))
    if duplicate is not None:
        ctx.warn(txt.CONTACT_DUPLICATE(ctx.lang, id=duplicate))
    return EXIT_OK


COMMANDS = {
    "call": cmd_call,
    "history": cmd_history,
    "config": cmd_config,
    "sandbox": cmd_sandbox,
    "register-handler": cmd_register,
    "unregister-handler": cmd_unregister,
    "dial-clipboard": cmd_dial_clipboard,
    "dial-selection": cmd_dial_clipboard,
    "contacts": cmd_contacts,
}


def main(argv: Sequence[str] | None = None, request: dict[str, Any] | None = None) -> int:
    """`request` is what launch.py found for a running instance when none was running:
    the window starts and handles it (a link, a clipboard dial)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    demo = "--demo" in argv
    ctx = _load_context(sys.stdout, sys.stderr, demo=demo)
    from omidesk.infra import logs  # noqa: PLC0415

    if request is not None:
        from omidesk.app import start  # noqa: PLC0415

        return start(argv, request)
    if _api_key_in(argv):
        # Refused before argparse, which would print the key back ("unrecognized arguments").
        print(txt.API_KEY_NOT_ON_COMMAND_LINE(ctx.lang), file=ctx.err)
        return EXIT_USAGE
    parser = build_parser(ctx.lang)
    args = parser.parse_args(argv)
    if args.log_path:
        print(ctx.paths.log_file, file=ctx.out)
        return EXIT_OK
    server = args.command == "call" or (
        args.command == "config" and getattr(args, "action", None) == "test"
    )
    _report_settings(ctx, server=server)
    # The profile's folders, private (0700), before the log and the database go in them;
    # a folder that cannot be made is reported by whatever needs it.
    with contextlib.suppress(OSError):
        ctx.paths.ensure()
    logs.setup(ctx.paths.log_file, debug=args.debug)
    if args.command is None:
        from omidesk.app import run  # noqa: PLC0415

        return run(
            demo=args.demo,
            debug=args.debug,
            quit_after=args.quit_after,
            minimised=args.minimised,
        )
    try:
        return COMMANDS[args.command](ctx, args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # A bug: the details go to the log file, the agent gets one readable line.
        import logging  # noqa: PLC0415

        logging.getLogger("omidesk").exception("unexpected error in `%s`", args.command)
        print(
            txt.UNEXPECTED(ctx.lang, error=type(exc).__name__, path=ctx.paths.log_file),
            file=ctx.err,
        )
        return 1
