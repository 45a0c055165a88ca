"""Textual's styled-line cache, kept from holding on to widgets that are gone (issue 11.8).

In Textual 8.2 `StylesCache.get_inner_outer` is an instance method under `functools.lru_cache`
(1,024 entries), so its key holds the `StylesCache` itself: every widget ever drawn leaves its
cache of styled lines alive after the widget is freed, and with it every strip made from those
lines (each `Strip` keeps up to 52 strips cut from it). The kiosk makes new widgets on each
screen a visitor opens, so about 1,000 dead widgets' lines (11,000 strips and 70,000 small
caches, about 17 MB) built up over the first ten minutes of a soak. Reported upstream as
Textualize/textual#6665 (open, 2026-07).

The answer depends only on the two colours, so the same function, cached on those alone,
takes its place. This is the smallest point to wrap: one method, same arguments, same result.
If a later Textual no longer caches it this way, nothing is changed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.style import Style

_CACHED_WITH_SELF = functools._lru_cache_wrapper  # what Textual 8.2 decorates it with

textual_own: Callable[[object, Color, Color], tuple[Style, Style]] | None = None
"""Textual's own method, undecorated, once replaced (a test checks both give the same)."""


@functools.lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    """Inner and outer background styles, as Textual's own method makes them."""
    return Style(background=base_background + background), Style(background=base_background)


def install() -> bool:
    """Swap the method for `_inner_outer` (safe to call twice); False if Textual needs no fix."""
    current = StylesCache.__dict__.get("get_inner_outer")
    if isinstance(current, staticmethod):
        return current.__func__ is _inner_outer
    if not isinstance(current, _CACHED_WITH_SELF):
        return False
    global textual_own
    textual_own = current.__wrapped__
    current.cache_clear()  # let go of the widgets it already holds
    StylesCache.get_inner_outer = staticmethod(_inner_outer)  # type: ignore[method-assign,assignment]
    return True
