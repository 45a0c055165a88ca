"""What the terminal sends is decoded without ever failing (issue 11.1), fuzzed a little."""

from __future__ import annotations

import random

from kiosk.ui.keyboard_input import PASTE_MARKERS, KeyboardDecoder, take_dropped


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
    assert take_dropped() == (6, 0)


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
