"""Contacts of OMICall's CRM (the company's customers), read tolerantly from its answers,
and turned into local contacts when the agent saves one.

Where the fields are (OMICALL_API.md, "OMICall contacts"):
- the name: `full_name`, else `attribute_structure[field_code=full_name].value`;
- the numbers: `attribute_structure[field_code=phone_number].value[].display_value` (a
  plain string, or a list of strings, is taken too), else a top-level `phone_number`;
- the e-mail: `attribute_structure[field_code=email]`, the same way, else `email`;
- the company: `attribute_structure[field_code=company]`, else `company`;
- the id: `id` (else `_id` or `ref_id`), kept for the agent's reference only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from omidesk.domain.contacts import Contact, Phone
from omidesk.domain.i18n import Text
from omidesk.domain.server_text import clean

_NAME_CHARS = 120
_NUMBER_CHARS = 40
_MAX_NUMBERS = 10
SAVED_NOTE = Text("From OMICall's contacts", "Từ danh bạ OMICall")


@dataclass(frozen=True, slots=True)
class CrmContact:
    """One customer as OMICall's CRM holds them."""

    name: str
    phones: tuple[str, ...] = ()  # as OMICall wrote them
    email: str = ""
    company: str = ""
    crm_id: str | None = None

    def to_contact(self, lang: str = "en") -> Contact:
        """The local contact saving this one makes (its numbers read as any typed number)."""
        return Contact(
            name=self.name,
            phones=tuple(Phone.parse(number) for number in self.phones),
            company=self.company,
            email=self.email,
            note=SAVED_NOTE(lang),
        )


@dataclass(frozen=True, slots=True)
class CrmPage:
    """One page of a CRM search."""

    contacts: tuple[CrmContact, ...]
    has_next: bool = False


def parse_crm_contact(item: Any) -> CrmContact | None:
    """A CRM contact from one item of `contacts/get` or `contacts/list`; None when it has
    neither a name nor a number (nothing the agent could use)."""
    if not isinstance(item, Mapping):
        return None
    attributes = _attributes(item.get("attribute_structure"))
    name = _text(item.get("full_name")) or _first(attributes.get("full_name")) or ""
    phones = _values(attributes.get("phone_number")) or _values(item.get("phone_number"))
    if not name and not phones:
        return None
    email = _first(attributes.get("email")) or _text(item.get("email")) or ""
    company = _first(attributes.get("company")) or _text(item.get("company")) or ""
    crm_id = next(
        (str(v) for k in ("id", "_id", "ref_id") if isinstance(v := item.get(k), str | int)),
        None,
    )
    return CrmContact(
        name=clean(name, _NAME_CHARS),
        phones=tuple(dict.fromkeys(clean(p, _NUMBER_CHARS) for p in phones))[:_MAX_NUMBERS],
        email=clean(email, _NAME_CHARS),
        company=clean(company, _NAME_CHARS),
        crm_id=clean(crm_id, 64) if crm_id is not None else None,
    )


def _attributes(value: Any) -> dict[str, Any]:
    """field_code -> value of an attribute_structure list (the first of each code)."""
    found: dict[str, Any] = {}
    if isinstance(value, list):
        for attribute in value:
            if isinstance(attribute, Mapping) and isinstance(attribute.get("field_code"), str):
                found.setdefault(attribute["field_code"], attribute.get("value"))
    return found


def _text(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


def _values(value: Any) -> list[str]:
    """The texts of an attribute's value: a string, or a list of strings or of
    `{display_value}` objects."""
    items = value if isinstance(value, list) else [value]
    texts: list[str] = []
    for item in items[: _MAX_NUMBERS * 2]:
        shown = item.get("display_value", item.get("value")) if isinstance(item, Mapping) else item
        text = _text(shown)
        if text is not None:
            texts.append(text)
    return texts


def _first(value: Any) -> str | None:
    values = _values(value)
    return values[0] if values else None
