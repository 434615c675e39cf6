"""Highlighting what a search matched, and the short words for a call's result."""

from __future__ import annotations

import pytest

from omidesk.domain.matching import digit_spans, query, word_spans


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = "", 0
    for start, end in spans:
        out += text[last:start] + "[" + text[start:end] + "]"
        last = end
    return out + text[last:]


@pytest.mark.parametrize(
    ("text", "typed", "expected"),
    [
        ("Trần Quốc Bảo", "tran bao", "[Trần] Quốc [Bảo]"),
        ("Đặng Thị Hương", "dang h", "[Đặng] Thị [H]ương"),
        ("Đặng Thị Hương", "DANG", "[Đặng] Thị Hương"),
        ("Nguyễn Văn An", "an", "Nguyễn Văn [An]"),
        ("Highlands Coffee", "coff", "Highlands [Coff]ee"),
        ("Lê-Văn Nam", "van", "Lê-[Văn] Nam"),
        ("Nguyễn Văn An", "xyz", "Nguyễn Văn An"),
    ],
)
def test_words_are_highlighted_where_they_start_a_word(
    text: str, typed: str, expected: str
) -> None:
    assert marked(text, word_spans(text, query(typed))) == expected


def test_combining_marks_stay_inside_their_letter() -> None:
    # Windows-1258 files spell tones as combining marks: the span must not cut one off.
    decomposed = "Hu\u031bo\u031b\u0300ng"  # Hương with separate marks
    (span,) = word_spans(decomposed, query("huo"))
    assert decomposed[span[0] : span[1]] == "Hu\u031bo\u031b\u0300"


@pytest.mark.parametrize(
    ("number", "typed", "expected"),
    [
        ("0901 234 567", "4567", "0901 23[4 567]"),
        ("0901 234 567", "0901 23", "[0901 23]4 567"),
        ("0901 234 567", "+84 90", "[090]1 234 567"),
        ("0901 234 567", "84901234567", "0901 234 567"),
        ("0901 234 567", "+84901234567", "[0901 234 567]"),
        ("0901 234 567", "999", "0901 234 567"),
    ],
)
def test_digits_are_highlighted_anywhere_in_the_number(
    number: str, typed: str, expected: str
) -> None:
    assert marked(number, digit_spans(number, query(typed))) == expected


def test_a_mixed_text_splits_into_words_and_digits() -> None:
    parsed = query("nam 0983")
    assert parsed.words == ("nam",)
    assert parsed.digits == "0983"
