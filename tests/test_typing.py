"""Every `# type: ignore` in omidesk/ names what it silences and says why.

mypy (run by `packaging/dev.py test` after lint-imports) fails on an ignore without a code
(ignore-without-code) and on one that silences nothing (warn_unused_ignores); the reason is
for the reader, and only this test asks for it."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "omidesk"

# `# type: ignore[code, code]  # why`: the codes in brackets, then a comment of its own.
_IGNORE = re.compile(r"#\s*type:\s*ignore\b")
_EXPLAINED = re.compile(
    r"#\s*type:\s*ignore\[[a-z0-9-]+(?:,\s*[a-z0-9-]+)*\]\s+#\s*(?P<why>.*\S)\s*$"
)


def unexplained(source: str) -> list[tuple[int, str]]:
    """The line and comment of every type-ignore in `source` that lacks a code or a
    reason. Comments only: a string that mentions one is no ignore."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT or not _IGNORE.search(token.string):
            continue
        explained = _EXPLAINED.search(token.string)
        if explained is None or not re.search(r"[A-Za-z]{2}", explained["why"]):
            found.append((token.start[0], token.string))
    return found


def test_every_type_ignore_in_omidesk_has_a_code_and_a_reason() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 50  # the package, not an empty folder
    missing = [
        f"{path.relative_to(ROOT)}:{line}: {comment}"
        for path in files
        for line, comment in unexplained(path.read_text(encoding="utf-8"))
    ]
    assert missing == [], "say what each ignore silences and why:\n" + "\n".join(missing)


def test_a_bare_ignore_or_one_without_a_reason_is_found() -> None:
    source = (
        "a = f()  # type: ignore\n"
        "b = g()  # type: ignore[attr-defined]\n"
        "c = h()  # type: ignore[attr-defined]  #\n"
        "d = i()  # type: ignore[arg-type, union-attr]  # PySide6's stub lacks the overload\n"
        'e = "# type: ignore"\n'
        "f = j()  # noqa: E501 - type: ignore is not here\n"
    )
    assert [line for line, _ in unexplained(source)] == [1, 2, 3]
