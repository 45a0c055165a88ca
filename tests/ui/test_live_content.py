"""Live content updates: staff change the folder, the kiosk follows, and nothing breaks."""

from __future__ import annotations

import queue
import shutil
import threading
import time
from pathlib import Path

from kiosk.audio import PlayerState
from kiosk.content import Content, load_content
from kiosk.content.watch import ContentWatcher, merge
from kiosk.screens import PlayerScreen, StoryListScreen
from tests.support.apps import build_app
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
from tests.support.sheets import xlsx

NEW = "zz-new-story"


def add_story(content: Path, name: str = NEW, title: str = "A brand new story") -> Path:
    folder = content / "stories" / name
    shutil.copytree(content / "stories" / "small-steps-count", folder)
    settings = folder / "story.toml"
    settings.write_text(
        settings.read_text().replace('title = "Small steps count"', f'title = "{title}"')
    )
    return folder


def test_a_new_story_is_added(content: Path) -> None:
    old = load_content(content)
    add_story(content)
    merged = merge(old, load_content(content))
    assert [s.slug for s in merged.stories][-1] == NEW and len(merged.stories) == 8


def test_a_story_broken_by_an_edit_keeps_its_last_good_version(content: Path) -> None:
    old = load_content(content)
    settings = content / "stories" / "small-steps-count" / "story.toml"
    settings.write_text(settings.read_text()[:40])  # saved half-way
    merged = merge(old, load_content(content))
    assert "small-steps-count" in [s.slug for s in merged.stories]
    assert any("small-steps-count" in p.format(merged.root) for p in merged.problems)


def test_consent_taken_back_removes_the_story_at_once(content: Path) -> None:
    old = load_content(content)
    settings = content / "stories" / "small-steps-count" / "story.toml"
    settings.write_text(settings.read_text().replace("consent = true", "consent = false"))
    merged = merge(old, load_content(content))
    assert "small-steps-count" not in [s.slug for s in merged.stories]


def test_a_deleted_story_goes(content: Path) -> None:
    old = load_content(content)
    shutil.rmtree(content / "stories" / "small-steps-count")
    assert len(merge(old, load_content(content)).stories) == 6


def test_a_broken_group_row_keeps_its_last_good_version(content: Path) -> None:
    old = load_content(content)
    groups = content / "groups.csv"
    groups.write_text(groups.read_text().replace(",Monday,18:30,", ",Mondy,18:30,", 1))
    fresh = load_content(content)
    assert len(fresh.groups) == len(old.groups) - 1
    merged = merge(old, fresh)
    assert len(merged.groups) == len(old.groups)
    assert merged.problems and "mondy" in merged.problems[0].message


def test_a_half_saved_groups_file_keeps_the_whole_last_list(content: Path) -> None:
    old = load_content(content)
    text = (content / "groups.csv").read_text()
    for cut in ("name,wha", text[: text.index("\n") + 40]):
        (content / "groups.csv").write_text(cut)
        merged = merge(old, load_content(content))
        assert merged.groups == old.groups, cut


def test_a_broken_kiosk_toml_keeps_the_last_settings(content: Path) -> None:
    old = load_content(content)
    (content / "kiosk.toml").write_text('centre_name = "Half')
    assert merge(old, load_content(content)).config == old.config


def test_the_watcher_picks_up_changes_within_seconds(content: Path) -> None:
    seen: queue.Queue[Content] = queue.Queue()
    watcher = ContentWatcher(load_content(content), seen.put)
    watcher.start()
    try:
        time.sleep(0.5)
        started = time.monotonic()
        add_story(content)
        reloaded = seen.get(timeout=15)
        while NEW not in [s.slug for s in reloaded.stories]:
            reloaded = seen.get(timeout=15)
        assert time.monotonic() - started < 10
    finally:
        watcher.stop()


def test_content_edited_while_being_read(content: Path) -> None:
    """Staff saving files over and over while the kiosk reloads: never a crash, never empty."""
    old = load_content(content)
    stop = threading.Event()

    def keep_editing() -> None:
        groups = content / "groups.csv"
        text = groups.read_text()
        n = 0
        while not stop.is_set():
            groups.write_text(text[: (n * 997) % len(text)])  # all sorts of half-saved states
            n += 1
        groups.write_text(text)

    editor = threading.Thread(target=keep_editing)
    editor.start()
    try:
        current = old
        for _ in range(30):
            current = merge(current, load_content(content))
            assert len(current.stories) == 7
            assert len(current.groups) >= 1
    finally:
        stop.set()
        editor.join()
    assert len(merge(current, load_content(content)).groups) == len(old.groups)


async def test_the_kiosk_shows_a_new_story_without_interrupting_one_playing(
    content: Path, data: Path, clock: FakeClock
) -> None:
    player = FakePlayer()
    app = build_app(
        content, data, player=player, speech=FakeSpeaker(), clock=clock, watch_content=True
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "1")
        assert isinstance(app.screen, PlayerScreen)
        player.advance(5)
        add_story(content)
        deadline = time.monotonic() + 15
        while NEW not in [s.slug for s in app.services.content.stories]:
            assert time.monotonic() < deadline, "the new story never arrived"
            await pilot.pause(0.2)
        assert player.state is PlayerState.PLAYING and player.position == 5  # not interrupted
        await pilot.press("escape")
        await pilot.press("escape", "1")
        assert isinstance(app.screen, StoryListScreen)
        assert len(app.screen.query_one("NumberedMenu").items) == 8  # type: ignore[attr-defined]


def test_saving_groups_xlsx_is_picked_up_like_groups_csv(content: Path) -> None:
    """The watcher has no name filter: a spreadsheet saved in the folder reloads it too."""
    (content / "groups.csv").unlink()
    seen: queue.Queue[Content] = queue.Queue()
    watcher = ContentWatcher(load_content(content), seen.put)
    watcher.start()
    try:
        time.sleep(0.5)
        xlsx(content / "groups.xlsx", [["name", "what happens"], ["Spreadsheet Club", "Cells."]])
        reloaded = seen.get(timeout=15)
        while [g.name for g in reloaded.groups] != ["Spreadsheet Club"]:
            reloaded = seen.get(timeout=15)
        (content / "groups.xlsx").write_bytes(b"PK\x03\x04")  # caught half-way through a save
        reloaded = seen.get(timeout=15)
        while not any(p.path.name == "groups.xlsx" for p in reloaded.problems):
            reloaded = seen.get(timeout=15)
        assert [g.name for g in reloaded.groups] == ["Spreadsheet Club"]  # the last good list
    finally:
        watcher.stop()
