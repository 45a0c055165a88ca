"""What the terminal sends is decoded and parsed without ever failing (issues 11.1, 30.1)."""

from __future__ import annotations

import random

import pytest
from textual import events
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers import linux_driver

from kiosk.ui import keyboard_input
from kiosk.ui.keyboard_input import PASTE_MARKERS, KeyboardDecoder, KeyboardParser, take_dropped

ENDED_THE_KIOSK = ("\x1b[57400;1:3u", "\x1b[1;5:3A", "\x1b[4294967295u")
"""Issue 30.1: each raised in Textual's parser, and the input thread died with it."""


def decode_in_reads(data: bytes, cuts: list[int]) -> str:
    decoder = KeyboardDecoder()
    pieces, start = [], 0
    for cut in [*sorted(cuts), len(data)]:
        pieces.append(decoder.decode(data[start:cut], final=cut == len(data)))
        start = cut
    return "".join(pieces)


def test_text_decodes_as_before_however_the_reads_fall() -> None:
    text = "Hello, 안녕하세요 🙂 \x1b[A\x1b[2~ done"
    data = text.encode()
    rng = random.Random(11)
    for _ in range(200):
        cuts = rng.sample(range(1, len(data)), rng.randint(0, 6))
        assert decode_in_reads(data, cuts) == text


def test_bytes_that_are_not_text_are_dropped_and_counted() -> None:
    take_dropped()
    assert decode_in_reads(b"a\xffb\xc3(c\x80\xed\xa0\x80d", [3, 7]) == "ab(cd"
    assert take_dropped()[:2] == (6, 0)


def test_paste_markers_are_taken_out_even_split_across_reads() -> None:
    take_dropped()
    data = b"1\x1b[200~2\x1b[201~3"
    # Not right after an ESC: a lone ESC at the end of a read is the Escape key, let through.
    cuts = [cut for cut in range(1, len(data)) if data[cut - 1 : cut] != b"\x1b"]
    for cut in cuts:
        assert decode_in_reads(data, [cut]) == "123"
    assert take_dropped()[1] == 2 * len(cuts)


def test_random_bytes_never_raise() -> None:
    """A bounded fuzz: 2,000 random byte strings, cut into random reads."""
    rng = random.Random(1101)
    alphabet = [*range(256), *b"\x1b[200~\x1b[201~"]
    for _ in range(2000):
        data = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 64)))
        cuts = (
            rng.sample(range(1, len(data)), min(len(data) - 1, rng.randint(0, 4)))
            if len(data) > 1
            else []
        )
        assert isinstance(decode_in_reads(data, cuts), str)
        whole = KeyboardDecoder().decode(data, final=True)  # in one read: no marker is left
        assert not any(marker in whole for marker in PASTE_MARKERS)


def test_a_marker_hidden_inside_another_is_taken_out_too() -> None:
    assert KeyboardDecoder().decode(b"\x1b[20\x1b[200~0~x", final=True) == "x"


def keys(parser: XTermParser, text: str) -> list[str]:
    return [e.key for e in [*parser.feed(text), *parser.tick()] if isinstance(e, events.Key)]


@pytest.mark.parametrize("sequence", ENDED_THE_KIOSK)
def test_textual_alone_raises_on_the_sequences(sequence: str) -> None:
    """The upstream bug, kept here so a Textual that fixes it is noticed (then drop the guard)."""
    with pytest.raises((ValueError, OverflowError)):
        list(XTermParser().feed(sequence))


@pytest.mark.parametrize("sequence", ENDED_THE_KIOSK)
def test_a_sequence_textual_cannot_read_is_dropped_and_counted(sequence: str) -> None:
    take_dropped()
    parser = KeyboardParser()
    assert keys(parser, sequence) == []  # nothing typed: not "[57400;1:3u" as letters
    assert keys(parser, "\x1b[A1") == ["up", "1"]
    assert take_dropped() == (0, 0, 1)
    assert parser.restarts == 0  # dropped where it failed; the parse went on


def test_anything_else_that_raises_loses_that_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = KeyboardParser()
    monkeypatch.setattr(parser, "parse_mouse_code", lambda code: 1 / 0)
    assert keys(parser, "a\x1b[<0;1;1Mb") == ["a"]
    monkeypatch.undo()
    assert keys(parser, "\x1b[A2") == ["up", "2"]
    assert parser.restarts == 1


def test_the_driver_is_given_the_forgiving_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linux_driver, "XTermParser", XTermParser)
    keyboard_input.install()
    assert linux_driver.XTermParser is KeyboardParser  # type: ignore[attr-defined]


def test_the_end_of_input_is_still_the_drivers_to_see() -> None:
    parser = KeyboardParser()
    list(parser.feed(""))  # the end
    with pytest.raises(ParseError):
        list(parser.feed("a"))
    assert parser.restarts == 0
