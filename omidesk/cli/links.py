"""Links and the clipboard from the command line: `register-handler` (tel:/callto: for
this user), `unregister-handler`, and `dial-clipboard` / `dial-selection`."""

from __future__ import annotations

import argparse

from omidesk.cli.context import EXIT_OK, EXIT_UNKNOWN, Context
from omidesk.desktop import registration


def run(ctx: Context, args: argparse.Namespace) -> int:
    if args.command == "register-handler":
        report = registration.status() if args.status else registration.register()
        for line in report.render(ctx.lang):
            print(line, file=ctx.out)
        return EXIT_OK if report.ok or not args.status else EXIT_UNKNOWN
    if args.command == "unregister-handler":
        for line in registration.unregister().render(ctx.lang):
            print(line, file=ctx.out)
        return EXIT_OK
    return _dial_clipboard(ctx, args)


def _dial_clipboard(ctx: Context, args: argparse.Namespace) -> int:
    """Reached only when no OmiDesk runs (launch.py forwards otherwise): start one with it."""
    mode = "selection" if args.command == "dial-selection" else "clipboard"
    return ctx.window({"cmd": "dial-clipboard", "mode": mode})
