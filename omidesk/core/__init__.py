"""Qt-free domain: numbers, the error catalogue, settings, records and the dial use case."""
