"""`omidesk history`: the recent calls, newest first, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import time

from omidesk.cli.context import EXIT_OK, Context
from omidesk.domain import messages as txt
from omidesk.store.calls import CallStore
from omidesk.store.db import StoreError
from omidesk.usecases import recover


def run(ctx: Context, args: argparse.Namespace) -> int:
    try:
        with ctx.database() as db:
            store = CallStore(db)
            recover.settle_calls(store)
            records = store.recent(limit=args.limit)
    except StoreError as error:
        return ctx.store_failure(error)
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
