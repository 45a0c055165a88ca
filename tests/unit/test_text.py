from kiosk.core.text import clean, clock_time, duration_words, one_line


def test_clean_removes_terminal_escapes_and_controls() -> None:
    hostile = "hi\x1b[2J\x1b]0;owned\x07there\x9b31m\x00\u202eevil"
    cleaned = clean(hostile)
    assert "\x1b" not in cleaned
    assert "\x07" not in cleaned
    assert "\x9b" not in cleaned
    assert "\x00" not in cleaned
    assert "\u202e" not in cleaned
    # What remains is shown literally, brackets and all.
    assert cleaned == "hi[2J]0;ownedthere31mevil"


def test_clean_keeps_markup_like_text_and_emoji() -> None:
    assert clean("[bold]hi[/bold] 🙂 [link=https://x]") == "[bold]hi[/bold] 🙂 [link=https://x]"


def test_clean_normalises_line_endings() -> None:
    assert clean("a\r\nb\rc") == "a\nb\nc"


def test_one_line_folds_whitespace() -> None:
    assert one_line("  a \n\n b\t c ") == "a b c"


def test_times_for_people() -> None:
    assert duration_words(20) == "under a minute"
    assert duration_words(61) == "1 minute"
    assert duration_words(250) == "4 minutes"
    assert clock_time(65) == "1:05"
    assert clock_time(3725) == "1:02:05"


def test_clean_drops_lone_surrogates_so_text_can_always_be_stored() -> None:
    """Issue 11.2: a pasted "\\ud800" crashed the save; a str holds a surrogate only alone."""
    assert clean("a\ud800b\udfffc 😀") == "abc 😀"
    clean("\ud800 you are not alone").encode("utf-8")  # would raise UnicodeEncodeError


def test_cleaning_twice_changes_nothing() -> None:
    """Issue 11 fuzzing: a NUL between a letter and its accent left them uncomposed."""
    for text in ("e\x00\u0301", "a\x1b\u0308b", "\u1100\x7f\u1161", "e\u202e\u0301"):
        once = clean(text)
        assert clean(once) == once
        assert one_line(one_line(text)) == one_line(text)
    assert clean("e\x00\u0301") == "\u00e9"
