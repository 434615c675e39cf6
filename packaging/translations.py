"""Qt translations of the window: extract (lupdate), compile (lrelease), check completeness.

    python packaging/translations.py update    # refresh the .ts files from the code
    python packaging/translations.py release   # compile them into the shipped .qm files
    python packaging/translations.py check     # exit 1 if untranslated or a .qm is stale
    python packaging/translations.py fill F    # translations from a TSV: context, source, text

The .ts files are the source of truth (edit them in Qt Linguist, or with `fill`); the .qm
files are built from them and shipped in the package. lupdate/lrelease come with PySide6.
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("vi",)


def _tool(name: str) -> str:
    import PySide6

    tool = Path(PySide6.__file__).parent / name
    return str(tool if tool.exists() else tool.with_suffix(".exe"))


def sources() -> list[str]:
    files = sorted((ROOT / "omidesk").rglob("*.py"))
    return [str(path) for path in files if _uses_tr(path)]


def _uses_tr(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return ".tr(" in text or "translate(" in text


def ts_file(lang: str) -> Path:
    return TRANSLATIONS / f"omidesk_{lang}.ts"


def qm_file(lang: str) -> Path:
    return TRANSLATIONS / f"omidesk_{lang}.qm"


def update(ts: Path | None = None, lang: str = "vi") -> Path:
    target = ts or ts_file(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [_tool("lupdate"), "-locations", "none", "-no-obsolete", *sources(), "-ts", str(target)],
        check=True,
        capture_output=True,
    )
    return target


def release(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) → translation, None when missing or unfinished."""
    result: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            text = None
            if translation is not None:
                forms = [form.text or "" for form in translation.iter("numerusform")]
                text = forms[0] if forms else translation.text
            done = (
                translation is not None
                and translation.get("type") not in ("unfinished", "obsolete", "vanished")
                and (text or "").strip()
            )
            result[(name, source)] = text if done else None
    return result


def problems(lang: str = "vi") -> list[str]:
    """What is wrong with the shipped translation of `lang`, for the test-suite."""
    found: list[str] = []
    with tempfile.TemporaryDirectory() as temp:
        fresh = update(Path(temp) / "fresh.ts", lang)
        shipped = messages(ts_file(lang)) if ts_file(lang).exists() else {}
        for key in messages(fresh):
            if key not in shipped:
                found.append(f"not in {ts_file(lang).name} (run `update`): {key[0]}: {key[1]!r}")
            elif shipped[key] is None:
                found.append(f"untranslated: {key[0]}: {key[1]!r}")
        built = Path(temp) / "built.qm"
        if ts_file(lang).exists():
            release(ts_file(lang), built)
            if not qm_file(lang).exists() or not filecmp.cmp(built, qm_file(lang), shallow=False):
                found.append(f"{qm_file(lang).name} is stale (run `release`)")
    return found


def fill(table: Path, lang: str = "vi") -> int:
    """Applies translations from a TSV file; returns how many were set."""
    wanted: dict[tuple[str, str], str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            context, source, text = line.split("\t")
            wanted[(context, source.replace("\\n", "\n"))] = text.replace("\\n", "\n")
    tree = ET.parse(ts_file(lang))
    count = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            key = (name, message.findtext("source", ""))
            if key in wanted:
                translation = message.find("translation")
                if translation is None:
                    translation = ET.SubElement(message, "translation")
                translation.attrib.pop("type", None)
                if message.get("numerus") == "yes":
                    # Vietnamese has a single plural form.
                    for form in list(translation):
                        translation.remove(form)
                    translation.text = None
                    ET.SubElement(translation, "numerusform").text = wanted[key]
                else:
                    translation.text = wanted[key]
                count += 1
    tree.write(ts_file(lang), encoding="utf-8", xml_declaration=True)
    return count


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        for lang in LANGUAGES:
            print(f"updated {update(lang=lang)}")
    elif command == "release":
        for lang in LANGUAGES:
            release(ts_file(lang), qm_file(lang))
            print(f"built {qm_file(lang)}")
    elif command == "check":
        issues = [problem for lang in LANGUAGES for problem in problems(lang)]
        print("\n".join(issues) or "translations complete")
        return 1 if issues else 0
    elif command == "fill" and len(argv) == 2:
        print(f"set {fill(Path(argv[1]))} translations")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
