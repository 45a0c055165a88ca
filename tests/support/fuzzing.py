"""Hostile input for the fuzzing asked for by issue 11: one set of generators, four targets.

Each target is a Hypothesis strategy and a check that raises on a crash (any exception) or a
broken promise (AssertionError). The bounded suite (tests/unit/test_fuzz.py) and the long run
(`python -m benchmarks.fuzz`) use the very same ones, so what the long run finds, the suite
can shrink and keep.

- keyboard: byte strings, cut into reads, through the terminal driver's decoder and Textual's
  own input parser, as the Linux driver's input thread feeds them.
- sequences (issue 30.1): what terminals send, made well and badly (CSI, SS3, OSC, DCS, kitty
  key reports, mouse reports), cut at any byte, through the same decoder and parser; the
  parser must drop what it cannot read without starting afresh, and read the next key.
- message: strings through the path a visitor's message takes: tidied onto one line as the
  message screen does, screened, previewed, saved in SQLite, read back, edited and decided
  by staff through the moderation rules.
- content: the sample content folder with a few files mutated, through the loader; since
  issue 30 also made links (to themselves, to nothing, out of the folder, to /dev/zero),
  pipes, and cells long enough to make a backtracking pattern take minutes.
- recording (issue 13): random bytes, or a real phone recording cut short and scribbled on,
  named as a phone's file, through the check's length and the player's decode.
- srt: text shaped more or less like a SubRip transcript, through the .srt reader (issue 13).
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from kiosk.content import Content, load_content
from kiosk.content.rules import Action, Rules, WatchedWord, load_rules
from kiosk.content.transcript import Transcript, parse_srt
from kiosk.core import recordings
from kiosk.core.files import FileProblem
from kiosk.core.problems import Problem
from kiosk.core.text import clean, one_line
from kiosk.messages import moderation
from kiosk.messages.repository import Reason, Status, StoreError
from kiosk.messages.screening import screen
from kiosk.messages.store import open_sqlite
from kiosk.ui.keyboard_input import PASTE_MARKERS, KeyboardDecoder, KeyboardParser
from tests.support.paths import SAMPLE_CONTENT

# --- keyboard: bytes into the terminal driver ------------------------------------------------

_KEY_BYTES = st.one_of(
    st.integers(0, 255).map(lambda n: bytes([n])),
    st.sampled_from(
        [
            b"\x1b",
            b"\x1b[",
            b"\x1b[200~",
            b"\x1b[201~",
            b"\x1b[A",
            b"\x1b[2~",
            b"\x1bO",
            b"\x1b[<0;10;5M",
            b"\x1b[<99999999999999999999;1;1m",
            b"\x1b[M",
            b"\x1b[?1;2c",
            b"\x1b]11;rgb:0000/0000/0000\x1b\\",
            b"\x1b[1;5P",
            b"\xc3\xa9",
            b"\xf0\x9f\x99\x82",
            b"\xed\xa0\x80",
            b"\xff",
        ]
    ),
)


@st.composite
def keyboard_reads(draw: st.DrawFn) -> tuple[bytes, list[int]]:
    """Bytes a terminal might send, and where the driver's reads cut them."""
    data = b"".join(draw(st.lists(_KEY_BYTES, max_size=48)))
    cuts = (
        draw(st.lists(st.integers(1, len(data) - 1), max_size=4, unique=True))
        if len(data) > 1
        else []
    )
    return data, sorted(cuts)


def check_keyboard(case: tuple[bytes, list[int]]) -> None:
    """The driver decodes every read and Textual's parser takes the text, never failing."""
    data, cuts = case
    decoder, parser = KeyboardDecoder(), KeyboardParser()
    start = 0
    for cut in [*cuts, len(data)]:
        text = decoder.decode(data[start:cut], final=cut == len(data))
        assert isinstance(text, str)
        if text:  # the driver feeds the parser only a read that has text
            list(parser.feed(text))
        list(parser.tick())
        start = cut
    whole = KeyboardDecoder().decode(data, final=True)  # in one read: no marker is left
    assert not any(marker in whole for marker in PASTE_MARKERS)


# --- sequences: what terminals send, well and badly made (issue 30.1) ---------------------

_NUMBERS = st.one_of(
    st.integers(0, 300).map(str),
    st.sampled_from(["", "0", "-1", "57400", "4294967295", "1114112", "9" * 30, "٣", "+1"]),
)
"""A parameter: small, a kitty code, past Unicode, past a C int, not digits at all."""
_FIELD = st.lists(_NUMBERS, min_size=1, max_size=4).map(":".join)
"""A kitty field: a number with sub-fields (code:shifted:base, modifiers:event-type)."""
_PARAMS = st.lists(_FIELD, max_size=5).map(";".join)
_FINALS = st.sampled_from([*"uABCDEFHPQRSZ~mMtRcnyhl$", "$y", " q", "!p"])
_TEXT = st.text(st.characters(codec="utf-8"), max_size=6)


def _csi(draw: st.DrawFn) -> str:
    lead = draw(st.sampled_from(["", "?", "<", ">", "=", "1;", "48;"]))
    return f"\x1b[{lead}{draw(_PARAMS)}{draw(_FINALS)}"


def _kitty(draw: st.DrawFn) -> str:
    code = draw(_FIELD)
    modifiers = draw(st.one_of(st.just(""), _FIELD))
    text = draw(st.one_of(st.just(""), _FIELD))
    fields = [code, modifiers, text][: draw(st.integers(1, 3))]
    return f"\x1b[{';'.join(fields)}{draw(st.sampled_from(list('u~ABCDEFHPQRS')))}"


def _mouse(draw: st.DrawFn) -> str:
    if draw(st.booleans()):  # SGR: ESC [<b;x;yM or m
        fields = draw(st.lists(_NUMBERS, min_size=0, max_size=5))
        return f"\x1b[<{';'.join(fields)}{draw(st.sampled_from('Mm'))}"
    return "\x1b[M" + draw(st.text(st.characters(codec="utf-8"), min_size=0, max_size=3))


def _string_sequence(draw: st.DrawFn) -> str:
    """OSC, DCS, APC, PM: a payload ended by BEL, by ST, or not at all."""
    start = draw(st.sampled_from(["\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX"]))
    end = draw(st.sampled_from(["\x07", "\x1b\\", "", "\x9c"]))
    payload = draw(st.one_of(_TEXT, st.sampled_from(["11;rgb:0000/0000/0000", "+q544e", "0;t"])))
    return start + payload + end


@st.composite
def _terminal_piece(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 7))
    if kind == 0:
        return _csi(draw)
    if kind == 1:
        return "\x1bO" + draw(st.one_of(st.sampled_from(list("ABCDPQRSjklmnopqrstuvwxyM")), _TEXT))
    if kind in (2, 3):
        return _kitty(draw)
    if kind == 4:
        return _mouse(draw)
    if kind == 5:
        return _string_sequence(draw)
    if kind == 6:
        return draw(st.sampled_from(["\x1b", "\x1b[", "\x1b[<", "\x1b[1;", "\x9b", "\x00"]))
    return draw(_TEXT)


@st.composite
def terminal_sequences(draw: st.DrawFn) -> tuple[bytes, list[int]]:
    """Terminal sequences run together, as bytes, and where the driver's reads cut them."""
    pieces = draw(st.lists(_terminal_piece(), min_size=1, max_size=12))
    data = "".join(pieces).encode("utf-8", "surrogatepass")
    cuts = (
        draw(st.lists(st.integers(1, len(data) - 1), max_size=6, unique=True))
        if len(data) > 1
        else []
    )
    return data, sorted(cuts)


NEXT_KEY = "\x1b[A"
"""Up, sent after the hostile bytes: the parser still reads keys."""


def check_sequences(case: tuple[bytes, list[int]]) -> None:
    """No exception leaves the parser, it never had to start afresh, and Up still reads."""
    data, cuts = case
    decoder, parser = KeyboardDecoder(), KeyboardParser()
    start = 0
    for cut in [*cuts, len(data)]:
        text = decoder.decode(data[start:cut])
        if text:
            list(parser.feed(text))
        list(parser.tick())
        start = cut
    after = list(parser.feed(decoder.decode(NEXT_KEY.encode(), final=True)))
    assert parser.restarts == 0, "Textual's parser raised where the kiosk's guard did not expect"
    assert after and getattr(after[-1], "key", None) == "up", after


# --- message: hostile strings into the message box ------------------------------------------

HOSTILE_PIECES = (
    # Controls and terminal escapes: NUL, BEL, backspace, DEL, C1 (CSI 0x9b, NEL 0x85).
    *("\x00", "\x07", "\x08", "\x7f", "\x85", "\x9b31m", "\t", "\n", "\r", "\r\n", "\x0c"),
    *("\x1b", "\x1b[31m", "\x1b[2J", "\x1b[?1049h", "\x1b[200~", "\x1b[201~", "\x1bc"),
    "\x1b]0;owned\x07",
    "\x1b]8;;https://example.org/\x1b\\here\x1b]8;;\x1b\\",
    "\x1bP+q544e\x1b\\",
    # Rich and Textual markup, which must show as the text it is.
    *("[bold]", "[/]", "[/bold]", "[b]x[/b]", "[red on white]", "[", "]", "\\[", "[[", "]]"),
    *("[link=https://example.org]", "[@click=app.quit]quit[/]", "[on #ff0000]", "$x", "{x}"),
    # Bidirectional controls, zero-width and odd spaces.
    *("\u202e", "\u202d", "\u202a", "\u2066", "\u2067", "\u2069", "\u200f", "\u200e", "\u061c"),
    *("\u200d", "\u200b", "\u200c", "\u2060", "\ufeff", "\u2028", "\u2029", "\u00a0", "\u3000"),
    # Combining marks, lone surrogates, the edges of Unicode.
    *("\u0301", "\u0336", "\u20dd", "e\u0301", "\u1100\u1161\u11a8", "\ud800", "\udfff", "\udc80"),
    *("\ufffd", "\uffff", "\U0010ffff", "\ufdd0", "\U000e0041"),
    # Emoji: joined families, flags, skin tones, variation selectors.
    *("👩\u200d👩\u200d👧\u200d👦", "🏳️\u200d🌈", "🙂", "🇬🇧", "👍🏽", "\u2764\ufe0f"),
    # Scripts, and letters that change length or meaning when folded.
    *("안녕하세요", "مرحبا بك", "שלום", "ﬁ", "ß", "İ", "Ⅻ", "ǅ", "ﷺ", "𝔘𝔫𝔦"),
    # What screening looks for: details that identify someone, crisis words.
    *("07700 900123", "+44 20 7946 0958", "me@example.org", "www.example.com", "@handle"),
    *("SW1A 1AA", "10 Downing Street", "flat 3b", "kill myself", "suicide", "can’t go on"),
    *(" ", "a", "word", "1", "."),
)


def hostile_text(max_pieces: int = 24) -> st.SearchStrategy[str]:
    """Strings a visitor could type or paste, hostile ones weighted heavily."""
    any_character = st.characters(codec=None, exclude_categories=())
    piece = st.one_of(
        st.sampled_from(HOSTILE_PIECES),
        st.text(any_character, max_size=12),
        # One piece many times over: thousands of combining marks, a very long word.
        st.tuples(st.sampled_from(HOSTILE_PIECES), st.integers(100, 5000)).map(
            lambda repeat: repeat[0] * repeat[1]
        ),
    )
    return st.lists(piece, max_size=max_pieces).map("".join)


@st.composite
def hostile_messages(draw: st.DrawFn) -> tuple[str, str]:
    """A message, and a watched word staff might have written (hostile too)."""
    return draw(hostile_text()), draw(hostile_text(max_pieces=3))


MESSAGE_LIMIT = 2000
"""The most characters a message box takes (the highest message_limit kiosk.toml allows)."""


class MessageTarget:
    """The message path on a store in `data_dir`, with the sample content's screening lists."""

    def __init__(self, data_dir: Path) -> None:
        self.store = open_sqlite(data_dir).messages
        self.rules, problems = load_rules(SAMPLE_CONTENT)
        assert not problems, problems
        self.day = dt.date(2025, 3, 14)

    def check(self, case: tuple[str, str]) -> None:
        """Screening never fails; what is saved reads back as clean() made it; staff can decide."""
        text, watched = case
        rules = Rules(
            (*self.rules.watched, *(WatchedWord(watched, action) for action in Action)),
            (*self.rules.crisis, watched),
        )
        # The box holds at most the limit; LeaveMessageScreen.draft is what the preview shows.
        draft = one_line(text[:MESSAGE_LIMIT])
        found = screen(draft, rules, "GB")
        for start, end, _kind in found.hidden:
            assert 0 <= start < end <= len(draft)
        assert isinstance(found.preview(draft), str)
        assert isinstance(found.preview(draft, lambda kind: f"[{kind}]"), str)
        # The screen's path first, then raw text straight into the store (it cleans too).
        for words in (draft, text):
            expected = clean(words).strip()
            if words is draft:
                assert expected == draft, "what is saved differs from what the preview showed"
            saved = self._add(words, found.reasons, found.urgent, found.held)
            if saved is None:
                assert not expected, "a message with words in it was not saved"
                continue
            assert saved.text == expected
            back = self.store.get(saved.id)
            assert back == saved
            assert back.reasons == tuple(found.reasons)
            self._moderate(saved.id, text)

    def _add(self, words: str, reasons: list[Reason], urgent: bool, held: bool) -> Any:
        try:
            return self.store.add(words, self.day, reasons=reasons, urgent=urgent, held=held)
        except StoreError:
            return None  # the documented "not saved" outcome

    def _moderate(self, message_id: int, edit: str) -> None:
        """Staff edit the words (to hostile ones) and approve, or reject."""
        expected = clean(edit).strip()
        try:
            approved = moderation.approve(
                self.store,
                message_id,
                self.day,
                read_in_full=True,
                urgent_confirmed=True,  # staff said yes twice, as the rules ask for urgent ones
                text=edit,
            )
        except StoreError:
            assert not expected, "staff's edited words were not saved"
            moderation.reject(self.store, message_id, self.day)
            assert self.store.get(message_id).status is Status.REJECTED
            return
        assert approved.text == expected
        assert approved.status is Status.APPROVED


# --- content: mutated content files through the loader --------------------------------------

STORY_FILES = ("story.toml", "transcript", "story.ogg")
"""Each story folder's files ("transcript" stands for transcript.txt or transcript.vtt)."""
TOP_FILES = ("kiosk.toml", "groups.csv", "watched-words.csv", "crisis-words.txt")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)
_INVALID_UTF8 = (b"\xff", b"\xfe", b"\xc3", b"\xc3(", b"\xed\xa0\x80", b"\xe2\x82", b"\xc0\xaf")
_HUGE = (2_000, 140_000, 257_000, 1_000_001)
"""Around the loader's limits: csv's cell limit, story.toml's and a transcript's sizes."""
_NESTS = (
    lambda n: b"a = " + b"[" * n + b"]" * n + b"\n",
    lambda n: b"a = " + b"{b = " * n + b"1" + b"}" * n + b"\n",
    lambda n: b"[" * n + b"\n",
    lambda n: b'"' * n,
    lambda n: b"WEBVTT\n\n" + b"00:00:00.000 --> 00:00:01.000\n" * n,
)


_HUGE_FIELDS = (
    b"x@" + b"a." * 60_000 + b"a b",
    b"https://" + b"a." * 50_000 + b" ",
    b"a-" * 50_000 + b".co",
    b"1" * 100_000,
    b"<" * 100_000,
    b",x@" + b"a." * 20_000 + b"a b,",
)
"""Cells and values that made a backtracking pattern take minutes (issue 30.3)."""
LINKS = ("self", "nothing", "outside", "zero")
"""Where a file made a link points: itself, nowhere, a copy outside the folder, /dev/zero."""
LOAD_BOUND = 60.0
"""Seconds a load of the mutated folder may take: far more than any takes, far less than a
pattern that backtracks takes (issue 30.3: 35 s of CPU for one cell)."""


@dataclass(frozen=True)
class Mutation:
    """One change to one file: `op` with its `args`, at `where` (0 to 1 through the file)."""

    file: str
    op: str
    where: float = 0.0
    args: tuple[Any, ...] = ()

    def apply(self, data: bytes) -> bytes | None:
        """The file's new bytes; None removes it."""
        at = int(self.where * len(data))
        if self.op == "flip":
            out = bytearray(data)
            for place, xor in self.args:
                if out:
                    out[int(place * len(out)) % len(out)] ^= xor
            return bytes(out)
        if self.op == "truncate":
            return data[:at]
        if self.op == "insert":
            return data[:at] + self.args[0] + data[at:]
        if self.op == "bom":
            (bom,) = self.args
            if bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
                return bom + data.decode("utf-8", "replace").encode(codec, "surrogatepass")
            return bom + data
        if self.op == "line_ends":
            return data.replace(b"\n", self.args[0])
        if self.op == "huge":
            return data[:at] + b"x" * self.args[0] + data[at:]
        if self.op == "nest":
            make, depth = self.args
            return data[:at] + _NESTS[make](depth) + data[at:]
        if self.op == "garbage":
            return self.args[0]
        if self.op == "empty":
            return b""
        if self.op == "remove":
            return None
        raise ValueError(self.op)


def _ops(file: str) -> st.SearchStrategy[Mutation]:
    where = st.floats(0, 1)
    flips = st.lists(st.tuples(where, st.integers(1, 255)), min_size=1, max_size=8)
    return st.one_of(
        st.builds(Mutation, st.just(file), st.just("flip"), st.just(0.0), flips.map(tuple)),
        st.builds(Mutation, st.just(file), st.just("truncate"), where),
        st.builds(
            Mutation,
            st.just(file),
            st.just("insert"),
            where,
            st.one_of(st.binary(min_size=1, max_size=64), st.sampled_from(_INVALID_UTF8)).map(
                lambda b: (b,)
            ),
        ),
        st.builds(
            Mutation,
            st.just(file),
            st.just("bom"),
            st.just(0.0),
            st.sampled_from(_BOMS).map(lambda b: (b,)),
        ),
        st.builds(
            Mutation,
            st.just(file),
            st.just("line_ends"),
            st.just(0.0),
            st.sampled_from([b"\r\n", b"\r", b"\n\n", b"\r\r\n"]).map(lambda b: (b,)),
        ),
        st.builds(
            Mutation,
            st.just(file),
            st.just("huge"),
            where,
            st.sampled_from(_HUGE).map(lambda n: (n,)),
        ),
        st.builds(
            Mutation,
            st.just(file),
            st.just("nest"),
            where,
            st.tuples(st.integers(0, len(_NESTS) - 1), st.sampled_from([1, 50, 1000, 30_000])),
        ),
        st.builds(
            Mutation,
            st.just(file),
            st.just("garbage"),
            st.just(0.0),
            st.binary(max_size=512).map(lambda b: (b,)),
        ),
        st.builds(
            Mutation,
            st.just(file),
            st.just("insert"),
            where,
            st.sampled_from(_HUGE_FIELDS).map(lambda b: (b,)),
        ),
        st.builds(
            Mutation,
            st.just(file),
            st.just("link"),
            st.just(0.0),
            st.sampled_from(LINKS).map(lambda kind: (kind,)),
        ),
        # "folder": a folder where the file should be; "fifo": a named pipe (issue 30.4).
        st.builds(Mutation, st.just(file), st.sampled_from(["empty", "remove", "folder", "fifo"])),
    )


def _story_folders() -> list[str]:
    return sorted(p.name for p in (SAMPLE_CONTENT / "stories").iterdir() if p.is_dir())


def content_mutations() -> st.SearchStrategy[list[Mutation]]:
    """One to three mutations, each to one file of the sample content."""
    files = [
        *TOP_FILES,
        *(f"stories/{slug}/{name}" for slug in _story_folders() for name in STORY_FILES),
    ]
    return st.lists(st.sampled_from(files).flatmap(_ops), min_size=1, max_size=3)


def _story_of(path: Path, root: Path) -> str | None:
    parts = path.relative_to(root).parts if path.is_relative_to(root) else ()
    return parts[1] if len(parts) > 1 and parts[0] == "stories" else None


class ContentTarget:
    """A copy of the sample content in `folder`, mutated for each case and put back after."""

    def __init__(self, folder: Path) -> None:
        self.root = folder.resolve()
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.copytree(SAMPLE_CONTENT, self.root, ignore=shutil.ignore_patterns("README.md"))
        self.baseline = load_content(self.root)
        assert not self.baseline.problems, self.baseline.problems
        self.transcripts = {
            f"stories/{p.parent.name}/transcript": p
            for p in self.root.glob("stories/*/transcript.*")
        }
        self.files = {
            str(p.relative_to(self.root)): p.read_bytes()
            for p in self.root.rglob("*")
            if p.is_file()
        }

    def _path(self, file: str) -> Path:
        if file.endswith("/transcript"):
            return self.transcripts[file]
        return self.root / file

    def check(self, mutations: list[Mutation]) -> None:
        """Load the mutated folder: every problem is that file's, and the rest still loads."""
        touched: list[Path] = []
        try:
            for mutation in mutations:
                path = self._path(mutation.file)
                data = path.read_bytes() if path.is_file() else b""  # gone in this case
                if path.is_dir():
                    shutil.rmtree(path)
                path.unlink(missing_ok=True)
                touched.append(path)
                if mutation.op == "folder":
                    path.mkdir()
                elif mutation.op == "fifo":
                    os.mkfifo(path)
                elif mutation.op == "link":
                    path.symlink_to(self._link_target(path, mutation.args[0], data))
                elif (new := mutation.apply(data)) is not None:
                    path.write_bytes(new)
            started = time.perf_counter()
            loaded = load_content(self.root)
            took = time.perf_counter() - started
            assert took < LOAD_BOUND, f"loading took {took:.0f} s"
            _check_loaded(self.root, self.baseline, loaded, touched, mutations)
        finally:
            for path in touched:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                path.unlink(missing_ok=True)  # never written through: a link, a pipe
                path.write_bytes(self.files[str(path.relative_to(self.root))])

    def _link_target(self, path: Path, kind: str, data: bytes) -> Path:
        if kind == "self":
            return Path(path.name)
        if kind == "nothing":
            return Path(f"{path.name}.missing")
        if kind == "zero":
            return Path("/dev/zero")
        outside = self.root.parent / f"outside-{path.name}"
        outside.write_bytes(data)
        return outside


def _check_loaded(
    root: Path,
    baseline: Content,
    loaded: Content,
    touched: list[Path],
    mutations: list[Mutation],
) -> None:
    touched_stories = {slug for path in touched if (slug := _story_of(path, root))}
    touched_top = {path.name for path in touched if _story_of(path, root) is None}

    def ours(problem: Problem) -> bool:
        """The problem is about a file that was mutated (or follows from one)."""
        story = problem.item if problem.item in touched_stories else _story_of(problem.path, root)
        if story is not None:
            # A mutated title can match another story's: the later folder is called a copy.
            return story in touched_stories or "same title and teller" in problem.message
        name = problem.path.name
        # kiosk.toml's country reads groups.csv's phone numbers.
        return name in touched_top or (name == "groups.csv" and "kiosk.toml" in touched_top)

    strays = [p.format(root) for p in loaded.problems if not ours(p)]
    assert not strays, f"problems about files nobody touched: {strays}"

    slugs = {story.slug: story for story in loaded.stories}
    for story in baseline.stories:
        if story.slug in touched_stories:
            if story.slug not in slugs:
                assert any(
                    p.item == story.slug or _story_of(p.path, root) == story.slug
                    for p in loaded.problems
                ), f"story {story.slug} was left out with no problem said"
        elif not any("same title and teller" in p.message for p in loaded.problems):
            assert slugs.get(story.slug) == story, f"untouched story {story.slug} did not load"

    if "groups.csv" not in touched_top and "kiosk.toml" not in touched_top:
        assert loaded.groups == baseline.groups, "groups changed with groups.csv untouched"
    elif len(loaded.groups) < len(baseline.groups) and "groups.csv" in touched_top:
        cut = any(m.op == "truncate" and m.file == "groups.csv" for m in mutations)
        said = any(p.path.name in ("groups.csv", "kiosk.toml") for p in loaded.problems)
        assert said or cut, "groups were lost with no problem said"
    if "kiosk.toml" not in touched_top:
        assert loaded.config == baseline.config, "settings changed with kiosk.toml untouched"
    if not touched_top & {"watched-words.csv", "crisis-words.txt"}:
        assert loaded.rules == baseline.rules, "screening lists changed, untouched"


# --- recording: hostile files named as a phone's, through the check and the player ----------

RECORDING_ENDINGS = (".m4a", ".opus", ".webm", ".mp4", ".amr", ".wma", ".ogg", ".mp3", ".wav")


@dataclass(frozen=True)
class RecordingCase:
    """Random bytes (`noise`), or a real recording of that ending cut at `cut` with `scribbles`."""

    ending: str
    noise: bytes | None
    cut: float = 1.0
    scribbles: tuple[tuple[float, int], ...] = ()
    """(where, as a share of the file; the byte written there)."""


@st.composite
def hostile_recordings(draw: st.DrawFn) -> RecordingCase:
    ending = draw(st.sampled_from(RECORDING_ENDINGS))
    if draw(st.booleans()):
        return RecordingCase(ending, draw(st.binary(max_size=4096)))
    share = st.floats(0, 1, exclude_max=True)
    return RecordingCase(
        ending,
        None,
        draw(st.floats(0, 1)),
        tuple(draw(st.lists(st.tuples(share, st.integers(0, 255)), max_size=30))),
    )


class RecordingTarget:
    """Each case either reads as sound (a length, finite samples) or is a RecordingProblem."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        scratch.mkdir(parents=True, exist_ok=True)
        self._real: dict[str, bytes] = {}

    def _real_recording(self, ending: str) -> bytes:
        if ending not in self._real:
            import soundfile

            from tests.support.recordings import KINDS, syllables, write_phone_recording

            path = self.scratch / f"real{ending}"
            sound = syllables(1.0) * 0.5
            if ending in KINDS:
                write_phone_recording(path, sound)
            else:
                soundfile.write(path, sound, 48000)
            self._real[ending] = path.read_bytes()
        return self._real[ending]

    def check(self, case: RecordingCase) -> None:
        if case.noise is not None:
            data = bytearray(case.noise)
        else:
            real = self._real_recording(case.ending)
            data = bytearray(real[: int(len(real) * case.cut)])
            for where, value in case.scribbles:
                if data:
                    data[int(where * len(data))] = value
        path = self.scratch / f"case{case.ending}"
        path.write_bytes(bytes(data))
        try:
            seconds = recordings.length(path)
        except recordings.RecordingProblem as problem:
            assert str(problem).strip(), "a problem with no words"
            return
        assert seconds > 0 and np.isfinite(seconds), seconds
        try:
            samples = recordings.decode(path, 22050)
        except recordings.RecordingProblem as problem:
            assert str(problem).strip(), "a problem with no words"
            return
        assert len(samples) and np.isfinite(samples).all(), "sound that is not numbers"


@dataclass(frozen=True)
class Target:
    """One thing fuzzed: what to generate, and a check made fresh in a scratch folder."""

    name: str
    cases: Callable[[], st.SearchStrategy[Any]]
    check: Callable[[Path], Callable[[Any], None]]
    long_run: int = 10_000
    """Cases in the long run (`make fuzz`) unless it is told otherwise."""


# --- srt: a captioning tool's transcript, more or less ------------------------------------

_SRT_LINES = st.sampled_from(
    [
        "1",
        "2",
        "007",
        "\u0663",
        "\u00b2",
        "00:00:01,000 --> 00:00:02,500",
        "00:00:00,500 --> 00:00:00,400",
        "0:0:3.5 --> 0:0:1,0",
        "99:99:99,999 --> 999:59:59,999",
        "00:00:01,000 --> 00:00:02,000 X1:10 X2:20",
        "00:00:01,000 -> 00:00:02,000",
        "00:00:01,000 \u2014 00:00:02,000",
        "00:00:0x,000 --> 00:00:01,000",
        "1" * 40 + ":00:00,000 --> 00:00:01,000",
        "-->",
        " --> ",
        "",
        " ",
        "\ufeff",
        "<i>words</i>",
        "<b>",
        "</font>",
        "NOTE draft",
        "WEBVTT",
        "12:30",
        "9:30 - 10:00",
    ]
)


def _srt_stamp(millis: int) -> str:
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d},{millis % 1000:03d}"


@st.composite
def srt_texts(draw: st.DrawFn) -> str:
    """An .srt file: well made and then damaged here and there, or lines of anything."""
    if draw(st.booleans()):
        lines: list[str] = []
        at = 0
        for number in range(1, draw(st.integers(1, 8)) + 1):
            at += draw(st.integers(-500, 4000))
            length = draw(st.integers(-200, 5000))
            text = draw(st.lists(st.one_of(st.text(max_size=20), _SRT_LINES), max_size=3))
            lines += [
                str(number),
                f"{_srt_stamp(max(at, 0))} --> {_srt_stamp(max(at + length, 0))}",
            ]
            lines += [*text, ""]
        for _ in range(draw(st.integers(0, 3))):
            if lines:
                lines[draw(st.integers(0, len(lines) - 1))] = draw(
                    st.one_of(_SRT_LINES, st.text(max_size=30))
                )
    else:
        lines = draw(st.lists(st.one_of(_SRT_LINES, _SRT_LINES, st.text(max_size=30)), max_size=40))
    return draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)


def check_srt(text: str) -> None:
    """The .srt reader gives timed cues in order, or a Problem in words; it never crashes."""
    try:
        transcript: Transcript = parse_srt(text)
    except FileProblem as problem:
        assert problem.message.strip()
        lines = len(text.splitlines()) + 1
        assert problem.line is None or 1 <= problem.line <= lines, (problem.line, lines)
        return
    assert transcript.cues and transcript.timed
    starts = [cue.start or 0.0 for cue in transcript.cues]
    assert starts == sorted(starts)
    assert all(cue.end is not None and cue.end >= (cue.start or 0.0) for cue in transcript.cues)
    assert all(cue.text.strip() and cue.text == one_line(cue.text) for cue in transcript.cues)


TARGETS = (
    Target("keyboard", keyboard_reads, lambda _scratch: check_keyboard),
    Target("sequences", terminal_sequences, lambda _scratch: check_sequences, 100_000),
    Target("message", hostile_messages, lambda scratch: MessageTarget(scratch / "data").check),
    Target("content", content_mutations, lambda scratch: ContentTarget(scratch / "content").check),
    Target("recording", hostile_recordings, lambda scratch: RecordingTarget(scratch / "rec").check),
    Target("srt", srt_texts, lambda _scratch: check_srt),
)
"""The targets, in the order the long run takes them."""
