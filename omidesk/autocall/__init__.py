"""Async client of AutoCall (aicallcenter.vn): token from the secret key, import, export."""
