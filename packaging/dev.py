"""Set-up for a checkout: builds .venv from pyproject.toml, then runs the demo or the tests.

Stdlib only and Python 3.11+, so it works on a fresh Debian machine where `python3` exists but
`python3-venv` (ensurepip) may not: then pip is bootstrapped into a venv made without it.

    python3 packaging/dev.py demo     # the app on its built-in demo server
    python3 packaging/dev.py test     # ruff, import contracts, mypy, the test-suite: as CI
    python3 packaging/dev.py test --quick  # the same without tests marked slow (inner loop)
    python3 packaging/dev.py run ARGS # any `omidesk` command inside the venv

Arguments after `test` (or `test --quick`) go to pytest: `test --quick -m unit`, `test -x
tests/test_numbers.py`. The markers (unit, integration, gui, slow) are in pyproject.toml.
The tests run in one process per core (pytest-xdist); `test -n 0 …` runs them in one, for a
debugger or `-s`.

Versions come from packaging/constraints.txt, so every checkout and CI test the same ones;
`python3 packaging/lock.py` regenerates it. Editing pyproject.toml or the constraints
re-installs on the next run.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("OMIDESK_VENV", ROOT / ".venv"))
CONSTRAINTS = ROOT / "packaging" / "constraints.txt"
PIP_JSON = "https://pypi.org/pypi/pip/json"
# Before pytest, in this order: each is fast, and each failure is clearer than a test's.
# mypy reads its settings (which files, how strict) from pyproject.toml; its cache in
# .mypy_cache makes a second run take a second or two.
CHECKS = (
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["lint-imports", "--no-logo"],
    ["mypy"],
)


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def venv_python(venv: Path = VENV) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def create_venv(venv: Path = VENV) -> None:
    if venv_python(venv).exists():
        return
    say(f"creating {venv}")
    made = subprocess.run([sys.executable, "-m", "venv", str(venv)], check=False)
    if made.returncode == 0 and has_pip(venv):
        return
    # Debian without python3-venv: venv works, ensurepip does not. Fetch pip's wheel from
    # PyPI (the index the install needs anyway) and let it install itself.
    say("ensurepip is not available here; bootstrapping pip from PyPI")
    subprocess.run(
        [sys.executable, "-m", "venv", "--clear", "--without-pip", str(venv)], check=True
    )
    with tempfile.TemporaryDirectory() as temp:
        wheel = Path(temp) / "pip.whl"
        wheel = wheel.with_name(download_pip_wheel(wheel.parent))
        subprocess.run(
            [str(venv_python(venv)), f"{wheel}/pip", "install", "--quiet", str(wheel)],
            check=True,
        )


def download_pip_wheel(folder: Path) -> str:
    """The newest pip wheel from PyPI, saved in `folder`; returns its file name."""
    with urllib.request.urlopen(PIP_JSON, timeout=60) as answer:  # fixed https URL
        release = json.load(answer)
    wheel = next(item for item in release["urls"] if item["packagetype"] == "bdist_wheel")
    # Mirrors may answer with URLs relative to the JSON document.
    url = urllib.parse.urljoin(PIP_JSON, wheel["url"])
    with urllib.request.urlopen(url, timeout=120) as answer:
        (folder / wheel["filename"]).write_bytes(answer.read())
    return wheel["filename"]


def has_pip(venv: Path = VENV) -> bool:
    probe = subprocess.run(
        [str(venv_python(venv)), "-m", "pip", "--version"], capture_output=True, check=False
    )
    return probe.returncode == 0


def pip(venv: Path = VENV) -> list[str]:
    return [str(venv_python(venv)), "-m", "pip", "--disable-pip-version-check", "--quiet"]


def install(extras: str) -> None:
    """Installs the project (editable) at the locked versions when pyproject.toml, the
    constraints or the extras changed."""
    stamp = VENV / f".omidesk-installed{extras}"
    inputs = (ROOT / "pyproject.toml").read_bytes() + CONSTRAINTS.read_bytes() + extras.encode()
    digest = hashlib.sha256(inputs).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    say(f"installing omidesk{extras} into {VENV} (first time: a minute or two)")
    subprocess.run([*pip(), "install", "--upgrade", "pip"], check=True)
    subprocess.run(
        [*pip(), "install", "--constraint", str(CONSTRAINTS), "--editable", f"{ROOT}{extras}"],
        check=True,
    )
    stamp.write_text(digest)


def tool(name: str) -> str:
    """A console script installed in the venv (lint-imports has no `python -m` form)."""
    folder = venv_python().parent
    return str(folder / (f"{name}.exe" if os.name == "nt" else name))


def check_system_libraries(platform: str) -> bool:
    """Qt needs a few system libraries a bare Debian lacks: name the packages, don't crash."""
    probe = subprocess.run(
        [str(venv_python()), "-m", "omidesk.desktop.syslibs", platform],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        print(probe.stdout + probe.stderr, file=sys.stderr)
        return False
    return True


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "run"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    create_venv()
    install("[test]" if command == "test" else "")
    python = str(venv_python())
    if command == "test":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if not check_system_libraries("offscreen"):
            return 1
        for step in CHECKS:
            say(" ".join(step))
            if subprocess.run([tool(step[0]), *step[1:]], cwd=ROOT, check=False).returncode:
                return 1
        if "--quick" in rest:
            rest = ["-m", "not slow", *(arg for arg in rest if arg != "--quick")]
        if not any(arg.startswith(("-n", "--numprocesses")) for arg in rest):
            # One pytest process per core (pytest-xdist); `-n 0` runs them in this one.
            rest = ["-n", "auto", *rest]
        say(" ".join(["pytest", *rest]))
        return subprocess.run([python, "-m", "pytest", *rest], cwd=ROOT, check=False).returncode
    if command == "demo":
        rest = ["--demo", *rest]
    opens_window = command == "demo" or not rest
    if opens_window and not check_system_libraries(os.environ.get("QT_QPA_PLATFORM", "xcb")):
        return 1
    return run_child([python, "-m", "omidesk", *rest])


def run_child(command: list[str]) -> int:
    """Runs `command` to its end; its exit code, or 130 after Ctrl+C. Ctrl+C reaches the
    child too (one process group) and the window quits cleanly on it: this waits for that
    instead of dying with a traceback."""
    child = subprocess.Popen(command)
    interrupted = False
    while True:
        try:
            code = child.wait()
        except KeyboardInterrupt:
            interrupted = True  # the child got the same Ctrl+C: its quitting is awaited
            continue
        return 130 if interrupted else code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
