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

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
STATIC_URL = "static/"
# A kiosk's request body is refused over 1 MiB (hub/protocol.md); staff forms are far smaller.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
SESSION_COOKIE_HTTPONLY = True
# Behind the HTTPS proxy in production: cookies only over HTTPS (off for loopback tests).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("MUTUALITY_HUB_HTTPS", "") == "1"
X_FRAME_OPTIONS = "DENY"

# Content to kiosks through Syncthing (hub/content.py, hub/sharing.py): on when the address
# kiosks dial is set; `serve` then runs the hub's Syncthing beside the server.
SYNCTHING_ADDRESS = os.environ.get("MUTUALITY_HUB_SYNCTHING_ADDRESS", "")
"""tcp://HOST:PORT as kiosks reach the hub's Syncthing; empty: no content sharing."""
SYNCTHING_LISTEN = os.environ.get("MUTUALITY_HUB_SYNCTHING_LISTEN", "tcp://0.0.0.0:22000")
"""Where the hub's Syncthing listens for kiosks."""

# Logs say what happened (which kiosk, how many), never a message's words or a request body.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "hub": {"handlers": ["stderr"], "level": "INFO", "propagate": True},
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": True},
        # The hub's Syncthing, supervised by `serve`: started, stopped by itself, restarted.
        "kiosk.core.syncthing": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
