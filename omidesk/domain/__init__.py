"""The domain: numbers, contacts, call records, settings, the error catalogue and its words.

Pure Python: imports nothing of ours outside itself."""
