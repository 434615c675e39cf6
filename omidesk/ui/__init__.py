"""PySide6 widgets, models, dialogs and the tray: the only QtWidgets user."""
