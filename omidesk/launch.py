"""The `omidesk` entry point, which alone decides between the window and a command.

A request for a running instance is forwarded before anything heavy is imported (a `tel:`
link must reach the open window within a fraction of a second); without an instance the
window starts with it. Everything else goes to the command line, which is handed the way
to start the window (for the few commands that need it) rather than importing it."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

LINK_SCHEMES = ("tel:", "callto:")
CLIPBOARD_COMMANDS = {"dial-clipboard": "clipboard", "dial-selection": "selection"}
# `omidesk partner` alone: the Companies window, in the running OmiDesk if there is one.
PARTNER = "partner"


def request_for(args: Sequence[str]) -> dict[str, Any] | None:
    """What a running instance should do for these arguments, if they are for it at all:
    a link, a clipboard/selection dial, or (no arguments) showing its window."""
    positional = _without_window_options(args)
    if any(arg.startswith("-") for arg in positional):
        return None
    if not positional:
        return {"cmd": "show"}
    if len(positional) != 1:
        return None
    arg = positional[0]
    if arg.lower().lstrip().startswith(LINK_SCHEMES):
        return {"cmd": "link", "uri": arg}
    if arg in CLIPBOARD_COMMANDS:
        return {"cmd": "dial-clipboard", "mode": CLIPBOARD_COMMANDS[arg]}
    if arg == PARTNER:
        return {"cmd": "partner"}
    return None


def _without_window_options(args: Sequence[str]) -> list[str]:
    """The arguments less the window's own options: --demo, --debug, --minimised and the
    tests' --quit-after N."""
    rest = [
        arg
        for arg in args
        if arg not in ("--demo", "--debug", "--minimised") and not arg.startswith("--quit-after=")
    ]
    if "--quit-after" in rest:
        index = rest.index("--quit-after")
        del rest[index : index + 2]
    return rest


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    request = request_for(args)
    if request is not None:
        from omidesk.desktop.forward import send, server_name  # noqa: PLC0415

        name = server_name(demo="--demo" in args)
        # No name: no private folder for a socket, so no instance can be reached.
        answer = None if name is None else send(request, name)
        if answer is not None and answer.get("ok"):
            return 0
        # No OmiDesk runs: this start becomes it, without loading the command line.
        return start_window(args, request)
    from omidesk.cli import main as cli_main  # noqa: PLC0415

    return cli_main(args, window=start_window)


def start_window(args: Sequence[str], request: dict[str, Any] | None) -> int:
    """The window, with its options read from `args`, doing `request` first if any."""
    from omidesk.app import start  # noqa: PLC0415 - the window's Qt only when it opens

    return start(args, request)
