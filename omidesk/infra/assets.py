"""Where the packaged resources (icons, translations, desktop files) are: inside the
installed package, or in the checkout's resources/ folder when run from source."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


@cache
def root() -> Path:
    # Plain paths, not importlib.resources: that package costs ~6 ms of imports before the
    # first paint, and every layout OmiDesk ships in is a real folder on disk.
    here = Path(__file__).resolve().parent
    packaged = here / "resources"
    if packaged.is_dir():  # the wheel and the bundle (pyproject's package-dir)
        return packaged
    # An editable install maps resources/ onto omidesk.resources through its finder.
    spec = importlib.util.find_spec("omidesk.resources")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return here.parent / "resources"  # the checkout itself, on sys.path


def path(*parts: str) -> Path:
    return root().joinpath(*parts)
