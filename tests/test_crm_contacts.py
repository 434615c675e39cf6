"""Reading OMICall's CRM contacts: the name and numbers wherever the answer keeps them."""

from __future__ import annotations

import pytest

from omidesk.domain.crm_contacts import CrmContact, parse_crm_contact


def test_numbers_live_in_the_attribute_structure() -> None:
    item = {
        "id": "65f0c0ffee",
        "attribute_structure": [
            {"field_code": "full_name", "value": "Đặng Thị Hương"},
            {
                "field_code": "phone_number",
                "value": [{"display_value": "0935678901"}, {"display_value": "0935 678 901"}],
            },
            {"field_code": "email", "value": [{"display_value": "huong@example.vn"}]},
        ],
    }
    contact = parse_crm_contact(item)
    assert contact == CrmContact(
        name="Đặng Thị Hương",
        phones=("0935678901", "0935 678 901"),
        email="huong@example.vn",
        crm_id="65f0c0ffee",
    )


def test_full_name_at_the_top_wins_and_plain_values_are_read() -> None:
    item = {
        "full_name": "Lê Hoàng Nam",
        "attribute_structure": [
            {"field_code": "full_name", "value": "ignored"},
            {"field_code": "phone_number", "value": "0983456789"},
        ],
    }
    contact = parse_crm_contact(item)
    assert contact is not None
    assert (contact.name, contact.phones) == ("Lê Hoàng Nam", ("0983456789",))


@pytest.mark.parametrize(
    "item", [None, [], {"attribute_structure": "x"}, {"full_name": "", "phone_number": None}]
)
def test_nothing_usable_is_no_contact(item: object) -> None:
    assert parse_crm_contact(item) is None


def test_hostile_text_is_cleaned() -> None:
    contact = parse_crm_contact({"full_name": "Trần\x1b[31m Bích\u202e", "phone_number": 912})
    assert contact is not None
    assert contact.name == "Trần[31m Bích"
    assert contact.phones == ("912",)


def test_saved_locally_as_a_contact_with_read_numbers() -> None:
    crm = CrmContact(name="Phạm Thu Hà", phones=("0165 123 4567",), company="Vinamilk")
    contact = crm.to_contact("vi")
    assert contact.name == "Phạm Thu Hà" and contact.company == "Vinamilk"
    assert contact.phones[0].e164 == "+84351234567"  # the old number, renumbered
    assert contact.note == "Từ danh bạ OMICall"
