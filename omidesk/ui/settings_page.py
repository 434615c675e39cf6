"""One page of the settings dialog (Calling, Links & clipboard, Appearance): a form whose
rows are generated from the settings declared on that page."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.settings import DECLARED, Setting, Settings
from omidesk.ui import i18n
from omidesk.ui.settings_rows import (
    AccessKeys,
    Row,
    editor,
    lock,
    make_row,
    show_value,
    typed_value,
)


class SettingsPage(QWidget):
    """The rows of one page, in the order of the declarations, each with its help line,
    note and error. Special editors (`Setting.widget`) come from a subclass's `_editor`."""

    def __init__(self, page: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.rows: dict[str, Row] = {}
        self.column = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        # Labels above their fields: long labels (and Vietnamese ones) would otherwise
        # squeeze every field of the page into a narrow column.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.form.setVerticalSpacing(8)
        self.column.addLayout(self.form)
        self.column.addStretch(1)
        for setting in DECLARED:
            if setting.page != page:
                continue
            field, shown = self._editor(setting)
            row = make_row(setting, field, shown)
            if row.label is not None:
                self.form.addRow(row.label, row.box)
            else:
                self.form.addRow(row.box)
            self.rows[setting.key] = row

    def _editor(self, setting: Setting) -> tuple[QWidget, QWidget | None]:
        """The editor of a setting, and the widget to lay out if it is not the editor alone."""
        return editor(setting), None

    # --- values ---------------------------------------------------------------------------

    def show_settings(self, settings: Settings) -> None:
        for key, row in self.rows.items():
            if row.setting.stored:
                show_value(row, getattr(settings, key))

    def values(self) -> dict[str, Any]:
        """What is typed, for each stored setting of the page."""
        return {key: typed_value(row) for key, row in self.rows.items() if row.setting.stored}

    def lock(self, key: str) -> None:
        """The value is set elsewhere (an environment variable): shown, not edited here."""
        lock(self.rows[key].field)

    def controls(self) -> list[QWidget]:
        """The page's controls in the order Tab visits them."""
        return [row.field for row in self.rows.values()]

    def focus(self, key: str) -> None:
        self.rows[key].field.setFocus()

    # --- words ------------------------------------------------------------------------------

    def retranslate(self, lang: str, keys: AccessKeys) -> None:
        """Every text of the page in `lang`, with access keys none of `keys` uses."""
        for row in self.rows.values():
            setting = row.setting
            text = setting.label(lang)
            marked = keys.mark(text)
            field = row.field
            if row.label is not None:
                row.label.setText(marked + ":")
            elif isinstance(field, QCheckBox):
                field.setText(marked)
            field.setAccessibleName(text)
            helped = setting.help(lang) if setting.help is not None else ""
            row.help.setText(helped)
            field.setToolTip(helped)
            line = field if isinstance(field, QLineEdit) else field.findChild(QLineEdit)
            if setting.placeholder is not None and line is not None:
                # (A key recorder's own line says "Press shortcut", in English only.)
                line.setPlaceholderText(setting.placeholder(lang))
            if setting.choices and isinstance(field, QComboBox) and not field.isEditable():
                labels = {choice.value: choice.label(lang) for choice in setting.choices}
                for index in range(field.count()):
                    field.setItemText(index, labels[field.itemData(index)])
            if isinstance(field, QSpinBox | QDoubleSpinBox):
                # "15,0 giây" in Vietnamese: the decimal comma, read back the same way.
                field.setLocale(i18n.locale(lang))
                field.setSuffix(setting.unit(lang) if setting.unit is not None else "")
                field.setSpecialValueText(setting.zero(lang) if setting.zero is not None else "")

    def set_note(self, key: str, text: str, name: str) -> None:
        """A note under a row (where its value comes from), named `name` for screen readers."""
        note = self.rows[key].note
        note.setText(text)
        note.setVisible(bool(text))
        note.setAccessibleName(name)

    def show_errors(self, by_key: dict[str, list[str]]) -> None:
        """Each row's errors under it (and read out with its field); none where none."""
        for key, row in self.rows.items():
            texts = by_key.get(key, [])
            row.error.setText("\n".join(texts))
            row.error.setVisible(bool(texts))
            helped = row.help.text()
            row.field.setAccessibleDescription("\n".join(texts) if texts else helped)

    def invalidate(self) -> None:
        """Lays the form out afresh: QFormLayout keeps the heights it once gave a wrapped
        note while the window was narrower."""
        self.form.invalidate()
