from pathlib import Path

from kiosk.content.groups import load_groups
from kiosk.content.search import GroupFilter, areas, search, topics


def names(content: Path, chosen: GroupFilter) -> list[str]:
    groups, _ = load_groups(content)
    return [g.name for g in search(groups, chosen)]


def test_no_choice_shows_everything(content: Path) -> None:
    groups, _ = load_groups(content)
    assert len(search(groups, GroupFilter())) == len(groups)


def test_filters_combine(content: Path) -> None:
    groups, _ = load_groups(content)
    chosen = GroupFilter(topic="loneliness", day=0)
    found = search(groups, chosen)
    assert found
    assert all("loneliness" in g.topics and 0 in g.days for g in found)
    assert len(found) < len(search(groups, GroupFilter(topic="loneliness")))


def test_area_filter_ignores_case(content: Path) -> None:
    groups, _ = load_groups(content)
    area = areas(groups)[0]
    assert search(groups, GroupFilter(area=area.upper())) == search(groups, GroupFilter(area=area))


def test_typos_are_forgiven(content: Path) -> None:
    assert "Sunday Walking Group" in names(content, GroupFilter(words="wlaking"))
    assert "Hearing Voices Group" in names(content, GroupFilter(words="hearing voises"))
    assert any("Polish" in n for n in names(content, GroupFilter(words="polsih")))


def test_unrelated_words_find_nothing(content: Path) -> None:
    assert names(content, GroupFilter(words="helicopter")) == []


def test_short_words_match_word_starts_only(content: Path) -> None:
    found = names(content, GroupFilter(words="art"))
    assert found and all("art" in n.lower() or "art" in n.lower() for n in found)
    assert "Sunday Walking Group" not in found


def test_topic_and_area_lists(content: Path) -> None:
    groups, _ = load_groups(content)
    assert topics(groups) == sorted(topics(groups))
    assert "hearing voices" in topics(groups)
    assert len(areas(groups)) >= 4
