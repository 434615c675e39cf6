"""`omidesk contacts import | export | search | add`: the address book from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from omidesk.cli.context import EXIT_DAMAGED, EXIT_OK, EXIT_USAGE, Context
from omidesk.domain import messages as txt
from omidesk.domain.catalogue import explain
from omidesk.domain.contact_files.model import ContactFileError
from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.numbers import DialFormat, PhoneNumber, Rejection, normalise
from omidesk.infra import contact_files
from omidesk.store.contact_transfer import ExportReader, ImportTarget
from omidesk.store.contacts import ContactStore
from omidesk.store.db import StoreError
from omidesk.usecases.export_contacts import export_file
from omidesk.usecases.import_contacts import import_file


def run(ctx: Context, args: argparse.Namespace) -> int:
    actions = {
        "import": _import_file,
        "export": _export_file,
        "search": _search,
        "add": _add,
    }
    try:
        return actions[args.action](ctx, args)
    except StoreError as error:
        return ctx.store_failure(error)


def _file_failure(ctx: Context, error: ContactFileError) -> int:
    """A file that cannot be imported or written: the catalogue's words, exit 2."""
    ctx.fail(error)
    return EXIT_USAGE


def _import_file(ctx: Context, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        with ctx.contacts_database() as db:
            report = import_file(ImportTarget(db), contact_files, path)
    except ContactFileError as error:
        return _file_failure(ctx, error)
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
        (txt.IMPORT_LEFT_OUT, report.left_out),
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


def _export_file(ctx: Context, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        with ctx.contacts_database() as db:
            count = export_file(ExportReader(db), contact_files, path)
    except ContactFileError as error:
        return _file_failure(ctx, error)
    ctx.say(txt.EXPORTED, count=count, path=path)
    return EXIT_OK


def _search(ctx: Context, args: argparse.Namespace) -> int:
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


def _add(ctx: Context, args: argparse.Namespace) -> int:
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
