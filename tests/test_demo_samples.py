"""The demo's sample contacts speak the agent's language: what each scenario number does is
said in Vietnamese or English, never as an OMICall code alone."""

from __future__ import annotations

import pytest

from omidesk.sandbox.samples import sample_contacts
from omidesk.sandbox.scenarios import scenario_for


def _scenarios(lang: str) -> dict[str, tuple[str, str]]:
    """Name -> (company, note) of the samples on a scenario number."""
    return {
        contact.name: (contact.company, contact.note)
        for contact in sample_contacts(lang)
        if any(scenario_for(phone.number) for phone in contact.phones)
    }


def test_vietnamese_samples_say_what_the_demo_does_in_vietnamese() -> None:
    vietnamese = _scenarios("vi")
    assert vietnamese["Võ Minh Tuấn"][0] == "Demo: máy bận"
    assert vietnamese["Bùi Quốc Khánh"][0] == "Demo: không làm phiền"
    assert "sau 30 giây" in vietnamese["Hoàng Gia Bảo"][1]


def test_english_samples_say_it_in_english() -> None:
    english = _scenarios("en")
    assert english["Võ Minh Tuấn"][0] == "Demo: the line is busy"
    assert "after 30 s" in english["Hoàng Gia Bảo"][1]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_no_sample_shows_a_bare_code(lang: str) -> None:
    for contact in sample_contacts(lang):
        assert "_" not in contact.company, contact
        assert "(" not in contact.name, contact  # the scenario is the company's, not the name's


def test_labels_follow_the_language() -> None:
    an_en = next(c for c in sample_contacts("en") if c.name == "Nguyễn Văn An")
    an_vi = next(c for c in sample_contacts("vi") if c.name == "Nguyễn Văn An")
    assert [p.label for p in an_en.phones] == ["mobile", "office"]
    assert [p.label for p in an_vi.phones] == ["di động", "công ty"]
