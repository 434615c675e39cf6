"""Qt translations: English is the source language, Vietnamese comes from omidesk_vi.qm."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from omidesk.infra import assets

_installed: QTranslator | None = None


def qm_path(lang: str) -> str:
    return str(assets.path("translations", f"omidesk_{lang}.qm"))


def locale(lang: str) -> QLocale:
    """How numbers are written in `lang`: "15,0" in Vietnamese, "15.0" in English."""
    if lang == "vi":
        return QLocale("vi_VN")
    return QLocale("en_US")


def install(lang: str) -> bool:
    """Switches the app's language; every widget gets a LanguageChange event and retranslates.
    Returns False when the translation file is missing (the app stays in English)."""
    global _installed  # noqa: PLW0603 - one translator per application
    app = QCoreApplication.instance()
    if app is None:
        return False
    # Widgets made from now on write numbers as the language does (a number box made
    # before takes it in its retranslate).
    QLocale.setDefault(locale(lang))
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if lang == "en":
        return True
    translator = QTranslator(app)
    if not translator.load(qm_path(lang)):
        return False
    app.installTranslator(translator)
    _installed = translator
    return True


def locale_for(lang: str) -> QLocale:
    """The locale dates are written in for the agent's language: Vietnamese, or British
    English (day before month, as in Vietnam)."""
    if lang == "vi":
        return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
