"""Contact files in the window: the import dialog, its pages and report, and the export."""
