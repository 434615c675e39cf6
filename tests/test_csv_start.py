"""The start of a CSV as a reading guesses it: the delimiter sniffed and the layout guessed
from a few records, as the preview's whole-start parse (and the sniffer) would say."""

from __future__ import annotations

import csv
import io
from pathlib import Path, PurePath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omidesk.domain.contact_files import reading
from omidesk.domain.contact_files.csv_formats import DELIMITERS, sniff_delimiter
from omidesk.domain.contact_files.damage import UNDECODABLE_RE
from omidesk.domain.contact_files.encoding import HEAD_BYTES
from omidesk.domain.contact_files.model import BAD_ENCODING, ContactFileError, RowIssue

DATA = Path(__file__).resolve().parent / "data"


def sniffed_always(sample: str) -> str:
    """sniff_delimiter as it was, the sniffer asked whatever the header line holds."""
    first = sample.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: sum(part.count(d) for part in first.split('"')[0::2]) for d in DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed in counts and counts[sniffed] > 0:
        return sniffed
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


_CELLS = st.sampled_from(
    [
        "Họ tên",
        "SĐT",
        "Name",
        "Phone",
        "Điện thoại",
        "E-mail",
        "Nguyễn Văn An",
        "Trần Thị Bích",
        "0901234567",
        "0912 345 678",
        "+84 983 456 789",
        "an@x.vn",
        "",
        " ",
        "N/A",
        "'=SUM(A1)",
        '"quoted, cell"',
        '"two\nlines"',
        '"semi; colon"',
        '"tab\tin"',
        "a,b",
        "c;d",
        "e\tf",
        '"unclosed',
        'x"y',
        "123",
        "ghi chú",
    ]
)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """Text shaped like a contacts CSV, and like the odd ones: any delimiter (or several),
    a sep= line, blank lines, quotes, quoted newlines, a quote never closed."""
    delimiter = draw(st.sampled_from([",", ";", "\t", ",;"]))
    rows = draw(st.lists(st.lists(_CELLS, min_size=1, max_size=5), min_size=1, max_size=90))
    lines = [delimiter[len(row) % len(delimiter)].join(row) for row in rows]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "")
    if draw(st.integers(0, 4)) == 0:
        lines.insert(0, f"sep={delimiter[0]}")
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + "\n"


@given(csv_texts())
@settings(max_examples=300, deadline=None)
def test_the_delimiter_is_the_sniffers_answer(text: str) -> None:
    assert sniff_delimiter(text) == sniffed_always(text)


def _source(data: bytes, encoding: str, name: str = "list.csv") -> reading.Source:
    head = data[:HEAD_BYTES]
    return reading.source_of(PurePath(name), head, len(data), encoding)


def _same_guess(source: reading.Source) -> None:
    try:
        whole = reading.csv_start(source)
    except ContactFileError as error:
        with pytest.raises(ContactFileError) as raised:
            reading.csv_layout(source)
        assert raised.value.code == error.code
        return
    few = reading.csv_layout(source)
    assert (few.delimiter, few.layout, few.sep_line) == (
        whole.delimiter,
        whole.layout,
        whole.sep_line,
    )
    assert few.rows[: reading.PREVIEW_ROWS] == whole.rows[: reading.PREVIEW_ROWS]


@given(csv_texts(), st.integers(1, 400))
@settings(max_examples=300, deadline=None)
def test_a_reading_guesses_as_the_whole_start_does(text: str, repeat: int) -> None:
    # Repeated past the head (64 KiB) too: a sample cut part way, as a large file's is.
    data = (text * repeat).encode("utf-8")
    _same_guess(_source(data, "utf-8"))


def _codec(data: bytes) -> str | None:
    # The encodings the files in tests/data are in (encoding.detect tells them apart, and is
    # tested for it; it takes the file itself, which a unit test does not open).
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in data[:200]:
        return None
    for codec in ("utf-8", "cp1258"):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec
    return None


# Every CSV the tests read but the binary one (refused before any guess: test_contact_io).
_FILES = sorted(
    path.name
    for path in DATA.iterdir()
    if path.suffix in (".csv", ".txt") and _codec(path.read_bytes()) is not None
)


@pytest.mark.parametrize("name", _FILES)
def test_the_files_of_the_tests_are_guessed_alike(name: str) -> None:
    data = (DATA / name).read_bytes()
    codec = _codec(data)
    assert codec is not None
    _same_guess(_source(data, codec, name))


def test_a_large_start_is_guessed_from_its_first_records_alike() -> None:
    header = "Họ tên;Điện thoại;Ghi chú\n"
    rows = [f"Khách {n};09{n:08d};ghi chú {n}\n" for n in range(20_000)]
    data = (header + "".join(rows)).encode("utf-8")
    source = _source(data, "utf-8")
    few, whole = reading.csv_layout(source), reading.csv_start(source)
    assert few.layout == whole.layout and few.delimiter == ";"
    # From 51 records instead of the start's two thousand: an estimate all the same (it
    # starts a reading's progress, which corrects it as the rows come).
    assert abs(few.total_estimate - len(rows)) < len(rows) * 0.15
    assert len(few.rows) == reading.GUESS_ROWS


_PIECES = st.sampled_from(
    [
        b"Nguy\xe1\xbb\x85n",
        b"Tr\xe1\xba\xa7n",
        b"An",
        b"0901234567",
        b" ",
        b"\xe9",
        b"\xd0",
        b"\xff",
        b"\xe1\xbb",
        b"\xc3\xa9",
        b"caf\xe9",
        b"\xed\xa0\x80",
        b"'=1",
        b"x",
    ]
)


@given(
    st.lists(
        st.lists(st.lists(_PIECES, max_size=4), min_size=2, max_size=3), min_size=1, max_size=30
    )
)
@settings(max_examples=300, deadline=None)
def test_rows_holding_bytes_that_are_not_utf8_are_reported(rows: list[list[list[bytes]]]) -> None:
    lines = [b"H\xe1\xbb\x8d t\xc3\xaan,S\xc4\x90T,Ghi ch\xc3\xba"]
    lines.append(b"Nguy\xe1\xbb\x85n An,0901234567,")
    lines += [b",".join(b"".join(cell) for cell in row) for row in rows]
    data = b"\n".join(lines) + b"\n"
    source = _source(data, "utf-8")
    start = reading.csv_layout(source)
    text = io.StringIO(data.decode("utf-8", "surrogateescape"), newline="")
    read = list(reading.csv_rows(source, start, start.layout, text, lambda: 0))
    reported = {item.row for item in read if isinstance(item, RowIssue)}
    expected = {
        number
        for number, line in enumerate(lines, start=1)
        if UNDECODABLE_RE.search(line.decode("utf-8", "surrogateescape"))
        and number > 1
        and line.strip(b" ,")
    }
    assert reported == expected
    assert all(item.reason == BAD_ENCODING for item in read if isinstance(item, RowIssue))
