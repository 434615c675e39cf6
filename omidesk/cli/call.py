"""`omidesk call NUMBER`: one dial, and exactly one answer (one JSON object with --json),
however it ends."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from dataclasses import dataclass

from omidesk import services
from omidesk.cli.context import (
    EXIT_BUG,
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
from omidesk.domain.errors import OmiDeskError, SetupError, StorageError
from omidesk.domain.records import CallStatus
from omidesk.usecases.dial import Outcome, unrecorded

_EXIT_BY_STATUS = {
    "accepted": EXIT_OK,
    "invalid": EXIT_USAGE,
    "rejected": EXIT_REJECTED,
    "unknown": EXIT_UNKNOWN,
    "failed": EXIT_UNKNOWN,
    "refused": EXIT_REFUSED,
}

# Outcomes that say the settings forbid any call: OmiDesk must be set up (again) first.
_NOT_SET_UP = frozenset(
    {"not_configured", "base_url_invalid", "settings_not_yours", "tls_ca_unreadable"}
)


def exit_code(outcome: Outcome) -> int:
    if outcome.error in _NOT_SET_UP:
        return EXIT_NOT_CONFIGURED
    if outcome.error == "stopped_before_sending":
        return EXIT_INTERRUPTED
    return _EXIT_BY_STATUS.get(outcome.status, EXIT_UNKNOWN)


@dataclass
class _Dialling:
    """What `omidesk call` knows of its dial, kept outside the event loop: Ctrl+C ends
    asyncio.run with KeyboardInterrupt, and what happened must still be told."""

    record_id: int | None = None
    outcome: Outcome | None = None

    def saw(self, record_id: int) -> None:
        """A Dialer listener: the record this dial wrote."""
        self.record_id = record_id


def run(ctx: Context, args: argparse.Namespace) -> int:
    """One dial, and exactly one answer (one JSON object with --json), however it ends."""
    dialling = _Dialling()
    bug: Exception | None = None
    status, cause = CallStatus.FAILED, OmiDeskError("stopped_before_sending")
    try:
        asyncio.run(_call(ctx, args, dialling))
    except KeyboardInterrupt:
        pass  # Ctrl+C: _call has read what the record says, if the dial wrote one
    except (StorageError, SetupError) as error:
        # The database cannot be opened, or no secure connection could be checked (the CA
        # bundle the environment names): nothing was recorded, so nothing was sent.
        cause = error
    except Exception as exc:
        logging.getLogger("omidesk").exception("unexpected error in `call`")
        bug = exc
    outcome = dialling.outcome
    if outcome is None:
        if dialling.record_id is not None:
            # A record was written, so the request may have left; it says no more.
            status, cause = CallStatus.UNKNOWN, OmiDeskError("interrupted")
        outcome = unrecorded(
            _typed(args.number),
            ctx.loaded.settings,
            status,
            cause,
            extension=args.extension,
            hotline=args.hotline,
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
    keystore = ctx.keystore()
    with ctx.database() as db:
        async with services.one_shot(
            db, ctx.loaded.settings, keystore.get, blocked=ctx.loaded.blocked
        ) as dialer:
            dialer.listeners.append(dialling.saw)
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
    # Imported only for a link: the link parser is no part of dialling a plain number.
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
