"""The Vietnamese translation covers every visible string, and the shipped .qm is up to date."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

# Runs Qt's translation tools as processes.
pytestmark = pytest.mark.integration


def test_every_window_string_has_a_vietnamese_translation_and_the_qm_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "translations.py"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "translations complete"


def test_core_texts_exist_in_both_languages() -> None:
    from omidesk.domain import messages
    from omidesk.domain.i18n import Text

    texts = [value for value in vars(messages).values() if isinstance(value, Text)]
    texts += [
        t for table in (messages.STATUS, messages.HELP, messages.KEY_WHERE) for t in table.values()
    ]
    for text in texts:
        assert text.en.strip() and text.vi.strip()
        assert text.en != text.vi or "{" in text.en


def test_a_count_of_one_reads_in_the_singular_in_english() -> None:
    from omidesk.domain import messages, partner_texts, routing_texts

    # A count as the commands give it: an int, or grouped into a string ("1", "1.234").
    assert messages.EXPORTED("en", count=1, path="a.csv") == "Exported 1 contact to a.csv."
    assert messages.EXPORTED("en", count="1", path="a.csv") == "Exported 1 contact to a.csv."
    assert messages.EXPORTED("en", count="1.234", path="a.csv") == (
        "Exported 1.234 contacts to a.csv."
    )
    assert messages.EXPORTED("vi", count=1, path="a.csv") == "Đã xuất 1 liên hệ ra a.csv."
    assert partner_texts.TENANTS_COUNT("en", count=1) == "1 company."
    assert routing_texts.EXPORTED("en", count=1, path="o.csv") == "1 row written to o.csv."
    summary = messages.IMPORT_SUMMARY(
        "en", path="k.csv", imported=1, merged=0, flagged=0, skipped=0, total=1
    )
    assert summary.endswith("— 1 row read.")
