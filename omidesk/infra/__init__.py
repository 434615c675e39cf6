"""The machine: keyring, paths, logs, private files, packaged resources."""
