"""The languages a centre offers (row S10), for Home's choice and the language screen.

Home offers the choice when kiosk.toml lists more than one language; the language screen
makes it (`KioskApp.use_language`). The next visitor starts in the centre's first language.
"""

from __future__ import annotations

from kiosk.core.locale import Pack, load_pack
from kiosk.ui.services import Services


def offered(services: Services) -> list[Pack]:
    """The languages the centre offers, the visitor's own first."""
    packs = [load_pack(code) for code in services.content.config.languages]
    return sorted(packs, key=lambda pack: pack.code != services.pack.code)


def in_every_language(services: Services, key: str) -> str:
    """The words for `key` in each offered language: "Language / 언어"."""
    return " / ".join(dict.fromkeys(pack.t(key) for pack in offered(services)))
