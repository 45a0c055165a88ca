"""Visitors' messages: the service, the repository and its SQLite store, screening, limits."""
