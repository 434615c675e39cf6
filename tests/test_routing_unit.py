"""packaging/linux/omidesk-routing.service, checked by systemd's own verifier."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, system_tool

pytestmark = pytest.mark.integration

UNIT = ROOT / "packaging" / "linux" / "omidesk-routing.service"


def test_the_unit_passes_systemd_analyze_verify(tmp_path: Path):
    analyze = system_tool("systemd-analyze", "systemd")
    # The unit names where a package installs omidesk; here, this checkout's own.
    omidesk = shutil.which("omidesk", path=str(Path(sys.executable).parent))
    assert omidesk is not None
    unit = tmp_path / UNIT.name
    unit.write_text(
        UNIT.read_text(encoding="utf-8").replace("/opt/omidesk/bin/omidesk", omidesk),
        encoding="utf-8",
    )
    checked = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, check=False, timeout=60
    )
    assert (checked.returncode, checked.stderr.strip()) == (0, "")


def test_the_unit_runs_unprivileged_with_the_key_from_a_file():
    text = UNIT.read_text(encoding="utf-8")
    assert "User=omidesk-routing" in text
    assert "EnvironmentFile=/etc/omidesk/routing.env" in text
    assert "NoNewPrivileges=yes" in text
    assert "OMIDESK_ROUTING_API_KEY=" not in text.split("[Service]")[1]
