"""Command line: `omidesk call`, `history`, `config`, `contacts`, `partner`, `autocall`, link
handling and `sandbox`, one module per command group.

`main` reads the arguments and imports only the chosen command's module, so a command
loads what it uses and no more. The window is never imported from here: the caller
(launch.py) passes in how to start it, for `omidesk` without a command and for a
clipboard dial when no OmiDesk runs."""

from __future__ import annotations

import contextlib
import importlib
import logging
import sys
from collections.abc import Sequence

from omidesk.cli.context import (
    EXIT_BUG,
    EXIT_INTERRUPTED,
    EXIT_NOT_CONFIGURED,
    EXIT_OK,
    EXIT_USAGE,
    WindowStart,
    load_context,
    report_settings,
)
from omidesk.cli.parser import (
    COMMANDS,
    PARTNER_NETWORK,
    api_key_in,
    build_parser,
    partner_secret_in,
    routing_secret_in,
    secret_in,
)
from omidesk.domain import messages as txt
from omidesk.domain.errors import SetupError
from omidesk.infra import logs

__all__ = ["COMMANDS", "main"]


def main(argv: Sequence[str] | None = None, *, window: WindowStart) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ctx = load_context(
        sys.stdout, sys.stderr, lambda request: window(argv, request), demo="--demo" in argv
    )
    if api_key_in(argv):
        # Refused before argparse, which would print the key back ("unrecognized arguments").
        print(txt.API_KEY_NOT_ON_COMMAND_LINE(ctx.lang), file=ctx.err)
        return EXIT_USAGE
    if partner_secret_in(argv):
        from omidesk.domain import partner_texts  # noqa: PLC0415

        print(partner_texts.KEY_NOT_ON_COMMAND_LINE(ctx.lang), file=ctx.err)
        return EXIT_USAGE
    if routing_secret_in(argv):
        from omidesk.domain import routing_texts  # noqa: PLC0415

        print(routing_texts.KEY_NOT_ON_COMMAND_LINE(ctx.lang), file=ctx.err)
        return EXIT_USAGE
    if secret_in(argv):
        print(txt.SECRET_NOT_ON_COMMAND_LINE(ctx.lang), file=ctx.err)
        return EXIT_USAGE
    args = build_parser(ctx.lang, argv).parse_args(argv)
    if args.log_path:
        print(ctx.paths.log_file, file=ctx.out)
        return EXIT_OK
    server = (
        args.command == "call"
        or (args.command == "config" and getattr(args, "action", None) == "test")
        or (args.command == "history" and args.sync)
        or (args.command == "partner" and getattr(args, "action", None) in PARTNER_NETWORK)
    )
    report_settings(ctx, server=server)
    # The profile's folders, private (0700), before the log and the database go in them;
    # a folder that cannot be made is reported by whatever needs it.
    with contextlib.suppress(OSError):
        ctx.paths.ensure()
    logs.setup(ctx.paths.log_file, debug=args.debug)
    if args.command is None:
        return ctx.window(None)
    try:
        command = importlib.import_module(f"omidesk.cli.{COMMANDS[args.command]}")
        return int(command.run(ctx, args))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except SetupError as error:
        # Said in the catalogue's words: this computer's set-up, not a bug.
        ctx.fail(error)
        return EXIT_NOT_CONFIGURED
    except Exception as exc:
        # A bug: the details go to the log file, the agent gets one readable line.
        logging.getLogger("omidesk").exception("unexpected error in `%s`", args.command)
        print(
            txt.UNEXPECTED(ctx.lang, error=type(exc).__name__, path=ctx.paths.log_file),
            file=ctx.err,
        )
        return EXIT_BUG
