"""The bounded fuzz of issues 11, 13 and 30: hostile input into each target, and no crash in any.

The generators and checks are tests/support/fuzzing.py's, shared with the long run
(`python -m benchmarks.fuzz`, 10,000 cases a target). Here each target gets a few hundred
cases, the same ones every run (derandomized), so the suite stays a few seconds long and a
failure is shrunk by Hypothesis to its smallest input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings

from tests.support.fuzzing import (
    ContentTarget,
    MessageTarget,
    Mutation,
    RecordingCase,
    RecordingTarget,
    check_keyboard,
    check_sequences,
    check_srt,
    content_mutations,
    hostile_messages,
    hostile_recordings,
    keyboard_reads,
    srt_texts,
    terminal_sequences,
)


def bounded(cases: int) -> Any:
    return settings(
        max_examples=cases,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@bounded(300)
@given(keyboard_reads())
def test_hostile_bytes_into_the_terminal_driver(case: tuple[bytes, list[int]]) -> None:
    check_keyboard(case)


@bounded(300)
@given(terminal_sequences())
@example((b"\x1b[57400;1:3u", [5]))
@example((b"\x1b[1;5:3A", []))
@example((b"\x1b[4294967295u", [1, 2]))
def test_terminal_sequences_cut_anywhere_into_the_parser(case: tuple[bytes, list[int]]) -> None:
    """Issue 30.1: CSI, SS3, OSC, DCS, kitty and mouse reports, made well and badly."""
    check_sequences(case)


def test_hostile_strings_into_the_message_box(tmp_path: Path) -> None:
    check = MessageTarget(tmp_path / "data").check

    @bounded(80)
    @given(hostile_messages())
    # A NUL between a letter and its accent: the preview showed two characters, the store
    # saved one (clean() composed after taking the NUL out).
    @example(("e\x00\u0301", ""))
    @example(("[bold]hi[/] \x1b]8;;https://example.org\x07x \u202eevil \ud800", "[/]"))
    @example(("\u0301" * 3000, "\u0301"))
    def run(case: tuple[str, str]) -> None:
        check(case)

    run()


def test_mutated_content_files_through_the_loader(tmp_path: Path) -> None:
    check = ContentTarget(tmp_path / "content").check

    @bounded(40)
    @given(content_mutations())
    @example([Mutation("kiosk.toml", "nest", 0.0, (0, 30_000))])
    @example([Mutation("groups.csv", "huge", 0.5, (140_000,))])
    @example([Mutation("stories/small-steps-count/story.ogg", "truncate", 0.01)])
    # Issue 30: links, pipes and a cell that made a pattern backtrack for 35 s.
    @example([Mutation("stories/small-steps-count/story.ogg", "link", 0.0, ("self",))])
    @example([Mutation("kiosk.toml", "link", 0.0, ("zero",))])
    @example([Mutation("kiosk.toml", "fifo")])
    @example([Mutation("groups.csv", "insert", 0.9, (b"x@" + b"a." * 60_000 + b"a b",))])
    # Found by make fuzz: a 100,000-digit number raised a bare ValueError out of tomllib.
    @example([Mutation("kiosk.toml", "insert", 0.6, (b"1" * 100_000,))])
    def run(mutations: list[Mutation]) -> None:
        check(mutations)

    run()


def test_hostile_files_named_as_phone_recordings(tmp_path: Path) -> None:
    """Issue 13: random bytes or a damaged recording as .m4a, .opus and the rest: a length
    and real sound, or a problem in words; never a crash."""
    check = RecordingTarget(tmp_path / "recordings").check

    @bounded(80)
    @given(hostile_recordings())
    @example(RecordingCase(".m4a", b""))
    @example(RecordingCase(".opus", b"OggS" + b"\x00" * 500))
    @example(RecordingCase(".m4a", None, cut=0.5))
    def run(case: RecordingCase) -> None:
        check(case)

    run()


@bounded(300)
@given(srt_texts())
@example("1\n00:00:01,000 --> 00:00:02,000\n")
@example("\u0663\n00:00:01,000 --> 00:00:02,000\nwords")
@example("1\n" + "1" * 40 + ":00:00,000 --> 00:00:01,000\nwords")
@example("\n\n1\r00:00:01,000 --> 00:00:02,000\r\r\r2\r00:00:00,500 --> 00:00:03,000\rx")
def test_hostile_text_into_the_srt_reader(text: str) -> None:
    check_srt(text)
