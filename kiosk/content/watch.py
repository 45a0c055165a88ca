"""Live content updates: watch the content folder and reload it, keeping what still works.

When staff change the folder, the kiosk reloads it a moment after the last change (so a
file half-way through being saved is not read), in a background thread. A story or group
that is broken by the change keeps its last good version; everything else takes the new
one; the problems are reported as `kiosk check` would.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import watchfiles

from kiosk.content import Content, load_content
from kiosk.content.groups import CUT_SHORT, GROUP_FILES
from kiosk.content.rules import CRISIS_FILE, WATCHED_FILE
from kiosk.content.stories import CONSENT_WITHDRAWN, STORIES_DIR
from kiosk.core.config import CONFIG_FILE
from kiosk.core.syncthing import is_sync_file

log = logging.getLogger(__name__)

QUIET_MS = 1000
"""Reload this long after the last change, so a file still being saved is not read."""


def merge(old: Content, new: Content) -> Content:
    """The new content, except that items broken by the change keep their old version.

    A content folder that is not there (moved, renamed, a network share that dropped) keeps
    everything as it was, with the problem shown to staff, until it is back.
    """
    if not new.root.is_dir():
        return replace(old, problems=new.problems)
    stories_dir = new.root / STORIES_DIR
    broken_stories = {p.item for p in new.problems if p.item and stories_dir in p.path.parents}
    # Consent taken back is never "broken": that story must stop showing at once.
    broken_stories -= {p.item for p in new.problems if p.message.startswith(CONSENT_WITHDRAWN)}
    new_slugs = {s.slug for s in new.stories}
    kept_stories = [
        s
        for s in old.stories
        if s.slug not in new_slugs and s.slug in broken_stories and (stories_dir / s.slug).exists()
    ]
    stories = sorted([*new.stories, *kept_stories], key=lambda s: s.slug.casefold())

    broken_groups = {p.item for p in new.problems if p.item and p.path.name in GROUP_FILES}
    new_names = {g.name.casefold() for g in new.groups}
    kept_groups = [
        g
        for g in old.groups
        if g.name.casefold() not in new_names and g.name.casefold() in broken_groups
    ]
    groups = sorted([*new.groups, *kept_groups], key=lambda g: g.line)
    # groups.csv or a spreadsheet (groups.xlsx ...): whichever the folder has.
    group_file_problems = [p for p in new.problems if p.path.name in GROUP_FILES and p.item is None]
    half_saved = any(p.message.startswith(CUT_SHORT) for p in group_file_problems)
    if old.groups and (half_saved or (not new.groups and group_file_problems)):
        groups = list(old.groups)  # the file is mid-save or unreadable: keep the last good list

    files_in_trouble = {p.path.name for p in new.problems}
    config = old.config if CONFIG_FILE in files_in_trouble else new.config
    rules = old.rules if {WATCHED_FILE, CRISIS_FILE} & files_in_trouble else new.rules
    return replace(new, config=config, stories=tuple(stories), groups=tuple(groups), rules=rules)


class ContentFilter(watchfiles.DefaultFilter):
    """watchfiles' usual filter, and no reload for Syncthing's own files.

    A story's recording arriving from the hub is written to `.syncthing.NAME.tmp` for as
    long as it takes; only its final name appearing is a change worth reading the folder for.
    """

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        """Whether a change to `path` is worth reading the folder again for."""
        return super().__call__(change, path) and not any(
            is_sync_file(part) for part in Path(path).parts
        )


class ContentWatcher:
    """Watches a content folder in its own thread; calls `changed` with merged content."""

    def __init__(
        self,
        content: Content,
        changed: Callable[[Content], None],
        load: Callable[[Path], Content] = load_content,
    ) -> None:
        self.content = content
        self._changed = changed
        self._load = load
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="content-watch", daemon=True)

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (within a second or so)."""
        self._stop.set()

    def reload(self) -> Content:
        """Read the folder again now and merge it with what was there."""
        fresh = self._load(self.content.root)
        self.content = merge(self.content, fresh)
        log.info(
            "content reloaded: %d stories, %d groups, %d problems",
            len(self.content.stories),
            len(self.content.groups),
            len(self.content.problems),
        )
        return self.content

    def _run(self) -> None:
        root: Path = self.content.root
        try:
            for _changes in watchfiles.watch(
                root,
                watch_filter=ContentFilter(),
                debounce=QUIET_MS,
                stop_event=self._stop,
                rust_timeout=1000,
            ):
                try:
                    self._changed(self.reload())
                except Exception:  # a reload must never stop the watching
                    log.exception("reloading the content folder failed")
        except Exception:
            log.exception("watching the content folder stopped")
