"""The command line's arguments (argparse), in the agent's language, and which module runs
each command. Only definitions: reading them loads none of the commands."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from omidesk import __version__
from omidesk.domain import messages as txt
from omidesk.domain.settings import KEYS, validate

# Each command and the module of omidesk.cli that runs it (its `run(ctx, args)`).
COMMANDS: dict[str, str] = {
    "call": "call",
    "history": "history",
    "config": "config",
    "sandbox": "sandbox",
    "register-handler": "links",
    "unregister-handler": "links",
    "dial-clipboard": "links",
    "dial-selection": "links",
    "contacts": "contacts",
    "autocall": "autocall",
    "partner": "partner",  # issue 18: the partner console
    "routing": "routing",  # issue 16: the owner-routing service
}

LIMIT_MAX = 100_000


def build_parser(lang: str, argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or, given the arguments, of the one command they name:
    `omidesk call` need not build (nor load the help texts of) routing, AutoCall, partner…
    Help asked for before the command, or a word that is no command, gets them all."""
    h = {key: text(lang) for key, text in txt.HELP.items()}
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
    chosen = None if argv is None else command_in(argv)
    for adds, names in _GROUPS:
        if chosen is None or chosen in names:
            adds(commands, h, lang)
    return parser


# Options that may come before the command, exactly as written (an abbreviation such as
# `--deb` makes command_in give up: the whole parser reads it).
_LEADING_FLAGS = frozenset({"--demo", "--debug", "--minimised", "--log-path"})


def command_in(argv: Sequence[str]) -> str | None:
    """The command `argv` names, when nothing before it needs the whole parser; else None."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in _LEADING_FLAGS or arg.startswith("--quit-after="):
            continue
        if arg == "--quit-after":
            rest = rest[1:]
            continue
        return arg if arg in COMMANDS else None
    return None


def _add_call_parser(commands: Any, h: dict[str, str], lang: str) -> None:
    call = commands.add_parser(
        "call", help=h["call"], description=h["call"], epilog=h["exit_codes"]
    )
    call.add_argument("number", metavar="NUMBER", help=h["number"])
    call.add_argument("--hotline", type=_checked("hotline", lang), help=h["hotline"])
    call.add_argument("--extension", type=_checked("extension", lang), help=h["extension"])
    call.add_argument("--json", action="store_true", help=h["json"])
    call.add_argument("--yes", action="store_true", help=h["yes"])


def _add_history_parser(commands: Any, h: dict[str, str], lang: str) -> None:
    history = commands.add_parser("history", help=h["history"], description=h["history"])
    history.add_argument("--sync", action="store_true", help=h["sync"])
    history.add_argument("--missed", action="store_true", help=h["missed"])
    history.add_argument("--limit", type=_limit(lang), default=20, help=h["limit"])
    history.add_argument("--json", action="store_true", help=h["json"])


def _add_config_parser(commands: Any, h: dict[str, str], lang: str) -> None:
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


def _add_links_parsers(commands: Any, h: dict[str, str], lang: str) -> None:
    register = commands.add_parser(
        "register-handler", help=h["register"], description=h["register"]
    )
    register.add_argument("--status", action="store_true", help=h["register_status"])
    commands.add_parser("unregister-handler", help=h["unregister"], description=h["unregister"])
    for name, key in (("dial-clipboard", "dial_clipboard"), ("dial-selection", "dial_selection")):
        commands.add_parser(name, help=h[key], description=h[key])


def _add_sandbox_parser(commands: Any, h: dict[str, str], lang: str) -> None:
    sandbox = commands.add_parser(
        "sandbox",
        help=h["sandbox"],
        description=h["sandbox"],
        formatter_class=_ScenarioHelp,
    )
    sandbox.add_argument("--port", type=int, default=0, help=h["port"])
    sandbox.add_argument("--api-key", default=None, help=h["api_key"])


def _add_contacts_parser(commands: Any, _h: dict[str, str], lang: str) -> None:
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


# --- omidesk partner … (issue 18) ---------------------------------------------------------

# The partner commands that talk to OMICall (a blocked server address is their failure).
PARTNER_NETWORK = frozenset({"tenants", "tenant", "add", "top-up"})


def _add_partner_parser(commands: Any, _h: dict[str, str], lang: str) -> None:
    from omidesk.domain import partner_texts  # noqa: PLC0415 - only when building the parser

    h = {key: text(lang) for key, text in partner_texts.HELP.items()}
    partner = commands.add_parser(
        "partner", help=h["partner"], description=h["partner"], epilog=h["exit_codes"]
    )
    actions = partner.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("set-api-key", help=h["set_api_key"], description=h["set_api_key"])
    tenants = actions.add_parser("tenants", help=h["tenants"], description=h["tenants"])
    tenants.add_argument("--keyword", default="", help=h["keyword"])
    tenants.add_argument("--json", action="store_true", help=h["json"])
    tenant = actions.add_parser("tenant", help=h["tenant"], description=h["tenant"])
    tenant.add_argument("id", metavar="ID", help=h["tenant_id"])
    tenant.add_argument("--json", action="store_true", help=h["json"])
    tenant.add_argument("--show-api-key", action="store_true", help=h["show_api_key"])
    add = actions.add_parser("add", help=h["add"], description=h["add"], epilog=h["exit_codes"])
    add.add_argument("--email", required=True, help=h["email"])
    add.add_argument("--full-name", required=True, help=h["full_name"])
    add.add_argument("--owner-name", required=True, help=h["owner_name"])
    add.add_argument("--phone", required=True, help=h["phone"])
    add.add_argument("--auto-active", action="store_true", help=h["auto_active"])
    add.add_argument("--password-stdin", action="store_true", help=h["password_stdin"])
    add.add_argument("--json", action="store_true", help=h["json"])
    top_up = actions.add_parser(
        "top-up", help=h["top_up"], description=h["top_up"], epilog=h["exit_codes"]
    )
    top_up.add_argument("email", metavar="EMAIL", help=h["top_up_email"])
    top_up.add_argument("amount", metavar="AMOUNT", help=h["amount"])
    top_up.add_argument("--description", required=True, help=h["description"])
    # Checked by the use case (with the others, and in the agent's words), not by argparse.
    top_up.add_argument("--wallet", default="call", metavar="service|call", help=h["wallet"])
    top_up.add_argument("--yes", action="store_true", help=h["yes"])
    top_up.add_argument("--json", action="store_true", help=h["json"])
    ledger = actions.add_parser("ledger", help=h["ledger"], description=h["ledger"])
    ledger.add_argument("--json", action="store_true", help=h["json"])


def partner_secret_in(argv: Sequence[str]) -> bool:
    """Whether a partner key or a password was put on the command line: after
    `partner set-api-key`, or as `--password` of `partner add` (argparse would echo it
    back as an unrecognised argument)."""
    if "partner" not in argv:
        return False
    rest = list(argv[argv.index("partner") + 1 :])
    if rest[:1] == ["set-api-key"]:
        return any(arg not in ("-h", "--help") for arg in rest[1:])
    return any(arg == "--password" or arg.startswith("--password=") for arg in rest)


# --- omidesk routing … (issue 16) ---------------------------------------------------------


def _add_routing_parser(commands: Any, _h: dict[str, str], lang: str) -> None:
    from omidesk.domain import routing_texts  # noqa: PLC0415 - only when building the parser

    h = {key: text(lang) for key, text in routing_texts.HELP.items()}
    routing = commands.add_parser(
        "routing", help=h["routing"], description=h["routing"], epilog=h["exit_codes"]
    )
    routing.add_argument("--db", metavar="PATH", default=None, help=h["db"])
    actions = routing.add_subparsers(dest="action", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help=h["serve"], description=h["serve"])
    serve.add_argument("--host", default="127.0.0.1", help=h["host"])
    serve.add_argument("--port", type=_port(lang), default=8080, help=h["port"])
    serve.add_argument("--path", default="/get_owner_contact_by_phone", help=h["path"])
    serve.add_argument("--certfile", metavar="FILE", default=None, help=h["certfile"])
    serve.add_argument("--keyfile", metavar="FILE", default=None, help=h["keyfile"])
    serve.add_argument("--workers", type=_workers(lang), default=1, help=h["workers"])
    owners = actions.add_parser("owners", help=h["owners"], description=h["owners"])
    owner_actions = owners.add_subparsers(dest="owners_action", metavar="ACTION", required=True)
    importer = owner_actions.add_parser("import", help=h["import"], description=h["import"])
    importer.add_argument("file", metavar="FILE", help=h["file"])
    mode = importer.add_mutually_exclusive_group()
    mode.add_argument("--replace", dest="mode", action="store_const", const="replace")
    mode.add_argument("--merge", dest="mode", action="store_const", const="merge")
    importer.set_defaults(mode="merge")
    importer.add_argument("--json", action="store_true", help=h["json"])
    setter = owner_actions.add_parser("set", help=h["set"], description=h["set"])
    setter.add_argument("number", metavar="NUMBER", help=h["number"])
    setter.add_argument("extensions", metavar="EXT", nargs="+", help=h["extensions"])
    setter.add_argument("--hotline", default=None, help=h["hotline"])
    clear = owner_actions.add_parser("clear", help=h["clear"], description=h["clear"])
    clear.add_argument("number", metavar="NUMBER", help=h["number"])
    clear.add_argument("--hotline", default=None, help=h["hotline"])
    lister = owner_actions.add_parser("list", help=h["list"], description=h["list"])
    lister.add_argument("--json", action="store_true", help=h["json"])
    exporter = owner_actions.add_parser("export", help=h["export"], description=h["export"])
    exporter.add_argument("file", metavar="FILE", help=h["file"])
    lookup = actions.add_parser("lookup", help=h["lookup"], description=h["lookup"])
    lookup.add_argument("number", metavar="NUMBER", help=h["number"])
    lookup.add_argument("--hotline", default=None, help=h["hotline"])
    lookup.add_argument("--json", action="store_true", help=h["json"])
    sync = actions.add_parser("sync", help=h["sync"], description=h["sync"])
    sync.add_argument("--json", action="store_true", help=h["json"])
    actions.add_parser("set-key", help=h["set_key"], description=h["set_key"])


def _port(lang: str) -> Callable[[str], int]:
    def check(value: str) -> int:
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 5 and 1 <= int(text) <= 65535:
            return int(text)
        raise argparse.ArgumentTypeError(txt.LIMIT_RANGE(lang, high=65535))

    return check


# --- omidesk autocall … (issue 17) ---------------------------------------------------------


def _add_autocall_parser(commands: Any, _h: dict[str, str], lang: str) -> None:
    """`omidesk autocall …`: AutoCall campaigns (issue 17)."""
    h = {key: text(lang) for key, text in txt.AUTOCALL_HELP.items()}
    autocall = commands.add_parser(
        "autocall", help=h["autocall"], description=h["autocall"], epilog=h["exit_codes"]
    )
    actions = autocall.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("set-secret", help=h["set_secret"], description=h["set_secret"])
    pusher = actions.add_parser(
        "push", help=h["push"], description=h["push"], epilog=h["exit_codes"]
    )
    pusher.add_argument("campaign", metavar="CAMPAIGN_ID", type=_campaign(lang), help=h["campaign"])
    source = pusher.add_mutually_exclusive_group(required=True)
    source.add_argument("--file", metavar="F", help=h["file"])
    source.add_argument("--numbers", nargs="+", metavar="N", help=h["numbers"])
    source.add_argument("--search", metavar="QUERY", help=h["search"])
    pusher.add_argument("--otp-column", metavar="C", help=h["otp_column"])
    pusher.add_argument("--again", action="store_true", help=h["again"])
    pusher.add_argument("--yes", action="store_true", help=h["yes"])
    pusher.add_argument("--json", action="store_true", help=h["json_push"])
    results = actions.add_parser("results", help=h["results"], description=h["results"])
    results.add_argument(
        "campaign", metavar="CAMPAIGN_ID", type=_campaign(lang), help=h["campaign"]
    )
    calls = actions.add_parser("calls", help=h["calls"], description=h["calls"])
    for listing in (results, calls):
        listing.add_argument("--since", metavar="DATE", type=_since(lang), help=h["since"])
    results.add_argument("--answered", action="store_true", help=h["answered"])
    results.add_argument("--pressed", metavar="KEY", type=_key(lang), help=h["pressed"])
    output = results.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=h["json_list"])
    output.add_argument("--csv", metavar="FILE", help=h["csv"])
    calls.add_argument("--json", action="store_true", help=h["json_list"])
    journal = actions.add_parser("journal", help=h["journal"], description=h["journal"])
    journal.add_argument(
        "campaign", metavar="CAMPAIGN_ID", nargs="?", type=_campaign(lang), help=h["campaign"]
    )
    journal.add_argument("--json", action="store_true", help=h["json_list"])


def _campaign(lang: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        text = value.strip()
        if (
            text
            and len(text) <= 64
            and all(c.isascii() and (c.isalnum() or c in "-_") for c in text)
        ):
            return text
        raise argparse.ArgumentTypeError(txt.AUTOCALL_INVALID_CAMPAIGN(lang))

    return check


def _workers(lang: str) -> Callable[[str], int]:
    def check(value: str) -> int:
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= 64:
            return int(text)
        raise argparse.ArgumentTypeError(txt.LIMIT_RANGE(lang, high=64))

    return check


def _key(lang: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        text = value.strip().lower()
        if text == "any" or (len(text) == 1 and text in "0123456789*#"):
            return text
        raise argparse.ArgumentTypeError(txt.AUTOCALL_INVALID_KEY(lang))

    return check


def routing_secret_in(argv: Sequence[str]) -> bool:
    """Whether something was given after `routing set-key`: the key, surely, which argparse
    would echo back as an unrecognised argument."""
    if "routing" not in argv:
        return False
    rest = list(argv[argv.index("routing") + 1 :])
    if "set-key" not in rest:
        return False
    after = rest[rest.index("set-key") + 1 :]
    return any(arg not in ("-h", "--help") for arg in after)


def _since(lang: str) -> Callable[[str], Any]:
    """--since: a date (and time) on this computer's clock, as the calls are listed, unless
    it names its own offset."""

    def check(value: str) -> Any:
        from datetime import datetime  # noqa: PLC0415

        from omidesk.domain.autocall.calls import on_this_clock  # noqa: PLC0415

        try:
            when = datetime.fromisoformat(value.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(txt.AUTOCALL_INVALID_DATE(lang)) from None
        return when if when.tzinfo is not None else on_this_clock(when)

    return check


class _ScenarioHelp(argparse.RawDescriptionHelpFormatter):
    """`omidesk sandbox --help` ends with the scenario table, built only when shown."""

    def format_help(self) -> str:
        # Imported here: no other command needs the sandbox's tables.
        from omidesk.sandbox.history import history_help  # noqa: PLC0415
        from omidesk.sandbox.scenarios import scenario_help  # noqa: PLC0415

        return f"{super().format_help()}\n{scenario_help()}\n\n{history_help()}\n"


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
        got, errors = validate({key: value})
        if errors:
            raise argparse.ArgumentTypeError(errors[0].detail(lang, **errors[0].params))
        return str(getattr(got, key))

    return check


def secret_in(argv: Sequence[str]) -> bool:
    """Whether `autocall set-secret` was given something after it: the secret, surely."""
    for index, arg in enumerate(argv):
        if "autocall" not in argv[:index]:
            continue
        if arg.startswith("set-secret="):
            return True
        if arg == "set-secret":
            return any(rest not in ("-h", "--help") for rest in argv[index + 1 :])
    return False


def api_key_in(argv: Sequence[str]) -> bool:
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


# Each command group's parser and the commands it adds, in the order `--help` lists them.
_GROUPS: tuple[tuple[Callable[[Any, dict[str, str], str], None], frozenset[str]], ...] = (
    (_add_call_parser, frozenset({"call"})),
    (_add_history_parser, frozenset({"history"})),
    (_add_config_parser, frozenset({"config"})),
    (
        _add_links_parsers,
        frozenset({"register-handler", "unregister-handler", "dial-clipboard", "dial-selection"}),
    ),
    (_add_sandbox_parser, frozenset({"sandbox"})),
    (_add_contacts_parser, frozenset({"contacts"})),
    (_add_autocall_parser, frozenset({"autocall"})),
    (_add_partner_parser, frozenset({"partner"})),
    (_add_routing_parser, frozenset({"routing"})),
)
