"""Kind messages from the content folder: read for each language, with plain problems."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import load_content
from kiosk.content.kind_messages import MOST, load_kind_messages
from tests.support.paths import REPO


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "kind-messages.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_sample_content_has_kind_messages_in_every_language_it_ships() -> None:
    found, problems = load_kind_messages(REPO / "content")
    assert problems == []
    assert set(found) == {"en", "ko"}
    assert len(found["en"]) == len(found["ko"]) >= 3


def test_no_file_is_no_problem(tmp_path: Path) -> None:
    assert load_kind_messages(tmp_path) == ({}, [])


def test_a_broken_file_names_its_line_and_shows_none(tmp_path: Path) -> None:
    found, [problem] = load_kind_messages(write(tmp_path, 'en = ["Hi."]\nko = ["Hi.]\n'))
    assert found == {}
    assert problem.line == 2 and problem.message.startswith("No kind messages are shown: ")


def test_each_wrong_list_is_left_out_and_the_rest_kept(tmp_path: Path) -> None:
    found, problems = load_kind_messages(
        write(
            tmp_path, 'en = ["  You are   not alone. ", ""]\nko = "혼자가 아니에요"\nxx = ["hi"]\n'
        )
    )
    assert found == {"en": ("You are not alone.",)}
    words = " ".join(p.message for p in problems)
    assert 'ko should be a list of messages in quote marks, like: ko = ["' in words
    assert '"xx" is not a language the kiosk has' in words


def test_at_most_nine_and_none_too_long(tmp_path: Path) -> None:
    many = ", ".join(f'"Message {n}."' for n in range(12))
    found, problems = load_kind_messages(write(tmp_path, f'en = [{many}, "{"x" * 300}"]\n'))
    assert len(found["en"]) == MOST
    assert len(problems) == 2


def test_the_content_carries_them_and_their_problems(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "kiosk.toml").write_text('centre_name = "Test"\n', encoding="utf-8")
    write(content, 'en = ["Thank you."]\nfr = ["Merci."]\n')
    loaded = load_content(content)
    assert loaded.kind_messages == {"en": ("Thank you.",)}
    assert any("kind-messages.toml" in p.path.name for p in loaded.problems)
