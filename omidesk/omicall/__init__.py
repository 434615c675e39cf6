"""Async HTTP client of the OMICall REST API."""
