"""OMICall's CRM contacts: one number looked up (`contacts/get`), or a keyword searched
(`contacts/list`), read into CrmContacts."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from omidesk.domain.crm_contacts import CrmContact, CrmPage, parse_crm_contact
from omidesk.domain.errors import RATE_LIMITED
from omidesk.omicall.client import OmiCallClient
from omidesk.omicall.errors import OmiCallError

log = logging.getLogger(__name__)

GET = "/api/contacts/get"
LIST = "/api/contacts/list"
MAX_PAGE_SIZE = 50
# How OMICall may say "no such contact" as a failure (it may also answer success with no
# payload): not an error for the agent, just no name.
_NOT_FOUND = frozenset(
    {"contact_not_found", "not_found", "data_not_found", "contact_not_exist", "not_exist"}
)


class CrmClient:
    """The company's CRM contacts, through the process's OMICall client."""

    def __init__(self, client: OmiCallClient) -> None:
        self.client = client

    async def by_phone(self, number: str) -> CrmContact | None:
        """The contact with this number (as OMICall writes numbers: national form), or
        None. Raises OmiCallError (code `rate_limited` when asked to slow down)."""
        try:
            payload = await self.client.authorised("GET", GET, params={"phone": number})
        except OmiCallError as error:
            if error.code in _NOT_FOUND:
                return None
            raise _limited(error) from None
        if isinstance(payload, Mapping) and isinstance(payload.get("items"), list):
            # Some answers wrap one contact in a page.
            items = payload["items"]
            payload = items[0] if items else None
        return parse_crm_contact(payload)

    async def search(self, keyword: str, page: int = 1, size: int = 20) -> CrmPage:
        """One page of contacts matching `keyword` (a name or a number)."""
        params = {"page": str(max(page, 1)), "size": str(min(max(size, 1), MAX_PAGE_SIZE))}
        try:
            payload = await self.client.authorised(
                "POST", LIST, params=params, json={"keyword": keyword}
            )
        except OmiCallError as error:
            raise _limited(error) from None
        items: Any = payload.get("items") if isinstance(payload, Mapping) else payload
        if not isinstance(items, list):
            return CrmPage((), False)
        contacts = tuple(c for c in map(parse_crm_contact, items) if c is not None)
        has_next = payload.get("has_next") if isinstance(payload, Mapping) else None
        return CrmPage(contacts, has_next is True)


def _limited(error: OmiCallError) -> OmiCallError:
    """A rate-limit answer as the one code the use cases know; anything else as it was."""
    if not error.rate_limited:
        return error
    log.warning("OMICall asked to slow down on a contacts lookup (%s)", error.code)
    retry_after = error.params.get("retry_after_s")
    return OmiCallError(
        RATE_LIMITED,
        "rejected",
        **{**error.params, "retry_in_s": round(retry_after) if retry_after else 60},
    )
