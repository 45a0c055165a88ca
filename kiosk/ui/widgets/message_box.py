"""The boxes a visitor types in: a message (Enter finishes, it stops at the limit), and words.

Both join Hangul letters tapped one at a time into syllables (kiosk/core/hangul.py), as a
Korean keyboard does: the on-screen keyboard types a letter a tap.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input, TextArea

from kiosk.core.hangul import is_jamo, join, without_last_letter


class MessageBox(TextArea):
    """A wrapping text box with a hard character limit; Enter means "done", not a new line."""

    class Done(Message):
        """The visitor pressed Enter."""

    class LimitReached(Message):
        """A key was refused because the message is as long as it may be."""

    def __init__(self, limit: int, *, text: str = "", id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self.limit = limit

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "backspace" and self.cursor_location == self.document.end:
            shorter = without_last_letter(self.text)
            if shorter is not None:  # a Hangul syllable: one letter back, not all of it
                event.stop()
                event.prevent_default()
                self.text = shorter
                self.move_cursor(self.document.end)
                return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Done())
            return
        if event.is_printable and len(self.text) >= self.limit:
            event.stop()
            event.prevent_default()
            self.post_message(self.LimitReached())
            return
        await super()._on_key(event)
        if event.character and is_jamo(event.character):
            joined = join(self.text)
            if joined != self.text:
                self.text = joined
                self.move_cursor(self.document.end)

    async def _on_paste(self, event: events.Paste) -> None:
        # Pasted text obeys the limit too; line breaks become spaces (Enter means "done").
        room = max(0, self.limit - len(self.text))
        text = event.text.replace("\r", " ").replace("\n", " ")[:room]
        event.stop()
        event.prevent_default()
        if text:
            self.insert(text)
        if room < len(event.text):
            self.post_message(self.LimitReached())


class WordsBox(Input):
    """A one-line box for a word or two, joining Hangul letters as they are tapped."""

    def action_delete_left(self) -> None:
        """Delete: at the end of a Hangul syllable, one letter of it (as in MessageBox)."""
        shorter = (
            without_last_letter(self.value) if self.cursor_position == len(self.value) else None
        )
        if shorter is None:
            super().action_delete_left()
            return
        self.value = shorter
        self.cursor_position = len(shorter)

    def insert_text_at_cursor(self, text: str) -> None:
        """Type `text` where the cursor is; a Hangul letter joins the syllable before it."""
        super().insert_text_at_cursor(text)
        if any(is_jamo(character) for character in text):
            joined = join(self.value)
            if joined != self.value:
                self.value = joined
                self.cursor_position = len(joined)
