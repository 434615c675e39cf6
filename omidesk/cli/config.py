"""`omidesk config show | set KEY VALUE | set-api-key | test`: the settings from the command
line. What is shown, checked and written comes from the settings' declarations."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from omidesk import services
from omidesk.cli.context import (
    EXIT_NOT_CONFIGURED,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_UNKNOWN,
    EXIT_USAGE,
    Context,
)
from omidesk.domain import messages as txt
from omidesk.domain.catalogue import explain
from omidesk.domain.settings import (
    KEYS,
    SECRET_KEYS,
    STORED,
    URL_PROBLEMS,
    Problem,
    Settings,
    shown,
    validate,
)
from omidesk.infra import settings_file
from omidesk.infra.keystore import KeyLocation
from omidesk.usecases.check_account import AccountCheck, check_account


def run(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "show":
        return show(ctx)
    if args.action == "set":
        return set_value(ctx, args.key, args.value)
    if args.action == "set-api-key":
        return set_api_key(ctx)
    return test(ctx)


def show(ctx: Context) -> int:
    """Every setting, where its value comes from, the key masked, and the file's path."""
    settings = ctx.loaded.settings
    blocked = ctx.loaded.blocked
    url_problem = blocked.params.get("url_problem") if blocked is not None else None
    for setting in STORED.values():
        key = setting.key
        source = ctx.loaded.sources.get(key, "default")
        note = ""
        if source == "env":
            note = " " + txt.FROM_ENV(ctx.lang, variable=setting.env)
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
    api_key = keystore.get() if location != KeyLocation.NONE else None
    if api_key is None:
        described = txt.KEY_NONE(ctx.lang)
    else:
        where = txt.KEY_WHERE[location.value](ctx.lang, path=keystore.fallback_file)
        described = f"{mask(api_key)} ({where})"
    print(f"api_key = {described}", file=ctx.out)
    print(f"# {txt.SETTINGS_FILE(ctx.lang)}: {ctx.paths.settings_file}", file=ctx.out)
    return EXIT_OK


def mask(key: str) -> str:
    """Enough of the key to tell two keys apart, never enough to use it."""
    return "••••" + key[-4:] if len(key) >= 16 else "••••"


def set_value(ctx: Context, key: str, value: str) -> int:
    """Checks one value like the file's and saves it; the other values stay as the file has
    them (an environment override is never written into the file)."""
    key = key.strip().replace("-", "_")
    if key in SECRET_KEYS or key.lower() in ("api_key", "apikey"):
        print(txt.API_KEY_NOT_HERE(ctx.lang), file=ctx.err)
        return EXIT_USAGE
    if key.lower() in KEYS:
        key = key.lower()
    else:
        keys = ", ".join(KEYS)
        print(txt.UNKNOWN_SETTING(ctx.lang, key=shown(key), keys=keys), file=ctx.err)
        return EXIT_USAGE
    updated, errors = validate({key: value}, ctx.loaded.file_values)
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
    variable = STORED[key].env
    if variable and ctx.loaded.sources.get(key) == "env":
        ctx.say(txt.ENV_WINS, variable=variable)
    return EXIT_OK


def set_api_key(ctx: Context) -> int:
    """Reads the key from a hidden prompt or standard input, never from the arguments."""
    if sys.stdin is not None and sys.stdin.isatty():
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
        ctx.problem(Problem("key_in_file", {"path": keystore.fallback_file}))
    else:
        ctx.say(txt.KEY_SAVED)
    return EXIT_OK


def test(ctx: Context) -> int:
    """Signs in and lists the extension's hotlines with the settings in effect."""
    settings = ctx.loaded.settings
    blocked = ctx.loaded.blocked
    if blocked is not None:
        # Nothing is sent: not the key to a server that may be anyone's, nor to another.
        ctx.fail(blocked)
        return EXIT_NOT_CONFIGURED
    key = ctx.keystore().get()
    missing = [k for k, v in (("api_key", key), ("base_url", settings.base_url)) if not v]
    if missing:
        ctx.fail("not_configured", missing=missing)
        return EXIT_NOT_CONFIGURED
    result = asyncio.run(_check(settings, key or ""))
    if result.failure is not None:
        failure = result.failure
        problem = explain(failure, ctx.lang)
        print(f"✗ {problem.message}", file=ctx.err)
        print("  " + txt.NEXT_STEP(ctx.lang, next_step=problem.next_step), file=ctx.err)
        print("  " + txt.CODE(ctx.lang, code=failure.code), file=ctx.err)
        return EXIT_REJECTED if failure.rejected else EXIT_UNKNOWN
    ctx.say(txt.TEST_AUTH_OK, host=result.host)
    if result.hotlines is None:
        ctx.fail("not_configured", next_step=False, missing=["extension"])
        return EXIT_NOT_CONFIGURED
    if result.hotlines:
        hotlines = ", ".join(result.hotlines)
        ctx.say(txt.TEST_HOTLINES, extension=result.extension, hotlines=hotlines)
    else:
        ctx.say(txt.TEST_NO_HOTLINES, extension=result.extension)
    if result.hotline_listed is False:
        ctx.say(txt.TEST_HOTLINE_MISSING, hotline=result.hotline)
        return EXIT_REJECTED
    if not result.hotline:
        ctx.fail("not_configured", next_step=False, missing=["hotline"])
        return EXIT_NOT_CONFIGURED
    ctx.say(txt.TEST_ALL_OK)
    return EXIT_OK


async def _check(settings: Settings, key: str) -> AccountCheck:
    async with services.omicall(settings, key) as client:
        return await check_account(client, settings.extension, settings.hotline)
