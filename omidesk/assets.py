"""Where the packaged resources (icons, translations, desktop files) are: inside the
installed package, or in the checkout's resources/ folder when run from source."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def root() -> Path:
    try:
        # The wheel (and an editable install) maps resources/ onto omidesk.resources.
        return Path(str(resources.files("omidesk.resources")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "resources"


def path(*parts: str) -> Path:
    return root().joinpath(*parts)
