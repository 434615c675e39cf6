"""SQLite store of calls and contacts."""
