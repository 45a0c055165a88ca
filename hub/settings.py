"""Django settings for the hub, read from the environment (hub/protocol.md lists the names)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

DATA = Path(os.environ.get("MUTUALITY_HUB_DATA", Path.home() / ".local/share/mutuality-hub"))


def _secret_key() -> str:
    """The hub's own secret key, made once and kept (0600) in its data folder."""
    path = DATA / "secret_key"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def _database(url: str) -> dict[str, object]:
    """Django's database settings from a libpq URL (postgresql://user:pw@host:port/name)."""
    parts = urlsplit(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "hub",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


SECRET_KEY = _secret_key()
DEBUG = False
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("MUTUALITY_HUB_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "hub",
]
DATABASES = {
    "default": _database(
        os.environ.get("MUTUALITY_HUB_DATABASE", "postgresql://hub@127.0.0.1:5432/hub")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
