"""The sandbox's CRM contacts API: Vietnamese customers of the demo company, found by number
(`contacts/get`) or keyword (`contacts/list`), in OMICall's attribute_structure shape."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from omidesk.sandbox.envelope import envelope, fail, paged
from omidesk.sandbox.exchange import RecordedRequest, Reply
from omidesk.sandbox.host import Host
from omidesk.sandbox.scenarios import national_digits

GET = "/api/contacts/get"
LIST = "/api/contacts/list"
MAX_PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    phones: tuple[str, ...]
    email: str = ""
    company: str = ""

    @property
    def id(self) -> str:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"omidesk-sandbox-crm:{self.phones[0]}").hex[:24]


# The demo company's customers. None of these numbers is in the demo's local contacts:
# they show OMICall's names. The first ones call the demo extension (sandbox/history.py).
CUSTOMERS: tuple[Customer, ...] = (
    Customer("Hoàng Thị Mai", ("0987654321",), "mai.hoang@example.vn", "Vinamilk"),
    Customer("Ngô Quang Huy", ("0938112233",), "huy.ngo@example.vn", "Bách Hóa Xanh"),
    Customer("Đỗ Thị Lan Anh", ("0909445566", "02838223344"), "", "Công ty May Việt Tiến"),
    Customer("Trịnh Văn Dũng", ("0968778899",), "dung.trinh@example.vn"),
    Customer("Lý Thu Trang", ("0358123456",), "", "Nhà thuốc Long Châu"),
    Customer("Phan Minh Khôi", ("0772345678",), "khoi.phan@example.vn", "FPT Telecom"),
    Customer("Vũ Ngọc Ánh", ("0812987654",)),
    Customer("Dương Thế Vinh", ("0946332211",), "", "Điện Máy Xanh"),
    Customer("Mai Xuân Trường", ("0393556677",), "truong.mai@example.vn"),
    Customer("Tô Bảo Ngọc", ("0707889900",), "", "Pharmacity"),
    Customer("Cao Thị Hồng Nhung", ("0901234568",), "nhung.cao@example.vn", "Vietjet Air"),
    Customer("Lâm Chí Thanh", ("0919876543",), "", "Saigon Co.op"),
)


def fold(text: str) -> str:
    """Lower case without accents, đ as d: how a keyword search matches names."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def contact_json(customer: Customer) -> dict[str, Any]:
    """One contact as OMICall's CRM answers it: the fields in attribute_structure."""
    phones = [
        {"display_value": phone, "is_primary": index == 0}
        for index, phone in enumerate(customer.phones)
    ]
    attributes: list[dict[str, Any]] = [
        {"field_code": "full_name", "field_type": "text", "value": customer.name},
        {"field_code": "phone_number", "field_type": "phone", "value": phones},
    ]
    if customer.email:
        email = [{"display_value": customer.email}]
        attributes.append({"field_code": "email", "field_type": "email", "value": email})
    if customer.company:
        company = customer.company
        attributes.append({"field_code": "company", "field_type": "text", "value": company})
    return {
        "id": customer.id,
        "full_name": customer.name,
        "attribute_structure": attributes,
        "created_date": 1_700_000_000_000,
    }


class Crm:
    """Routes of the CRM contacts API on a Sandbox; its customers are CUSTOMERS, plus any
    a test adds."""

    def __init__(self, sandbox: Host, customers: tuple[Customer, ...] = CUSTOMERS) -> None:
        self._sandbox = sandbox
        self.customers = list(customers)
        sandbox.route("GET", GET, self._get)
        sandbox.route("POST", LIST, self._list)

    def add(self, customer: Customer) -> None:
        with self._sandbox.lock:
            self.customers.append(customer)

    def by_number(self, number: str) -> Customer | None:
        wanted = national_digits(number)
        with self._sandbox.lock:
            for customer in self.customers:
                if any(national_digits(phone) == wanted for phone in customer.phones):
                    return customer
        return None

    def requests(self, path: str = GET) -> list[RecordedRequest]:
        return [r for r in self._sandbox.requests if r.path == path]

    def _get(self, req: RecordedRequest, _token: str | None) -> Reply:
        phone = req.query.get("phone", "")
        email = req.query.get("email", "")
        if not phone and not email:
            return fail("data_is_required")
        found: Customer | None = None
        if phone:
            found = self.by_number(phone)
        else:
            with self._sandbox.lock:
                found = next((c for c in self.customers if c.email == email), None)
        # OMICall answers a number it has no contact for with an empty success.
        return envelope(True, "success", contact_json(found) if found else None)

    def _list(self, req: RecordedRequest, _token: str | None) -> Reply:
        try:
            page = max(int(req.query.get("page", "1")), 1)
            size = int(req.query.get("size", "50"))
        except ValueError:
            return fail("request_invalid")
        if not 1 <= size <= MAX_PAGE_SIZE:
            return fail("request_invalid")
        body = req.json if isinstance(req.json, dict) else {}
        raw = body.get("keyword")
        keyword = raw if isinstance(raw, str) else ""
        needle = fold(keyword.strip())
        digits = "".join(ch for ch in keyword if ch.isdigit())
        with self._sandbox.lock:
            matches = [
                c
                for c in self.customers
                if not needle
                or needle in fold(c.name)
                or (len(digits) >= 3 and any(digits in national_digits(p) for p in c.phones))
            ]
        chosen = matches[(page - 1) * size : page * size]
        items = [contact_json(customer) for customer in chosen]
        return envelope(True, "success", paged(items, page, size, len(matches)))
