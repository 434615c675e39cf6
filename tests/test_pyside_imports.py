"""PySide6's check of each module imported after it, made light (desktop/pyside_imports.py):
the same answers as PySide6's own, and no module's source kept in linecache."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import PySide6.QtCore  # noqa: F401 - PySide6 loaded: its import check is in place
import pytest

from omidesk.desktop import collector, pyside_imports

FEATURE = sys.modules["shibokensupport.feature"]


@pytest.fixture
def own_check():
    """PySide6's own check, whatever the process did to it before."""
    lightened = FEATURE._mod_uses_pyside
    original = lightened
    while getattr(original, "__module__", None) == pyside_imports.__name__:
        original = original.__closure__[0].cell_contents  # the check it stands in for
    yield original
    FEATURE._mod_uses_pyside = lightened


def test_the_light_check_answers_as_pyside6_does(own_check) -> None:
    assert collector.__name__ in sys.modules
    modules = [m for m in list(sys.modules.values()) if isinstance(m, type(sys))]
    assert len(modules) > 100
    answers = {m.__name__: pyside_imports.uses_pyside(m, own_check) for m in modules}
    assert answers == {m.__name__: bool(own_check(m)) for m in modules}
    assert answers["omidesk.desktop.collector"] is True
    assert answers["json"] is False
    assert answers["sys"] is False  # built in: PySide6's own answer


def test_a_module_imported_after_is_judged_and_its_source_not_kept(
    own_check, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FEATURE._mod_uses_pyside = own_check
    assert pyside_imports.lighten() is True
    assert pyside_imports.lighten() is True  # twice: still one light check
    (tmp_path / "uses_qt_light.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "plain_light.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    for name in ("uses_qt_light", "plain_light"):
        exec(f"import {name}", {})  # an import statement: through PySide6's hook
    flags = FEATURE.pyside_feature_dict
    assert flags["uses_qt_light"] == 0  # uses PySide6: switched with features
    assert flags["plain_light"] == -1  # ignored by them
    kept = [name for name in linecache.cache if name.endswith(("_light.py", "icons.py"))]
    assert kept == []
