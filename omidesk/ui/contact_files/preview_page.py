"""The import's preview step: the file's kind and encoding, its first rows, its columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from omidesk.domain.contact_files.model import CSV, GOOGLE_CSV, OUTLOOK_CSV, VCARD, Mapping
from omidesk.ui.contact_files.common import grouped, rounded, title_font
from omidesk.ui.widgets import error_label

if TYPE_CHECKING:
    from omidesk.domain.contact_files.model import Preview

# Files wider than this hide the columns empty in every previewed row: an Outlook export
# has 92 columns, most of them empty, and the few that matter would scroll out of sight.
_WIDE = 10
# A column of the preview is never drawn wider than this many characters.
_CELL_CHARS = 28
_NONE = -1

_ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "cp1258": "Windows-1258",
    "cp1252": "Windows-1252",
}


class PreviewPage(QWidget):
    """The first rows of a file and, for a CSV, which column fills which contact field
    (prefilled with the guess). The columns chosen make the mapping the import uses."""

    mappingChanged = Signal()  # the agent chose another column for a field

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview: Preview | None = None
        self.combos: dict[str, QComboBox] = {}
        self.phone_combos: list[QComboBox] = []
        self.phone_labels: list[QLineEdit] = []
        self._field_labels: list[tuple[QLabel, str, int]] = []
        self.hidden_columns = 0
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.kind_label = QLabel()
        self.kind_label.setFont(title_font(self.kind_label))
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        column.addWidget(self.kind_label)
        column.addWidget(self.info_label)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        # Tab leaves the table for the columns below, instead of walking its cells.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setMaximumSectionSize(
            self.fontMetrics().averageCharWidth() * _CELL_CHARS
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        column.addWidget(self.table, 1)
        self.mapping_box = QGroupBox()
        box = QVBoxLayout(self.mapping_box)
        self.mapping_note = QLabel()
        self.mapping_note.setWordWrap(True)
        box.addWidget(self.mapping_note)
        self.mapping_scroll = QScrollArea()
        self.mapping_scroll.setWidgetResizable(True)
        self.mapping_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        box.addWidget(self.mapping_scroll)
        column.addWidget(self.mapping_box)
        self.problem = error_label(selectable=True)
        column.addWidget(self.problem)

    def show_preview(self, found: Preview) -> None:
        """Shows the first rows of a file just read and, for a CSV, its columns."""
        self.preview = found
        self._fill_table(found)
        if found.mapping is not None:
            self._build_mapping(found.mapping, len(found.headers))
        self.mapping_box.setVisible(found.mapping is not None)

    def tab_chain(self) -> list[QWidget]:
        """The page's stops for Tab, in order: the rows, then the columns."""
        chain: list[QWidget] = [self.table]
        chain += list(self.combos.values())
        for combo, text in zip(self.phone_combos, self.phone_labels, strict=True):
            chain += [combo, text]
        return chain

    def _fields(self) -> list[tuple[str, str]]:
        """The contact fields a column can fill, with their names in the form."""
        return [
            ("name", self.tr("Full name")),
            ("given", self.tr("Given name")),
            ("middle", self.tr("Middle name")),
            ("family", self.tr("Family name")),
            ("company", self.tr("Company")),
            ("email", self.tr("E-mail")),
            ("note", self.tr("Note")),
        ]

    def _build_mapping(self, guess: Mapping, width: int) -> None:
        """One list of columns per field, prefilled with the guess; as many phone rows as the
        guess found (Outlook has 18 phone columns), and at least three."""
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        self.combos = {}
        self.phone_combos = []
        self.phone_labels = []
        self._field_labels = []
        for row, (key, _name) in enumerate(self._fields()):
            label = QLabel()
            combo = self._column_combo(width)
            label.setBuddy(combo)
            combo.setCurrentIndex(max(0, combo.findData(_column(getattr(guess, key)))))
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            self.combos[key] = combo
            self._field_labels.append((label, key, 0))
        phones = list(guess.phones)
        for position in range(max(3, len(phones))):
            label = QLabel()
            combo = self._column_combo(width)
            label.setBuddy(combo)
            text = QLineEdit()
            text.setMaximumWidth(self.fontMetrics().averageCharWidth() * 24)
            if position < len(phones):
                column, phone_label = phones[position]
                combo.setCurrentIndex(max(0, combo.findData(column)))
                text.setText(phone_label)
            line = QHBoxLayout()
            line.addWidget(combo, 1)
            line.addWidget(text)
            grid.addWidget(label, position, 2)
            grid.addLayout(line, position, 3)
            self.phone_combos.append(combo)
            self.phone_labels.append(text)
            self._field_labels.append((label, "phone", position + 1))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(2, self.fontMetrics().averageCharWidth() * 10)
        grid.setRowStretch(max(len(self._fields()), len(self.phone_combos)), 1)
        for combo in self._all_combos():
            combo.currentIndexChanged.connect(self._mapping_changed)
        self.mapping_scroll.setWidget(grid_widget)  # the previous file's columns are deleted
        # Seven rows of columns at most, scrolled beyond: the first rows of the file above
        # are what the choice is made from, and must keep their room.
        grid.activate()
        row_height = self.phone_combos[0].sizeHint().height() + grid.verticalSpacing()
        shown = min(grid_widget.sizeHint().height(), row_height * 7)
        self.mapping_scroll.setFixedHeight(shown + 2 * self.mapping_scroll.frameWidth())

    def _column_combo(self, width: int) -> QComboBox:
        combo = QComboBox()
        combo.addItem("—", _NONE)
        for column in range(width):
            combo.addItem("", column)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(16)
        return combo

    def _all_combos(self) -> list[QComboBox]:
        return [*self.combos.values(), *self.phone_combos]

    def _fill_table(self, found: Preview) -> None:
        table = self.table
        table.clear()
        width = max([len(found.headers), *(len(row) for row in found.rows)])
        table.setColumnCount(width)
        table.setRowCount(len(found.rows))
        for row, cells in enumerate(found.rows):
            for column, cell in enumerate(cells):
                # One line per cell: a multi-line address would make rows of uneven height.
                item = QTableWidgetItem(" ".join(cell.split()))
                item.setToolTip(cell)
                table.setItem(row, column, item)
        self.hidden_columns = 0
        for column in range(width):
            empty = all(column >= len(cells) or not cells[column].strip() for cells in found.rows)
            hide = width > _WIDE and empty
            table.setColumnHidden(column, hide)
            self.hidden_columns += hide
        self._label_columns()

    def _column_name(self, column: int) -> str:
        """A column as the agent knows it: its header, or its number and first cell."""
        assert self.preview is not None
        headers = self.preview.headers
        header = headers[column] if column < len(headers) else ""
        if self.preview.kind == VCARD:
            return (self.tr("Name"), self.tr("Numbers"), self.tr("Company"))[column]
        if header:
            return header
        name = self.tr("Column {n}").format(n=column + 1)
        first = next(
            (row[column].strip() for row in self.preview.rows if column < len(row) and row[column]),
            "",
        )
        return f"{name}: {first}" if first else name

    def _label_columns(self) -> None:
        """The table's headers: each column's name and, under it, the fields it fills."""
        if self.preview is None:
            return
        filled: dict[int, list[str]] = {}
        if self.preview.mapping is not None and self.combos:
            names = dict(self._fields())
            for key, combo in self.combos.items():
                if (column := combo.currentData()) != _NONE:
                    filled.setdefault(column, []).append(names[key])
            for position, combo in enumerate(self.phone_combos, start=1):
                if (column := combo.currentData()) != _NONE:
                    filled.setdefault(column, []).append(self.tr("Phone {n}").format(n=position))
        labels = []
        for column in range(self.table.columnCount()):
            text = self._column_name(column)
            if column in filled:
                text += "\n→ " + ", ".join(filled[column])
            labels.append(text)
        self.table.setHorizontalHeaderLabels(labels)
        self.table.resizeColumnsToContents()

    def mapping(self) -> Mapping | None:
        """The columns as chosen (None for a vCard, which has no columns to choose)."""
        if self.preview is None or self.preview.mapping is None:
            return None

        def chosen(key: str) -> int | None:
            column = self.combos[key].currentData()
            return None if column == _NONE else int(column)

        phones = tuple(
            (int(combo.currentData()), text.text().strip())
            for combo, text in zip(self.phone_combos, self.phone_labels, strict=True)
            if combo.currentData() != _NONE
        )
        return Mapping(
            name=chosen("name"),
            given=chosen("given"),
            middle=chosen("middle"),
            family=chosen("family"),
            phones=phones,
            company=chosen("company"),
            email=chosen("email"),
            note=chosen("note"),
        )

    def _mapping_changed(self) -> None:
        self._label_columns()
        self.mappingChanged.emit()

    def no_phone_column(self) -> bool:
        """Whether the columns chosen leave the contacts without a number."""
        mapping = self.mapping()
        return mapping is not None and not mapping.phones

    # --- language ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.table.setAccessibleName(self.tr("First rows of the file"))
        self.mapping_box.setTitle(self.tr("Columns"))
        self.mapping_box.setAccessibleName(self.tr("Columns"))
        self.problem.setAccessibleName(self.tr("Problem"))

    def kind_name(self, kind: str) -> str:
        return {
            GOOGLE_CSV: self.tr("Google Contacts CSV"),
            OUTLOOK_CSV: self.tr("Outlook CSV"),
            CSV: self.tr("CSV"),
            VCARD: self.tr("vCard"),
        }.get(kind, kind)

    def describe(self, lang: str) -> None:
        """Describes the file read (kind, encoding, size) and names its columns in `lang`."""
        found = self.preview
        assert found is not None
        self.kind_label.setText(self.kind_name(found.kind))
        parts = [_ENCODINGS.get(found.encoding, found.encoding.upper())]
        delimiter = {",": self.tr("comma"), ";": self.tr("semicolon"), "\t": self.tr("tab")}
        if found.delimiter is not None:
            name = delimiter.get(found.delimiter, found.delimiter)
            parts.append(self.tr("separated by {delimiter}").format(delimiter=name))
        count = grouped(rounded(found.total_estimate, len(found.rows)), lang)
        if found.kind == VCARD:
            parts.append(self.tr("about {count} contacts").format(count=count))
        else:
            parts.append(self.tr("about {count} rows").format(count=count))
        shown = self.tr("the first {count} shown").format(count=len(found.rows))
        parts.append(shown)
        if self.hidden_columns:
            parts.append(self.tr("{count} empty columns hidden").format(count=self.hidden_columns))
        self.info_label.setText(" · ".join(parts))
        self._label_columns()
        if found.mapping is None:
            return
        if found.kind == CSV:
            note = self.tr(
                "OmiDesk guessed which column holds what. Check the guess against the rows"
                " above and correct it where needed."
            )
        else:
            note = self.tr(
                "The columns of this export are known. Change them only to leave a column out."
            )
        self.mapping_note.setText(note)
        names = dict(self._fields())
        for label, key, position in self._field_labels:
            if key == "phone":
                label.setText(self.tr("Phone {n}:").format(n=position))
            else:
                label.setText(f"{names[key]}:")
        for key, combo in self.combos.items():
            combo.setAccessibleName(self.tr("Column for {field}").format(field=names[key]))
        for position, (combo, text) in enumerate(
            zip(self.phone_combos, self.phone_labels, strict=True), start=1
        ):
            combo.setAccessibleName(self.tr("Column for phone {n}").format(n=position))
            text.setAccessibleName(self.tr("Label of phone {n}").format(n=position))
            text.setPlaceholderText(
                # Google's export labels each number in a column of its own.
                self.tr("Label from the file")
                if found.kind == GOOGLE_CSV
                else self.tr("Label, e.g. Mobile")
            )
        for combo in self._all_combos():
            for column in range(combo.count() - 1):
                combo.setItemText(column + 1, self._column_name(column))


def _column(value: int | None) -> int:
    return _NONE if value is None else value
